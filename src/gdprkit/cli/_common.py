"""What the commands share: streams, errors, exit statuses, reading registers and
plugins, writing outputs, and calling renderers.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import quote

from gdprkit.render import MissingDependency


# What the commands need beyond parsing (serialization, rules, plugins, the
# terminal's escaping, package metadata) is imported where it is used, so that
# the command line's start-up pays only for what its command uses.
if TYPE_CHECKING:
    from gdprkit.checking import Options
    from gdprkit.config import Config
    from gdprkit.model import Register
    from gdprkit.rules import Profile, Rule


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


class _Streams:
    """The standard streams a command writes to and reads from.

    This class and :class:`_Task` are plain classes, not attrs ones: the
    command line builds them at every start, ``gdprkit --help`` included,
    which then imports no attrs at all."""

    __slots__ = ("stderr", "stdin", "stdout")

    def __init__(self, stdout: IO[str], stderr: IO[str], stdin: IO[str] | None) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin


class _StartUp:
    """The start of the console script's process, during which the collector is
    paused (see :func:`gdprkit.cli.run`'s *own_process*).

    :meth:`over` freezes what the start made and turns the collector on,
    once.  ``run`` calls it as the command starts, unless the command is one
    whose own set-up is long and makes no garbage: ``validate`` calls it
    itself once its rule packs are imported and their reference data read.
    """

    def __init__(self) -> None:
        self.paused = False

    def over(self) -> None:
        if self.paused:
            self.paused = False
            gc.freeze()
            gc.enable()


START_UP = _StartUp()


class CommandError(Exception):
    """A command cannot do what was asked; the message says why (exit status 2)."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _split(values: Iterable[str] | None) -> list[str]:
    """Flatten repeated and comma-separated options: ``--select A,B --select C``."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _warn(streams: _Streams, note: str) -> None:
    """A ``warning:`` line on standard error (escaped for the terminal)."""
    from gdprkit.render._terminal import terminal_safe

    streams.stderr.write(f"warning: {terminal_safe(note)}\n")


def _write_imported(
    args: argparse.Namespace, streams: _Streams, read: Callable[[], tuple[Register, Any]]
) -> int:
    """Write the register *read* imports from ``args.file`` as JSON to
    ``args.output``, warning of each of its notes; what it cannot read is an
    error naming the places (exit status 1) or the file (2)."""
    from gdprkit.serialization import LoadError, _dump_bytes

    try:
        register, notes = read()
    except LoadError as error:
        _print_problems(streams, error.source, error.problems)
        raise CommandError("", EXIT_ERROR) from None
    except OSError as error:
        msg = f"cannot read {args.file}: {error.strerror or error}"
        raise CommandError(msg) from None
    for note in notes or ():
        _warn(streams, note)
    _write(streams, _dump_bytes(register), args.output)
    return EXIT_OK


def _refuse_overwrite(output: str | None, inputs: Iterable[str], *, in_place: bool) -> None:
    """Refuse an *output* that is one of the *inputs* (the same file, by any
    name), unless *in_place* says so: ``notice reg.json -o reg.json`` would
    replace the register with its notice.

    Raises:
        CommandError: naming both.
    """
    if output is None or output == _STDIN or in_place:
        return
    for name in inputs:
        if name != _STDIN and _same_file(output, name):
            msg = (
                f"the output {output} is the input {name}: writing it would replace it; "
                "give --in-place to do so"
            )
            raise CommandError(msg)


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).samefile(b)
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


def _write(streams: _Streams, text: str | bytes, output: str | None) -> None:
    """Write *text* (or its UTF-8 bytes) to *output* (atomically, or directly
    to a FIFO or a device) or to standard output; what the file could not
    keep (its owner) is a warning."""
    if output is None or output == _STDIN:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        # In pieces, so that a reader that goes away (``| head``) is noticed.
        for start in range(0, len(text), _CHUNK):
            streams.stdout.write(text[start : start + _CHUNK])
        streams.stdout.flush()
        return
    _write_file(streams, text, output)


def _write_file(streams: _Streams, text: str | bytes, path: str | Path) -> None:
    """Write *text* (or its UTF-8 bytes) to the file *path* atomically,
    keeping its permissions, owner and group and writing through a symbolic
    link to its target (directly to a FIFO or a device); what the file could
    not keep is a warning."""
    from gdprkit.serialization._files import write_atomic

    try:
        notes = write_atomic(path, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as error:
        msg = f"cannot write {path}: {error.strerror or error}"
        raise CommandError(msg) from None
    for note in notes:
        _warn(streams, note)


def _print_problems(streams: _Streams, source: str, problems: Iterable[tuple[str, str]]) -> None:
    """One line per problem, ``FILE: PATH: MESSAGE``, escaped for the terminal:
    a message quoting register text cannot forge or hide a line."""
    from gdprkit.render._terminal import terminal_safe

    where = terminal_safe(source)
    for path, message in problems:
        text = f"{path}: {message}" if path else message
        streams.stderr.write(f"{where}: {terminal_safe(text)}\n")


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
    Python path, or paths to ``.py`` files (see :mod:`gdprkit.plugins`).
    Idempotent.

    Raises:
        CommandError: when a plugin cannot be imported.
    """
    from gdprkit.plugins import PluginError, plugin_profiles

    try:
        return plugin_profiles(plugins)
    except PluginError as error:
        raise CommandError(str(error)) from None


def _config_plugins(args: argparse.Namespace) -> tuple[Config, tuple[Profile, ...]]:
    """The configuration (``--config FILE``, none with ``--no-config``, else
    the one found from the working directory), and the profiles of the
    plugins, its own then ``--plugin``'s.

    Raises:
        CommandError: for an invalid configuration or a plugin that cannot be loaded.
    """
    from gdprkit.config import Config, ConfigError, load_config

    try:
        config = Config() if args.no_config else load_config(args.config)
    except ConfigError as error:
        raise CommandError(str(error)) from None
    return config, _load_plugins((*config.plugin_specs(), *(args.plugin or ())))


def _project(args: argparse.Namespace) -> tuple[Config, Options]:
    """The configuration and the plugins (see :func:`_config_plugins`), and
    the options of the check, the command line's over the configuration's.

    Raises:
        CommandError: for an invalid configuration, a plugin that cannot be
            loaded, an unknown profile or rule.
    """
    from gdprkit.checking import resolve_options
    from gdprkit.config import ConfigError

    config, _ = _config_plugins(args)
    try:
        options = resolve_options(
            config,
            plugins=args.plugin or (),
            profiles=_split(args.profile) or None,
            as_of=args.as_of,
            select=_split(args.select) if getattr(args, "select", None) else None,
            ignore=_split(args.ignore) if getattr(args, "ignore", None) else None,
            fail_on=getattr(args, "fail_on", None) or "config",
        )
    except ConfigError as error:
        raise CommandError(str(error)) from None
    return config, options


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


class _Task:
    """One register to check, sent to a worker process."""

    __slots__ = ("data", "display", "path", "problems", "uri")

    def __init__(
        self,
        *,
        display: str,
        path: str | None = None,
        data: bytes | str | None = None,
        uri: str | None = None,
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.display = display
        self.path = path
        self.data = data
        self.uri = uri
        self.problems = problems


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


_SPREADSHEET_FORMATS = ("xlsx", "csv", "ods")
_DOCUMENT_FORMATS = ("docx", "html", "dpv")
"""The register document for the supervisory authority (docx, html) and DPV JSON-LD."""
_EXPORT_FORMATS = (*_SPREADSHEET_FORMATS, *_DOCUMENT_FORMATS)
_EXPORT_SUFFIXES = {"jsonld": "dpv", "htm": "html"}
"""Output file extensions that are not the format's name."""


def terminal_width() -> int:
    """The terminal's width in columns (``COLUMNS`` when set, 80 when unknown).

    What ``shutil.get_terminal_size`` gives, without importing :mod:`shutil`
    (and with it ``bz2`` and ``lzma``) in every command: the help formatter
    asks for it too."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout, closed, or not a terminal
            columns = 0
    return columns if columns > 0 else 80
