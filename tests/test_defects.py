"""One finding per defect: violations of one rule with one ``defect`` key
become one finding listing every place (engine, report, every output), and a
general rule's finding gives way to a more specific one on the same element
or inside it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import gdprkit
from gdprkit import cli
from gdprkit.acceptance import apply_acceptances, baseline_entries
from gdprkit.model import (
    AcceptedFinding,
    Controller,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
)
from gdprkit.render.report import render_report
from gdprkit.rules import Context, Profile, Severity, Violation, _catalogue, rule
from gdprkit.rules.findings import ValidationFailed


PROFILE = "defecttest"
DATA = Path(__file__).resolve().parent / "data"


@rule(
    code="DEFT001",
    name="defecttest-notes",
    title="Activities have notes",
    severity="warning",
    articles=("Test policy 1",),
    on=ProcessingActivity,
    profile=PROFILE,
    rationale="One missing-notes practice is one defect.",
)
def notes(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    if not activity.notes:
        urgent = activity.id == "urgent"
        yield Violation(
            message="No notes are kept on this activity.",
            defect="no-notes",
            severity=Severity.ERROR if urgent else None,
            articles=("Test policy 1(b)",) if urgent else (),
        )


@rule(
    code="DEFT002",
    name="defecttest-notes-each",
    title="Activities have notes (one finding per place)",
    severity="info",
    articles=("Test policy 2",),
    on=ProcessingActivity,
    profile=PROFILE,
    rationale="Without a key, every place is a finding.",
)
def notes_each(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    if not activity.notes:
        yield Violation(message=f"{activity.id} has no notes.")


@rule(
    code="DEFT010",
    name="defecttest-incomplete",
    title="Activities are complete (general)",
    severity="warning",
    articles=("Test policy 10",),
    on=ProcessingActivity,
    profile=PROFILE,
    rationale="A general check.",
)
def incomplete(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    if any(not p.legal_bases for p in activity.purposes):
        yield Violation(message="An activity is incomplete.", defect="incomplete")


@rule(
    code="DEFT011",
    name="defecttest-basis",
    title="Purposes have a lawful basis (specific)",
    severity="error",
    articles=("GDPR Art. 6(1)",),
    on=Purpose,
    profile=PROFILE,
    rationale="The specific check, inside the activity.",
    supersedes=("DEFT010",),
)
def basis(purpose: Purpose, context: Context) -> Iterator[Violation]:
    if not purpose.legal_bases and purpose.name != "hidden":
        yield Violation(message=f"{purpose.name} has no lawful basis.")


@pytest.fixture(autouse=True)
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = Profile(
        name=PROFILE, title="Defect test rules", rules=(notes, notes_each, incomplete, basis)
    )
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))


def _activity(id: str, *, notes: str | None = None, basis: bool = True, purpose: str = "p") -> Any:
    bases = (LegalBasis(basis=LawfulBasis.CONTRACT),) if basis else ()
    return ProcessingActivity(
        id=id, name=id, purposes=(Purpose(name=purpose, legal_bases=bases),), notes=notes
    )


def _register() -> Register:
    """No notes in activities 0, 2 and 3 (3 is ``urgent``): one defect, three places."""
    return Register(
        controller=Controller(name="Exemple SAS"),
        language="fr",
        activities=(
            _activity("a"),
            _activity("b", notes="ok"),
            _activity("c"),
            _activity("urgent"),
        ),
    )


TEXT = gdprkit.dumps(_register())


def _line(path: tuple[str | int, ...]) -> int:
    from gdprkit.render.findings import locate

    return locate(TEXT, [path])[path]


def test_one_defect_in_three_places_is_one_finding() -> None:
    report = gdprkit.validate(_register(), profiles=(PROFILE,), select=("DEFT00",))
    (grouped,) = report.by_rule("DEFT001")
    assert grouped.location == ("activities", 0)
    assert grouped.also_at == (("activities", 2), ("activities", 3))
    assert grouped.also_at_paths == ("activities[2]", "activities[3]")
    assert grouped.places == (("activities", 0), ("activities", 2), ("activities", 3))
    assert grouped.message == "No notes are kept on this activity."
    # the worst severity of the places, and every provision they cite
    assert grouped.severity is Severity.ERROR
    assert grouped.articles == ("Test policy 1", "Test policy 1(b)")
    # without a key, one finding per place
    assert [f.path for f in report.by_rule("DEFT002")] == [
        "activities[0]",
        "activities[2]",
        "activities[3]",
    ]
    assert all(f.also_at == () for f in report.by_rule("DEFT002"))
    # counts count defects
    assert len(report) == 4
    assert (report.count(Severity.ERROR), report.count(Severity.INFO)) == (1, 3)
    # a grouped finding is at each of its places
    assert grouped in report.at("activities", 3)
    assert grouped not in report.at("activities", 1)


def test_filtering_by_article_uses_each_findings_own_citations() -> None:
    report = gdprkit.validate(_register(), profiles=(PROFILE,), select=("DEFT00",))
    assert [f.rule for f in report.citing("Test policy 1(b)")] == ["DEFT001"]
    assert [f.rule for f in report.citing("Test policy 1")] == ["DEFT001"]
    assert len(report.citing("Test policy 2")) == 3
    assert report.citing("Test policy") == ()  # "Test policy 1" is not a part of it
    assert report.citing("Test policy 1(a)") == ()


def test_the_text_of_a_grouped_finding_says_where_else() -> None:
    report = gdprkit.check(TEXT, profiles=(PROFILE,), select=("DEFT001",), fail_on=None)
    (grouped,) = report
    assert str(grouped).endswith("\n  also at activities[2]; activities[3]")
    with pytest.raises(ValidationFailed) as raised:
        report.raise_for_errors()
    lines = (_line(("activities", 2)), _line(("activities", 3)))
    assert f"also at activities[2], line {lines[0]}; activities[3], line {lines[1]}" in str(
        raised.value
    )


def _cli(tmp_path: Path, *argv: str) -> tuple[int, str]:
    path = tmp_path / "register.json"
    path.write_text(TEXT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(
        ["validate", "--profile", PROFILE, "--select", "DEFT001", *argv, str(path)],
        stdout=out,
        stderr=err,
    )
    assert err.getvalue() == ""
    return code, out.getvalue()


def test_json_output_lists_the_other_places_with_their_lines(tmp_path: Path) -> None:
    code, out = _cli(tmp_path, "--format", "json")
    assert code == 1
    document = json.loads(out)
    (finding,) = document["files"][0]["findings"]
    assert finding["path"] == "activities[0]"
    assert finding["line"] == _line(("activities", 0))
    assert finding["also_at"] == [
        {"path": "activities[2]", "line": _line(("activities", 2))},
        {"path": "activities[3]", "line": _line(("activities", 3))},
    ]
    assert document["summary"]["findings"] == 1


def test_text_output_says_also_at_with_lines(tmp_path: Path) -> None:
    _, out = _cli(tmp_path, "--format", "text")
    two, three = _line(("activities", 2)), _line(("activities", 3))
    assert f"also at activities[2], line {two}; activities[3], line {three}" in out
    assert "1 finding (1 error" in out


def test_sarif_output_has_related_locations(tmp_path: Path) -> None:
    _, out = _cli(tmp_path, "--format", "sarif")
    log = json.loads(out)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, [e.message for e in errors]
    (result,) = log["runs"][0]["results"]
    related = result["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2]
    assert [r["logicalLocations"][0]["fullyQualifiedName"] for r in related] == [
        "activities[2]",
        "activities[3]",
    ]
    regions = [r["physicalLocation"]["region"] for r in related]
    assert [r["startLine"] for r in regions] == [_line(("activities", 2)), _line(("activities", 3))]
    assert all(r["startColumn"] >= 1 for r in regions)
    assert "Also at 2 other places" in result["message"]["text"]


def test_the_review_report_lists_the_other_places() -> None:
    report = gdprkit.validate(_register(), profiles=(PROFILE,), select=("DEFT001",))
    markdown = render_report(_register(), report, format="markdown")
    assert "also at `activities[2]`, `activities[3]`" in markdown
    html = render_report(_register(), report, format="html", lang="fr")
    assert "également à <code>activities[2]</code>, <code>activities[3]</code>" in html


def test_a_grouped_finding_is_accepted_by_its_first_place() -> None:
    register = _register()
    report = gdprkit.validate(register, profiles=(PROFILE,), select=("DEFT001",))
    (entry,) = baseline_entries(report, register, justification="j", decided_by="DPO")
    assert (entry.activity, entry.path) == ("a", "")
    accepted = apply_acceptances(report, register, baseline=(entry,))
    assert accepted.findings == ()
    assert accepted.accepted[0].finding.also_at == (("activities", 2), ("activities", 3))
    # an acceptance naming another place matches no finding: reported, not silently used
    other = AcceptedFinding(rule="DEFT001", activity="c", justification="j", decided_by="DPO")
    stale = apply_acceptances(report, register, baseline=(other,))
    assert sorted(f.rule for f in stale.findings) == ["ACCEPT001", "DEFT001"]
    (unused,) = stale.by_rule("ACCEPT001")
    assert "reported with the same defect's finding at activities[0]" in unused.message


def test_a_specific_finding_inside_the_general_ones_element_supersedes_it() -> None:
    register = Register(
        controller=Controller(name="Exemple SAS"),
        activities=(
            _activity("a", notes="ok", basis=False),  # specific finding inside: general dropped
            _activity("b", notes="ok", basis=False, purpose="hidden"),  # no specific finding
            _activity("c", notes="ok"),
            _activity("d", notes="ok", basis=False, purpose="hidden"),
        ),
    )
    report = gdprkit.validate(register, profiles=(PROFILE,), select=("DEFT01",))
    assert [(f.rule, f.path) for f in report] == [
        ("DEFT011", "activities[0].purposes[0]"),
        ("DEFT010", "activities[1]"),
    ]
    # the general defect keeps the places no specific finding covers
    assert report.by_rule("DEFT010")[0].also_at == (("activities", 3),)
    # without the specific rule, the general one is reported at every place
    alone = gdprkit.validate(register, profiles=(PROFILE,), select=("DEFT010",))
    assert alone.by_rule("DEFT010")[0].places == (
        ("activities", 0),
        ("activities", 1),
        ("activities", 3),
    )


@rule(
    code="DEFT020",
    name="defecttest-basis-detail",
    title="A lawful basis says more (general, on a detail)",
    severity="info",
    articles=("Test policy 20",),
    on=Purpose,
    profile=PROFILE,
    rationale="A general finding inside the specific finding's element.",
)
def basis_detail(purpose: Purpose, context: Context) -> Iterator[Violation]:
    if not purpose.legal_bases:
        yield Violation(path=("legal_bases",), message="Say more about the basis.")


@rule(
    code="DEFT021",
    name="defecttest-activity-basis",
    title="An activity's purposes have a basis (specific, on the activity)",
    severity="error",
    articles=("GDPR Art. 6(1)",),
    on=ProcessingActivity,
    profile=PROFILE,
    rationale="The specific finding, on the enclosing element.",
    supersedes=("DEFT020",),
)
def activity_basis(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    if any(not p.legal_bases for p in activity.purposes):
        yield Violation(message="A purpose has no basis.")


def test_a_general_finding_inside_the_specific_ones_element_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile = Profile(name=PROFILE, title="Defect test rules", rules=(basis_detail, activity_basis))
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))
    register = Register(
        controller=Controller(name="Exemple SAS"), activities=(_activity("a", basis=False),)
    )
    report = gdprkit.validate(register, profiles=(PROFILE,))
    assert [(f.rule, f.path) for f in report] == [
        ("DEFT021", "activities[0]"),
        ("DEFT020", "activities[0].purposes[0].legal_bases"),
    ]


@rule(
    code="DEFT030",
    name="defecttest-unhashable-key",
    title="A rule whose defect key is a list",
    severity="warning",
    articles=("Test policy 30",),
    on=ProcessingActivity,
    profile=PROFILE,
    rationale="A list cannot be a dictionary key.",
)
def unhashable(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    yield Violation(message="Grouped by a list.", defect=["no", activity.notes])


def test_a_defect_key_that_cannot_be_hashed_is_an_error_naming_the_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile = Profile(name=PROFILE, title="Defect test rules", rules=(unhashable,))
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))
    with pytest.raises(TypeError, match=r"rule DEFT030 \(defecttest-unhashable-key\)") as caught:
        gdprkit.validate(_register(), profiles=(PROFILE,))
    assert "['no', None]" in str(caught.value)
    assert "tuple" in str(caught.value)
