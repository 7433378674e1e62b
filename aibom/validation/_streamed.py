"""Validating a JSON BOM a few components at a time.

Parsing a 100,000-component BOM into one tree, checking it against the schema,
walking it for the integrity layer and the AI rules and freeing it touches every
object several times, each time after the whole tree has pushed it out of the CPU
caches: most of the cost is waiting for memory. Here the document is parsed once
with the items of its two large arrays, ``components`` and ``dependencies``, left
as raw text (``msgspec.Raw``, a view of the input; :mod:`aibom._split`), and each
small batch of items is parsed, checked against the schema's definition of its
kind, walked and freed while it is still in cache. It runs in about two thirds of
the time of the whole-tree path and never holds the whole parsed document.

The findings are the whole-tree path's: each batch is checked against the same
definition of the same schema, the rest of the document against the whole
schema, and the one constraint that spans items, ``uniqueItems``, is checked here
among the few items that could be equal (those sharing a bom-ref, a dependency's
ref or, without one, a name). The AI rules see the components in the whole-tree
order. Whatever this path cannot take — a document that is not JSON or not
CycloneDX, an item that does not parse, an unknown top-level field, nesting past
the parsers' limits — it hands back to the whole-tree path (``None``), which
reports it as before; and when the integrity layer finds a fault, the whole-tree
path locates it.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema_rs
import msgspec

from aibom._gc import gc_paused
from aibom._shape import document_shape
from aibom._source import Text
from aibom._split import Split, parse_item, split_components
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion
from aibom.validation.integrity import Collector
from aibom.validation.rules import run_rules
from aibom.validation.rules._scan import Scan
from aibom.validation.schema import json_validator, schema_findings, schema_validator

__all__ = ["Streamed", "validate_streamed"]

# The top-level arrays parsed a batch at a time: the schema definition of their items, how many items a batch
# holds (large enough to amortise a schema call, small enough to stay in cache), and the field two equal items
# share (for ``uniqueItems``). Both hold an item per component of a large BOM.
_ARRAYS = {"components": ("component", 32, "bom-ref"), "dependencies": ("dependency", 256, "ref")}
_UNIQUE = jsonschema_rs.validator_for({"uniqueItems": True})


@dataclass(frozen=True, slots=True)
class Streamed:
    """The outcome: the document's version, the schema findings (when asked for) and whether the integrity layer's
    verdict is settled: False when it was asked for and found a fault to locate, or could not tell (a bom-ref where
    the walk does not look), which the whole-tree check does."""

    spec: SpecVersion
    findings: list[Finding]
    settled: bool


def validate_streamed(
    text: Text, *, source: str, schema: bool, bom_refs: int | None, ai: bool = False
) -> Streamed | None:
    """Check the JSON text of a BOM against the schema (``schema``), the integrity layer (when ``bom_refs``, how
    often ``"bom-ref"`` occurs in the text, is given) and the AI rules (``ai``), a batch of components at a time;
    None when the whole-tree path must take the document.

    >>> outcome = validate_streamed(b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,'
    ...     b' "components": [{"type": "library", "name": "a", "bom-ref": "a"}, {"type": "nope", "name": "b"}]}',
    ...     source="<bytes>", schema=True, bom_refs=1)
    >>> [(f.code, f.location) for f in outcome.findings], outcome.settled
    ([('schema', '/components/1/type')], True)
    """
    with split_components(text, source=source, raw=tuple(_ARRAYS)) as parts:
        if parts is None:
            return None
        with gc_paused():
            return _check(parts, schema=schema, bom_refs=bom_refs, ai=ai)


def _check(parts: Split, *, schema: bool, bom_refs: int | None, ai: bool) -> Streamed | None:
    """``bom_refs``: how often ``"bom-ref"`` occurs in the text, for the integrity layer (None: not asked for)."""
    spec = parts.spec
    findings: list[Finding] = []
    collector = Collector(document_shape(spec), everywhere=False) if bom_refs is not None else None
    scan = Scan(None) if ai else None
    try:
        if schema and not _validate(json_validator(spec), parts.rest, (), findings):
            return None
        if collector is not None:
            collector.visit_document(parts.rest)
        if scan is not None:
            scan.begin(parts.rest)
        parts.rest.clear()
        for field, items in parts.arrays.items():
            definition, batch_size, key_field = _ARRAYS[field]
            validator = _items_validator(spec, definition) if schema else None
            scanned = scan if field == "components" else None
            keys: list[Any] = []
            for start in range(0, len(items), batch_size):
                try:
                    batch = [parse_item(items[index]) for index in range(start, min(start + batch_size, len(items)))]
                except (msgspec.DecodeError, RecursionError):
                    return None
                if validator is not None:
                    if not _validate(validator, batch, (field, start), findings):
                        return None
                    keys += _equality_keys(batch, key_field)
                if collector is not None:
                    collector.visit_items(field, batch)
                if scanned is not None:
                    scanned.top_level(batch, start)
            if validator is not None and not _distinct(keys):
                findings += _unique_findings(field, items, keys, key_field)
        if scan is not None:
            scan.finish()
            findings += run_rules(scan)
        return Streamed(spec, findings, collector is None or collector.faultless(bom_refs))
    finally:
        if collector is not None:
            collector.close()
        if scan is not None:
            scan.close()


def _validate(validator: Any, instance: Any, prefix: tuple[str, int] | tuple[()], findings: list[Finding]) -> bool:
    """Add the schema findings of ``instance`` (located under ``prefix``, a batch's first index added to the
    batch position); False when the validator cannot run (nesting past its limit)."""
    try:
        findings += schema_findings(validator, instance, functools.partial(_located, prefix))
    except ValueError:
        return False
    return True


def _located(prefix: tuple[str, int] | tuple[()], path: list[str | int]) -> Iterator[str | int]:
    if not prefix:
        yield from path
        return
    name, start = prefix
    yield name
    if path:
        yield start + int(path[0])
        yield from path[1:]


def _equality_keys(batch: list[Any], key_field: str) -> list[Any]:
    """What equal items share: their ``key_field`` (a component's bom-ref, a dependency's ref) or, without one,
    their name (or a hashable stand-in for a value of the wrong type, which only the schema cares about)."""
    try:
        keys = list(map(operator.methodcaller("get", key_field), batch))
        if all(type(key) is str for key in keys):
            return keys
    except AttributeError:  # an item that is not an object
        pass
    return [_equality_key(item, key_field) for item in batch]


def _equality_key(item: Any, key_field: str) -> Any:
    if type(item) is not dict:
        return (type(item).__name__,)
    key = item.get(key_field)
    if type(key) is str:
        return key
    if key is not None:
        return (type(key).__name__,)
    name = item.get("name")
    return ("", name if type(name) is str else None)


def _distinct(keys: list[Any]) -> bool:
    return len(set(keys)) == len(keys)


def _unique_findings(field: str, items: list[msgspec.Raw], keys: list[Any], key_field: str) -> list[Finding]:
    """``uniqueItems`` over a top-level array, compared as the schema compares within each group of items that
    share a key: like the schema, one finding for the array, naming the first repeated item and its earlier
    twin."""
    groups: dict[Any, list[int]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    repeats = []
    for indices in groups.values():
        for position, index in enumerate(indices[1:], 1):
            value = parse_item(items[index])
            twin = next((e for e in indices[:position] if not _UNIQUE.is_valid([parse_item(items[e]), value])), None)
            if twin is not None:
                repeats.append((index, twin))
                break
    if not repeats:
        return []
    index, twin = min(repeats)
    message = f"{field} {twin} and {index} are equal: the array has non-unique elements"
    return [Finding("schema", Severity.ERROR, f"/{field}", message)]


@functools.cache
def _items_validator(spec: SpecVersion, definition: str) -> Any:
    """A validator of a list of items against the definition ``definition`` of ``spec``'s schema."""
    url = f"http://cyclonedx.org/schema/bom-{spec.value}.schema.json"
    return schema_validator(
        spec,
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "array",
            "items": {"$ref": f"{url}#/definitions/{definition}"},
        },
    )
