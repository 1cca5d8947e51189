"""The gdpr profile's helpers give the answers of the plain definitions they
stand in for: where a transfer goes against the reference functions, the
data-kind sets against the model's tests."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import attrs
import pytest

from gdprkit import validate
from gdprkit.model import (
    Controller,
    CountryCode,
    DataKind,
    ProcessingActivity,
    Purpose,
    Register,
    Role,
    Transfer,
    TransferMechanism,
)
from gdprkit.reference import is_eea
from gdprkit.rules import Context
from gdprkit.rules.packs.gdpr import _common, lawfulness, records, special, transfers
from gdprkit.rules.packs.gdpr._common import Place, purposes_of
from tests.rules.registers import AS_OF, add_activity, baseline, customers, legitimate_interest


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
    context = Context(as_of=day, register=register)
    for activity in register.activities:
        for transfer in activity.transfers:
            expected = None
            if transfer.country is not None:
                if not is_eea(transfer.country, as_of=day):
                    expected = transfer.country
            elif transfer.organisation is not None and transfer.organisation.strip():
                expected = transfer.organisation
            assert transfers._abroad(transfer, context) == expected


def test_facts_are_remembered_by_the_validation_not_the_module() -> None:
    register = _register(0)
    first = Context(as_of=dt.date(2020, 6, 1), register=register)
    later = Context(as_of=dt.date(2026, 1, 1), register=register)
    assert transfers._home("GB", first) is True
    assert transfers._home("GB", later) is False  # another validation, another date
    assert transfers._home("GB", first) is True


def _repeating(count: int, purpose: Purpose) -> Register:
    """The baseline with *count* more activities, each with a copy of *purpose* alone."""
    register = baseline()
    for i in range(count):
        register = add_activity(
            register,
            attrs.evolve(
                customers(),
                id=f"copy-{i}",
                name=f"Copy {i}",
                purposes=(attrs.evolve(purpose, name=f"{purpose.name} {i}"),),
            ),
        )
    return register


@pytest.mark.parametrize(
    ("code", "purpose"),
    [
        ("GDPR101", Purpose(name="Nothing stated")),
        (
            "GDPR104",
            Purpose(name="Safety", legal_bases=(legitimate_interest(balancing_test=None),)),
        ),
    ],
)
def test_a_repeated_defect_is_worded_once_not_at_each_place(
    monkeypatch: pytest.MonkeyPatch, code: str, purpose: Purpose
) -> None:
    """Every place of a defect repeated in many purposes has the same message,
    naming them all: worded at each place, validation would grow with the
    square of the register."""
    named: list[int] = []

    def counted(places: Sequence[Place]) -> tuple[str, bool]:
        named.append(len(places))
        return purposes_of(places)

    monkeypatch.setattr(_common, "purposes_of", counted)
    monkeypatch.setattr(lawfulness, "purposes_of", counted)
    report = validate(_repeating(40, purpose), select=code, as_of=AS_OF)
    assert [len(f.also_at) for f in report.findings] == [39]
    assert named == [40]


def test_each_mechanism_is_looked_up_once_per_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The transfer rules ask the reference data about each transfer's mechanism:
    once per mechanism and validation, not once per transfer and rule."""
    looked_up: list[TransferMechanism] = []
    real = transfers.mechanism_info

    def counted(mechanism: TransferMechanism) -> object:
        looked_up.append(mechanism)
        return real(mechanism)

    monkeypatch.setattr(transfers, "mechanism_info", counted)
    register = _register(0)
    used = {t.mechanism for a in register.activities for t in a.transfers} - {None}
    validate(register, select="GDPR3", as_of=AS_OF)
    assert looked_up
    assert len(looked_up) == len(set(looked_up))
    assert set(looked_up) <= used


def test_controller_purposes_are_gathered_only_for_a_processor_stating_bases(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GDPR215 compares a processor activity's purposes that state lawful bases
    with the controllers' purposes: without such a purpose (the usual case),
    the controllers' purposes are not gathered."""
    gathered: list[Register] = []
    real = records._controller_purposes

    def counted(register: Register) -> frozenset[str]:
        gathered.append(register)
        return real(register)

    monkeypatch.setattr(records, "_controller_purposes", counted)
    processor = ProcessingActivity(
        id="hosting", name="Hosting", role=Role.PROCESSOR, purposes=(Purpose(name="Hosting"),)
    )
    register = add_activity(baseline(), processor)
    assert not validate(register, select="GDPR215", as_of=AS_OF).findings
    assert gathered == []
    based = attrs.evolve(
        processor, purposes=(Purpose(name="Own analytics", legal_bases=(legitimate_interest(),)),)
    )
    report = validate(add_activity(baseline(), based), select="GDPR215", as_of=AS_OF)
    assert [f.rule for f in report.findings] == ["GDPR215"]
    assert len(gathered) == 1
