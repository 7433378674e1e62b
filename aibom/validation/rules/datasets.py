"""Datasets: a model's training, evaluation and calibration data are data components of the BOM.

Which references are checked, and why not more:

- ``aibom:finetune:dataset`` and ``aibom:model:evaluation_dataset`` hold the bom-ref of a data component: one
  that names no component, or a component that is not ``data``, is reported. Layer 2 cannot see these: they
  are property values, not schema references.
- ``aibom:quantization:calibration_dataset`` holds a bom-ref or, for data outside the BOM, another identifier
  (a purl, a URL): only a bom-ref of a component that is not ``data`` is reported.
- ``modelCard.modelParameters.datasets[].ref`` is a schema reference: when it resolves to nothing, layer 2
  reports ``dangling-reference``; here, only a reference to a component that is not ``data`` is reported.
- A dataset described inline in the model card (``{"type": "dataset", "name": ...}``) is a complete dataset
  description in its own right (the ML-BOM guide's example has one that is no component), and a workflow's
  ``inputs`` may be any resource; neither is required to be a data component.

References into other BOMs (BOM-Links, ``urn:cdx:...``) are not checked.

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> doc = {"components": [
...     {"type": "library", "name": "tokenizers", "bom-ref": "lib:tokenizers"},
...     {"type": "machine-learning-model", "name": "m", "bom-ref": "model:m",
...      "modelCard": {"modelParameters": {"datasets": [{"ref": "lib:tokenizers"}]}}}]}
>>> [(f.code, f.location) for f in check_ai_rules(doc, SpecVersion.V1_6)]
[('ai-dataset-not-in-bom', '/components/1/modelCard/modelParameters/datasets/0/ref')]
"""

from __future__ import annotations

from collections.abc import Iterator

from aibom.report import Severity
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import Scan

__all__ = ["CALIBRATION", "DATASET_REFERENCES", "dataset_not_in_bom"]

DATASET_REFERENCES = ("aibom:finetune:dataset", "aibom:model:evaluation_dataset")
"""Properties holding the bom-ref of a data component."""
CALIBRATION = "aibom:quantization:calibration_dataset"
"""A property holding a data component's bom-ref, or an identifier of data outside the BOM."""

_DATA = "data"
_BOM_LINK = "urn:cdx:"
_ABSENT = object()


@rule(
    "ai-dataset-not-in-bom",
    Severity.ERROR,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b", "name": "sentiment-7b",
        "properties": [{"name": "aibom:finetune:dataset", "value": "data:acme/reviews@2026-10"}],
    }]},
)
def dataset_not_in_bom(scan: Scan) -> Iterator[Hit]:
    """A model's training, evaluation or calibration dataset that is not a data component of the BOM.

    A model says which data it was fine-tuned on (`aibom:finetune:dataset`) and evaluated on
    (`aibom:model:evaluation_dataset`) by the bom-ref of a `data` component; a bom-ref that no component has, or
    the bom-ref of a component of another type, leaves the claim unverifiable. The same holds for a calibration
    dataset (`aibom:quantization:calibration_dataset`) given by bom-ref, and for a model card's dataset reference
    (`modelCard.modelParameters.datasets[].ref`), which the schema defines as a reference to a data component (one
    that resolves to nothing is layer 2's `dangling-reference`). A dataset described inline in the model card needs
    no component.
    """
    data = scan.data_components
    for use in scan.named(*DATASET_REFERENCES, CALIBRATION):
        ref = use.value
        if type(ref) is not str or ref in data or not ref.strip() or ref.startswith(_BOM_LINK):
            continue
        kind = scan.component_types.get(ref, _ABSENT)
        if kind is _ABSENT:
            if use.term.canonical != CALIBRATION:
                yield use.value_pointer, f"{use.name} names {ref!r}, but no component of this BOM has that bom-ref"
        else:
            yield use.value_pointer, f"{use.name} names {ref!r}, a {kind} component, not a data component"
    for pointer, card in scan.model_cards:
        parameters = card.get("modelParameters")
        datasets = parameters.get("datasets") if type(parameters) is dict else None
        if type(datasets) is not list:
            continue
        for number, dataset in enumerate(datasets):
            ref = dataset.get("ref") if type(dataset) is dict else None
            if type(ref) is not str or ref in data:
                continue
            kind = scan.component_types.get(ref, _DATA)  # a reference to nothing is layer 2's
            if kind != _DATA:
                yield f"{pointer}/modelParameters/datasets/{number}/ref", (
                    f"the model card's dataset {ref!r} is a {kind} component, not a data component"
                )
