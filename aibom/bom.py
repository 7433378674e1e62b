"""The :class:`Bom`: one CycloneDX document, held losslessly in its JSON form."""

from __future__ import annotations

import copy
from typing import Any, Literal

from aibom.spec import SpecVersion

__all__ = ["Bom"]

Format = Literal["json", "xml"]


class Bom:
    """A CycloneDX BOM (1.5, 1.6 or 1.7).

    The document is kept exactly as CycloneDX JSON spells it, so every field
    survives a read and a write, including fields aibom has no type for.
    :attr:`document` is that dict; aibom's typed views read from it.

    >>> bom = Bom(spec="1.6")
    >>> bom.spec, bom.document["bomFormat"]
    (<SpecVersion.V1_6: '1.6'>, 'CycloneDX')
    >>> bom == Bom(spec="1.6")
    True
    """

    __slots__ = ("_document", "_source", "_source_format", "_xml_only")

    def __init__(self, document: dict[str, Any] | None = None, *, spec: SpecVersion | str = SpecVersion.V1_6) -> None:
        if document is None:
            version = SpecVersion.parse(spec)
            document = {"bomFormat": "CycloneDX", "specVersion": version.value, "version": 1}
        self._document = document
        self._source: str | None = None
        self._source_format: Format | None = None
        self._xml_only = False

    @classmethod
    def _adopt(
        cls, document: dict[str, Any], *, source: str | None, source_format: Format | None, xml_only: bool = False
    ) -> Bom:
        bom = cls(document)
        bom._source = source
        bom._source_format = source_format
        bom._xml_only = xml_only
        return bom

    @property
    def document(self) -> dict[str, Any]:
        """The CycloneDX document as a JSON-shaped dict (live: changes to it change the BOM)."""
        return self._document

    @property
    def spec(self) -> SpecVersion:
        """The CycloneDX version the document declares in ``specVersion``."""
        return SpecVersion.parse(self._document.get("specVersion", ""), location="/specVersion")

    @property
    def source(self) -> str | None:
        """Where the BOM was read from (a path, ``<bytes>``, ``<str>``, ``<dict>``), or None if built in Python."""
        return self._source

    @property
    def source_format(self) -> Format | None:
        """``"json"`` or ``"xml"`` for a BOM read from text, else None."""
        return self._source_format

    @property
    def has_xml_only_content(self) -> bool:
        """True when the BOM came from XML and carries content JSON cannot express (extensions, XML signatures)."""
        return self._xml_only

    def copy(self) -> Bom:
        """Return an independent deep copy."""
        twin = Bom._adopt(
            copy.deepcopy(self._document), source=self._source, source_format=self._source_format,
            xml_only=self._xml_only,
        )
        return twin

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Bom):
            return NotImplemented
        return self._document == other._document

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        components = self._document.get("components")
        count = len(components) if isinstance(components, list) else 0
        return f"<Bom CycloneDX {self._document.get('specVersion')} with {count} top-level components>"
