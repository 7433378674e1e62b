"""The model card of a ``machine-learning-model`` component (``modelCard``).

The structure is the same in CycloneDX 1.5, 1.6 and 1.7, except
``considerations.environmentalConsiderations`` (energy use and CO2), added in 1.6.
Metric values and bounds are strings in the schema and stay strings here.

>>> from aibom.model import Approach, ApproachType, DataReference, ModelCard, ModelParameters
>>> card = ModelCard(model_parameters=ModelParameters(
...     approach=Approach(type=ApproachType.SUPERVISED),
...     task="text-generation",
...     datasets=(DataReference(ref="dataset-1"),),
... ))
>>> card.to_json()
{'modelParameters': {'approach': {'type': 'supervised'}, 'task': 'text-generation', 'datasets': [{'ref': 'dataset-1'}]}}
>>> ModelCard.from_json(card.to_json()) == card
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from aibom.model._element import Element, element, json_field
from aibom.model.common import ExternalReference, GraphicsCollection, Property
from aibom.model.data import ComponentData, DataReference
from aibom.spec import SpecVersion

__all__ = [
    "Approach",
    "ApproachType",
    "Co2Measure",
    "ConfidenceInterval",
    "Considerations",
    "EnergyActivity",
    "EnergyConsumption",
    "EnergyMeasure",
    "EnergyProvider",
    "EnergySource",
    "EnvironmentalConsiderations",
    "FairnessAssessment",
    "InputOutput",
    "ModelCard",
    "ModelParameters",
    "PerformanceMetric",
    "QuantitativeAnalysis",
    "Risk",
]


def __dir__() -> list[str]:
    return __all__


_V1_6 = SpecVersion.V1_6


class ApproachType(enum.StrEnum):
    """``modelCard.modelParameters.approach.type``.  On read an unknown value stays a plain ``str``."""

    SUPERVISED = "supervised"
    UNSUPERVISED = "unsupervised"
    REINFORCEMENT_LEARNING = "reinforcement-learning"
    SEMI_SUPERVISED = "semi-supervised"
    SELF_SUPERVISED = "self-supervised"


class EnergyActivity(enum.StrEnum):
    """``energyConsumption.activity`` (1.6+).  On read an unknown value stays a plain ``str``."""

    DESIGN = "design"
    DATA_COLLECTION = "data-collection"
    DATA_PREPARATION = "data-preparation"
    TRAINING = "training"
    FINE_TUNING = "fine-tuning"
    VALIDATION = "validation"
    DEPLOYMENT = "deployment"
    INFERENCE = "inference"
    OTHER = "other"


class EnergySource(enum.StrEnum):
    """``energyProvider.energySource`` (1.6+).  On read an unknown value stays a plain ``str``."""

    COAL = "coal"
    OIL = "oil"
    NATURAL_GAS = "natural-gas"
    NUCLEAR = "nuclear"
    WIND = "wind"
    SOLAR = "solar"
    GEOTHERMAL = "geothermal"
    HYDROPOWER = "hydropower"
    BIOFUEL = "biofuel"
    UNKNOWN = "unknown"
    OTHER = "other"


def _dataset_kind(data: Mapping[str, Any]) -> type[Element]:
    """``{"ref": ...}`` is a reference; anything else is an inline ``componentData``."""
    if "ref" in data and "type" not in data:
        return DataReference
    return ComponentData


@element
class Approach(Element):
    """The learning approach (``modelParameters.approach``)."""

    type: ApproachType | str | None = None


@element
class InputOutput(Element):
    """The format of a model input or output (``inputOutputMLParameters``), e.g. ``"image"``."""

    format: str | None = None


@element
class ModelParameters(Element):
    """What the model is and was trained on (``modelCard.modelParameters``).

    ``datasets`` holds inline :class:`~aibom.model.ComponentData` and
    :class:`~aibom.model.DataReference` (``{"ref": ...}``) items.
    """

    approach: Approach | None = None
    task: str | None = None
    architecture_family: str | None = None
    model_architecture: str | None = None
    datasets: tuple[ComponentData | DataReference, ...] = json_field(default=(), choose=_dataset_kind)
    inputs: tuple[InputOutput, ...] = ()
    outputs: tuple[InputOutput, ...] = ()


@element
class ConfidenceInterval(Element):
    """The bounds of a metric's confidence interval (strings, as in the schema)."""

    lower_bound: str | None = None
    upper_bound: str | None = None


@element
class PerformanceMetric(Element):
    """One measured metric (``performanceMetric``); ``value`` is a string.

    >>> PerformanceMetric(type="MMLU (5-shot)", value="58.2").to_json()
    {'type': 'MMLU (5-shot)', 'value': '58.2'}
    """

    type: str | None = None
    value: str | None = None
    slice: str | None = None
    confidence_interval: ConfidenceInterval | None = None


@element
class QuantitativeAnalysis(Element):
    """Metrics and graphics (``modelCard.quantitativeAnalysis``)."""

    performance_metrics: tuple[PerformanceMetric, ...] = ()
    graphics: GraphicsCollection | None = None


@element
class Risk(Element):
    """An ethical consideration and how it is mitigated (``risk``)."""

    name: str | None = None
    mitigation_strategy: str | None = None


@element
class FairnessAssessment(Element):
    """A group at risk, with benefits, harms and mitigation (``fairnessAssessment``)."""

    group_at_risk: str | None = None
    benefits: str | None = None
    harms: str | None = None
    mitigation_strategy: str | None = None


@element
class EnergyMeasure(Element):
    """An amount of energy (``energyMeasure``, 1.6+); the only unit is ``kWh``.

    >>> EnergyMeasure(value=0.4).to_json()
    {'value': 0.4, 'unit': 'kWh'}
    """

    min_spec = _V1_6

    value: float | None
    unit: str | None = "kWh"


@element
class Co2Measure(Element):
    """An amount of CO2 equivalent (``co2Measure``, 1.6+); the only unit is ``tCO2eq``."""

    min_spec = _V1_6

    value: float | None
    unit: str | None = "tCO2eq"


@element
class EnergyProvider(Element):
    """Who provided the energy and from which source (``energyProvider``, 1.6+).

    ``organization`` is a raw ``organizationalEntity`` mapping.
    """

    min_spec = _V1_6

    bom_ref: str | None = None
    description: str | None = None
    organization: Mapping[str, Any] | None
    energy_source: EnergySource | str | None
    energy_provided: EnergyMeasure | None
    external_references: tuple[ExternalReference, ...] = ()


@element
class EnergyConsumption(Element):
    """Energy used by one lifecycle activity (``energyConsumption``, 1.6+).

    ``energy_providers`` is required by the schema but may be empty; ``None`` means absent.

    >>> use = EnergyConsumption(activity=EnergyActivity.TRAINING, energy_providers=(),
    ...                         activity_energy_cost=EnergyMeasure(value=1200))
    >>> use.to_json()
    {'activity': 'training', 'energyProviders': [], 'activityEnergyCost': {'value': 1200, 'unit': 'kWh'}}
    """

    min_spec = _V1_6

    activity: EnergyActivity | str | None
    energy_providers: tuple[EnergyProvider, ...] | None
    activity_energy_cost: EnergyMeasure | None
    co2_cost_equivalent: Co2Measure | None = None
    co2_cost_offset: Co2Measure | None = None
    properties: tuple[Property, ...] = ()


@element
class EnvironmentalConsiderations(Element):
    """Energy consumption of the model's lifecycle (``environmentalConsiderations``, 1.6+)."""

    min_spec = _V1_6

    energy_consumptions: tuple[EnergyConsumption, ...] = ()
    properties: tuple[Property, ...] = ()


@element
class Considerations(Element):
    """Intended users and uses, limitations, risks (``modelCard.considerations``).

    ``environmental_considerations`` needs CycloneDX 1.6.
    """

    users: tuple[str, ...] = ()
    use_cases: tuple[str, ...] = ()
    technical_limitations: tuple[str, ...] = ()
    performance_tradeoffs: tuple[str, ...] = ()
    ethical_considerations: tuple[Risk, ...] = ()
    environmental_considerations: EnvironmentalConsiderations | None = json_field(since=_V1_6, default=None)
    fairness_assessments: tuple[FairnessAssessment, ...] = ()


@element
class ModelCard(Element):
    """A model card (``modelCard``).

    Hyperparameters, parameter counts and quantization have no fields of their own:
    they go in ``properties`` (e.g. ``cdx:ai-ml:model:hyperparameter:*``).
    """

    bom_ref: str | None = None
    model_parameters: ModelParameters | None = None
    quantitative_analysis: QuantitativeAnalysis | None = None
    considerations: Considerations | None = None
    properties: tuple[Property, ...] = ()
