"""AI concepts on CycloneDX: build an ML-BOM from what an AI system is made of, and read it back.

Each concept is an immutable, typed value with ``to_cyclonedx()`` (typed
:mod:`aibom.model` objects) and ``from_cyclonedx()``; :func:`build_bom` assembles a
whole :class:`~aibom.Bom` from them and :func:`read_concepts` extracts them from any
CycloneDX ML-BOM. Concept → CycloneDX → concept is the identity. Where each field lives
in CycloneDX is in ``docs/mapping.md``; the property names are defined in
``schemas/aibom-taxonomy.json`` (:mod:`aibom.taxonomy`).

>>> import aibom
>>> from aibom.concepts import Hardware, Model, TrainingRun, build_bom, read_concepts
>>> gpu = Hardware(name="NVIDIA A100-SXM4-80GB", hardware_class="gpu", count=4, usage=("training",))
>>> model = Model(name="churn-classifier", version="3", task="tabular-classification")
>>> run = TrainingRun(name="train churn-classifier v3", output_model=model.bom_ref, hardware=(gpu.bom_ref,))
>>> bom = build_bom(models=[model], hardware=[gpu], training_runs=[run], spec="1.7")
>>> aibom.validate(aibom.dumps(bom, format="xml")).ok
True
>>> read_concepts(bom).training_runs == (run,)
True
"""

from __future__ import annotations

from aibom.concepts.build import Concepts, build_bom, read_concepts
from aibom.concepts.dataset import Dataset, DatasetSplit
from aibom.concepts.distillation import Distillation
from aibom.concepts.framework import KNOWN_AI_FRAMEWORKS, AIFramework
from aibom.concepts.hardware import Hardware, HardwareClass, HardwareUsage
from aibom.concepts.hyperparameters import ARCHITECTURE, TRAINING, Hyperparameters, HyperparameterValue
from aibom.concepts.lineage import (
    AdapterConfig,
    BaseModel,
    FinetuneMethod,
    FineTuningLineage,
    LineageRelation,
    TuneMethod,
)
from aibom.concepts.model import Modality, Model
from aibom.concepts.pruning import Pruning, PruningMethod
from aibom.concepts.quantization import Quantization, QuantizationMethod
from aibom.concepts.serving import Batching, ServingRuntime, ServingRuntimeKind
from aibom.concepts.training import TrainingKind, TrainingRun
from aibom.taxonomy import PropertyDefinition, Taxonomy, load_taxonomy

__all__ = [
    "ARCHITECTURE",
    "KNOWN_AI_FRAMEWORKS",
    "TRAINING",
    "AIFramework",
    "AdapterConfig",
    "BaseModel",
    "Batching",
    "Concepts",
    "Dataset",
    "DatasetSplit",
    "Distillation",
    "FineTuningLineage",
    "FinetuneMethod",
    "Hardware",
    "HardwareClass",
    "HardwareUsage",
    "HyperparameterValue",
    "Hyperparameters",
    "LineageRelation",
    "Modality",
    "Model",
    "PropertyDefinition",
    "Pruning",
    "PruningMethod",
    "Quantization",
    "QuantizationMethod",
    "ServingRuntime",
    "ServingRuntimeKind",
    "Taxonomy",
    "TrainingKind",
    "TrainingRun",
    "TuneMethod",
    "build_bom",
    "load_taxonomy",
    "read_concepts",
]


def __dir__() -> list[str]:
    return __all__
