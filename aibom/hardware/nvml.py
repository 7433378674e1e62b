"""NVIDIA GPUs through NVML (``pynvml``, from the ``nvidia-ml-py`` distribution).

Calls, per GPU: ``nvmlDeviceGetName``, ``GetUUID``, ``GetMemoryInfo`` (``.total``),
``GetCudaComputeCapability``, ``GetArchitecture``, ``GetMigMode`` (and, in MIG mode,
``GetMaxMigDeviceCount`` and ``GetMigDeviceHandleByIndex`` for its instances),
``GetPciInfo`` (``.busId``), ``GetVbiosVersion``, ``GetBoardPartNumber``,
``GetMinorNumber`` (for ``/dev/nvidia<N>``) and ``GetNvLinkState`` (for the
``nvlink`` interconnect); once: ``nvmlSystemGetDriverVersion`` and
``nvmlSystemGetCudaDriverVersion_v2`` (else ``nvmlSystemGetCudaDriverVersion``),
between ``nvmlInit`` and ``nvmlShutdown``.

Every per-field call is guarded: a field the device does not support
(``NVMLError_NotSupported``), or that fails with any other ``NVMLError``, is
left out.  No ``pynvml`` module, no ``libnvidia-ml`` (``NVMLError_LibraryNotFound``),
no driver (``NVMLError_DriverNotLoaded``) or no permission
(``NVMLError_NoPermission``) at ``nvmlInit`` means no NVIDIA devices and no
exception.

>>> import pynvml
>>> class NoLibrary:          # any object with pynvml's functions and error classes will do
...     NVMLError = pynvml.NVMLError
...     def nvmlInit(self):
...         raise pynvml.NVMLError(pynvml.NVML_ERROR_LIBRARY_NOT_FOUND)
>>> detect_nvidia(nvml=NoLibrary())
()
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aibom.concepts.hardware import Hardware, HardwareClass
from aibom.errors import InvalidArgument
from aibom.hardware._files import read_int
from aibom.hardware.device import new_device
from aibom.hardware.sysfs import normalize_bus_id

__all__ = ["cuda_version_string", "detect_nvidia"]


def __dir__() -> list[str]:
    return __all__


_MIG_PROFILE = re.compile(r"\bMIG\s+(\S+)\s*$")
_MIG_ENABLE = 1  # NVML_DEVICE_MIG_ENABLE
_FEATURE_ENABLED = 1  # NVML_FEATURE_ENABLED
_NVLINK_MAX_LINKS = 18  # NVML_NVLINK_MAX_LINKS of older bindings; newer ones export a larger value


def cuda_version_string(version: int) -> str:
    """NVML's integer CUDA driver version as ``major.minor``.

    >>> cuda_version_string(12040)
    '12.4'
    >>> cuda_version_string(11080)
    '11.8'
    """
    return f"{version // 1000}.{(version % 1000) // 10}"


def detect_nvidia(
    *,
    nvml: Any = None,
    sysfs_root: str | os.PathLike[str] = "/sys",
    dev_root: str | os.PathLike[str] = "/dev",
) -> tuple[Hardware, ...]:
    """The NVIDIA GPUs NVML reports, one per GPU in NVML index order (MIG instances as partitions).

    :param nvml: the ``pynvml`` module or an object exposing the same functions and
        ``NVMLError`` class hierarchy; by default ``import pynvml``.
    :param sysfs_root: where to read each GPU's ``numa_node`` (by its PCI bus id).
    :param dev_root: where to look for each GPU's ``nvidia<minor>`` device node.
    """
    if nvml is None:
        try:
            nvml = importlib.import_module("pynvml")
        except ImportError:
            return ()
    nvml_error: type[BaseException] = getattr(nvml, "NVMLError", Exception)
    try:
        nvml.nvmlInit()
    except (nvml_error, OSError):
        return ()
    try:
        return _Session(nvml, Path(sysfs_root), Path(dev_root)).devices()
    finally:
        try:
            nvml.nvmlShutdown()
        except (nvml_error, OSError):
            pass


class _Session:
    """One ``nvmlInit`` ... ``nvmlShutdown`` pass over the GPUs."""

    def __init__(self, nvml: Any, sysfs_root: Path, dev_root: Path) -> None:
        self.nvml = nvml
        errors: list[type[BaseException]] = [getattr(nvml, "NVMLError", Exception), UnicodeDecodeError]
        mismatch = getattr(nvml, "NVMLLibraryMismatchError", None)
        if isinstance(mismatch, type) and issubclass(mismatch, BaseException):
            errors.append(mismatch)
        self.errors = tuple(errors)
        self.sysfs_root = sysfs_root
        self.dev_root = dev_root

    def call(self, name: str, *args: object) -> Any:
        """``nvml.<name>(*args)``, or None when the binding lacks it or NVML reports an error."""
        function: Callable[..., Any] | None = getattr(self.nvml, name, None)
        if function is None:
            return None
        try:
            return function(*args)
        except self.errors:
            return None

    def text(self, name: str, *args: object) -> str | None:
        return _text(self.call(name, *args))

    def devices(self) -> tuple[Hardware, ...]:
        driver = self.text("nvmlSystemGetDriverVersion")
        cuda = self.call("nvmlSystemGetCudaDriverVersion_v2")
        if not isinstance(cuda, int):
            cuda = self.call("nvmlSystemGetCudaDriverVersion")
        cuda_version = cuda_version_string(cuda) if isinstance(cuda, int) and cuda > 0 else None
        count = self.call("nvmlDeviceGetCount")
        devices = []
        for index in range(count if isinstance(count, int) else 0):
            handle = self.call("nvmlDeviceGetHandleByIndex", index)
            if handle is None:
                continue
            try:
                devices.append(self.gpu(handle, driver, cuda_version))
            except InvalidArgument:  # a value the concept refuses: skip the GPU, never raise
                continue
        return tuple(devices)

    def gpu(self, handle: object, driver: str | None, cuda_version: str | None) -> Hardware:
        capability = self.call("nvmlDeviceGetCudaComputeCapability", handle)
        mig = self.call("nvmlDeviceGetMigMode", handle)
        mig_mode = bool(mig[0] == _MIG_ENABLE) if isinstance(mig, (list, tuple)) and mig else None
        bus_id = self.bus_id(handle)
        numa_node = read_int(self.sysfs_root / "bus" / "pci" / "devices" / bus_id / "numa_node") if bus_id else None
        minor = self.call("nvmlDeviceGetMinorNumber", handle)
        node = f"nvidia{minor}" if isinstance(minor, int) and minor >= 0 else None
        return new_device(
            hardware_class=HardwareClass.GPU,
            vendor="NVIDIA",
            model=self.text("nvmlDeviceGetName", handle),
            memory_bytes=self.memory(handle),
            driver_version=driver,
            cuda_driver_version=cuda_version,
            compute_capability=_capability(capability),
            architecture=self.architecture(handle),
            interconnect="nvlink" if self.nvlink_active(handle) else None,
            mig_mode=mig_mode,
            uuid=self.text("nvmlDeviceGetUUID", handle),
            pci_bus_id=bus_id,
            vbios_version=self.text("nvmlDeviceGetVbiosVersion", handle),
            board_part_number=self.text("nvmlDeviceGetBoardPartNumber", handle),
            numa_node=numa_node if numa_node is not None and numa_node >= 0 else None,
            device_nodes=(f"/dev/{node}",) if node and os.path.lexists(self.dev_root / node) else (),
            partitions=self.mig_instances(handle) if mig_mode else (),
        )

    def architecture(self, handle: object) -> str | None:
        """The generation's name from pynvml's own ``NVML_DEVICE_ARCH_<NAME>`` constants (``hopper``)."""
        value = self.call("nvmlDeviceGetArchitecture", handle)
        if not isinstance(value, int):
            return None
        for name in dir(self.nvml):
            known = name.startswith("NVML_DEVICE_ARCH_") and name != "NVML_DEVICE_ARCH_UNKNOWN"
            if known and getattr(self.nvml, name) == value:
                return name.removeprefix("NVML_DEVICE_ARCH_").lower()
        return None

    def memory(self, handle: object) -> int | None:
        total = getattr(self.call("nvmlDeviceGetMemoryInfo", handle), "total", None)
        return total if isinstance(total, int) and total > 0 else None

    def bus_id(self, handle: object) -> str | None:
        raw = getattr(self.call("nvmlDeviceGetPciInfo", handle), "busId", None)
        text = _text(raw)
        return normalize_bus_id(text) if text else None

    def nvlink_active(self, handle: object) -> bool:
        links = getattr(self.nvml, "NVML_NVLINK_MAX_LINKS", _NVLINK_MAX_LINKS)
        enabled = getattr(self.nvml, "NVML_FEATURE_ENABLED", _FEATURE_ENABLED)
        for link in range(links if isinstance(links, int) else _NVLINK_MAX_LINKS):
            state = self.call("nvmlDeviceGetNvLinkState", handle, link)
            if state is None:
                return False  # no NVLink on this GPU, or no more links
            if state == enabled:
                return True
        return False

    def mig_instances(self, handle: object) -> tuple[Hardware, ...]:
        slots = self.call("nvmlDeviceGetMaxMigDeviceCount", handle)
        instances = []
        for slot in range(slots if isinstance(slots, int) else 0):
            mig_handle = self.call("nvmlDeviceGetMigDeviceHandleByIndex", handle, slot)
            if mig_handle is None:
                continue  # NVML_ERROR_NOT_FOUND: an empty slot
            name = self.text("nvmlDeviceGetName", mig_handle)
            match = _MIG_PROFILE.search(name) if name else None
            instances.append(
                new_device(
                    hardware_class=HardwareClass.GPU,
                    vendor="NVIDIA",
                    model=name,
                    memory_bytes=self.memory(mig_handle),
                    mig_profile=match.group(1) if match else None,
                    uuid=self.text("nvmlDeviceGetUUID", mig_handle),
                )
            )
        return tuple(instances)


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(value, str):
        return None
    value = value.strip().strip("\x00").strip()
    return value or None


def _capability(value: object) -> str | None:
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(part, int) for part in value):
        return f"{value[0]}.{value[1]}"
    return None
