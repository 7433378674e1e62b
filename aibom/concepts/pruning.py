"""Pruning provenance: how a model was sparsified, how sparse it is, and from which model.

Held in the model component's properties (``aibom:pruning:*``). Sparsities are
fractions between 0 and 1.

>>> from aibom.concepts import Pruning
>>> p = Pruning(method="sparsegpt", structured=True, target_sparsity=0.5, measured_sparsity=0.4987,
...             tool="llm-compressor", tool_version="0.8.1", source_model="model:llama-3-8b")
>>> [(prop.name, prop.value) for prop in p.properties()][:3]
[('aibom:pruning:method', 'sparsegpt'), ('aibom:pruning:structured', 'true'), ('aibom:pruning:target_sparsity', '0.5')]
>>> Pruning(target_sparsity=1.5)
Traceback (most recent call last):
...
aibom.errors.InvalidArgument: Pruning.target_sparsity: 1.5 is above the maximum 1 (expected a JSON number: an integer or a decimal, optional exponent)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import ClassVar

from aibom.concepts._facet import PropertyFacet
from aibom.concepts._slots import Slot

__all__ = ["Pruning", "PruningMethod"]


def __dir__() -> list[str]:
    return __all__


class PruningMethod(enum.StrEnum):
    """The pruning methods the taxonomy knows (``aibom:pruning:method``); others are plain strings."""

    MAGNITUDE = "magnitude"
    MOVEMENT = "movement"
    L1_UNSTRUCTURED = "l1-unstructured"
    LN_STRUCTURED = "ln-structured"
    RANDOM = "random"
    SPARSEGPT = "sparsegpt"
    WANDA = "wanda"
    STRUCTURED = "structured"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Pruning(PropertyFacet):
    """How a model was pruned.

    :param method: the method (a :class:`PruningMethod` or any other name).
    :param structured: whether whole structures (channels, heads, N:M blocks) were removed.
    :param target_sparsity: the fraction of weights the method aimed to zero.
    :param measured_sparsity: the fraction of weights measured to be zero.
    :param tool: the tool that pruned the model, and ``tool_version`` its version.
    :param source_model: the exact model that was pruned: a bom-ref, or a purl.
    """

    method: PruningMethod | str | None = None
    structured: bool | None = None
    target_sparsity: float | None = None
    measured_sparsity: float | None = None
    tool: str | None = None
    tool_version: str | None = None
    source_model: str | None = None

    SLOTS: ClassVar[tuple[Slot, ...]] = (
        Slot.of("method", "aibom:pruning:method", PruningMethod),
        Slot.of("structured", "aibom:pruning:structured"),
        Slot.of("target_sparsity", "aibom:pruning:target_sparsity"),
        Slot.of("measured_sparsity", "aibom:pruning:measured_sparsity"),
        Slot.of("tool", "aibom:pruning:tool"),
        Slot.of("tool_version", "aibom:pruning:tool_version"),
        Slot.of("source_model", "aibom:pruning:source_model"),
    )

    def __post_init__(self) -> None:
        self._normalize_slots()
