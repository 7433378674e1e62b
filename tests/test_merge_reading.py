"""Merging JSON texts that share components must give exactly the merge of the same documents as dicts.

`aibom.merge` of JSON texts (paths, str or bytes) parses a later input's top-level component only when its text
is not one of the first input's (aibom/merge/reading.py); of dicts, each document is taken whole.
"""

from __future__ import annotations

import importlib
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_merge_laws import _edited, overlapping_changes, related_pairs

import aibom
from aibom.errors import AibomError, InvalidDocument
from aibom.merge import MergeConflict, merge

reading = importlib.import_module("aibom.merge.reading")  # the package exports the function merge under that name

LAYOUTS = st.sampled_from(["compact", "indented", "reversed"])


def _text(document: dict[str, Any], layout: str) -> bytes:
    if layout == "indented":
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
    if layout == "reversed":  # the top-level fields in reverse order: the merged document must not change
        return orjson.dumps(dict(reversed(list(document.items()))))
    return orjson.dumps(document)


def _outcome(*boms: Any, **options: Any) -> tuple[Any, ...]:
    """What a merge gives: the merged document with its top-level order, the conflicts and renames, or the
    conflicts it raised under "fail". Documents given as dicts are merged as copies that share no object, so
    that the merge pairs every component (texts written alike are read into shared objects)."""
    boms = tuple(orjson.loads(orjson.dumps(bom)) if isinstance(bom, dict) else bom for bom in boms)
    try:
        result = merge(*boms, **options)
    except MergeConflict as error:
        return ("raised", error.conflicts)
    document = result.bom.document
    return (list(document), document, result.conflicts, result.renames)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pair=related_pairs(),
    policy=st.sampled_from(["fail", "prefer-first", "prefer-last", "prefer-newest", "keep-both"]),
    layouts=st.tuples(LAYOUTS, LAYOUTS),
)
def test_merging_texts_equals_merging_dicts(
    pair: tuple[dict[str, Any], dict[str, Any]], policy: str, layouts: tuple[str, str]
) -> None:
    first, second = pair
    texts = [_text(first, layouts[0]), _text(second, layouts[1])]
    assert _outcome(*texts, policy=policy) == _outcome(first, second, policy=policy)
    assert _outcome(texts[0], texts[0], policy=policy) == _outcome(first, first, policy=policy)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=overlapping_changes(), layouts=st.tuples(LAYOUTS, LAYOUTS, LAYOUTS))
def test_a_three_way_merge_of_texts_equals_that_of_dicts(
    changes: tuple[dict[str, Any], Any, Any, Any], layouts: tuple[str, str, str]
) -> None:
    base, ours_edits, theirs_edits, _ = changes
    ours, theirs = _edited(base, ours_edits), _edited(base, theirs_edits)
    texts = [_text(document, layout) for document, layout in zip((ours, theirs, base), layouts, strict=True)]
    assert _outcome(texts[0], texts[1], base=texts[2], policy="prefer-first") == _outcome(
        ours, theirs, base=base, policy="prefer-first"
    )


def _bom(components: list[Any], **extra: Any) -> dict[str, Any]:
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components, **extra}


def _libraries(count: int) -> list[dict[str, Any]]:
    return [{"type": "library", "name": f"lib-{n}", "bom-ref": f"lib-{n}", "version": "1"} for n in range(count)]


def _shared(first: Any, second: Any) -> list[bool]:
    """For each component of the second input, whether it is the first input's object."""
    ids = {id(component) for component in first.document["components"]}
    return [id(component) in ids for component in second.document["components"]]


def test_a_later_input_holds_the_first_inputs_object_for_each_component_written_the_same_way() -> None:
    libraries = _libraries(40)
    later = [dict(component) for component in libraries]
    later[3] = {**later[3], "version": "2"}  # changed in place
    del later[10:12]  # two removed
    later[20:20] = [{"type": "library", "name": "new", "bom-ref": "new"}]  # one added
    later[30:33] = list(reversed(later[30:33]))  # a few swapped
    first, second = reading.read_inputs([orjson.dumps(_bom(libraries)), orjson.dumps(_bom(later))])
    assert _shared(first, second) == [component in libraries for component in later]
    assert second.document == _bom(later)
    assert first.document == _bom(libraries)


def test_components_in_another_order_are_found_by_their_text() -> None:
    libraries = _libraries(200)
    first, second = reading.read_inputs([orjson.dumps(_bom(libraries)), orjson.dumps(_bom(libraries[::-1]))])
    shared = _shared(first, second)
    assert not all(shared[:4])  # looked for ahead of the last match first, in vain
    assert all(shared[10:])  # then by text
    assert second.document == _bom(libraries[::-1])


def test_the_same_value_written_differently_is_parsed_again_and_equal() -> None:
    component = {"type": "library", "name": "a", "bom-ref": "a", "version": "1"}
    compact = orjson.dumps(_bom([component]))
    indented = orjson.dumps(_bom([component]), option=orjson.OPT_INDENT_2)
    first, second = reading.read_inputs([compact, indented])
    assert second.document["components"][0] is not first.document["components"][0]
    assert second.document["components"][0] == first.document["components"][0]
    result = merge(compact, indented)
    assert result.bom.document["components"] == [component]
    assert not result.conflicts


def test_inputs_that_cannot_be_split_are_read_whole() -> None:
    libraries = _libraries(3)
    text = orjson.dumps(_bom(libraries))
    xml = aibom.dumps(aibom.load(_bom(libraries)), format="xml")
    unknown_field = orjson.dumps({**_bom(libraries), "x-vendor": {"note": 1}})
    for source in (xml, unknown_field, _bom(libraries), aibom.load(_bom(libraries))):
        for pair in ((source, text), (text, source)):
            merged = merge(*pair).bom.document
            assert merged["components"] == libraries
    with_extra = merge(unknown_field, text).bom.document
    assert with_extra["x-vendor"] == {"note": 1}
    assert list(with_extra)[-1] == "x-vendor"  # a field no CycloneDX version defines comes after those it defines


@pytest.mark.parametrize("position", ["first", "second"])
def test_a_component_that_does_not_parse_is_reported_as_a_whole_read_reports_it(position: str) -> None:
    good = orjson.dumps(_bom(_libraries(3)))
    bad = good.replace(b'"version":"1"}]', b'"version":"1","x":1e999}]')  # beyond the double range
    assert bad != good
    with pytest.raises(InvalidDocument) as expected:
        aibom.load(bad)
    inputs = (bad, good) if position == "first" else (good, bad)
    with pytest.raises(AibomError) as raised:
        merge(*inputs)
    assert type(raised.value) is type(expected.value)
    assert str(raised.value) == str(expected.value)


def test_invalid_utf8_in_a_component_no_earlier_input_has_is_an_error() -> None:
    good = orjson.dumps(_bom(_libraries(3)))
    bad = good.replace(b'"name":"lib-2"', b'"name":"lib-\xff"')
    assert bad != good
    with pytest.raises(InvalidDocument):
        merge(good, bad)


@pytest.mark.parametrize("where", ["component", "metadata", "service"])
def test_bom_refs_defined_inside_components_are_seen_when_only_the_texts_count_them(where: str) -> None:
    """A split input's count of the bom-refs in its component trees comes from its components' texts (those it
    shares with the first input from the first input's count): a model card's bom-ref that collides across the
    inputs must be renamed, wherever the model sits."""

    def document(name: str) -> dict[str, Any]:
        card = {"bom-ref": "card-1", "modelParameters": {"task": name}}
        model = {"type": "machine-learning-model", "name": name, "bom-ref": name, "modelCard": card}
        shared = {"type": "library", "name": "numpy", "bom-ref": "np", "licenses": [{"license": {"id": "MIT"}}]}
        if where == "metadata":
            return _bom([shared], metadata={"component": model})
        if where == "service":
            service = {"name": f"svc-{name}", "bom-ref": f"svc-{name}", "data": [{"flow": "inbound", "classification": "PII", "governance": {"owners": [{"organization": {"name": "o", "bom-ref": "org-1"}}]}}]}
            return _bom([shared], services=[service])
        return _bom([shared, model])

    first, second = document("a"), document("b")
    from_texts = merge(orjson.dumps(first), orjson.dumps(second), policy="prefer-first")
    assert _outcome(orjson.dumps(first), orjson.dumps(second), policy="prefer-first") == _outcome(
        first, second, policy="prefer-first"
    )
    renamed = {(rename.old, rename.new) for rename in from_texts.renames}
    assert ("card-1", "card-1#2") in renamed or ("org-1", "org-1#2") in renamed
    assert not aibom.validate(from_texts.bom, checks="integrity").findings


def test_components_sharing_a_bom_ref_within_an_input_pair_as_when_parsed_apart() -> None:
    """A component both texts write alike is joined to the first input's without pairing only under a bom-ref
    each input gives once; repeated ones go through the pairing, as for dicts."""
    numpy = {"type": "library", "name": "numpy", "bom-ref": "lib", "purl": "pkg:pypi/numpy@1.0"}
    other_numpy = {"type": "library", "name": "numpy", "bom-ref": "lib", "purl": "pkg:pypi/numpy@1.0", "version": "1.0"}
    pandas = {"type": "library", "name": "pandas", "bom-ref": "lib", "purl": "pkg:pypi/pandas@2.0"}
    for first, second in (
        (_bom([other_numpy, numpy]), _bom([numpy])),  # the first input repeats the bom-ref
        (_bom([numpy]), _bom([pandas, numpy])),  # the second does
        (_bom([numpy]), _bom([{**numpy, "purl": "pkg:pypi/numpy@2.0"}, numpy])),  # an earlier one pairs first
        (_bom([numpy, pandas]), _bom([pandas, numpy])),
    ):
        for policy in ("prefer-first", "keep-both"):
            texts = orjson.dumps(first), orjson.dumps(second)
            assert _outcome(*texts, policy=policy) == _outcome(first, second, policy=policy)


def test_a_component_both_texts_write_alike_whose_reference_the_second_renames_merges_as_for_dicts() -> None:
    """The model is the same text in both inputs, but "ds" names another data set in the second, which the merge
    renames "ds#2": the model's reference then differs between the inputs, and the merged model refers to both."""
    model = {
        "type": "machine-learning-model",
        "name": "m",
        "bom-ref": "m",
        "modelCard": {"modelParameters": {"datasets": [{"ref": "ds"}]}},
    }
    first = _bom([model, {"type": "data", "name": "reviews", "bom-ref": "ds"}])
    second = _bom([model, {"type": "data", "name": "tweets", "bom-ref": "ds"}])
    texts = orjson.dumps(first), orjson.dumps(second)
    for policy in ("fail", "prefer-first", "prefer-last", "prefer-newest", "keep-both"):
        assert _outcome(*texts, policy=policy) == _outcome(first, second, policy=policy)

    result = merge(*texts, policy="prefer-last")

    assert [(rename.old, rename.new) for rename in result.renames] == [("ds", "ds#2")]
    datasets = result.bom.document["components"][0]["modelCard"]["modelParameters"]["datasets"]
    assert datasets == [{"ref": "ds"}, {"ref": "ds#2"}]
    assert [component["bom-ref"] for component in result.bom.document["components"]] == ["m", "ds", "ds#2"]


def test_a_top_level_component_that_is_not_an_object_merges_as_for_dicts() -> None:
    numpy = {"type": "library", "name": "numpy", "bom-ref": "np"}
    for first, second in ((_bom([numpy, 5]), _bom([numpy])), (_bom([numpy]), _bom(["x", numpy]))):
        texts = orjson.dumps(first), orjson.dumps(second)
        outcome = _outcome(*texts, policy="prefer-first")
        assert outcome == _outcome(first, second, policy="prefer-first")
        assert outcome[1]["components"] == [numpy]


def test_a_shared_component_follows_the_renames_of_the_first_input_too() -> None:
    """The first input gives "a" to two components, so the merge renames its "a": the model that both inputs write
    alike refers to "a", and that reference is rewritten as for dicts (texts and the same dict passed twice
    alike)."""
    document = _bom(
        [
            {"type": "library", "name": "x", "bom-ref": "a", "components": []},
            {"type": "library", "name": "y", "bom-ref": "a", "components": []},
            {"type": "machine-learning-model", "name": "m", "bom-ref": "b",
             "modelCard": {"modelParameters": {"datasets": [{"ref": "a"}]}}},
        ]
    )
    text = orjson.dumps(document)
    for policy in ("fail", "prefer-first", "prefer-last", "prefer-newest", "keep-both"):
        expected = _outcome(document, document, policy=policy)  # (merged as unshared copies)
        assert _outcome(text, text, policy=policy) == expected
        try:
            same = merge(document, document, policy=policy)
        except MergeConflict as error:
            assert expected == ("raised", error.conflicts)
        else:
            assert (list(same.bom.document), same.bom.document, same.conflicts, same.renames) == expected
