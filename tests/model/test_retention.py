from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, Phase, find, settings

import gdprkit
from gdprkit.model import (
    ArchivePhase,
    Controller,
    DataCategory,
    Duration,
    Event,
    ProcessingActivity,
    Register,
    RetentionRule,
    RetentionStatus,
)
from gdprkit.testing import retention_rules


def test_deadline_with_month_end_arithmetic() -> None:
    rule = RetentionRule(duration=Duration.parse("P1M"), start=Event.COLLECTION)
    assert rule.deadline(dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)


def test_status_through_the_active_period_the_archive_and_erasure() -> None:
    archive = ArchivePhase(duration=Duration.parse("P1Y"))
    rule = RetentionRule(duration=Duration.parse("P1M"), start=Event.COLLECTION, archive=archive)
    start = dt.date(2024, 1, 31)
    assert rule.status(dt.date(2024, 2, 28), start) is RetentionStatus.ACTIVE
    assert rule.status(dt.date(2024, 2, 29), start) is RetentionStatus.ARCHIVED
    assert rule.status(dt.date(2025, 2, 27), start) is RetentionStatus.ARCHIVED
    assert rule.status(dt.date(2025, 2, 28), start) is RetentionStatus.DUE  # 2024-02-29 + P1Y
    assert rule.status(dt.date(2025, 3, 1)) is RetentionStatus.UNKNOWN


def test_status_of_unbounded_and_event_bounded_rules() -> None:
    assert RetentionRule(statement="as long as needed").status(dt.date(2024, 1, 1)) is (
        RetentionStatus.UNBOUNDED
    )
    rule = RetentionRule(until=Event.END_OF_CONTRACT)
    assert rule.status(dt.date(2024, 1, 1)) is RetentionStatus.UNKNOWN
    end = dt.date(2024, 1, 1)
    assert rule.status(dt.date(2023, 12, 31), until_date=end) is RetentionStatus.ACTIVE
    assert rule.status(end, until_date=end) is RetentionStatus.DUE


def test_after_an_archive_of_unstated_length_data_stay_archived() -> None:
    rule = RetentionRule(
        duration=Duration.parse("P1Y"), start=Event.COLLECTION, archive=ArchivePhase()
    )
    start = dt.date(2024, 1, 1)
    assert rule.status(dt.date(2024, 6, 1), start) is RetentionStatus.ACTIVE
    assert rule.status(dt.date(2099, 1, 1), start) is RetentionStatus.ARCHIVED


def test_archive_phase_follows_the_active_period() -> None:
    rule = RetentionRule(
        duration=Duration.parse("P3Y"),
        start=Event.END_OF_CONTRACT,
        archive=ArchivePhase(
            duration=Duration.parse("P10Y"), legal_ground="Code de commerce L123-22"
        ),
    )
    schedule = rule.schedule(dt.date(2020, 2, 29))
    assert schedule.active_until == dt.date(2023, 2, 28)
    assert schedule.erase_on == dt.date(2033, 2, 28)
    assert rule.total_duration == Duration(years=13)


def test_until_event_ends_the_active_period() -> None:
    rule = RetentionRule(
        until=Event.END_OF_CONTRACT,
        archive=ArchivePhase(duration=Duration.parse("P5Y")),
    )
    assert rule.is_bounded
    assert rule.deadline() is None  # the end of the contract has not happened
    schedule = rule.schedule(until_date=dt.date(2025, 6, 30))
    assert schedule.active_until == dt.date(2025, 6, 30)
    assert schedule.erase_on == dt.date(2030, 6, 30)


def test_the_earlier_of_duration_and_event_wins() -> None:
    rule = RetentionRule(
        duration=Duration.parse("P3Y"), start=Event.COLLECTION, until=Event.OBJECTION
    )
    assert rule.deadline(dt.date(2020, 1, 1), until_date=dt.date(2021, 5, 1)) == dt.date(2021, 5, 1)
    assert rule.deadline(dt.date(2020, 1, 1), until_date=dt.date(2024, 5, 1)) == dt.date(2023, 1, 1)


def test_statement_alone_is_not_bounded() -> None:
    rule = RetentionRule(statement="aussi longtemps que nécessaire")
    assert not rule.is_bounded
    assert rule.total_duration is None
    assert rule.deadline(dt.date(2024, 1, 1)) is None


def test_archive_duration_is_optional() -> None:
    archive = ArchivePhase(legal_ground="dans la limite des délais de prescription applicables")
    assert archive.duration is None
    assert ArchivePhase().legal_ground is None


def test_an_archive_of_unstated_length_leaves_the_erasure_date_unknown() -> None:
    rule = RetentionRule(
        until=Event.END_OF_CONTRACT,
        archive=ArchivePhase(legal_ground="délais de prescription applicables"),
    )
    assert rule.is_bounded  # the active period ends with the contract
    assert rule.total_duration is None
    schedule = rule.schedule(until_date=dt.date(2025, 6, 30))
    assert schedule.active_until == dt.date(2025, 6, 30)
    assert schedule.erase_on is None
    assert rule.deadline(until_date=dt.date(2025, 6, 30)) is None


def test_total_duration_is_unknown_after_an_archive_of_unstated_length() -> None:
    rule = RetentionRule(
        duration=Duration.parse("P3Y"), start=Event.COLLECTION, archive=ArchivePhase()
    )
    assert rule.is_bounded
    assert rule.total_duration is None
    schedule = rule.schedule(dt.date(2020, 1, 15))
    assert schedule.active_until == dt.date(2023, 1, 15)
    assert schedule.erase_on is None
    # with no archive the same active period is the whole retention
    bare = RetentionRule(duration=Duration.parse("P3Y"), start=Event.COLLECTION)
    assert bare.total_duration == Duration(years=3)
    assert bare.deadline(dt.date(2020, 1, 15)) == dt.date(2023, 1, 15)


def test_the_strategies_generate_archives_with_and_without_a_duration() -> None:
    quick = settings(
        database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
    )
    unstated = find(
        retention_rules(),
        lambda r: r.archive is not None and r.archive.duration is None,
        settings=quick,
    )
    assert unstated.archive is not None
    assert unstated.archive.duration is None
    stated = find(
        retention_rules(),
        lambda r: r.archive is not None and r.archive.duration is not None,
        settings=quick,
    )
    assert stated.archive is not None
    assert stated.archive.duration is not None


def test_an_archive_of_unstated_length_in_json() -> None:
    retention = RetentionRule(
        until=Event.END_OF_CONTRACT,
        archive=ArchivePhase(legal_ground="délais de prescription applicables"),
    )
    register = Register(
        controller=Controller(name="X"),
        activities=(
            ProcessingActivity(
                id="a", name="a", data_categories=(DataCategory(name="d", retention=retention),)
            ),
        ),
    )
    text = gdprkit.dumps(register)
    data = json.loads(text)["activities"][0]["data_categories"][0]["retention"]
    assert data == {
        "until": "end-of-contract",
        "archive": {"legal_ground": "délais de prescription applicables"},
    }
    assert gdprkit.loads(text) == register
    bare = text.replace('"legal_ground": "délais de prescription applicables"', "")
    loaded = gdprkit.loads(bare).activities[0].data_categories[0].retention
    assert loaded is not None
    assert loaded.archive == ArchivePhase()


def test_a_described_start_is_known_by_its_words_not_its_date() -> None:
    rule = RetentionRule(
        duration=Duration.parse("P10Y"),
        start=Event.OTHER,
        start_description="  la fin du parcours de soins ",
    )
    assert rule.described_start == "la fin du parcours de soins"
    assert rule.status(dt.date(2026, 11, 22)) is RetentionStatus.UNKNOWN
    assert rule.deadline() is None
    # Whoever knows the date of that event may still give it.
    assert rule.deadline(dt.date(2020, 1, 1)) == dt.date(2030, 1, 1)


def test_a_description_counts_only_with_start_other() -> None:
    blank = RetentionRule(start=Event.OTHER, start_description=" ")
    listed = RetentionRule(start=Event.COLLECTION, start_description="la collecte")
    assert blank.described_start is None
    assert listed.described_start is None
