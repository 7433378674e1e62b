"""Data carried by a ``data`` component, or used to train a model (``componentData``).

The same ``componentData`` object is a component's ``data[]`` item and an inline
item of ``modelCard.modelParameters.datasets[]``; a data set described elsewhere
in the BOM is referenced with :class:`DataReference` (``{"ref": "<bom-ref>"}``).

>>> from aibom.model import ComponentData, DataContents, DataType
>>> data = ComponentData(type=DataType.DATASET, name="UltraFeedback", classification="public",
...                      contents=DataContents(url="https://huggingface.co/datasets/openbmb/UltraFeedback"))
>>> data.to_json()["contents"]
{'url': 'https://huggingface.co/datasets/openbmb/UltraFeedback'}
>>> ComponentData.from_json({"type": "telemetry"}).type   # unknown values load as plain strings
'telemetry'
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from aibom.model._element import Element, element, json_field
from aibom.model.common import Attachment, GraphicsCollection, Property

__all__ = [
    "ComponentData",
    "DataContents",
    "DataGovernance",
    "DataGovernanceParty",
    "DataReference",
    "DataType",
]


def __dir__() -> list[str]:
    return __all__


class DataType(enum.StrEnum):
    """``componentData.type``.  On read an unknown value stays a plain ``str``."""

    SOURCE_CODE = "source-code"
    CONFIGURATION = "configuration"
    DATASET = "dataset"
    DEFINITION = "definition"
    OTHER = "other"


@element
class DataContents(Element):
    """The data itself: inline (``attachment``), by ``url``, and/or described by ``properties``."""

    attachment: Attachment | None = None
    url: str | None = None
    properties: tuple[Property, ...] = ()


@element
class DataGovernanceParty(Element):
    """A responsible party (``dataGovernanceResponsibleParty``): an organization or a contact.

    Both are raw ``organizationalEntity`` / ``organizationalContact`` mappings.

    >>> DataGovernanceParty(organization={"name": "ACME"}).to_json()
    {'organization': {'name': 'ACME'}}
    """

    organization: Mapping[str, Any] | None = None
    contact: Mapping[str, Any] | None = None


@element
class DataGovernance(Element):
    """Who is responsible for the data (``dataGovernance``)."""

    custodians: tuple[DataGovernanceParty, ...] = ()
    stewards: tuple[DataGovernanceParty, ...] = ()
    owners: tuple[DataGovernanceParty, ...] = ()


@element
class ComponentData(Element):
    """A data set, configuration, definition or source code (``componentData``); ``type`` is required."""

    bom_ref: str | None = None
    type: DataType | str | None = json_field()
    name: str | None = None
    contents: DataContents | None = None
    classification: str | None = None
    sensitive_data: tuple[str, ...] = ()
    graphics: GraphicsCollection | None = None
    description: str | None = None
    governance: DataGovernance | None = None


@element
class DataReference(Element):
    """A reference to a data set described elsewhere (``{"ref": ...}`` in ``datasets``).

    ``ref`` is a ``bom-ref`` or a BOM-Link (``urn:cdx:<serial>/<version>#<bom-ref>``).

    >>> DataReference(ref="dataset-1").to_json()
    {'ref': 'dataset-1'}
    """

    ref: str | None
