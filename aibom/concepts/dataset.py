"""Datasets: a ``data`` component with its ``componentData`` and aibom's dataset properties.

The official fields come first: the data's type, location (``contents.url``),
classification, sensitive data and governance are the component's ``data[0]``;
name, version, hashes, licenses and purl are the component's own. What CycloneDX
has no field for (size, record count, splits, how the data was collected and
preprocessed, known biases) is in ``aibom:dataset:*`` properties.

>>> from aibom.concepts import Dataset, DatasetSplit
>>> reviews = Dataset(name="reviews", version="2026-10", url="https://example.com/reviews.parquet",
...                   licenses=("CC-BY-4.0",), classification="public", records=120_000,
...                   splits=(DatasetSplit("train", 100_000), DatasetSplit("test", 20_000)),
...                   preprocessing=("deduplicated", "PII removed"))
>>> reviews.bom_ref
'data:reviews@2026-10'
>>> component = reviews.to_cyclonedx()
>>> component.data[0].contents.url, [p.name for p in component.properties][:2]
('https://example.com/reviews.parquet', ['aibom:dataset:records', 'aibom:dataset:split:train'])
>>> Dataset.from_cyclonedx(component) == reviews
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from aibom.concepts._common import (
    ConceptBase,
    as_tuple,
    check_extras_type,
    check_identity,
    check_type,
    common_fields,
    decode_licenses,
    encode_licenses,
    identity_of,
    require_text,
    set_field,
    text_or_none,
)
from aibom.concepts._slots import AnySlot, PrefixSlot, Slot, check_extras, normalize, read, write
from aibom.errors import InvalidArgument
from aibom.model import (
    Component,
    ComponentData,
    ComponentType,
    DataContents,
    DataGovernance,
    DataType,
    ExternalReference,
    Hash,
    Property,
)
from aibom.taxonomy import load_taxonomy

__all__ = ["Dataset", "DatasetSplit"]


def __dir__() -> list[str]:
    return __all__


class DatasetSplit(NamedTuple):
    """A split of a dataset (``train``, ``validation``, ``test``, ...) and its record count, if known."""

    name: str
    records: int | None = None


def _decode_split(key: str, text: str | None) -> int | None:
    if not key or key != key.strip():
        raise ValueError(f"{key!r} is not a split name")
    if text is None:
        return None
    value = load_taxonomy()["aibom:dataset:split:<name>"].decode(text)
    if type(value) is not int:  # pragma: no cover - the definition's type is integer
        raise ValueError(f"{text!r} is not a record count")
    return value


def _encode_split(records: int | None) -> str | None:
    return None if records is None else str(records)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset(ConceptBase):
    """A dataset used to train, fine-tune, calibrate or evaluate a model.

    :param name: the component name; ``version``, ``purl``, ``description``, ``hashes``,
        ``licenses`` (SPDX ids, names, or one SPDX expression), ``external_references``
        are the component's.
    :param bom_ref: defaults (when empty) to the purl, else ``data:<name>[@<version>]``.
    :param data_type: ``componentData.type`` (``dataset`` unless it is configuration, source code, ...).
    :param url: where the data is (``componentData.contents.url``).
    :param classification: the data classification (``public``, ``confidential``, ...).
    :param sensitive_data: the kinds of sensitive data it holds (``PII``, ``PHI``, ...).
    :param governance: custodians, stewards and owners (:class:`~aibom.model.DataGovernance`).
    :param records: number of records; ``size_bytes`` its size.
    :param splits: the splits and their record counts.
    :param collection: how the data was collected.
    :param preprocessing: the preprocessing steps, in order.
    :param known_biases: known biases of the data.
    :param properties: other component properties, kept as they are.
    """

    name: str
    version: str | None = None
    bom_ref: str = ""
    purl: str | None = None
    description: str | None = None
    hashes: tuple[Hash, ...] = ()
    licenses: tuple[str, ...] = ()
    external_references: tuple[ExternalReference, ...] = ()
    data_type: DataType | str = DataType.DATASET
    url: str | None = None
    classification: str | None = None
    sensitive_data: tuple[str, ...] = ()
    governance: DataGovernance | None = None
    records: int | None = None
    size_bytes: int | None = None
    splits: tuple[DatasetSplit, ...] = ()
    collection: str | None = None
    preprocessing: tuple[str, ...] = ()
    known_biases: tuple[str, ...] = ()
    properties: tuple[Property, ...] = ()

    SLOTS: ClassVar[tuple[AnySlot, ...]] = (
        Slot.of("records", "aibom:dataset:records"),
        Slot.of("size_bytes", "aibom:dataset:size_bytes"),
        PrefixSlot.of("splits", "aibom:dataset:split:<name>", _decode_split, _encode_split),
        Slot.of("collection", "aibom:dataset:collection"),
        Slot.of("preprocessing", "aibom:dataset:preprocessing"),
        Slot.of("known_biases", "aibom:dataset:known_bias"),
    )

    def __post_init__(self) -> None:
        owner = "Dataset"
        check_identity(owner, self, "data")
        common_fields(owner, self)
        require_text(owner, "data_type", self.data_type, optional=False)
        if self.data_type in DataType._value2member_map_:
            set_field(self, "data_type", DataType(self.data_type))
        for field in ("url", "classification"):
            require_text(owner, field, getattr(self, field))
        set_field(self, "sensitive_data", as_tuple(owner, "sensitive_data", self.sensitive_data, str))
        check_type(owner, "governance", self.governance, DataGovernance)
        for slot in self.SLOTS:
            if isinstance(slot, Slot):
                set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))
        splits = tuple(DatasetSplit(*split) for split in as_tuple(owner, "splits", self.splits, tuple))
        names = [split.name for split in splits]
        for split in splits:
            try:
                _decode_split(split.name, _encode_split(split.records))
            except (ValueError, TypeError) as error:
                raise InvalidArgument(f"Dataset.splits: {split!r}: {error}", expected="a name and a record count")
            if type(split.records) not in (int, type(None)):
                raise InvalidArgument(f"Dataset.splits: {split!r} has a non-integer count", expected="an int")
            if names.count(split.name) > 1:
                raise InvalidArgument(f"Dataset.splits: {split.name!r} is given twice", expected="each split once")
        set_field(self, "splits", splits)
        set_field(self, "properties", check_extras_type(owner, "properties", self.properties))
        check_extras("Dataset.properties", self.SLOTS, write(self.SLOTS, self._slot_values()), self.properties)

    def _slot_values(self) -> dict[str, Any]:
        values = {slot.key: getattr(self, slot.key) for slot in self.SLOTS}
        values["splits"] = {split.name: split.records for split in self.splits}
        return values

    def to_cyclonedx(self) -> Component:
        """The ``data`` component."""
        data = ComponentData(
            type=self.data_type,
            contents=DataContents(url=self.url) if self.url is not None else None,
            classification=self.classification,
            sensitive_data=self.sensitive_data,
            governance=self.governance,
        )
        return Component(
            type=ComponentType.DATA,
            bom_ref=self.bom_ref,
            name=self.name,
            version=self.version,
            description=self.description,
            hashes=self.hashes,
            licenses=encode_licenses("Dataset", self.licenses),
            purl=self.purl,
            external_references=self.external_references,
            data=(data,),
            properties=write(self.SLOTS, self._slot_values()) + self.properties,
        )

    @classmethod
    def from_cyclonedx(cls, component: Component) -> Dataset:
        """The dataset a ``data`` component describes (the first ``data`` item gives the data fields)."""
        if component.type != ComponentType.DATA:
            raise InvalidArgument(f"a Dataset is a 'data' component, not {component.type!r}", expected="type 'data'")
        values, leftover = read(cls.SLOTS, component.properties)
        data = component.data[0] if component.data else ComponentData(type=DataType.DATASET)
        identity = identity_of(component)
        if identity["description"] is None:
            identity["description"] = data.description
        return cls(
            **identity,
            hashes=component.hashes,
            licenses=decode_licenses(component.licenses),
            external_references=component.external_references,
            data_type=data.type if isinstance(data.type, str) and data.type else DataType.DATASET,
            url=text_or_none(data.contents.url) if data.contents is not None else None,
            classification=text_or_none(data.classification),
            sensitive_data=tuple(text for text in data.sensitive_data if isinstance(text, str) and text.strip()),
            governance=data.governance,
            splits=tuple(DatasetSplit(name, count) for name, count in values.pop("splits", {}).items()),
            **_fields(values),
            properties=leftover,
        )



def _fields(values: dict[str, Any]) -> dict[str, Any]:
    """Slot values as constructor arguments: repeatable fields as tuples."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in values.items()}
