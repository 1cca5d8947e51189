"""Findings and reports: what validation returns."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator

import attrs


__all__ = ["Finding", "Report", "Severity", "path_key"]


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

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_key(path: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders paths as the document does (``[2]`` before ``[10]``)."""
    return tuple((1, int(index)) if index else (0, name) for name, index in _SEGMENT.findall(path))


@attrs.frozen(kw_only=True)
class Finding:
    """One problem found in a register.

    Attributes:
        rule: The rule's stable code, e.g. ``GDPR101``.
        name: The rule's name, e.g. ``purpose-without-lawful-basis``.
        severity: Error, warning or info.
        path: Where the problem is, e.g. ``activities[2].purposes[0]``
            (the same syntax as load errors; empty for the whole register).
        message: What is wrong and what to do, in plain words.
        articles: The provisions enforced, e.g. ``("GDPR Art. 6(1)",)``.
    """

    rule: str
    name: str
    severity: Severity
    path: str
    message: str
    articles: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[object, ...]:
        """Document order, then rule code, then message."""
        return (path_key(self.path), self.rule, self.message)

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

    def at(self, prefix: str) -> tuple[Finding, ...]:
        """Findings at *prefix* or below it (``activities[2]`` matches
        ``activities[2].purposes[0]`` but not ``activities[20]``)."""
        return tuple(
            f
            for f in self.findings
            if f.path == prefix or f.path.startswith((prefix + ".", prefix + "["))
        )

    def by_rule(self, code: str) -> tuple[Finding, ...]:
        """Findings of the rule *code*."""
        return tuple(f for f in self.findings if f.rule == code)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)
