"""How the items of a JSON array are paired across inputs: by a natural key, else by their whole content.

An item with a ``bom-ref`` pairs by it; otherwise the kind of item decides (a hash by its algorithm, a
property by its name, a performance metric by type and slice, a dependency by its ``ref``, ...); items with no
natural key pair only with an equal item, so such arrays merge as sets.

>>> from aibom._shape import document_shape
>>> from aibom.spec import SpecVersion
>>> component = document_shape(SpecVersion.V1_6).properties["components"].items
>>> key_of = item_key(component.properties["hashes"].items, "hashes")
>>> key_of({"alg": "SHA-256", "content": "ab"})
('alg', 'SHA-256')
>>> align([[{"alg": "MD5", "content": "1"}], [{"alg": "MD5", "content": "2"}, {"alg": "SHA-1", "content": "3"}]],
...       component.properties["hashes"].items, "hashes")[0]
['MD5', 'SHA-1']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Sequence
from typing import Any, Final

import orjson

from aibom._shape import Shape
from aibom._values import json_bytes
from aibom.identity import purl_identity
from aibom.merge.result import MISSING
from aibom.merge.tree import same_component, same_service

__all__ = [
    "ATOMIC_KEYS",
    "ORDERED_KEYS",
    "Key",
    "align",
    "content_key",
    "fast_field",
    "item_key",
    "pair_two",
    "same_sequence",
    "unite",
]


def __dir__() -> list[str]:
    return __all__


Key = tuple[Any, ...]
KeyFunction = Callable[[Any], Key]

ATOMIC_KEYS: Final = frozenset({"licenses", "signature"})
"""Properties whose value is taken whole, never combined: CycloneDX 1.5 and 1.6 forbid mixing license objects
and expressions, and a signature covers exactly the content it signed."""


ORDERED_KEYS: Final = frozenset({"ancestors"})
"""Arrays whose order is their meaning: a pedigree's ``ancestors`` is a lineage chain (the base model, its base,
...). Inputs that list the same chain merge item by item; a different chain (another base model) is a conflict
over the whole list, never a union of two lineages."""


def same_sequence(lists: Sequence[Sequence[Any]], items: Shape, name: str | None) -> bool:
    """Whether every list holds the same items, by their pairing keys, in the same order.

    >>> from aibom.merge.values import ANY
    >>> same_sequence([[1, 2], [1, 2]], ANY, None), same_sequence([[1, 2], [2, 1]], ANY, None)
    (True, False)
    """
    key_of = item_key(items, name)
    first = [key_of(item) for item in lists[0]]
    return all([key_of(item) for item in other] == first for other in lists[1:])


def content_key(item: Any) -> Key:
    """The key of an item that has no natural key: its canonical JSON (so equal items pair, and only those).

    >>> content_key({"b": 1, "a": 2}) == content_key({"a": 2, "b": 1})
    True
    >>> content_key(1) == content_key(True)
    False
    """
    if isinstance(item, dict | list):
        try:
            return ("=", json_bytes(item, orjson.OPT_SORT_KEYS))
        except TypeError:  # not JSON data: its repr stands in
            return ("=", json.dumps(item, sort_keys=True, default=repr).encode())
    return ("=", type(item).__name__, item if _hashable(item) else repr(item))


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else None


def _field(*names: str) -> Callable[[dict[str, Any]], Key | None]:
    def key(item: dict[str, Any]) -> Key | None:
        values = tuple(_text(item.get(name)) for name in names)
        if all(value is None for value in values):
            return None
        return (names[0], *values) if len(names) > 1 else (names[0], values[0])

    return key


def _component_key(item: dict[str, Any]) -> Key | None:
    purl = item.get("purl")
    if isinstance(purl, str) and purl:
        return ("purl", purl_identity(purl))
    name = item.get("name")
    if isinstance(name, str):
        return ("name", _text(item.get("type")), _text(item.get("group")), name)
    return None


def _service_key(item: dict[str, Any]) -> Key | None:
    name = item.get("name")
    return ("name", _text(item.get("group")), name) if isinstance(name, str) else None


def _resource_key(item: dict[str, Any]) -> Key | None:
    ref = item.get("ref")
    if isinstance(ref, str):
        return ("ref", ref)
    external = item.get("externalReference")
    if isinstance(external, dict):
        return ("externalReference", _text(external.get("type")), _text(external.get("url")))
    return None


def _dataset_key(item: dict[str, Any]) -> Key | None:
    ref = item.get("ref")
    if isinstance(ref, str):
        return ("ref", ref)
    name = item.get("name")
    return ("name", _text(item.get("type")), name) if isinstance(name, str) else None


def _lifecycle_key(item: dict[str, Any]) -> Key | None:
    phase = item.get("phase")
    if isinstance(phase, str):
        return ("phase", phase)
    name = item.get("name")
    return ("name", name) if isinstance(name, str) else None


def _single(item: dict[str, Any]) -> Key | None:
    return ("single",)


# By the schema definition of the array's items.
_BY_DEFINITION: Final[dict[str, Callable[[dict[str, Any]], Key | None]]] = {
    "component": _component_key,
    "service": _service_key,
    "hash": _field("alg"),
    "externalReference": _field("type", "url"),
    "property": _field("name"),
    "dependency": _field("ref"),
    "performanceMetric": _field("type", "slice"),
    "inputOutputMLParameters": _field("format"),
    "componentData": _field("name", "type"),
    "risk": _field("name"),
    "graphic": _field("name"),
    "commit": _field("uid"),
    "issue": _field("id"),
    "note": _field("locale"),
    "parameter": _field("name"),
    "resourceReferenceChoice": _resource_key,
    "relatedCryptographicAsset": _field("ref", "type"),
    "formula": _single,
}
# By the property that holds the array, for items the schema defines inline.
_BY_PROPERTY: Final[dict[str, Callable[[dict[str, Any]], Key | None]]] = {
    "datasets": _dataset_key,
    "affects": _field("ref"),
    "environmentVars": _field("name"),
    "lifecycles": _lifecycle_key,
    "references": _field("id"),
}


def item_key(items: Shape, name: str | None) -> KeyFunction:
    """Return the function that gives each item of an array its pairing key.

    ``items`` is the schema shape of the array's items, ``name`` the property that holds the array. An item with
    a ``bom-ref`` is keyed by it; a formula without one pairs with the other input's only formula.

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> shape = document_shape(SpecVersion.V1_6)
    >>> key_of = item_key(shape.properties["dependencies"].items, "dependencies")
    >>> key_of({"ref": "a", "dependsOn": ["b"]}), key_of("not an object")[0]
    (('ref', 'a'), '=')
    """
    natural = _BY_DEFINITION.get(items.definition or "") or _BY_PROPERTY.get(name or "")
    with_refs = "bom-ref" in items.properties

    def key(item: Any) -> Key:
        if type(item) is dict:
            if with_refs:
                ref = item.get("bom-ref")
                if type(ref) is str:
                    return ("bom-ref", ref)
            if natural is not None:
                found = natural(item)
                if found is not None:
                    return found
        return content_key(item)

    return key


_FAST_FIELDS: Final[dict[str, str]] = {"dependency": "ref", "hash": "alg", "property": "name"}


def fast_field(items: Shape, name: str | None) -> str | None:
    """The one string field that keys the items when every item has it (``bom-ref``, a dependency's ``ref``,
    a hash's ``alg``, a property's ``name``), so that pairing needs no key objects; None when there is none.

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> fast_field(document_shape(SpecVersion.V1_6).properties["dependencies"].items, "dependencies")
    'ref'
    """
    if "bom-ref" in items.properties:
        return "bom-ref"
    return _FAST_FIELDS.get(items.definition or "")


def align(
    lists: Sequence[Sequence[Any] | None], items: Shape, name: str | None, *, base_last: bool = False
) -> tuple[list[Any], list[dict[Any, Any] | None]]:
    """Pair the items of several arrays: return every key in order of first appearance, and for each array its
    ``{key: item}`` index (None for an absent array).

    Keys are the items' :func:`fast_field` when every item of every array has it, else :func:`item_key`'s. An
    array in which a natural key repeats (two properties with the same name) is paired by content instead, and
    then so are the others, so nothing is lost; a repeated equal item keeps its repetitions apart.

    Components and services (outside an ordered array such as ``ancestors``) that share a ``bom-ref`` pair
    only if they are one component or service by the rules the component trees follow
    (:mod:`aibom.merge.tree`): a different one gets a key of its own, so it stays apart (and the merge renames
    it). With ``base_last`` (a three-way merge) the last list is the base, and a ``bom-ref`` it has pairs as
    it is: the sides inherited it.

    >>> from aibom.merge.values import ANY
    >>> keys, indexes = align([[1, 2], None, [2, 3]], ANY, None)
    >>> [key[2] for key in keys], indexes[1]
    ([1, 2, 3], None)
    """
    field = fast_field(items, name)
    keyed = _by_field(lists, field) if field is not None else None
    if keyed is None:
        keyed = _keyed(lists, item_key(items, name))
    if keyed is None:
        keyed = _keyed(lists, content_key, number_repeats=True)
        assert keyed is not None
    indexes: list[dict[Any, Any] | None] = [None if entries is None else dict(entries) for entries in keyed]
    same = _SAME.get(items.definition or "")
    if same is not None and name not in ORDERED_KEYS and sum(index is not None for index in indexes) > 1:
        _separate(indexes, same, base_last)
    present = [index for index in indexes if index is not None]
    if not present:
        return [], indexes
    order = list(present[0])
    if len(present) > 1:
        seen = set(order)
        for index in present[1:]:
            for key in index:
                if key not in seen:
                    seen.add(key)
                    order.append(key)
    return order, indexes


def pair_two(ours: list[Any], theirs: list[Any], items: Shape, name: str | None) -> list[tuple[Any, Any]] | None:
    """Pair the items of two arrays as :func:`align` does when a :func:`fast_field` keys them, in one pass: each
    item of ``ours`` with the item of ``theirs`` of the same key (or ``MISSING``), then the items only ``theirs``
    has. None when :func:`align` must pair them (no such field, a key missing, not a string or repeated;
    components or services).

    >>> from aibom._shape import document_shape
    >>> from aibom.spec import SpecVersion
    >>> dependency = document_shape(SpecVersion.V1_6).properties["dependencies"].items
    >>> pair_two([{"ref": "a"}, {"ref": "b"}], [{"ref": "c"}, {"ref": "a", "dependsOn": ["c"]}], dependency, None)
    [({'ref': 'a'}, {'ref': 'a', 'dependsOn': ['c']}), ({'ref': 'b'}, MISSING), (MISSING, {'ref': 'c'})]
    """
    field = fast_field(items, name)
    if field is None or (items.definition or "") in _SAME:
        return None
    try:
        our_keys = [item[field] for item in ours]
        their_keys = [item[field] for item in theirs]
    except (KeyError, TypeError, IndexError):
        return None
    if not set(map(type, our_keys)) <= _STRINGS or not set(map(type, their_keys)) <= _STRINGS:
        return None
    by_key = dict(zip(their_keys, theirs, strict=True))
    if len(by_key) != len(theirs) or len(set(our_keys)) != len(ours):
        return None
    pairs = [(mine, by_key.pop(key, MISSING)) for key, mine in zip(our_keys, ours, strict=True)]
    pairs.extend((MISSING, other) for other in by_key.values())
    return pairs


def unite(ours: list[Any], theirs: list[Any]) -> list[Any] | None:
    """Two arrays of distinct strings merged as the merge engine merges arrays that :func:`align` keys by content
    (each string by itself): ``ours``, then the strings only ``theirs`` has. None for any other arrays.

    >>> unite(["a", "b"], ["c", "a"]), unite(["a", "a"], ["b"]), unite([{"ref": "a"}], [])
    (['a', 'b', 'c'], None, None)
    """
    if not set(map(type, ours)) <= _STRINGS or not set(map(type, theirs)) <= _STRINGS:
        return None
    known = set(ours)
    if len(known) != len(ours) or len(set(theirs)) != len(theirs):
        return None
    return ours + [item for item in theirs if item not in known]


_STRINGS: Final[frozenset[type]] = frozenset({str})
_SAME: Final[dict[str, Callable[[dict[str, Any], dict[str, Any]], bool]]] = {
    "component": same_component,
    "service": same_service,
}


def _separate(
    indexes: list[dict[Any, Any] | None],
    same: Callable[[dict[str, Any], dict[str, Any]], bool],
    base_last: bool,
) -> None:
    """Give an item keyed by a ``bom-ref`` that an earlier list's item holds for a different element a key
    of its own, ``("bom-ref", ref, n)``: the first earlier variant it is the same element as, else a new one."""
    trusted: Container[str] = ()
    if base_last and indexes[-1] is not None:
        trusted = {
            ref for item in indexes[-1].values() if type(item) is dict and type(ref := item.get("bom-ref")) is str
        }
    variants: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    for position, index in enumerate(indexes):
        if index is None:
            continue
        renamed: dict[Any, Any] | None = None
        for key, item in index.items():
            if type(item) is not dict:
                continue
            ref = item.get("bom-ref")
            if type(ref) is not str or ref in trusted or not (key == ref or key == ("bom-ref", ref)):
                continue
            known = variants.get(ref)
            if known is None:
                variants[ref] = [(key, item)]
                continue
            for variant, other in known:
                if other is item or other == item or same(other, item):
                    break
            else:
                variant = ("bom-ref", ref, len(known))
                known.append((variant, item))
            if variant != key:
                if renamed is None:
                    renamed = {}
                renamed[key] = variant
        if renamed:
            indexes[position] = {renamed.get(key, key): item for key, item in index.items()}


def _by_field(lists: Sequence[Sequence[Any] | None], field: str) -> list[Any] | None:
    keyed: list[Any] = []
    for items in lists:
        if items is None:
            keyed.append(None)
            continue
        try:
            keys = [item[field] for item in items]
        except (KeyError, TypeError, IndexError):
            return None
        if not all(type(key) is str for key in keys) or len(set(keys)) != len(keys):
            return None
        keyed.append(zip(keys, items, strict=True))
    return keyed


def _keyed(
    lists: Sequence[Sequence[Any] | None], key_of: KeyFunction, *, number_repeats: bool = False
) -> list[Any] | None:
    keyed: list[Any] = []
    for items in lists:
        if items is None:
            keyed.append(None)
            continue
        entries = [(key_of(item), item) for item in items]
        if len({key for key, _ in entries}) != len(entries):
            if not number_repeats:
                return None
            seen: dict[Key, int] = {}
            numbered = []
            for key, item in entries:
                count = seen.get(key, 0)
                seen[key] = count + 1
                numbered.append(((*key, count) if count else key, item))
            entries = numbered
        keyed.append(entries)
    return keyed
