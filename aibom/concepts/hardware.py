"""Hardware: GPUs, TPUs, FPGAs, NPUs and other accelerators, and CPUs, as ``device`` components.

CycloneDX has the ``device`` component type and the official ``cdx:device:*``
properties (quantity, function, device type, serial number) but nothing specific to
accelerators; memory, driver, firmware and runtime versions, compute capability,
interconnect, MIG and where the device was used are ``aibom:hardware:*`` properties.

>>> from aibom.concepts import Hardware
>>> gpu = Hardware(name="NVIDIA H100 80GB HBM3", hardware_class="gpu", vendor="NVIDIA", count=8,
...                memory_bytes=85_520_809_984, driver_version="550.54.15", cuda_driver_version="12.4",
...                compute_capability="9.0", interconnect="nvlink", mig_mode=False, usage=("training",))
>>> gpu.bom_ref
'device:NVIDIA-H100-80GB-HBM3'
>>> [(p.name, p.value) for p in gpu.to_cyclonedx().properties][:3]
[('cdx:device:deviceType', 'GPU'), ('aibom:hardware:class', 'gpu'), ('cdx:device:quantity', '8')]
>>> Hardware.from_cyclonedx(gpu.to_cyclonedx()) == gpu
True
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from aibom.concepts._common import (
    ConceptBase,
    as_tuple,
    check_extras_type,
    check_identity,
    identity_of,
    set_field,
)
from aibom.concepts._slots import Slot, check_extras, normalize, read, write
from aibom.errors import InvalidArgument
from aibom.model import Component, ComponentType, Property

__all__ = ["Hardware", "HardwareClass", "HardwareUsage"]


def __dir__() -> list[str]:
    return __all__


class HardwareClass(enum.StrEnum):
    """The kind of processor (``aibom:hardware:class``)."""

    GPU = "gpu"
    TPU = "tpu"
    FPGA = "fpga"
    NPU = "npu"
    ASIC = "asic"
    CPU = "cpu"
    OTHER = "other"


class HardwareUsage(enum.StrEnum):
    """What a device was used for (``aibom:hardware:usage``)."""

    TRAINING = "training"
    FINE_TUNING = "fine-tuning"
    INFERENCE = "inference"
    EVALUATION = "evaluation"
    PREPROCESSING = "preprocessing"
    QUANTIZATION = "quantization"


_GUESSES = (
    (re.compile(r"\bTPU\b", re.IGNORECASE), HardwareClass.TPU),
    (re.compile(r"\b(FPGA|Alveo|Versal|Agilex|Stratix)\b", re.IGNORECASE), HardwareClass.FPGA),
    (re.compile(r"\bNPU\b", re.IGNORECASE), HardwareClass.NPU),
    (re.compile(r"\b(Gaudi|Trainium|Inferentia|ASIC)\b", re.IGNORECASE), HardwareClass.ASIC),
    (re.compile(r"\b(GPU|Tesla|GeForce|Quadro|Radeon|Instinct|H100|H200|A100|B200|L4|L40S?|MI\d{3}X?)\b", re.IGNORECASE),
     HardwareClass.GPU),
    (re.compile(r"\b(CPU|Xeon|EPYC|Core i\d|Ryzen|Graviton)\b", re.IGNORECASE), HardwareClass.CPU),
)


def guess_class(*texts: str | None) -> HardwareClass:
    """The hardware class a device's name or description suggests (for devices other tools describe).

    >>> guess_class("NVIDIA H100 Tensor Core GPU"), guess_class("Intel Xeon Platinum 8480+"), guess_class("x")
    (<HardwareClass.GPU: 'gpu'>, <HardwareClass.CPU: 'cpu'>, <HardwareClass.OTHER: 'other'>)
    """
    for text in texts:
        if not text:
            continue
        for pattern, kind in _GUESSES:
            if pattern.search(text):
                return kind
    return HardwareClass.OTHER


_DEVICE_TYPE = Slot.of("device_type", "cdx:device:deviceType", HardwareClass, strict=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Hardware(ConceptBase):
    """A device: an accelerator or a CPU, and how many of it.

    :param name: the component name (e.g. the name NVML reports).
    :param hardware_class: :class:`HardwareClass`.
    :param bom_ref: defaults (when empty) to ``device:<uuid>``, else ``device:<pci_bus_id>``, else ``device:<name>``.
    :param count: how many units this component stands for (``cdx:device:quantity``).
    :param memory_bytes: memory per unit.
    :param usage: what the device was used for (:class:`HardwareUsage`).
    :param form_factor: the physical form (``SXM5``, ``PCIe``, ``OAM``).
    :param function: the purpose of the device (``cdx:device:function``).
    :param serial_number: ``cdx:device:serialNumber``.
    :param partitions: the partitions of the device (MIG instances), as nested ``device`` components.
    :param properties: other component properties, kept as they are.

    ``cdx:device:deviceType`` is written as the upper-cased class (``GPU``). The other fields are ``aibom:hardware:<field>`` properties (see the taxonomy).
    """

    name: str
    hardware_class: HardwareClass | str
    bom_ref: str = ""
    version: str | None = None
    purl: str | None = None
    description: str | None = None
    vendor: str | None = None
    model: str | None = None
    count: int = 1
    memory_bytes: int | None = None
    driver_version: str | None = None
    cuda_driver_version: str | None = None
    firmware_version: str | None = None
    runtime_version: str | None = None
    compute_capability: str | None = None
    architecture: str | None = None
    interconnect: str | None = None
    mig_mode: bool | None = None
    mig_profile: str | None = None
    uuid: str | None = None
    pci_bus_id: str | None = None
    vbios_version: str | None = None
    board_part_number: str | None = None
    numa_node: int | None = None
    serial_number: str | None = None
    form_factor: str | None = None
    function: str | None = None
    features: tuple[str, ...] = ()
    device_nodes: tuple[str, ...] = ()
    usage: tuple[HardwareUsage | str, ...] = ()
    partitions: tuple[Hardware, ...] = ()
    properties: tuple[Property, ...] = ()

    SLOTS: ClassVar[tuple[Slot, ...]] = (
        _DEVICE_TYPE,
        Slot.of("hardware_class", "aibom:hardware:class", HardwareClass),
        Slot.of("count", "cdx:device:quantity"),
        Slot.of("vendor", "aibom:hardware:vendor"),
        Slot.of("model", "aibom:hardware:model"),
        Slot.of("memory_bytes", "aibom:hardware:memory_bytes"),
        Slot.of("architecture", "aibom:hardware:architecture"),
        Slot.of("compute_capability", "aibom:hardware:compute_capability"),
        Slot.of("driver_version", "aibom:hardware:driver_version"),
        Slot.of("cuda_driver_version", "aibom:hardware:cuda_driver_version"),
        Slot.of("firmware_version", "aibom:hardware:firmware_version"),
        Slot.of("vbios_version", "aibom:hardware:vbios_version"),
        Slot.of("runtime_version", "aibom:hardware:runtime_version"),
        Slot.of("interconnect", "aibom:hardware:interconnect"),
        Slot.of("mig_mode", "aibom:hardware:mig_mode"),
        Slot.of("mig_profile", "aibom:hardware:mig_profile"),
        Slot.of("uuid", "aibom:hardware:uuid"),
        Slot.of("pci_bus_id", "aibom:hardware:pci_bus_id"),
        Slot.of("numa_node", "aibom:hardware:numa_node"),
        Slot.of("board_part_number", "aibom:hardware:board_part_number"),
        Slot.of("serial_number", "cdx:device:serialNumber"),
        Slot.of("form_factor", "aibom:hardware:form_factor"),
        Slot.of("function", "cdx:device:function"),
        Slot.of("features", "aibom:hardware:features"),
        Slot.of("device_nodes", "aibom:hardware:device_nodes"),
        Slot.of("usage", "aibom:hardware:usage", HardwareUsage),
    )
    """The property slots; the first, ``cdx:device:deviceType``, is written from :attr:`hardware_class`."""

    def __post_init__(self) -> None:
        owner = "Hardware"
        if not self.bom_ref and isinstance(self.name, str):
            key = self.uuid or self.pci_bus_id
            if isinstance(key, str) and key.strip():
                set_field(self, "bom_ref", f"device:{key.strip()}")
        check_identity(owner, self, "device")
        if self.hardware_class is None:
            raise InvalidArgument("Hardware.hardware_class is required", expected="a HardwareClass")
        for slot in self.SLOTS[1:]:
            set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))
        set_field(self, "partitions", as_tuple(owner, "partitions", self.partitions, Hardware))
        for field in ("features", "device_nodes", "usage"):
            items = getattr(self, field)
            if len(set(items)) != len(items):
                raise InvalidArgument(f"Hardware.{field} lists a value twice", expected="each value once")
        set_field(self, "properties", check_extras_type(owner, "properties", self.properties))
        check_extras("Hardware.properties", self.SLOTS, write(self.SLOTS, self._slot_values()), self.properties)

    def _slot_values(self) -> dict[str, Any]:
        values = {slot.key: getattr(self, slot.key) for slot in self.SLOTS[1:]}
        values["device_type"] = str(self.hardware_class).upper()
        return values

    def to_cyclonedx(self) -> Component:
        """The ``device`` component."""
        return Component(
            type=ComponentType.DEVICE,
            bom_ref=self.bom_ref,
            name=self.name,
            version=self.version,
            description=self.description,
            purl=self.purl,
            components=tuple(partition.to_cyclonedx() for partition in self.partitions),
            properties=write(self.SLOTS, self._slot_values()) + self.properties,
        )

    @classmethod
    def from_cyclonedx(cls, component: Component) -> Hardware:
        """The hardware a ``device`` component describes.

        A device written by another tool, without ``aibom:hardware:class``, gets the class
        its name or description suggests (:func:`guess_class`), and its vendor from the
        component's ``manufacturer``, ``supplier`` or ``publisher`` when it names one.
        """
        if component.type != ComponentType.DEVICE:
            raise InvalidArgument(f"Hardware is a 'device' component, not {component.type!r}",
                                  expected="type 'device'")
        values, leftover = read(cls.SLOTS, component.properties)
        identity = identity_of(component)
        device_type = values.pop("device_type", None)
        if "hardware_class" not in values:
            values["hardware_class"] = device_type or guess_class(identity["name"], identity["description"])
        if "vendor" not in values:
            vendor = _vendor(component)
            if vendor is not None:
                values["vendor"] = vendor
        for key in ("features", "device_nodes", "usage"):
            if key in values:
                values[key] = tuple(dict.fromkeys(values[key]))
        partitions = tuple(cls.from_cyclonedx(child) for child in component.components
                           if child.type == ComponentType.DEVICE)
        return cls(**identity, **values, partitions=partitions, properties=leftover)


def _vendor(component: Component) -> str | None:
    for party in (component.manufacturer, component.supplier):
        if party is not None and isinstance(party.get("name"), str) and party["name"].strip():
            return str(party["name"])
    if isinstance(component.publisher, str) and component.publisher.strip():
        return component.publisher
    return None
