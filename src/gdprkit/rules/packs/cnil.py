"""The ``cnil`` profile: French law (loi Informatique et Libertés, "LIL") and
the CNIL's référentiels and recommendations.

Select it with ``validate(register, profiles=("gdpr", "cnil"))``; it extends
``gdpr``, so ``profiles="cnil"`` runs the GDPR rules too.  Its rules apply only
to a French register (:func:`gdprkit.policy.is_french`): one whose controller's country is France
(metropolitan France or an overseas département), or, when no country is
recorded, one written in French (``language`` ``fr``).  Any other register
gets no finding from this profile.

Every fact the rules use (caps, legal periods, ages, the DPIA list, the
décret that authorises the NIR) is reference data, loaded by
:mod:`gdprkit.reference.cnil` with its source and status; the rules here only
compare.  Durations are compared soundly (:meth:`Duration.compare`): when the
answer depends on the start date (``P30D`` against ``P1M``) the finding is a
warning that says so, never an error.

Codes: ``CNIL0xx`` national identification number, ``CNIL1xx`` retention,
``CNIL2xx`` minors' consent, ``CNIL3xx`` rights and the authority,
``CNIL4xx`` impact assessments, ``CNIL5xx`` trackers (LIL art. 82) and the
formalities that ended with the GDPR.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Iterable, Iterator

from gdprkit.model import (
    DataCategory,
    DataKind,
    Duration,
    LawfulBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Register,
    RetentionRule,
    Right,
    Role,
)
from gdprkit.policy import CONTROLLER_ROLES, dpia_under_way, is_french
from gdprkit.reference import consent_age, data_files
from gdprkit.reference.cnil import (
    LegalPeriod,
    RetentionCap,
    card_security_code,
    dpia_list,
    france,
    legal_periods,
    legal_periods_for,
    retention_cap,
    retention_caps,
)
from gdprkit.reference.eprivacy import trackers
from gdprkit.rules._rule import (
    Context,
    Jurisdiction,
    Profile,
    Violation,
    at,
    rule,
    rules_in,
)
from gdprkit.rules._text import listing, sentence, spoken, texts_in
from gdprkit.rules.findings import Location, Severity


__all__ = ["PROFILE", "check_retention"]


def _sources(*texts: str) -> tuple[str, ...]:
    """Split reference-data sources written ``A; B`` into citations."""
    return tuple(part.strip() for text in texts for part in text.split(";") if part.strip())


def _iso(duration: Duration) -> str:
    return duration.isoformat()


def _named(activity: ProcessingActivity, category: DataCategory | None = None) -> str:
    """``data category "X" of activity "Y"``, as findings name what they are about."""
    where = f'activity "{activity.name}"'
    return where if category is None else f'data category "{category.name}" of {where}'


# CNIL0xx: the NIR -----------------------------------------------------------

_FR = france()
_NIR = frozenset({DataKind.NATIONAL_ID})


_ALLOWED_BY = (
    "décret 2019-341 (the décret cadre NIR) or a sector text its entries apply, or LIL art. 30 II "
    "(public statistics, research, e-administration)"
)


@rule(
    code="CNIL001",
    name="cnil-nir-decree-reference",
    title="The NIR is processed only under an entry of décret 2019-341 or LIL art. 30 II",
    severity="error",
    articles=(*_sources(_FR.nir_source), "GDPR Art. 87"),
    rationale=(
        "LIL art. 30 implements GDPR Art. 87 in France: the NIR (numéro d'inscription au "
        "répertoire, the social-security number) may be processed only by the categories of "
        "controllers and for the purposes listed in décret n° 2019-341 du 19 avril 2019 "
        "(the décret cadre NIR, amended since), or, under art. 30 II, for public statistics or "
        "research once the NIR is replaced by a non-meaningful statistical code, and in "
        "e-administration services.  A data category of kind national-id must cite one of "
        "them in legal_reference: the décret by number or by name, a sector text its entries "
        "apply (Code de la sécurité sociale; Code de la santé publique L1111-8-1, the national "
        "health identifier), or LIL art. 30 II.  Customer, prospect and marketing processing "
        "that cites none is reported by CNIL002 instead."
    ),
    severity_reason=(
        "processing the NIR outside the cases the law lists is unlawful (LIL art. 30, GDPR Art. 87)"
    ),
    supersedes=("GDPR113",),
    on=DataCategory,
    where=("kind", _NIR),
)
def nir_decree_reference(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each national-id data category of a French register, outside commercial processing,
    cites décret 2019-341, a sector text of its entries or LIL art. 30 II in its legal
    reference."""
    if category.kind not in _NIR:
        return
    facts = france()
    if facts.cites_nir_decree(category.legal_reference):
        return
    activity = context.activity
    if facts.commercial_scope.covers(activity):
        return  # CNIL002
    cited = category.legal_reference
    if cited:
        message = (
            f"{sentence(_named(activity, category))} is a NIR whose legal reference "
            f'("{cited}") is none of the texts that allow it: {_ALLOWED_BY} (LIL art. 30); '
            "cite the entry that covers this controller and purpose."
        )
    else:
        message = (
            f"{sentence(_named(activity, category))} is a NIR with no legal reference: only "
            f"{_ALLOWED_BY} allow it (LIL art. 30); cite the entry that covers this controller "
            "and purpose, or stop processing the NIR."
        )
    yield Violation(path=at("legal_reference") if cited else (), message=message)


@rule(
    code="CNIL002",
    name="cnil-nir-commercial",
    title="No NIR in customer, prospect or marketing processing outside décret 2019-341",
    severity="error",
    articles=_sources(_FR.nir_source, _FR.commercial_source),
    rationale=(
        "Décret 2019-341 lets no ordinary commercial controller process the NIR to manage "
        "customers or prospects or for marketing, and the référentiel gestion commerciale "
        "(CNIL délib. 2021-131) excludes it.  Some controllers whose customers are also "
        "insured persons are in the décret: health professionals (a pharmacy's third-party "
        "billing) and insurers, mutuelles and provident institutions.  An activity is "
        "commercial when a purpose is tagged customer-management, prospection or "
        "direct-marketing, or when its data subjects are customers or prospects; its NIR is "
        "an error unless the data category cites the décret (or a sector text of its entries) "
        "in legal_reference."
    ),
    severity_reason=(
        "processing the NIR outside the cases the law lists is unlawful (LIL art. 30, GDPR Art. 87)"
    ),
    supersedes=("GDPR113",),
    on=DataCategory,
    where=("kind", _NIR),
)
def nir_commercial(category: DataCategory, context: Context) -> Iterable[Violation]:
    """No national-id data category in an activity tagged customer-management, prospection or
    direct-marketing, or whose subjects include customers or prospects, unless it cites the
    décret entry that allows it."""
    facts = france()
    if (
        category.kind in _NIR
        and facts.commercial_scope.covers(context.activity)
        and not facts.cites_nir_decree(category.legal_reference)
    ):
        return (
            Violation(
                message=(
                    f"{sentence(_named(context.activity, category))} is a NIR, in customer, "
                    "prospect or marketing processing, and cites no entry of décret 2019-341: "
                    "an ordinary commercial controller may not process it; remove it, or, if "
                    "the controller is in the décret (a health professional's third-party "
                    "billing, an insurer or mutuelle), cite the entry in legal_reference."
                ),
            ),
        )
    return ()


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
        start = f" from {retention.start.value}" if retention.start is not None else ""
        parts.append(f"for {_iso(retention.duration)}{start}")
    if retention.until is not None:
        parts.append(f"until {retention.until.value}")
    if retention.archive is not None:
        length = retention.archive.duration
        parts.append(
            "then archived for an unstated period"
            if length is None
            else f"then archived for {_iso(length)}"
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
    reference = f"the CNIL's reference is {cap.summary}"
    beyond_cap = Severity(cap.severity)
    unstated = retention.archive is not None and retention.archive.duration is None
    if retention.duration is not None:
        if retention.start is not None and retention.start not in cap.events:
            return None  # counted from another event: another clock
        measured = retention.total_duration or retention.duration
    elif retention.until is not None:
        if retention.until not in cap.active_until:
            return beyond_cap, (
                f"{subject} is kept until {retention.until.value} with no maximum period; "
                f"{reference}: set one."
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
    kept = f"{subject} is kept {_period(retention)}"
    cap_max = _iso(cap.max)
    if unstated:
        if cap.error_above is not None and measured.compare(cap.error_above) == 1:
            return beyond_cap, (
                f"{kept}, longer than {_iso(cap.error_above)}, the longest period "
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
        ceiling = _iso(cap.error_above)
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
                f"{kept}: whether that reaches the recommended minimum of {_iso(cap.min)} "
                f"depends on the date it starts from ({reference})."
            )
        if floor < 0:
            return Severity.WARNING, (
                f"{kept}, shorter than the recommended {_iso(cap.min)}; {reference}: records "
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


def _check_cap(cap: RetentionCap, category: DataCategory, context: Context) -> Iterator[Violation]:
    """A data category's retention against *cap*, where the cap applies to it."""
    retention = category.retention
    kinds = cap.data_kinds
    if retention is None or (kinds is not None and category.kind not in kinds):
        return
    if not _in_scope(cap, context.activity):
        return
    found = check_retention(cap, retention, sentence(_named(context.activity, category)))
    if found is not None:
        severity, message = found
        yield Violation(path=at("retention"), message=message, severity=severity)


def _kinds(cap: RetentionCap) -> tuple[str, frozenset[DataKind]] | None:
    """The data categories a cap's rule looks at, by kind (``where=``)."""
    return None if cap.data_kinds is None else ("kind", cap.data_kinds)


_SOFT_LAW = (
    "a period beyond a CNIL référentiel or recommendation is a likely gap the controller may "
    "justify (soft law, LIL art. 8), not in itself unlawful"
)

_PROSPECTS = retention_cap("prospects")
_CARD = retention_cap("payment-card")
_CALLS = retention_cap("call-recordings")
_AUDIENCE = retention_cap("audience-data")
_LOGS = retention_cap("connection-logs")


@rule(
    code="CNIL101",
    name="cnil-prospect-retention",
    title=(
        f"Prospect data are kept at most {spoken(_PROSPECTS.max)} from collection or the "
        "last contact"
    ),
    severity=_PROSPECTS.severity,
    articles=_sources(_PROSPECTS.source),
    rationale=(
        f"The référentiel gestion commerciale ({_PROSPECTS.source}) keeps prospects' data at "
        f"most {_PROSPECTS.summary}.  It applies to every data category of an activity tagged "
        "prospection or direct-marketing or whose subjects include prospects.  A period "
        "counted from another event (an opposition list kept from the objection) is not "
        "compared; a period that only ends with an event such as an objection has no maximum "
        "and is reported.  The référentiel is soft law: a longer period is a warning, to be "
        "justified."
    ),
    severity_reason=_SOFT_LAW,
    on=DataCategory,
    where=_kinds(_PROSPECTS),
)
def prospect_retention(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each data category of prospection, direct-marketing or prospect processing is kept no
    longer than the référentiel's period from collection, the last contact or the end of the
    relationship."""
    return _check_cap(_PROSPECTS, category, context)


_ARTICLE_NUMBER = re.compile(r"\d")


@functools.lru_cache(maxsize=1024)
def _longest_period(ground: str) -> LegalPeriod | None:
    """The longest legal period *ground* cites, or ``None`` if it cites none; a
    period cited later replaces an earlier one only when it is longer whatever
    the start date.  Memoised per text: a register repeats a few grounds."""
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
    return f"The archive of {_named(activity, category)} ({_iso(length)})"


_PERIODS = ", ".join(f"{p.source} {spoken(p.period)}" for p in legal_periods())
"""The legal periods the reference data know, as CNIL102's rationale lists them."""
_EXAMPLES = "; ".join(f"{p.source}, {spoken(p.period)}" for p in legal_periods()[:3:2])
"""Two of them, as CNIL102's message suggests them."""


@rule(
    code="CNIL102",
    name="cnil-archive-legal-period",
    title="An intermediate archive does not outlast the legal period it relies on",
    severity="warning",
    articles=(*_sources(_FR.customer_source), "GDPR Art. 5(1)(e)"),
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
        "(Art. 5(1)(e)); the controller may have another ground"
    ),
    on=DataCategory,
)
def archive_legal_period(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each intermediate archive whose legal ground cites a French provision with a known
    period lasts no longer than that period; a ground naming no article is reported as
    information."""
    retention = category.retention
    if retention is None or retention.archive is None:
        return
    archive = retention.archive
    length = archive.duration
    if length is None:
        return  # GDPR405: no duration to compare with the legal period
    ground = (archive.legal_ground or "").strip()
    if not ground:
        return  # GDPR404
    longest = _longest_period(ground)
    if longest is None:
        if not _ARTICLE_NUMBER.search(ground):
            yield Violation(
                path=at("retention", "archive", "legal_ground"),
                message=(
                    f'{_archive(context.activity, category, length)} relies on "{ground}", which '
                    f"names no article: cite the provision and its period (e.g. {_EXAMPLES}) "
                    "so that the archive can be checked against it."
                ),
                severity=Severity.INFO,
            )
        return
    order = length.compare(longest.period)
    if order is None:
        yield Violation(
            path=at("retention", "archive", "legal_ground"),
            message=(
                f"{_archive(context.activity, category, length)}: whether it stays within the "
                f"{_iso(longest.period)} of {longest.source} depends on the date it starts "
                "from; state it in the same unit."
            ),
        )
    elif order > 0:
        yield Violation(
            path=at("retention", "archive", "legal_ground"),
            message=(
                f"{_archive(context.activity, category, length)} outlasts the "
                f"{_iso(longest.period)} of {longest.source} it relies on: shorten it to "
                "that period."
            ),
        )


_DEFERRED = _CARD.error_above.total_months if _CARD.error_above else None


@rule(
    code="CNIL103",
    name="cnil-card-retention",
    title=(
        f"Card data are kept at most {spoken(_CARD.max)} after the debit "
        f"({_DEFERRED or 'no more'} for deferred debit)"
    ),
    severity=_CARD.severity,
    articles=(*_sources(_CARD.source), "GDPR Art. 5(1)(e)"),
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
    severity_reason=_SOFT_LAW,
    on=DataCategory,
    where=_kinds(_CARD),
)
def card_retention(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each payment-card data category is kept no longer after the debit than the CNIL
    recommends (longer only for deferred-debit cards), or only its archive is, after a
    subscription or the transaction."""
    return _check_cap(_CARD, category, context)


_CVV = card_security_code()
_CVV_KINDS = frozenset({DataKind.CARD_SECURITY_CODE})


@rule(
    code="CNIL104",
    name="cnil-card-security-code",
    title="The card security code is never kept after the transaction",
    severity="error",
    articles=_sources(_CVV.source),
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
    yield Violation(
        message=(
            f"{sentence(_named(context.activity, category))} is a card security code kept "
            f"{kept}: it must never be stored after the {limit.value}; delete it once the "
            "payment is authorised."
        ),
    )


@rule(
    code="CNIL105",
    name="cnil-call-recording-retention",
    title=f"Call recordings are kept at most {spoken(_CALLS.max)}",
    severity=_CALLS.severity,
    articles=_sources(_CALLS.source),
    rationale=(
        "The CNIL's practical guidance on listening to and recording calls at work keeps "
        "recordings made for training, evaluation or service quality at most "
        f"{_CALLS.summary}.  The cap applies to recordings-kind data in an activity tagged "
        "call-recording, or in an activity carrying none of the purpose tags the kind-based "
        "caps look for."
    ),
    severity_reason=_SOFT_LAW,
    on=DataCategory,
    where=_kinds(_CALLS),
)
def call_recording_retention(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each recordings data category of call-recording processing is kept no longer than the
    CNIL's guidance allows."""
    return _check_cap(_CALLS, category, context)


@rule(
    code="CNIL106",
    name="cnil-audience-data-retention",
    title=(
        f"Data collected through audience-measurement trackers are kept at most "
        f"{spoken(_AUDIENCE.max)}"
    ),
    severity=_AUDIENCE.severity,
    articles=_sources(_AUDIENCE.source),
    rationale=(
        "The CNIL's guidance on audience-measurement tools, under its guidelines on cookies "
        f"and other trackers, limits the trackers' lifetime to {spoken(_FR.trackers.lifetime)} "
        "(not extended on each visit) and keeps the data collected through them at most "
        f"{spoken(_AUDIENCE.max)}.  A register records the data, not the trackers: the cap "
        "applies to every data category of an activity whose purposes are tagged "
        "audience-measurement."
    ),
    severity_reason=_SOFT_LAW,
    on=DataCategory,
)
def audience_data_retention(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each data category of audience-measurement processing is kept no longer than the CNIL
    allows for data collected through trackers."""
    return _check_cap(_AUDIENCE, category, context)


@rule(
    code="CNIL107",
    name="cnil-log-retention",
    title=(f"Connection logs are kept {spoken(_LOGS.min or _LOGS.max)} to {spoken(_LOGS.max)}"),
    severity=_LOGS.severity,
    articles=_sources(_LOGS.source),
    rationale=(
        f"The CNIL's recommendation on logging ({_LOGS.source}) keeps connection and activity "
        f"logs {_LOGS.summary}; longer where a documented risk of misuse justifies it.  "
        "Outside that range, a warning asks for the justification.  The rule applies to "
        "connection data in an activity tagged security-logging (or untagged)."
    ),
    severity_reason=_SOFT_LAW,
    on=DataCategory,
    where=_kinds(_LOGS),
)
def log_retention(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each connection data category of security-logging processing is kept within the range
    the CNIL recommends."""
    return _check_cap(_LOGS, category, context)


# CNIL2xx: minors --------------------------------------------------------------


def _french_age(day: dt.date) -> int:
    """The French age of digital consent on *day*, from the reference data
    shared with the gdpr profile (consent_ages.json)."""
    found = consent_age("FR", as_of=day)
    if found is None:  # pragma: no cover - the data file always has France
        msg = "no French age of digital consent in the reference data"
        raise LookupError(msg)
    return found.age


_FRENCH_AGE = _french_age(next(f.retrieved for f in data_files() if f.name == "consent_ages.json"))
"""The age the rules' titles quote: as the reference data give it on the day they
were checked (findings use the validation date)."""


@rule(
    code="CNIL201",
    name="cnil-digital-consent-age",
    title=f"The digital age of consent in France is not below {_FRENCH_AGE}",
    severity="error",
    articles=(_FR.consent_age_source, "GDPR Art. 8(1)"),
    rationale=(
        "France set the age from which a minor consents alone to an information-society "
        f"service at {_FRENCH_AGE} ({_FR.consent_age_source}, under GDPR Art. 8(1)).  A lower "
        "age lets children consent alone when French law requires joint consent.  A higher "
        "age is stricter than the law, which is the controller's choice, and is not reported."
    ),
    severity_reason=(
        "below the legal age a child's consent alone is not valid, so processing resting on "
        "it is unlawful (Art. 6(1)(a), 8(1))"
    ),
    supersedes=("GDPR604",),
    on=ProcessingActivity,
)
def digital_consent_age(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    """Each children policy of a French register sets the digital age of consent no lower than
    the French age."""
    facts = france()
    french_age = _french_age(context.as_of)
    policy = activity.children
    if policy is None or policy.consent_age is None or policy.consent_age >= french_age:
        return
    yield Violation(
        path=at("children", "consent_age"),
        message=(
            f"The children's policy of {_named(activity)} sets the age of consent at "
            f"{policy.consent_age}, but in France a minor consents alone only from "
            f"{french_age} ({facts.consent_age_source}): below {french_age} consent is given "
            "jointly by the minor and the holder of parental authority; use "
            f"{french_age} or a higher age."
        ),
    )


@rule(
    code="CNIL202",
    name="cnil-joint-parental-consent",
    title=f"Below {_FRENCH_AGE}, consent is given jointly by the minor and a parent",
    severity="warning",
    articles=(_FR.consent_age_source, "GDPR Art. 8(2)"),
    rationale=(
        f"Under {_FRENCH_AGE}, consent to an information-society service is given jointly by the minor "
        "and the holder(s) of parental authority (LIL art. 45): parental consent alone is "
        "not enough.  A children policy must say how that joint consent is collected and "
        "verified (parental_consent)."
    ),
    severity_reason=(
        "how consent is collected is accountability the law leaves to the controller "
        "(Art. 8(2), 5(2)); the finding is a likely gap"
    ),
    supersedes=("GDPR605",),
    on=ProcessingActivity,
)
def joint_parental_consent(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    """Each children policy of a French register says how joint consent is collected below the
    French age."""
    facts = france()
    french_age = _french_age(context.as_of)
    policy = activity.children
    if policy is None or (policy.parental_consent or "").strip():
        return
    yield Violation(
        path=at("children"),
        message=(
            f"The children's policy of {_named(activity)} does not say how consent is "
            f"obtained below {french_age}: in France it is given jointly by the minor "
            f"and the holder(s) of parental authority ({facts.consent_age_source}); describe "
            "how that joint consent is collected and verified (parental_consent)."
        ),
    )


# CNIL3xx: rights and the authority ----------------------------------------

# Looked up once: reading a member off an enum class is slow in a loop.
_PROCESSOR = Role.PROCESSOR
_POST_MORTEM = Right.POST_MORTEM_DIRECTIVES


def _lacking(register: Register, right: Right) -> Iterator[tuple[Location, str]]:
    """Where the rights that apply to the activities kept as controller lack *right*: each
    activity's own list (``activities[i].rights``), and the register's general list
    (``rights``) once, when an activity without a list of its own uses it.  Yields the
    place and how a message names the list."""
    uses_general = False
    for i, activity in enumerate(register.activities):
        if activity.role is _PROCESSOR:
            continue
        if activity.rights is None:
            uses_general = True
        elif all(r.right is not right for r in activity.rights):
            yield at("activities", i, "rights"), f"The rights of {_named(activity)}"
    if uses_general and all(r.right is not right for r in register.rights):
        yield at("rights"), "The register's general rights"


@rule(
    code="CNIL301",
    name="cnil-post-mortem-directives",
    title="The right to set post-mortem directives is declared",
    severity="warning",
    articles=(_FR.post_mortem_source,),
    rationale=(
        "In France everyone may set directives on the retention, erasure and communication of "
        f"their personal data after their death ({_FR.post_mortem_source}).  The rights "
        "declared for a controller's activities should include post-mortem-directives.  "
        "Processor activities are not checked: informing data subjects is the controller's "
        "duty.  A register where several lists lack it has one finding, with every place."
    ),
    severity_reason=(
        "telling people of a right is an information item (Art. 13(2)(b)); the right exists "
        "whether or not the register lists it"
    ),
)
def post_mortem_directives(register: Register, context: Context) -> Iterator[Violation]:
    """The rights that apply to each activity kept as controller include post-mortem
    directives; reported once for the register's list."""
    for path, lists in _lacking(register, _POST_MORTEM):
        yield Violation(
            path=path,
            message=(
                f"{lists} do not include the right to set directives on the fate of one's "
                f"data after death ({_FR.post_mortem_source}): add post-mortem-directives."
            ),
            defect=_POST_MORTEM,
        )


_COMPLAINT = Right.COMPLAINT


@rule(
    code="CNIL302",
    name="cnil-supervisory-authority",
    title="The register names the CNIL as its supervisory authority, and the right to complain to it",
    severity="warning",
    articles=(_FR.authority_source, "GDPR Art. 77", "GDPR Art. 13(2)(d)", "GDPR Art. 56"),
    rationale=(
        f"The CNIL is the French supervisory authority ({_FR.authority_source}): the lead "
        "authority of a controller whose main establishment is in France (GDPR Art. 56) and "
        "the authority people in France complain to (GDPR Art. 77).  The rule checks "
        "supervisory_authority (not naming any authority is information; naming another one "
        "for a French controller is a warning) and, where the rights declared lack the right "
        "to lodge a complaint, reports it naming the CNIL, in place of the gdpr profile's "
        "GDPR505 finding at the same place."
    ),
    severity_reason=(
        "the authority and the complaint right are information items (Art. 13(1)(a), "
        "13(2)(d)), not Art. 30 items; naming another authority is a likely error of fact"
    ),
    supersedes=("GDPR505",),
)
def supervisory_authority(register: Register, context: Context) -> Iterator[Violation]:
    """A French register names the CNIL as its supervisory authority, and the rights that apply
    to its activities kept as controller include lodging a complaint with it."""
    facts = france()
    named = (register.supervisory_authority or "").strip()
    authority = (facts.authority_source, "GDPR Art. 56")
    if not named:
        yield Violation(
            path=at("supervisory_authority"),
            message=(
                "The register names no supervisory authority; for a controller established in "
                f"France it is the {facts.authority_name}."
            ),
            severity=Severity.INFO,
            articles=authority,
        )
    elif not facts.names_authority(named):
        yield Violation(
            path=at("supervisory_authority"),
            message=(
                f'The register names "{named}" as its supervisory authority, not the CNIL, '
                "which is competent for a controller established in France: check the main "
                "establishment or name the CNIL."
            ),
            articles=authority,
        )
    for path, lists in _lacking(register, _COMPLAINT):
        yield Violation(
            path=path,
            message=(
                f"{lists} do not include the right to lodge a complaint with the CNIL "
                "(complaint), the authority people in France complain to: add it; people "
                "must be told of it whatever the basis (GDPR Art. 13(2)(d), 77)."
            ),
            articles=("GDPR Art. 77", "GDPR Art. 13(2)(d)", facts.authority_source),
            defect=_COMPLAINT,
        )


# CNIL4xx: impact assessments ------------------------------------------------

_DPIA = dpia_list()


@rule(
    code="CNIL401",
    name="cnil-dpia-list",
    title="Processing on the CNIL's DPIA list has a DPIA",
    severity="warning",
    articles=(_DPIA.source, "GDPR Art. 35(4)"),
    rationale=(
        f"The CNIL's list of processing for which a DPIA is required ({_DPIA.source}, "
        f"GDPR Art. 35(4)) has {len(_DPIA.types)} types: health data processed by health or "
        "medico-social establishments for the care of patients, genetic or "
        "biometric data of vulnerable persons, HR profiling, constant employee monitoring, "
        "whistleblowing, health-data warehouses, profiling that may exclude from a contract "
        "or uses external data, social housing, social support, large-scale location data, "
        "… Each type is recognised from purpose tags, data kinds, subject kinds, sources and "
        "DPIA criteria (reference data).  An activity of one of these types whose DPIA is "
        "neither done nor in progress gets a warning: the list is known from secondary "
        "sources only.  Type 1 needs the care of patients (health-care tag, health data and "
        "patients among the data subjects): a pharmacy's software vendor handling health "
        "data is not a care establishment."
    ),
    severity_reason=(
        "recognising a type of the list from tags is a presumption the controller may rebut, "
        "and the list is known from secondary sources: a likely gap"
    ),
    on=ProcessingActivity,
    roles=CONTROLLER_ROLES,
)
def cnil_dpia_list(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    """Each activity kept as controller that is of a type on the CNIL's DPIA list has a DPIA
    done or in progress."""
    if dpia_under_way(activity):
        return
    types = dpia_list().matching(activity)
    if types:
        kinds = "; ".join(f"type {t.number}: {t.label}" for t in types)
        status = "none" if activity.dpia is None else activity.dpia.status.value
        yield Violation(
            path=at("dpia"),
            message=(
                f"{sentence(_named(activity))} is on the CNIL's list of processing requiring a "
                f"DPIA ({kinds}), but no DPIA is done or in progress (status: {status}): carry "
                "it out before the processing starts."
            ),
        )


# CNIL5xx: trackers and the formalities of before 25 May 2018 --------------------

_TRACKERS = _FR.trackers
_AUDIENCE_TAG = PurposeTag.AUDIENCE_MEASUREMENT
_CONSENT = LawfulBasis.CONSENT
_AD_TAGS = trackers().tracker_tags
"""Advertising trackers: never exempt, reported by the gdpr profile's GDPR701."""


@rule(
    code="CNIL501",
    name="cnil-audience-measurement-exemption",
    title="Audience measurement without consent stays within the CNIL's exemption",
    severity="error",
    articles=_sources(_TRACKERS.source),
    rationale=(
        "LIL art. 82 (ePrivacy Directive Art. 5(3)) requires prior consent for trackers "
        "unless they are strictly necessary.  The CNIL exempts audience-measurement trackers "
        "only when they are "
        + "; ".join(_TRACKERS.audience_exemption)
        + ".  A purpose tagged audience-measurement that does not rest on consent is "
        "outside the exemption when it also pursues advertising, profiling or marketing "
        "(its tags), or when the activity passes the data to a recipient that uses them for "
        "its own ends (a third party, a joint controller or a group company): the trackers "
        "then need consent.  Whether the statistics are anonymous cannot be read from a "
        f"register; the data's retention is CNIL106's ({spoken(_AUDIENCE.max)}; the trackers "
        f"themselves live at most {spoken(_TRACKERS.lifetime)})."
    ),
    severity_reason=(
        "trackers outside the exemption set without consent are unlawful (LIL art. 82)"
    ),
    on=Purpose,
    roles=CONTROLLER_ROLES,
)
def audience_measurement_exemption(purpose: Purpose, context: Context) -> Iterator[Violation]:
    """Each audience-measurement purpose that does not rest on consent pursues nothing else and
    passes its data to no recipient acting for its own ends (advertising trackers are
    GDPR701's)."""
    tags = purpose.tags
    if (
        _AUDIENCE_TAG not in tags
        or not _AD_TAGS.isdisjoint(tags)
        or any(b.basis is _CONSENT for b in purpose.legal_bases)
    ):
        return
    activity = context.activity
    reasons = []
    also = sorted(t.value for t in _TRACKERS.incompatible_tags.intersection(tags))
    if also:
        reasons.append(f"it also serves {', '.join(also)}")
    shared = [r.name for r in activity.recipients if r.kind in _TRACKERS.third_party_recipients]
    if shared:
        reasons.append(f"the activity passes its data to {listing(shared)}, for their own ends")
    if reasons:
        yield Violation(
            message=(
                f'The purpose "{purpose.name}" of {_named(activity)} measures audience without '
                f"consent, but {' and '.join(reasons)}: the CNIL's exemption covers audience "
                "measurement alone, for the publisher alone, with no data passed to third "
                f"parties ({_TRACKERS.source}); ask for consent, or measure audience with "
                "trackers used for nothing else, through a provider acting as your processor."
            ),
        )


_PRE_GDPR = _FR.pre_gdpr


@rule(
    code="CNIL502",
    name="cnil-pre-gdpr-formalities",
    title="The register does not rely on formalities that ended on 25 May 2018",
    severity="warning",
    articles=_sources(_PRE_GDPR.source),
    rationale=(
        "The declarations to the CNIL and their receipts, the normes simplifiées and "
        "dispenses, the correspondant informatique et libertés and the loi Informatique et "
        "Libertés as amended in 2004 have had no effect since "
        f"{_PRE_GDPR.since.isoformat()} ({_PRE_GDPR.source}): the register and accountability "
        "replaced the formalities, the DPO the correspondant, and the law was rewritten.  A "
        "register that still relies on them has likely not been reviewed since.  Every text "
        "the register writes is looked at; one formality cited in several places is one "
        "finding, with every place."
    ),
    severity_reason=(
        "a formality without effect is a likely gap in upkeep (accountability, Art. 5(2)), "
        "not in itself unlawful"
    ),
)
def pre_gdpr_formalities(register: Register, context: Context) -> Iterator[Violation]:
    """No text of a French register relies on a CNIL declaration, a norme simplifiée or
    dispense, the correspondant informatique et libertés or the LIL as amended in 2004."""
    for where, text in texts_in(register):
        found = _PRE_GDPR.cited_in(text)
        if found is not None:
            yield Violation(
                path=where,
                message=(
                    f"The register refers to {found.label}, without effect since "
                    f"{_PRE_GDPR.since.isoformat()} ({_PRE_GDPR.source}): the register itself "
                    "and the controller's accountability replaced it; update the text."
                ),
                defect=found.label,
            )


FRANCE = Jurisdiction(
    name="France",
    authority="FR",
    countries=france().countries,
    national_identifiers=_NIR,
)
"""The French facts: the CNIL, French territory, the NIR; EEA and adequacy as the GDPR's."""

PROFILE = Profile(
    name="cnil",
    title="French law (loi Informatique et Libertés) and the CNIL's référentiels",
    rules=rules_in(sys.modules[__name__]),
    extends=("gdpr",),
    applies_to=is_french,
    jurisdiction=FRANCE,
)
"""The French profile: it applies to a register whose controller is under French law."""
