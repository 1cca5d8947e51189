"""What the commands share: streams, errors, exit statuses, reading registers and
plugins, writing outputs, and calling renderers.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import quote

import attrs

from gdprkit.render import MissingDependency


if TYPE_CHECKING:
    from gdprkit.model import Register
    from gdprkit.rules import Profile, Rule

# What the commands need beyond parsing (serialization, rules, package
# metadata) is imported where it is used, so that the command line's start-up
# pays only for what its command uses.


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
    import importlib.metadata

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
    from gdprkit.serialization._files import write_atomic

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
    from gdprkit.serialization import LoadError, Problem, load, loads

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


def _load_plugins(plugins: Sequence[str]) -> tuple[Profile, ...]:
    """The profiles offered by plug-in modules: dotted module names from the
    Python path, or paths to ``.py`` files (see
    :func:`gdprkit.rules.profiles_in`).  Idempotent.

    Raises:
        CommandError: when a plugin cannot be imported.
    """
    from gdprkit.rules import profiles_in

    found: list[Profile] = []
    for plugin in plugins:
        try:
            if plugin.endswith(".py") or "/" in plugin or os.sep in plugin:
                module = _load_plugin_file(Path(plugin))
            else:
                module = importlib.import_module(plugin)
        except CommandError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of user code is reported
            msg = f"cannot load plugin {plugin}: {type(error).__name__}: {error}"
            raise CommandError(msg) from None
        found.extend(profiles_in(module))
    return tuple(found)


def _load_plugin_file(path: Path) -> ModuleType:
    if not path.is_file():
        msg = f"cannot load plugin {path}: no such file"
        raise CommandError(msg)
    resolved = path.resolve()
    name = f"_gdprkit_plugin_{resolved.stem}_{abs(hash(str(resolved))):x}"
    if name in sys.modules:
        return sys.modules[name]
    import importlib.util

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
    return module


def _resolve_profiles(names: Sequence[str], plugins: Sequence[str]) -> tuple[Profile, ...]:
    """The profiles named (with those they extend), among the built-in and
    installed ones and those of *plugins*; usage errors become CommandError."""
    from gdprkit.rules import resolve

    try:
        return resolve(names, _load_plugins(plugins))
    except ValueError as error:
        raise CommandError(str(error)) from None


def _resolve_rules(
    profiles: Sequence[Profile], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[Rule, ...]:
    """The rules that ``validate`` will run; usage errors become CommandError."""
    from gdprkit.rules import select_rules

    try:
        return select_rules((r for p in profiles for r in p.rules), select=select, ignore=ignore)
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
    from gdprkit.serialization import LoadError

    try:
        return function(*args, **kwargs)
    except MissingDependency as error:
        raise CommandError(str(error)) from None
    except ValueError as error:
        if isinstance(error, LoadError):
            raise
        raise CommandError(str(error)) from None


_EXPORT_FORMATS = ("xlsx", "csv", "ods")
