"""Small CycloneDX definitions shared by several parts of an ML-BOM.

Organizational entities and contacts (``supplier``, ``organization``, ``contact``)
are kept as raw read-only JSON mappings: modelling them adds nothing here.

>>> from aibom.model import ExternalReference, Hash
>>> ref = ExternalReference(type="model-card", url="https://huggingface.co/Qwen/Qwen-7B")
>>> ref.type
<ExternalReferenceType.MODEL_CARD: 'model-card'>
>>> ref.to_json()
{'url': 'https://huggingface.co/Qwen/Qwen-7B', 'type': 'model-card'}
>>> Hash(alg="Streebog-256", content="ab" * 32).required_spec()
<SpecVersion.V1_7: '1.7'>
"""

from __future__ import annotations

import enum

from aibom.model._element import Element, element, json_field
from aibom.spec import SpecVersion

__all__ = [
    "Attachment",
    "Dependency",
    "ExternalReference",
    "ExternalReferenceType",
    "Graphic",
    "GraphicsCollection",
    "Hash",
    "HashAlgorithm",
    "Property",
]


def __dir__() -> list[str]:
    return __all__


_V1_6 = SpecVersion.V1_6
_V1_7 = SpecVersion.V1_7


class HashAlgorithm(enum.StrEnum):
    """``hash-alg``.  ``Streebog-256`` and ``Streebog-512`` need CycloneDX 1.7.

    On read an unknown algorithm stays a plain ``str``.
    """

    MD5 = "MD5"
    SHA_1 = "SHA-1"
    SHA_256 = "SHA-256"
    SHA_384 = "SHA-384"
    SHA_512 = "SHA-512"
    SHA3_256 = "SHA3-256"
    SHA3_384 = "SHA3-384"
    SHA3_512 = "SHA3-512"
    BLAKE2B_256 = "BLAKE2b-256"
    BLAKE2B_384 = "BLAKE2b-384"
    BLAKE2B_512 = "BLAKE2b-512"
    BLAKE3 = "BLAKE3"
    STREEBOG_256 = "Streebog-256"
    STREEBOG_512 = "Streebog-512"


HASH_ALGORITHM_SINCE = {"Streebog-256": _V1_7, "Streebog-512": _V1_7}
"""Hash algorithms added after CycloneDX 1.5 (derived from the official schemas)."""


class ExternalReferenceType(enum.StrEnum):
    """``externalReference.type``.  On read an unknown type stays a plain ``str``.

    Added in 1.6: ``source-distribution``, ``electronic-signature``,
    ``digital-signature``, ``rfc-9116``; in 1.7: ``patent``, ``patent-family``,
    ``patent-assertion``, ``citation``.
    """

    VCS = "vcs"
    ISSUE_TRACKER = "issue-tracker"
    WEBSITE = "website"
    ADVISORIES = "advisories"
    BOM = "bom"
    MAILING_LIST = "mailing-list"
    SOCIAL = "social"
    CHAT = "chat"
    DOCUMENTATION = "documentation"
    SUPPORT = "support"
    SOURCE_DISTRIBUTION = "source-distribution"
    DISTRIBUTION = "distribution"
    DISTRIBUTION_INTAKE = "distribution-intake"
    LICENSE = "license"
    BUILD_META = "build-meta"
    BUILD_SYSTEM = "build-system"
    RELEASE_NOTES = "release-notes"
    SECURITY_CONTACT = "security-contact"
    MODEL_CARD = "model-card"
    LOG = "log"
    CONFIGURATION = "configuration"
    EVIDENCE = "evidence"
    FORMULATION = "formulation"
    ATTESTATION = "attestation"
    THREAT_MODEL = "threat-model"
    ADVERSARY_MODEL = "adversary-model"
    RISK_ASSESSMENT = "risk-assessment"
    VULNERABILITY_ASSERTION = "vulnerability-assertion"
    EXPLOITABILITY_STATEMENT = "exploitability-statement"
    PENTEST_REPORT = "pentest-report"
    STATIC_ANALYSIS_REPORT = "static-analysis-report"
    DYNAMIC_ANALYSIS_REPORT = "dynamic-analysis-report"
    RUNTIME_ANALYSIS_REPORT = "runtime-analysis-report"
    COMPONENT_ANALYSIS_REPORT = "component-analysis-report"
    MATURITY_REPORT = "maturity-report"
    CERTIFICATION_REPORT = "certification-report"
    CODIFIED_INFRASTRUCTURE = "codified-infrastructure"
    QUALITY_METRICS = "quality-metrics"
    POAM = "poam"
    ELECTRONIC_SIGNATURE = "electronic-signature"
    DIGITAL_SIGNATURE = "digital-signature"
    RFC_9116 = "rfc-9116"
    PATENT = "patent"
    PATENT_FAMILY = "patent-family"
    PATENT_ASSERTION = "patent-assertion"
    CITATION = "citation"
    OTHER = "other"


EXTERNAL_REFERENCE_TYPE_SINCE = {
    "source-distribution": _V1_6,
    "electronic-signature": _V1_6,
    "digital-signature": _V1_6,
    "rfc-9116": _V1_6,
    "patent": _V1_7,
    "patent-family": _V1_7,
    "patent-assertion": _V1_7,
    "citation": _V1_7,
}
"""External reference types added after CycloneDX 1.5 (derived from the official schemas)."""


@element
class Property(Element):
    """A name-value pair (``property``); ``name`` is required from CycloneDX 1.6 on.

    >>> Property(name="cdx:ai-ml:model:hyperparameter:quantization", value="q4_k_m").to_json()
    {'name': 'cdx:ai-ml:model:hyperparameter:quantization', 'value': 'q4_k_m'}
    """

    name: str | None
    value: str | None = None


@element
class Attachment(Element):
    """Inline content (``attachment``): text, or base64 when ``encoding`` is ``"base64"``.

    >>> Attachment(content="aGVsbG8=", content_type="text/plain", encoding="base64").to_json()
    {'contentType': 'text/plain', 'encoding': 'base64', 'content': 'aGVsbG8='}
    """

    content_type: str | None = None
    encoding: str | None = None
    content: str | None


@element
class Hash(Element):
    """A hash of a component or file (``hash``).

    >>> Hash(alg=HashAlgorithm.SHA_256, content="e3b0c442" * 8).to_json()["alg"]
    'SHA-256'
    """

    alg: HashAlgorithm | str | None = json_field(value_since=HASH_ALGORITHM_SINCE)
    content: str | None


@element
class ExternalReference(Element):
    """A link to something outside the BOM (``externalReference``); ``properties`` needs 1.7."""

    url: str | None
    comment: str | None = None
    type: ExternalReferenceType | str | None = json_field(value_since=EXTERNAL_REFERENCE_TYPE_SINCE)
    hashes: tuple[Hash, ...] = ()
    properties: tuple[Property, ...] = json_field(since=_V1_7, default=())


@element
class Graphic(Element):
    """One image of a :class:`GraphicsCollection` (``graphic``)."""

    name: str | None = None
    image: Attachment | None = None


@element
class GraphicsCollection(Element):
    """Graphics of a model card's quantitative analysis or of a data set (``graphicsCollection``).

    >>> GraphicsCollection(description="ROC", collection=(Graphic(name="roc.png"),)).to_json()
    {'description': 'ROC', 'collection': [{'name': 'roc.png'}]}
    """

    description: str | None = None
    collection: tuple[Graphic, ...] = ()


@element
class Dependency(Element):
    """A dependency edge (``dependency``), used in ``dependencies``, ``runtimeTopology``
    and ``taskDependencies``.  ``provides`` needs CycloneDX 1.6.

    >>> edge = Dependency(ref="container", depends_on=("gpu-0",), provides=("pkg:pypi/torch@2.4.0",))
    >>> edge.to_json()
    {'ref': 'container', 'dependsOn': ['gpu-0'], 'provides': ['pkg:pypi/torch@2.4.0']}
    >>> edge.required_spec()
    <SpecVersion.V1_6: '1.6'>
    """

    ref: str | None
    depends_on: tuple[str, ...] = ()
    provides: tuple[str, ...] = json_field(since=_V1_6, default=())
