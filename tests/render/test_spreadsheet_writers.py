"""The xlsx and ods writers: the parts of their archives, and hostile text.

The writers are gdprkit's own (the readers are openpyxl's and odfpy's), so
every test here writes with one and reads with the other.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from gdprkit.model import Controller, ProcessingActivity, Purpose, Register
from gdprkit.render.spreadsheet import export_register, import_register
from gdprkit.render.spreadsheet.export import sheet_names
from tests.render.fixtures import rich_register


openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("odf")

ARCHIVES = ("xlsx", "ods")

HOSTILE = (
    "a ]]> b",
    "<script>alert(1)</script>",
    "Dupont & fils",
    'dit "bonjour" & <b>',
    "&amp; &#65; &lt;",
    "<![CDATA[x]]>",
    "bare\rCR",
    "CRLF\r\nline",
    "line\nbreak\n",
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f",
    "\ufffe\uffff\U0001fffe",
    "_x000D_ and _x005F_",
    " leading space",
    "trailing space ",
    "two  spaces,   three and\ttab",
    "  \t \n  ",
    " ",
    "\n",
    "é😀\u2028\u2029",
)


def _register(*texts: str) -> Register:
    return Register(
        controller=Controller(name="X"),
        activities=(
            ProcessingActivity(id="t", name="T", purposes=tuple(Purpose(name=t) for t in texts)),
        ),
    )


@pytest.mark.parametrize("format_", ARCHIVES)
def test_hostile_texts_round_trip(format_: str, tmp_path: Path) -> None:
    register = _register(*HOSTILE)
    path = tmp_path / f"r.{format_}"
    export_register(register, path, format=format_)
    assert import_register(path)[0] == register
    # Every part is well-formed XML, and no text became markup.
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name != "mimetype":
                ElementTree.fromstring(archive.read(name))  # noqa: S314 - our own output
        body = b"".join(archive.read(n) for n in archive.namelist())
    assert b"<script>" not in body
    assert b"<![CDATA[" not in body
    assert b"]]>" not in body
    # A line break is a new paragraph, which LibreOffice keeps (it drops a
    # <text:line-break/> in a cell).
    assert b"line-break" not in body


@pytest.mark.parametrize("format_", ARCHIVES)
def test_very_long_cells_round_trip(format_: str, tmp_path: Path) -> None:
    long = "€<&" * 150_000  # 450,000 characters, far beyond Excel's 32,767
    register = _register(long, "court")
    path = tmp_path / f"r.{format_}"
    notes = export_register(register, path, format=format_)
    assert import_register(path)[0] == register
    assert any("32767" in note for note in notes) == (format_ == "xlsx")


def test_xlsx_parts(tmp_path: Path) -> None:
    register = Register(
        controller=Controller(name="X"),
        activities=tuple(
            ProcessingActivity(id=i, name=i) for i in ("a" * 40, "A" * 40, "x&y", "Registre")
        ),
    )
    path = tmp_path / "r.xlsx"
    export_register(register, path, format="xlsx")
    names = ["Registre", *sheet_names(register.activities), "Fin"]
    assert names[1:3] == ["a" * 31, "A" * 29 + "~2"]
    with zipfile.ZipFile(path) as archive:
        parts = set(archive.namelist())
        types = archive.read("[Content_Types].xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    sheets = {f"xl/worksheets/sheet{n}.xml" for n in range(1, len(names) + 1)}
    assert parts == {
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        *sheets,
    }
    for sheet in sheets:
        assert f'PartName="/{sheet}"' in types
        assert f'Target="{sheet.removeprefix("xl/")}"' in rels
    assert 'name="x&amp;y"' in workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == names
    assert book.properties.creator == "gdprkit"
    assert isinstance(book.properties.modified, dt.datetime)
    fiche = book[names[1]]
    assert fiche.column_dimensions["A"].width == 42
    assert fiche.column_dimensions["B"].width == 24
    assert fiche.column_dimensions["B"].max == 8


def test_xlsx_dates_are_dates(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    register = rich_register()
    export_register(register, path, format="xlsx")
    book = openpyxl.load_workbook(path)
    dates = [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, dt.datetime)
    ]
    assert dates
    assert all(cell.number_format == "yyyy-mm-dd" for cell in dates)
    assert import_register(path)[0] == register


def test_ods_parts(tmp_path: Path) -> None:
    from odf.opendocument import load
    from odf.table import Table

    path = tmp_path / "r.ods"
    register = rich_register()
    export_register(register, path, format="ods")
    with zipfile.ZipFile(path) as archive:
        first, *rest = archive.infolist()
        manifest = archive.read("META-INF/manifest.xml").decode()
        content = archive.read("content.xml").decode()
    # The mimetype first and uncompressed, so that a reader can tell the
    # format from the file's first bytes.
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    assert path.read_bytes()[30:84] == b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
    assert {info.filename for info in rest} == {
        "META-INF/manifest.xml",
        "styles.xml",
        "meta.xml",
        "content.xml",
    }
    for part in ("styles.xml", "meta.xml", "content.xml"):
        assert f'manifest:full-path="{part}"' in manifest
    # Titles and headers keep their looks.
    assert 'table:style-name="gdprkitTitle"><text:p>Registre des activités' in content
    assert 'table:style-name="gdprkitBold"' in content
    # Dates shown as ISO dates, not in the reader's default date and time format.
    assert 'office:value-type="date" office:date-value="' in content
    assert re.search(r'office:date-value="[0-9-]+" table:style-name="gdprkitDate"', content)
    assert 'style:data-style-name="gdprkitDay"' in content
    names = [
        str(t.getAttribute("name")) for t in load(str(path)).spreadsheet.getElementsByType(Table)
    ]
    assert names == ["Registre", *sheet_names(register.activities), "Fin"]


@pytest.mark.parametrize("format_", ARCHIVES)
def test_a_failure_while_laying_out_leaves_the_previous_file(
    format_: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gdprkit.render.spreadsheet as spreadsheet
    from gdprkit.render.spreadsheet import _archive

    path = tmp_path / f"r.{format_}"
    export_register(rich_register(), path, format=format_)
    before = path.read_bytes()
    laid_out = spreadsheet._sheets
    opened: list[_archive.Archive] = []
    archive_init = _archive.Archive.__init__

    def recorded(self: _archive.Archive, handle: object) -> None:
        archive_init(self, handle)  # type: ignore[arg-type]
        opened.append(self)

    def failing(register: Register, notes: list[str]) -> object:
        sheets = laid_out(register, notes)
        yield next(sheets)
        yield next(sheets)
        raise RuntimeError("stopped while the third sheet was laid out")

    monkeypatch.setattr(spreadsheet, "_sheets", failing)
    monkeypatch.setattr(_archive.Archive, "__init__", recorded)
    with pytest.raises(RuntimeError, match="third sheet"):
        export_register(_register("new"), path, format=format_)
    assert len(opened) == 1
    assert opened[0]._zip.fp is None  # closed
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize(
    "day",
    [
        dt.date(1, 1, 1),
        dt.date(1899, 12, 30),  # Excel's day 0, read back as a time before
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
        dt.date(1900, 2, 28),
        dt.date(1900, 3, 1),
        dt.date(9999, 12, 31),
    ],
)
@pytest.mark.parametrize("format_", ARCHIVES)
def test_every_date_round_trips(format_: str, day: dt.date, tmp_path: Path) -> None:
    # Excel shows no date before 1900 and counts a 29 February 1900: such a
    # date is written as its ISO text in xlsx, and read back as a date.
    register = Register(
        controller=Controller(name="X"),
        activities=(ProcessingActivity(id="a", name="A", created=day),),
    )
    path = tmp_path / f"r.{format_}"
    export_register(register, path, format=format_)
    assert import_register(path)[0] == register
