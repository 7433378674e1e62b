"""Validating BOMs: layer 1 is the official schema, layer 2 what the schema cannot say about references and
component types, and the AI rules (``ai-*`` codes, :mod:`aibom.validation.rules`) what it cannot say about AI
concepts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from aibom._parse import Parsed, check_envelope, parse
from aibom._source import SourceLike, bom_ref_count, reading
from aibom.bom import Bom
from aibom.codec.xml import xpath_for
from aibom.errors import InvalidArgument, InvalidDocument, NotCycloneDX, UnsafeDocument, UnsupportedSpecVersion
from aibom.report import Finding, Report, Severity
from aibom.validation._streamed import validate_streamed
from aibom.validation.integrity import check_integrity
from aibom.validation.rules import check_ai_rules
from aibom.validation.schema import check_json, check_xml

__all__ = ["Checks", "validate"]

Checks = Literal["all", "schema", "integrity", "ai"]
_CHECKS = ("all", "schema", "integrity", "ai")
_LAYERS = ("schema", "integrity", "ai")


def validate(source: SourceLike | Bom, checks: Checks | Iterable[Checks] = "all") -> Report:
    """Validate a BOM and return a :class:`~aibom.report.Report` of every finding.

    ``source`` is anything :func:`aibom.load` accepts, or a :class:`~aibom.Bom`.
    ``checks="schema"`` runs only the official schema (JSON schema for JSON,
    XSD for XML, format checks included); ``"integrity"`` runs only layer 2
    (unique bom-refs, resolvable references, modelCard/data on the right
    component types); ``"ai"`` runs only the AI rules (a quantized model
    without its source, a lineage cycle, sparsity outside [0, 1], an undefined
    ``aibom:*`` property, ...: the catalogue is ``docs/rules.md``); ``"all"``
    runs the three. A collection of layer names runs those:
    ``checks=("schema", "integrity")``. A document that cannot be read as
    CycloneDX (bad JSON or XML, unknown version) gives a failing report with one
    finding; only an unreadable file or a bad argument raises.

    >>> report = validate({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...                    "dependencies": [{"ref": "app"}]})
    >>> report.ok, [(f.code, f.location) for f in report.findings]
    (False, [('dangling-reference', '/dependencies/0/ref')])
    """
    layers = _layers(checks)
    if isinstance(source, Bom):
        name = source.source or "<bom>"
        try:
            spec = check_envelope(source.document, source=name)
        except InvalidDocument as error:
            return _unreadable(name, "bom", error)
        parsed = Parsed(name, "dict", source.document, spec)
        report_format: Literal["json", "xml", "dict", "bom"] = "bom"
        bom_refs = None
        streamed = None
    else:
        with reading(source) as raw:
            streamed = None
            bom_refs = bom_ref_count(raw) if "integrity" in layers else None
            if raw.format == "json" and not isinstance(raw.payload, dict):
                streamed = validate_streamed(
                    raw.payload, source=raw.name, schema="schema" in layers, bom_refs=bom_refs, ai="ai" in layers
                )
                if streamed is not None and streamed.settled:
                    return Report.build(
                        source=raw.name, format="json", spec=streamed.spec.value, findings=streamed.findings
                    )
            try:
                parsed = parse(raw, copy_dict=False)
            except InvalidDocument as error:
                return _unreadable(raw.name, raw.format, error)
        report_format = parsed.format
    findings: list[Finding] = []
    if streamed is not None:  # only the integrity layer's faults are left to locate
        findings += streamed.findings
        layers = layers & {"integrity"}
    if "schema" in layers:
        if parsed.format == "xml":
            findings += check_xml(parsed.xml_tree, parsed.spec)
        else:
            findings += check_json(parsed.document, parsed.spec)
    semantic: list[Finding] = []
    if "integrity" in layers:
        semantic += check_integrity(parsed.document, parsed.spec, bom_refs=bom_refs)
    if "ai" in layers:
        semantic += check_ai_rules(parsed.document, parsed.spec)
    if parsed.format == "xml":
        semantic = [_at_xpath(finding, parsed) for finding in semantic]
    findings += semantic
    return Report.build(source=parsed.source, format=report_format, spec=parsed.spec.value, findings=findings)


def _layers(checks: object) -> frozenset[str]:
    """The layers ``checks`` names: one name, or a collection of them (``"all"`` is every layer)."""
    try:
        names = [checks] if isinstance(checks, str) else list(checks)  # type: ignore[call-overload]
    except TypeError:
        names = [checks]
    if not names or any(not isinstance(name, str) or name not in _CHECKS for name in names):
        raise InvalidArgument(
            f"unknown checks {checks!r}",
            expected=" or ".join(map(repr, _CHECKS)) + ", or a collection of " + ", ".join(map(repr, _LAYERS)),
        )
    return frozenset(_LAYERS) if "all" in names else frozenset(names)


def _at_xpath(finding: Finding, parsed: Parsed) -> Finding:
    location = xpath_for(parsed.document, finding.location, parsed.spec)
    return Finding(finding.code, finding.severity, location, finding.message)


def _unreadable(name: str, format: Literal["json", "xml", "dict", "bom"], error: InvalidDocument) -> Report:
    if isinstance(error, UnsupportedSpecVersion):
        code = "unsupported-spec-version"
    elif isinstance(error, UnsafeDocument):
        code = "unsafe-document"
    elif isinstance(error, NotCycloneDX):
        code = "not-cyclonedx"
    else:
        code = "malformed"
    message = error.message + (f" (expected {error.expected})" if error.expected else "")
    finding = Finding(code, Severity.ERROR, error.location or "", message)
    return Report.build(source=name, format=format, spec=None, findings=[finding])
