"""Retention rules: how long data are kept, from which event, and what follows
(GDPR Art. 5(1)(e) storage limitation, Art. 30(1)(f) time limits for erasure)."""

import datetime as dt
import enum

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.model.codes import EndAction, Event
from gdprkit.model.duration import Duration, PastCalendar
from gdprkit.model.extensions import Extensible


__all__ = ["ArchivePhase", "RetentionRule", "RetentionSchedule", "RetentionStatus"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ArchivePhase(Extensible):
    """An intermediate archive after the active period (restricted access).

    Attributes:
        duration: How long the archive lasts, counted from the end of the
            active period.  ``None`` means the archive's length is not stated,
            as when a policy archives data "dans la limite des délais de
            prescription applicables" without saying which period: the archive
            then has no known end, and neither has the retention.
        legal_ground: Why the archive is kept, e.g. ``Code de commerce
            L123-22`` (10 years for accounting documents), or the words of the
            source when it gives no text.
    """

    duration: Duration | None = None
    legal_ground: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class RetentionSchedule(FieldMethods):
    """The dates at which data move to the archive and are erased.

    Attributes:
        active_until: End of the active period (``None`` when it is an
            event whose date is not known).
        erase_on: When the data are deleted or anonymised (after the archive
            phase, if any); ``None`` when it cannot be known, including after
            an archive whose duration is not stated.
        past_calendar: True when a date of the schedule falls after
            9999-12-31 (a period of thousands of years, or an event dated
            near that end): that date is then ``None``, and so are the ones
            after it.
    """

    active_until: dt.date | None
    erase_on: dt.date | None
    past_calendar: bool = False


class RetentionStatus(enum.Enum):
    """Where data kept under a retention rule stand at a given date
    (:meth:`RetentionRule.status`)."""

    ACTIVE = "active"
    """Within the active period."""
    ARCHIVED = "archived"
    """In the intermediate archive (the active period is over)."""
    DUE = "due"
    """The erasure (or anonymisation) date has come."""
    UNBOUNDED = "unbounded"
    """The active period has neither a duration nor an end event."""
    PAST_CALENDAR = "past-calendar"
    """A date of the schedule falls after 9999-12-31 (a period of thousands
    of years, or an event dated near that end): the data are kept beyond any
    date that can be written."""
    UNKNOWN = "unknown"
    """The date of the event the period is counted from or until is not known,
    or the period is set by a law whose figure the register does not give."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class RetentionRule(Extensible):
    """How long a category of data is kept.

    A period is either an ISO 8601 ``duration`` counted from a ``start``
    event, or ``until`` an event (the end of the contract, say); both may be
    given ("until the end of the contract, at most 3 years from collection").
    Neither means the period is not bounded; ``statement`` then keeps what the
    register's source says ("as long as necessary"), unless a
    ``legal_reference`` names the text that sets the period without the
    register giving its figure ("the legal warranty period", Code de la
    consommation L217-3): the period is then :attr:`set_by_law`.  :attr:`is_bounded` is
    about the active period only: an archive phase may follow it, and that
    archive may itself have no stated duration (:attr:`ArchivePhase.duration`),
    in which case :attr:`total_duration` and the erasure date are unknown.

    Attributes:
        duration: Length of the active period.
        start: The event the duration is counted from; :attr:`Event.OTHER
            <gdprkit.model.Event.OTHER>` for one the list does not name,
            described in ``start_description``.
        start_description: With ``start`` ``other``, the event in words, a
            noun phrase in the register's language with its article ("la fin
            de l’autorisation de mise sur le marché"): its date is not known
            to gdprkit, so the erasure date is unknown until it is given.
        until: An event that ends the active period.
        archive: An optional intermediate archive phase.
        end_action: What happens at the end: deletion (default) or
            anonymisation.
        statement: The retention as worded by the source, kept verbatim.
        legal_reference: The text that sets the period, if any.
    """

    duration: Duration | None = None
    start: Event | None = None
    start_description: str | None = None
    until: Event | None = None
    archive: ArchivePhase | None = None
    end_action: EndAction = EndAction.DELETE
    statement: str | None = None
    legal_reference: str | None = None

    @property
    def is_bounded(self) -> bool:
        """True when the active period has a duration or an end event."""
        return self.duration is not None or self.until is not None

    @property
    def described_start(self) -> str | None:
        """The words of a start the event list does not name: the stripped
        ``start_description`` when ``start`` is ``other``, else ``None``."""
        if self.start is not Event.OTHER or self.start_description is None:
            return None
        return self.start_description.strip() or None

    @property
    def set_by_law(self) -> bool:
        """True when the active period has neither a duration nor an end event
        but a legal reference sets it: bounded by the law, its figure not
        stated."""
        return (
            self.duration is None
            and self.until is None
            and self.legal_reference is not None
            and bool(self.legal_reference.strip())
        )

    @property
    def total_duration(self) -> Duration | None:
        """Active duration plus archive duration, when both are durations.

        ``None`` when the active period has no duration, or when the archive
        phase has none (its length is not stated).
        """
        if self.duration is None:
            return None
        if self.archive is None:
            return self.duration
        if self.archive.duration is None:
            return None
        a, b = self.duration, self.archive.duration
        return Duration(
            years=a.years + b.years,
            months=a.months + b.months,
            weeks=a.weeks + b.weeks,
            days=a.days + b.days,
        )

    def schedule(
        self, start_date: dt.date | None = None, *, until_date: dt.date | None = None
    ) -> RetentionSchedule:
        """The archive and erasure dates, given the dates of the events.

        Args:
            start_date: Date of the :attr:`start` event.
            until_date: Date of the :attr:`until` event, if it has happened.

        The active period ends at the earliest of ``start_date + duration``
        and ``until_date``; the archive phase (if any) runs from there.  After
        an archive whose duration is not stated, ``erase_on`` is ``None``.

        >>> rule = RetentionRule(duration=Duration.parse("P1M"))
        >>> rule.schedule(dt.date(2024, 1, 31)).erase_on
        datetime.date(2024, 2, 29)
        """
        ends: list[dt.date] = []
        past = False
        if self.duration is not None and start_date is not None:
            try:
                ends.append(self.duration.after(start_date))
            except PastCalendar:
                past = True
        if self.until is not None and until_date is not None:
            ends.append(until_date)
            past = False  # the event ends the period first
        active_until = min(ends) if ends else None
        if active_until is None or self.archive is None:
            return RetentionSchedule(
                active_until=active_until, erase_on=active_until, past_calendar=past
            )
        archive = self.archive.duration
        if archive is None:
            return RetentionSchedule(active_until=active_until, erase_on=None)
        try:
            erase_on = archive.after(active_until)
        except PastCalendar:
            return RetentionSchedule(active_until=active_until, erase_on=None, past_calendar=True)
        return RetentionSchedule(active_until=active_until, erase_on=erase_on)

    def status(
        self,
        as_of: dt.date,
        start_date: dt.date | None = None,
        *,
        until_date: dt.date | None = None,
    ) -> RetentionStatus:
        """Where the data stand on *as_of*, given the dates of the events.

        After an archive whose duration is not stated the data stay
        ``ARCHIVED``: they are never known to be due.

        >>> rule = RetentionRule(duration=Duration.parse("P1M"))
        >>> rule.status(dt.date(2024, 3, 1), dt.date(2024, 1, 31)).value
        'due'
        """
        if not self.is_bounded:
            return RetentionStatus.UNKNOWN if self.set_by_law else RetentionStatus.UNBOUNDED
        schedule = self.schedule(start_date, until_date=until_date)
        if schedule.past_calendar:
            return RetentionStatus.PAST_CALENDAR
        if schedule.active_until is None:
            return RetentionStatus.UNKNOWN
        if schedule.erase_on is not None and as_of >= schedule.erase_on:
            return RetentionStatus.DUE
        if as_of >= schedule.active_until:
            return RetentionStatus.ARCHIVED
        return RetentionStatus.ACTIVE

    def deadline(
        self, start_date: dt.date | None = None, *, until_date: dt.date | None = None
    ) -> dt.date | None:
        """The erasure date (after any archive phase), or ``None`` if unknown."""
        return self.schedule(start_date, until_date=until_date).erase_on
