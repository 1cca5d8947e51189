"""The comparisons, element by element: the register's parties and rights,
then each activity's purposes, data categories, recipients, transfers and
rights (retention: ``_retention``; elements renamed: ``_renames``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from gdprkit.changes._renames import renamed
from gdprkit.changes._retention import retention_change
from gdprkit.changes._types import (
    Action,
    Change,
    ChangeKind,
    Trigger,
    dpia_review,
    gdpr,
    notice,
    quoted,
)
from gdprkit.model import (
    ActivityStatus,
    DataCategory,
    DeclaredRight,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Recipient,
    Register,
    Right,
    Transfer,
    TransferMechanism,
)
from gdprkit.policy import dpia_under_way, information_articles


_T = TypeVar("_T")

_INFO_RIGHT = {
    Right.WITHDRAW_CONSENT: ("13(2)(c)", "14(2)(d)"),
    Right.COMPLAINT: ("13(2)(d)", "14(2)(e)"),
    Right.AUTOMATED_DECISION: ("13(2)(f)", "14(2)(g)"),
}
_INFO_RIGHTS = ("13(2)(b)", "14(2)(c)")

# -- register-wide --------------------------------------------------------------------------

# Fields compared on their own; any other field that differs is reported as an edit.
_REGISTER_COVERED = frozenset({"controller", "dpo", "representative", "activities", "rights"})


def register_changes(old: Register, new: Register) -> Iterator[Change]:
    if old.controller != new.controller:
        yield Change(
            kind=ChangeKind.CONTROLLER_CHANGED,
            message=_party_message("controller", old.controller, new.controller),
            before=old.controller.name,
            after=new.controller.name,
            articles=gdpr("30(1)(a)"),
            triggers=(notice("13(1)(a)", "14(1)(a)"),),
        )
    if old.dpo != new.dpo:
        triggers = [notice("13(1)(b)", "14(1)(b)")]
        if new.dpo is not None:
            triggers.append(Trigger(action=Action.DPO_NOTIFICATION, articles=gdpr("37(7)")))
        yield _party_change(
            ChangeKind.DPO_CHANGED,
            "data protection officer",
            old.dpo,
            new.dpo,
            articles=gdpr("30(1)(a)", "37"),
            triggers=tuple(triggers),
        )
    if old.representative != new.representative:
        yield _party_change(
            ChangeKind.REPRESENTATIVE_CHANGED,
            "EU representative",
            old.representative,
            new.representative,
            articles=gdpr("27", "30(1)(a)"),
            triggers=(notice("13(1)(a)", "14(1)(a)"),),
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


def _party_change(
    kind: ChangeKind,
    role: str,
    old: attrs.AttrsInstance | None,
    new: attrs.AttrsInstance | None,
    *,
    articles: tuple[str, ...],
    triggers: tuple[Trigger, ...],
) -> Change:
    """The change of a person the register may name (its DPO, its EU
    representative), named *role* in the message."""
    return Change(
        kind=kind,
        message=_party_message(role, old, new),
        before=_party_name(old),
        after=_party_name(new),
        articles=articles,
        triggers=triggers,
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


def activity_added(activity: ProcessingActivity) -> Change:
    return Change(
        kind=ChangeKind.ACTIVITY_ADDED,
        message=f"new activity {quoted(activity.id)}: {activity.name}",
        activity=activity.id,
        element=activity.name,
        articles=gdpr("30(1)"),
        triggers=(notice("13(1)(c)", "14(1)(c)"),),
    )


def _activity_ended(activity: ProcessingActivity, kind: ChangeKind, how: str) -> Change:
    """An activity that no longer runs: deleted from the register or retired in it."""
    return Change(
        kind=kind,
        message=f"activity {quoted(activity.id)} {how}: {activity.name}",
        activity=activity.id,
        element=activity.name,
        articles=gdpr("30(1)"),
        triggers=(
            notice(
                "12(1)",
                "13(1)(c)",
                "14(1)(c)",
                reason="the notice must not describe processing that has ended",
            ),
        ),
    )


def activity_removed(activity: ProcessingActivity) -> Change:
    return _activity_ended(activity, ChangeKind.ACTIVITY_REMOVED, "removed from the register")


def activity_retired(activity: ProcessingActivity) -> Change:
    return _activity_ended(activity, ChangeKind.ACTIVITY_RETIRED, "retired (kept in the register)")


_ACTIVITY_COVERED = frozenset({"purposes", "data_categories", "recipients", "transfers", "rights"})


def activity_changes(
    old_register: Register,
    new_register: Register,
    old: ProcessingActivity,
    new: ProcessingActivity,
) -> Iterator[Change]:
    sections: list[tuple[str, list[Change]]] = [
        (element.field, list(element.changes(old, new))) for element in _ELEMENTS
    ]
    rights: list[Change] = []
    if old.rights is not None or new.rights is not None:
        rights = list(
            _rights_changes(old_register.rights_of(old), new_register.rights_of(new), new.id)
        )
    sections.append(("rights", rights))
    # A field compared on its own whose difference no change reports (a
    # description, a wording, a reference) is still reported, as an edit.
    covered = _ACTIVITY_COVERED
    if new.status is ActivityStatus.RETIRED and old.status is not ActivityStatus.RETIRED:
        yield activity_retired(new)
        covered = covered | {"status"}
    edited = _edited_fields(old, new, covered)
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
) -> tuple[list[tuple[_T | None, _T]], list[_T]]:
    """Items matched by *key*: (old or ``None`` when added, new) in the new
    order, and the old items no longer there."""
    before = _by_key(old, key)
    after = _by_key(new, key)
    pairs = [(before.get(k), item) for k, item in after.items()]
    return pairs, [item for k, item in before.items() if k not in after]


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


def _purpose_changes(
    new: ProcessingActivity, before: Purpose | None, after: Purpose
) -> Iterator[Change]:
    """A purpose added, or resting on other lawful bases."""
    if before is None:
        triggers = [
            notice(
                "13(3)",
                "14(4)",
                reason="data already collected are processed for a new purpose",
            ),
        ]
        if not _compatible_by_law(after):
            triggers.append(
                Trigger(
                    action=Action.COMPATIBILITY_CHECK,
                    articles=gdpr("5(1)(b)", "6(4)"),
                    reason="the new purpose rests neither on consent nor on a law",
                )
            )
        triggers.extend(dpia_review(new))
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
        consent_dropped = LawfulBasis.CONSENT in {b.basis for b in before.legal_bases} - {
            b.basis for b in after.legal_bases
        }
        why = (
            "data collected on consent cannot be kept on another basis once consent is "
            "dropped or withdrawn (EDPB Guidelines 05/2020 on consent)"
            if consent_dropped
            else None
        )
        yield Change(
            kind=ChangeKind.LAWFUL_BASIS_CHANGED,
            message=f"lawful basis of {quoted(after.name)} changed from {_bases(before)} to {_bases(after)}",
            activity=new.id,
            element=after.name,
            before=_bases(before),
            after=_bases(after),
            articles=_basis_articles(after),
            triggers=(notice(*articles, reason=why),),
        )


def _reworded_purpose_triggers(purpose: Purpose) -> tuple[Trigger, ...]:
    """A purpose in other words: the notice gives its words; whether the
    purpose itself changed is the DPO's call, so the compatibility check is
    said to apply only if it did."""
    told = notice("13(1)(c)", "14(1)(c)")
    if _compatible_by_law(purpose):
        return (told,)
    return (
        told,
        Trigger(
            action=Action.COMPATIBILITY_CHECK,
            articles=gdpr("5(1)(b)", "6(4)"),
            reason="if the purpose itself changed, not only its wording "
            "(it rests neither on consent nor on a law)",
        ),
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


# data categories (their retention: _retention)


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
        return list(dpia_review(activity))
    if kind.is_special or kind.is_criminal:
        return [
            Trigger(
                action=Action.DPIA_CHECK,
                articles=gdpr("35(1)", "35(3)(b)"),
                reason="sensitive data (EDPB WP248 rev.01, criterion 4)",
            )
        ]
    return []


def _categories_told(activity: ProcessingActivity) -> tuple[Trigger, ...]:
    """Art. 14(1)(d): the categories of data are given to the person when some
    data are not obtained from them (:func:`gdprkit.policy.information_articles`;
    a processor's data communicated by its controller are the controller's to
    tell of)."""
    if not information_articles(activity)[1]:
        return ()
    return (notice("14(1)(d)", reason="some data are not obtained from the data subject"),)


def _category_changes(
    new: ProcessingActivity, before: DataCategory | None, after: DataCategory
) -> Iterator[Change]:
    """A data category added or of another kind, and its retention changed."""
    if before is None or before.kind != after.kind:
        yield _category_added_or_kind(new, before, after)
    if before is not None:
        retention = retention_change(new, after.name, before.retention, after.retention)
        if retention is not None:
            yield retention


def _category_added_or_kind(
    activity: ProcessingActivity, before: DataCategory | None, after: DataCategory
) -> Change:
    sensitivity = _sensitivity(after)
    triggers: list[Trigger] = []
    if sensitivity is not None and (before is None or _sensitivity(before) is None):
        triggers.extend(_sensitive_triggers(activity, after))
    triggers.extend(_categories_told(activity))
    what = f" — {sensitivity}" if sensitivity else ""
    citation = after.kind.citation
    if before is None:
        kind = ChangeKind.DATA_CATEGORY_ADDED
        message = f"new data category: {after.name} ({after.kind.value}{what})"
    else:
        kind = ChangeKind.DATA_CATEGORY_KIND_CHANGED
        message = (
            f"data category {quoted(after.name)} is now {after.kind.value}{what} "
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


# recipients and transfers


def _recipient_changes(
    new: ProcessingActivity, before: Recipient | None, after: Recipient
) -> Iterator[Change]:
    """A recipient added, or now of another kind or in another country."""
    if before is not None and (before.kind, before.country) == (after.kind, after.country):
        return
    now = _recipient_text(after)
    if before is None:
        kind, was, message = (
            ChangeKind.RECIPIENT_ADDED,
            None,
            f"new recipient: {after.name} ({now})",
        )
    else:
        kind, was = ChangeKind.RECIPIENT_CHANGED, _recipient_text(before)
        message = f"recipient {quoted(after.name)} changed: now {now} (was {was})"
    yield Change(
        kind=kind,
        message=message,
        activity=new.id,
        element=after.name,
        before=was,
        after=now,
        articles=_recipient_articles(after),
        triggers=(notice("13(1)(e)", "14(1)(e)"), *dpia_review(new)),
    )


def _recipient_articles(recipient: Recipient) -> tuple[str, ...]:
    citation = recipient.kind.citation
    return gdpr("30(1)(d)") + ((citation,) if citation else ())


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
    return gdpr("30(1)(e)") + ((citation,) if citation else ())


_ADEQUACY = frozenset(
    {TransferMechanism.ADEQUACY, TransferMechanism.SAFE_HARBOR, TransferMechanism.PRIVACY_SHIELD}
)


def _assessment(transfer: Transfer) -> Trigger:
    """Chapter V: the ground the transfer rests on, checked before it starts."""
    mechanism = transfer.mechanism
    if mechanism is None:
        return Trigger(
            action=Action.TRANSFER_ASSESSMENT,
            articles=gdpr("44", "45", "46", "49"),
            reason="no Chapter V ground is stated",
        )
    if mechanism in _ADEQUACY:
        return Trigger(action=Action.TRANSFER_ASSESSMENT, articles=gdpr("44", "45"))
    if mechanism.is_derogation:
        return Trigger(
            action=Action.TRANSFER_ASSESSMENT,
            articles=gdpr("44", "49"),
            reason="a derogation is for specific situations only",
        )
    return Trigger(
        action=Action.TRANSFER_ASSESSMENT,
        articles=gdpr("44", "46"),
        reason="an Art. 46 tool needs an assessment of the destination's law "
        "(CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020)",
    )


def _transfer_changes(
    new: ProcessingActivity, before: Transfer | None, after: Transfer
) -> Iterator[Change]:
    """A transfer added, or changed in any of its fields."""
    if before == after:
        return
    now = _transfer_text(after)
    if before is None:
        kind, was = ChangeKind.TRANSFER_ADDED, None
        message = f"new transfer to {after.recipient} in {now}"
    else:
        kind, was = ChangeKind.TRANSFER_CHANGED, _transfer_text(before)
        fields = ", ".join(_edited_fields(before, after, frozenset()))
        message = (
            f"transfer to {after.recipient} in {_destination(after)} changed ({fields}): now {now}"
        )
    yield Change(
        kind=kind,
        message=message,
        activity=new.id,
        element=after.recipient,
        before=was,
        after=now,
        articles=_transfer_articles(after),
        triggers=(_assessment(after), notice("13(1)(f)", "14(1)(f)"), *dpia_review(new)),
    )


# the table


@attrs.frozen(kw_only=True)
class _Rename:
    """How an element renamed (or reworded) is recognised and told.

    Attributes:
        kind: The kind of change.
        what: Its message's start (``purpose reworded``).
        alike: Whether a removed and an added element agree in all that must
            not change for them to be one element renamed.
        articles: The provisions the element falls under.
        triggers: What the new name calls for.
    """

    kind: ChangeKind
    what: str
    alike: Callable[[Any, Any], bool]
    articles: Callable[[Any], tuple[str, ...]]
    triggers: Callable[[ProcessingActivity, Any], tuple[Trigger, ...]]

    def change(self, activity: ProcessingActivity, before: Any, after: Any) -> Change:
        return Change(
            kind=self.kind,
            message=f"{self.what}: {quoted(before.name)} → {quoted(after.name)}",
            activity=activity.id,
            element=after.name,
            before=before.name,
            after=after.name,
            articles=self.articles(after),
            triggers=self.triggers(activity, after),
        )


@attrs.frozen(kw_only=True)
class _Element(Generic[_T]):
    """How the changes of one kind of element of an activity are found and told.

    Attributes:
        field: The activity's list of these elements.
        key: What matches an element of the old version with one of the new.
        compare: The changes of an element added (old ``None``) or kept.
        removed: The kind of change of an element no longer there.
        removal: Its message, its name and what it was.
        told: What a removal asks the notice to say (GDPR Art. 13 and 14), if anything.
        rename: How an element left unmatched by *key* on both sides is
            recognised as one element renamed, if it can be.
    """

    field: str
    key: Callable[[_T], object]
    compare: Callable[[ProcessingActivity, _T | None, _T], Iterable[Change]]
    removed: ChangeKind
    removal: Callable[[_T], tuple[str, str, str]]
    told: tuple[str, ...] = ()
    rename: _Rename | None = None

    def changes(self, old: ProcessingActivity, new: ProcessingActivity) -> Iterator[Change]:
        """Each element's changes, in the new version's order, then the removals.

        An element renamed is told as such at its place in the new version,
        followed by the changes of its other fields."""
        pairs, removed = _paired(
            getattr(old, self.field) or (), getattr(new, self.field) or (), self.key
        )
        was: dict[int, _T] = {}
        if self.rename is not None:
            added = [index for index, (before, _) in enumerate(pairs) if before is None]
            for gone, came in renamed(
                removed, [pairs[i][1] for i in added], lambda e: e.name, self.rename.alike
            ):
                was[added[came]] = removed[gone]
        for index, (before, after) in enumerate(pairs):
            if index in was and self.rename is not None:
                before = was[index]
                yield self.rename.change(new, before, after)
            yield from self.compare(new, before, after)
        paired = {id(item) for item in was.values()}
        for gone in removed:
            if id(gone) in paired:
                continue
            message, name, what = self.removal(gone)
            yield Change(
                kind=self.removed,
                message=message,
                activity=new.id,
                element=name,
                before=what,
                triggers=(notice(*self.told),) if self.told else (),
            )


_ELEMENTS: tuple[_Element[Any], ...] = (
    _Element[Purpose](
        field="purposes",
        key=lambda p: p.name,
        compare=_purpose_changes,
        removed=ChangeKind.PURPOSE_REMOVED,
        removal=lambda p: (f"purpose removed: {p.name}", p.name, _bases(p)),
        told=("13(1)(c)", "14(1)(c)"),
        rename=_Rename(
            kind=ChangeKind.PURPOSE_REWORDED,
            what="purpose reworded",
            alike=lambda a, b: (
                {x.basis for x in a.legal_bases} == {x.basis for x in b.legal_bases}
                and set(a.tags) == set(b.tags)
            ),
            articles=_basis_articles,
            triggers=lambda activity, p: _reworded_purpose_triggers(p),
        ),
    ),
    _Element[DataCategory](
        field="data_categories",
        key=lambda c: c.name,
        compare=_category_changes,
        removed=ChangeKind.DATA_CATEGORY_REMOVED,
        removal=lambda c: (
            f"data category removed: {c.name} ({c.kind.value})",
            c.name,
            c.kind.value,
        ),
        rename=_Rename(
            kind=ChangeKind.DATA_CATEGORY_RENAMED,
            what="data category renamed",
            alike=lambda a, b: a.kind == b.kind,
            articles=lambda c: (c.kind.citation,) if c.kind.citation else (),
            triggers=lambda activity, c: _categories_told(activity),
        ),
    ),
    _Element[Recipient](
        field="recipients",
        key=lambda r: r.name,
        compare=_recipient_changes,
        removed=ChangeKind.RECIPIENT_REMOVED,
        removal=lambda r: (f"recipient removed: {r.name}", r.name, r.kind.value),
        told=("13(1)(e)", "14(1)(e)"),
        rename=_Rename(
            kind=ChangeKind.RECIPIENT_RENAMED,
            what="recipient renamed",
            alike=lambda a, b: (
                a.kind == b.kind
                and (a.country is None or b.country is None or a.country == b.country)
            ),
            articles=_recipient_articles,
            triggers=lambda activity, r: (notice("13(1)(e)", "14(1)(e)"),),
        ),
    ),
    _Element[Transfer](
        field="transfers",
        key=lambda t: (t.recipient, t.country, t.organisation),
        compare=_transfer_changes,
        removed=ChangeKind.TRANSFER_REMOVED,
        removal=lambda t: (
            f"transfer removed: to {t.recipient} in {_transfer_text(t)}",
            t.recipient,
            _transfer_text(t),
        ),
        told=("13(1)(f)", "14(1)(f)"),
    ),
)
"""The elements of an activity compared one by one, in the order changes are reported."""


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
        if right is Right.POST_MORTEM_DIRECTIVES:
            # Not a GDPR right: French law asks for it to be told (its own citation).
            told = Trigger(action=Action.NOTICE_UPDATE, articles=(str(right.citation),))
        else:
            told = notice(*_INFO_RIGHT.get(right, _INFO_RIGHTS))
        yield Change(
            kind=ChangeKind.RIGHT_ADDED if added else ChangeKind.RIGHT_REMOVED,
            message=f"right {'added' if added else 'dropped'}{where}: {right.value}",
            activity=activity,
            element=right.value,
            articles=(right.citation,) if right.citation else (),
            triggers=(told,),
        )
