"""Hypothesis strategies for ``aibom.concepts``: every concept, and whole consistent sets of them.

Field values are generated from the taxonomy definitions the concepts' property slots use
(type, allowed values, range), so every name of the taxonomy is exercised. Texts are the
XML-safe words of :mod:`strategies`; every bom-ref of one set is unique and every reference
points at a concept of the right kind.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st
from strategies import texts

from aibom.concepts import (
    AdapterConfig,
    AIFramework,
    BaseModel,
    Concepts,
    Dataset,
    DatasetSplit,
    Distillation,
    FineTuningLineage,
    Hardware,
    Hyperparameters,
    Model,
    Pruning,
    Quantization,
    ServingRuntime,
    TrainingRun,
)
from aibom.concepts._slots import PrefixSlot, Slot
from aibom.concepts.hyperparameters import ARCHITECTURE, TRAINING
from aibom.taxonomy import PropertyDefinition, load_taxonomy
from aibom.model import (
    Co2Measure,
    ComponentData,
    Considerations,
    DataContents,
    DataGovernance,
    DataGovernanceParty,
    Diff,
    EnergyConsumption,
    EnergyMeasure,
    EnergyProvider,
    EnvironmentalConsiderations,
    ExternalReference,
    Hash,
    Patch,
    PerformanceMetric,
    Property,
)

__all__ = [
    "adapters",
    "ai_frameworks",
    "concept_sets",
    "datasets",
    "distillations",
    "hardware",
    "hyperparameters",
    "lineages",
    "models",
    "prunings",
    "quantizations",
    "serving_runtimes",
    "training_runs",
    "value_for",
]

_SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)
_WORDS = texts(3)
_SPECIFIERS = (">=1.0", ">=0.2,<0.3", "~=2.1", "==1.4.*", "!=1.5,>=1", "<3")
_LANGUAGES = ("en", "de", "fr", "ja", "zh", "nl", "la", "it")


def _numbers(definition: PropertyDefinition) -> st.SearchStrategy[int | float]:
    low = definition.minimum
    high = definition.maximum
    ints = st.integers(int(low) if low is not None else -(10**9), int(high) if high is not None else 10**12)
    floats = st.floats(low if low is not None else -1e9, high if high is not None else 1e15,
                       allow_nan=False, allow_infinity=False)
    return ints | floats


def value_for(definition: PropertyDefinition) -> st.SearchStrategy[Any]:
    """One value of a definition's type (for a list type: one item)."""
    kind = definition.type
    if kind == "integer":
        low = int(definition.minimum) if definition.minimum is not None else -(10**9)
        high = int(definition.maximum) if definition.maximum is not None else 10**15
        return st.integers(low, high)
    if kind == "number":
        return _numbers(definition)
    if kind == "boolean":
        return st.booleans()
    if kind == "enum":
        listed: st.SearchStrategy[str] = st.sampled_from([value.value for value in definition.values])
        return (listed | _WORDS) if definition.open else listed
    if kind == "string-list":
        known = [value.value for value in definition.values]
        return (st.sampled_from(known) | _SLUG) if known else _SLUG
    if kind == "language-list":
        return st.sampled_from(_LANGUAGES)
    if kind == "pep440-specifier":
        return st.sampled_from(_SPECIFIERS)
    if kind == "parameter-count":
        return st.integers(0, 10**13) | st.integers(1, 999).map(lambda n: n * 10**8)
    if kind in ("bom-ref", "component-ref"):
        return _SLUG.map(lambda slug: f"ref:{slug}")
    return _WORDS


def _slot_values(draw: st.DrawFn, slots: Sequence[Slot | PrefixSlot], skip: Sequence[str] = ()) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for slot in slots:
        if slot.key in skip or not isinstance(slot, Slot):
            continue
        strategy = value_for(slot.definition)
        if slot.repeatable:
            values[slot.key] = tuple(draw(st.lists(strategy, max_size=3, unique_by=str)))
        else:
            values[slot.key] = draw(st.none() | strategy)
    return values


@functools.cache
def _hyperparameter_definitions(prefix: str) -> tuple[PropertyDefinition, ...]:
    return tuple(d for d in load_taxonomy().properties if d.name.startswith(prefix) and not d.placeholder)


@st.composite
def hyperparameters(draw: st.DrawFn, prefix: str = TRAINING) -> Hyperparameters:
    """Known names with values of their declared type, and other names with any scalar value."""
    items: dict[str, Any] = {}
    for definition in draw(st.lists(st.sampled_from(_hyperparameter_definitions(prefix)), max_size=4, unique=True)):
        items[definition.name[len(prefix):]] = draw(value_for(definition))
    for name in draw(st.lists(_SLUG.map(lambda s: "x_" + s), max_size=3, unique=True)):
        items[name] = draw(st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.booleans()
                           | _WORDS)
    return Hyperparameters(items)


def _extra_properties(reserved: str = "acme:") -> st.SearchStrategy[tuple[Property, ...]]:
    prop = st.builds(lambda name, value: Property(name=reserved + name, value=value), _SLUG, st.none() | _WORDS)
    return st.lists(prop, max_size=2).map(tuple)


def _hashes() -> st.SearchStrategy[tuple[Hash, ...]]:
    return st.lists(st.text("0123456789abcdef", min_size=64, max_size=64).map(
        lambda hex_: Hash(alg="SHA-256", content=hex_)), max_size=1).map(tuple)


def _licenses() -> st.SearchStrategy[tuple[str, ...]]:
    names = st.sampled_from(("Apache-2.0", "MIT", "CC-BY-4.0", "ACME Research License", "LicenseRef-llama3.1"))
    return st.lists(names, max_size=2, unique=True).map(tuple) | st.just(("MIT OR Apache-2.0",))


def _external_references() -> st.SearchStrategy[tuple[ExternalReference, ...]]:
    reference = st.builds(lambda kind, slug: ExternalReference(type=kind, url=f"https://example.com/{slug}"),
                          st.sampled_from(("model-card", "distribution", "documentation", "vcs")), _SLUG)
    return st.lists(reference, max_size=2).map(tuple)


def _identity(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "version": draw(st.none() | _SLUG),
        "purl": draw(st.none() | _SLUG.map(lambda s: f"pkg:generic/{s}@1")),
        "description": draw(st.none() | _WORDS),
    }


@st.composite
def datasets(draw: st.DrawFn, name: str | None = None) -> Dataset:
    """A dataset with every field drawn."""
    splits = draw(st.lists(st.tuples(_SLUG, st.none() | st.integers(0, 10**9)), max_size=3, unique_by=lambda s: s[0]))
    governance = draw(st.none() | st.builds(
        lambda org: DataGovernance(owners=(DataGovernanceParty(organization={"name": org}),)), _WORDS))
    return Dataset(
        name=name or draw(_WORDS),
        **_identity(draw),
        hashes=draw(_hashes()),
        licenses=draw(_licenses()),
        external_references=draw(_external_references()),
        data_type=draw(st.sampled_from(("dataset", "configuration", "other"))),
        url=draw(st.none() | _SLUG.map(lambda s: f"https://data.example.com/{s}")),
        classification=draw(st.none() | st.sampled_from(("public", "confidential"))),
        sensitive_data=tuple(draw(st.lists(_WORDS, max_size=2))),
        governance=governance,
        splits=tuple(DatasetSplit(*split) for split in splits),
        properties=draw(_extra_properties()),
        **_slot_values(draw, [s for s in Dataset.SLOTS if isinstance(s, Slot)]),
    )


@st.composite
def quantizations(draw: st.DrawFn) -> Quantization:
    """Quantization provenance (any subset of its fields)."""
    return Quantization(**_slot_values(draw, Quantization.SLOTS))


@st.composite
def prunings(draw: st.DrawFn) -> Pruning:
    """Pruning provenance (any subset of its fields)."""
    return Pruning(**_slot_values(draw, Pruning.SLOTS))


@st.composite
def distillations(draw: st.DrawFn) -> Distillation:
    """Teachers of a distilled model."""
    return Distillation(**_slot_values(draw, Distillation.SLOTS))


@st.composite
def adapters(draw: st.DrawFn) -> AdapterConfig:
    """An adapter configuration."""
    return AdapterConfig(**_slot_values(draw, AdapterConfig.SLOTS))


@st.composite
def _base_models(draw: st.DrawFn, depth: int = 2) -> BaseModel:
    bases = draw(st.lists(_base_models(depth - 1), max_size=2)) if depth > 0 else []
    return BaseModel(
        name=draw(_WORDS),
        version=draw(st.none() | _SLUG),
        purl=draw(st.none() | _SLUG.map(lambda s: f"pkg:huggingface/org/{s}")),
        description=draw(st.none() | _WORDS),
        relation=draw(st.none() | st.sampled_from(("finetune", "adapter", "merge", "quantized", "distilled"))),
        bases=tuple(bases),
    )


@st.composite
def lineages(draw: st.DrawFn, datasets: Sequence[str] = ()) -> FineTuningLineage:
    """A lineage: up to two levels of base models, method, tune methods, adapter, datasets."""
    values = _slot_values(draw, (*FineTuningLineage.COMPONENT_SLOTS, *FineTuningLineage.CARD_SLOTS),
                          skip=("datasets",))
    values = {key: value for key, value in values.items() if not key.startswith("adapter.")}
    chosen = draw(st.lists(st.sampled_from(datasets), unique=True)) if datasets else []
    return FineTuningLineage(
        **values,
        bases=tuple(draw(st.lists(_base_models(), max_size=2))),
        adapter=draw(st.none() | adapters()),
        datasets=tuple(chosen),
    )


def _considerations() -> st.SearchStrategy[Considerations]:
    measure = st.integers(0, 10**6).map(lambda n: EnergyMeasure(value=n / 10))
    provider = st.builds(lambda org, kwh: EnergyProvider(organization={"name": org}, energy_source="wind",
                                                          energy_provided=kwh), _WORDS, measure)
    consumption = st.builds(
        lambda activity, providers, cost, co2: EnergyConsumption(
            activity=activity, energy_providers=(providers,), activity_energy_cost=cost,
            co2_cost_equivalent=Co2Measure(value=co2)),
        st.sampled_from(("training", "fine-tuning", "inference")), provider, measure, st.integers(0, 100))
    environmental = st.none() | st.lists(consumption, min_size=1, max_size=2).map(
        lambda items: EnvironmentalConsiderations(energy_consumptions=tuple(items)))
    return st.builds(lambda users, uses, env: Considerations(users=tuple(users), use_cases=tuple(uses),
                                                             environmental_considerations=env),
                     st.lists(_WORDS, max_size=2), st.lists(_WORDS, max_size=2), environmental)


@st.composite
def models(draw: st.DrawFn, name: str | None = None, datasets: Sequence[str] = ()) -> Model:
    """A model with every field drawn; dataset references are drawn from ``datasets``."""
    metric = st.builds(lambda kind, value, slice_: PerformanceMetric(type=kind, value=value, slice=slice_),
                       _WORDS, st.integers(0, 1000).map(lambda n: str(n / 1000)), st.none() | _WORDS)
    inline = st.builds(lambda n, s: ComponentData(type="dataset", name=n,
                                                  contents=DataContents(url=f"https://example.com/{s}")),
                       _WORDS, _SLUG)
    refs = draw(st.lists(st.sampled_from(datasets), unique=True)) if datasets else []
    own = _slot_values(draw, (Model.COMPONENT_SLOTS[0], Model.COMPONENT_SLOTS[1], Model.CARD_SLOTS[0]))
    facets: dict[str, Any] = {
        "quantization": draw(st.none() | quantizations()),
        "pruning": draw(st.none() | prunings()),
        "distillation": draw(st.none() | distillations()),
    }
    return Model(
        name=name or draw(_WORDS),
        **_identity(draw),
        hashes=draw(_hashes()),
        licenses=draw(_licenses()),
        external_references=draw(_external_references()),
        task=draw(st.none() | _WORDS),
        approach=draw(st.none() | st.sampled_from(("supervised", "self-supervised", "reinforcement-learning"))),
        architecture_family=draw(st.none() | _WORDS),
        model_architecture=draw(st.none() | _WORDS),
        inputs=tuple(draw(st.lists(_WORDS, max_size=2))),
        outputs=tuple(draw(st.lists(_WORDS, max_size=2))),
        datasets=tuple(refs) + tuple(draw(st.lists(inline, max_size=1))),
        evaluation_datasets=tuple(draw(st.lists(st.sampled_from(datasets), unique=True))) if datasets else (),
        metrics=tuple(draw(st.lists(metric, max_size=2))),
        considerations=draw(st.none() | _considerations()),
        hyperparameters=draw(hyperparameters(ARCHITECTURE)),
        training_hyperparameters=draw(hyperparameters(TRAINING)),
        lineage=draw(st.none() | lineages(datasets)),
        properties=draw(_extra_properties()),
        model_card_properties=draw(_extra_properties("modelcard:")),
        **own,
        **facets,
    )


@st.composite
def hardware(draw: st.DrawFn, name: str | None = None, partitions: bool = True) -> Hardware:
    """A device with every field drawn (and, sometimes, MIG partitions)."""
    values = _slot_values(draw, Hardware.SLOTS[1:], skip=("count", "hardware_class"))
    values["hardware_class"] = draw(value_for(Hardware.SLOTS[1].definition))
    name = name or draw(_WORDS)
    parts: list[Hardware] = []
    if partitions and draw(st.booleans()):
        parts = draw(st.lists(hardware(partitions=False), max_size=2))
        parts = [part.replace(bom_ref=f"device:{name}/part-{index}") for index, part in enumerate(parts)]
    return Hardware(
        name=name,
        **{key: value for key, value in values.items() if key not in ("uuid", "pci_bus_id")},
        count=draw(st.integers(1, 4096)),
        description=draw(st.none() | _WORDS),
        partitions=tuple(parts),
        properties=draw(_extra_properties()),
    )


@st.composite
def serving_runtimes(draw: st.DrawFn, name: str | None = None, models: Sequence[str] = (),
                     devices: Sequence[str] = ()) -> ServingRuntime:
    """A serving runtime serving some of ``models`` on some of ``devices``."""
    values = _slot_values(draw, ServingRuntime.SLOTS, skip=("runtime", "models", "accelerators"))
    return ServingRuntime(
        name=name or draw(_WORDS),
        runtime=draw(value_for(ServingRuntime.SLOTS[0].definition)),
        **_identity(draw),
        component_type=draw(st.sampled_from(("application", "framework", "platform", "container"))),
        models=tuple(draw(st.lists(st.sampled_from(models), unique=True))) if models else (),
        accelerators=tuple(draw(st.lists(st.sampled_from(devices), unique=True))) if devices else (),
        properties=draw(_extra_properties()),
        **values,
    )


@st.composite
def ai_frameworks(draw: st.DrawFn, name: str | None = None) -> AIFramework:
    """A framework with compatibility, integrations and modifications."""
    patch = st.builds(lambda kind, slug: Patch(type=kind, diff=Diff(url=f"https://example.com/{slug}.patch")),
                      st.sampled_from(("unofficial", "monkey", "backport")), _SLUG)
    return AIFramework(
        name=name or draw(_WORDS),
        **_identity(draw),
        patches=tuple(draw(st.lists(patch, max_size=2))),
        modification_notes=draw(st.none() | _WORDS),
        properties=draw(_extra_properties()),
        **_slot_values(draw, AIFramework.SLOTS),
    )


@st.composite
def training_runs(draw: st.DrawFn, name: str | None = None, models: Sequence[str] = (),
                  datasets: Sequence[str] = (), devices: Sequence[str] = ()) -> TrainingRun:
    """A training run using some of the given models, datasets and devices."""
    times = draw(st.none() | st.tuples(st.integers(1_700_000_000, 1_900_000_000), st.integers(0, 10**6)))
    started = ended = None
    if times is not None:
        from datetime import UTC, datetime

        started = datetime.fromtimestamp(times[0], UTC).isoformat()
        ended = datetime.fromtimestamp(times[0] + times[1], UTC).isoformat()
    return TrainingRun(
        name=name or draw(_WORDS),
        description=draw(st.none() | _WORDS),
        output_model=draw(st.none() | st.sampled_from(models)) if models else None,
        base_model=draw(st.none() | st.sampled_from(models)) if models else None,
        datasets=tuple(draw(st.lists(st.sampled_from(datasets), unique=True))) if datasets else (),
        hardware=tuple(draw(st.lists(st.sampled_from(devices), unique=True))) if devices else (),
        hyperparameters=draw(hyperparameters()),
        started=started,
        ended=ended,
        energy_kwh=draw(st.none() | st.integers(0, 10**6).map(lambda n: n / 10)),
        properties=draw(_extra_properties()),
    )


@st.composite
def concept_sets(draw: st.DrawFn, max_each: int = 2) -> Concepts:
    """A consistent set of concepts: unique names (hence bom-refs), references that resolve."""
    names = draw(st.lists(_SLUG, min_size=6 * max_each, max_size=6 * max_each, unique=True))
    pick = iter(names)
    data = [draw(datasets(name=next(pick)).map(lambda d: d.replace(bom_ref="", purl=None)))
            for _ in range(draw(st.integers(0, max_each)))]
    data_refs = [d.bom_ref for d in data]
    devices = [draw(hardware(name=next(pick))) for _ in range(draw(st.integers(0, max_each)))]
    device_refs = [d.bom_ref for d in devices] + [p.bom_ref for d in devices for p in d.partitions]
    model_list = [draw(models(name=next(pick), datasets=data_refs).map(lambda m: m.replace(bom_ref="", purl=None)))
                  for _ in range(draw(st.integers(0, max_each)))]
    model_refs = [m.bom_ref for m in model_list]
    serving = [draw(serving_runtimes(name=next(pick), models=model_refs, devices=device_refs)
                    .map(lambda s: s.replace(bom_ref="", purl=None)))
               for _ in range(draw(st.integers(0, max_each)))]
    frameworks = [draw(ai_frameworks(name=next(pick)).map(lambda f: f.replace(bom_ref="", purl=None)))
                  for _ in range(draw(st.integers(0, max_each)))]
    runs = [draw(training_runs(name=next(pick), models=model_refs, datasets=data_refs, devices=device_refs))
            for _ in range(draw(st.integers(0, max_each)))]
    subject = draw(st.none() | st.sampled_from(model_refs)) if model_refs else None
    return Concepts(models=tuple(model_list), datasets=tuple(data), hardware=tuple(devices),
                    training_runs=tuple(runs), serving=tuple(serving), frameworks=tuple(frameworks),
                    subject=subject)
