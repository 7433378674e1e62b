"""aibom.diff on concrete ML-BOMs: what is reported, with which kind, old and new value and locations."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import jsonpatch
import orjson
import pytest
from conftest import SHIPPED_EXAMPLE

import aibom
from aibom.diff import KINDS, Change, Delta, DeltaConflict, apply, diff
from aibom.errors import AibomError, InvalidArgument, InvalidDocument

MODEL = "model:acme/sentiment-7b-awq@2.3.0"
MODEL_V2 = "model:acme/sentiment-7b-awq@2.4.0"


def _example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SHIPPED_EXAMPLE.read_text())
    card = document["components"][0]["modelCard"]
    card["properties"].append({"name": "aibom:quantization:method", "value": "awq"})
    card["properties"].append({"name": "aibom:training:hyperparameter:learning_rate", "value": "2e-4"})
    return document


def _rewrite(value: Any, old: str, new: str) -> Any:
    """``value`` with every string equal to ``old`` replaced by ``new``."""
    if isinstance(value, dict):
        return {key: _rewrite(child, old, new) for key, child in value.items()}
    if isinstance(value, list):
        return [_rewrite(child, old, new) for child in value]
    return new if value == old else value


def _next_release(old: dict[str, Any]) -> dict[str, Any]:
    """The next release of the example: a new model version with a new hash, task, metric and quantization
    method, and torch upgraded (bom-refs carry versions, so every reference to the two changes too)."""
    new = _rewrite(_rewrite(old, MODEL, MODEL_V2), "pkg:pypi/torch@2.9.1", "pkg:pypi/torch@2.10.0")
    new["serialNumber"] = "urn:uuid:7c1f6e52-8f0e-4c8e-9d5b-6f1f2a3b4c5d"
    new["version"] = 2
    new["metadata"]["timestamp"] = "2026-12-01T10:00:00Z"
    model = new["components"][0]
    model["version"] = "2.4.0"
    model["purl"] = "pkg:huggingface/acme/sentiment-7b-awq@77aa0c3"
    model["hashes"][0]["content"] = "1" * 64
    card = model["modelCard"]
    card["modelParameters"]["task"] = "sentiment-analysis"
    card["quantitativeAnalysis"]["performanceMetrics"][0]["value"] = "0.951"
    card["properties"][4]["value"] = "gptq"
    torch = new["components"][3]
    torch["version"] = "2.10.0"
    torch["purl"] = "pkg:pypi/torch@2.10.0"
    return new


def _find(delta: Delta, path: str) -> Change:
    matches = [change for change in delta.changes if change.old_path == path]
    assert len(matches) == 1, [change.old_path for change in delta.changes]
    return matches[0]


# -- the two versions of a model -------------------------------------------------------------------


def test_two_releases_of_a_model_report_every_change_with_old_new_and_kind() -> None:
    old = _example()
    new = _next_release(old)
    delta = diff(old, new)
    model = "/components/0"
    expected = {
        f"{model}/version": ("model", "2.3.0", "2.4.0"),
        f"{model}/bom-ref": ("model", MODEL, MODEL_V2),
        f"{model}/purl": (
            "model",
            "pkg:huggingface/acme/sentiment-7b-awq@4f2e9c1",
            "pkg:huggingface/acme/sentiment-7b-awq@77aa0c3",
        ),
        f"{model}/hashes/0/content": ("model", old["components"][0]["hashes"][0]["content"], "1" * 64),
        f"{model}/modelCard/modelParameters/task": ("model-card", "text-classification", "sentiment-analysis"),
        f"{model}/modelCard/quantitativeAnalysis/performanceMetrics/0/value": ("metric", "0.947", "0.951"),
        f"{model}/modelCard/properties/4/value": ("quantization", "awq", "gptq"),
        "/components/3/version": ("framework", "2.9.1", "2.10.0"),
        "/components/3/purl": ("framework", "pkg:pypi/torch@2.9.1", "pkg:pypi/torch@2.10.0"),
        "/components/3/bom-ref": ("framework", "pkg:pypi/torch@2.9.1", "pkg:pypi/torch@2.10.0"),
    }
    assert {change.old_path for change in delta.changes} == set(expected)
    for path, (kind, before, after) in expected.items():
        change = _find(delta, path)
        assert (change.kind, change.op, change.old, change.new) == (kind, "replace", before, after)
        assert change.new_path == path
    assert _find(delta, f"{model}/version").component == MODEL_V2
    metric = _find(delta, f"{model}/modelCard/quantitativeAnalysis/performanceMetrics/0/value")
    assert metric.subject == "modelCard.quantitativeAnalysis.performanceMetrics[accuracy reviews-test].value"
    assert delta.kinds() == {"model": 4, "quantization": 1, "model-card": 1, "metric": 1, "framework": 3}
    # The references that follow the two renamed bom-refs, and the volatile fields, are not changes.
    ignored = {change.old_path for change in delta.ignored}
    assert {"/serialNumber", "/version", "/metadata/timestamp", "/dependencies/0/dependsOn/0"} <= ignored
    assert "/formulation/0/workflows/0/outputs/0/resource/ref" in ignored
    assert apply(delta, old) == aibom.load(new)
    assert jsonpatch.apply_patch(old, delta.to_json_patch()) == new


def test_the_summary_puts_the_ai_changes_first() -> None:
    old = _example()
    delta = diff(old, _next_release(old))
    text = delta.summary()
    assert text.splitlines()[0] == "aibom diff: 10 changes (4 model, 1 quantization, 1 model-card, 1 metric, 3 framework)"
    positions = [text.index(f"\n{kind} (") for kind in ("model", "quantization", "model-card", "metric", "framework")]
    assert positions == sorted(positions)
    assert '0.947" → "0.951" (+0.004)' in text
    assert 'aibom:quantization:method: "awq" → "gptq"' in text
    markdown = delta.summary("markdown")
    assert markdown.startswith("### aibom diff: 10 changes")
    assert "| `model:acme/sentiment-7b-awq@2.4.0` | modelCard.modelParameters.task |" in markdown
    assert "#### metric (1)" in markdown
    with pytest.raises(InvalidArgument):
        delta.summary("html")  # type: ignore[arg-type]


def test_hyperparameters_compare_as_numbers_with_a_tolerance() -> None:
    old = _example()
    new = copy.deepcopy(old)
    new["components"][0]["modelCard"]["properties"][5]["value"] = "0.0002"
    assert not diff(old, new)
    assert diff(old, new, strict=True).kinds() == {"hyperparameter": 1}
    new["components"][0]["modelCard"]["properties"][5]["value"] = "2.1e-4"
    change = diff(old, new).changes[0]
    assert (change.kind, change.old, change.new) == ("hyperparameter", "2e-4", "2.1e-4")
    assert not diff(old, new, tolerance=0.1)
    assert diff(old, new, tolerance=0.01)
    with pytest.raises(InvalidArgument):
        diff(old, new, tolerance=-1)


def test_metrics_pair_by_type_and_slice_not_position() -> None:
    old = _example()
    new = copy.deepcopy(old)
    metrics = new["components"][0]["modelCard"]["quantitativeAnalysis"]["performanceMetrics"]
    metrics.reverse()
    metrics.append({"type": "accuracy", "value": "0.90", "slice": "reviews-de"})
    delta = diff(old, new)
    (added,) = delta.changes
    assert (added.kind, added.op, added.new["slice"]) == ("metric", "add", "reviews-de")
    assert added.old_path == "/components/0/modelCard/quantitativeAnalysis/performanceMetrics/-"
    assert added.new_path == "/components/0/modelCard/quantitativeAnalysis/performanceMetrics/2"


# -- identity, renames, lineage -----------------------------------------------------------------------


def _bom(*components: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": list(components), **extra}


def test_a_rename_that_keeps_the_hash_is_reported_as_a_rename() -> None:
    weights = {"type": "file", "name": "model.safetensors", "hashes": [{"alg": "SHA-256", "content": "ab" * 32}]}
    renamed = {**weights, "name": "weights.safetensors"}
    delta = diff(_bom(weights), _bom(renamed))
    assert [(c.op, c.old, c.new) for c in delta.renames] == [
        ("rename", "file model.safetensors", "file weights.safetensors")
    ]
    name = _find(delta, "/components/0/name")
    assert (name.op, name.old, name.new) == ("replace", "model.safetensors", "weights.safetensors")
    assert "renamed file model.safetensors → file weights.safetensors (same hash)" in delta.summary()
    assert apply(delta, _bom(weights)) == aibom.load(_bom(renamed))


def test_components_match_by_identity_not_position() -> None:
    numpy = {"type": "library", "name": "numpy", "version": "1.26.0", "purl": "pkg:pypi/numpy@1.26.0"}
    torch = {"type": "library", "name": "torch", "version": "2.1.0", "purl": "pkg:pypi/torch@2.1.0"}
    upgraded = {**numpy, "version": "2.0.0", "purl": "pkg:pypi/numpy@2.0.0"}
    delta = diff(_bom(numpy, torch), _bom(torch, upgraded))
    assert {(c.old_path, c.new_path, c.old, c.new) for c in delta.changes} == {
        ("/components/0/version", "/components/1/version", "1.26.0", "2.0.0"),
        ("/components/0/purl", "/components/1/purl", "pkg:pypi/numpy@1.26.0", "pkg:pypi/numpy@2.0.0"),
    }
    assert [change.op for change in delta.ignored] == ["reorder"]


def test_added_and_removed_components_carry_their_whole_value() -> None:
    gpu = {"type": "device", "name": "H100", "bom-ref": "gpu", "properties": [{"name": "cdx:device:quantity", "value": "8"}]}
    data = {"type": "data", "name": "reviews", "bom-ref": "data"}
    delta = diff(_bom(gpu), _bom(data))
    assert [(c.kind, c.op, c.old_path, c.new_path) for c in delta.changes] == [
        ("hardware", "remove", "/components/0", "/components/-"),
        ("dataset", "add", "/components/-", "/components/0"),
    ]
    assert delta.changes[0].old == gpu and delta.changes[1].new == data


def test_a_changed_base_model_is_flagged() -> None:
    old = _example()
    new = copy.deepcopy(old)
    base = new["components"][0]["pedigree"]["ancestors"][0]["pedigree"]["ancestors"][0]
    base["name"], base["purl"] = "Llama-3.1-8B", "pkg:huggingface/meta-llama/Llama-3.1-8B@0e9e39f"
    delta = diff(old, new)
    assert set(delta.kinds()) == {"lineage"}
    assert len(delta.base_model_changes()) == 2
    assert delta.summary().splitlines()[2].startswith("! base model changed (2 changes)")
    assert "**Base model changed**" in delta.summary("markdown")


def test_lineage_is_an_ordered_list() -> None:
    first = {"type": "machine-learning-model", "name": "base"}
    second = {"type": "machine-learning-model", "name": "tuned"}
    model = {"type": "machine-learning-model", "name": "m", "pedigree": {"ancestors": [first, second]}}
    swapped = {**model, "pedigree": {"ancestors": [second, first]}}
    delta = diff(_bom(model), _bom(swapped))
    (change,) = delta.changes
    assert (change.kind, change.op, change.old, change.new) == ("lineage", "reorder", [0, 1], [1, 0])
    assert apply(delta, _bom(model)) == aibom.load(_bom(swapped))


def test_quantization_and_serving_properties_are_classified_by_prefix() -> None:
    def model(*properties: tuple[str, str]) -> dict[str, Any]:
        return {
            "type": "machine-learning-model",
            "name": "m",
            "properties": [{"name": name, "value": value} for name, value in properties],
        }

    old = _bom(model(("aibom:quantization:bits", "4"), ("aibom:serving:runtime", "vllm"), ("aibom:pruning:method", "x")))
    new = _bom(model(("aibom:quantization:bits", "8"), ("aibom:serving:runtime", "tgi"), ("aibom:distillation:teacher", "t")))
    assert diff(old, new).kinds() == {"quantization": 1, "pruning": 1, "distillation": 1, "serving": 1}


def test_a_component_moved_under_another_is_removed_and_added() -> None:
    child = {"type": "file", "name": "weights", "bom-ref": "w"}
    parent = {"type": "machine-learning-model", "name": "m", "bom-ref": "m"}
    old = _bom(parent, child)
    new = _bom({**parent, "components": [child]})
    delta = diff(old, new)
    assert sorted((c.op, c.old_path, c.new_path) for c in delta.changes) == [
        ("add", "/components/0/components", "/components/0/components"),
        ("remove", "/components/1", "/components/-"),
    ]
    assert apply(delta, old) == aibom.load(new)
    assert jsonpatch.apply_patch(old, delta.to_json_patch()) == new


def test_a_replaced_metadata_component_is_one_change() -> None:
    old = _bom(metadata={"component": {"type": "application", "name": "svc", "bom-ref": "svc"}})
    new = _bom(metadata={"component": {"type": "machine-learning-model", "name": "m", "bom-ref": "m"}})
    (change,) = diff(old, new).changes
    assert (change.kind, change.op, change.old_path) == ("model", "replace", "/metadata/component")


def test_json_and_xml_of_one_bom_are_equal() -> None:
    bom = aibom.load(SHIPPED_EXAMPLE)
    xml = aibom.dumps(bom, format="xml")
    delta = diff(bom, xml)
    assert not delta
    assert [change.old_path for change in delta.ignored] == ["/$schema"]  # JSON-only, ignored by default


# -- options ----------------------------------------------------------------------------------------


def test_ignore_names_the_fields_that_do_not_count() -> None:
    old = _bom({"type": "library", "name": "x", "description": "a"})
    new = {**_bom({"type": "library", "name": "x", "description": "b"}), "version": 7}
    assert [c.old_path for c in diff(old, new).changes] == ["/components/0/description"]
    assert [c.old_path for c in diff(old, new, ignore=()).changes] == ["/version", "/components/0/description"]
    assert not diff(old, new, ignore=("version", "components.*.description"))
    assert len(diff(old, new, ignore=("components",), strict=True).changes) == 2
    with pytest.raises(InvalidArgument):
        diff(old, new, ignore="version")


def test_inputs_are_never_modified_and_the_delta_holds_its_own_values() -> None:
    old, new = aibom.load(_example()), aibom.load(_next_release(_example()))
    before = copy.deepcopy(old.document), copy.deepcopy(new.document)
    delta = diff(old, new)
    apply(delta, old)
    assert (old.document, new.document) == before
    new.document["components"][0]["modelCard"]["modelParameters"]["task"] = "changed later"
    assert _find(delta, "/components/0/modelCard/modelParameters/task").new == "sentiment-analysis"


# -- apply, invert, serialization ----------------------------------------------------------------------


def test_strict_apply_on_the_wrong_base_raises_a_conflict_naming_the_location() -> None:
    old = _example()
    delta = diff(old, _next_release(old))
    other = copy.deepcopy(old)
    other["components"][0]["modelCard"]["modelParameters"]["task"] = "summarization"
    with pytest.raises(DeltaConflict) as caught:
        apply(delta, other)
    error = caught.value
    assert isinstance(error, AibomError)
    assert error.location == "/components/0/modelCard/modelParameters/task"
    assert error.expected == '"text-classification"'
    assert error.found == '"summarization"'
    assert "/components/0/modelCard/modelParameters/task" in str(error)
    assert pickle.loads(pickle.dumps(error)).found == '"summarization"'
    lenient = apply(delta, other, strict=False)
    assert lenient.document["components"][0]["modelCard"]["modelParameters"]["task"] == "sentiment-analysis"


def test_apply_refuses_a_delta_whose_locations_do_not_exist() -> None:
    delta = diff(_bom({"type": "library", "name": "x", "version": "1"}), _bom({"type": "library", "name": "x", "version": "2"}))
    with pytest.raises(DeltaConflict) as caught:
        apply(delta, _bom(), strict=False)
    assert caught.value.location == "/components/0"
    with pytest.raises(InvalidArgument):
        apply(delta.to_dict(), _bom())  # type: ignore[arg-type]


def test_removals_from_the_end_and_insertions_give_an_exact_json_patch() -> None:
    items = [{"type": "library", "name": f"lib{n}", "bom-ref": f"lib{n}"} for n in range(8)]
    old = _bom(*items)
    new = _bom(items[7], {"type": "library", "name": "new", "bom-ref": "new"}, items[2], items[0], items[5])
    delta = diff(old, new, strict=True)
    patch = delta.to_json_patch()
    assert jsonpatch.apply_patch(old, patch) == new
    removals = [op["path"] for op in patch if op["op"] == "remove"]
    assert removals == ["/components/6", "/components/4", "/components/3", "/components/1"]
    assert jsonpatch.apply_patch(new, delta.invert().to_json_patch(test=True)) == old


def test_the_delta_json_form_is_versioned_and_checked() -> None:
    old = _example()
    delta = diff(old, _next_release(old))
    data = delta.to_dict()
    assert (data["format"], data["version"]) == ("aibom-delta", 1)
    assert Delta.from_dict(orjson.loads(orjson.dumps(data))) == delta
    with pytest.raises(InvalidDocument) as caught:
        Delta.from_dict({**data, "version": 99})
    assert caught.value.location == "/version"
    broken = copy.deepcopy(data)
    broken["changes"][2]["op"] = "explode"
    with pytest.raises(InvalidDocument) as caught:
        Delta.from_dict(broken)
    assert caught.value.location == "/changes/2/op"


def test_an_empty_delta_is_falsy_and_kinds_are_ordered() -> None:
    assert not Delta() and len(Delta()) == 0
    delta = Delta(
        (
            Change("framework", "replace", "/a", "/a", 1, 2),
            Change("model", "replace", "/b", "/b", 1, 2),
            Change("framework", "replace", "/c", "/c", 1, 2),
        )
    )
    assert delta and list(delta.kinds().items()) == [("model", 1), ("framework", 2)]
    assert [c.old_path for c in delta.of_kind("framework")] == ["/a", "/c"]
    assert set(delta.kinds()) <= set(KINDS)


def test_diff_reads_files_and_refuses_what_is_not_a_bom(tmp_path: Any) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(orjson.dumps(_example()))
    assert not diff(path, str(path))
    with pytest.raises(InvalidDocument):
        diff(path, b'{"bomFormat": "SPDX"}')
