"""CycloneDX JSON on the wire ↔ the document dict: read through msgspec, written through orjson."""

from __future__ import annotations

import mmap
from typing import Any

import msgspec
import orjson

from aibom._gc import gc_paused
from aibom._values import json_bytes
from aibom.errors import InvalidDocument

Buffer = bytes | bytearray | memoryview | mmap.mmap

__all__ = ["decode_json", "encode_json"]

_ENCODE_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


_DECODER = msgspec.json.Decoder()


def decode_json(data: Buffer | str, *, source: str) -> Any:
    """Parse JSON text (bytes, str or a mapped file), raising :class:`InvalidDocument` with the line and column
    of a syntax error.

    msgspec parses a large BOM about 15 % faster than orjson and keeps integers beyond 64 bits exact (orjson
    turns them into floats). What it refuses, orjson parses again: it names the line and column of a syntax error,
    and it accepts nesting up to 1,024 levels where msgspec stops at Python's recursion limit.

    >>> decode_json(b'{"a": 1}', source="<bytes>")
    {'a': 1}
    """
    try:
        with gc_paused():
            return _DECODER.decode(data)
    except (msgspec.DecodeError, RecursionError):
        pass
    view = memoryview(data) if not isinstance(data, (bytes, str)) else data
    try:
        with gc_paused():
            return orjson.loads(view)
    except orjson.JSONDecodeError as error:
        reason = str(error).rsplit(": line ", 1)[0]
        raise InvalidDocument(
            f"not valid JSON: {reason}",
            source=source,
            location=f"line {error.lineno}, column {error.colno}",
            expected="a JSON document",
        ) from None
    finally:
        if isinstance(view, memoryview):
            view.release()


def encode_json(document: Any) -> bytes:
    """Serialize a document as UTF-8 JSON: two-space indents, keys sorted, so equal documents give equal bytes.

    >>> encode_json({"b": 1, "a": [True]})
    b'{\\n  "a": [\\n    true\\n  ],\\n  "b": 1\\n}\\n'
    """
    return json_bytes(document, _ENCODE_OPTIONS)
