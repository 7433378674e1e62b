"""Layer-1 verdicts must match the official CycloneDX suite exactly; layer 2 must find the suite's real faults."""

from __future__ import annotations

from pathlib import Path

import pytest

import aibom
from tests.conftest import ML_GUIDE_EXAMPLE, SHIPPED_EXAMPLE, require_shared, suite_params


def _expected_valid(path: Path) -> bool:
    return path.name.startswith("valid-")


@pytest.mark.parametrize("path", suite_params("*.json") + suite_params("*.xml"))
def test_schema_verdict_matches_the_suite(path: Path) -> None:
    """`valid-*` files are accepted and `invalid-*` files rejected by the official schema alone.

    The two 1.7 `informal-invalid-*` XML files break a rule the XSD cannot express; layer 2 catches them.
    """
    report = aibom.validate(path, checks="schema")
    if path.name.startswith("informal-invalid-"):
        assert report.ok
        full = aibom.validate(path)
        assert not full.ok
        assert full.codes() == {"version-range-on-internal-component"}
        return
    assert report.ok is _expected_valid(path), report.to_text()
    if not report.ok:
        assert report.findings and all(finding.location for finding in report.findings)


# Faults of the suite's valid files that only the integrity layer sees. Each was checked by hand against the file:
# the referenced bom-ref is defined nowhere in it (or, for duplicates, twice).
_DANGLING_FORMULATION = {
    "component-a", "component-b", "component-g", "component-h", "component-r", "component-s", "component-t",
    "component-10", "component-11", "component-12", "component-14", "component-15", "component-16", "task-2",
}
_CRYPTO_FULL_1_6 = {
    "bom-ref-to-algorithm", "bom-ref-to-public-key", "bom-ref-to-auth", "bom-ref-to-encr", "bom-ref-to-integ",
    "bom-ref-to-ke", "bom-ref-to-prf",
}
EXPECTED_INTEGRITY_FAULTS: dict[str, tuple[set[str], set[str]]] = {
    # file: (dangling reference values, duplicated bom-refs)
    "valid-evidence-1.5.json": ({"bom-ref-of-tool-that-performed-analysis"}, set()),
    "valid-evidence-1.6.json": ({"bom-ref-of-tool-that-performed-analysis"}, set()),
    "valid-evidence-1.7.json": ({"bom-ref-of-tool-that-performed-analysis"}, set()),
    "valid-formulation-1.5.json": (_DANGLING_FORMULATION, {"workspace-1"}),
    "valid-formulation-1.6.json": (_DANGLING_FORMULATION, set()),
    "valid-formulation-1.7.json": (_DANGLING_FORMULATION, set()),
    "valid-attestation-1.6.json": ({"counterClaim-1", "requirement-1"}, set()),
    "valid-attestation-1.7.json": ({"counterClaim-1", "requirement-1"}, set()),
    "valid-citations-1.7.json": (set(), {"workflow-1"}),
    "valid-cryptography-full-1.6.json": (_CRYPTO_FULL_1_6, set()),
    "valid-cryptography-full-1.7.json": (
        {"aes-128-gcm-ref", "aes-256-gcm-ref", "bom-ref-to-algorithm", "bom-ref-to-public-key",
         "certificate-using-this-key-ref", "chacha20-poly1305-ref", "corresponding-public-key-ref",
         "diffie-hellman-group14-sha256-ref", "ecdsa_secp256r1_sha256", "private-key-ref", "public-key-ref",
         "rsa-4096-ref", "sha256-ref", "sha384-ref", "signing-algorithm-ref"},
        set(),
    ),
    "valid-cryptography-full-deprecated-1.7.json": ({"bom-ref-to-algorithm", "bom-ref-to-public-key"}, set()),
    "valid-cryptography-certificate-1.7.json": (
        {"6b00f384-6c39-420f-91eb-94de0f7be569RR", "1977d71b-8981-4292-b40d-842a019c2229",
         "422fa336-b401-42b7-89b8-8966aa30bca0", "1af4fc08-5d0d-436e-8058-eeef921983d0",
         "6af3066b-ab66-4593-975f-d9ba2c623a89"},
        set(),
    ),
    "valid-cryptography-certificate-advanced-1.7.json": ({"aes-256-gcm-ref"}, set()),
}


def _faults(report: aibom.Report) -> tuple[set[str], set[str]]:
    dangling = {f.message.split("'")[1] for f in report.findings if f.code == "dangling-reference"}
    duplicates = {f.message.split("'")[1] for f in report.findings if f.code == "duplicate-bom-ref"}
    return dangling, duplicates


@pytest.mark.parametrize("path", suite_params("valid-*.json"))
def test_integrity_layer_finds_exactly_the_real_faults(path: Path) -> None:
    report = aibom.validate(path)
    expected = EXPECTED_INTEGRITY_FAULTS.get(path.name, (set(), set()))
    assert report.codes() <= {"dangling-reference", "duplicate-bom-ref"}
    dangling, duplicates = _faults(report)
    assert (dangling, duplicates) == expected
    assert report.ok is (path.name not in EXPECTED_INTEGRITY_FAULTS), report.to_text()


def test_ml_guide_example_reports_the_missing_cuda_toolkit() -> None:
    report = aibom.validate(require_shared(ML_GUIDE_EXAMPLE))
    assert [(f.code, f.location) for f in report.findings] == [
        ("dangling-reference", "/formulation/0/workflows/0/runtimeTopology/0/provides/0")
    ]
    assert "'cuda-toolkit'" in report.findings[0].message
    assert aibom.validate(ML_GUIDE_EXAMPLE, checks="schema").ok


def test_shipped_example_is_valid() -> None:
    report = aibom.validate(SHIPPED_EXAMPLE)
    assert report.ok and report.findings == ()
    assert report.spec == "1.6" and report.format == "json"
