"""``aibom diff OLD NEW``: formats and exit codes (0 no change of the named kinds, 1 one exists, 2 usage or I/O)."""

from __future__ import annotations

import argparse
import copy
import io
import json
import sys
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
from conftest import SHIPPED_EXAMPLE

from aibom.diff import Delta
from aibom.diff.cli import add_diff_command


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="aibom")
    add_diff_command(parser.add_subparsers(required=True))
    arguments = parser.parse_args(argv)
    result: int = arguments.run(arguments)
    return result


@pytest.fixture
def boms(tmp_path: Path) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    old: dict[str, Any] = json.loads(SHIPPED_EXAMPLE.read_text())
    new = copy.deepcopy(old)
    new["components"][0]["modelCard"]["quantitativeAnalysis"]["performanceMetrics"][0]["value"] = "0.950"
    new["components"][0]["version"] = "2.3.1"
    new["serialNumber"] = "urn:uuid:7c1f6e52-8f0e-4c8e-9d5b-6f1f2a3b4c5d"
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    return str(tmp_path / "old.json"), str(tmp_path / "new.json"), old, new


def test_text_summary_and_exit_codes(boms: tuple[str, str, Any, Any], capsys: pytest.CaptureFixture[str]) -> None:
    old, new, _, _ = boms
    assert _main(["diff", old, new]) == 0
    out = capsys.readouterr().out
    assert out.startswith("aibom diff: 2 changes (1 model, 1 metric)")
    assert _main(["diff", old, new, "--fail-on", "any"]) == 1
    assert _main(["diff", old, new, "--fail-on", "metric"]) == 1
    assert _main(["diff", old, new, "--fail-on", "hardware, dataset"]) == 0
    assert _main(["diff", old, new, "--fail-on", "hardware,model"]) == 1
    assert _main(["diff", old, old, "--fail-on", "any"]) == 0
    assert _main(["diff", old, new, "--strict", "--fail-on", "other"]) == 1
    assert _main(["diff", old, new, "--ignore", "", "--fail-on", "other"]) == 1


def test_markdown_json_and_json_patch(boms: tuple[str, str, Any, Any], capsys: pytest.CaptureFixture[str]) -> None:
    old, new, old_document, new_document = boms
    capsys.readouterr()
    assert _main(["diff", old, new, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("### aibom diff: 2 changes")
    assert _main(["diff", old, new, "--format", "json"]) == 0
    delta = Delta.from_dict(json.loads(capsys.readouterr().out))
    assert delta.kinds() == {"model": 1, "metric": 1}
    assert _main(["diff", old, new, "--format", "json-patch"]) == 0
    patch = json.loads(capsys.readouterr().out)
    assert jsonpatch.apply_patch(old_document, patch) == new_document


def test_standard_input(boms: tuple[str, str, Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    old, new, _, _ = boms
    stdin = io.TextIOWrapper(io.BytesIO(Path(old).read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert _main(["diff", "-", new, "--fail-on", "metric"]) == 1
    assert _main(["diff", "-", "-"]) == 2


def test_usage_and_io_errors_exit_2(
    boms: tuple[str, str, Any, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _, _, _ = boms
    assert _main(["diff", old, str(tmp_path / "missing.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{not json")
    assert _main(["diff", str(tmp_path / "bad.json"), old]) == 2
    for bad in (["--fail-on", "everything"], ["--format", "html"], ["--tolerance", "-1"]):
        with pytest.raises(SystemExit) as caught:
            _main(["diff", old, old, *bad])
        assert caught.value.code == 2
