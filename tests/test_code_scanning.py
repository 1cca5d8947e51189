"""SARIF for GitHub code scanning: stable fingerprints, a minimum severity, the
results cap, register-level findings on the controller block, columns."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import gdprkit
from gdprkit import cli
from gdprkit.examples import example_path
from gdprkit.render.findings import FINGERPRINT, SARIF_MAX_RESULTS


DATA = Path(__file__).resolve().parent / "data"
BASE = ("validate", "--profile", "gdpr", "--profile", "cnil", "--as-of", "2026-11-22")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run([*BASE, *argv], stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def sarif(*argv: str) -> tuple[dict[str, Any], str]:
    _, out, err = run("--format", "sarif", "--fail-on", "never", *argv)
    log = json.loads(out)
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, errors[0].message
    return log, err


def fingerprints(log: dict[str, Any]) -> dict[str, str]:
    """Fingerprint → logical path of each result."""
    found = {}
    for result in log["runs"][0]["results"]:
        key = result["partialFingerprints"][FINGERPRINT]
        assert key not in found, "fingerprints are unique within a run"
        found[key] = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    return found


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fingerprints_survive_moved_lines_and_a_new_activity(workdir: Path) -> None:
    text = example_path("offisante").read_text(encoding="utf-8")
    Path("register.json").write_text(text, encoding="utf-8")
    before, _ = sarif("register.json")
    # the same register, reindented (every line moves) and with a new first activity (a copy
    # of one that uses the general rights: a copy of an activity whose own list lacks a right
    # would become the first place of that one defect, which its finding is named by)
    data = json.loads(text)
    # (nor the recipients and data of the activity it copies: a new first activity
    # repeating a defect, the same processor or retention sentence, would become the first
    # place of that defect's one finding, and so its location)
    new = dict(data["activities"][2], id="new-activity", recipients=[], data_categories=[])
    data["activities"].insert(0, new)
    Path("register.json").write_text(json.dumps(data, indent=4, ensure_ascii=False), "utf-8")
    after, _ = sarif("register.json")
    old, new = fingerprints(before), fingerprints(after)
    assert len(new) > len(old)
    # every finding of before keeps its fingerprint, though its line and its index moved
    assert set(old) <= set(new)
    moved = [key for key in old if old[key] != new[key]]
    assert moved
    assert all(old[key].startswith("activities[") for key in moved)


def test_fingerprints_differ_by_file(workdir: Path) -> None:
    text = example_path("offisante").read_text(encoding="utf-8")
    Path("a.json").write_text(text, encoding="utf-8")
    Path("b.json").write_text(text, encoding="utf-8")
    log, _ = sarif("a.json", "b.json")
    keys = fingerprints(log)
    assert len(keys) == len(log["runs"][0]["results"])


def test_min_severity(workdir: Path) -> None:
    path = str(example_path("offisante"))
    everything, _ = sarif(path)
    errors, _ = sarif("--min-severity", "error", path)
    levels = {r["level"] for r in everything["runs"][0]["results"]}
    assert levels >= {"error", "warning"}
    assert {r["level"] for r in errors["runs"][0]["results"]} == {"error"}
    assert len(errors["runs"][0]["results"]) == sum(
        1 for r in everything["runs"][0]["results"] if r["level"] == "error"
    )
    # below the minimum does not count towards --fail-on either
    code, out, _ = run("--min-severity", "error", "--fail-on", "warning", path)
    assert code == 1
    assert "warning" not in out.split("Checked")[0]
    code, _, _ = run("--min-severity", "error", "--fail-on", "warning",
                     str(example_path("offisante-corrected")))  # fmt: skip
    assert code == 0


def test_the_cap_keeps_the_most_severe_and_says_so(workdir: Path) -> None:
    path = str(example_path("offisante"))
    everything, _ = sarif(path)
    results = everything["runs"][0]["results"]
    errors = [r for r in results if r["level"] == "error"]
    log, err = sarif("--max-results", str(len(errors)), path)
    run_ = log["runs"][0]
    assert [r["partialFingerprints"] for r in run_["results"]] == [
        r["partialFingerprints"] for r in errors
    ]
    left_out = len(results) - len(errors)
    (note,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith(f"{left_out} of {len(results)} findings left out")
    assert "25,000" in note["message"]["text"]
    assert "--min-severity" in note["message"]["text"]
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert f"warning: {left_out} of {len(results)} findings left out" in err
    assert SARIF_MAX_RESULTS == 25_000


def test_register_level_findings_point_at_the_controller(workdir: Path) -> None:
    data = gdprkit.to_dict(gdprkit.load(example_path("offisante-corrected")))
    # GDPR621 (no EU representative) is about the whole register; a missing
    # top-level member too has no line of its own
    data["controller"]["country"] = "US"
    del data["supervisory_authority"]
    text = json.dumps(data, indent=2, ensure_ascii=False)
    Path("r.json").write_text(text, encoding="utf-8")
    log, _ = sarif("r.json")
    controller = text.splitlines().index('  "controller": {') + 1
    top_level = [
        r
        for r in log["runs"][0]["results"]
        if "." not in r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        and "[" not in r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    ]
    assert {r["ruleId"] for r in top_level} >= {"GDPR621"}
    for result in top_level:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": controller, "startColumn": 3}


def test_columns_point_at_the_element(workdir: Path) -> None:
    data = gdprkit.to_dict(gdprkit.load(example_path("offisante")))
    text = json.dumps(data, ensure_ascii=False)  # one line
    Path("one-line.json").write_text(text, encoding="utf-8")
    log, _ = sarif("one-line.json")
    for result in log["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == 1
        path = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        tail = text[region["startColumn"] - 1 :]
        last = path.rsplit(".", 1)[-1].split("[")[0]
        assert tail.startswith((f'"{last}"', "{", '"controller"')), (path, tail[:30])


def test_stdin_filename_is_the_location(workdir: Path) -> None:
    text = example_path("offisante").read_text(encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    cli.run(
        [*BASE, "--format", "sarif", "--fail-on", "never", "--stdin-filename",
         "registers/offisante.json", "-"],
        stdout=out, stderr=err, stdin=io.StringIO(text),
    )  # fmt: skip
    log = json.loads(out.getvalue())
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"registers/offisante.json"}
