"""Capturing what an AI system runs on: the installed AI frameworks (:func:`capture_environment`).

The hardware side is :func:`aibom.hardware.detect`; ``aibom capture hardware`` and
``aibom capture environment`` (:mod:`aibom.capture.cli`) write either as a BOM.
"""

from __future__ import annotations

from aibom.capture.environment import AI_DISTRIBUTIONS, FRAMEWORK_REQUIRES, capture_environment, pypi_purl

__all__ = ["AI_DISTRIBUTIONS", "FRAMEWORK_REQUIRES", "capture_environment", "pypi_purl"]
