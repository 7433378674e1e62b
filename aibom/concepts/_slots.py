"""Property slots: one declarative table per concept drives writing, reading, checking and normalizing.

A :class:`Slot` ties a concept field to one taxonomy name (and its aliases); a
:class:`PrefixSlot` ties a mapping field to a family of names (``<prefix><key>``).
:func:`write` turns field values into properties, :func:`read` turns properties back
into field values and returns the properties no slot took, and :func:`normalize`
gives the value a field holds after a round trip (so a concept normalizes once, at
construction, and concept → CycloneDX → concept is the identity).

>>> slots = (Slot.of("bits", "aibom:quantization:bits"),)
>>> props = write(slots, {"bits": 4})
>>> props
(Property(name='aibom:quantization:bits', value='4'),)
>>> read(slots, props + (Property(name="x", value="y"),))
({'bits': 4}, (Property(name='x', value='y'),))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aibom.errors import InvalidArgument
from aibom.model import Property
from aibom.taxonomy import PLACEHOLDER, PropertyDefinition, load_taxonomy

__all__ = ["PrefixSlot", "Slot", "check_extras", "normalize", "read", "write"]

_LIST_TYPES = frozenset({"string-list", "language-list"})


@dataclass(frozen=True, slots=True)
class Slot:
    """One field held by one property name (plus the aliases other tools write)."""

    key: str
    name: str
    definition: PropertyDefinition
    names: frozenset[str]
    members: type[StrEnum] | None = None
    strict: bool = False

    @classmethod
    def of(cls, key: str, name: str, members: type[StrEnum] | None = None, *, strict: bool = False) -> Slot:
        """The slot for field ``key`` and the taxonomy definition ``name``.

        With ``members`` (an enumeration), a value it knows (case-insensitively) is read as its member;
        with ``strict``, a value it does not know is not read at all (it stays a leftover property).
        """
        definition = load_taxonomy()[name]
        names = frozenset({name, *(alias.name for alias in definition.aliases)})
        return cls(key, name, definition, names, members, strict)

    @property
    def repeatable(self) -> bool:
        return self.definition.repeatable

    def decode(self, text: str | None) -> Any:
        value = self.definition.decode(text)
        if self.members is not None and isinstance(value, str):
            for member in self.members:
                if member.value.casefold() == value.casefold():
                    return member
            if self.strict:
                raise ValueError(f"{value!r} is not one of {', '.join(member.value for member in self.members)}")
        return value

    def encode(self, value: Any) -> str:
        return self.definition.encode(value)


@dataclass(frozen=True, slots=True)
class PrefixSlot:
    """A mapping field held by a family of names ``<prefix><key>``.

    ``decode(key, text)`` reads one value (``ValueError`` if it does not fit) and
    ``encode(value)`` writes one (``None``: a property without a value).
    ``aliases`` maps other full names to the key they stand for.
    """

    key: str
    prefix: str
    decode: Callable[[str, str | None], Any]
    encode: Callable[[Any], str | None]
    aliases: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        key: str,
        placeholder: str,
        decode: Callable[[str, str | None], Any],
        encode: Callable[[Any], str | None],
    ) -> PrefixSlot:
        """The slot for the placeholder definition ``placeholder`` (``...:<name>``), with its known names' aliases."""
        load_taxonomy()[placeholder]  # the placeholder is defined
        prefix = placeholder[: -len(PLACEHOLDER)]
        aliases = {
            alias.name: definition.name[len(prefix):]
            for definition in load_taxonomy().properties
            if not definition.placeholder and definition.name.startswith(prefix)
            for alias in definition.aliases
        }
        return cls(key, prefix, decode, encode, aliases)


AnySlot = Slot | PrefixSlot


def write(slots: Sequence[AnySlot], values: Mapping[str, Any]) -> tuple[Property, ...]:
    """The properties for ``values`` (field key -> value), in slot order; None and empty values are left out."""
    out: list[Property] = []
    for slot in slots:
        value = values.get(slot.key)
        if value is None:
            continue
        if isinstance(slot, PrefixSlot):
            for key, item in value.items():
                out.append(Property(name=slot.prefix + key, value=slot.encode(item)))
        elif slot.repeatable:
            out.extend(Property(name=slot.name, value=slot.encode(item)) for item in value)
        else:
            out.append(Property(name=slot.name, value=slot.encode(value)))
    return tuple(out)


def read(slots: Sequence[AnySlot], properties: Iterable[Property]) -> tuple[dict[str, Any], tuple[Property, ...]]:
    """Field values from ``properties``, and the properties no slot took.

    A property a slot does not take stays in the second result: an unknown name, a
    value that does not fit its type, or a second value for a field that holds one.
    Repeatable fields come back as lists, prefix fields as dicts.
    """
    exact: dict[str, Slot] = {}
    prefixed: list[PrefixSlot] = []
    for slot in slots:
        if isinstance(slot, PrefixSlot):
            prefixed.append(slot)
        else:
            for name in slot.names:
                exact[name] = slot
    prefixed.sort(key=lambda slot: len(slot.prefix), reverse=True)
    values: dict[str, Any] = {}
    leftover: list[Property] = []
    for prop in properties:
        if not _take(prop, exact, prefixed, values):
            leftover.append(prop)
    return values, tuple(leftover)


def _take(prop: Property, exact: Mapping[str, Slot], prefixed: Sequence[PrefixSlot], values: dict[str, Any]) -> bool:
    name = prop.name
    if not isinstance(name, str) or prop.extra:
        return False
    slot = exact.get(name)
    if slot is not None:
        try:
            value = slot.decode(prop.value)
        except ValueError:
            return False
        if slot.repeatable:
            items = values.setdefault(slot.key, [])
            items.extend(value if slot.definition.type in _LIST_TYPES else (value,))
            return True
        if slot.key in values:
            return False
        values[slot.key] = value
        return True
    for prefix_slot in prefixed:
        key = prefix_slot.aliases.get(name)
        if key is None and name.startswith(prefix_slot.prefix) and len(name) > len(prefix_slot.prefix):
            key = name[len(prefix_slot.prefix):]
        if key is None:
            continue
        try:
            value = prefix_slot.decode(key, prop.value)
        except ValueError:
            return False
        mapping = values.setdefault(prefix_slot.key, {})
        if key in mapping:
            return False
        mapping[key] = value
        return True
    return False


def normalize(owner: str, slot: Slot, value: Any) -> Any:
    """The value a field holds after being written and read back; ``InvalidArgument`` if it cannot be written.

    Repeatable fields take any iterable and give a tuple.
    """
    if value is None:
        return None
    where = f"{owner}.{slot.key}"
    if slot.repeatable:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise InvalidArgument(f"{where} is a sequence of values, not {type(value).__name__}",
                                  expected="a tuple or list")
        return tuple(_normalize_one(where, slot, item, list_item=slot.definition.type in _LIST_TYPES)
                     for item in value)
    return _normalize_one(where, slot, value, list_item=False)


def _normalize_one(where: str, slot: Slot, value: Any, *, list_item: bool) -> Any:
    definition = slot.definition
    expected = load_taxonomy().types.get(definition.type, definition.type)
    try:
        decoded = slot.decode(definition.encode(value))
    except ValueError as error:
        raise InvalidArgument(f"{where}: {error}", expected=expected) from None
    if list_item:
        if len(decoded) != 1:
            raise InvalidArgument(f"{where}: {value!r} holds more than one item", expected="one item per element")
        decoded = decoded[0]
    if _kind(decoded) != _kind(value) and not (isinstance(value, str) and definition.type not in ("string",)):
        raise InvalidArgument(f"{where}: {value!r} is not of type {definition.type}", expected=expected)
    return decoded


def _kind(value: Any) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, (int, float)):
        return float
    return str if isinstance(value, str) else type(value)


def check_extras(owner: str, slots: Sequence[AnySlot], written: tuple[Property, ...],
                 extras: tuple[Property, ...]) -> None:
    """Refuse extra properties a slot would take on reading: they belong in the concept's fields."""
    _, leftover = read(slots, written + extras)
    if leftover == extras:
        return
    for prop in extras:
        if prop not in leftover:
            raise InvalidArgument(
                f"{owner}: the property {prop.name!r} is written from a field of {owner.split('.')[0]}; "
                "set that field instead of adding the property",
                expected="a property name the concept does not define",
            )
    raise InvalidArgument(f"{owner}: extra properties change what the concept reads back")  # pragma: no cover
