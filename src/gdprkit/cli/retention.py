"""``gdprkit retention``: the retention schedule of a register."""

from __future__ import annotations

import argparse
import datetime as dt

from gdprkit.cli._common import (
    _STDIN,
    _STDIN_NAME,
    EXIT_OK,
    _load_one,
    _refuse_overwrite,
    _Streams,
    _write,
)
from gdprkit.render.retention import Schedule, render_schedule, retention_rows


def cmd_retention(args: argparse.Namespace, streams: _Streams) -> int:
    _refuse_overwrite(args.output, [args.file], in_place=args.in_place)
    register = _load_one(streams, args.file)
    events = dict(args.event or ())
    as_of = args.as_of or dt.date.today()
    source = _STDIN_NAME if args.file == _STDIN else args.file
    schedule = Schedule(retention_rows(register, events, as_of), source, events, as_of)
    _write(streams, render_schedule(schedule, args.format), args.output)
    return EXIT_OK
