"""Test doubles at real boundaries: a fake NVML behind the real ``pynvml`` functions, fake sysfs/procfs trees."""
