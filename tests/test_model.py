"""Tests of the typed ML-BOM model (``aibom.model``).

* every component and formulation item of the official CycloneDX suite and of the
  ML-BOM guide's complete example round-trips exactly, with its typed fields populated;
* elements built in Python, and generated ones (``strategies.py``), validate against the
  official JSON schemas;
* wrong JSON types raise ``InvalidDocument`` at the right JSON pointer, while unknown
  enumeration values and missing required keys still load and write back unchanged;
* the field and version-gate tables agree with the official schemas;
* value semantics: equality, hashing, ``replace``, pickling.
"""

from __future__ import annotations

import copy
import dataclasses
import doctest
import functools
import importlib
import json
import pickle
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aibom._schemas import schema_dir
from aibom.errors import InvalidArgument, InvalidDocument
from aibom.model import (
    COMPONENT_KEY_SINCE,
    Approach,
    ApproachType,
    Attachment,
    Co2Measure,
    Command,
    Commit,
    Component,
    ComponentData,
    ComponentScope,
    ComponentType,
    Condition,
    ConfidenceInterval,
    Considerations,
    DataContents,
    DataGovernance,
    DataGovernanceParty,
    DataReference,
    DataType,
    Dependency,
    Diff,
    Element,
    EnergyActivity,
    EnergyConsumption,
    EnergyMeasure,
    EnergyProvider,
    EnergySource,
    EnvironmentalConsiderations,
    Event,
    ExternalReference,
    ExternalReferenceType,
    FairnessAssessment,
    Formula,
    Graphic,
    GraphicsCollection,
    Hash,
    HashAlgorithm,
    Input,
    InputOutput,
    ModelCard,
    ModelParameters,
    Output,
    OutputType,
    Parameter,
    Patch,
    PatchType,
    Pedigree,
    PerformanceMetric,
    Property,
    QuantitativeAnalysis,
    ResourceReference,
    Risk,
    Step,
    Task,
    TaskType,
    Trigger,
    TriggerType,
    Volume,
    VolumeMode,
    Workflow,
    Workspace,
    inexpressible_fields,
)
from aibom.model.common import EXTERNAL_REFERENCE_TYPE_SINCE, HASH_ALGORITHM_SINCE
from aibom.model.component import COMPONENT_TYPE_SINCE
from aibom.spec import SpecVersion

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
SUITE = CORPUS / "cyclonedx-spec"
ML_GUIDE_EXAMPLE = CORPUS / "cyclonedx-examples" / "0x93_Appendix-C_Complete_Example__00.fixed.json"
VERSIONS = tuple(SpecVersion)
NO_CORPUS = "the shared CycloneDX corpus (../shared/corpus next to the repository) is not present"

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- helpers -----------------------------------------------------------------------------------


@functools.cache
def _schema(version: SpecVersion) -> dict[str, Any]:
    with open(schema_dir() / "cyclonedx" / f"bom-{version.value}.schema.json", encoding="utf-8") as file:
        result: dict[str, Any] = json.load(file)
    return result


@functools.cache
def _validator(version: SpecVersion) -> Any:
    """An offline validator of the official schema, with formats checked."""
    folder = schema_dir() / "cyclonedx"
    resources = []
    for name in ("spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json"):
        with open(folder / name, encoding="utf-8") as file:
            resources.append((f"http://cyclonedx.org/schema/{name}", json.load(file)))
    registry = jsonschema_rs.Registry(resources)
    return jsonschema_rs.validator_for(_schema(version), registry=registry, validate_formats=True)


def _schema_errors(document: dict[str, Any], version: SpecVersion) -> list[str]:
    return [
        f"{'/'.join(map(str, e.instance_path))}: {e.message[:300]}" for e in _validator(version).iter_errors(document)
    ]


def _bom(version: SpecVersion, **content: Any) -> dict[str, Any]:
    return {"bomFormat": "CycloneDX", "specVersion": version.value, "version": 1, **content}


def _components_of(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, component) for every component of a BOM, recursively."""

    def walk(pointer: str, component: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        if not isinstance(component, dict):
            return
        yield pointer, component
        for index, child in enumerate(component.get("components") or ()):
            yield from walk(f"{pointer}/components/{index}", child)
        pedigree = component.get("pedigree")
        if isinstance(pedigree, dict):
            for key in ("ancestors", "descendants", "variants"):
                for index, child in enumerate(pedigree.get(key) or ()):
                    yield from walk(f"{pointer}/pedigree/{key}/{index}", child)

    metadata = document.get("metadata") or {}
    if "component" in metadata:
        yield from walk("/metadata/component", metadata["component"])
    tools = metadata.get("tools")
    if isinstance(tools, dict):
        for index, tool in enumerate(tools.get("components") or ()):
            yield from walk(f"/metadata/tools/components/{index}", tool)
    for index, component in enumerate(document.get("components") or ()):
        yield from walk(f"/components/{index}", component)
    for f_index, formula in enumerate(document.get("formulation") or ()):
        for index, component in enumerate(formula.get("components") or ()):
            yield from walk(f"/formulation/{f_index}/components/{index}", component)


def _assert_typed(item: Element, data: dict[str, Any], pointer: str = "") -> None:
    """Every modelled key present in ``data`` is held by its typed field, recursively."""
    for key, attr in type(item).json_fields().items():
        if key not in data:
            continue
        value = getattr(item, attr)
        if data[key] == []:
            assert value in ((), None) or value == (), f"{pointer}/{key}"
            continue
        assert key not in item.extra, f"{pointer}/{key} left in extra"
        assert value is not None, f"{pointer}/{key} not populated"
        if isinstance(value, Element):
            _assert_typed(value, data[key], f"{pointer}/{key}")
        elif isinstance(value, tuple):
            assert len(value) == len(data[key]), f"{pointer}/{key}"
            for index, entry in enumerate(value):
                if isinstance(entry, Element):
                    _assert_typed(entry, data[key][index], f"{pointer}/{key}/{index}")


def _suite_files(pattern: str) -> list[Any]:
    files = sorted(path for version in VERSIONS for path in (SUITE / version.value).glob(pattern))
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=NO_CORPUS))]
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}") for path in files]


def _corpus_documents() -> list[Any]:
    params = _suite_files("valid-*.json")
    if ML_GUIDE_EXAMPLE.exists():
        params.append(pytest.param(ML_GUIDE_EXAMPLE, id="ml-bom-guide-appendix-c"))
    return params


def _load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as file:
        result: dict[str, Any] = json.load(file)
    return result


# -- the official suite and the ML-BOM guide example --------------------------------------------


@pytest.mark.parametrize("path", _corpus_documents())
def test_corpus_round_trip(path: Path) -> None:
    """Every component (recursively) and formula round-trips exactly, typed fields populated."""
    document = _load(path)
    version = SpecVersion.parse(document["specVersion"])
    for pointer, data in _components_of(document):
        component = Component.from_json(data, source=str(path), pointer=pointer)
        assert component.to_json() == data, pointer
        _assert_typed(component, data, pointer)
        assert component == Component.from_json(data)
        assert hash(component) == hash(Component.from_json(data))
        assert component.required_spec() <= version, pointer
        assert inexpressible_fields(component, version) == [], pointer
    for index, data in enumerate(document.get("formulation") or ()):
        formula = Formula.from_json(data, pointer=f"/formulation/{index}")
        assert formula.to_json() == data
        _assert_typed(formula, data, f"/formulation/{index}")
        assert formula.required_spec() <= version
    for index, data in enumerate(document.get("dependencies") or ()):
        assert Dependency.from_json(data).to_json() == data, f"/dependencies/{index}"


@pytest.mark.parametrize("path", _suite_files("invalid-*.json"))
def test_corpus_invalid_documents_load_or_fail_cleanly(path: Path) -> None:
    """Schema-invalid documents either load and write back unchanged, or raise InvalidDocument."""
    document = _load(path)
    for pointer, data in _components_of(document):
        try:
            component = Component.from_json(data, pointer=pointer)
        except InvalidDocument as error:
            assert error.location is not None and error.location.startswith(pointer)
        else:
            assert component.to_json() == data


def test_ml_guide_example_typed_fields() -> None:
    if not ML_GUIDE_EXAMPLE.exists():
        pytest.skip(NO_CORPUS)
    document = _load(ML_GUIDE_EXAMPLE)
    model = Component.from_json(document["metadata"]["component"], pointer="/metadata/component")
    assert model.type is ComponentType.MACHINE_LEARNING_MODEL
    assert model.name == "Qwen/Qwen-7B"
    assert model.manufacturer is not None and model.manufacturer["name"] == "Alibaba Cloud"
    assert model.tags == ("pytorch", "transformers", "text-generation")
    assert "releaseNotes" in model.extra
    assert model.external_references[1].type is ExternalReferenceType.MODEL_CARD
    assert model.pedigree is not None
    assert model.pedigree.ancestors[0].name == "meta-llama/Llama-3.2-3B-Instruct"
    assert [c.type for c in model.components].count(ComponentType.DATA) == 2
    weights = model.components[3]
    assert weights.data[0].type is DataType.DATASET
    assert weights.data[0].contents is not None and weights.data[0].contents.url is not None

    card = model.model_card
    assert card is not None and card.model_parameters is not None
    parameters = card.model_parameters
    assert parameters.task == "text-generation"
    assert parameters.architecture_family == "transformer"
    assert parameters.model_architecture == "QWenLMHeadModel"
    assert parameters.approach == Approach(type=ApproachType.SUPERVISED)
    assert [type(d) for d in parameters.datasets] == [ComponentData, ComponentData]
    first = parameters.datasets[0]
    assert isinstance(first, ComponentData)
    assert (first.name, first.classification) == ("UltraFeedback dataset", "public")
    assert parameters.inputs == (InputOutput(format="string"),)
    assert card.quantitative_analysis is not None
    metrics = card.quantitative_analysis.performance_metrics
    assert [m.type for m in metrics] == ["MMLU (5-shot)", "GLUE (F1 Score)"]
    assert metrics[0].value == "58.2"
    assert metrics[0].confidence_interval == ConfidenceInterval(lower_bound="57.48", upper_bound="58.92")
    assert metrics[1].slice == "cola"
    graphics = card.quantitative_analysis.graphics
    assert graphics is not None and graphics.collection[0].image is not None
    assert graphics.collection[0].image.encoding == "base64"
    assert card.considerations is not None and len(card.considerations.users) == 7
    assert model.required_spec() is SpecVersion.V1_6

    formula = Formula.from_json(document["formulation"][0])
    gpu = formula.components[-1]
    assert gpu.type is ComponentType.DEVICE and gpu.bom_ref == "nvidia-h100-pcie-gpu-1"
    workflow = formula.workflows[0]
    assert workflow.task_types == (TaskType.BUILD,)
    topology = workflow.runtime_topology[0]
    assert topology.depends_on == ("nvidia-h100-pcie-gpu-1",)
    assert "pkg:pypi/pytorch@2.10.0" in topology.provides
    assert inexpressible_fields(formula, "1.5") == [
        ("/workflows/0/runtimeTopology/0/provides", "provides needs CycloneDX 1.6")
    ]


@pytest.mark.parametrize("version", ["1.6", "1.7"])
def test_suite_environmental_considerations_typed(version: str) -> None:
    path = SUITE / version / f"valid-machine-learning-considerations-env-{version}.json"
    if not path.exists():
        pytest.skip(NO_CORPUS)
    data = _load(path)["components"][0]
    model = Component.from_json(data)
    assert model.model_card is not None and model.model_card.considerations is not None
    environment = model.model_card.considerations.environmental_considerations
    assert environment is not None
    use = environment.energy_consumptions[0]
    assert use.activity is EnergyActivity.TRAINING
    assert use.activity_energy_cost == EnergyMeasure(value=0.4, unit="kWh")
    assert use.co2_cost_equivalent == Co2Measure(value=31.22)
    provider = use.energy_providers[0] if use.energy_providers else None
    assert provider is not None and provider.energy_source is EnergySource.NATURAL_GAS
    assert provider.organization is not None and provider.organization["name"] == "Meta"
    assert model.required_spec() is SpecVersion.V1_6
    assert inexpressible_fields(model, "1.5") == [
        ("/modelCard/considerations/environmentalConsiderations", "environmentalConsiderations needs CycloneDX 1.6")
    ]


# -- built in Python -> official schema --------------------------------------------------------


def _full_model(version: SpecVersion) -> Component:
    """A hand-built ML model using every part of the model card (environment only for 1.6+)."""
    environment = EnvironmentalConsiderations(
        energy_consumptions=(
            EnergyConsumption(
                activity=EnergyActivity.FINE_TUNING,
                energy_providers=(
                    EnergyProvider(
                        bom_ref="provider-1",
                        organization={"name": "ACME Cloud"},
                        energy_source=EnergySource.WIND,
                        energy_provided=EnergyMeasure(value=1200),
                        external_references=(ExternalReference(type="website", url="https://acme.example"),),
                    ),
                ),
                activity_energy_cost=EnergyMeasure(value=1200.5),
                co2_cost_equivalent=Co2Measure(value=0.3),
                co2_cost_offset=Co2Measure(value=0),
                properties=(Property(name="region", value="eu-north-1"),),
            ),
        ),
    )
    card = ModelCard(
        bom_ref="model-card-1",
        model_parameters=ModelParameters(
            approach=Approach(type=ApproachType.SELF_SUPERVISED),
            task="text-generation",
            architecture_family="transformer",
            model_architecture="LlamaForCausalLM",
            datasets=(
                DataReference(ref="dataset-1"),
                ComponentData(
                    type=DataType.DATASET,
                    name="eval split",
                    contents=DataContents(
                        url="https://data.example/eval", properties=(Property(name="rows", value="1000"),)
                    ),
                    classification="public",
                    sensitive_data=("none",),
                    governance=DataGovernance(
                        owners=(DataGovernanceParty(organization={"name": "ACME"}),),
                        stewards=(DataGovernanceParty(contact={"name": "Ada", "email": "ada@example.org"}),),
                    ),
                ),
            ),
            inputs=(InputOutput(format="string"),),
            outputs=(InputOutput(format="string"),),
        ),
        quantitative_analysis=QuantitativeAnalysis(
            performance_metrics=(
                PerformanceMetric(
                    type="accuracy",
                    value="0.91",
                    slice="en",
                    confidence_interval=ConfidenceInterval(lower_bound="0.9", upper_bound="0.92"),
                ),
            ),
            graphics=GraphicsCollection(
                description="curves",
                collection=(
                    Graphic(name="loss", image=Attachment(content="aGk=", content_type="image/png", encoding="base64")),
                ),
            ),
        ),
        considerations=Considerations(
            users=("researchers",),
            use_cases=("chat",),
            technical_limitations=("hallucinates",),
            performance_tradeoffs=("latency vs quality",),
            ethical_considerations=(Risk(name="bias", mitigation_strategy="evals"),),
            environmental_considerations=environment if version >= SpecVersion.V1_6 else None,
            fairness_assessments=(
                FairnessAssessment(group_at_risk="minors", benefits="b", harms="h", mitigation_strategy="m"),
            ),
        ),
        properties=(Property(name="cdx:ai-ml:model:parameter:count", value="7B"),),
    )
    newer = version >= SpecVersion.V1_6
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name="acme/llm-7b",
        bom_ref="model-1",
        group="acme",
        version="1.0",
        description="A model",
        scope=ComponentScope.REQUIRED,
        supplier={"name": "ACME"},
        manufacturer={"name": "ACME Labs"} if newer else None,
        hashes=(Hash(alg=HashAlgorithm.SHA_256, content="a" * 64),),
        licenses=({"license": {"id": "Apache-2.0"}},),
        purl="pkg:huggingface/acme/llm-7b@0123456789abcdef0123456789abcdef01234567",
        external_references=(
            ExternalReference(type=ExternalReferenceType.MODEL_CARD, url="https://hf.example/acme/llm-7b"),
        ),
        pedigree=Pedigree(
            ancestors=(Component(type=ComponentType.MACHINE_LEARNING_MODEL, name="acme/base-7b", bom_ref="base-1"),),
            commits=(
                Commit(
                    uid="abc",
                    url="https://git.example/c/abc",
                    author={"name": "Ada", "timestamp": "2024-01-01T00:00:00Z"},
                ),
            ),
            patches=(Patch(type=PatchType.BACKPORT, diff=Diff(url="https://git.example/d/1")),),
            notes="fine-tuned",
        ),
        components=(
            Component(
                type=ComponentType.FILE,
                name="model.safetensors",
                bom_ref="file-1",
                mime_type="application/octet-stream",
            ),
        ),
        model_card=card,
        properties=(Property(name="cdx:ai-ml:model:language", value="en"),),
        tags=("llm",) if newer else (),
    )


def _training_formula(version: SpecVersion) -> Formula:
    resource = ResourceReference(ref="image-1")
    task = Task(
        bom_ref="task-1",
        uid="task-uid-1",
        name="train",
        task_types=(TaskType.BUILD,),
        trigger=Trigger(
            bom_ref="trigger-1",
            uid="trigger-uid-1",
            type=TriggerType.MANUAL,
            event=Event(uid="e1", time_received="2024-01-01T00:00:00Z", source=resource),
            conditions=(Condition(expression="1 == 1"),),
        ),
        steps=(Step(name="run", commands=(Command(executed="torchrun train.py"),)),),
        inputs=(
            Input(parameters=(Parameter(name="lr", value="3e-4", data_type="float"),)),
            Input(environment_vars=(Property(name="CUDA_VISIBLE_DEVICES", value="0"), "NCCL_DEBUG=INFO")),
        ),
        outputs=(Output(type=OutputType.ARTIFACT, resource=ResourceReference(ref="model-1")),),
        time_start="2024-01-01T00:00:00Z",
        time_end="2024-01-02T00:00:00Z",
        workspaces=(
            Workspace(
                bom_ref="ws-1",
                uid="ws-uid-1",
                volume=Volume(mode=VolumeMode.FILESYSTEM, persistent=True, remote=False, size_allocated="1TB"),
            ),
        ),
    )
    return Formula(
        bom_ref="formula-1",
        components=(
            Component(type=ComponentType.CONTAINER, name="training-image", bom_ref="image-1"),
            Component(type=ComponentType.DEVICE, name="NVIDIA H100", bom_ref="gpu-1"),
            Component(type=ComponentType.LIBRARY, name="torch", version="2.4.0", bom_ref="torch-1"),
        ),
        services=({"name": "wandb", "bom-ref": "service-1"},),
        workflows=(
            Workflow(
                bom_ref="workflow-1",
                uid="run-1",
                task_types=(TaskType.BUILD, TaskType.TEST),
                tasks=(task,),
                resource_references=(resource,),
                runtime_topology=(
                    Dependency(
                        ref="image-1",
                        depends_on=("gpu-1",),
                        provides=("torch-1",) if version >= SpecVersion.V1_6 else (),
                    ),
                ),
            ),
        ),
    )


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.value)
def test_built_elements_validate_against_official_schema(version: SpecVersion) -> None:
    model = _full_model(version)
    formula = _training_formula(version)
    data = Component(
        type=ComponentType.DATA,
        name="dataset",
        bom_ref="dataset-1",
        data=(ComponentData(type=DataType.DATASET, contents=DataContents(attachment=Attachment(content="a,b"))),),
    )
    assert model.required_spec() == (SpecVersion.V1_5 if version is SpecVersion.V1_5 else SpecVersion.V1_6)
    assert inexpressible_fields(model, version) == []
    assert inexpressible_fields(formula, version) == []
    document = _bom(
        version,
        metadata={"component": model.to_json()},
        components=[data.to_json()],
        formulation=[formula.to_json()],
        dependencies=[Dependency(ref="model-1", depends_on=("dataset-1",)).to_json()],
    )
    assert _schema_errors(document, version) == []
    assert Component.from_json(model.to_json()) == model
    assert Formula.from_json(formula.to_json()) == formula


def test_schema_check_is_effective() -> None:
    """The 1.6 model (environmental considerations, tags, manufacturer) is invalid 1.5, and said so."""
    model = _full_model(SpecVersion.V1_6)
    assert _schema_errors(_bom(SpecVersion.V1_5, components=[model.to_json()]), SpecVersion.V1_5)
    assert [pointer for pointer, _ in inexpressible_fields(model, SpecVersion.V1_5)] == [
        "/manufacturer",
        "/modelCard/considerations/environmentalConsiderations",
        "/tags",
    ]


# -- errors: wrong JSON types ------------------------------------------------------------------

_BAD_INPUTS = [
    (
        {"type": "machine-learning-model", "name": "m", "modelCard": {"modelParameters": {"datasets": {}}}},
        "/modelCard/modelParameters/datasets",
        "an array",
    ),
    ({"type": "library", "name": 5}, "/name", "a string"),
    ({"type": ["library"], "name": "x"}, "/type", "a string"),
    ({"type": "library", "name": "x", "modelCard": []}, "/modelCard", "an object"),
    (
        {"type": "library", "name": "x", "components": [{"type": "file", "name": "a"}, "oops"]},
        "/components/1",
        "an object",
    ),
    ({"type": "library", "name": "x", "hashes": [{"alg": 256, "content": "ab"}]}, "/hashes/0/alg", "a string"),
    ({"type": "library", "name": "x", "tags": ["a", 1]}, "/tags/1", "a string"),
    ({"type": "library", "name": "x", "supplier": "ACME"}, "/supplier", "an object"),
    ({"type": "library", "name": "x", "licenses": ["MIT"]}, "/licenses/0", "an object"),
    (
        {"type": "library", "name": "x", "data": [{"type": "dataset", "sensitiveData": "PII"}]},
        "/data/0/sensitiveData",
        "an array",
    ),
    (
        {"type": "library", "name": "x", "modelCard": {"modelParameters": {"datasets": [{"ref": 7}]}}},
        "/modelCard/modelParameters/datasets/0/ref",
        "a string",
    ),
    (
        {
            "type": "library",
            "name": "x",
            "modelCard": {
                "considerations": {
                    "environmentalConsiderations": {
                        "energyConsumptions": [
                            {
                                "activity": "training",
                                "energyProviders": [],
                                "activityEnergyCost": {"value": "0.4", "unit": "kWh"},
                            }
                        ]
                    }
                }
            },
        },
        "/modelCard/considerations/environmentalConsiderations/energyConsumptions/0/activityEnergyCost/value",
        "a number",
    ),
    (
        {
            "type": "library",
            "name": "x",
            "modelCard": {
                "considerations": {
                    "environmentalConsiderations": {
                        "energyConsumptions": [
                            {
                                "activity": "training",
                                "energyProviders": [],
                                "activityEnergyCost": {"value": True, "unit": "kWh"},
                            }
                        ]
                    }
                }
            },
        },
        "/modelCard/considerations/environmentalConsiderations/energyConsumptions/0/activityEnergyCost/value",
        "a number",
    ),
    (
        {"type": "library", "name": "x", "pedigree": {"ancestors": [{"type": "library", "name": None}]}},
        "/pedigree/ancestors/0/name",
        "a string",
    ),
]


@pytest.mark.parametrize(("data", "location", "expected"), _BAD_INPUTS, ids=[case[1] for case in _BAD_INPUTS])
def test_wrong_types_raise_invalid_document(data: dict[str, Any], location: str, expected: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        Component.from_json(data, source="model.cdx.json")
    assert caught.value.location == location
    assert caught.value.expected == expected
    assert caught.value.source == "model.cdx.json"
    with pytest.raises(InvalidDocument) as nested:
        Component.from_json(data, pointer="/components/7")
    assert nested.value.location == "/components/7" + location


def test_wrong_types_in_formulation() -> None:
    bad_volume = {
        "workflows": [
            {
                "bom-ref": "w",
                "uid": "u",
                "taskTypes": ["build"],
                "workspaces": [{"bom-ref": "s", "uid": "v", "volume": {"persistent": "yes"}}],
            }
        ]
    }
    with pytest.raises(InvalidDocument) as caught:
        Formula.from_json(bad_volume, pointer="/formulation/0")
    assert caught.value.location == "/formulation/0/workflows/0/workspaces/0/volume/persistent"
    assert caught.value.expected == "a boolean"
    bad_env = {
        "workflows": [{"bom-ref": "w", "uid": "u", "taskTypes": ["build"], "inputs": [{"environmentVars": ["A=1", 2]}]}]
    }
    with pytest.raises(InvalidDocument) as caught:
        Formula.from_json(bad_env)
    assert caught.value.location == "/workflows/0/inputs/0/environmentVars/1"
    assert caught.value.expected == "an object or a string"
    with pytest.raises(InvalidDocument) as caught:
        Formula.from_json({"workflows": [{"taskTypes": "build"}]})
    assert caught.value.location == "/workflows/0/taskTypes"


@pytest.mark.parametrize("data", [[], "x", 1, None, ["type", "library"]])
def test_non_object_root(data: Any) -> None:
    with pytest.raises(InvalidDocument) as caught:
        Component.from_json(data, pointer="/metadata/component")
    assert caught.value.location == "/metadata/component"
    assert caught.value.expected == "an object"


# -- lenient load ------------------------------------------------------------------------------


def test_unknown_enum_values_load_as_plain_strings() -> None:
    data = {
        "type": "quantum-model",
        "name": "x",
        "scope": "sometimes",
        "hashes": [{"alg": "SHA-999", "content": "ab"}],
        "modelCard": {"modelParameters": {"approach": {"type": "vibes"}}},
        "data": [{"type": "telemetry"}],
    }
    component = Component.from_json(data)
    assert component.type == "quantum-model" and type(component.type) is str
    assert component.scope == "sometimes"
    assert component.hashes[0].alg == "SHA-999"
    assert component.data[0].type == "telemetry"
    assert component.to_json() == data
    workflow = {"bom-ref": "w", "uid": "u", "taskTypes": ["build", "train"]}
    assert Workflow.from_json(workflow).task_types == (TaskType.BUILD, "train")
    assert Workflow.from_json(workflow).to_json() == workflow


def test_missing_required_keys_and_empty_arrays_round_trip() -> None:
    cases: list[tuple[type[Element], dict[str, Any]]] = [
        (Workflow, {"name": "no bom-ref, uid or taskTypes"}),
        (Workflow, {"bom-ref": "w", "uid": "u", "taskTypes": []}),
        (Component, {"name": "no type", "properties": [], "hashes": [], "tags": []}),
        (Component, {"type": "library"}),
        (EnergyConsumption, {"energyProviders": []}),
        (EnergyMeasure, {"value": 1}),
        (Property, {"value": "no name (valid 1.5)"}),
        (ModelCard, {}),
        (Component, {"type": "library", "name": "x", "modelCard": {}, "pedigree": {"ancestors": []}}),
    ]
    for cls, data in cases:
        item = cls.from_json(data)
        assert item.to_json() == data, data
    assert EnergyMeasure.from_json({"value": 1}).unit is None
    assert EnergyMeasure(value=1).unit == "kWh"
    assert Workflow.from_json({}).task_types is None
    assert Workflow.from_json({"taskTypes": []}).task_types == ()


def test_unknown_keys_kept_in_extra() -> None:
    data = {
        "type": "machine-learning-model",
        "name": "m",
        "evidence": {"identity": [{"field": "purl", "confidence": 1}]},
        "x-vendor": [1, 2.5, None, True],
        "modelCard": {"modelParameters": {"properties": [{"name": "taxonomy-example-mistake"}]}},
    }
    component = Component.from_json(data)
    assert set(component.extra) == {"evidence", "x-vendor"}
    assert isinstance(component.extra, types.MappingProxyType)
    assert component.model_card is not None and component.model_card.model_parameters is not None
    assert "properties" in component.model_card.model_parameters.extra
    assert component.to_json() == data


def test_to_json_returns_fresh_objects() -> None:
    component = Component.from_json({"type": "library", "name": "x", "supplier": {"name": "s"}, "tags": ["a"]})
    out = component.to_json()
    out["name"] = "changed"
    out["supplier"]["name"] = "changed"
    out["tags"].append("b")
    assert component.to_json() == {"type": "library", "name": "x", "supplier": {"name": "s"}, "tags": ["a"]}


# -- version gates -----------------------------------------------------------------------------


def test_inexpressible_environmental_considerations_on_model_card() -> None:
    card = ModelCard(
        model_parameters=ModelParameters(task="classification"),
        considerations=Considerations(
            users=("analysts",),
            environmental_considerations=EnvironmentalConsiderations(
                energy_consumptions=(
                    EnergyConsumption(
                        activity=EnergyActivity.TRAINING,
                        energy_providers=(),
                        activity_energy_cost=EnergyMeasure(value=10),
                    ),
                )
            ),
        ),
    )
    assert inexpressible_fields(card, SpecVersion.V1_5) == [
        ("/considerations/environmentalConsiderations", "environmentalConsiderations needs CycloneDX 1.6")
    ]
    assert inexpressible_fields(card, "1.6") == []
    assert inexpressible_fields(card, SpecVersion.V1_7) == []
    assert card.required_spec() is SpecVersion.V1_6
    assert card.replace(considerations=Considerations(users=("analysts",))).required_spec() is SpecVersion.V1_5
    assert inexpressible_fields(EnergyMeasure(value=1), "1.5") == [("", "EnergyMeasure needs CycloneDX 1.6")]


def test_component_level_gates() -> None:
    component = Component.from_json(
        {
            "type": "cryptographic-asset",
            "name": "key",
            "tags": ["a"],
            "omniborId": ["gitoid:blob:sha1:261eeb9e9f8b2b4b0d119366dda99c6fd7d35c64"],
            "isExternal": True,
            "externalReferences": [{"type": "citation", "url": "https://x.example"}],
            "hashes": [{"alg": "Streebog-512", "content": "ab" * 64}],
        }
    )
    assert inexpressible_fields(component, "1.5") == [
        ("/type", "type 'cryptographic-asset' needs CycloneDX 1.6"),
        ("/hashes/0/alg", "alg 'Streebog-512' needs CycloneDX 1.7"),
        ("/externalReferences/0/type", "type 'citation' needs CycloneDX 1.7"),
        ("/tags", "tags needs CycloneDX 1.6"),
        ("/omniborId", "omniborId needs CycloneDX 1.6"),
        ("/isExternal", "isExternal needs CycloneDX 1.7"),
    ]
    assert [pointer for pointer, _ in inexpressible_fields(component, "1.6")] == [
        "/hashes/0/alg",
        "/externalReferences/0/type",
        "/isExternal",
    ]
    assert component.required_spec() is SpecVersion.V1_7
    assert inexpressible_fields(component, "1.7") == []
    # An empty array placeholder for a gated field is still a gated key.
    assert inexpressible_fields(Component.from_json({"type": "library", "name": "x", "tags": []}), "1.5") == [
        ("/tags", "tags needs CycloneDX 1.6")
    ]
    nested = Component(type="library", name="outer", components=(component,))
    assert inexpressible_fields(nested, "1.6")[0][0] == "/components/0/hashes/0/alg"
    assert nested.required_spec() is SpecVersion.V1_7


def test_gate_tables_match_official_schemas() -> None:
    """COMPONENT_KEY_SINCE and the enumeration gates are exactly the schema differences."""
    keys: dict[str, SpecVersion] = {}
    previous: set[str] | None = None
    for version in VERSIONS:
        current = set(_schema(version)["definitions"]["component"]["properties"])
        if previous is not None:
            keys.update({key: version for key in current - previous})
            assert not previous - current, f"keys removed in {version}"
        previous = current
    assert dict(COMPONENT_KEY_SINCE) == keys

    def enum_gates(pointer: str) -> dict[str, SpecVersion]:
        gates: dict[str, SpecVersion] = {}
        seen: set[str] | None = None
        for version in VERSIONS:
            node: Any = _schema(version)
            for token in pointer.split("/"):
                node = node[token]
            values = set(node["enum"])
            if seen is not None:
                gates.update({value: version for value in values - seen})
            seen = values
        return gates

    assert dict(COMPONENT_TYPE_SINCE) == enum_gates("definitions/component/properties/type")
    assert EXTERNAL_REFERENCE_TYPE_SINCE == enum_gates("definitions/externalReference/properties/type")
    assert HASH_ALGORITHM_SINCE == enum_gates("definitions/hash-alg")


_DEFINITIONS: dict[type[Element], str] = {
    Property: "definitions/property",
    Attachment: "definitions/attachment",
    Hash: "definitions/hash",
    ExternalReference: "definitions/externalReference",
    Graphic: "definitions/graphic",
    GraphicsCollection: "definitions/graphicsCollection",
    Dependency: "definitions/dependency",
    ComponentData: "definitions/componentData",
    DataContents: "definitions/componentData/properties/contents",
    DataGovernance: "definitions/dataGovernance",
    DataGovernanceParty: "definitions/dataGovernanceResponsibleParty",
    DataReference: "definitions/modelCard/properties/modelParameters/properties/datasets/items/oneOf/1",
    ModelCard: "definitions/modelCard",
    ModelParameters: "definitions/modelCard/properties/modelParameters",
    Approach: "definitions/modelCard/properties/modelParameters/properties/approach",
    InputOutput: "definitions/inputOutputMLParameters",
    QuantitativeAnalysis: "definitions/modelCard/properties/quantitativeAnalysis",
    PerformanceMetric: "definitions/performanceMetric",
    ConfidenceInterval: "definitions/performanceMetric/properties/confidenceInterval",
    Considerations: "definitions/modelCard/properties/considerations",
    Risk: "definitions/risk",
    FairnessAssessment: "definitions/fairnessAssessment",
    EnvironmentalConsiderations: "definitions/environmentalConsiderations",
    EnergyConsumption: "definitions/energyConsumption",
    EnergyProvider: "definitions/energyProvider",
    EnergyMeasure: "definitions/energyMeasure",
    Co2Measure: "definitions/co2Measure",
    Component: "definitions/component",
    Pedigree: "definitions/component/properties/pedigree",
    Commit: "definitions/commit",
    Patch: "definitions/patch",
    Diff: "definitions/diff",
    Formula: "definitions/formula",
    Workflow: "definitions/workflow",
    Task: "definitions/task",
    Step: "definitions/step",
    Command: "definitions/command",
    Trigger: "definitions/trigger",
    Event: "definitions/event",
    Condition: "definitions/condition",
    Input: "definitions/inputType",
    Output: "definitions/outputType",
    ResourceReference: "definitions/resourceReferenceChoice",
    Parameter: "definitions/parameter",
    Workspace: "definitions/workspace",
    Volume: "definitions/volume",
}


def _definition(version: SpecVersion, pointer: str) -> dict[str, Any] | None:
    node: Any = _schema(version)
    for token in pointer.split("/"):
        if isinstance(node, list):
            node = node[int(token)]
        elif token in node:
            node = node[token]
        else:
            return None
    if "$ref" in node and "properties" not in node:
        return _definition(version, node["$ref"].removeprefix("#/"))
    assert isinstance(node, dict)
    return node


@pytest.mark.parametrize("cls", list(_DEFINITIONS), ids=lambda cls: cls.__name__)
def test_fields_and_gates_match_official_schemas(cls: type[Element]) -> None:
    """Each class models exactly its definition's keys (Component: a subset), with the right gates."""
    key_of = {attr: key for key, attr in cls.json_fields().items()}
    since_of = {key_of[f.name]: f.metadata.get("aibom.since") for f in dataclasses.fields(cls) if f.name in key_of}
    newest = _definition(SpecVersion.V1_7, _DEFINITIONS[cls])
    assert newest is not None
    keys = set(newest["properties"])
    modelled = set(cls.json_fields())
    if cls is Component:
        assert modelled <= keys
    else:
        assert modelled == keys
    first = cls.min_spec or SpecVersion.V1_5
    for version in VERSIONS:
        definition = _definition(version, _DEFINITIONS[cls])
        assert (definition is not None) == (version >= first), version
        if definition is None:
            continue
        for key in modelled:
            since = since_of[key] or first
            assert (key in definition["properties"]) == (version >= since), (key, version)


_ENUMS: list[tuple[type[Any], str]] = [
    (ComponentType, "definitions/component/properties/type"),
    (ComponentScope, "definitions/component/properties/scope"),
    (HashAlgorithm, "definitions/hash-alg"),
    (ExternalReferenceType, "definitions/externalReference/properties/type"),
    (ApproachType, "definitions/modelCard/properties/modelParameters/properties/approach/properties/type"),
    (DataType, "definitions/componentData/properties/type"),
    (EnergyActivity, "definitions/energyConsumption/properties/activity"),
    (EnergySource, "definitions/energyProvider/properties/energySource"),
    (TaskType, "definitions/taskType"),
    (TriggerType, "definitions/trigger/properties/type"),
    (OutputType, "definitions/outputType/properties/type"),
    (PatchType, "definitions/patch/properties/type"),
    (VolumeMode, "definitions/volume/properties/mode"),
]


@pytest.mark.parametrize(("enum_cls", "pointer"), _ENUMS, ids=[e.__name__ for e, _ in _ENUMS])
def test_enumerations_match_official_schema(enum_cls: type[Any], pointer: str) -> None:
    node: Any = _schema(SpecVersion.V1_7)
    for token in pointer.split("/"):
        node = node[token]
    assert [member.value for member in enum_cls] == node["enum"]


# -- value semantics ---------------------------------------------------------------------------


def test_equality_and_hash() -> None:
    data = {"type": "library", "name": "x", "supplier": {"name": "s", "url": ["https://s.example"]}, "x": {"a": [1]}}
    one, two = Component.from_json(data), Component.from_json(json.loads(json.dumps(data)))
    assert one == two and hash(one) == hash(two)
    assert len({one, two}) == 1
    assert one != Component.from_json({**data, "x": {"a": [2]}})
    assert one != Component.from_json({**data, "name": "y"})
    assert Component(type="library", name="x") == Component(type=ComponentType.LIBRARY, name="x")
    assert Component(type="library", name="x").type is ComponentType.LIBRARY
    assert Property(name="a") != Parameter(name="a")  # type: ignore[comparison-overlap]
    assert (Property(name="a") == "a") is False  # type: ignore[comparison-overlap]


def test_construction_normalises_collections() -> None:
    component = Component(
        type=ComponentType.LIBRARY,
        name="x",
        tags=["a", "b"],  # type: ignore[arg-type]
        licenses=[{"license": {"id": "MIT"}}],  # type: ignore[arg-type]
        supplier={"name": "s"},
        extra={"cpe2": "x"},
    )
    assert component.tags == ("a", "b")
    assert isinstance(component.licenses, tuple) and isinstance(component.licenses[0], types.MappingProxyType)
    assert isinstance(component.supplier, types.MappingProxyType)
    assert isinstance(component.extra, types.MappingProxyType)
    hash(component)
    workflow = Workflow(bom_ref="w", uid="u", task_types=["build", "other"])  # type: ignore[arg-type]
    assert workflow.task_types == (TaskType.BUILD, TaskType.OTHER)
    with pytest.raises(InvalidArgument):
        Component(type="library", name="x", extra={"name": "y"})


def test_frozen() -> None:
    component = Component(type=ComponentType.LIBRARY, name="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        component.name = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        component.extra["x"] = 1  # type: ignore[index]


def test_replace() -> None:
    component = Component.from_json({"type": "library", "name": "x", "properties": [], "evidence": {}})
    changed = component.replace(properties=(Property(name="a", value="b"),))
    assert changed.to_json() == {
        "type": "library",
        "name": "x",
        "properties": [{"name": "a", "value": "b"}],
        "evidence": {},
    }
    assert "properties" not in changed.extra
    assert component.__replace__(name="y").name == "y"
    if hasattr(copy, "replace"):  # Python 3.13+
        assert copy.replace(component, name="z").name == "z"
    with pytest.raises(TypeError):
        component.replace(nonsense=1)


def test_pickle_and_copy() -> None:
    if not ML_GUIDE_EXAMPLE.exists():
        pytest.skip(NO_CORPUS)
    model = Component.from_json(_load(ML_GUIDE_EXAMPLE)["metadata"]["component"])
    for clone in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model), copy.copy(model)):
        assert clone == model and hash(clone) == hash(model)
        assert clone.to_json() == model.to_json()


def test_repr_is_compact() -> None:
    assert repr(Property(name="a", value="b")) == "Property(name='a', value='b')"
    assert repr(Component(type=ComponentType.LIBRARY, name="x", tags=("t",))) == (
        "Component(type=ComponentType.LIBRARY, name='x', tags=('t',))"
    )


def test_docstring_examples() -> None:
    for name in ("_element", "common", "data", "model_card", "pedigree", "component", "formulation", "__init__"):
        module = importlib.import_module("aibom.model" if name == "__init__" else f"aibom.model.{name}")
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, name


# -- property tests ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.value)
def test_generated_components_round_trip_and_validate(version: SpecVersion) -> None:
    @SETTINGS
    @given(strategies.components(version))
    def check(component: Component) -> None:
        data = component.to_json()
        again = Component.from_json(data)
        assert again == component and hash(again) == hash(component)
        assert again.to_json() == data
        assert component.required_spec() <= version
        assert inexpressible_fields(component, version) == []
        assert _schema_errors(_bom(version, components=[data]), version) == []

    check()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.value)
def test_generated_formulas_round_trip_and_validate(version: SpecVersion) -> None:
    @SETTINGS
    @given(strategies.formulas(version))
    def check(formula: Formula) -> None:
        data = formula.to_json()
        assert Formula.from_json(data) == formula
        assert formula.required_spec() <= version
        assert _schema_errors(_bom(version, formulation=[data]), version) == []

    check()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@SETTINGS
@given(
    strategies.ml_models("1.7"),
    st.dictionaries(st.text(min_size=1, max_size=8).map(lambda k: "x-" + k), _JSON, max_size=3),
)
def test_unknown_keys_survive_round_trip(model: Component, unknown: dict[str, Any]) -> None:
    card = model.model_card
    assert card is not None
    changed = model.replace(extra=unknown, model_card=card.replace(extra=unknown))
    data = changed.to_json()
    again = Component.from_json(data)
    assert again == changed and hash(again) == hash(changed)
    assert again.to_json() == data


_KEYS = sorted({key for cls in _DEFINITIONS for key in cls.json_fields()} | {"x-unknown", "evidence"})
_FUZZ = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(["", "library", "build"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(_KEYS), _FUZZ, max_size=6))
def test_arbitrary_json_loads_losslessly_or_raises_invalid_document(data: dict[str, Any]) -> None:
    """Any JSON object either round-trips exactly or fails with InvalidDocument (never another error)."""
    for cls in (Component, Formula, Workflow, ModelCard):
        try:
            item = cls.from_json(data, pointer="/x")
        except InvalidDocument as error:
            assert error.location is not None and error.location.startswith("/x")
            assert error.expected
        else:
            assert item.to_json() == data
            assert cls.from_json(item.to_json()) == item
            hash(item)
            item.required_spec()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: v.value)
def test_generated_bom_documents_validate(version: SpecVersion) -> None:
    @settings(SETTINGS, max_examples=25)  # whole documents are slow to generate
    @given(st.booleans().flatmap(lambda xml: strategies.bom_documents(version, xml=xml)))
    def check(document: dict[str, Any]) -> None:
        assert _schema_errors(document, version) == []
        assert json.loads(json.dumps(document)) == document
        for pointer, data in _components_of(document):
            assert Component.from_json(data, pointer=pointer).to_json() == data
        for data in document.get("formulation", ()):
            assert Formula.from_json(data).to_json() == data

    check()
