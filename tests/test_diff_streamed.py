"""Diffing two JSON texts with their components left raw must give exactly the delta of the whole-tree diff.

`aibom.diff` of two JSON texts (paths, str or bytes) parses each top-level component only when its text differs
from its partner's (aibom/diff/compare.py, `_diff_texts`); of dicts or `Bom`s, it compares whole trees.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_diff_laws import pairs

import aibom
from aibom._shape import bom_fields
from aibom._source import read_source
from aibom.diff import apply, diff
from aibom.diff.compare import DEFAULT_IGNORE, _diff_texts, _Differ, _patterns


def _text(document: dict[str, Any], layout: str) -> bytes:
    if layout == "indented":
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
    if layout == "reversed":  # the top-level fields in reverse order: the delta's order must not change
        return orjson.dumps(dict(reversed(list(document.items()))))
    return orjson.dumps(document)


def _splittable(document: dict[str, Any]) -> bool:
    """Whether the raw path takes the document: only fields CycloneDX defines, components that are objects
    without nested components."""
    components = document.get("components")
    return (
        set(document) <= set(bom_fields())
        and isinstance(components, list)
        and all(isinstance(component, dict) and "components" not in component for component in components)
    )


def _text_delta(old: bytes, new: bytes, *, strict: bool = False) -> aibom.Delta | None:
    """The raw path alone, with :func:`aibom.diff`'s options (None where it hands over to the whole-tree diff)."""
    differ = functools.partial(
        _Differ, patterns=() if strict else _patterns(DEFAULT_IGNORE), strict=strict, tolerance=0.0
    )
    return _diff_texts(read_source(old), read_source(new), differ)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pair=pairs(), strict=st.booleans(), layouts=st.tuples(*[st.sampled_from(["compact", "indented", "reversed"])] * 2)
)
def test_text_diff_equals_whole_tree_diff(
    pair: tuple[dict[str, Any], dict[str, Any]], strict: bool, layouts: tuple[str, str]
) -> None:
    old, new = pair
    old_text, new_text = _text(old, layouts[0]), _text(new, layouts[1])
    whole = diff(old, new, strict=strict)
    assert diff(old_text, new_text, strict=strict) == whole
    streamed = _text_delta(old_text, new_text, strict=strict)
    if _splittable(old) and _splittable(new):
        assert streamed == whole  # the raw path took it, and agrees
    else:
        assert streamed is None
    assert apply(whole, old) == aibom.load(new)


def _bom(components: list[Any], **extra: Any) -> dict[str, Any]:
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components, **extra}


def test_only_the_components_whose_text_differs_are_parsed_and_reported() -> None:
    libraries = [{"type": "library", "name": f"lib-{n}", "bom-ref": f"lib-{n}", "version": "1"} for n in range(50)]
    changed = [dict(component) for component in reversed(libraries)]
    changed[10] = {**changed[10], "version": "2"}
    renamed = {"type": "file", "name": "weights.bin", "bom-ref": "w1", "hashes": [{"alg": "SHA-256", "content": "ab"}]}
    old = _bom([*libraries, renamed], metadata={"timestamp": "2026-01-01T00:00:00Z"})
    new = _bom([{**renamed, "name": "model.bin", "bom-ref": "w2"}, *changed[:-1]])
    delta = _text_delta(orjson.dumps(old), orjson.dumps(new))
    assert delta is not None and delta == diff(old, new)
    assert [(c.op, c.old_path, c.new_path, c.old, c.new) for c in delta.changes] == [
        ("remove", "/metadata", "/metadata", {"timestamp": "2026-01-01T00:00:00Z"}, None),
        ("replace", "/components/39/version", "/components/11/version", "1", "2"),
        ("rename", "/components/50", "/components/0", "w1", "w2"),
        ("replace", "/components/50/name", "/components/0/name", "weights.bin", "model.bin"),
        ("replace", "/components/50/bom-ref", "/components/0/bom-ref", "w1", "w2"),
        ("remove", "/components/0", "/components/-", libraries[0], None),
    ]


@pytest.mark.parametrize(
    "components",
    [
        [{"type": "application", "name": "app", "components": [{"type": "library", "name": "x"}]}],
        ["not an object"],
    ],
    ids=["nested-components", "not-an-object"],
)
def test_what_the_raw_path_cannot_take_goes_to_the_whole_tree_diff(components: list[Any]) -> None:
    old, new = _bom(components), _bom([*components, {"type": "library", "name": "y"}])
    assert _text_delta(orjson.dumps(old), orjson.dumps(new)) is None
    delta = diff(orjson.dumps(old), orjson.dumps(new))
    assert delta == diff(old, new) and [c.op for c in delta.changes] == ["add"]


def test_bad_utf8_in_a_component_both_sides_share_is_still_an_error() -> None:
    text = orjson.dumps(_bom([{"type": "library", "name": "NAME"}])).replace(b"NAME", b"\xff")
    with pytest.raises(aibom.InvalidDocument) as raised:
        diff(text, text)
    assert raised.value.source == "<bytes>" and "UTF-8" in str(raised.value)


def test_large_mapped_files_are_compared_and_released(tmp_path: Path) -> None:
    libraries = [
        {"type": "library", "name": f"lib-{n}", "bom-ref": f"lib-{n}", "description": "x" * 200} for n in range(6000)
    ]
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_bytes(orjson.dumps(_bom(libraries)))
    new_path.write_bytes(
        orjson.dumps(_bom([*libraries[:4000], {**libraries[4000], "version": "9"}, *libraries[4001:]]))
    )
    assert old_path.stat().st_size > 1 << 20  # mapped, not read
    delta = diff(old_path, new_path)
    assert [(c.op, c.old_path, c.new) for c in delta.changes] == [("add", "/components/4000/version", "9")]
    old_path.unlink()  # nothing keeps the files mapped or open
    new_path.unlink()


def test_a_number_beyond_a_double_in_a_shared_component_is_not_parsed_but_validate_reports_it() -> None:
    """The documented limit of the raw path: what is never parsed is not range-checked."""
    text = orjson.dumps(_bom([{"type": "library", "name": "a", "bom-ref": "a"}])).replace(
        b'"bom-ref":"a"', b'"bom-ref":"a","x":1e999'
    )
    assert not diff(text, text)
    with pytest.raises(aibom.InvalidDocument):
        aibom.load(text)
    assert aibom.validate(text).codes() == {"malformed"}
