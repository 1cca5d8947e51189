"""Build a register in code, check it, save it as JSON and load it back.

Run it with ``python examples/build_register.py [OUTPUT.json]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import gdprkit
from gdprkit import (
    DPO,
    ArchivePhase,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
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
    SecurityCategory,
    SecurityMeasure,
    SourceKind,
    SubjectKind,
)


def build() -> Register:
    """A small online shop's register: customers and a newsletter."""
    customers = ProcessingActivity(
        id="customers",
        name="Customer orders",
        purposes=(
            Purpose(
                name="Take, deliver and invoice orders",
                legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                tags=(PurposeTag.CUSTOMER_MANAGEMENT,),
            ),
            Purpose(
                name="Keep accounting records",
                legal_bases=(
                    LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION, law="Code de commerce L123-22"),
                ),
                tags=(PurposeTag.ACCOUNTING,),
            ),
        ),
        data_subjects=(DataSubjectCategory(name="Customers", kind=SubjectKind.CUSTOMERS),),
        data_categories=(
            DataCategory(
                name="Name, postal and e-mail address",
                kind=DataKind.IDENTITY,
                required=True,
                retention=RetentionRule(
                    until=Event.END_OF_RELATIONSHIP,
                    archive=ArchivePhase(
                        duration=Duration.parse("P10Y"), legal_ground="Code de commerce L123-22"
                    ),
                ),
            ),
        ),
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
        recipients=(
            Recipient(name="Accounting department", kind=RecipientKind.INTERNAL),
            Recipient(
                name="Parcel carrier",
                kind=RecipientKind.PROCESSOR,
                country=CountryCode("FR"),
                contract_reference="DPA-2025-07",
            ),
        ),
    )
    newsletter = ProcessingActivity(
        id="newsletter",
        name="Newsletter",
        purposes=(
            Purpose(
                name="Send the monthly newsletter",
                legal_bases=(
                    LegalBasis(
                        basis=LawfulBasis.CONSENT,
                        consent_method="unticked box at sign-up",
                        withdrawal_method="unsubscribe link in every e-mail",
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
                retention=RetentionRule(duration=Duration.parse("P3Y"), start=Event.LAST_CONTACT),
            ),
        ),
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
        recipients=(Recipient(name="Marketing team", kind=RecipientKind.INTERNAL),),
    )
    return Register(
        controller=Controller(
            name="Boutique Éphémère SAS",
            contact=Contact(
                email="contact@boutique.example", address="2 rue de la Paix, 75002 Paris"
            ),
            country=CountryCode("FR"),
        ),
        dpo=DPO(contact=Contact(email="dpo@boutique.example")),
        activities=(customers, newsletter),
        rights=tuple(
            DeclaredRight(right=r)
            for r in (
                Right.ACCESS,
                Right.RECTIFICATION,
                Right.ERASURE,
                Right.RESTRICTION,
                Right.PORTABILITY,
                Right.OBJECTION_DIRECT_MARKETING,
                Right.WITHDRAW_CONSENT,
                Right.COMPLAINT,
                Right.POST_MORTEM_DIRECTIVES,
            )
        ),
        rights_contact="dpo@boutique.example",
        security_measures=(
            SecurityMeasure(
                category=SecurityCategory.ACCESS_CONTROL, description="Role-based access"
            ),
            SecurityMeasure(
                category=SecurityCategory.ENCRYPTION, description="TLS and disk encryption"
            ),
        ),
        supervisory_authority="CNIL",
        updated=dt.date(2026, 11, 22),
    )


def main(argv: list[str]) -> int:
    """Build, validate, save and reload the register."""
    register = build()
    report = gdprkit.validate(register, as_of=dt.date(2026, 11, 22))
    for finding in report.findings:
        print(finding)
    print(f"{len(report.findings)} finding(s); ok={report.ok}")

    target = Path(argv[0]) if argv else Path(tempfile.mkdtemp()) / "register.json"
    gdprkit.dump(register, target)
    if gdprkit.load(target) != register:
        raise SystemExit("the register did not load back equal")
    print(f"saved to {target} and loaded back equal")

    # When must a subscriber's e-mail be erased, if they last opened a
    # newsletter link on 31 January 2026?  (3 years from the last contact.)
    retention = register.activity("newsletter").data_categories[0].retention
    if retention is not None:
        print("newsletter e-mail erased on", retention.deadline(dt.date(2026, 1, 31)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
