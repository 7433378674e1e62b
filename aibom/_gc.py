"""Pausing the cyclic garbage collector while large trees of new objects are built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the duration of the block.

    Parsing a large BOM allocates millions of dicts and lists at once; each
    allocation burst triggers collections that find nothing to free (the new
    tree is alive) and, at 100k components, cost most of the parse time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
