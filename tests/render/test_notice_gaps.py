"""The closing list of a draft notice says where each gap is: the activities
by name, or the register, then the paths to fill."""

from __future__ import annotations

import re

import attrs
import pytest

from gdprkit.model import Controller, CountryCode, ProcessingActivity, Purpose, Register
from gdprkit.render._labels import Language
from gdprkit.render.notice import render_notice
from tests.render.fixtures import ALL_RIGHTS


def register(*names: str, **fields: object) -> Register:
    """A register of activities named *names*, each with a purpose without a basis."""
    activities = tuple(
        ProcessingActivity(id=f"a{i}", name=name, purposes=(Purpose(name=f"Finalité {i}"),))
        for i, name in enumerate(names)
    )
    values: dict[str, object] = {
        "controller": Controller(name="Exemple SAS", country=CountryCode("FR")),
        "activities": activities,
        "rights": ALL_RIGHTS,
    }
    values.update(fields)
    return Register(**values)  # type: ignore[arg-type]


def closing(notice: str) -> list[str]:
    """The lines of the closing list (after its heading)."""
    return [line for line in notice.split("\n## ")[-1].splitlines() if line.startswith("- ")]


def line_of(notice: str, path: str) -> str:
    (found,) = [line for line in closing(notice) if path in line]
    return found.replace("\u00a0", " ")


BASES = "`activities[0].purposes[0].legal_bases, activities[1].purposes[0].legal_bases`"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "- la base légale (article 13, paragraphe 1, point c) du RGPD), dans les activités "
            f"« Gestion des clients » et « Paie » : {BASES}",
        ),
        (
            "en",
            "- the lawful basis (Article 13(1)(c) GDPR), in activities “Gestion des clients” "
            f"and “Paie”: {BASES}",
        ),
        (
            "de",
            "- die Rechtsgrundlage (Art. 13 Abs. 1 lit. c DSGVO), in den Verarbeitungstätigkeiten "
            f"„Gestion des clients“ und „Paie“: {BASES}",
        ),
        (
            "es",
            "- la base jurídica (artículo 13, apartado 1, letra c), del RGPD), en las actividades "
            f"«Gestion des clients» y «Paie»: {BASES}",
        ),
        (
            "it",
            "- la base giuridica (articolo 13, paragrafo 1, lettera c), del RGPD), nelle attività "
            f"«Gestion des clients» e «Paie»: {BASES}",
        ),
    ],
)
def test_a_line_names_the_activities_in_the_notices_language(lang: Language, expected: str) -> None:
    notice = render_notice(register("Gestion des clients", "Paie"), lang=lang)
    assert line_of(notice, "legal_bases") == expected


@pytest.mark.parametrize(
    ("lang", "one", "register_level"),
    [
        ("fr", "), dans l’activité « Seule » : `", "), dans le registre : `rights`"),
        ("en", "), in activity “Seule”: `", "), in the register: `rights`"),
        ("de", "), in der Verarbeitungstätigkeit „Seule“: `", "), im Verzeichnis: `rights`"),
        ("es", "), en la actividad «Seule»: `", "), en el registro: `rights`"),
        ("it", "), nell’attività «Seule»: `", "), nel registro: `rights`"),
    ],
)
def test_one_activity_and_the_register_are_named_so(
    lang: Language, one: str, register_level: str
) -> None:
    notice = render_notice(register("Seule", rights=()), lang=lang)
    assert one in line_of(notice, "legal_bases")
    rights = [line.replace("\u00a0", " ") for line in closing(notice) if "`rights`" in line]
    assert rights
    assert all(line.endswith(register_level) for line in rights), rights


def test_an_item_missing_in_the_register_and_in_an_activity_names_both() -> None:
    # B declares its own rights (none): its missing rights are B's, A's are the register's.
    both = register("A", "B", rights=())
    both = attrs.evolve(
        both, activities=(both.activities[0], attrs.evolve(both.activities[1], rights=()))
    )
    line = line_of(render_notice(both), "Droit d’accès")
    assert line.endswith(
        "), dans le registre et dans l’activité « B » : `rights, activities[1].rights`"
    )


@pytest.mark.parametrize(
    ("lang", "one_more", "more"),
    [
        ("fr", "« N2 » et 1 autre : `", "« N2 » et 3 autres : `"),
        ("en", "“N2” and 1 more: `", "“N2” and 3 more: `"),
        ("de", "„N2“ und einer weiteren: `", "„N2“ und 3 weiteren: `"),
        ("es", "«N2» y 1 más: `", "«N2» y 3 más: `"),
        ("it", "«N2» e un’altra: `", "«N2» e altre 3: `"),
    ],
)
def test_many_activities_are_cut_after_three_names_and_every_path_stays(
    lang: Language, one_more: str, more: str
) -> None:
    for count, cut in ((4, one_more), (6, more)):
        line = line_of(
            render_notice(register(*(f"N{i}" for i in range(count))), lang=lang), "legal"
        )
        assert cut in line
        assert all(f"“N{i}”" not in line and f"« N{i} »" not in line for i in range(3, count))
        paths = line.split("`")[1].split(", ")
        assert paths == [f"activities[{i}].purposes[0].legal_bases" for i in range(count)]


def test_activities_of_the_same_name_are_named_once() -> None:
    line = line_of(render_notice(register("Enquête", "Paie", "Enquête")), "legal_bases")
    assert "), dans les activités « Enquête » et « Paie » : `activities[0]" in line
    assert line.count("activities[") == 3
    alone = line_of(render_notice(register("Enquête", "Enquête")), "legal_bases")
    assert "), dans les activités « Enquête » : `activities[0]" in alone


def test_the_names_are_those_of_the_register_even_for_a_selection() -> None:
    """The indices of the paths are the register's: a notice of some
    activities names the right ones."""
    notice = render_notice(register("Premier", "Second"), activities=["a1"])
    assert line_of(notice, "legal_bases") == (
        "- la base légale (article 13, paragraphe 1, point c) du RGPD), "
        "dans l’activité « Second » : `activities[1].purposes[0].legal_bases`"
    )


HOSTILE = "A\r# Pwned <script>alert(1)</script> *gras* `c`"


def test_a_hostile_name_stays_text_in_the_markdown_list() -> None:
    notice = render_notice(register(HOSTILE, "B"))
    lines = re.split(r"\r\n|\r|\n", notice)
    (line,) = [line for line in lines if "legal_bases" in line and "RGPD)," in line]
    assert line.startswith("- la base légale")
    assert "<script>" not in notice
    assert "\\*gras\\*" in line
    assert not any(line.startswith("# Pwned") for line in lines)
    assert line.endswith(
        "et «\u00a0B\u00a0»\u00a0: `activities[0].purposes[0].legal_bases, "
        "activities[1].purposes[0].legal_bases`"
    )


def test_a_hostile_name_is_escaped_in_the_html_list() -> None:
    notice = render_notice(register(HOSTILE, "B"), format="html")
    # A CR is white space in HTML: the item is still one element, its text escaped.
    (item,) = [line for line in notice.split("\n") if "legal_bases</code>" in line]
    assert "<script>" not in notice
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item
    assert item.strip().startswith("<li>la base légale")
    assert item.endswith(
        "«\u00a0B\u00a0»\u00a0: <code>activities[0].purposes[0].legal_bases, "
        "activities[1].purposes[0].legal_bases</code></li>"
    )
