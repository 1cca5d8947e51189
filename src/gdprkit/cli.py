"""The ``gdprkit`` command line: check, format and render registers.

``main()`` is the console script and ``python -m gdprkit``; :func:`run` takes
the arguments and the three standard streams, so that tests and other
programs drive the command line in-process.  This is the only module of
gdprkit that prints.

Exit status, for every command:

* ``0``: success (for ``validate``, no finding reaches ``--fail-on``);
* ``1``: ``validate`` found findings at or above ``--fail-on``; ``fmt --check``
  or ``fmt --diff`` found files that are not in canonical form;
* ``2``: a usage error, an input that could not be loaded (its problems are
  printed on standard error, one per line) or any other failure;
* ``130``: interrupted (Ctrl-C); ``141``: the output pipe was closed early.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime as dt
import difflib
import importlib
import importlib.metadata
import importlib.util
import io
import itertools
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any, ClassVar, NoReturn, cast
from urllib.parse import quote

import attrs

from gdprkit.model import Duration, Event, Register
from gdprkit.render import MissingDependency
from gdprkit.render.findings import (
    FileResult,
    fails,
    format_json,
    format_sarif,
    format_text,
    locate,
    use_color,
)
from gdprkit.rules import PROFILES, Rule, Severity, all_rules, select_rules, validate
from gdprkit.serialization import LoadError, Problem, dump, dumps, load, loads
from gdprkit.serialization._files import write_atomic


__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "build_parser",
    "main",
    "run",
]

EXIT_OK = 0
"""Success; for ``validate``, no finding reaches ``--fail-on``."""
EXIT_FINDINGS = 1
"""Findings at or above ``--fail-on``; files not in canonical form for ``fmt --check``."""
EXIT_ERROR = 2
"""A usage error, an input that could not be loaded, or any other failure."""
EXIT_INTERRUPTED = 130
"""Interrupted by the user (128 + SIGINT)."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (128 + SIGPIPE), e.g. ``| head``."""

_PROG = "gdprkit"
_STDIN = "-"
_STDIN_NAME = "<stdin>"
_DEBUG_VARIABLE = "GDPRKIT_DEBUG"
_CHUNK = 1 << 16


def _version() -> str:
    try:
        return importlib.metadata.version("gdprkit")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


# -- plumbing -------------------------------------------------------------------------------


@attrs.frozen
class _Streams:
    stdout: IO[str]
    stderr: IO[str]
    stdin: IO[str] | None


class CommandError(Exception):
    """A command cannot do what was asked; the message says why (exit status 2)."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


class _ParserExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argument parser that writes to the injected streams and never exits."""

    streams: ClassVar[_Streams]

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            target = self.streams.stderr if file is sys.stderr else self.streams.stdout
            target.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise _ParserExit(status)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"{text!r} is not a number of processes (0 means one per CPU)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _event_date(text: str) -> tuple[Event, dt.date]:
    name, sep, day = text.partition("=")
    if not sep:
        msg = f"{text!r} is not EVENT=YYYY-MM-DD (e.g. collection=2024-01-31)"
        raise argparse.ArgumentTypeError(msg)
    try:
        event = Event(name.strip())
    except ValueError:
        known = ", ".join(e.value for e in Event)
        msg = f"unknown event {name!r} (known: {known})"
        raise argparse.ArgumentTypeError(msg) from None
    return event, _date(day.strip())


def _split(values: Iterable[str] | None) -> list[str]:
    """Flatten repeated and comma-separated options: ``--select A,B --select C``."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _write(streams: _Streams, text: str, output: str | None) -> None:
    """Write *text* to *output* (atomically) or to standard output."""
    if output is None or output == _STDIN:
        # In pieces, so that a reader that goes away (``| head``) is noticed.
        for start in range(0, len(text), _CHUNK):
            streams.stdout.write(text[start : start + _CHUNK])
        streams.stdout.flush()
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        msg = f"cannot write {output}: {error.strerror or error}"
        raise CommandError(msg) from None


def _print_problems(streams: _Streams, source: str, problems: Iterable[tuple[str, str]]) -> None:
    for path, message in problems:
        streams.stderr.write(f"{source}: {path}: {message}\n" if path else f"{source}: {message}\n")


def _read_stdin(streams: _Streams) -> bytes | str:
    if streams.stdin is None:
        msg = "standard input is not available"
        raise CommandError(msg)
    buffer = getattr(streams.stdin, "buffer", None)
    data: bytes | str = buffer.read() if buffer is not None else streams.stdin.read()
    return data


def _load_one(streams: _Streams, file: str) -> Register:
    """Load the register named on the command line, ``-`` for standard input.

    Raises:
        CommandError: after printing the load problems on standard error.
    """
    try:
        if file == _STDIN:
            return loads(_read_stdin(streams), source=_STDIN_NAME)
        if Path(file).is_dir():
            raise LoadError([Problem("", "is a directory, not a register file")], file)
        return load(file)
    except LoadError as error:
        _print_problems(streams, error.source, error.problems)
        raise CommandError("", EXIT_ERROR) from None


# -- plugins and rules ----------------------------------------------------------------------


def _load_plugins(plugins: Sequence[str]) -> None:
    """Import the modules that register extra rules: dotted module names from
    the Python path, or paths to ``.py`` files.  Idempotent.

    Raises:
        CommandError: when a plugin cannot be imported.
    """
    for plugin in plugins:
        try:
            if plugin.endswith(".py") or "/" in plugin or os.sep in plugin:
                _load_plugin_file(Path(plugin))
            else:
                importlib.import_module(plugin)
        except CommandError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of user code is reported
            msg = f"cannot load plugin {plugin}: {type(error).__name__}: {error}"
            raise CommandError(msg) from None


def _load_plugin_file(path: Path) -> None:
    if not path.is_file():
        msg = f"cannot load plugin {path}: no such file"
        raise CommandError(msg)
    resolved = path.resolve()
    name = f"_gdprkit_plugin_{resolved.stem}_{abs(hash(str(resolved))):x}"
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a loader
        msg = f"cannot load plugin {path}"
        raise CommandError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise


def _resolve_rules(
    profiles: Sequence[str], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[Rule, ...]:
    """The rules that ``validate`` will run; usage errors become CommandError."""
    all_rules()  # registers the built-in packs
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        known = ", ".join(sorted(PROFILES)) or "none"
        msg = f"unknown profile {unknown[0]!r} (known: {known})"
        raise CommandError(msg)
    try:
        return select_rules(all_rules(profiles), select=select, ignore=ignore)
    except ValueError as error:
        raise CommandError(str(error)) from None


# -- finding files --------------------------------------------------------------------------


@attrs.frozen
class _Task:
    """One register to check, sent to a worker process."""

    display: str
    path: str | None = None
    data: bytes | str | None = None
    uri: str | None = None
    problems: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class _Options:
    profiles: tuple[str, ...]
    as_of: dt.date
    select: tuple[str, ...]
    ignore: tuple[str, ...]


def _uri(path: Path) -> str:
    """A relative URI reference for *path* (relative to the working
    directory), or an absolute ``file:`` URI when it lies outside."""
    absolute = Path(os.path.normpath(path.absolute()))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute.as_uri()
    return quote(relative.as_posix())


def _walk(directory: Path) -> list[Path]:
    """Every ``*.json`` file below *directory*, sorted, skipping hidden entries."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / name
            for name in files
            if name.lower().endswith(".json") and not name.startswith(".")
        )
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def _expand(streams: _Streams, paths: Sequence[str], stdin_filename: str | None) -> list[_Task]:
    """Files, directories (their ``*.json`` files) and ``-`` as tasks, in order,
    each file once."""
    tasks: list[_Task] = []
    seen: set[str] = set()

    def add(task: _Task, key: str) -> None:
        if key not in seen:
            seen.add(key)
            tasks.append(task)

    for name in paths:
        if name == _STDIN:
            if _STDIN in seen:
                continue
            display = stdin_filename or _STDIN_NAME
            uri = _uri(Path(stdin_filename)) if stdin_filename else None
            add(_Task(display=display, data=_read_stdin(streams), uri=uri), _STDIN)
            continue
        path = Path(name)
        if path.is_dir():
            files = _walk(path)
            if not files:
                problem = ("", "no *.json register file in this directory")
                add(_Task(display=name, uri=_uri(path), problems=(problem,)), name)
            for file in files:
                add(
                    _Task(display=str(file), path=str(file), uri=_uri(file)), os.path.normpath(file)
                )
        elif path.exists():
            add(_Task(display=name, path=name, uri=_uri(path)), os.path.normpath(path))
        else:
            problem = ("", "no such file or directory")
            add(_Task(display=name, uri=_uri(path), problems=(problem,)), name)
    return tasks


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
        profiles=options.profiles,
        as_of=options.as_of,
        select=options.select,
        ignore=options.ignore,
    )
    if not report.findings:
        return FileResult(file=task.display, uri=task.uri, report=report)
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    where = locate(text, {f.path for f in report.findings})
    labels: dict[int, str] = {}
    for finding in report.findings:
        prefix = finding.path.partition("]")[0]
        if prefix.startswith("activities[") and prefix[11:].isdigit():
            index = int(prefix[11:])
            if index < len(register.activities) and index not in labels:
                activity = register.activities[index]
                labels[index] = f"{activity.id} {json.dumps(activity.name, ensure_ascii=False)}"
    return FileResult(
        file=task.display,
        uri=task.uri,
        report=report,
        lines=tuple(where[f.path] for f in report.findings),
        activities=tuple(sorted(labels.items())),
    )


def _init_worker(plugins: tuple[str, ...]) -> None:
    """Make the plugins' rules known in a worker process (a no-op when forked)."""
    _load_plugins(plugins)


def _check_all(
    tasks: Sequence[_Task], options: _Options, jobs: int, plugins: tuple[str, ...]
) -> list[FileResult]:
    if jobs == 0:
        jobs = os.cpu_count() or 1
    pending = [t for t in tasks if not t.problems]
    if jobs <= 1 or len(pending) <= 1:
        return [_check(task, options) for task in tasks]
    workers = min(jobs, len(pending))
    chunksize = max(1, len(tasks) // (workers * 4))
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(plugins,)
    )
    try:
        results = list(pool.map(_check, tasks, itertools.repeat(options), chunksize=chunksize))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _cmd_validate(args: argparse.Namespace, streams: _Streams) -> int:
    plugins = tuple(args.plugin or ())
    _load_plugins(plugins)
    profiles = tuple(_split(args.profile)) or ("gdpr",)
    select, ignore = tuple(_split(args.select)), tuple(_split(args.ignore))
    rules = _resolve_rules(profiles, select, ignore)
    options = _Options(
        profiles=profiles, as_of=args.as_of or dt.date.today(), select=select, ignore=ignore
    )
    tasks = _expand(streams, args.paths, args.stdin_filename)
    results = _check_all(tasks, options, args.jobs, plugins)
    fail_on = None if args.fail_on == "never" else Severity(args.fail_on)

    for result in results:
        _print_problems(streams, result.file, result.problems)
    if args.format == "json":
        text = format_json(results, as_of=options.as_of, profiles=profiles, fail_on=fail_on)
    elif args.format == "sarif":
        text = format_sarif(results, rules=rules, version=_version())
    else:
        color = args.output in (None, _STDIN) and use_color(streams.stdout)
        text = format_text(results, color=color, fail_on=fail_on)
    _write(streams, text, args.output)

    if any(not r.loaded for r in results):
        return EXIT_ERROR
    failing = any(fails(f, fail_on) for r in results if r.report for f in r.report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


# -- schema, rules, explain -----------------------------------------------------------------


def _cmd_schema(args: argparse.Namespace, streams: _Streams) -> int:
    try:
        module = importlib.import_module("gdprkit.serialization.schema")
        json_schema = cast("Callable[[], dict[str, Any]]", module.json_schema)
    except (ImportError, AttributeError):
        msg = "the JSON Schema generator is not available in this installation of gdprkit"
        raise CommandError(msg) from None
    _write(streams, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", args.output)
    return EXIT_OK


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "title": rule.title,
        "severity": rule.severity.value,
        "articles": list(rule.articles),
        "profile": rule.profile,
        "status": rule.status,
        "rationale": rule.rationale,
    }


def _cmd_rules(args: argparse.Namespace, streams: _Streams) -> int:
    _load_plugins(tuple(args.plugin or ()))
    profiles = _split(args.profile)
    if profiles:
        _resolve_rules(profiles)
    rules = all_rules(profiles or None)
    if args.format == "json":
        document = {"format_version": 1, "rules": [_rule_json(r) for r in rules]}
        streams.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not rules:
        streams.stdout.write("No rules registered.\n")
        return EXIT_OK
    header = ("CODE", "SEVERITY", "PROFILE", "TITLE", "ARTICLES")
    rows = [
        (
            r.code,
            r.severity.value,
            r.profile,
            r.title + (f" ({r.status})" if r.status != "stable" else ""),
            "; ".join(r.articles),
        )
        for r in rules
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        streams.stdout.write("  ".join([*cells, row[4]]).rstrip() + "\n")
    streams.stdout.write(f"\n{len(rules)} rule{'s' if len(rules) != 1 else ''}\n")
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace, streams: _Streams) -> int:
    _load_plugins(tuple(args.plugin or ()))
    rules = all_rules()
    wanted = args.rule.strip()
    found = next((r for r in rules if r.code == wanted.upper() or r.name == wanted.lower()), None)
    if found is None:
        names = {r.code: r for r in rules} | {r.name: r for r in rules}
        close = difflib.get_close_matches(wanted.upper(), [r.code for r in rules], n=1)
        close = close or difflib.get_close_matches(wanted.lower(), [r.name for r in rules], n=1)
        hint = "."
        if close:
            match = names[close[0]]
            hint = f"; did you mean {match.code} ({match.name})?"
        msg = f"unknown rule {wanted!r}{hint} Run 'gdprkit rules' to list the rules."
        raise CommandError(msg)
    if args.format == "json":
        streams.stdout.write(json.dumps(_rule_json(found), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    lines = [
        f"{found.code} {found.name}",
        found.title,
        "",
        f"Severity:  {found.severity.value}",
        f"Profile:   {found.profile}",
        f"Status:    {found.status}",
        f"Articles:  {'; '.join(found.articles) or 'none cited'}",
        "",
        found.rationale.strip(),
    ]
    streams.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


# -- fmt ------------------------------------------------------------------------------------


def _cmd_fmt(args: argparse.Namespace, streams: _Streams) -> int:
    status = EXIT_OK
    changed = unchanged = 0
    to_stdout = False
    for task in _expand(streams, args.paths, None):
        if task.problems:
            _print_problems(streams, task.display, task.problems)
            status = EXIT_ERROR
            continue
        try:
            if task.data is not None:
                data = task.data
            else:
                assert task.path is not None  # noqa: S101 - a task has a path or data
                try:
                    data = Path(task.path).read_bytes()
                except OSError:
                    load(task.path)  # raises the LoadError that says why
                    data = Path(task.path).read_bytes()  # pragma: no cover
            register = loads(data, source=task.display)
        except LoadError as error:
            _print_problems(streams, task.display, ((p.path, p.message) for p in error.problems))
            status = EXIT_ERROR
            continue
        canonical = dumps(register)
        original = data if isinstance(data, str) else None
        same = (data == canonical) if original is not None else (data == canonical.encode())
        if task.path is None and not (args.check or args.diff):
            streams.stdout.write(canonical)  # '-': the canonical text on standard output
            to_stdout = True
            continue
        if same:
            unchanged += 1
            continue
        changed += 1
        if args.diff:
            old = data if isinstance(data, str) else data.decode("utf-8-sig", errors="replace")
            diff = difflib.unified_diff(
                old.splitlines(keepends=True),
                canonical.splitlines(keepends=True),
                fromfile=task.display,
                tofile=task.display,
            )
            streams.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
        elif args.check:
            streams.stdout.write(f"would reformat: {task.display}\n")
        else:
            assert task.path is not None  # noqa: S101 - stdin was handled above
            _rewrite(register, Path(task.path))
            streams.stdout.write(f"reformatted: {task.display}\n")
    if not to_stdout and (changed or unchanged):
        dry = args.check or args.diff
        parts = []
        if changed:
            parts.append(_files(changed) + (" would be reformatted" if dry else " reformatted"))
        if unchanged:
            parts.append(_files(unchanged) + (" already formatted" if dry else " left unchanged"))
        streams.stdout.write(", ".join(parts) + "\n")
    if status == EXIT_OK and changed and (args.check or args.diff):
        status = EXIT_FINDINGS
    return status


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _rewrite(register: Register, path: Path) -> None:
    """Write the canonical form over *path* atomically, keeping the file's
    permissions and writing through a symbolic link to its target."""
    try:
        dump(register, path)
    except OSError as error:
        msg = f"cannot write {path}: {error.strerror or error}"
        raise CommandError(msg) from None


# -- retention ------------------------------------------------------------------------------

_RETENTION_COLUMNS = (
    "path",
    "activity",
    "activity_name",
    "data_category",
    "kind",
    "period",
    "period_words",
    "start",
    "until",
    "archive",
    "archive_words",
    "archive_legal_ground",
    "end_action",
    "statement",
    "legal_reference",
    "active_until",
    "erase_on",
    "status",
)


_UNSTATED = "unstated"
"""The ``archive`` column of an archive phase whose duration is not stated."""


def duration_words(duration: Duration) -> str:
    """A duration in plain English: ``P1Y6M`` → ``1 year and 6 months``."""
    parts = [
        f"{count} {unit}{'s' if count != 1 else ''}"
        for count, unit in (
            (duration.years, "year"),
            (duration.months, "month"),
            (duration.weeks, "week"),
            (duration.days, "day"),
        )
        if count
    ]
    if not parts:
        return "0 days"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _event_words(event: Event | None) -> str:
    return event.value.replace("-", " ") if event is not None else ""


def _retention_rows(
    register: Register, events: dict[Event, dt.date], as_of: dt.date
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for i, activity in enumerate(register.activities):
        for j, category in enumerate(activity.data_categories):
            rule = category.retention
            row = dict.fromkeys(_RETENTION_COLUMNS, "")
            row |= {
                "path": f"activities[{i}].data_categories[{j}]",
                "activity": activity.id,
                "activity_name": activity.name,
                "data_category": category.name,
                "kind": category.kind.value,
            }
            if rule is None:
                row["status"] = "not-stated"
                rows.append(row)
                continue
            row |= {
                "period": rule.duration.isoformat() if rule.duration else "",
                "period_words": duration_words(rule.duration) if rule.duration else "",
                "start": rule.start.value if rule.start else "",
                "until": rule.until.value if rule.until else "",
                "end_action": rule.end_action.value,
                "statement": rule.statement or "",
                "legal_reference": rule.legal_reference or "",
            }
            if rule.archive is not None:
                length = rule.archive.duration
                row |= {
                    "archive": _UNSTATED if length is None else length.isoformat(),
                    "archive_words": "length not stated"
                    if length is None
                    else duration_words(length),
                    "archive_legal_ground": rule.archive.legal_ground or "",
                }
            schedule = rule.schedule(
                events.get(rule.start) if rule.start else None,
                until_date=events.get(rule.until) if rule.until else None,
            )
            if not rule.is_bounded:
                status = "unbounded"
            elif schedule.active_until is not None and schedule.erase_on is None:
                # An archive of unstated length: archived, never known to be due.
                row["active_until"] = schedule.active_until.isoformat()
                status = "archived" if as_of >= schedule.active_until else "active"
            elif schedule.erase_on is None or schedule.active_until is None:
                status = "unknown"
            else:
                row["active_until"] = schedule.active_until.isoformat()
                row["erase_on"] = schedule.erase_on.isoformat()
                if as_of >= schedule.erase_on:
                    status = "due"
                elif as_of >= schedule.active_until:
                    status = "archived"
                else:
                    status = "active"
            row["status"] = status
            rows.append(row)
    return rows


def _retention_text(
    rows: list[dict[str, str]], source: str, events: dict[Event, dt.date], as_of: dt.date
) -> str:
    out = [f"Retention schedule of {source} (as of {as_of.isoformat()})"]
    if events:
        given = ", ".join(f"{_event_words(e)} {d.isoformat()}" for e, d in events.items())
        out.append(f"Event dates: {given}")
    if not rows:
        out.append("")
        out.append("No data categories in this register.")
    current = None
    for row in rows:
        if row["activity"] != current:
            current = row["activity"]
            out.append("")
            out.append(f"{row['activity']} {json.dumps(row['activity_name'], ensure_ascii=False)}")
        out.append(f"  {row['data_category']} ({row['kind']})")
        out.extend(f"    {line}" for line in _retention_lines(row))
    return "\n".join(out) + "\n"


def _retention_lines(row: dict[str, str]) -> list[str]:
    if row["status"] == "not-stated":
        return ["Kept:      not stated in the register"]
    lines = []
    period = ""
    if row["period"]:
        period = f"{row['period']} ({row['period_words']})"
        if row["start"]:
            period += f" from {_event_words(Event(row['start']))}"
    if row["until"]:
        until = f"until {_event_words(Event(row['until']))}"
        period = f"{period}, or {until} if earlier" if period else until
    if not period:
        period = "not bounded"
    if row["statement"]:
        period += f" ({json.dumps(row['statement'], ensure_ascii=False)})"
    lines.append(f"Kept:      {period}")
    if row["legal_reference"]:
        lines.append(f"Source:    {row['legal_reference']}")
    if row["archive"]:
        ground = f", {row['archive_legal_ground']}" if row["archive_legal_ground"] else ""
        length = (
            row["archive_words"]
            if row["archive"] == _UNSTATED
            else f"{row['archive']} ({row['archive_words']})"
        )
        lines.append(f"Archive:   {length}{ground}")
    lines.append(f"Then:      {row['end_action']}")
    if row["erase_on"]:
        if row["archive"]:
            lines.append(f"Archived:  {row['active_until']}")
        lines.append(f"Deletion:  {row['erase_on']}")
        lines.append(f"Status:    {row['status']}")
    elif row["active_until"]:
        lines.append(f"Archived:  {row['active_until']}")
        lines.append("Deletion:  unknown; the archive's length is not stated")
        lines.append(f"Status:    {row['status']}")
    elif row["status"] == "unknown":
        needed = [e for e in (row["start"], row["until"]) if e]
        hint = " or ".join(f"--event {e}=YYYY-MM-DD" for e in needed) or "a start event"
        lines.append(f"Deletion:  unknown; give {hint}")
    return lines


def _cmd_retention(args: argparse.Namespace, streams: _Streams) -> int:
    register = _load_one(streams, args.file)
    events = dict(args.event or ())
    as_of = args.as_of or dt.date.today()
    rows = _retention_rows(register, events, as_of)
    source = _STDIN_NAME if args.file == _STDIN else args.file
    if args.format == "json":
        document = {
            "format_version": 1,
            "file": source,
            "as_of": as_of.isoformat(),
            "events": {e.value: d.isoformat() for e, d in events.items()},
            "rows": [{k: (v or None) for k, v in row.items()} for row in rows],
        }
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_RETENTION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = _retention_text(rows, source, events, as_of)
    _write(streams, text, args.output)
    return EXIT_OK


# -- renderers written elsewhere ------------------------------------------------------------


def _renderer(module: str, name: str, what: str) -> Callable[..., Any]:
    """A rendering function, imported when first needed."""
    try:
        loaded = importlib.import_module(module)
    except MissingDependency as error:
        raise CommandError(str(error)) from None
    except ImportError as error:
        msg = f"the {what} is not available in this installation of gdprkit ({error})"
        raise CommandError(msg) from None
    function = getattr(loaded, name, None)
    if not callable(function):
        msg = f"the {what} is not available in this installation of gdprkit"
        raise CommandError(msg)
    return cast("Callable[..., Any]", function)


def _call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a renderer; a missing optional library or a refused argument is
    reported as an error (exit status 2)."""
    try:
        return function(*args, **kwargs)
    except MissingDependency as error:
        raise CommandError(str(error)) from None
    except ValueError as error:
        if isinstance(error, LoadError):
            raise
        raise CommandError(str(error)) from None


def _cmd_notice(args: argparse.Namespace, streams: _Streams) -> int:
    register = _load_one(streams, args.file)
    wanted = _split(args.activity)
    known = [a.id for a in register.activities]
    missing = [a for a in wanted if a not in known]
    if missing:
        hint = difflib.get_close_matches(missing[0], known, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        listing = ", ".join(known) or "none"
        msg = f"no activity {missing[0]!r} in the register{suggestion} (activities: {listing})"
        raise CommandError(msg)
    render_notice = _renderer("gdprkit.render.notice", "render_notice", "privacy notice renderer")
    text = _call(
        render_notice, register, lang=args.lang, format=args.format, activities=wanted or None
    )
    _write(streams, _ends_with_newline(str(text)), args.output)
    return EXIT_OK


def _ends_with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _cmd_report(args: argparse.Namespace, streams: _Streams) -> int:
    _load_plugins(tuple(args.plugin or ()))
    profiles = tuple(_split(args.profile)) or ("gdpr",)
    _resolve_rules(profiles)
    register = _load_one(streams, args.file)
    render_report = _renderer("gdprkit.render.report", "render_report", "report renderer")
    report = validate(register, profiles=profiles, as_of=args.as_of)
    text = _call(render_report, register, report, format=args.format, lang=args.lang)
    _write(streams, _ends_with_newline(str(text)), args.output)
    return EXIT_OK


_EXPORT_FORMATS = ("xlsx", "csv", "ods")


def _cmd_export(args: argparse.Namespace, streams: _Streams) -> int:
    output = Path(args.output)
    format_ = args.format or output.suffix.lower().lstrip(".")
    if format_ not in _EXPORT_FORMATS:
        msg = (
            f"cannot tell the format from {args.output!r}: "
            f"give --format {'|'.join(_EXPORT_FORMATS)}"
        )
        raise CommandError(msg)
    register = _load_one(streams, args.file)
    export_register = _renderer(
        "gdprkit.render.spreadsheet", "export_register", "spreadsheet exporter"
    )
    try:
        notes = _call(export_register, register, output, format=format_)
    except OSError as error:
        msg = f"cannot write {args.output}: {error.strerror or error}"
        raise CommandError(msg) from None
    for note in notes or ():
        streams.stderr.write(f"warning: {note}\n")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, streams: _Streams) -> int:
    source = Path(args.file)
    if not source.is_file():
        msg = f"cannot read {args.file}: no such file"
        raise CommandError(msg)
    import_register = _renderer(
        "gdprkit.render.spreadsheet", "import_register", "spreadsheet importer"
    )
    try:
        register, notes = _call(import_register, source)
    except LoadError as error:
        _print_problems(streams, error.source, error.problems)
        raise CommandError("", EXIT_ERROR) from None
    except OSError as error:
        msg = f"cannot read {args.file}: {error.strerror or error}"
        raise CommandError(msg) from None
    for note in notes or ():
        streams.stderr.write(f"warning: {note}\n")
    _write(streams, dumps(register), args.output)
    return EXIT_OK


# -- the parser -----------------------------------------------------------------------------

_DESCRIPTION = (
    "Check, format and render GDPR Art. 30 records of processing activities "
    "(registers) kept as JSON."
)
_EPILOG = (
    "Exit status: 0 success; 1 findings at or above --fail-on (validate) or files "
    "not in canonical form (fmt --check); 2 usage error or an input that could not be "
    "loaded. Run 'gdprkit COMMAND --help' for a command's options."
)


def _add_plugin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--plugin",
        action="append",
        metavar="MODULE",
        help="import a module (dotted name, or path to a .py file) that registers "
        "extra rules; repeatable",
    )


def _add_profile(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--profile",
        action="append",
        metavar="NAME",
        help=f"rule profile to run (gdpr, cnil, or a plugin's); repeatable or "
        f"comma-separated; default: {default}",
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (replaced atomically) instead of standard output",
    )


def build_parser(
    *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> argparse.ArgumentParser:
    """The argument parser of the command line (for tests and documentation
    tools); help and errors go to *stdout* and *stderr*, and it raises instead
    of exiting."""
    return _build_parser(_Streams(stdout or sys.stdout, stderr or sys.stderr, None))


def _build_parser(streams: _Streams) -> argparse.ArgumentParser:
    class Parser(_Parser):
        pass

    Parser.streams = streams
    formatter = argparse.HelpFormatter
    parser = Parser(prog=_PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=formatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )

    def command(name: str, help_: str, handler: Callable[..., int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_, formatter_class=formatter)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("validate", "check registers against the rules", _cmd_validate)
    sub.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="register file, directory (every *.json below it) or - for standard input",
    )
    _add_profile(sub, "gdpr")
    sub.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="evaluate facts at this date (default: today)",
    )
    sub.add_argument(
        "--select",
        action="append",
        metavar="CODE",
        help="only run rules matching a code, prefix or name; repeatable or comma-separated",
    )
    sub.add_argument(
        "--ignore",
        action="append",
        metavar="CODE",
        help="do not run rules matching a code, prefix or name; repeatable or comma-separated",
    )
    sub.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format (default: text)",
    )
    sub.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
    )
    _add_output(sub)
    sub.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="check files in N processes (0: one per CPU); output order is unchanged",
    )
    sub.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the file name to report for a register read from standard input",
    )
    _add_plugin(sub)

    sub = command("schema", "print the JSON Schema of the register format", _cmd_schema)
    _add_output(sub)

    sub = command("rules", "list the rules", _cmd_rules)
    _add_profile(sub, "every profile")
    sub.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    _add_plugin(sub)

    sub = command("explain", "show a rule's documentation", _cmd_explain)
    sub.add_argument("rule", metavar="CODE", help="rule code (GDPR101) or name")
    sub.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    _add_plugin(sub)

    sub = command("fmt", "rewrite registers in canonical form", _cmd_fmt)
    sub.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="register file, directory (every *.json below it) or - (canonical text on standard output)",
    )
    mode = sub.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that are not canonical and exit 1 if any",
    )
    mode.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; print what would change and exit 1 if anything would",
    )

    sub = command("retention", "print the retention schedule of a register", _cmd_retention)
    sub.add_argument("file", metavar="FILE", help="register file, or - for standard input")
    sub.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date the status is given at (default: today)",
    )
    sub.add_argument(
        "--event",
        type=_event_date,
        action="append",
        metavar="EVENT=YYYY-MM-DD",
        help="date of an event periods are counted from or until (e.g. collection=2024-01-31); repeatable",
    )
    sub.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="output format (default: text)",
    )
    _add_output(sub)

    sub = command("notice", "render the privacy notice (GDPR Art. 13/14)", _cmd_notice)
    sub.add_argument("file", metavar="FILE", help="register file, or - for standard input")
    sub.add_argument("--lang", choices=("fr", "en"), default="fr", help="language (default: fr)")
    sub.add_argument(
        "--format",
        choices=("markdown", "html"),
        default="markdown",
        help="output format (default: markdown)",
    )
    sub.add_argument(
        "--activity",
        action="append",
        metavar="ID",
        help="only these activities; repeatable or comma-separated (default: all)",
    )
    _add_output(sub)

    sub = command("report", "render a report of the register and its findings", _cmd_report)
    sub.add_argument("file", metavar="FILE", help="register file, or - for standard input")
    sub.add_argument(
        "--format",
        choices=("html", "markdown"),
        default="html",
        help="output format (default: html)",
    )
    sub.add_argument("--lang", choices=("fr", "en"), default="en", help="language (default: en)")
    _add_profile(sub, "gdpr")
    sub.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="evaluate facts at this date (default: today)",
    )
    _add_output(sub)
    _add_plugin(sub)

    sub = command(
        "export", "export the register as a spreadsheet (CNIL template layout)", _cmd_export
    )
    sub.add_argument("file", metavar="FILE", help="register file, or - for standard input")
    sub.add_argument(
        "--format",
        choices=_EXPORT_FORMATS,
        help="spreadsheet format (default: from the output file's extension)",
    )
    sub.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the spreadsheet to write"
    )

    sub = command(
        "import", "read a register from a spreadsheet (CNIL template layout)", _cmd_import
    )
    sub.add_argument("file", metavar="FILE", help="the spreadsheet (.xlsx, .ods or .csv)")
    sub.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the register JSON to OUT (default: standard output)",
    )
    return parser


# -- entry points ---------------------------------------------------------------------------


def run(
    argv: Sequence[str],
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
) -> int:
    """Run the command line with *argv* (without the program name) and the
    given streams (the process's own by default); return the exit status.

    Never raises (except SystemExit from user code) and never prints a
    traceback unless ``GDPRKIT_DEBUG=1`` is set.
    """
    streams = _Streams(
        stdout if stdout is not None else sys.stdout,
        stderr if stderr is not None else sys.stderr,
        stdin if stdin is not None else sys.stdin,
    )
    command = _PROG
    try:
        parser = _build_parser(streams)
        try:
            args = parser.parse_args(list(argv))
        except _ParserExit as exit_:
            return exit_.status
        command = f"{_PROG} {args.command}"
        return int(args.handler(args, streams))
    except CommandError as error:
        if str(error):
            streams.stderr.write(f"{command}: error: {error}\n")
        return error.status
    except KeyboardInterrupt:
        _quietly(streams.stderr, "\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence(streams.stdout)
        return EXIT_BROKEN_PIPE
    except Exception as error:  # noqa: BLE001 - the last resort: one line, no traceback
        if os.environ.get(_DEBUG_VARIABLE, "") not in ("", "0"):
            _quietly(streams.stderr, "".join(traceback.format_exception(error)))
        detail = f"{type(error).__name__}: {error}".replace("\n", " ")
        _quietly(
            streams.stderr,
            f"{command}: internal error: {detail} "
            f"(a bug: please report it; set {_DEBUG_VARIABLE}=1 for the traceback)\n",
        )
        return EXIT_ERROR


def _quietly(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def _silence(stream: IO[str]) -> None:
    """After a broken pipe on the process's standard output, point it at
    /dev/null so that the interpreter's final flush does not complain."""
    if stream is not sys.stdout and stream is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run with the process's arguments and streams and
    return the exit status (``sys.exit(main())``)."""
    return run(sys.argv[1:] if argv is None else argv)
