"""Merge policies: which input's value a conflict takes.

>>> Policy.parse("prefer-newest")
<Policy.PREFER_NEWEST: 'prefer-newest'>
>>> newest_first([(0, "1.10"), (1, "1.9")], timestamps=[None, None])
[0, 1]
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from packaging.version import InvalidVersion, Version

from aibom.errors import InvalidArgument

__all__ = ["Policy", "newest_first", "parse_timestamp"]


def __dir__() -> list[str]:
    return __all__


class Policy(enum.Enum):
    """How a true conflict is resolved.

    ``FAIL`` raises :class:`~aibom.merge.MergeConflict` listing every conflict; ``PREFER_FIRST`` and
    ``PREFER_LAST`` take the value of the first or last input that has one; ``PREFER_NEWEST`` takes the value of
    the input whose element has the highest version (PEP 440, where every version parses), else of the BOM with
    the latest ``metadata.timestamp``, else of the last input; ``KEEP_BOTH`` keeps both components (or services),
    the second under a new ``bom-ref``, and elsewhere takes the first input's value.
    """

    FAIL = "fail"
    PREFER_FIRST = "prefer-first"
    PREFER_LAST = "prefer-last"
    PREFER_NEWEST = "prefer-newest"
    KEEP_BOTH = "keep-both"

    @classmethod
    def parse(cls, value: Policy | str) -> Policy:
        """Return the policy named by ``value``.

        >>> Policy.parse("keep-both") is Policy.KEEP_BOTH
        True
        """
        if isinstance(value, Policy):
            return value
        try:
            return cls(value)
        except ValueError:
            raise InvalidArgument(
                f"unknown merge policy {value!r}", expected="one of " + ", ".join(repr(p.value) for p in cls)
            ) from None


def parse_timestamp(value: Any) -> datetime | None:
    """Read an ISO 8601 ``metadata.timestamp``; None when it is absent or unreadable (naive times are UTC).

    >>> parse_timestamp("2026-01-02T03:04:05Z").isoformat()
    '2026-01-02T03:04:05+00:00'
    >>> parse_timestamp("yesterday") is None
    True
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def newest_first(versions: Sequence[tuple[int, Any]], timestamps: Sequence[datetime | None]) -> list[int]:
    """Order inputs newest first: ``versions`` are ``(input, version)`` pairs for the candidates.

    When every candidate's version is a distinct-enough PEP 440 version, the highest wins; otherwise (or among
    equal versions) the input whose BOM has the latest ``metadata.timestamp``; among inputs that tie, the later
    input.

    >>> newest_first([(0, "2.0"), (1, "1.0")], timestamps=[None, None])
    [0, 1]
    >>> newest_first([(0, "main"), (1, "dev")], timestamps=[parse_timestamp("2026-01-02T00:00:00Z"),
    ...                                                     parse_timestamp("2026-01-01T00:00:00Z")])
    [0, 1]
    """
    parsed: dict[int, Version] = {}
    for source, version in versions:
        if isinstance(version, str):
            try:
                parsed[source] = Version(version)
            except InvalidVersion:
                pass
    use_versions = len(parsed) == len(versions)
    floor = datetime.min.replace(tzinfo=UTC)

    def key(entry: tuple[int, Any]) -> tuple[Any, ...]:
        source = entry[0]
        moment = timestamps[source] if source < len(timestamps) else None
        by_version = (parsed[source],) if use_versions else ()
        return (*by_version, moment or floor, source)

    return [source for source, _ in sorted(versions, key=key, reverse=True)]
