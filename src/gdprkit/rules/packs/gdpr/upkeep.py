"""GDPR65x, upkeep of the record: an activity's review date and its status.

The controller reviews and updates its measures where necessary (Art. 24(1),
last sentence) and must be able to show that it complies (Art. 5(2)); the
record of processing activities is the first of those measures.  The law sets
no review frequency, so these rules only hold the register to the dates and
statuses it states itself (``next_review``, ``status``), as of the validation
date.
"""

from __future__ import annotations

from collections.abc import Iterable

from gdprkit.model import ActivityStatus, ProcessingActivity
from gdprkit.rules._rule import Context, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, listing


__all__: list[str] = []


@rule(
    code="GDPR650",
    name="activity-review-overdue",
    title="An activity's review date has not passed",
    severity="warning",
    severity_reason=(
        "The law sets no review frequency: an overdue review is a likely gap, not a breach."
    ),
    articles=("GDPR Art. 5(2)", "GDPR Art. 24(1)"),
    rationale=(
        "The controller is responsible for, and must be able to demonstrate, compliance "
        "(Art. 5(2)); its measures, of which the record of processing activities is the first, "
        "are reviewed and updated where necessary (Art. 24(1)). The GDPR sets no review "
        "frequency, so this rule holds the register to the date it gives itself: when an "
        "activity's next review date has passed on the validation date, the record of that "
        "activity may no longer describe the processing. Review it, then set the next review "
        "date. It is a warning: an overdue review is a likely gap, not a breach in itself. "
        "Retired activities are not reviewed."
    ),
    on=ProcessingActivity,
)
def activity_review_overdue(activity: ProcessingActivity, context: Context) -> Iterable[Violation]:
    """Activities that are not retired and whose ``next_review`` is before the
    validation date."""
    due = activity.next_review
    if due is None or due >= context.as_of or activity.status is ActivityStatus.RETIRED:
        return ()
    late = (context.as_of - due).days
    return (
        violation(
            path=at("next_review"),
            message=(
                f"The review of {activity_of(activity)} was due on {due.isoformat()}, "
                f"{late} day{'s' if late > 1 else ''} before {context.as_of.isoformat()}: "
                "check that its record still describes the processing, then set the next "
                "review date."
            ),
        ),
    )


@rule(
    code="GDPR651",
    name="retired-activity-with-transfers",
    title="A retired activity lists no transfers outside the EEA",
    severity="warning",
    severity_reason="The record is likely inaccurate (Art. 5(2)); no transfer is shown unlawful.",
    articles=("GDPR Art. 5(2)", "GDPR Art. 30(1)(e)"),
    rationale=(
        "The record lists, for each processing, the transfers of personal data to third "
        "countries or international organisations (Art. 30(1)(e)), and the controller must "
        "be able to show that what it records is what it does (Art. 5(2)). An activity "
        "recorded as retired is no longer carried out; if it still lists transfers, either "
        "data still flow abroad under a processing the record says has stopped (then the "
        "activity is not retired, and the transfers need their Chapter V safeguards), or the "
        "transfers have stopped and the record is out of date. Remove the transfers once "
        "they have stopped (and the data sent have been returned or deleted), or set the "
        "activity back to active. It is a warning: the record is likely inaccurate."
    ),
    on=ProcessingActivity,
)
def retired_activity_with_transfers(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Activities whose ``status`` is ``retired`` and that still list transfers."""
    if activity.status is not ActivityStatus.RETIRED or not activity.transfers:
        return ()
    recipients = [t.recipient for t in activity.transfers]
    return (
        violation(
            message=(
                f"{activity_of(activity, start=True)} is retired but still lists "
                f"{len(recipients)} transfer{'s' if len(recipients) > 1 else ''} outside the "
                f"EEA (to {listing(recipients)}): remove the transfers that have stopped, or "
                "set the activity back to active if data still flow."
            ),
        ),
    )
