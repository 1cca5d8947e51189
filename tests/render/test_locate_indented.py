"""Locating findings in text laid out as gdprkit writes it: found by indentation, at the
same places as the walk that reads the text member by member."""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import gdprkit
from gdprkit.render import locate
from gdprkit.rules import Location
from tests.conftest import ROOT, sample_register


def _paths(value: Any, location: Location = ()) -> Iterator[Location]:
    yield location
    if isinstance(value, dict):
        for key, below in value.items():
            yield from _paths(below, (*location, key))
    elif isinstance(value, list):
        for index, below in enumerate(value):
            yield from _paths(below, (*location, index))


def _every_location(text: str) -> list[Location]:
    """Every path of the document, and paths that are not in it (a missing
    member, an element past the end), whose place is their nearest ancestor's."""
    present = list(_paths(json.loads(text)))
    return [
        *present,
        *((*p, "missing") for p in present[::3]),
        *((*p, 10_000) for p in present[::4]),
        *((*p, 0, "x") for p in present[::5]),
    ]


def _is_indented(text: str) -> bool:
    return locate._indented_from(text.encode()) >= 0


def _walked(text: str, locations: list[Location], monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(locate, "_indented_from", lambda _: -1)
        return locate.positions(text, locations)


CANONICAL = [
    pytest.param(gdprkit.dumps(sample_register()), id="sample"),
    *(
        pytest.param(gdprkit.dumps(gdprkit.load(path)), id=path.stem)
        for path in sorted((ROOT / "examples" / "registers").glob("*.json"))
    ),
]


@pytest.mark.parametrize("text", CANONICAL)
def test_a_register_as_gdprkit_writes_it_is_located_by_indentation(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _is_indented(text)
    locations = _every_location(text)
    assert locate.positions(text, locations) == _walked(text, locations, monkeypatch)


ODD = {
    "empty": {"object": {}, "array": [], "text": ""},
    "nested": [[1, [2, []]], [], [{}], {"a": [{"b": [[{"c": None}]]}]}],
    "mixed": [1, {"x": [True, "y"]}, "z", [3], {}, {"last": 0.5}],
    'quote " and \\ backslash': {'a "key"': 1, "tab\tnew\nline": 2, "é€😀": 3},
    "text that looks like members": '\n  "empty": {\n    "object": 1\n  },\n  "mixed": [',
    "repeated": {"repeated": {"repeated": ["repeated", {"repeated": 1}]}},
    "last": 0,
}


def test_any_document_laid_out_as_json_dumps_does_is_located_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = json.dumps(ODD, ensure_ascii=False, indent=2) + "\n"
    assert _is_indented(text)
    locations = _every_location(text)
    assert locate.positions(text, locations) == _walked(text, locations, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(ODD),  # on one line
        json.dumps(ODD, indent=4),  # another indentation
        json.dumps(ODD, indent=2),  # \u escapes: a key may be spelled otherwise
        json.dumps(ODD, ensure_ascii=False, indent=2).replace("\n", "\r\n"),
        json.dumps(ODD, ensure_ascii=False, indent=2).replace('"mixed"', '"\\u006dixed"'),
        json.dumps(ODD, ensure_ascii=False, indent=2).replace('"empty"', '"emp\\/ty"'),
        json.dumps(ODD, ensure_ascii=False, indent=2) + "\n]",  # not JSON
    ],
)
def test_other_text_is_walked(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _is_indented(text)
    locations: list[Location] = [("mixed", 3, 0), ("last",), ("nested", 3, "a", 0, "b")]
    found = locate.positions(text, locations)
    assert found == _walked(text, locations, monkeypatch)
    if "\n" in text:
        assert found[("last",)][0] > found[("mixed", 3, 0)][0] > 1


def test_without_msgspec_the_text_is_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(ODD, ensure_ascii=False, indent=2)
    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec raises ImportError
    assert not _is_indented(text)
    assert locate.positions(text, [("last",)]) == {("last",): (len(text.splitlines()) - 1, 3)}


def test_a_validated_file_points_at_the_lines_of_its_findings(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    gdprkit.dump(sample_register(), path)
    text = path.read_text(encoding="utf-8")
    report = gdprkit.check(path, fail_on=None)
    assert report.findings
    lines = text.splitlines()
    for finding in report.findings:
        position = report.position(finding)
        assert position is not None
        key = finding.location[-1] if finding.location else None
        if isinstance(key, str) and position.line > 1:
            # a member's finding points at the line and column of its key
            assert lines[position.line - 1][position.column - 1 :].startswith(f'"{key}"')


@pytest.mark.parametrize("text", CANONICAL)
def test_the_bytes_of_a_file_are_located_as_its_text(text: str) -> None:
    """Given the bytes of a file, as ``gdprkit validate`` reads it, the layout is
    recognised in them, and the lines and columns are those of the text."""
    locations = _every_location(text)
    expected = locate.positions(text, locations)
    assert locate.positions(text.encode(), locations) == expected
    # a byte order mark is not part of the text
    assert locate.positions(codecs.BOM_UTF8 + text.encode(), locations) == expected


def test_bytes_that_are_not_utf8_are_read_with_replacements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key that is not UTF-8 is located as the text read with replacements has it."""
    data = json.dumps(ODD, ensure_ascii=False, indent=2).encode().replace("€".encode(), b"\xff")
    text = data.decode("utf-8", errors="replace")
    # msgspec's formatter copies a string's bytes: the layout is recognised, but the
    # key with a replacement character is not spelled so in the bytes
    assert locate._indented_from(data) == 0
    locations = _every_location(text)
    assert locate.positions(data, locations) == _walked(text, locations, monkeypatch)


def test_a_lone_surrogate_is_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps({"a\ud800": [1, 2], "b": {"c": 3}}, ensure_ascii=False, indent=2)
    locations: list[Location] = [("a\ud800", 1), ("b", "c"), ("b", "d")]
    assert locate.positions(text, locations) == {
        ("a\ud800", 1): (4, 5),
        ("b", "c"): (7, 5),
        ("b", "d"): (6, 3),
    }


def test_a_name_and_an_index_asked_at_one_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locations that ask for an index of an object and a member of an array
    (which no text has) are sorted all the same, and get their parent's place."""
    text = json.dumps(ODD, ensure_ascii=False, indent=2)
    locations: list[Location] = [
        ("mixed", 1, "x", 1),
        ("mixed", "x"),
        ("mixed", 1, 0),
        ("nested", 3, "a", 0),
        ("nested", 3, 0),
        ("empty", "object"),
        ("empty", 0),
    ]
    found = locate.positions(text, locations)
    assert found == _walked(text, locations, monkeypatch)
    parents = locate.positions(text, [("mixed",), ("mixed", 1), ("nested", 3), ("empty",)])
    assert found[("mixed", "x")] == parents[("mixed",)]
    assert found[("mixed", 1, 0)] == parents[("mixed", 1)]
    assert found[("nested", 3, 0)] == parents[("nested", 3)]
    assert found[("empty", 0)] == parents[("empty",)]
