"""The engine: walk the register once, calling each rule on the elements of
its kind, and stamp what the rules yield.

The division of work follows jsonschema's ``descend()``, pylint's
``visit_*`` checkers and ruff's dispatch by node type: the walker knows the
shape of a register (which kinds of element lie below which, in document
order) and builds each element's location as it descends; a rule knows only
its element and the :class:`Context`, and says where below the element a
problem is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from gdprkit.model import (
    AutomatedDecision,
    Controller,
    DataCategory,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
    JointController,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Recipient,
    Register,
    Role,
    Transfer,
)
from gdprkit.rules._catalogue import resolve
from gdprkit.rules._rule import EU, Context, Profile, Rule, Violation
from gdprkit.rules.findings import Finding, Location, Report, Severity, location_key


__all__ = ["KINDS", "select_rules", "validate"]


def _matches(selector: str, found: Rule) -> bool:
    return found.name == selector or found.code.startswith(selector.upper())


def _names(value: Iterable[str]) -> tuple[str, ...]:
    # A lone string is one name, not a sequence of one-letter names.
    return (value,) if isinstance(value, str) else tuple(value)


def select_rules(
    rules: Iterable[Rule], *, select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> tuple[Rule, ...]:
    """Keep the rules matched by *select* (all if empty), minus *ignore*.

    A selector is a code (``GDPR101``), a code prefix (``GDPR1``, ``CNIL``)
    or a rule name (``purpose-without-lawful-basis``), as in a linter.

    Raises:
        ValueError: for a selector that matches no rule (a typo would
            otherwise silently disable a check).
    """
    pool = tuple(rules)
    select, ignore = _names(select), _names(ignore)
    for selector in (*select, *ignore):
        if not any(_matches(selector, r) for r in pool):
            msg = f"{selector!r} matches no rule code, prefix or name"
            raise ValueError(msg)
    chosen = [r for r in pool if not select or any(_matches(s, r) for s in select)]
    return tuple(r for r in chosen if not any(_matches(s, r) for s in ignore))


def _drop_superseded(findings: list[Finding], rules: tuple[Rule, ...]) -> list[Finding]:
    """Drop a general rule's finding where a rule refining it found something
    at the same place (e.g. CNIL001 on the NIR refines GDPR113)."""
    refined = {r.code: r.supersedes for r in rules if r.supersedes}
    if not refined:
        return findings
    covered = {(general, f.location) for f in findings for general in refined.get(f.rule, ())}
    return [f for f in findings if (f.rule, f.location) not in covered]


# What the engine descends into, in document order: the element kinds below
# each kind, with the field holding them.  A rule may inspect any kind listed.
_CHILDREN: dict[type, tuple[tuple[str, type], ...]] = {
    Register: (("activities", ProcessingActivity), ("rights", DeclaredRight)),
    ProcessingActivity: (
        ("automated_decisions", AutomatedDecision),
        ("controllers", Controller),
        ("data_categories", DataCategory),
        ("data_subjects", DataSubjectCategory),
        ("joint_controllers", JointController),
        ("purposes", Purpose),
        ("recipients", Recipient),
        ("rights", DeclaredRight),
        ("sources", DataSource),
        ("transfers", Transfer),
    ),
    Purpose: (("legal_bases", LegalBasis),),
}
KINDS = frozenset({Register, *(kind for fields in _CHILDREN.values() for _, kind in fields)})
"""The kinds of element a rule may inspect (``on=``)."""


def _below(kind: type) -> frozenset[type]:
    """*kind* and every kind found below it."""
    found = {kind}
    for _, child in _CHILDREN.get(kind, ()):
        found |= _below(child)
    return frozenset(found)


_BELOW = {kind: _below(kind) for kind in KINDS}


class _Plan:
    """The rules to call on each kind of element: inside an activity, those
    for the activity's role."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        rules = tuple(rules)
        for found in rules:
            if found.on not in KINDS:
                names = ", ".join(sorted(k.__name__ for k in KINDS))
                msg = f"rule {found.code} inspects {found.on.__name__}, not one of {names}"
                raise ValueError(msg)

        def table(role: Role | None) -> dict[type, tuple[Rule, ...]]:
            chosen: dict[type, list[Rule]] = {}
            for found in rules:
                if role is None or found.roles is None or role in found.roles:
                    chosen.setdefault(found.on, []).append(found)
            return {kind: tuple(found) for kind, found in chosen.items()}

        self.top = table(None)
        self.by_role = {role: table(role) for role in Role}


Emit = Callable[[Rule, Location, Violation], None]


def _visit(
    node: object,
    kind: type,
    where: Location,
    table: dict[type, tuple[Rule, ...]],
    plan: _Plan,
    context: Context,
    emit: Emit,
) -> None:
    """Call the rules for *node*, then descend into what lies below it."""
    for found in table.get(kind, ()):
        for violation in found.check(node, context):
            emit(found, where + violation.path if violation.path else where, violation)
    for field, child in _CHILDREN.get(kind, ()):
        items = getattr(node, field)
        if not items:
            continue
        below = _BELOW[child]
        if child is ProcessingActivity:
            for i, item in enumerate(items):
                inner = plan.by_role[item.role]
                if not below.isdisjoint(inner):
                    context.activity = item
                    _visit(item, child, (*where, field, i), inner, plan, context, emit)
            context.activity = None  # type: ignore[assignment]
        elif not below.isdisjoint(table):
            for i, item in enumerate(items):
                if child is Purpose:
                    context.purpose = item
                _visit(item, child, (*where, field, i), table, plan, context, emit)
            context.purpose = None  # type: ignore[assignment]


def _finding_builder() -> Callable[[str, str, Severity, Location, str, tuple[str, ...]], Finding]:
    """A function building a :class:`Finding` from its fields in order, at half
    the cost of its keyword ``__init__``: it sets each slot through the slot's
    own descriptor, which is what the attrs ``__init__`` does (the class has no
    validators or converters; a test compares both ways)."""
    setters = tuple(Finding.__dict__[a.name].__set__ for a in attrs.fields(Finding))
    rule, name, severity, location, message, articles = setters
    new = object.__new__

    def build(
        code: str, title: str, level: Severity, where: Location, text: str, cites: tuple[str, ...]
    ) -> Finding:
        finding: Finding = new(Finding)
        rule(finding, code)
        name(finding, title)
        severity(finding, level)
        location(finding, where)
        message(finding, text)
        articles(finding, cites)
        return finding

    return build


_new_finding = _finding_builder()


def validate(
    register: Register,
    *,
    profiles: Iterable[str | Profile] = ("gdpr",),
    as_of: dt.date | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Report:
    """Check *register* against the rules of *profiles*.

    Args:
        register: The register to check.
        profiles: Profiles, by name (``("gdpr", "cnil")``; a single name may
            be given as a string) or as :class:`Profile` values; the
            profiles they extend come with them.  Names are looked up among
            the built-in profiles and those installed through the
            ``gdprkit.plugins`` entry point group.
        as_of: Date at which date-dependent facts are evaluated (today by
            default).
        select: Only run rules matching these codes, prefixes or names.
        ignore: Do not run rules matching these codes, prefixes or names.

    Returns:
        A :class:`Report` with every finding, in a stable order.

    Raises:
        ValueError: for an unknown profile or a selector matching no rule.
    """
    chosen = resolve(profiles)
    day = as_of if as_of is not None else dt.date.today()
    rules = select_rules((r for p in chosen for r in p.rules), select=select, ignore=ignore)
    applying = [p for p in chosen if p.applies(register)]
    names = {p.name for p in applying}
    jurisdiction = EU
    for found in applying:
        jurisdiction = found.jurisdiction or jurisdiction
    context = Context(as_of=day, register=register, jurisdiction=jurisdiction)
    findings: list[Finding] = []
    add = findings.append

    def emit(found: Rule, where: Location, violation: Violation) -> None:
        add(
            _new_finding(
                found.code,
                found.name,
                violation.severity or found.severity,
                where,
                violation.message,
                found.articles,
            )
        )

    plan = _Plan(r for r in rules if r.profile in names)
    _visit(register, Register, (), plan.top, plan, context, emit)
    findings = _drop_superseded(findings, rules)
    keys: dict[Location, tuple[tuple[int, int | str], ...]] = {}

    def order(f: Finding) -> tuple[object, ...]:
        key = keys.get(f.location)
        if key is None:
            key = keys[f.location] = location_key(f.location)
        return (key, f.rule, f.message)

    findings.sort(key=order)
    return Report(
        findings=tuple(findings),
        as_of=day,
        profiles=tuple(p.name for p in chosen),
        rules=tuple(r.code for r in rules),
    )
