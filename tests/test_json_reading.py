"""Reading JSON: msgspec parses, orjson explains what msgspec refuses, and large files are mapped, not copied."""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aibom
from aibom import _source
from aibom._source import _MAP_FROM, count_in, read_source
from aibom.codec.json import decode_json

_REFUSED = object()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@st.composite
def json_texts(draw: st.DrawFn) -> bytes:
    """Valid JSON, or valid JSON with one byte cut out, replaced or added: the mistakes a hand edit makes."""
    text = bytearray(orjson.dumps(draw(json_values)))
    edit = draw(st.sampled_from(["none", "cut", "replace", "insert"]))
    if edit != "none":
        where = draw(st.integers(min_value=0, max_value=len(text)))
        byte = draw(st.sampled_from(b'{}[],:"\\ \n0e-.atfnx\xff\xc3'))
        if edit == "cut":
            del text[where : where + 1]
        elif edit == "replace" and where < len(text):
            text[where] = byte
        else:
            text[where:where] = bytes([byte])
    return bytes(text)


def _orjson_verdict(text: bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _REFUSED


def _aibom_verdict(text: bytes) -> Any:
    try:
        return decode_json(text, source="<test>")
    except aibom.InvalidDocument as error:
        assert error.location and error.location.startswith("line "), error.location
        return _REFUSED


@settings(max_examples=400, deadline=None)
@given(json_texts())
def test_the_reader_accepts_and_refuses_what_orjson_does(text: bytes) -> None:
    expected = _orjson_verdict(text)
    got = _aibom_verdict(text)
    if expected is _REFUSED or got is _REFUSED:
        assert got is expected
    else:
        assert orjson.dumps(got, option=orjson.OPT_SORT_KEYS) == orjson.dumps(expected, option=orjson.OPT_SORT_KEYS)


def test_integers_beyond_64_bits_are_kept_exactly_and_written_back() -> None:
    big = 123456789012345678901234567890
    text = b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "x-count": %d}' % big
    assert isinstance(orjson.loads(text)["x-count"], float)  # what a plain orjson read would have kept
    bom = aibom.load(text)
    assert bom.document["x-count"] == big
    written = aibom.dumps(bom)
    assert f'"x-count": {big}' in written
    assert aibom.load(written).document == bom.document
    assert aibom.dumps(aibom.load(written)) == written


def test_nesting_deeper_than_msgspec_allows_but_orjson_accepts_still_loads() -> None:
    depth = 1_010  # over Python's recursion limit, under orjson's 1,024 levels
    text = '{"bomFormat": "CycloneDX", "specVersion": "1.6", "x": ' + "[" * depth + "]" * depth + "}"
    value = aibom.load(text).document["x"]
    levels = 0
    while value:
        value = value[0]
        levels += 1
    assert levels == depth - 1


def _large_bom(duplicate_in_license: bool = False) -> dict[str, Any]:
    components: list[dict[str, Any]] = [
        {
            "type": "library",
            "name": f"package-{index}",
            "version": "1.0.0",
            "bom-ref": f"pkg:pypi/package-{index}@1.0.0",
            "purl": f"pkg:pypi/package-{index}@1.0.0",
            "licenses": [{"license": {"id": "MIT"}}],
        }
        for index in range(6_000)
    ]
    if duplicate_in_license:
        components[4_321]["licenses"][0]["license"]["bom-ref"] = "pkg:pypi/package-7@1.0.0"
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": components,
        "dependencies": [{"ref": component["bom-ref"]} for component in components],
    }


def test_a_large_file_is_mapped_and_loads_exactly_as_its_bytes(tmp_path: Path) -> None:
    text = orjson.dumps(_large_bom(), option=orjson.OPT_INDENT_2)
    assert len(text) > _MAP_FROM
    path = tmp_path / "large.cdx.json"
    path.write_bytes(text)
    source = read_source(path)
    assert not isinstance(source.payload, (bytes, dict))  # mapped
    assert count_in(source.payload, b'"bom-ref"') == text.count(b'"bom-ref"') == 6_000
    assert aibom.load(path).document == aibom.load(text).document
    assert aibom.validate(path).ok
    assert path.read_bytes() == text


def test_a_large_file_with_a_byte_order_mark_or_leading_blanks_loads(tmp_path: Path) -> None:
    text = orjson.dumps(_large_bom())
    for prefix in (b"\xef\xbb\xbf", b" \n\t" * 2_000):
        path = tmp_path / "prefixed.json"
        path.write_bytes(prefix + text)
        assert aibom.load(path).document == orjson.loads(text)


def test_a_large_xml_file_is_read_not_mapped(tmp_path: Path) -> None:
    bom = aibom.load(_large_bom())
    path = tmp_path / "large.cdx.xml"
    aibom.dump(bom, path, format="xml")
    assert path.stat().st_size > _MAP_FROM
    assert read_source(path).format == "xml"
    assert aibom.load(path).document == bom.document


def test_a_duplicate_hidden_in_a_license_of_a_large_file_is_found(tmp_path: Path) -> None:
    """The integrity layer skips licenses when the file's count of bom-refs says they hold none: the count must
    be right on a mapped file too."""
    path = tmp_path / "large.json"
    path.write_bytes(orjson.dumps(_large_bom(duplicate_in_license=True)))
    assert path.stat().st_size > _MAP_FROM
    [finding] = aibom.validate(path, checks="integrity").findings
    assert finding.code == "duplicate-bom-ref"
    places = {"/components/4321/licenses/0/license/bom-ref", "/components/7/bom-ref"}
    assert finding.location in places
    assert f"already used at {(places - {finding.location}).pop()}" in finding.message


def test_malformed_json_in_a_large_file_names_its_line_and_column(tmp_path: Path) -> None:
    text = orjson.dumps(_large_bom(), option=orjson.OPT_INDENT_2)
    where = text.index(b"\n", len(text) // 2) + 1  # the start of a line: outside any string
    broken = text[:where] + b"@" + text[where:]
    path = tmp_path / "broken.json"
    path.write_bytes(broken)
    with pytest.raises(aibom.InvalidDocument) as caught:
        aibom.load(path)
    line = text[:where].count(b"\n") + 1
    assert caught.value.location == f"line {line}, column 1"
    assert path.read_bytes() == broken


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([b'"bom-ref"', b'"bom-', b'ref"', b"x", b'"', b"\n"]), min_size=1, max_size=60),
    st.integers(min_value=1, max_value=12),
)
def test_counting_in_a_mapped_file_matches_counting_in_its_bytes(
    tmp_path_factory: pytest.TempPathFactory, parts: list[bytes], window: int
) -> None:
    text = b"".join(parts)
    path = tmp_path_factory.mktemp("count") / "text.json"
    path.write_bytes(text)
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        saved = _source._WINDOW
        _source._WINDOW = window  # small windows, so that occurrences straddle their edges
        try:
            assert count_in(mapped, b'"bom-ref"') == text.count(b'"bom-ref"')
        finally:
            _source._WINDOW = saved


def _with_big_count(count: int) -> dict[str, Any]:
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [{"type": "library", "name": "a", "bom-ref": "a", "x-count": count}],
    }


BIG = 123456789012345678901234567890


def test_diff_and_merge_carry_integers_beyond_64_bits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aibom.cli import main

    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(f'{{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": '
                   f'[{{"type": "library", "name": "a", "bom-ref": "a", "x-count": {BIG}}}]}}')
    new.write_text(old.read_text().replace(str(BIG), str(BIG + 1)))
    [change] = aibom.diff(old, new)
    assert (change.old, change.new) == (BIG, BIG + 1)
    assert aibom.apply(aibom.diff(old, new), aibom.load(old)).document == aibom.load(new).document

    result = aibom.merge(old, new, policy="prefer-last")
    assert result.bom.document["components"][0]["x-count"] == BIG + 1
    assert str(BIG) in str(result.conflicts[0]) and str(BIG + 1) in str(result.conflicts[0])
    with pytest.raises(aibom.MergeConflict, match=str(BIG)):
        aibom.merge(old, new)

    capsys.readouterr()
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    assert str(BIG + 1) in capsys.readouterr().out
    assert main(["diff", str(old), str(new), "--format", "json-patch"]) == 0
    [operation] = [op for op in orjson.loads(capsys.readouterr().out) if op["op"] == "replace"]
    assert operation["path"] == "/components/0/x-count"
    conflicts = tmp_path / "conflicts.json"
    merged = tmp_path / "merged.json"
    assert main(["merge", str(old), str(new), "-o", str(merged), "--policy", "prefer-last",
                 "--conflicts", str(conflicts)]) == 0
    assert f'"x-count": {BIG + 1}' in merged.read_text()
    assert str(BIG) in conflicts.read_text()


def test_a_dict_with_an_integer_beyond_64_bits_loads_exactly() -> None:
    bom = aibom.load(_with_big_count(BIG))
    assert bom.document["components"][0]["x-count"] == BIG


def test_nesting_orjson_cannot_write_is_written_by_the_standard_library() -> None:
    deep: Any = "leaf"
    for _ in range(300):
        deep = [deep]
    bom = aibom.load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "x-deep": deep})
    assert aibom.load(aibom.dumps(bom)).document == bom.document


def test_nesting_beyond_the_schema_validators_limit_is_a_finding() -> None:
    deep: Any = "leaf"
    for _ in range(300):
        deep = [deep]
    report = aibom.validate({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "x-deep": deep})
    assert not report.ok
    assert [(f.code, f.location) for f in report.findings] == [("schema", "")]
    assert "could not run" in report.findings[0].message


_MAPS = Path("/proc/self/maps")


@pytest.mark.skipif(not _MAPS.exists(), reason="needs /proc/self/maps (Linux) to list the files the process maps")
def test_no_file_stays_mapped_after_a_call_even_one_that_failed(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    text = orjson.dumps(_large_bom(), option=orjson.OPT_INDENT_2)
    good.write_bytes(text)
    bad.write_bytes(text[:-100])
    assert bad.stat().st_size > _MAP_FROM
    results = [aibom.load(good), aibom.validate(good), aibom.diff(good, good), aibom.merge(good, good)]
    assert results[1].ok and not results[2]
    with pytest.raises(aibom.InvalidDocument) as caught:
        aibom.load(bad)
    maps = _MAPS.read_text()
    assert caught.value.source == str(bad)  # the error is still held here, and with it the failed call's frames
    assert str(good) not in maps and str(bad) not in maps
