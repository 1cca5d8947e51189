"""GDPR1xx, lawfulness: Art. 6(1) bases and what each needs, and Art. 22
decisions (GDPR Art. 5(1)(a), 6, 7, 22)."""

from __future__ import annotations

from collections.abc import Iterable

from gdprkit.model import (
    Art9Condition,
    AutomatedDecision,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
)
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.rules._rule import Context, Violation, rule
from gdprkit.rules._text import activity_of, blank, quoted


__all__: list[str] = []


@rule(
    code="GDPR101",
    name="purpose-without-lawful-basis",
    title="Every purpose has an Art. 6(1) lawful basis",
    severity="error",
    articles=("GDPR Art. 6(1)", "GDPR Art. 5(1)(a)"),
    on=Purpose,
    roles=CONTROLLER_ROLES,
    rationale=(
        "Processing is lawful only if and to the extent that at least one of the six grounds "
        "of Art. 6(1) applies, and the controller must be able to demonstrate which one "
        "(Art. 5(2)). State for each purpose the ground it relies on: consent, contract, legal "
        "obligation, vital interests, public task or legitimate interests."
    ),
)
def purpose_without_lawful_basis(purpose: Purpose, context: Context) -> Iterable[Violation]:
    """Each purpose of an activity kept as controller or joint controller names at
    least one lawful basis.  Processor activities are not checked: the
    controllers they act for choose the basis."""
    if not purpose.legal_bases:
        return (
            Violation(
                message=(
                    f"Purpose {quoted(purpose.name)} of {activity_of(context.activity)} has no "
                    "lawful basis: state one of the six grounds of Art. 6(1)."
                ),
            ),
        )
    return ()


_NEEDS_LAW = {
    LawfulBasis.LEGAL_OBLIGATION: (
        "a legal obligation (Art. 6(1)(c))",
        "the provision that lays down the obligation",
    ),
    LawfulBasis.PUBLIC_TASK: (
        "a task in the public interest or official authority (Art. 6(1)(e))",
        "the provision that vests the task or the authority in the controller",
    ),
}


@rule(
    code="GDPR102",
    name="basis-without-law",
    title="A legal-obligation or public-task basis names its law",
    severity="error",
    articles=("GDPR Art. 6(1)(c)", "GDPR Art. 6(1)(e)", "GDPR Art. 6(3)"),
    on=LegalBasis,
    rationale=(
        "The basis for processing under Art. 6(1)(c) and (e) must be laid down by Union or "
        "Member-State law (Art. 6(3)); without that law the ground does not exist. Cite the "
        "provision in the basis's law field, e.g. 'Code de commerce L123-22' for keeping "
        "accounting records."
    ),
    where=("basis", _NEEDS_LAW),
)
def basis_without_law(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(c) or 6(1)(e) basis, in any activity, names its law."""
    need = _NEEDS_LAW.get(basis.basis)
    if need is not None and blank(basis.law):
        return (
            Violation(
                message=(
                    f"{_purpose_of(context)} relies on {need[0]} but names no law: cite {need[1]} "
                    "(Art. 6(3))."
                ),
            ),
        )
    return ()


def _purpose_of(context: Context) -> str:
    """``Purpose "P" of activity "A"``, for the enclosing purpose."""
    return f"Purpose {quoted(context.purpose.name)} of {activity_of(context.activity)}"


@rule(
    code="GDPR103",
    name="legitimate-interest-not-stated",
    title="A legitimate-interests basis states the interest pursued",
    severity="error",
    articles=("GDPR Art. 6(1)(f)", "GDPR Art. 5(2)", "GDPR Art. 13(1)(d)"),
    on=LegalBasis,
    rationale=(
        "Art. 6(1)(f) is a ground only where a legitimate interest is actually pursued, the "
        "processing is necessary for it and the data subjects' interests do not override it "
        "(CJEU C-13/16 Rīgas satiksme; EDPB Guidelines 1/2024). The interest is therefore a "
        "condition of the ground itself, not a detail of documentation: without it the basis "
        "cannot be demonstrated (Art. 5(2)) or given in the notice (Art. 13(1)(d), 14(2)(b)). "
        "This is why the rule is an error, while a missing balancing-test reference (GDPR104) "
        "is a warning. Name the interest, e.g. 'preventing payment fraud'."
    ),
    where=("basis", (LawfulBasis.LEGITIMATE_INTERESTS,)),
)
def legitimate_interest_not_stated(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(f) basis, in any activity, names the legitimate interest."""
    if basis.basis is LawfulBasis.LEGITIMATE_INTERESTS and blank(basis.legitimate_interest):
        return (
            Violation(
                message=(
                    f"{_purpose_of(context)} relies on legitimate interests (Art. 6(1)(f)) without "
                    "saying which interest: name it (legitimate_interest); it must also be given "
                    "to the data subjects (Art. 13(1)(d))."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR104",
    name="balancing-test-missing",
    title="A legitimate-interests basis refers to its balancing test",
    severity="warning",
    articles=("GDPR Art. 6(1)(f)", "GDPR Art. 5(2)"),
    on=LegalBasis,
    rationale=(
        "Legitimate interests apply only where they are not overridden by the data subjects' "
        "interests or fundamental rights (Art. 6(1)(f)). The regulation does not prescribe a "
        "written test, but the controller must be able to demonstrate the weighing "
        "(Art. 5(2), 24(1)) and the EDPB recommends documenting it (Guidelines 1/2024). "
        "Hence a warning. Record the reference of the balancing test (balancing_test)."
    ),
    where=("basis", (LawfulBasis.LEGITIMATE_INTERESTS,)),
)
def balancing_test_missing(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(f) basis, in any activity, refers to a balancing test."""
    if basis.basis is LawfulBasis.LEGITIMATE_INTERESTS and blank(basis.balancing_test):
        return (
            Violation(
                message=(
                    f"{_purpose_of(context)} relies on legitimate interests but refers to no "
                    "balancing test: weigh the interest against the data subjects' rights and "
                    "record the reference of that assessment (balancing_test)."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR105",
    name="legitimate-interests-by-public-authority",
    title="A public authority does not rely on legitimate interests",
    severity="error",
    articles=("GDPR Art. 6(1) second subparagraph",),
    on=LegalBasis,
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
            Violation(
                message=(
                    f"{_purpose_of(context)} relies on legitimate interests, which a public "
                    "authority cannot use in the performance of its tasks: rely on a public task "
                    "(6(1)(e)) or a legal obligation (6(1)(c)) and cite the law."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR106",
    name="consent-not-documented",
    title="A consent basis says how consent is given and withdrawn",
    severity="warning",
    articles=("GDPR Art. 7(1)", "GDPR Art. 7(3)"),
    on=LegalBasis,
    rationale=(
        "Where processing rests on consent the controller must be able to demonstrate that "
        "the person consented (Art. 7(1)), and withdrawing must be as easy as giving consent "
        "(Art. 7(3)). The register is where that is shown: record how consent is collected "
        "(consent_method) and how it is withdrawn (withdrawal_method)."
    ),
    where=("basis", (LawfulBasis.CONSENT,)),
)
def consent_not_documented(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each 6(1)(a) basis, in any activity, says how consent is collected and
    how it is withdrawn."""
    if basis.basis is not LawfulBasis.CONSENT:
        return ()
    missing = [
        what
        for what, value in (
            ("how consent is collected", basis.consent_method),
            ("how it is withdrawn", basis.withdrawal_method),
        )
        if blank(value)
    ]
    if missing:
        return (
            Violation(
                message=(
                    f"{_purpose_of(context)} relies on consent but does not say "
                    f"{' or '.join(missing)}: the controller must be able to demonstrate consent "
                    "(Art. 7(1)), and withdrawing must be as easy as giving it (Art. 7(3))."
                ),
            ),
        )
    return ()


_SIGNIFICANT_ONLY_ON = frozenset({LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.VITAL_INTERESTS})


@rule(
    code="GDPR120",
    name="automated-decision-without-exception",
    title="A significant automated decision rests on an Art. 22(2) exception",
    severity="error",
    articles=("GDPR Art. 22(1)", "GDPR Art. 22(2)"),
    on=AutomatedDecision,
    rationale=(
        "A decision based solely on automated processing, including profiling, that produces "
        "legal or similarly significant effects is allowed only when it is necessary for a "
        "contract, authorised by Union or Member-State law, or based on explicit consent "
        "(Art. 22(2)); Art. 22(1) is read as a prohibition (WP251 rev.01, endorsed by the "
        "EDPB). None of these exceptions fits legitimate interests or vital interests, so an "
        "activity whose only bases are 6(1)(f) or 6(1)(d) cannot take such decisions. Change "
        "the basis or involve a person meaningfully in the decision."
    ),
)
def automated_decision_without_exception(
    decision: AutomatedDecision, context: Context
) -> Iterable[Violation]:
    """A significant automated decision belongs to an activity with a basis other
    than 6(1)(f) and 6(1)(d) (activities with no basis at all are left to GDPR101)."""
    bases = context.activity.lawful_bases
    if decision.significant_effects and bases and bases <= _SIGNIFICANT_ONLY_ON:
        return (
            Violation(
                message=(
                    f"The automated decision {quoted(decision.description)} of "
                    f"{activity_of(context.activity)} has legal or similarly significant effects "
                    "but the activity relies only on legitimate or vital interests: such a "
                    "decision is allowed only when necessary for a contract, authorised "
                    "by law or based on explicit consent (Art. 22(2)); change the basis "
                    "or have a person take the decision."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR121",
    name="automated-decision-without-safeguards",
    title="A significant automated decision states its safeguards",
    severity="warning",
    articles=("GDPR Art. 22(3)",),
    on=AutomatedDecision,
    rationale=(
        "Where a significant automated decision is necessary for a contract or based on "
        "explicit consent, the controller must implement suitable measures, at least the "
        "right to obtain human intervention, to express one's point of view and to contest "
        "the decision (Art. 22(3)); under a law, the law lays them down (22(2)(b)). Record "
        "them (safeguards)."
    ),
)
def automated_decision_without_safeguards(
    decision: AutomatedDecision, context: Context
) -> Iterable[Violation]:
    """Each automated decision with significant effects describes its safeguards."""
    if decision.significant_effects and blank(decision.safeguards):
        return (
            Violation(
                message=(
                    f"The automated decision {quoted(decision.description)} of "
                    f"{activity_of(context.activity)} has significant effects but states no "
                    "safeguards: describe how a person can obtain human intervention, "
                    "express their view and contest the decision (Art. 22(3))."
                ),
            ),
        )
    return ()


_ART22_4_CONDITIONS = frozenset(
    {Art9Condition.EXPLICIT_CONSENT, Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST}
)


@rule(
    code="GDPR122",
    name="automated-decision-on-special-data",
    title="A significant automated decision on special data rests on 9(2)(a) or (g)",
    severity="error",
    articles=("GDPR Art. 22(4)", "GDPR Art. 9(2)(a)", "GDPR Art. 9(2)(g)"),
    on=AutomatedDecision,
    rationale=(
        "Decisions under Art. 22(2) shall not be based on special categories of data unless "
        "the person gave explicit consent (9(2)(a)) or the processing is necessary for "
        "reasons of substantial public interest on the basis of law (9(2)(g)), with suitable "
        "safeguards (Art. 22(4)). Rely on one of these conditions, or keep special-category "
        "data out of the decision."
    ),
)
def automated_decision_on_special_data(
    decision: AutomatedDecision, context: Context
) -> Iterable[Violation]:
    """A significant automated decision of an activity that processes Art. 9(1)
    data rests on the Art. 9(2)(a) or (g) condition."""
    if decision.significant_effects and _special_without_art22_4(context.activity):
        return (
            Violation(
                message=(
                    f"The automated decision {quoted(decision.description)} of "
                    f"{activity_of(context.activity)} has significant effects and the activity "
                    "processes special-category data, but neither explicit consent "
                    "(9(2)(a)) nor substantial public interest (9(2)(g)) is stated: only "
                    "these allow such a decision on those data (Art. 22(4))."
                ),
            ),
        )
    return ()


def _special_without_art22_4(activity: ProcessingActivity) -> bool:
    return any(c.kind.is_special for c in activity.data_categories) and (
        _ART22_4_CONDITIONS.isdisjoint(activity.special_conditions)
    )
