"""The ``xlsx`` backend (openpyxl, extra ``xlsx``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gdprkit.render import MissingDependency
from gdprkit.render.spreadsheet.bounds import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEETS,
    check_archive,
    check_cell,
    check_size,
)
from gdprkit.render.spreadsheet.cells import _column, _decoded, _encoded
from gdprkit.render.spreadsheet.layout import RawSheet, Sheet


_EXCEL_MAX = 32_767


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:
        raise MissingDependency("openpyxl", "xlsx", purpose="for .xlsx spreadsheets") from error
    return openpyxl


def _write_xlsx(sheets: Sequence[Sheet], notes: list[str]) -> bytes:
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    title_font, header_font = Font(bold=True, size=12), Font(bold=True)
    title_fill = PatternFill("solid", fgColor="DDE6F0")
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    wrap = Alignment(wrap_text=True, vertical="top")
    long_cells = 0
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.name)
        ws.column_dimensions["A"].width = 42
        for letter in ("B", "C", "D", "E", "F", "G", "H"):
            ws.column_dimensions[letter].width = 24
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                encoded = _encoded(value, xml=True)
                if isinstance(encoded, str):
                    long_cells += len(encoded) > _EXCEL_MAX
                    cell.value = encoded
                    cell.data_type = "s"
                    if len(encoded) > 40 or "\n" in encoded:  # styling every cell is slow
                        cell.alignment = wrap
                elif isinstance(encoded, dt.date):
                    cell.value = encoded
                    cell.number_format = "yyyy-mm-dd"
                else:
                    cell.value = encoded
                if r - 1 in sheet.titles:
                    cell.font, cell.fill = title_font, title_fill
                elif r - 1 in sheet.headers:
                    cell.font, cell.fill = header_font, header_fill
    if long_cells:
        notes.append(
            f"{long_cells} cell(s) hold more than {_EXCEL_MAX} characters, which Excel cuts "
            "when it opens the file"
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_xlsx(path: Path) -> list[RawSheet]:
    openpyxl = _openpyxl()
    check_archive(path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        check_size(len(workbook.worksheets), "", MAX_SHEETS, "sheets")
        return [_read_sheet(ws) for ws in workbook.worksheets]
    finally:
        workbook.close()


def _read_sheet(ws: Any) -> RawSheet:
    # The sheet's <dimension> is a claim, not a fact: read the rows there are
    # (a dimension that understates the sheet would lose rows, one that
    # overstates it would pad every row to its width).
    ws.reset_dimensions()
    rows: list[list[object]] = []
    for row in ws.iter_rows(values_only=True):
        number = len(rows) + 1
        check_size(number, ws.title, MAX_ROWS, "rows")
        check_size(len(row), f"{ws.title}!{number}", MAX_COLUMNS, "cells in a row")
        for index, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL:
                check_cell(value, f"{ws.title}!{_column(index)}{number}")
        rows.append([_decoded(v, xml=True) for v in row])
    return RawSheet(ws.title, rows)
