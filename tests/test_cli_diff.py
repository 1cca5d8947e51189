"""``gdprkit diff``: files, standard input and git versions; exit status like diff's;
the GitHub Actions workflow of the docs runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_cli import invoke


DATA = ROOT / "tests" / "data" / "diff"
BEFORE = DATA / "offisante-before.json"
AFTER = DATA / "offisante-after.json"
AS_OF = "2026-01-15"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *argv],  # noqa: S607 - git from PATH
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose main branch holds the old version as register.json,
    with the new version in the working tree."""
    _git(tmp_path, "init", "-q", "-b", "main")
    shutil.copy(BEFORE, tmp_path / "register.json")
    _git(tmp_path, "add", "register.json")
    _git(tmp_path, "commit", "-q", "-m", "register")
    shutil.copy(AFTER, tmp_path / "register.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@needs_git
@pytest.mark.parametrize(
    ("format_", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")]
)
def test_a_git_version_against_the_working_tree(repo: Path, format_: str, suffix: str) -> None:
    result = invoke(
        "diff", "main:register.json", "register.json", "--as-of", AS_OF, "--format", format_
    )
    assert result.code == 1
    assert result.err == ""
    assert result.out == (DATA / f"offisante.diff.{suffix}").read_text(encoding="utf-8")


@needs_git
@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("main:nothing.json", "fatal: path 'nothing.json' does not exist in 'main'"),
        ("nobranch:register.json", "fatal: invalid object name 'nobranch'"),
    ],
)
def test_git_errors_are_clear(repo: Path, spec: str, reason: str) -> None:
    result = invoke("diff", spec, "register.json")
    assert result.code == 2
    assert result.err.startswith(f"gdprkit diff: error: cannot read {spec} from git: {reason}")
    assert result.out == ""


@needs_git
def test_a_git_version_that_is_not_a_register(repo: Path) -> None:
    (repo / "notes.json").write_text("[]", encoding="utf-8")
    _git(repo, "add", "notes.json")
    _git(repo, "commit", "-q", "-m", "notes")
    result = invoke("diff", "main:notes.json", "register.json")
    assert result.code == 2
    assert result.err.startswith("main:notes.json: ")


def test_a_file_whose_name_has_a_colon_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(BEFORE, tmp_path / "v1:register.json")
    result = invoke("diff", "v1:register.json", str(BEFORE), "--no-findings")
    assert (result.code, result.err) == (0, "")


def test_nothing_changed_exits_0() -> None:
    result = invoke("diff", str(BEFORE), str(ROOT / "examples/registers/offisante-corrected.json"))
    assert result.code == 0
    assert "No change in the register." in result.out


def test_one_side_from_standard_input() -> None:
    result = invoke(
        "diff", "-", str(AFTER), "--format", "json", "--no-findings", stdin=BEFORE.read_bytes()
    )
    assert result.code == 1
    document = json.loads(result.out)
    assert document["old"] == "<stdin>"
    assert "findings" not in document
    assert len(document["changes"]) == 4


def test_both_sides_from_standard_input_is_refused() -> None:
    result = invoke("diff", "-", "-")
    assert result.code == 2
    assert "only one side" in result.err


def test_a_bad_input_exits_2_with_its_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1}', encoding="utf-8")
    result = invoke("diff", str(broken), str(AFTER))
    assert result.code == 2
    assert result.err.startswith(f"{broken}: controller: ")
    assert result.out == ""


def test_an_unknown_profile_is_a_usage_error() -> None:
    result = invoke("diff", str(BEFORE), str(AFTER), "--profile", "nope")
    assert result.code == 2
    assert "unknown profile 'nope'" in result.err


def test_output_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "diff.md"
    result = invoke("diff", str(BEFORE), str(AFTER), "--format", "markdown", "-o", str(out))
    assert (result.code, result.out) == (1, "")
    assert out.read_text(encoding="utf-8").startswith("<!-- gdprkit-diff -->\n")


# -- the workflow of docs/diff.md -----------------------------------------------------------


def _workflow() -> dict[str, object]:
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    blocks = re.findall(r'^```yaml title="\.github/workflows/[^"]+"\n(.*?)^```', page, re.M | re.S)
    assert len(blocks) == 1
    workflow: dict[str, object] = yaml.safe_load(blocks[0])
    return workflow


def test_the_workflow_parses() -> None:
    workflow = _workflow()
    # YAML reads a bare `on` as true: GitHub reads the same file the same way.
    assert workflow[True] == {"pull_request": {"paths": ["register.json"]}}  # type: ignore[index]
    steps = workflow["jobs"]["diff"]["steps"]  # type: ignore[index]
    assert steps[-1]["uses"].startswith("marocchino/sticky-pull-request-comment@")
    assert steps[-1]["with"]["path"] == "register-diff.md"
    assert steps[-1]["if"] == "steps.diff.outputs.changed == 'true'"


@needs_git
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_workflow_diff_step_runs(repo: Path, tmp_path: Path) -> None:
    step = next(s for s in _workflow()["jobs"]["diff"]["steps"] if s.get("id") == "diff")  # type: ignore[index]
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what actions/checkout fetches
    output = tmp_path / "github-output"
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_OUTPUT": str(output),
        "BASE_REF": "main",
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],  # noqa: S607 - as the runner runs it
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == "changed=true\n"
    comment = (repo / "register-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- gdprkit-diff -->\n### Register changes\n")
    assert "new transfer to Hébergeur de sauvegarde aux États-Unis in US under scc-2021" in comment


def test_the_json_output_names_renamed_elements() -> None:
    examples = ROOT / "examples" / "registers"
    result = invoke(
        "diff",
        str(examples / "offisante.json"),
        str(examples / "offisante-corrected.json"),
        "--no-findings",
        "--format",
        "json",
    )
    assert result.code == 1
    kinds = {change["kind"] for change in json.loads(result.out)["changes"]}
    assert {"purpose-reworded", "data-category-renamed", "recipient-renamed"} <= kinds
