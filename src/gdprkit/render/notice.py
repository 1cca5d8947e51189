"""The privacy notice of GDPR Art. 13 (and the Art. 14 items), rendered from a register.

:func:`render_notice` writes, in French or English, as Markdown or as a
self-contained HTML page, what a person is told when their data are
collected, in the order French notices use:

1. the controller (or, for a processor, who it is and for whom it acts), its
   representative and joint controllers (GDPR Art. 13(1)(a), 26(2));
2. the DPO's contact (Art. 13(1)(b));
3. the purposes with their lawful basis, and the legitimate interest pursued
   under Art. 6(1)(f) (Art. 13(1)(c)–(d));
4. the categories of data, whether providing them is required, and where they
   come from when not from the person (Art. 13(2)(e), 14(1)(d), 14(2)(f));
5. the recipients (Art. 13(1)(e));
6. the transfers outside the Union with their safeguard and where to obtain a
   copy of it (Art. 13(1)(f));
7. how long each category is kept (Art. 13(2)(a));
8. the rights that apply given the lawful bases, the right to object set
   apart (Art. 21(4)), the right to withdraw consent (Art. 13(2)(b)–(c));
9. the complaint to a supervisory authority (Art. 13(2)(d), 77);
10. automated decisions (Art. 13(2)(f), 22).

What the register does not say is never invented
--------------------------------------------------
* An entry the register lists (a purpose, a data category, a recipient, a
  transfer, a decision) is shown.  What the law requires the notice to say
  about that entry, when the register leaves it empty, is written « non
  précisé(e) » / "not specified": an activity's purposes, a purpose's lawful
  basis, the interest pursued under Art. 6(1)(f), a category's retention, a
  transfer's safeguard and, for an Art. 46 safeguard, where to obtain a copy,
  the DPO's contact, the list of rights, the safeguards of a decision with
  significant effects.  (A processor's purposes get no basis line: the
  controller states its bases.)
* Anything else the register does not state is left out: no sentence is
  written for it (no DPO section without a DPO, no transfer section without
  transfers, no "required" mention when the register does not say).
* A right is shown only when the register declares it (for the activity, or
  for the whole register) **and** the lawful bases allow it (the policy of
  :func:`gdprkit.policy.right_applies`, shared with the rules): no portability for a purpose based
  on legitimate interests alone, no withdrawal without consent, objection
  only under Art. 6(1)(e) or (f), objection to direct marketing only for a
  purpose tagged ``direct-marketing`` or ``prospection``, no erasure for a
  purpose resting only on a legal obligation or a public task (Art.
  17(3)(b)).  For a purpose without a lawful basis, only the rights that do
  not hinge on a particular basis are shown (those available under most
  bases: access, rectification, erasure, restriction…); portability,
  objection and withdrawal, which exist only under one or two bases, are
  not.  The right to
  withdraw consent is also shown where a consent basis states how to
  withdraw it.  Directives after death (LIL art. 85) are shown for French
  registers only.  A right that applies to some purposes only names them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence

from gdprkit.model import (
    Art9Condition,
    Contact,
    DataCategory,
    DataKind,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
    Right,
    Role,
    TransferMechanism,
)
from gdprkit.policy import is_french, right_applies
from gdprkit.reference.cnil import france
from gdprkit.render._document import (
    Block,
    Bullets,
    Heading,
    Inline,
    Item,
    Link,
    Para,
    Reg,
    Strong,
    to_html,
    to_markdown,
)
from gdprkit.render._labels import (
    check_lang,
    citation_text,
    country_name,
    date_text,
    label,
    not_specified,
    retention_text,
    right_explanation,
)


__all__ = ["FORMATS", "render_notice", "rights_shown"]

FORMATS = ("markdown", "html")
"""The output formats of :func:`render_notice`."""

_OBJECTIONS = (Right.OBJECTION, Right.OBJECTION_DIRECT_MARKETING)
_LISTED_ELSEWHERE = frozenset({*_OBJECTIONS, Right.WITHDRAW_CONSENT, Right.COMPLAINT})

_T: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Politique de confidentialité",
        "intro_start": "Cette politique explique comment ",
        "intro_end": (
            " traite vos données personnelles, conformément aux articles 13 et 14 du "
            "règlement général sur la protection des données (RGPD)."
        ),
        "controller": "Responsable du traitement",
        "controller_is": "Le responsable du traitement de vos données est ",
        "who": "Qui sommes-nous ?",
        "processor_is": (
            " traite vos données en qualité de sous-traitant (RGPD, art. 28), pour le compte "
            "des responsables du traitement indiqués plus bas."
        ),
        "trade_name": "Nom commercial",
        "address": "Adresse",
        "email": "Courriel",
        "phone": "Téléphone",
        "url": "Site web",
        "country": "Pays",
        "name": "Nom",
        "contact": "Coordonnées",
        "representative": "Représentant dans l’Union européenne (RGPD, art. 27)",
        "joint": "Responsables conjoints du traitement (RGPD, art. 26)",
        "arrangement": "accord",
        "dpo": "Délégué à la protection des données (DPO)",
        "dpo_intro": "Vous pouvez contacter notre délégué à la protection des données :",
        "purposes": "Finalités et bases légales",
        "purposes_of": "Finalités",
        "basis": "Base légale",
        "interest": "intérêt légitime poursuivi",
        "special": "données sensibles",
        "processing_for": "Traitements réalisés pour le compte de nos clients",
        "acting_for": "Nous agissons en qualité de sous-traitant (RGPD, art. 28) pour le compte de : ",
        "acting": "Nous agissons en qualité de sous-traitant (RGPD, art. 28).",
        "categories_of_processing": "Opérations effectuées",
        "controller_decides": (
            "Le responsable du traitement détermine les finalités et les moyens de ce "
            "traitement ; c’est auprès de lui que s’exercent vos droits (RGPD, art. 12 et 28(3)(e))."
        ),
        "data": "Données traitées",
        "required": "fourniture obligatoire",
        "optional": "fourniture facultative",
        "sources": "Origine des données",
        "recipients": "Destinataires des données",
        "transfers": "Transferts de données hors de l’Union européenne",
        "organisation": "organisation internationale",
        "safeguard": "Garantie",
        "reference": "Référence",
        "copy": "Copie des garanties",
        "retention": "Durées de conservation",
        "rights": "Vos droits",
        "rights_intro": "Vous disposez des droits suivants sur vos données :",
        "for_purposes": "pour : ",
        "how": "Pour l’exercer : ",
        "semicolon": " ; ",
        "open_quote": "« ",
        "close_quote": " »",
        "objection": "Votre droit d’opposition",
        "withdrawal": "Retrait du consentement",
        "withdraw_how": "Pour retirer votre consentement : ",
        "exercise": "Pour exercer vos droits : ",
        "processor_rights": (
            "Pour les traitements réalisés en qualité de sous-traitant, vos droits s’exercent "
            "auprès du responsable du traitement concerné (RGPD, art. 12 et 28(3)(e))."
        ),
        "complaint": "Réclamation auprès d’une autorité de contrôle",
        "complaint_to": (
            "Conformément à l’article 77 du RGPD, vous pouvez introduire une réclamation auprès de "
        ),
        "complaint_named": "l’autorité de contrôle compétente : ",
        "complaint_cnil": "la ",
        "complaint_generic": (
            "une autorité de contrôle, notamment dans l’État membre de votre résidence habituelle, "
            "de votre lieu de travail ou du lieu où la violation aurait été commise"
        ),
        "complaint_end": ".",
        "complaint_how": "Coordonnées : ",
        "decisions": "Décisions automatisées",
        "decisions_intro": (
            "Certaines décisions sont prises sur le seul fondement d’un traitement automatisé "
            "(RGPD, art. 22) :"
        ),
        "effects": "Effets juridiques ou significatifs",
        "yes": "oui",
        "no": "non",
        "safeguards": "Garanties",
        "updated": "Dernière mise à jour : ",
        "colon": " : ",
    },
    "en": {
        "title": "Privacy notice",
        "intro_start": "This notice explains how ",
        "intro_end": (
            " processes your personal data, as required by Articles 13 and 14 of the "
            "General Data Protection Regulation (GDPR)."
        ),
        "controller": "Controller",
        "controller_is": "The controller of your data is ",
        "who": "Who we are",
        "processor_is": (
            " processes your data as a processor (GDPR Art. 28), on behalf of the controllers "
            "named below."
        ),
        "trade_name": "Trade name",
        "address": "Address",
        "email": "E-mail",
        "phone": "Telephone",
        "url": "Website",
        "country": "Country",
        "name": "Name",
        "contact": "Contact details",
        "representative": "Representative in the European Union (GDPR Art. 27)",
        "joint": "Joint controllers (GDPR Art. 26)",
        "arrangement": "arrangement",
        "dpo": "Data protection officer (DPO)",
        "dpo_intro": "You can contact our data protection officer:",
        "purposes": "Purposes and lawful bases",
        "purposes_of": "Purposes",
        "basis": "Lawful basis",
        "interest": "legitimate interest pursued",
        "special": "special-category data",
        "processing_for": "Processing carried out on behalf of our clients",
        "acting_for": "We act as a processor (GDPR Art. 28) on behalf of: ",
        "acting": "We act as a processor (GDPR Art. 28).",
        "categories_of_processing": "Operations carried out",
        "controller_decides": (
            "The controller decides the purposes and means of this processing; you exercise "
            "your rights with it (GDPR Art. 12 and 28(3)(e))."
        ),
        "data": "Personal data we process",
        "required": "required",
        "optional": "optional",
        "sources": "Where the data come from",
        "recipients": "Recipients of the data",
        "transfers": "Transfers outside the European Union",
        "organisation": "international organisation",
        "safeguard": "Safeguard",
        "reference": "Reference",
        "copy": "Copy of the safeguards",
        "retention": "How long we keep your data",
        "rights": "Your rights",
        "rights_intro": "You have the following rights over your data:",
        "for_purposes": "for: ",
        "how": "How to exercise it: ",
        "semicolon": "; ",
        "open_quote": "“",
        "close_quote": "”",
        "objection": "Your right to object",
        "withdrawal": "Withdrawing your consent",
        "withdraw_how": "To withdraw your consent: ",
        "exercise": "To exercise your rights: ",
        "processor_rights": (
            "For the processing we carry out as a processor, you exercise your rights with the "
            "controller concerned (GDPR Art. 12 and 28(3)(e))."
        ),
        "complaint": "Complaint to a supervisory authority",
        "complaint_to": "Under Article 77 of the GDPR, you can lodge a complaint with ",
        "complaint_named": "the competent supervisory authority: ",
        "complaint_cnil": "the French supervisory authority, the ",
        "complaint_generic": (
            "a supervisory authority, in particular in the Member State of your habitual "
            "residence, place of work or place of the alleged infringement"
        ),
        "complaint_end": ".",
        "complaint_how": "Contact details: ",
        "decisions": "Automated decisions",
        "decisions_intro": (
            "Some decisions are based solely on automated processing (GDPR Art. 22):"
        ),
        "effects": "Legal or similarly significant effects",
        "yes": "yes",
        "no": "no",
        "safeguards": "Safeguards",
        "updated": "Last updated: ",
        "colon": ": ",
    },
}

_CSS = """\
    body { margin: 0; background: #fff; color: #1b1b1b;
           font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
    h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 1rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; padding-bottom: .25rem;
         border-bottom: 1px solid #d0d0d0; }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
    ul { padding-left: 1.25rem; }
    li { margin: .3rem 0; }
    a { color: #0b57a4; }
    .updated { margin-top: 2.5rem; color: #555; font-size: .9rem; }
    @media print { main { max-width: none; padding: 0; } a { color: inherit; } }
"""

_ART46_47 = frozenset(
    m
    for m in TransferMechanism
    if (m.citation or "").startswith(("GDPR Art. 46", "GDPR Art. 47"))
    or m is TransferMechanism.DEROGATION_COMPELLING_INTERESTS
)
"""Transfers for which Art. 13(1)(f) asks where a copy of the safeguards is available."""


def _consents(purpose: Purpose) -> tuple[LegalBasis, ...]:
    return tuple(
        b
        for b in purpose.legal_bases
        if b.basis is LawfulBasis.CONSENT or b.special_condition is Art9Condition.EXPLICIT_CONSENT
    )


class RightShown:
    """One right as the notice shows it.

    Attributes:
        hows: How to exercise it, as the register words it (in order, once each).
        targets: What it applies to: an activity's name where it applies to
            every purpose of the activity, otherwise the purposes' names.
        everywhere: True when it applies to every purpose considered, so
            that the notice need not say what it applies to.
    """

    def __init__(self) -> None:
        self.hows: dict[str, None] = {}
        self.targets: dict[str, None] = {}
        self.everywhere = True


def rights_shown(
    register: Register, activities: Sequence[ProcessingActivity]
) -> dict[Right, RightShown]:
    """The rights the notice shows for *activities*, in the order of
    :class:`~gdprkit.model.Right`.

    A right is shown for a purpose when the register declares it for the
    purpose's activity (or a consent basis says how to withdraw consent) and
    the purpose's bases allow it; directives after death only for a French
    register.  An activity without purposes counts as one purpose without a
    basis.  Linear in the number of purposes.
    """
    french = is_french(register)
    shown: dict[Right, RightShown] = {r: RightShown() for r in Right}
    hit: set[Right] = set()
    for activity in activities:
        declared = {d.right: d for d in register.rights_of(activity)}
        purposes = activity.purposes or (Purpose(name=activity.name),)
        names: dict[Right, list[str]] = {r: [] for r in Right}
        for purpose in purposes:
            withdraw = [b.withdrawal_method for b in _consents(purpose) if b.withdrawal_method]
            for right in Right:
                if right is Right.POST_MORTEM_DIRECTIVES and not french:
                    continue
                declaration = declared.get(right)
                implied = right is Right.WITHDRAW_CONSENT and bool(withdraw)
                if (declaration is None and not implied) or not right_applies(purpose, right):
                    continue
                names[right].append(purpose.name)
                entry = shown[right]
                if declaration is not None and declaration.how:
                    entry.hows[declaration.how] = None
                if right is Right.WITHDRAW_CONSENT:
                    entry.hows.update(dict.fromkeys(withdraw))
        for right, found in names.items():
            entry = shown[right]
            if len(found) == len(purposes):
                entry.targets[activity.name] = None
            else:
                entry.everywhere = False
                entry.targets.update(dict.fromkeys(found))
            if found:
                hit.add(right)
    return {r: shown[r] for r in Right if r in hit}


def _select(register: Register, activities: Sequence[str] | None) -> tuple[ProcessingActivity, ...]:
    if activities is None:
        return register.activities
    if isinstance(activities, str):
        msg = "activities must be a sequence of activity ids, not a single string"
        raise TypeError(msg)
    wanted = dict.fromkeys(activities)
    if not wanted:
        msg = "activities is empty: pass None for every activity, or at least one id"
        raise ValueError(msg)
    known = {a.id for a in register.activities}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        msg = (
            f"unknown activity id(s): {', '.join(map(repr, unknown))}; "
            f"the register has: {', '.join(repr(a.id) for a in register.activities) or 'none'}"
        )
        raise ValueError(msg)
    return tuple(a for a in register.activities if a.id in wanted)


class _Notice:
    def __init__(
        self, register: Register, activities: tuple[ProcessingActivity, ...], lang: str
    ) -> None:
        self.register = register
        self.activities = activities
        self.lang = lang
        self.t = _T[lang]
        self.blocks: list[Block] = []
        self.section = 0
        self.controlled = tuple(a for a in activities if a.role is not Role.PROCESSOR)
        self.processed = tuple(a for a in activities if a.role is Role.PROCESSOR)
        self.grouped = len(activities) > 1
        # Rights are exercised with the controller: for a processor's
        # activities the notice only says so, unless it has nothing else.
        self.shown = rights_shown(register, self.controlled or self.processed)

    # Helpers -----------------------------------------------------------------

    def h2(self, key: str, anchor: str) -> None:
        self.section += 1
        self.blocks.append(Heading(2, (f"{self.section}. {self.t[key]}",), anchor))

    def lbl(self, member: enum.Enum) -> str:
        return label(member, self.lang)

    def cite(self, member: enum.Enum) -> str:
        citation = getattr(member, "citation", None)
        return citation_text(citation, self.lang) if citation else ""

    def labelled(self, member: enum.Enum) -> str:
        cite = self.cite(member)
        return f"{self.lbl(member)} ({cite})" if cite else self.lbl(member)

    def field(self, key: str, *value: Inline) -> Item:
        return Item((f"{self.t[key]}{self.t['colon']}", *value))

    def contact_items(self, contact: Contact) -> list[Item]:
        items = []
        if contact.address:
            items.append(self.field("address", Reg(contact.address)))
        if contact.email:
            items.append(self.field("email", Link(Reg(contact.email), f"mailto:{contact.email}")))
        if contact.phone:
            items.append(self.field("phone", Reg(contact.phone)))
        if contact.url:
            items.append(self.field("url", Link(Reg(contact.url), contact.url)))
        return items

    def by_activity(
        self,
        activities: Iterable[ProcessingActivity],
        build: Callable[[ProcessingActivity], list[Block]],
    ) -> list[Block]:
        """Blocks for each activity, under its own heading when there are several."""
        out: list[Block] = []
        for activity in activities:
            blocks = build(activity)
            if not blocks:
                continue
            if self.grouped:
                out.append(Heading(3, (Reg(activity.name),)))
            out.extend(blocks)
        return out

    # Sections ------------------------------------------------------------------

    def build(self) -> list[Block]:
        controller = self.register.controller
        shown_name = controller.trade_name or controller.name
        self.blocks.append(Heading(1, (self.t["title"],)))
        self.blocks.append(Para((self.t["intro_start"], Reg(shown_name), self.t["intro_end"])))
        self.identity()
        self.dpo()
        self.purposes()
        self.processing_for_others()
        self.data()
        self.recipients()
        self.transfers()
        self.retention()
        self.rights()
        self.complaint()
        self.decisions()
        if self.register.updated is not None:
            self.blocks.append(
                Para((self.t["updated"] + date_text(self.register.updated, self.lang),), "updated")
            )
        return self.blocks

    def identity(self) -> None:
        controller = self.register.controller
        if self.controlled or not self.processed:
            self.h2("controller", "controller")
            self.blocks.append(
                Para((self.t["controller_is"], Strong((Reg(controller.name),)), "."))
            )
        else:
            self.h2("who", "controller")
            self.blocks.append(Para((Strong((Reg(controller.name),)), self.t["processor_is"])))
        items: list[Item] = []
        if controller.trade_name:
            items.append(self.field("trade_name", Reg(controller.trade_name)))
        items.extend(
            Item((Reg(i.scheme), self.t["colon"], Reg(i.value))) for i in controller.identifiers
        )
        items.extend(self.contact_items(controller.contact))
        if controller.country:
            items.append(self.field("country", country_name(controller.country, self.lang)))
        if items:
            self.blocks.append(Bullets(tuple(items)))
        rep = self.register.representative
        if rep is not None:
            self.blocks.append(Heading(3, (self.t["representative"],)))
            rep_items = [self.field("name", Reg(rep.name)), *self.contact_items(rep.contact)]
            if rep.country:
                rep_items.append(self.field("country", country_name(rep.country, self.lang)))
            self.blocks.append(Bullets(tuple(rep_items)))
        joint: dict[object, Item] = {}
        for activity in self.controlled:
            for jc in activity.joint_controllers:
                parts: list[Inline] = [Strong((Reg(jc.name),))]
                if jc.arrangement:
                    parts += [
                        f" ({self.t['arrangement']}{self.t['colon']}",
                        Reg(jc.arrangement),
                        ")",
                    ]
                joint.setdefault(
                    jc, Item(tuple(parts), tuple(self._sub(self.contact_items(jc.contact))))
                )
        if joint:
            self.blocks.append(Heading(3, (self.t["joint"],)))
            self.blocks.append(Bullets(tuple(joint.values())))

    @staticmethod
    def _sub(items: list[Item]) -> list[Block]:
        return [Bullets(tuple(items))] if items else []

    def dpo(self) -> None:
        dpo = self.register.dpo
        if dpo is None:
            return
        self.h2("dpo", "dpo")
        items: list[Item] = []
        if dpo.name:
            items.append(self.field("name", Reg(dpo.name)))
        contact = self.contact_items(dpo.contact)
        if not contact:
            contact = [self.field("contact", not_specified(self.lang, feminine=True, plural=True))]
        items.extend(contact)
        self.blocks.append(Para((self.t["dpo_intro"],)))
        self.blocks.append(Bullets(tuple(items)))

    def basis_item(self, basis: LegalBasis) -> Item:
        parts: list[Inline] = [f"{self.t['basis']}{self.t['colon']}{self.labelled(basis.basis)}"]
        if basis.basis in (LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK) and basis.law:
            parts += [" — ", Reg(basis.law)]
        if basis.basis is LawfulBasis.LEGITIMATE_INTERESTS:
            parts.append(f"{self.t['semicolon']}{self.t['interest']}{self.t['colon']}")
            parts.append(
                Reg(basis.legitimate_interest)
                if basis.legitimate_interest
                else not_specified(self.lang)
            )
        if basis.special_condition is not None:
            parts.append(
                f"{self.t['semicolon']}{self.t['special']}{self.t['colon']}{self.labelled(basis.special_condition)}"
            )
            if basis.condition_law:
                parts += [" — ", Reg(basis.condition_law)]
        return Item(tuple(parts))

    def purpose_item(self, purpose: Purpose, *, basis_required: bool = True) -> Item:
        """A purpose and its bases; *basis_required* is false for a
        processor's purposes, whose bases are the controller's to state."""
        parts: list[Inline] = [Strong((Reg(purpose.name),))]
        if purpose.description:
            parts += [" — ", Reg(purpose.description)]
        if purpose.legal_bases:
            children = [self.basis_item(b) for b in purpose.legal_bases]
        elif not basis_required:
            return Item(tuple(parts))
        else:
            children = [
                Item(
                    (
                        f"{self.t['basis']}{self.t['colon']}{not_specified(self.lang, feminine=True)}",
                    )
                )
            ]
        return Item(tuple(parts), (Bullets(tuple(children)),))

    def purpose_blocks(self, activity: ProcessingActivity) -> list[Block]:
        blocks: list[Block] = []
        if self.grouped and activity.description:
            blocks.append(Para((Reg(activity.description),)))
        if not activity.purposes:
            text = f"{self.t['purposes_of']}{self.t['colon']}{not_specified(self.lang, feminine=True, plural=True)}"
            blocks.append(Para((text,)))
            return blocks
        items = {p: self.purpose_item(p) for p in activity.purposes}
        blocks.append(Bullets(tuple(items.values())))
        return blocks

    def purposes(self) -> None:
        if not self.controlled:
            return
        self.h2("purposes", "purposes")
        self.blocks.extend(self.by_activity(self.controlled, self.purpose_blocks))

    def processor_blocks(self, activity: ProcessingActivity) -> list[Block]:
        blocks: list[Block] = []
        if activity.description:
            blocks.append(Para((Reg(activity.description),)))
        if activity.controllers:
            parts: list[Inline] = [self.t["acting_for"]]
            for index, c in enumerate(activity.controllers):
                if index:
                    parts.append(", ")
                parts.append(Reg(c.name))
            parts.append(".")
            blocks.append(Para(tuple(parts)))
        else:
            blocks.append(Para((self.t["acting"],)))
        if activity.processing_categories:
            blocks.append(Para((self.t["categories_of_processing"] + self.t["colon"].rstrip(),)))
            blocks.append(Bullets(tuple(Item((Reg(c),)) for c in activity.processing_categories)))
        if activity.purposes:
            blocks.append(
                Bullets(
                    tuple(
                        self.purpose_item(p, basis_required=False)
                        for p in dict.fromkeys(activity.purposes)
                    )
                )
            )
        blocks.append(Para((self.t["controller_decides"],)))
        return blocks

    def processing_for_others(self) -> None:
        if not self.processed:
            return
        self.h2("processing_for", "processing-for-clients")
        self.blocks.extend(self.by_activity(self.processed, self.processor_blocks))

    def category_item(self, category: DataCategory) -> Item:
        parts: list[Inline] = [Strong((Reg(category.name),))]
        if category.description:
            parts += [self.t["colon"], Reg(category.description)]
        if category.kind.is_special or category.kind in (
            DataKind.CRIMINAL_OFFENCES,
            DataKind.NATIONAL_ID,
        ):
            parts.append(f" — {self.labelled(category.kind)}")
        if category.required is not None:
            parts.append(f" — {self.t['required' if category.required else 'optional']}")
        return Item(tuple(parts))

    def data_blocks(self, activity: ProcessingActivity) -> list[Block]:
        blocks: list[Block] = []
        if activity.data_categories:
            items = {
                (c.name, c.description, c.kind, c.required): self.category_item(c)
                for c in activity.data_categories
            }
            blocks.append(Bullets(tuple(items.values())))
        sources = dict.fromkeys((s.kind, s.description) for s in activity.sources)
        if sources:
            # Art. 14(2)(f): where the data come from, for this activity.
            parts: list[Inline] = [f"{self.t['sources']}{self.t['colon']}"]
            for index, (kind, description) in enumerate(sources):
                if index:
                    parts.append(self.t["semicolon"])
                parts.append(self.lbl(kind))
                if description:
                    parts += [" (", Reg(description), ")"]
            parts.append(".")
            blocks.append(Para(tuple(parts)))
        return blocks

    def data(self) -> None:
        if not any(a.data_categories or a.sources for a in self.activities):
            return
        self.h2("data", "data")
        self.blocks.extend(self.by_activity(self.activities, self.data_blocks))

    def recipients(self) -> None:
        found: dict[object, Item] = {}
        for activity in self.activities:
            for r in activity.recipients:
                key = (r.name, r.kind, r.country, r.description)
                if key in found:
                    continue
                details = self.lbl(r.kind)
                if r.country:
                    details += ", " + country_name(r.country, self.lang)
                parts: list[Inline] = [Strong((Reg(r.name),)), f" ({details})"]
                if r.description:
                    parts += [" — ", Reg(r.description)]
                found[key] = Item(tuple(parts))
        if found:
            self.h2("recipients", "recipients")
            self.blocks.append(Bullets(tuple(found.values())))

    def transfers(self) -> None:
        found: dict[object, Item] = {}
        for activity in self.activities:
            for tr in activity.transfers:
                if tr in found:
                    continue
                parts: list[Inline] = [Strong((Reg(tr.recipient),))]
                if tr.country:
                    parts.append(" → " + country_name(tr.country, self.lang))
                if tr.organisation:
                    parts += [f" → {self.t['organisation']} ", Reg(tr.organisation)]
                colon = self.t["colon"]
                safeguard = (
                    self.labelled(tr.mechanism)
                    if tr.mechanism is not None
                    else not_specified(self.lang, feminine=True)
                )
                children = [Item((f"{self.t['safeguard']}{colon}{safeguard}",))]
                if tr.reference:
                    children.append(Item((f"{self.t['reference']}{colon}", Reg(tr.reference))))
                if tr.safeguards_copy:
                    children.append(Item((f"{self.t['copy']}{colon}", Reg(tr.safeguards_copy))))
                elif tr.mechanism in _ART46_47:
                    children.append(
                        Item((f"{self.t['copy']}{colon}{not_specified(self.lang, feminine=True)}",))
                    )
                found[tr] = Item(tuple(parts), (Bullets(tuple(children)),))
        if found:
            self.h2("transfers", "transfers")
            self.blocks.append(Bullets(tuple(found.values())))

    def retention_blocks(self, activity: ProcessingActivity) -> list[Block]:
        if not activity.data_categories:
            return []
        items: dict[object, Item] = {}
        for c in activity.data_categories:
            text = retention_text(c.retention, self.lang)
            items.setdefault((c.name, text), Item((Strong((Reg(c.name),)), self.t["colon"], text)))
        return [Bullets(tuple(items.values()))]

    def retention(self) -> None:
        if not any(a.data_categories for a in self.activities):
            return
        self.h2("retention", "retention")
        self.blocks.extend(self.by_activity(self.activities, self.retention_blocks))

    def right_item(self, right: Right) -> Item:
        entry = self.shown[right]
        cite = self.cite(right)
        head = self.lbl(right) + (f" ({cite})" if cite else "")
        parts: list[Inline] = [
            Strong((head,)),
            self.t["colon"] + right_explanation(right, self.lang),
        ]
        if not entry.everywhere:
            parts.append(f" — {self.t['for_purposes']}")
            for index, name in enumerate(entry.targets):
                if index:
                    parts.append(", ")
                parts += [self.t["open_quote"], Reg(name), self.t["close_quote"]]
        parts.append(".")
        if entry.hows:
            parts += [" ", self.t["how"]]
            for index, how in enumerate(entry.hows):
                if index:
                    parts.append(self.t["semicolon"])
                parts.append(Reg(how))
            parts.append(_stop(how))
        return Item(tuple(parts))

    def rights(self) -> None:
        shown = self.shown
        self.h2("rights", "rights")
        listed = [r for r in shown if r not in _LISTED_ELSEWHERE]
        objections = [r for r in shown if r in _OBJECTIONS]
        if not listed and not objections and Right.WITHDRAW_CONSENT not in shown:
            text = f"{self.t['rights']}{self.t['colon']}{not_specified(self.lang, plural=True)}"
            self.blocks.append(Para((text,)))
        if listed:
            self.blocks.append(Para((self.t["rights_intro"],)))
            self.blocks.append(Bullets(tuple(self.right_item(r) for r in listed)))
        if objections:
            self.blocks.append(Heading(3, (self.t["objection"],)))
            self.blocks.append(Bullets(tuple(self.right_item(r) for r in objections)))
        if Right.WITHDRAW_CONSENT in shown:
            self.blocks.append(Heading(3, (self.t["withdrawal"],)))
            self.blocks.append(Bullets((self.right_item(Right.WITHDRAW_CONSENT),)))
        if self.register.rights_contact:
            self.blocks.append(
                Para(
                    (
                        self.t["exercise"],
                        Reg(self.register.rights_contact),
                        _stop(self.register.rights_contact),
                    )
                )
            )
        if self.processed:
            self.blocks.append(Para((self.t["processor_rights"],)))

    def complaint(self) -> None:
        entry = self.shown.get(Right.COMPLAINT)
        if entry is None:
            return
        self.h2("complaint", "complaint")
        parts: list[Inline] = [self.t["complaint_to"]]
        authority = self.register.supervisory_authority
        if authority:
            parts += [self.t["complaint_named"], Reg(authority)]
        elif is_french(self.register):
            parts.append(self.t["complaint_cnil"] + france().authority_name)
        else:
            parts.append(self.t["complaint_generic"])
        parts.append(self.t["complaint_end"])
        self.blocks.append(Para(tuple(parts)))
        for how in entry.hows:
            self.blocks.append(Para((self.t["complaint_how"], Reg(how), _stop(how))))

    def decisions(self) -> None:
        found = {d: None for a in self.activities for d in a.automated_decisions}
        if not found:
            return
        self.h2("decisions", "automated-decisions")
        self.blocks.append(Para((self.t["decisions_intro"],)))
        colon = self.t["colon"]
        items = []
        for d in found:
            children = [
                Item(
                    (
                        f"{self.t['effects']}{colon}{self.t['yes' if d.significant_effects else 'no']}",
                    )
                )
            ]
            if d.safeguards:
                children.append(Item((f"{self.t['safeguards']}{colon}", Reg(d.safeguards))))
            elif d.significant_effects:
                children.append(
                    Item(
                        (
                            f"{self.t['safeguards']}{colon}{not_specified(self.lang, feminine=True, plural=True)}",
                        )
                    )
                )
            items.append(Item((Reg(d.description),), (Bullets(tuple(children)),)))
        self.blocks.append(Bullets(tuple(items)))


def _stop(text: str) -> str:
    """A full stop after register text that does not end a sentence already."""
    core = text.rstrip().rstrip("»\u00a0\u202f ").rstrip()
    return "" if core.endswith((".", "!", "?", "…")) else "."


def render_notice(
    register: Register,
    *,
    lang: str = "fr",
    format: str = "markdown",
    activities: Sequence[str] | None = None,
) -> str:
    """The privacy notice (GDPR Art. 13, with the Art. 14 items) of *register*.

    Args:
        register: The register to render.
        lang: ``"fr"`` or ``"en"``: the language of the notice's own words
            (the register's text is shown as written).
        format: ``"markdown"`` or ``"html"`` (a self-contained page: inline
            style sheet, no script, no external resource).
        activities: Only these activity ids (in register order); ``None``
            for every activity.

    Returns:
        The notice as text.

    Raises:
        ValueError: for an unsupported language or format, an empty
            *activities*, or an id the register does not have.
        TypeError: when *activities* is a single string.
    """
    check_lang(lang)
    if format not in FORMATS:
        msg = f"unsupported format {format!r}: choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    chosen = _select(register, activities)
    blocks = _Notice(register, chosen, lang).build()
    if format == "markdown":
        return to_markdown(blocks, french=lang == "fr")
    text_lang = register.language
    if text_lang and text_lang.split("-")[0].lower() == lang:
        text_lang = None
    name = register.controller.trade_name or register.controller.name
    return to_html(
        blocks,
        title=f"{_T[lang]['title']} — {name}",
        lang=lang,
        css=_CSS,
        text_lang=text_lang,
        body_class="gdprkit-notice",
    )
