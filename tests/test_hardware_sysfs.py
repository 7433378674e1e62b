"""Accelerators from fake sysfs and /dev trees: TPUs, FPGAs, AMD GPUs, Gaudi, NPUs, and machines with none."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from fakes.machine import (
    AMD_ATI,
    GOOGLE,
    INTEL,
    NVIDIA,
    VIRTIO,
    FakeMachine,
    alveo_u250_host,
    gaudi2_host,
    mi300x_host,
    tpu_v4_host,
    tpu_v5e_host,
)

import aibom
from aibom.hardware import Hardware, detect_pci, group_devices
from aibom.hardware.device import new_device
from aibom.hardware.pci_ids import classify
from aibom.model import Component

GIB = 1 << 30


@pytest.fixture
def machine(tmp_path: Path) -> FakeMachine:
    return FakeMachine(tmp_path)


def _scan(machine: FakeMachine) -> tuple[Hardware, ...]:
    return detect_pci(sysfs_root=machine.sys, dev_root=machine.dev)


def _write_dist(site: Path, name: str, version: str) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")


def test_tpu_v5e_chips_with_vfio_nodes_and_no_google_virtual_devices(machine: FakeMachine) -> None:
    tpu_v5e_host(machine, chips=4)
    devices = _scan(machine)
    assert [(d.hardware_class, d.model, d.pci_bus_id) for d in devices] == [
        ("tpu", "Google TPU v5e", f"0000:00:{index + 4:02x}.0") for index in range(4)
    ]
    assert [d.device_nodes for d in devices] == [(f"/dev/vfio/{index}",) for index in range(4)]
    assert {(d.vendor, d.memory_bytes, d.numa_node) for d in devices} == {("Google", 16 * GIB, 0)}
    [group] = group_devices(devices)
    assert (group.count, group.model, group.device_nodes) == (4, "Google TPU v5e", ())


def test_tpu_runtime_is_the_installed_libtpu(
    machine: FakeMachine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tpu_v5e_host(machine, chips=1)
    site = tmp_path / "site"
    _write_dist(site, "libtpu", "0.0.17")
    monkeypatch.syspath_prepend(str(site))
    [tpu] = _scan(machine)
    assert tpu.runtime_version == "0.0.17"


def test_tpu_v4_nodes_by_index(machine: FakeMachine) -> None:
    tpu_v4_host(machine)
    devices = _scan(machine)
    assert [(d.model, d.device_nodes) for d in devices] == [("Google TPU v4", (f"/dev/accel{i}",)) for i in range(4)]


def test_tpu_v2_and_v3_differ_by_subsystem(machine: FakeMachine) -> None:
    machine.pci("0000:00:04.0", vendor=GOOGLE, device=0x0027, pci_class=0x0B4000, subsystem_device=0x004E)
    machine.pci("0000:00:05.0", vendor=GOOGLE, device=0x0027, pci_class=0x0B4000, subsystem_device=0x004F)
    assert [d.model for d in _scan(machine)] == ["Google TPU v2", "Google TPU v3"]


def test_xilinx_alveo_two_functions_are_one_card(machine: FakeMachine) -> None:
    alveo_u250_host(machine)
    [card] = _scan(machine)
    assert card == new_device(
        hardware_class="fpga",
        vendor="Xilinx",
        model="Xilinx Alveo U250",
        driver_version="2.16.204",
        pci_bus_id="0000:3b:00.0",
        numa_node=0,
        device_nodes=("/dev/dri/renderD128",),
    )


def test_unknown_xilinx_and_altera_devices_are_fpgas(machine: FakeMachine) -> None:
    machine.pci("0000:5e:00.0", vendor=0x10EE, device=0x9038, pci_class=0x058000)
    machine.pci("0000:af:00.0", vendor=0x1172, device=0x5052, pci_class=0x120000)
    assert [(d.hardware_class, d.vendor, d.model) for d in _scan(machine)] == [
        ("fpga", "Xilinx", "Xilinx FPGA (10ee:9038)"),
        ("fpga", "Altera", "Altera FPGA (1172:5052)"),
    ]


def test_intel_fpga_cards_by_device_and_subsystem(machine: FakeMachine) -> None:
    machine.pci(
        "0000:3b:00.0", vendor=INTEL, device=0xBCCE, pci_class=0x120000, subsystem_device=0x1771, driver="dfl-pci"
    )
    machine.pci("0000:5e:00.0", vendor=INTEL, device=0x0B2B, pci_class=0x120000, driver="dfl-pci")
    machine.pci("0000:86:00.0", vendor=INTEL, device=0xBCCE, pci_class=0x120000, subsystem_device=0x9999)
    assert [(d.hardware_class, d.vendor, d.model) for d in _scan(machine)] == [
        ("fpga", "Intel", "Intel FPGA SmartNIC N6001-PL"),
        ("fpga", "Intel", "Intel FPGA PAC D5005"),
        ("fpga", "Intel", "Intel FPGA with Device Feature List"),
    ]


def test_amd_instinct_gpus_with_amdgpu_attributes(machine: FakeMachine) -> None:
    mi300x_host(machine, gpus=2)
    first, second = _scan(machine)
    assert first == new_device(
        hardware_class="gpu",
        vendor="AMD",
        model="AMD Instinct MI300X OAM",
        memory_bytes=192 * GIB,
        driver_version="6.8.5",
        pci_bus_id="0000:0c:00.0",
        vbios_version="113-M3000100-102",
        board_part_number="102-G30211-00",
        numa_node=0,
        device_nodes=("/dev/dri/card0", "/dev/dri/renderD128"),
    )
    assert (second.pci_bus_id, second.numa_node, second.device_nodes) == (
        "0000:22:00.0",
        1,
        ("/dev/dri/card1", "/dev/dri/renderD129"),
    )


def test_amd_gpu_without_driver_attributes_named_from_the_id_table(machine: FakeMachine) -> None:
    machine.pci("0000:0c:00.0", vendor=AMD_ATI, device=0x740F, pci_class=0x038000)
    machine.pci("0000:0c:00.1", vendor=AMD_ATI, device=0xAB28, pci_class=0x040300)  # its audio function
    machine.pci(
        "0000:10:00.0",
        vendor=AMD_ATI,
        device=0x7448,
        pci_class=0x030000,
        attributes={"product_name": "Radeon PRO W7900"},
    )
    assert [(d.model, d.memory_bytes) for d in _scan(machine)] == [
        ("AMD Instinct MI210", None),
        ("AMD Radeon PRO W7900", None),
    ]


def test_intel_gaudi2_with_habanalabs_attributes(machine: FakeMachine) -> None:
    gaudi2_host(machine)
    devices = _scan(machine)
    assert [d.device_nodes for d in devices] == [("/dev/accel/accel0",), ("/dev/accel/accel1",)]
    assert {
        (d.hardware_class, d.vendor, d.model, d.memory_bytes, d.firmware_version, d.driver_version) for d in devices
    } == {("asic", "Intel", "Intel Gaudi 2", 96 * GIB, "1.17.0-fw-51.3.0", "1.17.0-ab12cd3")}


def test_gaudi_on_an_older_kernel(machine: FakeMachine) -> None:
    machine.pci(
        "0000:19:00.0",
        vendor=0x1DA3,
        device=0x1000,
        pci_class=0x120000,
        driver="habanalabs",
        driver_version="1.2.3",
        children={"habanalabs/hl0": {"armcp_ver": "armcp-0.9"}},
    )
    machine.dev_node("hl0")
    [gaudi] = _scan(machine)
    assert (gaudi.model, gaudi.firmware_version, gaudi.driver_version, gaudi.device_nodes) == (
        "Intel Gaudi",
        "armcp-0.9",
        "1.2.3",
        ("/dev/hl0",),
    )


def test_npus_and_unnamed_processing_accelerators(machine: FakeMachine) -> None:
    machine.pci(
        "0000:00:0b.0",
        vendor=INTEL,
        device=0x7D1D,
        pci_class=0x120000,
        driver="intel_vpu",
        children={"accel/accel0": {}},
    )
    machine.dev_node("accel/accel0")
    machine.pci("0000:c5:00.1", vendor=0x1022, device=0x17F0, pci_class=0x118000, driver="amdxdna")
    machine.pci("0000:d1:00.0", vendor=0x1E52, device=0x401E, pci_class=0x120000)
    assert [(d.hardware_class, d.vendor, d.model, d.device_nodes) for d in _scan(machine)] == [
        ("npu", "Intel", "Intel NPU (Meteor Lake)", ("/dev/accel/accel0",)),
        ("npu", "AMD", "AMD XDNA 2 NPU", ()),
        ("asic", "Tenstorrent", "PCI processing accelerator 1e52:401e", ()),
    ]


def test_a_machine_without_accelerators(machine: FakeMachine) -> None:
    machine.pci("0000:00:00.0", vendor=INTEL, device=0x0D57, pci_class=0x060000)
    for index, device in enumerate((0x1045, 0x1042, 0x1041)):
        machine.pci(f"0000:00:{index + 1:02x}.0", vendor=VIRTIO, device=device, pci_class=0x020000, driver="virtio-pci")
    machine.pci("0000:00:06.0", vendor=0x1A03, device=0x2000, pci_class=0x030000)  # a BMC's VGA
    machine.pci("0000:00:07.0", vendor=NVIDIA, device=0x2330, pci_class=0x030200)  # NVML's business, not sysfs'
    assert _scan(machine) == ()


def test_sr_iov_virtual_functions_are_not_extra_devices(machine: FakeMachine) -> None:
    machine.pci("0000:3b:00.0", vendor=INTEL, device=0x0B2B, pci_class=0x120000)
    machine.pci("0000:3b:00.1", vendor=INTEL, device=0x0B2C, pci_class=0x120000, physfn="0000:3b:00.0")
    machine.pci("0000:3b:01.0", vendor=INTEL, device=0x0B2C, pci_class=0x120000, physfn="0000:3b:00.0")
    assert [d.pci_bus_id for d in _scan(machine)] == ["0000:3b:00.0"]


def test_a_virtual_function_passed_to_a_vm_is_reported(machine: FakeMachine) -> None:
    machine.pci("0000:00:05.0", vendor=INTEL, device=0x0B2C, pci_class=0x120000)
    assert [d.model for d in _scan(machine)] == ["Intel FPGA PAC D5005 (VF)"]


@pytest.mark.parametrize("what", ["missing", "a file", "empty"])
def test_no_sysfs_is_an_empty_result(tmp_path: Path, what: str) -> None:
    root = tmp_path / "sys"
    if what == "a file":
        root.write_text("not a directory")
    elif what == "empty":
        root.mkdir()
    assert detect_pci(sysfs_root=root, dev_root=tmp_path / "no-dev") == ()


def test_unreadable_and_garbage_files_are_skipped_not_raised(machine: FakeMachine) -> None:
    broken = machine.pci("0000:00:04.0", vendor=GOOGLE, device=0x0063, pci_class=0x120000)
    (broken / "vendor").unlink()
    (broken / "vendor").mkdir()  # reading it fails (IsADirectoryError)
    garbage = machine.pci("0000:00:05.0", vendor=GOOGLE, device=0x0063, pci_class=0x120000)
    (garbage / "class").write_bytes(b"\xff\xfe\x00")
    (garbage / "device").write_text("zz\n")
    dangling = machine.pci(
        "0000:00:06.0",
        vendor=AMD_ATI,
        device=0x74A1,
        pci_class=0x120000,
        driver="amdgpu",
        attributes={"mem_info_vram_total": "lots", "numa_node": "x"},
    )
    (dangling / "driver").unlink()
    (dangling / "driver").symlink_to("/nonexistent/driver")
    (machine.sys / "bus" / "pci" / "devices" / "not-an-address").mkdir()
    os.symlink("/nonexistent/pci/device", machine.sys / "bus" / "pci" / "devices" / "0000:00:07.0")
    [amd] = _scan(machine)
    assert (amd.model, amd.memory_bytes, amd.numa_node, amd.driver_version) == ("AMD Instinct MI300X", None, None, None)


@pytest.mark.skipif(sys.platform != "linux", reason="sysfs is Linux's")
def test_the_real_sysfs_here_never_raises() -> None:
    for device in detect_pci():
        assert device.pci_bus_id is not None
        assert Hardware.from_cyclonedx(device.to_cyclonedx()) == device


def test_every_kind_makes_a_valid_bom(machine: FakeMachine) -> None:
    tpu_v5e_host(machine, chips=2)
    alveo_u250_host(machine)
    mi300x_host(machine, gpus=1)
    gaudi2_host(machine)
    devices = _scan(machine)
    assert {str(d.hardware_class) for d in devices} == {"tpu", "fpga", "gpu", "asic"}
    for entries in (devices, group_devices(devices)):
        bom = aibom.Bom(spec="1.6")
        for device in entries:
            bom.put_component(device.to_cyclonedx())
        for output_format in ("json", "xml"):
            text = aibom.dumps(bom, format=output_format)
            report = aibom.validate(text)
            assert report.ok, [finding.message for finding in report.findings]
            top_level = aibom.load(text).document["components"]
            assert tuple(Hardware.from_cyclonedx(Component.from_json(c)) for c in top_level) == entries


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ((GOOGLE, 0x0076, 0x120000), ("tpu", "Google TPU 7x", 192 * GIB)),
        ((GOOGLE, 0x0099, 0x120000), ("tpu", "Google TPU (1ae0:0099)", None)),
        ((0x1DA3, 0x1060, 0x120000), ("asic", "Intel Gaudi 3", 128 * GIB)),
        ((0x1DA3, 0x1062, 0x120000), ("asic", "Intel Gaudi (1da3:1062)", None)),
        ((AMD_ATI, 0x74A0, 0x038000), ("gpu", "AMD Instinct MI300A", None)),
        ((0x1C2C, 0x1000, 0x120000), ("fpga", "Silicom FPGA SmartNIC N5010", None)),
    ],
)
def test_classify(ids: tuple[int, int, int], expected: tuple[str, str, int | None]) -> None:
    result = classify(*ids)
    assert result is not None
    assert (str(result.hardware_class), result.model, result.memory_bytes) == expected
