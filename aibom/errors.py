"""The exceptions aibom raises.

Every error derives from :class:`AibomError` and says *where* (the file and a
location inside it: a JSON pointer, an XPath or a line and column) and *what was
expected*, so a build script can print it and a person can fix the input.

>>> import aibom
>>> try:
...     aibom.load(b'{"bomFormat": "SPDX"}')
... except aibom.AibomError as error:
...     print(error.location, "|", error.expected)
/bomFormat | "CycloneDX"
"""

from __future__ import annotations

__all__ = [
    "AibomError",
    "InexpressibleContent",
    "InvalidArgument",
    "InvalidDocument",
    "NotCycloneDX",
    "OutputError",
    "UnsafeDocument",
    "UnsupportedSpecVersion",
]


class AibomError(Exception):
    """Base class of every exception raised by aibom.

    :param message: what went wrong, in a sentence.
    :param source: the file name, or ``<bytes>``, ``<str>``, ``<dict>``, ``<stdin>``.
    :param location: where inside the source: a JSON pointer (``/components/3/name``),
        an XPath (``/bom/components/component[4]``) or ``line L, column C``.
    :param expected: what would have been accepted there.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        location: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.location = location
        self.expected = expected
        super().__init__(message)

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.source, self.location) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.message, self.source, self.location, self.expected))


def _rebuild(
    cls: type[AibomError], message: str, source: str | None, location: str | None, expected: str | None
) -> AibomError:
    return cls(message, source=source, location=location, expected=expected)


class InvalidDocument(AibomError, ValueError):
    """The input is not a well-formed CycloneDX document (bad JSON or XML, wrong shape)."""


class NotCycloneDX(InvalidDocument):
    """Well-formed JSON or XML, but not a CycloneDX BOM (wrong ``bomFormat``, root element or namespace)."""


class UnsupportedSpecVersion(InvalidDocument):
    """The document declares a CycloneDX version aibom does not read (only 1.5, 1.6 and 1.7)."""


class UnsafeDocument(InvalidDocument):
    """The XML declares a DTD or entities, or the input exceeds a safety limit."""


class InvalidArgument(AibomError, ValueError):
    """A function was called with an argument it cannot use (an unknown format, a bad spec)."""


class InexpressibleContent(AibomError, ValueError):
    """Writing to the requested spec version or format would drop content.

    :attr:`findings` lists every field that cannot be expressed, each with its
    location, so nothing is lost silently.
    """

    def __init__(self, message: str, *, findings: tuple[object, ...] = (), **kwargs: str | None) -> None:
        super().__init__(message, **kwargs)
        self.findings = findings


def too_deep(operation: str, source: str | None = None) -> InvalidDocument:
    """The error for a document nested deeper than ``operation`` can follow (Python's recursion limit)."""
    return InvalidDocument(
        f"the document is nested too deeply to {operation}",
        source=source,
        location="",
        expected="nesting within Python's recursion limit (no CycloneDX BOM comes close)",
    )


class OutputError(AibomError, OSError):
    """Writing the output failed; the destination was left untouched."""
