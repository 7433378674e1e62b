"""aibom: AI bills of materials in CycloneDX, read and written without losing a field.

>>> import aibom
>>> bom = aibom.load({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
...                   "components": [{"type": "machine-learning-model", "name": "resnet",
...                                   "modelCard": {"modelParameters": {"task": "classification"}}}]})
>>> aibom.validate(bom).ok
True
>>> aibom.dumps(bom, spec="1.7").count("modelCard")
1
"""

from __future__ import annotations

from aibom.bom import Bom
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
from aibom.report import Finding, Report, Severity
from aibom.spec import SpecVersion
from aibom.validation import validate

__version__ = "0.1.0"

__all__ = [
    "AibomError",
    "Bom",
    "Finding",
    "InexpressibleContent",
    "InexpressibleWarning",
    "InvalidArgument",
    "InvalidDocument",
    "NotCycloneDX",
    "OutputError",
    "Report",
    "Severity",
    "SpecVersion",
    "UnsafeDocument",
    "UnsupportedSpecVersion",
    "dump",
    "dumps",
    "inexpressible",
    "load",
    "validate",
]
