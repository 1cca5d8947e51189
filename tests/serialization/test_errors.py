from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from tests.conftest import sample_register

import gdprkit
from gdprkit import LoadError


def _doc() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gdprkit.dumps(sample_register()))
    return data


def _problems(data: object) -> list[tuple[str, str]]:
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    with pytest.raises(LoadError) as caught:
        gdprkit.loads(text)
    assert isinstance(caught.value, ValueError)
    return [(p.path, p.message) for p in caught.value.problems]


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    data = _doc()
    activity = data["activities"][0]
    activity["purposes"][0]["legal_bases"][0]["basis"] = "art6-1-z"
    activity["name"] = 5
    activity["colour"] = "blue"
    activity["transfers"][0]["country"] = "USA"
    activity["data_categories"][0]["retention"]["archive"]["duration"] = "5 ans"
    activity["transfers"][0]["since"] = "2024-02-30"
    del data["controller"]["name"]
    problems = dict(_problems(data))
    assert problems == {
        "controller.name": "required field is missing",
        "activities[0].name": "expected a string, got an integer 5",
        "activities[0].colour": problems["activities[0].colour"],
        "activities[0].purposes[0].legal_bases[0].basis": (
            "'art6-1-z' is not one of art6-1-a, art6-1-b, art6-1-c, art6-1-d, art6-1-e, art6-1-f"
        ),
        "activities[0].data_categories[0].retention.archive.duration": (
            "'5 ans' is not an ISO 8601 duration such as 'P3Y', 'P13M', 'P30D' or 'P1Y6M'"
        ),
        "activities[0].transfers[0].country": (
            "'USA' is not an ISO 3166-1 alpha-2 country code such as 'FR' or 'US'"
        ),
        "activities[0].transfers[0].since": "'2024-02-30' is not a calendar date (YYYY-MM-DD)",
    }
    assert problems["activities[0].colour"].startswith("unknown field (expected one of: id, name,")


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda d: d.update(activities="x"), "activities", "expected an array, got a string 'x'"),
        (
            lambda d: d["activities"].append(3),
            "activities[1]",
            "expected an object, got an integer 3",
        ),
        (lambda d: d.update(public_authority="yes"), "public_authority", "expected true or false"),
        (lambda d: d.update(headcount=12.5), "headcount", "expected an integer, got a number 12.5"),
        (
            lambda d: d.update(headcount=True),
            "headcount",
            "expected an integer, got a boolean True",
        ),
        (lambda d: d.update(updated=20240101), "updated", "expected a date as YYYY-MM-DD"),
        (lambda d: d.update(updated="2024-1-1"), "updated", "expected a date as YYYY-MM-DD"),
        (lambda d: d.update(updated="2024-01-01\n"), "updated", "expected a date as YYYY-MM-DD"),
        (
            lambda d: d["controller"].update(name=None),
            "controller.name",
            "expected a string, got null",
        ),
        (lambda d: d.update(controller=[]), "controller", "expected an object, got an array"),
    ],
)
def test_wrong_types_are_not_coerced(mutate: Any, path: str, message: str) -> None:
    data = _doc()
    mutate(data)
    problems = _problems(data)
    assert len(problems) == 1
    assert problems[0][0] == path
    assert problems[0][1].startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{",
            "invalid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        ("", "invalid JSON: Expecting value at line 1, column 1"),
        ("[]", "expected a JSON object at the top level"),
        (
            '{"schema_version": 1, "controller": {"name": "a", "name": "b"}}',
            "invalid JSON: duplicate key 'name'",
        ),
        (
            '{"schema_version": 1, "controller": {"name": "a"}, "headcount": NaN}',
            "invalid JSON: NaN",
        ),
        (b"\xff\xfe{}", "not UTF-8 text: byte 0xff at offset 0"),
        ('{"controller": {"name": "a"}}', "required field is missing"),
        (
            '{"schema_version": 99, "controller": {"name": "a"}}',
            "version 99 is newer than this gdprkit reads",
        ),
        ('{"schema_version": "1", "controller": {"name": "a"}}', "expected a positive integer"),
        ("[" * 100_000, "invalid JSON"),
    ],
)
def test_malformed_documents_give_a_load_error(text: str | bytes, message: str) -> None:
    problems = _problems(text)
    assert any(m.startswith(message) for _, m in problems), problems


def test_only_str_or_bytes() -> None:
    with pytest.raises(LoadError, match="expected str or bytes"):
        gdprkit.loads(42)  # type: ignore[arg-type]


def test_load_error_message_and_pickling() -> None:
    error = LoadError([gdprkit.Problem("a.b", "bad"), gdprkit.Problem("", "worse")], "f.json")
    assert str(error) == "f.json: 2 problems:\n  a.b: bad\n  worse"
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert clone.problems == error.problems
    assert clone.source == "f.json"
    path, message = error.problems[0]
    assert (path, message) == ("a.b", "bad")
