#!/usr/bin/env python3
"""Benchmark aibom against the JSON parse floor and against its peers.

    python benchmarks/run.py                                  # 1k, 10k, 100k components
    python benchmarks/run.py --sizes 1k,10k --repeat 5
    python benchmarks/run.py --peers --out benchmarks/RESULTS.md

For each size a seeded ML-BOM is generated with ``benchmarks/generate.py`` and
cached under ``benchmarks/data/`` (git-ignored; the file name carries a hash of
the generator, so a changed generator never reuses a stale file). Then, in one
process:

* the *parse floor*, ``orjson.loads(file_bytes)`` with the cyclic GC disabled
  during the call; ``json.loads``/``json.dumps`` and ``orjson.dumps`` (these
  references also run with the GC disabled, so they are as fast as they get);
* aibom's ``load``/``dumps`` (JSON and XML), ``load`` of the XML file and
  ``validate`` (schema only; schema and integrity; every layer, the AI rules
  too), all from a path, so reading and
  parsing the file are included; these run with the GC in its normal state,
  which is what a user gets (aibom pauses it itself where it matters);
* the tracemalloc peak of ``aibom.load(path)`` against that of
  ``orjson.loads(bytes)``, each in a fresh subprocess;
* with ``--peers``: cyclonedx-python-lib and plain ``jsonschema`` on the same
  file, each in a subprocess with a time limit, plus the official CycloneDX
  example suite validated by cyclonedx-python-lib and by aibom.

Timings are the best of ``--repeat`` runs (fast operations keep repeating until
they have run for a second in all); an operation stops repeating early once it
has spent ``--budget`` seconds. aibom's ``load``, ``validate`` and ``dumps``
run in alternation with their baseline (the parse floor; ``orjson.dumps``),
and their ratios use the baseline's best of those runs. Everything is printed as Markdown, and
``--out`` also writes it to a file.

The benchmarks are plain scripts, not a package: this file puts ``benchmarks/``
and the repository root on ``sys.path`` so ``import generate`` and
``import aibom`` (the checkout, not an installed copy) both work.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import subprocess
import sys
import time
import warnings
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

DATA_DIR = HERE / "data"
SCHEMA_DIR = REPO / "schemas" / "cyclonedx"
CORPUS_DIR = Path("/work/shared/corpus/cyclonedx-spec")
SUB_SCHEMAS = ("spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json")

#: Skip a peer at a size when it took longer than this at the previous size.
PEER_SKIP_AFTER_S = 60.0

# Operation keys, in table order.
FLOOR = "orjson.loads (parse floor)"
JSON_LOADS = "json.loads"
JSON_DUMPS = "json.dumps"
ORJSON_DUMPS = "orjson.dumps"
ORJSON_DUMPS_PRETTY = "orjson.dumps (indent 2, sorted keys)"
LOAD = "aibom.load(path)"
DUMPS = "aibom.dumps(bom)"
DUMPS_XML = 'aibom.dumps(bom, format="xml")'
LOAD_XML = "aibom.load(xml path)"
VALIDATE_SCHEMA = 'aibom.validate(path, checks="schema")'
VALIDATE_BOTH = 'aibom.validate(path, checks=("schema", "integrity"))'
VALIDATE_ALL = "aibom.validate(path)"
REFERENCE_OPS = (FLOOR, JSON_LOADS, JSON_DUMPS, ORJSON_DUMPS, ORJSON_DUMPS_PRETTY)
AIBOM_OPS = (LOAD, DUMPS, DUMPS_XML, LOAD_XML, VALIDATE_SCHEMA, VALIDATE_BOTH, VALIDATE_ALL)

PEER_CDX_VALIDATE = "cyclonedx JsonStrictValidator.validate_str"
PEER_CDX_FROM_JSON = "cyclonedx Bom.from_json(orjson.loads(text))"
PEER_CDX_OUTPUT = "cyclonedx JsonV1DotX(bom).output_as_string()"
PEER_JSONSCHEMA = "jsonschema Draft7Validator (no formats)"
PEER_JSONSCHEMA_FORMATS = "jsonschema Draft7Validator + FORMAT_CHECKER"
PEER_OPS = (PEER_CDX_VALIDATE, PEER_CDX_FROM_JSON, PEER_CDX_OUTPUT, PEER_JSONSCHEMA, PEER_JSONSCHEMA_FORMATS)
#: The aibom operation each peer is compared with.
PEER_COUNTERPART = {
    PEER_CDX_VALIDATE: VALIDATE_SCHEMA,
    PEER_CDX_FROM_JSON: LOAD,
    PEER_CDX_OUTPUT: DUMPS,
    PEER_JSONSCHEMA: VALIDATE_SCHEMA,
    PEER_JSONSCHEMA_FORMATS: VALIDATE_SCHEMA,
}

MEM_ORJSON = "orjson.loads(bytes)"
MEM_ORJSON_FILE = "orjson.loads(path.read_bytes())"
MEM_AIBOM = "aibom.load(path)"
MEMORY_OPS = (MEM_ORJSON, MEM_ORJSON_FILE, MEM_AIBOM)


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


#: Fast operations keep repeating (beyond ``--repeat``) until they have run this long in total ...
MIN_TOTAL_S = 1.0
#: ... or this many times, so millisecond timings are not at the mercy of one noisy run.
MAX_RUNS = 200


def best_of(fn: Callable[[], object], repeat: int, budget_s: float, *, gc_off: bool = False) -> float:
    """Return the best wall time of repeated calls of ``fn``.

    ``fn`` runs ``repeat`` times, and more while all the runs together took less
    than ``MIN_TOTAL_S`` (at most ``MAX_RUNS``); it stops early once ``budget_s``
    seconds have been spent (at least one call always runs). A full collection
    runs before each call and the result is released after the clock stops, so
    neither is timed. With ``gc_off`` the cyclic collector is disabled during
    the call.
    """
    return _best_runs(lambda: (_timed_once(fn, gc_off=gc_off), math.inf), repeat, budget_s)[0]


def best_alongside(
    fn: Callable[[], object], baseline: Callable[[], object], repeat: int, budget_s: float
) -> tuple[float, float]:
    """Return the best wall times of ``fn`` and of ``baseline`` (timed with the collector off), called in
    alternation: on a shared machine whose speed drifts over minutes, the ratio of the two then compares runs
    made in the same seconds. Repeats and budget as :func:`best_of` (the budget counts ``fn`` alone)."""

    def both() -> tuple[float, float]:
        base = _timed_once(baseline, gc_off=True)
        return _timed_once(fn, gc_off=False), base

    return _best_runs(both, repeat, budget_s)


def _best_runs(run: Callable[[], tuple[float, float]], repeat: int, budget_s: float) -> tuple[float, float]:
    """Call ``run`` (which returns the time of the operation and of its baseline) as :func:`best_of` says; return
    the best of each."""
    best = best_base = math.inf
    spent = 0.0
    runs = 0
    while runs < MAX_RUNS and (runs < max(repeat, 1) or spent < MIN_TOTAL_S):
        elapsed, base = run()
        best, best_base = min(best, elapsed), min(best_base, base)
        spent += elapsed
        runs += 1
        if spent >= budget_s:
            break
    return best, best_base


def _timed_once(fn: Callable[[], object], *, gc_off: bool) -> float:
    """One call of ``fn``: a full collection first and the result released after the clock stops (neither
    timed); with ``gc_off`` the cyclic collector is disabled during the call."""
    gc.collect()
    was_enabled = gc.isenabled()
    if gc_off:
        gc.disable()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    if gc_off and was_enabled:
        gc.enable()
    del result
    return elapsed


def log(message: str) -> None:
    """Print progress to stderr, so stdout carries only the Markdown report."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def generator_fingerprint() -> str:
    """Return a short hash of generate.py, so cached inputs follow generator changes."""
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]


def bom_path(size: int, seed: int, spec: str, suffix: str = "json") -> Path:
    """Return the cache path of the generated BOM for ``(size, seed, spec)``."""
    return DATA_DIR / f"bom-{spec}-n{size}-s{seed}-{generator_fingerprint()}.{suffix}"


def ensure_json(size: int, seed: int, spec: str) -> Path:
    """Generate (or reuse) the cached JSON BOM and return its path."""
    path = bom_path(size, seed, spec)
    if not path.exists():
        for stale in DATA_DIR.glob(f"bom-{spec}-n{size}-s{seed}-*.*"):  # made by an earlier generator
            if stale.suffix in (".json", ".xml", ".tmp"):
                stale.unlink()
        log(f"  generating {path.name} ...")
        started = time.perf_counter()
        temporary = path.with_suffix(".tmp")
        generate.write_bom(generate.generate_bom(size, seed=seed, spec=spec), temporary)
        temporary.replace(path)
        log(f"  generated in {time.perf_counter() - started:.1f} s")
    return path


# --------------------------------------------------------------------------
# Machine information
# --------------------------------------------------------------------------


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, or platform's best guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total() -> str:
    """Return the machine's total memory from /proc/meminfo, if available."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def package_version(name: str) -> str:
    """Return an installed distribution's version, or the module's ``__version__``."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        try:
            module = __import__(name.replace("-", "_"))
            return f"{getattr(module, '__version__', 'unknown')} (checkout)"
        except ImportError:
            return "not installed"


def machine_info() -> list[tuple[str, str]]:
    """Return (label, value) pairs describing the machine and software."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    packages = ("aibom", "msgspec", "orjson", "jsonschema", "jsonschema-rs", "lxml", "cyclonedx-python-lib")
    return [
        ("CPU", cpu_model()),
        ("Cores", f"{usable} usable of {os.cpu_count()}"),
        ("Memory", memory_total()),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Packages", ", ".join(f"{name} {package_version(name)}" for name in packages)),
    ]


# --------------------------------------------------------------------------
# Measurements of one size
# --------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Everything measured for one BOM size."""

    size: int
    path: Path
    file_bytes: int
    times: dict[str, float] = field(default_factory=dict)
    #: The baseline measured in alternation with an operation (:func:`best_alongside`): the parse floor, or
    #: ``orjson.dumps`` for ``dumps``. Ratios of these operations use it.
    baselines: dict[str, float] = field(default_factory=dict)
    memory: dict[str, dict[str, int]] = field(default_factory=dict)
    peers: dict[str, PeerResult] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)


@dataclass
class PeerResult:
    """One peer measurement: seconds, or why there is none."""

    seconds: float | None = None
    note: str = ""
    lower_bound: bool = False

    def describe(self) -> str:
        """Render as a table cell."""
        if self.seconds is None:
            return self.note
        text = f"> {self.seconds:.0f}" if self.lower_bound else fmt_seconds(self.seconds)
        return f"{text} ({self.note})" if self.note else text


def without_schema_key(document: dict[str, Any]) -> dict[str, Any]:
    """Return the document without ``$schema`` (which XML cannot carry)."""
    return {key: value for key, value in document.items() if key != "$schema"}


def measure_references(result: SizeResult, raw: bytes, repeat: int, budget: float) -> None:
    """Time the JSON parse floor and the stdlib/orjson references."""
    times = result.times
    times[FLOOR] = best_of(lambda: orjson.loads(raw), repeat, budget, gc_off=True)
    times[JSON_LOADS] = best_of(lambda: json.loads(raw), repeat, budget, gc_off=True)
    document = orjson.loads(raw)
    times[JSON_DUMPS] = best_of(lambda: json.dumps(document), repeat, budget, gc_off=True)
    times[ORJSON_DUMPS] = best_of(lambda: orjson.dumps(document), repeat, budget, gc_off=True)
    pretty = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    times[ORJSON_DUMPS_PRETTY] = best_of(lambda: orjson.dumps(document, option=pretty), repeat, budget, gc_off=True)


def xml_path_for(path: Path) -> Path:
    """Return where the XML rendering of the JSON BOM at ``path`` is kept."""
    return path.with_suffix(".xml")


def measure_aibom(result: SizeResult, repeat: int, budget: float) -> None:
    """Time aibom's load, dumps, XML round trip and validation.

    Only the objects an operation needs are alive while it is timed. The XML
    file is (re)written from this run's ``dumps(format="xml")``, so ``load`` of
    XML reads what the current aibom writes.
    """
    import aibom

    path, times = result.path, result.times
    measure_alongside_floor(result, {
        LOAD: lambda: aibom.load(path),
        VALIDATE_SCHEMA: lambda: aibom.validate(path, checks="schema"),
        VALIDATE_BOTH: lambda: aibom.validate(path, checks=("schema", "integrity")),
        VALIDATE_ALL: lambda: aibom.validate(path),
    }, repeat, budget)
    measure_aibom_dumps(result, repeat, budget)
    times[LOAD_XML] = best_of(lambda: aibom.load(xml_path_for(path)), repeat, budget)


def measure_alongside_floor(
    result: SizeResult, operations: dict[str, Callable[[], object]], repeat: int, budget: float
) -> None:
    """Time each operation in alternation with the parse floor (:func:`best_alongside`)."""
    raw = result.path.read_bytes()
    for op, fn in operations.items():
        result.times[op], result.baselines[op] = best_alongside(fn, lambda: orjson.loads(raw), repeat, budget)


def measure_aibom_dumps(result: SizeResult, repeat: int, budget: float) -> None:
    """Time ``dumps`` to JSON and XML of the loaded BOM, and write the XML file."""
    import aibom

    bom = aibom.load(result.path)
    result.times[DUMPS], result.baselines[DUMPS] = best_alongside(
        lambda: aibom.dumps(bom), lambda: orjson.dumps(bom.document), repeat, budget
    )
    result.times[DUMPS_XML] = best_of(lambda: aibom.dumps(bom, format="xml"), repeat, budget)
    xml_path_for(result.path).write_text(aibom.dumps(bom, format="xml"), encoding="utf-8")


def check_aibom(result: SizeResult) -> None:
    """Record (untimed) whether aibom round-trips the BOM and finds it valid."""
    import aibom

    path = result.path
    document = orjson.loads(path.read_bytes())
    if orjson.loads(aibom.dumps(aibom.load(path))) != document:
        result.checks.append("MISMATCH: JSON load/dumps round trip changed the document")
    if without_schema_key(aibom.load(xml_path_for(path)).document) != without_schema_key(document):
        result.checks.append("MISMATCH: XML round trip changed the document (beyond $schema)")
    del document
    for source in (path, xml_path_for(path)):
        report = aibom.validate(source)
        if not report.ok or report.findings:
            first = "; ".join(f"{f.code} at {f.location}" for f in list(report.findings)[:3])
            result.checks.append(f"FINDINGS: validate({source.suffix[1:]}) reported {len(report.findings)}: {first}")
    if not result.checks:
        result.checks.append("JSON and XML round trips are lossless; validate() finds both files valid")
    result.checks.append(f"XML file: {xml_path_for(path).stat().st_size / 1e6:.1f} MB")


def measure_memory(result: SizeResult) -> None:
    """Measure tracemalloc peaks, each in a fresh subprocess."""
    for op in MEMORY_OPS:
        output = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--probe-memory", op, str(result.path)],
            capture_output=True, text=True, check=True,
        ).stdout
        result.memory[op] = json.loads(output.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Subprocess probes (run as `run.py --probe-memory OP PATH`, `run.py --probe-peer OP PATH SPEC REPEAT BUDGET`)
# --------------------------------------------------------------------------


def peak_rss() -> int:
    """Return this process's peak resident set size in bytes.

    Linux's ``VmHWM`` belongs to the process image, so unlike ``ru_maxrss`` it
    does not inherit the (large) peak of the benchmark process that spawned us.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def probe_memory(op: str, path: Path) -> dict[str, int]:
    """Return the memory one operation on ``path`` needs, measured two ways in this fresh process.

    ``peak``/``retained`` come from tracemalloc (bytes requested from Python's
    allocators, whether touched or not); ``rss`` is the growth of the peak
    resident set (:func:`peak_rss`) over the state just before the call, measured
    on a second run of the operation without tracemalloc (whose own book-keeping
    would inflate it), so it counts pages actually touched.
    """
    import tracemalloc

    import aibom

    aibom.load(generate.generate_bom(1))  # import lazily loaded modules outside the measurement
    operations: dict[str, Callable[[bytes], object]] = {
        MEM_ORJSON: orjson.loads,
        MEM_ORJSON_FILE: lambda _raw: orjson.loads(path.read_bytes()),
        MEM_AIBOM: lambda _raw: aibom.load(path),
    }
    if op not in operations:
        raise SystemExit(f"unknown memory probe {op!r}")
    operation = operations[op]
    raw = path.read_bytes() if op == MEM_ORJSON else b""
    gc.collect()
    rss_before = peak_rss()
    value = operation(raw)
    rss_after = peak_rss()
    del value
    gc.collect()
    tracemalloc.start()
    value = operation(raw)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del value
    return {"peak": peak, "retained": retained, "rss": max(0, rss_after - rss_before)}


def _json_registry_resources() -> list[tuple[str, Any]]:
    """Return the vendored sub-schemas as (URI, contents) pairs."""
    return [(f"http://cyclonedx.org/schema/{name}", orjson.loads((SCHEMA_DIR / name).read_bytes()))
            for name in SUB_SCHEMAS]


def _cdx_schema_version(spec: str) -> Any:
    from cyclonedx.schema import SchemaVersion

    return getattr(SchemaVersion, "V" + spec.replace(".", "_"))


def _cdx_json_output(spec: str) -> Any:
    import cyclonedx.output.json as outputs

    return getattr(outputs, "JsonV" + spec.replace(".", "Dot"))


def probe_peer(op: str, path: Path, spec: str, repeat: int, budget: float) -> dict[str, Any]:
    """Time one peer operation on ``path``; set-up and warm-up are not timed."""
    text = path.read_text(encoding="utf-8")
    tiny = orjson.dumps(generate.generate_bom(1, spec=spec)).decode()
    note = ""
    if op == PEER_CDX_VALIDATE:
        from cyclonedx.validation.json import JsonStrictValidator

        validator = JsonStrictValidator(_cdx_schema_version(spec))
        validator.validate_str(tiny)
        verdicts: list[object] = []
        seconds = best_of(lambda: verdicts.append(validator.validate_str(text)), repeat, budget)
        note = f"reported {str(verdicts[-1])[:80]!r}" if verdicts[-1] is not None else ""
    elif op in (PEER_CDX_FROM_JSON, PEER_CDX_OUTPUT):
        from cyclonedx.model.bom import Bom

        warnings.simplefilter("ignore")
        Bom.from_json(orjson.loads(tiny))  # type: ignore[attr-defined]
        if op == PEER_CDX_FROM_JSON:
            seconds = best_of(lambda: Bom.from_json(orjson.loads(text)), repeat, budget)  # type: ignore[attr-defined]
        else:
            bom = Bom.from_json(orjson.loads(text))  # type: ignore[attr-defined]
            writer = _cdx_json_output(spec)
            seconds = best_of(lambda: writer(bom).output_as_string(), repeat, budget)
    elif op in (PEER_JSONSCHEMA, PEER_JSONSCHEMA_FORMATS):
        import jsonschema  # type: ignore[import-untyped]
        from referencing import Registry, Resource

        registry: Registry[Any] = Registry().with_resources(
            (uri, Resource.from_contents(contents)) for uri, contents in _json_registry_resources())
        schema = orjson.loads((SCHEMA_DIR / f"bom-{spec}.schema.json").read_bytes())
        checker = jsonschema.Draft7Validator.FORMAT_CHECKER if op == PEER_JSONSCHEMA_FORMATS else None
        validator = jsonschema.Draft7Validator(schema, registry=registry, format_checker=checker)
        list(validator.iter_errors(orjson.loads(tiny)))
        raw = text.encode()
        counts: list[int] = []
        seconds = best_of(lambda: counts.append(sum(1 for _ in validator.iter_errors(orjson.loads(raw)))),
                          repeat, budget)
        note = f"{counts[-1]} errors" if counts[-1] else ""
    else:
        raise SystemExit(f"unknown peer probe {op!r}")
    return {"seconds": seconds, "note": note}


def run_peer(op: str, path: Path, spec: str, repeat: int, budget: float, timeout: float) -> PeerResult:
    """Run one peer probe in a subprocess, killing it after ``timeout`` seconds."""
    command = [sys.executable, str(Path(__file__).resolve()), "--probe-peer", op, str(path), spec,
               str(repeat), str(budget)]
    try:
        completed = subprocess.run(command, check=False, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return PeerResult(seconds=timeout, note="timed out", lower_bound=True)
    if completed.returncode != 0:
        reason = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return PeerResult(note=f"failed: {reason[:100]}")
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    return PeerResult(seconds=data["seconds"], note=data["note"])


# --------------------------------------------------------------------------
# Peers across sizes, and the official example suite
# --------------------------------------------------------------------------


def peer_skip_reason(history: Sequence[tuple[int, PeerResult]], size: int, timeout: float) -> str | None:
    """Return why a peer should be skipped at ``size`` given its earlier results, or None to run it.

    A peer is skipped once it failed, timed out or took over ``PEER_SKIP_AFTER_S``
    at the previous size, and also when its time projected from the earlier sizes
    (growing at least linearly) would exceed ``timeout`` anyway.
    """
    if not history:
        return None
    last_size, last = history[-1]
    if last.seconds is None:
        return "skipped"
    if last.lower_bound or last.seconds > PEER_SKIP_AFTER_S:
        return f"skipped (>{PEER_SKIP_AFTER_S:.0f} s at {last_size:,})"
    exponent = 1.0
    if len(history) > 1:
        first_size, first_seconds = history[-2][0], history[-2][1].seconds
        if first_seconds and first_size != last_size:
            exponent = max(1.0, math.log(last.seconds / first_seconds) / math.log(last_size / first_size))
    projected = last.seconds * (size / last_size) ** exponent
    if projected > timeout:
        return f"skipped (projected ~{projected:,.0f} s from {last_size:,})"
    return None


def measure_peers(results: Sequence[SizeResult], spec: str, repeat: int, budget: float, timeout: float) -> None:
    """Time every peer at every size, skipping a peer once it got slow."""
    history: dict[str, list[tuple[int, PeerResult]]] = {op: [] for op in PEER_OPS}
    for result in results:
        for op in PEER_OPS:
            reason = peer_skip_reason(history[op], result.size, timeout)
            if reason is not None:
                result.peers[op] = PeerResult(note=reason)
                history[op].append((result.size, result.peers[op]))
                continue
            log(f"  peer {op} at {result.size:,} ...")
            outcome = run_peer(op, result.path, spec, repeat, budget, timeout)
            log(f"    {outcome.describe()}")
            result.peers[op] = outcome
            history[op].append((result.size, outcome))


@dataclass
class SuiteResult:
    """The official example suite validated by cyclonedx-python-lib and by aibom."""

    files: int
    cdx_seconds: float
    aibom_seconds: float
    agree: int
    disagreements: list[str]


def suite_files() -> list[tuple[str, Path]]:
    """Return (spec, path) for every JSON file of the official 1.5-1.7 suites."""
    return [(spec, path) for spec in generate.SPECS for path in sorted((CORPUS_DIR / spec).glob("*.json"))]


def measure_suite(repeat: int, budget: float) -> SuiteResult | None:
    """Validate every official JSON example with both libraries; total time and verdicts."""
    from cyclonedx.validation.json import JsonStrictValidator

    import aibom

    files = suite_files()
    if not files:
        return None
    validators = {spec: JsonStrictValidator(_cdx_schema_version(spec)) for spec in generate.SPECS}
    texts = [(spec, path, path.read_text(encoding="utf-8")) for spec, path in files]

    def cdx_verdicts() -> list[bool]:
        verdicts = []
        for spec, _path, text in texts:
            try:
                verdicts.append(validators[spec].validate_str(text) is None)
            except Exception:  # noqa: BLE001 -- a peer's crash on a malformed file counts as "invalid"
                verdicts.append(False)
        return verdicts

    def aibom_verdicts() -> list[bool]:
        return [aibom.validate(path, checks="schema").ok for _spec, path, _text in texts]

    cdx, ours = cdx_verdicts(), aibom_verdicts()  # warm-up: both compile their schemas here
    disagreements = [f"{spec}/{path.name}: cyclonedx {'valid' if a else 'invalid'}, aibom {'valid' if b else 'invalid'}"
                     for (spec, path, _), a, b in zip(texts, cdx, ours) if a != b]
    return SuiteResult(
        files=len(files),
        cdx_seconds=best_of(cdx_verdicts, repeat, budget),
        aibom_seconds=best_of(aibom_verdicts, repeat, budget),
        agree=len(files) - len(disagreements),
        disagreements=disagreements,
    )


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def fmt_seconds(seconds: float) -> str:
    """Format seconds with three significant figures."""
    if seconds >= 100:
        return f"{seconds:.0f}"
    if seconds >= 10:
        return f"{seconds:.1f}"
    if seconds >= 1:
        return f"{seconds:.2f}"
    return f"{seconds:.3g}"


def fmt_size(size: int) -> str:
    """Format a component count as 1k, 10k, 100k, or as is."""
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def fmt_mib(count: int) -> str:
    """Format a byte count in MiB."""
    return f"{count / 2 ** 20:,.1f} MiB"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown table, first column left-aligned, the rest right-aligned."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def timing_table(result: SizeResult) -> list[str]:
    """Return the per-size timing table."""
    floor, orjson_dumps = result.times[FLOOR], result.times[ORJSON_DUMPS]
    rows = []
    for op in REFERENCE_OPS + AIBOM_OPS:
        seconds = result.times[op]
        op_floor = result.baselines.get(op, floor) if op != DUMPS else floor
        op_dumps = result.baselines.get(op, orjson_dumps) if op == DUMPS else orjson_dumps
        versus_dumps = f"{seconds / op_dumps:.2f}×" if "dumps" in op else ""
        rows.append([f"`{op}`", fmt_seconds(seconds), f"{seconds / op_floor:.2f}×", versus_dumps,
                     f"{seconds / result.size * 1e6:.2f}"])
    return table(["operation", "seconds", "× parse floor", "× orjson.dumps", "µs/component"], rows)


def linearity_table(results: Sequence[SizeResult]) -> list[str]:
    """Return µs per component for each operation across sizes."""
    header = ["µs/component"] + [fmt_size(r.size) for r in results]
    rows = [[f"`{op}`"] + [f"{r.times[op] / r.size * 1e6:.2f}" for r in results] for op in (FLOOR,) + AIBOM_OPS]
    if len(results) > 1:
        header.append(f"{fmt_size(results[-1].size)} / {fmt_size(results[0].size)}")
        for row, op in zip(rows, (FLOOR,) + AIBOM_OPS):
            first, last = results[0], results[-1]
            row.append(f"{(last.times[op] / last.size) / (first.times[op] / first.size):.2f}")
    return table(header, rows)


def memory_table(results: Sequence[SizeResult]) -> list[str]:
    """Return tracemalloc peaks and retained sizes, with the aibom/orjson ratio."""
    rows = []
    for r in results:
        floor = r.memory[MEM_ORJSON]
        for op in MEMORY_OPS:
            m = r.memory[op]
            rows.append([fmt_size(r.size), f"`{op}`", fmt_mib(m["peak"]), fmt_mib(m["retained"]),
                         f"{m['peak'] / floor['peak']:.2f}×", f"{m['peak'] / floor['retained']:.2f}×",
                         fmt_mib(m["rss"]), f"{m['rss'] / max(floor['rss'], 1):.2f}×"])
    return table(["size", "operation", "tracemalloc peak", "retained", "peak ÷ orjson.loads(bytes) peak",
                  "peak ÷ parsed dict", "peak RSS growth", "RSS ÷ orjson.loads(bytes)"], rows)


def peer_table(results: Sequence[SizeResult]) -> list[str]:
    """Return peer timings and aibom's speed-up over each."""
    header = ["peer (aibom counterpart)"] + [f"{fmt_size(r.size)} s (aibom speed-up)" for r in results]
    rows = []
    for op in PEER_OPS:
        row = [f"{op} (`{PEER_COUNTERPART[op]}`)"]
        for r in results:
            peer = r.peers.get(op)
            if peer is None:
                row.append("")
            elif peer.seconds is None:
                row.append(peer.describe())
            else:
                speedup = peer.seconds / r.times[PEER_COUNTERPART[op]]
                prefix = "≥ " if peer.lower_bound else ""
                row.append(f"{peer.describe()} ({prefix}{speedup:,.0f}×)")
        rows.append(row)
    return table(header, rows)


@dataclass
class Target:
    """A performance target and whether it is met."""

    name: str
    value: str
    limit: str
    met: bool | None  # None: not measured


def targets(results: Sequence[SizeResult], suite: SuiteResult | None) -> list[Target]:
    """Evaluate the project's performance targets at the largest and the 10k size."""
    found: list[Target] = []
    big = max(results, key=lambda r: r.size)
    at = fmt_size(big.size)
    t = big.times

    def ratio_target(name: str, value: float, limit: float) -> None:
        found.append(Target(f"{name} at {at}", f"{value:.2f}×", f"≤ {limit:g}×", value <= limit))

    base = big.baselines
    ratio_target("`load` ÷ parse floor", t[LOAD] / base.get(LOAD, t[FLOOR]), 3)
    ratio_target("`dumps` ÷ orjson.dumps", t[DUMPS] / base.get(DUMPS, t[ORJSON_DUMPS]), 3)
    if big.memory:
        ratio_target("peak memory of `load` ÷ peak of orjson.loads(bytes)",
                     big.memory[MEM_AIBOM]["peak"] / big.memory[MEM_ORJSON]["peak"], 1.5)
        ratio_target("peak memory of `load` ÷ parsed dict (retained size)",
                     big.memory[MEM_AIBOM]["peak"] / big.memory[MEM_ORJSON]["retained"], 1.5)
        ratio_target("peak RSS growth of `load` ÷ that of orjson.loads(bytes)",
                     big.memory[MEM_AIBOM]["rss"] / max(big.memory[MEM_ORJSON]["rss"], 1), 1.5)
    ratio_target("`validate`, schema and integrity layers ÷ parse floor",
                 t[VALIDATE_BOTH] / base.get(VALIDATE_BOTH, t[FLOOR]), 2)
    ratio_target("`validate`, every layer (AI rules too) ÷ parse floor",
                 t[VALIDATE_ALL] / base.get(VALIDATE_ALL, t[FLOOR]), 2)
    ten_k = next((r for r in results if r.size == 10_000), None)
    peer = ten_k.peers.get(PEER_CDX_VALIDATE) if ten_k else None
    if ten_k is not None and peer is not None and peer.seconds is not None:
        speedup = peer.seconds / ten_k.times[VALIDATE_SCHEMA]
        value = f"{'≥ ' if peer.lower_bound else ''}{speedup:,.0f}×"
        found.append(Target("schema validation vs cyclonedx JsonStrictValidator at 10k", value, "≥ 100×",
                            speedup >= 100))
    else:
        found.append(Target("schema validation vs cyclonedx JsonStrictValidator at 10k", "not measured",
                            "≥ 100×", None))
    if suite is not None:
        speedup = suite.cdx_seconds / suite.aibom_seconds
        found.append(Target("schema validation vs cyclonedx on the official suite", f"{speedup:,.1f}×", "≥ 20×",
                            speedup >= 20))
    else:
        found.append(Target("schema validation vs cyclonedx on the official suite", "not measured", "≥ 20×", None))
    return found


def render(info: Sequence[tuple[str, str]], results: Sequence[SizeResult], suite: SuiteResult | None,
           args: argparse.Namespace, elapsed: float) -> str:
    """Return the whole report as Markdown."""
    lines = ["## aibom benchmarks", ""]
    lines += [f"- **{label}**: {value}" for label, value in info]
    lines += [(f"- **Run**: `{' '.join(['python', 'benchmarks/run.py', *sys.argv[1:]])}`; spec {args.spec}, "
               f"seed {args.seed}; best of {args.repeat} runs or more (fast operations repeat until they have run "
               f"{MIN_TOTAL_S:g} s; slow ones stop after {args.budget:g} s); "
               f"total {elapsed:.0f} s"), ""]
    lines += [("Reference operations run with the cyclic GC disabled during the call; aibom's run as a user gets "
               "them (aibom pauses the GC itself). aibom operations start from a path, so reading the file is "
               "included; the parse floor starts from the bytes in memory. `load` and `validate` alternate with "
               "the parse floor, and `dumps` with `orjson.dumps`, run for run: their ratios divide by the best "
               "baseline of those runs (this machine's speed drifts over minutes), while the `seconds` column of "
               "the floor row is its own best of the size."), ""]
    for r in results:
        lines += [(f"### {r.size:,} components ({r.file_bytes / 1e6:.1f} MB JSON, "
                   f"{r.file_bytes / r.size:,.0f} B/component)"), ""]
        lines += timing_table(r)
        lines += [""] + [f"- {check}" for check in r.checks] + [""]
    lines += ["### Linearity", ""] + linearity_table(results) + [""]
    if any(r.memory for r in results):
        lines += ["### Peak memory (tracemalloc, each in a fresh subprocess)", ""]
        lines += memory_table([r for r in results if r.memory]) + [""]
        lines += [("`retained` is what the result keeps alive (the parsed dict). `orjson.loads` peaks well above "
                   "it while it parses: its parser reserves working buffers sized from the input, most of which it "
                   "never touches (compare the resident-set growth, measured on a separate run without "
                   "tracemalloc). `aibom.load(path)` maps a large file instead of reading it into a bytes object (the "
                   "`read_bytes()` row shows what that copy costs), and msgspec, its parser, builds the dict "
                   "without reserving more."), ""]
    if args.peers:
        lines += ["### Peers", "",
                  (f"Each peer runs in a subprocess (set-up and a warm-up call untimed) and is killed after "
                  f"{args.peer_timeout:g} s (shown as `> N (timed out)`, speed-ups then are lower bounds); a peer "
                  f"is skipped at a size when it took over {PEER_SKIP_AFTER_S:.0f} s at the previous one, or when "
                  "its time projected from the previous sizes would pass that limit. "
                  "cyclonedx `Bom.from_json` drops modelCard, data and formulation, so its load and output "
                  "handle less content than aibom's. The jsonschema rows include `orjson.loads`."), ""]
        lines += peer_table(results) + [""]
        if suite is not None:
            lines += ["### Official CycloneDX 1.5–1.7 JSON examples", ""]
            lines += table(["validator", "files", "total seconds", "speed-up"], [
                ["cyclonedx `JsonStrictValidator.validate_str` (text preloaded)", str(suite.files),
                 fmt_seconds(suite.cdx_seconds), ""],
                ['`aibom.validate(path, checks="schema")`', str(suite.files), fmt_seconds(suite.aibom_seconds),
                 f"{suite.cdx_seconds / suite.aibom_seconds:,.1f}×"],
            ])
            lines += ["", f"Verdicts agree on {suite.agree} of {suite.files} files."]
            lines += [f"- {d}" for d in suite.disagreements[:20]] + [""]
    lines += ["### Targets", ""]
    lines += table(["target", "measured", "limit", "status"], [
        [t.name, t.value, t.limit, "not measured" if t.met is None else ("met" if t.met else "**MISSED**")]
        for t in targets(results, suite)])
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    """Parse ``1000,10k,1m`` into component counts."""
    sizes = []
    for part in text.split(","):
        part = part.strip().lower()
        scale = {"k": 1_000, "m": 1_000_000}.get(part[-1:], 1)
        sizes.append(int(float(part.rstrip("km")) * scale))
    return sorted(sizes)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Benchmark aibom against the parse floor and its peers.")
    parser.add_argument("--sizes", type=parse_sizes, default=[1_000, 10_000, 100_000],
                        help="component counts, comma-separated (default 1000,10000,100000; 10k works)")
    parser.add_argument("--peers", action="store_true", help="also time cyclonedx-python-lib and jsonschema")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="stop repeating an operation after this many seconds (default 20)")
    parser.add_argument("--peer-timeout", type=float, default=360.0,
                        help="kill a peer measurement after this many seconds (default 360)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc measurements")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--spec", choices=generate.SPECS, default="1.6", help="CycloneDX version (default 1.6)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    return parser.parse_args(argv)


def measure_size(size: int, args: argparse.Namespace) -> SizeResult:
    """Generate (or reuse) the BOM of one size and run every in-process measurement on it."""
    log(f"{size:,} components")
    path = ensure_json(size, args.seed, args.spec)
    raw = path.read_bytes()
    result = SizeResult(size=size, path=path, file_bytes=len(raw))
    log("  references ...")
    measure_references(result, raw, args.repeat, args.budget)
    del raw
    gc.collect()
    log("  aibom ...")
    measure_aibom(result, args.repeat, args.budget)
    check_aibom(result)
    gc.collect()
    if not args.no_memory:
        log("  memory ...")
        measure_memory(result)
    return result


def warm_up() -> None:
    """Import aibom and compile its schemas on a tiny document, outside every measurement."""
    import aibom

    tiny = DATA_DIR / "warm-up.json"
    generate.write_bom(generate.generate_bom(3), tiny)
    aibom.validate(tiny)
    aibom.dumps(aibom.load(tiny), format="xml")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the report."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--probe-memory"]:
        print(json.dumps(probe_memory(argv[1], Path(argv[2]))))
        return 0
    if argv[:1] == ["--probe-peer"]:
        print(json.dumps(probe_peer(argv[1], Path(argv[2]), argv[3], int(argv[4]), float(argv[5]))))
        return 0
    args = parse_args(argv)
    started = time.perf_counter()
    info = machine_info()
    warm_up()
    results = [measure_size(size, args) for size in args.sizes]
    suite = None
    if args.peers:
        measure_peers(results, args.spec, args.repeat, args.budget, args.peer_timeout)
        log("official suite ...")
        suite = measure_suite(args.repeat, args.budget)
    report = render(info, results, suite, args, time.perf_counter() - started)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
