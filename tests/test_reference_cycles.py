"""The public operations leave no reference cycles behind.

Everything an operation builds on the way (the parsed inputs, the groups of a merge, the visitors of a
validation) must be freed when it returns. A cycle among those objects keeps whole input trees alive until the
next full garbage collection, which then pauses the caller for as long as the operation took (seconds at 100,000
components).
"""

from __future__ import annotations

import copy
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import aibom
from tests.conftest import SHIPPED_EXAMPLE


def _cycles_left_by(operation: Callable[[], Any]) -> int:
    operation()  # first use fills caches (compiled schemas, the taxonomy), which live on by design
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = operation()
        del result
        return gc.collect()
    finally:
        if was_enabled:
            gc.enable()


def _next_release(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    for component in changed.get("components", []):
        component["version"] = str(component.get("version", "0")) + ".1"
        component.setdefault("components", []).append(
            {"type": "library", "name": f"{component['name']}-extra", "version": "1.0.0"}
        )
    changed["dependencies"] = [{"ref": "nowhere", "dependsOn": ["also-nowhere"]}]
    return changed


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    old = aibom.load(SHIPPED_EXAMPLE)
    folder = tmp_path_factory.mktemp("cycles")
    new_path = folder / "new.cdx.json"
    aibom.dump(aibom.load(_next_release(old.document)), new_path)
    return SHIPPED_EXAMPLE, new_path


OPERATIONS: dict[str, Callable[[Path, Path], Any]] = {
    "load": lambda old, new: aibom.load(old),
    "dumps xml": lambda old, new: aibom.dumps(aibom.load(old), format="xml"),
    "load xml": lambda old, new: aibom.load(aibom.dumps(aibom.load(old), format="xml")),
    "validate": lambda old, new: aibom.validate(new),
    "validate schema": lambda old, new: aibom.validate(new, checks="schema"),
    "validate integrity": lambda old, new: aibom.validate(new, checks="integrity"),
    "validate ai": lambda old, new: aibom.validate(new, checks="ai"),
    "diff": lambda old, new: aibom.diff(old, new),
    "diff and apply": lambda old, new: aibom.apply(aibom.diff(old, new), aibom.load(old)),
    "diff summary and patch": lambda old, new: (
        aibom.diff(old, new).summary("markdown"),
        aibom.diff(old, new).invert().to_json_patch(),
    ),
    "merge": lambda old, new: aibom.merge(old, new, policy="prefer-last"),
    "merge keep-both": lambda old, new: aibom.merge(old, new, policy="keep-both"),
    "merge three-way": lambda old, new: aibom.merge(new, old, base=old, policy="prefer-first"),
    "merge hierarchical": lambda old, new: aibom.merge(old, new, hierarchical=True, policy="prefer-last"),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_the_operation_leaves_no_reference_cycles(name: str, files: tuple[Path, Path]) -> None:
    old, new = files
    assert _cycles_left_by(lambda: OPERATIONS[name](old, new)) == 0


def test_the_check_itself_sees_a_cycle() -> None:
    def make_cycle() -> list[Any]:
        ring: list[Any] = []
        ring.append(ring)
        return ring

    assert _cycles_left_by(make_cycle) == 1
