"""``gdprkit validate``: check registers against the rules."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from gdprkit.cli._common import (
    _STDIN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    _expand,
    _print_problems,
    _resolve_profiles,
    _resolve_rules,
    _split,
    _Streams,
    _Task,
    _version,
    _write,
)
from gdprkit.render.findings import (
    FileResult,
    fails,
    format_json,
    format_sarif,
    format_text,
    locate,
    use_color,
)
from gdprkit.rules import Rule, Severity, validate
from gdprkit.serialization import LoadError, load, loads


@attrs.frozen
class _Options:
    profiles: tuple[str, ...]
    plugins: tuple[str, ...]
    as_of: dt.date
    select: tuple[str, ...]
    ignore: tuple[str, ...]


# -- validate -------------------------------------------------------------------------------


def _check(task: _Task, options: _Options) -> FileResult:
    """Load and validate one register (runs in worker processes too)."""
    if task.problems:
        return FileResult(file=task.display, uri=task.uri, problems=task.problems)
    data = task.data
    try:
        if data is None:
            assert task.path is not None  # noqa: S101 - a task has a path or data
            try:
                data = Path(task.path).read_bytes()
            except OSError:
                load(task.path)  # raises the LoadError that says why
                data = Path(task.path).read_bytes()  # pragma: no cover - readable after all
        register = loads(data, source=task.display)
    except LoadError as error:
        problems = tuple((p.path, p.message) for p in error.problems)
        return FileResult(file=task.display, uri=task.uri, problems=problems)
    report = validate(
        register,
        profiles=_resolve_profiles(options.profiles, options.plugins),
        as_of=options.as_of,
        select=options.select,
        ignore=options.ignore,
    )
    if not report.findings:
        return FileResult(file=task.display, uri=task.uri, report=report)
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    where = locate(text, {f.location for f in report.findings})
    labels: dict[int, str] = {}
    for finding in report.findings:
        index = finding.activity
        if index is not None and index < len(register.activities) and index not in labels:
            activity = register.activities[index]
            labels[index] = f"{activity.id} {json.dumps(activity.name, ensure_ascii=False)}"
    return FileResult(
        file=task.display,
        uri=task.uri,
        report=report,
        lines=tuple(where[f.location] for f in report.findings),
        activities=tuple(sorted(labels.items())),
    )


def _check_all(tasks: Sequence[_Task], options: _Options, jobs: int) -> list[FileResult]:
    if jobs == 0:
        jobs = os.cpu_count() or 1
    pending = [t for t in tasks if not t.problems]
    if jobs <= 1 or len(pending) <= 1:
        return [_check(task, options) for task in tasks]
    workers = min(jobs, len(pending))
    chunksize = max(1, len(tasks) // (workers * 4))
    import concurrent.futures  # only when files are checked in several processes

    pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers)
    try:
        results = list(pool.map(_check, tasks, itertools.repeat(options), chunksize=chunksize))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


@attrs.frozen
class _Output:
    """What an output format of ``validate`` may show."""

    results: list[FileResult]
    rules: tuple[Rule, ...]
    options: _Options
    fail_on: Severity | None
    color: bool


FORMATS: dict[str, Callable[[_Output], str]] = {
    "text": lambda o: format_text(o.results, color=o.color, fail_on=o.fail_on),
    "json": lambda o: format_json(
        o.results, as_of=o.options.as_of, profiles=o.options.profiles, fail_on=o.fail_on
    ),
    "sarif": lambda o: format_sarif(o.results, rules=o.rules, version=_version()),
}
"""The output formats of ``validate`` (``--format``)."""


def cmd_validate(args: argparse.Namespace, streams: _Streams) -> int:
    plugins = tuple(args.plugin or ())
    profiles = tuple(_split(args.profile)) or ("gdpr",)
    select, ignore = tuple(_split(args.select)), tuple(_split(args.ignore))
    rules = _resolve_rules(_resolve_profiles(profiles, plugins), select, ignore)
    options = _Options(
        profiles=profiles,
        plugins=plugins,
        as_of=args.as_of or dt.date.today(),
        select=select,
        ignore=ignore,
    )
    tasks = _expand(streams, args.paths, args.stdin_filename)
    results = _check_all(tasks, options, args.jobs)
    fail_on = None if args.fail_on == "never" else Severity(args.fail_on)

    for result in results:
        _print_problems(streams, result.file, result.problems)
    output = _Output(
        results=results,
        rules=rules,
        options=options,
        fail_on=fail_on,
        color=args.output in (None, _STDIN) and use_color(streams.stdout),
    )
    text = FORMATS[args.format](output)
    _write(streams, text, args.output)

    if any(not r.loaded for r in results):
        return EXIT_ERROR
    failing = any(fails(f, fail_on) for r in results if r.report for f in r.report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK
