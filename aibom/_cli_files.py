"""What the commands share about their file arguments: ``-`` for standard input, output formats by suffix, and
telling whether an output would overwrite an input."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

__all__ = ["format_of", "input_source", "same_file"]


def input_source(name: str) -> bytes | Path:
    """What :func:`aibom.load` reads for a file argument: standard input's bytes for ``-``, else the path.

    >>> input_source("bom.json")
    PosixPath('bom.json')
    """
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name)


def format_of(name: str) -> Literal["json", "xml"] | None:
    """The output format a file name asks for by its suffix, or None.

    >>> format_of("bom.cdx.XML"), format_of("bom.json"), format_of("-")
    ('xml', 'json', None)
    """
    suffix = Path(name).suffix.lower()
    return "xml" if suffix == ".xml" else "json" if suffix == ".json" else None


def same_file(first: str, second: str) -> bool:
    """Whether two paths name one existing file (through links too); False when either does not exist.

    >>> same_file("README.md", "./README.md"), same_file("README.md", "missing.json")
    (True, False)
    """
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False
