"""``gdprkit retention``: the retention schedule of a register."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json

from gdprkit.cli._common import _STDIN, _STDIN_NAME, EXIT_OK, _load_one, _Streams, _write
from gdprkit.model import Duration, Event, Register


# -- retention ------------------------------------------------------------------------------

_RETENTION_COLUMNS = (
    "path",
    "activity",
    "activity_name",
    "data_category",
    "kind",
    "period",
    "period_words",
    "start",
    "until",
    "archive",
    "archive_words",
    "archive_legal_ground",
    "end_action",
    "statement",
    "legal_reference",
    "active_until",
    "erase_on",
    "status",
)


_UNSTATED = "unstated"
"""The ``archive`` column of an archive phase whose duration is not stated."""


def duration_words(duration: Duration) -> str:
    """A duration in plain English: ``P1Y6M`` → ``1 year and 6 months``."""
    parts = [
        f"{count} {unit}{'s' if count != 1 else ''}"
        for count, unit in (
            (duration.years, "year"),
            (duration.months, "month"),
            (duration.weeks, "week"),
            (duration.days, "day"),
        )
        if count
    ]
    if not parts:
        return "0 days"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _event_words(event: Event | None) -> str:
    return event.value.replace("-", " ") if event is not None else ""


def _retention_rows(
    register: Register, events: dict[Event, dt.date], as_of: dt.date
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for i, activity in enumerate(register.activities):
        for j, category in enumerate(activity.data_categories):
            rule = category.retention
            row = dict.fromkeys(_RETENTION_COLUMNS, "")
            row |= {
                "path": f"activities[{i}].data_categories[{j}]",
                "activity": activity.id,
                "activity_name": activity.name,
                "data_category": category.name,
                "kind": category.kind.value,
            }
            if rule is None:
                row["status"] = "not-stated"
                rows.append(row)
                continue
            row |= {
                "period": rule.duration.isoformat() if rule.duration else "",
                "period_words": duration_words(rule.duration) if rule.duration else "",
                "start": rule.start.value if rule.start else "",
                "until": rule.until.value if rule.until else "",
                "end_action": rule.end_action.value,
                "statement": rule.statement or "",
                "legal_reference": rule.legal_reference or "",
            }
            if rule.archive is not None:
                length = rule.archive.duration
                row |= {
                    "archive": _UNSTATED if length is None else length.isoformat(),
                    "archive_words": "length not stated"
                    if length is None
                    else duration_words(length),
                    "archive_legal_ground": rule.archive.legal_ground or "",
                }
            schedule = rule.schedule(
                events.get(rule.start) if rule.start else None,
                until_date=events.get(rule.until) if rule.until else None,
            )
            if not rule.is_bounded:
                status = "unbounded"
            elif schedule.active_until is not None and schedule.erase_on is None:
                # An archive of unstated length: archived, never known to be due.
                row["active_until"] = schedule.active_until.isoformat()
                status = "archived" if as_of >= schedule.active_until else "active"
            elif schedule.erase_on is None or schedule.active_until is None:
                status = "unknown"
            else:
                row["active_until"] = schedule.active_until.isoformat()
                row["erase_on"] = schedule.erase_on.isoformat()
                if as_of >= schedule.erase_on:
                    status = "due"
                elif as_of >= schedule.active_until:
                    status = "archived"
                else:
                    status = "active"
            row["status"] = status
            rows.append(row)
    return rows


def _retention_text(
    rows: list[dict[str, str]], source: str, events: dict[Event, dt.date], as_of: dt.date
) -> str:
    out = [f"Retention schedule of {source} (as of {as_of.isoformat()})"]
    if events:
        given = ", ".join(f"{_event_words(e)} {d.isoformat()}" for e, d in events.items())
        out.append(f"Event dates: {given}")
    if not rows:
        out.append("")
        out.append("No data categories in this register.")
    current = None
    for row in rows:
        if row["activity"] != current:
            current = row["activity"]
            out.append("")
            out.append(f"{row['activity']} {json.dumps(row['activity_name'], ensure_ascii=False)}")
        out.append(f"  {row['data_category']} ({row['kind']})")
        out.extend(f"    {line}" for line in _retention_lines(row))
    return "\n".join(out) + "\n"


def _retention_lines(row: dict[str, str]) -> list[str]:
    if row["status"] == "not-stated":
        return ["Kept:      not stated in the register"]
    lines = []
    period = ""
    if row["period"]:
        period = f"{row['period']} ({row['period_words']})"
        if row["start"]:
            period += f" from {_event_words(Event(row['start']))}"
    if row["until"]:
        until = f"until {_event_words(Event(row['until']))}"
        period = f"{period}, or {until} if earlier" if period else until
    if not period:
        period = "not bounded"
    if row["statement"]:
        period += f" ({json.dumps(row['statement'], ensure_ascii=False)})"
    lines.append(f"Kept:      {period}")
    if row["legal_reference"]:
        lines.append(f"Source:    {row['legal_reference']}")
    if row["archive"]:
        ground = f", {row['archive_legal_ground']}" if row["archive_legal_ground"] else ""
        length = (
            row["archive_words"]
            if row["archive"] == _UNSTATED
            else f"{row['archive']} ({row['archive_words']})"
        )
        lines.append(f"Archive:   {length}{ground}")
    lines.append(f"Then:      {row['end_action']}")
    if row["erase_on"]:
        if row["archive"]:
            lines.append(f"Archived:  {row['active_until']}")
        lines.append(f"Deletion:  {row['erase_on']}")
        lines.append(f"Status:    {row['status']}")
    elif row["active_until"]:
        lines.append(f"Archived:  {row['active_until']}")
        lines.append("Deletion:  unknown; the archive's length is not stated")
        lines.append(f"Status:    {row['status']}")
    elif row["status"] == "unknown":
        needed = [e for e in (row["start"], row["until"]) if e]
        hint = " or ".join(f"--event {e}=YYYY-MM-DD" for e in needed) or "a start event"
        lines.append(f"Deletion:  unknown; give {hint}")
    return lines


def cmd_retention(args: argparse.Namespace, streams: _Streams) -> int:
    register = _load_one(streams, args.file)
    events = dict(args.event or ())
    as_of = args.as_of or dt.date.today()
    rows = _retention_rows(register, events, as_of)
    source = _STDIN_NAME if args.file == _STDIN else args.file
    if args.format == "json":
        document = {
            "format_version": 1,
            "file": source,
            "as_of": as_of.isoformat(),
            "events": {e.value: d.isoformat() for e, d in events.items()},
            "rows": [{k: (v or None) for k, v in row.items()} for row in rows],
        }
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_RETENTION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = _retention_text(rows, source, events, as_of)
    _write(streams, text, args.output)
    return EXIT_OK
