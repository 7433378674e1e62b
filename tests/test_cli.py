"""The aibom command line: exit codes, report formats, conversion, stdin/stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import aibom
from aibom.cli import main
from tests.conftest import SHIPPED_EXAMPLE, SUITE, require_shared


def run(*arguments: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "aibom", *arguments], input=stdin, capture_output=True, check=False)


def test_validate_a_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SHIPPED_EXAMPLE)]) == 0
    assert capsys.readouterr().out.startswith(f"{SHIPPED_EXAMPLE}: valid (CycloneDX 1.6 json, 0 finding(s))")


def test_validate_exits_1_when_any_file_is_invalid_and_reports_json(capsys: pytest.CaptureFixture[str]) -> None:
    invalid = require_shared(SUITE / "1.6" / "invalid-component-type-1.6.xml")
    assert main(["validate", str(SHIPPED_EXAMPLE), str(invalid), "--format", "json"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [report["ok"] for report in reports] == [True, False]
    finding = reports[1]["findings"][0]
    assert finding["code"] == "schema" and finding["location"] == "/bom/components/component"
    assert reports[1]["format"] == "xml" and reports[1]["specVersion"] == "1.6"


def test_validate_exits_2_for_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "does-not-exist.json"]) == 2
    assert "does-not-exist.json: no such file" in capsys.readouterr().err


def test_malformed_input_is_invalid_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"bomFormat": ')
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "malformed" in out and "line 1, column 15" in out


def test_usage_errors_exit_2() -> None:
    result = run("validate")
    assert result.returncode == 2
    assert b"usage:" in result.stderr


def test_validate_reads_stdin() -> None:
    result = run("validate", "-", stdin=SHIPPED_EXAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<stdin>: valid")


def test_convert_json_to_xml_and_back(tmp_path: Path) -> None:
    xml_path = tmp_path / "bom.xml"
    json_path = tmp_path / "bom.json"
    assert main(["convert", str(SHIPPED_EXAMPLE), "-o", str(xml_path)]) == 0
    assert xml_path.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert aibom.validate(xml_path).ok
    assert main(["convert", str(xml_path), "-o", str(json_path)]) == 0
    original = json.loads(SHIPPED_EXAMPLE.read_text())
    original.pop("$schema")
    assert json.loads(json_path.read_text()) == original


def test_convert_to_an_older_spec_fails_with_exit_1_unless_told_to_warn(tmp_path: Path) -> None:
    out = tmp_path / "old.json"
    result = run("convert", str(SHIPPED_EXAMPLE), "-o", str(out), "--spec", "1.5")
    assert result.returncode == 1
    assert b"environmentalConsiderations" in result.stderr
    assert not out.exists()
    result = run("convert", str(SHIPPED_EXAMPLE), "-o", str(out), "--spec", "1.5", "--on-loss", "warn")
    assert result.returncode == 0
    assert result.stderr.count(b"aibom: warning:") == 2
    assert json.loads(out.read_text())["specVersion"] == "1.5"


def test_convert_stdin_to_stdout() -> None:
    result = run("convert", "-", "-o", "-", "--to", "xml", "--spec", "1.7", stdin=SHIPPED_EXAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert b'xmlns="http://cyclonedx.org/schema/bom/1.7"' in result.stdout
    assert aibom.validate(result.stdout, checks="schema").ok


def test_convert_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(SHIPPED_EXAMPLE.read_bytes())
    result = run("convert", str(path), "-o", str(path))
    assert result.returncode == 2
    assert b"refusing to overwrite the input" in result.stderr
    assert path.read_bytes() == SHIPPED_EXAMPLE.read_bytes()


def test_version_flag() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"aibom {aibom.__version__}"


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """``aibom diff a b | head``: the reader leaves early; the command ends quietly instead of a traceback."""

    def bom(version: str) -> dict[str, object]:
        components = [{"type": "library", "name": f"lib-{i}", "version": version} for i in range(3000)]
        return {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}

    (tmp_path / "old.json").write_text(json.dumps(bom("1.0")))
    (tmp_path / "new.json").write_text(json.dumps(bom("2.0")))
    command = [sys.executable, "-m", "aibom", "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
               "--limit", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(5) == b"aibom"
        process.stdout.close()
        error = process.stderr.read()
        assert process.wait(timeout=60) == 0, error
    assert b"Traceback" not in error
