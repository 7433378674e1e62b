"""How each part of an ML-BOM is compared, and what kind of change a difference in it is.

A change is classified by *where* it is: the walk through the two documents
carries a :class:`Scope` (which part of the BOM this is, the kind of a change
here, the enclosing component), and :func:`child_scope` / :func:`item_scope`
say what the next level down is. Arrays are compared by the key
:func:`array_spec` gives them (properties by name, metrics by type and slice,
hashes by algorithm, dependencies by the component they name, ...), never by
position; only the arrays whose order means something (a lineage chain of
ancestors, workflow steps, commands) report a reordering as a change.

>>> property_kind("aibom:quantization:method"), property_kind("cdx:ai-ml:model:hyperparameter:quantization")
('quantization', 'quantization')
>>> property_kind("cdx:ai-ml:hyperparameter:learning_rate"), property_kind("syft:package:foundBy") is None
('hyperparameter', True)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from aibom.identity import component_label, service_label

__all__ = [
    "AI_KINDS",
    "KINDS",
    "PROPERTY_KINDS",
    "ROOT",
    "ArraySpec",
    "Scope",
    "array_spec",
    "child_scope",
    "component_kinds",
    "component_scope",
    "item_scope",
    "property_kind",
]


def __dir__() -> list[str]:
    return __all__


KINDS: Final = (
    "model",
    "lineage",
    "quantization",
    "pruning",
    "distillation",
    "model-card",
    "metric",
    "hyperparameter",
    "dataset",
    "hardware",
    "serving",
    "framework",
    "component",
    "dependency",
    "other",
)
"""Every kind of change, in the order a summary lists them (the AI kinds first)."""

AI_KINDS: Final = KINDS[:11]
"""The kinds that speak about the AI parts of a BOM (everything before ``framework``)."""

PROPERTY_KINDS: Final[tuple[tuple[str, str], ...]] = (
    ("cdx:ai-ml:model:hyperparameter:quantization", "quantization"),
    ("aibom:quantization:", "quantization"),
    ("aibom:pruning:", "pruning"),
    ("aibom:distillation:", "distillation"),
    ("aibom:lineage:", "lineage"),
    ("aibom:finetune:", "lineage"),
    ("aibom:adapter:", "lineage"),
    ("cdx:ai-ml:model:parameter:tune_method", "lineage"),
    ("cdx:ai-ml:model:parameter:count", "model"),
    ("aibom:training:hyperparameter:", "hyperparameter"),
    ("cdx:ai-ml:model:hyperparameter:", "hyperparameter"),
    ("cdx:ai-ml:hyperparameter:", "hyperparameter"),
    ("aibom:hardware:", "hardware"),
    ("cdx:device:", "hardware"),
    ("aibom:serving:", "serving"),
    ("aibom:dataset:", "dataset"),
    ("aibom:model:evaluation_dataset", "dataset"),
    ("aibom:framework:", "framework"),
)
"""Property-name prefixes and the kind of change a property under them is (first match wins).

The ``aibom:*`` names are those of ``schemas/aibom-taxonomy.json``; a property no prefix names takes
the kind of where it is (a device's properties are ``hardware``, a model card's ``model-card``, ...)."""


def property_kind(name: object) -> str | None:
    """The kind of change a property with this name is, or None when its name says nothing."""
    if not isinstance(name, str):
        return None
    for prefix, kind in PROPERTY_KINDS:
        if name.startswith(prefix):
            return kind
    return None


def component_kinds(ctype: object, parent_type: str = "") -> tuple[str, str]:
    """``(identity kind, default kind)`` of a component type.

    The identity kind is the kind of a change to the component's identity and
    version fields (``version``, ``hashes``, ``purl``, ``name``, ``bom-ref``) and of
    adding or removing it; the default kind is that of its other fields.

    >>> component_kinds("machine-learning-model"), component_kinds("library"), component_kinds("file", "machine-learning-model")
    (('model', 'component'), ('framework', 'component'), ('model', 'component'))
    """
    if ctype == "machine-learning-model":
        return ("model", "component")
    if ctype == "data":
        return ("dataset", "dataset")
    if ctype in ("device", "platform"):
        return ("hardware", "hardware")
    if ctype in ("library", "framework"):
        return ("framework", "component")
    if ctype == "file" and parent_type == "machine-learning-model":
        return ("model", "component")
    return ("component", "component")


class Scope(NamedTuple):
    """Where the comparison is: the grammar state, the kind of a change here, the enclosing component.

    ``where`` is the readable path from the enclosing component (or the document)
    down to here, e.g. ``("modelCard", "properties[aibom:quantization:method]", "value")``.
    (A named tuple: the walk makes one per level it descends into, so it has to be cheap.)
    """

    state: str
    kind: str
    label: str | None = None
    ctype: str = ""
    identity_kind: str = "component"
    default_kind: str = "component"
    where: tuple[str, ...] = ()

    @property
    def subject(self) -> str | None:
        """``where`` as text, or None at the component (or document) itself.

        >>> Scope("any", "model-card", where=("modelCard", "modelParameters", "task")).subject
        'modelCard.modelParameters.task'
        """
        return ".".join(self.where) if self.where else None


ROOT: Final = Scope("document", "other")

# Kind markers in the grammar: "@id" / "@default" are the enclosing component's identity / default kind,
# "@inherit" the kind of the parent scope.
_ID, _DEFAULT, _INHERIT = "@id", "@default", "@inherit"
_IDENTITY_FIELDS = ("version", "purl", "name", "group", "bom-ref", "type", "cpe", "swid", "omniborId", "swhid")

_CHILDREN: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = {
    "document": {
        "metadata": ("metadata", "other"),
        "components": ("components", "component"),
        "services": ("services", "component"),
        "dependencies": ("dependencies", "dependency"),
        "formulation": ("formulation", "other"),
        "properties": ("properties", "other"),
    },
    "metadata": {
        "component": ("component-slot", "other"),
        "properties": ("properties", "other"),
        "tools": ("tools", "other"),
        "lifecycles": ("lifecycles", "other"),
    },
    "tools": {"components": ("tool-components", "other"), "services": ("tool-services", "other")},
    "component": {
        "modelCard": ("model-card", "model-card"),
        "pedigree": ("pedigree", "lineage"),
        "data": ("data", "dataset"),
        "properties": ("properties", _DEFAULT),
        "components": ("components", "component"),
        "hashes": ("hashes", _ID),
        "licenses": ("licenses", _DEFAULT),
        "externalReferences": ("external-references", _DEFAULT),
        **{field: ("any", _ID) for field in _IDENTITY_FIELDS},
    },
    "service": {
        "properties": ("properties", _INHERIT),
        "services": ("services", _INHERIT),
        "externalReferences": ("external-references", _INHERIT),
        "licenses": ("licenses", _INHERIT),
    },
    "model-card": {
        "modelParameters": ("model-parameters", "model-card"),
        "quantitativeAnalysis": ("quantitative-analysis", "model-card"),
        "properties": ("properties", "model-card"),
    },
    "model-parameters": {
        "datasets": ("datasets", "dataset"),
        "inputs": ("io", "model-card"),
        "outputs": ("io", "model-card"),
    },
    "quantitative-analysis": {"performanceMetrics": ("metrics", "metric")},
    "pedigree": {
        "ancestors": ("ancestors", "lineage"),
        "descendants": ("lineage-components", "lineage"),
        "variants": ("lineage-components", "lineage"),
        "commits": ("commits", "lineage"),
    },
    "formula": {
        "components": ("local-components", "other"),
        "services": ("services", "other"),
        "workflows": ("workflows", "other"),
        "properties": ("properties", "other"),
    },
    "workflow": {
        "tasks": ("workflows", _INHERIT),
        "steps": ("steps", _INHERIT),
        "inputs": ("inputs", _INHERIT),
        "outputs": ("inputs", _INHERIT),
        "trigger": ("workflow", _INHERIT),
        "properties": ("properties", _INHERIT),
        "runtimeTopology": ("dependencies", "hardware"),
        "taskDependencies": ("dependencies", _INHERIT),
        "resourceReferences": ("resource-references", _INHERIT),
    },
    "step": {"commands": ("commands", _INHERIT), "properties": ("properties", _INHERIT)},
    "input": {
        "parameters": ("parameters", "hyperparameter"),
        "properties": ("properties", _INHERIT),
        "environmentVars": ("environment-vars", _INHERIT),
    },
    "dependency": {"dependsOn": ("references", _INHERIT), "provides": ("references", _INHERIT)},
    "property": {"value": ("number?", _INHERIT)},
    "metric": {"value": ("number", _INHERIT)},
    "parameter": {"value": ("number", _INHERIT)},
    "pedigree-component": {"pedigree": ("pedigree", _INHERIT), "components": ("lineage-components", _INHERIT)},
}
_DEFAULT_CHILD: Final[Mapping[str, tuple[str, str]]] = {
    "document": ("any", "other"),
    "component": ("any", _DEFAULT),
}


def _resolve(marker: str, scope: Scope) -> str:
    if marker == _ID:
        return scope.identity_kind
    if marker == _DEFAULT:
        return scope.default_kind
    if marker == _INHERIT:
        return scope.kind
    return marker


def child_scope(scope: Scope, key: str) -> Scope:
    """The scope of the value under ``key`` of the object at ``scope``.

    >>> model = item_scope(child_scope(ROOT, "components"), {"type": "machine-learning-model", "bom-ref": "m"}, "m")
    >>> card = child_scope(child_scope(model, "modelCard"), "modelParameters")
    >>> task = child_scope(card, "task")
    >>> task.kind, task.label, task.subject
    ('model-card', 'm', 'modelCard.modelParameters.task')
    >>> child_scope(model, "version").kind
    'model'
    """
    children = _CHILDREN.get(scope.state)
    entry = children.get(key) if children is not None else None
    if entry is None:
        entry = _DEFAULT_CHILD.get(scope.state, ("any", _INHERIT))
    state, marker = entry
    kind = _resolve(marker, scope)
    if state == "number?":
        state = "number" if kind == "hyperparameter" else "any"
    return Scope(state, kind, scope.label, scope.ctype, scope.identity_kind, scope.default_kind, (*scope.where, key))


@dataclass(frozen=True, slots=True)
class ArraySpec:
    """How an array is compared.

    ``identity`` is ``"components"`` or ``"services"`` for arrays matched by
    :mod:`aibom.identity`, else ``""`` and ``key`` gives each item's key
    (``key(item, translate)``; ``translate`` maps an old ``bom-ref`` to its new
    one, so references follow renamed components). ``ordered`` arrays report a
    reordering as a change. ``item`` is the grammar state of the items.

    ``field`` names the one string field the key comes from (``"="``: the items are
    the strings), and ``translated`` says whether it is a reference to translate:
    when every item has a string there, the keys of a large array are computed in
    bulk (they pair the items exactly as ``key`` does).
    """

    item: str
    key: Callable[[Any, Callable[[str], str]], Hashable]
    ordered: bool = False
    identity: str = ""
    field: str = ""
    translated: bool = False


def _s(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _default_key(item: Any, translate: Callable[[str], str]) -> Hashable:
    if isinstance(item, dict):
        ref = _s(item.get("bom-ref"))
        return ("bom-ref", ref) if ref else None
    if isinstance(item, list):
        return None
    return ("=", item)


def _field_key(*fields: str) -> Callable[[Any, Callable[[str], str]], Hashable]:
    def key(item: Any, translate: Callable[[str], str]) -> Hashable:
        if not isinstance(item, dict):
            return _default_key(item, translate)
        values = tuple(_s(item.get(field)) for field in fields)
        return ("fields", *values) if any(value is not None for value in values) else None

    return key


def _first_key(*fields: str) -> Callable[[Any, Callable[[str], str]], Hashable]:
    def key(item: Any, translate: Callable[[str], str]) -> Hashable:
        if not isinstance(item, dict):
            return _default_key(item, translate)
        for field in fields:
            value = _s(item.get(field))
            if value is not None:
                return (field, value)
        return None

    return key


def _license_key(item: Any, translate: Callable[[str], str]) -> Hashable:
    if not isinstance(item, dict):
        return _default_key(item, translate)
    expression = _s(item.get("expression"))
    if expression is not None:
        return ("expression", expression)
    license_ = item.get("license")
    if isinstance(license_, dict):
        for field in ("id", "name"):
            value = _s(license_.get(field))
            if value is not None:
                return (field, value)
    return None


def _reference_key(item: Any, translate: Callable[[str], str]) -> Hashable:
    if isinstance(item, str):
        return ("=", translate(item))
    return _default_key(item, translate)


def _ref_field_key(item: Any, translate: Callable[[str], str]) -> Hashable:
    if not isinstance(item, dict):
        return _default_key(item, translate)
    ref = _s(item.get("ref"))
    if ref is not None:
        return ("ref", translate(ref))
    return _default_key(item, translate)


def _dataset_key(item: Any, translate: Callable[[str], str]) -> Hashable:
    if not isinstance(item, dict):
        return _default_key(item, translate)
    ref = _s(item.get("ref"))
    if ref is not None:
        return ("ref", translate(ref))
    return _first_key("bom-ref", "name")(item, translate)


def _component_key(item: Any, translate: Callable[[str], str]) -> Hashable:
    return _default_key(item, translate)


_ARRAYS: Final[Mapping[str, ArraySpec]] = {
    "components": ArraySpec("component", _component_key, identity="components"),
    "local-components": ArraySpec("component", _component_key, identity="components"),
    "tool-components": ArraySpec("any", _component_key, identity="components"),
    "lineage-components": ArraySpec("pedigree-component", _component_key, identity="components"),
    "ancestors": ArraySpec("pedigree-component", _component_key, ordered=True, identity="components"),
    "services": ArraySpec("service", _component_key, identity="services"),
    "tool-services": ArraySpec("any", _component_key, identity="services"),
    "properties": ArraySpec("property", _field_key("name"), field="name"),
    "hashes": ArraySpec("any", _field_key("alg"), field="alg"),
    "licenses": ArraySpec("any", _license_key),
    "external-references": ArraySpec("any", _field_key("type", "url")),
    "dependencies": ArraySpec("dependency", _ref_field_key, field="ref", translated=True),
    "references": ArraySpec("any", _reference_key, field="=", translated=True),
    "resource-references": ArraySpec("any", _ref_field_key, field="ref", translated=True),
    "datasets": ArraySpec("any", _dataset_key),
    "data": ArraySpec("any", _first_key("bom-ref", "name")),
    "io": ArraySpec("any", _field_key("format")),
    "metrics": ArraySpec("metric", _field_key("type", "slice")),
    "commits": ArraySpec("any", _first_key("uid", "url")),
    "formulation": ArraySpec("formula", _first_key("bom-ref"), field="bom-ref"),
    "workflows": ArraySpec("workflow", _first_key("bom-ref", "uid")),
    "steps": ArraySpec("step", _first_key("name"), ordered=True),
    "commands": ArraySpec("any", _default_key, ordered=True),
    "inputs": ArraySpec("input", _default_key),
    "parameters": ArraySpec("parameter", _first_key("name"), field="name"),
    "environment-vars": ArraySpec("any", _first_key("name")),
    "tools": ArraySpec("any", _field_key("vendor", "name")),
    "lifecycles": ArraySpec("any", _first_key("phase", "name")),
}
_GENERIC: Final = ArraySpec("any", _default_key)


def array_spec(scope: Scope) -> ArraySpec:
    """How the array at ``scope`` is compared (a key per item; arrays the grammar does not name are
    keyed by ``bom-ref``, scalars by value, and the rest paired by equal content, then in order).

    >>> spec = array_spec(child_scope(ROOT, "dependencies"))
    >>> spec.key({"ref": "old-ref", "dependsOn": []}, {"old-ref": "new-ref"}.get)
    ('ref', 'new-ref')
    """
    return _ARRAYS.get(scope.state, _GENERIC)


def _key_text(key: Hashable) -> str:
    # Every key is a tuple whose first element tags it ("=", "ref", "fields", a field name).
    if isinstance(key, tuple):
        return " ".join(str(part) for part in key[1:] if part is not None)
    return "" if key is None else str(key)


def component_scope(component: Mapping[str, Any], parent_type: str = "") -> Scope:
    """The scope of a component dict (its kinds come from its type, and its parent's).

    >>> component_scope({"type": "data", "name": "reviews"}).kind
    'dataset'
    """
    ctype = _s(component.get("type")) or ""
    identity_kind, default_kind = component_kinds(ctype, parent_type)
    return Scope(
        "component",
        identity_kind,
        label=component_label(component),
        ctype=ctype,
        identity_kind=identity_kind,
        default_kind=default_kind,
    )


def item_scope(scope: Scope, item: Any, key: Hashable) -> Scope:
    """The scope of an item of the array at ``scope``; ``key`` is the item's key (None when it has none).

    >>> props = child_scope(child_scope(item_scope(child_scope(ROOT, "components"),
    ...     {"type": "machine-learning-model", "bom-ref": "m"}, None), "modelCard"), "properties")
    >>> prop = item_scope(props, {"name": "aibom:quantization:method", "value": "gptq"},
    ...                   ("fields", "aibom:quantization:method"))
    >>> prop.kind, prop.subject
    ('quantization', 'modelCard.properties[aibom:quantization:method]')
    """
    spec = array_spec(scope)
    state = spec.item
    where = scope.where
    last = where[-1] if where else ""
    if isinstance(item, dict) and state == "component":
        return component_scope(item, scope.ctype)
    if isinstance(item, dict) and state == "service":
        return Scope("service", scope.kind, label=service_label(item))
    text = component_label(item) if isinstance(item, dict) and spec.identity == "components" else _key_text(key)
    kind = scope.kind
    if state == "property" and isinstance(item, dict):
        kind = property_kind(item.get("name")) or kind
    item_where = (*where[:-1], f"{last}[{text}]") if where else (f"[{text}]",)
    return Scope(
        state if isinstance(item, dict) else "any",
        kind,
        scope.label,
        scope.ctype,
        scope.identity_kind,
        scope.default_kind,
        item_where,
    )
