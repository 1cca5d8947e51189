"""SARIF 2.1.0 output, validated against the OASIS schema, and the line locator."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import gdprkit
from gdprkit import cli
from gdprkit.model import Controller, LawfulBasis, LegalBasis, ProcessingActivity, Purpose, Register
from gdprkit.render.findings import SARIF_SCHEMA, locate, positions
from gdprkit.rules import Location, Profile, Violation, _catalogue, at, rule


DATA = Path(__file__).resolve().parent / "data"
PROFILE = "sariftest"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test profile, as an installed package would offer it."""

    @rule(
        code="SARIFT001",
        name="sariftest-notes",
        title="Activities have notes",
        severity="warning",
        articles=("Test policy 1", "GDPR Art. 30(1)"),
        profile=PROFILE,
        rationale="Notes help the DPO.",
    )
    def notes(register: Register, context: Any) -> Iterator[Violation]:
        for i, item in enumerate(register.activities):
            if not item.notes:
                yield Violation(path=at("activities", i), message=f"{item.id} has no notes")

    @rule(
        code="SARIFT002",
        name="sariftest-basis",
        title="Purposes have a lawful basis",
        severity="error",
        articles=("GDPR Art. 6(1)",),
        profile=PROFILE,
        rationale="Processing needs a ground of GDPR Art. 6(1).",
    )
    def basis(register: Register, context: Any) -> Iterator[Violation]:
        for i, item in enumerate(register.activities):
            for j, purpose in enumerate(item.purposes):
                if not purpose.legal_bases:
                    yield Violation(
                        path=at("activities", i, "purposes", j, "legal_bases"),
                        message=f"{purpose.name} has no lawful basis",
                    )

    @rule(
        code="SARIFT003",
        name="sariftest-language",
        title="The register states its language",
        severity="info",
        articles=(),
        profile=PROFILE,
        rationale="Renderers pick labels by language.",
    )
    def language(register: Register, context: Any) -> Iterator[Violation]:
        if register.language is None:
            yield Violation(path=at("language"), message="no language")

    profile = Profile(name=PROFILE, title="SARIF test rules", rules=(notes, basis, language))
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))


REGISTER = """{
  "schema_version": 1,
  "controller": {
    "name": "Exemple SAS"
  },
  "activities": [
    {
      "id": "ok",
      "name": "Fine",
      "purposes": [{"name": "p", "legal_bases": [{"basis": "art6-1-b"}]}],
      "notes": "ok"
    },
    {
      "id": "clients",
      "name": "Clients",
      "purposes": [
        {"name": "billing", "legal_bases": [{"basis": "art6-1-b"}]},
        {
          "name": "marketing"
        }
      ]
    }
  ]
}
"""


def sarif(*argv: str, stdin: str = "") -> tuple[int, dict[str, Any], str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(
        ["validate", "--profile", PROFILE, "--format", "sarif", *argv],
        stdout=out,
        stderr=err,
        stdin=io.StringIO(stdin),
    )
    return code, json.loads(out.getvalue()), err.getvalue()


def test_the_schema_copy_is_the_official_one() -> None:
    notice = (DATA / "sarif-schema-2.1.0.NOTICE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((DATA / "sarif-schema-2.1.0.json").read_bytes()).hexdigest()
    assert f"SHA-256: `{digest}`" in notice
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"] == SARIF_SCHEMA


def test_findings_validate_and_are_located(
    tmp_path: Path,
    rules: None,
    validator: jsonschema.Draft4Validator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "my registers"
    folder.mkdir()
    (folder / "acme.json").write_text(REGISTER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, log, err = sarif("my registers/acme.json")
    assert code == 1
    assert err == ""
    assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SARIF_SCHEMA
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gdprkit"
    assert driver["version"] == gdprkit_version()
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["SARIFT001", "SARIFT002", "SARIFT003"]
    first = driver["rules"][0]
    assert first["name"] == "sariftest-notes"
    assert first["shortDescription"] == {"text": "Activities have notes"}
    assert first["fullDescription"] == {"text": "Notes help the DPO."}
    assert "Notes help the DPO." in first["help"]["text"]
    assert "Test policy 1; GDPR Art. 30(1)" in first["help"]["text"]
    assert "- GDPR Art. 30(1)" in first["help"]["markdown"]
    levels = [r["defaultConfiguration"]["level"] for r in driver["rules"]]
    assert levels == ["warning", "error", "note"]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]

    results = run["results"]
    summary = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        )
        for r in results
    ]
    lines = REGISTER.splitlines()
    clients = lines.index("    {", 7) + 1  # the second activity's '{'
    marketing = next(i for i, line in enumerate(lines, 1) if line == "        {")
    controller = next(i for i, line in enumerate(lines, 1) if '"controller"' in line)
    assert controller > 1
    assert summary == [
        ("SARIFT001", "warning", clients, "activities[1]"),
        ("SARIFT002", "error", marketing, "activities[1].purposes[1].legal_bases"),
        # missing: a finding about the whole register points at its controller block
        ("SARIFT003", "note", controller, "language"),
    ]
    for result in results:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "my%20registers/acme.json"}
        assert result["ruleIndex"] == [r["id"] for r in driver["rules"]].index(result["ruleId"])
    assert results[1]["message"]["text"] == "marketing has no lawful basis (GDPR Art. 6(1))"


def gdprkit_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("gdprkit")


def test_no_findings_and_load_errors(
    tmp_path: Path,
    rules: None,
    validator: jsonschema.Draft4Validator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    register = Register(
        controller=Controller(name="x"),
        language="fr",
        activities=(
            ProcessingActivity(
                id="a",
                name="A",
                notes="n",
                purposes=(
                    Purpose(name="p", legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),)),
                ),
            ),
        ),
    )
    Path("good.json").write_text(gdprkit.dumps(register), "utf-8")
    code, log, _ = sarif("good.json")
    assert code == 0
    assert_valid(validator, log)
    assert log["runs"][0]["results"] == []
    Path("bad.json").write_text('{"schema_version": 1, "controller": {}}', "utf-8")
    code, log, err = sarif("good.json", "bad.json")
    assert code == 2
    assert err == "bad.json: controller.name: required field is missing\n"
    assert_valid(validator, log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "bad.json: controller.name: required field is missing"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.json"


def test_standard_input_and_files_outside_the_working_directory(
    tmp_path: Path,
    rules: None,
    validator: jsonschema.Draft4Validator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(REGISTER, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, log, _ = sarif(str(outside))
    assert code == 1
    assert_valid(validator, log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == outside.as_uri()
    code, log, _ = sarif("-", stdin=REGISTER)
    assert_valid(validator, log)
    first = log["runs"][0]["results"][0]
    assert "physicalLocation" not in first["locations"][0]  # no file to point at
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "activities[1]"
    code, log, _ = sarif("--stdin-filename", "registers/acme.json", "-", stdin=REGISTER)
    assert_valid(validator, log)
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "registers/acme.json"
    assert physical["region"]["startLine"] == 13  # the second activity's "{"


def test_select_limits_the_rules_described(rules: None, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(REGISTER, encoding="utf-8")
    code, log, _ = sarif("--select", "SARIFT002", str(path))
    assert code == 1
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == ["SARIFT002"]
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"SARIFT002"}


def test_built_in_rules_validate(tmp_path: Path, validator: jsonschema.Draft4Validator) -> None:
    """Whatever built-in profiles exist describe themselves validly in SARIF."""
    profiles = sorted({r.profile for r in gdprkit.all_rules()})
    path = tmp_path / "r.json"
    path.write_text(REGISTER, encoding="utf-8")
    out = io.StringIO()
    argv = ["validate", "--format", "sarif", "--fail-on", "never", str(path)]
    for profile in profiles:
        argv += ["--profile", profile]
    assert cli.run(argv, stdout=out, stderr=io.StringIO()) == 0
    log = json.loads(out.getvalue())
    assert_valid(validator, log)
    described = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert sorted(described) == [r.code for r in gdprkit.all_rules(profiles)]


# -- the locator ----------------------------------------------------------------------------

DOCUMENT = """{
  "schema_version": 1,
  "controller": {"name": "x",
    "contact": {
      "email": "a@b.example"
    }
  },
  "activities": [
    {"id": "a", "name": "A"},
    {
      "id": "b",
      "processing_categories": [
        "one",
        "two"
      ],
      "we\\u0069rd": {"key": [[1, 2], {"x": "a \\"quoted\\" [string], {with} : punctuation"}]},
      "after": true
    }
  ]
}"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 1),
        (("schema_version",), 2),
        (("controller",), 3),
        (("controller", "name"), 3),
        (("controller", "contact"), 4),
        (("controller", "contact", "email"), 5),
        (("controller", "contact", "phone"), 4),  # missing: its parent
        (("activities",), 8),
        (("activities", 0), 9),
        (("activities", 0, "name"), 9),
        (("activities", 1), 10),
        (("activities", 1, "id"), 11),
        (("activities", 1, "processing_categories"), 12),
        (("activities", 1, "processing_categories", 0), 13),
        (("activities", 1, "processing_categories", 1), 14),
        (("activities", 1, "processing_categories", 7), 12),
        (("activities", 1, "weird", "key", 1, "x"), 16),
        (("activities", 1, "after"), 17),
        (("activities", 2, "purposes", 0), 8),  # no such activity: the array
        (("dpo", "name"), 1),  # nothing of it: the document
    ],
)
def test_locate(path: Location, line: int) -> None:
    assert locate(DOCUMENT, [path]) == {path: line}


def test_locate_many_paths_at_once() -> None:
    paths: list[Location] = [("activities", 0), ("activities", 1, "id"), ("controller", "name")]
    assert locate(DOCUMENT, paths) == {
        ("activities", 0): 9,
        ("activities", 1, "id"): 11,
        ("controller", "name"): 3,
    }


@pytest.mark.parametrize(
    "text",
    ["", "{", "not json at all", '{"activities": [', '{"a": "unterminated', "]]]}}}", '{"a" "b"}'],
)
def test_locate_is_tolerant(text: str) -> None:
    name = ("activities", 0, "name")
    assert locate(text, [name, ()]) == {name: 1, (): 1}


def test_locate_on_one_line_and_with_crlf() -> None:
    compact = json.dumps(json.loads(DOCUMENT))
    after = ("activities", 1, "after")
    assert locate(compact, [after]) == {after: 1}
    crlf = DOCUMENT.replace("\n", "\r\n")
    assert locate(crlf, [after]) == {after: 17}


def test_positions_give_the_line_and_the_column() -> None:
    locations = [("activities", 1), ("activities", 1, "id"), ("controller", "contact", "email")]
    assert positions(DOCUMENT, [*locations, ("dpo",), ()]) == {
        ("activities", 1): (10, 5),
        ("activities", 1, "id"): (11, 7),
        ("controller", "contact", "email"): (5, 7),
        ("dpo",): (1, 1),
        (): (1, 1),
    }
    compact = json.dumps(json.loads(DOCUMENT))
    assert positions(compact, [("controller",)]) == {("controller",): (1, 23)}


def test_locate_reads_no_further_than_the_locations_it_wants() -> None:
    """What follows the last wanted location is not read: here, it is not even JSON."""
    text = '{\n  "a": 1,\n  "b": [1, 2],\n  "c": [(((('
    assert locate(text, [("a",), ("b", 1)]) == {("a",): 2, ("b", 1): 3}


def test_locate_many_paths_in_a_large_document() -> None:
    """One pass over the text answers every path."""
    items = ",\n".join(f'    {{"id": "a{i}", "name": "n"}}' for i in range(50_000))
    text = f'{{\n  "activities": [\n{items}\n  ]\n}}'
    paths = [("activities", i, "name") for i in range(0, 50_000, 7)]
    found = locate(text, paths)
    assert all(found[("activities", i, "name")] == i + 3 for i in range(0, 50_000, 7))
    assert len(found) == len(paths)
