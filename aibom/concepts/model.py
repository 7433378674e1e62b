"""Models: a ``machine-learning-model`` component with its model card, lineage and provenance.

Official fields first: task, approach, architecture, inputs/outputs, training datasets,
metrics and considerations (energy and CO2 included) are ``modelCard`` fields; the
parameter count, the architecture hyperparameters and the ``tune_method`` keywords
are official ``cdx:ai-ml:model:*`` properties of the model card; modality and
language are official properties of the component. Lineage is ``pedigree.ancestors``;
quantization, pruning, distillation, the fine-tuning method and adapter are
``aibom:*`` properties of the component; training hyperparameters and evaluation
datasets are ``aibom:*`` properties of the model card.

>>> from aibom.concepts import Hyperparameters, Model, Quantization
>>> model = Model(name="sentiment-7b", version="1.0", task="text-classification", approach="supervised",
...               architecture_family="transformer", model_architecture="MistralForSequenceClassification",
...               parameter_count=7_241_732_096, modalities=("text",), languages=("en", "de"),
...               datasets=("data:reviews",),
...               hyperparameters=Hyperparameters(hidden_size=4096, num_hidden_layers=32),
...               quantization=Quantization(method="awq", bits=4, group_size=128))
>>> component = model.to_cyclonedx()
>>> component.model_card.model_parameters.task, component.model_card.properties[0].value
('text-classification', '7241732096')
>>> Model.from_cyclonedx(component) == model
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from aibom.concepts._common import (
    ConceptBase,
    as_tuple,
    check_extras_type,
    check_identity,
    check_type,
    common_fields,
    decode_licenses,
    encode_licenses,
    identity_of,
    require_text,
    set_field,
    text_or_none,
)
from aibom.concepts._slots import AnySlot, PrefixSlot, Slot, check_extras, normalize, read, write
from aibom.concepts.distillation import Distillation
from aibom.concepts.hyperparameters import (
    ARCHITECTURE,
    TRAINING,
    Hyperparameters,
    decode_hyperparameter,
)
from aibom.concepts.lineage import (
    HF_BASE_MODEL_NAMES,
    FineTuningLineage,
    bases_of,
    hf_base_models,
    model_card_properties,
)
from aibom.concepts.pruning import Pruning
from aibom.concepts.quantization import Quantization
from aibom.errors import InvalidArgument
from aibom.model import (
    Approach,
    ApproachType,
    Component,
    ComponentData,
    ComponentType,
    Considerations,
    DataReference,
    ExternalReference,
    Hash,
    InputOutput,
    ModelCard,
    ModelParameters,
    Pedigree,
    PerformanceMetric,
    Property,
    QuantitativeAnalysis,
)
from aibom.taxonomy import encode_value

__all__ = ["Modality", "Model"]


def __dir__() -> list[str]:
    return __all__


class Modality(enum.StrEnum):
    """The official model modalities (``cdx:ai-ml:model:modality``); others (``_undefined:<NAME>``) are strings."""

    TEXT = "text"
    CODE = "code"
    INSTRUCT = "instruct"
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    SENSOR = "sensor"
    BIOMETRIC = "biometric"
    GENOMIC = "genomic"


def _prefixed(slots: tuple[Slot, ...], prefix: str) -> tuple[Slot, ...]:
    return tuple(replace(slot, key=prefix + slot.key) for slot in slots)


_MODALITIES = Slot.of("modalities", "cdx:ai-ml:model:modality", Modality)
_LANGUAGES = Slot.of("languages", "cdx:ai-ml:model:language")
_PARAMETER_COUNT = Slot.of("parameter_count", "cdx:ai-ml:model:parameter:count")
_EVALUATION = Slot.of("evaluation_datasets", "aibom:model:evaluation_dataset")

_FACETS: tuple[tuple[str, type[Quantization | Pruning | Distillation]], ...] = (
    ("quantization", Quantization),
    ("pruning", Pruning),
    ("distillation", Distillation),
)

_ARCHITECTURE = PrefixSlot.of("hyperparameters", ARCHITECTURE + "<name>", decode_hyperparameter, encode_value)

COMPONENT_SLOTS: tuple[AnySlot, ...] = (
    _MODALITIES,
    _LANGUAGES,
    *_prefixed(FineTuningLineage.COMPONENT_SLOTS, "lineage."),
    *(slot for key, facet in _FACETS for slot in _prefixed(facet.SLOTS, key + ".")),
)
"""Every slot of a model component's ``properties``."""

CARD_SLOTS: tuple[AnySlot, ...] = (
    _PARAMETER_COUNT,
    *_prefixed(FineTuningLineage.CARD_SLOTS, "lineage."),
    _ARCHITECTURE,
    PrefixSlot.of("training_hyperparameters", TRAINING + "<name>", decode_hyperparameter, encode_value),
    _EVALUATION,
)
"""Every slot of a model card's ``properties``."""

# Official names other generators put in the other place (the ML-BOM guide has the languages in the model
# card; some tools put everything on the component): read as if they were in their own place.
_CARD_NAMES = _PARAMETER_COUNT.names | FineTuningLineage.CARD_SLOTS[0].names | frozenset(_ARCHITECTURE.aliases)
_COMPONENT_NAMES = _MODALITIES.names | _LANGUAGES.names


def belongs_in_card(name: str | None) -> bool:
    """Whether an official property of this name belongs in the model card, not on the component."""
    return isinstance(name, str) and (
        name in _CARD_NAMES or (name.startswith(_ARCHITECTURE.prefix) and len(name) > len(_ARCHITECTURE.prefix))
    )


def belongs_on_component(name: str | None) -> bool:
    """Whether an official property of this name belongs on the component, not in the model card."""
    return name in _COMPONENT_NAMES


def _sub(values: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    return {key[len(prefix):]: value for key, value in values.items() if key.startswith(prefix)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Model(ConceptBase):
    """A machine-learning model.

    :param name: the component name; ``version``, ``purl``, ``description``, ``hashes``,
        ``licenses`` (SPDX ids, names, or one SPDX expression) and ``external_references``
        (model card, paper, distribution) are the component's.
    :param bom_ref: defaults (when empty) to the purl, else ``model:<name>[@<version>]``.
    :param task: the task (``text-generation``, ``image-classification``, ...).
    :param approach: the learning approach (:class:`~aibom.model.ApproachType`).
    :param architecture_family: e.g. ``transformer``; ``model_architecture`` e.g. ``LlamaForCausalLM``.
    :param parameter_count: the number of learned parameters (an int, written ``7B`` when exact).
    :param modalities: official modality keywords; ``languages`` ISO 639-1 codes.
    :param inputs: the input formats; ``outputs`` the output formats.
    :param datasets: what it was trained on: bom-refs of ``data`` components, or inline
        :class:`~aibom.model.ComponentData`.
    :param evaluation_datasets: bom-refs of the ``data`` components it was evaluated on.
    :param metrics: performance metrics (:class:`~aibom.model.PerformanceMetric`).
    :param considerations: users, use cases, limitations, risks, fairness, and energy and CO2
        (``environmental_considerations``, CycloneDX 1.6+).
    :param hyperparameters: architecture hyperparameters (official ``cdx:ai-ml:model:hyperparameter:*``).
    :param training_hyperparameters: training hyperparameters (``aibom:training:hyperparameter:*``).
    :param lineage: base models and how it derives from them.
    :param quantization: :class:`Quantization` provenance; ``pruning`` and ``distillation`` likewise.
    :param properties: other component properties; ``model_card_properties`` other model-card
        properties; both kept as they are.
    """

    name: str
    version: str | None = None
    bom_ref: str = ""
    purl: str | None = None
    description: str | None = None
    hashes: tuple[Hash, ...] = ()
    licenses: tuple[str, ...] = ()
    external_references: tuple[ExternalReference, ...] = ()
    task: str | None = None
    approach: ApproachType | str | None = None
    architecture_family: str | None = None
    model_architecture: str | None = None
    parameter_count: int | None = None
    modalities: tuple[Modality | str, ...] = ()
    languages: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    datasets: tuple[str | ComponentData, ...] = ()
    evaluation_datasets: tuple[str, ...] = ()
    metrics: tuple[PerformanceMetric, ...] = ()
    considerations: Considerations | None = None
    hyperparameters: Hyperparameters = field(default_factory=Hyperparameters)
    training_hyperparameters: Hyperparameters = field(default_factory=Hyperparameters)
    lineage: FineTuningLineage | None = None
    quantization: Quantization | None = None
    pruning: Pruning | None = None
    distillation: Distillation | None = None
    properties: tuple[Property, ...] = ()
    model_card_properties: tuple[Property, ...] = ()

    COMPONENT_SLOTS: ClassVar[tuple[AnySlot, ...]] = COMPONENT_SLOTS
    CARD_SLOTS: ClassVar[tuple[AnySlot, ...]] = CARD_SLOTS

    def __post_init__(self) -> None:
        owner = "Model"
        check_identity(owner, self, "model")
        common_fields(owner, self)
        for attr in ("task", "architecture_family", "model_architecture"):
            require_text(owner, attr, getattr(self, attr))
        if isinstance(self.approach, str) and self.approach in ApproachType._value2member_map_:
            set_field(self, "approach", ApproachType(self.approach))
        check_type(owner, "approach", self.approach, str)
        for slot in (_MODALITIES, _LANGUAGES, _PARAMETER_COUNT, _EVALUATION):
            set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))
        for attr in ("inputs", "outputs"):
            set_field(self, attr, as_tuple(owner, attr, getattr(self, attr), str))
        set_field(self, "datasets", as_tuple(owner, "datasets", self.datasets, (str, ComponentData)))
        set_field(self, "metrics", as_tuple(owner, "metrics", self.metrics, PerformanceMetric))
        check_type(owner, "considerations", self.considerations, Considerations)
        for attr in ("hyperparameters", "training_hyperparameters"):
            value = getattr(self, attr)
            if isinstance(value, Mapping) and not isinstance(value, Hyperparameters):
                set_field(self, attr, Hyperparameters(value))
            check_type(owner, attr, getattr(self, attr), Hyperparameters, optional=False)
        for attr, kind in (("lineage", FineTuningLineage), *_FACETS):
            value = getattr(self, attr)
            check_type(owner, attr, value, kind)
            if value is not None and value.is_empty():
                set_field(self, attr, None)
        set_field(self, "properties", check_extras_type(owner, "properties", self.properties))
        set_field(self, "model_card_properties",
                  check_extras_type(owner, "model_card_properties", self.model_card_properties))
        for prop in self.properties:
            if prop.name in HF_BASE_MODEL_NAMES:
                raise InvalidArgument(f"Model.properties: {prop.name!r} is read as a base model; set lineage instead",
                                      expected="lineage=FineTuningLineage(bases=...)")
            if belongs_in_card(prop.name):
                raise InvalidArgument(f"Model.properties: {prop.name!r} belongs in the model card",
                                      expected="model_card_properties, or the field it is read as")
        for prop in self.model_card_properties:
            if belongs_on_component(prop.name):
                raise InvalidArgument(f"Model.model_card_properties: {prop.name!r} belongs on the component",
                                      expected="properties, or the field it is read as")
        check_extras("Model.properties", COMPONENT_SLOTS, write(COMPONENT_SLOTS, self._component_values()),
                     self.properties)
        check_extras("Model.model_card_properties", CARD_SLOTS, write(CARD_SLOTS, self._card_values()),
                     self.model_card_properties)

    def _component_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"modalities": self.modalities, "languages": self.languages}
        if self.lineage is not None:
            values.update({"lineage." + key: value for key, value in self.lineage.component_values().items()})
        for key, _ in _FACETS:
            facet = getattr(self, key)
            if facet is not None:
                values.update({f"{key}.{field}": value for field, value in facet.field_values().items()})
        return values

    def _card_values(self) -> dict[str, Any]:
        return {
            "parameter_count": self.parameter_count,
            "lineage.tune_methods": self.lineage.tune_methods if self.lineage is not None else (),
            "hyperparameters": self.hyperparameters,
            "training_hyperparameters": self.training_hyperparameters,
            "evaluation_datasets": self.evaluation_datasets,
        }

    def _model_card(self) -> ModelCard | None:
        parameters = ModelParameters(
            approach=Approach(type=self.approach) if self.approach is not None else None,
            task=self.task,
            architecture_family=self.architecture_family,
            model_architecture=self.model_architecture,
            datasets=tuple(DataReference(ref=item) if isinstance(item, str) else item for item in self.datasets),
            inputs=tuple(InputOutput(format=text) for text in self.inputs),
            outputs=tuple(InputOutput(format=text) for text in self.outputs),
        )
        analysis = QuantitativeAnalysis(performance_metrics=self.metrics) if self.metrics else None
        properties = write(CARD_SLOTS, self._card_values()) + self.model_card_properties
        card = ModelCard(
            model_parameters=parameters if parameters != ModelParameters() else None,
            quantitative_analysis=analysis,
            considerations=self.considerations,
            properties=properties,
        )
        return card if card != ModelCard() else None

    def to_cyclonedx(self) -> Component:
        """The ``machine-learning-model`` component."""
        bases = self.lineage.bases if self.lineage is not None else ()
        return Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            bom_ref=self.bom_ref,
            name=self.name,
            version=self.version,
            description=self.description,
            hashes=self.hashes,
            licenses=encode_licenses("Model", self.licenses),
            purl=self.purl,
            pedigree=Pedigree(ancestors=tuple(base.to_cyclonedx() for base in bases)) if bases else None,
            external_references=self.external_references,
            model_card=self._model_card(),
            properties=write(COMPONENT_SLOTS, self._component_values()) + self.properties,
        )

    @classmethod
    def from_cyclonedx(cls, component: Component) -> Model:
        """The model a ``machine-learning-model`` component describes.

        Reads the official and aibom properties (and the aliases in the taxonomy); the
        model card's ``modelParameters.properties`` (where the official taxonomy's examples
        put them, which the schema rejects) are read like ``modelCard.properties``.
        """
        if component.type != ComponentType.MACHINE_LEARNING_MODEL:
            raise InvalidArgument(f"a Model is a 'machine-learning-model' component, not {component.type!r}",
                                  expected="type 'machine-learning-model'")
        card = component.model_card or ModelCard()
        card_properties = model_card_properties(card)
        to_card = tuple(prop for prop in component.properties if belongs_in_card(prop.name))
        to_component = tuple(prop for prop in card_properties if belongs_on_component(prop.name))
        values, leftover = read(
            COMPONENT_SLOTS,
            tuple(prop for prop in component.properties if not belongs_in_card(prop.name)) + to_component,
        )
        card_values, card_leftover = read(
            CARD_SLOTS, tuple(prop for prop in card_properties if not belongs_on_component(prop.name)) + to_card
        )
        kept = {id(prop) for prop in card.properties + to_card}  # misplaced modelParameters.properties are not
        card_leftover = tuple(prop for prop in card_leftover if id(prop) in kept)
        bases = bases_of(component)
        named = {base.name for base in bases}
        bases += tuple(base for base in hf_base_models(leftover) if base.name not in named)
        leftover = tuple(prop for prop in leftover if prop.name not in HF_BASE_MODEL_NAMES)
        parameters = card.model_parameters or ModelParameters()
        analysis = card.quantitative_analysis
        return cls(
            **identity_of(component),
            hashes=component.hashes,
            licenses=decode_licenses(component.licenses),
            external_references=component.external_references,
            task=text_or_none(parameters.task),
            approach=text_or_none(parameters.approach.type) if parameters.approach is not None else None,
            architecture_family=text_or_none(parameters.architecture_family),
            model_architecture=text_or_none(parameters.model_architecture),
            parameter_count=card_values.get("parameter_count"),
            modalities=tuple(dict.fromkeys(values.get("modalities", ()))),
            languages=tuple(dict.fromkeys(values.get("languages", ()))),
            inputs=tuple(text for io in parameters.inputs if (text := text_or_none(io.format)) is not None),
            outputs=tuple(text for io in parameters.outputs if (text := text_or_none(io.format)) is not None),
            datasets=_datasets(parameters),
            evaluation_datasets=tuple(dict.fromkeys(card_values.get("evaluation_datasets", ()))),
            metrics=analysis.performance_metrics if analysis is not None else (),
            considerations=card.considerations,
            hyperparameters=Hyperparameters(card_values.get("hyperparameters", {})),
            training_hyperparameters=Hyperparameters(card_values.get("training_hyperparameters", {})),
            lineage=FineTuningLineage.from_values(_sub(values, "lineage."), _sub(card_values, "lineage."), bases),
            quantization=Quantization.from_values(_sub(values, "quantization.")),
            pruning=Pruning.from_values(_sub(values, "pruning.")),
            distillation=_distillation(_sub(values, "distillation.")),
            properties=leftover,
            model_card_properties=card_leftover,
        )


def _distillation(values: dict[str, Any]) -> Distillation | None:
    if "teachers" in values:
        values = {"teachers": tuple(dict.fromkeys(values["teachers"]))}
    return Distillation.from_values(values)


def _datasets(parameters: ModelParameters) -> tuple[str | ComponentData, ...]:
    out: list[str | ComponentData] = []
    for item in parameters.datasets:
        if isinstance(item, DataReference):
            ref = text_or_none(item.ref)
            if ref is not None and ref not in out:
                out.append(ref)
        else:
            out.append(item)
    return tuple(out)

