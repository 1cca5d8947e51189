"""The register as W3C Data Privacy Vocabulary (DPV) JSON-LD.

:func:`export_dpv` writes the register with the concepts of DPV 2.x, its
GDPR extension (``eu-gdpr``), its personal-data extension (``pd``) and its
locations (``loc``).  The concepts, and how each gdprkit id maps to them, are
data in ``dpv.json`` next to this module, checked against the vocabulary's own
published files (the version and date are in that file); nothing else is
written.  JSON-LD is JSON: no RDF library is needed.

Shape
-----
* the register is a ``dpv:ROPA`` (« Records of Processing Activities »),
  whose responsible entity is the organisation keeping it, with its DPO and
  representative, and which ``dpv:hasProcess`` each activity;
* each activity is a ``dpv:Process`` with its controller (or, kept as
  processor, the processor and the controllers it serves), joint controllers,
  data subjects, personal data, sources, recipients, transfers, security
  measures and rights; each of its purposes is a ``dpv:Process`` of its own
  (``dpv:hasProcess``) that pairs the ``dpv:Purpose`` with its legal bases
  (``eu-gdpr:A6-1-b``, ``eu-gdpr:A9-2-h``), since a register states a lawful
  basis per purpose;
* a data category is a ``dpv:PersonalData`` (``dpv:SpecialCategoryPersonalData``
  for the Art. 9(1) kinds) whose ``skos:broader`` is the ``pd`` concept of its
  kind, and whose retention is a ``dpv:StorageDuration`` storage condition;
* a transfer is a ``dpv:CrossBorderTransfer`` processing with its third
  country, its data importer, its legal basis (``eu-gdpr:A46-2-c``) and its
  transfer tool (``eu-gdpr:SCCByCommission``);
* an automated decision is a ``dpv:AlgorithmicLogic`` in the context
  ``dpv:AutomatedDecisionMaking``; the DPIA a ``dpv:DPIA`` with its activity
  status, or, when none is required, an ``eu-gdpr:DPIANecessityAssessment``
  whose status is ``eu-gdpr:DPIANotRequired``; the DPIA criteria that apply
  (EDPB WP248) are the DPV contexts, scale, processing, data subjects and
  location they name (``dpv:hasContext dpv:SystematicMonitoring``).

Categories the register words itself (a purpose, a data category, a kind of
recipient…) are nodes typed with DPV's top concept, named with the register's
words and linked to the DPV concept of their kind by ``skos:broader``, as
DPV's own examples do; where DPV has no concept for a kind, only the top
concept is written.  The documentation lists the mapping concept by concept.

Without a *base* IRI, every node is a blank node (a register has no IRIs of
its own); with one, the register, its organisation and each activity (by its
id) get IRIs under it, so that exports of successive versions can be linked.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any, TypeAlias
from urllib.parse import quote

from gdprkit._json import json_text
from gdprkit.model import (
    DPO,
    AutomatedDecision,
    Contact,
    Controller,
    DataCategory,
    DeclaredRight,
    Dpia,
    DpiaStatus,
    JointController,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Recipient,
    Register,
    RetentionRule,
    Role,
    SecurityMeasure,
    Transfer,
)
from gdprkit.render._labels import label, retention_text


__all__ = ["DPV_VERSION", "concepts", "export_dpv", "mapping"]

Node: TypeAlias = "dict[str, Any]"

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A code point no UTF-8 text can hold (a register loaded from JSON may have one)."""
_CRITERION_PROPERTY = {
    "dpv:EvaluationScoring": "dpv:hasContext",
    "dpv:AutomatedDecisionMaking": "dpv:hasContext",
    "dpv:SystematicMonitoring": "dpv:hasContext",
    "dpv:InnovativeUseOfNewTechnologies": "dpv:hasContext",
    "dpv:SensitivePersonalData": "dpv:hasPersonalData",
    "dpv:LargeScaleProcessing": "dpv:hasProcessingScale",
    "dpv:Match": "dpv:hasProcessing",
    "dpv:Combine": "dpv:hasProcessing",
    "dpv:VulnerableDataSubject": "dpv:hasDataSubject",
    "dpv:PubliclyAccessibleSpace": "dpv:hasLocation",
}
"""The property that states each concept of a DPIA criterion (EDPB WP248) of an
activity: DPV files them under contexts, scales, processing, data subjects and
locations, as in its example E0013."""
_GREECE = {"EL": "GR"}
"""The EU writes Greece ``EL``; DPV's loc extension follows ISO 3166-1 (``GR``)."""


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files("gdprkit.render").joinpath("dpv.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


DPV_VERSION: str = _table()["dpv_version"]
"""The DPV release the export's concepts were checked against."""


def concepts() -> dict[str, str]:
    """Every DPV concept (compact IRI such as ``eu-gdpr:A6-1-a``) the export can
    write, with its label in the vocabulary."""
    return dict(_table()["concepts"])


def mapping(member: enum.Enum) -> tuple[tuple[str, ...], str]:
    """The DPV concepts of a gdprkit id and how well they match: ``exact``,
    ``broader`` (the nearest DPV concept is broader) or ``none``."""
    entry = _table()["mappings"][type(member).__name__][member.value]
    return tuple(entry["concepts"]), str(entry["match"])


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _unique(refs: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """References in first-seen order, each once (two rights may share a concept)."""
    return list({ref["@id"]: ref for ref in refs}.values())


class _Export:
    def __init__(self, register: Register, base: str | None) -> None:
        self.register = register
        self.base = base
        language = register.language
        self.language = language if language and _LANGUAGE_TAG.match(language) else None
        self.loc = frozenset(_table()["loc_countries"])

    # Identifiers and literals ----------------------------------------------------

    def node_id(self, *path: str) -> str:
        """An IRI under the base, or a blank node label, for *path*."""
        if self.base is not None:
            return self.base + "/".join(quote(part, safe="") for part in path)
        return "_:" + "-".join(re.sub(r"[^A-Za-z0-9]+", "_", part) for part in path)

    def text(self, value: str) -> Any:
        """Register text, tagged with the register's language when it states one."""
        if self.language is None:
            return value
        return {"@value": value, "@language": self.language}

    def country(self, code: str) -> Any:
        code = _GREECE.get(code, code)
        return _ref(f"loc:{code}") if code in self.loc else code

    @staticmethod
    def concepts_of(member: Any) -> list[dict[str, str]]:
        found, _ = mapping(member)
        return [_ref(c) for c in found]

    @staticmethod
    def put(node: Node, key: str, value: Any) -> None:
        """Set *key* when *value* says something (not ``None``, not empty)."""
        if value is None or value in ("", [], ()):
            return
        node[key] = value

    # Parties -----------------------------------------------------------------------

    def contact(self, node: Node, contact: Contact) -> None:
        self.put(node, "dpv:hasAddress", self.text(contact.address) if contact.address else None)
        ways = [w for w in (contact.email, contact.phone, contact.url) if w]
        self.put(node, "dpv:hasContact", ways)

    def entity(
        self, node_id: str, types: Sequence[str], name: str | None, contact: Contact
    ) -> Node:
        node: Node = {"@id": node_id, "@type": list(types)}
        self.put(node, "dpv:hasName", self.text(name) if name else None)
        self.contact(node, contact)
        return node

    def controller(self, node_id: str, party: Controller, types: Sequence[str]) -> Node:
        node = self.entity(node_id, types, party.name, party.contact)
        identifiers = [f"{i.scheme} {i.value}" for i in party.identifiers]
        if party.trade_name:
            node["skos:altLabel"] = self.text(party.trade_name)
        self.put(node, "dpv:hasIdentifier", identifiers)
        if party.country:
            node["dpv:hasCountry"] = self.country(party.country)
        return node

    def organisation(self) -> Node:
        roles = {a.role for a in self.register.activities}
        types = ["dpv:LegalEntity"]
        if roles - {Role.PROCESSOR} or not roles:
            types.append("dpv:DataController")
        if Role.PROCESSOR in roles:
            types.append("dpv:DataProcessor")
        node = self.controller(self.node_id("organisation"), self.register.controller, types)
        if self.register.dpo is not None:
            node["dpv:hasDataProtectionOfficer"] = self.dpo(self.register.dpo)
        rep = self.register.representative
        if rep is not None:
            rep_node = self.entity(
                self.node_id("representative"), ["dpv:Representative"], rep.name, rep.contact
            )
            if rep.country:
                rep_node["dpv:hasCountry"] = self.country(rep.country)
            node["dpv:hasRepresentative"] = rep_node
        return node

    def dpo(self, dpo: DPO) -> Node:
        node = self.entity(
            self.node_id("dpo"), ["dpv:DataProtectionOfficer"], dpo.name, dpo.contact
        )
        self.put(node, "dpv:hasIdentifier", dpo.authority_reference)
        return node

    # Activities --------------------------------------------------------------------

    def activity(self, index: int, activity: ProcessingActivity) -> Node:
        key = self.activity_key(index, activity)
        node: Node = {
            "@id": self.node_id(*key),
            "@type": ["dpv:Process"],
            "dct:identifier": activity.id,
            "dct:title": self.text(activity.name),
        }
        self.put(
            node,
            "dct:description",
            self.text(activity.description) if activity.description else None,
        )
        organisation = _ref(self.node_id("organisation"))
        if activity.role is Role.PROCESSOR:
            node["dpv:hasDataProcessor"] = organisation
            node["dpv:hasDataController"] = [
                self.controller(self.node_id(*key, "controller", str(n)), c, ["dpv:DataController"])
                for n, c in enumerate(activity.controllers, 1)
            ]
            self.put(node, "skos:note", [self.text(c) for c in activity.processing_categories])
        else:
            node["dpv:hasDataController"] = organisation
        if activity.joint_controllers:
            node["dpv:hasJointDataControllers"] = self.joint(key, activity.joint_controllers)
        self.put(
            node,
            "dpv:hasPurpose",
            [self.purpose(key, n, p) for n, p in enumerate(activity.purposes, 1)],
        )
        self.put(
            node,
            "dpv:hasProcess",
            [self.purpose_process(key, n, p) for n, p in enumerate(activity.purposes, 1)],
        )
        self.put(
            node,
            "dpv:hasDataSubject",
            [
                self.categorised(
                    self.node_id(*key, "subject", str(n)),
                    "dpv:DataSubject",
                    s.kind,
                    s.name,
                    s.description,
                )
                for n, s in enumerate(activity.data_subjects, 1)
            ],
        )
        self.put(
            node,
            "dpv:hasPersonalData",
            [self.data(key, n, c) for n, c in enumerate(activity.data_categories, 1)],
        )
        self.put(
            node,
            "dpv:hasDataSource",
            [
                self.categorised(
                    self.node_id(*key, "source", str(n)),
                    "dpv:DataSource",
                    s.kind,
                    None,
                    s.description,
                )
                for n, s in enumerate(activity.sources, 1)
            ],
        )
        recipients = [self.recipient(key, n, r) for n, r in enumerate(activity.recipients or (), 1)]
        self.put(node, "dpv:hasRecipient", recipients)
        by_name = {
            r.name: node_["@id"]
            for r, node_ in zip(activity.recipients or (), recipients, strict=True)
        }
        self.put(
            node,
            "dpv:hasProcessing",
            [self.transfer(key, n, t, by_name) for n, t in enumerate(activity.transfers, 1)],
        )
        measures = [
            *(
                self.measure(self.node_id(*key, "measure", str(n)), m)
                for n, m in enumerate(activity.security_measures, 1)
            ),
            *(
                _ref(self.node_id("measure", str(n)))
                for n in range(1, len(self.register.security_measures) + 1)
            ),
        ]
        self.put(node, "dpv:hasTechnicalOrganisationalMeasure", measures)
        self.put(node, "dpv:hasRight", self.rights(self.register.rights_of(activity)))
        self.put(
            node,
            "dpv:hasAlgorithmicLogic",
            [
                self.decision(self.node_id(*key, "decision", str(n)), d)
                for n, d in enumerate(activity.automated_decisions, 1)
            ],
        )
        if activity.dpia is not None:
            prop, assessment = self.dpia(self.node_id(*key, "dpia"), activity.dpia)
            node[prop] = assessment
        for criterion in activity.dpia_criteria:
            for ref in self.concepts_of(criterion):
                values = node.setdefault(_CRITERION_PROPERTY[ref["@id"]], [])
                if ref not in values:
                    values.append(ref)
        return node

    def decision(self, node_id: str, decision: AutomatedDecision) -> Node:
        # DPV's own example of automated decision-making (E0013): the logic,
        # in the context dpv:AutomatedDecisionMaking.
        node: Node = {
            "@id": node_id,
            "@type": ["dpv:AlgorithmicLogic"],
            "dct:description": self.text(decision.description),
            "dpv:hasContext": _ref("dpv:AutomatedDecisionMaking"),
        }
        self.put(node, "skos:note", self.text(decision.safeguards) if decision.safeguards else None)
        return node

    def dpia(self, node_id: str, dpia: Dpia) -> tuple[str, Node]:
        """The DPIA (``dpv:hasImpactAssessment``) with its activity status; when
        none is required, the necessity assessment that says so."""
        status = self.concepts_of(dpia.status)
        node: Node = {"@id": node_id}
        if dpia.status is DpiaStatus.NOT_REQUIRED:
            prop = "dpv:hasAssessment"
            node |= {"@type": ["eu-gdpr:DPIANecessityAssessment"], "dpv:hasStatus": status}
        else:
            prop = "dpv:hasImpactAssessment"
            node |= {"@type": ["dpv:DPIA"], "dpv:hasActivityStatus": status}
        self.put(node, "dct:identifier", dpia.reference)
        if dpia.date is not None:
            node["dct:date"] = {"@value": dpia.date.isoformat(), "@type": "xsd:date"}
        self.put(node, "dct:description", self.text(dpia.reason) if dpia.reason else None)
        return prop, node

    def activity_key(self, index: int, activity: ProcessingActivity) -> tuple[str, ...]:
        # Blank-node labels stay within the document: the position is enough and
        # is always a valid label; IRIs use the activity's stable id.
        if self.base is None:
            return ("activity", str(index + 1))
        return ("activity", activity.id)

    def joint(self, key: tuple[str, ...], joint: Sequence[JointController]) -> Node:
        members: list[Any] = [_ref(self.node_id("organisation"))]
        for n, jc in enumerate(joint, 1):
            member = self.entity(
                self.node_id(*key, "joint-controller", str(n)),
                ["dpv:DataController"],
                jc.name,
                jc.contact,
            )
            self.put(member, "skos:note", self.text(jc.arrangement) if jc.arrangement else None)
            members.append(member)
        return {
            "@id": self.node_id(*key, "joint-controllers"),
            "@type": ["dpv:JointDataControllers"],
            "dpv:hasEntity": members,
        }

    def categorised(
        self, node_id: str, top: str, kind: Any, name: str | None, description: str | None
    ) -> Node:
        node: Node = {"@id": node_id, "@type": [top]}
        self.put(node, "dct:title", self.text(name) if name else None)
        self.put(node, "dct:description", self.text(description) if description else None)
        if kind is not None:
            self.put(node, "skos:broader", self.concepts_of(kind))
        return node

    def purpose(self, key: tuple[str, ...], n: int, purpose: Purpose) -> Node:
        node = self.categorised(
            self.node_id(*key, "purpose", str(n)),
            "dpv:Purpose",
            None,
            purpose.name,
            purpose.description,
        )
        self.put(
            node, "skos:broader", _unique(c for tag in purpose.tags for c in self.concepts_of(tag))
        )
        return node

    def purpose_process(self, key: tuple[str, ...], n: int, purpose: Purpose) -> Node:
        node: Node = {
            "@id": self.node_id(*key, "purpose", str(n), "process"),
            "@type": ["dpv:Process"],
            "dpv:hasPurpose": _ref(self.node_id(*key, "purpose", str(n))),
        }
        self.put(node, "dpv:hasLegalBasis", self.bases(purpose.legal_bases))
        notes = [self.text(t) for b in purpose.legal_bases for t in _basis_texts(b)]
        self.put(node, "skos:note", notes)
        return node

    def bases(self, bases: Iterable[LegalBasis]) -> list[dict[str, str]]:
        """The Art. 6(1) bases and Art. 9(2) conditions, each once."""
        return _unique(
            ref
            for basis in bases
            for member in (basis.basis, basis.special_condition)
            if member is not None
            for ref in self.concepts_of(member)
        )

    def data(self, key: tuple[str, ...], n: int, category: DataCategory) -> Node:
        path = (*key, "data", str(n))
        node = self.categorised(
            self.node_id(*path),
            "dpv:PersonalData",
            category.kind,
            category.name,
            category.description,
        )
        if category.kind.is_special:
            node["@type"].append("dpv:SpecialCategoryPersonalData")
        if category.retention is not None:
            node["dpv:hasStorageCondition"] = self.retention(path, category.retention)
        self.put(
            node,
            "skos:note",
            self.text(category.legal_reference) if category.legal_reference else None,
        )
        return node

    def retention(self, path: tuple[str, ...], rule: RetentionRule) -> Node:
        durations: list[Node] = []
        if rule.duration is not None:
            durations.append(
                {
                    "@type": ["dpv:TemporalDuration"],
                    "rdf:value": {"@value": rule.duration.isoformat(), "@type": "xsd:duration"},
                }
            )
        if rule.until is not None:
            durations.append(
                {"@type": ["dpv:UntilEventDuration"], "rdf:value": label(rule.until, "en")}
            )
        if not durations:
            durations.append({"@type": ["dpv:IndeterminateDuration"]})
        node: Node = {
            "@id": self.node_id(*path, "retention"),
            "@type": ["dpv:StorageDuration"],
            "dpv:hasDuration": durations,
            "dct:description": retention_text(rule, "en"),
        }
        self.put(node, "skos:note", self.text(rule.statement) if rule.statement else None)
        return node

    def recipient(self, key: tuple[str, ...], n: int, recipient: Recipient) -> Node:
        types = ["dpv:Recipient", *(c["@id"] for c in self.concepts_of(recipient.kind))]
        node = self.entity(
            self.node_id(*key, "recipient", str(n)), types, recipient.name, Contact()
        )
        self.put(
            node,
            "dct:description",
            self.text(recipient.description) if recipient.description else None,
        )
        if recipient.country:
            node["dpv:hasCountry"] = self.country(recipient.country)
        self.put(
            node,
            "skos:note",
            self.text(recipient.contract_reference) if recipient.contract_reference else None,
        )
        return node

    def transfer(
        self, key: tuple[str, ...], n: int, transfer: Transfer, recipients: dict[str, str]
    ) -> Node:
        node_id = self.node_id(*key, "transfer", str(n))
        node: Node = {"@id": node_id, "@type": ["dpv:CrossBorderTransfer"]}
        if transfer.recipient in recipients:
            node["dpv:hasDataImporter"] = _ref(recipients[transfer.recipient])
        else:
            node["dpv:hasDataImporter"] = self.entity(
                self.node_id(*key, "transfer", str(n), "importer"),
                ["dpv:LegalEntity"],
                transfer.recipient,
                Contact(),
            )
        if transfer.country:
            node["dpv:hasThirdCountry"] = self.country(transfer.country)
        if transfer.organisation:
            node["dpv:hasRecipient"] = {
                "@type": ["dpv:InternationalOrganisation"],
                "dpv:hasName": self.text(transfer.organisation),
            }
        if transfer.mechanism is not None:
            found = self.concepts_of(transfer.mechanism)
            bases = [c for c in found if _is_legal_basis(c["@id"])]
            tools = [c for c in found if not _is_legal_basis(c["@id"])]
            self.put(node, "dpv:hasLegalBasis", bases)
            self.put(node, "dpv:hasOrganisationalMeasure", tools)
        self.put(node, "dct:identifier", transfer.reference)
        self.put(
            node,
            "skos:note",
            [self.text(t) for t in (transfer.safeguards_copy, transfer.tia_reference) if t],
        )
        return node

    def measure(self, node_id: str, measure: SecurityMeasure) -> Node:
        return self.categorised(
            node_id,
            "dpv:TechnicalOrganisationalMeasure",
            measure.category,
            None,
            measure.description,
        )

    def rights(self, rights: Sequence[DeclaredRight]) -> list[dict[str, str]]:
        return _unique(ref for declared in rights for ref in self.concepts_of(declared.right))

    # The document ------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        reg = self.register
        record: Node = {
            "@id": self.node_id("register"),
            "@type": ["dpv:ROPA"],
            "dct:title": f"Record of processing activities: {reg.controller.name}",
            "dpv:hasResponsibleEntity": self.organisation(),
        }
        self.put(
            record,
            "dct:modified",
            {"@value": reg.updated.isoformat(), "@type": "xsd:date"} if reg.updated else None,
        )
        self.put(record, "dct:language", reg.language)
        self.put(
            record,
            "dpv:hasProcess",
            [self.activity(i, a) for i, a in enumerate(reg.activities)],
        )
        common = [
            self.measure(self.node_id("measure", str(n)), m)
            for n, m in enumerate(reg.security_measures, 1)
        ]
        graph: list[Node] = [record, *common]
        return {"@context": _context(), "@graph": graph}


def _basis_texts(basis: LegalBasis) -> list[str]:
    """What a legal basis states beyond its id, for ``skos:note``: DPV has no
    property for the law relied on or the interest pursued."""
    return [
        t
        for t in (
            basis.law,
            basis.legitimate_interest,
            basis.balancing_test,
            basis.consent_method,
            basis.withdrawal_method,
            basis.condition_law,
            basis.note,
        )
        if t
    ]


def _is_legal_basis(concept: str) -> bool:
    # In eu-gdpr, the articles (A45-3, A46-2-c, A49-1-a…) are the legal bases
    # and the named instruments (SCCByCommission…) the transfer tools.
    return concept.startswith("eu-gdpr:A")


def _context() -> dict[str, str]:
    table = _table()
    return {
        **table["namespaces"],
        "dct": "http://purl.org/dc/terms/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }


def export_dpv(register: Register, *, base: str | None = None) -> str:
    """The register as DPV JSON-LD text (ends with a newline; a lone surrogate
    in the register's text, which UTF-8 cannot hold, becomes U+FFFD).

    Args:
        register: The register.
        base: An absolute IRI ending in ``/`` or ``#`` under which the
            register's nodes get IRIs; without it they are blank nodes.

    Raises:
        ValueError: for a *base* that is not an absolute IRI ending in ``/``
            or ``#``, or with a *base*, for two activities with the same id.
    """
    if base is not None and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*[/#]$", base):
        msg = f"{base!r} is not an absolute IRI ending in '/' or '#' (e.g. https://example.com/register/)"
        raise ValueError(msg)
    if base is not None:
        seen: set[str] = set()
        for activity in register.activities:
            if activity.id in seen:
                msg = (
                    f"two activities have the id {activity.id!r}: with a base IRI each "
                    "activity's IRI is made from its id, so ids must be unique"
                )
                raise ValueError(msg)
            seen.add(activity.id)
    document = _Export(register, base).document()
    text = json_text(document)
    return _LONE_SURROGATE.sub("\ufffd", text)
