"""Findings and reports: what validation returns."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from gdprkit._fields import FieldMethods


__all__ = [
    "Accepted",
    "Finding",
    "Location",
    "Position",
    "Report",
    "Severity",
    "ValidationFailed",
    "also_at_text",
    "format_finding",
    "format_path",
    "json_pointer",
    "location_key",
]


class Severity(str, enum.Enum):
    """How serious a finding is.  ``error``: the register does not meet the
    law as written; ``warning``: likely a problem, or a "where possible" item;
    ``info``: worth knowing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for information."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

Location = tuple[str | int, ...]
"""Where a finding is: the keys and indices leading to the element from the
register, e.g. ``("activities", 2, "purposes", 0)``; ``()`` for the register."""


def format_path(location: Location) -> str:
    """The path users read: ``activities[2].purposes[0]`` (empty for the register)."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def json_pointer(location: Location) -> str:
    """The location as a JSON Pointer (RFC 6901): ``/activities/2/purposes/0``."""
    return "".join(
        "/" + (str(part) if isinstance(part, int) else part.replace("~", "~0").replace("/", "~1"))
        for part in location
    )


def location_key(location: Location) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders locations as the document does (``[2]`` before
    ``[10]``, a member before its array elements)."""
    return tuple((1, part) if isinstance(part, int) else (0, part) for part in location)


@attrs.frozen(kw_only=True, init=False)
class Finding:
    """One problem found in a register.

    Attributes:
        rule: The rule's stable code, e.g. ``GDPR101``.
        name: The rule's name, e.g. ``purpose-without-lawful-basis``.
        severity: Error, warning or info.
        location: Where the problem is, as keys and indices from the register,
            e.g. ``("activities", 2, "purposes", 0)``; ``()`` for the register.
            :attr:`path` writes it as users read it.
        message: What is wrong and what to do, in plain words.
        articles: The provisions enforced, e.g. ``("GDPR Art. 6(1)",)``.
        also_at: The other places of the same defect, in document order, when
            the rule found one defect in several places (the same processor
            without a contract in several activities): the finding is reported
            once, at its first place (:attr:`location`), and lists the others
            here; ``()`` for a defect in one place.  :attr:`also_at_paths`
            writes them as users read them.
    """

    rule: str
    name: str
    severity: Severity
    location: Location
    message: str
    articles: tuple[str, ...] = ()
    also_at: tuple[Location, ...] = ()

    def __init__(
        self,
        *,
        rule: str,
        name: str,
        severity: Severity,
        location: Location,
        message: str,
        articles: tuple[str, ...] = (),
        also_at: tuple[Location, ...] = (),
    ) -> None:
        # What attrs would generate, setting each slot through its descriptor
        # (see slot_setters): a validation makes a finding per defect.
        _set_rule(self, rule)
        _set_name(self, name)
        _set_severity(self, severity)
        _set_location(self, location)
        _set_message(self, message)
        _set_articles(self, articles)
        _set_also_at(self, also_at)

    @property
    def path(self) -> str:
        """Where the problem is, e.g. ``activities[2].purposes[0]`` (the same
        syntax as load errors; empty for the whole register)."""
        return format_path(self.location)

    @property
    def pointer(self) -> str:
        """Where the problem is, as a JSON Pointer (``/activities/2/purposes/0``)."""
        return json_pointer(self.location)

    @property
    def also_at_paths(self) -> tuple[str, ...]:
        """The other places of the defect (:attr:`also_at`), as paths."""
        return tuple(format_path(location) for location in self.also_at)

    @property
    def places(self) -> tuple[Location, ...]:
        """Every place of the defect: :attr:`location`, then :attr:`also_at`."""
        return (self.location, *self.also_at)

    def cites(self, provision: str) -> bool:
        """Whether this finding cites *provision* or a part of it (see
        :meth:`Report.citing`)."""
        return any(_within(cited, provision) for cited in self.articles)

    @property
    def activity(self) -> int | None:
        """The index of the activity the finding is in, if it is in one."""
        loc = self.location
        if len(loc) > 1 and loc[0] == "activities" and isinstance(loc[1], int):
            return loc[1]
        return None

    @property
    def sort_key(self) -> tuple[object, ...]:
        """Document order, then rule code, then message."""
        return (location_key(self.location), self.rule, self.message)

    def __str__(self) -> str:
        """The finding as the command line prints it (without the line)."""
        return format_finding(self)


def slot_setters(kind: type) -> tuple[Callable[[object, object], None], ...]:
    """The functions setting each field of a frozen, slotted attrs class, in
    field order: each slot's own descriptor.

    A frozen class refuses attribute assignment, so attrs' ``__init__`` sets
    each field through ``object.__setattr__``, which looks the attribute up
    again; a class made by the thousand per validation (findings, violations)
    writes its ``__init__`` with these instead (about 1,500 instructions fewer
    per object)."""
    fields: Any = attrs.fields(kind)
    return tuple(vars(kind)[field.name].__set__ for field in fields)


(
    _set_rule,
    _set_name,
    _set_severity,
    _set_location,
    _set_message,
    _set_articles,
    _set_also_at,
) = slot_setters(Finding)


def new_finding(
    rule: str,
    name: str,
    severity: Severity,
    location: Location,
    message: str,
    articles: tuple[str, ...],
    also_at: tuple[Location, ...],
) -> Finding:
    """``Finding(rule=rule, name=name, ...)`` from positional arguments, for
    the engine, which makes one per defect: without the keyword arguments'
    matching and the class call around ``__init__``, about half the cost."""
    finding: Finding = _new(Finding)
    _set_rule(finding, rule)
    _set_name(finding, name)
    _set_severity(finding, severity)
    _set_location(finding, location)
    _set_message(finding, message)
    _set_articles(finding, articles)
    _set_also_at(finding, also_at)
    return finding


_new = object.__new__


@attrs.frozen
class Position:
    """Where a finding's element is in the register's JSON text: 1-based
    line and column (in Unicode code points)."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}"


def format_finding(
    finding: Finding,
    position: Position | None = None,
    *,
    indent: str = "  ",
    also_at: Sequence[Position | None] = (),
) -> str:
    """The text of *finding*, as ``str(finding)`` and the command line's text
    output give it: a head line (severity, rule code and name, where) and the
    message with the articles, indented by *indent*::

        error GDPR101 purpose-without-lawful-basis at activities[0].purposes[0], line 12
          No lawful basis is given for this purpose. [GDPR Art. 6(1)]

    A finding found in several places gets a third line, ``also at`` the
    others (with their lines, from *also_at*, when known).
    """
    head, body = finding_lines(finding, position.line if position is not None else None)
    also = also_at_text(finding, [p.line if p is not None else None for p in also_at])
    return f"{head}\n{indent}{body}" + (f"\n{indent}{also}" if also else "")


def _plain(text: str, style: str) -> str:
    return text


def finding_lines(
    finding: Finding, line: int | None = None, paint: Callable[[str, str], str] = _plain
) -> tuple[str, str]:
    """The two lines of :func:`format_finding`, unindented.  *paint* styles a
    piece of text (``paint(text, style)``, the style being the severity's
    value, ``"bold"`` or ``"dim"``): the command line colours them with it."""
    where = finding.path or "(register)"
    if line is not None:
        where += f", line {line}"
    severity = finding.severity.value
    head = f"{paint(severity, severity)} {paint(finding.rule, 'bold')} {finding.name} at {where}"
    cites = f" [{'; '.join(finding.articles)}]" if finding.articles else ""
    return head, f"{finding.message}{paint(cites, 'dim') if cites else ''}"


def also_at_text(finding: Finding, lines: Sequence[int | None] = ()) -> str:
    """``also at activities[3].recipients[0], line 80; activities[7]`` for a
    finding found in several places (:attr:`Finding.also_at`, each with its
    line from *lines* when known); empty for a finding in one place."""
    if not finding.also_at:
        return ""
    places = []
    for i, path in enumerate(finding.also_at_paths):
        line = lines[i] if i < len(lines) else None
        where = path or "(register)"
        places.append(where if line is None else f"{where}, line {line}")
    return "also at " + "; ".join(places)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Accepted(FieldMethods):
    """A finding that was assessed and accepted, and so is not a failure.

    Attributes:
        finding: The finding, as validation found it.
        justification: Why it is accepted.
        decided_by: Who decided.
        until: The last day the acceptance holds, if it lapses.
        source: Where the acceptance is recorded: ``register`` (the
            register's ``accepted_findings``) or ``baseline`` (a baseline
            file).
    """

    finding: Finding
    justification: str
    decided_by: str
    until: dt.date | None = None
    source: str = "register"


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Report(FieldMethods):
    """The findings of one validation, in a stable order.

    Attributes:
        findings: Every finding, sorted by path, rule code and message.
        as_of: The date facts were evaluated at.
        profiles: The profiles that were run.
        rules: The codes of the rules that were run.
        accepted: Findings that were found but are accepted (see
            :mod:`gdprkit.acceptance`); they are not in :attr:`findings`.
        positions: Where each finding's path is in the register's JSON text,
            when the register was checked from its text (:func:`gdprkit.check`,
            :func:`gdprkit.validate_files`); empty otherwise.  See
            :meth:`position`.
    """

    findings: tuple[Finding, ...]
    as_of: dt.date
    profiles: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    accepted: tuple[Accepted, ...] = ()
    positions: Mapping[str, Position] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        """How many findings have *severity*."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity info."""
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    def failing(self, fail_on: Severity | str | None = Severity.ERROR) -> tuple[Finding, ...]:
        """The findings of severity *fail_on* or worse (none for ``None`` or ``"never"``)."""
        if fail_on is None or fail_on == "never":
            return ()
        worst = Severity(fail_on).rank
        return tuple(f for f in self.findings if f.severity.rank <= worst)

    def raise_for_errors(self, fail_on: Severity | str | None = Severity.ERROR) -> Report:
        """Raise :class:`ValidationFailed` when a finding is of severity
        *fail_on* (``"error"`` by default, or ``"warning"``) or worse; return
        the report otherwise, so that calls chain."""
        if self.failing(fail_on):
            raise ValidationFailed(self, fail_on=Severity(fail_on or Severity.ERROR))
        return self

    def position(self, finding: Finding) -> Position | None:
        """Where *finding* is in the register's text, if known (see :attr:`positions`)."""
        return self.positions.get(finding.path)

    def also_at_positions(self, finding: Finding) -> tuple[Position | None, ...]:
        """Where each of the other places of *finding* (:attr:`Finding.also_at`)
        is in the register's text, if known."""
        return tuple(self.positions.get(format_path(where)) for where in finding.also_at)

    def at(self, *prefix: str | int) -> tuple[Finding, ...]:
        """Findings with a place at the location *prefix* or below it
        (``at("activities", 2)`` matches ``activities[2].purposes[0]`` but not
        ``activities[20]``); a finding found in several places matches when
        one of them does (:attr:`Finding.also_at`)."""
        size = len(prefix)
        return tuple(
            f
            for f in self.findings
            if f.location[:size] == prefix or any(w[:size] == prefix for w in f.also_at)
        )

    def by_rule(self, code: str) -> tuple[Finding, ...]:
        """Findings of the rule *code*."""
        return tuple(f for f in self.findings if f.rule == code)

    def citing(self, provision: str) -> tuple[Finding, ...]:
        """Findings that cite *provision* or a part of it, by their own
        :attr:`Finding.articles` (a finding cites the provisions of its own
        case): ``citing("GDPR Art. 6(1)")`` matches ``GDPR Art. 6(1)(f)``, not
        ``GDPR Art. 6(4)``; ``citing("GDPR Art. 2")`` does not match ``GDPR Art. 20``."""
        return tuple(f for f in self.findings if f.cites(provision))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)


def _within(cited: str, provision: str) -> bool:
    """Whether *cited* is *provision* or one of its parts (``(1)``, ``(1)(f)``,
    `` second subparagraph``)."""
    if not cited.startswith(provision):
        return False
    rest = cited[len(provision) :]
    # "(1)(f)" or " second subparagraph" continue it; " 1" names another provision.
    return not rest or rest[0] == "(" or (rest[0] == " " and not rest[1:2].isdigit())


_SHOWN = 20  # findings listed in the message of ValidationFailed


class ValidationFailed(Exception):
    """A register has findings of severity *fail_on* or worse.

    Raised by :meth:`Report.raise_for_errors` and :func:`gdprkit.check`.

    Attributes:
        report: The whole report, every finding included.
        findings: The findings that made the check fail.
    """

    def __init__(self, report: Report, *, fail_on: Severity = Severity.ERROR) -> None:
        self.report = report
        self.fail_on = fail_on
        self.findings = report.failing(fail_on)
        noun = "finding" if len(self.findings) == 1 else "findings"
        worse = "" if fail_on is Severity.INFO else " or worse"
        head = f"register has {len(self.findings)} {noun} of severity {fail_on.value}{worse}"
        shown = self.findings[:_SHOWN]
        body = "\n".join(
            format_finding(f, report.position(f), also_at=report.also_at_positions(f))
            for f in shown
        )
        more = len(self.findings) - len(shown)
        tail = f"\n  ... and {more} more (see .report)" if more else ""
        super().__init__(f"{head}:\n{_indent(body)}{tail}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.report, self.fail_on))


def _rebuild(report: Report, fail_on: Severity) -> ValidationFailed:
    return ValidationFailed(report, fail_on=fail_on)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
