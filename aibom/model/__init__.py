"""Typed, immutable CycloneDX ML-BOM elements (model cards, data, formulation, pedigree).

Each class mirrors one CycloneDX JSON object.  ``Cls.from_json(obj)`` reads it
losslessly (unmodelled keys are kept in ``extra``), ``element.to_json()`` writes
exactly the CycloneDX JSON back, ``element.replace(...)`` makes a changed copy,
and ``element.required_spec()`` / :func:`inexpressible_fields` tell which CycloneDX
version can hold it.  Enumerations are :class:`enum.StrEnum`; an unknown value
read from a document stays a plain ``str`` so the document still round-trips.

>>> from aibom.model import Component
>>> doc = {"type": "machine-learning-model", "name": "resnet-50",
...        "modelCard": {"modelParameters": {"task": "image-classification",
...                                          "architectureFamily": "convolutional neural network"}}}
>>> model = Component.from_json(doc)
>>> model.model_card.model_parameters.task
'image-classification'
>>> model.to_json() == doc
True
"""

from __future__ import annotations

from aibom.model._element import Element, inexpressible_fields
from aibom.model.common import (
    Attachment,
    Dependency,
    ExternalReference,
    ExternalReferenceType,
    Graphic,
    GraphicsCollection,
    Hash,
    HashAlgorithm,
    Property,
)
from aibom.model.component import COMPONENT_KEY_SINCE, Component, ComponentScope, ComponentType
from aibom.model.data import (
    ComponentData,
    DataContents,
    DataGovernance,
    DataGovernanceParty,
    DataReference,
    DataType,
)
from aibom.model.formulation import (
    AccessMode,
    Command,
    Condition,
    Event,
    Formula,
    Input,
    Output,
    OutputType,
    Parameter,
    ResourceReference,
    Step,
    Task,
    TaskType,
    Trigger,
    TriggerType,
    Volume,
    VolumeMode,
    Workflow,
    Workspace,
)
from aibom.model.model_card import (
    Approach,
    ApproachType,
    Co2Measure,
    ConfidenceInterval,
    Considerations,
    EnergyActivity,
    EnergyConsumption,
    EnergyMeasure,
    EnergyProvider,
    EnergySource,
    EnvironmentalConsiderations,
    FairnessAssessment,
    InputOutput,
    ModelCard,
    ModelParameters,
    PerformanceMetric,
    QuantitativeAnalysis,
    Risk,
)
from aibom.model.pedigree import Commit, Diff, Patch, PatchType, Pedigree

__all__ = [
    "COMPONENT_KEY_SINCE",
    "AccessMode",
    "Approach",
    "ApproachType",
    "Attachment",
    "Co2Measure",
    "Command",
    "Commit",
    "Component",
    "ComponentData",
    "ComponentScope",
    "ComponentType",
    "Condition",
    "ConfidenceInterval",
    "Considerations",
    "DataContents",
    "DataGovernance",
    "DataGovernanceParty",
    "DataReference",
    "DataType",
    "Dependency",
    "Diff",
    "Element",
    "EnergyActivity",
    "EnergyConsumption",
    "EnergyMeasure",
    "EnergyProvider",
    "EnergySource",
    "EnvironmentalConsiderations",
    "Event",
    "ExternalReference",
    "ExternalReferenceType",
    "FairnessAssessment",
    "Formula",
    "Graphic",
    "GraphicsCollection",
    "Hash",
    "HashAlgorithm",
    "Input",
    "InputOutput",
    "ModelCard",
    "ModelParameters",
    "Output",
    "OutputType",
    "Parameter",
    "Patch",
    "PatchType",
    "Pedigree",
    "PerformanceMetric",
    "Property",
    "QuantitativeAnalysis",
    "ResourceReference",
    "Risk",
    "Step",
    "Task",
    "TaskType",
    "Trigger",
    "TriggerType",
    "Volume",
    "VolumeMode",
    "Workflow",
    "Workspace",
    "inexpressible_fields",
]


def __dir__() -> list[str]:
    return __all__
