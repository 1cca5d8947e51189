"""The DPV JSON-LD export, read back as RDF with rdflib."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

import gdprkit
from gdprkit.model import (
    Art9Condition,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
    Dpia,
    DpiaCriterion,
    DpiaStatus,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    Right,
    SecurityCategory,
    SecurityMeasure,
    SourceKind,
    SubjectKind,
    Transfer,
    TransferMechanism,
    codes,
)
from gdprkit.render import dpv
from gdprkit.render.dpv import concepts, export_dpv, mapping
from tests.conftest import ROOT
from tests.render.fixtures import processor_register, rich_register


rdflib = pytest.importorskip("rdflib")
from rdflib import RDF, SKOS, XSD, Literal, URIRef  # noqa: E402


DPV = rdflib.Namespace("https://w3id.org/dpv#")
GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
PD = rdflib.Namespace("https://w3id.org/dpv/pd#")
LOC = rdflib.Namespace("https://w3id.org/dpv/loc#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
TABLE = json.loads((ROOT / "src" / "gdprkit" / "render" / "dpv.json").read_text(encoding="utf-8"))
PREFIXES: dict[str, str] = TABLE["namespaces"]
EXAMPLES = sorted((ROOT / "examples" / "registers").glob("*.json"))
BASE = "https://etoile.example/registre/"

# rdflib's JSON-LD parser builds a ConjunctiveGraph internally (rdflib 7.x).
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def graph(register: Register, **kwargs: Any) -> Any:
    return rdflib.Graph().parse(data=export_dpv(register, **kwargs), format="json-ld")


def compact(iri: object) -> str | None:
    for prefix, namespace in PREFIXES.items():
        if isinstance(iri, URIRef) and str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace) :]}"
    return None


def one(g: Any, subject: Any, predicate: Any) -> Any:
    values = list(g.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def named(g: Any, kind: Any, title: str) -> Any:
    """The node of type *kind* whose title or name is *title*."""
    found = [
        s
        for s in g.subjects(RDF.type, kind)
        if any(str(o) == title for p in (DCT.title, DPV.hasName) for o in g.objects(s, p))
    ]
    assert len(found) == 1, (kind, title, found)
    return found[0]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_register_exports_and_parses(path: Path) -> None:
    register = gdprkit.load(path)
    g = graph(register)
    record = next(g.subjects(RDF.type, DPV.ROPA))
    processes = list(g.objects(record, DPV.hasProcess))
    assert len(processes) == len(register.activities)
    titles = {str(one(g, p, DCT.identifier)) for p in processes}
    assert titles == {a.id for a in register.activities}


def test_chosen_triples_of_a_rich_register() -> None:
    register = rich_register()
    g = graph(register, base=BASE)
    record = URIRef(BASE + "register")
    assert (record, RDF.type, DPV.ROPA) in g
    organisation = one(g, record, DPV.hasResponsibleEntity)
    assert str(one(g, organisation, DPV.hasName)) == "Pharmacie de l’Étoile SAS"
    assert (organisation, DPV.hasCountry, LOC.FR) in g
    dpo = one(g, organisation, DPV.hasDataProtectionOfficer)
    assert (dpo, RDF.type, DPV.DataProtectionOfficer) in g
    assert (dpo, DPV.hasIdentifier, Literal("DPO-12345")) in g

    clients = URIRef(BASE + "activity/clients")
    assert (record, DPV.hasProcess, clients) in g
    assert (clients, DPV.hasDataController, organisation) in g
    # A purpose and its lawful basis are paired in a process of their own.
    accounting = named(g, DPV.Purpose, "Tenue de la comptabilité")
    (paired,) = set(g.subjects(DPV.hasPurpose, accounting)) - {clients}
    assert set(g.objects(paired, DPV.hasLegalBasis)) == {GDPR["A6-1-c"]}
    assert "Code de commerce, art. L123-22" in {str(n) for n in g.objects(paired, SKOS.note)}
    assert (clients, DPV.hasProcess, paired) in g
    orders = named(g, DPV.Purpose, "Gestion des commandes et de la facturation")
    assert (orders, SKOS.broader, DPV.CustomerManagement) in g

    # The transfer: third country, importer, legal basis and tool.
    (transfer,) = g.objects(clients, DPV.hasProcessing)
    assert (transfer, RDF.type, DPV.CrossBorderTransfer) in g
    assert (transfer, DPV.hasThirdCountry, LOC.US) in g
    assert (transfer, DPV.hasLegalBasis, GDPR["A46-2-c"]) in g
    assert (transfer, DPV.hasOrganisationalMeasure, GDPR.SCCByCommission) in g
    host = one(g, transfer, DPV.hasDataImporter)
    assert (clients, DPV.hasRecipient, host) in g
    assert (host, RDF.type, DPV.DataProcessor) in g
    assert str(one(g, host, DPV.hasName)) == "Hébergeur « Nuage »"

    # Retention as a storage condition with an xsd:duration.
    card = named(g, DPV.PersonalData, "Numéro de carte bancaire")
    assert (card, SKOS.broader, PD.PaymentCard) in g
    storage = one(g, card, DPV.hasStorageCondition)
    assert (storage, RDF.type, DPV.StorageDuration) in g
    (duration,) = g.objects(storage, DPV.hasDuration)
    assert (duration, RDF.type, DPV.TemporalDuration) in g
    assert one(g, duration, RDF.value) == Literal("P13M", datatype=XSD.duration)
    assert str(one(g, storage, DCT.description)).startswith("13 months after the debit")
    identity = named(g, DPV.PersonalData, "Identité")
    (until,) = g.objects(one(g, identity, DPV.hasStorageCondition), DPV.hasDuration)
    assert (until, RDF.type, DPV.UntilEventDuration) in g

    # Health data under Art. 9(2)(h).
    prescriptions = URIRef(BASE + "activity/ordonnances")
    health = named(g, DPV.PersonalData, "Ordonnances")
    assert (health, RDF.type, DPV.SpecialCategoryPersonalData) in g
    assert (health, SKOS.broader, GDPR.HealthData) in g
    bases = {
        b for p in g.objects(prescriptions, DPV.hasProcess) for b in g.objects(p, DPV.hasLegalBasis)
    }
    assert GDPR["A9-2-h"] in bases
    # Rights: the register's list applies to every activity without its own.
    assert (clients, DPV.hasRight, GDPR.A15) in g
    # Register text keeps its language.
    assert one(g, clients, DCT.title) == Literal("Gestion des clients", lang="fr")


def test_a_processor_activity_names_the_controllers_served() -> None:
    register = processor_register()
    g = graph(register)
    organisation = next(g.subjects(RDF.type, DPV.DataProcessor))
    for process in g.objects(next(g.subjects(RDF.type, DPV.ROPA)), DPV.hasProcess):
        assert (process, DPV.hasDataProcessor, organisation) in g
        served = list(g.objects(process, DPV.hasDataController))
        assert served
        assert all((c, RDF.type, DPV.DataController) in g for c in served)


def every_code_register() -> Register:
    """One activity using every member of every closed set the export maps."""
    purposes = tuple(
        Purpose(
            name=f"purpose {tag.value}",
            tags=(tag,),
            legal_bases=(LegalBasis(basis=basis, special_condition=condition),),
        )
        for tag, basis, condition in zip(
            PurposeTag,
            [*LawfulBasis] * 5,
            [*Art9Condition, *Art9Condition],
            strict=False,
        )
    )
    activity = ProcessingActivity(
        id="everything",
        name="Everything",
        purposes=purposes,
        data_subjects=tuple(DataSubjectCategory(name=k.value, kind=k) for k in SubjectKind),
        data_categories=tuple(DataCategory(name=k.value, kind=k) for k in DataKind),
        sources=tuple(DataSource(kind=k) for k in SourceKind),
        recipients=tuple(
            Recipient(name=k.value, kind=k, country=CountryCode("XK")) for k in RecipientKind
        ),
        transfers=tuple(
            Transfer(recipient=f"importer {m.value}", country=CountryCode("EL"), mechanism=m)
            for m in TransferMechanism
        ),
        security_measures=tuple(SecurityMeasure(category=c) for c in SecurityCategory),
        rights=tuple(DeclaredRight(right=r) for r in Right),
        dpia_criteria=tuple(DpiaCriterion),
    )
    statuses = tuple(
        ProcessingActivity(id=f"dpia-{status.value}", name=status.value, dpia=Dpia(status=status))
        for status in DpiaStatus
    )
    return Register(controller=Controller(name="Every code"), activities=(activity, *statuses))


def test_every_concept_the_export_can_write_is_in_the_checked_table() -> None:
    table = concepts()
    register = every_code_register()
    assert len(register.activities[0].purposes) == len(PurposeTag)
    assert {a.dpia.status for a in register.activities if a.dpia} == set(DpiaStatus)
    assert set(register.activities[0].dpia_criteria) == set(DpiaCriterion)
    assert {
        c for p in register.activities[0].purposes for b in p.legal_bases for c in [b.basis]
    } == set(LawfulBasis)
    written: set[str] = set()
    for g in (graph(register), *(graph(gdprkit.load(p)) for p in EXAMPLES)):
        for triple in g:
            for term in triple:
                name = compact(term)
                if name is not None:
                    written.add(name)
    loc = {f"loc:{c}" for c in TABLE["loc_countries"]}
    assert written - set(table) - loc == set()
    assert "loc:GR" in written  # Greece written EL by the EU
    # Every concept a mapping names is in the table, and every mapped id exists.
    for cls_name, entries in TABLE["mappings"].items():
        cls = getattr(codes, cls_name)
        assert set(entries) == {m.value for m in cls}, cls_name
        for member in cls:
            found, match = mapping(member)
            assert set(found) <= set(table), member
            assert (match == "none") == (not found), member
            if match == "none":
                assert entries[member.value]["note"], member


def test_the_table_states_its_version_and_sources() -> None:
    assert dpv.DPV_VERSION == TABLE["dpv_version"] == "2.3"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", TABLE["retrieved"])
    assert all(s.startswith("https://github.com/w3c/dpv/blob/dpv-2.3/") for s in TABLE["source"])
    assert concepts()["dpv:ROPA"] == "Records of Processing Activities"
    assert concepts()["eu-gdpr:A6-1-a"].startswith("Art.6(1-a)")


def test_a_country_loc_does_not_have_is_written_as_its_code() -> None:
    g = graph(every_code_register())
    assert Literal("XK") in set(g.objects(None, DPV.hasCountry))


def test_hostile_text_stays_a_literal() -> None:
    hostile = 'x", "@id": "dpv:ROPA"} <script>\r\n\u2028'
    register = attrs.evolve(rich_register(), controller=Controller(name=hostile), language="fr-FR")
    g = graph(register)
    assert Literal(hostile, lang="fr-fr") in set(g.objects(None, DPV.hasName))
    assert len(list(g.subjects(RDF.type, DPV.ROPA))) == 1


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    register = attrs.evolve(rich_register(), controller=Controller(name="A\ud800B"))
    text = export_dpv(register)
    text.encode("utf-8")
    names = {str(o) for o in graph(register).objects(None, DPV.hasName)}
    assert "A\ufffdB" in names


def test_an_invalid_language_tag_is_not_written_as_one() -> None:
    register = attrs.evolve(rich_register(), language="not a tag")
    g = graph(register)
    names = [o for o in g.objects(None, DPV.hasName) if str(o) == "Pharmacie de l’Étoile SAS"]
    assert names == [Literal("Pharmacie de l’Étoile SAS")]


def test_the_export_is_deterministic() -> None:
    assert export_dpv(rich_register()) == export_dpv(rich_register())


@pytest.mark.parametrize(
    "base", ["relative/", "https://example.com/no-end", "https://ex ample.com/"]
)
def test_a_bad_base_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="absolute IRI"):
        export_dpv(rich_register(), base=base)


def mapping_tables() -> str:
    """The closed-set tables of ``docs/dpv.md``, rendered from the package's data."""
    lines: list[str] = []
    for cls_name, entries in TABLE["mappings"].items():
        lines += [
            f"### {cls_name}",
            "",
            "| gdprkit id | DPV concept | Match | Note |",
            "|---|---|---|---|",
        ]
        for code, entry in entries.items():
            found = ", ".join(f"`{c}`" for c in entry["concepts"]) or "no DPV equivalent"
            note = entry.get("note", "")
            lines.append(f"| `{code}` | {found} | {entry['match']} | {note} |")
        lines.append("")
    return "\n".join(lines)


def test_the_docs_list_the_mapping_as_the_package_has_it() -> None:
    page = (ROOT / "docs" / "dpv.md").read_text(encoding="utf-8")
    assert mapping_tables() in page
    assert f"DPV {TABLE['dpv_version']}" in page


def test_with_a_base_two_activities_may_not_share_an_id() -> None:
    register = rich_register()
    twice = attrs.evolve(register, activities=(*register.activities, register.activities[0]))
    with pytest.raises(ValueError, match="two activities have the id 'clients'"):
        export_dpv(twice, base=BASE)
    assert len(list(graph(twice).subjects(RDF.type, DPV.ROPA))) == 1  # blank nodes: fine


def test_automated_decisions_and_the_dpia() -> None:
    g = graph(rich_register(), base=BASE)
    prospection = URIRef(BASE + "activity/prospection")
    logic = one(g, prospection, DPV.hasAlgorithmicLogic)
    assert (logic, RDF.type, DPV.AlgorithmicLogic) in g
    assert (logic, DPV.hasContext, DPV.AutomatedDecisionMaking) in g
    assert (
        str(one(g, logic, DCT.description)) == "Score d’appétence calculé sur l’historique d’achats"
    )
    # Not required: a necessity assessment that says so, with the reason.
    necessity = one(g, prospection, DPV.hasAssessment)
    assert (necessity, RDF.type, GDPR.DPIANecessityAssessment) in g
    assert (necessity, DPV.hasStatus, GDPR.DPIANotRequired) in g
    assert str(one(g, necessity, DCT.description)) == "un seul critère"
    # The DPIA criteria that apply, as DPV contexts, scale, processing…
    assert (prospection, DPV.hasContext, DPV.EvaluationScoring) in g
    everything = graph(every_code_register(), base=BASE)
    process = URIRef(BASE + "activity/everything")
    assert (process, DPV.hasLocation, DPV.PubliclyAccessibleSpace) in everything
    assert (process, DPV.hasProcessingScale, DPV.LargeScaleProcessing) in everything
    assert (process, DPV.hasDataSubject, DPV.VulnerableDataSubject) in everything
    assert {DPV.Match, DPV.Combine} <= set(everything.objects(process, DPV.hasProcessing))
    # Done: the DPIA, completed, with its reference and date.
    dpia = one(g, URIRef(BASE + "activity/ordonnances"), DPV.hasImpactAssessment)
    assert (dpia, RDF.type, DPV.DPIA) in g
    assert (dpia, DPV.hasActivityStatus, DPV.ActivityCompleted) in g
    assert one(g, dpia, DCT.identifier) == Literal("AIPD-2023-07")
    assert one(g, dpia, DCT.date) == Literal("2023-07-01", datatype=XSD.date)
