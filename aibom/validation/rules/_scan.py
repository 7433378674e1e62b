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


@dataclass(slots=True, eq=False)
class Holder:
    """A component or a workflow that holds something for the rules.

    :param pointer: its JSON pointer.
    :param node: the component or workflow object.
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
    :ivar model_cards: every model card, with its pointer.
    :ivar data_components: the bom-refs of the ``data`` components.
    """

    __slots__ = ("_lists", "_terms", "_types", "_vocabulary", "by_definition", "components", "data_components",
                 "document", "model_cards", "undefined", "uses", "workflows")

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
        if type(document) is dict:
            self._walk(document)

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
            self._types = {
                component["bom-ref"]: component.get("type")
                for items in self._lists
                for component in items
                if type(component) is dict and type(component.get("bom-ref")) is str
            }
        return self._types

    def named(self, *definitions: str) -> Iterator[PropertyUse]:
        """The recognised properties of the definitions named, definition by definition."""
        for name in definitions:
            yield from self.by_definition.get(name, ())

    def _walk(self, document: dict[str, Any]) -> None:
        pending: list[tuple[list[Any], str]] = []
        components = document.get("components")
        if type(components) is list:
            pending.append((components, "/components"))
        metadata = document.get("metadata")
        if type(metadata) is dict and type(metadata.get("component")) is dict:
            self._components([metadata["component"]], "/metadata/component", pending, single=True)
        formulation = document.get("formulation")
        if type(formulation) is list:
            for number, formula in enumerate(formulation):
                if type(formula) is not dict:
                    continue
                if type(formula.get("components")) is list:
                    pending.append((formula["components"], f"/formulation/{number}/components"))
                if type(formula.get("workflows")) is list:
                    self._workflows(formula["workflows"], f"/formulation/{number}/workflows")
        while pending:
            items, base = pending.pop()
            self._components(items, base, pending)

    def _components(self, items: list[Any], base: str, pending: list[tuple[list[Any], str]], *,
                    single: bool = False) -> None:
        """Visit one list of components; ``single``: ``base`` is the pointer of the only one (metadata)."""
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
            at = -1 if single else index
            holder: Holder | None = None
            properties = component.get("properties")
            if type(properties) is list:
                holder = self._properties(properties, base, at, "", COMPONENT_PROPERTIES, component, None)
            card = component.get("modelCard")
            if type(card) is dict:
                self.model_cards.append((_join(base, at) + "/modelCard", card))
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


def _join(base: str, at: int) -> str:
    """The pointer of item ``at`` of the list at ``base``; ``at < 0``: ``base`` itself."""
    return base if at < 0 else f"{base}/{at}"
