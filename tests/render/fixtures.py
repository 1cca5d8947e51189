"""Registers built in code for the renderer tests: rich, French, non-ASCII."""

from __future__ import annotations

import datetime as dt

from gdprkit.model import (
    DPO,
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
    DeclaredRight,
    Dpia,
    DpiaCriterion,
    DpiaStatus,
    Duration,
    EndAction,
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
    Transfer,
    TransferMechanism,
)


ALL_RIGHTS = tuple(DeclaredRight(right=r) for r in Right)


def rich_register() -> Register:
    """A French controller with a customer file, prospection, a health
    activity, a legitimate-interest-only activity and a processor activity."""
    return Register(
        controller=Controller(
            name="Pharmacie de l’Étoile SAS",
            trade_name="L’Étoile",
            identifiers=(
                Identifier(scheme="SIREN", value="123 456 789"),
                Identifier(scheme="RCS Paris", value="B 123 456 789"),
            ),
            contact=Contact(
                email="contact@etoile.example",
                phone="+33 1 23 45 67 89",
                address="1 place de l’Étoile\n75008 Paris",
                url="https://etoile.example",
            ),
            country=CountryCode("FR"),
        ),
        dpo=DPO(
            name="Cabinet Conformité & Associés",
            contact=Contact(email="dpo@etoile.example", address="12 rue des Œillets, 69002 Lyon"),
            external=True,
            designated_on=dt.date(2018, 5, 25),
            authority_reference="DPO-12345",
        ),
        representative=None,
        activities=(
            ProcessingActivity(
                id="clients",
                name="Gestion des clients",
                description="Commandes, livraisons, factures et service après-vente.",
                joint_controllers=(
                    JointController(
                        name="Groupement Officinal Réuni",
                        contact=Contact(email="rgpd@gor.example"),
                        arrangement="Convention de responsabilité conjointe du 3 mars 2023",
                    ),
                ),
                purposes=(
                    Purpose(
                        name="Gestion des commandes et de la facturation",
                        legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                        tags=(PurposeTag.CUSTOMER_MANAGEMENT,),
                    ),
                    Purpose(
                        name="Tenue de la comptabilité",
                        legal_bases=(
                            LegalBasis(
                                basis=LawfulBasis.LEGAL_OBLIGATION,
                                law="Code de commerce, art. L123-22",
                            ),
                        ),
                        tags=(PurposeTag.ACCOUNTING,),
                    ),
                ),
                data_subjects=(DataSubjectCategory(name="Clients", kind=SubjectKind.CUSTOMERS),),
                data_categories=(
                    DataCategory(
                        name="Identité",
                        kind=DataKind.IDENTITY,
                        description="nom, prénom, civilité",
                        required=True,
                        retention=RetentionRule(
                            until=Event.END_OF_CONTRACT,
                            archive=ArchivePhase(
                                duration=Duration.parse("P10Y"),
                                legal_ground="Code de commerce L123-22",
                            ),
                        ),
                    ),
                    DataCategory(
                        name="Numéro de carte bancaire",
                        kind=DataKind.PAYMENT_CARD,
                        required=False,
                        retention=RetentionRule(
                            duration=Duration.parse("P13M"),
                            start=Event.DEBIT,
                            legal_reference="Code monétaire et financier L133-24",
                        ),
                    ),
                ),
                sources=(DataSource(kind=SourceKind.DATA_SUBJECT),),
                recipients=(
                    Recipient(name="Service comptable", kind=RecipientKind.INTERNAL),
                    Recipient(
                        name="Hébergeur « Nuage »",
                        kind=RecipientKind.PROCESSOR,
                        country=CountryCode("US"),
                        contract_reference="DPA-2024-01",
                    ),
                ),
                transfers=(
                    Transfer(
                        recipient="Hébergeur « Nuage »",
                        country=CountryCode("US"),
                        mechanism=TransferMechanism.SCC_2021,
                        reference="Contrat CCT du 1er janvier 2024",
                        safeguards_copy="sur demande à dpo@etoile.example",
                        since=dt.date(2024, 1, 1),
                    ),
                ),
                security_measures=(
                    SecurityMeasure(category=SecurityCategory.ENCRYPTION, description="TLS 1.3"),
                    SecurityMeasure(category=SecurityCategory.TRAINING),
                ),
                created=dt.date(2019, 2, 1),
                updated=dt.date(2025, 6, 30),
            ),
            ProcessingActivity(
                id="prospection",
                name="Prospection commerciale",
                purposes=(
                    Purpose(
                        name="Envoi de la lettre d’information",
                        legal_bases=(
                            LegalBasis(
                                basis=LawfulBasis.CONSENT,
                                consent_method="case à cocher",
                                withdrawal_method="lien de désinscription en bas de chaque message",
                            ),
                        ),
                        tags=(PurposeTag.DIRECT_MARKETING,),
                    ),
                    Purpose(
                        name="Prospection des professionnels",
                        legal_bases=(
                            LegalBasis(
                                basis=LawfulBasis.LEGITIMATE_INTERESTS,
                                legitimate_interest="développer notre clientèle professionnelle",
                            ),
                        ),
                        tags=(PurposeTag.PROSPECTION,),
                    ),
                ),
                data_subjects=(DataSubjectCategory(name="Prospects", kind=SubjectKind.PROSPECTS),),
                data_categories=(
                    DataCategory(
                        name="Adresse électronique",
                        kind=DataKind.CONTACT,
                        retention=RetentionRule(
                            duration=Duration.parse("P3Y"), start=Event.LAST_CONTACT
                        ),
                    ),
                ),
                sources=(
                    DataSource(kind=SourceKind.THIRD_PARTY, description="fichiers loués à Datafix"),
                ),
                automated_decisions=(
                    AutomatedDecision(
                        description="Score d’appétence calculé sur l’historique d’achats",
                        significant_effects=False,
                    ),
                ),
                dpia_criteria=(DpiaCriterion.SCORING,),
                dpia=Dpia(status=DpiaStatus.NOT_REQUIRED, reason="un seul critère"),
            ),
            ProcessingActivity(
                id="ordonnances",
                name="Dispensation des médicaments",
                purposes=(
                    Purpose(
                        name="Délivrance des médicaments sur ordonnance",
                        legal_bases=(
                            LegalBasis(
                                basis=LawfulBasis.LEGAL_OBLIGATION,
                                law="Code de la santé publique",
                                special_condition=Art9Condition.HEALTH_OR_SOCIAL_CARE,
                                condition_law="CSP art. L5125-1",
                            ),
                        ),
                        tags=(PurposeTag.HEALTH_CARE,),
                    ),
                ),
                data_subjects=(DataSubjectCategory(name="Patients", kind=SubjectKind.PATIENTS),),
                data_categories=(
                    DataCategory(name="Ordonnances", kind=DataKind.HEALTH),
                    DataCategory(
                        name="NIR",
                        kind=DataKind.NATIONAL_ID,
                        legal_reference="Décret 2019-341, art. 1",
                        retention=RetentionRule(statement="aussi longtemps que nécessaire"),
                    ),
                ),
                children=ChildrenPolicy(consent_age=15, parental_consent="consentement conjoint"),
                dpia=Dpia(
                    status=DpiaStatus.DONE, reference="AIPD-2023-07", date=dt.date(2023, 7, 1)
                ),
                core_activity=True,
            ),
            ProcessingActivity(
                id="videoprotection",
                name="Vidéoprotection de l’officine",
                purposes=(
                    Purpose(
                        name="Sécurité des biens et des personnes",
                        legal_bases=(LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS),),
                    ),
                ),
                data_categories=(
                    DataCategory(
                        name="Images",
                        kind=DataKind.IMAGES,
                        retention=RetentionRule(
                            duration=Duration.parse("P30D"),
                            start=Event.RECORDING,
                            end_action=EndAction.DELETE,
                        ),
                    ),
                ),
                rights=(
                    DeclaredRight(right=Right.ACCESS),
                    DeclaredRight(right=Right.PORTABILITY),
                    DeclaredRight(right=Right.OBJECTION, how="par courrier à l’officine"),
                ),
            ),
            ProcessingActivity(
                id="tiers-payant",
                name="Tiers payant pour les mutuelles",
                role=Role.PROCESSOR,
                controllers=(
                    Controller(
                        name="Mutuelle Santé Plus",
                        identifiers=(Identifier(scheme="SIREN", value="987654321"),),
                        contact=Contact(email="dpo@msp.example"),
                        country=CountryCode("FR"),
                    ),
                ),
                processing_categories=("Transmission des feuilles de soins", "Relances"),
                data_categories=(
                    DataCategory(
                        name="Feuilles de soins",
                        kind=DataKind.HEALTH,
                        retention=RetentionRule(
                            until=Event.END_OF_SERVICE_CONTRACT,
                            end_action=EndAction.RETURN_TO_CONTROLLER,
                        ),
                    ),
                ),
                rights=(),
            ),
        ),
        rights=(
            DeclaredRight(right=Right.ACCESS),
            DeclaredRight(right=Right.RECTIFICATION),
            DeclaredRight(right=Right.ERASURE),
            DeclaredRight(right=Right.RESTRICTION),
            DeclaredRight(right=Right.PORTABILITY),
            DeclaredRight(right=Right.OBJECTION),
            DeclaredRight(right=Right.OBJECTION_DIRECT_MARKETING, how="lien de désinscription"),
            DeclaredRight(right=Right.WITHDRAW_CONSENT),
            DeclaredRight(right=Right.COMPLAINT),
            DeclaredRight(right=Right.POST_MORTEM_DIRECTIVES),
        ),
        rights_contact="donnees@etoile.example ou par courrier au siège",
        security_measures=(
            SecurityMeasure(
                category=SecurityCategory.BACKUP, description="sauvegarde chiffrée quotidienne"
            ),
        ),
        headcount=42,
        language="fr",
        updated=dt.date(2025, 7, 1),
        notes="Registre de démonstration — « tests »",
    )


def english_register() -> Register:
    """A controller established in Ireland, written in English, with an EU
    representative and no French rights."""
    return Register(
        controller=Controller(
            name="Harbour Analytics Ltd",
            contact=Contact(email="privacy@harbour.example"),
            country=CountryCode("IE"),
        ),
        representative=Representative(
            name="EU Rep GmbH",
            contact=Contact(email="rep@eurep.example"),
            country=CountryCode("DE"),
        ),
        activities=(
            ProcessingActivity(
                id="newsletter",
                name="Newsletter",
                purposes=(
                    Purpose(
                        name="Sending the newsletter",
                        legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),),
                        tags=(PurposeTag.DIRECT_MARKETING,),
                    ),
                ),
                data_categories=(
                    DataCategory(
                        name="E-mail address",
                        kind=DataKind.CONTACT,
                        required=True,
                        retention=RetentionRule(until=Event.CONSENT_WITHDRAWAL),
                    ),
                ),
            ),
        ),
        rights=(
            DeclaredRight(right=Right.ACCESS),
            DeclaredRight(right=Right.WITHDRAW_CONSENT, how="unsubscribe link"),
            DeclaredRight(right=Right.COMPLAINT),
            DeclaredRight(right=Right.POST_MORTEM_DIRECTIVES),
        ),
        language="en",
    )


def processor_register() -> Register:
    """An Art. 30(2) record: every activity as processor."""
    return Register(
        controller=Controller(name="Sous-Traitance Ingénierie SARL", country=CountryCode("FR")),
        dpo=DPO(contact=Contact(email="dpo@sti.example")),
        activities=(
            ProcessingActivity(
                id="hebergement",
                name="Hébergement des dossiers de candidature",
                role=Role.PROCESSOR,
                controllers=(
                    Controller(name="Cabinet Alpha"),
                    Controller(name="Société Bêta"),
                ),
                processing_categories=("Stockage", "Sauvegarde"),
                data_categories=(DataCategory(name="CV", kind=DataKind.PROFESSIONAL_LIFE),),
            ),
        ),
        rights=(DeclaredRight(right=Right.ACCESS), DeclaredRight(right=Right.RECTIFICATION)),
    )
