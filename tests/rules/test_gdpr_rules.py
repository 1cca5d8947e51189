"""Every rule of the gdpr profile: a register that breaks it yields its finding
(so the test fails if the rule is removed), and a compliant one passes it."""

from __future__ import annotations

import re

import pytest

from gdprkit import all_rules, validate
from gdprkit.rules import Rule
from tests.rules.gdpr_cases import CASES
from tests.rules.registers import AS_OF, baseline


GDPR_RULES = {r.code: r for r in all_rules(["gdpr"])}


def test_the_baseline_register_has_no_finding() -> None:
    report = validate(baseline(), as_of=AS_OF)
    assert report.findings == (), [str(f) for f in report]
    assert report.ok
    assert set(report.rules) == set(GDPR_RULES)


def test_every_gdpr_rule_has_a_case() -> None:
    assert set(CASES) == set(GDPR_RULES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_reports_the_failing_register(code: str) -> None:
    case = CASES[code]
    found = validate(case.bad(), as_of=AS_OF).by_rule(code)
    assert [f.path for f in found] == [case.path]
    finding = found[0]
    rule = GDPR_RULES[code]
    assert finding.name == rule.name
    assert finding.articles
    if case.articles is not None:
        assert finding.articles == case.articles
    assert set(finding.articles) <= set(rule.articles)
    assert finding.severity is (case.severity or rule.severity)
    assert finding.message.endswith(".")
    assert finding.message[0].isupper()


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_passes_the_compliant_register(code: str) -> None:
    report = validate(CASES[code].good(), as_of=AS_OF)
    assert report.by_rule(code) == ()
    assert report.findings == (), [str(f) for f in report]


@pytest.mark.parametrize("code", sorted(CASES))
def test_ignoring_the_rule_silences_it(code: str) -> None:
    report = validate(CASES[code].bad(), as_of=AS_OF, ignore=(code,))
    assert report.by_rule(code) == ()
    assert code not in report.rules


_CITATION = re.compile(
    r"GDPR Art\. \d+(\(\d+\)(\([a-z]\))?)?( second subparagraph)?|EDPB WP248 rev\.01"
    r"|CJEU C-\d+/\d+ \([A-Za-z0-9 ]+\)|Commission Implementing Decision \(EU\) \d{4}/\d+, Art\. \d+"
    r"|ePrivacy Directive Art\. \d+(\(\d+\))?|GDPR recital \d+"
)


@pytest.mark.parametrize("rule", list(GDPR_RULES.values()), ids=list(GDPR_RULES))
def test_rule_documentation(rule: Rule) -> None:
    assert rule.profile == "gdpr"
    assert re.fullmatch(r"GDPR[1-7]\d\d", rule.code)
    assert rule.articles
    for article in rule.articles:
        assert _CITATION.fullmatch(article), article
    assert len(rule.rationale) > 80
    assert rule.title[0].isupper()
    assert not rule.title.endswith(".")
    assert (rule.check.__doc__ or "").strip(), f"{rule.code} check has no docstring"


def test_codes_are_grouped_by_theme() -> None:
    modules = {
        "1": {"lawfulness", "special"},
        "2": {"records"},
        "3": {"transfers"},
        "4": {"retention"},
        "5": {"rights"},
        "6": {"governance", "upkeep"},
        "7": {"eprivacy", "leftovers"},
    }
    for code, rule in GDPR_RULES.items():
        module = rule.check.__module__.rsplit(".", 1)[-1]
        assert module in modules[code[4]], (code, module)
