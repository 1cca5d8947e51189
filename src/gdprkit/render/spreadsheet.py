"""The register as a spreadsheet in the layout of the CNIL's register template,
and back.

:func:`export_register` writes ``xlsx`` (needs ``openpyxl``, extra ``xlsx``),
``ods`` (needs ``odfpy``, extra ``ods``) or ``csv`` (standard library: one
file holding every sheet); :func:`import_register` reads any of them back.

Layout
------
It follows the CNIL « modèle de registre » (``registre-rgpd-basique``), in
French:

* a cover sheet, **Registre**: the organisation and its contact details, its
  DPO, its EU representative, the rights and security measures common to
  every activity, and the list of activities;
* one sheet per activity (**fiche de registre**), named after the activity's
  id (at most 31 characters, without ``[ ] : * ? / \\``, unique), with the
  template's blocks in its order: description, actors, purposes and lawful
  bases, data subjects, categories of data with their retention, sensitive
  data (the template's checklist, the NIR included, then the sensitive
  categories), sources, recipients, transfers outside the EU, security
  measures; then a block « Compléments gdprkit » for what the template has no
  row for: the activity's own list of rights, automated decisions (Art. 22),
  children's consent (Art. 8) and the DPIA (Art. 35).

Every block is a titled table (or a two-column « label | value » list) whose
rows carry the stable ids in a **Code** column beside the French labels, so
that import does not depend on the wording of labels: a code wins over its
label; a row typed by hand with a label and no code is read by its label (French or
English).  Columns marked as computed (the retention in plain words, the
sensitive-data checklist, the actors copied from the cover sheet, the list
of activities) are not read back; import reports any that no longer match.

The « Archivage intermédiaire » column holds the archive's ISO 8601 duration,
or « non précisée » for an archive whose duration the register does not state
(« dans la limite des délais de prescription »); on import, those words (or
"not specified"), or an empty cell beside a « Fondement de l’archivage », read
back as an archive of unstated length, and an empty cell with no ground as no
archive at all.

Lossless, and what is not
-------------------------
Export then import gives back the same register, field for field, activity
order included.  Two things cannot survive and are reported by export:

* an optional text that is the empty string is written as an empty cell and
  read back as "not set";
* (``xlsx``) a text longer than 32,767 characters, which Excel cuts.

Formula injection
-----------------
A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by a spreadsheet.  Export writes it with a leading
apostrophe (``'=HYPERLINK(…)``, ``'-5 %``), the neutralisation OWASP
recommends, which also works in CSV; a text that starts with an apostrophe
gets one more.  Import removes exactly one leading apostrophe, so every text
comes back unchanged, and no stored cell is a formula.  In ``xlsx`` and
``ods``, characters XML cannot hold (control characters, a lone carriage
return) are written as ``_xHHHH_`` escapes, as Office Open XML does, and
read back.

CSV
---
One file, in long form: every row of every sheet, in sheet order, each
starting with the name of its sheet (« Feuille ») followed by the sheet's
cells, so that the file is the workbook read top to bottom and a single
artefact to keep, diff or send.  UTF-8 with a byte-order mark (so that
spreadsheet programs detect the encoding), comma-separated (RFC 4180), every
row the same width.  Import also reads a file saved again with ``;`` as the
separator (French Excel does).  Cell references in import messages
(``compte-plateforme!B12``) count the rows of that sheet, as in ``xlsx``.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from gdprkit.model import (
    Art9Condition,
    DataCategory,
    DataKind,
    DpiaCriterion,
    DpiaStatus,
    Duration,
    DurationError,
    EndAction,
    Event,
    LawfulBasis,
    ProcessingActivity,
    PurposeTag,
    RecipientKind,
    Register,
    Right,
    Role,
    SecurityCategory,
    SourceKind,
    SubjectKind,
    TransferMechanism,
)
from gdprkit.model.countries import is_country_code
from gdprkit.render import MissingDependency
from gdprkit.render._labels import (
    country_name,
    label,
    not_specified,
    parse_country,
    parse_label,
    retention_text,
    security_type,
)
from gdprkit.serialization import LoadError, Problem, from_dict


__all__ = ["FORMATS", "FORMAT_VERSION", "export_register", "import_register"]

FORMATS = ("xlsx", "ods", "csv")
"""The formats :func:`export_register` writes and :func:`import_register` reads."""

FORMAT_VERSION = 1
"""Version of the layout, written on the cover sheet."""

Cell: TypeAlias = "str | int | dt.date | None"
"""A value written to a cell."""

_EXCEL_MAX = 32_767

# Layout words (French, as in the CNIL template) ----------------------------------

COVER_SHEET = "Registre"
COVER_TITLE = "Registre des activités de traitement"
FICHE_TITLE = "Fiche de registre"
VERSION_LABEL = "Version du format gdprkit"
CODE = "Code"
_YES, _NO = "Oui", "Non"
_UNSTATED = not_specified("fr", feminine=True)
"""Written where an archive phase has no stated duration."""
_SECURITY_TYPES = {"technical": "Technique", "organisational": "Organisationnelle"}


class Kind(enum.Enum):
    TEXT = "text"  # optional text
    REQUIRED = "required"  # required text
    ENUM = "enum"
    ENUMS = "enums"
    COUNTRY = "country"
    BOOL = "bool"
    INT = "int"
    DATE = "date"
    DURATION = "duration"
    ARCHIVE = "archive"  # an archive phase's duration, « non précisée » when not stated
    DERIVED = "derived"  # written, not read back (compared on import)


@attrs.frozen
class Col:
    """One field of a block: its French label, the attribute path on the
    model object (also the key path in the JSON form), and its kind."""

    label: str
    path: str
    kind: Kind = Kind.TEXT
    enum: type[enum.Enum] | None = None
    derive: Callable[[Any], Cell] | None = None

    @property
    def coded(self) -> bool:
        return self.kind in (Kind.ENUM, Kind.ENUMS, Kind.COUNTRY)

    @property
    def headers(self) -> list[Cell]:
        return [self.label, CODE] if self.coded else [self.label]


def _enum_of(col: Col) -> type[enum.Enum]:
    if col.enum is None:  # a layout mistake, not a user's
        msg = f"column {col.label!r} has no enum"
        raise TypeError(msg)
    return col.enum


def _text(label_: str, path: str) -> Col:
    return Col(label_, path)


def _req(label_: str, path: str) -> Col:
    return Col(label_, path, Kind.REQUIRED)


def _enum(label_: str, path: str, cls: type[enum.Enum]) -> Col:
    return Col(label_, path, Kind.ENUM, cls)


def _contact(prefix: str) -> list[Col]:
    return [
        _text("Adresse", f"{prefix}contact.address"),
        _text("Courriel", f"{prefix}contact.email"),
        _text("Téléphone", f"{prefix}contact.phone"),
        _text("Site web", f"{prefix}contact.url"),
    ]


def _security_type(measure: Any) -> Cell:
    kind = security_type(measure.category)
    return _SECURITY_TYPES[kind] if kind else None


def _retention_words(category: Any) -> Cell:
    return retention_text(category.retention, "fr") if category.retention is not None else None


# Blocks -------------------------------------------------------------------------

B_ORGANISATION = "Organisme"
B_IDENTIFIERS = "Identifiants de l’organisme"
B_DPO = "Délégué à la protection des données (DPO)"
B_REPRESENTATIVE = "Représentant dans l’Union européenne (RGPD, art. 27)"
B_RIGHTS = "Droits des personnes (pour tout traitement sans liste propre)"
B_COMMON_SECURITY = "Mesures de sécurité communes à tous les traitements"
B_ACTIVITIES = "Liste des activités de traitement"

B_DESCRIPTION = "Description du traitement"
B_ACTORS = "Acteurs"
B_JOINT = "Responsables conjoints du traitement (RGPD, art. 26)"
B_CONTROLLERS = (
    "Responsables du traitement pour le compte desquels l’organisme agit (sous-traitance)"
)
B_PROCESSING = "Catégories de traitements effectués pour le compte des responsables"
B_PURPOSES = "Finalités du traitement et bases légales"
B_SUBJECTS = "Catégories de personnes concernées"
B_DATA = "Catégories de données personnelles et durées de conservation"
B_SENSITIVE = "Données sensibles"
B_SENSITIVE_DATA = "Données sensibles : catégories et durées de conservation"
B_SOURCES = "Sources des données"
B_RECIPIENTS = "Destinataires des données"
B_TRANSFERS = "Transferts de données hors de l’Union européenne"
B_SECURITY = "Mesures de sécurité"
B_COMPLEMENTS = "Compléments gdprkit (hors modèle CNIL)"
B_OWN_RIGHTS = "Droits des personnes propres à ce traitement"
B_DECISIONS = "Décisions individuelles automatisées (RGPD, art. 22)"
B_CHILDREN = "Consentement des mineurs (RGPD, art. 8)"
B_DPIA = "Analyse d’impact (AIPD, RGPD, art. 35)"

ORGANISATION = [
    _req("Nom ou raison sociale", "controller.name"),
    _text("Nom commercial", "controller.trade_name"),
    *_contact("controller."),
    Col("Pays", "controller.country", Kind.COUNTRY),
    Col("Effectif", "headcount", Kind.INT),
    Col("Autorité ou organisme public", "public_authority", Kind.BOOL),
    _text("Autorité de contrôle", "supervisory_authority"),
    _text("Langue du registre (BCP 47)", "language"),
    Col("Date de mise à jour du registre", "updated", Kind.DATE),
    _text("Exercice des droits : contact", "rights_contact"),
    _text("Notes", "notes"),
]
IDENTIFIERS = [_req("Registre", "scheme"), _req("Numéro", "value")]
DPO_PRESENT = Col("DPO désigné", "", Kind.BOOL)
DPO_FIELDS = [
    _text("Nom", "name"),
    *_contact(""),
    Col("DPO externe", "external", Kind.BOOL),
    Col("Date de désignation", "designated_on", Kind.DATE),
    _text("Numéro de désignation auprès de l’autorité", "authority_reference"),
]
REP_PRESENT = Col("Représentant désigné", "", Kind.BOOL)
REP_FIELDS = [_req("Nom", "name"), *_contact(""), Col("Pays", "country", Kind.COUNTRY)]
RIGHTS = [_enum("Droit", "right", Right), _text("Modalités d’exercice", "how")]
SECURITY = [
    _enum("Catégorie de mesure", "category", SecurityCategory),
    Col("Type", "", Kind.DERIVED, derive=_security_type),
    _text("Description", "description"),
]

DESCRIPTION = [
    _req("Référence", "id"),
    _req("Nom du traitement", "name"),
    _enum("Rôle de l’organisme", "role", Role),
    _text("Description", "description"),
    Col("Date de création de la fiche", "created", Kind.DATE),
    Col("Date de dernière mise à jour", "updated", Kind.DATE),
    Col("Activité principale de l’organisme", "core_activity", Kind.BOOL),
    _text("Notes", "notes"),
]
JOINT = [_req("Nom", "name"), *_contact(""), _text("Accord (RGPD, art. 26)", "arrangement")]
CONTROLLER_FIELDS = [
    _req("Nom", "name"),
    _text("Nom commercial", "trade_name"),
    *_contact(""),
    Col("Pays", "country", Kind.COUNTRY),
]
PROCESSING = [_req("Catégorie de traitement", "")]
PURPOSE_FIELDS = [
    _req("Finalité", "name"),
    _text("Description", "description"),
    Col("Catégories de finalité", "tags", Kind.ENUMS, PurposeTag),
]
BASIS_FIELDS = [
    _enum("Base légale", "basis", LawfulBasis),
    _text("Texte (obligation légale, mission)", "law"),
    _text("Intérêt légitime poursuivi", "legitimate_interest"),
    _text("Mise en balance (référence)", "balancing_test"),
    _text("Recueil du consentement", "consent_method"),
    _text("Retrait du consentement", "withdrawal_method"),
    _enum("Condition de l’art. 9(2)", "special_condition", Art9Condition),
    _text("Texte de la condition", "condition_law"),
    _text("Précision", "note"),
]
SUBJECTS = [
    _req("Catégorie de personnes", "name"),
    _enum("Type", "kind", SubjectKind),
    _text("Description", "description"),
]
CATEGORY_FIELDS = [
    _req("Catégorie de données", "name"),
    _enum("Type", "kind", DataKind),
    _text("Détail des données", "description"),
    Col("Fourniture obligatoire", "required", Kind.BOOL),
    _text("Texte autorisant le traitement", "legal_reference"),
    Col("Durée de conservation", "", Kind.DERIVED, derive=_retention_words),
]
RETENTION_FIELDS = [
    Col("Durée (ISO 8601)", "retention.duration", Kind.DURATION),
    _enum("À compter de", "retention.start", Event),
    _enum("Jusqu’à", "retention.until", Event),
    # The archive phase itself: its ISO 8601 duration, or « non précisée » for
    # an archive whose duration is not stated (an empty cell beside a ground
    # reads the same); empty with no ground, no archive.
    Col("Archivage intermédiaire (ISO 8601)", "retention.archive", Kind.ARCHIVE),
    _text("Fondement de l’archivage", "retention.archive.legal_ground"),
    # Written whenever there is a rule (deletion included): a rule with
    # nothing else set is told apart from no rule at all.
    _enum("En fin de conservation", "retention.end_action", EndAction),
    _text("Formulation d’origine", "retention.statement"),
    _text("Texte fixant la durée", "retention.legal_reference"),
]
SENSITIVE_CHECK = [_enum("Donnée sensible", "", DataKind), Col("Traitée", "", Kind.DERIVED)]
SOURCES = [_enum("Source", "kind", SourceKind), _text("Description", "description")]
RECIPIENTS = [
    _req("Destinataire", "name"),
    _enum("Type", "kind", RecipientKind),
    Col("Pays", "country", Kind.COUNTRY),
    _text("Description", "description"),
    _text("Contrat de sous-traitance (RGPD, art. 28)", "contract_reference"),
]
TRANSFERS = [
    _req("Destinataire", "recipient"),
    Col("Pays", "country", Kind.COUNTRY),
    _text("Organisation internationale", "organisation"),
    _enum("Garantie", "mechanism", TransferMechanism),
    _text("Référence", "reference"),
    _text("Copie des garanties", "safeguards_copy"),
    Col("Dans le champ de la décision d’adéquation", "in_adequacy_scope", Kind.BOOL),
    Col("Transfert occasionnel", "occasional", Kind.BOOL),
    _text("Analyse d’impact du transfert (référence)", "tia_reference"),
    Col("Depuis le", "since", Kind.DATE),
]
OWN_RIGHTS_PRESENT = Col("Liste propre à ce traitement", "", Kind.BOOL)
DECISIONS = [
    _req("Décision", "description"),
    Col("Effets juridiques ou significatifs", "significant_effects", Kind.BOOL),
    _text("Garanties (RGPD, art. 22(3))", "safeguards"),
]
CHILDREN_PRESENT = Col("Règles définies", "", Kind.BOOL)
CHILDREN = [
    Col("Âge du consentement", "consent_age", Kind.INT),
    _text("Consentement parental", "parental_consent"),
]
DPIA_CRITERIA = Col("Critères de risque", "dpia_criteria", Kind.ENUMS, DpiaCriterion)
DPIA_FIELDS = [
    _enum("Statut de l’AIPD", "status", DpiaStatus),
    _text("Référence de l’AIPD", "reference"),
    Col("Date de l’AIPD", "date", Kind.DATE),
    _text("Motif (AIPD non requise)", "reason"),
]
N = "N°"
ACTIVITY_LIST = ["N°", "Référence", "Nom du traitement", "Rôle", CODE, "Feuille"]
ACTORS = ("Responsable du traitement", "Délégué à la protection des données", "Représentant")


def _sensitive(kind: DataKind) -> bool:
    return kind.is_special or kind.is_criminal or kind.is_national_id


SENSITIVE_KINDS = tuple(k for k in DataKind if _sensitive(k))

COVER_BLOCKS = (
    B_ORGANISATION,
    B_IDENTIFIERS,
    B_DPO,
    B_REPRESENTATIVE,
    B_RIGHTS,
    B_COMMON_SECURITY,
    B_ACTIVITIES,
)
FICHE_BLOCKS = (
    B_DESCRIPTION,
    B_ACTORS,
    B_JOINT,
    B_CONTROLLERS,
    B_PROCESSING,
    B_PURPOSES,
    B_SUBJECTS,
    B_DATA,
    B_SENSITIVE,
    B_SENSITIVE_DATA,
    B_SOURCES,
    B_RECIPIENTS,
    B_TRANSFERS,
    B_SECURITY,
    B_COMPLEMENTS,
    B_OWN_RIGHTS,
    B_DECISIONS,
    B_CHILDREN,
    B_DPIA,
)


# Cell values ---------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
# What XML 1.0 cannot hold, what XML readers turn into another character
# (CR), and what odfpy or openpyxl do not read back (C1 controls, the
# noncharacters U+xFFFE and U+xFFFF of every plane): found by writing every
# code point and reading it back.
_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)
_XML_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_XML_PAIR = re.compile(r"_x(D[89ABab][0-9A-Fa-f]{2})__x(D[C-Fc-f][0-9A-Fa-f]{2})_")


def neutralise(text: str) -> str:
    """A text that a spreadsheet cannot take for a formula: one apostrophe in
    front of ``= + - @``, tab, carriage return, or an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unneutralise(text: str) -> str:
    """The inverse of :func:`neutralise`: drop one leading apostrophe."""
    return text[1:] if text.startswith("'") else text


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code > 0xFFFF:  # as its UTF-16 surrogate pair, like Office Open XML
        code -= 0x10000
        return f"_x{0xD800 + (code >> 10):04X}__x{0xDC00 + (code & 0x3FF):04X}_"
    return f"_x{code:04X}_"


def _unescape_pair(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def xml_escape(text: str) -> str:
    """Characters XML cannot hold as ``_xHHHH_`` (and a literal ``_xHHHH_``
    protected as ``_x005F_xHHHH_``), the Office Open XML convention."""
    text = _XML_ESCAPE_LIKE.sub("_x005F_", text)
    return _XML_ILLEGAL.sub(_escape_char, text)


def xml_unescape(text: str) -> str:
    """The inverse of :func:`xml_escape`."""
    text = _XML_PAIR.sub(_unescape_pair, text)
    return _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _norm(text: object) -> str:
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


_UNSTATED_WORDS = frozenset(
    _norm(not_specified(lang, feminine=feminine, plural=plural))
    for lang in ("fr", "en")
    for feminine in (False, True)
    for plural in (False, True)
)
"""What an archive-duration cell may hold for an archive of unstated length
(« non précisée », any agreement, or "not specified")."""


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _get(item: Any, path: str) -> Any:
    for part in path.split("."):
        if item is None:
            return None
        item = getattr(item, part)
    return item


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    if isinstance(value, dict) and isinstance(target.get(last), dict):
        target[last].update(value)
    else:
        target[last] = value


# The neutral workbook --------------------------------------------------------------


@attrs.define
class Sheet:
    """A sheet to write: its rows, and which rows are titles or headers."""

    name: str
    rows: list[list[Cell]] = attrs.Factory(list)
    titles: set[int] = attrs.Factory(set)
    headers: set[int] = attrs.Factory(set)

    def title(self, text: str) -> None:
        if self.rows:
            self.rows.append([])
        self.titles.add(len(self.rows))
        self.rows.append([text])

    def header(self, cells: list[Cell]) -> None:
        self.headers.add(len(self.rows))
        self.rows.append(cells)

    def row(self, cells: list[Cell]) -> None:
        self.rows.append(cells)


@attrs.frozen
class RawSheet:
    """A sheet as read: decoded values, rows numbered from 1."""

    name: str
    rows: list[list[object]]


class _Export:
    """Turns a register into sheets, collecting notes on what is lost."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.notes: list[str] = []

    def cells(self, col: Col, item: Any, where: str) -> list[Cell]:
        if col.kind is Kind.DERIVED:
            return [col.derive(item) if col.derive else None]
        value = _get(item, col.path) if col.path else item
        if col.kind in (Kind.TEXT, Kind.REQUIRED):
            if value == "" and col.kind is Kind.TEXT:
                self.notes.append(
                    f"{where}: « {col.label} » is an empty text; it is written as an empty "
                    "cell and reads back as not set"
                )
            elif value == "":
                self.notes.append(
                    f"{where}: « {col.label} » is an empty text; a row left with no other "
                    "value is not read back"
                )
            return [value if value else None] if col.kind is Kind.TEXT else [value]
        if col.kind is Kind.ENUM:
            return [label(value, "fr"), value.value] if value is not None else [None, None]
        if col.kind is Kind.ENUMS:
            members = tuple(value)
            if not members:
                return [None, None]
            return [
                "; ".join(label(m, "fr") for m in members),
                ", ".join(m.value for m in members),
            ]
        if col.kind is Kind.COUNTRY:
            return [country_name(value, "fr"), value] if value else [None, None]
        if col.kind is Kind.BOOL:
            return [None if value is None else (_YES if value else _NO)]
        if col.kind is Kind.DURATION:
            return [value.isoformat() if value is not None else None]
        if col.kind is Kind.ARCHIVE:
            if value is None:
                return [None]
            return [_UNSTATED if value.duration is None else value.duration.isoformat()]
        cell: Cell = value
        return [cell]

    def kv(self, sheet: Sheet, cols: Iterable[Col], item: Any, where: str) -> None:
        for col in cols:
            sheet.row([col.label, *self.cells(col, item, f"{where}, {col.label}")])

    def table(
        self,
        sheet: Sheet,
        title: str,
        cols: Sequence[Col],
        items: Iterable[Any],
        where: str,
        *,
        number: Callable[[int, Any], int] | None = None,
    ) -> None:
        sheet.title(title)
        headers = [h for c in cols for h in c.headers]
        sheet.header([N, *headers] if number else headers)
        for index, item in enumerate(items):
            cells = [c for col in cols for c in self.cells(col, item, f"{where} row {index + 1}")]
            sheet.row([number(index, item), *cells] if number else cells)

    # Sheets -----------------------------------------------------------------

    def cover(self, names: Sequence[str]) -> Sheet:
        reg = self.register
        sheet = Sheet(COVER_SHEET)
        sheet.title(COVER_TITLE)
        sheet.row([VERSION_LABEL, FORMAT_VERSION])
        sheet.title(B_ORGANISATION)
        self.kv(sheet, ORGANISATION, reg, COVER_SHEET)
        self.table(sheet, B_IDENTIFIERS, IDENTIFIERS, reg.controller.identifiers, COVER_SHEET)
        sheet.title(B_DPO)
        self.kv(sheet, [DPO_PRESENT], reg.dpo is not None, COVER_SHEET)
        self.kv(sheet, DPO_FIELDS, reg.dpo, f"{COVER_SHEET}, DPO")
        sheet.title(B_REPRESENTATIVE)
        self.kv(sheet, [REP_PRESENT], reg.representative is not None, COVER_SHEET)
        self.kv(sheet, REP_FIELDS, reg.representative, f"{COVER_SHEET}, {B_REPRESENTATIVE}")
        self.table(sheet, B_RIGHTS, RIGHTS, reg.rights, f"{COVER_SHEET}, {B_RIGHTS}")
        self.table(
            sheet, B_COMMON_SECURITY, SECURITY, reg.security_measures, f"{COVER_SHEET}, security"
        )
        sheet.title(B_ACTIVITIES)
        sheet.header(list(ACTIVITY_LIST))
        for index, (activity, name) in enumerate(zip(reg.activities, names, strict=True)):
            sheet.row(
                [
                    index + 1,
                    activity.id,
                    activity.name,
                    label(activity.role, "fr"),
                    activity.role.value,
                    name,
                ]
            )
        return sheet

    def fiche(self, activity: ProcessingActivity, name: str) -> Sheet:
        sheet = Sheet(name)
        where = f"sheet {name!r}"
        sheet.title(FICHE_TITLE)
        sheet.rows[-1].append(activity.name)
        sheet.title(B_DESCRIPTION)
        self.kv(sheet, DESCRIPTION, activity, where)
        sheet.title(B_ACTORS)
        for actor, summary in zip(ACTORS, _actors(self.register), strict=True):
            sheet.row([actor, summary])
        self.table(sheet, B_JOINT, JOINT, activity.joint_controllers, f"{where}, joint controllers")
        self.controllers(sheet, activity, where)
        self.table(sheet, B_PROCESSING, PROCESSING, activity.processing_categories, where)
        self.purposes(sheet, activity, where)
        self.table(sheet, B_SUBJECTS, SUBJECTS, activity.data_subjects, f"{where}, data subjects")
        positions = {id(c): i + 1 for i, c in enumerate(activity.data_categories)}
        ordinary = [c for c in activity.data_categories if not _sensitive(c.kind)]
        sensitive = [c for c in activity.data_categories if _sensitive(c.kind)]
        self.categories(sheet, B_DATA, ordinary, positions, where)
        sheet.title(B_SENSITIVE)
        sheet.header([h for c in SENSITIVE_CHECK for h in c.headers])
        present = {c.kind for c in sensitive}
        for kind in SENSITIVE_KINDS:
            sheet.row([label(kind, "fr"), kind.value, _YES if kind in present else _NO])
        self.categories(sheet, B_SENSITIVE_DATA, sensitive, positions, where)
        self.table(sheet, B_SOURCES, SOURCES, activity.sources, f"{where}, sources")
        self.table(sheet, B_RECIPIENTS, RECIPIENTS, activity.recipients, f"{where}, recipients")
        self.table(sheet, B_TRANSFERS, TRANSFERS, activity.transfers, f"{where}, transfers")
        self.table(sheet, B_SECURITY, SECURITY, activity.security_measures, f"{where}, security")
        sheet.title(B_COMPLEMENTS)
        self.kv(sheet, [OWN_RIGHTS_PRESENT], activity.rights is not None, where)
        self.table(sheet, B_OWN_RIGHTS, RIGHTS, activity.rights or (), f"{where}, rights")
        self.table(
            sheet, B_DECISIONS, DECISIONS, activity.automated_decisions, f"{where}, decisions"
        )
        sheet.title(B_CHILDREN)
        self.kv(sheet, [CHILDREN_PRESENT], activity.children is not None, where)
        self.kv(sheet, CHILDREN, activity.children, f"{where}, children")
        sheet.title(B_DPIA)
        self.kv(sheet, [DPIA_CRITERIA], activity, where)
        self.kv(sheet, DPIA_FIELDS, activity.dpia, f"{where}, DPIA")
        return sheet

    def controllers(self, sheet: Sheet, activity: ProcessingActivity, where: str) -> None:
        sheet.title(B_CONTROLLERS)
        headers = [h for c in (*CONTROLLER_FIELDS, *IDENTIFIERS) for h in c.headers]
        sheet.header([N, *headers])
        for index, controller in enumerate(activity.controllers):
            base = [
                c
                for col in CONTROLLER_FIELDS
                for c in self.cells(col, controller, f"{where}, controllers row {index + 1}")
            ]
            for identifier in controller.identifiers or (None,):
                ident = [
                    c
                    for col in IDENTIFIERS
                    for c in (self.cells(col, identifier, where) if identifier else [None])
                ]
                sheet.row([index + 1, *base, *ident])

    def purposes(self, sheet: Sheet, activity: ProcessingActivity, where: str) -> None:
        sheet.title(B_PURPOSES)
        headers = [h for c in (*PURPOSE_FIELDS, *BASIS_FIELDS) for h in c.headers]
        sheet.header([N, *headers])
        for index, purpose in enumerate(activity.purposes):
            here = f"{where}, purposes row {index + 1}"
            base = [c for col in PURPOSE_FIELDS for c in self.cells(col, purpose, here)]
            for basis in purpose.legal_bases or (None,):
                rest = [c for col in BASIS_FIELDS for c in self.cells(col, basis, here)]
                sheet.row([index + 1, *base, *rest])

    def categories(
        self,
        sheet: Sheet,
        title: str,
        categories: Sequence[DataCategory],
        positions: dict[int, int],
        where: str,
    ) -> None:
        sheet.title(title)
        headers = [h for c in (*CATEGORY_FIELDS, *RETENTION_FIELDS) for h in c.headers]
        sheet.header([N, *headers])
        for category in categories:
            position = positions[id(category)]
            here = f"{where}, data category {position}"
            cells = [
                c
                for col in (*CATEGORY_FIELDS, *RETENTION_FIELDS)
                for c in self.cells(col, category, here)
            ]
            sheet.row([position, *cells])


def _summary(*parts: object) -> str | None:
    text = " — ".join(str(p) for p in parts if p)
    return text or None


def _actors(register: Register) -> tuple[str | None, str | None, str | None]:
    c, d, r = register.controller, register.dpo, register.representative
    return (
        _summary(c.name, c.contact.email, c.contact.phone, c.contact.address),
        _summary(d.name, d.contact.email, d.contact.phone, d.contact.address) if d else None,
        _summary(r.name, r.contact.email, r.contact.phone, r.contact.address) if r else None,
    )


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]|[^\w \-.,()&+=!#$%~@'’«»]")
_RESERVED = {"history", _norm(COVER_SHEET)}


def sheet_names(activities: Sequence[ProcessingActivity]) -> list[str]:
    """A sheet name per activity: its id made safe, at most 31 characters,
    unique regardless of case, never the cover sheet's name."""
    taken: set[str] = set(_RESERVED)
    names: list[str] = []
    for activity in activities:
        base = _SHEET_FORBIDDEN.sub("-", activity.id).strip("'’ ")[:31] or "Fiche"
        name, counter = base, 1
        while _norm(name) in taken or not name.strip():
            counter += 1
            suffix = f"~{counter}"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(_norm(name))
        names.append(name)
    return names


def _layout(register: Register) -> tuple[list[Sheet], list[str]]:
    names = sheet_names(register.activities)
    export = _Export(register)
    sheets = [export.cover(names)]
    sheets.extend(export.fiche(a, n) for a, n in zip(register.activities, names, strict=True))
    return sheets, export.notes


# Reading the layout ------------------------------------------------------------------


class _Reader:
    """Reads raw sheets back into the JSON form of a register."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.checks: list[tuple[str, object, Callable[[Register], object]]] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    # Cells ------------------------------------------------------------------------

    def text(self, value: object, where: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value if value != "" else None
        if isinstance(value, bool):
            return _YES if value else _NO
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (dt.datetime, dt.date)):
            value = value.isoformat()
        self.notes.append(f"{where}: a number or date where text is expected, read as {value!s}")
        return str(value)

    def read(self, col: Col, cells: Sequence[object], where: str) -> tuple[bool, Any]:
        """``(present, value)`` in the JSON form for one field."""
        first = cells[0] if cells else None
        kind = col.kind
        if kind is Kind.TEXT:
            value = self.text(first, where)
            return value is not None, value
        if kind is Kind.REQUIRED:
            value = self.text(first, where)
            return True, value if value is not None else ""
        if kind is Kind.ENUM:
            member = self.member(_enum_of(col), first, cells[1] if len(cells) > 1 else None, where)
            return member is not None, member.value if member is not None else None
        if kind is Kind.ENUMS:
            members = self.members(
                _enum_of(col), first, cells[1] if len(cells) > 1 else None, where
            )
            return bool(members), [m.value for m in members]
        if kind is Kind.COUNTRY:
            code = self.country(first, cells[1] if len(cells) > 1 else None, where)
            return code is not None, code
        if kind is Kind.BOOL:
            flag = self.boolean(first, where)
            return flag is not None, flag
        if kind is Kind.INT:
            number = self.integer(first, where)
            return number is not None, number
        if kind is Kind.DATE:
            day = self.date(first, where)
            return day is not None, day.isoformat() if day else None
        if kind is Kind.DURATION:
            text = self.text(first, where)
            if text is None:
                return False, None
            try:
                return True, Duration.parse(text.strip()).isoformat()
            except DurationError as error:
                self.problem(where, str(error))
                return False, None
        if kind is Kind.ARCHIVE:
            text = self.text(first, where)
            if text is None or not text.strip():
                return False, None  # no archive, unless its ground is given
            if _norm(text) in _UNSTATED_WORDS:
                return True, {}
            try:
                return True, {"duration": Duration.parse(text.strip()).isoformat()}
            except DurationError as error:
                self.problem(
                    where, f"{error}, or « {_UNSTATED} » for an archive of unstated length"
                )
                return False, None
        return False, None

    def member(
        self, cls: type[enum.Enum], shown: object, code: object, where: str
    ) -> enum.Enum | None:
        by_code = None
        code_text = self.text(code, where)
        if code_text is not None and code_text.strip():
            try:
                by_code = cls(code_text.strip())
            except ValueError:
                allowed = ", ".join(str(m.value) for m in cls)
                self.problem(where, f"code {code_text!r} is not one of {allowed}")
                return None
        shown_text = self.text(shown, where)
        by_label = parse_label(cls, shown_text) if shown_text else None
        if by_code is not None:
            if shown_text and by_label is not by_code:
                self.notes.append(
                    f"{where}: the label « {shown_text} » does not match the code "
                    f"{by_code.value!r}; the code was kept"
                )
            return by_code
        if shown_text and by_label is None:
            self.problem(where, f"« {shown_text} » is not a known {cls.__name__} label or id")
        return by_label

    def members(
        self, cls: type[enum.Enum], shown: object, codes: object, where: str
    ) -> list[enum.Enum]:
        code_text = self.text(codes, where)
        if code_text and code_text.strip():
            found = []
            for part in (p.strip() for p in code_text.split(",")):
                if part:
                    member = self.member(cls, None, part, where)
                    if member is not None:
                        found.append(member)
            return found
        shown_text = self.text(shown, where)
        if not shown_text:
            return []
        found = []
        for part in (p.strip() for p in shown_text.split(";")):
            if part:
                member = self.member(cls, part, None, where)
                if member is not None:
                    found.append(member)
        return found

    def country(self, shown: object, code: object, where: str) -> str | None:
        code_text = self.text(code, where)
        if code_text and code_text.strip():
            value = code_text.strip().upper()
            if not is_country_code(value):
                self.problem(where, f"{code_text!r} is not an ISO 3166-1 alpha-2 country code")
                return None
            return value
        shown_text = self.text(shown, where)
        if not shown_text:
            return None
        found = parse_country(shown_text)
        if found is None:
            self.problem(where, f"« {shown_text} » is not a country name or code gdprkit knows")
        return found

    def boolean(self, value: object, where: str) -> bool | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = _norm(value)
        if text in ("oui", "yes", "vrai", "true", "o", "y", "1"):
            return True
        if text in ("non", "no", "faux", "false", "n", "0"):
            return False
        self.problem(where, f"expected « {_YES} » or « {_NO} », got {value!r}")
        return None

    def integer(self, value: object, where: str) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.problem(where, f"expected a whole number, got {value!r}")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value)
        self.problem(where, f"expected a whole number, got {value!r}")
        return None

    def date(self, value: object, where: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(
                r"(\d{1,2})/(\d{1,2})/(\d{4})", text
            )
            if found:
                a, b, c = (int(g) for g in found.groups())
                try:
                    return dt.date(a, b, c) if "-" in text else dt.date(c, b, a)
                except ValueError:
                    pass
        self.problem(where, f"expected a date (YYYY-MM-DD or JJ/MM/AAAA), got {value!r}")
        return None

    # Blocks -----------------------------------------------------------------------

    def kv(
        self, rows: Sequence[tuple[int, list[object]]], cols: Sequence[Col], sheet: str
    ) -> tuple[dict[str, Any], dict[str, bool]]:
        """A label | value block: the JSON form of its fields, and which
        labels were found."""
        by_label = {_norm(c.label): c for c in cols}
        data: dict[str, Any] = {}
        seen: dict[str, bool] = {}
        for number, row in rows:
            key = _norm(row[0] if row else None)
            col = by_label.get(key)
            if col is None:
                if key:
                    self.notes.append(
                        f"{sheet}!A{number}: row « {row[0]} » is not part of the layout; ignored"
                    )
                continue
            seen[col.label] = True
            where = f"{sheet}!B{number}"
            if col.kind is Kind.DERIVED:
                continue
            present, value = self.read(col, row[1:], where)
            if present and col.path:
                _put(data, col.path, value)
            elif present:
                data[""] = value
        return data, seen

    def table(
        self,
        rows: Sequence[tuple[int, list[object]]],
        cols: Sequence[Col],
        sheet: str,
        *,
        numbered: bool = False,
    ) -> list[tuple[int, int | None, dict[str, Any], dict[str, object]]]:
        """A titled table: for each data row, its number, its N° (when
        *numbered*), the JSON form of its fields and the raw derived cells."""
        if not rows:
            return []
        header_number, header = rows[0]
        names = [_norm(h) for h in header]
        positions: dict[str, int] = {}
        used: set[int] = set()
        offset = 0
        if numbered:
            if names and names[0] == _norm(N):
                used.add(0)
                offset = 1
            else:
                self.problem(f"{sheet}!A{header_number}", f"expected the column « {N} »")
        for col in cols:
            key = _norm(col.label)
            index = next(
                (i for i in range(offset, len(names)) if names[i] == key and i not in used), None
            )
            if index is None:
                if col.kind is not Kind.DERIVED:
                    self.notes.append(
                        f"{sheet}!{header_number}: column « {col.label} » is missing; "
                        "its values are taken as empty"
                    )
                continue
            positions[col.label] = index
            used.add(index)
            if col.coded and index + 1 < len(names) and names[index + 1] == _norm(CODE):
                used.add(index + 1)
        for index, name in enumerate(names):
            if name and index not in used:
                self.notes.append(
                    f"{sheet}!{_column(index)}{header_number}: column « {header[index]} » is not "
                    "part of the layout; ignored"
                )
        result = []
        for number, row in rows[1:]:
            if all(v is None or v == "" for v in row):
                continue
            data: dict[str, Any] = {}
            derived: dict[str, object] = {}
            for col in cols:
                index = positions.get(col.label)
                if index is None:
                    cells: list[object] = [None, None]
                else:
                    cells = row[index : index + (2 if col.coded else 1)]
                    code_known = index + 1 < len(names) and names[index + 1] == _norm(CODE)
                    if col.coded and not code_known:
                        cells = cells[:1]
                where = f"{sheet}!{_column(index or 0)}{number}"
                if col.kind is Kind.DERIVED:
                    derived[col.label] = cells[0] if cells else None
                    continue
                present, value = self.read(col, cells, where)
                if present:
                    _put(data, col.path or "_", value)
            position = None
            if numbered:
                position = self.integer(row[0] if row else None, f"{sheet}!A{number}")
            result.append((number, position, data, derived))
        return result


def _blocks(sheet: RawSheet, titles: Sequence[str]) -> dict[str, list[tuple[int, list[object]]]]:
    """The rows of each titled block of *sheet* (blank rows dropped)."""
    known = {_norm(t): t for t in titles}
    blocks: dict[str, list[tuple[int, list[object]]]] = {"": []}
    current = ""
    for number, row in enumerate(sheet.rows, start=1):
        if all(v is None or v == "" for v in row):
            continue
        title = known.get(_norm(row[0]))
        if title is not None and all(v is None or v == "" for v in row[1:]):
            current = title
            blocks.setdefault(current, [])
            continue
        blocks[current].append((number, row))
    return blocks


def _parse(sheets: Sequence[RawSheet], source: str) -> tuple[Register, list[str]]:
    reader = _Reader()
    cover = None
    fiches: list[RawSheet] = []
    for sheet in sheets:
        first = _norm(sheet.rows[0][0]) if sheet.rows and sheet.rows[0] else ""
        if first == _norm(COVER_TITLE) and cover is None:
            cover = sheet
        elif first == _norm(FICHE_TITLE):
            fiches.append(sheet)
        else:
            reader.notes.append(
                f"sheet {sheet.name!r} is neither the cover sheet nor a fiche; ignored"
            )
    if cover is None:
        raise LoadError(
            [
                Problem(
                    "", f"no cover sheet: a sheet whose cell A1 is « {COVER_TITLE} » is required"
                )
            ],
            source,
        )
    data = _read_cover(reader, cover)
    activities = [_read_fiche(reader, sheet, index) for index, sheet in enumerate(fiches)]
    data["activities"] = activities
    _check_activity_list(reader, cover, activities)
    if reader.problems:
        raise LoadError(reader.problems, source)
    register = from_dict({"schema_version": 1, **data}, source=source)
    for where, found, expected in reader.checks:
        value = expected(register)
        if _norm(found) != _norm(value) and not (found in (None, "") and value in (None, "")):
            reader.notes.append(
                f"{where}: this cell is computed, not read; it says « {found or ''} » but the "
                f"register gives « {value or ''} »"
            )
    return register, reader.notes


def _read_cover(reader: _Reader, sheet: RawSheet) -> dict[str, Any]:
    name = sheet.name
    blocks = _blocks(sheet, COVER_BLOCKS)
    version = None
    for number, row in blocks[""]:
        if _norm(row[0]) == _norm(VERSION_LABEL):
            version = reader.integer(row[1] if len(row) > 1 else None, f"{name}!B{number}")
    if version is None:
        reader.notes.append(f"{name}: no « {VERSION_LABEL} »; read as version {FORMAT_VERSION}")
    elif version > FORMAT_VERSION:
        reader.problem(
            f"{name}",
            f"layout version {version} is newer than this gdprkit reads ({FORMAT_VERSION})",
        )
    data, _ = reader.kv(blocks.get(B_ORGANISATION, []), ORGANISATION, name)
    identifiers = [
        d for _, _, d, _ in reader.table(blocks.get(B_IDENTIFIERS, []), IDENTIFIERS, name)
    ]
    if identifiers:
        data.setdefault("controller", {})["identifiers"] = identifiers
    data.setdefault("controller", {}).setdefault("name", "")
    dpo = _optional_part(reader, blocks.get(B_DPO, []), DPO_PRESENT, DPO_FIELDS, name, "DPO")
    if dpo is not None:
        data["dpo"] = dpo
    rep = _optional_part(
        reader, blocks.get(B_REPRESENTATIVE, []), REP_PRESENT, REP_FIELDS, name, "representative"
    )
    if rep is not None:
        rep.setdefault("name", "")
        data["representative"] = rep
    rights = [d for _, _, d, _ in reader.table(blocks.get(B_RIGHTS, []), RIGHTS, name)]
    if rights:
        data["rights"] = rights
    security = _security(reader, blocks.get(B_COMMON_SECURITY, []), name, None)
    if security:
        data["security_measures"] = security
    return data


def _optional_part(
    reader: _Reader,
    rows: Sequence[tuple[int, list[object]]],
    flag: Col,
    cols: Sequence[Col],
    sheet: str,
    what: str,
) -> dict[str, Any] | None:
    """A part that may be absent (DPO, representative, children's rules): a
    « yes / no » row, then its fields."""
    fields, _ = reader.kv(rows, [flag, *cols], sheet)
    present = fields.pop("", None)
    given = _filled(fields)
    if present is None:
        present = given
    if not present:
        if given:
            reader.notes.append(
                f"{sheet}: « {flag.label} » is « {_NO} », so the {what} details given were ignored"
            )
        return None
    return fields


def _filled(value: object) -> bool:
    """Whether a JSON-form value holds anything but empty texts."""
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value not in (None, "")


def _security(
    reader: _Reader,
    rows: Sequence[tuple[int, list[object]]],
    sheet: str,
    activity: int | None,
) -> list[dict[str, Any]]:
    found = []
    for index, (number, _, data, derived) in enumerate(reader.table(rows, SECURITY, sheet)):
        found.append(data)

        def expected(reg: Register, i: int = index) -> object:
            measures = (
                reg.security_measures
                if activity is None
                else reg.activities[activity].security_measures
            )
            return _security_type(measures[i])

        reader.checks.append((f"{sheet} row {number}, « Type »", derived.get("Type"), expected))
    return found


def _read_fiche(reader: _Reader, sheet: RawSheet, position: int) -> dict[str, Any]:
    name = sheet.name
    blocks = _blocks(sheet, FICHE_BLOCKS)
    data, _ = reader.kv(blocks.get(B_DESCRIPTION, []), DESCRIPTION, name)
    data.setdefault("id", "")
    data.setdefault("name", "")
    title_row = sheet.rows[0]
    reader.checks.append(
        (
            f"{name}!B1",
            title_row[1] if len(title_row) > 1 else None,
            functools.partial(_activity_name, index=position),
        )
    )
    for number, row in blocks.get(B_ACTORS, []):
        key = _norm(row[0])
        for index, actor in enumerate(ACTORS):
            if key == _norm(actor):
                reader.checks.append(
                    (
                        f"{name}!B{number}",
                        row[1] if len(row) > 1 else None,
                        functools.partial(_actor, index=index),
                    )
                )
    simple = (
        (B_JOINT, JOINT, "joint_controllers"),
        (B_SUBJECTS, SUBJECTS, "data_subjects"),
        (B_SOURCES, SOURCES, "sources"),
        (B_RECIPIENTS, RECIPIENTS, "recipients"),
        (B_TRANSFERS, TRANSFERS, "transfers"),
        (B_DECISIONS, DECISIONS, "automated_decisions"),
    )
    for title, cols, key in simple:
        items = [d for _, _, d, _ in reader.table(blocks.get(title, []), cols, name)]
        if key in ("joint_controllers", "data_subjects", "recipients"):
            for item in items:
                item.setdefault("name", "")
        if key == "transfers":
            for item in items:
                item.setdefault("recipient", "")
        if key == "automated_decisions":
            for item in items:
                item.setdefault("description", "")
        if items:
            data[key] = items
    controllers = _grouped(
        reader, blocks.get(B_CONTROLLERS, []), CONTROLLER_FIELDS, IDENTIFIERS, name, "identifiers"
    )
    if controllers:
        data["controllers"] = controllers
    processing = [
        d.get("_", "")
        for _, _, d, _ in reader.table(blocks.get(B_PROCESSING, []), PROCESSING, name)
    ]
    if processing:
        data["processing_categories"] = processing
    purposes = _grouped(
        reader, blocks.get(B_PURPOSES, []), PURPOSE_FIELDS, BASIS_FIELDS, name, "legal_bases"
    )
    if purposes:
        data["purposes"] = purposes
    categories = _categories(reader, blocks, name, position)
    if categories:
        data["data_categories"] = categories
    security = _security(reader, blocks.get(B_SECURITY, []), name, position)
    if security:
        data["security_measures"] = security
    own, _ = reader.kv(blocks.get(B_COMPLEMENTS, []), [OWN_RIGHTS_PRESENT], name)
    rights = [d for _, _, d, _ in reader.table(blocks.get(B_OWN_RIGHTS, []), RIGHTS, name)]
    if own.get("") or (own.get("") is None and rights):
        data["rights"] = rights
    elif rights:
        reader.notes.append(
            f"{name}: « {OWN_RIGHTS_PRESENT.label} » is « {_NO} », so the rights listed "
            "under it were ignored (the cover sheet's list applies)"
        )
    children = _optional_part(
        reader, blocks.get(B_CHILDREN, []), CHILDREN_PRESENT, CHILDREN, name, "children's consent"
    )
    if children is not None:
        data["children"] = children
    dpia, _ = reader.kv(blocks.get(B_DPIA, []), [DPIA_CRITERIA, *DPIA_FIELDS], name)
    if "dpia_criteria" in dpia:
        data["dpia_criteria"] = dpia.pop("dpia_criteria")
    if dpia:
        if "status" not in dpia:
            reader.problem(
                f"{name}",
                f"« {DPIA_FIELDS[0].label} » is required when the DPIA block is filled in",
            )
        data["dpia"] = dpia
    return data


def _grouped(
    reader: _Reader,
    rows: Sequence[tuple[int, list[object]]],
    outer: Sequence[Col],
    inner: Sequence[Col],
    sheet: str,
    key: str,
) -> list[dict[str, Any]]:
    """A table with one row per sub-item (a purpose's bases, a controller's
    identifiers); rows with the same N° belong to the same item."""
    outer_paths = {c.path.split(".")[0] for c in outer}
    groups: dict[object, tuple[int, dict[str, Any], list[dict[str, Any]]]] = {}
    for number, position, data, _ in reader.table(rows, [*outer, *inner], sheet, numbered=True):
        head = {k: v for k, v in data.items() if k in outer_paths}
        tail = {k: v for k, v in data.items() if k not in outer_paths}
        group = position if position is not None else ("row", number)
        if group not in groups:
            groups[group] = (number, head, [])
        elif groups[group][1] != head:
            reader.notes.append(
                f"{sheet} row {number}: N° {position} repeats another row whose values "
                f"differ; the first row's were kept"
            )
        if _filled(tail):
            groups[group][2].append(tail)
    result = []
    for first, head, tails in groups.values():
        item = dict(head)
        item.setdefault("name", "")
        if key == "legal_bases":
            for tail in tails:
                if "basis" not in tail:
                    reader.problem(
                        f"{sheet} row {first}",
                        f"a lawful-basis detail is given without « {BASIS_FIELDS[0].label} »",
                    )
        if tails:
            item[key] = tails
        result.append(item)
    return result


def _categories(
    reader: _Reader,
    blocks: dict[str, list[tuple[int, list[object]]]],
    sheet: str,
    activity: int,
) -> list[dict[str, Any]]:
    cols = [*CATEGORY_FIELDS, *RETENTION_FIELDS]
    found: list[tuple[int, int, dict[str, Any], dict[str, object], int]] = []
    for title in (B_DATA, B_SENSITIVE_DATA):
        for number, position, data, derived in reader.table(
            blocks.get(title, []), cols, sheet, numbered=True
        ):
            category = data
            category.setdefault("name", "")
            order = position if position is not None else 10**9
            found.append((order, number, category, derived, len(found)))
    found.sort(key=lambda f: (f[0], f[4]))
    result = []
    for index, (_, number, category, derived, _) in enumerate(found):
        result.append(category)
        reader.checks.append(
            (
                f"{sheet} row {number}, « Durée de conservation »",
                derived.get("Durée de conservation"),
                functools.partial(_category_retention, activity=activity, index=index),
            )
        )
    for number, row in blocks.get(B_SENSITIVE, [])[1:]:
        code = row[1] if len(row) > 1 else None
        reader.checks.append(
            (
                f"{sheet} row {number}, « Traitée »",
                row[2] if len(row) > 2 else None,
                functools.partial(_checklist, activity=activity, code=code),
            )
        )
    return result


def _activity_name(register: Register, *, index: int) -> str:
    return register.activities[index].name


def _actor(register: Register, *, index: int) -> str | None:
    return _actors(register)[index]


def _category_retention(register: Register, *, activity: int, index: int) -> Cell:
    return _retention_words(register.activities[activity].data_categories[index])


def _checklist(register: Register, *, activity: int, code: object) -> str | None:
    try:
        kind = DataKind(code)
    except ValueError:
        return None
    present = any(c.kind is kind for c in register.activities[activity].data_categories)
    return _YES if present else _NO


def _check_activity_list(
    reader: _Reader, cover: RawSheet, activities: list[dict[str, Any]]
) -> None:
    rows = _blocks(cover, COVER_BLOCKS).get(B_ACTIVITIES, [])[1:]
    listed = [str(row[1]) if len(row) > 1 and row[1] is not None else "" for _, row in rows]
    actual = [str(a.get("id", "")) for a in activities]
    if listed != actual:
        reader.notes.append(
            f"{cover.name}: the list of activities is computed, not read; it names {listed} "
            f"but the fiches, in sheet order, are {actual}"
        )


# File formats ------------------------------------------------------------------------


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:
        raise MissingDependency("openpyxl", "xlsx", purpose="for .xlsx spreadsheets") from error
    return openpyxl


def _odf() -> Any:
    try:
        import odf.opendocument
        import odf.style
        import odf.table
        import odf.teletype
        import odf.text
    except ImportError as error:
        raise MissingDependency("odfpy", "ods", purpose="for .ods spreadsheets") from error
    return odf


def _encoded(value: Cell, xml: bool) -> Cell:
    if isinstance(value, str):
        value = neutralise(value)
        return xml_escape(value) if xml else value
    return value


def _decoded(value: object, xml: bool) -> object:
    if isinstance(value, str):
        return unneutralise(xml_unescape(value) if xml else value)
    return value


def _write_xlsx(sheets: Sequence[Sheet], path: Path, notes: list[str]) -> None:
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    title_font, header_font = Font(bold=True, size=12), Font(bold=True)
    title_fill = PatternFill("solid", fgColor="DDE6F0")
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    wrap = Alignment(wrap_text=True, vertical="top")
    long_cells = 0
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.name)
        ws.column_dimensions["A"].width = 42
        for letter in ("B", "C", "D", "E", "F", "G", "H"):
            ws.column_dimensions[letter].width = 24
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                encoded = _encoded(value, xml=True)
                if isinstance(encoded, str):
                    long_cells += len(encoded) > _EXCEL_MAX
                    cell.value = encoded
                    cell.data_type = "s"
                    if len(encoded) > 40 or "\n" in encoded:  # styling every cell is slow
                        cell.alignment = wrap
                elif isinstance(encoded, dt.date):
                    cell.value = encoded
                    cell.number_format = "yyyy-mm-dd"
                else:
                    cell.value = encoded
                if r - 1 in sheet.titles:
                    cell.font, cell.fill = title_font, title_fill
                elif r - 1 in sheet.headers:
                    cell.font, cell.fill = header_font, header_fill
    if long_cells:
        notes.append(
            f"{long_cells} cell(s) hold more than {_EXCEL_MAX} characters, which Excel cuts "
            "when it opens the file"
        )
    workbook.save(path)


def _read_xlsx(path: Path) -> list[RawSheet]:
    openpyxl = _openpyxl()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [
            RawSheet(
                ws.title,
                [[_decoded(v, xml=True) for v in row] for row in ws.iter_rows(values_only=True)],
            )
            for ws in workbook.worksheets
        ]
    finally:
        workbook.close()


def _write_ods(sheets: Sequence[Sheet], path: Path) -> None:
    odf = _odf()
    doc = odf.opendocument.OpenDocumentSpreadsheet()
    bold = odf.style.Style(name="gdprkitBold", family="table-cell")
    bold.addElement(odf.style.TextProperties(fontweight="bold"))
    title = odf.style.Style(name="gdprkitTitle", family="table-cell")
    title.addElement(odf.style.TextProperties(fontweight="bold", fontsize="12pt"))
    title.addElement(odf.style.TableCellProperties(backgroundcolor="#DDE6F0"))
    wide = odf.style.Style(name="gdprkitWide", family="table-column")
    wide.addElement(odf.style.TableColumnProperties(columnwidth="9cm"))
    normal = odf.style.Style(name="gdprkitNormal", family="table-column")
    normal.addElement(odf.style.TableColumnProperties(columnwidth="5cm"))
    for style in (bold, title):
        doc.automaticstyles.addElement(style)
    for style in (wide, normal):
        doc.automaticstyles.addElement(style)
    for sheet in sheets:
        table = odf.table.Table(name=sheet.name)
        table.addElement(odf.table.TableColumn(stylename=wide))
        width = max((len(r) for r in sheet.rows), default=1)
        if width > 1:
            table.addElement(
                odf.table.TableColumn(stylename=normal, numbercolumnsrepeated=width - 1)
            )
        for r, row in enumerate(sheet.rows):
            tr = odf.table.TableRow()
            style = title if r in sheet.titles else bold if r in sheet.headers else None
            for value in row:
                tr.addElement(_ods_cell(odf, _encoded(value, xml=True), style))
            if not row:
                tr.addElement(odf.table.TableCell())
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _ods_cell(odf: Any, value: Cell, style: Any) -> Any:
    extra = {"stylename": style} if style is not None else {}
    if value is None:
        return odf.table.TableCell(**extra)
    if isinstance(value, int):
        cell = odf.table.TableCell(valuetype="float", value=value, **extra)
        cell.addElement(odf.text.P(text=str(value)))
        return cell
    if isinstance(value, dt.date):
        cell = odf.table.TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
        cell.addElement(odf.text.P(text=value.isoformat()))
        return cell
    cell = odf.table.TableCell(valuetype="string", **extra)
    paragraph = odf.text.P()
    odf.teletype.addTextToElement(paragraph, value)
    cell.addElement(paragraph)
    return cell


_ODS_MAX_REPEAT = 1024


def _read_ods(path: Path) -> list[RawSheet]:
    odf = _odf()
    from odf.namespaces import OFFICENS, TABLENS

    doc = odf.opendocument.load(str(path))
    sheets = []
    for table in doc.spreadsheet.getElementsByType(odf.table.Table):
        rows: list[list[object]] = []
        blank_rows = 0  # empty rows are only added when a filled row follows
        groups = ("table-header-rows", "table-row-group", "table-rows")
        for tr in _children(table, "table-row", TABLENS, *groups):
            cells: list[object] = []
            blank_cells = 0
            for tc in tr.childNodes:
                kind = getattr(tc, "qname", (None, None))
                if kind[0] != TABLENS or kind[1] not in ("table-cell", "covered-table-cell"):
                    continue
                value = _ods_value(odf, tc, OFFICENS) if kind[1] == "table-cell" else None
                repeat = int(tc.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                if value is None:
                    blank_cells += repeat
                    continue
                cells.extend([None] * blank_cells)
                blank_cells = 0
                cells.extend([value] * min(repeat, _ODS_MAX_REPEAT))
            repeat = int(tr.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            if not cells:
                blank_rows += repeat
                continue
            rows.extend([] for _ in range(blank_rows))
            blank_rows = 0
            rows.extend(list(cells) for _ in range(min(repeat, _ODS_MAX_REPEAT)))
        sheets.append(RawSheet(str(table.getAttrNS(TABLENS, "name")), rows))
    return sheets


def _children(node: Any, wanted: str, ns: str, *groups: str) -> Iterator[Any]:
    for child in node.childNodes:
        if getattr(child, "qname", (None, None))[0] != ns:
            continue
        if child.qname[1] == wanted:
            yield child
        elif child.qname[1] in groups:
            yield from _children(child, wanted, ns, *groups)


def _ods_value(odf: Any, cell: Any, officens: str) -> object:
    kind = cell.getAttrNS(officens, "value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttrNS(officens, "value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = str(cell.getAttrNS(officens, "date-value"))
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if kind == "boolean":
        return cell.getAttrNS(officens, "boolean-value") == "true"
    paragraphs = [
        odf.teletype.extractText(p)
        for p in cell.childNodes
        if getattr(p, "qname", (None, ""))[1] == "p"
    ]
    if not paragraphs:
        return None
    return _decoded("\n".join(paragraphs), xml=True)


CSV_SHEET = "Feuille"
"""What the first column of the CSV form holds: the sheet each row belongs to."""


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralise(text)


def _write_csv(sheets: Sequence[Sheet], path: Path) -> None:
    width = 1 + max((len(r) for sheet in sheets for r in sheet.rows), default=1)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for sheet in sheets:
            name = _csv_cell(sheet.name)
            for row in sheet.rows:
                cells = [name, *(_csv_cell(v) for v in row)]
                writer.writerow(cells + [""] * (width - len(cells)))


def _read_csv(path: Path) -> list[RawSheet]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    sheets: list[RawSheet] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if not row:
            continue
        name = unneutralise(row[0])
        cells: list[object] = [unneutralise(v) if v != "" else None for v in row[1:]]
        while cells and cells[-1] is None:
            cells.pop()
        if not sheets or sheets[-1].name != name:
            sheets.append(RawSheet(name, []))
        sheets[-1].rows.append(cells)
    return sheets


def _check_format(format: str) -> str:
    if format not in FORMATS:
        msg = f"unsupported format {format!r}: choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    return format


def export_register(register: Register, path: Path, *, format: str) -> tuple[str, ...]:
    """Write *register* as a spreadsheet in the CNIL template's layout.

    Args:
        register: The register.
        path: The file to write.
        format: ``"xlsx"``, ``"ods"`` or ``"csv"``.

    Returns:
        Notes on what the spreadsheet cannot hold exactly (empty optional
        texts, over-long cells) or what a reader should know (texts written
        with a protective apostrophe); empty for most registers.

    Raises:
        ValueError: for an unknown format.
        MissingDependency: when the library for *format* is not installed.
    """
    _check_format(format)
    path = Path(path)
    sheets, notes = _layout(register)
    neutralised = sum(
        1
        for sheet in sheets
        for row in sheet.rows
        for value in row
        if isinstance(value, str) and value.startswith(_FORMULA_START[:-1])
    )
    if format == "xlsx":
        _write_xlsx(sheets, path, notes)
    elif format == "ods":
        _write_ods(sheets, path)
    else:
        _write_csv(sheets, path)
    if neutralised:
        notes.append(
            f"{neutralised} cell(s) start with = + - @, a tab or a carriage return: they are "
            "written after an apostrophe so that no spreadsheet runs them as formulas; "
            "import_register removes it"
        )
    return tuple(notes)


def import_register(path: Path) -> tuple[Register, tuple[str, ...]]:
    """Read a register from a spreadsheet written by :func:`export_register`
    (or edited since, in the same layout).

    The format follows *path*'s extension: ``.csv``, ``.ods``, anything else
    is read as ``xlsx``.

    Returns:
        The register, and notes on what was not read: rows, columns or
        sheets outside the layout, computed cells that no longer match the
        data, labels that disagree with their code.

    Raises:
        LoadError: listing every cell that cannot be read (unknown code,
            bad date or duration, no cover sheet), or every problem of the
            register built from it.
        MissingDependency: when the library for the format is not installed.
    """
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader: Callable[[Path], list[RawSheet]] = _read_csv
    elif suffix == ".ods":
        _odf()
        reader = _read_ods
    else:
        _openpyxl()
        reader = _read_xlsx
    try:
        sheets = reader(path)
    except Exception as error:
        msg = f"cannot read the spreadsheet: {type(error).__name__}: {error}"
        raise LoadError([Problem("", msg)], source) from error
    register, notes = _parse(sheets, source)
    return register, tuple(notes)
