#!/usr/bin/env python3
"""Benchmark ``aibom.diff`` against the JSON parse floor and against generic JSON diff tools.

    python benchmarks/bench_diff.py                         # 1k, 10k and 100k components
    python benchmarks/bench_diff.py --sizes 1k,10k --repeat 5
    python benchmarks/bench_diff.py --no-peers --out diff-results.md

For each size, two seeded ML-BOMs are generated and cached under
``benchmarks/data/`` (git-ignored; the names carry a hash of the generators): the
BOM of ``generate.generate_bom(size, seed, spec)`` and the next release of it,
with 10 % of its components changed the way a real release changes them:

* most changed libraries get a new version: ``version``, ``purl`` and ``bom-ref``
  (the generator's bom-ref is the purl, so every ``dependencies`` reference to them
  changes too) and a new hash; a few libraries are removed and as many added;
* changed models get a new version, hash, metric value and learning rate;
* changed data sets a new version and record description; changed devices a new count;
* the serial number, timestamp and BOM version change.

Then, per size, in one process:

* the **parse floor**: ``orjson.loads`` of both files' bytes, the cyclic GC disabled;
* ``aibom.diff(old_path, new_path)`` **end to end from the files** (reading, parsing,
  the envelope checks, identity matching, the comparison), with the GC in its normal
  state (aibom pauses it itself), run in alternation with the floor (the ratio uses
  the best floor of those runs), and ``aibom.diff`` of two already-loaded Boms;
* a keyed comparison for scale: both files parsed, components indexed by ``bom-ref``
  and compared with ``==`` (what any diff at least has to do);
* the peers on the parsed pair, each in a subprocess killed after ``--peer-timeout``
  seconds (default 60) and skipped at larger sizes once over it:
  ``jsonpatch.make_patch`` and ``deepdiff.DeepDiff``; and ``sbomdiff`` end to end from the two files
  (its own parsing included, like ``aibom.diff`` from the files), with the number of differences it reports.

Untimed checks: ``apply(delta, old) == new`` and the JSON patch applies (at every size).
Timings are the best of ``--repeat`` runs (fast operations repeat until they have run a second in all).
The report is Markdown on stdout.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _path in (str(REPO), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import generate
import orjson
from run import best_alongside, log, parse_sizes
from run import best_of as _best_of


def best_of(fn: Callable[[], object], repeat: int, *, gc_off: bool = False) -> float:
    """:func:`run.best_of` without a time budget: every operation runs at least ``repeat`` times."""
    return _best_of(fn, repeat, math.inf, gc_off=gc_off)

DATA_DIR = HERE / "data"
CHANGED = 0.10
PEERS = ("jsonpatch.make_patch", "deepdiff.DeepDiff", "sbomdiff")
TARGET_RATIO = 2.0


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def fingerprint() -> str:
    """A short hash of the two generators, so cached inputs follow their changes."""
    digest = hashlib.sha256((HERE / "generate.py").read_bytes() + Path(__file__).read_bytes())
    return digest.hexdigest()[:10]


def next_release(old: dict[str, Any], seed: int, fraction: float = CHANGED) -> dict[str, Any]:
    """A copy of ``old`` with ``fraction`` of its components changed (see the module documentation)."""
    rng = random.Random(f"aibom-bench-diff/{seed}")
    new: dict[str, Any] = orjson.loads(orjson.dumps(old))
    components: list[dict[str, Any]] = new["components"]
    chosen = rng.sample(range(len(components)), round(len(components) * fraction))
    libraries = [i for i in chosen if components[i]["type"] == "library"]
    removed = set(libraries[: max(1, len(chosen) // 20)] if libraries else [])
    renamed: dict[str, str] = {}
    for index in chosen:
        if index in removed:
            continue
        component = components[index]
        kind = component["type"]
        if kind == "library":
            old_version = component["version"]
            new_version = old_version.rsplit(".", 1)[0] + f".{int(old_version.rsplit('.', 1)[1]) + 1}"
            component["version"] = new_version
            purl = component["purl"].replace(f"@{old_version}", f"@{new_version}")
            renamed[component["bom-ref"]] = purl
            component["bom-ref"] = component["purl"] = purl
            component["hashes"][0]["content"] = format(rng.getrandbits(256), "064x")[: len(component["hashes"][0]["content"])]
        elif kind == "machine-learning-model":
            component["version"] = format(rng.getrandbits(48), "012x")
            component["hashes"][0]["content"] = format(rng.getrandbits(256), "064x")
            metric = component["modelCard"]["quantitativeAnalysis"]["performanceMetrics"][0]
            metric["value"] = f"{float(metric['value']) * rng.uniform(0.97, 1.03):.4f}"
            component["modelCard"]["properties"][0]["value"] = f"{rng.choice((1, 2, 3, 5))}e-{rng.randint(3, 5)}"
        elif kind == "data":
            component["version"] = component["version"] + "-r2"
            component["data"][0]["description"] = f"{rng.randint(10, 9000)}k rows"
        else:
            for prop in component.get("properties", []):
                if prop["name"] == "cdx:device:count":
                    prop["value"] = str(int(prop["value"]) * 2)
    gone = {components[i]["bom-ref"] for i in removed}
    new["components"] = [c for i, c in enumerate(components) if i not in removed]
    for number in range(len(removed)):
        name = f"added-lib-{number}"
        ref = f"pkg:pypi/{name}@1.0.{number}"
        new["components"].insert(
            rng.randint(0, len(new["components"])),
            {"type": "library", "bom-ref": ref, "name": name, "version": f"1.0.{number}", "purl": ref,
             "hashes": [{"alg": "SHA-256", "content": format(rng.getrandbits(256), "064x")}],
             "licenses": [{"license": {"id": "MIT"}}]},
        )
        new["dependencies"].append({"ref": ref})
    dependencies = []
    for entry in new["dependencies"]:
        if entry["ref"] in gone:
            continue
        entry["ref"] = renamed.get(entry["ref"], entry["ref"])
        if "dependsOn" in entry:
            entry["dependsOn"] = [renamed.get(ref, ref) for ref in entry["dependsOn"] if ref not in gone]
        dependencies.append(entry)
    new["dependencies"] = dependencies
    new["serialNumber"] = "urn:uuid:" + str(__import__("uuid").UUID(int=rng.getrandbits(128), version=4))
    new["metadata"]["timestamp"] = "2025-06-01T12:00:00Z"
    new["version"] = old["version"] + 1
    return new


def inputs(size: int, seed: int, spec: str) -> tuple[Path, Path]:
    """Generate (or reuse) the old and new BOM files of one size."""
    old_path = DATA_DIR / f"diff-old-{spec}-n{size}-s{seed}-{fingerprint()}.json"
    new_path = DATA_DIR / f"diff-new-{spec}-n{size}-s{seed}-{fingerprint()}.json"
    if not (old_path.exists() and new_path.exists()):
        log(f"  generating the {size:,}-component pair ...")
        old = generate.generate_bom(size, seed=seed, spec=spec)
        new = next_release(old, seed)
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        for document, path in ((old, old_path), (new, new_path)):
            temporary = path.with_suffix(".tmp")
            temporary.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
            temporary.replace(path)
    return old_path, new_path


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------




def keyed_compare(old_bytes: bytes, new_bytes: bytes) -> int:
    """Parse both, index components by bom-ref and count those that differ (a lower bound for any diff)."""
    old, new = orjson.loads(old_bytes), orjson.loads(new_bytes)
    index = {c.get("bom-ref"): c for c in new["components"]}
    return sum(1 for c in old["components"] if index.get(c.get("bom-ref")) != c)


def probe_peer(name: str, old_path: Path, new_path: Path) -> None:
    """Run one peer on the parsed pair and print its seconds and a note (runs in a subprocess)."""
    if name == "sbomdiff":
        print(json.dumps(_sbomdiff(old_path, new_path)))
        return
    old, new = orjson.loads(old_path.read_bytes()), orjson.loads(new_path.read_bytes())
    gc.collect()
    start = time.perf_counter()
    if name == "jsonpatch.make_patch":
        import jsonpatch

        result: Any = jsonpatch.make_patch(old, new)
        note = f"{len(list(result)):,} operations"
    else:
        import deepdiff

        result = deepdiff.DeepDiff(old, new)
        note = f"{sum(len(v) for v in result.values() if hasattr(v, '__len__')):,} items"
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "note": note}))


def _sbomdiff(old_path: Path, new_path: Path) -> dict[str, Any]:
    """sbomdiff's command line, end to end, with its JSON report; the note counts what it reported."""
    import shutil

    command = [shutil.which("sbomdiff") or "sbomdiff", "--sbom", "cyclonedx", "-f", "json", str(old_path), str(new_path)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    try:
        report = json.loads(done.stdout)
    except ValueError:
        return {"seconds": seconds, "note": f"no JSON report (exit {done.returncode})"}
    items = report.get("differences", report) if isinstance(report, dict) else report
    counted = sum(len(v) for v in items.values() if isinstance(v, list)) if isinstance(items, dict) else len(items)
    return {"seconds": seconds, "note": f"{counted:,} differences reported"}


@dataclass
class PeerResult:
    """One peer at one size."""

    seconds: float | None = None
    note: str = ""
    timed_out: bool = False


def run_peer(name: str, old_path: Path, new_path: Path, timeout: float) -> PeerResult:
    """Run a peer in a subprocess, killed after ``timeout`` seconds."""
    command = [sys.executable, str(Path(__file__).resolve()), "--probe-peer", name, str(old_path), str(new_path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return PeerResult(seconds=timeout, note=f"timed out after {timeout:.0f} s", timed_out=True)
    if done.returncode != 0:
        return PeerResult(note="failed: " + (done.stderr.strip().splitlines() or ["?"])[-1][:100])
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return PeerResult(seconds=data["seconds"], note=data["note"])


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: int
    old_bytes: int
    new_bytes: int
    floor: float = 0.0
    diff_files: float = 0.0
    diff_loaded: float = 0.0
    keyed: float = 0.0
    changes: int = 0
    ignored: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    patch_ops: int = 0
    peers: dict[str, PeerResult] = field(default_factory=dict)


def measure(size: int, args: argparse.Namespace, skip: dict[str, str]) -> SizeResult:
    """Time everything at one size."""
    import aibom
    from aibom.diff import apply, diff

    old_path, new_path = inputs(size, args.seed, args.spec)
    old_raw, new_raw = old_path.read_bytes(), new_path.read_bytes()
    result = SizeResult(size, len(old_raw), len(new_raw))
    repeat = args.repeat if size < 100_000 else max(1, min(args.repeat, 3))
    log(f"  {size:,}: parse floor ...")
    # The diff alternates with the floor, run for run, and the ratio divides by the best floor of those runs: this
    # machine's speed drifts over minutes.
    result.diff_files, result.floor = best_alongside(
        lambda: diff(old_path, new_path), lambda: (orjson.loads(old_raw), orjson.loads(new_raw)), repeat, math.inf
    )
    log(f"  {size:,}: aibom.diff from the files ...")
    old_bom, new_bom = aibom.load(old_path), aibom.load(new_path)
    result.diff_loaded = best_of(lambda: diff(old_bom, new_bom), repeat)
    result.keyed = best_of(lambda: keyed_compare(old_raw, new_raw), repeat, gc_off=True)
    delta = diff(old_path, new_path)
    result.changes, result.ignored, result.kinds = len(delta.changes), len(delta.ignored), delta.kinds()
    log(f"  {size:,}: checking apply and the JSON patch ...")
    if apply(delta, old_bom) != new_bom:
        raise SystemExit(f"apply(diff(a, b), a) != b at {size}")
    patch = delta.to_json_patch()
    result.patch_ops = len(patch)
    if args.check_patch:
        import jsonpatch

        if jsonpatch.apply_patch(old_bom.document, patch) != new_bom.document:
            raise SystemExit(f"the JSON patch does not reproduce b at {size}")
    del old_bom, new_bom, delta, patch
    for name in PEERS if args.peers else ():
        if name in skip:
            result.peers[name] = PeerResult(note=skip[name])
            continue
        log(f"  {size:,}: {name} ...")
        result.peers[name] = peer = run_peer(name, old_path, new_path, args.peer_timeout)
        if peer.timed_out or (peer.seconds or 0) > args.peer_timeout:
            skip[name] = f"skipped (over {args.peer_timeout:.0f} s at {size:,})"
    return result


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def fmt(seconds: float | None) -> str:
    """Seconds, or milliseconds below one second."""
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def render(results: Sequence[SizeResult], args: argparse.Namespace) -> str:
    """The Markdown report."""
    import aibom

    lines = [
        "# aibom.diff benchmark",
        "",
        f"Python {platform.python_version()}, {platform.machine()}, orjson {orjson.__version__}, "
        f"aibom {aibom.__version__}; spec {args.spec}, seed {args.seed}, {CHANGED:.0%} of components changed; "
        f"best of {args.repeat} (at most 3 at 100k).",
        "",
        "| components | files (old + new) | parse floor (orjson.loads ×2, GC off) | aibom.diff(paths) | ratio "
        "| µs/component | diff of loaded Boms | keyed == compare | changes (ignored) | JSON-patch ops |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {(r.old_bytes + r.new_bytes) / 2**20:,.1f} MiB | {fmt(r.floor)} | {fmt(r.diff_files)} "
            f"| {r.diff_files / r.floor:.2f}× | {r.diff_files / r.size * 1e6:,.1f} | {fmt(r.diff_loaded)} "
            f"| {fmt(r.keyed)} | {r.changes:,} ({r.ignored:,}) | {r.patch_ops:,} |"
        )
    lines += ["", "Kinds of the changes:", ""]
    for r in results:
        lines.append(f"- {r.size:,}: " + ", ".join(f"{count:,} {kind}" for kind, count in r.kinds.items()))
    if args.peers:
        lines += [
            "",
            f"Peers on the parsed pair (subprocess, killed after {args.peer_timeout:.0f} s):",
            "",
            "| components | peer | seconds | vs aibom.diff(paths) | note |",
            "|---:|---|---:|---:|---|",
        ]
        for r in results:
            for name in PEERS:
                peer = r.peers.get(name, PeerResult(note="not run"))
                prefix = ">" if peer.timed_out else ""
                speed = f"{prefix}{peer.seconds / r.diff_files:,.1f}×" if peer.seconds else "—"
                shown = f"{prefix}{fmt(peer.seconds)}" if peer.seconds is not None else "skipped"
                lines.append(f"| {r.size:,} | {name} | {shown} | {speed} | {peer.note} |")
    largest = max(results, key=lambda r: r.size)
    ratio = largest.diff_files / largest.floor
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    lines += [
        "",
        f"Target: aibom.diff of two {largest.size:,}-component BOMs from the files within {TARGET_RATIO:.0f}× the "
        f"parse floor of both files: {ratio:.2f}× — {verdict}.",
    ]
    return "\n".join(lines)



def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--probe-peer"]:
        probe_peer(argv[1], Path(argv[2]), Path(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spec", choices=generate.SPECS, default="1.6")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--peer-timeout", type=float, default=60.0)
    parser.add_argument("--check-patch", action=argparse.BooleanOptionalAction, default=True,
                        help="check that jsonpatch applies the exported patch (slow at 100k)")
    parser.add_argument("--out", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    skip: dict[str, str] = {}
    results = [measure(size, args, skip) for size in args.sizes]
    report = render(results, args)
    print(report)
    if args.out:
        args.out.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
