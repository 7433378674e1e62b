#!/usr/bin/env python3
"""Benchmark ``aibom.merge`` against the JSON parse floor.

    python benchmarks/bench_merge.py                         # 1k, 10k, 100k components
    python benchmarks/bench_merge.py --sizes 1k,10k --repeat 5 --out merge.md

For each size, BOM *A* is the seeded ML-BOM of ``benchmarks/generate.py`` and BOM *B* is derived from it: 10 % of
the components differ. Half of those are *changed* in B (a library gets a new version, purl and ``bom-ref``, new
hashes and a new description; a model a new revision of its metrics; data sets and devices a new description),
which makes them true conflicts; the other half are *replaced* in B by new libraries (so 5 % of A's components are
only in A and 5 % of B's only in B). B's dependency graph follows its renames, and B has its own serial number and
a later timestamp. Both files are cached in ``benchmarks/data/`` (the names carry a hash of the two scripts).

Measured, best of ``--repeat``:

* the parse floor: ``orjson.loads`` of both files' bytes, the garbage collector paused;
* ``aibom.load`` of both paths (for reference);
* ``aibom.merge(path_a, path_b, policy=...)``: end to end from the files (reading, parsing, merging);
* the same followed by ``aibom.dumps`` of the result (what ``aibom merge`` writes);
* ``aibom.merge(bom_a, bom_b)`` of two loaded BOMs (no parsing, but the result is copied so that it shares
  nothing with the caller's BOMs).

Untimed, per size: the merged BOM passes ``aibom.validate`` (schema and integrity) and the number of conflicts
and renames is reported. The benchmarks are plain scripts: this file puts the repository root and
``benchmarks/`` on ``sys.path``.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _path in (str(REPO), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import generate  # noqa: E402
import orjson  # noqa: E402
from run import best_alongside, best_of, log, parse_sizes  # noqa: E402

DATA_DIR = HERE / "data"
TARGET_RATIO = 2.0


def fingerprint() -> str:
    """A short hash of generate.py and this script: cached inputs follow changes to either."""
    digest = hashlib.sha256((HERE / "generate.py").read_bytes() + Path(__file__).read_bytes())
    return digest.hexdigest()[:10]


def derive(document: dict[str, Any], seed: int) -> dict[str, Any]:
    """B: a copy of A in which 5 % of the components are changed and 5 % replaced by new libraries."""
    rng = random.Random(seed + 1)
    b: dict[str, Any] = orjson.loads(orjson.dumps(document))
    components: list[dict[str, Any]] = b["components"]
    libraries = [index for index, component in enumerate(components) if component["type"] == "library"]
    others = [index for index, component in enumerate(components) if component["type"] != "library"]
    tenth = max(2, len(components) // 10)
    replaced = set(rng.sample(libraries, tenth // 2))
    pool = [index for index in libraries if index not in replaced] + others
    changed = rng.sample(pool, tenth - len(replaced))
    renamed: dict[str, str] = {}
    for index in changed:
        component = components[index]
        component["description"] = f"{component.get('description', '')} (revised)".strip()
        if component["type"] == "library":
            old_version = component["version"]
            new_version = f"{old_version}.1"
            old_ref = component["bom-ref"]
            component["version"] = new_version
            component["purl"] = component["purl"].replace(f"@{old_version}", f"@{new_version}")
            component["bom-ref"] = component["purl"]
            renamed[old_ref] = component["bom-ref"]
            for item in component.get("hashes", []):
                item["content"] = item["content"][::-1]
        elif component["type"] == "machine-learning-model":
            metrics = component.get("modelCard", {}).get("quantitativeAnalysis", {}).get("performanceMetrics", [])
            for metric in metrics:
                metric["value"] = f"{float(metric['value']) * 0.99:.4f}"
    for number, index in enumerate(sorted(replaced)):
        old_ref = components[index]["bom-ref"]
        name = f"bench-merge-new-{number}"
        purl = f"pkg:pypi/{name}@1.0.{number}"
        components[index] = {
            "type": "library",
            "bom-ref": purl,
            "name": name,
            "version": f"1.0.{number}",
            "purl": purl,
            "description": "A library only B has",
            "hashes": [{"alg": "SHA-256", "content": hashlib.sha256(name.encode()).hexdigest()}],
        }
        renamed[old_ref] = purl
    for entry in b.get("dependencies", []):
        entry["ref"] = renamed.get(entry["ref"], entry["ref"])
        if "dependsOn" in entry:
            entry["dependsOn"] = [renamed.get(ref, ref) for ref in entry["dependsOn"]]
    b["serialNumber"] = f"urn:uuid:{hashlib.md5(f'bench-merge-{seed}'.encode()).hexdigest()[:8]}-0000-4000-8000-000000000000"
    b["metadata"]["timestamp"] = b["metadata"]["timestamp"].replace("T", "T", 1)
    b["metadata"]["timestamp"] = _later(b["metadata"]["timestamp"])
    return b


def _later(timestamp: str) -> str:
    from datetime import datetime, timedelta

    moment = datetime.fromisoformat(timestamp) + timedelta(days=1)
    return moment.isoformat().replace("+00:00", "Z")


def inputs(size: int, seed: int, spec: str) -> tuple[Path, Path]:
    """Generate (or reuse) the cached pair of BOMs for a size."""
    tag = f"{spec}-n{size}-s{seed}-{fingerprint()}"
    path_a, path_b = DATA_DIR / f"merge-a-{tag}.json", DATA_DIR / f"merge-b-{tag}.json"
    if not (path_a.exists() and path_b.exists()):
        log(f"  generating {path_a.name} and {path_b.name} ...")
        document = generate.generate_bom(size, seed=seed, spec=spec)
        for path, value in ((path_a, document), (path_b, derive(document, seed))):
            temporary = path.with_suffix(".tmp")
            generate.write_bom(value, temporary)
            temporary.replace(path)
    return path_a, path_b




def measure(size: int, args: argparse.Namespace) -> dict[str, Any]:
    import aibom
    from aibom.merge import merge

    log(f"size {size:,}")
    path_a, path_b = inputs(size, args.seed, args.spec)
    raw_a, raw_b = path_a.read_bytes(), path_b.read_bytes()
    repeat, budget, policy = args.repeat, args.budget, args.policy
    times: dict[str, float] = {}
    # The merge alternates with the floor, run for run, and the ratio divides by the best floor of those runs: this
    # machine's speed drifts over minutes.
    times["merge"], times["floor"] = best_alongside(
        lambda: merge(path_a, path_b, policy=policy), lambda: (orjson.loads(raw_a), orjson.loads(raw_b)), repeat, budget
    )
    times["load"] = best_of(lambda: (aibom.load(path_a), aibom.load(path_b)), repeat, budget)
    times["merge+dumps"] = best_of(lambda: aibom.dumps(merge(path_a, path_b, policy=policy).bom), repeat, budget)
    bom_a, bom_b = aibom.load(path_a), aibom.load(path_b)
    times["merge(boms)"] = best_of(lambda: merge(bom_a, bom_b, policy=policy), repeat, budget)
    result = merge(path_a, path_b, policy=policy)
    report = aibom.validate(result.bom) if args.check else None
    components = len(result.bom.document.get("components", []))
    log(f"  floor {times['floor']:.3f} s, merge {times['merge']:.3f} s ({times['merge'] / times['floor']:.2f}x)")
    return {
        "size": size,
        "bytes": len(raw_a) + len(raw_b),
        "times": times,
        "conflicts": len(result.conflicts),
        "renames": len(result.renames),
        "components": components,
        "valid": None if report is None else report.ok,
        "findings": [] if report is None else [str(finding) for finding in report.findings[:3]],
    }


def render(results: Sequence[dict[str, Any]], args: argparse.Namespace) -> str:
    import aibom

    lines = [
        "# aibom.merge benchmark",
        "",
        f"Python {platform.python_version()}, {platform.machine()}, aibom {aibom.__version__}; "
        f"CycloneDX {args.spec}, seed {args.seed}, policy {args.policy!r}, best of {args.repeat}.",
        "",
        "| components (each) | both files | parse floor | aibom.load ×2 | merge(paths) | ratio | merge + dumps "
        "| merge(boms) | µs/component | conflicts | renames | merged components | valid |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--|",
    ]
    for result in results:
        times = result["times"]
        ratio = times["merge"] / times["floor"]
        lines.append(
            f"| {result['size']:,} | {result['bytes'] / 1e6:.1f} MB | {times['floor']:.3f} s | {times['load']:.3f} s "
            f"| {times['merge']:.3f} s | {ratio:.2f}× | {times['merge+dumps']:.3f} s | {times['merge(boms)']:.3f} s "
            f"| {times['merge'] / (2 * result['size']) * 1e6:.1f} | {result['conflicts']:,} | {result['renames']:,} "
            f"| {result['components']:,} | {_valid(result)} |"
        )
    largest = max(results, key=lambda result: result["size"])
    ratio = largest["times"]["merge"] / largest["times"]["floor"]
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    lines += [
        "",
        f"Target: merge of two {largest['size']:,}-component BOMs, end to end from the files, within "
        f"{TARGET_RATIO:g}× the parse floor of both files: {ratio:.2f}× ({verdict}).",
    ]
    if len(results) > 1:
        small, large = results[0], results[-1]
        growth = (large["times"]["merge"] / small["times"]["merge"]) / (large["size"] / small["size"])
        lines.append(
            f"Scaling: {small['size']:,} → {large['size']:,} components multiplies the merge time by "
            f"{large['times']['merge'] / small['times']['merge']:.1f} (×{growth:.2f} of linear)."
        )
    return "\n".join(lines) + "\n"


def _valid(result: dict[str, Any]) -> str:
    if result["valid"] is None:
        return "not checked"
    return "yes" if result["valid"] else "NO: " + "; ".join(result["findings"])



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1k,10k,100k"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=20.0, help="stop repeating an operation after this many s")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spec", default="1.6", choices=generate.SPECS)
    parser.add_argument("--policy", default="prefer-last")
    parser.add_argument("--no-check", dest="check", action="store_false", help="skip validating the merged BOM")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    results = [measure(size, args) for size in args.sizes]
    text = render(results, args)
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
