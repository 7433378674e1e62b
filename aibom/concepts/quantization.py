"""Quantization provenance: how a model's weights were quantized, with what, and from which model.

Held in the model component's properties (``aibom:quantization:*``). The method
vocabulary is open; the known methods (:class:`QuantizationMethod`) list the bit
widths they produce in the taxonomy (:attr:`Quantization.allowed_bits`).

>>> from aibom.concepts import Quantization
>>> q = Quantization(method="GPTQ", bits=4, group_size=128, calibration_dataset="data:c4",
...                  tool="auto-gptq", tool_version="0.7.1",
...                  source_model="pkg:huggingface/acme/sentiment-7b@0a1b2c3")
>>> q.method, q.allowed_bits
(<QuantizationMethod.GPTQ: 'gptq'>, (2, 3, 4, 8))
>>> [p.name for p in q.properties()][:3]
['aibom:quantization:method', 'aibom:quantization:bits', 'aibom:quantization:group_size']
>>> from aibom.model import Component
>>> model = q.to_cyclonedx(Component(type="machine-learning-model", name="sentiment-7b-gptq"))
>>> Quantization.from_cyclonedx(model) == q
True
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

from aibom.concepts._facet import PropertyFacet
from aibom.concepts._slots import Slot
from aibom.taxonomy import load_taxonomy

__all__ = ["Quantization", "QuantizationMethod"]


def __dir__() -> list[str]:
    return __all__


class QuantizationMethod(enum.StrEnum):
    """The quantization methods the taxonomy knows (``aibom:quantization:method``); others are plain strings."""

    GPTQ = "gptq"
    AWQ = "awq"
    BITSANDBYTES = "bitsandbytes"
    GGUF = "gguf"
    HQQ = "hqq"
    AQLM = "aqlm"
    QUANTO = "quanto"
    EETQ = "eetq"
    FP8 = "fp8"
    FP4 = "fp4"
    NVFP4 = "nvfp4"
    MXFP4 = "mxfp4"
    INT8_DYNAMIC = "int8-dynamic"
    INT8_STATIC = "int8-static"
    INT4 = "int4"
    SMOOTHQUANT = "smoothquant"
    BITNET = "bitnet"
    TORCHAO = "torchao"
    COMPRESSED_TENSORS = "compressed-tensors"
    AUTOROUND = "autoround"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantization(PropertyFacet):
    """How a model was quantized.

    :param method: the method (a :class:`QuantizationMethod` or any other name; known names are
        matched case-insensitively).
    :param bits: bits per weight (an ``int`` for most methods; ``1.58`` for BitNet).
    :param scheme: the scheme or format within the method (``q4_k_m``, ``nf4``, ``w4a16``, ...).
    :param group_size: weights per quantization group; ``-1`` per channel.
    :param calibration_dataset: the calibration data: a ``data`` component's bom-ref, or an identifier.
    :param tool: the tool that quantized the model, and ``tool_version`` its version.
    :param source_model: the exact model that was quantized: a bom-ref, or a purl.
    """

    method: QuantizationMethod | str | None = None
    bits: int | float | None = None
    scheme: str | None = None
    group_size: int | None = None
    calibration_dataset: str | None = None
    tool: str | None = None
    tool_version: str | None = None
    source_model: str | None = None

    SLOTS: ClassVar[tuple[Slot, ...]] = (
        Slot.of("method", "aibom:quantization:method", QuantizationMethod),
        Slot.of("bits", "aibom:quantization:bits"),
        Slot.of("group_size", "aibom:quantization:group_size"),
        Slot.of("scheme", "aibom:quantization:scheme"),
        Slot.of("calibration_dataset", "aibom:quantization:calibration_dataset"),
        Slot.of("tool", "aibom:quantization:tool"),
        Slot.of("tool_version", "aibom:quantization:tool_version"),
        Slot.of("source_model", "aibom:quantization:source_model"),
    )

    def __post_init__(self) -> None:
        self._normalize_slots()

    @property
    def allowed_bits(self) -> tuple[float, ...] | None:
        """The bit widths the taxonomy lists for :attr:`method` (None: unknown method, or no constraint)."""
        if self.method is None:
            return None
        allowed = load_taxonomy()["aibom:quantization:method"].allowed(self.method)
        return allowed.bits if allowed is not None else None
