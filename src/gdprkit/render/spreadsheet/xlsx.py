"""The ``xlsx`` backend (openpyxl, extra ``xlsx``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

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


def _styles(openpyxl: Any, workbook: Any) -> dict[tuple[str, bool], str]:
    """The workbook's named styles, by (kind of row, wrapped text): a cell
    takes one by name instead of a font, a fill and an alignment of its own,
    which openpyxl would hash again for every cell."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    looks = {
        "title": {"font": Font(bold=True, size=12), "fill": PatternFill("solid", fgColor="DDE6F0")},
        "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="F2F2F2")},
        "": {},
    }
    names: dict[tuple[str, bool], str] = {}
    for kind, look in looks.items():
        for wrap in (False, True):
            if not look and not wrap:
                continue  # the default style
            name = f"gdprkit {kind or 'text'}{' wrapped' if wrap else ''}"
            alignment = Alignment(wrap_text=True, vertical="top") if wrap else Alignment()
            workbook.add_named_style(NamedStyle(name=name, alignment=alignment, **look))
            names[kind, wrap] = name
    return names


def _new_sheet(workbook: Any, name: str) -> Any:
    """``workbook.create_sheet(name)`` without openpyxl's check of the title
    against every sheet's (quadratic with one sheet per activity): the names
    are unique already (:func:`~gdprkit.render.spreadsheet.export.sheet_names`)."""
    sheets = workbook._sheets
    workbook._sheets = []
    try:
        sheet = workbook.create_sheet(title=name)
    finally:
        workbook._sheets = [*sheets, *workbook._sheets]
    return sheet


def _write_xlsx(sheets: Iterable[Sheet], notes: list[str], handle: BinaryIO) -> None:
    """*sheets* as an xlsx workbook written to *handle*, in openpyxl's
    write-only mode: each sheet's rows go to a temporary file of openpyxl's
    as the sheet comes, and the workbook is compressed from them straight
    into *handle* at the end.  If anything fails, the archive is closed, and
    the sheets' writers are closed and their files removed.

    The archive is gdprkit's, not made by ``Workbook.save``: openpyxl leaves
    the archive it makes open when a save fails, to be closed when
    collected, which a file already closed makes fail again."""
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.dimensions import ColumnDimension
    from openpyxl.writer.excel import ExcelWriter

    workbook = openpyxl.Workbook(write_only=True)
    try:
        styles = _styles(openpyxl, workbook)
        long_cells = 0
        for sheet in sheets:
            ws = _new_sheet(workbook, sheet.name)
            ws.column_dimensions["A"].width = 42
            # Columns B to H as one range: one object a sheet, not seven,
            # kept by openpyxl for every sheet until the workbook is saved.
            ws.column_dimensions["B"] = ColumnDimension(ws, index="B", min=2, max=8, width=24)
            for r, row in enumerate(sheet.rows):
                kind = "title" if r in sheet.titles else "header" if r in sheet.headers else ""
                cells: list[Any] = []
                for value in row:
                    if value is None:
                        cells.append(None)
                        continue
                    encoded = _encoded(value, xml=True)
                    cell = WriteOnlyCell(ws, value=encoded)
                    text = encoded if isinstance(encoded, str) else None
                    long = text is not None and (len(text) > 40 or "\n" in text)
                    style = styles.get((kind, long))
                    if style is not None:
                        cell.style = style
                    if text is not None:
                        long_cells += len(text) > _EXCEL_MAX
                        cell.data_type = "s"
                    elif isinstance(encoded, dt.date):
                        cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                ws.append(cells)
            ws.close()  # its file closed: one sheet's file open at a time
        if long_cells:
            notes.append(
                f"{long_cells} cell(s) hold more than {_EXCEL_MAX} characters, which Excel cuts "
                "when it opens the file"
            )
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            # What Workbook.save does, into this archive (closed when leaving
            # the block, whether the workbook is whole or not).
            workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
            ExcelWriter(workbook, archive).write_data()
    except BaseException:
        _discard(workbook)
        raise


def _discard(workbook: Any) -> None:
    """Close the writers of a write-only workbook that will not be saved and
    remove their files (otherwise each would fail again when collected, and
    the files would stay until the process ends)."""
    from openpyxl.worksheet import _writer

    for ws in workbook._sheets:
        writer = ws._writer
        if writer is None:
            continue
        for generator in (ws._rows, writer.xf):
            if generator is not None:
                with contextlib.suppress(Exception):
                    generator.close()
        with contextlib.suppress(OSError, ValueError):
            Path(writer.out).unlink(missing_ok=True)
            _writer.ALL_TEMP_FILES.remove(writer.out)


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
