"""Fides manifests: import into a register (what could not be mapped is
reported), export back (what is lost is reported), checked against fideslang's
own models and default taxonomy."""

from __future__ import annotations

import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import gdprkit
from gdprkit.model import DataKind, DpiaStatus, LawfulBasis, Register, TransferMechanism
from gdprkit.render import MissingDependency
from gdprkit.render.fides import FIDESLANG_RELEASE, export_fides, import_fides
from gdprkit.serialization import LoadError
from tests.conftest import sample_register


fideslang = pytest.importorskip("fideslang")
from fideslang.default_taxonomy import DEFAULT_TAXONOMY  # noqa: E402 - after the skip
from fideslang.models import Organization, PrivacyDeclaration, System, Taxonomy  # noqa: E402


ACME = Path(__file__).parents[1] / "data" / "fides" / "acme-systems.yml"


def _mapping() -> dict[str, Any]:
    text = resources.files("gdprkit.render.fides").joinpath("mapping.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture(scope="module")
def acme() -> tuple[Register, tuple[str, ...]]:
    return import_fides(ACME.read_text(encoding="utf-8"), source=str(ACME))


# -- the mapping follows its fideslang release --------------------------------------------


def test_the_mapping_names_the_installed_fideslang_release() -> None:
    assert _mapping()["fideslang"] == FIDESLANG_RELEASE == fideslang.__version__


@pytest.mark.parametrize(
    ("section", "resources_"),
    [
        ("data_uses", DEFAULT_TAXONOMY.data_use),
        ("data_categories", DEFAULT_TAXONOMY.data_category),
        ("data_subjects", DEFAULT_TAXONOMY.data_subject),
    ],
)
def test_the_taxonomy_is_fideslangs(section: str, resources_: list[Any]) -> None:
    ours = _mapping()[section]
    assert {k: v["name"] for k, v in ours.items()} == {r.fides_key: r.name for r in resources_}


def test_the_fields_are_fideslangs() -> None:
    fields = _mapping()["fields"]
    assert set(fields["system"]) == set(System.model_fields) | {"cookies"}
    assert set(fields["privacy_declaration"]) == set(PrivacyDeclaration.model_fields) | {"cookies"}
    assert set(fields["organization"]) == set(Organization.model_fields)


def test_every_code_the_mapping_names_exists() -> None:
    mapping = _mapping()
    uses = {u.fides_key for u in DEFAULT_TAXONOMY.data_use}
    categories = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    subjects = {s.fides_key for s in DEFAULT_TAXONOMY.data_subject}
    export = mapping["export"]
    assert set(export["data_use_by_tag"].values()) | {export["data_use_default"]} <= uses
    assert set(export["data_category_by_kind"].values()) <= categories
    assert set(export["data_subject_by_kind"].values()) <= subjects
    kinds = {k.value for k in DataKind}
    assert {v["kind"] for v in mapping["data_categories"].values()} - {None} <= kinds
    assert set(export["data_category_by_kind"]) <= kinds
    specials = {v["kind"] for k, v in mapping["data_categories"].items() if v["kind"]}
    assert "health" in specials
    assert "criminal-offences" in specials


# -- import ---------------------------------------------------------------------------------


def test_the_hand_written_manifest_imports(acme: tuple[Register, tuple[str, ...]]) -> None:
    register, _ = acme
    assert register.controller.name == "Acme Incorporated"
    assert register.controller.contact.email == "controller@acmeinc.com"
    assert register.dpo is not None
    assert register.dpo.name == "Preet Ector"
    assert register.representative is not None
    assert [a.id for a in register.activities] == [
        "demo_analytics_system",
        "demo_marketing_system.marketing.communications.email",
        "demo_marketing_system.personalize.content.profiling",
    ]
    newsletter, wellness = register.activities[1:]
    purpose = newsletter.purposes[0]
    assert purpose.legal_bases[0].basis is LawfulBasis.CONSENT
    assert [t.value for t in purpose.tags] == ["direct-marketing"]
    assert purpose.description == "Fides: marketing.communications.email"
    retention = newsletter.data_categories[0].retention
    assert retention is not None
    assert str(retention.duration) == "P3Y"
    assert [r.name for r in newsletter.recipients] == ["Email delivery provider"]
    assert newsletter.transfers[0].mechanism is TransferMechanism.SCC_2021
    assert newsletter.transfers[0].country is None
    assert newsletter.dpia is not None
    assert newsletter.dpia.status is DpiaStatus.DONE
    assert wellness.data_categories[0].kind is DataKind.HEALTH
    assert wellness.purposes[0].legal_bases[0].balancing_test == "https://example.org/lia/wellness"


def test_what_could_not_be_mapped_is_reported(acme: tuple[Register, tuple[str, ...]]) -> None:
    _, notes = acme
    assert notes == (
        "organization.controller.name: 'Dave L. Epper' read as a contact person: the controller "
        "is the organization 'Acme Incorporated'",
        "system[0].privacy_declarations[0].data_use: 'improve.system' is not in the fideslang "
        "3.1.4 taxonomy nor declared in the manifest: no purpose tag",
        "system[1].vendor_id: not mapped: the register has no equivalent",
        "system[1].legal_basis_for_transfers[0]: 'SCCs' read as the 2021 standard contractual "
        "clauses (Commission Implementing Decision (EU) 2021/914), the only ones usable since "
        "27 December 2022 (its Art. 4)",
        "system[1]: Fides does not say where the data go: each transfer is recorded without its "
        "destination country",
        "system[1].privacy_declarations[1].features: not mapped: the register has no equivalent",
        "system[1].privacy_declarations[1].retention_period: '400' has no unit: kept as wording, "
        "not as a duration",
    )


def test_the_imported_manifest_is_checked_by_the_rules(
    acme: tuple[Register, tuple[str, ...]],
) -> None:
    register, _ = acme
    report = gdprkit.validate(register, as_of=dt.date(2026, 1, 15))
    found = {(f.rule, f.path) for f in report}
    assert ("GDPR101", "activities[0].purposes[0]") in found  # no lawful basis
    assert ("GDPR110", "activities[2].data_categories[0]") in found  # health, no Art. 9(2)
    assert ("GDPR312", "activities[1].transfers[0]") in found  # no destination


def test_the_input_is_a_valid_fideslang_manifest() -> None:
    document = yaml.safe_load(ACME.read_text(encoding="utf-8"))
    document["organization"] = [document["organization"]]
    Taxonomy.model_validate(document)


def test_custom_taxonomy_entries_are_read() -> None:
    manifest = """
organization: [{fides_key: o, name: Org, controller: {email: c@o.example}}]
data_category:
  - {fides_key: user.health_and_medical.allergies, name: Allergies, parent_key: user.health_and_medical}
system:
  - fides_key: s
    system_type: Service
    privacy_declarations:
      - {data_use: essential.service, data_categories: [user.health_and_medical.allergies, system.operations]}
"""
    register, notes = import_fides(manifest)
    category = register.activities[0].data_categories
    assert [(c.name, c.kind) for c in category] == [("Allergies", DataKind.HEALTH)]
    assert notes == (
        "system[0].privacy_declarations[0].data_categories[1]: 'system.operations' is system "
        "data, not personal data: left out",
    )


@pytest.mark.parametrize(
    ("manifest", "problems"),
    [
        ("system: [", [("", "not a YAML document")]),
        ("- a\n- b\n", [("", "expected a mapping of keys to values")]),
        ("organization: {name: O}\n", [("system", "with a 'system:' list")]),
        (
            "organization: {name: O, controller: {}}\nsystem:\n  - fides_key: s\n"
            "    privacy_declarations:\n      - {data_categories: [user], "
            "legal_basis_for_processing: Contrat}\n",
            [
                ("system[0].privacy_declarations[0].data_use", "required"),
            ],
        ),
        (
            "organization: {name: O, controller: {}}\nsystem:\n  - fides_key: s\n"
            "    privacy_declarations:\n      - {data_use: sales, data_categories: [user], "
            "legal_basis_for_processing: Contrat, retention_period: [1]}\n",
            [
                (
                    "system[0].privacy_declarations[0].legal_basis_for_processing",
                    "'Contrat' is not one of",
                ),
                ("system[0].privacy_declarations[0].retention_period", "expected a string"),
            ],
        ),
        (
            "system:\n  - {fides_key: s, privacy_declarations: []}\n",
            [("organization", "no controller")],
        ),
    ],
)
def test_bad_manifests_are_refused_with_every_problem(
    manifest: str, problems: list[tuple[str, str]]
) -> None:
    with pytest.raises(LoadError) as caught:
        import_fides(manifest, source="m.yml")
    assert caught.value.source == "m.yml"
    found = caught.value.problems
    assert [p.path for p in found] == [path for path, _ in problems]
    assert all(words in p.message for p, (_, words) in zip(found, problems, strict=True))


def test_pyyaml_is_an_optional_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingDependency, match="gdprkit's 'fides' extra"):
        import_fides("system: []")
    with pytest.raises(MissingDependency, match="gdprkit's 'fides' extra"):
        export_fides(sample_register())


# -- export ---------------------------------------------------------------------------------


def test_the_imported_manifest_exports_back_with_its_keys(
    acme: tuple[Register, tuple[str, ...]],
) -> None:
    register, _ = acme
    text, lost = export_fides(register)
    taxonomy = Taxonomy.model_validate(yaml.safe_load(text))
    declarations = [
        (d.data_use, d.data_categories, d.data_subjects)
        for s in taxonomy.system
        for d in s.privacy_declarations
    ]
    assert declarations == [
        ("improve.system", ["user.contact", "user.device.cookie_id"], ["customer"]),
        (
            "marketing.communications.email",
            ["user.contact.email", "user.name"],
            ["customer", "prospect"],
        ),
        (
            "personalize.content.profiling",
            ["user.health_and_medical", "user.device.cookie_id"],
            ["customer"],
        ),
    ]
    newsletter = taxonomy.system[1]
    assert newsletter.does_international_transfers
    assert newsletter.legal_basis_for_transfers == ["SCCs"]
    assert newsletter.privacy_declarations[0].legal_basis_for_processing == "Consent"
    assert newsletter.privacy_declarations[0].retention_period == "3 years"
    assert taxonomy.system[2].privacy_declarations[0].processes_special_category_data
    assert taxonomy.organization[0].data_protection_officer.email == "dpo@acmeinc.com"
    assert lost == (
        "not kept (a Fides manifest has no place for them): security_measures, notes",
        "activities[0]: not kept: notes, sources",
        "activities[1]: not kept: notes",
        "activities[2]: not kept: notes",
    )
    again, _ = import_fides(text)
    assert [p.description for a in again.activities for p in a.purposes] == [
        p.description for a in register.activities for p in a.purposes
    ]
    assert [c.description for a in again.activities for c in a.data_categories] == [
        c.description for a in register.activities for c in a.data_categories
    ]


def test_the_loss_report_of_a_native_register() -> None:
    text, lost = export_fides(sample_register())
    Taxonomy.model_validate(yaml.safe_load(text))
    assert lost == (
        "not kept (a Fides manifest has no place for them): controller.identifiers, "
        "controller.country, rights, updated",
        "activities[0].transfers[0]: destination US not kept: Fides has no field for it",
        "activities[0]: not kept: sources, data category names (Fides lists taxonomy keys), "
        "data subject names (Fides lists taxonomy keys), retention start events, archive phases "
        "and legal references (kept as words only), recipients other than third parties",
    )
    system = yaml.safe_load(text)["system"][0]
    assert system["privacy_declarations"][0]["data_use"] == "essential.service"
    assert system["privacy_declarations"][0]["data_categories"] == ["user.name"]


def test_hostile_text_stays_text_in_yaml() -> None:
    register = sample_register()
    hostile = "x\n- fides_key: injected\n  ... &a [*a]\x1b[31m"
    activity = attrs.evolve(register.activities[0], name=hostile)
    text, _ = export_fides(attrs.evolve(register, activities=(activity,)))
    document = yaml.safe_load(text)
    assert document["system"][0]["name"] == hostile
    assert len(document["system"]) == 1


def test_a_register_without_activities_goes_through() -> None:
    register = gdprkit.Register(controller=gdprkit.Controller(name="Org"))
    text, _ = export_fides(register)
    assert yaml.safe_load(text)["system"] == []
    again, _ = import_fides(text)
    assert again.controller.name == "Org"
    assert again.activities == ()


def test_what_a_declaration_cannot_hold_is_reported() -> None:
    register = sample_register()
    purpose = attrs.evolve(
        register.activities[0].purposes[0],
        description="Commandes passées en ligne",
        legal_bases=(
            gdprkit.LegalBasis(basis=LawfulBasis.CONTRACT, note="CGV art. 3"),
            gdprkit.LegalBasis(basis=LawfulBasis.LEGAL_OBLIGATION, law="Code de commerce L123-22"),
        ),
    )
    activity = attrs.evolve(register.activities[0], purposes=(purpose, purpose))
    _, lost = export_fides(attrs.evolve(register, activities=(activity,)))
    for note in (
        "activities[0].purposes[0]: Fides holds one lawful basis per declaration: only the "
        "first is kept",
        "activities[0].purposes[0].legal_bases[0]: not kept: note",
        "activities[0].purposes[0]: not kept: description",
        "activities[0].purposes[1]: not kept: description",
    ):
        assert note in lost
    assert len(lost) == len(set(lost))
