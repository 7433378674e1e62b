"""``aibom.merge`` on hand-written BOMs: union and identity, bom-ref collisions and the references that follow them,
conflicts and the five policies, three-way merges, hierarchical merges, the envelope, untouched inputs, bad input.

The laws on generated BOMs are in ``test_merge_laws.py``; the lineage (``pedigree.ancestors``) in
``test_merge_lineage.py``.
"""

from __future__ import annotations

import copy
import pickle
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import ML_GUIDE_EXAMPLE, SHIPPED_EXAMPLE, require_shared

import aibom
from aibom.merge import MISSING, Conflict, MergeConflict, MergeResult, Policy, Rename, merge
from aibom.model import Component

SHA = "SHA-256"


def _bom(*components: dict[str, Any], spec: str = "1.6", **sections: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": spec, "version": 1}
    if components:
        document["components"] = list(components)
    document.update(sections)
    return document


def _lib(name: str, ref: str | None = None, **fields: Any) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "library", "name": name}
    if ref is not None:
        component["bom-ref"] = ref
    component.update(fields)
    return component


def _hash(digit: str) -> list[dict[str, str]]:
    return [{"alg": SHA, "content": digit * 64}]


def _refs(bom: aibom.Bom, key: str = "components") -> list[str]:
    return [item["bom-ref"] for item in bom.document.get(key, [])]


def _valid(result: MergeResult) -> None:
    report = aibom.validate(result.bom)
    assert report.ok, [str(finding) for finding in report.findings]


# -- union and identity ----------------------------------------------------------------------------------------


def test_the_union_holds_each_component_service_dependency_formula_and_composition_once() -> None:
    first = _bom(
        _lib("numpy", "np", version="1.26.0", purl="pkg:pypi/numpy@1.26.0"),
        _lib("torch", "torch"),
        services=[{"bom-ref": "api", "name": "inference-api", "endpoints": ["https://a.example.com"]}],
        dependencies=[{"ref": "torch", "dependsOn": ["np"]}, {"ref": "np"}],
        formulation=[{"bom-ref": "train", "workflows": [{"bom-ref": "wf", "uid": "wf-1", "taskTypes": ["build"]}]}],
        compositions=[{"aggregate": "complete", "assemblies": ["torch"]}],
    )
    second = _bom(
        _lib("numpy", "numpy", version="1.26.0", purl="pkg:pypi/numpy@1.26.0"),  # same purl, another bom-ref
        _lib("torch", "torch"),  # same bom-ref, same component
        _lib("pandas", "pd"),
        services=[
            {"bom-ref": "api", "name": "inference-api", "endpoints": ["https://b.example.com"]},
            {"bom-ref": "queue", "name": "queue"},
        ],
        dependencies=[{"ref": "torch", "dependsOn": ["numpy"]}, {"ref": "pd", "dependsOn": ["numpy"]}],
        formulation=[
            {"bom-ref": "train", "workflows": [{"bom-ref": "wf", "uid": "wf-1", "taskTypes": ["build", "test"]}]}
        ],
        compositions=[
            {"aggregate": "complete", "assemblies": ["torch"]},
            {"aggregate": "unknown", "assemblies": ["pd"]},
        ],
    )
    result = merge(first, second)
    document = result.bom.document
    assert _refs(result.bom) == ["np", "torch", "pd"]
    assert _refs(result.bom, "services") == ["api", "queue"]
    assert document["services"][0]["endpoints"] == ["https://a.example.com", "https://b.example.com"]
    assert document["dependencies"] == [
        {"ref": "torch", "dependsOn": ["np"]},
        {"ref": "np"},
        {"ref": "pd", "dependsOn": ["np"]},
    ]
    assert document["formulation"] == [
        {"bom-ref": "train", "workflows": [{"bom-ref": "wf", "uid": "wf-1", "taskTypes": ["build", "test"]}]}
    ]
    assert document["compositions"] == [
        {"aggregate": "complete", "assemblies": ["torch"]},
        {"aggregate": "unknown", "assemblies": ["pd"]},
    ]
    assert result.conflicts == ()
    assert result.renames == (Rename(source=1, old="numpy", new="np", reason="alias"),)
    _valid(result)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(_lib("numpy", "a"), _lib("numpy", "a"), True, id="shared-bom-ref"),
        pytest.param(
            _lib("numpy", "a", purl="pkg:pypi/numpy@1.0"),
            _lib("NumPy", "b", purl="pkg:pypi/numpy@2.0"),
            True,
            id="purl-without-version",
        ),
        pytest.param(_lib("numpy", group="sci"), _lib("numpy", group="sci"), True, id="type-group-name"),
        pytest.param(_lib("numpy", group="sci"), _lib("numpy", group="other"), False, id="another-group"),
        pytest.param(_lib("reviews"), {"type": "data", "name": "reviews"}, False, id="another-type"),
        pytest.param(
            _lib("numpy", "a", purl="pkg:pypi/numpy@1.0"),
            _lib("pandas", "a", purl="pkg:pypi/pandas@1.0"),
            False,
            id="shared-bom-ref-another-purl",
        ),
    ],
)
def test_identity_bom_ref_when_shared_else_purl_without_version_else_type_group_name(
    first: dict[str, Any], second: dict[str, Any], same: bool
) -> None:
    result = merge(_bom(first), _bom(second), policy="prefer-first")
    components = result.bom.document["components"]
    assert len(components) == (1 if same else 2)
    if not same:
        assert components == [first, {**second, "bom-ref": "a#2"} if "bom-ref" in second else second]
        assert result.conflicts == ()


def test_another_purl_with_the_same_type_group_and_name_is_the_same_component_and_a_conflict() -> None:
    """The rules of aibom.identity apply in turn, each to what the previous left: type, group and name pair two
    components whose purls differ, and the purls are then a conflict, reported."""
    first, second = _lib("numpy", purl="pkg:pypi/numpy@1.0"), _lib("numpy", purl="pkg:conda/numpy@1.0")
    result = merge(_bom(first), _bom(second), policy="prefer-last")
    assert result.bom.document["components"] == [second]
    [conflict] = result.conflicts
    assert (conflict.location, conflict.values) == ("/components/0/purl", ("pkg:pypi/numpy@1.0", "pkg:conda/numpy@1.0"))


def test_components_without_bom_ref_are_deduplicated_and_kept_without_one() -> None:
    result = merge(_bom(_lib("numpy", version="1.0")), _bom(_lib("numpy", version="1.0"), _lib("scipy")))
    assert result.bom.document["components"] == [_lib("numpy", version="1.0"), _lib("scipy")]
    assert result.renames == () and result.conflicts == ()


def test_nested_components_are_matched_inside_their_parent() -> None:
    first = _bom(_lib("app", "app", components=[_lib("numpy", "np", version="1.0")]))
    second = _bom(_lib("app", "app", components=[_lib("numpy", "np", version="1.0"), _lib("scipy", "sp")]))
    result = merge(first, second)
    assert result.bom.document["components"] == [
        _lib("app", "app", components=[_lib("numpy", "np", version="1.0"), _lib("scipy", "sp")])
    ]


def test_a_single_bom_merges_into_itself() -> None:
    document = _bom(_lib("numpy", "np"), dependencies=[{"ref": "np"}])
    result = merge(document)
    assert result.bom == aibom.load(document)
    assert result.bom.document is not document
    assert result.conflicts == () and result.renames == ()


def test_the_shipped_example_merged_with_itself_is_itself() -> None:
    result = merge(SHIPPED_EXAMPLE, SHIPPED_EXAMPLE.read_bytes(), aibom.load(SHIPPED_EXAMPLE))
    assert result.bom == aibom.load(SHIPPED_EXAMPLE)
    assert result.conflicts == () and result.renames == ()


def test_the_shipped_example_and_the_ml_guide_example_merge_into_a_valid_bom() -> None:
    guide = require_shared(ML_GUIDE_EXAMPLE)
    result = merge(SHIPPED_EXAMPLE, guide, policy="prefer-first")
    # the guide's example has a dangling reference of its own ('cuda-toolkit'); the merge adds none
    inherited = {(f.code, f.message) for path in (SHIPPED_EXAMPLE, guide) for f in aibom.validate(path).findings}
    findings = {(f.code, f.message) for f in aibom.validate(result.bom).findings}
    assert (
        findings <= inherited
        and ("dangling-reference", "reference 'cuda-toolkit' does not match any bom-ref in the BOM") in findings
    )
    assert result.bom.spec.value == "1.7"
    merged = {component.bom_ref for component in result.bom.components()}
    for source, path in enumerate((SHIPPED_EXAMPLE, guide)):
        renamed = {rename.old: rename.new for rename in result.renames if rename.source == source}
        for component in aibom.load(path).components():
            if component.bom_ref is not None:
                assert renamed.get(component.bom_ref, component.bom_ref) in merged


# -- bom-ref collisions ------------------------------------------------------------------------------------------


def _training_bom() -> dict[str, Any]:
    """A model, its data set and its training run, with bom-refs a second tool will reuse for other things."""
    return _bom(
        {
            "type": "machine-learning-model",
            "bom-ref": "component-1",
            "name": "sentiment",
            "hashes": _hash("a"),
            "modelCard": {"bom-ref": "card-1", "modelParameters": {"datasets": [{"ref": "component-2"}]}},
        },
        {"type": "data", "bom-ref": "component-2", "name": "reviews"},
        dependencies=[{"ref": "component-1", "dependsOn": ["component-2"]}, {"ref": "component-2"}],
    )


def _serving_bom() -> dict[str, Any]:
    """The same model (another weights hash) and a different data set that also calls itself "component-2",
    referenced from everywhere a reference can be."""
    return _bom(
        {
            "type": "machine-learning-model",
            "bom-ref": "component-1",
            "name": "sentiment",
            "hashes": _hash("b"),
            "properties": [{"name": "aibom:finetune:dataset", "value": "component-2"}],
            "modelCard": {
                "bom-ref": "card-1",
                "modelParameters": {"datasets": [{"ref": "component-2"}]},
                "properties": [{"name": "aibom:model:evaluation_dataset", "value": "component-2"}],
            },
        },
        {"type": "data", "bom-ref": "component-2", "name": "tickets"},
        {"type": "container", "bom-ref": "card-1#2", "name": "serving-image"},  # a bom-ref a rename must avoid
        dependencies=[{"ref": "component-1", "dependsOn": ["component-2"]}, {"ref": "component-2"}],
        formulation=[
            {
                "bom-ref": "formula-1",
                "workflows": [
                    {
                        "bom-ref": "workflow-1",
                        "uid": "evaluate",
                        "taskTypes": ["test"],
                        "resourceReferences": [{"ref": "component-2"}],
                        "inputs": [{"resource": {"ref": "component-2"}}],
                        "runtimeTopology": [{"ref": "card-1#2", "dependsOn": ["component-2"]}],
                    }
                ],
            }
        ],
        compositions=[{"aggregate": "complete", "assemblies": ["component-1", "component-2"]}],
        annotations=[
            {
                "subjects": ["component-2"],
                "annotator": {"organization": {"name": "acme"}},
                "timestamp": "2026-01-01T00:00:00Z",
                "text": "support tickets, anonymised",
            }
        ],
        vulnerabilities=[{"id": "CVE-2026-0001", "affects": [{"ref": "component-2"}]}],
    )


@pytest.mark.parametrize("policy", ["prefer-first", "prefer-last", "prefer-newest"])
def test_a_colliding_bom_ref_is_renamed_everywhere_and_the_hash_conflict_reported(policy: str) -> None:
    training, serving = _training_bom(), _serving_bom()
    result = merge(training, serving, policy=policy)
    document = result.bom.document
    _valid(result)
    # the model is one component; the second data set is another one, renamed
    assert [(c["bom-ref"], c["name"]) for c in document["components"]] == [
        ("component-1", "sentiment"),
        ("component-2", "reviews"),
        ("component-2#2", "tickets"),
        ("card-1#2", "serving-image"),
    ]
    assert result.renames == (Rename(source=1, old="component-2", new="component-2#2", reason="collision"),)
    # every reference of the second input to its data set follows it; the first input's references do not
    model = document["components"][0]
    assert model["modelCard"]["modelParameters"]["datasets"] == [{"ref": "component-2"}, {"ref": "component-2#2"}]
    assert model["properties"] == [{"name": "aibom:finetune:dataset", "value": "component-2#2"}]
    assert model["modelCard"]["properties"] == [{"name": "aibom:model:evaluation_dataset", "value": "component-2#2"}]
    assert document["dependencies"] == [
        {"ref": "component-1", "dependsOn": ["component-2", "component-2#2"]},
        {"ref": "component-2"},
        {"ref": "component-2#2"},
    ]
    workflow = document["formulation"][0]["workflows"][0]
    assert workflow["resourceReferences"] == [{"ref": "component-2#2"}]
    assert workflow["inputs"] == [{"resource": {"ref": "component-2#2"}}]
    assert workflow["runtimeTopology"] == [{"ref": "card-1#2", "dependsOn": ["component-2#2"]}]
    assert document["compositions"] == [{"aggregate": "complete", "assemblies": ["component-1", "component-2#2"]}]
    assert document["annotations"][0]["subjects"] == ["component-2#2"]
    assert document["vulnerabilities"][0]["affects"] == [{"ref": "component-2#2"}]
    # the one true conflict, with both values
    [conflict] = result.conflicts
    assert conflict.identity == "component component-1"
    assert conflict.location == "/components/0/hashes/0/content"
    assert conflict.values == ("a" * 64, "b" * 64) and conflict.sources == (0, 1)
    assert conflict.resolution == policy and conflict.base is MISSING
    chosen = 0 if policy == "prefer-first" else 1  # prefer-newest: no versions, no timestamps: the last input
    assert conflict.chosen == chosen
    assert model["hashes"] == [{"alg": SHA, "content": conflict.values[chosen]}]


def test_a_colliding_bom_ref_under_keep_both_keeps_two_models_each_with_its_own_references() -> None:
    result = merge(_training_bom(), _serving_bom(), policy="keep-both")
    document = result.bom.document
    _valid(result)
    assert [c["bom-ref"] for c in document["components"]] == [
        "component-1",
        "component-2",
        "component-2#2",
        "card-1#2",
        "component-1#2",
    ]
    first, second = document["components"][0], document["components"][4]
    assert (first["hashes"], second["hashes"]) == (_hash("a"), _hash("b"))
    assert first["modelCard"]["modelParameters"]["datasets"] == [{"ref": "component-2"}]
    assert second["modelCard"]["modelParameters"]["datasets"] == [{"ref": "component-2#2"}]
    assert first["modelCard"]["bom-ref"] != second["modelCard"]["bom-ref"]
    assert {"ref": "component-1#2", "dependsOn": ["component-2#2"]} in document["dependencies"]
    assert document["compositions"] == [{"aggregate": "complete", "assemblies": ["component-1#2", "component-2#2"]}]
    assert {(r.old, r.new, r.reason) for r in result.renames} >= {
        ("component-2", "component-2#2", "collision"),
        ("component-1", "component-1#2", "keep-both"),
    }
    [conflict] = result.conflicts
    assert conflict.values == ("a" * 64, "b" * 64)
    assert conflict.resolution == "keep-both" and conflict.chosen is None and conflict.renamed == "component-1#2"


def test_the_new_name_avoids_every_bom_ref_any_input_spells() -> None:
    first = _bom(_lib("numpy", "lib"), _lib("scipy", "lib#2"))
    second = _bom(_lib("torch", "lib"), dependencies=[{"ref": "lib"}])
    result = merge(first, second)
    assert _refs(result.bom) == ["lib", "lib#2", "lib#3"]
    assert result.bom.document["dependencies"] == [{"ref": "lib#3"}]
    _valid(result)


def test_a_component_colliding_with_another_kind_of_element_is_renamed() -> None:
    first = _bom(
        formulation=[{"bom-ref": "train", "workflows": [{"bom-ref": "wf", "uid": "u", "taskTypes": ["build"]}]}]
    )
    second = _bom(_lib("torch", "wf"), dependencies=[{"ref": "wf"}])
    result = merge(first, second)
    assert _refs(result.bom) == ["wf#2"]
    assert result.bom.document["dependencies"] == [{"ref": "wf#2"}]
    _valid(result)


def test_an_alias_and_a_collision_in_one_input_are_rewritten_together() -> None:
    first = _bom(_lib("numpy", "x", purl="pkg:pypi/numpy@1.0"))
    second = _bom(
        _lib("pandas", "x", purl="pkg:pypi/pandas@2.0"),  # collides with the first input's "x"
        _lib("numpy", "np", purl="pkg:pypi/numpy@1.0"),  # the first input's "x" under another name
        dependencies=[{"ref": "x", "dependsOn": ["np"]}, {"ref": "np"}],
    )
    result = merge(first, second)
    assert [(c["bom-ref"], c["name"]) for c in result.bom.document["components"]] == [("x", "numpy"), ("x#2", "pandas")]
    assert result.bom.document["dependencies"] == [{"ref": "x#2", "dependsOn": ["x"]}, {"ref": "x"}]
    assert set(result.renames) == {
        Rename(source=1, old="x", new="x#2", reason="collision"),
        Rename(source=1, old="np", new="x", reason="alias"),
    }
    _valid(result)


def test_different_formulation_components_sharing_a_bom_ref_are_renamed() -> None:
    def run(library: str) -> dict[str, Any]:
        return _bom(
            formulation=[
                {
                    "components": [_lib(library, "lib-1")],
                    "workflows": [
                        {
                            "bom-ref": f"wf-{library}",
                            "uid": library,
                            "taskTypes": ["build"],
                            "resourceReferences": [{"ref": "lib-1"}],
                        }
                    ],
                }
            ]
        )

    result = merge(run("torch"), run("numpy"), policy="keep-both")
    assert [c["name"] for c in result.bom.document["formulation"][0]["components"]] == ["torch", "numpy"]
    assert result.conflicts == ()
    formula = result.bom.document["formulation"][0]
    assert [c["bom-ref"] for c in formula["components"]] == ["lib-1", "lib-1#2"]
    assert [w["resourceReferences"] for w in formula["workflows"]] == [[{"ref": "lib-1"}], [{"ref": "lib-1#2"}]]
    assert [(r.source, r.old, r.new, r.reason) for r in result.renames] == [(1, "lib-1", "lib-1#2", "collision")]


def test_the_same_formulation_component_under_one_bom_ref_still_merges() -> None:
    def run(version: str) -> dict[str, Any]:
        return _bom(formulation=[{"components": [_lib("torch", "lib-1", purl=f"pkg:pypi/torch@{version}")]}])

    result = merge(run("2.1"), run("2.2"), policy="prefer-last")
    assert result.bom.document["formulation"][0]["components"] == [_lib("torch", "lib-1", purl="pkg:pypi/torch@2.2")]
    assert [c.location for c in result.conflicts] == ["/formulation/0/components/0/purl"]
    assert result.renames == ()


def test_three_way_a_formulation_bom_ref_of_the_base_pairs_as_it_is() -> None:
    def run(library: str) -> dict[str, Any]:
        return _bom(formulation=[{"components": [_lib(library, "lib-1")]}])

    result = merge(run("torch"), run("numpy"), base=run("torch"), policy="fail")
    assert result.bom.document["formulation"][0]["components"] == [_lib("numpy", "lib-1")]
    assert result.conflicts == () and result.renames == ()


# -- conflicts and policies --------------------------------------------------------------------------------------


def _numpy(version: str, digit: str, description: str, stamp: str | None = None) -> dict[str, Any]:
    document = _bom(
        _lib("numpy", "np", version=version, hashes=_hash(digit), description=description),
        dependencies=[{"ref": "np"}],
    )
    if stamp is not None:
        document["metadata"] = {"timestamp": stamp}
    return document


def test_fail_raises_an_aibom_error_listing_every_conflict() -> None:
    older = _numpy("1.9", "a", "old", "2026-01-02T00:00:00Z")
    newer = _numpy("1.10", "b", "new", "2026-01-01T00:00:00Z")
    with pytest.raises(MergeConflict) as raised:
        merge(older, newer)  # the default policy
    error = raised.value
    assert isinstance(error, aibom.AibomError) and isinstance(error, aibom.MergeConflict)
    assert [(c.location, c.values, c.resolution, c.chosen) for c in error.conflicts] == [
        ("/components/0/version", ("1.9", "1.10"), "fail", None),
        ("/components/0/hashes/0/content", ("a" * 64, "b" * 64), "fail", None),
        ("/components/0/description", ("old", "new"), "fail", None),
    ]
    assert str(error).startswith("/components/0/version: 3 conflicts: ")
    assert '"1.9"' in str(error) and '"old"' in str(error) and '"new"' in str(error)
    assert error.expected == 'inputs that agree, or a policy other than "fail"'
    again = pickle.loads(pickle.dumps(error))
    assert again.conflicts == error.conflicts


def test_fail_lists_more_than_five_conflicts_in_its_message_and_all_of_them_as_data() -> None:
    fields = ["description", "version", "author", "publisher", "copyright", "cpe", "mime-type"]
    first = _bom(_lib("numpy", "np", **{field: f"{field}-a" for field in fields}))
    second = _bom(_lib("numpy", "np", **{field: f"{field}-b" for field in fields}))
    with pytest.raises(MergeConflict) as raised:
        merge(first, second, policy=Policy.FAIL)
    assert [c.location.rsplit("/", 1)[1] for c in raised.value.conflicts] == fields
    assert str(raised.value).count("unresolved") == 5
    assert "7 conflicts" in str(raised.value) and "and 2 more" in str(raised.value)


@pytest.mark.parametrize(
    ("policy", "chosen"),
    [
        ("prefer-first", 0),
        ("prefer-last", 2),
        ("prefer-newest", 1),  # the highest PEP 440 version: 1.10
    ],
)
def test_the_policies_pick_one_input_for_every_conflict(policy: str, chosen: int) -> None:
    inputs = [_numpy("1.9", "a", "one"), _numpy("1.10", "b", "two"), _numpy("1.2", "c", "three")]
    result = merge(*inputs, policy=policy)
    component = result.bom.document["components"][0]
    assert component == inputs[chosen]["components"][0]
    assert [c.location for c in result.conflicts] == [
        "/components/0/version",
        "/components/0/hashes/0/content",
        "/components/0/description",
    ]
    for conflict in result.conflicts:
        assert conflict.sources == (0, 1, 2) and len(set(conflict.values)) == 3
        assert conflict.resolution == policy and conflict.chosen == chosen
        assert str(conflict).endswith(f"-> {policy} took input {chosen}")


def test_prefer_newest_falls_back_to_the_latest_timestamp_then_to_the_last_input() -> None:
    later = _numpy("main", "a", "later", "2026-03-01T00:00:00+02:00")
    earlier = _numpy("dev", "b", "earlier", "2026-02-28T21:00:00Z")  # versions that PEP 440 cannot order
    result = merge(later, earlier, policy="prefer-newest")
    assert result.bom.document["components"][0]["description"] == "later"
    assert {c.chosen for c in result.conflicts} == {0}
    undated = merge(_numpy("main", "a", "first"), _numpy("dev", "b", "second"), policy="prefer-newest")
    assert undated.bom.document["components"][0]["description"] == "second"
    assert {c.chosen for c in undated.conflicts} == {1}


def test_prefer_newest_compares_the_versions_of_services_too() -> None:
    newer = _bom(services=[{"bom-ref": "api", "name": "api", "version": "2.0", "description": "new"}])
    older = _bom(services=[{"bom-ref": "api", "name": "api", "version": "1.0", "description": "old"}])
    result = merge(newer, older, policy="prefer-newest")
    assert result.bom.document["services"] == newer["services"]
    assert [(c.location, c.chosen) for c in result.conflicts] == [
        ("/services/0/version", 0),
        ("/services/0/description", 0),
    ]


def test_keep_both_keeps_every_conflicting_component_and_reports_each_conflict() -> None:
    inputs = [_numpy("1.9", "a", "one"), _numpy("1.10", "b", "two"), _numpy("1.9", "a", "one")]
    result = merge(*inputs, policy="keep-both")
    document = result.bom.document
    assert [(c["bom-ref"], c["version"]) for c in document["components"]] == [("np", "1.9"), ("np#2", "1.10")]
    assert document["dependencies"] == [{"ref": "np"}, {"ref": "np#2"}]
    assert result.renames == (Rename(source=1, old="np", new="np#2", reason="keep-both"),)
    assert [(c.location, c.values, c.chosen, c.renamed) for c in result.conflicts] == [
        ("/components/0/version", ("1.9", "1.10"), None, "np#2"),
        ("/components/0/hashes/0/content", ("a" * 64, "b" * 64), None, "np#2"),
        ("/components/0/description", ("one", "two"), None, "np#2"),
    ]
    assert all(str(c).endswith("-> kept both (the second as 'np#2')") for c in result.conflicts)
    _valid(result)


def test_keep_both_takes_the_first_value_where_two_elements_cannot_be_kept() -> None:
    first = _bom(metadata={"supplier": {"name": "acme"}})
    second = _bom(metadata={"supplier": {"name": "umbrella"}})
    result = merge(first, second, policy="keep-both")
    assert result.bom.document["metadata"] == {"supplier": {"name": "acme"}}
    [conflict] = result.conflicts
    assert (conflict.identity, conflict.location, conflict.values) == (
        "metadata",
        "/metadata/supplier/name",
        ("acme", "umbrella"),
    )
    assert (conflict.resolution, conflict.chosen, conflict.renamed) == ("keep-both", 0, None)


def test_a_model_card_field_conflict_is_reported_with_both_values() -> None:
    def model(task: str, accuracy: str) -> dict[str, Any]:
        card = {
            "modelParameters": {"task": task},
            "quantitativeAnalysis": {"performanceMetrics": [{"type": "accuracy", "value": accuracy, "slice": "test"}]},
        }
        return _bom({"type": "machine-learning-model", "bom-ref": "m", "name": "m", "modelCard": card})

    result = merge(model("text-classification", "0.91"), model("sentiment-analysis", "0.93"), policy="prefer-last")
    card = result.bom.document["components"][0]["modelCard"]
    assert card["modelParameters"]["task"] == "sentiment-analysis"
    assert card["quantitativeAnalysis"]["performanceMetrics"] == [
        {"type": "accuracy", "value": "0.93", "slice": "test"}
    ]
    assert [(c.location, c.values) for c in result.conflicts] == [
        ("/components/0/modelCard/modelParameters/task", ("text-classification", "sentiment-analysis")),
        ("/components/0/modelCard/quantitativeAnalysis/performanceMetrics/0/value", ("0.91", "0.93")),
    ]
    assert result.conflicts[0].to_dict() == {
        "identity": "component m",
        "location": "/components/0/modelCard/modelParameters/task",
        "values": [{"input": 0, "value": "text-classification"}, {"input": 1, "value": "sentiment-analysis"}],
        "resolution": "prefer-last",
        "chosen": 1,
    }


def test_arrays_merge_by_key_and_different_keys_are_not_conflicts() -> None:
    first = _bom(
        _lib("numpy", "np", hashes=[{"alg": "MD5", "content": "0" * 32}], properties=[{"name": "a", "value": "1"}])
    )
    second = _bom(_lib("numpy", "np", hashes=_hash("b"), properties=[{"name": "b", "value": "2"}]))
    result = merge(first, second)
    assert result.bom.document["components"][0] == _lib(
        "numpy",
        "np",
        hashes=[{"alg": "MD5", "content": "0" * 32}, {"alg": SHA, "content": "b" * 64}],
        properties=[{"name": "a", "value": "1"}, {"name": "b", "value": "2"}],
    )
    assert result.conflicts == ()


def test_licenses_conflict_as_a_whole() -> None:
    first = _bom(_lib("numpy", "np", licenses=[{"license": {"id": "MIT"}}]))
    second = _bom(_lib("numpy", "np", licenses=[{"expression": "MIT OR Apache-2.0"}]))
    result = merge(first, second, policy="prefer-first")
    assert result.bom.document["components"][0]["licenses"] == [{"license": {"id": "MIT"}}]
    [conflict] = result.conflicts
    assert conflict.location == "/components/0/licenses"
    assert conflict.values == ([{"license": {"id": "MIT"}}], [{"expression": "MIT OR Apache-2.0"}])
    _valid(result)


def test_hashes_with_a_repeated_algorithm_pair_by_content_and_lose_nothing() -> None:
    """A documented limit of pairing by key (aibom.merge.keys.align): when an input repeats a hash algorithm,
    hashes pair by content, so a different hash is kept beside the others rather than reported."""
    first = _bom(_lib("numpy", "np", hashes=[*_hash("a"), *_hash("a")]))
    second = _bom(_lib("numpy", "np", hashes=_hash("b")))
    result = merge(first, second)
    contents = [item["content"] for item in result.bom.document["components"][0]["hashes"]]
    assert contents == ["a" * 64, "a" * 64, "b" * 64]


# -- three-way ---------------------------------------------------------------------------------------------------


def _base() -> dict[str, Any]:
    return _bom(
        {
            "type": "machine-learning-model",
            "bom-ref": "m",
            "name": "m",
            "version": "1",
            "hashes": _hash("a"),
            "modelCard": {"modelParameters": {"task": "classification", "datasets": [{"ref": "d"}]}},
        },
        {"type": "data", "bom-ref": "d", "name": "d"},
        _lib("lib", "lib"),
        dependencies=[{"ref": "m", "dependsOn": ["d"]}, {"ref": "d"}, {"ref": "lib"}],
        metadata={"timestamp": "2026-01-01T00:00:00Z"},
    )


def test_three_way_takes_each_sides_change_and_the_same_change_once() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["components"][0]["version"] = "2"  # one side
    theirs["components"][1]["description"] = "100k reviews"  # the other side
    for side in (ours, theirs):  # both, the same way
        side["components"][0]["modelCard"]["modelParameters"]["task"] = "regression"
    del theirs["components"][2]  # removed by one side, unchanged by the other
    theirs["dependencies"].remove({"ref": "lib"})
    ours["components"].append(_lib("new", "new"))  # added by one side
    result = merge(ours, theirs, base=base)
    assert result.conflicts == () and result.renames == ()
    document = result.bom.document
    assert [c["bom-ref"] for c in document["components"]] == ["m", "d", "new"]
    model = document["components"][0]
    assert model["version"] == "2" and model["modelCard"]["modelParameters"]["task"] == "regression"
    assert document["components"][1]["description"] == "100k reviews"
    assert document["dependencies"] == [{"ref": "m", "dependsOn": ["d"]}, {"ref": "d"}]
    # a two-way merge of the same sides sees no base: every difference is a conflict, nothing is removed
    with pytest.raises(MergeConflict):
        merge(ours, theirs)
    assert _refs(merge(ours, theirs, policy="prefer-first").bom) == ["m", "d", "lib", "new"]


@pytest.mark.parametrize(("policy", "version"), [("prefer-first", "2"), ("prefer-last", "3"), ("prefer-newest", "3")])
def test_three_way_reports_only_the_field_both_sides_changed_differently(policy: str, version: str) -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["components"][0]["version"] = "2"
    theirs["components"][0]["version"] = "3"
    ours["components"][0]["hashes"] = _hash("b")
    result = merge(ours, theirs, base=base, policy=policy)
    model = result.bom.document["components"][0]
    assert model["version"] == version and model["hashes"] == _hash("b")
    [conflict] = result.conflicts
    assert (conflict.location, conflict.values, conflict.base) == ("/components/0/version", ("2", "3"), "1")
    assert conflict.chosen == (0 if version == "2" else 1)
    assert '(base "1")' in str(conflict)
    with pytest.raises(MergeConflict) as raised:
        merge(ours, theirs, base=base)
    assert [c.location for c in raised.value.conflicts] == ["/components/0/version"]


@pytest.mark.parametrize(("policy", "kept"), [("prefer-first", False), ("prefer-last", True)])
def test_three_way_a_removal_against_a_change_is_a_conflict(policy: str, kept: bool) -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del ours["components"][2]
    ours["dependencies"].remove({"ref": "lib"})
    theirs["components"][2]["description"] = "patched"
    result = merge(ours, theirs, base=base, policy=policy)
    assert ("lib" in _refs(result.bom)) is kept
    [conflict] = result.conflicts
    assert conflict.identity == "component lib"
    assert conflict.values == (MISSING, {**_lib("lib", "lib"), "description": "patched"})
    assert conflict.base == _lib("lib", "lib")
    assert conflict.to_dict()["values"][0] == {"input": 0, "missing": True}
    _valid(result)


def test_three_way_a_removed_component_that_the_other_side_now_uses_is_kept_and_reported() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del ours["components"][2]
    ours["dependencies"].remove({"ref": "lib"})
    theirs["dependencies"][0]["dependsOn"].append("lib")
    result = merge(ours, theirs, base=base, policy="prefer-first")
    assert "lib" in _refs(result.bom)
    assert result.bom.document["dependencies"][0] == {"ref": "m", "dependsOn": ["d", "lib"]}
    [conflict] = result.conflicts
    assert conflict.identity == "component lib" and conflict.values[0] is MISSING
    _valid(result)
    with pytest.raises(MergeConflict):
        merge(ours, theirs, base=base)


def test_three_way_keep_both_keeps_the_first_sides_bom_ref_and_renames_the_second() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["components"][2]["version"] = "2"
    theirs["components"][2]["version"] = "3"
    result = merge(ours, theirs, base=base, policy="keep-both")
    assert [(c["bom-ref"], c.get("version")) for c in result.bom.document["components"]] == [
        ("m", "1"),
        ("d", None),
        ("lib", "2"),
        ("lib#2", "3"),
    ]
    assert result.renames == (Rename(source=1, old="lib", new="lib#2", reason="keep-both"),)
    [conflict] = result.conflicts
    assert (conflict.location, conflict.values, conflict.base) == ("/components/2/version", ("2", "3"), MISSING)
    assert conflict.renamed == "lib#2" and conflict.chosen is None
    _valid(result)


def test_three_way_keep_both_keeps_the_references_of_both_sides() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["components"][1]["description"] = "ours"
    theirs["components"][1]["description"] = "theirs"
    result = merge(ours, theirs, base=base, policy="keep-both")
    document = result.bom.document
    assert sorted(document["dependencies"], key=lambda entry: entry["ref"]) == [
        {"ref": "d"},
        {"ref": "d#2"},
        {"ref": "lib"},
        {"ref": "m", "dependsOn": ["d", "d#2"]},
    ]
    assert [(c["bom-ref"], c.get("description")) for c in document["components"]] == [
        ("m", None), ("d", "ours"), ("lib", None), ("d#2", "theirs")]
    assert document["components"][0]["modelCard"]["modelParameters"]["datasets"] == [{"ref": "d"}, {"ref": "d#2"}]
    assert [(r.source, r.old, r.new, r.reason) for r in result.renames] == [(1, "d", "d#2", "keep-both")]
    assert aibom.validate(result.bom).ok


def test_three_way_of_a_bom_with_itself_is_itself() -> None:
    base = _base()
    result = merge(base, base, base=base, policy="fail")
    assert result.bom == aibom.load(_base())
    assert result.conflicts == ()


def test_three_way_cannot_be_hierarchical() -> None:
    with pytest.raises(aibom.AibomError, match="three-way merge cannot also be hierarchical"):
        merge(_base(), _base(), base=_base(), hierarchical=True)


# -- hierarchical ------------------------------------------------------------------------------------------------


def _subsystem(name: str, *components: dict[str, Any]) -> dict[str, Any]:
    return _bom(
        *components,
        metadata={"component": {"type": "application", "bom-ref": "app", "name": name}},
        dependencies=[
            {"ref": "app", "dependsOn": [c["bom-ref"] for c in components]},
            *({"ref": c["bom-ref"]} for c in components),
        ],
    )


def test_hierarchical_nests_each_input_under_its_metadata_component() -> None:
    training = _subsystem("training", _lib("numpy", "np", purl="pkg:pypi/numpy@1.26.0"))
    serving = _subsystem("serving", _lib("numpy", "np", purl="pkg:pypi/numpy@2.0.0"), _lib("vllm", "vllm"))
    root = {"type": "application", "bom-ref": "system", "name": "sentiment-system"}
    result = merge(training, serving, hierarchical=True, root=root)
    document = result.bom.document
    assert document["metadata"] == {"component": root}
    assert document["components"] == [
        {
            "type": "application",
            "bom-ref": "app",
            "name": "training",
            "components": [_lib("numpy", "np", purl="pkg:pypi/numpy@1.26.0")],
        },
        {
            "type": "application",
            "bom-ref": "app#2",
            "name": "serving",
            "components": [_lib("numpy", "np#2", purl="pkg:pypi/numpy@2.0.0"), _lib("vllm", "vllm")],
        },
    ]
    assert document["dependencies"] == [
        {"ref": "app", "dependsOn": ["np"]},
        {"ref": "np"},
        {"ref": "app#2", "dependsOn": ["np#2", "vllm"]},
        {"ref": "np#2"},
        {"ref": "vllm"},
    ]
    assert result.conflicts == ()
    _valid(result)


def test_hierarchical_parents_and_generated_parents(tmp_path: Path) -> None:
    path = tmp_path / "serving.cdx.json"
    path.write_bytes(orjson.dumps(_bom(_lib("vllm", "vllm"))))
    parent = Component(type="application", name="training", bom_ref="training")
    result = merge(_bom(_lib("numpy", "np")), path, _bom(_lib("torch", "torch")), parents=[parent, None, None])
    assert [
        (c["bom-ref"], c["name"], [n["bom-ref"] for n in c["components"]]) for c in result.bom.document["components"]
    ] == [
        ("training", "training", ["np"]),
        ("aibom:merge:input-2", "serving.cdx.json", ["vllm"]),
        ("aibom:merge:input-3", "input-3", ["torch"]),
    ]
    assert "metadata" not in result.bom.document
    _valid(result)


def test_hierarchical_inputs_that_describe_the_same_system_share_one_parent() -> None:
    training = _subsystem("app", _lib("numpy", "np"))
    more = _subsystem("app", _lib("torch", "torch"))
    result = merge(training, more, hierarchical=True)
    assert result.bom.document["components"] == [
        {
            "type": "application",
            "bom-ref": "app",
            "name": "app",
            "components": [_lib("numpy", "np"), _lib("torch", "torch")],
        }
    ]
    _valid(result)


@pytest.mark.parametrize("given_as", ["dict", "json"])
def test_hierarchical_merge_renames_colliding_bom_refs_inside_components(given_as: str) -> None:
    """Each input's generated parent adds a bom-ref its text does not have: the count of the bom-refs defined
    inside components must still see the model card's, which collides across the inputs."""

    def model(name: str) -> Any:
        card = {"bom-ref": "card-1", "modelParameters": {"task": name}}
        document = _bom({"type": "machine-learning-model", "name": name, "bom-ref": name, "modelCard": card})
        return document if given_as == "dict" else orjson.dumps(document)

    result = merge(model("a"), model("b"), hierarchical=True)
    cards = [child["modelCard"]["bom-ref"] for parent in result.bom.document["components"] for child in parent["components"]]
    assert cards == ["card-1", "card-1#2"]
    assert [(rename.source, rename.old, rename.new) for rename in result.renames] == [(1, "card-1", "card-1#2")]
    _valid(result)


# -- envelope ----------------------------------------------------------------------------------------------------

SERIAL_A = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
SERIAL_B = "urn:uuid:9c7a3e52-47d1-4f4c-8d6b-0f3a2c1e5b77"


def test_a_shared_serial_number_is_kept_and_the_version_bumped_when_the_versions_differ() -> None:
    first = _bom(_lib("numpy", "np"), serialNumber=SERIAL_A, version=2)
    second = _bom(_lib("torch", "torch"), serialNumber=SERIAL_A, version=5)
    result = merge(first, second)
    assert (result.bom.document["serialNumber"], result.bom.document["version"]) == (SERIAL_A, 6)
    same = merge(first, {**second, "version": 2})
    assert (same.bom.document["serialNumber"], same.bom.document["version"]) == (SERIAL_A, 2)


def test_different_serial_numbers_give_a_derived_one_whatever_the_order() -> None:
    first = _bom(_lib("numpy", "np"), serialNumber=SERIAL_A, version=3)
    second = _bom(_lib("torch", "torch"), serialNumber=SERIAL_B, version=4)
    forward, backward = merge(first, second).bom.document, merge(second, first).bom.document
    assert forward["serialNumber"] == backward["serialNumber"]
    assert forward["serialNumber"] not in (SERIAL_A, SERIAL_B)
    assert uuid.UUID(forward["serialNumber"].removeprefix("urn:uuid:")).version == 5
    assert forward["version"] == backward["version"] == 1
    assert merge(first, second, serial_number=SERIAL_B).bom.document["serialNumber"] == SERIAL_B
    assert "serialNumber" not in merge(first, second, serial_number=None).bom.document


def test_the_latest_timestamp_wins_and_the_highest_spec_version() -> None:
    first = _bom(_lib("numpy", "np"), spec="1.5", metadata={"timestamp": "2026-01-01T12:00:00+02:00"})
    second = _bom(_lib("torch", "torch"), spec="1.7", metadata={"timestamp": "2026-01-01T11:00:00Z"})
    result = merge(first, second)
    assert result.bom.spec.value == "1.7"
    assert result.bom.document["metadata"]["timestamp"] == "2026-01-01T11:00:00Z"
    _valid(result)


def test_record_inputs_names_each_input_in_the_metadata() -> None:
    first = _bom(_lib("numpy", "np"), serialNumber=SERIAL_A, version=2)
    second = _bom(_lib("torch", "torch"), serialNumber=SERIAL_B, version=1)
    result = merge(first, second, record_inputs=True)
    assert result.bom.document["metadata"]["properties"] == [
        {"name": "aibom:merge:input", "value": f"urn:cdx:{SERIAL_A.removeprefix('urn:uuid:')}/2"},
        {"name": "aibom:merge:input", "value": f"urn:cdx:{SERIAL_B.removeprefix('urn:uuid:')}/1"},
    ]


def test_json_xml_and_bom_inputs_merge_alike() -> None:
    document = _bom(_lib("numpy", "np", version="1.0"), dependencies=[{"ref": "np"}])
    other = _bom(_lib("torch", "torch"), dependencies=[{"ref": "torch"}])
    expected = merge(document, other).bom
    assert merge(aibom.dumps(aibom.load(document), format="xml"), orjson.dumps(other)).bom == expected
    assert merge(aibom.load(document), aibom.load(other)).bom == expected


# -- inputs are never modified -----------------------------------------------------------------------------------


def test_no_input_is_modified_and_the_result_shares_nothing_with_them() -> None:
    training, serving = _training_bom(), _serving_bom()
    base = _training_bom()
    loaded = aibom.load(copy.deepcopy(serving))
    root = {"type": "application", "bom-ref": "system", "name": "system", "hashes": _hash("c")}
    parent = {"type": "application", "bom-ref": "parent", "name": "parent", "hashes": _hash("d")}
    kept = copy.deepcopy((training, serving, base, loaded.document, root, parent))
    results = [
        merge(training, loaded, policy="keep-both"),
        merge(training, serving, base=base, policy="prefer-last"),
        merge(training, serving, hierarchical=True, root=root, policy="prefer-first"),
        merge(orjson.dumps(training), orjson.dumps(serving), parents=[parent, None], root=root, policy="prefer-first"),
        merge(training, _bom(spec="1.7"), policy="fail"),  # brought to 1.7
    ]
    assert (training, serving, base, loaded.document, root, parent) == kept
    for result in results:  # changing the merged BOM changes no input
        for value in [result.bom.document, *result.bom.document.get("components", [])]:
            _scramble(value)
    assert (training, serving, base, loaded.document, root, parent) == kept


def _scramble(value: Any) -> None:
    """Change every dict and list nested in ``value``, in place."""
    if isinstance(value, dict):
        for child in list(value.values()):
            _scramble(child)
        value["scrambled"] = True
    elif isinstance(value, list):
        for child in list(value):
            _scramble(child)
        value.append("scrambled")


# -- bad input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "keywords", "error", "message"),
    [
        pytest.param((), {}, aibom.InvalidArgument, "nothing to merge", id="no-boms"),
        pytest.param(
            (_bom(),), {"policy": "newest"}, aibom.InvalidArgument, "unknown merge policy 'newest'", id="policy"
        ),
        pytest.param((_bom(),), {"policy": None}, aibom.InvalidArgument, "unknown merge policy None", id="no-policy"),
        pytest.param(({"components": []},), {}, aibom.NotCycloneDX, "bomFormat is missing", id="not-a-bom"),
        pytest.param((_bom(), b"[1, 2]"), {}, aibom.NotCycloneDX, "a JSON array", id="json-not-an-object"),
        pytest.param((42,), {}, aibom.InvalidArgument, "cannot read a BOM from int", id="an-int"),
        pytest.param((_bom(), None), {}, aibom.InvalidArgument, "cannot read a BOM from NoneType", id="none"),
        pytest.param(
            (_bom(),), {"base": {"bomFormat": "SPDX"}}, aibom.NotCycloneDX, "bomFormat is 'SPDX'", id="base-not-a-bom"
        ),
        pytest.param((_bom(spec="1.2"),), {}, aibom.UnsupportedSpecVersion, "1.2", id="old-spec"),
        pytest.param(
            (_bom(), _bom()), {"parents": [None]}, aibom.InvalidArgument, "1 parents for 2 BOMs", id="parents"
        ),
        pytest.param(
            (_bom(),), {"parents": ["app"]}, aibom.InvalidArgument, "expected a component, got str", id="parent"
        ),
        pytest.param(
            (_bom(),),
            {"hierarchical": True, "root": 5},
            aibom.InvalidArgument,
            "expected a component, got int",
            id="root",
        ),
        pytest.param(
            (_bom(),),
            {"serial_number": "42"},
            aibom.InvalidArgument,
            "serial number '42' is not a urn:uuid",
            id="serial",
        ),
    ],
)
def test_bad_input_raises_a_clear_aibom_error(
    arguments: tuple[Any, ...], keywords: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as raised:
        merge(*arguments, **keywords)
    assert isinstance(raised.value, aibom.AibomError)
    assert str(raised.value)


def test_a_missing_file_is_named_in_the_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.cdx.json"
    with pytest.raises(aibom.AibomError, match="missing.cdx.json"):
        merge(_bom(), missing)


def test_the_results_types_are_the_documented_ones() -> None:
    result = merge(_numpy("1", "a", "x"), _numpy("2", "b", "y"), policy="prefer-first")
    assert isinstance(result, MergeResult) and isinstance(result.bom, aibom.Bom)
    assert all(isinstance(conflict, Conflict) for conflict in result.conflicts)
    assert aibom.merge is merge and aibom.MergeConflict is MergeConflict


def test_a_property_whose_name_is_not_a_string_does_not_stop_the_merge() -> None:
    # The unchanged component is checked for references the second input respells (lib-one -> lib-1): its
    # malformed property (a name that is a list) is no reference, and the merge goes on.
    odd = {"type": "library", "name": "odd", "bom-ref": "odd", "properties": [{"name": ["x"], "value": "v"}]}
    lib = {"type": "library", "name": "lib", "purl": "pkg:pypi/lib@1.0"}
    a = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [odd, {**lib, "bom-ref": "lib-1"}]}
    b = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [odd, {**lib, "bom-ref": "lib-one"}]}

    result = merge(a, b, policy="prefer-first")

    assert [component["bom-ref"] for component in result.bom.document["components"]] == ["odd", "lib-1"]
    assert result.bom.document["components"][0]["properties"] == [{"name": ["x"], "value": "v"}]
    assert [(rename.old, rename.new) for rename in result.renames] == [("lib-one", "lib-1")]


def test_a_bom_ref_one_input_gives_twice_names_the_first_and_the_other_is_renamed_alone() -> None:
    # The input is invalid (two components "a"); the merge makes it valid instead of renaming both: the first
    # keeps "a", the second becomes "a#2", and the input's references keep naming the first.
    first = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [
            {"type": "data", "name": "reviews", "bom-ref": "a"},
            {"type": "data", "name": "tweets", "bom-ref": "a"},
            {
                "type": "machine-learning-model",
                "name": "m",
                "bom-ref": "m",
                "modelCard": {"modelParameters": {"datasets": [{"ref": "a"}]}},
            },
        ],
        "dependencies": [{"ref": "m", "dependsOn": ["a"]}],
    }
    second = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "z"}]}
    for inputs in ((first, second), (first, copy.deepcopy(first))):
        result = merge(*inputs, policy="prefer-first")
        document = result.bom.document
        assert [(c["name"], c.get("bom-ref")) for c in document["components"]][:3] == [
            ("reviews", "a"), ("tweets", "a#2"), ("m", "m")
        ]
        assert document["components"][2]["modelCard"]["modelParameters"]["datasets"] == [{"ref": "a"}]
        assert document["dependencies"] == [{"ref": "m", "dependsOn": ["a"]}]
        assert all(rename.new == "a#2" for rename in result.renames)
        _valid(result)
