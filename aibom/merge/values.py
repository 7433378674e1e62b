"""Merging the values of one element from several inputs, field by field, two-way or three-way.

Values are JSON data. Where every input that has a value agrees, that value is taken whole (a C-speed equality
test, so unchanged elements cost nothing). Where they differ, objects merge key by key, arrays item by item
(items paired by :mod:`aibom.merge.keys`), and differing scalars are a *conflict* the policy resolves.

Without a base, an input that lacks a field has no opinion about it. With a base (three-way), a value equal to
the base's is *unchanged* and a missing one is *removed*: a change on one side is taken, identical changes on
several sides are taken once, and only different changes to the same field are conflicts.

>>> engine = Engine(sides=2, three_way=True, policy=Policy.PREFER_FIRST, timestamps=[None, None])
>>> base = {"name": "m", "version": "1", "tags": ["a", "b"]}
>>> ours = {"name": "m", "version": "2", "tags": ["a", "b"]}
>>> theirs = {"name": "m", "version": "1", "tags": ["b", "c"]}
>>> engine.merge([ours, theirs, base], ANY, None, None, Owner("component m"))
{'name': 'm', 'version': '2', 'tags': ['b', 'c']}
>>> engine.conflicts
[]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from aibom._pointer import pointer
from aibom._shape import Shape
from aibom.merge.keys import ATOMIC_KEYS, ORDERED_KEYS, align, fast_field, pair_two, same_sequence, unite
from aibom.merge.policy import Policy, newest_first
from aibom.merge.refs import definition_keys, definitions, rewrite, rewrite_holder
from aibom.merge.result import MISSING, Conflict

__all__ = ["ANY", "Engine", "Link", "Owner", "Planner", "link_pointer"]


def __dir__() -> list[str]:
    return __all__


ANY = Shape()
"""The shape of a value the schema says nothing about (an extension): merged generically, holds no references."""
ANY._finalized = True

_NONE: dict[str, Any] = {}  # what a missing or non-object value holds (read only)

Link = tuple[Any, str | int] | None
"""A location as a chain ``(parent link, token)``; ``None`` is the document root."""


def link_pointer(link: Link, prefix: Sequence[str | int] = ()) -> str:
    """The JSON pointer of a link chain.

    >>> link_pointer(((None, "components"), 3))
    '/components/3'
    """
    tokens: list[str | int] = []
    while link is not None:
        link, token = link
        tokens.append(token)
    return pointer([*prefix, *reversed(tokens)])


@dataclass(frozen=True, slots=True)
class Owner:
    """The element a value belongs to: its label for conflict reports, and (for a component or a service) the
    version each input gives it, which ``prefer-newest`` compares."""

    label: str
    versions: Mapping[int, Any] | None = None


class PendingConflict:
    """A conflict found while merging, before its location is known in full (a plain class: a merge of two
    releases meets thousands)."""

    __slots__ = ("base", "chosen", "link", "owner", "sources", "values")

    def __init__(
        self, owner: Owner, link: Link, values: tuple[Any, ...], sources: tuple[int, ...], base: Any, chosen: int | None
    ) -> None:
        self.owner = owner
        self.link = link
        self.values = values
        self.sources = sources
        self.base = base
        self.chosen = chosen

    def finish(self, resolution: str, prefix: Sequence[str | int] = (), renamed: str | None = None) -> Conflict:
        """The :class:`Conflict`, its location taken relative to ``prefix``."""
        return Conflict(
            identity=self.owner.label,
            location=link_pointer(self.link, prefix),
            values=self.values,
            sources=self.sources,
            resolution=resolution,
            chosen=None if resolution == "fail" or renamed is not None else self.chosen,
            base=self.base,
            renamed=renamed,
        )


class Engine:
    """Merges values of ``sides`` inputs (and, when ``three_way``, a base after them) and collects conflicts.

    A value list holds one entry per input, :data:`~aibom.merge.result.MISSING` where an input has none; in a
    three-way merge its last entry is the base's.
    """

    def __init__(
        self, *, sides: int, three_way: bool, policy: Policy, timestamps: Sequence[datetime | None]
    ) -> None:
        self.sides = sides
        self.three_way = three_way
        self.policy = policy
        self.timestamps = timestamps
        self.conflicts: list[PendingConflict] = []

    def merge(
        self,
        values: Sequence[Any],
        shape: Shape,
        name: str | None,
        link: Link,
        owner: Owner,
        *,
        skip: str | None = None,
    ) -> Any:
        """Merge one value (``name`` is the property that holds it; ``skip`` a key of an object left out)."""
        sides = self.sides
        if sides == 2 and not self.three_way:
            return self._merge_two(values, shape, name, link, owner, skip)
        if self.three_way:
            base = values[sides]
            candidates = [
                (source, value)
                for source in range(sides)
                if (value := values[source]) is not base and value != base
            ]
            if not candidates:
                return base
        else:
            base = MISSING
            candidates = [(source, value) for source in range(sides) if (value := values[source]) is not MISSING]
            if not candidates:
                return MISSING
        first = candidates[0][1]
        if len(candidates) == 1 or all(value == first for _, value in candidates[1:]):
            if skip is not None and type(first) is dict and skip in first:
                return {key: value for key, value in first.items() if key != skip}
            return first
        if name not in ATOMIC_KEYS:
            kinds = {type(value) for _, value in candidates}
            if base is not MISSING:
                kinds.add(type(base))
            if kinds == {dict}:
                return self._merge_object(values, shape, link, owner, skip)
            if kinds == {list} and (
                name not in ORDERED_KEYS
                or same_sequence(
                    [value for _, value in candidates] + ([] if base is MISSING else [base]),
                    shape.items or ANY,
                    name,
                )
            ):
                return self._merge_array(values, shape, name, link, owner)
        return self._conflict(candidates, base, link, owner)

    def _merge_two(
        self, values: Sequence[Any], shape: Shape, name: str | None, link: Link, owner: Owner, skip: str | None
    ) -> Any:
        """:meth:`merge` of two inputs without a base (the usual merge), without its general bookkeeping."""
        mine, other = values
        if other is MISSING or other is mine or other == mine:
            chosen = mine
        elif mine is MISSING:
            chosen = other
        else:
            if name not in ATOMIC_KEYS:
                kind = type(mine)
                if kind is dict and type(other) is dict:
                    return self._merge_object(values, shape, link, owner, skip)
                if (
                    kind is list
                    and type(other) is list
                    and (name not in ORDERED_KEYS or same_sequence([mine, other], shape.items or ANY, name))
                ):
                    return self._merge_array(values, shape, name, link, owner)
            return self._conflict([(0, mine), (1, other)], MISSING, link, owner)
        if skip is not None and type(chosen) is dict and skip in chosen:
            return {key: value for key, value in chosen.items() if key != skip}
        return chosen

    def merge_rewritten(
        self, ours: Any, theirs: Any, shape: Shape, name: str, mapping: Mapping[str, str], link: Link, owner: Owner
    ) -> Any:
        """``merge((ours, rewrite(theirs, shape, mapping)), shape, name, link, owner)`` for two inputs without a
        base, in one pass where ``shape`` is an array of reference holders keyed by one field (the dependency
        graph, an entry per component): each of the second input's items is rewritten as it is paired.

        >>> from aibom._shape import document_shape
        >>> from aibom.spec import SpecVersion
        >>> graph = document_shape(SpecVersion.V1_6).properties["dependencies"]
        >>> engine = Engine(sides=2, three_way=False, policy=Policy.FAIL, timestamps=[None, None])
        >>> ours = [{"ref": "app", "dependsOn": ["lib"]}, {"ref": "lib"}]
        >>> theirs = [{"ref": "app", "dependsOn": ["library", "np"]}, {"ref": "library"}, {"ref": "np"}]
        >>> engine.merge_rewritten(ours, theirs, graph, "dependencies", {"library": "lib"}, None, Owner(""))
        [{'ref': 'app', 'dependsOn': ['lib', 'np']}, {'ref': 'lib'}, {'ref': 'np'}]
        """
        items = shape.items
        field = fast_field(items, name) if items is not None and items.only_references else None
        if (
            field is None
            or self.three_way
            or self.sides != 2
            or type(ours) is not list
            or type(theirs) is not list
            or name in ATOMIC_KEYS
            or name in ORDERED_KEYS
        ):
            return self._merge_rewritten_apart(ours, theirs, shape, name, mapping, link, owner)
        assert items is not None
        # As _merge_array pairs them (pair_two): by the field, a string in every item, given once in each array;
        # else the two steps, which align what this cannot pair.
        try:
            where = {item[field]: index for index, item in enumerate(ours)}
        except (KeyError, TypeError, IndexError):
            where = {}
        if len(where) != len(ours) or not set(map(type, where)) <= {str}:
            return self._merge_rewritten_apart(ours, theirs, shape, name, mapping, link, owner)
        seen: set[str] = set()
        differing: list[tuple[int, Any]] = []
        added: list[Any] = []
        for item in theirs:
            other = rewrite_holder(item, items, mapping) if mapping else item
            key = other.get(field) if type(other) is dict else None
            if type(key) is not str or key in seen:
                return self._merge_rewritten_apart(ours, theirs, shape, name, mapping, link, owner)
            seen.add(key)
            index = where.get(key, -1)
            if index < 0:
                added.append(other)
            else:
                mine = ours[index]
                if other is not mine and other != mine:
                    differing.append((index, other))
        if not differing and not added:
            return ours
        merged = list(ours)
        differing.sort(key=itemgetter(0))
        for index, other in differing:
            merged[index] = self._merge_two((ours[index], other), items, None, (link, index), owner, None)
        merged += added
        return merged

    def _merge_rewritten_apart(
        self, ours: Any, theirs: Any, shape: Shape, name: str, mapping: Mapping[str, str], link: Link, owner: Owner
    ) -> Any:
        """:meth:`merge_rewritten` in its two steps (for what the one pass cannot pair)."""
        return self.merge((ours, rewrite(theirs, shape, mapping)), shape, name, link, owner)

    def _merge_object(
        self, values: Sequence[Any], shape: Shape, link: Link, owner: Owner, skip: str | None
    ) -> dict[str, Any]:
        owner = _owner_of(values, shape, owner)
        properties = shape.properties
        merged: dict[str, Any] = {}
        if len(values) == 2 and not self.three_way:
            # Two inputs, no base: a field both give alike (or one alone) is taken as it is, as merge() would;
            # the first input's fields in its order, then those only the second has.
            ours, theirs = (value if type(value) is dict else _NONE for value in values)
            merge_two = self._merge_two
            for key, mine in ours.items():
                if key == skip:
                    continue
                other = theirs.get(key, MISSING)
                if other is MISSING or other is mine or other == mine:
                    merged[key] = mine
                else:
                    result = merge_two((mine, other), properties.get(key, ANY), key, (link, key), owner, None)
                    if result is not MISSING:
                        merged[key] = result
            if not theirs.keys() <= ours.keys():
                for key, other in theirs.items():
                    if key not in ours and key != skip:
                        merged[key] = other
            return merged
        keys: dict[str, None] = {}
        for value in values:
            if type(value) is dict:
                keys.update(dict.fromkeys(value))
        for key in keys:
            if key == skip:
                continue
            child_values = [value.get(key, MISSING) if type(value) is dict else MISSING for value in values]
            result = self.merge(child_values, properties.get(key, ANY), key, (link, key), owner)
            if result is not MISSING:
                merged[key] = result
        return merged

    def _merge_array(
        self, values: Sequence[Any], shape: Shape, name: str | None, link: Link, owner: Owner
    ) -> list[Any] | Any:
        items = shape.items or ANY
        merged: list[Any] = []
        append = merged.append
        if not self.three_way and len(values) == 2:
            # Two inputs, no base: the common case, kept lean (a dependency graph has an entry per component).
            if fast_field(items, name) is None:
                united = unite(values[0], values[1])  # (a list of references, of tags, ...)
                if united is not None:
                    return united
            pairs = pair_two(values[0], values[1], items, name)
            if pairs is None:
                order, (ours, theirs) = align(values, items, name)
                assert ours is not None and theirs is not None  # (merge() sends two lists)
                pairs = [(ours.get(key, MISSING), theirs.get(key, MISSING)) for key in order]
            for mine, other in pairs:
                if mine is MISSING:
                    append(other)
                elif other is MISSING or other is mine or other == mine:
                    append(mine)
                else:
                    append(self.merge((mine, other), items, None, (link, len(merged)), owner))
            return merged
        order, indexes = align(
            [value if type(value) is list else None for value in values], items, name, base_last=self.three_way
        )
        sides = self.sides
        three_way = self.three_way
        for key in order:
            item_values = [MISSING if index is None else index.get(key, MISSING) for index in indexes]
            # The common case inline: every input that has the item agrees (three-way: and so does the base).
            first = item_values[0]
            if first is not MISSING and all(value is first or value == first for value in item_values[1:]):
                append(first)
                continue
            if not three_way and sum(value is not MISSING for value in item_values[:sides]) == 1:
                append(next(value for value in item_values if value is not MISSING))
                continue
            result = self.merge(item_values, items, None, (link, len(merged)), owner)
            if result is not MISSING:
                append(result)
        if not merged and not any(type(value) is list for value in values[:sides]):
            return MISSING
        return merged

    def _conflict(self, candidates: list[tuple[int, Any]], base: Any, link: Link, owner: Owner) -> Any:
        policy = self.policy
        if policy is Policy.PREFER_LAST:
            chosen: int | None = candidates[-1][0]
        elif policy is Policy.PREFER_NEWEST:
            versions = owner.versions or {}
            chosen = newest_first([(source, versions.get(source)) for source, _ in candidates], self.timestamps)[0]
        elif policy is Policy.FAIL:
            chosen = None
        elif policy is Policy.KEEP_BOTH:  # where both cannot be kept: a value rather than a removal
            chosen = next((source for source, value in candidates if value is not MISSING), candidates[0][0])
        else:
            chosen = candidates[0][0]
        sources, values = zip(*candidates, strict=True)
        self.conflicts.append(PendingConflict(owner, link, values, sources, base, chosen))
        return values[0] if chosen is None else values[sources.index(chosen)]


def _owner_of(values: Sequence[Any], shape: Shape, owner: Owner) -> Owner:
    """A new owner for an element with an identity of its own (a ``bom-ref``, or a dependency's ``ref``)."""
    if "bom-ref" not in shape.properties and shape.definition != "dependency":
        return owner
    for value in values:
        if type(value) is dict:
            ref = value.get("bom-ref")
            if type(ref) is str:
                return Owner(f"{shape.definition or 'element'} {ref}", owner.versions)
            ref = value.get("ref")
            if shape.definition == "dependency" and type(ref) is str:
                return Owner(f"dependency {ref}", owner.versions)
    return owner


class Planner:
    """Pairs the ``bom-ref`` definitions of several inputs' values structurally, as :class:`Engine` would pair
    the elements that hold them, without merging anything.

    Each entry of :attr:`aligned` lists ``(input, bom-ref)`` for one element across the inputs that have it.
    ``base_last`` (a three-way merge) says that the last value is the base's, as for :class:`Engine`.

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> formula = document_shape(SpecVersion.V1_6).properties["formulation"].items
    >>> planner = Planner()
    >>> planner.align([{"bom-ref": "f", "workflows": [{"bom-ref": "w", "name": "a"}]},
    ...                {"bom-ref": "f", "workflows": [{"bom-ref": "w", "name": "b"}, {"bom-ref": "v"}]}], formula, None)
    >>> planner.aligned
    [[(0, 'f'), (1, 'f')], [(0, 'w'), (1, 'w')], [(1, 'v')]]
    """

    def __init__(self, *, base_last: bool = False) -> None:
        self.aligned: list[list[tuple[int, str]]] = []
        self.base_last = base_last  # a three-way merge: the last value is the base's

    def align(
        self,
        values: Sequence[Any],
        shape: Shape,
        name: str | None,
        *,
        skip: str | None = None,
        record_own: bool = True,
    ) -> None:
        """Record the definitions in ``values`` (one per input, MISSING where absent), paired across inputs.

        ``skip`` is a key of the values left out, ``record_own=False`` leaves out their own ``bom-ref``.
        """
        present = [(source, value) for source, value in enumerate(values) if value is not MISSING]
        if not present:
            return
        first = present[0][1]
        if all(value == first for _, value in present[1:]):
            found = definitions(first, shape, [], skip=skip)
            if not record_own and type(first) is dict and type(first.get("bom-ref")) is str and found:
                found = found[1:]
            for ref in found:
                self.aligned.append([(source, ref) for source, _ in present])
            return
        kinds = {type(value) for _, value in present}
        if kinds == {dict}:
            if record_own and "bom-ref" in shape.properties:
                refs = [(source, value["bom-ref"]) for source, value in present if type(value.get("bom-ref")) is str]
                if refs:
                    self.aligned.append(refs)
            keys = definition_keys(shape)
            properties = shape.properties
            seen: set[str] = set()
            for _, value in present:
                for key in keys.intersection(value):
                    if key in seen or key == skip:
                        continue
                    seen.add(key)
                    self.align(
                        [v.get(key, MISSING) if type(v) is dict else MISSING for v in values], properties[key], key
                    )
            return
        elif kinds == {list}:
            items = shape.items
            if items is None or not ("bom-ref" in items.properties or definition_keys(items)):
                return
            order, indexes = align(
                [value if type(value) is list else None for value in values], items, name, base_last=self.base_last
            )
            for key in order:
                self.align([MISSING if index is None else index.get(key, MISSING) for index in indexes], items, None)
        else:
            for source, value in present:
                for ref in definitions(value, shape, []):
                    self.aligned.append([(source, ref)])

