"""Findings and reports: what validation returns."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs


__all__ = [
    "Finding",
    "Location",
    "Report",
    "Severity",
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


@attrs.frozen(kw_only=True)
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
    """

    rule: str
    name: str
    severity: Severity
    location: Location
    message: str
    articles: tuple[str, ...] = ()

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
        where = self.path or "(register)"
        cites = f" [{'; '.join(self.articles)}]" if self.articles else ""
        return f"{where}: {self.severity.value} {self.rule} {self.message}{cites}"


@attrs.frozen(kw_only=True)
class Report:
    """The findings of one validation, in a stable order.

    Attributes:
        findings: Every finding, sorted by path, rule code and message.
        as_of: The date facts were evaluated at.
        profiles: The profiles that were run.
        rules: The codes of the rules that were run.
    """

    findings: tuple[Finding, ...]
    as_of: dt.date
    profiles: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()

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

    def at(self, *prefix: str | int) -> tuple[Finding, ...]:
        """Findings at the location *prefix* or below it (``at("activities", 2)``
        matches ``activities[2].purposes[0]`` but not ``activities[20]``)."""
        size = len(prefix)
        return tuple(f for f in self.findings if f.location[:size] == prefix)

    def by_rule(self, code: str) -> tuple[Finding, ...]:
        """Findings of the rule *code*."""
        return tuple(f for f in self.findings if f.rule == code)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)
