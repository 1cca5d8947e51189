"""gdprkit.diff: changes between two register versions, in the register's terms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit.changes import Action, Change, ChangeKind, RegisterDiff, diff
from gdprkit.model import (
    DPO,
    ActivityStatus,
    ArchivePhase,
    Contact,
    DataCategory,
    DataKind,
    DataSource,
    DeclaredRight,
    Dpia,
    DpiaStatus,
    Duration,
    Event,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    RecipientKind,
    Register,
    Representative,
    RetentionRule,
    Right,
    Role,
    SourceKind,
    TransferMechanism,
)
from tests.conftest import sample_register


DATA = Path(__file__).parent / "data" / "diff"
AS_OF = dt.date(2026, 1, 15)


def _activity(register: Register) -> ProcessingActivity:
    return register.activities[0]


def _with_activity(register: Register, **changes: object) -> Register:
    activity = attrs.evolve(_activity(register), **changes)
    return attrs.evolve(register, activities=(activity, *register.activities[1:]))


def _kinds(result: RegisterDiff) -> list[ChangeKind]:
    return [c.kind for c in result.changes]


def _actions(change: Change) -> list[Action]:
    return [t.action for t in change.triggers]


def _one(result: RegisterDiff, kind: ChangeKind) -> Change:
    found = [c for c in result.changes if c.kind is kind]
    assert len(found) == 1, result.changes
    return found[0]


# -- the example pair ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_diff() -> RegisterDiff:
    old = gdprkit.load(DATA / "offisante-before.json")
    new = gdprkit.load(DATA / "offisante-after.json")
    return gdprkit.diff(old, new, profiles=("gdpr",), as_of=AS_OF)


def test_the_fixture_pair_reports_each_change_with_its_triggers(fixture_diff: RegisterDiff) -> None:
    assert _kinds(fixture_diff) == [
        ChangeKind.RETENTION_LENGTHENED,
        ChangeKind.RECIPIENT_ADDED,
        ChangeKind.TRANSFER_ADDED,
        ChangeKind.DATA_CATEGORY_ADDED,
    ]
    retention = _one(fixture_diff, ChangeKind.RETENTION_LENGTHENED)
    assert (retention.activity, retention.before, retention.after) == (
        "diffusion-contenus",
        "P6M from collection",
        "P13M from collection",
    )
    assert retention.triggers[0].articles == ("GDPR Art. 13(2)(a)", "GDPR Art. 14(2)(a)")

    transfer = _one(fixture_diff, ChangeKind.TRANSFER_ADDED)
    assert transfer.after == "US under scc-2021"
    assert "GDPR Art. 46(2)(c)" in transfer.articles
    assert _actions(transfer) == [Action.TRANSFER_ASSESSMENT, Action.NOTICE_UPDATE]
    assert transfer.triggers[0].articles == ("GDPR Art. 44", "GDPR Art. 46")

    health = _one(fixture_diff, ChangeKind.DATA_CATEGORY_ADDED)
    assert health.after == "health"
    assert health.articles == ("GDPR Art. 9(1)",)
    assert "special-category data" in health.message
    assert _actions(health) == [Action.DPIA_CHECK]


def test_the_fixture_pair_brings_the_findings_it_adds(fixture_diff: RegisterDiff) -> None:
    assert fixture_diff.validated
    assert fixture_diff.as_of == AS_OF
    added = {f.rule for f in fixture_diff.findings_added}
    assert "GDPR110" in added  # special-category data without an Art. 9(2) condition
    assert fixture_diff.findings_resolved == ()
    reverse = gdprkit.diff(
        gdprkit.load(DATA / "offisante-after.json"),
        gdprkit.load(DATA / "offisante-before.json"),
        profiles=("gdpr",),
        as_of=AS_OF,
    )
    assert reverse.findings_resolved == fixture_diff.findings_added
    assert reverse.findings_added == ()


def test_the_fixture_pair_is_the_example_register_and_three_edits() -> None:
    example = Path(__file__).parents[1] / "examples" / "registers" / "offisante-corrected.json"
    assert gdprkit.load(DATA / "offisante-before.json") == gdprkit.load(example)


# -- nothing changed ------------------------------------------------------------------------


def test_identical_registers_have_no_change() -> None:
    register = sample_register()
    result = diff(register, register, profiles=("gdpr",), as_of=AS_OF)
    assert not result.changed
    assert result.findings_added == result.findings_resolved == ()
    assert result.triggered() == {}


def test_activities_are_matched_by_id_not_position() -> None:
    register = sample_register()
    second = attrs.evolve(_activity(register), id="second", name="Second")
    old = attrs.evolve(register, activities=(_activity(register), second))
    new = attrs.evolve(register, activities=(second, _activity(register)))
    result = diff(old, new, profiles=("gdpr",), as_of=AS_OF)
    assert not result.changed
    assert result.findings_added == result.findings_resolved == ()


# -- activities and purposes ----------------------------------------------------------------


def test_activity_retired_is_not_an_edit() -> None:
    register = sample_register()
    retired = attrs.evolve(
        register,
        activities=(attrs.evolve(_activity(register), status=ActivityStatus.RETIRED),),
    )
    result = diff(register, retired)
    assert _kinds(result) == [ChangeKind.ACTIVITY_RETIRED]
    assert [c.activity for c in result.changes] == ["clients"]
    assert all(_actions(c) == [Action.NOTICE_UPDATE] for c in result.changes)
    # Back to active is an edit of the status, not a retirement.
    assert _kinds(diff(retired, register)) == [ChangeKind.ACTIVITY_EDITED]


def test_activity_added_and_removed() -> None:
    register = sample_register()
    renamed = attrs.evolve(register, activities=(attrs.evolve(_activity(register), id="other"),))
    result = diff(register, renamed)
    assert _kinds(result) == [ChangeKind.ACTIVITY_ADDED, ChangeKind.ACTIVITY_REMOVED]
    assert [c.activity for c in result.changes] == ["other", "clients"]
    assert dict(result.activity_names) == {
        "other": "Gestion des clients",
        "clients": "Gestion des clients",
    }
    assert all(_actions(c) == [Action.NOTICE_UPDATE] for c in result.changes)


def test_a_new_purpose_calls_for_information_before_further_processing() -> None:
    register = sample_register()
    purpose = Purpose(
        name="Études de satisfaction",
        legal_bases=(LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS),),
    )
    new = _with_activity(register, purposes=(*_activity(register).purposes, purpose))
    change = _one(diff(register, new), ChangeKind.PURPOSE_ADDED)
    assert change.element == "Études de satisfaction"
    assert change.articles == ("GDPR Art. 6(1)(f)",)
    assert _actions(change) == [Action.NOTICE_UPDATE, Action.COMPATIBILITY_CHECK]
    assert change.triggers[0].articles == ("GDPR Art. 13(3)", "GDPR Art. 14(4)")
    assert change.triggers[1].articles == ("GDPR Art. 5(1)(b)", "GDPR Art. 6(4)")


def test_a_new_purpose_on_consent_needs_no_compatibility_check() -> None:
    register = sample_register()
    purpose = Purpose(name="Newsletter", legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),))
    new = _with_activity(register, purposes=(*_activity(register).purposes, purpose))
    assert _actions(_one(diff(register, new), ChangeKind.PURPOSE_ADDED)) == [Action.NOTICE_UPDATE]


def test_a_new_purpose_of_an_activity_with_a_dpia_calls_for_its_review() -> None:
    register = _with_activity(sample_register(), dpia=Dpia(status=DpiaStatus.DONE))
    purpose = Purpose(name="Newsletter", legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),))
    new = _with_activity(register, purposes=(*_activity(register).purposes, purpose))
    change = _one(diff(register, new), ChangeKind.PURPOSE_ADDED)
    assert _actions(change) == [Action.NOTICE_UPDATE, Action.DPIA_REVIEW]
    assert change.triggers[1].articles == ("GDPR Art. 35(11)",)


def test_lawful_basis_changed() -> None:
    register = sample_register()
    purpose = attrs.evolve(
        _activity(register).purposes[0],
        legal_bases=(LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS),),
    )
    new = _with_activity(register, purposes=(purpose,))
    change = _one(diff(register, new), ChangeKind.LAWFUL_BASIS_CHANGED)
    assert (change.before, change.after) == ("art6-1-b", "art6-1-f")
    assert change.triggers[0].articles == (
        "GDPR Art. 13(1)(c)",
        "GDPR Art. 14(1)(c)",
        "GDPR Art. 13(1)(d)",
        "GDPR Art. 14(2)(b)",
    )


def test_purpose_removed() -> None:
    register = sample_register()
    change = _one(diff(register, _with_activity(register, purposes=())), ChangeKind.PURPOSE_REMOVED)
    assert change.element == "Commandes et facturation"


def test_other_fields_are_reported_as_edits() -> None:
    register = sample_register()
    new = _with_activity(register, description="Nouvelle description")
    new = attrs.evolve(new, notes="revu")
    result = diff(register, new)
    assert _kinds(result) == [ChangeKind.REGISTER_EDITED, ChangeKind.ACTIVITY_EDITED]
    assert result.changes[0].element == "notes"
    assert result.changes[1].element == "description"
    assert result.changes[1].triggers == ()


# -- data categories ------------------------------------------------------------------------


def _add_category(register: Register, category: DataCategory) -> Register:
    return _with_activity(
        register, data_categories=(*_activity(register).data_categories, category)
    )


@pytest.mark.parametrize(
    ("kind", "words", "article"),
    [
        (DataKind.HEALTH, "special-category data", "GDPR Art. 9(1)"),
        (DataKind.CRIMINAL_OFFENCES, "criminal convictions and offences", "GDPR Art. 10"),
    ],
)
def test_a_new_sensitive_category_says_which(kind: DataKind, words: str, article: str) -> None:
    register = sample_register()
    new = _add_category(register, DataCategory(name="Sensible", kind=kind))
    change = _one(diff(register, new), ChangeKind.DATA_CATEGORY_ADDED)
    assert words in change.message
    assert change.articles == (article,)
    assert change.triggers[0].action is Action.DPIA_CHECK
    assert change.triggers[0].articles == ("GDPR Art. 35(1)", "GDPR Art. 35(3)(b)")


def test_a_new_ordinary_category_from_a_third_party_goes_in_the_notice() -> None:
    register = _with_activity(sample_register(), sources=(DataSource(kind=SourceKind.THIRD_PARTY),))
    new = _add_category(register, DataCategory(name="Adresse", kind=DataKind.CONTACT))
    change = _one(diff(register, new), ChangeKind.DATA_CATEGORY_ADDED)
    assert [t.articles for t in change.triggers] == [("GDPR Art. 14(1)(d)",)]


def test_a_processors_new_category_from_its_controller_asks_no_notice_of_it() -> None:
    # The data the controller communicates are the controller's to tell people of.
    register = _with_activity(
        sample_register(),
        role=Role.PROCESSOR,
        sources=(DataSource(kind=SourceKind.CONTROLLER),),
    )
    new = _add_category(register, DataCategory(name="Adresse", kind=DataKind.CONTACT))
    change = _one(diff(register, new), ChangeKind.DATA_CATEGORY_ADDED)
    assert change.triggers == ()


def test_a_category_that_becomes_special_is_reported() -> None:
    register = sample_register()
    category = attrs.evolve(_activity(register).data_categories[0], kind=DataKind.HEALTH)
    new = _with_activity(register, data_categories=(category,))
    change = _one(diff(register, new), ChangeKind.DATA_CATEGORY_KIND_CHANGED)
    assert (change.before, change.after) == ("identity", "health")
    assert _actions(change) == [Action.DPIA_CHECK]


def test_category_removed() -> None:
    register = sample_register()
    result = diff(register, _with_activity(register, data_categories=()))
    assert _kinds(result) == [ChangeKind.DATA_CATEGORY_REMOVED]


# -- retention ------------------------------------------------------------------------------


def _retention(register: Register, rule: RetentionRule | None) -> Register:
    category = attrs.evolve(_activity(register).data_categories[0], retention=rule)
    return _with_activity(register, data_categories=(category,))


def _retention_diff(old: RetentionRule | None, new: RetentionRule | None) -> RegisterDiff:
    register = sample_register()
    return diff(_retention(register, old), _retention(register, new))


def _rule(duration: str, archive: str | None = None) -> RetentionRule:
    return RetentionRule(
        duration=Duration.parse(duration),
        start=Event.COLLECTION,
        archive=ArchivePhase(duration=Duration.parse(archive)) if archive else None,
    )


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (_rule("P6M"), _rule("P1Y"), ChangeKind.RETENTION_LENGTHENED),
        (_rule("P1Y"), _rule("P6M"), ChangeKind.RETENTION_SHORTENED),
        (_rule("P1Y", "P5Y"), _rule("P1Y", "P10Y"), ChangeKind.RETENTION_LENGTHENED),
        (_rule("P400D"), _rule("P1Y"), ChangeKind.RETENTION_SHORTENED),
        (
            _rule("P1Y"),
            RetentionRule(statement="aussi longtemps que nécessaire"),
            ChangeKind.RETENTION_LENGTHENED,
        ),
    ],
)
def test_retention_compared_soundly(
    old: RetentionRule, new: RetentionRule, kind: ChangeKind
) -> None:
    assert _kinds(_retention_diff(old, new)) == [kind]


def test_an_undecidable_retention_comparison_says_so() -> None:
    change = _one(_retention_diff(_rule("P1M"), _rule("P30D")), ChangeKind.RETENTION_CHANGED)
    assert "cannot tell whether longer or shorter" in change.message
    assert "depends on the start date" in change.message


def test_the_same_length_written_differently_is_neither_longer_nor_shorter() -> None:
    change = _one(_retention_diff(_rule("P1Y"), _rule("P12M")), ChangeKind.RETENTION_CHANGED)
    assert "neither longer nor shorter" in change.message


def test_a_different_start_event_is_not_compared() -> None:
    old = _rule("P3Y")
    new = attrs.evolve(old, start=Event.LAST_CONTACT)
    change = _one(_retention_diff(old, new), ChangeKind.RETENTION_CHANGED)
    assert "different event" in change.message


def test_a_start_event_stated_for_the_same_length_is_said_so() -> None:
    old = attrs.evolve(_rule("P6M"), start=None)
    change = _one(_retention_diff(old, _rule("P6M")), ChangeKind.RETENTION_CHANGED)
    # Not "changed from P6M to P6M from collection (cannot tell whether longer or shorter…)".
    assert change.message == (
        'retention of "Identité et coordonnées": the event its period counts from is now '
        "stated, the length unchanged: P6M from collection"
    )
    assert change.triggers[0].action is Action.NOTICE_UPDATE
    back = _one(_retention_diff(_rule("P6M"), old), ChangeKind.RETENTION_CHANGED)
    assert "is no longer stated, the length unchanged: P6M" in back.message
    # Another length as well: compared as before, undecided.
    other = _one(_retention_diff(old, _rule("P1Y")), ChangeKind.RETENTION_CHANGED)
    assert "cannot tell whether longer or shorter" in other.message


def test_a_retention_stated_for_the_first_time() -> None:
    change = _one(_retention_diff(None, _rule("P3Y")), ChangeKind.RETENTION_CHANGED)
    assert "now stated" in change.message


def test_a_reworded_retention_is_an_edit_not_a_retention_change() -> None:
    old = _rule("P3Y")
    result = _retention_diff(old, attrs.evolve(old, statement="trois ans"))
    assert _kinds(result) == [ChangeKind.ACTIVITY_EDITED]
    assert result.changes[0].element == "data_categories"


def test_an_archive_given_its_legal_ground_is_restated_not_changed() -> None:
    old = _rule("P1Y", "P5Y")
    assert old.archive is not None
    new = attrs.evolve(old, archive=attrs.evolve(old.archive, legal_ground="Code civil art. 2224"))
    change = _one(_retention_diff(old, new), ChangeKind.RETENTION_CHANGED)
    # The period is the same: not "changed from P1Y … to P1Y …", but what was restated.
    assert change.message == (
        'retention of "Identité et coordonnées" restated (the archive\'s legal ground), the period unchanged: '
        "P1Y from collection then archive P5Y"
    )
    assert change.triggers[0].action is Action.NOTICE_UPDATE  # the notice gives the ground
    # An archive of another length is still compared.
    longer = attrs.evolve(new, archive=attrs.evolve(old.archive, duration=Duration.parse("P10Y")))
    assert _kinds(_retention_diff(old, longer)) == [ChangeKind.RETENTION_LENGTHENED]


def test_an_unbounded_retention_is_quoted_where_a_diff_names_it() -> None:
    old = RetentionRule(statement="pendant la durée de validité du cookie.")
    change = _one(_retention_diff(old, _rule("P13M")), ChangeKind.RETENTION_SHORTENED)
    # The register's words in quotation marks: not "from not bounded: … cookie. to P13M …".
    assert change.message == (
        'retention of "Identité et coordonnées" shortened from not bounded '
        "(“pendant la durée de validité du cookie.”) to P13M from collection"
    )


def test_an_unbounded_retention_reworded_is_restated() -> None:
    old = RetentionRule(statement="aussi longtemps que nécessaire")
    new = RetentionRule(statement="le temps nécessaire")
    change = _one(_retention_diff(old, new), ChangeKind.RETENTION_CHANGED)
    assert "restated (its wording)" in change.message


# -- recipients and transfers ---------------------------------------------------------------


def test_transfer_changed_calls_for_a_new_assessment() -> None:
    register = sample_register()
    transfer = attrs.evolve(
        _activity(register).transfers[0], mechanism=TransferMechanism.DEROGATION_CONSENT
    )
    new = _with_activity(register, transfers=(transfer,))
    change = _one(diff(register, new), ChangeKind.TRANSFER_CHANGED)
    assert (change.before, change.after) == ("US under scc-2021", "US under art49-1-a")
    assert change.triggers[0].action is Action.TRANSFER_ASSESSMENT
    assert change.triggers[0].articles == ("GDPR Art. 44", "GDPR Art. 49")


def test_transfer_and_recipient_removed() -> None:
    register = sample_register()
    new = _with_activity(register, transfers=(), recipients=())
    assert _kinds(diff(register, new)) == [
        ChangeKind.RECIPIENT_REMOVED,
        ChangeKind.TRANSFER_REMOVED,
    ]


def test_stating_that_an_activity_has_no_recipients_is_an_edit() -> None:
    unstated = _with_activity(sample_register(), transfers=(), recipients=None)
    none = _with_activity(unstated, recipients=())
    change = _one(diff(unstated, none), ChangeKind.ACTIVITY_EDITED)
    assert change.element == "recipients"


# -- rights and parties ---------------------------------------------------------------------


def test_register_rights_added_and_dropped() -> None:
    register = sample_register()
    new = attrs.evolve(
        register,
        rights=(DeclaredRight(right=Right.ACCESS), DeclaredRight(right=Right.WITHDRAW_CONSENT)),
    )
    result = diff(register, new)
    assert [(c.kind, c.element, c.activity) for c in result.changes] == [
        (ChangeKind.RIGHT_ADDED, "withdraw-consent", None),
        (ChangeKind.RIGHT_REMOVED, "complaint", None),
    ]
    assert result.changes[0].triggers[0].articles == ("GDPR Art. 13(2)(c)", "GDPR Art. 14(2)(d)")


def test_an_activity_with_its_own_rights_is_compared_on_what_applies() -> None:
    register = sample_register()
    own = (*register.rights, DeclaredRight(right=Right.PORTABILITY))
    result = diff(register, _with_activity(register, rights=own))
    assert [(c.kind, c.element, c.activity) for c in result.changes] == [
        (ChangeKind.RIGHT_ADDED, "portability", "clients")
    ]


def test_a_new_dpo_is_communicated_to_the_authority() -> None:
    register = sample_register()
    new = attrs.evolve(register, dpo=DPO(name="Cabinet X", contact=Contact(email="dpo@x.example")))
    change = _one(diff(register, new), ChangeKind.DPO_CHANGED)
    assert "name, contact" in change.message
    assert _actions(change) == [Action.NOTICE_UPDATE, Action.DPO_NOTIFICATION]
    assert change.triggers[1].articles == ("GDPR Art. 37(7)",)


def test_controller_and_representative_changed() -> None:
    register = sample_register()
    new = attrs.evolve(
        register,
        controller=attrs.evolve(register.controller, name="Nouvelle raison sociale"),
        representative=Representative(name="Rep"),
    )
    result = diff(register, new)
    assert _kinds(result) == [ChangeKind.CONTROLLER_CHANGED, ChangeKind.REPRESENTATIVE_CHANGED]
    assert result.changes[1].message == "EU representative added: Rep"
    assert result.triggered() == {
        Action.NOTICE_UPDATE: ("GDPR Art. 13(1)(a)", "GDPR Art. 14(1)(a)")
    }


# -- findings -------------------------------------------------------------------------------


def test_findings_are_matched_by_activity_id_across_reordering() -> None:
    register = sample_register()
    flawed = attrs.evolve(
        _activity(register), id="flawed", name="Flawed", purposes=(Purpose(name="Sans base"),)
    )
    old = attrs.evolve(register, activities=(*register.activities, flawed))
    new = attrs.evolve(register, activities=(flawed, *register.activities))
    result = diff(old, new, profiles="gdpr", as_of=AS_OF)
    assert not result.changed
    assert result.findings_added == result.findings_resolved == ()
    assert result.profiles == ("gdpr",)


def test_without_profiles_nothing_is_validated() -> None:
    register = sample_register()
    result = diff(register, _with_activity(register, purposes=()))
    assert not result.validated
    assert result.as_of is None


def test_an_unknown_profile_is_refused() -> None:
    register = sample_register()
    with pytest.raises(ValueError, match="nope"):
        diff(register, register, profiles=("nope",))


def test_a_new_finding_of_the_same_rule_and_place_is_still_added() -> None:
    register = sample_register()
    fewer = attrs.evolve(register, rights=(DeclaredRight(right=Right.COMPLAINT),))
    old_report = gdprkit.validate(register, as_of=AS_OF)
    new_report = gdprkit.validate(fewer, as_of=AS_OF)
    result = diff(register, fewer, profiles=("gdpr",), as_of=AS_OF)
    assert len(result.findings_added) == len(new_report) - len(old_report) > 0
    assert {f.path for f in result.findings_added} == {"rights"}
    assert result.findings_resolved == ()


def test_post_mortem_directives_cite_french_law() -> None:
    register = sample_register()
    new = attrs.evolve(
        register, rights=(*register.rights, DeclaredRight(right=Right.POST_MORTEM_DIRECTIVES))
    )
    change = _one(diff(register, new), ChangeKind.RIGHT_ADDED)
    assert change.articles == ("LIL art. 85",)
    assert change.triggers[0].articles == ("LIL art. 85",)


def test_dropping_consent_says_the_basis_cannot_be_swapped() -> None:
    register = sample_register()
    on_consent = _with_activity(
        register,
        purposes=(Purpose(name="Offres", legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),)),),
    )
    on_interest = _with_activity(
        register,
        purposes=(
            Purpose(
                name="Offres", legal_bases=(LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS),)
            ),
        ),
    )
    dropped = _one(diff(on_consent, on_interest), ChangeKind.LAWFUL_BASIS_CHANGED)
    assert "EDPB Guidelines 05/2020" in str(dropped.triggers[0].reason)
    added = _one(diff(on_interest, on_consent), ChangeKind.LAWFUL_BASIS_CHANGED)
    assert added.triggers[0].reason is None


def test_a_recipient_of_another_kind_or_country() -> None:
    register = sample_register()
    recipient = attrs.evolve(
        _activity(register).recipients[0], kind=RecipientKind.THIRD_PARTY, country=None
    )
    change = _one(
        diff(register, _with_activity(register, recipients=(recipient,))),
        ChangeKind.RECIPIENT_CHANGED,
    )
    assert (change.before, change.after) == ("processor, in US", "third-party")
    assert change.triggers[0].articles == ("GDPR Art. 13(1)(e)", "GDPR Art. 14(1)(e)")


def test_profiles_are_reported_with_those_they_extend() -> None:
    register = sample_register()
    result = diff(register, register, profiles=("cnil",), as_of=AS_OF)
    assert set(result.profiles) == {"gdpr", "cnil"}


def _described(words: str) -> RetentionRule:
    return RetentionRule(
        duration=Duration.parse("P10Y"), start=Event.OTHER, start_description=words
    )


def test_a_start_described_otherwise_is_another_event() -> None:
    result = _retention_diff(_described("la fin de l’AMM"), _described("la fin du parcours"))
    (change,) = result.changes
    assert change.kind is ChangeKind.RETENTION_CHANGED
    assert change.before == "P10Y from “la fin de l’AMM”"
    assert change.after == "P10Y from “la fin du parcours”"
    assert "counted from or until a different event" in change.message
