"""The privacy notice (GDPR Art. 13/14) rendered from a register."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit.model import (
    DPO,
    Art9Condition,
    AutomatedDecision,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    DataSource,
    DeclaredRight,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Register,
    RetentionRule,
    Right,
    Role,
    SourceKind,
    Transfer,
    TransferMechanism,
)
from gdprkit.policy import is_french
from gdprkit.render.notice import NoticeIncomplete, notice_gaps, render_notice
from tests.conftest import ROOT
from tests.render.fixtures import (
    ALL_RIGHTS,
    english_register,
    processor_register,
    rich_register,
)
from tests.render.html_checks import assert_self_contained_page


EXAMPLES = sorted((ROOT / "examples" / "registers").glob("*.json"))


def plain(text: str) -> str:
    """The text with no-break spaces as spaces, to compare wording."""
    return text.replace("\u00a0", " ")


def h2(markdown: str) -> list[str]:
    return [
        re.sub(r"^## \d+\. ", "", line) for line in markdown.splitlines() if line.startswith("## ")
    ]


def one_activity(activity: ProcessingActivity, **register: object) -> Register:
    fields: dict[str, object] = {
        "controller": Controller(name="Exemple SAS", country=CountryCode("FR")),
        "activities": (activity,),
        "rights": ALL_RIGHTS,
    }
    fields.update(register)
    return Register(**fields)  # type: ignore[arg-type]


def purpose(name: str, *bases: LegalBasis, tags: tuple[PurposeTag, ...] = ()) -> Purpose:
    return Purpose(name=name, legal_bases=bases, tags=tags)


# Sections and their order ------------------------------------------------------------


def test_sections_follow_the_order_of_french_notices() -> None:
    notice = plain(render_notice(rich_register()))
    assert notice.startswith("# Politique de confidentialité\n")
    assert h2(notice)[:11] == [
        "Responsable du traitement",
        "Délégué à la protection des données (DPO)",
        "Finalités et bases légales",
        "Traitements réalisés pour le compte de nos clients",
        "Données traitées",
        "Destinataires des données",
        "Transferts de données hors de l’Espace économique européen",
        "Durées de conservation",
        "Vos droits",
        "Réclamation auprès d’une autorité de contrôle",
        "Décisions automatisées",
    ]
    assert "Dernière mise à jour : 1er juillet 2025" in notice


def test_english_notice() -> None:
    notice = render_notice(rich_register(), lang="en")
    assert notice.startswith("# Privacy notice\n")
    assert h2(notice)[:3] == [
        "Controller",
        "Data protection officer (DPO)",
        "Purposes and lawful bases",
    ]
    assert (
        "Lawful basis: Performance of a contract or pre-contractual steps (Article 6(1)(b) GDPR)"
        in notice
    )
    # The register's text has no English translation: shown as written, marked.
    assert (
        "- **Adresse électronique (text not translated)**: 3 years from the last contact" in notice
    )
    assert "Last updated: 1 July 2025" in notice


def test_the_texts_left_untranslated_are_one_line_of_the_draft_that_counts_them() -> None:
    register = rich_register()
    gaps = notice_gaps(register, lang="en")
    texts = [gap.detail for gap in gaps if gap.item == "translation"]
    assert len(texts) > 1  # each text is still its own gap for a program
    closing = render_notice(register, lang="en").split("## To complete before publication")[1]
    assert (
        f"- the translation of the {len(texts)} texts marked “text not translated” "
        "(Article 12(1) GDPR), in the register: `translations`\n"
    ) in closing
    assert "this text" not in closing
    one = one_activity(
        ProcessingActivity(id="a", name="A", purposes=(Purpose(name="Un"),)), language="fr"
    )
    assert [g.detail for g in notice_gaps(one, lang="en") if g.item == "translation"] == ["Un"]
    assert (
        "- the translation of the text marked “text not translated” (Article 12(1) GDPR), "
        "in the register: `translations`\n"
    ) in render_notice(one, lang="en")


def test_identity_dpo_and_joint_controllers() -> None:
    notice = plain(render_notice(rich_register()))
    assert (
        "Le responsable du traitement de vos données est **Pharmacie de l’Étoile SAS**." in notice
    )
    assert "de la manière dont L’Étoile traite vos données" in notice
    assert "- SIREN : 123 456 789" in notice
    assert "- Adresse : 1 place de l’Étoile<br>75008 Paris" in notice
    assert "- Pays : France" in notice
    assert "- Nom : Cabinet Conformité & Associés" in notice
    assert "- Courriel : dpo@etoile.example" in notice
    assert "**Groupement Officinal Réuni** (accord : Convention de responsabilité" in notice


def test_purposes_with_their_bases_and_legitimate_interest() -> None:
    notice = plain(render_notice(rich_register()))
    assert (
        "Base légale : Intérêt légitime (article 6, paragraphe 1, point f) du RGPD) ; "
        "intérêt légitime poursuivi : "
        "développer notre clientèle professionnelle"
    ) in notice
    assert (
        "Base légale : Obligation légale (article 6, paragraphe 1, point c) du RGPD) — "
        "Code de commerce, art. L123-22" in notice
    )
    assert "données sensibles : Médecine préventive" in notice
    # Several activities: each under its own heading.
    assert "### Prospection commerciale" in notice


def test_data_categories_required_and_art14_sources() -> None:
    notice = plain(render_notice(rich_register()))
    assert "- **Identité** : nom, prénom, civilité — fourniture obligatoire" in notice
    assert "- **Numéro de carte bancaire** — fourniture facultative" in notice
    assert (
        "- **Ordonnances** — Données concernant la santé (article 9, paragraphe 1 du RGPD)"
        in notice
    )
    assert "Origine des données : auprès de tiers (fichiers loués à Datafix)." in notice
    # No "required" mention when the register does not say.
    assert "**Adresse électronique** —" not in notice


def test_recipients_and_transfers() -> None:
    notice = plain(render_notice(rich_register()))
    assert "- **Hébergeur « Nuage »** (Sous-traitant, États-Unis)" in notice
    assert "- **Hébergeur « Nuage »** → États-Unis" in notice
    assert (
        "Fondement du transfert : Clauses contractuelles types de la Commission de 2021 "
        "(article 46, paragraphe 2, point c) du RGPD)"
    ) in notice
    assert "Obtenir une copie des garanties : sur demande à dpo@etoile.example" in notice


def test_a_transfer_to_an_eea_state_is_not_told_as_leaving_the_eea() -> None:
    # Norway is in the EEA: the register's « transfer » there is no transfer
    # under Chapter V (GDPR308 says so), and the notice does not list it
    # under « Transferts de données hors de l’Espace économique européen ».
    norway = Transfer(
        recipient="Sauvegarde", country=CountryCode("NO"), mechanism=TransferMechanism.SCC_2021
    )
    us = Transfer(
        recipient="Nuage",
        country=CountryCode("US"),
        mechanism=TransferMechanism.SCC_2021,
        safeguards_copy="sur demande",
    )
    activity = ProcessingActivity(id="a", name="A", transfers=(norway, us))
    notice = plain(render_notice(one_activity(activity)))
    assert "- **Nuage** → États-Unis" in notice
    assert "Norvège" not in notice
    assert "transfers[0]" not in notice  # no gap asked for it (a copy of safeguards)
    only = plain(render_notice(one_activity(attrs.evolve(activity, transfers=(norway,)))))
    assert "Espace économique européen" not in only
    assert "Norvège" not in only


@pytest.mark.parametrize(
    ("kinds", "cited"),
    [
        ((SourceKind.THIRD_PARTY,), "(article 14, paragraphe 2, point a) du RGPD)"),
        ((SourceKind.OBSERVED,), "(article 13, paragraphe 2, point a) du RGPD)"),
        (
            (SourceKind.DATA_SUBJECT, SourceKind.PUBLIC),
            "(article 13, paragraphe 2, point a) du RGPD, article 14, paragraphe 2, point a) du RGPD)",
        ),
    ],
)
def test_a_gap_cites_article_14_for_data_not_obtained_from_the_person(
    kinds: tuple[SourceKind, ...], cited: str
) -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        data_categories=(DataCategory(name="Coordonnées"),),
        sources=tuple(DataSource(kind=k, description="fichier") for k in kinds),
    )
    notice = plain(render_notice(one_activity(activity)))
    assert f"- la durée de conservation {cited}, dans l’activité « A »" in notice


def test_a_gap_in_the_registers_rights_cites_what_the_activities_it_concerns_make_apply() -> None:
    """A right missing from the register's list concerns the activities it
    applies to: Art. 14's counterpart is cited only where one of them obtains
    data from someone else."""
    cookies = ProcessingActivity(
        id="a",
        name="Cookies",
        purposes=(purpose("Mesure d’audience", LegalBasis(basis=LawfulBasis.CONSENT)),),
        sources=(DataSource(kind=SourceKind.OBSERVED, description="navigation"),),
    )
    files = ProcessingActivity(
        id="b",
        name="Fichiers loués",
        purposes=(
            purpose(
                "Prospection",
                LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS, legitimate_interest="vente"),
            ),
        ),
        sources=(DataSource(kind=SourceKind.THIRD_PARTY, description="loueur de fichiers"),),
    )
    rights = tuple(
        d for d in ALL_RIGHTS if d.right not in {Right.COMPLAINT, Right.WITHDRAW_CONSENT}
    )
    notice = plain(render_notice(one_activity(cookies, activities=(cookies, files), rights=rights)))
    # Withdrawal concerns the consent activity alone, whose data are observed: Art. 13.
    assert (
        "- le droit suivant, qui s’applique : Droit de retirer votre consentement "
        "(article 13, paragraphe 2, point c) du RGPD), dans le registre : `rights`"
    ) in notice
    # A complaint concerns both: Art. 13 and, for the rented files, Art. 14.
    assert (
        "- le droit suivant, qui s’applique : Droit d’introduire une réclamation "
        "(article 13, paragraphe 2, point d) du RGPD, article 14, paragraphe 2, point e) du RGPD), "
        "dans le registre : `rights`"
    ) in notice


def test_retention_in_plain_words() -> None:
    notice = plain(render_notice(rich_register()))
    assert (
        "- **Identité** : jusqu’à la fin du contrat, puis archivage intermédiaire de 10 ans "
        "(Code de commerce L123-22)"
    ) in notice
    assert "- **Numéro de carte bancaire** : 13 mois après le débit" in notice
    assert "- **Adresse électronique** : 3 ans à compter du dernier contact" in notice
    assert "- **NIR** : aussi longtemps que nécessaire" in notice


def test_automated_decisions() -> None:
    notice = plain(render_notice(rich_register()))
    assert "- Score d’appétence calculé sur l’historique d’achats" in notice
    assert "Effets juridiques ou significatifs : non" in notice


# Rights that apply ----------------------------------------------------------------


def test_no_portability_for_legitimate_interests_alone() -> None:
    # The activity declares portability, but rests on legitimate interests only.
    notice = plain(render_notice(rich_register(), activities=["videoprotection"]))
    assert "portabilité" not in notice
    assert "Droit d’opposition (article 21, paragraphe 1 du RGPD)" in notice
    assert "Pour l’exercer : par courrier à l’officine." in notice
    english = render_notice(rich_register(), lang="en", activities=["videoprotection"])
    assert "portability" not in english


@pytest.mark.parametrize(
    ("bases", "shown", "hidden"),
    [
        (
            (LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS, legitimate_interest="sécurité"),),
            {Right.ACCESS, Right.ERASURE, Right.OBJECTION},
            {Right.PORTABILITY, Right.WITHDRAW_CONSENT, Right.OBJECTION_DIRECT_MARKETING},
        ),
        (
            (LegalBasis(basis=LawfulBasis.CONSENT),),
            {Right.PORTABILITY, Right.WITHDRAW_CONSENT, Right.ERASURE},
            {Right.OBJECTION, Right.OBJECTION_DIRECT_MARKETING},
        ),
        (
            (LegalBasis(basis=LawfulBasis.CONTRACT),),
            {Right.PORTABILITY, Right.ERASURE, Right.RESTRICTION},
            {Right.OBJECTION, Right.WITHDRAW_CONSENT},
        ),
        (
            (LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION),),
            # Erasure qualified by Art. 17(3)(b), never removed (13(2)(b)).
            {Right.ACCESS, Right.RECTIFICATION, Right.ERASURE},
            {Right.PORTABILITY, Right.OBJECTION, Right.WITHDRAW_CONSENT},
        ),
        (
            (LegalBasis(basis=LawfulBasis.PUBLIC_TASK),),
            {Right.OBJECTION, Right.ACCESS, Right.ERASURE},
            {Right.PORTABILITY, Right.WITHDRAW_CONSENT},
        ),
        (
            (
                LegalBasis(
                    basis=LawfulBasis.LEGAL_OBLIGATION,
                    special_condition=Art9Condition.EXPLICIT_CONSENT,
                ),
            ),
            {Right.PORTABILITY, Right.WITHDRAW_CONSENT, Right.ERASURE},
            {Right.OBJECTION},
        ),
        (
            (),
            {Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION},
            {Right.PORTABILITY, Right.OBJECTION, Right.WITHDRAW_CONSENT},
        ),
    ],
    ids=[
        "legitimate-interests",
        "consent",
        "contract",
        "legal-obligation",
        "public-task",
        "art9-2-a",
        "no-basis",
    ],
)
def test_rights_follow_the_lawful_bases(
    bases: tuple[LegalBasis, ...], shown: set[Right], hidden: set[Right]
) -> None:
    register = one_activity(ProcessingActivity(id="a", name="A", purposes=(purpose("P", *bases),)))
    notice = plain(render_notice(register, lang="en"))
    from gdprkit.render._labels import label

    def name(right: Right) -> str:
        return (
            "Right to withdraw your consent"
            if right is Right.WITHDRAW_CONSENT
            else label(right, "en")
        )

    for right in shown:
        assert f"**{name(right)} (" in notice, right
    for right in hidden:
        assert f"**{name(right)} (" not in notice, right


def test_objection_to_direct_marketing_only_for_marketing_purposes() -> None:
    register = one_activity(
        ProcessingActivity(
            id="a",
            name="A",
            purposes=(
                purpose(
                    "Lettre",
                    LegalBasis(basis=LawfulBasis.CONSENT),
                    tags=(PurposeTag.DIRECT_MARKETING,),
                ),
                purpose("Commandes", LegalBasis(basis=LawfulBasis.CONTRACT)),
            ),
        )
    )
    notice = plain(render_notice(register))
    line = next(x for x in notice.splitlines() if "Droit d’opposition à la prospection" in x)
    # It applies to one purpose of two: the notice says which.
    assert "pour : « Lettre »" in line
    assert "Commandes" not in line
    assert "### Votre droit d’opposition" in notice


def test_a_right_not_declared_is_not_shown() -> None:
    register = one_activity(
        ProcessingActivity(
            id="a", name="A", purposes=(purpose("P", LegalBasis(basis=LawfulBasis.CONSENT)),)
        ),
        rights=(DeclaredRight(right=Right.ACCESS),),
    )
    notice = plain(render_notice(register))
    assert "**Droit d’accès" in notice
    for absent in ("portabilité", "effacement", "Retrait du consentement", "Réclamation"):
        assert f"**{absent}" not in notice
        assert f"## 9. {absent}" not in notice
    # They apply: the draft marks them as gaps, a final notice refuses.
    assert "À compléter : le droit suivant, qui s’applique : Droit à la portabilité" in notice
    with pytest.raises(
        NoticeIncomplete, match="rights: this right, which applies: Right to data portability"
    ):
        render_notice(register, mode="final")


def test_withdrawal_is_shown_where_a_consent_basis_says_how() -> None:
    basis = LegalBasis(basis=LawfulBasis.CONSENT, withdrawal_method="lien de désinscription")
    register = one_activity(
        ProcessingActivity(id="a", name="A", purposes=(purpose("Lettre", basis),)),
        rights=(DeclaredRight(right=Right.ACCESS),),
    )
    notice = plain(render_notice(register))
    assert "### Retrait du consentement" in notice
    assert "Pour l’exercer : lien de désinscription." in notice


def test_post_mortem_directives_only_for_french_registers() -> None:
    assert "après votre décès" in render_notice(rich_register())
    irish = english_register()
    assert not is_french(irish)
    assert "after your death" not in render_notice(irish, lang="en")
    # A register without a country, written in French, is French.
    undated = attrs.evolve(irish, controller=Controller(name="X"), language="fr")
    assert is_french(undated)
    assert "after your death" in render_notice(undated, lang="en")


def test_complaint_names_the_authority() -> None:
    french = plain(render_notice(rich_register()))
    assert (
        "L’autorité de contrôle compétente à notre égard est : **Commission nationale de "
        "l’informatique et des libertés (CNIL)**."
    ) in french
    assert "- Adresse : 3 place de Fontenoy<br>TSA 80715<br>75334 Paris Cedex 07" in french
    assert "- Site web : https://www.cnil.fr" in french
    irish = plain(render_notice(english_register(), lang="en"))
    assert (
        "complaint with a supervisory authority, in particular in the Member State of your habitual residence"
        in irish
    )
    # Ireland's authority, from the reference data.
    assert "**Data Protection Commission (DPC)**." in irish
    assert "21 Fitzwilliam Square South" in irish
    named = attrs.evolve(english_register(), supervisory_authority="Datatilsynet")
    assert "The supervisory authority competent for us is: **Datatilsynet**." in render_notice(
        named, lang="en"
    )
    silent = attrs.evolve(rich_register(), rights=(DeclaredRight(right=Right.ACCESS),))
    assert "Réclamation" not in render_notice(silent)


def test_how_to_exercise_rights() -> None:
    notice = plain(render_notice(rich_register()))
    assert "Pour exercer vos droits : donnees@etoile.example ou par courrier au siège." in notice
    english = render_notice(english_register(), lang="en")
    assert "How to exercise it: unsubscribe link." in english


# Processor registers -----------------------------------------------------------------


def test_processor_register() -> None:
    notice = plain(render_notice(processor_register()))
    assert h2(notice) == [
        "Qui sommes-nous ?",
        "Délégué à la protection des données (DPO)",
        "Traitements réalisés pour le compte de nos clients",
        "Données traitées",
        "Durées de conservation",
        "Vos droits",
    ]
    assert (
        "**Sous-Traitance Ingénierie SARL** traite vos données en qualité de sous-traitant"
        in notice
    )
    assert "pour le compte de : Cabinet Alpha, Société Bêta." in notice
    assert "- Stockage" in notice
    assert "vous exercez vos droits auprès du responsable du traitement concerné" in notice
    assert "Finalités et bases légales" not in notice


def test_a_processors_purposes_have_no_basis_line() -> None:
    activity = ProcessingActivity(
        id="h", name="H", role=Role.PROCESSOR, purposes=(Purpose(name="Hébergement"),)
    )
    notice = plain(render_notice(one_activity(activity)))
    assert "- **Hébergement**\n\nLe responsable du traitement détermine" in notice
    assert "Base légale" not in notice


def test_one_missing_item_in_several_places_is_one_line_listing_them() -> None:
    bare = ProcessingActivity(id="a", name="A", purposes=(Purpose(name="Un"), Purpose(name="Deux")))
    other = attrs.evolve(bare, id="b", name="B")
    notice = plain(render_notice(attrs.evolve(one_activity(bare), activities=(bare, other))))
    gaps = notice.split("## Points à compléter avant publication")[1]
    assert (
        "- la base légale (article 13, paragraphe 1, point c) du RGPD), "
        "dans les activités « A » et « B » : "
        "`activities[0].purposes[0].legal_bases, activities[0].purposes[1].legal_bases, "
        "activities[1].purposes[0].legal_bases, activities[1].purposes[1].legal_bases`\n"
    ) in gaps
    assert gaps.count("la base légale") == 1


def test_the_closing_list_follows_the_notice() -> None:
    notice = render_notice(gdprkit.load(ROOT / "examples/registers/present-infini.json"))
    body, gaps = notice.split("## Points à compléter avant publication")
    # The bases are asked for in section 2, before the data of section 3: so is the list,
    # although data_categories comes before purposes in the paths' order.
    assert body.index("la base légale") < body.index("si la fourniture des données")
    assert gaps.index("- la base légale") < gaps.index("- si la fourniture des données")
    assert gaps.index("- si la fourniture") < gaps.index("- la durée de conservation")


def test_a_processors_data_come_from_the_controller_and_its_transfers_owe_no_ground() -> None:
    activity = ProcessingActivity(
        id="h",
        name="H",
        role=Role.PROCESSOR,
        purposes=(Purpose(name="Hébergement"),),
        sources=(DataSource(kind=SourceKind.CONTROLLER),),
        transfers=(Transfer(recipient="Support", reference="clauses à venir"),),
    )
    register = one_activity(activity)
    notice = plain(render_notice(register))
    assert "Origine des données : communiquées par le responsable du traitement." in notice
    assert "produites par nos soins" not in notice
    assert "- **Support**\n  - Référence : clauses à venir" in notice
    assert "Fondement du transfert" not in notice
    assert "mechanism" not in [gap.location[-1] for gap in notice_gaps(register)]
    english = render_notice(register, lang="en")
    assert "provided by the controller" in english
    mine = attrs.evolve(activity, role=Role.CONTROLLER, controllers=())
    own = plain(render_notice(one_activity(mine)))
    assert "produites par nos soins" in own
    assert "Fondement du transfert : **À compléter" in own


# Gaps: nothing invented -----------------------------------------------------------------


def test_gaps_are_said_not_filled() -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        purposes=(
            Purpose(name="Sans base"),
            purpose("Intérêt", LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS)),
        ),
        data_categories=(DataCategory(name="Coordonnées"),),
        transfers=(
            Transfer(recipient="Outre-mer", country=CountryCode("US")),
            Transfer(
                recipient="Clauses", country=CountryCode("IN"), mechanism=TransferMechanism.SCC_2021
            ),
            Transfer(
                recipient="Adéquat", country=CountryCode("JP"), mechanism=TransferMechanism.ADEQUACY
            ),
        ),
        automated_decisions=(
            AutomatedDecision(description="Refus automatique", significant_effects=True),
        ),
    )
    register = one_activity(activity, dpo=DPO(name="Mme DPO"), rights=())
    notice = plain(render_notice(register))
    assert "- **Sans base**\n  - Base légale : **À compléter : la base légale**" in notice
    assert "intérêt légitime poursuivi : **À compléter : l’intérêt légitime poursuivi**" in notice
    assert "- **Coordonnées** : **À compléter : la durée de conservation**" in notice
    assert "Fondement du transfert : **À compléter : le fondement du transfert**" in notice
    # Art. 46 only, not adequacy.
    assert notice.count("À compléter : le moyen d’obtenir une copie des garanties") == 1
    assert "- Coordonnées : **À compléter : les coordonnées du délégué" in notice  # the DPO's
    assert "À compléter : le droit suivant, qui s’applique : Droit d’accès" in notice
    assert "Garanties : **À compléter : les garanties entourant la décision automatisée**" in notice
    assert "**À compléter : l’origine des données**" in notice
    # Nothing invented: no recipient, no "required" mention, no date.
    for absent in ("Destinataires", "obligatoire", "Dernière mise à jour", "non précisé"):
        assert absent not in notice
    # Every gap is listed with where it is, in words and as a path, after what is missing.
    for path in (
        "`activities[0].purposes[0].legal_bases`",
        "`activities[0].purposes[1].legal_bases[0].legitimate_interest`",
        "`activities[0].data_categories[0].retention`",
        "`activities[0].transfers[0].mechanism`",
        "`activities[0].transfers[1].safeguards_copy`",
        "`activities[0].automated_decisions[0].safeguards`",
        "`activities[0].sources`",
    ):
        assert f"), dans l’activité « A » : {path}\n" in notice, path
    for path in ("`dpo.contact`", "`rights`"):
        assert f"), dans le registre : {path}\n" in notice, path
    english = render_notice(register, lang="en")
    assert "Lawful basis: **To be completed: the lawful basis**" in english
    with pytest.raises(NoticeIncomplete) as caught:
        render_notice(register, mode="final")
    paths = [gap.path for gap in caught.value.gaps]
    assert "activities[0].purposes[0].legal_bases" in paths
    assert "activities[0].transfers[2].safeguards_copy" not in paths  # adequacy: no copy
    assert "activities[0].purposes[0].legal_bases: the lawful basis (GDPR Art. 13(1)(c))" in str(
        caught.value
    )


def test_no_dpo_no_section() -> None:
    notice = render_notice(english_register(), lang="en")
    assert "Data protection officer" not in notice
    assert "### Representative in the European Union (Article 27 GDPR)" in notice
    assert "- Name: EU Rep GmbH" in notice


# Selecting activities and arguments ----------------------------------------------------


def test_activities_filter() -> None:
    notice = plain(render_notice(rich_register(), activities=["prospection", "clients"]))
    assert "Envoi de la lettre d’information" in notice
    assert "Gestion des commandes" in notice
    assert "Délivrance des médicaments" not in notice
    assert "Tiers payant" not in notice
    # Register order, whatever the order asked.
    assert notice.index("### Gestion des clients") < notice.index("### Prospection commerciale")
    single = render_notice(rich_register(), activities=("prospection",))
    assert "### Prospection commerciale" not in single  # one activity: no sub-heading


def test_bad_arguments() -> None:
    register = rich_register()
    with pytest.raises(ValueError, match=r"unknown activity id.*'nope'.*'clients'"):
        render_notice(register, activities=["clients", "nope"])
    with pytest.raises(ValueError, match="activities is empty"):
        render_notice(register, activities=[])
    with pytest.raises(TypeError, match="not a single string"):
        render_notice(register, activities="clients")
    with pytest.raises(ValueError, match="unsupported language 'nl'"):
        render_notice(register, lang="nl")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unsupported mode 'publish'"):
        render_notice(register, mode="publish")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unsupported format 'pdf'"):
        render_notice(register, format="pdf")  # type: ignore[arg-type]


def test_output_is_deterministic() -> None:
    assert render_notice(rich_register(), format="html") == render_notice(
        rich_register(), format="html"
    )


# HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_is_self_contained_with_a_sane_outline(lang: str) -> None:
    text = render_notice(rich_register(), lang=lang, format="html")
    page = assert_self_contained_page(text, lang)
    assert page.headings[:2] == [1, 2]
    assert page.headings.count(2) == 12  # the eleven sections, and the gaps of the draft
    assert "Pharmacie de l’Étoile SAS" in page.text
    assert page.title.startswith(
        "Politique de confidentialité" if lang == "fr" else "Privacy notice"
    )


def test_html_escapes_every_register_string() -> None:
    evil = "<script>alert(1)</script>"
    register = attrs.evolve(
        rich_register(),
        controller=Controller(
            name=evil,
            trade_name='"><img src=x onerror=alert(2)>',
            contact=Contact(email="a@b.example", url="javascript:alert(3)"),
        ),
        rights_contact="<b>gras</b> & co",
    )
    text = render_notice(register, format="html")
    assert "<script>" not in text
    assert "<img" not in text
    assert "<b>gras" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'href="javascript' not in text
    page = assert_self_contained_page(text, "fr")
    assert evil in page.text
    assert "<b>gras</b> & co" in page.text
    assert "javascript:alert(3)" in page.text  # shown as text, not as a link


def test_html_marks_the_language_of_register_text() -> None:
    english = render_notice(rich_register(), lang="en", format="html")
    assert '<span lang="fr">Pharmacie de l’Étoile SAS</span>' in english
    french = render_notice(rich_register(), lang="fr", format="html")
    assert '<span lang="fr">' not in french


def test_french_typography() -> None:
    html = render_notice(rich_register(), format="html")
    assert "Base légale\u00a0: Exécution" in html
    assert "«\u00a0Envoi de la lettre" in html or "« Envoi" not in html


# Markdown --------------------------------------------------------------------------------


def test_markdown_escapes_register_text() -> None:
    register = attrs.evolve(
        rich_register(),
        controller=Controller(name="<script>alert(1)</script> *gras* _x_ [lien](javascript:x) `c`"),
        activities=(
            ProcessingActivity(
                id="a",
                name="A",
                purposes=(Purpose(name="# en gras, pas un titre"),),
                data_categories=(DataCategory(name="Données", description="R&D &amp; ~x~"),),
                automated_decisions=(
                    AutomatedDecision(description="# pas un titre"),
                    AutomatedDecision(description="1. pas une liste"),
                    AutomatedDecision(description="- pas une puce\n+ ni celle-ci"),
                ),
            ),
        ),
    )
    notice = plain(render_notice(register))
    assert "<script>" not in notice
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*gras\\* \\_x\\_ \\[lien\\](javascript:x) \\`c\\`"
        in notice
    )
    # Text that starts a list item cannot start a heading or a list.
    assert "- \\# pas un titre" in notice
    assert "- 1\\. pas une liste" in notice
    assert "- \\- pas une puce<br>\\+ ni celle-ci" in notice
    # Inside bold it need not be escaped.
    assert "- **# en gras, pas un titre**" in notice
    # "&" only where it would start an entity.
    assert "- **Données** : R&D &amp;amp; &#126;x&#126;" in notice


def test_markdown_renders_as_the_register_says() -> None:
    markdown = pytest.importorskip("markdown")
    register = attrs.evolve(
        rich_register(), controller=Controller(name="<script>x</script> *a* [b](javascript:c)")
    )
    notice = render_notice(register)
    html = markdown.markdown(notice)
    assert "<script>" not in html
    assert "<a " not in html
    assert "&lt;script&gt;x&lt;/script&gt; *a* [b](javascript:c)" in html


# The example registers ----------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("format_", ["markdown", "html"])
def test_every_example_renders(path: Path, lang: str, format_: str) -> None:
    register = gdprkit.load(path)
    text = render_notice(register, lang=lang, format=format_)
    assert (
        register.controller.name.split()[0] in text
        or (register.controller.trade_name or "") in text
    )
    if format_ == "html":
        assert_self_contained_page(text, lang)


def test_offisante_notice_says_what_the_policy_says() -> None:
    notice = plain(render_notice(gdprkit.load(ROOT / "examples/registers/offisante.json")))
    assert "Le responsable du traitement de vos données est **OffiSanté**." in notice
    assert "- RCS Paris : 537 770 273" in notice
    assert "- Courriel : dpo@offisante.fr" in notice
    # Purposes the policy gives no basis for: said, not invented.
    assert (
        "**Diffuser les contenus sur les sites et/ou l’application mobile**\n"
        "  - Base légale : **À compléter : la base légale**"
    ) in notice
    assert (
        "- la base légale (article 13, paragraphe 1, point c) du RGPD), dans les activités "
        "« Diffusion des contenus sur les sites et l’application mobile », "
        "« Paiement des services souscrits » et "
        "« Cookies et traceurs des sites, de l’application et du service SaaS » : "
        "`activities[0].purposes[0].legal_bases, activities[4].purposes[0].legal_bases, "
        "activities[6].purposes[0].legal_bases`" in notice
    )
    assert "- **Messages échangés au sein du Chat** : 30 jours" in notice
    # Internal notes never appear.
    assert "non précisé" not in notice
    assert "Tableau des bases légales" not in notice
    assert "- **Données de connexion sur les sites et/ou application** : 6 mois" in notice
    # The authority the register names, with its contact details from the reference data.
    assert "**Commission nationale de l’informatique et des libertés (CNIL)**." in notice
    # The policy lists no directives after death.
    assert "décès" not in notice


_COOPER_GROUND = (
    "pour répondre à nos différentes obligations légales notamment comptables ou fiscales "
    "mais également pour conserver toute preuve utile en cas de contentieux et ce, dans la "
    "limite des différents délais de prescription applicables selon les finalités décrites "
    "ci-avant"
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "- **Données d’identité** et **Données professionnelles** : jusqu’à la fin du "
            "contrat, puis archivage intermédiaire "
            f"d’une durée non précisée ({_COOPER_GROUND.replace(chr(39), '’')}) — "
            "**À compléter : la durée de l’archivage intermédiaire**",
        ),
        (
            "en",
            "- **Données d’identité (text not translated)** and **Données professionnelles (text "
            "not translated)**: until the end of the contract, then "
            f"an intermediate archive of unspecified length ({_COOPER_GROUND.replace(chr(39), '’')}) "
            "— **To be completed: how long the intermediate archive lasts** (text not translated)",
        ),
    ],
)
def test_cooper_notice_archives_for_an_unstated_period(lang: str, expected: str) -> None:
    # The policy gives no figure for the archive: the notice says so, and invents none.
    notice = plain(render_notice(gdprkit.load(ROOT / "examples/registers/cooper.json"), lang=lang))
    assert expected in notice
    assert "Données des clients utiles comme preuve en cas de contentieux" in notice


_AMM = "l’expiration de l’autorisation de mise sur le marché du produit"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", f"- **Données d’identité** : 10 ans à compter de {_AMM} (sans AMM"),
        ("en", f"- **Données d’identité (text not translated)**: 10 years from “{_AMM} (sans AMM"),
    ],
)
def test_cooper_notice_counts_vigilance_data_from_the_described_event(
    lang: str, expected: str
) -> None:
    notice = plain(render_notice(gdprkit.load(ROOT / "examples/registers/cooper.json"), lang=lang))
    assert expected in notice


def test_cooptalis_notice_is_a_processors() -> None:
    notice = render_notice(gdprkit.load(ROOT / "examples/registers/cooptalis.json"), lang="en")
    assert h2(notice)[0] == "Who we are"
    assert "processes your data as a processor, on behalf of the controllers" in notice
    assert "you exercise your rights with the controller concerned" in notice


def test_a_register_of_many_activities_renders_each_of_them() -> None:
    """How the time grows with the register is measured by the benchmark
    (``benchmarks/``), not here."""
    base = rich_register()
    many = attrs.evolve(
        base,
        activities=tuple(
            attrs.evolve(a, id=f"{a.id}-{i}", name=f"{a.name} {i}")
            for i in range(400)
            for a in base.activities
        ),
    )
    text = render_notice(many, format="html")
    assert text.count("<h3>Gestion des clients") >= 400


def test_sources_from_the_person_only() -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT, description="formulaire"),),
    )
    notice = plain(render_notice(one_activity(activity)))
    assert "Origine des données : directement auprès de vous (formulaire)." in notice


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        ("Collecte sur le site.", "(Collecte sur le site)."),
        ("Collecte sur le site. ", "(Collecte sur le site)."),
        ("formulaire, appels, etc.", "(formulaire, appels, etc.)."),
        ("formulaire...", "(formulaire...)."),
    ],
)
def test_a_source_ending_its_own_sentence_loses_that_full_stop(
    description: str, shown: str
) -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        sources=(DataSource(kind=SourceKind.DATA_SUBJECT, description=description),),
    )
    notice = plain(render_notice(one_activity(activity)))
    assert f"Origine des données : directement auprès de vous {shown}" in notice


def test_categories_kept_alike_share_one_retention_line() -> None:
    year = RetentionRule(statement="1 an")
    activity = ProcessingActivity(
        id="a",
        name="A",
        purposes=(Purpose(name="Un"),),
        data_categories=(
            DataCategory(name="Identité", retention=year),
            DataCategory(name="Contact", retention=RetentionRule(statement="3 ans")),
            DataCategory(name="Adresse", retention=year),
            DataCategory(name="Pièces", retention=year),
            DataCategory(name="Journaux"),
            DataCategory(name="Traces"),
        ),
    )
    notice = plain(render_notice(one_activity(activity)))
    assert "- **Identité**, **Adresse** et **Pièces** : 1 an\n" in notice
    assert "- **Contact** : 3 ans\n" in notice
    assert "- **Journaux** et **Traces** : **À compléter : la durée de conservation**\n" in notice
    # Each category left without a retention is still a gap of its own.
    assert [g.path for g in notice_gaps(one_activity(activity)) if g.item == "retention"] == [
        "activities[0].data_categories[4].retention",
        "activities[0].data_categories[5].retention",
    ]
    english = plain(render_notice(one_activity(activity, language="fr"), lang="en"))
    assert "**Adresse (text not translated)** and **Pièces (text not translated)**:" in english


def test_retention_rule_without_period_shows_the_statement() -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        data_categories=(
            DataCategory(name="Cookies", retention=RetentionRule(statement="13 mois")),
        ),
    )
    assert "- **Cookies** : 13 mois" in plain(render_notice(one_activity(activity)))
