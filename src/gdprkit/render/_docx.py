"""The register document written as Word (``.docx``) with python-docx, imported
lazily (the ``docx`` extra).  See :mod:`gdprkit.render.register_document`."""

from __future__ import annotations

import io
import re
from typing import Any

from gdprkit.render import optional_library
from gdprkit.render._sheets import Document, Table


__all__ = ["write_docx"]

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _docx_text(text: str) -> str:
    """Text Word can hold: characters XML 1.0 forbids become U+FFFD; line
    breaks stay (python-docx writes them as breaks)."""
    return _XML_ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n"))


def _docx() -> Any:
    return optional_library("python-docx", "docx", "docx", purpose="to write .docx")


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


_PROOFING = {"fr": "fr-FR", "en": "en-GB"}
"""The language Word checks the spelling in: the template's default is
American English, which would mark every French word."""


def _proofing_language(style: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = style.element.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)


def _docx_cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_docx_text(text))
    if bold:
        run.bold = True


class _Writer:
    """Writes into one python-docx document, in time linear in its size.

    python-docx's ``add_paragraph`` and ``add_table`` look for the section
    properties among all the body's children before inserting, and styles by
    name among all the template's styles: both grow with the document, so a
    register's document took quadratic time.  Here new blocks go straight
    before the section properties, and styles are resolved to ids once.
    """

    def __init__(self, out: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.table import CT_Tbl
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph

        # python-docx's classes, imported with it (it is optional).
        self.element_of: Any = OxmlElement
        self.new_tbl: Any = CT_Tbl.new_tbl
        self.paragraph_of: Any = Paragraph
        self.table_of: Any = DocxTable
        self.container = out._body
        self.width = out._block_width
        self.key_width = int(self.width * 0.32)
        """The label column of a « label | value » table, as in the HTML page."""
        body = out.element.body
        end = body.sectPr
        self.insert = end.addprevious if end is not None else body.append
        styles = out.styles
        self.heading = {1: styles["Heading 1"].style_id, 2: styles["Heading 2"].style_id}
        self.grid = styles["Table Grid"].style_id

    def paragraph(self, text: str = "", *, heading: int | None = None) -> Any:
        element = self.element_of("w:p")
        self.insert(element)
        paragraph = self.paragraph_of(element, self.container)
        if heading is not None:
            element.get_or_add_pPr().style = self.heading[heading]
        if text:
            paragraph.add_run(_docx_text(text))
        return paragraph

    def table(self, table: Table) -> None:
        heading = self.paragraph(table.title, heading=2)
        if table.citation:
            cite = heading.add_run(f" ({_docx_text(table.citation)})")
            cite.italic = True
        columns = len(table.header) if table.header else 2
        rows: list[tuple[str, ...]] = [table.header] if table.header else []
        rows += table.rows or [(table.empty,)]
        element = self.new_tbl(len(rows), columns, self.width)
        self.insert(element)
        grid = self.table_of(element, self.container)
        element.tblPr.style = self.grid
        if not table.header:
            key, value = grid.columns
            key.width, value.width = self.key_width, self.width - self.key_width
        for number, (row, values) in enumerate(zip(grid.rows, rows, strict=True)):
            heading_row = bool(table.header) and number == 0
            if heading_row:
                _repeat_header(row)
            cells = row.cells
            if not table.rows and not heading_row:
                cell = cells[0].merge(cells[-1]) if columns > 1 else cells[0]
                _docx_cell(cell, table.empty)
                cell.paragraphs[0].runs[0].italic = True
                continue
            for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
                _docx_cell(cell, text, bold=heading_row or (not table.header and index == 0))
                if not table.header:
                    cell.width = self.key_width if index == 0 else self.width - self.key_width
        if table.note:
            self.paragraph(table.note)


def write_docx(document: Document) -> bytes:
    """The document as ``.docx`` bytes: A4 portrait, a heading and a table
    per block, each sheet after the first on a new page."""
    docx = _docx()
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    out = docx.Document()
    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal = out.styles["Normal"]
    normal.font.size = Pt(10)
    _proofing_language(normal, _PROOFING[document.lang])
    properties = out.core_properties
    properties.title = _docx_text(document.title)
    properties.language = document.lang
    properties.author = "gdprkit"
    writer = _Writer(out)
    for index, sheet in enumerate(document.sheets):
        title = writer.paragraph(sheet.title, heading=1)
        title.paragraph_format.page_break_before = index > 0
        writer.paragraph(sheet.subtitle)
        for table in sheet.tables:
            writer.table(table)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
