"""The command line in a project: the configuration file, `examples` and `init`."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

import gdprkit
import gdprkit.rules
from gdprkit import cli
from gdprkit.examples import example_names, example_path


def invoke(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "registers").mkdir()
    shutil.copy(example_path("offisante"), tmp_path / "registers" / "offisante.json")
    (tmp_path / "package.json").write_text("{}", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'compliance'\n\n"
        "[tool.gdprkit]\n"
        'files = ["registers/*.json"]\n'
        'profiles = ["gdpr", "cnil"]\n'
        "as_of = 2026-11-22\n"
        'ignore = ["GDPR610"]\n'
        'fail_on = "warning"\n'
        '\n[tool.gdprkit.severity]\nGDPR103 = "info"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_reads_the_configuration(project: Path) -> None:
    code, out, err = invoke("validate", "--format", "json")
    assert err == ""
    assert code == 1
    document = json.loads(out)
    assert document["as_of"] == "2026-11-22"
    assert document["profiles"] == ["gdpr", "cnil"]
    assert document["fail_on"] == "warning"
    (entry,) = document["files"]
    assert entry["file"] == "registers/offisante.json"
    rules = {f["rule"] for f in entry["findings"]}
    assert "GDPR610" not in rules
    assert "CNIL301" in rules
    assert {f["severity"] for f in entry["findings"] if f["rule"] == "GDPR103"} == {"info"}
    # the same verdict as gdprkit.validate_files()
    (result,) = gdprkit.validate_files()
    assert result.report is not None
    assert [f["rule"] for f in entry["findings"]] == [f.rule for f in result.report.findings]


def test_options_win_over_the_configuration(project: Path) -> None:
    code, out, _ = invoke(
        "validate", "--profile", "gdpr", "--fail-on", "never", "--format", "json",
        "--as-of", "2026-01-01", "registers/offisante.json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert (document["as_of"], document["profiles"]) == ("2026-01-01", ["gdpr"])
    assert not any(f["rule"].startswith("CNIL") for f in document["files"][0]["findings"])
    code, out, _ = invoke("validate", "--no-config", "--format", "json", "registers/offisante.json")
    assert json.loads(out)["profiles"] == ["gdpr"]
    assert json.loads(out)["fail_on"] == "error"


def test_configuration_errors_exit_2(project: Path) -> None:
    (project / "gdprkit.toml").write_text('profiles = "gdpr"\n', encoding="utf-8")
    code, out, err = invoke("validate")
    assert code == 2
    assert out == ""
    assert err == (
        f"gdprkit validate: error: {project / 'gdprkit.toml'}: profiles: "
        "expected a list of strings\n"
    )
    code, _, err = invoke("validate", "--config", "missing.toml")
    assert code == 2
    assert "missing.toml: cannot read the configuration" in err
    (project / "gdprkit.toml").write_text('files = ["nothing/*.json"]\n', encoding="utf-8")
    code, _, err = invoke("validate")
    assert code == 2
    assert "no file matches the patterns" in err


def test_no_register_and_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("validate")
    assert code == 2
    assert "no register given, and no files = [...] patterns" in err


def test_examples_lists_and_writes(tmp_path: Path) -> None:
    code, out, _ = invoke("examples")
    assert code == 0
    for name in example_names():
        assert name in out
    assert re.search(r"^offisante +7 activities +OffiSanté$", out, re.MULTILINE)
    assert re.search(r"^cooptalis +1 activity +Cooptalis Group$", out, re.MULTILINE)
    target = tmp_path / "copy.json"
    code, out, _ = invoke("examples", "offisante", "--output", str(target))
    assert (code, out) == (0, "")
    assert target.read_bytes() == example_path("offisante").read_bytes()
    code, out, _ = invoke("examples", "cooptalis")
    assert gdprkit.loads(out) == gdprkit.load(example_path("cooptalis"))
    code, _, err = invoke("examples", "nope")
    assert code == 2
    assert "no example register named 'nope' (known: cooper, " in err


def test_init_writes_a_register_that_validates_clean(tmp_path: Path) -> None:
    target = tmp_path / "registers" / "acme.register.json"
    code, out, _ = invoke("init", str(target))
    assert code == 0
    assert f"Wrote {target}" in out
    code, out, _ = invoke(
        "validate", "--no-config", "--profile", "gdpr,cnil", "--fail-on", "info", str(target)
    )
    assert (code, out) == (0, "Checked 1 register: no findings.\n")
    target.write_text("mine", encoding="utf-8")
    code, _, err = invoke("init", str(target))
    assert code == 2
    assert "exists; give --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert invoke("init", "--force", str(target))[0] == 0
    code, _, err = invoke("init", "--force", str(tmp_path))
    assert code == 2
    assert "is a directory; name the register file to create" in err
    assert gdprkit.load(target).activities[0].id == "customer-management"


def test_report_reads_the_configuration(project: Path) -> None:
    code, out, _ = invoke("report", "registers/offisante.json", "--format", "markdown")
    assert code == 0
    assert "CNIL301" in out  # the configuration's cnil profile ran
    assert "GDPR610" not in out  # and its ignore applied
    code, out, _ = invoke(
        "report", "--no-config", "registers/offisante.json", "--format", "markdown"
    )
    assert "CNIL301" not in out
    assert "GDPR610" in out


def test_rules_and_explain_know_the_plugins_of_the_configuration(project: Path) -> None:
    (project / "house_rules.py").write_text(
        "from gdprkit.rules import Violation, rule\n"
        "@rule(code='HOUSE101', name='house-nothing', severity='info', profile='house',\n"
        "      articles=('GDPR Art. 5(2)',), title='Nothing', rationale='A house rule.')\n"
        "def nothing(register, context):\n"
        "    return iter(())\n",
        encoding="utf-8",
    )
    (project / "gdprkit.toml").write_text('plugins = ["house_rules.py"]\n', encoding="utf-8")
    try:
        code, out, _ = invoke("rules", "--profile", "house")
        assert code == 0
        assert "HOUSE101" in out
        code, out, _ = invoke("explain", "house-nothing")
        assert (code, out.splitlines()[0]) == (0, "HOUSE101 house-nothing")
    finally:
        for name in [m for m in sys.modules if m.startswith("_gdprkit_plugin_house_rules_")]:
            del sys.modules[name]
    assert invoke("rules", "--no-config", "--profile", "house")[0] == 2
