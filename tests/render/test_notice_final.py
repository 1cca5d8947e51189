"""The final notice: every item of GDPR Art. 13 and 14 is shown, or the notice
refuses to render without it; no internal note is ever printed."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdprkit
from gdprkit.model import (
    DPO,
    AutomatedDecision,
    Contact,
    CountryCode,
    DataCategory,
    DataSource,
    DeclaredRight,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
    Representative,
    Right,
    SourceKind,
    Transfer,
    TransferMechanism,
)
from gdprkit.policy import ART_14_FOR
from gdprkit.render.notice import NoticeIncomplete, notice_gaps, render_notice
from gdprkit.testing import registers
from tests.conftest import ROOT


CORRECTED = ROOT / "examples" / "registers" / "offisante-corrected.json"
INTERNAL = ("note", "notes", "balancing_test", "contract_reference", "tia_reference")
"""Fields that hold the register's internal notes."""


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("’", "'")


def corrected() -> Register:
    return gdprkit.load(CORRECTED)


def internal_texts(value: Any) -> Iterator[str]:
    """Every internal note of a register, wherever it stands."""
    if isinstance(value, tuple):
        for item in value:
            yield from internal_texts(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            found = getattr(value, field.name)
            if field.name in INTERNAL and isinstance(found, str):
                yield found
            else:
                yield from internal_texts(found)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_final_notice_of_the_corrected_register_prints_no_internal_note(lang: str) -> None:
    register = corrected()
    notice = plain(render_notice(register, lang=lang, mode="final"))
    notes = set(internal_texts(register))
    assert len(notes) > 20  # the register has notes to leave out
    for note in notes:
        assert plain(note) not in notice, note
    for leak in ("non précisé", "not specified", "illustrati", "Tableau des bases", "loggés"):
        assert leak not in notice


def test_the_final_french_notice_of_the_corrected_register() -> None:
    notice = plain(render_notice(corrected(), mode="final"))
    expected = [
        # Art. 13(1)(a): the controller and its contact details.
        "Le responsable du traitement de vos données est **OffiSanté**.",
        "- Adresse : 83 rue de Rennes, 75006 Paris, France",
        "- Courriel : contact@offisante.fr",
        # Art. 13(1)(b): the DPO.
        "## 2. Délégué à la protection des données (DPO)",
        "- Courriel : dpo@offisante.fr",
        # Art. 13(1)(c)-(d): purposes, bases in French citation style, interests pursued.
        "Base légale : Intérêt légitime (article 6, paragraphe 1, point f) du RGPD) ; intérêt "
        "légitime poursuivi : répondre rapidement aux questions des visiteurs et des clients",
        "Base légale : Consentement (article 6, paragraphe 1, point a) du RGPD)",
        # Art. 13(2)(e): required or not, and what follows.
        "- **Données d'identification** : civilité, prénom, nom — fourniture obligatoire (à "
        "défaut : nous ne pouvons pas créer votre compte ni vous donner accès à la plateforme)",
        "- **Messages échangés par le chat** — fourniture facultative",
        "Origine des données : directement auprès de vous",
        # Art. 13(1)(e)-(f): recipients; transfers on an adequacy decision, said as such.
        "- **Hébergeur (serveurs situés dans l'Union européenne)** (Sous-traitant)",
        "## 6. Transferts de données hors de l'Espace économique européen",
        "- **Prestataire de la solution de chat en ligne** → États-Unis",
        "Fondement du transfert : Décision d'adéquation (article 45 du RGPD)",
        # Art. 13(2)(a): retention.
        "- **Données de paiement (données bancaires)** : jusqu'à la fin du contrat, puis "
        "archivage intermédiaire de 13 mois",
        # Art. 13(2)(b)-(c): rights, for which processing; objection apart; withdrawal once.
        "- **Droit d'accès (article 15 du RGPD)** : obtenir la confirmation",
        "### Votre droit d'opposition",
        "- **Droit de retirer votre consentement (article 7, paragraphe 3 du RGPD)**",
        "Pour l'exercer : en cliquant sur l'icône figurant en bas de chaque page",
        "Pour exercer vos droits : écrivez-nous à contact@offisante.fr",
        # Art. 13(2)(d): the complaint, and the CNIL's contact details.
        "vous avez le droit d'introduire une réclamation auprès d'une autorité de contrôle",
        "L'autorité de contrôle compétente à notre égard est : **Commission nationale de "
        "l'informatique et des libertés (CNIL)**.",
        "- Adresse : 3 place de Fontenoy<br>TSA 80715<br>75334 Paris Cedex 07",
        "- Site web : https://www.cnil.fr",
        # LIL art. 85, French style.
        "(article 85 de la loi Informatique et Libertés)",
    ]
    for text in expected:
        assert text in notice, text
    assert notice.count("Pour l'exercer : en cliquant") == 1
    # The objection right applies to the activities resting on legitimate
    # interests, not to those on a contract (declared for the whole register).
    objection = next(line for line in notice.splitlines() if "**Droit d'opposition" in line)
    assert "Support client par le Chat en ligne" in objection
    assert "Paiement des services souscrits" not in objection
    assert "Points à compléter" not in notice


def test_the_final_english_notice_of_the_corrected_register() -> None:
    notice = plain(render_notice(corrected(), lang="en", mode="final"))
    expected = [
        "The controller of your personal data is **OffiSanté**.",
        "- Email: dpo@offisante.fr",
        "Lawful basis: Legitimate interests (Article 6(1)(f) GDPR); legitimate interest pursued: "
        "answering visitors' and customers' questions about its services promptly",
        "- **Identification data**: title, first name, surname — providing them is required "
        "(otherwise, we cannot create your account or give you access to the platform)",
        "Where the data come from: directly from you (data you enter on our websites",
        "- **Provider of the online chat solution** → United States",
        "Basis for the transfer: Adequacy decision (Article 45 GDPR)",
        "- **Payment data (bank details)**: until the end of the contract, then an intermediate "
        "archive of 13 months (French Monetary and Financial Code, Art. L133-24",
        "- **Right to data portability (Article 20 GDPR)**",
        "- **Right to withdraw your consent (Article 7(3) GDPR)**",
        "To exercise your rights: write to us at contact@offisante.fr",
        "The supervisory authority competent for us is: **Commission nationale de "
        "l'informatique et des libertés (CNIL)**.",
        "- Address: 3 place de Fontenoy<br>TSA 80715<br>75334 Paris Cedex 07",
        "- Online complaint: https://www.cnil.fr/fr/plaintes",
    ]
    for text in expected:
        assert text in notice, text
    # Nothing left in French but names and the postal address.
    for french in ("Données", "Prestataire", "à défaut", "Base légale", "conservation"):
        assert french not in notice, french


@pytest.mark.parametrize("lang", ["fr", "en", "de", "es", "it"])
def test_the_corrected_register_lacks_nothing_in_any_language(lang: str) -> None:
    assert notice_gaps(corrected(), lang=lang) == ()  # type: ignore[arg-type]


# Walking the fields Art. 13 and 14 name ---------------------------------------------------------


def complete() -> Register:
    """The corrected register, plus what it lacks to exercise every item: an
    automated decision, a source other than the person, a transfer on clauses."""
    register = corrected()
    scoring = ProcessingActivity(
        id="scoring",
        name="Évaluation des impayés",
        purposes=(
            Purpose(
                name="Prévenir les impayés",
                legal_bases=(LegalBasis(basis=gdprkit.LawfulBasis.CONTRACT),),
            ),
        ),
        data_categories=(
            DataCategory(
                name="Historique de paiement",
                retention=gdprkit.RetentionRule(
                    duration=gdprkit.Duration.parse("P3Y"), start=gdprkit.Event.TRANSACTION
                ),
            ),
        ),
        sources=(DataSource(kind=SourceKind.THIRD_PARTY, description="agence de notation"),),
        transfers=(
            Transfer(
                recipient="Notation Inc.",
                country=CountryCode("IN"),
                mechanism=TransferMechanism.SCC_2021,
                safeguards_copy="sur demande à dpo@offisante.fr",
            ),
        ),
        automated_decisions=(
            AutomatedDecision(
                description="Refus de paiement différé selon un score",
                significant_effects=True,
                safeguards="réexamen par un agent sur simple demande",
            ),
        ),
        rights=(*register.rights, DeclaredRight(right=Right.AUTOMATED_DECISION)),
    )
    return attrs.evolve(register, activities=(*register.activities, scoring), language=None)


Mutation = Callable[[Register], Register]


def _activity(index: int, **changes: Any) -> Mutation:
    def mutate(register: Register) -> Register:
        activities = list(register.activities)
        activities[index] = attrs.evolve(activities[index], **changes)
        return attrs.evolve(register, activities=tuple(activities))

    return mutate


def _in_activity(index: int, field: str, position: int, **changes: Any) -> Mutation:
    def mutate(register: Register) -> Register:
        activity = register.activities[index]
        items = list(getattr(activity, field))
        items[position] = attrs.evolve(items[position], **changes)
        return _activity(index, **{field: tuple(items)})(register)

    return mutate


def _basis(index: int, **changes: Any) -> Mutation:
    def mutate(register: Register) -> Register:
        purpose = register.activities[index].purposes[0]
        basis = attrs.evolve(purpose.legal_bases[0], **changes)
        return _in_activity(index, "purposes", 0, legal_bases=(basis,))(register)

    return mutate


SCORING = 7  # the activity complete() adds
CHAT = 1  # chat-support: legitimate interests, data from the person
ACCOUNT = 2  # compte-plateforme: required data


@attrs.frozen
class Item:
    """A field Art. 13 or 14 names: what the final notice shows of it, and
    which gap it reports when the field is emptied."""

    field: str
    article: str
    shown: str
    remove: Mutation
    path: str


ITEMS = (
    Item(
        "Register.controller",
        "13(1)(a)",
        "- Courriel : contact@offisante.fr",
        lambda r: attrs.evolve(r, controller=attrs.evolve(r.controller, contact=Contact())),
        "controller.contact",
    ),
    Item(
        "Register.representative",
        "13(1)(a)",
        "Représentant dans l'Union européenne",
        lambda r: attrs.evolve(
            r, controller=attrs.evolve(r.controller, country=CountryCode("US")), representative=None
        ),
        "representative",
    ),
    Item(
        "Register.dpo",
        "13(1)(b)",
        "- Courriel : dpo@offisante.fr",
        lambda r: attrs.evolve(r, dpo=DPO()),
        "dpo.contact",
    ),
    Item(
        "ProcessingActivity.purposes",
        "13(1)(c)",
        "**Répondre à vos demandes par le chat en ligne du site offisante.fr**",
        _activity(CHAT, purposes=()),
        f"activities[{CHAT}].purposes",
    ),
    Item(
        "Purpose.legal_bases",
        "13(1)(c)",
        "Base légale : Exécution d'un contrat",
        _in_activity(CHAT, "purposes", 0, legal_bases=()),
        f"activities[{CHAT}].purposes[0].legal_bases",
    ),
    Item(
        "LegalBasis.legitimate_interest",
        "13(1)(d)",
        "intérêt légitime poursuivi : répondre rapidement",
        _basis(CHAT, legitimate_interest=None),
        f"activities[{CHAT}].purposes[0].legal_bases[0].legitimate_interest",
    ),
    Item(
        "Transfer.country",
        "13(1)(f)",
        "- **Notation Inc.** → Inde",
        _in_activity(SCORING, "transfers", 0, country=None),
        f"activities[{SCORING}].transfers[0].country",
    ),
    Item(
        "Transfer.mechanism",
        "13(1)(f)",
        "Fondement du transfert : Clauses contractuelles types de la Commission de 2021",
        _in_activity(SCORING, "transfers", 0, mechanism=None),
        f"activities[{SCORING}].transfers[0].mechanism",
    ),
    Item(
        "Transfer.safeguards_copy",
        "13(1)(f)",
        "Obtenir une copie des garanties : sur demande à dpo@offisante.fr",
        _in_activity(SCORING, "transfers", 0, safeguards_copy=None),
        f"activities[{SCORING}].transfers[0].safeguards_copy",
    ),
    Item(
        "DataCategory.retention",
        "13(2)(a)",
        "- **Historique de paiement** : 3 ans à compter de la transaction",
        _in_activity(SCORING, "data_categories", 0, retention=None),
        f"activities[{SCORING}].data_categories[0].retention",
    ),
    Item(
        "Register.rights",
        "13(2)(b)",
        "- **Droit de rectification (article 16 du RGPD)**",
        lambda r: attrs.evolve(
            r, rights=tuple(d for d in r.rights if d.right is not Right.RECTIFICATION)
        ),
        "rights",
    ),
    Item(
        "ProcessingActivity.rights",
        "13(2)(c)",
        "- **Droit de retirer votre consentement",
        lambda r: _activity(
            6,
            rights=tuple(
                d for d in r.activities[6].rights or () if d.right is not Right.WITHDRAW_CONSENT
            ),
        )(_strip_withdrawal(r)),
        "activities[6].rights",
    ),
    Item(
        "Register.supervisory_authority",
        "13(2)(d)",
        "- Adresse : 3 place de Fontenoy",
        lambda r: attrs.evolve(
            r, rights=tuple(d for d in r.rights if d.right is not Right.COMPLAINT)
        ),
        "rights",
    ),
    Item(
        "DataCategory.required",
        "13(2)(e)",
        "civilité, prénom, nom — fourniture obligatoire",
        _in_activity(ACCOUNT, "data_categories", 0, required=None),
        f"activities[{ACCOUNT}].data_categories[0].required",
    ),
    Item(
        "DataCategory.if_not_provided",
        "13(2)(e)",
        "(à défaut : nous ne pouvons pas créer votre compte",
        _in_activity(ACCOUNT, "data_categories", 0, if_not_provided=None),
        f"activities[{ACCOUNT}].data_categories[0].if_not_provided",
    ),
    Item(
        "AutomatedDecision.safeguards",
        "13(2)(f)",
        "Garanties : réexamen par un agent sur simple demande",
        _in_activity(SCORING, "automated_decisions", 0, safeguards=None),
        f"activities[{SCORING}].automated_decisions[0].safeguards",
    ),
    Item(
        "ProcessingActivity.data_categories",
        "14(1)(d)",
        "- **Historique de paiement**",
        _activity(SCORING, data_categories=()),
        f"activities[{SCORING}].data_categories",
    ),
    Item(
        "ProcessingActivity.sources",
        "14(2)(f)",
        "Origine des données : auprès de tiers (agence de notation).",
        _activity(SCORING, sources=()),
        f"activities[{SCORING}].sources",
    ),
    Item(
        "DataSource.description",
        "14(2)(f)",
        "(agence de notation)",
        _in_activity(SCORING, "sources", 0, description=None),
        f"activities[{SCORING}].sources[0].description",
    ),
)


def _strip_withdrawal(register: Register) -> Register:
    """The cookies activity without its withdrawal methods (which imply the right)."""
    activity = register.activities[6]
    purposes = tuple(
        attrs.evolve(
            p,
            legal_bases=tuple(attrs.evolve(b, withdrawal_method=None) for b in p.legal_bases),
        )
        for p in activity.purposes
    )
    return _activity(6, purposes=purposes)(register)


ART_13_14_FIELDS = {
    # Art. 13(1)(a)-(f)
    "Register.controller",
    "Register.representative",
    "Register.dpo",
    "ProcessingActivity.purposes",
    "Purpose.legal_bases",
    "LegalBasis.legitimate_interest",
    "Transfer.country",
    "Transfer.mechanism",
    "Transfer.safeguards_copy",
    # Art. 13(2)(a)-(f)
    "DataCategory.retention",
    "Register.rights",
    "ProcessingActivity.rights",
    "Register.supervisory_authority",
    "DataCategory.required",
    "DataCategory.if_not_provided",
    "AutomatedDecision.safeguards",
    # Art. 14(1)(d), 14(2)(f)
    "ProcessingActivity.data_categories",
    "ProcessingActivity.sources",
    "DataSource.description",
}
"""Every model field that holds an item Art. 13 or 14 names (recipients, "if
any", are shown whenever listed and asked of no one)."""


def test_the_walk_covers_every_field_the_articles_name() -> None:
    assert {item.field for item in ITEMS} == ART_13_14_FIELDS
    classes = {c.__name__: c for c in (Register, ProcessingActivity, Purpose, LegalBasis)}
    classes.update({c.__name__: c for c in (Transfer, DataCategory, AutomatedDecision, DataSource)})
    for name in ART_13_14_FIELDS:
        owner, field = name.split(".")
        assert field in attrs.fields_dict(classes[owner]), name


def test_the_complete_register_renders_final() -> None:
    assert notice_gaps(complete()) == ()


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: f"{i.article}-{i.field}")
def test_each_item_is_shown_or_the_final_notice_refuses(item: Item) -> None:
    register = complete()
    if item.field == "Register.representative":
        # Shown when there is one (a controller established outside the EEA).
        register = attrs.evolve(
            register,
            controller=attrs.evolve(register.controller, country=CountryCode("US")),
            representative=Representative(name="EU Rep SARL", country=CountryCode("FR")),
        )
    notice = plain(render_notice(register, mode="final"))
    assert plain(item.shown) in notice
    with pytest.raises(NoticeIncomplete) as caught:
        render_notice(item.remove(complete()), mode="final")
    assert item.path in [gap.path for gap in caught.value.gaps]
    # The activity's data come from a third party: Art. 14 asks what Art. 13 would.
    asked = f"GDPR Art. {item.article}"
    cited = (asked, ART_14_FOR.get(asked, asked))
    assert any(a.startswith(cited) for g in caught.value.gaps for a in g.articles)


# Any register -------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(max_activities=3), st.sampled_from(["fr", "en", "de", "es", "it"]))
def test_a_final_notice_renders_exactly_when_nothing_is_missing(
    register: Register, lang: Any
) -> None:
    gaps = notice_gaps(register, lang=lang)
    draft = render_notice(register, lang=lang, format="html")
    if gaps:
        assert "gdprkit-gap" in draft
        with pytest.raises(NoticeIncomplete) as caught:
            render_notice(register, lang=lang, mode="final")
        assert caught.value.gaps == gaps
        # each listed at the end of the draft, among the places of its item
        listed = [
            html.unescape(code).split(", ")
            for code in re.findall(r"<code>(.*?)</code>", draft.split('id="gaps"')[-1])
        ]
        for gap in gaps:
            assert any(gap.path in places for places in listed), gap.path
    else:
        final = render_notice(register, lang=lang, mode="final", format="html")
        assert final == draft  # a draft with no gap is the final notice


def test_a_missing_translation_is_quoted_in_the_message() -> None:
    register = attrs.evolve(corrected(), translations=(), activities=corrected().activities[:1])
    evil = "Diffusion\x1b[31m rouge\r"
    register = _in_activity(0, "purposes", 0, name=evil)(register)
    with pytest.raises(NoticeIncomplete) as caught:
        render_notice(register, lang="en", mode="final")
    message = str(caught.value)
    assert "\x1b" not in message
    assert "\r" not in message
    assert 'the translation of this text: "Diffusion\\u001b[31m rouge\\r"' in message
