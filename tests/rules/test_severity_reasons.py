"""The retention, transfer, governance and upkeep rules say why they have their
severity, in one line, for the severity table of the docs."""

from __future__ import annotations

import pytest

from gdprkit.rules import Rule, all_rules


_OWN = ("retention", "transfers", "governance", "upkeep")
RULES = [r for r in all_rules(["gdpr"]) if r.check.__module__.rsplit(".", 1)[-1] in _OWN]


def test_the_families_are_found() -> None:
    assert {r.code[:5] for r in RULES} == {"GDPR3", "GDPR4", "GDPR6"}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_each_rule_gives_why_it_has_its_severity(rule: Rule) -> None:
    reason = rule.severity_reason
    assert reason, rule.code
    assert "\n" not in reason
    assert reason[0].isupper()
    assert reason.endswith(".")
    assert len(reason) <= 160, (rule.code, len(reason))
