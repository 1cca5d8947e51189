"""The ``ods`` backend (odfpy, extra ``ods``)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from gdprkit.render import MissingDependency
from gdprkit.render.spreadsheet.bounds import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEETS,
    Unreadable,
    check_archive,
    check_cell,
    check_size,
)
from gdprkit.render.spreadsheet.cells import _column, _decoded, _encoded
from gdprkit.render.spreadsheet.layout import Cell, RawSheet, Sheet


def _odf() -> Any:
    try:
        import odf.opendocument
        import odf.style
        import odf.table
        import odf.teletype
        import odf.text
    except ImportError as error:
        raise MissingDependency("odfpy", "ods", purpose="for .ods spreadsheets") from error
    return odf


def _write_ods(sheets: Iterable[Sheet]) -> bytes:
    odf = _odf()
    doc = odf.opendocument.OpenDocumentSpreadsheet()
    bold = odf.style.Style(name="gdprkitBold", family="table-cell")
    bold.addElement(odf.style.TextProperties(fontweight="bold"))
    title = odf.style.Style(name="gdprkitTitle", family="table-cell")
    title.addElement(odf.style.TextProperties(fontweight="bold", fontsize="12pt"))
    title.addElement(odf.style.TableCellProperties(backgroundcolor="#DDE6F0"))
    wide = odf.style.Style(name="gdprkitWide", family="table-column")
    wide.addElement(odf.style.TableColumnProperties(columnwidth="9cm"))
    normal = odf.style.Style(name="gdprkitNormal", family="table-column")
    normal.addElement(odf.style.TableColumnProperties(columnwidth="5cm"))
    for style in (bold, title):
        doc.automaticstyles.addElement(style)
    for style in (wide, normal):
        doc.automaticstyles.addElement(style)
    for sheet in sheets:
        table = odf.table.Table(name=sheet.name)
        table.addElement(odf.table.TableColumn(stylename=wide))
        width = max((len(r) for r in sheet.rows), default=1)
        if width > 1:
            table.addElement(
                odf.table.TableColumn(stylename=normal, numbercolumnsrepeated=width - 1)
            )
        for r, row in enumerate(sheet.rows):
            tr = odf.table.TableRow()
            style = title if r in sheet.titles else bold if r in sheet.headers else None
            for value in row:
                tr.addElement(_ods_cell(odf, _encoded(value, xml=True), style))
            if not row:
                tr.addElement(odf.table.TableCell())
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _ods_cell(odf: Any, value: Cell, style: Any) -> Any:
    extra = {"stylename": style} if style is not None else {}
    if value is None:
        return odf.table.TableCell(**extra)
    if isinstance(value, int):
        cell = odf.table.TableCell(valuetype="float", value=value, **extra)
        cell.addElement(odf.text.P(text=str(value)))
        return cell
    if isinstance(value, dt.date):
        cell = odf.table.TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
        cell.addElement(odf.text.P(text=value.isoformat()))
        return cell
    cell = odf.table.TableCell(valuetype="string", **extra)
    paragraph = odf.text.P()
    odf.teletype.addTextToElement(paragraph, value)
    cell.addElement(paragraph)
    return cell


def _read_ods(path: Path) -> list[RawSheet]:
    odf = _odf()
    from odf.namespaces import OFFICENS, TABLENS

    check_archive(path)
    doc = odf.opendocument.load(str(path))
    sheets = []
    tables = doc.spreadsheet.getElementsByType(odf.table.Table)
    check_size(len(tables), "", MAX_SHEETS, "sheets")
    for table in tables:
        name = str(table.getAttrNS(TABLENS, "name"))
        rows: list[list[object]] = []
        blank_rows = 0  # empty rows are only added when a filled row follows
        groups = ("table-header-rows", "table-row-group", "table-rows")
        for tr in _children(table, "table-row", TABLENS, *groups):
            cells: list[object] = []
            blank_cells = 0
            for tc in tr.childNodes:
                kind = getattr(tc, "qname", (None, None))
                if kind[0] != TABLENS or kind[1] not in ("table-cell", "covered-table-cell"):
                    continue
                value = _ods_value(odf, tc, OFFICENS) if kind[1] == "table-cell" else None
                repeat = _repeat(tc, "number-columns-repeated", TABLENS)
                if value is None:
                    blank_cells += repeat
                    continue
                where = f"{name}!{_column(len(cells) + blank_cells)}{len(rows) + blank_rows + 1}"
                check_size(len(cells) + blank_cells + repeat, where, MAX_COLUMNS, "cells in a row")
                check_cell(value, where)
                cells.extend([None] * blank_cells)
                blank_cells = 0
                cells.extend([value] * repeat)
            repeat = _repeat(tr, "number-rows-repeated", TABLENS)
            if not cells:
                blank_rows += repeat  # counted, not built: trailing blank rows are common
                continue
            check_size(len(rows) + blank_rows + repeat, name, MAX_ROWS, "rows")
            rows.extend([] for _ in range(blank_rows))
            blank_rows = 0
            rows.extend(list(cells) for _ in range(repeat))
        sheets.append(RawSheet(name, rows))
    return sheets


def _repeat(node: Any, attribute: str, ns: str) -> int:
    text = str(node.getAttrNS(ns, attribute) or "1")
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        msg = f"{attribute}={text!r} is not a count"
        raise Unreadable("", msg)
    return int(text)


def _children(node: Any, wanted: str, ns: str, *groups: str) -> Iterator[Any]:
    for child in node.childNodes:
        if getattr(child, "qname", (None, None))[0] != ns:
            continue
        if child.qname[1] == wanted:
            yield child
        elif child.qname[1] in groups:
            yield from _children(child, wanted, ns, *groups)


def _ods_value(odf: Any, cell: Any, officens: str) -> object:
    kind = cell.getAttrNS(officens, "value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttrNS(officens, "value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = str(cell.getAttrNS(officens, "date-value"))
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if kind == "boolean":
        return cell.getAttrNS(officens, "boolean-value") == "true"
    paragraphs = [
        odf.teletype.extractText(p)
        for p in cell.childNodes
        if getattr(p, "qname", (None, ""))[1] == "p"
    ]
    if not paragraphs:
        return None
    return _decoded("\n".join(paragraphs), xml=True)
