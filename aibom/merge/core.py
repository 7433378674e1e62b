"""``aibom.merge``: the union of several BOMs, de-duplicated by identity, with every conflict reported.

The steps, each linear in the size of the inputs:

1. read every input and bring it to the highest CycloneDX version among them;
2. group the components (and services) of all inputs by identity (:mod:`aibom.merge.tree`); of two inputs, a
   component the second holds as the first one's object (read from the same text) is one element as it is;
3. pair every other ``bom-ref`` definition structurally (:class:`~aibom.merge.values.Planner`), give each
   element one ``bom-ref`` (a collision gets ``#2``, ``#3``, ...) and, per input, a map from its spelling to the
   merged one, which rewrites every reference of that input (:mod:`aibom.merge.refs`);
4. merge each group and every other part of the document field by field (:class:`~aibom.merge.values.Engine`),
   placing each component once, where its first input has it.
"""

from __future__ import annotations

import gc
import re
import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, Final

from aibom._pointer import split_pointer
from aibom._shape import bom_fields, document_shape
from aibom._source import SourceLike
from aibom._values import json_bytes, json_copy
from aibom.bom import Bom
from aibom.convert import convert_document
from aibom.errors import InexpressibleContent, InvalidArgument, too_deep
from aibom.merge.policy import Policy, parse_timestamp
from aibom.merge.reading import Input, read_inputs
from aibom.merge.refs import definitions, fresh_ref, may_refer, references, rewrite
from aibom.merge.result import MISSING, Conflict, MergeConflict, MergeResult, Rename
from aibom.merge.tree import Forest, Group, Member, flatten, flatten_apart, label, release
from aibom.merge.values import ANY, Engine, Link, Owner, PendingConflict, Planner
from aibom.model import Component
from aibom.validation.integrity import check_integrity

__all__ = ["merge"]


def __dir__() -> list[str]:
    return __all__


#: Namespace of the serial numbers :func:`merge` derives (uuid5 of the inputs' serial numbers).
SERIAL_NAMESPACE: Final = uuid.UUID("1b0c6f3e-52a4-5d8e-9c1e-6a7d2f0e4b91")
_ENVELOPE: Final = ("$schema", "bomFormat", "specVersion", "serialNumber", "version")
_TREES: Final = ("components", "services")
_AUTO: Final = "auto"
_BOTH: Final = (0, 1)
_SERIAL: Final = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def merge(
    *boms: SourceLike | Bom,
    base: SourceLike | Bom | None = None,
    policy: Policy | str = Policy.FAIL,
    hierarchical: bool = False,
    parents: Sequence[Component | Mapping[str, Any] | None] | None = None,
    root: Component | Mapping[str, Any] | None = None,
    serial_number: str | None = _AUTO,
    record_inputs: bool = False,
) -> MergeResult:
    """Merge BOMs into one: the union of their components, services, dependencies, formulation, compositions,
    annotations and the rest, each element once, every conflict reported.

    ``boms`` are :class:`~aibom.Bom` objects or anything :func:`aibom.load` reads (paths, JSON or XML text,
    bytes, dicts). They are never modified. All are brought to the highest CycloneDX version among them.

    Components are the same component by the rules of :mod:`aibom.identity` (``bom-ref``, purl without version,
    ``(type, group, name)``, a shared hash); the merged BOM holds each once, where its first input has it, with
    the fields of all inputs combined. Different elements that share a ``bom-ref`` are told apart: the later one
    is renamed ``ref#2`` (``#3``, ...) and every reference to it in its input is rewritten, so the merged BOM
    has unique ``bom-ref``s and no dangling references when the inputs had none.

    Where the inputs disagree about a field of the same element (a hash, a version, a model-card field...) the
    ``policy`` decides, and :attr:`MergeResult.conflicts` reports it: ``"fail"`` (the default) raises
    :class:`~aibom.merge.MergeConflict` listing every conflict; ``"prefer-first"``, ``"prefer-last"`` and
    ``"prefer-newest"`` take one input's value; ``"keep-both"`` keeps both components, the second under a new
    ``bom-ref``.

    With ``base`` (the common ancestor of the inputs), a three-way merge: a change made by one side is taken,
    the same change made by several is taken once, a removal by one side of what the others left unchanged is
    applied, and only different changes to the same field are conflicts.

    ``hierarchical=True`` nests each input's components under a parent component instead of flattening them:
    the input's ``metadata.component``, or ``parents[i]``, or a generated ``application`` named after the input;
    the merged ``metadata.component`` is then ``root`` (or none).

    The merged metadata is the first input's, combined with the others'; ``metadata.timestamp`` is the latest
    of the inputs'. ``serial_number="auto"`` keeps a serial number all inputs share (and then ``version`` is the
    highest of theirs, plus one when they differ), else derives a new one from the inputs' serial numbers
    (version 1); a ``urn:uuid:`` string sets it, ``None`` leaves it out. ``record_inputs=True`` adds an
    ``aibom:merge:input`` property to the metadata for each input.

    >>> from aibom.merge import merge
    >>> a = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...      "components": [{"type": "library", "name": "numpy", "version": "1.26.0", "bom-ref": "np"}]}
    >>> b = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...      "components": [{"type": "library", "name": "numpy", "version": "2.0.0", "bom-ref": "numpy"},
    ...                     {"type": "library", "name": "pandas", "bom-ref": "pd"}],
    ...      "dependencies": [{"ref": "pd", "dependsOn": ["numpy"]}]}
    >>> result = merge(a, b, policy="prefer-newest")
    >>> [(c["name"], c.get("version"), c["bom-ref"]) for c in result.bom.document["components"]]
    [('numpy', '2.0.0', 'np'), ('pandas', None, 'pd')]
    >>> result.bom.document["dependencies"]
    [{'ref': 'pd', 'dependsOn': ['np']}]
    >>> [str(conflict) for conflict in result.conflicts]
    ['/components/0/version (component np): input 0 "1.26.0" | input 1 "2.0.0" -> prefer-newest took input 1']
    """
    if not boms:
        raise InvalidArgument("nothing to merge", expected="at least one BOM")
    chosen_policy = Policy.parse(policy)
    if serial_number is not None and serial_number != _AUTO and not (
        isinstance(serial_number, str) and _SERIAL.fullmatch(serial_number)
    ):
        raise InvalidArgument(
            f"serial number {serial_number!r} is not a urn:uuid",
            expected='"urn:uuid:" and a lowercase RFC 4122 UUID, "auto" or None',
        )
    if base is not None and hierarchical:
        raise InvalidArgument(
            "a three-way merge cannot also be hierarchical", expected="either base= or hierarchical=True"
        )
    if parents is not None and len(parents) != len(boms):
        raise InvalidArgument(
            f"{len(parents)} parents for {len(boms)} BOMs", expected="one parent (or None) per BOM"
        )
    # The merge builds millions of objects that stay alive; collections during it would find nothing to free.
    # As after a parse with the collector paused, its first pass over them comes after the call.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        inputs = read_inputs([*boms, base] if base is not None else boms)
        merging = _Merge(
            inputs,
            sides=len(boms),
            policy=chosen_policy,
            hierarchical=hierarchical or parents is not None,
            parents=parents,
            root=root,
            serial_number=serial_number,
            record_inputs=record_inputs,
        )
        try:
            result = merging.run()
        except RecursionError:
            raise too_deep("merge") from None
    finally:
        if was_enabled:
            gc.enable()
    return result


class _Merge:
    def __init__(
        self,
        inputs: list[Input],
        *,
        sides: int,
        policy: Policy,
        hierarchical: bool,
        parents: Sequence[Component | Mapping[str, Any] | None] | None,
        root: Component | Mapping[str, Any] | None,
        serial_number: str | None,
        record_inputs: bool,
    ) -> None:
        self.inputs = inputs
        self.sides = sides
        self.three_way = len(inputs) > sides
        self.policy = policy
        self.hierarchical = hierarchical
        self.root = _component_json(root) if root is not None else None
        self.serial_number = serial_number
        self.record_inputs = record_inputs
        self.spec = max((item.spec for item in inputs), key=lambda spec: spec._key())
        for item in inputs:
            self._convert(item)
        if hierarchical:
            names: set[str] = set()
            for index, item in enumerate(inputs):
                parent = parents[index] if parents is not None else None
                item.document = _nest(item.document, parent, index, item.source, names)
                # the text lacks the parent it is now nested in: its bom-refs are counted anew
                item.bom_refs = item.tree_bom_refs = item.origin = None
        shape = document_shape(self.spec)
        self.shape = shape
        self.tree_shapes = {kind: shape.properties[kind].items or ANY for kind in _TREES}
        self.timestamps = [
            parse_timestamp((item.document.get("metadata") or {}).get("timestamp"))
            if isinstance(item.document.get("metadata"), dict)
            else None
            for item in inputs
        ]
        self.engine = Engine(
            sides=sides, three_way=self.three_way, policy=policy, timestamps=self.timestamps
        )
        self.forests: dict[str, Forest] = {}
        self.members: dict[str, list[list[Member]]] = {}
        self.defined: list[set[str]] = []  # each input's bom-refs of its components and services
        self.defined_counts: list[int] = []  # and how many of them have one
        # Two inputs' components that the second holds as the first one's objects, each one element as it is
        # (see _group_apart): their bom-refs, and the top-level components in order, those and the groups.
        self.apart_refs: list[str] = []
        self.spelled: list[set[str]] = []
        self.outermost: list[Group | dict[str, Any]] | None = None
        self.respelled: frozenset[str] = frozenset()  # the bom-refs some input's references are rewritten from
        self.renames: list[Rename] = []
        self.kept_both: dict[tuple[str, int], list[tuple[PendingConflict, Group]]] = {}
        self.removed: dict[str, tuple[str, Group]] = {}
        # Conflicts that are not the engine's, each with the number of engine conflicts found before it.
        self.other_conflicts: list[tuple[int, Conflict]] = []

    # -- step 1: inputs ----------------------------------------------------------------------------------

    def _convert(self, item: Input) -> None:
        if item.spec is self.spec:
            return
        converted, lost = convert_document(item.document, item.spec, self.spec)
        if lost:
            listed = "; ".join(f"{finding.location}: {finding.message}" for finding in lost[:5])
            raise InexpressibleContent(
                f"{len(lost)} field(s) cannot be brought to CycloneDX {self.spec.value}: {listed}",
                findings=tuple(lost),
                source=item.source,
                location=lost[0].location,
                expected=f"a BOM that CycloneDX {self.spec.value} can express",
            )
        item.document, item.bom_refs, item.tree_bom_refs, item.owned = converted, None, None, True
        item.origin = None

    # -- the whole merge ---------------------------------------------------------------------------------

    def run(self) -> MergeResult:
        try:
            return self._run()
        finally:
            for forest in self.forests.values():
                forest.release()

    def _run(self) -> MergeResult:
        self._group()
        self._plan()
        if self.policy is Policy.KEEP_BOTH:
            while self._split_conflicting():
                self._plan()
        document = self._assemble()
        if self.three_way and self.removed:
            self._restore_referenced(document)
        conflicts = self._conflicts()
        if self.policy is Policy.FAIL and conflicts:
            raise MergeConflict(conflicts)
        owned = all(item.owned for item in self.inputs)
        if not owned:
            document = json_copy(document)
        bom = Bom._adopt(
            document, source=None, source_format=None, xml_only=any(item.xml_only for item in self.inputs)
        )
        return MergeResult(bom=bom, conflicts=conflicts, renames=tuple(self.renames))

    # -- step 2: identity --------------------------------------------------------------------------------

    def _group(self) -> None:
        trusted: frozenset[str] = frozenset()
        if self.three_way:
            base = self.inputs[-1].document
            base_members = [member for kind in _TREES for member in flatten(base, kind, len(self.inputs) - 1)]
            trusted = frozenset(member.ref for member in base_members if member.ref is not None)
            release(base_members)
        defined: list[set[str]] = [set() for _ in self.inputs]
        counts = [0] * len(self.inputs)
        for kind in _TREES:
            forest = Forest(kind, scoped=self.hierarchical and kind == "components", trusted=trusted)
            members = self._group_apart(forest, defined, counts) if kind == "components" else None
            if members is None:
                members = [flatten(item.document, kind, index) for index, item in enumerate(self.inputs)]
                for index, listed in enumerate(members):
                    counts[index] += _add_refs(listed, defined[index])
                forest.add(members)
            self.forests[kind] = forest
            self.members[kind] = members
        self.defined = defined
        self.defined_counts = counts

    def _group_apart(self, forest: Forest, defined: list[set[str]], counts: list[int]) -> list[list[Member]] | None:
        """Group two inputs' components, each component the second holds as the first one's object (the two read
        from texts that write it alike) left out of the grouping: with nothing nested in it and under a bom-ref
        that each input gives to no other component, it is one element as it is, which keeps that bom-ref, and
        is emitted in its place (:attr:`outermost`). Returns the members of each input; None where that does
        not apply (then every component is grouped)."""
        if len(self.inputs) != 2 or self.hierarchical or self.policy is Policy.KEEP_BOTH:  # (which may part them)
            return None
        first, second = self.inputs
        ours_items, theirs_items = first.document.get("components"), second.document.get("components")
        if type(ours_items) is not list or type(theirs_items) is not list:
            return None
        origin = second.origin  # (read from texts: where each component of the second is in the first)
        if origin is None or len(origin) != len(theirs_items):
            where = {id(item): position for position, item in enumerate(ours_items)}
            origin = [where.get(id(item), -1) for item in theirs_items]
        ours_apart, theirs_apart = bytearray(len(ours_items)), bytearray(len(theirs_items))
        refs: list[str] = []
        for place, position in enumerate(origin):
            if position < 0 or ours_apart[position]:
                continue
            item = theirs_items[place]
            if item is not ours_items[position] or type(item) is not dict or "components" in item:
                continue
            ref = item.get("bom-ref")
            if type(ref) is str:
                ours_apart[position] = theirs_apart[place] = 1
                refs.append(ref)
        if not refs:
            return None
        flat = flatten_apart(first.document, "components", 0, ours_apart)
        flat_theirs = flatten_apart(second.document, "components", 1, theirs_apart)
        if flat is None or flat_theirs is None:  # (an item that is not an object: left to the general path)
            release([*(flat[0] if flat else ()), *(flat_theirs[0] if flat_theirs else ())])
            return None
        (ours, outermost, places), theirs = flat, flat_theirs[0]
        members = [ours, theirs]
        own: list[set[str]] = [set(), set()]  # each input's bom-refs of its other components
        given = [_add_refs(listed, refs_of) for listed, refs_of in zip(members, own, strict=True)]
        apart = set(refs)
        if len(apart) != len(refs) or not all(apart.isdisjoint(others) for others in own):
            release([*ours, *theirs])
            return None
        for index in (0, 1):
            defined[index] |= own[index] | apart
            counts[index] += given[index] + len(refs)
        forest.add([ours])
        grouped = len(forest.groups)
        forest.add([theirs])
        self.apart_refs = refs
        entries: list[Any] = outermost
        for place in places:
            entries[place] = entries[place].group  # (each member now in its group)
        self.outermost = entries + forest.groups[grouped:]
        return members

    # -- step 3: one bom-ref per element, and the maps that rewrite each input's references ---------------

    def _plan(self) -> None:
        inputs = self.inputs
        count = len(inputs)
        sections = Planner(base_last=self.three_way)
        sections.align([_sections(item.document) for item in inputs], self.shape, None)
        for index, item in enumerate(inputs):
            item.defs = set(self.defined[index])
            own = self.defined_counts[index]
            item.mapping = {}
            # Whether a component or service may define bom-refs inside it, beyond its own (else none is walked):
            # its trees' text holds more "bom-ref"s than their own, or the whole text more than those and the
            # sections' definitions.
            if item.tree_bom_refs is not None:
                item.inner = item.tree_bom_refs > own
            else:
                in_sections = sum(source == index for entry in sections.aligned for source, _ in entry)
                total = item.bom_refs if item.bom_refs is not None else _encode(item.document).count(b'"bom-ref"')
                item.inner = total > own + in_sections
        inner = Planner(base_last=self.three_way)
        if any(item.inner for item in inputs):
            for kind in _TREES:
                shape = self.tree_shapes[kind]
                for group in self.forests[kind].groups:
                    if not any(inputs[source].inner for source in group.members):
                        continue
                    if len(group.members) == 1 or group.equal:
                        first = group.first()
                        found = definitions(first.value, shape, [], skip=kind)
                        if first.ref is not None:
                            found = found[1:]
                        inner.aligned.extend([(source, ref) for source in group.members] for ref in found)
                    else:
                        values: list[Any] = [MISSING] * count
                        for source, member in group.members.items():
                            values[source] = member.value
                        inner.align(values, shape, None, skip=kind, record_own=False)
        for entries in (*inner.aligned, *sections.aligned):
            for source, ref in entries:
                inputs[source].defs.add(ref)
        self.renames = []
        claimed: set[str] = set()
        taken = _Taken(claimed, [item.defs for item in inputs])
        simple = not self.three_way
        claim = self._claim
        claimed.update(self.apart_refs)  # (no other element spells them: claiming them first changes nothing)
        spelled: list[set[str]] = [set() for _ in inputs]  # each input's bom-refs given to an element so far
        self.spelled = spelled
        for kind in _TREES:
            for group in self.forests[kind].groups:
                members = group.members
                if len(members) == 1:
                    for source, member in members.items():
                        single_ref = member.ref
                    if single_ref is None:
                        group.final_ref = None
                        continue
                    if simple and source == 0 and single_ref not in claimed:
                        claimed.add(single_ref)  # the first input's spelling: nothing can collide with it
                        spelled[0].add(single_ref)
                        group.final_ref = single_ref
                        continue
                    entries = [(source, single_ref)]
                else:
                    if simple and len(members) == 2:  # the usual pair: the first input's spelling, the same in both
                        ours, theirs = members.values()
                        shared = ours.ref
                        if ours.source == 0 and shared is not None and theirs.ref == shared and shared not in claimed:
                            claimed.add(shared)
                            for source in members:
                                spelled[source].add(shared)
                            group.final_ref = shared
                            continue
                    entries = [(source, member.ref) for source, member in members.items() if member.ref is not None]
                    if not entries:
                        group.final_ref = None
                        continue
                kept_apart = self._kept_apart(kind, group) if self.kept_both else ()
                reason = "keep-both" if group.split_from is not None else None
                group.final_ref = claim(entries, claimed, taken, kept_apart, reason)
        for entries in (*inner.aligned, *sections.aligned):
            source, wanted = entries[0]
            if simple and source == 0 and wanted not in claimed and all(ref == wanted for _, ref in entries):
                claimed.add(wanted)
            else:
                claim(entries, claimed, taken)
        self.respelled = frozenset().union(*(item.mapping for item in inputs))

    def _claim(
        self,
        entries: list[tuple[int, str]],
        claimed: set[str],
        taken: _Taken,
        kept_apart: Container[int] = (),
        reason: str | None = None,
    ) -> str:
        """Give one element its merged ``bom-ref`` and record how each input's spelling maps to it.

        ``kept_apart`` are the inputs whose member keep-both took out of the element: their spelling of its
        ``bom-ref`` is the second copy's, which yields it; ``reason`` is that of the renames (else ``"collision"``
        or ``"alias"``).
        """
        inputs = self.inputs
        sides = self.sides
        chosen_source, wanted = entries[0]
        if self.three_way:
            in_base = [ref for source, ref in entries if source == sides]
            if in_base:
                changed = [(source, ref) for source, ref in entries if source < sides and ref != in_base[0]]
                chosen_source, wanted = changed[0] if changed else (sides, in_base[0])
        if len(entries) > 1 and chosen_source == 0 and wanted not in claimed and all(r == wanted for _, r in entries):
            claimed.add(wanted)  # one spelling, the first input's: nothing earlier can hold it
            return wanted
        holders = {source for source, ref in entries if ref == wanted}
        collides = wanted in claimed or any(
            wanted in inputs[source].defs
            for source in range(min(sides, chosen_source))
            if source not in holders and source not in kept_apart
        )
        final = fresh_ref(wanted, taken) if collides else wanted
        claimed.add(final)
        spelled = self.spelled
        for source, ref in entries:
            # An input that gives one bom-ref to several elements names the first of them by it: only that one's
            # new name, if any, rewrites the input's references (a later one is renamed alone, see _value).
            first_use = ref not in spelled[source]
            spelled[source].add(ref)
            if ref != final:
                if first_use:
                    inputs[source].mapping[ref] = final
                if source < sides:
                    why = reason or ("collision" if ref == wanted else "alias")
                    self.renames.append(Rename(source=source, old=ref, new=final, reason=why))
                    if why == "keep-both" and self.three_way and first_use:
                        inputs[source].doubled[ref] = final
        return final

    # -- keep-both ---------------------------------------------------------------------------------------

    def _split_conflicting(self) -> bool:
        """Take out of their group the members that conflict with the group's first one; True if any."""
        split = False
        for kind in _TREES:
            forest = self.forests[kind]
            shape = self.tree_shapes[kind]
            for group in list(forest.groups):
                sources = sorted(source for source in group.members if source < self.sides)
                if len(sources) < 2 or self._shortcut(kind, group):
                    continue
                first = group.members[sources[0]]
                for source in sources[1:]:
                    member = group.members[source]
                    # The two members against each other (every other input as unchanged, in a three-way merge).
                    base = group.members.get(self.sides) if self.three_way else None
                    values = [MISSING if base is None else self._value(self.sides, base, kind)] * len(self.inputs)
                    if not self.three_way:
                        values = [MISSING] * len(self.inputs)
                    values[sources[0]] = self._value(sources[0], first, kind)
                    values[source] = self._value(source, member, kind)
                    trial = Engine(
                        sides=self.sides, three_way=self.three_way, policy=Policy.PREFER_FIRST,
                        timestamps=self.timestamps,
                    )
                    trial.merge(values, shape, None, None, self._owner(kind, group), skip=kind)
                    if not trial.conflicts:
                        continue
                    group.remove(source)
                    copy_group = Group(len(forest.groups), member)
                    copy_group.split_from = group
                    forest.groups.append(copy_group)
                    self.kept_both.setdefault((kind, group.index), []).extend(
                        (pending, copy_group) for pending in trial.conflicts
                    )
                    split = True
        return split

    # -- step 4: the merged document ---------------------------------------------------------------------

    def _assemble(self) -> dict[str, Any]:
        inputs = self.inputs
        documents = [item.document for item in inputs]
        count = len(inputs)
        sections = [_sections(document) for document in documents]
        # Two inputs' dependency graphs: the second's is rewritten as the two are paired (Engine.merge_rewritten).
        graph = sections[1].get("dependencies", MISSING) if count == 2 and not self.three_way else MISSING
        if graph is not MISSING:
            sections[1] = {key: value for key, value in sections[1].items() if key != "dependencies"}
        translated = [
            rewrite(section, self.shape, inputs[index].mapping, doubled=inputs[index].doubled)
            for index, section in enumerate(sections)
        ]
        order: dict[str, None] = dict.fromkeys(bom_fields())  # then the fields no CycloneDX version defines
        for document in documents[: self.sides]:
            order.update(dict.fromkeys(document))
        merged: dict[str, Any] = {}
        components, top = self._emit_tree("components")
        services, _ = self._emit_tree("services")
        for key in order:
            if key in _ENVELOPE:
                continue
            if key == "components":
                if components or any("components" in document for document in documents[: self.sides]):
                    merged[key] = components
                continue
            if key == "services":
                if services or any("services" in document for document in documents[: self.sides]):
                    merged[key] = services
                continue
            values = [section.get(key, MISSING) for section in translated]
            shape = self.shape.properties.get(key, ANY)
            if key == "dependencies" and graph is not MISSING:
                mapping = inputs[1].mapping
                value = self.engine.merge_rewritten(values[0], graph, shape, key, mapping, (None, key), Owner(key))
            elif all(value is MISSING for value in values[: self.sides]) and key != "metadata":
                continue
            else:
                value = self.engine.merge(values, shape, key, (None, key), Owner(key))
            if key == "metadata":
                value = self._metadata(value, top)
            if value is not MISSING:
                merged[key] = value
        envelope = self._envelope(count)
        return {**envelope, **merged}

    def _metadata(self, value: Any, top: Any) -> Any:
        metadata: dict[str, Any] = dict(value) if isinstance(value, dict) else {}
        stamps = [
            (moment, item.document["metadata"]["timestamp"])
            for moment, item in zip(self.timestamps[: self.sides], self.inputs[: self.sides], strict=True)
            if moment is not None
        ]
        raw = [
            item.document["metadata"]["timestamp"]
            for item in self.inputs[: self.sides]
            if isinstance(item.document.get("metadata"), dict) and "timestamp" in item.document["metadata"]
        ]
        if stamps:
            metadata["timestamp"] = max(stamps, key=lambda entry: entry[0])[1]
        elif raw:
            metadata["timestamp"] = raw[0]
        if top is not MISSING:
            metadata["component"] = top
        if self.record_inputs:
            recorded = [
                {"name": "aibom:merge:input", "value": _describe(item)} for item in self.inputs[: self.sides]
            ]
            existing = metadata.get("properties")
            metadata["properties"] = [*(existing if isinstance(existing, list) else []), *recorded]
        return metadata or MISSING

    def _envelope(self, count: int) -> dict[str, Any]:
        documents = [item.document for item in self.inputs[: self.sides]]
        envelope: dict[str, Any] = {}
        if any("$schema" in document for document in documents):
            envelope["$schema"] = self.spec.schema_url
        envelope["bomFormat"] = "CycloneDX"
        envelope["specVersion"] = self.spec.value
        serials = [document.get("serialNumber") for document in documents]
        versions = [document.get("version") for document in documents]
        numbers = [version for version in versions if type(version) is int]
        shared = len(set(map(str, serials))) == 1
        if self.serial_number is None:
            serial = None
        elif self.serial_number != _AUTO:
            serial = self.serial_number
        elif shared:
            serial = serials[0] if isinstance(serials[0], str) else None
        else:
            seed = "\n".join(sorted(s if isinstance(s, str) else "" for s in serials))
            serial = f"urn:uuid:{uuid.uuid5(SERIAL_NAMESPACE, seed)}"
        if serial is not None:
            envelope["serialNumber"] = serial
        if shared and numbers:
            highest = max(numbers)
            envelope["version"] = highest if len(numbers) == len(versions) and len(set(numbers)) == 1 else highest + 1
        else:
            envelope["version"] = 1
        return envelope

    # -- the component and service trees -----------------------------------------------------------------

    def _emit_tree(self, kind: str) -> tuple[list[Any], Any]:
        groups = self.forests[kind].groups
        top: Any = MISSING
        metadata_group: Group | None = None
        out: list[Any] = []
        if kind == "components":
            if self.hierarchical:
                if self.root is not None:
                    top = self.root
            else:
                for source in range(self.sides):
                    listed = self.members[kind][source]
                    if listed and _is_metadata(self.inputs[source], listed[0]):
                        metadata_group = listed[0].group
                        break
                if metadata_group is not None:
                    top = self._emit(kind, metadata_group, ((None, "metadata"), "component"))
        plain = [not item.mapping for item in self.inputs]
        append = out.append
        emit = self._emit
        three_way = self.three_way
        kept = self.kept_both
        respelled = self.respelled
        alike = self._rewritten_alike
        entries: list[Group | dict[str, Any]] | list[Group] = groups
        if kind == "components" and self.outermost is not None:
            entries = self.outermost
        for entry in entries:
            if isinstance(entry, dict):  # a component both inputs hold as one object (see _group_apart)
                if plain[0] and (not respelled or alike(kind, _BOTH, entry)):
                    append(entry)  # (the first input keeps its spellings and the second rewrites it alike)
                else:
                    shared = self._group_of_shared(entry)
                    append(emit(kind, shared, ((None, kind), len(out))))
                    release(shared.members.values())
                continue
            group = entry
            if group.placement is None and not group.visited:
                members = group.members
                if not three_way and (len(members) == 1 or group.equal) and not (kept and (kind, group.index) in kept):
                    # The common case inline: a leaf element all its inputs agree on, in an input that keeps
                    # its bom-refs (or with no reference another input would spell differently).
                    for source, member in members.items():
                        break
                    value = member.value
                    if (
                        plain[source]
                        and member.ref == group.final_ref
                        and (len(members) == 1 or not respelled or alike(kind, members, value))
                    ):
                        for other in members.values():
                            if other.children:
                                break
                        else:
                            group.visited = True
                            if kind in value and value[kind] != []:
                                value = {key: item for key, item in value.items() if key != kind}
                            append(value)
                            continue
                value = emit(kind, group, ((None, kind), len(out)))
                if value is not MISSING:
                    append(value)
        for group in groups:  # orphans: their parent was removed, they were not
            if not group.visited:
                value = self._emit(kind, group, ((None, kind), len(out)))
                if value is not MISSING:
                    out.append(value)
        return out, top

    def _emit(self, kind: str, group: Group, link: Link) -> Any:
        group.visited = True
        value = self._merge_group(kind, group, link)
        if value is MISSING:
            final = group.final_ref
            if final is not None:
                self.removed[final] = (kind, group)
            return MISSING
        members = group.members
        children: list[Any] = []
        if any(member.children for member in members.values()):
            for source in sorted(members):
                for child in members[source].children:
                    child_group = child.group
                    if child_group is not None and child_group.placement is group and not child_group.visited:
                        merged = self._emit(kind, child_group, ((link, kind), len(children)))
                        if merged is not MISSING:
                            children.append(merged)
        elif kind not in value:
            return value
        current = value.get(kind, MISSING)
        if children:
            if not (
                type(current) is list
                and len(current) == len(children)
                and all(a is b for a, b in zip(current, children, strict=True))
            ):
                value = {**value, kind: children}
        elif current is not MISSING and current != []:
            value = {key: item for key, item in value.items() if key != kind}
        return value

    def _merge_group(self, kind: str, group: Group, link: Link) -> Any:
        if self.kept_both:
            for conflict, copy_group in self.kept_both.get((kind, group.index), ()):
                renamed = copy_group.final_ref
                self.other_conflicts.append(
                    (len(self.engine.conflicts), conflict.finish("keep-both", _tokens(link), renamed))
                )
        members = group.members
        if self._shortcut(kind, group) and (not self.three_way or all(s in members for s in range(self.sides))):
            return self._value(min(members), group.first(), kind)
        values: list[Any] = [MISSING] * len(self.inputs)
        for source, member in members.items():
            values[source] = self._value(source, member, kind)
        if self.three_way and self.kept_both and self.sides in members:
            for source in self._kept_apart(kind, group):
                values[source] = values[self.sides]  # its own version is the second copy: here, unchanged
        return self.engine.merge(values, self.tree_shapes[kind], None, link, self._owner(kind, group), skip=kind)

    def _kept_apart(self, kind: str, group: Group) -> set[int]:
        """The inputs whose member keep-both took out of ``group`` (into a second copy)."""
        copies = self.kept_both.get((kind, group.index), ())
        return {source for _, copy_group in copies for source in copy_group.members}

    def _shortcut(self, kind: str, group: Group) -> bool:
        """Whether the group's members are equal and stay equal once each input's references are rewritten."""
        members = group.members
        if len(members) == 1:
            return True
        return group.equal and self._rewritten_alike(kind, members, group.first().value)

    def _rewritten_alike(self, kind: str, sources: Iterable[int], value: dict[str, Any]) -> bool:
        """Whether the inputs ``sources``, which all hold ``value``, rewrite the references in it to the same
        bom-refs."""
        respelled = self.respelled
        if not respelled:
            return True
        shape = self.tree_shapes[kind]
        if not may_refer(value, shape):
            return True
        found = references(value, shape, [], skip=kind)
        if respelled.isdisjoint(found):
            return True
        mappings = [self.inputs[source].mapping for source in sources]
        return all(len({mapping.get(ref, ref) for mapping in mappings}) == 1 for ref in found)

    @staticmethod
    def _group_of_shared(value: dict[str, Any]) -> Group:
        """A group for a component both inputs hold as one object that they spell differently once rewritten: it
        merges as any other group (the caller releases its member)."""
        member = Member(0, value, None)
        group = Group(-1, member)  # (no keep-both, no base: nothing looks it up by index)
        group.share(1, member)
        group.final_ref = value["bom-ref"]
        return group

    def _value(self, source: int, member: Member, kind: str) -> Any:
        """The member's value as input ``source`` gives it, its references rewritten, its bom-ref the merged one."""
        item = self.inputs[source]
        value = member.value
        if item.mapping:
            value = rewrite(value, self.tree_shapes[kind], item.mapping, skip=kind, doubled=item.doubled)
        final = member.group.final_ref if member.group is not None else None
        if final is not None and member.ref is not None and value.get("bom-ref") != final:
            value = {**value, "bom-ref": final}  # (a later element under a bom-ref its input gave twice)
        return value

    def _owner(self, kind: str, group: Group) -> Owner:
        first = group.first().value
        versions = {source: member.value.get("version") for source, member in group.members.items()}
        return Owner(label(kind, first), versions)

    # -- three-way: what a side removed but another still refers to ---------------------------------------

    def _restore_referenced(self, document: dict[str, Any]) -> None:
        """Put back a removed component or service that the merged BOM still refers to (a reference one side
        added while the other side removed its target): a conflict, reported, resolved by keeping it."""
        for _ in range(len(self.removed) + 1):
            findings = [f for f in check_integrity(document, self.spec) if f.code == "dangling-reference"]
            restored = False
            for finding in findings:
                target = _at(document, finding.location)
                entry = self.removed.pop(target, None) if isinstance(target, str) else None
                if entry is None:
                    continue
                kind, group = entry
                values = [MISSING] * len(self.inputs)
                for source, member in group.members.items():
                    values[source] = self._value(source, member, kind)
                present = [(source, value) for source, value in enumerate(values[: self.sides])]
                kept = next(source for source, value in present if value is not MISSING)
                restorer = Engine(sides=self.sides, three_way=False, policy=Policy.PREFER_FIRST, timestamps=[])
                value = restorer.merge(values[: self.sides], self.tree_shapes[kind], None, None, Owner(""), skip=kind)
                items = document.setdefault(kind, [])
                items.append(value)
                self.other_conflicts.append((len(self.engine.conflicts), Conflict(
                        identity=label(kind, group.first().value),
                        location=finding.location,
                        values=tuple(value for _, value in present),
                        sources=tuple(source for source, _ in present),
                        resolution=self.policy.value,
                        chosen=None if self.policy is Policy.FAIL else kept,
                        base=values[self.sides],
                    )))
                restored = True
            if not restored:
                return

    # -- conflicts ---------------------------------------------------------------------------------------

    def _conflicts(self) -> tuple[Conflict, ...]:
        """Every conflict, in the order the merge met them (document order)."""
        found = [pending.finish(self.policy.value) for pending in self.engine.conflicts]
        ordered: list[Conflict] = []
        others = iter(self.other_conflicts)
        upcoming = next(others, None)
        for position, conflict in enumerate(found):
            while upcoming is not None and upcoming[0] <= position:
                ordered.append(upcoming[1])
                upcoming = next(others, None)
            ordered.append(conflict)
        while upcoming is not None:
            ordered.append(upcoming[1])
            upcoming = next(others, None)
        return tuple(ordered)


def _add_refs(members: list[Member], defined: set[str]) -> int:
    """Add the members' bom-refs to ``defined``; return how many members have one."""
    refs = list(map(attrgetter("ref"), members))
    defined.update(refs)
    if None in defined:
        defined.discard(None)  # (added by a member without one)
    return len(refs) - refs.count(None)


class _Taken:
    """The ``bom-ref``s a new name must avoid: those given out so far and those any input spells."""

    __slots__ = ("_claimed", "_reserved")

    def __init__(self, claimed: set[str], reserved: list[set[str]]) -> None:
        self._claimed = claimed
        self._reserved = reserved

    def __contains__(self, ref: object) -> bool:
        return ref in self._claimed or any(ref in spelled for spelled in self._reserved)


def _sections(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its envelope and its component and service trees (merged separately)."""
    sections = {key: value for key, value in document.items() if key not in _TREES and key not in _ENVELOPE}
    metadata = sections.get("metadata")
    if isinstance(metadata, dict) and ("component" in metadata or "timestamp" in metadata):
        sections["metadata"] = {key: value for key, value in metadata.items() if key not in ("component", "timestamp")}
    return sections


def _is_metadata(item: Input, member: Member) -> bool:
    metadata = item.document.get("metadata")
    return isinstance(metadata, dict) and metadata.get("component") is member.value


def _tokens(link: Link) -> list[str | int]:
    tokens: list[str | int] = []
    while link is not None:
        link, token = link
        tokens.append(token)
    return tokens[::-1]


def _at(document: Any, location: str) -> Any:
    value = document
    for token in split_pointer(location):
        value = value[int(token)] if isinstance(value, list) else value.get(token)
    return value


def _encode(document: dict[str, Any]) -> bytes:
    try:
        return json_bytes(document)
    except TypeError:
        import json

        return json.dumps(document, default=repr).encode()


def _describe(item: Input) -> str:
    serial = item.document.get("serialNumber")
    version = item.document.get("version")
    if isinstance(serial, str) and serial.startswith("urn:uuid:") and type(version) is int:
        return f"urn:cdx:{serial.removeprefix('urn:uuid:')}/{version}"
    return item.source or "<bom>"


def _component_json(value: Component | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(value, Component):
        return value.to_json()
    if isinstance(value, Mapping):
        copied: dict[str, Any] = json_copy(dict(value))  # the merged BOM must not share objects with the caller's
        return copied
    raise InvalidArgument(
        f"expected a component, got {type(value).__name__}", expected="an aibom.model.Component or a dict"
    )


def _nest(
    document: dict[str, Any],
    parent: Component | Mapping[str, Any] | None,
    index: int,
    source: str | None,
    names: set[str],
) -> dict[str, Any]:
    """The document with its components under one parent component (for a hierarchical merge)."""
    metadata = document.get("metadata")
    top = metadata.get("component") if isinstance(metadata, dict) else None
    if parent is not None:
        holder = _component_json(parent)
    elif isinstance(top, dict):
        holder = dict(top)
    else:
        name = (source or "").replace("\\", "/").rsplit("/", 1)[-1] or f"input-{index + 1}"
        if name.startswith("<"):
            name = f"input-{index + 1}"
        if name in names:
            name = f"{name} ({index + 1})"
        names.add(name)
        holder = {"type": "application", "name": name, "bom-ref": f"aibom:merge:input-{index + 1}"}
    nested = holder.get("components")
    own = document.get("components")
    children = [*(nested if isinstance(nested, list) else []), *(own if isinstance(own, list) else [])]
    if children:
        holder["components"] = children
    nested_document = {key: value for key, value in document.items() if key != "components"}
    nested_document["components"] = [holder]
    if isinstance(metadata, dict):
        nested_document["metadata"] = {key: value for key, value in metadata.items() if key != "component"}
    return nested_document
