"""ISO 8601 calendar durations (``P3Y``, ``P13M``, ``P30D``, ``P1Y6M``).

A :class:`Duration` keeps its components as written, so ``P1Y6M`` and ``P18M``
are different values that round-trip unchanged, yet compare as equal lengths.

Comparing durations soundly
---------------------------
Years and months are calendar units and days are days, so "is ``P30D``
within ``P1M``?" has no single answer: it depends on the start date.
:meth:`Duration.compare` therefore answers for **every** start date or not at
all:

* years are exactly 12 months, weeks exactly 7 days, so ``P1Y`` == ``P12M``
  and ``P2W`` == ``P14D``;
* when one duration has at least as many months *and* at least as many days
  as the other, it is at least as long, whatever the start date;
* otherwise the month difference is bounded in days (a month lasts 28 to 31
  days, a year 365 or 366 days) and the answer is given only when the bounds
  decide it: ``P400D`` is longer than ``P1Y``, ``P13M`` longer than ``P1Y``,
  ``P3M`` shorter than ``P100D``;
* anything else (``P30D`` against ``P1M``) is *indeterminate*: ``compare``
  returns ``None`` and :meth:`Duration.within` returns ``None``.

``within`` asks the weaker question "never longer than": ``P365D`` is within
``P1Y`` from every start date although it is not always *as long*, so
``compare`` answers ``None`` there and ``within`` answers ``True``.
"""

import datetime as dt
import re
from typing import TYPE_CHECKING

import attrs

from gdprkit._fields import FieldMethods


if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta


__all__ = ["Duration", "DurationError", "PastCalendar"]

# ASCII digits only, as in the JSON Schema (``\d`` would take ``١`` or ``１``).
_ISO = re.compile(r"P(?!$)(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")


class DurationError(ValueError):
    """A string is not an ISO 8601 calendar duration of the form ``PnYnMnWnD``."""


class PastCalendar(ValueError):
    """A date would fall after 9999-12-31: *duration* after *start*."""

    def __init__(self, start: dt.date, duration: "Duration") -> None:
        self.start = start
        self.duration = duration
        super().__init__(f"{duration.isoformat()} after {start.isoformat()} is past 9999-12-31")


@attrs.frozen(kw_only=True, order=False, repr=False, eq=False)
class Duration(FieldMethods):
    """A calendar duration in years, months, weeks and days.

    Attributes:
        years: Whole years.
        months: Whole months.
        weeks: Whole weeks.
        days: Whole days.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> "Duration":
        """Parse an ISO 8601 duration such as ``P1Y6M`` or ``P30D``.

        Raises:
            DurationError: when *text* is not of the form ``PnYnMnWnD``
                (time parts such as ``PT12H`` are not retention periods).
        """
        match = _ISO.fullmatch(text)
        if match is None:
            msg = f"{text!r} is not an ISO 8601 duration such as 'P3Y', 'P13M', 'P30D' or 'P1Y6M'"
            raise DurationError(msg)
        y, m, w, d = (int(g) if g else 0 for g in match.groups())
        return cls(years=y, months=m, weeks=w, days=d)

    def components(self) -> tuple[tuple[int, str], ...]:
        """The components written, largest first, each with its unit:
        ``((1, "year"), (6, "month"))`` for ``P1Y6M``; none for zero."""
        return tuple(
            (n, unit)
            for n, unit in (
                (self.years, "year"),
                (self.months, "month"),
                (self.weeks, "week"),
                (self.days, "day"),
            )
            if n
        )

    def isoformat(self) -> str:
        """The ISO 8601 form, components as written (``P0D`` for zero)."""
        parts = [f"{n}{unit[0].upper()}" for n, unit in self.components()]
        return "P" + ("".join(parts) or "0D")

    def __str__(self) -> str:
        return self.isoformat()

    @property
    def total_months(self) -> int:
        """Years and months as months."""
        return self.years * 12 + self.months

    @property
    def total_days(self) -> int:
        """Weeks and days as days."""
        return self.weeks * 7 + self.days

    def as_relativedelta(self) -> "relativedelta":
        """The duration as a :class:`dateutil.relativedelta.relativedelta`."""
        # Imported on first use: a validation that adds no duration to a date
        # never needs it (with ``calendar``, millions of instructions of a start).
        from dateutil.relativedelta import relativedelta

        return relativedelta(months=self.total_months, days=self.total_days)

    def after(self, start: dt.date) -> dt.date:
        """The date this duration after *start*, with calendar month ends.

        >>> Duration.parse("P1M").after(dt.date(2024, 1, 31))
        datetime.date(2024, 2, 29)

        Raises:
            PastCalendar: when that date is after 9999-12-31, the last date
                Python's calendar (and ISO 8601's four-digit years) can write.
        """
        # Beyond the calendar's span in days or months, without building a
        # relativedelta of an unbounded size.
        span = dt.date.max.toordinal() - start.toordinal()
        if self.total_days > span or self.total_months > span // 28 + 1:
            raise PastCalendar(start, self)
        try:
            result: dt.date = start + self.as_relativedelta()
        except (OverflowError, ValueError):
            raise PastCalendar(start, self) from None
        return result

    def difference_bounds(self, other: "Duration") -> tuple[int, int]:
        """The fewest and most days by which this duration exceeds *other*,
        over every start date (negative when it is shorter)."""
        dm = self.total_months - other.total_months
        dd = self.total_days - other.total_days
        low, high = _month_span_bounds(abs(dm))
        return (dd + low, dd + high) if dm >= 0 else (dd - high, dd - low)

    def compare(self, other: "Duration") -> int | None:
        """-1, 0 or 1 when self is shorter, as long or longer than *other* from
        every start date; ``None`` when the answer depends on the start date."""
        least, most = self.difference_bounds(other)
        if least > 0:
            return 1
        if most < 0:
            return -1
        if least == most == 0:
            return 0
        return None

    def within(self, cap: "Duration") -> bool | None:
        """Whether this duration never exceeds *cap*, whatever the start date.

        ``None`` when that depends on the start date (see the module docs):
        ``P365D`` is within ``P1Y`` (a year has at least 365 days), ``P366D``
        is not decided.
        """
        least, most = self.difference_bounds(cap)
        if most <= 0:
            return True
        if least > 0:
            return False
        return None


def _month_span_bounds(months: int) -> tuple[int, int]:
    """The fewest and most days that *months* calendar months can span."""
    years, rest = divmod(months, 12)
    return years * 365 + rest * 28, years * 366 + rest * 31
