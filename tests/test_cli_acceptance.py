"""``gdprkit baseline`` and ``validate --baseline``: accepted findings on the command line,
in the text, JSON and SARIF outputs, and in the register report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit.model import AcceptedFinding, Register
from gdprkit.render.report import render_report
from tests.rules.gdpr_cases import CASES
from tests.test_cli import invoke


AS_OF = "2026-11-22"


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    """A register with one error: its first purpose has no lawful basis (GDPR101)."""
    path = tmp_path / "register.json"
    gdprkit.dump(CASES["GDPR101"].bad(), path)
    return path


def _accepting(register: Register) -> Register:
    entry = AcceptedFinding(
        rule="GDPR101",
        activity="customers",
        path="purposes[0]",
        justification="Assessed with counsel: contract basis confirmed in the draft terms.",
        decided_by="Claire Martin, DPO",
        until=dt.date(2026, 12, 31),
    )
    return attrs.evolve(register, accepted_findings=(entry,))


def test_a_baseline_turns_a_failing_register_green_until_it_changes(failing: Path) -> None:
    assert invoke("validate", str(failing), "--as-of", AS_OF).code == 1
    baseline = failing.parent / "baseline.json"
    result = invoke(
        "baseline", str(failing), "--as-of", AS_OF, "--decided-by", "DPO", "-o", str(baseline)
    )
    assert result.code == 0
    assert result.err == "Baseline: 1 finding accepted.\n"
    (entry,) = json.loads(baseline.read_text("utf-8"))["accepted_findings"]
    assert entry["rule"] == "GDPR101"
    assert (entry["activity"], entry["path"], entry["decided_by"]) == (
        "customers",
        "purposes[0]",
        "DPO",
    )
    green = invoke("validate", str(failing), "--as-of", AS_OF, "--baseline", str(baseline))
    assert green.code == 0
    assert "Checked 1 register: no findings; 1 accepted." in green.out
    assert "accepted GDPR101 purpose-without-lawful-basis at activities[0].purposes[0]" in green.out
    # The element changes: the finding is back.
    register = gdprkit.load(failing)
    purpose = attrs.evolve(register.activities[0].purposes[0], name="Another purpose")
    gdprkit.dump(
        attrs.evolve(
            register, activities=(attrs.evolve(register.activities[0], purposes=(purpose,)),)
        ),
        failing,
    )
    back = invoke("validate", str(failing), "--as-of", AS_OF, "--baseline", str(baseline))
    assert back.code == 1
    assert "but the element has changed since: assess it again." in back.out


def test_an_accepted_finding_is_a_sarif_suppression_and_fails_after_its_date(
    failing: Path,
) -> None:
    gdprkit.dump(_accepting(gdprkit.load(failing)), failing)
    result = invoke("validate", str(failing), "--as-of", AS_OF, "--format", "sarif")
    assert result.code == 0
    (sarif_result,) = json.loads(result.out)["runs"][0]["results"]
    assert sarif_result["ruleId"] == "GDPR101"
    assert sarif_result["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "accepted by Claire Martin, DPO until 2026-12-31: "
            "Assessed with counsel: contract basis confirmed in the draft terms.",
        }
    ]
    later = invoke("validate", str(failing), "--as-of", "2027-01-01", "--format", "sarif")
    assert later.code == 1
    (sarif_result,) = json.loads(later.out)["runs"][0]["results"]
    assert "suppressions" not in sarif_result
    assert "only until 2026-12-31" in sarif_result["message"]["text"]


def test_baseline_entries_are_external_suppressions(failing: Path) -> None:
    baseline = failing.parent / "baseline.json"
    invoke("baseline", str(failing), "--as-of", AS_OF, "-o", str(baseline))
    result = invoke(
        "validate", str(failing), "--as-of", AS_OF, "--baseline", str(baseline), "--format", "sarif"
    )
    (sarif_result,) = json.loads(result.out)["runs"][0]["results"]
    assert sarif_result["suppressions"][0]["kind"] == "external"
    assert "(baseline)" in sarif_result["suppressions"][0]["justification"]


def test_json_output_lists_accepted_findings_apart(failing: Path) -> None:
    gdprkit.dump(_accepting(gdprkit.load(failing)), failing)
    document = json.loads(
        invoke("validate", str(failing), "--as-of", AS_OF, "--format", "json").out
    )
    assert document["summary"]["accepted"] == 1
    assert document["summary"]["findings"] == 0
    (file,) = document["files"]
    assert file["ok"] is True
    (accepted,) = file["accepted"]
    assert accepted["rule"] == "GDPR101"
    assert accepted["line"] is not None
    assert accepted["acceptance"] == {
        "justification": "Assessed with counsel: contract basis confirmed in the draft terms.",
        "decided_by": "Claire Martin, DPO",
        "until": "2026-12-31",
        "source": "register",
    }


def test_unused_acceptances_are_reported_with_their_rule_in_sarif(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    gdprkit.dump(_accepting(CASES["GDPR101"].good()), path)
    result = invoke("validate", str(path), "--as-of", AS_OF, "--format", "sarif")
    assert result.code == 0
    run = json.loads(result.out)["runs"][0]
    (sarif_result,) = run["results"]
    assert sarif_result["ruleId"] == "ACCEPT001"
    assert sarif_result["level"] == "note"
    assert run["tool"]["driver"]["rules"][sarif_result["ruleIndex"]]["id"] == "ACCEPT001"


def test_a_broken_baseline_is_a_usage_error(failing: Path) -> None:
    baseline = failing.parent / "baseline.json"
    baseline.write_text('{"baseline_version": 1, "accepted_findings": [{"rule": "GDPR101"}]}')
    result = invoke("validate", str(failing), "--baseline", str(baseline))
    assert result.code == 2
    assert (
        f"{baseline}: accepted_findings[0].justification: required field is missing" in result.err
    )
    missing = invoke("validate", str(failing), "--baseline", str(failing.parent / "none.json"))
    assert missing.code == 2
    assert "cannot read the file" in missing.err


def test_the_report_shows_accepted_findings_in_both_languages(failing: Path) -> None:
    register = _accepting(gdprkit.load(failing))
    report = gdprkit.validate(register, as_of=dt.date(2026, 11, 22))
    english = render_report(register, report, format="markdown", lang="en")
    assert "## Accepted findings" in english
    assert "**accepted by Claire Martin, DPO until 31 December 2026**" in english
    french = render_report(register, report, format="markdown", lang="fr")
    assert "## Constats acceptés" in french
    assert "accepté par Claire Martin, DPO jusqu’au 31 décembre 2026" in french
