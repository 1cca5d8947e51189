"""One failing and one passing register per rule of the ``gdpr`` profile.

Each case builds both registers from the compliant blocks of ``registers.py``,
changing as little as possible, and names where the finding must point.  The
passing register of every case has no finding at all (tested), so it doubles
as the rule's documented good example.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from gdprkit.model import (
    DPO,
    ActivityStatus,
    ArchivePhase,
    Art9Condition,
    AutomatedDecision,
    ChildrenPolicy,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    Dpia,
    DpiaCriterion,
    DpiaStatus,
    Duration,
    Event,
    Identifier,
    JointController,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    Representative,
    RetentionRule,
    Right,
    Role,
    SecurityCategory,
    SecurityMeasure,
    SourceKind,
    SubjectKind,
    SubprocessorAuthorisation,
    TransferMechanism,
)
from gdprkit.rules import Severity
from tests.rules.registers import (
    GENERAL_RIGHTS,
    P3Y,
    add_activity,
    baseline,
    cctv,
    customers,
    evolve_activity,
    fraud_screening,
    hosting,
    legitimate_interest,
    newsletter,
    occupational_health,
    rights,
    support_transfer,
    with_cctv,
    with_fraud_screening,
    with_rights,
    with_support,
)


@attrs.frozen
class Case:
    """A rule's failing register, its passing one, and where the finding points."""

    bad: Callable[[], Register]
    good: Callable[[], Register]
    path: str
    severity: Severity | None = None
    """The finding's severity, when it is not the rule's default."""
    articles: tuple[str, ...] | None = None
    """The provisions the finding cites, when they are not the rule's whole list."""


def _public_body(register: Register, *, dpo: bool = True) -> Register:
    return attrs.evolve(
        register,
        public_authority=True,
        dpo=DPO(name="DPO service", contact=Contact(email="dpo@atelier.example")) if dpo else None,
    )


def _first_purpose_bases(register: Register, *bases: LegalBasis, index: int = 0) -> Register:
    activity = register.activities[index]
    purpose = attrs.evolve(activity.purposes[0], legal_bases=bases)
    return evolve_activity(register, index, purposes=(purpose, *activity.purposes[1:]))


def _accounting(law: str | None) -> Register:
    register = baseline()
    accounting = Purpose(
        name="Keeping accounting records",
        legal_bases=(LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION, law=law),),
    )
    return evolve_activity(register, purposes=(*register.activities[0].purposes, accounting))


def _public_task(basis: LegalBasis) -> Register:
    register = with_rights(_public_body(baseline()), Right.OBJECTION)
    task = Purpose(name="Answering requests from residents", legal_bases=(basis,))
    return evolve_activity(register, purposes=(*register.activities[0].purposes, task))


def _with_health(condition: Art9Condition | None, law: str | None) -> Register:
    basis = LegalBasis(
        basis=LawfulBasis.LEGAL_OBLIGATION,
        law="Code du travail L4624-1",
        special_condition=condition,
        condition_law=law,
    )
    activity = occupational_health()
    purpose = attrs.evolve(activity.purposes[0], legal_bases=(basis,))
    return add_activity(baseline(), attrs.evolve(activity, purposes=(purpose,)))


def _emergency() -> Register:
    activity = occupational_health()
    emergency = Purpose(
        name="Calling emergency services for staff taken ill at work",
        legal_bases=(
            LegalBasis(
                basis=LawfulBasis.VITAL_INTERESTS,
                special_condition=Art9Condition.VITAL_INTERESTS,
            ),
        ),
    )
    return add_activity(
        baseline(), attrs.evolve(activity, purposes=(*activity.purposes, emergency))
    )


def _with_staff_data(category: DataCategory) -> Register:
    activity = occupational_health()
    return add_activity(
        baseline(),
        attrs.evolve(activity, data_categories=(*activity.data_categories, category)),
    )


def _health_decisions(condition: Art9Condition, extra: tuple[Right, ...]) -> Register:
    activity = fraud_screening(
        id="care-eligibility",
        name="Eligibility for the care programme",
        purposes=(
            Purpose(
                name="Deciding eligibility for the care programme",
                legal_bases=(
                    LegalBasis(
                        basis=LawfulBasis.CONTRACT,
                        special_condition=condition,
                        condition_law="Code de la santé publique L1110-4",
                    ),
                ),
            ),
        ),
        data_categories=(
            DataCategory(
                name="Medical questionnaire",
                kind=DataKind.HEALTH,
                retention=RetentionRule(duration=Duration(years=2), start=Event.APPLICATION),
                required=True,
                if_not_provided="The application cannot be considered",
            ),
        ),
        automated_decisions=(
            AutomatedDecision(
                description="Applications are accepted or refused from the questionnaire score",
                significant_effects=True,
                safeguards="A nurse reviews any refusal on request",
            ),
        ),
        rights=rights(
            Right.ACCESS,
            Right.RECTIFICATION,
            Right.ERASURE,
            Right.RESTRICTION,
            Right.PORTABILITY,
            Right.AUTOMATED_DECISION,
            Right.COMPLAINT,
            *extra,
        ),
        dpia=Dpia(status=DpiaStatus.DONE, reference="DPIA-2025-05"),
    )
    return add_activity(baseline(), activity)


def _joint(*joint: JointController) -> Register:
    return evolve_activity(baseline(), role=Role.JOINT_CONTROLLER, joint_controllers=joint)


_SUB_PROCESSOR = Recipient(
    name="Backup storage provider", kind=RecipientKind.PROCESSOR, contract_reference="SUB-1"
)

_PARTNER = JointController(
    name="Partner Retail SA",
    contact=Contact(email="privacy@partner.example"),
    arrangement="Joint-controller agreement of 2025-01-15",
)


def _transfer(**changes: Any) -> Register:
    return with_support(baseline(), support_transfer(**changes))


def _children(policy: ChildrenPolicy | None) -> Register:
    subjects = (DataSubjectCategory(name="Young subscribers", kind=SubjectKind.CHILDREN),)
    return add_activity(baseline(), newsletter(data_subjects=subjects, children=policy))


def _policy(**changes: Any) -> ChildrenPolicy:
    policy = ChildrenPolicy(
        consent_age=15,
        parental_consent="Joint consent of the minor and a parent, confirmed by e-mail",
    )
    return attrs.evolve(policy, **changes)


def _retention(retention: RetentionRule | None) -> Register:
    register = baseline()
    activity = register.activities[0]
    category = attrs.evolve(activity.data_categories[0], retention=retention)
    return evolve_activity(register, data_categories=(category, *activity.data_categories[1:]))


def _newsletter_without(right: Right) -> ProcessingActivity:
    return newsletter(rights=tuple(d for d in newsletter().rights or () if d.right is not right))


def _without_general(right: Right) -> Register:
    return attrs.evolve(baseline(), rights=tuple(d for d in GENERAL_RIGHTS if d.right is not right))


def _large_scale_health(dpia: Dpia | None) -> Register:
    activity = occupational_health(
        dpia_criteria=(DpiaCriterion.LARGE_SCALE,), dpia=dpia, core_activity=False
    )
    return add_activity(baseline(), activity)


CASES: dict[str, Case] = {
    # 1xx lawfulness
    "GDPR101": Case(
        bad=lambda: _first_purpose_bases(baseline()),
        good=baseline,
        path="activities[0].purposes[0]",
    ),
    "GDPR102": Case(
        bad=lambda: _accounting(None),
        good=lambda: _accounting("Code de commerce L123-22"),
        path="activities[0].purposes[1].legal_bases[0]",
        articles=("GDPR Art. 6(1)(c)", "GDPR Art. 6(3)"),
    ),
    "GDPR103": Case(
        bad=lambda: _first_purpose_bases(
            with_cctv(baseline()), legitimate_interest(legitimate_interest=None), index=1
        ),
        good=lambda: with_cctv(baseline()),
        path="activities[1].purposes[0].legal_bases[0]",
        articles=("GDPR Art. 6(1)(f)", "GDPR Art. 13(1)(d)"),
    ),
    "GDPR104": Case(
        bad=lambda: _first_purpose_bases(
            with_cctv(baseline()), legitimate_interest(balancing_test=None), index=1
        ),
        good=lambda: with_cctv(baseline()),
        path="activities[1].purposes[0].legal_bases[0]",
    ),
    "GDPR105": Case(
        bad=lambda: _public_task(legitimate_interest()),
        good=lambda: _public_task(
            LegalBasis(
                basis=LawfulBasis.PUBLIC_TASK,
                law="Code des relations entre le public et l'administration L311-1",
            )
        ),
        path="activities[0].purposes[1].legal_bases[0]",
    ),
    "GDPR106": Case(
        bad=lambda: _first_purpose_bases(
            add_activity(baseline(), newsletter()),
            LegalBasis(
                basis=LawfulBasis.CONSENT, consent_method="Unticked box on the sign-up form"
            ),
            index=1,
        ),
        good=lambda: add_activity(baseline(), newsletter()),
        path="activities[1].purposes[0].legal_bases[0]",
        articles=("GDPR Art. 7(3)",),
    ),
    "GDPR107": Case(
        bad=lambda: _first_purpose_bases(
            baseline(), LegalBasis(basis=LawfulBasis.CONTRACT), legitimate_interest()
        ),
        good=baseline,
        path="activities[0].purposes[0].legal_bases",
        articles=("GDPR Art. 6(1)(b)", "GDPR Art. 6(1)(f)"),
    ),
    "GDPR108": Case(
        bad=lambda: _first_purpose_bases(baseline(), LegalBasis(basis=LawfulBasis.VITAL_INTERESTS)),
        good=lambda: _emergency(),
        path="activities[0].purposes[0].legal_bases[0]",
    ),
    "GDPR110": Case(
        bad=lambda: _with_health(None, None),
        good=lambda: _with_health(Art9Condition.HEALTH_OR_SOCIAL_CARE, "Code du travail L4624-1"),
        path="activities[1].data_categories[0]",
    ),
    "GDPR111": Case(
        bad=lambda: _with_health(Art9Condition.HEALTH_OR_SOCIAL_CARE, None),
        good=lambda: _with_health(Art9Condition.HEALTH_OR_SOCIAL_CARE, "Code du travail L4624-1"),
        path="activities[1].purposes[0].legal_bases[0]",
        articles=("GDPR Art. 9(2)(h)",),
    ),
    "GDPR112": Case(
        bad=lambda: _with_staff_data(
            DataCategory(
                name="Criminal record extract",
                kind=DataKind.CRIMINAL_OFFENCES,
                retention=RetentionRule(duration=Duration(months=3), start=Event.COLLECTION),
            )
        ),
        good=lambda: _with_staff_data(
            DataCategory(
                name="Criminal record extract",
                kind=DataKind.CRIMINAL_OFFENCES,
                retention=RetentionRule(duration=Duration(months=3), start=Event.COLLECTION),
                legal_reference="Code de l'action sociale et des familles L133-6",
            )
        ),
        path="activities[1].data_categories[1]",
    ),
    "GDPR113": Case(
        bad=lambda: _with_staff_data(
            DataCategory(
                name="Social security number",
                kind=DataKind.NATIONAL_ID,
                retention=RetentionRule(duration=Duration(years=5), start=Event.DEPARTURE),
            )
        ),
        good=lambda: _with_staff_data(
            DataCategory(
                name="Social security number",
                kind=DataKind.NATIONAL_ID,
                retention=RetentionRule(duration=Duration(years=5), start=Event.DEPARTURE),
                legal_reference="Décret 2019-341",
            )
        ),
        path="activities[1].data_categories[1]",
    ),
    "GDPR120": Case(
        bad=lambda: _first_purpose_bases(
            with_fraud_screening(baseline()),
            legitimate_interest(legitimate_interest="Preventing payment fraud"),
            index=1,
        ),
        good=lambda: with_fraud_screening(baseline()),
        path="activities[1].automated_decisions[0]",
    ),
    "GDPR121": Case(
        bad=lambda: with_fraud_screening(
            baseline(),
            automated_decisions=(
                AutomatedDecision(
                    description="Orders with a high fraud score are refused automatically",
                    significant_effects=True,
                ),
            ),
        ),
        good=lambda: with_fraud_screening(baseline()),
        path="activities[1].automated_decisions[0]",
    ),
    "GDPR122": Case(
        bad=lambda: _health_decisions(Art9Condition.HEALTH_OR_SOCIAL_CARE, ()),
        good=lambda: _health_decisions(Art9Condition.EXPLICIT_CONSENT, (Right.WITHDRAW_CONSENT,)),
        path="activities[1].automated_decisions[0]",
    ),
    # 2xx Art. 30 completeness
    "GDPR201": Case(
        bad=lambda: attrs.evolve(
            baseline(),
            controller=attrs.evolve(baseline().controller, contact=Contact()),
        ),
        good=baseline,
        path="controller",
        articles=("GDPR Art. 30(1)(a)",),
    ),
    "GDPR202": Case(
        bad=lambda: attrs.evolve(baseline(), dpo=DPO(name="Jeanne Martin")),
        good=lambda: attrs.evolve(
            baseline(), dpo=DPO(name="Jeanne Martin", contact=Contact(email="dpo@atelier.example"))
        ),
        path="dpo",
        articles=("GDPR Art. 30(1)(a)", "GDPR Art. 37(7)"),
    ),
    "GDPR203": Case(
        bad=lambda: attrs.evolve(
            baseline(), representative=Representative(name="EU Rep Ltd", country=CountryCode("IE"))
        ),
        good=lambda: attrs.evolve(
            baseline(),
            representative=Representative(
                name="EU Rep Ltd",
                country=CountryCode("IE"),
                contact=Contact(email="gdpr@eurep.example"),
            ),
        ),
        path="representative",
        articles=("GDPR Art. 30(1)(a)",),
    ),
    "GDPR204": Case(
        bad=_joint,
        good=lambda: _joint(_PARTNER),
        path="activities[0]",
    ),
    "GDPR205": Case(
        bad=lambda: evolve_activity(baseline(), purposes=()),
        good=baseline,
        path="activities[0]",
    ),
    "GDPR206": Case(
        bad=lambda: evolve_activity(baseline(), data_subjects=()),
        good=baseline,
        path="activities[0]",
    ),
    "GDPR207": Case(
        bad=lambda: evolve_activity(baseline(), data_categories=()),
        good=baseline,
        path="activities[0]",
    ),
    "GDPR208": Case(
        bad=lambda: evolve_activity(baseline(), recipients=None),
        good=baseline,
        path="activities[0]",
    ),
    "GDPR209": Case(
        bad=lambda: attrs.evolve(baseline(), security_measures=()),
        good=lambda: evolve_activity(
            attrs.evolve(baseline(), security_measures=()),
            security_measures=(
                SecurityMeasure(
                    category=SecurityCategory.ENCRYPTION, description="Database encrypted at rest"
                ),
            ),
        ),
        path="activities[0]",
        articles=("GDPR Art. 30(1)(g)", "GDPR Art. 32(1)"),
    ),
    "GDPR210": Case(
        bad=lambda: add_activity(baseline(), hosting(controllers=())),
        good=lambda: add_activity(baseline(), hosting()),
        path="activities[1]",
    ),
    "GDPR211": Case(
        bad=lambda: add_activity(
            baseline(), hosting(controllers=(Controller(name="Client SARL"),))
        ),
        good=lambda: add_activity(baseline(), hosting()),
        path="activities[1].controllers[0]",
    ),
    "GDPR212": Case(
        bad=lambda: add_activity(baseline(), hosting(processing_categories=())),
        good=lambda: add_activity(baseline(), hosting()),
        path="activities[1]",
    ),
    "GDPR213": Case(
        bad=lambda: add_activity(baseline(), newsletter(id="customers")),
        good=lambda: add_activity(baseline(), newsletter()),
        path="activities[1]",
    ),
    "GDPR214": Case(
        bad=lambda: attrs.evolve(
            baseline(), controller=attrs.evolve(baseline().controller, name="Atelier Exemple")
        ),
        good=lambda: attrs.evolve(
            baseline(),
            controller=attrs.evolve(
                baseline().controller,
                name="Atelier Exemple",
                identifiers=(Identifier(scheme="SIREN", value="123 456 789"),),
            ),
        ),
        path="controller",
        articles=("GDPR Art. 30(1)(a)", "GDPR Art. 13(1)(a)"),
    ),
    "GDPR215": Case(
        bad=lambda: add_activity(
            baseline(),
            hosting(
                purposes=(
                    Purpose(
                        name="Improving our hosting offer",
                        legal_bases=(legitimate_interest(),),
                    ),
                )
            ),
        ),
        good=lambda: add_activity(
            baseline(),
            hosting(purposes=(Purpose(name="Hosting the client's customer database"),)),
        ),
        path="activities[1].purposes[0]",
    ),
    # 3xx transfers
    "GDPR301": Case(
        bad=lambda: _transfer(mechanism=None),
        good=_transfer,
        path="activities[0].transfers[0]",
    ),
    "GDPR302": Case(
        bad=lambda: with_support(
            baseline(),
            support_transfer(
                country=CountryCode("IN"),
                mechanism=TransferMechanism.ADEQUACY,
                reference=None,
                tia_reference=None,
            ),
            country=CountryCode("IN"),
        ),
        good=lambda: with_support(
            baseline(), support_transfer(country=CountryCode("IN")), country=CountryCode("IN")
        ),
        path="activities[0].transfers[0]",
    ),
    "GDPR303": Case(
        bad=lambda: _transfer(
            mechanism=TransferMechanism.ADEQUACY, reference=None, tia_reference=None
        ),
        good=lambda: _transfer(
            mechanism=TransferMechanism.ADEQUACY,
            tia_reference=None,
            in_adequacy_scope=True,
            reference="Listed on dataprivacyframework.gov, checked 2026-11-02",
        ),
        path="activities[0].transfers[0]",
        severity=Severity.WARNING,
    ),
    "GDPR304": Case(
        bad=lambda: _transfer(
            mechanism=TransferMechanism.PRIVACY_SHIELD,
            reference="Importer certified under the Privacy Shield",
            tia_reference=None,
            since=dt.date(2019, 1, 1),
        ),
        good=_transfer,
        path="activities[0].transfers[0]",
    ),
    "GDPR305": Case(
        bad=lambda: _transfer(
            mechanism=TransferMechanism.DEROGATION_CONTRACT,
            reference=None,
            tia_reference=None,
            occasional=False,
        ),
        good=lambda: _transfer(
            mechanism=TransferMechanism.DEROGATION_CONTRACT,
            reference=None,
            tia_reference=None,
            occasional=True,
        ),
        path="activities[0].transfers[0]",
    ),
    "GDPR306": Case(
        bad=lambda: _transfer(
            mechanism=TransferMechanism.DEROGATION_COMPELLING_INTERESTS,
            tia_reference=None,
            occasional=True,
            reference=None,
        ),
        good=lambda: _transfer(
            mechanism=TransferMechanism.DEROGATION_COMPELLING_INTERESTS,
            tia_reference=None,
            occasional=True,
            reference="Assessment note T-2025-04; supervisory authority informed on 2025-04-02",
        ),
        path="activities[0].transfers[0]",
    ),
    "GDPR307": Case(
        bad=lambda: with_support(
            _public_body(baseline()),
            support_transfer(
                mechanism=TransferMechanism.DEROGATION_CONSENT,
                reference=None,
                tia_reference=None,
                occasional=True,
            ),
        ),
        good=lambda: with_support(
            _public_body(baseline()),
            support_transfer(
                mechanism=TransferMechanism.DEROGATION_PUBLIC_INTEREST,
                reference="Code de la santé publique L1413-3",
                tia_reference=None,
                occasional=True,
            ),
        ),
        path="activities[0].transfers[0]",
    ),
    "GDPR308": Case(
        bad=lambda: with_support(
            baseline(), support_transfer(country=CountryCode("DE")), country=CountryCode("DE")
        ),
        good=lambda: evolve_activity(
            with_support(baseline(), country=CountryCode("DE")), transfers=()
        ),
        path="activities[0].transfers[0]",
    ),
    "GDPR309": Case(
        bad=lambda: evolve_activity(with_support(baseline()), transfers=()),
        good=lambda: with_support(baseline()),
        path="activities[0].recipients[2]",
    ),
    "GDPR310": Case(
        bad=lambda: _transfer(tia_reference=None),
        good=_transfer,
        path="activities[0].transfers[0]",
    ),
    "GDPR311": Case(
        bad=lambda: _transfer(mechanism=TransferMechanism.AD_HOC_CLAUSES, reference=None),
        good=lambda: _transfer(
            mechanism=TransferMechanism.AD_HOC_CLAUSES,
            reference="Authorised by the supervisory authority, decision 2025-118",
        ),
        path="activities[0].transfers[0]",
    ),
    "GDPR312": Case(
        bad=lambda: _transfer(country=None),
        good=_transfer,
        path="activities[0].transfers[0]",
    ),
    "GDPR313": Case(
        bad=lambda: _transfer(recipient="Support platform Inc."),
        good=_transfer,
        path="activities[0].transfers[0]",
    ),
    "GDPR314": Case(
        bad=lambda: evolve_activity(
            baseline(),
            recipients=(
                customers().recipients[0],
                attrs.evolve(customers().recipients[1], country=None),
            ),
        ),
        good=baseline,
        path="activities[0].recipients[1]",
    ),
    "GDPR315": Case(
        bad=lambda: _transfer(safeguards_copy=None),
        good=_transfer,
        path="activities[0].transfers[0]",
    ),
    # 4xx retention
    "GDPR401": Case(
        bad=lambda: _retention(None),
        good=baseline,
        path="activities[0].data_categories[0]",
    ),
    "GDPR402": Case(
        bad=lambda: _retention(RetentionRule(statement="as long as necessary")),
        good=lambda: _retention(
            RetentionRule(
                duration=P3Y,
                start=Event.END_OF_RELATIONSHIP,
                statement="3 years from the end of the customer relationship",
            )
        ),
        path="activities[0].data_categories[0].retention",
    ),
    "GDPR403": Case(
        bad=lambda: _retention(RetentionRule(duration=P3Y)),
        good=baseline,
        path="activities[0].data_categories[0].retention",
    ),
    "GDPR404": Case(
        bad=lambda: _retention(
            RetentionRule(
                duration=P3Y,
                start=Event.END_OF_RELATIONSHIP,
                archive=ArchivePhase(duration=Duration(years=2)),
            )
        ),
        good=lambda: _retention(
            RetentionRule(
                duration=P3Y,
                start=Event.END_OF_RELATIONSHIP,
                archive=ArchivePhase(
                    duration=Duration(years=2), legal_ground="Code de la consommation L218-2"
                ),
            )
        ),
        path="activities[0].data_categories[0].retention.archive",
    ),
    "GDPR405": Case(
        bad=lambda: _retention(
            RetentionRule(
                until=Event.END_OF_CONTRACT,
                archive=ArchivePhase(
                    legal_ground="dans la limite des délais de prescription applicables"
                ),
            )
        ),
        good=lambda: _retention(
            RetentionRule(
                until=Event.END_OF_CONTRACT,
                archive=ArchivePhase(
                    duration=Duration(years=5), legal_ground="Code civil art. 2224"
                ),
            )
        ),
        path="activities[0].data_categories[0].retention.archive",
    ),
    "GDPR406": Case(
        bad=lambda: _retention(
            RetentionRule(
                statement="for the legal warranty period",
                legal_reference="Code de la consommation L217-3",
            )
        ),
        good=lambda: _retention(
            RetentionRule(
                duration=Duration(years=2),
                start=Event.END_OF_CONTRACT,
                statement="for the legal warranty period",
                legal_reference="Code de la consommation L217-3",
            )
        ),
        path="activities[0].data_categories[0].retention",
    ),
    # 5xx rights
    "GDPR501": Case(
        bad=lambda: add_activity(baseline(), _newsletter_without(Right.WITHDRAW_CONSENT)),
        good=lambda: add_activity(baseline(), newsletter()),
        path="activities[1].rights",
    ),
    "GDPR502": Case(
        bad=lambda: add_activity(baseline(), cctv()),
        good=lambda: with_cctv(baseline()),
        path="rights",
    ),
    "GDPR503": Case(
        bad=lambda: add_activity(baseline(), _newsletter_without(Right.OBJECTION_DIRECT_MARKETING)),
        good=lambda: add_activity(baseline(), newsletter()),
        path="activities[1].rights",
    ),
    "GDPR504": Case(
        bad=lambda: _without_general(Right.PORTABILITY),
        good=baseline,
        path="rights",
    ),
    "GDPR505": Case(
        bad=lambda: _without_general(Right.COMPLAINT),
        good=baseline,
        path="rights",
    ),
    "GDPR506": Case(
        bad=lambda: _without_general(Right.ACCESS),
        good=baseline,
        path="rights",
        articles=("GDPR Art. 15", "GDPR Art. 13(2)(b)"),
    ),
    "GDPR507": Case(
        bad=lambda: with_rights(baseline(), Right.WITHDRAW_CONSENT),
        good=baseline,
        path="rights[6]",
        articles=("GDPR Art. 7(3)",),
    ),
    "GDPR508": Case(
        bad=lambda: with_rights(add_activity(baseline(), fraud_screening()), Right.OBJECTION),
        good=lambda: with_fraud_screening(baseline()),
        path="rights",
    ),
    "GDPR509": Case(
        bad=lambda: evolve_activity(
            baseline(),
            data_categories=tuple(
                attrs.evolve(c, required=None) for c in customers().data_categories
            ),
        ),
        good=baseline,
        path="activities[0].data_categories[0]",
    ),
    # 6xx governance
    "GDPR601": Case(
        bad=lambda: _children(None),
        good=lambda: _children(_policy()),
        path="activities[1]",
    ),
    "GDPR602": Case(
        bad=lambda: _children(_policy(consent_age=None)),
        good=lambda: _children(_policy()),
        path="activities[1].children",
    ),
    "GDPR603": Case(
        bad=lambda: _children(_policy(consent_age=12)),
        good=lambda: _children(_policy()),
        path="activities[1].children",
    ),
    "GDPR604": Case(
        bad=lambda: _children(_policy(consent_age=13)),
        good=lambda: _children(_policy()),
        path="activities[1].children",
    ),
    "GDPR605": Case(
        bad=lambda: _children(_policy(parental_consent=None)),
        good=lambda: _children(_policy()),
        path="activities[1].children",
    ),
    "GDPR610": Case(
        bad=lambda: evolve_activity(
            baseline(),
            recipients=(
                customers().recipients[0],
                attrs.evolve(customers().recipients[1], contract_reference=None),
            ),
        ),
        good=baseline,
        path="activities[0].recipients[1]",
    ),
    "GDPR612": Case(
        bad=lambda: add_activity(baseline(), hosting(recipients=(_SUB_PROCESSOR,))),
        good=lambda: add_activity(
            baseline(),
            hosting(
                recipients=(_SUB_PROCESSOR,),
                subprocessor_authorisation=SubprocessorAuthorisation.GENERAL,
            ),
        ),
        path="activities[1]",
    ),
    "GDPR611": Case(
        bad=lambda: _joint(attrs.evolve(_PARTNER, arrangement=None)),
        good=lambda: _joint(_PARTNER),
        path="activities[0].joint_controllers[0]",
    ),
    "GDPR620": Case(
        bad=lambda: _public_body(baseline(), dpo=False),
        good=lambda: _public_body(baseline()),
        path="",
    ),
    "GDPR621": Case(
        bad=lambda: attrs.evolve(
            baseline(),
            controller=attrs.evolve(baseline().controller, country=CountryCode("US")),
        ),
        good=lambda: attrs.evolve(
            baseline(),
            controller=attrs.evolve(baseline().controller, country=CountryCode("US")),
            representative=Representative(
                name="EU Rep Ltd",
                country=CountryCode("IE"),
                contact=Contact(email="gdpr@eurep.example"),
            ),
        ),
        path="",
    ),
    "GDPR630": Case(
        bad=lambda: add_activity(
            baseline(), occupational_health(sources=(DataSource(kind=SourceKind.THIRD_PARTY),))
        ),
        good=lambda: add_activity(baseline(), occupational_health()),
        path="activities[1].sources[0]",
    ),
    "GDPR631": Case(
        bad=lambda: evolve_activity(baseline(), sources=()),
        good=baseline,
        path="activities[0]",
    ),
    "GDPR640": Case(
        bad=lambda: _large_scale_health(Dpia(status=DpiaStatus.PLANNED)),
        good=lambda: _large_scale_health(Dpia(status=DpiaStatus.DONE, reference="DPIA-2025-03")),
        path="activities[1].dpia",
    ),
    "GDPR650": Case(
        bad=lambda: evolve_activity(baseline(), next_review=dt.date(2026, 11, 21)),
        good=lambda: evolve_activity(baseline(), next_review=dt.date(2026, 11, 22)),
        path="activities[0].next_review",
    ),
    "GDPR651": Case(
        bad=lambda: evolve_activity(with_support(baseline()), status=ActivityStatus.RETIRED),
        good=lambda: evolve_activity(baseline(), status=ActivityStatus.RETIRED),
        path="activities[0]",
    ),
    "GDPR701": Case(
        bad=lambda: _advertising("Poursuite de la navigation, ou paramétrage du navigateur"),
        good=lambda: _advertising("Bandeau « Tout accepter / Tout refuser » avant tout dépôt"),
        path="activities[0].purposes[0].legal_bases[0].consent_method",
    ),
    "GDPR710": Case(
        bad=lambda: evolve_activity(baseline(), notes="Fondement : directive 95/46/CE, art. 7"),
        good=lambda: evolve_activity(baseline(), notes="Fondement : RGPD, art. 6(1)(b)"),
        path="activities[0].notes",
    ),
}


def _advertising(consent_method: str) -> Register:
    """The baseline whose purpose is advertising with trackers, on consent collected so."""
    purpose = Purpose(
        name="Advertising chosen from the visitor's browsing",
        legal_bases=(
            LegalBasis(
                basis=LawfulBasis.CONSENT,
                consent_method=consent_method,
                withdrawal_method="Cookie settings link in the footer",
            ),
        ),
        tags=(PurposeTag.ADVERTISING_TRACKERS,),
    )
    return with_rights(evolve_activity(baseline(), purposes=(purpose,)), Right.WITHDRAW_CONSENT)
