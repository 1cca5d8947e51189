"""The rendered examples shown in the docs are what the renderers give today.

Each generated example in ``docs/notice.md``, ``docs/spreadsheet.md`` and
``docs/report.md`` sits between ``<!-- example: KEY -->`` and
``<!-- /example -->``; the HTML examples are whole files under
``docs/examples/``.  After an intended change, regenerate them with::

    GDPRKIT_UPDATE_DOCS=1 pytest tests/render/test_docs_examples.py
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

import gdprkit
from gdprkit.render.notice import LANGUAGES, Language, Mode, render_notice
from gdprkit.render.report import render_report
from gdprkit.render.spreadsheet import export_register
from tests.conftest import ROOT


DOCS = ROOT / "docs"
REGISTERS = ROOT / "examples" / "registers"
UPDATE = os.environ.get("GDPRKIT_UPDATE_DOCS") == "1"
AS_OF = dt.date(2026, 11, 22)  # the date the seed-registers page uses
MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!-- example: (?P<key>[\w:.-]+) -->\n(?P<body>.*?)^(?P=indent)<!-- /example -->$",
    re.MULTILINE | re.DOTALL,
)


def _load(name: str) -> gdprkit.Register:
    return gdprkit.load(REGISTERS / f"{name}.json")


def _fenced(language: str, text: str) -> str:
    return f"````{language}\n{text.rstrip(chr(10))}\n````\n"


def _notice(name: str, lang: Language, mode: Mode = "draft") -> str:
    return _fenced("markdown", render_notice(_load(name), lang=lang, mode=mode))


def _report(name: str, lang: str) -> str:
    register = _load(name)
    report = gdprkit.validate(register, profiles=("gdpr", "cnil"), as_of=AS_OF)
    return _fenced("markdown", render_report(register, report, format="markdown", lang=lang))


def _sheets(name: str) -> dict[str, list[list[str]]]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "registre.csv"
        export_register(_load(name), path, format="csv")
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    sheets: dict[str, list[list[str]]] = {}
    for row in rows:
        cells = row[1:]
        while cells and not cells[-1]:
            cells.pop()
        sheets.setdefault(row[0], []).append(cells)
    return sheets


def _table(rows: list[list[str]]) -> str:
    """A sheet as a Markdown table with the spreadsheet's row numbers and
    column letters."""
    width = max(len(r) for r in rows)
    letters = [chr(65 + i) for i in range(width)]

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    lines = ["| | " + " | ".join(letters) + " |", "|---:|" + "---|" * width]
    for number, row in enumerate(rows, start=1):
        cells = [cell(c) for c in row] + [""] * (width - len(row))
        lines.append(f"| {number} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _sheet(name: str, sheet: str) -> str:
    # Blank lines around: Markdown starts a table only after one.
    return "\n" + _table(_sheets(name)[sheet]) + "\n"


CORRECTED = "offisante-corrected"
"""The example register whose final notice the docs show in every language."""

GENERATORS: dict[str, Callable[[], str]] = {
    **{
        f"notice:{CORRECTED}:{lang}:final": functools.partial(_notice, CORRECTED, lang, "final")
        for lang in LANGUAGES
    },
    "notice:offisante:fr:draft": lambda: _notice("offisante", "fr"),
    "notice:cooptalis:en": lambda: _notice("cooptalis", "en"),
    "spreadsheet:offisante:Registre": lambda: _sheet("offisante", "Registre"),
    "spreadsheet:offisante:chat-support": lambda: _sheet("offisante", "chat-support"),
    "report:present-infini:en": lambda: _report("present-infini", "en"),
}

FILES: dict[str, Callable[[], str]] = {
    **{
        f"examples/notice-{CORRECTED}.{lang}.html": functools.partial(
            render_notice, _load(CORRECTED), lang=lang, format="html", mode="final"
        )
        for lang in LANGUAGES
    },
    "examples/notice-offisante.fr.html": lambda: render_notice(_load("offisante"), format="html"),
    "examples/report-present-infini.html": lambda: render_report(
        _load("present-infini"),
        gdprkit.validate(_load("present-infini"), profiles=("gdpr", "cnil"), as_of=AS_OF),
    ),
}

PAGES = ("notice.md", "spreadsheet.md", "report.md")


def _indent(text: str, indent: str) -> str:
    return "".join(indent + line if line.strip() else line for line in text.splitlines(True))


@pytest.mark.parametrize("page", PAGES)
def test_generated_examples_in_the_page_are_current(page: str) -> None:
    path = DOCS / page
    text = path.read_text(encoding="utf-8")
    found = list(MARKER.finditer(text))
    assert found, f"{page} shows no generated example"
    stale = []

    def refresh(match: re.Match[str]) -> str:
        key, indent = match.group("key"), match.group("indent")
        assert key in GENERATORS, f"{page}: unknown example {key!r}"
        expected = _indent(GENERATORS[key](), indent)
        if match.group("body") != expected:
            stale.append(key)
        return f"{indent}<!-- example: {key} -->\n{expected}{indent}<!-- /example -->"

    updated = MARKER.sub(refresh, text)
    if UPDATE and stale:
        path.write_text(updated, encoding="utf-8")
        return
    assert not stale, (
        f"{page}: examples {stale} differ from what the renderers give; regenerate with "
        "GDPRKIT_UPDATE_DOCS=1 pytest tests/render/test_docs_examples.py"
    )


@pytest.mark.parametrize("name", sorted(FILES))
def test_generated_files_are_current(name: str) -> None:
    path = DOCS / name
    expected = FILES[name]()
    if UPDATE and (not path.exists() or path.read_text(encoding="utf-8") != expected):
        path.parent.mkdir(exist_ok=True)
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected, (
        f"docs/{name} differs from what the renderers give; regenerate with "
        "GDPRKIT_UPDATE_DOCS=1 pytest tests/render/test_docs_examples.py"
    )


def test_every_example_is_shown_somewhere() -> None:
    shown = {
        m.group("key")
        for page in PAGES
        for m in MARKER.finditer((DOCS / page).read_text(encoding="utf-8"))
    }
    assert shown == set(GENERATORS)
    for page in PAGES:
        text = (DOCS / page).read_text(encoding="utf-8")
        for name in FILES:
            if name in text:
                assert (DOCS / name).exists()
