"""Building, grouping and naming the :class:`~aibom.concepts.hardware.Hardware` concepts detection returns.

>>> a = new_device(hardware_class="gpu", vendor="AMD", model="AMD Instinct MI300X", pci_bus_id="0000:0c:00.0")
>>> b = a.replace(pci_bus_id="0000:22:00.0", bom_ref=None)
>>> a.name, a.bom_ref
('AMD Instinct MI300X', 'device:0000:0c:00.0')
>>> [(d.name, d.count, d.pci_bus_id, d.bom_ref) for d in group_devices([a, b])]
[('AMD Instinct MI300X', 2, None, 'device:AMD-Instinct-MI300X')]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from aibom.concepts.hardware import Hardware, HardwareClass

__all__ = ["IDENTITY_FIELDS", "group_devices", "new_device", "unique_refs", "walk"]


def __dir__() -> list[str]:
    return __all__


IDENTITY_FIELDS = ("uuid", "pci_bus_id", "serial_number", "numa_node", "device_nodes")
"""The fields that tell one physical device from another of the same kind; :func:`group_devices` drops them."""


def new_device(
    *, hardware_class: HardwareClass | str, vendor: str | None = None, model: str | None = None, **fields: Any
) -> Hardware:
    """A ``Hardware`` named after its model (else ``<vendor> <class>``, else the class), lists sorted and unique.

    >>> new_device(hardware_class="gpu", vendor="NVIDIA").name
    'NVIDIA gpu'
    >>> new_device(hardware_class="cpu", model="AMD EPYC 9654", features=["avx2", "avx", "avx2"]).features
    ('avx', 'avx2')
    """
    kind = HardwareClass(hardware_class)
    name = model or (f"{vendor} {kind}" if vendor else str(kind))
    for key in ("features", "device_nodes"):
        if key in fields:
            fields[key] = tuple(sorted(set(fields[key])))
    return Hardware(name=name, hardware_class=kind, vendor=vendor, model=model, **fields)


def group_devices(devices: Iterable[Hardware]) -> tuple[Hardware, ...]:
    """Merge devices that are identical but for their identity, adding up their ``count``.

    The identity fields (:data:`IDENTITY_FIELDS`) and the ``bom-ref`` derived from
    them are dropped from merged entries, and from their partitions (grouped the same
    way); devices that differ in anything else (driver, VBIOS, memory, MIG layout)
    stay apart.  The order is that of each group's first device, and the
    ``bom-ref``\\ s are made unique (:func:`unique_refs`).
    """
    counts: dict[Hardware, int] = {}
    for device in devices:
        key = _anonymous(device)
        counts[key] = counts.get(key, 0) + device.count
    return unique_refs(key.replace(count=count) for key, count in counts.items())


def _anonymous(device: Hardware) -> Hardware:
    cleared: dict[str, Any] = {field: None for field in IDENTITY_FIELDS}
    cleared["device_nodes"] = ()
    return device.replace(bom_ref=None, count=1, partitions=group_devices(device.partitions), **cleared)


def unique_refs(devices: Iterable[Hardware]) -> tuple[Hardware, ...]:
    """``devices`` with every ``bom-ref`` (partitions included) unique: a repeated one gets ``:<digest>`` appended.

    The digest is of what the device is, so the same machine gives the same
    ``bom-ref``\\ s from one run to the next.
    """
    used: set[str] = set()
    return tuple(_unique(device, used) for device in devices)


def _unique(device: Hardware, used: set[str]) -> Hardware:
    ref = device.bom_ref
    if ref is not None and ref in used:
        digest = hashlib.sha256(repr(_anonymous(device)).encode()).hexdigest()[:12]
        ref = f"{ref}:{digest}"
    if ref is not None:
        used.add(ref)
    partitions = tuple(_unique(partition, used) for partition in device.partitions)
    if ref == device.bom_ref and partitions == device.partitions:
        return device
    return device.replace(bom_ref=ref, partitions=partitions)


def walk(devices: Iterable[Hardware]) -> Iterator[Hardware]:
    """Each device, then its partitions (depth first)."""
    for device in devices:
        yield device
        yield from walk(device.partitions)
