from __future__ import annotations

import datetime as dt

import pytest

from gdprkit.model import Duration, DurationError


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("P3Y", (3, 0, 0, 0)),
        ("P13M", (0, 13, 0, 0)),
        ("P30D", (0, 0, 0, 30)),
        ("P1Y6M", (1, 6, 0, 0)),
        ("P2W", (0, 0, 2, 0)),
        ("P1Y2M3W4D", (1, 2, 3, 4)),
        ("P0D", (0, 0, 0, 0)),
    ],
)
def test_parse_and_format_round_trip(text: str, parts: tuple[int, int, int, int]) -> None:
    duration = Duration.parse(text)
    assert (duration.years, duration.months, duration.weeks, duration.days) == parts
    assert duration.isoformat() == text
    assert str(duration) == text


@pytest.mark.parametrize(
    "text", ["", "P", "3Y", "P3", "PT12H", "P1.5Y", "p3y", "P-1Y", "P3Y ", "P1D1Y"]
)
def test_parse_rejects_what_is_not_a_calendar_duration(text: str) -> None:
    with pytest.raises(DurationError, match="ISO 8601"):
        Duration.parse(text)


def test_components_are_kept_as_written() -> None:
    assert Duration.parse("P1Y6M") != Duration.parse("P18M")
    assert Duration.parse("P1Y6M").compare(Duration.parse("P18M")) == 0


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        (dt.date(2024, 1, 31), "P1M", dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), "P1M", dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), "P1Y", dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), "P1M", dt.date(2024, 4, 30)),
        (dt.date(2024, 1, 1), "P13M", dt.date(2025, 2, 1)),
        (dt.date(2024, 1, 1), "P2W", dt.date(2024, 1, 15)),
        (dt.date(2020, 8, 31), "P1Y6M", dt.date(2022, 2, 28)),
    ],
)
def test_after_uses_calendar_month_ends(start: dt.date, text: str, expected: dt.date) -> None:
    assert Duration.parse(text).after(start) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("P13M", "P1Y", 1),
        ("P1Y", "P12M", 0),
        ("P11M", "P1Y", -1),
        ("P2W", "P14D", 0),
        ("P400D", "P1Y", 1),
        ("P360D", "P1Y", -1),
        ("P3M", "P100D", -1),
        ("P30D", "P1M", None),
        ("P365D", "P1Y", None),
        ("P1Y1D", "P1Y", 1),
        ("P6M", "P6M", 0),
        ("P2Y", "P1Y400D", -1),
        ("P2Y", "P1Y365D", None),
    ],
)
def test_compare_answers_only_what_holds_for_every_start_date(
    a: str, b: str, expected: int | None
) -> None:
    assert Duration.parse(a).compare(Duration.parse(b)) == expected
    reverse = None if expected is None else -expected
    assert Duration.parse(b).compare(Duration.parse(a)) == reverse


def test_compare_is_sound_against_real_dates() -> None:
    # Whenever compare() answers, the answer holds from every start date tried.
    texts = [
        "P1M",
        "P28D",
        "P31D",
        "P30D",
        "P1Y",
        "P365D",
        "P366D",
        "P13M",
        "P400D",
        "P2M",
        "P59D",
        "P62D",
    ]
    starts = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(0, 800, 7)]
    for a_text in texts:
        for b_text in texts:
            a, b = Duration.parse(a_text), Duration.parse(b_text)
            answer = a.compare(b)
            if answer is None:
                continue
            for start in starts:
                diff = (a.after(start) - b.after(start)).days
                assert (diff > 0) - (diff < 0) in ({answer} if answer == 0 else {answer, 0}), (
                    a_text,
                    b_text,
                    start,
                )


def test_within_is_sound_against_real_dates() -> None:
    texts = [
        "P1M",
        "P28D",
        "P31D",
        "P30D",
        "P1Y",
        "P365D",
        "P366D",
        "P13M",
        "P400D",
        "P2M",
        "P59D",
        "P62D",
    ]
    starts = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(0, 1500, 5)]
    for a_text in texts:
        for b_text in texts:
            a, b = Duration.parse(a_text), Duration.parse(b_text)
            answer = a.within(b)
            if answer is None:
                continue
            holds = [a.after(start) <= b.after(start) for start in starts]
            assert all(holds) if answer else not any(holds), (a_text, b_text)


def test_within() -> None:
    cap = Duration.parse("P1Y")
    assert Duration.parse("P6M").within(cap) is True
    assert Duration.parse("P13M").within(cap) is False
    assert Duration.parse("P1Y").within(cap) is True
    assert Duration.parse("P365D").within(cap) is True  # a year has at least 365 days
    assert Duration.parse("P366D").within(cap) is None  # only in leap years
    assert Duration.parse("P367D").within(cap) is False
    assert Duration.parse("P30D").within(Duration.parse("P1M")) is None
    assert Duration.parse("P28D").within(Duration.parse("P1M")) is True
