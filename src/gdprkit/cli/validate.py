"""``gdprkit validate``: check registers against the rules."""

from __future__ import annotations

import argparse
import itertools
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from gdprkit.acceptance import UNUSED_RULE
from gdprkit.checking import Options, check_file
from gdprkit.cli._common import (
    _STDIN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    START_UP,
    CommandError,
    _expand,
    _print_problems,
    _project,
    _refuse_overwrite,
    _resolve_rules,
    _Streams,
    _Task,
    _version,
    _write,
)
from gdprkit.cli._progress import Progress, is_terminal, terminal_width
from gdprkit.config import Config
from gdprkit.model import AcceptedFinding
from gdprkit.render.findings import (
    FileResult,
    cap_message,
    fails,
    format_json,
    format_sarif,
    format_text,
    use_color,
)
from gdprkit.rules import Rule, Severity
from gdprkit.serialization import LoadError


# -- validate -------------------------------------------------------------------------------


def _check(task: _Task, options: Options) -> FileResult:
    """Load and validate one register (runs in worker processes too)."""
    if task.problems:
        return FileResult(file=task.display, uri=task.uri, problems=task.problems)
    return check_file(task.display, options, path=task.path, data=task.data, uri=task.uri)


def _check_all(
    tasks: Sequence[_Task], options: Options, jobs: int, progress: Progress
) -> list[FileResult]:
    if jobs == 0:
        jobs = os.cpu_count() or 1
    pending = [t for t in tasks if not t.problems]
    count = len(tasks)
    if jobs <= 1 or len(pending) <= 1:
        results = []
        for number, task in enumerate(tasks, start=1):
            progress.update(
                f"checking {task.display}" + (f" ({number}/{count})" if count > 1 else "")
            )
            results.append(_check(task, options))
        return results
    workers = min(jobs, len(pending))
    chunksize = max(1, len(tasks) // (workers * 4))
    # the options name the plugins: each worker loads them as it validates
    import concurrent.futures  # only when files are checked in several processes

    pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers)
    progress.update(f"checking {count} files in {workers} processes")
    try:
        results = []
        mapped = pool.map(_check, tasks, itertools.repeat(options), chunksize=chunksize)
        for number, result in enumerate(mapped, start=1):
            results.append(result)
            progress.update(f"checked {number}/{count} files")
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


class _Output:
    """What an output format of ``validate`` may show (a plain class, as the
    command line's streams: attrs would build it at every start)."""

    __slots__ = ("color", "fail_on", "max_results", "options", "results", "rules", "width")

    def __init__(
        self,
        *,
        results: list[FileResult],
        rules: tuple[Rule, ...],
        options: Options,
        fail_on: Severity | None,
        color: bool,
        max_results: int,
        width: int | None,
    ) -> None:
        self.results = results
        self.rules = rules
        self.options = options
        self.fail_on = fail_on
        self.color = color
        self.max_results = max_results
        self.width = width


FORMATS: dict[str, Callable[[_Output], str]] = {
    "text": lambda o: format_text(o.results, color=o.color, fail_on=o.fail_on, width=o.width),
    "json": lambda o: format_json(
        o.results, as_of=o.options.as_of, profiles=o.options.profiles, fail_on=o.fail_on
    ),
    "sarif": lambda o: format_sarif(
        o.results, rules=o.rules, version=_version(), max_results=o.max_results
    ),
}
"""The output formats of ``validate`` (``--format``)."""


def _project_files(config: Config) -> list[str]:
    """The configuration's register files, named relative to the working
    directory when they lie below it."""
    if not config.files:
        where = (
            f"in {config.path}"
            if config.path is not None
            else "(no gdprkit.toml or [tool.gdprkit] found)"
        )
        msg = f"no register given, and no files = [...] patterns {where}"
        raise CommandError(msg)
    files = config.register_files()
    if not files:
        msg = f"no file matches the patterns of {config.path}: {', '.join(config.files)}"
        raise CommandError(msg)
    cwd = Path.cwd()
    return [str(f.relative_to(cwd)) if f.is_relative_to(cwd) else str(f) for f in files]


def _baseline(streams: _Streams, path: str | None) -> tuple[AcceptedFinding, ...]:
    """The accepted findings of the ``--baseline`` file, if one is given."""
    if path is None:
        return ()
    # Only with --baseline: it imports cattrs, which explains a bad baseline.
    from gdprkit.serialization.baseline import load_baseline

    try:
        return load_baseline(path)
    except LoadError as error:
        _print_problems(streams, error.source, error.problems)
        raise CommandError("", EXIT_ERROR) from None


def cmd_validate(args: argparse.Namespace, streams: _Streams) -> int:
    config, options = _project(args)
    options = attrs.evolve(options, baseline=_baseline(streams, args.baseline))
    rules = _resolve_rules(options.resolved(), options.select, options.ignore)
    START_UP.over()  # the rule packs are imported: the work starts
    paths = args.paths or _project_files(config)
    tasks = _expand(streams, paths, args.stdin_filename)
    _refuse_overwrite(
        args.output, [t.path for t in tasks if t.path is not None], in_place=args.in_place
    )
    with Progress(streams.stderr) as progress:
        results = _check_all(tasks, options, args.jobs, progress)
    if any(f.rule == UNUSED_RULE.code for r in results if r.report for f in r.report.findings):
        rules = (*rules, UNUSED_RULE)
    if args.min_severity is not None:
        results = [r.at_least(Severity(args.min_severity)) for r in results]
    if args.citing:
        results = [r.citing(args.citing) for r in results]
    fail_on = options.fail_on

    for result in results:
        _print_problems(streams, result.file, result.problems)
    to_terminal = args.output in (None, _STDIN) and is_terminal(streams.stdout)
    output = _Output(
        results=results,
        rules=rules,
        options=options,
        fail_on=fail_on,
        color=to_terminal and use_color(streams.stdout),
        max_results=args.max_results,
        width=terminal_width() if to_terminal else None,
    )
    text = FORMATS[args.format](output)
    found = sum(len(r.report) for r in results if r.report is not None)
    if args.format == "sarif" and found > args.max_results:
        warning = cap_message(found - args.max_results, args.max_results)
        streams.stderr.write(f"gdprkit validate: warning: {warning}\n")
    _write(streams, text, args.output)

    if any(not r.loaded for r in results):
        return EXIT_ERROR
    failing = any(fails(f, fail_on) for r in results if r.report for f in r.report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK
