"""Training runs: a CycloneDX ``formulation`` workflow from datasets and a base model to a model.

A :class:`TrainingRun` is one ``workflow`` (task type ``build``; CycloneDX has no
``train``): its ``inputs`` are the datasets and the base model, its ``outputs`` the
trained model (an ``artifact``), ``timeStart``/``timeEnd`` when it ran, and its
``runtimeTopology`` says the workflow ran on the hardware (``device`` components).
The kind of training, the hyperparameters, the duration and the energy used are the
workflow's ``aibom:training:*`` properties. Everything is referenced by bom-ref, so the datasets, models and hardware
are components of the same BOM (:func:`~aibom.concepts.build_bom` checks it).

>>> from aibom.concepts import Hyperparameters, TrainingRun
>>> run = TrainingRun(name="fine-tune support-bot", output_model="model:support-bot",
...                   base_model="model:llama-3.1-8b", datasets=("data:tickets",), hardware=("device:gpu-0",),
...                   hyperparameters=Hyperparameters(learning_rate=2e-4, epochs=3, optimizer="adamw"),
...                   started="2026-10-01T08:00:00Z", ended="2026-10-01T14:30:00Z", energy_kwh=41.5)
>>> workflow = run.to_cyclonedx().workflows[0]
>>> workflow.bom_ref, workflow.to_json()["taskTypes"], workflow.runtime_topology[0].depends_on
('training:fine-tune-support-bot', ['build'], ('device:gpu-0',))
>>> run.duration_seconds
23400
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from aibom.bom import Bom
from aibom.concepts._common import (
    ConceptBase,
    check_extras_type,
    default_ref,
    references,
    require_text,
    set_field,
    text_or_none,
)
from aibom.concepts._slots import AnySlot, PrefixSlot, Slot, check_extras, normalize, read, write
from aibom.concepts.hyperparameters import TRAINING, Hyperparameters, decode_hyperparameter
from aibom.errors import InvalidArgument
from aibom.model import (
    ComponentType,
    Dependency,
    Formula,
    Input,
    Output,
    OutputType,
    Property,
    ResourceReference,
    TaskType,
    Workflow,
)
from aibom.taxonomy import encode_value

__all__ = ["TrainingKind", "TrainingRun"]


def __dir__() -> list[str]:
    return __all__


class TrainingKind(enum.StrEnum):
    """What kind of training a run is (``aibom:training:kind``); other kinds are plain strings."""

    TRAINING = "training"
    PRE_TRAINING = "pre-training"
    CONTINUED_PRE_TRAINING = "continued-pre-training"
    FINE_TUNING = "fine-tuning"
    ALIGNMENT = "alignment"
    DISTILLATION = "distillation"
    OTHER = "other"


_KIND = Slot.of("kind", "aibom:training:kind", TrainingKind)
_DURATION = Slot.of("duration_seconds", "aibom:training:duration")
_ENERGY = Slot.of("energy_kwh", "aibom:training:energy")

SLOTS: tuple[AnySlot, ...] = (
    _KIND,
    PrefixSlot.of("hyperparameters", TRAINING + "<name>", decode_hyperparameter, encode_value),
    _DURATION,
    _ENERGY,
)


def _timestamp(owner: str, field: str, value: object) -> str | None:
    text = require_text(owner, field, value)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArgument(f"{owner}.{field}: {text!r} is not an ISO 8601 date-time",
                              expected="e.g. 2026-10-01T08:00:00Z") from None
    if moment.tzinfo is None:
        raise InvalidArgument(f"{owner}.{field}: {text!r} has no time zone", expected="e.g. 2026-10-01T08:00:00Z")
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingRun(ConceptBase):
    """A training or fine-tuning run.

    :param kind: what kind of training (:class:`TrainingKind`; ``aibom:training:kind``, always written, so a
        reader tells the workflow from a software build).
    :param name: the workflow name; ``bom_ref`` defaults (when empty) to ``training:<name>``, ``uid`` to the bom-ref.
    :param output_model: the bom-ref of the model it produced.
    :param base_model: the bom-ref of the model it started from.
    :param datasets: bom-refs of the ``data`` components it read.
    :param hardware: bom-refs of the ``device`` components it ran on.
    :param hyperparameters: the training hyperparameters.
    :param started: when it started, ``ended`` when it ended (ISO 8601 date-times with a time zone).
    :param duration_seconds: how long it ran; when left out and both times are given, their difference.
    :param energy_kwh: the energy it used, in kWh.
    :param properties: other workflow properties, kept as they are.
    """

    name: str
    kind: TrainingKind | str = TrainingKind.TRAINING
    bom_ref: str = ""
    uid: str = ""
    description: str | None = None
    output_model: str | None = None
    base_model: str | None = None
    datasets: tuple[str, ...] = ()
    hardware: tuple[str, ...] = ()
    hyperparameters: Hyperparameters = field(default_factory=Hyperparameters)
    started: str | None = None
    ended: str | None = None
    duration_seconds: int | float | None = None
    energy_kwh: int | float | None = None
    properties: tuple[Property, ...] = ()

    SLOTS: ClassVar[tuple[AnySlot, ...]] = SLOTS

    def __post_init__(self) -> None:
        owner = "TrainingRun"
        require_text(owner, "name", self.name, optional=False)
        for attr in ("description", "output_model", "base_model"):
            require_text(owner, attr, getattr(self, attr))
        if not self.bom_ref:
            set_field(self, "bom_ref", default_ref("training", self.name))
        if not self.uid:
            set_field(self, "uid", self.bom_ref)
        for attr in ("bom_ref", "uid"):
            require_text(owner, attr, getattr(self, attr), optional=False)
        for attr in ("datasets", "hardware"):
            set_field(self, attr, references(owner, attr, getattr(self, attr)))
        if not isinstance(self.hyperparameters, Hyperparameters):
            set_field(self, "hyperparameters", Hyperparameters(self.hyperparameters))
        set_field(self, "started", _timestamp(owner, "started", self.started))
        set_field(self, "ended", _timestamp(owner, "ended", self.ended))
        if self.duration_seconds is None and self.started is not None and self.ended is not None:
            seconds = (datetime.fromisoformat(self.ended) - datetime.fromisoformat(self.started)).total_seconds()
            set_field(self, "duration_seconds", int(seconds) if seconds.is_integer() else seconds)
        if self.kind is None:
            raise InvalidArgument("TrainingRun.kind is required", expected="a TrainingKind")
        for slot in (_KIND, _DURATION, _ENERGY):
            set_field(self, slot.key, normalize(owner, slot, getattr(self, slot.key)))
        set_field(self, "properties", check_extras_type(owner, "properties", self.properties))
        check_extras("TrainingRun.properties", SLOTS, write(SLOTS, self._slot_values()), self.properties)

    def _slot_values(self) -> dict[str, Any]:
        return {"kind": self.kind, "hyperparameters": self.hyperparameters,
                "duration_seconds": self.duration_seconds, "energy_kwh": self.energy_kwh}

    def references(self) -> dict[str, tuple[str, ...]]:
        """The bom-refs the run uses, by the component type they must have."""
        return {
            ComponentType.DATA.value: self.datasets,
            ComponentType.MACHINE_LEARNING_MODEL.value: tuple(
                ref for ref in (self.base_model, self.output_model) if ref is not None
            ),
            ComponentType.DEVICE.value: self.hardware,
        }

    def to_workflow(self) -> Workflow:
        """The ``workflow``."""
        inputs = tuple(Input(resource=ResourceReference(ref=ref)) for ref in self.datasets)
        if self.base_model is not None:
            inputs += (Input(resource=ResourceReference(ref=self.base_model)),)
        outputs: tuple[Output, ...] = ()
        if self.output_model is not None:
            outputs = (Output(type=OutputType.ARTIFACT, resource=ResourceReference(ref=self.output_model)),)
        topology = (Dependency(ref=self.bom_ref, depends_on=self.hardware),) if self.hardware else ()
        return Workflow(
            bom_ref=self.bom_ref,
            uid=self.uid,
            name=self.name,
            description=self.description,
            task_types=(TaskType.BUILD,),
            inputs=inputs,
            outputs=outputs,
            time_start=self.started,
            time_end=self.ended,
            runtime_topology=topology,
            properties=write(SLOTS, self._slot_values()) + self.properties,
        )

    def to_cyclonedx(self) -> Formula:
        """A ``formulation`` item holding the run's workflow."""
        return Formula(workflows=(self.to_workflow(),))

    @classmethod
    def from_cyclonedx(cls, workflow: Workflow | Formula, *, bom: Bom) -> TrainingRun:
        """The training run a workflow describes (a formula: its first workflow).

        ``bom`` tells the datasets (``data`` components), the base model (a model among
        the inputs) and the hardware (``device`` components in the runtime topology) apart.
        """
        if isinstance(workflow, Formula):
            if not workflow.workflows:
                raise InvalidArgument("the formula has no workflow", expected="a formula with a workflow")
            workflow = workflow.workflows[0]
        kinds = component_kinds(bom)
        datasets: list[str] = []
        base_model = None
        for item in workflow.inputs:
            ref = item.resource.ref if item.resource is not None else None
            if not isinstance(ref, str) or not ref.strip():
                continue
            kind = kinds.get(ref)
            if kind == ComponentType.MACHINE_LEARNING_MODEL and base_model is None:
                base_model = ref
            elif kind == ComponentType.DATA and ref not in datasets:
                datasets.append(ref)
        output_model = None
        for out in workflow.outputs:
            ref = out.resource.ref if out.resource is not None else None
            if isinstance(ref, str) and kinds.get(ref) == ComponentType.MACHINE_LEARNING_MODEL:
                output_model = ref
                break
        hardware = tuple(dict.fromkeys(
            ref for edge in workflow.runtime_topology for ref in edge.depends_on
            if kinds.get(ref) == ComponentType.DEVICE
        ))
        values, leftover = read(SLOTS, workflow.properties)
        name = text_or_none(workflow.name) or text_or_none(workflow.bom_ref) or "training run"
        return cls(
            name=name,
            kind=values.get("kind", TrainingKind.TRAINING),
            bom_ref=text_or_none(workflow.bom_ref) or "",
            uid=text_or_none(workflow.uid) or "",
            description=text_or_none(workflow.description),
            output_model=output_model,
            base_model=base_model,
            datasets=tuple(datasets),
            hardware=hardware,
            hyperparameters=Hyperparameters(values.get("hyperparameters", {})),
            started=_valid_time(workflow.time_start),
            ended=_valid_time(workflow.time_end),
            duration_seconds=values.get("duration_seconds"),
            energy_kwh=values.get("energy_kwh"),
            properties=leftover,
        )


def _valid_time(value: object) -> str | None:
    try:
        return _timestamp("TrainingRun", "time", value)
    except InvalidArgument:
        return None


def component_kinds(bom: Bom) -> dict[str, str]:
    """bom-ref -> component type, for every component of the BOM (metadata, nested, formulation)."""
    from aibom.concepts._walk import walk_components

    kinds: dict[str, str] = {}
    for component, _ in walk_components(bom, partitions=True):
        if isinstance(component.bom_ref, str) and isinstance(component.type, str):
            kinds.setdefault(component.bom_ref, component.type)
    return kinds


def is_training_workflow(workflow: Workflow, kinds: dict[str, str]) -> bool:
    """Whether a workflow looks like training: aibom training properties, or inputs, outputs or a
    runtime topology that use models, data or devices."""
    if any(isinstance(p.name, str) and p.name.startswith("aibom:training:") for p in workflow.properties):
        return True
    resources = [item.resource for item in workflow.inputs] + [item.resource for item in workflow.outputs]
    refs = [resource.ref for resource in resources if resource is not None]
    refs += [ref for edge in workflow.runtime_topology for ref in edge.depends_on]
    wanted = (ComponentType.MACHINE_LEARNING_MODEL, ComponentType.DATA, ComponentType.DEVICE)
    return any(isinstance(ref, str) and kinds.get(ref) in wanted for ref in refs)

