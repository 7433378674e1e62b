"""The concept docs: the tutorial and the mapping run as written, and the mapping covers every field."""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import fields
from pathlib import Path

import pytest

import aibom
from aibom import concepts
from aibom.taxonomy import load_taxonomy

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _blocks(page: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (DOCS / page).read_text(encoding="utf-8"), re.DOTALL)


def _run(page: str) -> tuple[dict[str, object], str]:
    blocks = _blocks(page, "python")
    assert blocks
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, f"{page} example", "exec"), namespace)  # noqa: S102
    return namespace, out.getvalue()


def test_the_tutorial_runs_and_prints_what_it_says() -> None:
    namespace, printed = _run("tutorial.md")
    bom = namespace["bom"]
    assert isinstance(bom, aibom.Bom) and aibom.validate(bom).ok
    assert printed == "".join(_blocks("tutorial.md", "text"))


def test_the_tutorial_builds_a_fine_tuned_quantized_model_served_on_gpus() -> None:
    namespace, _ = _run("tutorial.md")
    read = concepts.read_concepts(namespace["bom"])  # type: ignore[arg-type]
    served = read.models[0]
    assert served.quantization is not None and served.lineage is not None
    assert {str(relation) for relation, _ in served.lineage.chain} == {"quantized", "adapter"}
    assert read.serving[0].accelerators == tuple(h.bom_ref for h in read.hardware if "inference" in h.usage)
    assert all(h.hardware_class == "gpu" for h in read.hardware)


def test_the_mapping_example_runs() -> None:
    namespace, _ = _run("mapping.md")
    assert isinstance(namespace["bom"], aibom.Bom)


_SECTIONS: dict[str, list[type]] = {
    "Model": [concepts.Model],
    "FineTuningLineage and BaseModel": [concepts.FineTuningLineage, concepts.BaseModel],
    "Quantization, Pruning, Distillation": [concepts.Quantization, concepts.Pruning, concepts.Distillation],
    "Dataset": [concepts.Dataset],
    "Hardware": [concepts.Hardware],
    "TrainingRun": [concepts.TrainingRun],
    "ServingRuntime": [concepts.ServingRuntime],
    "AIFramework": [concepts.AIFramework],
}


def _section(title: str) -> str:
    text = (DOCS / "mapping.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.DOTALL | re.MULTILINE)
    assert match, title
    return match.group(1)


@pytest.mark.parametrize("title", sorted(_SECTIONS))
def test_the_mapping_covers_every_field(title: str) -> None:
    section = _section(title)
    first_cells = " ".join(re.findall(r"^\| ([^|]+) \|", section, re.MULTILINE))
    for cls in _SECTIONS[title]:
        for field in fields(cls):
            qualified = f"`{cls.__name__}.{field.name}`"
            assert f"`{field.name}`" in first_cells or qualified in first_cells, f"{cls.__name__}.{field.name}"


def test_the_mapping_names_every_property_the_concepts_write() -> None:
    text = (DOCS / "mapping.md").read_text(encoding="utf-8")
    missing = [d.name for d in load_taxonomy().properties
               if f"`{d.name}`" not in text and "hyperparameter:" not in d.name and not d.placeholder]
    assert missing == []
