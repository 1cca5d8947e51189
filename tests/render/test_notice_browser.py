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
from gdprkit.render.notice import NOTICE_CSS, render_notice
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


DOCS_EXAMPLES = ROOT / "docs" / "examples"

# What each final notice of the docs must show, in its language: its title, a
# sentence of the notice's own, and the CNIL's postal address.
FINAL = {
    "fr": (
        "Politique de confidentialité",
        "Le responsable du traitement de vos données est OffiSanté.",
    ),
    "en": ("Privacy notice", "The controller of your personal data is OffiSanté."),
    "de": (
        "Datenschutzhinweise",
        "Verantwortlicher für die Verarbeitung Ihrer Daten ist OffiSanté.",
    ),
    "es": ("Política de privacidad", "El responsable del tratamiento de sus datos es OffiSanté."),
    "it": (
        "Informativa sul trattamento dei dati personali",
        "Il titolare del trattamento dei Suoi dati è OffiSanté.",
    ),
}
GAP_MARKS = ("À compléter", "To be completed", "Zu ergänzen", "Por completar", "Da completare")


@pytest.mark.parametrize("lang", sorted(FINAL))
def test_the_final_notices_of_the_docs_read_right(browser: Any, lang: str) -> None:
    page = DOCS_EXAMPLES / f"notice-offisante-corrected.{lang}.html"
    browser.get(page.as_uri())
    text = " ".join(
        browser.execute_script("return document.body.innerText").replace("\u00a0", " ").split()
    )
    title, sentence = FINAL[lang]
    assert browser.title == f"{title} — OffiSanté"
    assert browser.execute_script("return document.documentElement.lang") == lang
    assert sentence in text
    assert "3 place de Fontenoy TSA 80715 75334 Paris Cedex 07" in text  # <br> between lines
    assert "https://www.cnil.fr" in text
    assert not any(mark in text for mark in GAP_MARKS)
    assert browser.execute_script("return document.querySelectorAll('.gdprkit-gap').length") == 0
    # Every register text is translated; only names and the postal address are
    # left as written, marked as French.
    kept = browser.execute_script(
        "return Array.from(document.querySelectorAll('main [lang]')).map(e => e.textContent)"
    )
    if lang == "fr":
        assert kept == []
    else:
        assert set(kept) == {"OffiSanté", "RCS Paris", "83 rue de Rennes, 75006 Paris, France"}
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('h1,h2,h3')).map(h => h.tagName)"
    )
    assert headings[0] == "H1"
    assert headings.count("H1") == 1
    assert headings.count("H2") == 9


def test_the_draft_of_the_docs_shows_its_gaps(browser: Any) -> None:
    browser.get((DOCS_EXAMPLES / "notice-offisante.fr.html").as_uri())
    text = " ".join(
        browser.execute_script("return document.body.innerText").replace("\u00a0", " ").split()
    )
    assert browser.title == "Politique de confidentialité — OffiSanté"
    assert "Base légale : À compléter : la base légale" in text
    assert "Points à compléter avant publication" in text
    assert (
        "la base légale (article 13, paragraphe 1, point c) du RGPD), dans les activités "
        "« Diffusion des contenus sur les sites et l’application mobile », « Paiement des "
        "services souscrits » et « Cookies et traceurs des sites, de l’application et du "
        "service SaaS » : activities[0]"
    ) in text
    marks = browser.execute_script("return document.querySelectorAll('.gdprkit-gap').length")
    assert marks > 10
    # The marks stand out: the style sheet gives them a background.
    colour = browser.execute_script(
        "return getComputedStyle(document.querySelector('.gdprkit-gap')).backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # Internal notes of the register never appear.
    assert "non nommé" not in text
    assert "Tableau des bases légales" not in text


def test_a_fragment_takes_the_style_sheet_in_a_host_page(browser: Any, tmp_path: Path) -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "offisante-corrected.json")
    fragment = render_notice(register, lang="en", format="html", fragment=True, mode="final")
    host = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Host</title>'
        f"<style>{NOTICE_CSS}</style></head><body><nav>Menu</nav>{fragment}</body></html>"
    )
    text = _open(browser, host, tmp_path)
    assert browser.title == "Host"
    assert text.startswith("Menu Privacy notice")
    assert browser.execute_script("return document.querySelector('.gdprkit-notice').lang") == "en"
    border = browser.execute_script(
        "return getComputedStyle(document.querySelector('.gdprkit-notice h2')).borderBottomStyle"
    )
    assert border == "solid"
    # Scoped: the host's own elements keep their style.
    assert browser.execute_script(
        "return getComputedStyle(document.querySelector('nav')).fontFamily"
    ) != browser.execute_script(
        "return getComputedStyle(document.querySelector('.gdprkit-notice')).fontFamily"
    )


def test_a_script_in_the_register_is_shown_not_run(browser: Any, tmp_path: Path) -> None:
    register = gdprkit.load(ROOT / "examples" / "registers" / "offisante.json")
    evil = "<script>document.title='pwned'</script>"
    register = attrs.evolve(register, controller=Controller(name=evil))
    text = _open(browser, render_notice(register, format="html", lang="en"), tmp_path)
    assert browser.title != "pwned"
    assert browser.title == f"Privacy notice — {evil}"
    assert f"The controller of your personal data is {evil}." in text
    assert browser.execute_script("return document.scripts.length") == 0
