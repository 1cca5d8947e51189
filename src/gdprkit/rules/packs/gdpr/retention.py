"""GDPR4xx, retention: every category of data has a bounded period (GDPR
Art. 5(1)(e) storage limitation, Art. 30(1)(f) time limits for erasure).

A retention the record does not state (GDPR401) and one stated without a
bound ("as long as necessary", GDPR402) lack the same Art. 30(1)(f) item, so
both are errors.  "Where possible" in Art. 30(1)(f) is the room the record
uses when no figure can be given: a period that ends with an event (the end
of the contract), or one set by a law the record cites without its figure
("the legal warranty period", GDPR406, a warning).  An intermediate archive
whose length is not stated ("for the applicable limitation periods") is a
warning (GDPR405): the active period is bounded, yet the data have no
erasure date.  The French legal periods quoted as examples come from the
reference data.
"""

from __future__ import annotations

from collections.abc import Iterable

from gdprkit.model import DataCategory, Event, RetentionRule
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.reference.cnil import legal_periods
from gdprkit.rules._rule import Context, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, blank, event_words, quoted, spoken


__all__: list[str] = []


def _period(ident: str) -> str:
    """``10 years (Code de commerce L123-22)``: a legal period of the reference
    data, as the rules quote it."""
    found = next(p for p in legal_periods() if p.id == ident)
    return f"{spoken(found.period)} ({found.source})"


_ACCOUNTING = _period("fr-ccom-L123-22")
_CIVIL = _period("fr-cciv-2224")
_CONSUMER = _period("fr-cconso-L218-2")


def _same_wording(retention: RetentionRule) -> str | None:
    """The defect key of a retention stated in words: the same sentence in
    several categories is one defect; a rule without words is its own."""
    statement = retention.statement
    return None if statement is None or blank(statement) else " ".join(statement.split())


@rule(
    code="GDPR401",
    name="retention-not-stated",
    title="Every data category of a controller activity states its retention",
    severity="error",
    severity_reason=(
        "Art. 30(1)(f) makes the time limits mandatory; a period ending with an event or set "
        "by a cited law is always possible."
    ),
    articles=("GDPR Art. 30(1)(f)", "GDPR Art. 5(1)(e)"),
    rationale=(
        "The record must give, where possible, the envisaged time limits for erasure of the "
        "different categories of data (Art. 30(1)(f)), and data may be kept no longer than "
        "necessary for the purposes (Art. 5(1)(e)). 'Where possible' leaves room for a "
        "period that ends with an event (the end of the contract) or that a law sets (its "
        "reference in legal_reference): one of these can always be given, so a category "
        "with no retention at all lacks a mandatory item, an error like the open-ended "
        "retention of GDPR402. Give a duration with the event it counts from, the event "
        "that ends it, or the text that sets it."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
)
def retention_not_stated(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each data category of an activity kept as controller or joint controller
    has a retention rule."""
    if category.retention is None:
        return (
            violation(
                message=(
                    f"Data category {quoted(category.name)} of {activity_of(context.activity)} "
                    "states no retention period: give a duration and the event it counts "
                    "from, the event that ends the period, or the text that sets it "
                    "(Art. 30(1)(f), 5(1)(e))."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR402",
    name="retention-unbounded",
    title="A stated retention has a bound",
    severity="error",
    severity_reason=(
        "An open-ended retention gives no time limit: the item Art. 30(1)(f) makes mandatory "
        "is missing."
    ),
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 30(1)(f)"),
    rationale=(
        "Personal data may be kept in a form that identifies people no longer than necessary "
        "for the purposes (Art. 5(1)(e)), and the record gives the time limits for erasure "
        "(Art. 30(1)(f)). A retention stated without a duration, an end event or the text "
        "that sets it, such as 'as long as necessary', sets no limit; the WP29 transparency "
        "guidelines (WP260 rev.01) say such wording is not enough. Give a duration counted "
        "from an event, or the event that ends the period. The same sentence in several "
        "categories is one finding listing every place."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
)
def retention_unbounded(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each retention rule of a controller activity has a duration, an end event,
    or a legal reference that sets it."""
    retention = category.retention
    if retention is None or retention.is_bounded or retention.set_by_law:
        return ()
    wording = _same_wording(retention)
    if wording is None:
        message = (
            f"Data category {quoted(category.name)} of {activity_of(context.activity)} has a "
            "retention with neither a duration nor an end event, which sets no limit"
        )
    else:
        message = f"The retention {quoted(wording)} sets no limit"
    return (
        violation(
            path=at("retention"),
            message=(
                f"{message}: data may be kept no longer than necessary (Art. 5(1)(e)); give a "
                "duration counted from an event, or the event that ends the period "
                "(Art. 30(1)(f))."
            ),
            defect=wording,
        ),
    )


@rule(
    code="GDPR403",
    name="retention-without-start",
    title="A retention duration says which event it counts from",
    severity="warning",
    severity_reason=(
        "The period is stated; without its start the erasure date is unknown: a likely gap."
    ),
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 30(1)(f)"),
    rationale=(
        "A duration is a time limit only once its starting point is known: 3 years from "
        "collection and 3 years from the last contact are very different periods. Say which "
        "event the duration counts from (start) so that the erasure date can be worked out "
        "(Art. 30(1)(f), 5(1)(e)). An event the list does not name (the expiry of a marketing "
        "authorisation, the end of a care pathway) is start 'other' with its words in "
        "start_description; its date is then the controller's to know. The same retention "
        "in several categories is one finding listing every place."
    ),
    on=DataCategory,
)
def retention_without_start(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each retention rule with a duration, in any activity, has a start event,
    described when it is ``other``."""
    retention = category.retention
    if retention is None or retention.duration is None:
        return ()
    described = not blank(retention.start_description)
    if retention.start is None and described:
        problem = (
            f"describes its start as {quoted(retention.start_description or '')} without "
            "setting start to other: set it."
        )
    elif retention.start is None:
        problem = (
            "does not say from which event it counts (collection, last contact, end of "
            "contract, …): set its start."
        )
    elif retention.start is Event.OTHER and retention.described_start is None:
        problem = (
            "counts from an event that is not described: describe it (start_description) or "
            "choose a listed event."
        )
    elif retention.start is not Event.OTHER and described:
        problem = (
            f"counts from {event_words(retention.start)}, and also describes its start as "
            f"{quoted(retention.start_description or '')}: set start to other for the described "
            "event, or remove the description."
        )
    else:
        return ()
    wording = _same_wording(retention)
    whose = (
        f"of data category {quoted(category.name)} of {activity_of(context.activity)}"
        if wording is None
        else quoted(wording)
    )
    return (
        violation(
            path=at("retention"),
            message=f"The retention {whose} lasts {spoken(retention.duration)} but {problem}",
            defect=None if wording is None else (wording, problem),
        ),
    )


@rule(
    code="GDPR404",
    name="archive-without-legal-ground",
    title="An intermediate archive phase gives its legal ground",
    severity="warning",
    severity_reason=(
        "Accountability (Art. 5(2)) asks for the ground; Art. 30 does not: a likely gap."
    ),
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 5(2)"),
    rationale=(
        "Keeping data after the active period, in an intermediate archive with restricted "
        "access, is justified only by a legal obligation or the need to keep evidence until a "
        "limitation period ends (Art. 5(1)(e)); the controller must be able to show which "
        f"(Art. 5(2)). Name the text, e.g. {_ACCOUNTING} for accounting records, or "
        f"{_CONSUMER} for a professional's claims against a consumer, counted from the "
        "transaction: an archive for evidence must start when the claim can still be "
        "brought, not after it is time-barred. The same retention in several categories is "
        "one finding listing every place."
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
    phase = "The archive phase" if length is None else f"The archive phase ({spoken(length)})"
    wording = _same_wording(retention)
    whose = (
        f"of data category {quoted(category.name)} of {activity_of(context.activity)}"
        if wording is None
        else f"of the retention {quoted(wording)}"
    )
    return (
        violation(
            path=at("retention", "archive"),
            message=(
                f"{phase} {whose} gives no legal ground: archive data only for a legal "
                "obligation or a limitation period, and cite it (legal_ground)."
            ),
            defect=wording,
        ),
    )


@rule(
    code="GDPR405",
    name="archive-without-duration",
    title="An intermediate archive phase states how long it lasts",
    severity="warning",
    severity_reason=(
        "The active period is bounded and the archive has a ground; its missing length is a "
        "likely gap."
    ),
    articles=("GDPR Art. 5(1)(e)", "GDPR Art. 30(1)(f)"),
    rationale=(
        "Data moved to an intermediate archive are still personal data: storage limitation "
        "applies to the archive too, which must end when the obligation or limitation period "
        "that justifies it ends (Art. 5(1)(e)), and the record gives the time limits for "
        "erasure where possible (Art. 30(1)(f)). An archive kept 'for the applicable "
        "limitation periods' without saying which gives no erasure date. The active period "
        "may still be bounded (by an end event, say), so this is a warning rather than the "
        f"error of GDPR402. State the period the archive lasts, e.g. {_CIVIL} or "
        f"{_ACCOUNTING} for accounting records. The same retention in several categories is "
        "one finding listing every place."
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
    wording = _same_wording(retention)
    # A ground the quoted wording already gives is not quoted twice.
    given = ground and " ".join(ground.split()) in (wording or "")
    relies = f", relying on {quoted(ground)}," if ground and not given else ""
    whose = (
        f"data category {quoted(category.name)} of {activity_of(context.activity)}"
        if wording is None
        else f"the retention {quoted(wording)}"
    )
    return (
        violation(
            path=at("retention", "archive"),
            message=(
                f"The archive phase of {whose}{relies} does not say how long it lasts, so the "
                "data have no erasure date: state the period that bounds it, e.g. "
                f"{_CIVIL} or {_ACCOUNTING} (Art. 5(1)(e), 30(1)(f))."
            ),
            defect=wording,
        ),
    )


@rule(
    code="GDPR406",
    name="retention-set-by-law-without-figure",
    title="A retention set by law states the period the law sets",
    severity="warning",
    severity_reason=(
        "The cited law bounds the period; the missing figure is a likely gap, not a missing item."
    ),
    articles=("GDPR Art. 30(1)(f)", "GDPR Art. 13(2)(a)"),
    rationale=(
        "A retention may be set by a law the record cites without giving its figure ('the "
        "legal warranty period', 'the applicable limitation periods'): the law bounds the "
        "period, so this is not the open-ended retention of GDPR402. But the record gives the "
        "time limits for erasure where possible (Art. 30(1)(f)), and people are told the "
        "period, or the criteria that determine it (Art. 13(2)(a)); once the law is known, "
        "so is its figure. State the duration and the event it counts from, keeping the "
        "text in legal_reference."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
)
def retention_set_by_law_without_figure(
    category: DataCategory, context: Context
) -> Iterable[Violation]:
    """Each retention with neither a duration nor an end event, but with a legal
    reference, in an activity kept as controller or joint controller."""
    retention = category.retention
    if retention is None or not retention.set_by_law:
        return ()
    wording = _same_wording(retention)
    said = "" if wording is None else f" ({quoted(wording)})"
    return (
        violation(
            path=at("retention"),
            message=(
                f"The retention{said} is set by {quoted(str(retention.legal_reference).strip())} "
                "without its figure: state the duration the text sets and the event it "
                "counts from (Art. 30(1)(f), 13(2)(a))."
            ),
            defect=(wording, retention.legal_reference),
        ),
    )
