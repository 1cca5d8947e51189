"""A register diff for people and programs: text for the terminal, Markdown for
a pull-request comment, JSON.

Every piece of register text is escaped for its medium: control and
bidirectional-override characters are shown as escapes (``\x1b``) in the
terminal and in Markdown, and Markdown shows the text exactly (a bare carriage
return, which some renderers take as a line break, counts as one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from gdprkit.changes import Change, ChangeKind, RegisterDiff
from gdprkit.render._document import md_escape
from gdprkit.rules import Finding


__all__ = ["MARKDOWN_MARKER", "format_diff_json", "format_diff_markdown", "format_diff_text"]

MARKDOWN_MARKER = "<!-- gdprkit-diff -->"
"""The first line of the Markdown output: a comment that lets a CI job find
and update its own pull-request comment."""

_ADDED = frozenset(
    {
        ChangeKind.ACTIVITY_ADDED,
        ChangeKind.PURPOSE_ADDED,
        ChangeKind.DATA_CATEGORY_ADDED,
        ChangeKind.RECIPIENT_ADDED,
        ChangeKind.TRANSFER_ADDED,
        ChangeKind.RIGHT_ADDED,
    }
)
_REMOVED = frozenset(
    {
        ChangeKind.ACTIVITY_REMOVED,
        ChangeKind.ACTIVITY_RETIRED,
        ChangeKind.PURPOSE_REMOVED,
        ChangeKind.DATA_CATEGORY_REMOVED,
        ChangeKind.RECIPIENT_REMOVED,
        ChangeKind.TRANSFER_REMOVED,
        ChangeKind.RIGHT_REMOVED,
    }
)

# C0 and C1 controls, DEL, the bidirectional controls that reorder what a
# terminal shows (the "Trojan Source" characters), line and paragraph
# separators, and lone surrogates (which no output encoding can write).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
# A lone surrogate cannot be written as UTF-8; in JSON it has an escape of its own.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """*text* with every control character shown as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_escape_char, text)


_LINE_BREAK = re.compile(r"\r\n?")


def _md(text: str) -> str:
    """Register text as Markdown: a bare CR is a line break like LF (shown as
    ``<br>``), other control characters are shown as escapes."""
    lines = _LINE_BREAK.sub("\n", text).split("\n")
    return md_escape("\n".join(terminal_safe(line) for line in lines))


def _mark(change: Change) -> str:
    if change.kind in _ADDED:
        return "+"
    if change.kind in _REMOVED:
        return "-"
    return "~"


def _groups(result: RegisterDiff) -> list[tuple[str | None, list[Change]]]:
    groups: dict[str | None, list[Change]] = {}
    for change in result.changes:
        groups.setdefault(change.activity, []).append(change)
    return list(groups.items())


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _headline(result: RegisterDiff) -> str:
    if not result.changed:
        return "No change in the register."
    activities = sum(1 for key, _ in _groups(result) if key is not None)
    changes = _count(len(result.changes), "change", "changes")
    return f"{changes} ({_count(activities, 'activity', 'activities')} touched)"


def _findings_headline(result: RegisterDiff) -> str:
    profiles = ", ".join(result.profiles)
    day = result.as_of.isoformat() if result.as_of else ""
    return (
        f"Findings (profile {profiles}, as of {day}): "
        f"{len(result.findings_added)} added, {len(result.findings_resolved)} resolved"
    )


def _finding_line(finding: Finding, escape: Callable[[str], str]) -> str:
    cites = f" [{'; '.join(finding.articles)}]" if finding.articles else ""
    where = escape(finding.path or "(register)")
    also = "".join(f", {escape(p or '(register)')}" for p in finding.also_at_paths)
    return f"{finding.severity.value} {finding.rule} {finding.name} at {where}{also}: {escape(finding.message)}{cites}"


def format_diff_text(result: RegisterDiff, *, old: str = "old", new: str = "new") -> str:
    """The diff for a terminal: changes grouped by activity, each with what it
    triggers, then the findings added and resolved and what it all calls for.

    Args:
        result: The diff.
        old: How to name the old version (a file name, ``main:register.json``).
        new: How to name the new version.
    """
    esc = terminal_safe
    names = dict(result.activity_names)
    out = [f"{esc(old)} -> {esc(new)}: {_headline(result)}"]
    for activity, changes in _groups(result):
        out.append("")
        if activity is None:
            out.append("register")
        else:
            out.append(
                f"activity {esc(activity)} {esc(json.dumps(names.get(activity, ''), ensure_ascii=False))}"
            )
        for change in changes:
            cites = f" [{'; '.join(change.articles)}]" if change.articles else ""
            out.append(f"  {_mark(change)} {esc(change.message)}{cites}")
            for trigger in change.triggers:
                why = f" — {trigger.reason}" if trigger.reason else ""
                out.append(f"      -> {trigger.action.label} ({'; '.join(trigger.articles)}){why}")
    if result.validated:
        out += ["", _findings_headline(result)]
        out += [f"  + {_finding_line(f, esc)}" for f in result.findings_added]
        out += [f"  - {_finding_line(f, esc)}" for f in result.findings_resolved]
    triggered = result.triggered()
    if triggered:
        out += ["", "What the changes call for:"]
        out += [
            f"  - {action.label} ({'; '.join(articles)})" for action, articles in triggered.items()
        ]
    return "\n".join(out) + "\n"


def format_diff_markdown(result: RegisterDiff, *, old: str = "old", new: str = "new") -> str:
    """The diff as Markdown for a pull-request comment (GitHub Flavored
    Markdown): a heading, what the changes call for, the changes by activity
    and the findings added and resolved.  Starts with :data:`MARKDOWN_MARKER`."""
    names = dict(result.activity_names)
    out = [
        MARKDOWN_MARKER,
        "### Register changes",
        "",
        f"`{_code(old)}` → `{_code(new)}`: {_headline(result)}",
    ]
    triggered = result.triggered()
    if triggered:
        out += ["", "**What the changes call for**", ""]
        out += [
            f"- {action.label} ({'; '.join(_md(a) for a in articles)})"
            for action, articles in triggered.items()
        ]
    for activity, changes in _groups(result):
        out.append("")
        if activity is None:
            out.append("#### Register")
        else:
            out.append(f"#### {_md(names.get(activity, ''))} (`{_code(activity)}`)")
        out.append("")
        for change in changes:
            cites = f" ({'; '.join(_md(a) for a in change.articles)})" if change.articles else ""
            out.append(f"- **{_mark(change)}** {_md(change.message)}{cites}")
            for trigger in change.triggers:
                why = f": {_md(trigger.reason)}" if trigger.reason else ""
                out.append(
                    f"  - ➜ {trigger.action.label} ({'; '.join(_md(a) for a in trigger.articles)}){why}"
                )
    if result.validated:
        out += ["", f"**{_md(_findings_headline(result))}**", ""]
        out += [f"- ➕ {_finding_md(f)}" for f in result.findings_added]
        out += [f"- ✅ {_finding_md(f)}" for f in result.findings_resolved]
    return "\n".join(out) + "\n"


def _code(text: str) -> str:
    """Text for an inline code span: controls escaped, and no backtick to end it early."""
    return terminal_safe(text).replace("`", "'")


def _finding_md(finding: Finding) -> str:
    cites = f" ({'; '.join(_md(a) for a in finding.articles)})" if finding.articles else ""
    where = _code(finding.path or "(register)")
    also = "".join(f", `{_code(p or '(register)')}`" for p in finding.also_at_paths)
    return f"**{finding.severity.value}** {finding.rule} `{where}`{also}: {_md(finding.message)}{cites}"


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "message": finding.message,
        "articles": list(finding.articles),
        "also_at": list(finding.also_at_paths),
    }


def _change_json(change: Change, names: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "activity": change.activity,
        "activity_name": names.get(change.activity) if change.activity else None,
        "element": change.element,
        "before": change.before,
        "after": change.after,
        "message": change.message,
        "articles": list(change.articles),
        "triggers": [
            {
                "action": t.action.value,
                "label": t.action.label,
                "articles": list(t.articles),
                "reason": t.reason,
            }
            for t in change.triggers
        ],
    }


def format_diff_json(result: RegisterDiff, *, old: str = "old", new: str = "new") -> str:
    """The diff as a JSON document (``format_version`` 1)."""
    names = dict(result.activity_names)
    document: dict[str, Any] = {
        "format_version": 1,
        "old": old,
        "new": new,
        "changed": result.changed,
        "changes": [_change_json(c, names) for c in result.changes],
        "triggered": [
            {"action": action.value, "label": action.label, "articles": list(articles)}
            for action, articles in result.triggered().items()
        ],
    }
    if result.validated:
        document["findings"] = {
            "as_of": result.as_of.isoformat() if result.as_of else None,
            "profiles": list(result.profiles),
            "added": [_finding_json(f) for f in result.findings_added],
            "resolved": [_finding_json(f) for f in result.findings_resolved],
        }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"
