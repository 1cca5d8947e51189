"""``gdprkit import --from fides`` and ``gdprkit export --format fides``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

import gdprkit
from tests.conftest import ROOT
from tests.test_cli import invoke


ACME = ROOT / "tests" / "data" / "fides" / "acme-systems.yml"


def test_import_by_extension_with_warnings(tmp_path: Path) -> None:
    out = tmp_path / "register.json"
    result = invoke("import", str(ACME), "-o", str(out))
    assert result.code == 0
    assert result.out == ""
    warnings = result.err.splitlines()
    assert len(warnings) == 7
    assert all(line.startswith("warning: ") for line in warnings)
    assert "warning: system[1].vendor_id: not mapped: the register has no equivalent" in warnings
    register = gdprkit.load(out)
    assert len(register.activities) == 3


def test_import_from_standard_input_then_export_to_standard_output() -> None:
    imported = invoke("import", "--from", "fides", "-", stdin=ACME.read_bytes())
    assert imported.code == 0
    exported = invoke("export", "-", "--format", "fides", "-o", "-", stdin=imported.out.encode())
    assert exported.code == 0
    document = yaml.safe_load(exported.out)
    assert [s["fides_key"] for s in document["system"]] == [
        "demo_analytics_system",
        "demo_marketing_system.marketing.communications.email",
        "demo_marketing_system.personalize.content.profiling",
    ]
    assert "warning: activities[0]: not kept: notes, sources\n" in exported.err


def test_export_by_extension(tmp_path: Path) -> None:
    register = tmp_path / "register.json"
    register.write_text(invoke("import", str(ACME)).out, encoding="utf-8")
    out = tmp_path / "systems.yaml"
    result = invoke("export", str(register), "-o", str(out))
    assert (result.code, result.out) == (0, "")
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["organization"][0]["name"] == (
        "Acme Incorporated"
    )


def test_a_bad_manifest_exits_2_with_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("system:\n  - {fides_key: s, privacy_declarations: [{data_categories: []}]}\n")
    result = invoke("import", str(bad))
    assert result.code == 2
    assert f"{bad}: system[0].privacy_declarations[0].data_use: required\n" in result.err
    assert result.out == ""


def test_hostile_keys_do_not_reach_the_terminal_raw(tmp_path: Path) -> None:
    manifest = ACME.read_text(encoding="utf-8").replace(
        "    vendor_id: gvl.755", '    "\\e[2Jvendor\\u202e": gvl.755'
    )
    hostile = tmp_path / "hostile.yml"
    hostile.write_text(manifest, encoding="utf-8")
    result = invoke("import", str(hostile))
    assert result.code == 0
    assert "\x1b" not in result.err
    assert "\u202e" not in result.err
    assert "system[1].\\x1b[2Jvendor\\u202e: not read" in result.err


def test_without_pyyaml_the_command_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    result = invoke("import", str(ACME))
    assert result.code == 2
    assert "gdprkit's 'fides' extra" in result.err


def test_export_refuses_to_replace_its_input(tmp_path: Path) -> None:
    # The Fides export went around the check the other exports make: the
    # register was replaced by its manifest without --in-place.
    register = tmp_path / "register.json"
    text = invoke("import", str(ACME)).out
    register.write_text(text, encoding="utf-8")
    result = invoke("export", str(register), "--format", "fides", "-o", str(register))
    assert result.code == 2
    assert "writing it would replace it" in result.err
    assert register.read_text(encoding="utf-8") == text
