"""How CycloneDX JSON lies over the XSD model: shapes, the override table, simple values.

Every complex type of :mod:`aibom.codec._xsd` gets a :class:`Plan` (computed
once, then looked up per element) saying which JSON shape it has and how its
attributes and children are named in JSON:

* ``OBJECT``: attributes and child elements become keys; a child that may
  repeat without a wrapper (``organizationalEntity/url``) becomes an array;
* ``LIST``: a wrapper whose content is one repeated element, or a repeated
  choice of elements (``<hashes><hash/>…``, ``<licenses>``, ``<datasets>``),
  becomes an array of its items;
* ``TEXT``: ``xs:simpleContent`` with attributes becomes an object of the
  attributes plus the text under a key from the override table;
* ``REF``: no content and a single ``ref`` attribute (``bomReferenceType``,
  ``provides``) becomes the ref string;
* ``MIXED``: mixed content (1.7 ``ikev2TransformTypes/encr``) is a string when
  it holds only text and an object otherwise;
* ``HYBRID``: ``<tools>`` is the legacy array of ``<tool>`` or the object
  ``{"components", "services"}``.

The override table below lists every place where JSON and XML differ beyond
what the XSD says; the entries were found by converting each pair of files in
the official CycloneDX example suite (1.5, 1.6, 1.7) and comparing.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lxml import etree

from aibom.codec._xsd import ComplexType, ElementDecl, Kind

__all__ = [
    "ALL_OR_NOTHING",
    "EXTENSIONS_KEY",
    "GENERIC_KEY",
    "MAX_DEPTH",
    "OPTIONAL_TEXT",
    "REF_ITEMS",
    "SINGLE_ITEM_ARRAYS",
    "XML_ONLY_KEY_PREFIX",
    "Child",
    "Extensions",
    "Item",
    "Pending",
    "Plan",
    "Record",
    "Shape",
    "best_fit",
    "choose_items",
    "format_simple",
    "parse_simple",
    "plan_for",
    "safe_parser",
]

XML_ONLY_KEY_PREFIX = "@xml:"
EXTENSIONS_KEY = XML_ONLY_KEY_PREFIX + "extensions"
GENERIC_KEY = XML_ONLY_KEY_PREFIX + "generic"
MAX_DEPTH = 256
"""The deepest element nesting read or written (libxml2's own limit when parsing)."""

Record = dict[str, Any]
"""XML-only content of one element: ``attributes``, ``elements``, ``text`` (and ``namespaces`` on the root)."""
Extensions = dict[str, Record]
"""Records by JSON pointer relative to the value being read or written."""
Pending = list[tuple[list[str | int], Record]]
"""Records not yet attached to an object, with their path relative to the value read."""


def safe_parser() -> etree.XMLParser:
    """An lxml parser that never touches the network, a DTD or an entity."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


# --------------------------------------------------------------------------------------------------
# The override table. Keys are XSD paths: a named type, or the path of an anonymous type or
# element from its nearest named type (``metadata/tools``, ``dependencyType/dependency``).

TEXT_KEYS = {
    "hashType": "content",  # <hash alg="…">v</hash>  ↔ {"alg", "content"}
    "attachedTextType": "content",  # <text content-type encoding>v</text> ↔ {"contentType", "encoding", "content"}
    "propertyType": "value",  # <property name="…">v</property> ↔ {"name", "value"}
    "licenseExpressionType": "expression",  # licenses item {"expression", "acknowledgement", "bom-ref"}
    "licenseChoiceType/expression": "expression",  # the same, 1.5 and 1.6 (anonymous type)
    "dataClassificationType": "classification",  # <classification flow="…">c</…> ↔ {"flow", "classification"}
}
ATTRIBUTE_KEYS = {"content-type": "contentType", "license-identifier": "licenseIdentifier"}
CHILD_KEYS = {
    "dependencyType/dependency": "dependsOn",
    "licenseExpressionDetailedType/details": "expressionDetails",
    "organizationOrIndividualType/individual": "contact",  # dataGovernance custodians, stewards, owners
    "cryptoPropertiesType/protocolProperties/cryptoRef": "cryptoRefArray",
    "vulnerabilityType/analysis/responses": "response",
}
# dependencyType's content is <xs:sequence maxOccurs="unbounded"> around two elements, which the
# model reads as single fields; in JSON both are arrays.
REPEATED = frozenset({"dependencyType/dependency", "dependencyType/provides"})
# CycloneDX 1.5's XSD allows one <data> per component where its JSON schema has an array: the array
# holds at most one item in XML (the writer reports any further item).
SINGLE_ITEM_ARRAYS = frozenset({"component/data"})
# A nested <dependency> has the recursive dependencyType, but JSON keeps only its ref.
REF_ITEMS = frozenset({"dependencyType/dependency"})
# 1.5/1.6 licenseChoiceType is a choice of license* | expression: still one JSON array.
LISTS = frozenset({"licenseChoiceType"})
# Array items JSON wraps in a one-key object.
WRAPPED_ITEMS = {
    "licenseChoiceType/license": "license",
    "modelCardType/modelParameters/datasets/ref": "ref",
    "copyrightsType/text": "text",  # evidence copyright [{"text": …}]
}
HYBRID_ITEMS = {"metadata/tools": "tool", "vulnerabilityType/tools": "tool"}
# <dataflow><classification flow="…">c</classification>…: the keys merge into the dataflow object.
MERGED = frozenset({"service/data/dataflow/classification"})
# JSON holds the content of the choice element itself (an organization, a contact or a ref).
UNWRAPPED = frozenset({"patentType/patentAssignee", "patentAssertionType/asserter"})
# The XSD lets <data> hold <classification>* or <dataflow>*: one item needing <dataflow> moves all.
ALL_OR_NOTHING = {"service/data": "dataflow"}
# Text keys JSON may leave out: <property name="x"/> has no value.
OPTIONAL_TEXT = frozenset({"propertyType"})


# --------------------------------------------------------------------------------------------------
# Plans.


class Shape(enum.Enum):
    """The JSON shape of a complex type."""

    OBJECT = "object"
    TEXT = "text"
    REF = "ref"
    LIST = "list"
    HYBRID = "hybrid"
    MIXED = "mixed"


@dataclass(eq=False, slots=True)
class Child:
    """A child element of an object, as JSON sees it."""

    decl: ElementDecl
    key: str
    repeated: bool
    order: int
    merged: bool = False
    unwrapped: bool = False


@dataclass(eq=False, slots=True)
class Item:
    """An item element of a list; ``wrap`` names the key JSON wraps it in, if any."""

    decl: ElementDecl
    wrap: str | None


@dataclass(eq=False, slots=True)
class Plan:
    """The JSON view of one complex type."""

    type: ComplexType
    shape: Shape
    attr_key: dict[str, str] = field(default_factory=dict)
    """XML attribute → JSON key."""
    key_attr: dict[str, tuple[str, Kind, int]] = field(default_factory=dict)
    """JSON key → (XML attribute, kind, position)."""
    by_xml: dict[str, Child] = field(default_factory=dict)
    by_key: dict[str, Child] = field(default_factory=dict)
    text_key: str = "content"
    items: dict[str, Item] = field(default_factory=dict)
    hybrid_item: str | None = None
    known_keys: frozenset[str] = frozenset()


_PLANS: dict[ComplexType, Plan] = {}


def plan_for(ctype: ComplexType) -> Plan:
    """The (cached) plan of a complex type."""
    plan = _PLANS.get(ctype)
    if plan is None:
        plan = _PLANS[ctype] = _build_plan(ctype)
    return plan


def _shape_of(ctype: ComplexType) -> Shape:
    elements = ctype.elements
    if ctype.path in HYBRID_ITEMS:
        return Shape.HYBRID
    if ctype.text is not None:
        return Shape.TEXT
    if ctype.mixed and elements:
        return Shape.MIXED
    if not elements and set(ctype.attributes) == {"ref"}:
        return Shape.REF
    if ctype.path in LISTS or (elements and not ctype.attributes and all(d.repeated for d in elements.values())):
        return Shape.LIST
    return Shape.OBJECT


def is_list(decl: ElementDecl) -> bool:
    """True if the element's JSON value is an array of its items (a wrapper)."""
    return isinstance(decl.type, ComplexType) and plan_for(decl.type).shape in (Shape.LIST, Shape.HYBRID)


def _build_plan(ctype: ComplexType) -> Plan:
    shape = _shape_of(ctype)
    plan = Plan(ctype, shape, text_key=TEXT_KEYS.get(ctype.path, "content"))
    for order, (name, kind) in enumerate(ctype.attributes.items()):
        key = ATTRIBUTE_KEYS.get(name, name)
        plan.attr_key[name] = key
        plan.key_attr[key] = (name, kind, order)
    if shape is Shape.LIST:
        plan.items = {name: Item(decl, WRAPPED_ITEMS.get(decl.path)) for name, decl in ctype.elements.items()}
    elif shape is Shape.HYBRID:
        plan.hybrid_item = HYBRID_ITEMS[ctype.path]
        plan.items = {plan.hybrid_item: Item(ctype.elements[plan.hybrid_item], None)}
    if shape is not Shape.LIST:
        for order, (name, decl) in enumerate(ctype.elements.items()):
            if name != plan.hybrid_item:
                _add_child(plan, name, decl, order)
    plan.known_keys = (
        frozenset(plan.key_attr) | frozenset(plan.by_key) | ({plan.text_key} if shape is Shape.TEXT else frozenset())
    )
    return plan


def _add_child(plan: Plan, name: str, decl: ElementDecl, order: int) -> None:
    repeated = decl.repeated or decl.path in REPEATED or decl.path in SINGLE_ITEM_ARRAYS
    # A wrapper the XSD lets repeat (environmentalConsiderations/energyConsumptions) is one JSON array.
    wrapper = isinstance(decl.type, ComplexType) and _shape_of(decl.type) is Shape.LIST
    child = Child(
        decl,
        CHILD_KEYS.get(decl.path, name),
        repeated=repeated and not wrapper,
        order=order,
        merged=decl.path in MERGED,
        unwrapped=decl.path in UNWRAPPED,
    )
    plan.by_xml[name] = child
    if child.merged and isinstance(decl.type, ComplexType):
        merged = plan_for(decl.type)
        for key in (*merged.attr_key.values(), merged.text_key):
            plan.by_key[key] = child
    else:
        plan.by_key[child.key] = child


# --------------------------------------------------------------------------------------------------
# Choosing the element for a JSON value where XML has several.


def best_fit(item: Any, candidates: dict[str, ElementDecl]) -> str | None:
    """The element whose JSON form fits ``item`` best: most known keys, first in XSD order on a tie.

    >>> from aibom.codec._xsd import load_model
    >>> from aibom.spec import SpecVersion
    >>> patents = plan_for(load_model(SpecVersion.V1_7).types["definitionsType"]).by_key["patents"]
    >>> best_fit({"familyId": "F1"}, {n: i.decl for n, i in plan_for(patents.decl.type).items.items()})
    'patentFamily'
    """
    best, best_score = None, -1
    for name, decl in candidates.items():
        ctype = decl.type
        simple = isinstance(ctype, Kind) or plan_for(ctype).shape in (Shape.REF, Shape.MIXED)
        if isinstance(item, dict):
            if isinstance(ctype, Kind) or plan_for(ctype).shape is Shape.REF:
                continue
            score = len(plan_for(ctype).known_keys.intersection(item))
        elif simple:
            score = 0
        else:
            continue
        if score > best_score:
            best, best_score = name, score
    return best


def choose_items(plan: Plan, items: list[Any]) -> list[str | None]:
    """Which item element each JSON array item of a list becomes (None: none can hold it)."""
    if len(plan.items) == 1:
        return [next(iter(plan.items))] * len(items)
    wrapped = {item.wrap: name for name, item in plan.items.items() if item.wrap is not None}
    plain = {name: item.decl for name, item in plan.items.items() if item.wrap is None}
    names: list[str | None] = []
    for item in items:
        if isinstance(item, dict):
            keys = [key for key in item if not key.startswith(XML_ONLY_KEY_PREFIX)]
            if len(keys) == 1 and keys[0] in wrapped:
                names.append(wrapped[keys[0]])
                continue
        names.append(best_fit(item, plain))
    forced = ALL_OR_NOTHING.get(plan.type.path)
    if forced is not None and forced in names:
        names = [forced if name is not None else None for name in names]
    return names


# --------------------------------------------------------------------------------------------------
# Simple values.

_INTEGER = re.compile(r"\s*[+-]?\d+\s*")
_DECIMAL = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)\s*")


def parse_simple(text: str, kind: Kind) -> Any:
    """XML lexical form → JSON value; text that does not parse stays a string (lenient reading).

    >>> parse_simple("3", Kind.DECIMAL), parse_simple("0.5", Kind.DECIMAL), parse_simple("x", Kind.INTEGER)
    (3, 0.5, 'x')
    """
    if kind is Kind.STRING:
        return text
    if kind is Kind.BOOLEAN:
        stripped = text.strip()
        if stripped in ("true", "1"):
            return True
        if stripped in ("false", "0"):
            return False
        return text
    if kind is Kind.INTEGER or (kind is Kind.DECIMAL and "." not in text):
        return int(text) if _INTEGER.fullmatch(text) else text
    if kind is Kind.DECIMAL:
        return float(text) if _DECIMAL.fullmatch(text) else text
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def format_simple(value: Any, kind: Kind) -> str | None:
    """JSON value → XML lexical form; None for what has none (objects, arrays, null, NaN).

    >>> format_simple(True, Kind.BOOLEAN), format_simple(1e-7, Kind.DECIMAL), format_simple(2.0, Kind.INTEGER)
    ('true', '0.0000001', '2')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        if kind is Kind.INTEGER and value.is_integer():
            return str(int(value))
        text = repr(value)
        if kind is not Kind.DOUBLE and "e" in text:
            text = format(Decimal(text), "f")  # xs:decimal has no exponent…
            if "." not in text:
                text += ".0"  # …and a point keeps it a float when read back
        return text
    return None
