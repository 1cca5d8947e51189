"""The engine: selection and ignoring, errors, stable order, Report, dates and
the extension point for users' own rules and profiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
import pytest

from gdprkit import Finding, Report, Rule, Severity, Violation, all_rules, rule, validate
from gdprkit.model import Contact, ProcessingActivity, Purpose, Register
from gdprkit.rules import PROFILES, Context, at, unregister_profile
from gdprkit.rules.findings import path_key
from tests.rules.registers import AS_OF, add_activity, baseline, evolve_activity, newsletter


def _broken() -> Register:
    """Errors and warnings in several activities and at the register level."""
    register = attrs.evolve(
        baseline(), controller=attrs.evolve(baseline().controller, contact=Contact())
    )
    for i in range(12):
        register = add_activity(
            register,
            newsletter(id=f"n{i}", name=f"N{i}", purposes=(Purpose(name="Letters"),), sources=()),
        )
    return evolve_activity(register, security_measures=())


def test_select_by_code_prefix_and_name() -> None:
    register = _broken()
    assert {f.rule for f in validate(register, select=("GDPR101",))} == {"GDPR101"}
    assert {f.rule for f in validate(register, select=("GDPR2",))} == {"GDPR201"}
    assert {f.rule for f in validate(register, select=("gdpr6",))} == {"GDPR631"}
    assert {f.rule for f in validate(register, select=("sources-not-stated",))} == {"GDPR631"}
    report = validate(register, select=("GDPR1", "controller-identity-missing"))
    assert {f.rule for f in report} == {"GDPR101", "GDPR201"}
    assert all(code.startswith("GDPR1") or code == "GDPR201" for code in report.rules)


def test_ignore_by_code_prefix_and_name() -> None:
    register = _broken()
    every = {f.rule for f in validate(register)}
    assert {"GDPR101", "GDPR201", "GDPR631"} <= every
    assert {f.rule for f in validate(register, ignore=("GDPR1",))} == every - {"GDPR101"}
    assert {f.rule for f in validate(register, ignore=("sources-not-stated",))} == every - {
        "GDPR631"
    }
    both = validate(register, select=("GDPR1", "GDPR6"), ignore=("GDPR631",))
    assert {f.rule for f in both} == {"GDPR101"}


def test_a_single_name_may_be_a_string() -> None:
    register = _broken()
    assert validate(register, profiles="gdpr", select="GDPR101", ignore="GDPR2") == validate(
        register, profiles=("gdpr",), select=("GDPR101",), ignore=("GDPR2",)
    )


def test_unknown_profile() -> None:
    with pytest.raises(ValueError, match=r"unknown profile 'gdrp' \(known: .*gdpr"):
        validate(baseline(), profiles=("gdrp",))


@pytest.mark.parametrize("option", ["select", "ignore"])
def test_a_selector_matching_nothing_is_an_error(option: str) -> None:
    with pytest.raises(ValueError, match="'GDPR999' matches no rule"):
        validate(baseline(), **{option: ("GDPR999",)})  # type: ignore[arg-type]


def test_findings_come_in_document_order() -> None:
    report = validate(_broken(), as_of=AS_OF)
    keys = [f.sort_key for f in report]
    assert keys == sorted(keys)
    paths = [f.path for f in report]
    assert paths.index("activities[2]") < paths.index("activities[10]")
    assert paths.index("activities[1]") < paths.index("activities[1].purposes[0]")


def test_the_order_does_not_depend_on_the_order_of_rules() -> None:
    register = _broken()
    forward = validate(register, as_of=AS_OF, select=("GDPR1", "GDPR6"))
    backward = validate(register, as_of=AS_OF, select=("GDPR6", "GDPR1"))
    assert forward.findings == backward.findings
    assert forward == validate(register, as_of=AS_OF, select=("GDPR1", "GDPR6"))


def test_report_ok_and_counts() -> None:
    assert validate(baseline()).ok
    warnings_only = attrs.evolve(baseline(), security_measures=())
    report = validate(warnings_only)
    assert report.ok
    assert report.count(Severity.WARNING) == 1
    assert report.errors == ()
    broken = validate(_broken())
    assert not broken.ok
    assert all(f.severity is Severity.ERROR for f in broken.errors)
    assert len(broken) == len(broken.findings) == sum(broken.count(s) for s in Severity)
    assert broken.at("activities[1]")
    assert all(f.path.startswith("activities[1]") for f in broken.at("activities[1]"))
    assert {f.rule for f in broken.by_rule("GDPR101")} == {"GDPR101"}


def test_findings_carry_what_a_reader_needs() -> None:
    finding = validate(_broken(), select=("GDPR101",)).findings[0]
    assert finding == Finding(
        rule="GDPR101",
        name="purpose-without-lawful-basis",
        severity=Severity.ERROR,
        path="activities[1].purposes[0]",
        message=(
            'Purpose "Letters" of activity "N0" has no lawful basis: state one of the six '
            "grounds of Art. 6(1)."
        ),
        articles=("GDPR Art. 6(1)", "GDPR Art. 5(1)(a)"),
    )
    assert str(finding).startswith("activities[1].purposes[0]: error GDPR101 Purpose")


def test_as_of_defaults_to_today_and_is_reported() -> None:
    assert validate(baseline()).as_of == dt.date.today()
    assert validate(baseline(), as_of=dt.date(2020, 1, 1)).as_of == dt.date(2020, 1, 1)


def test_the_report_lists_what_was_run() -> None:
    report = validate(baseline(), select=("GDPR4",))
    assert report.profiles == ("gdpr",)
    assert report.rules == ("GDPR401", "GDPR402", "GDPR403", "GDPR404", "GDPR405")


def test_all_rules_lists_every_rule_with_its_documentation() -> None:
    rules = all_rules(["gdpr"])
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    assert len({r.name for r in rules}) == len(rules)
    first = rules[0]
    assert (first.code, first.title, first.severity, first.profile) == (
        "GDPR101",
        "Every purpose has an Art. 6(1) lawful basis",
        Severity.ERROR,
        "gdpr",
    )
    assert first.articles
    assert first.rationale
    assert set(all_rules(["gdpr"])) <= set(all_rules())


# -- the extension point ------------------------------------------------------


@pytest.fixture
def acme() -> Iterator[Rule]:
    """An internal policy registered as a profile of its own, removed afterwards."""

    @rule(
        code="ACME001",
        name="activity-without-owner",
        title="Every activity names an owner",
        severity="warning",
        articles=("ACME privacy policy 4.2",),
        profile="acme",
        rationale="Our policy gives every activity an accountable owner.",
    )
    def activity_without_owner(register: Register, context: Context) -> Iterator[Violation]:
        for i, activity in enumerate(register.activities):
            if not (activity.notes or "").startswith("Owner:"):
                yield Violation(
                    path=at("activities", i), message=f'Activity "{activity.name}" has no owner.'
                )

    try:
        yield PROFILES["acme"]["ACME001"]
    finally:
        unregister_profile("acme")


def test_users_add_their_own_rules_and_profiles(acme: Rule) -> None:
    register = baseline()
    assert validate(register).findings == ()
    report = validate(register, profiles=("gdpr", "acme"))
    assert report.profiles == ("gdpr", "acme")
    (finding,) = report.findings
    assert (finding.rule, finding.name, finding.severity, finding.path) == (
        "ACME001",
        "activity-without-owner",
        Severity.WARNING,
        "activities[0]",
    )
    assert finding.articles == ("ACME privacy policy 4.2",)
    assert acme in all_rules(["acme"])
    assert validate(register, profiles=("gdpr", "acme"), ignore=("ACME",)).findings == ()
    owned = evolve_activity(register, notes="Owner: sales director")
    assert validate(owned, profiles=("gdpr", "acme")).findings == ()


def test_a_rule_can_override_its_severity_per_finding(acme: Rule) -> None:
    @rule(
        code="ACME002",
        name="many-activities",
        title="Large registers are reviewed yearly",
        severity="info",
        articles=("ACME privacy policy 7.1",),
        profile="acme",
        rationale="Reviews scale with the size of the register.",
    )
    def many_activities(register: Register, context: Context) -> Iterator[Violation]:
        if len(register.activities) > 1:
            yield Violation(path="", message="Review the register.", severity=Severity.ERROR)

    report = validate(add_activity(baseline(), newsletter()), profiles="acme", select="ACME002")
    assert [f.severity for f in report] == [Severity.ERROR]
    assert not report.ok


def test_codes_and_names_cannot_clash(acme: Rule) -> None:
    def check(register: Register, context: Context) -> Iterator[Violation]:
        return iter(())

    for code, name in (("GDPR101", "fresh-name"), ("ACME009", "purpose-without-lawful-basis")):
        with pytest.raises(ValueError, match="clashes with"):
            rule(
                code=code,
                name=name,
                title="x",
                severity="info",
                articles=(),
                profile="acme",
                rationale="x",
            )(check)


def test_rules_are_checked_when_declared() -> None:
    with pytest.raises(ValueError, match="must match"):
        Rule(
            code="acme1",
            name="x",
            title="x",
            severity=Severity.INFO,
            articles=(),
            profile="acme",
            rationale="x",
            check=lambda register, context: iter(()),
        )


def test_a_report_compares_by_value() -> None:
    activity = ProcessingActivity(id="a", name="A")
    register = Register(controller=baseline().controller, activities=(activity,))
    assert validate(register, as_of=AS_OF) == validate(register, as_of=AS_OF)
    assert isinstance(validate(register), Report)


def test_path_keys_order_indexes_numerically() -> None:
    assert path_key("activities[2]") < path_key("activities[10]")
    assert path_key("") < path_key("activities[0]")


def test_the_engine_builds_findings_as_their_init_does() -> None:
    from gdprkit.rules._engine import _new_finding

    # The fast builder sets the slots directly: only sound while Finding has
    # no validators, converters or post-init hook.
    for field in attrs.fields(Finding):
        assert field.validator is None
        assert field.converter is None
    assert not hasattr(Finding, "__attrs_post_init__")
    built = _new_finding("GDPR101", "x-y", Severity.WARNING, "activities[1]", "m", ("Art. 6",))
    assert built == Finding(
        rule="GDPR101",
        name="x-y",
        severity=Severity.WARNING,
        path="activities[1]",
        message="m",
        articles=("Art. 6",),
    )
    assert hash(built) == hash(attrs.evolve(built))
    assert repr(built) == repr(attrs.evolve(built))
