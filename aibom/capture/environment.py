"""The AI frameworks and libraries installed in a Python environment, as CycloneDX components.

:func:`capture_environment` reads the installed distributions through
:mod:`importlib.metadata` and returns one ``framework`` or ``library`` component
per distribution named by :data:`AI_DISTRIBUTIONS` (or by the caller), with:

* ``name`` (as the distribution spells it), ``version``, ``description`` (its summary);
* ``purl`` ``pkg:pypi/<normalized name>@<version>`` (the name normalized by
  :func:`packaging.utils.canonicalize_name`, the version percent-encoded), also the ``bom-ref``;
* ``licenses`` from ``License-Expression`` (PEP 639), else ``License``, else the
  ``License ::`` classifiers: an SPDX id where the text is one, else an
  expression or a name;
* ``aibom:framework:requires``: the versions of it the environment is compatible
  with, a PEP 440 specifier set: what every other installed distribution's
  ``Requires-Dist`` asks of it, combined (requirements whose environment marker
  does not hold for the running interpreter, and those of optional extras, left
  out; absent when nothing constrains it);
* from PEP 610 ``direct_url.json``: ``cdx:python:package:source:local:editable``
  for an editable install, and for a VCS install its ``vcs`` external reference and
  ``cdx:python:package:source:vcs:requested_revision`` / ``:commit_id``.

Components are ordered by normalized name; a distribution installed twice on the
path counts once (the first, as ``import`` would find it).

>>> from aibom.capture import capture_environment
>>> [component] = capture_environment(distributions=["packaging"])
>>> component.type, component.name, component.purl.startswith("pkg:pypi/packaging@")
(<ComponentType.LIBRARY: 'library'>, 'packaging', True)
>>> capture_environment(distributions=["no-such-distribution-installed"])
()
"""

from __future__ import annotations

import fnmatch
import functools
import importlib.metadata
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib.metadata import PackageMetadata
from typing import Any

import orjson
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from aibom._schemas import schema_dir
from aibom.model import Component, ComponentType, ExternalReference, Property

__all__ = ["AI_DISTRIBUTIONS", "FRAMEWORK_REQUIRES", "capture_environment", "pypi_purl"]


def __dir__() -> list[str]:
    return __all__


FRAMEWORK_REQUIRES = "aibom:framework:requires"
"""The property holding the PEP 440 specifier set of the framework versions the environment is compatible with."""

_F, _L = ComponentType.FRAMEWORK, ComponentType.LIBRARY

AI_DISTRIBUTIONS: Mapping[str, ComponentType] = {
    # frameworks: training, inference and serving engines, orchestration, experiment tracking
    "torch": _F,
    "tensorflow": _F,
    "tensorflow-cpu": _F,
    "tf-keras": _F,
    "keras": _F,
    "jax": _F,
    "flax": _F,
    "transformers": _F,
    "diffusers": _F,
    "accelerate": _F,
    "peft": _F,
    "trl": _F,
    "optimum": _F,
    "deepspeed": _F,
    "lightning": _F,
    "pytorch-lightning": _F,
    "torch-xla": _F,
    "vllm": _F,
    "sglang": _F,
    "tensorrt": _F,
    "tensorrt-llm": _F,
    "onnxruntime": _F,
    "onnxruntime-gpu": _F,
    "openvino": _F,
    "llama-cpp-python": _F,
    "llmcompressor": _F,
    "langchain*": _F,
    "langgraph*": _F,
    "llama-index*": _F,
    "haystack-ai": _F,
    "ray": _F,
    "mlflow": _F,
    "mlflow-skinny": _F,
    "bentoml": _F,
    "kserve": _F,
    "torchserve": _F,
    "unsloth": _F,
    "dspy": _F,
    "crewai": _F,
    "autogen*": _F,
    "pyautogen": _F,
    "litellm": _F,
    "sentence-transformers": _F,
    "scikit-learn": _F,
    "xgboost": _F,
    "lightgbm": _F,
    "paddlepaddle": _F,
    "mxnet": _F,
    # libraries: kernels, formats, tokenizers, hubs, quantization, CUDA runtime wheels
    "torchvision": _L,
    "torchaudio": _L,
    "jaxlib": _L,
    "libtpu": _L,
    "libtpu-nightly": _L,
    "triton": _L,
    "xformers": _L,
    "flash-attn": _L,
    "bitsandbytes": _L,
    "auto-gptq": _L,
    "autoawq": _L,
    "compressed-tensors": _L,
    "safetensors": _L,
    "gguf": _L,
    "onnx": _L,
    "tokenizers": _L,
    "sentencepiece": _L,
    "tiktoken": _L,
    "datasets": _L,
    "huggingface-hub": _L,
    "timm": _L,
    "einops": _L,
    "openai": _L,
    "anthropic": _L,
    "tensorrt-cu*": _L,
    "nvidia-cudnn-cu*": _L,
    "nvidia-cublas-cu*": _L,
    "nvidia-nccl-cu*": _L,
    "nvidia-cuda-runtime-cu*": _L,
    "cupy-cuda*": _L,
}
"""The distributions :func:`capture_environment` reports by default: normalized name or ``fnmatch`` pattern ->
component type."""


def capture_environment(
    *,
    distributions: Iterable[str] | None = None,
    path: Sequence[str] | None = None,
) -> tuple[Component, ...]:
    """The AI frameworks and libraries installed in the running environment, as components.

    :param distributions: the distribution names (or ``fnmatch`` patterns such as
        ``langchain*``) to report, normalized before matching; by default the keys of
        :data:`AI_DISTRIBUTIONS`.  A name not installed is simply absent.  Names in
        :data:`AI_DISTRIBUTIONS` get its component type, others ``library``.
    :param path: the directories to search instead of :data:`sys.path` (another
        environment's ``site-packages``).
    """
    wanted = list(AI_DISTRIBUTIONS) if distributions is None else [canonicalize_name(n) for n in distributions]
    installed: dict[str, importlib.metadata.Distribution] = {}
    for distribution in _distributions(path):
        name = _header(distribution.metadata, "Name")
        if name is not None:
            installed.setdefault(canonicalize_name(name), distribution)
    constraints = _constraints(installed)
    return tuple(
        _component(installed[canonical], canonical, constraints.get(canonical))
        for canonical in sorted(installed)
        if any(fnmatch.fnmatchcase(canonical, pattern) for pattern in wanted)
    )


def _distributions(path: Sequence[str] | None) -> Iterator[importlib.metadata.Distribution]:
    if path is None:
        yield from importlib.metadata.distributions()
    else:
        yield from importlib.metadata.distributions(path=list(path))


def _component_type(canonical: str) -> ComponentType:
    for pattern, component_type in AI_DISTRIBUTIONS.items():
        if fnmatch.fnmatchcase(canonical, pattern):
            return component_type
    return ComponentType.LIBRARY


def pypi_purl(name: str, version: str | None) -> str:
    """The package URL of a PyPI distribution: normalized name, percent-encoded version.

    >>> pypi_purl("Sentence_Transformers", "3.0.1")
    'pkg:pypi/sentence-transformers@3.0.1'
    >>> pypi_purl("torch", "2.5.1+cu124")
    'pkg:pypi/torch@2.5.1%2Bcu124'
    """
    purl = f"pkg:pypi/{canonicalize_name(name)}"
    return f"{purl}@{urllib.parse.quote(version, safe='')}" if version else purl


def _component(
    distribution: importlib.metadata.Distribution, canonical: str, requires: SpecifierSet | None
) -> Component:
    metadata = distribution.metadata
    name = _header(metadata, "Name") or canonical
    version = distribution.version or None
    purl = pypi_purl(name, version)
    properties = [Property(name=FRAMEWORK_REQUIRES, value=str(requires))] if requires else []
    references: list[ExternalReference] = []
    direct_url = _direct_url(distribution)
    properties.extend(_direct_url_properties(direct_url))
    vcs_url = direct_url.get("url") if isinstance(direct_url.get("vcs_info"), dict) else None
    if isinstance(vcs_url, str) and vcs_url:
        references.append(ExternalReference(type="vcs", url=vcs_url))
    return Component(
        type=_component_type(canonical),
        name=name,
        version=version,
        description=_header(metadata, "Summary"),
        bom_ref=purl,
        purl=purl,
        licenses=_licenses(metadata),
        external_references=tuple(references),
        properties=tuple(properties),
    )


def _header(metadata: PackageMetadata, key: str) -> str | None:
    """The first non-empty value of a metadata header, stripped, or None."""
    for value in metadata.get_all(key) or ():
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _constraints(installed: Mapping[str, importlib.metadata.Distribution]) -> dict[str, SpecifierSet]:
    """For each distribution name, the specifiers the installed distributions' requirements put on it, combined."""
    found: dict[str, list[str]] = {}
    for requirer, distribution in installed.items():
        for line in distribution.requires or ():
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            target = canonicalize_name(requirement.name)
            if target != requirer and str(requirement.specifier):
                found.setdefault(target, []).append(str(requirement.specifier))
    return {target: SpecifierSet(",".join(texts)) for target, texts in found.items()}


def _direct_url(distribution: importlib.metadata.Distribution) -> dict[str, Any]:
    text = distribution.read_text("direct_url.json")
    if not text:
        return {}
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def _direct_url_properties(direct_url: Mapping[str, Any]) -> Iterator[Property]:
    dir_info, vcs_info = direct_url.get("dir_info"), direct_url.get("vcs_info")
    if isinstance(dir_info, dict) and dir_info.get("editable") is True:
        yield Property(name="cdx:python:package:source:local:editable", value="true")
    if isinstance(vcs_info, dict):
        for key in ("requested_revision", "commit_id"):
            value = vcs_info.get(key)
            if isinstance(value, str) and value:
                yield Property(name=f"cdx:python:package:source:vcs:{key}", value=value)


@functools.cache
def _spdx_ids() -> Mapping[str, str]:
    """Lower-cased SPDX license id -> the id as SPDX spells it (from the vendored CycloneDX SPDX schema)."""
    try:
        enum = orjson.loads((schema_dir() / "cyclonedx" / "spdx.schema.json").read_bytes())["enum"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {identifier.lower(): identifier for identifier in enum if isinstance(identifier, str)}


def _licenses(metadata: PackageMetadata) -> tuple[Mapping[str, Any], ...]:
    expression = _header(metadata, "License-Expression") or ""
    if expression:
        identifier = _spdx_ids().get(expression.lower())
        return ({"license": {"id": identifier}},) if identifier else ({"expression": expression},)
    text = _header(metadata, "License") or ""
    if text and "\n" not in text and len(text) <= 100 and text.upper() != "UNKNOWN":
        identifier = _spdx_ids().get(text.lower())
        return ({"license": {"id": identifier}},) if identifier else ({"license": {"name": text}},)
    names = []
    for classifier in metadata.get_all("Classifier") or ():
        parts = [part.strip() for part in classifier.split("::")]
        if len(parts) >= 2 and parts[0] == "License" and parts[-1] not in ("OSI Approved", ""):
            names.append(parts[-1])
    return tuple({"license": {"name": name}} for name in dict.fromkeys(names))
