"""``gdprkit export --format fides`` and ``gdprkit import --from fides``: the
register as a Fides manifest, and back."""

from __future__ import annotations

import argparse
from pathlib import Path

from gdprkit.cli._common import (
    _STDIN,
    _STDIN_NAME,
    EXIT_ERROR,
    EXIT_OK,
    CommandError,
    _call,
    _load_one,
    _print_problems,
    _read_stdin,
    _renderer,
    _Streams,
    _write,
)
from gdprkit.render.changes import terminal_safe
from gdprkit.serialization import LoadError, dumps


FIDES_SUFFIXES = (".yml", ".yaml")
"""Files read and written as Fides manifests when no format is given."""


def export_fides(args: argparse.Namespace, streams: _Streams) -> int:
    register = _load_one(streams, args.file)
    export = _renderer("gdprkit.render.fides", "export_fides", "Fides exporter")
    text, notes = _call(export, register)
    for note in notes:
        streams.stderr.write(f"warning: {terminal_safe(note)}\n")
    _write(streams, text, args.output)
    return EXIT_OK


def import_fides(args: argparse.Namespace, streams: _Streams) -> int:
    importer = _renderer("gdprkit.render.fides", "import_fides", "Fides importer")
    try:
        if args.file == _STDIN:
            data, source = _read_stdin(streams), _STDIN_NAME
        else:
            data, source = Path(args.file).read_bytes(), args.file
        register, notes = _call(importer, data, source=source)
    except LoadError as error:
        _print_problems(streams, error.source, error.problems)
        raise CommandError("", EXIT_ERROR) from None
    except OSError as error:
        msg = f"cannot read {args.file}: {error.strerror or error}"
        raise CommandError(msg) from None
    for note in notes:
        streams.stderr.write(f"warning: {terminal_safe(note)}\n")
    _write(streams, dumps(register), args.output)
    return EXIT_OK
