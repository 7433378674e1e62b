"""RFC 6901 JSON pointers: building them from path tokens and reading them back."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["pointer", "split_pointer"]


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(tokens: Iterable[str | int]) -> str:
    """Return the JSON pointer of a path.

    >>> pointer(["components", 0, "bom-ref"])
    '/components/0/bom-ref'
    >>> pointer(["properties", "a/b~c"])
    '/properties/a~1b~0c'
    >>> pointer([])
    ''
    """
    parts = list(map(str, tokens))
    if not parts:
        return ""
    text = "/" + "/".join(parts)
    if "~" in text or text.count("/") != len(parts):  # a token to escape (rare: most are names and indexes)
        text = "".join("/" + _escape(part) for part in parts)
    return text


def split_pointer(text: str) -> list[str]:
    """Return the unescaped tokens of a JSON pointer.

    >>> split_pointer("/a~1b/0")
    ['a/b', '0']
    """
    if not text:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in text[1:].split("/")]
