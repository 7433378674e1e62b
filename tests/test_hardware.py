"""``aibom.hardware.detect`` on this machine and on a fake one; grouping, bom-refs, and the CycloneDX form."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes.machine import FakeMachine, alveo_u250_host, gaudi2_host, tpu_v5e_host
from fakes.nvml import Fail, FakeGpu, FakeMig, FakeNvml, every_field_unsupported

import aibom
from aibom.concepts import read_concepts
from aibom.hardware import Hardware, HardwareClass, detect, group_devices
from aibom.hardware.device import new_device, unique_refs, walk
from aibom.model import Component, ComponentType

EPYC = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9654\nphysical id\t: 0\nflags\t: avx2\n"


def _assert_well_formed(device: Hardware) -> None:
    assert isinstance(device.hardware_class, HardwareClass)
    assert device.count >= 1 and device.name and device.bom_ref
    assert device.memory_bytes is None or device.memory_bytes >= 1
    component = device.to_cyclonedx()
    assert component.type == ComponentType.DEVICE
    names = {p.name for p in component.properties}
    assert {"cdx:device:deviceType", "cdx:device:quantity", "aibom:hardware:class"} <= names
    assert all(name.startswith(("aibom:hardware:", "cdx:device:")) for name in names if name)
    assert Hardware.from_cyclonedx(component) == device


def _bom(devices: tuple[Hardware, ...], spec: str = "1.6") -> aibom.Bom:
    bom = aibom.Bom(spec=spec)
    for device in devices:
        bom.put_component(device.to_cyclonedx())
    return bom


def test_detect_on_this_machine_never_raises_and_is_well_formed() -> None:
    devices = detect()
    for device in walk(devices):
        _assert_well_formed(device)
    report = aibom.validate(_bom(devices))
    assert report.ok, [finding.message for finding in report.findings]
    assert detect() == devices  # deterministic
    grouped = detect(group=True)
    assert sum(d.count for d in grouped) == sum(d.count for d in devices)


def _fake_machine(tmp_path: Path) -> tuple[FakeMachine, FakeNvml]:
    machine = FakeMachine(tmp_path)
    tpu_v5e_host(machine, chips=2)
    alveo_u250_host(machine)
    gaudi2_host(machine)
    machine.cpuinfo(EPYC)
    gpus = [FakeGpu(), FakeGpu(uuid="GPU-2", bus_id=b"00000000:2B:00.0", mig_mode=(1, 1), mig_devices=[FakeMig()])]
    return machine, FakeNvml(gpus)


def test_detect_everything_on_a_fake_machine(tmp_path: Path) -> None:
    machine, nvml = _fake_machine(tmp_path)
    devices = detect(nvml=nvml.module(), **machine.roots)
    assert [(str(d.hardware_class), d.pci_bus_id) for d in devices] == [
        ("gpu", "0000:1b:00.0"),
        ("gpu", "0000:2b:00.0"),
        ("tpu", "0000:00:04.0"),
        ("tpu", "0000:00:05.0"),
        ("asic", "0000:19:00.0"),
        ("asic", "0000:1a:00.0"),
        ("fpga", "0000:3b:00.0"),
        ("cpu", None),
    ]
    assert [p.mig_profile for p in devices[1].partitions] == ["1g.5gb"]
    for device in walk(devices):
        _assert_well_formed(device)
    refs = [d.bom_ref for d in walk(devices)]
    assert len(set(refs)) == len(refs) == 9


def test_detect_grouped_on_a_fake_machine(tmp_path: Path) -> None:
    machine, nvml = _fake_machine(tmp_path)
    grouped = detect(nvml=nvml.module(), group=True, **machine.roots)
    assert [(str(d.hardware_class), d.count, d.uuid, d.pci_bus_id, d.numa_node, d.device_nodes) for d in grouped] == [
        ("gpu", 1, None, None, None, ()),
        ("gpu", 1, None, None, None, ()),  # the two GPUs differ: one is in MIG mode
        ("tpu", 2, None, None, None, ()),
        ("asic", 2, None, None, None, ()),
        ("fpga", 1, None, None, None, ()),
        ("cpu", 1, None, None, None, ()),
    ]
    refs = [d.bom_ref for d in walk(grouped)]
    assert len(set(refs)) == len(refs)
    assert refs[0] == "device:NVIDIA-H100-80GB-HBM3"
    assert str(refs[1]).startswith("device:NVIDIA-H100-80GB-HBM3:")
    for spec in ("1.6", "1.7"):
        assert aibom.validate(aibom.dumps(_bom(grouped, spec), format="xml")).ok


def test_detected_hardware_reads_back_through_the_concepts(tmp_path: Path) -> None:
    machine, nvml = _fake_machine(tmp_path)
    devices = detect(nvml=nvml.module(), **machine.roots)
    text = aibom.dumps(_bom(devices), format="json")
    assert read_concepts(aibom.load(text)).hardware == devices


def test_detect_with_nothing_readable(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert detect(sysfs_root=missing, dev_root=missing, proc_root=missing, nvml=FakeNvml().module()) == ()


def test_gpus_nvml_cannot_identify_still_get_distinct_refs() -> None:
    nvml = FakeNvml([every_field_unsupported(), every_field_unsupported()], driver=Fail(), cuda_v2=Fail(), cuda=Fail())
    devices = detect(nvml=nvml.module(), sysfs_root="/nonexistent", proc_root="/nonexistent")
    assert [d.name for d in devices] == ["NVIDIA gpu", "NVIDIA gpu"]
    assert devices[0].bom_ref == "device:NVIDIA-gpu"
    assert str(devices[1].bom_ref).startswith("device:NVIDIA-gpu:")
    assert unique_refs(devices) == devices  # already unique: unchanged


def test_group_devices_keeps_devices_that_differ_apart() -> None:
    base = new_device(hardware_class="gpu", vendor="NVIDIA", model="NVIDIA H100 80GB HBM3", vbios_version="1")
    devices = [
        base.replace(uuid=f"GPU-{index}", pci_bus_id=f"0000:{index:02x}:00.0", numa_node=index % 2, bom_ref=None)
        for index in range(7)
    ] + [base.replace(uuid="GPU-odd", vbios_version="2", bom_ref=None)]
    grouped = group_devices(devices)
    assert [(d.count, d.vbios_version, d.uuid, d.numa_node) for d in grouped] == [
        (7, "1", None, None),
        (1, "2", None, None),
    ]
    assert grouped[0].bom_ref != grouped[1].bom_ref
    assert group_devices(grouped) == grouped  # idempotent
    assert group_devices([]) == ()


def test_group_devices_groups_the_partitions_of_each_device() -> None:
    mig = new_device(hardware_class="gpu", model="NVIDIA A100 MIG 1g.5gb", mig_profile="1g.5gb")
    gpus = [
        new_device(
            hardware_class="gpu",
            model="NVIDIA A100",
            mig_mode=True,
            uuid=f"GPU-{index}",
            partitions=tuple(mig.replace(uuid=f"MIG-{index}-{slot}", bom_ref=None) for slot in range(7)),
        )
        for index in range(2)
    ]
    [group] = group_devices(gpus)
    assert group.count == 2
    assert [(p.count, p.uuid, p.bom_ref) for p in group.partitions] == [(7, None, "device:NVIDIA-A100-MIG-1g.5gb")]


def test_new_device_names_and_normalizes() -> None:
    assert new_device(hardware_class="tpu").name == "tpu"
    assert new_device(hardware_class="gpu", vendor="AMD").name == "AMD gpu"
    device = new_device(hardware_class="cpu", model="x", features=["b", "a", "b"], device_nodes=["/dev/b", "/dev/a"])
    assert (device.features, device.device_nodes) == (("a", "b"), ("/dev/a", "/dev/b"))
    with pytest.raises(ValueError):
        new_device(hardware_class="quantum")


def test_the_component_carries_the_taxonomy_properties(tmp_path: Path) -> None:
    machine = FakeMachine(tmp_path)
    machine.pci("0000:1b:00.0", vendor=0x10DE, device=0x2330, pci_class=0x030200, numa_node=0)
    machine.dev_node("nvidia0")
    [gpu] = detect(nvml=FakeNvml([FakeGpu(nvlinks=18)]).module(), **machine.roots)
    component = gpu.to_cyclonedx()
    expected = Component.from_json(
        {
            "type": "device",
            "bom-ref": "device:GPU-6b2c7e37-4b58-2f6e-8f51-2bd0c4c2f0a1",
            "name": "NVIDIA H100 80GB HBM3",
            "properties": [
                {"name": "cdx:device:deviceType", "value": "GPU"},
                {"name": "aibom:hardware:class", "value": "gpu"},
                {"name": "cdx:device:quantity", "value": "1"},
                {"name": "aibom:hardware:vendor", "value": "NVIDIA"},
                {"name": "aibom:hardware:model", "value": "NVIDIA H100 80GB HBM3"},
                {"name": "aibom:hardware:memory_bytes", "value": "85520809984"},
                {"name": "aibom:hardware:architecture", "value": "hopper"},
                {"name": "aibom:hardware:compute_capability", "value": "9.0"},
                {"name": "aibom:hardware:driver_version", "value": "550.54.15"},
                {"name": "aibom:hardware:cuda_driver_version", "value": "12.4"},
                {"name": "aibom:hardware:vbios_version", "value": "96.00.99.00.01"},
                {"name": "aibom:hardware:interconnect", "value": "nvlink"},
                {"name": "aibom:hardware:mig_mode", "value": "false"},
                {"name": "aibom:hardware:uuid", "value": "GPU-6b2c7e37-4b58-2f6e-8f51-2bd0c4c2f0a1"},
                {"name": "aibom:hardware:pci_bus_id", "value": "0000:1b:00.0"},
                {"name": "aibom:hardware:numa_node", "value": "0"},
                {"name": "aibom:hardware:board_part_number", "value": "692-2G520-0200-000"},
                {"name": "aibom:hardware:device_nodes", "value": "/dev/nvidia0"},
            ],
        }
    )
    assert (component.type, component.bom_ref, component.name) == (expected.type, expected.bom_ref, expected.name)
    assert sorted((p.name or "", p.value or "") for p in component.properties) == sorted(
        (p.name or "", p.value or "") for p in expected.properties
    )
