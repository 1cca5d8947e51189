"""Benchmark gdprkit against bare JSON parsers and peer libraries, in one run.

For each size N (activities), one register is generated (benchmarks.generate,
compact JSON, about 1.1 KB per activity) and every contender is timed on the
same bytes: gdprkit's loads, validate, loads + validate, dumps and renderers;
``orjson.loads`` and ``json.loads``; a msgspec and a pydantic v2 model of the
same document (benchmarks.peers); and ablations that show what each speed-up
brings.  Contenders alternate within each round (the order reverses every
round), rounds repeat, and the median is reported, with activities per second
and the ratio to ``orjson.loads``.  Peak memory is measured in a separate pass
with tracemalloc, so that tracing does not distort the timings.

Timings are wall-clock.  The garbage collector is paused during every sample
of every contender alike: a process holding large registers makes each
collection walk them all, which would otherwise weigh on whoever allocates
most, and on the benchmark's own heap rather than the code.  Lines marked
"collector on" show what an application running with the collector sees:
gdprkit pauses it during its own calls, the other libraries do not.

Usage::

    python -m benchmarks.run                      # N = 100, 1,000, 10,000, 100,000
    python -m benchmarks.run --sizes 100,1000     # a quick run
    python -m benchmarks.run --json benchmarks/results/run.json
    python -m benchmarks.run --profile profiles/ --sizes 10000
    python -m benchmarks.run --rules --sizes 1000,10000   # time each rule, flag non-linear ones
    python -m benchmarks.run --only validate --no-memory  # the validate contenders only
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.metadata
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gdprkit
from benchmarks import peers
from benchmarks.generate import generate_bytes
from gdprkit import serialization


AS_OF = dt.date(2026, 1, 1)
"""Validation date, fixed so that runs compare."""

BIG = 100_000
"""From this size on, the slow extras (renderers, ablations, peers' GC-paused
lines) are skipped to keep the whole run within a few minutes."""


@dataclass
class Contender:
    name: str
    run: Callable[..., object]
    group: str
    collector: bool = False
    """Run with the garbage collector enabled (as an application does);
    otherwise it is paused for the sample, for every contender alike."""
    rounds: int | None = None
    """At most this many rounds (for the slowest contenders)."""
    prepare: Callable[[], Any] | None = None
    """When set, each call is ``run(prepare())``, the preparation made before
    the sample and not timed: validation is timed on a register read afresh
    for every call, since an activity keeps the facts it has worked out."""


@dataclass
class Result:
    name: str
    group: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


@contextlib.contextmanager
def collector(enabled: bool) -> Iterator[None]:
    """The garbage collector on or off for the duration, then as it was."""
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


@contextlib.contextmanager
def patched(module: Any, **values: Any) -> Iterator[None]:
    """Set module attributes for the duration (to time gdprkit without an
    accelerator or a speed-up, as the ablation lines do)."""
    old = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(module, name, value)


def _with(module: Any, fn: Callable[..., object], **values: Any) -> Callable[..., object]:
    def run(*args: Any) -> object:
        with patched(module, **values):
            return fn(*args)

    return run


def _renderers() -> tuple[Any, Any, str]:
    notes = []
    render_notice: Any = None
    export_register: Any = None
    try:
        from gdprkit.render import notice

        render_notice = notice.render_notice
    except ImportError as error:
        notes.append(f"notice renderer not importable ({error})")
    try:
        from gdprkit.render import spreadsheet

        export_register = spreadsheet.export_register
    except ImportError as error:
        notes.append(f"spreadsheet export not importable ({error})")
    return render_notice, export_register, "; ".join(notes)


def contenders(n: int, raw: bytes, work: Path) -> tuple[list[Contender], list[str]]:
    """Everything timed at size *n*, on the bytes *raw*."""
    import orjson

    notes: list[str] = []
    register = gdprkit.loads(raw)
    data = orjson.loads(raw)
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    assert orjson.dumps(data, option=option) == gdprkit.dumps(register).encode()
    both = ("gdpr", "cnil") if any(r.profile == "cnil" for r in gdprkit.all_rules()) else ("gdpr",)
    if len(both) == 1:
        notes.append("cnil profile not available: gdpr only")
    label = "+".join(both)
    pydantic = peers.pydantic_model()
    decoder = peers.msgspec_decoder()
    big = n >= BIG

    def loads() -> object:
        return gdprkit.loads(raw)

    def fresh() -> gdprkit.Register:
        return gdprkit.loads(raw)

    def validate(register: gdprkit.Register) -> object:
        return gdprkit.validate(register, as_of=AS_OF)

    out = [
        Contender("orjson.loads", lambda: orjson.loads(raw), "parser"),
        Contender("json.loads", lambda: json.loads(raw), "parser"),
        Contender("msgspec Structs (peer)", lambda: decoder.decode(raw), "peer"),
        Contender("pydantic v2 (peer)", lambda: pydantic.model_validate_json(raw), "peer"),
        Contender("gdprkit.loads", loads, "gdprkit"),
        Contender("gdprkit.validate (gdpr)", validate, "gdprkit", prepare=fresh),
        Contender(
            f"gdprkit.validate ({label})",
            lambda register: gdprkit.validate(register, profiles=both, as_of=AS_OF),
            "gdprkit",
            rounds=1 if big else None,
            prepare=fresh,
        ),
        Contender(
            "loads + validate (gdpr)",
            lambda: gdprkit.validate(gdprkit.loads(raw), as_of=AS_OF),
            "gdprkit",
        ),
        Contender("gdprkit.dumps", lambda: gdprkit.dumps(register), "gdprkit"),
        Contender(
            "orjson.dumps (parsed data, indent 2)",
            lambda: orjson.dumps(data, option=option),
            "parser",
        ),
    ]
    render_notice, export_register, missing = _renderers()
    if missing:
        notes.append(missing)
    if big:
        notes.append(
            f"renderers and ablations are not timed at {n:,} activities (they would take "
            "most of the run); they are linear from 1,000 to 10,000"
        )
    else:
        slow = 3 if n >= 10_000 else None
        if render_notice is not None:
            out.append(
                Contender(
                    "render_notice (markdown)",
                    lambda: render_notice(register),
                    "render",
                    rounds=slow,
                )
            )
        if export_register is not None:
            target = work / f"register-{n}.csv"
            out.append(
                Contender(
                    "export_register (csv)",
                    lambda: export_register(register, target, format="csv"),
                    "render",
                    rounds=slow,
                )
            )
            if n <= 100:
                xlsx = work / f"register-{n}.xlsx"
                out.append(
                    Contender(
                        "export_register (xlsx)",
                        lambda: export_register(register, xlsx, format="xlsx"),
                        "render",
                        rounds=3,
                    )
                )
            else:
                notes.append(
                    "xlsx export timed at 100 activities only: openpyxl takes about 15 ms "
                    "per activity"
                )
        out += _ablations(raw, register)
    # As an application runs: the collector on.  gdprkit pauses it during its
    # calls; the other libraries do not.
    out += [
        Contender("orjson.loads, collector on", lambda: orjson.loads(raw), "collector", True),
        Contender("gdprkit.loads, collector on", loads, "collector", True),
    ]
    if not big:
        s = serialization
        out += [
            Contender(
                "msgspec Structs (peer), collector on",
                lambda: decoder.decode(raw),
                "collector",
                True,
            ),
            Contender(
                "gdprkit.validate (gdpr), collector on",
                validate,
                "collector",
                True,
                prepare=fresh,
            ),
            Contender(
                "pydantic v2 (peer), collector on",
                lambda: pydantic.model_validate_json(raw),
                "collector",
                True,
            ),
            Contender(
                "ablation: gdprkit.loads, collector on, not paused",
                _with(s, loads, _PAUSE_GC=False),
                "collector",
                True,
            ),
        ]
    return out, notes


def _ablations(raw: bytes, register: gdprkit.Register) -> list[Contender]:
    """The same calls with one speed-up removed, and the implementation before
    this work (json + cattrs), to show what each brings."""
    from gdprkit.serialization._converter import make_converter

    cattrs = make_converter(detailed=False)
    structure = cattrs.get_structure_hook(gdprkit.Register)
    unstructure = cattrs.get_unstructure_hook(gdprkit.Register)

    def before_loads() -> object:
        body = json.loads(raw)
        body.pop("schema_version")
        return structure(body, gdprkit.Register)

    def before_dumps() -> str:
        data = {"schema_version": gdprkit.SCHEMA_VERSION, **unstructure(register)}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def loads() -> object:
        return gdprkit.loads(raw)

    def dumps() -> object:
        return gdprkit.dumps(register)

    s = serialization
    return [
        Contender("before: json.loads + cattrs", before_loads, "ablation"),
        Contender(
            "ablation: loads, stdlib json only",
            _with(s, loads, _MSGSPEC_LOAD=None, _orjson=None),
            "ablation",
        ),
        Contender(
            "ablation: loads, orjson (no msgspec)", _with(s, loads, _MSGSPEC_LOAD=None), "ablation"
        ),
        Contender("before: cattrs + json.dumps", before_dumps, "ablation"),
        Contender("ablation: dumps, stdlib json only", _with(s, dumps, _orjson=None), "ablation"),
        Contender(
            "ablation: dumps, orjson without the batched writer",
            _with(s, dumps, _WRITE=None),
            "ablation",
        ),
    ]


def _call(c: Contender) -> Callable[[], object]:
    """One call of *c*, its preparation (if any) already made."""
    if c.prepare is None:
        return c.run
    run, argument = c.run, c.prepare()
    return lambda: run(argument)


def measure(
    items: list[Contender], rounds: int, min_time: float, *, calibrate: bool = True
) -> list[Result]:
    """Time each contender *rounds* times, alternating them (the order reverses
    every round).  With *calibrate*, each contender first runs once (a warm-up)
    to find how many calls make a sample last *min_time*; without, a sample is
    one call (for large registers, where every call lasts long enough)."""
    loops = dict.fromkeys((c.name for c in items), 1)
    for c in items if calibrate else ():
        gc.collect()
        call = _call(c)
        with collector(c.collector):
            start = time.perf_counter()
            warm = call()
            elapsed = time.perf_counter() - start
        del warm, call
        loops[c.name] = max(1, math.ceil(min_time / max(elapsed, 1e-6)))
    results = {c.name: Result(c.name, c.group) for c in items}
    for r in range(rounds):
        order = items if r % 2 == 0 else items[::-1]
        for c in order:
            if c.rounds is not None and r >= c.rounds:
                continue
            k = loops[c.name]
            calls = [_call(c) for _ in range(k)]
            gc.collect()
            kept: list[object] = []
            with collector(c.collector):
                wall, cpu = time.perf_counter(), time.process_time()
                for call in calls:
                    kept.append(call())
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            del kept, calls  # freed outside the timed region
            results[c.name].wall.append(wall / k)
            results[c.name].cpu.append(cpu / k)
    return list(results.values())


def memory(raw: bytes, *, peers_too: bool = True) -> dict[str, tuple[float, float]]:
    """``(retained, peak)`` bytes traced while each reader builds its result
    from *raw* (already in memory, not counted)."""
    import orjson

    readers: dict[str, Callable[[], object]] = {
        "orjson.loads (parsed dicts)": lambda: orjson.loads(raw),
        "gdprkit.loads (register)": lambda: gdprkit.loads(raw),
    }
    if peers_too:
        pydantic = peers.pydantic_model()
        decoder = peers.msgspec_decoder()
        readers["json.loads (parsed dicts)"] = lambda: json.loads(raw)
        readers["msgspec Structs (peer)"] = lambda: decoder.decode(raw)
        readers["pydantic v2 (peer)"] = lambda: pydantic.model_validate_json(raw)
    out = {}
    for name, read in readers.items():
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        kept = read()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        out[name] = (float(current - base), float(peak - base))
    return out


def profile(raw: bytes, directory: Path) -> list[Path]:
    """pyinstrument profiles of loads, validate and dumps (HTML and text)."""
    from pyinstrument import Profiler

    register = gdprkit.loads(raw)
    calls: dict[str, Callable[[], object]] = {
        "loads": lambda: gdprkit.loads(raw),
        "validate": lambda: gdprkit.validate(register, profiles=("gdpr", "cnil"), as_of=AS_OF),
        "dumps": lambda: gdprkit.dumps(register),
    }
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, call in calls.items():
        profiler = Profiler(interval=0.0005)
        with profiler:
            call()
        html = directory / f"{name}.html"
        html.write_text(profiler.output_html(), encoding="utf-8")
        text = directory / f"{name}.txt"
        text.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
        written += [html, text]
    return written


def rule_times(raw: bytes) -> dict[str, float]:
    """Seconds taken by validating with each rule alone (the walk included),
    on a register of its own."""
    out = {}
    with collector(False):
        for found in gdprkit.all_rules():
            # A register read afresh for each rule: each pays for the facts
            # about an activity it works out (an activity keeps them).
            register = gdprkit.loads(raw)
            start = time.process_time()
            gdprkit.validate(register, profiles=found.profile, select=found.code, as_of=AS_OF)
            out[found.code] = time.process_time() - start
    return out


# --- Report ----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}"


def table(n: int, size: int, results: list[Result]) -> str:
    base = next(r for r in results if r.name == "orjson.loads").median
    lines = [
        f"#### {n:,} activities ({size / 1e6:.1f} MB)",
        "",
        "| contender | median ms | activities/s | × orjson.loads | CPU ms | samples |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {_ms(r.median)} | {_rate(n, r.median)} | {r.median / base:.2f} "
            f"| {_ms(r.cpu_median)} | {len(r.wall)} |"
        )
    return "\n".join(lines)


def summary(runs: dict[int, list[Result]]) -> str:
    """Each contender's median and ratio at each N, side by side."""
    sizes = sorted(runs)
    names: list[str] = []
    for n in sizes:
        names += [r.name for r in runs[n] if r.name not in names]
    head = "| contender | " + " | ".join(f"{n:,}: ms (× orjson)" for n in sizes) + " |"
    lines = [head, "|---|" + "---:|" * len(sizes)]
    for name in names:
        cells = []
        for n in sizes:
            by = {r.name: r for r in runs[n]}
            if name not in by:
                cells.append("—")
                continue
            base = by["orjson.loads"].median
            cells.append(f"{_ms(by[name].median)} ({by[name].median / base:.2f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def memory_table(mem: dict[int, dict[str, tuple[float, float]]]) -> str:
    lines = [
        "| reader | " + " | ".join(f"{n:,}: retained / peak MB" for n in sorted(mem)) + " |",
        "|---|" + "---:|" * len(mem),
    ]
    names: list[str] = []
    for by in mem.values():
        names += [name for name in by if name not in names]
    for name in names:
        cells = []
        for n in sorted(mem):
            if name not in mem[n]:
                cells.append("—")
                continue
            retained, peak = mem[n][name]
            cells.append(f"{retained / 2**20:,.1f} / {peak / 2**20:,.1f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(
    runs: dict[int, list[Result]], mem: dict[int, dict[str, tuple[float, float]]]
) -> tuple[str, list[dict[str, Any]]]:
    """The targets of the performance issue, PASS or FAIL, with the numbers."""
    checks: list[dict[str, Any]] = []

    def get(n: int, name: str) -> float | None:
        for r in runs.get(n, []):
            if r.name == name:
                return r.median
        return None

    def check(label: str, value: float | None, limit: float, detail: str) -> None:
        if value is None:
            checks.append(
                {
                    "target": label,
                    "value": None,
                    "limit": limit,
                    "status": "NOT MEASURED",
                    "detail": detail,
                }
            )
        else:
            status = "PASS" if value <= limit else "FAIL"
            checks.append(
                {
                    "target": label,
                    "value": value,
                    "limit": limit,
                    "status": status,
                    "detail": detail,
                }
            )

    n = 10_000
    lv, orj = get(n, "loads + validate (gdpr)"), get(n, "orjson.loads")
    check(
        "loads + validate (gdpr), 10,000 activities ≤ 2 × orjson.loads",
        None if lv is None or orj is None else lv / orj,
        2.0,
        "collector paused for both",
    )
    lv_on, orj_on = (
        get(n, "gdprkit.loads, collector on"),
        get(n, "orjson.loads, collector on"),
    )
    alone = get(n, "gdprkit.loads")
    check(
        "gdprkit.loads alone, 10,000 activities ≤ 2 × orjson.loads (for information)",
        None if alone is None or orj is None else alone / orj,
        2.0,
        "collector paused for both",
    )
    check(
        "gdprkit.loads alone ≤ 2 × orjson.loads, both with the collector on (for information)",
        None if lv_on is None or orj_on is None else lv_on / orj_on,
        2.0,
        "gdprkit pauses the collector during its calls, orjson does not",
    )
    d, od = get(n, "gdprkit.dumps"), get(n, "orjson.dumps (parsed data, indent 2)")
    check(
        "dumps, 10,000 activities ≤ 2 × orjson.dumps of the parsed data",
        None if d is None or od is None else d / od,
        2.0,
        "same output bytes; collector paused for both",
    )
    for name in (
        "loads + validate (gdpr)",
        "gdprkit.loads",
        "gdprkit.validate (gdpr)",
        "gdprkit.dumps",
        "gdprkit.loads, collector on",
    ):
        small, large = get(10_000, name), get(BIG, name)
        check(
            f"{name}: time per activity at 100,000 ≤ 1.2 × at 10,000",
            None if small is None or large is None else (large / BIG) / (small / 10_000),
            1.2,
            "linear scaling",
        )
    for size in sorted(mem):
        register = mem[size]["gdprkit.loads (register)"]
        dicts = mem[size]["orjson.loads (parsed dicts)"]
        check(
            f"peak memory while gdprkit.loads reads ≤ 2 × the parsed dicts ({size:,})",
            register[1] / dicts[0],
            2.0,
            "tracemalloc: peak while reading / memory the dicts occupy once parsed",
        )
        check(
            f"memory kept by the register ≤ 2 × the parsed dicts ({size:,})",
            register[0] / dicts[0],
            2.0,
            "tracemalloc: what stays allocated once read",
        )
    lines = ["| target | measured | limit | result |", "|---|---:|---:|---|"]
    for c in checks:
        value = "—" if c["value"] is None else f"{c['value']:.2f}"
        lines.append(f"| {c['target']} | {value} | {c['limit']:.1f} | {c['status']} |")
    return "\n".join(lines), checks


def environment() -> dict[str, str]:
    versions = {}
    for dist in ("gdprkit", "orjson", "msgspec", "pydantic", "attrs", "cattrs"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "system": f"{platform.system()} {platform.release()}",
        "cpus": str(os.cpu_count()),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        **versions,
    }


def _rounds(n: int) -> int:
    return 9 if n <= 100 else 7 if n <= 1_000 else 5 if n <= 10_000 else 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000", help="comma-separated Ns")
    parser.add_argument(
        "--rounds",
        type=int,
        help="rounds per size (default: 9, 7, 5, 3 for 100, 1,000, 10,000, more)",
    )
    parser.add_argument("--min-time", type=float, default=0.1, help="seconds per sample at least")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory pass")
    parser.add_argument(
        "--profile", type=Path, help="write pyinstrument profiles (largest N ≤ 10,000) here"
    )
    parser.add_argument("--rules", action="store_true", help="time each rule at each size")
    parser.add_argument(
        "--only",
        help="time only the contenders whose name contains this text (orjson.loads always)",
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="only time each rule at each size"
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    if args.rules_only:
        timings = {n: rule_times(generate_bytes(n, seed=args.seed)) for n in sizes}
        print(_rules_table(timings))
        return 0

    started = time.perf_counter()
    env = environment()
    print("## gdprkit benchmark\n")
    print(
        f"Command: `python -m benchmarks.run {' '.join(argv if argv is not None else sys.argv[1:])}`".rstrip()
        + "\n"
    )
    print(", ".join(f"{k} {v}" for k, v in env.items()) + "\n")

    runs: dict[int, list[Result]] = {}
    mem: dict[int, dict[str, tuple[float, float]]] = {}
    sizes_bytes: dict[int, int] = {}
    all_notes: dict[int, list[str]] = {}
    rules: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            raw = generate_bytes(n, seed=args.seed)
            sizes_bytes[n] = len(raw)
            items, notes = contenders(n, raw, Path(tmp))
            if args.only:
                items = [c for c in items if args.only in c.name or c.name == "orjson.loads"]
            all_notes[n] = notes
            runs[n] = measure(items, args.rounds or _rounds(n), args.min_time, calibrate=n < 10_000)
            print(table(n, len(raw), runs[n]))
            for note in notes:
                print(f"\n_Note: {note}._")
            print(flush=True)
            if not args.no_memory:
                mem[n] = memory(raw, peers_too=n < BIG)
            if args.rules:
                rules[n] = rule_times(raw)
            if args.profile is not None and n == max(s for s in sizes if s <= 10_000):
                for path in profile(raw, args.profile):
                    print(f"profile written: {path}")
            del raw, items

    print("### All sizes: median ms (ratio to orjson.loads)\n")
    print(summary(runs) + "\n")
    if mem:
        print("### Memory (tracemalloc, separate pass)\n")
        print(memory_table(mem) + "\n")
    text, checks = targets(runs, mem)
    print("### Targets\n")
    print(text + "\n")
    if rules:
        print("### Rules: ms per rule, and growth of the time per activity\n")
        print(_rules_table(rules) + "\n")
    elapsed = time.perf_counter() - started
    print(f"Total run time: {elapsed / 60:.1f} min")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "environment": env,
            "sizes": {str(n): sizes_bytes[n] for n in sizes},
            "results": {
                str(n): [
                    {
                        "name": r.name,
                        "group": r.group,
                        "median_s": r.median,
                        "cpu_median_s": r.cpu_median,
                        "samples_s": r.wall,
                        "ratio_to_orjson_loads": r.median
                        / next(x for x in runs[n] if x.name == "orjson.loads").median,
                    }
                    for r in runs[n]
                ]
                for n in sizes
            },
            "notes": {str(n): all_notes[n] for n in sizes},
            "memory_bytes": {
                str(n): {k: {"retained": v[0], "peak": v[1]} for k, v in mem[n].items()}
                for n in mem
            },
            "targets": checks,
            "rules_s": {str(n): rules[n] for n in rules},
            "run_time_s": elapsed,
        }
        args.json.write_text(
            json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"results written: {args.json}")
    return 0


def _rules_table(rules: dict[int, dict[str, float]]) -> str:
    """Each rule's time at each size, and the ratio of its time per activity
    at the two largest sizes (as the linearity target compares them); a rule
    taking under a millisecond at the smaller has no ratio (too noisy)."""
    sizes = sorted(rules)
    lines = [
        "| rule | " + " | ".join(f"{n:,}: ms" for n in sizes) + " | growth per activity |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    first, last = (sizes[-2], sizes[-1]) if len(sizes) > 1 else (sizes[0], sizes[0])
    order = sorted(rules[last], key=lambda code: -rules[last][code])
    for code in order:
        cells = [f"{rules[n][code] * 1000:,.1f}" for n in sizes]
        growth = "—"
        if first != last and rules[first][code] > 0.001:
            growth = f"{(rules[last][code] / last) / (rules[first][code] / first):.2f}"
        lines.append(f"| {code} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
