"""Validation: rules over a register that yield findings, grouped in profiles.

``validate(register)`` runs the ``gdpr`` profile; add ``"cnil"`` for the
French pack.  Register your own rules with :func:`rule`.
"""

from gdprkit.rules._engine import select_rules, validate
from gdprkit.rules._registry import (
    PROFILES,
    Context,
    Rule,
    RuleCheck,
    Violation,
    all_rules,
    at,
    register_rule,
    rule,
    unregister_profile,
)
from gdprkit.rules.findings import Finding, Report, Severity


__all__ = [
    "PROFILES",
    "Context",
    "Finding",
    "Report",
    "Rule",
    "RuleCheck",
    "Severity",
    "Violation",
    "all_rules",
    "at",
    "register_rule",
    "rule",
    "select_rules",
    "unregister_profile",
    "validate",
]
