"""Sorting a delta's changes into in-place edits and per-array edits (shared by apply and the JSON patch).

Every change is addressed in the *old* document's coordinates (``old_path``), so
all of them can be located before anything moves. Array items that come and go
(``add`` with ``old_path`` ending in ``/-``, ``remove`` with ``new_path`` ending in
``/-``) and ``reorder`` changes are grouped by their array; everything else
(object keys, and array items replaced where they stand) is an in-place edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from aibom._pointer import split_pointer
from aibom.diff.change import Change
from aibom.diff.errors import DeltaConflict

__all__ = ["ArrayEdit", "Plan", "last_token", "parent_pointer", "plan"]


@dataclass(slots=True)
class ArrayEdit:
    """What happens to one array: items removed (old index), added (new index), and the new order."""

    removes: list[tuple[int, Change]] = field(default_factory=list)
    adds: list[tuple[int, Change]] = field(default_factory=list)
    reorder: Change | None = None


@dataclass(slots=True)
class Plan:
    """A delta sorted for application: in-place edits, then array edits by the array's old pointer."""

    in_place: list[Change]
    arrays: dict[str, ArrayEdit]


def parent_pointer(path: str) -> str:
    """The pointer of the container of ``path``.

    >>> parent_pointer("/components/3/version")
    '/components/3'
    """
    return path.rpartition("/")[0]


def last_token(path: str) -> str:
    """The unescaped last token of a pointer.

    >>> last_token("/properties/a~1b")
    'a/b'
    """
    tokens = split_pointer(path)
    return tokens[-1] if tokens else ""


def _index(token: str) -> int | None:
    if token == "0" or (token[:1] in "123456789" and token.isdigit() and token.isascii()):
        return int(token)
    return None


def plan(changes: Iterable[Change]) -> Plan:
    """Sort ``changes`` (``rename`` changes carry no edit and are skipped)."""
    in_place: list[Change] = []
    arrays: dict[str, ArrayEdit] = {}
    for change in changes:
        op = change.op
        if op == "rename":
            continue
        if op == "reorder":
            edit = arrays.setdefault(change.old_path, ArrayEdit())
            if edit.reorder is not None:
                raise DeltaConflict("two reorder changes for one array", location=change.old_path)
            _check_reorder(change)
            edit.reorder = change
            continue
        old_last = change.old_path.rpartition("/")[2]
        new_last = change.new_path.rpartition("/")[2]
        if op == "add" and old_last == "-" and (j := _index(new_last)) is not None:
            arrays.setdefault(parent_pointer(change.old_path), ArrayEdit()).adds.append((j, change))
        elif op == "remove" and new_last == "-" and (i := _index(old_last)) is not None:
            arrays.setdefault(parent_pointer(change.old_path), ArrayEdit()).removes.append((i, change))
        elif not change.old_path:
            raise DeltaConflict(f"a {op} change cannot address the whole document", location="")
        else:
            in_place.append(change)
    return Plan(in_place, arrays)


def _check_reorder(change: Change) -> None:
    old, new = change.old, change.new
    if (
        not isinstance(old, list)
        or not isinstance(new, list)
        or len(old) != len(new)
        or not all(type(i) is int and i >= 0 for i in old)
        or not all(type(j) is int and j >= 0 for j in new)
        or len(set(old)) != len(old)
        or len(set(new)) != len(new)
    ):
        raise DeltaConflict(
            "a reorder change needs two equally long lists of distinct array indexes",
            location=change.old_path,
            expected="old: [i, ...], new: [j, ...]",
        )
