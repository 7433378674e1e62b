"""The property taxonomy: valid against its schema, used by the concepts name for name, documented."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from aibom import concepts
from aibom._schemas import schema_dir
from aibom.concepts import _docs
from aibom.concepts._slots import PrefixSlot, Slot
from aibom.concepts.model import CARD_SLOTS, COMPONENT_SLOTS
from aibom.taxonomy import (
    TAXONOMY_FILE,
    TAXONOMY_SCHEMA_FILE,
    PropertyDefinition,
    Taxonomy,
    decode_literal,
    load_taxonomy,
)
from aibom.concepts.training import SLOTS as TRAINING_SLOTS

REPO = Path(__file__).resolve().parent.parent
TAXONOMY = load_taxonomy()


def _json(name: str) -> Any:
    return json.loads((schema_dir() / name).read_text(encoding="utf-8"))


def test_the_taxonomy_is_valid_against_its_schema() -> None:
    schema = _json(TAXONOMY_SCHEMA_FILE)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_json(TAXONOMY_FILE)))
    assert errors == [], [(list(e.absolute_path), e.message) for e in errors]


def test_the_schema_rejects_what_it_should() -> None:
    validator = jsonschema.Draft202012Validator(_json(TAXONOMY_SCHEMA_FILE))
    document = _json(TAXONOMY_FILE)
    entry = document["properties"][0]
    for broken in (
        {**entry, "type": "float"},
        {**entry, "official": False},  # a cdx: name must be official
        {**entry, "name": "acme:x"},
        {**entry, "locations": ["metadata.properties"]},
        {k: v for k, v in entry.items() if k != "concept"},
        {**entry, "type": "enum", "values": []},
    ):
        assert not validator.is_valid({**document, "properties": [broken]}), broken


def test_names_and_aliases_are_unique_and_resolve() -> None:
    names = [d.name for d in TAXONOMY.properties]
    aliases = [a.name for d in TAXONOMY.properties for a in d.aliases]
    assert len(set(names)) == len(names)
    assert len(set(aliases)) == len(aliases) and not set(aliases) & set(names)
    for definition in TAXONOMY.properties:
        probe = definition.name.replace("<name>", "anything")
        assert TAXONOMY.lookup(probe) is definition
        assert all(TAXONOMY.lookup(alias.name) is definition for alias in definition.aliases)
    assert TAXONOMY.lookup("aibom:training:hyperparameter:") is None
    assert "aibom:hardware:count" in TAXONOMY and "acme:x" not in TAXONOMY
    assert TAXONOMY.canonical_name("aibom:hardware:count") == "cdx:device:quantity"
    assert TAXONOMY.canonical_name("aibom:dataset:split:test") == "aibom:dataset:split:test"
    assert TAXONOMY.canonical_name("nope") is None
    with pytest.raises(KeyError):
        TAXONOMY["nope"]
    assert repr(TAXONOMY).startswith("<Taxonomy 1.")


def test_the_contract_names_are_defined() -> None:
    """The names other parts of aibom (validators, hardware detection, diff) were promised."""
    promised = {
        "cdx:ai-ml:model:parameter:count", "cdx:ai-ml:model:parameter:tune_method", "cdx:ai-ml:model:modality",
        "cdx:ai-ml:model:language", "cdx:device:deviceType", "cdx:device:quantity", "cdx:device:function",
        "aibom:distillation:teacher", "aibom:lineage:relation", "aibom:finetune:method",
        *(f"aibom:quantization:{n}" for n in ("method", "bits", "scheme", "group_size", "calibration_dataset",
                                             "tool", "tool_version", "source_model")),
        *(f"aibom:pruning:{n}" for n in ("method", "structured", "target_sparsity", "measured_sparsity", "tool",
                                        "tool_version", "source_model")),
        *(f"aibom:adapter:{n}" for n in ("r", "alpha", "dropout", "target_modules")),
        *(f"aibom:hardware:{n}" for n in ("class", "vendor", "model", "count", "memory_bytes", "driver_version",
                                         "cuda_driver_version", "firmware_version", "runtime_version",
                                         "compute_capability", "interconnect", "mig_mode", "mig_profile", "uuid",
                                         "pci_bus_id", "vbios_version", "board_part_number", "usage")),
        *(f"aibom:serving:{n}" for n in ("runtime", "model_format", "batching", "max_batch_size", "replicas",
                                        "instances", "accelerators")),
        *(f"aibom:framework:{n}" for n in ("requires", "integration", "modified")),
        "aibom:training:hyperparameter:learning_rate", "aibom:training:hyperparameter:anything",
        "cdx:ai-ml:model:hyperparameter:anything",
    }
    assert {name for name in promised if TAXONOMY.lookup(name) is None} == set()


def _all_slots() -> Iterator[tuple[str, Slot | PrefixSlot]]:
    owners: list[tuple[str, tuple[Slot | PrefixSlot, ...]]] = [
        ("Model", COMPONENT_SLOTS + CARD_SLOTS),
        ("TrainingRun", TRAINING_SLOTS),
        ("Dataset", concepts.Dataset.SLOTS),
        ("Hardware", concepts.Hardware.SLOTS),
        ("ServingRuntime", concepts.ServingRuntime.SLOTS),
        ("AIFramework", concepts.AIFramework.SLOTS),
    ]
    for owner, slots in owners:
        for slot in slots:
            yield owner, slot


def _field_of(owner: str, key: str) -> str:
    """``lineage.adapter.r`` of Model -> ``AdapterConfig.r``; ``quantization.bits`` -> ``Quantization.bits``."""
    parts = key.split(".")
    if parts[0] == "elsewhere":
        parts = parts[1:]
        if parts == ["tune_methods"]:
            parts = ["lineage", "tune_methods"]
    facet = {"lineage": "FineTuningLineage", "quantization": "Quantization", "pruning": "Pruning",
             "distillation": "Distillation", "adapter": "AdapterConfig"}
    while len(parts) > 1:
        owner = facet[parts[0]]
        parts = parts[1:]
    return f"{owner}.{parts[0]}"


def test_every_definition_is_held_by_the_concept_field_it_names() -> None:
    used: dict[str, set[str]] = {}
    for owner, slot in _all_slots():
        name = slot.name if isinstance(slot, Slot) else slot.prefix + "<name>"
        field = _field_of(owner, slot.key)
        if owner == "Hardware" and slot.key == "device_type":
            field = "Hardware.hardware_class"
        used.setdefault(name, set()).add(field)
    specific_hyperparameters = {d.name for d in TAXONOMY.properties
                                if not d.placeholder and "hyperparameter:" in d.name}
    for definition in TAXONOMY.properties:
        if definition.name in specific_hyperparameters:
            continue  # held by the placeholder's mapping field, with its declared type
        assert definition.name in used, f"{definition.name} is not used by any concept"
        declared = {part.strip() for part in definition.concept.split(",")}
        assert used[definition.name] <= declared, (definition.name, used[definition.name], declared)
    for name in specific_hyperparameters:
        assert TAXONOMY[name].concept in ("Model.hyperparameters",
                                          "Model.training_hyperparameters, TrainingRun.hyperparameters")
    assert set(used) <= {d.name for d in TAXONOMY.properties}


def test_every_named_concept_field_exists() -> None:
    classes = {cls.__name__: cls for cls in (
        concepts.Model, concepts.Dataset, concepts.Hardware, concepts.ServingRuntime, concepts.AIFramework,
        concepts.TrainingRun, concepts.Quantization, concepts.Pruning, concepts.Distillation,
        concepts.FineTuningLineage, concepts.AdapterConfig, concepts.BaseModel)}
    for definition in TAXONOMY.properties:
        for reference in definition.concept.split(","):
            owner, _, field = reference.strip().partition(".")
            assert field in {f.name for f in fields(classes[owner])}, reference


@pytest.mark.parametrize(("enum", "name"), [
    (concepts.LineageRelation, "aibom:lineage:relation"),
    (concepts.FinetuneMethod, "aibom:finetune:method"),
    (concepts.TuneMethod, "cdx:ai-ml:model:parameter:tune_method"),
    (concepts.QuantizationMethod, "aibom:quantization:method"),
    (concepts.PruningMethod, "aibom:pruning:method"),
    (concepts.HardwareClass, "aibom:hardware:class"),
    (concepts.HardwareUsage, "aibom:hardware:usage"),
    (concepts.ServingRuntimeKind, "aibom:serving:runtime"),
    (concepts.Batching, "aibom:serving:batching"),
    (concepts.Modality, "cdx:ai-ml:model:modality"),
    (concepts.TrainingKind, "aibom:training:kind"),
])
def test_the_enumerations_are_the_taxonomy_values(enum: Any, name: str) -> None:
    assert [member.value for member in enum] == [value.value for value in TAXONOMY[name].values]


@pytest.mark.parametrize("definition", TAXONOMY.properties, ids=lambda d: d.name)
def test_examples_decode_and_encode_back(definition: PropertyDefinition) -> None:
    if definition.example is None:
        return
    value = definition.decode(definition.example)
    assert definition.decode(definition.encode(value)) == value


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("integer", "+7", 7), ("number", "1e-5", 1e-5), ("number", "12", 12), ("boolean", "true", True),
    ("string-list", "a, b", ("a", "b")), ("language-list", "EN", ("en",)), ("parameter-count", "70B", 70 * 10**9),
    ("typed", "1.0", 1.0), ("bom-ref", "x", "x"),
])
def test_value_types_decode(kind: str, text: str, value: Any) -> None:
    definition = PropertyDefinition(name="aibom:x:y", official=False, type=kind, description="d", components=(),
                                    locations=("component.properties",), repeatable=False, concept="X.y")
    assert definition.decode(text) == value


@pytest.mark.parametrize(("kind", "text"), [
    ("integer", "1.5"), ("number", "1e400"), ("number", "x"), ("boolean", "True"), ("string-list", "a,,b"),
    ("language-list", "eng"), ("pep440-specifier", "about 2"), ("parameter-count", "many"), ("bom-ref", " "),
    ("string", None),
])
def test_value_types_refuse(kind: str, text: Any) -> None:
    definition = PropertyDefinition(name="aibom:x:y", official=False, type=kind, description="d", components=(),
                                    locations=("component.properties",), repeatable=False, concept="X.y")
    with pytest.raises(ValueError):
        definition.decode(text)


def test_literals_read_back_as_the_value_and_type_they_were_written_from() -> None:
    typed = load_taxonomy()["aibom:training:hyperparameter:<name>"]
    for value in (0, -3, 10**30, 0.1, -2.5e-12, 1e16, True, False, "cosine", "1.0.0", "", "+1", " 2", "1e400"):
        read = decode_literal(typed.encode(value))
        assert (read, type(read)) == (value, type(value))


def test_the_taxonomy_page_is_up_to_date() -> None:
    page = REPO / "docs" / "taxonomy.md"
    assert page.read_text(encoding="utf-8") == _docs.render_taxonomy(), (
        "docs/taxonomy.md is out of date: run python -m aibom.concepts._docs"
    )


def test_the_docs_generator_checks_and_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    assert _docs.main(["--check"]) == 1
    assert _docs.main([]) == 0
    assert _docs.main(["--check"]) == 0


def test_a_taxonomy_can_be_built_from_another_document() -> None:
    document = _json(TAXONOMY_FILE)
    document["properties"] = document["properties"][:1]
    small = Taxonomy(document)
    assert len(small.properties) == 1 and small.lookup("aibom:hardware:class") is None
    assert "cdx:ai-ml:model:modality" in _docs.render_taxonomy(small)
