"""A fake NVML at the ``pynvml`` function boundary.

:class:`FakeNvml` implements the ``pynvml`` functions aibom calls, returning
pynvml's own ctypes structures (``c_nvmlMemory_t``, ``nvmlPciInfo_t``) and
raising pynvml's own ``NVMLError`` subclasses (built from the real error codes).
:meth:`FakeNvml.install` puts its functions on the *real* ``pynvml`` module with
``monkeypatch.setattr`` (which fails if pynvml lacks a name: API drift shows up
as a test error) and makes any other NVML call fail loudly;
:meth:`FakeNvml.module` gives an injectable object exposing the same functions
and pynvml's error classes instead.

Any field of a :class:`FakeGpu` or :class:`FakeMig` may be a :class:`Fail` to make
its getter raise that NVML error.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any

import pynvml  # type: ignore[import-untyped]
import pytest

NOT_SUPPORTED = pynvml.NVML_ERROR_NOT_SUPPORTED
NOT_FOUND = pynvml.NVML_ERROR_NOT_FOUND
GIB = 1 << 30


@dataclasses.dataclass(frozen=True)
class Fail:
    """A getter result that raises ``pynvml.NVMLError(code)`` (the real subclass for the code)."""

    code: int = NOT_SUPPORTED


@dataclasses.dataclass
class FakeMig:
    """A MIG instance."""

    name: Any = "NVIDIA A100-SXM4-40GB MIG 1g.5gb"
    uuid: Any = "MIG-4a6f1c8e-0c51-5b8e-9d6e-0d3f6a3c2b11"
    memory_total: Any = 4864 * (1 << 20)


@dataclasses.dataclass
class FakeGpu:
    """One GPU; defaults are an H100 SXM with every field supported, MIG off, no NVLink."""

    name: Any = "NVIDIA H100 80GB HBM3"
    uuid: Any = "GPU-6b2c7e37-4b58-2f6e-8f51-2bd0c4c2f0a1"
    memory_total: Any = 85520809984
    bus_id: Any = b"00000000:1B:00.0"
    compute_capability: Any = (9, 0)
    architecture: Any = pynvml.NVML_DEVICE_ARCH_HOPPER
    mig_mode: Any = (0, 0)
    max_mig_devices: Any = 7
    mig_devices: list[FakeMig | None] = dataclasses.field(default_factory=list)
    vbios: Any = "96.00.99.00.01"
    board_part_number: Any = "692-2G520-0200-000"
    minor: Any = 0
    nvlinks: Any = 0  # active NVLinks (the first ones of 18); a Fail for a GPU without NVLink
    handle_error: Fail | None = None


@dataclasses.dataclass(frozen=True)
class _Handle:
    gpu: FakeGpu | None = None
    mig: FakeMig | None = None


def _value(value: Any) -> Any:
    if isinstance(value, Fail):
        raise pynvml.NVMLError(value.code)
    return value


class FakeNvml:
    """The NVML of a machine with ``gpus``; ``init_error`` makes ``nvmlInit`` raise that NVML error code."""

    FUNCTIONS = (
        "nvmlInit",
        "nvmlShutdown",
        "nvmlSystemGetDriverVersion",
        "nvmlSystemGetCudaDriverVersion",
        "nvmlSystemGetCudaDriverVersion_v2",
        "nvmlDeviceGetCount",
        "nvmlDeviceGetHandleByIndex",
        "nvmlDeviceGetName",
        "nvmlDeviceGetUUID",
        "nvmlDeviceGetMemoryInfo",
        "nvmlDeviceGetCudaComputeCapability",
        "nvmlDeviceGetArchitecture",
        "nvmlDeviceGetMigMode",
        "nvmlDeviceGetMaxMigDeviceCount",
        "nvmlDeviceGetMigDeviceHandleByIndex",
        "nvmlDeviceGetPciInfo",
        "nvmlDeviceGetVbiosVersion",
        "nvmlDeviceGetBoardPartNumber",
        "nvmlDeviceGetMinorNumber",
        "nvmlDeviceGetNvLinkState",
    )

    def __init__(
        self,
        gpus: list[FakeGpu] | None = None,
        *,
        driver: Any = "550.54.15",
        cuda_v2: Any = 12040,
        cuda: Any = 12040,
        count: Any = None,
        init_error: int | None = None,
    ) -> None:
        self.gpus = list(gpus or [])
        self.driver = driver
        self.cuda_v2 = cuda_v2
        self.cuda = cuda
        self.count = count
        self.init_error = init_error
        self.calls: list[str] = []
        self.initialized = 0

    # -- installing ---------------------------------------------------------------------------

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Replace the real ``pynvml`` module's functions with this fake's; any other NVML call fails the test."""
        for name in self.FUNCTIONS:
            monkeypatch.setattr(pynvml, name, getattr(self, name))

        def unfaked(name: str) -> None:
            raise AssertionError(f"aibom called an NVML function the fake does not provide: {name}")

        monkeypatch.setattr(pynvml, "_nvmlGetFunctionPointer", unfaked)

    def module(self) -> types.SimpleNamespace:
        """An object exposing this fake's functions and pynvml's error classes and constants (no monkeypatching)."""
        namespace = types.SimpleNamespace(**{name: getattr(self, name) for name in self.FUNCTIONS})
        for name in dir(pynvml):
            if name.startswith(("NVMLError", "NVML_")):
                setattr(namespace, name, getattr(pynvml, name))
        return namespace

    def _record(self, name: str) -> None:
        self.calls.append(name)
        if name not in ("nvmlInit", "nvmlShutdown") and self.initialized <= 0:
            raise pynvml.NVMLError(pynvml.NVML_ERROR_UNINITIALIZED)

    # -- system -------------------------------------------------------------------------------

    def nvmlInit(self) -> None:
        self._record("nvmlInit")
        if self.init_error is not None:
            raise pynvml.NVMLError(self.init_error)
        self.initialized += 1

    def nvmlShutdown(self) -> None:
        self._record("nvmlShutdown")
        if self.initialized <= 0:
            raise pynvml.NVMLError(pynvml.NVML_ERROR_UNINITIALIZED)
        self.initialized -= 1

    def nvmlSystemGetDriverVersion(self) -> str:
        self._record("nvmlSystemGetDriverVersion")
        return str(_value(self.driver))

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        self._record("nvmlSystemGetCudaDriverVersion")
        return int(_value(self.cuda))

    def nvmlSystemGetCudaDriverVersion_v2(self) -> int:
        self._record("nvmlSystemGetCudaDriverVersion_v2")
        return int(_value(self.cuda_v2))

    def nvmlDeviceGetCount(self) -> int:
        self._record("nvmlDeviceGetCount")
        return int(_value(self.count if self.count is not None else len(self.gpus)))

    def nvmlDeviceGetHandleByIndex(self, index: int) -> _Handle:
        self._record("nvmlDeviceGetHandleByIndex")
        if not 0 <= index < len(self.gpus):
            raise pynvml.NVMLError(pynvml.NVML_ERROR_INVALID_ARGUMENT)
        gpu = self.gpus[index]
        if gpu.handle_error is not None:
            _value(gpu.handle_error)
        return _Handle(gpu=gpu)

    # -- per device ---------------------------------------------------------------------------

    def _get(self, name: str, handle: _Handle, gpu_field: str, mig_field: str | None = None) -> Any:
        self._record(name)
        if handle.mig is not None:
            if mig_field is None:
                raise pynvml.NVMLError(pynvml.NVML_ERROR_NOT_SUPPORTED)
            return _value(getattr(handle.mig, mig_field))
        return _value(getattr(handle.gpu, gpu_field))

    def nvmlDeviceGetName(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetName", handle, "name", "name")

    def nvmlDeviceGetUUID(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetUUID", handle, "uuid", "uuid")

    def nvmlDeviceGetMemoryInfo(self, handle: _Handle, version: int | None = None) -> Any:
        total = self._get("nvmlDeviceGetMemoryInfo", handle, "memory_total", "memory_total")
        return pynvml.c_nvmlMemory_t(total=total, free=total, used=0)

    def nvmlDeviceGetCudaComputeCapability(self, handle: _Handle) -> Any:
        return tuple(self._get("nvmlDeviceGetCudaComputeCapability", handle, "compute_capability"))

    def nvmlDeviceGetArchitecture(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetArchitecture", handle, "architecture")

    def nvmlDeviceGetMigMode(self, handle: _Handle) -> Any:
        return list(self._get("nvmlDeviceGetMigMode", handle, "mig_mode"))

    def nvmlDeviceGetMaxMigDeviceCount(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetMaxMigDeviceCount", handle, "max_mig_devices")

    def nvmlDeviceGetMigDeviceHandleByIndex(self, handle: _Handle, index: int) -> _Handle:
        self._record("nvmlDeviceGetMigDeviceHandleByIndex")
        assert handle.gpu is not None
        devices = handle.gpu.mig_devices
        if not 0 <= index < len(devices) or devices[index] is None:
            raise pynvml.NVMLError(NOT_FOUND)
        return _Handle(mig=devices[index])

    def nvmlDeviceGetPciInfo(self, handle: _Handle) -> Any:
        info = pynvml.nvmlPciInfo_t()
        info.busId = self._get("nvmlDeviceGetPciInfo", handle, "bus_id")
        return info

    def nvmlDeviceGetVbiosVersion(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetVbiosVersion", handle, "vbios")

    def nvmlDeviceGetBoardPartNumber(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetBoardPartNumber", handle, "board_part_number")

    def nvmlDeviceGetMinorNumber(self, handle: _Handle) -> Any:
        return self._get("nvmlDeviceGetMinorNumber", handle, "minor")

    def nvmlDeviceGetNvLinkState(self, handle: _Handle, link: int) -> int:
        active = self._get("nvmlDeviceGetNvLinkState", handle, "nvlinks")
        if link >= 18:
            raise pynvml.NVMLError(pynvml.NVML_ERROR_INVALID_ARGUMENT)
        return int(pynvml.NVML_FEATURE_ENABLED if link < active else pynvml.NVML_FEATURE_DISABLED)


def every_field_unsupported() -> FakeGpu:
    """A GPU on which every per-device getter raises ``NVMLError_NotSupported``."""
    fail = Fail(NOT_SUPPORTED)
    failing: dict[str, Any] = {
        field.name: fail for field in dataclasses.fields(FakeGpu) if field.name not in _NOT_GETTERS
    }
    return FakeGpu(**failing)


_NOT_GETTERS = ("mig_devices", "handle_error")
