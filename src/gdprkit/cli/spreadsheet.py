"""``gdprkit export`` and ``gdprkit import``: the register as a spreadsheet, or
as a Fides manifest (``gdprkit.cli.fides``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from gdprkit.cli._common import (
    _DOCUMENT_FORMATS,
    _EXPORT_FORMATS,
    _EXPORT_SUFFIXES,
    _SPREADSHEET_FORMATS,
    EXIT_OK,
    CommandError,
    _call,
    _load_one,
    _refuse_overwrite,
    _renderer,
    _Streams,
    _warn,
    _write_imported,
)
from gdprkit.cli.fides import FIDES_SUFFIXES, export_fides, import_fides


def _export_spreadsheet(args: argparse.Namespace, streams: _Streams, format_: str) -> int:
    """``gdprkit export --format xlsx|csv|ods``: the CNIL template's layout."""
    if args.lang is not None or args.base is not None:
        msg = f"--lang and --base do not apply to {format_} (the spreadsheet is in French)"
        raise CommandError(msg)
    register = _load_one(streams, args.file)
    export_register = _renderer(
        "gdprkit.render.spreadsheet", "export_register", "spreadsheet exporter"
    )
    try:
        notes = _call(export_register, register, Path(args.output), format=format_)
    except OSError as error:
        msg = f"cannot write {args.output}: {error.strerror or error}"
        raise CommandError(msg) from None
    for note in notes or ():
        _warn(streams, note)
    return EXIT_OK


def _export_document(args: argparse.Namespace, streams: _Streams, format_: str) -> int:
    # Imported here: the documents module loads the rules, which a
    # spreadsheet export does not need.
    from gdprkit.cli.documents import export_document

    return export_document(args, streams, format_)


EXPORTS: dict[str, Callable[[argparse.Namespace, _Streams, str], int]] = {
    **dict.fromkeys(_SPREADSHEET_FORMATS, _export_spreadsheet),
    **dict.fromkeys(_DOCUMENT_FORMATS, _export_document),
    "fides": lambda args, streams, _: export_fides(args, streams),
}
"""What writes each format of ``gdprkit export`` (``--format``, or the output
file's extension)."""

_SUFFIXES = {**_EXPORT_SUFFIXES, **{suffix[1:]: "fides" for suffix in FIDES_SUFFIXES}}
"""Output file extensions that are not the format's name."""


def cmd_export(args: argparse.Namespace, streams: _Streams) -> int:
    suffix = Path(args.output).suffix.lower().lstrip(".")
    format_ = args.format or _SUFFIXES.get(suffix, suffix)
    export = EXPORTS.get(format_)
    if export is None:
        msg = (
            f"cannot tell the format from {args.output!r}: "
            f"give --format {'|'.join(_EXPORT_FORMATS)}"
        )
        raise CommandError(msg)
    _refuse_overwrite(args.output, [args.file], in_place=args.in_place)
    return export(args, streams, format_)


def cmd_import(args: argparse.Namespace, streams: _Streams) -> int:
    source = Path(args.file)
    if args.source_format == "fides" or (
        args.source_format is None and source.suffix.lower() in FIDES_SUFFIXES
    ):
        return import_fides(args, streams)
    if not source.is_file():
        msg = f"cannot read {args.file}: no such file"
        raise CommandError(msg)
    _refuse_overwrite(args.output, [args.file], in_place=args.in_place)
    import_register = _renderer(
        "gdprkit.render.spreadsheet", "import_register", "spreadsheet importer"
    )
    return _write_imported(args, streams, lambda: _call(import_register, source))
