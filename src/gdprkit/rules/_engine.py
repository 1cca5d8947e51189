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
from collections.abc import Iterable

import gdprkit.model as model
from gdprkit.model import ProcessingActivity, Register, Role
from gdprkit.rules._catalogue import resolve
from gdprkit.rules._rule import EU, Context, Profile, Rule, RuleCheck
from gdprkit.rules.findings import (
    Finding,
    Location,
    Report,
    Severity,
    location_key,
    new_finding,
)


__all__ = ["KINDS", "select_rules", "validate"]


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
    chosen = _matching(pool, select) if select else set(pool)
    dropped = _matching(pool, ignore)
    return tuple(r for r in pool if r in chosen and r not in dropped)


def _matching(pool: tuple[Rule, ...], selectors: tuple[str, ...]) -> set[Rule]:
    """The rules of *pool* that *selectors* match: each selector read once,
    not once per rule."""
    found: set[Rule] = set()
    for selector in selectors:
        prefix = selector.upper()
        matched = [r for r in pool if r.name == selector or r.code.startswith(prefix)]
        if not matched:
            msg = f"{selector!r} matches no rule code, prefix or name"
            raise ValueError(msg)
        found.update(matched)
    return found


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
        (general, item[0][:size])
        for item in found
        if item[1] in refined
        for general in refined[item[1]]
        for size in range(len(item[0]) + 1)
    }
    if not covered:
        return found
    # Only the violations of a refined rule are looked up (most are not).
    general = {code for code, _ in covered}
    return [item for item in found if item[1] not in general or (item[1], item[0]) not in covered]


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


_Call = tuple[str, RuleCheck]
"""A rule to call: its code and its check."""

_ByValue = dict[object, tuple[_Call, ...]]
_Calls = tuple[tuple[_Call, ...], tuple[tuple[str, _ByValue], ...], str | None, _ByValue]
"""The rules to call on each element of a kind: those called on every
element; for each field some rules' ``where=`` tests, the rules to call by
the field's value (one attribute read and one lookup per element and field,
whatever the number of rules testing it); and when the rules of the kind
test one field only (a data category's kind, a transfer's mechanism), that
field with, for each value, every rule to call: one lookup per element."""


def _calls(rules: list[Rule]) -> _Calls:
    every = tuple((r.code, r.check) for r in rules if r.where is None)
    by_field: dict[str, dict[object, list[_Call]]] = {}
    for r in rules:
        if r.where is not None:
            field, values = r.where
            for value in values:
                by_field.setdefault(field, {}).setdefault(value, []).append((r.code, r.check))
    fields = tuple(
        (field, {value: tuple(calls) for value, calls in by_value.items()})
        for field, by_value in by_field.items()
    )
    if len(fields) != 1:
        return every, fields, None, {}
    field, by_value = fields[0]
    return every, fields, field, {value: every + more for value, more in by_value.items()}


def _chosen(node: object, calls: _Calls) -> tuple[_Call, ...]:
    """The rules to call on *node*: every rule of its kind whose ``where=``
    selects it."""
    chosen, by_field, field, by_value = calls
    if field is not None:
        return by_value.get(getattr(node, field), chosen)
    for field, more_by_value in by_field:
        more = more_by_value.get(getattr(node, field))
        if more:
            chosen += more
    return chosen


_NO_CALLS: _Calls = ((), (), None, {})


class _Table:
    """What the walk does at each kind of element, for the activities of one
    role (or outside activities): the rules to call, each with its check and
    its ``where=`` (tested by the walk itself, without a call per element
    the rule does not select), and the fields below it that lead to a rule."""

    def __init__(self, rules: tuple[Rule, ...], role: Role | None) -> None:
        chosen: dict[type, list[Rule]] = {}
        for found in rules:
            if role is None or found.roles is None or role in found.roles:
                chosen.setdefault(found.on, []).append(found)
        self.calls = {kind: _calls(found) for kind, found in chosen.items()}
        self.fields = {
            kind: tuple((f, c) for f, c in fields if not _BELOW[c].isdisjoint(chosen))
            for kind, fields in _CHILDREN.items()
        }


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


Found = list[tuple[Location, str, str, int, Severity | None, tuple[str, ...], object]]
"""What the rules found, one record per violation: its location, the rule's
code, the violation's message, the record's rank in the list the walk adds it
to (what keeps the order of a rule's violations at one place with the same
message when the records are sorted as they are, without a key), and the
violation's severity, articles and defect key.

The walk keeps these plain tuples rather than the violations themselves: a
tuple of text, numbers and ``None`` is dropped from the garbage collector's
watch at its first collection, so a validation's violations, alive until the
end, do not swell the collections an application runs meanwhile."""


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
    calls = table.calls.get(kind, _NO_CALLS)
    for code, check in _chosen(node, calls) if calls[1] else calls[0]:
        said = check(node, context)
        if said:  # most checks find nothing: an empty tuple needs no iterator
            for v in said:
                path = (*where, *v.path)
                add((path, code, v.message, len(found), v.severity, v.articles, v.defect))
    for field, child in table.fields.get(kind, ()):
        items = getattr(node, field)
        if not items:
            continue
        if child is ProcessingActivity:
            for i, item in enumerate(items):
                context.activity = item
                inner = plan.by_role[item.role]
                mine: Found = []
                _visit(item, child, (*where, field, i), inner, plan, context, mine)
                _sort(mine)
                found += mine
            context.activity = None  # type: ignore[assignment]
        elif child in table.fields:  # a purpose: its lawful bases lie below
            for i, item in enumerate(items):
                context.purpose = item
                _visit(item, child, (*where, field, i), table, plan, context, found)
            context.purpose = None  # type: ignore[assignment]
        else:  # the same rules for every element
            calls = table.calls[child]
            every, by_field, selector, by_value = calls
            for i, item in enumerate(items):
                if selector is not None:
                    todo = by_value.get(getattr(item, selector), every)
                else:
                    todo = _chosen(item, calls) if by_field else every
                for code, check in todo:
                    said = check(item, context)
                    if not said:
                        continue
                    for v in said:
                        path = (*where, field, i, *v.path)
                        add((path, code, v.message, len(found), v.severity, v.articles, v.defect))


def _sort(found: Found) -> None:
    """Sort *found* in document order, then by rule code and message, then
    in the order its rule gave them.

    The records compare as they are, without a key: their location, rule code,
    message and rank come first.  Records equal in the first three come from
    one rule's call on one element, added to one list, where ranks differ: the
    rank decides before severities or defect keys would be compared.  Locations that
    follow the register's shape compare as plain tuples in document order: the
    same prefix always leads to the same kind of container, so a key never
    meets an index at the same place, and a member comes before its items.
    Locations of other shapes (a plug-in's) fall back to :func:`location_key`,
    which orders names before indices.
    """
    try:
        found.sort()
    except TypeError:
        found.sort(key=lambda item: (location_key(item[0]), item[1], item[2], item[3]))


def _findings(found: Found, rules: dict[str, Rule]) -> list[Finding]:
    """One finding per defect, from *found* sorted in document order.

    A violation without a ``defect`` key is a finding of its own.  The
    violations of one rule with equal keys are one finding: at the first place,
    with its message, the others in :attr:`Finding.also_at` (in document
    order), the worst severity of them all and every provision they cite.
    One pass groups the places, a dictionary lookup per violation; a second
    makes each finding once, whole."""
    firsts: Found = []
    # (rule, key) -> the index of its first place in firsts; index -> the other places
    groups: dict[tuple[str, object], int] = {}
    others: dict[int, Found] = {}
    for item in found:
        defect = item[6]
        if defect is not None:
            key = (item[1], defect)
            try:
                index = groups.get(key)
            except TypeError as error:  # a list or a dict as the key
                raise _unhashable(rules[item[1]], defect) from error
            if index is not None:
                others.setdefault(index, []).append(item)
                continue
            groups[key] = len(firsts)
        firsts.append(item)
    findings: list[Finding] = []
    for index, (where, code, message, _, severity, articles, _) in enumerate(firsts):
        r = rules[code]
        level, cites = severity or r.severity, articles or r.articles
        also: tuple[Location, ...] = ()
        more = others.get(index)
        if more is not None:
            level = min((level, *(item[4] or r.severity for item in more)), key=lambda s: s.rank)
            every = dict.fromkeys((*cites, *(a for item in more for a in item[5] or r.articles)))
            cites, also = tuple(every), tuple(item[0] for item in more)
        findings.append(new_finding(code, r.name, level, where, message, cites, also))
    return findings


def _unhashable(r: Rule, defect: object) -> TypeError:
    """The error for a violation whose defect key cannot be a dictionary key."""
    return TypeError(
        f"rule {r.code} ({r.name}) gave a violation whose defect key cannot be hashed: "
        f"{defect!r}; use a value that can (a string, a number, a tuple of them, a frozenset)"
    )


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
    findings = _findings(found, {r.code: r for r in rules})
    return Report(
        findings=tuple(findings),
        as_of=day,
        profiles=tuple(p.name for p in chosen),
        rules=tuple(r.code for r in rules),
    )
