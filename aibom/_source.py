"""Turning what a caller hands to :func:`aibom.load` into bytes (or a dict) and a name for error messages."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias

from aibom.errors import InvalidArgument, InvalidDocument

__all__ = ["Source", "SourceLike", "read_source"]

SourceLike: TypeAlias = str | bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes] | IO[str] | dict[str, Any]

_UTF8_BOM = b"\xef\xbb\xbf"
_LEADING_SPACE = re.compile(rb"\s*")
_LEADING_SPACE_TEXT = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Source:
    """The raw input: ``payload`` is bytes for JSON and XML text, or the caller's dict."""

    name: str
    format: Literal["json", "xml", "dict"]
    payload: bytes | dict[str, Any]


def read_source(source: SourceLike) -> Source:
    """Read ``source`` without modifying it.

    A ``str`` whose first non-blank character is ``{`` or ``<`` is document
    text; any other ``str`` (and any :class:`os.PathLike`) is a file path.
    """
    if isinstance(source, dict):
        return Source("<dict>", "dict", source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _sniff(bytes(source), "<bytes>")
    if isinstance(source, str):
        start = _LEADING_SPACE_TEXT.match(source).end()  # type: ignore[union-attr]
        if source[start : start + 1] in ("{", "<", "["):
            return _sniff(source.encode("utf-8", "surrogatepass"), "<str>")
        return _read_path(Path(source))
    if isinstance(source, os.PathLike):
        return _read_path(Path(source))
    read = getattr(source, "read", None)
    if callable(read):
        name = str(getattr(source, "name", "<stream>"))
        data = read()
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        if not isinstance(data, bytes):
            raise InvalidArgument(
                f"the stream's read() returned {type(data).__name__}", source=name, expected="bytes or str"
            )
        return _sniff(data, name)
    raise InvalidArgument(
        f"cannot read a BOM from {type(source).__name__}",
        expected="a path, str, bytes, a binary file or a dict",
    )


def _read_path(path: Path) -> Source:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidArgument("no such file", source=str(path), expected="an existing file") from None
    except IsADirectoryError:
        raise InvalidArgument("is a directory", source=str(path), expected="a file") from None
    except OSError as error:
        raise InvalidArgument(f"cannot read the file: {error.strerror}", source=str(path)) from None
    return _sniff(data, str(path))


def _sniff(data: bytes, name: str) -> Source:
    data = data.removeprefix(_UTF8_BOM)
    where = _LEADING_SPACE.match(data).end()  # type: ignore[union-attr]
    first = data[where : where + 1]
    if first == b"<":
        return Source(name, "xml", data)
    if first in (b"{", b"["):
        return Source(name, "json", data)
    line = data.count(b"\n", 0, where) + 1
    column = where - (data.rfind(b"\n", 0, where) + 1) + 1
    raise InvalidDocument(
        "neither JSON nor XML" if first else "the input is empty",
        source=name,
        location=f"line {line}, column {column}",
        expected="a CycloneDX document starting with '{' (JSON) or '<' (XML)",
    )
