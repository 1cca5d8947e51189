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
name, transfers by recipient and destination, rights by right.  Renaming a
purpose or a data category therefore reads as one removed and one added.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import attrs

from gdprkit.model import (
    DataCategory,
    DeclaredRight,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Recipient,
    Register,
    RetentionRule,
    Right,
    SourceKind,
    Transfer,
    TransferMechanism,
)
from gdprkit.policy import dpia_under_way
from gdprkit.rules import Finding, validate


__all__ = ["Action", "Change", "ChangeKind", "RegisterDiff", "Trigger", "diff"]

_T = TypeVar("_T")


class ChangeKind(str, enum.Enum):
    """What changed; the value is the stable id written in JSON."""

    ACTIVITY_ADDED = "activity-added"
    ACTIVITY_REMOVED = "activity-removed"
    PURPOSE_ADDED = "purpose-added"
    PURPOSE_REMOVED = "purpose-removed"
    LAWFUL_BASIS_CHANGED = "lawful-basis-changed"
    DATA_CATEGORY_ADDED = "data-category-added"
    DATA_CATEGORY_REMOVED = "data-category-removed"
    DATA_CATEGORY_KIND_CHANGED = "data-category-kind-changed"
    RECIPIENT_ADDED = "recipient-added"
    RECIPIENT_REMOVED = "recipient-removed"
    TRANSFER_ADDED = "transfer-added"
    TRANSFER_CHANGED = "transfer-changed"
    TRANSFER_REMOVED = "transfer-removed"
    RETENTION_LENGTHENED = "retention-lengthened"
    RETENTION_SHORTENED = "retention-shortened"
    RETENTION_CHANGED = "retention-changed"
    RIGHT_ADDED = "right-added"
    RIGHT_REMOVED = "right-removed"
    CONTROLLER_CHANGED = "controller-changed"
    DPO_CHANGED = "dpo-changed"
    REPRESENTATIVE_CHANGED = "representative-changed"
    ACTIVITY_EDITED = "activity-edited"
    REGISTER_EDITED = "register-edited"

    def __str__(self) -> str:
        return self.value


class Action(str, enum.Enum):
    """What a change calls for; the value is the stable id written in JSON."""

    NOTICE_UPDATE = "notice-update"
    COMPATIBILITY_CHECK = "compatibility-check"
    DPIA_REVIEW = "dpia-review"
    TRANSFER_ASSESSMENT = "transfer-assessment"
    DPO_NOTIFICATION = "dpo-notification"

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        """What to do, in a few words (English)."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.NOTICE_UPDATE: "update the information given to the data subjects",
    Action.COMPATIBILITY_CHECK: "check that the new purpose is compatible with the initial ones",
    Action.DPIA_REVIEW: "review the data protection impact assessment",
    Action.TRANSFER_ASSESSMENT: "assess the transfer under Chapter V",
    Action.DPO_NOTIFICATION: "publish the DPO's contact details and communicate them to the supervisory authority",
}


@attrs.frozen(kw_only=True)
class Trigger:
    """Something a change calls for, and the provisions that call for it.

    Attributes:
        action: What to do.
        articles: The provisions, e.g. ``("GDPR Art. 13(3)", "GDPR Art. 14(4)")``.
        reason: Why, when the action depends on the case (e.g. the activity
            has a DPIA).
    """

    action: Action
    articles: tuple[str, ...]
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Change:
    """One change between two versions of a register.

    Attributes:
        kind: What changed.
        message: The change in a sentence (English).
        activity: The id of the activity it is in; ``None`` for the register.
        element: The name of the element changed (the purpose, the data
            category, the recipient, the right …), if any.
        before: The old value, in short (``P6M``, ``art6-1-a``), if any.
        after: The new value, in short, if any.
        articles: The provisions the element itself falls under (``GDPR Art.
            9(1)`` for health data, ``GDPR Art. 46(2)(c)`` for the 2021 standard
            contractual clauses).
        triggers: What the change calls for.
    """

    kind: ChangeKind
    message: str
    activity: str | None = None
    element: str | None = None
    before: str | None = None
    after: str | None = None
    articles: tuple[str, ...] = ()
    triggers: tuple[Trigger, ...] = ()


@attrs.frozen(kw_only=True)
class RegisterDiff:
    """What changed between two versions of a register.

    Attributes:
        changes: The changes, register-wide first, then activity by activity
            in the order of the new version (removed activities last).
        findings_added: Findings of the new version the old one did not have.
        findings_resolved: Findings of the old version the new one no longer has.
        validated: Whether the findings were compared (validation was asked for).
        as_of: The date facts were evaluated at, when validated.
        profiles: The profiles run, when validated.
        activity_names: The name of each activity a change is in, by id (the
            new version's name; the old one's for a removed activity).
    """

    changes: tuple[Change, ...]
    findings_added: tuple[Finding, ...] = ()
    findings_resolved: tuple[Finding, ...] = ()
    validated: bool = False
    as_of: dt.date | None = None
    profiles: tuple[str, ...] = ()
    activity_names: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        """True when the two versions differ in anything the register records."""
        return bool(self.changes)

    def triggered(self) -> dict[Action, tuple[str, ...]]:
        """Each action called for by some change, with every provision cited
        for it, in the order of :class:`Action`."""
        found: dict[Action, dict[str, None]] = {}
        for change in self.changes:
            for trigger in change.triggers:
                found.setdefault(trigger.action, {}).update(dict.fromkeys(trigger.articles))
        return {action: tuple(found[action]) for action in Action if action in found}


def _q(text: str) -> str:
    """*text* in quotes, as the findings quote register text."""
    return f'"{text}"'


# -- provisions -----------------------------------------------------------------------------


def _gdpr(*articles: str) -> tuple[str, ...]:
    return tuple(f"GDPR Art. {a}" for a in articles)


def _notice(*articles: str, reason: str | None = None) -> Trigger:
    return Trigger(action=Action.NOTICE_UPDATE, articles=_gdpr(*articles), reason=reason)


_INFO_RIGHT = {
    Right.WITHDRAW_CONSENT: ("13(2)(c)", "14(2)(d)"),
    Right.COMPLAINT: ("13(2)(d)", "14(2)(e)"),
    Right.AUTOMATED_DECISION: ("13(2)(f)", "14(2)(g)"),
}
_INFO_RIGHTS = ("13(2)(b)", "14(2)(c)")

# Sources from which data are not obtained from the data subject: Art. 14 applies.
_FROM_ELSEWHERE = frozenset({SourceKind.THIRD_PARTY, SourceKind.CONTROLLER, SourceKind.PUBLIC})


def _dpia_review(activity: ProcessingActivity) -> tuple[Trigger, ...]:
    """Art. 35(11): the assessment is reviewed when the risk changes."""
    if not dpia_under_way(activity):
        return ()
    return (
        Trigger(
            action=Action.DPIA_REVIEW,
            articles=_gdpr("35(11)"),
            reason="the activity has a DPIA and the change alters the risk",
        ),
    )


# -- the comparison -------------------------------------------------------------------------


def diff(
    old: Register,
    new: Register,
    *,
    profiles: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> RegisterDiff:
    """What changed from *old* to *new*.

    Args:
        old: The earlier version.
        new: The later version.
        profiles: When given, validate both versions with these profiles
            (e.g. ``("gdpr", "cnil")``) and report the findings added and
            resolved.
        as_of: Date at which date-dependent facts are evaluated when
            validating (today by default).

    Raises:
        ValueError: for an unknown profile.
    """
    changes = [*_register_changes(old, new)]
    old_by_id = {a.id: a for a in old.activities}
    new_ids = {a.id for a in new.activities}
    for activity in new.activities:
        before = old_by_id.get(activity.id)
        if before is None:
            changes.append(_activity_added(activity))
        else:
            changes.extend(_activity_changes(old, new, before, activity))
    changes.extend(_activity_removed(a) for a in old.activities if a.id not in new_ids)
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
        profiles=run,
        activity_names=names,
    )


_ACTIVITY_INDEX = re.compile(r"^activities\[(\d+)\]")
_INDEX = re.compile(r"\[\d+\]")


def _finding_place(register: Register, finding: Finding) -> str:
    """Where a finding is, without positions: the id of its activity, then
    the path inside it with its indexes dropped (``clients.purposes``)."""
    path = finding.path
    match = _ACTIVITY_INDEX.match(path)
    if match is not None:
        index = int(match.group(1))
        if index < len(register.activities):
            path = register.activities[index].id + "\x00" + path[match.end() :]
    return _INDEX.sub("", path)


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


# -- register-wide --------------------------------------------------------------------------

# Fields compared on their own; any other field that differs is reported as an edit.
_REGISTER_COVERED = frozenset({"controller", "dpo", "representative", "activities", "rights"})


def _register_changes(old: Register, new: Register) -> Iterator[Change]:
    if old.controller != new.controller:
        yield Change(
            kind=ChangeKind.CONTROLLER_CHANGED,
            message=_party_message("controller", old.controller, new.controller),
            before=old.controller.name,
            after=new.controller.name,
            articles=_gdpr("30(1)(a)"),
            triggers=(_notice("13(1)(a)", "14(1)(a)"),),
        )
    if old.dpo != new.dpo:
        triggers = [_notice("13(1)(b)", "14(1)(b)")]
        if new.dpo is not None:
            triggers.append(Trigger(action=Action.DPO_NOTIFICATION, articles=_gdpr("37(7)")))
        yield Change(
            kind=ChangeKind.DPO_CHANGED,
            message=_party_message("data protection officer", old.dpo, new.dpo),
            before=_party_name(old.dpo),
            after=_party_name(new.dpo),
            articles=_gdpr("30(1)(a)", "37"),
            triggers=tuple(triggers),
        )
    if old.representative != new.representative:
        yield Change(
            kind=ChangeKind.REPRESENTATIVE_CHANGED,
            message=_party_message("EU representative", old.representative, new.representative),
            before=_party_name(old.representative),
            after=_party_name(new.representative),
            articles=_gdpr("27", "30(1)(a)"),
            triggers=(_notice("13(1)(a)", "14(1)(a)"),),
        )
    rights = list(_rights_changes(old.rights, new.rights, None))
    yield from rights
    edited = _edited_fields(old, new, _REGISTER_COVERED)
    if not rights and old.rights != new.rights:
        edited.append("rights")
    if edited:
        yield Change(
            kind=ChangeKind.REGISTER_EDITED,
            message=f"register edited: {', '.join(edited)}",
            element=", ".join(edited),
        )


def _party_name(party: object) -> str | None:
    if party is None:
        return None
    name = getattr(party, "name", None)
    return name if isinstance(name, str) and name else "(unnamed)"


def _party_message(
    role: str, old: attrs.AttrsInstance | None, new: attrs.AttrsInstance | None
) -> str:
    if old is None:
        return f"{role} added: {_party_name(new)}"
    if new is None:
        return f"{role} removed: {_party_name(old)}"
    fields = ", ".join(_edited_fields(old, new, frozenset()))
    return f"{role} changed ({fields})"


def _edited_fields(
    old: attrs.AttrsInstance, new: attrs.AttrsInstance, covered: frozenset[str]
) -> list[str]:
    return [
        field.name
        for field in attrs.fields(type(old))
        if field.name not in covered and getattr(old, field.name) != getattr(new, field.name)
    ]


# -- activities -----------------------------------------------------------------------------


def _activity_added(activity: ProcessingActivity) -> Change:
    return Change(
        kind=ChangeKind.ACTIVITY_ADDED,
        message=f"new activity {_q(activity.id)}: {activity.name}",
        activity=activity.id,
        element=activity.name,
        articles=_gdpr("30(1)"),
        triggers=(_notice("13(1)(c)", "14(1)(c)"),),
    )


def _activity_removed(activity: ProcessingActivity) -> Change:
    return Change(
        kind=ChangeKind.ACTIVITY_REMOVED,
        message=f"activity {_q(activity.id)} removed from the register: {activity.name}",
        activity=activity.id,
        element=activity.name,
        articles=_gdpr("30(1)"),
        triggers=(
            _notice(
                "12(1)",
                "13(1)(c)",
                "14(1)(c)",
                reason="the notice must not describe processing that has ended",
            ),
        ),
    )


_ACTIVITY_COVERED = frozenset({"purposes", "data_categories", "recipients", "transfers", "rights"})


def _activity_changes(
    old_register: Register,
    new_register: Register,
    old: ProcessingActivity,
    new: ProcessingActivity,
) -> Iterator[Change]:
    sections: list[tuple[str, list[Change]]] = [
        ("purposes", list(_purpose_changes(old, new))),
        ("data_categories", list(_category_changes(old, new))),
        ("recipients", list(_recipient_changes(old, new))),
        ("transfers", list(_transfer_changes(old, new))),
    ]
    rights: list[Change] = []
    if old.rights is not None or new.rights is not None:
        rights = list(
            _rights_changes(old_register.rights_of(old), new_register.rights_of(new), new.id)
        )
    sections.append(("rights", rights))
    # A field compared on its own whose difference no change reports (a
    # description, a wording, a reference) is still reported, as an edit.
    edited = _edited_fields(old, new, _ACTIVITY_COVERED)
    for name, found in sections:
        yield from found
        if not found and getattr(old, name) != getattr(new, name):
            edited.append(name)
    if edited:
        yield Change(
            kind=ChangeKind.ACTIVITY_EDITED,
            message=f"activity edited: {', '.join(edited)}",
            activity=new.id,
            element=", ".join(edited),
        )


def _by_key(items: Iterable[_T], key: Callable[[_T], object]) -> dict[object, _T]:
    """Items by key; a repeated key keeps its first item (the rules report repeats)."""
    found: dict[object, _T] = {}
    for item in items:
        found.setdefault(key(item), item)
    return found


def _paired(
    old: Iterable[_T], new: Iterable[_T], key: Callable[[_T], object]
) -> Iterator[tuple[_T | None, _T | None]]:
    """(old, new) pairs matched by *key*: new order first, then removed items."""
    before = _by_key(old, key)
    after = _by_key(new, key)
    for k, item in after.items():
        yield before.get(k), item
    for k, item in before.items():
        if k not in after:
            yield item, None


# purposes


def _bases(purpose: Purpose) -> str:
    return ", ".join(_basis_text(b) for b in purpose.legal_bases) or "none stated"


def _basis_text(basis: LegalBasis) -> str:
    text = basis.basis.value
    if basis.special_condition is not None:
        text += f" + {basis.special_condition.value}"
    return text


def _basis_articles(purpose: Purpose) -> tuple[str, ...]:
    cited: dict[str, None] = {}
    for basis in purpose.legal_bases:
        for code in (basis.basis, basis.special_condition):
            if code is not None and code.citation:
                cited[code.citation] = None
    return tuple(cited)


def _purpose_changes(old: ProcessingActivity, new: ProcessingActivity) -> Iterator[Change]:
    for before, after in _paired(old.purposes, new.purposes, lambda p: p.name):
        if after is None:
            assert before is not None  # noqa: S101 - a pair has at least one side
            yield Change(
                kind=ChangeKind.PURPOSE_REMOVED,
                message=f"purpose removed: {before.name}",
                activity=new.id,
                element=before.name,
                before=_bases(before),
                triggers=(_notice("13(1)(c)", "14(1)(c)"),),
            )
        elif before is None:
            triggers = [
                _notice(
                    "13(3)",
                    "14(4)",
                    reason="data already collected are processed for a new purpose",
                ),
            ]
            if not _compatible_by_law(after):
                triggers.append(
                    Trigger(
                        action=Action.COMPATIBILITY_CHECK,
                        articles=_gdpr("5(1)(b)", "6(4)"),
                        reason="the new purpose rests neither on consent nor on a law",
                    )
                )
            triggers.extend(_dpia_review(new))
            yield Change(
                kind=ChangeKind.PURPOSE_ADDED,
                message=f"new purpose: {after.name} (lawful basis: {_bases(after)})",
                activity=new.id,
                element=after.name,
                after=_bases(after),
                articles=_basis_articles(after),
                triggers=tuple(triggers),
            )
        elif _basis_set(before) != _basis_set(after):
            articles = ["13(1)(c)", "14(1)(c)"]
            if LawfulBasis.LEGITIMATE_INTERESTS in {b.basis for b in after.legal_bases}:
                articles += ["13(1)(d)", "14(2)(b)"]
            yield Change(
                kind=ChangeKind.LAWFUL_BASIS_CHANGED,
                message=f"lawful basis of {_q(after.name)} changed from {_bases(before)} to {_bases(after)}",
                activity=new.id,
                element=after.name,
                before=_bases(before),
                after=_bases(after),
                articles=_basis_articles(after),
                triggers=(_notice(*articles),),
            )


def _basis_set(purpose: Purpose) -> frozenset[tuple[object, object]]:
    return frozenset((b.basis, b.special_condition) for b in purpose.legal_bases)


def _compatible_by_law(purpose: Purpose) -> bool:
    """Art. 6(4): no compatibility test where the new processing rests on
    consent or on a Union or Member-State law."""
    bases = {b.basis for b in purpose.legal_bases}
    return bool(bases) and bases <= {
        LawfulBasis.CONSENT,
        LawfulBasis.LEGAL_OBLIGATION,
        LawfulBasis.PUBLIC_TASK,
    }


# data categories and retention


def _sensitivity(category: DataCategory) -> str | None:
    kind = category.kind
    if kind.is_special:
        return "special-category data"
    if kind.is_criminal:
        return "data relating to criminal convictions and offences"
    if kind.is_national_id:
        return "a national identification number"
    return None


def _sensitive_triggers(activity: ProcessingActivity, category: DataCategory) -> list[Trigger]:
    kind = category.kind
    if dpia_under_way(activity):
        return list(_dpia_review(activity))
    if kind.is_special or kind.is_criminal:
        return [
            Trigger(
                action=Action.DPIA_REVIEW,
                articles=_gdpr("35(1)", "35(3)(b)"),
                reason="check whether the activity now needs a DPIA (sensitive data, EDPB WP248 criterion 4)",
            )
        ]
    return []


def _told_about_categories(activity: ProcessingActivity) -> bool:
    """Art. 14(1)(d): categories are given when data are not obtained from the person."""
    return any(source.kind in _FROM_ELSEWHERE for source in activity.sources)


def _category_changes(old: ProcessingActivity, new: ProcessingActivity) -> Iterator[Change]:
    for before, after in _paired(old.data_categories, new.data_categories, lambda c: c.name):
        if after is None:
            assert before is not None  # noqa: S101 - a pair has at least one side
            yield Change(
                kind=ChangeKind.DATA_CATEGORY_REMOVED,
                message=f"data category removed: {before.name} ({before.kind.value})",
                activity=new.id,
                element=before.name,
                before=before.kind.value,
            )
            continue
        if before is None or before.kind != after.kind:
            yield _category_added_or_kind(new, before, after)
        if before is not None:
            retention = _retention_change(new, after.name, before.retention, after.retention)
            if retention is not None:
                yield retention


def _category_added_or_kind(
    activity: ProcessingActivity, before: DataCategory | None, after: DataCategory
) -> Change:
    sensitivity = _sensitivity(after)
    triggers: list[Trigger] = []
    if sensitivity is not None and (before is None or _sensitivity(before) is None):
        triggers.extend(_sensitive_triggers(activity, after))
    if _told_about_categories(activity):
        triggers.append(
            _notice("14(1)(d)", reason="some data are not obtained from the data subject")
        )
    what = f" — {sensitivity}" if sensitivity else ""
    citation = after.kind.citation
    if before is None:
        kind = ChangeKind.DATA_CATEGORY_ADDED
        message = f"new data category: {after.name} ({after.kind.value}{what})"
    else:
        kind = ChangeKind.DATA_CATEGORY_KIND_CHANGED
        message = (
            f"data category {_q(after.name)} is now {after.kind.value}{what} "
            f"(was {before.kind.value})"
        )
    return Change(
        kind=kind,
        message=message,
        activity=activity.id,
        element=after.name,
        before=None if before is None else before.kind.value,
        after=after.kind.value,
        articles=(citation,) if citation else (),
        triggers=tuple(triggers),
    )


def _retention_text(rule: RetentionRule | None) -> str:
    if rule is None:
        return "not stated"
    parts: list[str] = []
    if rule.duration is not None:
        parts.append(rule.duration.isoformat())
        if rule.start is not None:
            parts.append(f"from {rule.start.value}")
    if rule.until is not None:
        parts.append(f"until {rule.until.value}")
    if rule.archive is not None:
        archive = rule.archive.duration
        parts.append(f"then archive {archive.isoformat() if archive else '(length not stated)'}")
    if not parts:
        parts.append("not bounded" + (f": {rule.statement}" if rule.statement else ""))
    return " ".join(parts)


def _compare_retention(old: RetentionRule, new: RetentionRule) -> tuple[int | None, str | None]:
    """(-1, 0, 1 or None, why undecided) for *new* against *old*."""
    if not old.is_bounded or not new.is_bounded:
        if old.is_bounded == new.is_bounded:
            return 0, None
        return (1 if old.is_bounded else -1), None
    if (old.start, old.until) != (new.start, new.until):
        return None, "the period is counted from or until a different event"
    a, b = old.total_duration, new.total_duration
    if a is None or b is None:
        if (old.archive is None) != (new.archive is None):
            return None, "an archive phase was added or removed and its length is not stated"
        if old.duration is not None and new.duration is not None and old.archive == new.archive:
            return new.duration.compare(old.duration), None
        return None, "the total length is not stated"
    order = b.compare(a)
    if order is None:
        return None, f"{b.isoformat()} against {a.isoformat()} depends on the start date"
    return order, None


def _retention_change(
    activity: ProcessingActivity,
    name: str,
    old: RetentionRule | None,
    new: RetentionRule | None,
) -> Change | None:
    if old == new:
        return None
    before, after = _retention_text(old), _retention_text(new)
    notice = _notice("13(2)(a)", "14(2)(a)")
    if old is None or new is None:
        stated = old is None
        return Change(
            kind=ChangeKind.RETENTION_CHANGED,
            message=f"retention of {_q(name)} {'now stated' if stated else 'no longer stated'}: "
            f"{after if stated else before}",
            activity=activity.id,
            element=name,
            before=before,
            after=after,
            articles=_gdpr("5(1)(e)", "30(1)(f)"),
            triggers=(notice,),
        )
    if not _retention_differs(old, new):
        return None  # only the wording or the reference: reported as an edit
    order, why = _compare_retention(old, new)
    if order == 1:
        return Change(
            kind=ChangeKind.RETENTION_LENGTHENED,
            message=f"retention of {_q(name)} lengthened from {before} to {after}",
            activity=activity.id,
            element=name,
            before=before,
            after=after,
            articles=_gdpr("5(1)(e)", "30(1)(f)"),
            triggers=(notice, *_dpia_review(activity)),
        )
    if order == -1:
        return Change(
            kind=ChangeKind.RETENTION_SHORTENED,
            message=f"retention of {_q(name)} shortened from {before} to {after}",
            activity=activity.id,
            element=name,
            before=before,
            after=after,
            articles=_gdpr("5(1)(e)", "30(1)(f)"),
            triggers=(notice,),
        )
    detail = (
        "neither longer nor shorter"
        if order == 0
        else f"cannot tell whether longer or shorter: {why}"
    )
    return Change(
        kind=ChangeKind.RETENTION_CHANGED,
        message=f"retention of {_q(name)} changed from {before} to {after} ({detail})",
        activity=activity.id,
        element=name,
        before=before,
        after=after,
        articles=_gdpr("5(1)(e)", "30(1)(f)"),
        triggers=(notice,),
    )


def _retention_differs(old: RetentionRule, new: RetentionRule) -> bool:
    """Whether the period itself differs (not only its wording or reference)."""
    return (old.duration, old.start, old.until, old.archive, old.end_action) != (
        new.duration,
        new.start,
        new.until,
        new.archive,
        new.end_action,
    )


# recipients and transfers


def _recipient_changes(old: ProcessingActivity, new: ProcessingActivity) -> Iterator[Change]:
    for before, after in _paired(old.recipients, new.recipients, lambda r: r.name):
        if after is None:
            assert before is not None  # noqa: S101 - a pair has at least one side
            yield Change(
                kind=ChangeKind.RECIPIENT_REMOVED,
                message=f"recipient removed: {before.name}",
                activity=new.id,
                element=before.name,
                before=before.kind.value,
                triggers=(_notice("13(1)(e)", "14(1)(e)"),),
            )
        elif before is None:
            yield Change(
                kind=ChangeKind.RECIPIENT_ADDED,
                message=f"new recipient: {after.name} ({_recipient_text(after)})",
                activity=new.id,
                element=after.name,
                after=after.kind.value,
                articles=_gdpr("30(1)(d)")
                + ((after.kind.citation,) if after.kind.citation else ()),
                triggers=(_notice("13(1)(e)", "14(1)(e)"), *_dpia_review(new)),
            )


def _recipient_text(recipient: Recipient) -> str:
    where = f", in {recipient.country}" if recipient.country else ""
    return f"{recipient.kind.value}{where}"


def _destination(transfer: Transfer) -> str:
    return transfer.country or transfer.organisation or "destination not stated"


def _transfer_text(transfer: Transfer) -> str:
    mechanism = transfer.mechanism.value if transfer.mechanism else "no Chapter V ground stated"
    return f"{_destination(transfer)} under {mechanism}"


def _transfer_articles(transfer: Transfer) -> tuple[str, ...]:
    citation = transfer.mechanism.citation if transfer.mechanism else None
    return _gdpr("30(1)(e)") + ((citation,) if citation else ())


_ADEQUACY = frozenset(
    {TransferMechanism.ADEQUACY, TransferMechanism.SAFE_HARBOR, TransferMechanism.PRIVACY_SHIELD}
)


def _assessment(transfer: Transfer) -> Trigger:
    """Chapter V: the ground the transfer rests on, checked before it starts."""
    mechanism = transfer.mechanism
    if mechanism is None:
        return Trigger(
            action=Action.TRANSFER_ASSESSMENT,
            articles=_gdpr("44", "45", "46", "49"),
            reason="no Chapter V ground is stated",
        )
    if mechanism in _ADEQUACY:
        return Trigger(action=Action.TRANSFER_ASSESSMENT, articles=_gdpr("44", "45"))
    if mechanism.is_derogation:
        return Trigger(
            action=Action.TRANSFER_ASSESSMENT,
            articles=_gdpr("44", "49"),
            reason="a derogation is for specific situations only",
        )
    return Trigger(
        action=Action.TRANSFER_ASSESSMENT,
        articles=_gdpr("44", "46"),
        reason="an Art. 46 tool needs an assessment of the destination's law "
        "(CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020)",
    )


def _transfer_changes(old: ProcessingActivity, new: ProcessingActivity) -> Iterator[Change]:
    def key(t: Transfer) -> object:
        return (t.recipient, t.country, t.organisation)

    for before, after in _paired(old.transfers, new.transfers, key):
        if after is None:
            assert before is not None  # noqa: S101 - a pair has at least one side
            yield Change(
                kind=ChangeKind.TRANSFER_REMOVED,
                message=f"transfer removed: to {before.recipient} in {_transfer_text(before)}",
                activity=new.id,
                element=before.recipient,
                before=_transfer_text(before),
                triggers=(_notice("13(1)(f)", "14(1)(f)"),),
            )
        elif before is None:
            yield Change(
                kind=ChangeKind.TRANSFER_ADDED,
                message=f"new transfer to {after.recipient} in {_transfer_text(after)}",
                activity=new.id,
                element=after.recipient,
                after=_transfer_text(after),
                articles=_transfer_articles(after),
                triggers=(_assessment(after), _notice("13(1)(f)", "14(1)(f)"), *_dpia_review(new)),
            )
        elif before != after:
            fields = ", ".join(_edited_fields(before, after, frozenset()))
            yield Change(
                kind=ChangeKind.TRANSFER_CHANGED,
                message=f"transfer to {after.recipient} in {_destination(after)} changed ({fields}): now {_transfer_text(after)}",
                activity=new.id,
                element=after.recipient,
                before=_transfer_text(before),
                after=_transfer_text(after),
                articles=_transfer_articles(after),
                triggers=(_assessment(after), _notice("13(1)(f)", "14(1)(f)"), *_dpia_review(new)),
            )


# rights


def _rights_changes(
    old: Sequence[DeclaredRight], new: Sequence[DeclaredRight], activity: str | None
) -> Iterator[Change]:
    before = {r.right for r in old}
    after = {r.right for r in new}
    where = "" if activity is None else " for this activity"
    for right in Right:
        if right in before and right in after:
            continue
        if right not in before and right not in after:
            continue
        added = right in after
        info = _INFO_RIGHT.get(right, _INFO_RIGHTS)
        yield Change(
            kind=ChangeKind.RIGHT_ADDED if added else ChangeKind.RIGHT_REMOVED,
            message=f"right {'added' if added else 'dropped'}{where}: {right.value}",
            activity=activity,
            element=right.value,
            articles=(right.citation,) if right.citation else (),
            triggers=(_notice(*info),),
        )
