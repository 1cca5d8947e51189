"""``gdprkit diff``: what changed between two versions of a register.

Either side may be a file, ``-`` for standard input, or ``REV:PATH`` for a
version kept in git (read with ``git show REV:PATH``).  The exit status is
like ``diff``'s: 0 when nothing changed, 1 when something did, 2 when an input
could not be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
from pathlib import Path

from gdprkit.cli._common import (
    _STDIN,
    _STDIN_NAME,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    _load_one,
    _print_problems,
    _resolve_profiles,
    _split,
    _Streams,
    _write,
)
from gdprkit.model import Register
from gdprkit.rules import Profile
from gdprkit.serialization import LoadError, loads


_GIT_TIMEOUT = 60


def _is_git_spec(name: str) -> bool:
    """``REV:PATH`` names a version in git, unless a file of that name exists."""
    revision, sep, _ = name.partition(":")
    return bool(sep and revision) and not name.startswith("-") and not Path(name).exists()


def _from_git(streams: _Streams, spec: str) -> Register:
    """The register at ``REV:PATH``, read with ``git show``."""
    git = shutil.which("git")
    if git is None:
        msg = f"cannot read {spec}: git is not installed (give a file or - instead)"
        raise CommandError(msg)
    try:
        done = subprocess.run(  # noqa: S603 - no shell; the spec cannot be an option
            [git, "show", "--no-textconv", spec],
            capture_output=True,
            check=False,
            timeout=_GIT_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        msg = f"cannot read {spec} from git: {error}"
        raise CommandError(msg) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = reason[0] if reason else f"git show exited with status {done.returncode}"
        msg = f"cannot read {spec} from git: {detail}"
        raise CommandError(msg)
    try:
        return loads(done.stdout, source=spec)
    except LoadError as error:
        _print_problems(streams, error.source, error.problems)
        raise CommandError("", EXIT_ERROR) from None


def _read(streams: _Streams, name: str) -> Register:
    if name != _STDIN and _is_git_spec(name):
        return _from_git(streams, name)
    return _load_one(streams, name)


def cmd_diff(args: argparse.Namespace, streams: _Streams) -> int:
    if args.old == _STDIN and args.new == _STDIN:
        msg = "only one side can be read from standard input"
        raise CommandError(msg)
    profiles: tuple[Profile, ...] | None = None
    if not args.no_findings:
        names = tuple(_split(args.profile)) or ("gdpr",)
        profiles = _resolve_profiles(names, tuple(args.plugin or ()))
    old = _read(streams, args.old)
    new = _read(streams, args.new)

    from gdprkit.changes import diff
    from gdprkit.render.changes import (
        format_diff_json,
        format_diff_markdown,
        format_diff_text,
    )

    result = diff(old, new, profiles=profiles, as_of=args.as_of or dt.date.today())
    shown = {
        "old": _STDIN_NAME if args.old == _STDIN else args.old,
        "new": _STDIN_NAME if args.new == _STDIN else args.new,
    }
    render = {"json": format_diff_json, "markdown": format_diff_markdown}.get(
        args.format, format_diff_text
    )
    _write(streams, render(result, **shown), args.output)
    return EXIT_FINDINGS if result.changed else EXIT_OK
