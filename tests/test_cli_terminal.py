"""In a terminal: a progress line on standard error for long runs, and text output
wrapped on word boundaries to the terminal's width."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit.cli import _progress
from gdprkit.cli._progress import Progress
from gdprkit.render.findings import FileResult, format_text
from gdprkit.rules import Finding, Report, Severity
from tests.rules.gdpr_cases import CASES
from tests.test_cli import invoke


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_waits_a_second_then_redraws_in_place_and_is_erased() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(stream, terminal=True, clock=clock, width=lambda: 80)
    progress.update("checking a.json (1/2)")
    assert stream.getvalue() == ""  # quick work shows nothing
    clock.now += 1.2
    progress.tick()
    assert stream.getvalue() == "\r\x1b[Kgdprkit: checking a.json (1/2) (1 s)"
    clock.now += 2
    progress.update("checking b.json (2/2)")
    assert stream.getvalue().endswith("\r\x1b[Kgdprkit: checking b.json (2/2) (3 s)")
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_the_progress_line_fits_the_terminal() -> None:
    clock, stream = Clock(), io.StringIO()
    progress = Progress(stream, terminal=True, clock=clock, width=lambda: 30, delay=0)
    progress.update("checking a-very-long-register-name.json")
    assert stream.getvalue() == "\r\x1b[Kgdprkit: checking a-very-lon…"


def test_no_progress_line_off_a_terminal() -> None:
    clock, stream = Clock(), io.StringIO()
    with Progress(stream, clock=clock) as progress:
        clock.now += 5
        progress.update("checking a.json")
    assert stream.getvalue() == ""


def test_validate_shows_progress_on_a_terminal_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    path = tmp_path / "register.json"
    gdprkit.dump(CASES["GDPR101"].good(), path)
    err = Terminal()
    from gdprkit import cli

    monkeypatch.setenv("COLUMNS", "200")
    code = cli.run(["validate", str(path)], stdout=io.StringIO(), stderr=err, stdin=io.StringIO())
    assert code == 0
    assert err.getvalue().startswith(f"\r\x1b[Kgdprkit: checking {path} (0 s)")
    assert err.getvalue().endswith("\r\x1b[K")
    # Not a terminal: nothing.
    assert invoke("validate", str(path)).err == ""


LONG = (
    'The transfer of activity "Customer management" to "Support desk provider" in US '
    "relies on the standard contractual clauses of 2021 without a transfer impact "
    "assessment: record the assessment (tia_reference)."
)


def _results() -> list[FileResult]:
    finding = Finding(
        rule="GDPR310",
        name="transfer-without-impact-assessment",
        severity=Severity.WARNING,
        location=("activities", 0, "transfers", 0),
        message=LONG,
        articles=("GDPR Art. 46(1)", "EDPB Recommendations 01/2020"),
    )
    report = Report(findings=(finding,), as_of=dt.date(2026, 1, 1))
    return [FileResult(file="r.json", report=report)]


def test_text_wraps_on_word_boundaries_with_a_hanging_indent() -> None:
    text = format_text(_results(), width=50)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    warning GDPR310"))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("      "):
            break
        assert len(line) <= 50, line
        body.append(line[6:])
    assert len(body) > 3
    # Every word is whole, in order: only spaces became line breaks.
    assert " ".join(body) == LONG + " [GDPR Art. 46(1); EDPB Recommendations 01/2020]"
    # Without a width (not a terminal), one line per message.
    assert f"      {LONG} [GDPR Art. 46(1); EDPB Recommendations 01/2020]" in format_text(
        _results()
    )


def test_a_word_longer_than_the_width_is_not_cut() -> None:
    word = "x" * 70
    report = _results()[0].report
    assert report is not None
    finding = attrs.evolve(report.findings[0], message=f"a {word} b")
    changed = attrs.evolve(report, findings=(finding,))
    text = format_text([FileResult(file="r.json", report=changed)], width=40)
    assert f"      {word}\n" in text


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_in_a_real_terminal_the_output_fits_its_width(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    gdprkit.dump(CASES["GDPR310"].bad(), path)
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "60", "NO_COLOR": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "gdprkit", "validate", str(path), "--as-of", "2026-11-22"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
        timeout=120,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    output = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert process.returncode == 0
    message_lines = [line for line in output.splitlines() if line.startswith("      ")]
    assert len(message_lines) > 2
    assert all(len(line) <= 60 for line in message_lines), output
