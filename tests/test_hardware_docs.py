"""The Python examples of docs/hardware.md run, and the JSON shown there is what aibom writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "hardware.md"


def test_python_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(), re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, f"{PAGE.name} example", "exec"), namespace)  # noqa: S102
        assert "bom" in namespace


def test_the_json_shown_is_what_the_example_writes() -> None:
    text = PAGE.read_text()
    example = re.findall(r"```python\n(.*?)```", text, re.DOTALL)[1]
    namespace: dict[str, object] = {}
    exec(compile(example, f"{PAGE.name} example", "exec"), namespace)  # noqa: S102
    written = namespace["component"].to_json()  # type: ignore[attr-defined]
    shown = json.loads(re.findall(r"```json\n(.*?)```", text, re.DOTALL)[0])
    assert written == shown
