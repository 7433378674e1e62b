"""``aibom merge IN... -o OUT``: policies, three-way merges, the conflict report and exit codes (0 merged, 1 a
conflict left unresolved, 2 usage or I/O)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SHIPPED_EXAMPLE

import aibom
from aibom.cli import main


@pytest.fixture
def releases(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """The shipped example and a release of it with another model version and weights hash."""
    old: dict[str, Any] = json.loads(SHIPPED_EXAMPLE.read_text())
    new = copy.deepcopy(old)
    new["components"][0]["version"] = "2.4.0"
    new["components"][0]["hashes"][0]["content"] = "ab" * 32
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    return tmp_path / "old.json", tmp_path / "new.json", new


def test_default_policy_fails_and_writes_nothing(
    releases: tuple[Path, Path, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, _ = releases
    out = tmp_path / "merged.json"
    assert main(["merge", str(old), str(new), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "/components/0/version" in err and '"2.4.0"' in err and "unresolved" in err
    assert not out.exists()


def test_a_policy_resolves_writes_a_valid_bom_and_reports_the_conflicts(
    releases: tuple[Path, Path, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, _ = releases
    before = old.read_bytes(), new.read_bytes()
    out, report = tmp_path / "merged.xml", tmp_path / "conflicts.json"
    assert main(["merge", str(old), str(new), "-o", str(out), "--policy", "prefer-newest",
                 "--conflicts", str(report)]) == 0
    assert (old.read_bytes(), new.read_bytes()) == before
    merged = aibom.load(out)
    assert merged.source_format == "xml" and aibom.validate(merged).ok
    model = merged.document["components"][0]
    assert (model["version"], model["hashes"][0]["content"]) == ("2.4.0", "ab" * 32)
    conflicts = json.loads(report.read_text())["conflicts"]
    assert {c["location"] for c in conflicts} == {"/components/0/version", "/components/0/hashes/0/content"}
    assert all(c["chosen"] == 1 and c["resolution"] == "prefer-newest" for c in conflicts)
    assert "prefer-newest took input 1" in capsys.readouterr().err


def test_three_way_takes_one_sides_change_without_a_conflict(
    releases: tuple[Path, Path, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, _ = releases
    out = tmp_path / "merged.json"
    assert main(["merge", str(old), str(new), "--base", str(old), "-o", str(out)]) == 0
    assert aibom.load(out).document["components"][0]["version"] == "2.4.0"
    assert "conflict" not in capsys.readouterr().err


def test_standard_output_and_hierarchical(
    releases: tuple[Path, Path, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, _ = releases
    assert main(["merge", str(old), str(new), "-o", "-", "--hierarchical", "--policy", "prefer-last"]) == 0
    merged = aibom.load(capsys.readouterr().out.encode())
    assert aibom.validate(merged).ok
    assert "component" not in merged.document["metadata"]
    # both inputs describe the same system, so they share one parent: their metadata component
    [parent] = merged.document["components"]
    assert parent["bom-ref"] == "sentiment-service"
    assert [(c["name"], c.get("version")) for c in parent["components"]][0] == ("sentiment-7b-awq", "2.4.0")


def test_usage_and_io_errors_exit_2(releases: tuple[Path, Path, Any], tmp_path: Path) -> None:
    old, new, _ = releases
    before = old.read_bytes()
    assert main(["merge", str(old), str(new), "-o", str(old), "--policy", "prefer-last"]) == 2
    assert old.read_bytes() == before
    assert main(["merge", str(tmp_path / "missing.json"), str(new), "-o", str(tmp_path / "m.json")]) == 2
    (tmp_path / "junk.json").write_text("{not json")
    assert main(["merge", str(tmp_path / "junk.json"), str(new), "-o", str(tmp_path / "m.json")]) == 2
    assert main(["merge", "-", "-", "-o", str(tmp_path / "m.json")]) == 2
    assert not (tmp_path / "m.json").exists()
    with pytest.raises(SystemExit) as exit_info:
        main(["merge", str(old), "-o", "x.json", "--policy", "coin-flip"])
    assert exit_info.value.code == 2


def test_diff_is_a_command_of_the_main_parser(releases: tuple[Path, Path, Any],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    old, new, _ = releases
    assert main(["diff", str(old), str(new), "--fail-on", "model"]) == 1
    assert '"2.3.0" → "2.4.0"' in capsys.readouterr().out
    assert main(["diff", str(old), str(old), "--fail-on", "any"]) == 0

