"""The register in the CNIL template's layout: xlsx, ods and csv, there and back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import gdprkit
from gdprkit.model import (
    AcceptedFinding,
    ArchivePhase,
    Controller,
    DataCategory,
    DataKind,
    DeclaredRight,
    Duration,
    Event,
    Extensions,
    Identifier,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Recipient,
    RecipientKind,
    Register,
    RetentionRule,
    Right,
    Role,
    SubprocessorAuthorisation,
)
from gdprkit.render import MissingDependency
from gdprkit.render.spreadsheet import export_register, import_register
from gdprkit.render.spreadsheet import layout as ss
from gdprkit.render.spreadsheet.cells import _norm
from gdprkit.render.spreadsheet.export import _layout, sheet_names
from gdprkit.serialization import LoadError
from gdprkit.testing import registers
from tests.conftest import ROOT
from tests.render.fixtures import english_register, processor_register, rich_register


FORMATS = ("xlsx", "ods", "csv")
EXAMPLES = sorted((ROOT / "examples" / "registers").glob("*.json"))
FIXTURES = {
    "rich": rich_register,
    "english": english_register,
    "processor": processor_register,
}

openpyxl = pytest.importorskip("openpyxl")


def roundtrip(
    register: Register, tmp_path: Path, format_: str
) -> tuple[Register, tuple[str, ...], tuple[str, ...]]:
    path = tmp_path / f"registre.{format_}"
    notes = export_register(register, path, format=format_)
    back, read_notes = import_register(path)
    return back, notes, read_notes


# Round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_registers_round_trip(name: str, format_: str, tmp_path: Path) -> None:
    register = FIXTURES[name]()
    back, _, read_notes = roundtrip(register, tmp_path, format_)
    assert back == register
    assert read_notes == ()


@pytest.mark.parametrize("format_", FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_registers_round_trip(path: Path, format_: str, tmp_path: Path) -> None:
    register = gdprkit.load(path)
    back, notes, read_notes = roundtrip(register, tmp_path, format_)
    assert back == register
    assert notes == ()
    assert read_notes == ()


@pytest.mark.parametrize("format_", FORMATS)
def test_a_described_start_and_a_sub_processor_authorisation_round_trip(
    format_: str, tmp_path: Path
) -> None:
    retention = RetentionRule(
        duration=Duration(years=10),
        start=Event.OTHER,
        start_description="la fin du parcours de soins",
    )
    register = Register(
        controller=Controller(name="X"),
        activities=(
            ProcessingActivity(
                id="hosting",
                name="Hosting",
                role=Role.PROCESSOR,
                subprocessor_authorisation=SubprocessorAuthorisation.SPECIFIC,
                data_categories=(DataCategory(name="Patients", retention=retention),),
                recipients=(Recipient(name="Backup Co", kind=RecipientKind.PROCESSOR),),
            ),
        ),
    )
    back, _, read_notes = roundtrip(register, tmp_path, format_)
    assert back == register
    assert read_notes == ()


def _property(format_: str, examples: int) -> object:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(register=registers(max_activities=3))
    def check(tmp_path: Path, register: Register) -> None:
        path = tmp_path / f"property.{format_}"
        notes = export_register(register, path, format=format_)
        back, read_notes = import_register(path)
        if any("is an empty text" in n for n in notes):
            return  # reported as lossy; nothing else to check
        assert back == register
        assert read_notes == ()

    return check


test_generated_registers_round_trip_csv = _property("csv", 15)
test_generated_registers_round_trip_xlsx = _property("xlsx", 10)
test_generated_registers_round_trip_ods = _property("ods", 8)

test_many_generated_registers_round_trip_csv = pytest.mark.property(_property("csv", 300))
test_many_generated_registers_round_trip_xlsx = pytest.mark.property(_property("xlsx", 200))
test_many_generated_registers_round_trip_ods = pytest.mark.property(_property("ods", 100))


@pytest.mark.parametrize("format_", FORMATS)
def test_every_character_survives(format_: str, tmp_path: Path) -> None:
    # Every code point but lone surrogates (which are not text), 4,096 per cell.
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF]
    chunks = ["".join(chars[i : i + 4096]) for i in range(0, len(chars), 4096)]
    register = Register(
        controller=Controller(
            name="_x0041_ _x005F_ \r\n\r",
            identifiers=tuple(Identifier(scheme=c, value=c[::-1]) for c in chunks),
        )
    )
    back, _, _ = roundtrip(register, tmp_path, format_)
    assert back == register


# Formula injection ---------------------------------------------------------------------

DANGEROUS = (
    '=HYPERLINK("https://evil.example","clic")',
    "-5 %",
    "+33 1 23 45 67 89",
    "@SUM(1+1)",
    "\tindenté",
    "\rretour",
    "'déjà apostrophé",
    "=1+1",
)


def _dangerous_register() -> Register:
    return Register(
        controller=Controller(name=DANGEROUS[0], trade_name=DANGEROUS[1]),
        activities=(
            ProcessingActivity(
                id="-x",
                name=DANGEROUS[7],
                purposes=tuple(Purpose(name=text) for text in DANGEROUS),
            ),
        ),
    )


@pytest.mark.parametrize("format_", FORMATS)
def test_formula_like_texts_round_trip(format_: str, tmp_path: Path) -> None:
    register = _dangerous_register()
    back, notes, _ = roundtrip(register, tmp_path, format_)
    assert back == register
    assert any("apostrophe" in n for n in notes)


def test_xlsx_cells_are_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(_dangerous_register(), path, format="xlsx")
    workbook = openpyxl.load_workbook(path)
    values = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                    values.append(cell.value)
    assert "'" + DANGEROUS[0] in values
    assert "'-5 %" in values
    assert "''déjà apostrophé" in values
    # No formula element anywhere in the sheets' XML.
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
                assert b"<f " not in archive.read(name)


def test_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_register(_dangerous_register(), path, format="csv")
    text = path.read_text(encoding="utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK(" in text
    assert "'-x" in text  # the sheet name too


def test_the_note_counts_the_cells_written_after_a_protective_apostrophe(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.csv"
    notes = export_register(_dangerous_register(), path, format="csv")
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    written = sum(
        1 for row in rows for cell in row[1:] if cell[:1] == "'" and cell[1:2] in ss.FORMULA_START
    )
    assert written == 15
    assert any(n.startswith(f"{written} cell(s) start with") for n in notes)


def test_no_word_of_the_layout_is_taken_for_a_formula() -> None:
    """The layout counts the formula-like texts of its text columns only:
    every other cell is a word of the layout, a label, a code or a country."""
    from gdprkit.render import _labels

    cols = [c for v in vars(ss).values() for c in (v if isinstance(v, list) else [v])]
    cols = [c for c in cols if isinstance(c, ss.Col)]
    words = [w for c in cols for w in c.headers]
    words += [v for k, v in vars(ss).items() if k.startswith("B_") or k.isupper()]
    words += [ss._YES, ss._NO, ss._UNSTATED]
    for cls in {c.enum for c in cols if c.enum is not None}:
        words += [m.value for m in cls] + [_labels.label(m, "fr") for m in cls]
    words += [name for names in _labels._countries().values() for name in names.values()]
    texts = [w for w in words if isinstance(w, str)]
    assert len(texts) > 500
    assert [w for w in texts if w.startswith((*ss.FORMULA_START, "'"))] == []


def test_ods_cells_are_never_formulas(tmp_path: Path) -> None:
    pytest.importorskip("odf")
    path = tmp_path / "r.ods"
    export_register(_dangerous_register(), path, format="ods")
    with zipfile.ZipFile(path) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert "table:formula" not in content
    assert "'=HYPERLINK(" in content.replace("&quot;", '"')


# Layout ----------------------------------------------------------------------------------


def _sheets(register: Register) -> list[ss.Sheet]:
    sheets, _ = _layout(register)
    return sheets


def _first_cells(sheet: ss.Sheet) -> list[object]:
    return [row[0] if row else None for row in sheet.rows]


def test_cover_sheet_layout() -> None:
    # The blocks of accepted findings and extension fields are written only
    # when the register has some.
    accepted = AcceptedFinding(rule="GDPR101", justification="Assessed.", decided_by="DPO")
    register = attrs.evolve(
        rich_register(), accepted_findings=(accepted,), extensions=Extensions({"x-a": 1})
    )
    cover = _sheets(register)[0]
    assert cover.name == "Registre"
    firsts = _first_cells(cover)
    assert firsts[0] == "Registre des activités de traitement"
    for title in ss.COVER_BLOCKS:
        assert title in firsts
    order = [firsts.index(t) for t in ss.COVER_BLOCKS]
    assert order == sorted(order)
    assert ["Nom ou raison sociale", "Pharmacie de l’Étoile SAS"] in cover.rows
    assert ["Pays", "France", "FR"] in cover.rows
    assert ["DPO désigné", "Oui"] in cover.rows
    assert [
        1,
        "clients",
        "Gestion des clients",
        "Responsable du traitement",
        "controller",
        "clients",
    ] in cover.rows


def test_fiche_layout_follows_the_cnil_template() -> None:
    fiche = _sheets(rich_register())[3]
    assert fiche.name == "ordonnances"
    firsts = _first_cells(fiche)
    assert firsts[0] == "Fiche de registre"
    order = [firsts.index(t) for t in ss.FICHE_BLOCKS]
    assert order == sorted(order)
    # Codes beside labels.
    purposes = fiche.rows[firsts.index(ss.B_PURPOSES) + 2]
    assert "Obligation légale" in purposes
    assert purposes[purposes.index("Obligation légale") + 1] == "art6-1-c"
    # The sensitive-data checklist, NIR included.
    checklist = {
        row[1]: row[2]
        for row in fiche.rows
        if len(row) == 3 and row[1] in {k.value for k in DataKind}
    }
    assert checklist["national-id"] == "Oui"
    assert checklist["health"] == "Oui"
    assert checklist["genetic"] == "Non"
    nir = next(
        row
        for row in fiche.rows
        if row[:2]
        == ["Numéro d’identification national unique (NIR pour la France)", "national-id"]
    )
    assert nir[2] == "Oui"


def test_layout_titles_never_collide_with_row_labels() -> None:
    titles = {_norm(t) for t in (*ss.COVER_BLOCKS, *ss.FICHE_BLOCKS)}
    labels = [
        c.label
        for group in (
            ss.ORGANISATION,
            ss.DPO_FIELDS,
            ss.REP_FIELDS,
            ss.DESCRIPTION,
            ss.CHILDREN,
            ss.DPIA_FIELDS,
        )
        for c in group
    ]
    labels += [
        ss.DPO_PRESENT.label,
        ss.REP_PRESENT.label,
        ss.OWN_RIGHTS_PRESENT.label,
        ss.CHILDREN_PRESENT.label,
    ]
    labels += [ss.DPIA_CRITERIA.label, ss.VERSION_LABEL, *ss.ACTORS]
    assert not titles & {_norm(x) for x in labels}


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["clients"], ["clients"]),
        (["a" * 40], ["a" * 31]),
        (["a/b:c*d?e[f]g\\h"], ["a-b-c-d-e-f-g-h"]),
        (["Registre", "history"], ["Registre~2", "history~2"]),
        (["ABC", "abc", "Abc"], ["ABC", "abc~2", "Abc~3"]),
        (["x" * 31, "X" * 31], ["x" * 31, "X" * 29 + "~2"]),
        (["'quoted'"], ["quoted"]),
        ([""], ["Fiche"]),
    ],
)
def test_sheet_names(ids: list[str], expected: list[str]) -> None:
    names = sheet_names([ProcessingActivity(id=i, name="n") for i in ids])
    assert names == expected
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")


def test_awkward_ids_round_trip(tmp_path: Path) -> None:
    ids = ["a" * 40, "a" * 41, "Registre", "r/s", "R/S", "=x", "'y"]
    register = Register(
        controller=Controller(name="X"),
        activities=tuple(ProcessingActivity(id=i, name=i) for i in ids),
    )
    for format_ in FORMATS:
        back, _, read_notes = roundtrip(register, tmp_path, format_)
        assert back == register
        assert read_notes == ()


# What cannot be held is reported ------------------------------------------------------------


def test_the_note_on_an_empty_identifier_names_its_controllers_row() -> None:
    controller = Controller(name="C", identifiers=(Identifier(scheme="SIREN", value=""),))
    activity = ProcessingActivity(
        id="a", name="a", role=Role.PROCESSOR, controllers=(Controller(name="B"), controller)
    )
    _, notes = _layout(Register(controller=Controller(name="X"), activities=(activity,)))
    assert notes == [
        "sheet 'a', controllers row 2: « Numéro » is an empty text; a row left with no other "
        "value is not read back"
    ]


def test_empty_optional_texts_are_reported(tmp_path: Path) -> None:
    register = Register(controller=Controller(name="X", trade_name=""), notes="")
    back, notes, _ = roundtrip(register, tmp_path, "csv")
    assert back == attrs.evolve(register, controller=Controller(name="X"), notes=None)
    assert sum("is an empty text" in n for n in notes) == 2
    assert any("Nom commercial" in n for n in notes)
    # Each note names the column once, in its quotes.
    assert all(n.count("Nom commercial") <= 1 for n in notes)
    assert any(n.startswith("Registre: « Nom commercial » is an empty text") for n in notes)


def test_too_long_cells_are_reported_for_xlsx(tmp_path: Path) -> None:
    register = Register(controller=Controller(name="X"), notes="a" * 40_000)
    notes = export_register(register, tmp_path / "r.xlsx", format="xlsx")
    assert any("32767" in n for n in notes)
    assert export_register(register, tmp_path / "r.csv", format="csv") == ()


# Reading what people edited ----------------------------------------------------------------


def _edit_xlsx(
    path: Path, sheet: str, find: object, value: object, column: int | None = None
) -> None:
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == find:
                target = ws.cell(row=cell.row, column=column) if column else cell
                target.value = value
                workbook.save(path)
                return
    raise AssertionError(f"{find!r} not found")


def test_a_label_without_its_code_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    register = rich_register()
    export_register(register, path, format="xlsx")
    _edit_xlsx(path, "clients", "art6-1-b", None)  # the code cell of the contract basis
    back, notes = import_register(path)
    assert back == register
    assert notes == ()


def test_a_code_wins_over_a_disagreeing_label(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    register = rich_register()
    export_register(register, path, format="xlsx")
    _edit_xlsx(
        path, "clients", "Exécution d’un contrat ou de mesures précontractuelles", "Consentement"
    )
    back, notes = import_register(path)
    assert back == register
    assert any("does not match the code 'art6-1-b'" in n for n in notes)


def test_english_labels_and_rows_typed_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(rich_register(), path, format="xlsx")
    _edit_xlsx(path, "clients", "art6-1-b", None)
    _edit_xlsx(
        path,
        "clients",
        "Exécution d’un contrat ou de mesures précontractuelles",
        "legitimate interests",
    )
    back, _ = import_register(path)
    basis = back.activity("clients").purposes[0].legal_bases[0]
    assert basis.basis is LawfulBasis.LEGITIMATE_INTERESTS


def test_edited_computed_cells_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    register = rich_register()
    export_register(register, path, format="xlsx")
    _edit_xlsx(path, "prospection", "3 ans à compter du dernier contact", "5 ans")
    back, notes = import_register(path)
    assert back == register
    assert any("computed, not read" in n and "5 ans" in n for n in notes)


def test_unknown_rows_columns_and_sheets_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(rich_register(), path, format="xlsx")
    workbook = openpyxl.load_workbook(path)
    cover = workbook["Registre"]
    notes_row = next(r[0].row for r in cover.iter_rows() if r[0].value == "Notes")
    cover.cell(row=notes_row + 1, column=1, value="Couleur préférée")
    cover.cell(row=notes_row + 1, column=2, value="bleu")
    workbook.create_sheet("Brouillon")["A1"] = "notes de réunion"
    ws = workbook["clients"]
    for row in ws.iter_rows():
        if row[0].value == "Catégorie de personnes":
            ws.cell(row=row[0].row, column=10, value="Commentaire")
    workbook.save(path)
    back, notes = import_register(path)
    assert back == rich_register()
    assert any("Couleur préférée" in n and "ignored" in n for n in notes)
    assert any("'Brouillon'" in n for n in notes)
    assert any("Commentaire" in n for n in notes)


def test_cells_that_cannot_be_read_are_load_errors_with_their_place(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(rich_register(), path, format="xlsx")
    _edit_xlsx(path, "clients", "art6-1-b", "art6-1-z")
    _edit_xlsx(path, "prospection", "P3Y", "trois ans")
    _edit_xlsx(path, "Registre", "Date de mise à jour du registre", "hier", column=2)
    with pytest.raises(LoadError) as raised:
        import_register(path)
    places = {p.path.split("!")[0] for p in raised.value.problems}
    assert places == {"clients", "prospection", "Registre"}
    messages = " ".join(p.message for p in raised.value.problems)
    assert "'art6-1-z' is not one of" in messages
    assert "'trois ans' is not an ISO 8601 duration" in messages
    assert "expected a date" in messages


def test_xlsx_titles_and_headers_take_named_styles(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "r.xlsx"
    export_register(rich_register(), path, format="xlsx")
    workbook = openpyxl.load_workbook(path)
    cover = workbook["Registre"]
    assert cover["A1"].value == "Registre des activités de traitement"
    assert cover["A1"].style == "gdprkit title"
    assert cover["A1"].font.bold
    assert cover["A1"].fill.fgColor.rgb.endswith("DDE6F0")
    headers = [c for row in cover.iter_rows() for c in row if c.style == "gdprkit header"]
    assert headers
    assert all(c.font.bold for c in headers)
    wrapped = [c for row in cover.iter_rows() for c in row if c.alignment.wrap_text]
    assert wrapped
    assert all(isinstance(c.value, str) for c in wrapped)
    assert all(len(c.value) > 40 or "\n" in c.value for c in wrapped if c.style.endswith("wrapped"))


def test_a_spreadsheet_without_the_cover_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget 2025"
    workbook.save(path)
    with pytest.raises(LoadError, match="no cover sheet"):
        import_register(path)


def test_a_file_that_is_not_a_spreadsheet_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("not a zip")
    with pytest.raises(LoadError, match="cannot read the spreadsheet"):
        import_register(path)


def test_dates_as_typed_by_a_french_dpo(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(rich_register(), path, format="xlsx")
    _edit_xlsx(path, "Registre", "Date de mise à jour du registre", "02/07/2025", column=2)
    back, _ = import_register(path)
    assert back.updated == dt.date(2025, 7, 2)


def test_csv_saved_again_with_semicolons_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    register = rich_register()
    export_register(register, path, format="csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    back, notes = import_register(path)
    assert back == register
    assert notes == ()


def test_csv_is_one_long_file(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    export_register(rich_register(), path, format="csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["Registre", "Registre des activités de traitement"]
    # The first row alone is padded, to the width of the widest: a reader
    # taking the number of columns from the first line (pandas) reads every
    # row; the others are as wide as the layout makes them.
    assert len(rows[0]) == max(len(r) for r in rows) > 2
    assert rows[0][2:] == [""] * (len(rows[0]) - 2)
    assert ["Registre", "Version du format gdprkit", "2"] in rows
    assert ["Registre"] in rows  # the empty row before a title
    assert raw.count(b",") < len(rows) * len(rows[0]) / 3  # not a comma per missing cell
    sheets = list(dict.fromkeys(r[0] for r in rows))
    assert sheets == [
        "Registre",
        "clients",
        "prospection",
        "ordonnances",
        "videoprotection",
        "tiers-payant",
        "Fin",
    ]


PADDED = ROOT / "tests" / "data" / "spreadsheet" / "padded.csv"
"""A csv export in the form of earlier versions (every row padded to the
width of the widest), of the register in ``padded.json``: hostile texts, a
negative number and extension fields."""


def test_a_csv_with_every_row_padded_is_still_read() -> None:
    raw = PADDED.read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len({len(row) for row in rows}) == 1  # the fixture is of the padded form
    register, notes = import_register(PADDED)
    assert register == gdprkit.loads(PADDED.with_suffix(".json").read_text(encoding="utf-8"))
    assert notes == ()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_reader_taking_the_width_from_the_first_line_reads_every_row(
    path: Path, tmp_path: Path
) -> None:
    """pandas' ``read_csv`` takes the number of columns from the first line:
    it fills a shorter line and fails on a longer one."""
    target = tmp_path / "r.csv"
    export_register(gdprkit.loads(path.read_text(encoding="utf-8")), target, format="csv")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    width = len(rows[0])
    assert all(len(row) <= width for row in rows)
    assert width == max(len(row) for row in rows)
    assert sum(len(row) < width for row in rows) > len(rows) / 2


def test_activities_with_their_own_empty_list_of_rights(tmp_path: Path) -> None:
    register = Register(
        controller=Controller(name="X"),
        rights=(DeclaredRight(right=Right.ACCESS),),
        activities=(
            ProcessingActivity(id="own", name="own", rights=()),
            ProcessingActivity(id="inherit", name="inherit"),
            ProcessingActivity(
                id="listed",
                name="listed",
                rights=(DeclaredRight(right=Right.ERASURE, how="écrire"),),
            ),
        ),
    )
    for format_ in FORMATS:
        back, _, _ = roundtrip(register, tmp_path, format_)
        assert [a.rights for a in back.activities] == [(), None, register.activities[2].rights]


def test_categories_keep_their_order_across_the_two_blocks(tmp_path: Path) -> None:
    kinds = [DataKind.HEALTH, DataKind.IDENTITY, DataKind.NATIONAL_ID, DataKind.CONTACT]
    register = Register(
        controller=Controller(name="X"),
        activities=(
            ProcessingActivity(
                id="a",
                name="a",
                data_categories=tuple(DataCategory(name=k.value, kind=k) for k in kinds),
                recipients=(Recipient(name="r"),),
                purposes=(
                    Purpose(
                        name="p",
                        legal_bases=(
                            LegalBasis(basis=LawfulBasis.CONSENT),
                            LegalBasis(basis=LawfulBasis.CONTRACT),
                        ),
                    ),
                ),
            ),
        ),
    )
    back, _, _ = roundtrip(register, tmp_path, "csv")
    assert [c.kind for c in back.activities[0].data_categories] == kinds
    assert back == register


_PRESCRIPTION = "dans la limite des différents délais de prescription applicables"


def _archives_register() -> Register:
    """Archive phases of every shape: stated, unstated with a ground, unstated
    with nothing else, and none."""
    archives = {
        "stated": ArchivePhase(duration=Duration.parse("P10Y"), legal_ground="Code de commerce"),
        "unstated": ArchivePhase(legal_ground=_PRESCRIPTION),
        "bare": ArchivePhase(),
        "none": None,
    }
    return Register(
        controller=Controller(name="X"),
        activities=(
            ProcessingActivity(
                id="a",
                name="a",
                purposes=(
                    Purpose(name="p", legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),)),
                ),
                recipients=(Recipient(name="r"),),
                data_categories=tuple(
                    DataCategory(
                        name=name,
                        retention=RetentionRule(until=Event.END_OF_CONTRACT, archive=archive),
                    )
                    for name, archive in archives.items()
                ),
            ),
        ),
    )


@pytest.mark.parametrize("format_", FORMATS)
def test_archives_of_unstated_length_round_trip(format_: str, tmp_path: Path) -> None:
    register = _archives_register()
    back, notes, read_notes = roundtrip(register, tmp_path, format_)
    assert back == register
    assert (notes, read_notes) == ((), ())
    archives = [c.retention.archive for c in back.activities[0].data_categories if c.retention]
    assert [a.duration if a else "no archive" for a in archives] == [
        Duration(years=10),
        None,
        None,
        "no archive",
    ]


def _archive_cells(path: Path) -> list[object]:
    rows = list(openpyxl.load_workbook(path)["a"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "Archivage intermédiaire (ISO 8601)" in r)
    column = header.index("Archivage intermédiaire (ISO 8601)")
    start = rows.index(header) + 1
    return [row[column] for row in rows[start : start + 4]]


def test_an_archive_of_unstated_length_is_written_as_such(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    export_register(_archives_register(), path, format="xlsx")
    assert _archive_cells(path) == ["P10Y", "non précisée", "non précisée", None]
    workbook = openpyxl.load_workbook(path)
    words = [
        cell
        for row in workbook["a"].iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str) and "durée non précisée" in cell
    ]
    assert words == [
        f"jusqu’à la fin du contrat, puis archivage intermédiaire d’une durée non précisée "
        f"({_PRESCRIPTION})",
        "jusqu’à la fin du contrat, puis archivage intermédiaire d’une durée non précisée",
    ]


@pytest.mark.parametrize("typed", [None, "", "Not specified", "non précisé"])
def test_an_empty_or_worded_archive_duration_beside_a_ground_reads_as_unstated(
    typed: object, tmp_path: Path
) -> None:
    path = tmp_path / "r.xlsx"
    register = _archives_register()
    export_register(register, path, format="xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["a"]
    cell = next(
        c
        for row in ws.iter_rows()
        for c in row
        if c.value == "non précisée" and ws.cell(row=c.row, column=c.column + 1).value
    )
    cell.value = typed
    workbook.save(path)
    back, notes = import_register(path)
    assert back == register
    assert notes == ()
    assert back.activities[0].data_categories[1].retention == RetentionRule(
        until=Event.END_OF_CONTRACT, archive=ArchivePhase(duration=None, legal_ground=_PRESCRIPTION)
    )


def test_an_archive_duration_that_is_neither_iso_nor_unstated_is_an_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.xlsx"
    export_register(_archives_register(), path, format="xlsx")
    _edit_xlsx(path, "a", "P10Y", "dix ans")
    with pytest.raises(LoadError) as raised:
        import_register(path)
    (problem,) = raised.value.problems
    assert problem.path.startswith("a!")
    assert "'dix ans' is not an ISO 8601 duration" in problem.message
    assert "« non précisée » for an archive of unstated length" in problem.message


# Arguments and optional libraries ------------------------------------------------------------


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported format 'pdf'"):
        export_register(rich_register(), tmp_path / "r.pdf", format="pdf")


@pytest.mark.parametrize(
    ("module", "format_", "extra"), [("openpyxl", "xlsx", "xlsx"), ("odf", "ods", "ods")]
)
def test_a_missing_library_names_the_extra_on_import_only(
    module: str, format_: str, extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"r.{format_}"
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # makes "import module" fail
    # Export needs no library: the writers are gdprkit's.
    export_register(rich_register(), path, format=format_)
    with pytest.raises(
        MissingDependency, match=rf"python -m pip install \S+ \(or gdprkit's '{extra}' extra\)"
    ) as raised:
        import_register(path)
    assert isinstance(raised.value, ImportError)
    assert raised.value.extra == extra
    monkeypatch.undo()
    assert import_register(path)[0] == rich_register()
    # CSV needs nothing.
    export_register(rich_register(), tmp_path / "r.csv", format="csv")
    assert import_register(tmp_path / "r.csv")[0] == rich_register()


def _csv_whole(register: gdprkit.Register) -> bytes:
    """The CSV form as it was made before the rows were streamed: every sheet
    laid out, the first row padded to the widest row of the whole workbook."""
    return _csv_of(_layout(register)[0])


def _csv_of(sheets: list[ss.Sheet]) -> bytes:
    """The CSV form of *sheets*, made cell by cell and encoded at once."""
    width = 1 + max(len(r) for sheet in sheets for r in sheet.rows)

    def cell(value: object) -> str:
        if value is None:
            return ""
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        return "'" + text if text.startswith((*ss.FORMULA_START, "'")) else text

    rows = [[cell(sheet.name), *map(cell, row)] for sheet in sheets for row in sheet.rows]
    rows[0] += [""] * (width - len(rows[0]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize(
    "register",
    [
        *(gdprkit.load(path) for path in EXAMPLES),
        rich_register(),
        processor_register(),
        english_register(),
    ],
)
def test_the_streamed_csv_is_the_csv_of_the_whole_workbook(
    register: gdprkit.Register, tmp_path: Path
) -> None:
    export_register(register, tmp_path / "r.csv", format="csv")
    assert (tmp_path / "r.csv").read_bytes() == _csv_whole(register)


@pytest.mark.property
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(registers())
def test_the_streamed_csv_is_the_csv_of_the_whole_workbook_for_any_register(
    register: gdprkit.Register,
) -> None:
    from gdprkit.render.spreadsheet.csv import _write_csv
    from gdprkit.render.spreadsheet.export import _sheets

    assert _write_csv(_sheets(register, [])) == _csv_whole(register)


def test_every_kind_of_cell_is_written_as_when_made_cell_by_cell() -> None:
    from gdprkit.render.spreadsheet.csv import _write_csv

    hostile = [
        *("=1+1", "+33 1 23", "-5 %", "@SUM(A1)", "\tx", "\rx", "'quoted", "''"),
        *("", "a,b", 'say "hi"', "line\nbreak", "bare\rCR", "’é—🙂", " lead"),
        *("a,-b", "x,'y", 'q,"=z'),  # like a formula after a comma, but within one cell
        *(None, 7, -5, 0, 2**60, dt.date(2024, 1, 2)),
    ]
    cover, fiche, end = ss.Sheet("=Registre"), ss.Sheet("'fiche"), ss.Sheet("Fin")
    cover.row(hostile)
    fiche.row([])
    fiche.row(list(reversed(hostile)))
    end.row([None, "x"])
    sheets = [cover, fiche, end]
    assert _write_csv(sheets) == _csv_of(sheets)


def test_a_row_wider_than_the_layout_is_refused_not_cut() -> None:
    from gdprkit.render.spreadsheet.csv import _write_csv

    cover, wide = ss.Sheet("Registre"), ss.Sheet("Fiche")
    cover.row(["a", "b"])
    wide.row(["a"])
    later = ss.Sheet("Fin")
    later.row(["a", "b", "c"])
    with pytest.raises(ValueError, match="wider than the layout"):
        _write_csv([cover, wide, later])


@pytest.mark.parametrize("format_", FORMATS)
def test_no_recipients_and_recipients_not_stated_round_trip(format_: str, tmp_path: Path) -> None:
    register = rich_register()
    first, *rest = register.activities
    for recipients in ((), None):
        changed = attrs.evolve(
            register, activities=(attrs.evolve(first, recipients=recipients), *rest)
        )
        back, _, read_notes = roundtrip(changed, tmp_path, format_)
        assert back.activities[0].recipients == recipients
        assert back == changed
        assert read_notes == ()


def test_recipients_listed_beside_no_recipients_are_kept_with_a_note(tmp_path: Path) -> None:
    register = rich_register()
    path = tmp_path / "registre.xlsx"
    export_register(register, path, format="xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[sheet_names(register.activities)[0]]
    (row,) = [r for r in sheet.iter_rows() if r[0].value == ss.NO_RECIPIENTS.label]
    row[1].value = ss._YES
    book.save(path)
    back, notes = import_register(path)
    assert back.activities[0].recipients == register.activities[0].recipients
    assert any("recipients are listed" in n for n in notes)
