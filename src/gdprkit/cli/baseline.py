"""``gdprkit baseline``: accept a register's findings as they are today."""

from __future__ import annotations

import argparse
import datetime as dt

from gdprkit.acceptance import baseline_entries, validate
from gdprkit.cli._common import (
    EXIT_OK,
    _load_one,
    _resolve_profiles,
    _resolve_rules,
    _split,
    _Streams,
    _write,
)
from gdprkit.serialization.baseline import dumps_baseline


def cmd_baseline(args: argparse.Namespace, streams: _Streams) -> int:
    names = tuple(_split(args.profile)) or ("gdpr",)
    profiles = _resolve_profiles(names, tuple(args.plugin or ()))
    select, ignore = tuple(_split(args.select)), tuple(_split(args.ignore))
    _resolve_rules(profiles, select, ignore)
    register = _load_one(streams, args.file)
    as_of = args.as_of or dt.date.today()
    report = validate(register, profiles=profiles, as_of=as_of, select=select, ignore=ignore)
    justification = args.justification or (
        f"Present when the baseline was taken on {as_of.isoformat()}; to be assessed."
    )
    entries = baseline_entries(
        report, register, justification=justification, decided_by=args.decided_by, until=args.until
    )
    _write(streams, dumps_baseline(entries, as_of=as_of), args.output)
    count = len(entries)
    streams.stderr.write(f"Baseline: {count} finding{'s' if count != 1 else ''} accepted.\n")
    return EXIT_OK
