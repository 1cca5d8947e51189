"""The vocabulary of a register diff: what changed, what it triggers, and the
provisions cited."""

from __future__ import annotations

import datetime as dt
import re

import attrs

from gdprkit.model import ProcessingActivity
from gdprkit.model.codes import StrEnum
from gdprkit.policy import dpia_under_way
from gdprkit.rules import Finding


class ChangeKind(StrEnum):
    """What changed; the value is the stable id written in JSON."""

    ACTIVITY_ADDED = "activity-added"
    ACTIVITY_REMOVED = "activity-removed"
    ACTIVITY_RETIRED = "activity-retired"
    PURPOSE_ADDED = "purpose-added"
    PURPOSE_REMOVED = "purpose-removed"
    PURPOSE_REWORDED = "purpose-reworded"
    LAWFUL_BASIS_CHANGED = "lawful-basis-changed"
    DATA_CATEGORY_ADDED = "data-category-added"
    DATA_CATEGORY_REMOVED = "data-category-removed"
    DATA_CATEGORY_KIND_CHANGED = "data-category-kind-changed"
    DATA_CATEGORY_RENAMED = "data-category-renamed"
    RECIPIENT_ADDED = "recipient-added"
    RECIPIENT_CHANGED = "recipient-changed"
    RECIPIENT_REMOVED = "recipient-removed"
    RECIPIENT_RENAMED = "recipient-renamed"
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


class Action(StrEnum):
    """What a change calls for; the value is the stable id written in JSON."""

    NOTICE_UPDATE = "notice-update"
    COMPATIBILITY_CHECK = "compatibility-check"
    DPIA_REVIEW = "dpia-review"
    DPIA_CHECK = "dpia-check"
    TRANSFER_ASSESSMENT = "transfer-assessment"
    DPO_NOTIFICATION = "dpo-notification"

    @property
    def label(self) -> str:
        """What to do, in a few words (English)."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.NOTICE_UPDATE: "update the information given to the data subjects",
    Action.COMPATIBILITY_CHECK: "check that the new purpose is compatible with the initial ones",
    Action.DPIA_REVIEW: "review the data protection impact assessment",
    Action.DPIA_CHECK: "check whether a data protection impact assessment is now needed",
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
        before: The old value, in short (``P6M``, ``art6-1-a``; the old name
            of an element renamed), if any.
        after: The new value, in short (the new name of an element renamed), if any.
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
        return {
            action: tuple(sorted(found[action], key=_article_order))
            for action in Action
            if action in found
        }


def _article_order(citation: str) -> list[tuple[int, int | str]]:
    """Citations in the law's order: ``Art. 13(1)(e)`` before ``Art. 13(2)(a)``
    before ``Art. 14(1)(e)``."""
    return [(0, int(t)) if t.isdigit() else (1, t) for t in re.findall(r"\d+|[A-Za-z]+", citation)]


def quoted(text: str) -> str:
    """*text* in quotes, as the findings quote register text."""
    return f'"{text}"'


# -- provisions -----------------------------------------------------------------------------


def gdpr(*articles: str) -> tuple[str, ...]:
    """Provisions of the GDPR as findings cite them: ``gdpr("13(3)")`` is ``GDPR Art. 13(3)``."""
    return tuple(f"GDPR Art. {a}" for a in articles)


def notice(*articles: str, reason: str | None = None) -> Trigger:
    """A notice update: the information of GDPR Art. 12–14 the change alters."""
    return Trigger(action=Action.NOTICE_UPDATE, articles=gdpr(*articles), reason=reason)


def dpia_review(activity: ProcessingActivity) -> tuple[Trigger, ...]:
    """Art. 35(11): the assessment is reviewed when the risk changes."""
    if not dpia_under_way(activity):
        return ()
    return (
        Trigger(
            action=Action.DPIA_REVIEW,
            articles=gdpr("35(11)"),
            reason="the activity has a DPIA and the change alters the risk",
        ),
    )
