"""Pruning: a sparsity is the fraction of weights that are zero, a number from 0 to 1.

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> model = {"type": "machine-learning-model", "name": "m", "properties": [
...     {"name": "aibom:pruning:source_model", "value": "pkg:huggingface/acme/base@1"},
...     {"name": "aibom:pruning:target_sparsity", "value": "0.5"},
...     {"name": "aibom:pruning:measured_sparsity", "value": "49.87"}]}
>>> [(f.code, f.location) for f in check_ai_rules({"components": [model]}, SpecVersion.V1_6)]
[('ai-sparsity-out-of-range', '/components/0/properties/2/value')]
"""

from __future__ import annotations

from collections.abc import Iterator

from aibom.report import Severity
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import Scan

__all__ = ["SPARSITY", "sparsity_out_of_range"]

SPARSITY = ("aibom:pruning:target_sparsity", "aibom:pruning:measured_sparsity")
"""The definitions this group checks the values of."""


@rule(
    "ai-sparsity-out-of-range",
    Severity.ERROR,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:llama-3-8b-sparse", "name": "llama-3-8b-sparse",
        "properties": [
            {"name": "aibom:pruning:method", "value": "sparsegpt"},
            {"name": "aibom:pruning:target_sparsity", "value": "50"},
            {"name": "aibom:pruning:source_model", "value": "pkg:huggingface/meta-llama/Meta-Llama-3-8B"},
        ],
    }]},
)
def sparsity_out_of_range(scan: Scan) -> Iterator[Hit]:
    """A pruning sparsity that is not a number between 0 and 1.

    `aibom:pruning:target_sparsity` (what the method aimed for) and `aibom:pruning:measured_sparsity` (what was
    measured) are fractions of weights: `0.5` is half the weights zero. A percentage (`50`), a negative number or
    text is reported on the value.
    """
    for use in scan.named(*SPARSITY):
        definition = use.definition
        if definition is None:
            continue
        value = definition.value(use.value)
        if (value is None or not 0 <= value <= 1) and type(use.value) is str:
            yield use.value_pointer, (
                f"{use.name} is {use.text()}: a sparsity is a number from 0 to 1 (0.5: half the weights are zero)"
            )
