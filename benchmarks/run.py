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

    python -m benchmarks.run                      # N = 1,000, 10,000, 100,000
    python -m benchmarks.run --sizes 100,1000     # a quick run
    python -m benchmarks.run --json benchmarks/results/run.json
    python -m benchmarks.run --profile profiles/ --sizes 10000
    python -m benchmarks.run --rules --sizes 1000,10000   # time each rule, flag non-linear ones
    python -m benchmarks.run --only validate --no-memory  # the validate contenders only
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import datetime as dt
import gc
import importlib.metadata
import io
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
"""From this size on, the peers are skipped to keep the whole run within
half an hour."""

BOTH = ("gdpr", "cnil")
"""The profiles validated: the whole French rule set."""

OUTPUTS = 10_000
"""The outputs (notice, report, exports) are timed up to this size."""

GROWTH = {"xlsx": (1_000, OUTPUTS), "ods": (1_000, OUTPUTS)}
"""The sizes at which the growth of the xlsx and ods exports is measured,
each export of the two sizes timed in turn in a pass of its own (the exports
through openpyxl and odfpy were measured at a tenth of these: minutes per
export at 10,000)."""

OUTPUT_NAMES = (
    "notice (markdown)",
    "notice (html)",
    "report (html)",
    "report (markdown)",
    "export (csv)",
)
"""The outputs whose growth is measured from 1,000 to :data:`OUTPUTS`
activities (the xlsx and ods exports' at :data:`GROWTH`)."""

LOCATE = 2_000
"""The size of the register the command line checks for the locating target."""

BASELINE = ("-c", "import attrs, cattrs, dateutil")
"""The start-up baseline: Python importing gdprkit's three dependencies."""


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
    full: list[float] = field(default_factory=list)
    """Full collections of the garbage collector per call, in each sample
    (collector-on lines only)."""

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


def contenders(
    n: int, raw: bytes, work: Path, *, ablate: bool = False
) -> tuple[list[Contender], list[str]]:
    """Everything timed at size *n*, on the bytes *raw*; with *ablate*, each
    speed-up against what it replaced too."""
    import orjson

    from gdprkit.render.notice import render_notice
    from gdprkit.render.report import render_report
    from gdprkit.render.spreadsheet import export_register

    notes: list[str] = []
    register = gdprkit.loads(raw)
    data = orjson.loads(raw)
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    assert orjson.dumps(data, option=option) == gdprkit.dumps(register).encode()
    big = n >= BIG

    def loads() -> object:
        return gdprkit.loads(raw)

    def fresh() -> gdprkit.Register:
        return gdprkit.loads(raw)

    def validate(register: gdprkit.Register) -> object:
        return gdprkit.validate(register, profiles=BOTH, as_of=AS_OF)

    def loads_validate() -> object:
        # The register is returned with its findings, so that it is freed
        # outside the timed region, as every other line's result is.
        register = gdprkit.loads(raw)
        return register, gdprkit.validate(register, profiles=BOTH, as_of=AS_OF)

    out = [
        Contender("orjson.loads", lambda: orjson.loads(raw), "parser"),
        Contender("gdprkit.loads", loads, "gdprkit"),
        Contender("gdprkit.validate (gdpr+cnil)", validate, "gdprkit", prepare=fresh),
        Contender("loads + validate (gdpr+cnil)", loads_validate, "gdprkit"),
        Contender("gdprkit.dumps", lambda: gdprkit.dumps(register), "gdprkit"),
        Contender(
            "orjson.dumps (parsed data, indent 2)",
            lambda: orjson.dumps(data, option=option),
            "parser",
        ),
        # As an application runs: the collector on, for every library alike.
        Contender("orjson.loads, collector on", lambda: orjson.loads(raw), "collector", True),
        Contender("loads + validate (gdpr+cnil), collector on", loads_validate, "collector", True),
    ]
    if not big:
        decoder = peers.msgspec_decoder()
        pydantic = peers.pydantic_model()
        out += [
            Contender("msgspec Structs (peer)", lambda: decoder.decode(raw), "peer"),
            Contender("pydantic v2 (peer)", lambda: pydantic.model_validate_json(raw), "peer"),
        ]
    if n <= OUTPUTS:
        # Every output as users run them: the collector on.
        slow = 3 if n >= 10_000 else None
        report = gdprkit.validate(register, profiles=BOTH, as_of=AS_OF)
        for name, call in {
            "notice (markdown)": lambda: render_notice(register, format="markdown"),
            "notice (html)": lambda: render_notice(register, format="html"),
            "report (html)": lambda: render_report(register, report, format="html"),
            "report (markdown)": lambda: render_report(register, report, format="markdown"),
        }.items():
            out.append(Contender(name, call, "output", True, rounds=slow))
        for format_ in ("csv", "xlsx", "ods"):
            target = work / f"register-{n}.{format_}"
            out.append(
                Contender(
                    f"export ({format_})",
                    _export(export_register, register, target, format_),
                    "output",
                    True,
                    rounds=slow,
                )
            )
    if ablate:
        out += _ablations(raw, register, work)
    return out, notes


def _export(export: Any, register: gdprkit.Register, target: Path, format_: str) -> Any:
    def run() -> object:
        return export(register, target, format=format_)

    return run


def _ablations(raw: bytes, register: gdprkit.Register, work: Path) -> list[Contender]:
    """Each speed-up against what it replaced (:mod:`benchmarks.before`), and
    the implementation before any (json + cattrs), in the same run."""
    from benchmarks import before
    from gdprkit._fields import field_types
    from gdprkit.model import Register
    from gdprkit.model.extensions import walk_extensions
    from gdprkit.render import findings, spreadsheet
    from gdprkit.render.spreadsheet import export, export_register
    from gdprkit.render.spreadsheet.csv import _csv_cell, _write_csv
    from gdprkit.render.spreadsheet.export import _layout
    from gdprkit.render.spreadsheet.ods import _write_ods
    from gdprkit.render.spreadsheet.xlsx import _write_xlsx
    from gdprkit.rules import _engine
    from gdprkit.rules.findings import format_path, location_key
    from gdprkit.serialization import _fast
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

    text = gdprkit.dumps(register)
    found = gdprkit.validate(register, profiles=BOTH).findings
    locations = sorted({where for f in found for where in f.places}, key=location_key)
    paths = [format_path(where) for where in locations]  # the same places, as text
    sheets, _ = _layout(register)
    # The csv export's rows as written (sheet name first, the first row alone
    # padded to the widest): their writing alone is the floor of an export in
    # this form; the same for the form before, every row padded.
    width = 1 + max(len(r) for sheet in sheets for r in sheet.rows)
    final = [
        [_csv_cell(sheet.name), *map(_csv_cell, row)] for sheet in sheets for row in sheet.rows
    ]
    final[0] += [""] * (width - len(final[0]))
    padded = [row + [""] * (width - len(row)) for row in final]

    def csv_floor(rows: list[list[str]]) -> Callable[[], bytes]:
        def run() -> bytes:
            text = io.StringIO()
            csv.writer(text, lineterminator="\r\n").writerows(rows)
            return codecs.BOM_UTF8 + text.getvalue().encode("utf-8")

        return run

    csv_path = work / "ablation.csv"

    def hints(resolve: Callable[[type], object]) -> Callable[[], object]:
        def run() -> object:
            return [resolve(cls) for cls in _fast._classes(Register)]

        return run

    def fresh() -> gdprkit.Register:
        return gdprkit.loads(raw)

    def validate(register: gdprkit.Register) -> object:
        return gdprkit.validate(register, profiles=BOTH, as_of=AS_OF)

    def keyed(found: list[Any]) -> None:
        found.sort(key=lambda item: (_engine.location_key(item[0]), item[1], item[2]))

    s = serialization
    return [
        Contender(
            "ablation: validate (gdpr+cnil), findings sorted by location_key",
            _with(_engine, validate, _sort=keyed),
            "ablation",
            prepare=fresh,
        ),
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
            "ablation: dumps, orjson without the generated writer",
            _with(s, dumps, _WRITE=None),
            "ablation",
        ),
        # What the command line writes (fmt, imports): the UTF-8 bytes, not
        # decoded into a str and encoded again.
        Contender("dumps as UTF-8 (command line)", lambda: s._dump_bytes(register), "ablation"),
        Contender(
            "before: dumps as UTF-8, decoded and encoded again",
            lambda: gdprkit.dumps(register).encode("utf-8"),
            "ablation",
        ),
        Contender(
            "locate findings (gdpr+cnil)", lambda: findings.locate(text, locations), "ablation"
        ),
        Contender(
            "before: locate findings with a regex tokenizer",
            lambda: before.locate(text, paths),
            "ablation",
        ),
        Contender(
            "field types of the model, evaluated (start-up)",
            hints(field_types.__wrapped__),
            "ablation",
        ),
        Contender(
            "before: field types by typing.get_type_hints",
            hints(before.hints),
            "ablation",
        ),
        Contender("csv writer", lambda: _write_csv(sheets), "ablation", True, rounds=3),
        Contender(
            "before: csv writer, padding lists, second pass counting",
            lambda: before.write_csv(sheets, csv_path),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: csv writer, each row through the utf-8-sig codec",
            lambda: before.stream_csv(sheets, io.BytesIO()),
            "ablation",
            True,
            rounds=3,
        ),
        Contender("sheets laid out", lambda: _layout(register), "ablation", True, rounds=3),
        Contender(
            "floor: csv.writer over the csv export's final rows",
            csv_floor(final),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "floor before: csv.writer over the final rows, every row padded",
            csv_floor(padded),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: csv writer, every row padded, each cell converted",
            lambda: before.stream_csv_padded(sheets, io.BytesIO()),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: sheets laid out, each cell's kind looked up per cell, extensions walked",
            _with(export, lambda: _layout(register), _Export=before.PerCell),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: csv export, every row padded, each cell converted and its kind looked up",
            _with(
                spreadsheet,
                _with(
                    export,
                    lambda: export_register(register, csv_path, format="csv"),
                    _Export=before.PerCell,
                ),
                _stream_csv=before.stream_csv_padded,
            ),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: sheets laid out, headers and labels made for each table and cell",
            _with(export, lambda: _layout(register), _Export=before.Export),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: csv export, as it was before the two lines above",
            _with(
                spreadsheet,
                _with(
                    export,
                    lambda: export_register(register, csv_path, format="csv"),
                    _Export=before.Export,
                ),
                _stream_csv=before.stream_csv,
            ),
            "ablation",
            True,
            rounds=3,
        ),
        Contender("walk extension fields", lambda: list(walk_extensions(register)), "ablation"),
        Contender(
            "before: walk extension fields, a path for every element",
            lambda: list(before.walk_extensions(register)),
            "ablation",
        ),
        Contender(
            "csv export, streamed",
            lambda: export_register(register, csv_path, format="csv"),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "before: csv export, built whole then written",
            lambda: before.export_csv(register, csv_path),
            "ablation",
            True,
            rounds=3,
        ),
        Contender(
            "xlsx writer",
            lambda: _write_xlsx(sheets, [], io.BytesIO()),
            "ablation",
            True,
            rounds=2,
        ),
        Contender(
            "before: xlsx writer, openpyxl in write-only mode",
            lambda: before.write_xlsx_openpyxl(sheets, [], io.BytesIO()),
            "ablation",
            True,
            rounds=2,
        ),
        Contender(
            "ods writer", lambda: _write_ods(sheets, io.BytesIO()), "ablation", True, rounds=2
        ),
        # odfpy takes tens of milliseconds per activity: one call, no warm-up.
        Contender(
            "before: ods writer, odfpy's whole document",
            lambda: before.write_ods_odfpy(sheets),
            "ablation",
            True,
            rounds=1,
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
        if c.rounds == 1:
            continue  # one sample of a slow contender: no warm-up either
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
            full = gc.get_stats()[-1]["collections"]
            with collector(c.collector):
                wall, cpu = time.perf_counter(), time.process_time()
                for call in calls:
                    kept.append(call())
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            full = gc.get_stats()[-1]["collections"] - full
            del kept, calls  # freed outside the timed region
            results[c.name].wall.append(wall / k)
            results[c.name].cpu.append(cpu / k)
            if c.collector:
                results[c.name].full.append(full / k)
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


def export_memory(
    raw: bytes, work: Path, formats: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    """``(register, peak)`` bytes: what the register read from *raw* occupies,
    and the peak traced while each export writes it (outputs are files)."""
    from gdprkit.render.spreadsheet import export_register

    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    register = gdprkit.loads(raw)
    held = float(tracemalloc.get_traced_memory()[0] - base)
    tracemalloc.stop()
    out = {}
    for format_ in formats:
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        export_register(register, work / f"memory.{format_}", format=format_)
        peak = float(tracemalloc.get_traced_memory()[1] - base)
        tracemalloc.stop()
        out[f"export ({format_})"] = (held, peak)
    return out


def export_growth(rounds: int, seed: int, work: Path) -> dict[str, tuple[int, int, float, float]]:
    """``(small, large, cpu at small, cpu at large)`` of the xlsx and ods
    exports at the two sizes of :data:`GROWTH`, timed in turn, collector on."""
    from gdprkit.render.spreadsheet import export_register

    out = {}
    for format_, (small, large) in GROWTH.items():
        items = [
            Contender(
                f"export ({format_}) at {n:,}",
                _export(
                    export_register,
                    gdprkit.loads(generate_bytes(n, seed=seed)),
                    work / f"growth-{n}.{format_}",
                    format_,
                ),
                "output",
                True,
            )
            for n in (small, large)
        ]
        a, b = measure(items, rounds, 0.0, calibrate=False)
        out[format_] = (small, large, a.cpu_median, b.cpu_median)
    return out


def startup(runs: int) -> dict[str, list[tuple[float, float]]]:
    """``(cpu, wall)`` seconds of whole processes, in turn (baseline, validate,
    help, baseline, …): ``gdprkit validate`` on a bundled example register,
    ``gdprkit --help``, and the baseline.  Bytecode is written and used, as an
    installed package's is; the first round warms up and is not counted."""
    example = Path(gdprkit.__file__).parents[2] / "examples" / "registers" / "cooper.json"
    commands = {
        "baseline": [sys.executable, *BASELINE],
        "validate": [
            sys.executable,
            "-m",
            "gdprkit",
            "validate",
            "--profile",
            "gdpr",
            "--profile",
            "cnil",
            str(example),
        ],
        "help": [sys.executable, "-m", "gdprkit", "--help"],
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    # From an empty directory, as in a project without a configuration: run
    # from this checkout, gdprkit would parse the checkout's own pyproject.toml
    # (it names gdprkit) looking for a [tool.gdprkit] table.
    with tempfile.TemporaryDirectory() as empty, contextlib.chdir(empty):
        for round_ in range(runs + 1):
            for name, command in commands.items():
                wall = time.perf_counter()
                pid = os.posix_spawn(command[0], command, env, file_actions=_QUIET)
                _, _, usage = os.wait4(pid, 0)
                wall = time.perf_counter() - wall
                if round_:
                    times[name].append((usage.ru_utime + usage.ru_stime, wall))
    return times


_QUIET = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]


def locating(runs: int) -> list[tuple[float, float]]:
    """``(locating, whole run)`` seconds of processor time of ``gdprkit
    validate`` (gdpr + cnil) on a register of 2,000 activities as gdprkit
    writes it, run in-process (without the interpreter's start-up, which
    would only lower the share)."""
    import io

    from gdprkit import checking, cli

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.json"
        path.write_text(gdprkit.dumps(gdprkit.loads(generate_bytes(LOCATE))), encoding="utf-8")
        argv = ["validate", "--profile", "gdpr", "--profile", "cnil", str(path)]
        spent = [0.0]
        positions = checking.positions

        def timed(text: str, paths: Any) -> Any:
            start = time.process_time()
            try:
                return positions(text, paths)
            finally:
                spent[0] += time.process_time() - start

        out = []
        # replaced where the command line calls it
        with patched(checking, positions=timed), collector(True):
            for round_ in range(runs + 1):
                spent[0] = 0.0
                start = time.process_time()
                cli.run(argv, stdout=io.StringIO(), stderr=io.StringIO())
                whole = time.process_time() - start
                if round_:
                    out.append((spent[0], whole))
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
        "| contender | median ms | activities/s | × orjson.loads | CPU ms | samples | spread |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {_ms(r.median)} | {_rate(n, r.median)} | {r.median / base:.2f} "
            f"| {_ms(r.cpu_median)} | {len(r.wall)} | {_spread(r)} |"
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


def _per_pair(times: dict[str, list[tuple[float, float]]], a: str, b: str) -> list[float]:
    """The CPU-time ratio a/b of the processes run in turn, pair by pair."""
    return sorted(x[0] / y[0] for x, y in zip(times[a], times[b], strict=True))


def targets(
    runs: dict[int, list[Result]],
    exports: dict[int, dict[str, tuple[float, float]]],
    starts: dict[str, list[tuple[float, float]]],
    located: list[tuple[float, float]],
    growth: dict[str, tuple[int, int, float, float]] | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """The targets of the performance issue, PASS or FAIL, with the ratios."""
    checks: list[dict[str, Any]] = []

    def get(n: int, name: str) -> float | None:
        """The median CPU time: the machine is shared, and the time spent
        waiting for a processor is not the code's."""
        for r in runs.get(n, []):
            if r.name == name:
                return r.cpu_median
        return None

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a / b

    def check(label: str, value: float | None, limit: float, detail: str) -> None:
        status = "NOT MEASURED" if value is None else "PASS" if value <= limit else "FAIL"
        checks.append(
            {"target": label, "value": value, "limit": limit, "status": status, "detail": detail}
        )

    for name, limit in (("validate", 2.0), ("help", 1.5)):
        command = (
            "gdprkit validate --profile gdpr --profile cnil (cooper.json)"
            if name == "validate"
            else "gdprkit --help"
        )
        label = f"{command}, whole process ≤ {limit} × python -c 'import attrs, cattrs, dateutil'"
        if not starts:
            check(label, None, limit, "CPU time of whole processes, in turn")
            continue
        pairs = _per_pair(starts, name, "baseline")
        wall = sorted(x[1] / y[1] for x, y in zip(starts[name], starts["baseline"], strict=True))
        check(
            label,
            statistics.median(pairs),
            limit,
            f"CPU time, median of {len(pairs)} pairs (min {pairs[0]:.2f}, max {pairs[-1]:.2f}); "
            f"wall {statistics.median(wall):.2f}",
        )
    label = f"locating findings ≤ 0.15 of gdprkit validate at {LOCATE:,} activities"
    if not located:
        check(label, None, 0.15, "share of the in-process run")
    else:
        shares = sorted(spent / whole for spent, whole in located)
        check(
            label,
            statistics.median(shares),
            0.15,
            f"share of the in-process run, median of {len(shares)} "
            f"(min {shares[0]:.2f}, max {shares[-1]:.2f})",
        )
    n = 10_000
    for suffix, on in (("", "collector off"), (", collector on", "collector on for both")):
        check(
            f"loads + validate (gdpr+cnil), {n:,} activities ≤ 5 × orjson.loads, {on}",
            ratio(
                get(n, f"loads + validate (gdpr+cnil){suffix}"),
                get(n, "orjson.loads" + suffix),
            ),
            5.0,
            "CPU-time medians in the same run",
        )
    for suffix in ("", ", collector on"):
        name = f"loads + validate (gdpr+cnil){suffix}"
        small, large = get(n, name), get(BIG, name)
        check(
            f"{name}: time per activity at {BIG:,} ≤ 1.1 × at {n:,}",
            None if small is None or large is None else (large / BIG) / (small / n),
            1.1,
            "linear growth",
        )
    for name in OUTPUT_NAMES:
        small, large = get(1_000, name), get(OUTPUTS, name)
        check(
            f"{name}: time per activity at {OUTPUTS:,} ≤ 1.1 × at 1,000, collector on",
            None if small is None or large is None else (large / OUTPUTS) / (small / 1_000),
            1.1,
            "linear growth",
        )
    for format_, (small_n, large_n) in GROWTH.items():
        measured = (growth or {}).get(format_)
        check(
            f"export ({format_}): time per activity at {large_n:,} ≤ 1.1 × at {small_n:,}, "
            "collector on",
            None if measured is None else (measured[3] / large_n) / (measured[2] / small_n),
            1.1,
            "linear growth, both sizes timed in turn in a pass of their own"
            + (
                ""
                if measured is None
                else f" ({measured[2]:,.1f} s and {measured[3]:,.1f} s of CPU)"
            ),
        )
    at = max((s for s in runs if s <= OUTPUTS), default=OUTPUTS)
    check(
        f"export (csv), {at:,} activities ≤ 5 × gdprkit.dumps",
        ratio(get(at, "export (csv)"), get(at, "gdprkit.dumps")),
        5.0,
        "csv with the collector on, dumps with it off",
    )
    check(
        "export (xlsx), 1,000 activities ≤ 5 × export (csv)",
        ratio(get(1_000, "export (xlsx)"), get(1_000, "export (csv)")),
        5.0,
        "both with the collector on",
    )
    traced = {name: (size, values) for size, by in exports.items() for name, values in by.items()}
    for format_ in ("csv", "xlsx", "ods"):
        name = f"export ({format_})"
        size, values = traced.get(name, (None, None))
        check(
            f"peak memory of {name}"
            + ("" if size is None else f", {size:,} activities")
            + " ≤ 3 × the register's",
            None if values is None else values[1] / values[0],
            3.0,
            "tracemalloc"
            + (
                ""
                if values is None
                else f": {values[1] / 2**20:,.1f} MB peak, register {values[0] / 2**20:,.1f} MB"
            ),
        )
    check(
        f"gdprkit.dumps, {n:,} activities ≤ 4 × orjson.dumps of the same data",
        ratio(get(n, "gdprkit.dumps"), get(n, "orjson.dumps (parsed data, indent 2)")),
        4.0,
        "same output bytes; collector off for both",
    )
    lines = ["| target | ratio | limit | result | how |", "|---|---:|---:|---|---|"]
    for c in checks:
        value = "—" if c["value"] is None else f"{c['value']:.2f}"
        lines.append(
            f"| {c['target']} | {value} | {c['limit']:.2f} | {c['status']} | {c['detail']} |"
        )
    return "\n".join(lines), checks


VERSUS = {
    "before: json.loads + cattrs": "gdprkit.loads",
    "ablation: loads, stdlib json only": "gdprkit.loads",
    "ablation: loads, orjson (no msgspec)": "gdprkit.loads",
    "before: cattrs + json.dumps": "gdprkit.dumps",
    "ablation: dumps, stdlib json only": "gdprkit.dumps",
    "ablation: dumps, orjson without the generated writer": "gdprkit.dumps",
    "before: dumps as UTF-8, decoded and encoded again": "dumps as UTF-8 (command line)",
    "ablation: validate (gdpr+cnil), findings sorted by location_key": (
        "gdprkit.validate (gdpr+cnil)"
    ),
    "before: locate findings with a regex tokenizer": "locate findings (gdpr+cnil)",
    "before: field types by typing.get_type_hints": "field types of the model, evaluated (start-up)",
    "before: csv writer, padding lists, second pass counting": "csv writer",
    "before: xlsx writer, openpyxl in write-only mode": "xlsx writer",
    "before: ods writer, odfpy's whole document": "ods writer",
    "before: walk extension fields, a path for every element": "walk extension fields",
    "before: csv export, built whole then written": "csv export, streamed",
    "before: csv writer, each row through the utf-8-sig codec": "csv writer",
    "before: sheets laid out, headers and labels made for each table and cell": "sheets laid out",
    "before: csv export, as it was before the two lines above": "csv export, streamed",
    "floor before: csv.writer over the final rows, every row padded": (
        "floor: csv.writer over the csv export's final rows"
    ),
    "before: csv writer, every row padded, each cell converted": "csv writer",
    "before: sheets laid out, each cell's kind looked up per cell, extensions walked": (
        "sheets laid out"
    ),
    "before: csv export, every row padded, each cell converted and its kind looked up": (
        "csv export, streamed"
    ),
}
"""Each *before* or *ablation* line, and the line of the code as it is."""


def ablation_table(results: list[Result]) -> str:
    """Each speed-up: the code as it is, and without the speed-up (CPU time,
    the ratio being the speed-up's gain)."""
    by = {r.name: r for r in results}
    lines = [
        "| without the speed-up | CPU ms | spread | with it | CPU ms | spread | gain |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    for name, reference in VERSUS.items():
        if name not in by or reference not in by:
            continue
        a, b = by[name], by[reference]
        lines.append(
            f"| {name} | {_ms(a.cpu_median)} | {_spread(a)} | {reference} | "
            f"{_ms(b.cpu_median)} | {_spread(b)} | {a.cpu_median / b.cpu_median:.2f} |"
        )
    return "\n".join(lines)


def _full_collections(results: list[Result]) -> str:
    """A note on the full collections of the collector-on lines: what their
    time depends on most (each walks every object the process holds)."""
    counts = ", ".join(
        f"{r.name.removesuffix(', collector on')} {statistics.median(r.full):.3g}"
        for r in results
        if r.full and r.group != "ablation"
    )
    return f"full collections of the garbage collector per call, collector-on lines: {counts}"


def _spread(r: Result) -> str:
    """How noisy a line was: (slowest - fastest CPU time) / median."""
    return f"{(max(r.cpu) - min(r.cpu)) / r.cpu_median:.0%}" if len(r.cpu) > 1 else "—"


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
    return 9 if n <= 100 else 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated Ns")
    parser.add_argument(
        "--startup-runs", type=int, default=11, help="whole processes of each command (0: none)"
    )
    parser.add_argument(
        "--locate-runs", type=int, default=5, help="command-line runs for the locating share"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="rounds per size (default: 9 up to 100 activities, 3 above)",
    )
    parser.add_argument("--min-time", type=float, default=0.1, help="seconds per sample at least")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write the report as Markdown here, targets first, for docs/performance.md "
        "(benchmarks/results/latest.md is the run that page shows)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory pass")
    parser.add_argument(
        "--profile", type=Path, help="write pyinstrument profiles (largest N ≤ 10,000) here"
    )
    parser.add_argument(
        "--growth-rounds",
        type=int,
        default=3,
        help="rounds of the xlsx and ods growth measure (0: none)",
    )
    parser.add_argument("--rules", action="store_true", help="time each rule at each size")
    parser.add_argument(
        "--only",
        help="time only the contenders whose name contains one of these comma-separated "
        "texts (orjson.loads always)",
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
    command = f"`python -m benchmarks.run {' '.join(argv if argv is not None else sys.argv[1:])}`".rstrip()
    print("## gdprkit benchmark\n")
    print(f"Command: {command}\n")
    print(", ".join(f"{k} {v}" for k, v in env.items()) + "\n")
    per_size: list[str] = []

    runs: dict[int, list[Result]] = {}
    mem: dict[int, dict[str, tuple[float, float]]] = {}
    exports: dict[int, dict[str, tuple[float, float]]] = {}
    sizes_bytes: dict[int, int] = {}
    all_notes: dict[int, list[str]] = {}
    rules: dict[int, dict[str, float]] = {}
    starts = startup(args.startup_runs) if args.startup_runs else {}
    located = locating(args.locate_runs) if args.locate_runs else []
    growth: dict[str, tuple[int, int, float, float]] = {}
    only = [text for text in (args.only or "").split(",") if text]
    with tempfile.TemporaryDirectory() as tmp:
        if args.growth_rounds and (
            not only or any(text in f"export ({f})" for f in GROWTH for text in only)
        ):
            growth = export_growth(args.growth_rounds, args.seed, Path(tmp))
        for n in sizes:
            raw = generate_bytes(n, seed=args.seed)
            sizes_bytes[n] = len(raw)
            items, notes = contenders(n, raw, Path(tmp), ablate=n == sizes[0])
            if only:
                items = [
                    c
                    for c in items
                    if any(text in c.name for text in only) or c.name == "orjson.loads"
                ]
            all_notes[n] = notes
            runs[n] = measure(items, args.rounds or _rounds(n), args.min_time, calibrate=n < 10_000)
            if any(r.full for r in runs[n]):
                notes.append(_full_collections(runs[n]))
            shown = table(n, len(raw), [r for r in runs[n] if r.group != "ablation"])
            shown += "".join(f"\n\n_Note: {note}._" for note in notes)
            per_size.append(shown)
            print(shown + "\n", flush=True)
            if not args.no_memory and n <= OUTPUTS:
                mem[n] = memory(raw)
                if n == sizes[0]:
                    exports[n] = export_memory(raw, Path(tmp), ("csv", "xlsx", "ods"))
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
    if any(r.group == "ablation" for r in runs[sizes[0]]):
        print(f"### Each speed-up against what it replaced ({sizes[0]:,} activities)\n")
        print(ablation_table(runs[sizes[0]]) + "\n")
    text, checks = targets(runs, exports, starts, located, growth)
    print("### Targets\n")
    print(text + "\n")
    if rules:
        print("### Rules: ms per rule, and growth of the time per activity\n")
        print(_rules_table(rules) + "\n")
    elapsed = time.perf_counter() - started
    print(f"Total run time: {elapsed / 60:.1f} min")
    if args.markdown is not None:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(
            markdown_report(command, env, elapsed, text, per_size, runs, mem, sizes[0], rules),
            encoding="utf-8",
        )
        print(f"report written: {args.markdown}")
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
            "startup_s": starts,
            "locating_s": located,
            "export_growth_s": {k: list(v) for k, v in growth.items()},
            "export_memory_bytes": {
                str(n): {k: {"register": v[0], "peak": v[1]} for k, v in exports[n].items()}
                for n in exports
            },
            "rules_s": {str(n): rules[n] for n in rules},
            "run_time_s": elapsed,
        }
        args.json.write_text(
            json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"results written: {args.json}")
    return 0


def markdown_report(
    command: str,
    env: dict[str, str],
    elapsed: float,
    targets_text: str,
    per_size: list[str],
    runs: dict[int, list[Result]],
    mem: dict[int, dict[str, tuple[float, float]]],
    first: int,
    rules: dict[int, dict[str, float]],
) -> str:
    """The run as docs/performance.md shows it (its headings below the page's
    "Results"): how it was run and where, the targets, then every table."""
    where = ", ".join(f"{k} {v}" for k, v in env.items())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    parts = [
        f"{command}, {elapsed / 60:.1f} minutes.",
        f"{where}, load average at the end {load}.",
        "### Targets",
        targets_text,
        "### Per size",
        "Median wall-clock and CPU time of each line, and the ratio of its wall-clock time "
        "to `orjson.loads`; *collector on* lines run with the garbage collector enabled, "
        "the others with it paused, for every library alike.",
        *per_size,
        "### All sizes: median ms (ratio to orjson.loads)",
        summary(runs),
    ]
    if mem:
        parts += ["### Memory (tracemalloc, separate pass)", memory_table(mem)]
    if any(r.group == "ablation" for r in runs[first]):
        parts += [
            f"### Each speed-up against what it replaced ({first:,} activities)",
            ablation_table(runs[first]),
        ]
    if rules:
        parts += [
            "### Rules: ms per rule, and growth of the time per activity",
            _rules_table(rules),
        ]
    return "\n\n".join(parts) + "\n"


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
