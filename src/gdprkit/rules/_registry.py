"""Rules, profiles and the registry that holds them.

A rule is a small pure function over a register that yields
:class:`Violation` s (a path and a message).  The engine stamps each one with
the rule's code, name, severity and articles.  Rules belong to a profile
(``gdpr``, ``cnil``, or one of your own); a profile is a plain mapping of code
to rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping

import attrs

from gdprkit.model import Register
from gdprkit.rules.findings import Severity


__all__ = [
    "PROFILES",
    "Context",
    "Rule",
    "RuleCheck",
    "Violation",
    "all_rules",
    "at",
    "register_rule",
    "rule",
    "unregister_profile",
]


@attrs.frozen(kw_only=True)
class Violation:
    """What a rule yields: where, what, and optionally a severity of its own
    (e.g. a warning where the article says "where possible")."""

    path: str
    message: str
    severity: Severity | None = None


@attrs.frozen(kw_only=True)
class Context:
    """What a rule may use besides the register.

    Attributes:
        as_of: The date facts are evaluated at (adequacy decisions in force,
            invalidated mechanisms, …).
    """

    as_of: dt.date


RuleCheck = Callable[[Register, Context], Iterable[Violation]]
"""The signature of a rule's check function."""

_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]{3}")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@attrs.frozen(kw_only=True)
class Rule:
    """A rule and its documentation.

    Attributes:
        code: Stable code: a profile prefix and three digits (``GDPR101``).
        name: Stable kebab-case name (``purpose-without-lawful-basis``).
        title: One line saying what the rule checks.
        severity: Default severity of its findings.
        articles: The provisions it enforces (``GDPR Art. 6(1)``).
        profile: The profile it belongs to.
        rationale: Why, for the docs: what the law says and what to do.
        check: The function that finds violations.
        status: ``stable`` or ``preview``.
        supersedes: Codes of more general rules this one refines (a national
            rule refining a GDPR one): where both find something at the same
            path, only this rule's finding is kept.
    """

    code: str = attrs.field(validator=attrs.validators.matches_re(_CODE))
    name: str = attrs.field(validator=attrs.validators.matches_re(_NAME))
    title: str
    severity: Severity
    articles: tuple[str, ...]
    profile: str
    rationale: str
    check: RuleCheck = attrs.field(eq=False, repr=False)
    status: str = "stable"
    supersedes: tuple[str, ...] = ()


PROFILES: dict[str, dict[str, Rule]] = {}
"""Every registered profile: profile name → rule code → rule."""


def register_rule(new: Rule) -> Rule:
    """Add a rule to its profile (created on first use).

    Raises:
        ValueError: if the code or the name is already taken.
    """
    for rules in PROFILES.values():
        for existing in rules.values():
            if existing.code == new.code or existing.name == new.name:
                msg = f"rule {new.code} ({new.name}) clashes with {existing.code} ({existing.name})"
                raise ValueError(msg)
    PROFILES.setdefault(new.profile, {})[new.code] = new
    return new


def unregister_profile(profile: str) -> None:
    """Remove a profile and its rules (for tests and plug-ins that reload)."""
    PROFILES.pop(profile, None)


def rule(
    *,
    code: str,
    name: str,
    title: str,
    severity: Severity | str,
    articles: Iterable[str],
    profile: str,
    rationale: str,
    status: str = "stable",
    supersedes: Iterable[str] = (),
) -> Callable[[RuleCheck], RuleCheck]:
    """Decorator that registers a check function as a rule.

    >>> from gdprkit.rules import rule, Violation
    >>> @rule(code="ACME001", name="activity-has-owner", title="Every activity names an owner",
    ...       severity="warning", articles=("ACME policy 4.2",), profile="acme",
    ...       rationale="Our policy requires an owner per activity.")
    ... def activity_has_owner(register, context):
    ...     for i, activity in enumerate(register.activities):
    ...         if not activity.notes:
    ...             yield Violation(path=at("activities", i), message="no owner noted")
    """

    def decorate(check: RuleCheck) -> RuleCheck:
        register_rule(
            Rule(
                code=code,
                name=name,
                title=title,
                severity=Severity(severity),
                articles=tuple(articles),
                profile=profile,
                rationale=rationale,
                check=check,
                status=status,
                supersedes=tuple(supersedes),
            )
        )
        return check

    return decorate


def all_rules(profiles: Iterable[str] | None = None) -> tuple[Rule, ...]:
    """Every registered rule (of *profiles*, if given), sorted by code."""
    _ensure_builtin()
    wanted = None if profiles is None else set(profiles)
    return tuple(
        sorted(
            (
                r
                for p, rules in PROFILES.items()
                if wanted is None or p in wanted
                for r in rules.values()
            ),
            key=lambda r: r.code,
        )
    )


def at(*parts: str | int) -> str:
    """Build a path: ``at("activities", 2, "purposes", 0)`` is
    ``activities[2].purposes[0]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _ensure_builtin() -> None:
    # The built-in packs register themselves on import.
    from gdprkit.rules import packs  # noqa: F401


def profile_rules(names: Iterable[str]) -> Mapping[str, Rule]:
    """The rules of the named profiles, code → rule.

    Raises:
        ValueError: for an unknown profile name.
    """
    _ensure_builtin()
    chosen: dict[str, Rule] = {}
    for name in names:
        if name not in PROFILES:
            known = ", ".join(sorted(PROFILES))
            msg = f"unknown profile {name!r} (known: {known})"
            raise ValueError(msg)
        chosen.update(PROFILES[name])
    return chosen
