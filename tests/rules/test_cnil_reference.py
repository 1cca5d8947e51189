"""The French reference data behind the cnil profile: complete, sourced, and
checked as it is read."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from gdprkit.model import DataKind, Duration, Event, PurposeTag, SubjectKind
from gdprkit.reference import ReferenceDataError, cnil
from gdprkit.reference._reader import Reader


STATUSES = {"verified", "secondary", "unverified"}


def test_every_cap_is_sourced_and_dated() -> None:
    caps = cnil.retention_caps()
    assert {c.id for c in caps} == {
        "prospects",
        "payment-card",
        "call-recordings",
        "audience-data",
        "connection-logs",
    }
    for cap in caps:
        assert cap.source
        assert cap.status in STATUSES
        assert dt.date(2026, 11, 22) <= cap.checked <= dt.date(2026, 12, 6)
        assert cap.events
        assert not cap.binding  # every cap is a référentiel or recommendation: soft law
        assert cap.severity == "warning"


@pytest.mark.parametrize(
    ("cap_id", "maximum", "source", "status"),
    [
        ("prospects", "P3Y", "CNIL délib. 2021-131 (référentiel gestion commerciale)", "secondary"),
        ("payment-card", "P13M", "CNIL délib. 2018-303", "verified"),
        (
            "call-recordings",
            "P6M",
            "CNIL, fiche « L'écoute et l'enregistrement des appels sur le lieu de travail »",
            "secondary",
        ),
        (
            "audience-data",
            "P25M",
            "CNIL, « Cookies : solutions pour les outils de mesure d'audience » (2025); "
            "CNIL délib. 2020-091",
            "secondary",
        ),
        ("connection-logs", "P1Y", "CNIL délib. 2021-122", "secondary"),
    ],
)
def test_caps(cap_id: str, maximum: str, source: str, status: str) -> None:
    cap = cnil.retention_cap(cap_id)
    assert cap.max == Duration.parse(maximum)
    assert cap.source == source
    assert cap.status == status


def test_card_and_log_specifics() -> None:
    card = cnil.retention_cap("payment-card")
    assert card.error_above == Duration.parse("P15M")
    assert card.data_kinds == frozenset({DataKind.PAYMENT_CARD})
    assert Event.DEBIT in card.events
    logs = cnil.retention_cap("connection-logs")
    assert logs.min == Duration.parse("P6M")
    assert cnil.card_security_code().kept_until is Event.TRANSACTION
    with pytest.raises(KeyError):
        cnil.retention_cap("cctv")


@pytest.mark.parametrize(
    ("ground", "sources"),
    [
        ("Code de commerce, art. L. 123-22", ["Code de commerce L123-22"]),
        ("C. com. L.110-4", ["Code de commerce L110-4"]),
        ("article 2224 du Code civil", ["Code civil art. 2224"]),
        ("LPF L 102 B", ["Livre des procédures fiscales L102 B"]),
        (
            "Code civil 2224 et Code de commerce L123-22",
            ["Code de commerce L123-22", "Code civil art. 2224"],
        ),
        ("Code de commerce L123-221", []),
        ("Code de commerce", []),
        ("2224", []),
    ],
)
def test_legal_periods_are_recognised(ground: str, sources: list[str]) -> None:
    assert [p.source for p in cnil.legal_periods_for(ground)] == sources


def test_legal_periods_are_sourced() -> None:
    periods = {p.id: p for p in cnil.legal_periods()}
    assert periods["fr-ccom-L123-22"].period == Duration.parse("P10Y")
    assert periods["fr-cciv-2224"].period == Duration.parse("P5Y")
    assert periods["fr-cconso-L218-2"].period == Duration.parse("P2Y")
    assert all(p.status in STATUSES and p.source for p in periods.values())


def test_the_dpia_list_has_14_types() -> None:
    listed = cnil.dpia_list()
    assert listed.source == "CNIL délib. 2018-327"
    assert listed.status == "secondary"
    assert [t.number for t in listed.types] == list(range(1, 15))
    unrecognisable = [t.number for t in listed.types if t.conditions is None]
    assert unrecognisable == [9]


def test_french_facts() -> None:
    facts = cnil.france()
    assert facts.consent_age_source == "LIL art. 45"
    assert facts.joint_consent_below
    assert "FR" in facts.countries
    assert facts.cites_nir_decree("décret n° 2019-341")
    assert not facts.cites_nir_decree("décret n° 2022-1366")
    assert not facts.cites_nir_decree(None)
    assert facts.commercial_scope.purpose_tags == {
        PurposeTag.CUSTOMER_MANAGEMENT,
        PurposeTag.PROSPECTION,
        PurposeTag.DIRECT_MARKETING,
    }
    assert facts.commercial_scope.subject_kinds == {SubjectKind.CUSTOMERS, SubjectKind.PROSPECTS}
    assert facts.names_authority("la CNIL")
    assert not facts.names_authority("Datatilsynet")
    assert facts.post_mortem_source == "LIL art. 85"


# Malformed data is refused, naming the file and the entry -----------------------


GOOD_CAP: dict[str, Any] = {
    "id": "x",
    "title": "X",
    "summary": "x",
    "max": "P1Y",
    "events": ["collection"],
    "match": "kind",
    "purpose_tags": [],
    "subject_kinds": [],
    "data_kinds": ["connection"],
    "source": "CNIL délib. 2021-122",
    "status": "secondary",
    "checked": "2026-11-22",
    "note": "x",
    "binding": False,
}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"max": "one year"}, "caps[0].max"),
        ({"events": ["birthday"]}, "caps[0].events"),
        ({"status": "V"}, "caps[0].status"),
        ({"match": "any"}, "caps[0].match"),
        ({"data_kinds": None}, "caps[0].data_kinds"),
        ({"min": "P2Y"}, "caps[0].min"),
        ({"error_above": "P6M"}, "caps[0].error_above"),
        ({"checked": "22/11/2026"}, "caps[0].checked"),
        ({"source": ""}, "caps[0].source"),
        ({"binding": "no"}, "caps[0].binding"),
    ],
)
def test_malformed_caps_are_refused(
    monkeypatch: pytest.MonkeyPatch, change: dict[str, Any], where: str
) -> None:
    data = {"caps": [{**GOOD_CAP, **change}]}
    monkeypatch.setattr(cnil, "read", lambda name: Reader(data, name))
    with pytest.raises(ReferenceDataError, match=re.escape(f"cnil_retention.json.{where}:")):
        cnil.retention_caps.__wrapped__()


def test_a_well_formed_cap_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"caps": [GOOD_CAP]}
    monkeypatch.setattr(cnil, "read", lambda name: Reader(data, name))
    (cap,) = cnil.retention_caps.__wrapped__()
    assert cap.max == Duration.parse("P1Y")


def test_malformed_dpia_condition_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {
        "source": "CNIL délib. 2018-327",
        "status": "secondary",
        "checked": "2026-11-22",
        "types": [{"number": 1, "label": "x", "match": [{"tags": ["hr"]}]}],
    }
    monkeypatch.setattr(cnil, "read", lambda name: Reader(data, name))
    with pytest.raises(ReferenceDataError, match=r"types\[0\]\.match\[0\]"):
        cnil.dpia_list.__wrapped__()


def test_the_french_age_is_recorded_once() -> None:
    # The cnil profile reads the age from the shared consent-age data.
    import datetime as dt
    import json
    from importlib.resources import files

    from gdprkit.reference import consent_age

    found = consent_age("FR", as_of=dt.date(2026, 11, 22))
    assert found is not None
    assert found.age == 15
    assert found.law == "LIL art. 45"
    data = files("gdprkit.reference").joinpath("data", "cnil_france.json").read_text("utf-8")
    assert "age" not in json.loads(data)["digital_consent_age"]


@pytest.mark.parametrize(
    "reference",
    [
        "Décret n° 2019-341 du 19 avril 2019, art. 2 A",
        "Décret cadre NIR",
        "décret-cadre NIR",
        "Code de la sécurité sociale, art. L161-33 (tiers payant)",
        "Code de la santé publique, art. L. 1111-8-1 (INS)",
        "Loi n° 78-17, art. 30 II (statistique publique)",
        "LIL article 30-II, 3° (téléservice)",
    ],
)
def test_the_texts_that_allow_the_nir(reference: str) -> None:
    assert cnil.france().cites_nir_decree(reference)


@pytest.mark.parametrize(
    "reference", ["", "Code de commerce", "RGPD art. 6(1)(b)", "LIL art. 30", "art. 300 II"]
)
def test_texts_that_do_not_allow_the_nir(reference: str) -> None:
    assert not cnil.france().cites_nir_decree(reference)


def test_the_payment_card_recommendation_is_the_current_one() -> None:
    # Délib. 2013-358 was repealed by 2017-222, itself repealed by 2018-303 (JORF 9 Oct 2018);
    # CMF L133-24 sets the period for contesting a payment, not a storage limit.
    card = cnil.retention_cap("payment-card")
    assert card.source == "CNIL délib. 2018-303"
    assert "2018-303" in cnil.card_security_code().source
    assert "L133-24" not in card.source


def test_audience_data_and_tracker_lifetime() -> None:
    # The trackers live 13 months; the data collected through them may be kept 25 months.
    assert cnil.retention_cap("audience-data").max == Duration.parse("P25M")
    assert cnil.france().trackers.lifetime == Duration.parse("P13M")
