"""The register diff as text, Markdown and JSON: pinned on the example pair,
and hostile register text escaped for each medium."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import attrs
import markdown
import pytest

import gdprkit
from gdprkit.changes import RegisterDiff
from gdprkit.render.changes import (
    MARKDOWN_MARKER,
    format_diff_json,
    format_diff_markdown,
    format_diff_text,
    terminal_safe,
)
from tests.conftest import sample_register


DATA = Path(__file__).parents[1] / "data" / "diff"
NAMES = {"old": "main:register.json", "new": "register.json"}
FORMATS = {"txt": format_diff_text, "md": format_diff_markdown, "json": format_diff_json}


@pytest.fixture(scope="module")
def example() -> RegisterDiff:
    return gdprkit.diff(
        gdprkit.load(DATA / "offisante-before.json"),
        gdprkit.load(DATA / "offisante-after.json"),
        profiles=("gdpr",),
        as_of=dt.date(2026, 1, 15),
    )


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_the_example_pair_is_pinned(example: RegisterDiff, suffix: str) -> None:
    """The expected outputs are files, shown in the docs; GDPRKIT_UPDATE_DOCS=1 rewrites them."""
    text = FORMATS[suffix](example, **NAMES)
    expected = DATA / f"offisante.diff.{suffix}"
    if os.environ.get("GDPRKIT_UPDATE_DOCS") == "1":
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_each_format_says_what_each_change_triggers(example: RegisterDiff) -> None:
    for render in FORMATS.values():
        text = render(example, **NAMES)
        for needle in (
            "Hébergeur de sauvegarde aux États-Unis",
            "scc-2021",
            "GDPR Art. 46(2)(c)",
            "assess the transfer under Chapter V",
            "P6M from collection",
            "P13M from collection",
            "GDPR Art. 13(2)(a)",
            "special-category data",
            "GDPR Art. 9(1)",
            "check whether a data protection impact assessment is now needed",
            "GDPR Art. 35(3)(b)",
            "GDPR110",
        ):
            assert needle in text, (render.__name__, needle)


def test_the_json_is_structured(example: RegisterDiff) -> None:
    document = json.loads(format_diff_json(example, **NAMES))
    assert document["changed"] is True
    assert [c["kind"] for c in document["changes"]] == [
        "retention-lengthened",
        "recipient-added",
        "transfer-added",
        "data-category-added",
    ]
    transfer = document["changes"][2]
    assert transfer["activity"] == "compte-plateforme"
    assert [t["action"] for t in transfer["triggers"]] == ["transfer-assessment", "notice-update"]
    assert document["findings"]["as_of"] == "2026-01-15"
    assert {f["rule"] for f in document["findings"]["added"]} >= {"GDPR110"}
    assert [t["action"] for t in document["triggered"]] == [
        "notice-update",
        "dpia-check",
        "transfer-assessment",
    ]


def test_no_change() -> None:
    register = sample_register()
    result = gdprkit.diff(register, register)
    assert format_diff_text(result) == "old -> new: No change in the register.\n"
    assert json.loads(format_diff_json(result))["changes"] == []
    assert "No change in the register." in format_diff_markdown(result)


HOSTILE = "Évil\x1b[31m red\x07\u202egnp.exe\r# heading\n- item <script>`x` **b**\r\n|pipe|"


@pytest.fixture(scope="module")
def hostile() -> RegisterDiff:
    register = sample_register()
    activity = attrs.evolve(register.activities[0], id="other", name=HOSTILE)
    return gdprkit.diff(register, attrs.evolve(register, activities=(activity,)))


def test_the_terminal_sees_no_control_character(hostile: RegisterDiff) -> None:
    text = format_diff_text(hostile, old="a\x1b]0;title\x07", new="b")
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert "\u202e" not in text
    assert "\\x1b[31m" in text
    assert "\\u202e" in text
    assert terminal_safe("a\x9bb\u2066") == "a\\x9bb\\u2066"


def test_markdown_shows_hostile_text_as_text(hostile: RegisterDiff) -> None:
    text = format_diff_markdown(hostile, old="x`y", new="b\rc")
    assert text.startswith(MARKDOWN_MARKER + "\n")
    assert "\r" not in text
    html = markdown.markdown(text)
    assert "<script>" not in html
    assert "<h1>" not in html  # the "# heading" after a bare CR stays text
    lines = text.splitlines()
    # Register text never starts a line of its own: every line is gdprkit's.
    assert all(
        line == "" or line.startswith(("<!--", "#", "`", "**", "- ", "  - ")) for line in lines
    ), lines


def test_a_lone_surrogate_is_escaped_in_every_format() -> None:
    register = sample_register()
    activity = attrs.evolve(register.activities[0], id="other", name="bad \ud800 name")
    result = gdprkit.diff(register, attrs.evolve(register, activities=(activity,)))
    for render in FORMATS.values():
        text = render(result)
        text.encode("utf-8")  # writable
        assert "\\ud800" in text
    document = json.loads(format_diff_json(result))
    assert document["changes"][0]["activity_name"] == "bad \ud800 name"


def test_a_renamed_element_is_one_line_with_both_names_escaped() -> None:
    register = sample_register()
    activity = register.activities[0]
    purpose = attrs.evolve(activity.purposes[0], name="Commandes et facturation\x1b[31m\r# titre")
    new = attrs.evolve(register, activities=(attrs.evolve(activity, purposes=(purpose,)),))
    result = gdprkit.diff(register, new)
    text = format_diff_text(result)
    (line,) = [line for line in text.splitlines() if "reworded" in line]
    assert line.startswith('  ~ purpose reworded: "Commandes et facturation" → "Commandes')
    assert "\\x1b[31m\\x0d# titre" in line
    markdown_text = format_diff_markdown(result)
    assert "<h1>" not in markdown.markdown(markdown_text)
    (change,) = json.loads(format_diff_json(result))["changes"]
    assert change["kind"] == "purpose-reworded"
    assert (change["before"], change["after"]) == ("Commandes et facturation", purpose.name)
