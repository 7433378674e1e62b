"""Turning what a caller hands to :func:`aibom.load` into bytes (or a dict) and a name for error messages."""

from __future__ import annotations

import contextlib
import mmap
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, TypeAlias

from aibom.errors import InvalidArgument, InvalidDocument

__all__ = ["Source", "SourceLike", "Text", "bom_ref_count", "count_in", "read_source", "reading", "windows"]

SourceLike: TypeAlias = str | bytes | bytearray | memoryview | os.PathLike[str] | IO[bytes] | IO[str] | dict[str, Any]

Text: TypeAlias = bytes | mmap.mmap
"""Document text: bytes, or a read-only map of a large file (no copy of its pages into memory)."""

_UTF8_BOM = b"\xef\xbb\xbf"
# From this size on a file is mapped rather than read: copying 150 MB into a bytes object costs about a sixth of
# parsing it, and the parser reads a map as fast as bytes.
_MAP_FROM = 1 << 20
_WINDOW = 1 << 22
_LEADING_SPACE = re.compile(rb"\s*")
_LEADING_SPACE_TEXT = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Source:
    """The raw input: ``payload`` is the JSON or XML text, or the caller's dict."""

    name: str
    format: Literal["json", "xml", "dict"]
    payload: Text | dict[str, Any]


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


@contextlib.contextmanager
def reading(source: SourceLike) -> Iterator[Source]:
    """:func:`read_source` for the length of a ``with`` block: a mapped file is unmapped when the block ends,
    also when it ends with an error (an exception kept by the caller must not keep the file mapped)."""
    raw = read_source(source)
    try:
        yield raw
    finally:
        if isinstance(raw.payload, mmap.mmap):
            raw.payload.close()


def bom_ref_count(raw: Source) -> int | None:
    """How many times ``"bom-ref"`` occurs in the JSON text of ``raw`` (None for XML and dicts).

    The integrity layer and the merge compare it with the bom-refs they see, to know whether they may skip the
    parts of a document that can only define one.
    """
    if raw.format != "json" or isinstance(raw.payload, dict):
        return None
    return count_in(raw.payload, b'"bom-ref"')


def count_in(text: Text, needle: bytes) -> int:
    """How many times ``needle`` occurs in ``text`` (bytes, or a mapped file, read a few MiB at a time).

    >>> count_in(b'{"bom-ref": "a", "x": {"bom-ref": "b"}}', b'"bom-ref"')
    2
    """
    # A window running len(needle) - 1 bytes into the next holds every occurrence that starts in it and none that
    # starts after it: the windows count each occurrence once.
    return sum(window.count(needle) for window in windows(text, overlap=len(needle) - 1))


def windows(text: Text, *, overlap: int = 0) -> Iterator[bytes]:
    """``text`` in pieces: bytes whole, a mapped file a few MiB at a time (so that no copy of it is made), each
    piece running ``overlap`` bytes into the next.

    >>> [len(window) for window in windows(b"abc")]
    [3]
    """
    if isinstance(text, bytes):
        yield text
        return
    for start in range(0, len(text), _WINDOW):
        yield text[start : start + _WINDOW + overlap]


def _read_path(path: Path) -> Source:
    try:
        with path.open("rb") as file:  # opened once: a named pipe cannot be opened twice
            mapped = _map_json(file.fileno())
            data = mapped if mapped is not None else file.read()
    except FileNotFoundError:
        raise InvalidArgument("no such file", source=str(path), expected="an existing file") from None
    except IsADirectoryError:
        raise InvalidArgument("is a directory", source=str(path), expected="a file") from None
    except OSError as error:
        raise InvalidArgument(f"cannot read the file: {error.strerror}", source=str(path)) from None
    return _sniff(data, str(path))


def _map_json(descriptor: int) -> mmap.mmap | None:
    """A read-only map of a large regular JSON file; None for a small file, XML, a file that starts with a
    byte-order mark or many blanks, and what is not a regular file (pipes, devices): those are read instead."""
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or status.st_size < _MAP_FROM:
        return None
    try:
        mapped = mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    head = mapped[:4096]
    first = head[_LEADING_SPACE.match(head).end() :][:1]  # type: ignore[union-attr]
    if first in (b"{", b"["):
        return mapped
    mapped.close()
    return None


def _sniff(data: Text, name: str) -> Source:
    if isinstance(data, mmap.mmap):
        return Source(name, "json", data)
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
