"""The CycloneDX XSD, compiled into the small model the XML codec walks.

Each ``bom-1.x.xsd`` is parsed once with lxml (no network: the ``spdx`` import
is never followed, its only type is an enumerated string) and turned into
:class:`ComplexType` objects: the attributes with their simple kinds, the child
elements in XSD sequence order, whether an element may repeat (its own
``maxOccurs`` or that of an enclosing ``sequence``/``choice``), the kind of
simple content, and the ``xs:any``/``xs:anyAttribute`` extension points.

Anonymous types are named by their path from the nearest named type or global
element (``metadata/tools``, ``bom``), which is also how the override table in
:mod:`aibom.codec.xml` refers to them.

>>> model = load_model(SpecVersion.V1_6)
>>> model.root.type.elements["components"].type.path
'componentsType'
>>> model.types["hashType"].text
<Kind.STRING: 'string'>
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field

from lxml import etree

from aibom._schemas import schema_dir
from aibom.spec import SpecVersion

__all__ = ["ComplexType", "ElementDecl", "Kind", "XsdModel", "load_model"]

XS = "http://www.w3.org/2001/XMLSchema"
_XS = "{" + XS + "}"


class Kind(enum.Enum):
    """The JSON kind of an XSD simple type."""

    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DOUBLE = "double"
    BOOLEAN = "boolean"


_BUILTIN_KINDS = {
    **dict.fromkeys(
        (
            "integer",
            "int",
            "long",
            "short",
            "byte",
            "nonNegativeInteger",
            "positiveInteger",
            "negativeInteger",
            "nonPositiveInteger",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
        ),
        Kind.INTEGER,
    ),
    "decimal": Kind.DECIMAL,
    "double": Kind.DOUBLE,
    "float": Kind.DOUBLE,
    "boolean": Kind.BOOLEAN,
}


@dataclass(eq=False, slots=True)
class ElementDecl:
    """A child element as the XSD declares it inside one complex type."""

    name: str
    type: ComplexType | Kind
    repeated: bool
    """True when the element may occur more than once at this place."""
    path: str


@dataclass(eq=False, slots=True)
class ComplexType:
    """A complex type, named or anonymous (then ``path`` names its place)."""

    path: str
    attributes: dict[str, Kind] = field(default_factory=dict)
    elements: dict[str, ElementDecl] = field(default_factory=dict)
    """Child elements in XSD order (a name that appears twice is placed at its last occurrence)."""
    text: Kind | None = None
    """The kind of simple content, if the type has ``xs:simpleContent``."""
    mixed: bool = False
    any_attribute: bool = False
    any_element: bool = False


@dataclass(eq=False, slots=True)
class XsdModel:
    """The compiled XSD of one CycloneDX version."""

    spec: SpecVersion
    root: ElementDecl
    types: dict[str, ComplexType]
    """Named complex types, by name."""


def _local(qname: str | None) -> tuple[str, str]:
    """Split ``prefix:name`` into (prefix, name)."""
    if not qname:
        return "", ""
    prefix, _, name = qname.rpartition(":")
    return prefix, name


class _Compiler:
    def __init__(self, schema: etree._Element, spec: SpecVersion) -> None:
        self.spec = spec
        self.complex_nodes = {node.get("name"): node for node in schema.iterfind(_XS + "complexType")}
        self.simple_nodes = {node.get("name"): node for node in schema.iterfind(_XS + "simpleType")}
        self.group_nodes = {node.get("name"): node for node in schema.iterfind(_XS + "attributeGroup")}
        self.types: dict[str, ComplexType] = {}
        self.simple_kinds: dict[str, Kind] = {}
        self.prefixes = {prefix: uri for prefix, uri in schema.nsmap.items() if prefix}

    def kind_of_qname(self, qname: str | None) -> Kind:
        prefix, name = _local(qname)
        if self.prefixes.get(prefix) == XS:
            return _BUILTIN_KINDS.get(name, Kind.STRING)
        if name in self.simple_nodes:
            if name not in self.simple_kinds:
                self.simple_kinds[name] = Kind.STRING  # guards against a (never seen) cycle
                self.simple_kinds[name] = self.simple_kind(self.simple_nodes[name])
            return self.simple_kinds[name]
        return Kind.STRING  # spdx:licenseId and anything else imported: enumerated strings

    def simple_kind(self, node: etree._Element) -> Kind:
        """The kind of an ``xs:simpleType`` (restriction base, or the common kind of a union)."""
        restriction = node.find(_XS + "restriction")
        if restriction is not None:
            base = restriction.get("base")
            if base is not None:
                return self.kind_of_qname(base)
            inner = restriction.find(_XS + "simpleType")
            return self.simple_kind(inner) if inner is not None else Kind.STRING
        union = node.find(_XS + "union")
        if union is not None:
            kinds = {self.kind_of_qname(member) for member in (union.get("memberTypes") or "").split()}
            kinds.update(self.simple_kind(inner) for inner in union.iterfind(_XS + "simpleType"))
            return kinds.pop() if len(kinds) == 1 else Kind.STRING
        return Kind.STRING  # xs:list and anything unusual stay strings

    def named_type(self, qname: str, path: str) -> ComplexType | Kind:
        prefix, name = _local(qname)
        if self.prefixes.get(prefix) != XS and name in self.complex_nodes:
            if name not in self.types:
                compiled = ComplexType(path=name)
                self.types[name] = compiled  # registered before filling in: types are recursive
                self.fill(compiled, self.complex_nodes[name])
            return self.types[name]
        return self.kind_of_qname(qname)

    def element_type(self, node: etree._Element, path: str) -> ComplexType | Kind:
        type_name = node.get("type")
        if type_name is not None:
            return self.named_type(type_name, path)
        inline = node.find(_XS + "complexType")
        if inline is not None:
            compiled = ComplexType(path=path)
            self.fill(compiled, inline)
            return compiled
        inline = node.find(_XS + "simpleType")
        if inline is not None:
            return self.simple_kind(inline)
        return Kind.STRING  # no type at all is xs:anyType; read leniently as text

    def fill(self, target: ComplexType, node: etree._Element) -> None:
        target.mixed = node.get("mixed") == "true"
        for child in node:
            tag = child.tag
            if tag in (_XS + "sequence", _XS + "choice", _XS + "all"):
                self.particles(target, child, repeated=False)
            elif tag == _XS + "simpleContent":
                extension = child.find(_XS + "extension")
                if extension is None:
                    extension = child.find(_XS + "restriction")
                if extension is not None:
                    target.text = self.kind_of_qname(extension.get("base"))
                    self.attributes(target, extension)
            else:
                self.attribute(target, child)

    def attributes(self, target: ComplexType, node: etree._Element) -> None:
        for child in node:
            self.attribute(target, child)

    def attribute(self, target: ComplexType, node: etree._Element) -> None:
        tag = node.tag
        if tag == _XS + "attribute":
            name = node.get("name")
            if name is None:
                return
            inline = node.find(_XS + "simpleType")
            target.attributes[name] = (
                self.simple_kind(inline) if inline is not None else self.kind_of_qname(node.get("type"))
            )
        elif tag == _XS + "attributeGroup":
            group = self.group_nodes.get(_local(node.get("ref"))[1])
            if group is not None:
                self.attributes(target, group)
        elif tag == _XS + "anyAttribute":
            target.any_attribute = True

    def particles(self, target: ComplexType, node: etree._Element, *, repeated: bool) -> None:
        if node.get("maxOccurs", "1") not in ("0", "1"):
            # CycloneDX wraps whole objects in <xs:sequence maxOccurs="unbounded"> (releaseNotesType,
            # compositionType, ...) where JSON has one object with single-valued fields. Only a repeated
            # choice, or a repeated sequence around a single element (the wrapper pattern), repeats it.
            members = [child for child in node if child.tag != _XS + "any" and isinstance(child.tag, str)]
            repeated = repeated or node.tag == _XS + "choice" or len(members) == 1
        for child in node:
            tag = child.tag
            if tag in (_XS + "sequence", _XS + "choice", _XS + "all"):
                self.particles(target, child, repeated=repeated)
            elif tag == _XS + "any":
                target.any_element = True
            elif tag == _XS + "element":
                name = child.get("name")
                if name is None:
                    continue
                many = repeated or child.get("maxOccurs", "1") not in ("0", "1")
                known = target.elements.pop(name, None)
                if known is not None:
                    # The same name in two branches of a choice (certificateState: state, reason |
                    # name, description, reason) is one field; placing it at its last occurrence
                    # gives an order that suits every branch.
                    known.repeated = known.repeated or many
                    target.elements[name] = known
                    continue
                path = f"{target.path}/{name}"
                target.elements[name] = ElementDecl(name, self.element_type(child, path), many, path)


@functools.cache
def load_model(spec: SpecVersion) -> XsdModel:
    """Compile (once per version) the official XSD of ``spec``."""
    path = schema_dir() / "cyclonedx" / f"bom-{spec.value}.xsd"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    schema = etree.parse(str(path), parser).getroot()
    compiler = _Compiler(schema, spec)
    bom = schema.find(_XS + "element[@name='bom']")
    if bom is None:  # pragma: no cover - the vendored schemas all declare it
        raise RuntimeError(f"{path} declares no <bom> element")
    root = ElementDecl("bom", compiler.element_type(bom, "bom"), False, "bom")
    return XsdModel(spec, root, compiler.types)
