"""Writing the JSON-shaped dict as CycloneDX XML (see :mod:`aibom.codec.xml`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from aibom._pointer import pointer
from aibom.codec._xmlmap import (
    EXTENSIONS_KEY,
    GENERIC_KEY,
    MAX_DEPTH,
    OPTIONAL_TEXT,
    REF_ITEMS,
    SINGLE_ITEM_ARRAYS,
    XML_ONLY_KEY_PREFIX,
    Child,
    Extensions,
    Plan,
    Shape,
    best_fit,
    choose_items,
    format_simple,
    is_list,
    plan_for,
    safe_parser,
)
from aibom.codec._xsd import ComplexType, ElementDecl, Kind, load_model
from aibom.errors import InexpressibleContent, InvalidDocument
from aibom.spec import SpecVersion

__all__ = ["write_document"]

ROOT_ONLY_KEYS = frozenset({"bomFormat", "specVersion", "$schema"})
_LAST = 1 << 30  # sort position of what the XSD does not place


_NAME = re.compile(r"[A-Za-z_][\w.-]*")


def _is_name(name: str) -> bool:
    """True for an XML name without a prefix (what generic keys are read from)."""
    return _NAME.fullmatch(name) is not None


def _route(extensions: Extensions | None, token: str | int) -> Extensions | None:
    """The records at or below ``token``, relative to it."""
    if not extensions:
        return None
    head = pointer([token])
    routed = {
        relative[len(head) :]: record
        for relative, record in extensions.items()
        if relative == head or relative.startswith(head + "/")
    }
    return routed or None


def _own_extensions(value: dict[str, Any], inherited: Extensions | None) -> Extensions | None:
    own = value.get(EXTENSIONS_KEY)
    if isinstance(own, dict) and own:
        return {**(inherited or {}), **{key: record for key, record in own.items() if isinstance(key, str)}}
    return inherited


def _marks(value: dict[str, Any]) -> frozenset[str]:
    """The keys an object's ``@xml:generic`` lists (nothing, if it is not a list of strings)."""
    marks = value.get(GENERIC_KEY)
    if isinstance(marks, list):
        return frozenset(mark for mark in marks if isinstance(mark, str))
    return frozenset()


class _Writer:
    """Builds the lxml tree of one document; what it cannot write goes to ``report``."""

    def __init__(self, spec: SpecVersion, report: Callable[[str, str], None]) -> None:
        self.spec = spec
        self.prefix = "{" + spec.xml_namespace + "}"
        self.report = report
        self.foreign: list[tuple[etree._Element, int, str, list[str | int]]] = []
        self.root_namespaces: Any = {None: spec.xml_namespace}

    def declare(self, document: dict[str, Any]) -> None:
        """Declare the prefixes the XML source used for other namespaces on the root element."""
        record = (document.get(EXTENSIONS_KEY) or {}).get("")
        prefixes = record.get("namespaces") if isinstance(record, dict) else None
        if isinstance(prefixes, dict):
            for prefix, uri in prefixes.items():
                if (
                    isinstance(prefix, str)
                    and isinstance(uri, str)
                    and uri != self.spec.xml_namespace
                    and _is_name(prefix)
                    and not prefix.lower().startswith("xml")
                ):
                    self.root_namespaces[prefix] = uri

    def _check_depth(self, path: list[str | int]) -> None:
        if len(path) > MAX_DEPTH:
            raise InvalidDocument(
                f"the document nests deeper than {MAX_DEPTH} levels",
                source="<dict>",
                location=pointer(path[: MAX_DEPTH + 1]),
                expected=f"at most {MAX_DEPTH} levels of nesting",
            )

    def _sub(self, parent: etree._Element | None, name: str) -> etree._Element:
        if parent is None:
            return etree.Element(self.prefix + name, nsmap=self.root_namespaces)
        return etree.SubElement(parent, self.prefix + name)

    def _apply(self, element: etree._Element, extensions: Extensions | None, path: list[str | int]) -> None:
        """Put the XML-only content recorded for this element back."""
        record = (extensions or {}).get("")
        if not record:
            return
        where = pointer([*path, EXTENSIONS_KEY])
        if not isinstance(record, dict):
            self.report(where, "an XML-only record must be an object")
            return
        attributes = record.get("attributes") or {}
        for name, value in attributes.items() if isinstance(attributes, dict) else ():
            try:
                element.set(name, value)
            except (TypeError, ValueError):
                self.report(where, f"cannot write the XML-only attribute {name!r}")
        text = record.get("text")
        if isinstance(text, str):
            try:
                if len(element):
                    element[-1].tail = (element[-1].tail or "") + text
                else:
                    element.text = (element.text or "") + text
            except ValueError:
                self.report(where, "XML-only text contains characters XML 1.0 cannot represent")
        elements = record.get("elements", [])
        for entry in elements if isinstance(elements, list) else [None]:
            if isinstance(entry, dict) and isinstance(entry.get("xml"), str) and isinstance(entry.get("index"), int):
                self.foreign.append((element, entry["index"], entry["xml"], path))
            else:
                self.report(where, "XML-only elements need an 'index' and an 'xml' string")

    def value(
        self,
        parent: etree._Element,
        decl: ElementDecl,
        value: Any,
        path: list[str | int],
        extensions: Extensions | None,
        as_ref: bool = False,
    ) -> None:
        """Write ``value`` as one ``decl`` element."""
        self._check_depth(path)
        if value is None:
            self.report(pointer(path), "null has no XML representation")
            return
        ctype = decl.type
        if isinstance(ctype, Kind):
            shape = None
        else:
            plan = plan_for(ctype)
            shape = plan.shape
        if isinstance(value, dict) and GENERIC_KEY in value and shape in (None, Shape.REF, Shape.TEXT):
            self._generic(parent, decl.name, value, path, extensions)
        elif shape is None or (shape is Shape.MIXED and not isinstance(value, dict)):
            self._simple(parent, decl.name, value, ctype if isinstance(ctype, Kind) else Kind.STRING, path, extensions)
        elif shape is Shape.HYBRID and value == []:
            self.report(pointer(path), f"an empty <{decl.name}> reads back as the object form, not an array")
        elif shape is Shape.LIST or (shape is Shape.HYBRID and isinstance(value, list)):
            self._list(parent, decl.name, plan, value, path, extensions)
        elif shape is Shape.REF or (as_ref and isinstance(value, str)):
            self._ref(parent, decl.name, value, path, extensions)
        else:
            self._object(parent, decl.name, plan, value, path, extensions)

    def _set(self, element: etree._Element, attribute: str | None, text: str, path: list[str | int]) -> bool:
        """Set an attribute (or the text, for None); report text XML 1.0 cannot hold."""
        try:
            if attribute is None:
                element.text = text
            else:
                element.set(attribute, text)
        except ValueError:
            self.report(pointer(path), "contains characters XML 1.0 cannot represent (control characters)")
            return False
        return True

    def _simple(
        self,
        parent: etree._Element,
        name: str,
        value: Any,
        kind: Kind,
        path: list[str | int],
        extensions: Extensions | None,
    ) -> None:
        text = format_simple(value, kind)
        if text is None:
            what = "an object" if isinstance(value, dict) else "an array" if isinstance(value, list) else repr(value)
            self.report(pointer(path), f"<{name}> holds a single {kind.value} in XML; {what} cannot be written")
            return
        element = self._sub(parent, name)
        if not self._set(element, None, text, path):
            parent.remove(element)
            return
        self._apply(element, extensions, path)

    def _ref(
        self, parent: etree._Element, name: str, value: Any, path: list[str | int], extensions: Extensions | None
    ) -> None:
        if not isinstance(value, str):
            self.report(pointer(path), f"<{name}> is a reference in XML: expected a string")
            return
        element = self._sub(parent, name)
        if not self._set(element, "ref", value, path):
            parent.remove(element)
            return
        self._apply(element, extensions, path)

    def _list(
        self,
        parent: etree._Element,
        name: str,
        plan: Plan,
        value: Any,
        path: list[str | int],
        extensions: Extensions | None,
    ) -> None:
        if not isinstance(value, list):
            self.report(pointer(path), f"<{name}> is an array in CycloneDX: expected a JSON array")
            return
        element = self._sub(parent, name)
        for index, (item, item_name) in enumerate(zip(value, choose_items(plan, value), strict=True)):
            item_path = [*path, index]
            if item_name is None:
                self.report(pointer(item_path), f"no element of <{name}> can hold this item")
                continue
            spec = plan.items[item_name]
            item_extensions = _route(extensions, index)
            if spec.wrap is not None and isinstance(item, dict):
                for key in item:
                    if key != spec.wrap and not key.startswith(XML_ONLY_KEY_PREFIX):
                        self.report(pointer([*item_path, key]), f"not expressible in a <{name}> item")
                item_extensions = _route(_own_extensions(item, item_extensions), spec.wrap)
                before = len(element)
                self.value(element, spec.decl, item.get(spec.wrap), [*item_path, spec.wrap], item_extensions)
                if len(element) == before:
                    self.report(pointer(item_path), f"nothing of this <{name}> item could be written")
                continue
            self.value(element, spec.decl, item, item_path, item_extensions)
        self._apply(element, extensions, path)

    def _object(
        self,
        parent: etree._Element | None,
        name: str,
        plan: Plan,
        value: Any,
        path: list[str | int],
        extensions: Extensions | None,
    ) -> etree._Element | None:
        if not isinstance(value, dict):
            self.report(pointer(path), f"<{name}> is an object in CycloneDX: expected a JSON object")
            return None
        element = self._sub(parent, name)
        extensions = _own_extensions(value, extensions)
        generic = _marks(value)
        attributes: list[tuple[int, str, str, Any]] = []
        children: list[tuple[int, str, Child | None]] = []
        merged: dict[Child, dict[str, Any]] = {}
        for key, item in value.items():
            if key in plan.key_attr:
                attribute, _, order = plan.key_attr[key]
                attributes.append((order, key, attribute, item))
            elif key == plan.text_key and plan.shape is Shape.TEXT:
                if not self._text_content(element, plan, item, [*path, key]) and parent is not None:
                    # without its text the element would read back with an empty one: leave it all out
                    parent.remove(element)
                    self.report(pointer(path), f"<{name}> cannot be written without its {key!r}")
                    return None
            elif key in plan.by_key:
                known = plan.by_key[key]
                if known.merged:
                    if known not in merged:
                        children.append((known.order, key, known))
                    merged.setdefault(known, {})[key] = item
                else:
                    children.append((known.order, key, known))
            elif key in generic:
                children.append((_LAST, key, None))
            elif key.startswith(XML_ONLY_KEY_PREFIX):
                self._check_reserved(key, item, [*path, key])
            elif not (parent is None and key in ROOT_ONLY_KEYS):
                self.report(pointer([*path, key]), f"not defined by the CycloneDX {self.spec.value} XSD in <{name}>")
        for _, key, attribute, item in sorted(attributes):
            text = format_simple(item, plan.type.attributes[attribute])
            if text is None:
                self.report(pointer([*path, key]), f"the XML attribute {attribute!r} needs a single value")
            else:
                self._set(element, attribute, text, [*path, key])
        for _, key, child in sorted(children, key=lambda entry: (entry[0], entry[1])):
            if child is None:
                self._generic(element, key, value[key], [*path, key], _route(extensions, key))
            elif child.merged:
                self.value(element, child.decl, merged[child], path, _route(extensions, child.decl.name))
            else:
                self._child(element, child, value[key], [*path, key], _route(extensions, key))
        self._apply(element, extensions, path)
        return element

    def _check_reserved(self, key: str, item: Any, path: list[str | int]) -> None:
        if key == EXTENSIONS_KEY and not isinstance(item, dict):
            self.report(pointer(path), "XML-only records must be an object keyed by relative JSON pointers")
        elif key == GENERIC_KEY and not isinstance(item, list):
            self.report(pointer(path), "must be an array of the keys written generically")
        elif key not in (EXTENSIONS_KEY, GENERIC_KEY):
            self.report(pointer(path), "not a key aibom's XML codec defines")

    def _text_content(self, element: etree._Element, plan: Plan, item: Any, path: list[str | int]) -> bool:
        """Set the text of a simpleContent element; False if that text cannot be written."""
        if item == "" and plan.type.path in OPTIONAL_TEXT:
            self.report(pointer(path), "an empty value reads back from XML as no value")
            return True  # the element itself is fine without it
        text = format_simple(item, plan.type.text or Kind.STRING)
        if text is None:
            self.report(pointer(path), "XML text content needs a single value")
            return False
        return self._set(element, None, text, path)

    def _child(
        self, element: etree._Element, child: Child, item: Any, path: list[str | int], extensions: Extensions | None
    ) -> None:
        as_ref = child.decl.path in REF_ITEMS
        if isinstance(item, list) and not child.repeated and not is_list(child.decl) and len(item) < 2:
            # More than one becomes repeated elements (read back as an array, as the reader made it);
            # one would read back as the item itself.
            self.report(
                pointer(path),
                f"<{child.decl.name}> occurs once here in XML: an array of {len(item)} would not read back as an array",
            )
        elif isinstance(item, list) and (child.repeated or not is_list(child.decl)):
            before = len(element)
            if child.decl.path in SINGLE_ITEM_ARRAYS and not child.decl.repeated and len(item) > 1:
                for index in range(1, len(item)):
                    self.report(pointer([*path, index]), f"this XSD allows one <{child.decl.name}> here")
                item = item[:1]
            for index, entry in enumerate(item):
                self._one(element, child, entry, [*path, index], _route(extensions, index), as_ref)
            if len(element) == before:  # nothing written: the array itself does not come back either
                reason = "an empty array has" if not item else "none of its items could be written, so the array has"
                self.report(pointer(path), f"{reason} no XML form here (<{child.decl.name}> has no wrapper)")
        else:
            # a single value where the XSD repeats (the deprecated 1.6 evidence/identity object) is one element
            self._one(element, child, item, path, extensions, as_ref)

    def _one(
        self,
        element: etree._Element,
        child: Child,
        item: Any,
        path: list[str | int],
        extensions: Extensions | None,
        as_ref: bool,
    ) -> None:
        if child.unwrapped and isinstance(child.decl.type, ComplexType):
            # patentAssignee, asserter: put the organization, contact or ref back into its choice element
            plan = plan_for(child.decl.type)
            keys = [key for key in item if not key.startswith(XML_ONLY_KEY_PREFIX)] if isinstance(item, dict) else []
            if not (len(keys) == 1 and keys[0] in plan.by_key):  # not kept wrapped by the reader
                choice = best_fit(item, {name: spec.decl for name, spec in plan.by_xml.items()})
                if choice is not None:
                    item = {plan.by_xml[choice].key: item}
        self.value(element, child.decl, item, path, extensions, as_ref)

    def _generic(
        self, parent: etree._Element, name: str, value: Any, path: list[str | int], extensions: Extensions | None
    ) -> None:
        """Write back what the reader converted generically."""
        self._check_depth(path)
        if isinstance(value, list):
            for index, item in enumerate(value):
                self._generic(parent, name, item, [*path, index], _route(extensions, index))
            return
        if not _is_name(name):
            self.report(pointer(path), f"{name!r} is not an XML element name")
            return
        element = self._sub(parent, name)
        if isinstance(value, dict):
            extensions = _own_extensions(value, extensions)
            marks = _marks(value)
            for key, item in value.items():
                if key.startswith(XML_ONLY_KEY_PREFIX):
                    continue
                text = format_simple(item, Kind.STRING) if "@" + key in marks else None
                if text is None:
                    self._generic(element, key, item, [*path, key], _route(extensions, key))
                elif not _is_name(key):
                    self.report(pointer([*path, key]), f"{key!r} is not an XML attribute name")
                else:
                    self._set(element, key, text, [*path, key])
        else:
            text = format_simple(value, Kind.STRING)
            if text is None:
                self.report(pointer(path), "null has no XML representation")
            else:
                self._set(element, None, text, path)
        self._apply(element, extensions, path)

    def place_foreign(self) -> list[bytes]:
        """Put a placeholder where each XML-only element goes; return the elements' XML, by placeholder number.

        The elements are spliced into the serialized text rather than the tree: moving a parsed
        element into a tree makes lxml re-map its namespace prefixes, which goes wrong when the
        element redeclares a prefix an ancestor also uses.
        """
        fragments: list[bytes] = []
        for parent, index, text, path in sorted(self.foreign, key=lambda entry: entry[1]):
            fragment = _fragment(text)
            if fragment is None:
                self.report(pointer([*path, EXTENSIONS_KEY]), "an XML-only element is not a well-formed XML element")
                continue
            parent.insert(index, etree.ProcessingInstruction(_PLACEHOLDER, str(len(fragments))))
            fragments.append(fragment)
        return fragments


_PLACEHOLDER = "aibom-xml-only"
_PLACEHOLDERS = re.compile(rb"<\?" + _PLACEHOLDER.encode() + rb" (\d+)\?>")


def _fragment(text: str) -> bytes | None:
    """The UTF-8 serialization of one stored XML element, or None if the text is not one."""
    try:
        node = etree.fromstring(text.encode(), safe_parser())
    except etree.XMLSyntaxError:
        return None
    info: Any = node.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        return None
    serialized: bytes = etree.tostring(node, encoding="UTF-8", xml_declaration=False, with_tail=False)
    return serialized


def write_document(doc: dict[str, Any], spec: SpecVersion, report: Callable[[str, str], None] | None) -> bytes:
    """Serialize ``doc`` as XML of ``spec``: see :func:`aibom.codec.xml.document_to_xml`."""
    if not isinstance(doc, dict):
        raise InvalidDocument(
            "a CycloneDX document must be an object", source="<dict>", location="", expected="a JSON object (dict)"
        )
    findings: list[tuple[str, str]] = []
    writer = _Writer(spec, report if report is not None else lambda where, why: findings.append((where, why)))
    root_type = load_model(spec).root.type
    assert isinstance(root_type, ComplexType)
    writer.declare(doc)
    root = writer._object(None, "bom", plan_for(root_type), doc, [], None)
    assert root is not None
    fragments = writer.place_foreign()
    etree.indent(root, space="  ")
    if findings:
        raise InexpressibleContent(
            f"{len(findings)} field(s) cannot be expressed in CycloneDX {spec.value} XML: "
            + "; ".join(f"{where} ({why})" for where, why in findings[:5])
            + ("; …" if len(findings) > 5 else ""),
            findings=tuple(findings),
            source="<dict>",
            location=findings[0][0],
            expected=f"only fields the CycloneDX {spec.value} XSD defines",
        )
    body: bytes = etree.tostring(root, encoding="UTF-8")
    if fragments:
        body = _PLACEHOLDERS.sub(lambda match: fragments[int(match.group(1))], body)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
