"""One difference between two BOMs: :class:`Change`.

>>> change = Change("model", "replace", "/components/0/version", "/components/0/version", "1.0", "1.1",
...                 component="model:sentiment", subject="version")
>>> change.inverted().old, change.inverted().new
('1.1', '1.0')
>>> Change.from_dict(change.to_dict()) == change
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from aibom.errors import InvalidDocument

__all__ = ["OPS", "Change"]


def __dir__() -> list[str]:
    return __all__


OPS: Final = ("add", "remove", "replace", "reorder", "rename")
"""What a change does.

* ``add``: ``new`` appears at ``new_path``; ``old_path`` is where it goes in the old document (the
  parent's pointer and the key, or ``/-`` for an array item).
* ``remove``: ``old`` at ``old_path`` is gone; ``new_path`` is where it was, in the new document's terms.
* ``replace``: ``old`` at ``old_path`` became ``new`` at ``new_path``.
* ``reorder``: the array at ``old_path`` keeps its items in another order: ``old[k]`` is the old index
  and ``new[k]`` the new index of the k-th kept item.
* ``rename``: informational, the component at ``old_path`` (labelled ``old``) is the one at
  ``new_path`` (labelled ``new``) under another identity: the two share a hash. The field changes
  that make the rename are separate ``replace`` changes.
"""

_INVERSE_OP: Final = {"add": "remove", "remove": "add", "replace": "replace", "reorder": "reorder", "rename": "rename"}
_FIELDS: Final = ("kind", "op", "old_path", "new_path", "old", "new", "component", "subject")


@dataclass(frozen=True, slots=True)
class Change:
    """One change: its kind, what it does, where it is in both documents and the two values.

    :param kind: one of :data:`aibom.diff.KINDS` (``model``, ``metric``, ``quantization``, ...).
    :param op: one of :data:`OPS`.
    :param old_path: JSON pointer in the old document.
    :param new_path: JSON pointer in the new document.
    :param old: the old value (None for ``add``).
    :param new: the new value (None for ``remove``).
    :param component: the identity label of the component the change is in (its ``bom-ref``, else purl,
        else type and name), or None outside components.
    :param subject: a readable path to what changed from that component (or from the document), with
        array items named by their key: ``modelCard.properties[aibom:quantization:method].value``.

    Values are JSON data (dicts, lists, strings, numbers, booleans, None); treat them as read-only.
    """

    kind: str
    op: str
    old_path: str
    new_path: str
    old: Any = None
    new: Any = None
    component: str | None = None
    subject: str | None = None

    def inverted(self) -> Change:
        """The change that undoes this one."""
        return Change(
            self.kind,
            _INVERSE_OP[self.op],
            self.new_path,
            self.old_path,
            self.new,
            self.old,
            self.component,
            self.subject,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (every field, ``null`` included)."""
        return {
            "kind": self.kind,
            "op": self.op,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "old": self.old,
            "new": self.new,
            "component": self.component,
            "subject": self.subject,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, location: str = "") -> Change:
        """Read what :meth:`to_dict` wrote; raises :class:`~aibom.errors.InvalidDocument` naming the field."""
        if not isinstance(data, Mapping):
            raise InvalidDocument(
                "a change is not an object", source="<delta>", location=location, expected="an object"
            )
        for name in ("kind", "op", "old_path", "new_path"):
            if not isinstance(data.get(name), str):
                raise InvalidDocument(
                    f"{name} is missing or not a string",
                    source="<delta>",
                    location=f"{location}/{name}",
                    expected="a string",
                )
        if data["op"] not in OPS:
            raise InvalidDocument(
                f"unknown op {data['op']!r}", source="<delta>", location=f"{location}/op", expected=" | ".join(OPS)
            )
        for name in ("component", "subject"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise InvalidDocument(
                    f"{name} is not a string",
                    source="<delta>",
                    location=f"{location}/{name}",
                    expected="a string or null",
                )
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise InvalidDocument(
                f"unknown field {min(unknown)!r}",
                source="<delta>",
                location=location,
                expected=", ".join(_FIELDS),
            )
        return cls(
            data["kind"],
            data["op"],
            data["old_path"],
            data["new_path"],
            data.get("old"),
            data.get("new"),
            data.get("component"),
            data.get("subject"),
        )
