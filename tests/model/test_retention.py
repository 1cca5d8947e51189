from __future__ import annotations

import datetime as dt

from gdprkit.model import ArchivePhase, Duration, Event, RetentionRule


def test_deadline_with_month_end_arithmetic() -> None:
    rule = RetentionRule(duration=Duration.parse("P1M"), start=Event.COLLECTION)
    assert rule.deadline(dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)


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
