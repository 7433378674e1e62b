"""From a caller's source to a checked document: the common first step of load and validate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from aibom._source import Source
from aibom._values import json_bytes
from aibom.codec.json import decode_json
from aibom.codec.xml import parse_xml, xml_to_document
from aibom.errors import InvalidArgument, NotCycloneDX
from aibom.spec import SpecVersion

__all__ = ["Parsed", "check_envelope", "parse"]


@dataclass(slots=True)
class Parsed:
    """A source read into its JSON-shaped document (and, for XML, the parsed tree)."""

    source: str
    format: Literal["json", "xml", "dict"]
    document: dict[str, Any]
    spec: SpecVersion
    xml_tree: Any = None
    xml_only: bool = False


def parse(source: Source, *, copy_dict: bool = True) -> Parsed:
    """Parse ``source`` and check that it is a CycloneDX document of a supported version.

    A caller's dict is copied (``copy_dict``) so that nothing aibom does later
    can modify the caller's object.
    """
    if source.format == "xml":
        assert isinstance(source.payload, bytes)
        tree = parse_xml(source.payload, source=source.name)
        from_xml, spec, xml_only = xml_to_document(tree, source=source.name)
        return Parsed(source.name, "xml", from_xml, spec, tree, xml_only)
    document: Any
    if isinstance(source.payload, dict):
        document = _copy_dict(source.payload, source.name) if copy_dict else source.payload
    else:
        document = decode_json(source.payload, source=source.name)
    spec = check_envelope(document, source=source.name)
    return Parsed(source.name, source.format, document, spec)


def check_envelope(document: Any, *, source: str) -> SpecVersion:
    """Check ``bomFormat`` and ``specVersion``; return the version."""
    if not isinstance(document, dict):
        raise NotCycloneDX(
            f"the document is a JSON {_json_type(document)}", source=source, location="", expected="a JSON object"
        )
    bom_format = document.get("bomFormat")
    if bom_format != "CycloneDX":
        raise NotCycloneDX(
            "bomFormat is missing" if bom_format is None else f"bomFormat is {bom_format!r}",
            source=source,
            location="/bomFormat",
            expected='"CycloneDX"',
        )
    version = document.get("specVersion")
    if not isinstance(version, str):
        raise NotCycloneDX(
            "specVersion is missing" if version is None else f"specVersion is a {_json_type(version)}",
            source=source,
            location="/specVersion",
            expected='a string: "1.5", "1.6" or "1.7"',
        )
    return SpecVersion.parse(version, source=source, location="/specVersion")


def _copy_dict(document: dict[str, Any], source: str) -> Any:
    try:
        return decode_json(json_bytes(document), source=source)
    except TypeError as error:
        raise InvalidArgument(
            f"the dict is not JSON data: {error}",
            source=source,
            expected="only dict, list, str, int, float, bool, None",
        ) from None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object" if isinstance(value, dict) else type(value).__name__
