"""Generate ``docs/taxonomy.md`` from ``schemas/aibom-taxonomy.json``.

Run ``python -m aibom.concepts._docs`` from the repository root to rewrite the page;
``python -m aibom.concepts._docs --check`` exits 1 when the committed page is out of date
(``tests/test_concepts_taxonomy.py`` does the same check).

>>> page = render_taxonomy()
>>> page.startswith("# The property taxonomy")
True
>>> "`aibom:quantization:bits`" in page
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from aibom.taxonomy import PropertyDefinition, Taxonomy, load_taxonomy

__all__ = ["main", "render_taxonomy"]

PAGE = Path("docs") / "taxonomy.md"

_SECTIONS = (
    ("Models (official)", "cdx:ai-ml:"),
    ("Devices (official)", "cdx:device:"),
    ("Lineage and fine-tuning", ("aibom:lineage:", "aibom:finetune:", "aibom:adapter:")),
    ("Quantization", "aibom:quantization:"),
    ("Pruning and distillation", ("aibom:pruning:", "aibom:distillation:")),
    ("Models (aibom)", "aibom:model:"),
    ("Training", "aibom:training:"),
    ("Hardware", "aibom:hardware:"),
    ("Serving", "aibom:serving:"),
    ("Frameworks", "aibom:framework:"),
    ("Datasets", "aibom:dataset:"),
)


_INTRO = (
    "aibom writes official CycloneDX fields first, then official `cdx:*` properties, then its own `aibom:*` "
    "properties. Every name aibom reads or writes is defined here; the machine-readable definition is "
    "`schemas/aibom-taxonomy.json` (validated by `schemas/aibom-taxonomy.schema.json`), read with "
    "`aibom.taxonomy.load_taxonomy()`. Where each concept field lives is in [mapping.md](mapping.md)."
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraints(definition: PropertyDefinition) -> str:
    parts: list[str] = []
    if definition.values:
        shown = []
        for value in definition.values:
            text = f"`{value.value}`"
            if value.bits is not None:
                text += " (" + ", ".join(_number(bits) for bits in value.bits) + " bits)"
            shown.append(text)
        parts.append(("suggested: " if definition.open else "") + ", ".join(shown))
    if definition.minimum is not None or definition.maximum is not None:
        low = _number(definition.minimum) if definition.minimum is not None else "…"
        high = _number(definition.maximum) if definition.maximum is not None else "…"
        parts.append(f"range {low} to {high}")
    return "; ".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _row(definition: PropertyDefinition) -> str:
    aliases = ", ".join(f"`{alias.name}` ({alias.source})" for alias in definition.aliases)
    where = ", ".join(definition.locations)
    if definition.components:
        where += " of " + ", ".join(f"`{kind}`" for kind in definition.components)
    cells = [
        f"`{definition.name}`",
        definition.type + (", repeatable" if definition.repeatable else ""),
        definition.unit or "",
        _constraints(definition),
        where,
        definition.concept,
        definition.description + (f" Example: `{definition.example}`." if definition.example else ""),
        aliases,
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _section(definition: PropertyDefinition) -> str:
    for title, prefixes in _SECTIONS:
        if definition.name.startswith(prefixes):
            return title
    return "Other"


def render_taxonomy(taxonomy: Taxonomy | None = None) -> str:
    """The Markdown page for ``taxonomy`` (default: the shipped one)."""
    taxonomy = taxonomy or load_taxonomy()
    lines = [
        "# The property taxonomy",
        "",
        "<!-- Generated from schemas/aibom-taxonomy.json by `python -m aibom.concepts._docs`; do not edit. -->",
        "",
        f"Version {taxonomy.version}. {taxonomy.description}",
        "",
        _INTRO,
        "",
        "## Value types",
        "",
        "| type | the value text |",
        "|---|---|",
        *(f"| `{name}` | {_cell(text)} |" for name, text in taxonomy.types.items()),
        "",
        "## Locations",
        "",
        "| location | JSON path |",
        "|---|---|",
        *(f"| `{name}` | `{path}` |" for name, path in taxonomy.locations.items()),
        "",
    ]
    header = [
        "| name | type | unit | allowed values | where | concept field | description | aliases read |",
        "|---|---|---|---|---|---|---|---|",
    ]
    titles = [title for title, _ in _SECTIONS] + ["Other"]
    for title in titles:
        rows = [_row(d) for d in taxonomy.properties if _section(d) == title]
        if rows:
            lines += [f"## {title}", "", *header, *rows, ""]
    lines += [
        "## Names other tools use",
        "",
        "These property names are not aliases of one property but are read as a concept field.",
        "",
        "| name | source | where | read as |",
        "|---|---|---|---|",
        *(f"| `{a.name}` | {_cell(a.source)} | {a.location} | {_cell(a.read_as)} |" for a in taxonomy.field_aliases),
        "",
        "## Places other tools use",
        "",
        "| place | names | source | read as |",
        "|---|---|---|---|",
        *(
            f"| `{a.location}` | {', '.join(f'`{n}`' for n in a.names) or 'all'} | {_cell(a.source)} | "
            f"{_cell(a.read_as)} |"
            for a in taxonomy.location_aliases
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) ``docs/taxonomy.md`` under the current directory."""
    args = sys.argv[1:] if argv is None else argv
    page = render_taxonomy()
    if "--check" in args:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            print(f"{PAGE} is out of date: run python -m aibom.concepts._docs", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
