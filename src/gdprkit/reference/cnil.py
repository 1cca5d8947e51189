"""French reference data for the ``cnil`` profile, loaded from JSON.

Three files under ``gdprkit/reference/data/`` hold the facts, each with its
source, its status (``verified`` against the text or an official source,
``secondary`` when only secondary sources were found, ``unverified``) and the
date it was last checked:

* ``cnil_retention.json``: the retention caps of the CNIL référentiels and
  recommendations (prospects, payment cards, call recordings, data collected
  through audience trackers, connection logs), each marked soft law or set
  by statute, and the French legal periods that bound an intermediate
  archive (Code de commerce L123-22, Code civil art. 2224, …);
* ``cnil_dpia_list.json``: the 14 kinds of processing of the CNIL list of
  processing requiring a DPIA (CNIL délib. 2018-327) and how each one is
  recognised in a register;
* ``cnil_france.json``: where the profile applies, the digital age of consent
  (LIL art. 45), the texts that allow the NIR (LIL art. 30, décret
  2019-341), the scope of commercial processing, the supervisory authority,
  the rules on trackers (LIL art. 82) and the formalities that ended on
  25 May 2018.

The files are read once, on first use, and checked as they are read: a
malformed entry raises :class:`~gdprkit.reference.ReferenceDataError` (a
:class:`ValueError`) naming the file and the entry.

>>> cap = retention_cap("payment-card")
>>> str(cap.max), cap.source, cap.severity
('P13M', 'CNIL délib. 2018-303', 'warning')
>>> [p.source for p in legal_periods_for("Code de commerce, art. L. 123-22")]
['Code de commerce L123-22']
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar, cast

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.model import (
    DataKind,
    DpiaCriterion,
    Duration,
    Event,
    ProcessingActivity,
    PurposeTag,
    RecipientKind,
    SourceKind,
    SubjectKind,
)
from gdprkit.reference import ReferenceDataError
from gdprkit.reference._reader import Reader, Regex, Status, read
from gdprkit.reference.repealed import RepealedTexts, read_repealed


__all__ = [
    "CapMatch",
    "CardSecurityCode",
    "DpiaCondition",
    "DpiaList",
    "DpiaType",
    "FrenchFacts",
    "FrenchTrackers",
    "LegalPeriod",
    "RetentionCap",
    "Scope",
    "Status",
    "card_security_code",
    "dpia_list",
    "france",
    "legal_periods",
    "legal_periods_for",
    "normalise_reference",
    "retention_cap",
    "retention_caps",
]

CapMatch = Literal["purpose", "kind", "tag-or-kind"]
"""How a retention cap finds the data it applies to (see :class:`RetentionCap`)."""

_E = TypeVar("_E", bound=enum.Enum)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Scope(FieldMethods):
    """A kind of processing recognised by its purpose tags or its data subjects.

    Attributes:
        purpose_tags: Any of these tags puts an activity in scope.
        subject_kinds: Any of these subject kinds puts an activity in scope.
    """

    purpose_tags: frozenset[PurposeTag]
    subject_kinds: frozenset[SubjectKind]

    def covers(self, activity: ProcessingActivity) -> bool:
        """True when *activity* has one of the tags or one of the subject kinds."""
        tags, kinds = self.purpose_tags, self.subject_kinds
        for purpose in activity.purposes:
            if not tags.isdisjoint(purpose.tags):
                return True
        if kinds:
            for subject in activity.data_subjects:
                if subject.kind in kinds:
                    return True
        return False


@attrs.frozen(kw_only=True, repr=False, eq=False)
class RetentionCap(FieldMethods):
    """A maximum (and possibly minimum) retention period set by the CNIL.

    Which data a cap applies to depends on :attr:`match`:

    * ``"purpose"``: every data category of an activity that has one of
      :attr:`purpose_tags` or one of :attr:`subject_kinds` (and, when
      :attr:`data_kinds` is not ``None``, of one of those kinds);
    * ``"kind"``: every data category of one of :attr:`data_kinds`, in any
      activity;
    * ``"tag-or-kind"``: data categories of one of :attr:`data_kinds` in an
      activity tagged with one of :attr:`purpose_tags`; in an activity that
      carries none of the tags any cap looks for, the kind alone decides.

    Attributes:
        id: Stable id (``prospects``, ``payment-card``).
        title: What the cap is about.
        summary: The cap in words, as findings quote it.
        max: The longest period allowed.
        min: The shortest period recommended, if any (connection logs).
        error_above: Beyond this period, a breach of the law rather than a
            departure from a recommendation (payment cards: 15 months).
        events: The events the period is counted from.
        active_until: Events that may end an active period of no fixed
            length (the end of a subscription for card data); only the
            archive that follows is then compared.  Any other period that
            ends with an event and has no duration has no maximum.
        match: How the cap finds its data (see above).
        scope: Purpose tags and subject kinds the cap is about.
        data_kinds: Kinds of data the cap is about; ``None`` for every kind.
        source: The text that sets the cap (``CNIL délib. 2021-131 …``).
        status: How the fact was checked.
        checked: When it was last checked.
        note: What the source says, in more detail.
        binding: Whether a statute sets the cap (see :attr:`severity`).
    """

    id: str
    title: str
    summary: str
    max: Duration
    min: Duration | None = None
    error_above: Duration | None = None
    events: frozenset[Event]
    active_until: frozenset[Event] = frozenset()
    match: CapMatch
    scope: Scope
    data_kinds: frozenset[DataKind] | None
    source: str
    status: Status
    checked: dt.date
    note: str
    binding: bool = False

    @property
    def severity(self) -> Literal["error", "warning"]:
        """The severity of a period beyond the cap, or with no maximum: an
        error where a statute sets the cap, a warning where it is a CNIL
        référentiel or recommendation (soft law, to be departed from only
        with a justification)."""
        return "error" if self.binding else "warning"


@attrs.frozen(kw_only=True, repr=False, eq=False)
class CardSecurityCode(FieldMethods):
    """The rule for the card's visual cryptogram (CVV).

    Attributes:
        kept_until: The only event data may be kept until (the transaction).
        source: ``CNIL délib. 2018-303; GDPR Art. 5(1)(c)``.
        status: How the fact was checked.
        checked: When it was last checked.
    """

    kept_until: Event
    source: str
    status: Status
    checked: dt.date


@attrs.frozen(kw_only=True, repr=False, eq=False)
class LegalPeriod(FieldMethods):
    """A French legal period that bounds an intermediate archive.

    Attributes:
        id: Stable id (``fr-ccom-L123-22``).
        title: What the period covers.
        period: Its length.
        patterns: Regular expressions that recognise the provision in a
            legal ground, once :func:`normalise_reference` has been applied;
            all of them must match.
        source: The provision (``Code de commerce L123-22``).
        status: How the fact was checked.
        checked: When it was last checked.
    """

    id: str
    title: str
    period: Duration
    patterns: tuple[Regex, ...]
    source: str
    status: Status
    checked: dt.date

    def cited_in(self, text: str) -> bool:
        """True when *text* (a legal ground as written) cites this provision."""
        return self._cited_in_normalised(normalise_reference(text))

    def _cited_in_normalised(self, norm: str) -> bool:
        """:meth:`cited_in`, for a text :func:`normalise_reference` has already normalised."""
        return all(p.search(norm) for p in self.patterns)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DpiaCondition(FieldMethods):
    """One condition of a DPIA-list type: it holds when the activity has at
    least one of the listed tags, data kinds, subject kinds, sources or
    criteria."""

    purpose_tags: frozenset[PurposeTag] = frozenset()
    data_kinds: frozenset[DataKind] = frozenset()
    subject_kinds: frozenset[SubjectKind] = frozenset()
    source_kinds: frozenset[SourceKind] = frozenset()
    criteria: frozenset[DpiaCriterion] = frozenset()

    def holds(self, activity: ProcessingActivity | ActivityFeatures) -> bool:
        """True when *activity* has one of the listed items."""
        found = (
            activity if isinstance(activity, ActivityFeatures) else ActivityFeatures.of(activity)
        )
        return not (
            found.tags.isdisjoint(self.purpose_tags)
            and found.data_kinds.isdisjoint(self.data_kinds)
            and found.subject_kinds.isdisjoint(self.subject_kinds)
            and found.source_kinds.isdisjoint(self.source_kinds)
            and found.criteria.isdisjoint(self.criteria)
        )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ActivityFeatures(FieldMethods):
    """What the DPIA list looks at in an activity, gathered once so that the 14
    types and their conditions do not each walk the activity again."""

    tags: frozenset[PurposeTag]
    data_kinds: frozenset[DataKind]
    subject_kinds: frozenset[SubjectKind]
    source_kinds: frozenset[SourceKind]
    criteria: frozenset[DpiaCriterion]

    @classmethod
    def of(cls, activity: ProcessingActivity) -> ActivityFeatures:
        """The features of *activity*."""
        return cls(
            tags=activity.tags,
            data_kinds=frozenset(d.kind for d in activity.data_categories),
            subject_kinds=frozenset(s.kind for s in activity.data_subjects),
            source_kinds=frozenset(s.kind for s in activity.sources),
            criteria=frozenset(activity.dpia_criteria),
        )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DpiaType(FieldMethods):
    """One of the 14 kinds of processing on the CNIL list.

    Attributes:
        number: Its number on the list (1 to 14).
        label: A paraphrase of the type (not the official wording).
        conditions: Conditions that must all hold for an activity to be of
            this type; ``None`` when the register model cannot tell.
    """

    number: int
    label: str
    conditions: tuple[DpiaCondition, ...] | None

    def matches(self, activity: ProcessingActivity | ActivityFeatures) -> bool:
        """True when every condition holds for *activity*."""
        if not self.conditions:
            return False
        found = (
            activity if isinstance(activity, ActivityFeatures) else ActivityFeatures.of(activity)
        )
        return all(c.holds(found) for c in self.conditions)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DpiaList(FieldMethods):
    """The CNIL list of processing requiring a DPIA (GDPR Art. 35(4)).

    Attributes:
        source: ``CNIL délib. 2018-327``.
        status: How the list was checked.
        checked: When it was last checked.
        types: The 14 types.
    """

    source: str
    status: Status
    checked: dt.date
    types: tuple[DpiaType, ...]

    def matching(self, activity: ProcessingActivity) -> tuple[DpiaType, ...]:
        """The types *activity* belongs to: those whose :meth:`DpiaType.matches`
        holds, in list order (computed through :class:`_DpiaMatcher`)."""
        matcher = self._matcher
        return matcher.types_of(matcher.features_of(activity))

    @functools.cached_property
    def _matcher(self) -> _DpiaMatcher:
        return _DpiaMatcher(self.types)


class _DpiaMatcher:
    """A :class:`DpiaList` compiled so that classifying an activity is cheap.

    Each purpose tag, data kind, subject kind, source kind and criterion that
    some condition names gets one bit (per dimension, since codes of
    different enums may share a value).  A condition becomes the bits of its
    items, an activity the bits of its features (as :class:`ActivityFeatures`
    gathers them, ignoring items no condition names), and a condition holds
    when the two share a bit: the rule of :meth:`DpiaCondition.holds`.  The
    types an activity belongs to then depend only on its bits, an integer,
    and are memoised per integer.
    """

    def __init__(self, types: tuple[DpiaType, ...]) -> None:
        self._size = 0
        self._tags: dict[PurposeTag, int] = {}
        self._data_kinds: dict[DataKind, int] = {}
        self._subject_kinds: dict[SubjectKind, int] = {}
        self._source_kinds: dict[SourceKind, int] = {}
        self._criteria: dict[DpiaCriterion, int] = {}
        # A type with no conditions (None or empty) never matches (DpiaType.matches).
        self._types = tuple(
            (t, tuple(self._condition(c) for c in t.conditions)) for t in types if t.conditions
        )
        self.types_of: Callable[[int], tuple[DpiaType, ...]] = functools.lru_cache(maxsize=4096)(
            self._types_of
        )

    def _bits(self, table: dict[_E, int], items: Iterable[_E]) -> int:
        found = 0
        for item in items:
            if item not in table:
                table[item] = 1 << self._size
                self._size += 1
            found |= table[item]
        return found

    def _condition(self, condition: DpiaCondition) -> int:
        return (
            self._bits(self._tags, condition.purpose_tags)
            | self._bits(self._data_kinds, condition.data_kinds)
            | self._bits(self._subject_kinds, condition.subject_kinds)
            | self._bits(self._source_kinds, condition.source_kinds)
            | self._bits(self._criteria, condition.criteria)
        )

    def features_of(self, activity: ProcessingActivity) -> int:
        """The bits of the items of *activity* that some condition names."""
        tags, data_kinds, subject_kinds = self._tags, self._data_kinds, self._subject_kinds
        source_kinds, criteria = self._source_kinds, self._criteria
        found = 0
        for purpose in activity.purposes:  # a tag repeated adds nothing: no set needed
            for tag in purpose.tags:
                found |= tags.get(tag, 0)
        for category in activity.data_categories:
            found |= data_kinds.get(category.kind, 0)
        for subject in activity.data_subjects:
            found |= subject_kinds.get(subject.kind, 0)
        for source in activity.sources:
            found |= source_kinds.get(source.kind, 0)
        for criterion in activity.dpia_criteria:
            found |= criteria.get(criterion, 0)
        return found

    def _types_of(self, features: int) -> tuple[DpiaType, ...]:
        """The types whose every condition shares a bit with *features*."""
        return tuple(t for t, conditions in self._types if all(features & c for c in conditions))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class FrenchTrackers(FieldMethods):
    """The French rules on trackers (LIL art. 82, CNIL délib. 2020-091/092).

    Attributes:
        lifetime: How long a tracker may live on the device (13 months).
        audience_exemption: The CNIL's cumulative conditions for measuring
            audience without consent, in words.
        incompatible_tags: Purpose tags that put an audience-measurement
            purpose outside the exemption (advertising, profiling, marketing).
        third_party_recipients: Recipient kinds that receive the data for
            their own ends, outside the exemption.
        source: The sources.
        status: How the facts were checked.
        checked: When they were last checked.
    """

    lifetime: Duration
    audience_exemption: tuple[str, ...]
    incompatible_tags: frozenset[PurposeTag]
    third_party_recipients: frozenset[RecipientKind]
    source: str
    status: Status
    checked: dt.date


@attrs.frozen(kw_only=True, repr=False, eq=False)
class FrenchFacts(FieldMethods):
    """The French facts the cnil profile relies on.

    Attributes:
        countries: Controller countries where French law applies.
        languages: Register languages that mark a register as French when
            the controller's country is not recorded.
        consent_age_source: The source of the French age and of joint consent (the age
            itself is read from :func:`gdprkit.reference.consent_age`).
        joint_consent_below: Whether consent below that age is given jointly
            by the minor and the holder of parental authority.
        nir_reference_patterns: Regular expressions, one of which a NIR data
            category's legal reference must match once normalised
            (:func:`normalise_reference`): décret 2019-341 by number or name,
            the sector texts its entries apply, LIL art. 30 II.
        nir_source: The source of the NIR restriction.
        commercial_scope: Customer, prospect and marketing processing, where
            the NIR is never allowed.
        commercial_source: The source of that exclusion.
        customer_source: The source of the customer retention rule (the
            relationship, then an archive for the applicable legal period).
        authority_name: The French supervisory authority.
        authority_patterns: Regular expressions (case-insensitive) that
            recognise it in a register's text.
        authority_source: Its source.
        post_mortem_source: The source of the post-mortem directives right.
        trackers: The French rules on trackers (LIL art. 82, the CNIL's
            audience-measurement exemption).
        pre_gdpr: The French formalities without effect since 25 May 2018.
        checked: When the facts were last checked.
    """

    countries: frozenset[str]
    languages: frozenset[str]
    consent_age_source: str
    joint_consent_below: bool
    nir_reference_patterns: tuple[Regex, ...]
    nir_source: str
    commercial_scope: Scope
    commercial_source: str
    customer_source: str
    authority_name: str
    authority_patterns: tuple[Regex, ...]
    authority_source: str
    post_mortem_source: str
    trackers: FrenchTrackers
    pre_gdpr: RepealedTexts
    checked: dt.date

    def names_authority(self, text: str) -> bool:
        """True when *text* names the CNIL."""
        return any(p.search(text) for p in self.authority_patterns)

    def cites_nir_decree(self, text: str | None) -> bool:
        """True when *text* cites what allows the NIR: décret 2019-341 (by
        number or as the décret cadre NIR), a sector text its entries apply,
        or LIL art. 30 II."""
        return bool(text) and _matches_any(
            normalise_reference(text or ""), self.nir_reference_patterns
        )


def _matches_any(text: str, patterns: tuple[Regex, ...]) -> bool:
    """Whether one of *patterns* is found in *text*."""
    return any(p.search(text) for p in patterns)


_SPACES_AND_STOPS = re.compile(r"[\s.]+")


def normalise_reference(text: str) -> str:
    """A legal reference in lower case without spaces or full stops, so that
    ``Code de commerce, art. L. 123-22`` reads ``codedecommerce,artl123-22``."""
    return _SPACES_AND_STOPS.sub("", text.lower())


# Loading ------------------------------------------------------------------


def _scope(entry: Reader) -> Scope:
    return Scope(
        purpose_tags=entry.codes("purpose_tags", PurposeTag),
        subject_kinds=entry.codes("subject_kinds", SubjectKind),
    )


_MATCHES = ("purpose", "kind", "tag-or-kind")


def _cap(entry: Reader) -> RetentionCap:
    match = entry.text("match")
    if match not in _MATCHES:
        raise entry.fail("match", f"expected one of {', '.join(_MATCHES)}, got {match!r}")
    cap = RetentionCap(
        id=entry.text("id"),
        title=entry.text("title"),
        summary=entry.text("summary"),
        max=entry.duration("max"),
        min=entry.optional_duration("min"),
        error_above=entry.optional_duration("error_above"),
        events=entry.codes("events", Event),
        active_until=entry.codes("active_until", Event, optional=True),
        match=cast("CapMatch", match),
        scope=_scope(entry),
        data_kinds=entry.optional_codes("data_kinds", DataKind),
        source=entry.text("source"),
        status=entry.status(),
        checked=entry.date("checked"),
        note=entry.text("note"),
        binding=entry.boolean("binding"),
    )
    if cap.match != "purpose" and not cap.data_kinds:
        raise entry.fail("data_kinds", f"a {cap.match!r} cap needs data kinds")
    if cap.min is not None and cap.min.compare(cap.max) != -1:
        raise entry.fail("min", "must be shorter than max whatever the start date")
    if cap.error_above is not None and cap.error_above.compare(cap.max) != 1:
        raise entry.fail("error_above", "must be longer than max whatever the start date")
    return cap


@functools.cache
def retention_caps() -> tuple[RetentionCap, ...]:
    """Every CNIL retention cap, in file order."""
    caps = tuple(_cap(e) for e in read("cnil_retention.json").children("caps"))
    ids = [c.id for c in caps]
    if len(set(ids)) != len(ids):
        msg = f"cnil_retention.json: duplicate cap ids in {ids}"
        raise ReferenceDataError(msg)
    return caps


def retention_cap(cap_id: str) -> RetentionCap:
    """The cap with this id.

    Raises:
        KeyError: if there is none.
    """
    for cap in retention_caps():
        if cap.id == cap_id:
            return cap
    raise KeyError(cap_id)


@functools.cache
def card_security_code() -> CardSecurityCode:
    """How long a card's security code may be kept (never after the transaction)."""
    entry = read("cnil_retention.json").child("card_security_code")
    try:
        until = Event(entry.text("kept_until"))
    except ValueError as error:
        raise entry.fail("kept_until", str(error)) from None
    return CardSecurityCode(
        kept_until=until,
        source=entry.text("source"),
        status=entry.status(),
        checked=entry.date("checked"),
    )


@functools.cache
def legal_periods() -> tuple[LegalPeriod, ...]:
    """The French legal periods an intermediate archive can rest on."""
    return tuple(
        LegalPeriod(
            id=e.text("id"),
            title=e.text("title"),
            period=e.duration("period"),
            patterns=e.patterns("patterns"),
            source=e.text("source"),
            status=e.status(),
            checked=e.date("checked"),
        )
        for e in read("cnil_retention.json").children("legal_periods")
    )


def legal_periods_for(text: str) -> tuple[LegalPeriod, ...]:
    """The legal periods cited in *text* (a legal ground as written).

    A register repeats the same few grounds: a caller asking for many
    keeps the answers (the rules, in their validation's memo).
    """
    norm = normalise_reference(text)
    return tuple(p for p in legal_periods() if p._cited_in_normalised(norm))


_CONDITION_KEYS = {"purpose_tags", "data_kinds", "subject_kinds", "source_kinds", "criteria"}


def _condition(entry: Reader) -> DpiaCondition:
    unknown = set(entry.data) - _CONDITION_KEYS
    if unknown or not entry.data:
        raise entry.fail(
            "", f"expected some of {sorted(_CONDITION_KEYS)}, got {sorted(entry.data)}"
        )
    return DpiaCondition(
        purpose_tags=entry.codes("purpose_tags", PurposeTag, optional=True),
        data_kinds=entry.codes("data_kinds", DataKind, optional=True),
        subject_kinds=entry.codes("subject_kinds", SubjectKind, optional=True),
        source_kinds=entry.codes("source_kinds", SourceKind, optional=True),
        criteria=entry.codes("criteria", DpiaCriterion, optional=True),
    )


@functools.cache
def dpia_list() -> DpiaList:
    """The CNIL list of processing requiring a DPIA (CNIL délib. 2018-327)."""
    top = read("cnil_dpia_list.json")
    types = []
    for entry in top.children("types"):
        conditions = (
            None
            if entry.raw("match") is None
            else tuple(_condition(c) for c in entry.children("match"))
        )
        types.append(
            DpiaType(
                number=entry.integer("number"), label=entry.text("label"), conditions=conditions
            )
        )
    return DpiaList(
        source=top.text("source"),
        status=top.status(),
        checked=top.date("checked"),
        types=tuple(types),
    )


@functools.cache
def france() -> FrenchFacts:
    """The French facts: where the profile applies, consent age, NIR, CNIL."""
    top = read("cnil_france.json")
    where = top.child("jurisdiction")
    age = top.child("digital_consent_age")
    nir = top.child("nir")
    commercial = top.child("commercial_scope")
    customer = top.child("customer_retention")
    authority = top.child("supervisory_authority")
    trackers = top.child("trackers")
    return FrenchFacts(
        countries=frozenset(where.texts("countries")),
        languages=frozenset(where.texts("languages")),
        consent_age_source=age.text("source"),
        joint_consent_below=age.boolean("joint_consent_below"),
        nir_reference_patterns=nir.patterns("reference_patterns"),
        nir_source=nir.text("source"),
        commercial_scope=_scope(commercial),
        commercial_source=commercial.text("source"),
        customer_source=customer.text("source"),
        authority_name=authority.text("name"),
        authority_patterns=authority.patterns("patterns", re.IGNORECASE),
        authority_source=authority.text("source"),
        post_mortem_source=top.child("post_mortem_directives").text("source"),
        trackers=FrenchTrackers(
            lifetime=trackers.duration("tracker_lifetime"),
            audience_exemption=trackers.texts("audience_exemption"),
            incompatible_tags=trackers.codes("incompatible_tags", PurposeTag),
            third_party_recipients=trackers.codes("third_party_recipients", RecipientKind),
            source=trackers.text("source"),
            status=trackers.status(),
            checked=trackers.date("checked"),
        ),
        pre_gdpr=read_repealed(top.child("pre_gdpr_formalities")),
        checked=top.date("checked"),
    )
