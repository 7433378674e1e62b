"""Small helpers on JSON values that the diff and the merge share."""

from __future__ import annotations

import copy
import json
import math
from typing import Any

import orjson

__all__ = ["as_number", "json_bytes", "json_copy"]


def json_bytes(value: Any, option: int = 0) -> bytes:
    """``value`` as UTF-8 JSON, through orjson with ``option`` (``OPT_INDENT_2``, ``OPT_SORT_KEYS``,
    ``OPT_APPEND_NEWLINE``).

    What orjson cannot write, an integer beyond 64 bits (aibom reads them exactly) or nesting deeper than 255
    levels, the standard library writes, in the same indentation and key order; it raises ``TypeError`` for a
    value that is not JSON data at all, as orjson does.

    >>> json_bytes({"b": 2**70, "a": [1]}, orjson.OPT_SORT_KEYS)
    b'{"a":[1],"b":1180591620717411303424}'
    """
    try:
        return orjson.dumps(value, option=option)
    except orjson.JSONEncodeError as error:
        indent = 2 if option & orjson.OPT_INDENT_2 else None
        try:
            text = json.dumps(
                value,
                indent=indent,
                separators=(",", ": ") if indent else (",", ":"),
                sort_keys=bool(option & orjson.OPT_SORT_KEYS),
                ensure_ascii=False,
            )
        except (TypeError, ValueError, RecursionError):
            raise error from None
    return (text + "\n" if option & orjson.OPT_APPEND_NEWLINE else text).encode("utf-8", "surrogatepass")


def json_copy(value: Any) -> Any:
    """A deep copy of JSON data, through orjson (several times faster than :func:`copy.deepcopy`).

    Values orjson cannot encode (an integer beyond 64 bits) are copied by :func:`copy.deepcopy`.

    >>> original = {"a": [1, {"b": 2}]}
    >>> copied = json_copy(original)
    >>> copied == original, copied["a"] is original["a"]
    (True, False)
    >>> json_copy({"big": 2**70}) == {"big": 2**70}
    True
    """
    if isinstance(value, (dict, list)):
        try:
            return orjson.loads(orjson.dumps(value))
        except TypeError:
            return copy.deepcopy(value)
    return value


def as_number(value: Any) -> float | None:
    """The finite number a JSON value states, as a float: a number, or a string that spells one; else None.

    >>> as_number("1e-3"), as_number(3), as_number(True), as_number("nan"), as_number("fast")
    (0.001, 3.0, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None
