"""Reading small kernel files (sysfs, procfs) without ever raising: a missing or unreadable file is None."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["link_name", "list_dir", "read_hex", "read_int", "read_text"]

_LIMIT = 1 << 24  # /proc/cpuinfo of a 512-thread host is ~1.5 MB; nothing we read is near 16 MB


def read_text(path: Path) -> str | None:
    """The stripped text of ``path``, or None when it is missing, unreadable, not text or empty.

    >>> read_text(Path("/nonexistent/file")) is None
    True
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(_LIMIT)
    except (OSError, ValueError):
        return None
    try:
        text = data.decode("utf-8").strip().strip("\x00").strip()
    except UnicodeDecodeError:
        return None
    return text or None


def read_int(path: Path) -> int | None:
    """The decimal integer in ``path``, or None."""
    text = read_text(path)
    if text is None:
        return None
    try:
        return int(text, 10)
    except ValueError:
        return None


def read_hex(path: Path) -> int | None:
    """The ``0x``-prefixed (or bare) hexadecimal integer in ``path``, or None."""
    text = read_text(path)
    if text is None:
        return None
    try:
        return int(text, 16)
    except ValueError:
        return None


def list_dir(path: Path) -> list[str]:
    """The sorted entry names of directory ``path``; empty when it is missing or unreadable."""
    try:
        return sorted(os.listdir(path))
    except (OSError, ValueError):
        return []


def link_name(path: Path) -> str | None:
    """The last component of the symbolic link target at ``path`` (a sysfs ``driver`` link), or None."""
    try:
        return os.path.basename(os.readlink(path)) or None
    except (OSError, ValueError):
        return None
