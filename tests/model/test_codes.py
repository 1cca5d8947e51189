from __future__ import annotations

import enum

import pytest

from gdprkit.model import DataKind, LawfulBasis, Right, TransferMechanism, codes


def _all_codes() -> list[type[enum.Enum]]:
    return [getattr(codes, name) for name in codes.__all__]


@pytest.mark.parametrize("cls", _all_codes())
def test_ids_are_unique_lowercase_kebab(cls: type[enum.Enum]) -> None:
    values = [m.value for m in cls]
    assert len(values) == len(set(values))
    for value in values:
        assert value == value.lower()
        assert " " not in value
        assert "_" not in value


def test_members_are_their_ids_and_cite_their_article() -> None:
    assert LawfulBasis.CONSENT == "art6-1-a"
    assert str(LawfulBasis.LEGITIMATE_INTERESTS) == "art6-1-f"
    assert LawfulBasis.LEGITIMATE_INTERESTS.citation == "GDPR Art. 6(1)(f)"
    assert codes.Art9Condition.HEALTH_OR_SOCIAL_CARE.citation == "GDPR Art. 9(2)(h)"
    assert Right.POST_MORTEM_DIRECTIVES.citation == "LIL art. 85"
    assert Right.WITHDRAW_CONSENT.citation == "GDPR Art. 7(3)"
    assert TransferMechanism.SCC_2021.citation == "GDPR Art. 46(2)(c)"
    assert TransferMechanism.DEROGATION_CONSENT.citation == "GDPR Art. 49(1)(a)"
    assert TransferMechanism.DEROGATION_COMPELLING_INTERESTS.citation == (
        "GDPR Art. 49(1) second subparagraph"
    )


def test_every_lawful_basis_right_and_mechanism_has_a_citation() -> None:
    for cls in (LawfulBasis, codes.Art9Condition, Right, TransferMechanism):
        for member in cls:
            assert member.citation, member


def test_data_kind_families() -> None:
    special = {k for k in DataKind if k.is_special}
    assert len(special) == 9  # the nine categories of GDPR Art. 9(1)
    assert DataKind.HEALTH in special
    assert DataKind.CRIMINAL_OFFENCES.is_criminal
    assert not DataKind.CRIMINAL_OFFENCES.is_special
    assert DataKind.NATIONAL_ID.is_national_id
    assert not DataKind.IDENTITY.is_special


def test_derogations_are_art49() -> None:
    derogations = {m for m in TransferMechanism if m.is_derogation}
    assert len(derogations) == 8
    assert TransferMechanism.SCC_2021 not in derogations


def test_equal_ids_of_different_sets_keep_their_own_citation() -> None:
    # Members are strings: "controller" is both a Role and a SourceKind.
    from gdprkit.model import RecipientKind, Role, SourceKind

    assert Role.CONTROLLER.citation == "GDPR Art. 30(1)"
    assert SourceKind.CONTROLLER.citation == "GDPR Art. 14(2)(f)"
    assert Role.PROCESSOR.citation == "GDPR Art. 30(2)"
    assert RecipientKind.PROCESSOR.citation == "GDPR Art. 28"
    assert Right.OBJECTION.citation == "GDPR Art. 21(1)"
    assert codes.Event.OBJECTION.citation is None
