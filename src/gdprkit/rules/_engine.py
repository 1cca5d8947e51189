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
import operator
from collections.abc import Callable, Iterable

import attrs

from gdprkit import model
from gdprkit.model import ProcessingActivity, Register, Role
from gdprkit.rules._catalogue import resolve
from gdprkit.rules._rule import EU, Context, Profile, Rule, RuleCheck, Violation
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


def _drop_superseded(found: Found, rules: tuple[Rule, ...]) -> Found:
    """Drop a general rule's violation where a rule refining it (its
    ``supersedes``) found something at the same element or inside it: the
    specific finding says it more precisely (CNIL001 on the NIR refines
    GDPR113 on the same data category).  Rules of one profile may refine one
    another as well.  This runs place by place, before violations are grouped
    into defects: a general defect keeps the places no specific finding covers."""
    refined = {r.code: r.supersedes for r in rules if r.supersedes}
    if not refined:
        return found
    # Each specific place and every element enclosing it, for each rule it refines.
    covered = {
        (general, where[:size])
        for r, where, _ in found
        for general in refined.get(r.code, ())
        for size in range(len(where) + 1)
    }
    if not covered:
        return found
    return [item for item in found if (item[0].code, item[1]) not in covered]


# What the engine descends into, in document order: the element kinds below
# each kind, with the field holding them.  A rule may inspect any kind listed.
_CHILDREN: dict[type, tuple[tuple[str, type], ...]] = {
    Register: (("activities", ProcessingActivity), ("rights", model.DeclaredRight)),
    ProcessingActivity: (
        ("automated_decisions", model.AutomatedDecision),
        ("controllers", model.Controller),
        ("data_categories", model.DataCategory),
        ("data_subjects", model.DataSubjectCategory),
        ("joint_controllers", model.JointController),
        ("purposes", model.Purpose),
        ("recipients", model.Recipient),
        ("rights", model.DeclaredRight),
        ("sources", model.DataSource),
        ("transfers", model.Transfer),
    ),
    model.Purpose: (("legal_bases", model.LegalBasis),),
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


_Call = tuple[Rule, RuleCheck]


class _Table:
    """What the walk does at each kind of element, for the activities of one
    role (or outside activities): the rules to call, and the fields below it
    that lead to a rule."""

    def __init__(self, rules: tuple[Rule, ...], role: Role | None) -> None:
        chosen: dict[type, list[Rule]] = {}
        for found in rules:
            if role is None or found.roles is None or role in found.roles:
                chosen.setdefault(found.on, []).append(found)
        self.rules = {kind: tuple(found) for kind, found in chosen.items()}
        self.fields = {
            kind: tuple((f, c) for f, c in fields if not _BELOW[c].isdisjoint(chosen))
            for kind, fields in _CHILDREN.items()
        }
        # For each kind: the fields some rule selects on, a getter of their
        # values (the value itself for one field, a tuple for several) and
        # the rules for each value met so far (this validation only).
        self.keys = {
            kind: tuple(sorted({r.where[0] for r in found if r.where is not None}))
            for kind, found in self.rules.items()
        }
        self.value = {kind: operator.attrgetter(*keys) for kind, keys in self.keys.items() if keys}
        self.picked: dict[type, dict[object, tuple[_Call, ...]]] = {kind: {} for kind in self.value}
        # Each rule with its check function, looked up once.
        self.calls = {
            kind: tuple((r, r.check) for r in found) for kind, found in self.rules.items()
        }

    def pick(self, kind: type, element: object) -> tuple[_Call, ...]:
        """The rules to call on *element*, of *kind*, with their checks."""
        get = self.value.get(kind)
        if get is None:
            return self.calls[kind]
        value = get(element)
        picked = self.picked[kind]
        found = picked.get(value)
        if found is None:
            keys = self.keys[kind]
            chosen = dict(zip(keys, value if len(keys) > 1 else (value,), strict=True))
            found = picked[value] = tuple(
                (r, check)
                for r, check in self.calls[kind]
                if r.where is None or chosen[r.where[0]] in r.where[1]
            )
        return found


class _Plan:
    """The tables of a validation: one outside activities, one per role."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        rules = tuple(rules)
        for found in rules:
            if found.on not in KINDS:
                names = ", ".join(sorted(k.__name__ for k in KINDS))
                msg = f"rule {found.code} inspects {found.on.__name__}, not one of {names}"
                raise ValueError(msg)
        self.top = _Table(rules, None)
        self.by_role = {role: _Table(rules, role) for role in Role}


Found = list[tuple[Rule, Location, Violation]]


def _visit(
    node: object,
    kind: type,
    where: Location,
    table: _Table,
    plan: _Plan,
    context: Context,
    found: Found,
) -> None:
    """Call the rules for *node*, then descend into what lies below it (the
    elements without anything below them are handled here, without a call
    per element)."""
    add = found.append
    if kind in table.calls:
        for rule, check in table.pick(kind, node):
            for violation in check(node, context):
                add((rule, (*where, *violation.path), violation))
    for field, child in table.fields.get(kind, ()):
        items = getattr(node, field)
        if not items:
            continue
        if child is ProcessingActivity:
            for i, item in enumerate(items):
                context.activity = item
                inner = plan.by_role[item.role]
                _visit(item, child, (*where, field, i), inner, plan, context, found)
            context.activity = None  # type: ignore[assignment]
        elif child in table.fields:  # a purpose: its lawful bases lie below
            for i, item in enumerate(items):
                context.purpose = item
                _visit(item, child, (*where, field, i), table, plan, context, found)
            context.purpose = None  # type: ignore[assignment]
        elif child not in table.value:  # the same rules for every element
            calls = table.calls[child]
            for i, item in enumerate(items):
                for rule, check in calls:
                    for violation in check(item, context):
                        add((rule, (*where, field, i, *violation.path), violation))
        else:  # the rules for the element's value, looked up here
            get, picked, pick = table.value[child], table.picked[child], table.pick
            for i, item in enumerate(items):
                chosen = picked.get(get(item))
                if chosen is None:
                    chosen = pick(child, item)
                for rule, check in chosen:
                    for violation in check(item, context):
                        add((rule, (*where, field, i, *violation.path), violation))


def _sort(found: Found) -> None:
    """Sort *found* in document order, then by rule code and message.

    Locations that follow the register's shape compare as plain tuples in
    that order: the same prefix always leads to the same kind of container,
    so a key never meets an index at the same place, and a member comes before
    its items.  Locations of other shapes (a plug-in's) fall back to
    :func:`location_key`, which orders names before indices.
    """
    try:
        found.sort(key=lambda item: (item[1], item[0].code, item[2].message))
    except TypeError:
        found.sort(key=lambda item: (location_key(item[1]), item[0].code, item[2].message))


def _findings(found: Found) -> list[Finding]:
    """One finding per defect, from *found* sorted in document order.

    A violation without a ``defect`` key is a finding of its own.  The
    violations of one rule with equal keys are one finding: at the first place,
    with its message, the others in :attr:`Finding.also_at` (in document
    order), the worst severity of them all and every provision they cite.
    One pass, a dictionary lookup per violation."""
    new = _new_finding
    findings: list[Finding] = []
    # (rule, key) -> the index of the first place's finding, and the other places
    groups: dict[tuple[str, object], tuple[int, list[tuple[Location, Severity, tuple[str, ...]]]]]
    groups = {}
    for r, where, v in found:
        level, cites = v.severity or r.severity, v.articles or r.articles
        if v.defect is not None:
            group = groups.get((r.code, v.defect))
            if group is not None:
                group[1].append((where, level, cites))
                continue
            groups[r.code, v.defect] = (len(findings), [])
        findings.append(new(r.code, r.name, level, where, v.message, cites))
    for index, others in groups.values():
        if others:
            first = findings[index]
            levels = (first.severity, *(level for _, level, _ in others))
            every = dict.fromkeys((*first.articles, *(a for _, _, c in others for a in c)))
            findings[index] = attrs.evolve(
                first,
                severity=min(levels, key=lambda s: s.rank),
                articles=tuple(every),
                also_at=tuple(where for where, _, _ in others),
            )
    return findings


def _finding_builder() -> Callable[[str, str, Severity, Location, str, tuple[str, ...]], Finding]:
    """A function building a :class:`Finding` from its fields in order, at half
    the cost of its keyword ``__init__``: it sets each slot through the slot's
    own descriptor, which is what the attrs ``__init__`` does (the class has no
    validators or converters; a test compares both ways)."""
    setters = tuple(Finding.__dict__[a.name].__set__ for a in attrs.fields(Finding))
    rule, name, severity, location, message, articles, also_at = setters
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
        also_at(finding, ())
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
    for profile in applying:
        jurisdiction = profile.jurisdiction or jurisdiction
    context = Context(as_of=day, register=register, jurisdiction=jurisdiction)
    found: Found = []
    plan = _Plan(r for r in rules if r.profile in names)
    _visit(register, Register, (), plan.top, plan, context, found)
    found = _drop_superseded(found, rules)
    _sort(found)
    findings = _findings(found)
    return Report(
        findings=tuple(findings),
        as_of=day,
        profiles=tuple(p.name for p in chosen),
        rules=tuple(r.code for r in rules),
    )
