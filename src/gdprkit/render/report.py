"""The register as a readable document with its findings, for a DPO's review.

:func:`render_report` writes, in English or French, as self-contained HTML
or as Markdown:

1. a summary: the number of findings by severity, the date and profiles of
   the validation;
2. the findings on the register as a whole (everything whose path is not
   under an activity);
3. the organisation: controller, DPO, representative, the rights and
   security measures common to every activity;
4. each activity in register order, with its findings beside it (in HTML, a
   column at its side; in Markdown, first under its heading): role, purposes
   and lawful bases, data subjects, data categories with their retention in
   plain words (and the source's own wording), sources, recipients,
   transfers, security measures, rights, automated decisions, children's
   consent, DPIA, notes.

Everything the register says is shown, gaps included (« non précisé » /
"not specified" where a lawful basis, a retention or a transfer mechanism is
missing), since the reader is the DPO.  Finding messages are shown as the
rules wrote them (in English).  Findings are grouped in one pass, so the
report stays linear in the number of activities and findings.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence

from gdprkit.model import (
    DPO,
    ActivityStatus,
    Contact,
    Controller,
    DataCategory,
    DeclaredRight,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
    SecurityMeasure,
    Transfer,
)
from gdprkit.model.extensions import thaw, walk_extensions
from gdprkit.policy import right_excluded
from gdprkit.render._document import (
    Block,
    Bullets,
    Code,
    Heading,
    Inline,
    Item,
    Para,
    Reg,
    Span,
    Strong,
    contact_items,
    html_fragment,
    markdown_lines,
    markdown_text,
    to_html,
)
from gdprkit.render._labels import (
    RECORD_WORDS,
    check_lang,
    citation_text,
    citations_text,
    country_name,
    date_text,
    label,
    not_specified,
    record_roles,
    retention_text,
    source_label,
)
from gdprkit.rules.findings import Accepted, Finding, Report, Severity, format_path


__all__ = ["FORMATS", "render_report"]

FORMATS = ("html", "markdown")
"""The output formats of :func:`render_report`."""


_T: dict[str, dict[str, str]] = {
    "en": {
        **RECORD_WORDS["en"],
        "title": "Register of processing activities",
        "checked": "Checked on {date} with the profiles {profiles} ({rules}).",
        "checked_one": "Checked on {date} with the profile {profiles} ({rules}).",
        "rule": "rule",
        "rules": "rules",
        "summary": "Summary",
        "activities_count": "Activities",
        "total": "Findings",
        "register_findings": "Findings on the register as a whole",
        "none": "None.",
        "no_measures": "None.",
        "public_authority": "Public authority or body",
        "language": "Language of the register",
        "updated": "Last updated",
        "dpo": "Data protection officer",
        "no_dpo": "No DPO recorded.",
        "representative": "EU representative",
        "rights": "Rights",
        "rights_contact": "How to exercise rights",
        "how": "how",
        "common_security": "Security measures common to every activity",
        "findings": "Findings",
        "no_findings": "No finding.",
        "id": "id",
        "role": "Role",
        "detail": "description",
        "controllers": "Controllers served",
        "processing": "Categories of processing",
        "joint": "Joint controllers",
        "purposes": "Purposes and lawful bases",
        "basis": "lawful basis",
        "law": "law",
        "interest": "legitimate interest",
        "balancing": "balancing test",
        "consent": "consent collected",
        "withdrawal": "withdrawal",
        "condition": "Art. 9(2) condition",
        "note": "note",
        "tags": "kinds",
        "subjects": "Data subjects",
        "data": "Data categories and retention",
        "retention": "retention",
        "as_worded": "as worded",
        "required": "required",
        "optional": "optional",
        "authorised_by": "legal reference",
        "sources": "Sources",
        "recipients": "Recipients",
        "contract": "contract",
        "transfers": "Transfers outside the EU",
        "mechanism": "mechanism",
        "reference": "reference",
        "copy": "copy of the safeguards",
        "in_scope": "within the adequacy decision's scope",
        "occasional": "occasional",
        "since": "since",
        "own_rights": "Rights (this activity's own list)",
        "register_rights": "Rights: the register's list applies.",
        "register_rights_but": (
            "Rights: the register's list applies, except what does not exist for this "
            "activity's lawful bases: "
        ),
        "no_recipients": "Recipients: none (the record states that the data go to no one).",
        "effects": "significant effects",
        "safeguards": "safeguards",
        "children": "Children's consent (Art. 8)",
        "consent_age": "age of consent",
        "parental": "parental consent",
        "dpia": "DPIA",
        "criteria": "risk criteria",
        "status": "status",
        "date": "date",
        "reason": "reason",
        "core": "Core activity",
        "created": "Recorded on",
        "owner": "Owner",
        "activity_status": "Status",
        "next_review": "Next review",
        "extensions": "Extension fields",
        "accepted": "Accepted findings",
        "accepted_by": "accepted by {who}",
        "also_at": "also at",
        "until": " until {date}",
        "baseline": " (baseline file)",
        "yes": "yes",
        "no": "no",
        "sep": "; ",
    },
    "fr": {
        **RECORD_WORDS["fr"],
        "title": "Registre des activités de traitement",
        "checked": "Vérifié le {date} avec les profils {profiles} ({rules}).",
        "checked_one": "Vérifié le {date} avec le profil {profiles} ({rules}).",
        "rule": "règle",
        "rules": "règles",
        "summary": "Synthèse",
        "activities_count": "Activités de traitement",
        "total": "Constats",
        "register_findings": "Constats sur l’ensemble du registre",
        "none": "Aucun.",
        "no_measures": "Aucune.",
        "public_authority": "Autorité ou organisme public",
        "language": "Langue du registre",
        "updated": "Dernière mise à jour",
        "dpo": "Délégué à la protection des données",
        "no_dpo": "Aucun DPO enregistré.",
        "representative": "Représentant dans l’UE",
        "rights": "Droits",
        "rights_contact": "Exercice des droits",
        "how": "modalités",
        "common_security": "Mesures de sécurité communes à tous les traitements",
        "findings": "Constats",
        "no_findings": "Aucun constat.",
        "id": "référence",
        "role": "Rôle",
        "detail": "description",
        "controllers": "Responsables pour le compte desquels l’organisme agit",
        "processing": "Catégories de traitements",
        "joint": "Responsables conjoints",
        "purposes": "Finalités et bases légales",
        "basis": "base légale",
        "law": "texte",
        "interest": "intérêt légitime",
        "balancing": "mise en balance",
        "consent": "recueil du consentement",
        "withdrawal": "retrait",
        "condition": "condition de l’art. 9(2)",
        "note": "précision",
        "tags": "catégories",
        "subjects": "Personnes concernées",
        "data": "Catégories de données et conservation",
        "retention": "conservation",
        "as_worded": "formulation d’origine",
        "required": "fourniture obligatoire",
        "optional": "fourniture facultative",
        "authorised_by": "texte",
        "sources": "Sources",
        "recipients": "Destinataires",
        "contract": "contrat",
        "transfers": "Transferts hors de l’UE",
        "mechanism": "garantie",
        "reference": "référence",
        "copy": "copie des garanties",
        "in_scope": "dans le champ de la décision d’adéquation",
        "occasional": "occasionnel",
        "since": "depuis le",
        "own_rights": "Droits (liste propre au traitement)",
        "register_rights": "Droits : la liste du registre s’applique.",
        "register_rights_but": (
            "Droits : la liste du registre s’applique, sauf ce qui ne vaut pas pour les bases "
            "légales de ce traitement : "
        ),
        "no_recipients": "Destinataires : aucun (le registre indique que les données ne sont communiquées à personne).",
        "effects": "effets significatifs",
        "safeguards": "garanties",
        "children": "Consentement des mineurs (art. 8)",
        "consent_age": "âge du consentement",
        "parental": "consentement parental",
        "dpia": "AIPD",
        "criteria": "critères de risque",
        "status": "statut",
        "date": "date",
        "reason": "motif",
        "core": "Activité principale",
        "created": "Enregistré le",
        "owner": "Responsable interne",
        "activity_status": "Statut",
        "next_review": "Prochaine revue",
        "extensions": "Champs d’extension",
        "accepted": "Constats acceptés",
        "accepted_by": "accepté par {who}",
        "also_at": "également à",
        "until": " jusqu’au {date}",
        "baseline": " (fichier de référence)",
        "yes": "oui",
        "no": "non",
        "sep": " ; ",
    },
}

_CSS = """\
    body { margin: 0; background: #fff; color: #1b1b1b;
           font: .95rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
    h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .5rem; }
    h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; padding-bottom: .25rem;
         border-bottom: 1px solid #d0d0d0; }
    h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
    ul { padding-left: 1.25rem; margin: .25rem 0 .75rem; }
    li { margin: .2rem 0; }
    code { font-size: .9em; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
    .activity { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
                gap: 1.5rem; align-items: start; }
    .findings { border-left: 3px solid #d0d0d0; padding-left: 1rem; }
    .findings h3 { margin-top: 0; }
    .sev { display: inline-block; min-width: 5.5em; text-align: center; font-size: .8em;
           font-weight: 600; border-radius: 3px; padding: 0 .3em; color: #fff; }
    .sev-error { background: #b3261e; }
    .sev-warning { background: #8a5a00; }
    .sev-info { background: #2f5f8a; }
    .meta { color: #555; }
    @media (max-width: 48rem) { .activity { grid-template-columns: 1fr; } }
    @media print { main { max-width: none; padding: 0; } .activity { break-inside: avoid; } }
"""


class _Report:
    def __init__(self, register: Register, report: Report, lang: str) -> None:
        self.register = register
        self.report = report
        self.lang = lang
        self.t = _T[lang]
        # Findings by activity index, in one pass (never quadratic).
        self.general: list[Finding] = []
        self.by_activity: dict[int, list[Finding]] = {}
        count = len(register.activities)
        for finding in report.findings:
            index = finding.activity
            if index is not None and index < count:
                self.by_activity.setdefault(index, []).append(finding)
            else:
                self.general.append(finding)
        # Errors first, then warnings, then information; document order within.
        self.general.sort(key=lambda f: f.severity.rank)
        for found_here in self.by_activity.values():
            found_here.sort(key=lambda f: f.severity.rank)

    # Helpers ---------------------------------------------------------------------

    def lbl(self, member: enum.Enum) -> str:
        return label(member, self.lang)

    def labelled(self, member: enum.Enum) -> str:
        citation = getattr(member, "citation", None)
        text = self.lbl(member)
        return f"{text} ({citation_text(citation, self.lang)})" if citation else text

    def kv(self, key: str, *value: Inline) -> Item:
        return Item((Strong((self.t[key],)), self.t["colon"], *value))

    def yes_no(self, value: bool) -> str:
        return self.t["yes" if value else "no"]

    def details(self, pairs: Iterable[tuple[str, Inline | None]]) -> list[Inline]:
        """« ; key : value » pieces for the values that are set."""
        parts: list[Inline] = []
        for key, value in pairs:
            if value is None or value == "":
                continue
            parts += [self.t["sep"], f"{self.t[key]}{self.t['colon']}", value]
        return parts

    def finding_item(self, finding: Finding, depth: int) -> Item:
        """A finding, its location shown below the first *depth* parts (an
        activity's findings under the activity)."""
        severity = finding.severity
        parts: list[Inline] = [
            Span((self.lbl(severity),), f"sev sev-{severity.value}", strong=True),
            " ",
            Strong((finding.rule,)),
            " ",
            Code(finding.name),
            self.t["colon"],
            # The rules write in English: marked so when the report is not.
            finding.message if self.lang == "en" else Reg(finding.message, lang="en"),
        ]
        path = format_path(finding.location[depth:])
        if path:
            parts += [" — ", Code(path)]
        if finding.articles:
            parts.append(f" ({citations_text(finding.articles, self.lang)})")
        if finding.also_at:  # the other places of the defect, in full (other activities too)
            parts += [" — ", self.t["also_at"], " "]
            for number, other in enumerate(finding.also_at_paths):
                parts += [", " if number else "", Code(other or "(register)")]
        return Item(tuple(parts))

    def accepted_item(self, accepted: Accepted) -> Item:
        item = self.finding_item(accepted.finding, 0)
        who = self.t["accepted_by"].format(who=accepted.decided_by)
        until = (
            self.t["until"].format(date=date_text(accepted.until, self.lang))
            if accepted.until is not None
            else ""
        )
        origin = self.t["baseline"] if accepted.source == "baseline" else ""
        return Item(
            (
                *item.parts,
                " — ",
                Strong((f"{who}{until}{origin}",)),
                self.t["colon"],
                Reg(accepted.justification),
            )
        )

    def extension_items(self, root: object, skip: tuple[str, ...] = ()) -> list[Item]:
        """One item per extension field in *root* and below it (the field
        *skip* of *root* left out), with its path from *root*."""
        return [
            Item(
                (
                    Code(f"{path}.{key}" if path else key),
                    self.t["colon"],
                    Reg(json.dumps(thaw(value), ensure_ascii=False)),
                )
            )
            for path, key, value in walk_extensions(root, skip=skip)
        ]

    def findings_blocks(self, findings: Sequence[Finding], depth: int) -> list[Block]:
        if not findings:
            return [Para((self.t["no_findings"],))]
        return [Bullets(tuple(self.finding_item(f, depth) for f in findings))]

    def counts(self, findings: Sequence[Finding]) -> str:
        counts = dict.fromkeys(Severity, 0)
        for f in findings:
            counts[f.severity] += 1
        return ", ".join(f"{counts[s]} × {self.lbl(s).lower()}" for s in Severity if counts[s])

    def contact(self, contact: Contact) -> list[Item]:
        return contact_items(contact, self.kv)

    def party(self, party: Controller) -> list[Item]:
        # The organisation in its capacities: « Sous-traitant » for a
        # processor's record, not « Responsable du traitement ».
        capacity = ", ".join(self.lbl(role) for role in record_roles(self.register))
        items = [Item((Strong((capacity,)), self.t["colon"], Strong((Reg(party.name),))))]
        if party.trade_name:
            items.append(self.kv("trade_name", Reg(party.trade_name)))
        for identifier in party.identifiers:
            items.append(
                Item((Strong((Reg(identifier.scheme),)), self.t["colon"], Reg(identifier.value)))
            )
        items.extend(self.contact(party.contact))
        if party.country:
            items.append(
                self.kv("country", f"{country_name(party.country, self.lang)} ({party.country})")
            )
        return items

    # Sections --------------------------------------------------------------------

    def head(self) -> list[Block]:
        reg, rep = self.register, self.report
        title = f"{self.t['title']}{self.t['colon']}"
        blocks: list[Block] = [Heading(1, (title, Reg(reg.controller.name)))]
        count = len(rep.rules)
        checked = self.t["checked_one" if len(rep.profiles) == 1 else "checked"].format(
            date=date_text(rep.as_of, self.lang),
            profiles=", ".join(rep.profiles) or "—",
            rules=f"{count} {self.t['rule' if _singular(count, self.lang) else 'rules']}",
        )
        blocks.append(Para((checked,), "meta"))
        blocks.append(Heading(2, (self.t["summary"],), "summary"))
        items = [
            Item(
                (
                    Span((self.lbl(s),), f"sev sev-{s.value}", strong=True),
                    f"{self.t['colon']}{rep.count(s)}",
                )
            )
            for s in Severity
        ]
        items.append(Item((f"{self.t['total']}{self.t['colon']}{len(rep)}",)))
        if rep.accepted:
            items.append(Item((f"{self.t['accepted']}{self.t['colon']}{len(rep.accepted)}",)))
        items.append(Item((f"{self.t['activities_count']}{self.t['colon']}{len(reg.activities)}",)))
        blocks.append(Bullets(tuple(items)))
        blocks.append(Heading(2, (self.t["register_findings"],), "register-findings"))
        if self.general:
            blocks.append(Bullets(tuple(self.finding_item(f, 0) for f in self.general)))
        else:
            blocks.append(Para((self.t["none"],)))
        if rep.accepted:
            blocks.append(Heading(2, (self.t["accepted"],), "accepted-findings"))
            blocks.append(Bullets(tuple(self.accepted_item(a) for a in rep.accepted)))
        return blocks

    def organisation(self) -> list[Block]:
        reg = self.register
        blocks: list[Block] = [Heading(2, (self.t["organisation"],), "organisation")]
        items = self.party(reg.controller)
        if reg.headcount is not None:
            items.append(self.kv("headcount", str(reg.headcount)))
        items.append(self.kv("public_authority", self.yes_no(reg.public_authority)))
        if reg.supervisory_authority:
            items.append(self.kv("authority", Reg(reg.supervisory_authority)))
        if reg.language:
            items.append(self.kv("language", Code(reg.language)))
        if reg.updated:
            items.append(self.kv("updated", date_text(reg.updated, self.lang)))
        if reg.notes:
            items.append(self.kv("notes", Reg(reg.notes)))
        blocks.append(Bullets(tuple(items)))
        blocks += self.section("extensions", self.extension_items(reg, skip=("activities",)))
        blocks.append(Heading(3, (self.t["dpo"],)))
        blocks.extend(self.dpo(reg.dpo))
        if reg.representative is not None:
            rep = reg.representative
            blocks.append(Heading(3, (self.t["representative"],)))
            rep_items = [Item((Strong((Reg(rep.name),)),)), *self.contact(rep.contact)]
            if rep.country:
                rep_items.append(self.kv("country", country_name(rep.country, self.lang)))
            blocks.append(Bullets(tuple(rep_items)))
        blocks.append(Heading(3, (self.t["rights"],)))
        blocks.extend(self.rights(reg.rights))
        if reg.rights_contact:
            blocks.append(
                Para((f"{self.t['rights_contact']}{self.t['colon']}", Reg(reg.rights_contact)))
            )
        blocks.append(Heading(3, (self.t["common_security"],)))
        blocks.extend(self.security(reg.security_measures))
        return blocks

    def dpo(self, dpo: DPO | None) -> list[Block]:
        if dpo is None:
            return [Para((self.t["no_dpo"],))]
        items: list[Item] = []
        if dpo.name:
            items.append(Item((Strong((Reg(dpo.name),)),)))
        items.extend(self.contact(dpo.contact))
        if (
            not dpo.contact.email
            and not dpo.contact.phone
            and not dpo.contact.address
            and not dpo.contact.url
        ):
            items.append(Item((f"{self.t['email']}{self.t['colon']}{not_specified(self.lang)}",)))
        if dpo.external is not None:
            items.append(self.kv("external", self.yes_no(dpo.external)))
        if dpo.designated_on:
            items.append(self.kv("designated", date_text(dpo.designated_on, self.lang)))
        if dpo.authority_reference:
            items.append(self.kv("dpo_reference", Reg(dpo.authority_reference)))
        return [Bullets(tuple(items))]

    def rights(self, rights: Iterable[DeclaredRight]) -> list[Block]:
        items = []
        for declared in rights:
            parts: list[Inline] = [self.labelled(declared.right)]
            if declared.how:
                parts += [f" — {self.t['how']}{self.t['colon']}", Reg(declared.how)]
            items.append(Item(tuple(parts)))
        if not items:
            return [Para((self.t["none"],))]
        return [Bullets(tuple(items))]

    def security(self, measures: Sequence[SecurityMeasure]) -> list[Block]:
        if not measures:
            return [Para((self.t["no_measures"],))]
        items = []
        for m in measures:
            parts: list[Inline] = [Strong((self.lbl(m.category),))]
            if m.description:
                parts += [self.t["colon"], Reg(m.description)]
            items.append(Item(tuple(parts)))
        return [Bullets(tuple(items))]

    def basis_item(self, basis: LegalBasis) -> Item:
        parts: list[Inline] = [f"{self.t['basis']}{self.t['colon']}{self.labelled(basis.basis)}"]
        interest: Inline | None = None
        if basis.legitimate_interest:
            interest = Reg(basis.legitimate_interest)
        elif basis.basis is LawfulBasis.LEGITIMATE_INTERESTS:
            interest = not_specified(self.lang)
        condition = self.labelled(basis.special_condition) if basis.special_condition else None
        parts += self.details(
            [
                ("law", Reg(basis.law) if basis.law else None),
                ("interest", interest),
                ("balancing", Reg(basis.balancing_test) if basis.balancing_test else None),
                ("consent", Reg(basis.consent_method) if basis.consent_method else None),
                ("withdrawal", Reg(basis.withdrawal_method) if basis.withdrawal_method else None),
                ("condition", condition),
                ("law", Reg(basis.condition_law) if basis.condition_law else None),
                ("note", Reg(basis.note) if basis.note else None),
            ]
        )
        return Item(tuple(parts))

    def purpose_item(self, purpose: Purpose) -> Item:
        parts: list[Inline] = [Strong((Reg(purpose.name),))]
        if purpose.tags:
            parts.append(f" ({', '.join(self.lbl(t) for t in purpose.tags)})")
        if purpose.description:
            parts += [" — ", Reg(purpose.description)]
        if purpose.legal_bases:
            children = [self.basis_item(b) for b in purpose.legal_bases]
        else:
            children = [
                Item(
                    (
                        f"{self.t['basis']}{self.t['colon']}{not_specified(self.lang, feminine=True)}",
                    )
                )
            ]
        return Item(tuple(parts), (Bullets(tuple(children)),))

    def category_item(self, category: DataCategory) -> Item:
        parts: list[Inline] = [Strong((Reg(category.name),)), f" ({self.labelled(category.kind)})"]
        if category.description:
            parts += [self.t["colon"], Reg(category.description)]
        rule = category.retention
        retention = retention_text(rule, self.lang)
        if rule is not None and not rule.is_bounded and rule.statement:
            retention = not_specified(self.lang, feminine=True)
        details = self.details(
            [
                ("retention", retention),
                ("as_worded", Reg(f"« {rule.statement} »") if rule and rule.statement else None),
                (
                    "authorised_by",
                    Reg(category.legal_reference) if category.legal_reference else None,
                ),
            ]
        )
        parts += details
        if category.required is not None:
            parts.append(
                f"{self.t['sep']}{self.t['required' if category.required else 'optional']}"
            )
        return Item(tuple(parts))

    def transfer_item(self, transfer: Transfer) -> Item:
        parts: list[Inline] = [Strong((Reg(transfer.recipient),))]
        if transfer.country:
            parts.append(f" → {country_name(transfer.country, self.lang)} ({transfer.country})")
        if transfer.organisation:
            parts += [" → ", Reg(transfer.organisation)]
        mechanism = (
            self.labelled(transfer.mechanism)
            if transfer.mechanism
            else not_specified(self.lang, feminine=True)
        )

        def flag(value: bool | None) -> str | None:
            return None if value is None else self.yes_no(value)

        parts += self.details(
            [
                ("mechanism", mechanism),
                ("reference", Reg(transfer.reference) if transfer.reference else None),
                ("copy", Reg(transfer.safeguards_copy) if transfer.safeguards_copy else None),
                ("in_scope", flag(transfer.in_adequacy_scope)),
                ("occasional", flag(transfer.occasional)),
                ("tia", Reg(transfer.tia_reference) if transfer.tia_reference else None),
                ("since", date_text(transfer.since, self.lang) if transfer.since else None),
            ]
        )
        return Item(tuple(parts))

    def section(self, key: str, items: Sequence[Item]) -> list[Block]:
        if not items:
            return []
        return [Heading(3, (self.t[key],)), Bullets(tuple(items))]

    def activity_details(self, a: ProcessingActivity) -> list[Block]:
        t = self.t
        blocks: list[Block] = []
        # Role, source and recipient kinds are shown without a citation: the
        # label says it all.
        head = [self.kv("role", self.lbl(a.role))]
        if a.subprocessor_authorisation:
            head.append(
                self.kv("subprocessor_authorisation", self.lbl(a.subprocessor_authorisation))
            )
        if a.description:
            head.append(self.kv("description", Reg(a.description)))
        if a.core_activity is not None:
            head.append(self.kv("core", self.yes_no(a.core_activity)))
        if a.created:
            head.append(self.kv("created", date_text(a.created, self.lang)))
        if a.updated:
            head.append(self.kv("updated", date_text(a.updated, self.lang)))
        if a.notes:
            head.append(self.kv("notes", Reg(a.notes)))
        if a.owner:
            head.append(self.kv("owner", Reg(a.owner)))
        if a.status is not ActivityStatus.ACTIVE:
            head.append(self.kv("activity_status", self.lbl(a.status)))
        if a.next_review:
            head.append(self.kv("next_review", date_text(a.next_review, self.lang)))
        blocks.append(Bullets(tuple(head)))
        blocks += self.section("extensions", self.extension_items(a))
        controllers = []
        for served in a.controllers:
            parts: list[Inline] = [Strong((Reg(served.name),))]
            for identifier in served.identifiers:
                parts += [t["sep"], Reg(identifier.scheme), t["colon"], Reg(identifier.value)]
            parts += self.details(
                [
                    ("email", Reg(served.contact.email) if served.contact.email else None),
                    (
                        "country",
                        country_name(served.country, self.lang) if served.country else None,
                    ),
                ]
            )
            controllers.append(Item(tuple(parts)))
        blocks += self.section("controllers", controllers)
        blocks += self.section("processing", [Item((Reg(c),)) for c in a.processing_categories])
        joint = []
        for jc in a.joint_controllers:
            parts = [Strong((Reg(jc.name),))]
            if jc.arrangement:
                parts += [f"{t['sep']}{t['arrangement']}{t['colon']}", Reg(jc.arrangement)]
            if jc.contact.email:
                parts += [t["sep"], Reg(jc.contact.email)]
            joint.append(Item(tuple(parts)))
        blocks += self.section("joint", joint)
        if a.purposes:
            blocks += self.section("purposes", [self.purpose_item(p) for p in a.purposes])
        else:
            blocks += [
                Heading(3, (t["purposes"],)),
                Para((not_specified(self.lang, feminine=True, plural=True),)),
            ]
        subjects = []
        for s in a.data_subjects:
            parts = [Strong((Reg(s.name),)), f" ({self.lbl(s.kind)})"]
            if s.description:
                parts += [t["colon"], Reg(s.description)]
            subjects.append(Item(tuple(parts)))
        blocks += self.section("subjects", subjects)
        blocks += self.section("data", [self.category_item(c) for c in a.data_categories])
        sources = []
        for src in a.sources:
            parts = [source_label(src.kind, a, self.lang)]
            if src.description:
                parts += [t["colon"], Reg(src.description)]
            sources.append(Item(tuple(parts)))
        blocks += self.section("sources", sources)
        recipients = []
        for r in a.recipients or ():
            parts = [Strong((Reg(r.name),)), f" ({self.lbl(r.kind)})"]
            parts += self.details(
                [
                    ("country", country_name(r.country, self.lang) if r.country else None),
                    ("detail", Reg(r.description) if r.description else None),
                    ("contract", Reg(r.contract_reference) if r.contract_reference else None),
                ]
            )
            recipients.append(Item(tuple(parts)))
        blocks += self.section("recipients", recipients)
        if a.recipients == ():
            blocks.append(Para((t["no_recipients"],)))
        blocks += self.section("transfers", [self.transfer_item(tr) for tr in a.transfers])
        if a.security_measures:
            blocks += [Heading(3, (t["security"],)), *self.security(a.security_measures)]
        if a.rights is None:
            # As on the register document's sheet: the general list holds
            # except where the bases stated exclude a right (no Art. 21(1)
            # objection beside a contract alone; no basis excludes nothing).
            moot = [
                self.labelled(d.right) for d in self.register.rights if right_excluded(a, d.right)
            ]
            if moot:
                blocks.append(Para((t["register_rights_but"], ", ".join(moot), ".")))
            else:
                blocks.append(Para((t["register_rights"],)))
        else:
            blocks += [Heading(3, (t["own_rights"],)), *self.rights(a.rights)]
        decisions = []
        for d in a.automated_decisions:
            parts = [Reg(d.description)]
            parts += self.details(
                [
                    ("effects", self.yes_no(d.significant_effects)),
                    ("safeguards", Reg(d.safeguards) if d.safeguards else None),
                ]
            )
            decisions.append(Item(tuple(parts)))
        blocks += self.section("decisions", decisions)
        if a.children is not None:
            c = a.children
            parts = self.details(
                [
                    ("consent_age", str(c.consent_age) if c.consent_age is not None else None),
                    ("parental", Reg(c.parental_consent) if c.parental_consent else None),
                ]
            )
            blocks += self.section("children", [Item(tuple(parts[1:]) or ("—",))])
        if a.dpia is not None or a.dpia_criteria:
            dpia = a.dpia
            parts = self.details(
                [
                    ("status", self.lbl(dpia.status) if dpia else None),
                    ("criteria", ", ".join(self.labelled(c) for c in a.dpia_criteria) or None),
                    ("reference", Reg(dpia.reference) if dpia and dpia.reference else None),
                    ("date", date_text(dpia.date, self.lang) if dpia and dpia.date else None),
                    ("reason", Reg(dpia.reason) if dpia and dpia.reason else None),
                ]
            )
            blocks += self.section("dpia", [Item(tuple(parts[1:]))])
        return blocks

    def activity_heading(self, index: int, a: ProcessingActivity) -> Heading:
        return Heading(
            2,
            (f"{index + 1}. ", Reg(a.name), f" ({self.t['id']} ", Code(a.id), ")"),
            f"activity-{index + 1}",
        )

    def findings_aside(self, index: int) -> list[Block]:
        findings = self.by_activity.get(index, [])
        title = self.t["findings"]
        if findings:
            title = f"{title} ({self.counts(findings)})"
        return [Heading(3, (title,)), *self.findings_blocks(findings, 2)]

    # Output ----------------------------------------------------------------------

    def markdown(self) -> str:
        # Each activity's blocks are turned into lines and dropped before the
        # next's are made (as the HTML's, and the notice's): a large register's
        # blocks never pile up for the garbage collector to walk again and again.
        french = self.lang == "fr"
        lines = markdown_lines([*self.head(), *self.organisation()], french=french)
        for index, activity in enumerate(self.register.activities):
            blocks = [
                self.activity_heading(index, activity),
                *self.findings_aside(index),
                *self.activity_details(activity),
            ]
            lines += markdown_lines(blocks, french=french)
        return markdown_text(lines)

    def html(self) -> str:
        french = self.lang == "fr"
        text_lang = self.register.language
        if text_lang and text_lang.split("-")[0].lower() == self.lang:
            text_lang = None

        def fragment(blocks: Sequence[Block], indent: str) -> str:
            return html_fragment(blocks, text_lang=text_lang, french=french, indent=indent)

        parts = [fragment([*self.head(), *self.organisation()], "    ")]
        for index, activity in enumerate(self.register.activities):
            parts.append(f'    <section class="activity-block" id="activity-{index + 1}-block">')
            parts.append(fragment([self.activity_heading(index, activity)], "      "))
            parts.append('      <div class="activity">')
            parts.append('        <div class="details">')
            parts.append(fragment(self.activity_details(activity), "          "))
            parts.append("        </div>")
            parts.append('        <aside class="findings">')
            parts.append(fragment(self.findings_aside(index), "          "))
            parts.append("        </aside>")
            parts.append("      </div>")
            parts.append("    </section>")
        return to_html(
            (),
            title=f"{self.t['title']} — {self.register.controller.name}",
            lang=self.lang,
            css=_CSS,
            text_lang=text_lang,
            body_class="gdprkit-report",
            body="\n".join(parts),
        )


def _singular(count: int, lang: str) -> bool:
    """Whether *count* takes the singular in *lang*: 1 in English, 0 and 1 in French."""
    return count < 2 if lang == "fr" else count == 1


def render_report(
    register: Register,
    report: Report,
    *,
    format: str = "html",
    lang: str = "en",
) -> str:
    """The register with its findings, for a review meeting.

    Args:
        register: The register that was validated.
        report: What :func:`gdprkit.validate` returned for it.
        format: ``"html"`` (a self-contained page: inline style sheet, no
            script, no external resource) or ``"markdown"``.
        lang: ``"en"`` or ``"fr"`` for the report's own words; the register's
            text and the findings' messages are shown as written.

    Raises:
        ValueError: for an unsupported format or language.
    """
    check_lang(lang, ("fr", "en"))
    if format not in FORMATS:
        msg = f"unsupported format {format!r}: choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    document = _Report(register, report, lang)
    return document.html() if format == "html" else document.markdown()
