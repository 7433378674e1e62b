"""NVIDIA detection through NVML, against a fake NVML behind the real ``pynvml`` functions and error classes."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pynvml  # type: ignore[import-untyped]
import pytest
from fakes.machine import FakeMachine
from fakes.nvml import GIB, NOT_FOUND, NOT_SUPPORTED, Fail, FakeGpu, FakeMig, FakeNvml, every_field_unsupported

import aibom
from aibom.hardware import Hardware, HardwareClass, detect, detect_nvidia, group_devices
from aibom.model import Component

H100 = FakeGpu()


def _h100(index: int) -> FakeGpu:
    return FakeGpu(
        uuid=f"GPU-0000000{index}-4b58-2f6e-8f51-2bd0c4c2f0a1",
        bus_id=f"00000000:{0x18 + 0x10 * index:02X}:00.0".encode(),
        minor=index,
        nvlinks=18,
    )


@pytest.fixture
def machine(tmp_path: Path) -> FakeMachine:
    return FakeMachine(tmp_path)


def test_one_gpu_every_field(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNvml([H100])
    fake.install(monkeypatch)
    [gpu] = detect_nvidia()
    assert gpu == Hardware(
        name="NVIDIA H100 80GB HBM3",
        hardware_class="gpu",
        vendor="NVIDIA",
        model="NVIDIA H100 80GB HBM3",
        memory_bytes=85520809984,
        driver_version="550.54.15",
        cuda_driver_version="12.4",
        compute_capability="9.0",
        architecture="hopper",
        mig_mode=False,
        uuid="GPU-6b2c7e37-4b58-2f6e-8f51-2bd0c4c2f0a1",
        pci_bus_id="0000:1b:00.0",
        vbios_version="96.00.99.00.01",
        board_part_number="692-2G520-0200-000",
    )
    assert gpu.hardware_class is HardwareClass.GPU
    assert gpu.bom_ref == "device:GPU-6b2c7e37-4b58-2f6e-8f51-2bd0c4c2f0a1"
    assert fake.calls[0] == "nvmlInit" and fake.calls[-1] == "nvmlShutdown"
    assert fake.initialized == 0
    assert "nvmlDeviceGetMaxMigDeviceCount" not in fake.calls  # MIG off: its instances are not asked for


def test_several_gpus_in_index_order_with_nvlink(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([_h100(index) for index in range(8)]).install(monkeypatch)
    gpus = detect_nvidia()
    assert [gpu.uuid for gpu in gpus] == [_h100(index).uuid for index in range(8)]
    assert [gpu.pci_bus_id for gpu in gpus][:3] == ["0000:18:00.0", "0000:28:00.0", "0000:38:00.0"]
    assert {gpu.interconnect for gpu in gpus} == {"nvlink"}
    assert len({gpu.bom_ref for gpu in gpus}) == 8
    [group] = group_devices(gpus)
    assert (group.count, group.uuid, group.pci_bus_id, group.model) == (8, None, None, "NVIDIA H100 80GB HBM3")


def test_mig_on_lists_instances_and_skips_empty_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    small = FakeMig()
    large = FakeMig(
        name="NVIDIA A100-SXM4-40GB MIG 3g.20gb",
        uuid="MIG-9d0c6a52-5f0e-5c2e-8a0b-6c1e2f3a4b5c",
        memory_total=19968 << 20,
    )
    a100 = FakeGpu(
        name="NVIDIA A100-SXM4-40GB",
        memory_total=40 * GIB,
        compute_capability=(8, 0),
        mig_mode=(1, 1),
        mig_devices=[small, None, large],
    )
    FakeNvml([a100]).install(monkeypatch)
    [gpu] = detect_nvidia()
    assert gpu.mig_mode is True
    assert [(p.model, p.mig_profile, p.uuid, p.memory_bytes) for p in gpu.partitions] == [
        (small.name, "1g.5gb", small.uuid, small.memory_total),
        (large.name, "3g.20gb", large.uuid, large.memory_total),
    ]
    component = gpu.to_cyclonedx()
    assert [child.bom_ref for child in component.components] == [f"device:{small.uuid}", f"device:{large.uuid}"]
    assert Hardware.from_cyclonedx(component) == gpu


def test_mig_pending_but_not_current_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([FakeGpu(mig_mode=(0, 1), mig_devices=[FakeMig()])]).install(monkeypatch)
    [gpu] = detect_nvidia()
    assert gpu.mig_mode is False and gpu.partitions == ()


def test_mig_not_supported_leaves_mig_mode_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([FakeGpu(name="NVIDIA GeForce RTX 4090", mig_mode=Fail(NOT_SUPPORTED))]).install(monkeypatch)
    [gpu] = detect_nvidia()
    assert gpu.mig_mode is None
    assert "aibom:hardware:mig_mode" not in {p.name for p in gpu.to_cyclonedx().properties}


def test_mig_instance_count_failing_gives_no_partitions(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([FakeGpu(mig_mode=(1, 1), max_mig_devices=Fail(NOT_SUPPORTED), mig_devices=[FakeMig()])]).install(
        monkeypatch
    )
    [gpu] = detect_nvidia()
    assert gpu.mig_mode is True and gpu.partitions == ()


GETTER_FIELDS = {
    "name": "model",
    "uuid": "uuid",
    "memory_total": "memory_bytes",
    "bus_id": "pci_bus_id",
    "compute_capability": "compute_capability",
    "mig_mode": "mig_mode",
    "vbios": "vbios_version",
    "board_part_number": "board_part_number",
    "nvlinks": "interconnect",
    "architecture": "architecture",
}


@pytest.mark.parametrize("field", sorted(GETTER_FIELDS))
@pytest.mark.parametrize(
    "code",
    [NOT_SUPPORTED, pynvml.NVML_ERROR_GPU_IS_LOST, pynvml.NVML_ERROR_UNKNOWN, pynvml.NVML_ERROR_NO_PERMISSION],
    ids=["not-supported", "gpu-is-lost", "unknown", "no-permission"],
)
def test_a_failing_field_is_absent_and_the_rest_stay(monkeypatch: pytest.MonkeyPatch, field: str, code: int) -> None:
    reference = FakeGpu(nvlinks=4)
    FakeNvml([reference]).install(monkeypatch)
    [expected] = detect_nvidia()
    failing: dict[str, Any] = {field: Fail(code)}
    FakeNvml([dataclasses.replace(reference, **failing)]).install(monkeypatch)
    [gpu] = detect_nvidia()
    attribute = GETTER_FIELDS[field]
    assert getattr(gpu, attribute) is None
    restored = gpu.replace(**{attribute: getattr(expected, attribute)}, name=expected.name, bom_ref=None)
    assert restored == expected


def test_every_field_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([every_field_unsupported()], driver=Fail(NOT_SUPPORTED), cuda_v2=Fail(), cuda=Fail()).install(monkeypatch)
    [gpu] = detect_nvidia()
    assert gpu == Hardware(name="NVIDIA gpu", hardware_class="gpu", vendor="NVIDIA")
    assert gpu.bom_ref == "device:NVIDIA-gpu"


def test_cuda_version_falls_back_to_the_unversioned_call(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([H100], cuda_v2=Fail(pynvml.NVML_ERROR_FUNCTION_NOT_FOUND), cuda=11080).install(monkeypatch)
    assert detect_nvidia()[0].cuda_driver_version == "11.8"


def test_bindings_without_the_v2_call(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([H100], cuda=12020).install(monkeypatch)
    monkeypatch.delattr(pynvml, "nvmlSystemGetCudaDriverVersion_v2")
    assert detect_nvidia()[0].cuda_driver_version == "12.2"


def test_bytes_from_old_bindings_are_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeNvml([FakeGpu(name=b"Tesla V100-SXM2-16GB", uuid=b"GPU-abc", vbios=b"\xff\xfe")]).install(monkeypatch)
    [gpu] = detect_nvidia()
    assert (gpu.name, gpu.uuid, gpu.vbios_version) == ("Tesla V100-SXM2-16GB", "GPU-abc", None)


@pytest.mark.parametrize(
    "code",
    [
        pynvml.NVML_ERROR_LIBRARY_NOT_FOUND,
        pynvml.NVML_ERROR_DRIVER_NOT_LOADED,
        pynvml.NVML_ERROR_NO_PERMISSION,
        pynvml.NVML_ERROR_LIB_RM_VERSION_MISMATCH,
    ],
    ids=["library-not-found", "driver-not-loaded", "no-permission", "driver-library-mismatch"],
)
def test_no_library_driver_or_permission_is_no_device_and_no_error(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    fake = FakeNvml([H100], init_error=code)
    fake.install(monkeypatch)
    assert detect_nvidia() == ()
    assert fake.calls == ["nvmlInit"]  # nothing else, not even nvmlShutdown


def test_the_real_error_classes_are_what_the_fake_raises() -> None:
    fake = FakeNvml([H100], init_error=pynvml.NVML_ERROR_LIBRARY_NOT_FOUND)
    with pytest.raises(pynvml.NVMLError_LibraryNotFound):
        fake.nvmlInit()
    fake = FakeNvml([FakeGpu(name=Fail(NOT_SUPPORTED))])
    fake.nvmlInit()
    with pytest.raises(pynvml.NVMLError_NotSupported):
        fake.nvmlDeviceGetName(fake.nvmlDeviceGetHandleByIndex(0))


def test_no_pynvml_module_is_no_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)  # `import pynvml` now raises ImportError
    with pytest.raises(ImportError):
        import pynvml as _  # noqa: F401
    assert detect_nvidia() == ()


def test_count_failing_is_no_device_but_nvml_is_shut_down(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNvml([H100], count=Fail(pynvml.NVML_ERROR_UNKNOWN))
    fake.install(monkeypatch)
    assert detect_nvidia() == ()
    assert fake.calls[-1] == "nvmlShutdown" and fake.initialized == 0


def test_a_lost_gpu_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    lost = dataclasses.replace(_h100(1), handle_error=Fail(pynvml.NVML_ERROR_GPU_IS_LOST))
    FakeNvml([_h100(0), lost, _h100(2)]).install(monkeypatch)
    assert [gpu.uuid for gpu in detect_nvidia()] == [_h100(0).uuid, _h100(2).uuid]


def test_shutdown_failing_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNvml([H100])
    fake.install(monkeypatch)

    def shutdown() -> None:
        raise pynvml.NVMLError(pynvml.NVML_ERROR_UNKNOWN)

    monkeypatch.setattr(pynvml, "nvmlShutdown", shutdown)
    assert len(detect_nvidia()) == 1


def test_an_injected_module_object(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNvml([_h100(0), _h100(1)])
    gpus = detect_nvidia(nvml=fake.module())
    assert [gpu.uuid for gpu in gpus] == [_h100(0).uuid, _h100(1).uuid]
    assert fake.initialized == 0 and fake.calls[-1] == "nvmlShutdown"
    assert detect_nvidia(nvml=FakeNvml(init_error=pynvml.NVML_ERROR_DRIVER_NOT_LOADED).module()) == ()


def test_numa_node_and_device_node_come_from_sysfs_and_dev(machine: FakeMachine) -> None:
    machine.pci("0000:1b:00.0", vendor=0x10DE, device=0x2330, pci_class=0x030200, numa_node=1, driver="nvidia")
    machine.dev_node("nvidia0")
    fake = FakeNvml([H100, _h100(3)])
    gpus = detect_nvidia(nvml=fake.module(), sysfs_root=machine.sys, dev_root=machine.dev)
    assert (gpus[0].numa_node, gpus[0].device_nodes) == (1, ("/dev/nvidia0",))
    assert (gpus[1].numa_node, gpus[1].device_nodes) == (None, ())  # no sysfs entry, no /dev/nvidia3


def test_detect_puts_nvidia_first_and_skips_nvidia_in_sysfs(machine: FakeMachine) -> None:
    machine.pci("0000:1b:00.0", vendor=0x10DE, device=0x2330, pci_class=0x030200)
    machine.pci("0000:3b:00.0", vendor=0x10EE, device=0x5004, pci_class=0x120000)
    devices = detect(nvml=FakeNvml([H100]).module(), **machine.roots)
    assert [(d.hardware_class, d.pci_bus_id) for d in devices] == [("gpu", "0000:1b:00.0"), ("fpga", "0000:3b:00.0")]


def test_detected_gpus_make_a_valid_bom_that_reads_back(monkeypatch: pytest.MonkeyPatch) -> None:
    a100 = FakeGpu(
        name="NVIDIA A100-SXM4-40GB",
        uuid="GPU-a1000000-0000-0000-0000-000000000000",
        bus_id=b"00000000:C1:00.0",
        mig_mode=(1, 1),
        mig_devices=[FakeMig()],
        nvlinks=12,
    )
    FakeNvml([H100, a100, every_field_unsupported()]).install(monkeypatch)
    gpus = detect_nvidia()
    for spec in ("1.6", "1.7"):
        bom = aibom.Bom(spec=spec)
        for gpu in gpus:
            bom.put_component(gpu.to_cyclonedx())
        for output_format in ("json", "xml"):
            text = aibom.dumps(bom, format=output_format)
            report = aibom.validate(text)
            assert report.ok, [finding.message for finding in report.findings]
            again = aibom.load(text)
            assert len(again.document["components"]) == 3
            read = tuple(Hardware.from_cyclonedx(_component(again, gpu.bom_ref or "")) for gpu in gpus)
            assert read == gpus


def _real_nvml_or_skip() -> None:
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError as error:
        pytest.skip(f"no NVIDIA GPU and driver here: pynvml.nvmlInit() raised {type(error).__name__} ({error})")


@pytest.mark.gpu
def test_real_gpus_through_the_real_nvml() -> None:
    _real_nvml_or_skip()
    try:
        count = pynvml.nvmlDeviceGetCount()
        handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        name, uuid = pynvml.nvmlDeviceGetName(handle), pynvml.nvmlDeviceGetUUID(handle)
        memory = pynvml.nvmlDeviceGetMemoryInfo(handle).total
        driver = pynvml.nvmlSystemGetDriverVersion()
    finally:
        pynvml.nvmlShutdown()
    gpus = detect_nvidia()
    assert len(gpus) == count >= 1
    first = gpus[0]
    assert (first.model, first.uuid, first.memory_bytes, first.driver_version) == (name, uuid, memory, driver)
    assert first.uuid is not None and first.uuid.startswith("GPU-")
    assert first.compute_capability is not None and first.pci_bus_id is not None
    report = aibom.validate(_bom_of(gpus))
    assert report.ok, [finding.message for finding in report.findings]


def test_the_real_nvml_here_never_raises() -> None:
    for gpu in detect_nvidia():  # no GPU on CI: (); on a GPU host: well-formed devices
        assert gpu.hardware_class is HardwareClass.GPU and gpu.vendor == "NVIDIA"
        assert Hardware.from_cyclonedx(gpu.to_cyclonedx()) == gpu


def _component(bom: aibom.Bom, bom_ref: str) -> Component:
    component = bom.component(bom_ref)
    assert component is not None
    return component


def _bom_of(devices: tuple[Hardware, ...]) -> aibom.Bom:
    bom = aibom.Bom(spec="1.6")
    for device in devices:
        bom.put_component(device.to_cyclonedx())
    return bom


def test_empty_slot_error_is_the_real_not_found_class() -> None:
    fake = FakeNvml([FakeGpu(mig_mode=(1, 1), mig_devices=[None])])
    fake.nvmlInit()
    handle = fake.nvmlDeviceGetHandleByIndex(0)
    with pytest.raises(pynvml.NVMLError_NotFound):
        fake.nvmlDeviceGetMigDeviceHandleByIndex(handle, 0)
    assert pynvml.NVMLError(NOT_FOUND).__class__ is pynvml.NVMLError_NotFound
