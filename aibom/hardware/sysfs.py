"""Accelerators on the PCI bus, from Linux sysfs (``/sys/bus/pci/devices``) and their ``/dev`` nodes.

Each PCI function's ``vendor``, ``device``, ``class`` and ``subsystem_device``
files are classified by :func:`aibom.hardware.pci_ids.classify` (TPUs, FPGAs,
AMD GPUs, Intel Gaudi, NPUs, other processing accelerators).  Then, per device:

* ``numa_node``; the driver's module ``version`` (``driver/module/version``);
* the ``/dev`` nodes the driver exposes for it that exist under ``dev_root``:
  ``/dev/accel/accelN`` and, for TPU v2–v4, ``/dev/accelN`` (an ``accel/accelN``
  child), ``/dev/hlN`` (``habanalabs/hlN``), ``/dev/dri/cardN`` and
  ``/dev/dri/renderDN`` (``drm/...``), and ``/dev/vfio/G`` for a function bound to
  ``vfio-pci`` in IOMMU group ``G`` (TPU v5e and later); a TPU none of these name
  gets ``/dev/accel<i>`` or ``/dev/vfio/<i>`` for the i-th TPU, as Google's ``tpu-info`` does;
* AMD GPUs (``amdgpu``): ``product_name``, ``product_number``, ``vbios_version``
  and ``mem_info_vram_total``;
* Intel Gaudi (``habanalabs``): ``fw_os_ver`` (else ``cpucp_ver``, ``armcp_ver``)
  and ``driver_ver`` from the device's ``accel``/``habanalabs`` child;
* TPUs: the installed ``libtpu`` (or ``libtpu-nightly``) version as the runtime.

SR-IOV virtual functions whose physical function is on the same host
(a ``physfn`` link) are skipped, and the functions of one slot
(``dddd:bb:dd``, e.g. an Alveo card's management and user functions) are one
device.  A missing or unreadable file or directory leaves its field out; a
missing ``/sys`` gives an empty result.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as empty:
...     detect_pci(sysfs_root=empty, dev_root=empty)
()
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from aibom.concepts.hardware import Hardware, HardwareClass
from aibom.errors import InvalidArgument
from aibom.hardware._files import link_name, list_dir, read_hex, read_int, read_text
from aibom.hardware.device import new_device
from aibom.hardware.pci_ids import AMD_ATI, HABANA, classify

__all__ = ["detect_pci", "libtpu_version", "normalize_bus_id"]


def __dir__() -> list[str]:
    return __all__


_BUS_ID = re.compile(r"([0-9a-fA-F]{4,8}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])")


def normalize_bus_id(bus_id: str) -> str | None:
    """A PCI address as sysfs spells it (``dddd:bb:dd.f``, lower case), or None if ``bus_id`` is not one.

    NVML writes an eight-digit domain (``00000000:3B:00.0``).

    >>> normalize_bus_id("00000000:3B:00.0")
    '0000:3b:00.0'
    >>> normalize_bus_id("not a bus id") is None
    True
    """
    match = _BUS_ID.fullmatch(bus_id.strip())
    if match is None:
        return None
    domain, bus, device, function = match.groups()
    return f"{int(domain, 16):04x}:{bus.lower()}:{device.lower()}.{function}"


def libtpu_version() -> str | None:
    """The version of the installed ``libtpu`` (or ``libtpu-nightly``) distribution, the TPU runtime; else None."""
    for name in ("libtpu", "libtpu-nightly"):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def detect_pci(
    *, sysfs_root: str | os.PathLike[str] = "/sys", dev_root: str | os.PathLike[str] = "/dev"
) -> tuple[Hardware, ...]:
    """The ML accelerators on the PCI bus other than NVIDIA GPUs, one per device, ordered by PCI address."""
    devices_dir = Path(sysfs_root) / "bus" / "pci" / "devices"
    dev = Path(dev_root)
    found: dict[str, dict[str, Any]] = {}
    for name in list_dir(devices_dir):
        bus_id = normalize_bus_id(name)
        path = devices_dir / name
        if bus_id is None or os.path.lexists(path / "physfn"):
            continue
        fields = _fields(path, bus_id, dev)
        if fields is None:
            continue
        slot = bus_id.rsplit(".", 1)[0]
        if slot in found:  # another function of a card already seen: one device, all its nodes
            found[slot]["device_nodes"] += fields["device_nodes"]
        else:
            found[slot] = fields
    tpus = [fields for fields in found.values() if fields["hardware_class"] == HardwareClass.TPU]
    if tpus:
        runtime = libtpu_version()
        for index, fields in enumerate(tpus):
            fields["runtime_version"] = runtime
            if not fields["device_nodes"]:  # tpu-info's rule: the i-th chip is /dev/accel<i> or /dev/vfio/<i>
                fields["device_nodes"] = _existing(dev, (f"accel{index}", f"vfio/{index}"))
    devices = []
    for fields in found.values():
        try:
            devices.append(new_device(**fields))
        except InvalidArgument:  # a value the kernel wrote that the concept refuses: skip the device, never raise
            continue
    return tuple(devices)


def _existing(dev: Path, nodes: Iterable[str]) -> list[str]:
    return [f"/dev/{node}" for node in nodes if os.path.lexists(dev / node)]


def _fields(path: Path, bus_id: str, dev: Path) -> dict[str, Any] | None:
    vendor, device_id, pci_class = read_hex(path / "vendor"), read_hex(path / "device"), read_hex(path / "class")
    if vendor is None or device_id is None or pci_class is None:
        return None
    classification = classify(vendor, device_id, pci_class, read_hex(path / "subsystem_device"))
    if classification is None:
        return None
    numa_node = read_int(path / "numa_node")
    fields: dict[str, Any] = {
        "hardware_class": classification.hardware_class,
        "vendor": classification.vendor,
        "model": classification.model,
        "memory_bytes": classification.memory_bytes,
        "architecture": classification.architecture,
        "driver_version": read_text(path / "driver" / "module" / "version"),
        "pci_bus_id": bus_id,
        "numa_node": numa_node if numa_node is not None and numa_node >= 0 else None,
        "device_nodes": _device_nodes(path, dev),
    }
    if vendor == AMD_ATI and classification.hardware_class == HardwareClass.GPU:
        _amdgpu(path, fields)
    elif vendor == HABANA:
        _habanalabs(path, fields)
    return fields


def _device_nodes(path: Path, dev: Path) -> list[str]:
    candidates: list[str] = []
    for child in list_dir(path / "accel"):
        if re.fullmatch(r"accel[0-9]+", child):
            candidates += [f"accel/{child}", child]
    for child in list_dir(path / "habanalabs"):
        if re.fullmatch(r"hl[0-9]+", child):
            candidates.append(child)
    for child in list_dir(path / "drm"):
        if re.fullmatch(r"(card|renderD)[0-9]+", child):
            candidates.append(f"dri/{child}")
    if link_name(path / "driver") == "vfio-pci":
        group = link_name(path / "iommu_group")
        if group is not None and group.isdigit():
            candidates.append(f"vfio/{group}")
    return _existing(dev, candidates)


def _amdgpu(path: Path, fields: dict[str, Any]) -> None:
    product = read_text(path / "product_name")
    if product:
        fields["model"] = product if product.upper().startswith("AMD") else f"AMD {product}"
    memory = read_int(path / "mem_info_vram_total")
    if memory is not None and memory > 0:
        fields["memory_bytes"] = memory
    fields["vbios_version"] = read_text(path / "vbios_version")
    fields["board_part_number"] = read_text(path / "product_number")


def _habanalabs(path: Path, fields: dict[str, Any]) -> None:
    for parent, pattern in (("accel", r"accel[0-9]+"), ("habanalabs", r"hl[0-9]+")):
        for child in list_dir(path / parent):
            if re.fullmatch(pattern, child):
                attributes = path / parent / child
                versions = (read_text(attributes / name) for name in ("fw_os_ver", "cpucp_ver", "armcp_ver"))
                fields["firmware_version"] = next((text for text in versions if text), None)
                fields["driver_version"] = read_text(attributes / "driver_ver") or fields["driver_version"]
                return
