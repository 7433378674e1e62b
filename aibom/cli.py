"""The ``aibom`` command line: ``validate``, ``convert``, ``diff``, ``merge`` and ``capture``.

Exit codes: 0 success (every file valid), 1 a file is invalid or cannot be
converted without loss (``diff``: a change of the ``--fail-on`` kinds exists;
``merge``: a conflict is left unresolved), 2 a usage or I/O error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Literal

import orjson

from aibom import __version__
from aibom._cli_files import format_of, input_source, same_file
from aibom.errors import AibomError, InvalidArgument, OutputError
from aibom.io import dump, load
from aibom.spec import SpecVersion
from aibom.validation import validate

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    >>> main(["validate", "examples/sentiment-classifier.cdx.json"])
    examples/sentiment-classifier.cdx.json: valid (CycloneDX 1.6 json, 0 finding(s))
    0
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        result: int = arguments.run(arguments)
        return result
    except (InvalidArgument, OutputError) as error:
        print(f"aibom: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except AibomError as error:
        print(f"aibom: {error}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (`aibom diff a b | head`): not an error of ours. Point stdout at /dev/null so
        # that the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aibom", description="AI bills of materials in CycloneDX.")
    parser.add_argument("--version", action="version", version=f"aibom {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help="validate CycloneDX BOMs (schema and integrity)")
    check.add_argument("files", nargs="+", metavar="FILE", help="BOM files, JSON or XML; - reads standard input")
    check.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    check.add_argument(
        "--checks", choices=("all", "schema", "integrity", "ai"), default="all", help="which layers to run (default: all)"
    )
    check.set_defaults(run=_validate)

    convert = commands.add_parser("convert", help="convert between JSON and XML and between CycloneDX versions")
    convert.add_argument("input", metavar="IN", help="the BOM to read; - reads standard input")
    convert.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="where to write; - writes standard output"
    )
    convert.add_argument("--to", choices=("json", "xml"), help="output format (default: from OUT's suffix, else IN's)")
    convert.add_argument("--spec", choices=[v.value for v in SpecVersion], help="CycloneDX version to write")
    convert.add_argument(
        "--on-loss",
        choices=("error", "warn"),
        default="error",
        help="when the target cannot express a field: fail (default) or leave it out with a warning",
    )
    convert.set_defaults(run=_convert)

    from aibom.capture.cli import add_capture_command
    from aibom.diff.cli import add_diff_command
    from aibom.merge.cli import add_merge_command

    add_diff_command(commands)
    add_merge_command(commands)
    add_capture_command(commands)
    return parser



def _validate(arguments: argparse.Namespace) -> int:
    reports = []
    for name in arguments.files:
        source = input_source(name)
        report = validate(source, checks=arguments.checks)
        if name == "-":
            report = type(report)(source="<stdin>", format=report.format, spec=report.spec, findings=report.findings)
        reports.append(report)
    if arguments.format == "json":
        sys.stdout.buffer.write(orjson.dumps([r.to_dict() for r in reports], option=orjson.OPT_INDENT_2) + b"\n")
    else:
        for report in reports:
            print(report.to_text())
    return EXIT_OK if all(report.ok for report in reports) else EXIT_INVALID


def _convert(arguments: argparse.Namespace) -> int:
    bom = load(input_source(arguments.input))
    output = arguments.output
    if output != "-" and arguments.input != "-" and same_file(arguments.input, output):
        raise InvalidArgument("refusing to overwrite the input", source=output, expected="a different output path")
    target_format: Literal["json", "xml"] = arguments.to or format_of(output) or bom.source_format or "json"
    if arguments.on_loss == "warn":
        import warnings

        warnings.simplefilter("always")
        warnings.formatwarning = lambda message, *rest: f"aibom: warning: {message}\n"
    if output == "-":
        dump(bom, sys.stdout.buffer, format=target_format, spec=arguments.spec, on_loss=arguments.on_loss)
        sys.stdout.buffer.flush()
    else:
        dump(bom, output, format=target_format, spec=arguments.spec, on_loss=arguments.on_loss)
    return EXIT_OK

