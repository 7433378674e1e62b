"""Interop with cyclonedx-python-lib: :func:`to_cyclonedx` and :func:`from_cyclonedx`.

cyclonedx-python-lib (11.x) models only part of CycloneDX. Measured on the
official 1.5–1.7 suite, reading a document it silently drops ``annotations``,
``citations``, ``compositions``, ``declarations``, ``formulation``,
``signature`` (everywhere), 1.7 ``definitions.patents``; components'
``modelCard``, ``data``, ``modified``, 1.7 ``versionRange`` and
``patentAssertions``, licenses' ``licensing``, the 1.6 ``evidence.identity``
array's details, most 1.7 ``cryptoProperties`` details; services' ``trustZone``,
``tags``, ``patentAssertions`` and named dataflows in ``data`` (which it cannot
even read); ``dependencies[].provides``, ``vulnerabilities[].proofOfConcept``
and ``rejected``; and every empty array. It also rewrites some values
(``metadata.timestamp`` ``Z`` → ``+00:00``, a ``contentType`` added to license
texts), reorders every array it keeps (as a sorted set, merging duplicates) and
refuses to write a license expression next to other licenses or a dependency on
a ref it does not know (a nested service, another BOM).

**Approach.** :func:`to_cyclonedx` builds the library's objects one by one
(the BOM, its ``metadata``, every component and service at any depth) with the
library's own ``from_json``, then compares, key by key, what the library writes
back for that object with what aibom had, in canonical form (array order
ignored). Each key the library drops, alters, cannot read or refuses to write is
kept *raw* (the JSON value as aibom had it) on the object, whose class becomes a
subclass of the library's (:class:`AibomBom`, :class:`AibomMetaData`,
:class:`AibomComponent`, :class:`AibomService`); the library's own attribute for
that key is emptied. py-serializable keeps property metadata per class, so each
subclass gets a copy of its library class's (``bom-ref``, licenses, hashes…
serialize exactly as for the library's classes) plus one property per raw key,
written by a :class:`~py_serializable.helpers.BaseHelper` as the raw JSON: the
library's JSON outputters write the raw keys as they are (converted by aibom when
the outputter's version differs). The subclasses' ``as_xml`` renders the JSON the
library writes for the object through aibom's XSD-driven XML codec, so the
library's XML outputters put every element, the raw ones included, in XSD order.
Each object also remembers what aibom had, so :func:`from_cyclonedx` — the
library's JSON output for the requested version, loaded into aibom — restores the
exact value (order included) of every key the library still writes as it did,
and removes what the library's outputter adds on its own: a random
``serialNumber``, ``metadata.timestamp``, ``version``, ``$schema``, random
``bom-ref`` values for objects without one and the ref-only dependency entries
it registers for every component and service. So
``from_cyclonedx(to_cyclonedx(bom)).document == bom.document`` exactly.

**Limits.**

* A raw key is not a typed attribute: the library's code sees it empty (read it
  through :attr:`AibomComponent.aibom_extras`), and a value set there through the
  library is shadowed by the raw one in the output. To change a model card,
  change the aibom document and call :func:`to_cyclonedx` again.
* Dependencies the library cannot keep as written (``provides``, an empty
  ``dependsOn``, repeated entries, unknown refs) are carried raw as a whole, and
  the library's dependency graph is then empty.
* Empty ``components``/``services`` arrays, content only XML can carry
  (``@xml:`` records) and keys py-serializable cannot name come back from
  :func:`from_cyclonedx` but are not written by the library's outputters. Its
  outputters for versions before 1.5, and its XML outputters for JSON-only fields
  (``signature``), leave raw keys out with an
  :class:`~aibom.io.InexpressibleWarning`.
* What is changed through the library after :func:`to_cyclonedx` comes back as
  the library writes it: arrays in its sort order, duplicates merged, random
  ``bom-ref`` values for new objects without one. Asking :func:`from_cyclonedx`
  for another version than the BOM's applies the library's version handling to
  what it models and aibom's conversion to what is carried raw.
* The library's outputters register the dependency entries on the library's
  ``Bom`` itself (its ``validate()``); :func:`from_cyclonedx` removes them again.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar, cast
from xml.etree import ElementTree

from cyclonedx.contrib.bom.utils import BomDependencyGraphFlatMerger
from cyclonedx.exception import CycloneDxException
from cyclonedx.model.bom import Bom as LibBom
from cyclonedx.model.bom import BomMetaData
from cyclonedx.model.component import Component
from cyclonedx.model.license import LicenseExpression
from cyclonedx.model.service import Service
from cyclonedx.output import make_outputter
from cyclonedx.schema import OutputFormat, SchemaVersion
from cyclonedx.schema.schema import SCHEMA_VERSIONS
from py_serializable import ObjectMetadataLibrary, SerializationType, ViewType
from py_serializable.formatters import CurrentFormatter
from py_serializable.helpers import BaseHelper

from aibom.bom import Bom
from aibom.codec.xml import document_to_xml
from aibom.convert import convert_document
from aibom.errors import InvalidArgument
from aibom.io import InexpressibleWarning, load
from aibom.spec import SpecVersion

__all__ = ["AibomBom", "AibomComponent", "AibomMetaData", "AibomService", "from_cyclonedx", "to_cyclonedx"]

_C = TypeVar("_C", bound="_Carrier")
_XML_ONLY = "@xml:"
# What the library's constructors and py-serializable raise on values they cannot take.
_LIBRARY_ERRORS = (AttributeError, KeyError, TypeError, ValueError, ArithmeticError, CycloneDxException)
_MISSING = object()
_VIEW_SPEC: dict[type[ViewType], SpecVersion] = {
    SCHEMA_VERSIONS[SchemaVersion.from_version(version.value)]: version for version in SpecVersion
}


def _canon(value: Any) -> str:
    """A text equal for equal JSON values whatever the order of arrays and keys (``@xml:`` records ignored)."""
    if isinstance(value, dict):
        items = sorted((key, _canon(item)) for key, item in value.items() if not key.startswith(_XML_ONLY))
        return "{" + ",".join(json.dumps(key) + ":" + item for key, item in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(sorted(_canon(item) for item in value)) + "]"
    return json.dumps(value)


def _without_xml_only(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_xml_only(item) for key, item in value.items() if not key.startswith(_XML_ONLY)}
    if isinstance(value, list):
        return [_without_xml_only(item) for item in value]
    return value


@dataclass(eq=False)
class _Kind:
    """One kind of library object aibom carries extras on, and how it sits in a CycloneDX document."""

    lib: type
    element: str  # its XML element name
    required: tuple[str, ...]  # keys the library's constructor needs
    children: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # key -> (attribute, kind, is a list)
    carrier: type = object  # set below to the subclass of ``lib`` that carries extras

    def wrap(self, body: dict[str, Any], spec: SpecVersion) -> dict[str, Any]:
        """A document holding ``body`` as its only object of this kind."""
        envelope: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": spec.value, "version": 1}
        if self.element == "bom":
            return {**envelope, **body}
        if self.element == "metadata":
            return {**envelope, "metadata": body}
        return {**envelope, self.element + "s": [body]}

    def unwrap(self, doc: dict[str, Any]) -> Any:
        if self.element == "bom":
            return doc
        if self.element == "metadata":
            return doc.get("metadata")
        items = doc.get(self.element + "s")
        return items[0] if items else None

    def locate(self, root: ElementTree.Element, namespace: str) -> ElementTree.Element | None:
        if self.element == "bom":
            return root
        if self.element == "metadata":
            return root.find(f"{{{namespace}}}metadata")
        return root.find(f"{{{namespace}}}{self.element}s/{{{namespace}}}{self.element}")


_KINDS: dict[str, _Kind] = {
    "bom": _Kind(LibBom, "bom", (), {"metadata": ("metadata", "metadata", False),
                                     "components": ("components", "component", True),
                                     "services": ("services", "service", True)}),
    "metadata": _Kind(BomMetaData, "metadata", (), {"component": ("component", "component", False)}),
    "component": _Kind(Component, "component", ("type", "name"), {"components": ("components", "component", True)}),
    "service": _Kind(Service, "service", ("name",), {"services": ("services", "service", True)}),
}
_ENVELOPE = frozenset({"$schema", "bomFormat", "specVersion"})


def _json_key(name: str, prop: ObjectMetadataLibrary.SerializableProperty) -> str:
    """The JSON key py-serializable writes for a property (as its JSON encoder computes it)."""
    return CurrentFormatter.formatter.encode(property_name=prop.custom_names.get(SerializationType.JSON) or name)


@dataclass(frozen=True, slots=True)
class _Raw:
    """A raw value on its way through py-serializable's JSON encoder."""

    kind: str
    key: str
    value: Any
    spec: SpecVersion


class _RawHelper(BaseHelper):
    """py-serializable type mapping of a raw key: the JSON value as aibom had it (made fit for the view)."""

    @classmethod
    def json_normalize(cls, o: Any, *, view: type[ViewType] | None, **_: Any) -> Any:
        if not isinstance(o, _Raw):
            return o
        value = _without_xml_only(o.value)
        if view is None:
            return value
        target = _VIEW_SPEC.get(view)
        if target is None:
            warnings.warn(f"{o.key}: aibom cannot write it for this CycloneDX version; left out",
                          InexpressibleWarning, stacklevel=2)
            return None
        if target is o.spec:
            return value
        kind = _KINDS[o.kind]
        converted, findings = convert_document(kind.wrap({o.key: value}, o.spec), o.spec, target)
        for finding in findings:
            warnings.warn(f"{o.key}: {finding.message} ({finding.location}); left out of the CycloneDX "
                          f"{target.value} output", InexpressibleWarning, stacklevel=2)
        holder = kind.unwrap(converted)
        return holder.get(o.key) if isinstance(holder, dict) else None

    @classmethod
    def xml_normalize(cls, o: Any, **_: Any) -> None:
        return None  # the carriers' as_xml writes raw keys through aibom's codec

    @classmethod
    def json_denormalize(cls, o: Any, **_: Any) -> Any:
        return o

    @classmethod
    def xml_denormalize(cls, o: Any, **_: Any) -> Any:
        raise NotImplementedError("aibom's carrier classes are not read from XML by the library")


class _Carrier:
    """Mixin of the library classes that carry what the library cannot hold.

    It comes after the library class among the bases (so that an object of the
    library class can become a carrier by setting ``__class__``); :func:`_carrier`
    copies its ``__eq__`` and ``as_xml`` into each carrier class so that they take
    precedence over the library's.
    """

    __slots__ = ()

    _aibom_kind: ClassVar[str]
    _aibom_lib: ClassVar[Any]  # the library class
    _aibom_raw: dict[str, Any]  # keys written as aibom had them
    _aibom_hidden: dict[str, Any]  # not written by the library (XML-only records, [] children, odd names)
    _aibom_source: dict[str, Any]  # the object as aibom had it
    _aibom_added: dict[str, Any]  # what the library adds on its own (removed again by from_cyclonedx)
    _aibom_spec: SpecVersion
    _aibom_slot: int  # position in the parent's array: keeps the library's sets from merging look-alikes
    _aibom_refs: frozenset[str]  # on the BOM: every bom-ref of its components and services

    @property
    def aibom_extras(self) -> MappingProxyType[str, Any]:
        """The keys the library cannot hold, as CycloneDX JSON; its outputters write them all the same."""
        return MappingProxyType(self._aibom_raw)

    def _aibom_tie(self) -> tuple[int, str]:
        return self._aibom_slot, _canon(self._aibom_raw)

    def __eq__(self, other: object) -> bool:
        equal = self._aibom_lib.__eq__(self, other)
        if equal is True and isinstance(other, _Carrier):
            return self._aibom_tie() == other._aibom_tie()
        return equal  # type: ignore[no-any-return]

    def as_xml(self, view_: type[ViewType] | None = None, as_string: bool = True, element_name: str | None = None,
               xmlns: str | None = None) -> ElementTree.Element | str:
        """XML of this object by aibom's XSD-driven codec, from the JSON the library writes for it."""
        spec = _VIEW_SPEC.get(view_) if view_ is not None else None
        if spec is None:
            if self._aibom_raw:
                warnings.warn(f"{', '.join(self._aibom_raw)}: aibom cannot write XML for this CycloneDX version; "
                              "left out", InexpressibleWarning, stacklevel=2)
            return self._aibom_lib.as_xml(self, view_, as_string, element_name, xmlns)  # type: ignore[no-any-return]
        kind = _KINDS[self._aibom_kind]
        body = json.loads(self.as_json(view_=view_))  # type: ignore[attr-defined]

        def report(where: str, why: str) -> None:
            warnings.warn(f"{where}: {why}; left out of the library's XML output", InexpressibleWarning, stacklevel=4)

        root = ElementTree.fromstring(document_to_xml(kind.wrap(body, spec), spec, report=report))
        element = kind.locate(root, spec.xml_namespace)
        assert element is not None
        old = f"{{{spec.xml_namespace}}}"
        for node in element.iter():  # as py-serializable does: elements and attributes in ``xmlns``, if any
            if len(node) and not (node.text or "").strip():
                node.text = None  # no indentation: the library's outputters indent on request
            if not (node.tail or "").strip():
                node.tail = None
            local = node.tag.removeprefix(old)
            node.tag = f"{{{xmlns}}}{local}" if xmlns else local
            if xmlns:
                for attribute in [a for a in node.attrib if not a.startswith("{")]:
                    node.attrib[f"{{{xmlns}}}{attribute}"] = node.attrib.pop(attribute)
        name = element_name or kind.element
        element.tag = name if name.startswith("{") or not xmlns else f"{{{xmlns}}}{name}"
        return ElementTree.tostring(element, "unicode") if as_string else element


def _carrier(kind_name: str) -> Callable[[type[_C]], type[_C]]:
    """Make a subclass of a library class a carrier of the given kind."""

    def decorate(cls: type[_C]) -> type[_C]:
        kind = _KINDS[kind_name]
        for key in ("__eq__", "as_xml"):  # ahead of the library class's in the MRO
            setattr(cls, key, _Carrier.__dict__[key])
        cls.__hash__ = kind.lib.__hash__  # type: ignore[assignment]
        cls._aibom_kind, cls._aibom_lib = kind_name, kind.lib
        # py-serializable keys property metadata by qualified class name: the subclass gets the library's (so
        # bom-ref stays "bom-ref", licenses stay objects...) and, later, one property per raw key (see _writable)
        library = ObjectMetadataLibrary.klass_property_mappings
        library[f"{cls.__module__}.{cls.__qualname__}"] = dict(
            library[f"{kind.lib.__module__}.{kind.lib.__qualname__}"])
        kind.carrier = cls
        return cls

    return decorate


@_carrier("bom")
class AibomBom(LibBom, _Carrier):
    """A cyclonedx-python-lib ``Bom`` that also carries what the library cannot hold (see :attr:`aibom_extras`)."""


@_carrier("metadata")
class AibomMetaData(BomMetaData, _Carrier):
    """A cyclonedx-python-lib ``BomMetaData`` that also carries what the library cannot hold."""


@_carrier("component")
class AibomComponent(Component, _Carrier):
    """A cyclonedx-python-lib ``Component`` that also carries what the library cannot hold (``modelCard``…)."""


@_carrier("service")
class AibomService(Service, _Carrier):
    """A cyclonedx-python-lib ``Service`` that also carries what the library cannot hold."""


def _writable(cls: type, key: str) -> bool:
    """Give ``cls`` a py-serializable property writing the raw ``key``; False if py-serializable cannot name it."""
    if CurrentFormatter.formatter.encode(property_name=key) != key:
        return False
    name = "aibom:" + key
    properties = ObjectMetadataLibrary.klass_property_mappings[f"{cls.__module__}.{cls.__qualname__}"]
    if name not in properties:
        def getter(self: Any) -> _Raw | None:
            raw = self._aibom_raw
            return _Raw(self._aibom_kind, key, raw[key], self._aibom_spec) if key in raw else None

        setattr(cls, name, property(getter))
        properties[name] = ObjectMetadataLibrary.SerializableProperty(
            prop_name=name, prop_type=Any, custom_names={SerializationType.JSON: key, SerializationType.XML: key},
            custom_type=_RawHelper)
    return True


def _attribute(lib: type, key: str) -> str | None:
    for name, prop in ObjectMetadataLibrary.klass_property_mappings[f"{lib.__module__}.{lib.__qualname__}"].items():
        if _json_key(name, prop) == key:
            return name
    return None


def _clear(obj: Any, lib: type, key: str) -> None:
    """Empty the library's attribute for ``key`` (its value is carried raw instead)."""
    name = _attribute(lib, key)
    if name is None:
        return
    try:
        current = getattr(obj, name)
    except AttributeError:
        return
    if current is None or (isinstance(current, Iterable) and not isinstance(current, str) and not list(current)):
        return
    empty: list[Any] | None = [] if isinstance(current, Iterable) and not isinstance(current, str) else None
    for value in (empty, _MISSING, current):  # None or []; else an empty object of its type; else leave it
        try:
            setattr(obj, name, type(current)() if value is _MISSING else value)
            getattr(obj, name)  # some getters fail on None
        except _LIBRARY_ERRORS:  # a setter or getter that refuses: try the next value
            pass
        else:
            return


class _Builder:
    """Build the library's objects for an aibom document (see the module docstring)."""

    def __init__(self, spec: SpecVersion) -> None:
        self.spec = spec
        self.view = SCHEMA_VERSIONS[SchemaVersion.from_version(spec.value)]
        self.refs: set[str] = set()

    def build(self, kind_name: str, data: dict[str, Any], slot: int, path: str) -> Any:
        kind = _KINDS[kind_name]
        own = {key: value for key, value in data.items()
               if key not in kind.children and key not in _ENVELOPE and not key.startswith(_XML_ONLY)}
        obj, raw = self._load(kind, own, path)
        hidden = {key: value for key, value in data.items() if key.startswith(_XML_ONLY)}
        for key, (attribute, child_kind, many) in kind.children.items():
            value = data.get(key, _MISSING)
            if many and isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                setattr(obj, attribute, [self.build(child_kind, item, index, f"{path}/{key}/{index}")
                                         for index, item in enumerate(value)])
            elif not many and isinstance(value, dict):
                setattr(obj, attribute, self.build(child_kind, value, 0, f"{path}/{key}"))
            elif value == []:
                hidden[key] = value  # the library writes no empty array; nothing is lost without it
            elif value is not _MISSING:
                raw[key] = value
            elif kind_name == "bom" and key == "metadata":
                obj.metadata = self.build("metadata", {}, 0, "/metadata")  # the library always writes metadata
        written = json.loads(obj.as_json(view_=self.view))
        if kind_name == "bom" and isinstance(own.get("dependencies"), list):
            # as the JSON outputter writes them, less the ref-only entries it adds for every object
            listed = {d.get("ref") for d in own["dependencies"] if isinstance(d, dict)}
            flat = (json.loads(cast(Any, d).as_json(view_=self.view))
                    for d in BomDependencyGraphFlatMerger._flatten_merge(obj.dependencies))
            written["dependencies"] = [d for d in flat if list(d) != ["ref"] or d["ref"] in listed]
        for key, value in own.items():
            if key not in raw and (key not in written or _canon(written[key]) != _canon(value)
                                   or self._rejects(obj, key)):
                raw[key] = value
                _clear(obj, kind.lib, key)
        obj.__class__ = kind.carrier
        for key in list(raw):
            if not _writable(kind.carrier, key):
                hidden[key] = raw.pop(key)
        obj._aibom_hidden = hidden
        obj._aibom_raw = raw
        obj._aibom_source = data
        obj._aibom_added = {key: value for key, value in written.items()
                            if key not in data and key not in raw and key not in kind.children}
        obj._aibom_spec = self.spec
        obj._aibom_slot = slot
        if isinstance(data.get("bom-ref"), str):
            self.refs.add(data["bom-ref"])
        return obj

    def _load(self, kind: _Kind, own: dict[str, Any], path: str) -> tuple[Any, dict[str, Any]]:
        """The library's object for ``own``; keys the library rejects come back raw."""
        def attempt(data: dict[str, Any]) -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the library's deprecation notes on fields it reads
                return kind.lib.from_json(copy.deepcopy(data))  # type: ignore[attr-defined]

        try:
            return attempt(own), {}
        except _LIBRARY_ERRORS:  # find the keys to blame
            base = {key: own[key] for key in kind.required if key in own}
            raw = {}
            for key, value in own.items():
                try:
                    attempt({**base, key: value})
                except _LIBRARY_ERRORS:
                    raw[key] = value
            try:
                return attempt({key: value for key, value in own.items() if key not in raw}), raw
            except _LIBRARY_ERRORS as error:
                raise InvalidArgument(
                    f"cyclonedx-python-lib cannot represent this {kind.element}: {error}",
                    source="<Bom>", location=path or "/", expected="an object the library can build",
                ) from error

    def _rejects(self, obj: Any, key: str) -> bool:
        """Values the library reads but refuses to write."""
        if key == "licenses":  # LicenseExpressionAlongWithOthersException
            licenses = list(getattr(obj, "licenses", ()))
            return len(licenses) > 1 and any(isinstance(item, LicenseExpression) for item in licenses)
        if key == "dependencies" and isinstance(obj, LibBom):  # UnknownComponentDependencyException
            known = {c.bom_ref for c in obj._get_all_components()} | {s.bom_ref for s in obj.services}
            return any(d.ref not in known or any(n.ref not in known for n in d.dependencies)
                       for d in obj.dependencies)
        return False


def to_cyclonedx(bom: Bom) -> AibomBom:
    """The BOM as a cyclonedx-python-lib ``Bom`` whose outputters write everything aibom has.

    The result is an :class:`AibomBom` (a subclass of the library's ``Bom``) whose
    components and services are :class:`AibomComponent`/:class:`AibomService`;
    fields the library cannot hold (model cards, datasets, formulation…) travel
    on them raw and come out of the library's JSON and XML outputters.

    >>> import aibom
    >>> from cyclonedx.output.json import JsonV1Dot6
    >>> bom = aibom.load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
    ...                   "components": [{"type": "machine-learning-model", "name": "resnet", "bom-ref": "m",
    ...                                   "modelCard": {"modelParameters": {"task": "classification"}}}]})
    >>> lib_bom = to_cyclonedx(bom)
    >>> lib_bom.components[0].name, dict(lib_bom.components[0].aibom_extras)
    ('resnet', {'modelCard': {'modelParameters': {'task': 'classification'}}})
    >>> '"modelCard"' in JsonV1Dot6(lib_bom).output_as_string()
    True
    """
    if not isinstance(bom, Bom):
        raise InvalidArgument(f"expected an aibom.Bom, got {type(bom).__name__}",
                              expected="an aibom.Bom (see aibom.load)")
    builder = _Builder(bom.spec)
    lib_bom: AibomBom = builder.build("bom", copy.deepcopy(bom.document), 0, "")
    lib_bom._aibom_refs = frozenset(builder.refs)
    return lib_bom


def from_cyclonedx(lib_bom: LibBom, spec: SpecVersion | str | None = None) -> Bom:
    """An aibom ``Bom`` of a cyclonedx-python-lib ``Bom``, through the library's JSON outputter for ``spec``.

    ``spec`` defaults to the version of the aibom BOM that :func:`to_cyclonedx`
    made ``lib_bom`` from, else ``"1.6"``. What :func:`to_cyclonedx` carried comes
    back, so ``from_cyclonedx(to_cyclonedx(bom)) == bom``.

    >>> from cyclonedx.model.bom import Bom as LibBom
    >>> from cyclonedx.model.component import Component
    >>> bom = from_cyclonedx(LibBom(components=[Component(name="numpy", version="2.1.0", bom_ref="numpy")]))
    >>> bom.spec.value, [c["name"] for c in bom.document["components"]]
    ('1.6', ['numpy'])
    """
    if not isinstance(lib_bom, LibBom):
        raise InvalidArgument(f"expected a cyclonedx.model.bom.Bom, got {type(lib_bom).__name__}",
                              expected="a cyclonedx-python-lib Bom")
    target = SpecVersion.parse(spec) if spec is not None else getattr(lib_bom, "_aibom_spec", SpecVersion.V1_6)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"cyclonedx\.")  # its graph advice
            outputter = make_outputter(lib_bom, OutputFormat.JSON, SchemaVersion.from_version(target.value))
            text = outputter.output_as_string()
    except CycloneDxException as error:
        raise InvalidArgument(f"cyclonedx-python-lib cannot write this Bom: {error}", source="<Bom>",
                              expected="a Bom the library's outputter accepts") from error
    document = json.loads(text)
    if isinstance(lib_bom, _Carrier):
        _Merger(target, getattr(lib_bom, "_aibom_refs", frozenset())).merge(lib_bom, document)
    else:
        _Merger(target, frozenset()).children(lib_bom, "bom", document)
    return load(document)


class _Merger:
    """Put back into the library's JSON output what the carriers had (see the module docstring)."""

    def __init__(self, target: SpecVersion, refs: frozenset[str]) -> None:
        self.target = target
        self.refs = refs
        self.invented: set[str] = set()

    def children(self, obj: Any, kind_name: str, out: dict[str, Any]) -> None:
        for key, (attribute, _, many) in _KINDS[kind_name].children.items():
            child = getattr(obj, attribute, None)
            written = out.get(key)
            if many and isinstance(written, list) and len(written) == len(child or ()):
                for item, item_out in zip(child or (), written, strict=True):
                    self.merge(item, item_out)
            elif not many and child is not None and isinstance(written, dict):
                self.merge(child, written)

    def merge(self, obj: Any, out: dict[str, Any]) -> None:
        if not isinstance(obj, _Carrier) or not isinstance(out, dict):
            kind = next((name for name, kind in _KINDS.items() if isinstance(obj, kind.lib)), None)
            if kind is not None and isinstance(out, dict):
                self.children(obj, kind, out)
            return
        self.children(obj, obj._aibom_kind, out)
        source = obj._aibom_source
        bom_ref = getattr(obj, "bom_ref", None)
        if bom_ref is not None and bom_ref.value == source.get("bom-ref"):
            if "bom-ref" in source:
                out["bom-ref"] = source["bom-ref"]
            elif isinstance(out.get("bom-ref"), str):
                self.invented.add(out.pop("bom-ref"))
        for key, value in obj._aibom_added.items():
            if key in out and _canon(out[key]) == _canon(value):
                del out[key]
        if obj._aibom_kind == "bom":
            self.bom(obj, out)
        for key in list(out):
            if key in source:
                if _canon(out[key]) == _canon(source[key]):
                    out[key] = source[key]
            elif out[key] == {} or out[key] == []:  # emptied above: absent in aibom's document
                del out[key]
        for key, value in obj._aibom_hidden.items():
            out.setdefault(key, value)
        merged = {key: out.pop(key) for key in source if key in out}
        merged.update(out)
        out.clear()
        out.update(merged)

    def bom(self, obj: Any, out: dict[str, Any]) -> None:
        source = obj._aibom_source
        if "$schema" not in source:
            out.pop("$schema", None)
        elif self.target is obj._aibom_spec:
            out["$schema"] = source["$schema"]
        dependencies = out.get("dependencies")
        if isinstance(dependencies, list):
            listed = {d.get("ref") for d in source.get("dependencies") or () if isinstance(d, dict)}
            out["dependencies"] = [
                d for d in dependencies
                if not (isinstance(d, dict) and list(d) == ["ref"] and d["ref"] not in listed
                        and (d["ref"] in self.invented or d["ref"] in self.refs))
            ]

