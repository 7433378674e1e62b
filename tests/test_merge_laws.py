"""Hypothesis: the laws of ``aibom.merge`` on generated ML-BOMs (``strategies.bom_documents``, schema-valid, every
reference resolved, generated ``bom-ref``s such as ``data-2`` that unrelated BOMs reuse for other components).

For such BOMs ``a``, ``b``, ``c``, and a base ``b0`` that two sides ``x`` and ``y`` edit (descriptions, versions,
hashes, properties, model-card tasks, the metadata supplier, a formulation workflow; components removed and added):

* idempotence: ``merge(a, a).bom == aibom.load(a)`` exactly, the envelope included (both inputs share the serial
  number, the version and the timestamp, which ``merge`` then keeps), with no conflict and no rename, under any
  policy; so is ``merge(a, a, base=a)``; and merging ``a`` with a copy in which every component of the tree has
  another ``bom-ref`` gives ``a`` back, the copy's ``bom-ref``s reported as aliases of ``a``'s;
* three-way, disjoint changes: ``merge(x, y, base=b0)`` reports no conflict and no rename and is exactly ``b0``
  with ``x``'s edits and then ``y``'s applied; so ``merge(x, y, base=b0)`` and ``merge(y, x, base=b0)`` are equal
  up to the order of the components and dependencies the two sides added (each side's are appended after the
  other's); the envelope does not depend on the order (the sides keep the base's serial number, version and
  timestamp);
* three-way, overlapping changes: the conflicts are exactly the sites where both sides changed the same field
  differently or one removed what the other changed, one conflict each; the same change on both sides, changes
  of different fields of one element and additions on both sides are not conflicts;
* completeness: every component of every input (``metadata.component``, ``components`` and the ones nested in
  them) is in the merged BOM under its own ``bom-ref`` or the one :attr:`MergeResult.renames` gives it, and the
  merged BOM holds no other component; so is every dependency and model-card data set reference, rewritten the
  same way;
* validity: the merged BOM of valid inputs passes the schema and the integrity check (unique ``bom-ref``s, no
  dangling reference) under every policy, for two or three unrelated BOMs, a BOM and an edited copy of it, and a
  three-way merge;
* policies: each conflict holds both values; ``prefer-first``/``prefer-last`` take input 0/1 and the merged BOM
  holds the chosen value at the conflict's location; ``keep-both`` keeps the second element under the name it
  reports; ``fail`` raises :class:`~aibom.merge.MergeConflict` listing the same conflicts, and merges to the same
  BOM when there are none;
* no input is ever modified.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import bom_documents

import aibom
from aibom.merge import MergeConflict, MergeResult, Policy, merge

# Each example generates one to three whole ML-BOMs: the counts keep the file near 20 s.
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MORE = settings(SETTINGS, max_examples=35)
FEWER = settings(SETTINGS, max_examples=10)
SPECS = st.sampled_from(["1.5", "1.6", "1.7"])
RESOLVING = st.sampled_from(["prefer-first", "prefer-last", "prefer-newest", "keep-both"])


# -- helpers -----------------------------------------------------------------------------------------------


def _tree(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every component of the component tree: ``metadata.component``, ``components`` and those nested in them."""
    metadata = document.get("metadata")
    stack: list[dict[str, Any]] = []
    if isinstance(metadata, dict) and isinstance(metadata.get("component"), dict):
        stack.append(metadata["component"])
    stack.extend(reversed(document.get("components", [])))
    while stack:
        component = stack.pop()
        yield component
        stack.extend(reversed(component.get("components", [])))


def _errors(bom: aibom.Bom | dict[str, Any]) -> list[str]:
    """The schema and integrity errors of a BOM (the AI rules judge content, which a merge only combines)."""
    findings = [*aibom.validate(bom, checks="schema").findings, *aibom.validate(bom, checks="integrity").findings]
    return [str(finding) for finding in findings if finding.severity.value == "error"]


def _check_union(result: MergeResult, inputs: list[dict[str, Any]]) -> None:
    """Every input component is in the merged BOM (under its renamed bom-ref if renamed), and nothing else is;
    so is every dependency and every model-card data set reference, rewritten the same way."""
    renamed = {(rename.source, rename.old): rename.new for rename in result.renames}
    merged = {component["bom-ref"]: component for component in _tree(result.bom.document)}
    expected: set[str] = set()
    for source, document in enumerate(inputs):
        for component in _tree(document):
            ref = renamed.get((source, component["bom-ref"]), component["bom-ref"])
            expected.add(ref)
            assert ref in merged, f"component {component['bom-ref']!r} of input {source} is missing as {ref!r}"
            assert merged[ref]["type"] == component["type"]
            card = component.get("modelCard", {}).get("modelParameters", {})
            datasets = merged[ref].get("modelCard", {}).get("modelParameters", {}).get("datasets", [])
            for item in card.get("datasets", []):  # the model card's data sets, each reference followed
                if "ref" in item:
                    assert {"ref": renamed.get((source, item["ref"]), item["ref"])} in datasets
    assert set(merged) == expected
    # every dependency of every input, its references rewritten like the bom-refs they name
    edges = {
        (entry["ref"], target)
        for entry in result.bom.document.get("dependencies", [])
        for target in entry.get("dependsOn", [])
    }
    for source, document in enumerate(inputs):
        for entry in document.get("dependencies", []):
            for target in entry.get("dependsOn", []):
                edge = (renamed.get((source, entry["ref"]), entry["ref"]), renamed.get((source, target), target))
                assert edge in edges


def _check_valid(result: MergeResult) -> None:
    errors = _errors(result.bom)
    assert not errors, errors[:5]
    refs = [component["bom-ref"] for component in _tree(result.bom.document)]
    assert len(refs) == len(set(refs))


def _renamed(document: dict[str, Any], suffix: str) -> dict[str, Any]:
    """A copy in which every component of the tree has another bom-ref, and every reference follows it."""
    text = orjson.dumps(document).decode()
    for ref in sorted((component["bom-ref"] for component in _tree(document)), key=len, reverse=True):
        text = text.replace(orjson.dumps(ref).decode(), orjson.dumps(ref + suffix).decode())
    renamed: dict[str, Any] = orjson.loads(text)
    return renamed


# -- edits of one base, by site --------------------------------------------------------------------------------

#: An edit: ``(site, kind, label)``. A site is a component's bom-ref, ``"formulation"``, ``"metadata"`` or ``"add"``
#: (a new component, its kind a number); the label makes the values: two edits of one kind and one site clash unless
#: their labels agree.
Edit = tuple[str, str, str]
_CHANGES = ("describe", "version", "hash", "property", "card")


def _removable(document: dict[str, Any], ref: str) -> bool:
    """Whether a top-level component is named only by its own bom-ref and its own dependency entry."""
    listed = any(component.get("bom-ref") == ref for component in document.get("components", []))
    text = orjson.dumps(document)
    return listed and text.count(orjson.dumps(ref)) == 2 and {"ref": ref} in document.get("dependencies", [])


def _find(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(component for component in _tree(document) if component["bom-ref"] == ref)


def _apply(document: dict[str, Any], edits: list[Edit]) -> None:
    """Apply the edits in place."""
    for site, kind, label in edits:
        if site == "add":
            ref = f"added-by-{label}-{kind}"
            document.setdefault("components", []).append({"type": "library", "name": ref, "bom-ref": ref})
            document["dependencies"].append({"ref": ref})
        elif site == "formulation":
            document["formulation"][0]["workflows"][0]["description"] = f"trained by {label}"
        elif site == "metadata":
            document["metadata"]["supplier"] = {"name": f"supplier {label}"}
        elif kind == "remove":
            document["components"] = [c for c in document["components"] if c["bom-ref"] != site]
            document["dependencies"] = [d for d in document["dependencies"] if d != {"ref": site}]
        else:
            component = _find(document, site)
            if kind == "describe":
                component["description"] = f"described by {label}"
            elif kind == "version":
                component["version"] = f"9.0+{label}"
            elif kind == "hash":
                component["hashes"] = [{"alg": "SHA-256", "content": label[0].encode().hex() * 32}]
            elif kind == "property":
                component.setdefault("properties", []).append({"name": f"test:{label}", "value": label})
            elif kind == "card":
                component["modelCard"].setdefault("modelParameters", {})["task"] = f"task of {label}"


def _sites(base: dict[str, Any]) -> list[str]:
    sites = [component["bom-ref"] for component in _tree(base)]
    if "formulation" in base:
        sites.append("formulation")
    return [*sites, "metadata"]


def _kinds(base: dict[str, Any], site: str) -> list[str]:
    """The kinds of edit that apply to a site."""
    if site in ("formulation", "metadata"):
        return ["edit"]
    component = _find(base, site)
    kinds = [kind for kind in _CHANGES if kind != "card" or "modelCard" in component]
    return [*kinds, "remove"] if _removable(base, site) else kinds


def _additions(draw: st.DrawFn, label: str) -> list[Edit]:
    return [("add", str(number), label) for number in range(draw(st.integers(0, 2)))]


@st.composite
def disjoint_changes(draw: st.DrawFn) -> tuple[dict[str, Any], list[Edit], list[Edit]]:
    """A base BOM and two lists of edits that touch disjoint sites (each site is edited by one side at most)."""
    base: dict[str, Any] = draw(SPECS.flatmap(bom_documents))
    sides: dict[str, list[Edit]] = {"x": [], "y": []}
    for site in _sites(base):
        side = draw(st.sampled_from(["x", "y", None]))
        if side is not None:
            sides[side].append((site, draw(st.sampled_from(_kinds(base, site))), side))
    return base, [*sides["x"], *_additions(draw, "x")], [*sides["y"], *_additions(draw, "y")]


@st.composite
def overlapping_changes(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], list[Edit], list[Edit], list[tuple[str, str]]]:
    """A base BOM, two lists of edits that may touch the same sites, and the ``(site, kind)`` where they truly
    conflict.

    Both sides may edit a site: the same way (no conflict), in different fields (no conflict: a description and
    a version, or two properties of different names), the same field differently (one conflict), or one side
    removes a component the other changes (one conflict).
    """
    base: dict[str, Any] = draw(SPECS.flatmap(bom_documents))
    x: list[Edit] = []
    y: list[Edit] = []
    clashes: list[tuple[str, str]] = []
    refs = {component["bom-ref"] for component in _tree(base)}
    for site in _sites(base):
        kinds = _kinds(base, site)
        how = draw(st.sampled_from(["x", "y", "untouched", "same", "apart", "clash"]))
        if how in ("x", "y"):
            (x if how == "x" else y).append((site, draw(st.sampled_from(kinds)), how))
        elif how == "same":
            kind = draw(st.sampled_from(kinds))
            x.append((site, kind, "both"))
            y.append((site, kind, "both"))
        elif how == "apart" and len(set(kinds) - {"remove", "property"}) >= 2:
            first, second = draw(st.permutations(sorted(set(kinds) - {"remove"})))[:2]
            x.append((site, first, "x"))
            y.append((site, second, "y"))
        elif how == "clash":
            if "remove" in kinds and draw(st.booleans()):
                kind = draw(st.sampled_from([kind for kind in kinds if kind != "remove"]))
                removing, changing = draw(st.permutations([x, y]))
                removing.append((site, "remove", "x" if removing is x else "y"))
                changing.append((site, kind, "x" if changing is x else "y"))
                kind = "remove"
            else:
                # Hashes with a repeated algorithm pair by content (aibom.merge.keys.align): two new hashes there
                # are both kept, not a conflict (test_merge.py shows it).
                hashes = [item["alg"] for item in _find(base, site).get("hashes", [])] if site in refs else []
                unkeyed = {"remove", "property"} | ({"hash"} if len(hashes) != len(set(hashes)) else set())
                kind = draw(st.sampled_from([kind for kind in kinds if kind not in unkeyed]))
                x.append((site, kind, "x"))
                y.append((site, kind, "y"))
            clashes.append((site, kind))
    return base, [*x, *_additions(draw, "x")], [*y, *_additions(draw, "y")], clashes


def _edited(base: dict[str, Any], *edits: list[Edit]) -> dict[str, Any]:
    document = copy.deepcopy(base)
    for some in edits:
        _apply(document, some)
    return document


def _sorted_additions(document: dict[str, Any]) -> dict[str, Any]:
    """The document with ``components`` and ``dependencies`` sorted (the order of the sides' additions aside)."""
    result = copy.deepcopy(document)
    for key, field in (("components", "bom-ref"), ("dependencies", "ref")):
        if key in result:
            result[key].sort(key=lambda item: item[field])
    return result


# -- idempotence ---------------------------------------------------------------------------------------------


@SETTINGS
@given(document=SPECS.flatmap(bom_documents), policy=st.sampled_from([policy.value for policy in Policy]))
def test_merging_a_bom_with_itself_gives_it_back(document: dict[str, Any], policy: str) -> None:
    kept = copy.deepcopy(document)
    result = merge(document, copy.deepcopy(document), policy=policy)
    assert result.bom == aibom.load(kept)
    assert result.conflicts == () and result.renames == ()
    three_way = merge(document, document, base=document, policy=policy)
    assert three_way.bom == aibom.load(kept)
    assert three_way.conflicts == () and three_way.renames == ()
    assert document == kept


@SETTINGS
@given(document=SPECS.flatmap(bom_documents))
def test_the_same_bom_under_other_bom_refs_merges_into_the_first(document: dict[str, Any]) -> None:
    """Components pair by purl, or type, group and name, when their bom-refs differ: the second input's
    bom-refs become aliases of the first's, and the merged BOM is the first input."""
    refs = [component["bom-ref"] for component in _tree(document)]
    other = _renamed(document, "-other")
    kept = copy.deepcopy(other)
    result = merge(document, other, policy="fail")
    assert result.bom == aibom.load(document)
    assert result.conflicts == ()
    assert {(rename.source, rename.old, rename.new, rename.reason) for rename in result.renames} == {
        (1, ref + "-other", ref, "alias") for ref in refs
    }
    assert other == kept


# -- three-way -------------------------------------------------------------------------------------------------


@MORE
@given(changes=disjoint_changes())
def test_disjoint_changes_merge_three_way_in_either_order(
    changes: tuple[dict[str, Any], list[Edit], list[Edit]],
) -> None:
    base, x_edits, y_edits = changes
    x, y = _edited(base, x_edits), _edited(base, y_edits)
    kept = copy.deepcopy((base, x, y))
    forward = merge(x, y, base=base, policy="fail")
    backward = merge(y, x, base=base, policy="fail")
    assert forward.conflicts == () and backward.conflicts == ()
    assert forward.renames == () and backward.renames == ()
    assert forward.bom == aibom.load(_edited(base, x_edits, y_edits))
    assert backward.bom == aibom.load(_edited(base, y_edits, x_edits))
    assert _sorted_additions(forward.bom.document) == _sorted_additions(backward.bom.document)
    assert (base, x, y) == kept


def _label(base: dict[str, Any], site: str, kind: str) -> str:
    """How a conflict names the element of a site (the innermost one with a bom-ref, or the metadata)."""
    if site == "metadata":
        return "metadata"
    if site == "formulation":
        return f"workflow {base['formulation'][0]['workflows'][0]['bom-ref']}"
    card = _find(base, site).get("modelCard", {})
    if kind == "card" and "bom-ref" in card:
        return f"modelCard {card['bom-ref']}"
    return f"component {site}"


@MORE
@given(changes=overlapping_changes(), policy=RESOLVING)
def test_a_three_way_merge_reports_exactly_the_true_conflicts(
    changes: tuple[dict[str, Any], list[Edit], list[Edit], list[tuple[str, str]]], policy: str
) -> None:
    base, x_edits, y_edits, clashes = changes
    x, y = _edited(base, x_edits), _edited(base, y_edits)
    kept = copy.deepcopy((base, x, y))
    result = merge(x, y, base=base, policy=policy)
    assert sorted(conflict.identity for conflict in result.conflicts) == sorted(_label(base, *c) for c in clashes)
    for conflict in result.conflicts:
        assert conflict.sources == (0, 1) and conflict.values[0] != conflict.values[1]
        assert conflict.resolution == policy
    _check_valid(result)
    if clashes:
        with pytest.raises(MergeConflict) as raised:
            merge(x, y, base=base, policy="fail")
        assert len(raised.value.conflicts) == len(clashes)
    else:
        # without a true conflict, every edit of either side is in the merged BOM
        both = _edited(base, x_edits, [edit for edit in y_edits if edit not in x_edits])  # the same edit once
        assert _sorted_additions(result.bom.document) == _sorted_additions(both)
    assert (base, x, y) == kept


# -- union, validity, policies ---------------------------------------------------------------------------------


@st.composite
def related_pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two BOMs: unrelated ones (their generated bom-refs collide), or one and a copy with edits that conflict
    with it (another hash, version, model-card task...) and components of its own."""
    first = draw(SPECS.flatmap(bom_documents))
    if draw(st.booleans()):
        return first, draw(SPECS.flatmap(bom_documents))
    base, edits, _, _ = draw(overlapping_changes())
    return base, _edited(base, edits)


@SETTINGS
@given(pair=related_pairs(), policy=RESOLVING)
def test_the_union_of_valid_boms_is_valid_and_complete(
    pair: tuple[dict[str, Any], dict[str, Any]], policy: str
) -> None:
    first, second = pair
    assert not _errors(first) and not _errors(second)
    kept = copy.deepcopy(pair)
    result = merge(first, second, policy=policy)
    _check_valid(result)
    _check_union(result, [first, second])
    for conflict in result.conflicts:  # both values, and the policy's choice where the conflict says it is
        assert conflict.resolution == policy and conflict.sources == (0, 1)
        assert conflict.values[0] != conflict.values[1]
        if conflict.chosen is not None:
            assert conflict.chosen == {"prefer-first": 0, "prefer-last": 1}.get(policy, conflict.chosen)
            assert _at(result.bom.document, conflict.location) == conflict.values[conflict.chosen]
        else:
            assert policy == "keep-both" and conflict.renamed in {c["bom-ref"] for c in _tree(result.bom.document)}
    if result.conflicts and policy != "keep-both":
        with pytest.raises(MergeConflict) as raised:
            merge(first, second, policy="fail")
        assert [(c.location, c.values) for c in raised.value.conflicts] == [
            (c.location, c.values) for c in result.conflicts
        ]
    elif not result.conflicts:
        assert merge(first, second, policy="fail").bom == result.bom
    assert (first, second) == kept


def _at(document: Any, location: str) -> Any:
    """The value at a JSON pointer."""
    value = document
    for token in location.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


@FEWER
@given(data=st.data(), policy=RESOLVING)
def test_three_unrelated_boms_merge_into_a_valid_complete_bom(data: st.DataObject, policy: str) -> None:
    documents = [data.draw(SPECS.flatmap(bom_documents)) for _ in range(3)]
    kept = copy.deepcopy(documents)
    result = merge(*documents, policy=policy)
    _check_valid(result)
    _check_union(result, documents)
    assert result.bom.spec.value == max(document["specVersion"] for document in documents)
    assert documents == kept
