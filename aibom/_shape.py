"""The shape of a CycloneDX document, compiled from the official JSON schema.

A :class:`Shape` answers the questions aibom asks while walking a document:
which keys may appear here (and the shape under each), what the items of an
array look like, which values an enum allows, and whether a string is a
reference to a ``bom-ref``. ``oneOf``/``anyOf``/``allOf`` branches are merged
into one shape (the union of what they allow), which is what a walker that
reads, converts or cross-checks documents needs; the exact branch logic stays
with the schema validator.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import orjson

from aibom._schemas import schema_dir
from aibom.spec import SpecVersion

__all__ = ["Shape", "bom_fields", "document_shape", "reachable_shapes"]

# ``refType`` is the type of ``bom-ref`` itself (skipped by walkers) and of the 1.6+ crypto asset references.
_REFERENCE_DEFINITIONS = frozenset({"refLinkType", "refType"})
# Links into other BOMs: acceptable alongside a reference, never checked against this BOM's bom-refs.
_BOM_LINK_DEFINITIONS = frozenset({"bomLink", "bomLinkElementType", "bomLinkDocumentType"})
# Plain strings the schema types as ``string`` but the specification defines as bom-ref references.
_REFERENCE_STRING_ARRAYS = {"compositions": ("dependencies", "vulnerabilities")}


class Shape:
    """What the schema allows at one place in a document."""

    __slots__ = (
        "_branches",
        "_finalized",
        "_own_enum",
        "_own_items",
        "_own_properties",
        "_own_types",
        "closed",
        "definition",
        "enum",
        "holds_reference_values",
        "holds_references",
        "is_bom_link",
        "is_reference",
        "items",
        "only_references",
        "properties",
        "reference_key_set",
        "reference_keys",
        "types",
        "value_reference_key_set",
    )

    def __init__(self, definition: str | None = None) -> None:
        self.definition = definition
        self._branches: list[Shape] = []
        self._own_properties: dict[str, Shape] = {}
        self._own_items: Shape | None = None
        self._own_enum: frozenset[Any] | None = None
        self._own_types: frozenset[str] = frozenset()
        self.closed = False
        self.is_reference = False
        self.is_bom_link = False
        self.properties: dict[str, Shape] = {}
        self.items: Shape | None = None
        self.enum: frozenset[Any] | None = None
        self.types: frozenset[str] = frozenset()
        self._finalized = False
        self.holds_references = False
        self.reference_keys: tuple[tuple[str, Shape], ...] = ()
        self.reference_key_set: frozenset[str] = frozenset()
        # An object with no bom-ref whose reference-holding keys are references or lists of references
        # (a dependency: ref, dependsOn, provides); walkers handle these inline.
        self.only_references = False
        # Like holds_references, but counting only references, not bom-ref definitions.
        self.holds_reference_values = False
        self.value_reference_key_set: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return f"<Shape {self.definition or ''} keys={sorted(self.properties)[:6]} types={sorted(self.types)}>"


class _Compiler:
    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._definitions: Mapping[str, Any] = schema.get("definitions", {})
        self._by_definition: dict[str, Shape] = {}

    def definition(self, name: str) -> Shape:
        shape = self._by_definition.get(name)
        if shape is None:
            shape = Shape(name)
            self._by_definition[name] = shape
            shape.is_reference = name in _REFERENCE_DEFINITIONS
            shape.is_bom_link = name in _BOM_LINK_DEFINITIONS
            self._fill(shape, self._definitions.get(name, {}))
            for key in _REFERENCE_STRING_ARRAYS.get(name, ()):
                items = shape._own_properties[key]._own_items
                if items is not None:
                    items.is_reference = True
        return shape

    def compile(self, node: Any) -> Shape:
        if isinstance(node, Mapping) and set(node) & {"$ref"} and not node.get("properties"):
            reference = node["$ref"]
            if reference.startswith("#/definitions/"):
                return self.definition(reference.rsplit("/", 1)[1])
        shape = Shape()
        self._fill(shape, node)
        return shape

    def _fill(self, shape: Shape, node: Any) -> None:
        if not isinstance(node, Mapping):
            return
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/definitions/"):
            shape._branches.append(self.definition(reference.rsplit("/", 1)[1]))
        for keyword in ("oneOf", "anyOf", "allOf"):
            for branch in node.get(keyword, ()):
                shape._branches.append(self.compile(branch))
        declared = node.get("type")
        if isinstance(declared, str):
            shape._own_types = frozenset({declared})
        elif isinstance(declared, list):
            shape._own_types = frozenset(declared)
        for key, sub in node.get("properties", {}).items():
            shape._own_properties[key] = self.compile(sub)
        items = node.get("items")
        if isinstance(items, list):  # draft-07 tuple form, e.g. 1.5's one-expression license list
            shape._own_items = Shape()
            shape._own_items._branches = [self.compile(item) for item in items]
        elif items is not None:
            shape._own_items = self.compile(items)
        if "enum" in node:
            shape._own_enum = frozenset(node["enum"])
        elif "const" in node:
            shape._own_enum = frozenset({node["const"]})
        if node.get("additionalProperties") is False:
            shape.closed = True


def _finalize(shape: Shape, in_progress: set[int]) -> None:
    if shape._finalized or id(shape) in in_progress:
        return
    in_progress.add(id(shape))
    for branch in shape._branches:
        _finalize(branch, in_progress)
    properties = dict(shape._own_properties)
    item_shapes = [shape._own_items] if shape._own_items is not None else []
    enum = shape._own_enum
    types = set(shape._own_types)
    object_branches = [branch for branch in shape._branches if "object" in branch.types or branch.properties]
    closed = shape.closed or (bool(object_branches) and all(branch.closed for branch in object_branches))
    unconstrained_value = enum is None and bool(types - {"object", "array"})
    for branch in shape._branches:
        for key, sub in branch.properties.items():
            properties.setdefault(key, sub)
        if branch.items is not None:
            item_shapes.append(branch.items)
        types |= branch.types
        if branch.enum is None:
            if branch.types - {"object", "array"}:
                unconstrained_value = True
        elif not unconstrained_value:
            enum = branch.enum if enum is None else enum | branch.enum
    items: Shape | None = None
    distinct = list({id(item): item for item in item_shapes}.values())
    if len(distinct) == 1:
        items = distinct[0]
    elif distinct:
        # Branches with different item shapes (1.5 licenses: [{license}] or [{expression}]): their union.
        items = Shape()
        items._branches = distinct
        _finalize(items, in_progress)
    # A union is a reference only when every branch is a reference or a BOM-Link, e.g. anyOf
    # [refLinkType, bomLinkElementType]; an external reference's url (anyOf [iri, bomLink]) is not.
    branches = shape._branches
    if branches and not shape.is_reference and not shape.is_bom_link:  # noqa: SIM102
        if all(b.is_reference or b.is_bom_link for b in branches):
            shape.is_reference = any(b.is_reference for b in shape._branches)
            shape.is_bom_link = not shape.is_reference
    shape.properties = properties
    shape.items = items
    shape.enum = None if unconstrained_value else enum
    shape.types = frozenset(types)
    shape.closed = closed
    shape._finalized = True
    in_progress.discard(id(shape))
    for sub in properties.values():
        _finalize(sub, in_progress)
    if items is not None:
        _finalize(items, in_progress)


@functools.cache
def bom_fields() -> tuple[str, ...]:
    """Every top-level field of a BOM that a supported CycloneDX version defines, in the schema's order (the newest
    version's, then the fields only older versions have).

    >>> bom_fields()[:4]
    ('$schema', 'bomFormat', 'specVersion', 'serialNumber')
    """
    fields: dict[str, None] = {}
    for spec in sorted(SpecVersion, key=lambda version: version.value, reverse=True):
        fields.update(dict.fromkeys(document_shape(spec).properties))
    return tuple(fields)


@functools.cache
def document_shape(spec: SpecVersion) -> Shape:
    """Return the shape of a whole BOM of version ``spec`` (cached)."""
    schema = orjson.loads((schema_dir() / "cyclonedx" / f"bom-{spec.value}.schema.json").read_bytes())
    compiler = _Compiler(schema)
    root = compiler.compile(schema)
    _finalize(root, set())
    for shape in list(compiler._by_definition.values()):
        _finalize(shape, set())
    _mark_reference_holders(root)
    return root


def reachable_shapes(root: Shape) -> list[Shape]:
    """Every shape reachable from ``root`` through properties and items, each once (the graph has cycles).

    >>> shapes = reachable_shapes(document_shape(SpecVersion.V1_6))
    >>> len(shapes) == len({id(shape) for shape in shapes}) > 100
    True
    """
    shapes: list[Shape] = []
    seen: set[int] = set()
    pending = [root]
    while pending:
        shape = pending.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        shapes.append(shape)
        pending.extend(shape.properties.values())
        if shape.items is not None:
            pending.append(shape.items)
    return shapes


def _mark_reference_holders(root: Shape) -> None:
    """Set :attr:`Shape.holds_references` where a bom-ref or a reference can occur at or below a shape."""
    shapes = reachable_shapes(root)
    changed = True
    while changed:
        changed = False
        for shape in shapes:
            if shape.holds_references:
                continue
            children = list(shape.properties.values()) + ([shape.items] if shape.items is not None else [])
            if shape.is_reference or "bom-ref" in shape.properties or any(c.holds_references for c in children):
                shape.holds_references = True
                changed = True
    changed = True
    while changed:
        changed = False
        for shape in shapes:
            if shape.holds_reference_values:
                continue
            children = [sub for key, sub in shape.properties.items() if key != "bom-ref"]
            if shape.items is not None:
                children.append(shape.items)
            if shape.is_reference or any(c.holds_reference_values for c in children):
                shape.holds_reference_values = True
                changed = True
    for shape in shapes:
        shape.value_reference_key_set = frozenset(
            key for key, sub in shape.properties.items() if sub.holds_reference_values and key != "bom-ref"
        )
        shape.reference_keys = tuple(
            (key, sub) for key, sub in shape.properties.items() if sub.holds_references and key != "bom-ref"
        )
        shape.reference_key_set = frozenset(key for key, _ in shape.reference_keys)
        shape.only_references = "bom-ref" not in shape.properties and all(
            sub.is_reference or (sub.items is not None and sub.items.is_reference) for _, sub in shape.reference_keys
        )
