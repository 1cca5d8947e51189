"""The ``ods`` backend: written by gdprkit (OpenDocument 1.2), read with odfpy
(extra ``ods``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from gdprkit.render import optional_library
from gdprkit.render.spreadsheet._archive import XML_HEAD, Archive, now, xml_text
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
    parts = ("opendocument", "style", "table", "teletype", "text")
    modules = [f"odf.{part}" for part in parts]
    return optional_library("odfpy", "ods", *modules, purpose="for .ods spreadsheets")


_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"'
)
_MANIFEST = (
    f"{XML_HEAD}<manifest:manifest "
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    f'manifest:media-type="{_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_STYLES = f"{XML_HEAD}<office:document-styles {_NS}><office:styles/></office:document-styles>"
_CONTENT_HEAD = (
    f"{XML_HEAD}<office:document-content {_NS}><office:automatic-styles>"
    '<number:date-style style:name="gdprkitDay"><number:year number:style="long"/>'
    '<number:text>-</number:text><number:month number:style="long"/>'
    '<number:text>-</number:text><number:day number:style="long"/></number:date-style>'
    '<style:style style:name="gdprkitDate" style:family="table-cell" '
    'style:data-style-name="gdprkitDay"/>'
    '<style:style style:name="gdprkitBold" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="gdprkitTitle" style:family="table-cell">'
    '<style:table-cell-properties fo:background-color="#DDE6F0"/>'
    '<style:text-properties fo:font-weight="bold" fo:font-size="12pt"/></style:style>'
    '<style:style style:name="gdprkitWide" style:family="table-column">'
    '<style:table-column-properties style:column-width="9cm"/></style:style>'
    '<style:style style:name="gdprkitNormal" style:family="table-column">'
    '<style:table-column-properties style:column-width="5cm"/></style:style>'
    "</office:automatic-styles><office:body><office:spreadsheet>"
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"

_TITLE, _BOLD = ' table:style-name="gdprkitTitle"', ' table:style-name="gdprkitBold"'
_DATE = ' table:style-name="gdprkitDate"'

_WHITESPACE = re.compile(r"[\t\n]| {2,}|^ | $| (?=[\t\n])|(?<=[\t\n]) ")
"""What an OpenDocument paragraph does not keep as written: a line break
(written as a new paragraph, as LibreOffice writes one and reads it: it drops
``<text:line-break/>`` in a cell), a tab, and spaces that a reader collapses
or drops (a run of them, one at either end of a line or beside a tab)."""


def _whitespace(match: re.Match[str]) -> str:
    text = match.group()
    if text == "\t":
        return "<text:tab/>"
    if text == "\n":
        return "</text:p><text:p>"
    return f'<text:s text:c="{len(text)}"/>' if len(text) > 1 else "<text:s/>"


def _write_ods(sheets: Iterable[Sheet], handle: BinaryIO) -> None:
    """*sheets* as an OpenDocument spreadsheet written to *handle*: the
    ``mimetype`` first and uncompressed, as the format requires, then the
    manifest, styles and properties, then ``content.xml``, each sheet's
    table compressed into it as the sheet comes.  If anything fails, the
    archive is closed and the caller's atomic write discards the file."""
    with Archive(handle) as archive:
        archive.stored("mimetype", _MIMETYPE)
        archive.part("META-INF/manifest.xml", [_MANIFEST])
        archive.part("styles.xml", [_STYLES])
        archive.part("meta.xml", [_meta()])
        archive.part("content.xml", _content(sheets))


def _meta() -> str:
    """The document's properties: who made it, and when."""
    when = now()
    return (
        f"{XML_HEAD}<office:document-meta {_NS}><office:meta>"
        f"<meta:generator>gdprkit</meta:generator><meta:creation-date>{when}"
        f"</meta:creation-date><dc:date>{when}</dc:date></office:meta></office:document-meta>"
    )


def _content(sheets: Iterable[Sheet]) -> Iterator[str]:
    yield _CONTENT_HEAD
    for sheet in sheets:
        yield f'<table:table table:name="{xml_text(sheet.name)}">'
        yield '<table:table-column table:style-name="gdprkitWide"/>'
        width = max((len(r) for r in sheet.rows), default=1)
        if width > 1:
            yield (
                '<table:table-column table:style-name="gdprkitNormal" '
                f'table:number-columns-repeated="{width - 1}"/>'
            )
        titles, headers = sheet.titles, sheet.headers
        for r, row in enumerate(sheet.rows):
            style = _TITLE if r in titles else _BOLD if r in headers else ""
            cells = ["<table:table-row>"]
            for value in row:
                cells.append(_cell(_encoded(value, xml=True), style))
            if not row:
                cells.append("<table:table-cell/>")
            cells.append("</table:table-row>")
            yield "".join(cells)
        yield "</table:table>"
    yield _CONTENT_TAIL


def _cell(value: Cell, style: str) -> str:
    if value is None:
        return f"<table:table-cell{style}/>"
    if type(value) is str:
        text = _WHITESPACE.sub(_whitespace, xml_text(value))
        return (
            f'<table:table-cell office:value-type="string"{style}>'
            f"<text:p>{text}</text:p></table:table-cell>"
        )
    if isinstance(value, dt.date):
        day = value.isoformat()
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{day}"'
            f"{style or _DATE}>"
            f"<text:p>{day}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}"{style}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


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
