"""``capture hardware`` and ``capture environment``, through a parser built with ``add_capture_command``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import aibom
from aibom.capture.cli import add_capture_command
from aibom.hardware import Hardware, detect
from aibom.model import Component


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="aibom")
    add_capture_command(parser.add_subparsers(required=True))
    arguments = parser.parse_args(argv)
    result: int = arguments.run(arguments)
    return result


def test_capture_environment_to_a_json_file(tmp_path: Path) -> None:
    output = tmp_path / "env.cdx.json"
    assert _run(["capture", "environment", "-d", "pytest", "--distribution", "orjson", "-o", str(output)]) == 0
    bom = aibom.load(output)
    assert bom.spec.value == "1.6"
    assert sorted(c.name or "" for c in bom.components()) == ["orjson", "pytest"]
    assert aibom.validate(bom).ok


def test_capture_hardware_to_xml_grouped(tmp_path: Path) -> None:
    output = tmp_path / "hardware.cdx.xml"
    assert _run(["capture", "hardware", "--group", "--spec", "1.7", "-o", str(output)]) == 0
    bom = aibom.load(output)
    assert (bom.source_format, bom.spec.value) == ("xml", "1.7")
    assert aibom.validate(bom).ok
    top_level = bom.document.get("components", [])
    read = tuple(Hardware.from_cyclonedx(Component.from_json(component)) for component in top_level)
    assert read == detect(group=True)


def test_capture_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert _run(["capture", "environment", "-d", "packaging", "--to", "json"]) == 0
    bom = aibom.load(capsysbinary.readouterr().out)
    assert [c.name for c in bom.components()] == ["packaging"]


def test_a_subcommand_is_required() -> None:
    with pytest.raises(SystemExit):
        _run(["capture"])
