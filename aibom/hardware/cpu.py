"""The host CPU, from ``/proc/cpuinfo``: vendor, model, socket count and the instruction-set flags ML code uses.

x86 reports ``vendor_id``, ``model name``, ``physical id`` and ``flags``; Arm
reports ``CPU implementer``, ``CPU part`` and ``Features`` (and seldom a model
name).  One entry is returned with ``count`` set to the number of sockets
(distinct ``physical id`` values, at least 1).  Only flags in
:data:`ML_CPU_FEATURES` are kept.  A missing or unreadable file gives None.

>>> text = '''processor : 0
... vendor_id : GenuineIntel
... model name : Intel(R) Xeon(R) Platinum 8480+
... physical id : 0
... flags : fpu sse4_2 avx avx2 fma avx512f avx512_bf16 amx_bf16 amx_tile amx_int8 sha_ni
...
... processor : 1
... vendor_id : GenuineIntel
... model name : Intel(R) Xeon(R) Platinum 8480+
... physical id : 1
... flags : fpu sse4_2 avx avx2 fma avx512f avx512_bf16 amx_bf16 amx_tile amx_int8 sha_ni
... '''
>>> cpu = parse_cpuinfo(text)
>>> cpu.vendor, cpu.model, cpu.count
('Intel', 'Intel(R) Xeon(R) Platinum 8480+', 2)
>>> cpu.features
('amx_bf16', 'amx_int8', 'amx_tile', 'avx', 'avx2', 'avx512_bf16', 'avx512f', 'fma', 'sse4_2')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from aibom.concepts.hardware import Hardware, HardwareClass
from aibom.errors import InvalidArgument
from aibom.hardware._files import read_text
from aibom.hardware.device import new_device

__all__ = ["ARM_IMPLEMENTERS", "ARM_PARTS", "ML_CPU_FEATURES", "detect_cpu", "parse_cpuinfo"]


def __dir__() -> list[str]:
    return __all__


ML_CPU_FEATURES: frozenset[str] = frozenset(
    {
        # x86: vector and matrix extensions used by ML kernels (oneDNN, llama.cpp, ONNX Runtime, PyTorch)
        "sse4_2",
        "avx",
        "avx2",
        "fma",
        "f16c",
        "avx512f",
        "avx512dq",
        "avx512cd",
        "avx512bw",
        "avx512vl",
        "avx512ifma",
        "avx512vbmi",
        "avx512_vbmi2",
        "avx512_vnni",
        "avx512_bf16",
        "avx512_fp16",
        "avx_vnni",
        "avx_vnni_int8",
        "avx_ne_convert",
        "amx_tile",
        "amx_bf16",
        "amx_int8",
        "amx_fp16",
        "amx_complex",
        # Arm: Advanced SIMD, dot product, SVE, bfloat16, int8 matrix multiply, SME
        "asimd",
        "asimdhp",
        "asimddp",
        "fphp",
        "sve",
        "sve2",
        "bf16",
        "svebf16",
        "i8mm",
        "svei8mm",
        "sme",
        "sme2",
    }
)
"""The ``/proc/cpuinfo`` flags aibom reports."""

X86_VENDORS: Mapping[str, str] = {"GenuineIntel": "Intel", "AuthenticAMD": "AMD", "HygonGenuine": "Hygon"}
"""x86 ``vendor_id`` -> vendor name."""

ARM_IMPLEMENTERS: Mapping[int, str] = {
    0x41: "Arm",
    0x42: "Broadcom",
    0x43: "Cavium",
    0x46: "Fujitsu",
    0x48: "HiSilicon",
    0x4E: "NVIDIA",
    0x50: "Applied Micro",
    0x51: "Qualcomm",
    0x61: "Apple",
    0xC0: "Ampere",
}
"""Arm ``CPU implementer`` -> vendor name."""

ARM_PARTS: Mapping[tuple[int, int], str] = {
    (0x41, 0xD0C): "Neoverse N1",
    (0x41, 0xD40): "Neoverse V1",
    (0x41, 0xD49): "Neoverse N2",
    (0x41, 0xD4F): "Neoverse V2",
    (0x46, 0x001): "A64FX",
}
"""(implementer, ``CPU part``) -> core name (AWS Graviton 2/3/4 and NVIDIA Grace use Neoverse N1/V1/V2 cores)."""


def detect_cpu(*, proc_root: str | os.PathLike[str] = "/proc") -> Hardware | None:
    """The CPU described by ``<proc_root>/cpuinfo``, or None when it is missing or names no CPU."""
    text = read_text(Path(proc_root) / "cpuinfo")
    return parse_cpuinfo(text) if text else None


def parse_cpuinfo(text: str) -> Hardware | None:
    """Parse the text of ``/proc/cpuinfo``; None when it describes no processor."""
    blocks = [_fields(block) for block in text.split("\n\n")]
    processors = [block for block in blocks if "processor" in block]
    if not processors:
        return None
    first = processors[0]
    sockets = {block["physical id"] for block in processors if "physical id" in block}
    flags = (first.get("flags") or first.get("Features") or "").split()
    vendor, model = _identify(first, blocks)
    try:
        return new_device(
            hardware_class=HardwareClass.CPU,
            vendor=vendor,
            model=model,
            count=max(1, len(sockets)),
            features=[flag for flag in flags if flag in ML_CPU_FEATURES],
        )
    except InvalidArgument:  # a value the concept refuses: no CPU entry, never an exception
        return None


def _fields(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.splitlines():
        key, separator, value = line.partition(":")
        if separator:
            fields.setdefault(key.strip(), value.strip())
    return fields


def _identify(first: Mapping[str, str], blocks: list[dict[str, str]]) -> tuple[str | None, str | None]:
    model = first.get("model name") or None
    vendor_id = first.get("vendor_id")
    if vendor_id:
        return X86_VENDORS.get(vendor_id, vendor_id), model
    implementer, part = _hex(first.get("CPU implementer")), _hex(first.get("CPU part"))
    vendor = ARM_IMPLEMENTERS.get(implementer) if implementer is not None else None
    if model is None:
        # Some Arm kernels put the board or SoC name in a trailing block ("Hardware", "Model").
        trailer = next((block for block in blocks if "processor" not in block and block), {})
        model = trailer.get("Model") or trailer.get("Hardware") or None
    if model is None and implementer is not None and part is not None:
        core = ARM_PARTS.get((implementer, part), f"CPU part 0x{part:03x}")
        model = f"{vendor} {core}" if vendor else core
    return vendor, model


def _hex(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(text, 16)
    except ValueError:
        return None
