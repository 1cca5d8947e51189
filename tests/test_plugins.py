"""Third-party profiles: the example package of "Writing rules and profiles"
(``examples/plugin``), installed, is found through the ``gdprkit.plugins``
entry point group by the library and the command line; ``--plugin`` loads a
module or a file."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

import gdprkit
from gdprkit import (
    Controller,
    CountryCode,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Recipient,
    Register,
    Transfer,
    TransferMechanism,
)
from gdprkit.rules import ENTRY_POINT_GROUP
from tests.conftest import ROOT


EXAMPLE = ROOT / "examples" / "plugin"
AS_OF = dt.date(2026, 1, 1)


def install(site: Path) -> Path:
    """Install the example package into *site* as an installer lays it out: the
    package, and a ``.dist-info`` whose entry points are those its
    ``pyproject.toml`` declares."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(EXAMPLE / "acme_gdpr", site / "acme_gdpr")
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    groups = project["entry-points"]
    lines = [
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
        for group, points in groups.items()
    ]
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    return site


def register() -> Register:
    """One activity without an owner, transferring to the United States without
    the group DPO's approval."""
    activity = ProcessingActivity(
        id="crm",
        name="CRM",
        purposes=(Purpose(name="Clients", legal_bases=(LegalBasis(basis=LawfulBasis.CONTRACT),)),),
        recipients=(Recipient(name="Hosting Inc."),),
        transfers=(
            Transfer(
                recipient="Hosting Inc.",
                country=CountryCode("US"),
                mechanism=TransferMechanism.SCC_2021,
                tia_reference="TIA-1",
            ),
            Transfer(recipient="Hosting Inc.", country=CountryCode("NO")),
        ),
    )
    return Register(controller=Controller(name="ACME SA"), activities=(activity,))


def test_the_example_declares_the_entry_point_group() -> None:
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"][ENTRY_POINT_GROUP] == {"acme": "acme_gdpr:PROFILE"}


def test_an_installed_profile_is_found_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="unknown profile 'acme'"):
        gdprkit.validate(register(), profiles="acme")
    monkeypatch.syspath_prepend(str(install(tmp_path)))
    report = gdprkit.validate(register(), profiles="acme", as_of=AS_OF)
    assert report.profiles == ("gdpr", "acme")  # acme extends gdpr
    acme = [(f.rule, f.severity.value, f.path) for f in report if f.rule.startswith("ACME")]
    assert acme == [
        ("ACME001", "warning", "activities[0]"),
        ("ACME002", "error", "activities[0].transfers[0].reference"),
    ]
    assert any(f.rule.startswith("GDPR") for f in report)
    assert {r.code for r in gdprkit.all_rules()} >= {"ACME001", "ACME002", "GDPR101"}


def test_the_command_line_finds_an_installed_profile(tmp_path: Path) -> None:
    site = install(tmp_path / "site")
    target = tmp_path / "register.json"
    target.write_text(gdprkit.dumps(register()), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")])}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gdprkit", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )

    listed = run("rules", "--profile", "acme")
    assert listed.returncode == 0, listed.stderr
    assert "ACME002" in listed.stdout
    checked = run(
        "validate", "--profile", "acme", "--as-of", "2026-01-01", "--format", "json", str(target)
    )
    assert checked.returncode == 1, checked.stderr  # ACME002 is an error
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    assert {f["rule"] for f in findings} >= {"ACME001", "ACME002"}


def test_plugin_option_loads_the_same_profile_from_a_file(tmp_path: Path) -> None:
    from gdprkit import cli

    target = tmp_path / "register.json"
    target.write_text(gdprkit.dumps(register()), encoding="utf-8")
    out = tmp_path / "out.json"
    plugin = str(EXAMPLE / "acme_gdpr" / "__init__.py")
    argv = ["validate", "--plugin", plugin, "--profile", "acme", "--format", "json"]
    argv += ["--as-of", "2026-01-01", "-o", str(out), str(target)]
    assert cli.run(argv) == 1
    findings = json.loads(out.read_text(encoding="utf-8"))["files"][0]["findings"]
    assert {f["rule"] for f in findings} >= {"ACME001", "ACME002"}


def test_the_docs_page_shows_the_tested_example() -> None:
    page = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    assert '--8<-- "examples/plugin/acme_gdpr/__init__.py"' in page
    assert '--8<-- "examples/plugin/pyproject.toml"' in page
    assert ENTRY_POINT_GROUP in page


def test_a_plugin_offers_only_its_own_loose_rules() -> None:
    import types

    from gdprkit.rules import profiles_in
    from gdprkit.rules.packs.gdpr import lawfulness

    module = types.ModuleType("importer")
    module.borrowed = lawfulness.purpose_without_lawful_basis  # type: ignore[attr-defined]
    assert profiles_in(module) == ()
    assert [p.name for p in profiles_in(types.ModuleType("empty"))] == []
