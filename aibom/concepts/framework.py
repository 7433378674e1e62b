"""AI frameworks and tools: PyTorch, Transformers, LangChain, LlamaIndex, Ray, MLflow, ...

A framework is a ``framework`` component with its version and purl. The versions the
AI system is compatible with are a PEP 440 specifier set (``aibom:framework:requires``,
read with :mod:`packaging`); where the system uses the framework are
``aibom:framework:integration`` properties; local modifications are the official
``pedigree.patches`` and ``pedigree.notes``, flagged by ``aibom:framework:modified``.

>>> from aibom.concepts import AIFramework
>>> langchain = AIFramework.pypi("langchain", "0.2.16", requires=">=0.2,<0.3",
...                              integrations=("retrieval", "agents"))
>>> langchain.purl, str(langchain.requires), langchain.is_compatible()
('pkg:pypi/langchain@0.2.16', '<0.3,>=0.2', True)
>>> langchain.is_compatible("0.3.1")
False
>>> AIFramework.from_cyclonedx(langchain.to_cyclonedx()) == langchain
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from aibom.concepts._common import (
    ConceptBase,
    as_tuple,
    check_extras_type,
    check_identity,
    check_type,
    identity_of,
    require_text,
    set_field,
    text_or_none,
)
from aibom.concepts._slots import Slot, check_extras, normalize, read, write
from aibom.errors import InvalidArgument
from aibom.model import Component, ComponentType, Patch, Pedigree, Property

__all__ = ["KNOWN_AI_FRAMEWORKS", "AIFramework"]


def __dir__() -> list[str]:
    return __all__


KNOWN_AI_FRAMEWORKS = frozenset({
    "accelerate", "autogen", "bentoml", "bitsandbytes", "crewai", "datasets", "deepspeed", "diffusers", "dspy",
    "flax", "haystack-ai", "huggingface-hub", "jax", "keras", "langchain", "langchain-core", "langgraph",
    "lightgbm", "litellm", "llama-cpp-python", "llama-index", "llama-index-core", "mlflow", "mlflow-skinny", "nccl",
    "nvidia-cuda-runtime", "onnx", "onnxruntime", "onnxruntime-gpu", "openai", "optimum", "peft", "pytorch",
    "pytorch-lightning", "ray", "safetensors", "scikit-learn", "sentence-transformers", "tensorflow", "tensorrt",
    "tensorrt-llm", "timm", "tokenizers", "torch", "torchvision", "transformers", "trl", "unsloth", "vllm",
    "xgboost",
})
"""Names of AI frameworks and libraries that are read as :class:`AIFramework` even when another tool wrote
them as plain ``library`` components (normalized as PEP 503 names: lower case, ``-`` separators)."""

_NAME_SEPARATORS = re.compile(r"[-_.]+")


def normalize_name(name: str) -> str:
    """A package name as PEP 503 normalizes it.

    >>> normalize_name("LLaMA_Index.Core")
    'llama-index-core'
    """
    return _NAME_SEPARATORS.sub("-", name).lower()


@dataclass(frozen=True, slots=True, kw_only=True)
class AIFramework(ConceptBase):
    """An AI framework, library or tool the system is built with.

    :param name: the component name; ``version``, ``purl`` and ``description`` are the component's.
    :param bom_ref: defaults (when empty) to the purl, else ``framework:<name>[@<version>]``.
    :param requires: the versions the system is compatible with (a PEP 440 specifier set;
        a string is parsed).
    :param integrations: where the system uses it (``training``, ``retrieval``, ``serving``, ...).
    :param modified: whether it is locally modified; ``patches`` the modifications
        (:class:`~aibom.model.Patch`: unofficial, monkey, backport, cherry-pick) and
        ``modification_notes`` a description (``pedigree.notes``).
    :param properties: other component properties, kept as they are.
    """

    name: str
    version: str | None = None
    bom_ref: str = ""
    purl: str | None = None
    description: str | None = None
    requires: SpecifierSet | str | None = None
    integrations: tuple[str, ...] = ()
    modified: bool | None = None
    patches: tuple[Patch, ...] = ()
    modification_notes: str | None = None
    properties: tuple[Property, ...] = ()

    SLOTS: ClassVar[tuple[Slot, ...]] = (
        Slot.of("requires", "aibom:framework:requires"),
        Slot.of("integrations", "aibom:framework:integration"),
        Slot.of("modified", "aibom:framework:modified"),
    )

    def __post_init__(self) -> None:
        owner = "AIFramework"
        check_identity(owner, self, "framework")
        for slot in self.SLOTS:
            set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))
        if len(set(self.integrations)) != len(self.integrations):
            raise InvalidArgument("AIFramework.integrations lists a value twice", expected="each value once")
        set_field(self, "patches", as_tuple(owner, "patches", self.patches, Patch))
        require_text(owner, "modification_notes", self.modification_notes)
        check_type(owner, "requires", self.requires, SpecifierSet)
        set_field(self, "properties", check_extras_type(owner, "properties", self.properties))
        check_extras("AIFramework.properties", self.SLOTS, write(self.SLOTS, self._slot_values()), self.properties)

    @classmethod
    def pypi(cls, name: str, version: str | None = None, **fields: Any) -> AIFramework:
        """A framework from PyPI, with its purl ``pkg:pypi/<normalized name>@<version>``.

        >>> AIFramework.pypi("LLaMA_Index", "0.11.0").purl
        'pkg:pypi/llama-index@0.11.0'
        """
        purl = f"pkg:pypi/{normalize_name(name)}" + (f"@{version}" if version else "")
        return cls(name=name, version=version, purl=purl, **fields)

    def is_compatible(self, version: str | None = None) -> bool:
        """Whether ``version`` (default: :attr:`version`) satisfies :attr:`requires` (True when nothing is required).

        A version that is not a PEP 440 version is never compatible with a requirement.
        """
        if self.requires is None:
            return True
        candidate = version if version is not None else self.version
        if candidate is None:
            return False
        try:
            return Version(candidate) in self.requires
        except InvalidVersion:
            return False

    def _slot_values(self) -> dict[str, Any]:
        return {slot.key: getattr(self, slot.key) for slot in self.SLOTS}

    def to_cyclonedx(self) -> Component:
        """The ``framework`` component."""
        pedigree = None
        if self.patches or self.modification_notes is not None:
            pedigree = Pedigree(patches=self.patches, notes=self.modification_notes)
        return Component(
            type=ComponentType.FRAMEWORK,
            bom_ref=self.bom_ref,
            name=self.name,
            version=self.version,
            description=self.description,
            purl=self.purl,
            pedigree=pedigree,
            properties=write(self.SLOTS, self._slot_values()) + self.properties,
        )

    @classmethod
    def from_cyclonedx(cls, component: Component) -> AIFramework:
        """The framework a component describes (any software component type)."""
        values, leftover = read(cls.SLOTS, component.properties)
        if "integrations" in values:
            values["integrations"] = tuple(dict.fromkeys(values["integrations"]))
        pedigree = component.pedigree
        return cls(
            **identity_of(component),
            **values,
            patches=pedigree.patches if pedigree is not None else (),
            modification_notes=text_or_none(pedigree.notes) if pedigree is not None else None,
            properties=leftover,
        )


def is_ai_framework(component: Component) -> bool:
    """True for a ``framework`` component, and for a library or application that carries an
    ``aibom:framework:*`` property or has the name of a known AI framework."""
    if component.type == ComponentType.FRAMEWORK:
        return True
    if component.type not in (ComponentType.LIBRARY, ComponentType.APPLICATION, ComponentType.PLATFORM):
        return False
    if any(isinstance(p.name, str) and p.name.startswith("aibom:framework:") for p in component.properties):
        return True
    return isinstance(component.name, str) and normalize_name(component.name) in KNOWN_AI_FRAMEWORKS
