"""The runnable examples in the documentation run, and what they assert holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
RUNNABLE = ["model.md", "hardware.md", "diff.md", "merge.md"]


@pytest.mark.parametrize("page", RUNNABLE)
def test_python_examples_run(page: str) -> None:
    blocks = re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(), re.DOTALL)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, f"{page} example", "exec"), namespace)  # noqa: S102
    assert "bom" in namespace
