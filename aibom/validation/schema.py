"""Layer 1: the official CycloneDX schemas (JSON schema for JSON, XSD for XML), format checks included."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import jsonschema_rs
import orjson
from lxml import etree

from aibom._pointer import pointer
from aibom._schemas import schema_dir
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion

__all__ = ["check_json", "check_xml", "json_validator", "schema_findings", "schema_validator"]

_SUBSCHEMAS = ("spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json")
_MESSAGE_LIMIT = 300


@functools.cache
def json_validator(spec: SpecVersion) -> Any:
    """The compiled JSON schema of ``spec`` (formats checked, nothing fetched)."""
    return schema_validator(spec, _bom_schema(spec))


def schema_validator(spec: SpecVersion, schema: Any) -> Any:
    """Compile ``schema``, which may refer to the definitions of ``spec``'s schema (and the schemas it imports) by
    their ``http://cyclonedx.org/schema/...`` URLs."""
    directory = schema_dir() / "cyclonedx"
    resources = [
        (f"http://cyclonedx.org/schema/{name}", orjson.loads((directory / name).read_bytes())) for name in _SUBSCHEMAS
    ]
    resources.append((f"http://cyclonedx.org/schema/bom-{spec.value}.schema.json", _bom_schema(spec)))
    return jsonschema_rs.validator_for(
        schema, registry=jsonschema_rs.Registry(resources), validate_formats=True, offline=True
    )


def _bom_schema(spec: SpecVersion) -> Any:
    return orjson.loads((schema_dir() / "cyclonedx" / f"bom-{spec.value}.schema.json").read_bytes())


class _SchemaResolver(etree.Resolver):
    """Serve the XSD's ``spdx`` import from the vendored copy; nothing is fetched."""

    # lxml calls resolve(url, public_id, context); lxml-stubs still declares the two-argument form.
    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> Any:  # type: ignore[override]
        if system_url and system_url.rstrip("/").endswith(("/spdx", "spdx.xsd")):
            return self.resolve_filename(str(schema_dir() / "cyclonedx" / "spdx.xsd"), context)  # type: ignore[attr-defined]
        return None


@functools.cache
def _xml_schema(spec: SpecVersion) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_SchemaResolver())
    document = etree.parse(str(schema_dir() / "cyclonedx" / f"bom-{spec.value}.xsd"), parser)
    return etree.XMLSchema(document)


def check_json(document: Any, spec: SpecVersion) -> list[Finding]:
    """Validate a JSON-shaped document against the official JSON schema of ``spec``.

    Each finding's location is the JSON pointer of the failing value.
    """
    try:
        return schema_findings(json_validator(spec), document)
    except ValueError as error:  # jsonschema-rs stops at its nesting limit (255 levels); no CycloneDX BOM nests so
        return [Finding("schema", Severity.ERROR, "", f"the schema check could not run: {error}")]


def schema_findings(
    validator: Any, instance: Any, locate: Callable[[list[str | int]], Iterable[str | int]] = iter
) -> list[Finding]:
    """The findings of ``validator`` (a compiled JSON schema) on ``instance``; ``locate`` turns a failing value's
    path into its path in the document. Raises ``ValueError`` past jsonschema-rs's nesting limit."""
    if validator.is_valid(instance):
        return []
    return [
        Finding("schema", Severity.ERROR, pointer(locate(error.instance_path)), _shorten(error.message))
        for error in validator.iter_errors(instance)
    ]


def check_xml(tree: etree._ElementTree, spec: SpecVersion) -> list[Finding]:
    """Validate an XML document against the official XSD of ``spec``.

    Each finding's location is the XPath lxml reports, with the line number in the message.
    """
    schema = _xml_schema(spec)
    if schema.validate(tree):
        return []
    return [
        Finding(
            "schema", Severity.ERROR, _readable_xpath(tree, entry.path), _shorten(f"line {entry.line}: {entry.message}")
        )
        for entry in schema.error_log  # type: ignore[attr-defined]
    ]


def _readable_xpath(tree: etree._ElementTree, path: str | None) -> str:
    """Turn libxml2's ``/*/*[2]/*`` into ``/bom/components/component[2]``: local names, positions where needed."""
    if not path:
        return "/"
    try:
        nodes = tree.xpath(path)
    except etree.XPathError:
        return path
    if not isinstance(nodes, list) or not nodes or not isinstance(nodes[0], etree._Element):
        return path
    steps = []
    element: etree._Element | None = nodes[0]
    while element is not None:
        name = etree.QName(element).localname
        parent = element.getparent()
        if parent is not None:
            twins = [sibling for sibling in parent if sibling.tag == element.tag]
            if len(twins) > 1:
                name += f"[{twins.index(element) + 1}]"
        steps.append(name)
        element = parent
    return "/" + "/".join(reversed(steps))


def _shorten(message: str) -> str:
    """A message cut in the middle to at most about 300 characters (jsonschema-rs quotes whole values)."""
    if len(message) <= _MESSAGE_LIMIT:
        return message
    return message[: _MESSAGE_LIMIT // 2] + " … " + message[-_MESSAGE_LIMIT // 2 :]
