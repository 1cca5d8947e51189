"""What changed between two versions of a register, in the register's own terms.

:func:`diff` compares two :class:`~gdprkit.model.Register` values and returns a
:class:`RegisterDiff`: one :class:`Change` per change that matters in law (an
activity added or removed, a purpose's lawful basis changed, a new category of
special-category data, a new transfer, a retention lengthened, …), each with
what it triggers (:class:`Trigger`): a notice update (GDPR Art. 12–14), a DPIA
review (Art. 35(11)), a transfer assessment (Chapter V), a compatibility check
for a new purpose (Art. 6(4)).  With *profiles*, both versions are also
validated and the findings added and resolved come with the changes.

Elements are matched by what identifies them, never by position: activities
by ``id``; inside an activity, purposes, data categories and recipients by
name, transfers by recipient and destination, rights by right.  A purpose,
data category or recipient left unmatched on both sides that is surely the
same element under another name (the same lawful bases, kind or role, and a
similar name) is one change, ``purpose-reworded``, ``data-category-renamed`` or
``recipient-renamed``; anything doubtful stays one removed and one added.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from gdprkit.changes._compare import (
    activity_added,
    activity_changes,
    activity_removed,
    register_changes,
)
from gdprkit.changes._types import Action, Change, ChangeKind, RegisterDiff, Trigger
from gdprkit.model import Register
from gdprkit.rules import Finding, Location, Profile, validate


__all__ = ["Action", "Change", "ChangeKind", "RegisterDiff", "Trigger", "diff"]


# -- the comparison -------------------------------------------------------------------------


def diff(
    old: Register,
    new: Register,
    *,
    profiles: str | Iterable[str | Profile] | None = None,
    as_of: dt.date | None = None,
) -> RegisterDiff:
    """What changed from *old* to *new*.

    Args:
        old: The earlier version.
        new: The later version.
        profiles: When given, validate both versions with these profiles
            (names such as ``("gdpr", "cnil")``, or :class:`~gdprkit.rules.Profile`
            values) and report the findings added and resolved.
        as_of: Date at which date-dependent facts are evaluated when
            validating (today by default).

    Raises:
        ValueError: for an unknown profile.
    """
    changes = [*register_changes(old, new)]
    old_by_id = {a.id: a for a in old.activities}
    new_ids = {a.id for a in new.activities}
    for activity in new.activities:
        before = old_by_id.get(activity.id)
        if before is None:
            changes.append(activity_added(activity))
        else:
            changes.extend(activity_changes(old, new, before, activity))
    changes.extend(activity_removed(a) for a in old.activities if a.id not in new_ids)
    touched = {c.activity for c in changes}
    names = tuple(
        (a.id, a.name)
        for a in (*new.activities, *(a for a in old.activities if a.id not in new_ids))
        if a.id in touched
    )
    if profiles is None:
        return RegisterDiff(changes=tuple(changes), activity_names=names)
    run = (profiles,) if isinstance(profiles, str) else tuple(profiles)
    day = as_of if as_of is not None else dt.date.today()
    old_report = validate(old, profiles=run, as_of=day)
    new_report = validate(new, profiles=run, as_of=day)
    resolved, added = _unmatched(old, old_report.findings, new, new_report.findings)
    return RegisterDiff(
        changes=tuple(changes),
        findings_added=added,
        findings_resolved=resolved,
        validated=True,
        as_of=day,
        profiles=new_report.profiles,
        activity_names=names,
    )


def _place(register: Register, location: Location) -> tuple[object, ...]:
    """Where a location is, without positions: the id of its activity, then the
    keys inside it with their indexes dropped (``("clients", "purposes")``)."""
    head: tuple[object, ...] = ()
    index = location[1] if len(location) >= 2 and location[0] == "activities" else None
    if isinstance(index, int) and index < len(register.activities):
        head = ("activity", register.activities[index].id)
        location = location[2:]
    return head + tuple(part for part in location if not isinstance(part, int))


def _finding_place(register: Register, finding: Finding) -> tuple[tuple[object, ...], ...]:
    """Where a finding is, without positions: the places of all its locations
    (one defect found in several activities is the same finding whichever of
    them comes first), in a fixed order."""
    places = {_place(register, loc) for loc in (finding.location, *finding.also_at)}
    return tuple(sorted(places, key=repr))


def _unmatched(
    old: Register, old_findings: Sequence[Finding], new: Register, new_findings: Sequence[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(resolved, added): the findings of each version the other lacks.

    A finding is the same in both versions when its rule, its place (activity
    id, not position) and its message are; then, among those left over, when
    its rule and place are (its message names elements in another order, say).
    Repeats are counted.
    """
    resolved, added = list(old_findings), list(new_findings)
    keys: tuple[Callable[[Register, Finding], object], ...] = (
        lambda r, f: (f.rule, _finding_place(r, f), f.message),
        lambda r, f: (f.rule, _finding_place(r, f)),
    )
    for key in keys:
        counts = collections.Counter(key(old, f) for f in resolved)
        counts.subtract(key(new, f) for f in added)
        # What remains positive was in the old version only; negative, in the new.
        gone = {k: n for k, n in counts.items() if n > 0}
        came = {k: -n for k, n in counts.items() if n < 0}
        resolved = _take(resolved, old, key, gone)
        added = _take(added, new, key, came)
    return tuple(resolved), tuple(added)


def _take(
    findings: list[Finding],
    register: Register,
    key: Callable[[Register, Finding], object],
    wanted: dict[object, int],
) -> list[Finding]:
    """The first ``wanted[k]`` findings of each key *k*, in order."""
    kept: list[Finding] = []
    for finding in findings:
        k = key(register, finding)
        if wanted.get(k, 0) > 0:
            wanted[k] -= 1
            kept.append(finding)
    return kept
