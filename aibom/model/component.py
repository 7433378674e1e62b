"""The typed component, with the ML-BOM parts cyclonedx-python-lib lacks (``modelCard``, ``data``).

Only the core fields are typed; everything else (``evidence``, ``swid``,
``releaseNotes``, ``cryptoProperties``, ``signature``, ...) is kept verbatim in
:attr:`~aibom.model.Element.extra`.  The keys that later CycloneDX versions
added are listed in :data:`COMPONENT_KEY_SINCE`, so version checks see them
whether they are typed fields or kept in ``extra``.

>>> from aibom.model import Component, ComponentType, Hash
>>> model = Component(
...     type=ComponentType.MACHINE_LEARNING_MODEL,
...     name="Qwen/Qwen-7B",
...     bom_ref="pkg:huggingface/Qwen/Qwen-7B@ef3c5c9",
...     purl="pkg:huggingface/Qwen/Qwen-7B@ef3c5c9c57b252f3149c1408daf4d649ec8b6c85",
...     tags=("text-generation",),
... )
>>> model.required_spec()
<SpecVersion.V1_6: '1.6'>
>>> Component.from_json(model.to_json()) == model
True
>>> Component.from_json({"type": "library", "name": "x", "isExternal": True}).required_spec()
<SpecVersion.V1_7: '1.7'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from aibom.model._element import Element, element, json_field
from aibom.model.common import ExternalReference, Hash, Property
from aibom.model.data import ComponentData
from aibom.model.model_card import ModelCard
from aibom.model.pedigree import Pedigree
from aibom.spec import SpecVersion

__all__ = ["COMPONENT_KEY_SINCE", "COMPONENT_TYPE_SINCE", "Component", "ComponentScope", "ComponentType"]


def __dir__() -> list[str]:
    return __all__


_V1_6 = SpecVersion.V1_6
_V1_7 = SpecVersion.V1_7

COMPONENT_KEY_SINCE: Mapping[str, SpecVersion] = {
    "manufacturer": _V1_6,
    "authors": _V1_6,
    "omniborId": _V1_6,
    "swhid": _V1_6,
    "cryptoProperties": _V1_6,
    "tags": _V1_6,
    "versionRange": _V1_7,
    "isExternal": _V1_7,
    "patentAssertions": _V1_7,
}
"""Component keys added after CycloneDX 1.5 (derived by comparing the official schemas)."""

COMPONENT_TYPE_SINCE: Mapping[str, SpecVersion] = {"cryptographic-asset": _V1_6}
"""Component types added after CycloneDX 1.5."""


class ComponentType(enum.StrEnum):
    """``component.type``.  ``cryptographic-asset`` needs 1.6.

    On read an unknown type stays a plain ``str`` (the document still loads and
    writes back unchanged; schema validation reports it).
    """

    APPLICATION = "application"
    FRAMEWORK = "framework"
    LIBRARY = "library"
    CONTAINER = "container"
    PLATFORM = "platform"
    OPERATING_SYSTEM = "operating-system"
    DEVICE = "device"
    DEVICE_DRIVER = "device-driver"
    FIRMWARE = "firmware"
    FILE = "file"
    MACHINE_LEARNING_MODEL = "machine-learning-model"
    DATA = "data"
    CRYPTOGRAPHIC_ASSET = "cryptographic-asset"


class ComponentScope(enum.StrEnum):
    """``component.scope``.  On read an unknown value stays a plain ``str``."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    EXCLUDED = "excluded"


@element
class Component(Element):
    """A component (``component``); ``type`` and ``name`` are required.

    ``supplier``/``manufacturer`` (``organizationalEntity``), ``authors``
    (``organizationalContact``) and ``licenses`` (``licenseChoice``) items are raw
    read-only mappings.  ``model_card`` belongs on ``machine-learning-model``
    components and ``data`` on ``data`` components (the schema does not enforce it).
    ``version`` is a string in every version (1.6+ names the definition ``version``;
    1.7 adds ``versionRange``, kept in ``extra``, as an alternative).
    """

    extra_since = COMPONENT_KEY_SINCE

    type: ComponentType | str | None = json_field(value_since=COMPONENT_TYPE_SINCE)
    mime_type: str | None = json_field(key="mime-type", default=None)
    bom_ref: str | None = None
    supplier: Mapping[str, Any] | None = None
    manufacturer: Mapping[str, Any] | None = json_field(since=_V1_6, default=None)
    authors: tuple[Mapping[str, Any], ...] = json_field(since=_V1_6, default=())
    publisher: str | None = None
    group: str | None = None
    name: str | None
    version: str | None = None
    description: str | None = None
    scope: ComponentScope | str | None = None
    hashes: tuple[Hash, ...] = ()
    licenses: tuple[Mapping[str, Any], ...] = ()
    copyright: str | None = None
    cpe: str | None = None
    purl: str | None = None
    pedigree: Pedigree | None = None
    external_references: tuple[ExternalReference, ...] = ()
    components: tuple[Component, ...] = ()
    model_card: ModelCard | None = None
    data: tuple[ComponentData, ...] = ()
    properties: tuple[Property, ...] = ()
    tags: tuple[str, ...] = json_field(since=_V1_6, default=())
