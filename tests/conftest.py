"""Shared test helpers: where the official CycloneDX suite and the shared reference data live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SUITE = SHARED / "corpus" / "cyclonedx-spec"
EXAMPLES = SHARED / "corpus" / "cyclonedx-examples"
ML_GUIDE_EXAMPLE = EXAMPLES / "0x93_Appendix-C_Complete_Example__00.fixed.json"
SHIPPED_EXAMPLE = REPO / "examples" / "sentiment-classifier.cdx.json"
VERSIONS = ("1.5", "1.6", "1.7")

_SKIP_REASON = "the shared CycloneDX corpus (../shared/corpus) is not present next to the repository"


def suite_files(pattern: str) -> list[Path]:
    """Files of the official CycloneDX suite matching ``pattern`` in every version folder (empty when absent)."""
    return sorted(path for version in VERSIONS for path in (SUITE / version).glob(pattern))


def suite_params(pattern: str) -> list[object]:
    """pytest parameters for :func:`suite_files`, or one parameter that skips with the reason."""
    files = suite_files(pattern)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=_SKIP_REASON))]
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}") for path in files]


def require_shared(path: Path) -> Path:
    """Return ``path``, skipping the test with a clear reason when the shared data is absent."""
    if not path.exists():
        pytest.skip(_SKIP_REASON)
    return path
