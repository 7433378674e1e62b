"""CycloneDX XML on the wire ↔ the JSON-shaped document dict.

aibom's in-memory BOM is the dict CycloneDX JSON would have. This module maps
XML onto that dict and back, driven by the official XSD of each version: the
XSD (compiled once per version by :mod:`aibom.codec._xsd`) says which children
an element has and in which order, which may repeat, which values are
attributes, and the simple type of each value, so ``xs:integer``/``xs:decimal``
text becomes a JSON number and ``xs:boolean`` a JSON boolean. Each complex type
then gets a JSON shape (object, array wrapper, text-with-attributes, ref
string…), see :mod:`aibom.codec._xmlmap`, whose small override table covers the
places where CycloneDX JSON and XML differ beyond what the XSD says:

=========================================  ====================================================
XML                                        JSON
=========================================  ====================================================
``<hash alg="…">v</hash>``                 ``{"alg": …, "content": v}``; attachments the same,
                                           with ``content-type`` → ``contentType``
``<property name="…">v</property>``        ``{"name": …, "value": v}`` (``value`` optional)
``<licenses><license>…<expression>``       ``[{"license": {…}}, {"expression": …, …}]``
``<datasets><ref>``, copyright ``<text>``  ``{"ref": …}``, ``{"text": …}`` items
``<dependency ref><dependency ref/>``      ``{"ref", "dependsOn": [refs]}``; ``<provides ref/>`` → ``"provides"``
``<x ref="…"/>`` (bomReferenceType)        the ref string (assemblies, subjects, evidence tools…)
``<data><classification flow>`` or         ``[{"flow", "classification", …}]``; a dataflow's
``<dataflow name><classification flow>``   classification merges into its object
``expression-detailed/details``            ``expressionDetails`` (``license-identifier`` →
                                           ``licenseIdentifier``)
``protocolProperties/cryptoRef``           ``cryptoRefArray``
``analysis/responses``                     ``response``
dataGovernance ``<individual>``            ``contact``
``patentAssignee``, ``asserter``           the organization/contact (or ref) itself
``<tools><tool>…`` or ``<components>…``    legacy array, or ``{"components", "services"}``
=========================================  ====================================================

Repeated elements without a wrapper (``url``, ``contact``, ``omniborId``,
``swhid``, ``identity``…) become arrays; wrappers (``externalReferences``,
``tags``, ``lifecycles``, ``users``, ``performanceMetrics``…) become arrays of
their items.

Content only XML can carry (attributes and elements of other namespaces at the
XSD's extension points, an XML ``ds:Signature``, unexpected attributes, stray
text) is kept in the dict under keys starting with ``@xml:``, which no
CycloneDX name does, on the nearest enclosing JSON object::

    "@xml:extensions": {
        "<pointer of the element, relative to this object: '' (itself), '/components', '/tags/0'…>": {
            "attributes": {"{namespace}name": "value", "plain": "value"},
            "elements": [{"index": <position among the element's child elements>, "xml": "<x:e …/>"}],
            "text": "text the XSD does not allow there",
            "namespaces": {"prefix": "uri"},  # root only: prefixes declared on <bom>
        }
    },
    "@xml:generic": ["name", ...]

Lenient reading: an element of the CycloneDX namespace the XSD does not allow
at a place is converted generically (text only → string, repeated → array,
otherwise an object whose attributes and children become keys) and its key is
listed in ``@xml:generic`` of the enclosing object (a generic object lists its
own keys there, ``@name`` for attributes), so it is written back as it came
instead of being reported; values that do not parse as their XSD type stay
strings; more occurrences than the XSD allows become an array. An unknown
element inside a wrapper is kept as an XML record, so the array stays intact.

What XML→dict→XML does not keep: comments and processing instructions,
namespace prefixes inside CycloneDX content, the lexical form of numbers and
booleans (``007`` → 7, ``1`` → true: same value), attribute order, the
interleaving of differently named siblings (written in XSD order), and the
split of a wrapper the XSD lets repeat (two ``<energyConsumptions>`` become
one array).

Writing follows the XSD order, reports every key the target XSD cannot express
(JSF ``signature``, fields of another version, ``null``, an empty array with no
wrapper element, text with characters XML 1.0 cannot hold) through
``report(pointer, reason)`` instead of dropping it silently, and puts XML-only
content back in place (elements are spliced in as serialized, so an XML
signature keeps its bytes). Text is kept exactly as written (XSD whitespace
facets are not applied). Nesting is limited to :data:`MAX_DEPTH` elements, as
libxml2 limits parsing, so no input can exhaust the Python stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from aibom._pointer import split_pointer
from aibom.codec._xmlmap import (
    EXTENSIONS_KEY,
    GENERIC_KEY,
    MAX_DEPTH,
    REF_ITEMS,
    XML_ONLY_KEY_PREFIX,
    Plan,
    Shape,
    best_fit,
    choose_items,
    is_list,
    plan_for,
    safe_parser,
)
from aibom.codec._xmlread import read_document
from aibom.codec._xmlwrite import ROOT_ONLY_KEYS, write_document
from aibom.codec._xsd import ComplexType, ElementDecl, Kind, load_model
from aibom.errors import InvalidDocument, NotCycloneDX, UnsafeDocument, UnsupportedSpecVersion
from aibom.spec import XML_NAMESPACES, SpecVersion

__all__ = [
    "EXTENSIONS_KEY",
    "GENERIC_KEY",
    "MAX_DEPTH",
    "XML_ONLY_KEY_PREFIX",
    "document_to_xml",
    "parse_xml",
    "xml_to_document",
    "xpath_for",
]

_CDX_NAMESPACE = re.compile(r"http://cyclonedx\.org/schema/bom/(\d+\.\d+)")


# --------------------------------------------------------------------------------------------------
# Parsing.

_PROLOG_SKIP = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _doctype_offset(text: str) -> int | None:
    """Offset of a ``<!DOCTYPE`` in the prolog (before the root element), if any."""
    position = 0
    while (match := _PROLOG_SKIP.match(text, position)) is not None and match.end() > position:
        position = match.end()
    return position if text.startswith("<!DOCTYPE", position) else None


def _decode_prolog(data: bytes) -> str:
    head = data[:65536]
    for mark, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(mark):
            return head[2:].decode(codec, "replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace").lstrip("\ufeff")


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - text.rfind(chr(10), 0, offset)}"


def _unsafe(source: str, location: str) -> UnsafeDocument:
    return UnsafeDocument(
        "XML document type declarations (DTDs) and entities are not allowed",
        source=source,
        location=location,
        expected="XML without <!DOCTYPE> and <!ENTITY> declarations",
    )


def parse_xml(data: bytes, *, source: str) -> etree._ElementTree:
    """Parse XML safely: no network, no DTD, no entity expansion.

    A ``<!DOCTYPE>`` (the only place ``<!ENTITY>`` can appear) raises
    :class:`UnsafeDocument` before libxml2 sees it, so billion-laughs and XXE
    inputs fail at once and no referenced file is read; malformed XML raises
    :class:`InvalidDocument` with its line and column.

    >>> parse_xml(b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>', source="<bytes>").getroot().tag
    '{http://cyclonedx.org/schema/bom/1.6}bom'
    >>> parse_xml(b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', source="in.xml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    aibom.errors.UnsafeDocument: in.xml: line 1, column 1: XML document type declarations (DTDs) and entities ...
    """
    prolog = _decode_prolog(data)
    offset = _doctype_offset(prolog)
    if offset is not None:
        raise _unsafe(source, _line_column(prolog, offset))
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (error.lineno or 1, 1)
        message = (error.msg or "malformed XML").rsplit(", line ", 1)[0]
        if "DOCTYPE" in message or "ENTITY" in message:
            raise _unsafe(source, f"line {line}, column {column}") from None
        raise InvalidDocument(
            f"not well-formed XML: {message}",
            source=source,
            location=f"line {line}, column {column}",
            expected="well-formed XML",
        ) from None
    except ValueError as error:  # e.g. text with an encoding declaration passed as str
        raise InvalidDocument(
            f"cannot parse XML: {error}", source=source, location="line 1, column 1", expected="XML as bytes"
        ) from None
    tree = root.getroottree()
    info: Any = tree.docinfo
    if info.doctype or info.internalDTD is not None:  # defence in depth
        raise _unsafe(source, "line 1, column 1")
    return tree


# --------------------------------------------------------------------------------------------------
# XML → dict.


def _detect_version(root: etree._Element, source: str) -> SpecVersion:
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if local == "bom" and namespace in XML_NAMESPACES:
        return XML_NAMESPACES[namespace]
    match = _CDX_NAMESPACE.fullmatch(namespace)
    if local == "bom" and match is not None:
        raise UnsupportedSpecVersion(
            f"CycloneDX version {match.group(1)} is not supported",
            source=source,
            location="/*[1]",
            expected="one of " + ", ".join(repr(version.value) for version in SpecVersion),
        )
    found = f"<{local}> in namespace {namespace!r}" if namespace else f"<{local}> in no namespace"
    raise NotCycloneDX(
        f"not a CycloneDX BOM: the root element is {found}",
        source=source,
        location="/*[1]",
        expected="<bom> in a CycloneDX namespace (http://cyclonedx.org/schema/bom/1.5, 1.6 or 1.7)",
    )


def xml_to_document(
    tree_or_root: etree._ElementTree | etree._Element, *, source: str
) -> tuple[dict[str, Any], SpecVersion, bool]:
    """Convert a parsed CycloneDX XML BOM into the JSON-shaped dict.

    Returns the dict (``bomFormat``, ``specVersion``, then the root's attributes and
    children; no ``$schema``), the version named by the root namespace, and whether
    XML-only content was kept under ``@xml:`` keys.

    >>> tree = parse_xml(b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components>'
    ...                  b'<component type="library"><name>x</name></component></components></bom>',
    ...                  source="<bytes>")
    >>> document, spec, xml_only = xml_to_document(tree, source="<bytes>")
    >>> document
    {'bomFormat': 'CycloneDX', 'specVersion': '1.6', 'version': 1, 'components': [{'type': 'library', 'name': 'x'}]}
    >>> spec, xml_only
    (<SpecVersion.V1_6: '1.6'>, False)
    """
    root = tree_or_root.getroot() if isinstance(tree_or_root, etree._ElementTree) else tree_or_root
    spec = _detect_version(root, source)
    body, xml_only = read_document(root, spec, source)
    document: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": spec.value}
    document.update(body)
    return document, spec, xml_only


# --------------------------------------------------------------------------------------------------
# dict → XML.


def document_to_xml(
    doc: dict[str, Any], spec: SpecVersion, *, report: Callable[[str, str], None] | None = None
) -> bytes:
    """Serialize the JSON-shaped dict as CycloneDX XML of version ``spec``.

    Children follow the XSD order, so a schema-valid document gives XSD-valid
    XML; the output is UTF-8 with an XML declaration, indented by two spaces,
    and the same dict always gives the same bytes. Every field the XSD cannot
    express is passed to ``report(json_pointer, reason)`` and left out; without
    ``report``, :class:`InexpressibleContent` lists them instead.

    >>> doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...        "components": [{"type": "library", "name": "x", "signature": {"value": "…"}}]}
    >>> print(document_to_xml(doc, SpecVersion.V1_6, report=print).decode())
    /components/0/signature not defined by the CycloneDX 1.6 XSD in <component>
    <?xml version="1.0" encoding="UTF-8"?>
    <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
      <components>
        <component type="library">
          <name>x</name>
        </component>
      </components>
    </bom>
    <BLANKLINE>
    """
    return write_document(doc, spec, report)


# --------------------------------------------------------------------------------------------------
# JSON pointer → XPath.


def xpath_for(doc: dict[str, Any], pointer_text: str, spec: SpecVersion) -> str:
    """The XPath of the XML node that a JSON pointer into ``doc`` designates.

    Steps are unprefixed local names with 1-based positions (evaluate them with the
    CycloneDX namespace as the default, or compare ``local-name()``); keys that are
    attributes in XML end in ``/@name``; a pointer that goes past what XML has
    stops at the deepest node that exists.

    >>> doc = {"components": [{"type": "library", "name": "a"}, {"type": "library", "name": "b",
    ...        "bom-ref": "b", "licenses": [{"expression": "MIT"}, {"license": {"id": "MIT"}}]}]}
    >>> xpath_for(doc, "/components/1/bom-ref", SpecVersion.V1_6)
    '/bom/components/component[2]/@bom-ref'
    >>> xpath_for(doc, "/components/1/licenses/1/license/id", SpecVersion.V1_6)
    '/bom/components/component[2]/licenses/license[1]/id'
    """
    walk = _XPathWalk(split_pointer(pointer_text), doc, load_model(spec).root)
    while walk.step():
        pass
    return "".join(walk.steps)


class _XPathWalk:
    """Follows a JSON pointer through the document and the XSD model, one token at a time."""

    def __init__(self, tokens: list[str], doc: dict[str, Any], root: ElementDecl) -> None:
        self.tokens = tokens
        self.position = 0
        self.value: Any = doc
        self.decl = root
        self.steps = ["/bom"]

    def _next(self) -> str | None:
        if self.position >= len(self.tokens):
            return None
        self.position += 1
        return self.tokens[self.position - 1]

    def step(self) -> bool:
        """Consume one token; False when the walk is over."""
        if self.position >= len(self.tokens) or isinstance(self.decl.type, Kind):
            return False
        plan = plan_for(self.decl.type)
        if plan.shape in (Shape.LIST, Shape.HYBRID) and isinstance(self.value, list):
            return self._item(plan)
        at_root_only_key = self.decl.name == "bom" and self.tokens[self.position] in ROOT_ONLY_KEYS
        if isinstance(self.value, dict) and not at_root_only_key:  # bomFormat, specVersion: no node of their own
            return self._key(plan)
        return False

    def _item(self, plan: Plan) -> bool:
        token = self._next() or ""
        if not token.isdigit() or int(token) >= len(self.value):
            return False
        index = int(token)
        names = choose_items(plan, self.value)
        name = names[index]
        if name is None:
            return False
        self.steps.append(f"/{name}[{names[: index + 1].count(name)}]")
        item = plan.items[name]
        self.value = self.value[index]
        if item.wrap is not None and isinstance(self.value, dict):
            self.value = self.value.get(item.wrap)
            if self.position < len(self.tokens) and self.tokens[self.position] == item.wrap:
                self.position += 1  # the wrapping key names the same element
        self.decl = item.decl
        return self._enter()

    def _key(self, plan: Plan) -> bool:
        token = self._next() or ""
        if token in plan.key_attr:
            self.steps.append("/@" + plan.key_attr[token][0])
            return False
        child = plan.by_key.get(token)
        if child is None:
            if plan.shape is not Shape.TEXT or token != plan.text_key:  # the text is the element itself
                self.steps.append(_generic_steps(token, self.tokens[self.position :]))
            return False
        self.steps.append("/" + child.decl.name)
        if child.merged:
            merged = plan_for(child.decl.type) if isinstance(child.decl.type, ComplexType) else None
            if merged is not None and token in merged.key_attr:
                self.steps.append("/@" + merged.key_attr[token][0])
            return False
        self.value = self.value.get(token)
        self.decl = child.decl
        if isinstance(self.value, list) and (child.repeated or not is_list(child.decl)):
            following = self._next()
            if following is None or not following.isdigit():
                return False
            index = int(following)
            self.steps[-1] += f"[{index + 1}]"
            self.value = self.value[index] if index < len(self.value) else None
        if child.unwrapped:
            return self._choice()
        return self._enter()

    def _choice(self) -> bool:
        """patentAssignee, asserter: step into the organization, contact or ref element JSON leaves out."""
        if not isinstance(self.decl.type, ComplexType):
            return False
        plan = plan_for(self.decl.type)
        keys = (
            [key for key in self.value if not key.startswith(XML_ONLY_KEY_PREFIX)]
            if isinstance(self.value, dict)
            else []
        )
        if len(keys) == 1 and keys[0] in plan.by_key:
            return True  # kept wrapped by the reader: the next token names the choice
        choices = plan.by_xml
        choice = best_fit(self.value, {name: child.decl for name, child in choices.items()})
        if choice is None:
            return False
        self.steps.append("/" + choice)
        self.decl = choices[choice].decl
        return self._enter()

    def _enter(self) -> bool:
        if _is_ref(self.decl, self.value):
            self.steps.append("/@ref")
            return False
        return True


def _is_ref(decl: ElementDecl, value: Any) -> bool:
    """True if ``value`` is written as the ``ref`` attribute of a ``decl`` element."""
    return (
        isinstance(decl.type, ComplexType)
        and isinstance(value, str)
        and (plan_for(decl.type).shape is Shape.REF or decl.path in REF_ITEMS)
    )


def _generic_steps(token: str, rest: list[str]) -> str:
    """Best-effort steps for keys the XSD does not know (generically converted content)."""
    steps = "/" + token
    for part in rest:
        steps = steps + f"[{int(part) + 1}]" if part.isdigit() else steps + "/" + part
    return steps
