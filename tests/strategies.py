"""Hypothesis strategies for schema-valid CycloneDX ML-BOM content.

Typed elements (``aibom.model``) for a given spec version:

* :func:`ml_models` - a ``machine-learning-model`` component with a full model card,
  file sub-components and ``pedigree.ancestors`` (the base model);
* :func:`datasets` - a ``data`` component with ``data[]`` (contents, governance, graphics);
* :func:`formulas` - a ``formulation`` item: training stack components (container, GPU
  ``device``, libraries), a workflow with tasks, trigger, steps, inputs/outputs, workspaces
  and ``runtimeTopology``;
* :func:`components` - any of the above, or a plain library/framework/device component;

and :func:`bom_documents`, whole BOM dicts (``metadata.component`` a model, data set
components, formulation, dependencies) for round-trip tests; pass ``xml=True`` for
documents that must also survive CycloneDX XML.

Everything generated validates against the official JSON schema of the requested
version (``tests/test_model.py`` checks it).  Texts are XML-safe single-spaced words
(no control characters, no leading or trailing blanks); numbers are ints or decimals
with at most three fractional digits; every ``bom-ref`` is unique within one example
and every reference points at an element of the same document.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from hypothesis import strategies as st

from aibom.model import (
    AccessMode,
    Approach,
    ApproachType,
    Attachment,
    Co2Measure,
    Command,
    Commit,
    Component,
    ComponentData,
    ComponentScope,
    ComponentType,
    Condition,
    ConfidenceInterval,
    Considerations,
    DataContents,
    DataGovernance,
    DataGovernanceParty,
    DataReference,
    DataType,
    Dependency,
    Diff,
    EnergyActivity,
    EnergyConsumption,
    EnergyMeasure,
    EnergyProvider,
    EnergySource,
    EnvironmentalConsiderations,
    Event,
    ExternalReference,
    ExternalReferenceType,
    FairnessAssessment,
    Formula,
    Graphic,
    GraphicsCollection,
    Hash,
    HashAlgorithm,
    Input,
    InputOutput,
    ModelCard,
    ModelParameters,
    Output,
    OutputType,
    Parameter,
    Patch,
    PatchType,
    Pedigree,
    PerformanceMetric,
    Property,
    QuantitativeAnalysis,
    ResourceReference,
    Risk,
    Step,
    Task,
    TaskType,
    Trigger,
    TriggerType,
    Volume,
    VolumeMode,
    Workflow,
    Workspace,
)
from aibom.model.common import EXTERNAL_REFERENCE_TYPE_SINCE, HASH_ALGORITHM_SINCE
from aibom.model.component import COMPONENT_TYPE_SINCE
from aibom.spec import SpecVersion

__all__ = [
    "Refs",
    "bom_documents",
    "component_data",
    "components",
    "datasets",
    "formulas",
    "ml_models",
    "model_cards",
    "texts",
]

_T = TypeVar("_T")
_S = TypeVar("_S", bound=str)
_V1_6 = SpecVersion.V1_6
_V1_7 = SpecVersion.V1_7

_WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:()&<>'\"éßø中",
    min_size=1,
    max_size=10,
)
_SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_HASH_LENGTH = {
    "MD5": 32,
    "SHA-1": 40,
    "SHA-256": 64,
    "SHA-384": 96,
    "SHA-512": 128,
    "SHA3-256": 64,
    "SHA3-384": 96,
    "SHA3-512": 128,
    "BLAKE2b-256": 64,
    "BLAKE2b-384": 96,
    "BLAKE2b-512": 128,
    "BLAKE3": 64,
    "Streebog-256": 64,
    "Streebog-512": 128,
}
_SPDX_IDS = ("MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "CC-BY-4.0", "MPL-2.0")


class Refs:
    """Hands out unique ``bom-ref`` values within one generated example."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self, prefix: str) -> str:
        return f"{prefix}-{next(self._counter)}"


def _spec(spec: SpecVersion | str) -> SpecVersion:
    return SpecVersion.parse(spec)


def _allowed(values: Sequence[_S], since: Mapping[str, SpecVersion], spec: SpecVersion) -> list[_S]:
    return [value for value in values if since.get(value, SpecVersion.V1_5) <= spec]


@functools.cache
def _hex(length: int) -> st.SearchStrategy[str]:
    return st.binary(min_size=length // 2, max_size=length // 2).map(bytes.hex)


def _tuples(
    strategy: st.SearchStrategy[_T], max_size: int = 2, *, unique: bool = False
) -> st.SearchStrategy[tuple[_T, ...]]:
    return st.lists(strategy, max_size=max_size, unique=unique).map(tuple)


def _maybe(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
    return st.none() | strategy


@functools.cache
def texts(max_words: int = 4) -> st.SearchStrategy[str]:
    """Single-spaced words: XML-safe, no blanks at either end."""
    return st.lists(_WORD, min_size=1, max_size=max_words).map(" ".join)


@functools.cache
def _urls() -> st.SearchStrategy[str]:
    return st.builds(lambda a, b: f"https://{a}.example.com/{b}", _SLUG, _SLUG)


@functools.cache
def _timestamps() -> st.SearchStrategy[str]:
    return st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1)).map(
        lambda moment: moment.replace(microsecond=0, tzinfo=UTC).isoformat()
    )


@functools.cache
def _numbers() -> st.SearchStrategy[float]:
    return st.integers(0, 10**6) | st.integers(0, 10**7).map(lambda n: n / 1000)


@functools.cache
def _emails() -> st.SearchStrategy[str]:
    return _SLUG.map(lambda name: f"{name}@example.org")


@functools.cache
def _organizations() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"name": texts()}, optional={"url": st.lists(_urls(), min_size=1, max_size=2)})


@functools.cache
def _contacts() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"name": texts()}, optional={"email": _emails()})


@functools.cache
def _properties() -> st.SearchStrategy[Property]:
    names = st.sampled_from(
        [
            "cdx:ai-ml:model:parameter:count",
            "cdx:ai-ml:model:hyperparameter:quantization",
            "cdx:ai-ml:model:hyperparameter:context_length",
            "cdx:ai-ml:model:language",
            "aibom:hardware:gpu:model",
        ]
    )
    return st.builds(Property, name=names | texts(2), value=_maybe(texts()))


@functools.cache
def _attachments() -> st.SearchStrategy[Attachment]:
    plain = st.builds(Attachment, content=texts(), content_type=_maybe(st.just("text/plain")))
    encoded = st.builds(
        Attachment,
        content=st.sampled_from(["aGVsbG8=", "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA"]),
        content_type=st.sampled_from(["image/png", "image/jpeg", "application/octet-stream"]),
        encoding=st.just("base64"),
    )
    return plain | encoded


@functools.cache
@st.composite
def _hashes(draw: st.DrawFn, spec: SpecVersion) -> Hash:
    alg = draw(st.sampled_from(_allowed(list(HashAlgorithm), HASH_ALGORITHM_SINCE, spec)))
    content = draw(_hex(_HASH_LENGTH[alg]))
    return Hash(alg=alg, content=content)


@functools.cache
def _external_references(spec: SpecVersion) -> st.SearchStrategy[ExternalReference]:
    types = _allowed(list(ExternalReferenceType), EXTERNAL_REFERENCE_TYPE_SINCE, spec)
    return st.builds(
        ExternalReference,
        type=st.sampled_from(types),
        url=_urls(),
        comment=_maybe(texts()),
        hashes=_tuples(_hashes(spec), 1),
        properties=_tuples(_properties(), 1) if spec >= _V1_7 else st.just(()),
    )


@functools.cache
def _graphics() -> st.SearchStrategy[GraphicsCollection]:
    graphic = st.builds(Graphic, name=_maybe(texts()), image=_maybe(_attachments()))
    return st.builds(GraphicsCollection, description=_maybe(texts()), collection=_tuples(graphic))


@functools.cache
def _licenses() -> st.SearchStrategy[tuple[dict[str, Any], ...]]:
    by_id = st.sampled_from(_SPDX_IDS).map(lambda spdx: {"license": {"id": spdx}})
    by_name = texts().map(lambda name: {"license": {"name": name}})
    expression = st.sampled_from(["MIT OR Apache-2.0", "Apache-2.0", "BSD-3-Clause AND MIT"]).map(
        lambda text: {"expression": text}
    )
    return st.one_of(st.just(()), (by_id | by_name).map(lambda lic: (lic,)), expression.map(lambda lic: (lic,)))


# -- componentData -----------------------------------------------------------------------------


@functools.cache
def _data_parts() -> tuple[st.SearchStrategy[DataGovernance], st.SearchStrategy[DataContents]]:
    party = st.one_of(
        _organizations().map(lambda org: DataGovernanceParty(organization=org)),
        _contacts().map(lambda contact: DataGovernanceParty(contact=contact)),
    )
    governance = st.builds(
        DataGovernance, custodians=_tuples(party, 1), stewards=_tuples(party, 1), owners=_tuples(party, 1)
    )
    contents = st.builds(
        DataContents,
        attachment=_maybe(_attachments()),
        url=_maybe(_urls()),
        properties=_tuples(_properties(), 2),
    )
    return governance, contents


@st.composite
def component_data(draw: st.DrawFn, spec: SpecVersion | str = _V1_6, refs: Refs | None = None) -> ComponentData:
    """A ``componentData`` (data set description), as in ``data[]`` or ``datasets[]``."""
    refs = refs or Refs()
    governance, contents = _data_parts()
    return ComponentData(
        bom_ref=refs("data") if draw(st.booleans()) else None,
        type=draw(st.sampled_from(list(DataType))),
        name=draw(_maybe(texts())),
        contents=draw(_maybe(contents)),
        classification=draw(_maybe(st.sampled_from(["public", "private", "PII", "confidential"]))),
        sensitive_data=draw(_tuples(texts(), 2)),
        graphics=draw(_maybe(_graphics())),
        description=draw(_maybe(texts(8))),
        governance=draw(_maybe(governance)),
    )


# -- modelCard ---------------------------------------------------------------------------------


@functools.cache
def _environmental_considerations(xml: bool) -> st.SearchStrategy[EnvironmentalConsiderations]:
    measure = st.builds(EnergyMeasure, value=_numbers())
    co2 = st.builds(Co2Measure, value=_numbers())
    provider = st.builds(
        EnergyProvider,
        description=_maybe(texts()),
        organization=_organizations(),
        energy_source=st.sampled_from(list(EnergySource)),
        energy_provided=measure,
        external_references=_tuples(_external_references(_V1_6), 1),
    )
    consumption = st.builds(
        EnergyConsumption,
        activity=st.sampled_from(list(EnergyActivity)),
        energy_providers=st.lists(provider, min_size=1 if xml else 0, max_size=2).map(tuple),
        activity_energy_cost=measure,
        co2_cost_equivalent=_maybe(co2),
        co2_cost_offset=_maybe(co2),
        properties=_tuples(_properties(), 1),
    )
    return st.builds(
        EnvironmentalConsiderations,
        energy_consumptions=_tuples(consumption, 2),
        properties=_tuples(_properties(), 1),
    )


@functools.cache
def _card_parts(version: SpecVersion, xml: bool) -> dict[str, st.SearchStrategy[Any]]:
    """The sub-strategies of a model card, built once per version (hypothesis validates each new one)."""
    interval = st.builds(ConfidenceInterval, lower_bound=_maybe(st.just("0.85")), upper_bound=_maybe(st.just("0.91")))
    metric = st.builds(
        PerformanceMetric,
        type=_maybe(st.sampled_from(["accuracy", "F1", "MMLU (5-shot)"])),
        value=_maybe(_numbers().map(str)),
        slice=_maybe(texts(2)),
        confidence_interval=_maybe(interval),
    )
    risk = st.builds(Risk, name=_maybe(texts()), mitigation_strategy=_maybe(texts()))
    fairness = st.builds(
        FairnessAssessment,
        group_at_risk=_maybe(texts()),
        benefits=_maybe(texts()),
        harms=_maybe(texts()),
        mitigation_strategy=_maybe(texts()),
    )
    return {
        "approach": _maybe(st.builds(Approach, type=st.sampled_from(list(ApproachType)))),
        "task": _maybe(st.sampled_from(["text-generation", "image-classification", "regression"])),
        "family": _maybe(st.sampled_from(["transformer", "convolutional neural network"])),
        "architecture": _maybe(st.sampled_from(["QWenLMHeadModel", "ResNet-50", "LlamaForCausalLM"])),
        "inputs": _tuples(st.builds(InputOutput, format=st.sampled_from(["string", "image", "time-series"]))),
        "outputs": _tuples(st.builds(InputOutput, format=st.sampled_from(["string", "label", "bounding box"]))),
        "analysis": _maybe(
            st.builds(QuantitativeAnalysis, performance_metrics=_tuples(metric, 3), graphics=_maybe(_graphics()))
        ),
        "considerations": _maybe(
            st.builds(
                Considerations,
                users=_tuples(texts()),
                use_cases=_tuples(texts()),
                technical_limitations=_tuples(texts()),
                performance_tradeoffs=_tuples(texts()),
                ethical_considerations=_tuples(risk),
                environmental_considerations=_maybe(_environmental_considerations(xml))
                if version >= _V1_6
                else st.none(),
                fairness_assessments=_tuples(fairness),
            )
        ),
    }


@st.composite
def model_cards(
    draw: st.DrawFn,
    spec: SpecVersion | str = _V1_6,
    refs: Refs | None = None,
    dataset_refs: Sequence[str] = (),
    *,
    xml: bool = False,
) -> ModelCard:
    """A full model card; ``datasets`` mixes inline data and ``{"ref"}`` items pointing at ``dataset_refs``.

    ``xml=True``: only content CycloneDX XML can also carry (no empty ``energyProviders``).
    """
    version = _spec(spec)
    refs = refs or Refs()
    parts = _card_parts(version, xml)
    dataset_items: list[ComponentData | DataReference] = []
    if dataset_refs:
        chosen = draw(st.lists(st.sampled_from(tuple(dataset_refs)), unique=True))
        dataset_items += [DataReference(ref=ref) for ref in chosen]
    dataset_items += draw(st.lists(component_data(version, refs), max_size=2))
    parameters = ModelParameters(
        approach=draw(parts["approach"]),
        task=draw(parts["task"]),
        architecture_family=draw(parts["family"]),
        model_architecture=draw(parts["architecture"]),
        datasets=tuple(dataset_items),
        inputs=draw(parts["inputs"]),
        outputs=draw(parts["outputs"]),
    )
    return ModelCard(
        bom_ref=refs("model-card") if draw(st.booleans()) else None,
        model_parameters=parameters,
        quantitative_analysis=draw(parts["analysis"]),
        considerations=draw(parts["considerations"]),
        properties=draw(_tuples(_properties(), 3)),
    )


# -- components --------------------------------------------------------------------------------


@functools.cache
def _component_types(spec: SpecVersion) -> list[ComponentType]:
    return _allowed(
        [t for t in ComponentType if t not in (ComponentType.MACHINE_LEARNING_MODEL, ComponentType.DATA)],
        COMPONENT_TYPE_SINCE,
        spec,
    )


@st.composite
def _plain_components(
    draw: st.DrawFn,
    spec: SpecVersion,
    refs: Refs,
    *,
    kind: ComponentType | None = None,
    name: str | None = None,
    light: bool = False,
) -> Component:
    """A component with the common fields (no model card, data, pedigree or children).

    ``light`` components (a training stack, lineage) have only identity fields: it keeps
    generation fast, and the full field set is covered by the other components.
    """
    ctype = kind or draw(st.sampled_from(_component_types(spec)))
    slug = draw(_SLUG)
    version = draw(_maybe(st.sampled_from(["1.0.0", "2.10.0", "ef3c5c9c57b252f3149c1408daf4d649ec8b6c85"])))
    newer = spec >= _V1_6
    if light:
        return Component(
            type=ctype,
            name=name or draw(texts(2)),
            bom_ref=refs(str(ctype)),
            version=version,
            description=draw(_maybe(texts(8))),
            purl=f"pkg:generic/{slug}@{version}" if version else None,
        )
    return Component(
        type=ctype,
        name=name or draw(texts(2)),
        bom_ref=refs(str(ctype)),
        mime_type=draw(_maybe(st.sampled_from(["application/json", "application/octet-stream"])))
        if ctype == ComponentType.FILE
        else None,
        supplier=draw(_maybe(_organizations())),
        manufacturer=draw(_maybe(_organizations())) if newer else None,
        authors=draw(_tuples(_contacts(), 1)) if newer else (),
        publisher=draw(_maybe(texts())),
        group=draw(_maybe(_SLUG)),
        version=version,
        description=draw(_maybe(texts(8))),
        scope=draw(_maybe(st.sampled_from(list(ComponentScope)))),
        hashes=draw(_tuples(_hashes(spec), 2)),
        licenses=draw(_licenses()),
        copyright=draw(_maybe(texts())),
        cpe=None,
        purl=f"pkg:generic/{slug}@{version}" if version and draw(st.booleans()) else None,
        external_references=draw(_tuples(_external_references(spec), 2)),
        properties=draw(_tuples(_properties(), 2)),
        tags=draw(_tuples(_SLUG, 3)) if newer else (),
    )


@functools.cache
def _lineage_parts() -> tuple[st.SearchStrategy[Commit], st.SearchStrategy[Patch]]:
    commit = st.builds(
        Commit,
        uid=_maybe(_hex(40)),
        url=_maybe(_urls()),
        author=_maybe(st.fixed_dictionaries({"timestamp": _timestamps(), "name": texts(), "email": _emails()})),
        message=_maybe(texts()),
    )
    patch = st.builds(
        Patch,
        type=st.sampled_from(list(PatchType)),
        diff=_maybe(st.builds(Diff, text=_maybe(_attachments()), url=_maybe(_urls()))),
        resolves=_tuples(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["defect", "enhancement", "security"])}, optional={"id": _SLUG}
            )
        ),
    )
    return commit, patch


@st.composite
def ml_models(
    draw: st.DrawFn,
    spec: SpecVersion | str = _V1_6,
    refs: Refs | None = None,
    dataset_refs: Sequence[str] = (),
    *,
    xml: bool = False,
) -> Component:
    """A ``machine-learning-model`` with a full model card, weight files and a base-model ancestor.

    ``xml=True``: only content CycloneDX XML can also carry (see :func:`model_cards`).
    """
    version = _spec(spec)
    refs = refs or Refs()
    base = draw(_plain_components(version, refs, kind=ComponentType.MACHINE_LEARNING_MODEL))
    files = tuple(draw(st.lists(_plain_components(version, refs, kind=ComponentType.FILE), max_size=2)))
    commit, patch = _lineage_parts()
    ancestor = draw(_plain_components(version, refs, kind=ComponentType.MACHINE_LEARNING_MODEL))
    pedigree = Pedigree(
        ancestors=(ancestor,),
        descendants=tuple(draw(st.lists(_plain_components(version, refs, light=True), max_size=1))),
        commits=draw(_tuples(commit, 1)),
        patches=draw(_tuples(patch, 1)),
        notes=draw(_maybe(texts())),
    )
    return base.replace(
        purl=f"pkg:huggingface/{draw(_SLUG)}/{draw(_SLUG)}@{draw(_hex(40))}",
        model_card=draw(model_cards(version, refs, dataset_refs, xml=xml)),
        pedigree=pedigree,
        components=files,
    )


@st.composite
def datasets(
    draw: st.DrawFn, spec: SpecVersion | str = _V1_6, refs: Refs | None = None, *, xml: bool = False
) -> Component:
    """A ``data`` component carrying ``data[]``.

    ``xml=True`` with 1.5: one item at most (the 1.5 XSD allows one ``<data>``, JSON an array).
    """
    version = _spec(spec)
    refs = refs or Refs()
    base = draw(_plain_components(version, refs, kind=ComponentType.DATA))
    most = 1 if xml and version is SpecVersion.V1_5 else 2
    return base.replace(data=tuple(draw(st.lists(component_data(version, refs), min_size=1, max_size=most))))


def components(
    spec: SpecVersion | str = _V1_6, refs: Refs | None = None, *, xml: bool = False
) -> st.SearchStrategy[Component]:
    """Any typed component: an ML model, a data set, or a plain one."""
    version = _spec(spec)

    @st.composite
    def plain(draw: st.DrawFn) -> Component:
        return draw(_plain_components(version, refs or Refs()))

    return st.one_of(ml_models(version, refs, xml=xml), datasets(version, refs, xml=xml), plain())


# -- formulation -------------------------------------------------------------------------------


@functools.cache
def _formula_parts(version: SpecVersion) -> dict[str, st.SearchStrategy[Any]]:
    """Sub-strategies of a formula that do not depend on the drawn components."""
    command = st.builds(
        Command,
        executed=_maybe(st.sampled_from(["python train.py", "torchrun --nproc 8 train.py"])),
        properties=_tuples(_properties(), 1),
    )
    return {
        "external_resource": _external_references(version).map(lambda ext: ResourceReference(external_reference=ext)),
        "env_var": _properties() | _SLUG.map(lambda name: f"{name.upper()}=1"),
        "parameter": st.builds(
            Parameter, name=_maybe(_SLUG), value=_maybe(texts()), data_type=_maybe(st.just("string"))
        ),
        "step": st.builds(
            Step, name=_maybe(texts()), description=_maybe(texts()), commands=_tuples(command), properties=st.just(())
        ),
        "condition": st.builds(Condition, description=_maybe(texts()), expression=st.just("1 == 1")),
    }


@st.composite
def formulas(
    draw: st.DrawFn, spec: SpecVersion | str = _V1_6, refs: Refs | None = None, outputs_ref: str | None = None
) -> Formula:
    """A training formula: container, GPU device and libraries, and a workflow with tasks.

    ``runtimeTopology`` says the container runs on the GPU (and, 1.6+, provides the libraries);
    ``outputs_ref`` (e.g. the trained model's bom-ref) becomes the workflow's output resource.
    """
    version = _spec(spec)
    refs = refs or Refs()
    container = draw(_plain_components(version, refs, kind=ComponentType.CONTAINER, name="training-image", light=True))
    gpu = draw(
        _plain_components(version, refs, kind=ComponentType.DEVICE, name="NVIDIA H100 Tensor Core GPU", light=True)
    )
    libraries = draw(st.lists(_plain_components(version, refs, kind=ComponentType.LIBRARY, light=True), max_size=2))
    stack = [container, gpu, *libraries]
    stack_refs = [c.bom_ref for c in stack if c.bom_ref]
    topology = Dependency(
        ref=container.bom_ref,
        depends_on=(_ref_of(gpu.bom_ref),),
        provides=tuple(_ref_of(lib.bom_ref) for lib in libraries) if version >= _V1_6 else (),
    )

    parts = _formula_parts(version)
    env_var, parameter, step, condition = parts["env_var"], parts["parameter"], parts["step"], parts["condition"]
    resource = st.sampled_from(stack_refs).map(lambda ref: ResourceReference(ref=ref)) | parts["external_resource"]

    @st.composite
    def inputs(draw: st.DrawFn) -> Input:
        choice = draw(st.sampled_from(["resource", "parameters", "environment_vars", "data"]))
        main: dict[str, Any] = {
            "resource": lambda: draw(resource),
            "parameters": lambda: tuple(draw(st.lists(parameter, min_size=1, max_size=2, unique=True))),
            "environment_vars": lambda: tuple(draw(st.lists(env_var, min_size=1, max_size=2, unique=True))),
            "data": lambda: draw(_attachments()),
        }
        return Input(
            source=draw(_maybe(resource)),
            target=draw(_maybe(resource)),
            properties=draw(_tuples(_properties(), 1)),
            **{choice: main[choice]()},
        )

    @st.composite
    def outputs(draw: st.DrawFn) -> Output:
        choice = draw(st.sampled_from(["resource", "environment_vars", "data"]))
        main: dict[str, Callable[[], Any]] = {
            "resource": lambda: ResourceReference(ref=outputs_ref) if outputs_ref else draw(resource),
            "environment_vars": lambda: tuple(draw(st.lists(env_var, min_size=1, max_size=2, unique=True))),
            "data": lambda: draw(_attachments()),
        }
        return Output(type=draw(_maybe(st.sampled_from(list(OutputType)))), **{choice: main[choice]()})

    def trigger() -> Trigger:
        event = Event(
            uid=draw(_maybe(_SLUG)),
            description=draw(_maybe(texts())),
            time_received=draw(_maybe(_timestamps())),
            data=draw(_maybe(_attachments())),
            source=draw(_maybe(resource)),
            target=draw(_maybe(resource)),
        )
        return Trigger(
            bom_ref=refs("trigger"),
            uid=draw(_SLUG),
            name=draw(_maybe(texts())),
            type=draw(st.sampled_from(list(TriggerType))),
            event=event if draw(st.booleans()) else None,
            conditions=draw(_tuples(condition, unique=True)),
            time_activated=draw(_maybe(_timestamps())),
            inputs=draw(_tuples(inputs(), 1)),
            outputs=draw(_tuples(outputs(), 1)),
        )

    def workspace() -> Workspace:
        volume = Volume(
            uid=draw(_maybe(_SLUG)),
            name=draw(_maybe(texts())),
            mode=draw(_maybe(st.sampled_from(list(VolumeMode)))),
            path=draw(_maybe(st.just("/data"))),
            size_allocated=draw(_maybe(st.just("10GB"))),
            persistent=draw(_maybe(st.booleans())),
            remote=draw(_maybe(st.booleans())),
        )
        return Workspace(
            bom_ref=refs("workspace"),
            uid=draw(_SLUG),
            name=draw(_maybe(texts())),
            aliases=draw(_tuples(_SLUG)),
            access_mode=draw(_maybe(st.sampled_from(list(AccessMode)))),
            mount_path=draw(_maybe(st.just("/workspace"))),
            volume=volume if draw(st.booleans()) else None,
        )

    def task() -> Task:
        return Task(
            bom_ref=refs("task"),
            uid=draw(_SLUG),
            name=draw(_maybe(texts())),
            description=draw(_maybe(texts())),
            resource_references=tuple(draw(st.lists(resource, max_size=2, unique=True))),
            task_types=tuple(draw(st.lists(st.sampled_from(list(TaskType)), min_size=1, max_size=2))),
            trigger=trigger() if draw(st.booleans()) else None,
            steps=tuple(draw(st.lists(step, max_size=2, unique=True))),
            inputs=tuple(draw(st.lists(inputs(), max_size=2, unique=True))),
            outputs=tuple(draw(st.lists(outputs(), max_size=1, unique=True))),
            workspaces=(workspace(),) if draw(st.booleans()) else (),
            runtime_topology=(topology,) if draw(st.booleans()) else (),
            properties=draw(_tuples(_properties(), 1)),
            time_start=draw(_maybe(_timestamps())),
            time_end=draw(_maybe(_timestamps())),
        )

    tasks = tuple(task() for _ in range(draw(st.integers(0, 2))))
    dependencies = (
        (Dependency(ref=tasks[1].bom_ref, depends_on=(_ref_of(tasks[0].bom_ref),)),) if len(tasks) == 2 else ()
    )
    workflow = Workflow(
        bom_ref=refs("workflow"),
        uid=draw(_SLUG),
        name=draw(_maybe(st.just("Model training workflow"))),
        description=draw(_maybe(texts(8))),
        resource_references=tuple(draw(st.lists(resource, max_size=2, unique=True))),
        tasks=tasks,
        task_dependencies=dependencies,
        task_types=(TaskType.BUILD,),
        trigger=trigger() if draw(st.booleans()) else None,
        steps=tuple(draw(st.lists(step, max_size=2, unique=True))),
        inputs=tuple(draw(st.lists(inputs(), max_size=2, unique=True))),
        outputs=tuple(draw(st.lists(outputs(), max_size=2, unique=True))),
        workspaces=(workspace(),) if draw(st.booleans()) else (),
        runtime_topology=(topology,),
        properties=draw(_tuples(_properties(), 1)),
        time_start=draw(_maybe(_timestamps())),
        time_end=draw(_maybe(_timestamps())),
    )
    services = tuple({"name": name, "bom-ref": refs("service")} for name in draw(st.lists(texts(), max_size=1)))
    return Formula(
        bom_ref=refs("formula") if draw(st.booleans()) else None,
        components=tuple(stack),
        services=services,
        workflows=(workflow,),
        properties=draw(_tuples(_properties(), 1)),
    )


def _ref_of(value: str | None) -> str:
    """Narrow a ``bom-ref`` that the strategies always set."""
    assert value is not None
    return value


# -- whole documents ---------------------------------------------------------------------------


@st.composite
def bom_documents(draw: st.DrawFn, spec: SpecVersion | str = _V1_6, *, xml: bool = False) -> dict[str, Any]:
    """A whole, schema-valid ML-BOM as a JSON dict (``metadata.component`` is the model).

    Holds data set components (referenced from the model card's ``datasets``), a few
    plain components, a training ``formulation`` and ``dependencies`` between them.
    ``xml=True`` leaves out the constructs CycloneDX XML cannot carry back
    (an empty ``energyProviders`` array; a second 1.5 ``component.data`` item), so the
    documents also round-trip through XML.
    """
    version = _spec(spec)
    refs = Refs()
    data_components = draw(st.lists(datasets(version, refs, xml=xml), max_size=2))
    data_refs = [_ref_of(c.bom_ref) for c in data_components]
    model = draw(ml_models(version, refs, data_refs, xml=xml))
    others = draw(st.lists(_plain_components(version, refs), max_size=2))
    document: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": version.value,
        "serialNumber": f"urn:uuid:{draw(st.uuids())}",
        "version": draw(st.integers(1, 5)),
        "metadata": {"timestamp": draw(_timestamps()), "component": model.to_json()},
    }
    listed = [*data_components, *others]
    if listed:
        document["components"] = [c.to_json() for c in listed]
    if draw(st.booleans()):
        document["formulation"] = [draw(formulas(version, refs, outputs_ref=model.bom_ref)).to_json()]
    model_ref = _ref_of(model.bom_ref)
    dependencies = [{"ref": model_ref, "dependsOn": data_refs}] if data_refs else [{"ref": model_ref}]
    dependencies += [{"ref": _ref_of(c.bom_ref)} for c in listed]
    document["dependencies"] = dependencies
    return document
