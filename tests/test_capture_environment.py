"""Environment capture against real installed distributions and real .dist-info directories made in tmp dirs."""

from __future__ import annotations

import importlib.metadata
import json
import sys
from pathlib import Path

import pytest
from packageurl import PackageURL
from packaging.specifiers import SpecifierSet

import aibom
from aibom.capture import AI_DISTRIBUTIONS, FRAMEWORK_REQUIRES, capture_environment, pypi_purl
from aibom.concepts import AIFramework
from aibom.model import Component, ComponentType


def make_distribution(
    site: Path,
    name: str,
    version: str,
    *,
    headers: list[tuple[str, str]] = (),  # type: ignore[assignment]
    direct_url: dict[str, object] | None = None,
) -> Path:
    """Write ``<site>/<name>-<version>.dist-info`` with a METADATA file (and ``direct_url.json``), as pip would."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.4", f"Name: {name}", f"Version: {version}"]
    lines += [f"{key}: {value}".replace("\n", "\n       |") for key, value in headers]  # folded as pip writes
    (info / "METADATA").write_text("\n".join(lines) + "\n\n")
    (info / "INSTALLER").write_text("pip\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))
    return info


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty site directory at the front of sys.path."""
    directory = tmp_path / "site-packages"
    directory.mkdir()
    monkeypatch.syspath_prepend(str(directory))
    return directory


def _by_name(components: tuple[Component, ...]) -> dict[str, Component]:
    return {component.name or "": component for component in components}


def _properties(component: Component, name: str) -> list[str | None]:
    return [p.value for p in component.properties if p.name == name]


def test_real_installed_distributions() -> None:
    names = ["pytest", "hypothesis", "orjson", "jsonschema", "referencing"]
    components = capture_environment(distributions=names)
    assert [c.name for c in components] == sorted(names)
    for component in components:
        version = importlib.metadata.version(component.name or "")
        assert component.version == version
        assert component.purl == component.bom_ref == f"pkg:pypi/{component.name}@{version}"
        assert component.type == ComponentType.LIBRARY
        assert component.licenses, component.name
        for requires in _properties(component, FRAMEWORK_REQUIRES):  # what the environment asks of it holds
            assert SpecifierSet(requires or "").contains(version, prereleases=True)
    found = _by_name(components)
    assert _properties(found["referencing"], FRAMEWORK_REQUIRES)  # jsonschema requires referencing
    assert found["orjson"].licenses == ({"expression": "MPL-2.0 AND (Apache-2.0 OR MIT)"},)
    assert found["pytest"].licenses == ({"license": {"id": "MIT"}},)


def test_names_are_normalized_before_matching() -> None:
    [component] = capture_environment(distributions=["JSONSchema_Specifications"])
    assert component.name == importlib.metadata.metadata("jsonschema-specifications")["Name"]
    assert component.purl is not None and component.purl.startswith("pkg:pypi/jsonschema-specifications@")


def test_a_fake_framework_with_everything(site: Path) -> None:
    make_distribution(
        site,
        "Fake_Torch.Thing",
        "2.5.1+cu124",
        headers=[
            ("Summary", "A fake deep learning framework"),
            ("License-Expression", "BSD-3-Clause OR MIT"),
            ("Requires-Dist", "numpy>=1.22,<3"),
            ("Requires-Dist", "fake-torch-thing>=9"),  # itself: ignored
        ],
    )
    make_distribution(site, "consumer-a", "1.0", headers=[("Requires-Dist", "fake-torch-thing<3,>=2.2")])
    make_distribution(site, "consumer-b", "1.0", headers=[("Requires-Dist", "Fake_Torch_Thing (!=2.4.0)")])
    make_distribution(
        site,
        "consumer-c",
        "1.0",
        headers=[
            ("Requires-Dist", "fake-torch-thing>=3; python_version < '3.0'"),  # not for this interpreter
            ("Requires-Dist", "fake-torch-thing>=4; extra == 'gpu'"),  # an optional extra
            ("Requires-Dist", "fake-torch-thing @ https://example.org/fake-2.5.1.tar.gz"),  # no version asked
            ("Requires-Dist", "fake-torch-thing"),  # any version
            ("Requires-Dist", "this is not a requirement !!"),
        ],
    )
    [component] = capture_environment(distributions=["fake-torch-thing"])
    assert component.to_json() == {
        "type": "library",
        "bom-ref": "pkg:pypi/fake-torch-thing@2.5.1%2Bcu124",
        "name": "Fake_Torch.Thing",
        "version": "2.5.1+cu124",
        "description": "A fake deep learning framework",
        "licenses": [{"expression": "BSD-3-Clause OR MIT"}],
        "purl": "pkg:pypi/fake-torch-thing@2.5.1%2Bcu124",
        "properties": [{"name": FRAMEWORK_REQUIRES, "value": "!=2.4.0,<3,>=2.2"}],
    }
    [consumer] = capture_environment(distributions=["consumer-a"])
    assert consumer.properties == ()  # nothing requires consumer-a


def test_a_framework_reads_back_as_the_concept(site: Path) -> None:
    make_distribution(site, "langchain", "0.2.16", headers=[("License-Expression", "MIT")])
    make_distribution(site, "my-agent", "1.0", headers=[("Requires-Dist", "langchain<0.3,>=0.2")])
    [component] = capture_environment(distributions=["langchain"])
    framework = AIFramework.from_cyclonedx(component)
    assert (framework.name, framework.version, framework.purl) == ("langchain", "0.2.16", "pkg:pypi/langchain@0.2.16")
    assert framework.requires == SpecifierSet("<0.3,>=0.2") and framework.is_compatible()


def test_the_default_list_finds_curated_frameworks_and_patterns(site: Path) -> None:
    make_distribution(site, "torch", "2.9.1", headers=[("License", "BSD-3-Clause")])
    make_distribution(site, "langchain-community", "0.3.1")
    make_distribution(site, "llama_index_core", "0.12.0")
    make_distribution(site, "nvidia-cudnn-cu12", "9.1.0.70")
    make_distribution(site, "not-ai-at-all", "1.0")
    found = _by_name(capture_environment())
    assert found["torch"].type == ComponentType.FRAMEWORK
    assert found["torch"].licenses == ({"license": {"id": "BSD-3-Clause"}},)
    assert found["langchain-community"].type == ComponentType.FRAMEWORK
    assert found["llama_index_core"].purl == "pkg:pypi/llama-index-core@0.12.0"
    assert found["nvidia-cudnn-cu12"].type == ComponentType.LIBRARY
    assert "not-ai-at-all" not in found
    assert "pytest" not in found  # installed, but not an AI distribution


def test_a_distribution_shadowed_on_the_path_counts_once(
    tmp_path: Path, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_distribution(site, "vllm", "0.11.0")
    later = tmp_path / "later"
    make_distribution(later, "vllm", "0.6.0")
    monkeypatch.setattr(sys, "path", [*sys.path, str(later)])
    [component] = capture_environment(distributions=["vllm"])
    assert component.version == "0.11.0"


def test_another_environment_by_path(tmp_path: Path) -> None:
    other = tmp_path / "other-venv" / "site-packages"
    make_distribution(other, "transformers", "4.57.0", headers=[("Requires-Dist", "tokenizers<0.23,>=0.22")])
    make_distribution(other, "tokenizers", "0.22.1")
    components = capture_environment(path=[str(other)])
    assert [(c.name, c.version, str(c.type)) for c in components] == [
        ("tokenizers", "0.22.1", "library"),
        ("transformers", "4.57.0", "framework"),
    ]
    assert _properties(components[0], FRAMEWORK_REQUIRES) == ["<0.23,>=0.22"]
    assert _properties(components[1], FRAMEWORK_REQUIRES) == []
    assert capture_environment(path=[str(tmp_path / "nothing-here")]) == ()


@pytest.mark.parametrize(
    ("headers", "licenses"),
    [
        ([("License", "Apache 2.0")], ({"license": {"name": "Apache 2.0"}},)),
        ([("License", "apache-2.0")], ({"license": {"id": "Apache-2.0"}},)),
        ([("License", "UNKNOWN")], ()),
        ([("License", "Copyright (c) 2024\nPermission is hereby granted...")], ()),
        (
            [
                ("Classifier", "License :: OSI Approved :: MIT License"),
                ("Classifier", "License :: OSI Approved"),
                ("Classifier", "Programming Language :: Python"),
            ],
            ({"license": {"name": "MIT License"}},),
        ),
        ([("License-Expression", "Apache-2.0"), ("License", "ignored")], ({"license": {"id": "Apache-2.0"}},)),
        ([], ()),
    ],
    ids=["name", "spdx-id", "unknown", "full-text", "classifiers", "expression-wins", "none"],
)
def test_licenses(site: Path, headers: list[tuple[str, str]], licenses: tuple[object, ...]) -> None:
    make_distribution(site, "peft", "0.17.1", headers=headers)
    [component] = capture_environment(distributions=["peft"])
    assert component.licenses == licenses


def test_editable_and_vcs_installs(site: Path) -> None:
    make_distribution(
        site, "my-trainer", "0.1.0", direct_url={"url": "file:///src/trainer", "dir_info": {"editable": True}}
    )
    make_distribution(
        site,
        "trl",
        "0.24.0.dev0",
        direct_url={
            "url": "https://github.com/huggingface/trl.git",
            "vcs_info": {
                "vcs": "git",
                "requested_revision": "main",
                "commit_id": "0123456789abcdef0123456789abcdef01234567",
            },
        },
    )
    make_distribution(site, "peft", "0.17.1", direct_url={"url": "file:///tmp/x", "dir_info": {}})
    (site / "peft-0.17.1.dist-info" / "direct_url.json").write_text("{not json")
    found = _by_name(capture_environment(distributions=["my-trainer", "trl", "peft"]))
    assert _properties(found["my-trainer"], "cdx:python:package:source:local:editable") == ["true"]
    assert _properties(found["trl"], "cdx:python:package:source:vcs:requested_revision") == ["main"]
    assert _properties(found["trl"], "cdx:python:package:source:vcs:commit_id") == [
        "0123456789abcdef0123456789abcdef01234567"
    ]
    assert [(str(r.type), r.url) for r in found["trl"].external_references] == [
        ("vcs", "https://github.com/huggingface/trl.git")
    ]
    assert found["peft"].properties == ()


def test_a_distribution_without_a_name_is_skipped(site: Path) -> None:
    info = site / "broken-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nVersion: 1.0\n")
    assert capture_environment(distributions=["broken", "*"]) == capture_environment(distributions=["*"])


def test_captured_components_make_a_valid_bom(site: Path) -> None:
    make_distribution(site, "torch", "2.9.1+cu128", headers=[("License-Expression", "BSD-3-Clause")])
    make_distribution(site, "transformers", "4.57.0", headers=[("Requires-Dist", "torch>=2.2; extra == 'torch'")])
    components = capture_environment(distributions=[*AI_DISTRIBUTIONS, "pytest", "orjson"])
    assert {"torch", "transformers", "pytest", "orjson"} <= set(_by_name(components))
    for spec in ("1.5", "1.6", "1.7"):
        bom = aibom.Bom(spec=spec)
        for component in components:
            bom.put_component(component)
        for output_format in ("json", "xml"):
            text = aibom.dumps(bom, format=output_format)
            report = aibom.validate(text)
            assert report.ok, [finding.message for finding in report.findings]
            assert tuple(aibom.load(text).components()) == components


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("torch", "2.5.1+cu124"),
        ("Sentence_Transformers", "3.0.1"),
        ("a.b", "1!2.0rc1.post3.dev4"),
        ("x", "1.0+local.v1"),
    ],
)
def test_purls_agree_with_packageurl_python(name: str, version: str) -> None:
    from packaging.utils import canonicalize_name

    assert (
        pypi_purl(name, version) == PackageURL(type="pypi", name=canonicalize_name(name), version=version).to_string()
    )
    assert pypi_purl(name, None) == f"pkg:pypi/{canonicalize_name(name)}"
