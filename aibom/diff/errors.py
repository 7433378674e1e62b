"""The error a delta raises when it does not fit the document it is applied to.

>>> from aibom.errors import AibomError
>>> error = DeltaConflict("the delta does not apply: found '1.1'", location="/components/0/version",
...                       expected="'1.0'", found="'1.1'")
>>> isinstance(error, AibomError), error.location, error.found
(True, '/components/0/version', "'1.1'")
>>> str(error)
"/components/0/version: the delta does not apply: found '1.1' (expected '1.0')"
"""

from __future__ import annotations

from aibom.errors import AibomError

__all__ = ["DeltaConflict"]


def __dir__() -> list[str]:
    return __all__


class DeltaConflict(AibomError, ValueError):
    """A delta does not fit the document it is applied to.

    :attr:`location` is the JSON pointer (in that document) where it does not fit,
    :attr:`expected` the value the delta expected to find there (JSON) and
    :attr:`found` what is there (JSON, or a description such as ``nothing``).
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        location: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        super().__init__(message, source=source, location=location, expected=expected)
        self.found = found

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.message, self.source, self.location, self.expected, self.found))


def _rebuild(
    message: str, source: str | None, location: str | None, expected: str | None, found: str | None
) -> DeltaConflict:
    return DeltaConflict(message, source=source, location=location, expected=expected, found=found)
