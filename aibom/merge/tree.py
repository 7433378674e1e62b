"""The component and service trees of several inputs, grouped by identity.

Every component of every input (``metadata.component``, ``components`` and the components nested in them) is a
:class:`Member`; members that are the same component, by the rules of :mod:`aibom.identity`, form a
:class:`Group`, which the merged BOM holds once. A group has at most one member per input: two components of
one BOM are two components, however alike.

Pairing follows :func:`aibom.identity.match_components`, with two differences. A ``bom-ref`` that two inputs
share pairs two components only if nothing else about them disagrees (their purls without version, or their
group and name, unless a hash is shared): independent BOMs reuse ``bom-ref``s such as ``component-1`` for
unrelated components, and those are a collision, not one component. And components of different types are
never one component (a model and a data set may share the hash of an empty file; a merged element cannot be
both, and CycloneDX allows ``modelCard`` and ``data`` only on their own type). In a three-way merge, a
``bom-ref`` the base already had is trusted as it is: the sides inherited it.

>>> a = {"components": [{"type": "library", "name": "numpy", "bom-ref": "lib-1", "purl": "pkg:pypi/numpy@1.0"}]}
>>> b = {"components": [{"type": "library", "name": "pandas", "bom-ref": "lib-1", "purl": "pkg:pypi/pandas@2.0"},
...                     {"type": "library", "name": "numpy", "bom-ref": "np", "purl": "pkg:pypi/numpy@1.1"}]}
>>> forest = Forest("components")
>>> forest.add([flatten(a, "components", 0), flatten(b, "components", 1)])
>>> [[m.value["bom-ref"] for m in group.members.values()] for group in forest.groups]
[['lib-1', 'np'], ['lib-1']]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import compress
from typing import Any, Final

from aibom.identity import (
    component_label,
    hash_keys,
    match_components,
    match_services,
    purl_identity,
    service_label,
)

__all__ = ["Forest", "Group", "Member", "flatten", "flatten_apart", "release", "same_component", "same_service"]


def __dir__() -> list[str]:
    return __all__


class Member:
    """One component (or service) of one input, where it sits, and the group it joined."""

    __slots__ = ("children", "group", "parent", "ref", "source", "top", "value")

    def __init__(self, source: int, value: dict[str, Any], parent: Member | None) -> None:
        self.source = source
        self.value = value
        self.parent = parent
        self.top: Member = parent.top if parent is not None else self  # the outermost ancestor
        self.children: list[Member] | tuple[()] = ()
        self.group: Group | None = None
        ref = value.get("bom-ref")
        self.ref: str | None = ref if type(ref) is str else None  # its bom-ref as the input spells it


def release(members: Iterable[Member]) -> None:
    """Break the links that make cycles among members and their groups (a group and its members point to each
    other, a member to its children and back, an outermost member to itself), so that they and the input trees
    they hold are freed as soon as they are dropped, not by the next full collection."""
    pending = list(members)
    while pending:
        member = pending.pop()
        pending.extend(member.children)
        member.group = member.parent = None
        member.top = member.children = ()  # type: ignore[assignment]


class Group:
    """The members of all inputs that are one component (or service).

    :attr:`equal` says whether all members are equal (leaving nested components aside).
    """

    __slots__ = ("equal", "final_ref", "index", "members", "placement", "split_from", "visited")

    def __init__(self, index: int, first: Member) -> None:
        self.index = index
        self.members: dict[int, Member] = {first.source: first}
        first.group = self
        self.equal = True
        self.visited = False
        # The group of the parent the merged element is nested in (None: at the top level).
        parent = first.parent
        self.placement: Group | None = parent.group if parent is not None else None
        self.split_from: Group | None = None  # keep-both: the group this second copy was taken out of
        self.final_ref: str | None = None  # the merged element's bom-ref (the merge plans it)

    def add(self, member: Member, equal: bool | None = None) -> None:
        """Make ``member`` one of this group's; ``equal`` says whether it equals the first member, if known."""
        if self.equal:
            self.equal = equal if equal is not None else _equal(self.first().value, member.value)
        self.members[member.source] = member
        member.group = self

    def share(self, source: int, member: Member) -> None:
        """Let the member of an earlier input stand for ``source``'s too: the two inputs hold the same object."""
        self.members[source] = member

    def remove(self, source: int) -> Member:
        """Take the member of ``source`` out of the group."""
        member = self.members.pop(source)
        values = [m.value for m in self.members.values()]
        self.equal = all(_equal(values[0], value) for value in values[1:])
        return member

    def first(self) -> Member:
        """The member of the earliest input."""
        return self.members[min(self.members)]

    def __repr__(self) -> str:
        refs = {source: member.ref for source, member in self.members.items()}
        return f"<Group {self.index} {refs}>"


_NESTED = ("components", "services")


def _equal(first: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two members are equal, the components or services nested in them aside."""
    if first is other or first == other:
        return True
    if any(key in first or key in other for key in _NESTED):
        return {k: v for k, v in first.items() if k not in _NESTED} == {
            k: v for k, v in other.items() if k not in _NESTED
        }
    return False


def flatten(document: Mapping[str, Any], kind: str, source: int) -> list[Member]:
    """The members of one input in document order, each followed by those nested in it.

    ``kind`` is ``"components"`` (``metadata.component`` first, then ``components``) or ``"services"``.

    >>> [m.value["name"] for m in flatten({"components": [{"name": "a", "components": [{"name": "b"}]}]},
    ...                                    "components", 0)]
    ['a', 'b']
    """
    members: list[Member] = []
    _walk_metadata_component(document, kind, source, members)
    items = document.get(kind)
    if isinstance(items, list):
        append = members.append
        for item in items:
            if type(item) is dict:
                if kind in item:
                    _walk(item, kind, source, members)
                else:
                    append(Member(source, item, None))
    return members


def flatten_apart(
    document: Mapping[str, Any], kind: str, source: int, apart: bytearray
) -> tuple[list[Member], list[Member | dict[str, Any]], list[int]] | None:
    """:func:`flatten`, leaving out the top-level items that ``apart`` marks (by position; objects only): no member
    is made for them. Also returns the outermost entries in document order (``metadata.component`` first): each
    one's member, or the left-out item itself; and the places of the members among them. None when a top-level
    item is not an object.

    >>> members, outermost, places = flatten_apart({"components": [{"name": "a"}, {"name": "b"}]}, "components",
    ...                                            0, bytearray([1, 0]))
    >>> [m.value["name"] for m in members], outermost[0], places
    (['b'], {'name': 'a'}, [1])
    """
    members: list[Member] = []
    outermost: list[Member | dict[str, Any]] = []
    places: list[int] = []
    if _walk_metadata_component(document, kind, source, members):
        outermost.append(members[0])
        places.append(0)
    items = document.get(kind)
    if isinstance(items, list):
        offset = len(outermost)
        outermost += items  # (each kept item then replaced by its member)
        for position in compress(range(len(items)), apart.translate(_KEPT)):
            item = items[position]
            if type(item) is not dict:
                release(members)
                return None
            first = len(members)
            if kind in item:
                _walk(item, kind, source, members)
            else:
                members.append(Member(source, item, None))
            outermost[offset + position] = members[first]
            places.append(offset + position)
    return members, outermost, places


_KEPT: Final = bytes.maketrans(b"\x00\x01", b"\x01\x00")  # flips a mark of apart items into one of kept items


def _walk_metadata_component(document: Mapping[str, Any], kind: str, source: int, out: list[Member]) -> bool:
    """Add the members of ``metadata.component`` (for the components); whether there is one."""
    if kind != "components":
        return False
    metadata = document.get("metadata")
    top = metadata.get("component") if isinstance(metadata, dict) else None
    if not isinstance(top, dict):
        return False
    _walk(top, kind, source, out)
    return True


def _walk(value: dict[str, Any], kind: str, source: int, out: list[Member]) -> None:
    stack: list[tuple[dict[str, Any], Member | None]] = [(value, None)]
    while stack:
        item, above = stack.pop()
        member = Member(source, item, above)
        if above is not None:
            if above.children:
                above.children.append(member)
            else:
                above.children = [member]
        out.append(member)
        nested = item.get(kind)
        if isinstance(nested, list):
            stack.extend((child, member) for child in reversed(nested) if isinstance(child, dict))


class Forest:
    """The groups of one kind (``"components"`` or ``"services"``) across inputs.

    ``scoped`` (a hierarchical merge) pairs nested members only with members under the same outermost group;
    ``trusted`` are ``bom-ref``s paired without further checks (the base's, in a three-way merge).
    """

    def __init__(self, kind: str, *, scoped: bool = False, trusted: frozenset[str] = frozenset()) -> None:
        self.kind = kind
        self.scoped = scoped
        self.trusted = trusted
        self.groups: list[Group] = []
        self.by_source: dict[int, list[Member]] = {}

    def release(self) -> None:
        """Free the groups and the input trees they hold when the merge returns (see :func:`release`)."""
        release(member for members in self.by_source.values() for member in members)

    def add(self, inputs: Sequence[list[Member]]) -> None:
        """Group the members of each input, in order (an input is paired with every input before it)."""
        for members in inputs:
            if not members:
                continue
            source = members[0].source
            earlier = list(self.by_source.values())
            self.by_source[source] = members
            if not earlier:
                groups = self.groups
                groups.extend(Group(index, member) for index, member in enumerate(members, len(groups)))
                continue
            if not self.scoped:
                self._pair(members, earlier, None)
                continue
            tops = [member for member in members if member.parent is None]
            self._pair(tops, earlier, None)
            nested: dict[int, list[Member]] = {}
            for member in members:
                if member.parent is not None:
                    assert member.top.group is not None
                    nested.setdefault(member.top.group.index, []).append(member)
            for scope, scoped in nested.items():
                self._pair(scoped, earlier, scope)

    def _pair(self, members: list[Member], earlier: list[list[Member]], scope: int | None) -> None:
        remaining = members
        source = members[0].source if members else -1
        scoped = self.scoped
        for previous in earlier:
            if not remaining:
                break
            if scoped:
                candidates = [
                    member
                    for member in previous
                    if member.group is not None
                    and source not in member.group.members
                    and _scope_of(member, scoped) == scope
                ]
            else:
                candidates = [member for member in previous if source not in member.group.members]  # type: ignore[union-attr]
            if not candidates:
                continue
            for old, new, equal in self._matches(candidates, remaining):
                group = old.group
                assert group is not None
                if source not in group.members:
                    group.add(new, equal)
            remaining = [member for member in remaining if member.group is None]
        groups = self.groups
        groups.extend(Group(index, member) for index, member in enumerate(remaining, len(groups)))

    def _matches(self, old: list[Member], new: list[Member]) -> list[tuple[Member, Member, bool | None]]:
        """Pairs of an old and a new member that are one component, and whether they are equal (None: unknown)."""
        free: dict[str, list[Member]] = {}  # by bom-ref, the old members not paired yet, in order
        for member in old:
            ref = member.ref
            if ref is not None:
                options = free.get(ref)
                if options is None:
                    free[ref] = [member]
                else:
                    options.append(member)
        pairs: list[tuple[Member, Member, bool | None]] = []
        unpaired_new: list[Member] = []
        same = same_component if self.kind == "components" else same_service
        trusted = self.trusted
        for member in new:
            ref = member.ref
            options = free.get(ref) if ref is not None else None
            if options:
                other = member.value
                for index, option in enumerate(options):
                    value = option.value
                    equal: bool | None
                    if value is other or value == other:  # (the same object: a component two texts write alike)
                        equal = True
                    elif ref in trusted or same(value, other):
                        equal = None
                    else:
                        continue
                    del options[index]
                    pairs.append((option, member, equal))
                    break
                else:
                    unpaired_new.append(member)
            else:
                unpaired_new.append(member)
        taken = {id(option) for option, _, _ in pairs}
        unpaired_old = [member for member in old if id(member) not in taken] if taken else old
        if not unpaired_old or not unpaired_new:
            return pairs
        match = match_components if self.kind == "components" else match_services
        matching = match([m.value for m in unpaired_old], [m.value for m in unpaired_new], by_ref=False)
        for pair in matching.pairs:
            old_member, new_member = unpaired_old[pair.old], unpaired_new[pair.new]
            if old_member.value.get("type") == new_member.value.get("type"):
                pairs.append((old_member, new_member, None))
        return pairs


def _scope_of(member: Member, scoped: bool) -> int | None:
    if not scoped or member.parent is None:
        return None
    group = member.top.group
    return group.index if group is not None else None


def same_component(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether two different components with the same ``bom-ref`` can be one component: nothing that identifies
    them disagrees (a shared hash settles it, a different type rules it out)."""
    if old.get("type") != new.get("type"):
        return False
    old_purl, new_purl = old.get("purl"), new.get("purl")
    if type(old_purl) is str and type(new_purl) is str:
        if old_purl == new_purl or purl_identity(old_purl) == purl_identity(new_purl):
            return True
    elif (old.get("group"), old.get("name")) == (new.get("group"), new.get("name")):
        return True
    return not set(hash_keys(old)).isdisjoint(hash_keys(new))


def same_service(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return (old.get("group"), old.get("name")) == (new.get("group"), new.get("name"))


def label(kind: str, value: Mapping[str, Any]) -> str:
    """How a conflict report names a component or service.

    >>> label("components", {"type": "library", "name": "numpy", "purl": "pkg:pypi/numpy@2.0"})
    'component pkg:pypi/numpy@2.0'
    """
    if kind == "components":
        return "component " + component_label(value)
    return "service " + service_label(value)
