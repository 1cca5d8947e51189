"""The reference facts shipped with the package: they load, carry their
sources and dates, and answer the questions rules ask as of a date."""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files

import pytest
from tests.conftest import ROOT

from gdprkit.model import Art9Condition, LawfulBasis, Right, TransferMechanism
from gdprkit.reference import (
    Applicability,
    ConsentAge,
    EeaMember,
    Mechanism,
    MechanismFamily,
    ReferenceDataError,
    Scope,
    Source,
    Status,
    adequacy_decisions,
    adequacy_for,
    consent_age,
    consent_age_limits,
    data_files,
    eea_member,
    is_eea,
    mechanism_info,
    mechanism_valid,
    rights_for,
)
from gdprkit.reference._load import DATA_FILES, eea_by_code
from gdprkit.reference._reader import Reader, Regex


TODAY = dt.date(2026, 11, 22)
EU27 = {
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
}  # fmt: skip
EEA_EFTA = {"IS", "LI", "NO"}


def test_every_data_file_has_a_title_a_date_and_sources() -> None:
    described = data_files()
    assert [d.name for d in described] == list(DATA_FILES)
    for data in described:
        assert data.title
        assert dt.date(2026, 1, 1) <= data.retrieved <= dt.date.today()
        assert data.sources
        assert all(s.title for s in data.sources)
        assert all(s.url is None or s.url.startswith("https://") for s in data.sources)


def test_the_reference_data_page_names_every_data_file() -> None:
    page = (ROOT / "docs" / "reference-data.md").read_text(encoding="utf-8")
    shipped = sorted(p.name for p in files("gdprkit.reference").joinpath("data").iterdir())
    assert shipped
    for name in shipped:
        assert f"`{name}`" in page, name
    for data in data_files():
        assert data.retrieved.isoformat() in page


# -- EEA ------------------------------------------------------------------------


def test_the_eea_is_30_states() -> None:
    states = {
        code
        for code, members in eea_by_code().items()
        for m in members
        if m.code == code and m.group in {"EU", "EEA-EFTA"} and m.member_on(TODAY)
    }
    assert states == EU27 | EEA_EFTA


@pytest.mark.parametrize(
    "code", sorted(EU27 | EEA_EFTA | {"EL", "RE", "GP", "MQ", "GF", "YT", "MF", "AX", "fr"})
)
def test_eea_members_and_territories(code: str) -> None:
    assert is_eea(code, as_of=TODAY)


@pytest.mark.parametrize("code", ["FO", "GL", "GB", "CH", "GI", "SJ", "US", "BL", "NC", "XX"])
def test_not_in_the_eea(code: str) -> None:
    assert not is_eea(code, as_of=TODAY)


def test_greece_is_also_el() -> None:
    member = eea_member("EL", as_of=TODAY)
    assert member is not None
    assert member.code == "GR"


def test_eea_membership_over_time() -> None:
    assert is_eea("GB", as_of=dt.date(2020, 12, 31))
    assert not is_eea("GB", as_of=dt.date(2021, 1, 1))
    assert not is_eea("HR", as_of=dt.date(2013, 6, 30))
    assert is_eea("HR", as_of=dt.date(2013, 7, 1))
    assert is_eea("FR")  # today by default


# -- adequacy -----------------------------------------------------------------


def test_adequacy_decisions_in_force_today() -> None:
    in_force = {d.code for d in adequacy_decisions() if d.in_force(TODAY)}
    assert in_force == {
        "AD", "AR", "BR", "CA", "CH", "EPORG", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR",
        "NZ", "US", "UY",
    }  # fmt: skip
    partial = {d.code for d in adequacy_decisions() if d.in_force(TODAY) and d.is_partial}
    assert partial == {"BR", "CA", "IL", "JP", "KR", "US"}
    assert all(d.scope_description for d in adequacy_decisions() if d.scope is Scope.PARTIAL)
    assert all(d.source for d in adequacy_decisions())


def test_safe_harbour_and_privacy_shield_are_kept_as_ended() -> None:
    ended = {d.mechanism: d for d in adequacy_decisions("US") if d.ended is not None}
    assert ended[TransferMechanism.SAFE_HARBOR].ended == dt.date(2015, 10, 6)
    assert ended[TransferMechanism.PRIVACY_SHIELD].ended == dt.date(2020, 7, 16)


@pytest.mark.parametrize(
    ("day", "decision"),
    [
        (dt.date(2000, 7, 25), None),
        (dt.date(2015, 10, 5), "Commission Decision 2000/520/EC"),
        (dt.date(2015, 10, 6), None),
        (dt.date(2016, 7, 12), "Commission Implementing Decision (EU) 2016/1250"),
        (dt.date(2020, 7, 16), None),
        (dt.date(2023, 1, 1), None),
        (dt.date(2023, 7, 10), "Commission Implementing Decision (EU) 2023/1795"),
        (dt.date(2024, 1, 1), "Commission Implementing Decision (EU) 2023/1795"),
    ],
)
def test_united_states_adequacy_over_time(day: dt.date, decision: str | None) -> None:
    found = adequacy_for("US", as_of=day)
    assert (None if found is None else found.decision) == decision


def test_the_uk_decision_expires() -> None:
    assert adequacy_for("GB", as_of=dt.date(2021, 6, 27)) is None
    assert adequacy_for("GB", as_of=dt.date(2031, 12, 26)) is not None
    assert adequacy_for("GB", as_of=dt.date(2031, 12, 27)) is None


# -- mechanisms ---------------------------------------------------------------


def test_every_mechanism_is_described() -> None:
    for mechanism in TransferMechanism:
        info = mechanism_info(mechanism)
        assert info.mechanism is mechanism
        assert info.articles
        assert info.name
    assert mechanism_info("bcr").family is MechanismFamily.SAFEGUARDS
    derogations = {
        m for m in TransferMechanism if mechanism_info(m).family is MechanismFamily.DEROGATION
    }
    assert derogations == {m for m in TransferMechanism if m.is_derogation}


@pytest.mark.parametrize("mechanism", ["scc-2001", "scc-2004", "scc-2010"])
def test_old_sccs_are_unusable_after_2022_12_27(mechanism: str) -> None:
    assert mechanism_valid(mechanism, as_of=dt.date(2022, 12, 27))
    assert not mechanism_valid(mechanism, as_of=dt.date(2022, 12, 28))
    assert mechanism_info(mechanism).no_new_contracts_from == dt.date(2021, 9, 27)


def test_invalidated_mechanisms_agree_with_their_adequacy_decisions() -> None:
    for mechanism in (TransferMechanism.SAFE_HARBOR, TransferMechanism.PRIVACY_SHIELD):
        (decision,) = [d for d in adequacy_decisions("US") if d.mechanism is mechanism]
        info = mechanism_info(mechanism)
        assert (info.valid_from, info.ended) == (decision.adopted, decision.ended)
        assert info.destinations == frozenset({"US"})


def test_mechanism_validity_with_a_destination() -> None:
    day = dt.date(2012, 1, 1)
    assert mechanism_valid("safe-harbor", as_of=day, destination="US")
    assert not mechanism_valid("safe-harbor", as_of=day, destination="CA")
    assert mechanism_valid("adequacy", as_of=TODAY)
    assert mechanism_valid("adequacy", as_of=TODAY, destination="JP")
    assert not mechanism_valid("adequacy", as_of=TODAY, destination="IN")
    assert mechanism_valid(TransferMechanism.SCC_2021, as_of=TODAY, destination="IN")


def test_which_mechanisms_need_an_authorisation_or_are_closed_to_public_bodies() -> None:
    needing = {m.value for m in TransferMechanism if mechanism_info(m).sa_authorisation}
    assert needing == {"art46-3-a", "art46-3-b"}
    closed = {m.value for m in TransferMechanism if mechanism_info(m).public_authorities_excluded}
    assert closed == {"art49-1-a", "art49-1-b", "art49-1-c", "art49-1-2"}


# -- rights -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "expected"),
    [
        (Right.WITHDRAW_CONSENT, "yes no no no no no"),
        (Right.PORTABILITY, "yes yes no no no no"),
        (Right.OBJECTION, "no no no no yes yes"),
        (Right.ERASURE, "yes conditional conditional conditional conditional yes"),
        (Right.COMPLAINT, "yes yes yes yes yes yes"),
        (Right.ACCESS, "yes yes yes yes yes yes"),
        (Right.OBJECTION_DIRECT_MARKETING, " ".join(["direct-marketing"] * 6)),
    ],
)
def test_rights_by_lawful_basis(right: Right, expected: str) -> None:
    assert " ".join(rights_for(b)[right].value for b in LawfulBasis) == expected


def test_explicit_consent_adds_withdrawal_and_portability() -> None:
    assert dict(rights_for(Art9Condition.EXPLICIT_CONSENT)) == {
        Right.WITHDRAW_CONSENT: Applicability.YES,
        Right.PORTABILITY: Applicability.YES,
    }
    assert dict(rights_for(Art9Condition.HEALTH_OR_SOCIAL_CARE)) == {}


def test_every_right_is_in_the_matrix() -> None:
    for basis in LawfulBasis:
        assert set(rights_for(basis)) == set(Right)


# -- consent ages -------------------------------------------------------------


def test_consent_age_limits() -> None:
    limits = consent_age_limits()
    assert (limits.minimum, limits.default) == (13, 16)
    assert limits.allows(13)
    assert not limits.allows(12)
    assert not limits.allows(17)


@pytest.mark.parametrize("country", sorted(EU27 | EEA_EFTA | {"EL"}))
def test_every_eea_state_has_an_age(country: str) -> None:
    age = consent_age(country, as_of=TODAY)
    assert age is not None
    assert consent_age_limits().allows(age.age)
    assert age.source is not None


def test_known_ages() -> None:
    france = consent_age("FR", as_of=TODAY)
    assert france is not None
    assert (france.age, france.law, france.status.value) == (15, "LIL art. 45", "verified")
    assert consent_age("DE", as_of=TODAY).default  # type: ignore[union-attr]
    assert consent_age("EL", as_of=TODAY).age == 15  # type: ignore[union-attr]
    assert consent_age("US", as_of=TODAY) is None


def test_ages_change_over_time() -> None:
    assert consent_age("SI", as_of=dt.date(2023, 1, 25)).age == 16  # type: ignore[union-attr]
    assert consent_age("SI", as_of=dt.date(2023, 1, 26)).age == 15  # type: ignore[union-attr]


# -- loading ------------------------------------------------------------------


def test_malformed_data_is_reported_with_its_place() -> None:
    entry = Reader({"adopted": "26/07/2000", "code": 3, "age": True}, "adequacy.json.entries[0]")
    with pytest.raises(ReferenceDataError, match=r"entries\[0\]\.adopted: .*'26/07/2000'"):
        entry.date("adopted")
    with pytest.raises(ReferenceDataError, match=r"\.code: expected a non-empty string"):
        entry.text("code")
    with pytest.raises(ReferenceDataError, match=r"\.age: expected an integer"):
        entry.integer("age")
    with pytest.raises(ReferenceDataError, match=r"\.name: required"):
        entry.text("name")
    with pytest.raises(ReferenceDataError, match=r"\.name: required"):
        entry.child("name")
    with pytest.raises(ReferenceDataError, match="expected an object"):
        Reader([], "x.json")


def test_a_regular_expression_is_compiled_when_first_searched_and_reported_with_its_place() -> None:
    entry = Reader({"patterns": ["l123-22(?![0-9])", "art(icle"], "one": "cnil"}, "x.json.nir")
    good, bad = entry.patterns("patterns", re.IGNORECASE)
    assert good.search("codedecommerce,artl123-22")
    assert not good.search("l123-221")
    assert entry.pattern("one", re.IGNORECASE).search("La CNIL")
    with pytest.raises(ReferenceDataError, match=r"x\.json\.nir\.patterns\[1\]: invalid regular"):
        bad.search("article")
    # Equal and hashed as re.Pattern is: by pattern and flags.
    assert good == Regex("l123-22(?![0-9])", re.IGNORECASE)
    assert good != Regex(good.pattern)
    assert hash(good) == hash(Regex("l123-22(?![0-9])", re.IGNORECASE))


def test_every_regular_expression_of_the_data_files_compiles() -> None:
    from gdprkit.reference.cnil import france, legal_periods
    from gdprkit.reference.eprivacy import trackers
    from gdprkit.reference.repealed import repealed

    facts = france()
    texts = (*repealed().texts, *facts.pre_gdpr.texts)
    regexes = [
        *(p for period in legal_periods() for p in period.patterns),
        *facts.nir_reference_patterns,
        *facts.authority_patterns,
        *trackers().not_consent_patterns,
        *(t.pattern for t in texts),
        *(t.unless for t in texts if t.unless is not None),
    ]
    assert len(regexes) > 20
    for regex in regexes:
        assert re.compile(regex.pattern, regex.flags)
        regex.search("")  # raises ReferenceDataError on an invalid one


def test_optional_values_read_as_absent_or_false() -> None:
    entry = Reader({"note": None, "flag": True}, "x.json")
    assert entry.optional_text("note") is None
    assert entry.optional_date("ended") is None
    assert entry.optional_child("source") is None
    assert entry.flag("flag") is True
    assert entry.flag("absent") is False


def test_a_value_is_built_field_by_field_as_its_types_say() -> None:
    entry = Reader(
        {
            "country": "FR",
            "age": 15,
            "status": "verified",
            "source": {"title": "Loi n° 78-17, art. 45"},
        },
        "consent_ages.json.entries[0]",
    )
    age = entry.build(ConsentAge)
    assert (age.country, age.age, age.status, age.since, age.default) == (
        "FR",
        15,
        Status.VERIFIED,
        None,
        False,
    )
    assert age.source == Source(title="Loi n° 78-17, art. 45")
    assert entry.build(ConsentAge, age=16).age == 16
    member = Reader({"code": "GR", "name": "Greece", "group": "EU"}, "eea.json").build(EeaMember)
    assert member.aliases == ()
    # Each value is checked, and a missing one named, as the reader's own methods do.
    with pytest.raises(ReferenceDataError, match=r"entries\[0\]\.status: unknown id 'sure'"):
        Reader({"country": "FR", "age": 15, "status": "sure"}, "x.json.entries[0]").build(
            ConsentAge
        )
    with pytest.raises(ReferenceDataError, match=r"x\.json\.source\.title: required"):
        Reader({"country": "FR", "age": 15, "status": "verified", "source": {}}, "x.json").build(
            ConsentAge
        )
    # A field of a type it has no reader for must be given.
    entry = Reader({"mechanism": "scc-2021", "name": "SCC", "instrument": "2021/914"}, "m.json")
    with pytest.raises(TypeError, match=r"Mechanism\.destinations: no reader"):
        entry.build(Mechanism, family=MechanismFamily.SAFEGUARDS)


def test_the_public_names_exist_and_are_documented() -> None:
    import gdprkit.reference as reference

    assert len(reference.__all__) == len(set(reference.__all__))
    for name in reference.__all__:
        assert (getattr(reference, name).__doc__ or "").strip(), name


# Supervisory authorities ------------------------------------------------------------


def test_the_cnil_with_its_contact_details() -> None:
    from gdprkit.reference import Status, supervisory_authority

    cnil = supervisory_authority("FR")
    assert cnil is not None
    assert cnil.acronym == "CNIL"
    assert cnil.name == "Commission nationale de l’informatique et des libertés"
    assert cnil.address.splitlines() == ["3 place de Fontenoy", "TSA 80715", "75334 Paris Cedex 07"]
    assert cnil.url == "https://www.cnil.fr"
    assert cnil.status is Status.VERIFIED
    assert cnil.source.url is not None


def test_authorities_of_the_listed_eea_states() -> None:
    from gdprkit.reference import is_eea, supervisory_authority
    from gdprkit.reference._load import authorities_by_country

    listed = authorities_by_country()
    assert set(listed) >= {"FR", "DE", "ES", "IT", "IE", "BE", "NL", "LU", "AT"}
    for code, authority in listed.items():
        assert is_eea(code, as_of=dt.date(2026, 12, 6)), code
        assert authority.address, code
        assert authority.url.startswith("https://"), code
        assert authority.source.title, code
    assert supervisory_authority("de") is listed["DE"]
    # Germany: the federal commissioner, with the Länder rule said.
    assert "BDSG § 40" in (listed["DE"].note or "")
    assert supervisory_authority("US") is None
    assert supervisory_authority("PT") is None  # not in the data yet: the notice says Art. 77 only
