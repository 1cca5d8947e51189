"""The examples in examples/ run and say what they claim."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import gdprkit
from tests.conftest import ROOT


def test_build_register_script(tmp_path: Path) -> None:
    target = tmp_path / "shop.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "build_register.py"), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "loaded back equal" in result.stdout
    assert "newsletter e-mail erased on 2029-01-31" in result.stdout
    register = gdprkit.load(target)
    namespace = runpy.run_path(str(ROOT / "examples" / "build_register.py"))
    assert register == namespace["build"]()
