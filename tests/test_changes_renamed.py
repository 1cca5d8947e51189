"""gdprkit.diff: an element renamed or reworded inside an activity is one change,
not one removed and one added, and only when it is surely the same element."""

from __future__ import annotations

import attrs
import pytest

import gdprkit
from gdprkit.changes import Action, Change, ChangeKind, RegisterDiff, diff
from gdprkit.changes._renames import LETTERS, Name, similarity
from gdprkit.model import (
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    Duration,
    LawfulBasis,
    LegalBasis,
    Purpose,
    PurposeTag,
    RecipientKind,
    Register,
    RetentionRule,
    SourceKind,
)
from gdprkit.render.changes import format_diff_text
from tests.conftest import ROOT, sample_register
from tests.test_changes import _activity, _kinds, _with_activity


EXAMPLES = ROOT / "examples" / "registers"


def _purposes(*purposes: Purpose) -> Register:
    return _with_activity(sample_register(), purposes=purposes)


def _contract(name: str, *tags: PurposeTag) -> Purpose:
    return Purpose(name=name, legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),), tags=tags)


# -- the example register and its corrected version ------------------------------------------


@pytest.fixture(scope="module")
def corrected() -> RegisterDiff:
    return gdprkit.diff(
        gdprkit.load(EXAMPLES / "offisante.json"),
        gdprkit.load(EXAMPLES / "offisante-corrected.json"),
    )


def _in(result: RegisterDiff, activity: str) -> list[Change]:
    return [c for c in result.changes if c.activity == activity]


def test_the_reworded_chat_purpose_is_one_change(corrected: RegisterDiff) -> None:
    chat = _in(corrected, "chat-support")
    kinds = [c.kind for c in chat]
    assert ChangeKind.PURPOSE_ADDED not in kinds
    assert ChangeKind.PURPOSE_REMOVED not in kinds
    (change,) = [c for c in chat if c.kind is ChangeKind.PURPOSE_REWORDED]
    old = "Répondre aux demandes utilisateurs via le Chat disponible sur le site offisanté.fr"
    new = "Répondre à vos demandes par le chat en ligne du site offisante.fr"
    assert (change.before, change.after, change.element) == (old, new, new)
    assert change.message == f'purpose reworded: "{old}" → "{new}"'
    assert change.articles == ("GDPR Art. 6(1)(f)",)
    notice, compatibility = change.triggers
    assert notice.action is Action.NOTICE_UPDATE
    assert notice.articles == ("GDPR Art. 13(1)(c)", "GDPR Art. 14(1)(c)")
    assert compatibility.action is Action.COMPATIBILITY_CHECK
    assert compatibility.articles == ("GDPR Art. 5(1)(b)", "GDPR Art. 6(4)")
    assert "if the purpose itself changed" in str(compatibility.reason)


@pytest.mark.parametrize(
    ("activity", "kind", "old", "new"),
    [
        (
            "chat-support",
            ChangeKind.DATA_CATEGORY_RENAMED,
            "Messages échangés au sein du Chat",
            "Messages échangés par le chat",
        ),
        (
            "compte-plateforme",
            ChangeKind.DATA_CATEGORY_RENAMED,
            "Logs de connexion à la plateforme Offisanté",
            "Journaux de connexion à la plateforme OffiSanté",
        ),
        (
            "chat-support",
            ChangeKind.RECIPIENT_RENAMED,
            "Services habilités d'Offisanté (équipe technique, support client)",
            "Services habilités d'OffiSanté (équipe technique, support client)",
        ),
        (
            "compte-plateforme",
            ChangeKind.RECIPIENT_RENAMED,
            "Hébergeur dont les serveurs sont situés dans l'Union Européenne",
            "Hébergeur (serveurs situés dans l'Union européenne)",
        ),
    ],
)
def test_renamed_categories_and_recipients_of_the_example(
    corrected: RegisterDiff, activity: str, kind: ChangeKind, old: str, new: str
) -> None:
    changes = _in(corrected, activity)
    assert [(c.before, c.after) for c in changes if c.kind is kind and c.before == old] == [
        (old, new)
    ]
    # Neither name is left as an element added or removed.
    leftover = {
        ChangeKind.DATA_CATEGORY_ADDED,
        ChangeKind.DATA_CATEGORY_REMOVED,
        ChangeKind.RECIPIENT_ADDED,
        ChangeKind.RECIPIENT_REMOVED,
    }
    assert not [c for c in changes if c.kind in leftover and c.element in {old, new}]


def test_the_docs_show_the_example_diff_as_it_is(corrected: RegisterDiff) -> None:
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    section = page.split("### Renamed and reworded elements", 1)[1]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    text = format_diff_text(corrected).splitlines()
    assert shown
    assert all(line in text for line in shown), shown


def test_the_example_diff_is_shorter_and_keeps_the_really_new_elements(
    corrected: RegisterDiff,
) -> None:
    kinds = _kinds(corrected)
    assert len(kinds) == 61  # 76 before renames were recognised
    # A purpose whose lawful basis is stated for the first time is not paired.
    paiement = _in(corrected, "paiement")
    assert [c.kind for c in paiement][:2] == [ChangeKind.PURPOSE_ADDED, ChangeKind.PURPOSE_REMOVED]


# -- purposes -------------------------------------------------------------------------------


def test_two_different_purposes_on_the_same_basis_do_not_pair() -> None:
    old = _purposes(_contract("Gestion des commandes"))
    for other in ("Prospection commerciale", "Gestion des réclamations"):
        result = diff(old, _purposes(_contract(other)))
        assert _kinds(result) == [ChangeKind.PURPOSE_ADDED, ChangeKind.PURPOSE_REMOVED], other
        assert result.changes[0].triggers[1].action is Action.COMPATIBILITY_CHECK


def test_a_purpose_on_another_basis_or_with_other_tags_does_not_pair() -> None:
    old = _purposes(_contract("Gestion des commandes des clients"))
    consent = Purpose(
        name="Gestion des commandes de nos clients",
        legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),),
    )
    tagged = _contract("Gestion des commandes de nos clients", PurposeTag.CUSTOMER_MANAGEMENT)
    for new in (consent, tagged):
        assert _kinds(diff(old, _purposes(new))) == [
            ChangeKind.PURPOSE_ADDED,
            ChangeKind.PURPOSE_REMOVED,
        ]
    # The same basis and tags: one purpose reworded.
    reworded = diff(old, _purposes(_contract("Gestion des commandes de nos clients")))
    assert _kinds(reworded) == [ChangeKind.PURPOSE_REWORDED]


def test_a_reworded_purpose_on_consent_needs_no_compatibility_check() -> None:
    def on_consent(name: str) -> Purpose:
        return Purpose(name=name, legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),))

    result = diff(
        _purposes(on_consent("Envoi de la lettre d'information")),
        _purposes(on_consent("Envoi de la lettre d’information mensuelle")),
    )
    (change,) = result.changes
    assert change.kind is ChangeKind.PURPOSE_REWORDED
    assert [t.action for t in change.triggers] == [Action.NOTICE_UPDATE]


def test_an_ambiguous_rewording_stays_added_and_removed() -> None:
    # Two new purposes as close to the old one: which one it became is not known.
    old = _purposes(_contract("Service client"))
    new = _purposes(_contract("Service Client"), _contract("service client."))
    assert _kinds(diff(old, new)) == [
        ChangeKind.PURPOSE_ADDED,
        ChangeKind.PURPOSE_ADDED,
        ChangeKind.PURPOSE_REMOVED,
    ]


def test_names_too_long_to_compare_letter_by_letter_stay_added_and_removed() -> None:
    # Two 20,000-letter names alike but for one word: comparing them letter by
    # letter would take seconds (the cost grows with the product of the lengths).
    long = "Gestion des commandes " * 900
    assert len(long) ** 2 > LETTERS
    result = diff(_purposes(_contract(long + "clients")), _purposes(_contract(long + "client")))
    assert _kinds(result) == [ChangeKind.PURPOSE_ADDED, ChangeKind.PURPOSE_REMOVED]
    # Equal once folded, they still pair: no letter-by-letter comparison is needed.
    same = diff(_purposes(_contract(long)), _purposes(_contract(long.upper())))
    assert _kinds(same) == [ChangeKind.PURPOSE_REWORDED]


def test_each_removed_purpose_pairs_with_its_own_rewording_in_the_new_order() -> None:
    old = _purposes(_contract("Gestion des commandes"), _contract("Gestion des livraisons"))
    new = _purposes(
        _contract("Gestion des Livraisons"),
        _contract("Prospection commerciale"),
        _contract("Gestion des commandes."),
    )
    result = diff(old, new)
    assert [(c.kind, c.before, c.after) for c in result.changes] == [
        (ChangeKind.PURPOSE_REWORDED, "Gestion des livraisons", "Gestion des Livraisons"),
        (ChangeKind.PURPOSE_ADDED, None, "art6-1-b"),
        (ChangeKind.PURPOSE_REWORDED, "Gestion des commandes", "Gestion des commandes."),
    ]
    assert diff(old, new) == result


# -- data categories and recipients ---------------------------------------------------------


def test_a_renamed_category_still_reports_its_retention_change() -> None:
    register = sample_register()
    category = _activity(register).data_categories[0]
    renamed = attrs.evolve(
        category,
        name="Identité et coordonnées des clients",
        retention=RetentionRule(duration=Duration.parse("P3Y")),
    )
    result = diff(register, _with_activity(register, data_categories=(renamed,)))
    first, second = result.changes
    assert first.kind is ChangeKind.DATA_CATEGORY_RENAMED
    assert (first.before, first.after) == (category.name, renamed.name)
    assert first.triggers == ()  # the data are obtained from the person (Art. 14 not engaged)
    assert second.kind is ChangeKind.RETENTION_CHANGED
    assert second.element == renamed.name


def test_a_renamed_category_obtained_elsewhere_goes_in_the_notice() -> None:
    register = _with_activity(sample_register(), sources=(DataSource(kind=SourceKind.THIRD_PARTY),))
    renamed = attrs.evolve(_activity(register).data_categories[0], name="Identité, coordonnées")
    (change,) = diff(register, _with_activity(register, data_categories=(renamed,))).changes
    assert change.kind is ChangeKind.DATA_CATEGORY_RENAMED
    assert [t.articles for t in change.triggers] == [("GDPR Art. 14(1)(d)",)]


def test_a_category_of_another_kind_does_not_pair() -> None:
    register = sample_register()
    other = DataCategory(name="Identité et coordonnées bancaires", kind=DataKind.ECONOMIC_FINANCIAL)
    assert _kinds(diff(register, _with_activity(register, data_categories=(other,)))) == [
        ChangeKind.DATA_CATEGORY_ADDED,
        ChangeKind.DATA_CATEGORY_REMOVED,
    ]


def _recipient(register: Register, **changes: object) -> Register:
    recipient = attrs.evolve(_activity(register).recipients[0], **changes)
    return _with_activity(register, recipients=(recipient,), transfers=())


def test_a_recipient_renamed_in_case_only() -> None:
    register = _recipient(sample_register())
    (change,) = diff(register, _recipient(register, name="HÉBERGEUR")).changes
    assert change.kind is ChangeKind.RECIPIENT_RENAMED
    assert change.message == 'recipient renamed: "Hébergeur" → "HÉBERGEUR"'
    assert change.articles == ("GDPR Art. 30(1)(d)", "GDPR Art. 28")
    assert [t.articles for t in change.triggers] == [("GDPR Art. 13(1)(e)", "GDPR Art. 14(1)(e)")]


def test_a_renamed_recipient_whose_country_is_dropped_reports_both() -> None:
    register = _recipient(sample_register())
    result = diff(register, _recipient(register, name="Hébergeur web", country=None))
    assert _kinds(result) == [ChangeKind.RECIPIENT_RENAMED, ChangeKind.RECIPIENT_CHANGED]
    assert (result.changes[1].before, result.changes[1].after) == ("processor, in US", "processor")


def test_a_recipient_in_another_stated_country_or_of_another_kind_does_not_pair() -> None:
    register = _recipient(sample_register())
    for changes in (
        {"country": CountryCode("IN")},
        {"kind": RecipientKind.THIRD_PARTY},
    ):
        result = diff(register, _recipient(register, name="Hébergeur web", **changes))
        assert _kinds(result) == [ChangeKind.RECIPIENT_ADDED, ChangeKind.RECIPIENT_REMOVED]


# -- what "similar" means -------------------------------------------------------------------


def test_names_are_folded_without_case_accents_or_punctuation() -> None:
    assert Name.of("Services habilités d'Offisanté") == Name.of("Services habilités d’OffiSanté")
    assert Name.of("Offisanté.fr").text == "offisante fr"
    assert Name.of("Envoi de SMS pour la campagne 2024").words == {
        "envoi",
        "pour",
        "campagne",
        "sms",
        "2024",
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Gestion des commandes", "Prospection commerciale"),
        ("Gestion des commandes", "Gestion des réclamations"),
        ("Prestataire de paie", "Prestataire de paiement"),
        ("Données de contact", "Données de connexion"),
        ("Recrutement", "Recouvrement"),
        ("Prospection par SMS", "Prospection par courriel"),
        ("Campagne 2024", "Campagne 2025"),
        ("GESTION DES COMMANDES", "GESTION DES RÉCLAMATIONS"),
    ],
)
def test_different_names_are_not_similar(old: str, new: str) -> None:
    assert similarity(Name.of(old), Name.of(new)) is None


def test_a_reworded_name_is_similar() -> None:
    score = similarity(
        Name.of(
            "Répondre aux demandes utilisateurs via le Chat disponible sur le site offisanté.fr"
        ),
        Name.of("Répondre à vos demandes par le chat en ligne du site offisante.fr"),
    )
    assert score is not None
    assert 0.7 <= score < 1
