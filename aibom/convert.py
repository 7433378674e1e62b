"""Rewriting a document for another CycloneDX version, reporting every field the target cannot express.

The version gates come from the official schemas themselves: a key that the
source version's schema defines at some place but the target's does not, or an
enum value the target does not list, cannot be written in the target version.
"""

from __future__ import annotations

from typing import Any

from aibom._pointer import pointer, split_pointer
from aibom._shape import Shape, document_shape
from aibom.errors import InvalidDocument
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion
from aibom.validation.schema import check_json

__all__ = ["convert_document"]

_ANYTHING = Shape()
_ANYTHING._finalized = True
_MAX_DEPTH = 900
_DROP = object()
# An enum value the target lacks usually sits in a required field (a component's type, a reference's type):
# the enclosing list item is left out whole rather than written without it.
_DROP_ITEM = object()


def convert_document(
    document: dict[str, Any], source: SpecVersion, target: SpecVersion
) -> tuple[dict[str, Any], list[Finding]]:
    """Return a copy of ``document`` for version ``target`` and the findings for what it had to leave out.

    The input is never modified. Each finding has code ``inexpressible``, the
    JSON pointer of the value in the source document, and a reason.

    >>> doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...        "components": [{"type": "library", "name": "x", "tags": ["a"]}]}
    >>> converted, lost = convert_document(doc, SpecVersion.V1_6, SpecVersion.V1_5)
    >>> converted["components"], [f.location for f in lost]
    ([{'type': 'library', 'name': 'x'}], ['/components/0/tags'])
    """
    findings: list[Finding] = []
    walker = _Converter(target, findings)
    converted = walker.convert(document, document_shape(source), document_shape(target), [], 0)
    assert isinstance(converted, dict)
    converted["specVersion"] = target.value
    if "$schema" in converted:
        converted["$schema"] = target.schema_url
    if source != target and not check_json(document, source):
        _prune_structural_changes(converted, target, findings)
    return converted, findings


_MAX_PRUNING_ROUNDS = 8


def _prune_structural_changes(document: dict[str, Any], target: SpecVersion, findings: list[Finding]) -> None:
    """Leave out what the target's schema rejects although every key and enum value exists in it.

    A few changes between versions are in the structure, not in the names: 1.7 lets
    a component's ``licenses`` mix license objects and expressions, 1.5 and 1.6 do
    not; 1.7's IKEv2 transform types are objects where 1.6 has reference strings.
    The source document was valid in its own version, so whatever the target's
    schema rejects now is what the conversion cannot express.
    """
    for _ in range(_MAX_PRUNING_ROUNDS):
        errors = check_json(document, target)
        if not errors:
            return
        locations = sorted({error.location for error in errors}, key=_pruning_order)
        removed: list[str] = []
        for location in locations:
            if not location or any(location.startswith(done + "/") for done in removed):
                continue
            if _remove(document, location):
                removed.append(location)
                findings.append(
                    Finding(
                        "inexpressible",
                        Severity.WARNING,
                        location,
                        f"this value has no form valid in CycloneDX {target.value} (location in the converted document)",
                    )
                )
        if not removed:
            return


def _pruning_order(location: str) -> tuple[int, list[tuple[int, int | str]]]:
    # Shallow locations first (removing a parent covers its children); among siblings in a list, the last first,
    # so that removing one item does not shift the indices of the others still to remove.
    tokens = split_pointer(location)
    return (len(tokens), [(0, -int(t)) if t.isdigit() else (1, t) for t in tokens])


def _remove(document: dict[str, Any], location: str) -> bool:
    *parents, last = split_pointer(location)
    container: Any = document
    for token in parents:
        container = container[int(token)] if isinstance(container, list) else container.get(token)
        if container is None:
            return False
    if isinstance(container, list) and last.isdigit() and int(last) < len(container):
        del container[int(last)]
        return True
    if isinstance(container, dict) and last in container:
        del container[last]
        return True
    return False


class _Converter:
    def __init__(self, target: SpecVersion, findings: list[Finding]) -> None:
        self._target = target
        self._findings = findings

    def convert(self, value: Any, source: Shape, target: Shape, path: list[str | int], depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise InvalidDocument(
                "the document is nested too deeply", location=pointer(path), expected="at most 900 levels"
            )
        if isinstance(value, dict):
            if target.types and "object" not in target.types and "array" in target.types:
                return self._lose(path, f"an object here cannot be expressed in CycloneDX {self._target.value}")
            converted: dict[str, Any] = {}
            for key, child in value.items():
                target_child = target.properties.get(key)
                source_child = source.properties.get(key)
                if target_child is None and target.closed and source_child is not None:
                    self._lose(path + [key], f"{key!r} is not part of CycloneDX {self._target.value} here")
                    continue
                result = self.convert(
                    child, source_child or _ANYTHING, target_child or _ANYTHING, path + [key], depth + 1
                )
                if result is _DROP_ITEM:
                    return _DROP_ITEM
                if result is not _DROP:
                    converted[key] = result
            return converted
        if isinstance(value, list):
            if target.types and "array" not in target.types and "object" in target.types:
                if len(value) == 1:
                    return self.convert(value[0], source.items or _ANYTHING, target, path + [0], depth + 1)
                return self._lose(
                    path, f"a list of {len(value)} here cannot be expressed in CycloneDX {self._target.value}"
                )
            items: list[Any] = []
            for index, child in enumerate(value):
                result = self.convert(
                    child, source.items or _ANYTHING, target.items or _ANYTHING, path + [index], depth + 1
                )
                if result is not _DROP and result is not _DROP_ITEM:
                    items.append(result)
            return items
        if target.enum is not None and value not in target.enum and source.enum is not None and value in source.enum:
            self._lose(
                path,
                f"the value {value!r} is not defined in CycloneDX {self._target.value}; the enclosing item is left out",
            )
            return _DROP_ITEM
        return value

    def _lose(self, path: list[str | int], reason: str) -> object:
        self._findings.append(Finding("inexpressible", Severity.WARNING, pointer(path), reason))
        return _DROP
