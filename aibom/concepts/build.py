"""Whole BOMs from concepts, and concepts from whole BOMs.

:func:`build_bom` writes a CycloneDX ML-BOM from concepts: models, datasets, hardware,
serving runtimes and frameworks become components (the ``subject`` model, if any,
becomes ``metadata.component``), each training run a ``formulation`` item, and each
serving runtime a ``dependencies`` entry on the models it serves and the devices it
runs on. It checks that every bom-ref is used once and that every reference points at a
component of the right type.

:func:`read_concepts` reads concepts back from any CycloneDX ML-BOM, aibom's or
another tool's; for a BOM :func:`build_bom` wrote, it gives back the same concepts.

>>> import aibom
>>> from aibom.concepts import Dataset, Model, build_bom, read_concepts
>>> data = Dataset(name="reviews", version="1")
>>> model = Model(name="sentiment", task="text-classification", datasets=(data.bom_ref,))
>>> bom = build_bom(models=[model], datasets=[data], subject=model.bom_ref)
>>> aibom.validate(bom).ok
True
>>> read_concepts(bom) == read_concepts(aibom.dumps(bom, format="xml"))
True
>>> read_concepts(bom).models == (model,)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aibom._source import SourceLike
from aibom.bom import Bom
from aibom.concepts._common import ConceptBase, as_tuple, set_field
from aibom.concepts._walk import walk_components
from aibom.concepts.dataset import Dataset
from aibom.concepts.framework import AIFramework, is_ai_framework
from aibom.concepts.hardware import Hardware
from aibom.concepts.lineage import BaseModel
from aibom.concepts.model import Model
from aibom.concepts.serving import ServingRuntime, is_serving_runtime
from aibom.concepts.training import TrainingRun, component_kinds, is_training_workflow
from aibom.errors import InvalidArgument, InvalidDocument
from aibom.model import Component, ComponentData, ComponentType, Dependency
from aibom.spec import SpecVersion

__all__ = ["Concepts", "build_bom", "read_concepts"]


def __dir__() -> list[str]:
    return __all__


@dataclass(frozen=True, slots=True, kw_only=True)
class Concepts(ConceptBase):
    """The concepts of one ML-BOM.

    :param subject: the bom-ref of the model the BOM is about (``metadata.component``); that
        model comes first in :attr:`models`.
    """

    models: tuple[Model, ...] = ()
    datasets: tuple[Dataset, ...] = ()
    hardware: tuple[Hardware, ...] = ()
    training_runs: tuple[TrainingRun, ...] = ()
    serving: tuple[ServingRuntime, ...] = ()
    frameworks: tuple[AIFramework, ...] = ()
    subject: str | None = None

    def __post_init__(self) -> None:
        for field, kind in (("models", Model), ("datasets", Dataset), ("hardware", Hardware),
                            ("training_runs", TrainingRun), ("serving", ServingRuntime),
                            ("frameworks", AIFramework)):
            set_field(self, field, as_tuple("Concepts", field, getattr(self, field), kind))
        if self.subject is not None:
            first = [model for model in self.models if model.bom_ref == self.subject]
            if not first:
                raise InvalidArgument(f"Concepts.subject {self.subject!r} is not the bom-ref of one of the models",
                                      expected="the bom-ref of a model")
            set_field(self, "models", (first[0], *(m for m in self.models if m is not first[0])))

    def build_bom(self, spec: SpecVersion | str = SpecVersion.V1_6) -> Bom:
        """The BOM of these concepts (see :func:`build_bom`)."""
        return build_bom(models=self.models, datasets=self.datasets, hardware=self.hardware,
                         training_runs=self.training_runs, serving=self.serving, frameworks=self.frameworks,
                         subject=self.subject, spec=spec)


def build_bom(
    *,
    models: Iterable[Model] = (),
    datasets: Iterable[Dataset] = (),
    hardware: Iterable[Hardware] = (),
    training_runs: Iterable[TrainingRun] = (),
    serving: Iterable[ServingRuntime] = (),
    frameworks: Iterable[AIFramework] = (),
    subject: str | None = None,
    spec: SpecVersion | str = SpecVersion.V1_6,
) -> Bom:
    """Write a CycloneDX ML-BOM from concepts.

    :param subject: the bom-ref of the model the BOM describes; it becomes ``metadata.component``.
    :param spec: the CycloneDX version (1.6 or 1.7; 1.5 cannot hold energy figures or 1.6 fields).
    :raises aibom.InvalidArgument: a bom-ref used twice (base models in lineages included), or a
        reference to a component that is not in the concepts or has the wrong type.
    """
    concepts = Concepts(models=tuple(models), datasets=tuple(datasets), hardware=tuple(hardware),
                        training_runs=tuple(training_runs), serving=tuple(serving),
                        frameworks=tuple(frameworks), subject=subject)
    version = SpecVersion.parse(spec)
    kinds = _check_refs(concepts)
    _check_references(concepts, kinds)
    bom = Bom(spec=version)
    document = bom.document
    document["metadata"] = {"tools": {"components": [_tool()]}}
    components: list[Component] = []
    for model in concepts.models:
        if model.bom_ref == concepts.subject:
            document["metadata"]["component"] = model.to_cyclonedx().to_json()
        else:
            components.append(model.to_cyclonedx())
    components += [item.to_cyclonedx() for item in concepts.datasets]
    components += [item.to_cyclonedx() for item in concepts.hardware]
    components += [item.to_cyclonedx() for item in concepts.serving]
    components += [item.to_cyclonedx() for item in concepts.frameworks]
    if components:
        document["components"] = [component.to_json() for component in components]
    for run in concepts.training_runs:
        bom.add_formula(run.to_cyclonedx())
    dependencies = [
        Dependency(ref=runtime.bom_ref, depends_on=runtime.models + runtime.accelerators).to_json()
        for runtime in concepts.serving
        if runtime.models or runtime.accelerators
    ]
    if dependencies:
        document["dependencies"] = dependencies
    return bom


def _tool() -> dict[str, Any]:
    from aibom import __version__

    return {"type": "application", "name": "aibom", "version": __version__,
            "purl": f"pkg:pypi/aibom@{__version__}"}


def _check_refs(concepts: Concepts) -> dict[str, str]:
    """Every bom-ref once; return bom-ref -> component type."""
    kinds: dict[str, str] = {}

    def claim(ref: str | None, kind: str, what: str) -> None:
        if ref is None:
            return
        if ref in kinds:
            raise InvalidArgument(f"the bom-ref {ref!r} of {what} is already used", expected="each bom-ref once")
        kinds[ref] = kind

    def claim_bases(bases: tuple[BaseModel, ...], owner: str) -> None:
        for base in bases:
            claim(base.bom_ref, "ancestor", f"the base model {base.name!r} of {owner!r}")
            claim_bases(base.bases, owner)

    for model in concepts.models:
        claim(model.bom_ref, ComponentType.MACHINE_LEARNING_MODEL, f"the model {model.name!r}")
        if model.lineage is not None:
            claim_bases(model.lineage.bases, model.name)
    for dataset in concepts.datasets:
        claim(dataset.bom_ref, ComponentType.DATA, f"the dataset {dataset.name!r}")
    def claim_devices(devices: tuple[Hardware, ...]) -> None:
        for device in devices:
            claim(device.bom_ref, ComponentType.DEVICE, f"the hardware {device.name!r}")
            claim_devices(device.partitions)

    claim_devices(concepts.hardware)
    for runtime in concepts.serving:
        claim(runtime.bom_ref, runtime.component_type, f"the serving runtime {runtime.name!r}")
    for framework in concepts.frameworks:
        claim(framework.bom_ref, ComponentType.FRAMEWORK, f"the framework {framework.name!r}")
    for run in concepts.training_runs:
        claim(run.bom_ref, "workflow", f"the training run {run.name!r}")
    return kinds


def _check_references(concepts: Concepts, kinds: dict[str, str]) -> None:
    def need(refs: Iterable[str | ComponentData | None], kind: str, where: str) -> None:
        for ref in refs:
            if isinstance(ref, str) and kinds.get(ref) != kind:
                found = kinds.get(ref)
                problem = "is not in the BOM" if found is None else f"is a {str(found)!r} component"
                raise InvalidArgument(f"{where} refers to {ref!r}, which {problem}",
                                      expected=f"the bom-ref of a {str(kind)!r} component")

    data, model, device = ComponentType.DATA, ComponentType.MACHINE_LEARNING_MODEL, ComponentType.DEVICE
    for item in concepts.models:
        need(item.datasets, data, f"Model {item.name!r} datasets")
        need(item.evaluation_datasets, data, f"Model {item.name!r} evaluation_datasets")
        if item.lineage is not None:
            need(item.lineage.datasets, data, f"Model {item.name!r} lineage datasets")
    for run in concepts.training_runs:
        for kind, refs in run.references().items():
            need(refs, kind, f"TrainingRun {run.name!r}")
    for runtime in concepts.serving:
        need(runtime.models, model, f"ServingRuntime {runtime.name!r} models")
        need(runtime.accelerators, device, f"ServingRuntime {runtime.name!r} accelerators")


def read_concepts(source: Bom | SourceLike) -> Concepts:
    """Read the concepts of a CycloneDX ML-BOM (a :class:`~aibom.Bom` or anything :func:`aibom.load` reads).

    Components are read wherever they are (``metadata.component``, ``components`` and the
    components nested in them, ``formulation[].components``; not ``pedigree``, which is
    lineage): ``machine-learning-model`` components as :class:`Model`, ``data`` as
    :class:`Dataset`, ``device`` as :class:`Hardware`, components with an
    ``aibom:serving:runtime`` property as :class:`ServingRuntime`, and ``framework``
    components (and libraries with ``aibom:framework:*`` properties or the name of a known
    AI framework) as :class:`AIFramework`. Workflows in ``formulation`` that use models, data or
    devices (or have ``aibom:training:*`` properties) are read as :class:`TrainingRun`.

    Property names other tools use are read as the taxonomy's aliases say. A property whose
    value does not fit its type stays in the concept's ``properties`` (``aibom.validate``
    reports it); a component whose JSON types are wrong is skipped.
    """
    if isinstance(source, Bom):
        bom = source
    else:
        from aibom.io import load

        bom = load(source)
    found: dict[str, list[Any]] = {key: [] for key in ("models", "datasets", "hardware", "serving", "frameworks")}
    subject = None
    seen: set[str] = set()
    for component, place in walk_components(bom):
        concept = _concept_of(component)
        if concept is None:
            continue
        ref: str = concept[1].bom_ref
        if component.bom_ref is not None:  # a bom-ref written twice (schema-invalid): the first one counts
            if component.bom_ref in seen:
                continue
            seen.add(component.bom_ref)
        found[concept[0]].append(concept[1])
        if place == "metadata" and concept[0] == "models":
            subject = ref
    kinds = component_kinds(bom)
    runs: list[TrainingRun] = []
    for formula in _formulas(bom):
        for workflow in formula.workflows:
            if not is_training_workflow(workflow, kinds):
                continue
            if isinstance(workflow.bom_ref, str):
                if workflow.bom_ref in seen:
                    continue
                seen.add(workflow.bom_ref)
            runs.append(TrainingRun.from_cyclonedx(workflow, bom=bom))
    return Concepts(
        models=tuple(found["models"]),
        datasets=tuple(found["datasets"]),
        hardware=tuple(found["hardware"]),
        training_runs=tuple(runs),
        serving=tuple(found["serving"]),
        frameworks=tuple(found["frameworks"]),
        subject=subject,
    )


def _formulas(bom: Bom) -> list[Any]:
    try:
        return list(bom.formulation)
    except InvalidDocument:
        return []


def _concept_of(component: Component) -> tuple[str, Any] | None:
    kind = component.type
    if kind == ComponentType.MACHINE_LEARNING_MODEL:
        return "models", Model.from_cyclonedx(component)
    if kind == ComponentType.DATA:
        return "datasets", Dataset.from_cyclonedx(component)
    if kind == ComponentType.DEVICE:
        return "hardware", Hardware.from_cyclonedx(component)
    if is_serving_runtime(component):
        return "serving", ServingRuntime.from_cyclonedx(component)
    if is_ai_framework(component):
        return "frameworks", AIFramework.from_cyclonedx(component)
    return None
