"""The concepts: what they write, how they read other tools' BOMs, and what they refuse."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ML_GUIDE_EXAMPLE, SUITE, require_shared, suite_params

import aibom
from aibom.concepts import (
    AdapterConfig,
    AIFramework,
    BaseModel,
    Batching,
    Concepts,
    Dataset,
    DatasetSplit,
    Distillation,
    FineTuningLineage,
    Hardware,
    HardwareClass,
    Hyperparameters,
    LineageRelation,
    Modality,
    Model,
    Pruning,
    Quantization,
    QuantizationMethod,
    ServingRuntime,
    TrainingRun,
    build_bom,
    read_concepts,
)
from aibom.concepts.hardware import guess_class
from aibom.taxonomy import format_parameter_count, parse_parameter_count
from aibom.model import (
    Component,
    ComponentData,
    ComponentType,
    DataReference,
    Formula,
    ModelCard,
    Pedigree,
    Property,
)


def _props(component: Component) -> list[tuple[str | None, str | None]]:
    return [(p.name, p.value) for p in component.properties]


def _card_props(component: Component) -> list[tuple[str | None, str | None]]:
    assert component.model_card is not None
    return [(p.name, p.value) for p in component.model_card.properties]


def _model_component(properties: list[tuple[str, str]] | None = None, card: dict[str, Any] | None = None,
                     **fields: Any) -> Component:
    document: dict[str, Any] = {"type": "machine-learning-model", "name": "m", **fields}
    if properties:
        document["properties"] = [{"name": n, "value": v} for n, v in properties]
    if card is not None:
        document["modelCard"] = card
    return Component.from_json(document)


# ---------------------------------------------------------------------------------------------
# What the concepts write


def test_model_writes_official_fields_and_properties_first() -> None:
    model = Model(
        name="support-bot", task="text-generation", approach="supervised", parameter_count=8_030_000_000,
        modalities=("text", "instruct"), languages=("en", "de"), datasets=("data:tickets",),
        hyperparameters=Hyperparameters(hidden_size=4096),
        training_hyperparameters=Hyperparameters(learning_rate=2e-4, epochs=3),
        lineage=FineTuningLineage(relation="adapter", bases=(BaseModel(name="meta-llama/Llama-3.1-8B"),),
                                  method="lora", tune_methods=("sft",), adapter=AdapterConfig(r=16)),
    )
    component = model.to_cyclonedx()
    assert component.model_card is not None and component.model_card.model_parameters is not None
    assert component.model_card.model_parameters.datasets == (DataReference(ref="data:tickets"),)
    assert _props(component) == [
        ("cdx:ai-ml:model:modality", "text"),
        ("cdx:ai-ml:model:modality", "instruct"),
        ("cdx:ai-ml:model:language", "en"),
        ("cdx:ai-ml:model:language", "de"),
        ("aibom:lineage:relation", "adapter"),
        ("aibom:finetune:method", "lora"),
        ("aibom:adapter:r", "16"),
    ]
    assert _card_props(component) == [
        ("cdx:ai-ml:model:parameter:count", "8.03B"),
        ("cdx:ai-ml:model:parameter:tune_method", "sft"),
        ("cdx:ai-ml:model:hyperparameter:hidden_size", "4096"),
        ("aibom:training:hyperparameter:learning_rate", "0.0002"),
        ("aibom:training:hyperparameter:epochs", "3"),
    ]
    assert component.pedigree is not None
    assert [a.name for a in component.pedigree.ancestors] == ["meta-llama/Llama-3.1-8B"]


def test_a_model_with_nothing_but_a_name_has_no_model_card() -> None:
    component = Model(name="m").to_cyclonedx()
    assert component.model_card is None and component.properties == () and component.bom_ref == "model:m"


def test_parameter_counts_are_exact_both_ways() -> None:
    for count in (0, 125_000, 1_500_000, 7_000_000_000, 6_738_415_616, 1_800_000_000_000, 70_553_706_496):
        assert parse_parameter_count(format_parameter_count(count)) == count
    assert parse_parameter_count("1.5 b") == 1_500_000_000
    with pytest.raises(ValueError, match="whole number"):
        parse_parameter_count("1.0000000001M")


def test_hardware_writes_the_official_device_properties() -> None:
    gpu = Hardware(name="NVIDIA H100 80GB HBM3", hardware_class="gpu", count=8, uuid="GPU-6b2c",
                   form_factor="SXM5", serial_number="1650923", function="accelerator",
                   features=("fp8",), usage=("training", "inference"))
    assert gpu.bom_ref == "device:GPU-6b2c"
    properties = dict(_props(gpu.to_cyclonedx()))
    assert properties["cdx:device:deviceType"] == "GPU"
    assert properties["cdx:device:quantity"] == "8"
    assert properties["cdx:device:serialNumber"] == "1650923"
    assert properties["cdx:device:function"] == "accelerator"
    assert properties["aibom:hardware:form_factor"] == "SXM5"
    assert gpu.usage == ("training", "inference")


def test_hardware_partitions_are_nested_devices() -> None:
    mig = Hardware(name="MIG 1g.10gb", hardware_class="gpu", mig_profile="1g.10gb", bom_ref="device:GPU-1/mig-0")
    gpu = Hardware(name="NVIDIA A100", hardware_class="gpu", uuid="GPU-1", mig_mode=True, partitions=(mig,))
    component = gpu.to_cyclonedx()
    assert [c.bom_ref for c in component.components] == ["device:GPU-1/mig-0"]
    run = TrainingRun(name="on a MIG slice", hardware=(mig.bom_ref,))
    bom = build_bom(hardware=[gpu], training_runs=[run])
    concepts = read_concepts(bom)
    assert concepts.hardware == (gpu,)  # the partition is not a device of its own
    assert concepts.training_runs == (run,)


def test_dataset_writes_component_data_and_properties() -> None:
    data = Dataset(name="tickets", url="https://data.example.com/t.parquet", classification="confidential",
                   sensitive_data=("PII",), records=10, size_bytes=2048, splits=(DatasetSplit("train"),),
                   known_biases=("English only",), licenses=("CC-BY-4.0", "ACME Data License"))
    component = data.to_cyclonedx()
    assert component.data[0].to_json() == {
        "type": "dataset", "contents": {"url": "https://data.example.com/t.parquet"},
        "classification": "confidential", "sensitiveData": ["PII"],
    }
    assert component.licenses == ({"license": {"id": "CC-BY-4.0"}}, {"license": {"name": "ACME Data License"}})
    assert ("aibom:dataset:split:train", None) in _props(component)


def test_framework_modifications_are_official_pedigree_patches() -> None:
    from aibom.model import Diff, Patch

    patch = Patch(type="monkey", diff=Diff(url="https://example.com/fix.patch"))
    framework = AIFramework.pypi("peft", "0.13.2", modified=True, patches=(patch,), modification_notes="fix")
    component = framework.to_cyclonedx()
    assert component.type == ComponentType.FRAMEWORK
    assert component.pedigree == Pedigree(patches=(patch,), notes="fix")
    assert _props(component) == [("aibom:framework:modified", "true")]


def test_framework_compatibility_uses_pep_440() -> None:
    torch = AIFramework.pypi("torch", "2.4.0+cu124", requires=">=2.1,<3")
    assert torch.is_compatible() and not torch.is_compatible("3.0") and not torch.is_compatible("not a version")
    assert AIFramework(name="x").is_compatible() and not AIFramework(name="x", requires=">=1").is_compatible()
    with pytest.raises(aibom.InvalidArgument, match="PEP 440"):
        AIFramework(name="x", requires="between 1 and 2")


def test_serving_runtime_and_its_dependencies() -> None:
    model = Model(name="m")
    gpu = Hardware(name="L4", hardware_class="gpu", count=2)
    triton = ServingRuntime(name="tritonserver", runtime="Triton", component_type="container",
                            batching="dynamic", max_batch_size=0, instances=2, models=(model.bom_ref,),
                            accelerators=(gpu.bom_ref,))
    assert triton.runtime == "triton" and triton.batching is Batching.DYNAMIC
    bom = build_bom(models=[model], hardware=[gpu], serving=[triton])
    assert bom.document["dependencies"] == [{"ref": "serving:tritonserver", "dependsOn": ["model:m", "device:L4"]}]
    assert read_concepts(bom).serving == (triton,)


def test_training_run_is_a_formulation_workflow() -> None:
    run = TrainingRun(name="r", started="2026-10-01T08:00:00+00:00", ended="2026-10-01T08:00:01.5+00:00",
                      hyperparameters=Hyperparameters(seed=7), energy_kwh=1)
    assert run.duration_seconds == 1.5 and run.uid == run.bom_ref == "training:r"
    workflow = run.to_workflow().to_json()
    assert workflow["timeStart"] == "2026-10-01T08:00:00+00:00"
    assert workflow["properties"] == [
        {"name": "aibom:training:kind", "value": "training"},
        {"name": "aibom:training:hyperparameter:seed", "value": "7"},
        {"name": "aibom:training:duration", "value": "1.5"},
        {"name": "aibom:training:energy", "value": "1"},
    ]
    with pytest.raises(aibom.InvalidArgument, match="time zone"):
        TrainingRun(name="r", started="2026-10-01T08:00:00")
    with pytest.raises(aibom.InvalidArgument, match="no workflow"):
        TrainingRun.from_cyclonedx(Formula(), bom=aibom.Bom())


def test_quantization_knows_the_bit_widths_of_its_method() -> None:
    assert Quantization(method="bitsandbytes").allowed_bits == (4, 8)
    assert Quantization(method="bitnet").allowed_bits == (1.58,)
    assert Quantization(method="in-house").allowed_bits is None
    assert Quantization(method="GGUF").method is QuantizationMethod.GGUF
    assert Quantization(bits="4").bits == 4  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Hyperparameters


def test_hyperparameters_keep_their_types() -> None:
    given: dict[str, Any] = {"learning_rate": "3e-4", "batch_size": "64", "epochs": 2.5, "optimizer": "adamw",
                             "knob": "0.5", "flag": "true", "label": "007", "big": 10**20}
    hp = Hyperparameters(given)
    assert hp == Hyperparameters(learning_rate=0.0003, batch_size=64, epochs=2.5, optimizer="adamw",
                                 knob=0.5, flag=True, label="007", big=10**20)
    assert Hyperparameters(x=1) != Hyperparameters(x=1.0) != Hyperparameters(x=True)
    assert hash(Hyperparameters(a=1, b=2)) == hash(Hyperparameters(b=2, a=1))
    assert hp.unit("max_seq_length") == "tokens" and hp.unit("knob") is None
    read = Hyperparameters.from_cyclonedx(hp.to_cyclonedx())
    assert {name: type(value) for name, value in read.items()} == {name: type(value) for name, value in hp.items()}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"batch_size": 1.5}, "not an integer"),
        ({"batch_size": 0}, "below the minimum"),
        ({"optimizer": 8}, "declared as text"),
        ({"epochs": True}, "not a number"),
        ({"x": float("nan")}, "not finite"),
        ({"x": [1]}, "not a hyperparameter value"),
        ({" x": 1}, "unpadded"),
    ],
)
def test_hyperparameters_refuse_values_that_do_not_fit(values: dict[str, Any], message: str) -> None:
    with pytest.raises(aibom.InvalidArgument, match=message):
        Hyperparameters(values)


def test_hyperparameters_merge_and_pickle() -> None:
    import pickle

    hp = Hyperparameters(epochs=3).merged({"seed": 1}, epochs=4)
    assert hp == Hyperparameters(epochs=4, seed=1)
    assert pickle.loads(pickle.dumps(hp)) == hp
    with pytest.raises(aibom.InvalidArgument, match="twice"):
        Hyperparameters([("a", 1), ("a", 2)])


# ---------------------------------------------------------------------------------------------
# What the concepts refuse


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Model(name=""), "non-empty string"),
        (lambda: Model(name="m", properties=(Property(name="aibom:quantization:bits", value="4"),)),
         "set that field"),
        (lambda: Model(name="m", model_card_properties=(Property(name="cdx:ai-ml:model:parameter:count",
                                                                  value="7B"),)), "set that field"),
        (lambda: Model(name="m", properties=(Property(name="base_model", value="x"),)), "read as a base model"),
        (lambda: Model(name="m", languages=("english",)), "ISO 639-1"),
        (lambda: Model(name="m", languages=("en,fr",)), "more than one item"),
        (lambda: Model(name="m", licenses=("MIT", "MIT OR Apache-2.0")), "must be the only license"),
        (lambda: Model(name="m", parameter_count=7.5), "parameter count is an int"),  # type: ignore[arg-type]
        (lambda: FineTuningLineage(relation="forked"), "not one of"),
        (lambda: FineTuningLineage(datasets=("d", "d")), "twice"),
        (lambda: Pruning(target_sparsity=1.5), "above the maximum"),
        (lambda: Pruning(structured="yes"), "not a boolean"),  # type: ignore[arg-type]
        (lambda: AdapterConfig(r=0), "below the minimum"),
        (lambda: Hardware(name="x", hardware_class="quantum"), "not one of"),
        (lambda: Hardware(name="x", hardware_class="gpu", count=0), "below the minimum"),
        (lambda: Hardware(name="x", hardware_class="gpu", memory_bytes="lots"), "not an integer"),  # type: ignore[arg-type]
        (lambda: Hardware(name="x", hardware_class="gpu", driver_version=550), "not of type string"),  # type: ignore[arg-type]
        (lambda: Hardware(name="x", hardware_class="gpu", properties=(Property(name="aibom:hardware:vendor",
                                                                               value="NVIDIA"),)), "set that field"),
        (lambda: Dataset(name="d", splits=(DatasetSplit("a"), DatasetSplit("a"))), "twice"),
        (lambda: Dataset(name="d", records=-1), "below the minimum"),
        (lambda: ServingRuntime(name="s", runtime="vllm", component_type="library"), "not allowed"),
        (lambda: ServingRuntime(name="s", runtime="vllm", batching="sometimes"), "not one of"),
        (lambda: Distillation(teachers="model:t"), "sequence"),  # type: ignore[arg-type]
        (lambda: Concepts(models=(Model(name="m"),), subject="model:x"), "not the bom-ref"),
    ],
)
def test_concepts_refuse_bad_arguments(build: Any, message: str) -> None:
    with pytest.raises(aibom.InvalidArgument, match=message):
        build()


def test_build_bom_refuses_duplicate_refs_and_dangling_references() -> None:
    data = Dataset(name="d")
    with pytest.raises(aibom.InvalidArgument, match="already used"):
        build_bom(datasets=[data, data])
    ancestor = BaseModel(name="base", bom_ref="model:base")
    with pytest.raises(aibom.InvalidArgument, match="already used"):
        build_bom(models=[Model(name="base"), Model(name="ft", lineage=FineTuningLineage(bases=(ancestor,)))])
    with pytest.raises(aibom.InvalidArgument, match="is not in the BOM"):
        build_bom(models=[Model(name="m", datasets=("data:missing",))])
    with pytest.raises(aibom.InvalidArgument, match="is a 'data' component"):
        build_bom(datasets=[data], training_runs=[TrainingRun(name="r", output_model=data.bom_ref)])
    with pytest.raises(aibom.InvalidArgument, match="is not in the BOM"):
        build_bom(serving=[ServingRuntime(name="s", runtime="vllm", accelerators=("device:gone",))])


def test_build_bom_writes_the_subject_as_metadata_component_and_names_aibom_as_the_tool() -> None:
    first, second = Model(name="a"), Model(name="b")
    bom = build_bom(models=[first, second], subject=second.bom_ref, spec="1.7")
    assert bom.document["metadata"]["component"]["bom-ref"] == "model:b"
    assert bom.document["metadata"]["tools"]["components"][0]["name"] == "aibom"
    concepts = read_concepts(bom)
    assert concepts.subject == "model:b" and concepts.models == (second, first)
    assert aibom.validate(bom).ok


def test_a_bom_without_version_specific_fields_can_be_written_as_1_5() -> None:
    bom = build_bom(models=[Model(name="m", task="t", hyperparameters=Hyperparameters(vocab_size=32000))],
                    hardware=[Hardware(name="g", hardware_class="gpu")], spec="1.5")
    assert aibom.validate(aibom.dumps(bom)).ok


def test_concepts_are_immutable_and_replace_makes_checked_copies() -> None:
    model = Model(name="m")
    with pytest.raises(AttributeError):
        model.name = "n"  # type: ignore[misc]
    renamed = model.replace(name="n", bom_ref="")
    assert renamed.bom_ref == "model:n" and model.bom_ref == "model:m"
    with pytest.raises(aibom.InvalidArgument):
        model.replace(parameter_count=-1)
    assert {model, Model(name="m")} == {model}


# ---------------------------------------------------------------------------------------------
# Reading other tools' BOMs


def test_the_ml_bom_guide_complete_example() -> None:
    concepts = read_concepts(require_shared(ML_GUIDE_EXAMPLE))
    qwen = concepts.models[0]
    assert concepts.subject == qwen.bom_ref == "pkg:huggingface/Qwen/Qwen-7B@ef3c5c9"
    assert qwen.parameter_count == 7_000_000_000
    assert qwen.languages == ("en", "fr", "de", "it", "ja", "zh")  # cdx:ai-ml:model:languages, in the model card
    assert qwen.hyperparameters == Hyperparameters(num_hidden_layers=32, hidden_size=4096, context_length=8192,
                                                   vocab_size=151936, quantization="BF16")
    assert qwen.lineage is not None and qwen.lineage.tune_methods == ("sft", "rlhf")
    assert [base.name for base in qwen.lineage.bases] == ["meta-llama/Llama-3.2-3B-Instruct"]
    assert [p.name for p in qwen.properties] == ["acme:research:model:llm:id", "cdx:ai-ml:model:template:chat"]
    assert qwen.model_card_properties == ()
    assert [type(d).__name__ for d in qwen.datasets] == ["ComponentData", "ComponentData"]
    assert qwen.considerations is not None and qwen.considerations.environmental_considerations is not None
    assert [m.name for m in concepts.models[1:]] == ["Qwen3-8B-Q4_K_M.gguf"]
    assert [h.hardware_class for h in concepts.hardware] == [HardwareClass.GPU]  # from formulation components
    assert {f.name for f in concepts.frameworks} == {"pytorch", "nvidia-cuda-runtime", "nccl"}
    (run,) = concepts.training_runs
    assert run.hardware == ("nvidia-h100-pcie-gpu-1",) and run.name == "Model training workflow"
    assert "UltraFeedback dataset" in {d.name for d in concepts.datasets}


@pytest.mark.parametrize("path", suite_params("valid-machine-learning-*.json") + suite_params("valid-machine-learning-*.xml"))
def test_the_official_machine_learning_suite(path: Any) -> None:
    concepts = read_concepts(path)
    (model,) = concepts.models
    if "considerations-env" in path.name:
        assert model.name == "Llama-2-7b" and model.considerations is not None
        env = model.considerations.environmental_considerations
        cost = env.energy_consumptions[0].activity_energy_cost if env is not None else None
        assert cost is not None and cost.value == 0.4
    else:
        assert model.name == "stable-diffusion" and model.approach == "supervised"
        assert [m.type for m in model.metrics] == ["The type of performance metric"]
        assert isinstance(model.datasets[0], ComponentData) and model.datasets[0].name == "Training Data"
        assert [p.name for p in model.model_card_properties] == ["modelcard:custom-property",
                                                                 "modelcard:another-custom-property"]
    assert read_concepts(aibom.load(path)) == concepts
    rebuilt = concepts.build_bom(spec="1.7")
    assert read_concepts(rebuilt) == concepts


@pytest.mark.parametrize("path", suite_params("valid-component-data-*.json") + suite_params("valid-component-data-*.xml"))
def test_the_official_component_data_suite(path: Any) -> None:
    (data,) = read_concepts(path).datasets
    assert (data.name, data.version, data.data_type, data.url) == (
        "my-configs", "1337", "configuration", "https://example.com/cfg/1337/app.ini")


def test_the_property_taxonomy_examples_schema_invalid_placement_and_names() -> None:
    # The official taxonomy's examples: properties under modelParameters, `tuning_method`,
    # `parameter:hidden_size` for a hyperparameter.
    component = _model_component(card={"modelParameters": {"properties": [
        {"name": "cdx:ai-ml:model:parameter:count", "value": "7B"},
        {"name": "cdx:ai-ml:model:parameter:tuning_method", "value": "sft,rlhf"},
        {"name": "cdx:ai-ml:model:parameter:tuning_method", "value": "qlora"},
        {"name": "cdx:ai-ml:model:hyperparameter:hidden_act", "value": "relu"},
        {"name": "cdx:ai-ml:model:parameter:hidden_size", "value": "4096"},
        {"name": "cdx:ai-ml:model:language", "value": "de,en"},
        {"name": "cdx:ai-ml:model:hyperparameter:_undefined:hamm", "value": "eggz"},
    ]}})
    model = Model.from_cyclonedx(component)
    assert model.parameter_count == 7_000_000_000
    assert model.lineage is not None and model.lineage.tune_methods == ("sft", "rlhf", "qlora")
    assert model.hyperparameters == Hyperparameters(hidden_act="relu", hidden_size=4096, **{"_undefined:hamm": "eggz"})
    assert model.languages == ("de", "en")
    # written back where the schema allows it
    card = model.to_cyclonedx().model_card
    assert card is not None and card.model_parameters is None and len(card.properties) == 7


def test_other_generators_names_are_read_as_aliases() -> None:
    component = _model_component([
        ("base_model", "meta-llama/Llama-3.1-8B, mistralai/Mistral-7B-v0.3"),
        ("huggingface:base_model_relation", "merge"),
        ("peft_type", "LORA"),
        ("lora_r", "8"),
        ("lora_alpha", "16"),
        ("lora_dropout", "0.05"),
        ("quant_method", "AWQ"),
        ("teacher_model_name_or_path", "pkg:huggingface/meta-llama/Llama-3.1-70B"),
        ("cdx:ai-ml:model:parameter:count", "1.5B"),
        ("cdx:ai-ml:model:hyperparameter:num_hidden_layers", "28"),
    ])
    model = Model.from_cyclonedx(component)
    assert model.lineage is not None
    assert [b.name for b in model.lineage.bases] == ["meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.3"]
    assert model.lineage.relation is LineageRelation.MERGE and model.lineage.method == "lora"
    assert model.lineage.adapter == AdapterConfig(r=8, alpha=16, dropout=0.05)
    assert model.quantization == Quantization(method="awq")
    assert model.distillation == Distillation(teachers=("pkg:huggingface/meta-llama/Llama-3.1-70B",))
    assert model.parameter_count == 1_500_000_000 and model.hyperparameters == Hyperparameters(num_hidden_layers=28)
    assert model.properties == ()
    written = model.to_cyclonedx()
    assert written.pedigree is not None and len(written.pedigree.ancestors) == 2
    assert ("aibom:lineage:relation", "merge") in _props(written)


def test_values_that_do_not_fit_stay_as_properties() -> None:
    component = _model_component([
        ("aibom:quantization:bits", "four"),
        ("aibom:quantization:bits", "4"),
        ("aibom:quantization:bits", "8"),
        ("cdx:ai-ml:model:language", "english"),
        ("cdx:ai-ml:model:modality", "text"),
        ("cdx:ai-ml:model:modality", "text"),
    ])
    model = Model.from_cyclonedx(component)
    assert model.quantization == Quantization(bits=4)
    assert model.modalities == (Modality.TEXT,)
    assert [(p.name, p.value) for p in model.properties] == [
        ("aibom:quantization:bits", "four"), ("aibom:quantization:bits", "8"), ("cdx:ai-ml:model:language", "english"),
    ]


def test_devices_other_tools_describe() -> None:
    hbom = Component.from_json({"type": "device", "name": "PCIE-098-02-F-D-EMS2", "supplier": {"name": "Samtec"},
                                "properties": [{"name": "cdx:device:quantity", "value": "1"},
                                               {"name": "cdx:device:deviceType", "value": "thru-hole"}]})
    device = Hardware.from_cyclonedx(hbom)
    assert device.hardware_class is HardwareClass.OTHER and device.vendor == "Samtec"
    assert [(p.name, p.value) for p in device.properties] == [("cdx:device:deviceType", "thru-hole")]
    detected = Component.from_json({"type": "device", "name": "AMD Instinct MI300X", "properties": [
        {"name": "cdx:device:deviceType", "value": "GPU"}, {"name": "aibom:hardware:count", "value": "8"},
        {"name": "aibom:hardware:features", "value": "xgmi,fp8"}]})
    device = Hardware.from_cyclonedx(detected)
    assert (device.hardware_class, device.count, device.features) == (HardwareClass.GPU, 8, ("xgmi", "fp8"))
    assert guess_class("Google TPU v5e") is HardwareClass.TPU and guess_class(None, "an Alveo U50") is HardwareClass.FPGA


def test_the_shipped_example_reads() -> None:
    from conftest import SHIPPED_EXAMPLE

    concepts = read_concepts(SHIPPED_EXAMPLE)  # its metadata.component is the application, not a model
    assert concepts.subject is None and concepts.models and concepts.hardware and concepts.frameworks
    assert read_concepts(concepts.build_bom()) == concepts


def test_components_with_wrong_json_types_are_skipped() -> None:
    document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
        {"type": "machine-learning-model", "name": "bad", "properties": "not a list"},
        {"type": "machine-learning-model", "name": "good"},
        {"type": "data", "name": "d", "components": [{"type": "device", "name": "nested gpu"}]},
    ]}
    concepts = read_concepts(document)
    assert [m.name for m in concepts.models] == ["good"]
    assert [h.name for h in concepts.hardware] == ["nested gpu"]


def test_read_concepts_of_the_xml_suite_equals_json() -> None:
    json_file = require_shared(SUITE / "1.6" / "valid-machine-learning-1.6.json")
    assert read_concepts(json_file) == read_concepts(json_file.with_suffix(".xml"))


def test_model_card_with_only_unknown_content_keeps_the_properties() -> None:
    component = Component(type=ComponentType.MACHINE_LEARNING_MODEL, name="m",
                          model_card=ModelCard(properties=(Property(name="x", value="y"),)))
    model = Model.from_cyclonedx(component)
    assert model.model_card_properties == (Property(name="x", value="y"),)
    assert json.loads(json.dumps(model.to_cyclonedx().to_json())) == component.to_json() | {"bom-ref": "model:m"}
