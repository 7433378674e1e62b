"""Merging a model's lineage: ``pedigree.ancestors`` is an ordered chain, never a union of two lineages."""

from __future__ import annotations

from typing import Any

import pytest

import aibom
from aibom.merge import MISSING


def _model(*chain: str, weights: str | None = None) -> dict[str, Any]:
    ancestors: list[dict[str, Any]] = [
        {"type": "machine-learning-model", "name": name, "purl": f"pkg:huggingface/acme/{name}@1"} for name in chain
    ]
    if weights is not None:
        ancestors[0]["hashes"] = [{"alg": "SHA-256", "content": weights * 64}]
    component: dict[str, Any] = {"type": "machine-learning-model", "name": "chat", "bom-ref": "chat"}
    if ancestors:
        component["pedigree"] = {"ancestors": ancestors}
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [component]}


def _chain(bom: aibom.Bom) -> list[str]:
    return [ancestor["name"] for ancestor in bom.document["components"][0]["pedigree"]["ancestors"]]


@pytest.mark.parametrize(("policy", "kept"), [("prefer-first", ["base-a", "root"]), ("prefer-last", ["base-b"])])
def test_another_base_model_is_a_conflict_over_the_whole_chain(policy: str, kept: list[str]) -> None:
    result = aibom.merge(_model("base-a", "root"), _model("base-b"), policy=policy)
    assert _chain(result.bom) == kept
    [conflict] = result.conflicts
    assert conflict.location == "/components/0/pedigree/ancestors"
    assert [[a["name"] for a in value] for value in conflict.values] == [["base-a", "root"], ["base-b"]]
    with pytest.raises(aibom.MergeConflict):
        aibom.merge(_model("base-a", "root"), _model("base-b"))


def test_a_reordered_chain_is_a_conflict() -> None:
    result = aibom.merge(_model("base-a", "root"), _model("root", "base-a"), policy="prefer-first")
    assert _chain(result.bom) == ["base-a", "root"]
    assert [c.location for c in result.conflicts] == ["/components/0/pedigree/ancestors"]


def test_the_same_chain_merges_item_by_item() -> None:
    result = aibom.merge(_model("base-a", "root"), _model("base-a", "root", weights="a"))
    assert result.conflicts == ()
    assert _chain(result.bom) == ["base-a", "root"]
    assert result.bom.document["components"][0]["pedigree"]["ancestors"][0]["hashes"][0]["content"] == "a" * 64


def test_three_way_a_rebase_on_one_side_is_taken() -> None:
    base = _model("base-a")
    result = aibom.merge(_model("base-b"), base, base=base)
    assert result.conflicts == ()
    assert _chain(result.bom) == ["base-b"]
    both = aibom.merge(_model("base-b"), _model("base-c"), base=base, policy="prefer-first")
    [conflict] = both.conflicts
    assert [a["name"] for a in conflict.base] == ["base-a"] and conflict.base is not MISSING
