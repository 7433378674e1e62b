"""PCI vendor, device and class ids of ML accelerators, and how aibom classifies a PCI function.

The tables name only what has been checked against a public source: the Linux
kernel's drivers (``habanalabs``, ``dfl-pci``, ``amdxdna``, ``intel_vpu``), Google's
``tpu-info`` (TPU chips and their HBM), and the PCI ID repository.  A device of a
known accelerator vendor that the tables do not name is still classified, with
its ids in the model name, so new products are reported rather than missed.

NVIDIA (``0x10de``) is not classified here: NVIDIA GPUs are read through NVML,
which gives far more than sysfs does.

>>> classify(0x1ae0, 0x0063, 0x120000)
PciClassification(hardware_class=<HardwareClass.TPU: 'tpu'>, vendor='Google', model='Google TPU v5e', memory_bytes=17179869184, architecture='v5e')
>>> classify(0x1002, 0x74a1, 0x120000).model
'AMD Instinct MI300X'
>>> classify(0x1002, 0x1478, 0x060400) is None   # an AMD PCI bridge
True
>>> classify(0x1e52, 0xb140, 0x120000).model         # an unnamed processing accelerator
'PCI processing accelerator 1e52:b140'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from aibom.concepts.hardware import HardwareClass

__all__ = [
    "AMD_GPUS",
    "GAUDI",
    "INTEL_FPGAS",
    "NPUS",
    "TPU_CHIPS",
    "VENDOR_NAMES",
    "XILINX_FPGAS",
    "PciClassification",
    "classify",
]


def __dir__() -> list[str]:
    return __all__


GIB = 1 << 30

NVIDIA = 0x10DE
AMD_ATI = 0x1002
AMD = 0x1022
INTEL = 0x8086
GOOGLE = 0x1AE0
XILINX = 0x10EE
ALTERA = 0x1172
HABANA = 0x1DA3
SILICOM_DENMARK = 0x1C2C

VENDOR_NAMES: Mapping[int, str] = {
    NVIDIA: "NVIDIA",
    AMD_ATI: "AMD",
    AMD: "AMD",
    INTEL: "Intel",
    GOOGLE: "Google",
    XILINX: "Xilinx",
    ALTERA: "Altera",
    HABANA: "Intel",
    SILICOM_DENMARK: "Silicom",
    0x1D0F: "Amazon",
    0x17CB: "Qualcomm",
    0x1E52: "Tenstorrent",
}
"""PCI vendor id -> the vendor name aibom reports."""

# PCI base classes / sub-classes (the ``class`` file is 0xCCSSPP: class, sub-class, programming interface).
CLASS_DISPLAY = 0x03
CLASS_PROCESSING_ACCELERATOR = 0x1200
CLASS_SIGNAL_PROCESSING_OTHER = 0x1180


class TpuChip(NamedTuple):
    """A TPU generation: its name and nominal HBM per chip (from Google's ``tpu-info``)."""

    name: str
    hbm_gib: int


TPU_CHIPS: Mapping[tuple[int, int | None], TpuChip] = {
    (0x0027, 0x004E): TpuChip("v2", 8),
    (0x0027, 0x004F): TpuChip("v3", 16),
    (0x005E, None): TpuChip("v4", 32),
    (0x0063, None): TpuChip("v5e", 16),
    (0x0062, None): TpuChip("v5p", 95),
    (0x006F, None): TpuChip("v6e", 32),
    (0x0076, None): TpuChip("7x", 192),
}
"""(device id, subsystem device id or None for any) -> TPU chip; vendor Google ``0x1ae0``.  v2 and v3 share a
device id and differ in the subsystem id."""

GAUDI: Mapping[int, tuple[str, int | None]] = {
    0x0001: ("Goya", None),
    0x1000: ("Gaudi", 32),
    0x1010: ("Gaudi", 32),
    0x1020: ("Gaudi 2", 96),
    0x1021: ("Gaudi 2", 96),
    0x1030: ("Gaudi 2", 96),
    0x1060: ("Gaudi 3", 128),
    0x1063: ("Gaudi 3", 128),
}
"""Habana Labs ``0x1da3`` device id -> (product, nominal HBM GiB).  Goya is an inference card with DDR4."""

INTEL_FPGAS: Mapping[tuple[int, int, int | None], str] = {
    (INTEL, 0x09C4, None): "Intel PAC with Arria 10 GX FPGA",
    (INTEL, 0x09C5, None): "Intel PAC with Arria 10 GX FPGA (VF)",
    (INTEL, 0x0B30, None): "Intel FPGA PAC N3000",
    (INTEL, 0x0B2B, None): "Intel FPGA PAC D5005",
    (INTEL, 0x0B2C, None): "Intel FPGA PAC D5005 (VF)",
    (INTEL, 0xBCBD, None): "Intel integrated FPGA (5.x)",
    (INTEL, 0xBCBF, None): "Intel integrated FPGA (5.x, VF)",
    (INTEL, 0xBCC0, None): "Intel integrated FPGA (6.x)",
    (INTEL, 0xBCC1, None): "Intel integrated FPGA (6.x, VF)",
    (INTEL, 0xBCCE, 0x138D): "Intel FPGA PAC D5005",
    (INTEL, 0xBCCE, 0x1770): "Intel FPGA SmartNIC N6000-PL",
    (INTEL, 0xBCCE, 0x1771): "Intel FPGA SmartNIC N6001-PL",
    (INTEL, 0xBCCE, 0x17D4): "Intel FPGA IPU C6100",
    (INTEL, 0xBCCE, None): "Intel FPGA with Device Feature List",
    (INTEL, 0xBCCF, None): "Intel FPGA with Device Feature List (VF)",
    (SILICOM_DENMARK, 0x1000, None): "Silicom FPGA SmartNIC N5010",
    (SILICOM_DENMARK, 0x1001, None): "Silicom FPGA SmartNIC N5011",
}
"""(vendor, device, subsystem device or None) -> Intel FPGA card (the ids the Linux ``dfl-pci`` driver binds)."""

XILINX_FPGAS: Mapping[int, str] = {
    0x5000: "Xilinx Alveo U200",
    0x5001: "Xilinx Alveo U200",
    0x5004: "Xilinx Alveo U250",
    0x5005: "Xilinx Alveo U250",
    0x500C: "Xilinx Alveo U280",
    0x500D: "Xilinx Alveo U280",
    0x5020: "Xilinx Alveo U50",
    0x5021: "Xilinx Alveo U50",
}
"""Xilinx ``0x10ee`` device id -> card (management and user physical functions)."""

AMD_GPUS: Mapping[int, str] = {
    0x66A0: "AMD Instinct MI50/MI60",
    0x66A1: "AMD Instinct MI50/MI60",
    0x738C: "AMD Instinct MI100",
    0x7408: "AMD Instinct MI250X",
    0x740C: "AMD Instinct MI250X/MI250",
    0x740F: "AMD Instinct MI210",
    0x74A0: "AMD Instinct MI300A",
    0x74A1: "AMD Instinct MI300X",
    0x74A5: "AMD Instinct MI325X",
}
"""AMD ``0x1002`` device id -> data-centre GPU (the driver's ``product_name`` wins when present)."""

NPUS: Mapping[tuple[int, int], str] = {
    (AMD, 0x1502): "AMD XDNA NPU",
    (AMD, 0x17F0): "AMD XDNA 2 NPU",
    (INTEL, 0x7D1D): "Intel NPU (Meteor Lake)",
    (INTEL, 0xAD1D): "Intel NPU (Arrow Lake)",
    (INTEL, 0x643E): "Intel NPU (Lunar Lake)",
}
"""(vendor, device) -> client neural processing unit (the ids of Linux ``amdxdna`` and ``intel_vpu``)."""


class PciClassification(NamedTuple):
    """What a PCI function is, as far as its ids tell."""

    hardware_class: HardwareClass
    vendor: str | None
    model: str
    memory_bytes: int | None = None
    architecture: str | None = None


def _ids(vendor: int, device: int) -> str:
    return f"{vendor:04x}:{device:04x}"


def classify(vendor: int, device: int, pci_class: int, subsystem_device: int | None = None) -> PciClassification | None:
    """Classify a PCI function by its vendor, device, 24-bit class code and subsystem device id.

    Returns None for anything that is not an ML accelerator (bridges, NICs,
    storage, display adapters of other vendors, NVIDIA GPUs, audio functions).
    """
    base, sub = pci_class >> 16, pci_class >> 8
    vendor_name = VENDOR_NAMES.get(vendor)
    if vendor == NVIDIA:
        return None
    if vendor == GOOGLE:
        chip = TPU_CHIPS.get((device, subsystem_device)) or TPU_CHIPS.get((device, None))
        if chip is not None:
            return PciClassification(
                HardwareClass.TPU, "Google", f"Google TPU {chip.name}", chip.hbm_gib * GIB, chip.name
            )
        if sub == CLASS_PROCESSING_ACCELERATOR:
            return PciClassification(HardwareClass.TPU, "Google", f"Google TPU ({_ids(vendor, device)})")
        return None  # gVNIC, NVMe and the other virtual devices of Google Cloud
    if vendor == HABANA:
        product, hbm = GAUDI.get(device, (f"Gaudi ({_ids(vendor, device)})", None))
        return PciClassification(HardwareClass.ASIC, "Intel", f"Intel {product}", hbm * GIB if hbm else None)
    if vendor == XILINX:
        return PciClassification(
            HardwareClass.FPGA, "Xilinx", XILINX_FPGAS.get(device, f"Xilinx FPGA ({_ids(vendor, device)})")
        )
    if vendor == ALTERA:
        return PciClassification(HardwareClass.FPGA, "Altera", f"Altera FPGA ({_ids(vendor, device)})")
    fpga = INTEL_FPGAS.get((vendor, device, subsystem_device)) or INTEL_FPGAS.get((vendor, device, None))
    if fpga is not None:
        return PciClassification(HardwareClass.FPGA, vendor_name, fpga)
    npu = NPUS.get((vendor, device))
    if npu is not None:
        return PciClassification(HardwareClass.NPU, vendor_name, npu)
    if vendor == AMD_ATI and (base == CLASS_DISPLAY or sub == CLASS_PROCESSING_ACCELERATOR):
        return PciClassification(HardwareClass.GPU, "AMD", AMD_GPUS.get(device, f"AMD GPU ({_ids(vendor, device)})"))
    if sub == CLASS_PROCESSING_ACCELERATOR:
        return PciClassification(HardwareClass.ASIC, vendor_name, f"PCI processing accelerator {_ids(vendor, device)}")
    return None
