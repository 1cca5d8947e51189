"""The register report: the register as a document, its findings beside each activity."""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pytest

import gdprkit
from gdprkit.model import (
    Controller,
    DataSource,
    ProcessingActivity,
    Register,
    Role,
    SourceKind,
    SubprocessorAuthorisation,
)
from gdprkit.render.report import render_report
from gdprkit.rules.findings import Finding, Report, Severity
from tests.conftest import ROOT
from tests.render.fixtures import processor_register, rich_register
from tests.render.html_checks import Page, assert_self_contained_page


AS_OF = dt.date(2026, 1, 1)


def finding(
    location: tuple[str | int, ...], severity: Severity = Severity.ERROR, message: str = "wrong"
) -> Finding:
    return Finding(
        rule="TEST001",
        name="test-rule",
        severity=severity,
        location=location,
        message=message,
        articles=("GDPR Art. 30(1)",),
    )


def made_up_report(*findings: Finding) -> Report:
    return Report(findings=findings, as_of=AS_OF, profiles=("gdpr",), rules=("TEST001",))


def many_activities(count: int) -> Register:
    return Register(
        controller=Controller(name="X"),
        activities=tuple(
            ProcessingActivity(id=f"a{i}", name=f"Activité {i}") for i in range(count)
        ),
    )


def section(html: str, number: int) -> str:
    """The HTML of activity *number* (from 1)."""
    start = html.index(f'id="activity-{number}-block"')
    end = html.find("</section>", start)
    return html[start:end]


def test_summary_counts_by_severity() -> None:
    register = rich_register()
    report = gdprkit.validate(register, profiles=("gdpr", "cnil"), as_of=AS_OF)
    text = render_report(register, report, format="markdown")
    assert text.startswith("# Register of processing activities: Pharmacie de l’Étoile SAS\n")
    names = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Information"}
    for severity, name in names.items():
        assert f"- **{name}**: {report.count(severity)}" in text
    assert f"- Findings: {len(report)}" in text
    assert "- Activities: 5" in text
    assert "Checked on 1 January 2026 with the profiles gdpr, cnil" in text


def test_findings_go_beside_their_activity() -> None:
    register = many_activities(12)
    report = made_up_report(
        finding(("activities", 1, "purposes", 0), message="second one"),
        finding(("activities", 10), Severity.WARNING, message="eleventh one"),
        finding(("dpo",), Severity.INFO, message="register level"),
        finding(("activities", 99), message="out of range"),
    )
    html = render_report(register, report)
    assert "second one" in section(html, 2)
    assert "second one" not in section(html, 11)
    assert "eleventh one" in section(html, 11)
    assert "eleventh one" not in section(html, 2)
    top = html[: html.index('id="activity-1-block"')]
    assert "register level" in top
    assert "out of range" in top  # a path beyond the register is shown at the top, not lost
    # Paths are relative inside an activity.
    assert "<code>purposes[0]</code>" in section(html, 2)
    assert "No finding." in section(html, 1)
    # Beside: in an <aside> next to the details.
    assert re.search(
        r'<aside class="findings">\s*<h3>Findings \(1 × error\)</h3>', section(html, 2)
    )


def test_finding_messages_are_marked_as_the_english_they_are_written_in() -> None:
    register = attrs.evolve(many_activities(1), language="fr")
    report = made_up_report(finding(("activities", 0), message='Activity "Activité 0" lacks'))
    english = section(render_report(register, report), 1)
    # Not marked as the register's French: the page is English, and so is the message.
    assert "</code>: Activity &quot;Activité 0&quot; lacks (GDPR" in english
    french = section(render_report(register, report, lang="fr"), 1)
    assert '<span lang="en">Activity &quot;Activité 0&quot; lacks</span> (RGPD' in french


def test_a_french_report_agrees_none_with_what_is_missing() -> None:
    register = many_activities(1)
    text = render_report(register, made_up_report(), format="markdown", lang="fr")
    measures = text.split("### Mesures de sécurité communes à tous les traitements\n\n")[1]
    assert measures.startswith("Aucune.\n")  # des mesures
    findings = text.split("## Constats sur l’ensemble du registre\n\n")[1]
    assert findings.startswith("Aucun.\n")  # des constats
    assert "Vérifié le 1er janvier 2026 avec le profil gdpr (1 règle)." in text
    english = render_report(register, made_up_report(), format="markdown")
    assert "Checked on 1 January 2026 with the profile gdpr (1 rule)." in english


def test_errors_come_first() -> None:
    register = many_activities(1)
    report = made_up_report(
        finding(("activities", 0, "a"), Severity.INFO, "info one"),
        finding(("activities", 0, "b"), Severity.ERROR, "error one"),
        finding(("activities", 0, "c"), Severity.WARNING, "warning one"),
    )
    text = render_report(register, report, format="markdown")
    assert text.index("error one") < text.index("warning one") < text.index("info one")
    assert "### Findings (1 × error, 1 × warning, 1 × information)" in text


def test_an_archive_of_unstated_length_is_shown_as_such() -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "cooper.json")
    report = gdprkit.validate(register, profiles=("gdpr", "cnil"), as_of=dt.date(2026, 11, 22))
    text = render_report(register, report, format="markdown").replace("\u00a0", " ")
    assert (
        "retention: until the end of the contract, then an intermediate archive of unspecified "
        "length (pour répondre à nos différentes obligations légales"
    ) in text
    assert "**GDPR405** `archive-without-duration`" in text
    french = render_report(register, report, format="markdown", lang="fr").replace("\u00a0", " ")
    assert (
        "jusqu’à la fin du contrat, puis archivage intermédiaire d’une durée non précisée "
        "(pour répondre à nos différentes obligations légales"
    ) in french


def test_the_register_is_shown_in_full() -> None:
    text = render_report(rich_register(), made_up_report(), format="markdown").replace(
        "\u00a0", " "
    )
    for expected in (
        # it keeps activities as processor too
        "**Controller, Processor**: **Pharmacie de l’Étoile SAS**",
        "**Headcount**: 42",
        "Cabinet Conformité & Associés",
        "**External DPO**: yes",
        "**Designated on**: 25 May 2018",
        "## 1. Gestion des clients (id `clients`)",
        "lawful basis: Legal obligation (GDPR Art. 6(1)(c)); law: Code de commerce, art. L123-22",
        "retention: until the end of the contract, then an intermediate archive of 10 years (Code de commerce L123-22)",
        "**Hébergeur « Nuage »** → United States (US); mechanism: Commission standard contractual clauses of 2021 (GDPR Art. 46(2)(c))",
        "since: 1 January 2024",
        "**Encryption**: TLS 1.3",
        "Rights: the register's list applies.",
        "### Rights (this activity's own list)",
        "Score d’appétence",
        "risk criteria: Evaluation or scoring (EDPB WP248 rev.01)",
        "status: Done; reference: AIPD-2023-07",
        "age of consent: 15",
        "retention: not specified; as worded: « aussi longtemps que nécessaire »",
        "### Controllers served",
        "**Mutuelle Santé Plus**; SIREN: 987654321",
    ):
        assert expected in text, expected


def test_gaps_are_visible() -> None:
    register = Register(
        controller=Controller(name="X"),
        activities=(ProcessingActivity(id="a", name="A"),),
    )
    text = render_report(register, made_up_report(), format="markdown")
    assert "No DPO recorded." in text
    assert "### Purposes and lawful bases\n\nnot specified" in text


def test_french_report() -> None:
    register = rich_register()
    report = made_up_report(finding(("activities", 0)))
    text = render_report(register, report, format="markdown", lang="fr").replace("\u00a0", " ")
    assert text.startswith("# Registre des activités de traitement : Pharmacie de l’Étoile SAS")
    assert "## Synthèse" in text
    assert "- **Erreur** : 1" in text
    assert "### Constats (1 × erreur)" in text
    assert "(RGPD, art. 30(1))" in text  # citations in French, message as the rule wrote it
    assert "**Rôle** : Responsable du traitement" in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_is_self_contained_and_escaped(lang: str) -> None:
    evil = "<script>document.title='pwned'</script>"
    register = attrs.evolve(rich_register(), controller=Controller(name=evil))
    report = made_up_report(finding(("activities", 0), message="<b>bold</b> & <i>"))
    html = render_report(register, report, lang=lang)
    assert "<script>" not in html
    assert "<b>bold" not in html
    page = assert_self_contained_page(html, lang)
    assert evil in page.text
    assert "<b>bold</b> & <i>" in page.text
    assert page.title.endswith(evil)


def test_markdown_escapes() -> None:
    register = attrs.evolve(rich_register(), controller=Controller(name="*x* <y>"))
    report = made_up_report(
        finding(("activities", 0, "`odd`"), message="_under_ [link](javascript:z)")
    )
    text = render_report(register, report, format="markdown")
    assert "\\*x\\* &lt;y&gt;" in text
    assert "\\_under\\_ \\[link\\](javascript:z)" in text
    assert "`` `odd` ``" in text


def test_processor_register_report() -> None:
    register = processor_register()
    report = gdprkit.validate(register, as_of=AS_OF)
    html = render_report(register, report)
    page = Page(html)
    assert "Role: Processor" in page.text
    assert "Cabinet Alpha" in page.text


@pytest.mark.parametrize(
    ("roles", "lang", "words"),
    [
        ((Role.PROCESSOR,), "fr", "- **Sous-traitant** : **"),
        ((Role.PROCESSOR,), "en", "- **Processor**: **"),
        (
            (Role.CONTROLLER, Role.PROCESSOR),
            "fr",
            "- **Responsable du traitement, Sous-traitant** : **",
        ),
        ((Role.JOINT_CONTROLLER,), "en", "- **Controller**: **"),
    ],
)
def test_the_organisation_is_named_in_the_capacity_it_keeps_its_record(
    roles: tuple[Role, ...], lang: str, words: str
) -> None:
    # A processor's record (Art. 30(2)) is not kept by a « Responsable du traitement ».
    template = processor_register().activities[0]
    register = attrs.evolve(
        processor_register(),
        activities=tuple(
            attrs.evolve(template, id=f"a{i}", role=role) for i, role in enumerate(roles)
        ),
    )
    text = render_report(
        register, gdprkit.validate(register, as_of=AS_OF), format="markdown", lang=lang
    )
    organisation = text.split("## ", 3)[3]
    assert organisation.replace("\u202f", " ").replace("\u00a0", " ").count(words) == 1


def test_an_activity_on_the_registers_list_says_which_rights_its_bases_exclude() -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "offisante.json")
    text = render_report(register, gdprkit.validate(register, as_of=AS_OF), format="markdown")
    lines = [line for line in text.splitlines() if line.startswith("Rights:")]
    but = "Rights: the register's list applies, except what does not exist for this activity's "
    # No basis stated (activity 1): nothing excluded.
    assert lines[0] == "Rights: the register's list applies."
    # Legitimate interests (activity 2): no portability; a contract (3): no objection.
    assert lines[1] == f"{but}lawful bases: Right to data portability (GDPR Art. 20)."
    assert lines[2] == f"{but}lawful bases: Right to object (GDPR Art. 21(1))."


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "Communiquées par le responsable du traitement"), ("en", "Provided by the controller")],
)
def test_a_processors_data_from_the_controller_are_not_its_own(lang: str, words: str) -> None:
    # A processor's source « controller » is the controller it acts for, who
    # provides the data; the organisation does not produce them.
    register = processor_register()
    activity = attrs.evolve(
        register.activities[0], sources=(DataSource(kind=SourceKind.CONTROLLER),)
    )
    register = attrs.evolve(register, activities=(activity,))
    text = render_report(register, gdprkit.validate(register, as_of=AS_OF), lang=lang)
    assert words in text
    assert "Produites par l’organisme" not in text
    assert "Generated by the organisation" not in text
    # Kept as controller, data from the controller are its own.
    own = attrs.evolve(register, activities=(attrs.evolve(activity, role=Role.CONTROLLER),))
    text = render_report(own, gdprkit.validate(own, as_of=AS_OF), lang=lang)
    assert words not in text


@pytest.mark.parametrize(
    "path", sorted((ROOT / "examples" / "registers").glob("*.json")), ids=lambda p: p.stem
)
def test_every_example_report_lists_every_finding(path: object) -> None:
    register = gdprkit.load(path)  # type: ignore[arg-type]
    report = gdprkit.validate(register, profiles=("gdpr", "cnil"), as_of=AS_OF)
    html = render_report(register, report)
    page = assert_self_contained_page(html, "en")
    for f in report:
        assert f.rule in page.text
    assert page.text.count(" × ") >= sum(
        1 for i in range(len(register.activities)) if report.at(f"activities[{i}]")
    )


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unsupported format 'pdf'"):
        render_report(rich_register(), made_up_report(), format="pdf")
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        render_report(rich_register(), made_up_report(), lang="de")


def test_linear_in_activities_and_findings() -> None:
    register = many_activities(3000)
    report = made_up_report(*(finding(("activities", i, "x")) for i in range(3000)))
    text = render_report(register, report, format="markdown")
    assert text.count("### Findings (1 × error)") == 3000


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Recipients: none"), ("fr", "aucun (le registre indique")]
)
def test_an_activity_without_recipients_says_so_only_when_stated(lang: str, words: str) -> None:
    register = rich_register()
    first, *rest = register.activities
    for recipients, shown in (((), True), (None, False)):
        changed = attrs.evolve(
            register, activities=(attrs.evolve(first, recipients=recipients), *rest)
        )
        page = render_report(changed, gdprkit.validate(changed), format="markdown", lang=lang)
        assert (words in page) is shown


def test_a_described_start_and_a_sub_processor_authorisation_are_shown() -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "cooper.json")
    report = gdprkit.validate(register, profiles=("gdpr",), as_of=dt.date(2026, 11, 22))
    french = render_report(register, report, format="markdown", lang="fr").replace("\u00a0", " ")
    assert "10 ans à compter de l’expiration de l’autorisation de mise sur le marché" in french
    processor = processor_register()
    activity = attrs.evolve(
        processor.activities[0], subprocessor_authorisation=SubprocessorAuthorisation.GENERAL
    )
    processor = attrs.evolve(processor, activities=(activity,))
    text = render_report(processor, made_up_report(), format="markdown").replace("\u00a0", " ")
    assert (
        "**Authorisation of sub-processors (Art. 28(2))**: Prior general written authorisation"
        in text
    )
