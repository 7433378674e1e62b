"""How something was made: ``formulation`` (formulas, workflows, tasks, ...).

For an ML-BOM this describes training: the training stack goes in
:attr:`Formula.components` (containers, libraries, ``device`` GPUs), the training
run in :attr:`Formula.workflows`, and ``runtimeTopology`` says which container
runs on which device and provides which libraries.  The structure is the same
in CycloneDX 1.5, 1.6 and 1.7, except :attr:`~aibom.model.Dependency.provides` (1.6+).

>>> from aibom.model import Dependency, Formula, TaskType, Workflow
>>> train = Workflow(bom_ref="train", uid="run-42", task_types=(TaskType.BUILD,),
...                  runtime_topology=(Dependency(ref="image", depends_on=("gpu-0",)),))
>>> Formula(bom_ref="formula-1", workflows=(train,)).to_json()["workflows"][0]["taskTypes"]
['build']
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from aibom.model._element import Element, element
from aibom.model.common import Attachment, Dependency, ExternalReference, Property
from aibom.model.component import Component

__all__ = [
    "AccessMode",
    "Command",
    "Condition",
    "Event",
    "Formula",
    "Input",
    "Output",
    "OutputType",
    "Parameter",
    "ResourceReference",
    "Step",
    "Task",
    "TaskType",
    "Trigger",
    "TriggerType",
    "Volume",
    "VolumeMode",
    "Workflow",
    "Workspace",
]


def __dir__() -> list[str]:
    return __all__


class TaskType(enum.StrEnum):
    """``taskType``: there is no ``train``; training is usually ``build``, evaluation ``test``.

    On read an unknown value stays a plain ``str``.
    """

    COPY = "copy"
    CLONE = "clone"
    LINT = "lint"
    SCAN = "scan"
    MERGE = "merge"
    BUILD = "build"
    TEST = "test"
    DELIVER = "deliver"
    DEPLOY = "deploy"
    RELEASE = "release"
    CLEAN = "clean"
    OTHER = "other"


class TriggerType(enum.StrEnum):
    """``trigger.type``.  On read an unknown value stays a plain ``str``."""

    MANUAL = "manual"
    API = "api"
    WEBHOOK = "webhook"
    SCHEDULED = "scheduled"


class OutputType(enum.StrEnum):
    """``outputType.type``.  On read an unknown value stays a plain ``str``."""

    ARTIFACT = "artifact"
    ATTESTATION = "attestation"
    LOG = "log"
    EVIDENCE = "evidence"
    METRICS = "metrics"
    OTHER = "other"


class AccessMode(enum.StrEnum):
    """``workspace.accessMode``.  On read an unknown value stays a plain ``str``."""

    READ_ONLY = "read-only"
    READ_WRITE = "read-write"
    READ_WRITE_ONCE = "read-write-once"
    WRITE_ONCE = "write-once"
    WRITE_ONLY = "write-only"


class VolumeMode(enum.StrEnum):
    """``volume.mode``.  On read an unknown value stays a plain ``str``."""

    FILESYSTEM = "filesystem"
    BLOCK = "block"


@element
class ResourceReference(Element):
    """A resource: a ``ref`` to a BOM element or an external reference (``resourceReferenceChoice``).

    >>> ResourceReference(ref="component-a").to_json()
    {'ref': 'component-a'}
    """

    ref: str | None = None
    external_reference: ExternalReference | None = None


@element
class Parameter(Element):
    """A named input parameter (``parameter``)."""

    name: str | None = None
    value: str | None = None
    data_type: str | None = None


@element
class Input(Element):
    """An input of a workflow, task or trigger (``inputType``).

    ``environment_vars`` items are :class:`~aibom.model.Property` or plain strings.
    """

    source: ResourceReference | None = None
    target: ResourceReference | None = None
    resource: ResourceReference | None = None
    parameters: tuple[Parameter, ...] = ()
    environment_vars: tuple[Property | str, ...] = ()
    data: Attachment | None = None
    properties: tuple[Property, ...] = ()


@element
class Output(Element):
    """An output of a workflow, task or trigger (``outputType``)."""

    type: OutputType | str | None = None
    source: ResourceReference | None = None
    target: ResourceReference | None = None
    resource: ResourceReference | None = None
    data: Attachment | None = None
    environment_vars: tuple[Property | str, ...] = ()
    properties: tuple[Property, ...] = ()


@element
class Command(Element):
    """A command that was executed (``command``)."""

    executed: str | None = None
    properties: tuple[Property, ...] = ()


@element
class Step(Element):
    """A step of a task or workflow (``step``)."""

    name: str | None = None
    description: str | None = None
    commands: tuple[Command, ...] = ()
    properties: tuple[Property, ...] = ()


@element
class Condition(Element):
    """A condition that must hold for a trigger to fire (``condition``)."""

    description: str | None = None
    expression: str | None = None
    properties: tuple[Property, ...] = ()


@element
class Event(Element):
    """The event that fired a trigger (``event``)."""

    uid: str | None = None
    description: str | None = None
    time_received: str | None = None
    data: Attachment | None = None
    source: ResourceReference | None = None
    target: ResourceReference | None = None
    properties: tuple[Property, ...] = ()


@element
class Trigger(Element):
    """What started a workflow or task (``trigger``); ``bom_ref``, ``uid`` and ``type`` are required."""

    bom_ref: str | None
    uid: str | None
    name: str | None = None
    description: str | None = None
    resource_references: tuple[ResourceReference, ...] = ()
    type: TriggerType | str | None
    event: Event | None = None
    conditions: tuple[Condition, ...] = ()
    time_activated: str | None = None
    inputs: tuple[Input, ...] = ()
    outputs: tuple[Output, ...] = ()
    properties: tuple[Property, ...] = ()


@element
class Volume(Element):
    """A volume mounted into a workspace (``volume``)."""

    uid: str | None = None
    name: str | None = None
    mode: VolumeMode | str | None = None
    path: str | None = None
    size_allocated: str | None = None
    persistent: bool | None = None
    remote: bool | None = None
    properties: tuple[Property, ...] = ()


@element
class Workspace(Element):
    """Storage shared by tasks (``workspace``); ``bom_ref`` and ``uid`` are required."""

    bom_ref: str | None
    uid: str | None
    name: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    resource_references: tuple[ResourceReference, ...] = ()
    access_mode: AccessMode | str | None = None
    mount_path: str | None = None
    managed_data_type: str | None = None
    volume_request: str | None = None
    volume: Volume | None = None
    properties: tuple[Property, ...] = ()


@element
class Task(Element):
    """One task of a workflow (``task``); ``bom_ref``, ``uid`` and ``task_types`` are required.

    ``task_types`` is ``None`` when the key is absent (``()`` is written as ``[]``).
    """

    bom_ref: str | None
    uid: str | None
    name: str | None = None
    description: str | None = None
    resource_references: tuple[ResourceReference, ...] = ()
    task_types: tuple[TaskType | str, ...] | None
    trigger: Trigger | None = None
    steps: tuple[Step, ...] = ()
    inputs: tuple[Input, ...] = ()
    outputs: tuple[Output, ...] = ()
    time_start: str | None = None
    time_end: str | None = None
    workspaces: tuple[Workspace, ...] = ()
    runtime_topology: tuple[Dependency, ...] = ()
    properties: tuple[Property, ...] = ()


@element
class Workflow(Element):
    """A workflow, e.g. a training run (``workflow``); ``bom_ref``, ``uid`` and ``task_types`` are required.

    ``task_types`` is ``None`` when the key is absent (``()`` is written as ``[]``).
    """

    bom_ref: str | None
    uid: str | None
    name: str | None = None
    description: str | None = None
    resource_references: tuple[ResourceReference, ...] = ()
    tasks: tuple[Task, ...] = ()
    task_dependencies: tuple[Dependency, ...] = ()
    task_types: tuple[TaskType | str, ...] | None
    trigger: Trigger | None = None
    steps: tuple[Step, ...] = ()
    inputs: tuple[Input, ...] = ()
    outputs: tuple[Output, ...] = ()
    time_start: str | None = None
    time_end: str | None = None
    workspaces: tuple[Workspace, ...] = ()
    runtime_topology: tuple[Dependency, ...] = ()
    properties: tuple[Property, ...] = ()


@element
class Formula(Element):
    """One item of ``formulation``: the components, services and workflows that made something.

    ``services`` are raw ``service`` mappings.
    """

    bom_ref: str | None = None
    components: tuple[Component, ...] = ()
    services: tuple[Mapping[str, Any], ...] = ()
    workflows: tuple[Workflow, ...] = ()
    properties: tuple[Property, ...] = ()
