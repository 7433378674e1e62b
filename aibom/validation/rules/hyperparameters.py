"""Hyperparameters: each value fits its declared type, and each sits where the taxonomy puts it.

A hyperparameter is a property of the official ``cdx:ai-ml:model:hyperparameter:``
family (the model's configuration: ``context_length``, ``hidden_size``, ...) or
of aibom's ``aibom:training:hyperparameter:`` family (how it was trained:
``learning_rate``, ``batch_size``, ...). The names the taxonomy lists have a
type (integer, number, ...) and often a range; any other name of either family
is free-form (its value may be anything).

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> model = {"type": "machine-learning-model", "name": "m", "modelCard": {"properties": [
...     {"name": "aibom:training:hyperparameter:learning_rate", "value": "2e-4"},
...     {"name": "aibom:training:hyperparameter:batch_size", "value": "0"},
...     {"name": "aibom:training:hyperparameter:my_knob", "value": "anything"}]}}
>>> [(f.code, f.location) for f in check_ai_rules({"components": [model]}, SpecVersion.V1_6)]
[('ai-hyperparameter-invalid', '/components/0/modelCard/properties/1/value')]
"""

from __future__ import annotations

from collections.abc import Iterator

from aibom.report import Severity
from aibom.taxonomy import PropertyDefinition
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import PropertyUse, Scan

__all__ = ["PREFIXES", "hyperparameter_invalid", "hyperparameter_misplaced", "is_hyperparameter", "where"]

PREFIXES = ("cdx:ai-ml:model:hyperparameter:", "aibom:training:hyperparameter:")
"""The two hyperparameter families: the model's configuration and its training."""

_PLACES = {
    "component.properties": "the component's properties",
    "modelCard.properties": "the model card's properties",
    "workflow.properties": "a workflow's properties",
}


def is_hyperparameter(definition: PropertyDefinition) -> bool:
    """Whether ``definition`` is one of a hyperparameter family (names written as aliases included).

    >>> from aibom.validation.rules._terms import vocabulary
    >>> is_hyperparameter(vocabulary().lookup("cdx:ai-ml:model:parameter:context_length"))
    True
    """
    return definition.name.startswith(PREFIXES)


def where(places: tuple[str, ...] | str) -> str:
    """Say where properties go, in words.

    >>> where(("modelCard.properties", "workflow.properties"))
    "the model card's properties (modelCard.properties) or a workflow's properties (workflow.properties)"
    """
    names = (places,) if isinstance(places, str) else places
    return " or ".join(f"{_PLACES.get(place, place)} ({place})" for place in names)


def _hyperparameters(scan: Scan) -> Iterator[tuple[PropertyDefinition, PropertyUse]]:
    for name, uses in scan.by_definition.items():
        if name.startswith(PREFIXES):
            for use in uses:
                if use.definition is not None:
                    yield use.definition, use


@rule(
    "ai-hyperparameter-invalid",
    Severity.ERROR,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b", "name": "sentiment-7b",
        "modelCard": {"properties": [
            {"name": "cdx:ai-ml:model:hyperparameter:context_length", "value": "8k"},
            {"name": "aibom:training:hyperparameter:learning_rate", "value": "0.0002"},
        ]},
    }]},
)
def hyperparameter_invalid(scan: Scan) -> Iterator[Hit]:
    """A hyperparameter whose value does not fit its declared type or range.

    The property taxonomy declares a type for each hyperparameter it lists: `context_length`, `hidden_size` and
    `batch_size` are integers, `learning_rate` and `dropout` numbers (dropout and the Adam betas between 0 and 1),
    and so on. A value that does not read as its type (`8k`, `auto`, `3e-4/2`) or falls outside its range (a batch
    size of 0) is reported on the value; aibom's concepts cannot read it back as a number. Names of either family
    that the taxonomy does not list take any value. The official names written in the wrong sub-namespace, as the
    official taxonomy's own examples do (`cdx:ai-ml:model:parameter:context_length`), are checked as the names they
    stand for.
    """
    for definition, use in _hyperparameters(scan):
        fault = definition.fault(use.value)
        if fault is not None:
            yield use.value_pointer, f"{use.name} is {use.text()}: {fault}"


@rule(
    "ai-hyperparameter-misplaced",
    Severity.WARNING,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b", "name": "sentiment-7b",
        "properties": [{"name": "cdx:ai-ml:model:hyperparameter:context_length", "value": "8192"}],
    }]},
)
def hyperparameter_misplaced(scan: Scan) -> Iterator[Hit]:
    """A hyperparameter outside the model card or training workflow where the taxonomy puts it.

    The model's hyperparameters (`cdx:ai-ml:model:hyperparameter:*`) belong in the model card's properties
    (`modelCard.properties`); training hyperparameters (`aibom:training:hyperparameter:*`) there or in the
    properties of the training workflow (`formulation[].workflows[].properties`). One in the component's own
    properties is not where readers of model cards, aibom's included, look for it. (The schema rejects the
    `modelCard.modelParameters.properties` that the official taxonomy's examples use, so that place never gets
    this far.)
    """
    for definition, use in _hyperparameters(scan):
        if use.place not in definition.locations:
            yield use.pointer, f"{use.name} belongs in {where(definition.locations)}, not in {where(use.place)}"
