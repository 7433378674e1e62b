"""What a property name means to the rules: its definition in the property taxonomy, its namespace.

The rules read the property taxonomy (:mod:`aibom.taxonomy`, the same definitions
the concepts read and write). A name in aibom's own namespace
(``aibom:``) or the official one (``cdx:``) is looked up wherever it is found;
another tool's name that the taxonomy lists as an alias (``lora_r``,
``huggingface:base_model_relation``, ...) means something to aibom only where
aibom reads it, so it counts only in a place its definition allows.

A value fits its definition when :meth:`~aibom.taxonomy.PropertyDefinition.decode`
reads it: it reads as the definition's type (``integer``, ``number``,
``boolean``, ``enum``, ``parameter-count``, ``pep440-specifier``,
``language-list``, ...), is one of its values when the enumeration is closed,
and lies within its ``minimum`` and ``maximum``. A property without a value is
not judged.

>>> words = vocabulary()
>>> term = words.term("aibom:hardware:count")
>>> term.canonical, term.own, term.definition.name
('cdx:device:quantity', True, 'cdx:device:quantity')
>>> words.term("syft:package:foundBy") is None
True
>>> words.term("aibom:nonsense").definition is None
True
>>> words["aibom:pruning:target_sparsity"].fault("1.5")
'1.5 is above the maximum 1'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

from aibom.taxonomy import PropertyDefinition, Taxonomy, load_taxonomy

__all__ = [
    "COMPONENT_PROPERTIES",
    "MODEL",
    "MODEL_CARD_PROPERTIES",
    "OFFICIAL_PREFIX",
    "OWN_PREFIX",
    "WORKFLOW_PROPERTIES",
    "Place",
    "Term",
    "Vocabulary",
    "vocabulary",
]

Place = Literal["component.properties", "modelCard.properties", "workflow.properties"]
COMPONENT_PROPERTIES: Place = "component.properties"
MODEL_CARD_PROPERTIES: Place = "modelCard.properties"
WORKFLOW_PROPERTIES: Place = "workflow.properties"

OWN_PREFIX = "aibom:"
OFFICIAL_PREFIX = "cdx:"
_NAMESPACES = (OWN_PREFIX, OFFICIAL_PREFIX)
MODEL = "machine-learning-model"


@dataclass(frozen=True, slots=True)
class Term:
    """A property name as the rules see it.

    :param name: the name as written.
    :param definition: its taxonomy definition (by name, alias or placeholder), or None.
    :param canonical: the name aibom writes for it (the written name for a placeholder family), or None.
    :param own: the written name is in aibom's namespace (``aibom:``).
    :param foreign: the written name is in neither aibom's nor the official namespace (another tool's alias).
    :param field_place: for a field alias (``base_model``), the one place aibom reads it; else None.
    """

    name: str
    definition: PropertyDefinition | None
    canonical: str | None
    own: bool
    foreign: bool
    field_place: str | None = None

    def allowed_in(self, place: Place, component_type: Any) -> bool:
        """Whether the taxonomy puts this property in ``place`` (and, on a component, on ``component_type``).

        A model card's own component type is not asked: a model card on the wrong component is a layer-2 error.
        A field alias counts on a model component, in the place the taxonomy names.

        >>> vocabulary().term("lora_r").allowed_in("component.properties", "machine-learning-model")
        True
        >>> vocabulary().term("lora_r").allowed_in("component.properties", "library")
        False
        """
        definition = self.definition
        if definition is None:
            return self.field_place == place and component_type == MODEL
        if place not in definition.locations:
            return False
        return place != COMPONENT_PROPERTIES or component_type in definition.components


class Vocabulary:
    """The taxonomy as the rules look names up in it; use :func:`vocabulary` for the shipped one."""

    __slots__ = ("_taxonomy", "field_places", "foreign_names")

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self.field_places: dict[str, str] = {alias.name: alias.location for alias in taxonomy.field_aliases}
        """Where each field alias (a name another tool writes for a concept field) is read."""
        aliases = (alias.name for definition in taxonomy.properties for alias in definition.aliases)
        self.foreign_names: frozenset[str] = frozenset(
            name for name in (*aliases, *self.field_places) if not name.startswith(_NAMESPACES)
        )
        """Names outside both namespaces that mean something to aibom: aliases and field aliases."""

    def __getitem__(self, name: str) -> PropertyDefinition:
        """The definition with exactly this name (a placeholder family by its ``<name>`` form)."""
        return self._taxonomy[name]

    def definitions(self) -> tuple[PropertyDefinition, ...]:
        """Every definition, in the taxonomy's order."""
        return self._taxonomy.properties

    def lookup(self, name: str) -> PropertyDefinition | None:
        """The definition ``name`` falls under: by name, by alias, then by the longest placeholder prefix.

        >>> vocabulary().lookup("aibom:training:hyperparameter:my_knob").name
        'aibom:training:hyperparameter:<name>'
        """
        return self._taxonomy.lookup(name)

    def term(self, name: str) -> Term | None:
        """The :class:`Term` for ``name``, or None when aibom gives the name no meaning."""
        own = name.startswith(OWN_PREFIX)
        official = not own and name.startswith(OFFICIAL_PREFIX)
        foreign = not own and not official
        if foreign and name not in self.foreign_names:
            return None
        definition = self.lookup(name)
        if definition is None and official:
            return None
        canonical = None if definition is None else (name if definition.placeholder else definition.name)
        field_place = self.field_places.get(name) if definition is None else None
        return Term(name, definition, canonical, own, foreign, field_place)


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the taxonomy shipped with aibom (read once, on the first check)."""
    return Vocabulary(load_taxonomy())
