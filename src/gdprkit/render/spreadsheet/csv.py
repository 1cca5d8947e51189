"""The ``csv`` backend: one file holding every sheet, in long form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable
from pathlib import Path

from gdprkit.render.spreadsheet.cells import neutralise, unneutralise
from gdprkit.render.spreadsheet.layout import Cell, RawSheet, Sheet


CSV_SHEET = "Feuille"
"""What the first column of the CSV form holds: the sheet each row belongs to."""


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralise(text)


def _write_csv(sheets: Iterable[Sheet], path: Path) -> None:
    # Every row as wide as the widest, which is a table's header: the cover
    # and the first fiche hold them all (every fiche has the same tables), so
    # the other sheets are written as they come.
    rest = iter(sheets)
    first = list(itertools.islice(rest, 2))
    width = 1 + max((len(r) for sheet in first for r in sheet.rows), default=1)
    padding = ("",) * width
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for sheet in itertools.chain(first, rest):
            name = _csv_cell(sheet.name)
            for row in sheet.rows:
                writer.writerow((name, *map(_csv_cell, row), *padding[len(row) + 1 :]))


def _read_csv(path: Path) -> list[RawSheet]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    sheets: list[RawSheet] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if not row:
            continue
        name = unneutralise(row[0])
        cells: list[object] = [unneutralise(v) if v != "" else None for v in row[1:]]
        while cells and cells[-1] is None:
            cells.pop()
        if not sheets or sheets[-1].name != name:
            sheets.append(RawSheet(name, []))
        sheets[-1].rows.append(cells)
    return sheets
