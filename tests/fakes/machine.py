"""Fake ``/sys``, ``/dev`` and ``/proc`` trees built in a temporary directory, laid out as Linux lays them out.

A PCI function is a real directory under ``sys/devices/pci0000:00/<address>``
with its attribute files (``vendor``, ``device``, ``class``, ... holding what the
kernel writes, ``0x1ae0\\n``), linked from ``sys/bus/pci/devices/<address>``;
its ``driver`` is a symbolic link to ``sys/bus/pci/drivers/<name>``, whose
``module`` links to ``sys/module/<name>`` (with a ``version`` file when the
driver has one), and ``iommu_group`` links to ``sys/kernel/iommu_groups/<n>``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class FakeMachine:
    """The kernel-visible state of a machine, rooted at ``root`` (``root/sys``, ``root/dev``, ``root/proc``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sys = root / "sys"
        self.dev = root / "dev"
        self.proc = root / "proc"
        for path in (self.sys / "bus" / "pci" / "devices", self.dev, self.proc):
            path.mkdir(parents=True, exist_ok=True)

    @property
    def roots(self) -> dict[str, Any]:
        """Keyword arguments for :func:`aibom.hardware.detect`."""
        return {"sysfs_root": self.sys, "dev_root": self.dev, "proc_root": self.proc}

    def pci(
        self,
        address: str,
        *,
        vendor: int,
        device: int,
        pci_class: int,
        subsystem_vendor: int | None = None,
        subsystem_device: int = 0x0000,
        numa_node: int = -1,
        driver: str | None = None,
        driver_version: str | None = None,
        iommu_group: int | None = None,
        attributes: Mapping[str, str] | None = None,
        children: Mapping[str, Mapping[str, str]] | None = None,
        physfn: str | None = None,
    ) -> Path:
        """Add PCI function ``address``; ``children`` maps ``accel/accel0`` etc. to their attribute files."""
        path = self.sys / "devices" / "pci0000:00" / address
        path.mkdir(parents=True)
        files = {
            "vendor": f"0x{vendor:04x}",
            "device": f"0x{device:04x}",
            "class": f"0x{pci_class:06x}",
            "subsystem_vendor": f"0x{subsystem_vendor if subsystem_vendor is not None else vendor:04x}",
            "subsystem_device": f"0x{subsystem_device:04x}",
            "numa_node": str(numa_node),
            "revision": "0x00",
        }
        files.update(attributes or {})
        for name, text in files.items():
            (path / name).write_text(text + "\n")
        for child, child_files in (children or {}).items():
            (path / child).mkdir(parents=True)
            for name, text in child_files.items():
                (path / child / name).write_text(text + "\n")
        if driver is not None:
            driver_dir = self.sys / "bus" / "pci" / "drivers" / driver
            module_dir = self.sys / "module" / driver
            if not driver_dir.exists():
                driver_dir.mkdir(parents=True)
                module_dir.mkdir(parents=True)
                (driver_dir / "module").symlink_to(os.path.relpath(module_dir, driver_dir))
            if driver_version is not None:
                (module_dir / "version").write_text(driver_version + "\n")
            (path / "driver").symlink_to(os.path.relpath(driver_dir, path))
        if iommu_group is not None:
            group = self.sys / "kernel" / "iommu_groups" / str(iommu_group)
            group.mkdir(parents=True, exist_ok=True)
            (path / "iommu_group").symlink_to(os.path.relpath(group, path))
        if physfn is not None:
            (path / "physfn").symlink_to(os.path.relpath(path.parent / physfn, path))
        link = self.sys / "bus" / "pci" / "devices" / address
        link.symlink_to(os.path.relpath(path, link.parent))
        return path

    def dev_node(self, name: str) -> Path:
        """Create device node ``/dev/<name>`` (a regular file stands in for the character device)."""
        path = self.dev / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        return path

    def cpuinfo(self, text: str) -> None:
        """Set ``/proc/cpuinfo``."""
        (self.proc / "cpuinfo").write_text(text)


# ---------------------------------------------------------------------------------------------------
# Ready-made machines.

GOOGLE, XILINX, AMD_ATI, HABANA, INTEL, NVIDIA, VIRTIO = 0x1AE0, 0x10EE, 0x1002, 0x1DA3, 0x8086, 0x10DE, 0x1AF4


def tpu_v5e_host(machine: FakeMachine, chips: int = 4) -> None:
    """A TPU v5e VM: ``chips`` TPUs bound to vfio-pci, plus the VM's gVNIC and NVMe (Google virtual devices)."""
    for index in range(chips):
        machine.pci(
            f"0000:00:{index + 4:02x}.0",
            vendor=GOOGLE,
            device=0x0063,
            pci_class=0x120000,
            numa_node=0,
            driver="vfio-pci",
            iommu_group=index,
        )
        machine.dev_node(f"vfio/{index}")
    machine.pci("0000:00:03.0", vendor=GOOGLE, device=0x0042, pci_class=0x020000, driver="gve")
    machine.pci("0000:00:02.0", vendor=GOOGLE, device=0x001F, pci_class=0x010802, driver="nvme")


def tpu_v4_host(machine: FakeMachine) -> None:
    """A TPU v4 VM: four chips whose /dev/accel<N> nodes are found by index (no sysfs child names them)."""
    for index in range(4):
        machine.pci(f"0000:00:{index + 4:02x}.0", vendor=GOOGLE, device=0x005E, pci_class=0x120000)
        machine.dev_node(f"accel{index}")


def alveo_u250_host(machine: FakeMachine) -> None:
    """One Alveo U250: management (xclmgmt) and user (xocl) physical functions of one slot."""
    machine.pci(
        "0000:3b:00.0",
        vendor=XILINX,
        device=0x5004,
        pci_class=0x120000,
        numa_node=0,
        driver="xclmgmt",
        driver_version="2.16.204",
    )
    machine.pci(
        "0000:3b:00.1",
        vendor=XILINX,
        device=0x5005,
        pci_class=0x120000,
        numa_node=0,
        driver="xocl",
        driver_version="2.16.204",
        children={"drm/renderD128": {}},
    )
    machine.dev_node("dri/renderD128")


def mi300x_host(machine: FakeMachine, gpus: int = 2) -> None:
    """AMD Instinct MI300X GPUs with amdgpu's attributes and their DRM nodes."""
    for index in range(gpus):
        machine.pci(
            f"0000:{0x0C + 0x16 * index:02x}:00.0",
            vendor=AMD_ATI,
            device=0x74A1,
            pci_class=0x120000,
            numa_node=index,
            driver="amdgpu",
            driver_version="6.8.5",
            attributes={
                "product_name": "AMD Instinct MI300X OAM",
                "product_number": "102-G30211-00",
                "vbios_version": "113-M3000100-102",
                "mem_info_vram_total": str(192 * (1 << 30)),
            },
            children={f"drm/card{index}": {}, f"drm/renderD{128 + index}": {}},
        )
        machine.dev_node(f"dri/card{index}")
        machine.dev_node(f"dri/renderD{128 + index}")


def gaudi2_host(machine: FakeMachine) -> None:
    """Two Intel Gaudi 2 cards with habanalabs' accel attributes and nodes."""
    for index in range(2):
        machine.pci(
            f"0000:{0x19 + index:02x}:00.0",
            vendor=HABANA,
            device=0x1020,
            pci_class=0x120000,
            numa_node=0,
            driver="habanalabs",
            children={
                f"accel/accel{index}": {
                    "device_type": "GAUDI2",
                    "fw_os_ver": "1.17.0-fw-51.3.0",
                    "cpucp_ver": "1.17.0-cpucp",
                    "driver_ver": "1.17.0-ab12cd3",
                }
            },
        )
        machine.dev_node(f"accel/accel{index}")
