"""Deterministic generator of realistic registers of N activities, as gdprkit JSON.

The registers look like those of French organisations: activity names and
descriptions in French (non-ASCII text everywhere), every kind of data category
(ordinary, the special categories of GDPR Art. 9(1), criminal-offence data of
Art. 10, the NIR of Art. 87), retention as durations from an event, until an
event, with archive phases and verbatim statements, transfers under current and
old Chapter V mechanisms (SCC 2021 and 2010, Safe Harbor, Privacy Shield,
adequacy, BCR, Art. 49 derogations), processor records naming their
controllers, joint controllers, automated decisions, DPIAs.  They are meant to
be loaded and validated, not to be compliant: some findings are expected.

The same ``(n, seed)`` always gives the same bytes, and the document is
in gdprkit's canonical form (fields in model order, defaults omitted): written
with ``canonical=True`` it is byte for byte what ``gdprkit.dumps`` writes.  By
default it is written compactly, without whitespace: an activity then weighs
about 1.1 KB of JSON and 10,000 activities are about 11 MB.

Usage::

    python -m benchmarks.generate 10000 -o register-10000.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

from gdprkit.serialization import SCHEMA_VERSION


__all__ = ["generate", "generate_bytes"]

Doc = dict[str, Any]


def _obj(**fields: Any) -> Doc:
    """A JSON object with the fields given, in order, minus the absent ones."""
    return {k: v for k, v in fields.items() if v is not None and v != [] and v != {}}


def _maybe(rng: random.Random, p: float, value: Any) -> Any:
    return value if rng.random() < p else None


def _date(rng: random.Random, start: int = 2012, end: int = 2025) -> str:
    day = dt.date(start, 1, 1) + dt.timedelta(days=rng.randrange((end - start) * 365))
    return day.isoformat()


# --- Vocabulary --------------------------------------------------------------------------

_PROCESSORS = [
    ("OVHcloud", "FR", None),
    ("Scaleway", "FR", None),
    ("Amazon Web Services EMEA", "IE", None),
    ("Microsoft Ireland Operations", "IE", None),
    ("Salesforce.com Inc.", "US", "scc-2021"),
    ("Mailchimp (Intuit Inc.)", "US", "adequacy"),
    ("Zendesk Inc.", "US", "scc-2010"),
    ("Infosys BPM Ltd", "IN", "bcr"),
    ("Doctolib", "FR", None),
    ("Payfit", "FR", None),
    ("Société Générale — service paie", "FR", None),
    ("Atos Bangalore", "IN", "scc-2021"),
    ("Ma Clinique à Genève SA", "CH", "adequacy"),
    ("Tōkyō Data K.K.", "JP", "adequacy"),
    ("São Paulo Serviços Ltda", "BR", "art49-1-b"),
    ("Cloudflare Inc.", "US", "privacy-shield"),
    ("Dropbox Inc.", "US", "safe-harbor"),
    ("Oracle America", "US", "scc-2004"),
    ("Talent.io Ltd", "GB", "adequacy"),
    ("Yandex LLC", "RU", "art49-1-a"),
]

_INTERNAL = [
    "Service client",
    "Direction des ressources humaines",
    "Service comptabilité",
    "Direction marketing",
    "Service juridique",
    "Direction des systèmes d’information",
    "Délégué à la protection des données",
    "Service qualité",
]

_THIRD = [
    ("URSSAF", "public-authority"),
    ("Administration fiscale (DGFiP)", "public-authority"),
    ("Caisse primaire d’assurance maladie", "public-authority"),
    ("Commissaire aux comptes", "third-party"),
    ("Mutuelle Générale de l’Éducation", "third-party"),
    ("Filiale Étoile Belgique SPRL", "group-company"),
    ("Étoile Holding SAS", "group-company"),
    ("Partenaires commerciaux sélectionnés", "third-party"),
]

_SECURITY = [
    ("access-control", "Habilitations par profil, revue trimestrielle des droits"),
    ("authentication", "Authentification à deux facteurs pour les accès à distance"),
    ("encryption", "Chiffrement AES-256 au repos et TLS 1.3 en transit"),
    ("pseudonymisation", "Pseudonymisation des extractions statistiques"),
    ("logging", "Journalisation des accès conservée six mois"),
    ("backup", "Sauvegardes chiffrées quotidiennes, restauration testée"),
    ("network", "Cloisonnement réseau et pare-feu applicatif"),
    ("physical", "Badges et vidéosurveillance des locaux techniques"),
    ("training", "Sensibilisation annuelle des équipes au RGPD"),
    ("contractual", "Clauses de confidentialité avec chaque prestataire"),
    ("incident-response", "Procédure de gestion des violations de données"),
    ("organisational", None),
]

_LAWS = [
    "Code du travail, art. L3243-2",
    "Code de commerce, art. L123-22",
    "Code général des impôts, art. 286",
    "Code de la sécurité sociale, art. R115-2",
    "Loi n° 2016-1691 du 9 décembre 2016 (Sapin II)",
    "Code de la santé publique, art. L1111-8",
]

_RETENTIONS: list[Doc] = [
    _obj(duration="P3Y", start="last-contact"),
    _obj(
        until="end-of-contract", archive=_obj(duration="P5Y", legal_ground="Code civil, art. 2224")
    ),
    _obj(
        duration="P10Y",
        start="end-of-financial-year",
        legal_reference="Code de commerce, art. L123-22",
    ),
    _obj(duration="P13M", start="collection", end_action="anonymise"),
    _obj(duration="P30D", start="recording"),
    _obj(duration="P2Y", start="application"),
    _obj(until="departure", archive=_obj(duration="P5Y", legal_ground="Prescription prud’homale")),
    _obj(duration="P6M", start="collection", statement="six mois après la collecte"),
    _obj(duration="P1Y6M", start="last-activity", end_action="anonymise"),
    _obj(duration="P3Y", start="collection", until="end-of-relationship"),
    _obj(
        duration="P20Y",
        start="last-contact",
        legal_reference="Code de la santé publique, art. R1112-7",
    ),
    _obj(until="consent-withdrawal"),
    _obj(statement="aussi longtemps que nécessaire"),
    _obj(duration="P13M", start="transaction", archive=_obj(duration="P2W")),
    _obj(until="end-of-service-contract", end_action="return-to-controller"),
]

_RIGHTS = [
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "objection-direct-marketing",
    "withdraw-consent",
    "complaint",
    "post-mortem-directives",
]

_FIRST = ["Élodie", "François", "Anaïs", "Jérôme", "Chloé", "Loïc", "Hélène", "Noël", "Zoé", "Maël"]
_LAST = [
    "Lefèvre",
    "Müller",
    "Dupré",
    "Gaël",
    "Bœuf",
    "Nguyễn",
    "Roussel",
    "Ørsted",
    "Łukasz",
    "Garçon",
]
_CITIES = ["Paris", "Lyon", "Saint-Étienne", "Orléans", "Besançon", "Nîmes", "Évry", "Sète"]


# --- Archetypes ---------------------------------------------------------------------------
# Each returns the variable core of an activity: name, description, purposes,
# data subjects, data categories, sources.  Recipients, transfers, security and
# the rest are added by _activity.


def _basis(rng: random.Random, basis: str) -> Doc:
    if basis == "art6-1-a":
        return _obj(
            basis=basis,
            consent_method=rng.choice(["Case à cocher non pré-cochée", "Bandeau cookies", None]),
            withdrawal_method=_maybe(rng, 0.7, "Lien de désinscription dans chaque message"),
        )
    if basis in ("art6-1-c", "art6-1-e"):
        return _obj(basis=basis, law=_maybe(rng, 0.85, rng.choice(_LAWS)))
    if basis == "art6-1-f":
        return _obj(
            basis=basis,
            legitimate_interest=_maybe(rng, 0.8, "Prévention de la fraude et sécurité des biens"),
            balancing_test=_maybe(
                rng, 0.5, f"MB-{rng.randrange(2018, 2026)}-{rng.randrange(100):02d}"
            ),
        )
    return {"basis": basis}


def _category(
    rng: random.Random, name: str, kind: str | None, description: str | None = None, **extra: Any
) -> Doc:
    retention = rng.choice(_RETENTIONS) if rng.random() < 0.85 else None
    return _obj(
        name=name,
        kind=kind,
        description=_maybe(rng, 0.6, description),
        retention=retention,
        legal_reference=extra.get("legal_reference"),
        required=extra.get("required"),
    )


def _customers(rng: random.Random) -> Doc:
    return _obj(
        name=rng.choice(["Gestion de la clientèle", "Gestion des clients et des commandes"]),
        description="Suivi des commandes, de la facturation et de la relation client",
        purposes=[
            _obj(
                name="Exécution des commandes et facturation",
                legal_bases=[_basis(rng, "art6-1-b")],
                tags=["customer-management", "payment"],
            ),
            _obj(
                name="Tenue de la comptabilité",
                legal_bases=[_basis(rng, "art6-1-c")],
                tags=["accounting"],
            ),
        ],
        data_subjects=[_obj(name="Clients", kind="customers")],
        data_categories=[
            _category(rng, "Identité", "identity", "Nom, prénom, civilité", required=True),
            _category(rng, "Coordonnées", "contact", "Adresse postale, e-mail, téléphone"),
            _category(rng, "Données bancaires", "payment-card", "IBAN, 4 derniers chiffres"),
        ],
        sources=[_obj(kind="data-subject")],
    )


def _prospection(rng: random.Random) -> Doc:
    return _obj(
        name="Prospection commerciale",
        description="Envoi de lettres d’information et d’offres par courrier électronique",
        purposes=[
            _obj(
                name="Prospection par courriel",
                legal_bases=[_basis(rng, rng.choice(["art6-1-a", "art6-1-f"]))],
                tags=["prospection", "direct-marketing"],
            ),
            _maybe(
                rng,
                0.5,
                _obj(
                    name="Mesure d’audience des campagnes",
                    legal_bases=[_basis(rng, "art6-1-a")],
                    tags=["audience-measurement"],
                ),
            ),
        ],
        data_subjects=[_obj(name="Prospects", kind="prospects")],
        data_categories=[
            _category(rng, "Coordonnées", "contact", "E-mail, téléphone"),
            _category(rng, "Habitudes de consommation", "personal-life"),
        ],
        sources=[
            _obj(kind="data-subject"),
            _maybe(rng, 0.4, _obj(kind="third-party", description="Fichiers loués à un courtier")),
        ],
    )


def _payroll(rng: random.Random) -> Doc:
    return _obj(
        name="Gestion de la paie",
        description="Calcul et versement des salaires, déclarations sociales nominatives",
        purposes=[
            _obj(
                name="Paie et déclarations sociales",
                legal_bases=[_basis(rng, "art6-1-b"), _basis(rng, "art6-1-c")],
                tags=["hr"],
            )
        ],
        data_subjects=[_obj(name="Salariés", kind="employees")],
        data_categories=[
            _category(rng, "État civil", "identity", "Nom, prénoms, date de naissance"),
            _category(
                rng,
                "Numéro de sécurité sociale (NIR)",
                "national-id",
                legal_reference="Décret 2019-341, annexe, 1°",
            ),
            _category(rng, "Rémunération", "economic-financial", "Salaire, primes, retenues"),
            _maybe(rng, 0.4, _category(rng, "Arrêts maladie", "health")),
            _maybe(
                rng, 0.3, _category(rng, "Adhésion syndicale (décharges)", "trade-union-membership")
            ),
        ],
        sources=[_obj(kind="data-subject")],
    )


def _recruitment(rng: random.Random) -> Doc:
    return _obj(
        name="Recrutement",
        description="Réception et sélection des candidatures, entretiens",
        purposes=[
            _obj(
                name="Gestion des candidatures",
                legal_bases=[_basis(rng, rng.choice(["art6-1-b", "art6-1-f"]))],
                tags=["recruitment"],
            )
        ],
        data_subjects=[_obj(name="Candidats", kind="candidates")],
        data_categories=[
            _category(rng, "CV et lettre de motivation", "professional-life"),
            _category(rng, "Coordonnées", "contact"),
            _maybe(rng, 0.2, _category(rng, "Extrait de casier judiciaire", "criminal-offences")),
        ],
        sources=[
            _obj(kind="data-subject"),
            _maybe(rng, 0.3, _obj(kind="public", description="LinkedIn")),
        ],
    )


def _cctv(rng: random.Random) -> Doc:
    return _obj(
        name="Vidéoprotection des locaux",
        description=f"Caméras aux entrées du site de {rng.choice(_CITIES)}",
        purposes=[
            _obj(
                name="Sécurité des biens et des personnes",
                legal_bases=[_basis(rng, "art6-1-f")],
                tags=["security-logging"],
            )
        ],
        data_subjects=[
            _obj(name="Salariés", kind="employees"),
            _obj(name="Visiteurs", description="Clients, livreurs, prestataires"),
        ],
        data_categories=[_category(rng, "Images", "images")],
        sources=[_obj(kind="observed")],
        dpia_criteria=["wp248-3", "art35-3-c"],
    )


def _telehealth(rng: random.Random) -> Doc:
    return _obj(
        name="Téléconsultation",
        description="Consultations médicales à distance et dossier patient",
        purposes=[
            _obj(
                name="Prise en charge médicale",
                legal_bases=[
                    _obj(
                        basis="art6-1-e",
                        law="Code de la santé publique, art. L6316-1",
                        special_condition="art9-2-h",
                        condition_law=_maybe(rng, 0.7, "Code de la santé publique, art. L1110-4"),
                    )
                ],
                tags=["health-care"],
            )
        ],
        data_subjects=[
            _obj(name="Patients", kind="patients"),
            _obj(name="Médecins", kind="health-professionals"),
        ],
        data_categories=[
            _category(rng, "Identité", "identity"),
            _category(rng, "NIR", "national-id", legal_reference="Décret 2019-341, annexe, 3°"),
            _category(rng, "Données de santé", "health", "Motif, diagnostic, ordonnances"),
            _maybe(rng, 0.2, _category(rng, "Données génétiques", "genetic")),
        ],
        sources=[
            _obj(kind="data-subject"),
            _obj(kind="third-party", description="Médecin traitant"),
        ],
        dpia_criteria=["wp248-4", "wp248-7", "wp248-5"],
    )


def _loyalty(rng: random.Random) -> Doc:
    return _obj(
        name="Programme de fidélité",
        description="Carte de fidélité, cumul de points et offres personnalisées",
        purposes=[
            _obj(
                name="Gestion du programme",
                legal_bases=[_basis(rng, "art6-1-b")],
                tags=["customer-management"],
            ),
            _obj(
                name="Profilage des achats",
                legal_bases=[_basis(rng, rng.choice(["art6-1-a", "art6-1-f"]))],
                tags=["profiling", "direct-marketing"],
            ),
        ],
        data_subjects=[_obj(name="Adhérents", kind="customers")],
        data_categories=[
            _category(rng, "Historique d’achats", "economic-financial"),
            _category(rng, "Coordonnées", "contact"),
            _maybe(rng, 0.3, _category(rng, "Géolocalisation du magasin", "location")),
        ],
        sources=[_obj(kind="data-subject"), _obj(kind="observed")],
    )


def _whistleblowing(rng: random.Random) -> Doc:
    return _obj(
        name="Dispositif d’alerte professionnelle",
        description="Recueil et traitement des signalements (loi Sapin II)",
        purposes=[
            _obj(
                name="Recueil des signalements",
                legal_bases=[_basis(rng, "art6-1-c")],
                tags=["whistleblowing"],
            )
        ],
        data_subjects=[
            _obj(name="Lanceurs d’alerte", kind="employees"),
            _obj(name="Personnes mises en cause"),
        ],
        data_categories=[
            _category(rng, "Identité et fonctions", "identity"),
            _category(rng, "Faits signalés", "criminal-offences", legal_reference="LIL art. 46"),
        ],
        sources=[
            _obj(kind="data-subject"),
            _obj(kind="third-party", description="Auteur du signalement"),
        ],
    )


def _website(rng: random.Random) -> Doc:
    return _obj(
        name="Site web et traceurs",
        description="Mesure d’audience et publicité ciblée sur le site",
        purposes=[
            _obj(
                name="Statistiques de fréquentation",
                legal_bases=[_basis(rng, "art6-1-a")],
                tags=["audience-measurement"],
            ),
            _obj(
                name="Publicité personnalisée",
                legal_bases=[_basis(rng, "art6-1-a")],
                tags=["advertising-trackers", "profiling"],
            ),
        ],
        data_subjects=[_obj(name="Internautes", kind="users")],
        data_categories=[
            _category(rng, "Identifiants en ligne", "online-identifiers", "Cookies, adresse IP"),
            _category(rng, "Données de connexion", "connection"),
        ],
        sources=[_obj(kind="observed")],
        automated_decisions=[
            _maybe(
                rng,
                0.3,
                _obj(
                    description="Segmentation publicitaire automatique",
                    safeguards="Opposition en un clic",
                ),
            )
        ],
        children=_maybe(
            rng, 0.2, _obj(consent_age=15, parental_consent="Courriel de confirmation parental")
        ),
    )


def _badge(rng: random.Random) -> Doc:
    return _obj(
        name="Contrôle d’accès biométrique",
        description="Accès aux zones sensibles par empreinte digitale",
        purposes=[
            _obj(
                name="Sécurisation des zones sensibles",
                legal_bases=[
                    _obj(
                        basis="art6-1-f",
                        legitimate_interest="Protection des zones à risque",
                        special_condition="art9-2-b",
                    )
                ],
                tags=["security-logging", "employee-monitoring"],
            )
        ],
        data_subjects=[_obj(name="Personnel habilité", kind="employees")],
        data_categories=[
            _category(rng, "Gabarit d’empreinte", "biometric"),
            _category(rng, "Journaux d’accès", "connection"),
        ],
        sources=[_obj(kind="data-subject")],
        dpia_criteria=["wp248-4", "wp248-8"],
    )


def _survey(rng: random.Random) -> Doc:
    return _obj(
        name="Enquête de satisfaction",
        description="Questionnaires après achat",
        purposes=[
            _obj(
                name="Amélioration du service",
                legal_bases=[_basis(rng, "art6-1-f")],
                tags=["statistics"],
                description=_maybe(rng, 0.5, "Résultats agrégés et anonymisés"),
            )
        ],
        data_subjects=[_obj(name="Clients", kind="customers")],
        data_categories=[
            _category(rng, "Avis et commentaires", "personal-life"),
            _maybe(rng, 0.2, _category(rng, "Opinions politiques exprimées", "political-opinions")),
            _maybe(
                rng,
                0.1,
                _category(rng, "Convictions religieuses", "religious-philosophical-beliefs"),
            ),
        ],
        sources=[_obj(kind="data-subject")],
    )


def _calls(rng: random.Random) -> Doc:
    return _obj(
        name="Enregistrement des appels",
        description="Enregistrement des appels du service client pour la formation",
        purposes=[
            _obj(
                name="Formation des conseillers",
                legal_bases=[_basis(rng, "art6-1-f")],
                tags=["call-recording"],
            )
        ],
        data_subjects=[
            _obj(name="Appelants", kind="customers"),
            _obj(name="Conseillers", kind="employees"),
        ],
        data_categories=[
            _category(rng, "Enregistrements vocaux", "recordings"),
            _maybe(rng, 0.3, _category(rng, "Cryptogramme visuel", "card-security-code")),
        ],
        sources=[_obj(kind="data-subject")],
    )


def _research(rng: random.Random) -> Doc:
    return _obj(
        name="Recherche clinique",
        description="Étude observationnelle multicentrique",
        purposes=[
            _obj(
                name="Recherche n’impliquant pas la personne humaine",
                legal_bases=[
                    _obj(
                        basis="art6-1-e",
                        law="Code de la santé publique, art. L1121-1",
                        special_condition="art9-2-j",
                    )
                ],
                tags=["research"],
            )
        ],
        data_subjects=[_obj(name="Patients inclus", kind="patients")],
        data_categories=[
            _category(rng, "Données de santé pseudonymisées", "health"),
            _category(rng, "Origine ethnique déclarée", "racial-ethnic-origin"),
            _maybe(rng, 0.3, _category(rng, "Orientation sexuelle", "sexual-orientation")),
            _maybe(rng, 0.3, _category(rng, "Vie sexuelle", "sex-life")),
        ],
        sources=[_obj(kind="third-party", description="Entrepôt de données de santé")],
        joint_controllers=[
            _obj(
                name=f"CHU de {rng.choice(_CITIES)}",
                contact=_obj(email="dpo@chu.example.fr"),
                arrangement=_maybe(rng, 0.7, "Convention de coresponsabilité 2023-07"),
            )
        ],
        dpia_criteria=["wp248-4", "wp248-6"],
    )


_ARCHETYPES = [
    _customers,
    _prospection,
    _payroll,
    _recruitment,
    _cctv,
    _telehealth,
    _loyalty,
    _whistleblowing,
    _website,
    _badge,
    _survey,
    _calls,
    _research,
]


def _processor_core(rng: random.Random) -> Doc:
    """The core of an activity kept as processor (Art. 30(2))."""
    client = f"{rng.choice(['Cabinet', 'Clinique', 'Mairie', 'Librairie'])} {rng.choice(_LAST)}"
    return _obj(
        name=rng.choice(
            [
                "Hébergement de données pour nos clients",
                "Paie externalisée pour le compte de clients",
            ]
        ),
        description="Traitement effectué pour le compte de responsables de traitement",
        controllers=[
            _obj(
                name=client,
                identifiers=[_obj(scheme="SIREN", value=f"{rng.randrange(10**8, 10**9)}")],
                contact=_obj(email=f"contact@{client.split()[0].lower()}.example.fr"),
                country="FR",
            )
        ],
        processing_categories=[
            "Hébergement",
            rng.choice(["Sauvegarde", "Calcul de la paie", "Support"]),
        ],
        data_subjects=[_obj(name="Clients du responsable", kind="customers")],
        data_categories=[
            _category(rng, "Identité", "identity"),
            _maybe(rng, 0.5, _category(rng, "Données de santé hébergées", "health")),
        ],
    )


def _recipients(rng: random.Random) -> tuple[list[Doc], list[Doc]]:
    recipients: list[Doc] = []
    if rng.random() < 0.3:
        recipients.append(_obj(name=rng.choice(_INTERNAL), kind="internal"))
    transfers: list[Doc] = []
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        name, country, mechanism = rng.choice(_PROCESSORS)
        recipients.append(
            _obj(
                name=name,
                kind="processor",
                country=country,
                contract_reference=_maybe(
                    rng, 0.8, f"DPA-{rng.randrange(2018, 2026)}-{rng.randrange(1000):03d}"
                ),
            )
        )
        if mechanism is not None:
            transfers.append(
                _obj(
                    recipient=name,
                    country=country,
                    mechanism=mechanism if rng.random() < 0.95 else None,
                    reference=_maybe(
                        rng, 0.6, f"Contrat {name.split()[0]} {rng.randrange(2010, 2025)}"
                    ),
                    in_adequacy_scope=(rng.random() < 0.8)
                    if mechanism == "adequacy" and country == "US"
                    else None,
                    occasional=True if mechanism.startswith("art49-") else None,
                    tia_reference=_maybe(rng, 0.3, f"TIA-{rng.randrange(100):03d}"),
                    since=_maybe(rng, 0.7, _date(rng, 2010, 2025)),
                )
            )
    if rng.random() < 0.15:
        name, kind = rng.choice(_THIRD)
        recipients.append(_obj(name=name, kind=kind if kind != "third-party" else None))
    if rng.random() < 0.03:
        transfers.append(
            _obj(
                recipient="Office européen des brevets", organisation="EPORG", mechanism="art46-2-a"
            )
        )
    return recipients, transfers


def _thin(rng: random.Random, items: list[Doc | None], keep: float) -> list[Doc]:
    """The first item, and each of the others with probability *keep*: most real
    activities are short, some are long."""
    present = [i for i in items if i is not None]
    return present[:1] + [i for i in present[1:] if rng.random() < keep]


def _activity(rng: random.Random, index: int) -> Doc:
    roll = rng.random()
    role = "processor" if roll < 0.12 else "joint-controller" if roll < 0.18 else None
    core = _processor_core(rng) if role == "processor" else rng.choice(_ARCHETYPES)(rng)
    recipients, transfers = _recipients(rng)
    slug = f"{core['name'].split()[0].lower().strip('’')}-{index:06d}"
    measures = [
        _obj(category=c, description=_maybe(rng, 0.8, d))
        for c, d in rng.sample(_SECURITY, rng.choice([0, 1, 1, 2]))
    ]
    own_rights = (
        [_obj(right=r) for r in sorted(rng.sample(_RIGHTS, rng.randrange(3, 6)), key=_RIGHTS.index)]
        if rng.random() < 0.1
        else None
    )
    dpia_criteria = core.get("dpia_criteria")
    dpia = None
    if dpia_criteria or rng.random() < 0.1:
        status = rng.choice(["done", "in-progress", "planned", "not-required"])
        dpia = _obj(
            status=status,
            reference=f"AIPD-{index:06d}" if status == "done" else None,
            date=_date(rng, 2019, 2025) if status == "done" else None,
            reason="Traitement à faible risque" if status == "not-required" else None,
        )
    return _obj(
        id=slug,
        name=core["name"],
        role=role,
        description=_maybe(rng, 0.6, core.get("description")),
        controllers=core.get("controllers"),
        processing_categories=core.get("processing_categories"),
        joint_controllers=core.get("joint_controllers"),
        purposes=_thin(rng, core.get("purposes", []), 0.8),
        data_subjects=_thin(rng, core.get("data_subjects", []), 0.5),
        data_categories=_thin(rng, core["data_categories"], 0.8),
        sources=_thin(rng, core.get("sources", []), 0.4) if rng.random() < 0.6 else None,
        recipients=recipients,
        transfers=transfers,
        security_measures=measures,
        rights=own_rights,
        automated_decisions=[d for d in core.get("automated_decisions", []) if d is not None],
        children=core.get("children"),
        dpia_criteria=dpia_criteria,
        dpia=dpia,
        core_activity=_maybe(rng, 0.3, rng.random() < 0.5),
        created=_maybe(rng, 0.7, _date(rng, 2015, 2022)),
        updated=_maybe(rng, 0.3, _date(rng, 2022, 2026)),
        notes=_maybe(
            rng,
            0.1,
            f"Fiche revue par {rng.choice(_FIRST)} {rng.choice(_LAST)} — « à compléter » ({index})",
        ),
    )


def generate(n: int, *, seed: int = 0) -> Doc:
    """A register of *n* activities as JSON data, ``schema_version`` first."""
    rng = random.Random(f"gdprkit-bench-{seed}")
    activities = [_activity(rng, i) for i in range(n)]
    return {
        "schema_version": SCHEMA_VERSION,
        "controller": _obj(
            name="Pharmacie de l’Étoile SAS",
            trade_name="Étoile Santé",
            identifiers=[
                _obj(scheme="SIREN", value="123456789"),
                _obj(scheme="RCS Paris", value="123 456 789"),
            ],
            contact=_obj(
                email="contact@etoile.example",
                phone="+33 1 23 45 67 89",
                address="1 place de l’Étoile, 75008 Paris",
                url="https://etoile.example/contact",
            ),
            country="FR",
        ),
        "dpo": _obj(
            name="Cabinet Dupré & Associés",
            contact=_obj(email="dpo@etoile.example"),
            external=True,
            designated_on="2018-05-25",
            authority_reference="DPO-12345",
        ),
        "representative": _obj(name="Étoile Europe BV", country="NL"),
        "activities": activities,
        "rights": [_obj(right=r) for r in _RIGHTS if r != "portability"]
        + [_obj(right="portability", how="Export depuis l’espace client")],
        "rights_contact": "dpo@etoile.example ou 1 place de l’Étoile, 75008 Paris",
        "security_measures": [
            _obj(category="organisational", description="Politique de sécurité du groupe")
        ],
        "headcount": 250 + n // 10,
        "supervisory_authority": "CNIL",
        "language": "fr",
        "updated": "2026-01-15",
        "notes": "Registre généré pour les mesures de performance",
    }


def generate_bytes(n: int, *, seed: int = 0, canonical: bool = False) -> bytes:
    """The register of :func:`generate` as UTF-8 JSON.

    Compact by default (no whitespace: about 1.1 KB per activity); with
    *canonical*, in the layout :func:`gdprkit.dumps` writes (two-space
    indentation and a final newline, about 1.9 KB per activity).
    """
    data = generate(n, seed=seed)
    if canonical:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of activities")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--canonical", action="store_true", help="indent as gdprkit.dumps does (default: compact)"
    )
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    data = generate_bytes(args.n, seed=args.seed, canonical=args.canonical)
    if args.output is None:
        sys.stdout.buffer.write(data)
    else:
        args.output.write_bytes(data)
        print(f"{args.output}: {args.n} activities, {len(data):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
