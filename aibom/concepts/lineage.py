"""Fine-tuning lineage: the chain of base models a model derives from, how, and with what.

A model's base models are its ``pedigree.ancestors`` (each a ``machine-learning-model``
component, which may have ancestors of its own); the relation of each step is the
``aibom:lineage:relation`` property of the derived component: Hugging Face's
``base_model_relation`` vocabulary (``finetune``, ``adapter``, ``merge``,
``quantized``) plus ``distilled``. The fine-tuning method (``aibom:finetune:method``),
the adapter parameters (``aibom:adapter:*``) and the fine-tuning datasets
(``aibom:finetune:dataset``) are properties of the model component; the official
``cdx:ai-ml:model:parameter:tune_method`` keywords go in its model card.

>>> from aibom.concepts import AdapterConfig, BaseModel, FineTuningLineage
>>> base = BaseModel(name="meta-llama/Llama-3.1-8B", purl="pkg:huggingface/meta-llama/Llama-3.1-8B@d04e592")
>>> instruct = BaseModel(name="meta-llama/Llama-3.1-8B-Instruct", relation="finetune", bases=(base,))
>>> lineage = FineTuningLineage(relation="adapter", bases=(instruct,), method="qlora", tune_methods=("sft",),
...                             adapter=AdapterConfig(r=16, alpha=32, dropout=0.05,
...                                                   target_modules=("q_proj", "v_proj")),
...                             datasets=("data:support-tickets",))
>>> [(str(relation), model.name) for relation, model in lineage.chain]
[('adapter', 'meta-llama/Llama-3.1-8B-Instruct'), ('finetune', 'meta-llama/Llama-3.1-8B')]
>>> from aibom.model import Component
>>> component = lineage.to_cyclonedx(Component(type="machine-learning-model", name="support-bot"))
>>> component.pedigree.ancestors[0].pedigree.ancestors[0].name
'meta-llama/Llama-3.1-8B'
>>> FineTuningLineage.from_cyclonedx(component) == lineage
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from aibom.concepts._common import ConceptBase, as_tuple, references, require_text, set_field
from aibom.concepts._facet import PropertyFacet
from aibom.concepts._slots import Slot, normalize, read, write
from aibom.errors import InvalidArgument, InvalidDocument
from aibom.model import Component, ComponentType, ModelCard, Pedigree, Property

__all__ = [
    "HF_BASE_MODEL_NAMES",
    "AdapterConfig",
    "BaseModel",
    "FineTuningLineage",
    "FinetuneMethod",
    "LineageRelation",
    "TuneMethod",
]


def __dir__() -> list[str]:
    return __all__


HF_BASE_MODEL_NAMES = frozenset({"base_model", "huggingface:base_model"})
"""Property names other generators copy from a Hugging Face card; read as base models (see ``field_aliases``)."""


class LineageRelation(enum.StrEnum):
    """How a model derives from its base model(s) (``aibom:lineage:relation``)."""

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    MERGE = "merge"
    QUANTIZED = "quantized"
    DISTILLED = "distilled"


class FinetuneMethod(enum.StrEnum):
    """The fine-tuning techniques the taxonomy knows (``aibom:finetune:method``); others are plain strings."""

    FULL = "full"
    LORA = "lora"
    QLORA = "qlora"
    DORA = "dora"
    ADALORA = "adalora"
    ALORA = "alora"
    LOHA = "loha"
    LOKR = "lokr"
    VERA = "vera"
    OFT = "oft"
    BOFT = "boft"
    IA3 = "ia3"
    PREFIX = "prefix"
    PROMPT = "prompt"
    P_TUNING = "p-tuning"
    ADAPTER = "adapter"
    BITFIT = "bitfit"


class TuneMethod(enum.StrEnum):
    """The official ``cdx:ai-ml:model:parameter:tune_method`` keywords; others are plain strings."""

    FULL = "full"
    SFT = "sft"
    RLHF = "rlhf"
    ADAPTER = "adapter"
    PROMPT = "prompt"
    LORA = "lora"
    ALORA = "alora"
    QLORA = "qlora"


@dataclass(frozen=True, slots=True, kw_only=True)
class AdapterConfig(PropertyFacet):
    """The parameters of an adapter (LoRA and its relatives).

    :param r: the rank; ``alpha`` the scaling factor; ``dropout`` the adapter dropout (0 to 1).
    :param target_modules: the modules (names or one regular expression) the adapter is applied to.
    """

    r: int | None = None
    alpha: int | float | None = None
    dropout: int | float | None = None
    target_modules: tuple[str, ...] = ()

    SLOTS: ClassVar[tuple[Slot, ...]] = (
        Slot.of("r", "aibom:adapter:r"),
        Slot.of("alpha", "aibom:adapter:alpha"),
        Slot.of("dropout", "aibom:adapter:dropout"),
        Slot.of("target_modules", "aibom:adapter:target_modules"),
    )

    def __post_init__(self) -> None:
        self._normalize_slots()


_RELATION = Slot.of("relation", "aibom:lineage:relation", LineageRelation)


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseModel(ConceptBase):
    """A base model in a lineage: a ``machine-learning-model`` component in ``pedigree.ancestors``.

    :param relation: how *this* base model derives from its own ``bases`` (None for a root).
    :param bom_ref: left out unless given: the same model may also be a component of the BOM,
        and a bom-ref may appear only once in a BOM.
    """

    name: str
    version: str | None = None
    purl: str | None = None
    bom_ref: str | None = None
    description: str | None = None
    relation: LineageRelation | str | None = None
    bases: tuple[BaseModel, ...] = ()

    def __post_init__(self) -> None:
        require_text("BaseModel", "name", self.name, optional=False)
        for field in ("version", "purl", "bom_ref", "description"):
            require_text("BaseModel", field, getattr(self, field))
        set_field(self, "relation", normalize("BaseModel", _RELATION, self.relation))
        set_field(self, "bases", as_tuple("BaseModel", "bases", self.bases, BaseModel))

    def to_cyclonedx(self) -> Component:
        """The ancestor component, with its own ancestors nested in its pedigree."""
        return Component(
            type=ComponentType.MACHINE_LEARNING_MODEL,
            bom_ref=self.bom_ref,
            name=self.name,
            version=self.version,
            description=self.description,
            purl=self.purl,
            pedigree=Pedigree(ancestors=tuple(base.to_cyclonedx() for base in self.bases)) if self.bases else None,
            properties=write((_RELATION,), {"relation": self.relation}),
        )

    @classmethod
    def from_cyclonedx(cls, component: Component) -> BaseModel:
        """The base model an ancestor component describes (its other fields are not part of a lineage)."""
        values, _ = read((_RELATION,), component.properties)
        return cls(
            name=component.name or component.purl or "unnamed model",
            version=component.version,
            purl=component.purl,
            bom_ref=component.bom_ref,
            description=component.description,
            relation=values.get("relation"),
            bases=bases_of(component),
        )


def bases_of(component: Component) -> tuple[BaseModel, ...]:
    if component.pedigree is None:
        return ()
    return tuple(
        BaseModel.from_cyclonedx(ancestor)
        for ancestor in component.pedigree.ancestors
        if ancestor.type == ComponentType.MACHINE_LEARNING_MODEL
    )


_METHOD = Slot.of("method", "aibom:finetune:method", FinetuneMethod)
_TUNE_METHODS = Slot.of("tune_methods", "cdx:ai-ml:model:parameter:tune_method", TuneMethod)


def _prefixed(slots: tuple[Slot, ...], prefix: str) -> tuple[Slot, ...]:
    return tuple(replace(slot, key=prefix + slot.key) for slot in slots)


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningLineage(ConceptBase):
    """Where a model comes from: its base models, the relation, the method, the adapter, the data.

    :param relation: how the model derives from ``bases``.
    :param bases: the direct base model(s) (several for a merge), each with its own lineage.
    :param method: the fine-tuning technique (a :class:`FinetuneMethod` or any other name).
    :param tune_methods: the official ``tune_method`` keywords (``sft``, ``rlhf``, ``lora``, ...).
    :param adapter: the adapter parameters, for adapter methods.
    :param datasets: bom-refs of the ``data`` components the fine-tuning used.
    """

    relation: LineageRelation | str | None = None
    bases: tuple[BaseModel, ...] = ()
    method: FinetuneMethod | str | None = None
    tune_methods: tuple[TuneMethod | str, ...] = ()
    adapter: AdapterConfig | None = None
    datasets: tuple[str, ...] = ()

    COMPONENT_SLOTS: ClassVar[tuple[Slot, ...]] = (
        _RELATION,
        _METHOD,
        *_prefixed(AdapterConfig.SLOTS, "adapter."),
        Slot.of("datasets", "aibom:finetune:dataset"),
    )
    """The slots in ``component.properties`` (adapter fields keyed ``adapter.<field>``)."""

    CARD_SLOTS: ClassVar[tuple[Slot, ...]] = (_TUNE_METHODS,)
    """The slots in ``modelCard.properties``."""

    def __post_init__(self) -> None:
        for slot in (_RELATION, _METHOD, _TUNE_METHODS):
            set_field(self, slot.key, normalize("FineTuningLineage", slot, getattr(self, slot.key)))
        set_field(self, "bases", as_tuple("FineTuningLineage", "bases", self.bases, BaseModel))
        set_field(self, "datasets", references("FineTuningLineage", "datasets", self.datasets))
        if self.adapter is not None and not isinstance(self.adapter, AdapterConfig):
            raise InvalidArgument(
                f"FineTuningLineage.adapter must be an AdapterConfig, not {type(self.adapter).__name__}",
                expected="AdapterConfig",
            )
        if self.adapter is not None and self.adapter.is_empty():
            set_field(self, "adapter", None)

    @property
    def chain(self) -> tuple[tuple[LineageRelation | str | None, BaseModel], ...]:
        """The first-parent chain: (relation, base model) per step, from the direct base to the root."""
        steps: list[tuple[LineageRelation | str | None, BaseModel]] = []
        relation, bases = self.relation, self.bases
        while bases:
            steps.append((relation, bases[0]))
            relation, bases = bases[0].relation, bases[0].bases
        return tuple(steps)

    def is_empty(self) -> bool:
        """True when nothing would be written."""
        return (self.relation is None and not self.bases and self.method is None and not self.tune_methods
                and self.adapter is None and not self.datasets)

    def component_values(self) -> dict[str, Any]:
        """The values of :attr:`COMPONENT_SLOTS`, by slot key."""
        values: dict[str, Any] = {"relation": self.relation, "method": self.method, "datasets": self.datasets}
        if self.adapter is not None:
            values.update({f"adapter.{key}": value for key, value in self.adapter.field_values().items()})
        return values

    def to_cyclonedx(self, component: Component) -> Component:
        """``component`` with the lineage added: properties, model-card properties and ``pedigree.ancestors``."""
        properties = component.properties + write(self.COMPONENT_SLOTS, self.component_values())
        card_properties = write(self.CARD_SLOTS, {"tune_methods": self.tune_methods})
        card = component.model_card
        if card_properties:
            card = (card or ModelCard()).replace(properties=(card.properties if card else ()) + card_properties)
        pedigree = component.pedigree
        if self.bases:
            ancestors = tuple(base.to_cyclonedx() for base in self.bases)
            pedigree = (pedigree or Pedigree()).replace(ancestors=ancestors)
        return component.replace(properties=properties, model_card=card, pedigree=pedigree)

    @classmethod
    def from_values(cls, component_values: dict[str, Any], card_values: dict[str, Any],
                    bases: tuple[BaseModel, ...]) -> FineTuningLineage | None:
        """The lineage for values read by the slots and the bases read from the pedigree; None if empty."""
        adapter = AdapterConfig.from_values(
            {key[len("adapter."):]: value for key, value in component_values.items() if key.startswith("adapter.")}
        )
        lineage = cls(
            relation=component_values.get("relation"),
            bases=bases,
            method=component_values.get("method"),
            tune_methods=tuple(card_values.get("tune_methods", ())),
            adapter=adapter,
            datasets=_unique(component_values.get("datasets", ())),
        )
        return None if lineage.is_empty() else lineage

    @classmethod
    def from_cyclonedx(cls, component: Component) -> FineTuningLineage | None:
        """The lineage of a model component, or None when it has none.

        Also reads base models other generators name in ``base_model`` properties
        (Hugging Face's card key; one id per property, or comma-separated).
        """
        component_values, leftover = read(cls.COMPONENT_SLOTS, component.properties)
        card = component.model_card
        card_properties = model_card_properties(card) if card is not None else ()
        card_values, _ = read(cls.CARD_SLOTS, card_properties)
        bases = bases_of(component)
        named = {base.name for base in bases}
        bases += tuple(base for base in hf_base_models(leftover) if base.name not in named)
        return cls.from_values(component_values, card_values, bases)


def hf_base_models(properties: tuple[Property, ...]) -> tuple[BaseModel, ...]:
    """Base models named by Hugging Face-style ``base_model`` properties."""
    found: list[BaseModel] = []
    for prop in properties:
        if prop.name in HF_BASE_MODEL_NAMES and isinstance(prop.value, str):
            found.extend(BaseModel(name=name.strip()) for name in prop.value.split(",") if name.strip())
    return tuple(found)


def model_card_properties(card: ModelCard) -> tuple[Property, ...]:
    """``modelCard.properties``, plus those the official taxonomy's examples put (schema-invalidly)
    in ``modelCard.modelParameters.properties``."""
    extra: list[Property] = []
    parameters = card.model_parameters
    misplaced = parameters.extra.get("properties") if parameters is not None else None
    if isinstance(misplaced, (list, tuple)):
        for item in misplaced:
            if isinstance(item, Mapping):
                try:
                    extra.append(Property.from_json(dict(item)))
                except InvalidDocument:
                    continue
    return card.properties + tuple(extra)


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
