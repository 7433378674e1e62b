"""The text of CycloneDX property values, read the one way that the AI concepts and the AI rules share."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = ["PARAMETER_SCALE", "number_text", "parse_parameter_count", "split_keywords"]

_PARAMETER_COUNT: Final = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([kKmMbBtT]?)")
PARAMETER_SCALE: Final = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
"""What each parameter-count suffix multiplies by."""


def parse_parameter_count(text: str) -> int:
    """Read a parameter count: digits, or a decimal followed by K, M, B or T.

    >>> parse_parameter_count("7B"), parse_parameter_count("1.5M"), parse_parameter_count("6738415616")
    (7000000000, 1500000, 6738415616)
    """
    match = _PARAMETER_COUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a parameter count (digits, or a number followed by M, B or T)")
    try:
        amount = Decimal(match.group(1)) * PARAMETER_SCALE[match.group(2).upper()]
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"{text!r} is not a parameter count") from error
    if amount != amount.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number of parameters")
    return int(amount)


def split_keywords(text: str) -> tuple[str, ...]:
    """Read a comma-separated list of keywords (each stripped; none may be empty).

    >>> split_keywords("text, code")
    ('text', 'code')
    """
    items = tuple(item.strip() for item in text.split(","))
    if any(not item for item in items):
        raise ValueError(f"{text!r} is not a comma-separated list of keywords")
    return items


def number_text(value: float) -> str:
    """A bound as a reader writes it: ``1`` for 1.0, else the float's shortest form.

    >>> number_text(1.0), number_text(0.25)
    ('1', '0.25')
    """
    return str(int(value)) if float(value).is_integer() else repr(value)
