"""GDPR1xx, lawfulness: Art. 6(1) bases and what each needs, and Art. 22
decisions (GDPR Art. 5(1)(a), 6, 7, 22)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING

from gdprkit.model import (
    Art9Condition,
    AutomatedDecision,
    DataKind,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
)
from gdprkit.policy import CONTROLLER_ROLES, information_articles
from gdprkit.rules._rule import Context, Rule, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, blank, quoted
from gdprkit.rules.packs.gdpr._common import (
    Place,
    controller_activities,
    folded,
    purpose_of,
    purposes_of,
    repeated,
)


if TYPE_CHECKING:
    from typing_extensions import Unpack

    from gdprkit.rules.packs.gdpr._family import Stated


__all__: list[str] = []


@rule(
    code="GDPR101",
    name="purpose-without-lawful-basis",
    title="Every purpose has an Art. 6(1) lawful basis",
    severity="error",
    articles=("GDPR Art. 6(1)", "GDPR Art. 5(1)(a)"),
    on=Purpose,
    roles=CONTROLLER_ROLES,
    severity_reason=(
        "Processing is lawful only on one of the grounds of Art. 6(1): a purpose without "
        "any records processing that is unlawful as it stands."
    ),
    rationale=(
        "Processing is lawful only if and to the extent that at least one of the six grounds "
        "of Art. 6(1) applies, and the controller must be able to demonstrate which one "
        "(Art. 5(2)). State for each purpose the ground it relies on: consent, contract, legal "
        "obligation, vital interests, public task or legitimate interests. The purposes "
        "without a basis are one finding, listing them all."
    ),
)
def purpose_without_lawful_basis(purpose: Purpose, context: Context) -> Iterable[Violation]:
    """Each purpose of an activity kept as controller or joint controller names at
    least one lawful basis.  Processor activities are not checked: the
    controllers they act for choose the basis."""
    if purpose.legal_bases:
        return ()
    who, single = context.once("GDPR101", lambda: purposes_of(_unbased(context)))
    return (
        violation(
            message=(
                f"{who} {'has' if single else 'have'} no lawful basis: state "
                f"{'one' if single else 'for each the one'} of the six grounds of Art. 6(1)"
                f"{'' if single else ' it relies on'}."
            ),
            defect="no-basis",
        ),
    )


def _unbased(context: Context) -> list[Place]:
    return [
        (activity, purpose)
        for _, activity in controller_activities(context)
        for purpose in activity.purposes
        if not purpose.legal_bases
    ]


_NEEDS_LAW = {
    LawfulBasis.LEGAL_OBLIGATION: (
        "a legal obligation (Art. 6(1)(c))",
        "the provision that lays down the obligation",
        "GDPR Art. 6(1)(c)",
    ),
    LawfulBasis.PUBLIC_TASK: (
        "a task in the public interest or official authority (Art. 6(1)(e))",
        "the provision that vests the task or the authority in the controller",
        "GDPR Art. 6(1)(e)",
    ),
}


def _wording(basis: LegalBasis) -> Hashable | None:
    """What makes two bases the same basis, for a defect repeated in several
    purposes: the same ground in the same words (the note keeps the policy's
    wording).  ``None`` when the basis has no words of its own."""
    return None if blank(basis.note) else (basis.basis, basis.note)


def _without_law(basis: LegalBasis) -> Hashable | None:
    """The wording of a 6(1)(c) or (e) basis that names no law (GDPR102)."""
    return _wording(basis) if basis.basis in _NEEDS_LAW and blank(basis.law) else None


def _without_interest(basis: LegalBasis) -> Hashable | None:
    """The wording of a 6(1)(f) basis that names no interest (GDPR103)."""
    if basis.basis is LawfulBasis.LEGITIMATE_INTERESTS and blank(basis.legitimate_interest):
        return _wording(basis)
    return None


@rule(
    code="GDPR102",
    name="basis-without-law",
    title="A legal-obligation or public-task basis names its law",
    severity="warning",
    articles=("GDPR Art. 6(1)(c)", "GDPR Art. 6(1)(e)", "GDPR Art. 6(3)"),
    on=LegalBasis,
    severity_reason=(
        "An uncited law is a gap in demonstrating the basis (Art. 5(2)), not proof that "
        "none exists; GDPR111 treats an Art. 9(2) condition the same way."
    ),
    rationale=(
        "The basis for processing under Art. 6(1)(c) and (e) must be laid down by Union or "
        "Member-State law (Art. 6(3)); without that law the ground does not exist. Cite the "
        "provision in the basis's law field, e.g. 'Code de commerce L123-22' for keeping "
        "accounting records. The same basis, in the same words, repeated in several purposes "
        "is one finding. A warning: the register not citing the law does not show that "
        "there is none, but the controller cannot demonstrate the basis (Art. 5(2))."
    ),
    where=("basis", _NEEDS_LAW),
)
def basis_without_law(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(c) or 6(1)(e) basis, in any activity, names its law."""
    need = _NEEDS_LAW.get(basis.basis)
    if need is None or not blank(basis.law):
        return ()
    who, single = repeated(context, "GDPR102", _without_law, basis)
    ground = need[0] if single else f"the same {need[0].removeprefix('a ')}"
    return (
        violation(
            message=(
                f"{who} {'relies' if single else 'rely'} on {ground} but "
                f"{'names' if single else 'name'} no law: cite {need[1]} (Art. 6(3))."
            ),
            articles=(need[2], "GDPR Art. 6(3)"),
            defect=_without_law(basis),
        ),
    )


def _told_under(activity: ProcessingActivity, art13: str, art14: str) -> tuple[str, ...]:
    """The information provisions that apply to an activity's data
    (:func:`gdprkit.policy.information_articles`): *art13*, *art14* or both."""
    from_person, obtained = information_articles(activity)
    return (*((art13,) if from_person else ()), *((art14,) if obtained else ()))


@rule(
    code="GDPR103",
    name="legitimate-interest-not-stated",
    title="A legitimate-interests basis states the interest pursued",
    severity="warning",
    articles=(
        "GDPR Art. 6(1)(f)",
        "GDPR Art. 5(2)",
        "GDPR Art. 13(1)(d)",
        "GDPR Art. 14(2)(b)",
    ),
    on=LegalBasis,
    supersedes=("GDPR104",),
    severity_reason=(
        "The interest is information Art. 13(1)(d) and 14(2)(b) require and what "
        "accountability demonstrates (Art. 5(2)); its absence from the register does not "
        "show the processing is unlawful."
    ),
    rationale=(
        "Art. 6(1)(f) is a ground only where a legitimate interest is actually pursued, the "
        "processing is necessary for it and the data subjects' interests do not override it "
        "(CJEU C-13/16 Rīgas satiksme; EDPB Guidelines 1/2024). Without the interest the basis "
        "cannot be demonstrated (Art. 5(2)) or given in the notice (Art. 13(1)(d) for data "
        "collected from the person, 14(2)(b) otherwise): each finding cites the article of "
        "its case, and a processor's record, which informs no one, cites Art. 5(2). Where the "
        "interest is missing, the balancing test (GDPR104) cannot be either: that finding is "
        "not repeated. Name the interest, e.g. 'preventing payment fraud'."
    ),
    where=("basis", (LawfulBasis.LEGITIMATE_INTERESTS,)),
)
def legitimate_interest_not_stated(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(f) basis, in any activity, names the legitimate interest."""
    if basis.basis is not LawfulBasis.LEGITIMATE_INTERESTS or not blank(basis.legitimate_interest):
        return ()
    activity = context.activity
    if activity.role in CONTROLLER_ROLES:
        told = _told_under(activity, "13(1)(d)", "14(2)(b)")
        then = "it must also be given to the data subjects"
    else:
        told = ("5(2)",)
        then = "the controller must be able to demonstrate it"
    who, single = repeated(context, "GDPR103", _without_interest, basis)
    return (
        violation(
            message=(
                f"{who} {'relies' if single else 'rely'} on legitimate interests "
                f"(Art. 6(1)(f)) without saying which interest: name it "
                f"(legitimate_interest); {then} (Art. {', '.join(told)})."
            ),
            articles=("GDPR Art. 6(1)(f)", *(f"GDPR Art. {a}" for a in told)),
            defect=_without_interest(basis),
        ),
    )


def _untested(basis: LegalBasis) -> Hashable | None:
    """The same legitimate interest needs one balancing test, wherever it is
    relied on: the interest of a 6(1)(f) basis without a test."""
    if (
        basis.basis is not LawfulBasis.LEGITIMATE_INTERESTS
        or blank(basis.legitimate_interest)
        or not blank(basis.balancing_test)
    ):
        return None
    return folded(basis.legitimate_interest or "")


@rule(
    code="GDPR104",
    name="balancing-test-missing",
    title="A legitimate-interests basis refers to its balancing test",
    severity="warning",
    articles=("GDPR Art. 6(1)(f)", "GDPR Art. 5(2)"),
    on=LegalBasis,
    severity_reason=(
        "The regulation prescribes no written test: documenting it is accountability "
        "(Art. 5(2)), where the law leaves room."
    ),
    rationale=(
        "Legitimate interests apply only where they are not overridden by the data subjects' "
        "interests or fundamental rights (Art. 6(1)(f)). The regulation does not prescribe a "
        "written test, but the controller must be able to demonstrate the weighing "
        "(Art. 5(2), 24(1)) and the EDPB recommends documenting it (Guidelines 1/2024). "
        "Hence a warning. One interest needs one test: the purposes relying on the same "
        "interest without one are one finding. Record the reference of the balancing test "
        "(balancing_test)."
    ),
    where=("basis", (LawfulBasis.LEGITIMATE_INTERESTS,)),
)
def balancing_test_missing(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(f) basis, in any activity, refers to a balancing test."""
    if basis.basis is not LawfulBasis.LEGITIMATE_INTERESTS or not blank(basis.balancing_test):
        return ()
    interest = _untested(basis)
    who, single = repeated(context, "GDPR104", _untested, basis)
    return (
        violation(
            message=(
                f"{who} {'relies' if single else 'rely'} on legitimate interests but "
                f"{'refers' if single else 'refer'} to no balancing test: weigh the interest "
                "against the data subjects' rights and record the reference of that "
                "assessment (balancing_test)."
            ),
            defect=interest,
        ),
    )


@rule(
    code="GDPR105",
    name="legitimate-interests-by-public-authority",
    title="A public authority does not rely on legitimate interests",
    severity="error",
    articles=("GDPR Art. 6(1) second subparagraph",),
    on=LegalBasis,
    severity_reason=(
        "Art. 6(1)(f) does not apply to a public authority performing its tasks: the "
        "register records processing on a ground that is not available."
    ),
    rationale=(
        "Point (f) of Art. 6(1) does not apply to processing carried out by public "
        "authorities in the performance of their tasks (Art. 6(1), second subparagraph; "
        "recital 47). A public authority relies instead on a task in the public interest "
        "(6(1)(e)) or a legal obligation (6(1)(c)) laid down by law. The rule applies when "
        "the register says the organisation is a public authority (public_authority)."
    ),
    where=("basis", (LawfulBasis.LEGITIMATE_INTERESTS,)),
)
def legitimate_interests_by_public_authority(
    basis: LegalBasis, context: Context
) -> Iterable[Violation]:
    """When the register is a public authority's, no basis is 6(1)(f)."""
    if basis.basis is LawfulBasis.LEGITIMATE_INTERESTS and context.register.public_authority:
        return (
            violation(
                message=(
                    f"{_purpose_of(context)} relies on legitimate interests, which a public "
                    "authority cannot use in the performance of its tasks: rely on a public task "
                    "(6(1)(e)) or a legal obligation (6(1)(c)) and cite the law."
                ),
            ),
        )
    return ()


def _purpose_of(context: Context) -> str:
    """``Purpose "P" of activity "A"``, for the enclosing purpose."""
    return purpose_of(context.purpose, context.activity, start=True)


@rule(
    code="GDPR106",
    name="consent-not-documented",
    title="A consent basis says how consent is given and withdrawn",
    severity="warning",
    articles=("GDPR Art. 7(1)", "GDPR Art. 7(3)"),
    on=LegalBasis,
    severity_reason=(
        "Recording how consent is given and withdrawn is how the controller demonstrates it "
        "(accountability, Art. 7(1)); the law leaves the form open."
    ),
    rationale=(
        "Where processing rests on consent the controller must be able to demonstrate that "
        "the person consented (Art. 7(1)), and withdrawing must be as easy as giving consent "
        "(Art. 7(3)). The register is where that is shown: record how consent is collected "
        "(consent_method, Art. 7(1)) and how it is withdrawn (withdrawal_method, Art. 7(3)). "
        "One finding names what is missing and cites the paragraph of each item missing."
    ),
    where=("basis", (LawfulBasis.CONSENT,)),
)
def consent_not_documented(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(a) basis, in any activity, says how consent is collected and
    how it is withdrawn."""
    if basis.basis is not LawfulBasis.CONSENT:
        return ()
    collected, withdrawn = blank(basis.consent_method), blank(basis.withdrawal_method)
    if collected and withdrawn:
        missing = (
            "says neither how consent is collected (consent_method) nor how it is withdrawn "
            "(withdrawal_method): the controller must be able to demonstrate that the person "
            "consented (Art. 7(1)), and withdrawing must be as easy as giving consent (Art. 7(3))"
        )
        articles: tuple[str, ...] = ("GDPR Art. 7(1)", "GDPR Art. 7(3)")
    elif collected:
        missing = (
            "does not say how consent is collected (consent_method): the controller must be "
            "able to demonstrate that the person consented (Art. 7(1))"
        )
        articles = ("GDPR Art. 7(1)",)
    elif withdrawn:
        missing = (
            "does not say how it is withdrawn (withdrawal_method): withdrawing must be as "
            "easy as giving consent (Art. 7(3))"
        )
        articles = ("GDPR Art. 7(3)",)
    else:
        return ()
    return (
        violation(
            message=f"{_purpose_of(context)} relies on consent but {missing}.",
            articles=articles,
        ),
    )


_STACKED = {
    LawfulBasis.CONSENT: (
        "consent and another basis",
        "consent cannot be kept in reserve beside another ground, nor another ground "
        "swapped in when consent is withdrawn (Art. 6(1)(a), 7(3); EDPB Guidelines 05/2020 "
        "on consent)",
        ("GDPR Art. 6(1)(a)", "GDPR Art. 7(3)"),
    ),
    LawfulBasis.CONTRACT: (
        "the performance of a contract and legitimate interests",
        "what is necessary for the contract rests on Art. 6(1)(b), what goes beyond it on "
        "6(1)(f) with its balancing test and right to object: split the purpose so that each "
        "part has its own basis (EDPB Guidelines 2/2019 on Art. 6(1)(b))",
        ("GDPR Art. 6(1)(b)", "GDPR Art. 6(1)(f)"),
    ),
}


_CONTRACT_AND_INTERESTS = frozenset({LawfulBasis.CONTRACT, LawfulBasis.LEGITIMATE_INTERESTS})


@rule(
    code="GDPR107",
    name="stacked-lawful-bases",
    title="A purpose does not stack consent, or contract and legitimate interests",
    severity="warning",
    articles=("GDPR Art. 6(1)(a)", "GDPR Art. 6(1)(b)", "GDPR Art. 6(1)(f)", "GDPR Art. 7(3)"),
    on=Purpose,
    roles=CONTROLLER_ROLES,
    severity_reason=(
        "Several bases on one purpose are a likely error in choosing the basis, which must "
        "be settled before processing (Art. 5(1)(a)); the law does not forbid them outright."
    ),
    rationale=(
        "The basis is chosen for each purpose before the processing starts and determines "
        "the person's rights (Art. 5(1)(a), 13(1)(c)). Consent stacked with another basis "
        "misleads people: withdrawing consent would not stop the processing, and a "
        "controller may not swap to another ground once consent is withdrawn (EDPB "
        "Guidelines 05/2020 on consent). Contract and legitimate interests on one purpose "
        "usually means the purpose covers two processing operations, one necessary for the "
        "contract and one that is not (EDPB Guidelines 2/2019 on Art. 6(1)(b)): split it, "
        "each with its own basis."
    ),
)
def stacked_lawful_bases(purpose: Purpose, context: Context) -> Iterable[Violation]:
    """A purpose of a controller activity whose Art. 6(1) bases include consent
    and another basis, or both contract and legitimate interests."""
    if len(purpose.legal_bases) < 2:
        return ()  # the usual case: a single basis stacks nothing
    kinds = {b.basis for b in purpose.legal_bases}
    if LawfulBasis.CONSENT in kinds and len(kinds) > 1:
        stacked = _STACKED[LawfulBasis.CONSENT]
    elif kinds >= _CONTRACT_AND_INTERESTS:
        stacked = _STACKED[LawfulBasis.CONTRACT]
    else:
        return ()
    return (
        violation(
            path=at("legal_bases"),
            message=(f"{_purpose_of(context)} relies on both {stacked[0]}: {stacked[1]}."),
            articles=stacked[2],
        ),
    )


_LIFE_OR_HEALTH_TAGS = frozenset({PurposeTag.HEALTH_CARE, PurposeTag.SOCIAL_SUPPORT})
_LIFE_OR_HEALTH_CONDITIONS = frozenset(
    {
        Art9Condition.VITAL_INTERESTS,
        Art9Condition.HEALTH_OR_SOCIAL_CARE,
        Art9Condition.PUBLIC_HEALTH,
    }
)


def _about_life_or_health(purpose: Purpose, activity: ProcessingActivity) -> bool:
    """Whether a purpose deals with life or health: tagged health care or social
    support, resting on a health condition of Art. 9(2), or in an activity
    that processes health data."""
    return (
        not _LIFE_OR_HEALTH_TAGS.isdisjoint(purpose.tags)
        or any(b.special_condition in _LIFE_OR_HEALTH_CONDITIONS for b in purpose.legal_bases)
        or DataKind.HEALTH in activity.data_kinds
    )


@rule(
    code="GDPR108",
    name="vital-interests-out-of-place",
    title="Vital interests are relied on only for purposes about life or health",
    severity="warning",
    articles=("GDPR Art. 6(1)(d)",),
    on=LegalBasis,
    roles=CONTROLLER_ROLES,
    severity_reason=(
        "A purpose that deals with neither life nor health on vital interests is a likely "
        "wrong basis; the register cannot show there is no emergency."
    ),
    rationale=(
        "Art. 6(1)(d) protects an interest essential for the life of the data subject or of "
        "another person, such as a humanitarian emergency or an epidemic, and should be "
        "relied on only where no other basis is available (recital 46). A purpose that is "
        "not about life or health (not tagged health-care or social-support, with no health "
        "condition of Art. 9(2) and no health data) rarely fits: choose the basis that does."
    ),
    where=("basis", (LawfulBasis.VITAL_INTERESTS,)),
)
def vital_interests_out_of_place(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(d) basis of a controller activity belongs to a purpose about
    life or health."""
    if basis.basis is not LawfulBasis.VITAL_INTERESTS or _about_life_or_health(
        context.purpose, context.activity
    ):
        return ()
    return (
        violation(
            message=(
                f"{_purpose_of(context)} relies on vital interests (Art. 6(1)(d)) but deals "
                "with neither life nor health: that basis protects an interest essential for "
                "someone's life, where no other basis is available (recital 46); choose the "
                "basis that fits the purpose."
            ),
        ),
    )


_SIGNIFICANT_ONLY_ON = frozenset({LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.VITAL_INTERESTS})


def _only_on_interests(activity: ProcessingActivity) -> bool:
    """Whether an activity has bases, all of them 6(1)(f) or 6(1)(d)."""
    bases = activity.lawful_bases
    return bool(bases) and bases <= _SIGNIFICANT_ONLY_ON


def _significant_decision(
    *,
    severity: str,
    severity_reason: str,
    faulty: Callable[[AutomatedDecision, ProcessingActivity], bool],
    says: str,
    checks: str,
    **stated: Unpack[Stated],
) -> Rule:
    """A rule on automated decisions with significant effects: a decision of
    an activity where *faulty* holds gets ``The automated decision "D" of
    activity "A"`` *says*.  *checks* says what the rule checks, for the rule
    reference."""

    def check(decision: AutomatedDecision, context: Context) -> Iterable[Violation]:
        if not decision.significant_effects or not faulty(decision, context.activity):
            return ()
        return (
            violation(
                message=(
                    f"The automated decision {quoted(decision.description)} of "
                    f"{activity_of(context.activity)} {says}"
                ),
            ),
        )

    check.__doc__ = checks
    return rule(severity=severity, severity_reason=severity_reason, on=AutomatedDecision, **stated)(
        check
    )


automated_decision_without_exception = _significant_decision(
    code="GDPR120",
    name="automated-decision-without-exception",
    title="A significant automated decision rests on an Art. 22(2) exception",
    severity="error",
    articles=("GDPR Art. 22(1)", "GDPR Art. 22(2)"),
    severity_reason=(
        "Art. 22(1) prohibits such a decision outside the exceptions of 22(2): the register "
        "records processing that is unlawful."
    ),
    rationale=(
        "A decision based solely on automated processing, including profiling, that produces "
        "legal or similarly significant effects is allowed only when it is necessary for a "
        "contract, authorised by Union or Member-State law, or based on explicit consent "
        "(Art. 22(2)); Art. 22(1) is read as a prohibition (WP251 rev.01, endorsed by the "
        "EDPB). None of these exceptions fits legitimate interests or vital interests, so an "
        "activity whose only bases are 6(1)(f) or 6(1)(d) cannot take such decisions. Change "
        "the basis or involve a person meaningfully in the decision."
    ),
    faulty=lambda decision, activity: _only_on_interests(activity),
    says=(
        "has legal or similarly significant effects but the activity relies only on "
        "legitimate or vital interests: such a decision is allowed only when necessary for a "
        "contract, authorised by law or based on explicit consent (Art. 22(2)); change the "
        "basis or have a person take the decision."
    ),
    checks=(
        "A significant automated decision belongs to an activity with a basis other than "
        "6(1)(f) and 6(1)(d) (activities with no basis at all are left to GDPR101)."
    ),
)

automated_decision_without_safeguards = _significant_decision(
    code="GDPR121",
    name="automated-decision-without-safeguards",
    title="A significant automated decision states its safeguards",
    severity="warning",
    articles=("GDPR Art. 22(3)",),
    severity_reason=(
        "The safeguards of Art. 22(3) are required, but their description in the register is "
        "what accountability asks (Art. 5(2)): a missing one is a likely gap."
    ),
    rationale=(
        "Where a significant automated decision is necessary for a contract or based on "
        "explicit consent, the controller must implement suitable measures, at least the "
        "right to obtain human intervention, to express one's point of view and to contest "
        "the decision (Art. 22(3)); under a law, the law lays them down (22(2)(b)). Record "
        "them (safeguards)."
    ),
    faulty=lambda decision, activity: blank(decision.safeguards),
    says=(
        "has significant effects but states no safeguards: describe how a person can obtain "
        "human intervention, express their view and contest the decision (Art. 22(3))."
    ),
    checks="Each automated decision with significant effects describes its safeguards.",
)


_ART22_4_CONDITIONS = frozenset(
    {Art9Condition.EXPLICIT_CONSENT, Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST}
)


automated_decision_on_special_data = _significant_decision(
    code="GDPR122",
    name="automated-decision-on-special-data",
    title="A significant automated decision on special data rests on 9(2)(a) or (g)",
    severity="error",
    articles=("GDPR Art. 22(4)", "GDPR Art. 9(2)(a)", "GDPR Art. 9(2)(g)"),
    severity_reason=(
        "Art. 22(4) forbids such a decision on special-category data without 9(2)(a) or (g): "
        "the register records processing that is unlawful."
    ),
    rationale=(
        "Decisions under Art. 22(2) shall not be based on special categories of data unless "
        "the person gave explicit consent (9(2)(a)) or the processing is necessary for "
        "reasons of substantial public interest on the basis of law (9(2)(g)), with suitable "
        "safeguards (Art. 22(4)). Rely on one of these conditions, or keep special-category "
        "data out of the decision."
    ),
    faulty=lambda decision, activity: _special_without_art22_4(activity),
    says=(
        "has significant effects and the activity processes special-category data, but "
        "neither explicit consent (9(2)(a)) nor substantial public interest (9(2)(g)) is "
        "stated: only these allow such a decision on those data (Art. 22(4))."
    ),
    checks=(
        "A significant automated decision of an activity that processes Art. 9(1) data rests "
        "on the Art. 9(2)(a) or (g) condition."
    ),
)


def _special_without_art22_4(activity: ProcessingActivity) -> bool:
    return any(c.kind.is_special for c in activity.data_categories) and (
        _ART22_4_CONDITIONS.isdisjoint(activity.special_conditions)
    )
