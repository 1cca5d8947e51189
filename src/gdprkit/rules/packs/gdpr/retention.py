"""GDPR4xx, retention: every category of data has a bounded period (GDPR
Art. 5(1)(e) storage limitation, Art. 30(1)(f) time limits for erasure).

Two severities on purpose.  A retention the record does not state is a
warning, because Art. 30(1)(f) asks for time limits "where possible".  A
retention that is stated but has no bound ("as long as necessary") is an
error: the record then affirms that storage is open-ended, which Art. 5(1)(e)
forbids, and such wording is not a retention period (WP29 Guidelines on
transparency, WP260 rev.01).  An intermediate archive whose length is not
stated ("for the applicable limitation periods") is a warning (GDPR405): the
active period may be bounded, yet the data have no erasure date.
"""

from __future__ import annotations

from collections.abc import Iterable

from gdprkit.model import DataCategory
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.rules._rule import Context, Violation, at, rule
from gdprkit.rules._text import activity_of, blank, quoted


__all__: list[str] = []


@rule(
    code="GDPR401",
    name="retention-not-stated",
    title="Every data category of a controller activity states its retention",
    severity="warning",
    articles=("GDPR Art. 30(1)(f)", "GDPR Art. 5(1)(e)"),
    rationale=(
        "The record must give, where possible, the envisaged time limits for erasure of the "
        "different categories of data (Art. 30(1)(f)), and data may be kept no longer than "
        "necessary for the purposes (Art. 5(1)(e)). Because of 'where possible' a missing "
        "retention is a warning; an open-ended one is an error (GDPR402). Give a duration "
        "with the event it counts from, or the event that ends it."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
)
def retention_not_stated(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each data category of an activity kept as controller or joint controller
    has a retention rule."""
    if category.retention is None:
        return (
            Violation(
                message=(
                    f"Data category {quoted(category.name)} of {activity_of(context.activity)} "
                    "states no retention period: say how long the data are kept and from "
                    "which event, e.g. 3 years from the last contact (Art. 30(1)(f), "
                    "5(1)(e))."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR402",
    name="retention-unbounded",
    title="A stated retention has a bound",
    severity="error",
    articles=("GDPR Art. 5(1)(e)",),
    rationale=(
        "Personal data may be kept in a form that identifies people no longer than necessary "
        "for the purposes (Art. 5(1)(e)). A retention stated without a duration or an end "
        "event, such as 'as long as necessary', sets no limit; the WP29 transparency "
        "guidelines (WP260 rev.01) say such wording is not enough. Give a duration counted "
        "from an event, or the event that ends the period."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
)
def retention_unbounded(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each retention rule, in any activity, has a duration or an end event."""
    retention = category.retention
    if retention is None or retention.is_bounded:
        return ()
    statement = retention.statement
    said = (
        f"is kept {quoted(statement)}"
        if statement is not None and not blank(statement)
        else "has a retention with neither a duration nor an end event"
    )
    return (
        Violation(
            path=at("retention"),
            message=(
                f"Data category {quoted(category.name)} of {activity_of(context.activity)} {said}, "
                "which sets no limit: data may be kept no longer than necessary "
                "(Art. 5(1)(e)); give a duration counted from an event, or the event that "
                "ends the period."
            ),
        ),
    )


@rule(
    code="GDPR403",
    name="retention-without-start",
    title="A retention duration says which event it counts from",
    severity="warning",
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 30(1)(f)"),
    rationale=(
        "A duration is a time limit only once its starting point is known: 3 years from "
        "collection and 3 years from the last contact are very different periods. Say which "
        "event the duration counts from (start) so that the erasure date can be worked out "
        "(Art. 30(1)(f), 5(1)(e))."
    ),
    on=DataCategory,
)
def retention_without_start(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each retention rule with a duration, in any activity, has a start event."""
    retention = category.retention
    if retention is None or retention.duration is None or retention.start is not None:
        return ()
    return (
        Violation(
            path=at("retention"),
            message=(
                f"The retention of data category {quoted(category.name)} of "
                f"{activity_of(context.activity)} lasts {retention.duration} but does not say from "
                "which event it counts (collection, last contact, end of contract, …): set "
                "its start."
            ),
        ),
    )


@rule(
    code="GDPR404",
    name="archive-without-legal-ground",
    title="An intermediate archive phase gives its legal ground",
    severity="warning",
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 5(2)"),
    rationale=(
        "Keeping data after the active period, in an intermediate archive with restricted "
        "access, is justified only by a legal obligation or the need to keep evidence until a "
        "limitation period ends (Art. 5(1)(e)); the controller must be able to show which "
        "(Art. 5(2)). Name the text, e.g. 'Code de commerce L123-22' (10 years for accounting "
        "records)."
    ),
    on=DataCategory,
)
def archive_without_legal_ground(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each archive phase, in any activity, names its legal ground."""
    retention = category.retention
    if retention is None or retention.archive is None:
        return ()
    if not blank(retention.archive.legal_ground):
        return ()
    length = retention.archive.duration
    phase = "The archive phase" if length is None else f"The archive phase ({length})"
    return (
        Violation(
            path=at("retention", "archive"),
            message=(
                f"{phase} of data category {quoted(category.name)} of "
                f"{activity_of(context.activity)} gives no legal ground: archive data only for a "
                "legal obligation or a limitation period, and cite it (legal_ground)."
            ),
        ),
    )


@rule(
    code="GDPR405",
    name="archive-without-duration",
    title="An intermediate archive phase states how long it lasts",
    severity="warning",
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 30(1)(f)"),
    rationale=(
        "Data moved to an intermediate archive are still personal data: storage limitation "
        "applies to the archive too, which must end when the obligation or limitation period "
        "that justifies it ends (Art. 5(1)(e)), and the record gives the time limits for "
        "erasure where possible (Art. 30(1)(f)). An archive kept 'for the applicable "
        "limitation periods' without saying which gives no erasure date. The active period "
        "may still be bounded (by an end event, say), so this is a warning rather than the "
        "error of GDPR402. State the period the archive lasts, e.g. 5 years (Code civil art. "
        "2224) or 10 years for accounting records (Code de commerce L123-22)."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
)
def archive_without_duration(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each archive phase of a data category of an activity kept as controller or joint
    controller has a duration."""
    retention = category.retention
    if retention is None or retention.archive is None:
        return ()
    if retention.archive.duration is not None:
        return ()
    ground = (retention.archive.legal_ground or "").strip()
    relies = f", relying on {quoted(ground)}," if ground else ""
    return (
        Violation(
            path=at("retention", "archive"),
            message=(
                f"The archive phase of data category {quoted(category.name)} of "
                f"{activity_of(context.activity)}{relies} does not say how long it lasts, so the "
                "data have no erasure date: state the limitation period that bounds it, "
                "e.g. 5 years (Code civil art. 2224) or 10 years (Code de commerce "
                "L123-22) (Art. 5(1)(e), 30(1)(f))."
            ),
        ),
    )
