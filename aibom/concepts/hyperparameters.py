"""Hyperparameters: a typed, immutable name → value mapping whose numbers stay numbers.

Property values are text in CycloneDX; a :class:`Hyperparameters` keeps each value's
type across a write and a read. Names the taxonomy declares
(``aibom:training:hyperparameter:*`` and ``cdx:ai-ml:model:hyperparameter:*``) have a
declared type and, where they have one, a unit; any other name takes the type its
text has: an integer, a number, a boolean (``true``/``false``) or a string. Values are
normalized once, when the mapping is made, so ``"3e-4"`` given for ``learning_rate``
becomes the number ``0.0003``.

>>> from aibom.concepts import Hyperparameters
>>> hp = Hyperparameters({"learning_rate": "3e-4", "batch_size": 64, "optimizer": "adamw", "use_ema": True})
>>> hp["learning_rate"], hp.unit("batch_size")
(0.0003, 'samples')
>>> props = hp.to_cyclonedx()
>>> [(p.name, p.value) for p in props][:2]
[('aibom:training:hyperparameter:learning_rate', '0.0003'), ('aibom:training:hyperparameter:batch_size', '64')]
>>> Hyperparameters.from_cyclonedx(props) == hp
True
>>> Hyperparameters({"batch_size": 1.5})
Traceback (most recent call last):
...
aibom.errors.InvalidArgument: Hyperparameters['batch_size']: '1.5' is not an integer (expected a base-10 integer, optional leading '-')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from aibom.errors import InvalidArgument
from aibom.model import Property
from aibom.taxonomy import PropertyDefinition, decode_literal, encode_value, load_taxonomy

__all__ = ["ARCHITECTURE", "TRAINING", "HyperparameterValue", "Hyperparameters"]


def __dir__() -> list[str]:
    return __all__


HyperparameterValue = int | float | bool | str
"""The type of one hyperparameter value."""

TRAINING: Final = "aibom:training:hyperparameter:"
"""The name prefix of training hyperparameters (model card or training workflow properties)."""

ARCHITECTURE: Final = "cdx:ai-ml:model:hyperparameter:"
"""The name prefix of architecture hyperparameters (official; model card properties)."""


def declared(name: str) -> PropertyDefinition | None:
    """The taxonomy's definition of hyperparameter ``name`` (training first, then architecture), or None.

    >>> declared("hidden_size").type, declared("learning_rate").type, declared("my_knob")
    ('integer', 'number', None)
    """
    taxonomy = load_taxonomy()
    for prefix in (TRAINING, ARCHITECTURE):
        definition = taxonomy.lookup(prefix + name)
        if definition is not None and not definition.placeholder:
            return definition
    return None


def decode_hyperparameter(name: str, text: str | None) -> HyperparameterValue:
    """Read one hyperparameter's text: by its declared type, else as a literal; ``ValueError`` if it does not fit."""
    if text is None:
        raise ValueError("a hyperparameter has a value")
    if not name or name != name.strip():
        raise ValueError(f"{name!r} is not a hyperparameter name")
    definition = declared(name)
    if definition is None:
        return decode_literal(text)
    value = definition.decode(text)
    if isinstance(value, (int, float, str)):
        return value
    raise ValueError(f"{text!r} is not a scalar value")  # pragma: no cover - hyperparameters are scalar types


def _normalize(name: object, value: object) -> tuple[str, HyperparameterValue]:
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise InvalidArgument(f"Hyperparameters: the name {name!r} is not a non-empty, unpadded string",
                              expected="a name such as 'learning_rate'")
    if not isinstance(value, (bool, int, float, str)):
        raise InvalidArgument(
            f"Hyperparameters[{name!r}]: {type(value).__name__} is not a hyperparameter value",
            expected="an int, float, bool or str",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidArgument(f"Hyperparameters[{name!r}]: {value!r} is not finite", expected="a finite number")
    try:
        decoded = decode_hyperparameter(name, encode_value(value))
    except ValueError as error:
        definition = declared(name)
        expected = load_taxonomy().types[definition.type] if definition else None
        raise InvalidArgument(f"Hyperparameters[{name!r}]: {error}", expected=expected) from None
    if type(value) is not str and type(decoded) is str:
        raise InvalidArgument(f"Hyperparameters[{name!r}]: {value!r} is declared as text",
                              expected="a str value")
    return name, decoded


class Hyperparameters(Mapping[str, HyperparameterValue]):
    """An immutable mapping of hyperparameter names to typed values.

    ``Hyperparameters({"epochs": 3})``, ``Hyperparameters(epochs=3)`` and
    ``Hyperparameters([("epochs", 3)])`` are the same. Two mappings are equal when
    they have the same names and each value is equal *and of the same type*
    (``1`` and ``1.0`` and ``True`` are three different values here).
    """

    __slots__ = ("_hash", "_items")

    def __init__(
        self,
        values: Mapping[str, HyperparameterValue] | Iterable[tuple[str, HyperparameterValue]] = (),
        /,
        **named: HyperparameterValue,
    ) -> None:
        pairs: Iterable[tuple[Any, Any]]
        pairs = values.items() if isinstance(values, Mapping) else values
        items: dict[str, HyperparameterValue] = {}
        for entry in (*pairs, *named.items()):
            if not isinstance(entry, tuple) or len(entry) != 2:
                raise InvalidArgument("Hyperparameters takes a mapping or (name, value) pairs",
                                      expected="a mapping of names to values")
            name, value = _normalize(*entry)
            if name in items:
                raise InvalidArgument(f"Hyperparameters: {name!r} is given twice", expected="each name once")
            items[name] = value
        self._items = items
        self._hash: int | None = None

    def __getitem__(self, name: str) -> HyperparameterValue:
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def _typed(self) -> frozenset[tuple[str, type, HyperparameterValue]]:
        return frozenset((name, type(value), value) for name, value in self._items.items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hyperparameters):
            return NotImplemented
        return self._typed() == other._typed()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._typed())
        return self._hash

    def __repr__(self) -> str:
        return f"Hyperparameters({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Hyperparameters, (tuple(self._items.items()),))

    def unit(self, name: str) -> str | None:
        """The unit of hyperparameter ``name`` (``samples``, ``steps``, ``tokens``, ...), when the taxonomy has one."""
        definition = declared(name)
        return definition.unit if definition else None

    def merged(self, other: Mapping[str, HyperparameterValue] | None = None, /,
               **named: HyperparameterValue) -> Hyperparameters:
        """A new mapping with the names of ``other`` and ``named`` added or replaced.

        >>> Hyperparameters(epochs=3).merged(epochs=5, seed=1)
        Hyperparameters({'epochs': 5, 'seed': 1})
        """
        items = dict(self._items)
        items.update(other or {})
        items.update(named)
        return Hyperparameters(items)

    def to_cyclonedx(self, prefix: str = TRAINING) -> tuple[Property, ...]:
        """The properties ``<prefix><name>`` = value, in the mapping's order.

        ``prefix`` is :data:`TRAINING` (the default) or :data:`ARCHITECTURE`.
        """
        return tuple(Property(name=prefix + name, value=encode_value(value)) for name, value in self._items.items())

    @classmethod
    def from_cyclonedx(cls, properties: Iterable[Property], prefix: str = TRAINING) -> Hyperparameters:
        """The hyperparameters among ``properties`` (names starting with ``prefix``; others are ignored).

        A value that does not fit its declared type, and a repeated name, are skipped.
        """
        items: dict[str, HyperparameterValue] = {}
        for prop in properties:
            name = prop.name
            if not isinstance(name, str) or not name.startswith(prefix) or len(name) == len(prefix):
                continue
            key = name[len(prefix):]
            if key in items:
                continue
            try:
                items[key] = decode_hyperparameter(key, prop.value)
            except ValueError:
                continue
        return cls(items)
