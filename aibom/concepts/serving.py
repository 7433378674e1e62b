"""Serving runtimes: Triton, vLLM, TGI, KServe, TorchServe, TF Serving, Ray Serve, BentoML, ...

A serving runtime is a component (``application`` unless another type fits better)
whose ``aibom:serving:*`` properties say which runtime it is, the model format, how it
batches, how many replicas and instances it runs, which models it serves and on which
accelerators (``device`` components). :func:`~aibom.concepts.build_bom` also records
the models and accelerators in the BOM's ``dependencies``.

>>> from aibom.concepts import ServingRuntime
>>> vllm = ServingRuntime(name="vllm", runtime="vLLM", version="0.6.3", purl="pkg:pypi/vllm@0.6.3",
...                       model_format="safetensors", batching="continuous", max_batch_size=256, replicas=2,
...                       models=("model:support-bot",), accelerators=("device:GPU-1", "device:GPU-2"))
>>> vllm.runtime, vllm.bom_ref
(<ServingRuntimeKind.VLLM: 'vllm'>, 'pkg:pypi/vllm@0.6.3')
>>> ServingRuntime.from_cyclonedx(vllm.to_cyclonedx()) == vllm
True
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, ClassVar

from aibom.concepts._common import (
    ConceptBase,
    check_extras_type,
    check_identity,
    identity_of,
    references,
    set_field,
)
from aibom.concepts._slots import Slot, check_extras, normalize, read, write
from aibom.errors import InvalidArgument
from aibom.model import Component, ComponentType, Property
from aibom.taxonomy import load_taxonomy

__all__ = ["SERVING_RUNTIME_MARKER", "Batching", "ServingRuntime", "ServingRuntimeKind"]


def __dir__() -> list[str]:
    return __all__


SERVING_RUNTIME_MARKER = "aibom:serving:runtime"
"""The property that marks a component as a serving runtime (every :class:`ServingRuntime` writes it)."""


class ServingRuntimeKind(enum.StrEnum):
    """The serving runtimes the taxonomy knows (``aibom:serving:runtime``); others are plain strings."""

    TRITON = "triton"
    TF_SERVING = "tf-serving"
    KSERVE = "kserve"
    TORCHSERVE = "torchserve"
    VLLM = "vllm"
    TGI = "tgi"
    RAY_SERVE = "ray-serve"
    BENTOML = "bentoml"
    ONNXRUNTIME = "onnxruntime"
    LLAMA_CPP = "llama.cpp"
    OLLAMA = "ollama"
    SGLANG = "sglang"
    TENSORRT_LLM = "tensorrt-llm"
    MLSERVER = "mlserver"
    OPENVINO = "openvino"
    OTHER = "other"


class Batching(enum.StrEnum):
    """How a runtime batches requests (``aibom:serving:batching``)."""

    NONE = "none"
    STATIC = "static"
    DYNAMIC = "dynamic"
    CONTINUOUS = "continuous"
    SEQUENCE = "sequence"


_COMPONENT_TYPES = frozenset(load_taxonomy()[SERVING_RUNTIME_MARKER].components)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServingRuntime(ConceptBase):
    """A model-serving runtime or framework and how it is deployed.

    :param name: the component name; ``version``, ``purl`` and ``description`` are the component's.
    :param runtime: which runtime (:class:`ServingRuntimeKind` or any other name).
    :param component_type: ``application`` (default), ``framework``, ``platform`` or ``container``.
    :param bom_ref: defaults (when empty) to the purl, else ``serving:<name>[@<version>]``.
    :param model_format: the format of the served model (``onnx``, ``safetensors``, ``gguf``, ...).
    :param batching: :class:`Batching`; ``max_batch_size`` the largest batch (0: batching off).
    :param replicas: replicas of the deployment; ``instances`` model instances per replica.
    :param models: bom-refs of the ``machine-learning-model`` components it serves.
    :param accelerators: bom-refs of the ``device`` components it serves on.
    :param properties: other component properties, kept as they are.
    """

    name: str
    runtime: ServingRuntimeKind | str
    version: str | None = None
    bom_ref: str = ""
    purl: str | None = None
    description: str | None = None
    component_type: ComponentType | str = ComponentType.APPLICATION
    model_format: str | None = None
    batching: Batching | str | None = None
    max_batch_size: int | None = None
    replicas: int | None = None
    instances: int | None = None
    models: tuple[str, ...] = ()
    accelerators: tuple[str, ...] = ()
    properties: tuple[Property, ...] = ()

    SLOTS: ClassVar[tuple[Slot, ...]] = (
        Slot.of("runtime", SERVING_RUNTIME_MARKER, ServingRuntimeKind),
        Slot.of("model_format", "aibom:serving:model_format"),
        Slot.of("batching", "aibom:serving:batching", Batching),
        Slot.of("max_batch_size", "aibom:serving:max_batch_size"),
        Slot.of("replicas", "aibom:serving:replicas"),
        Slot.of("instances", "aibom:serving:instances"),
        Slot.of("models", "aibom:serving:model"),
        Slot.of("accelerators", "aibom:serving:accelerators"),
    )

    def __post_init__(self) -> None:
        owner = "ServingRuntime"
        check_identity(owner, self, "serving")
        if self.runtime is None:
            raise InvalidArgument("ServingRuntime.runtime is required", expected="a ServingRuntimeKind")
        if self.component_type not in _COMPONENT_TYPES:
            raise InvalidArgument(f"ServingRuntime.component_type {self.component_type!r} is not allowed",
                                  expected=" or ".join(sorted(_COMPONENT_TYPES)))
        set_field(self, "component_type", ComponentType(self.component_type))
        for slot in self.SLOTS:
            set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))
        for field in ("models", "accelerators"):
            references(owner, field, getattr(self, field))
        set_field(self, "properties", check_extras_type(owner, "properties", self.properties))
        check_extras("ServingRuntime.properties", self.SLOTS, write(self.SLOTS, self._slot_values()), self.properties)

    def _slot_values(self) -> dict[str, Any]:
        return {slot.key: getattr(self, slot.key) for slot in self.SLOTS}

    def to_cyclonedx(self) -> Component:
        """The runtime's component."""
        return Component(
            type=self.component_type,
            bom_ref=self.bom_ref,
            name=self.name,
            version=self.version,
            description=self.description,
            purl=self.purl,
            properties=write(self.SLOTS, self._slot_values()) + self.properties,
        )

    @classmethod
    def from_cyclonedx(cls, component: Component) -> ServingRuntime:
        """The serving runtime a component describes (it must carry ``aibom:serving:runtime``)."""
        values, leftover = read(cls.SLOTS, component.properties)
        if "runtime" not in values:
            raise InvalidArgument(f"the component {component.name!r} has no {SERVING_RUNTIME_MARKER} property",
                                  expected=f"a {SERVING_RUNTIME_MARKER} property")
        kind = component.type if component.type in _COMPONENT_TYPES else ComponentType.APPLICATION
        for key in ("models", "accelerators"):
            if key in values:
                values[key] = tuple(dict.fromkeys(values[key]))
        return cls(**identity_of(component), component_type=kind, **values, properties=leftover)


def is_serving_runtime(component: Component) -> bool:
    """True when the component carries a readable ``aibom:serving:runtime`` property."""
    values, _ = read(ServingRuntime.SLOTS[:1], component.properties)
    return "runtime" in values
