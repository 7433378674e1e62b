"""Lineage: a derived model names what it was derived from, and no model descends from itself.

A model's lineage is told by its pedigree (``pedigree.ancestors``, and the
reverse, ``pedigree.descendants``), by the source model of a quantization or a
pruning (``aibom:quantization:source_model``, ``aibom:pruning:source_model``) and
by the teacher of a distillation (``aibom:distillation:teacher``). Models are
matched across the BOM by bom-ref and by purl: an ancestor written inline with a
purl is the same model as the component with that purl.

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> doc = {"components": [{"type": "machine-learning-model", "name": "m", "bom-ref": "model:m",
...     "properties": [{"name": "aibom:lineage:relation", "value": "quantized"}]}]}
>>> [(f.code, f.location) for f in check_ai_rules(doc, SpecVersion.V1_6)]
[('ai-source-model-missing', '/components/0')]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from aibom.report import Severity
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import Holder, PropertyUse, Scan

__all__ = [
    "BASE_MODEL_NAMES",
    "RELATION",
    "SOURCE_MODELS",
    "TEACHER",
    "lineage_cycle",
    "source_model_missing",
]

RELATION = "aibom:lineage:relation"
SOURCE_MODELS = ("aibom:quantization:source_model", "aibom:pruning:source_model")
TEACHER = "aibom:distillation:teacher"
BASE_MODEL_NAMES = frozenset({"base_model", "huggingface:base_model"})
"""Hugging Face's name for a model's base, copied as a property by other tools (field aliases in the taxonomy)."""

_QUANTIZATION = "aibom:quantization:"
_PRUNING = "aibom:pruning:"


def _named(use: PropertyUse) -> bool:
    return type(use.value) is str and bool(use.value.strip())


def _marker(holder: Holder) -> tuple[str, PropertyUse] | None:
    """What says the model is derived, as (what to add, the property saying so): its first such property."""
    for use in holder.uses:
        canonical = use.term.canonical or ""
        if canonical == RELATION and use.definition is not None:
            relation = use.definition.value(use.value)
            if relation == "quantized":
                return "a pedigree ancestor or aibom:quantization:source_model", use
            if relation is not None:
                return "a pedigree ancestor", use
        elif canonical.startswith(_QUANTIZATION) and canonical not in SOURCE_MODELS:
            return "a pedigree ancestor or aibom:quantization:source_model", use
        elif canonical.startswith(_PRUNING) and canonical not in SOURCE_MODELS:
            return "a pedigree ancestor or aibom:pruning:source_model", use
    return None


def _has_source(holder: Holder) -> bool:
    pedigree = holder.node.get("pedigree")
    if type(pedigree) is dict and pedigree.get("ancestors"):
        return True
    return any(
        (use.term.canonical in SOURCE_MODELS or use.term.canonical == TEACHER or use.name in BASE_MODEL_NAMES)
        and _named(use)
        for use in holder.uses
    )


@rule(
    "ai-source-model-missing",
    Severity.WARNING,
    example={"components": [{
        "type": "machine-learning-model", "bom-ref": "model:sentiment-7b-awq", "name": "sentiment-7b-awq",
        "properties": [
            {"name": "aibom:quantization:method", "value": "awq"},
            {"name": "aibom:quantization:bits", "value": "4"},
        ],
    }]},
)
def source_model_missing(scan: Scan) -> Iterator[Hit]:
    """A quantized, pruned or otherwise derived model that does not name the model it was derived from.

    A model with quantization properties (`aibom:quantization:*`), pruning properties (`aibom:pruning:*`) or a
    lineage relation (`aibom:lineage:relation`: `quantized`, `finetune`, `adapter`, `merge`, `distilled`) was made
    from another model, and its provenance is incomplete without it. It is named by a pedigree ancestor, by
    `aibom:quantization:source_model` or `aibom:pruning:source_model` (a bom-ref, or a purl when the source is not
    in the BOM), by `aibom:distillation:teacher`, or by Hugging Face's `base_model` copied as a property. The
    finding is on the component. A warning: the BOM is still correct, only less useful. A model described inside
    another's pedigree is not held to it: a BOM may list a lineage only as far back as it knows it.
    """
    seen: set[int] = set()
    for name, uses in scan.by_definition.items():
        if not (name == RELATION or name.startswith((_QUANTIZATION, _PRUNING))):
            continue
        for use in uses:
            holder = use.holder
            if id(holder) in seen or use.place != "component.properties" or holder.inline:
                continue
            seen.add(id(holder))
            marker = _marker(holder)
            if marker is not None and not _has_source(holder):
                fix, cause = marker
                yield holder.pointer, (
                    f"{cause.name} = {cause.text()} makes this a derived model, but it names no model it was "
                    f"derived from: add {fix}"
                )


_Identities = tuple[str, ...]
_Edge = tuple[_Identities, _Identities, str]


def _identities(component: Mapping[str, Any]) -> _Identities:
    """The identities of a component: its bom-ref and purl, those it has."""
    ref, purl = component.get("bom-ref"), component.get("purl")
    if type(ref) is str and ref:
        return (ref, purl) if type(purl) is str and purl and purl != ref else (ref,)
    return (purl,) if type(purl) is str and purl else ()


def _edges(scan: Scan) -> list[_Edge]:
    """Every lineage link ``derived → source``, each with the identities of both ends and where it is written."""
    edges: list[_Edge] = []
    for holder in scan.components:
        me = _identities(holder.node)
        pedigree = holder.node.get("pedigree")
        if me and type(pedigree) is dict:
            for key, forward in (("ancestors", True), ("descendants", False)):
                relatives = pedigree.get(key)
                if type(relatives) is not list:
                    continue
                for number, relative in enumerate(relatives):
                    other = _identities(relative) if type(relative) is dict else ()
                    if other:
                        pointer = f"{holder.pointer}/pedigree/{key}/{number}"
                        edges.append((me, other, pointer) if forward else (other, me, pointer))
        if me:
            for use in holder.uses:
                if (use.term.canonical in SOURCE_MODELS or use.term.canonical == TEACHER) and _named(use):
                    edges.append((me, (use.value,), use.value_pointer))
    return edges


class _Lineage:
    """The lineage graph: models merged by identity (bom-ref, purl), links from a model to its sources."""

    def __init__(self, edges: list[_Edge]) -> None:
        self._parent: dict[str, str] = {}
        self._label: dict[str, str] = {}
        for source, target, _ in edges:
            self._merge(source)
            self._merge(target)
        self.edges = [(self.find(source[0]), self.find(target[0]), pointer) for source, target, pointer in edges]

    def _merge(self, identities: _Identities) -> None:
        for name in identities:
            self._parent.setdefault(name, name)
        root = self.find(identities[0])
        self._label.setdefault(root, identities[0])
        for name in identities[1:]:
            other = self.find(name)
            if other != root:
                self._parent[other] = root
                self._label.setdefault(root, self._label.get(other, name))

    def find(self, name: str) -> str:
        """The representative of the model ``name`` identifies."""
        parent = self._parent
        root = name
        while parent[root] != root:
            root = parent[root]
        while parent[name] != root:
            parent[name], name = root, parent[name]
        return root

    def label(self, node: str) -> str:
        """A name for the model whose representative is ``node``: the first identity it was met by."""
        return self._label.get(node, node)

    def cycles(self) -> Iterator[tuple[str, list[str]]]:
        """For each cycle (a strongly connected set of models): the pointer of its first link ``a → b``, and
        the models of a shortest way back from ``b`` to ``a``."""
        graph: dict[str, list[str]] = {}
        for a, b, _ in self.edges:
            graph.setdefault(a, []).append(b)
        group_of = _strongly_connected(graph)
        reported: set[int] = set()
        for a, b, pointer in self.edges:
            group = group_of.get(a)
            if group is None or group != group_of.get(b) or group in reported:
                continue
            reported.add(group)
            yield pointer, _path(graph, b, a, group_of, group)


def _strongly_connected(graph: dict[str, list[str]]) -> dict[str, int]:
    """Tarjan's algorithm, iteratively: the group number of each node in a cycle (nodes in none are left out)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: dict[str, int] = {}
    counter = 0
    for start in graph:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = graph.get(node, [])
            if position < len(successors):
                work.append((node, position + 1))
                successor = successors[position]
                if successor not in index:
                    work.append((successor, 0))
                elif successor in on_stack:
                    low[node] = min(low[node], index[successor])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in graph.get(node, ()):
                    for member in members:
                        groups[member] = index[node]
    return groups


def _path(graph: dict[str, list[str]], start: str, goal: str, component: dict[str, int], group: int) -> list[str]:
    """The shortest path from ``start`` to ``goal`` inside one group."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            break
        for successor in graph.get(node, ()):
            if successor not in previous and component.get(successor) == group:
                previous[successor] = node
                queue.append(successor)
    path: list[str] = []
    step: str | None = goal
    while step is not None:
        path.append(step)
        step = previous[step]
    return path[::-1]


@rule(
    "ai-lineage-cycle",
    Severity.ERROR,
    example={"components": [
        {
            "type": "machine-learning-model", "bom-ref": "model:sentiment-7b-gptq", "name": "sentiment-7b-gptq",
            "purl": "pkg:huggingface/acme/sentiment-7b-gptq@4f2e9c1",
            "properties": [
                {"name": "aibom:quantization:method", "value": "gptq"},
                {"name": "aibom:quantization:source_model", "value": "model:sentiment-7b"},
            ],
        },
        {
            "type": "machine-learning-model", "bom-ref": "model:sentiment-7b", "name": "sentiment-7b",
            "pedigree": {"ancestors": [{
                "type": "machine-learning-model", "name": "sentiment-7b-gptq",
                "purl": "pkg:huggingface/acme/sentiment-7b-gptq@4f2e9c1",
            }]},
        },
    ]},
)
def lineage_cycle(scan: Scan) -> Iterator[Hit]:
    """A model that is, through its lineage, derived from itself.

    Following pedigree ancestors (and descendants, backwards), quantization and pruning source models and
    distillation teachers from model to model, matched by bom-ref or purl across the whole BOM (nested components,
    inline ancestors and formulation components included), leads back to where it started. A model cannot
    predate itself: one of the links is wrong, typically an ancestor and a descendant swapped or a source model
    naming the derived model. The finding is on the first link of the cycle, and the message walks the cycle.
    """
    edges = _edges(scan)
    derived = {name for source, _, _ in edges for name in source}
    if not any(name in derived for _, target, _ in edges for name in target):
        return  # no link leads to a model that is itself derived: no cycle (the common case, and cheap)
    lineage = _Lineage(edges)
    for pointer, path in lineage.cycles():
        names = [lineage.label(node) for node in path]
        yield pointer, "lineage cycle: " + " → ".join([names[-1], *names])
