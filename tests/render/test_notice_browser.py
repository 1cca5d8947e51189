"""The HTML notice in a real browser: headless Chromium driven by Selenium.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (CI installs
them) and the ``selenium`` package; skipped, with the reason, when a binary
is missing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import gdprkit
from gdprkit.model import Controller
from gdprkit.render.notice import render_notice
from tests.conftest import ROOT


CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless browser test: needs the chromium and chromedriver binaries "
    "(Debian packages chromium and chromium-driver)",
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="gdprkit-chromium-") as profile:
        options = webdriver.ChromeOptions()
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.binary_location = CHROMIUM
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(15)
        try:
            yield driver
        finally:
            driver.quit()


def _open(browser: Any, html: str, directory: Path) -> str:
    path = directory / "notice.html"
    path.write_text(html, encoding="utf-8")
    browser.get(path.as_uri())
    text: str = browser.execute_script("return document.body.innerText")
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_notice_of_a_seed_register_reads_right(browser: Any, tmp_path: Path) -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "offisante.json")
    text = _open(browser, render_notice(register, format="html"), tmp_path)
    assert browser.title == "Politique de confidentialité — OffiSanté"
    assert browser.execute_script("return document.documentElement.lang") == "fr"
    assert "Le responsable du traitement de vos données est OffiSanté." in text
    assert "Répondre aux demandes utilisateurs via le Chat" in text  # a purpose
    assert "Droit d’accès (RGPD, art. 15) : obtenir la confirmation" in text  # a right
    assert "Base légale : non précisée" in text
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('h1,h2,h3')).map(h => h.tagName)"
    )
    assert headings[0] == "H1"
    assert headings.count("H1") == 1


def test_a_script_in_the_register_is_shown_not_run(browser: Any, tmp_path: Path) -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "offisante.json")
    evil = "<script>document.title='pwned'</script>"
    register = attrs.evolve(register, controller=Controller(name=evil))
    text = _open(browser, render_notice(register, format="html", lang="en"), tmp_path)
    assert browser.title != "pwned"
    assert browser.title == f"Privacy notice — {evil}"
    assert f"The controller of your data is {evil}." in text
    assert browser.execute_script("return document.scripts.length") == 0
