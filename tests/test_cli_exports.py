"""``gdprkit export`` to the register document (docx, html) and to DPV JSON-LD."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import gdprkit
from tests.conftest import ROOT
from tests.test_cli import invoke


SEED = str(ROOT / "examples" / "registers" / "offisante.json")


def test_dpv_to_a_jsonld_file_and_to_standard_output(tmp_path: Path) -> None:
    target = tmp_path / "registre.jsonld"
    result = invoke("export", SEED, "--output", str(target))
    assert (result.code, result.err) == (0, "")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["@graph"][0]["@type"] == ["dpv:ROPA"]
    result = invoke(
        "export", SEED, "--format", "dpv", "--base", "https://offisante.example/r/", "-o", "-"
    )
    assert result.code == 0
    assert json.loads(result.out)["@graph"][0]["@id"] == "https://offisante.example/r/register"


def test_html_to_standard_output_in_english() -> None:
    register = gdprkit.load(SEED)
    result = invoke("export", SEED, "--format", "html", "--lang", "en", "-o", "-")
    assert result.code == 0
    assert result.out.startswith("<!DOCTYPE html>")
    assert result.out.count("<h1>Record sheet no.") == len(register.activities)


def test_docx_to_a_file(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    target = tmp_path / "registre.docx"
    assert invoke("export", SEED, "--output", str(target)).code == 0
    document = docx.Document(io.BytesIO(target.read_bytes()))
    titles = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert titles[0] == "Registre des activités de traitement"
    assert len(titles) == len(gdprkit.load(SEED).activities) + 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "docx", "-o", "-"], "a .docx is binary"),
        (["--format", "dpv", "--lang", "en", "-o", "-"], "--lang does not apply to dpv"),
        (["--format", "html", "--base", "https://x.example/", "-o", "-"], "--base applies to dpv"),
        (["--format", "xlsx", "--lang", "en", "-o", "r.xlsx"], "do not apply to xlsx"),
        (["--format", "dpv", "--base", "relative/", "-o", "-"], "not an absolute IRI"),
    ],
)
def test_options_that_do_not_fit_the_format_are_refused(argv: list[str], message: str) -> None:
    result = invoke("export", SEED, *argv)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""


def test_docx_without_python_docx_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    result = invoke("export", SEED, "--output", str(tmp_path / "registre.docx"))
    assert result.code == 2
    assert "pip install python-docx" in result.err
    assert "'docx' extra" in result.err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    for name in ("registre.docx", "registre.html", "registre.jsonld"):
        result = invoke("export", SEED, "--output", str(tmp_path / "missing" / name))
        assert result.code == 2
        assert "cannot write" in result.err
        assert "Traceback" not in result.err
