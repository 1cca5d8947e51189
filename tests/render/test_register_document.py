"""The register document for the supervisory authority: .docx read back with
python-docx, printable HTML checked as text."""

from __future__ import annotations

import html
import io
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import gdprkit
from gdprkit.model import Controller, Register, SubprocessorAuthorisation
from gdprkit.render import MissingDependency
from gdprkit.render.register_document import (
    build_document,
    render_document_docx,
    render_document_html,
    write_document,
)
from tests.conftest import ROOT
from tests.render.fixtures import processor_register, rich_register


docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402


EXAMPLES = sorted((ROOT / "examples" / "registers").glob("*.json"))


def read_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def sheets(document: Any) -> list[tuple[str, list[Any]]]:
    """Each sheet of a .docx: its title (a level-1 heading) and the tables
    that follow it, in body order."""
    body = document.element.body
    found: list[tuple[str, list[Any]]] = []
    tables = {t._tbl: t for t in document.tables}
    paragraphs = {p._p: p for p in document.paragraphs}
    for child in body.iterchildren():
        if child in paragraphs and paragraphs[child].style.name == "Heading 1":
            found.append((paragraphs[child].text, []))
        elif child in tables and found:
            found[-1][1].append(tables[child])
    return found


def cells(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def table_after(document: Any, sheet_title: str, heading: str) -> list[list[str]]:
    """The cells of the table under the level-2 heading starting with *heading*
    in the sheet titled *sheet_title*."""
    body = list(document.element.body.iterchildren())
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    in_sheet = False
    for index, child in enumerate(body):
        paragraph = paragraphs.get(child)
        if paragraph is not None and paragraph.style.name == "Heading 1":
            in_sheet = paragraph.text == sheet_title
        elif in_sheet and paragraph is not None and paragraph.text.startswith(heading):
            return cells(tables[body[index + 1]])
    raise AssertionError(f"no {heading!r} in {sheet_title!r}")


def test_the_docx_holds_the_organisation_then_every_activity_sheet() -> None:
    register = rich_register()
    document = read_docx(render_document_docx(register))
    titles = [title for title, _ in sheets(document)]
    assert titles[0] == "Registre des activités de traitement"
    assert titles[1:] == [
        *(f"Fiche de registre n° {n}" for n in range(1, 5)),
        "Fiche de registre n° 5 (sous-traitant)",
    ]
    # Every sheet after the first starts a new page.
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [bool(p.paragraph_format.page_break_before) for p in headings] == [False] + [True] * 5
    assert document.core_properties.language == "fr"
    # Word checks the spelling in French, not in the template's American English.
    normal = document.styles["Normal"].element
    (language,) = normal.rPr.findall(qn("w:lang"))
    assert language.get(qn("w:val")) == "fr-FR"
    assert document.core_properties.title == (
        "Registre des activités de traitement — Pharmacie de l’Étoile SAS"
    )


def test_the_organisation_comes_first_with_its_dpo_and_activities() -> None:
    document = read_docx(render_document_docx(rich_register()))
    first = "Registre des activités de traitement"
    organisation = dict(map(tuple, table_after(document, first, "Organisme")))  # type: ignore[arg-type]
    assert organisation["Qualité"] == "Responsable du traitement, Sous-traitant"
    # A « label | value » table has a narrower label column, as in the page.
    table = next(t for t in document.tables if t.cell(0, 0).text == "Qualité")
    key, value = table.columns
    assert key.width < value.width
    assert table.cell(0, 0).width == key.width
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "Organisme (RGPD, art. 30(1)(a) et 30(2)(a))"
    assert organisation["Nom"] == "Pharmacie de l’Étoile SAS"
    assert organisation["Identifiants"] == "SIREN : 123 456 789\nRCS Paris : B 123 456 789"
    # One merged cell, read once per grid column.
    assert table_after(document, first, "Représentant dans l’Union") == [["Non désigné"] * 2]
    dpo = dict(map(tuple, table_after(document, first, "Délégué à la protection")))  # type: ignore[arg-type]
    assert dpo["Numéro de désignation"] == "DPO-12345"
    listing = table_after(document, first, "Activités de traitement")
    assert listing[0] == ["N°", "Référence", "Nom", "Qualité"]
    assert listing[5] == ["5", "tiers-payant", "Tiers payant pour les mutuelles", "Sous-traitant"]


def test_a_controller_sheet_has_article_30_1_a_to_g_in_order() -> None:
    document = read_docx(render_document_docx(rich_register()))
    headings = []
    in_sheet = False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            in_sheet = paragraph.text == "Fiche de registre n° 1"
        elif in_sheet and paragraph.style.name == "Heading 2":
            headings.append(paragraph.text)
    cited = [re.search(r"art\. 30\(1\)\((\w)\)", h) for h in headings]
    assert [c.group(1) for c in cited if c] == ["a", "b", "c", "c", "d", "e", "f", "g"]
    sheet = "Fiche de registre n° 1"
    purposes = table_after(document, sheet, "Finalités du traitement")
    assert purposes[0] == ["Finalité", "Base légale", "Précisions"]
    assert purposes[2] == [
        "Tenue de la comptabilité",
        "Obligation légale (RGPD, art. 6(1)(c))",
        "Texte : Code de commerce, art. L123-22",
    ]
    transfers = table_after(document, sheet, "Transferts hors de l’Union")
    assert transfers[1][:3] == [
        "Hébergeur « Nuage »",
        "États-Unis (US)",
        "Clauses contractuelles types de la Commission de 2021 (RGPD, art. 46(2)(c))",
    ]
    data = table_after(document, sheet, "Catégories de données personnelles")
    assert data[1] == [
        "Identité",
        "État civil, identité, données d’identification",
        "nom, prénom, civilité",
    ]
    assert "Des données sensibles sont-elles traitées ? Non" in [
        p.text for p in document.paragraphs
    ]
    prescriptions = table_after(document, "Fiche de registre n° 3", "Catégories de données")
    assert prescriptions[2] == [
        "NIR",
        "Numéro d’identification national unique (NIR pour la France) (RGPD, art. 87)",
        "Décret 2019-341, art. 1",
    ]
    erasure = table_after(document, sheet, "Délais prévus pour l’effacement")
    assert erasure[2] == [
        "Numéro de carte bancaire",
        "13 mois après le débit (Code monétaire et financier L133-24)",
    ]
    security = table_after(document, sheet, "Mesures de sécurité")
    assert ["Technique", "Chiffrement", "TLS 1.3", "ce traitement"] in security
    # A register-wide measure appears on every sheet.
    assert any(row[-1] == "commune à tous les traitements" for row in security)


def test_a_processor_sheet_has_article_30_2_a_to_d() -> None:
    document = read_docx(render_document_docx(processor_register(), lang="en"))
    sheet = "Record sheet no. 1 (processor)"
    actors = dict(map(tuple, table_after(document, sheet, "Actors")))  # type: ignore[arg-type]
    assert actors["Processor"].startswith("Sous-Traitance Ingénierie SARL")
    # Art. 30(2)(a) asks for each controller's contact details: the fixture has none.
    assert actors["Controllers on whose behalf the organisation acts"] == (
        "Cabinet Alpha\nContact details: not specified\n\n"
        "Société Bêta\nContact details: not specified"
    )
    assert table_after(document, sheet, "Categories of processing") == [
        ["Category"],
        ["Stockage"],
        ["Sauvegarde"],
    ]
    assert table_after(document, sheet, "Transfers outside") == [
        ["Recipient", "Country or international organisation", "Safeguards", "Documentation"],
        ["None", "None", "None", "None"],  # one merged cell, read once per grid column
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert not any("30(1)" in h for h in headings)
    assert "Organisation (GDPR Art. 30(2)(a))" in headings


def test_a_missing_mandatory_item_is_said_to_be_missing() -> None:
    register = Register(
        controller=Controller(name="Vide SARL"),
        dpo=gdprkit.model.DPO(name="Mme Dupont"),
        activities=(gdprkit.model.ProcessingActivity(id="vide", name="Vide"),),
    )
    document = read_docx(render_document_docx(register))
    sheet = "Fiche de registre n° 1"
    purposes = table_after(document, sheet, "Finalités du traitement")
    assert purposes[1][0] == "non précisées"
    # Art. 30(1)(a): the contact details of the controller and the DPO.
    first = "Registre des activités de traitement"
    organisation = dict(map(tuple, table_after(document, first, "Organisme")))  # type: ignore[arg-type]
    assert organisation["Coordonnées"] == "non précisées"
    dpo = dict(map(tuple, table_after(document, first, "Délégué")))  # type: ignore[arg-type]
    assert dpo == {"Nom": "Mme Dupont", "Coordonnées": "non précisées"}
    actors = dict(map(tuple, table_after(document, sheet, "Acteurs")))  # type: ignore[arg-type]
    assert actors["Responsable du traitement"] == "Vide SARL\nCoordonnées : non précisées"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_register_has_every_activity_sheet(path: Path) -> None:
    register = gdprkit.load(path)
    document = read_docx(render_document_docx(register))
    found = sheets(document)
    assert len(found) == len(register.activities) + 1
    for (_, tables), activity in zip(found[1:], register.activities, strict=True):
        identification = dict(map(tuple, cells(tables[0])))  # type: ignore[arg-type]
        assert identification["Référence"] == activity.id
        assert identification["Nom"] == activity.name


HOSTILE = "<script>alert('x')</script> & \x01\x0b \ud800 fin\r\nligne"


def hostile_register() -> Register:
    register = rich_register()
    return attrs.evolve(register, controller=attrs.evolve(register.controller, name=HOSTILE))


def test_text_word_cannot_hold_is_replaced_not_fatal() -> None:
    document = read_docx(render_document_docx(hostile_register()))
    organisation = dict(
        map(tuple, table_after(document, "Registre des activités de traitement", "Organisme"))  # type: ignore[arg-type]
    )
    assert organisation["Nom"] == "<script>alert('x')</script> & \ufffd\ufffd \ufffd fin\nligne"


def test_the_html_escapes_register_text() -> None:
    page = render_document_html(hostile_register())
    assert "<script>" not in page
    assert html.escape("<script>alert('x')</script> &", quote=True) in page
    assert "fin<br>ligne" in page
    assert "\ufffd fin" in page.encode("utf-8").decode("utf-8")  # the lone surrogate


def test_the_html_has_one_section_per_sheet_and_a_print_style() -> None:
    register = rich_register()
    page = render_document_html(register, lang="en")
    assert page.count('<section class="sheet"') == len(register.activities) + 1
    assert ".sheet + .sheet { break-before: page; }" in page
    assert "@page { size: A4;" in page
    assert '<html lang="en">' in page
    assert "<h1>Record sheet no. 3</h1>" in page


def test_the_document_model_is_the_same_for_both_media() -> None:
    document = build_document(rich_register(), "en")
    page = render_document_html(rich_register(), lang="en")
    for sheet in document.sheets:
        for table in sheet.tables:
            assert html.escape(table.title) in page


def test_docx_without_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(MissingDependency, match=r"pip install python-docx .*'docx' extra"):
        render_document_docx(rich_register())


@pytest.mark.parametrize("format_", ["docx", "html"])
def test_write_document_writes_the_file(tmp_path: Path, format_: str) -> None:
    target = tmp_path / f"registre.{format_}"
    target.write_text("old", encoding="utf-8")
    write_document(rich_register(), target, format=format_)
    data = target.read_bytes()
    assert data.startswith(b"PK" if format_ == "docx" else b"<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_write_document_refuses_an_unknown_format_or_language(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported format"):
        write_document(rich_register(), tmp_path / "x.pdf", format="pdf")
    with pytest.raises(ValueError, match="unsupported language"):
        write_document(rich_register(), tmp_path / "x.html", format="html", lang="de")
    assert list(tmp_path.iterdir()) == []


def test_no_recipients_reads_none_and_unstated_recipients_not_specified() -> None:
    register = rich_register()
    first, *rest = register.activities

    def recipients_table(recipients: Any) -> str:
        changed = attrs.evolve(
            register, activities=(attrs.evolve(first, recipients=recipients), *rest)
        )
        page = render_document_html(changed)
        start = page.index("Catégories de destinataires")
        return page[start : start + 600]

    assert ">Aucun<" in recipients_table(())
    assert "non précisés" in recipients_table(None).lower()


def test_a_processor_sheet_says_how_sub_processors_were_authorised() -> None:
    register = processor_register()
    activity = attrs.evolve(
        register.activities[0], subprocessor_authorisation=SubprocessorAuthorisation.SPECIFIC
    )
    register = attrs.evolve(register, activities=(activity,))
    html = render_document_html(register, lang="fr")
    assert "Autorisation des sous-traitants ultérieurs (art. 28(2))" in html
    assert "Autorisation écrite préalable spécifique" in html


def test_a_sheet_shows_the_registers_rights_that_apply_to_its_bases() -> None:
    # The register's general list holds objection (Art. 21(1)) and portability
    # (Art. 20): the first exists only on a public task or legitimate
    # interests, the second only on consent or a contract.
    register = gdprkit.loads(
        (ROOT / "examples" / "registers" / "offisante.json").read_text(encoding="utf-8")
    )
    document = read_docx(render_document_docx(register))

    def rights(n: int) -> str:
        rows = table_after(document, f"Fiche de registre n° {n}", "Compléments")
        return next(value for key, value in rows if key == "Droits des personnes")

    contract, interest, unstated = rights(3), rights(2), rights(1)
    assert "Droit à la portabilité (RGPD, art. 20)" in contract
    assert "Droit d’opposition" not in contract
    assert "Droit d’opposition (RGPD, art. 21(1))" in interest
    assert "portabilité" not in interest
    # Without a basis, nothing is excluded.
    assert "Droit d’opposition (RGPD, art. 21(1))" in unstated
    assert "Droit à la portabilité (RGPD, art. 20)" in unstated
    for text in (contract, interest, unstated):
        assert "Droit d’accès (RGPD, art. 15)" in text
        assert "Droit d’introduire une réclamation (RGPD, art. 77)" in text
    # An activity's own list is the register's statement, shown as it is.
    own = rights(7)
    assert "Droit de retirer son consentement (RGPD, art. 7(3))" in own


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "Communiquées par le responsable du traitement"), ("en", "Provided by the controller")],
)
def test_a_processors_data_from_the_controller_are_not_its_own(lang: str, words: str) -> None:
    register = gdprkit.loads(
        (ROOT / "examples" / "registers" / "cooptalis.json").read_text(encoding="utf-8")
    )
    page = html.unescape(render_document_html(register, lang=lang))
    assert f"{words}{' :' if lang == 'fr' else ':'}" in page.replace("\u202f", " ")
    assert "Produites par l’organisme" not in page
    assert "Generated by the organisation" not in page
