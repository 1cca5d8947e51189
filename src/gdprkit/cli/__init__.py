"""The ``gdprkit`` command line: check, format and render registers.

``main()`` is the console script and ``python -m gdprkit``; :func:`run` takes
the arguments and the three standard streams, so that tests and other
programs drive the command line in-process.  This package is the only part of
gdprkit that prints.

Exit status, for every command:

* ``0``: success (for ``validate``, no finding reaches ``--fail-on``);
* ``1``: ``validate`` found findings at or above ``--fail-on``; ``fmt --check``
  or ``fmt --diff`` found files that are not in canonical form; ``diff`` found
  that the two registers differ;
* ``2``: a usage error, an input that could not be loaded (its problems are
  printed on standard error, one per line) or any other failure;
* ``130``: interrupted (Ctrl-C); ``141``: the output pipe was closed early.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, ClassVar, NoReturn, cast

from gdprkit.cli._common import (
    _DEBUG_VARIABLE,
    _EXPORT_FORMATS,
    _PROG,
    EXIT_BROKEN_PIPE,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    START_UP,
    CommandError,
    _Streams,
    _version,
    terminal_width,
)


if TYPE_CHECKING:
    from gdprkit.model import Event

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


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, the terminal's width found without
    :mod:`shutil`, which argparse would import for it."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = terminal_width() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


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


NOTICE_LANGUAGES = ("fr", "en", "de", "es", "it")
"""The notice's languages (``gdprkit.render.notice.LANGUAGES``, not imported
here to keep start-up fast; a test keeps the two equal)."""

SARIF_MAX_RESULTS = 25_000
"""``--sarif-max-results``'s default (``gdprkit.render.findings.SARIF_MAX_RESULTS``,
not imported here: it imports the rules; a test keeps the two equal)."""


_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
"""What ``--as-of`` takes (compiled by :mod:`re` when an ``--as-of`` is first read,
not at every start)."""


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        parser._print_message(f"{parser.prog} {_version()}\n", sys.stdout)
        parser.exit()


def _date(text: str) -> dt.date:
    try:
        # YYYY-MM-DD only: ``fromisoformat`` also takes week dates (2024-W01-1).
        if not re.fullmatch(_DATE, text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"{text!r} is not a positive number"
        raise argparse.ArgumentTypeError(msg)
    return value


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
    from gdprkit.model import Event  # only for --event: --help imports no model

    name, sep, day = text.partition("=")
    if not sep:
        msg = f"{text!r} is not EVENT=YYYY-MM-DD (e.g. collection=2024-01-31)"
        raise argparse.ArgumentTypeError(msg)
    try:
        event = Event(name.strip())
    except ValueError:
        known = ", ".join(e.value for e in Event if e is not Event.OTHER)
        msg = f"unknown event {name!r} (known: {known})"
        raise argparse.ArgumentTypeError(msg) from None
    if event is Event.OTHER:
        msg = (
            "'other' names no single event: each rule describes its own "
            "(start_description), whose date gdprkit does not take"
        )
        raise argparse.ArgumentTypeError(msg)
    return event, _date(day.strip())


# -- the parser -----------------------------------------------------------------------------

_DESCRIPTION = (
    "Check, format and render GDPR Art. 30 records of processing activities "
    "(registers) kept as JSON."
)
_EPILOG = (
    "Exit status: 0 success; 1 findings at or above --fail-on (validate), files "
    "not in canonical form (fmt --check) or registers that differ (diff); 2 usage error or "
    "an input that could not be loaded. Run 'gdprkit COMMAND --help' for a command's options."
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


def _add_config(parser: argparse.ArgumentParser) -> None:
    config = parser.add_mutually_exclusive_group()
    config.add_argument(
        "--config",
        metavar="FILE",
        help="read this configuration file (gdprkit.toml, or a pyproject.toml with [tool.gdprkit]) "
        "instead of the one found from the working directory",
    )
    config.add_argument("--no-config", action="store_true", help="read no configuration file")


def _add_rule_choice(parser: argparse.ArgumentParser) -> None:
    """The options that choose the rules and the date: --profile, --as-of,
    --select, --ignore."""
    _add_profile(parser, "gdpr")
    _add_as_of(parser)
    _add_selection(parser)


def _add_selection(parser: argparse.ArgumentParser) -> None:
    """--select and --ignore: the rules to run by code, prefix or name."""
    for option, what in (("--select", "only run"), ("--ignore", "do not run")):
        parser.add_argument(
            option,
            action="append",
            metavar="CODE",
            help=f"{what} rules matching a code, prefix or name; repeatable or comma-separated",
        )


def _add_as_of(parser: argparse.ArgumentParser, default: str = "today", *, help_: str = "") -> None:
    """--as-of: the date facts are evaluated at."""
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help=help_ or f"evaluate facts at this date (default: {default})",
    )


def _add_file(parser: argparse.ArgumentParser) -> None:
    """The register to read: a file, or standard input."""
    parser.add_argument("file", metavar="FILE", help="register file, or - for standard input")


def _add_format(
    parser: argparse.ArgumentParser, choices: Sequence[str], *, help_: str = ""
) -> None:
    """--format: one of *choices*, the first by default."""
    parser.add_argument(
        "--format",
        choices=tuple(choices),
        default=choices[0],
        help=help_ or f"output format (default: {choices[0]})",
    )


def _add_output(parser: argparse.ArgumentParser, *, inputs: bool = True) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (replaced atomically) instead of standard output",
    )
    if inputs:
        _add_in_place(parser)


def _add_in_place(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="allow --output to be an input file, which it replaces (refused otherwise)",
    )


def build_parser(
    *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> argparse.ArgumentParser:
    """The argument parser of the command line (for tests and documentation
    tools); help and errors go to *stdout* and *stderr*, and it raises instead
    of exiting."""
    return _build_parser(_Streams(stdout or sys.stdout, stderr or sys.stderr, None))


_CONFIGURED = "the configuration's as_of, else today"
"""Where --as-of defaults to for the commands that read the configuration."""


class _NotRun:
    """Stands for the parser of a command that will not run: what is added to
    it is dropped (``gdprkit validate`` builds its own options only)."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        pass

    def add_mutually_exclusive_group(self, **kwargs: object) -> _NotRun:
        return self

    def set_defaults(self, **kwargs: object) -> None:
        pass


def _build_parser(streams: _Streams, only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser.

    With *only* (the command line's first word), the parser of the command
    called *only* and of no other: the other commands' names and help are
    needed only when the first word is not a command (``--help``, an option,
    a misspelt command), and then, when no command is called *only*, the
    whole parser is built."""

    class Parser(_Parser):
        pass

    Parser.streams = streams
    formatter = _Formatter
    parser = Parser(prog=_PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=formatter)
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )

    def command(name: str, help_: str, module: str) -> argparse.ArgumentParser:
        """A sub-command run by ``cmd_<name>`` of the module ``gdprkit.cli.<module>``,
        imported only when that command runs."""
        if only is not None and name != only:
            return cast("argparse.ArgumentParser", _NotRun())
        sub = commands.add_parser(name, help=help_, description=help_, formatter_class=formatter)
        sub.set_defaults(module=module)
        return sub

    sub = command("validate", "check registers against the rules", "validate")
    sub.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="register file, directory (every *.json below it) or - for standard input "
        "(default: the files of the configuration)",
    )
    _add_profile(sub, "the configuration's, else gdpr")
    _add_as_of(sub, _CONFIGURED)
    _add_selection(sub)
    _add_format(sub, ("text", "json", "sarif"))
    sub.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="lowest severity that makes the exit status 1 (default: the configuration's, "
        "else error)",
    )
    sub.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        help="leave out findings below this severity (from the output and the exit status)",
    )
    sub.add_argument(
        "--citing",
        action="append",
        metavar="PROVISION",
        help="keep only the findings that cite this provision or a part of it "
        "('GDPR Art. 6(1)' keeps 'GDPR Art. 6(1)(f)'); repeatable",
    )
    sub.add_argument(
        "--max-results",
        type=_count,
        default=SARIF_MAX_RESULTS,
        metavar="N",
        help=f"SARIF: keep at most N results, the most severe (default: {SARIF_MAX_RESULTS}, "
        "GitHub code scanning's limit per run)",
    )
    _add_config(sub)
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
    sub.add_argument(
        "--baseline",
        metavar="FILE",
        help="accept the findings recorded in FILE (written by 'gdprkit baseline')",
    )
    _add_plugin(sub)

    sub = command(
        "baseline",
        "write a baseline: today's findings of a register, accepted until assessed",
        "baseline",
    )
    _add_file(sub)
    _add_rule_choice(sub)
    sub.add_argument(
        "--justification",
        metavar="TEXT",
        help="why the findings are accepted (default: they were present when the baseline "
        "was taken, and are to be assessed)",
    )
    sub.add_argument(
        "--decided-by",
        metavar="NAME",
        default="baseline",
        help="who decided (default: baseline)",
    )
    sub.add_argument(
        "--until",
        type=_date,
        metavar="YYYY-MM-DD",
        help="last day the acceptances hold (default: no end)",
    )
    _add_output(sub)
    _add_plugin(sub)

    sub = command("examples", "list the example registers, or write one out", "examples")
    sub.add_argument(
        "name", nargs="?", metavar="NAME", help="the example to write (default: list them)"
    )
    _add_output(sub)

    sub = command("init", "write a starter register that validates clean", "examples")
    sub.add_argument(
        "file",
        metavar="FILE",
        help="the register file to create, e.g. registers/acme.register.json",
    )
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")

    sub = command("schema", "print the JSON Schema of the register format", "schema")
    _add_output(sub, inputs=False)

    sub = command("rules", "list the rules", "rules")
    _add_profile(sub, "every profile")
    _add_format(sub, ("text", "json"))
    _add_plugin(sub)
    _add_config(sub)

    sub = command("explain", "show a rule's documentation", "rules")
    sub.add_argument("rule", metavar="CODE", help="rule code (GDPR101) or name")
    _add_format(sub, ("text", "json"))
    _add_plugin(sub)
    _add_config(sub)

    sub = command("fmt", "rewrite registers in canonical form", "fmt")
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

    sub = command("retention", "print the retention schedule of a register", "retention")
    _add_file(sub)
    _add_as_of(sub, help_="date the status is given at (default: today)")
    sub.add_argument(
        "--event",
        type=_event_date,
        action="append",
        metavar="EVENT=YYYY-MM-DD",
        help="date of an event periods are counted from or until (e.g. collection=2024-01-31); repeatable",
    )
    _add_format(sub, ("text", "json", "csv"))
    _add_output(sub)

    sub = command("notice", "render the privacy notice (GDPR Art. 13/14)", "documents")
    _add_file(sub)
    sub.add_argument(
        "--lang", choices=NOTICE_LANGUAGES, default="fr", help="language (default: fr)"
    )
    _add_format(sub, ("markdown", "html"))
    sub.add_argument(
        "--final",
        action="store_true",
        help="refuse (exit status 1), listing what is missing, unless every item of "
        "GDPR Art. 13/14 is in the register; by default a draft marks the gaps",
    )
    sub.add_argument(
        "--fragment",
        action="store_true",
        help="HTML: only the notice, without <html>, <head> or style sheet, to place in "
        "a page of your own",
    )
    sub.add_argument(
        "--activity",
        action="append",
        metavar="ID",
        help="only these activities; repeatable or comma-separated (default: all)",
    )
    _add_output(sub)

    sub = command("report", "render a report of the register and its findings", "documents")
    _add_file(sub)
    _add_format(sub, ("html", "markdown"))
    sub.add_argument("--lang", choices=("fr", "en"), default="en", help="language (default: en)")
    _add_profile(sub, "the configuration's, else gdpr")
    _add_as_of(sub, _CONFIGURED)
    _add_output(sub)
    _add_plugin(sub)
    _add_config(sub)

    sub = command(
        "diff",
        "what changed between two versions of a register, and what each change calls for",
        "diff",
    )
    sub.add_argument(
        "old",
        metavar="OLD",
        help="the earlier version: a file, - for standard input, or REV:PATH for a version "
        "in git (e.g. main:register.json)",
    )
    sub.add_argument("new", metavar="NEW", help="the later version, in the same forms")
    _add_format(
        sub,
        ("text", "markdown", "json"),
        help_="output format; markdown is for a pull-request comment (default: text)",
    )
    _add_profile(sub, "gdpr")
    _add_as_of(sub, help_="evaluate facts at this date for the findings (default: today)")
    sub.add_argument(
        "--no-findings",
        action="store_true",
        help="compare the registers only, without validating them",
    )
    _add_output(sub)
    _add_plugin(sub)

    sub = command(
        "export",
        "export the register: a spreadsheet (CNIL template layout), the register document "
        "for the supervisory authority (docx, html), DPV linked data (dpv) or a Fides manifest",
        "spreadsheet",
    )
    _add_file(sub)
    sub.add_argument(
        "--format",
        choices=(*_EXPORT_FORMATS, "fides"),
        help="xlsx, csv or ods (spreadsheet), docx or html (register document), dpv "
        "(JSON-LD), fides (a Fides manifest, YAML); default: from the output file's extension "
        "(.jsonld is dpv, .yml and .yaml are fides)",
    )
    sub.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the file to write (replaced atomically); - for standard output (html, dpv, fides)",
    )
    sub.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="language of the register document (docx, html; default: fr)",
    )
    sub.add_argument(
        "--base",
        metavar="IRI",
        help="dpv: give the register's nodes IRIs under IRI (ending in / or #) "
        "instead of blank nodes",
    )
    _add_in_place(sub)

    sub = command(
        "import",
        "read a register from a spreadsheet (CNIL template layout) or a Fides manifest",
        "spreadsheet",
    )
    sub.add_argument(
        "file",
        metavar="FILE",
        help="the spreadsheet (.xlsx, .ods or .csv) or Fides manifest (.yml, .yaml; - for "
        "standard input with --from fides)",
    )
    sub.add_argument(
        "--from",
        dest="source_format",
        choices=("spreadsheet", "fides"),
        help="what FILE is (default: from its extension)",
    )
    sub.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the register JSON to OUT (default: standard output)",
    )
    _add_in_place(sub)
    if only is not None and only not in commands.choices:
        return _build_parser(streams)
    return parser


# -- entry points ---------------------------------------------------------------------------


def run(
    argv: Sequence[str],
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
    own_process: bool = False,
) -> int:
    """Run the command line with *argv* (without the program name) and the
    given streams (the process's own by default); return the exit status.

    Never raises (except SystemExit from user code) and never prints a
    traceback unless ``GDPRKIT_DEBUG=1`` is set.

    *own_process* is for the console script alone, whose process is the
    command's: the garbage collector, paused by the caller while gdprkit was
    imported, stays paused while the arguments are parsed and the command's
    module imported (for ``validate``, until its rule packs are imported and
    their reference data read as well); then everything made so far
    (modules, classes, the parser, the rules) is frozen, never to be walked
    by a collection again, and the collector is enabled for the command's
    work.  Importing creates hundreds
    of thousands of objects and no garbage: collecting during start-up only
    walks them again and again.  They stay frozen until the process ends
    (unfrozen, the interpreter's last collection would walk them all: a
    tenth of a short command).
    """
    streams = _Streams(
        stdout if stdout is not None else sys.stdout,
        stderr if stderr is not None else sys.stderr,
        stdin if stdin is not None else sys.stdin,
    )
    command = _PROG
    START_UP.paused = own_process
    try:
        parser = _build_parser(streams, only=argv[0] if argv else None)
        try:
            args = parser.parse_args(list(argv))
        except _ParserExit as exit_:
            return exit_.status
        command = f"{_PROG} {args.command}"
        handler = _handler(args)
        if args.command not in _ENDS_ITS_START_UP:
            START_UP.over()
        return int(handler(args, streams))
    except CommandError as error:
        if str(error):
            from gdprkit.render._terminal import terminal_safe

            streams.stderr.write(f"{command}: error: {terminal_safe(str(error))}\n")
        return error.status
    except KeyboardInterrupt:
        _quietly(streams.stderr, "\ninterrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence(streams.stdout)
        return EXIT_BROKEN_PIPE
    except Exception as error:  # noqa: BLE001 - the last resort: one line, no traceback
        if os.environ.get(_DEBUG_VARIABLE, "") not in ("", "0"):
            import traceback

            _quietly(streams.stderr, "".join(traceback.format_exception(error)))
        detail = f"{type(error).__name__}: {error}".replace("\n", " ")
        _quietly(
            streams.stderr,
            f"{command}: internal error: {detail} "
            f"(a bug: please report it; set {_DEBUG_VARIABLE}=1 for the traceback)\n",
        )
        return EXIT_ERROR


_ENDS_ITS_START_UP = frozenset({"validate"})
"""The commands that end the process's start-up themselves (``START_UP.over()``),
after a set-up of their own that makes no garbage."""


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace, _Streams], int]:
    """The function that runs the parsed command: ``cmd_<command>`` of its
    module, imported now (so that a command loads only what it uses)."""
    module = importlib.import_module(f"gdprkit.cli.{args.module}")
    handler: Callable[[argparse.Namespace, _Streams], int] = getattr(module, f"cmd_{args.command}")
    return handler


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
    return the exit status (``sys.exit(main())``).  Without *argv*, the
    process is the command's (see :func:`run`'s *own_process*)."""
    if argv is not None:  # called by a program: its collector is its own
        return run(argv)
    collecting = gc.isenabled()
    gc.disable()  # enabled again by run() once the command starts
    try:
        return run(sys.argv[1:], own_process=collecting)
    finally:
        if collecting:
            gc.enable()
