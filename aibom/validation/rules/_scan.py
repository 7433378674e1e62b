"""The one walk over a document that every rule reads from.

The walk visits every component once: top-level and nested ``components``,
``metadata.component``, ``formulation[].components`` and the components of each
pedigree (``ancestors``, ``descendants``, ``variants``). It looks inside only a
component that has properties, a model card, a pedigree or components of its
own, and keeps a property only when its name means something to aibom
(:mod:`._terms`). Workflows (``formulation[].workflows[]``) are looked at for
their properties. Pointers are built only for what is kept, and the index of
bom-refs is built only when a rule asks for it.

>>> scan = Scan({"components": [
...     {"type": "library", "name": "x", "bom-ref": "x", "properties": [{"name": "syft:cpe", "value": "?"}]},
...     {"type": "device", "name": "gpu", "bom-ref": "gpu",
...      "properties": [{"name": "cdx:device:quantity", "value": "8"}]}]})
>>> scan.component_types, scan.data_components
({'x': 'library', 'gpu': 'device'}, set())
>>> [(use.pointer, use.name, use.value) for use in scan.uses]
[('/components/1/properties/0', 'cdx:device:quantity', '8')]
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aibom.taxonomy import PropertyDefinition
from aibom.validation.rules._terms import (
    COMPONENT_PROPERTIES,
    MODEL_CARD_PROPERTIES,
    WORKFLOW_PROPERTIES,
    Place,
    Term,
    Vocabulary,
    vocabulary,
)

__all__ = ["Holder", "PropertyUse", "Scan"]

_PEDIGREE_LISTS = ("ancestors", "descendants", "variants")
_LOOK_INSIDE = frozenset({"properties", "modelCard", "pedigree", "components"})
_OUTLINE = ("bom-ref", "purl", "type", "pedigree")
_BOM_REF_OF = operator.methodcaller("get", "bom-ref")
_TYPE_OF = operator.methodcaller("get", "type")
_TOP_LEVEL: list[Any] = []  # marks, among the lists of a scan in parts, where the top-level components were


@dataclass(slots=True, eq=False)
class Holder:
    """A component or a workflow that holds something for the rules.

    :param pointer: its JSON pointer.
    :param node: the component or workflow object (in a scan in parts, a top-level component's outline: its
        ``bom-ref``, ``purl``, ``type`` and ``pedigree``, what the rules read).
    :param type: the component type (None for a workflow).
    :param uses: its recognised properties (``component.properties`` or ``workflow.properties``).
    :param card_uses: its model card's recognised properties (``modelCard.properties``).
    :param inline: it is a component described in another component's pedigree (an ancestor, ...).
    """

    pointer: str
    node: dict[str, Any]
    type: Any
    uses: list[PropertyUse] = field(default_factory=list)
    card_uses: list[PropertyUse] = field(default_factory=list)
    inline: bool = False

    def named(self, canonical: str) -> Iterator[PropertyUse]:
        """The holder's own properties (not its model card's) whose canonical name is ``canonical``."""
        return (use for use in self.uses if use.term.canonical == canonical)

    def first(self, canonical: str) -> PropertyUse | None:
        """The first of :meth:`named`, or None."""
        return next(self.named(canonical), None)


@dataclass(slots=True, eq=False)
class PropertyUse:
    """One property whose name means something to aibom, where it was found.

    :param term: what its name means.
    :param value: its ``value`` as written (None when absent).
    :param pointer: the JSON pointer of the property object.
    :param place: which properties array it is in.
    :param holder: the component or workflow holding it.
    """

    term: Term
    value: Any
    pointer: str
    place: Place
    holder: Holder

    @property
    def name(self) -> str:
        """The name as written."""
        return self.term.name

    @property
    def definition(self) -> PropertyDefinition | None:
        """The taxonomy definition, or None (an undefined ``aibom:`` name, a field alias)."""
        return self.term.definition

    @property
    def value_pointer(self) -> str:
        """The JSON pointer of the value."""
        return self.pointer + "/value"

    @property
    def name_pointer(self) -> str:
        """The JSON pointer of the name."""
        return self.pointer + "/name"

    def text(self) -> str:
        """The value for a message: quoted, or ``no value``."""
        return "no value" if self.value is None else repr(self.value)


class Scan:
    """What the rules need from one document, gathered in one walk.

    :ivar components: components with recognised properties or a pedigree, in walk order.
    :ivar workflows: workflows with recognised properties.
    :ivar uses: every recognised property, in walk order.
    :ivar by_definition: the recognised properties by the name of their definition (a placeholder family under
        its ``<name>`` form).
    :ivar undefined: the properties in aibom's namespace that the taxonomy does not define.
    :ivar model_cards: every model card, with its pointer (in a scan in parts, a top-level component's card holds
        only its ``modelParameters.datasets``, what the rules read).
    :ivar data_components: the bom-refs of the ``data`` components.
    """

    __slots__ = ("_lists", "_pending", "_terms", "_top_types", "_types", "_vocabulary", "by_definition", "components",
                 "data_components", "document", "model_cards", "undefined", "uses", "workflows")

    def __init__(self, document: Any) -> None:
        self.document = document
        self.components: list[Holder] = []
        self.workflows: list[Holder] = []
        self.uses: list[PropertyUse] = []
        self.by_definition: dict[str, list[PropertyUse]] = {}
        self.undefined: list[PropertyUse] = []
        self.model_cards: list[tuple[str, dict[str, Any]]] = []
        self.data_components: set[str] = set()
        self._lists: list[list[Any]] = []
        self._types: dict[str, Any] | None = None
        self._vocabulary: Vocabulary = vocabulary()
        self._terms: dict[str, Term | None] = {}
        self._pending: list[tuple[list[Any], str]] = []
        self._top_types: dict[Any, Any] | None = None
        if type(document) is dict:
            self.begin(document)
            components = document.get("components")
            if type(components) is list:
                self._components(components, "/components")
            self.finish()

    def close(self) -> None:
        """Break the cycles between holders and their properties (each points to the other), so that they are
        freed when the check returns rather than by the next full collection."""
        for use in (*self.uses, *self.undefined):
            use.holder.uses.clear()
            use.holder.card_uses.clear()

    @property
    def vocabulary(self) -> Vocabulary:
        """The taxonomy the scan read names with."""
        return self._vocabulary

    @property
    def component_types(self) -> dict[str, Any]:
        """The component type of every component's bom-ref, gathered on first use (to ask whether a bom-ref is a
        data component's, :attr:`data_components` is at hand)."""
        if self._types is None:
            types: dict[str, Any] = {}
            for items in self._lists:
                if items is _TOP_LEVEL:  # the top-level components of a scan in parts, gathered as they passed
                    assert self._top_types is not None
                    types.update((ref, kind) for ref, kind in self._top_types.items() if type(ref) is str)
                    continue
                types.update(
                    (component["bom-ref"], component.get("type"))
                    for component in items
                    if type(component) is dict and type(component.get("bom-ref")) is str
                )
            self._types = types
        return self._types

    def named(self, *definitions: str) -> Iterator[PropertyUse]:
        """The recognised properties of the definitions named, definition by definition."""
        for name in definitions:
            yield from self.by_definition.get(name, ())

    def begin(self, document: dict[str, Any]) -> None:
        """Scan everything but the top-level components: the metadata component, the formulation and whatever
        those hold. (A whole document is scanned by the constructor; this and :meth:`top_level` and
        :meth:`finish` scan one in parts, in the same order.)"""
        metadata = document.get("metadata")
        if type(metadata) is dict and type(metadata.get("component")) is dict:
            self._components([metadata["component"]], "/metadata/component", single=True)
        formulation = document.get("formulation")
        if type(formulation) is list:
            for number, formula in enumerate(formulation):
                if type(formula) is not dict:
                    continue
                if type(formula.get("components")) is list:
                    self._pending.append((formula["components"], f"/formulation/{number}/components"))
                if type(formula.get("workflows")) is list:
                    self._workflows(formula["workflows"], f"/formulation/{number}/workflows")
        self._drain()

    def top_level(self, components: list[Any], first: int) -> None:
        """Scan some of the top-level components, the first being ``/components/<first>``; the lists they hold
        wait for :meth:`finish`. Only what the rules need of them is kept, so the rest can be freed."""
        if self._top_types is None:
            self._top_types = {}
            self._lists.append(_TOP_LEVEL)
        try:  # bom-refs of the wrong type come along, and leave at component_types
            self._top_types.update(zip(map(_BOM_REF_OF, components), map(_TYPE_OF, components)))
        except (AttributeError, TypeError):  # an item that is not an object, an unhashable bom-ref
            self._top_types.update(
                (component["bom-ref"], component.get("type"))
                for component in components
                if type(component) is dict and type(component.get("bom-ref")) is str
            )
        self._components(components, "/components", first=first, keep=False)

    def finish(self) -> None:
        """Scan the lists the components hold (nested components, pedigrees)."""
        self._drain()

    def _drain(self) -> None:
        pending = self._pending
        while pending:
            items, base = pending.pop()
            self._components(items, base)

    def _components(self, items: list[Any], base: str, *, single: bool = False, first: int = 0,
                    keep: bool = True) -> None:
        """Visit one list of components (or a part of it, starting at index ``first``); ``single``: ``base`` is the
        pointer of the only one (metadata); ``keep``: keep the list, for :attr:`component_types`. The lists the
        components hold wait in the scan's queue."""
        pending = self._pending
        if keep:
            self._lists.append(items)
        data = self.data_components
        for index, component in enumerate(items):
            try:
                if component.get("type") == "data" and type(bom_ref := component.get("bom-ref")) is str:
                    data.add(bom_ref)
                if component.keys().isdisjoint(_LOOK_INSIDE):
                    continue
            except AttributeError:  # not an object: the schema reports it
                continue
            at = -1 if single else first + index
            holder: Holder | None = None
            properties = component.get("properties")
            if type(properties) is list:
                holder = self._properties(properties, base, at, "", COMPONENT_PROPERTIES, component, None)
            card = component.get("modelCard")
            if type(card) is dict:
                self.model_cards.append((_join(base, at) + "/modelCard", card if keep else _card_outline(card)))
                if type(card.get("properties")) is list:
                    holder = self._properties(card["properties"], base, at, "/modelCard", MODEL_CARD_PROPERTIES,
                                              component, holder)
            nested = component.get("components")
            pedigree = component.get("pedigree")
            if type(nested) is list or type(pedigree) is dict:
                pointer = holder.pointer if holder is not None else _join(base, at)
                if type(nested) is list:
                    pending.append((nested, pointer + "/components"))
                if type(pedigree) is dict:
                    if holder is None:
                        holder = Holder(pointer, component, component.get("type"))
                    for key in _PEDIGREE_LISTS:
                        if type(pedigree.get(key)) is list:
                            pending.append((pedigree[key], f"{pointer}/pedigree/{key}"))
            if holder is not None:
                holder.inline = "/pedigree/" in base
                if not keep:
                    holder.node = _outline(component)
                self.components.append(holder)

    def _workflows(self, workflows: list[Any], base: str) -> None:
        for index, workflow in enumerate(workflows):
            if type(workflow) is dict and type(workflow.get("properties")) is list:
                holder = self._properties(workflow["properties"], base, index, "", WORKFLOW_PROPERTIES, workflow,
                                          None)
                if holder is not None:
                    self.workflows.append(holder)

    def _properties(self, properties: list[Any], base: str, at: int, suffix: str, place: Place,
                    node: dict[str, Any], holder: Holder | None) -> Holder | None:
        """Record the recognised properties of one array, held at ``_join(base, at) + suffix``."""
        terms = self._terms
        for number, prop in enumerate(properties):
            try:
                term = terms[prop["name"]]
            except (KeyError, TypeError):  # a name not met yet, or a property that breaks the schema
                name = prop.get("name") if type(prop) is dict else None
                if type(name) is not str:
                    continue
                term = terms[name] = self._vocabulary.term(name)
            if term is None:
                continue
            if term.foreign and not term.allowed_in(place, node.get("type") if place == COMPONENT_PROPERTIES else None):
                continue
            if holder is None:
                holder = Holder(_join(base, at), node, None if place == WORKFLOW_PROPERTIES else node.get("type"))
            use = PropertyUse(term, prop.get("value"), f"{holder.pointer}{suffix}/properties/{number}", place, holder)
            (holder.card_uses if place == MODEL_CARD_PROPERTIES else holder.uses).append(use)
            self.uses.append(use)
            if term.definition is not None:
                self.by_definition.setdefault(term.definition.name, []).append(use)
            elif term.own:
                self.undefined.append(use)
        return holder


def _outline(component: dict[str, Any]) -> dict[str, Any]:
    """What the rules read of a component (its identities and pedigree), kept by a scan in parts in place of the
    component, so that the rest of it can be freed."""
    return {key: component[key] for key in _OUTLINE if key in component}


def _card_outline(card: dict[str, Any]) -> dict[str, Any]:
    """What the rules read of a model card: its dataset references."""
    parameters = card.get("modelParameters")
    if type(parameters) is dict and "datasets" in parameters:
        return {"modelParameters": {"datasets": parameters["datasets"]}}
    return {}


def _join(base: str, at: int) -> str:
    """The pointer of item ``at`` of the list at ``base``; ``at < 0``: ``base`` itself."""
    return base if at < 0 else f"{base}/{at}"
