"""Validation of two or more versions of gdprkit, timed in one run.

The whole benchmark times one version: this script times several against
each other, each version in processes of its own taking turns (the order
reversing every round), so that the load of a shared machine falls on all
alike.  Each process generates its version's register with that version's own
``benchmarks/generate.py`` (seed 0), holds what :mod:`benchmarks.run` holds
at that size (the register, its parsed JSON and a validation of it), then
times ``orjson.loads``, ``validate`` and ``loads`` + ``validate`` (processor
time, the fastest of ``--calls``), with the collector paused, or on with
``--collector``.  The figures are the medians over the processes of each
version, and of the ratios to ``orjson.loads`` measured in each process::

    python -m benchmarks.versions --size 10000 --processes 4 \\
        before=../gdprkit-old now=. now-same-rules=.:GDPR101,GDPR102

A version is ``NAME=CHECKOUT`` (its ``src`` is put first on the path; a
checkout whose dependencies differ takes ``NAME=CHECKOUT@PYTHON``), with
``:CODES`` to validate with those rules only (``select=``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


AS_OF = dt.date(2026, 1, 1)
_TIMED = ("orjson.loads", "validate", "loads + validate")


def _one(
    size: int, calls: int, profiles: tuple[str, ...], select: tuple[str, ...], on: bool
) -> dict[str, float]:
    """Run in the version's process: the fastest of *calls* of each line, in seconds."""
    import orjson

    import gdprkit
    from benchmarks.generate import generate_bytes

    raw = generate_bytes(size, seed=0)
    options: dict[str, object] = {"profiles": profiles, "as_of": AS_OF}
    if select:
        options["select"] = select
    gc.disable()
    register = gdprkit.loads(raw)
    held = (register, orjson.loads(raw), gdprkit.validate(register, **options))

    def best(
        call: Callable[[object], object], prepare: Callable[[], object] = lambda: None
    ) -> float:
        times = []
        for _ in range(calls):
            argument = prepare()
            gc.collect()
            (gc.enable if on else gc.disable)()
            start = time.process_time()
            result = call(argument)
            times.append(time.process_time() - start)
            gc.disable()
            del result, argument
        return min(times)

    def loads_validate() -> object:
        # The register is returned with its findings, so that it is freed
        # outside the timed region, as the other lines' results are.
        register = gdprkit.loads(raw)
        return register, gdprkit.validate(register, **options)

    out = {
        "orjson.loads": best(lambda _: orjson.loads(raw)),
        "validate": best(
            lambda r: gdprkit.validate(r, **options),
            lambda: gdprkit.loads(raw),
        ),
        "loads + validate": best(lambda _: loads_validate()),
        "findings": float(len(held[2].findings)),
        "rules": float(len(held[2].rules)),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="*", help="NAME=CHECKOUT[@PYTHON][:CODES]")
    parser.add_argument("--size", type=int, default=10_000, help="activities")
    parser.add_argument("--processes", type=int, default=4, help="processes per version")
    parser.add_argument("--calls", type=int, default=3, help="calls of each line per process")
    parser.add_argument("--profiles", default="gdpr,cnil")
    parser.add_argument("--collector", action="store_true", help="time with the collector on")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a version's process
    args = parser.parse_args(argv)
    if args.one is not None:
        select = tuple(c for c in args.one.split(",") if c)
        profiles = tuple(args.profiles.split(","))
        print(json.dumps(_one(args.size, args.calls, profiles, select, args.collector)))
        return 0
    if not args.versions:
        parser.error("name at least one version")
    versions = []
    for spec in args.versions:
        name, _, rest = spec.partition("=")
        rest, _, codes = rest.partition(":")
        checkout, _, python = rest.partition("@")
        root = Path(checkout).resolve()
        versions.append((name, root, python or sys.executable, codes))
    here = Path(__file__).resolve().parent.parent
    samples: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in versions}
    for turn in range(args.processes):
        for name, root, python, codes in versions if turn % 2 == 0 else versions[::-1]:
            env = dict(os.environ, PYTHONPATH=f"{root / 'src'}{os.pathsep}{root}")
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            command = [python, str(here / "benchmarks" / "versions.py"), "--one", codes]
            command += ["--size", str(args.size), "--calls", str(args.calls)]
            command += ["--profiles", args.profiles] + (["--collector"] if args.collector else [])
            done = subprocess.run(  # noqa: S603 - the checkouts named on the command line
                command, cwd=root, env=env, capture_output=True, text=True, check=True
            )
            samples[name].append(json.loads(done.stdout.splitlines()[-1]))
            print(
                name, {k: round(v * 1000, 1) for k, v in samples[name][-1].items() if k in _TIMED}
            )
    state = "on" if args.collector else "paused"
    print(
        f"\n{args.size:,} activities, {args.profiles}, collector {state}, processor time, medians"
    )
    print(
        "| version | rules | findings | orjson.loads ms | validate ms (×) | loads + validate ms (×) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, runs in samples.items():

        def median(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        def ratio(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(r[key] / r["orjson.loads"] for r in runs)

        print(
            f"| {name} | {median('rules'):.0f} | {median('findings'):,.0f} "
            f"| {median('orjson.loads') * 1000:,.1f} "
            f"| {median('validate') * 1000:,.0f} ({ratio('validate'):.2f}) "
            f"| {median('loads + validate') * 1000:,.0f} ({ratio('loads + validate'):.2f}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
