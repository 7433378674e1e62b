"""A JSON BOM split at its top-level components: everything else parsed, each component left as raw text.

Validation and diff take a large BOM this way (:mod:`aibom.validation._streamed`,
:mod:`aibom.diff.compare`): one pass over the text parses the small part of the
document around the components and only delimits each component (a
``msgspec.Raw``, a view of the text), so that the components can then be parsed a
few at a time, or, when two documents hold the same text for a component, not at
all.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import msgspec

from aibom._gc import gc_paused
from aibom._parse import check_envelope
from aibom._shape import bom_fields
from aibom._source import Text, windows
from aibom.errors import InvalidDocument
from aibom.spec import SpecVersion

__all__ = ["Split", "parse_item", "split_components"]

parse_item = msgspec.json.Decoder().decode
"""Parse one raw item of a split array (raises ``msgspec.DecodeError``, or ``RecursionError`` past Python's
limit)."""


@dataclass(slots=True)
class Split:
    """A BOM's top level without the arrays left raw (``rest``), its version, and the raw text of each item of
    those arrays that the document has (``arrays``, by field name)."""

    rest: dict[str, Any]
    spec: SpecVersion
    arrays: dict[str, list[msgspec.Raw]]

    @property
    def components(self) -> list[msgspec.Raw] | None:
        """The raw top-level components, or None when the document has no ``components``."""
        return self.arrays.get("components")


@contextlib.contextmanager
def split_components(
    text: Text, *, source: str, utf8_checked: bool = False, raw: tuple[str, ...] = ("components",)
) -> Iterator[Split | None]:
    """Split the JSON text of a BOM for the length of a ``with`` block, leaving the items of the top-level arrays
    named in ``raw`` as raw text; None when the text is not a JSON object with only fields some CycloneDX version
    defines, lists where ``raw`` names them and a supported ``specVersion`` (the whole-tree path reports what is
    wrong).

    The parser only delimits the components, which checks their syntax but not their UTF-8: with
    ``utf8_checked`` the text is checked here (a caller that parses every component later need not ask). The raw
    components are views of the text: they are released when the block ends, so that a mapped file can close.

    >>> with split_components(b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a"}]}',
    ...                       source="<bytes>") as parts:
    ...     sorted(parts.rest), bytes(parts.arrays["components"][0])
    (['bomFormat', 'specVersion'], b'{"name": "a"}')
    """
    parts = _split(text, source, utf8_checked, raw)
    try:
        yield parts
    finally:
        if parts is not None:
            _release(parts.arrays)


def _split(text: Text, source: str, utf8_checked: bool, raw: tuple[str, ...]) -> Split | None:
    decoder, names = _envelope_decoder(raw)
    try:
        with gc_paused():
            envelope = decoder.decode(text)
    except (msgspec.DecodeError, RecursionError):
        return None
    rest: dict[str, Any] = {}
    arrays: dict[str, list[msgspec.Raw]] = {}
    for name, value in zip(names, msgspec.structs.astuple(envelope)):
        if value is not msgspec.UNSET:
            (arrays if name in raw else rest)[name] = value
    del envelope
    try:
        spec = check_envelope(rest, source=source)
    except InvalidDocument:
        spec = None
    if spec is None or (utf8_checked and not _utf8(text)):
        _release(arrays)
        return None
    return Split(rest, spec, arrays)


def _release(arrays: dict[str, list[msgspec.Raw]]) -> None:
    for items in arrays.values():
        items.clear()


def _utf8(text: Text) -> bool:
    """Whether ``text`` is valid UTF-8 (its ASCII stretches, the usual case, are checked without decoding)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for window in windows(text):
            if not (window.isascii() and not decoder.getstate()[0]):  # no sequence left open by the last window
                decoder.decode(window)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@functools.cache
def _envelope_decoder(raw: tuple[str, ...]) -> tuple[msgspec.json.Decoder[Any], tuple[str, ...]]:
    """A decoder of a BOM's top level that leaves the items of the arrays named in ``raw`` as raw text and refuses
    a field no CycloneDX version defines; and the names of its fields, in its order."""
    names = bom_fields()
    fields: list[tuple[str, Any, Any]] = [
        (f"field{number}", list[msgspec.Raw] | msgspec.UnsetType if name in raw else Any, msgspec.UNSET)
        for number, name in enumerate(names)
    ]
    envelope = msgspec.defstruct(
        "Envelope",
        fields,
        rename={f"field{number}": name for number, name in enumerate(names)},
        forbid_unknown_fields=True,
    )
    return msgspec.json.Decoder(envelope), names
