#!/usr/bin/env python3
"""Seeded, deterministic generator of realistic CycloneDX ML-BOMs for benchmarks.

The same ``(components, seed, spec)`` always yields the same document, byte for
byte, so benchmark inputs can be cached and results compared across machines.

Component mix (of ``components``): about 70 % ``library`` (purls for pypi, npm,
maven and golang; 1-3 hashes; SPDX ids or expressions; external references;
properties), 15 % ``machine-learning-model`` (a full model card; some with a
base model as a pedigree ancestor), 10 % ``data`` (component data with
contents, classification, governance and sensitive data) and 5 % ``device``
(GPUs and TPUs with ``cdx:device:*`` properties).  The document also carries a
metadata block whose component is the top model, a dependency graph with an
entry for every component (0-5 edges each, acyclic, no dangling refs) and a
formulation with training workflows (for every fifth model) whose tasks' runtime
topology points at the device components.  Indented JSON comes to about 1.5 kB
per component (100k components: about 150 MB, 143 MiB).

Use it as a script::

    python benchmarks/generate.py --components 10000 --seed 0 -o bom.json
    python benchmarks/generate.py --components 1000 --format xml -o bom.xml
    python benchmarks/generate.py --components 1000 --spec 1.5 --check -o bom.json

or import it (``benchmarks/`` is a folder of plain scripts, not a package: put
the folder on ``sys.path`` first)::

    sys.path.insert(0, "benchmarks")
    from generate import generate_bom
    bom = generate_bom(1000, seed=0, spec="1.6")
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SPECS", "generate_bom", "main", "schema_validator", "write_bom"]

JsonDict = dict[str, Any]

SPECS = ("1.5", "1.6", "1.7")

#: Namespace for the document serial number: uuid5(namespace, parameters).
_SERIAL_NAMESPACE = uuid.UUID("6f1d4bb2-8c7e-4a3e-9f55-5a1e0b9c2d11")
_EPOCH = _dt.datetime(2024, 1, 1, tzinfo=_dt.UTC)

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_WORDS = (
    "fast", "json", "yaml", "http", "async", "core", "utils", "tensor", "torch", "vision", "audio", "text",
    "token", "cache", "crypto", "auth", "client", "server", "stream", "graph", "query", "sql", "orm", "cli",
    "log", "trace", "metrics", "config", "schema", "parse", "render", "image", "codec", "proto", "grpc",
    "rest", "cloud", "storage", "queue", "worker", "sched", "retry", "pool", "buffer", "vector", "matrix",
    "sparse", "dense", "linear", "optim", "train", "infer", "serve", "model", "data", "frame", "array",
    "numeric", "stats", "plot", "chart", "web", "socket", "net", "dns", "tls", "ssl", "hash", "sign",
    "jwt", "oauth", "token", "lexer", "ast", "compile", "jit", "kernel", "cuda", "rocm", "onnx", "quant",
    "prune", "distill", "embed", "index", "search", "rank", "sample", "shard", "batch", "pipe", "flow",
)
_ORGS = (
    "acme", "contoso", "initech", "globex", "umbrella", "hooli", "vandelay", "stark", "wayne", "tyrell",
    "cyberdyne", "soylent", "aperture", "blackmesa", "massive", "oscorp", "wonka", "gringotts", "nakatomi",
    "duff",
)
_SPDX_IDS = (
    "Apache-2.0", "MIT", "BSD-3-Clause", "BSD-2-Clause", "ISC", "MPL-2.0", "GPL-3.0-only", "LGPL-2.1-or-later",
    "EPL-2.0", "Unlicense", "PSF-2.0", "Zlib", "BSL-1.0", "0BSD",
)
_SPDX_EXPRESSIONS = (
    "Apache-2.0 OR MIT",
    "MIT AND BSD-3-Clause",
    "(MIT OR Apache-2.0) AND BSD-2-Clause",
    "GPL-2.0-only WITH Classpath-exception-2.0",
    "LGPL-2.1-or-later OR MPL-2.0",
)
_MODEL_LICENSES = ("Apache-2.0", "MIT", "CC-BY-4.0", "CC-BY-NC-4.0", "OpenRAIL-M", "llama3.1")
_DATA_LICENSES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODC-By-1.0", "CDLA-Permissive-2.0")
_HASH_ALGS = (("SHA-256", 256), ("SHA-512", 512), ("SHA-1", 160))

_MODEL_FAMILIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    # family, architecture, task, approach, input format, output format
    ("transformer", "LlamaForCausalLM", "text-generation", "self-supervised", "string", "string"),
    ("transformer", "MistralForCausalLM", "text-generation", "self-supervised", "string", "string"),
    ("transformer", "BertForSequenceClassification", "text-classification", "supervised", "string", "label"),
    ("transformer", "T5ForConditionalGeneration", "summarization", "supervised", "string", "string"),
    ("transformer", "WhisperForConditionalGeneration", "automatic-speech-recognition", "supervised", "audio/wav",
     "string"),
    ("convolutional neural network", "ResNet-50", "image-classification", "supervised", "image/png", "label"),
    ("convolutional neural network", "EfficientNet-B4", "image-classification", "supervised", "image/jpeg", "label"),
    ("vision transformer", "ViT-B/16", "image-classification", "supervised", "image/png", "label"),
    ("diffusion model", "UNet2DConditionModel", "text-to-image", "self-supervised", "string", "image/png"),
    ("gradient boosted trees", "XGBoost", "tabular-regression", "supervised", "application/parquet", "float"),
    ("LSTM neural network", "BiLSTM-CRF", "token-classification", "supervised", "string", "label"),
    ("graph neural network", "GraphSAGE", "node-classification", "semi-supervised", "application/json", "label"),
    ("reinforcement learning policy", "PPO-MLP", "control", "reinforcement-learning", "application/json",
     "application/json"),
    ("autoencoder", "VAE-Conv", "anomaly-detection", "unsupervised", "application/parquet", "float"),
)
_METRICS = (("accuracy", 0.70, 0.99), ("f1", 0.60, 0.97), ("precision", 0.65, 0.99), ("recall", 0.60, 0.98),
            ("auc-roc", 0.75, 0.99), ("bleu", 0.15, 0.55), ("rouge-l", 0.25, 0.60), ("wer", 0.03, 0.25),
            ("perplexity", 3.0, 25.0), ("mae", 0.01, 0.40))
_SLICES = ("test", "validation", "test/en", "test/de", "held-out", "out-of-distribution")
_DATA_CLASSES = ("public", "internal", "confidential", "restricted")
_SENSITIVE = ("personal names", "email addresses", "IP addresses", "geolocation", "health records",
              "biometric identifiers", "free-text user content", "faces in images")
_ENERGY_SOURCES = ("wind", "solar", "hydropower", "nuclear", "natural-gas", "coal", "geothermal", "unknown")
_USERS = ("data scientists", "ML engineers", "application developers", "researchers", "analysts",
          "customer-support agents")
_USE_CASES = ("content moderation", "document search", "customer support triage", "fraud screening",
              "quality inspection", "meeting transcription", "code completion", "demand forecasting")
_LIMITATIONS = ("degrades on inputs longer than the training context", "English-centric training data",
                "not evaluated on low-light images", "sensitive to distribution shift",
                "may hallucinate facts", "limited support for domain-specific jargon")
_TRADEOFFS = ("higher recall at the cost of precision", "quantised weights trade accuracy for latency",
              "smaller context window for faster inference")
_RISKS = (("biased outputs for under-represented dialects", "evaluate per dialect and rebalance training data"),
          ("generation of harmful content", "apply a safety classifier to all outputs"),
          ("leakage of personal data memorised during training", "deduplicate and scrub PII before training"),
          ("over-reliance by non-expert users", "surface confidence scores and human review"))
_GROUPS = ("non-native speakers", "older adults", "people with darker skin tones", "rural users", "minors")
_DEVICES: tuple[tuple[str, str, str, str, str], ...] = (
    # vendor, name, kind, memory, interconnect
    ("NVIDIA", "H100 SXM5 80GB", "gpu", "80GB HBM3", "NVLink 4"),
    ("NVIDIA", "A100 SXM4 40GB", "gpu", "40GB HBM2e", "NVLink 3"),
    ("NVIDIA", "L40S", "gpu", "48GB GDDR6", "PCIe 4.0"),
    ("AMD", "Instinct MI300X", "gpu", "192GB HBM3", "Infinity Fabric"),
    ("Google", "Cloud TPU v5e", "tpu", "16GB HBM2e", "ICI"),
    ("Google", "Cloud TPU v4", "tpu", "32GB HBM2e", "ICI"),
    ("Intel", "Gaudi 2", "accelerator", "96GB HBM2e", "RoCE v2"),
)
#: Relative frequency of 0, 1, ..., 5 dependsOn edges per component.
_DEPENDENCY_WEIGHTS = (34, 30, 15, 10, 7, 4)
_TOOLS = (("aibom-bench-generator", "1.0.0"), ("cyclonedx-py", "4.6.1"), ("syft", "1.18.1"))


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _hex(rng: random.Random, bits: int) -> str:
    """Return ``bits`` random bits as lower-case hex of the exact length."""
    return format(rng.getrandbits(bits), f"0{bits // 4}x")


def _version(rng: random.Random) -> str:
    """Return a semver-like version string."""
    return f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"


def _timestamp(moment: _dt.datetime) -> str:
    """Format an aware datetime as an RFC 3339 UTC timestamp."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _prop(name: str, value: str) -> JsonDict:
    """Return a CycloneDX property."""
    return {"name": name, "value": value}


def _hashes(rng: random.Random, count: int) -> list[JsonDict]:
    """Return ``count`` hashes of distinct algorithms with valid hex content (SHA-256 most often first)."""
    algs = list(_HASH_ALGS) if rng.random() < 0.7 else rng.sample(_HASH_ALGS, len(_HASH_ALGS))
    return [{"alg": alg, "content": _hex(rng, bits)} for alg, bits in algs[:count]]


def _license_choice(rng: random.Random, expression_rate: float = 0.15) -> list[JsonDict]:
    """Return a license choice: one SPDX expression, or one or two SPDX ids."""
    if rng.random() < expression_rate:
        return [{"expression": rng.choice(_SPDX_EXPRESSIONS)}]
    ids = rng.sample(_SPDX_IDS, 1 if rng.random() < 0.85 else 2)
    return [{"license": {"id": license_id}} for license_id in ids]


def _named_license(name: str) -> list[JsonDict]:
    """Return a license choice with an SPDX id when ``name`` is one, else a named license."""
    if name in ("OpenRAIL-M", "llama3.1"):
        return [{"license": {"name": name, "url": f"https://licenses.example.org/{name.lower()}"}}]
    return [{"license": {"id": name}}]


def _org(name: str, with_contact: bool = False) -> JsonDict:
    """Return an organizational entity, optionally with a contact."""
    entity: JsonDict = {"name": name.capitalize(), "url": [f"https://{name}.example.com"]}
    if with_contact:
        entity["contact"] = [{"name": f"{name.capitalize()} OSPO", "email": f"ospo@{name}.example.com"}]
    return entity


# --------------------------------------------------------------------------
# Identity: the first pass decides each component's kind, name and bom-ref
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Identity:
    """What later passes need to know about a component before it is built."""

    kind: str
    ref: str
    name: str
    group: str
    version: str
    purl: str | None
    ecosystem: str = ""


class _Namer:
    """Hands out names and bom-refs, guaranteeing that every bom-ref is unique."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def words(self, low: int = 1, high: int = 3, sep: str = "-") -> str:
        """Return ``low`` to ``high`` vocabulary words joined by ``sep``."""
        return sep.join(self._rng.sample(_WORDS, self._rng.randint(low, high)))

    def claim(self, make: Callable[[str], str], name: str) -> tuple[str, str]:
        """Return ``(name, make(name))``, suffixing the name until the ref is unused."""
        ref, candidate, n = make(name), name, 1
        while ref in self._used:
            n += 1
            candidate = f"{name}{n}"
            ref = make(candidate)
        self._used.add(ref)
        return candidate, ref


def _library_identity(rng: random.Random, namer: _Namer) -> _Identity:
    """Pick an ecosystem, name, version and purl (also the bom-ref) for a library."""
    ecosystem = rng.choices(("pypi", "npm", "maven", "golang"), weights=(45, 30, 15, 10))[0]
    version = _version(rng)
    org = rng.choice(_ORGS)
    if ecosystem == "pypi":
        group, base = "", namer.words()

        def make(n: str) -> str:
            return f"pkg:pypi/{n}@{version}"
    elif ecosystem == "npm":
        group = f"@{org}" if rng.random() < 0.4 else ""
        base = namer.words()

        def make(n: str) -> str:
            scope = f"%40{group[1:]}/" if group else ""
            return f"pkg:npm/{scope}{n}@{version}"
    elif ecosystem == "maven":
        group = f"com.{org}.{rng.choice(_WORDS)}"
        base = namer.words(sep="-")

        def make(n: str) -> str:
            return f"pkg:maven/{group}/{n}@{version}"
    else:
        group = f"github.com/{org}"
        base = namer.words(1, 2, sep="")
        version = "v" + version

        def make(n: str) -> str:
            return f"pkg:golang/{group}/{n}@{version}"

    name, ref = namer.claim(make, base)
    return _Identity("library", ref, name, group, version, ref, ecosystem)


def _model_identity(rng: random.Random, namer: _Namer) -> _Identity:
    """Pick an organisation, name, revision and Hugging Face purl for a model."""
    org = rng.choice(_ORGS)
    size = rng.choice(("tiny", "small", "base", "large", "7b", "13b", "70b", "xl"))
    base = f"{namer.words(1, 2)}-{size}"
    revision = _hex(rng, 160)

    def make(n: str) -> str:
        return f"pkg:huggingface/{org}/{n}@{revision}"

    name, ref = namer.claim(make, base)
    return _Identity("machine-learning-model", ref, name, org, revision[:12], ref)


def _data_identity(rng: random.Random, namer: _Namer) -> _Identity:
    """Pick an organisation, name and version for a dataset component."""
    org = rng.choice(_ORGS)
    base = f"{namer.words(1, 2)}-corpus"
    version = f"{rng.randint(2019, 2025)}.{rng.randint(1, 12):02d}"

    def make(n: str) -> str:
        return f"dataset:{org}/{n}@{version}"

    name, ref = namer.claim(make, base)
    return _Identity("data", ref, name, org, version, None)


def _device_identity(rng: random.Random, namer: _Namer) -> _Identity:
    """Pick a device model and a unique bom-ref for one accelerator."""
    vendor, model, _kind, _memory, _link = rng.choice(_DEVICES)
    slug = f"{vendor}-{model}".lower().replace(" ", "-").replace("/", "-")
    _name, ref = namer.claim(lambda n: f"device:{n}", slug)
    return _Identity("device", ref, model, vendor, f"fw-{rng.randint(90, 99)}.{rng.randint(0, 9)}", None)


_IDENTITY_MAKERS: dict[str, Callable[[random.Random, _Namer], _Identity]] = {
    "library": _library_identity,
    "machine-learning-model": _model_identity,
    "data": _data_identity,
    "device": _device_identity,
}


def _kinds(rng: random.Random, components: int) -> list[str]:
    """Return the shuffled list of component kinds in the 70/15/10/5 mix."""
    models, data, devices = round(components * 0.15), round(components * 0.10), round(components * 0.05)
    libraries = components - models - data - devices
    kinds = (["library"] * libraries + ["machine-learning-model"] * models + ["data"] * data
             + ["device"] * devices)
    rng.shuffle(kinds)
    return kinds


# --------------------------------------------------------------------------
# Component bodies
# --------------------------------------------------------------------------


@dataclass
class _Context:
    """Shared state of one generation run."""

    rng: random.Random
    spec: str
    datasets: list[_Identity]
    devices: list[_Identity]
    models: list[_Identity]

    @property
    def v16(self) -> bool:
        """Whether the target spec is 1.6 or later."""
        return self.spec != "1.5"


def _library(ctx: _Context, ident: _Identity) -> JsonDict:
    """Build a library component."""
    rng = ctx.rng
    org = rng.choice(_ORGS)
    component: JsonDict = {"type": "library", "bom-ref": ident.ref}
    if rng.random() < 0.3:
        component["supplier"] = {"name": org.capitalize()}
    if ident.group:
        component["group"] = ident.group
    component["name"] = ident.name
    component["version"] = ident.version
    if rng.random() < 0.3:
        component["scope"] = rng.choice(("required", "optional"))
    if rng.random() < 0.5:
        component["description"] = f"{ident.name.replace('-', ' ').capitalize()} library for {rng.choice(_WORDS)} work"
    component["hashes"] = _hashes(rng, rng.choices((1, 2, 3), weights=(76, 19, 5))[0])
    component["licenses"] = _license_choice(rng)
    component["purl"] = ident.purl
    if rng.random() < 0.4:
        repo = f"https://github.com/{org}/{ident.name}"
        refs = [{"type": "vcs", "url": repo}]
        if rng.random() < 0.3:
            refs.append({"type": "website", "url": f"https://{ident.name}.readthedocs.io/"})
        component["externalReferences"] = refs
    if rng.random() < 0.4:
        props = [_prop("syft:package:foundBy", f"{ident.ecosystem}-cataloger")]
        if rng.random() < 0.5:
            props.append(_prop("syft:location:0:path", f"/app/lib/{ident.ecosystem}/{ident.name}"))
        component["properties"] = props
    return component


def _metric(rng: random.Random) -> JsonDict:
    """Return a performance metric with a confidence interval."""
    kind, low, high = rng.choice(_METRICS)
    value = rng.uniform(low, high)
    spread = (high - low) * rng.uniform(0.005, 0.03)
    return {
        "type": kind,
        "value": f"{value:.4f}",
        "slice": rng.choice(_SLICES),
        "confidenceInterval": {"lowerBound": f"{value - spread:.4f}", "upperBound": f"{value + spread:.4f}"},
    }


def _energy(rng: random.Random) -> JsonDict:
    """Return environmental considerations with one or two energy consumptions."""
    consumptions = []
    for activity in rng.sample(("training", "fine-tuning", "inference"), 1 if rng.random() < 0.8 else 2):
        kwh = round(rng.uniform(50, 250_000), 1)
        consumption: JsonDict = {
            "activity": activity,
            "energyProviders": [{
                "organization": {"name": f"{rng.choice(_ORGS).capitalize()} Cloud"},
                "energySource": rng.choice(_ENERGY_SOURCES),
                "energyProvided": {"value": kwh, "unit": "kWh"},
            }],
            "activityEnergyCost": {"value": kwh, "unit": "kWh"},
        }
        if rng.random() < 0.5:
            consumption["co2CostEquivalent"] = {"value": round(kwh * rng.uniform(0.00002, 0.0005), 3),
                                                "unit": "tCO2eq"}
        consumptions.append(consumption)
    return {"energyConsumptions": consumptions}


def _inline_dataset(rng: random.Random) -> JsonDict:
    """Return an inline component-data dataset (no bom-ref)."""
    name = f"{rng.choice(_WORDS)}-{rng.choice(_WORDS)}-eval"
    return {
        "type": "dataset",
        "name": name,
        "contents": {"url": f"https://data.example.org/{name}.parquet"},
        "classification": "public",
        "description": f"Held-out evaluation split {name}",
    }


def _model_card(ctx: _Context, family: tuple[str, str, str, str, str, str]) -> JsonDict:
    """Build a full model card for a model of the given family."""
    rng = ctx.rng
    arch_family, architecture, task, approach, in_format, out_format = family
    datasets: list[JsonDict] = [{"ref": d.ref} for d in rng.sample(ctx.datasets, min(len(ctx.datasets),
                                                                                     rng.randint(1, 2)))]
    if not datasets or rng.random() < 0.1:
        datasets.append(_inline_dataset(rng))
    parameters: JsonDict = {
        "approach": {"type": approach},
        "task": task,
        "architectureFamily": arch_family,
        "modelArchitecture": architecture,
        "datasets": datasets,
    }
    if rng.random() < 0.2:
        parameters["inputs"] = [{"format": in_format}]
        parameters["outputs"] = [{"format": out_format}]
    considerations: JsonDict = {}
    if rng.random() < 0.6:
        considerations["users"] = rng.sample(_USERS, 1)
    considerations["useCases"] = rng.sample(_USE_CASES, 1)
    if rng.random() < 0.6:
        considerations["technicalLimitations"] = rng.sample(_LIMITATIONS, 1)
    if rng.random() < 0.3:
        considerations["performanceTradeoffs"] = rng.sample(_TRADEOFFS, 1)
    considerations["ethicalConsiderations"] = [
        {"name": name, "mitigationStrategy": mitigation} for name, mitigation in rng.sample(_RISKS, 1)
    ]
    if ctx.v16:
        considerations["environmentalConsiderations"] = _energy(rng)
    fairness: JsonDict = {"groupAtRisk": rng.choice(_GROUPS)}
    if rng.random() < 0.4:
        fairness["benefits"] = "broader access to the service"
    fairness["harms"] = "higher error rates"
    fairness["mitigationStrategy"] = "targeted evaluation"
    considerations["fairnessAssessments"] = [fairness]
    hyperparameters = [
        _prop("cdx:ai-ml:hyperparameter:learning_rate", f"{rng.choice((1, 2, 3, 5))}e-{rng.randint(3, 5)}"),
        _prop("cdx:ai-ml:hyperparameter:batch_size", str(2 ** rng.randint(3, 10))),
    ]
    if rng.random() < 0.4:
        hyperparameters.append(
            _prop("cdx:ai-ml:hyperparameter:optimizer", rng.choice(("adamw", "sgd", "adafactor", "lion"))))
    return {
        "modelParameters": parameters,
        "quantitativeAnalysis": {"performanceMetrics": [_metric(rng) for _ in range(rng.randint(1, 2))]},
        "considerations": considerations,
        "properties": hyperparameters,
    }


def _model(ctx: _Context, ident: _Identity) -> JsonDict:
    """Build a machine-learning-model component with a model card."""
    rng = ctx.rng
    family = rng.choice(_MODEL_FAMILIES)
    org = ident.group
    component: JsonDict = {"type": "machine-learning-model", "bom-ref": ident.ref, "supplier": {"name": org.capitalize()}}
    if rng.random() < 0.5:
        if ctx.v16:
            component["authors"] = [{"name": f"{org.capitalize()} Research"}]
        else:
            component["author"] = f"{org.capitalize()} Research"
    component["group"] = org
    component["name"] = ident.name
    component["version"] = ident.version
    component["description"] = f"{family[1]} fine-tuned for {family[2]}"
    component["hashes"] = [{"alg": "SHA-256", "content": _hex(rng, 256)}]
    component["licenses"] = _named_license(rng.choice(_MODEL_LICENSES))
    component["purl"] = ident.purl
    component["externalReferences"] = [{"type": "model-card", "url": f"https://huggingface.co/{org}/{ident.name}"}]
    if rng.random() < 0.2:
        base_org = rng.choice(_ORGS)
        base_name = f"{family[1].split('For')[0].lower()}-base"
        component["pedigree"] = {"ancestors": [{
            "type": "machine-learning-model",
            "group": base_org,
            "name": base_name,
            "version": "main",
            "purl": f"pkg:huggingface/{base_org}/{base_name}@{_hex(rng, 160)}",
        }], "notes": "Fine-tuned from the base model"}
    component["modelCard"] = _model_card(ctx, family)
    return component


def _data(ctx: _Context, ident: _Identity) -> JsonDict:
    """Build a data component describing one dataset."""
    rng = ctx.rng
    org = ident.group
    classification = rng.choice(_DATA_CLASSES)
    body: JsonDict = {
        "type": "dataset",
        "name": ident.name,
        "contents": {"url": f"https://data.{org}.example.com/{ident.name}/{ident.version}/train.parquet"},
        "classification": classification,
    }
    if classification != "public" or rng.random() < 0.3:
        body["sensitiveData"] = rng.sample(_SENSITIVE, rng.randint(1, 3))
    body["description"] = f"{rng.randint(10, 9000)}k {rng.choice(('documents', 'images', 'utterances', 'rows'))}"
    body["governance"] = {"owners": [{"organization": {"name": org.capitalize()}}]}
    if rng.random() < 0.5:
        body["governance"]["custodians"] = [{"contact": {"name": "Data Platform", "email": f"data@{org}.example.com"}}]
    if rng.random() < 0.2:
        body["governance"]["stewards"] = [{"contact": {"name": "Data Steward", "email": f"steward@{org}.example.com"}}]
    component: JsonDict = {
        "type": "data",
        "bom-ref": ident.ref,
        "supplier": {"name": org.capitalize()},
        "group": org,
        "name": ident.name,
        "version": ident.version,
        "licenses": [{"license": {"id": rng.choice(_DATA_LICENSES)}}],
    }
    if rng.random() < 0.6:
        component["externalReferences"] = [
            {"type": "distribution", "url": f"https://huggingface.co/datasets/{org}/{ident.name}"}]
    component["data"] = [body]
    return component


def _device(ctx: _Context, ident: _Identity) -> JsonDict:
    """Build a device component for a GPU or TPU."""
    rng = ctx.rng
    vendor, model, kind, memory, link = next(d for d in _DEVICES if d[0] == ident.group and d[1] == ident.name)
    component: JsonDict = {"type": "device", "bom-ref": ident.ref}
    component["manufacturer" if ctx.v16 else "supplier"] = {"name": vendor}
    component["name"] = model
    component["version"] = ident.version
    component["description"] = f"{vendor} {model} {kind.upper()} accelerator"
    component["properties"] = [
        _prop("cdx:device:type", kind),
        _prop("cdx:device:vendor", vendor),
        _prop("cdx:device:memory", memory),
        _prop("cdx:device:interconnect", link),
        _prop("cdx:device:count", str(rng.choice((1, 2, 4, 8)))),
    ]
    return component


_BUILDERS: dict[str, Callable[[_Context, _Identity], JsonDict]] = {
    "library": _library,
    "machine-learning-model": _model,
    "data": _data,
    "device": _device,
}


# --------------------------------------------------------------------------
# Document-level parts
# --------------------------------------------------------------------------


def _top_model(ctx: _Context, namer: _Namer) -> JsonDict:
    """Build the metadata component: the model the BOM describes."""
    ident = _model_identity(ctx.rng, namer)
    return _model(ctx, ident)


def _metadata(ctx: _Context, top: JsonDict, moment: _dt.datetime) -> JsonDict:
    """Build the metadata block."""
    tools = [{"type": "application", "name": name, "version": version, "supplier": {"name": "aibom"}
              if name.startswith("aibom") else {"name": "CycloneDX" if name.startswith("cyclonedx") else "Anchore"}}
             for name, version in _TOOLS]
    metadata: JsonDict = {
        "timestamp": _timestamp(moment),
        "lifecycles": [{"phase": "build"}],
        "tools": {"components": tools},
        "component": top,
    }
    org = _org(top["group"], with_contact=True)
    metadata["manufacturer" if ctx.v16 else "supplier"] = org
    metadata["properties"] = [_prop("aibom:bench:generator", "benchmarks/generate.py")]
    return metadata


def _dependencies(rng: random.Random, refs: Sequence[str], kinds: Sequence[str], top_ref: str) -> list[JsonDict]:
    """Return one dependency entry per component; edges point to earlier components only (a DAG)."""
    entries: list[JsonDict] = []
    top_targets = [ref for ref, kind in zip(refs, kinds) if kind in ("machine-learning-model", "data")][:5]
    entry: JsonDict = {"ref": top_ref}
    if top_targets:
        entry["dependsOn"] = top_targets
    entries.append(entry)
    for index, (ref, kind) in enumerate(zip(refs, kinds)):
        limit = 0 if kind == "device" else min(index, 5)
        count = min(limit, rng.choices(range(6), weights=_DEPENDENCY_WEIGHTS)[0])
        entry = {"ref": ref}
        if count:
            entry["dependsOn"] = [refs[j] for j in sorted(rng.sample(range(index), count))]
        entries.append(entry)
    return entries


def _workflow(ctx: _Context, model: _Identity, number: int, moment: _dt.datetime) -> JsonDict:
    """Build the training workflow of one model: prepare, train and evaluate tasks."""
    rng = ctx.rng
    prefix = f"wf-{number:06d}"
    topology = [{"ref": d.ref} for d in rng.sample(ctx.devices, min(len(ctx.devices), rng.randint(1, 2)))]
    inputs = [{"resource": {"ref": d.ref}} for d in rng.sample(ctx.datasets, min(len(ctx.datasets), 1))]
    start = moment - _dt.timedelta(hours=rng.randint(2, 400))
    end = start + _dt.timedelta(hours=rng.randint(1, 100))
    train: JsonDict = {"bom-ref": f"{prefix}-train", "uid": f"{prefix}-train", "name": "train",
                       "taskTypes": ["build"]}
    if topology:
        train["runtimeTopology"] = topology
    train["properties"] = [_prop("cdx:ai-ml:hyperparameter:seed", str(rng.randint(0, 2 ** 16)))]
    prepare: JsonDict = {"bom-ref": f"{prefix}-prepare", "uid": f"{prefix}-prepare", "name": "prepare data",
                         "taskTypes": ["clean"]}
    if inputs:
        prepare["inputs"] = inputs
    evaluate: JsonDict = {"bom-ref": f"{prefix}-eval", "uid": f"{prefix}-eval", "name": "evaluate",
                          "taskTypes": ["test"], "outputs": [{"type": "metrics", "resource": {"ref": model.ref}}]}
    workflow: JsonDict = {
        "bom-ref": prefix,
        "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "name": f"train {model.name}",
        "taskTypes": ["build", "test"],
        "resourceReferences": [{"ref": model.ref}],
        "tasks": [prepare, train, evaluate],
        "taskDependencies": [
            {"ref": f"{prefix}-train", "dependsOn": [f"{prefix}-prepare"]},
            {"ref": f"{prefix}-eval", "dependsOn": [f"{prefix}-train"]},
        ],
        "timeStart": _timestamp(start),
        "timeEnd": _timestamp(end),
    }
    if topology:
        workflow["runtimeTopology"] = topology
    return workflow


def _formulation(ctx: _Context, moment: _dt.datetime) -> list[JsonDict]:
    """Build the formulation: one formula with training workflows for every fifth model (trained in-house)."""
    workflows = [_workflow(ctx, model, number, moment) for number, model in enumerate(ctx.models[::5])]
    formula: JsonDict = {"bom-ref": "formula-training"}
    if workflows:
        formula["workflows"] = workflows
    formula["properties"] = [_prop("aibom:bench:pipeline", "training")]
    return [formula]


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def generate_bom(components: int, seed: int = 0, spec: str = "1.6") -> JsonDict:
    """Return a CycloneDX ML-BOM (a JSON-ready dict) with ``components`` components.

    Deterministic in ``(components, seed, spec)``; valid against the official
    JSON schema of ``spec`` (``"1.5"``, ``"1.6"`` or ``"1.7"``).
    """
    if spec not in SPECS:
        raise ValueError(f"spec must be one of {', '.join(SPECS)}, not {spec!r}")
    if components < 0:
        raise ValueError("components must be >= 0")
    rng = random.Random(f"aibom-bench/{seed}/{components}")
    namer = _Namer(rng)
    kinds = _kinds(rng, components)
    identities = [_IDENTITY_MAKERS[kind](rng, namer) for kind in kinds]
    ctx = _Context(
        rng=rng,
        spec=spec,
        datasets=[i for i in identities if i.kind == "data"],
        devices=[i for i in identities if i.kind == "device"],
        models=[i for i in identities if i.kind == "machine-learning-model"],
    )
    moment = _EPOCH + _dt.timedelta(seconds=rng.randint(0, 365 * 86400))
    top = _top_model(ctx, namer)
    body = [_BUILDERS[ident.kind](ctx, ident) for ident in identities]
    return {
        "$schema": f"http://cyclonedx.org/schema/bom-{spec}.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "serialNumber": uuid.uuid5(_SERIAL_NAMESPACE, f"{seed}/{components}/{spec}").urn,
        "version": 1,
        "metadata": _metadata(ctx, top, moment),
        "components": body,
        "dependencies": _dependencies(rng, [i.ref for i in identities], kinds, top["bom-ref"]),
        "formulation": _formulation(ctx, moment),
    }


def _import_aibom() -> Any:
    """Import aibom from this checkout (the repository root goes first on ``sys.path``)."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import aibom

    return aibom


def write_bom(bom: JsonDict, path: Path, fmt: str = "json") -> int:
    """Write ``bom`` to ``path`` as indented JSON or (through aibom) XML; return the byte count."""
    if fmt == "json":
        import orjson

        data = orjson.dumps(bom, option=orjson.OPT_INDENT_2) + b"\n"
    elif fmt == "xml":
        aibom = _import_aibom()
        text = aibom.dumps(aibom.load(bom), format="xml")
        data = text.encode("utf-8") if isinstance(text, str) else text
    else:
        raise ValueError(f"format must be json or xml, not {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def schema_validator(spec: str = "1.6", schema_root: Path | None = None) -> Any:
    """Return a jsonschema_rs validator for the official CycloneDX JSON schema of ``spec``.

    The ``spdx``, ``jsf`` and ``cryptography-defs`` sub-schemas are served from
    the vendored copies, so nothing is fetched over the network.
    """
    import jsonschema_rs
    import orjson

    root = schema_root or Path(__file__).resolve().parent.parent / "schemas" / "cyclonedx"
    resources = []
    for name in ("spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json"):
        path = root / name
        if path.exists():
            resources.append((f"http://cyclonedx.org/schema/{name}", orjson.loads(path.read_bytes())))
    registry = jsonschema_rs.Registry(resources)
    schema = orjson.loads((root / f"bom-{spec}.schema.json").read_bytes())
    return jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--components", "-n", type=int, required=True, help="number of components")
    parser.add_argument("--seed", "-s", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--spec", choices=SPECS, default="1.6", help="CycloneDX version (default 1.6)")
    parser.add_argument("--format", choices=("json", "xml"), default="json", help="output format (default json)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    parser.add_argument("--check", action="store_true",
                        help="also validate the JSON document against the official schema (jsonschema_rs)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    args = _parse_args(argv)
    bom = generate_bom(args.components, seed=args.seed, spec=args.spec)
    if args.check:
        errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message}"
                  for e in schema_validator(args.spec).iter_errors(bom)]
        if errors:
            print(f"{len(errors)} schema errors, first: {errors[:5]}", file=sys.stderr)
            return 1
    size = write_bom(bom, args.output, args.format)
    print(f"wrote {args.output} ({size:,} bytes, {size / max(args.components, 1):,.0f} B/component)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
