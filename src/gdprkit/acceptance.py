"""Accepted findings: a layer over the findings validation returns.

A DPO who has assessed a finding records it as accepted, with a justification,
who decided and until when: in the register (``accepted_findings``) or in a
baseline file written by ``gdprkit baseline``.  :func:`apply_acceptances`
takes a validation report and moves each finding such an acceptance covers
to :attr:`Report.accepted <gdprkit.rules.Report.accepted>`, where it is no
longer a failure.  The rules know nothing of this.

How an acceptance matches a finding
-----------------------------------
* **Rule**: the finding's rule code equals the acceptance's ``rule``.
* **Element**: a finding inside an activity (``activities[3].transfers[0]``)
  is named by the activity's id and the path inside it (``activity:
  "support"``, ``path: "transfers[0]"``), so the acceptance follows the
  activity when others are added, removed or reordered.  Any other finding
  is named by its path in the register (``controller``, or ``""`` for the
  register itself).
* **Content**: when the acceptance has a ``fingerprint`` (``gdprkit
  baseline`` writes one), it must equal :func:`fingerprint` of the element
  now: any change to the element (its own fields and everything inside it;
  extension fields aside) lapses the acceptance, and the finding is reported
  again, saying so.  An acceptance written by hand without a fingerprint
  holds whatever the element's content.
* **Date**: an acceptance holds up to and including its ``until`` day, as of
  the report's date; after it the finding is reported again, saying so.

A finding found in several places (:attr:`Finding.also_at
<gdprkit.rules.Finding.also_at>`, one defect) is matched by its first place,
its ``path``: an acceptance of that place accepts the whole defect, and the
fingerprint is the first place's element.  ``gdprkit baseline`` writes that
entry.  An acceptance naming one of the other places matches nothing and is
reported as unused (below), saying where the defect is now reported.

An acceptance that matches no finding of a rule that was run (the defect was
fixed, the element is gone, the id was mistyped) is reported by the finding
:data:`UNUSED_RULE` (``ACCEPT001``, severity info: tidying the register is
advice, not a legal gap), so that stale acceptances do not pile up.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from gdprkit.model import AcceptedFinding, Register
from gdprkit.rules import Finding, Report, Rule, Severity
from gdprkit.rules import validate as _validate_findings
from gdprkit.rules.findings import Accepted
from gdprkit.serialization import object_to_data


__all__ = [
    "UNUSED_RULE",
    "apply_acceptances",
    "baseline_entries",
    "element_at",
    "fingerprint",
    "validate",
]


def _no_check(register: Register, context: object) -> Iterable[Any]:
    """Not run by the engine: :func:`apply_acceptances` yields these findings."""
    return ()


UNUSED_RULE = Rule(
    code="ACCEPT001",
    name="unused-acceptance",
    title="Every accepted finding still matches a finding",
    severity=Severity.INFO,
    articles=(),
    profile="accepted",
    rationale=(
        "An accepted finding (in the register's accepted_findings or in a baseline file) "
        "that matches no finding of a rule that was run is stale: the defect was fixed, the "
        "element is gone or was renamed, or the entry names a rule, activity or path that "
        "does not exist. Remove it, or correct it, so that the list of accepted risks stays "
        "the list of risks actually accepted. It is advice (info): a stale entry is no gap "
        "in the record itself."
    ),
    severity_reason=(
        "Advice: a stale acceptance is no gap in the record itself, only in the list of "
        "accepted risks."
    ),
    check=_no_check,
)
"""The rule of the findings that report unused acceptances (not registered in
any profile: no check runs it)."""

_ACTIVITY = r"activities\[(\d+)\](?:\.(.*)|(\[.*))?$"
_SEGMENT = r"\.?([^.\[\]]+)|\[(\d+)\]"
# Patterns compiled (and cached by re) on first use: only acceptances need them.
_NOT_FOUND = object()


def element_at(register: Register, path: str) -> object:
    """The object or value at *path* in *register* (the register itself for
    ``""``), or a sentinel that no fingerprint matches when there is none."""
    current: Any = register
    for name, index in re.findall(_SEGMENT, path):
        try:
            current = current[int(index)] if index else getattr(current, name)
        except (IndexError, AttributeError, TypeError):
            return _NOT_FOUND
    return current


def _strip_extensions(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_extensions(v) for k, v in data.items() if not k.startswith("x-")}
    if isinstance(data, list):
        return [_strip_extensions(v) for v in data]
    return data


def fingerprint(register: Register, path: str) -> str:
    """A fingerprint of the content of the element at *path*: the first 16
    hexadecimal digits of the SHA-256 of its JSON form (keys sorted, extension
    fields left out).  For the register itself (``""``), its activities and
    accepted findings are left out, which have findings of their own."""
    element = element_at(register, path)
    if element is _NOT_FOUND:
        return "-"
    if element is register:
        element = attrs.evolve(register, activities=(), accepted_findings=())
    data = object_to_data(element)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if '"x-' in text:  # only then can there be extension fields to leave out
        text = json.dumps(
            _strip_extensions(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
    import hashlib  # only for accepted findings: not every validation pays for OpenSSL

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class _Fingerprints(dict[str, str]):
    """The fingerprints of one register's elements, each computed once."""

    def __init__(self, register: Register) -> None:
        super().__init__()
        self.register = register

    def __missing__(self, path: str) -> str:
        self[path] = found = fingerprint(self.register, path)
        return found


def _element(register: Register, path: str) -> tuple[str | None, str]:
    """The finding path *path* as ``(activity id, path inside the activity)``,
    or ``(None, path)`` for an element outside the activities."""
    match = re.match(_ACTIVITY, path, re.DOTALL)
    if match is None:
        return None, path
    index = int(match.group(1))
    if index >= len(register.activities):
        return None, path
    inner = match.group(2) if match.group(2) is not None else (match.group(3) or "")
    return register.activities[index].id, inner


def _describe(entry: AcceptedFinding) -> str:
    where = f'activity "{entry.activity}"' if entry.activity is not None else "the register"
    if entry.path:
        where += f" at {entry.path}"
    return f"{entry.rule} on {where}"


def _lapsed(finding: Finding, entry: AcceptedFinding, why: str) -> Finding:
    note = f" (Accepted by {entry.decided_by}, but {why}: assess it again.)"
    return attrs.evolve(finding, message=finding.message + note)


def apply_acceptances(
    report: Report,
    register: Register,
    *,
    baseline: Sequence[AcceptedFinding] = (),
) -> Report:
    """The report with every finding that an acceptance covers moved to
    :attr:`~gdprkit.rules.Report.accepted`, and an ``ACCEPT001`` finding for
    each acceptance that matches no finding (see the module's documentation).

    Args:
        report: What validation of *register* returned.
        register: The register validated; its ``accepted_findings`` apply.
        baseline: Accepted findings from a baseline file.
    """
    sources = [
        *((e, "register", i) for i, e in enumerate(register.accepted_findings)),
        *((e, "baseline", i) for i, e in enumerate(baseline)),
    ]
    if not sources:
        return report
    by_key: dict[tuple[str, str | None, str], list[int]] = {}
    for number, (entry, _, _) in enumerate(sources):
        by_key.setdefault((entry.rule, entry.activity, entry.path), []).append(number)
    used = [False] * len(sources)
    kept: list[Finding] = []
    accepted: list[Accepted] = []
    prints = _Fingerprints(register)
    for finding in report.findings:
        activity, inner = _element(register, finding.path)
        candidates = by_key.get((finding.rule, activity, inner), [])
        if activity is not None:  # an acceptance may also name the path in the register
            candidates = candidates + by_key.get((finding.rule, None, finding.path), [])
        holding: tuple[AcceptedFinding, str] | None = None
        lapsed: Finding | None = None
        for number in candidates:  # every one that matches is used, the first that holds wins
            entry, source, _ = sources[number]
            used[number] = True
            if entry.until is not None and report.as_of > entry.until:
                lapsed = _lapsed(finding, entry, f"only until {entry.until.isoformat()}")
            elif entry.fingerprint is not None and prints[finding.path] != entry.fingerprint:
                lapsed = _lapsed(finding, entry, "the element has changed since")
            elif holding is None:
                holding = (entry, source)
        if holding is None:
            kept.append(lapsed or finding)
            continue
        entry, source = holding
        accepted.append(
            Accepted(
                finding=finding,
                justification=entry.justification,
                decided_by=entry.decided_by,
                until=entry.until,
                source=source,
            )
        )
    ran = set(report.rules)
    # The other places of grouped findings: an acceptance of one names the first place.
    grouped = {
        (f.rule, *_element(register, path)): f.path or "(register)"
        for f in report.findings
        for path in f.also_at_paths
    }
    for number, (entry, source, index) in enumerate(sources):
        if used[number] or entry.rule not in ran:
            continue
        first = grouped.get((entry.rule, entry.activity, entry.path))
        hint = (
            f" This place is now reported with the same defect's finding at {first}: accept "
            "that finding at its first place instead."
            if first is not None
            else ""
        )
        where: tuple[str | int, ...] = ("accepted_findings", index) if source == "register" else ()
        origin = "" if source == "register" else f"Baseline entry {index + 1}: "
        kept.append(
            Finding(
                rule=UNUSED_RULE.code,
                name=UNUSED_RULE.name,
                severity=UNUSED_RULE.severity,
                location=where,
                message=(
                    f"{origin}The accepted finding {_describe(entry)} matches no finding: "
                    "the defect is fixed or the element is gone; remove the entry, or correct "
                    f"its rule, activity or path.{hint}"
                ),
            )
        )
    kept.sort(key=lambda f: f.sort_key)
    return attrs.evolve(report, findings=tuple(kept), accepted=tuple(accepted))


def baseline_entries(
    report: Report,
    register: Register,
    *,
    justification: str,
    decided_by: str,
    until: dt.date | None = None,
) -> tuple[AcceptedFinding, ...]:
    """An accepted finding, with its fingerprint, for every rule and element
    with findings in *report* (those already accepted and ``ACCEPT001``
    findings aside): what ``gdprkit baseline`` writes.  One entry covers
    every finding of its rule at its element."""
    entries = []
    prints = _Fingerprints(register)
    seen: set[tuple[str, str]] = set()
    for finding in report.findings:
        if finding.rule == UNUSED_RULE.code or (finding.rule, finding.path) in seen:
            continue
        seen.add((finding.rule, finding.path))
        activity, inner = _element(register, finding.path)
        entries.append(
            AcceptedFinding(
                rule=finding.rule,
                activity=activity,
                path=inner,
                justification=justification,
                decided_by=decided_by,
                until=until,
                fingerprint=prints[finding.path],
            )
        )
    return tuple(entries)


def validate(
    register: Register, *, baseline: Sequence[AcceptedFinding] = (), **options: Any
) -> Report:
    """Validate *register* (see :func:`gdprkit.rules.validate` for *options*:
    profiles, as_of, select, ignore) and apply its accepted findings and those
    of *baseline*.  This is :func:`gdprkit.validate`."""
    report = _validate_findings(register, **options)
    return apply_acceptances(report, register, baseline=baseline)
