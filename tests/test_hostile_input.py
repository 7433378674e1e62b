"""Hostile and broken input: every case gives an aibom error with a location, quickly, and touches no file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import aibom

NS = "http://cyclonedx.org/schema/bom/1.6"


def _load_error(data: bytes, tmp_path: Path) -> aibom.AibomError:
    path = tmp_path / "input.xml"
    path.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(aibom.AibomError) as caught:
        aibom.load(path)
    assert time.perf_counter() - started < 5
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.xml"]
    assert caught.value.source == str(path)
    assert caught.value.location
    return caught.value


def test_external_entities_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<bom xmlns="{NS}" version="1"><components><component type="library"><name>&xxe;</name>'
        "</component></components></bom>"
    ).encode()
    error = _load_error(data, tmp_path)
    assert isinstance(error, aibom.UnsafeDocument)
    assert "TOP SECRET" not in str(error)


def test_entity_expansion_bombs_are_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    data = f'<?xml version="1.0"?><!DOCTYPE bom [{entities}]><bom xmlns="{NS}" version="1">&a9;</bom>'.encode()
    assert isinstance(_load_error(data, tmp_path), aibom.UnsafeDocument)


def test_a_plain_doctype_is_refused(tmp_path: Path) -> None:
    data = f'<?xml version="1.0"?><!DOCTYPE bom SYSTEM "http://example.com/bom.dtd"><bom xmlns="{NS}"/>'.encode()
    assert isinstance(_load_error(data, tmp_path), aibom.UnsafeDocument)


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    data = f'<?xml version="1.0"?>\n<bom xmlns="{NS}" version="1">\n  <components>\n</bom>'.encode()
    error = _load_error(data, tmp_path)
    assert isinstance(error, aibom.InvalidDocument)
    assert error.location and error.location.startswith("line 4")


def test_a_non_cyclonedx_xml_document_is_refused(tmp_path: Path) -> None:
    error = _load_error(b'<?xml version="1.0"?><html><body/></html>', tmp_path)
    assert isinstance(error, aibom.InvalidDocument)
    assert "CycloneDX" in (error.expected or "") + error.message


def test_an_unknown_cyclonedx_xml_version_is_refused(tmp_path: Path) -> None:
    error = _load_error(b'<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"/>', tmp_path)
    assert isinstance(error, aibom.UnsupportedSpecVersion)


def test_ten_thousand_deep_xml_nesting_is_an_aibom_error(tmp_path: Path) -> None:
    depth = 10_000
    data = (f'<bom xmlns="{NS}" version="1"><metadata>' + "<x>" * depth + "</x>" * depth + "</metadata></bom>").encode()
    error = _load_error(data, tmp_path)
    assert "depth" in error.message
    path = tmp_path / "input.xml"
    report = aibom.validate(path)
    assert not report.ok


def test_validate_reports_hostile_xml_instead_of_raising(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_bytes(
        f'<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="{NS}" version="1">&x;</bom>'.encode()
    )
    report = aibom.validate(path)
    assert not report.ok
    assert [finding.code for finding in report.findings] == ["unsafe-document"]


def test_unhashable_values_where_references_belong_are_reported_not_raised() -> None:
    """Found by fuzzing: a list as a bom-ref next to a fault that sends layer 2 into its locating pass."""
    document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                "annotations": [{"bom-ref": [0, 0, False], "subjects": [["x"]]}],
                "components": [{"type": "library", "name": "a", "modelCard": {}}],
                "dependencies": [{"ref": {"a": 1}}, {"ref": "missing"}]}
    report = aibom.validate(document)
    codes = {finding.code for finding in report.findings}
    assert not report.ok and {"schema", "dangling-reference", "model-card-on-non-model"} <= codes, codes


def test_merge_of_a_schema_invalid_bom_version_gives_a_valid_envelope() -> None:
    """Found by fuzzing: a BOM version that is not a number (the schema reports it) no longer breaks merge."""
    broken = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": {"not": "a number"}}
    fine = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 3}
    merged = aibom.merge(broken, fine, policy="prefer-last").bom
    assert merged.document["version"] == 4
    assert aibom.validate(merged, checks="schema").ok


def test_nesting_too_deep_to_compare_merge_or_write_is_an_aibom_error() -> None:
    """orjson reads 1,000 levels of nesting; comparing, merging and writing them would pass Python's recursion
    limit: each says so instead of raising RecursionError or TypeError."""
    depth = 1_000
    text = '{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "x": ' + "[" * depth + "]" * depth + "}"
    other = text.replace("[]", "[1]")
    bom = aibom.load(text)
    with pytest.raises(aibom.InvalidDocument, match="nested too deeply to compare"):
        aibom.diff(text, other)
    with pytest.raises(aibom.InvalidDocument, match="nested too deeply to merge"):
        aibom.merge(text, other, policy="prefer-last")
    with pytest.raises(aibom.InvalidDocument, match="cannot be written as JSON") as caught:
        aibom.dumps(bom)
    assert caught.value.source == "<str>"
    assert not aibom.validate(text).ok  # the extra key breaks the schema; the check itself runs
