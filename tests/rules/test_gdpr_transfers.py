"""Transfers are judged at the validation date: adequacy decisions, invalidated
mechanisms and EEA membership all change over time."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from gdprkit import validate
from gdprkit.model import (
    CountryCode,
    Recipient,
    RecipientKind,
    Register,
    Role,
    Transfer,
    TransferMechanism,
)
from gdprkit.rules import Report, Severity
from gdprkit.rules._rule import Context
from gdprkit.rules.packs.gdpr.transfers import recipient_country_unknown
from tests.rules.registers import (
    add_activity,
    baseline,
    hosting,
    support_transfer,
    with_support,
)


def _check(transfer: Transfer, as_of: dt.date, *, country: str | None = None) -> Report:
    recipient = {} if country is None else {"country": CountryCode(country)}
    register = with_support(baseline(), transfer, **recipient)
    return validate(register, as_of=as_of, select=("GDPR3",))


def _codes(report: Report) -> list[str]:
    return [f.rule for f in report]


def _privacy_shield() -> Transfer:
    return support_transfer(
        mechanism=TransferMechanism.PRIVACY_SHIELD, tia_reference=None, since=dt.date(2017, 1, 1)
    )


@pytest.mark.parametrize("day", [dt.date(2019, 1, 1), dt.date(2020, 7, 15)])
def test_privacy_shield_is_fine_before_its_invalidation(day: dt.date) -> None:
    assert _check(_privacy_shield(), day).findings == ()


@pytest.mark.parametrize("day", [dt.date(2020, 7, 16), dt.date(2021, 1, 1)])
def test_privacy_shield_is_an_error_from_its_invalidation(day: dt.date) -> None:
    (finding,) = _check(_privacy_shield(), day).by_rule("GDPR304")
    assert finding.severity is Severity.ERROR
    assert "since 2020-07-16" in finding.message
    assert "Privacy Shield" in finding.message


@pytest.mark.parametrize(
    ("day", "invalid"), [(dt.date(2015, 10, 5), False), (dt.date(2015, 10, 6), True)]
)
def test_safe_harbour_ended_on_2015_10_06(day: dt.date, invalid: bool) -> None:
    transfer = support_transfer(
        mechanism=TransferMechanism.SAFE_HARBOR, tia_reference=None, since=dt.date(2010, 1, 1)
    )
    assert bool(_check(transfer, day).by_rule("GDPR304")) is invalid


def test_safe_harbour_never_covered_other_countries() -> None:
    transfer = support_transfer(
        mechanism=TransferMechanism.SAFE_HARBOR, country=CountryCode("CA"), tia_reference=None
    )
    (finding,) = _check(transfer, dt.date(2012, 1, 1), country="CA").by_rule("GDPR304")
    assert "covered only US" in finding.message


def _us_adequacy() -> Transfer:
    return support_transfer(
        mechanism=TransferMechanism.ADEQUACY, tia_reference=None, in_adequacy_scope=True
    )


def test_no_us_adequacy_decision_was_in_force_in_2023() -> None:
    (finding,) = _check(_us_adequacy(), dt.date(2023, 1, 1)).by_rule("GDPR302")
    assert "none is in force for US on 2023-01-01" in finding.message
    assert "2016/1250 no longer applies since 2020-07-16" in finding.message


@pytest.mark.parametrize("day", [dt.date(2019, 1, 1), dt.date(2023, 7, 10), dt.date(2024, 1, 1)])
def test_us_adequacy_is_in_force_under_privacy_shield_and_then_the_dpf(day: dt.date) -> None:
    assert _check(_us_adequacy(), day).findings == ()


@pytest.mark.parametrize(
    ("mechanism", "last_valid"),
    [
        (TransferMechanism.SCC_2001, dt.date(2022, 12, 27)),
        (TransferMechanism.SCC_2004, dt.date(2022, 12, 27)),
        (TransferMechanism.SCC_2010, dt.date(2022, 12, 27)),
    ],
)
def test_old_sccs_are_fine_until_2022_12_27(
    mechanism: TransferMechanism, last_valid: dt.date
) -> None:
    transfer = support_transfer(mechanism=mechanism, since=dt.date(2019, 5, 1))
    assert _check(transfer, last_valid).findings == ()
    (finding,) = _check(transfer, last_valid + dt.timedelta(days=1)).by_rule("GDPR304")
    assert "since 2022-12-28" in finding.message


def test_no_new_contract_on_old_sccs_from_2021_09_27() -> None:
    transfer = support_transfer(mechanism=TransferMechanism.SCC_2010, since=dt.date(2021, 10, 1))
    (finding,) = _check(transfer, dt.date(2022, 6, 1)).by_rule("GDPR304")
    assert "started on 2021-10-01" in finding.message


def test_the_2021_sccs_apply_from_2021_06_27() -> None:
    early = _check(support_transfer(since=None), dt.date(2021, 6, 26)).by_rule("GDPR304")
    assert "applies only from 2021-06-27" in early[0].message
    assert _check(support_transfer(since=None), dt.date(2021, 6, 27)).findings == ()


@pytest.mark.parametrize("country", ["US", "CA", "JP", "KR", "BR", "IL"])
def test_partial_adequacy_needs_the_importer_in_scope(country: str) -> None:
    transfer = support_transfer(
        mechanism=TransferMechanism.ADEQUACY, country=CountryCode(country), tia_reference=None
    )
    (unsure,) = _check(transfer, dt.date(2026, 11, 22), country=country).by_rule("GDPR303")
    assert unsure.severity is Severity.WARNING
    outside = attrs.evolve(transfer, in_adequacy_scope=False)
    (error,) = _check(outside, dt.date(2026, 11, 22), country=country).by_rule("GDPR303")
    assert error.severity is Severity.ERROR
    assert "outside its scope" in error.message
    inside = attrs.evolve(transfer, in_adequacy_scope=True)
    assert _check(inside, dt.date(2026, 11, 22), country=country).findings == ()


@pytest.mark.parametrize("country", ["CH", "GB", "NZ", "UY", "AR", "AD", "FO", "GG", "IM", "JE"])
def test_full_adequacy_needs_no_scope_statement(country: str) -> None:
    transfer = support_transfer(
        mechanism=TransferMechanism.ADEQUACY, country=CountryCode(country), tia_reference=None
    )
    assert _check(transfer, dt.date(2026, 11, 22), country=country).findings == ()


def test_brazil_adequacy_applies_from_its_adoption() -> None:
    transfer = support_transfer(
        mechanism=TransferMechanism.ADEQUACY,
        country=CountryCode("BR"),
        tia_reference=None,
        in_adequacy_scope=True,
    )
    assert _check(transfer, dt.date(2026, 1, 25), country="BR").by_rule("GDPR302")
    assert _check(transfer, dt.date(2026, 1, 26), country="BR").findings == ()


def test_adequacy_for_an_international_organisation() -> None:
    def to(organisation: str) -> Transfer:
        return support_transfer(
            country=None,
            organisation=organisation,
            mechanism=TransferMechanism.ADEQUACY,
            tia_reference=None,
        )

    assert _check(to("EPORG"), dt.date(2026, 11, 22)).by_rule("GDPR302") == ()
    assert _check(to("EPORG"), dt.date(2025, 7, 14)).by_rule("GDPR302")
    assert _check(to("UNICEF"), dt.date(2026, 11, 22)).by_rule("GDPR302")


def test_the_united_kingdom_left_the_eea_after_2020() -> None:
    transfer = support_transfer(country=CountryCode("GB"), mechanism=None, tia_reference=None)
    before = _check(transfer, dt.date(2020, 12, 31), country="GB")
    assert _codes(before) == ["GDPR308"]
    assert before.findings[0].severity is Severity.INFO
    after = _check(transfer, dt.date(2021, 1, 1), country="GB")
    assert _codes(after) == ["GDPR301"]


@pytest.mark.parametrize(
    ("country", "in_eea"),
    [("RE", True), ("EL", True), ("NO", True), ("FO", False), ("GL", False), ("CH", False)],
)
def test_what_counts_as_the_eea(country: str, in_eea: bool) -> None:
    register = with_support(
        baseline(),
        support_transfer(country=CountryCode(country), mechanism=None),
        country=CountryCode(country),
    )
    codes = _codes(validate(register, as_of=dt.date(2026, 11, 22), select=("GDPR3",)))
    assert codes == (["GDPR308"] if in_eea else ["GDPR301"])


def test_a_recipient_abroad_needs_a_transfer_but_one_in_the_eea_does_not() -> None:
    register = with_support(baseline(), country=CountryCode("IS"))
    no_transfer = attrs.evolve(register.activities[0], transfers=())
    report = validate(attrs.evolve(register, activities=(no_transfer,)), select=("GDPR309",))
    assert report.findings == ()


def test_derogations_without_occasional_are_warned_differently() -> None:
    transfer = support_transfer(mechanism=TransferMechanism.DEROGATION_CONSENT, tia_reference=None)
    (finding,) = _check(transfer, dt.date(2026, 11, 22)).by_rule("GDPR305")
    assert "without saying that the transfer is occasional" in finding.message
    assert "GDPR Art. 49(1)(a)" in finding.message


def test_processor_activities_transfers_are_checked_too() -> None:
    register = add_activity(
        baseline(),
        hosting(transfers=(Transfer(recipient="Backup site", country=CountryCode("SG")),)),
    )
    assert register.activities[1].role is Role.PROCESSOR
    found = validate(register, select=("GDPR301",)).by_rule("GDPR301")
    assert [f.path for f in found] == ["activities[1].transfers[0]"]


def test_each_transfer_gets_its_own_finding() -> None:
    transfers = tuple(
        support_transfer(recipient=f"Importer {i}", tia_reference=None) for i in range(3)
    )
    register = Register(
        controller=baseline().controller,
        activities=(attrs.evolve(baseline().activities[0], transfers=transfers),),
    )
    report = validate(register, select=("GDPR310",))
    assert [f.path for f in report] == [f"activities[0].transfers[{i}]" for i in range(3)]


def test_no_impact_assessment_asked_towards_a_country_with_a_full_adequacy_decision() -> None:
    swiss = support_transfer(country=CountryCode("CH"), tia_reference=None)
    assert _check(swiss, dt.date(2026, 11, 22), country="CH").by_rule("GDPR310") == ()


def test_under_a_partial_decision_the_assessment_is_asked_unless_the_importer_is_in_scope() -> None:
    outside = support_transfer(tia_reference=None)
    assert _check(outside, dt.date(2026, 11, 22)).by_rule("GDPR310")
    certified = support_transfer(tia_reference=None, in_adequacy_scope=True)
    assert _check(certified, dt.date(2026, 11, 22)).by_rule("GDPR310") == ()


def test_no_decision_in_force_on_the_date_the_assessment_is_asked() -> None:
    # 2021: no adequacy decision for the United States (Privacy Shield invalidated)
    certified = support_transfer(tia_reference=None, in_adequacy_scope=True, since=None)
    assert _check(certified, dt.date(2022, 6, 1)).by_rule("GDPR310")


@pytest.mark.parametrize(
    ("mechanism", "day", "judgment"),
    [
        (TransferMechanism.SAFE_HARBOR, dt.date(2016, 1, 1), "CJEU C-362/14 (Schrems I)"),
        (TransferMechanism.PRIVACY_SHIELD, dt.date(2021, 1, 1), "CJEU C-311/18 (Schrems II)"),
    ],
)
def test_an_invalidated_adequacy_decision_cites_art_45_and_the_judgment(
    mechanism: TransferMechanism, day: dt.date, judgment: str
) -> None:
    transfer = support_transfer(mechanism=mechanism, tia_reference=None, since=dt.date(2010, 1, 1))
    (finding,) = _check(transfer, day).by_rule("GDPR304")
    assert finding.articles == ("GDPR Art. 44", "GDPR Art. 45", judgment)


def test_old_standard_clauses_cite_art_46_5_and_their_repeal() -> None:
    transfer = support_transfer(mechanism=TransferMechanism.SCC_2010, since=dt.date(2019, 1, 1))
    (finding,) = _check(transfer, dt.date(2023, 1, 1)).by_rule("GDPR304")
    assert finding.articles == (
        "GDPR Art. 44",
        "GDPR Art. 46(5)",
        "Commission Implementing Decision (EU) 2021/914, Art. 4",
    )


def _recipient_run(recipient: Recipient, *, transfers: tuple[Transfer, ...] = ()) -> Report:
    register = Register(
        controller=baseline().controller,
        activities=(
            attrs.evolve(baseline().activities[0], recipients=(recipient,), transfers=transfers),
        ),
    )
    return validate(register, as_of=dt.date(2026, 11, 22), select=("GDPR314",))


@pytest.mark.parametrize(
    ("recipient", "reported"),
    [
        (Recipient(name="Sociétés affiliées, en France ou à l'étranger"), True),
        (Recipient(name="Partners", description="may process data outside the EU"), True),
        (Recipient(name="Hébergeur", kind=RecipientKind.PROCESSOR), True),
        (
            Recipient(name="Cloud provider", kind=RecipientKind.PROCESSOR, note="region unknown"),
            True,
        ),
        # its own words place it in the EEA
        (Recipient(name="Hébergeur (serveurs situés dans l'Union européenne)"), False),
        (
            Recipient(
                name="Hébergeur",
                kind=RecipientKind.PROCESSOR,
                description="serveurs situés en France, support depuis l'étranger",
            ),
            True,
        ),
        (
            Recipient(name="Cloud provider", kind=RecipientKind.PROCESSOR, note="hosted in France"),
            False,
        ),
        # nothing hints at a location outside the EEA
        (Recipient(name="Payment provider", kind=RecipientKind.PROCESSOR), False),
        (Recipient(name="Hosting", kind=RecipientKind.THIRD_PARTY), False),
        # an internal department, or a country is given
        (Recipient(name="IT department abroad", kind=RecipientKind.INTERNAL), False),
        (Recipient(name="Cloud", kind=RecipientKind.PROCESSOR, country=CountryCode("DE")), False),
    ],
)
def test_a_recipient_of_unknown_country_is_reported_only_on_evidence(
    recipient: Recipient, reported: bool
) -> None:
    assert bool(_recipient_run(recipient).findings) is reported


def test_a_recipient_named_by_a_transfer_is_left_to_the_transfer_rules() -> None:
    recipient = Recipient(name="Support platform abroad", kind=RecipientKind.PROCESSOR)
    transfer = Transfer(recipient="Support platform abroad")
    assert _recipient_run(recipient, transfers=(transfer,)).findings == ()


def test_the_same_unlocated_recipient_in_two_activities_is_one_defect() -> None:
    cloud = Recipient(name="Cloud host", kind=RecipientKind.PROCESSOR)
    first = attrs.evolve(baseline().activities[0], recipients=(cloud,))
    second = attrs.evolve(first, id="second", name="Second activity")
    register = Register(controller=baseline().controller, activities=(first, second))
    context = Context(as_of=dt.date(2026, 11, 22), register=register, activity=first)
    (one,) = recipient_country_unknown(cloud, context)
    (two,) = recipient_country_unknown(cloud, attrs.evolve(context, activity=second))
    assert one.defect == two.defect
    assert one.message == two.message


def _twice(transfer: Transfer, *, listed: bool) -> Register:
    """A register whose two activities declare *transfer*, with its recipient
    among their recipients if *listed*, and a third activity without it."""
    first = attrs.evolve(
        baseline().activities[0],
        recipients=(Recipient(name=transfer.recipient),) if listed else (),
        transfers=(transfer,),
    )
    return Register(
        controller=baseline().controller,
        activities=(
            first,
            attrs.evolve(first, id="alone", name="Alone", transfers=()),
            attrs.evolve(first, id="second", name="Second activity"),
        ),
    )


@pytest.mark.parametrize(
    ("code", "listed", "verb"),
    [
        ("GDPR301", True, "have no transfer mechanism"),
        ("GDPR312", True, "name neither"),
        ("GDPR313", False, "name the recipient"),
    ],
)
def test_a_transfer_declared_in_two_activities_is_one_finding(
    code: str, listed: bool, verb: str
) -> None:
    register = _twice(Transfer(recipient="Destinataire non précisé"), listed=listed)
    (finding,) = validate(register, as_of=dt.date(2026, 11, 22), select=(code,))
    assert finding.path == "activities[0].transfers[0]"
    assert finding.also_at_paths == ("activities[2].transfers[0]",)
    assert f'activities "{register.activities[0].name}" and "Second activity"' in finding.message
    assert verb in finding.message


def test_transfers_to_one_recipient_in_two_destinations_are_two_defects() -> None:
    first = attrs.evolve(
        baseline().activities[0],
        transfers=(Transfer(recipient="Importer", country=CountryCode("IN")),),
    )
    second = attrs.evolve(
        first, id="second", transfers=(Transfer(recipient="Importer", country=CountryCode("BR")),)
    )
    register = Register(controller=baseline().controller, activities=(first, second))
    found = validate(register, as_of=dt.date(2026, 11, 22), select=("GDPR301",))
    assert [f.path for f in found] == ["activities[0].transfers[0]", "activities[1].transfers[0]"]
    assert all(f.also_at == () for f in found)
    assert all("The transfer of activity" in f.message for f in found)


def test_safeguards_copy_is_asked_of_controllers_only_and_cites_the_notice_article() -> None:
    report = _check(support_transfer(safeguards_copy=None), dt.date(2026, 11, 22))
    (finding,) = report.by_rule("GDPR315")
    assert finding.articles == ("GDPR Art. 13(1)(f)",)
    processor = add_activity(
        baseline(),
        hosting(transfers=(support_transfer(recipient="Backup site", safeguards_copy=None),)),
    )
    assert validate(processor, select=("GDPR315",)).findings == ()


def test_no_copy_is_asked_for_an_ended_mechanism() -> None:
    old = support_transfer(
        mechanism=TransferMechanism.SCC_2010, safeguards_copy=None, since=dt.date(2019, 1, 1)
    )
    assert _check(old, dt.date(2023, 1, 1)).by_rule("GDPR315") == ()
    assert _check(old, dt.date(2020, 1, 1)).by_rule("GDPR315")


def test_a_processor_record_is_cited_its_own_provision_and_kept_apart() -> None:
    cloud = Recipient(name="Cloud host", kind=RecipientKind.PROCESSOR)
    mine = attrs.evolve(baseline().activities[0], recipients=(cloud,))
    theirs = hosting(recipients=(cloud,))
    register = Register(controller=baseline().controller, activities=(mine, theirs))
    report = validate(register, as_of=dt.date(2026, 11, 22), select=("GDPR314",))
    controller, processor = report.findings
    assert controller.articles == ("GDPR Art. 30(1)(e)", "GDPR Art. 13(1)(f)")
    assert (processor.path, processor.articles) == (
        "activities[1].recipients[0]",
        ("GDPR Art. 30(2)(c)",),
    )
    assert processor.message.endswith("(Art. 30(2)(c)).")
    assert "13(1)(f)" not in processor.message


def _in_both_records(transfer: Transfer) -> Register:
    """A register declaring *transfer* in a controller's activity and in a
    processor's, its recipient listed in neither."""
    mine = attrs.evolve(baseline().activities[0], recipients=(), transfers=(transfer,))
    theirs = hosting(transfers=(transfer,))
    return Register(controller=baseline().controller, activities=(mine, theirs))


def test_a_transfer_without_destination_cites_the_provision_of_its_record() -> None:
    register = _in_both_records(Transfer(recipient="Destinataire non précisé"))
    report = validate(register, as_of=dt.date(2026, 11, 22), select=("GDPR312",))
    controller, processor = report.findings
    assert (controller.path, controller.articles) == (
        "activities[0].transfers[0]",
        ("GDPR Art. 30(1)(e)",),
    )
    assert controller.message.endswith("(Art. 30(1)(e)).")
    assert (processor.path, processor.articles) == (
        "activities[1].transfers[0]",
        ("GDPR Art. 30(2)(c)",),
    )
    assert processor.message.endswith("(Art. 30(2)(c)).")
    assert "30(1)" not in processor.message
    assert all("The transfer of activity" in f.message for f in report.findings)


def test_an_unlisted_recipient_is_asked_of_controller_records_only() -> None:
    register = _in_both_records(Transfer(recipient="Importer", country=CountryCode("IN")))
    (finding,) = validate(register, as_of=dt.date(2026, 11, 22), select=("GDPR313",))
    assert finding.path == "activities[0].transfers[0]"
    assert finding.also_at == ()
    assert "The transfer of activity" in finding.message
    only_processor = attrs.evolve(register, activities=register.activities[1:])
    assert validate(only_processor, as_of=dt.date(2026, 11, 22), select=("GDPR313",)).findings == ()
