"""A rule: a check over the :class:`~._scan.Scan` of a document, with its code, severity and documentation.

A check is a plain function that yields ``(JSON pointer, message)`` pairs; the
:func:`rule` decorator turns it into a :class:`Rule` that gives
:class:`~aibom.report.Finding` objects. The check's docstring is the rule's
documentation: its first line is the summary, the paragraphs after it the
explanation; ``example`` is the body of a BOM (what goes after
``bomFormat``/``specVersion``/``version``) that the rule fails, and the
catalogue (``docs/rules.md``) shows it with the findings it gives.

>>> from aibom.report import Severity
>>> @rule("ai-demo", Severity.WARNING, example={})
... def demo(scan):
...     '''Every document is a demo.
...
...     Shown in the catalogue.'''
...     yield "", "a demo"
>>> demo.code, demo.summary, demo.explanation
('ai-demo', 'Every document is a demo.', 'Shown in the catalogue.')
>>> [str(finding) for finding in demo.run(Scan({}))]
['warning: /: a demo [ai-demo]']
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aibom.report import Finding, Severity
from aibom.validation.rules._scan import Scan

__all__ = ["Check", "Hit", "Rule", "rule"]

Hit = tuple[str, str]
"""What a check yields: the JSON pointer of the fault and a message."""
Check = Callable[[Scan], Iterable[Hit]]

_CODE = re.compile(r"ai-[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the AI layer.

    :param code: the stable finding code (kebab case, ``ai-`` prefix).
    :param severity: the severity of its findings.
    :param group: the concept group, the name of the module the check is in (``lineage``, ``quantization``, ...).
    :param summary: one line: what the rule finds.
    :param explanation: why it matters and what exactly is checked (Markdown).
    :param example: the body of a BOM that fails the rule.
    :param check: the function that finds the faults.
    :param appendix: what the catalogue shows after the explanation (a table the rule uses), or None.
    """

    code: str
    severity: Severity
    group: str
    summary: str
    explanation: str
    example: Mapping[str, Any]
    check: Check
    appendix: Callable[[], str] | None = None

    def run(self, scan: Scan) -> Iterator[Finding]:
        """The rule's findings in the scanned document."""
        for location, message in self.check(scan):
            yield Finding(self.code, self.severity, location, message)


def rule(
    code: str, severity: Severity, *, example: Mapping[str, Any], appendix: Callable[[], str] | None = None
) -> Callable[[Check], Rule]:
    """Make a :class:`Rule` of the decorated check; its docstring is the summary line and the explanation."""
    if not _CODE.fullmatch(code):
        raise ValueError(f"rule code {code!r} is not kebab case with the 'ai-' prefix")

    def make(check: Check) -> Rule:
        doc = inspect.getdoc(check) or ""
        summary, _, explanation = doc.partition("\n")
        if not summary.strip():
            raise ValueError(f"the check of rule {code!r} has no docstring")
        return Rule(
            code=code,
            severity=severity,
            group=check.__module__.rsplit(".", 1)[-1],
            summary=summary.strip(),
            explanation=explanation.strip(),
            example=example,
            check=check,
            appendix=appendix,
        )

    return make
