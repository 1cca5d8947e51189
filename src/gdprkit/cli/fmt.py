"""``gdprkit fmt``: rewrite registers in canonical form."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from gdprkit.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    _expand,
    _print_problems,
    _Streams,
    _write,
    _write_file,
)
from gdprkit.render._terminal import terminal_safe
from gdprkit.serialization import LoadError, _dump_bytes, load, loads


# -- fmt ------------------------------------------------------------------------------------


def cmd_fmt(args: argparse.Namespace, streams: _Streams) -> int:
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
        # The canonical text as UTF-8, compared and written without being
        # decoded (a large register's text is decoded only to be shown).
        canonical = _dump_bytes(register)
        same = (data == canonical.decode("utf-8")) if isinstance(data, str) else (data == canonical)
        if task.path is None and not (args.check or args.diff):
            _write(streams, canonical, None)  # '-': the canonical text on standard output
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
                canonical.decode("utf-8").splitlines(keepends=True),
                fromfile=task.display,
                tofile=task.display,
            )
            streams.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
        elif args.check:
            streams.stdout.write(f"would reformat: {terminal_safe(task.display)}\n")
        else:
            assert task.path is not None  # noqa: S101 - stdin was handled above
            _write_file(streams, canonical, task.path)
            streams.stdout.write(f"reformatted: {terminal_safe(task.display)}\n")
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
