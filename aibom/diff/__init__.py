"""Semantic, invertible diffs of two BOM versions, in AI terms.

>>> import aibom
>>> from aibom.diff import Delta, apply, diff
>>> old = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
...     {"type": "machine-learning-model", "bom-ref": "model", "name": "sentiment", "version": "1.0",
...      "modelCard": {"modelParameters": {"task": "text-classification"}}}]}
>>> new = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 2, "components": [
...     {"type": "machine-learning-model", "bom-ref": "model", "name": "sentiment", "version": "1.1",
...      "modelCard": {"modelParameters": {"task": "sentiment-analysis"}}}]}
>>> delta = diff(old, new)
>>> for change in delta:
...     print(change.kind, change.subject, change.old, "->", change.new)
model version 1.0 -> 1.1
model-card modelCard.modelParameters.task text-classification -> sentiment-analysis
>>> apply(delta, old) == aibom.load(new)
True
>>> apply(delta.invert(), new) == aibom.load(old)
True
"""

from __future__ import annotations

from aibom.diff.apply import apply
from aibom.diff.change import OPS, Change
from aibom.diff.compare import DEFAULT_IGNORE, diff
from aibom.diff.concepts import AI_KINDS, KINDS, PROPERTY_KINDS
from aibom.diff.delta import FORMAT, FORMAT_VERSION, Delta
from aibom.diff.errors import DeltaConflict

__all__ = [
    "AI_KINDS",
    "DEFAULT_IGNORE",
    "FORMAT",
    "FORMAT_VERSION",
    "KINDS",
    "OPS",
    "PROPERTY_KINDS",
    "Change",
    "Delta",
    "DeltaConflict",
    "apply",
    "diff",
]


def __dir__() -> list[str]:
    return __all__
