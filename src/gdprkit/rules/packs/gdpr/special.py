"""GDPR11x, special categories, criminal-offence data and national
identification numbers (GDPR Art. 9, 10, 87)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from gdprkit.model import (
    Art9Condition,
    DataCategory,
    DataKind,
    LegalBasis,
    ProcessingActivity,
    Role,
)
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.rules._rule import Context, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, blank, listing
from gdprkit.rules.findings import Severity
from gdprkit.rules.packs.gdpr._common import category_of, has_kind, repeated


__all__: list[str] = []


# The kinds of data each rule looks for, as sets: the model's tests
# (DataKind.is_special, …) asked once per kind rather than per data category.
_SPECIAL = frozenset(k for k in DataKind if k.is_special)
_CRIMINAL = frozenset(k for k in DataKind if k.is_criminal)
_NATIONAL_ID = frozenset(k for k in DataKind if k.is_national_id)


@rule(
    code="GDPR110",
    name="special-data-without-condition",
    title="Special-category data come with an Art. 9(2) condition",
    severity="error",
    articles=("GDPR Art. 9(1)", "GDPR Art. 9(2)"),
    severity_reason=(
        "Art. 9(1) prohibits processing special-category data unless a condition of 9(2) "
        "applies: the register records processing that is unlawful (a warning for a "
        "processor, whose controllers establish the condition)."
    ),
    rationale=(
        "Processing data revealing racial or ethnic origin, political opinions, religious or "
        "philosophical beliefs, trade-union membership, genetic or biometric data for unique "
        "identification, health, sex life or sexual orientation is prohibited (Art. 9(1)) "
        "unless one of the conditions of Art. 9(2) applies, in addition to an Art. 6(1) basis "
        "(recital 51). State the condition on the lawful basis of the purpose concerned "
        "(special_condition), e.g. explicit consent (9(2)(a)) or health care (9(2)(h))."
    ),
    on=ProcessingActivity,
)
def special_data_without_condition(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """An activity that holds Art. 9(1) data states an Art. 9(2) condition on at
    least one of its lawful bases.  One finding per activity, at its first
    special category.  For an activity kept as processor the condition is the
    controller's to establish, so its absence from the processor's record is a
    warning asking to record the controllers' condition, not an error."""
    if not has_kind(activity, _SPECIAL) or activity.special_conditions:
        return ()
    special = [(j, c) for j, c in enumerate(activity.data_categories) if c.kind in _SPECIAL]
    names = listing([c.name for _, c in special])
    path = at("data_categories", special[0][0])
    if activity.role is Role.PROCESSOR:
        return (
            violation(
                path=path,
                severity=Severity.WARNING,
                message=(
                    f"{activity_of(activity, start=True)} processes special-category data "
                    f"({names}) on behalf of controllers, and the record names no Art. 9(2) "
                    "condition: processing them is prohibited unless one applies "
                    "(Art. 9(1)). The condition is the controllers' to establish; record the "
                    "one each controller relies on, as stated in its documented instructions "
                    "(Art. 28(3)(a))."
                ),
            ),
        )
    return (
        violation(
            path=path,
            message=(
                f"{activity_of(activity, start=True)} processes special-category data "
                f"({names}) but no purpose states an Art. 9(2) "
                "condition: processing them is prohibited unless one applies (Art. 9(1)); add "
                "it to the lawful basis of the purpose concerned (special_condition)."
            ),
        ),
    )


_LAW_BASED = {
    Art9Condition.EMPLOYMENT_SOCIAL_SECURITY: "Union or Member-State law or a collective agreement",
    Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST: "Union or Member-State law",
    Art9Condition.HEALTH_OR_SOCIAL_CARE: (
        "Union or Member-State law or a contract with a health professional"
    ),
    Art9Condition.PUBLIC_HEALTH: "Union or Member-State law",
    Art9Condition.ARCHIVING_RESEARCH_STATISTICS: "Union or Member-State law",
}


@rule(
    code="GDPR111",
    name="special-condition-without-law",
    title="An Art. 9(2) condition that rests on law names it",
    severity="warning",
    articles=(
        "GDPR Art. 9(2)(b)",
        "GDPR Art. 9(2)(g)",
        "GDPR Art. 9(2)(h)",
        "GDPR Art. 9(2)(i)",
        "GDPR Art. 9(2)(j)",
    ),
    severity_reason=(
        "An uncited law is a gap in demonstrating the condition (Art. 5(2)), not proof that "
        "none exists; GDPR102 treats an Art. 6(1) basis the same way."
    ),
    rationale=(
        "The conditions of Art. 9(2)(b), (g), (h), (i) and (j) apply only on the basis of "
        "Union or Member-State law (for (b) also a collective agreement, for (h) also a "
        "contract with a health professional) providing suitable safeguards. Name that text "
        "(condition_law) so that the condition can be checked."
    ),
    on=LegalBasis,
    where=("special_condition", _LAW_BASED),
)
def special_condition_without_law(basis: LegalBasis, context: Context) -> Iterable[Violation]:
    """Each lawful basis whose Art. 9(2) condition is (b), (g), (h), (i) or (j)
    names the law it rests on."""
    condition = basis.special_condition
    if condition not in _LAW_BASED or not blank(basis.condition_law):
        return ()
    who, _ = repeated(context, "GDPR111", _wording, basis)
    cited = condition.citation
    return (
        violation(
            message=(
                f"The {cited} condition of {who[0].lower()}{who[1:]} rests on "
                f"{_LAW_BASED[condition]}, which is not named: cite it (condition_law)."
            ),
            articles=(cited,) if cited else (),
            defect=_wording(basis),
        ),
    )


def _wording(basis: LegalBasis) -> Hashable | None:
    """The same Art. 9(2) condition without its law, in the same words (the
    note keeps the policy's wording), is one defect wherever it is repeated."""
    if basis.special_condition not in _LAW_BASED or not blank(basis.condition_law):
        return None
    return None if blank(basis.note) else (basis.special_condition, basis.note)


@rule(
    code="GDPR112",
    name="criminal-data-without-authority",
    title="Criminal-offence data name the authority for processing them",
    severity="error",
    articles=("GDPR Art. 10",),
    severity_reason=(
        "Art. 10 allows criminal-offence data only under official authority or a law: "
        "without either, the register records processing that is unlawful."
    ),
    rationale=(
        "Personal data relating to criminal convictions and offences may be processed only "
        "under the control of official authority or when authorised by Union or Member-State "
        "law providing appropriate safeguards (Art. 10); in France LIL art. 46 lists who may. "
        "Cite the authorising text, or the official authority in control (legal_reference)."
    ),
    on=DataCategory,
    roles=CONTROLLER_ROLES,
    where=("kind", _CRIMINAL),
)
def criminal_data_without_authority(
    category: DataCategory, context: Context
) -> Iterable[Violation]:
    """Each criminal-offence data category of an activity kept as controller
    names its authority."""
    return _without_reference(
        category,
        context,
        _CRIMINAL,
        "holds criminal-offence data but names no authority: such data may be processed only "
        "under the control of official authority or when law authorises it (Art. 10); cite "
        "that law (legal_reference).",
    )


def _without_reference(
    category: DataCategory, context: Context, kinds: frozenset[DataKind], says: str
) -> Iterable[Violation]:
    """The finding on a data category of one of *kinds* that cites no legal
    reference: ``Data category "C" of activity "A"`` *says*."""
    if category.kind not in kinds or not blank(category.legal_reference):
        return ()
    return (
        violation(
            message=f"{category_of(category, context.activity, start=True)} {says}",
        ),
    )


@rule(
    code="GDPR113",
    name="national-id-without-legal-reference",
    title="A national identification number cites the national rule allowing it",
    severity="warning",
    articles=("GDPR Art. 87",),
    severity_reason=(
        "Whether national law allows the identifier is for the national profile to tell; "
        "the core pack can only flag a likely gap."
    ),
    rationale=(
        "Member States may set specific conditions for processing a national identification "
        "number or any other identifier of general application (Art. 87). Whether it may be "
        "used at all depends on national law, which the core pack does not know: in France "
        "only the cases of LIL art. 30 and Décret 2019-341 allow the NIR. The rule is "
        "therefore a warning asking you to check your national law and cite the provision "
        "(legal_reference); a data category that cites one is not reported."
    ),
    on=DataCategory,
    where=("kind", _NATIONAL_ID),
)
def national_id_without_legal_reference(
    category: DataCategory, context: Context
) -> Iterable[Violation]:
    """Each national-identification-number data category, in any activity,
    cites the national provision allowing it."""
    return _without_reference(
        category,
        context,
        _NATIONAL_ID,
        "is a national identification number: national law sets the conditions for using it "
        "(Art. 87; in France LIL art. 30 and Décret 2019-341); check yours and cite the "
        "provision (legal_reference).",
    )
