"""What a property name means to the rules: its definition in the property taxonomy, its namespace.

The rules read the property taxonomy, ``schemas/aibom-taxonomy.json`` (its
format is ``schemas/aibom-taxonomy.schema.json``), straight from the file, so
that validation depends on the data alone. A name in aibom's own namespace
(``aibom:``) or the official one (``cdx:``) is looked up wherever it is found;
another tool's name that the taxonomy lists as an alias (``lora_r``,
``huggingface:base_model_relation``, ...) means something to aibom only where
aibom reads it, so it counts only in a place its definition allows.

A value fits its definition when it reads as the definition's type (the
``types`` of the taxonomy: ``integer``, ``number``, ``boolean``, ``enum``,
``parameter-count``, ``pep440-specifier``, ``language-list``, ...), is one of
its values when the enumeration is closed, and lies within its ``minimum`` and
``maximum``. A property without a value is not judged.

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
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import orjson
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from aibom._property_text import number_text, parse_parameter_count, split_keywords
from aibom._schemas import schema_dir

__all__ = [
    "COMPONENT_PROPERTIES",
    "MODEL",
    "MODEL_CARD_PROPERTIES",
    "OFFICIAL_PREFIX",
    "OWN_PREFIX",
    "PLACEHOLDER",
    "TAXONOMY_FILE",
    "WORKFLOW_PROPERTIES",
    "Definition",
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
PLACEHOLDER = "<name>"
TAXONOMY_FILE = "aibom-taxonomy.json"

_INTEGER = re.compile(r"[-+]?[0-9]+")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_LANGUAGE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True, slots=True)
class Definition:
    """One entry of the taxonomy's ``properties``: what a property name (or a family of names) holds.

    :param values: the enumeration's values, folded to lower case, each with the bit widths the taxonomy
        gives it (quantization methods), or None.
    """

    name: str
    official: bool
    type: str
    components: tuple[str, ...]
    locations: tuple[str, ...]
    repeatable: bool
    values: Mapping[str, tuple[float, ...] | None]
    open: bool
    minimum: float | None
    maximum: float | None
    placeholder: bool

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> Definition:
        """The definition of one taxonomy entry.

        >>> Definition.from_json({"name": "aibom:x:n", "official": False, "type": "integer", "components": [],
        ...                       "locations": ["workflow.properties"], "repeatable": False, "minimum": 1}).minimum
        1
        """
        return cls(
            name=item["name"],
            official=item["official"],
            type=item["type"],
            components=tuple(item["components"]),
            locations=tuple(item["locations"]),
            repeatable=item["repeatable"],
            values={v["value"].casefold(): (tuple(v["bits"]) if "bits" in v else None) for v in item.get("values", ())},
            open=item.get("open", False),
            minimum=item.get("minimum"),
            maximum=item.get("maximum"),
            placeholder=item.get("placeholder", False),
        )

    def read(self, text: Any) -> Any:
        """``text`` read as this definition's type; ``ValueError`` saying why when it does not fit.

        >>> words = vocabulary()
        >>> words["aibom:quantization:bits"].read("4"), words["cdx:ai-ml:model:parameter:count"].read("7B")
        (4, 7000000000)
        >>> words["aibom:hardware:memory_bytes"].read("80GB")
        Traceback (most recent call last):
        ...
        ValueError: '80GB' is not an integer
        """
        if text is None:
            raise ValueError("the property has no value")
        value = _READERS.get(self.type, _text)(self, text)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{text} is below the minimum {number_text(self.minimum)}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{text} is above the maximum {number_text(self.maximum)}")
        return value

    def fault(self, value: Any) -> str | None:
        """Why ``value`` does not fit, or None when it does.

        Only a text is judged: a property without a value states nothing to check (the taxonomy makes some values
        optional, a dataset split's record count for one), and a value that is not a string breaks the CycloneDX
        schema, which reports it.

        >>> sparsity = vocabulary()["aibom:pruning:target_sparsity"]
        >>> sparsity.fault("0.5") is None, sparsity.fault("half"), sparsity.fault(None)
        (True, "'half' is not a number", None)
        """
        if type(value) is not str:
            return None
        try:
            self.read(value)
        except ValueError as error:
            return str(error)
        return None

    def value(self, text: Any) -> Any:
        """``text`` read as this definition's type, or None when it does not fit (or is not a string).

        >>> vocabulary()["aibom:pruning:structured"].value("true"), vocabulary()["aibom:pruning:structured"].value("1")
        (True, None)
        """
        if type(text) is not str:
            return None
        try:
            return self.read(text)
        except ValueError:
            return None


def _text(definition: Definition, text: str) -> str:
    return text


def _reference(definition: Definition, text: str) -> str:
    if not text.strip():
        raise ValueError("a reference is not empty")
    return text


def _integer(definition: Definition, text: str) -> int:
    if not _INTEGER.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not an integer")
    return int(text)


def _decimal(definition: Definition, text: str) -> int | float:
    stripped = text.strip()
    if _INTEGER.fullmatch(stripped):
        return int(stripped)
    if not _NUMBER.fullmatch(stripped) or not math.isfinite(number := float(stripped)):
        raise ValueError(f"{text!r} is not a number")
    return number


def _boolean(definition: Definition, text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"{text!r} is not a boolean (true or false)")
    return text == "true"


def _enum(definition: Definition, text: str) -> str:
    folded = text.strip().casefold()
    if folded in definition.values:
        return folded
    if definition.open and folded:
        return text.strip()
    raise ValueError(f"{text!r} is not one of {', '.join(definition.values)}")


def _keywords(definition: Definition, text: str) -> tuple[str, ...]:
    return split_keywords(text)


def _languages(definition: Definition, text: str) -> tuple[str, ...]:
    codes = tuple(code.lower() for code in _keywords(definition, text))
    for code in codes:
        if not _LANGUAGE.fullmatch(code):
            raise ValueError(f"{code!r} is not an ISO 639-1 language code")
    return codes


def _specifier(definition: Definition, text: str) -> SpecifierSet:
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        raise ValueError(f"{text!r} is not a PEP 440 version specifier set") from None


def _parameter_count(definition: Definition, text: str) -> int:
    return parse_parameter_count(text)


# Types the taxonomy may add later read as plain text until the rules learn them.
_READERS: dict[str, Callable[[Definition, str], Any]] = {
    "string": _text,
    "typed": _text,
    "bom-ref": _reference,
    "component-ref": _reference,
    "integer": _integer,
    "number": _decimal,
    "boolean": _boolean,
    "enum": _enum,
    "string-list": _keywords,
    "language-list": _languages,
    "pep440-specifier": _specifier,
    "parameter-count": _parameter_count,
}


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
    definition: Definition | None
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
    """The taxonomy, indexed by every name and alias; use :func:`vocabulary` for the shipped one."""

    __slots__ = ("_aliases", "_by_name", "_placeholders", "field_places", "foreign_names")

    def __init__(self, document: Mapping[str, Any]) -> None:
        definitions: list[Definition] = []
        self._aliases: dict[str, Definition] = {}
        for item in document["properties"]:
            definition = Definition.from_json(item)
            definitions.append(definition)
            for alias in item.get("aliases", ()):
                self._aliases[alias["name"]] = definition
        self._by_name = {d.name: d for d in definitions}
        self._placeholders = sorted(
            ((d.name[: -len(PLACEHOLDER)], d) for d in definitions if d.placeholder), key=lambda p: -len(p[0])
        )
        self.field_places: dict[str, str] = {alias["name"]: alias["location"] for alias in document["field_aliases"]}
        """Where each field alias (a name another tool writes for a concept field) is read."""
        self.foreign_names: frozenset[str] = frozenset(
            name for name in (*self._aliases, *self.field_places) if not name.startswith(_NAMESPACES)
        )
        """Names outside both namespaces that mean something to aibom: aliases and field aliases."""

    def __getitem__(self, name: str) -> Definition:
        """The definition with exactly this name (a placeholder family by its ``<name>`` form)."""
        return self._by_name[name]

    def definitions(self) -> tuple[Definition, ...]:
        """Every definition, in the taxonomy's order."""
        return tuple(self._by_name.values())

    def lookup(self, name: str) -> Definition | None:
        """The definition ``name`` falls under: by name, by alias, then by the longest placeholder prefix.

        >>> vocabulary().lookup("aibom:training:hyperparameter:my_knob").name
        'aibom:training:hyperparameter:<name>'
        """
        found = self._by_name.get(name) or self._aliases.get(name)
        if found is not None and not found.placeholder:
            return found
        for prefix, definition in self._placeholders:
            if name.startswith(prefix) and len(name) > len(prefix):
                return definition
        return None

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
    return Vocabulary(orjson.loads((schema_dir() / TAXONOMY_FILE).read_bytes()))
