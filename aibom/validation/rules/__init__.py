"""The AI layer of validation: rules about AI concepts that neither the schema nor layer 2 can express.

Each rule has a stable code (``ai-…``), a severity and an entry in the
generated catalogue, ``docs/rules.md``. :func:`check_ai_rules` walks the
document once (:class:`~aibom.validation.rules._scan.Scan`) and runs every rule
of :data:`RULES` over what the walk gathered; locations are JSON pointers.

>>> from aibom.spec import SpecVersion
>>> doc = {"components": [{"type": "machine-learning-model", "name": "m", "bom-ref": "model:m",
...     "properties": [{"name": "aibom:quantization:method", "value": "awq"},
...                    {"name": "aibom:quantization:bits", "value": "4"},
...                    {"name": "aibom:quantization:source_model", "value": "model:base"}]},
...     {"type": "machine-learning-model", "name": "base", "bom-ref": "model:base"}]}
>>> check_ai_rules(doc, SpecVersion.V1_6)
[]
>>> doc["components"][0]["properties"][1]["value"] = "3"
>>> [(f.code, f.severity.value, f.location) for f in check_ai_rules(doc, SpecVersion.V1_6)]
[('ai-quantization-bits', 'warning', '/components/0/properties/1/value')]
"""

from __future__ import annotations

from typing import Any

from aibom._gc import gc_paused
from aibom.report import Finding
from aibom.spec import SpecVersion
from aibom.validation.rules import datasets, hardware, hyperparameters, lineage, pruning, quantization, taxonomy
from aibom.validation.rules._rule import Rule
from aibom.validation.rules._scan import Scan

__all__ = ["RULES", "Rule", "check_ai_rules", "rule_for", "run_rules"]

RULES: tuple[Rule, ...] = (
    lineage.source_model_missing,
    lineage.lineage_cycle,
    quantization.quantization_bits,
    pruning.sparsity_out_of_range,
    datasets.dataset_not_in_bom,
    hyperparameters.hyperparameter_invalid,
    hyperparameters.hyperparameter_misplaced,
    hardware.hardware_not_positive,
    taxonomy.property_unknown,
    taxonomy.property_invalid,
    taxonomy.property_official_invalid,
    taxonomy.property_misplaced,
    taxonomy.property_repeated,
    taxonomy.reference_not_in_bom,
)
"""Every rule, in catalogue order (by concept group)."""

_BY_CODE = {rule.code: rule for rule in RULES}


def rule_for(code: str) -> Rule:
    """The rule with finding code ``code``; ``KeyError`` if there is none.

    >>> rule_for("ai-lineage-cycle").severity
    <Severity.ERROR: 'error'>
    """
    return _BY_CODE[code]


def check_ai_rules(document: Any, spec: SpecVersion) -> list[Finding]:
    """Return the findings of every AI rule for a JSON-shaped document (JSON pointer locations).

    ``spec`` is the document's CycloneDX version; the rules read the properties, pedigree and model cards that
    1.5, 1.6 and 1.7 share, so they hold alike for the three. A document that is not a JSON object has no findings
    here (layer 1 reports it).
    """
    if type(document) is not dict:
        return []
    with gc_paused():
        scan = Scan(document)
        try:
            return run_rules(scan)
        finally:
            scan.close()


def run_rules(scan: Scan) -> list[Finding]:
    """The findings of every rule over what ``scan`` gathered (a whole document, or one scanned in parts)."""
    if not (scan.uses or scan.components or scan.model_cards):
        return []
    return [finding for rule in RULES for finding in rule.run(scan)]
