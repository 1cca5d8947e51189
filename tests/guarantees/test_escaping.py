"""Every output escapes hostile text for its medium.

Markdown: CommonMark ends a line at ``\\n``, ``\\r\\n`` *and* a bare ``\\r``, so
register text holding any of them must not start a new block (a heading, a
list, a table row, a rule) or leave a code span.
"""

from __future__ import annotations

import re

import attrs
import pytest

import gdprkit
from gdprkit.model import Register
from gdprkit.render._document import md_code, md_escape
from tests.conftest import sample_register


LINE_END = re.compile(r"\r\n|\r|\n")
"""What ends a line in CommonMark."""

HOSTILE = [
    "ACME\r# Pwned",
    "ACME\r\n# Pwned",
    "ACME\n# Pwned",
    "ACME\r- Pwned",
    "ACME\r| a | b |\r|---|---|",
    "ACME\r***",
    "ACME\r1. Pwned",
    "ACME\r    indented code",
    "ACME\r> quoted",
]


def _lines(markdown: str) -> list[str]:
    return LINE_END.split(markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_keeps_register_text_on_one_line(text: str) -> None:
    escaped = md_escape(text)
    assert len(_lines(escaped)) == 1
    assert "Pwned" not in escaped or "<br>" in escaped


@pytest.mark.parametrize("text", ["a\rb", "a\r\nb", "a\nb", "a\u2028b"])
def test_md_code_keeps_a_code_span_on_one_line(text: str) -> None:
    assert len(_lines(md_code(text))) == 1


def _hostile(name: str) -> Register:
    register = sample_register()
    activity = attrs.evolve(register.activities[0], id=f"act{name}", name=name)
    controller = attrs.evolve(register.controller, name=name)
    return attrs.evolve(register, controller=controller, activities=(activity,))


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_notice_in_markdown_shows_no_block_from_register_text(text: str, lang: str) -> None:
    clean = gdprkit.render_notice(_hostile("ACME"), lang=lang, format="markdown")
    hostile = gdprkit.render_notice(_hostile(text), lang=lang, format="markdown")
    # The hostile text adds no line: every block of the notice is gdprkit's.
    assert len(_lines(hostile)) == len(_lines(clean))
    assert not any(line.startswith(("# Pwned", "- Pwned", "|", "***")) for line in _lines(hostile))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_report_in_markdown_shows_no_block_from_register_text(text: str) -> None:
    clean = _hostile("ACME")
    hostile = _hostile(text)
    clean_md = gdprkit.render_report(clean, gdprkit.validate(clean), format="markdown")
    hostile_md = gdprkit.render_report(hostile, gdprkit.validate(hostile), format="markdown")
    assert len(_lines(hostile_md)) == len(_lines(clean_md))


CONTROLS = "ACME\x1b[2J\x1b]0;title\x07\x00\x7f\x9b31m"
"""An escape sequence that clears a terminal, one that sets its title, a bell,
a NUL, DEL and a C1 control introducer."""


@pytest.mark.parametrize("form", ["markdown", "html"])
def test_a_notice_holds_no_control_character_from_register_text(form: str) -> None:
    notice = gdprkit.render_notice(_hostile(CONTROLS), lang="fr", format=form)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", notice)
    assert "ACME\ufffd" in notice
    assert "0;title\ufffd\ufffd\ufffd\ufffd31m" in notice


@pytest.mark.parametrize("form", ["markdown", "html"])
def test_a_report_holds_no_control_character_from_register_text(form: str) -> None:
    register = _hostile(CONTROLS)
    report = gdprkit.render_report(register, gdprkit.validate(register), format=form)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", report)
    assert "\ufffd" in report


def test_a_code_span_holds_no_control_character() -> None:
    assert md_code("x\x1b[31m") == "`x\ufffd[31m`"
