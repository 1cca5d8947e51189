"""GDPR701 (trackers need prior consent) and GDPR710 (texts the GDPR repealed)."""

from __future__ import annotations

import datetime as dt

import pytest

from gdprkit import Finding, Severity, validate
from gdprkit.model import (
    Controller,
    CountryCode,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Register,
    Role,
)


DAY = dt.date(2026, 11, 22)


def register(*bases: LegalBasis, tags: tuple[PurposeTag, ...], **changes: object) -> Register:
    purpose = Purpose(name="Publicité ciblée", legal_bases=bases, tags=tags)
    activity = ProcessingActivity(id="ads", name="Site web", purposes=(purpose,), **changes)  # type: ignore[arg-type]
    return Register(
        controller=Controller(name="Exemple GmbH", country=CountryCode("DE")),
        activities=(activity,),
    )


def found(reg: Register, code: str) -> list[Finding]:
    return list(validate(reg, profiles=("gdpr",), as_of=DAY, select=(code,)))


ADS = (PurposeTag.ADVERTISING_TRACKERS,)


@pytest.mark.parametrize(
    "bases",
    [(), (LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS, legitimate_interest="revenue"),)],
)
def test_advertising_trackers_without_consent(bases: tuple[LegalBasis, ...]) -> None:
    (finding,) = found(register(*bases, tags=ADS), "GDPR701")
    assert finding.severity is Severity.ERROR
    assert finding.articles == ("ePrivacy Directive Art. 5(3)", "GDPR Art. 6(1)(a)")
    assert "prior consent" in finding.message


@pytest.mark.parametrize(
    "method",
    [
        "Paramétrage de votre navigateur",
        "You may opt out in your browser settings",
        "En poursuivant votre navigation, vous acceptez les cookies",
        "Case pré-cochée",
    ],
)
def test_consent_that_is_not_consent(method: str) -> None:
    basis = LegalBasis(basis=LawfulBasis.CONSENT, consent_method=method)
    (finding,) = found(register(basis, tags=ADS), "GDPR701")
    assert finding.path == "activities[0].purposes[0].legal_bases[0].consent_method"
    assert "C-673/17" in " ".join(finding.articles)


def test_consent_by_an_affirmative_act_passes() -> None:
    basis = LegalBasis(
        basis=LawfulBasis.CONSENT,
        consent_method="Bandeau « Tout accepter / Tout refuser » avant tout dépôt",
    )
    assert not found(register(basis, tags=ADS), "GDPR701")


def test_other_purposes_and_processors_are_not_judged() -> None:
    # Audience measurement is left to the national profiles; processors act on instructions.
    assert not found(register(tags=(PurposeTag.AUDIENCE_MEASUREMENT,)), "GDPR701")
    assert not found(register(tags=ADS, role=Role.PROCESSOR), "GDPR701")


def test_directive_95_46_as_the_legal_frame() -> None:
    reg = register(tags=(), notes="Traitement conforme à la directive 95/46/CE")
    (finding,) = found(reg, "GDPR710")
    assert finding.severity is Severity.WARNING
    assert finding.path == "activities[0].notes"
    assert "2018-05-25" in finding.message


def test_the_gdpr_itself_is_not_a_leftover() -> None:
    # The GDPR's own title names the Directive it repeals: that is no reliance on it.
    reg = register(tags=(), notes="Règlement (UE) 2016/679 abrogeant la directive 95/46/CE")
    assert not found(reg, "GDPR710")
    assert not found(register(tags=(), notes="RGPD art. 6(1)(b)"), "GDPR710")


def test_a_tracker_purpose_without_any_basis_is_one_finding() -> None:
    report = validate(register(tags=ADS), profiles=("gdpr",), as_of=DAY)
    assert [f.rule for f in report if f.path == "activities[0].purposes[0]"] == ["GDPR701"]
    (finding,) = report.by_rule("GDPR701")
    assert "has no lawful basis" in finding.message
