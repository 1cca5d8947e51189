"""The five registers written from the seed privacy policies: their findings
under the gdpr and cnil profiles on a fixed date, pinned exactly, and the
flaws of each policy that the findings must show."""

from __future__ import annotations

import datetime as dt
import os
import re

import attrs
import pytest

import gdprkit
from gdprkit import Finding, Report, Severity
from gdprkit.model import (
    DataKind,
    Event,
    LawfulBasis,
    LegalBasis,
    Register,
    Right,
    Role,
    TransferMechanism,
)
from gdprkit.policy import is_french
from tests.conftest import ROOT


AS_OF = dt.date(2026, 11, 22)
PROFILES = ("gdpr", "cnil")
REGISTERS = ROOT / "examples" / "registers"
SEEDS = {
    "cooper": "000_0620986aa005b6d9.txt",
    "cooptalis": "001_e7fa732bdd0bed13.txt",
    "offisante": "002_893e31b09e1dcbe6.txt",
    "mypharm": "003_b93b53b7bd8d3a90.txt",
    "present-infini": "004_347cc237789edc19.txt",
}


def load(slug: str) -> Register:
    return gdprkit.load(REGISTERS / f"{slug}.json")


def check(register: Register) -> Report:
    return gdprkit.validate(register, profiles=PROFILES, as_of=AS_OF)


def pairs(report: Report) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in report]


PINNED = {
    "cooper": [
        ("GDPR209", "activities[0]"),
        ("GDPR509", "activities[0].data_categories[0]"),
        ("GDPR405", "activities[0].data_categories[0].retention.archive"),
        ("GDPR107", "activities[0].purposes[0].legal_bases"),
        ("GDPR104", "activities[0].purposes[0].legal_bases[1]"),
        ("GDPR610", "activities[0].recipients[1]"),
        ("GDPR102", "activities[1].purposes[0].legal_bases[0]"),
        ("CNIL101", "activities[2].data_categories[2].retention"),
        ("GDPR104", "activities[2].purposes[0].legal_bases[0]"),
        ("GDPR102", "activities[2].purposes[0].legal_bases[1]"),
        ("GDPR610", "activities[2].recipients[1]"),
        ("GDPR107", "activities[3].purposes[0].legal_bases"),
        ("GDPR104", "activities[3].purposes[0].legal_bases[1]"),
        ("GDPR314", "activities[3].recipients[1]"),
        ("GDPR104", "activities[4].purposes[0].legal_bases[0]"),
        ("GDPR401", "activities[5].data_categories[0]"),
        ("GDPR401", "activities[6].data_categories[0]"),
        ("GDPR106", "activities[6].purposes[0].legal_bases[0]"),
        ("GDPR401", "activities[7].data_categories[0]"),
        ("GDPR401", "activities[7].data_categories[1]"),
        ("GDPR102", "activities[7].purposes[0].legal_bases[0]"),
        ("GDPR104", "activities[7].purposes[0].legal_bases[1]"),
        ("GDPR610", "activities[8].recipients[1]"),
        ("GDPR214", "controller"),
        ("GDPR501", "rights"),
    ],
    "cooptalis": [
        ("GDPR612", "activities[0]"),
        ("GDPR211", "activities[0].controllers[0]"),
        ("GDPR110", "activities[0].data_categories[0]"),
        ("GDPR610", "activities[0].recipients[0]"),
        ("GDPR301", "activities[0].transfers[0]"),
        ("GDPR312", "activities[0].transfers[0]"),
        ("GDPR214", "controller"),
    ],
    "offisante": [
        ("GDPR403", "activities[0].data_categories[0].retention"),
        ("GDPR101", "activities[0].purposes[0]"),
        ("GDPR610", "activities[0].recipients[1]"),
        ("GDPR509", "activities[1].data_categories[0]"),
        ("GDPR403", "activities[1].data_categories[0].retention"),
        ("GDPR103", "activities[1].purposes[0].legal_bases[0]"),
        ("GDPR610", "activities[1].recipients[1]"),
        ("GDPR312", "activities[1].transfers[0]"),
        ("GDPR404", "activities[2].data_categories[0].retention.archive"),
        ("GDPR401", "activities[2].data_categories[3]"),
        ("GDPR401", "activities[3].data_categories[0]"),
        ("GDPR404", "activities[4].data_categories[0].retention.archive"),
        ("GDPR610", "activities[4].recipients[0]"),
        ("GDPR402", "activities[6].data_categories[0].retention"),
        ("GDPR401", "activities[6].data_categories[1]"),
        ("GDPR610", "activities[6].recipients[0]"),
        ("GDPR610", "activities[6].recipients[1]"),
        ("CNIL301", "activities[6].rights"),
        ("GDPR312", "activities[6].transfers[1]"),
    ],
    "mypharm": [
        ("GDPR509", "activities[0].data_categories[0]"),
        ("GDPR402", "activities[0].data_categories[0].retention"),
        ("GDPR101", "activities[0].purposes[0]"),
        ("GDPR314", "activities[0].recipients[0]"),
        ("GDPR610", "activities[0].recipients[0]"),
        ("GDPR314", "activities[0].recipients[1]"),
        ("GDPR610", "activities[0].recipients[1]"),
        ("CNIL501", "activities[4].purposes[1]"),
        ("GDPR701", "activities[4].purposes[2]"),
        ("GDPR402", "activities[6].data_categories[0].retention"),
        ("GDPR102", "activities[6].purposes[0].legal_bases[0]"),
        ("GDPR612", "activities[7]"),
        ("GDPR211", "activities[7].controllers[0]"),
        ("GDPR314", "activities[7].recipients[0]"),
        ("GDPR610", "activities[7].recipients[0]"),
        ("GDPR214", "controller"),
        ("CNIL301", "rights"),
        ("CNIL302", "rights"),
        ("GDPR506", "rights"),
        ("CNIL302", "supervisory_authority"),
    ],
    "present-infini": [
        ("GDPR509", "activities[0].data_categories[0]"),
        ("CNIL103", "activities[0].data_categories[1].retention"),
        ("CNIL102", "activities[0].data_categories[5].retention.archive.legal_ground"),
        ("CNIL502", "activities[0].notes"),
        ("GDPR101", "activities[0].purposes[0]"),
        ("GDPR610", "activities[0].recipients[1]"),
        ("GDPR301", "activities[0].transfers[0]"),
        ("GDPR312", "activities[0].transfers[0]"),
        ("GDPR313", "activities[0].transfers[0]"),
        ("GDPR402", "activities[1].data_categories[0].retention"),
        ("GDPR208", "activities[2]"),
        ("GDPR401", "activities[2].data_categories[0]"),
        ("GDPR401", "activities[2].data_categories[1]"),
        ("GDPR214", "controller"),
        ("CNIL502", "notes"),
        ("CNIL301", "rights"),
        ("CNIL302", "rights"),
        ("GDPR506", "rights"),
    ],
}


# Every register, as written ---------------------------------------------------------


def test_one_register_per_seed_and_the_corrected_one() -> None:
    names = sorted(p.stem for p in REGISTERS.glob("*.json"))
    assert names == sorted([*SEEDS, "offisante-corrected"])


@pytest.mark.parametrize("slug", [*SEEDS, "offisante-corrected"])
def test_register_is_canonical_json(slug: str) -> None:
    path = REGISTERS / f"{slug}.json"
    assert gdprkit.dumps(gdprkit.load(path)) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("slug", "seed"), SEEDS.items())
def test_register_notes_its_seed(slug: str, seed: str) -> None:
    notes = load(slug).notes
    assert notes is not None
    assert notes.startswith(f"Written from the privacy policy {seed}")


@pytest.mark.parametrize("slug", SEEDS)
def test_findings_are_pinned(slug: str) -> None:
    assert pairs(check(load(slug))) == PINNED[slug]


@pytest.mark.parametrize("slug", SEEDS)
def test_registers_are_french(slug: str) -> None:
    register = load(slug)
    assert register.controller.country == "FR"
    assert is_french(register)


# The flaws the policies have, one by one ----------------------------------------------


def rules_at(report: Report, path: str) -> set[str]:
    """The rules that report something at *path*, as a finding's place or one of its others."""
    return {f.rule for f in report if path in (f.path, *f.also_at_paths)}


def test_purposes_without_any_lawful_basis() -> None:
    # OffiSanté lists "Diffuser les contenus" with no basis, and pays without a purpose.
    offisante = check(load("offisante"))
    assert "GDPR101" in rules_at(offisante, "activities[0].purposes[0]")
    assert "GDPR101" in rules_at(offisante, "activities[4].purposes[0]")
    # Mypharm and Présent Infini state no basis at all: every purpose without one is an error.
    for slug in ("mypharm", "present-infini"):
        register = load(slug)
        report = check(register)
        bare = {
            f"activities[{i}].purposes[{j}]"
            for i, a in enumerate(register.activities)
            if a.role is not Role.PROCESSOR
            for j, p in enumerate(a.purposes)
            if not p.legal_bases
        }
        assert bare
        # A tracker purpose without a basis is reported by the more specific tracker rule.
        trackers = {
            p
            for f in report
            if f.rule in {"GDPR701", "CNIL501"}
            for p in (f.path, *f.also_at_paths)
        }
        # The purposes without a basis are one defect: its places, first and others.
        reported = {p for f in report.by_rule("GDPR101") for p in (f.path, *f.also_at_paths)}
        assert reported == bare - trackers
        assert trackers <= bare
        assert all(f.severity is Severity.ERROR for f in report.by_rule("GDPR101"))


def test_special_category_data_without_an_art_9_2_condition() -> None:
    register = load("cooptalis")
    (activity,) = register.activities
    assert activity.role is Role.PROCESSOR
    kinds = [c.kind for c in activity.data_categories]
    assert kinds == [DataKind.RACIAL_ETHNIC_ORIGIN, DataKind.RELIGIOUS_PHILOSOPHICAL_BELIEFS]
    assert not any(b.special_condition for p in activity.purposes for b in p.legal_bases)
    # The Art. 9(2) condition is the controllers' to establish: in the processor's record
    # (Art. 30(2)) its absence is a warning asking to record the controllers' condition...
    (warning,) = check(register).by_rule("GDPR110")
    assert warning.severity is Severity.WARNING
    assert warning.path == "activities[0].data_categories[0]"
    assert "Data relating to racial origin" in warning.message
    # ...and the same data in a controller's record without a condition are an error.
    as_controller = attrs.evolve(
        register,
        activities=(
            attrs.evolve(
                activity,
                role=Role.CONTROLLER,
                controllers=(),
                processing_categories=(),
                purposes=(
                    gdprkit.Purpose(
                        name="Finalité des clients",
                        legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),),
                    ),
                ),
            ),
        ),
    )
    (finding,) = check(as_controller).by_rule("GDPR110")
    assert finding.severity is Severity.ERROR
    assert finding.path == "activities[0].data_categories[0]"


def test_transfer_outside_the_eu_with_no_mechanism() -> None:
    register = load("present-infini")
    report = check(register)
    for i in (0, 1):
        (transfer,) = register.activities[i].transfers
        assert transfer.mechanism is None
        assert transfer.country is None
        assert "GDPR312" in rules_at(report, f"activities[{i}].transfers[0]")
    # With a destination outside the EEA, the missing mechanism is an error of its own.
    with_country = attrs.evolve(
        register,
        activities=(
            attrs.evolve(
                register.activities[0],
                transfers=(
                    attrs.evolve(
                        register.activities[0].transfers[0], country=gdprkit.CountryCode("US")
                    ),
                ),
            ),
        ),
    )
    assert check(with_country).by_rule("GDPR301")


def test_retention_only_as_long_as_necessary() -> None:
    register = load("mypharm")
    report = check(register)
    vague = {
        f"activities[{i}].data_categories[{j}].retention"
        for i, a in enumerate(register.activities)
        for j, c in enumerate(a.data_categories)
        if c.retention is not None
        and c.retention.statement is not None
        and "aussi longtemps que nécessaire" in c.retention.statement
    }
    assert len(vague) == 13
    # The same sentence everywhere: one defect, reported once with every place.
    (finding,) = [f for f in report.by_rule("GDPR402") if "aussi longtemps" in f.message]
    assert vague == {finding.path, *finding.also_at_paths}
    assert all(f.severity is Severity.ERROR for f in report.by_rule("GDPR402"))


def test_cooper_archives_for_the_limitation_periods_without_a_figure() -> None:
    # « conservées pendant la durée de la relation contractuelle. Elles sont ensuite
    # conservées en archivage intermédiaire […] dans la limite des différents délais de
    # prescription applicables »: until the end of the contract, then an archive whose
    # length the policy does not give, and whose ground is quoted from the policy.
    register = load("cooper")
    archived = {
        f"activities[{i}].data_categories[{j}].retention.archive": c.retention
        for i, a in enumerate(register.activities)
        for j, c in enumerate(a.data_categories)
        if c.retention is not None and c.retention.archive is not None
    }
    assert len(archived) == 4
    for retention in archived.values():
        assert retention.archive is not None
        assert retention.statement is not None
        assert retention.until is Event.END_OF_CONTRACT
        assert retention.duration is None
        assert retention.archive.duration is None
        assert retention.archive.legal_ground is not None
        assert "délais de prescription applicables" in retention.archive.legal_ground
        assert retention.archive.legal_ground in retention.statement  # verbatim
    report = check(register)
    # One sentence in four categories: one defect, reported once with every place.
    (finding,) = report.by_rule("GDPR405")
    assert {finding.path, *finding.also_at_paths} == set(archived)
    assert finding.severity is Severity.WARNING
    assert not report.by_rule("GDPR402")  # bounded by the end of the contract
    assert not report.by_rule("GDPR404")  # the policy's ground is recorded
    assert not report.by_rule("CNIL102")  # no duration to compare with a legal period


@pytest.mark.parametrize("slug", ["mypharm", "present-infini"])
def test_rights_missing_restriction_complaint_and_post_mortem(slug: str) -> None:
    register = load(slug)
    declared = {r.right for r in register.rights}
    assert not declared & {Right.RESTRICTION, Right.COMPLAINT, Right.POST_MORTEM_DIRECTIVES}
    report = check(register)
    # The complaint right names the CNIL (CNIL302), which takes the place of GDPR505 there.
    assert rules_at(report, "rights") >= {"CNIL302", "GDPR506", "CNIL301"}
    assert not report.by_rule("GDPR505")
    (complaint,) = [f for f in report.by_rule("CNIL302") if f.path == "rights"]
    assert complaint.severity is Severity.WARNING
    assert "CNIL" in complaint.message
    assert "restriction" in report.by_rule("GDPR506")[0].message


def test_objection_missing_from_mypharm() -> None:
    # Mypharm states no general right to object.  It states no lawful basis either, so no
    # rule can tell that Art. 21(1) applies; once legitimate interests are recorded for its
    # security purpose, the missing right is an error.
    register = load("mypharm")
    assert Right.OBJECTION not in {r.right for r in register.rights}
    assert not check(register).by_rule("GDPR502")
    security = register.activities[5]
    purpose = attrs.evolve(
        security.purposes[3],
        legal_bases=(
            LegalBasis(
                basis=LawfulBasis.LEGITIMATE_INTERESTS,
                legitimate_interest="sécurité des services",
                balancing_test="—",
            ),
        ),
    )
    purposes = (*security.purposes[:3], purpose, *security.purposes[4:])
    activities = list(register.activities)
    activities[5] = attrs.evolve(security, purposes=purposes)
    fixed = attrs.evolve(register, activities=tuple(activities))
    (finding,) = check(fixed).by_rule("GDPR502")
    assert finding.severity is Severity.WARNING


def test_cooptalis_omits_the_complaint_right() -> None:
    register = load("cooptalis")
    assert Right.COMPLAINT not in {r.right for r in register.rights}
    # A processor's record owes no information to data subjects: nothing is reported.
    assert not check(register).by_rule("GDPR505")


def test_offisante_transfers_rely_on_clauses_written_before_the_dpf() -> None:
    register = load("offisante")
    report = check(register)
    transfers = [
        (i, k, t) for i, a in enumerate(register.activities) for k, t in enumerate(a.transfers)
    ]
    assert len(transfers) == 3
    for i, k, transfer in transfers:
        # The policy awaits "l'entrée en vigueur de l'accord UE-US": the clauses are the
        # 2021 ones (the only Commission clauses usable on 14/04/2023), still valid today.
        assert transfer.mechanism is TransferMechanism.SCC_2021
        assert transfer.reference is not None
        assert "dans l'attente de l'entrée en vigueur de l'accord UE-US" in transfer.reference
        path = f"activities[{i}].transfers[{k}]"
        assert rules_at(report, path) == {"GDPR312"}  # no country named
    assert not report.by_rule("GDPR304")  # the mechanism has not been invalidated
    # Once the country is named, what is missing is the transfer impact assessment, or the
    # importer's Data Privacy Framework listing that would make the US adequate for it.
    i, k, transfer = transfers[0]
    named = attrs.evolve(transfer, country=gdprkit.CountryCode("US"))
    activities = list(register.activities)
    activities[i] = attrs.evolve(register.activities[i], transfers=(named,))
    found = check(attrs.evolve(register, activities=tuple(activities)))
    # The policy does not say how to obtain a copy of the clauses either (GDPR315).
    assert rules_at(found, f"activities[{i}].transfers[0]") == {"GDPR310", "GDPR315"}
    assert found.by_rule("GDPR310")[0].severity is Severity.WARNING


def test_offisante_corrected_has_no_error() -> None:
    register = load("offisante-corrected")
    report = check(register)
    assert report.ok
    assert report.errors == ()
    notes = register.notes or ""
    assert "002_893e31b09e1dcbe6.txt" in notes
    assert "illustrative" in notes
    for activity in register.activities:
        for transfer in activity.transfers:
            assert transfer.mechanism is TransferMechanism.ADEQUACY
            assert transfer.country == "US"
            assert transfer.in_adequacy_scope is True


def test_cnil_findings_of_the_seeds() -> None:
    cooper = check(load("cooper"))
    (marketing,) = cooper.by_rule("CNIL101")  # "jusqu'à votre demande d'opposition"
    assert marketing.path == "activities[2].data_categories[2].retention"
    assert "no maximum period" in marketing.message
    assert not cooper.by_rule("CNIL105")  # call recordings: 3 months, within 6
    offisante = check(load("offisante"))
    # One defect: the post-mortem right missing from the cookies activity's list and the general one.
    (post_mortem,) = offisante.by_rule("CNIL301")
    assert post_mortem.places == (("activities", 6, "rights"), ("rights",))
    mypharm = check(load("mypharm"))
    (unnamed,) = [f for f in mypharm.by_rule("CNIL302") if f.path == "supervisory_authority"]
    assert unnamed.severity is Severity.INFO
    # Analytics and advertising web beacons of third parties, with no consent.
    assert [f.path for f in mypharm.by_rule("CNIL501")] == ["activities[4].purposes[1]"]
    assert [f.path for f in mypharm.by_rule("GDPR701")] == ["activities[4].purposes[2]"]
    present = check(load("present-infini"))
    (card,) = present.by_rule("CNIL103")
    assert "until end of relationship" in card.message
    (archive,) = present.by_rule("CNIL102")
    assert archive.severity is Severity.INFO
    # The norme simplifiée n° 48 (in two activities: one defect) and the CNIL declaration.
    assert [(f.path, f.also_at_paths) for f in present.by_rule("CNIL502")] == [
        ("activities[0].notes", ("activities[1].notes",)),
        ("notes", ()),
    ]


# The walkthrough page shows the findings as they are -------------------------------
# GDPRKIT_UPDATE_DOCS=1 rewrites its tables and counts from the findings.

UPDATE = os.environ.get("GDPRKIT_UPDATE_DOCS") == "1"
PAGE = ROOT / "docs" / "seed-registers.md"
ROW = re.compile(
    r"^\| ([A-Z]+\d{3}) \| (error|warning|info) \| `([^`]*)` \| ((?:`[^`]*`(?:, )?)*) \| (.*) \|$"
)
HEADER = "| Rule | Severity | Path | Also at | Message |\n|---|---|---|---|---|\n"


def row(finding: Finding) -> str:
    also = ", ".join(f"`{path}`" for path in finding.also_at_paths)
    message = finding.message.replace("|", "\\|")
    return f"| {finding.rule} | {finding.severity.value} | `{finding.path}` | {also} | {message} |"


def rewrite(page: str, slug: str, report: Report) -> str:
    start = page.index(f"<!-- findings: {slug} -->\n") + len(f"<!-- findings: {slug} -->\n")
    end = page.index(f"<!-- end findings: {slug} -->")
    rows = "".join(row(f) + "\n" for f in report)
    return page[:start] + (HEADER + rows if rows else "") + page[end:]


def documented(slug: str) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    page = PAGE.read_text(encoding="utf-8")
    start = page.index(f"<!-- findings: {slug} -->")
    end = page.index(f"<!-- end findings: {slug} -->")
    rows = []
    for line in page[start:end].splitlines():
        match = ROW.match(line)
        if match:
            also = tuple(p.strip("`") for p in match[4].split(", ") if p)
            rows.append((match[1], match[2], match[3], also, match[5].replace("\\|", "|")))
    return rows


@pytest.mark.parametrize("slug", [*SEEDS, "offisante-corrected"])
def test_the_walkthrough_lists_every_finding(slug: str) -> None:
    report = check(load(slug))
    if UPDATE:
        PAGE.write_text(rewrite(PAGE.read_text(encoding="utf-8"), slug, report), "utf-8")
    assert documented(slug) == [
        (f.rule, f.severity.value, f.path, f.also_at_paths, f.message) for f in report
    ]


SUMMARY = re.compile(
    r"^\| `([a-z-]+)\.json` \| .* \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", re.MULTILINE
)


def counted(page: str, slug: str, counts: tuple[int, ...]) -> str:
    """*page* with the summary row of *slug* showing *counts*."""
    line = re.compile(
        rf"^(\| `{re.escape(slug)}\.json` \| .* \| )\d+ \| \d+ \| \d+ \| \d+ \|$", re.M
    )
    return line.sub(lambda m: m[1] + " | ".join(map(str, counts)) + " |", page)


def test_the_walkthrough_summary_counts() -> None:
    if UPDATE:
        page = PAGE.read_text(encoding="utf-8")
        for slug in [*SEEDS, "offisante-corrected"]:
            register = load(slug)
            report = check(register)
            counts = (len(register.activities), *(report.count(s) for s in Severity))
            page = counted(page, slug, counts)
        errors = len(check(load("mypharm")).errors)
        page = re.sub(r"== \(\d+, False\)", f"== ({errors}, False)", page, count=1)
        PAGE.write_text(page, encoding="utf-8")
    page = PAGE.read_text(encoding="utf-8")
    rows = {m[1]: tuple(int(n) for n in m.groups()[1:]) for m in SUMMARY.finditer(page)}
    assert set(rows) == {*SEEDS, "offisante-corrected"}
    for slug, counts in rows.items():
        register = load(slug)
        report = check(register)
        assert counts == (
            len(register.activities),
            report.count(Severity.ERROR),
            report.count(Severity.WARNING),
            report.count(Severity.INFO),
        ), slug
