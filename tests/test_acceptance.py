"""Accepted findings: recorded in the register or a baseline file, they stop failing,
and come back when they lapse (date) or the element changes (fingerprint)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import gdprkit
from gdprkit.acceptance import UNUSED_RULE, apply_acceptances, baseline_entries, fingerprint
from gdprkit.model import AcceptedFinding, Extensions, Register
from gdprkit.rules import Severity
from gdprkit.serialization import LoadError
from gdprkit.serialization.baseline import dumps_baseline, load_baseline, loads_baseline
from tests.rules.gdpr_cases import CASES
from tests.rules.registers import AS_OF, baseline, customers


def failing() -> Register:
    """A register whose first activity's first purpose has no lawful basis (GDPR101, error)."""
    return CASES["GDPR101"].bad()


def accept(register: Register, **changes: object) -> Register:
    entry = AcceptedFinding(
        rule="GDPR101",
        activity=register.activities[0].id,
        path="purposes[0]",
        justification="Basis under review with counsel; decision due in January.",
        decided_by="DPO",
        until=dt.date(2026, 12, 31),
    )
    return attrs.evolve(register, accepted_findings=(attrs.evolve(entry, **changes),))


def test_an_accepted_finding_turns_a_failing_register_green() -> None:
    assert not gdprkit.validate(failing(), as_of=AS_OF).ok
    report = gdprkit.validate(accept(failing()), as_of=AS_OF)
    assert report.ok
    assert report.by_rule("GDPR101") == ()
    (accepted,) = report.accepted
    assert accepted.finding.rule == "GDPR101"
    assert accepted.finding.path == "activities[0].purposes[0]"
    assert accepted.justification.startswith("Basis under review")
    assert (accepted.decided_by, accepted.until, accepted.source) == (
        "DPO",
        dt.date(2026, 12, 31),
        "register",
    )


def test_it_fails_again_after_its_date() -> None:
    register = accept(failing())
    assert gdprkit.validate(register, as_of=dt.date(2026, 12, 31)).ok
    report = gdprkit.validate(register, as_of=dt.date(2027, 1, 1))
    assert not report.ok
    (finding,) = report.by_rule("GDPR101")
    assert finding.message.endswith(
        "(Accepted by DPO, but only until 2026-12-31: assess it again.)"
    )
    assert report.accepted == ()
    assert report.by_rule(UNUSED_RULE.code) == ()  # lapsed, not unused


def test_the_engine_alone_knows_nothing_of_acceptances() -> None:
    assert not gdprkit.rules.validate(accept(failing()), as_of=AS_OF).ok


def test_an_acceptance_follows_its_activity_when_activities_move() -> None:
    register = accept(failing())
    moved = attrs.evolve(
        register, activities=(attrs.evolve(customers(), id="other"), *register.activities)
    )
    report = gdprkit.validate(moved, as_of=AS_OF)
    assert [a.finding.path for a in report.accepted] == ["activities[1].purposes[0]"]


def test_an_acceptance_may_name_the_path_in_the_register() -> None:
    register = accept(failing(), activity=None, path="activities[0].purposes[0]")
    assert gdprkit.validate(register, as_of=AS_OF).ok


def test_a_fingerprinted_acceptance_lapses_when_the_element_changes() -> None:
    register = failing()
    report = gdprkit.validate(register, as_of=AS_OF)
    entries = baseline_entries(report, register, justification="Baseline", decided_by="Team")
    assert {e.rule for e in entries} == {"GDPR101"}
    assert gdprkit.validate(register, as_of=AS_OF, baseline=entries).ok
    purpose = register.activities[0].purposes[0]
    changed = attrs.evolve(purpose, name="Managing orders and returns")
    edited = attrs.evolve(
        register,
        activities=(attrs.evolve(register.activities[0], purposes=(changed,)),),
    )
    report = gdprkit.validate(edited, as_of=AS_OF, baseline=entries)
    (finding,) = report.by_rule("GDPR101")
    assert "the element has changed since" in finding.message
    # An extension field is no change to what the rules read.
    tagged = attrs.evolve(purpose, extensions=Extensions({"x-ticket": "DPO-7"}))
    annotated = attrs.evolve(
        register, activities=(attrs.evolve(register.activities[0], purposes=(tagged,)),)
    )
    assert fingerprint(annotated, "activities[0].purposes[0]") == entries[0].fingerprint
    assert gdprkit.validate(annotated, as_of=AS_OF, baseline=entries).ok


def test_the_register_fingerprint_leaves_out_activities_and_acceptances() -> None:
    register = baseline()
    assert fingerprint(register, "") == fingerprint(
        attrs.evolve(accept(register), activities=()), ""
    )
    assert fingerprint(register, "") != fingerprint(attrs.evolve(register, headcount=12), "")
    assert fingerprint(register, "activities[9]") == "-"


def test_an_unused_acceptance_is_reported_as_advice() -> None:
    register = accept(baseline())
    report = gdprkit.validate(register, as_of=AS_OF)
    (finding,) = report.findings
    assert (finding.rule, finding.severity, finding.path) == (
        "ACCEPT001",
        Severity.INFO,
        "accepted_findings[0]",
    )
    assert 'GDPR101 on activity "customers" at purposes[0] matches no finding' in finding.message
    assert report.ok
    # Not when the rule was not run.
    assert gdprkit.validate(register, as_of=AS_OF, select=["GDPR2"]).findings == ()


def test_unused_baseline_entries_say_which_entry() -> None:
    entry = accept(baseline()).accepted_findings[0]
    report = gdprkit.validate(baseline(), as_of=AS_OF, baseline=[entry])
    (finding,) = report.findings
    assert finding.path == ""
    assert finding.message.startswith("Baseline entry 1: The accepted finding GDPR101")


def test_apply_without_acceptances_returns_the_report_itself() -> None:
    report = gdprkit.rules.validate(failing(), as_of=AS_OF)
    assert apply_acceptances(report, failing()) is report


def test_accepted_findings_round_trip_in_json() -> None:
    register = accept(failing(), fingerprint="0123456789abcdef")
    text = gdprkit.dumps(register)
    assert '"accepted_findings": [' in text
    assert '"decided_by": "DPO"' in text
    assert gdprkit.loads(text) == register


def test_a_baseline_file_round_trips(tmp_path: pytest.TempPathFactory) -> None:
    register = failing()
    report = gdprkit.validate(register, as_of=AS_OF)
    entries = baseline_entries(
        report, register, justification="Baseline", decided_by="Team", until=dt.date(2027, 6, 30)
    )
    text = dumps_baseline(entries, as_of=AS_OF)
    assert text.startswith('{\n  "baseline_version": 1,\n  "as_of": "2026-11-22",')
    assert loads_baseline(text) == entries
    path = tmp_path / "baseline.json"  # type: ignore[operator]
    path.write_text(text, "utf-8")
    assert load_baseline(path) == entries


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("[]", [("", "expected a JSON object at the top level")]),
        ("{", None),
        ('{"baseline_version": 2}', [("baseline_version", None)]),
        (
            '{"baseline_version": 1, "extra": 1, "accepted_findings": [{"rule": 3}]}',
            [
                ("extra", None),
                ("accepted_findings[0].rule", "expected a string, got an integer 3"),
                ("accepted_findings[0].justification", "required field is missing"),
                ("accepted_findings[0].decided_by", "required field is missing"),
            ],
        ),
    ],
)
def test_a_bad_baseline_is_refused_with_every_problem(
    text: str, problems: list[tuple[str, str | None]] | None
) -> None:
    with pytest.raises(LoadError) as caught:
        loads_baseline(text, source="b.json")
    assert caught.value.source == "b.json"
    if problems is not None:
        got = sorted((p.path, p.message) for p in caught.value.problems)
        assert [p for p, _ in got] == sorted(p for p, _ in problems)
        for path, message in problems:
            if message is not None:
                assert (path, message) in got


def test_one_entry_covers_every_finding_of_its_rule_at_its_element() -> None:
    register = failing()
    report = gdprkit.rules.validate(register, as_of=AS_OF)
    (finding,) = report.by_rule("GDPR101")
    twice = attrs.evolve(
        report, findings=(*report.findings, attrs.evolve(finding, message="Another message."))
    )
    entries = baseline_entries(twice, register, justification="Baseline", decided_by="Team")
    assert len(entries) == 1
    # A duplicate entry is used too, not reported as unused.
    applied = apply_acceptances(twice, register, baseline=[*entries, *entries])
    assert applied.findings == ()
    assert len(applied.accepted) == 2
