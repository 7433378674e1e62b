"""What a merge returns: the merged BOM, its conflicts and its renames, and the error of ``policy="fail"``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import orjson

from aibom._values import json_bytes
from aibom.bom import Bom
from aibom.errors import AibomError

__all__ = ["MISSING", "Conflict", "MergeConflict", "MergeResult", "Missing", "Rename"]


def __dir__() -> list[str]:
    return __all__


class Missing:
    """The type of :data:`MISSING`: a value an input does not have (absent, or removed in a three-way merge)."""

    __slots__ = ()
    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = Missing()
"""Stands for "no value here": a field or element one input lacks. In a three-way merge it means *removed*.

>>> MISSING, bool(MISSING)
(MISSING, False)
"""


@dataclass(frozen=True, slots=True)
class Conflict:
    """One true conflict: the inputs disagree about one field of the same element.

    :param identity: the element the field belongs to, e.g. ``component pkg:pypi/numpy@1.26.0`` (its
        ``bom-ref``, else its purl, else ``type group/name@version``), ``service api``, ``metadata`` or the
        section (``formulation``, ``dependencies``, ...) for elements without an identity.
    :param location: JSON pointer of the field in the merged BOM (where the chosen value is, or would be).
    :param values: the disagreeing values, one per input in :attr:`sources`; :data:`MISSING` for an input
        that removed the element or field (three-way merges only).
    :param sources: the index, among the merged inputs (``boms``), of the input each value came from.
    :param base: in a three-way merge, the value in ``base`` (:data:`MISSING` when the base lacks it); in a
        two-way merge, :data:`MISSING`.
    :param resolution: how the policy settled it: ``"prefer-first"``, ``"prefer-last"``, ``"prefer-newest"``,
        ``"keep-both"``, or ``"fail"`` when nothing was chosen.
    :param chosen: the input whose value the merged BOM holds; ``None`` for ``"fail"``, and for ``"keep-both"``
        when both elements were kept.
    :param renamed: for ``"keep-both"``, the ``bom-ref`` given to the second element that was kept.

    >>> conflict = Conflict(identity="component numpy", location="/components/0/version", values=("1.0", "2.0"),
    ...                     sources=(0, 1), resolution="prefer-last", chosen=1)
    >>> print(conflict)
    /components/0/version (component numpy): input 0 "1.0" | input 1 "2.0" -> prefer-last took input 1
    """

    identity: str
    location: str
    values: tuple[Any, ...]
    sources: tuple[int, ...]
    resolution: str
    chosen: int | None = None
    base: Any = MISSING
    renamed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the conflict as JSON-ready data (a missing value is written as ``{"missing": true}``).

        >>> Conflict("metadata", "/metadata/supplier/name", ("A", MISSING), (0, 1), "fail").to_dict()["values"]
        [{'input': 0, 'value': 'A'}, {'input': 1, 'missing': True}]
        """
        data: dict[str, Any] = {
            "identity": self.identity,
            "location": self.location,
            "values": [_entry(source, value) for source, value in zip(self.sources, self.values, strict=True)],
            "resolution": self.resolution,
            "chosen": self.chosen,
        }
        if self.base is not MISSING:
            data["base"] = self.base
        if self.renamed is not None:
            data["renamed"] = self.renamed
        return data

    def __str__(self) -> str:
        shown = " | ".join(
            f"input {source} {_short(value)}" for source, value in zip(self.sources, self.values, strict=True)
        )
        base = f" (base {_short(self.base)})" if self.base is not MISSING else ""
        if self.resolution == "fail":
            outcome = "unresolved"
        elif self.resolution == "keep-both" and self.chosen is None:
            outcome = f"kept both (the second as {self.renamed!r})" if self.renamed else "kept both"
        else:
            outcome = f"{self.resolution} took input {self.chosen}"
        return f"{self.location or '/'} ({self.identity}): {shown}{base} -> {outcome}"


def _entry(source: int, value: Any) -> dict[str, Any]:
    if value is MISSING:
        return {"input": source, "missing": True}
    return {"input": source, "value": value}


def _short(value: Any, limit: int = 60) -> str:
    if value is MISSING:
        return "<missing>"
    text = json_bytes(value, orjson.OPT_SORT_KEYS).decode()
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True, slots=True)
class Rename:
    """A ``bom-ref`` of one input that the merged BOM spells differently, with every reference to it.

    ``reason`` is ``"collision"`` (another element already used the ``bom-ref``), ``"alias"`` (the same element
    had another ``bom-ref`` in an earlier input, which the merged BOM keeps) or ``"keep-both"``.

    >>> Rename(source=1, old="lib-1", new="lib-1#2", reason="collision")
    Rename(source=1, old='lib-1', new='lib-1#2', reason='collision')
    """

    source: int
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The outcome of :func:`aibom.merge`.

    :param bom: the merged BOM.
    :param conflicts: every true conflict, in document order, each with the values of all inputs and how the
        policy resolved it.
    :param renames: every ``bom-ref`` of an input that the merged BOM spells differently (the references to it
        were rewritten the same way).
    """

    bom: Bom
    conflicts: tuple[Conflict, ...] = ()
    renames: tuple[Rename, ...] = field(default=())


class MergeConflict(AibomError, ValueError):
    """``aibom.merge(..., policy="fail")`` found true conflicts; :attr:`conflicts` lists every one of them.

    >>> error = MergeConflict((Conflict("component numpy", "/components/0/version", ("1", "2"), (0, 1), "fail"),))
    >>> print(error)
    /components/0/version: 1 conflict: /components/0/version (component numpy): input 0 "1" | input 1 "2" -> unresolved (expected inputs that agree, or a policy other than "fail")
    """

    def __init__(self, conflicts: Sequence[Conflict], *, source: str | None = None) -> None:
        self.conflicts = tuple(conflicts)
        listed = "; ".join(str(conflict) for conflict in self.conflicts[:5])
        more = f" and {len(self.conflicts) - 5} more" if len(self.conflicts) > 5 else ""
        super().__init__(
            f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''}: {listed}{more}",
            source=source,
            location=self.conflicts[0].location if self.conflicts else None,
            expected='inputs that agree, or a policy other than "fail"',
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (MergeConflict, (self.conflicts,), {"source": self.source})

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        self.source = (state or {}).get("source")
