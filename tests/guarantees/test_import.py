"""An import refuses what is not a whole register; exports are atomic.

Each test reproduces a defect a fuzz run found: exports that destroyed the
previous file when they failed, cut CSV files read as smaller registers,
sheets whose declared size was trusted, repeat counts that built millions of
rows, and numbers and texts that did not survive the trip.
"""

from __future__ import annotations

import errno
import re
import zipfile
from pathlib import Path

import attrs
import pytest

from gdprkit import LoadError
from gdprkit.render.spreadsheet import export_register, import_register
from gdprkit.render.spreadsheet.bounds import MAX_ROWS
from tests.conftest import sample_register


pytest.importorskip("openpyxl")
pytest.importorskip("odf")


def _problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        import_register(path)
    return [(p.path, p.message) for p in caught.value.problems]


# -- exports are atomic -------------------------------------------------------------------


def test_a_failed_csv_export_leaves_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_register(sample_register(), path, format="csv")
    before = path.read_bytes()
    # 100,000 characters, then one that no encoding can write
    hostile = attrs.evolve(sample_register(), notes="x" * 100_000 + "\ud800")
    with pytest.raises(UnicodeEncodeError):
        export_register(hostile, path, format="csv")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("format", ["xlsx", "ods"])
def test_a_failed_xlsx_or_ods_export_leaves_the_previous_file(
    tmp_path: Path, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"r.{format}"
    export_register(sample_register(), path, format=format)
    before = path.read_bytes()
    calls = []
    failed: list[zipfile.ZipFile] = []
    open_part = zipfile.ZipFile.open

    def full_disk(self: zipfile.ZipFile, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) > 2:
            failed.append(self)
            raise OSError(errno.ENOSPC, "No space left on device")
        return open_part(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", full_disk)
    with pytest.raises(OSError, match="No space"):
        export_register(attrs.evolve(sample_register(), notes="new"), path, format=format)
    # The archive is closed by the export itself, not left to the garbage
    # collector (where closing it on a closed file would fail again).
    assert failed
    assert all(archive.fp is None for archive in failed)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


# -- a cut file is refused ---------------------------------------------------------------


def test_every_cut_of_an_exported_csv_is_refused(tmp_path: Path) -> None:
    whole = tmp_path / "whole.csv"
    export_register(sample_register(), whole, format="csv")
    raw = whole.read_bytes()
    assert import_register(whole)[0] == sample_register()
    ends = [m.end() for m in re.finditer(rb"\r\n", raw)][:-1]
    note = raw.rindex("clôt le registre".encode())
    # at a line end, inside a line, and inside the closing row's text
    cuts = [*ends, *(end - 5 for end in ends), note, note + 10]
    cut = tmp_path / "cut.csv"
    for length in cuts:
        cut.write_bytes(raw[:length])
        problems = _problems(cut)
        assert problems, length
    assert len(cuts) > 40


def test_a_cut_csv_names_where_it_stops(tmp_path: Path) -> None:
    whole = tmp_path / "whole.csv"
    export_register(sample_register(), whole, format="csv")
    lines = whole.read_bytes().split(b"\r\n")
    cut = tmp_path / "cut.csv"
    cut.write_bytes(b"\r\n".join(lines[:1]) + b"\r\n")  # the title row alone
    ((where, message),) = _problems(cut)
    assert where == "Registre!A2"
    assert "stops here" in message
    assert "« Fin »" in message


def test_a_quoted_cell_cut_in_the_middle_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_register(attrs.evolve(sample_register(), notes="a, b\nc"), path, format="csv")
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.index(b'"a, b') + 4])
    ((where, message),) = _problems(path)
    assert "not closed" in message
    assert where.startswith("line ")


def test_a_version_1_file_without_the_closing_sheet_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_register(sample_register(), path, format="csv")
    text = path.read_bytes().decode("utf-8-sig")
    text = text.replace("Version du format gdprkit,2", "Version du format gdprkit,1")
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("Fin,"))
    path.write_bytes(text.encode("utf-8-sig"))
    register, notes = import_register(path)
    assert register == sample_register()
    assert any("cannot be checked" in note for note in notes)


def _rewrite_part(path: Path, part: str, change: callable) -> None:  # type: ignore[valid-type]
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, change(data) if info.filename == part else data)


def _xlsx_declaring(tmp_path: Path, sheet: int, ref: bytes) -> Path:
    """An export whose sheet number *sheet* declares the size *ref*."""
    path = tmp_path / "r.xlsx"
    export_register(sample_register(), path, format="xlsx")
    _rewrite_part(
        path,
        f"xl/worksheets/sheet{sheet}.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', data),
    )
    return path


def test_an_xlsx_whose_dimension_understates_it_loses_no_row(tmp_path: Path) -> None:
    path = _xlsx_declaring(tmp_path, 2, b"A1:B3")
    assert import_register(path)[0] == sample_register()


# -- bounds ------------------------------------------------------------------------------


def test_an_ods_declaring_millions_of_rows_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "r.ods"
    export_register(sample_register(), path, format="ods")
    _rewrite_part(
        path,
        "content.xml",
        lambda data: data.replace(
            b"<table:table-row>",
            b'<table:table-row table:number-rows-repeated="200000000"><table:table-cell/>'
            b"</table:table-row><table:table-row>",
            2,
        ),
    )
    # Building the rows took 36 s and 3.8 GB before a MemoryError.
    ((where, message),) = _problems(path)
    assert where == "Registre"
    assert f"at most {MAX_ROWS:,}" in message


def test_an_xlsx_declaring_the_largest_sheet_reads_only_its_cells(tmp_path: Path) -> None:
    # Trusting the declared size built 1,048,576 rows of 16,384 cells (140 s, 3.9 GB).
    path = _xlsx_declaring(tmp_path, 1, b"A1:XFD1048576")
    assert import_register(path)[0] == sample_register()


def test_an_xlsx_row_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(sample_register(), path, format="xlsx")
    _rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(
            b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1
        ),
    )
    ((where, message),) = _problems(path)
    assert where == "Registre!1"
    assert "cells in a row" in message


# -- numbers and long texts survive the trip ----------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx", "ods"])
def test_a_headcount_beyond_2_53_keeps_every_digit(tmp_path: Path, format: str) -> None:
    register = attrs.evolve(sample_register(), headcount=2**53 + 1)
    path = tmp_path / f"r.{format}"
    export_register(register, path, format=format)
    assert import_register(path)[0] == register


def test_a_csv_cell_over_131072_characters_imports(tmp_path: Path) -> None:
    register = attrs.evolve(sample_register(), notes='long, "quoted"\n' * 20_000)
    path = tmp_path / "r.csv"
    export_register(register, path, format="csv")
    assert import_register(path)[0] == register


def test_a_number_of_thousands_of_digits_is_a_load_error_naming_its_cell(tmp_path: Path) -> None:
    register = attrs.evolve(sample_register(), headcount=4242)
    path = tmp_path / "r.csv"
    export_register(register, path, format="csv")
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(text.replace(",4242\r\n", "," + "9" * 5000 + "\r\n").encode("utf-8-sig"))
    ((where, message),) = _problems(path)
    assert re.fullmatch(r"Registre!B[0-9]+", where)
    assert "5,000 digits" in message


def test_a_lone_surrogate_escape_in_an_xlsx_is_refused_with_its_path(tmp_path: Path) -> None:
    register = attrs.evolve(sample_register(), notes="MARKER")
    path = tmp_path / "r.xlsx"
    export_register(register, path, format="xlsx")
    # Texts are inline strings in the sheets' XML.
    part = "xl/worksheets/sheet1.xml"
    _rewrite_part(path, part, lambda data: data.replace(b">MARKER<", b">_xD800_<"))
    with zipfile.ZipFile(path) as archive:
        assert b"_xD800_" in archive.read(part)
    ((where, message),) = _problems(path)
    assert where == "notes"
    assert "surrogate" in message
