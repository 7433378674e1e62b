"""Helpers the concepts share: argument checks, default bom-refs, licenses, the identity fields of a component."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

from aibom._schemas import schema_dir
from aibom.errors import InvalidArgument
from aibom.model import Component, ExternalReference, Hash, Property

__all__ = [
    "ConceptBase",
    "as_tuple",
    "check_extras_type",
    "check_identity",
    "check_type",
    "common_fields",
    "decode_licenses",
    "default_ref",
    "encode_licenses",
    "identity_of",
    "references",
    "require_text",
    "set_field",
    "text_or_none",
    "unique",
]

_T = TypeVar("_T")


class ConceptBase:
    """What every concept shares: ``replace()`` (and ``copy.replace`` on Python 3.13+)."""

    __slots__ = ()

    def replace(self, **changes: Any) -> Self:
        """Return a copy with ``changes`` applied (checked and normalized like a new concept)."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

    def __replace__(self, **changes: Any) -> Self:
        return self.replace(**changes)


def set_field(owner: object, name: str, value: object) -> None:
    """Set a field of a frozen concept while it is being built (``__post_init__`` normalization)."""
    object.__setattr__(owner, name, value)


def require_text(owner: str, field: str, value: object, *, optional: bool = True) -> str | None:
    """Check that ``value`` is a non-empty string (or None, when ``optional``)."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(f"{owner}.{field} must be a non-empty string, not {value!r}", expected="a string")
    return value


def check_type(owner: str, field: str, value: object, kind: type | tuple[type, ...], *, optional: bool = True) -> None:
    """Check that ``value`` is an instance of ``kind`` (or None, when ``optional``)."""
    if value is None and optional:
        return
    if not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise InvalidArgument(f"{owner}.{field} must be {names}, not {type(value).__name__}", expected=names)


def as_tuple(owner: str, field: str, value: Iterable[_T] | None, kind: type | tuple[type, ...]) -> tuple[_T, ...]:
    """Turn a list (or any iterable but a string) into a tuple, checking each item's type."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InvalidArgument(f"{owner}.{field} must be a sequence, not {type(value).__name__}",
                              expected="a tuple or list")
    items = tuple(value)
    for index, item in enumerate(items):
        check_type(owner, f"{field}[{index}]", item, kind, optional=False)
        if isinstance(item, str) and not item.strip():
            raise InvalidArgument(f"{owner}.{field}[{index}] is empty", expected="a non-empty string")
    return items


def unique(owner: str, field: str, items: tuple[_T, ...]) -> tuple[_T, ...]:
    """Check that ``items`` has no repeats."""
    seen: set[Any] = set()
    for item in items:
        if item in seen:
            raise InvalidArgument(f"{owner}.{field} lists {item!r} twice", expected="each item once")
        seen.add(item)
    return items


_SPACE = re.compile(r"\s+")


def default_ref(kind: str, name: str, version: str | None = None) -> str:
    """The bom-ref a concept gets when none is given: ``<kind>:<name>[@<version>]`` (blanks become ``-``).

    >>> default_ref("model", "sentiment 7b", "1.0")
    'model:sentiment-7b@1.0'
    """
    text = f"{kind}:{_SPACE.sub('-', name.strip())}"
    return f"{text}@{version}" if version else text


@functools.cache
def _spdx_ids() -> frozenset[str]:
    with (schema_dir() / "cyclonedx" / "spdx.schema.json").open("rb") as stream:
        return frozenset(json.load(stream)["enum"])


_EXPRESSION = re.compile(r"\s(AND|OR|WITH)\s|[()]")


def encode_licenses(owner: str, licenses: tuple[str, ...]) -> tuple[Mapping[str, Any], ...]:
    """CycloneDX ``licenses`` for license strings: an SPDX id, an SPDX expression (alone), or a license name.

    >>> encode_licenses("Model", ("Apache-2.0", "ACME Research License"))
    ({'license': {'id': 'Apache-2.0'}}, {'license': {'name': 'ACME Research License'}})
    >>> encode_licenses("Model", ("MIT OR Apache-2.0",))
    ({'expression': 'MIT OR Apache-2.0'},)
    """
    expressions = [text for text in licenses if _EXPRESSION.search(text)]
    if expressions:
        if len(licenses) != 1:
            raise InvalidArgument(
                f"{owner}.licenses: an SPDX expression ({expressions[0]!r}) must be the only license",
                expected="one expression, or license ids and names",
            )
        return ({"expression": licenses[0]},)
    ids = _spdx_ids()
    return tuple({"license": {"id": text}} if text in ids else {"license": {"name": text}} for text in licenses)


def decode_licenses(licenses: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """License strings from CycloneDX ``licenses`` (ids, names and expressions; others are skipped)."""
    out: list[str] = []
    for choice in licenses:
        expression = text_or_none(choice.get("expression"))
        if expression is not None:
            out.append(expression)
            continue
        license_ = choice.get("license")
        if isinstance(license_, Mapping):
            text = text_or_none(license_.get("id")) or text_or_none(license_.get("name"))
            if text is not None:
                out.append(text)
    if len(out) > 1 and any(_EXPRESSION.search(text) for text in out):  # 1.7 mixes expressions and licenses
        return (" AND ".join(f"({text})" if _EXPRESSION.search(text) else text for text in out),)
    return tuple(out)


def text_or_none(value: object) -> str | None:
    """``value`` if it is a non-blank string, else None (for reading documents written by other tools)."""
    return value if isinstance(value, str) and value.strip() else None


def identity_of(component: Component) -> dict[str, Any]:
    """The identity fields every component concept has, read from a component.

    A component without a name (schema-invalid) is named by its bom-ref or purl.
    """
    return {
        "name": text_or_none(component.name) or text_or_none(component.bom_ref) or text_or_none(component.purl)
        or "unnamed",
        "version": text_or_none(component.version),
        "bom_ref": text_or_none(component.bom_ref) or "",
        "purl": text_or_none(component.purl),
        "description": text_or_none(component.description),
    }


def check_identity(owner: str, concept: Any, kind: str) -> None:
    """Check and normalize the identity fields (name, version, bom_ref, purl, description) of a concept."""
    require_text(owner, "name", concept.name, optional=False)
    for field in ("version", "purl", "description"):
        require_text(owner, field, getattr(concept, field))
    if not concept.bom_ref:  # "" (the default) or None: derive it
        set_field(concept, "bom_ref", concept.purl or default_ref(kind, concept.name, concept.version))
    require_text(owner, "bom_ref", concept.bom_ref, optional=False)


def check_extras_type(owner: str, field: str, value: Any) -> tuple[Property, ...]:
    """Check a tuple of extra :class:`~aibom.model.Property`."""
    items = as_tuple(owner, field, value, Property)
    for index, prop in enumerate(items):
        if not isinstance(prop.name, str) or not prop.name:
            raise InvalidArgument(f"{owner}.{field}[{index}] has no name", expected="a property name")
    return items


def references(owner: str, field: str, value: Any) -> tuple[str, ...]:
    """A tuple of bom-refs, each a non-empty string, each once."""
    return unique(owner, field, as_tuple(owner, field, value, str))


def common_fields(owner: str, concept: Any) -> None:
    """Check the hashes, licenses and external references of a component concept."""
    set_field(concept, "hashes", as_tuple(owner, "hashes", concept.hashes, Hash))
    set_field(concept, "licenses", as_tuple(owner, "licenses", concept.licenses, str))
    encode_licenses(owner, concept.licenses)
    set_field(concept, "external_references",
              as_tuple(owner, "external_references", concept.external_references, ExternalReference))
