"""aibom.load: every kind of source, version detection, leniency, and clear errors for bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import aibom
from tests.conftest import SHIPPED_EXAMPLE, SUITE, require_shared

MINIMAL = {"bomFormat": "CycloneDX", "specVersion": "1.7", "version": 1}


def test_every_kind_of_source_gives_the_same_bom(tmp_path: Path) -> None:
    text = SHIPPED_EXAMPLE.read_text()
    expected = json.loads(text)
    sources = [
        SHIPPED_EXAMPLE,
        str(SHIPPED_EXAMPLE),
        text,
        text.encode(),
        b"\xef\xbb\xbf" + text.encode(),
        io.BytesIO(text.encode()),
        io.StringIO(text),
        expected,
    ]
    for source in sources:
        bom = aibom.load(source)
        assert bom.document == expected
        assert bom.spec is aibom.SpecVersion.V1_6


def test_source_names_and_formats() -> None:
    assert aibom.load(SHIPPED_EXAMPLE).source == str(SHIPPED_EXAMPLE)
    assert aibom.load(SHIPPED_EXAMPLE).source_format == "json"
    assert aibom.load(json.dumps(MINIMAL)).source == "<str>"
    assert aibom.load(MINIMAL).source == "<dict>"


def test_a_dict_is_copied_and_never_modified() -> None:
    original = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": []}
    snapshot = json.dumps(original)
    bom = aibom.load(original)
    bom.document["components"].append({"type": "library", "name": "x"})
    assert json.dumps(original) == snapshot


def test_schema_invalid_but_well_formed_documents_load_and_write_back_unchanged() -> None:
    path = require_shared(SUITE / "1.6" / "invalid-component-type-1.6.json")
    original = json.loads(path.read_text())
    bom = aibom.load(path)
    assert bom.document == original
    assert json.loads(aibom.dumps(bom)) == original
    assert not aibom.validate(bom).ok


@pytest.mark.parametrize(
    ("text", "location", "expected"),
    [
        ('{"bomFormat": "CycloneDX",\n "specVersion": }', "line 2, column 17", "a JSON document"),
        ("[1, 2]", "", "a JSON object"),
        ('{"bomFormat": "SPDX", "specVersion": "1.6"}', "/bomFormat", '"CycloneDX"'),
        ('{"specVersion": "1.6"}', "/bomFormat", '"CycloneDX"'),
        ('{"bomFormat": "CycloneDX"}', "/specVersion", 'a string: "1.5", "1.6" or "1.7"'),
        ('{"bomFormat": "CycloneDX", "specVersion": 1.6}', "/specVersion", 'a string: "1.5", "1.6" or "1.7"'),
        ("   \n  hello", "line 2, column 3", "a CycloneDX document starting with '{' (JSON) or '<' (XML)"),
    ],
)
def test_bad_json_input_names_the_location_and_what_was_expected(text: str, location: str, expected: str) -> None:
    with pytest.raises(aibom.InvalidDocument) as caught:
        aibom.load(text.encode())
    assert caught.value.source == "<bytes>"
    assert caught.value.location == location
    assert caught.value.expected == expected
    assert isinstance(caught.value, aibom.AibomError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize("version", ["1.4", "2.0", "1.6.1"])
def test_unknown_spec_versions_are_refused(version: str) -> None:
    with pytest.raises(aibom.UnsupportedSpecVersion) as caught:
        aibom.load({"bomFormat": "CycloneDX", "specVersion": version})
    assert caught.value.location == "/specVersion"
    assert "'1.5', '1.6', '1.7'" in (caught.value.expected or "")


def test_missing_file_and_directory_are_argument_errors(tmp_path: Path) -> None:
    with pytest.raises(aibom.InvalidArgument, match="no such file") as caught:
        aibom.load(tmp_path / "absent.json")
    assert caught.value.source == str(tmp_path / "absent.json")
    with pytest.raises(aibom.InvalidArgument, match="directory"):
        aibom.load(tmp_path)


def test_unsupported_source_types_are_refused() -> None:
    with pytest.raises(aibom.InvalidArgument, match="cannot read a BOM from int"):
        aibom.load(42)  # type: ignore[arg-type]
    with pytest.raises(aibom.InvalidArgument, match="not JSON data"):
        aibom.load({"bomFormat": "CycloneDX", "specVersion": "1.6", "bad": {1, 2}})


def test_deep_nesting_is_a_clear_error_not_a_crash() -> None:
    text = '{"bomFormat": "CycloneDX", "specVersion": "1.6", "x": ' + "[" * 10_000 + "]" * 10_000 + "}"
    with pytest.raises(aibom.InvalidDocument) as caught:
        aibom.load(text)
    assert "depth" in caught.value.message
    assert caught.value.location and caught.value.location.startswith("line 1, column ")


def test_a_50_megabyte_garbage_file_fails_fast_and_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    payload = b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [' + b'{"a": 1},' * 5_000_000 + b"oops"
    path.write_bytes(payload)
    with pytest.raises(aibom.InvalidDocument) as caught:
        aibom.load(path)
    assert caught.value.source == str(path)
    assert caught.value.location == f"line 1, column {len(payload) - 3}"
    assert path.read_bytes() == payload


def test_errors_pickle_and_print_with_their_location() -> None:
    import pickle

    error = aibom.InvalidDocument("bad", source="f.json", location="/a", expected="b")
    clone = pickle.loads(pickle.dumps(error))
    assert (clone.source, clone.location, clone.expected) == ("f.json", "/a", "b")
    assert str(clone) == "f.json: /a: bad (expected b)"
