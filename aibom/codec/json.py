"""CycloneDX JSON on the wire ↔ the document dict, through orjson."""

from __future__ import annotations

from typing import Any

import orjson

from aibom._gc import gc_paused
from aibom.errors import InvalidDocument

__all__ = ["decode_json", "encode_json"]

_ENCODE_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def decode_json(data: bytes | str, *, source: str) -> Any:
    """Parse JSON text, raising :class:`InvalidDocument` with the line and column of a syntax error.

    >>> decode_json(b'{"a": 1}', source="<bytes>")
    {'a': 1}
    """
    try:
        with gc_paused():
            return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        reason = str(error).rsplit(": line ", 1)[0]
        raise InvalidDocument(
            f"not valid JSON: {reason}",
            source=source,
            location=f"line {error.lineno}, column {error.colno}",
            expected="a JSON document",
        ) from None


def encode_json(document: Any) -> bytes:
    """Serialize a document as UTF-8 JSON: two-space indents, keys sorted, so equal documents give equal bytes.

    >>> encode_json({"b": 1, "a": [True]})
    b'{\\n  "a": [\\n    true\\n  ],\\n  "b": 1\\n}\\n'
    """
    return orjson.dumps(document, option=_ENCODE_OPTIONS)
