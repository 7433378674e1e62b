"""Merging BOMs: the union of several BOMs (or a three-way merge against their base), each element once, with
every conflict returned as data and resolved by a policy the caller picks.

>>> import aibom
>>> a = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
...      "components": [{"type": "library", "name": "torch", "bom-ref": "lib-1",
...                      "hashes": [{"alg": "SHA-256", "content": "aa" * 32}]}]}
>>> b = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
...      "components": [{"type": "library", "name": "torch", "bom-ref": "lib-1",
...                      "hashes": [{"alg": "SHA-256", "content": "bb" * 32}]},
...                     {"type": "data", "name": "reviews", "bom-ref": "lib-2"}]}
>>> result = merge(a, b, policy="keep-both")
>>> [c["bom-ref"] for c in result.bom.document["components"]]
['lib-1', 'lib-2', 'lib-1#2']
>>> conflict = result.conflicts[0]
>>> conflict.location, [value[:6] for value in conflict.values], conflict.resolution, conflict.renamed
('/components/0/hashes/0/content', ['aaaaaa', 'bbbbbb'], 'keep-both', 'lib-1#2')
>>> aibom.validate(result.bom).ok
True
"""

from __future__ import annotations

from aibom.merge.core import merge
from aibom.merge.policy import Policy
from aibom.merge.result import MISSING, Conflict, MergeConflict, MergeResult, Missing, Rename

__all__ = ["MISSING", "Conflict", "MergeConflict", "MergeResult", "Missing", "Policy", "Rename", "merge"]


def __dir__() -> list[str]:
    return __all__
