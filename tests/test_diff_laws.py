"""Hypothesis: the laws of diff, apply, invert, the JSON patch and the delta's JSON form.

For any two BOMs ``a`` and ``b`` (generated ML-BOMs, mutations of them and unrelated pairs):

* ``diff(a, a)`` is empty;
* ``apply(diff(a, b), a) == b`` and ``apply(diff(a, b).invert(), b) == a``;
* the JSON patch applied with ``jsonpatch`` to ``a`` gives ``b``, exactly;
* ``Delta.from_dict(delta.to_dict()) == delta``, through JSON text;
* reordering unordered arrays and changing only the volatile fields gives a falsy delta.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import bom_documents

import aibom
from aibom.diff import Delta, apply, diff

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECS = st.sampled_from(["1.5", "1.6", "1.7"])
_PROTECTED = ("bomFormat", "specVersion")

JsonPath = tuple[str | int, ...]


def _containers(value: Any, path: JsonPath = ()) -> list[tuple[JsonPath, Any]]:
    """Every dict and list of a document with its path (the root's envelope fields stay untouched)."""
    found: list[tuple[JsonPath, Any]] = []
    stack: list[tuple[JsonPath, Any]] = [(path, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            found.append((where, node))
            stack.extend(((*where, key), child) for key, child in node.items())
        elif isinstance(node, list):
            found.append((where, node))
            stack.extend(((*where, index), child) for index, child in enumerate(node))
    return found


_SCALARS = st.one_of(
    st.text(alphabet="abcxyz-.:0123456789", max_size=6),
    st.integers(-3, 1000),
    st.sampled_from(["0.001", "1e-3", "2e-5", "3e-5", "0.947", "0.951"]),
    st.booleans(),
)


@st.composite
def mutations(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with a few random edits: values replaced, keys removed or added, array items
    removed, duplicated, inserted and arrays shuffled, bom-refs renamed (references following or not)."""
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 6))):
        containers = _containers(result)
        path, node = draw(st.sampled_from(containers))
        action = draw(st.sampled_from(["set", "delete", "add", "shuffle", "duplicate", "rename"]))
        if isinstance(node, dict):
            keys = [key for key in node if not (path == () and key in _PROTECTED)]
            if action == "delete" and keys:
                del node[draw(st.sampled_from(keys))]
            elif action == "add":
                node[draw(st.sampled_from(["name", "version", "extra", "bom-ref", "x"]))] = draw(_SCALARS)
            elif action == "rename" and isinstance(node.get("bom-ref"), str):
                old_ref = node["bom-ref"]
                node["bom-ref"] = old_ref + "-renamed"
                if draw(st.booleans()):
                    _rewrite(result, old_ref, node["bom-ref"])
            elif keys:
                key = draw(st.sampled_from(keys))
                if not isinstance(node[key], (dict, list)) or draw(st.booleans()):
                    node[key] = draw(_SCALARS)
        elif isinstance(node, list):
            if action == "delete" and node:
                del node[draw(st.integers(0, len(node) - 1))]
            elif action == "shuffle" and len(node) > 1:
                node[:] = draw(st.permutations(node))
            elif action == "duplicate" and node:
                node.insert(draw(st.integers(0, len(node))), copy.deepcopy(draw(st.sampled_from(node))))
            elif action == "set" and node:
                node[draw(st.integers(0, len(node) - 1))] = draw(_SCALARS)
            else:
                node.insert(draw(st.integers(0, len(node))), draw(_SCALARS | st.builds(dict, name=_SCALARS)))
    return result


def _rewrite(value: Any, old: str, new: str) -> None:
    """Replace every reference to ``old`` (a string equal to it) by ``new``."""
    for _, node in _containers(value):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in list(items):
            if child == old and key != "bom-ref":
                node[key] = new


@st.composite
def pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two documents: a BOM and a mutation of it, or two unrelated BOMs of one spec version."""
    spec = draw(SPECS)
    first = draw(bom_documents(spec))
    if draw(st.integers(0, 4)) == 0:
        return first, draw(bom_documents(spec))
    return first, draw(mutations(first))


def _shuffled(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """A copy with the unordered arrays of the document and its components reordered."""
    result = copy.deepcopy(document)

    def shuffle(owner: dict[str, Any], key: str) -> None:
        items = owner.get(key)
        if isinstance(items, list) and len(items) > 1:
            owner[key] = list(draw(st.permutations(items)))

    shuffle(result, "components")
    shuffle(result, "dependencies")
    for component in [result.get("metadata", {}).get("component", {}), *result.get("components", [])]:
        for key in ("hashes", "licenses", "properties", "externalReferences", "tags", "components"):
            shuffle(component, key)
        card = component.get("modelCard", {})
        shuffle(card, "properties")
        shuffle(card.get("quantitativeAnalysis", {}), "performanceMetrics")
    for entry in result.get("dependencies", []):
        shuffle(entry, "dependsOn")
    return result


@SETTINGS
@given(document=SPECS.flatmap(bom_documents))
def test_a_document_has_no_difference_with_itself(document: dict[str, Any]) -> None:
    delta = diff(document, copy.deepcopy(document))
    assert not delta
    assert delta.changes == () and delta.ignored == ()
    assert delta.to_json_patch() == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=pairs(), strict=st.booleans())
def test_apply_invert_json_patch_and_json_form(pair: tuple[dict[str, Any], dict[str, Any]], strict: bool) -> None:
    """The laws on one generated pair (generating a pair costs far more than checking all of them)."""
    old, new = pair
    delta = diff(old, new, strict=strict)
    # apply(diff(a, b), a) == b, strictly checked or not
    assert apply(delta, old) == aibom.load(new)
    assert apply(delta, old, strict=False) == aibom.load(new)
    # apply(diff(a, b).invert(), b) == a
    assert apply(delta.invert(), new) == aibom.load(old)
    assert delta.invert().invert() == delta
    # the JSON patch reproduces b exactly, with or without test operations, and the inverse gives a back
    assert jsonpatch.apply_patch(old, delta.to_json_patch()) == new
    assert jsonpatch.apply_patch(old, delta.to_json_patch(test=True)) == new
    assert jsonpatch.apply_patch(new, delta.invert().to_json_patch()) == old
    # Delta.from_dict(delta.to_dict()) == delta, through JSON text
    assert Delta.from_dict(orjson.loads(orjson.dumps(delta.to_dict()))) == delta
    if strict:
        assert delta.ignored == ()


@SETTINGS
@given(data=st.data(), spec=SPECS)
def test_reordering_and_volatile_fields_are_not_changes(data: st.DataObject, spec: str) -> None:
    old: dict[str, Any] = data.draw(bom_documents(spec))
    new = _shuffled(data.draw, old)
    new["serialNumber"] = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    new["version"] = old["version"] + 1
    new["metadata"]["timestamp"] = "2031-01-01T00:00:00+00:00"
    delta = diff(old, new)
    assert not delta, delta.summary()
    assert apply(delta, old) == aibom.load(new)
    assert jsonpatch.apply_patch(old, delta.to_json_patch()) == new
    strict = diff(old, new, strict=True)
    assert strict
    assert {change.old_path for change in strict.changes} >= {"/serialNumber", "/version", "/metadata/timestamp"}
