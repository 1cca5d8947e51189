"""The documentation's examples run: every ```python block of every page is
executed, page by page in one namespace, from the repository root; every
```json block that is a register loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import gdprkit
from tests.conftest import ROOT


DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _blocks(page: Path, language: str) -> list[str]:
    return [
        code for lang, code in BLOCK.findall(page.read_text(encoding="utf-8")) if lang == language
    ]


@pytest.mark.parametrize(
    "page", [p for p in _pages() if _blocks(p, "python")], ids=lambda p: str(p.relative_to(DOCS))
)
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, code in enumerate(_blocks(page, "python"), start=1):
        try:
            exec(compile(code, f"{page.name}:block{number}", "exec"), namespace)  # noqa: S102 - our own docs
        except Exception as error:  # noqa: BLE001 - report which block failed
            pytest.fail(f"{page.name} block {number} failed: {type(error).__name__}: {error}")


@pytest.mark.parametrize(
    "page", [p for p in _pages() if _blocks(p, "json")], ids=lambda p: str(p.relative_to(DOCS))
)
def test_json_registers_in_docs_load(page: Path) -> None:
    for code in _blocks(page, "json"):
        data = json.loads(code)
        if isinstance(data, dict) and "schema_version" in data and "controller" in data:
            gdprkit.from_dict(data)


def test_the_runner_finds_blocks() -> None:
    assert _blocks(DOCS / "getting-started.md", "python")
