"""The property taxonomy: every property that means something to aibom is defined, well typed and in its place.

The taxonomy (``schemas/aibom-taxonomy.json``) defines aibom's own ``aibom:*``
names and the official ``cdx:ai-ml:*`` and ``cdx:device:*`` names aibom uses:
each with a value type, the places it goes (``component.properties``,
``modelCard.properties``, ``workflow.properties``) and the component types it
belongs on. The rules look at the properties of every component (nested ones,
``metadata.component``, formulation components and pedigree components
included), of model cards and of workflows; properties elsewhere (metadata,
services, formulas, tasks) are not aibom's concern. Official names the taxonomy
does not list (``cdx:ai-ml:model:template:chat``, ...) are left alone, and so
are the values the rules of the other groups check (hyperparameters, sparsity,
hardware counts and memory).

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> gpu = {"type": "device", "name": "gpu", "properties": [
...     {"name": "aibom:hardware:mig_mode", "value": "true"}, {"name": "aibom:hardware:vram", "value": "80"}]}
>>> [(f.code, f.location) for f in check_ai_rules({"components": [gpu]}, SpecVersion.V1_6)]
[('ai-property-unknown', '/components/0/properties/1/name')]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from aibom.report import Severity
from aibom.taxonomy import PropertyDefinition
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import PropertyUse, Scan
from aibom.validation.rules.datasets import CALIBRATION, DATASET_REFERENCES
from aibom.validation.rules.hardware import POSITIVE
from aibom.validation.rules.hyperparameters import is_hyperparameter, where
from aibom.validation.rules.pruning import SPARSITY

__all__ = [
    "property_invalid",
    "property_misplaced",
    "property_official_invalid",
    "property_repeated",
    "property_unknown",
    "reference_not_in_bom",
]

_VALUES_CHECKED_ELSEWHERE = frozenset({*SPARSITY, *POSITIVE})
_REFERENCES_CHECKED_ELSEWHERE = frozenset({*DATASET_REFERENCES, CALIBRATION})
_BOM_LINK = "urn:cdx:"


def _typed(scan: Scan, *, official: bool) -> Iterator[tuple[PropertyDefinition, PropertyUse]]:
    """The uses whose value this group checks: of official definitions, or of aibom's."""
    for name, uses in scan.by_definition.items():
        if name in _VALUES_CHECKED_ELSEWHERE:
            continue
        for use in uses:
            definition = use.definition
            if definition is not None and definition.official is official and not is_hyperparameter(definition):
                yield definition, use


@rule(
    "ai-property-unknown",
    Severity.WARNING,
    example={"components": [{
        "type": "device", "bom-ref": "device:h100", "name": "NVIDIA H100 80GB HBM3",
        "properties": [{"name": "aibom:hardware:memory", "value": "85520809984"}],
    }]},
)
def property_unknown(scan: Scan) -> Iterator[Hit]:
    """An `aibom:` property name that the property taxonomy does not define.

    The `aibom:` namespace is aibom's own, and every name in it is defined by the property taxonomy
    (`docs/taxonomy.md`). A name it does not define is most often a misspelling, and aibom reads nothing from it; the
    message suggests the closest defined name. The finding is on the name.
    """
    names = [definition.name for definition in scan.vocabulary.definitions() if not definition.placeholder]
    for use in scan.undefined:
        close = difflib.get_close_matches(use.name, names, n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]}?" if close else ""
        yield use.name_pointer, f"{use.name} is not defined by aibom's property taxonomy{hint}"


@rule(
    "ai-property-invalid",
    Severity.ERROR,
    example={"components": [{
        "type": "device", "bom-ref": "device:h100", "name": "NVIDIA H100 80GB HBM3",
        "properties": [{"name": "aibom:hardware:mig_mode", "value": "Enabled"}],
    }]},
)
def property_invalid(scan: Scan) -> Iterator[Hit]:
    """An `aibom:` property whose value does not fit the type the taxonomy declares.

    Each `aibom:` name has a value type: a boolean is `true` or `false`, an integer or a number reads as one and
    lies within the name's minimum and maximum, a closed enumeration takes one of its values, a bom-ref or
    component reference is not empty, a PEP 440 specifier set parses, and so on (the types are listed in
    `docs/taxonomy.md`). The other tools' names that aibom reads as aliases of `aibom:` names (`lora_r`, `quant_method`,
    ...) are held to the same types where aibom reads them. aibom's concepts cannot read a value that does not fit,
    so the BOM says less than it seems to. The finding is on the value.
    """
    for definition, use in _typed(scan, official=False):
        fault = definition.fault(use.value)
        if fault is not None:
            yield use.value_pointer, f"{use.name} is {use.text()}: {fault}"


@rule(
    "ai-official-property-invalid",
    Severity.WARNING,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b", "name": "sentiment-7b",
        "properties": [{"name": "cdx:ai-ml:model:language", "value": "English"}],
    }]},
)
def property_official_invalid(scan: Scan) -> Iterator[Hit]:
    """An official `cdx:` property whose value does not fit the type the taxonomy reads it as.

    For the official names it uses, the taxonomy records the official taxonomy's conventions as types: a language
    is an ISO 639-1 code or a comma-separated list of them, a parameter count is digits or a number followed by
    M, B or T (`7B`), a fine-tuning method list has no empty items, a device quantity is a positive integer (that
    one is `ai-hardware-not-positive`). A warning, not an error: the official taxonomy words several of these as
    recommendations, and the schema accepts any text; but aibom reads nothing from a value that does not fit.
    """
    for definition, use in _typed(scan, official=True):
        fault = definition.fault(use.value)
        if fault is not None:
            yield use.value_pointer, f"{use.name} is {use.text()}: {fault}"


@rule(
    "ai-property-misplaced",
    Severity.WARNING,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b", "name": "sentiment-7b",
        "properties": [{"name": "aibom:hardware:memory_bytes", "value": "85520809984"}],
    }]},
)
def property_misplaced(scan: Scan) -> Iterator[Hit]:
    """An `aibom:` property in a place, or on a component type, that the taxonomy does not put it.

    The taxonomy says where each `aibom:` name goes (a component's properties, a model card's or a workflow's) and,
    on a component, on which component types (hardware on `device`, quantization on `machine-learning-model`,
    dataset facts on `data`, ...). aibom reads a property only where the taxonomy puts it. Official names are not
    held to a place (the official examples put them in several), except hyperparameters, which are
    `ai-hyperparameter-misplaced`. The finding is on the property.
    """
    for uses in scan.by_definition.values():
        for use in uses:
            definition = use.definition
            if definition is None or not use.term.own or is_hyperparameter(definition):
                continue
            if use.term.allowed_in(use.place, use.holder.type):
                continue
            if use.place in definition.locations:
                types = definition.components
                kinds = types[0] if len(types) == 1 else ", ".join(types[:-1]) + " or " + types[-1]
                yield use.pointer, f"{use.name} belongs on a component of type {kinds}, not {use.holder.type}"
            else:
                yield use.pointer, f"{use.name} belongs in {where(definition.locations)}, not in {where(use.place)}"


@rule(
    "ai-property-repeated",
    Severity.WARNING,
    example={"components": [{
        "type": "device", "bom-ref": "device:h100", "name": "NVIDIA H100 80GB HBM3",
        "properties": [
            {"name": "cdx:device:quantity", "value": "8"},
            {"name": "aibom:hardware:count", "value": "4"},
        ],
    }]},
)
def property_repeated(scan: Scan) -> Iterator[Hit]:
    """A property that holds one value given more than once in the same place.

    The taxonomy marks each name as repeatable (a list: modalities, languages, target modules, ...) or not (one
    value: a count, a method, a source model). A second value for a name that holds one, counting the aliases of a
    name as the name, leaves it unclear which is meant; aibom reads the first. The finding is on each repeat.
    """
    for holder in (*scan.components, *scan.workflows):
        for uses in (holder.uses, holder.card_uses):
            if len(uses) < 2:
                continue
            seen: dict[str, PropertyUse] = {}
            for use in uses:
                definition = use.definition
                canonical = use.term.canonical
                if definition is None or canonical is None or definition.repeatable:
                    continue
                first = seen.setdefault(canonical, use)
                if first is not use:
                    also = "" if first.name == use.name else f" (as {first.name})"
                    yield use.pointer, f"{use.name} holds one value, and {first.pointer} already gives it{also}"


@rule(
    "ai-reference-not-in-bom",
    Severity.ERROR,
    example={"components": [{
        "type": "application", "bom-ref": "app:sentiment-service", "name": "sentiment-service",
        "properties": [
            {"name": "aibom:serving:runtime", "value": "vllm"},
            {"name": "aibom:serving:model", "value": "model:sentiment-7b-awq"},
        ],
    }]},
)
def reference_not_in_bom(scan: Scan) -> Iterator[Hit]:
    """A property that names a component by bom-ref when no component of the BOM has that bom-ref.

    The names the taxonomy types `bom-ref` (the model a serving runtime serves, the accelerators it runs on, ...)
    hold the bom-ref of a component of the same BOM; layer 2's `dangling-reference` cannot see them, as they are
    property values. Dataset references are `ai-dataset-not-in-bom`. BOM-Links (`urn:cdx:...`) into other BOMs are
    not checked. The finding is on the value.
    """
    for name, uses in scan.by_definition.items():
        if name in _REFERENCES_CHECKED_ELSEWHERE:
            continue
        for use in uses:
            definition, ref = use.definition, use.value
            if definition is None or definition.type != "bom-ref" or type(ref) is not str or not ref.strip():
                continue
            if ref not in scan.component_types and not ref.startswith(_BOM_LINK):
                yield use.value_pointer, f"{use.name} names {ref!r}, but no component of this BOM has that bom-ref"

