"""Hardware: how many devices there are and how much memory each has are positive whole numbers.

>>> from aibom.spec import SpecVersion
>>> from aibom.validation.rules import check_ai_rules
>>> gpu = {"type": "device", "name": "NVIDIA H100", "properties": [
...     {"name": "cdx:device:quantity", "value": "8"}, {"name": "aibom:hardware:memory_bytes", "value": "-1"}]}
>>> [(f.code, f.location) for f in check_ai_rules({"components": [gpu]}, SpecVersion.V1_6)]
[('ai-hardware-not-positive', '/components/0/properties/1/value')]
"""

from __future__ import annotations

from collections.abc import Iterator

from aibom.report import Severity
from aibom.validation.rules._rule import Hit, rule
from aibom.validation.rules._scan import Scan

__all__ = ["POSITIVE", "hardware_not_positive"]

POSITIVE = ("cdx:device:quantity", "aibom:hardware:memory_bytes")
"""The definitions this group checks the values of (``aibom:hardware:count`` is an alias of the first)."""


@rule(
    "ai-hardware-not-positive",
    Severity.ERROR,
    example={"components": [{
        "type": "device", "bom-ref": "device:h100", "name": "NVIDIA H100 80GB HBM3",
        "properties": [
            {"name": "cdx:device:quantity", "value": "0"},
            {"name": "aibom:hardware:memory_bytes", "value": "85520809984"},
        ],
    }]},
)
def hardware_not_positive(scan: Scan) -> Iterator[Hit]:
    """A hardware count or memory size that is not a positive whole number.

    `cdx:device:quantity` (and `aibom:hardware:count`, the name earlier aibom drafts wrote for it) counts the devices
    of a device component, and `aibom:hardware:memory_bytes` is the memory of one device in bytes. Both are positive
    integers: a count of `0`, a negative size, a fraction or a size with a unit (`80GB`) is reported, on the value,
    wherever the property is.
    """
    for use in scan.named(*POSITIVE):
        definition = use.definition
        if definition is None:
            continue
        value = definition.value(use.value)
        if (value is None or value < 1) and type(use.value) is str:
            what = "device count" if definition.name == POSITIVE[0] else "memory size in bytes"
            yield use.value_pointer, f"{use.name} is {use.text()}: a {what} is a positive whole number"
