"""Walking every component of a BOM that concepts may be read from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from aibom.bom import Bom
from aibom.errors import InvalidDocument
from aibom.model import Component

__all__ = ["Place", "walk_components"]

Place = Literal["metadata", "components", "formulation"]


def walk_components(bom: Bom, *, partitions: bool = False) -> Iterator[tuple[Component, Place]]:
    """Yield each component with where it is, in document order, parents before their nested components:
    ``metadata.component``, then ``components``, then each ``formulation[].components``.

    A component with a value of the wrong JSON type (which :func:`aibom.load` keeps) is skipped.
    The ``device`` components nested in a ``device`` are its partitions (MIG instances): they are
    yielded only with ``partitions=True``. Components in ``pedigree`` (ancestors, descendants, variants) are not yielded: they are lineage.
    """
    document = bom.document
    metadata = document.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("component"), dict):
        yield from _walk([metadata["component"]], "/metadata/component", "metadata", bom.source, partitions,
                         single=True)
    yield from _walk(document.get("components"), "/components", "components", bom.source, partitions)
    formulation = document.get("formulation")
    if isinstance(formulation, list):
        for index, formula in enumerate(formulation):
            if isinstance(formula, dict):
                yield from _walk(formula.get("components"), f"/formulation/{index}/components", "formulation",
                                 bom.source, partitions)


def _walk(items: Any, pointer: str, place: Place, source: str | None, partitions: bool, *,
          single: bool = False) -> Iterator[tuple[Component, Place]]:
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        here = pointer if single else f"{pointer}/{index}"
        try:
            component = Component.from_json(item, source=source, pointer=here)
        except InvalidDocument:  # a value of the wrong JSON type: skip this component, not its children
            pass
        else:
            yield component, place
        children = item.get("components")
        if item.get("type") == "device" and not partitions and isinstance(children, list):
            children = [child for child in children if not (isinstance(child, dict) and child.get("type") == "device")]
        yield from _walk(children, f"{here}/components", place, source, partitions)
