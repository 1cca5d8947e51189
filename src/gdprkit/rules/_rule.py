"""What a rule is, what it receives and what it yields; profiles and jurisdictions.

A rule is a small pure function over one kind of element of the register
(``on=``: the register, an activity, a purpose, a lawful basis, a data
category, a recipient, a transfer…).  The engine walks the register once
and calls each rule on every element of its kind with a :class:`Context`;
the rule yields :class:`Violation` s whose path is relative to that element,
and the engine builds the full location.  Rules are grouped in
:class:`Profile` values; nothing is registered as a side effect of an
import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.model import (
    ProcessingActivity,
    Purpose,
    Register,
    Role,
)
from gdprkit.reference import (
    AdequacyDecision,
    ConsentAge,
    SupervisoryAuthority,
    adequacy_for,
    consent_age,
    is_eea,
    supervisory_authority,
)
from gdprkit.rules.findings import Location, Severity, slot_setters


__all__ = [
    "EU",
    "Context",
    "Jurisdiction",
    "Profile",
    "Rule",
    "RuleCheck",
    "Violation",
    "at",
    "rule",
    "rules_in",
]

T = TypeVar("T")


def _location(path: Iterable[str | int]) -> Location:
    if type(path) is tuple:  # what at() gives: nothing to convert
        return path
    if isinstance(path, str):
        msg = (
            f"a violation's path is a tuple of keys and indices, such as "
            f"at('activities', 0), not the string {path!r}"
        )
        raise TypeError(msg)
    return tuple(path)


def _rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(rules)


def _texts(texts: Iterable[str]) -> tuple[str, ...]:
    if type(texts) is tuple:  # the usual case: nothing to convert
        return texts
    return (texts,) if isinstance(texts, str) else tuple(texts)


@attrs.frozen(kw_only=True, init=False)
class Violation:
    """What a rule yields: what is wrong, where below the element the rule
    was given (``()``, the default, is the element itself; ``at("law")`` a
    member; ``at("legal_bases", 0)`` an array element), and optionally a
    severity of its own (e.g. a warning where the article says "where
    possible").

    Attributes:
        message: What is wrong and what to do.
        path: Where below the element.
        severity: This case's severity, if not the rule's.
        articles: The provisions of this case, when the rule enforces
            several and only some apply here (a missing right to
            portability cites Art. 20, not every right's article); empty:
            the rule's :attr:`Rule.articles`.
        defect: What makes two places the same defect: the violations of one
            rule that give equal, non-``None`` keys (the same processor, the
            same sentence) are one defect, reported once with every place it
            occurs.  Write the message so that it holds for each place.
    """

    message: str
    path: Location = attrs.field(default=(), converter=_location)
    severity: Severity | None = None
    articles: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    defect: Hashable | None = None

    def __init__(
        self,
        *,
        message: str,
        path: Iterable[str | int] = (),
        severity: Severity | None = None,
        articles: Iterable[str] = (),
        defect: Hashable | None = None,
    ) -> None:
        # What attrs would generate, with the fields' converters, setting each
        # slot through its descriptor (see slot_setters): a validation makes
        # tens of thousands of violations.  A path or articles given as a tuple
        # (what at() gives) are not even passed to their converters.
        _set_message(self, message)
        _set_path(self, path if type(path) is tuple else _location(path))
        _set_severity(self, severity)
        _set_articles(self, articles if type(articles) is tuple else _texts(articles))
        _set_defect(self, defect)


_set_message, _set_path, _set_severity, _set_articles, _set_defect = slot_setters(Violation)


def violation(
    *,
    message: str,
    path: Iterable[str | int] = (),
    severity: Severity | None = None,
    articles: Iterable[str] = (),
    defect: Hashable | None = None,
) -> Violation:
    """``Violation(message=..., ...)``, made without the class call, for the
    built-in rules: a class called with keywords packs them into a dictionary
    and unpacks it again for ``__init__``; a function called with keywords
    does not (more than a quarter of a violation's cost)."""
    made: Violation = _new(Violation)
    _set_message(made, message)
    _set_path(made, path if type(path) is tuple else _location(path))
    _set_severity(made, severity)
    _set_articles(made, articles if type(articles) is tuple else _texts(articles))
    _set_defect(made, defect)
    return made


_new = object.__new__


def at(*parts: str | int) -> Location:
    """A location below an element: ``at("purposes", 0, "legal_bases")``."""
    return parts


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Jurisdiction(FieldMethods):
    """The facts of a legal order that rules ask about.

    Attributes:
        name: Its name (``European Union``, ``France``).
        authority: The country code of its supervisory authority, when it has
            one (``FR`` for the CNIL); :attr:`supervisory_authority` gives the
            authority's details from the reference data.
        countries: The countries whose controllers it governs, when national.
        is_home: Whether a country counts as "home" for transfers on a date
            (the EEA for the GDPR): transfers elsewhere need a Chapter V ground.
        adequacy: The adequacy decision covering a country on a date, if any.
        consent_age: The age of digital consent in a country on a date (Art. 8(1)).
    """

    name: str
    authority: str | None = None
    countries: frozenset[str] = frozenset()
    is_home: Callable[[str, dt.date], bool] = attrs.field(
        default=lambda code, day: is_eea(code, as_of=day), eq=False, repr=False
    )
    adequacy: Callable[[str, dt.date], AdequacyDecision | None] = attrs.field(
        default=lambda code, day: adequacy_for(code, as_of=day), eq=False, repr=False
    )
    consent_age: Callable[[str, dt.date], ConsentAge | None] = attrs.field(
        default=lambda code, day: consent_age(code, as_of=day), eq=False, repr=False
    )

    @property
    def supervisory_authority(self) -> SupervisoryAuthority | None:
        """Its supervisory authority with its name, address, telephone, website
        and complaint page (``gdprkit.reference.supervisory_authority``), or
        ``None`` when it has none of its own (the European Union) or the
        reference data do not know it.

        >>> from gdprkit.rules import Jurisdiction
        >>> Jurisdiction(name="France", authority="FR").supervisory_authority.acronym
        'CNIL'
        """
        return None if self.authority is None else supervisory_authority(self.authority)


EU = Jurisdiction(name="European Union")
"""The GDPR's own facts: the EEA is home, the Commission's adequacy decisions,
the Member States' ages of digital consent."""


@attrs.define(kw_only=True)
class Context:
    """What a rule may use besides the element it is given.

    The engine moves one context along as it walks: :attr:`activity` and
    :attr:`purpose` are the enclosing ones (``None`` outside them).

    Attributes:
        as_of: The date facts are evaluated at (adequacy decisions in force,
            invalidated mechanisms, …).
        register: The register being validated.
        jurisdiction: The facts of the legal order that applies.
        activity: The enclosing activity, if any.
        purpose: The enclosing purpose, if any.
    """

    as_of: dt.date
    register: Register = attrs.field(default=None)
    jurisdiction: Jurisdiction = EU
    activity: ProcessingActivity = attrs.field(default=None)
    purpose: Purpose = attrs.field(default=None)
    _memo: dict[Hashable, Any] = attrs.field(factory=dict, alias="memo")

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per validation for *key* (a fact
        several rules need about the same activity or value)."""
        value = self._memo.get(key, _UNSET)
        if value is _UNSET:
            value = self._memo[key] = compute()
        return value  # type: ignore[no-any-return]


_UNSET = object()
"""What :meth:`Context.once` finds for a key not worked out yet."""

RuleCheck = Callable[[Any, Context], Iterable[Violation]]
"""The signature of a rule's check function: the element and the context."""

_CODE = re.compile(r"[A-Z][A-Z0-9]*[0-9]{3}")
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Rule(FieldMethods):
    """A rule and its documentation.

    Attributes:
        code: Stable code: a profile prefix and three digits (``GDPR101``).
        name: Stable kebab-case name (``purpose-without-lawful-basis``).
        title: One line saying what the rule checks.
        severity: Default severity of its findings.
        articles: The provisions it enforces (``GDPR Art. 6(1)``).
        profile: The profile it belongs to (set by the :class:`Profile`).
        rationale: Why, for the docs: what the law says and what to do.
        check: The function that finds violations.
        on: The kind of element the rule inspects (``Register`` by default).
        roles: Inside activities, only those kept in one of these roles
            (``None``: every activity).
        where: Only the elements whose field has one of these values, as
            ``(field, values)``: ``("kind", {DataKind.NATIONAL_ID})``.  The
            engine calls the rule only on those elements.
        status: ``stable`` or ``preview``.
        supersedes: Codes of more general rules this one refines (a national
            rule refining a GDPR one): where both find something at the same
            place, only this rule's finding is kept.
        severity_reason: One line saying why the rule has its severity under
            the severity policy (docs: Validation, "Severity").
    """

    code: str = attrs.field(validator=attrs.validators.matches_re(_CODE))
    name: str = attrs.field(validator=attrs.validators.matches_re(_NAME))
    title: str
    severity: Severity
    articles: tuple[str, ...]
    profile: str = ""
    rationale: str
    check: RuleCheck = attrs.field(eq=False, repr=False)
    on: type = attrs.field(default=Register, repr=False)
    roles: frozenset[Role] | None = None
    where: tuple[str, frozenset[object]] | None = None
    status: str = "stable"
    supersedes: tuple[str, ...] = ()
    severity_reason: str = ""

    def __call__(self, element: Any, context: Context) -> Iterable[Violation]:
        """Run the check on one element."""
        return self.check(element, context)


def rule(
    *,
    code: str,
    name: str,
    title: str,
    severity: Severity | str,
    articles: Iterable[str],
    rationale: str,
    on: type = Register,
    roles: Iterable[Role] | None = None,
    where: tuple[str, Iterable[object]] | None = None,
    profile: str = "",
    status: str = "stable",
    supersedes: Iterable[str] = (),
    severity_reason: str = "",
) -> Callable[[RuleCheck], Rule]:
    """Decorator that makes a check function a :class:`Rule`.

    >>> from gdprkit.model import ProcessingActivity
    >>> from gdprkit.rules import Violation, rule
    >>> @rule(code="ACME001", name="activity-has-owner", title="Every activity names an owner",
    ...       severity="warning", articles=("ACME policy 4.2",), on=ProcessingActivity,
    ...       rationale="Our policy requires an owner per activity.")
    ... def activity_has_owner(activity, context):
    ...     if not activity.notes:
    ...         yield Violation(message="no owner noted")

    The rule belongs to the :class:`Profile` that lists it; a rule with a
    *profile* name, found in a plug-in without a profile, forms one.
    """

    def decorate(check: RuleCheck) -> Rule:
        return Rule(
            code=code,
            name=name,
            title=title,
            severity=Severity(severity),
            articles=tuple(articles),
            profile=profile,
            rationale=rationale,
            check=check,
            on=on,
            roles=None if roles is None else frozenset(roles),
            where=None if where is None else (where[0], frozenset(where[1])),
            status=status,
            supersedes=tuple(supersedes),
            severity_reason=severity_reason,
        )

    return decorate


def rules_in(*namespaces: object) -> tuple[Rule, ...]:
    """The rules defined in modules (or any objects with attributes), by code."""
    found = {
        value.code: value
        for namespace in namespaces
        for value in vars(namespace).values()
        if isinstance(value, Rule)
    }
    return tuple(found[code] for code in sorted(found))


def _own(profile: Profile, rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(
        r if r.profile == profile.name else attrs.evolve(r, profile=profile.name) for r in rules
    )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Profile(FieldMethods):
    """A named set of rules and the legal order they speak for.

    Attributes:
        name: The name users select (``gdpr``, ``cnil``).
        title: One line saying what it covers.
        rules: Its own rules (each stamped with the profile's name).
        extends: Profiles selected with it, run first (``cnil`` extends ``gdpr``).
        applies_to: Whether its rules apply to a register (the ``cnil``
            profile: a controller under French law); ``None``: always.
        jurisdiction: The facts of its legal order, when it speaks for one.
    """

    name: str = attrs.field(validator=attrs.validators.matches_re(_NAME))
    title: str
    rules: tuple[Rule, ...] = attrs.field(converter=_rules, eq=False)
    extends: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    applies_to: Callable[[Register], bool] | None = attrs.field(default=None, eq=False)
    jurisdiction: Jurisdiction | None = None

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "rules", _own(self, self.rules))

    def applies(self, register: Register) -> bool:
        """Whether its rules apply to *register*."""
        return self.applies_to is None or self.applies_to(register)
