"""CNIL1xx, retention: the caps of the CNIL's référentiels and
recommendations (prospects, payment cards, call recordings, audience data,
connection logs), the card security code, and intermediate archives within
the French legal period they rely on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from gdprkit.model import (
    DataCategory,
    DataKind,
    Duration,
    ProcessingActivity,
    RetentionRule,
)
from gdprkit.reference.cnil import (
    LegalPeriod,
    RetentionCap,
    card_security_code,
    legal_periods,
    legal_periods_for,
    retention_cap,
    retention_caps,
)
from gdprkit.rules._rule import Context, Rule, RuleCheck, Violation, at, rule, violation
from gdprkit.rules._text import event_words, quoted, sentence, spoken
from gdprkit.rules.findings import Severity
from gdprkit.rules.packs.cnil._common import FR, named, sources


__all__ = ["check_retention"]


# CNIL1xx: retention ---------------------------------------------------------

_GATED_TAGS = (
    frozenset(
        tag
        for cap in retention_caps()
        if cap.match == "tag-or-kind"
        for tag in cap.scope.purpose_tags
    )
    | retention_cap("audience-data").scope.purpose_tags
)
"""Purpose tags that say which kind-based cap an activity's data fall under (audience
measurement too: its data are judged by CNIL106, never as logs or call recordings)."""


def _in_scope(cap: RetentionCap, activity: ProcessingActivity) -> bool:
    """Whether *cap* applies to *activity*'s data of its kinds (:attr:`RetentionCap.match`)."""
    if cap.match == "kind":
        return True
    if cap.match == "purpose":
        return cap.scope.covers(activity)
    tags = activity.tags
    if not tags.isdisjoint(_GATED_TAGS):
        return not tags.isdisjoint(cap.scope.purpose_tags)
    return True


def _period(retention: RetentionRule) -> str:
    parts = []
    if retention.duration is not None:
        start = ""
        if retention.described_start is not None:
            start = f" from {quoted(retention.described_start)}"
        elif retention.start is not None:
            start = f" from {event_words(retention.start)}"
        parts.append(f"for {spoken(retention.duration)}{start}")
    if retention.until is not None:
        parts.append(f"until {event_words(retention.until)}")
    if retention.archive is not None:
        length = retention.archive.duration
        parts.append(
            "then archived for an unstated period"
            if length is None
            else f"then archived for {spoken(length)}"
        )
    return ", ".join(parts)


def check_retention(
    cap: RetentionCap, retention: RetentionRule, subject: str = "The data"
) -> tuple[Severity, str] | None:
    """Compare a retention rule with a CNIL cap, soundly.

    Returns ``None`` when the rule complies, or cannot be compared (no bounded
    period, or a period counted from an event the cap does not count from);
    otherwise the severity and the message of the finding, about *subject*.
    A period beyond the cap, or with no maximum, has the cap's severity
    (:attr:`RetentionCap.severity`: a warning for a CNIL recommendation, an
    error where a statute sets the cap); a comparison that depends on the
    start date (``P30D`` against a ``P1M`` cap) is a warning that says so,
    never an error.  After an archive whose
    duration is not stated only the known part (the active duration) is
    measured, and only a known part already longer than the cap is reported;
    the missing duration itself is GDPR405's (gdpr profile).

    >>> import attrs
    >>> from gdprkit.model import Duration, RetentionRule
    >>> from gdprkit.reference.cnil import retention_cap
    >>> cap = attrs.evolve(retention_cap("call-recordings"), max=Duration.parse("P1M"))
    >>> check_retention(cap, RetentionRule(duration=Duration.parse("P30D")))[0].value
    'warning'
    """
    unstated = retention.archive is not None and retention.archive.duration is None
    if retention.duration is not None:
        if retention.start is not None and retention.start not in cap.events:
            return None  # counted from another event: another clock
        measured = retention.total_duration or retention.duration
    elif retention.until is not None:
        if retention.until not in cap.active_until:
            return Severity(cap.severity), (
                f"{subject} is kept until {event_words(retention.until)} with no maximum period; "
                f"the CNIL's reference is {cap.summary}: set one."
            )
        if retention.archive is None or retention.archive.duration is None:
            return None  # nothing measurable after the event (GDPR405 if unstated)
        measured = retention.archive.duration
    else:
        return None  # no bounded period: the gdpr profile reports it
    order = measured.compare(cap.max)
    if unstated:
        # Only a lower bound is known: report it only when it already exceeds the cap.
        if order is None or order <= 0:
            return None
    elif order is not None and order <= 0 and not _may_fall_short(cap, measured):
        return None  # within the cap (the usual case: decided before any message is built)
    reference = f"the CNIL's reference is {cap.summary}"
    beyond_cap = Severity(cap.severity)
    kept = f"{subject} is kept {_period(retention)}"
    cap_max = spoken(cap.max)
    if unstated:
        if cap.error_above is not None and measured.compare(cap.error_above) == 1:
            return beyond_cap, (
                f"{kept}, longer than {spoken(cap.error_above)}, the longest period "
                f"{_allowed(cap)}; {reference}: delete the data earlier."
            )
        return beyond_cap, (
            f"{kept}, longer than {cap_max}; {reference}: shorten it or record why this "
            "processing needs longer."
        )
    if order is None:
        return Severity.WARNING, (
            f"{kept}: whether that stays within {cap_max} depends on the date it starts from "
            f"({reference}); state the period in the unit of the cap."
        )
    if order > 0 and cap.error_above is None:
        return beyond_cap, (
            f"{kept}, longer than {cap_max}; {reference}: shorten it or record why this "
            "processing needs longer."
        )
    if order > 0 and cap.error_above is not None:
        ceiling = spoken(cap.error_above)
        beyond = measured.compare(cap.error_above)
        if beyond is None:
            return Severity.WARNING, (
                f"{kept}, longer than {cap_max}; whether it stays within {ceiling} depends on "
                f"the date it starts from ({reference})."
            )
        if beyond <= 0:
            return Severity.WARNING, (
                f"{kept}, longer than {cap_max} but within {ceiling}, acceptable only where the "
                f"longer period applies; {reference}."
            )
        return beyond_cap, (
            f"{kept}, longer than {ceiling}, the longest period {_allowed(cap)}; {reference}: "
            "delete the data earlier."
        )
    if cap.min is not None:
        floor = measured.compare(cap.min)
        if floor is None:
            return Severity.WARNING, (
                f"{kept}: whether that reaches the recommended minimum of {spoken(cap.min)} "
                f"depends on the date it starts from ({reference})."
            )
        if floor < 0:
            return Severity.WARNING, (
                f"{kept}, shorter than the recommended {spoken(cap.min)}; {reference}: records "
                "kept so briefly may not allow incidents to be investigated."
            )
    return None


def _allowed(cap: RetentionCap) -> str:
    """How a finding names the cap's outer limit: set by law, or recommended."""
    return "allowed" if cap.binding else "the CNIL recommends"


def _may_fall_short(cap: RetentionCap, measured: Duration) -> bool:
    """Whether *measured* may be shorter than the cap's recommended minimum, if it has one."""
    if cap.min is None:
        return False
    floor = measured.compare(cap.min)
    return floor is None or floor < 0


def _cap_finding(
    cap: RetentionCap,
    activity: ProcessingActivity,
    category: DataCategory,
    where: tuple[str | int, ...] = (),
) -> tuple[Violation, ...]:
    """A data category's retention against *cap* (its finding is at *where*
    ``retention``)."""
    retention = category.retention
    if retention is None:
        return ()
    found = check_retention(cap, retention, sentence(named(activity, category)))
    if found is None:
        return ()
    severity, message = found
    return (violation(path=(*where, "retention"), message=message, severity=severity),)


def _check_category(
    cap: RetentionCap, category: DataCategory, context: Context
) -> tuple[Violation, ...]:
    """A cap on data of some kinds: each data category of those kinds, where
    the cap applies to its activity."""
    kinds = cap.data_kinds
    if kinds is not None and category.kind not in kinds:
        return ()
    if not _in_scope(cap, context.activity):
        return ()
    return _cap_finding(cap, context.activity, category)


def _check_activity(cap: RetentionCap, activity: ProcessingActivity) -> tuple[Violation, ...]:
    """A cap on every data category of the activities in its scope: whether it
    applies is decided once for the activity, not once per data category."""
    if not _in_scope(cap, activity):
        return ()
    return tuple(
        found
        for j, category in enumerate(activity.data_categories)
        for found in _cap_finding(cap, activity, category, ("data_categories", j))
    )


_SOFT_LAW = (
    "a period beyond a CNIL référentiel or recommendation is a likely gap the controller may "
    "justify (soft law, LIL art. 8), not in itself unlawful"
)


def _cap_rule(
    cap: RetentionCap,
    *,
    code: str,
    name: str,
    title: str,
    rationale: str,
    checks: str,
) -> Rule:
    """The rule that compares the retention of the data *cap* covers with it
    (:func:`check_retention`): the cap's severity, soft law's reason, and its
    citations: the cap's source and the binding principle it gives a figure
    to, storage limitation (GDPR Art. 5(1)(e)).  A cap on
    data of some kinds inspects those data categories; a cap on all the data of
    some processing inspects activities.  *checks* says what the rule checks
    (its check's docstring)."""
    check: RuleCheck
    if cap.data_kinds is None:

        def check(activity: ProcessingActivity, context: Context) -> Iterable[Violation]:
            return _check_activity(cap, activity)

        on: type = ProcessingActivity
    else:

        def check(category: DataCategory, context: Context) -> Iterable[Violation]:
            return _check_category(cap, category, context)

        on = DataCategory
    check.__doc__ = checks
    return rule(
        code=code,
        name=name,
        title=title,
        severity=cap.severity,
        articles=(*sources(cap.source), "GDPR Art. 5(1)(e)"),
        rationale=rationale,
        severity_reason=_SOFT_LAW,
        on=on,
        where=None if cap.data_kinds is None else ("kind", cap.data_kinds),
    )(check)


_PROSPECTS = retention_cap("prospects")
_CARD = retention_cap("payment-card")
_CALLS = retention_cap("call-recordings")
_AUDIENCE = retention_cap("audience-data")
_LOGS = retention_cap("connection-logs")


prospect_retention = _cap_rule(
    _PROSPECTS,
    code="CNIL101",
    name="cnil-prospect-retention",
    title=(
        f"Prospect data are kept at most {spoken(_PROSPECTS.max)} from collection or the "
        "last contact"
    ),
    rationale=(
        f"The référentiel gestion commerciale ({_PROSPECTS.source}) keeps prospects' data at "
        f"most {_PROSPECTS.summary}.  It applies to every data category of an activity tagged "
        "prospection or direct-marketing or whose subjects include prospects.  A period "
        "counted from another event (an opposition list kept from the objection) is not "
        "compared; a period that only ends with an event such as an objection has no maximum "
        "and is reported.  The référentiel is soft law: a longer period is a warning, to be "
        "justified."
    ),
    checks=(
        "Each data category of prospection, direct-marketing or prospect processing is kept "
        "no longer than the référentiel's period from collection, the last contact or the end "
        "of the relationship."
    ),
)


_ARTICLE_NUMBER = re.compile(r"\d")


def _longest_period(ground: str) -> LegalPeriod | None:
    """The longest legal period *ground* cites, or ``None`` if it cites none; a
    period cited later replaces an earlier one only when it is longer whatever
    the start date.  Worked out once per text and validation (CNIL102 asks it
    through the context's memo: a register repeats a few grounds)."""
    periods = legal_periods_for(ground)
    if not periods:
        return None
    longest = periods[0]
    for candidate in periods[1:]:
        if candidate.period.compare(longest.period) == 1:
            longest = candidate
    return longest


def _archive(activity: ProcessingActivity, category: DataCategory, length: Duration) -> str:
    """``The archive of data category "X" of activity "Y" (P5Y)``, as CNIL102 names it."""
    return f"The archive of {named(activity, category)} ({spoken(length)})"


_PERIODS = ", ".join(f"{p.source} {spoken(p.period)}" for p in legal_periods())
"""The legal periods the reference data know, as CNIL102's rationale lists them."""
_EXAMPLES = "; ".join(f"{p.source}, {spoken(p.period)}" for p in legal_periods()[:3:2])
"""Two of them, as CNIL102's message suggests them."""


@rule(
    code="CNIL102",
    name="cnil-archive-legal-period",
    title="An intermediate archive does not outlast the legal period it relies on",
    severity="warning",
    articles=(*sources(FR.customer_source), "GDPR Art. 5(1)(e)"),
    rationale=(
        "Customer data are kept for the duration of the relationship, then, only where they "
        "are needed as evidence or for a legal obligation, in an intermediate archive for the "
        "applicable period (CNIL délib. 2021-131); the same holds for any archive.  When an "
        "archive's legal_ground cites a provision whose period is in the reference data "
        f"({_PERIODS}), the archive must "
        "not outlast the longest period cited: a warning otherwise, or when the comparison "
        'depends on the date.  A legal ground that names no article at all ("Code de '
        'commerce") cannot be checked: information.  An archive with no legal ground is '
        "reported by GDPR404, and one with no duration by GDPR405 (gdpr profile): there is "
        "nothing to compare."
    ),
    severity_reason=(
        "an archive longer than the period it relies on is likely kept longer than necessary "
        "(Art. 5(1)(e)); the controller may have another ground; a ground that names no "
        "article is advice (info)"
    ),
    on=DataCategory,
)
def archive_legal_period(category: DataCategory, context: Context) -> Iterable[Violation]:
    """Each intermediate archive whose legal ground cites a French provision with a known
    period lasts no longer than that period; a ground naming no article is reported as
    information."""
    retention = category.retention
    if retention is None or retention.archive is None:
        return ()  # the usual case, decided without a generator (this runs for every category)
    archive = retention.archive
    length = archive.duration
    if length is None:
        return ()  # GDPR405: no duration to compare with the legal period
    ground = (archive.legal_ground or "").strip()
    if not ground:
        return ()  # GDPR404
    longest = context.once(("CNIL102", ground), lambda: _longest_period(ground))
    if longest is None:
        if _ARTICLE_NUMBER.search(ground):
            return ()
        return (
            violation(
                path=at("retention", "archive", "legal_ground"),
                message=(
                    f'{_archive(context.activity, category, length)} relies on "{ground}", which '
                    f"names no article: cite the provision and its period (e.g. {_EXAMPLES}) "
                    "so that the archive can be checked against it."
                ),
                severity=Severity.INFO,
            ),
        )
    order = length.compare(longest.period)
    if order is None:
        return (
            violation(
                path=at("retention", "archive", "legal_ground"),
                message=(
                    f"{_archive(context.activity, category, length)}: whether it stays within "
                    f"the {spoken(longest.period)} of {longest.source} depends on the date it "
                    "starts from; state it in the same unit."
                ),
            ),
        )
    if order > 0:
        return (
            violation(
                path=at("retention", "archive", "legal_ground"),
                message=(
                    f"{_archive(context.activity, category, length)} outlasts the "
                    f"{spoken(longest.period)} of {longest.source} it relies on: shorten it to "
                    "that period."
                ),
            ),
        )
    return ()


_DEFERRED = _CARD.error_above.total_months if _CARD.error_above else None


card_retention = _cap_rule(
    _CARD,
    code="CNIL103",
    name="cnil-card-retention",
    title=(
        f"Card data are kept at most {spoken(_CARD.max)} after the debit "
        f"({_DEFERRED or 'no more'} for deferred debit)"
    ),
    rationale=(
        f"The CNIL's recommendation on payment cards in distance selling ({_CARD.source}, "
        "which replaced délib. 2017-222 and, before it, 2013-358) lets the card number and "
        "expiry date be kept in an intermediate archive, to handle a contested payment, for "
        f"{_CARD.summary}.  The period in which a payment may be contested is set by the Code "
        "monétaire et financier (L133-24); the storage figure is the CNIL's recommendation.  "
        f"Beyond {spoken(_CARD.max)} the finding says the longer period is acceptable only for "
        "deferred-debit cards; beyond that, or with no maximum at all, it asks to delete the "
        "data earlier.  Both are warnings, from the same policy: the figure is soft law.  Card "
        "data in active use until the end of a subscription, the transaction or the "
        "withdrawal of consent (card kept for later purchases) are accepted, and only the "
        "archive that follows is compared."
    ),
    checks=(
        "Each payment-card data category is kept no longer after the debit than the CNIL "
        "recommends (longer only for deferred-debit cards), or only its archive is, after a "
        "subscription or the transaction."
    ),
)


_CVV = card_security_code()
_CVV_KINDS = frozenset({DataKind.CARD_SECURITY_CODE})


@rule(
    code="CNIL104",
    name="cnil-card-security-code",
    title="The card security code is never kept after the transaction",
    severity="error",
    articles=sources(_CVV.source),
    rationale=(
        "The visual cryptogram (CVV) may be used to authorise a payment but must not be "
        f"stored after the transaction ({_CVV.source}): once the payment is authorised it "
        "serves no purpose.  A data category of kind card-security-code is accepted only "
        "with a retention that ends with the transaction and no archive phase."
    ),
    severity_reason=(
        "keeping a code that serves no purpose after the payment breaches data minimisation "
        "and storage limitation (Art. 5(1)(c), (e))"
    ),
    on=DataCategory,
    where=("kind", _CVV_KINDS),
)
def card_security_code_kept(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each card-security-code data category is kept only until the transaction, with no
    archive."""
    if category.kind not in _CVV_KINDS:
        return
    limit = card_security_code().kept_until
    retention = category.retention
    if retention is not None and retention.until is limit and retention.archive is None:
        return
    kept = "with no stated end" if retention is None else _period(retention)
    yield violation(
        message=(
            f"{sentence(named(context.activity, category))} is a card security code kept "
            f"{kept}: it must never be stored after the {event_words(limit)}; delete it once the "
            "payment is authorised."
        ),
    )


call_recording_retention = _cap_rule(
    _CALLS,
    code="CNIL105",
    name="cnil-call-recording-retention",
    title=f"Call recordings are kept at most {spoken(_CALLS.max)}",
    rationale=(
        "The CNIL's practical guidance on listening to and recording calls at work keeps "
        "recordings made for training, evaluation or service quality at most "
        f"{_CALLS.summary}.  The cap applies to recordings-kind data in an activity tagged "
        "call-recording, or in an activity carrying none of the purpose tags the kind-based "
        "caps look for."
    ),
    checks=(
        "Each recordings data category of call-recording processing is kept no longer than "
        "the CNIL's guidance allows."
    ),
)


audience_data_retention = _cap_rule(
    _AUDIENCE,
    code="CNIL106",
    name="cnil-audience-data-retention",
    title=(
        f"Data collected through audience-measurement trackers are kept at most "
        f"{spoken(_AUDIENCE.max)}"
    ),
    rationale=(
        "The CNIL's guidance on audience-measurement tools, under its guidelines on cookies "
        f"and other trackers, limits the trackers' lifetime to {spoken(FR.trackers.lifetime)} "
        "(not extended on each visit) and keeps the data collected through them at most "
        f"{spoken(_AUDIENCE.max)}.  A register records the data, not the trackers: the cap "
        "applies to every data category of an activity whose purposes are tagged "
        "audience-measurement."
    ),
    checks=(
        "Each data category of audience-measurement processing is kept no longer than the "
        "CNIL allows for data collected through trackers."
    ),
)


log_retention = _cap_rule(
    _LOGS,
    code="CNIL107",
    name="cnil-log-retention",
    title=(f"Connection logs are kept {spoken(_LOGS.min or _LOGS.max)} to {spoken(_LOGS.max)}"),
    rationale=(
        f"The CNIL's recommendation on logging ({_LOGS.source}) keeps connection and activity "
        f"logs {_LOGS.summary}; longer where a documented risk of misuse justifies it.  "
        "Outside that range, a warning asks for the justification.  The rule applies to "
        "connection data in an activity tagged security-logging (or untagged)."
    ),
    checks=(
        "Each connection data category of security-logging processing is kept within the "
        "range the CNIL recommends."
    ),
)
