"""The retention of a data category compared between two versions: lengthened,
shortened, changed, or the same period restated (GDPR Art. 5(1)(e), 30(1)(f);
the notice gives it, Art. 13(2)(a), 14(2)(a))."""

from __future__ import annotations

from gdprkit.changes._types import Change, ChangeKind, Trigger, dpia_review, gdpr, notice, quoted
from gdprkit.model import Duration, ProcessingActivity, RetentionRule


def _retention_text(rule: RetentionRule | None) -> str:
    if rule is None:
        return "not stated"
    parts: list[str] = []
    if rule.duration is not None:
        parts.append(rule.duration.isoformat())
        if rule.described_start is not None:
            parts.append(f"from “{rule.described_start}”")
        elif rule.start is not None:
            parts.append(f"from {rule.start.value}")
    if rule.until is not None:
        parts.append(f"until {rule.until.value}")
    if rule.archive is not None:
        archive = rule.archive.duration
        parts.append(f"then archive {archive.isoformat() if archive else '(length not stated)'}")
    if not parts:
        parts.append("not bounded" + (f" (“{rule.statement}”)" if rule.statement else ""))
    return " ".join(parts)


def _compare_retention(old: RetentionRule, new: RetentionRule) -> tuple[int | None, str | None]:
    """(-1, 0, 1 or None, why undecided) for *new* against *old*."""
    if not old.is_bounded or not new.is_bounded:
        if old.is_bounded == new.is_bounded:
            return 0, None
        return (1 if old.is_bounded else -1), None
    if (old.start, old.described_start, old.until) != (new.start, new.described_start, new.until):
        return None, "the period is counted from or until a different event"
    a, b = old.total_duration, new.total_duration
    if a is None or b is None:
        if (old.archive is None) != (new.archive is None):
            return None, "an archive phase was added or removed and its length is not stated"
        if (
            old.duration is not None
            and new.duration is not None
            and _archive_length(old) == _archive_length(new)
        ):
            return new.duration.compare(old.duration), None
        return None, "the total length is not stated"
    order = b.compare(a)
    if order is None:
        return None, f"{b.isoformat()} against {a.isoformat()} depends on the start date"
    return order, None


def retention_change(
    activity: ProcessingActivity,
    name: str,
    old: RetentionRule | None,
    new: RetentionRule | None,
) -> Change | None:
    if old == new:
        return None
    before, after = _retention_text(old), _retention_text(new)
    told = notice("13(2)(a)", "14(2)(a)")

    def change(
        message: str,
        kind: ChangeKind = ChangeKind.RETENTION_CHANGED,
        articles: tuple[str, ...] = gdpr("5(1)(e)", "30(1)(f)"),
        triggers: tuple[Trigger, ...] = (told,),
    ) -> Change:
        return Change(
            kind=kind,
            message=f"retention of {quoted(name)}{message}",
            activity=activity.id,
            element=name,
            before=before,
            after=after,
            articles=articles,
            triggers=triggers,
        )

    if old is None or new is None:
        stated = old is None
        return change(
            f" {'now stated' if stated else 'no longer stated'}: {after if stated else before}"
        )
    if not _retention_differs(old, new):
        # The same period in other words: the notice quotes them.
        restated = _restated(old, new)
        if not restated:
            return None
        return change(
            f" restated ({', '.join(restated)}), the period unchanged: {after}",
            articles=gdpr("30(1)(f)"),
        )
    start = _start_only(old, new)
    if start is not None:
        # The same length, now counted from a stated event (or no longer): not
        # longer or shorter, but what the notice says of it changed.
        return change(
            f": the event its period counts from is {start}, the length unchanged: {after}"
        )
    order, why = _compare_retention(old, new)
    if order == 1:
        return change(
            f" lengthened from {before} to {after}",
            ChangeKind.RETENTION_LENGTHENED,
            triggers=(told, *dpia_review(activity)),
        )
    if order == -1:
        return change(f" shortened from {before} to {after}", ChangeKind.RETENTION_SHORTENED)
    detail = (
        "neither longer nor shorter"
        if order == 0
        else f"cannot tell whether longer or shorter: {why}"
    )
    return change(f" changed from {before} to {after} ({detail})")


def _retention_differs(old: RetentionRule, new: RetentionRule) -> bool:
    """Whether the period itself differs (not only its wording or references,
    the archive's legal ground among them); a described start event that is
    described otherwise is another event."""
    return (
        old.duration,
        old.start,
        old.described_start,
        old.until,
        _archive_length(old),
        old.end_action,
    ) != (
        new.duration,
        new.start,
        new.described_start,
        new.until,
        _archive_length(new),
        new.end_action,
    )


def _start_only(old: RetentionRule, new: RetentionRule) -> str | None:
    """``now stated`` or ``no longer stated`` when the only difference of the
    periods is that one says the event the other's period counts from; else
    ``None``."""
    starts = (old.start or old.described_start, new.start or new.described_start)
    if (starts[0] is None) == (starts[1] is None):
        return None
    same = (old.duration, old.until, _archive_length(old), old.end_action) == (
        new.duration,
        new.until,
        _archive_length(new),
        new.end_action,
    )
    if not same:
        return None
    return "now stated" if starts[0] is None else "no longer stated"


def _restated(old: RetentionRule, new: RetentionRule) -> list[str]:
    """What of the words the notice gives with a period differs between *old*
    and *new* (a bounded period is given in gdprkit's words, not the register's)."""
    words = {
        "its wording": (None, None) if new.is_bounded else (old.statement, new.statement),
        "its legal reference": (old.legal_reference, new.legal_reference),
        "the archive's legal ground": (
            old.archive.legal_ground if old.archive else None,
            new.archive.legal_ground if new.archive else None,
        ),
    }
    return [what for what, (before, after) in words.items() if before != after]


def _archive_length(rule: RetentionRule) -> tuple[bool, Duration | None]:
    """Whether *rule* has an archive phase, and how long it lasts."""
    return (rule.archive is not None, rule.archive.duration if rule.archive else None)
