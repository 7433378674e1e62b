"""``aibom diff OLD NEW``: the command line of the comparison.

Exit codes: 0 no change of the kinds named by ``--fail-on`` (or no ``--fail-on``),
1 a change of those kinds exists, 2 a usage or I/O error (a file that cannot be
read or is not a CycloneDX BOM).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="aibom")
>>> _ = add_diff_command(parser.add_subparsers())
>>> arguments = parser.parse_args(["diff", "examples/sentiment-classifier.cdx.json",
...                                "examples/sentiment-classifier.cdx.json", "--fail-on", "any"])
>>> arguments.run(arguments)
aibom diff: no changes
0
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from aibom._cli_files import input_source
from aibom._values import json_bytes
from aibom.diff.compare import DEFAULT_IGNORE, diff
from aibom.diff.concepts import KINDS
from aibom.diff.delta import Delta
from aibom.errors import AibomError

__all__ = ["add_diff_command", "fail_on_kinds"]


def __dir__() -> list[str]:
    return __all__


EXIT_OK, EXIT_CHANGED, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "markdown", "json", "json-patch")


def add_diff_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``diff`` subcommand to an ``argparse`` subparsers object (``parser.add_subparsers()``).

    The parsed arguments carry ``run``, a function of the arguments returning the exit code.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "diff",
        help="compare two BOMs: what changed, in AI terms (model, lineage, metrics, quantization, ...)",
        description="Compare two BOMs. Components are matched by identity (bom-ref, purl, type/group/name, "
        "a shared hash for a rename), not position. Exit 1 when --fail-on names a kind that changed.",
    )
    parser.add_argument("old", metavar="OLD", help="the old BOM, JSON or XML; - reads standard input")
    parser.add_argument("new", metavar="NEW", help="the new BOM, JSON or XML; - reads standard input")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text or markdown summary, the delta as JSON, or an RFC 6902 JSON patch (default: text)",
    )
    parser.add_argument(
        "--fail-on",
        metavar="KINDS",
        type=fail_on_kinds,
        default=(),
        help=f"exit 1 when a change of these kinds exists: any, or a comma-separated list of {', '.join(KINDS)}",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="count every difference (serial number, timestamp, BOM version, order, rewritten references)",
    )
    parser.add_argument(
        "--ignore",
        metavar="FIELD",
        action="append",
        help=f"a dotted path whose changes do not count (repeatable; default: {', '.join(DEFAULT_IGNORE)}; "
        "--ignore '' counts them all)",
    )
    parser.add_argument(
        "--tolerance",
        type=_tolerance,
        default=0.0,
        help="relative tolerance for hyperparameter and metric values (0.01 = 1%%; default 0)",
    )
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="summary lines per kind (default 20; 0 = all)"
    )
    parser.set_defaults(run=run_diff)
    return parser


def fail_on_kinds(text: str) -> tuple[str, ...]:
    """Parse ``--fail-on``: ``any`` or comma-separated kinds.

    >>> fail_on_kinds("model, metric")
    ('model', 'metric')
    >>> fail_on_kinds("any") == tuple(KINDS)
    True
    """
    kinds = tuple(part.strip() for part in text.split(",") if part.strip())
    if not kinds:
        raise argparse.ArgumentTypeError("name at least one kind")
    if "any" in kinds:
        return tuple(KINDS)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown kind {unknown[0]!r} (choose from any, {', '.join(KINDS)})")
    return kinds


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError("the tolerance must be >= 0")
    return value


def run_diff(arguments: argparse.Namespace) -> int:
    """Run ``aibom diff`` with parsed arguments; return the exit code."""
    if arguments.old == "-" and arguments.new == "-":
        print("aibom: error: only one of OLD and NEW can be standard input", file=sys.stderr)
        return EXIT_USAGE
    ignore = DEFAULT_IGNORE if arguments.ignore is None else tuple(item for item in arguments.ignore if item)
    try:
        delta = diff(
            input_source(arguments.old),
            input_source(arguments.new),
            ignore=ignore,
            strict=arguments.strict,
            tolerance=arguments.tolerance,
        )
    except AibomError as error:
        print(f"aibom: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    _write(delta, arguments.format, arguments.limit or None)
    return EXIT_CHANGED if any(change.kind in arguments.fail_on for change in delta.changes) else EXIT_OK



def _write(delta: Delta, format: str, limit: int | None) -> None:
    if format in ("text", "markdown"):
        print(delta.summary("markdown" if format == "markdown" else "text", limit=limit))
        return
    payload: Any = delta.to_dict() if format == "json" else delta.to_json_patch()
    sys.stdout.buffer.write(json_bytes(payload, orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    sys.stdout.buffer.flush()
