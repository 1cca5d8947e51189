"""``gdprkit export`` and ``gdprkit import``: the register as a spreadsheet, or
as a Fides manifest (``gdprkit.cli.fides``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from gdprkit.cli._common import (
    _DOCUMENT_FORMATS,
    _EXPORT_FORMATS,
    _EXPORT_SUFFIXES,
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


def cmd_export(args: argparse.Namespace, streams: _Streams) -> int:
    output = Path(args.output)
    if args.format == "fides" or (args.format is None and output.suffix.lower() in FIDES_SUFFIXES):
        return export_fides(args, streams)
    suffix = output.suffix.lower().lstrip(".")
    format_ = args.format or _EXPORT_SUFFIXES.get(suffix, suffix)
    if format_ not in _EXPORT_FORMATS:
        msg = (
            f"cannot tell the format from {args.output!r}: "
            f"give --format {'|'.join(_EXPORT_FORMATS)}"
        )
        raise CommandError(msg)
    _refuse_overwrite(args.output, [args.file], in_place=args.in_place)
    if format_ in _DOCUMENT_FORMATS:
        # Imported here: the documents module loads the rules, which a
        # spreadsheet export does not need.
        from gdprkit.cli.documents import export_document

        return export_document(args, streams, format_)
    if args.lang is not None or args.base is not None:
        msg = f"--lang and --base do not apply to {format_} (the spreadsheet is in French)"
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
        _warn(streams, note)
    return EXIT_OK


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
