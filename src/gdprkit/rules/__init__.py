"""Validation: rules over a register that yield findings, grouped in profiles.

``validate(register)`` runs the ``gdpr`` profile; add ``"cnil"`` for the
French pack.  Write your own rules with :func:`rule` and group them in a
:class:`Profile` (see "Writing rules and profiles" in the docs).
"""

from gdprkit.rules._catalogue import (
    ENTRY_POINT_GROUP,
    all_rules,
    available,
    builtin,
    profiles_in,
    resolve,
)
from gdprkit.rules._engine import KINDS, select_rules, validate
from gdprkit.rules._rule import (
    EU,
    Context,
    Jurisdiction,
    Profile,
    Rule,
    RuleCheck,
    Violation,
    at,
    rule,
    rules_in,
)
from gdprkit.rules.findings import Finding, Location, Report, Severity


__all__ = [
    "ENTRY_POINT_GROUP",
    "EU",
    "KINDS",
    "Context",
    "Finding",
    "Jurisdiction",
    "Location",
    "Profile",
    "Report",
    "Rule",
    "RuleCheck",
    "Severity",
    "Violation",
    "all_rules",
    "at",
    "available",
    "builtin",
    "profiles_in",
    "resolve",
    "rule",
    "rules_in",
    "select_rules",
    "validate",
]
