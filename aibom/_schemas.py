"""Where the vendored schemas live, in a wheel or in a source checkout."""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["schema_dir"]


@functools.cache
def schema_dir() -> Path:
    """Return the directory holding ``cyclonedx/`` and ``aibom/`` schema files.

    A wheel carries them as ``aibom/_schemas``; a source checkout (an editable
    install, or running the tests from the repository) has them at ``schemas/``.
    """
    packaged = Path(__file__).with_name("_schemas")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "schemas"
