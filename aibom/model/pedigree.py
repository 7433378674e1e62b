"""Lineage of a component (``pedigree``): base models, fine-tunes, quantizations, patches.

For a model, ``ancestors`` are the base model(s) it was fine-tuned from and
``descendants`` known fine-tunes or quantizations.  The structure is the same in
CycloneDX 1.5, 1.6 and 1.7.

>>> from aibom.model import Component, ComponentType, Pedigree
>>> base = Component(type=ComponentType.MACHINE_LEARNING_MODEL, name="meta-llama/Llama-3.2-3B")
>>> Pedigree(ancestors=(base,)).to_json()
{'ancestors': [{'type': 'machine-learning-model', 'name': 'meta-llama/Llama-3.2-3B'}]}
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aibom.model._element import Element, element
from aibom.model.common import Attachment

if TYPE_CHECKING:  # Component contains Pedigree; the codec resolves the name at first use.
    from aibom.model.component import Component

__all__ = ["Commit", "Diff", "Patch", "PatchType", "Pedigree"]


def __dir__() -> list[str]:
    return __all__


class PatchType(enum.StrEnum):
    """``patch.type``.  On read an unknown value stays a plain ``str``."""

    UNOFFICIAL = "unofficial"
    MONKEY = "monkey"
    BACKPORT = "backport"
    CHERRY_PICK = "cherry-pick"


@element
class Commit(Element):
    """A commit (``commit``); ``author`` and ``committer`` are raw ``identifiableAction`` mappings."""

    uid: str | None = None
    url: str | None = None
    author: Mapping[str, Any] | None = None
    committer: Mapping[str, Any] | None = None
    message: str | None = None


@element
class Diff(Element):
    """The changes of a patch (``diff``): inline ``text`` and/or a ``url``."""

    text: Attachment | None = None
    url: str | None = None


@element
class Patch(Element):
    """A patch applied to a component (``patch``); ``resolves`` items are raw ``issue`` mappings."""

    type: PatchType | str | None
    diff: Diff | None = None
    resolves: tuple[Mapping[str, Any], ...] = ()


@element
class Pedigree(Element):
    """Where a component came from (``pedigree``)."""

    ancestors: tuple[Component, ...] = ()
    descendants: tuple[Component, ...] = ()
    variants: tuple[Component, ...] = ()
    commits: tuple[Commit, ...] = ()
    patches: tuple[Patch, ...] = ()
    notes: str | None = None
