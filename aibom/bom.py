"""The :class:`Bom`: one CycloneDX document, held losslessly in its JSON form."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Literal

from aibom.errors import InvalidArgument, InvalidDocument
from aibom.model import Component, Formula
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

    def components(self) -> Iterator[Component]:
        """Yield every component of the BOM as a typed :class:`~aibom.model.Component`, nested ones included.

        The typed objects are built on demand from :attr:`document` (a large BOM
        costs nothing until it is iterated); they are immutable snapshots: use
        :meth:`put_component` to change a component.

        >>> bom = Bom(spec="1.6")
        >>> bom.put_component(Component(type="library", name="numpy", bom_ref="numpy"))
        >>> [c.name for c in bom.components()]
        ['numpy']
        """
        for component, pointer in _walk_components(self._document):
            yield Component.from_json(component, source=self._source, pointer=pointer)

    def component(self, bom_ref: str) -> Component | None:
        """Return the component with this ``bom-ref`` (searching nested components too), or None."""
        for component, pointer in _walk_components(self._document):
            if component.get("bom-ref") == bom_ref:
                return Component.from_json(component, source=self._source, pointer=pointer)
        return None

    def put_component(self, component: Component) -> None:
        """Add ``component``, or replace the component that has the same ``bom-ref``, wherever it is nested.

        >>> from aibom.model import ModelCard, ModelParameters
        >>> bom = Bom(spec="1.6")
        >>> bom.put_component(Component(type="machine-learning-model", name="m", bom_ref="m"))
        >>> card = ModelCard(model_parameters=ModelParameters(task="classification"))
        >>> bom.put_component(bom.component("m").replace(model_card=card))
        >>> bom.document["components"][0]["modelCard"]
        {'modelParameters': {'task': 'classification'}}
        """
        if not isinstance(component, Component):
            raise InvalidArgument(
                f"expected a Component, got {type(component).__name__}", expected="aibom.model.Component"
            )
        data = component.to_json()
        if component.bom_ref is not None:
            for existing, _ in _walk_components(self._document):
                if existing.get("bom-ref") == component.bom_ref:
                    existing.clear()
                    existing.update(data)
                    return
        components = self._document.setdefault("components", [])
        if not isinstance(components, list):
            raise InvalidDocument(
                "components is not an array", source=self._source, location="/components", expected="an array"
            )
        components.append(data)

    @property
    def formulation(self) -> tuple[Formula, ...]:
        """The BOM's ``formulation`` as typed :class:`~aibom.model.Formula` objects (empty when absent)."""
        items = self._document.get("formulation") or []
        if not isinstance(items, list):
            raise InvalidDocument(
                "formulation is not an array", source=self._source, location="/formulation", expected="an array"
            )
        return tuple(
            Formula.from_json(item, source=self._source, pointer=f"/formulation/{index}")
            for index, item in enumerate(items)
        )

    def add_formula(self, formula: Formula) -> None:
        """Append a :class:`~aibom.model.Formula` (a training run, a build) to ``formulation``."""
        if not isinstance(formula, Formula):
            raise InvalidArgument(f"expected a Formula, got {type(formula).__name__}", expected="aibom.model.Formula")
        items = self._document.setdefault("formulation", [])
        if not isinstance(items, list):
            raise InvalidDocument(
                "formulation is not an array", source=self._source, location="/formulation", expected="an array"
            )
        items.append(formula.to_json())

    def copy(self) -> Bom:
        """Return an independent deep copy."""
        twin = Bom._adopt(
            copy.deepcopy(self._document),
            source=self._source,
            source_format=self._source_format,
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


def _walk_components(document: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Yield each component dict of ``components`` with its JSON pointer: a list, then the lists nested in it."""
    stack: list[tuple[Any, str]] = [(document.get("components"), "/components")]
    while stack:
        components, pointer = stack.pop()
        if not isinstance(components, list):
            continue
        for index in range(len(components) - 1, -1, -1):
            component = components[index]
            if isinstance(component, dict):
                stack.append((component.get("components"), f"{pointer}/{index}/components"))
        for index, component in enumerate(components):
            if isinstance(component, dict):
                yield component, f"{pointer}/{index}"
