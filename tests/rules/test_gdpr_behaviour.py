"""What the gdpr rules decide beyond one failing and one passing register:
severities, scopes, the rights matrix, the DPO and DPIA triggers, dates."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from gdprkit import validate
from gdprkit.model import (
    ArchivePhase,
    Art9Condition,
    AutomatedDecision,
    ChildrenPolicy,
    Contact,
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
    SourceKind,
    SubjectKind,
    SubprocessorAuthorisation,
    Transfer,
    TransferMechanism,
)
from gdprkit.rules import Finding, Report, Severity
from gdprkit.rules._rule import Context
from gdprkit.rules.packs.gdpr.governance import dpia_criteria, dpia_mandatory_reasons
from gdprkit.rules.packs.gdpr.retention import retention_unbounded
from tests.rules.registers import (
    AS_OF,
    P3Y,
    add_activity,
    baseline,
    cctv,
    customers,
    evolve_activity,
    fraud_screening,
    hosting,
    newsletter,
    occupational_health,
    rights,
    with_rights,
)


def _run(register: Register, *select: str, as_of: dt.date | None = None) -> Report:
    return validate(register, select=select, as_of=as_of)


def _paths(report: Report, code: str) -> list[str]:
    return [f.path for f in report.by_rule(code)]


# -- lawfulness ---------------------------------------------------------------


def test_processor_activities_need_no_lawful_basis_or_art30_1_items() -> None:
    register = add_activity(baseline(), hosting(purposes=(Purpose(name="Hosting"),)))
    assert validate(register).findings == ()


def test_a_public_task_basis_names_its_law() -> None:
    register = evolve_activity(
        with_rights(baseline(), Right.OBJECTION),
        purposes=(
            Purpose(
                name="Issuing permits", legal_bases=(LegalBasis(basis=LawfulBasis.PUBLIC_TASK),)
            ),
        ),
    )
    (finding,) = _run(register, "GDPR102").findings
    assert "Art. 6(1)(e)" in finding.message


def test_legitimate_interests_are_fine_for_a_private_body() -> None:
    register = with_rights(add_activity(baseline(), cctv()), Right.OBJECTION)
    assert _run(register, "GDPR105").findings == ()


@pytest.mark.parametrize(
    ("bases", "reported"),
    [
        ((LawfulBasis.VITAL_INTERESTS,), True),
        ((LawfulBasis.LEGITIMATE_INTERESTS,), True),
        ((LawfulBasis.LEGITIMATE_INTERESTS, LawfulBasis.CONTRACT), False),
        ((LawfulBasis.CONSENT,), False),
        ((), False),
    ],
)
def test_significant_automated_decisions_need_an_art22_exception(
    bases: tuple[LawfulBasis, ...], reported: bool
) -> None:
    purpose = Purpose(
        name="Screening",
        legal_bases=tuple(
            LegalBasis(basis=b, legitimate_interest="Fraud", balancing_test="BT-1") for b in bases
        ),
    )
    register = add_activity(baseline(), fraud_screening(purposes=(purpose,)))
    assert bool(_run(register, "GDPR120").findings) is reported


def test_decisions_without_significant_effects_are_not_art22_decisions() -> None:
    decision = AutomatedDecision(description="Product suggestions", significant_effects=False)
    register = add_activity(baseline(), fraud_screening(automated_decisions=(decision,)))
    assert _run(register, "GDPR120", "GDPR121", "GDPR122", "GDPR508").findings == ()


def test_special_data_of_a_processor_activity_ask_for_the_controllers_condition() -> None:
    # The Art. 9(2) condition is the controllers' to establish: a processor's
    # record without it gets a warning, not an error.
    data = DataCategory(name="Patients' files", kind=DataKind.HEALTH)
    register = add_activity(baseline(), hosting(data_categories=(data,)))
    (finding,) = _run(register, "GDPR110").findings
    assert finding.severity is Severity.WARNING
    assert "on behalf of controllers" in finding.message
    assert "Art. 28(3)(a)" in finding.message


def test_one_special_data_finding_per_activity_naming_every_category() -> None:
    categories = tuple(
        DataCategory(name=n, kind=k)
        for n, k in (("Allergies", DataKind.HEALTH), ("Fingerprint", DataKind.BIOMETRIC))
    )
    register = evolve_activity(baseline(), data_categories=categories)
    (finding,) = _run(register, "GDPR110").findings
    assert finding.path == "activities[0].data_categories[0]"
    assert '"Allergies" and "Fingerprint"' in finding.message


# -- rights -------------------------------------------------------------------


def test_a_missing_general_right_is_reported_once_naming_the_activities() -> None:
    users = [newsletter(id=f"letter-{i}", name=f"Letter {i}", rights=None) for i in range(5)]
    register = baseline()
    for activity in users:
        register = add_activity(register, activity)
    (finding,) = _run(register, "GDPR501").findings
    assert finding.path == "rights"
    assert 'activities "Letter 0", "Letter 1", "Letter 2" and 2 more' in finding.message
    assert "which they use" in finding.message


def test_a_missing_right_cites_article_14_where_an_activity_concerned_obtains_data_elsewhere() -> (
    None
):
    letter = newsletter(rights=None)
    register = add_activity(baseline(), letter)
    (finding,) = _run(register, "GDPR501").findings
    assert finding.articles == ("GDPR Art. 7(3)", "GDPR Art. 13(2)(c)")
    rented = attrs.evolve(
        letter, sources=(DataSource(kind=SourceKind.THIRD_PARTY, description="loueur"),)
    )
    (finding,) = _run(add_activity(baseline(), rented), "GDPR501").findings
    assert finding.articles == ("GDPR Art. 7(3)", "GDPR Art. 14(2)(d)")
    assert finding.message.endswith("(Art. 7(3), 14(2)(d)).")
    both = attrs.evolve(rented, sources=(*rented.sources, DataSource(kind=SourceKind.DATA_SUBJECT)))
    (finding,) = _run(add_activity(baseline(), both), "GDPR501").findings
    assert finding.articles == ("GDPR Art. 7(3)", "GDPR Art. 13(2)(c)", "GDPR Art. 14(2)(d)")
    assert finding.message.endswith("(Art. 7(3), 13(2)(c), 14(2)(d)).")


def test_a_general_right_is_fine_when_one_activity_using_it_needs_it() -> None:
    register = with_rights(
        add_activity(baseline(), newsletter(rights=None)),
        Right.WITHDRAW_CONSENT,
        Right.OBJECTION_DIRECT_MARKETING,
    )
    assert _run(register, "GDPR5").findings == ()


def test_a_right_in_an_activitys_own_list_must_apply_to_it() -> None:
    register = evolve_activity(baseline(), rights=(*baseline().rights, *rights(Right.OBJECTION)))
    (finding,) = _run(register, "GDPR507").findings
    assert finding.path == "activities[0].rights[6]"
    assert "public task or legitimate interests" in finding.message


def test_explicit_consent_under_art9_brings_withdrawal() -> None:
    basis = LegalBasis(basis=LawfulBasis.CONTRACT, special_condition=Art9Condition.EXPLICIT_CONSENT)
    register = evolve_activity(
        baseline(), purposes=(Purpose(name="Fitting glasses", legal_bases=(basis,)),)
    )
    assert _paths(_run(register, "GDPR501"), "GDPR501") == ["rights"]
    fixed = with_rights(register, Right.WITHDRAW_CONSENT)
    assert _run(fixed, "GDPR501", "GDPR507").findings == ()


def test_prospection_needs_the_direct_marketing_objection_whatever_the_basis() -> None:
    purpose = Purpose(
        name="Offers to customers",
        legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
        tags=(PurposeTag.PROSPECTION,),
    )
    register = evolve_activity(baseline(), purposes=(purpose,))
    assert _paths(_run(register, "GDPR503"), "GDPR503") == ["rights"]


def _no_erasure(activity: ProcessingActivity) -> ProcessingActivity:
    kept = tuple(d for d in activity.rights or () if d.right is not Right.ERASURE)
    return attrs.evolve(activity, rights=kept)


def test_erasure_is_qualified_not_removed_under_a_legal_obligation() -> None:
    # Art. 17(3)(b) limits erasure only "to the extent" processing is necessary;
    # 17(1)(a) and (d) still apply and Art. 13(2)(b) requires mentioning it.
    register = add_activity(baseline(), _no_erasure(occupational_health()))
    (missing,) = _run(register, "GDPR506").findings
    assert "(erasure)" in missing.message
    # One "Art." per citation, as in every message: "(Art. 14(2)(c), 17)".
    assert "Art. 17(3)(b)" in missing.message
    assert "not that it does not exist" in missing.message
    # The data come from the occupational doctor: Art. 14(2)(c), not 13(2)(b).
    assert missing.articles == ("GDPR Art. 17", "GDPR Art. 14(2)(c)")
    assert "add it (Art. 14(2)(c), 17)" in missing.message
    declared = add_activity(baseline(), occupational_health())
    assert _run(declared, "GDPR506", "GDPR507").findings == ()


def test_a_right_not_applicable_cites_its_own_article() -> None:
    cases = {
        Right.OBJECTION: ("GDPR Art. 21(1)",),
        Right.PORTABILITY: ("GDPR Art. 20",),
        Right.WITHDRAW_CONSENT: ("GDPR Art. 7(3)",),
        Right.OBJECTION_DIRECT_MARKETING: ("GDPR Art. 21(2)",),
    }
    declared = occupational_health(rights=(*(occupational_health().rights or ()), *rights(*cases)))
    report = _run(add_activity(baseline(), declared), "GDPR507")
    assert {f.message.split('"')[3]: f.articles for f in report} == {
        r.value: a for r, a in cases.items()
    }
    # Filtering by article gives the finding of that right only.
    (portability,) = report.citing("GDPR Art. 20")
    assert '"portability"' in portability.message
    assert [f.message.split('"')[3] for f in report.citing("GDPR Art. 21")] == [
        "objection",
        "objection-direct-marketing",
    ]


def test_one_missing_right_in_several_activities_is_one_defect() -> None:
    register = baseline()
    for i in range(3):
        register = add_activity(register, newsletter(id=f"l{i}", name=f"L{i}", rights=()))
    (found,) = _run(register, "GDPR505").findings
    assert (found.path, found.also_at_paths) == (
        "activities[1].rights",
        ("activities[2].rights", "activities[3].rights"),
    )
    assert '"L0", "L1" and "L2"' in found.message


def test_without_a_basis_the_rights_of_no_particular_basis_are_required() -> None:
    # Erasure included: processing without a basis is unlawful (Art. 17(1)(d))
    # and the Art. 17(3)(b) exemption needs a stated legal obligation or task.
    register = Register(
        controller=baseline().controller,
        activities=(evolve_activity(baseline(), purposes=()).activities[0],),
    )
    messages = [f.message for f in _run(register, "GDPR5")]
    for right in ("complaint", "access", "rectification", "restriction", "erasure"):
        assert any(f"({right})" in m for m in messages), right
    for right in ("portability", "objection", "withdraw-consent"):
        assert not any(f"({right})" in m for m in messages), right


def test_rights_of_processor_activities_are_not_checked() -> None:
    register = attrs.evolve(add_activity(baseline(), hosting()), rights=())
    assert _paths(_run(register, "GDPR505"), "GDPR505") == ["rights"]
    processor_only = attrs.evolve(register, activities=(hosting(),))
    assert _run(processor_only, "GDPR5").findings == ()


# -- retention ----------------------------------------------------------------


def test_an_unbounded_retention_without_statement() -> None:
    category = DataCategory(name="Notes", retention=RetentionRule())
    register = evolve_activity(baseline(), data_categories=(category,))
    (finding,) = _run(register, "GDPR402").findings
    assert "neither a duration nor an end event" in finding.message


def test_a_duration_capping_an_end_event_still_needs_its_start() -> None:
    retention = RetentionRule(duration=P3Y, until=Event.END_OF_CONTRACT)
    register = evolve_activity(
        baseline(), data_categories=(DataCategory(name="Contract", retention=retention),)
    )
    assert _paths(_run(register, "GDPR403"), "GDPR403") == [
        "activities[0].data_categories[0].retention"
    ]


def test_a_retention_without_start_says_its_duration_in_words() -> None:
    retention = RetentionRule(duration=Duration(years=1, months=6))
    register = evolve_activity(
        baseline(), data_categories=(DataCategory(name="Logs", retention=retention),)
    )
    (finding,) = _run(register, "GDPR403").findings
    assert " lasts 1 year 6 months but " in finding.message
    assert "P1Y6M" not in finding.message


def test_the_same_retention_without_start_in_two_activities_is_one_finding() -> None:
    # offisante.json: « Les données de connexion au site sont conservées 6 mois. » in two
    # activities, without the event the 6 months count from: one defect, two places.
    said = "Les données de connexion au site sont conservées 6 mois."
    retention = RetentionRule(duration=Duration(months=6), statement=said)
    logs = DataCategory(name="Données de connexion", retention=retention)
    other = DataCategory(name="Journaux", retention=RetentionRule(duration=Duration(months=6)))
    register = evolve_activity(baseline(), data_categories=(logs, other))
    register = add_activity(register, attrs.evolve(newsletter(), data_categories=(logs,)))
    found = _run(register, "GDPR403").findings
    assert [(f.path, f.also_at_paths) for f in found] == [
        (
            "activities[0].data_categories[0].retention",
            ("activities[1].data_categories[0].retention",),
        ),
        ("activities[0].data_categories[1].retention", ()),
    ]
    assert found[0].message.startswith(f'The retention "{said}" lasts 6 months but does not say')
    # Without words of its own, a retention is named by its category and activity.
    assert found[1].message.startswith(
        'The retention of data category "Journaux" of activity "Customer management" lasts'
    )


def _started(start: Event | None, description: str | None = None) -> Register:
    rule = RetentionRule(duration=Duration(years=10), start=start, start_description=description)
    return evolve_activity(
        baseline(), data_categories=(DataCategory(name="Vigilance", retention=rule),)
    )


def test_a_described_start_event_is_a_start() -> None:
    register = _started(Event.OTHER, "l’expiration de l’autorisation de mise sur le marché")
    assert _run(register, "GDPR403").findings == ()


@pytest.mark.parametrize(
    ("start", "description", "words"),
    [
        (Event.OTHER, None, "counts from an event that is not described"),
        (Event.OTHER, "  ", "counts from an event that is not described"),
        (
            None,
            "la fin du parcours de soins",
            'describes its start as "la fin du parcours de soins" without setting start',
        ),
        (
            Event.COLLECTION,
            "la fin du parcours de soins",
            "counts from collection, and also describes its start as",
        ),
    ],
)
def test_a_start_other_needs_its_description_and_only_it(
    start: Event | None, description: str | None, words: str
) -> None:
    (finding,) = _run(_started(start, description), "GDPR403").findings
    assert words in finding.message
    assert finding.path == "activities[0].data_categories[0].retention"


def test_retention_of_processor_activities_is_not_required() -> None:
    data = DataCategory(name="Client's customers")
    register = add_activity(baseline(), hosting(data_categories=(data,)))
    assert _run(register, "GDPR401").findings == ()


_PRESCRIPTION = "dans la limite des différents délais de prescription applicables"


def _archived(archive: ArchivePhase, **changes: object) -> Register:
    retention = RetentionRule(until=Event.END_OF_CONTRACT, archive=archive)
    retention = attrs.evolve(retention, **changes)
    category = DataCategory(name="Factures", retention=retention)
    return evolve_activity(baseline(), data_categories=(category,))


def test_an_archive_of_unstated_length_after_an_end_event() -> None:
    # "kept until the end of the contract, then archived for the applicable
    # limitation periods": the active period is bounded, the archive is not.
    report = _run(_archived(ArchivePhase(legal_ground=_PRESCRIPTION)), "GDPR4")
    assert [(f.rule, f.severity) for f in report] == [("GDPR405", Severity.WARNING)]
    (finding,) = report.findings
    assert finding.path == "activities[0].data_categories[0].retention.archive"
    assert finding.message == (
        f'The archive phase of data category "Factures" of activity "Customer management", '
        f'relying on "{_PRESCRIPTION}", does not say how long it lasts, so the data have no '
        "erasure date: state the period that bounds it, e.g. 5 years (Code civil "
        "art. 2224) or 10 years (Code de commerce L123-22) (Art. 5(1)(e), 30(1)(f))."
    )


def test_an_archive_ground_the_quoted_wording_gives_is_not_quoted_twice() -> None:
    statement = f"Conservées jusqu'à la fin du contrat, puis archivées {_PRESCRIPTION}."
    register = _archived(ArchivePhase(legal_ground=_PRESCRIPTION), statement=statement)
    (finding,) = _run(register, "GDPR405").findings
    assert finding.message.startswith(
        f'The archive phase of the retention "{statement}" does not say how long it lasts'
    )
    assert finding.message.count(_PRESCRIPTION) == 1


def test_an_archive_with_neither_duration_nor_ground() -> None:
    report = _run(_archived(ArchivePhase()), "GDPR4")
    assert [f.rule for f in report] == ["GDPR404", "GDPR405"]
    ground, length = report.findings
    assert ground.message.startswith('The archive phase of data category "Factures" of ')
    assert "None" not in ground.message
    assert "relying on" not in length.message
    stated = _run(_archived(ArchivePhase(duration=P3Y)), "GDPR404").findings[0]
    assert stated.message.startswith('The archive phase (3 years) of data category "Factures"')


def test_an_unbounded_retention_with_an_unstated_archive_gets_both_findings() -> None:
    register = _archived(
        ArchivePhase(legal_ground=_PRESCRIPTION), until=None, statement="tant que nécessaire"
    )
    assert [f.rule for f in _run(register, "GDPR4")] == ["GDPR402", "GDPR405"]


def test_the_archive_of_a_processor_activity_is_the_controllers_instruction() -> None:
    retention = RetentionRule(until=Event.END_OF_SERVICE_CONTRACT, archive=ArchivePhase())
    data = DataCategory(name="Client's customers", retention=retention)
    register = add_activity(baseline(), hosting(data_categories=(data,)))
    assert _run(register, "GDPR405").findings == ()
    as_controller = add_activity(
        baseline(), hosting(role=Role.CONTROLLER, controllers=(), data_categories=(data,))
    )
    assert _paths(_run(as_controller, "GDPR405"), "GDPR405") == [
        "activities[1].data_categories[0].retention.archive"
    ]


# -- governance ---------------------------------------------------------------


def _monitoring(core: bool | None, *criteria: DpiaCriterion) -> Register:
    activity = cctv(
        core_activity=core,
        dpia_criteria=criteria,
        dpia=Dpia(status=DpiaStatus.DONE, reference="DPIA-1"),
    )
    return with_rights(add_activity(baseline(), activity), Right.OBJECTION)


def test_a_dpo_is_required_for_large_scale_monitoring_as_a_core_activity() -> None:
    register = _monitoring(True, DpiaCriterion.LARGE_SCALE, DpiaCriterion.SYSTEMATIC_MONITORING)
    (finding,) = _run(register, "GDPR620").findings
    assert finding.path == ""
    assert finding.severity is Severity.ERROR
    assert "Art. 37(1)(b)" in finding.message


def test_a_dpo_is_required_for_large_scale_criminal_data_as_a_core_activity() -> None:
    activity = cctv(
        core_activity=True,
        dpia_criteria=(DpiaCriterion.LARGE_SCALE,),
        data_categories=(
            DataCategory(
                name="Incident reports",
                kind=DataKind.CRIMINAL_OFFENCES,
                legal_reference="LIL art. 46",
            ),
        ),
    )
    (finding,) = _run(add_activity(baseline(), activity), "GDPR620").findings
    assert "Art. 37(1)(c)" in finding.message


def test_an_activity_that_may_require_a_dpo_must_say_whether_it_is_core() -> None:
    register = _monitoring(None, DpiaCriterion.LARGE_SCALE, DpiaCriterion.SYSTEMATIC_MONITORING)
    (finding,) = _run(register, "GDPR620").findings
    assert finding.severity is Severity.WARNING
    assert finding.path == "activities[1]"
    assert (
        _run(
            _monitoring(False, DpiaCriterion.LARGE_SCALE, DpiaCriterion.SYSTEMATIC_MONITORING),
            "GDPR620",
        ).findings
        == ()
    )
    assert _run(_monitoring(True, DpiaCriterion.SYSTEMATIC_MONITORING), "GDPR620").findings == ()


def test_derived_dpia_criteria() -> None:
    activity = occupational_health(
        purposes=(
            Purpose(
                name="Scoring",
                legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                tags=(PurposeTag.PROFILING,),
            ),
        ),
        automated_decisions=(AutomatedDecision(description="x", significant_effects=True),),
        dpia_criteria=(DpiaCriterion.PUBLIC_AREA_MONITORING,),
    )
    assert {c.value for c in dpia_criteria(activity)} == {
        "wp248-1",
        "wp248-2",
        "wp248-3",
        "wp248-4",
        "wp248-7",
    }
    assert [r[:12] for r in dpia_mandatory_reasons(activity)] == ["Art. 35(3)(a", "Art. 35(3)(c"]


def test_two_criteria_allow_a_reasoned_decision_not_to_do_a_dpia() -> None:
    reasoned = Dpia(status=DpiaStatus.NOT_REQUIRED, reason="Ten employees, annual visit only")
    register = add_activity(baseline(), occupational_health(dpia=reasoned))
    assert _run(register, "GDPR640").findings == ()
    bare = add_activity(baseline(), occupational_health(dpia=None))
    (finding,) = _run(bare, "GDPR640").findings
    assert "wp248-4 sensitive data, wp248-7 vulnerable data subjects" in finding.message


def test_art35_3_cases_cannot_be_reasoned_away() -> None:
    reasoned = Dpia(status=DpiaStatus.NOT_REQUIRED, reason="We think it is fine")
    activity = occupational_health(dpia=reasoned, dpia_criteria=(DpiaCriterion.LARGE_SCALE,))
    (finding,) = _run(add_activity(baseline(), activity), "GDPR640").findings
    assert "Art. 35(3)(b)" in finding.message
    assert finding.path == "activities[1].dpia"


def test_one_criterion_needs_no_dpia() -> None:
    activity = occupational_health(
        dpia=None,
        data_categories=(
            DataCategory(
                name="Shifts",
                retention=RetentionRule(duration=P3Y, start=Event.DEPARTURE),
            ),
        ),
        purposes=(
            Purpose(
                name="Planning shifts",
                legal_bases=(
                    LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION, law="Code du travail L3171-2"),
                ),
            ),
        ),
    )
    assert _run(add_activity(baseline(), activity), "GDPR640").findings == ()


@pytest.mark.parametrize(
    ("day", "warned"), [(dt.date(2022, 6, 1), True), (dt.date(2023, 1, 26), False)]
)
def test_the_national_consent_age_is_taken_at_the_validation_date(
    day: dt.date, warned: bool
) -> None:
    # Slovenia: 16 by default until ZVOP-2 set 15 from 2023-01-26.
    register = add_activity(
        baseline(),
        newsletter(
            children=ChildrenPolicy(consent_age=15, parental_consent="Parent confirms by e-mail")
        ),
    )
    slovenian = attrs.evolve(
        register, controller=attrs.evolve(register.controller, country=CountryCode("SI"))
    )
    found = _run(slovenian, "GDPR604", as_of=day).findings
    assert bool(found) is warned
    if warned:
        assert "in SI (16)" in found[0].message


def test_no_national_age_check_outside_the_eea() -> None:
    register = add_activity(
        baseline(), newsletter(children=ChildrenPolicy(consent_age=13, parental_consent="x"))
    )
    swiss = attrs.evolve(
        register, controller=attrs.evolve(register.controller, country=CountryCode("CH"))
    )
    assert _run(swiss, "GDPR604").findings == ()


def test_a_consent_age_above_16_is_stricter_not_unlawful() -> None:
    register = add_activity(
        baseline(), newsletter(children=ChildrenPolicy(consent_age=18, parental_consent="x"))
    )
    assert _run(register, "GDPR603", "GDPR604").findings == ()


def test_a_consent_age_below_13_is_an_error() -> None:
    register = add_activity(
        baseline(), newsletter(children=ChildrenPolicy(consent_age=12, parental_consent="x"))
    )
    (finding,) = _run(register, "GDPR603").findings
    assert finding.severity is Severity.ERROR
    assert "below the lowest age Art. 8(1) allows (13)" in finding.message


def test_a_sub_processor_without_contract_cites_art_28_4_and_leaves_the_authorisation() -> None:
    register = add_activity(
        baseline(),
        hosting(recipients=(Recipient(name="Backup Co", kind=RecipientKind.PROCESSOR),)),
    )
    (finding,) = _run(register, "GDPR610").findings
    assert finding.articles == ("GDPR Art. 28(4)",)
    assert finding.message.startswith('Sub-processor "Backup Co"')
    # The authorisation is GDPR612's: the two findings say different things.
    assert "authorisation" not in finding.message
    (authorisation,) = _run(register, "GDPR612").findings
    assert authorisation.articles == ("GDPR Art. 28(2)",)
    assert authorisation.path == "activities[1]"
    assert authorisation.severity is Severity.WARNING


@pytest.mark.parametrize("given", list(SubprocessorAuthorisation))
def test_a_stated_sub_processor_authorisation_satisfies_gdpr612(
    given: SubprocessorAuthorisation,
) -> None:
    sub = Recipient(name="Backup Co", kind=RecipientKind.PROCESSOR, contract_reference="S-1")
    register = add_activity(
        baseline(), hosting(recipients=(sub,), subprocessor_authorisation=given)
    )
    assert _run(register, "GDPR612", "GDPR610").findings == ()


def test_gdpr612_only_for_processor_records_with_sub_processors() -> None:
    internal = Recipient(name="Support team", kind=RecipientKind.INTERNAL)
    mailer = Recipient(name="Mailer", kind=RecipientKind.PROCESSOR, contract_reference="D-1")
    register = add_activity(
        evolve_activity(baseline(), recipients=(mailer,)), hosting(recipients=(internal,))
    )
    assert _run(register, "GDPR612").findings == ()


def test_records_for_the_same_controller_without_authorisation_are_one_finding() -> None:
    sub = Recipient(name="Backup Co", kind=RecipientKind.PROCESSOR, contract_reference="S-1")
    first = hosting(recipients=(sub,))
    second = attrs.evolve(first, id="support-for-clients", name="Support for clients")
    register = add_activity(add_activity(baseline(), first), second)
    (finding,) = _run(register, "GDPR612").findings
    assert finding.path == "activities[1]"
    assert finding.also_at_paths == ("activities[2]",)
    assert '"Client SARL" authorised them' in finding.message


def test_the_same_processor_without_contract_in_two_activities_is_one_finding() -> None:
    mailer = Recipient(name="Mailer", kind=RecipientKind.PROCESSOR)
    first = attrs.evolve(baseline().activities[0], recipients=(mailer,))
    second = attrs.evolve(first, id="second", name="Second activity")
    register = attrs.evolve(baseline(), activities=(first, second))
    (finding,) = _run(register, "GDPR610").findings
    assert finding.also_at_paths == ("activities[1].recipients[0]",)


def test_a_processor_without_contract_cites_art_28_3() -> None:
    register = evolve_activity(
        baseline(), recipients=(Recipient(name="Mailer", kind=RecipientKind.PROCESSOR),)
    )
    (finding,) = _run(register, "GDPR610").findings
    assert finding.articles == ("GDPR Art. 28(3)",)


def test_children_policies_matter_only_for_consent() -> None:
    register = evolve_activity(
        baseline(),
        data_subjects=(DataSubjectCategory(name="Pupils", kind=SubjectKind.CHILDREN),),
        children=ChildrenPolicy(),
    )
    assert _run(register, "GDPR601", "GDPR602", "GDPR605").findings == ()


def test_a_public_authority_needs_no_representative() -> None:
    register = attrs.evolve(
        baseline(),
        public_authority=True,
        controller=attrs.evolve(baseline().controller, country=CountryCode("US")),
    )
    assert _run(register, "GDPR621").findings == ()


@pytest.mark.parametrize(
    ("kind", "reported"),
    [
        (SourceKind.OBSERVED, False),
        (SourceKind.PUBLIC, True),
        (SourceKind.CONTROLLER, True),
        (SourceKind.DATA_SUBJECT, False),
    ],
)
def test_which_sources_must_be_named(kind: SourceKind, reported: bool) -> None:
    register = evolve_activity(baseline(), sources=(DataSource(kind=kind),))
    assert bool(_run(register, "GDPR630").findings) is reported


def test_a_declared_transfer_without_destination_still_needs_a_mechanism() -> None:
    transfer = Transfer(recipient="Unnamed host")
    register = evolve_activity(baseline(), transfers=(transfer,))
    report = _run(register, "GDPR301", "GDPR312")
    assert sorted((f.rule, f.path) for f in report) == [
        ("GDPR301", "activities[0].transfers[0]"),
        ("GDPR312", "activities[0].transfers[0]"),
    ]
    named = evolve_activity(
        baseline(),
        transfers=(Transfer(recipient="Unnamed host", mechanism=TransferMechanism.SCC_2021),),
    )
    assert _run(named, "GDPR301").findings == ()


def test_an_eea_transfer_needs_no_mechanism() -> None:
    transfer = Transfer(recipient="Host", country=CountryCode("DE"))
    register = evolve_activity(baseline(), transfers=(transfer,))
    assert _run(register, "GDPR301").findings == ()


def test_retention_of_a_processor_activity_is_the_controllers_instruction() -> None:
    # Art. 30(2) has no retention item: neither an unstated nor an unbounded
    # retention is reported in a processor's record.
    vague = DataCategory(
        name="Client records",
        kind=DataKind.IDENTITY,
        retention=RetentionRule(statement="as needed"),
    )
    register = add_activity(baseline(), hosting(data_categories=(vague,)))
    assert _run(register, "GDPR401", "GDPR402").findings == ()
    as_controller = add_activity(
        baseline(), hosting(role=Role.CONTROLLER, controllers=(), data_categories=(vague,))
    )
    assert [f.rule for f in _run(as_controller, "GDPR402")] == ["GDPR402"]


def test_no_retention_and_an_open_ended_one_are_both_errors() -> None:
    missing = evolve_activity(baseline(), data_categories=(DataCategory(name="Contacts"),))
    vague = evolve_activity(
        baseline(),
        data_categories=(
            DataCategory(name="Contacts", retention=RetentionRule(statement="tant que nécessaire")),
        ),
    )
    (none,) = _run(missing, "GDPR401").findings
    (open_ended,) = _run(vague, "GDPR402").findings
    assert none.severity is open_ended.severity is Severity.ERROR
    assert "years" not in none.message  # no period suggested that may not fit the data


def test_the_same_open_ended_sentence_is_one_defect() -> None:
    sentence = "aussi longtemps que nécessaire"
    categories = tuple(
        DataCategory(name=name, retention=RetentionRule(statement=sentence))
        for name in ("Identité", "Commandes", "Navigation")
    )
    register = evolve_activity(baseline(), data_categories=categories)
    context = Context(as_of=AS_OF, register=register, activity=register.activities[0])
    keys = {v.defect for c in categories for v in retention_unbounded(c, context)}
    assert keys == {sentence}
    (finding,) = _run(register, "GDPR402").findings
    assert finding.path == "activities[0].data_categories[0].retention"
    assert finding.also_at_paths == (
        "activities[0].data_categories[1].retention",
        "activities[0].data_categories[2].retention",
    )
    assert finding.message.startswith(f'The retention "{sentence}" sets no limit')


def test_a_retention_set_by_law_without_figure_is_a_warning_not_an_open_ended_one() -> None:
    retention = RetentionRule(
        statement="pendant la durée de la garantie légale",
        legal_reference="Code de la consommation L217-3",
    )
    register = evolve_activity(
        baseline(), data_categories=(DataCategory(name="Achats", retention=retention),)
    )
    report = _run(register, "GDPR4")
    assert [(f.rule, f.severity) for f in report] == [("GDPR406", Severity.WARNING)]
    assert retention.set_by_law
    assert retention.status(AS_OF).value == "unknown"


def test_a_missing_dpo_cites_the_point_of_art_37_1_that_applies() -> None:
    public = attrs.evolve(baseline(), public_authority=True, dpo=None)
    (finding,) = _run(public, "GDPR620").findings
    assert finding.articles == ("GDPR Art. 37(1)(a)", "GDPR Art. 37(7)")
    monitoring = evolve_activity(
        baseline(),
        core_activity=None,
        dpia_criteria=(DpiaCriterion.LARGE_SCALE, DpiaCriterion.SYSTEMATIC_MONITORING),
    )
    (unsure,) = _run(monitoring, "GDPR620").findings
    assert unsure.severity is Severity.WARNING
    assert unsure.articles == ("GDPR Art. 37(1)(b)",)


# -- severity and citation policy, one defect, new checks -------------------------------


def test_consent_documentation_is_one_finding_citing_the_paragraph_of_each_missing_item() -> None:
    def found_for(basis: LegalBasis) -> tuple[Finding, ...]:
        register = evolve_activity(
            add_activity(baseline(), newsletter()),
            1,
            purposes=(Purpose(name="Sending the newsletter", legal_bases=(basis,)),),
        )
        return _run(register, "GDPR106").findings

    (both,) = found_for(LegalBasis(basis=LawfulBasis.CONSENT))
    assert both.articles == ("GDPR Art. 7(1)", "GDPR Art. 7(3)")
    assert "neither how consent is collected (consent_method) nor how it is withdrawn" in (
        both.message
    )
    (collected,) = found_for(
        LegalBasis(basis=LawfulBasis.CONSENT, withdrawal_method="Link in every e-mail")
    )
    assert collected.articles == ("GDPR Art. 7(1)",)
    assert "(consent_method)" in collected.message
    assert "withdrawal_method" not in collected.message
    (withdrawn,) = found_for(LegalBasis(basis=LawfulBasis.CONSENT, consent_method="Unticked box"))
    assert withdrawn.articles == ("GDPR Art. 7(3)",)
    assert "(withdrawal_method)" in withdrawn.message
    assert "consent_method" not in withdrawn.message
    documented = LegalBasis(
        basis=LawfulBasis.CONSENT, consent_method="Unticked box", withdrawal_method="Link"
    )
    assert found_for(documented) == ()


def test_a_legitimate_interest_obtained_from_third_parties_cites_art14() -> None:
    basis = LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS, balancing_test="BT-1")
    activity = cctv(
        purposes=(Purpose(name="Checking references", legal_bases=(basis,)),),
        sources=(DataSource(kind=SourceKind.THIRD_PARTY, description="Former employers"),),
    )
    (finding,) = _run(add_activity(baseline(), activity), "GDPR103").findings
    assert finding.articles == ("GDPR Art. 6(1)(f)", "GDPR Art. 14(2)(b)")
    assert finding.severity is Severity.WARNING
    processor = attrs.evolve(activity, role=Role.PROCESSOR)
    (finding,) = _run(add_activity(baseline(), processor), "GDPR103").findings
    assert finding.articles == ("GDPR Art. 6(1)(f)", "GDPR Art. 5(2)")


def test_the_same_basis_repeated_is_one_defect_naming_every_purpose() -> None:
    same = LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION, note="« nos obligations légales »")
    other = LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION, note="« obligations fiscales »")
    purposes = (
        Purpose(name="Keeping invoices", legal_bases=(same,)),
        Purpose(name="Answering the tax office", legal_bases=(other,)),
        Purpose(name="Keeping delivery notes", legal_bases=(same,)),
        Purpose(name="Keeping ledgers", legal_bases=(attrs.evolve(same, law="C. com. L123-22"),)),
    )
    register = evolve_activity(baseline(), purposes=purposes)
    found = _run(register, "GDPR102").findings
    assert [(f.path, f.also_at_paths) for f in found] == [
        (
            "activities[0].purposes[0].legal_bases[0]",
            ("activities[0].purposes[2].legal_bases[0]",),
        ),
        ("activities[0].purposes[1].legal_bases[0]", ()),
    ]
    assert '"Keeping invoices" and "Keeping delivery notes" of' in found[0].message
    assert "the same legal obligation" in found[0].message
    assert found[1].message.startswith('Purpose "Answering the tax office"')


def test_one_interest_without_a_balancing_test_is_one_defect() -> None:
    untested = LegalBasis(
        basis=LawfulBasis.LEGITIMATE_INTERESTS, legitimate_interest="Defending our rights"
    )
    purposes = tuple(Purpose(name=f"Litigation {i}", legal_bases=(untested,)) for i in range(3))
    register = add_activity(baseline(), cctv(purposes=purposes))
    (found,) = _run(register, "GDPR104").findings
    assert len(found.places) == 3
    assert '"Litigation 0", "Litigation 1" and "Litigation 2"' in found.message


def test_a_register_without_security_measures_is_one_defect() -> None:
    register = attrs.evolve(add_activity(baseline(), newsletter()), security_measures=())
    (found,) = _run(register, "GDPR209").findings
    assert (found.path, found.also_at_paths) == ("activities[0]", ("activities[1]",))
    assert '"Customer management" and "Newsletter"' in found.message


@pytest.mark.parametrize(
    ("kinds", "reported"),
    [
        (
            (LawfulBasis.CONSENT, LawfulBasis.LEGAL_OBLIGATION),
            ("GDPR Art. 6(1)(a)", "GDPR Art. 7(3)"),
        ),
        ((LawfulBasis.CONSENT, LawfulBasis.CONTRACT), ("GDPR Art. 6(1)(a)", "GDPR Art. 7(3)")),
        (
            (LawfulBasis.CONTRACT, LawfulBasis.LEGITIMATE_INTERESTS),
            ("GDPR Art. 6(1)(b)", "GDPR Art. 6(1)(f)"),
        ),
        ((LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.LEGITIMATE_INTERESTS), None),
        ((LawfulBasis.CONTRACT,), None),
    ],
)
def test_stacked_bases(kinds: tuple[LawfulBasis, ...], reported: tuple[str, ...] | None) -> None:
    bases = tuple(LegalBasis(basis=k) for k in kinds)
    register = evolve_activity(baseline(), purposes=(Purpose(name="Orders", legal_bases=bases),))
    found = _run(register, "GDPR107").findings
    assert [f.articles for f in found] == ([] if reported is None else [reported])


def test_vital_interests_fit_purposes_about_life_or_health() -> None:
    vital = LegalBasis(basis=LawfulBasis.VITAL_INTERESTS)
    marketing = evolve_activity(
        baseline(), purposes=(Purpose(name="Offers", legal_bases=(vital,)),)
    )
    assert _paths(_run(marketing, "GDPR108"), "GDPR108") == [
        "activities[0].purposes[0].legal_bases[0]"
    ]
    care = Purpose(name="First aid", legal_bases=(vital,), tags=(PurposeTag.HEALTH_CARE,))
    assert _run(evolve_activity(baseline(), purposes=(care,)), "GDPR108").findings == ()
    health = occupational_health(purposes=(Purpose(name="Emergencies", legal_bases=(vital,)),))
    assert _run(add_activity(baseline(), health), "GDPR108").findings == ()


def test_a_processor_record_with_its_own_bases_needs_a_controller_record() -> None:
    own = Purpose(name="Improving our offer", legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),))
    register = add_activity(baseline(), hosting(purposes=(own,)))
    assert _paths(_run(register, "GDPR215"), "GDPR215") == ["activities[1].purposes[0]"]
    recorded = add_activity(register, newsletter(purposes=(own,)))
    assert _run(recorded, "GDPR215").findings == ()


def test_the_legal_entity_is_identified_by_its_form_or_its_number() -> None:
    from gdprkit.reference import names_legal_form

    for name in ("Atelier SAS", "Foo GmbH", "Bar S.p.A.", "Société anonyme X", "Acme Inc."):
        assert names_legal_form(name), name
    for name in ("Mypharm", "Cooptalis Group", "Sassy Shop"):
        assert not names_legal_form(name), name


def test_required_data_say_what_follows_if_not_provided() -> None:
    activity = customers()
    first = attrs.evolve(activity.data_categories[0], if_not_provided=None)
    register = evolve_activity(baseline(), data_categories=(first, *activity.data_categories[1:]))
    (finding,) = _run(register, "GDPR509").findings
    assert finding.path == "activities[0].data_categories[0]"
    assert "(if_not_provided)" in finding.message
    observed = evolve_activity(register, sources=(DataSource(kind=SourceKind.OBSERVED),))
    assert _run(observed, "GDPR509").findings == ()


def test_a_processors_record_cites_art30_2() -> None:
    register = attrs.evolve(
        baseline(),
        activities=(hosting(),),
        controller=attrs.evolve(baseline().controller, contact=Contact()),
        security_measures=(),
    )
    (identity,) = _run(register, "GDPR201").findings
    assert identity.articles == ("GDPR Art. 30(2)(a)",)
    assert identity.message.endswith("(Art. 30(2)(a)).")
    (measures,) = _run(register, "GDPR209").findings
    assert measures.articles == ("GDPR Art. 30(2)(d)", "GDPR Art. 32(1)")


def test_a_brand_name_cites_the_notice_only_where_a_controller_owes_one() -> None:
    brand = attrs.evolve(baseline().controller, name="Sassy Shop", identifiers=())
    processor_only = attrs.evolve(baseline(), activities=(hosting(),), controller=brand)
    (finding,) = _run(processor_only, "GDPR214").findings
    assert finding.articles == ("GDPR Art. 30(2)(a)",)
    assert "the record identifies the legal entity" in finding.message
    assert "notice" not in finding.message
    assert "13(1)" not in finding.message
    both = add_activity(attrs.evolve(baseline(), controller=brand), hosting())
    (finding,) = _run(both, "GDPR214").findings
    assert finding.articles == (
        "GDPR Art. 30(1)(a)",
        "GDPR Art. 30(2)(a)",
        "GDPR Art. 13(1)(a)",
    )
    assert "the record and the notice identify" in finding.message


def test_a_missing_interest_is_not_repeated_as_a_missing_balancing_test() -> None:
    # GDPR103 supersedes GDPR104: without the interest there is nothing to weigh.
    bare = LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS)
    register = add_activity(
        baseline(), cctv(purposes=(Purpose(name="Filming", legal_bases=(bare,)),))
    )
    report = _run(register, "GDPR103", "GDPR104")
    assert [f.rule for f in report] == ["GDPR103"]


# -- recipients: none versus not stated ---------------------------------------


def test_an_activity_stating_it_has_no_recipients_answers_art30_1_d() -> None:
    register = evolve_activity(baseline(), recipients=())
    assert _paths(_run(register, "GDPR208"), "GDPR208") == []
    unstated = evolve_activity(baseline(), recipients=None)
    (finding,) = _run(unstated, "GDPR208").findings
    assert finding.path == "activities[0]"
    assert "empty list" in finding.message
