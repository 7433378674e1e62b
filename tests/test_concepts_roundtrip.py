"""The law of the concepts: concept → CycloneDX → concept is the identity.

Each concept is written to typed aibom.model objects, to JSON and back, and read back
equal; whole sets of concepts are built into BOMs that validate against the official
CycloneDX 1.6 and 1.7 schemas in JSON and XML, and read back equal from every one of them.
Reading a model component someone else wrote, with any mix of known, aliased, misplaced and
malformed properties, never fails, and what it reads writes back and reads again the same.
"""

from __future__ import annotations

from typing import Any

import pytest
from concept_strategies import (
    ai_frameworks,
    concept_sets,
    datasets,
    distillations,
    hardware,
    hyperparameters,
    lineages,
    models,
    prunings,
    quantizations,
    serving_runtimes,
    training_runs,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aibom
from aibom.concepts import (
    AIFramework,
    Dataset,
    Distillation,
    FineTuningLineage,
    Hardware,
    Hyperparameters,
    Model,
    Pruning,
    Quantization,
    ServingRuntime,
    TrainingRun,
    build_bom,
    read_concepts,
)
from aibom.concepts.hyperparameters import ARCHITECTURE, TRAINING
from aibom.taxonomy import load_taxonomy
from aibom.model import Component, ComponentType, ModelCard, Property, Workflow

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOM_SETTINGS = settings(max_examples=20, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _through_json(component: Component) -> Component:
    return Component.from_json(component.to_json())


@SETTINGS
@given(datasets())
def test_dataset_round_trip(dataset: Dataset) -> None:
    assert Dataset.from_cyclonedx(_through_json(dataset.to_cyclonedx())) == dataset


@SETTINGS
@given(models(datasets=("data:a", "data:b")))
def test_model_round_trip(model: Model) -> None:
    assert Model.from_cyclonedx(_through_json(model.to_cyclonedx())) == model


@SETTINGS
@given(hardware())
def test_hardware_round_trip(device: Hardware) -> None:
    assert Hardware.from_cyclonedx(_through_json(device.to_cyclonedx())) == device


@SETTINGS
@given(serving_runtimes(models=("model:a",), devices=("device:a", "device:b")))
def test_serving_runtime_round_trip(runtime: ServingRuntime) -> None:
    assert ServingRuntime.from_cyclonedx(_through_json(runtime.to_cyclonedx())) == runtime


@SETTINGS
@given(ai_frameworks())
def test_framework_round_trip(framework: AIFramework) -> None:
    assert AIFramework.from_cyclonedx(_through_json(framework.to_cyclonedx())) == framework


_EMPTY_MODEL = Component(type=ComponentType.MACHINE_LEARNING_MODEL, name="m")


@SETTINGS
@given(st.one_of(quantizations(), prunings(), distillations()))
def test_provenance_facets_round_trip(facet: Quantization | Pruning | Distillation) -> None:
    read = type(facet).from_cyclonedx(_through_json(facet.to_cyclonedx(_EMPTY_MODEL)))
    assert read == (None if facet.is_empty() else facet)


@SETTINGS
@given(lineages(datasets=("data:a", "data:b")))
def test_lineage_round_trip(lineage: FineTuningLineage) -> None:
    read = FineTuningLineage.from_cyclonedx(_through_json(lineage.to_cyclonedx(_EMPTY_MODEL)))
    assert read == (None if lineage.is_empty() else lineage)


@SETTINGS
@given(st.sampled_from((TRAINING, ARCHITECTURE)).flatmap(lambda prefix: st.tuples(st.just(prefix),
                                                                                   hyperparameters(prefix))))
def test_hyperparameters_round_trip_with_their_types(case: tuple[str, Hyperparameters]) -> None:
    prefix, values = case
    read = Hyperparameters.from_cyclonedx(
        [Property.from_json(p.to_json()) for p in values.to_cyclonedx(prefix)], prefix
    )
    assert read == values
    assert all(type(read[name]) is type(values[name]) for name in values)


@SETTINGS
@given(training_runs(models=("model:a", "model:b"), datasets=("data:a",), devices=("device:a", "device:b")))
def test_training_run_round_trip(run: TrainingRun) -> None:
    bom = build_bom(
        models=[Model(name="a"), Model(name="b")],
        datasets=[Dataset(name="a")],
        hardware=[Hardware(name="a", hardware_class="gpu"), Hardware(name="b", hardware_class="tpu")],
        training_runs=[run],
    )
    workflow = Workflow.from_json(run.to_workflow().to_json())
    assert TrainingRun.from_cyclonedx(workflow, bom=bom) == run
    assert TrainingRun.from_cyclonedx(run.to_cyclonedx(), bom=bom) == run


@BOM_SETTINGS
@given(concept_sets(), st.sampled_from(("1.6", "1.7")))
def test_built_boms_are_valid_and_read_back_equal(concepts: Any, spec: str) -> None:
    bom = concepts.build_bom(spec=spec)
    assert read_concepts(bom) == concepts
    for fmt in ("json", "xml"):
        text = aibom.dumps(bom, format=fmt, spec=spec)
        report = aibom.validate(text)
        assert report.ok, [(f.code, f.location, f.message) for f in report.findings]
        assert read_concepts(text) == concepts


# ---------------------------------------------------------------------------------------------
# Reading what other tools write: any properties, never an error, and a fixed point after one read.

_TAXONOMY_NAMES = sorted(
    {d.name.replace("<name>", "x") for d in load_taxonomy().properties}
    | {a.name for d in load_taxonomy().properties for a in d.aliases}
    | {"base_model", "huggingface:base_model", "cdx:ai-ml:model:template:chat", "acme:id"}
)
_VALUES = st.one_of(
    st.none(),
    st.sampled_from(("", " ", "4", "-1", "0.5", "1.5", "true", "false", "7B", "en,fr", "en, xx1", "gptq", "GPU",
                     "finetune", ">=1,<2", "not a spec <<", "a,,b", "1e400", "nan", "x")),
    st.text(max_size=6),
)
_PROPERTY = st.builds(lambda name, value: Property(name=name, value=value), st.sampled_from(_TAXONOMY_NAMES), _VALUES)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PROPERTY, max_size=12), st.lists(_PROPERTY, max_size=12), st.lists(_PROPERTY, max_size=4))
def test_reading_foreign_models_never_fails_and_is_stable(
    component_props: list[Property], card_props: list[Property], misplaced: list[Property]
) -> None:
    card = ModelCard.from_json({
        "modelParameters": {"task": "x", "properties": [p.to_json() for p in misplaced]},
        "properties": [p.to_json() for p in card_props],
    })
    component = Component(type=ComponentType.MACHINE_LEARNING_MODEL, name="m", properties=tuple(component_props),
                          model_card=card)
    model = Model.from_cyclonedx(component)
    assert Model.from_cyclonedx(model.to_cyclonedx()) == model


@settings(max_examples=100, deadline=None)
@given(st.lists(_PROPERTY, max_size=12), st.sampled_from((Hardware, Dataset, AIFramework)))
def test_reading_foreign_components_never_fails_and_is_stable(props: list[Property], concept_class: Any) -> None:
    kind = {Hardware: "device", Dataset: "data", AIFramework: "framework"}[concept_class]
    concept = concept_class.from_cyclonedx(Component(type=kind, name="c", properties=tuple(props)))
    assert concept_class.from_cyclonedx(concept.to_cyclonedx()) == concept


@settings(max_examples=100, deadline=None)
@given(st.lists(_PROPERTY, max_size=12), _VALUES)
def test_reading_foreign_serving_runtimes_never_fails_and_is_stable(props: list[Property], runtime: Any) -> None:
    marker = Property(name="aibom:serving:runtime", value=runtime)
    component = Component(type="application", name="c", properties=(marker, *props))
    readable = any(p.name == "aibom:serving:runtime" and isinstance(p.value, str) and p.value.strip()
                   for p in component.properties)
    if not readable:
        with pytest.raises(aibom.InvalidArgument):
            ServingRuntime.from_cyclonedx(component)
        return
    concept = ServingRuntime.from_cyclonedx(component)
    assert ServingRuntime.from_cyclonedx(concept.to_cyclonedx()) == concept
