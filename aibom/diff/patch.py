"""RFC 6902 JSON Patch from a delta's changes.

The operations are computed against the old document's actual array indexes and
ordered so that every path is valid when its operation runs:

1. ``test`` operations (with ``test=True``), all against the untouched old document;
2. edits in place (object keys; array items replaced where they stand), in the old
   document's coordinates, before anything in an array moves;
3. array edits, deepest array first (so an array's own pointer is still the old
   one): removals from the highest index down, then ``move`` operations for a
   reordering, then additions from the lowest new index up.

A JSON patch is an export: it addresses array items by position, holds no old
values (except in ``test`` operations) and cannot be inverted; keep the delta
(:meth:`~aibom.diff.Delta.to_dict`) to review, invert or re-apply it.

>>> from aibom.diff.change import Change
>>> changes = [Change("component", "remove", "/components/0", "/components/-", {"name": "a"}, None),
...            Change("component", "add", "/components/-", "/components/1", None, {"name": "c"})]
>>> json_patch(changes)
[{'op': 'remove', 'path': '/components/0'}, {'op': 'add', 'path': '/components/1', 'value': {'name': 'c'}}]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from aibom._values import json_copy
from aibom.diff._layout import plan
from aibom.diff.change import Change

__all__ = ["json_patch"]


def __dir__() -> list[str]:
    return __all__


def json_patch(changes: Iterable[Change], *, test: bool = False) -> list[dict[str, Any]]:
    """The RFC 6902 operations that turn the old document into the new one (see the module documentation)."""
    layout = plan(changes)
    tests: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    for change in layout.in_place:
        if change.op == "add":
            edits.append({"op": "add", "path": change.old_path, "value": json_copy(change.new)})
            continue
        if test:
            tests.append({"op": "test", "path": change.old_path, "value": json_copy(change.old)})
        if change.op == "remove":
            edits.append({"op": "remove", "path": change.old_path})
        else:
            edits.append({"op": "replace", "path": change.old_path, "value": json_copy(change.new)})
    for array in sorted(layout.arrays, key=lambda path: -path.count("/")):
        edit = layout.arrays[array]
        for index, change in sorted(edit.removes, key=lambda item: -item[0]):
            if test:
                tests.append({"op": "test", "path": f"{array}/{index}", "value": json_copy(change.old)})
            edits.append({"op": "remove", "path": f"{array}/{index}"})
        if edit.reorder is not None:
            edits.extend(_moves(array, edit.reorder.old, edit.reorder.new))
        for index, change in sorted(edit.adds, key=lambda item: item[0]):
            edits.append({"op": "add", "path": f"{array}/{index}", "value": json_copy(change.new)})
    return tests + edits


def _moves(array: str, old: list[int], new: list[int]) -> list[dict[str, Any]]:
    """``move`` operations that put the kept items of an array (after its removals) in their new order.

    The items outside a longest increasing run stay; the others go to the end (highest
    position first), then into place in their new order: at most two moves per item
    that changed its place, O(n log n) to compute.
    """
    targets = [j for _, j in sorted(zip(old, new))]
    count = len(targets)
    rank = [0] * count
    for position, current in enumerate(sorted(range(count), key=targets.__getitem__)):
        rank[current] = position
    staying = _longest_increasing(rank)
    movers = [p for p in range(count) if p not in staying]
    operations: list[dict[str, Any]] = []
    for p in reversed(movers):
        if p != count - 1:
            operations.append({"op": "move", "from": f"{array}/{p}", "path": f"{array}/{count - 1}"})
    # The tail now holds the movers in descending original position.
    tail_position = {p: t for t, p in enumerate(reversed(movers))}
    remaining = _Counter(len(movers))
    head = count - len(movers)
    for placed, p in enumerate(sorted(movers, key=rank.__getitem__)):
        t = tail_position[p]
        source = head + placed + remaining.before(t)
        target = rank[p]
        if source != target:
            operations.append({"op": "move", "from": f"{array}/{source}", "path": f"{array}/{target}"})
        remaining.take(t)
    return operations


def _longest_increasing(values: list[int]) -> set[int]:
    """The positions of one longest strictly increasing subsequence of ``values`` (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[slot] = value
            tail_at[slot] = position
        previous[position] = tail_at[slot - 1] if slot else -1
    chosen: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        chosen.add(position)
        position = previous[position]
    return chosen


class _Counter:
    """A Fenwick tree over ``size`` slots, each 1 until taken: how many untaken slots precede a slot."""

    __slots__ = ("_tree",)

    def __init__(self, size: int) -> None:
        tree = [0] * (size + 1)
        for index in range(1, size + 1):
            tree[index] += 1
            parent = index + (index & -index)
            if parent <= size:
                tree[parent] += tree[index]
        self._tree = tree

    def before(self, slot: int) -> int:
        total, index = 0, slot
        while index > 0:
            total += self._tree[index]
            index -= index & -index
        return total

    def take(self, slot: int) -> None:
        index, size = slot + 1, len(self._tree) - 1
        while index <= size:
            self._tree[index] -= 1
            index += index & -index
