"""The layout of the CNIL register template: words, columns and blocks, and the
neutral workbook (:class:`Sheet` to write, :class:`RawSheet` as read).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any, TypeAlias

import attrs

from gdprkit.model import (
    ActivityStatus,
    Art9Condition,
    DataKind,
    DpiaCriterion,
    DpiaStatus,
    EndAction,
    Event,
    LawfulBasis,
    PurposeTag,
    RecipientKind,
    Right,
    Role,
    SecurityCategory,
    SourceKind,
    SubjectKind,
    SubprocessorAuthorisation,
    TransferMechanism,
)
from gdprkit.render._labels import (
    not_specified,
    retention_text,
    security_type,
)


FORMAT_VERSION = 2
"""Version of the layout, written on the cover sheet.  Version 2 added the
closing sheet (:data:`END_SHEET`); version 1 files are still read."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a text that a spreadsheet would take for a formula starts."""

Cell: TypeAlias = "str | int | dt.date | None"
"""A value written to a cell."""


# Layout words (French, as in the CNIL template) ----------------------------------

COVER_SHEET = "Registre"
COVER_TITLE = "Registre des activités de traitement"
FICHE_TITLE = "Fiche de registre"
VERSION_LABEL = "Version du format gdprkit"
END_SHEET = "Fin"
END_TITLE = "Fin du registre"
END_NOTE = "Cette feuille clôt le registre : un fichier qui s’arrête avant elle est incomplet."
"""The last sheet of every export: a file that stops before it (a CSV cut by an
interrupted export or copy) is refused on import."""
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


def _controller(prefix: str, name_label: str) -> list[Col]:
    """A controller's name, trade name, contact details and country: the
    organisation's own (*prefix* ``controller.``), or those of a controller it
    acts for."""
    return [
        _req(name_label, f"{prefix}name"),
        _text("Nom commercial", f"{prefix}trade_name"),
        *_contact(prefix),
        Col("Pays", f"{prefix}country", Kind.COUNTRY),
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
B_TRANSLATIONS = "Traductions des textes du registre"
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
    *_controller("controller.", "Nom ou raison sociale"),
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
    _text("Note interne (jamais publiée)", "note"),
]

DESCRIPTION = [
    _req("Référence", "id"),
    _req("Nom du traitement", "name"),
    _enum("Rôle de l’organisme", "role", Role),
    _enum(
        "Autorisation des sous-traitants ultérieurs (RGPD, art. 28(2))",
        "subprocessor_authorisation",
        SubprocessorAuthorisation,
    ),
    _text("Description", "description"),
    Col("Date de création de la fiche", "created", Kind.DATE),
    Col("Date de dernière mise à jour", "updated", Kind.DATE),
    Col("Activité principale de l’organisme", "core_activity", Kind.BOOL),
    _text("Notes", "notes"),
    _text("Responsable interne du traitement", "owner"),
    _enum("Statut du traitement", "status", ActivityStatus),
    Col("Prochaine revue de la fiche", "next_review", Kind.DATE),
]
JOINT = [_req("Nom", "name"), *_contact(""), _text("Accord (RGPD, art. 26)", "arrangement")]
CONTROLLER_FIELDS = _controller("", "Nom")
PROCESSING = [_req("Catégorie de traitement", "")]
PURPOSE_FIELDS = [
    _req("Finalité", "name"),
    _text("Description", "description"),
    Col("Catégories de finalité", "tags", Kind.ENUMS, PurposeTag),
    _text("Note interne (jamais publiée)", "note"),
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
    _text("Note interne (jamais publiée)", "note"),
]
CATEGORY_FIELDS = [
    _req("Catégorie de données", "name"),
    _enum("Type", "kind", DataKind),
    _text("Détail des données", "description"),
    Col("Fourniture obligatoire", "required", Kind.BOOL),
    _text("Conséquences d’un défaut de fourniture", "if_not_provided"),
    _text("Texte autorisant le traitement", "legal_reference"),
    _text("Note interne (jamais publiée)", "note"),
    Col("Durée de conservation", "", Kind.DERIVED, derive=_retention_words),
]
RETENTION_FIELDS = [
    Col("Durée (ISO 8601)", "retention.duration", Kind.DURATION),
    _enum("À compter de", "retention.start", Event),
    _text("Événement de départ décrit", "retention.start_description"),
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
SOURCES = [
    _enum("Source", "kind", SourceKind),
    _text("Description", "description"),
    _text("Note interne (jamais publiée)", "note"),
]
RECIPIENTS = [
    _req("Destinataire", "name"),
    _enum("Type", "kind", RecipientKind),
    Col("Pays", "country", Kind.COUNTRY),
    _text("Description", "description"),
    _text("Contrat de sous-traitance (RGPD, art. 28)", "contract_reference"),
    _text("Note interne (jamais publiée)", "note"),
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
    _text("Note interne (jamais publiée)", "note"),
]
OWN_RIGHTS_PRESENT = Col("Liste propre à ce traitement", "", Kind.BOOL)
NO_RECIPIENTS = Col("Aucun destinataire (déclaré)", "", Kind.BOOL)
DECISIONS = [
    _req("Décision", "description"),
    Col("Effets juridiques ou significatifs", "significant_effects", Kind.BOOL),
    _text("Garanties (RGPD, art. 22(3))", "safeguards"),
    _text("Note interne (jamais publiée)", "note"),
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
TRANSLATIONS = [
    _req("Texte du registre", "text"),
    _text("Français (fr)", "fr"),
    _text("Anglais (en)", "en"),
    _text("Allemand (de)", "de"),
    _text("Espagnol (es)", "es"),
    _text("Italien (it)", "it"),
]
N = "N°"
ACTIVITY_LIST = ["N°", "Référence", "Nom du traitement", "Rôle", CODE, "Feuille"]
ACTORS = ("Responsable du traitement", "Délégué à la protection des données", "Représentant")


def _sensitive(kind: DataKind) -> bool:
    return kind.is_special or kind.is_criminal or kind.is_national_id


SENSITIVE_KINDS = tuple(k for k in DataKind if _sensitive(k))

B_ACCEPTED = "Constats acceptés (gdprkit)"
ACCEPTED = [
    _req("Règle", "rule"),
    _text("Traitement (référence)", "activity"),
    _text("Élément", "path"),
    _req("Justification", "justification"),
    _req("Décidé par", "decided_by"),
    Col("Jusqu’au", "until", Kind.DATE),
    _text("Empreinte de l’élément", "fingerprint"),
]
B_EXTENSIONS = "Champs d’extension (x-)"
EXTENSIONS = [
    _text("Élément", "path"),
    _req("Clé", "key"),
    _req("Valeur (JSON)", "value"),
]
"""Every ``x-`` field of the register, one per row, wherever it is: the
element's path in the register (empty for the register itself), the key and
the value as JSON text."""

COVER_BLOCKS = (
    B_ORGANISATION,
    B_IDENTIFIERS,
    B_DPO,
    B_REPRESENTATIVE,
    B_RIGHTS,
    B_COMMON_SECURITY,
    B_TRANSLATIONS,
    B_ACTIVITIES,
    B_ACCEPTED,
    B_EXTENSIONS,
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


# The neutral workbook --------------------------------------------------------------


@attrs.define
class Sheet:
    """A sheet to write: its rows, which rows are titles or headers, and how
    many of its texts a spreadsheet would take for a formula (counted as the
    rows are added, for the export's note)."""

    name: str
    rows: list[list[Cell]] = attrs.Factory(list)
    titles: set[int] = attrs.Factory(set)
    headers: set[int] = attrs.Factory(set)
    formulas: int = 0

    # A title or a header holds the layout's words, never a formula-like text:
    # its cells are not tested.

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
        for value in cells:
            if type(value) is str and value.startswith(FORMULA_START):
                self.formulas += 1


@attrs.frozen
class RawSheet:
    """A sheet as read: decoded values, rows numbered from 1."""

    name: str
    rows: list[list[object]]
