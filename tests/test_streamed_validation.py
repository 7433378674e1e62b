"""Validating JSON text a few components at a time must give exactly the findings of the whole-tree check.

`aibom.validate` of JSON text (a path, str or bytes) takes the streamed path (aibom/validation/_streamed.py); of a
dict, the whole-tree path. Both are compared here on the official suite and on generated documents with faults.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aibom
from aibom.validation._streamed import validate_streamed
from tests.conftest import suite_params
from tests.strategies import bom_documents

_CHECKS = ("schema", ("schema", "integrity"), "integrity", "ai", "all")


def _findings(report: aibom.Report) -> list[tuple[str, str, str]]:
    """Findings as (code, location, message); the ``uniqueItems`` message differs by design (the whole-tree one
    quotes the whole array, the streamed one names the two equal components)."""
    return [
        (f.code, f.location, "non-unique" if "non-unique elements" in f.message else f.message) for f in report.findings
    ]


def _bom_text(components: Any, **fields: Any) -> bytes:
    """The JSON text of a 1.6 BOM with these components and top-level fields."""
    return orjson.dumps(
        {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components, **fields}
    )


def _both(document_text: bytes, checks: Any) -> tuple[aibom.Report, aibom.Report]:
    streamed = aibom.validate(document_text, checks=checks)
    whole = aibom.validate(orjson.loads(document_text), checks=checks)
    return streamed, whole


@pytest.mark.parametrize("path", suite_params("*.json"))
def test_streamed_findings_equal_whole_tree_findings_on_the_suite(path: Path) -> None:
    text = path.read_bytes()
    for checks in _CHECKS:
        streamed, whole = _both(text, checks)
        assert _findings(streamed) == _findings(whole), (checks, streamed.to_text(), whole.to_text())
        assert streamed.ok is whole.ok


def _lineage_cycle() -> tuple[dict[str, Any], dict[str, Any]]:
    """A quantized model ``m:q`` whose source is ``m:base``, and an application holding ``m:base`` (nested), whose
    source is ``m:q``: a lineage cycle through a top-level and a nested component."""
    method = {"name": "aibom:quantization:method", "value": "gptq"}

    def model(name: str, source: str) -> dict[str, Any]:
        return {
            "type": "machine-learning-model",
            "name": name,
            "bom-ref": f"m:{name}",
            "properties": [method, {"name": "aibom:quantization:source_model", "value": source}],
        }

    holder = {"type": "application", "name": "app", "bom-ref": "app", "components": [model("base", "m:q")]}
    return model("q", "m:base"), holder


def _mutations(document: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
    """Faults of every kind both paths must report alike."""
    document = copy.deepcopy(document)
    components = document.setdefault("components", [])
    if not components:
        components.append({"type": "library", "name": "x", "bom-ref": "x"})
    kinds = draw(
        st.sets(
            st.sampled_from(
                [
                    "duplicate",
                    "reordered-duplicate",
                    "float-duplicate",
                    "nameless-duplicates",
                    "same-ref-different",
                    "wrong-type",
                    "dangling",
                    "model-card-on-library",
                    "bom-ref-in-license",
                    "not-an-object",
                    "unknown-top",
                    "nested-wrong-type",
                    "lineage-cycle",
                    "bad-quantization",
                    "dataset-of-wrong-type",
                    "duplicate-dependency",
                    "bad-dependency",
                ]
            ),
            max_size=3,
        )
    )
    target = draw(st.integers(0, len(components) - 1))
    if "duplicate" in kinds:
        components.append(copy.deepcopy(components[target]))
    if "reordered-duplicate" in kinds:
        components.append(dict(reversed(list(copy.deepcopy(components[target]).items()))))
    if "float-duplicate" in kinds:
        components.append({"type": "library", "name": "f", "properties": [{"name": "n", "value": "1"}], "x-version": 1})
        components.append(
            {"type": "library", "name": "f", "properties": [{"name": "n", "value": "1"}], "x-version": 1.0}
        )
    if "nameless-duplicates" in kinds:
        components += [
            {"type": "library", "name": "same"},
            {"type": "library", "name": "same"},
            {"type": "library", "name": "same", "version": "2"},
        ]
    if "same-ref-different" in kinds:
        components.append({**components[target], "version": "changed"})
    if "wrong-type" in kinds:
        components[target] = {**components[target], "type": draw(st.sampled_from(["nope", 3, None]))}
    if "dangling" in kinds:
        document.setdefault("dependencies", []).append({"ref": "missing-ref", "dependsOn": ["also-missing"]})
    if "model-card-on-library" in kinds:
        components.append({"type": "library", "name": "card", "modelCard": {}})
    if "bom-ref-in-license" in kinds:
        components.append(
            {"type": "library", "name": "lic", "licenses": [{"license": {"id": "MIT", "bom-ref": "license-1"}}]}
        )
        document.setdefault("dependencies", []).append({"ref": "license-1"})
    if "not-an-object" in kinds:
        components.insert(target, draw(st.sampled_from(["text", 7, [], None])))
    if "unknown-top" in kinds:
        document["unknownField"] = 1
    if "nested-wrong-type" in kinds:
        components.append(
            {
                "type": "application",
                "name": "outer",
                "bom-ref": "outer",
                "components": [{"type": "library", "name": 5, "hashes": "not-a-list"}],
            }
        )
    if "lineage-cycle" in kinds:  # through a nested component and a top-level one, found in walk order
        components += _lineage_cycle()
    if "bad-quantization" in kinds:
        components.insert(
            0,
            {
                "type": "machine-learning-model",
                "name": "b",
                "bom-ref": "m:b",
                "properties": [
                    {"name": "aibom:quantization:bits", "value": "3"},
                    {"name": "aibom:unknown", "value": "?"},
                ],
            },
        )
    if "dataset-of-wrong-type" in kinds:  # the same bom-ref twice, with different types: the last one counts
        components.append(
            {
                "type": "machine-learning-model",
                "name": "d",
                "bom-ref": "m:d",
                "modelCard": {"modelParameters": {"datasets": [{"ref": "ds"}]}},
            }
        )
        components.append({"type": "data", "name": "ds", "bom-ref": "ds"})
        components.append(
            {
                "type": "library",
                "name": "ds",
                "bom-ref": "ds",
                "components": [{"type": "data", "name": "ds2", "bom-ref": "ds"}],
            }
        )
    if "duplicate-dependency" in kinds:
        dependencies = document.setdefault("dependencies", [{"ref": "x"}])
        dependencies.append(copy.deepcopy(dependencies[-1]))
        dependencies.append({"ref": dependencies[0].get("ref", "x"), "dependsOn": ["other"]})
    if "bad-dependency" in kinds:
        document.setdefault("dependencies", []).extend([{"dependsOn": 3}, "not-an-object", {"ref": ["x"]}])
    return document


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), spec=st.sampled_from(["1.5", "1.6", "1.7"]))
def test_streamed_findings_equal_whole_tree_findings_with_faults(data: st.DataObject, spec: str) -> None:
    document = _mutations(data.draw(bom_documents(spec)), data.draw)
    text = json.dumps(document).encode()
    for checks in _CHECKS:
        streamed, whole = _both(text, checks)
        assert _findings(streamed) == _findings(whole), (checks, streamed.to_text(), whole.to_text())


def test_equal_components_are_named_in_the_finding() -> None:
    component = {"type": "library", "name": "a", "version": "1", "bom-ref": "a"}
    twin = dict(reversed(list(component.items())))
    text = _bom_text([component, {"type": "library", "name": "b"}, twin])
    report = aibom.validate(text, checks="schema")
    assert [(f.code, f.location, f.message) for f in report.findings] == [
        ("schema", "/components", "components 0 and 2 are equal: the array has non-unique elements")
    ]


def test_components_sharing_a_key_but_not_equal_are_not_a_schema_fault() -> None:
    text = _bom_text(
        [
            {"type": "library", "name": "a"},
            {"type": "library", "name": "a", "version": "2"},
            {"type": "library", "name": "b", "bom-ref": "r"},
            {"type": "library", "name": "c", "bom-ref": "r"},
        ]
    )
    assert aibom.validate(text, checks="schema").ok
    assert [f.code for f in aibom.validate(text).findings] == ["duplicate-bom-ref"]


def test_repeated_dependencies_are_named_in_the_finding() -> None:
    text = _bom_text(
        [{"type": "library", "name": "a", "bom-ref": "a"}],
        dependencies=[{"ref": "a"}, {"ref": "a", "dependsOn": []}, {"ref": "a"}],
    )
    report = aibom.validate(text, checks="schema")
    assert [(f.location, f.message) for f in report.findings] == [
        ("/dependencies", "dependencies 0 and 2 are equal: the array has non-unique elements")
    ]


def test_what_the_streamed_path_cannot_take_goes_to_the_whole_tree_path() -> None:
    unknown_field = _bom_text([], extra=1)
    bad_utf8 = _bom_text([{"type": "library", "name": "NAME"}]).replace(b"NAME", b"\xff")
    not_a_list = _bom_text({"type": "library"})
    not_cyclonedx = orjson.dumps({"bomFormat": "SPDX", "components": []})
    for text in (unknown_field, bad_utf8, not_a_list, not_cyclonedx):
        assert validate_streamed(text, source="<bytes>", schema=True, bom_refs=text.count(b'"bom-ref"')) is None
    assert aibom.validate(unknown_field).codes() == {"schema"}
    assert aibom.validate(bad_utf8).codes() == {"malformed"}
    assert [f.location for f in aibom.validate(not_a_list).findings] == ["/components"]
    assert aibom.validate(not_cyclonedx).codes() == {"not-cyclonedx"}


def test_a_bom_ref_where_the_fast_walk_does_not_look_is_left_to_the_whole_tree_check() -> None:
    text = _bom_text(
        [{"type": "library", "name": "a", "bom-ref": "a", "licenses": [{"license": {"id": "MIT", "bom-ref": "mit"}}]}],
        dependencies=[{"ref": "a", "dependsOn": ["mit"]}],
    )
    outcome = validate_streamed(text, source="<bytes>", schema=True, bom_refs=text.count(b'"bom-ref"'))
    assert outcome is not None and outcome.findings == [] and outcome.settled is False
    assert aibom.validate(text).ok


def test_a_large_mapped_file_with_a_bad_component_is_reported_and_left_untouched(tmp_path: Path) -> None:
    components = [
        {"type": "library", "name": f"lib-{n}", "bom-ref": f"lib-{n}", "description": "x" * 200} for n in range(6000)
    ]
    components[4321]["type"] = "not-a-type"
    path = tmp_path / "large.json"
    text = _bom_text(components, dependencies=[{"ref": "lib-0", "dependsOn": ["lib-1", "nowhere"]}])
    assert len(text) > 1 << 20  # mapped, not read
    path.write_bytes(text)
    report = aibom.validate(path)
    assert [(f.code, f.location) for f in report.findings] == [
        ("schema", "/components/4321/type"),
        ("dangling-reference", "/dependencies/0/dependsOn/1"),
    ]
    assert path.read_bytes() == text
    path.unlink()  # nothing keeps the file mapped or open


def test_ai_findings_across_batches_equal_the_whole_tree_findings() -> None:
    """A lineage cycle whose links lie in different batches, a nested model, a dataset reference to a component
    defined in a later batch: the rules see what they see on the whole tree, in the same order."""
    components: list[Any] = [{"type": "library", "name": f"lib-{n}", "bom-ref": f"lib-{n}"} for n in range(200)]
    quantized, holder = _lineage_cycle()
    components[3] = {**quantized, "modelCard": {"modelParameters": {"datasets": [{"ref": "lib-150"}, {"ref": "ds"}]}}}
    components[90] = holder
    components[170] = {"type": "data", "name": "ds", "bom-ref": "ds"}
    text = _bom_text(components)
    streamed, whole = _both(text, "all")
    assert _findings(streamed) == _findings(whole)
    assert {(f.code, f.location) for f in streamed.findings} >= {
        ("ai-lineage-cycle", "/components/3/properties/1/value"),
        ("ai-dataset-not-in-bom", "/components/3/modelCard/modelParameters/datasets/0/ref"),
    }
