"""The API an application uses: check or raise, positions, one text for a finding."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

import gdprkit
from gdprkit import Severity, ValidationFailed
from gdprkit.examples import example_path, starter_text
from gdprkit.render.findings import FileResult, format_text, locate
from gdprkit.rules.findings import Position, format_finding


AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def flawed_text() -> str:
    return example_path("offisante").read_text(encoding="utf-8")


def test_check_returns_the_report_of_a_register_that_passes() -> None:
    report = gdprkit.check(starter_text(), profiles=("gdpr", "cnil"), as_of=AS_OF)
    assert report.ok
    assert report.profiles == ("gdpr", "cnil")


def test_check_raises_a_typed_error_that_carries_the_report(flawed_text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        gdprkit.check(flawed_text, profiles=("gdpr", "cnil"), as_of=AS_OF)
    failed = caught.value
    expected = gdprkit.validate(
        gdprkit.loads(flawed_text), profiles=("gdpr", "cnil"), as_of=AS_OF
    ).findings
    assert failed.report.findings == expected
    assert failed.findings == failed.report.errors
    assert failed.findings
    message = str(failed)
    assert message.startswith(f"register has {len(failed.findings)} findings of severity error")
    assert str(failed.findings[0]).splitlines()[1].strip() in message


def test_fail_on_warning_and_never(flawed_text: str) -> None:
    register = gdprkit.loads(flawed_text)
    report = gdprkit.check(register, as_of=AS_OF, fail_on="never")
    assert report.errors
    with pytest.raises(ValidationFailed) as caught:
        gdprkit.check(register, as_of=AS_OF, select=["GDPR3"], ignore=[], fail_on="warning")
    assert {f.severity for f in caught.value.findings} <= {Severity.ERROR, Severity.WARNING}
    assert caught.value.findings == caught.value.report.failing("warning")


def test_raise_for_errors_chains_and_the_exception_pickles(flawed_text: str) -> None:
    clean = gdprkit.validate(gdprkit.loads(starter_text()), as_of=AS_OF)
    assert clean.raise_for_errors() is clean
    report = gdprkit.validate(gdprkit.loads(flawed_text), as_of=AS_OF)
    with pytest.raises(ValidationFailed) as caught:
        report.raise_for_errors()
    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own object
    assert copy.report == report
    assert str(copy) == str(caught.value)


def test_the_message_of_a_long_failure_is_capped() -> None:
    finding = gdprkit.Finding(
        rule="X001", name="x", severity=Severity.ERROR, location=("controller",), message="m"
    )
    report = gdprkit.Report(findings=(finding,) * 50, as_of=AS_OF)
    message = str(ValidationFailed(report))
    assert message.count("X001") == 20
    assert "and 30 more" in message


def test_warnings_and_infos_partition_the_findings(flawed_text: str) -> None:
    report = gdprkit.validate(gdprkit.loads(flawed_text), profiles=("gdpr", "cnil"), as_of=AS_OF)
    assert report.warnings
    assert all(f.severity is Severity.WARNING for f in report.warnings)
    assert all(f.severity is Severity.INFO for f in report.infos)
    assert len(report.errors) + len(report.warnings) + len(report.infos) == len(report)


def test_findings_from_text_carry_their_line_and_column(flawed_text: str) -> None:
    report = gdprkit.check(flawed_text, profiles=("gdpr", "cnil"), as_of=AS_OF, fail_on=None)
    lines = flawed_text.splitlines()
    lines_by_location = locate(flawed_text, {f.location for f in report.findings})
    for finding in report.findings:
        where = report.position(finding)
        assert where is not None
        assert where.line == lines_by_location[finding.location]
        if finding.path:
            # the column points at the element's key or at its opening brace
            last = finding.path.rsplit(".", 1)[-1]
            at = lines[where.line - 1][where.column - 1 :]
            assert at.startswith((f'"{last}"', "{", "[", '"')), (finding.path, at)


def test_a_one_line_register_gets_columns() -> None:
    register = gdprkit.loads(starter_text())
    data = gdprkit.to_dict(register)
    data["activities"][0]["purposes"][0]["legal_bases"] = []
    text = json.dumps(data)
    report = gdprkit.check(text, as_of=AS_OF, fail_on=None)
    (finding,) = [f for f in report.errors if f.path.startswith("activities[0].purposes[0]")]
    where = report.position(finding)
    assert where is not None
    assert where.line == 1
    assert text[where.column - 1 :].startswith(('"legal_bases"', "{"))


def test_a_register_object_has_no_positions() -> None:
    register = gdprkit.loads(example_path("offisante").read_text(encoding="utf-8"))
    report = gdprkit.check(register, as_of=AS_OF, fail_on=None)
    assert report.findings
    assert report.position(report.findings[0]) is None


def test_check_reads_a_path_and_refuses_what_is_not_a_register(tmp_path: Path) -> None:
    report = gdprkit.check(example_path("offisante-corrected"), as_of=AS_OF)
    assert report.ok
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1}', encoding="utf-8")
    with pytest.raises(gdprkit.LoadError, match="controller"):
        gdprkit.check(bad)
    with pytest.raises(gdprkit.LoadError):
        gdprkit.check(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="unknown profile 'nope'"):
        gdprkit.check(starter_text(), profiles=["nope"])


def test_str_of_a_finding_is_what_the_command_line_prints(flawed_text: str) -> None:
    report = gdprkit.check(flawed_text, as_of=AS_OF, fail_on=None)
    result = FileResult(
        file="offisante.json",
        report=report,
        lines=tuple(report.positions[f.path].line for f in report.findings),
    )
    text = format_text([result])
    for finding in report.findings:
        located = format_finding(
            finding, report.position(finding), also_at=report.also_at_positions(finding)
        )
        assert "\n".join(f"    {line}" for line in located.splitlines()) in text
        assert format_finding(finding) == str(finding)
    finding = report.findings[0]
    assert str(finding).startswith(f"{finding.severity.value} {finding.rule} {finding.name} at ")


def test_location_text() -> None:
    assert str(Position(3, 7)) == "line 3, column 7"


def test_check_takes_fail_on_from_the_configuration(flawed_text: str) -> None:
    from gdprkit.config import Config

    lenient = Config(fail_on=None, as_of=AS_OF)
    assert gdprkit.check(flawed_text, config=lenient).errors
    strict = Config(fail_on=Severity.WARNING, as_of=AS_OF)
    warned = gdprkit.check(flawed_text, select=["GDPR610"], as_of=AS_OF)  # warnings only
    assert warned.warnings
    assert not warned.errors
    with pytest.raises(ValidationFailed) as caught:
        gdprkit.check(flawed_text, config=strict, select=["GDPR610"])
    assert caught.value.findings == warned.warnings
    # an argument wins over the configuration
    assert gdprkit.check(flawed_text, config=strict, fail_on="never").findings
