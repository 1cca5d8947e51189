"""Installing gdprkit: the README's commands, CI's script, the example registers
shipped inside the package (from a checkout and from the wheel)."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import gdprkit
from gdprkit import examples
from tests.conftest import ROOT


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
REGISTERS = ROOT / "examples" / "registers"


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```console\n(.*?)\n```$", section, re.MULTILINE | re.DOTALL)


def test_the_readme_quick_start_has_two_commands_and_ci_runs_the_second() -> None:
    setup, tests = quick_start()
    assert "\n" not in setup
    assert "\n" not in tests
    # the first creates and activates a virtual environment before installing anything
    steps = [s.strip() for s in setup.split("&&")]
    assert steps[0] == "python3 -m venv .venv"
    assert steps[1] == ". .venv/bin/activate"
    assert steps[2] == "python -m pip install ."
    assert steps[3].startswith("gdprkit validate ")
    assert steps[3].split()[-1] == "examples/registers/offisante.json"
    # CI runs the README's test command, as written
    assert f"\n{tests}\n" in CI


def test_the_readme_python_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (code,) = re.findall(r"^```python\n(.*?)^```$", README, re.MULTILINE | re.DOTALL)
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102 - our own README
    out = capsys.readouterr().out
    assert "error GDPR101 purpose-without-lawful-basis at " in out
    assert out.endswith(" errors\n")


def test_no_page_installs_from_the_package_index() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found = 0
    for page in pages:
        for paragraph in re.split(r"\n\s*\n", page.read_text(encoding="utf-8")):
            for command in re.findall(r"pip install\s+([^`\n]+)", paragraph):
                if command.strip("'\"").startswith("gdprkit") and "git+" not in command:
                    found += 1
                    # only ever as what will work once published, or what does not work yet
                    text = " ".join(paragraph.lower().split())
                    assert "once" in text or "not on the python package index" in text, (
                        f"{page.name}: {paragraph}"
                    )
    assert found  # the pages do say what will work then


def test_ci_runs_the_readme_first_command_in_a_clean_clone() -> None:
    step = CI.split("README quick start, first command", 1)[1].split("\nstep ", 1)[0]
    assert 'split("## Quick start", 1)' in step  # the command is read from the README
    assert 'git clone -q . "$clone"' in step
    assert 'bash -euo pipefail -c "$quick_start"' in step
    assert "env -u VIRTUAL_ENV" in step  # outside CI's own environment


def test_ci_builds_checks_and_smoke_tests_the_wheel() -> None:
    assert "python -m build --outdir" in CI
    assert "twine check --strict" in CI
    smoke = CI.split("smoke test", 1)[1]
    assert 'python3 -m venv "$smoke/venv"' in smoke
    assert 'pip install "$wheel"' in smoke
    assert 'cd "$smoke"' in smoke  # outside the checkout: the examples come from the wheel
    assert "gdprkit examples offisante" in smoke
    assert "gdprkit init" in smoke


def test_the_examples_come_from_the_checkout() -> None:
    names = examples.example_names()
    assert names == tuple(sorted(p.stem for p in REGISTERS.glob("*.json")))
    for name in names:
        assert examples.example_path(name).samefile(REGISTERS / f"{name}.json")
    assert examples.load_example("cooptalis") == gdprkit.load(REGISTERS / "cooptalis.json")
    with pytest.raises(ValueError, match="no example register named 'x'"):
        examples.example_path("x")
    with pytest.raises(ValueError, match="no example register"):
        examples.example_path("../registers/offisante")


def test_the_wheel_is_configured_to_ship_them() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"] == {"examples/registers": "gdprkit/example_registers"}
    assert examples._INSTALLED.name == "example_registers"


@pytest.mark.slow
def test_the_built_packages_hold_the_examples(tmp_path: Path) -> None:
    """Build the sdist and the wheel (from the sdist, as pip does) and read the
    examples from the unpacked wheel, outside the checkout."""
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    for register in REGISTERS.glob("*.json"):
        assert any(n.endswith(f"/examples/registers/{register.name}") for n in names)
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)  # noqa: S202 - the wheel this test just built
        for register in REGISTERS.glob("*.json"):
            packed = archive.read(f"gdprkit/example_registers/{register.name}")
            assert packed == register.read_bytes()
        assert "gdprkit/templates/starter.json" in archive.namelist()
    code = (
        "import gdprkit.examples as e; "
        "print(e.example_path('offisante').parent.name, len(e.example_names()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["example_registers", str(len(list(REGISTERS.glob("*.json"))))]
