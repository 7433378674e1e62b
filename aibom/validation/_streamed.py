"""Validating a JSON BOM a few components at a time.

Parsing a 100,000-component BOM into one tree, checking it against the schema,
walking it for the integrity layer and freeing it touches every object four
times, each time after the whole tree has pushed it out of the CPU caches: most
of the cost is waiting for memory. Here the document is parsed once with its
top-level components left as raw text (``msgspec.Raw``, a view of the input),
and each small batch of components is parsed, checked against the schema's
``component`` definition, walked and freed while it is still in cache. It runs
in about half the time of the whole-tree path and needs a fraction of its
memory.

The findings are the whole-tree path's: each batch is checked against the same
definition of the same schema, the rest of the document against the whole
schema, and the one constraint that spans components, ``uniqueItems``, is
checked here among the few components that could be equal (those sharing a
bom-ref or, without one, a name). Whatever this path cannot take — a document
that is not JSON or not CycloneDX, a component that does not parse, an unknown
top-level field, nesting past the parsers' limits — it hands back to the
whole-tree path (``None``), which reports it as before; and when the integrity
layer finds a fault, the whole-tree path locates it.
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
from aibom._parse import check_envelope
from aibom._pointer import pointer
from aibom._shape import document_shape
from aibom._source import Text, count_in
from aibom.errors import InvalidDocument
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion
from aibom.validation.integrity import Collector
from aibom.validation.rules import run_rules
from aibom.validation.rules._scan import Scan
from aibom.validation.schema import json_validator, schema_validator, shorten

__all__ = ["Streamed", "validate_streamed"]

_BATCH = 32  # components per schema call: large enough to amortise the call, small enough to stay in cache
_DECODE = msgspec.json.Decoder().decode
_UNIQUE = jsonschema_rs.validator_for({"uniqueItems": True})


@dataclass(frozen=True, slots=True)
class Streamed:
    """The outcome: the document's version, the schema findings (when asked for) and whether the integrity layer's
    verdict is settled: False when it was asked for and found a fault to locate, or could not tell (a bom-ref where
    the walk does not look), which the whole-tree check does."""

    spec: SpecVersion
    findings: list[Finding]
    settled: bool


def validate_streamed(text: Text, *, source: str, schema: bool, integrity: bool, ai: bool = False) -> Streamed | None:
    """Check the JSON text of a BOM against the schema (``schema``), the integrity layer (``integrity``) and the
    AI rules (``ai``), a batch of components at a time; None when the whole-tree path must take the document.

    >>> outcome = validate_streamed(b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,'
    ...     b' "components": [{"type": "library", "name": "a", "bom-ref": "a"}, {"type": "nope", "name": "b"}]}',
    ...     source="<bytes>", schema=True, integrity=True)
    >>> [(f.code, f.location) for f in outcome.findings], outcome.settled
    ([('schema', '/components/1/type')], True)
    """
    decoder, names = _envelope_decoder()
    try:
        with gc_paused():
            envelope = decoder.decode(text)
    except (msgspec.DecodeError, RecursionError):
        return None
    components: list[msgspec.Raw] = [] if envelope.components is msgspec.UNSET else envelope.components
    try:
        rest = {
            name: value for name, value in zip(names, msgspec.structs.astuple(envelope)) if value is not msgspec.UNSET
        }
        del envelope
        try:
            spec = check_envelope(rest, source=source)
        except InvalidDocument:
            return None
        with gc_paused():
            bom_refs = count_in(text, b'"bom-ref"') if integrity else None
            return _check(rest, components, spec, schema=schema, bom_refs=bom_refs, ai=ai)
    finally:
        components.clear()  # the raw components are views of the text: a mapped file cannot close while they live


def _check(
    rest: dict[str, Any],
    components: list[msgspec.Raw],
    spec: SpecVersion,
    *,
    schema: bool,
    bom_refs: int | None,
    ai: bool,
) -> Streamed | None:
    """``bom_refs``: how often ``"bom-ref"`` occurs in the text, for the integrity layer (None: not asked for)."""
    findings: list[Finding] = []
    collector = Collector(document_shape(spec), everywhere=False) if bom_refs is not None else None
    scan = Scan(None) if ai else None
    try:
        if schema:
            whole, items = json_validator(spec), _items_validator(spec)
            if not _validate(whole, rest, (), findings):
                return None
        if collector is not None:
            collector.visit_document(rest)
        if scan is not None:
            scan.begin(rest)
        del rest
        keys: list[Any] = []
        for start in range(0, len(components), _BATCH):
            try:
                batch = [_DECODE(components[index]) for index in range(start, min(start + _BATCH, len(components)))]
            except (msgspec.DecodeError, RecursionError):
                return None
            if schema:
                if not _validate(items, batch, ("components", start), findings):
                    return None
                keys += _equality_keys(batch)
            if collector is not None:
                collector.visit_components(batch)
            if scan is not None:
                scan.top_level(batch, start)
        if schema and not _distinct(keys):
            findings += _unique_findings(components, keys)
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
        if validator.is_valid(instance):
            return True
        for error in validator.iter_errors(instance):
            findings.append(
                Finding(
                    "schema", Severity.ERROR, pointer(_located(prefix, error.instance_path)), shorten(error.message)
                )
            )
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


_bom_ref_of = operator.methodcaller("get", "bom-ref")


def _equality_keys(batch: list[Any]) -> list[Any]:
    """What equal components share: their bom-ref or, without one, their name (or a hashable stand-in for a
    value of the wrong type, which only the schema cares about)."""
    try:
        keys = list(map(_bom_ref_of, batch))
        if all(type(key) is str for key in keys):
            return keys
    except AttributeError:  # an item that is not an object
        pass
    return [_equality_key(component) for component in batch]


def _equality_key(component: Any) -> Any:
    if type(component) is not dict:
        return (type(component).__name__,)
    bom_ref = component.get("bom-ref")
    if type(bom_ref) is str:
        return bom_ref
    if bom_ref is not None:
        return (type(bom_ref).__name__,)
    name = component.get("name")
    return ("", name if type(name) is str else None)


def _distinct(keys: list[Any]) -> bool:
    return len(set(keys)) == len(keys)


def _unique_findings(components: list[msgspec.Raw], keys: list[Any]) -> list[Finding]:
    """``uniqueItems`` over the top-level components, compared as the schema compares within each group of
    components that share a key: like the schema, one finding for the array, naming the first repeated component
    and its earlier twin."""
    groups: dict[Any, list[int]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    repeats = []
    for indices in groups.values():
        for position, index in enumerate(indices[1:], 1):
            value = _DECODE(components[index])
            twin = next((e for e in indices[:position] if not _UNIQUE.is_valid([_DECODE(components[e]), value])), None)
            if twin is not None:
                repeats.append((index, twin))
                break
    if not repeats:
        return []
    index, twin = min(repeats)
    message = f"components {twin} and {index} are equal: the array has non-unique elements"
    return [Finding("schema", Severity.ERROR, "/components", message)]


@functools.cache
def _envelope_decoder() -> tuple[msgspec.json.Decoder[Any], tuple[str, ...]]:
    """A decoder of a BOM's top level that leaves ``components`` as raw text and refuses a field no CycloneDX
    version defines (the whole-tree path reports it); and the names of the other fields, in its order."""
    names: set[str] = set()
    for spec in SpecVersion:
        names.update(document_shape(spec).properties)
    ordered = tuple(sorted(names - {"components"}))
    fields: list[tuple[str, Any, Any]] = [(f"field{number}", Any, msgspec.UNSET) for number in range(len(ordered))]
    fields.append(("components", list[msgspec.Raw] | msgspec.UnsetType, msgspec.UNSET))
    envelope = msgspec.defstruct(
        "Envelope",
        fields,
        rename={f"field{number}": name for number, name in enumerate(ordered)},
        forbid_unknown_fields=True,
    )
    return msgspec.json.Decoder(envelope), ordered


@functools.cache
def _items_validator(spec: SpecVersion) -> Any:
    """A validator of a list of components against the ``component`` definition of ``spec``'s schema."""
    url = f"http://cyclonedx.org/schema/bom-{spec.value}.schema.json"
    return schema_validator(
        spec,
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "array",
            "items": {"$ref": f"{url}#/definitions/component"},
        },
    )
