"""Applying a delta: :func:`apply`.

Every change is located in the old document (its ``old_path``) before anything is
changed; in strict mode every old value is checked first, so a delta that does not
fit raises :class:`~aibom.diff.DeltaConflict` and nothing is half-applied. The
input is never modified.
"""

from __future__ import annotations

from typing import Any

from aibom._gc import gc_paused
from aibom._source import SourceLike
from aibom._values import json_bytes, json_copy
from aibom.bom import Bom
from aibom.diff._layout import ArrayEdit, last_token, parent_pointer, plan
from aibom.diff.change import Change
from aibom.diff.delta import Delta
from aibom.diff.errors import DeltaConflict
from aibom.errors import InvalidArgument
from aibom.io import load

__all__ = ["apply"]


def __dir__() -> list[str]:
    return __all__


_HOLE = object()


def apply(delta: Delta, old: Bom | SourceLike, *, strict: bool = True) -> Bom:
    """Apply ``delta`` to ``old`` (a :class:`~aibom.Bom` or anything :func:`aibom.load` reads); return a new Bom.

    ``apply(diff(a, b), a) == b``, and ``apply(diff(a, b).invert(), b) == a``: the
    changes the comparison ignores (volatile fields, order) are applied too.

    With ``strict=True`` (the default) each change's old value must be found at its
    location, else :class:`~aibom.diff.DeltaConflict` names the location, the value
    the delta expected and the one found. ``strict=False`` applies without checking
    old values (a change whose location does not exist still raises).

    >>> import aibom
    >>> from aibom.diff import Delta, apply, diff
    >>> a = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...      "components": [{"type": "library", "name": "numpy", "version": "1.26.0"}]}
    >>> b = {**a, "components": [{"type": "library", "name": "numpy", "version": "2.0.0"}]}
    >>> apply(diff(a, b), a) == aibom.load(b)
    True
    >>> c = {**a, "components": [{"type": "library", "name": "numpy", "version": "1.25.0"}]}
    >>> apply(diff(a, b), c)
    Traceback (most recent call last):
    ...
    aibom.diff.errors.DeltaConflict: /components/0/version: the delta does not apply: found "1.25.0" (expected "1.26.0")
    """
    if not isinstance(delta, Delta):
        raise InvalidArgument(
            f"expected a Delta, got {type(delta).__name__}", expected="an aibom.Delta (see aibom.diff)"
        )
    with gc_paused():
        bom = load(old)
        document = bom.document
        layout = plan((*delta.changes, *delta.ignored))
        resolver = _Resolver(document)
        located = [(change, resolver.container(parent_pointer(change.old_path))) for change in layout.in_place]
        arrays = [(edit, resolver.array(path)) for path, edit in layout.arrays.items()]
        edits = [_check_in_place(change, container, strict) for change, container in located]
        for edit in edits:
            edit()
        # In-place edits never touch an item an array edit removes, so the order is safe; on a conflict
        # the half-edited copy is dropped.
        for edit, array in arrays:
            array[:] = _rebuild(array, edit, strict)
    return bom


class _Resolver:
    """Finds containers by JSON pointer in the untouched document (memoized)."""

    __slots__ = ("_cache", "_document")

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self._cache: dict[str, Any] = {"": document}

    def container(self, path: str) -> Any:
        found = self._cache.get(path)
        if found is not None:
            return found
        parent = self.container(parent_pointer(path))
        token = last_token(path)
        value = _child(parent, token)
        if value is _HOLE or not isinstance(value, (dict, list)):
            raise DeltaConflict(
                "the delta does not apply: there is no object or array here",
                location=path,
                expected="an object or an array",
                found="nothing" if value is _HOLE else _show(value),
            )
        self._cache[path] = value
        return value

    def array(self, path: str) -> list[Any]:
        found = self.container(path)
        if not isinstance(found, list):
            raise DeltaConflict(
                "the delta does not apply: not an array", location=path, expected="an array", found=_show(found)
            )
        return found


def _child(container: Any, token: str) -> Any:
    if isinstance(container, dict):
        return container.get(token, _HOLE)
    if isinstance(container, list) and token.isdigit() and int(token) < len(container):
        return container[int(token)]
    return _HOLE


def _check_in_place(change: Change, container: Any, strict: bool) -> Any:
    """Check one in-place change against its container and return the edit that makes it."""
    key: str | int = last_token(change.old_path)
    if isinstance(container, list):
        if not (isinstance(key, str) and key.isdigit() and int(key) < len(container)) or change.op != "replace":
            raise DeltaConflict(
                f"the delta does not apply: cannot {change.op} this array item",
                location=change.old_path,
                expected="an existing array index",
                found=f"an array of {len(container)}",
            )
        key = int(key)
    current = _child(container, str(key))
    if change.op == "add":
        if strict and current is not _HOLE:
            _conflict(change, "nothing", current)
    elif strict and (current is _HOLE or current != change.old):
        _conflict(change, _show(change.old), current)
    if change.op == "remove":
        if current is _HOLE:
            return _nothing
        return lambda: container.pop(key)
    value = json_copy(change.new)

    def put() -> None:
        container[key] = value

    return put


def _nothing() -> None:
    return None


def _rebuild(array: list[Any], edit: ArrayEdit, strict: bool) -> list[Any]:
    """The new content of ``array`` after the removals, additions and reordering of ``edit``."""
    size = len(array)
    removed: set[int] = set()
    for index, change in edit.removes:
        if index >= size or index in removed:
            _conflict(change, _show(change.old), _HOLE)
        if strict and array[index] != change.old:
            _conflict(change, _show(change.old), array[index])
        removed.add(index)
    kept = [index for index in range(size) if index not in removed]
    items: list[Any] = [_HOLE] * (len(kept) + len(edit.adds))
    for index, change in edit.adds:
        if index >= len(items) or items[index] is not _HOLE:
            raise DeltaConflict(
                "the delta does not apply: the array does not have the length the delta expects",
                location=change.old_path,
                expected=f"a position for new index {index}",
                found=f"an array of {size}",
            )
        items[index] = json_copy(change.new)
    reorder = edit.reorder
    if reorder is not None:
        order = dict(zip(reorder.old, reorder.new))
        if set(order) != set(kept) or any(j >= len(items) or items[j] is not _HOLE for j in order.values()):
            raise DeltaConflict(
                "the delta does not apply: the array does not have the items the reordering expects",
                location=reorder.old_path,
                expected=f"{len(order)} kept items",
                found=f"an array of {size}, keeping {len(kept)}",
            )
        for index in kept:
            items[order[index]] = array[index]
    else:
        source = iter(kept)
        for position, item in enumerate(items):
            if item is _HOLE:
                items[position] = array[next(source)]
    return items


def _conflict(change: Change, expected: str, found: Any) -> None:
    shown = "nothing" if found is _HOLE else _show(found)
    raise DeltaConflict(
        f"the delta does not apply: found {shown}",
        location=change.old_path,
        expected=expected,
        found=shown,
    )


def _show(value: Any, limit: int = 200) -> str:
    try:
        text = json_bytes(value).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

