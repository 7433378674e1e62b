"""Component identity across two BOMs: which component of one document is which component of another.

Diff and merge both need to pair the components of two documents. Position means
nothing (tools sort components differently), and no single field is reliable (one
tool sets ``bom-ref`` to the purl with its version, another to a counter), so
components are paired by these rules, in this order, each rule pairing only what
the previous rules left:

1. ``bom-ref``, when both sides carry the same one;
2. ``purl``: first the exact purl, then the purl **without its version and without
   its qualifiers** (``pkg:pypi/torch@2.1.0?arch=x86_64`` -> ``pkg:pypi/torch``; the
   purl type is lower-cased; a ``#subpath`` is kept, since it names a different
   part of the package). Qualifiers go because producers move version facts into
   them (``tag``, ``checksum``, ``download_url``); variants that differ only in a
   qualifier are still told apart by the exact-purl step as long as they keep it;
3. ``(type, group, name)``;
4. **rename**: what is left on both sides is paired when the two components share
   a hash (same algorithm and content, case-insensitive): the bytes are the same,
   only the name changed.

When a key is shared by several components on a side, they pair in document
order. Every rule is a dict lookup, so matching is linear in the number of
components. Services pair by ``bom-ref``, then ``(group, name)``.

>>> old = [{"type": "library", "name": "numpy", "purl": "pkg:pypi/numpy@1.26.0"},
...        {"type": "file", "name": "model.bin", "hashes": [{"alg": "SHA-256", "content": "ab"}]}]
>>> new = [{"type": "file", "name": "weights.bin", "hashes": [{"alg": "SHA-256", "content": "AB"}]},
...        {"type": "library", "name": "numpy", "purl": "pkg:pypi/numpy@2.0.0"}]
>>> matching = match_components(old, new)
>>> [(pair.old, pair.new, pair.rule) for pair in matching.pairs]
[(0, 1, 'purl'), (1, 0, 'hash')]
>>> [(pair.old, pair.new) for pair in matching.renames]
[(1, 0)]

The key functions are public so that merge de-duplicates by the same rules:

>>> identity_keys({"type": "library", "bom-ref": "np", "name": "numpy", "purl": "pkg:pypi/numpy@1.26.0"})
(('bom-ref', 'np'), ('purl', 'pkg:pypi/numpy@1.26.0'), ('purl-name', 'pkg:pypi/numpy'), ('name', 'library||numpy'))
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from aibom._pointer import pointer

__all__ = [
    "RULES",
    "IdentityKey",
    "Located",
    "Matching",
    "Pair",
    "component_dicts",
    "component_label",
    "flatten_components",
    "flatten_services",
    "hash_keys",
    "identity_keys",
    "match_components",
    "match_services",
    "purl_identity",
    "service_dicts",
    "service_identity_keys",
    "service_label",
]


def __dir__() -> list[str]:
    return __all__


IdentityKey = tuple[str, str]
"""``(rule, value)``: ``("bom-ref", ref)``, ``("purl", purl)``, ``("purl-name", purl without version)``,
``("name", "type|group|name")`` or ``("hash", "ALG:content")``. Two components with a common key of the
same rule are the same component under that rule."""

RULES: Final = ("bom-ref", "purl", "name", "hash")
"""The matching rules, in the order they are tried (``Pair.rule`` is one of them)."""


class Pair(NamedTuple):
    """One pairing: ``old`` and ``new`` are indexes into the two sequences given to the matcher."""

    old: int
    new: int
    rule: str


class Located(NamedTuple):
    """A component (or service) dict of a document with its path (JSON pointer tokens)."""

    value: dict[str, Any]
    path: tuple[str | int, ...]

    @property
    def pointer(self) -> str:
        """The JSON pointer of :attr:`path`.

        >>> Located({}, ("components", 0)).pointer
        '/components/0'
        """
        return pointer(self.path)


@dataclass(frozen=True, slots=True)
class Matching:
    """The result of :func:`match_components` / :func:`match_services`.

    ``pairs`` are ordered by old index; ``removed`` lists the old indexes nothing
    pairs with, ``added`` the new ones.
    """

    pairs: tuple[Pair, ...]
    removed: tuple[int, ...]
    added: tuple[int, ...]

    @property
    def renames(self) -> tuple[Pair, ...]:
        """The pairs made by the hash rule: the same bytes under another identity."""
        return tuple(pair for pair in self.pairs if pair.rule == "hash")

    def old_to_new(self) -> dict[int, int]:
        """``{old index: new index}`` for every pair.

        >>> match_components([{"bom-ref": "a"}], [{"bom-ref": "b"}, {"bom-ref": "a"}]).old_to_new()
        {0: 1}
        """
        return {pair.old: pair.new for pair in self.pairs}


# -- keys -------------------------------------------------------------------------------------


def purl_identity(purl: str) -> str:
    """A purl without its version and qualifiers (the subpath is kept; the type is lower-cased).

    >>> purl_identity("pkg:PyPI/torch@2.1.0?arch=x86_64#lib/x")
    'pkg:pypi/torch#lib/x'
    >>> purl_identity("pkg:npm/%40acme/left-pad@1.0.0")
    'pkg:npm/%40acme/left-pad'
    """
    head, hash_sign, subpath = purl.partition("#")
    head = head.partition("?")[0]
    scheme, slash, rest = head.partition("/")
    if slash:
        # The version follows the last '@' of the name segment (a namespace may hold an encoded '@').
        last = rest.rfind("/")
        at = rest.find("@", last + 1)
        if at != -1:
            rest = rest[:at]
        head = scheme.lower() + "/" + rest
    return head + hash_sign + subpath


def identity_keys(component: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    """The identity keys of a component dict, strongest first (hashes excluded: see :func:`hash_keys`).

    >>> identity_keys({"type": "data", "group": "acme", "name": "reviews"})
    (('name', 'data|acme|reviews'),)
    """
    return _ref_keys(component) + _purl_keys(component) + _purl_name_keys(component) + _name_keys(component)


def hash_keys(component: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    """The ``("hash", "ALG:content")`` keys of a component's hashes (content lower-cased).

    >>> hash_keys({"hashes": [{"alg": "SHA-256", "content": "AB12"}]})
    (('hash', 'SHA-256:ab12'),)
    """
    hashes = component.get("hashes")
    if not isinstance(hashes, list):
        return ()
    keys: list[IdentityKey] = []
    for item in hashes:
        if isinstance(item, dict):
            alg, content = item.get("alg"), item.get("content")
            if isinstance(alg, str) and isinstance(content, str) and content:
                keys.append(("hash", f"{alg}:{content.lower()}"))
    return tuple(keys)


def service_identity_keys(service: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    """The identity keys of a service dict: ``bom-ref``, then ``(group, name)``.

    >>> service_identity_keys({"group": "acme", "name": "inference"})
    (('name', 'acme|inference'),)
    """
    return _ref_keys(service) + _service_name_keys(service)


def component_label(component: Mapping[str, Any]) -> str:
    """A short human label for a component: its ``bom-ref``, else its purl, else ``type group/name@version``.

    >>> component_label({"type": "library", "name": "numpy", "version": "2.0.0"})
    'library numpy@2.0.0'
    """
    ref = component.get("bom-ref")
    if isinstance(ref, str) and ref:
        return ref
    purl = component.get("purl")
    if isinstance(purl, str) and purl:
        return purl
    name = _text(component.get("name")) or "?"
    group = _text(component.get("group"))
    version = _text(component.get("version"))
    text = f"{group}/{name}" if group else name
    if version:
        text += f"@{version}"
    kind = _text(component.get("type"))
    return f"{kind} {text}" if kind else text


def service_label(service: Mapping[str, Any]) -> str:
    """A short human label for a service: its ``bom-ref``, else ``group/name``.

    >>> service_label({"name": "inference", "group": "acme"})
    'acme/inference'
    """
    ref = service.get("bom-ref")
    if isinstance(ref, str) and ref:
        return ref
    name = _text(service.get("name")) or "?"
    group = _text(service.get("group"))
    return f"{group}/{name}" if group else name


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


# -- flattening -------------------------------------------------------------------------------


def flatten_components(document: Mapping[str, Any]) -> tuple[Located, ...]:
    """Every component of a BOM document with its path: ``metadata.component`` first, then ``components``;
    each followed by the components nested in it (depth first). Formulation and pedigree components are
    not included (they describe how a component was made, not what the BOM contains).

    >>> doc = {"metadata": {"component": {"name": "m"}},
    ...        "components": [{"name": "a", "components": [{"name": "b"}]}]}
    >>> [located.pointer for located in flatten_components(doc)]
    ['/metadata/component', '/components/0', '/components/0/components/0']
    """
    found: list[Located] = []
    metadata = document.get("metadata")
    if isinstance(metadata, dict):
        top = metadata.get("component")
        if isinstance(top, dict):
            found.extend(_walk(top, ("metadata", "component"), "components"))
    found.extend(_walk_list(document.get("components"), ("components",), "components"))
    return tuple(found)


def flatten_services(document: Mapping[str, Any]) -> tuple[Located, ...]:
    """Every service of a BOM document (``services`` and the services nested in them) with its path.

    >>> [located.pointer for located in flatten_services({"services": [{"name": "a", "services": [{"name": "b"}]}]})]
    ['/services/0', '/services/0/services/0']
    """
    return tuple(_walk_list(document.get("services"), ("services",), "services"))


def component_dicts(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The component dicts of :func:`flatten_components`, in the same order, without their paths (faster).

    >>> [c["name"] for c in component_dicts({"components": [{"name": "a", "components": [{"name": "b"}]}]})]
    ['a', 'b']
    """
    found: list[dict[str, Any]] = []
    metadata = document.get("metadata")
    if isinstance(metadata, dict):
        top = metadata.get("component")
        if isinstance(top, dict):
            found.append(top)
            _collect(top.get("components"), "components", found)
    _collect(document.get("components"), "components", found)
    return found


def service_dicts(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The service dicts of :func:`flatten_services`, in the same order, without their paths."""
    found: list[dict[str, Any]] = []
    _collect(document.get("services"), "services", found)
    return found


def _collect(items: object, child_key: str, found: list[dict[str, Any]]) -> None:
    if type(items) is not list:
        return
    for item in items:
        if type(item) is dict:
            found.append(item)
            children = item.get(child_key)
            if children:
                _collect(children, child_key, found)


def _walk(item: dict[str, Any], path: tuple[str | int, ...], child_key: str) -> Iterator[Located]:
    yield Located(item, path)
    yield from _walk_list(item.get(child_key), (*path, child_key), child_key)


def _walk_list(items: object, path: tuple[str | int, ...], child_key: str) -> Iterator[Located]:
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield from _walk(item, (*path, index), child_key)


# -- matching ---------------------------------------------------------------------------------


def _ref_keys(item: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    ref = item.get("bom-ref")
    return (("bom-ref", ref),) if isinstance(ref, str) and ref else ()


def _purl_keys(component: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    purl = component.get("purl")
    return (("purl", purl),) if isinstance(purl, str) and purl else ()


def _purl_name_keys(component: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    purl = component.get("purl")
    return (("purl-name", purl_identity(purl)),) if isinstance(purl, str) and purl else ()


def _name_keys(component: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    name = component.get("name")
    if not isinstance(name, str):
        return ()
    return (("name", f"{_text(component.get('type'))}|{_text(component.get('group'))}|{name}"),)


def _service_name_keys(service: Mapping[str, Any]) -> tuple[IdentityKey, ...]:
    name = service.get("name")
    return (("name", f"{_text(service.get('group'))}|{name}"),) if isinstance(name, str) else ()


# The matcher's key functions: one key (or None) per item, except the hash rule's tuple of keys.
def _ref_key(item: Mapping[str, Any]) -> str | None:
    ref = item.get("bom-ref")
    return ref if type(ref) is str and ref else None


def _purl_key(item: Mapping[str, Any]) -> str | None:
    purl = item.get("purl")
    return purl if type(purl) is str and purl else None


def _purl_name_key(item: Mapping[str, Any]) -> str | None:
    purl = item.get("purl")
    return purl_identity(purl) if type(purl) is str and purl else None


def _name_key(item: Mapping[str, Any]) -> str | None:
    keys = _name_keys(item)
    return keys[0][1] if keys else None


def _service_name_key(item: Mapping[str, Any]) -> str | None:
    keys = _service_name_keys(item)
    return keys[0][1] if keys else None


def _hash_key_values(item: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(key[1] for key in hash_keys(item))


_Step = tuple[str, Callable[[Mapping[str, Any]], Any], bool]
_COMPONENT_STEPS: Final[tuple[_Step, ...]] = (
    ("bom-ref", _ref_key, False),
    ("purl", _purl_key, False),
    ("purl", _purl_name_key, False),
    ("name", _name_key, False),
    ("hash", _hash_key_values, True),
)
_SERVICE_STEPS: Final[tuple[_Step, ...]] = (
    ("bom-ref", _ref_key, False),
    ("name", _service_name_key, False),
)


def match_components(
    old_components: Sequence[Mapping[str, Any]],
    new_components: Sequence[Mapping[str, Any]],
    *,
    by_ref: bool = True,
) -> Matching:
    """Pair the components of two documents by identity (see the module documentation for the rules).

    Give it flat sequences of component dicts, e.g. ``[c.value for c in flatten_components(doc)]``.
    Runs in time linear in the number of components (and their hashes). ``by_ref=False`` leaves the ``bom-ref``
    rule out (for components whose ``bom-ref``s the caller has already paired, or does not trust).

    >>> m = match_components([{"type": "library", "name": "a"}, {"type": "library", "name": "gone"}],
    ...                      [{"type": "library", "name": "a", "version": "2"}, {"type": "library", "name": "new"}])
    >>> m.pairs, m.removed, m.added
    ((Pair(old=0, new=0, rule='name'),), (1,), (1,))
    """
    return _match(old_components, new_components, _COMPONENT_STEPS if by_ref else _COMPONENT_STEPS[1:])


def match_services(
    old_services: Sequence[Mapping[str, Any]], new_services: Sequence[Mapping[str, Any]], *, by_ref: bool = True
) -> Matching:
    """Pair services by ``bom-ref``, then ``(group, name)`` (``by_ref=False``: by ``(group, name)`` alone).

    >>> match_services([{"name": "api"}], [{"bom-ref": "x", "name": "api"}]).pairs
    (Pair(old=0, new=0, rule='name'),)
    """
    return _match(old_services, new_services, _SERVICE_STEPS if by_ref else _SERVICE_STEPS[1:])


def _pair_by_refs_in_bulk(
    old: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    new_of_old: list[int],
    rule_of_old: list[str],
    new_taken: list[bool],
) -> None:
    """The bom-ref rule for the first holder of each bom-ref on both sides, in one pass (the general step
    that follows pairs what is left: repeated bom-refs). This is what keeps 100,000 components fast."""
    get = operator.methodcaller("get", "bom-ref")
    try:
        new_refs = list(map(get, new))
        old_refs = list(map(get, old))
    except AttributeError:  # an item that is not a mapping: leave it all to the general step
        return
    new_at: dict[str, int] = {}
    for j, ref in enumerate(new_refs):
        if type(ref) is str and ref and ref not in new_at:
            new_at[ref] = j
    for i, ref in enumerate(old_refs):
        if type(ref) is str:
            j = new_at.pop(ref, -1)
            if j >= 0:
                new_of_old[i] = j
                rule_of_old[i] = "bom-ref"
                new_taken[j] = True


def _index_add(index: dict[Any, Any], key: Any, j: int) -> None:
    held = index.get(key)
    if held is None:
        index[key] = j
    elif type(held) is int:
        if held != j:
            index[key] = [held, j]
    elif held[-1] != j:
        held.append(j)


def _match(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], steps: Sequence[_Step]) -> Matching:
    new_of_old: list[int] = [-1] * len(old)
    rule_of_old: list[str] = [""] * len(old)
    new_taken = [False] * len(new)
    remaining_old: Sequence[int] = range(len(old))
    remaining_new: Sequence[int] = range(len(new))
    for rule, key_of, multi in steps:
        if not remaining_old or not remaining_new:
            break
        if key_of is _ref_key:
            _pair_by_refs_in_bulk(old, new, new_of_old, rule_of_old, new_taken)
            remaining_old = [i for i, j in enumerate(new_of_old) if j < 0]
            remaining_new = [j for j, taken in enumerate(new_taken) if not taken]
            if not remaining_old or not remaining_new:
                break
        # index: key -> the new index holding it, or the list of them when several do (in document order)
        index: dict[Any, Any] = {}
        for j in remaining_new:
            if multi:
                for key in key_of(new[j]):
                    _index_add(index, key, j)
            else:
                key = key_of(new[j])
                if key is not None:
                    if key in index:
                        _index_add(index, key, j)
                    else:
                        index[key] = j
        if not index:
            continue
        matched = False
        for i in remaining_old:
            keys = key_of(old[i]) if multi else (key_of(old[i]),)
            for key in keys:
                held = index.get(key) if key is not None else None
                if held is None:
                    continue
                if type(held) is int:
                    if new_taken[held]:
                        continue
                    j = held
                else:
                    while held and new_taken[held[0]]:
                        held.pop(0)
                    if not held:
                        continue
                    j = held.pop(0)
                new_taken[j] = True
                new_of_old[i] = j
                rule_of_old[i] = rule
                matched = True
                break
        if matched:
            remaining_old = [i for i in remaining_old if new_of_old[i] < 0]
            remaining_new = [j for j in remaining_new if not new_taken[j]]
    pairs = tuple(Pair(i, j, rule_of_old[i]) for i, j in enumerate(new_of_old) if j >= 0)
    return Matching(pairs=pairs, removed=tuple(remaining_old), added=tuple(remaining_new))
