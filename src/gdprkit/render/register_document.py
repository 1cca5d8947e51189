"""The register as a document for the supervisory authority: Word (``.docx``)
or printable HTML.

GDPR Art. 30(4) has the record made available to the supervisory authority on
request, and Art. 30(3) has it in writing.  This renderer lays the whole
register out like the CNIL's record sheet (« modèle de registre »), in French
or English:

1. the organisation: the controller (or processor) with its contact details
   and registration numbers, its EU representative (Art. 27) and its DPO
   (Art. 37), then the list of activities;
2. one sheet per activity (« fiche de registre »), starting on a new page:
   for an activity kept as controller, the items of Art. 30(1)(a)–(g) in
   order — actors, purposes and lawful bases, data subjects and data
   categories, recipients, transfers, time limits for erasure, security
   measures — then sources, rights, automated decisions and the DPIA; for an
   activity kept as processor, the items of Art. 30(2)(a)–(d).

Every item the law makes mandatory is shown even when the register leaves it
empty (« non précisé »), since that is what the authority would look for.
:func:`render_document_html` returns a self-contained page whose print style
sheet starts each sheet on a new A4 page; :func:`render_document_docx` needs
python-docx (the ``docx`` extra) and returns the ``.docx`` bytes;
:func:`write_document` writes either atomically.  Register text is escaped for
each medium: HTML-escaped in the page, and in the ``.docx`` the characters XML
cannot hold (control characters, lone surrogates) become U+FFFD.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

from gdprkit.model import (
    DPO,
    Contact,
    Controller,
    DeclaredRight,
    LegalBasis,
    ProcessingActivity,
    Register,
    Representative,
    Role,
    SecurityMeasure,
)
from gdprkit.policy import right_excluded
from gdprkit.render._document import french_spacing, to_html
from gdprkit.render._docx import write_docx
from gdprkit.render._labels import (
    RECORD_WORDS,
    check_lang,
    citation_text,
    country_name,
    date_text,
    label,
    not_specified,
    record_roles,
    retention_text,
    security_type,
    source_label,
)
from gdprkit.render._sheets import Document, Sheet, Table
from gdprkit.serialization._files import write_atomic


_P = TypeVar("_P")

__all__ = [
    "FORMATS",
    "Document",
    "Sheet",
    "Table",
    "build_document",
    "render_document_docx",
    "render_document_html",
    "write_document",
]

FORMATS = ("docx", "html")
"""The formats :func:`write_document` writes."""

_T: dict[str, dict[str, str]] = {
    "fr": {
        **RECORD_WORDS["fr"],
        "title": "Registre des activités de traitement",
        "subtitle": "Article 30 du règlement (UE) 2016/679 (RGPD)",
        "updated": "Dernière mise à jour du registre",
        "capacity": "Qualité",
        "name": "Nom",
        "contact": "Coordonnées",
        "representative": "Représentant dans l’Union (art. 27)",
        "dpo": "Délégué à la protection des données (art. 37)",
        "not_designated": "Non désigné",
        "activities": "Activités de traitement",
        "number": "N°",
        "reference": "Référence",
        "role": "Qualité",
        "sheet": "Fiche de registre n° {n}",
        "processor_sheet": "Fiche de registre n° {n} (sous-traitant)",
        "identification": "Identification",
        "created": "Date de création de la fiche",
        "sheet_updated": "Dernière mise à jour de la fiche",
        "actors": "Acteurs",
        "processor": "Sous-traitant",
        "joint": "Responsables conjoints (art. 26)",
        "served": "Responsables du traitement pour le compte desquels l’organisme agit",
        "purposes": "Finalités du traitement",
        "purpose": "Finalité",
        "basis": "Base légale",
        "details": "Précisions",
        "law": "Texte",
        "interest": "Intérêt légitime",
        "balancing": "Mise en balance",
        "consent": "Recueil du consentement",
        "withdrawal": "Retrait du consentement",
        "condition": "Condition de l’art. 9(2)",
        "subjects": "Catégories de personnes concernées",
        "category": "Catégorie",
        "kind": "Type",
        "data": "Catégories de données personnelles",
        "nature": "Nature",
        "sensitive_question": "Des données sensibles sont-elles traitées ?",
        "recipients": "Catégories de destinataires",
        "recipient": "Destinataire",
        "transfers": "Transferts hors de l’Union européenne",
        "destination": "Pays ou organisation internationale",
        "safeguards": "Garanties",
        "documentation": "Documentation",
        "copy": "copie",
        "erasure": "Délais prévus pour l’effacement",
        "retention": "Durée de conservation",
        "security_type": "Type",
        "measure": "Mesure",
        "scope": "Portée",
        "this_activity": "ce traitement",
        "common": "commune à tous les traitements",
        "technical": "Technique",
        "organisational": "Organisationnelle",
        "processing": "Catégories de traitements effectués pour le compte de chaque responsable",
        "more": "Compléments",
        "sources": "Sources des données",
        "rights": "Droits des personnes",
        "rights_contact": "Exercice des droits",
        "dpia": "Analyse d’impact (AIPD, art. 35)",
        "none": "Aucun",
        "yes": "Oui",
        "no": "Non",
        "and": "et",
    },
    "en": {
        **RECORD_WORDS["en"],
        "title": "Record of processing activities",
        "subtitle": "Article 30 of Regulation (EU) 2016/679 (GDPR)",
        "updated": "Record last updated",
        "capacity": "Capacity",
        "name": "Name",
        "contact": "Contact details",
        "representative": "Representative in the Union (Art. 27)",
        "dpo": "Data protection officer (Art. 37)",
        "not_designated": "None designated",
        "activities": "Processing activities",
        "number": "No.",
        "reference": "Reference",
        "role": "Capacity",
        "sheet": "Record sheet no. {n}",
        "processor_sheet": "Record sheet no. {n} (processor)",
        "identification": "Identification",
        "created": "Sheet created on",
        "sheet_updated": "Sheet last updated",
        "actors": "Actors",
        "processor": "Processor",
        "joint": "Joint controllers (Art. 26)",
        "served": "Controllers on whose behalf the organisation acts",
        "purposes": "Purposes of the processing",
        "purpose": "Purpose",
        "basis": "Lawful basis",
        "details": "Details",
        "law": "Law",
        "interest": "Legitimate interest",
        "balancing": "Balancing test",
        "consent": "How consent is collected",
        "withdrawal": "How consent is withdrawn",
        "condition": "Art. 9(2) condition",
        "subjects": "Categories of data subjects",
        "category": "Category",
        "kind": "Kind",
        "data": "Categories of personal data",
        "nature": "Nature",
        "sensitive_question": "Are sensitive data processed?",
        "recipients": "Categories of recipients",
        "recipient": "Recipient",
        "transfers": "Transfers outside the European Union",
        "destination": "Country or international organisation",
        "safeguards": "Safeguards",
        "documentation": "Documentation",
        "copy": "copy",
        "erasure": "Time limits for erasure",
        "retention": "Retention",
        "security_type": "Type",
        "measure": "Measure",
        "scope": "Scope",
        "this_activity": "this activity",
        "common": "common to every activity",
        "technical": "Technical",
        "organisational": "Organisational",
        "processing": "Categories of processing carried out on behalf of each controller",
        "more": "Further information",
        "sources": "Sources of the data",
        "rights": "Data subjects' rights",
        "rights_contact": "Exercising rights",
        "dpia": "Impact assessment (DPIA, Art. 35)",
        "none": "None",
        "yes": "Yes",
        "no": "No",
        "and": "and",
    },
}


# Building the document (its model is in _sheets) -----------------------------------


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


class _Builder:
    def __init__(self, register: Register, lang: str) -> None:
        self.register = register
        self.lang = lang
        self.t = _T[lang]

    def cite(self, article: str) -> str:
        return citation_text(f"GDPR Art. {article}", self.lang)

    def labelled(self, member: Any) -> str:
        citation = getattr(member, "citation", None)
        text = label(member, self.lang)
        return f"{text} ({citation_text(citation, self.lang)})" if citation else text

    def kv(self, key: str, value: str | None) -> tuple[str, str] | None:
        return (self.t[key], value) if value else None

    def yes_no(self, value: bool) -> str:
        return self.t["yes" if value else "no"]

    def rows(self, *pairs: tuple[str, str] | None) -> tuple[tuple[str, ...], ...]:
        return tuple(p for p in pairs if p is not None)

    def designated(
        self,
        key: str,
        citation: str,
        party: _P | None,
        rows: Callable[[_P], list[tuple[str, str] | None]],
    ) -> Table:
        """The table of a party the controller designates (representative, DPO):
        the rows *rows* makes of *party*, or "not designated" when there is none."""
        return Table(
            title=self.t[key],
            citation=citation,
            rows=() if party is None else self.rows(*rows(party)),
            empty=self.t["not_designated"],
        )

    def unstated_contact(self) -> str:
        return not_specified(self.lang, feminine=True, plural=True)

    def contact_rows(self, contact: Contact) -> list[tuple[str, str] | None]:
        """The contact details Art. 30(1)(a) asks for, or a row saying they are missing."""
        if contact.is_empty:
            return [(self.t["contact"], self.unstated_contact())]
        return [
            self.kv("address", contact.address),
            self.kv("phone", contact.phone),
            self.kv("email", contact.email),
            self.kv("url", contact.url),
        ]

    def contact_line(self, name: str | None, contact: Contact, country: str | None = None) -> str:
        where = f"{country_name(country, self.lang)} ({country})" if country else None
        missing = (
            f"{self.t['contact']}{self.t['colon']}{self.unstated_contact()}"
            if contact.is_empty
            else None
        )
        return _lines(
            name, contact.address, contact.phone, contact.email, contact.url, missing, where
        )

    def party_rows(self, party: Controller) -> list[tuple[str, str] | None]:
        identifiers = _lines(*(f"{i.scheme}{self.t['colon']}{i.value}" for i in party.identifiers))
        country = (
            f"{country_name(party.country, self.lang)} ({party.country})" if party.country else None
        )
        return [
            (self.t["name"], party.name),
            self.kv("trade_name", party.trade_name),
            self.kv("identifiers", identifiers),
            *self.contact_rows(party.contact),
            self.kv("country", country),
        ]

    def representative_rows(self, rep: Representative) -> list[tuple[str, str] | None]:
        return [
            (self.t["name"], rep.name),
            *self.contact_rows(rep.contact),
            self.kv("country", country_name(rep.country, self.lang) if rep.country else None),
        ]

    def dpo_rows(self, dpo: DPO) -> list[tuple[str, str] | None]:
        return [
            self.kv("name", dpo.name),
            *self.contact_rows(dpo.contact),
            self.kv("external", self.yes_no(dpo.external) if dpo.external is not None else None),
            self.kv(
                "designated", date_text(dpo.designated_on, self.lang) if dpo.designated_on else None
            ),
            self.kv("dpo_reference", dpo.authority_reference),
        ]

    def dpo_text(self, dpo: DPO | None) -> str:
        if dpo is None:
            return self.t["not_designated"]
        return self.contact_line(dpo.name, dpo.contact)

    # The organisation ----------------------------------------------------------------

    def organisation(self) -> Sheet:
        reg, t = self.register, self.t
        # Art. 30(1)(a) for the record kept as controller, 30(2)(a) as processor.
        kept = record_roles(reg)
        capacity = ", ".join(label(role, self.lang) for role in kept)
        citation = self.cite(
            f" {t['and']} ".join("30(2)(a)" if r is Role.PROCESSOR else "30(1)(a)" for r in kept)
        )
        organisation = Table(
            title=t["organisation"],
            citation=citation,
            rows=self.rows(
                (t["capacity"], capacity),
                *self.party_rows(reg.controller),
                self.kv("headcount", str(reg.headcount) if reg.headcount is not None else None),
                self.kv("authority", reg.supervisory_authority),
                self.kv("updated", date_text(reg.updated, self.lang) if reg.updated else None),
            ),
        )
        representative = self.designated(
            "representative", citation, reg.representative, self.representative_rows
        )
        dpo_table = self.designated("dpo", citation, reg.dpo, self.dpo_rows)
        activities = Table(
            title=t["activities"],
            header=(t["number"], t["reference"], t["name"], t["role"]),
            rows=tuple(
                (str(n), a.id, a.name, label(a.role, self.lang))
                for n, a in enumerate(reg.activities, 1)
            ),
            empty=t["none"],
        )
        return Sheet(
            title=t["title"],
            subtitle=f"{reg.controller.name} — {t['subtitle']}",
            tables=(organisation, representative, dpo_table, activities),
            anchor="organisation",
        )

    # An activity -----------------------------------------------------------------------

    def activity(self, n: int, a: ProcessingActivity) -> Sheet:
        t = self.t
        processor = a.role is Role.PROCESSOR
        identification = Table(
            title=t["identification"],
            rows=self.rows(
                (t["reference"], a.id),
                (t["name"], a.name),
                (t["role"], label(a.role, self.lang)),
                self.kv(
                    "subprocessor_authorisation",
                    label(a.subprocessor_authorisation, self.lang)
                    if a.subprocessor_authorisation
                    else None,
                ),
                self.kv("description", a.description),
                self.kv("created", date_text(a.created, self.lang) if a.created else None),
                self.kv("sheet_updated", date_text(a.updated, self.lang) if a.updated else None),
            ),
        )
        tables = (
            [identification, *self.processor_items(a)]
            if processor
            else [identification, *self.controller_items(a)]
        )
        tables.append(self.more(a))
        key = "processor_sheet" if processor else "sheet"
        return Sheet(
            title=t[key].format(n=n),
            subtitle=a.name,
            tables=tuple(tables),
            anchor=f"activity-{n}",
        )

    def actors(self, a: ProcessingActivity, article: str) -> Table:
        t, reg = self.t, self.register
        org = reg.controller
        me = self.contact_line(org.name, org.contact, org.country)
        rep = reg.representative
        rows: list[tuple[str, str] | None] = []
        if a.role is Role.PROCESSOR:
            rows.append((t["processor"], me))
            served = "\n\n".join(
                self.contact_line(c.name, c.contact, c.country) for c in a.controllers
            )
            rows.append((t["served"], served or not_specified(self.lang, plural=True)))
        else:
            rows.append((t["controller"], me))
        rows.append(
            (
                t["representative"],
                self.contact_line(rep.name, rep.contact, rep.country)
                if rep
                else t["not_designated"],
            )
        )
        rows.append((t["dpo"], self.dpo_text(reg.dpo)))
        if a.joint_controllers:
            joint = "\n\n".join(
                _lines(
                    self.contact_line(j.name, j.contact),
                    f"{t['arrangement']}{t['colon']}{j.arrangement}" if j.arrangement else None,
                )
                for j in a.joint_controllers
            )
            rows.append((t["joint"], joint))
        return Table(title=t["actors"], citation=self.cite(article), rows=self.rows(*rows))

    def basis_text(self, basis: LegalBasis) -> str:
        condition = self.labelled(basis.special_condition) if basis.special_condition else None
        return _lines(
            self.labelled(basis.basis),
            f"{self.t['condition']}{self.t['colon']}{condition}" if condition else None,
        )

    def basis_details(self, basis: LegalBasis) -> str:
        t = self.t
        pairs = (
            ("law", basis.law),
            ("interest", basis.legitimate_interest),
            ("balancing", basis.balancing_test),
            ("consent", basis.consent_method),
            ("withdrawal", basis.withdrawal_method),
            ("law", basis.condition_law),
            ("notes", basis.note),
        )
        return _lines(*(f"{t[k]}{t['colon']}{v}" for k, v in pairs if v))

    def controller_items(self, a: ProcessingActivity) -> list[Table]:
        t = self.t
        unstated = not_specified(self.lang, feminine=True)
        purposes = Table(
            title=t["purposes"],
            citation=self.cite("30(1)(b)"),
            header=(t["purpose"], t["basis"], t["details"]),
            rows=tuple(
                (
                    _lines(p.name, p.description),
                    "\n".join(self.basis_text(b) for b in p.legal_bases) or unstated,
                    "\n".join(d for d in map(self.basis_details, p.legal_bases) if d),
                )
                for p in a.purposes
            ),
            empty=not_specified(self.lang, feminine=True, plural=True),
        )
        subjects = Table(
            title=t["subjects"],
            citation=self.cite("30(1)(c)"),
            header=(t["category"], t["kind"], t["description"]),
            rows=tuple(
                (s.name, label(s.kind, self.lang), s.description or "") for s in a.data_subjects
            ),
            empty=not_specified(self.lang, feminine=True, plural=True),
        )
        # The CNIL template's « données sensibles »: the Art. 9(1) categories,
        # offences and convictions (Art. 10) and the NIR (Art. 87).
        sensitive = any(
            c.kind.is_special or c.kind.is_criminal or c.kind.is_national_id
            for c in a.data_categories
        )
        data = Table(
            title=t["data"],
            citation=self.cite("30(1)(c)"),
            header=(t["category"], t["nature"], t["description"]),
            rows=tuple(
                (c.name, self.labelled(c.kind), _lines(c.description, c.legal_reference))
                for c in a.data_categories
            ),
            empty=not_specified(self.lang, feminine=True, plural=True),
            note=f"{t['sensitive_question']} {self.yes_no(sensitive)}",
        )
        recipients = Table(
            title=t["recipients"],
            citation=self.cite("30(1)(d)"),
            header=(t["recipient"], t["kind"], t["country"], t["details"]),
            rows=tuple(
                (
                    r.name,
                    label(r.kind, self.lang),
                    country_name(r.country, self.lang) if r.country else "",
                    _lines(r.description, r.contract_reference),
                )
                for r in a.recipients or ()
            ),
            empty=t["none"] if a.recipients is not None else not_specified(self.lang, plural=True),
        )
        erasure = Table(
            title=t["erasure"],
            citation=self.cite("30(1)(f)"),
            header=(t["category"], t["retention"]),
            rows=tuple((c.name, self.retention(c.retention)) for c in a.data_categories),
            empty=not_specified(self.lang, plural=True),
        )
        return [
            self.actors(a, "30(1)(a)"),
            purposes,
            subjects,
            data,
            recipients,
            self.transfers(a, "30(1)(e)"),
            erasure,
            self.security(a, "30(1)(g)"),
        ]

    def retention(self, rule: Any) -> str:
        if rule is None:
            return not_specified(self.lang, feminine=True)
        text = retention_text(rule, self.lang)
        if not rule.is_bounded and rule.statement:
            return _lines(not_specified(self.lang, feminine=True), f"« {rule.statement} »")
        return text

    def processor_items(self, a: ProcessingActivity) -> list[Table]:
        t = self.t
        processing = Table(
            title=t["processing"],
            citation=self.cite("30(2)(b)"),
            header=(t["category"],),
            rows=tuple((c,) for c in a.processing_categories),
            empty=not_specified(self.lang, feminine=True, plural=True),
        )
        return [
            self.actors(a, "30(2)(a)"),
            processing,
            self.transfers(a, "30(2)(c)"),
            self.security(a, "30(2)(d)"),
        ]

    def transfers(self, a: ProcessingActivity, article: str) -> Table:
        t = self.t
        rows = []
        for tr in a.transfers:
            where = _lines(
                f"{country_name(tr.country, self.lang)} ({tr.country})" if tr.country else None,
                tr.organisation,
            )
            mechanism = (
                self.labelled(tr.mechanism)
                if tr.mechanism
                else not_specified(self.lang, feminine=True)
            )
            documentation = _lines(
                tr.reference,
                f"{t['copy']}{t['colon']}{tr.safeguards_copy}" if tr.safeguards_copy else None,
                f"{t['tia']}{t['colon']}{tr.tia_reference}" if tr.tia_reference else None,
            )
            rows.append((tr.recipient, where, mechanism, documentation))
        return Table(
            title=t["transfers"],
            citation=self.cite(article),
            header=(t["recipient"], t["destination"], t["safeguards"], t["documentation"]),
            rows=tuple(rows),
            empty=t["none"],
        )

    def security(self, a: ProcessingActivity, article: str) -> Table:
        t = self.t

        def row(m: SecurityMeasure, scope: str) -> tuple[str, ...]:
            kind = security_type(m.category)
            return (
                t[kind] if kind else "",
                label(m.category, self.lang),
                m.description or "",
                scope,
            )

        rows = [row(m, t["this_activity"]) for m in a.security_measures]
        rows += [row(m, t["common"]) for m in self.register.security_measures]
        return Table(
            title=t["security"],
            citation=self.cite(article),
            header=(t["security_type"], t["measure"], t["description"], t["scope"]),
            rows=tuple(rows),
            empty=not_specified(self.lang, feminine=True, plural=True),
        )

    def rights_of(self, a: ProcessingActivity) -> tuple[DeclaredRight, ...]:
        """The rights shown on *a*'s sheet: its own list as the register
        states it, else the register's general list without the rights its
        stated lawful bases exclude (:func:`~gdprkit.policy.right_excluded`)
        — no objection under Art. 21(1) beside a contract alone, no
        portability beside legitimate interests alone; a purpose without a
        basis excludes nothing."""
        if a.rights is not None:
            return a.rights
        return tuple(d for d in self.register.rights if not right_excluded(a, d.right))

    def more(self, a: ProcessingActivity) -> Table:
        t, reg = self.t, self.register
        sources = _lines(
            *(
                f"{source_label(s.kind, a, self.lang)}{t['colon']}{s.description}"
                if s.description
                else source_label(s.kind, a, self.lang)
                for s in a.sources
            )
        )
        rights = _lines(
            *(
                f"{self.labelled(r.right)}{t['colon']}{r.how}" if r.how else self.labelled(r.right)
                for r in self.rights_of(a)
            )
        )
        decisions = _lines(*(_lines(d.description, d.safeguards) for d in a.automated_decisions))
        dpia = None
        if a.dpia is not None:
            dpia = _lines(
                label(a.dpia.status, self.lang),
                a.dpia.reference,
                date_text(a.dpia.date, self.lang) if a.dpia.date else None,
                a.dpia.reason,
            )
        return Table(
            title=t["more"],
            rows=self.rows(
                self.kv("sources", sources),
                self.kv("rights", rights),
                self.kv("rights_contact", reg.rights_contact),
                self.kv("decisions", decisions),
                self.kv("dpia", dpia),
                self.kv("notes", a.notes),
            ),
            empty=t["none"],
        )

    def document(self) -> Document:
        sheets = [self.organisation()]
        sheets += [self.activity(n, a) for n, a in enumerate(self.register.activities, 1)]
        title = f"{self.t['title']} — {self.register.controller.name}"
        return Document(title=title, lang=self.lang, sheets=tuple(sheets))


def build_document(register: Register, lang: str = "fr") -> Document:
    """The document's sheets and tables, before any medium (for tests and other writers)."""
    return _Builder(register, check_lang(lang, tuple(_T))).document()


# HTML ------------------------------------------------------------------------------

_CSS = """\
    body { margin: 0; color: #111; background: #fff;
           font: 10.5pt/1.4 "Liberation Sans", Arial, Helvetica, sans-serif; }
    main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
    h1 { font-size: 18pt; margin: 0 0 .2rem; }
    .subtitle { margin: 0 0 1rem; color: #333; }
    h2 { font-size: 12pt; margin: 1.1rem 0 .3rem; }
    h2 .cite { font-weight: normal; color: #444; font-size: 10pt; }
    table { width: 100%; border-collapse: collapse; margin: 0 0 .4rem; }
    th, td { border: 1px solid #888; padding: .2rem .4rem; text-align: left;
             vertical-align: top; overflow-wrap: anywhere; }
    th { background: #e8e8e8; }
    td.key { width: 32%; font-weight: 600; background: #f4f4f4; }
    td.empty { color: #555; font-style: italic; }
    .note { margin: .1rem 0 .5rem; }
    @page { size: A4; margin: 14mm 12mm; }
    @media print {
      main { max-width: none; padding: 0; }
      .sheet + .sheet { break-before: page; }
      h2 { break-after: avoid; }
      tr { break-inside: avoid; }
      thead { display: table-header-group; }
    }
"""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A code point no UTF-8 page can hold (a register loaded from JSON may have one)."""


def _html_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html.escape(text, quote=True).replace("\n", "<br>")


def _html_table(table: Table, words: Callable[[str], str]) -> list[str]:
    cite = f' <span class="cite">({_html_text(table.citation)})</span>' if table.citation else ""
    out = [f"      <h2>{_html_text(words(table.title))}{cite}</h2>", "      <table>"]
    if table.header:
        cells = "".join(f"<th>{_html_text(words(h))}</th>" for h in table.header)
        out.append(f"        <thead><tr>{cells}</tr></thead>")
    out.append("        <tbody>")
    if not table.rows:
        span = f' colspan="{len(table.header)}"' if len(table.header) > 1 else ""
        out.append(f'          <tr><td class="empty"{span}>{_html_text(table.empty)}</td></tr>')
    for row in table.rows:
        if table.header:
            cells = "".join(f"<td>{_html_text(c)}</td>" for c in row)
        else:
            key, value = row
            cells = f'<td class="key">{_html_text(words(key))}</td><td>{_html_text(value)}</td>'
        out.append(f"          <tr>{cells}</tr>")
    out += ["        </tbody>", "      </table>"]
    if table.note:
        out.append(f'      <p class="note">{_html_text(words(table.note))}</p>')
    return out


def render_document_html(register: Register, *, lang: str = "fr") -> str:
    """The register as a self-contained, printable HTML page: inline style sheet,
    no script, no external resource; each activity's sheet starts a new page
    when printed.  A lone surrogate in the register's text, which UTF-8
    cannot hold, becomes U+FFFD.

    Raises:
        ValueError: for an unsupported language.
    """
    document = build_document(register, lang)

    def words(text: str) -> str:
        # gdprkit's own French words get French typography (a no-break space
        # before « : ; ? ! »); register text is shown as written.
        return french_spacing(text) if lang == "fr" else text

    lines: list[str] = []
    for sheet in document.sheets:
        lines.append(f'    <section class="sheet" id="{html.escape(sheet.anchor)}">')
        lines.append(f"      <h1>{_html_text(sheet.title)}</h1>")
        lines.append(f'      <p class="subtitle">{_html_text(sheet.subtitle)}</p>')
        for table in sheet.tables:
            lines.extend(_html_table(table, words))
        lines.append("    </section>")
    page = to_html(
        (),
        title=document.title,
        lang=lang,
        css=_CSS,
        body_class="gdprkit-register",
        body="\n".join(lines),
    )
    return _LONE_SURROGATE.sub("\ufffd", page)


def render_document_docx(register: Register, *, lang: str = "fr") -> bytes:
    """The register as a Word document (``.docx`` bytes): one page for the
    organisation, then one sheet per activity, each starting a new page.

    Raises:
        MissingDependency: when python-docx is not installed (extra ``docx``).
        ValueError: for an unsupported language.
    """
    return write_docx(build_document(register, lang))


def write_document(
    register: Register, path: str | os.PathLike[str], *, format: str, lang: str = "fr"
) -> None:
    """Write the register document to *path* atomically.

    Args:
        register: The register.
        path: The file to write (replaced atomically).
        format: ``"docx"`` or ``"html"``.
        lang: ``"fr"`` or ``"en"``.

    Raises:
        ValueError: for an unsupported format or language.
        MissingDependency: for ``docx`` without python-docx.
        OSError: when the file cannot be written.
    """
    if format not in FORMATS:
        msg = f"unsupported format {format!r}: choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    if format == "docx":
        data = render_document_docx(register, lang=lang)
    else:
        data = render_document_html(register, lang=lang).encode("utf-8")
    write_atomic(path, data)
