"""aibom.identity: which component of one BOM is which component of another."""

from __future__ import annotations

import time
from typing import Any

import pytest

from aibom.identity import (
    Pair,
    component_label,
    flatten_components,
    flatten_services,
    hash_keys,
    identity_keys,
    match_components,
    match_services,
    purl_identity,
)


def _lib(name: str, **fields: Any) -> dict[str, Any]:
    return {"type": "library", "name": name, **fields}


def test_bom_ref_wins_over_every_other_rule() -> None:
    old = [_lib("a", **{"bom-ref": "x"}), _lib("b", **{"bom-ref": "y"})]
    new = [_lib("b", **{"bom-ref": "x"}), _lib("a", **{"bom-ref": "y"})]
    assert match_components(old, new).pairs == (Pair(0, 0, "bom-ref"), Pair(1, 1, "bom-ref"))


def test_purl_pairs_across_versions_and_qualifiers() -> None:
    old = [_lib("torch", purl="pkg:pypi/torch@2.1.0?arch=x86_64", **{"bom-ref": "pkg:pypi/torch@2.1.0"})]
    new = [_lib("torch-renamed", purl="pkg:PYPI/torch@2.2.0", **{"bom-ref": "pkg:pypi/torch@2.2.0"})]
    assert match_components(old, new).pairs == (Pair(0, 0, "purl"),)


def test_an_exact_purl_keeps_qualifier_variants_apart() -> None:
    amd64 = _lib("libc6", purl="pkg:deb/debian/libc6@2.31?arch=amd64")
    arm64 = _lib("libc6", purl="pkg:deb/debian/libc6@2.31?arch=arm64")
    assert match_components([amd64, arm64], [arm64, amd64]).old_to_new() == {0: 1, 1: 0}


def test_type_group_and_name_pair_what_has_no_ref_or_purl() -> None:
    old = [{"type": "data", "group": "acme", "name": "reviews"}, {"type": "library", "group": "acme", "name": "reviews"}]
    new = [{"type": "library", "group": "acme", "name": "reviews"}, {"type": "data", "group": "acme", "name": "reviews"}]
    assert match_components(old, new).old_to_new() == {0: 1, 1: 0}
    assert match_components([{"type": "data", "name": "x", "group": "a"}], [{"type": "data", "name": "x"}]).pairs == ()


def test_a_shared_hash_is_a_rename_only_for_what_is_left() -> None:
    digest = [{"alg": "SHA-256", "content": "AA" * 32}]
    old = [{"type": "file", "name": "model.bin", "hashes": digest}, _lib("kept", hashes=digest)]
    new = [_lib("kept", hashes=[]), {"type": "file", "name": "weights.bin", "hashes": [{"alg": "SHA-256", "content": "aa" * 32}]}]
    matching = match_components(old, new)
    assert matching.pairs == (Pair(0, 1, "hash"), Pair(1, 0, "name"))
    assert matching.renames == (Pair(0, 1, "hash"),)


def test_duplicates_pair_in_document_order_and_the_rest_is_added_or_removed() -> None:
    old = [_lib("dup"), _lib("dup"), _lib("gone")]
    new = [_lib("new"), _lib("dup"), _lib("dup")]
    matching = match_components(old, new)
    assert matching.pairs == (Pair(0, 1, "name"), Pair(1, 2, "name"))
    assert (matching.removed, matching.added) == ((2,), (0,))


def test_services_pair_by_bom_ref_then_group_and_name() -> None:
    old = [{"name": "api", "group": "acme"}, {"name": "x", "bom-ref": "svc"}]
    new = [{"name": "y", "bom-ref": "svc"}, {"name": "api", "group": "acme", "version": "2"}]
    assert match_services(old, new).old_to_new() == {0: 1, 1: 0}


def test_keys_and_labels() -> None:
    component = {"type": "library", "bom-ref": "r", "name": "n", "group": "g", "purl": "pkg:npm/%40g/n@1.0.0"}
    assert identity_keys(component) == (
        ("bom-ref", "r"),
        ("purl", "pkg:npm/%40g/n@1.0.0"),
        ("purl-name", "pkg:npm/%40g/n"),
        ("name", "library|g|n"),
    )
    assert hash_keys({"hashes": [{"alg": "MD5", "content": "AB"}, {"alg": "SHA-1"}, "junk"]}) == (("hash", "MD5:ab"),)
    assert purl_identity("pkg:golang/github.com/acme/x@v1.2.3#cmd/tool") == "pkg:golang/github.com/acme/x#cmd/tool"
    assert component_label({"type": "library", "purl": "pkg:pypi/x@1"}) == "pkg:pypi/x@1"
    assert component_label({"type": "data", "group": "acme", "name": "reviews"}) == "data acme/reviews"


def test_flattening_finds_nested_and_metadata_components_and_services() -> None:
    document = {
        "metadata": {"component": {"name": "top", "components": [{"name": "top-child"}]}},
        "components": [{"name": "a", "components": [{"name": "a1", "components": [{"name": "a11"}]}]}, "junk"],
        "services": [{"name": "s", "services": [{"name": "s1"}]}],
        "formulation": [{"components": [{"name": "not-listed"}]}],
    }
    assert [(c.value["name"], c.pointer) for c in flatten_components(document)] == [
        ("top", "/metadata/component"),
        ("top-child", "/metadata/component/components/0"),
        ("a", "/components/0"),
        ("a1", "/components/0/components/0"),
        ("a11", "/components/0/components/0/components/0"),
    ]
    assert [c.pointer for c in flatten_services(document)] == ["/services/0", "/services/0/services/0"]


@pytest.mark.parametrize("size", [20_000])
def test_matching_is_linear(size: int) -> None:
    def components(count: int, version: str) -> list[dict[str, Any]]:
        return [
            _lib(f"lib{n}", version=version, purl=f"pkg:pypi/lib{n}@{version}", **{"bom-ref": f"pkg:pypi/lib{n}@{version}"})
            for n in range(count)
        ]

    timings = []
    for count in (size // 4, size):
        old, new = components(count, "1.0"), components(count, "2.0")[::-1]
        start = time.perf_counter()
        matching = match_components(old, new)
        timings.append(time.perf_counter() - start)
        assert len(matching.pairs) == count and {p.rule for p in matching.pairs} == {"purl"}
    assert timings[1] < 12 * timings[0] + 0.05  # 4x the input: far from the 16x of a quadratic match


def test_by_ref_false_pairs_by_the_other_rules_only() -> None:
    old = [{"type": "library", "name": "numpy", "bom-ref": "lib-1"}, {"type": "library", "name": "pandas"}]
    new = [{"type": "library", "name": "pandas", "bom-ref": "lib-1"}, {"type": "library", "name": "numpy"}]

    assert match_components(old, new).pairs == (Pair(0, 0, "bom-ref"),)
    assert match_components(old, new, by_ref=False).pairs == (Pair(0, 1, "name"), Pair(1, 0, "name"))
    services = [{"name": "api", "bom-ref": "s"}], [{"name": "web", "bom-ref": "s"}]
    assert match_services(*services).pairs == (Pair(0, 0, "bom-ref"),)
    assert match_services(*services, by_ref=False).added == (0,)
