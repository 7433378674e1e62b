"""The base of the concepts that are facets of a model component, held in its properties."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from aibom.concepts._common import ConceptBase, set_field
from aibom.concepts._slots import Slot, normalize, read, write
from aibom.model import Component, Property

__all__ = ["PropertyFacet"]


class PropertyFacet(ConceptBase):
    """A concept written as ``component.properties`` of a ``machine-learning-model`` component.

    Subclasses are frozen dataclasses whose fields are the keys of :attr:`SLOTS`.
    """

    __slots__ = ()

    SLOTS: ClassVar[tuple[Slot, ...]] = ()
    """The property slots, one per field, in the order they are written."""

    def _normalize_slots(self) -> None:
        owner = type(self).__name__
        for slot in self.SLOTS:
            set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))

    def field_values(self) -> dict[str, Any]:
        """The field values by field name (repeatable fields as tuples)."""
        return {slot.key: getattr(self, slot.key) for slot in self.SLOTS}

    def is_empty(self) -> bool:
        """True when no field is set: nothing would be written."""
        return all(value is None or value == () for value in self.field_values().values())

    def properties(self) -> tuple[Property, ...]:
        """The properties this facet writes."""
        return write(self.SLOTS, self.field_values())

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Self | None:
        """The facet for field values read from properties, or None if there are none."""
        fields = {
            slot.key: tuple(value) if slot.repeatable else value
            for slot in cls.SLOTS
            if (value := values.get(slot.key)) is not None
        }
        return cls(**fields) if fields else None

    def to_cyclonedx(self, component: Component) -> Component:
        """``component`` with this facet's properties appended."""
        return component.replace(properties=component.properties + self.properties())

    @classmethod
    def from_cyclonedx(cls, component: Component) -> Self | None:
        """The facet held in ``component.properties``, or None when it has none of its properties."""
        values, _ = read(cls.SLOTS, component.properties)
        return cls.from_values(values)
