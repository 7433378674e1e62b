"""aibom.dumps / dump / inexpressible: deterministic output, version conversion that never drops silently, atomic files."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest

import aibom
from tests.conftest import ML_GUIDE_EXAMPLE, SHIPPED_EXAMPLE, require_shared, suite_params


@pytest.mark.parametrize("path", suite_params("valid-*.json"))
def test_json_round_trip_keeps_every_field(path: Path) -> None:
    original = json.loads(path.read_text())
    bom = aibom.load(path)
    written = aibom.dumps(bom)
    assert json.loads(written) == original
    assert aibom.dumps(aibom.load(written)) == written


def test_output_is_deterministic_whatever_the_key_order() -> None:
    document = json.loads(SHIPPED_EXAMPLE.read_text())
    reordered = dict(reversed(list(document.items())))
    assert aibom.dumps(aibom.load(document)) == aibom.dumps(aibom.load(reordered))
    text = aibom.dumps(aibom.load(document))
    assert text.endswith("}\n") and text.startswith('{\n  "$schema"')


def test_writing_an_older_spec_lists_each_field_it_cannot_express() -> None:
    bom = aibom.load(SHIPPED_EXAMPLE)
    lost = aibom.inexpressible(bom, spec="1.5")
    assert [(f.code, f.location) for f in lost] == [
        ("inexpressible", "/components/0/modelCard/considerations/environmentalConsiderations"),
        ("inexpressible", "/components/4/manufacturer"),
    ]
    with pytest.raises(aibom.InexpressibleContent) as caught:
        aibom.dumps(bom, spec="1.5")
    assert caught.value.findings == lost
    assert caught.value.location == "/components/0/modelCard/considerations/environmentalConsiderations"


def test_on_loss_warn_leaves_the_fields_out_and_warns_once_per_field() -> None:
    bom = aibom.load(SHIPPED_EXAMPLE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = aibom.dumps(bom, spec="1.5", on_loss="warn")
    assert [w.category for w in caught] == [aibom.InexpressibleWarning] * 2
    written = json.loads(text)
    assert written["specVersion"] == "1.5"
    assert written["$schema"] == "http://cyclonedx.org/schema/bom-1.5.schema.json"
    assert "environmentalConsiderations" not in written["components"][0]["modelCard"]["considerations"]
    assert aibom.validate(text).ok
    assert bom.document["components"][4]["manufacturer"] == {"name": "NVIDIA"}


def test_enum_values_the_target_lacks_drop_their_enclosing_item_with_a_finding() -> None:
    bom = aibom.load(
        {
            "bomFormat": "CycloneDX", "specVersion": "1.7", "version": 1,
            "components": [
                {"type": "library", "name": "kept", "externalReferences": [
                    {"type": "citation", "url": "https://example.com/paper"},
                    {"type": "website", "url": "https://example.com"},
                ]},
                {"type": "cryptographic-asset", "name": "aes"},
            ],
        }
    )
    lost = aibom.inexpressible(bom, spec="1.5")
    assert [f.location for f in lost] == [
        "/components/0/externalReferences/0/type",
        "/components/1/type",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = json.loads(aibom.dumps(bom, spec="1.5", on_loss="warn"))
    assert written["components"] == [
        {"type": "library", "name": "kept", "externalReferences": [{"type": "website", "url": "https://example.com"}]}
    ]


def test_upgrading_keeps_everything() -> None:
    bom = aibom.load(SHIPPED_EXAMPLE)
    assert aibom.inexpressible(bom, spec="1.7") == ()
    upgraded = json.loads(aibom.dumps(bom, spec="1.7"))
    original = dict(bom.document)
    assert {k: v for k, v in upgraded.items() if k not in ("specVersion", "$schema")} == {
        k: v for k, v in original.items() if k not in ("specVersion", "$schema")
    }
    assert aibom.validate(upgraded).ok


def test_ml_guide_example_converts_down_to_1_6_without_loss() -> None:
    bom = aibom.load(require_shared(ML_GUIDE_EXAMPLE))
    assert aibom.inexpressible(bom, spec="1.6") == ()
    assert aibom.validate(aibom.dumps(bom, spec="1.6"), checks="schema").ok


def test_dump_writes_atomically_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    bom = aibom.load(SHIPPED_EXAMPLE)
    target = tmp_path / "out.json"
    target.write_text("previous content")
    aibom.dump(bom, target)
    assert json.loads(target.read_text()) == bom.document
    assert os.listdir(tmp_path) == ["out.json"]


def test_a_failed_dump_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous content")
    with pytest.raises(aibom.InexpressibleContent):
        aibom.dump(aibom.load(SHIPPED_EXAMPLE), target, spec="1.5")
    assert target.read_text() == "previous content"
    assert os.listdir(tmp_path) == ["out.json"]


def test_dump_into_a_missing_directory_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(aibom.OutputError) as caught:
        aibom.dump(aibom.load(SHIPPED_EXAMPLE), tmp_path / "missing" / "out.json")
    assert caught.value.source == str(tmp_path / "missing" / "out.json")


def test_bad_arguments_are_aibom_errors() -> None:
    bom = aibom.load(SHIPPED_EXAMPLE)
    with pytest.raises(aibom.InvalidArgument, match="unknown format"):
        aibom.dumps(bom, format="yaml")  # type: ignore[arg-type]
    with pytest.raises(aibom.UnsupportedSpecVersion):
        aibom.dumps(bom, spec="1.4")
    with pytest.raises(aibom.InvalidArgument, match="expected a Bom"):
        aibom.dumps({"bomFormat": "CycloneDX"})  # type: ignore[arg-type]
    with pytest.raises(aibom.InvalidArgument, match="on_loss"):
        aibom.dumps(bom, spec="1.5", on_loss="ignore")  # type: ignore[arg-type]


@pytest.mark.parametrize("path", suite_params("valid-*.json"))
def test_every_suite_file_converts_to_every_version_as_a_schema_valid_document(path: Path) -> None:
    """Down- and up-conversion never yields a schema-invalid BOM; what is left out is exactly what was reported."""
    bom = aibom.load(path)
    for target in ("1.5", "1.6", "1.7"):
        lost = aibom.inexpressible(bom, spec=target)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            text = aibom.dumps(bom, spec=target, on_loss="warn")
        assert len(caught) == len(lost)
        report = aibom.validate(text, checks="schema")
        assert report.ok, (target, report.to_text())
        if target >= bom.spec.value:
            assert lost == ()
