"""The property taxonomy: every property name aibom reads and writes, with its value type.

The definitions live in ``schemas/aibom-taxonomy.json`` (shipped in the wheel):
aibom's own ``aibom:*`` names, and the official ``cdx:ai-ml:*`` and ``cdx:device:*``
names aibom uses. Each :class:`PropertyDefinition` knows how to read a property's
text (:meth:`~PropertyDefinition.decode`), say why a text does not fit
(:meth:`~PropertyDefinition.fault`) and write a value
(:meth:`~PropertyDefinition.encode`); the concepts, the AI rules of
:func:`aibom.validate` and the generated ``docs/taxonomy.md`` all use these
definitions, so what a concept reads is exactly what the rules accept.

>>> from aibom.taxonomy import load_taxonomy
>>> taxonomy = load_taxonomy()
>>> bits = taxonomy.lookup("aibom:quantization:bits")
>>> bits.type, bits.unit, bits.locations
('number', 'bits', ('component.properties',))
>>> bits.decode("4")
4
>>> taxonomy.lookup("cdx:ai-ml:model:parameter:tuning_method").name   # an alias other tools write
'cdx:ai-ml:model:parameter:tune_method'
>>> taxonomy.lookup("aibom:training:hyperparameter:my_knob").placeholder
True
>>> taxonomy.lookup("acme:internal:id") is None
True
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from aibom._schemas import schema_dir

__all__ = [
    "PLACEHOLDER",
    "TAXONOMY_FILE",
    "TAXONOMY_SCHEMA_FILE",
    "Alias",
    "AllowedValue",
    "FieldAlias",
    "LocationAlias",
    "PropertyDefinition",
    "Taxonomy",
    "decode_literal",
    "encode_value",
    "format_parameter_count",
    "load_taxonomy",
    "parse_parameter_count",
]


def __dir__() -> list[str]:
    return __all__


PLACEHOLDER = "<name>"
"""The placeholder in a definition's name that stands for any property-name text."""

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_LENIENT_INTEGER = re.compile(r"[-+]?[0-9]+")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LENIENT_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_LANGUAGE = re.compile(r"[a-z]{2}")


_PARAMETER_COUNT: Final = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([kKmMbBtT]?)")
PARAMETER_SCALE: Final = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
"""What each parameter-count suffix multiplies by."""


def parse_parameter_count(text: str) -> int:
    """Read a parameter count: digits, or a decimal followed by K, M, B or T.

    >>> parse_parameter_count("7B"), parse_parameter_count("1.5M"), parse_parameter_count("6738415616")
    (7000000000, 1500000, 6738415616)
    """
    match = _PARAMETER_COUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a parameter count (digits, or a number followed by M, B or T)")
    try:
        amount = Decimal(match.group(1)) * PARAMETER_SCALE[match.group(2).upper()]
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"{text!r} is not a parameter count") from error
    if amount != amount.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number of parameters")
    return int(amount)


def split_keywords(text: str) -> tuple[str, ...]:
    """Read a comma-separated list of keywords (each stripped; none may be empty).

    >>> split_keywords("text, code")
    ('text', 'code')
    """
    items = tuple(item.strip() for item in text.split(","))
    if any(not item for item in items):
        raise ValueError(f"{text!r} is not a comma-separated list of keywords")
    return items


def number_text(value: float) -> str:
    """A bound as a reader writes it: ``1`` for 1.0, else the float's shortest form.

    >>> number_text(1.0), number_text(0.25)
    ('1', '0.25')
    """
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass(frozen=True, slots=True)
class AllowedValue:
    """One value of an enumeration (or of a suggested vocabulary), with what it means.

    ``bits``, for quantization methods, lists the bit widths the method produces.
    """

    value: str
    description: str
    bits: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name for a property, written by another tool or guide; aibom reads it as the definition's name."""

    name: str
    source: str


@dataclass(frozen=True, slots=True)
class FieldAlias:
    """A name or place other generators use that aibom reads as one of its concept fields."""

    name: str
    source: str
    location: str
    read_as: str


@dataclass(frozen=True, slots=True)
class LocationAlias:
    """Another place other generators put properties, that aibom reads too (``names``: which; empty: all)."""

    location: str
    source: str
    read_as: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PropertyDefinition:
    """The definition of one property name (or of a family of names, when :attr:`placeholder`).

    :param name: the property name; a placeholder definition ends in ``<name>``.
    :param official: True for names of the official CycloneDX taxonomy.
    :param type: the value type (a key of :attr:`Taxonomy.types`).
    :param components: the component types the property belongs on (empty: not on a component).
    :param locations: where it goes: ``component.properties``, ``modelCard.properties``, ``workflow.properties``.
    :param repeatable: whether it may appear more than once in one place.
    :param concept: the ``aibom.concepts`` field(s) it holds.
    :param values: the allowed (or, with :attr:`open`, suggested) values.
    """

    name: str
    official: bool
    type: str
    description: str
    components: tuple[str, ...]
    locations: tuple[str, ...]
    repeatable: bool
    concept: str
    values: tuple[AllowedValue, ...] = ()
    open: bool = False
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    aliases: tuple[Alias, ...] = ()
    example: str | None = None
    placeholder: bool = False

    @property
    def prefix(self) -> str | None:
        """For a placeholder definition, the text before ``<name>``; else None.

        >>> load_taxonomy().lookup("aibom:dataset:split:train").prefix
        'aibom:dataset:split:'
        """
        return self.name[: -len(PLACEHOLDER)] if self.placeholder else None

    def allowed(self, value: str) -> AllowedValue | None:
        """The :class:`AllowedValue` matching ``value`` (case-insensitively), or None."""
        folded = value.casefold()
        for allowed in self.values:
            if allowed.value.casefold() == folded:
                return allowed
        return None

    def decode(self, text: str | None) -> Any:
        """Read a property value as this definition's type; raise ``ValueError`` if it does not fit.

        Integers and numbers come back as ``int`` or ``float`` (an integer literal is an ``int``),
        booleans as ``bool``, list types as a tuple, ``pep440-specifier`` as a
        :class:`~packaging.specifiers.SpecifierSet`, a known enumeration value in its canonical spelling.

        >>> taxonomy = load_taxonomy()
        >>> taxonomy.lookup("aibom:pruning:target_sparsity").decode("0.5")
        0.5
        >>> taxonomy.lookup("cdx:ai-ml:model:language").decode("en, FR")
        ('en', 'fr')
        >>> taxonomy.lookup("aibom:quantization:method").decode("GPTQ")
        'gptq'
        >>> taxonomy.lookup("aibom:pruning:target_sparsity").decode("1.5")
        Traceback (most recent call last):
        ...
        ValueError: 1.5 is above the maximum 1
        """
        if text is None:
            raise ValueError("the property has no value")
        value = _decode_type(self, text)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{text} is below the minimum {number_text(self.minimum)}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{text} is above the maximum {number_text(self.maximum)}")
        return value

    def fault(self, text: Any) -> str | None:
        """Why ``text`` does not fit this definition, or None when it does.

        Only a string is judged: a property without a value states nothing to check (the taxonomy makes some
        values optional, a dataset split's record count for one), and a value that is not a string breaks the
        CycloneDX schema, which reports it.

        >>> sparsity = load_taxonomy().lookup("aibom:pruning:target_sparsity")
        >>> sparsity.fault("0.5") is None, sparsity.fault("half"), sparsity.fault(None)
        (True, "'half' is not a number", None)
        """
        if type(text) is not str:
            return None
        try:
            self.decode(text)
        except ValueError as error:
            return str(error)
        return None

    def value(self, text: Any) -> Any:
        """``text`` read as this definition's type, or None when it does not fit (or is not a string).

        >>> structured = load_taxonomy().lookup("aibom:pruning:structured")
        >>> structured.value("true"), structured.value("1")
        (True, None)
        """
        if type(text) is not str:
            return None
        try:
            return self.decode(text)
        except ValueError:
            return None

    def encode(self, value: Any) -> str:
        """Write ``value`` as property text (the inverse of :meth:`decode` for every value it returns).

        >>> load_taxonomy().lookup("cdx:ai-ml:model:parameter:count").encode(7_000_000_000)
        '7B'
        """
        if self.type == "parameter-count":
            if type(value) is not int:
                raise ValueError(f"a parameter count is an int, not {type(value).__name__}")
            return format_parameter_count(value)
        if isinstance(value, tuple):
            return ",".join(encode_value(item) for item in value)
        return encode_value(value)


def encode_value(value: Any) -> str:
    """Write a typed value as property text: booleans ``true``/``false``, numbers as Python writes them.

    >>> encode_value(True), encode_value(3e-4), encode_value(32), encode_value("adamw")
    ('true', '0.0003', '32', 'adamw')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        return repr(value)
    if isinstance(value, SpecifierSet):
        return str(value)
    if isinstance(value, str):
        return str(value)
    raise ValueError(f"cannot write a {type(value).__name__} as a property value")


def decode_literal(text: str) -> int | float | bool | str:
    """Read a value whose type is not declared: an integer, a number, a boolean, or else the text itself.

    >>> decode_literal("42"), decode_literal("0.0003"), decode_literal("true"), decode_literal("cosine")
    (42, 0.0003, True, 'cosine')
    >>> decode_literal("007"), decode_literal("1e400")   # not a canonical literal / not finite: text
    ('007', '1e400')
    """
    if text == "true":
        return True
    if text == "false":
        return False
    if _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        number = float(text)
        if math.isfinite(number):
            return number
    return text


def format_parameter_count(count: int) -> str:
    """Write a parameter count the way the official taxonomy suggests, exactly.

    The largest of T, B, M that divides the count to at most three decimals is used;
    otherwise the plain digits, so the text always reads back as the same count.

    >>> format_parameter_count(7_000_000_000), format_parameter_count(6_700_000_000)
    ('7B', '6.7B')
    >>> format_parameter_count(6_738_415_616), format_parameter_count(125_000)
    ('6738415616', '125000')
    """
    if count < 0:
        raise ValueError("a parameter count is not negative")
    for suffix in ("T", "B", "M"):
        unit = PARAMETER_SCALE[suffix]
        if count >= unit and (count * 1000) % unit == 0:
            text = format(Decimal(count) / unit, "f")
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text + suffix
    return str(count)


def _decode_type(definition: PropertyDefinition, text: str) -> Any:
    kind = definition.type
    if kind in ("string", "bom-ref", "component-ref"):
        if kind != "string" and not text.strip():
            raise ValueError("a reference is not empty")
        return text
    if kind == "integer":
        if not _LENIENT_INTEGER.fullmatch(text.strip()):
            raise ValueError(f"{text!r} is not an integer")
        return int(text)
    if kind == "number":
        stripped = text.strip()
        if _LENIENT_INTEGER.fullmatch(stripped):
            return int(stripped)
        if not _LENIENT_NUMBER.fullmatch(stripped):
            raise ValueError(f"{text!r} is not a number")
        number = float(stripped)
        if not math.isfinite(number):
            raise ValueError(f"{text!r} is not a finite number")
        return number
    if kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not a boolean (true or false)")
        return text == "true"
    if kind == "enum":
        allowed = definition.allowed(text.strip())
        if allowed is not None:
            return allowed.value
        if definition.open and text.strip():
            return text.strip()
        raise ValueError(f"{text!r} is not one of {', '.join(v.value for v in definition.values)}")
    if kind == "string-list":
        return tuple(_canonical(definition, item) for item in split_keywords(text))
    if kind == "language-list":
        codes = tuple(item.lower() for item in split_keywords(text))
        for code in codes:
            if not _LANGUAGE.fullmatch(code):
                raise ValueError(f"{code!r} is not an ISO 639-1 language code")
        return codes
    if kind == "pep440-specifier":
        try:
            return SpecifierSet(text)
        except InvalidSpecifier as error:
            raise ValueError(f"{text!r} is not a PEP 440 version specifier set") from error
    if kind == "parameter-count":
        return parse_parameter_count(text)
    if kind == "typed":
        return decode_literal(text)
    return text  # a type a later taxonomy adds reads as plain text until aibom learns it


def _canonical(definition: PropertyDefinition, item: str) -> str:
    allowed = definition.allowed(item)
    return allowed.value if allowed is not None else item


class Taxonomy:
    """The whole taxonomy: definitions by name, aliases, placeholders, value types.

    Use :func:`load_taxonomy` to get the one shipped with aibom.
    """

    __slots__ = ("_by_alias", "_by_name", "_placeholders", "description", "field_aliases", "location_aliases",
                 "locations", "properties", "types", "version")

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.version: str = document["version"]
        self.description: str = document["description"]
        self.locations: Mapping[str, str] = dict(document["locations"])
        self.types: Mapping[str, str] = dict(document["types"])
        self.properties: tuple[PropertyDefinition, ...] = tuple(_definition(item) for item in document["properties"])
        self.field_aliases: tuple[FieldAlias, ...] = tuple(FieldAlias(**item) for item in document["field_aliases"])
        self.location_aliases: tuple[LocationAlias, ...] = tuple(
            LocationAlias(item["location"], item["source"], item["read_as"], tuple(item.get("names", ())))
            for item in document["location_aliases"]
        )
        self._by_name = {d.name: d for d in self.properties if not d.placeholder}
        self._by_alias = {a.name: d for d in self.properties for a in d.aliases}
        self._placeholders = sorted(
            (d for d in self.properties if d.placeholder), key=lambda d: len(d.name), reverse=True
        )

    def __getitem__(self, name: str) -> PropertyDefinition:
        """The definition with exactly this name (placeholder definitions by their ``<name>`` form)."""
        for definition in self.properties:
            if definition.name == name:
                return definition
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.lookup(name) is not None

    def lookup(self, name: str) -> PropertyDefinition | None:
        """The definition a property name falls under: by name, by alias, then by placeholder; or None."""
        found = self._by_name.get(name) or self._by_alias.get(name)
        if found is not None:
            return found
        for definition in self._placeholders:
            prefix = definition.name[: -len(PLACEHOLDER)]
            if name.startswith(prefix) and len(name) > len(prefix):
                return definition
        return None

    def canonical_name(self, name: str) -> str | None:
        """The name aibom writes for ``name`` (itself, or what it is an alias of); None if undefined.

        >>> load_taxonomy().canonical_name("cdx:ai-ml:model:languages")
        'cdx:ai-ml:model:language'
        """
        definition = self.lookup(name)
        if definition is None:
            return None
        if definition.placeholder:
            return name
        return definition.name

    def __repr__(self) -> str:
        return f"<Taxonomy {self.version} with {len(self.properties)} definitions>"


def _definition(item: Mapping[str, Any]) -> PropertyDefinition:
    values = tuple(
        AllowedValue(v["value"], v["description"], tuple(v["bits"]) if "bits" in v else None)
        for v in item.get("values", ())
    )
    return PropertyDefinition(
        name=item["name"],
        official=item["official"],
        type=item["type"],
        description=item["description"],
        components=tuple(item["components"]),
        locations=tuple(item["locations"]),
        repeatable=item["repeatable"],
        concept=item["concept"],
        values=values,
        open=item.get("open", False),
        unit=item.get("unit"),
        minimum=item.get("minimum"),
        maximum=item.get("maximum"),
        aliases=tuple(Alias(a["name"], a["source"]) for a in item.get("aliases", ())),
        example=item.get("example"),
        placeholder=item.get("placeholder", False),
    )


TAXONOMY_FILE = "aibom-taxonomy.json"
TAXONOMY_SCHEMA_FILE = "aibom-taxonomy.schema.json"


@functools.cache
def load_taxonomy() -> Taxonomy:
    """Return the taxonomy shipped with aibom (read once, then cached)."""
    path = schema_dir() / TAXONOMY_FILE
    with path.open("rb") as stream:
        return Taxonomy(json.load(stream))
