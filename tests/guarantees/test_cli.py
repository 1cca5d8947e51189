"""The command line: no output replaces an input, no register text acts on the
terminal, no date is out of reach, and a closed pipe is an exit status.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit.model import Duration, RetentionRule
from tests.conftest import sample_register
from tests.test_cli import invoke


CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal from register text (a line feed is gdprkit's own)."""

FORGED = "Chat\n\nChecked 1 register: no findings.\x1b[8m"


def _write(path: Path, register: gdprkit.Register) -> Path:
    gdprkit.dump(register, path)
    return path


# -- an output that is an input --------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("notice", "{reg}", "-o", "{reg}"),
        ("report", "{reg}", "-o", "{reg}"),
        ("retention", "{reg}", "-o", "{reg}"),
        ("validate", "{reg}", "-o", "{reg}"),
        ("validate", "{dir}", "-o", "{reg}"),
        ("export", "{reg}", "--format", "csv", "-o", "{reg}"),
        ("notice", "{reg}", "-o", "{link}"),
    ],
)
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, argv: tuple[str, ...]) -> None:
    reg = _write(tmp_path / "reg.json", sample_register())
    (tmp_path / "link.json").symlink_to(reg)
    before = reg.read_bytes()
    names = {"reg": str(reg), "dir": str(tmp_path), "link": str(tmp_path / "link.json")}
    result = invoke(*(a.format(**names) for a in argv))
    assert result.code == 2
    assert "--in-place" in result.err
    assert reg.read_bytes() == before


def test_import_refuses_to_write_over_its_spreadsheet(tmp_path: Path) -> None:
    sheet = tmp_path / "reg.csv"
    gdprkit.render.spreadsheet.export_register(sample_register(), sheet, format="csv")
    before = sheet.read_bytes()
    result = invoke("import", str(sheet), "-o", str(sheet))
    assert result.code == 2
    assert sheet.read_bytes() == before


def test_in_place_allows_it(tmp_path: Path) -> None:
    reg = _write(tmp_path / "reg.json", sample_register())
    result = invoke("notice", str(reg), "-o", str(reg), "--in-place")
    assert result.code == 0
    assert reg.read_text(encoding="utf-8").startswith("#")


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2024-W01-1", "20240101", "2024-001", "２０２４-01-01"])
def test_as_of_takes_a_calendar_date_only(tmp_path: Path, text: str) -> None:
    reg = _write(tmp_path / "reg.json", sample_register())
    result = invoke("validate", str(reg), "--as-of", text)
    assert result.code == 2
    assert "is not a date as YYYY-MM-DD" in result.err


def _with_retention(duration: str) -> gdprkit.Register:
    register = sample_register()
    activity = register.activities[0]
    category = attrs.evolve(
        activity.data_categories[0],
        retention=RetentionRule(duration=Duration.parse(duration), start=gdprkit.Event.COLLECTION),
    )
    activity = attrs.evolve(activity, data_categories=(category,))
    return attrs.evolve(register, activities=(activity,))


@pytest.mark.parametrize(
    ("duration", "event"), [("P9999999999D", "2024-01-01"), ("P5Y", "9999-01-01")]
)
@pytest.mark.parametrize("format", ["text", "json", "csv"])
def test_retention_past_the_calendar_is_said(
    tmp_path: Path, duration: str, event: str, format: str
) -> None:
    reg = _write(tmp_path / "reg.json", _with_retention(duration))
    result = invoke("retention", str(reg), "--event", f"collection={event}", "--format", format)
    assert result.code == 0, result.err
    assert "past-calendar" in result.out
    if format == "text":
        assert "past the end of the calendar" in result.out


# -- CSV ---------------------------------------------------------------------------------------


def test_retention_csv_neutralises_formulas_and_quotes_carriage_returns(tmp_path: Path) -> None:
    register = sample_register()
    activity = attrs.evolve(register.activities[0], name='=HYPERLINK("https://evil.example")\rx')
    reg = _write(tmp_path / "reg.json", attrs.evolve(register, activities=(activity,)))
    result = invoke("retention", str(reg), "--format", "csv")
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(result.out, newline="")))
    assert len(rows) == 1 + len(activity.data_categories)
    names = {row[2] for row in rows[1:]}
    assert names == {"'" + activity.name}
    # The carriage return is inside a quoted cell: every row has every column.
    assert {len(row) for row in rows} == {19}
    assert '"\'=HYPERLINK(""https://evil.example"")\rx"' in result.out


# -- the terminal ---------------------------------------------------------------------------


def _hostile_register() -> gdprkit.Register:
    register = sample_register()
    activity = register.activities[0]
    category = attrs.evolve(activity.data_categories[0], name=FORGED)
    activity = attrs.evolve(activity, name=FORGED, purposes=(), data_categories=(category,))
    return attrs.evolve(register, activities=(activity,))


def test_validate_text_output_escapes_register_text(tmp_path: Path) -> None:
    reg = _write(tmp_path / "reg.json", _hostile_register())
    result = invoke("validate", str(reg))
    assert not CONTROL.search(result.out)
    summaries = [line for line in result.out.splitlines() if line.startswith("Checked")]
    assert len(summaries) == 1
    assert re.fullmatch(r"Checked 1 register: [0-9]+ findings \(.*\)\.", summaries[0])
    assert "Chat\\n\\nChecked 1 register: no findings.\\x1b[8m" in result.out


def test_retention_text_output_escapes_register_text(tmp_path: Path) -> None:
    reg = _write(tmp_path / "reg.json", _hostile_register())
    result = invoke("retention", str(reg))
    assert result.code == 0
    assert not CONTROL.search(result.out)
    assert "\\x1b[8m" in result.out


def test_load_error_lines_escape_register_text(tmp_path: Path) -> None:
    data = gdprkit.to_dict(sample_register())
    data["controller"]["name"] = 12
    data["controller"]["x\u001b[2J\nforged: line"] = FORGED
    reg = tmp_path / "reg.json"
    reg.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("validate", str(reg))
    assert result.code == 2
    assert not CONTROL.search(result.err)
    lines = result.err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{reg}: controller") for line in lines)


# -- pipes ----------------------------------------------------------------------------------


class _ClosedPipe(io.StringIO):
    """Standard output whose reader went away: writes are buffered, the flush fails."""

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_fmt_to_a_closed_pipe_exits_141(tmp_path: Path) -> None:
    text = gdprkit.dumps(sample_register())
    result = invoke("fmt", "-", stdin=text.encode(), stdout=_ClosedPipe())
    assert result.code == 141


# -- owners ---------------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="changing owners takes root")
def test_fmt_keeps_the_owner_and_group(tmp_path: Path) -> None:
    reg = tmp_path / "reg.json"
    reg.write_text(json.dumps(gdprkit.to_dict(sample_register())), encoding="utf-8")
    os.chown(reg, 65534, 65534)
    reg.chmod(0o640)
    result = invoke("fmt", str(reg))
    assert result.code == 0, result.err
    after = reg.stat()
    assert (after.st_uid, after.st_gid, after.st_mode & 0o777) == (65534, 65534, 0o640)
    assert reg.read_text(encoding="utf-8") == gdprkit.dumps(sample_register())


# -- Ctrl-C while the command line starts ---------------------------------------------------

_STALLED_START = """
import os, runpy, signal, sys, time

# Ctrl-C as a terminal delivers it (a job started in the background inherits it ignored).
signal.signal(signal.SIGINT, signal.default_int_handler)

class Stall:
    # Holds the import of the command line until the test sends SIGINT.
    def find_spec(self, name, path=None, target=None):
        if name == "gdprkit.cli":
            sys.meta_path.remove(self)
            with open(os.environ["GDPRKIT_TEST_STALLED"], "w"):
                pass
            time.sleep(120)
        return None

sys.meta_path.insert(0, Stall())
mode = sys.argv[1]
sys.argv = ["gdprkit", "--help"]
if mode == "module":
    runpy.run_module("gdprkit", run_name="__main__", alter_sys=True)
else:
    from gdprkit.__main__ import main  # what the installed ``gdprkit`` script runs
    sys.exit(main())
"""


@pytest.mark.parametrize("mode", ["module", "script"])
def test_ctrl_c_while_starting_exits_130_without_a_traceback(tmp_path: Path, mode: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "stalled"
    process = subprocess.Popen(
        [sys.executable, "-c", _STALLED_START, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GDPRKIT_TEST_STALLED": str(marker)},
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the child never reached the command line's import"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err
    assert err.decode().split() == ["interrupted"]
    assert out == b""


def test_the_entry_point_says_what_the_command_line_says_on_ctrl_c() -> None:
    from gdprkit import __main__ as entry
    from gdprkit import cli

    assert entry._EXIT_INTERRUPTED == cli.EXIT_INTERRUPTED
