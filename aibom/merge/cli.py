"""``aibom merge IN... -o OUT``: the command line of the merge.

Exit codes: 0 merged (conflicts the policy resolved are listed on standard
error), 1 conflicts left unresolved (``--policy fail``, the default) or the
inputs cannot be brought to one CycloneDX version, 2 a usage or I/O error.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="aibom")
>>> _ = add_merge_command(parser.add_subparsers())
>>> arguments = parser.parse_args(["merge", "a.json", "b.json", "-o", "-", "--policy", "prefer-newest"])
>>> arguments.inputs, arguments.output, arguments.policy
(['a.json', 'b.json'], '-', 'prefer-newest')
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Literal

import orjson

from aibom._cli_files import format_of, input_source, same_file
from aibom._values import json_bytes
from aibom.errors import InvalidArgument, InvalidDocument
from aibom.io import dump, write_atomically
from aibom.merge.core import merge
from aibom.merge.policy import Policy
from aibom.merge.result import MergeConflict, MergeResult
from aibom.spec import SpecVersion

__all__ = ["add_merge_command", "run_merge"]


def __dir__() -> list[str]:
    return __all__


EXIT_OK, EXIT_CONFLICT, EXIT_USAGE = 0, 1, 2


def add_merge_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``merge`` subcommand to an ``argparse`` subparsers object (``parser.add_subparsers()``).

    The parsed arguments carry ``run``, a function of the arguments returning the exit code.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "merge",
        help="merge BOMs: the union of their components, each once, with every conflict reported",
        description="Merge BOMs into one. Components are de-duplicated by identity (bom-ref, purl, "
        "type/group/name); colliding bom-refs of different components are renamed and their references "
        "rewritten; where the inputs disagree, --policy decides and every conflict is reported.",
    )
    parser.add_argument("inputs", nargs="+", metavar="IN", help="the BOMs to merge, JSON or XML; - reads stdin")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="where to write; - writes stdout")
    parser.add_argument(
        "--policy",
        choices=[policy.value for policy in Policy],
        default=Policy.FAIL.value,
        help="how a conflict is resolved (default: fail, exit 1 listing every conflict)",
    )
    parser.add_argument("--base", metavar="B", help="the common ancestor of the inputs: a three-way merge")
    parser.add_argument(
        "--hierarchical", action="store_true", help="nest each input's components under its own parent component"
    )
    parser.add_argument("--to", choices=("json", "xml"), help="output format (default: from OUT's suffix, else json)")
    parser.add_argument("--spec", choices=[v.value for v in SpecVersion], help="CycloneDX version to write")
    parser.add_argument(
        "--conflicts", metavar="FILE", help="also write every conflict and rename as JSON to FILE (- for stdout)"
    )
    parser.add_argument(
        "--record-inputs", action="store_true", help="name each input in an aibom:merge:input metadata property"
    )
    parser.set_defaults(run=run_merge)
    return parser


def run_merge(arguments: argparse.Namespace) -> int:
    """Run ``aibom merge`` with parsed arguments; return the exit code."""
    names = [*arguments.inputs, *([arguments.base] if arguments.base else [])]
    try:
        _check_paths(names, arguments.output, arguments.conflicts)
        result = merge(
            *(input_source(name) for name in arguments.inputs),
            base=input_source(arguments.base) if arguments.base else None,
            policy=arguments.policy,
            hierarchical=arguments.hierarchical,
            record_inputs=arguments.record_inputs,
        )
    except MergeConflict as error:
        for conflict in error.conflicts:
            print(f"aibom: conflict: {conflict}", file=sys.stderr)
        print(f"aibom: {len(error.conflicts)} unresolved conflict(s); choose a --policy", file=sys.stderr)
        return EXIT_CONFLICT
    except InvalidDocument as error:  # an input that is not a readable BOM is a usage error here, not a finding
        print(f"aibom: {error}", file=sys.stderr)
        return EXIT_USAGE
    for conflict in result.conflicts:
        print(f"aibom: conflict: {conflict}", file=sys.stderr)
    target_format: Literal["json", "xml"] = arguments.to or format_of(arguments.output) or "json"
    # other aibom errors (a bad argument, an unwritable output) are reported by aibom.cli.main
    if arguments.output == "-":
        dump(result.bom, sys.stdout.buffer, format=target_format, spec=arguments.spec)
        sys.stdout.buffer.flush()
    else:
        dump(result.bom, arguments.output, format=target_format, spec=arguments.spec)
    if arguments.conflicts:
        _write_report(result, arguments.conflicts)
    return EXIT_OK


def _check_paths(inputs: list[str], output: str, report: str | None) -> None:
    if inputs.count("-") > 1:
        raise InvalidArgument("only one input can be standard input", expected="at most one '-'")
    for target in (output, report):
        if target is None or target == "-":
            continue
        for name in inputs:
            if name != "-" and same_file(name, target):
                raise InvalidArgument("refusing to overwrite an input", source=target, expected="a new output path")


def _write_report(result: MergeResult, destination: str) -> None:
    payload = {
        "conflicts": [conflict.to_dict() for conflict in result.conflicts],
        "renames": [
            {"input": rename.source, "old": rename.old, "new": rename.new, "reason": rename.reason}
            for rename in result.renames
        ],
    }
    data = json_bytes(payload, orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    if destination == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomically(Path(destination), data)

