"""Legal policies that rules and renderers share, each decided here once.

The rules (:mod:`gdprkit.rules`) and the documents built from a register
(:mod:`gdprkit.render`) must answer some questions the same way, or a
register that validates cleanly would yield a notice that contradicts the
findings.  Those answers live here, built on the model and the reference
data only:

* which data-subject rights apply to a purpose or an activity, given its
  lawful bases (GDPR Art. 6(1)), its Art. 9(2) conditions and whether it is
  direct marketing (:func:`right_applies`, :func:`right_excluded`);
* which lists of rights an activity kept as controller is told of, and where
  a right is missing from them (:func:`rights_lists`, :func:`lacking_right`);
* whether a register falls under French law, the scope of the ``cnil``
  profile (:func:`is_french`);
* which purposes are direct marketing (:data:`DIRECT_MARKETING_TAGS`);
* which DPIA statuses count as an assessment under way (:data:`DPIA_UNDER_WAY`);
* which supervisory authority a register answers to (:func:`supervisory_authority_for`);
* whether the person provides an activity's data, so that Art. 13(2)(e)
  applies (:func:`person_provides`);
* whether Art. 13, Art. 14 or both govern what the people whose data an
  activity processes are told (:func:`information_articles`), and so which
  provisions a finding or a notice's gap cites (:func:`told_under`).

Rights and lawful bases
-----------------------
The matrix of :func:`gdprkit.reference.rights_for` says, for each right,
whether it applies under each basis: ``yes``, ``conditional``, ``no`` or
``direct-marketing`` (applies where the purpose is direct marketing).  A
purpose may rest on several bases; a right applies to it when it applies
under at least one of them (an Art. 9(2)(a) explicit consent counts as a
basis that adds withdrawal and portability), and is *excluded* when the
purpose states bases and none of them allows it.

A purpose **without a lawful basis** is unlawful as such (Art. 6(1)), and a
basis cannot be presumed.  The rights that exist whatever the basis apply:
access, rectification, restriction, complaint, and **erasure**: data
processed without a lawful basis are "unlawfully processed", an express
ground for erasure (Art. 17(1)(d)).  The
rights that the Regulation grants only under one or two bases do not:
portability (consent or contract, Art. 20(1)), objection under Art. 21(1)
(public task or legitimate interests) and withdrawal (consent, Art. 7(3)).
In the terms of the matrix: with no basis, a right applies when it applies
under most of the six bases of Art. 6(1).  Such a purpose excludes no right.

**Erasure under a legal obligation or a public task** is qualified, never
excluded: Art. 17(3)(b) sets it aside only "to the extent that processing is
necessary" for the obligation or the task, data no longer necessary or
unlawfully processed must still be erased (Art. 17(1)(a), (d)), and the
notice must mention the right (Art. 13(2)(b), 14(2)(c)).  The matrix marks
it ``conditional`` under 6(1)(c) and (e): it applies, and the notice words
it "in the cases the law provides".

An activity is the sum of its purposes: a right applies to it when it
applies to one of its purposes, and is excluded when it is excluded for
every purpose.  An activity that lists no purpose counts as one purpose
without a basis.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from gdprkit.model import (
    Art9Condition,
    DpiaStatus,
    LawfulBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Register,
    Right,
    Role,
    SourceKind,
)
from gdprkit.reference import (
    Applicability,
    SupervisoryAuthority,
    is_eea,
    rights_for,
    supervisory_authorities,
    supervisory_authority,
)
from gdprkit.reference.cnil import france


__all__ = [
    "ART_14_FOR",
    "CONTROLLER_ROLES",
    "DIRECT_MARKETING_TAGS",
    "DPIA_UNDER_WAY",
    "FROM_PERSON",
    "NOT_FROM_PERSON",
    "Basis",
    "RightsLists",
    "dpia_under_way",
    "information_articles",
    "is_direct_marketing",
    "is_french",
    "lacking_right",
    "person_provides",
    "purpose_bases",
    "right_applies",
    "right_excluded",
    "rights_lists",
    "supervisory_authority_for",
    "told_under",
]

Basis = LawfulBasis | Art9Condition
"""A ground a right may depend on: an Art. 6(1) basis or an Art. 9(2) condition."""

CONTROLLER_ROLES = frozenset({Role.CONTROLLER, Role.JOINT_CONTROLLER})
"""Roles whose activities follow Art. 30(1) and answer data subjects; processors
follow Art. 30(2) and act for the controllers they serve (Art. 28)."""

DIRECT_MARKETING_TAGS = frozenset({PurposeTag.DIRECT_MARKETING, PurposeTag.PROSPECTION})
"""Purpose tags that make a purpose direct marketing (GDPR Art. 21(2)-(3))."""

DPIA_UNDER_WAY = frozenset({DpiaStatus.DONE, DpiaStatus.IN_PROGRESS})
"""DPIA statuses that count as an assessment carried out or being carried out
(GDPR Art. 35(1)): the rules asking for a DPIA are satisfied by them."""

FROM_PERSON = frozenset({SourceKind.DATA_SUBJECT})
"""Sources whose data the person provides: GDPR Art. 13(2)(e) (whether
providing them is required, and what follows if not) applies to them; data
observed from the person's use of a service are not "provided"."""


def person_provides(activity: ProcessingActivity) -> bool:
    """Whether the person provides data for an activity kept as controller or
    joint controller, so that Art. 13(2)(e) applies to its categories of data."""
    return activity.role in CONTROLLER_ROLES and any(
        s.kind in FROM_PERSON for s in activity.sources
    )


NOT_FROM_PERSON = frozenset({SourceKind.THIRD_PARTY, SourceKind.PUBLIC})
"""Sources of data not obtained from the person: GDPR Art. 14 governs what
the person is told of them, and asks to name the source (Art. 14(2)(f)).
Data the person provides, data observed from them and data the organisation
produces are obtained from them: Art. 13."""


def information_articles(activity: ProcessingActivity) -> tuple[bool, bool]:
    """Whether Art. 13 and whether Art. 14 apply to an activity's data: Art. 13
    for data obtained from the person (and when no source is recorded: the
    usual case, collection from the person), Art. 14 for data obtained from
    another source (:data:`NOT_FROM_PERSON`), both when there are both."""
    kinds = {s.kind for s in activity.sources}
    return not kinds or bool(kinds - NOT_FROM_PERSON), bool(kinds & NOT_FROM_PERSON)


ART_14_FOR = {
    "GDPR Art. 13(1)(a)": "GDPR Art. 14(1)(a)",
    "GDPR Art. 13(1)(b)": "GDPR Art. 14(1)(b)",
    "GDPR Art. 13(1)(c)": "GDPR Art. 14(1)(c)",
    "GDPR Art. 13(1)(d)": "GDPR Art. 14(2)(b)",
    "GDPR Art. 13(1)(e)": "GDPR Art. 14(1)(e)",
    "GDPR Art. 13(1)(f)": "GDPR Art. 14(1)(f)",
    "GDPR Art. 13(2)(a)": "GDPR Art. 14(2)(a)",
    "GDPR Art. 13(2)(b)": "GDPR Art. 14(2)(c)",
    "GDPR Art. 13(2)(c)": "GDPR Art. 14(2)(d)",
    "GDPR Art. 13(2)(d)": "GDPR Art. 14(2)(e)",
    "GDPR Art. 13(2)(f)": "GDPR Art. 14(2)(g)",
}
"""The provision of Art. 14 that asks, for data not obtained from the person,
what a provision of Art. 13 asks for data collected from them (13(2)(e) has
none)."""


def told_under(
    activities: Iterable[ProcessingActivity], articles: Sequence[str]
) -> tuple[str, ...]:
    """*articles* (provisions of Art. 13 and others) as they apply to the data
    of *activities*: each provision of Art. 13 for data obtained from the
    person (or when no source is recorded, or no activity is concerned), its
    counterpart in Art. 14 (:data:`ART_14_FOR`) for data obtained otherwise,
    both when there are both (:func:`information_articles`); other
    provisions as they are.  Findings and the notice's gaps cite through it.

    >>> from gdprkit.model import DataSource, ProcessingActivity, SourceKind
    >>> rented = ProcessingActivity(
    ...     id="a", name="A", sources=(DataSource(kind=SourceKind.THIRD_PARTY),))
    >>> told_under((rented,), ("GDPR Art. 18", "GDPR Art. 13(2)(b)"))
    ('GDPR Art. 18', 'GDPR Art. 14(2)(c)')
    """
    from_person = obtained = False
    for activity in activities:
        person, other = information_articles(activity)
        from_person, obtained = from_person or person, obtained or other
    from_person = from_person or not obtained
    told: dict[str, None] = {}
    for article in articles:
        counterpart = ART_14_FOR.get(article)
        if counterpart is None or from_person:
            told[article] = None
        if counterpart is not None and obtained:
            told[counterpart] = None
    return tuple(told)


_ALLOWS = frozenset({Applicability.YES, Applicability.CONDITIONAL})


def is_french(register: Register) -> bool:
    """Whether French law applies to *register*, the scope of the ``cnil`` profile.

    The controller's country decides (France or an overseas département, per
    the reference data); a register that records no country is French when
    its language is French (``fr``, ``fr-FR``…).
    """
    facts = france()
    country = register.controller.country
    if country is not None:
        return country in facts.countries
    language = (register.language or "").split("-")[0].lower()
    return language in facts.languages


def supervisory_authority_for(register: Register) -> SupervisoryAuthority | None:
    """The supervisory authority *register* answers to, with its details from
    the reference data, or ``None`` when they do not know it.

    The authority the register names in ``supervisory_authority`` (found by
    its acronym, name or id) comes first: the controller knows its lead
    authority (GDPR Art. 56) better than its country does.  A register that
    names none answers to the authority of its controller's EEA state, and a
    French register that records no country (:func:`is_french`) to the CNIL,
    the authority of the ``cnil`` profile's jurisdiction.  A named authority
    the reference data do not know gives ``None``.
    """
    named = register.supervisory_authority
    if named:
        folded = named.casefold()
        for authority in supervisory_authorities():
            if (
                re.search(rf"(?<!\w){re.escape(authority.acronym)}(?!\w)", named)
                or authority.name.casefold() in folded
                or authority.id == folded.strip()
            ):
                return authority
        return None
    country = register.controller.country
    if country is not None and is_eea(country):
        return supervisory_authority(country)
    return supervisory_authority("FR") if is_french(register) else None


def is_direct_marketing(item: Purpose | ProcessingActivity) -> bool:
    """Whether a purpose (or any purpose of an activity) is tagged direct
    marketing or prospection."""
    if isinstance(item, Purpose):
        return not DIRECT_MARKETING_TAGS.isdisjoint(item.tags)
    # An activity's purposes read in a loop, without building its set of tags.
    for purpose in item.purposes:  # noqa: SIM110
        if not DIRECT_MARKETING_TAGS.isdisjoint(purpose.tags):
            return True
    return False


def dpia_under_way(activity: ProcessingActivity) -> bool:
    """Whether the activity's DPIA is done or in progress."""
    return activity.dpia is not None and activity.dpia.status in DPIA_UNDER_WAY


def purpose_bases(purpose: Purpose) -> frozenset[Basis]:
    """The Art. 6(1) bases and Art. 9(2) conditions a purpose states."""
    bases: set[Basis] = set()
    for basis in purpose.legal_bases:
        bases.add(basis.basis)
        if basis.special_condition is not None:
            bases.add(basis.special_condition)
    return frozenset(bases)


def _allows(mark: Applicability | None, marketing: bool) -> bool:
    return mark in _ALLOWS or (mark is Applicability.DIRECT_MARKETING and marketing)


# A pure function of the reference matrix (fixed for the life of the
# process) and of enum values: a register has few distinct combinations.
@functools.lru_cache(maxsize=1024)
def _verdict(bases: frozenset[Basis], marketing: bool, right: Right) -> tuple[bool, bool]:
    """``(applies, excluded)`` for a purpose with these *bases*."""
    if not bases:
        allowed = sum(_allows(rights_for(b).get(right), marketing) for b in LawfulBasis)
        return allowed * 2 > len(LawfulBasis), False
    marks = [m for b in bases if (m := rights_for(b).get(right)) is not None]
    applies = any(_allows(m, marketing) for m in marks)
    return applies, bool(marks) and not applies


def _purposes(item: Purpose | ProcessingActivity) -> Iterable[Purpose]:
    if isinstance(item, Purpose):
        return (item,)
    return item.purposes or (Purpose(name=item.name),)


def _all_based(item: Purpose | ProcessingActivity) -> ProcessingActivity | None:
    """*item* when it is an activity whose every purpose states a basis: then
    the activity can be judged on all its bases together, with the same answer
    as purpose by purpose (every basis has a mark for every right, and
    objection to direct marketing depends only on whether a purpose is direct
    marketing)."""
    if not isinstance(item, ProcessingActivity) or not item.purposes:
        return None
    for purpose in item.purposes:  # a loop, not all() over a generator: asked per right
        if not purpose.legal_bases:
            return None
    return item


def _together(activity: ProcessingActivity, right: Right) -> tuple[bool, bool]:
    bases: set[Basis] = set()
    for purpose in activity.purposes:  # one set, not the activity's two and their union
        bases |= purpose_bases(purpose)
    return _verdict(frozenset(bases), is_direct_marketing(activity), right)


def right_applies(item: Purpose | ProcessingActivity, right: Right) -> bool:
    """Whether *right* applies to a purpose, or to an activity (to one of its
    purposes), given the lawful bases and direct marketing.

    With no basis stated, the rights that exist whatever the basis apply
    (erasure included, Art. 17(1)(d)); see the module's documentation.
    Directives after death (LIL art. 85) apply whatever the basis: whether
    the register is French is the caller's question (:func:`is_french`).
    """
    activity = _all_based(item)
    if activity is not None:
        return _together(activity, right)[0]
    return any(
        _verdict(purpose_bases(p), is_direct_marketing(p), right)[0] for p in _purposes(item)
    )


def right_excluded(item: Purpose | ProcessingActivity, right: Right) -> bool:
    """Whether the bases stated exclude *right* for a purpose, or for every
    purpose of an activity.  A purpose without a basis excludes nothing."""
    activity = _all_based(item)
    if activity is not None:
        return _together(activity, right)[1]
    return all(
        _verdict(purpose_bases(p), is_direct_marketing(p), right)[1] for p in _purposes(item)
    )


RightsLists = tuple[
    frozenset[Right],
    tuple[ProcessingActivity, ...],
    tuple[tuple[int, ProcessingActivity, frozenset[Right]], ...],
]
"""The lists of rights declared for the activities kept as controller
(:func:`rights_lists`): the register's general list, the activities that use
it, and the others, each with its index and its own list."""


def rights_lists(register: Register) -> RightsLists:
    """The lists of rights that apply to the activities of *register* kept as
    controller or joint controller: an activity's own list, or the register's
    general list when it has none (``rights`` unset).  Processor activities
    are left out: informing data subjects is the controller's duty."""
    general = frozenset(d.right for d in register.rights)
    users: list[ProcessingActivity] = []
    own: list[tuple[int, ProcessingActivity, frozenset[Right]]] = []
    for i, activity in enumerate(register.activities):
        if activity.role not in CONTROLLER_ROLES:
            continue
        if activity.rights is None:
            users.append(activity)
        else:
            own.append((i, activity, frozenset(d.right for d in activity.rights)))
    return general, tuple(users), tuple(own)


def lacking_right(
    lists: RightsLists, right: Right
) -> tuple[list[tuple[int, ProcessingActivity]], tuple[ProcessingActivity, ...]]:
    """Where *right* is missing from the :func:`rights_lists`: the activities
    whose own list lacks it, with their index, and the activities that use the
    general list when that list lacks it (none when it has it)."""
    general, users, own = lists
    lacking = [(i, activity) for i, activity, declared in own if right not in declared]
    return lacking, () if right in general else users
