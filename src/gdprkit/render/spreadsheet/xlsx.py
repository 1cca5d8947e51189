"""The ``xlsx`` backend: written by gdprkit (SpreadsheetML, as Excel reads it),
read with openpyxl (extra ``xlsx``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from gdprkit.render import optional_library
from gdprkit.render.spreadsheet._archive import XML_HEAD, Archive, now, xml_text
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
    return optional_library("openpyxl", "xlsx", "openpyxl", purpose="for .xlsx spreadsheets")


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_STYLES = f"""{XML_HEAD}<styleSheet xmlns="{_MAIN}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b val="1"/><sz val="12"/><name val="Calibri"/><family val="2"/></font>\
<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="4"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFDDE6F0"/></patternFill></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" applyFont="1" applyFill="1" \
applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="2" fillId="3" borderId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="0" fontId="2" fillId="3" borderId="0" applyFont="1" applyFill="1" \
applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellStyleXfs>\
<cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="1" applyFont="1" applyFill="1"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="2" applyFont="1" applyFill="1" \
applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="3" applyFont="1" applyFill="1"/>\
<xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="4" applyFont="1" applyFill="1" \
applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="5" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="1" fillId="2" borderId="0" xfId="1" applyNumberFormat="1" \
applyFont="1" applyFill="1"/>\
<xf numFmtId="164" fontId="2" fillId="3" borderId="0" xfId="3" applyNumberFormat="1" \
applyFont="1" applyFill="1"/></cellXfs>\
<cellStyles count="6"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
<cellStyle name="gdprkit title" xfId="1"/><cellStyle name="gdprkit title wrapped" xfId="2"/>\
<cellStyle name="gdprkit header" xfId="3"/><cellStyle name="gdprkit header wrapped" xfId="4"/>\
<cellStyle name="gdprkit text wrapped" xfId="5"/></cellStyles></styleSheet>"""
"""The workbook's styles: named styles for titles and headers (bold, with
their fills) and for wrapped text (aligned top), and a date format."""

# The index in <cellXfs> of a cell's style, by kind of row: text (short,
# wrapped), then a date.
_XF = {
    "title": (' s="1"', ' s="2"', ' s="7"'),
    "header": (' s="3"', ' s="4"', ' s="8"'),
    "": ("", ' s="5"', ' s="6"'),
}

_SHEET_HEAD = (
    f'{XML_HEAD}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0"/>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>'
    '<col min="1" max="1" width="42" customWidth="1"/>'
    '<col min="2" max="8" width="24" customWidth="1"/></cols><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"

_EPOCH = dt.date(1899, 12, 30).toordinal()
"""Day 0 of Excel's dates (1900 date system, past its 1900 leap-year bug)."""
_FIRST_DAY = dt.date(1900, 3, 1)
"""Excel shows no date before 1900 and counts a 29 February 1900 that never
was: a date before this one is written as its ISO text (read back as a date)."""

_COLUMNS = [_column(i) for i in range(MAX_COLUMNS)]


def _write_xlsx(sheets: Iterable[Sheet], notes: list[str], handle: BinaryIO) -> None:
    """*sheets* as an xlsx workbook written to *handle*: each sheet's XML goes
    to the archive as the sheet comes, and the parts that list the sheets are
    written after the last one.  Texts are inline strings (no shared-strings
    table to keep until the end).  If anything fails, the archive is closed
    and the caller's atomic write discards the file."""
    names: list[str] = []
    long_cells = [0]
    with Archive(handle) as archive:
        for sheet in sheets:
            names.append(sheet.name)
            archive.part(f"xl/worksheets/sheet{len(names)}.xml", _sheet_xml(sheet, long_cells))
        archive.part("xl/styles.xml", [_STYLES])
        archive.part("xl/workbook.xml", _workbook(names))
        archive.part("xl/_rels/workbook.xml.rels", _workbook_rels(len(names)))
        archive.part("docProps/core.xml", [_core()])
        archive.part("_rels/.rels", [_ROOT_RELS])
        archive.part("[Content_Types].xml", _content_types(len(names)))
    if long_cells[0]:
        notes.append(
            f"{long_cells[0]} cell(s) hold more than {_EXCEL_MAX} characters, which Excel cuts "
            "when it opens the file"
        )


def _sheet_xml(sheet: Sheet, long_cells: list[int]) -> Iterator[str]:
    yield _SHEET_HEAD
    titles, headers = sheet.titles, sheet.headers
    for r, row in enumerate(sheet.rows):
        number = str(r + 1)
        styles = _XF["title" if r in titles else "header" if r in headers else ""]
        cells = [f'<row r="{number}">']
        columns = _COLUMNS if len(row) <= MAX_COLUMNS else [_column(i) for i in range(len(row))]
        for c, value in enumerate(row):
            if value is None:
                continue
            ref = columns[c] + number
            value = _encoded(value, xml=True)
            if type(value) is dt.date and value < _FIRST_DAY:
                value = value.isoformat()
            if type(value) is str:
                if len(value) > _EXCEL_MAX:
                    long_cells[0] += 1
                style = styles[len(value) > 40 or "\n" in value]
                cells.append(
                    f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
                    f"{xml_text(value)}</t></is></c>"
                )
            elif isinstance(value, dt.date):
                serial = value.toordinal() - _EPOCH
                cells.append(f'<c r="{ref}"{styles[2]}><v>{serial}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{styles[0]}><v>{value}</v></c>')
        cells.append("</row>")
        yield "".join(cells)
    yield _SHEET_TAIL


def _workbook(names: list[str]) -> Iterator[str]:
    yield (
        f'{XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
    )
    for n, name in enumerate(names, 1):
        yield f'<sheet name="{xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>'
    yield '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'


def _workbook_rels(count: int) -> Iterator[str]:
    yield f'{XML_HEAD}<Relationships xmlns="{_PACKAGE_REL}">'
    for n in range(1, count + 1):
        yield (
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        )
    yield (
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


_ROOT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)


def _core() -> str:
    """The document's properties: who made it, and when."""
    when = now()
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>gdprkit</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _content_types(count: int) -> Iterator[str]:
    yield (
        f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    )
    for n in range(1, count + 1):
        yield (
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{_TYPE}.worksheet+xml"/>'
        )
    yield "</Types>"


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
