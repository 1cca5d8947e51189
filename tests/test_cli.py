"""The command line, driven in-process through ``run()`` and as ``python -m gdprkit``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib
import importlib.metadata
import io
import json
import os
import re
import shlex
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import gdprkit
from gdprkit import __main__ as gdprkit_main
from gdprkit import cli
from gdprkit.cli._common import _Streams
from gdprkit.model import (
    ArchivePhase,
    Controller,
    DataCategory,
    DataKind,
    Duration,
    Event,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
    RetentionRule,
)
from gdprkit.render import MissingDependency, retention
from gdprkit.rules import Profile, Rule, Violation, _catalogue, at, rule
from gdprkit.rules.findings import Report


ROOT = Path(__file__).resolve().parent.parent
PROFILE = "clitest"


# -- helpers --------------------------------------------------------------------------------


@attrs.frozen
class Result:
    code: int
    out: str
    err: str


class _Stdin(io.StringIO):
    """A text stream with a ``buffer`` of bytes, like the real standard input."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._bytes = io.BytesIO(data)

    @property
    def buffer(self) -> io.BytesIO:
        return self._bytes


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def invoke(*argv: str, stdin: bytes | str = b"", stdout: io.StringIO | None = None) -> Result:
    out = stdout if stdout is not None else io.StringIO()
    err = io.StringIO()
    source: io.StringIO = _Stdin(stdin) if isinstance(stdin, bytes) else io.StringIO(stdin)
    code = cli.run(list(argv), stdout=out, stderr=err, stdin=source)
    return Result(code, out.getvalue(), err.getvalue())


def activity(index: int, *, notes: str | None = "ok", basis: bool = True) -> ProcessingActivity:
    bases = (LegalBasis(basis=LawfulBasis.CONTRACT),) if basis else ()
    return ProcessingActivity(
        id=f"activity-{index}",
        name=f"Activité n° {index}",
        purposes=(Purpose(name=f"purpose {index}", legal_bases=bases),),
        notes=notes,
    )


def make_register(*activities: ProcessingActivity, language: str | None = "fr") -> Register:
    return Register(
        controller=Controller(name="Société Exemple"), activities=activities, language=language
    )


def write(path: Path, register: Register) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(gdprkit.dumps(register), encoding="utf-8")
    return path


def clean(tmp_path: Path) -> Path:
    return write(tmp_path / "clean.json", make_register(activity(0), activity(1)))


def flawed(tmp_path: Path, name: str = "flawed.json") -> Path:
    """Activity 1 has no notes (warning) and a purpose without basis (error)."""
    return write(tmp_path / name, make_register(activity(0), activity(1, notes=None, basis=False)))


def _test_rules() -> tuple[Rule, ...]:
    @rule(
        code="CLITEST001",
        name="clitest-activity-notes",
        title="Activities have notes",
        severity="warning",
        articles=("Test policy 1",),
        profile=PROFILE,
        rationale="A test rule: every activity has notes.",
    )
    def notes(register: Register, context: Any) -> Iterator[Violation]:
        for i, item in enumerate(register.activities):
            if not item.notes:
                yield Violation(path=at("activities", i), message=f"{item.id} has no notes")

    @rule(
        code="CLITEST002",
        name="clitest-purpose-basis",
        title="Purposes have a lawful basis",
        severity="error",
        articles=("GDPR Art. 6(1)",),
        profile=PROFILE,
        rationale="A test rule: every purpose has a lawful basis.",
        severity_reason="Processing without a lawful basis is unlawful.",
    )
    def basis(register: Register, context: Any) -> Iterator[Violation]:
        for i, item in enumerate(register.activities):
            for j, purpose in enumerate(item.purposes):
                if not purpose.legal_bases:
                    yield Violation(
                        path=at("activities", i, "purposes", j, "legal_bases"),
                        message=f"{purpose.name} has no lawful basis",
                    )

    @rule(
        code="CLITEST101",
        name="clitest-language",
        title="The register states its language",
        severity="info",
        articles=(),
        profile=PROFILE,
        rationale="A test rule: the register states its language.",
    )
    def language(register: Register, context: Any) -> Iterator[Violation]:
        if register.language is None:
            yield Violation(path=at("language"), message="no language")

    return (notes, basis, language)


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test profile, as an installed package would offer it."""
    profile = Profile(name=PROFILE, title="CLI test rules", rules=_test_rules())
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))


PLUGIN = """
from gdprkit.rules import Violation, at, rule


@rule(code="PLUG001", name="plug-activity-notes", title="Activities have notes",
      severity="error", articles=("Plugin policy",), profile="plugtest",
      rationale="A plugin rule.")
def notes(register, context):
    for i, item in enumerate(register.activities):
        if not item.notes:
            yield Violation(path=at("activities", i), message=f"{item.id} has no notes")
"""


@pytest.fixture
def plugin(tmp_path: Path) -> Iterator[Path]:
    """A plugin file registering the ``plugtest`` profile; removed afterwards."""
    path = tmp_path / "plugin_rules.py"
    path.write_text(PLUGIN, encoding="utf-8")
    yield path
    _forget_plugins("plugtest")


def _forget_plugins(*profiles: str) -> None:
    for name in [n for n in sys.modules if n.startswith("_gdprkit_plugin_")]:
        del sys.modules[name]


# -- global behaviour -----------------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.code == 0
    assert result.out == f"gdprkit {importlib.metadata.version('gdprkit')}\n"


COMMANDS = (
    "validate",
    "schema",
    "rules",
    "explain",
    "fmt",
    "retention",
    "notice",
    "report",
    "diff",
    "export",
    "import",
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: gdprkit {command}")
    assert result.err == ""


def test_top_level_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", result.out, re.MULTILINE), command


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["validate", "--bogus", "x.json"],
        ["validate", "--format", "xml", "x.json"],
        ["validate", "--as-of", "2024-02-30", "x.json"],
        ["validate", "--as-of", "31/01/2024", "x.json"],
        ["validate", "--jobs", "-1", "x.json"],
        ["retention", "x.json", "--event", "birthday=2024-01-01"],
        ["retention", "x.json", "--event", "collection"],
        ["fmt", "--check", "--diff", "x.json"],
        ["export", "x.json"],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    result = invoke(*argv)
    assert result.code == 2
    assert "usage: gdprkit" in result.err
    assert "error:" in result.err
    assert result.out == ""


def test_main_uses_the_process_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["gdprkit", "--version"])
    assert cli.main() == 0
    assert capsys.readouterr().out.startswith("gdprkit ")
    assert cli.main(["validate", "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


# -- validate: outcomes and exit status -----------------------------------------------------


def test_text_output_follows_the_lines_of_the_file_within_each_group() -> None:
    path = ROOT / "examples" / "registers" / "present-infini.json"
    result = invoke("validate", "--profile", "gdpr", "--profile", "cnil", str(path))
    groups: list[list[int]] = []
    for line in result.out.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            groups.append([])  # "  register" or "  activity …"
        found = re.match(r"    (?:error|warning|info) .* line (\d+)$", line)
        if found:
            groups[-1].append(int(found.group(1)))
    assert len(groups) == 4
    assert all(len(lines) > 1 for lines in groups[:2])
    # The purposes (line 18) come before the data (33): the order of the record, not of the paths.
    assert all(lines == sorted(lines) for lines in groups), groups


def test_clean_register_exits_0(tmp_path: Path, rules: None) -> None:
    result = invoke("validate", "--profile", PROFILE, str(clean(tmp_path)))
    assert result.code == 0, result.err
    assert result.out == "Checked 1 register: no findings.\n"
    assert result.err == ""


def test_findings_are_grouped_by_file_and_activity(tmp_path: Path, rules: None) -> None:
    path = write(
        tmp_path / "r.json",
        make_register(activity(0), activity(1, notes=None, basis=False), language=None),
    )
    result = invoke("validate", "--profile", PROFILE, str(path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == str(path)
    assert lines[1] == "  register"
    assert lines[2].startswith("    info CLITEST101 clitest-language at language, line ")
    assert lines[3] == "      no language"
    assert lines[4] == '  activity activity-1 "Activité n° 1" (activities[1])'
    assert lines[5].startswith(
        "    warning CLITEST001 clitest-activity-notes at activities[1], line "
    )
    assert lines[6] == "      activity-1 has no notes [Test policy 1]"
    assert (
        "error CLITEST002 clitest-purpose-basis at activities[1].purposes[0].legal_bases"
        in lines[7]
    )
    assert lines[8] == "      purpose 1 has no lawful basis [GDPR Art. 6(1)]"
    assert lines[-1] == "Checked 1 register: 3 findings (1 error, 1 warning, 1 info)."
    assert "\x1b[" not in result.out  # not a terminal: no colour


def test_text_lines_point_at_the_offending_element(tmp_path: Path, rules: None) -> None:
    path = flawed(tmp_path)
    text = path.read_text(encoding="utf-8").splitlines()
    result = invoke("validate", "--profile", PROFILE, str(path))
    found = dict(re.findall(r"at (\S+), line (\d+)", result.out))
    # activities[1] starts at the '{' before "id": "activity-1"
    id_line = next(i for i, line in enumerate(text, 1) if '"activity-1"' in line)
    assert int(found["activities[1]"]) == id_line - 1
    # legal_bases is missing: the line of its parent, purposes[0]
    name_line = next(i for i, line in enumerate(text, 1) if '"purpose 1"' in line)
    assert int(found["activities[1].purposes[0].legal_bases"]) == name_line - 1


@pytest.mark.parametrize(
    ("basis", "fail_on", "expected"),
    [
        (True, "error", 0),  # a warning alone
        (True, "warning", 1),
        (True, "never", 0),
        (False, "error", 1),  # an error and a warning
        (False, "warning", 1),
        (False, "never", 0),
    ],
)
def test_fail_on(tmp_path: Path, rules: None, basis: bool, fail_on: str, expected: int) -> None:
    path = write(tmp_path / "r.json", make_register(activity(0, notes=None, basis=basis)))
    result = invoke("validate", "--profile", PROFILE, "--fail-on", fail_on, str(path))
    assert result.code == expected, result.out


def test_info_never_fails_at_warning(tmp_path: Path, rules: None) -> None:
    path = write(tmp_path / "r.json", make_register(activity(0), language=None))
    result = invoke("validate", "--profile", PROFILE, "--fail-on", "warning", str(path))
    assert result.code == 0
    assert "1 info" in result.out


def _codes(result: Result) -> set[str]:
    document = json.loads(result.out)
    return {f["rule"] for entry in document["files"] for f in entry["findings"]}


def test_select_and_ignore(tmp_path: Path, rules: None) -> None:
    path = str(flawed(tmp_path))
    base = ("validate", "--profile", PROFILE, "--format", "json", path)
    assert _codes(invoke(*base)) == {"CLITEST001", "CLITEST002"}
    assert _codes(invoke(*base, "--select", "CLITEST001")) == {"CLITEST001"}
    assert _codes(invoke(*base, "--select", "clitest-purpose-basis")) == {"CLITEST002"}
    assert _codes(invoke(*base, "--ignore", "CLITEST0")) == set()
    assert _codes(invoke(*base, "--select", "CLITEST001,CLITEST002", "--ignore", "CLITEST002")) == {
        "CLITEST001"
    }


def test_unknown_selector_and_profile_are_usage_errors(tmp_path: Path, rules: None) -> None:
    path = str(clean(tmp_path))
    result = invoke("validate", "--profile", PROFILE, "--select", "CLITYPO9", path)
    assert result.code == 2
    assert "'CLITYPO9' matches no rule" in result.err
    result = invoke("validate", "--profile", "no-such-profile", path)
    assert result.code == 2
    assert "unknown profile 'no-such-profile'" in result.err
    assert PROFILE in result.err  # the known profiles are listed


def test_as_of_reaches_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dt.date] = []

    @rule(
        code="CLITEST900",
        name="clitest-date-probe",
        title="Records the date",
        severity="info",
        articles=(),
        profile=PROFILE,
        rationale="A probe.",
    )
    def probe(register: Register, context: Any) -> Iterator[Violation]:
        seen.append(context.as_of)
        return iter(())

    profile = Profile(name=PROFILE, title="A probe", rules=(probe,))
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))
    path = str(clean(tmp_path))
    result = invoke(
        "validate", "--profile", PROFILE, "--as-of", "2023-05-17", "--format", "json", path
    )
    assert result.code == 0
    assert seen == [dt.date(2023, 5, 17)]
    assert json.loads(result.out)["as_of"] == "2023-05-17"


# -- validate: JSON -------------------------------------------------------------------------


def test_json_output_format(tmp_path: Path, rules: None) -> None:
    good, bad = clean(tmp_path), flawed(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = invoke(
        "validate", "--profile", PROFILE, "--format", "json", str(good), str(bad), str(broken)
    )
    assert result.code == 2
    document = json.loads(result.out)
    assert list(document) == ["format_version", "as_of", "profiles", "fail_on", "summary", "files"]
    assert document["format_version"] == 1
    assert document["profiles"] == [PROFILE]
    assert document["fail_on"] == "error"
    assert document["summary"] == {
        "files": 3,
        "not_loaded": 1,
        "findings": 2,
        "error": 1,
        "warning": 1,
        "info": 0,
        "accepted": 0,
    }
    first, second, third = document["files"]
    assert first == {
        "file": str(good),
        "ok": True,
        "error": None,
        "findings": [],
        "accepted": [],
    }
    assert second["ok"] is False
    assert second["error"] is None
    finding = second["findings"][0]
    assert list(finding) == [
        "rule",
        "name",
        "severity",
        "path",
        "line",
        "message",
        "articles",
        "also_at",
    ]
    assert finding["also_at"] == []
    assert finding["rule"] == "CLITEST001"
    assert finding["severity"] == "warning"
    assert finding["articles"] == ["Test policy 1"]
    assert isinstance(finding["line"], int)
    assert third["ok"] is False
    assert third["findings"] == []
    assert third["accepted"] == []
    assert third["error"][0]["path"] == ""
    assert third["error"][0]["message"].startswith("invalid JSON")


def test_citing_keeps_the_findings_citing_a_provision(tmp_path: Path, rules: None) -> None:
    path = str(flawed(tmp_path))  # a CLITEST001 warning and a CLITEST002 error
    base = ("validate", "--profile", PROFILE, "--format", "json")

    def rules_of(*citing: str) -> tuple[int, list[str]]:
        result = invoke(*base, *(a for c in citing for a in ("--citing", c)), path)
        return result.code, [f["rule"] for f in json.loads(result.out)["files"][0]["findings"]]

    assert rules_of() == (1, ["CLITEST001", "CLITEST002"])
    # a part of the provision matches, another provision does not
    assert rules_of("GDPR Art. 6") == (1, ["CLITEST002"])
    assert rules_of("GDPR Art. 6(4)") == (0, [])
    # left out of the exit status too: only the warning is kept
    assert rules_of("Test policy 1") == (0, ["CLITEST001"])
    assert rules_of("Test policy 1", "GDPR Art. 6(1)") == (1, ["CLITEST001", "CLITEST002"])
    text = invoke("validate", "--profile", PROFILE, "--citing", "Test policy 1", path)
    assert "CLITEST001" in text.out
    assert "CLITEST002" not in text.out


def test_json_ok_follows_fail_on(tmp_path: Path, rules: None) -> None:
    path = write(tmp_path / "r.json", make_register(activity(0, notes=None)))
    for fail_on, ok in (("error", True), ("warning", False), ("never", True)):
        result = invoke(
            "validate", "--profile", PROFILE, "--format", "json", "--fail-on", fail_on, str(path)
        )
        assert json.loads(result.out)["files"][0]["ok"] is ok


# -- validate: inputs -----------------------------------------------------------------------


def test_directories_are_walked_in_sorted_order(tmp_path: Path, rules: None) -> None:
    root = tmp_path / "registers"
    for name in ("b.json", "a/z.json", "a/b/c.json", "c.JSON"):
        write(root / name, make_register(activity(0)))
    write(root / ".hidden" / "x.json", make_register(activity(0)))
    write(root / ".x.json", make_register(activity(0)))
    (root / "notes.txt").write_text("not a register", encoding="utf-8")
    result = invoke("validate", "--profile", PROFILE, "--format", "json", str(root))
    assert result.code == 0, result.err
    files = [entry["file"] for entry in json.loads(result.out)["files"]]
    expected = [root / "a/b/c.json", root / "a/z.json", root / "b.json", root / "c.JSON"]
    assert files == [str(p) for p in expected]


def test_a_file_named_twice_is_checked_once(tmp_path: Path, rules: None) -> None:
    path = clean(tmp_path)
    result = invoke(
        "validate", "--profile", PROFILE, "--format", "json", str(path), str(tmp_path), str(path)
    )
    assert [e["file"] for e in json.loads(result.out)["files"]] == [str(path)]


def test_one_bad_file_among_good_ones(tmp_path: Path, rules: None) -> None:
    root = tmp_path / "registers"
    clean(root)
    flawed(root, "z-flawed.json")
    (root / "m-bad.json").write_text('{"schema_version": 1, "controller": {"name": 3}}', "utf-8")
    result = invoke("validate", "--profile", PROFILE, str(root))
    assert result.code == 2  # a file could not be loaded: 2 wins over findings
    assert (
        result.err
        == f"{root / 'm-bad.json'}: controller.name: expected a string, got an integer 3\n"
    )
    assert f"{root / 'z-flawed.json'}\n" in result.out  # checked after the bad one
    assert "Checked 2 registers: 2 findings" in result.out
    assert "1 file could not be loaded" in result.out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "invalid JSON: Expecting property name enclosed in double quotes at line 1"),
        (b"[]", "expected a JSON object at the top level"),
        (
            b'{"schema_version": 1, "controller": {"name": "x"}} trailing',
            "invalid JSON: Extra data",
        ),
        (b'{"schema_version": 1, "controller": {"name": "\xe9"}}', "not UTF-8 text: byte 0xe9"),
        (b"", "invalid JSON: Expecting value at line 1, column 1"),
    ],
)
def test_malformed_inputs_exit_2(tmp_path: Path, rules: None, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = invoke("validate", "--profile", PROFILE, str(path))
    assert result.code == 2
    assert result.err.startswith(f"{path}: {message}")
    assert len(result.err.splitlines()) == 1
    assert "Traceback" not in result.err


def test_wrong_types_list_every_problem_with_its_path(tmp_path: Path, rules: None) -> None:
    document = {
        "schema_version": 1,
        "controller": {"name": ["ACME"]},
        "activities": [{"id": "a", "name": "A", "purposes": "none", "colour": "blue"}],
    }
    path = tmp_path / "types.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = invoke("validate", "--profile", PROFILE, str(path))
    assert result.code == 2
    lines = result.err.splitlines()
    assert f"{path}: controller.name: expected a string, got an array ['ACME']" in lines
    assert any(
        line.startswith(f"{path}: activities[0].purposes: expected an array") for line in lines
    )
    assert any(line.startswith(f"{path}: activities[0].colour: unknown field") for line in lines)


def test_missing_path_and_empty_directory(tmp_path: Path, rules: None) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "missing.json"
    result = invoke(
        "validate", "--profile", PROFILE, str(empty), str(missing), str(clean(tmp_path))
    )
    assert result.code == 2
    assert result.err.splitlines() == [
        f"{empty}: no *.json register file in this directory",
        f"{missing}: no such file or directory",
    ]
    assert "Checked 1 register: no findings. 2 files could not be loaded" in result.out


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file(tmp_path: Path, rules: None) -> None:
    path = clean(tmp_path)
    path.chmod(0)
    try:
        result = invoke("validate", "--profile", PROFILE, str(path))
    finally:
        path.chmod(0o644)
    assert result.code == 2
    assert result.err == f"{path}: cannot read the file: Permission denied\n"


def test_unreadable_file_reported_as_the_loader_says(
    tmp_path: Path, rules: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path as above, for runs as root: reading fails with EACCES."""
    path = clean(tmp_path)
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == path.name:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = invoke("validate", "--profile", PROFILE, str(path), str(flawed(tmp_path)))
    assert result.code == 2
    assert result.err == f"{path}: cannot read the file: Permission denied\n"
    assert "flawed.json" in result.out  # the other file is still checked


def test_a_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    result = invoke("retention", str(tmp_path))
    assert result.code == 2
    assert result.err == f"{tmp_path}: is a directory, not a register file\n"


def test_standard_input(tmp_path: Path, rules: None) -> None:
    data = flawed(tmp_path).read_bytes()
    result = invoke("validate", "--profile", PROFILE, "-", stdin=data)
    assert result.code == 1
    assert result.out.startswith("<stdin>\n")
    result = invoke(
        "validate", "--profile", PROFILE, "--stdin-filename", "registers/acme.json", "-", stdin=data
    )
    assert result.out.startswith("registers/acme.json\n")
    # a text stream without a byte buffer works too
    result = invoke("validate", "--profile", PROFILE, "-", stdin=data.decode())
    assert result.code == 1
    result = invoke("validate", "--profile", PROFILE, "-", stdin=b"\xff")
    assert result.code == 2
    assert result.err.startswith("<stdin>: not UTF-8 text")


def test_output_file(tmp_path: Path, rules: None) -> None:
    target = tmp_path / "out" / "findings.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    result = invoke(
        "validate",
        "--profile",
        PROFILE,
        "--format",
        "json",
        "-o",
        str(target),
        str(flawed(tmp_path)),
    )
    assert result.code == 1
    assert result.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["findings"] == 2
    assert [p.name for p in target.parent.iterdir()] == ["findings.json"]  # no temporary left
    fresh = tmp_path / "out" / "fresh.txt"
    assert (
        invoke("validate", "--profile", PROFILE, "-o", str(fresh), str(clean(tmp_path))).code == 0
    )
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o600)
    invoke("validate", "--profile", PROFILE, "-o", str(target), str(clean(tmp_path)))
    assert target.stat().st_mode & 0o777 == 0o600
    result = invoke(
        "validate",
        "--profile",
        PROFILE,
        "-o",
        str(tmp_path / "nowhere" / "x.txt"),
        str(clean(tmp_path)),
    )
    assert result.code == 2
    assert "cannot write" in result.err


def test_colour_only_on_a_terminal_without_no_color(
    tmp_path: Path, rules: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(flawed(tmp_path))
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = invoke("validate", "--profile", PROFILE, path, stdout=_Terminal())
    assert "\x1b[1;31merror\x1b[0m" in result.out
    assert "\x1b[1;33mwarning\x1b[0m" in result.out
    monkeypatch.setenv("NO_COLOR", "1")
    result = invoke("validate", "--profile", PROFILE, path, stdout=_Terminal())
    assert "\x1b[" not in result.out
    monkeypatch.setenv("NO_COLOR", "")  # empty: as if unset (no-color.org)
    result = invoke("validate", "--profile", PROFILE, path, stdout=_Terminal())
    assert "\x1b[" in result.out
    output = tmp_path / "out.txt"
    invoke("validate", "--profile", PROFILE, "-o", str(output), path, stdout=_Terminal())
    assert "\x1b[" not in output.read_text(encoding="utf-8")


# -- plugins and parallel checking ----------------------------------------------------------


def test_plugin_file_and_module(
    tmp_path: Path, plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(flawed(tmp_path))
    result = invoke("validate", "--plugin", str(plugin), "--profile", "plugtest", path)
    assert result.code == 1
    assert "PLUG001" in result.out
    # loading it again (a second run in the same process) is harmless
    assert invoke("validate", "--plugin", str(plugin), "--profile", "plugtest", path).code == 1
    _forget_plugins("plugtest")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "plugin_rules", raising=False)
    result = invoke("explain", "--plugin", "plugin_rules", "PLUG001")
    assert result.code == 0, result.err
    assert result.out.startswith("PLUG001 plug-activity-notes\n")
    monkeypatch.delitem(sys.modules, "plugin_rules")


@pytest.mark.parametrize(
    ("plugin_source", "message"),
    [
        (None, "no such file"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("import gdprkit_no_such_module\n", "ModuleNotFoundError"),
    ],
)
def test_broken_plugins_are_errors(tmp_path: Path, plugin_source: str | None, message: str) -> None:
    path = tmp_path / "broken_plugin.py"
    if plugin_source is not None:
        path.write_text(plugin_source, encoding="utf-8")
    result = invoke("rules", "--plugin", str(path))
    assert result.code == 2
    assert result.err.startswith(f"gdprkit rules: error: cannot load plugin {path}")
    assert message in result.err
    assert not [n for n in sys.modules if n.startswith("_gdprkit_plugin_broken_plugin")]


def test_jobs_keep_the_input_order(tmp_path: Path, plugin: Path) -> None:
    root = tmp_path / "many"
    for i in range(12):
        if i % 5 == 3:
            (root / f"r{i:02}.json").write_text("{", encoding="utf-8")
        else:
            notes = None if i % 2 else "ok"
            write(
                root / f"r{i:02}.json",
                make_register(*(activity(k, notes=notes) for k in range(i + 1))),
            )
    base = (
        "validate",
        "--plugin",
        str(plugin),
        "--profile",
        "plugtest",
        "--format",
        "json",
        str(root),
    )
    serial = invoke(*base)
    parallel = invoke(*base, "--jobs", "2")
    assert serial.code == parallel.code == 2
    assert parallel.out == serial.out
    assert parallel.err == serial.err
    files = [e["file"] for e in json.loads(parallel.out)["files"]]
    assert files == sorted(files)
    assert len(files) == 12
    assert invoke(*base, "--jobs", "0").out == serial.out


def test_jobs_reach_plugin_rules_in_spawned_workers(
    tmp_path: Path, plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that do not inherit the parent's memory import the plugins again."""
    import concurrent.futures
    import functools
    import multiprocessing

    spawning = functools.partial(
        concurrent.futures.ProcessPoolExecutor, mp_context=multiprocessing.get_context("spawn")
    )
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spawning)
    paths = [str(flawed(tmp_path, f"r{i}.json")) for i in range(3)]
    base = ("validate", "--plugin", str(plugin), "--profile", "plugtest", "--format", "json")
    parallel = invoke(*base, "--jobs", "2", *paths)
    assert parallel.code == 1, parallel.err
    assert parallel.out == invoke(*base, *paths).out
    assert json.loads(parallel.out)["summary"]["findings"] == 3


def test_large_register(tmp_path: Path, rules: None) -> None:
    """10,000 activities: loaded, checked and located in one pass."""
    activities = tuple(activity(i, notes=None if i % 10 == 0 else "ok") for i in range(10_000))
    path = write(tmp_path / "large.json", make_register(*activities))
    result = invoke("validate", "--profile", PROFILE, "--format", "sarif", str(path))
    assert result.code == 0  # warnings only
    log = json.loads(result.out)
    results = log["runs"][0]["results"]
    assert len(results) == 1_000
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert lines == sorted(lines)
    assert len(set(lines)) == 1_000
    text = path.read_text(encoding="utf-8").splitlines()
    last = results[-1]
    assert last["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "activities[9990]"
    assert '"activity-9990"' in text[lines[-1]]  # the line after the element's '{'
    text_result = invoke("validate", "--profile", PROFILE, str(path))
    assert "Checked 1 register: 1000 findings (0 errors, 1000 warnings, 0 info)." in text_result.out


# -- failures -------------------------------------------------------------------------------


def _failing_rule(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    @rule(
        code="CLITEST999",
        name="clitest-crash",
        title="Crashes",
        severity="error",
        articles=(),
        profile=PROFILE,
        rationale="A rule with a bug.",
    )
    def crash(register: Register, context: Any) -> Iterator[Violation]:
        raise error

    profile = Profile(name=PROFILE, title="A crash", rules=(*_test_rules(), crash))
    monkeypatch.setattr(_catalogue, "installed", lambda: (profile,))


def test_internal_error_is_one_line(
    tmp_path: Path, rules: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_rule(monkeypatch, ZeroDivisionError("division by zero"))
    path = str(clean(tmp_path))
    monkeypatch.delenv("GDPRKIT_DEBUG", raising=False)
    result = invoke("validate", "--profile", PROFILE, path)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith(
        "gdprkit validate: internal error: ZeroDivisionError: division by zero"
    )
    assert "GDPRKIT_DEBUG=1" in result.err
    monkeypatch.setenv("GDPRKIT_DEBUG", "1")
    result = invoke("validate", "--profile", PROFILE, path)
    assert result.code == 2
    assert "Traceback (most recent call last)" in result.err


def test_keyboard_interrupt_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_rule(monkeypatch, KeyboardInterrupt())
    result = invoke("validate", "--profile", PROFILE, str(clean(tmp_path)))
    assert result.code == 130
    assert "Traceback" not in result.err


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_exits_141(tmp_path: Path, rules: None) -> None:
    result = invoke("validate", "--profile", PROFILE, str(flawed(tmp_path)), stdout=_ClosedPipe())
    assert result.code == 141
    assert result.err == ""


# -- schema, rules, explain -----------------------------------------------------------------


def test_schema(tmp_path: Path) -> None:
    from gdprkit.serialization.schema import json_schema

    result = invoke("schema")
    assert result.code == 0
    assert json.loads(result.out) == json_schema()
    target = tmp_path / "schema.json"
    assert invoke("schema", "--output", str(target)).code == 0
    assert target.read_text(encoding="utf-8") == result.out


def test_schema_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gdprkit.serialization.schema", None)
    result = invoke("schema")
    assert result.code == 2
    assert "JSON Schema generator is not available" in result.err


def test_rules_text_and_json(rules: None) -> None:
    result = invoke("rules", "--profile", PROFILE)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["CODE", "SEVERITY", "PROFILE", "TITLE", "ARTICLES"]
    assert lines[1].split()[:3] == ["CLITEST001", "warning", PROFILE]
    assert lines[1].endswith("Test policy 1")
    assert lines[-1] == "3 rules"
    document = json.loads(invoke("rules", "--profile", PROFILE, "--format", "json").out)
    assert document["format_version"] == 1
    assert [r["code"] for r in document["rules"]] == ["CLITEST001", "CLITEST002", "CLITEST101"]
    assert document["rules"][1] == {
        "code": "CLITEST002",
        "name": "clitest-purpose-basis",
        "title": "Purposes have a lawful basis",
        "severity": "error",
        "severity_reason": "Processing without a lawful basis is unlawful.",
        "articles": ["GDPR Art. 6(1)"],
        "profile": PROFILE,
        "status": "stable",
        "rationale": "A test rule: every purpose has a lawful basis.",
    }
    assert invoke("rules", "--profile", "nope").code == 2


def test_rules_lists_the_built_in_rules(rules: None) -> None:
    document = json.loads(invoke("rules", "--format", "json").out)
    codes = [r["code"] for r in document["rules"]]
    assert codes == sorted(codes)
    assert {"CLITEST001", "CLITEST002", "CLITEST101"} <= set(codes)
    builtin = [r for r in document["rules"] if r["profile"] != PROFILE]
    for entry in builtin:
        assert re.fullmatch(r"[A-Z]+\d{3}", entry["code"])
    gdpr = [r for r in builtin if r["profile"] == "gdpr"]
    assert all(re.fullmatch(r"GDPR\d{3}", r["code"]) for r in gdpr)
    text = invoke("rules").out
    for entry in builtin:
        assert entry["code"] in text


@pytest.mark.parametrize("name", ["CLITEST002", "clitest002", "clitest-purpose-basis"])
def test_explain(rules: None, name: str) -> None:
    result = invoke("explain", name)
    assert result.code == 0
    assert result.out == (
        "CLITEST002 clitest-purpose-basis\n"
        "Purposes have a lawful basis\n"
        "\n"
        "Severity:  error — Processing without a lawful basis is unlawful.\n"
        f"Profile:   {PROFILE}\n"
        "Status:    stable\n"
        "Articles:  GDPR Art. 6(1)\n"
        "\n"
        "A test rule: every purpose has a lawful basis.\n"
    )


def test_explain_json_and_unknown(rules: None) -> None:
    document = json.loads(invoke("explain", "CLITEST101", "--format", "json").out)
    assert document["name"] == "clitest-language"
    assert document["articles"] == []
    result = invoke("explain", "CLITEST02")
    assert result.code == 2
    assert (
        "unknown rule 'CLITEST02'; did you mean CLITEST002 (clitest-purpose-basis)?" in result.err
    )
    result = invoke("explain", "clitest-purpose-bases")
    assert "did you mean CLITEST002 (clitest-purpose-basis)?" in result.err
    result = invoke("explain", "zzzzzzzzzzzz")
    assert result.code == 2
    assert "unknown rule 'zzzzzzzzzzzz'. Run 'gdprkit rules'" in result.err


def test_explain_a_built_in_rule() -> None:
    builtin = gdprkit.all_rules()
    if not builtin:
        pytest.skip("no built-in rules registered yet")
    first = builtin[0]
    result = invoke("explain", first.code)
    assert result.code == 0
    assert result.out.startswith(f"{first.code} {first.name}\n{first.title}\n")
    assert first.rationale.strip() in result.out


# -- fmt ------------------------------------------------------------------------------------


def _non_canonical(path: Path) -> Path:
    document = json.loads(gdprkit.dumps(make_register(activity(0))))
    document["activities"][0]["role"] = "controller"  # a default written out
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


def test_fmt_check_lists_and_writes_nothing(tmp_path: Path) -> None:
    canonical = clean(tmp_path)
    other = _non_canonical(tmp_path / "other.json")
    before = other.read_bytes()
    result = invoke("fmt", "--check", str(canonical), str(other))
    assert result.code == 1
    assert result.out == (
        f"would reformat: {other}\n1 file would be reformatted, 1 file already formatted\n"
    )
    assert other.read_bytes() == before
    assert invoke("fmt", "--check", str(canonical)).code == 0


def test_fmt_rewrites_losslessly_and_idempotently(tmp_path: Path) -> None:
    path = _non_canonical(tmp_path / "r.json")
    path.chmod(0o640)
    original = gdprkit.load(path)
    result = invoke("fmt", str(path))
    assert result.code == 0
    assert result.out == f"reformatted: {path}\n1 file reformatted\n"
    text = path.read_text(encoding="utf-8")
    assert text == gdprkit.dumps(original)
    assert "Activité" in text  # UTF-8 kept as is
    assert gdprkit.load(path) == original
    assert path.stat().st_mode & 0o777 == 0o640
    result = invoke("fmt", str(path))
    assert result.code == 0
    assert result.out == "1 file left unchanged\n"
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_fmt_writes_through_a_symlink(tmp_path: Path) -> None:
    target = _non_canonical(tmp_path / "target.json")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    assert invoke("fmt", str(link)).code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == gdprkit.dumps(gdprkit.load(target))


def test_fmt_diff_and_stdin(tmp_path: Path) -> None:
    path = _non_canonical(tmp_path / "r.json")
    result = invoke("fmt", "--diff", str(path))
    assert result.code == 1
    assert result.out.startswith(f"--- {path}\n+++ {path}\n")
    changed = result.out.splitlines()[2:]
    assert any(line.startswith("-") and '"role": "controller"' in line for line in changed)
    assert not any(line.startswith("+") and '"role"' in line for line in changed)
    canonical = gdprkit.dumps(gdprkit.load(path))
    result = invoke("fmt", "-", stdin=path.read_bytes())
    assert result.code == 0
    assert result.out == canonical
    result = invoke("fmt", "--check", "-", stdin=canonical.encode())
    assert result.code == 0
    # Standard input read as text (no byte buffer): compared as text.
    assert invoke("fmt", "--check", "-", stdin=canonical).code == 0
    assert invoke("fmt", "--check", "-", stdin=path.read_text(encoding="utf-8")).code == 1


def test_fmt_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text("{", encoding="utf-8")
    good = _non_canonical(tmp_path / "b.json")
    result = invoke("fmt", str(tmp_path))
    assert result.code == 2
    assert result.err.startswith(f"{bad}: invalid JSON")
    assert f"reformatted: {good}\n" in result.out


# -- retention ------------------------------------------------------------------------------


def _retention_register() -> Register:
    monthly = RetentionRule(duration=Duration.parse("P1M"), start=Event.COLLECTION)
    archived = RetentionRule(
        duration=Duration.parse("P1Y6M"),
        start=Event.END_OF_CONTRACT,
        archive=ArchivePhase(
            duration=Duration.parse("P10Y"), legal_ground="Code de commerce L123-22"
        ),
        statement="18 mois après la fin du contrat",
    )
    item = ProcessingActivity(
        id="clients",
        name="Gestion des clients",
        data_categories=(
            DataCategory(name="Coordonnées", kind=DataKind.CONTACT, retention=monthly),
            DataCategory(name="Factures", kind=DataKind.ECONOMIC_FINANCIAL, retention=archived),
            DataCategory(
                name="Divers", retention=RetentionRule(statement="aussi longtemps que nécessaire")
            ),
            DataCategory(name="Sans durée"),
        ),
    )
    return make_register(item)


def test_retention_json(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", _retention_register())
    result = invoke(
        "retention", str(path), "--format", "json", "--as-of", "2024-03-01",
        "--event", "collection=2024-01-31", "--event", "end-of-contract=2020-01-15",
    )  # fmt: skip
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["as_of"] == "2024-03-01"
    assert document["events"] == {"collection": "2024-01-31", "end-of-contract": "2020-01-15"}
    first, second, third, fourth = document["rows"]
    assert first["path"] == "activities[0].data_categories[0]"
    assert (first["period"], first["period_words"], first["start"]) == (
        "P1M",
        "1 month",
        "collection",
    )
    assert first["erase_on"] == "2024-02-29"  # calendar month end
    assert first["status"] == "due"
    assert second["period_words"] == "1 year and 6 months"
    assert second["archive"] == "P10Y"
    assert second["archive_legal_ground"] == "Code de commerce L123-22"
    assert second["active_until"] == "2021-07-15"
    assert second["erase_on"] == "2031-07-15"
    assert second["status"] == "archived"
    assert third["status"] == "unbounded"
    assert third["statement"] == "aussi longtemps que nécessaire"
    assert third["erase_on"] is None
    assert fourth["status"] == "not-stated"


def test_retention_status_without_event_dates(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", _retention_register())
    result = invoke("retention", str(path), "--format", "json", "--as-of", "2024-01-01",
                    "--event", "collection=2024-01-31")  # fmt: skip
    rows = json.loads(result.out)["rows"]
    assert rows[0]["status"] == "active"
    assert rows[1]["status"] == "unknown"
    assert rows[1]["erase_on"] is None


def test_retention_text_and_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", _retention_register())
    result = invoke(
        "retention", str(path), "--as-of", "2024-03-01", "--event", "collection=2024-01-31"
    )
    assert result.code == 0
    assert result.out.startswith(
        f"Retention schedule of {path} (as of 2024-03-01)\nEvent dates: collection 2024-01-31\n\n"
        'clients "Gestion des clients"\n'
        "  Coordonnées (contact)\n"
        "    Kept:      P1M (1 month) from collection\n"
        "    Then:      delete\n"
        "    Deletion:  2024-02-29\n"
        "    Status:    due\n"
    )
    assert "Archive:   P10Y (10 years), Code de commerce L123-22" in result.out
    assert "Deletion:  unknown; give --event end-of-contract=YYYY-MM-DD" in result.out
    assert 'Kept:      not bounded ("aussi longtemps que nécessaire")' in result.out
    assert "Kept:      not stated in the register" in result.out
    result = invoke("retention", str(path), "--format", "csv", "--event", "collection=2024-01-31")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == list(retention.COLUMNS)
    assert [r["data_category"] for r in rows] == ["Coordonnées", "Factures", "Divers", "Sans durée"]
    assert rows[0]["erase_on"] == "2024-02-29"


@pytest.mark.parametrize(
    ("command", "module"),
    [("validate", "gdprkit.cli.validate"), ("retention", "gdprkit.render.retention")],
)
def test_the_format_choices_are_the_format_tables(command: str, module: str) -> None:
    parser = cli.build_parser(stdout=io.StringIO(), stderr=io.StringIO())
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in subparsers.choices[command]._actions if a.dest == "format")
    table = importlib.import_module(module).FORMATS
    assert action.choices is not None
    assert list(action.choices) == list(table)


def _parsers_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--profile", "gdpr", "--profile", "cnil", "--format", "json", "r.json"],
        ["retention", "--format", "csv", "r.json"],
        ["fmt", "--check", "a.json", "b.json"],
        ["notice", "--lang", "en", "--activity", "a,b", "r.json"],
    ],
)
def test_the_parser_of_one_command_reads_it_as_the_whole_parser_does(argv: list[str]) -> None:
    streams = _Streams(io.StringIO(), io.StringIO(), None)
    whole = cli.build_parser(stdout=io.StringIO(), stderr=io.StringIO())
    one = cli._build_parser(streams, only=argv[0])
    assert list(_parsers_of(one)) == [argv[0]]
    assert vars(one.parse_args(argv)) == vars(whole.parse_args(argv))


def test_an_unknown_command_is_told_every_command() -> None:
    commands = _parsers_of(cli.build_parser(stdout=io.StringIO(), stderr=io.StringIO()))
    result = invoke("valdate", "r.json")
    assert result.code == 2
    assert "invalid choice: 'valdate'" in result.err
    assert all(repr(name) in result.err for name in commands)
    assert len(commands) > 10


def test_retention_of_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("{}", encoding="utf-8")
    result = invoke("retention", str(path))
    assert result.code == 2
    assert (
        result.err
        == f"{path}: schema_version: required field is missing (this release writes {gdprkit.SCHEMA_VERSION})\n"
    )


# -- the renderers other modules provide ----------------------------------------------------


@pytest.fixture
def fake_modules(monkeypatch: pytest.MonkeyPatch) -> Callable[..., types.ModuleType]:
    def install(name: str, **functions: Any) -> types.ModuleType:
        module = types.ModuleType(f"gdprkit.render.{name}")
        for key, value in functions.items():
            setattr(module, key, value)
        monkeypatch.setitem(sys.modules, f"gdprkit.render.{name}", module)
        return module

    return install


def test_notice_arguments(tmp_path: Path, fake_modules: Callable[..., types.ModuleType]) -> None:
    calls: list[tuple[Register, dict[str, Any]]] = []

    def render_notice(register: Register, **kwargs: Any) -> str:
        calls.append((register, kwargs))
        return "# Notice"

    fake_modules("notice", render_notice=render_notice)
    path = clean(tmp_path)
    result = invoke("notice", str(path))
    assert result.code == 0
    assert result.out == "# Notice\n"
    assert calls[-1] == (
        gdprkit.load(path),
        {
            "lang": "fr",
            "format": "markdown",
            "activities": None,
            "mode": "draft",
            "fragment": False,
        },
    )
    target = tmp_path / "notice.html"
    result = invoke(
        "notice", str(path), "--lang", "en", "--format", "html", "--activity", "activity-1",
        "--activity", "activity-0", "--output", str(target), "--final", "--fragment",
    )  # fmt: skip
    assert result.code == 0
    assert calls[-1][1] == {
        "lang": "en",
        "format": "html",
        "activities": ["activity-1", "activity-0"],
        "mode": "final",
        "fragment": True,
    }
    assert target.read_text(encoding="utf-8") == "# Notice\n"


def test_notice_errors(
    tmp_path: Path, fake_modules: Callable[..., types.ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(register: Register, **kwargs: Any) -> str:
        raise MissingDependency("markdown-it-py", "notice")

    fake_modules("notice", render_notice=refuse)
    path = str(clean(tmp_path))
    result = invoke("notice", path, "--activity", "activity-7")
    assert result.code == 2
    assert "no activity 'activity-7' in the register; did you mean 'activity-1'?" in result.err
    result = invoke("notice", path)
    assert result.code == 2
    assert "python -m pip install markdown-it-py (or gdprkit's 'notice' extra)" in result.err
    monkeypatch.setitem(sys.modules, "gdprkit.render.notice", None)
    result = invoke("notice", path)
    assert result.code == 2
    assert "the privacy notice renderer is not available" in result.err
    assert invoke("notice", str(tmp_path / "missing.json")).code == 2
    assert invoke("notice", path, "--lang", "nl").code == 2


def test_notice_languages_are_the_renderers() -> None:
    from gdprkit.cli import NOTICE_LANGUAGES
    from gdprkit.render.notice import LANGUAGES

    assert NOTICE_LANGUAGES == LANGUAGES


def test_sarif_max_results_default_is_the_renderers() -> None:
    from gdprkit import cli
    from gdprkit.render import findings

    assert cli.SARIF_MAX_RESULTS == findings.SARIF_MAX_RESULTS


def test_a_final_notice_with_gaps_exits_1_and_lists_them(tmp_path: Path) -> None:
    register = tmp_path / "register.json"
    register.write_text(
        '{"schema_version": 2, "controller": {"name": "ACME SAS", "country": "FR"},'
        ' "activities": [{"id": "crm", "name": "Clients", "purposes": [{"name": "Gestion"}]}]}',
        encoding="utf-8",
    )
    result = invoke("notice", str(register), "--final")
    assert result.code == 1
    assert result.out == ""
    assert "activities[0].purposes[0].legal_bases: the lawful basis (GDPR Art. 13(1)(c))" in (
        result.err
    )
    draft = invoke("notice", str(register))
    assert draft.code == 0
    assert "À compléter" in draft.out
    corrected = ROOT / "examples" / "registers" / "offisante-corrected.json"
    final = invoke("notice", str(corrected), "--final", "--lang", "es", "--format", "html")
    assert final.code == 0
    assert final.out.startswith("<!DOCTYPE html>")
    fragment = invoke("notice", str(corrected), "--format", "html", "--fragment")
    assert fragment.out.startswith('<div class="gdprkit-notice" lang="fr">')


def test_report_arguments(
    tmp_path: Path, rules: None, fake_modules: Callable[..., types.ModuleType]
) -> None:
    calls: list[tuple[Register, Report, dict[str, Any]]] = []

    def render_report(register: Register, report: Report, **kwargs: Any) -> str:
        calls.append((register, report, kwargs))
        return "<html></html>\n"

    fake_modules("report", render_report=render_report)
    path = flawed(tmp_path)
    result = invoke("report", str(path), "--profile", PROFILE, "--as-of", "2024-05-01")
    assert result.code == 0  # findings do not change the status of a rendering
    assert result.out == "<html></html>\n"
    register, report, kwargs = calls[-1]
    assert register == gdprkit.load(path)
    assert kwargs == {"format": "html", "lang": "en"}
    assert report.profiles == (PROFILE,)
    assert report.as_of == dt.date(2024, 5, 1)
    assert {f.rule for f in report} == {"CLITEST001", "CLITEST002"}
    invoke("report", str(path), "--profile", PROFILE, "--format", "markdown", "--lang", "fr")
    assert calls[-1][2] == {"format": "markdown", "lang": "fr"}
    assert invoke("report", str(path), "--profile", "nope").code == 2


def test_export_arguments(tmp_path: Path, fake_modules: Callable[..., types.ModuleType]) -> None:
    calls: list[tuple[Register, Path, dict[str, Any]]] = []

    def export_register(register: Register, path: Path, **kwargs: Any) -> tuple[str, ...]:
        calls.append((register, path, kwargs))
        if kwargs["format"] == "ods":
            raise MissingDependency("odfpy", "ods")
        return ("activity-0: 2 purposes merged into one cell",)

    fake_modules("spreadsheet", export_register=export_register)
    path = str(clean(tmp_path))
    result = invoke("export", path, "--output", str(tmp_path / "r.xlsx"))
    assert result.code == 0
    assert result.err == "warning: activity-0: 2 purposes merged into one cell\n"
    assert calls[-1][1:] == (tmp_path / "r.xlsx", {"format": "xlsx"})
    invoke("export", path, "--format", "csv", "--output", str(tmp_path / "r.out"))
    assert calls[-1][2] == {"format": "csv"}
    result = invoke("export", path, "--output", str(tmp_path / "r.txt"))
    assert result.code == 2
    assert "give --format xlsx|csv|ods|docx|html|dpv" in result.err
    result = invoke("export", path, "--output", str(tmp_path / "r.ods"))
    assert result.code == 2
    assert "python -m pip install odfpy (or gdprkit's 'ods' extra)" in result.err


def test_import_arguments(tmp_path: Path, fake_modules: Callable[..., types.ModuleType]) -> None:
    register = make_register(activity(0))
    sheet = tmp_path / "register.xlsx"
    sheet.write_bytes(b"PK")

    def import_register(path: Path) -> tuple[Register, tuple[str, ...]]:
        if path.name == "broken.xlsx":
            raise gdprkit.LoadError(
                [gdprkit.Problem("Activités!B3", "not a lawful basis")], str(path)
            )
        return register, ("row 4: unknown country 'Francia' left out",)

    fake_modules("spreadsheet", import_register=import_register)
    result = invoke("import", str(sheet))
    assert result.code == 0
    assert result.out == gdprkit.dumps(register)
    assert result.err == "warning: row 4: unknown country 'Francia' left out\n"
    target = tmp_path / "out.json"
    assert invoke("import", str(sheet), "--output", str(target)).code == 0
    assert gdprkit.load(target) == register
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK")
    result = invoke("import", str(broken))
    assert result.code == 2
    assert result.err == f"{broken}: Activités!B3: not a lawful basis\n"
    result = invoke("import", str(tmp_path / "missing.xlsx"))
    assert result.code == 2
    assert "no such file" in result.err


def test_missing_spreadsheet_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gdprkit.render.spreadsheet", None)
    result = invoke("export", str(clean(tmp_path)), "--output", str(tmp_path / "r.xlsx"))
    assert result.code == 2
    assert "spreadsheet exporter is not available" in result.err


# -- as a subprocess ------------------------------------------------------------------------


def gdprkit_process(
    *argv: str, cwd: Path | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GDPRKIT_DEBUG")}
    return subprocess.run(
        [sys.executable, "-m", "gdprkit", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=120,
        **kwargs,
    )


def test_subprocess_exit_statuses(tmp_path: Path, plugin: Path) -> None:
    base = ("validate", "--plugin", str(plugin), "--profile", "plugtest")
    version = gdprkit_process("--version")
    assert (version.returncode, version.stdout) == (
        0,
        f"gdprkit {importlib.metadata.version('gdprkit')}\n",
    )
    ok = gdprkit_process(*base, str(clean(tmp_path)))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "Checked 1 register: no findings.\n"
    found = gdprkit_process(*base, str(flawed(tmp_path)))
    assert found.returncode == 1
    assert "PLUG001" in found.stdout
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe")
    broken = gdprkit_process(*base, str(bad))
    assert broken.returncode == 2
    assert broken.stderr == f"{bad}: not UTF-8 text: byte 0xff at offset 0\n"
    usage = gdprkit_process("validate", "--format", "xml", "x.json")
    assert usage.returncode == 2
    assert usage.stderr.startswith("usage: gdprkit validate")
    assert "Traceback" not in broken.stderr + usage.stderr


def test_subprocess_stdin_and_help(tmp_path: Path, plugin: Path) -> None:
    data = flawed(tmp_path).read_text(encoding="utf-8")
    result = gdprkit_process(
        "validate",
        "--plugin",
        str(plugin),
        "--profile",
        "plugtest",
        "--format",
        "json",
        "-",
        input=data,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["files"][0]["file"] == "<stdin>"
    assert gdprkit_process("fmt", "--help").stdout.startswith("usage: gdprkit fmt")


def test_subprocess_broken_pipe(tmp_path: Path, plugin: Path) -> None:
    path = write(
        tmp_path / "r.json", make_register(*(activity(i, notes=None) for i in range(3000)))
    )
    env = {k: v for k, v in os.environ.items() if k != "GDPRKIT_DEBUG"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gdprkit",
            "validate",
            "--plugin",
            str(plugin),
            "--profile",
            "plugtest",
            str(path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) == 141
    assert first == f"{path}\n".encode()
    assert error == b""


def test_console_script_is_declared() -> None:
    scripts = importlib.metadata.entry_points(group="console_scripts")
    (entry,) = [e for e in scripts if e.name == "gdprkit"]
    # A module that catches Ctrl-C before it imports the command line.
    assert entry.value == "gdprkit.__main__:main"
    assert entry.load() is gdprkit_main.main


# -- what the docs and the pre-commit hooks say ---------------------------------------------


def _fenced_blocks(markdown: str) -> list[tuple[str, str]]:
    """``(info string, body)`` of every fenced code block."""
    return re.findall(r"^```([^\n]*)\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


def _commands(markdown: str) -> list[list[str]]:
    found: list[list[str]] = []
    for info, body in _fenced_blocks(markdown):
        if info.startswith("console"):
            found.extend(
                shlex.split(line[2:]) for line in body.splitlines() if line.startswith("$ gdprkit")
            )
        if info.startswith("yaml"):
            found.extend(
                shlex.split(line.strip().removeprefix("run: "))
                for line in body.splitlines()
                if line.strip().startswith("run: gdprkit")
            )
    return found


@pytest.mark.parametrize("page", ["cli.md", "ci.md"])
def test_every_command_in_the_docs_parses(page: str) -> None:
    commands = _commands((ROOT / "docs" / page).read_text(encoding="utf-8"))
    assert commands
    for argv in commands:
        assert argv[0] == "gdprkit"
        if argv[1:] in (["--version"], ["--help"]) or "--help" in argv:
            continue
        parser = cli.build_parser(stdout=io.StringIO(), stderr=io.StringIO())
        args = parser.parse_args(argv[1:])
        assert callable(cli._handler(args)), argv


def test_the_cli_page_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    blocks = {
        m.group(1): body
        for info, body in _fenced_blocks(page)
        if (m := re.search(r'title="([^"]+)"', info))
    }
    for name in ("acme_rules.py", "register.json", "draft.json"):
        (tmp_path / name).write_text(blocks[name], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = [c for c in _commands(page) if "acme_rules.py" in c and c[1] == "validate"]
    assert len(commands) == 2
    try:
        text = invoke(*commands[0][1:])
        as_json = invoke(*commands[1][1:])
    finally:
        _forget_plugins("acme")
    assert text.code == as_json.code == 2
    assert text.out == blocks["text output"]
    assert as_json.out == blocks["JSON output"]
    assert text.err == blocks["standard error"]


def test_retention_with_an_archive_of_unstated_length(tmp_path: Path) -> None:
    retention = RetentionRule(
        until=Event.END_OF_CONTRACT,
        archive=ArchivePhase(legal_ground="délais de prescription applicables"),
    )
    item = ProcessingActivity(
        id="clients",
        name="Gestion des clients",
        data_categories=(DataCategory(name="Factures", retention=retention),),
    )
    path = write(tmp_path / "r.json", make_register(item))
    result = invoke(
        "retention", str(path), "--format", "json", "--as-of", "2026-11-22",
        "--event", "end-of-contract=2024-06-30",
    )  # fmt: skip
    assert result.code == 0, result.err
    (row,) = json.loads(result.out)["rows"]
    assert (row["archive"], row["archive_words"]) == ("unstated", "length not stated")
    assert (row["active_until"], row["erase_on"], row["status"]) == ("2024-06-30", None, "archived")
    text = invoke(
        "retention", str(path), "--as-of", "2024-01-01", "--event", "end-of-contract=2024-06-30"
    ).out
    assert "Archive:   length not stated, délais de prescription applicables\n" in text
    assert "Deletion:  unknown; the archive's length is not stated\n    Status:    active\n" in text


def test_retention_set_by_law_says_so(tmp_path: Path) -> None:
    data = {
        "schema_version": 2,
        "controller": {"name": "Boutique SAS", "country": "FR"},
        "activities": [
            {
                "id": "ventes",
                "name": "Ventes",
                "data_categories": [
                    {
                        "name": "Achats",
                        "retention": {
                            "statement": "pendant la durée de la garantie légale",
                            "legal_reference": "Code de la consommation L217-3",
                        },
                    }
                ],
            }
        ],
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("retention", str(path), "--as-of", "2024-03-01")
    assert result.code == 0
    assert (
        'Kept:      set by law, its figure not stated ("pendant la durée de la garantie légale")'
        in result.out
    )
    assert "Deletion:  unknown; state the period the law sets" in result.out
    assert "Status:    unknown" in result.out


def _described_start(tmp_path: Path) -> Path:
    retention = RetentionRule(
        duration=Duration(years=10),
        start=Event.OTHER,
        start_description="l’expiration de l’autorisation de mise sur le marché",
    )
    item = ProcessingActivity(
        id="vigilance",
        name="Vigilance sanitaire",
        data_categories=(DataCategory(name="Cas de vigilance", retention=retention),),
    )
    return write(tmp_path / "r.json", make_register(item))


def test_retention_from_a_described_event_says_its_date_is_unknown(tmp_path: Path) -> None:
    path = _described_start(tmp_path)
    result = invoke("retention", str(path), "--as-of", "2026-11-22")
    assert result.code == 0, result.err
    assert (
        'Kept:      P10Y (10 years) from "l’expiration de l’autorisation de mise sur le marché"\n'
        in result.out
    )
    assert (
        "Deletion:  unknown; the date of the described event it counts from is not known\n"
        in result.out
    )
    as_json = invoke("retention", str(path), "--format", "json", "--as-of", "2026-11-22")
    (row,) = json.loads(as_json.out)["rows"]
    assert (row["start"], row["start_description"], row["status"]) == (
        "other",
        "l’expiration de l’autorisation de mise sur le marché",
        "unknown",
    )
    assert row["erase_on"] is None


def test_retention_takes_no_date_for_other_events(tmp_path: Path) -> None:
    path = _described_start(tmp_path)
    result = invoke("retention", str(path), "--event", "other=2020-01-01")
    assert result.code == 2
    assert "'other' names no single event" in result.err
