"""``gdprkit notice`` and ``gdprkit report``: documents rendered from a register."""

from __future__ import annotations

import argparse
import difflib

from gdprkit.cli._common import (
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
