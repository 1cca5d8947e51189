"""Registers for the rule tests: a fully compliant baseline and compliant
building blocks that tests evolve with :func:`attrs.evolve`.

Everything here passes the ``gdpr`` profile with zero findings (tested in
``test_baseline.py``); a test breaks one thing and expects one rule to see it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from gdprkit.model import (
    ArchivePhase,
    Art9Condition,
    AutomatedDecision,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
    Dpia,
    DpiaStatus,
    Duration,
    Event,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    RetentionRule,
    Right,
    Role,
    SecurityCategory,
    SecurityMeasure,
    SourceKind,
    SubjectKind,
    Transfer,
    TransferMechanism,
)


AS_OF = dt.date(2026, 11, 22)
"""The date the rule tests and the documented examples are validated at."""

P3Y = Duration(years=3)


def rights(*declared: Right) -> tuple[DeclaredRight, ...]:
    return tuple(DeclaredRight(right=r) for r in declared)


GENERAL_RIGHTS = rights(
    Right.ACCESS,
    Right.RECTIFICATION,
    Right.ERASURE,
    Right.RESTRICTION,
    Right.PORTABILITY,
    Right.COMPLAINT,
)
"""The baseline's general rights: what a contract-based activity needs."""


def customers() -> ProcessingActivity:
    """A contract-based customer activity with a processor in France."""
    return ProcessingActivity(
        id="customers",
        name="Customer management",
        purposes=(
            Purpose(
                name="Managing orders, deliveries and invoices",
                legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                tags=(PurposeTag.CUSTOMER_MANAGEMENT,),
            ),
        ),
        data_subjects=(DataSubjectCategory(name="Customers", kind=SubjectKind.CUSTOMERS),),
        data_categories=(
            DataCategory(
                name="Identity and contact details",
                kind=DataKind.IDENTITY,
                retention=RetentionRule(duration=P3Y, start=Event.END_OF_RELATIONSHIP),
                required=True,
                if_not_provided="The order cannot be delivered",
            ),
            DataCategory(
                name="Orders and invoices",
                kind=DataKind.ECONOMIC_FINANCIAL,
                required=True,
                if_not_provided="No order can be placed",
                retention=RetentionRule(
                    until=Event.END_OF_CONTRACT,
                    archive=ArchivePhase(
                        duration=Duration(years=10), legal_ground="Code de commerce L123-22"
                    ),
                ),
            ),
        ),
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
        recipients=(
            Recipient(name="Sales department", kind=RecipientKind.INTERNAL),
            Recipient(
                name="Hosting provider",
                kind=RecipientKind.PROCESSOR,
                country=CountryCode("FR"),
                contract_reference="DPA-2024-01",
            ),
        ),
    )


def baseline() -> Register:
    """A small register that meets every rule of the ``gdpr`` profile."""
    return Register(
        controller=Controller(
            name="Atelier Exemple SAS",
            contact=Contact(
                email="privacy@atelier.example", address="1 rue de l'Exemple, 75011 Paris"
            ),
            country=CountryCode("FR"),
        ),
        activities=(customers(),),
        rights=GENERAL_RIGHTS,
        rights_contact="privacy@atelier.example",
        security_measures=(
            SecurityMeasure(
                category=SecurityCategory.ACCESS_CONTROL, description="Role-based access"
            ),
            SecurityMeasure(category=SecurityCategory.BACKUP, description="Encrypted backups"),
        ),
        updated=dt.date(2026, 11, 1),
    )


def evolve_activity(register: Register, index: int = 0, **changes: Any) -> Register:
    """*register* with activity *index* changed."""
    activities = list(register.activities)
    activities[index] = attrs.evolve(activities[index], **changes)
    return attrs.evolve(register, activities=tuple(activities))


def add_activity(register: Register, activity: ProcessingActivity) -> Register:
    """*register* with *activity* appended."""
    return attrs.evolve(register, activities=(*register.activities, activity))


def with_rights(register: Register, *extra: Right) -> Register:
    """*register* with *extra* rights added to its general list."""
    return attrs.evolve(register, rights=register.rights + rights(*extra))


def newsletter(**changes: Any) -> ProcessingActivity:
    """A consent-based direct-marketing activity with its own rights."""
    activity = ProcessingActivity(
        id="newsletter",
        name="Newsletter",
        purposes=(
            Purpose(
                name="Sending the newsletter",
                legal_bases=(
                    LegalBasis(
                        basis=LawfulBasis.CONSENT,
                        consent_method="Unticked box on the sign-up form",
                        withdrawal_method="Unsubscribe link in every e-mail",
                    ),
                ),
                tags=(PurposeTag.DIRECT_MARKETING,),
            ),
        ),
        data_subjects=(DataSubjectCategory(name="Subscribers", kind=SubjectKind.PROSPECTS),),
        data_categories=(
            DataCategory(
                name="E-mail address",
                kind=DataKind.CONTACT,
                retention=RetentionRule(until=Event.CONSENT_WITHDRAWAL),
                required=False,
            ),
        ),
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
        recipients=(Recipient(name="Marketing department", kind=RecipientKind.INTERNAL),),
        rights=rights(
            Right.ACCESS,
            Right.RECTIFICATION,
            Right.ERASURE,
            Right.RESTRICTION,
            Right.PORTABILITY,
            Right.WITHDRAW_CONSENT,
            Right.OBJECTION_DIRECT_MARKETING,
            Right.COMPLAINT,
        ),
    )
    return attrs.evolve(activity, **changes)


def legitimate_interest(**changes: Any) -> LegalBasis:
    """A complete 6(1)(f) basis."""
    basis = LegalBasis(
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        legitimate_interest="Protecting people and goods on the premises",
        balancing_test="BT-2025-02",
    )
    return attrs.evolve(basis, **changes)


def cctv(**changes: Any) -> ProcessingActivity:
    """Video surveillance on legitimate interests, using the general rights."""
    activity = ProcessingActivity(
        id="cctv",
        name="Video surveillance of the shop",
        purposes=(Purpose(name="Securing the premises", legal_bases=(legitimate_interest(),)),),
        data_subjects=(DataSubjectCategory(name="Visitors", kind=SubjectKind.CUSTOMERS),),
        data_categories=(
            DataCategory(
                name="Images",
                kind=DataKind.IMAGES,
                retention=RetentionRule(duration=Duration(days=30), start=Event.RECORDING),
            ),
        ),
        sources=(DataSource(kind=SourceKind.OBSERVED),),
        recipients=(Recipient(name="Security staff", kind=RecipientKind.INTERNAL),),
    )
    return attrs.evolve(activity, **changes)


def with_cctv(register: Register, **changes: Any) -> Register:
    """*register* with the CCTV activity and the right to object it needs."""
    return with_rights(add_activity(register, cctv(**changes)), Right.OBJECTION)


def occupational_health(**changes: Any) -> ProcessingActivity:
    """Employees' health data on a legal obligation and Art. 9(2)(h), with a DPIA."""
    activity = ProcessingActivity(
        id="occupational-health",
        name="Occupational health follow-up",
        purposes=(
            Purpose(
                name="Organising medical visits",
                legal_bases=(
                    LegalBasis(
                        basis=LawfulBasis.LEGAL_OBLIGATION,
                        law="Code du travail L4624-1",
                        special_condition=Art9Condition.HEALTH_OR_SOCIAL_CARE,
                        condition_law="Code du travail L4624-1",
                    ),
                ),
                tags=(PurposeTag.HR,),
            ),
        ),
        data_subjects=(DataSubjectCategory(name="Employees", kind=SubjectKind.EMPLOYEES),),
        data_categories=(
            DataCategory(
                name="Fitness-for-work opinions",
                kind=DataKind.HEALTH,
                retention=RetentionRule(duration=Duration(years=5), start=Event.DEPARTURE),
            ),
        ),
        sources=(DataSource(kind=SourceKind.THIRD_PARTY, description="Occupational doctor"),),
        recipients=(Recipient(name="HR department", kind=RecipientKind.INTERNAL),),
        rights=rights(
            Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION, Right.COMPLAINT
        ),
        dpia=Dpia(status=DpiaStatus.DONE, reference="DPIA-2025-03"),
    )
    return attrs.evolve(activity, **changes)


def fraud_screening(**changes: Any) -> ProcessingActivity:
    """Automatic refusal of risky orders, on contract, and its scoring model, on
    legitimate interests."""
    activity = ProcessingActivity(
        id="fraud",
        name="Fraud screening",
        purposes=(
            Purpose(
                name="Screening orders for payment fraud",
                legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
            ),
            Purpose(
                name="Keeping the fraud-scoring model accurate",
                legal_bases=(legitimate_interest(legitimate_interest="Preventing payment fraud"),),
            ),
        ),
        data_subjects=(DataSubjectCategory(name="Customers", kind=SubjectKind.CUSTOMERS),),
        data_categories=(
            DataCategory(
                name="Order and payment details",
                kind=DataKind.ECONOMIC_FINANCIAL,
                retention=RetentionRule(duration=Duration(months=13), start=Event.TRANSACTION),
                required=True,
                if_not_provided="The order cannot be paid for",
            ),
        ),
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
        recipients=(Recipient(name="Payment team", kind=RecipientKind.INTERNAL),),
        automated_decisions=(
            AutomatedDecision(
                description="Orders with a high fraud score are refused automatically",
                significant_effects=True,
                safeguards="Customers can ask for a human review by e-mail",
            ),
        ),
    )
    return attrs.evolve(activity, **changes)


def with_fraud_screening(register: Register, **changes: Any) -> Register:
    """*register* with fraud screening and the rights it needs."""
    return with_rights(
        add_activity(register, fraud_screening(**changes)),
        Right.OBJECTION,
        Right.AUTOMATED_DECISION,
    )


SUPPORT = "Customer support platform"


def support_transfer(**changes: Any) -> Transfer:
    """A transfer to a US processor on the 2021 SCCs with its TIA."""
    transfer = Transfer(
        recipient=SUPPORT,
        country=CountryCode("US"),
        mechanism=TransferMechanism.SCC_2021,
        reference="SCC module 2, signed 2025-03-01",
        safeguards_copy="A copy of the clauses on request to privacy@atelier.example",
        tia_reference="TIA-2025-01",
        since=dt.date(2025, 3, 1),
    )
    return attrs.evolve(transfer, **changes)


def with_support(
    register: Register, transfer: Transfer | None = None, **recipient: Any
) -> Register:
    """*register* whose first activity sends data to a support platform abroad,
    through *transfer* (the compliant one by default; pass ``None`` fields to
    break it)."""
    activity = register.activities[0]
    support = attrs.evolve(
        Recipient(
            name=SUPPORT,
            kind=RecipientKind.PROCESSOR,
            country=CountryCode("US"),
            contract_reference="DPA-2025-07",
        ),
        **recipient,
    )
    return evolve_activity(
        register,
        recipients=(*activity.recipients, support),
        transfers=(*activity.transfers, transfer if transfer is not None else support_transfer()),
    )


def hosting(**changes: Any) -> ProcessingActivity:
    """An activity kept as processor: hosting a client's customer database."""
    activity = ProcessingActivity(
        id="hosting-for-clients",
        name="Hosting for clients",
        role=Role.PROCESSOR,
        controllers=(
            Controller(
                name="Client SARL",
                contact=Contact(email="dpo@client.example"),
                country=CountryCode("FR"),
            ),
        ),
        processing_categories=("Hosting and backup of the client's customer database",),
    )
    return attrs.evolve(activity, **changes)
