"""Hardware detection: the machine's accelerators and CPU as :class:`~aibom.concepts.hardware.Hardware` concepts.

:func:`detect` reads NVIDIA GPUs through NVML (:mod:`aibom.hardware.nvml`), TPUs,
FPGAs, AMD GPUs, Intel Gaudi and other accelerators from Linux sysfs
(:mod:`aibom.hardware.sysfs`), and the CPU from ``/proc/cpuinfo``
(:mod:`aibom.hardware.cpu`).  It never raises for a missing library, driver,
permission or path: what cannot be read is simply not reported.  Each result's
``to_cyclonedx()`` is its CycloneDX ``device`` component.

Detection gives one entry per physical device (``count == 1``, with its UUID or PCI
bus id; a GPU's MIG instances are its ``partitions``) and one CPU entry whose
``count`` is the number of sockets; ``group=True`` merges identical devices into one
entry with a count (:func:`group_devices`).

>>> import tempfile, pynvml
>>> class NoDriver:           # an NVML binding whose nvmlInit finds no driver
...     NVMLError = pynvml.NVMLError
...     def nvmlInit(self):
...         raise pynvml.NVMLError(pynvml.NVML_ERROR_DRIVER_NOT_LOADED)
>>> with tempfile.TemporaryDirectory() as empty:     # no sysfs, no /proc, no driver: nothing, and no error
...     detect(sysfs_root=empty, dev_root=empty, proc_root=empty, nvml=NoDriver())
()
"""

from __future__ import annotations

import os
from typing import Any

from aibom.concepts.hardware import Hardware, HardwareClass
from aibom.hardware.cpu import detect_cpu
from aibom.hardware.device import group_devices, unique_refs
from aibom.hardware.nvml import detect_nvidia
from aibom.hardware.sysfs import detect_pci

__all__ = [
    "Hardware",
    "HardwareClass",
    "detect",
    "detect_cpu",
    "detect_nvidia",
    "detect_pci",
    "group_devices",
]

PathLike = str | os.PathLike[str]


def detect(
    *,
    sysfs_root: PathLike = "/sys",
    dev_root: PathLike = "/dev",
    proc_root: PathLike = "/proc",
    nvml: Any = None,
    group: bool = False,
) -> tuple[Hardware, ...]:
    """Detect this machine's accelerators and CPU: NVIDIA GPUs, then PCI accelerators by address, then the CPU.

    :param sysfs_root: where sysfs is mounted (a fake tree in tests).
    :param dev_root: where the device nodes are.
    :param proc_root: where procfs is mounted (``cpuinfo`` is read from it).
    :param nvml: the ``pynvml`` module or an object with the same functions and error
        classes; by default ``pynvml`` is imported (and its absence means no NVIDIA GPUs).
    :param group: merge identical devices into one entry with a count, dropping
        their UUIDs, bus ids, NUMA and device nodes (:func:`group_devices`).
    """
    nvidia = detect_nvidia(nvml=nvml, sysfs_root=sysfs_root, dev_root=dev_root)
    others = detect_pci(sysfs_root=sysfs_root, dev_root=dev_root)
    cpu = detect_cpu(proc_root=proc_root)
    devices = nvidia + others + ((cpu,) if cpu is not None else ())
    return group_devices(devices) if group else unique_refs(devices)
