"""The printable register document, printed to PDF by headless Chromium.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (CI installs
them), ``selenium`` and ``pypdf``; skipped, with the reason, when a binary is
missing.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import pytest

import gdprkit
from gdprkit.render.register_document import render_document_html
from tests.conftest import ROOT
from tests.render.fixtures import rich_register
from tests.render.test_notice_browser import CHROMEDRIVER, CHROMIUM, browser


__all__ = ["browser"]  # the notice tests' headless Chromium, as a fixture here too

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless browser test: needs the chromium and chromedriver binaries "
    "(Debian packages chromium and chromium-driver)",
)


def printed_pages(browser: Any, page: str, directory: Path) -> list[str]:
    """The text of each page of *page* printed to PDF with its own print style
    sheet (A4, no header or footer)."""
    pypdf = pytest.importorskip("pypdf")
    path = directory / "registre.html"
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    printed = browser.execute_cdp_cmd(
        "Page.printToPDF",
        {"preferCSSPageSize": True, "displayHeaderFooter": False, "printBackground": True},
    )
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(printed["data"])))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def test_each_activity_sheet_starts_a_printed_page(browser: Any, tmp_path: Path) -> None:
    register = rich_register()
    pages = printed_pages(browser, render_document_html(register), tmp_path)
    assert len(pages) >= len(register.activities) + 1
    first_lines = [page[:60] for page in pages]
    assert first_lines[0].startswith("Registre des activités de traitement")
    starts = [n for n, text in enumerate(pages) if re.match(r"Fiche de registre n° \d", text)]
    assert [re.match(r"Fiche de registre n° (\d)", pages[n]).group(1) for n in starts] == [  # type: ignore[union-attr]
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    # Nothing is lost to the page: the last item of the last sheet is printed.
    text = " ".join(pages)
    assert "Tiers payant pour les mutuelles" in text
    assert "Hébergeur « Nuage »" in text


def test_a_seed_register_prints_in_english(browser: Any, tmp_path: Path) -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "offisante.json")
    pages = printed_pages(browser, render_document_html(register, lang="en"), tmp_path)
    starts = [text for text in pages if text.startswith("Record sheet no.")]
    assert len(starts) == len(register.activities)
    assert "Purposes of the processing (GDPR Art. 30(1)(b))" in " ".join(pages)
