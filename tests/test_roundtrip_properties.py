"""Hypothesis: generated ML-BOMs survive every read/write path aibom offers, for 1.5, 1.6 and 1.7."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import bom_documents

import aibom

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPECS = st.sampled_from(["1.5", "1.6", "1.7"])


@SETTINGS
@given(data=st.data(), spec=SPECS)
def test_json_round_trip_is_the_identity_and_valid(data: st.DataObject, spec: str) -> None:
    document: dict[str, Any] = data.draw(bom_documents(spec))
    bom = aibom.load(document)
    text = aibom.dumps(bom)
    assert json.loads(text) == document
    assert aibom.load(text) == bom
    assert aibom.dumps(aibom.load(text)) == text
    # generated property values are arbitrary text: the AI rules (tests/test_ai_rules.py) may flag them
    assert aibom.validate(text, checks="schema").ok and aibom.validate(text, checks="integrity").ok


@SETTINGS
@given(data=st.data(), spec=SPECS)
def test_json_to_xml_to_json_is_the_identity_and_both_are_valid(data: st.DataObject, spec: str) -> None:
    document: dict[str, Any] = data.draw(bom_documents(spec, xml=True))
    bom = aibom.load(document)
    xml = aibom.dumps(bom, format="xml")
    for checks in ("schema", "integrity"):
        report = aibom.validate(xml, checks=checks)
        assert report.ok, report.to_text()
    back = aibom.load(xml)
    assert back.source_format == "xml"
    assert back.document == document
    assert aibom.dumps(back, format="xml") == xml


@SETTINGS
@given(data=st.data())
def test_upgrading_then_downgrading_1_5_content_is_the_identity(data: st.DataObject) -> None:
    document: dict[str, Any] = data.draw(bom_documents("1.5"))
    bom = aibom.load(document)
    upgraded = aibom.load(aibom.dumps(bom, spec="1.7"))
    assert aibom.inexpressible(upgraded, spec="1.5") == ()
    assert json.loads(aibom.dumps(upgraded, spec="1.5")) == document
