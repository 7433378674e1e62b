"""Reading the inputs of a merge, each component written the same way in two inputs parsed once.

Two BOMs that a merge combines are mostly alike: two releases of one system, or a BOM and an edited copy. The
first JSON input is split at its top-level ``components`` (:mod:`aibom._split`) and each component
parsed; every later JSON input is split the same way, and an item whose text is byte for byte one of the
first input's is not parsed again: the later input holds the first one's parsed object. Equal text parses to an
equal value, so the merge sees the same documents as if each were parsed whole, with fewer objects to build,
compare and free. An input the split cannot take (not a JSON object of known fields, an item that does not
parse, XML, a dict, a :class:`~aibom.Bom`) is read whole, as :func:`aibom.load` would, and raises its errors.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec

from aibom._parse import parse
from aibom._shape import bom_fields
from aibom._source import Source, SourceLike, bom_ref_count, reading
from aibom._split import Split, parse_item, split_components
from aibom._values import json_bytes
from aibom.bom import Bom
from aibom.spec import SpecVersion

__all__ = ["Input", "read_inputs"]

#: The top-level arrays whose items a later input may share with the first. Not ``dependencies``: its entries are
#: small, and the two inputs' differ wherever a bom-ref was renamed, so taking the text of each costs more than it saves.
SHARED_ARRAYS: Final = ("components",)


@dataclass(slots=True)
class Input:
    """One input of a merge: its document (never modified) and what the merge learns about it."""

    source: str | None
    document: dict[str, Any]
    spec: SpecVersion
    bom_refs: int | None  # how many times "bom-ref" occurs in its JSON text
    owned: bool  # whether the document is the merge's own (parsed here), not the caller's
    xml_only: bool
    defs: set[str] = field(default_factory=set)
    mapping: dict[str, str] = field(default_factory=dict)
    doubled: dict[str, str] = field(default_factory=dict)
    inner: bool = False
    # How many times "bom-ref" occurs in the text of its component and service trees (a split input's: counted
    # in its components' texts, those it shares with the first input taken from the first input's count).
    tree_bom_refs: int | None = None
    # A later split input's: for each top-level component, the position of the first input's component whose
    # object it holds, -1 where it was parsed (None: not known).
    origin: list[int] | None = None


def read_inputs(sources: Sequence[SourceLike | Bom]) -> list[Input]:
    """Read every input, in order (see the module's docstring for what is shared).

    >>> a = b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x"}]}'
    >>> first, second = read_inputs([a, a])
    >>> first.document == second.document, first.document["components"][0] is second.document["components"][0]
    (True, True)
    """
    inputs: list[Input] = []
    with contextlib.ExitStack() as open_texts:  # the first input's raw items are views of its text
        first: _Parsed | None = None
        for source in sources:
            if isinstance(source, Bom):
                inputs.append(
                    Input(
                        source.source,
                        source.document,
                        source.spec,
                        None,
                        owned=False,
                        xml_only=source.has_xml_only_content,
                    )
                )
                continue
            raw = open_texts.enter_context(reading(source))
            parts = _split(raw, open_texts)
            parsed = _parsed(parts, first) if parts is not None else None
            if parts is None or parsed is None:
                inputs.append(_read_whole(raw))
                continue
            if first is None:
                first = parsed
            inputs.append(
                Input(
                    raw.name,
                    parsed.document,
                    parts.spec,
                    None,
                    owned=True,
                    xml_only=False,
                    tree_bom_refs=parsed.tree_bom_refs,
                    origin=parsed.origin,
                )
            )
    return inputs


def _read_whole(raw: Source) -> Input:
    parsed = parse(raw, copy_dict=False)
    return Input(
        parsed.source,
        parsed.document,
        parsed.spec,
        bom_ref_count(raw),
        owned=raw.format != "dict",
        xml_only=parsed.xml_only,
    )


def _split(raw: Source, open_texts: contextlib.ExitStack) -> Split | None:
    if raw.format != "json" or isinstance(raw.payload, dict):
        return None
    return open_texts.enter_context(split_components(raw.payload, source=raw.name, raw=SHARED_ARRAYS))


@dataclass(slots=True)
class _Parsed:
    """A split input's document, and each shared array's raw items beside their parsed values."""

    document: dict[str, Any]
    items: dict[str, tuple[list[msgspec.Raw], list[Any]]]
    counts: dict[str, int]  # how many times "bom-ref" occurs in each shared array's items
    tree_bom_refs: int
    origin: list[int] | None  # where its components come from in the first input (see Input.origin)
    by_text: dict[str, dict[bytes, int]] = field(default_factory=dict)

    def known(self, name: str) -> dict[bytes, int]:
        """Where each text of array ``name`` is (its first place), built once, for items not found in place."""
        found = self.by_text.get(name)
        if found is None:
            found = {}
            for index, raw in enumerate(self.items[name][0]):
                found.setdefault(bytes(raw), index)
            self.by_text[name] = found
        return found


def _parsed(parts: Split, first: _Parsed | None) -> _Parsed | None:
    """The document of a split input, its shared arrays' items taken from ``first`` where the text is the same;
    None when an item does not parse (the whole-document read then reports it)."""
    items: dict[str, tuple[list[msgspec.Raw], list[Any]]] = {}
    counts: dict[str, int] = {}
    origins: dict[str, list[int] | None] = {}
    try:
        for name, raws in parts.arrays.items():
            values, counts[name], origins[name] = _items(raws, name, first)
            items[name] = (raws, values)
    except (msgspec.DecodeError, RecursionError):
        return None
    document: dict[str, Any] = {}
    for name in bom_fields():
        if name in items:
            document[name] = items[name][1]
        elif name in parts.rest:
            document[name] = parts.rest[name]
    metadata = document.get("metadata")
    trees = [metadata.get("component") if isinstance(metadata, dict) else None, document.get("services")]
    tree_bom_refs = counts.get("components", 0) + json_bytes(trees).count(_BOM_REF)
    return _Parsed(document, items, counts, tree_bom_refs, origins.get("components"))


def _items(raws: list[msgspec.Raw], name: str, first: _Parsed | None) -> tuple[list[Any], int, list[int] | None]:
    """Each item parsed, or the first input's value where it has the same text: looked for near the place after
    the last one found (the two arrays mostly in the same order, some items changed, added, removed or moved a
    little), and, once that has failed a few times in a row, also by text. Each of the first input's values is
    given once: two equal items of one input stay two objects, as when each is parsed. Also returns how many
    times "bom-ref" occurs in the items' text, and for each item the place of the first input's that it is (-1:
    parsed; None for the first input itself)."""
    if first is None or name not in first.items:
        return (*_parse_all(raws), None)
    theirs, values = first.items[name]
    count = len(theirs)
    given = bytearray(count)
    found: list[Any] = [None] * len(raws)
    origin = [-1] * len(raws)
    unknown: list[int] = []  # the places of the items to parse
    position = 0  # where the next item is expected in the first input's array
    misses = 0
    for place, raw in enumerate(raws):
        index = -1
        if position < count and theirs[position] == raw and not given[position]:
            index = position  # the usual case
        else:
            for near in (
                *range(position + 1, min(position + _NEAR, count)),
                *range(max(0, position - _NEAR), position),
            ):
                if theirs[near] == raw and not given[near]:
                    index = near
                    break
            else:
                misses += 1
                if misses >= _NEAR or name in first.by_text:  # out of step (many changes, another order): by text
                    index = first.known(name).get(bytes(raw), -1)
                    if index >= 0 and given[index]:
                        index = -1
        if index < 0:
            unknown.append(place)
            continue
        given[index] = 1
        misses = 0
        position = index + 1
        found[place] = values[index]
        origin[place] = index
    parsed, bom_refs = _parse_all([raws[place] for place in unknown])
    for place, value in zip(unknown, parsed, strict=True):
        found[place] = value
    # The shared items' bom-refs are the first input's, less those of its items this input does not share.
    bom_refs += first.counts[name] - sum(
        bytes(theirs[index]).count(_BOM_REF) for index in range(count) if not given[index]
    )
    return found, bom_refs, origin


def _parse_all(raws: list[msgspec.Raw]) -> tuple[list[Any], int]:
    """The items parsed, a few hundred per call (fewer calls, the same values), and how many times "bom-ref"
    occurs in their text."""
    parsed: list[Any] = []
    bom_refs = 0
    for start in range(0, len(raws), _BATCH):
        text = _array(raws[start : start + _BATCH])
        bom_refs += text.count(_BOM_REF)  # (no occurrence spans two items: the pattern holds no comma)
        parsed += parse_item(text)
    return parsed, bom_refs


def _array(items: list[msgspec.Raw]) -> bytes:
    """The JSON array of the items' texts, copied once (the brackets go onto the first and last item)."""
    if len(items) == 1:
        return b"[" + items[0] + b"]"
    return b",".join([b"[" + items[0], *items[1:-1], bytes(items[-1]) + b"]"])


#: How many items of the first input are parsed in one call.
_BATCH: Final = 256
_BOM_REF: Final = b'"bom-ref"'
#: How many places around the expected one :func:`_items` looks for an item's text before it looks it up.
_NEAR: Final = 8
