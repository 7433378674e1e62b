"""Layer 2: what the schema cannot say — unique bom-refs, references that resolve, fields on the right component type.

One pass over the document, guided by the schema's shape, visits only the
parts where a ``bom-ref`` or a reference can occur, so the cost stays a small
fraction of parsing even at 100,000 components.
"""

from __future__ import annotations

from typing import Any

from aibom._pointer import pointer
from aibom._shape import Shape, document_shape
from aibom.spec import SpecVersion
from aibom.report import Finding, Severity

__all__ = ["check_integrity"]

_BOM_LINK_PREFIX = "urn:cdx:"
_Link = tuple[Any, str | int] | None


def check_integrity(document: Any, spec: SpecVersion) -> list[Finding]:
    """Return the layer-2 findings for a JSON-shaped document."""
    if not isinstance(document, dict):
        return []
    findings: list[Finding] = []
    defined: dict[str, _Link] = {}
    references: list[tuple[str, _Link]] = []
    stack: list[tuple[Any, Shape, _Link]] = [(document, document_shape(spec), None)]
    pop = stack.pop
    push = stack.append
    while stack:
        value, shape, link = pop()
        if type(value) is dict:
            if shape.definition == "component":
                _check_component(value, link, findings)
            bom_ref = value.get("bom-ref")
            if type(bom_ref) is str and "bom-ref" in shape.properties:
                first = defined.setdefault(bom_ref, link)
                if first is not link:
                    findings.append(_duplicate(bom_ref, link, first))
            properties = shape.properties
            for key, child in value.items():
                sub = properties.get(key)
                if sub is None or not sub.holds_references or key == "bom-ref":
                    continue
                if sub.is_reference:
                    if type(child) is str:
                        references.append((child, (link, key)))
                else:
                    push((child, sub, (link, key)))
        elif type(value) is list:
            items = shape.items
            if items is None or not items.holds_references:
                continue
            if items.is_reference:
                references.extend((child, (link, index)) for index, child in enumerate(value) if type(child) is str)
            else:
                stack.extend((child, items, (link, index)) for index, child in enumerate(value))
    for target, link in references:
        if target not in defined and not target.startswith(_BOM_LINK_PREFIX):
            findings.append(
                Finding(
                    "dangling-reference",
                    Severity.ERROR,
                    _pointer_of(link),
                    f"reference {target!r} does not match any bom-ref in the BOM",
                )
            )
    return findings


def _check_component(component: dict[str, Any], link: _Link, findings: list[Finding]) -> None:
    kind = component.get("type")
    if "modelCard" in component and kind != "machine-learning-model":
        findings.append(
            Finding(
                "model-card-on-non-model",
                Severity.ERROR,
                _pointer_of((link, "modelCard")),
                f"modelCard is only allowed on a component of type 'machine-learning-model', not {kind!r}",
            )
        )
    if "data" in component and kind != "data":
        findings.append(
            Finding(
                "data-on-non-data",
                Severity.ERROR,
                _pointer_of((link, "data")),
                f"data is only allowed on a component of type 'data', not {kind!r}",
            )
        )
    if "versionRange" in component and component.get("isExternal") is not True:
        findings.append(
            Finding(
                "version-range-on-internal-component",
                Severity.ERROR,
                _pointer_of((link, "versionRange")),
                "versionRange is only allowed on an external component (isExternal: true)",
            )
        )


def _duplicate(bom_ref: str, link: _Link, first: _Link) -> Finding:
    return Finding(
        "duplicate-bom-ref",
        Severity.ERROR,
        _pointer_of((link, "bom-ref")),
        f"bom-ref {bom_ref!r} is already used at {_pointer_of((first, 'bom-ref'))}",
    )


def _pointer_of(link: _Link) -> str:
    tokens: list[str | int] = []
    while link is not None:
        link, token = link
        tokens.append(token)
    return pointer(reversed(tokens))
