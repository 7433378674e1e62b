"""Distillation provenance: the teacher model(s) a model was trained to imitate.

Held in the model component's properties (``aibom:distillation:teacher``, one per
teacher). The student's own lineage (the model it was initialized from) is a
:class:`~aibom.concepts.FineTuningLineage` with the relation ``distilled``.

>>> from aibom.concepts import Distillation
>>> d = Distillation(teachers=["pkg:huggingface/meta-llama/Llama-3.1-70B", "model:teacher-2"])
>>> d.teachers
('pkg:huggingface/meta-llama/Llama-3.1-70B', 'model:teacher-2')
>>> [p.value for p in d.properties()]
['pkg:huggingface/meta-llama/Llama-3.1-70B', 'model:teacher-2']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from aibom.concepts._common import unique
from aibom.concepts._facet import PropertyFacet
from aibom.concepts._slots import Slot

__all__ = ["Distillation"]


def __dir__() -> list[str]:
    return __all__


@dataclass(frozen=True, slots=True, kw_only=True)
class Distillation(PropertyFacet):
    """The teacher model(s) of a distilled model.

    :param teachers: each teacher: a bom-ref of a component of the BOM, or a purl; each once.
    """

    teachers: tuple[str, ...] = ()

    SLOTS: ClassVar[tuple[Slot, ...]] = (Slot.of("teachers", "aibom:distillation:teacher"),)

    def __post_init__(self) -> None:
        self._normalize_slots()
        unique("Distillation", "teachers", self.teachers)
