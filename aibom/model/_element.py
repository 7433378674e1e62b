"""The generic base of every typed model element: codec, equality, version gates.

An *element* is a frozen, slotted, keyword-only dataclass that mirrors one
CycloneDX JSON object.  Subclasses only declare fields; everything else comes
from here and is driven by a per-class *field table* that is built once, on
first use, from the class's type hints and field metadata:

* :meth:`Element.to_json` writes exactly the CycloneDX JSON object.  A field's
  JSON key is the camelCase form of its name (``bom_ref`` is ``"bom-ref"``), or
  the ``key`` given to :func:`json_field`.  ``None`` and empty optional arrays
  are left out; enumeration members are written as their plain string values.
* :meth:`Element.from_json` is *lossless*: keys the class does not model are kept
  verbatim in :attr:`Element.extra` and written back by ``to_json``; an empty
  array given for an optional array field (``"properties": []``) is kept there
  too, because the typed field cannot tell it from an absent one.  Values of the
  wrong JSON type raise :class:`~aibom.errors.InvalidDocument` naming the JSON
  pointer of the bad value; unknown enumeration values and missing required keys
  do **not** fail (a schema-invalid but well-formed document loads and writes
  back unchanged): unknown values stay plain ``str`` and a missing required key
  is ``None``.
* Equality is structural over all fields including :attr:`Element.extra`
  (Python ``==`` on the values, so ``1 == 1.0``, and ``True == 1`` inside raw
  JSON).  An enumeration member equals its string value.  Hashing uses a
  canonical frozen form (JSON objects become ``frozenset`` of items, arrays
  become tuples), computed on first use and cached, so it agrees with ``==``.
* Version gates: :func:`json_field` takes ``since=`` (the first CycloneDX
  version having the field) and ``value_since=`` (enumeration values added
  later).  A class may set ``min_spec`` (its whole definition is new) and
  ``extra_since`` (gated JSON keys it keeps in ``extra``).
  :meth:`Element.required_spec` and :func:`inexpressible_fields` read them.

Raw JSON values (``Mapping[str, Any]`` fields and :attr:`Element.extra`) are not
deep-copied: ``from_json`` wraps a shallow copy of each raw object in a read-only
mapping, and ``to_json`` builds fresh dicts and lists for everything typed and for
the top level of raw objects, but shares what lies deeper (and the values in
``extra``) with the element and with the input.  Treat them as read-only.  (Decoding
very many elements at once is faster with the cyclic garbage collector paused.)

>>> from aibom.model import Property
>>> p = Property.from_json({"name": "cdx:ai-ml:model:parameter:count", "value": "7B", "x-note": 1})
>>> p
Property(name='cdx:ai-ml:model:parameter:count', value='7B', extra={'x-note': 1})
>>> p.to_json()
{'name': 'cdx:ai-ml:model:parameter:count', 'value': '7B', 'x-note': 1}
>>> p.replace(value="8B").value
'8B'
"""

from __future__ import annotations

import dataclasses
import enum
import operator
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Self, TypeVar, dataclass_transform

from aibom.errors import InvalidArgument, InvalidDocument
from aibom.spec import SpecVersion

__all__ = [
    "EMPTY",
    "LOWEST_SPEC",
    "Element",
    "element",
    "escape_pointer_token",
    "inexpressible_fields",
    "json_field",
]


def __dir__() -> list[str]:
    return __all__


EMPTY: Mapping[str, Any] = types.MappingProxyType({})
"""The empty read-only mapping, the default of :attr:`Element.extra`."""

LOWEST_SPEC: SpecVersion = min(SpecVersion)
"""The oldest CycloneDX version aibom writes (1.5)."""

_E = TypeVar("_E", bound="Element")
_MISSING: Any = dataclasses.MISSING
_REGISTRY: dict[str, type[Element]] = {}

_META_KEY = "aibom.key"
_META_SINCE = "aibom.since"
_META_VALUE_SINCE = "aibom.value_since"
_META_CHOOSE = "aibom.choose"


def json_field(
    *,
    key: str | None = None,
    since: SpecVersion | None = None,
    value_since: Mapping[str, SpecVersion] | None = None,
    choose: Callable[[Mapping[str, Any]], type[Element]] | None = None,
    default: Any = _MISSING,
) -> Any:
    """Declare a field with CycloneDX metadata (use it as the field's default).

    :param key: the JSON key, when it is not the camelCase form of the field name.
    :param since: the first CycloneDX version that has this key.
    :param value_since: enumeration values that later versions added, value -> version.
    :param choose: for a field typed as a union of element classes, picks the class
        for one JSON object (e.g. ``{"ref": ...}`` versus an inline ``componentData``).
    :param default: the default value; without one the keyword argument is required.
    """
    metadata: dict[str, Any] = {}
    if key is not None:
        metadata[_META_KEY] = key
    if since is not None:
        metadata[_META_SINCE] = since
    if value_since:
        metadata[_META_VALUE_SINCE] = types.MappingProxyType(dict(value_since))
    if choose is not None:
        metadata[_META_CHOOSE] = choose
    return dataclasses.field(default=default, metadata=metadata)


def escape_pointer_token(token: str) -> str:
    """Escape one reference token of a JSON pointer (RFC 6901).

    >>> escape_pointer_token("a/b~c")
    'a~1b~0c'
    """
    if "~" in token:
        token = token.replace("~", "~0")
    if "/" in token:
        token = token.replace("/", "~1")
    return token


def _join(pointer: str, token: str | int) -> str:
    if type(token) is int:
        return f"{pointer}/{token}"
    return f"{pointer}/{escape_pointer_token(typing.cast(str, token))}"


def _camel(name: str) -> str:
    if name == "bom_ref":
        return "bom-ref"
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return type(value).__name__


# While decoding, the location of a value is a *path*: the pointer string of the root, or a
# ``(parent path, key)`` pair.  Pairs are cheap to make; the pointer is rendered only for an error.
_Path = Any


def _render(path: _Path) -> str:
    keys: list[str | int] = []
    while type(path) is tuple:
        path, key = path
        keys.append(key)
    pointer: str = path
    for key in reversed(keys):
        pointer = _join(pointer, key)
    return pointer


def _type_error(value: object, expected: str, source: str | None, path: _Path) -> InvalidDocument:
    return InvalidDocument(
        f"expected {expected}, found {_describe(value)}",
        source=source,
        location=_render(path),
        expected=expected,
    )


# ---------------------------------------------------------------------------------------------
# Codecs.  A decoder is ``(value, source, parent path, key) -> python value``.

_Decoder = Callable[[Any, "str | None", _Path, "str | int"], Any]
_Encoder = Callable[[Any], Any]


class _Kind(enum.Enum):
    STR = enum.auto()
    NUMBER = enum.auto()
    BOOL = enum.auto()
    ENUM = enum.auto()
    ANY = enum.auto()
    RAW = enum.auto()
    ELEMENT = enum.auto()
    ELEMENT_OR_STR = enum.auto()
    ARRAY = enum.auto()


def _is_str(value: object) -> bool:
    return type(value) is str or isinstance(value, str)


def _dec_str(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
    if type(value) is str or isinstance(value, str):
        return value
    raise _type_error(value, "a string", source, (pointer, key))


def _dec_number(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
    if type(value) is int or type(value) is float:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise _type_error(value, "a number", source, (pointer, key))


def _dec_bool(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
    if type(value) is bool:
        return value
    raise _type_error(value, "a boolean", source, (pointer, key))


def _dec_any(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
    return value


def _dec_raw(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
    if type(value) is dict or isinstance(value, Mapping):
        return types.MappingProxyType(dict(value))
    raise _type_error(value, "an object", source, (pointer, key))


def _make_dec_enum(enum_cls: type[enum.Enum]) -> _Decoder:
    lookup = enum_cls._value2member_map_

    def decode(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
        if type(value) is str or isinstance(value, str):
            return lookup.get(value, value)
        raise _type_error(value, "a string", source, (pointer, key))

    return decode


def _make_dec_element(cls: type[Element]) -> _Decoder:
    def decode(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
        return _decode(cls, value, source, (pointer, key))

    return decode


def _make_dec_choice(choose: Callable[[Mapping[str, Any]], type[Element]], allow_str: bool) -> _Decoder:
    expected = "an object or a string" if allow_str else "an object"

    def decode(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
        if allow_str and _is_str(value):
            return value
        if not isinstance(value, Mapping):
            raise _type_error(value, expected, source, (pointer, key))
        return _decode(choose(value), value, source, (pointer, key))

    return decode


def _make_dec_array(item: _Decoder, item_kind: _Kind) -> _Decoder:
    if item_kind is _Kind.STR:

        def decode_strings(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
            if type(value) is not list and not isinstance(value, (list, tuple)):
                raise _type_error(value, "an array", source, (pointer, key))
            for index, entry in enumerate(value):
                if type(entry) is not str and not isinstance(entry, str):
                    raise _type_error(entry, "a string", source, ((pointer, key), index))
            return tuple(value)

        return decode_strings

    def decode(value: Any, source: str | None, pointer: _Path, key: str | int) -> Any:
        if type(value) is not list and not isinstance(value, (list, tuple)):
            raise _type_error(value, "an array", source, (pointer, key))
        here = (pointer, key)
        return tuple([item(entry, source, here, index) for index, entry in enumerate(value)])

    return decode


def _enc_enum(value: Any) -> Any:
    return value if type(value) is str else str(value)


def _enc_element(value: Any) -> Any:
    return value.to_json()


def _enc_raw(value: Any) -> Any:
    return dict(value)


def _enc_element_or_str(value: Any) -> Any:
    return value if isinstance(value, str) else value.to_json()


def _make_enc_array(item: _Encoder | None) -> _Encoder:
    if item is None:
        return list
    if item is _enc_element:
        return lambda values: [entry.to_json() for entry in values]
    return lambda values: [item(entry) for entry in values]


class _Field:
    """One row of a class's field table."""

    __slots__ = (
        "attr",
        "choose",
        "coerce",
        "decode",
        "encode",
        "enum_lookup",
        "freeze",
        "index",
        "is_str",
        "key",
        "kind",
        "nested",
        "since",
        "skip_empty",
        "value_since",
    )

    def __init__(self, attr: str, key: str, index: int) -> None:
        self.attr = attr
        self.key = key
        self.index = index  # position in the table (and in the values from_json collects)
        self.kind = _Kind.ANY
        self.is_str = False  # the codec's fast path
        self.decode: _Decoder = _dec_any
        self.encode: _Encoder | None = None
        self.skip_empty = False  # optional array: () is written as nothing
        self.nested = False  # value holds elements (for gates)
        self.freeze = False  # value holds raw JSON (for hashing)
        self.coerce = ""  # "tuple", "map", "maps", "enum", "enums": normalised by __post_init__
        self.enum_lookup: Mapping[str, enum.Enum] = EMPTY  # known value -> member
        self.since: SpecVersion | None = None
        self.value_since: Mapping[str, SpecVersion] | None = None
        self.choose: Callable[[Mapping[str, Any]], type[Element]] | None = None


class _Table:
    """Everything the codec needs about one element class, computed once."""

    __slots__ = (
        "absent",
        "by_attr",
        "by_key",
        "extra_since",
        "fields",
        "fill",
        "gated",
        "getter",
        "init_attrs",
        "keys",
        "min_spec",
    )

    def __init__(self, cls: type[Element], fields: list[_Field], absent: list[Any]) -> None:
        self.fields = tuple(fields)
        self.by_key = {f.key: f for f in fields}
        self.by_attr = {f.attr: f for f in fields}
        self.keys = frozenset(self.by_key)
        self.absent = absent
        self.fill = _make_fill(cls, fields)
        self.init_attrs = tuple(f.attr for f in fields) + ("extra",)
        attrs = [f.attr for f in fields]
        if len(attrs) >= 2:
            self.getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*attrs)
        else:
            only = attrs[0]
            self.getter = lambda obj: (getattr(obj, only),)
        self.gated = tuple(f for f in fields if f.since or f.value_since or f.nested)
        self.min_spec: SpecVersion | None = getattr(cls, "min_spec", None)
        extra_since = dict(getattr(cls, "extra_since", {}))
        for f in fields:
            if f.since is not None:
                extra_since.setdefault(f.key, f.since)
        self.extra_since: Mapping[str, SpecVersion] = extra_since


_TABLES: dict[type[Element], _Table] = {}


def _make_fill(cls: type[Element], fields: list[_Field]) -> Callable[[Any, list[Any], Mapping[str, Any]], None]:
    """Generate ``fill(obj, values, extra)``, setting every slot of a new instance at once.

    ``from_json`` builds instances with ``object.__new__`` and this function instead of
    ``__init__``: its values are already normalised, so ``__post_init__`` has nothing to do,
    and one straight-line function is several times faster than binding keyword arguments.
    """
    lines = ["def fill(obj, values, extra):"]
    lines += [f"    set_(obj, {row.attr!r}, values[{row.index}])" for row in fields]
    lines += ["    set_(obj, 'extra', extra)", "    set_(obj, '_hash', None)"]
    namespace: dict[str, Any] = {"set_": object.__setattr__}
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from the class's own field names
    fill: Callable[[Any, list[Any], Mapping[str, Any]], None] = namespace["fill"]
    fill.__qualname__ = f"{cls.__qualname__}._fill"
    return fill


def _table(cls: type[Element]) -> _Table:
    table = _TABLES.get(cls)
    if table is None:
        table = _TABLES[cls] = _build_table(cls)
    return table


def _split_union(tp: Any) -> tuple[list[Any], bool]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = list(typing.get_args(tp))
    else:
        args = [tp]
    nullable = type(None) in args
    return [a for a in args if a is not type(None)], nullable


def _is_element(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Element)


def _is_raw(tp: Any) -> bool:
    return typing.get_origin(tp) is Mapping


def _scalar(field: _Field, parts: list[Any], where: str) -> tuple[_Kind, _Decoder, _Encoder | None, bool, bool]:
    """Classify a non-array type: (kind, decoder, encoder, holds elements, holds raw JSON)."""
    elements = [p for p in parts if _is_element(p)]
    others = [p for p in parts if not _is_element(p)]
    if elements:
        if len(elements) == 1 and not others:
            return _Kind.ELEMENT, _make_dec_element(elements[0]), _enc_element, True, False
        if others not in ([], [str]):
            raise TypeError(f"{where}: unsupported union {parts!r}")
        if len(elements) == 1:
            only: type[Element] = elements[0]

            def choose_only(_: Mapping[str, Any]) -> type[Element]:
                return only

            choose = field.choose or choose_only
        elif field.choose is None:
            raise TypeError(f"{where}: a union of element classes needs json_field(choose=...)")
        else:
            choose = field.choose
        allow_str = bool(others)
        kind = _Kind.ELEMENT_OR_STR if allow_str else _Kind.ELEMENT
        encoder = _enc_element_or_str if allow_str else _enc_element
        return kind, _make_dec_choice(choose, allow_str), encoder, True, False
    if len(parts) == 2 and str in parts:
        (enum_cls,) = [p for p in parts if p is not str]
        if isinstance(enum_cls, type) and issubclass(enum_cls, enum.Enum):
            return _Kind.ENUM, _make_dec_enum(enum_cls), _enc_enum, False, False
    if parts == [str]:
        return _Kind.STR, _dec_str, None, False, False
    if parts in ([float], [int], [int, float], [float, int]):
        return _Kind.NUMBER, _dec_number, None, False, False
    if parts == [bool]:
        return _Kind.BOOL, _dec_bool, None, False, False
    if len(parts) == 1 and _is_raw(parts[0]):
        return _Kind.RAW, _dec_raw, _enc_raw, False, True
    if parts == [Any]:
        return _Kind.ANY, _dec_any, None, False, True
    raise TypeError(f"{where}: unsupported field type {parts!r}")


def _enum_lookup(parts: list[Any]) -> Mapping[str, enum.Enum]:
    (enum_cls,) = [p for p in parts if p is not str]
    return typing.cast("Mapping[str, enum.Enum]", enum_cls._value2member_map_)


def _build_table(cls: type[Element]) -> _Table:
    hints = typing.get_type_hints(cls, localns=dict(_REGISTRY))
    fields: list[_Field] = []
    absents: list[Any] = []
    for dc_field in dataclasses.fields(cls):
        if dc_field.name in ("extra", "_hash") or not dc_field.init:
            continue
        meta = dc_field.metadata
        row = _Field(dc_field.name, meta.get(_META_KEY) or _camel(dc_field.name), len(fields))
        row.since = meta.get(_META_SINCE)
        row.value_since = meta.get(_META_VALUE_SINCE)
        row.choose = meta.get(_META_CHOOSE)
        where = f"{cls.__name__}.{dc_field.name}"
        parts, nullable = _split_union(hints[dc_field.name])
        if len(parts) == 1 and typing.get_origin(parts[0]) is tuple:
            item_type, ellipsis = typing.get_args(parts[0])
            if ellipsis is not Ellipsis:
                raise TypeError(f"{where}: arrays are declared as tuple[X, ...]")
            item_parts, _ = _split_union(item_type)
            item_kind, item_dec, item_enc, nested, raw = _scalar(row, item_parts, where)
            row.kind = _Kind.ARRAY
            row.decode = _make_dec_array(item_dec, item_kind)
            row.encode = _make_enc_array(item_enc)
            row.nested = nested
            row.freeze = raw
            row.coerce = {_Kind.RAW: "maps", _Kind.ENUM: "enums"}.get(item_kind, "tuple")
            if item_kind is _Kind.ENUM:
                row.enum_lookup = _enum_lookup(item_parts)
            row.skip_empty = not nullable
            absent: Any = None if nullable else ()
        else:
            row.kind, row.decode, row.encode, row.nested, row.freeze = _scalar(row, parts, where)
            row.is_str = row.kind is _Kind.STR
            if row.kind is _Kind.RAW:
                row.coerce = "map"
            elif row.kind is _Kind.ENUM:
                row.coerce = "enum"
                row.enum_lookup = _enum_lookup(parts)
            if not nullable:
                raise TypeError(f"{where}: scalar fields must accept None (an absent key)")
            absent = None
        absents.append(absent)
        fields.append(row)
    if not fields:
        raise TypeError(f"{cls.__name__} declares no fields")
    return _Table(cls, fields, absents)


def _decode(cls: type[_E], data: Any, source: str | None, pointer: _Path) -> _E:
    if type(data) is not dict and not isinstance(data, Mapping):
        raise _type_error(data, "an object", source, pointer)
    table = _TABLES.get(cls) or _table(cls)
    values = table.absent.copy()
    extra: dict[str, Any] | None = None
    by_key = table.by_key
    for key, value in data.items():
        row = by_key.get(key)
        if row is None:
            if extra is None:
                extra = {}
            extra[key] = value
        elif row.is_str:
            if type(value) is str or isinstance(value, str):
                values[row.index] = value
            else:
                raise _type_error(value, "a string", source, (pointer, key))
        elif row.skip_empty and type(value) is list and not value:
            # "key": [] is kept verbatim: the typed field cannot tell it from absent.
            if extra is None:
                extra = {}
            extra[key] = value
        else:
            values[row.index] = row.decode(value, source, pointer, key)
    obj = object.__new__(cls)
    table.fill(obj, values, types.MappingProxyType(extra) if extra else EMPTY)
    return obj


# ---------------------------------------------------------------------------------------------
# Hashing, repr and pickling helpers.


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return frozenset([(key, _freeze(entry)) for key, entry in value.items()])
    if isinstance(value, (list, tuple)):
        return tuple([_freeze(entry) for entry in value])
    return value


def _repr_value(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, tuple):
        inner = ", ".join(_repr_value(entry) for entry in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, types.MappingProxyType):
        return repr(dict(value))
    return repr(value)


def _thaw(value: Any) -> Any:
    if isinstance(value, types.MappingProxyType):
        return dict(value)
    if isinstance(value, tuple):
        return tuple([dict(entry) if isinstance(entry, types.MappingProxyType) else entry for entry in value])
    return value


def _restore(cls: type[_E], kwargs: dict[str, Any]) -> _E:
    return cls(**kwargs)


# ---------------------------------------------------------------------------------------------
# The base class.


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True, repr=False, eq=False)
class Element:
    """Base class of the typed CycloneDX elements (see the module documentation).

    :param extra: the JSON keys this class does not model, kept verbatim (a
        read-only mapping; a plain ``dict`` given here is copied and wrapped).
    """

    min_spec: ClassVar[SpecVersion | None] = None
    """The first CycloneDX version that has this definition at all (``None``: all)."""

    extra_since: ClassVar[Mapping[str, SpecVersion]] = EMPTY
    """Gated JSON keys this class keeps in :attr:`extra`, key -> first version."""

    extra: Mapping[str, Any] = dataclasses.field(default_factory=lambda: EMPTY)
    _hash: int | None = dataclasses.field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = _TABLES.get(type(self)) or _table(type(self))
        setter = object.__setattr__
        for row in table.fields:
            coerce = row.coerce
            if not coerce:
                continue
            value = getattr(self, row.attr)
            if value is None:
                continue
            if coerce == "enum":
                if type(value) is str:
                    setter(self, row.attr, row.enum_lookup.get(value, value))
            elif coerce == "tuple":
                if type(value) is not tuple:
                    setter(self, row.attr, tuple(value))
            elif coerce == "enums":
                if type(value) is not tuple or any(type(v) is str for v in value):
                    lookup = row.enum_lookup
                    setter(self, row.attr, tuple([lookup.get(v, v) if type(v) is str else v for v in value]))
            elif coerce == "map":
                if type(value) is not types.MappingProxyType:
                    setter(self, row.attr, types.MappingProxyType(dict(value)))
            elif type(value) is not tuple or any(type(v) is not types.MappingProxyType for v in value):
                setter(
                    self,
                    row.attr,
                    tuple([v if type(v) is types.MappingProxyType else types.MappingProxyType(dict(v)) for v in value]),
                )
        extra = self.extra
        if extra:
            if type(extra) is not types.MappingProxyType:
                extra = types.MappingProxyType(dict(extra))
                setter(self, "extra", extra)
            if not table.keys.isdisjoint(extra):
                self._check_extra_keys(table, extra)

    def _check_extra_keys(self, table: _Table, extra: Mapping[str, Any]) -> None:
        for key in table.keys.intersection(extra):
            row = table.by_key[key]
            # Only "key": [] may shadow an (empty) optional array field.
            if not (row.skip_empty and extra[key] == [] and not getattr(self, row.attr)):
                raise InvalidArgument(
                    f"extra key {key!r} is a field of {type(self).__name__}; set {row.attr}= instead",
                    location=f"/{escape_pointer_token(key)}",
                )

    # -- codec ---------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, source: str | None = None, pointer: str = "") -> Self:
        """Read one CycloneDX JSON object, keeping unmodelled keys in :attr:`extra`.

        :param data: the JSON object (a ``dict`` as parsed from JSON).
        :param source: the file name, for error messages.
        :param pointer: the JSON pointer of ``data`` inside its document, for error messages.
        :raises InvalidDocument: a value has the wrong JSON type; ``location`` is its pointer.
        """
        return _decode(cls, data, source, pointer)

    @classmethod
    def json_fields(cls) -> Mapping[str, str]:
        """The JSON keys this class models, each mapped to its attribute name.

        >>> from aibom.model import DataReference
        >>> dict(DataReference.json_fields())
        {'ref': 'ref'}
        """
        return types.MappingProxyType({row.key: row.attr for row in _table(cls).fields})

    def to_json(self) -> dict[str, Any]:
        """Return the CycloneDX JSON object (a fresh ``dict``; raw values are shared)."""
        table = _TABLES.get(type(self)) or _table(type(self))
        out: dict[str, Any] = {}
        for row, value in zip(table.fields, table.getter(self)):
            if value is None:
                continue
            encode = row.encode
            if encode is None:
                out[row.key] = value
            elif row.skip_empty and not value:
                continue
            else:
                out[row.key] = encode(value)
        extra = self.extra
        if extra:
            for key, value in extra.items():
                if key not in out:
                    out[key] = value
        return out

    # -- value semantics -----------------------------------------------------------------------

    def replace(self, **changes: Any) -> Self:
        """Return a copy with ``changes`` applied (``copy.replace`` works too).

        Setting a field drops an ``"key": []`` placeholder for it from :attr:`extra`.
        """
        if self.extra and "extra" not in changes:
            by_attr = (_TABLES.get(type(self)) or _table(type(self))).by_attr
            keys = {by_attr[attr].key for attr in changes if attr in by_attr}
            if not keys.isdisjoint(self.extra):
                changes["extra"] = {k: v for k, v in self.extra.items() if k not in keys}
        return dataclasses.replace(self, **changes)

    def __replace__(self, **changes: Any) -> Self:
        return self.replace(**changes)

    def __hash__(self) -> int:
        cached = self._hash
        if cached is not None:
            return cached
        table = _TABLES.get(type(self)) or _table(type(self))
        values = table.getter(self)
        parts = [_freeze(v) if row.freeze else v for row, v in zip(table.fields, values)]
        if self.extra:
            parts.append(_freeze(self.extra))
        result = hash((type(self), tuple(parts)))
        object.__setattr__(self, "_hash", result)
        return result

    def __repr__(self) -> str:
        table = _TABLES.get(type(self)) or _table(type(self))
        parts = [
            f"{row.attr}={_repr_value(value)}"
            for row, value in zip(table.fields, table.getter(self))
            if value is not None and value != ()
        ]
        if self.extra:
            parts.append(f"extra={dict(self.extra)!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        table = _TABLES.get(type(self)) or _table(type(self))
        kwargs = {attr: _thaw(getattr(self, attr)) for attr in table.init_attrs}
        return (_restore, (type(self), kwargs))

    # -- version gates -------------------------------------------------------------------------

    def required_spec(self) -> SpecVersion:
        """The lowest CycloneDX version that can express this element and everything under it.

        Only known fields count (typed fields, and :attr:`extra_since` keys in ``extra``).
        """
        return _required_spec(self)


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field, json_field))
def element(cls: type[_E]) -> type[_E]:
    """Class decorator: make ``cls`` a frozen, slotted, keyword-only element dataclass."""
    new = dataclasses.dataclass(frozen=True, slots=True, kw_only=True, repr=False, eq=True)(cls)
    # dataclass(eq=True, frozen=True) generates a field-tuple __hash__; use the cached canonical one.
    new.__hash__ = Element.__hash__  # type: ignore[method-assign]
    # Python 3.13's dataclass adds its own __replace__; keep ours (it drops "key": [] placeholders).
    new.__replace__ = Element.__replace__  # type: ignore[method-assign]
    if new.__name__ in _REGISTRY:
        raise TypeError(f"two element classes are named {new.__name__}")
    _REGISTRY[new.__name__] = new
    return new


def _present(row: _Field, value: Any) -> bool:
    return value is not None and not (row.skip_empty and value == ())


def _required_spec(item: Element) -> SpecVersion:
    table = _TABLES.get(type(item)) or _table(type(item))
    best = table.min_spec or LOWEST_SPEC
    for row in table.gated:
        value = getattr(item, row.attr)
        if not _present(row, value):
            continue
        if row.since is not None and row.since > best:
            best = row.since
        if row.value_since is not None:
            for entry in value if isinstance(value, tuple) else (value,):
                since = row.value_since.get(entry) if isinstance(entry, str) else None
                if since is not None and since > best:
                    best = since
        if row.nested:
            for entry in value if isinstance(value, tuple) else (value,):
                if isinstance(entry, Element):
                    best = max(best, _required_spec(entry))
    if item.extra and table.extra_since:
        for key in item.extra:
            since = table.extra_since.get(key)
            if since is not None and since > best:
                best = since
    return best


def inexpressible_fields(item: Element, spec: SpecVersion | str) -> list[tuple[str, str]]:
    """List what ``spec`` cannot express in ``item``: ``(JSON pointer relative to item, reason)``.

    A field that is too new is reported once (its content is not searched further).
    Only known fields count (typed fields, and :attr:`Element.extra_since` keys in ``extra``).

    >>> from aibom.model import Considerations, EnvironmentalConsiderations, ModelCard
    >>> card = ModelCard(considerations=Considerations(
    ...     environmental_considerations=EnvironmentalConsiderations()))
    >>> inexpressible_fields(card, "1.5")
    [('/considerations/environmentalConsiderations', 'environmentalConsiderations needs CycloneDX 1.6')]
    >>> inexpressible_fields(card, "1.6")
    []
    """
    version = SpecVersion.parse(spec)
    found: list[tuple[str, str]] = []
    table = _TABLES.get(type(item)) or _table(type(item))
    if table.min_spec is not None and table.min_spec > version:
        found.append(("", f"{type(item).__name__} needs CycloneDX {table.min_spec.value}"))
        return found
    _collect(item, version, "", found)
    return found


def _collect(item: Element, version: SpecVersion, pointer: str, found: list[tuple[str, str]]) -> None:
    table = _TABLES.get(type(item)) or _table(type(item))
    for row in table.gated:
        value = getattr(item, row.attr)
        if not _present(row, value):
            continue
        here = _join(pointer, row.key)
        if row.since is not None and row.since > version:
            found.append((here, f"{row.key} needs CycloneDX {row.since.value}"))
            continue
        many = isinstance(value, tuple)
        entries = value if many else (value,)
        if row.value_since is not None:
            for index, entry in enumerate(entries):
                since = row.value_since.get(entry) if isinstance(entry, str) else None
                if since is not None and since > version:
                    where = _join(here, index) if many else here
                    found.append((where, f"{row.key} {str(entry)!r} needs CycloneDX {since.value}"))
        if row.nested:
            for index, entry in enumerate(entries):
                if isinstance(entry, Element):
                    where = _join(here, index) if many else here
                    since = (_TABLES.get(type(entry)) or _table(type(entry))).min_spec
                    if since is not None and since > version:
                        found.append((where, f"{type(entry).__name__} needs CycloneDX {since.value}"))
                    else:
                        _collect(entry, version, where, found)
    if item.extra and table.extra_since:
        for key in item.extra:
            since = table.extra_since.get(key)
            if since is not None and since > version:
                found.append((_join(pointer, key), f"{key} needs CycloneDX {since.value}"))
