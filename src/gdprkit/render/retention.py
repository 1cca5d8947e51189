"""The retention schedule of a register: each data category's period, and
when its data are archived and erased, as text, JSON or CSV.

The dates and the status come from the model
(:meth:`gdprkit.model.RetentionRule.schedule` and ``status``); this module
lays them out.  ``gdprkit retention`` prints it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import attrs

from gdprkit._json import json_text
from gdprkit.model import Event, Register, RetentionStatus
from gdprkit.render._labels import duration_text
from gdprkit.render._terminal import terminal_safe
from gdprkit.render.spreadsheet.cells import neutralise
from gdprkit.render.spreadsheet.csv import csv_text


__all__ = ["COLUMNS", "FORMATS", "Schedule", "render_schedule", "retention_rows"]


COLUMNS = (
    "path",
    "activity",
    "activity_name",
    "data_category",
    "kind",
    "period",
    "period_words",
    "start",
    "start_description",
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


def _event_words(event: Event | None) -> str:
    return event.value.replace("-", " ") if event is not None else ""


def retention_rows(
    register: Register, events: dict[Event, dt.date], as_of: dt.date
) -> list[dict[str, str]]:
    """One row per data category of *register* (:data:`COLUMNS`): its
    retention as stated, and when its data are archived and erased and where
    they stand on *as_of*, from the dates of *events* (the model's
    :meth:`~gdprkit.model.RetentionRule.schedule` and
    :meth:`~gdprkit.model.RetentionRule.status`)."""
    rows: list[dict[str, str]] = []
    for i, activity in enumerate(register.activities):
        for j, category in enumerate(activity.data_categories):
            rule = category.retention
            row = dict.fromkeys(COLUMNS, "")
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
                "period_words": duration_text(rule.duration, "en") if rule.duration else "",
                "start": rule.start.value if rule.start else "",
                "start_description": rule.start_description or "",
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
                    else duration_text(length, "en"),
                    "archive_legal_ground": rule.archive.legal_ground or "",
                }
            # A described event is this rule's own: no --event date is its date.
            described = rule.start is Event.OTHER
            start = events.get(rule.start) if rule.start and not described else None
            until = events.get(rule.until) if rule.until else None
            schedule = rule.schedule(start, until_date=until)
            if schedule.active_until is not None:
                row["active_until"] = schedule.active_until.isoformat()
            if schedule.erase_on is not None:
                row["erase_on"] = schedule.erase_on.isoformat()
            row["status"] = rule.status(as_of, start, until_date=until).value
            rows.append(row)
    return rows


@attrs.frozen
class Schedule:
    """The retention schedule of a register, as the output formats see it."""

    rows: list[dict[str, str]]
    source: str
    events: dict[Event, dt.date]
    as_of: dt.date


def _retention_json(schedule: Schedule) -> str:
    document = {
        "format_version": 1,
        "file": schedule.source,
        "as_of": schedule.as_of.isoformat(),
        "events": {e.value: d.isoformat() for e, d in schedule.events.items()},
        "rows": [{k: (v or None) for k, v in row.items()} for row in schedule.rows],
    }
    return json_text(document)


def _retention_csv(schedule: Schedule) -> str:
    # As the spreadsheet export writes CSV: a cell that a spreadsheet would
    # run as a formula gets an apostrophe, and every cell holding a line end
    # (a bare carriage return too) is quoted.
    table = [list(COLUMNS)]
    table += [[neutralise(row[column]) for column in COLUMNS] for row in schedule.rows]
    return csv_text(table)


def _retention_text(schedule: Schedule) -> str:
    rows, source, events, as_of = schedule.rows, schedule.source, schedule.events, schedule.as_of
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
    # gdprkit's words hold no control character: escaping each line escapes
    # the register's text, which can then neither forge nor hide a line.
    return "\n".join(terminal_safe(line) for line in out) + "\n"


def _retention_lines(row: dict[str, str]) -> list[str]:
    if row["status"] == "not-stated":
        return ["Kept:      not stated in the register"]
    lines = []
    period = ""
    if row["period"]:
        period = f"{row['period']} ({row['period_words']})"
        if row["start_description"] and row["start"] == Event.OTHER.value:
            period += f" from {json.dumps(row['start_description'], ensure_ascii=False)}"
        elif row["start"]:
            period += f" from {_event_words(Event(row['start']))}"
    if row["until"]:
        until = f"until {_event_words(Event(row['until']))}"
        period = f"{period}, or {until} if earlier" if period else until
    by_law = not period and bool(row["legal_reference"])
    if not period:
        period = "set by law, its figure not stated" if by_law else "not bounded"
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
    if row["status"] == RetentionStatus.PAST_CALENDAR.value:
        if row["active_until"]:
            lines.append(f"Archived:  {row['active_until']}")
        lines.append("Deletion:  after 9999-12-31, past the end of the calendar")
        lines.append(f"Status:    {row['status']}")
    elif row["erase_on"]:
        if row["archive"]:
            lines.append(f"Archived:  {row['active_until']}")
        lines.append(f"Deletion:  {row['erase_on']}")
        lines.append(f"Status:    {row['status']}")
    elif row["active_until"]:
        lines.append(f"Archived:  {row['active_until']}")
        lines.append("Deletion:  unknown; the archive's length is not stated")
        lines.append(f"Status:    {row['status']}")
    elif by_law:
        lines.append("Deletion:  unknown; state the period the law sets")
        lines.append(f"Status:    {row['status']}")
    elif row["status"] == "unknown":
        needed = [e for e in (row["start"], row["until"]) if e and e != Event.OTHER.value]
        give = " or ".join(f"--event {e}=YYYY-MM-DD" for e in needed) or "a start event"
        if row["start"] == Event.OTHER.value:
            # A described event is the rule's own: no --event gives its date.
            known = "the date of the described event it counts from is not known"
            lines.append(f"Deletion:  unknown; {known}" + (f"; give {give}" if needed else ""))
        else:
            lines.append(f"Deletion:  unknown; give {give}")
    return lines


FORMATS: dict[str, Callable[[Schedule], str]] = {
    "text": _retention_text,
    "json": _retention_json,
    "csv": _retention_csv,
}
"""The formats of the schedule (``gdprkit retention --format``)."""


def render_schedule(schedule: Schedule, format: str = "text") -> str:
    """The retention *schedule* as text, JSON or CSV (:data:`FORMATS`).

    Raises:
        ValueError: for another format.
    """
    render = FORMATS.get(format)
    if render is None:
        msg = f"unknown retention schedule format {format!r} (known: {', '.join(FORMATS)})"
        raise ValueError(msg)
    return render(schedule)
