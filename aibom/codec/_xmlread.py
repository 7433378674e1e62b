"""Reading CycloneDX XML into the JSON-shaped dict (see :mod:`aibom.codec.xml`)."""

from __future__ import annotations

import copy
from typing import Any, cast

from lxml import etree

from aibom._pointer import pointer
from aibom.codec._xmlmap import (
    EXTENSIONS_KEY,
    GENERIC_KEY,
    MAX_DEPTH,
    OPTIONAL_TEXT,
    REF_ITEMS,
    XML_ONLY_KEY_PREFIX,
    Child,
    Pending,
    Plan,
    Record,
    Shape,
    is_list,
    parse_simple,
    plan_for,
)
from aibom.codec._xsd import ElementDecl, Kind, load_model
from aibom.errors import InvalidDocument
from aibom.spec import SpecVersion

__all__ = ["read_document"]


def _is_element(node: etree._Element) -> bool:
    return isinstance(node.tag, str)


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    return cast(list[tuple[str, str]], element.attrib.items())


def _own_text(element: etree._Element) -> str:
    """The element's character data; comments and processing instructions are skipped."""
    if not len(element):
        return element.text or ""
    return "".join([element.text or "", *(child.tail or "" for child in element)])


def _serialize_foreign(element: etree._Element) -> str:
    clone = copy.deepcopy(element)
    clone.tail = None
    etree.cleanup_namespaces(clone)
    text: str = etree.tostring(clone, encoding="unicode", with_tail=False)
    return text


def _attach(target: dict[str, Any], prefix: list[str | int], pending: Pending | None) -> None:
    """Store records of XML-only content in ``target`` under pointers relative to it."""
    if not pending:
        return
    extensions = target.setdefault(EXTENSIONS_KEY, {})
    for parts, record in pending:
        relative = pointer([*prefix, *parts])
        existing = extensions.setdefault(relative, {})
        for name, value in record.items():
            if name == "attributes":
                existing.setdefault(name, {}).update(value)
            elif name == "elements":
                existing.setdefault(name, []).extend(value)
            else:
                existing[name] = value


def _shift_records(target: dict[str, Any], key: str) -> None:
    """Records of ``/key`` move to ``/key/0`` when a second occurrence turns the value into an array."""
    extensions = target.get(EXTENSIONS_KEY)
    if not extensions:
        return
    head = pointer([key])
    for relative in [relative for relative in extensions if relative == head or relative.startswith(head + "/")]:
        extensions[head + "/0" + relative[len(head) :]] = extensions.pop(relative)


def _occurs_again(spec: Child, out: dict[str, Any], merged: set[str]) -> bool:
    """True for a second wrapper (a JSON array) or merged element where the XSD allows only one."""
    if spec.merged:
        return spec.decl.name in merged
    return spec.key in out and not spec.decl.repeated and is_list(spec.decl)


class _Reader:
    """Converts the elements of one document; notes whether anything went under ``@xml:`` keys."""

    def __init__(self, namespace: str, source: str) -> None:
        self.prefix = "{" + namespace + "}"
        self.source = source
        self.xml_only = False

    def _keep(
        self,
        own: Record,
        *,
        attribute: tuple[str, str] | None = None,
        element: tuple[int, etree._Element] | None = None,
        text: str | None = None,
    ) -> None:
        """Record XML-only content of the element being read."""
        self.xml_only = True
        if attribute is not None:
            own.setdefault("attributes", {})[attribute[0]] = attribute[1]
        if element is not None:
            own.setdefault("elements", []).append({"index": element[0], "xml": _serialize_foreign(element[1])})
        if text is not None:
            own["text"] = text

    def _keep_children(self, element: etree._Element, own: Record) -> None:
        for index, child in enumerate(child for child in element if _is_element(child)):
            self._keep(own, element=(index, child))

    def _keep_text(self, element: etree._Element, own: Record) -> None:
        text = _own_text(element)
        if text.strip():
            # between child elements the whitespace is indentation, not content
            self._keep(own, text=text.strip() if any(_is_element(child) for child in element) else text)

    def _has_cdx_children(self, element: etree._Element) -> bool:
        return any(_is_element(child) and child.tag.startswith(self.prefix) for child in element)

    def _check_depth(self, element: etree._Element, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InvalidDocument(
                f"elements nested deeper than {MAX_DEPTH} levels",
                source=self.source,
                location=f"line {element.sourceline}",
                expected=f"at most {MAX_DEPTH} levels of nesting",
            )

    def value(
        self, element: etree._Element, decl: ElementDecl, depth: int, as_ref: bool = False
    ) -> tuple[Any, Pending | None]:
        """Convert one element: its JSON value, and records not yet attached to an object."""
        self._check_depth(element, depth)
        ctype = decl.type
        if isinstance(ctype, Kind):
            return self._simple(element, ctype, depth)
        plan = plan_for(ctype)
        shape = plan.shape
        if shape is Shape.OBJECT:
            if as_ref and element.get("ref") is not None and not self._has_cdx_children(element):
                return self._ref(element)
            return self._object(element, plan, depth), None
        if shape is Shape.LIST:
            return self._list(element, plan, depth)
        if shape is Shape.TEXT:
            return self._text(element, plan, depth)
        if shape is Shape.REF:
            if element.get("ref") is not None and not self._has_cdx_children(element):
                return self._ref(element)
            return self._generic(element, depth, as_object=True), None
        if shape is Shape.HYBRID:
            item = self.prefix + (plan.hybrid_item or "")
            if any(child.tag == item for child in element):
                return self._list(element, plan, depth)
            return self._object(element, plan, depth), None
        if self._has_cdx_children(element):  # MIXED: the detailed object…
            return self._object(element, plan, depth), None
        return self._simple(element, Kind.STRING, depth)  # …or the legacy ref string

    def _simple(self, element: etree._Element, kind: Kind, depth: int) -> tuple[Any, Pending | None]:
        if self._has_cdx_children(element):
            return self._generic(element, depth, as_object=True), None
        own: Record = {}
        for name, value in _attributes(element):
            self._keep(own, attribute=(name, value))
        self._keep_children(element, own)
        return parse_simple(_own_text(element), kind), ([([], own)] if own else None)

    def _ref(self, element: etree._Element) -> tuple[Any, Pending | None]:
        own: Record = {}
        for name, value in _attributes(element):
            if name != "ref":
                self._keep(own, attribute=(name, value))
        self._keep_children(element, own)
        self._keep_text(element, own)
        return element.get("ref"), ([([], own)] if own else None)

    def _text(self, element: etree._Element, plan: Plan, depth: int) -> tuple[Any, Pending | None]:
        if self._has_cdx_children(element):
            return self._generic(element, depth, as_object=True), None
        out: dict[str, Any] = {}
        own: Record = {}
        kinds = plan.type.attributes
        for name, value in _attributes(element):
            key = plan.attr_key.get(name)
            if key is None:
                self._keep(own, attribute=(name, value))
            else:
                out[key] = parse_simple(value, kinds[name])
        self._keep_children(element, own)
        text = _own_text(element)
        if text or plan.type.path not in OPTIONAL_TEXT:
            out[plan.text_key] = parse_simple(text, plan.type.text or Kind.STRING)
        _attach(out, [], [([], own)] if own else None)
        return out, None

    def _list(self, element: etree._Element, plan: Plan, depth: int) -> tuple[Any, Pending | None]:
        out: list[Any] = []
        pending: Pending = []
        own: Record = {}
        for attribute in _attributes(element):
            self._keep(own, attribute=attribute)
        index = 0
        for child in element:
            if not _is_element(child):
                continue
            tag = child.tag
            item = plan.items.get(tag[len(self.prefix) :]) if tag.startswith(self.prefix) else None
            if item is None:
                self._keep(own, element=(index, child))  # keeps the array intact
            else:
                value, inner = self.value(child, item.decl, depth + 1)
                if item.wrap is not None:
                    wrapped = {item.wrap: value}
                    _attach(wrapped, [item.wrap], inner)
                    value = wrapped
                elif inner:
                    pending.extend(([len(out), *parts], record) for parts, record in inner)
                out.append(value)
            index += 1
        self._keep_text(element, own)
        if own:
            pending.append(([], own))
        return out, pending or None

    def _object(self, element: etree._Element, plan: Plan, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        own: Record = {}
        kinds = plan.type.attributes
        for name, value in _attributes(element):
            key = plan.attr_key.get(name)
            if key is None:
                self._keep(own, attribute=(name, value))
            else:
                out[key] = parse_simple(value, kinds[name])
        generic: list[str] = []
        arrays: set[str] = set()  # keys that became arrays because an element occurred too often
        merged: set[str] = set()
        index = 0
        for child in element:
            if not _is_element(child):
                continue
            tag = child.tag
            local = tag[len(self.prefix) :] if tag.startswith(self.prefix) else None
            spec = plan.by_xml.get(local) if local is not None else None
            if local is None or (spec is not None and _occurs_again(spec, out, merged)):
                self._keep(own, element=(index, child))  # foreign, or a second one the XSD does not allow
            elif spec is not None:
                self._known_child(out, spec, child, depth, arrays)
                if spec.merged:
                    merged.add(spec.decl.name)
            elif local in plan.known_keys or (local in out and local not in generic):
                self._keep(own, element=(index, child))  # its name is a JSON key of this object already
            else:
                self._generic_child(out, generic, arrays, local, child, depth)
            index += 1
        self._keep_text(element, own)
        if generic:
            self.xml_only = True
            out[GENERIC_KEY] = generic
        _attach(out, [], [([], own)] if own else None)
        return out

    def _known_child(
        self, out: dict[str, Any], spec: Child, child: etree._Element, depth: int, arrays: set[str]
    ) -> None:
        value, inner = self.value(child, spec.decl, depth + 1, spec.decl.path in REF_ITEMS)
        if spec.unwrapped and isinstance(value, dict):
            keys = [key for key in value if not key.startswith(XML_ONLY_KEY_PREFIX)]
            if len(keys) == 1 and len(value) == 1:
                value = value[keys[0]]
        if spec.merged and isinstance(value, dict):
            records = value.pop(EXTENSIONS_KEY, None)
            out.update(value)
            _attach(out, [spec.decl.name], [([], record) for record in (records or {}).values()])
            return
        key = spec.key
        if spec.repeated:
            values = out.setdefault(key, [])
            _attach(out, [key, len(values)], inner)
            values.append(value)
        elif key not in out:
            _attach(out, [key], inner)
            out[key] = value
        elif isinstance(value, list) and isinstance(out[key], list) and key not in arrays:
            # a wrapper the XSD lets repeat (energyConsumptions) continues the same array
            offset = len(out[key])
            _attach(
                out,
                [key],
                [([offset + int(parts[0]), *parts[1:]] if parts else [], record) for parts, record in inner or ()],
            )
            out[key].extend(value)
        else:
            if key not in arrays:
                arrays.add(key)
                out[key] = [out[key]]
                _shift_records(out, key)
            _attach(out, [key, len(out[key])], inner)
            out[key].append(value)

    def _generic_child(
        self, out: dict[str, Any], generic: list[str], arrays: set[str], local: str, child: etree._Element, depth: int
    ) -> None:
        value = self._generic(child, depth + 1)
        if local not in out:
            out[local] = value
            generic.append(local)
        elif local in arrays:
            out[local].append(value)
        else:
            out[local] = [out[local], value]
            arrays.add(local)

    def _generic(self, element: etree._Element, depth: int, as_object: bool = False) -> Any:
        """Convert an element the XSD does not describe here: its text, or an object of its parts."""
        self._check_depth(element, depth)
        self.xml_only = True
        children = [child for child in element if _is_element(child)]
        if not as_object and not element.attrib and not children:
            return _own_text(element)
        out: dict[str, Any] = {}
        own: Record = {}
        marks: list[str] = []
        for name, value in _attributes(element):
            if name[0] == "{":
                self._keep(own, attribute=(name, value))
            else:
                out[name] = value
                marks.append("@" + name)
        arrays: set[str] = set()
        for index, child in enumerate(children):
            local = child.tag[len(self.prefix) :] if child.tag.startswith(self.prefix) else None
            if local is None or "@" + local in marks:
                self._keep(own, element=(index, child))
                continue
            value = self._generic(child, depth + 1)
            if local in arrays:
                out[local].append(value)
            elif local in out:
                out[local] = [out[local], value]
                arrays.add(local)
            else:
                out[local] = value
                marks.append(local)
        text = _own_text(element)
        if text.strip() or (as_object and text):
            self._keep(own, text=text)
        out[GENERIC_KEY] = marks
        _attach(out, [], [([], own)] if own else None)
        return out


def read_document(root: etree._Element, spec: SpecVersion, source: str) -> tuple[dict[str, Any], bool]:
    """Convert the ``<bom>`` element of ``spec``: the root object's keys, and whether XML-only content was kept."""
    reader = _Reader(spec.xml_namespace, source)
    body, _ = reader.value(root, load_model(spec).root, 1)
    prefixes = {prefix: uri for prefix, uri in root.nsmap.items() if prefix and uri != spec.xml_namespace}
    if prefixes and reader.xml_only:
        # only cosmetic: lets the writer declare the original prefixes once, on <bom>
        _attach(body, [], [([], {"namespaces": prefixes})])
    return body, reader.xml_only
