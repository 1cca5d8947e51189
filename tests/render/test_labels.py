"""French and English labels of every id, and durations and retention in words."""

from __future__ import annotations

import datetime as dt
import enum
import json
from importlib import resources

import pytest

from gdprkit.model import (
    ArchivePhase,
    Duration,
    EndAction,
    Event,
    LawfulBasis,
    RetentionRule,
    Right,
    Role,
    SecurityCategory,
    SourceKind,
    codes,
)
from gdprkit.model.countries import COUNTRY_CODES
from gdprkit.render import _labels
from gdprkit.render._labels import (
    LANGUAGES,
    all_enums,
    citation_text,
    citations_text,
    country_name,
    date_text,
    duration_text,
    event_from,
    event_until,
    label,
    not_specified,
    parse_country,
    parse_label,
    retention_text,
    right_explanation,
    security_type,
)
from gdprkit.rules.findings import Severity


MEMBERS = [m for cls in all_enums() for m in cls]


def _data() -> dict[str, object]:
    text = resources.files("gdprkit.render").joinpath("labels.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_every_enum_of_the_model_is_covered() -> None:
    covered = {cls.__name__ for cls in all_enums()}
    assert covered == {*codes.__all__, "Severity"}
    assert len(MEMBERS) > 150


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_member_has_a_label_in_both_languages(member: enum.Enum, lang: str) -> None:
    text = label(member, lang)
    assert text.strip() == text
    assert text
    # The spreadsheet joins several labels with "; ".
    assert ";" not in text


def test_the_label_file_has_no_stale_ids() -> None:
    labels = _data()["labels"]
    assert isinstance(labels, dict)
    for cls in all_enums():
        assert set(labels[cls.__name__]) == {m.value for m in cls}, cls.__name__
    assert set(labels) == {cls.__name__ for cls in all_enums()}


@pytest.mark.parametrize("cls", all_enums(), ids=lambda c: c.__name__)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_are_unique_within_an_enum(cls: type[enum.Enum], lang: str) -> None:
    labels = [label(m, lang).casefold() for m in cls]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_labels_and_ids_read_back(member: enum.Enum) -> None:
    cls = type(member)
    assert parse_label(cls, str(member.value)) is member
    for lang in LANGUAGES:
        text = label(member, lang)
        assert parse_label(cls, text) is member
        shouted = "  " + text.upper().replace("’", "'") + " "
        assert parse_label(cls, shouted) is member


def test_an_unknown_label_reads_as_none() -> None:
    assert parse_label(LawfulBasis, "Bon plaisir") is None


def test_some_labels() -> None:
    assert label(LawfulBasis.CONSENT, "fr") == "Consentement"
    assert label(LawfulBasis.LEGITIMATE_INTERESTS, "en") == "Legitimate interests"
    assert label(Right.PORTABILITY, "fr") == "Droit à la portabilité"
    assert label(codes.DataKind.NATIONAL_ID, "fr").startswith("Numéro d’identification national")
    assert label(Severity.ERROR, "fr") == "Erreur"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language 'nl'"):
        label(Role.CONTROLLER, "nl")
    with pytest.raises(ValueError, match="unsupported language"):
        duration_text(Duration.parse("P1Y"), "pt")


@pytest.mark.parametrize("event", list(Event), ids=lambda e: e.value)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_event_has_phrases(event: Event, lang: str) -> None:
    start, end = event_from(event, lang), event_until(event, lang)
    assert start
    assert end
    assert "  " not in start + end


@pytest.mark.parametrize("right", list(Right), ids=lambda r: r.value)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_right_has_an_explanation(right: Right, lang: str) -> None:
    assert right_explanation(right, lang)


def test_every_security_category_has_a_type_but_other() -> None:
    kinds = {c: security_type(c) for c in SecurityCategory}
    assert kinds[SecurityCategory.ENCRYPTION] == "technical"
    assert kinds[SecurityCategory.TRAINING] == "organisational"
    assert kinds[SecurityCategory.OTHER] is None
    assert set(kinds.values()) == {"technical", "organisational", None}


@pytest.mark.parametrize(
    ("iso", "fr", "en"),
    [
        ("P3Y", "3 ans", "3 years"),
        ("P1Y", "1 an", "1 year"),
        ("P13M", "13 mois", "13 months"),
        ("P1M", "1 mois", "1 month"),
        ("P18M", "18 mois", "18 months"),
        ("P1Y6M", "1 an et 6 mois", "1 year and 6 months"),
        ("P2W", "2 semaines", "2 weeks"),
        ("P1W", "1 semaine", "1 week"),
        ("P30D", "30 jours", "30 days"),
        ("P1D", "1 jour", "1 day"),
        ("P0D", "0 jour", "0 days"),
        (
            "P1Y2M3W4D",
            "1 an, 2 mois, 3 semaines et 4 jours",
            "1 year, 2 months, 3 weeks and 4 days",
        ),
    ],
)
def test_durations_in_words(iso: str, fr: str, en: str) -> None:
    duration = Duration.parse(iso)
    assert duration_text(duration, "fr") == fr
    assert duration_text(duration, "en") == en


@pytest.mark.parametrize(
    ("event", "fr_from", "fr_until", "en_from", "en_until"),
    [
        (
            Event.LAST_CONTACT,
            "à compter du dernier contact",
            "jusqu’au dernier contact",
            "from the last contact",
            "until the last contact",
        ),
        (
            Event.END_OF_CONTRACT,
            "à compter de la fin du contrat",
            "jusqu’à la fin du contrat",
            "from the end of the contract",
            "until the end of the contract",
        ),
        (
            Event.RECORDING,
            "à compter de l’enregistrement",
            "jusqu’à l’enregistrement",
            "from the recording",
            "until the recording",
        ),
        (Event.OBJECTION, "à compter de l’opposition", "jusqu’à l’opposition", None, None),
        (Event.LAST_PURCHASE, "à compter du dernier achat", "jusqu’au dernier achat", None, None),
        (Event.DEBIT, "après le débit", "jusqu’au débit", "after the debit", "until the debit"),
        (Event.COLLECTION, "à compter de la collecte", None, "from collection", None),
    ],
)
def test_event_phrases_contract_and_elide(
    event: Event,
    fr_from: str,
    fr_until: str | None,
    en_from: str | None,
    en_until: str | None,
) -> None:
    assert event_from(event, "fr") == fr_from
    if fr_until:
        assert event_until(event, "fr") == fr_until
    if en_from:
        assert event_from(event, "en") == en_from
    if en_until:
        assert event_until(event, "en") == en_until


@pytest.mark.parametrize(
    ("preposition", "phrase", "expected"),
    [
        ("de", "le dernier contact", "du dernier contact"),
        ("à", "le dernier contact", "au dernier contact"),
        ("de", "les achats", "des achats"),
        ("à", "les achats", "aux achats"),
        ("de", "la collecte", "de la collecte"),
        ("de", "l’encaissement", "de l’encaissement"),
        ("à", "l'encaissement", "à l'encaissement"),
        ("de", "une demande", "d’une demande"),
        ("de", "huit jours", "de huit jours"),
        ("à", "une demande", "à une demande"),
    ],
)
def test_french_contraction(preposition: str, phrase: str, expected: str) -> None:
    assert _labels._fr_with(preposition, phrase) == expected


P = Duration.parse


@pytest.mark.parametrize(
    ("rule", "fr", "en"),
    [
        (
            RetentionRule(duration=P("P3Y"), start=Event.LAST_CONTACT),
            "3 ans à compter du dernier contact",
            "3 years from the last contact",
        ),
        (
            RetentionRule(duration=P("P13M"), start=Event.DEBIT),
            "13 mois après le débit",
            "13 months after the debit",
        ),
        (
            RetentionRule(
                until=Event.END_OF_CONTRACT,
                archive=ArchivePhase(duration=P("P10Y"), legal_ground="Code de commerce L123-22"),
            ),
            "jusqu’à la fin du contrat, puis archivage intermédiaire de 10 ans "
            "(Code de commerce L123-22)",
            "until the end of the contract, then an intermediate archive of 10 years "
            "(Code de commerce L123-22)",
        ),
        (
            RetentionRule(until=Event.END_OF_CONTRACT, duration=P("P3Y"), start=Event.COLLECTION),
            "jusqu’à la fin du contrat, dans la limite de 3 ans à compter de la collecte",
            "until the end of the contract, at most 3 years from collection",
        ),
        (
            RetentionRule(duration=P("P1Y"), end_action=EndAction.ANONYMISE),
            "1 an, puis anonymisation",
            "1 year, then anonymised",
        ),
        (
            RetentionRule(
                until=Event.END_OF_SERVICE_CONTRACT, end_action=EndAction.RETURN_TO_CONTROLLER
            ),
            "jusqu’à la fin du contrat de prestation, puis restitution au responsable du traitement",
            "until the end of the service contract, then returned to the controller",
        ),
        (
            RetentionRule(duration=P("P13M"), start=Event.DEBIT, legal_reference="CMF L133-24"),
            "13 mois après le débit (CMF L133-24)",
            "13 months after the debit (CMF L133-24)",
        ),
        (
            RetentionRule(duration=P("P5Y"), archive=ArchivePhase(duration=P("P1Y"))),
            "5 ans, puis archivage intermédiaire de 1 an",
            "5 years, then an intermediate archive of 1 year",
        ),
        (  # an archive whose length the source does not give: said, not invented
            RetentionRule(
                until=Event.END_OF_CONTRACT,
                archive=ArchivePhase(
                    legal_ground="dans la limite des délais de prescription applicables"
                ),
            ),
            "jusqu’à la fin du contrat, puis archivage intermédiaire d’une durée non précisée "
            "(dans la limite des délais de prescription applicables)",
            "until the end of the contract, then an intermediate archive of unspecified length "
            "(dans la limite des délais de prescription applicables)",
        ),
        (
            RetentionRule(
                duration=P("P3Y"),
                start=Event.END_OF_RELATIONSHIP,
                archive=ArchivePhase(),
                end_action=EndAction.ANONYMISE,
            ),
            "3 ans à compter de la fin de la relation, puis archivage intermédiaire d’une durée "
            "non précisée, puis anonymisation",
            "3 years from the end of the relationship, then an intermediate archive of "
            "unspecified length, then anonymised",
        ),
    ],
)
def test_retention_in_words(rule: RetentionRule, fr: str, en: str) -> None:
    assert retention_text(rule, "fr") == fr
    assert retention_text(rule, "en") == en


def test_a_period_set_by_law_gives_the_law() -> None:
    warranty = RetentionRule(
        statement="pendant la durée de la garantie légale",
        legal_reference="Code de la consommation L217-3",
    )
    assert retention_text(warranty, "fr") == (
        "pendant la durée de la garantie légale (Code de la consommation L217-3)"
    )
    unworded = RetentionRule(legal_reference="Code de la consommation L217-3")
    assert retention_text(unworded, "fr") == (
        "la durée fixée par la loi (Code de la consommation L217-3)"
    )
    assert retention_text(unworded, "de") == (
        "die gesetzlich festgelegte Frist (Code de la consommation L217-3)"
    )


def test_retention_gaps_are_not_filled() -> None:
    assert retention_text(None, "fr") == "non précisée"
    assert retention_text(None, "en") == "not specified"
    assert retention_text(RetentionRule(), "fr") == "non précisée"
    # Only the source's own wording, kept verbatim.
    vague = RetentionRule(statement="aussi longtemps que nécessaire")
    assert retention_text(vague, "fr") == "aussi longtemps que nécessaire"
    assert retention_text(vague, "en") == "aussi longtemps que nécessaire"
    # A start without a duration says nothing either.
    assert retention_text(RetentionRule(start=Event.COLLECTION), "en") == "not specified"
    archived = RetentionRule(
        statement="tant que nécessaire", archive=ArchivePhase(duration=P("P5Y"))
    )
    assert (
        retention_text(archived, "fr")
        == "tant que nécessaire, puis archivage intermédiaire de 5 ans"
    )


def test_not_specified_agrees() -> None:
    assert not_specified("fr") == "non précisé"
    assert not_specified("fr", feminine=True) == "non précisée"
    assert not_specified("fr", plural=True) == "non précisés"
    assert not_specified("fr", feminine=True, plural=True) == "non précisées"
    assert not_specified("en", feminine=True, plural=True) == "not specified"


@pytest.mark.parametrize(
    ("day", "fr", "en"),
    [
        (dt.date(2020, 2, 1), "1er février 2020", "1 February 2020"),
        (dt.date(2023, 8, 14), "14 août 2023", "14 August 2023"),
        (dt.date(2026, 12, 31), "31 décembre 2026", "31 December 2026"),
    ],
)
def test_dates_in_words(day: dt.date, fr: str, en: str) -> None:
    assert date_text(day, "fr") == fr
    assert date_text(day, "en") == en


@pytest.mark.parametrize(
    ("citation", "fr", "en"),
    [
        ("GDPR Art. 6(1)(b)", "RGPD, art. 6(1)(b)", "GDPR Art. 6(1)(b)"),
        (
            "LIL art. 85",
            "loi Informatique et Libertés, art. 85",
            "French Data Protection Act, art. 85",
        ),
        (
            "GDPR Art. 49(1) second subparagraph",
            "RGPD, art. 49(1), second alinéa",
            "GDPR Art. 49(1) second subparagraph",
        ),
        ("EDPB WP248 rev.01", "EDPB WP248 rev.01", "EDPB WP248 rev.01"),
    ],
)
def test_citations_in_the_readers_language(citation: str, fr: str, en: str) -> None:
    assert citation_text(citation, "fr") == fr
    assert citation_text(citation, "en") == en


@pytest.mark.parametrize("code", sorted(COUNTRY_CODES))
def test_every_country_code_has_names(code: str) -> None:
    for lang in LANGUAGES:
        name = country_name(code, lang)
        assert name
        assert name != code


def test_country_names_read_back() -> None:
    assert country_name("US", "fr") == "États-Unis"
    assert country_name("US", "en") == "United States"
    assert country_name("EL", "fr") == "Grèce"
    assert parse_country("états-unis") == "US"
    assert parse_country("United States") == "US"
    assert parse_country("fr") == "FR"
    assert parse_country("Atlantis") is None


def test_source_kinds_read_in_either_language() -> None:
    assert parse_label(SourceKind, "Auprès de tiers") is SourceKind.THIRD_PARTY
    assert parse_label(SourceKind, "From third parties") is SourceKind.THIRD_PARTY


@pytest.mark.parametrize(
    ("lang", "date", "citation", "retention"),
    [
        (
            "fr",
            "1er février 2020",
            "article 6, paragraphe 1, point f) du RGPD",
            "3 ans à compter du dernier contact",
        ),
        ("en", "1 February 2020", "Article 6(1)(f) GDPR", "3 years from the last contact"),
        ("de", "1. Februar 2020", "Art. 6 Abs. 1 lit. f DSGVO", "3 Jahre ab dem letzten Kontakt"),
        (
            "es",
            "1 de febrero de 2020",
            "artículo 6, apartado 1, letra f), del RGPD",
            "3 años a partir del último contacto",
        ),
        (
            "it",
            "1º febbraio 2020",
            "articolo 6, paragrafo 1, lettera f), del RGPD",
            "3 anni dall’ultimo contatto",
        ),
    ],
)
def test_dates_citations_and_retention_in_each_language(
    lang: str, date: str, citation: str, retention: str
) -> None:
    import datetime as dt

    from gdprkit.model import RetentionRule
    from gdprkit.render._labels import citation_words, date_text, retention_text

    assert date_text(dt.date(2020, 2, 1), lang) == date
    assert citation_words("GDPR Art. 6(1)(f)", lang) == citation
    rule = RetentionRule(duration=Duration.parse("P3Y"), start=Event.LAST_CONTACT)
    assert retention_text(rule, lang) == retention


def test_citations_of_the_other_shapes() -> None:
    from gdprkit.render._labels import citation_words

    assert citation_words("GDPR Art. 15", "fr") == "article 15 du RGPD"
    assert citation_words("GDPR Art. 21(2)", "es") == "artículo 21, apartado 2, del RGPD"
    assert (
        citation_words("GDPR Art. 49(1) second subparagraph", "fr")
        == "article 49, paragraphe 1, second alinéa, du RGPD"
    )
    assert citation_words("LIL art. 85", "fr") == "article 85 de la loi Informatique et Libertés"
    assert citation_words("CNIL délib. 2021-122", "de") == "CNIL délib. 2021-122"  # kept


_AMM = "l’expiration de l’autorisation de mise sur le marché"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", f"10 ans à compter de {_AMM}"),
        ("en", f"10 years from “{_AMM}”"),
        ("de", f"10 Jahre ab „{_AMM}“"),
        ("es", f"10 años a partir de «{_AMM}»"),
        ("it", f"10 anni a partire da «{_AMM}»"),
    ],
)
def test_a_described_start_in_every_language(lang: str, expected: str) -> None:
    rule = RetentionRule(duration=Duration(years=10), start=Event.OTHER, start_description=_AMM)
    assert retention_text(rule, lang) == expected


def test_a_start_other_without_description_says_so() -> None:
    rule = RetentionRule(duration=Duration(years=10), start=Event.OTHER)
    assert retention_text(rule, "fr") == "10 ans à compter d’un événement non décrit"
    assert retention_text(rule, "en") == "10 years from an event not described"


@pytest.mark.parametrize(
    ("citations", "fr", "en"),
    [
        (
            ("GDPR Art. 44", "GDPR Art. 45(1)", "GDPR Art. 46(1)", "GDPR Art. 49(1)"),
            "RGPD, art. 44, 45(1), 46(1) et 49(1)",
            "GDPR Art. 44, 45(1), 46(1) and 49(1)",
        ),
        (
            ("GDPR Art. 77", "GDPR Art. 13(2)(d)", "LIL art. 8"),
            "RGPD, art. 77 et 13(2)(d) ; loi Informatique et Libertés, art. 8",
            "GDPR Art. 77 and 13(2)(d); French Data Protection Act, art. 8",
        ),
        # The instruments in the order they first come; others as they are.
        (
            ("LIL art. 82", "CNIL délib. 2020-091", "GDPR Art. 6(1) second subparagraph"),
            "loi Informatique et Libertés, art. 82 ; CNIL délib. 2020-091 ; RGPD, art. 6(1), "
            "second alinéa",
            "French Data Protection Act, art. 82; CNIL délib. 2020-091; GDPR Art. 6(1) second "
            "subparagraph",
        ),
        (("GDPR Art. 5(1)(e)",), "RGPD, art. 5(1)(e)", "GDPR Art. 5(1)(e)"),
        ((), "", ""),
    ],
)
def test_a_list_of_citations_names_each_instrument_once(
    citations: tuple[str, ...], fr: str, en: str
) -> None:
    assert citations_text(citations, "fr") == fr
    assert citations_text(citations, "en") == en
