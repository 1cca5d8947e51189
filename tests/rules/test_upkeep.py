"""GDPR650 and GDPR651: the record's own review dates and statuses, as of the validation date."""

from __future__ import annotations

import datetime as dt

from gdprkit.model import ActivityStatus
from gdprkit.rules import validate
from tests.rules.registers import AS_OF, baseline, evolve_activity, with_support


def test_a_review_date_counts_as_of_the_validation_date() -> None:
    register = evolve_activity(baseline(), next_review=dt.date(2026, 6, 30))
    assert validate(register, as_of=dt.date(2026, 6, 30)).by_rule("GDPR650") == ()
    (finding,) = validate(register, as_of=dt.date(2026, 7, 1)).by_rule("GDPR650")
    assert "due on 2026-06-30, 1 day before 2026-07-01" in finding.message
    (finding,) = validate(register, as_of=AS_OF).by_rule("GDPR650")
    assert "145 days before 2026-11-22" in finding.message


def test_retired_activities_are_not_reviewed_drafts_are() -> None:
    overdue = evolve_activity(baseline(), next_review=dt.date(2025, 1, 1))
    retired = evolve_activity(overdue, status=ActivityStatus.RETIRED)
    draft = evolve_activity(overdue, status=ActivityStatus.DRAFT)
    assert validate(retired, as_of=AS_OF).by_rule("GDPR650") == ()
    assert len(validate(draft, as_of=AS_OF).by_rule("GDPR650")) == 1


def test_a_retired_activity_with_transfers_is_reported_once_naming_the_recipients() -> None:
    active = with_support(baseline())
    assert validate(active, as_of=AS_OF).by_rule("GDPR651") == ()
    retired = evolve_activity(active, status=ActivityStatus.RETIRED)
    (finding,) = validate(retired, as_of=AS_OF).by_rule("GDPR651")
    assert "is retired but still lists 1 transfer outside the EEA" in finding.message
    draft = evolve_activity(active, status=ActivityStatus.DRAFT)
    assert validate(draft, as_of=AS_OF).by_rule("GDPR651") == ()
