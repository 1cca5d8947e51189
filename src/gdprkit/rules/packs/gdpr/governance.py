"""GDPR6xx, governance: children's consent (Art. 8), processors and joint
controllers (Art. 26, 28), the DPO and the EU representative (Art. 27, 37),
sources of data (Art. 14) and impact assessments (Art. 35)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from gdprkit.model import (
    ChildrenPolicy,
    DataSource,
    DpiaCriterion,
    DpiaStatus,
    JointController,
    LawfulBasis,
    ProcessingActivity,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    Role,
    SourceKind,
    SubjectKind,
)
from gdprkit.policy import CONTROLLER_ROLES, dpia_under_way
from gdprkit.reference import consent_age, consent_age_limits, data_file
from gdprkit.rules._rule import Context, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, blank, listing, quoted
from gdprkit.rules.findings import Severity
from gdprkit.rules.packs.gdpr._common import has_special_or_criminal


__all__: list[str] = ["dpia_criteria", "dpia_mandatory_reasons"]


_LIMITS = consent_age_limits()
_CHECKED = data_file("consent_ages.json").retrieved


def _age(country: str) -> str:
    """``15 (LIL art. 45)``: a country's age of digital consent as the data give it."""
    found = consent_age(country, as_of=_CHECKED)
    if found is None:
        return "unknown"
    return f"{found.age} ({found.law})" if found.law else str(found.age)


def _relies_on_consent(activity: ProcessingActivity) -> bool:
    """Whether a purpose of the activity rests on consent (read from the bases,
    without building the activity's set of them: asked of every activity)."""
    for purpose in activity.purposes:
        for basis in purpose.legal_bases:
            if basis.basis is LawfulBasis.CONSENT:
                return True
    return False


# -- Art. 8: children -------------------------------------------------------


@rule(
    code="GDPR601",
    name="children-consent-policy-missing",
    title="Consent collected from children comes with a children's consent policy",
    severity="warning",
    severity_reason=(
        "Art. 8 applies only to services offered directly to children: a likely gap, not a "
        "certain one."
    ),
    articles=("GDPR Art. 8(1)",),
    rationale=(
        "Where an information-society service is offered directly to a child and the "
        f"processing rests on consent, a child below the age of digital consent "
        f"({_LIMITS.default}, or lower national ages down to {_LIMITS.minimum}) cannot consent alone: the holder of parental "
        "responsibility must give or authorise consent (Art. 8(1)). When an activity relies "
        "on consent and its data subjects include children, record the age threshold and how "
        "parental consent is obtained (children). It is a warning because not every service "
        "used by children is offered directly to them."
    ),
    on=ProcessingActivity,
    roles=CONTROLLER_ROLES,
)
def children_consent_policy_missing(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Activities relying on consent whose data subjects include children have a
    children's consent policy."""
    if activity.children is not None or not _relies_on_consent(activity):
        return ()
    if any(s.kind is SubjectKind.CHILDREN for s in activity.data_subjects):
        return (
            violation(
                message=(
                    f"{activity_of(activity, start=True)} relies on consent and its data "
                    "subjects include children, but it states no policy for children's "
                    "consent: below the age of digital consent a parent must give or authorise "
                    "consent (Art. 8(1)); record the age and how parental consent is obtained."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR602",
    name="child-consent-age-missing",
    title="A children's consent policy states the age of digital consent",
    severity="warning",
    severity_reason=(
        "Art. 30 does not ask for the age; without it the policy cannot be checked: a likely gap."
    ),
    articles=("GDPR Art. 8(1)",),
    rationale=(
        "Under Art. 8(1) a child's consent to an information-society service is valid alone "
        f"only from the age of digital consent: {_LIMITS.default}, or the lower age a Member "
        f"State set (not below {_LIMITS.minimum}; {_age('FR')} in France). A children's policy for processing on consent "
        "must say from which age the service accepts a child's own consent (consent_age)."
    ),
    on=ProcessingActivity,
)
def child_consent_age_missing(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Activities relying on consent with a children's policy state its age."""
    if activity.children is None:
        return ()  # the usual case: no children's policy
    return _policy_gap(
        activity,
        lambda children: children.consent_age is None,
        "from which age a child may consent alone: set consent_age to the age of digital "
        f"consent of the countries concerned ({_LIMITS.default} by default, Art. 8(1)).",
    )


def _policy_gap(
    activity: ProcessingActivity, missing: Callable[[ChildrenPolicy], bool], says: str
) -> Iterable[Violation]:
    """The finding on the children's policy of an activity relying on consent
    when *missing* finds a gap in it: the policy "does not say *says*"."""
    children = activity.children
    if children is None or not missing(children) or not _relies_on_consent(activity):
        return ()
    return (
        violation(
            path=at("children"),
            message=f"The children's policy of {activity_of(activity)} does not say {says}",
        ),
    )


@rule(
    code="GDPR603",
    name="child-consent-age-out-of-range",
    title=f"The age of digital consent is not below {_LIMITS.minimum}",
    severity="error",
    severity_reason=(
        "Below the lowest age any Member State may set, children consent alone where the law "
        "requires a parent: the processing has no valid consent."
    ),
    articles=("GDPR Art. 8(1)",),
    rationale=(
        f"Art. 8(1) sets the age of digital consent at {_LIMITS.default} and lets Member States "
        f"lower it, but not below {_LIMITS.minimum}. Below {_LIMITS.minimum} children would "
        "consent alone where the law of every Member State requires a parent, so their "
        "consent is not valid. A higher age than the law's (18, say) only asks for parental "
        "consent more often: it is stricter, not unlawful, and is not reported."
    ),
    on=ProcessingActivity,
)
def child_consent_age_out_of_range(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Each children's policy with an age has one no lower than the lowest age
    Art. 8(1) allows."""
    age = None if activity.children is None else activity.children.consent_age
    if age is not None and age < _LIMITS.minimum:
        return (
            violation(
                path=at("children"),
                message=(
                    f"The children's consent age of {activity_of(activity)} is {age}, below the "
                    f"lowest age Art. 8(1) allows ({_LIMITS.minimum}): younger children cannot "
                    "consent alone in any Member State; use the age of the Member State "
                    f"concerned ({_LIMITS.default} where it set none)."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR604",
    name="child-consent-below-national-age",
    title="The age of digital consent is not below the controller's country's age",
    severity="warning",
    severity_reason=("The law of the child's country may be the one that applies: a likely gap."),
    articles=("GDPR Art. 8(1)",),
    rationale=(
        f"Each Member State sets its own age of digital consent between {_LIMITS.minimum} and "
        f"{_LIMITS.default} (Art. 8(1)); France {_age('FR')}, Germany {_age('DE')}, Belgium "
        f"{_age('BE')}, … A consent age lower than the "
        "one of the controller's country means children there consent alone where the law "
        "requires a parent. The rule compares with the controller's country on the "
        "validation date (the reference data give each age with its source); it is a warning "
        "because the law of the child's country may be the one that applies: check the ages "
        "of every country where the service is offered."
    ),
    on=ProcessingActivity,
)
def child_consent_below_national_age(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Each children's policy age is at least the age of the controller's country
    on ``as_of``, when that country's age is known."""
    age = None if activity.children is None else activity.children.consent_age
    if age is None or age < _LIMITS.minimum:
        return ()  # the usual case, decided without a generator
    country = context.register.controller.country
    national = context.once(
        "controller-consent-age",
        lambda: (
            None if country is None else context.jurisdiction.consent_age(country, context.as_of)
        ),
    )
    if national is None or age >= national.age:
        return ()
    law = f", {national.law}" if national.law else ""
    return (
        violation(
            path=at("children"),
            message=(
                f"The children's consent age of {activity_of(activity)} is {age}, below the "
                f"age of digital consent in {country} ({national.age}{law}): use "
                f"{national.age} or more, and check the ages of the other countries where the "
                "service is offered."
            ),
        ),
    )


@rule(
    code="GDPR605",
    name="parental-consent-not-described",
    title="A children's consent policy says how parental consent is obtained",
    severity="warning",
    severity_reason="Art. 8(2) asks for reasonable efforts without saying which: a likely gap.",
    articles=("GDPR Art. 8(2)",),
    rationale=(
        "Below the age of digital consent, consent is given or authorised by the holder of "
        "parental responsibility, and the controller must make reasonable efforts to verify "
        "it, taking available technology into account (Art. 8(2)). Describe how "
        "(parental_consent)."
    ),
    on=ProcessingActivity,
)
def parental_consent_not_described(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Activities relying on consent with a children's policy describe parental consent."""
    if activity.children is None:
        return ()  # the usual case: no children's policy
    return _policy_gap(
        activity,
        lambda children: blank(children.parental_consent),
        "how parental consent is obtained and verified below the age of consent: describe it "
        "(parental_consent, Art. 8(2)).",
    )


# -- Art. 26 and 28: joint controllers and processors -----------------------


@rule(
    code="GDPR610",
    name="processor-without-contract",
    title="Every processor is bound by an Art. 28 contract",
    severity="warning",
    severity_reason=(
        "Art. 30 does not ask for the contract's reference; a missing one is a likely gap."
    ),
    articles=("GDPR Art. 28(3)", "GDPR Art. 28(4)"),
    rationale=(
        "Processing by a processor must be governed by a contract or other legal act that "
        "sets out its subject matter, duration, nature and purpose, the data and data "
        "subjects, and the processor's obligations listed in Art. 28(3)(a)-(h). In a "
        "processor's own record the processors it engages are sub-processors, bound by a "
        "contract imposing the same data protection obligations (Art. 28(4)); how the "
        "controller authorised them (Art. 28(2)) is GDPR612's. Each finding cites the provision "
        "of its case. The record does not have to cite the contract, hence a warning, but "
        "keeping the reference is how a controller shows the contract exists "
        "(contract_reference). The same processor without a contract in several activities "
        "is one finding listing every place."
    ),
    on=Recipient,
    where=("kind", (RecipientKind.PROCESSOR,)),
)
def processor_without_contract(recipient: Recipient, context: Context) -> Iterable[Violation]:
    """Each recipient of kind processor has a contract reference."""
    if recipient.kind is not RecipientKind.PROCESSOR or not blank(recipient.contract_reference):
        return ()
    name = quoted(recipient.name)
    if context.activity.role is Role.PROCESSOR:
        return (
            violation(
                message=(
                    f"Sub-processor {name} has no contract reference: a processor engages "
                    "another processor only under a contract imposing the same data "
                    "protection obligations as its own contract with the controller "
                    "(Art. 28(4)); record its reference (contract_reference)."
                ),
                articles=("GDPR Art. 28(4)",),
                defect=("sub-processor", recipient.name.strip().casefold()),
            ),
        )
    return (
        violation(
            message=(
                f"Processor {name} has no contract reference: a processor must be bound by a "
                "contract setting out the terms of Art. 28(3); record its reference "
                "(contract_reference)."
            ),
            articles=("GDPR Art. 28(3)",),
            defect=("processor", recipient.name.strip().casefold()),
        ),
    )


@rule(
    code="GDPR612",
    name="subprocessor-authorisation-missing",
    title="A processor record with sub-processors says how the controller authorised them",
    severity="warning",
    severity_reason=(
        "Art. 28(2) binds the processor and Art. 30(2) does not list the authorisation: a "
        "record that engages sub-processors without stating it is a likely gap."
    ),
    articles=("GDPR Art. 28(2)",),
    rationale=(
        "A processor does not engage another processor without the controller's prior "
        "specific or general written authorisation; under a general authorisation it informs "
        "the controller of any intended addition or replacement, and the controller may "
        "object (Art. 28(2)). A processor record whose recipients include processors (its "
        "sub-processors) says which authorisation it holds (subprocessor_authorisation: "
        "specific or general). The contract each sub-processor is bound by is GDPR610's. "
        "Records kept for the same controllers are one finding listing every place."
    ),
    on=ProcessingActivity,
    roles=(Role.PROCESSOR,),
)
def subprocessor_authorisation_missing(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Processor records with sub-processors state the controller's authorisation."""
    if activity.role is not Role.PROCESSOR or activity.subprocessor_authorisation is not None:
        return ()
    if not any(r.kind is RecipientKind.PROCESSOR for r in activity.recipients or ()):
        return ()
    served = [c.name for c in activity.controllers]
    who = listing(served) if served else "the controller"
    return (
        violation(
            message=(
                f"{activity_of(activity, start=True)} engages sub-processors but does not say "
                f"how {who} authorised them: a processor engages another processor only with "
                "the controller's prior specific or general written authorisation, and under a "
                "general one informs the controller of each addition or replacement so that it "
                "may object (Art. 28(2)); state it (subprocessor_authorisation: specific or "
                "general)."
            ),
            defect=frozenset(n.strip().casefold() for n in served),
        ),
    )


@rule(
    code="GDPR611",
    name="joint-controller-without-arrangement",
    title="Every joint controller comes with its Art. 26 arrangement",
    severity="warning",
    severity_reason=(
        "Art. 30 does not ask for the arrangement's reference; a missing one is a likely gap."
    ),
    articles=("GDPR Art. 26(1)", "GDPR Art. 26(2)"),
    rationale=(
        "Joint controllers determine their respective responsibilities, in particular for "
        "data subjects' rights and information, by an arrangement between them (Art. 26(1)), "
        "whose essence is made available to the data subjects (Art. 26(2)). Record its "
        "reference (arrangement)."
    ),
    on=JointController,
)
def joint_controller_without_arrangement(
    joint: JointController, context: Context
) -> Iterable[Violation]:
    """Each joint controller named by an activity has an arrangement reference."""
    if blank(joint.arrangement):
        return (
            violation(
                message=(
                    f"Joint controller {quoted(joint.name)} of {activity_of(context.activity)} has "
                    "no arrangement: set out each controller's responsibilities in an "
                    "arrangement (Art. 26(1)) and record its reference (arrangement)."
                ),
            ),
        )
    return ()


# -- Art. 27 and 37: representative and DPO ----------------------------------

_MONITORING = frozenset({DpiaCriterion.SYSTEMATIC_MONITORING, DpiaCriterion.PUBLIC_AREA_MONITORING})


def _dpo_ground(activity: ProcessingActivity) -> tuple[str, str] | None:
    """The Art. 37(1)(b) or (c) ground an activity meets, core activity aside,
    in words and as a citation."""
    criteria = frozenset(activity.dpia_criteria)
    if DpiaCriterion.LARGE_SCALE not in criteria:
        return None
    if not _MONITORING.isdisjoint(criteria):
        return (
            "regular and systematic monitoring of people on a large scale (Art. 37(1)(b))",
            "GDPR Art. 37(1)(b)",
        )
    if has_special_or_criminal(activity):
        return (
            "special-category or criminal-offence data on a large scale (Art. 37(1)(c))",
            "GDPR Art. 37(1)(c)",
        )
    return None


@rule(
    code="GDPR620",
    name="dpo-required",
    title="A DPO is designated where Art. 37(1) requires one",
    severity="error",
    severity_reason=(
        "A DPO that Art. 37(1) requires is missing (error); an activity not said to be core "
        "or not is a likely gap."
    ),
    articles=(
        "GDPR Art. 37(1)(a)",
        "GDPR Art. 37(1)(b)",
        "GDPR Art. 37(1)(c)",
        "GDPR Art. 37(7)",
    ),
    rationale=(
        "A data protection officer must be designated where processing is carried out by a "
        "public authority or body (Art. 37(1)(a)), or where the core activities consist of "
        "regular and systematic monitoring of data subjects on a large scale (37(1)(b)) or "
        "of large-scale processing of special-category or criminal-offence data (37(1)(c), "
        "as corrected in 2018: 'or', not 'and'). The rule reads public_authority, and for "
        "(b) and (c) an activity marked as a core activity with the DPIA criteria "
        "'large scale' and systematic monitoring, or large scale with special or criminal "
        "data. When such an activity does not say whether it is a core activity, a warning "
        "asks you to say so."
    ),
)
def dpo_required(register: Register, context: Context) -> Iterator[Violation]:
    """When no DPO is named: an error if the organisation is a public authority or
    a core activity meets Art. 37(1)(b) or (c); a warning on each activity that
    would meet them but does not say whether it is a core activity."""
    if register.dpo is not None:
        return
    reasons: list[str] = []
    cited: dict[str, None] = {}
    if register.public_authority:
        reasons.append("the organisation is a public authority (Art. 37(1)(a))")
        cited["GDPR Art. 37(1)(a)"] = None
    for i, activity in enumerate(register.activities):
        found = _dpo_ground(activity)
        if found is None or activity.core_activity is False:
            continue
        ground, article = found
        if activity.core_activity:
            reasons.append(f"the core {activity_of(activity)} involves {ground}")
            cited[article] = None
        else:
            yield violation(
                path=at("activities", i),
                severity=Severity.WARNING,
                message=(
                    f"{activity_of(activity, start=True)} involves {ground} but does not say "
                    "whether it is a core activity of the organisation: if it is, a DPO is "
                    "required; set core_activity."
                ),
                articles=(article,),
            )
    if reasons:
        shown = "; ".join(reasons[:3]) + (
            f"; and {len(reasons) - 3} more" if len(reasons) > 3 else ""
        )
        yield violation(
            message=(
                f"The register names no DPO, but one is required: {shown}. Designate a DPO and "
                "publish their contact details (Art. 37(7))."
            ),
            articles=(*sorted(cited), "GDPR Art. 37(7)"),
        )


@rule(
    code="GDPR621",
    name="representative-missing",
    title="A controller established outside the EEA names its EU representative",
    severity="warning",
    severity_reason=(
        "An establishment in the Union or the exemption may make the representative "
        "unnecessary: a likely gap."
    ),
    articles=("GDPR Art. 27(1)", "GDPR Art. 27(2)"),
    rationale=(
        "A controller or processor not established in the Union whose processing falls under "
        "Art. 3(2) (offering goods or services to, or monitoring, people in the Union) must "
        "designate in writing a representative in the Union (Art. 27(1)), unless the "
        "processing is occasional, excludes large-scale special or criminal data and is "
        "unlikely to result in a risk, or it is a public authority (Art. 27(2)). The rule "
        "reads the controller's country; it is a warning because an EU establishment or an "
        "exemption may make a representative unnecessary."
    ),
)
def representative_missing(register: Register, context: Context) -> Iterable[Violation]:
    """When the controller's country is outside the EEA on ``as_of``, the register
    names a representative."""
    country = register.controller.country
    if country is None or register.representative is not None or register.public_authority:
        return ()
    if not context.jurisdiction.is_home(country, context.as_of):
        return (
            violation(
                message=(
                    f"The controller is established in {country}, outside the EEA, and the "
                    "register names no EU representative: designate one in writing (Art. 27(1)), "
                    "unless the exemption of Art. 27(2) applies or the organisation is also "
                    "established in the Union."
                ),
            ),
        )
    return ()


# -- Art. 13 and 14: sources --------------------------------------------------


@rule(
    code="GDPR630",
    name="source-not-described",
    title="Sources other than the data subject are named",
    severity="warning",
    severity_reason="An item Art. 14(2)(f) requires in the notice, not in the Art. 30 record.",
    articles=("GDPR Art. 14(2)(f)",),
    rationale=(
        "Where data are not obtained from the data subject, people must be told from which "
        "source they originate and whether it is publicly accessible (Art. 14(2)(f)). Name "
        "each such source (description). Data observed from the person's own use of a "
        "service (kind 'observed') count as collected from them (WP29 Guidelines on "
        "transparency, WP260 rev.01) and are not checked."
    ),
    on=DataSource,
)
def source_not_described(source: DataSource, context: Context) -> Iterable[Violation]:
    """Each source of kind third-party, public or controller has a description."""
    if source.kind not in (SourceKind.DATA_SUBJECT, SourceKind.OBSERVED) and blank(
        source.description
    ):
        return (
            violation(
                message=(
                    f"A source of {activity_of(context.activity)} ({source.kind.value}) is not "
                    "named: people must be told where data not collected from them come "
                    "from (Art. 14(2)(f)); describe it."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR631",
    name="sources-not-stated",
    title="Every controller activity says where its data come from",
    severity="info",
    severity_reason="Art. 30 does not ask for sources: advice for the notice.",
    articles=("GDPR Art. 13", "GDPR Art. 14"),
    rationale=(
        "Whether data are collected from the data subject (Art. 13) or obtained elsewhere "
        "(Art. 14) decides what people must be told and when. Art. 30 does not require the "
        "source, hence information only, but the privacy notice needs it."
    ),
    on=ProcessingActivity,
    roles=CONTROLLER_ROLES,
)
def sources_not_stated(activity: ProcessingActivity, context: Context) -> Iterable[Violation]:
    """Each activity kept as controller or joint controller states a source."""
    if not activity.sources:
        return (
            violation(
                message=(
                    f"{activity_of(activity, start=True)} does not say where its data come "
                    "from: state whether they are collected from the data subjects (Art. 13) "
                    "or obtained elsewhere, and from which source (Art. 14(2)(f))."
                ),
            ),
        )
    return ()


# -- Art. 35: DPIA -------------------------------------------------------------

_VULNERABLE = frozenset({SubjectKind.CHILDREN, SubjectKind.EMPLOYEES, SubjectKind.PATIENTS})
_WP248 = frozenset(c for c in DpiaCriterion if c.value.startswith("wp248-"))
_CRITERIA_WORDS = {
    DpiaCriterion.SCORING: "evaluation or scoring",
    DpiaCriterion.AUTOMATED_DECISION: "automated decisions with significant effects",
    DpiaCriterion.SYSTEMATIC_MONITORING: "systematic monitoring",
    DpiaCriterion.SENSITIVE_DATA: "sensitive data",
    DpiaCriterion.LARGE_SCALE: "large scale",
    DpiaCriterion.MATCHING_DATASETS: "matching or combining datasets",
    DpiaCriterion.VULNERABLE_SUBJECTS: "vulnerable data subjects",
    DpiaCriterion.INNOVATIVE_TECHNOLOGY: "innovative technology",
    DpiaCriterion.PREVENTS_RIGHT_OR_SERVICE: "prevents exercising a right or using a service",
}
_CRITERIA_NAMED = {c: f"{c.value} {words}" for c, words in _CRITERIA_WORDS.items()}
"""Each criterion as a finding names it: its code, then its words."""


def _profiling(activity: ProcessingActivity) -> bool:
    """Whether a purpose of the activity is tagged profiling (read from the
    purposes, without building the activity's set of tags; these helpers are
    plain loops rather than ``any()`` over a generator, which costs several
    times more for the one to three items an activity has)."""
    for purpose in activity.purposes:  # noqa: SIM110
        if PurposeTag.PROFILING in purpose.tags:
            return True
    return False


def _vulnerable(activity: ProcessingActivity) -> bool:
    """Whether the activity's data subjects include children, employees or patients."""
    for subject in activity.data_subjects:  # noqa: SIM110
        if subject.kind in _VULNERABLE:
            return True
    return False


def _significant_decisions(activity: ProcessingActivity) -> bool:
    """Whether the activity takes automated decisions with significant effects."""
    for decision in activity.automated_decisions:  # noqa: SIM110
        if decision.significant_effects:
            return True
    return False


def dpia_criteria(activity: ProcessingActivity) -> frozenset[DpiaCriterion]:
    """The EDPB (WP248) criteria an activity meets: those it declares, plus those
    its content shows: special or criminal data (wp248-4), children, employees
    or patients (wp248-7), significant automated decisions (wp248-2), a
    profiling purpose (wp248-1), monitoring of a public area (wp248-3)."""
    declared = activity.dpia_criteria
    found = set(_WP248.intersection(declared)) if declared else set()
    if has_special_or_criminal(activity):
        found.add(DpiaCriterion.SENSITIVE_DATA)
    if _vulnerable(activity):
        found.add(DpiaCriterion.VULNERABLE_SUBJECTS)
    if _significant_decisions(activity):
        found.add(DpiaCriterion.AUTOMATED_DECISION)
    if _profiling(activity):
        found.add(DpiaCriterion.SCORING)
    if DpiaCriterion.PUBLIC_AREA_MONITORING in declared:
        found.add(DpiaCriterion.SYSTEMATIC_MONITORING)
    return frozenset(found)


def dpia_mandatory_reasons(activity: ProcessingActivity) -> tuple[str, ...]:
    """The cases of Art. 35(3) that apply to an activity, in words."""
    criteria = activity.dpia_criteria
    profiling = _profiling(activity)
    if not criteria and not profiling:
        return ()  # none of the three cases can apply (the usual case)
    reasons: list[str] = []
    profiling = profiling or DpiaCriterion.SCORING in criteria
    if profiling and _significant_decisions(activity):
        reasons.append(
            "Art. 35(3)(a): automated evaluation, including profiling, with significant effects"
        )
    if DpiaCriterion.LARGE_SCALE in criteria and has_special_or_criminal(activity):
        reasons.append("Art. 35(3)(b): special-category or criminal-offence data on a large scale")
    if DpiaCriterion.PUBLIC_AREA_MONITORING in criteria:
        reasons.append("Art. 35(3)(c): systematic monitoring of a publicly accessible area")
    return tuple(reasons)


@rule(
    code="GDPR640",
    name="dpia-missing",
    title="A DPIA is carried out where Art. 35(3) or two EDPB criteria apply",
    severity="warning",
    severity_reason=(
        "National lists and the actual risk decide whether a DPIA is required: a likely gap."
    ),
    articles=("GDPR Art. 35(1)", "GDPR Art. 35(3)", "EDPB WP248 rev.01"),
    rationale=(
        "Processing likely to result in a high risk needs a data protection impact "
        "assessment before it starts (Art. 35(1)); it is always required in the three cases "
        "of Art. 35(3): (a) systematic and extensive automated evaluation, including "
        "profiling, with legal or similarly significant effects; (b) large-scale special or "
        "criminal data; (c) large-scale systematic monitoring of a publicly accessible area. "
        "The EDPB adds that processing meeting two or more of its nine criteria (WP248 "
        "rev.01) in most cases requires one; the controller may decide otherwise but must "
        "record why. The rule counts the criteria declared and those the register shows "
        "(special data, vulnerable people, automated decisions, profiling). It is a warning: "
        "national lists (Art. 35(4)) and the actual risk decide in the end."
    ),
    on=ProcessingActivity,
)
def dpia_missing(activity: ProcessingActivity, context: Context) -> Iterable[Violation]:
    """An activity meeting an Art. 35(3) case has a DPIA done or in progress; one
    meeting two or more WP248 criteria has a DPIA done or in progress, or is
    recorded as not requiring one with a reason."""
    if dpia_under_way(activity):
        return ()
    dpia = activity.dpia
    mandatory = dpia_mandatory_reasons(activity)
    if mandatory:
        return (
            violation(
                path=() if dpia is None else at("dpia"),
                message=(
                    f"{activity_of(activity, start=True)} requires a DPIA "
                    f"({'; '.join(mandatory)}) and none is recorded as done or in progress: "
                    "carry it out before the processing starts (Art. 35(1))."
                ),
                articles=("GDPR Art. 35(1)", "GDPR Art. 35(3)"),
            ),
        )
    if dpia is not None and dpia.status is DpiaStatus.NOT_REQUIRED and not blank(dpia.reason):
        return ()  # recorded as not required, with its reason: the criteria need no count
    met = dpia_criteria(activity)
    if len(met) < 2:
        return ()
    words = ", ".join(_CRITERIA_NAMED[c] for c in sorted(met))  # in the order of their codes
    return (
        violation(
            path=() if dpia is None else at("dpia"),
            message=(
                f"{activity_of(activity, start=True)} meets {len(met)} of the EDPB "
                f"criteria for a DPIA ({words}) and none is recorded as done or in progress: "
                "carry one out, or record why it is not required (status not-required with a "
                "reason)."
            ),
            articles=("GDPR Art. 35(1)", "EDPB WP248 rev.01"),
        ),
    )
