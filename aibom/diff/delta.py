"""The result of a comparison: :class:`Delta`, a tuple of :class:`~aibom.diff.Change` that is data.

A delta holds the old *and* the new value of every change, so it can be inverted
and checked against the document it is applied to, serialized as JSON
(:meth:`Delta.to_dict`), exported as an RFC 6902 JSON patch and summarized for a
reviewer.

>>> import aibom
>>> from aibom.diff import Delta, apply, diff
>>> a = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
...      "components": [{"type": "library", "name": "torch", "version": "2.1.0"}]}
>>> b = {**a, "version": 2, "components": [{"type": "library", "name": "torch", "version": "2.2.0"}]}
>>> delta = diff(a, b)
>>> bool(delta), delta.kinds()
(True, {'framework': 1})
>>> [(c.old_path, c.old, c.new) for c in delta.changes]
[('/components/0/version', '2.1.0', '2.2.0')]
>>> [c.old_path for c in delta.ignored]
['/version']
>>> Delta.from_dict(delta.to_dict()) == delta
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from aibom.diff.change import Change
from aibom.diff.concepts import KINDS
from aibom.diff.patch import json_patch
from aibom.diff.summary import render
from aibom.errors import InvalidDocument

__all__ = ["FORMAT", "FORMAT_VERSION", "Delta"]


def __dir__() -> list[str]:
    return __all__


FORMAT: Final = "aibom-delta"
"""The ``format`` field of :meth:`Delta.to_dict`."""
FORMAT_VERSION: Final = 1
"""The ``version`` field of :meth:`Delta.to_dict`; :meth:`Delta.from_dict` reads this version."""

_BASE_MODEL_WORDS: Final = ("base_model", "base-model", "basemodel", "source_model", "source-model", "parent_model")
_LINEAGE_KINDS: Final = ("lineage", "quantization", "pruning", "distillation", "model")


@dataclass(frozen=True, slots=True)
class Delta:
    """What changed between two BOMs.

    :param changes: the changes that count, grouped by the top-level field they are in (in the order the
        schema lists the fields), in document order within each.
    :param ignored: the differences the comparison does not count but :func:`~aibom.diff.apply`
        still makes, so that ``apply(diff(a, b), a) == b`` exactly: the volatile fields
        (``serialNumber``, ``metadata.timestamp``, ``version`` by default), the order of unordered
        arrays, references rewritten to follow a renamed ``bom-ref``, numbers written differently
        (``0.001`` / ``1e-3``) or within the tolerance. Empty with ``diff(..., strict=True)``.

    A delta is true when it has changes: ``if diff(old, new):`` reads naturally.
    """

    changes: tuple[Change, ...] = ()
    ignored: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def kinds(self) -> dict[str, int]:
        """How many changes of each kind, in :data:`~aibom.diff.KINDS` order (kinds with none left out)."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        order = {kind: index for index, kind in enumerate(KINDS)}
        return dict(sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))

    def of_kind(self, *kinds: str) -> tuple[Change, ...]:
        """The changes of the given kinds.

        >>> Delta((Change("metric", "replace", "/x", "/x", "0.9", "0.8"),)).of_kind("metric", "model")[0].new
        '0.8'
        """
        wanted = set(kinds)
        return tuple(change for change in self.changes if change.kind in wanted)

    @property
    def renames(self) -> tuple[Change, ...]:
        """The ``rename`` changes: components matched by a shared hash under another identity."""
        return tuple(change for change in self.changes if change.op == "rename")

    def base_model_changes(self) -> tuple[Change, ...]:
        """The changes that touch a model's base: its ``pedigree.ancestors``, or a base/source model property
        (``aibom:lineage:base_model``, ``aibom:quantization:source_model``, ...).

        >>> Delta((Change("lineage", "replace", "/components/0/pedigree/ancestors/0/name",
        ...               "/components/0/pedigree/ancestors/0/name", "llama-2", "llama-3"),)).base_model_changes()[0].new
        'llama-3'
        """
        return tuple(change for change in self.changes if _touches_base_model(change))

    def invert(self) -> Delta:
        """The delta that undoes this one: ``apply(diff(a, b).invert(), b) == a``."""
        return Delta(
            tuple(change.inverted() for change in self.changes),
            tuple(change.inverted() for change in self.ignored),
        )

    def to_json_patch(self, *, test: bool = False) -> list[dict[str, Any]]:
        """The RFC 6902 JSON patch for the old document's JSON: ``jsonpatch.apply_patch(old, patch) == new``.

        Ignored differences are included (the patch reproduces the new document
        exactly). ``test=True`` starts the patch with ``test`` operations for every
        value it replaces or removes. A JSON patch addresses array items by position
        and cannot be inverted: keep the delta to review or undo.
        """
        return json_patch((*self.changes, *self.ignored), test=test)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"format": "aibom-delta", "version": 1, "changes": [...], "ignored": [...]}``."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "changes": [change.to_dict() for change in self.changes],
            "ignored": [change.to_dict() for change in self.ignored],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Delta:
        """Read what :meth:`to_dict` wrote (``Delta.from_dict(d.to_dict()) == d``).

        Raises :class:`~aibom.errors.InvalidDocument` with the JSON pointer of what is wrong.

        >>> Delta.from_dict({"format": "aibom-delta", "version": 1, "changes": [], "ignored": []})
        Delta(changes=(), ignored=())
        """
        if not isinstance(data, Mapping):
            raise InvalidDocument("a delta is not an object", source="<delta>", location="", expected="an object")
        if data.get("format") != FORMAT:
            raise InvalidDocument("not an aibom delta", source="<delta>", location="/format", expected=f'"{FORMAT}"')
        if data.get("version") != FORMAT_VERSION:
            raise InvalidDocument(
                f"unsupported delta version {data.get('version')!r}",
                source="<delta>",
                location="/version",
                expected=str(FORMAT_VERSION),
            )
        parts: list[tuple[Change, ...]] = []
        for name in ("changes", "ignored"):
            items = data.get(name, [])
            if not isinstance(items, list):
                raise InvalidDocument(
                    f"{name} is not an array", source="<delta>", location=f"/{name}", expected="an array"
                )
            parts.append(tuple(Change.from_dict(item, location=f"/{name}/{index}") for index, item in enumerate(items)))
        return cls(parts[0], parts[1])

    def summary(self, format: Literal["text", "markdown"] = "text", *, limit: int | None = 20) -> str:
        """A summary for a reviewer: counts, a flagged base-model change, then the changes by kind, AI kinds
        first (model, lineage, quantization, ..., metrics, hyperparameters, datasets, hardware, serving),
        then frameworks, components, dependencies and the rest. ``limit`` caps the lines per kind.

        >>> print(Delta((Change("metric", "replace", "/m", "/m", "0.91", "0.93", "model:m", "accuracy test"),)).summary())
        aibom diff: 1 change (1 metric)
        <BLANKLINE>
        metric (1)
          model:m: accuracy test: "0.91" → "0.93" (+0.02)
        """
        return render(self.changes, len(self.ignored), self.base_model_changes(), format=format, limit=limit)


def _touches_base_model(change: Change) -> bool:
    if change.kind not in _LINEAGE_KINDS:
        return False
    if "/pedigree/ancestors" in change.old_path or "/pedigree/ancestors" in change.new_path:
        return True
    subject = (change.subject or "").lower()
    return any(word in subject for word in _BASE_MODEL_WORDS)
