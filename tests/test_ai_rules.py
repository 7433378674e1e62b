"""The AI rules (:mod:`aibom.validation.rules`): each fault with its code, severity and location, JSON and XML.

Every rule has failing documents (asserting the exact code, severity and JSON
pointer of each finding) and passing variants; the official examples give no
finding; each rule's catalogue example passes layers 1 and 2 and fails that rule
alone; and the generated catalogue, ``docs/rules.md``, is up to date.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

import aibom
from aibom.codec.xml import xpath_for
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion
from aibom.validation.rules import RULES, check_ai_rules, datasets, hardware, lineage, pruning, quantization, rule_for
from aibom.validation.rules._catalogue import PAGE, example_document, main, render
from aibom.taxonomy import PropertyDefinition, load_taxonomy
from aibom.validation.rules._terms import vocabulary
from aibom.validation.rules.hyperparameters import PREFIXES, is_hyperparameter
from tests.conftest import ML_GUIDE_EXAMPLE, SHIPPED_EXAMPLE, require_shared, suite_params
from tests.strategies import bom_documents

E, W = Severity.ERROR, Severity.WARNING
MODEL = "machine-learning-model"


def bom(*components: dict[str, Any], **rest: Any) -> dict[str, Any]:
    """A CycloneDX 1.6 BOM with ``components`` and any other top-level keys."""
    document: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}
    if components:
        document["components"] = list(components)
    return {**document, **rest}


def props(*pairs: tuple[str, str | None]) -> list[dict[str, Any]]:
    return [{"name": name} if value is None else {"name": name, "value": value} for name, value in pairs]


def model(name: str = "m", *pairs: tuple[str, str | None], card: list[tuple[str, str]] | None = None,
          **extra: Any) -> dict[str, Any]:
    component: dict[str, Any] = {"type": MODEL, "name": name, "bom-ref": f"model:{name}", **extra}
    if pairs:
        component["properties"] = props(*pairs)
    if card is not None:
        component["modelCard"] = {"properties": props(*card)}
    return component


def device(*pairs: tuple[str, str | None], name: str = "gpu") -> dict[str, Any]:
    return {"type": "device", "name": name, "bom-ref": f"device:{name}", "properties": props(*pairs)}


def data(name: str = "reviews") -> dict[str, Any]:
    return {"type": "data", "name": name, "bom-ref": f"data:{name}"}


def library(name: str = "tokenizers", *pairs: tuple[str, str]) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "library", "name": name, "bom-ref": f"lib:{name}"}
    if pairs:
        component["properties"] = props(*pairs)
    return component


def workflow(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"formulation": [{"workflows": [{"bom-ref": "wf", "uid": "wf", "taskTypes": ["build"],
                                            "properties": props(*pairs)}]}]}


def found(document: dict[str, Any]) -> list[tuple[str, Severity, str]]:
    findings = check_ai_rules(document, SpecVersion(document.get("specVersion", "1.6")))
    return sorted((finding.code, finding.severity, finding.location) for finding in findings)


QUANTIZED = ("aibom:quantization:method", "awq")
SOURCE = ("aibom:quantization:source_model", "pkg:huggingface/acme/base@1")
PRUNING_SOURCE = ("aibom:pruning:source_model", "pkg:huggingface/acme/base@1")
ANCESTOR: dict[str, Any] = {"pedigree": {"ancestors": [{"type": MODEL, "name": "base", "purl": "pkg:huggingface/acme/base@1"}]}}

FAILING: dict[str, tuple[dict[str, Any], list[tuple[str, Severity, str]]]] = {
    # lineage: source model
    "quantized-without-source": (
        bom(model("m", QUANTIZED, ("aibom:quantization:bits", "4"))),
        [("ai-source-model-missing", W, "/components/0")]),
    "pruned-without-source": (
        bom(model("m", ("aibom:pruning:method", "magnitude"))),
        [("ai-source-model-missing", W, "/components/0")]),
    "relation-finetune-without-base": (
        bom(model("m", ("aibom:lineage:relation", "finetune"))),
        [("ai-source-model-missing", W, "/components/0")]),
    "relation-alias-quantized": (
        bom(model("m", ("base_model_relation", "quantized"))),
        [("ai-source-model-missing", W, "/components/0")]),
    "quantized-nested-component": (
        bom({"type": "application", "name": "app", "components": [model("m", QUANTIZED)]}),
        [("ai-source-model-missing", W, "/components/0/components/0")]),
    "quantized-metadata-component": (
        {**bom(), "metadata": {"component": model("m", QUANTIZED)}},
        [("ai-source-model-missing", W, "/metadata/component")]),
    # lineage: cycles
    "cycle-source-and-ancestor": (
        bom(model("a", QUANTIZED, ("aibom:quantization:source_model", "model:b"), purl="pkg:huggingface/acme/a@1"),
            model("b", pedigree={"ancestors": [{"type": MODEL, "name": "a", "purl": "pkg:huggingface/acme/a@1"}]})),
        [("ai-lineage-cycle", E, "/components/0/properties/1/value")]),
    "cycle-own-ancestor-by-purl": (
        bom(model("a", purl="pkg:huggingface/acme/a@1",
                  pedigree={"ancestors": [{"type": MODEL, "name": "a", "purl": "pkg:huggingface/acme/a@1"}]})),
        [("ai-lineage-cycle", E, "/components/0/pedigree/ancestors/0")]),
    "cycle-descendants-both-ways": (
        bom(model("a", purl="pkg:huggingface/acme/a@1",
                  pedigree={"descendants": [{"type": MODEL, "name": "b", "purl": "pkg:huggingface/acme/b@1"}]}),
            model("b", purl="pkg:huggingface/acme/b@1",
                  pedigree={"descendants": [{"type": MODEL, "name": "a", "purl": "pkg:huggingface/acme/a@1"}]})),
        [("ai-lineage-cycle", E, "/components/0/pedigree/descendants/0")]),
    "cycle-three-models-teacher-and-pruning": (
        bom(model("a", ("aibom:lineage:relation", "distilled"), ("aibom:distillation:teacher", "model:b"),
                  purl="pkg:huggingface/acme/a@1"),
            model("b", ("aibom:pruning:method", "wanda"), ("aibom:pruning:source_model", "model:c")),
            model("c", pedigree={"ancestors": [{"type": MODEL, "name": "a", "purl": "pkg:huggingface/acme/a@1"}]})),
        [("ai-lineage-cycle", E, "/components/0/properties/1/value")]),
    # quantization
    "awq-3-bits": (
        bom(model("m", QUANTIZED, ("aibom:quantization:bits", "3"), SOURCE)),
        [("ai-quantization-bits", W, "/components/0/properties/1/value")]),
    "gptq-5-bits-hugging-face-name": (
        bom(model("m", SOURCE, ("quant_method", "GPTQ"), ("aibom:quantization:bits", "5"))),
        [("ai-quantization-bits", W, "/components/0/properties/2/value")]),
    "bits-not-a-number": (
        bom(model("m", QUANTIZED, ("aibom:quantization:bits", "four"), SOURCE)),
        [("ai-property-invalid", E, "/components/0/properties/1/value")]),
    # pruning
    "sparsity-percent": (
        bom(model("m", PRUNING_SOURCE, ("aibom:pruning:target_sparsity", "50"))),
        [("ai-sparsity-out-of-range", E, "/components/0/properties/1/value")]),
    "sparsity-negative-and-text": (
        bom(model("m", PRUNING_SOURCE, ("aibom:pruning:measured_sparsity", "-0.1"),
                  ("aibom:pruning:target_sparsity", "half"))),
        [("ai-sparsity-out-of-range", E, "/components/0/properties/1/value"),
         ("ai-sparsity-out-of-range", E, "/components/0/properties/2/value")]),
    # datasets
    "finetune-dataset-not-in-bom": (
        bom(model("m", ("aibom:finetune:dataset", "data:missing")), data()),
        [("ai-dataset-not-in-bom", E, "/components/0/properties/0/value")]),
    "evaluation-dataset-is-a-library": (
        bom(model("m", card=[("aibom:model:evaluation_dataset", "lib:tokenizers")]), library()),
        [("ai-dataset-not-in-bom", E, "/components/0/modelCard/properties/0/value")]),
    "calibration-dataset-is-a-library": (
        bom(model("m", QUANTIZED, SOURCE, ("aibom:quantization:calibration_dataset", "lib:tokenizers")), library()),
        [("ai-dataset-not-in-bom", E, "/components/0/properties/2/value")]),
    "model-card-dataset-is-a-model": (
        bom(model("base"), {"type": MODEL, "name": "m", "modelCard": {"modelParameters": {
            "datasets": [{"ref": "data:reviews"}, {"ref": "model:base"}]}}}, data()),
        [("ai-dataset-not-in-bom", E, "/components/1/modelCard/modelParameters/datasets/1/ref")]),
    # hyperparameters
    "context-length-8k": (
        bom(model("m", card=[("cdx:ai-ml:model:hyperparameter:context_length", "8k")])),
        [("ai-hyperparameter-invalid", E, "/components/0/modelCard/properties/0/value")]),
    "context-length-official-misspelt-namespace": (
        bom(model("m", card=[("cdx:ai-ml:model:parameter:context_length", "long")])),
        [("ai-hyperparameter-invalid", E, "/components/0/modelCard/properties/0/value")]),
    "batch-size-zero-dropout-above-one": (
        bom(model("m", card=[("aibom:training:hyperparameter:batch_size", "0"),
                             ("aibom:training:hyperparameter:dropout", "1.5")])),
        [("ai-hyperparameter-invalid", E, "/components/0/modelCard/properties/0/value"),
         ("ai-hyperparameter-invalid", E, "/components/0/modelCard/properties/1/value")]),
    "learning-rate-in-workflow": (
        {**bom(), **workflow(("aibom:training:hyperparameter:learning_rate", "fast"))},
        [("ai-hyperparameter-invalid", E, "/formulation/0/workflows/0/properties/0/value")]),
    "hyperparameter-on-component": (
        bom(model("m", ("cdx:ai-ml:model:hyperparameter:context_length", "8192"))),
        [("ai-hyperparameter-misplaced", W, "/components/0/properties/0")]),
    "training-hyperparameter-on-component": (
        bom(model("m", ("aibom:training:hyperparameter:seed", "42"))),
        [("ai-hyperparameter-misplaced", W, "/components/0/properties/0")]),
    "model-hyperparameter-in-workflow": (
        {**bom(), **workflow(("cdx:ai-ml:model:hyperparameter:vocab_size", "32000"))},
        [("ai-hyperparameter-misplaced", W, "/formulation/0/workflows/0/properties/0")]),
    # hardware
    "quantity-zero": (
        bom(device(("cdx:device:quantity", "0"))),
        [("ai-hardware-not-positive", E, "/components/0/properties/0/value")]),
    "count-negative-memory-with-unit": (
        bom(device(("aibom:hardware:count", "-1"), ("aibom:hardware:memory_bytes", "80GB"))),
        [("ai-hardware-not-positive", E, "/components/0/properties/0/value"),
         ("ai-hardware-not-positive", E, "/components/0/properties/1/value")]),
    "memory-fraction": (
        bom(device(("aibom:hardware:memory_bytes", "1.5"))),
        [("ai-hardware-not-positive", E, "/components/0/properties/0/value")]),
    # the property taxonomy
    "unknown-aibom-name": (
        bom(device(("aibom:hardware:memory", "85520809984"))),
        [("ai-property-unknown", W, "/components/0/properties/0/name")]),
    "boolean-not-true-or-false": (
        bom(device(("aibom:hardware:mig_mode", "Enabled"))),
        [("ai-property-invalid", E, "/components/0/properties/0/value")]),
    "closed-enum": (
        bom(device(("aibom:hardware:class", "quantum"))),
        [("ai-property-invalid", E, "/components/0/properties/0/value")]),
    "alias-of-another-tool": (
        bom(model("m", ("lora_r", "sixteen"))),
        [("ai-property-invalid", E, "/components/0/properties/0/value")]),
    "pep440-specifier": (
        bom({"type": "framework", "name": "vllm", "properties": props(("aibom:framework:requires", "torch 2.9"))}),
        [("ai-property-invalid", E, "/components/0/properties/0/value")]),
    "workflow-duration": (
        {**bom(), **workflow(("aibom:training:duration", "-5"))},
        [("ai-property-invalid", E, "/formulation/0/workflows/0/properties/0/value")]),
    "official-language": (
        bom(model("m", ("cdx:ai-ml:model:language", "English"))),
        [("ai-official-property-invalid", W, "/components/0/properties/0/value")]),
    "official-parameter-count": (
        bom(model("m", card=[("cdx:ai-ml:model:parameter:count", "7 billion")])),
        [("ai-official-property-invalid", W, "/components/0/modelCard/properties/0/value")]),
    "hardware-on-a-model": (
        bom(model("m", ("aibom:hardware:memory_bytes", "85520809984"))),
        [("ai-property-misplaced", W, "/components/0/properties/0")]),
    "quantization-in-model-card": (
        bom(model("m", SOURCE, card=[QUANTIZED])),
        [("ai-property-misplaced", W, "/components/0/modelCard/properties/0")]),
    "training-duration-on-component": (
        bom(model("m", ("aibom:training:duration", "3600"))),
        [("ai-property-misplaced", W, "/components/0/properties/0")]),
    "dataset-size-on-a-library": (
        bom(library("tokenizers", ("aibom:dataset:size_bytes", "100"))),
        [("ai-property-misplaced", W, "/components/0/properties/0")]),
    "repeated-through-alias": (
        bom(device(("cdx:device:quantity", "8"), ("aibom:hardware:count", "4"))),
        [("ai-property-repeated", W, "/components/0/properties/1")]),
    "repeated-method": (
        bom(model("m", SOURCE, QUANTIZED, ("aibom:quantization:method", "gptq"), ("aibom:quantization:method", "fp8"))),
        [("ai-property-repeated", W, "/components/0/properties/2"),
         ("ai-property-repeated", W, "/components/0/properties/3")]),
    "serving-model-not-in-bom": (
        bom({"type": "application", "name": "svc", "properties": props(("aibom:serving:model", "model:gone"))}),
        [("ai-reference-not-in-bom", E, "/components/0/properties/0/value")]),
}

PASSING: dict[str, dict[str, Any]] = {
    "quantized-with-source-model": bom(model("m", QUANTIZED, ("aibom:quantization:bits", "4"), SOURCE)),
    "quantized-with-ancestor": bom(model("m", QUANTIZED, **ANCESTOR)),
    "quantized-with-hugging-face-base-model": bom(model("m", QUANTIZED, ("base_model", "acme/base"))),
    "pruned-with-source": bom(model("m", ("aibom:pruning:method", "magnitude"), PRUNING_SOURCE)),
    "distilled-with-teacher": bom(model("m", ("aibom:lineage:relation", "distilled"),
                                        ("aibom:distillation:teacher", "pkg:huggingface/acme/teacher@1"))),
    "finetune-with-ancestor": bom(model("m", ("aibom:lineage:relation", "finetune"), **ANCESTOR)),
    "truncated-lineage-in-pedigree": bom(model("m", SOURCE, QUANTIZED, pedigree={"ancestors": [
        {"type": MODEL, "name": "mid", "purl": "pkg:huggingface/acme/mid@1", "properties": props(
            ("aibom:lineage:relation", "finetune"), ("aibom:pruning:method", "wanda"))}]})),
    "properties-without-values": bom(
        device(("cdx:device:quantity", None), ("aibom:hardware:memory_bytes", None), ("aibom:hardware:mig_mode", None)),
        model("m", PRUNING_SOURCE, ("aibom:pruning:target_sparsity", None), card=[
            ("aibom:training:hyperparameter:batch_size", None)]),
        {"type": "data", "name": "d", "properties": props(("aibom:dataset:split:train", None))}),
    "lineage-chain": bom(model("a", QUANTIZED, ("aibom:quantization:source_model", "model:b")),
                         model("b", pedigree={"ancestors": [model("c")]}), model("c2", purl="pkg:x/c")),
    "variants-both-ways": bom(model("a", pedigree={"variants": [{"type": MODEL, "name": "b", "purl": "pkg:x/b"}]},
                                    purl="pkg:x/a"),
                              model("b", pedigree={"variants": [{"type": MODEL, "name": "a", "purl": "pkg:x/a"}]},
                                    purl="pkg:x/b")),
    "bits-fit": bom(model("g", ("aibom:quantization:method", "gptq"), ("aibom:quantization:bits", "8"), SOURCE),
                    model("b", ("aibom:quantization:method", "bitnet"), ("aibom:quantization:bits", "1.58"), SOURCE),
                    model("o", ("aibom:quantization:method", "other"), ("aibom:quantization:bits", "5"), SOURCE),
                    model("x", ("aibom:quantization:method", "my-method"), ("aibom:quantization:bits", "5"), SOURCE)),
    "sparsity-bounds": bom(model("m", PRUNING_SOURCE, ("aibom:pruning:target_sparsity", "0"),
                                 ("aibom:pruning:measured_sparsity", "1"))),
    "datasets-in-bom": bom(
        model("m", ("aibom:finetune:dataset", "data:reviews"), ("aibom:quantization:calibration_dataset", "pkg:x/c4"),
              QUANTIZED, SOURCE, card=[("aibom:model:evaluation_dataset", "data:reviews")]), data()),
    "model-card-datasets-data-dangling-inline-and-bom-link": bom(
        {"type": MODEL, "name": "m", "modelCard": {"modelParameters": {"datasets": [
            {"ref": "data:reviews"}, {"ref": "data:elsewhere"}, {"type": "dataset", "name": "inline only"},
            {"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#data:x"}]}}},
        data(), model("n", ("aibom:finetune:dataset", "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#data:x"))),
    "hyperparameters-in-their-places": {
        **bom(model("m", card=[("cdx:ai-ml:model:hyperparameter:context_length", "8192"),
                               ("cdx:ai-ml:model:hyperparameter:quantization", "awq-int4"),
                               ("cdx:ai-ml:model:hyperparameter:_undefined:hamm", "eggz"),
                               ("aibom:training:hyperparameter:learning_rate", "2e-4"),
                               ("aibom:training:hyperparameter:my_knob", "anything")])),
        **workflow(("aibom:training:hyperparameter:batch_size", "32"), ("aibom:training:duration", "3600"))},
    "hardware-positive": bom(device(("cdx:device:quantity", "8"), ("aibom:hardware:memory_bytes", "85520809984"),
                                    ("aibom:hardware:mig_mode", "false"), ("cdx:device:function", "training"))),
    "other-tools-names-left-alone": bom(
        library("tokenizers", ("syft:package:foundBy", "x"), ("lora_r", "sixteen"), ("base_model", "x")),
        model("m", ("cdx:ai-ml:model:template:chat", "ChatML"), ("acme:internal", "x"), ("quant_method", "awq"),
              SOURCE, card=[("lora_r", "x")])),
    "official-names-anywhere": bom(model("m", ("cdx:ai-ml:model:modality", "_undefined:acme:thing"),
                                         card=[("cdx:ai-ml:model:languages", "en,fr"),
                                               ("cdx:ai-ml:model:parameter:count", "7B")])),
    "repeatable-and-separate-places": bom(model("m", ("cdx:ai-ml:model:modality", "text"),
                                                ("cdx:ai-ml:model:modality", "code"),
                                                card=[("cdx:ai-ml:model:parameter:count", "7B")]),
                                          model("n", ("cdx:ai-ml:model:parameter:count", "7B"),
                                                card=[("cdx:ai-ml:model:parameter:count", "7B")])),
    "serving-model-in-bom": bom(model("m"), {"type": "application", "name": "svc", "properties": props(
        ("aibom:serving:model", "model:m"), ("aibom:serving:runtime", "my-runtime"))}),
}


@pytest.mark.parametrize("case", list(FAILING))
def test_fault(case: str) -> None:
    document, expected = FAILING[case]
    assert found(document) == sorted(expected)


@pytest.mark.parametrize("case", list(PASSING))
def test_no_fault(case: str) -> None:
    assert found(PASSING[case]) == []


def test_every_rule_has_a_failing_case() -> None:
    codes = {code for _, expected in FAILING.values() for code, _, _ in expected}
    assert codes == {rule.code for rule in RULES}


def test_failing_and_passing_documents_are_otherwise_valid() -> None:
    """The faults are the rules' to find: the documents pass the schema and layer 2 (where they are meant to)."""
    for document in [*(case[0] for case in FAILING.values()), *PASSING.values()]:
        assert aibom.validate(document, checks="schema").ok, document
    dangling = {"model-card-datasets-data-dangling-inline-and-bom-link"}
    for case, document in PASSING.items():
        if case not in dangling:
            assert not aibom.validate(document, checks="integrity").findings, case


def test_messages() -> None:
    [finding] = check_ai_rules(FAILING["unknown-aibom-name"][0], SpecVersion.V1_6)
    assert "did you mean aibom:hardware:memory_bytes?" in finding.message
    [finding] = check_ai_rules(FAILING["cycle-source-and-ancestor"][0], SpecVersion.V1_6)
    assert finding.message == "lineage cycle: model:a → model:b → model:a"
    [finding] = check_ai_rules(FAILING["cycle-three-models-teacher-and-pruning"][0], SpecVersion.V1_6)
    assert finding.message == "lineage cycle: model:a → model:b → model:c → model:a"
    [finding] = check_ai_rules(FAILING["cycle-own-ancestor-by-purl"][0], SpecVersion.V1_6)
    assert finding.message == "lineage cycle: model:a → model:a"
    [finding] = check_ai_rules(FAILING["awq-3-bits"][0], SpecVersion.V1_6)
    assert finding.message == "aibom:quantization:bits is '3', but awq quantization produces 4 bits"
    [finding] = check_ai_rules(FAILING["repeated-through-alias"][0], SpecVersion.V1_6)
    assert "(as cdx:device:quantity)" in finding.message
    [finding] = check_ai_rules(FAILING["quantized-without-source"][0], SpecVersion.V1_6)
    assert finding.message.endswith("add a pedigree ancestor or aibom:quantization:source_model")


# --------------------------------------------------------------------------------------------------
# The official examples: no finding.


def test_ml_guide_example_has_no_finding() -> None:
    bom_ = aibom.load(require_shared(ML_GUIDE_EXAMPLE))
    assert check_ai_rules(bom_.document, SpecVersion.V1_7) == []


def test_shipped_example_has_no_finding() -> None:
    bom_ = aibom.load(SHIPPED_EXAMPLE)
    assert check_ai_rules(bom_.document, SpecVersion.V1_6) == []


@pytest.mark.parametrize("path", [*suite_params("valid-*.json"), *suite_params("valid-*.xml")])
def test_official_valid_files_have_no_finding(path: Path) -> None:
    bom_ = aibom.load(path)
    assert check_ai_rules(bom_.document, SpecVersion(path.parent.name)) == []


# --------------------------------------------------------------------------------------------------
# XML: the same fault, located by XPath.


XML_CASES = {
    "quantized-without-source": ["/bom/components/component[1]"],
    "unknown-aibom-name": ["/bom/components/component[1]/properties/property[1]/@name"],
    "count-negative-memory-with-unit": ["/bom/components/component[1]/properties/property[1]",
                                        "/bom/components/component[1]/properties/property[2]"],
    "context-length-8k": ["/bom/components/component[1]/modelCard/properties/property[1]"],
    "model-card-dataset-is-a-model": [
        "/bom/components/component[2]/modelCard/modelParameters/datasets/ref[2]"],
    "learning-rate-in-workflow": ["/bom/formulation/formula[1]/workflows/workflow[1]/properties/property[1]"],
    "cycle-own-ancestor-by-purl": ["/bom/components/component[1]/pedigree/ancestors/component[1]"],
    "quantized-metadata-component": ["/bom/metadata/component"],
}


@pytest.mark.parametrize("case", list(XML_CASES))
def test_xml_locations(case: str) -> None:
    document, expected = FAILING[case]
    xml = aibom.dumps(aibom.load(document), format="xml")
    parsed = aibom.load(xml.encode()).document
    spec = SpecVersion.V1_6
    findings = check_ai_rules(parsed, spec)
    assert sorted((f.code, f.severity, f.location) for f in findings) == sorted(expected)
    locations = sorted(xpath_for(parsed, finding.location, spec) for finding in findings)
    assert locations == sorted(XML_CASES[case])
    root = etree.fromstring(xml.encode())
    for location in locations:
        steps = [step if step.startswith("@") or not step else "c:" + step for step in location.split("/")]
        assert root.getroottree().xpath("/".join(steps), namespaces={"c": spec.xml_namespace}), location


# --------------------------------------------------------------------------------------------------
# The registry and the catalogue.


def test_rules_are_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert re.fullmatch(r"ai-[a-z0-9]+(-[a-z0-9]+)*", rule.code)
        assert rule.severity in (Severity.ERROR, Severity.WARNING)
        assert "\n" not in rule.summary and rule.summary.endswith(".")
        assert rule.explanation and rule.example
        assert rule_for(rule.code) is rule


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_catalogue_example_fails_its_rule_alone(rule: Any) -> None:
    document = example_document(rule)
    assert not aibom.validate(document, checks="schema").findings
    assert not aibom.validate(document, checks="integrity").findings
    findings = check_ai_rules(document, SpecVersion.V1_6)
    assert findings and {finding.code for finding in findings} == {rule.code}


def test_catalogue_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is out of date: run python -m aibom.validation.rules._catalogue")
    assert main(["--check"]) == 0


def test_catalogue_check_reports_a_stale_page(tmp_path: Path) -> None:
    page = tmp_path / "rules.md"
    assert main(["--check", "--output", str(page)]) == 1
    assert main(["--output", str(page)]) == 0
    assert main(["--check", "--output", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == render()


def test_catalogue_lists_every_rule() -> None:
    page = render()
    for rule in RULES:
        assert f"### `{rule.code}`" in page and f"**{rule.severity.value}** — {rule.summary}" in page


# --------------------------------------------------------------------------------------------------
# The names the rules rely on are the taxonomy's.


def test_rule_names_are_in_the_taxonomy() -> None:
    words = vocabulary()
    for name in (*lineage.SOURCE_MODELS, lineage.TEACHER, datasets.CALIBRATION):
        assert words[name].type == "component-ref"
    for name in datasets.DATASET_REFERENCES:
        assert words[name].type == "bom-ref"
    assert {"quantized", "finetune", "distilled"} <= {allowed.value for allowed in words[lineage.RELATION].values}
    assert set(lineage.BASE_MODEL_NAMES) <= set(words.field_places)
    for name in hardware.POSITIVE:
        assert words[name].type == "integer" and words[name].minimum == 1
    assert words.lookup("aibom:hardware:count") is words["cdx:device:quantity"]
    for name in pruning.SPARSITY:
        assert (words[name].type, words[name].minimum, words[name].maximum) == ("number", 0, 1)
    assert words[quantization.BITS].type == "number"
    assert quantization.allowed_bits()["awq"] == (4,)
    for prefix in PREFIXES:
        assert words[prefix + "<name>"].placeholder


SAMPLES = ["4", "-1", "0", "1", "0.5", "1.5", "+3", " 7 ", "1e3", "2e-4", "nan", "inf", "true", "false", "True",
           "yes", "", " ", "en", "en,fr", "EN, de", "english", "en,,fr", "7B", "1.5M", "6738415616", "1.2345K",
           "7 billion", ">=2.1,<3", "torch 2", "gptq", "GPTQ", "quantum", "other", "training", "x"]


def _own_component_definitions() -> list[Any]:
    skip = {*pruning.SPARSITY, *hardware.POSITIVE}
    return [
        definition
        for definition in load_taxonomy().properties
        if not definition.official and not definition.placeholder and definition.components
        and "component.properties" in definition.locations and definition.name not in skip
        and not is_hyperparameter(definition)
    ]


def test_the_rules_accept_exactly_the_values_the_concepts_read() -> None:
    """A value is `ai-property-invalid` exactly when :meth:`PropertyDefinition.decode` (what the concepts
    read) refuses it: one BOM per definition, every sample value on one component each."""
    for definition in _own_component_definitions():
        components = [
            {"type": definition.components[0], "bom-ref": f"c{index}", "name": f"c{index}",
             "properties": [{"name": definition.name, "value": text}]}
            for index, text in enumerate(SAMPLES)
        ]
        document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}
        flagged = {
            finding.location for finding in aibom.validate(document, checks="ai").findings
            if finding.code == "ai-property-invalid"
        }
        for index, text in enumerate(SAMPLES):
            try:
                definition.decode(text)
                fits = True
            except ValueError:
                fits = False
            assert (f"/components/{index}/properties/0/value" not in flagged) == fits, (definition.name, text)


def test_a_value_type_a_later_taxonomy_adds_reads_as_text() -> None:
    definition = PropertyDefinition(name="aibom:x:y", official=False, type="colour", description="d", components=(),
                                    locations=("workflow.properties",), repeatable=False, concept="X.y")
    assert definition.decode("red") == "red"
    assert definition.fault("red") is None and definition.fault(None) is None
    with pytest.raises(ValueError, match="no value"):
        definition.decode(None)


# --------------------------------------------------------------------------------------------------
# Robustness: documents that break the schema, and generated BOMs.


HOSTILE: list[Any] = [
    [],
    "text",
    {"components": "x"},
    {"components": [1, "x", None, [], {"type": MODEL, "properties": "x"}]},
    {"components": [{"type": MODEL, "properties": [1, [], {"name": 5}, {"name": ["x"]}, {"value": "x"},
                                                    {"name": "aibom:quantization:bits", "value": 4},
                                                    {"name": "aibom:quantization:method", "value": ["gptq"]}]}]},
    {"components": [{"type": MODEL, "modelCard": {"properties": {}, "modelParameters": {"datasets": [1, {"ref": 2}]}},
                     "pedigree": {"ancestors": [1, {"bom-ref": 3}, {"purl": ""}], "descendants": "x"}}]},
    {"metadata": {"component": "x"}, "formulation": [1, {"workflows": [1, {"properties": [None]}], "components": 2}]},
    {"components": [{"type": MODEL, "bom-ref": "a", "properties": [
        {"name": "aibom:quantization:source_model", "value": "a"}, {"name": "aibom:distillation:teacher"}]}]},
]


@pytest.mark.parametrize("document", HOSTILE)
def test_documents_that_break_the_schema_do_not_raise(document: Any) -> None:
    findings = check_ai_rules(document, SpecVersion.V1_6)
    assert all(isinstance(finding, Finding) for finding in findings)


def test_self_source_is_a_cycle() -> None:
    assert found(HOSTILE[-1]) == [("ai-lineage-cycle", E, "/components/0/properties/0/value")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(bom_documents())
def test_generated_boms_do_not_raise(document: dict[str, Any]) -> None:
    findings = check_ai_rules(copy.deepcopy(document), SpecVersion.V1_6)
    assert all(finding.code.startswith("ai-") for finding in findings)


# --------------------------------------------------------------------------------------------------
# Through the public API: aibom.validate runs the AI rules by default and alone with checks="ai".


@pytest.mark.parametrize("case", ["quantized-without-source", "cycle-source-and-ancestor"])
def test_validate_reports_the_ai_rules(case: str) -> None:
    document, expected = FAILING[case]
    every = aibom.validate(document)
    alone = aibom.validate(document, checks="ai")
    assert sorted((f.code, f.severity, f.location) for f in alone.findings) == sorted(expected)
    assert [f for f in every.findings if f.code.startswith("ai-")] == list(alone.findings)
    assert not aibom.validate(document, checks="integrity").findings
    assert every.ok == all(severity is not E for _, severity, _ in expected)


@pytest.mark.parametrize("case", ["quantized-metadata-component", "learning-rate-in-workflow"])
def test_validate_gives_xml_documents_xpath_locations(case: str) -> None:
    document, _ = FAILING[case]
    xml = aibom.dumps(aibom.load(document), format="xml")
    report = aibom.validate(xml.encode(), checks="ai")
    assert report.format == "xml"
    assert sorted(f.location for f in report.findings) == sorted(XML_CASES[case])


def test_cli_validate_checks_ai(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aibom.cli import main

    path = tmp_path / "cycle.cdx.json"
    path.write_text(json.dumps(FAILING["cycle-source-and-ancestor"][0]))
    assert main(["validate", str(path), "--checks", "ai"]) == 1
    assert "ai-lineage-cycle" in capsys.readouterr().out
    assert main(["validate", str(path), "--checks", "schema"]) == 0


def test_checks_takes_a_collection_of_layers() -> None:
    document, expected = FAILING["cycle-source-and-ancestor"]
    document = {**document, "dependencies": [{"ref": "nowhere"}]}
    codes = {
        tuple(sorted(layers)): {f.code for f in aibom.validate(document, checks=layers).findings}
        for layers in (("schema", "integrity"), ("integrity", "ai"), ("ai",), ["all"])
    }
    assert codes[("integrity", "schema")] == {"dangling-reference"}
    assert codes[("ai", "integrity")] == codes[("all",)] == {"dangling-reference", "ai-lineage-cycle"}
    assert codes[("ai",)] == {"ai-lineage-cycle"}
    for bad in ((), ("schema", "spelling"), 3, ("schema", None)):
        with pytest.raises(aibom.InvalidArgument, match="unknown checks"):
            aibom.validate(document, checks=bad)  # type: ignore[arg-type]
