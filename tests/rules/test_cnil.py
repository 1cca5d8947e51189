"""The cnil profile: each rule reports a violating register and stays quiet
on a compliant one, only for French registers, with sound comparisons."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from gdprkit import Finding, Severity, validate
from gdprkit.model import (
    ArchivePhase,
    ChildrenPolicy,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
    Dpia,
    DpiaCriterion,
    DpiaStatus,
    Duration,
    Event,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    RetentionRule,
    Right,
    Role,
    SourceKind,
    SubjectKind,
)
from gdprkit.policy import is_french
from gdprkit.reference.cnil import retention_cap
from gdprkit.rules import all_rules
from gdprkit.rules._text import spoken
from gdprkit.rules.packs.cnil import check_retention
from tests.conftest import ROOT


DAY = dt.date(2026, 11, 22)
ALL_RIGHTS = tuple(DeclaredRight(right=r) for r in Right)


def d(text: str) -> Duration:
    return Duration.parse(text)


UNSTATED = "unstated"
"""An archive phase whose duration is not stated, for :func:`keep`."""


def keep(
    duration: str | None = None,
    *,
    start: Event | None = None,
    until: Event | None = None,
    archive: str | None = None,
    ground: str | None = None,
) -> RetentionRule:
    phase = None
    if archive is not None:
        length = None if archive == UNSTATED else d(archive)
        phase = ArchivePhase(duration=length, legal_ground=ground)
    return RetentionRule(
        duration=None if duration is None else d(duration),
        start=start,
        until=until,
        archive=phase,
    )


def data(
    kind: DataKind, retention: RetentionRule | None = None, reference: str | None = None
) -> DataCategory:
    return DataCategory(name=kind.value, kind=kind, retention=retention, legal_reference=reference)


def activity(
    *categories: DataCategory,
    tags: tuple[PurposeTag, ...] = (),
    subjects: tuple[SubjectKind, ...] = (SubjectKind.USERS,),
    **changes: Any,
) -> ProcessingActivity:
    base = ProcessingActivity(
        id="a",
        name="Traitement",
        purposes=(
            Purpose(
                name="Finalité",
                legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                tags=tags,
            ),
        ),
        data_subjects=tuple(DataSubjectCategory(name=s.value, kind=s) for s in subjects),
        data_categories=categories,
    )
    return attrs.evolve(base, **changes)


def register(
    *activities: ProcessingActivity, country: str | None = "FR", **changes: Any
) -> Register:
    base = Register(
        controller=Controller(
            name="Exemple SAS", country=None if country is None else CountryCode(country)
        ),
        activities=activities,
        rights=ALL_RIGHTS,
        supervisory_authority="CNIL",
        language="fr",
    )
    return attrs.evolve(base, **changes)


def found(reg: Register, code: str) -> list[Finding]:
    return list(validate(reg, profiles=("cnil",), as_of=DAY, select=(code,)))


def one(reg: Register, code: str) -> Finding:
    findings = found(reg, code)
    assert len(findings) == 1, findings
    return findings[0]


# Where the profile applies -------------------------------------------------


@pytest.mark.parametrize(
    ("country", "language", "french"),
    [
        ("FR", None, True),
        ("RE", "en", True),
        ("GP", None, True),
        ("DE", "fr", False),
        ("BE", None, False),
        (None, "fr", True),
        (None, "fr-FR", True),
        (None, "FR", True),
        (None, "en", False),
        (None, None, False),
    ],
)
def test_which_registers_are_french(
    country: str | None, language: str | None, french: bool
) -> None:
    assert is_french(register(country=country, language=language)) is french


# One violating register per rule: found in France, not in Germany.

VIOLATIONS: dict[str, Callable[[], ProcessingActivity]] = {
    "CNIL001": lambda: activity(data(DataKind.NATIONAL_ID), tags=(PurposeTag.HR,)),
    "CNIL002": lambda: activity(
        data(DataKind.NATIONAL_ID, reference="Code de commerce"),
        tags=(PurposeTag.CUSTOMER_MANAGEMENT,),
    ),
    "CNIL101": lambda: activity(
        data(DataKind.CONTACT, keep("P5Y", start=Event.LAST_CONTACT)),
        tags=(PurposeTag.PROSPECTION,),
    ),
    "CNIL102": lambda: activity(
        data(
            DataKind.IDENTITY,
            keep(until=Event.END_OF_CONTRACT, archive="P10Y", ground="Code civil art. 2224"),
        )
    ),
    "CNIL103": lambda: activity(data(DataKind.PAYMENT_CARD, keep("P16M", start=Event.DEBIT))),
    "CNIL104": lambda: activity(data(DataKind.CARD_SECURITY_CODE)),
    "CNIL105": lambda: activity(
        data(DataKind.RECORDINGS, keep("P1Y", start=Event.RECORDING)),
        tags=(PurposeTag.CALL_RECORDING,),
    ),
    "CNIL106": lambda: activity(
        data(DataKind.ONLINE_IDENTIFIERS, keep("P26M")), tags=(PurposeTag.AUDIENCE_MEASUREMENT,)
    ),
    "CNIL107": lambda: activity(
        data(DataKind.CONNECTION, keep("P3M")), tags=(PurposeTag.SECURITY_LOGGING,)
    ),
    "CNIL201": lambda: activity(children=ChildrenPolicy(consent_age=13, parental_consent="…")),
    "CNIL202": lambda: activity(children=ChildrenPolicy(consent_age=15)),
    "CNIL301": lambda: activity(rights=(DeclaredRight(right=Right.ACCESS),)),
    "CNIL401": lambda: activity(tags=(PurposeTag.EMPLOYEE_MONITORING,)),
    "CNIL501": lambda: activity(tags=(PurposeTag.AUDIENCE_MEASUREMENT, PurposeTag.PROFILING)),
    "CNIL502": lambda: activity(notes="Déclaration CNIL n° 1234567"),
}


def test_every_cnil_rule_has_a_violation_here() -> None:
    codes = {r.code for r in all_rules(("cnil",)) if r.profile == "cnil"}
    assert codes == {*VIOLATIONS, "CNIL302"}


@pytest.mark.parametrize("code", sorted(VIOLATIONS))
def test_rule_reports_a_french_register_only(code: str) -> None:
    assert found(register(VIOLATIONS[code]()), code)
    assert not found(register(VIOLATIONS[code](), country="DE"), code)


def test_supervisory_authority_only_for_french_registers() -> None:
    assert found(register(supervisory_authority=None), "CNIL302")
    assert not found(register(supervisory_authority=None, country="DE"), "CNIL302")


def test_a_compliant_french_register_has_no_cnil_finding() -> None:
    compliant = register(
        activity(
            data(DataKind.NATIONAL_ID, reference="Décret n° 2019-341 du 19 avril 2019, art. 1er"),
            data(
                DataKind.PAYMENT_CARD,
                keep(until=Event.END_OF_CONTRACT, archive="P13M", ground="CMF L133-24"),
            ),
            data(DataKind.CONNECTION, keep("P1Y")),
            tags=(PurposeTag.HR,),
            subjects=(SubjectKind.EMPLOYEES,),
            children=ChildrenPolicy(
                consent_age=15, parental_consent="Consentement conjoint du mineur et du parent"
            ),
        ),
        activity(
            data(DataKind.CONTACT, keep("P3Y", start=Event.LAST_CONTACT)),
            tags=(PurposeTag.PROSPECTION,),
            subjects=(SubjectKind.PROSPECTS,),
        ),
    )
    assert list(validate(compliant, profiles=("cnil",), as_of=DAY, select=("CNIL",))) == []


# CNIL0xx: the NIR ------------------------------------------------------------


def test_nir_without_any_reference_is_an_error_at_the_category() -> None:
    finding = one(register(VIOLATIONS["CNIL001"]()), "CNIL001")
    assert finding.severity is Severity.ERROR
    assert finding.path == "activities[0].data_categories[0]"
    assert "2019-341" in finding.message


def test_nir_with_another_reference_is_an_error_at_the_reference() -> None:
    reg = register(
        activity(data(DataKind.NATIONAL_ID, reference="Code du travail"), tags=(PurposeTag.HR,))
    )
    finding = one(reg, "CNIL001")
    assert finding.path == "activities[0].data_categories[0].legal_reference"
    assert "Code du travail" in finding.message


@pytest.mark.parametrize(
    "reference",
    [
        "Décret 2019-341",
        "décret n° 2019-341 du 19 avril 2019, art. 1er, 3°",
        "Décret 2019 - 341",
        "Décret cadre NIR, art. 4",
        "Code de la sécurité sociale, art. L133-5-3 (DSN)",
        "LIL art. 30 II, 2° (recherche)",
    ],
)
def test_nir_with_the_decree_is_accepted(reference: str) -> None:
    reg = register(activity(data(DataKind.NATIONAL_ID, reference=reference), tags=(PurposeTag.HR,)))
    assert not found(reg, "CNIL001")


@pytest.mark.parametrize(
    ("tags", "subjects"),
    [
        ((PurposeTag.CUSTOMER_MANAGEMENT,), (SubjectKind.USERS,)),
        ((PurposeTag.PROSPECTION,), (SubjectKind.USERS,)),
        ((PurposeTag.DIRECT_MARKETING,), (SubjectKind.USERS,)),
        ((), (SubjectKind.CUSTOMERS,)),
        ((), (SubjectKind.PROSPECTS,)),
    ],
)
def test_nir_in_commercial_processing_without_the_decree_is_an_error(
    tags: tuple[PurposeTag, ...], subjects: tuple[SubjectKind, ...]
) -> None:
    reg = register(
        activity(
            data(DataKind.NATIONAL_ID, reference="Conditions générales de vente"),
            tags=tags,
            subjects=subjects,
        )
    )
    finding = one(reg, "CNIL002")
    assert finding.severity is Severity.ERROR
    assert finding.path == "activities[0].data_categories[0]"
    assert "cite the entry" in finding.message
    assert not found(reg, "CNIL001")  # one error, not two


@pytest.mark.parametrize(
    "reference",
    [
        "Décret 2019-341, art. 2 B (professionnels de santé : tiers payant)",
        "Décret cadre NIR (organismes d'assurance maladie complémentaire)",
    ],
)
def test_nir_of_customers_under_the_decree_is_accepted(reference: str) -> None:
    # A pharmacy's third-party billing, a mutuelle: customers whose NIR the décret allows.
    reg = register(
        activity(
            data(DataKind.NATIONAL_ID, reference=reference),
            tags=(PurposeTag.CUSTOMER_MANAGEMENT, PurposeTag.PAYMENT),
            subjects=(SubjectKind.CUSTOMERS,),
        )
    )
    assert not found(reg, "CNIL002")
    assert not found(reg, "CNIL001")


def test_nir_for_payroll_is_not_commercial() -> None:
    reg = register(
        activity(
            data(DataKind.NATIONAL_ID, reference="Décret 2019-341"),
            tags=(PurposeTag.HR,),
            subjects=(SubjectKind.EMPLOYEES,),
        )
    )
    assert not found(reg, "CNIL002")


# CNIL101: prospects ----------------------------------------------------------


def prospects(retention: RetentionRule, **kw: Any) -> Register:
    return register(
        activity(data(DataKind.CONTACT, retention), subjects=(SubjectKind.PROSPECTS,), **kw)
    )


@pytest.mark.parametrize(
    "retention",
    [
        keep("P3Y", start=Event.LAST_CONTACT),
        keep("P36M", start=Event.COLLECTION),
        keep("P2Y"),
        keep("P3Y", start=Event.END_OF_RELATIONSHIP),
        keep(until=Event.END_OF_RELATIONSHIP),
        keep(until=Event.END_OF_RELATIONSHIP, archive="P3Y"),
        keep("P5Y", start=Event.OBJECTION),  # an opposition list: another clock
        RetentionRule(statement="aussi longtemps que nécessaire"),  # the gdpr profile's business
    ],
)
def test_prospect_retention_within_the_cap(retention: RetentionRule) -> None:
    assert not found(prospects(retention), "CNIL101")


@pytest.mark.parametrize(
    ("retention", "words"),
    [
        (keep("P5Y", start=Event.LAST_CONTACT), "longer than 3 years"),
        (keep("P37M"), "longer than 3 years"),
        (keep("P2Y", start=Event.COLLECTION, archive="P2Y"), "longer than 3 years"),
        (keep(until=Event.OBJECTION), "no maximum period"),
        (keep(until=Event.END_OF_RELATIONSHIP, archive="P5Y"), "longer than 3 years"),
        (keep("P1096D"), "depends on the date"),
    ],
)
def test_prospect_retention_beyond_the_cap_is_a_warning(
    retention: RetentionRule, words: str
) -> None:
    finding = one(prospects(retention), "CNIL101")
    assert finding.severity is Severity.WARNING
    assert finding.path == "activities[0].data_categories[0].retention"
    assert words in finding.message


def test_a_cap_finding_cites_storage_limitation_beside_the_cnil_text() -> None:
    """The CNIL's figure is soft law; what it gives a figure to, and what the
    finding enforces, is storage limitation (GDPR Art. 5(1)(e)): every cap rule
    cites both, as CNIL103 always did."""
    finding = one(prospects(keep(until=Event.OBJECTION)), "CNIL101")
    assert finding.articles == (
        "CNIL délib. 2021-131 (référentiel gestion commerciale)",
        "GDPR Art. 5(1)(e)",
    )
    caps = [
        r for r in all_rules() if r.code in {"CNIL101", "CNIL103", "CNIL105", "CNIL106", "CNIL107"}
    ]
    assert len(caps) == 5
    assert all(r.articles[-1] == "GDPR Art. 5(1)(e)" for r in caps)


_MARKETING_AUTHORISATION = "l’expiration de l’autorisation de mise sur le marché"


def test_a_described_start_is_an_event_of_unknown_date_for_the_caps() -> None:
    # 5 years from an event the register describes: its date is unknown, so
    # the period cannot be set against a cap counted from another event.
    described = attrs.evolve(
        keep("P5Y", start=Event.OTHER), start_description=_MARKETING_AUTHORISATION
    )
    assert not found(prospects(described), "CNIL101")


def test_a_described_start_is_written_in_the_message() -> None:
    described = attrs.evolve(
        keep("P1Y", start=Event.OTHER), start_description=_MARKETING_AUTHORISATION
    )
    reg = register(activity(data(DataKind.CARD_SECURITY_CODE, described)))
    assert f'kept for 1 year from "{_MARKETING_AUTHORISATION}":' in one(reg, "CNIL104").message


def test_prospect_cap_follows_the_purpose_tag_too() -> None:
    tagged = register(
        activity(
            data(DataKind.IDENTITY, keep("P4Y")),
            tags=(PurposeTag.DIRECT_MARKETING,),
            subjects=(SubjectKind.CUSTOMERS,),
        )
    )
    assert found(tagged, "CNIL101")
    assert not found(register(activity(data(DataKind.IDENTITY, keep("P4Y")))), "CNIL101")


# CNIL102: archives and legal periods ---------------------------------------------


def archived(archive: str, ground: str | None) -> Register:
    return register(
        activity(
            data(
                DataKind.IDENTITY, keep(until=Event.END_OF_CONTRACT, archive=archive, ground=ground)
            ),
            subjects=(SubjectKind.CUSTOMERS,),
        )
    )


@pytest.mark.parametrize(
    ("archive", "ground"),
    [
        ("P5Y", "Code civil art. 2224"),
        ("P60M", "C. civ. 2224"),
        ("P10Y", "Code de commerce, art. L. 123-22"),
        ("P10Y", "Code civil art. 2224 ; Code de commerce L123-22"),  # the longest cited
        ("P13M", "CMF L133-24"),
        ("P3Y", "Code de la sécurité sociale L. 114-19"),  # not in the table: not compared
        ("P5Y", None),  # GDPR404 reports a missing ground
        # no duration: nothing to compare (GDPR405 reports it), whatever the ground
        (UNSTATED, "Code civil art. 2224"),
        (UNSTATED, "dans la limite des différents délais de prescription applicables"),
        (UNSTATED, None),
    ],
)
def test_archive_within_its_legal_period(archive: str, ground: str | None) -> None:
    assert not found(archived(archive, ground), "CNIL102")


@pytest.mark.parametrize(
    ("archive", "ground", "words"),
    [
        ("P10Y", "Code civil art. 2224", "outlasts the 5 years of Code civil art. 2224"),
        ("P61M", "Code de commerce L110-4", "outlasts the 5 years"),
        ("P3Y", "Code de la consommation L218-2", "outlasts the 2 years"),
        ("P1826D", "Code civil art. 2224", "depends on the date"),
    ],
)
def test_archive_beyond_its_legal_period_is_a_warning(
    archive: str, ground: str, words: str
) -> None:
    finding = one(archived(archive, ground), "CNIL102")
    assert finding.severity is Severity.WARNING
    assert finding.path == "activities[0].data_categories[0].retention.archive.legal_ground"
    assert words in finding.message


def test_archive_ground_without_an_article_is_information() -> None:
    finding = one(archived("P10Y", "Code de commerce et Code de la consommation"), "CNIL102")
    assert finding.severity is Severity.INFO
    assert "names no article" in finding.message


# CNIL103 and CNIL104: payment cards --------------------------------------------


def card(retention: RetentionRule) -> Register:
    return register(activity(data(DataKind.PAYMENT_CARD, retention)))


@pytest.mark.parametrize(
    "retention",
    [
        keep("P13M", start=Event.DEBIT),
        keep("P1Y", start=Event.TRANSACTION),
        keep("P392D", start=Event.DEBIT),  # 13 calendar months last at least 393 days
        keep(until=Event.TRANSACTION),
        keep(until=Event.END_OF_CONTRACT, archive="P13M"),
        keep(until=Event.CONSENT_WITHDRAWAL),
        keep("P1M", start=Event.COLLECTION),
        # an archive of unstated length after the event: nothing to measure (GDPR405)
        keep(until=Event.END_OF_CONTRACT, archive=UNSTATED, ground="CMF L133-24"),
        # only a lower bound is known, and it is within the cap: not reported
        keep("P13M", start=Event.DEBIT, archive=UNSTATED),
        keep("P30D", start=Event.DEBIT, archive=UNSTATED),
    ],
)
def test_card_data_within_13_months(retention: RetentionRule) -> None:
    assert not found(card(retention), "CNIL103")


@pytest.mark.parametrize(
    ("retention", "severity", "words"),
    [
        (keep("P14M", start=Event.DEBIT), Severity.WARNING, "within 15 months"),
        (keep("P15M", start=Event.DEBIT), Severity.WARNING, "within 15 months"),
        (keep(until=Event.END_OF_CONTRACT, archive="P15M"), Severity.WARNING, "within 15 months"),
        (keep("P395D", start=Event.DEBIT), Severity.WARNING, "depends on the date"),
        (
            keep("P400D", start=Event.DEBIT),
            Severity.WARNING,
            "within 15 months",
        ),  # 13 months < 398 days
        (keep("P13M", start=Event.DEBIT, archive="P1M"), Severity.WARNING, "within 15 months"),
        # Beyond 15 months, or with no maximum: one policy, one severity (a CNIL recommendation).
        (
            keep("P16M", start=Event.DEBIT),
            Severity.WARNING,
            "the longest period the CNIL recommends",
        ),
        (
            keep(until=Event.END_OF_CONTRACT, archive="P2Y"),
            Severity.WARNING,
            "longer than 15 months",
        ),
        (keep(until=Event.END_OF_RELATIONSHIP), Severity.WARNING, "no maximum period"),
        (
            keep(until=Event.END_OF_RELATIONSHIP, archive=UNSTATED),
            Severity.WARNING,
            "no maximum period",
        ),
        # the known part alone already exceeds the cap, whatever the archive lasts
        (
            keep("P14M", start=Event.DEBIT, archive=UNSTATED),
            Severity.WARNING,
            "for 14 months from debit, then archived for an unstated period, longer than 13 months",
        ),
        (
            keep("P16M", start=Event.DEBIT, archive=UNSTATED),
            Severity.WARNING,
            "then archived for an unstated period, longer than 15 months",
        ),
    ],
)
def test_card_data_beyond_13_months(
    retention: RetentionRule, severity: Severity, words: str
) -> None:
    finding = one(card(retention), "CNIL103")
    assert finding.severity is severity
    assert finding.path == "activities[0].data_categories[0].retention"
    assert words in finding.message
    assert finding.articles == ("CNIL délib. 2018-303", "GDPR Art. 5(1)(e)")


def test_unbounded_card_data_are_not_milder_than_too_long() -> None:
    unbounded = one(card(keep(until=Event.END_OF_RELATIONSHIP)), "CNIL103")
    too_long = one(card(keep("P16M", start=Event.DEBIT)), "CNIL103")
    assert unbounded.severity is too_long.severity


def test_a_statutory_cap_makes_both_cases_errors() -> None:
    cap = attrs.evolve(retention_cap("payment-card"), binding=True)
    for retention in (keep("P16M", start=Event.DEBIT), keep(until=Event.END_OF_RELATIONSHIP)):
        found_ = check_retention(cap, retention)
        assert found_ is not None
        assert found_[0] is Severity.ERROR


@pytest.mark.parametrize(
    "retention",
    [
        None,
        keep("P1M"),
        keep(until=Event.TRANSACTION, archive="P13M"),
        keep(until=Event.END_OF_CONTRACT),
        keep(until=Event.TRANSACTION, archive=UNSTATED),
    ],
)
def test_card_security_code_kept_is_an_error(retention: RetentionRule | None) -> None:
    finding = one(register(activity(data(DataKind.CARD_SECURITY_CODE, retention))), "CNIL104")
    assert finding.severity is Severity.ERROR
    assert finding.path == "activities[0].data_categories[0]"


def test_card_security_code_archived_for_an_unstated_period() -> None:
    retention = keep(until=Event.TRANSACTION, archive=UNSTATED)
    reg = register(activity(data(DataKind.CARD_SECURITY_CODE, retention)))
    assert (
        "kept until transaction, then archived for an unstated period:"
        in one(reg, "CNIL104").message
    )


def test_card_security_code_used_for_the_transaction_only_is_accepted() -> None:
    reg = register(activity(data(DataKind.CARD_SECURITY_CODE, keep(until=Event.TRANSACTION))))
    assert not found(reg, "CNIL104")


# CNIL105 to CNIL107: recordings, trackers, logs -----------------------------------


@pytest.mark.parametrize(
    ("code", "kind", "tag", "within", "beyond"),
    [
        ("CNIL105", DataKind.RECORDINGS, PurposeTag.CALL_RECORDING, "P6M", "P7M"),
        ("CNIL107", DataKind.CONNECTION, PurposeTag.SECURITY_LOGGING, "P1Y", "P13M"),
        ("CNIL107", DataKind.CONNECTION, PurposeTag.SECURITY_LOGGING, "P6M", "P400D"),
    ],
)
def test_kind_caps(code: str, kind: DataKind, tag: PurposeTag, within: str, beyond: str) -> None:
    assert not found(register(activity(data(kind, keep(within)), tags=(tag,))), code)
    finding = one(register(activity(data(kind, keep(beyond)), tags=(tag,))), code)
    assert finding.severity is Severity.WARNING
    assert "longer than" in finding.message
    # Untagged activities are judged by the kind of data alone.
    assert found(register(activity(data(kind, keep(beyond)))), code)


@pytest.mark.parametrize(
    ("code", "kind", "other_tag"),
    [
        ("CNIL105", DataKind.RECORDINGS, PurposeTag.SECURITY_LOGGING),
        ("CNIL106", DataKind.ONLINE_IDENTIFIERS, PurposeTag.SECURITY_LOGGING),
        ("CNIL106", DataKind.ONLINE_IDENTIFIERS, PurposeTag.ADVERTISING_TRACKERS),
        ("CNIL107", DataKind.CONNECTION, PurposeTag.CALL_RECORDING),
        ("CNIL107", DataKind.CONNECTION, PurposeTag.AUDIENCE_MEASUREMENT),
    ],
)
def test_kind_caps_follow_the_purpose_when_tagged(
    code: str, kind: DataKind, other_tag: PurposeTag
) -> None:
    reg = register(activity(data(kind, keep("P5Y")), tags=(other_tag,)))
    assert not found(reg, code)


def test_call_recordings_of_prospection_calls_are_capped() -> None:
    reg = register(
        activity(
            data(DataKind.RECORDINGS, keep("P1Y", start=Event.RECORDING)),
            tags=(PurposeTag.PROSPECTION,),
        )
    )
    assert found(reg, "CNIL105")


@pytest.mark.parametrize(
    ("retention", "words"),
    [
        (keep("P3M"), "shorter than the recommended"),
        (keep("P183D"), "depends on the date"),
        (keep("P13M"), "longer than 1 year"),
        (keep("P400D"), "longer than 1 year"),
        (keep("P366D"), "depends on the date"),
        (keep(until=Event.ACCOUNT_CLOSURE), "no maximum period"),
    ],
)
def test_connection_logs_outside_6_to_12_months(retention: RetentionRule, words: str) -> None:
    reg = register(
        activity(data(DataKind.CONNECTION, retention), tags=(PurposeTag.SECURITY_LOGGING,))
    )
    finding = one(reg, "CNIL107")
    assert finding.severity is Severity.WARNING
    assert words in finding.message


@pytest.mark.parametrize("kind", [DataKind.ONLINE_IDENTIFIERS, DataKind.CONNECTION])
def test_data_from_audience_trackers_may_be_kept_25_months(kind: DataKind) -> None:
    # 13 months is the trackers' lifetime; the data collected through them may be kept 25.
    def audience(period: str) -> Register:
        return register(activity(data(kind, keep(period)), tags=(PurposeTag.AUDIENCE_MEASUREMENT,)))

    assert not found(audience("P14M"), "CNIL106")
    assert not found(audience("P25M"), "CNIL106")
    finding = one(audience("P26M"), "CNIL106")
    assert finding.severity is Severity.WARNING
    assert "longer than 25 months" in finding.message
    assert "depends on the date" in one(audience("P761D"), "CNIL106").message


# Sound comparisons, through the public helper ----------------------------------------


@pytest.mark.parametrize(
    ("cap", "period", "expected"),
    [
        ("P1Y", "P13M", "longer"),  # 13 months are longer than a year, whatever the date
        ("P1Y", "P400D", "longer"),  # 400 days are more than 366
        ("P1Y", "P12M", None),
        ("P1Y", "P364D", None),  # a year has at least 365 days
        ("P1M", "P30D", "depends"),  # February, or a 31-day month?
        ("P1M", "P27D", None),  # a month has at least 28 days
        ("P1M", "P32D", "longer"),
    ],
)
def test_check_retention_is_sound(cap: str, period: str, expected: str | None) -> None:
    custom = attrs.evolve(retention_cap("call-recordings"), max=d(cap))
    result = check_retention(custom, RetentionRule(duration=d(period)))
    if expected is None:
        assert result is None
        return
    assert result is not None
    severity, message = result
    assert severity is Severity.WARNING  # never an error for a soft cap or an open question
    assert ("depends on the date" if expected == "depends" else "longer than") in message


@pytest.mark.parametrize(
    ("cap", "period", "expected"),
    [
        ("P1Y", "P13M", "longer"),  # already longer before the archive
        ("P1Y", "P400D", "longer"),
        ("P1Y", "P12M", None),  # within, but the archive may take it beyond: unknown
        ("P1M", "P30D", None),  # depends on the date, and on the archive: unknown
        ("P1Y", "P1M", None),  # the recommended minimum may be reached in the archive
    ],
)
def test_check_retention_with_an_archive_of_unstated_length_is_sound(
    cap: str, period: str, expected: str | None
) -> None:
    custom = attrs.evolve(retention_cap("connection-logs"), max=d(cap), error_above=None)
    result = check_retention(custom, RetentionRule(duration=d(period), archive=ArchivePhase()))
    if expected is None:
        assert result is None
        return
    assert result is not None
    severity, message = result
    assert severity is Severity.WARNING
    words = f"for {spoken(d(period))}, then archived for an unstated period, longer than {spoken(d(cap))}"
    assert words in message


# CNIL201 and CNIL202: minors ----------------------------------------------------------


@pytest.mark.parametrize("age", [13, 14])
def test_consent_age_below_15(age: int) -> None:
    reg = register(activity(children=ChildrenPolicy(consent_age=age, parental_consent="…")))
    finding = one(reg, "CNIL201")
    assert finding.severity is Severity.ERROR
    assert finding.path == "activities[0].children.consent_age"
    assert "15" in finding.message


@pytest.mark.parametrize(
    "policy",
    [
        None,
        ChildrenPolicy(consent_age=15),
        ChildrenPolicy(),
        # A stricter age than the law's is the controller's choice, not a defect.
        ChildrenPolicy(consent_age=16, parental_consent="…"),
        ChildrenPolicy(consent_age=18, parental_consent="…"),
    ],
)
def test_consent_age_15_or_unstated_is_not_reported(policy: ChildrenPolicy | None) -> None:
    assert not found(register(activity(children=policy)), "CNIL201")


@pytest.mark.parametrize("described", [None, "", "   "])
def test_joint_consent_not_described(described: str | None) -> None:
    reg = register(activity(children=ChildrenPolicy(consent_age=15, parental_consent=described)))
    finding = one(reg, "CNIL202")
    assert finding.path == "activities[0].children"
    assert "jointly" in finding.message


def test_joint_consent_described() -> None:
    policy = ChildrenPolicy(
        consent_age=15,
        parental_consent="Formulaire signé par le mineur et un titulaire de l'autorité parentale",
    )
    assert not found(register(activity(children=policy)), "CNIL202")


# CNIL301 and CNIL302: rights and the authority ------------------------------------------


def test_post_mortem_directives_missing_from_the_register_rights() -> None:
    reg = register(activity(), activity(id="b"), rights=(DeclaredRight(right=Right.ACCESS),))
    finding = one(reg, "CNIL301")  # once, for the register's list
    assert finding.path == "rights"
    assert "LIL art. 85" in finding.message


def test_post_mortem_directives_missing_from_an_activity_own_rights() -> None:
    reg = register(activity(), VIOLATIONS["CNIL301"]())
    assert [f.path for f in found(reg, "CNIL301")] == ["activities[1].rights"]


def test_post_mortem_directives_not_required_of_a_processor() -> None:
    processor = activity(role=Role.PROCESSOR, rights=())
    assert not found(register(processor, rights=()), "CNIL301")


@pytest.mark.parametrize(
    "authority",
    [
        "CNIL",
        "Commission nationale de l'informatique et des libertés",
        "COMMISSION NATIONALE DE L’INFORMATIQUE ET DES LIBERTÉS",
        "CNIL – 3 Place de Fontenoy – 75007 Paris",
    ],
)
def test_the_cnil_named(authority: str) -> None:
    assert not found(register(supervisory_authority=authority), "CNIL302")


def test_no_authority_named_is_information() -> None:
    finding = one(register(supervisory_authority=None), "CNIL302")
    assert finding.severity is Severity.INFO
    assert finding.path == "supervisory_authority"


def test_another_authority_named_is_a_warning() -> None:
    finding = one(register(supervisory_authority="Datatilsynet"), "CNIL302")
    assert finding.severity is Severity.WARNING
    assert "Datatilsynet" in finding.message


def test_a_missing_complaint_right_cites_article_14_for_data_obtained_elsewhere() -> None:
    lacking = tuple(d for d in ALL_RIGHTS if d.right is not Right.COMPLAINT)
    direct = one(register(activity(), rights=lacking), "CNIL302")
    assert direct.articles == ("GDPR Art. 77", "GDPR Art. 13(2)(d)", "LIL art. 8")
    assert direct.message.endswith("(GDPR Art. 13(2)(d), 77).")
    rented = activity(sources=(DataSource(kind=SourceKind.THIRD_PARTY, description="loueur"),))
    other = one(register(rented, rights=lacking), "CNIL302")
    assert other.articles == ("GDPR Art. 77", "GDPR Art. 14(2)(e)", "LIL art. 8")
    assert other.message.endswith("(GDPR Art. 14(2)(e), 77).")


# CNIL401: the CNIL's DPIA list ----------------------------------------------------------


@pytest.mark.parametrize(
    ("listed", "number"),
    [
        (
            activity(
                data(DataKind.HEALTH),
                tags=(PurposeTag.HEALTH_CARE,),
                subjects=(SubjectKind.PATIENTS,),
            ),
            1,
        ),
        (activity(data(DataKind.GENETIC), subjects=(SubjectKind.PATIENTS,)), 2),
        (activity(tags=(PurposeTag.PROFILING, PurposeTag.HR)), 3),
        (activity(tags=(PurposeTag.EMPLOYEE_MONITORING,)), 4),
        (activity(tags=(PurposeTag.WHISTLEBLOWING,)), 6),
        (activity(data(DataKind.HEALTH), tags=(PurposeTag.RESEARCH,)), 7),
        (
            activity(
                tags=(PurposeTag.PROFILING,),
                dpia_criteria=(DpiaCriterion.PREVENTS_RIGHT_OR_SERVICE,),
            ),
            8,
        ),
        (
            activity(
                tags=(PurposeTag.PROFILING,),
                sources=(DataSource(kind=SourceKind.THIRD_PARTY),),
            ),
            10,
        ),
        (activity(data(DataKind.BIOMETRIC), subjects=(SubjectKind.EMPLOYEES,)), 11),
        (activity(tags=(PurposeTag.SOCIAL_HOUSING,)), 12),
        (activity(tags=(PurposeTag.SOCIAL_SUPPORT,)), 13),
        (activity(data(DataKind.LOCATION), dpia_criteria=(DpiaCriterion.LARGE_SCALE,)), 14),
    ],
)
def test_processing_on_the_dpia_list_without_a_dpia(
    listed: ProcessingActivity, number: int
) -> None:
    finding = one(register(listed), "CNIL401")
    assert finding.severity is Severity.WARNING
    assert finding.path == "activities[0].dpia"
    assert f"type {number}:" in finding.message
    planned = attrs.evolve(listed, dpia=Dpia(status=DpiaStatus.PLANNED))
    assert found(register(planned), "CNIL401")
    for status in (DpiaStatus.DONE, DpiaStatus.IN_PROGRESS):
        done = attrs.evolve(listed, dpia=Dpia(status=status))
        assert not found(register(done), "CNIL401")


def test_whistleblowing_in_the_health_field_is_two_types() -> None:
    reg = register(activity(tags=(PurposeTag.WHISTLEBLOWING, PurposeTag.HEALTH_CARE)))
    message = one(reg, "CNIL401").message
    assert "type 5:" in message
    assert "type 6:" in message


@pytest.mark.parametrize(
    "unlisted",
    [
        activity(data(DataKind.HEALTH)),  # health data, but not care nor a warehouse
        # A pharmacy's software vendor: health-care data, but no patients in its care.
        activity(
            data(DataKind.HEALTH), tags=(PurposeTag.HEALTH_CARE,), subjects=(SubjectKind.CUSTOMERS,)
        ),
        activity(data(DataKind.BIOMETRIC), subjects=(SubjectKind.CUSTOMERS,)),
        activity(data(DataKind.LOCATION)),  # not on a large scale
        activity(tags=(PurposeTag.PROFILING,)),
        activity(tags=(PurposeTag.EMPLOYEE_MONITORING,), role=Role.PROCESSOR),
    ],
)
def test_processing_not_on_the_dpia_list(unlisted: ProcessingActivity) -> None:
    assert not found(register(unlisted), "CNIL401")


# Documentation ---------------------------------------------------------------------------


def test_every_cnil_rule_is_documented() -> None:
    page = (ROOT / "docs" / "cnil-profile.md").read_text(encoding="utf-8")
    for found_rule in all_rules(("cnil",)):
        if found_rule.profile != "cnil":
            continue
        assert re.search(rf"\b{found_rule.code}\b", page), found_rule.code
        assert found_rule.name in page, found_rule.name


def test_every_cnil_rule_cites_its_source() -> None:
    for found_rule in all_rules(("cnil",)):
        if found_rule.profile != "cnil":
            continue
        assert found_rule.severity_reason, found_rule.code
        assert found_rule.articles, found_rule.code
        assert any(
            a.startswith(
                ("LIL art.", "CNIL délib.", "CNIL, ", "Décret", "CMF", "Loi ", "Ordonnance")
            )
            for a in found_rule.articles
        ), found_rule.articles


# National rules refine general ones ------------------------------------------


def test_cnil_nir_rule_supersedes_the_general_national_id_warning() -> None:
    reg = register(VIOLATIONS["CNIL001"]())
    general = validate(reg, profiles=("gdpr",), as_of=DAY)
    assert [f.path for f in general.by_rule("GDPR113")] == ["activities[0].data_categories[0]"]
    both = validate(reg, profiles=("gdpr", "cnil"), as_of=DAY)
    assert both.by_rule("GDPR113") == ()
    assert [f.path for f in both.by_rule("CNIL001")] == ["activities[0].data_categories[0]"]


def test_a_general_finding_stays_where_the_national_rule_is_silent() -> None:
    # A German register: the cnil profile says nothing, the gdpr warning stays.
    reg = register(VIOLATIONS["CNIL001"](), country="DE", language="de")
    both = validate(reg, profiles=("gdpr", "cnil"), as_of=DAY)
    assert both.by_rule("CNIL001") == ()
    assert [f.path for f in both.by_rule("GDPR113")] == ["activities[0].data_categories[0]"]


@pytest.mark.parametrize(
    ("refining", "general"),
    [
        ("CNIL001", "GDPR113"),
        ("CNIL002", "GDPR113"),
        ("CNIL201", "GDPR604"),
        ("CNIL202", "GDPR605"),
        ("CNIL302", "GDPR505"),
    ],
)
def test_declared_refinements(refining: str, general: str) -> None:
    (found_rule,) = [r for r in all_rules() if r.code == refining]
    assert general in found_rule.supersedes


# CNIL501: audience measurement without consent ------------------------------------------


def audience(
    *tags: PurposeTag, basis: LawfulBasis = LawfulBasis.LEGITIMATE_INTERESTS, **changes: Any
) -> Register:
    measured = activity(tags=(PurposeTag.AUDIENCE_MEASUREMENT, *tags), **changes)
    purpose = attrs.evolve(measured.purposes[0], legal_bases=(LegalBasis(basis=basis),))
    return register(attrs.evolve(measured, purposes=(purpose,)))


def test_audience_measurement_for_the_publisher_alone_is_exempt() -> None:
    hosted = (Recipient(name="Hébergeur", kind=RecipientKind.PROCESSOR),)
    assert not found(audience(recipients=hosted), "CNIL501")


@pytest.mark.parametrize("tag", [PurposeTag.PROFILING, PurposeTag.DIRECT_MARKETING])
def test_audience_measurement_that_serves_something_else_needs_consent(tag: PurposeTag) -> None:
    finding = one(audience(tag), "CNIL501")
    assert finding.severity is Severity.ERROR
    assert finding.path == "activities[0].purposes[0]"
    assert tag.value in finding.message
    assert not found(audience(tag, basis=LawfulBasis.CONSENT), "CNIL501")


def test_advertising_trackers_are_left_to_gdpr701() -> None:
    reg = audience(PurposeTag.ADVERTISING_TRACKERS)
    assert not found(reg, "CNIL501")
    assert validate(reg, profiles=("cnil",), as_of=DAY).by_rule("GDPR701")


def test_audience_data_passed_to_a_third_party_needs_consent() -> None:
    shared = (Recipient(name="Régie publicitaire", kind=RecipientKind.THIRD_PARTY),)
    finding = one(audience(recipients=shared), "CNIL501")
    assert finding.path == "activities[0].purposes[0]"
    assert '"Régie publicitaire"' in finding.message


# CNIL502: formalities of before 25 May 2018 -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Traitement déclaré : déclaration CNIL n° 1234567", "CNIL declaration"),
        ("Déclaration normale auprès de la CNIL (2012)", "CNIL declaration"),
        ("Récépissé de déclaration n° 987", "CNIL declaration"),
        ("Conforme à la norme simplifiée n° 48", "norme simplifiée"),
        ("NS-048", "norme simplifiée"),
        ("Loi du 6 janvier 1978 modifiée en 2004", "modifiée en 2004"),
        ("Loi n° 2004-801 du 6 août 2004", "modifiée en 2004"),
        ("Contact : le correspondant informatique et libertés", "correspondant"),
    ],
)
def test_pre_gdpr_formalities_are_reported(text: str, label: str) -> None:
    finding = one(register(activity(notes=text)), "CNIL502")
    assert finding.severity is Severity.WARNING
    assert finding.path == "activities[0].notes"
    assert label in finding.message
    assert "2018-05-25" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Loi n° 78-17 du 6 janvier 1978 modifiée",
        "DPO désigné auprès de la CNIL (désignation n° DPO-12345)",
        "Déclaration de la violation à la CNIL sous 72 heures",
        "Référentiel gestion commerciale (CNIL délib. 2021-131)",
    ],
)
def test_current_texts_are_not_leftovers(text: str) -> None:
    assert not found(register(activity(notes=text)), "CNIL502")


def test_one_formality_in_many_places_is_one_defect() -> None:
    noted = activity(notes="Norme simplifiée n° 48")
    reg = register(noted, attrs.evolve(noted, id="b"), notes="Dispense n° 7")
    (finding,) = found(reg, "CNIL502")
    assert finding.path == "activities[0].notes"
    assert finding.also_at_paths == ("activities[1].notes", "notes")


def test_post_mortem_directives_missing_from_several_lists_is_one_defect() -> None:
    own = activity(rights=(DeclaredRight(right=Right.ACCESS),))
    general = activity(id="b")
    reg = register(own, general, rights=(DeclaredRight(right=Right.ACCESS),))
    (finding,) = found(reg, "CNIL301")
    assert finding.path == "activities[0].rights"
    assert finding.also_at_paths == ("rights",)
    assert finding.message.startswith("This list of rights lacks")


def test_audience_measurement_without_any_basis_is_one_finding() -> None:
    shared = (Recipient(name="Régie", kind=RecipientKind.THIRD_PARTY),)
    measured = activity(tags=(PurposeTag.AUDIENCE_MEASUREMENT,), recipients=shared)
    purpose = attrs.evolve(measured.purposes[0], legal_bases=())
    reg = register(attrs.evolve(measured, purposes=(purpose,)))
    report = validate(reg, profiles=("cnil",), as_of=DAY)
    assert [f.rule for f in report if f.path == "activities[0].purposes[0]"] == ["CNIL501"]
    (finding,) = report.by_rule("CNIL501")
    assert "has no lawful basis" in finding.message
    assert "GDPR Art. 6(1)(a)" in finding.articles


def test_formalities_are_looked_for_in_prose_not_in_names() -> None:
    cited = data(
        DataKind.IDENTITY,
        keep(until=Event.END_OF_CONTRACT, archive="P5Y", ground="Norme simplifiée n° 48, art. 5"),
    )
    reg = register(activity(cited, name="Fichier NS-048"))
    (finding,) = found(reg, "CNIL502")
    assert finding.path == "activities[0].data_categories[0].retention.archive.legal_ground"
