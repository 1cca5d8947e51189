"""``gdprkit notice``, ``gdprkit report`` and ``gdprkit export`` to a document
(``docx``, ``html``) or to DPV JSON-LD (``dpv``): documents rendered from a register."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING

from gdprkit.cli._common import (
    _STDIN,
    EXIT_FINDINGS,
    EXIT_OK,
    CommandError,
    _call,
    _load_one,
    _project,
    _refuse_overwrite,
    _renderer,
    _resolve_rules,
    _split,
    _Streams,
    _write,
)


if TYPE_CHECKING:
    from gdprkit.model import Register


def cmd_notice(args: argparse.Namespace, streams: _Streams) -> int:
    _refuse_overwrite(args.output, [args.file], in_place=args.in_place)
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

    def render() -> object:
        try:
            return render_notice(
                register,
                lang=args.lang,
                format=args.format,
                activities=wanted or None,
                mode="final" if args.final else "draft",
                fragment=args.fragment,
            )
        except ValueError as error:
            if hasattr(error, "gaps"):  # NoticeIncomplete: what is missing, exit status 1
                raise CommandError(str(error), EXIT_FINDINGS) from None
            raise

    text = _call(render)
    _write(streams, _ends_with_newline(str(text)), args.output)
    return EXIT_OK


def _ends_with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def cmd_report(args: argparse.Namespace, streams: _Streams) -> int:
    _, options = _project(args)
    _resolve_rules(options.resolved(), options.select, options.ignore)
    _refuse_overwrite(args.output, [args.file], in_place=args.in_place)
    register = _load_one(streams, args.file)
    render_report = _renderer("gdprkit.render.report", "render_report", "report renderer")
    report = options.validate(register)
    text = _call(render_report, register, report, format=args.format, lang=args.lang)
    _write(streams, _ends_with_newline(str(text)), args.output)
    return EXIT_OK


def export_document(args: argparse.Namespace, streams: _Streams, format_: str) -> int:
    """``gdprkit export --format docx|html|dpv``: the register document for the
    supervisory authority, or the register as DPV JSON-LD (``-o -`` writes the
    text formats to standard output)."""
    if format_ == "dpv" and args.lang is not None:
        msg = "--lang does not apply to dpv (the register's own text is written as it is)"
        raise CommandError(msg)
    if format_ != "dpv" and args.base is not None:
        msg = f"--base applies to dpv only, not to {format_}"
        raise CommandError(msg)
    if format_ == "docx" and args.output == _STDIN:
        msg = "a .docx is binary: give a file with --output"
        raise CommandError(msg)
    register = _load_one(streams, args.file)
    _DOCUMENTS[format_](args, streams, register, args.lang or "fr")
    return EXIT_OK


def _dpv(args: argparse.Namespace, streams: _Streams, register: Register, _lang: str) -> None:
    export_dpv = _renderer("gdprkit.render.dpv", "export_dpv", "DPV exporter")
    _write(streams, str(_call(export_dpv, register, base=args.base)), args.output)


def _html(args: argparse.Namespace, streams: _Streams, register: Register, lang: str) -> None:
    render = _renderer(
        "gdprkit.render.register_document", "render_document_html", "register document renderer"
    )
    _write(streams, str(_call(render, register, lang=lang)), args.output)


def _docx(args: argparse.Namespace, _streams: _Streams, register: Register, lang: str) -> None:
    write_document = _renderer(
        "gdprkit.render.register_document", "write_document", "register document renderer"
    )
    try:
        _call(write_document, register, args.output, format="docx", lang=lang)
    except OSError as error:
        msg = f"cannot write {args.output}: {error.strerror or error}"
        raise CommandError(msg) from None


_DOCUMENTS: dict[str, Callable[[argparse.Namespace, _Streams, Register, str], None]] = {
    "docx": _docx,
    "html": _html,
    "dpv": _dpv,
}
"""What writes each document format of ``gdprkit export`` (the order of
``gdprkit.cli._common._DOCUMENT_FORMATS``)."""
