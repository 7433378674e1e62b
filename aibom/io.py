"""Reading and writing BOMs: :func:`load`, :func:`dumps`, :func:`dump` and :func:`inexpressible`."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from typing import IO, Any, Literal

from aibom._parse import parse
from aibom._pointer import pointer
from aibom._source import SourceLike, reading
from aibom.bom import Bom
from aibom.codec.json import encode_json
from aibom.codec.xml import document_to_xml
from aibom.convert import convert_document
from aibom.errors import InexpressibleContent, InvalidArgument, InvalidDocument, OutputError
from aibom.report import Finding, Severity
from aibom.spec import SpecVersion

__all__ = ["InexpressibleWarning", "dump", "dumps", "inexpressible", "load"]

Format = Literal["json", "xml"]
OnLoss = Literal["error", "warn"]
_XML_ONLY_PREFIX = "@xml:"


class InexpressibleWarning(UserWarning):
    """Issued by ``dumps(..., on_loss="warn")`` for each field the output cannot express."""


def load(source: SourceLike | Bom) -> Bom:
    """Read a CycloneDX 1.5–1.7 BOM from JSON or XML.

    ``source`` is a path, a ``str`` holding the document, ``bytes``, a binary
    file, or a dict in CycloneDX JSON form (copied, never modified). The format
    and version are detected. A well-formed document that breaks its schema
    still loads with all its content (use :func:`aibom.validate` to see what is
    wrong); one that is not a CycloneDX document raises
    :class:`~aibom.errors.InvalidDocument` naming the file and the location.

    >>> bom = load('{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}')
    >>> bom.spec.value
    '1.6'
    """
    if isinstance(source, Bom):
        return source.copy()
    with reading(source) as raw:
        parsed = parse(raw)
    return Bom._adopt(
        parsed.document,
        source=parsed.source,
        source_format="xml" if parsed.format == "xml" else ("json" if parsed.format == "json" else None),
        xml_only=parsed.xml_only,
    )


def dumps(
    bom: Bom, format: Format = "json", spec: SpecVersion | str | None = None, *, on_loss: OnLoss = "error"
) -> str:
    """Serialize ``bom`` as CycloneDX JSON or XML of version ``spec`` (default: the BOM's own).

    Output is deterministic: the same BOM always gives the same text. When the
    target cannot express a field (a 1.6 field written as 1.5, a JSON signature
    written as XML), ``on_loss="error"`` raises
    :class:`~aibom.errors.InexpressibleContent` listing every such field and
    ``on_loss="warn"`` leaves them out with one :class:`InexpressibleWarning`
    each. :func:`inexpressible` lists them without writing.

    >>> bom = load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1})
    >>> print(dumps(bom, format="xml").splitlines()[1])
    <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"/>
    """
    data, findings = _encode(bom, format, spec)
    _handle_loss(bom, findings, on_loss)
    return data.decode("utf-8")


def dump(
    bom: Bom,
    destination: str | os.PathLike[str] | IO[bytes],
    format: Format | None = None,
    spec: SpecVersion | str | None = None,
    *,
    on_loss: OnLoss = "error",
) -> None:
    """Write ``bom`` to a path (atomically: a temporary file renamed into place) or a binary stream.

    ``format`` defaults to ``"xml"`` for a ``.xml`` path and ``"json"`` otherwise.
    Nothing is written when an error is raised.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "bom.xml"
    >>> dump(load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}), target)
    >>> target.read_text().startswith("<?xml")
    True
    """
    if format is None:
        suffix = Path(os.fspath(destination)).suffix.lower() if isinstance(destination, (str, os.PathLike)) else ""
        format = "xml" if suffix == ".xml" else "json"
    data, findings = _encode(bom, format, spec)
    _handle_loss(bom, findings, on_loss)
    if isinstance(destination, (str, os.PathLike)):
        write_atomically(Path(os.fspath(destination)), data)
    else:
        destination.write(data)


def inexpressible(bom: Bom, format: Format = "json", spec: SpecVersion | str | None = None) -> tuple[Finding, ...]:
    """List the fields that writing ``bom`` as ``format``/``spec`` would leave out.

    >>> bom = load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...             "components": [{"type": "library", "name": "x", "tags": ["ai"]}]})
    >>> [finding.location for finding in inexpressible(bom, spec="1.5")]
    ['/components/0/tags']
    """
    return tuple(_encode(bom, format, spec)[1])


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and an atomic rename."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"cannot create a file in {directory}: {error.strerror}", source=str(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write the file: {error.strerror}", source=str(path)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _encode(bom: Bom, format: str, spec: SpecVersion | str | None) -> tuple[bytes, list[Finding]]:
    if not isinstance(bom, Bom):
        raise InvalidArgument(f"expected a Bom, got {type(bom).__name__}", expected="an aibom.Bom (see aibom.load)")
    if format not in ("json", "xml"):
        raise InvalidArgument(f"unknown format {format!r}", expected='"json" or "xml"')
    target = SpecVersion.parse(spec) if spec is not None else bom.spec
    document = bom.document
    findings: list[Finding] = []
    if target is not bom.spec:
        document, findings = convert_document(document, bom.spec, target)
    if format == "json":
        if bom.has_xml_only_content:
            document = _without_xml_only(document, [], findings)
        try:
            return encode_json(document), findings
        except TypeError as error:  # what orjson and the standard library cannot write: deep nesting, non-JSON data
            raise InvalidDocument(
                f"the document cannot be written as JSON: {error}",
                source=bom.source,
                location="",
                expected="JSON data (dict, list, str, int, float, bool, None) nested at most about 1,000 levels",
            ) from None

    def report(location: str, reason: str) -> None:
        findings.append(Finding("inexpressible", Severity.WARNING, location, reason))

    return document_to_xml(document, target, report=report), findings


def _handle_loss(bom: Bom, findings: list[Finding], on_loss: str) -> None:
    if not findings:
        return
    if on_loss == "warn":
        for finding in findings:
            warnings.warn(f"{finding.location}: {finding.message}", InexpressibleWarning, stacklevel=3)
        return
    if on_loss != "error":
        raise InvalidArgument(f"unknown on_loss {on_loss!r}", expected='"error" or "warn"')
    listed = "; ".join(f"{finding.location}: {finding.message}" for finding in findings[:5])
    more = f" and {len(findings) - 5} more" if len(findings) > 5 else ""
    raise InexpressibleContent(
        f"{len(findings)} field(s) cannot be expressed: {listed}{more}",
        findings=tuple(findings),
        source=bom.source,
        location=findings[0].location,
        expected='a target that can express them, or on_loss="warn" to leave them out',
    )


def _without_xml_only(value: Any, path: list[str | int], findings: list[Finding]) -> Any:
    if isinstance(value, dict):
        kept = {}
        for key, child in value.items():
            if key.startswith(_XML_ONLY_PREFIX):
                findings.append(
                    Finding(
                        "inexpressible", Severity.WARNING, pointer(path + [key]), "XML-only content has no JSON form"
                    )
                )
            else:
                kept[key] = _without_xml_only(child, path + [key], findings)
        return kept
    if isinstance(value, list):
        return [_without_xml_only(child, path + [index], findings) for index, child in enumerate(value)]
    return value
