"""The ``csv`` backend: one file holding every sheet, in long form.

A file is read by :mod:`csv` in strict mode; whatever that refuses is read
again by a small RFC 4180 reader (:func:`_records`), which either reads it
(a cell over 131,072 characters, :mod:`csv`'s limit, which only a
process-wide setting would raise) or says where and why it cannot (a file
that stops inside a quoted cell, the mark of a cut file).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from gdprkit.render.spreadsheet.bounds import (
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEETS,
    Unreadable,
    check_cell,
    check_size,
)
from gdprkit.render.spreadsheet.cells import _FORMULA_START, _column, neutralise, unneutralise
from gdprkit.render.spreadsheet.layout import Cell, RawSheet, Sheet


CSV_SHEET = "Feuille"
"""What the first column of the CSV form holds: the sheet each row belongs to."""


def _csv_cell(value: Cell) -> str:
    if type(value) is str:
        return "'" + value if value.startswith(_FORMULA_START) else value
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralise(text)


def csv_text(rows: Sequence[Sequence[Cell]]) -> str:
    """Rows as RFC 4180 CSV: comma-separated, CRLF line ends, every cell that
    holds a comma, a quote, a line feed or a carriage return quoted (a bare
    carriage return ends a row for most readers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _write_csv(sheets: Iterable[Sheet]) -> bytes:
    """The CSV form of *sheets* (:func:`_stream_csv`), as bytes."""
    buffer = io.BytesIO()
    _stream_csv(sheets, buffer)
    return buffer.getvalue()


def _stream_csv(sheets: Iterable[Sheet], handle: BinaryIO) -> None:
    """Write *sheets* to *handle* in the CSV form, each sheet as it comes:
    UTF-8 with a byte-order mark; each row as wide as the layout makes it
    (a table's rows as its header), the first row alone padded with empty
    cells to the width of the widest, so that a reader taking the number of
    columns from the first line (pandas) reads every row.

    The widest row is a table's header, and every fiche has the same tables:
    the width is known from the cover sheet and the first fiche, so the
    sheets after them are written without being kept.

    Raises:
        ValueError: for a row wider than the cover sheet's and the first
            fiche's rows (the layout never makes one).
    """
    sheets = iter(sheets)
    first = list(itertools.islice(sheets, 2))
    width = max((len(r) for sheet in first for r in sheet.rows), default=0)
    handle.write(codecs.BOM_UTF8)
    pad = width  # only the file's first row is padded
    for sheet in itertools.chain(first, sheets):
        if sheet.rows and max(map(len, sheet.rows)) > width:
            msg = f"sheet {sheet.name!r} has a row wider than the layout's widest header"
            raise ValueError(msg)
        handle.write(_sheet_text(sheet, pad).encode("utf-8"))
        pad = 0


_SUSPECT = re.compile(",(?:[-=+@\t']|\"[-=+@\t\r'])")
"""How a cell that :func:`neutralise` would change starts in the text
:mod:`csv` writes: after the comma that ends the cell before it (the first
cell, the sheet's name, is neutralised beforehand), either as it is or
after the opening quote of a quoted cell (a cell holding a carriage return
is always quoted: a comma before a bare one ends a row on an empty cell)."""


def _sheet_text(sheet: Sheet, width: int) -> str:
    """The CSV text of *sheet*'s rows, each after the sheet's name, the first
    padded with empty cells to *width* cells after the name.

    The cells go to :mod:`csv` as they are (it writes ``None`` as an empty
    cell, a number and a date as :func:`str` does: ISO 8601 for a date); a
    sheet whose text holds a cell that may start like a formula
    (:data:`_SUSPECT`, found in one search: such texts are rare) is written
    again with each cell through :func:`_csv_cell`."""
    name = neutralise(sheet.name)
    text = _rows_text(name, sheet.rows, width)
    if _SUSPECT.search(text) is None:
        return text
    return _rows_text(name, [list(map(_csv_cell, row)) for row in sheet.rows], width)


def _rows_text(name: str, rows: Sequence[Sequence[Cell]], width: int) -> str:
    lines = [[name, *row] for row in rows]
    if lines:
        lines[0] += [None] * (width + 1 - len(lines[0]))
    return csv_text(lines)


def _read_csv(path: Path) -> list[RawSheet]:
    check_size(path.stat().st_size, "", MAX_BYTES, "bytes")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        records: list[list[str]] = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        )
    except csv.Error:
        records = list(_records(text, delimiter))
    sheets: list[RawSheet] = []
    for row in records:
        if not row or row == [""]:
            continue
        check_size(len(row), sheets[-1].name if sheets else "", MAX_COLUMNS, "cells in a row")
        name = unneutralise(row[0])
        cells: list[object] = [unneutralise(v) if v != "" else None for v in row[1:]]
        while cells and cells[-1] is None:
            cells.pop()
        if not sheets or sheets[-1].name != name:
            check_size(len(sheets) + 1, "", MAX_SHEETS, "sheets")
            sheets.append(RawSheet(name, []))
        rows = sheets[-1].rows
        check_size(len(rows) + 1, name, MAX_ROWS, "rows")
        rows.append(cells)
    return sheets


_CELLS: dict[str, re.Pattern[str]] = {}


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    """The rows of RFC 4180 *text*: quoted cells may hold the delimiter,
    line ends and doubled quotes; a row ends at CRLF, LF or CR.

    Raises:
        Unreadable: for a quoted cell that is not closed (the file is cut),
            text after a closing quote, or a row or cell beyond the limits.
    """
    pattern = _CELLS.get(delimiter)
    if pattern is None:
        pattern = re.compile(rf'"([^"]*(?:""[^"]*)*)"|([^"{re.escape(delimiter)}\r\n]*)')
        _CELLS[delimiter] = pattern
    end = len(text)
    position = 0
    line = 1
    row: list[str] = []
    while position < end:
        found = pattern.match(text, position)
        assert found is not None  # noqa: S101 - the second branch matches the empty string
        quoted = found.group(1)
        if quoted is not None:
            value = quoted.replace('""', '"')
            line += quoted.count("\n") + quoted.count("\r") - quoted.count("\r\n")
        else:
            value = found.group(2)
        if len(value) > MAX_CELL:
            check_cell(value, f"line {line}, {_column(len(row))}")
        row.append(value)
        position = found.end()
        if position == end:
            break
        char = text[position]
        if char == delimiter:
            position += 1
            if position == end:
                row.append("")
            continue
        if char in "\r\n":
            position += 2 if text.startswith("\r\n", position) else 1
            line += 1
            yield row
            row = []
            continue
        where = f"line {line}, {_column(len(row) - 1)}"
        if char == '"' and found.group(2) == "":
            msg = "a quoted cell is not closed: the file ends inside it (it may be cut)"
            raise Unreadable(where, msg)
        msg = f"unexpected {char!r} after a cell (a quote inside a cell must be doubled)"
        raise Unreadable(where, msg)
    if row:
        yield row
