"""Comparing two BOMs: :func:`diff`.

The comparison walks both documents together. Equal subtrees are skipped with one
C-level ``==``; components are paired by identity (:mod:`aibom.identity`) across
the whole document, other arrays by the key :mod:`aibom.diff.concepts` gives
them; so the work is linear in the size of the documents and proportional to
what changed.
"""

from __future__ import annotations

import contextlib
import functools
import math
import operator
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Final, TypedDict

import msgspec
import orjson

from aibom._gc import gc_paused
from aibom._parse import parse
from aibom._pointer import pointer
from aibom._shape import bom_fields
from aibom._source import Source, SourceLike, reading
from aibom._split import Split, parse_item, split_components
from aibom._values import as_number, json_bytes, json_copy
from aibom.bom import Bom
from aibom.diff.change import Change
from aibom.diff.concepts import ROOT, ArraySpec, Scope, array_spec, child_scope, component_scope, item_scope
from aibom.diff.delta import Delta
from aibom.errors import InvalidArgument, too_deep
from aibom.identity import (
    Pair,
    component_dicts,
    component_label,
    match_components,
    match_services,
    service_dicts,
    service_label,
)

__all__ = ["DEFAULT_IGNORE", "diff"]


def __dir__() -> list[str]:
    return __all__


DEFAULT_IGNORE: Final = ("serialNumber", "metadata.timestamp", "version", "$schema")
"""Fields whose changes :func:`diff` does not count by default: dotted paths from the document root
(``version`` is the BOM's own version, not a component's; ``$schema`` is a JSON-only annotation that
the XML form does not carry)."""

_REFERENCE_LISTS: Final = frozenset({"dependsOn", "provides", "assemblies", "dependencies", "subjects"})

Token = str | int
Path = tuple[Token, ...]


def diff(
    old: Bom | SourceLike,
    new: Bom | SourceLike,
    *,
    ignore: Iterable[str] = DEFAULT_IGNORE,
    strict: bool = False,
    tolerance: float = 0.0,
) -> Delta:
    """Compare two BOMs and return what changed, in AI terms where it can.

    ``old`` and ``new`` are :class:`~aibom.Bom` objects or anything :func:`aibom.load`
    reads (a path, JSON or XML text or bytes, a dict). Components are matched by
    identity, not position (:mod:`aibom.identity`); every change carries its kind,
    its old and new value and its JSON pointer in both documents.

    What does not count (the changes are still in :attr:`Delta.ignored`, so that
    :func:`~aibom.diff.apply` reproduces ``new`` exactly):

    * the fields named in ``ignore``: dotted paths from the document root, ``*``
      matching any one key or array index (default: ``serialNumber``,
      ``metadata.timestamp``, the BOM's ``version`` and ``$schema``);
    * the order of arrays whose order means nothing (components, dependencies,
      hashes, licenses, properties, metrics, ...; a lineage chain of ancestors and
      workflow steps are ordered);
    * a reference (a ``ref``, a ``dependsOn`` item, a property value, ...) rewritten
      because the component it names changed its ``bom-ref``;
    * a hyperparameter or metric value equal as a number (``0.001`` / ``1e-3``) or
      within ``tolerance``, relative (``0.01``: within 1 %).

    ``strict=True`` counts everything (``ignore`` and ``tolerance`` are not used).

    >>> import aibom
    >>> from aibom.diff import Delta, apply, diff
    >>> a = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...      "components": [{"type": "machine-learning-model", "bom-ref": "m", "name": "m", "modelCard": {
    ...          "quantitativeAnalysis": {"performanceMetrics": [{"type": "accuracy", "value": "0.91"}]}}}]}
    >>> b = {**a, "components": [{"type": "machine-learning-model", "bom-ref": "m", "name": "m", "modelCard": {
    ...          "quantitativeAnalysis": {"performanceMetrics": [{"type": "accuracy", "value": "0.93"}]}}}]}
    >>> [(c.kind, c.subject, c.old, c.new) for c in diff(a, b)]
    [('metric', 'modelCard.quantitativeAnalysis.performanceMetrics[accuracy].value', '0.91', '0.93')]
    >>> bool(diff(a, {**a, "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"}))
    False
    """
    patterns = _patterns(ignore)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise InvalidArgument(f"tolerance must be a number >= 0, got {tolerance!r}", expected="a number >= 0")
    new_differ = functools.partial(
        _Differ, patterns=() if strict else patterns, strict=strict, tolerance=float(tolerance)
    )
    with gc_paused(), contextlib.ExitStack() as stack:
        old_input = old if isinstance(old, Bom) else stack.enter_context(reading(old))
        new_input = new if isinstance(new, Bom) else stack.enter_context(reading(new))
        try:
            if isinstance(old_input, Source) and isinstance(new_input, Source):
                delta = _diff_texts(old_input, new_input, new_differ)
                if delta is not None:
                    return delta
            old_document, old_owned = _document(old_input)
            new_document, new_owned = _document(new_input)
            differ = new_differ(copy_values=not (old_owned and new_owned))
            return differ.run(old_document, new_document)
        except RecursionError:
            raise too_deep("compare") from None


def _diff_texts(old: Source, new: Source, new_differ: Callable[..., _Differ]) -> Delta | None:
    """Compare two JSON texts with their top-level components left raw (:mod:`aibom._split`): a component whose
    text is the same on both sides is never parsed. None when the whole-tree comparison must take them (no
    top-level components, nested components, a component that is not an object or does not parse)."""
    if old.format != "json" or new.format != "json":
        return None
    if isinstance(old.payload, dict) or isinstance(new.payload, dict):
        return None
    with (
        split_components(old.payload, source=old.name, utf8_checked=True) as old_parts,
        split_components(new.payload, source=new.name, utf8_checked=True) as new_parts,
    ):
        if old_parts is None or new_parts is None or old_parts.components is None or new_parts.components is None:
            return None
        old_identities = _identities(old_parts.components)
        new_identities = _identities(new_parts.components) if old_identities is not None else None
        if old_identities is None or new_identities is None:
            return None
        try:
            return new_differ(copy_values=False).run_split(old_parts, new_parts, old_identities, new_identities)
        except _Unparsed:
            return None


_IDENTITY = msgspec.json.Decoder(
    TypedDict(  # type: ignore[operator]
        "_Identity",
        {key: Any for key in ("bom-ref", "purl", "type", "group", "name", "hashes")} | {"components": msgspec.Raw},
        total=False,
    )
)


class _Unparsed(Exception):
    """A raw component that does not parse: the whole-tree comparison reports it."""


def _identities(components: list[msgspec.Raw]) -> list[dict[str, Any]] | None:
    """The identity fields of each raw component (what :func:`aibom.identity.match_components` reads), or None
    when one is not an object or has nested components."""
    decode = _IDENTITY.decode
    try:
        identities = [decode(component) for component in components]
    except (msgspec.DecodeError, RecursionError):
        return None
    if any("components" in identity for identity in identities):
        return None
    return identities


def _parsed(component: msgspec.Raw) -> Any:
    try:
        return parse_item(component)
    except (msgspec.DecodeError, RecursionError):
        raise _Unparsed from None


def _patterns(ignore: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    if isinstance(ignore, str):
        raise InvalidArgument("ignore must be a collection of dotted paths, not a string", expected='("version",)')
    patterns = []
    for item in ignore:
        if not isinstance(item, str) or not item:
            raise InvalidArgument(f"ignore paths must be non-empty strings, got {item!r}", expected="a dotted path")
        patterns.append(tuple(item.split(".")))
    return tuple(patterns)


def _document(source: Bom | Source) -> tuple[dict[str, Any], bool]:
    """The JSON document of ``source`` (read as :func:`aibom.load` reads it), and whether it is private to the
    comparison (parsed here)."""
    if isinstance(source, Bom):
        return source.document, False
    return parse(source).document, True


def _pointer(path: Path) -> str:
    """The JSON pointer of a path (:func:`aibom._pointer.pointer`, for the hot path)."""
    if not path:
        return ""
    text = "/".join(map(str, path))
    if "~" in text or text.count("/") != len(path) - 1:  # a token to escape
        return pointer(path)
    return "/" + text


def _same(value: str) -> str:
    return value


def _canonical(value: Any) -> bytes:
    try:
        return json_bytes(value, orjson.OPT_SORT_KEYS)
    except TypeError:
        return repr(value).encode()


def _formulation_components(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The components of every formula."""
    found: list[dict[str, Any]] = []
    formulation = document.get("formulation")
    if isinstance(formulation, list):
        for formula in formulation:
            if isinstance(formula, dict):
                found.extend(component_dicts({"components": formula.get("components")}))
    return found


class _Differ:
    """One comparison: the identity of components across the documents, and the changes found so far."""

    __slots__ = (
        "changes",
        "copy_values",
        "heads",
        "ignored",
        "own_new",
        "own_old",
        "partner",
        "patterns",
        "rules",
        "strict",
        "tolerance",
        "translation",
    )

    def __init__(
        self, *, patterns: tuple[tuple[str, ...], ...], strict: bool, tolerance: float, copy_values: bool
    ) -> None:
        self.patterns = patterns
        self.heads = frozenset(pattern[0] for pattern in patterns)
        self.strict = strict
        self.tolerance = tolerance
        self.copy_values = copy_values
        self.changes: list[Change] = []
        self.ignored: list[Change] = []
        self.partner: dict[int, dict[str, Any]] = {}
        self.rules: dict[int, str] = {}
        self.own_old: set[int] = set()
        self.own_new: set[int] = set()
        self.translation: dict[str, str] = {}

    # -- setup --------------------------------------------------------------------------------

    def run(self, old: dict[str, Any], new: dict[str, Any]) -> Delta:
        old_components, self.own_old = _own_components(old)
        new_components, self.own_new = _own_components(new)
        self._pair(old_components, new_components)
        self._follow_renames(old, new)
        self.value(old, new, (), (), ROOT)
        return self._delta()

    def run_split(
        self, old: Split, new: Split, old_identities: list[dict[str, Any]], new_identities: list[dict[str, Any]]
    ) -> Delta:
        """:meth:`run` for two documents split at their top-level components, given the identity fields of each
        (the same pairing, the same changes)."""
        assert old.components is not None and new.components is not None
        old_components, self.own_old = _own_components(old.rest)
        new_components, self.own_new = _own_components(new.rest)
        old_first, new_first = len(old_components), len(new_components)
        pairs = self._pair(old_components + old_identities, new_components + new_identities)
        top = [(i - old_first, j - new_first, how) for i, j, how in pairs if i >= old_first and j >= new_first]
        paired_old = {i for i, _, _ in top}
        paired_new = {j for _, j, _ in top}
        removed = [i for i in range(len(old.components)) if i not in paired_old]
        added = [j for j in range(len(new.components)) if j not in paired_new]
        self._follow_renames(old.rest, new.rest)
        self.value(old.rest, new.rest, (), (), ROOT)
        # The top-level components: a pair with the same text is equal without being parsed; the others are
        # parsed, compared and dropped one pair at a time.
        old_raw, new_raw = old.components, new.components
        scope = child_scope(ROOT, "components")
        self.items(
            lambda i: _parsed(old_raw[i]),
            lambda j: _parsed(new_raw[j]),
            top,
            removed,
            added,
            ("components",),
            ("components",),
            scope,
            array_spec(scope),
            same_text=lambda i, j: old_raw[i] == new_raw[j],
        )
        return self._delta()

    def _pair(self, old_components: list[dict[str, Any]], new_components: list[dict[str, Any]]) -> list[Pair]:
        """Pair the BOM's own components document-wide, noting each one's partner and the rule that paired it."""
        matching = match_components(old_components, new_components)
        partner, rules = self.partner, self.rules
        for i, j, how in matching.pairs:
            before, after = old_components[i], new_components[j]
            partner[id(before)] = after
            if how != "bom-ref":
                rules[id(before)] = how
                self._translate(before, after)
        return list(matching.pairs)

    def _follow_renames(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """References can also name services and formulation components: follow their renames too."""
        for flatten, match in ((service_dicts, match_services), (_formulation_components, match_components)):
            before_items, after_items = flatten(old), flatten(new)
            for pair in match(before_items, after_items).pairs:
                self._translate(before_items[pair.old], after_items[pair.new])

    def _delta(self) -> Delta:
        """The changes found, grouped by top-level field in the schema's order (in document order within each)."""
        return Delta(tuple(_in_field_order(self.changes)), tuple(_in_field_order(self.ignored)))

    def _translate(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        old_ref, new_ref = before.get("bom-ref"), after.get("bom-ref")
        if isinstance(old_ref, str) and isinstance(new_ref, str) and old_ref != new_ref:
            self.translation[old_ref] = new_ref

    def _old_key(self, value: str) -> str:
        return self.translation.get(value, value)

    # -- emitting -----------------------------------------------------------------------------

    def emit(
        self, op: str, old_path: Path, new_path: Path, old: Any, new: Any, scope: Scope, *, ignored: bool = False
    ) -> None:
        if not ignored and self.patterns and (self._volatile(old_path) or self._volatile(new_path)):
            ignored = True
        if self.copy_values:
            old, new = json_copy(old), json_copy(new)
        change = Change(scope.kind, op, _pointer(old_path), _pointer(new_path), old, new, scope.label, scope.subject)
        (self.ignored if ignored else self.changes).append(change)

    def _volatile(self, path: Path) -> bool:
        if not path or (path[0] not in self.heads and "*" not in self.heads):
            return False
        for pattern in self.patterns:
            if len(path) >= len(pattern) and all(
                part == "*" or part == str(token) for part, token in zip(pattern, path)
            ):
                return True
        return False

    # -- walking ------------------------------------------------------------------------------

    def value(self, old: Any, new: Any, old_path: Path, new_path: Path, scope: Scope) -> None:
        if old == new:
            return
        if scope.state == "component-slot":
            self.slot(old, new, old_path, new_path, scope)
        elif type(old) is dict and type(new) is dict:
            self.object(old, new, old_path, new_path, scope)
        elif type(old) is list and type(new) is list:
            self.array(old, new, old_path, new_path, scope)
        else:
            self.scalar(old, new, old_path, new_path, scope)

    def object(self, old: dict[str, Any], new: dict[str, Any], old_path: Path, new_path: Path, scope: Scope) -> None:
        for key, before in old.items():
            if key in new:
                after = new[key]
                if before is after or before == after:
                    continue
                self.value(before, after, (*old_path, key), (*new_path, key), child_scope(scope, key))
            else:
                self.emit("remove", (*old_path, key), (*new_path, key), before, None, child_scope(scope, key))
        for key, after in new.items():
            if key not in old:
                self.emit("add", (*old_path, key), (*new_path, key), None, after, child_scope(scope, key))

    def slot(self, old: Any, new: Any, old_path: Path, new_path: Path, scope: Scope) -> None:
        """``metadata.component``: compared field by field when it is the same component, else replaced."""
        if type(old) is dict and type(new) is dict and self.partner.get(id(old)) is new:
            inner = component_scope(new)
            if self.rules.get(id(old)) == "hash":
                self.emit("rename", old_path, new_path, component_scope(old).label, inner.label, inner)
            self.object(old, new, old_path, new_path, inner)
            return
        shown = new if isinstance(new, dict) else old
        kind_scope = component_scope(shown) if isinstance(shown, dict) else scope
        self.emit("replace", old_path, new_path, old, new, kind_scope)

    def scalar(self, old: Any, new: Any, old_path: Path, new_path: Path, scope: Scope) -> None:
        ignored = False
        if not self.strict:
            if scope.state == "number":
                before, after = as_number(old), as_number(new)
                ignored = (
                    before is not None
                    and after is not None
                    and math.isclose(before, after, rel_tol=self.tolerance, abs_tol=0.0)
                )
            elif isinstance(old, str) and self.translation.get(old) == new and _is_reference(old_path):
                ignored = True
        self.emit("replace", old_path, new_path, old, new, scope, ignored=ignored)

    def array(self, old: list[Any], new: list[Any], old_path: Path, new_path: Path, scope: Scope) -> None:
        spec = array_spec(scope)
        if spec.identity:
            pairs, removed, added = self.identity_pairs(old, new, spec)
        else:
            pairs, removed, added = self.keyed_pairs(old, new, range(len(old)), range(len(new)), spec)
        self.items(old.__getitem__, new.__getitem__, pairs, removed, added, old_path, new_path, scope, spec)

    def items(
        self,
        old_item: Callable[[int], Any],
        new_item: Callable[[int], Any],
        pairs: list[tuple[int, int, str]],
        removed: list[int],
        added: list[int],
        old_path: Path,
        new_path: Path,
        scope: Scope,
        spec: ArraySpec,
        same_text: Callable[[int, int], bool] | None = None,
    ) -> None:
        """The changes of an array whose items are paired: renames, changed pairs, removed and added items, and a
        reordering. ``old_item``/``new_item`` give an item by index; ``same_text``, when given, tells a pair that is
        equal without getting its items (two raw components with the same text)."""
        for i, j, rule in pairs:
            if same_text is not None and rule != "hash" and same_text(i, j):
                continue
            before, after = old_item(i), new_item(j)
            if rule == "hash":
                label = component_label if spec.identity == "components" else service_label
                self.emit(
                    "rename",
                    (*old_path, i),
                    (*new_path, j),
                    label(before),
                    label(after),
                    item_scope(scope, after, None),
                )
            if before is after or before == after:
                continue
            self.value(before, after, (*old_path, i), (*new_path, j), item_scope(scope, after, _key(spec, after)))
        for i in removed:
            before = old_item(i)
            self.emit(
                "remove", (*old_path, i), (*new_path, "-"), before, None, item_scope(scope, before, _key(spec, before))
            )
        for j in added:
            after = new_item(j)
            self.emit("add", (*old_path, "-"), (*new_path, j), None, after, item_scope(scope, after, _key(spec, after)))
        targets = [j for _, j, _ in pairs]
        if targets != sorted(targets):
            self.emit(
                "reorder",
                old_path,
                new_path,
                [i for i, _, _ in pairs],
                targets,
                scope,
                ignored=not (spec.ordered or self.strict),
            )

    # -- pairing array items --------------------------------------------------------------------

    def identity_pairs(
        self, old: list[Any], new: list[Any], spec: ArraySpec
    ) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
        """Pair the items of a component or service array by identity (document-wide when the array
        holds the BOM's own components, else within the array)."""
        if spec.identity == "components" and (id(old) in self.own_old or id(new) in self.own_new):
            pairs, old_left, new_left = self._global_pairs(old, new)
        else:
            old_dicts = [i for i, item in enumerate(old) if type(item) is dict]
            new_dicts = [j for j, item in enumerate(new) if type(item) is dict]
            match = match_components if spec.identity == "components" else match_services
            matching = match([old[i] for i in old_dicts], [new[j] for j in new_dicts])
            pairs = [(old_dicts[p.old], new_dicts[p.new], p.rule) for p in matching.pairs]
            old_left = [old_dicts[i] for i in matching.removed]
            new_left = [new_dicts[j] for j in matching.added]
            old_left += [i for i, item in enumerate(old) if type(item) is not dict]
            new_left += [j for j, item in enumerate(new) if type(item) is not dict]
        old_other = [i for i in old_left if type(old[i]) is not dict]
        new_other = [j for j in new_left if type(new[j]) is not dict]
        if old_other or new_other:
            # Items that are not objects (invalid, but kept): paired by value.
            more, removed, added = self.keyed_pairs(old, new, old_other, new_other, spec)
            pairs = sorted(pairs + more)
            old_left = sorted([i for i in old_left if type(old[i]) is dict] + removed)
            new_left = sorted([j for j in new_left if type(new[j]) is dict] + added)
        else:
            pairs.sort()
            old_left.sort()
            new_left.sort()
        return pairs, old_left, new_left

    def _global_pairs(self, old: list[Any], new: list[Any]) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
        """Pair the BOM's own components of two arrays by the document-wide matching."""
        partner, rules = self.partner, self.rules
        position = {id(item): j for j, item in enumerate(new)}
        paired = [False] * len(new)
        pairs: list[tuple[int, int, str]] = []
        old_left: list[int] = []
        for i, item in enumerate(old):
            found = partner.get(id(item))
            j = -1 if found is None else position.get(id(found), -1)
            if j < 0:
                old_left.append(i)
            else:
                pairs.append((i, j, rules.get(id(item), "bom-ref")))
                paired[j] = True
        return pairs, old_left, [j for j, done in enumerate(paired) if not done]

    def _bulk_keys(
        self, old: list[Any], new: list[Any], old_indexes: list[int], new_indexes: list[int], spec: ArraySpec
    ) -> tuple[list[Hashable], list[Hashable]] | None:
        """The keys of :meth:`keyed_pairs` for an array keyed by one string field, computed in bulk."""
        old_keys = _field_values(old, old_indexes, spec.field)
        new_keys = _field_values(new, new_indexes, spec.field)
        if old_keys is None or new_keys is None:
            return None
        if spec.translated and self.translation:
            translation = self.translation.get
            old_keys = [translation(value, value) for value in old_keys]
        return old_keys, new_keys

    def keyed_pairs(
        self,
        old: list[Any],
        new: list[Any],
        old_indexes: Iterable[int],
        new_indexes: Iterable[int],
        spec: ArraySpec,
    ) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
        """Pair array items by key; items sharing a key pair first when equal, then in order."""
        old_indexes, new_indexes = list(old_indexes), list(new_indexes)
        keys = self._bulk_keys(old, new, old_indexes, new_indexes, spec) if spec.field else None
        if keys is None:
            key, translate = spec.key, self._old_key
            old_keys: list[Hashable] = [key(old[i], translate) for i in old_indexes]
            new_keys: list[Hashable] = [key(new[j], _same) for j in new_indexes]
        else:
            old_keys, new_keys = keys
        if old_keys == new_keys and None not in old_keys and len(set(old_keys)) == len(old_keys):
            # The same distinct keys in the same order (the usual case for what changed in place).
            return [(i, j, "key") for i, j in zip(old_indexes, new_indexes)], [], []
        # Keys held by one item on each side pair with one lookup; the others (shared keys, no key) in groups.
        new_at: dict[Hashable, int] = {}
        shared: set[Hashable] = set()
        for j, item_key in zip(new_indexes, new_keys):
            if item_key is None or item_key in new_at:
                shared.add(item_key)
            else:
                new_at[item_key] = j
        seen: set[Hashable] = set()
        for item_key in old_keys:
            if item_key is None or item_key in seen:
                shared.add(item_key)
            else:
                seen.add(item_key)
        pairs: list[tuple[int, int, str]] = []
        removed: list[int] = []
        added: list[int] = []
        for i, item_key in zip(old_indexes, old_keys):
            if item_key in shared:
                continue
            j = new_at.pop(item_key, -1)
            if j < 0:
                removed.append(i)
            else:
                pairs.append((i, j, "key"))
        if not shared:
            added = sorted(new_at.values())
            return pairs, removed, added
        for item_key in shared:
            new_at.pop(item_key, -1)
        added.extend(new_at.values())
        new_groups: dict[Hashable, list[int]] = {}
        for j, item_key in zip(new_indexes, new_keys):
            if item_key in shared:
                new_groups.setdefault(item_key, []).append(j)
        old_groups: dict[Hashable, list[int]] = {}
        for i, item_key in zip(old_indexes, old_keys):
            if item_key in shared:
                old_groups.setdefault(item_key, []).append(i)
        for group_key, olds in old_groups.items():
            news = new_groups.pop(group_key, None)
            if news is None:
                removed.extend(olds)
            else:
                _pair_group(old, new, olds, news, pairs, removed, added)
        for news in new_groups.values():
            added.extend(news)
        pairs.sort()
        removed.sort()
        added.sort()
        return pairs, removed, added


def _own_components(document: dict[str, Any]) -> tuple[list[dict[str, Any]], set[int]]:
    """The BOM's own components (:func:`aibom.identity.component_dicts`, in its order) and the ids of the
    arrays that hold them (where the walk pairs components by the document-wide matching)."""
    found: list[dict[str, Any]] = []
    arrays: set[int] = set()
    metadata = document.get("metadata")
    if isinstance(metadata, dict) and type(metadata.get("component")) is dict:
        found.append(metadata["component"])
        _collect_own(metadata["component"].get("components"), found, arrays)
    _collect_own(document.get("components"), found, arrays)
    return found, arrays


def _collect_own(items: Any, found: list[dict[str, Any]], arrays: set[int]) -> None:
    if type(items) is not list:
        return
    arrays.add(id(items))
    for item in items:
        if type(item) is dict:
            found.append(item)
            children = item.get("components")
            if children:
                _collect_own(children, found, arrays)


def _field_values(items: list[Any], indexes: list[int], field: str) -> list[Any] | None:
    """The string at ``field`` of each item (the item itself for ``"="``), or None when one has none."""
    if field == "=":
        values = [items[i] for i in indexes]
    else:
        get = operator.methodcaller("get", field)
        try:
            values = [get(items[i]) for i in indexes]
        except AttributeError:  # an item that is not an object
            return None
    for value in values:
        if type(value) is not str:
            return None
    return values


def _pair_group(
    old: Sequence[Any],
    new: Sequence[Any],
    olds: list[int],
    news: list[int],
    pairs: list[tuple[int, int, str]],
    removed: list[int],
    added: list[int],
) -> None:
    """Pair items that share a key: equal ones first (so a reordering is not a change), then in order."""
    by_content: dict[bytes, list[int]] = {}
    for j in news:
        by_content.setdefault(_canonical(new[j]), []).append(j)
    taken: set[int] = set()
    old_left: list[int] = []
    for i in olds:
        candidates = by_content.get(_canonical(old[i]))
        if candidates:
            j = candidates.pop(0)
            taken.add(j)
            pairs.append((i, j, "key"))
        else:
            old_left.append(i)
    new_left = [j for j in news if j not in taken]
    count = min(len(old_left), len(new_left))
    pairs.extend((old_left[k], new_left[k], "key") for k in range(count))
    removed.extend(old_left[count:])
    added.extend(new_left[count:])


def _in_field_order(changes: list[Change]) -> list[Change]:
    """``changes`` (in document order) grouped by the top-level field they are in, in the order the schema
    lists the fields (fields it does not define last): the same order whatever order the documents wrote their
    fields in."""
    rank = _field_rank()
    last = len(rank)
    return sorted(changes, key=lambda change: rank.get(change.old_path[1:].partition("/")[0], last))


@functools.cache
def _field_rank() -> dict[str, int]:
    """The position of each top-level field of a BOM in the schema (1.7's order, then fields only older versions
    have)."""
    return {_pointer((name,))[1:]: rank for rank, name in enumerate(bom_fields())}


def _is_reference(path: Path) -> bool:
    """Whether the value at ``path`` is a place that names a component by its bom-ref: a ``ref``, an item of
    ``dependsOn``/``provides``/``assemblies``/..., or a property value."""
    if not path:
        return False
    last = path[-1]
    if last == "ref":
        return True
    if len(path) >= 2 and isinstance(last, int) and path[-2] in _REFERENCE_LISTS:
        return True
    return last == "value" and len(path) >= 3 and path[-3] == "properties"


def _key(spec: ArraySpec, item: Any) -> Hashable:
    return spec.key(item, _same)
