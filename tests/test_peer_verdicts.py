"""aibom's schema verdicts agree with cyclonedx-python-lib's validators, file by file, on the official suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator

import aibom
from tests.conftest import suite_params

_VERSIONS = {"1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}


@pytest.mark.parametrize("path", suite_params("*.json"))
def test_json_verdict_matches_json_strict_validator(path: Path) -> None:
    peer = JsonStrictValidator(_VERSIONS[path.parent.name]).validate_str(path.read_text())
    ours = aibom.validate(path, checks="schema")
    assert ours.ok is (peer is None), (ours.to_text(), peer)


@pytest.mark.parametrize("path", suite_params("*.xml"))
def test_xml_verdict_matches_xml_validator(path: Path) -> None:
    if path.name.startswith("invalid-namespace-"):
        # The peer validates against the XSD of the folder's version whatever the document's namespace says;
        # aibom reads the namespace first and reports the unknown version.
        assert aibom.validate(path, checks="schema").codes() == {"not-cyclonedx"}
        return
    peer = XmlValidator(_VERSIONS[path.parent.name]).validate_str(path.read_text())
    ours = aibom.validate(path, checks="schema")
    assert ours.ok is (peer is None), (ours.to_text(), peer)
