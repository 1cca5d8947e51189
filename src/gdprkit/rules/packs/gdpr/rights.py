"""GDPR5xx, data-subject rights consistent with the lawful bases (GDPR
Art. 7(3), 13(2), 15-22, 77).

Which right applies under which basis is the shared policy of
:mod:`gdprkit.policy` (over the reference matrix of
:func:`gdprkit.reference.rights_for`), the one the privacy notice uses too.  An activity either lists its own
rights or uses the register's general list; a right missing from the general
list is reported once, on that list, naming the activities that need it.
Only activities kept as controller or joint controller are checked:
processors do not answer data subjects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.model import LawfulBasis, ProcessingActivity, Register, Right
from gdprkit.policy import (
    ART_14_FOR,
    CONTROLLER_ROLES,
    RightsLists,
    lacking_right,
    person_provides,
    right_applies,
    right_excluded,
    rights_lists,
    told_under,
)
from gdprkit.rules._rule import Context, Rule, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, blank, quoted
from gdprkit.rules.packs.gdpr._common import activities_named, controller_activities


if TYPE_CHECKING:
    from typing_extensions import Unpack

    from gdprkit.rules.packs.gdpr._family import Stated


__all__: list[str] = []


def _missing(
    context: Context,
    right: Right,
    needed: Callable[[ProcessingActivity], bool],
    message: Callable[[str, str, Callable[[str], str]], str],
    articles: tuple[str, ...],
) -> Iterator[Violation]:
    """Report *right* missing where *needed*: on each activity's own list, and
    on the register's general list for the activities that use it.  These
    places are one defect (the right is missing), so each gets the same
    message, naming every activity concerned, and the same ``defect`` key.
    ``message(who, where, cite)`` words it.  The finding cites *articles*, each
    provision of Art. 13 with its counterpart in Art. 14 where an activity
    concerned obtains data from someone else (:func:`gdprkit.policy.told_under`);
    ``cite("13(2)(c)")`` gives the message the same: ``13(2)(c)``, ``14(2)(d)``
    or both."""
    lacking, general_users = lacking_right(_lists(context), right)
    users = [a for a in general_users if needed(a)]
    own = [(i, a) for i, a in lacking if needed(a)]
    if not own and not users:
        return
    articles = told_under((*(a for _, a in own), *users), articles)

    def cite(provision: str) -> str:
        full = f"GDPR Art. {provision}"
        shown = [a for a in (full, ART_14_FOR.get(full)) if a in articles]
        return ", ".join(a.removeprefix("GDPR Art. ") for a in shown)

    names = [a.name for _, a in own] + [a.name for a in users]
    single = len(names) == 1
    who = activities_named(names)
    if not users:
        where = "its rights" if single else "their rights"
    elif not own:
        where = f"the register's general rights, which {'it uses' if single else 'they use'},"
    else:
        where = "their rights (their own, or the register's general rights for those that use them)"
    text = message(who, where, cite)
    paths = [at("activities", i, "rights") for i, _ in own]
    if users:
        paths.append(at("rights"))
    for path in paths:
        yield violation(path=path, message=text, articles=articles, defect=right)


def _lists(context: Context) -> RightsLists:
    """The lists of rights of the activities kept as controller
    (:func:`gdprkit.policy.rights_lists`), read once per validation for every
    rule, of any profile, that asks."""
    return context.once(rights_lists, lambda: rights_lists(context.register))


_UNLISTED = (
    "A right the register does not list is information Art. 13/14 asks for, not unlawful "
    "processing: the right exists whether or not it is listed ({})."
)


def _declared(
    *,
    told: str,
    checks: str,
    right: Right,
    message: Callable[[str, str, Callable[[str], str]], str],
    needed: Callable[[ProcessingActivity], bool] | None = None,
    **stated: Unpack[Stated],
) -> Rule:
    """A rule asking that *right* be declared wherever it applies: where
    *needed* says so, by default where the lawful bases and direct marketing
    give it (:func:`gdprkit.policy.right_applies`).  *told* is what the
    missing right's information cites, for the severity reason; *checks* says
    what the rule checks, for the rule reference."""
    wanted = needed or (lambda activity: right_applies(activity, right))

    def check(register: Register, context: Context) -> Iterator[Violation]:
        return _missing(context, right, wanted, message, stated["articles"])

    check.__doc__ = checks
    return rule(severity="warning", severity_reason=_UNLISTED.format(told), **stated)(check)


consent_withdrawal_right_missing = _declared(
    code="GDPR501",
    name="consent-withdrawal-right-missing",
    title="Where consent is a basis, the right to withdraw it is declared",
    articles=("GDPR Art. 7(3)", "GDPR Art. 13(2)(c)"),
    told="Art. 7(3), 13(2)(c)",
    rationale=(
        "Where processing rests on consent (Art. 6(1)(a) or 9(2)(a)) the person may withdraw "
        "it at any time, as easily as it was given, and must be told so before consenting "
        "(Art. 7(3), 13(2)(c)). Declare the right, with how to exercise it."
    ),
    checks="Activities relying on consent declare ``withdraw-consent``.",
    right=Right.WITHDRAW_CONSENT,
    message=lambda who, where, cite: (
        f"Consent is a lawful basis of {who}, but {where} do not include withdrawing "
        "consent (withdraw-consent): add it and say how; withdrawing must be as easy as "
        f"giving consent (Art. 7(3), {cite('13(2)(c)')})."
    ),
)

objection_right_missing = _declared(
    code="GDPR502",
    name="objection-right-missing",
    title="Where a public task or legitimate interests is a basis, the right to object is declared",
    articles=("GDPR Art. 21(1)", "GDPR Art. 21(4)", "GDPR Art. 13(2)(b)"),
    told="Art. 13(2)(b), 21(4)",
    rationale=(
        "A person may object, on grounds relating to their particular situation, to "
        "processing based on Art. 6(1)(e) or (f), profiling included (Art. 21(1)); the right "
        "must be explicitly brought to their attention, separately from other information, "
        "at the latest at the first communication (Art. 21(4))."
    ),
    checks="Activities relying on 6(1)(e) or 6(1)(f) declare ``objection``.",
    right=Right.OBJECTION,
    message=lambda who, where, cite: (
        f"A public task or legitimate interests is a lawful basis of {who}, but {where} "
        "do not include the right to object (objection): add it and bring it explicitly "
        "to people's attention (Art. 21(1), 21(4))."
    ),
)

direct_marketing_objection_missing = _declared(
    code="GDPR503",
    name="direct-marketing-objection-missing",
    title="Where data are used for direct marketing, the absolute right to object is declared",
    articles=("GDPR Art. 21(2)", "GDPR Art. 21(3)", "GDPR Art. 21(4)"),
    told="Art. 13(2)(b), 21(4)",
    rationale=(
        "Where data are processed for direct marketing, the person may object at any time, "
        "whatever the lawful basis and without giving reasons, and the processing for that "
        "purpose must then stop (Art. 21(2)-(3)); the right must be explicitly brought to "
        "their attention (Art. 21(4)). The rule applies to activities with a purpose tagged "
        "direct-marketing or prospection."
    ),
    checks=(
        "Activities with a direct-marketing or prospection purpose declare "
        "``objection-direct-marketing``."
    ),
    right=Right.OBJECTION_DIRECT_MARKETING,
    message=lambda who, where, cite: (
        f"Direct marketing is a purpose of {who}, but {where} do not include the right to "
        "object to it at any time (objection-direct-marketing): add it; this objection is "
        "absolute (Art. 21(2), 21(3))."
    ),
)

portability_right_missing = _declared(
    code="GDPR504",
    name="portability-right-missing",
    title="Where consent or contract is a basis, data portability is declared",
    articles=("GDPR Art. 20(1)", "GDPR Art. 13(2)(b)"),
    told="Art. 13(2)(b); whether processing is automated is not recorded",
    rationale=(
        "A person may receive the data they provided, in a structured, commonly used and "
        "machine-readable format, and have them transmitted to another controller, where the "
        "processing is based on consent or a contract and carried out by automated means "
        "(Art. 20(1)). The register does not say whether processing is automated, so a "
        "missing declaration is a warning."
    ),
    checks="Activities relying on 6(1)(a), 9(2)(a) or 6(1)(b) declare ``portability``.",
    right=Right.PORTABILITY,
    message=lambda who, where, cite: (
        f"Consent or contract is a lawful basis of {who}, but {where} do not include data "
        "portability (portability): add it for the data people provided that are "
        "processed by automated means (Art. 20(1))."
    ),
)

complaint_right_missing = _declared(
    code="GDPR505",
    name="complaint-right-missing",
    title="The right to lodge a complaint with a supervisory authority is declared",
    articles=("GDPR Art. 77", "GDPR Art. 13(2)(d)"),
    told="Art. 13(2)(d)",
    rationale=(
        "Every data subject may lodge a complaint with a supervisory authority, in particular "
        "where they live or work or where the infringement took place (Art. 77), whatever the "
        "lawful basis; they must be told so (Art. 13(2)(d), 14(2)(e))."
    ),
    checks="Every activity declares ``complaint``.",
    right=Right.COMPLAINT,
    needed=lambda activity: True,
    message=lambda who, where, cite: (
        "The right to lodge a complaint with a supervisory authority (complaint) applies "
        f"to {who}, but {where} do not include it: add it; people must be told of it "
        f"whatever the basis (Art. {cite('13(2)(d)')}, 77)."
    ),
)


_BASIC = {
    Right.ACCESS: ("access", "GDPR Art. 15"),
    Right.RECTIFICATION: ("rectification", "GDPR Art. 16"),
    Right.ERASURE: ("erasure", "GDPR Art. 17"),
    Right.RESTRICTION: ("restriction of processing", "GDPR Art. 18"),
}

_QUALIFIED_ERASURE = frozenset({LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK})
"""Bases under which erasure is qualified by Art. 17(3)(b), not excluded."""


@rule(
    code="GDPR506",
    name="basic-right-missing",
    title="Access, rectification, erasure and restriction are declared",
    severity="warning",
    articles=(
        "GDPR Art. 15",
        "GDPR Art. 16",
        "GDPR Art. 17",
        "GDPR Art. 18",
        "GDPR Art. 13(2)(b)",
    ),
    severity_reason=_UNLISTED.format("Art. 13(2)(b)"),
    rationale=(
        "People must be told of their rights of access, rectification, erasure and "
        "restriction (Art. 13(2)(b), 14(2)(c)), whatever the basis. Under a legal obligation "
        "or a public task erasure is qualified, not removed: the exception of Art. 17(3)(b) "
        "applies only to the extent the processing is necessary for the obligation or the "
        "task, and data no longer necessary or unlawfully processed must still be erased "
        "(Art. 17(1)(a), (d)). Each finding cites the article of the right that is missing. "
        "A missing declaration is a warning: the rights exist whether or not the register "
        "lists them, but the notice built from the register would omit them."
    ),
)
def basic_right_missing(register: Register, context: Context) -> Iterator[Violation]:
    """Activities declare access, rectification, erasure and restriction."""
    for right in _BASIC:
        yield from _basic_right_missing(context, right)


def _basic_right_missing(context: Context, right: Right) -> Iterator[Violation]:
    label, article = _BASIC[right]
    qualified = right is Right.ERASURE and any(
        not _QUALIFIED_ERASURE.isdisjoint(a.lawful_bases) for _, a in controller_activities(context)
    )

    def message(who: str, where: str, cite: Callable[[str], str]) -> str:
        text = (
            f"The right of {label} ({right.value}) applies to {who}, but {where} do not "
            f"include it: add it (Art. {cite('13(2)(b)')}, {article.removeprefix('GDPR Art. ')})"
        )
        if qualified:
            text += (
                "; where processing is necessary for a legal obligation or a public task, say "
                "that erasure is limited to what the obligation or task does not require "
                "(Art. 17(3)(b)), not that it does not exist"
            )
        return text + "."

    return _missing(
        context,
        right,
        lambda a: right_applies(a, right),
        message,
        (article, "GDPR Art. 13(2)(b)"),
    )


_NOT_APPLICABLE = {
    Right.WITHDRAW_CONSENT: (
        "it exists only where consent is a lawful basis (Art. 7(3))",
        "GDPR Art. 7(3)",
    ),
    Right.PORTABILITY: (
        "it exists only for processing on consent or contract (Art. 20(1)), never for a "
        "public task (Art. 20(3))",
        "GDPR Art. 20",
    ),
    Right.OBJECTION: (
        "it exists only against processing on a public task or legitimate interests "
        "(Art. 21(1)); under consent, people withdraw their consent instead",
        "GDPR Art. 21(1)",
    ),
    Right.OBJECTION_DIRECT_MARKETING: (
        "no purpose is tagged direct marketing or prospection (Art. 21(2))",
        "GDPR Art. 21(2)",
    ),
}
"""For each right the lawful bases can exclude: why, and the article it cites.
Erasure is never among them: Art. 17(3)(b) qualifies it (see GDPR506)."""


def _not_applicable(right: Right) -> tuple[str, tuple[str, ...]]:
    because = _NOT_APPLICABLE.get(right)
    if because is None:
        return "it does not apply under the lawful bases stated", ()
    return because[0], (because[1],)


@rule(
    code="GDPR507",
    name="right-not-applicable",
    title="No right is declared where the lawful bases exclude it",
    severity="warning",
    articles=("GDPR Art. 7(3)", "GDPR Art. 20", "GDPR Art. 21(1)", "GDPR Art. 21(2)"),
    severity_reason=(
        "A right that does not apply misleads people (Art. 5(1)(a), 12(1)) and usually "
        "reveals a wrong basis: a likely gap, not unlawful processing in itself."
    ),
    rationale=(
        "Telling people they have a right they do not have misleads them about the basis of "
        "the processing (Art. 5(1)(a), 12(1)): withdrawal of consent where consent is not the "
        "basis, portability outside consent and contract, objection outside public task and "
        "legitimate interests, objection to direct marketing without such a purpose. A right "
        "declared that way usually reveals a wrong lawful basis; correct one or the other. "
        "Each finding cites the article of its right. Erasure is never reported: under a "
        "legal obligation or a public task Art. 17(3)(b) limits it only to the extent "
        "necessary, and Art. 13(2)(b) requires it to be mentioned. A general list of rights "
        "is checked against every activity that uses it: a right there is reported only "
        "when it applies to none of them."
    ),
)
def right_not_applicable(register: Register, context: Context) -> Iterator[Violation]:
    """Declared rights apply under at least one stated basis: an activity's own
    rights to that activity, the general rights to at least one activity
    using them."""
    _, users, own = _lists(context)
    for i, activity, _ in own:
        for k, declared in enumerate(activity.rights or ()):
            if right_excluded(activity, declared.right):
                because, articles = _not_applicable(declared.right)
                yield violation(
                    path=at("activities", i, "rights", k),
                    articles=articles,
                    message=(
                        f"{activity_of(activity, start=True)} declares the right "
                        f"{quoted(declared.right.value)}, which does not apply to it: "
                        f"{because}. Remove it, or correct the lawful basis."
                    ),
                )
    if not users:
        return
    for k, declared in enumerate(register.rights):
        if all(right_excluded(a, declared.right) for a in users):
            because, articles = _not_applicable(declared.right)
            yield violation(
                path=at("rights", k),
                articles=articles,
                message=(
                    f"The register's general rights include {quoted(declared.right.value)}, "
                    f"which applies to none of the activities that use them: "
                    f"{because}. Remove it, or correct the lawful bases."
                ),
            )


automated_decision_right_missing = _declared(
    code="GDPR508",
    name="automated-decision-right-missing",
    title="Where significant automated decisions are taken, the Art. 22 right is declared",
    articles=("GDPR Art. 22(3)", "GDPR Art. 13(2)(f)"),
    told="Art. 13(2)(f), 22(3)",
    rationale=(
        "People subject to a decision based solely on automated processing with legal or "
        "similarly significant effects must be told of it and of the logic involved "
        "(Art. 13(2)(f)), and may obtain human intervention, express their view and contest "
        "the decision (Art. 22(3)). Declare the right and how to exercise it."
    ),
    checks="Activities with a significant automated decision declare ``automated-decision``.",
    right=Right.AUTOMATED_DECISION,
    needed=lambda activity: any(d.significant_effects for d in activity.automated_decisions),
    message=lambda who, where, cite: (
        f"Automated decisions with significant effects are taken in {who}, but {where} do "
        "not include the right not to be subject to them (automated-decision): add it, "
        "with how to obtain human intervention and contest a decision (Art. 22(3), "
        f"{cite('13(2)(f)')})."
    ),
)


@rule(
    code="GDPR509",
    name="provision-requirement-not-stated",
    title="For data the person provides, whether providing them is required is stated",
    severity="warning",
    articles=("GDPR Art. 13(2)(e)",),
    on=ProcessingActivity,
    roles=CONTROLLER_ROLES,
    severity_reason=(
        "Information Art. 13(2)(e) requires in the notice, not an item of the record: its "
        "absence does not make the processing unlawful."
    ),
    rationale=(
        "Where data are collected from the person, the notice says whether providing them "
        "is a statutory or contractual requirement, or a requirement necessary to enter "
        "into a contract, whether the person is obliged to provide them, and the possible "
        "consequences of failure to provide them (Art. 13(2)(e)). The rule applies to "
        "activities kept as controller whose sources include the person (data-subject); "
        "data observed from the use of a service are not provided. For each category of "
        "data, record whether providing it is required (required) and, when it is, what "
        "follows if it is not provided (if_not_provided). The notice prints both, and marks "
        "a gap where they are missing. A gap found in several activities is one finding "
        "naming them all."
    ),
)
def provision_requirement_not_stated(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Each category of data of an activity whose data the person provides says
    whether providing it is required and, if so, what follows if it is not
    provided.  Each of the two gaps is one defect wherever it occurs: one
    finding at the first category concerned, naming every activity, with the
    first category of each other activity as its other places."""
    gaps = _provision_gaps(context)
    first = gaps.first.get(id(activity))
    if first is None:
        return ()
    unstated_at, consequence_at = first
    return [
        violation(path=at("data_categories", index), defect=defect, message=message)
        for index, defect, message in (
            (unstated_at, "required-not-stated", gaps.unstated),
            (consequence_at, "consequence-not-stated", gaps.consequences),
        )
        if index is not None
    ]


@attrs.frozen(repr=False, eq=False)
class _Gaps(FieldMethods):
    """GDPR509's findings: by activity (its ``id``), the first category without
    ``required`` and the first required one without ``if_not_provided``; the
    message of each gap, naming every activity with it."""

    first: dict[int, tuple[int | None, int | None]]
    unstated: str
    consequences: str


def _provision_gaps(context: Context) -> _Gaps:
    """GDPR509's gaps, worked out once per validation so that every place of a
    defect has the same message."""

    def compute() -> _Gaps:
        first: dict[int, tuple[int | None, int | None]] = {}
        unstated: list[str] = []
        consequences: list[str] = []
        for _, activity in controller_activities(context):
            if not person_provides(activity):
                continue
            # the first category not saying whether it is required, and the first
            # required one not saying what follows if it is not provided: one pass
            unstated_at = consequence_at = None
            for j, category in enumerate(activity.data_categories):
                if category.required is None:
                    if unstated_at is None:
                        unstated_at = j
                elif (
                    category.required and consequence_at is None and blank(category.if_not_provided)
                ):
                    consequence_at = j
            gap = (unstated_at, consequence_at)
            if gap != (None, None):
                first[id(activity)] = gap
            if gap[0] is not None:
                unstated.append(activity.name)
            if gap[1] is not None:
                consequences.append(activity.name)
        return _Gaps(
            first=first,
            unstated=_unstated(unstated) if unstated else "",
            consequences=_no_consequences(consequences) if consequences else "",
        )

    return context.once("GDPR509-gaps", compute)


def _unstated(names: Sequence[str]) -> str:
    return (
        f"{activities_named(names, start=True)} {_verb(names, 'collect')} data from the person but "
        f"{_verb(names, 'do')} not say for each category whether providing it is required "
        "(required): the notice must say whether it is a statutory or contractual "
        "requirement, or needed to enter into a contract, and whether the person is obliged "
        "to provide it (Art. 13(2)(e))."
    )


def _no_consequences(names: Sequence[str]) -> str:
    return (
        f"{activities_named(names, start=True)} {_verb(names, 'require')} data but "
        f"{_verb(names, 'do')} not say what follows when the person does not provide them "
        "(if_not_provided): the notice must give the possible consequences (Art. 13(2)(e))."
    )


def _verb(names: Sequence[str], verb: str) -> str:
    """*verb* agreeing with as many activities as *names*."""
    if len(names) != 1:
        return verb
    return "does" if verb == "do" else f"{verb}s"
