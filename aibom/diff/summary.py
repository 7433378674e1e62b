"""The human summary of a delta, in text or Markdown, with the AI changes first.

>>> from aibom.diff.change import Change
>>> changes = (Change("model", "replace", "/c/0/version", "/c/0/version", "1.0", "1.1", "model:m", "version"),
...            Change("quantization", "replace", "/q", "/q", "gptq", "awq", "model:m",
...                   "modelCard.properties[aibom:quantization:method].value"))
>>> print(render(changes, 2, (), format="markdown"))
### aibom diff: 2 changes
<BLANKLINE>
1 model, 1 quantization; 2 differences ignored (volatile fields, order, references that follow a renamed bom-ref, equal numbers)
<BLANKLINE>
#### model (1)
<BLANKLINE>
| component | what | old | new |
|---|---|---|---|
| `model:m` | version | `"1.0"` | `"1.1"` |
<BLANKLINE>
#### quantization (1)
<BLANKLINE>
| component | what | old | new |
|---|---|---|---|
| `model:m` | aibom:quantization:method | `"gptq"` | `"awq"` |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from aibom._values import as_number, json_bytes
from aibom.diff.change import Change
from aibom.diff.concepts import KINDS
from aibom.errors import InvalidArgument

__all__ = ["describe_value", "render", "short_subject"]


def __dir__() -> list[str]:
    return __all__


_ARROW = "→"


def render(
    changes: Sequence[Change],
    ignored: int,
    base_model: Sequence[Change],
    *,
    format: Literal["text", "markdown"] = "text",
    limit: int | None = 20,
) -> str:
    """Render a summary of ``changes`` (``ignored`` counts the differences not counted)."""
    if format not in ("text", "markdown"):
        raise InvalidArgument(f"unknown summary format {format!r}", expected='"text" or "markdown"')
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.kind, []).append(change)
    order = {kind: index for index, kind in enumerate(KINDS)}
    kinds = sorted(groups, key=lambda kind: (order.get(kind, len(order)), kind))
    counts = ", ".join(f"{len(groups[kind])} {kind}" for kind in kinds)
    noun = "change" if len(changes) == 1 else "changes"
    ignored_text = (
        f"{ignored} difference{'' if ignored == 1 else 's'} ignored (volatile fields, order, references that follow "
        "a renamed bom-ref, equal numbers)"
        if ignored
        else ""
    )
    if format == "markdown":
        return _markdown(groups, kinds, len(changes), noun, counts, ignored_text, base_model, limit)
    lines = [f"aibom diff: {len(changes)} {noun} ({counts})" if changes else "aibom diff: no changes"]
    if ignored_text:
        lines.append(ignored_text)
    if base_model:
        lines.append("")
        lines.append(f"! base model changed ({len(base_model)} change{'' if len(base_model) == 1 else 's'}):")
        lines.extend(f"  {_line(change)}" for change in base_model[: limit or None])
    for kind in kinds:
        items = groups[kind]
        lines.append("")
        lines.append(f"{kind} ({len(items)})")
        shown = items if limit is None else items[:limit]
        lines.extend(f"  {_line(change)}" for change in shown)
        if len(shown) < len(items):
            lines.append(f"  … and {len(items) - len(shown)} more")
    return "\n".join(lines)


def _markdown(
    groups: dict[str, list[Change]],
    kinds: Iterable[str],
    total: int,
    noun: str,
    counts: str,
    ignored_text: str,
    base_model: Sequence[Change],
    limit: int | None,
) -> str:
    lines = [f"### aibom diff: {total} {noun}" if total else "### aibom diff: no changes"]
    header = "; ".join(part for part in (counts, ignored_text) if part)
    if header:
        lines += ["", header]
    if base_model:
        lines += ["", f"> **Base model changed** ({len(base_model)} change{'' if len(base_model) == 1 else 's'})"]
        lines += [f"> - {_cell(_line(change))}" for change in base_model[: limit or None]]
    for kind in kinds:
        items = groups[kind]
        lines += ["", f"#### {kind} ({len(items)})", "", "| component | what | old | new |", "|---|---|---|---|"]
        shown = items if limit is None else items[:limit]
        for change in shown:
            old, new = _sides(change)
            component = f"`{_cell(change.component)}`" if change.component else ""
            lines.append(f"| {component} | {_cell(_what(change))} | {_code(old)} | {_code(new)} |")
        if len(shown) < len(items):
            lines.append(f"| … | {len(items) - len(shown)} more | | |")
    return "\n".join(lines)


def short_subject(subject: str | None) -> str:
    """A subject as a reviewer reads it: a property by its name, a metric by its type and slice.

    >>> short_subject("modelCard.properties[cdx:ai-ml:hyperparameter:learning_rate].value")
    'cdx:ai-ml:hyperparameter:learning_rate'
    >>> short_subject("modelCard.quantitativeAnalysis.performanceMetrics[accuracy test].value")
    'accuracy test'
    """
    if not subject:
        return ""
    for marker in ("properties[", "performanceMetrics[", "parameters["):
        start = subject.rfind(marker)
        if start != -1 and subject.endswith("].value") and subject.find("]", start) == len(subject) - 7:
            return subject[start + len(marker) : -7]
    return subject


def _what(change: Change) -> str:
    subject = short_subject(change.subject)
    verb = {"add": "added", "remove": "removed", "reorder": "reordered", "rename": "renamed (same hash)"}.get(
        change.op, ""
    )
    return " ".join(part for part in (subject, verb) if part) or "changed"


def _sides(change: Change) -> tuple[str, str]:
    if change.op == "add":
        return "", describe_value(change.new)
    if change.op == "remove":
        return describe_value(change.old), ""
    if change.op == "reorder":
        return f"{len(change.old)} items", "new order"
    if change.op == "rename":
        return str(change.old), str(change.new)
    return describe_value(change.old), describe_value(change.new)


def _line(change: Change) -> str:
    where = ": ".join(part for part in (change.component, short_subject(change.subject)) if part)
    old, new = _sides(change)
    if change.op == "add":
        text = f"added {new}"
    elif change.op == "remove":
        text = f"removed {old}"
    elif change.op == "reorder":
        text = f"reordered ({old})"
    elif change.op == "rename":
        text = f"renamed {old} {_ARROW} {new} (same hash)"
    else:
        text = f"{old} {_ARROW} {new}{_numeric_delta(change)}"
    return f"{where}: {text}" if where else text


def _numeric_delta(change: Change) -> str:
    if change.kind not in ("metric", "hyperparameter"):
        return ""
    old, new = as_number(change.old), as_number(change.new)
    if old is None or new is None:
        return ""
    difference = new - old
    return f" ({difference:+.6g})"


def describe_value(value: Any, width: int = 60) -> str:
    """A short rendering of a JSON value: scalars as JSON, a component by its label, a property by its value.

    >>> describe_value({"type": "library", "name": "numpy", "version": "2.0.0"})
    'library numpy@2.0.0'
    >>> describe_value({"name": "aibom:quantization:bits", "value": "4"})
    'aibom:quantization:bits="4"'
    >>> describe_value(["a", "b"])
    '[2 items]'
    """
    if isinstance(value, dict):
        if "type" in value and "name" in value and isinstance(value.get("name"), str):
            return _component_text(value)
        if set(value) <= {"name", "value"} and isinstance(value.get("name"), str):
            return f"{value['name']}={_json(value.get('value'), width)}"
        if set(value) == {"ref"}:
            return f"ref {_json(value['ref'], width)}"
        if "type" in value and "value" in value:
            return f"{value.get('type')} {_json(value.get('value'), width)}"
        return "{" + ", ".join(list(value)[:4]) + (", …}" if len(value) > 4 else "}")
    if isinstance(value, list):
        return f"[{len(value)} item{'' if len(value) == 1 else 's'}]"
    return _json(value, width)


def _component_text(component: dict[str, Any]) -> str:
    name, group, version = component.get("name"), component.get("group"), component.get("version")
    text = f"{group}/{name}" if isinstance(group, str) and group else str(name)
    if isinstance(version, str) and version:
        text += f"@{version}"
    return f"{component.get('type')} {text}"


def _json(value: Any, width: int) -> str:
    try:
        text = json_bytes(value).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if text else ""
