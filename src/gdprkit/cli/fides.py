"""``gdprkit export --format fides`` and ``gdprkit import --from fides``: the
register as a Fides manifest, and back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gdprkit.cli._common import (
    _STDIN,
    _STDIN_NAME,
    EXIT_OK,
    _call,
    _load_one,
    _read_stdin,
    _renderer,
    _Streams,
    _warn,
    _write,
    _write_imported,
)


FIDES_SUFFIXES = (".yml", ".yaml")
"""Files read and written as Fides manifests when no format is given."""


def export_fides(args: argparse.Namespace, streams: _Streams) -> int:
    register = _load_one(streams, args.file)
    export = _renderer("gdprkit.render.fides", "export_fides", "Fides exporter")
    text, notes = _call(export, register)
    for note in notes:
        _warn(streams, note)
    _write(streams, text, args.output)
    return EXIT_OK


def import_fides(args: argparse.Namespace, streams: _Streams) -> int:
    importer = _renderer("gdprkit.render.fides", "import_fides", "Fides importer")

    def read() -> Any:
        if args.file == _STDIN:
            data, source = _read_stdin(streams), _STDIN_NAME
        else:
            data, source = Path(args.file).read_bytes(), args.file
        return _call(importer, data, source=source)

    return _write_imported(args, streams, read)
