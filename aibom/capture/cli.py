"""``aibom capture hardware`` and ``aibom capture environment``: write what this machine runs as a CycloneDX BOM.

:func:`add_capture_command` adds the ``capture`` command to the ``aibom``
parser's sub-commands; each sub-command sets ``run`` to a function that takes
the parsed arguments and returns the exit code (0).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="aibom")
>>> add_capture_command(parser.add_subparsers())
>>> arguments = parser.parse_args(["capture", "environment", "-d", "packaging", "-o", "-"])
>>> arguments.distributions, arguments.output, arguments.spec
(['packaging'], '-', '1.6')
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from aibom.bom import Bom
from aibom.capture.environment import capture_environment
from aibom.hardware import detect
from aibom.io import dump
from aibom.model import Component

__all__ = ["add_capture_command"]

_EXIT_OK = 0


def add_capture_command(subparsers: Any) -> None:
    """Add ``capture hardware`` and ``capture environment`` to ``subparsers`` (from ``add_subparsers()``)."""
    capture = subparsers.add_parser("capture", help="write a BOM of this machine's hardware or Python environment")
    kinds = capture.add_subparsers(required=True, metavar="WHAT")

    hardware = kinds.add_parser("hardware", help="the accelerators (NVIDIA via NVML, PCI via sysfs) and the CPU")
    hardware.add_argument(
        "--group", action="store_true", help="one component per kind of identical device, with a quantity"
    )
    _add_output_options(hardware)
    hardware.set_defaults(run=_capture_hardware)

    environment = kinds.add_parser("environment", help="the AI frameworks installed in this Python environment")
    environment.add_argument(
        "-d",
        "--distribution",
        dest="distributions",
        action="append",
        metavar="NAME",
        help="report this distribution (a name or a pattern such as 'langchain*') instead of the built-in AI list; "
        "repeatable",
    )
    _add_output_options(environment)
    environment.set_defaults(run=_capture_environment)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="where to write (default: - for stdout)")
    parser.add_argument("--to", choices=("json", "xml"), help="output format (default: from OUT's suffix, else json)")
    parser.add_argument("--spec", choices=("1.6", "1.7"), default="1.6", help="CycloneDX version (default: 1.6)")


def _capture_hardware(arguments: argparse.Namespace) -> int:
    return _write((device.to_cyclonedx() for device in detect(group=arguments.group)), arguments)


def _capture_environment(arguments: argparse.Namespace) -> int:
    return _write(capture_environment(distributions=arguments.distributions), arguments)


def _write(components: Iterable[Component], arguments: argparse.Namespace) -> int:
    bom = Bom(spec=arguments.spec)
    for component in components:
        bom.put_component(component)
    output: str = arguments.output
    suffix = Path(output).suffix.lower()
    target: Literal["json", "xml"] = arguments.to or ("xml" if suffix == ".xml" else "json")
    if output == "-":
        dump(bom, sys.stdout.buffer, format=target)
        sys.stdout.buffer.flush()
    else:
        dump(bom, output, format=target)
    return _EXIT_OK
