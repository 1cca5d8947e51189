"""Findings as text for people, JSON for scripts and SARIF 2.1.0 for code scanning.

The command line checks registers and hands the outcome of each file to these
formatters as a :class:`FileResult`: either the validation report or the
problems that kept the file from loading.  Nothing here prints or reads files;
every function returns text.

:func:`locate` and :func:`positions` (of :mod:`gdprkit.render.locate`) map a
finding's location (``activities[2].purposes[0]``) to its line and column in
the register's JSON text, so that SARIF results and the text output point at
the offending element.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from gdprkit._fields import FieldMethods
from gdprkit._json import json_text
from gdprkit.render._terminal import terminal_safe as _t
from gdprkit.render.locate import locate, positions
from gdprkit.rules.findings import (
    Accepted,
    Finding,
    Report,
    Severity,
    also_at_text,
    finding_lines,
)


if TYPE_CHECKING:
    from gdprkit.rules import Rule

__all__ = [
    "FINGERPRINT",
    "JSON_FORMAT_VERSION",
    "SARIF_MAX_RESULTS",
    "SARIF_SCHEMA",
    "FileResult",
    "cap_message",
    "fails",
    "format_json",
    "format_sarif",
    "format_text",
    "locate",
    "positions",
    "use_color",
]

JSON_FORMAT_VERSION = 1
"""Version of the JSON output (``format_version``).  Fields are only ever
added within a version; a change that could break a script raises it."""

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
"""The ``$schema`` written in SARIF output: the OASIS SARIF 2.1.0 schema."""

INFORMATION_URI = "https://gdprkit.readthedocs.io/"
"""Where people learn about the tool (SARIF ``tool.driver.informationUri``)."""

_SEMVER = r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?"  # compiled when SARIF is first written
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@attrs.frozen(kw_only=True, repr=False, eq=False)
class FileResult(FieldMethods):
    """The outcome of checking one register file.

    Attributes:
        file: The file as named to the user (``registers/acme.json``,
            ``<stdin>``).
        uri: The file as a relative URI reference for SARIF
            (``registers/acme.json``), or ``None`` when it has no name
            (standard input).
        report: The validation report; ``None`` when the file could not be
            loaded.
        problems: Why the file could not be loaded: ``(path, message)``
            pairs, empty when it was loaded.
        lines: For each finding of :attr:`report`, in the same order, the
            1-based line of the offending element in the file (see
            :func:`locate`); empty when not known.
        activities: ``(index, label)`` of the activities that have findings,
            used to group the text output (``customer-management "Customer
            management"``).
        activity_ids: The id of every activity of the register, in order:
            SARIF fingerprints name an activity by its id, not its position.
        accepted_lines: For each accepted finding of :attr:`report`, in the
            same order, its line; empty when not known.
    """

    file: str
    uri: str | None = None
    report: Report | None = None
    problems: tuple[tuple[str, str], ...] = ()
    lines: tuple[int, ...] = ()
    activities: tuple[tuple[int, str], ...] = ()
    activity_ids: tuple[str, ...] = ()
    accepted_lines: tuple[int, ...] = ()

    @property
    def loaded(self) -> bool:
        """True when the file was loaded and validated."""
        return self.report is not None

    def failed(self, fail_on: Severity | None = Severity.ERROR) -> bool:
        """True when the file could not be loaded or a finding reaches *fail_on*."""
        return self.report is None or any(fails(f, fail_on) for f in self.report.findings)

    def line_of(self, index: int) -> int | None:
        """The line of the finding at *index*, if known."""
        return self.lines[index] if index < len(self.lines) else None

    def at_least(self, severity: Severity) -> FileResult:
        """This result with only the findings of *severity* or worse."""
        return self.keeping(lambda f: f.severity.rank <= severity.rank)

    def citing(self, provisions: Iterable[str]) -> FileResult:
        """This result with only the findings that cite one of *provisions* or
        a part of it (see :meth:`Report.citing`)."""
        wanted = tuple(provisions)
        return self.keeping(lambda f: any(f.cites(p) for p in wanted))

    def keeping(self, wanted: Callable[[Finding], bool]) -> FileResult:
        """This result with only the findings *wanted* is true of."""
        if self.report is None or all(wanted(f) for f in self.report):
            return self
        keep = [i for i, f in enumerate(self.report.findings) if wanted(f)]
        findings = tuple(self.report.findings[i] for i in keep)
        lines = tuple(self.lines[i] for i in keep) if self.lines else ()
        return attrs.evolve(self, report=attrs.evolve(self.report, findings=findings), lines=lines)

    def stable_path(self, finding: Finding) -> str:
        """The path of *finding* with its activity's position replaced by its id
        (``activities[2].purposes[0]`` → ``activities[id=newsletter].purposes[0]``),
        so that it does not change when activities are added or moved."""
        index = finding.activity
        if index is None or index >= len(self.activity_ids):
            return finding.path
        return f"activities[id={self.activity_ids[index]}]{finding.path[len(f'activities[{index}]') :]}"

    def accepted_line_of(self, index: int) -> int | None:
        """The line of the accepted finding at *index*, if known."""
        return self.accepted_lines[index] if index < len(self.accepted_lines) else None


def _acceptance_words(accepted: Accepted) -> str:
    """``accepted by DPO until 2026-12-31 (baseline): justification``."""
    until = f" until {accepted.until.isoformat()}" if accepted.until is not None else ""
    origin = " (baseline)" if accepted.source == "baseline" else ""
    return f"accepted by {accepted.decided_by}{until}{origin}: {accepted.justification}"


def _also_at(result: FileResult, finding: Finding) -> str:
    """``also at activities[3].recipients[0], line 80; …`` (lines when known)."""
    return also_at_text(finding, _also_at_lines(result, finding))


def _also_at_lines(result: FileResult, finding: Finding) -> list[int | None]:
    if result.report is None:
        return [None] * len(finding.also_at)
    return [p.line if p is not None else None for p in result.report.also_at_positions(finding)]


def fails(finding: Finding, fail_on: Severity | None) -> bool:
    """Whether *finding* reaches the ``--fail-on`` threshold (``None``: never)."""
    return fail_on is not None and finding.severity.rank <= fail_on.rank


def use_color(stream: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour output written to *stream*: only on a terminal, and
    never when ``NO_COLOR`` is set to a non-empty value (https://no-color.org)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):  # a closed or detached stream
        return False


# -- text -----------------------------------------------------------------------------------

_STYLE = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;34m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "ok": "\x1b[1;32m",
}
_RESET = "\x1b[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


_MESSAGE_INDENT = " " * 6


def _wrapped(
    message: str, cites: str, width: int | None, paint: Callable[[str, str], str]
) -> list[str]:
    """The lines of a finding's message and its articles (dimmed), indented
    under the finding; with a *width*, wrapped on spaces to fit it (a word
    longer than the width is never cut), the articles on the message's last
    line when they fit there, else on lines of their own."""
    if width is None:
        return [f"{_MESSAGE_INDENT}{message}{paint(cites, 'dim') if cites else ''}"]
    width = max(width, len(_MESSAGE_INDENT) + 20)

    def fill(text: str) -> list[str]:
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=_MESSAGE_INDENT,
            subsequent_indent=_MESSAGE_INDENT,
            break_long_words=False,
            break_on_hyphens=False,
        )

    lines = fill(message) or [_MESSAGE_INDENT]
    if not cites:
        return lines
    if len(lines[-1]) + len(cites) <= width:
        lines[-1] += paint(cites, "dim")
        return lines
    return lines + [paint(line, "dim") for line in fill(cites.strip())]


def format_text(
    results: Sequence[FileResult],
    *,
    color: bool = False,
    fail_on: Severity | None = Severity.ERROR,
    width: int | None = None,
) -> str:
    """Findings for people: grouped by file, then by activity (register-wide
    findings first), each with its severity, rule code and name, path, line,
    message and articles; then a summary line with the counts.

    With a *width* (a terminal's), messages are wrapped on spaces to fit it,
    their lines indented under the finding's.

    Files that could not be loaded are only counted here: their problems are
    reported on standard error by the command line.
    """

    def paint(text: str, style: str) -> str:
        return f"{_STYLE[style]}{text}{_RESET}" if color else text

    out: list[str] = []
    total: list[Finding] = []
    accepted_count = 0
    for result in results:
        if result.report is None or not (result.report.findings or result.report.accepted):
            continue
        accepted_count += len(result.report.accepted)
        findings = result.report.findings
        total.extend(findings)
        labels = dict(result.activities)
        groups: dict[int | None, list[int]] = {}
        for index, finding in enumerate(findings):
            groups.setdefault(finding.activity, []).append(index)
        # Register text (file names, ids, paths, messages quoting values) is
        # escaped for the terminal: it can neither forge a line nor hide one.
        out.append(paint(_t(result.file), "bold"))
        for key in sorted(groups, key=lambda k: -1 if k is None else k):
            if key is None:
                out.append("  register")
            else:
                label = labels.get(key)
                out.append(
                    f"  activity {_t(label)} (activities[{key}])"
                    if label
                    else f"  activities[{key}]"
                )
            # In the order of the file's lines, as the reader goes through it.
            for index in sorted(groups[key], key=lambda i: _line_order(result.line_of(i))):
                finding = findings[index]
                head, _ = finding_lines(finding, result.line_of(index), paint)
                out.append(f"    {head}")
                cites = f" [{'; '.join(finding.articles)}]" if finding.articles else ""
                # The message quotes register text: escaped, like the rest.
                out += _wrapped(_t(finding.message), cites, width, paint)
                if finding.also_at:
                    out += _wrapped(_t(_also_at(result, finding)), "", width, paint)
        if result.report.accepted:
            out.append("  accepted")
        for index, accepted in enumerate(result.report.accepted):
            finding = accepted.finding
            where = finding.path or "(register)"
            line = result.accepted_line_of(index)
            if line is not None:
                where += f", line {line}"
            out.append(
                f"    {paint('accepted', 'dim')} {finding.rule} {finding.name} at {_t(where)}"
            )
            if finding.also_at:
                out += _wrapped(_t(_also_at(result, finding)), "", width, paint)
            out += _wrapped(_t(_acceptance_words(accepted)), "", width, paint)
        out.append("")
    out.append(_summary(results, total, paint, fail_on, accepted_count))
    return "\n".join(out) + "\n"


def _line_order(line: int | None) -> tuple[bool, int]:
    """A sort key putting findings in line order, those without a line last."""
    return (line is None, line or 0)


def _summary(
    results: Sequence[FileResult],
    findings: Sequence[Finding],
    paint: Callable[[str, str], str],
    fail_on: Severity | None,
    accepted: int = 0,
) -> str:
    loaded = sum(1 for r in results if r.loaded)
    broken = len(results) - loaded
    head = f"Checked {_plural(loaded, 'register')}"
    if findings:
        counts = _counts(findings)
        parts = [
            _plural(counts[Severity.ERROR], "error"),
            _plural(counts[Severity.WARNING], "warning"),
            f"{counts[Severity.INFO]} info",
        ]
        body = f"{head}: {_plural(len(findings), 'finding')} ({', '.join(parts)})."
    else:
        body = f"{head}: no findings."
    if accepted:
        body = f"{body[:-1]}; {accepted} accepted."
    if broken:
        body += f" {_plural(broken, 'file')} could not be loaded (see standard error)."
    failing = broken > 0 or any(fails(f, fail_on) for f in findings)
    style = "error" if failing else ("warning" if findings else "ok")
    return paint(body, style)


# -- JSON -----------------------------------------------------------------------------------


def _finding_json(finding: Finding, line: int | None, result: FileResult) -> dict[str, Any]:
    lines = _also_at_lines(result, finding) if finding.also_at else []
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": line,
        "message": finding.message,
        "articles": list(finding.articles),
        "also_at": [
            {"path": path, "line": lines[i]} for i, path in enumerate(finding.also_at_paths)
        ],
    }


def _accepted_json(accepted: Accepted, line: int | None, result: FileResult) -> dict[str, Any]:
    return {
        **_finding_json(accepted.finding, line, result),
        "acceptance": {
            "justification": accepted.justification,
            "decided_by": accepted.decided_by,
            "until": accepted.until.isoformat() if accepted.until is not None else None,
            "source": accepted.source,
        },
    }


def format_json(
    results: Sequence[FileResult],
    *,
    as_of: dt.date,
    profiles: Sequence[str],
    fail_on: Severity | None = Severity.ERROR,
) -> str:
    """Findings for scripts: one JSON object (``format_version``
    :data:`JSON_FORMAT_VERSION`), documented in the CLI page of the docs.

    Each file gets ``file``, ``ok`` (loaded, and no finding reaches
    *fail_on*), ``error`` (the load problems, or ``null``) and ``findings``.
    """
    files = []
    everything: list[Finding] = []
    for result in results:
        if result.report is None:
            files.append(
                {
                    "file": result.file,
                    "ok": False,
                    "error": [{"path": p, "message": m} for p, m in result.problems],
                    "findings": [],
                    "accepted": [],
                }
            )
            continue
        findings = result.report.findings
        everything.extend(findings)
        files.append(
            {
                "file": result.file,
                "ok": not any(fails(f, fail_on) for f in findings),
                "error": None,
                "findings": [
                    _finding_json(f, result.line_of(i), result) for i, f in enumerate(findings)
                ],
                "accepted": [
                    _accepted_json(a, result.accepted_line_of(i), result)
                    for i, a in enumerate(result.report.accepted)
                ],
            }
        )
    counts = _counts(everything)
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "as_of": as_of.isoformat(),
        "profiles": list(profiles),
        "fail_on": fail_on.value if fail_on is not None else "never",
        "summary": {
            "files": len(results),
            "not_loaded": sum(1 for r in results if not r.loaded),
            "findings": len(everything),
            "error": counts[Severity.ERROR],
            "warning": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "accepted": sum(len(r.report.accepted) for r in results if r.report is not None),
        },
        "files": files,
    }
    return json_text(document)


# -- SARIF ----------------------------------------------------------------------------------


def _rule_help(rule: Rule) -> tuple[str, str]:
    articles = "; ".join(rule.articles)
    text = f"{rule.title}\n\n{rule.rationale}\n\nArticles: {articles or 'none cited'}"
    bullet = "\n".join(f"- {a}" for a in rule.articles) or "- none cited"
    markdown = f"**{rule.title}**\n\n{rule.rationale}\n\n**Articles**\n\n{bullet}"
    return text, markdown


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    text, markdown = _rule_help(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {
            "profile": rule.profile,
            "status": rule.status,
            "articles": list(rule.articles),
            "tags": [rule.profile, *rule.articles][:SARIF_MAX_TAGS],
        },
    }


SARIF_MAX_RESULTS = 25_000
"""GitHub code scanning rejects a SARIF run with more results than this (and
shows the 5,000 most severe); :func:`format_sarif` keeps at most this many."""

SARIF_MAX_TAGS = 20
"""GitHub code scanning rejects a rule with more tags than this."""

FINGERPRINT = "gdprkitFinding/v1"
"""The key of gdprkit's ``partialFingerprints``: a hash of the file, the rule
and the element's path with each activity named by its id, so that a finding
keeps its identity when lines move or activities are added before it."""


def format_sarif(
    results: Sequence[FileResult],
    *,
    rules: Sequence[Rule],
    version: str,
    max_results: int = SARIF_MAX_RESULTS,
) -> str:
    """A SARIF 2.1.0 log with one run: the rules that were run in
    ``tool.driver.rules`` and one result per finding, located at the line and
    column of the offending element in the register file (a finding about the
    whole register: its controller block), with a stable fingerprint.

    Files that could not be loaded become ``toolExecutionNotifications`` of
    the run's invocation, whose ``executionSuccessful`` is then false.  Beyond
    *max_results* findings, the most severe are kept (in document order) and a
    notification says how many were left out.
    """
    descriptors = [_rule_descriptor(r) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    notifications: list[dict[str, Any]] = []
    located: list[tuple[Finding, FileResult, int]] = []
    for result in results:
        location = {"artifactLocation": {"uri": result.uri}} if result.uri is not None else None
        if result.report is None:
            for path, message in result.problems:
                note: dict[str, Any] = {
                    "level": "error",
                    "message": {
                        "text": f"{result.file}: {path}: {message}"
                        if path
                        else f"{result.file}: {message}"
                    },
                    "descriptor": {"id": "load-error"},
                }
                if location is not None:
                    note["locations"] = [{"physicalLocation": location}]
                notifications.append(note)
            continue
        located.extend((f, result, i) for i, f in enumerate(result.report.findings))
    left_out = len(located) - max_results
    if left_out > 0:
        kept = sorted(range(len(located)), key=lambda k: located[k][0].severity.rank)
        located = [located[k] for k in sorted(kept[:max_results])]
        notifications.append(_cap_notification(left_out, max_results))
    seen: dict[str, int] = {}
    sarif_results = [_sarif_result(f, r, i, index, seen) for f, r, i in located]
    for result in results:
        if result.report is None or not result.report.accepted:
            continue
        view = attrs.evolve(
            result,
            lines=result.accepted_lines,
            report=attrs.evolve(
                result.report, findings=tuple(a.finding for a in result.report.accepted)
            ),
        )
        for i, accepted in enumerate(result.report.accepted):
            entry = _sarif_result(accepted.finding, view, i, index, seen)
            entry["suppressions"] = [
                {
                    # In the register itself, or in a baseline file beside it.
                    "kind": "inSource" if accepted.source == "register" else "external",
                    "status": "accepted",
                    "justification": _acceptance_words(accepted),
                }
            ]
            sarif_results.append(entry)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "gdprkit",
                "version": version,
                **({"semanticVersion": version} if re.fullmatch(_SEMVER, version) else {}),
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not any(n["level"] == "error" for n in notifications),
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(log)


def cap_message(left_out: int, max_results: int) -> str:
    """What the SARIF output says when findings beyond *max_results* were left out."""
    return (
        f"{left_out} of {left_out + max_results} findings left out of the SARIF output: "
        f"GitHub code scanning rejects a run of more than {SARIF_MAX_RESULTS:,} results (and "
        f"shows the 5,000 most severe); the {max_results:,} most severe are kept. "
        f"Raise the threshold with --min-severity warning or error, or fix the register."
    )


def _also_at_note(finding: Finding) -> str:
    count = len(finding.also_at)
    if not count:
        return ""
    return f" Also at {count} other place{'s' if count > 1 else ''} (related locations)."


def _related_locations(finding: Finding, result: FileResult) -> list[dict[str, Any]]:
    """The other places of a defect found in several places, as SARIF
    ``relatedLocations`` (ids 1, 2, … in document order; the result's own
    location is its first place)."""
    places = result.report.also_at_positions(finding) if result.report is not None else ()
    related = []
    for number, path in enumerate(finding.also_at_paths, start=1):
        place: dict[str, Any] = {"id": number}
        position = places[number - 1] if number <= len(places) else None
        if result.uri is not None:
            region: dict[str, Any] = {"startLine": position.line if position else 1}
            if position is not None:
                region["startColumn"] = position.column
            place["physicalLocation"] = {
                "artifactLocation": {"uri": result.uri},
                "region": region,
            }
        place["logicalLocations"] = [
            {"fullyQualifiedName": path or "(register)", "kind": "element"}
        ]
        place["message"] = {"text": f"Also at {path or '(register)'}"}
        related.append(place)
    return related


def _cap_notification(left_out: int, max_results: int) -> dict[str, Any]:
    return {
        "level": "warning",
        "message": {"text": cap_message(left_out, max_results)},
        "descriptor": {"id": "results-capped"},
    }


def _sarif_result(
    finding: Finding,
    result: FileResult,
    i: int,
    index: Mapping[str, int],
    seen: dict[str, int],
) -> dict[str, Any]:
    cites = f" ({'; '.join(finding.articles)})" if finding.articles else ""
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": f"{finding.message}{cites}{_also_at_note(finding)}"},
    }
    if finding.rule in index:
        entry["ruleIndex"] = index[finding.rule]
    where: dict[str, Any] = {}
    if result.uri is not None:
        region: dict[str, Any] = {"startLine": result.line_of(i) or 1}
        position = result.report.position(finding) if result.report is not None else None
        if position is not None and position.line == region["startLine"]:
            region["startColumn"] = position.column
        where["physicalLocation"] = {"artifactLocation": {"uri": result.uri}, "region": region}
    stable = result.stable_path(finding)
    where["logicalLocations"] = [
        {"fullyQualifiedName": finding.path or "(register)", "kind": "element"}
    ]
    entry["locations"] = [where]
    if finding.also_at:
        entry["relatedLocations"] = _related_locations(finding, result)
    import hashlib  # SARIF only: the text output does not pay for OpenSSL

    key = hashlib.sha256(
        "\x00".join((result.uri or result.file, finding.rule, stable)).encode("utf-8")
    ).hexdigest()
    # several findings of one rule on one element: numbered in document order
    occurrence = seen.get(key, 0) + 1
    seen[key] = occurrence
    entry["partialFingerprints"] = {FINGERPRINT: f"{key}:{occurrence}"}
    return entry
