"""Layer 2: what the schema cannot say — unique bom-refs, references that resolve, fields on the right component type.

The schema's shape tells which parts of a document can hold a ``bom-ref`` or a
reference, so the check visits only those. It runs in two passes: a fast one
that only collects values (no location bookkeeping, no per-node allocation),
and, only when that pass found something, a second one that finds the JSON
pointer of each fault. A valid 100,000-component BOM costs a fraction of its
parse time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import chain
from typing import Any

from aibom._gc import gc_paused
from aibom._pointer import pointer
from aibom._shape import Shape, document_shape
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion

__all__ = ["Collector", "check_integrity"]

_BOM_LINK_PREFIX = "urn:cdx:"
_Link = tuple[Any, str | int] | None


def check_integrity(document: Any, spec: SpecVersion, *, bom_refs: int | None = None) -> list[Finding]:
    """Return the layer-2 findings for a JSON-shaped document.

    ``bom_refs``, how many times ``"bom-ref"`` occurs in the JSON text the
    document was parsed from, lets the check skip the parts that can hold a
    bom-ref but no reference (licenses, suppliers, ...): when every one is
    accounted for by the parts visited, the skipped parts cannot hide a
    definition or a duplicate.

    >>> doc = {"components": [{"type": "library", "name": "a", "bom-ref": "a"}],
    ...        "dependencies": [{"ref": "a", "dependsOn": ["b"]}]}
    >>> [(f.code, f.location) for f in check_integrity(doc, SpecVersion.V1_6)]
    [('dangling-reference', '/dependencies/0/dependsOn/0')]
    """
    if not isinstance(document, dict):
        return []
    shape = document_shape(spec)
    with gc_paused():
        collected = None
        if bom_refs is not None:
            collected = _collect(document, shape, everywhere=False)
            if collected[4] != bom_refs:
                collected = None
        if collected is None:
            collected = _collect(document, shape, everywhere=True)
        duplicated, dangling, misplaced = _faults(collected)
        if not (duplicated or dangling or misplaced):
            return []
        return _locate(document, shape, duplicated, dangling)


def _faults(collected: tuple[set[str], set[str], set[Any], bool, int]) -> tuple[set[str], set[str], bool]:
    """The duplicated bom-refs, the dangling references (BOM-Links excepted) and whether a component rule fails."""
    defined, duplicated, referenced, misplaced, _ = collected
    dangling = {
        target for target in referenced - defined if type(target) is str and not target.startswith(_BOM_LINK_PREFIX)
    }
    return duplicated, dangling, misplaced


def _collect(
    document: dict[str, Any], root: Shape, *, everywhere: bool
) -> tuple[set[str], set[str], set[Any], bool, int]:
    """The fast pass: the bom-refs, the duplicated ones, every referenced value, whether a component rule fails,
    and how many bom-refs were seen. With ``everywhere=False`` only the parts that can hold references are visited.
    """
    collector = Collector(root, everywhere=everywhere)
    try:
        collector.visit_document(document)
        return collector.result()
    finally:
        collector.close()


class Collector:
    """The fast pass over a document, given whole or in parts: the document (perhaps without some of its top-level
    arrays), then the items of those arrays a few at a time (:mod:`aibom.validation._streamed`)."""

    def __init__(self, root: Shape, *, everywhere: bool) -> None:
        self._walk = walk = _Walk(everywhere)
        self._root = walk.visitor(root)
        self._fields = root.properties
        self._items: dict[str, _Visit | None] = {}

    def visit_document(self, document: dict[str, Any]) -> None:
        """Visit a document (its top-level components too, if it has them)."""
        if self._root is not None:
            self._root(document)
            self._drain()

    def visit_items(self, field: str, items: list[Any]) -> None:
        """Visit some items of the document's top-level array ``field`` (components, dependencies, ...)."""
        if field not in self._items:
            shape = self._fields.get(field)
            self._items[field] = self._walk.visitor(shape) if shape is not None else None
        visit = self._items[field]
        if visit is not None:
            visit(items)
            self._drain()

    def _drain(self) -> None:
        pending = self._walk.pending
        while pending:
            value, visit = pending.pop()
            visit(value)

    def result(self) -> tuple[set[str], set[str], set[Any], bool, int]:
        """The bom-refs, the duplicated ones, every referenced value, whether a component rule fails, and how
        many bom-refs were seen."""
        walk = self._walk
        definitions = walk.definitions
        names = [name for name in definitions if type(name) is str]
        defined = set(names)
        duplicated = set() if len(defined) == len(names) else {n for n, count in Counter(names).items() if count > 1}
        return defined, duplicated, walk.referenced, walk.misplaced, len(definitions)

    def faultless(self, bom_refs: int | None) -> bool:
        """Whether what was visited has no fault: no duplicate bom-ref, no dangling reference, no misplaced
        field. A walk that skips the parts which cannot hold references must have seen all ``bom_refs`` bom-refs
        of the text (see :func:`check_integrity`), or it cannot tell: False."""
        collected = self.result()
        if not self._walk.everywhere and collected[4] != bom_refs:
            return False
        duplicated, dangling, misplaced = _faults(collected)
        return not (duplicated or dangling or misplaced)

    def close(self) -> None:
        """Break the reference cycles between the visitors."""
        self._root = None
        self._items.clear()
        self._walk.close()


_Visit = Callable[[Any], None]
_BULK = 32  # below this many entries a plain loop is cheaper than a pass per key
_MISPLACEABLE = frozenset({"modelCard", "data", "versionRange"})


class _Walk:
    """One visitor function per shape, made for one walk: each knows the keys to look at in its kind of object,
    so visiting an object is a few dict lookups. A visitor calls its children's visitors directly, except along a
    cycle of the schema (components within components), where it queues the child: the call depth is bounded by
    the schema, not by the document.

    In a list of objects, an item with none of the keys of interest (most components of a large BOM: a library
    with its licenses and hashes) only has its bom-ref noted. Lists of plain reference holders (dependencies) are
    gathered a list at a time.
    """

    def __init__(self, everywhere: bool) -> None:
        self.everywhere = everywhere
        self.definitions: list[Any] = []
        self.referenced: set[Any] = set()
        self.misplaced = False
        self.pending: list[tuple[Any, _Visit]] = []
        self._made: dict[int, _Visit | None] = {}
        # One cell per shape whose visitor is being made or was made: a visitor queued along a cycle of the schema
        # finds the finished one there.
        self._cells: dict[int, list[_Visit]] = {}

    def close(self) -> None:
        """Break the reference cycles between the visitors (and this walk), so that they are freed now rather
        than by the next full collection."""
        for cell in self._cells.values():
            cell.clear()
        self._made.clear()

    def visitor(self, shape: Shape) -> _Visit | None:
        """The visitor of ``shape``, or None when nothing of interest can occur in its values."""
        key = id(shape)
        if key in self._made:
            return self._made[key]
        if key in self._cells:  # a cycle: queue the value, to be visited by the finished visitor
            cell = self._cells[key]
            enqueue = self.pending.append
            return lambda value: enqueue((value, cell[0]))
        if not (shape.holds_references if self.everywhere else shape.holds_reference_values):
            self._made[key] = None
            return None
        cell = self._cells[key] = []
        object_visit = self._object_visitor(shape) if shape.properties else None
        list_visit = self._list_visitor(shape) if shape.items is not None else None
        visit: _Visit
        if object_visit is not None and list_visit is not None:

            def visit(value: Any) -> None:
                if type(value) is dict:
                    object_visit(value)
                elif type(value) is list:
                    list_visit(value)

        elif object_visit is not None:

            def visit(value: Any) -> None:
                if type(value) is dict:
                    object_visit(value)

        elif list_visit is not None:

            def visit(value: Any) -> None:
                if type(value) is list:
                    list_visit(value)

        else:

            def visit(value: Any) -> None:
                pass

        cell.append(visit)
        self._made[key] = visit
        return visit

    def _interest(self, shape: Shape) -> frozenset[str]:
        keys = shape.reference_key_set if self.everywhere else shape.value_reference_key_set
        return keys | _MISPLACEABLE if shape.definition == "component" else keys

    def _object_visitor(self, shape: Shape) -> _Visit:
        properties = shape.properties
        keys = sorted(shape.reference_key_set if self.everywhere else shape.value_reference_key_set)
        direct = tuple(key for key in keys if properties[key].is_reference)
        nested: list[tuple[str, _Visit]] = []
        for key in keys:
            child_visit = None if properties[key].is_reference else self.visitor(properties[key])
            if child_visit is not None:
                nested.append((key, child_visit))
        defines = "bom-ref" in properties
        is_component = shape.definition == "component"
        define, refer = self.definitions.append, self.referenced.add

        def visit(value: dict[str, Any]) -> None:
            if defines and "bom-ref" in value:
                define(value["bom-ref"])
            if is_component and not _MISPLACEABLE.isdisjoint(value) and _component_faults(value):
                self.misplaced = True
            for key in direct:
                child = value.get(key)
                if type(child) is str:
                    refer(child)
            for key, visit_child in nested:
                child = value.get(key)
                if child is not None:
                    visit_child(child)

        return visit

    def _list_visitor(self, shape: Shape) -> _Visit | None:
        items = shape.items
        assert items is not None
        if not (items.holds_references if self.everywhere else items.holds_reference_values):
            return None
        referenced = self.referenced
        if items.is_reference:
            return lambda values: _gather(referenced, values)
        if items.only_references:
            return lambda values: _collect_flat(values, items, referenced)
        visit_item = self.visitor(items)
        if visit_item is None:
            return None
        if not items.properties:

            def visit_each(values: list[Any]) -> None:
                for child in values:
                    visit_item(child)

            return visit_each

        interest, define = self._interest(items), self.definitions.append
        defines = "bom-ref" in items.properties

        def visit(values: list[Any]) -> None:
            for child in values:
                if type(child) is dict and interest.isdisjoint(child):
                    if defines and "bom-ref" in child:
                        define(child["bom-ref"])
                else:
                    visit_item(child)

        return visit


def _gather(referenced: set[Any], values: list[Any]) -> None:
    try:
        referenced.update(values)
    except TypeError:  # an object or array where a reference string belongs: the schema reports it
        referenced.update(value for value in values if type(value) is str)


def _collect_flat(values: list[Any], items: Shape, referenced: set[Any]) -> None:
    """References in a list of objects that hold nothing but references (dependencies, runtimeTopology).

    One key at a time over the whole list, so the loops run in C: at 100k dependency entries this is most of
    the references of a BOM.
    """
    if len(values) < _BULK:
        for value in values:
            if type(value) is dict:
                for key, sub in items.reference_keys:
                    child = value.get(key)
                    if child is None:
                        continue
                    if sub.is_reference:
                        if type(child) is str:
                            referenced.add(child)
                    elif type(child) is list:
                        _gather(referenced, child)
        return
    if not all(type(value) is dict for value in values):
        values = [value for value in values if type(value) is dict]
    for key, sub in items.reference_keys:
        found = [value.get(key) for value in values]
        if sub.is_reference:
            _gather(referenced, found)
        elif all(type(targets) is list for targets in found if targets is not None):
            _gather(referenced, list(chain.from_iterable(filter(None, found))))
        else:  # a malformed entry (the schema reports it): take only the lists
            for targets in found:
                if type(targets) is list:
                    _gather(referenced, targets)


def _locate(document: dict[str, Any], root: Shape, duplicated: set[str], dangling: set[str]) -> list[Finding]:
    """The slow pass, run only when the fast one found a fault: the same walk, keeping each value's location."""
    findings: list[Finding] = []
    first_definition: dict[str, _Link] = {}
    stack: list[tuple[Any, Shape, _Link]] = [(document, root, None)]
    while stack:
        value, shape, link = stack.pop()
        if type(value) is dict:
            if shape.definition == "component":
                findings.extend(
                    Finding(code, Severity.ERROR, _pointer_of((link, key)), message)
                    for code, key, message in _component_faults(value)
                )
            bom_ref = value.get("bom-ref")
            if type(bom_ref) is str and bom_ref in duplicated and "bom-ref" in shape.properties:
                first = first_definition.setdefault(bom_ref, link)
                if first is not link:
                    findings.append(_duplicate(bom_ref, link, first))
            for key, sub in shape.reference_keys:
                child = value.get(key)
                if child is None:
                    continue
                if sub.is_reference:
                    if type(child) is str and child in dangling:
                        findings.append(_dangling(child, (link, key)))
                else:
                    stack.append((child, sub, (link, key)))
        elif type(value) is list:
            items = shape.items
            if items is None or not items.holds_references:
                continue
            for index, child in enumerate(value):
                if items.is_reference:
                    if type(child) is str and child in dangling:
                        findings.append(_dangling(child, (link, index)))
                else:
                    stack.append((child, items, (link, index)))
    return findings


def _component_faults(component: dict[str, Any]) -> list[tuple[str, str, str]]:
    kind = component.get("type")
    faults = []
    if "modelCard" in component and kind != "machine-learning-model":
        faults.append(
            (
                "model-card-on-non-model",
                "modelCard",
                f"modelCard is only allowed on a component of type 'machine-learning-model', not {kind!r}",
            )
        )
    if "data" in component and kind != "data":
        faults.append(("data-on-non-data", "data", f"data is only allowed on a component of type 'data', not {kind!r}"))
    if "versionRange" in component and component.get("isExternal") is not True:
        faults.append(
            (
                "version-range-on-internal-component",
                "versionRange",
                "versionRange is only allowed on an external component (isExternal: true)",
            )
        )
    return faults


def _dangling(target: str, link: _Link) -> Finding:
    return Finding(
        "dangling-reference",
        Severity.ERROR,
        _pointer_of(link),
        f"reference {target!r} does not match any bom-ref in the BOM",
    )


def _duplicate(bom_ref: str, link: _Link, first: _Link) -> Finding:
    return Finding(
        "duplicate-bom-ref",
        Severity.ERROR,
        _pointer_of((link, "bom-ref")),
        f"bom-ref {bom_ref!r} is already used at {_pointer_of((first, 'bom-ref'))}",
    )


def _pointer_of(link: _Link) -> str:
    tokens: list[str | int] = []
    while link is not None:
        link, token = link
        tokens.append(token)
    return pointer(reversed(tokens))
