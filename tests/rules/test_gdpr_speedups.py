"""The gdpr profile's fast paths give the answers of the plain definitions they
stand in for: reference facts looked up once per destination code or
mechanism against the reference functions, the mechanism and data-kind sets
against the model's tests, and the mechanism filter of the transfer rules
against filtering afterwards."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gdprkit.model import (
    Controller,
    CountryCode,
    DataKind,
    ProcessingActivity,
    Register,
    Transfer,
    TransferMechanism,
)
from gdprkit.reference import adequacy_for, is_eea, mechanism_info
from gdprkit.rules.packs.gdpr import special, transfers


DAYS = [
    dt.date(2015, 10, 5),
    dt.date(2015, 10, 6),
    dt.date(2020, 7, 16),
    dt.date(2020, 12, 31),
    dt.date(2021, 1, 1),
    dt.date(2023, 7, 10),
    dt.date(2026, 1, 1),
]
CODES = ["FR", "fr", "EL", "GR", "NO", "GB", "gb", "CH", "FO", "US", "us", "JP", "CA", "KR"]
CODES += ["EPORG", "XX"]


@pytest.mark.parametrize("day", DAYS)
def test_the_eea_lookup_answers_as_is_eea(day: dt.date) -> None:
    in_eea = transfers._eea_on(day)
    for code in CODES * 2:  # the second round reads the kept answers
        assert in_eea[code] is is_eea(code, as_of=day), code


@pytest.mark.parametrize("day", DAYS)
def test_the_adequacy_lookup_answers_as_adequacy_for(day: dt.date) -> None:
    adequacy = transfers._adequacy_on(day)
    for code in CODES * 2:
        assert adequacy[code] == adequacy_for(code, as_of=day), code


def test_a_fact_is_looked_up_once_per_code() -> None:
    asked: list[str] = []

    def fact(code: str) -> int:
        asked.append(code)
        return len(code)

    facts = transfers._PerCode(fact)
    assert [facts[c] for c in ("US", "JP", "US", "EPORG", "JP")] == [2, 2, 2, 5, 2]
    assert asked == ["US", "JP", "EPORG"]


def test_the_mechanism_table_is_mechanism_info() -> None:
    table = transfers._mechanisms()
    assert set(table) == set(TransferMechanism)
    for mechanism in TransferMechanism:
        assert table[mechanism] == mechanism_info(mechanism)


def test_the_mechanism_sets_follow_the_model() -> None:
    for mechanism in TransferMechanism:
        adequacy = mechanism is TransferMechanism.ADEQUACY
        compelling = mechanism is TransferMechanism.DEROGATION_COMPELLING_INTERESTS
        assert (mechanism in transfers._ADEQUACY) is adequacy
        assert (mechanism in transfers._NOT_ADEQUACY) is not adequacy
        assert (mechanism in transfers._DEROGATIONS) is mechanism.is_derogation
        assert (mechanism in transfers._COMPELLING_INTERESTS) is compelling


def test_the_data_kind_sets_follow_the_model() -> None:
    for kind in DataKind:
        assert (kind in special._SPECIAL) is kind.is_special
        assert (kind in special._CRIMINAL) is kind.is_criminal
        assert (kind in special._NATIONAL_ID) is kind.is_national_id


def _register(seed: int) -> Register:
    """Activities with random transfers: EEA, third-country and unknown
    codes, organisations (some blank), no destination, any mechanism."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    countries = [None, "FR", "EL", "GB", "CH", "US", "JP", "IN", "XX"]
    organisations = [None, "EPORG", "", "  "]
    mechanisms = [None, *TransferMechanism]
    activities = tuple(
        ProcessingActivity(
            id=f"a{i}",
            name=f"A{i}",
            transfers=tuple(
                Transfer(
                    recipient=f"r{k}",
                    country=None if (c := rng.choice(countries)) is None else CountryCode(c),
                    organisation=rng.choice(organisations),
                    mechanism=rng.choice(mechanisms),
                )
                for k in range(rng.choice([0, 0, 1, 1, 2, 3]))
            ),
        )
        for i in range(200)
    )
    return Register(controller=Controller(name="ACME"), activities=activities)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("day", [dt.date(2020, 6, 1), dt.date(2026, 1, 1)])
def test_abroad_finds_the_transfers_outside_the_eea(seed: int, day: dt.date) -> None:
    register = _register(seed)
    expected: list[tuple[int, int, ProcessingActivity, Transfer, str]] = []
    for i, activity in enumerate(register.activities):
        for k, transfer in enumerate(activity.transfers):
            if transfer.country is not None:
                if not is_eea(transfer.country, as_of=day):
                    expected.append((i, k, activity, transfer, transfer.country))
            elif transfer.organisation is not None and transfer.organisation.strip():
                expected.append((i, k, activity, transfer, transfer.organisation))
    assert list(transfers._abroad(register, day)) == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "mechanisms",
    [
        transfers._ADEQUACY,
        transfers._NOT_ADEQUACY,
        transfers._DEROGATIONS,
        transfers._COMPELLING_INTERESTS,
        frozenset(),
    ],
)
def test_abroad_filters_on_the_mechanism_as_filtering_afterwards(
    seed: int, mechanisms: frozenset[TransferMechanism]
) -> None:
    register, day = _register(seed), dt.date(2026, 1, 1)
    everything = transfers._abroad(register, day)
    expected = [found for found in everything if found[3].mechanism in mechanisms]
    assert list(transfers._abroad(register, day, mechanisms)) == expected


def test_controller_activities_are_kept_only_while_their_register_lives() -> None:
    import gc

    from gdprkit.model import Controller, ProcessingActivity, Register, Role
    from gdprkit.rules.packs.gdpr import _common

    def make(n: int) -> Register:
        return Register(
            controller=Controller(name="ACME"),
            activities=tuple(
                ProcessingActivity(
                    id=f"a{i}", name="A", role=Role.PROCESSOR if i % 2 else Role.CONTROLLER
                )
                for i in range(n)
            ),
        )

    first, second = make(4), make(3)
    assert [i for i, _ in _common.controller_activities(first)] == [0, 2]
    assert [i for i, _ in _common.controller_activities(second)] == [0, 2]
    assert [i for i, _ in _common.controller_activities(first)] == [0, 2]
    assert _common._last_controller_activities is not None
    del first
    gc.collect()
    assert _common._last_controller_activities is None
