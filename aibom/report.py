"""Validation findings and the report that collects them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Finding", "Report", "Severity"]


class Severity(enum.Enum):
    """How much a finding matters: an ``error`` makes the report fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found.

    :param code: stable identifier of the rule (``schema``, ``duplicate-bom-ref``, ...);
        the catalogue is in ``docs/validation.md``.
    :param severity: :class:`Severity`.
    :param location: JSON pointer (JSON documents) or XPath (XML documents) of the offending value.
    :param message: a sentence a person can act on.

    >>> Finding("dangling-reference", Severity.ERROR, "/dependencies/0/ref", "x is not a bom-ref").to_dict()["severity"]
    'error'
    """

    code: str
    severity: Severity
    location: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """Return the finding as plain JSON-ready data."""
        return {"code": self.code, "severity": self.severity.value, "location": self.location, "message": self.message}

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.location or '/'}: {self.message} [{self.code}]"


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of :func:`aibom.validate` for one document.

    >>> import aibom
    >>> report = aibom.validate({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1})
    >>> report.ok, report.findings
    (True, ())
    """

    source: str | None
    format: Literal["json", "xml", "dict", "bom"]
    spec: str | None
    findings: tuple[Finding, ...]

    @classmethod
    def build(
        cls,
        *,
        source: str | None,
        format: Literal["json", "xml", "dict", "bom"],
        spec: str | None,
        findings: Iterable[Finding],
    ) -> Report:
        """Collect findings in a stable order: by location, then code, then message."""
        ordered = tuple(sorted(findings, key=_order))
        return cls(source=source, format=format, spec=spec, findings=ordered)

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``error``."""
        return not any(finding.severity is Severity.ERROR for finding in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(finding for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(finding for finding in self.findings if finding.severity is Severity.WARNING)

    def codes(self) -> set[str]:
        """The distinct finding codes, handy in tests and CI gates."""
        return {finding.code for finding in self.findings}

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (what ``aibom validate --format json`` prints)."""
        return {
            "source": self.source,
            "format": self.format,
            "specVersion": self.spec,
            "ok": self.ok,
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_text(self) -> str:
        """Return a readable summary, one line per finding."""
        name = self.source or "<bom>"
        verdict = "valid" if self.ok else "INVALID"
        head = f"{name}: {verdict} (CycloneDX {self.spec or '?'} {self.format}, {len(self.findings)} finding(s))"
        return "\n".join([head, *(f"  {finding}" for finding in self.findings)])


def _order(finding: Finding) -> tuple[str, str, str]:
    return (finding.location, finding.code, finding.message)
