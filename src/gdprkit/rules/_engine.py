"""The engine: run the selected rules and stamp what they yield."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

import attrs

from gdprkit.model import Register
from gdprkit.rules._registry import Context, Rule, profile_rules
from gdprkit.rules.findings import Finding, Report, Severity


__all__ = ["select_rules", "validate"]


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
    at the same path (e.g. CNIL001 on the NIR refines GDPR113)."""
    refined = {r.code: r.supersedes for r in rules if r.supersedes}
    if not refined:
        return findings
    covered = {(general, f.path) for f in findings for general in refined.get(f.rule, ())}
    return [f for f in findings if (f.rule, f.path) not in covered]


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")  # the segments findings.path_key reads


class _PathOrder(dict[str, str]):
    """Sort keys for paths, as strings ordered exactly as :func:`path_key`
    orders paths, but compared in C instead of as tuples of tuples.

    A name segment becomes ``"\\x00" + name``, an index ``"\\x01"``, a digit
    count and the digits, so names sort before indices, names as text and
    indices as numbers.  Keys are kept per dotted piece of a path
    (``activities[12]``, ``retention``), which repeat across findings.  A name
    containing ``"\\x00"`` or ``"\\x01"`` would break the encoding: then
    :attr:`exotic` is set and the caller sorts with :func:`path_key`.
    """

    exotic = False

    def __missing__(self, piece: str) -> str:
        parts = []
        for name, index in _SEGMENT.findall(piece):
            if index:
                digits = str(int(index))
                parts.append(f"\x01{chr(0x30 + len(digits))}{digits}")
            else:
                if min(name) <= "\x01":
                    self.exotic = True
                parts.append(f"\x00{name}")
        key = "".join(parts)
        self[piece] = key
        return key

    def of(self, path: str) -> str:
        return "".join(map(self.__getitem__, path.split(".")))


class _Tails(dict[str, str]):
    """Sort keys of what follows a path's first dotted piece (``retention``,
    ``purposes[0].legal_bases[1]``), which repeat across activities."""

    def __init__(self, order: _PathOrder) -> None:
        super().__init__()
        self.order = order

    def __missing__(self, tail: str) -> str:
        key = self.order.of(tail)
        self[tail] = key
        return key


def _sort(findings: list[Finding]) -> None:
    """Sort *findings* by :attr:`Finding.sort_key` (document order, rule code,
    message), as a stable sort would, computing each path's key once."""
    order = _PathOrder()
    done = _sorted_in_buckets(findings, order)
    if done is not None and not order.exotic:
        findings[:] = done
        return
    if not order.exotic:  # paths out of the usual syntax: one global sort
        keys = {f.path: order.of(f.path) for f in findings}
        if not order.exotic:
            findings.sort(key=lambda f: (keys[f.path], f.rule, f.message))
            return
    # A name holding the characters the string keys use: the tuple keys.
    findings.sort(key=lambda f: f.sort_key)


def _sorted_in_buckets(findings: list[Finding], order: _PathOrder) -> list[Finding] | None:
    """*findings* in the order of their keys (see :class:`_PathOrder`), or
    ``None`` when the way taken here does not give it.

    A global sort of a large report is slower per finding than a small one:
    its keys no longer fit in the processor's caches.  So the findings are
    put in buckets by the key of their path's first dotted piece
    (``activities[12]``), the buckets are taken in the order of those keys,
    and each bucket is sorted by the rest of the key (``purposes[0]``, which
    repeats across activities): each sort compares keys that lie close
    together, and the cost per finding grows less with the register.  That is the global sort's order when every bucket's last
    finding sorts strictly before the next bucket's first, which is checked:
    paths that do not follow the usual syntax (``a.[1]`` beside ``a[0]``)
    give ``None``.  The caller checks :attr:`_PathOrder.exotic` afterwards.
    """
    buckets: dict[str, list[Finding]] = {}
    for f in findings:
        head = order[f.path.partition(".")[0]]
        bucket = buckets.get(head)
        if bucket is None:
            buckets[head] = [f]
        else:
            bucket.append(f)
    tails = _Tails(order)

    def within(f: Finding) -> tuple[str, str, str]:
        return (tails[f.path.partition(".")[2]], f.rule, f.message)

    out: list[Finding] = []
    last: tuple[str, str, str] | None = None
    for head in sorted(buckets):
        bucket = buckets[head]
        if len(bucket) > 1:
            bucket.sort(key=within)
        tail, rule, message = within(bucket[0])
        if last is not None and not last < (head + tail, rule, message):
            return None
        tail, rule, message = within(bucket[-1])
        last = (head + tail, rule, message)
        out += bucket
    return out


def _finding_builder() -> Callable[[str, str, Severity, str, str, tuple[str, ...]], Finding]:
    """A function building a :class:`Finding` from its fields in order, at half
    the cost of its keyword ``__init__``: it sets each slot through the slot's
    own descriptor, which is what the attrs ``__init__`` does (the class has no
    validators or converters; a test compares both ways)."""
    setters = tuple(Finding.__dict__[a.name].__set__ for a in attrs.fields(Finding))
    rule, name, severity, path, message, articles = setters
    new = object.__new__

    def build(
        code: str, title: str, level: Severity, where: str, text: str, cites: tuple[str, ...]
    ) -> Finding:
        finding: Finding = new(Finding)
        rule(finding, code)
        name(finding, title)
        severity(finding, level)
        path(finding, where)
        message(finding, text)
        articles(finding, cites)
        return finding

    return build


_new_finding = _finding_builder()


def validate(
    register: Register,
    *,
    profiles: Iterable[str] = ("gdpr",),
    as_of: dt.date | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> Report:
    """Check *register* against the rules of *profiles*.

    Args:
        register: The register to check.
        profiles: Profile names, e.g. ``("gdpr", "cnil")``; a single name
            may be given as a string.
        as_of: Date at which date-dependent facts are evaluated (today by
            default).
        select: Only run rules matching these codes, prefixes or names.
        ignore: Do not run rules matching these codes, prefixes or names.

    Returns:
        A :class:`Report` with every finding, in a stable order.

    Raises:
        ValueError: for an unknown profile or a selector matching no rule.
    """
    profiles = _names(profiles)
    day = as_of if as_of is not None else dt.date.today()
    rules = select_rules(profile_rules(profiles).values(), select=select, ignore=ignore)
    context = Context(as_of=day)
    findings: list[Finding] = []
    add = findings.append
    for found in rules:
        code, name, severity, articles = found.code, found.name, found.severity, found.articles
        for violation in found.check(register, context):
            add(
                _new_finding(
                    code,
                    name,
                    violation.severity or severity,
                    violation.path,
                    violation.message,
                    articles,
                )
            )
    findings = _drop_superseded(findings, rules)
    _sort(findings)
    return Report(
        findings=tuple(findings),
        as_of=day,
        profiles=profiles,
        rules=tuple(r.code for r in rules),
    )
