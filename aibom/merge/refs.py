"""``bom-ref`` definitions and references: finding them, renaming them, rewriting every reference.

Which places of a document define a ``bom-ref`` and which hold a reference to one is read from the official
schema (:mod:`aibom._shape`), the same way the integrity check finds them, so dependencies, model-card dataset
references, formulation resource references and runtime topology, compositions, annotation subjects,
vulnerability ``affects``, declarations, crypto assets and whatever later versions add are all covered. The walks
enter only the parts of a document where the schema allows a ``bom-ref`` or a reference. So are the values of the
properties that the property taxonomy (``schemas/aibom-taxonomy.json``) types as a ``bom-ref`` or a
``component-ref`` (``aibom:finetune:dataset``, ``aibom:quantization:source_model``, ...) in the objects the walks
enter (components, model cards, workflows).

>>> from aibom._shape import document_shape
>>> from aibom.spec import SpecVersion
>>> root = document_shape(SpecVersion.V1_6)
>>> doc = {"components": [{"type": "library", "name": "a", "bom-ref": "a"}],
...        "dependencies": [{"ref": "a", "dependsOn": ["b"]}]}
>>> rewritten = rewrite(doc, root, {"a": "a#2"})
>>> rewritten["components"][0]["bom-ref"], rewritten["dependencies"][0]["ref"], doc["dependencies"][0]["ref"]
('a#2', 'a#2', 'a')
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Container, Mapping
from typing import Any, Final

import orjson

from aibom._schemas import schema_dir
from aibom._shape import Shape, reachable_shapes

__all__ = [
    "definition_keys",
    "definitions",
    "fresh_ref",
    "may_refer",
    "reference_properties",
    "references",
    "rewrite",
    "rewrite_holder",
]


def __dir__() -> list[str]:
    return __all__


def rewrite(
    value: Any,
    shape: Shape,
    mapping: Mapping[str, str],
    *,
    skip: str | None = None,
    doubled: Mapping[str, str] | None = None,
) -> Any:
    """Return ``value`` with every ``bom-ref`` and every reference found in ``mapping`` replaced.

    Copy on write: the parts that change are new objects, everything else is shared with ``value``, which is
    never modified; with nothing to replace, ``value`` itself is returned. ``skip`` names a key of ``value``
    left as it is (a component's nested ``components``, which the merge rewrites one by one).

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> dependency = document_shape(SpecVersion.V1_6).properties["dependencies"].items
    >>> entry = {"ref": "x", "dependsOn": ["y", "z"]}
    >>> rewrite(entry, dependency, {"z": "z#2"}), rewrite(entry, dependency, {"q": "r"}) is entry
    ({'ref': 'x', 'dependsOn': ['y', 'z#2']}, True)
    """
    if not mapping:
        return value
    if doubled:
        return _Doubler(mapping, doubled).rewrite(value, shape, skip)
    return _rewrite(value, shape, mapping, skip)


class _Doubler:
    """Rewriting for a side of a three-way ``keep-both`` merge whose element ``ref`` became the copy ``ref#2``.

    That side still refers to what the base called ``ref`` (the other side's element keeps that name) and now
    also to its own copy: a list of references gets ``ref#2`` beside ``ref``, and an item of a list that stands
    for one reference to ``ref`` (a dependency entry, a ``{"ref": ...}`` data set) gets a copy for ``ref#2``
    beside it. Against the base, the side then only adds references, so the merge keeps both sides'.
    """

    def __init__(self, mapping: Mapping[str, str], doubled: Mapping[str, str]) -> None:
        self.mapping = mapping
        self.doubled = doubled
        self.plain = {old: new for old, new in mapping.items() if old not in doubled}

    def rewrite(self, value: Any, shape: Shape, skip: str | None = None) -> Any:
        """One pass, like :func:`_rewrite`: bom-refs and single references follow the whole mapping, lists of
        references get the copy beside the original, property values follow the renames that are not doubled."""
        if type(value) is list:
            return self._list(value, shape)
        if type(value) is not dict:
            return value
        mapping = self.mapping
        changed: dict[str, Any] = {}
        ref = value.get("bom-ref") if "bom-ref" in shape.properties else None
        if type(ref) is str and ref in mapping:
            changed["bom-ref"] = mapping[ref]
        for key in shape.reference_key_set.intersection(value):
            if key == skip:
                continue
            sub = shape.properties[key]
            child = value[key]
            if sub.is_reference:
                if type(child) is str and child in mapping:
                    changed[key] = mapping[child]
            else:
                new = self.rewrite(child, sub)
                if new is not child:
                    changed[key] = new
        named = value.get("properties")
        if type(named) is list and "properties" in shape.properties and self.plain:
            new_named = _rewrite_property_values(named, self.plain)
            if new_named is not named:
                changed["properties"] = new_named
        return {**value, **changed} if changed else value

    def _list(self, value: list[Any], shape: Shape) -> list[Any]:
        items = shape.items
        if items is None or not items.holds_references:
            return value
        doubled = self.doubled
        result: list[Any] = []
        if items.is_reference:
            if not _mentions(self.mapping, value):
                return value
            plain = self.plain
            for item in value:
                if type(item) is str and item in doubled:
                    result += (item, doubled[item])
                else:
                    result.append(plain.get(item, item) if type(item) is str else item)
            return result
        identifying = items.properties.get("ref")
        changed = False
        for item in value:
            new = self.rewrite(item, items)
            ref = item.get("ref") if type(item) is dict and identifying is not None and identifying.is_reference else None
            if type(ref) is str and ref in doubled:
                # the item stands for one reference (a dependency entry, a data set's {"ref"}): keep it for the
                # base's element and add one for the copy
                result += ({**new, "ref": ref}, {**new, "ref": doubled[ref]})
                changed = True
            else:
                result.append(new)
                changed = changed or new is not item
        return result if changed else value


def _rewrite(value: Any, shape: Shape, mapping: Mapping[str, str], skip: str | None = None) -> Any:
    kind = type(value)
    if kind is dict:
        changed: dict[str, Any] | None = None
        if "bom-ref" in value and "bom-ref" in shape.properties:
            ref = value["bom-ref"]
            if type(ref) is str and ref in mapping:
                changed = {"bom-ref": mapping[ref]}
        keys = shape.reference_key_set
        if not keys.isdisjoint(value):
            properties = shape.properties
            for key in keys.intersection(value):
                if key == skip:
                    continue
                sub = properties[key]
                child = value[key]
                if sub.is_reference:
                    if type(child) is str and child in mapping:
                        new: Any = mapping[child]
                    else:
                        continue
                else:
                    new = _rewrite(child, sub, mapping)
                    if new is child:
                        continue
                if changed is None:
                    changed = {}
                changed[key] = new
        named = value.get("properties")
        if type(named) is list and "properties" in shape.properties:
            new_named = _rewrite_property_values(named, mapping)
            if new_named is not named:
                changed = changed or {}
                changed["properties"] = new_named
        return value if changed is None else {**value, **changed}
    if kind is list:
        items = shape.items
        if items is None or not items.holds_references:
            return value
        if items.is_reference:
            if _mentions(mapping, value):
                return [mapping.get(item, item) if type(item) is str else item for item in value]
            return value
        if items.only_references:
            return _rewrite_holders(value, items, mapping)
        copied: list[Any] | None = None
        for index, item in enumerate(value):
            new_item = _rewrite(item, items, mapping)
            if new_item is not item:
                if copied is None:
                    copied = list(value)
                copied[index] = new_item
        return value if copied is None else copied
    return value


_EMPTY: frozenset[str] = frozenset()


@functools.cache
def reference_properties() -> frozenset[str]:
    """The names of the properties whose value is a ``bom-ref``: the property taxonomy's ``bom-ref`` and
    ``component-ref`` types (read from the file, as the AI rules read it).

    >>> "aibom:finetune:dataset" in reference_properties()
    True
    """
    taxonomy = orjson.loads((schema_dir() / "aibom-taxonomy.json").read_bytes())
    return frozenset(
        item["name"] for item in taxonomy["properties"] if item.get("type") in ("bom-ref", "component-ref")
    )


def _rewrite_property_values(items: list[Any], mapping: Mapping[str, str]) -> list[Any]:
    """A ``properties`` array with the values of the reference properties found in ``mapping`` replaced."""
    names = reference_properties()
    copied: list[Any] | None = None
    for index, item in enumerate(items):
        if type(item) is dict and type(name := item.get("name")) is str and name in names:
            ref = item.get("value")
            if type(ref) is str and ref in mapping:
                if copied is None:
                    copied = list(items)
                copied[index] = {**item, "value": mapping[ref]}
    return items if copied is None else copied


def may_refer(value: dict[str, Any], shape: Shape) -> bool:
    """Whether an object of this shape may hold a reference: a field under which the schema allows one, or a
    property that the taxonomy types as one (a quick test before :func:`references` walks it).

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> component = document_shape(SpecVersion.V1_6).properties["components"].items
    >>> may_refer({"name": "a", "properties": [{"name": "syft:package:foundBy", "value": "x"}]}, component)
    False
    >>> may_refer({"name": "a", "properties": [{"name": "aibom:finetune:dataset", "value": "d"}]}, component)
    True
    """
    if not shape.value_reference_key_set.isdisjoint(value):
        return True
    named = value.get("properties")
    if type(named) is not list or "properties" not in shape.properties:
        return False
    names = reference_properties()
    try:
        return not names.isdisjoint(map(_NAME, named))  # (the usual case: every property an object with a name)
    except (KeyError, TypeError):
        pass
    for item in named:
        if type(item) is not dict:
            return True
        name = item.get("name")
        if type(name) is str and name in names:
            return True
    return False


_NAME: Final = operator.itemgetter("name")


def _property_references(value: dict[str, Any], shape: Shape, found: list[str]) -> None:
    named = value.get("properties")
    if type(named) is list and "properties" in shape.properties:
        names = reference_properties()
        found.extend(
            ref
            for item in named
            if type(item) is dict
            and type(name := item.get("name")) is str
            and name in names
            and type(ref := item.get("value")) is str
        )


def definition_keys(shape: Shape) -> frozenset[str]:
    """The keys of an object of this shape under which a ``bom-ref`` can be defined (``bom-ref`` itself aside).

    Narrower than :attr:`Shape.reference_key_set`, which also counts the places that only refer: a dependency
    defines nothing, so the walks that look for definitions never enter ``dependencies``.

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> root = document_shape(SpecVersion.V1_6)
    >>> "dependencies" in definition_keys(root), "formulation" in definition_keys(root)
    (False, True)
    """
    found = _DEFINITION_KEYS.get(id(shape))
    if found is None:
        _DEFINITION_KEYS.update(_compute_definition_keys(shape))
        found = _DEFINITION_KEYS[id(shape)]
    return found


_DEFINITION_KEYS: dict[int, frozenset[str]] = {}
_KEPT: list[Shape] = []  # the shapes whose ids key _DEFINITION_KEYS, kept alive so no id is reused


def _compute_definition_keys(start: Shape) -> dict[int, frozenset[str]]:
    shapes = reachable_shapes(start)
    defining: set[int] = set()
    changed = True
    while changed:
        changed = False
        for shape in shapes:
            if id(shape) in defining:
                continue
            children = [sub for key, sub in shape.properties.items() if key != "bom-ref"]
            if shape.items is not None:
                children.append(shape.items)
            if "bom-ref" in shape.properties or any(id(child) in defining for child in children):
                defining.add(id(shape))
                changed = True
    _KEPT.extend(shapes)
    return {
        id(shape): frozenset(
            key for key, sub in shape.properties.items() if key != "bom-ref" and id(sub) in defining
        )
        for shape in shapes
    }


def _mentions(mapping: Mapping[str, str], values: list[Any]) -> bool:
    try:
        return not mapping.keys().isdisjoint(values)
    except TypeError:  # an object or array where a reference belongs (the schema reports it)
        return any(type(value) is str and value in mapping for value in values)


def _rewrite_holders(value: list[Any], items: Shape, mapping: Mapping[str, str]) -> list[Any]:
    """A list of objects that hold nothing but references (dependencies, runtime topology), in one pass."""
    copied: list[Any] | None = None
    for index, item in enumerate(value):
        new = rewrite_holder(item, items, mapping)
        if new is not item:
            if copied is None:
                copied = list(value)
            copied[index] = new
    return value if copied is None else copied


def rewrite_holder(item: Any, items: Shape, mapping: Mapping[str, str]) -> Any:
    """One item of an array whose items hold nothing but references (``items.only_references``: a dependency
    entry) with the references found in ``mapping`` replaced, copied on write as :func:`rewrite` does.

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> dependency = document_shape(SpecVersion.V1_6).properties["dependencies"].items
    >>> rewrite_holder({"ref": "a", "dependsOn": ["b", "c"]}, dependency, {"a": "a#2", "c": "c#2"})
    {'ref': 'a#2', 'dependsOn': ['b', 'c#2']}
    """
    if type(item) is not dict:
        return item
    changed: dict[str, Any] | None = None
    for key, sub in items.reference_keys:
        child = item.get(key)
        if child is None:
            continue
        if sub.is_reference:
            if type(child) is str and child in mapping:
                changed = changed or {}
                changed[key] = mapping[child]
        elif type(child) is list and _mentions(mapping, child):
            changed = changed or {}
            changed[key] = [mapping.get(ref, ref) if type(ref) is str else ref for ref in child]
    return item if changed is None else {**item, **changed}


def definitions(value: Any, shape: Shape, found: list[str], *, skip: str | None = None) -> list[str]:
    """Append to ``found`` every ``bom-ref`` that ``value`` defines (its own and those nested in it).

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> component = document_shape(SpecVersion.V1_6).properties["components"].items
    >>> definitions({"bom-ref": "m", "modelCard": {"bom-ref": "card"}, "components": [{"bom-ref": "f"}]},
    ...             component, [], skip="components")
    ['m', 'card']
    """
    kind = type(value)
    if kind is dict:
        if "bom-ref" in shape.properties:
            ref = value.get("bom-ref")
            if type(ref) is str:
                found.append(ref)
        keys = definition_keys(shape)
        if not keys.isdisjoint(value):
            properties = shape.properties
            for key in keys.intersection(value):
                if key != skip:
                    definitions(value[key], properties[key], found)
    elif kind is list:
        items = shape.items
        if items is not None and ("bom-ref" in items.properties or definition_keys(items)):
            for item in value:
                definitions(item, items, found)
    return found


def references(value: Any, shape: Shape, found: list[str], *, skip: str | None = None) -> list[str]:
    """Append to ``found`` every reference ``value`` holds (not the ``bom-ref``s it defines).

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> component = document_shape(SpecVersion.V1_6).properties["components"].items
    >>> references({"bom-ref": "m", "modelCard": {"modelParameters": {"datasets": [{"ref": "d"}]}}}, component, [])
    ['d']
    """
    kind = type(value)
    if kind is dict:
        if "properties" in value:
            _property_references(value, shape, found)
        keys = shape.value_reference_key_set
        if not keys.isdisjoint(value):
            properties = shape.properties
            for key in keys.intersection(value):
                if key == skip:
                    continue
                sub = properties[key]
                child = value[key]
                if sub.is_reference:
                    if type(child) is str:
                        found.append(child)
                else:
                    references(child, sub, found)
    elif kind is list:
        items = shape.items
        if items is not None and items.holds_reference_values:
            if items.is_reference:
                found.extend(item for item in value if type(item) is str)
            else:
                for item in value:
                    references(item, items, found)
    return found


def fresh_ref(ref: str, taken: Container[str]) -> str:
    """Return ``ref#2`` (or ``#3``, ...): the first such ``bom-ref`` that ``taken`` does not hold.

    The suffix depends only on what is taken, never on chance, so the same inputs always give the same names.

    >>> fresh_ref("lib", {"lib", "lib#2"})
    'lib#3'
    """
    number = 2
    while f"{ref}#{number}" in taken:
        number += 1
    return f"{ref}#{number}"
