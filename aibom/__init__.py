"""aibom: AI bills of materials in CycloneDX, read and written without losing a field.

>>> import aibom
>>> bom = aibom.load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
...                   "components": [{"type": "machine-learning-model", "name": "resnet",
...                                   "modelCard": {"modelParameters": {"task": "classification"}}}]})
>>> aibom.validate(bom).ok
True
>>> aibom.dumps(bom, spec="1.7").count("modelCard")
1
>>> card = bom.document["components"][0]["modelCard"]["modelParameters"]
>>> newer = aibom.load({**bom.document, "components": [{**bom.document["components"][0], "version": "2",
...                     "modelCard": {"modelParameters": {**card, "task": "detection"}}}]})
>>> delta = aibom.diff(bom, newer)
>>> [(change.kind, change.old, change.new) for change in delta]
[('model-card', 'classification', 'detection'), ('model', None, '2')]
>>> aibom.apply(delta, bom) == newer
True
>>> aibom.merge(bom, bom).bom == bom
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from aibom.bom import Bom
from aibom.diff import Delta, DeltaConflict, apply, diff
from aibom.errors import (
    AibomError,
    InexpressibleContent,
    InvalidArgument,
    InvalidDocument,
    NotCycloneDX,
    OutputError,
    UnsafeDocument,
    UnsupportedSpecVersion,
)
from aibom.io import InexpressibleWarning, dump, dumps, inexpressible, load
from aibom.merge import Conflict, MergeConflict, MergeResult, Policy, merge
from aibom.report import Finding, Report, Severity
from aibom.spec import SpecVersion
from aibom.validation import validate

if TYPE_CHECKING:
    from aibom import capture, concepts, hardware
    from aibom.interop import from_cyclonedx, to_cyclonedx

__version__ = "0.1.0"

__all__ = [
    "AibomError",
    "Bom",
    "Conflict",
    "Delta",
    "DeltaConflict",
    "Finding",
    "InexpressibleContent",
    "InexpressibleWarning",
    "InvalidArgument",
    "InvalidDocument",
    "MergeConflict",
    "MergeResult",
    "NotCycloneDX",
    "OutputError",
    "Policy",
    "Report",
    "Severity",
    "SpecVersion",
    "UnsafeDocument",
    "UnsupportedSpecVersion",
    "apply",
    "capture",
    "concepts",
    "diff",
    "dump",
    "dumps",
    "from_cyclonedx",
    "hardware",
    "inexpressible",
    "load",
    "merge",
    "to_cyclonedx",
    "validate",
]


def __getattr__(name: str) -> object:
    # cyclonedx-python-lib is imported only when its interop is used: it adds ~100 ms to `import aibom`.
    if name in ("from_cyclonedx", "to_cyclonedx"):
        from aibom import interop

        return getattr(interop, name)
    if name in ("capture", "concepts", "hardware"):
        # the AI concepts and capture modules cost ~0.1-0.2 s to import; only their users pay it
        return importlib.import_module(f"aibom.{name}")
    raise AttributeError(f"module 'aibom' has no attribute {name!r}")
