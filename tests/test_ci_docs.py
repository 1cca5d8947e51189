"""What docs/ci.md tells a compliance repository to do works: the shipped
pre-commit hooks, the documented pre-commit configurations (run by pre-commit
on a temporary repository, offline) and the GitHub Actions workflow (parsed,
and its gdprkit commands run on a project laid out as the page says)."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gdprkit import cli
from gdprkit.examples import example_path
from tests.conftest import ROOT


yaml = pytest.importorskip("yaml")

PAGE = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
HEX40 = re.compile(r"[0-9a-f]{40}")
GIT = shutil.which("git") or "git"


def block(title: str) -> str:
    (body,) = [body for _, info, body in BLOCK.findall(PAGE) if f'title="{title}"' in info]
    return body


def hooks() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in loaded}


def test_the_shipped_hooks_match_registers_only() -> None:
    shipped = hooks()
    assert set(shipped) == {"gdprkit-validate", "gdprkit-fmt"}
    assert shipped["gdprkit-validate"]["entry"] == "gdprkit validate"
    assert shipped["gdprkit-fmt"]["entry"] == "gdprkit fmt"
    for hook in shipped.values():
        assert hook["language"] == "python"
        pattern = re.compile(hook["files"])
        for name in ("registers/acme.json", "compliance/registers/eu/acme.json", "acme.register.json",
                     "docs/acme.register.json"):  # fmt: skip
            assert pattern.search(name), name
        for name in ("package.json", "tsconfig.json", "registers/acme.json.bak", "registers.json",
                     "src/myregisters/x.json", "acme.register.json.orig"):  # fmt: skip
            assert not pattern.search(name), name
    # the local configuration of the page uses the same commands and patterns
    local = yaml.safe_load(block("local .pre-commit-config.yaml"))["repos"][0]["hooks"]
    for hook in local:
        assert hook["language"] == "system"
        assert hook["entry"] == shipped[hook["id"]]["entry"]
        assert hook["files"] == shipped[hook["id"]]["files"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A compliance repository laid out as the page says: a clean register, the
    configuration of the page, and a package.json the hooks must leave alone."""
    root = tmp_path / "compliance"
    (root / "registers").mkdir(parents=True)
    shutil.copy(example_path("offisante-corrected"), root / "registers" / "offisante.json")
    (root / "pyproject.toml").write_text(block("pyproject.toml"), encoding="utf-8")
    (root / "package.json").write_text('{"name": "site"}\n', encoding="utf-8")
    return root


def _flaw(root: Path) -> None:
    shutil.copy(example_path("present-infini"), root / "registers" / "present-infini.json")


# -- GitHub Actions ---------------------------------------------------------------------------


def test_the_workflow_parses_and_its_commands_run(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workflow = yaml.safe_load(block(".github/workflows/register.yml"))
    assert HEX40.fullmatch(workflow["env"]["GDPRKIT_COMMIT"])
    steps = workflow["jobs"]["gdprkit"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    install, *commands = runs
    # installed from the repository at a pinned commit, never from the package index
    assert install == (
        'python -m pip install "gdprkit @ git+${GDPRKIT_REPOSITORY}@${GDPRKIT_COMMIT}"'
    )
    assert all(command.startswith("gdprkit ") for command in commands)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload"))
    monkeypatch.chdir(project)

    def run_all() -> list[int]:
        codes = []
        for command in commands:
            out, err = io.StringIO(), io.StringIO()
            codes.append(cli.run(shlex.split(command)[1:], stdout=out, stderr=err))
        return codes

    assert run_all() == [0, 0]
    sarif = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    schema = json.loads(
        (ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert sarif["runs"][0]["results"] == []
    _flaw(project)
    assert run_all() == [1, 0]  # the check fails the job; the SARIF step still uploads
    sarif = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert results
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "registers/present-infini.json"
    }
    assert all("partialFingerprints" in r for r in results)


# -- pre-commit -------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [GIT, *args], cwd=cwd, capture_output=True, text=True, check=True, env=_env(cwd)
    )
    return result.stdout.strip()


def _env(cwd: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(cwd.parent),
    )
    return env


def _pre_commit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=_env(cwd),
        timeout=300,
    )


def _repository(root: Path, config: str) -> None:
    (root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")


def _check_hooks(root: Path) -> None:
    clean = _pre_commit(root, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "gdprkit validate" in clean.stdout
    assert "package.json" not in clean.stdout
    _flaw(root)
    _git(root, "add", "-A")
    flawed = _pre_commit(root, "run", "gdprkit-validate", "--all-files")
    assert flawed.returncode == 1, flawed.stdout + flawed.stderr
    # the configuration's profiles ran: a CNIL rule reports on the new register
    assert "registers/present-infini.json" in flawed.stdout
    assert re.search(r"\bCNIL\d{3}\b", flawed.stdout), flawed.stdout


@pytest.fixture
def pre_commit_available() -> None:
    pytest.importorskip("pre_commit")
    if shutil.which(GIT) is None:
        pytest.skip("git is not installed")


@pytest.mark.usefixtures("pre_commit_available")
def test_local_hooks_with_the_system_language(project: Path) -> None:
    _repository(project, block("local .pre-commit-config.yaml"))
    _check_hooks(project)


@pytest.mark.usefixtures("pre_commit_available")
def test_the_shipped_hooks_from_a_clone_at_a_commit(project: Path, tmp_path: Path) -> None:
    """The page's remote configuration, pointed at a local clone of gdprkit's
    hooks at a commit hash, with ``language: system`` as the page suggests: no
    network, and the hooks of this checkout."""
    clone = tmp_path / "gdprkit-clone"
    clone.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", clone / ".pre-commit-hooks.yaml")
    _git(clone, "init", "-q")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "hooks")
    commit = _git(clone, "rev-parse", "HEAD")
    config = yaml.safe_load(block(".pre-commit-config.yaml"))
    (repo,) = config["repos"]
    assert repo["repo"].startswith("https://")
    assert HEX40.fullmatch(str(repo["rev"]))
    repo["repo"], repo["rev"] = str(clone), commit
    for hook in repo["hooks"]:
        hook["language"] = "system"
    _repository(project, yaml.safe_dump(config))
    _check_hooks(project)


@pytest.mark.slow
@pytest.mark.usefixtures("pre_commit_available")
def test_try_repo_installs_the_hooks_from_a_clone(project: Path, tmp_path: Path) -> None:
    """``pre-commit try-repo`` with the shipped ``language: python``: pre-commit
    builds gdprkit from a clone of this checkout in an environment of its own
    (needs the package index for gdprkit's dependencies, hence slow)."""
    clone = tmp_path / "gdprkit-clone"
    _git(tmp_path, "clone", "-q", str(ROOT), str(clone))
    _repository(project, "repos: []\n")
    result = _pre_commit(project, "try-repo", str(clone), "gdprkit-validate", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
