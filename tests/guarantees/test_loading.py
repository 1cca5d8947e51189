"""Bad input gets a clear error: one rule for text and numbers on every path.

Each test here reproduces a defect a fuzz run found: the standard JSON path
accepted what the fast one refused (lone surrogates), ``loads`` and the JSON
Schema disagreed (Unicode digits in durations, ``1.0`` for an integer), and
odd keys gave problems without a usable path.
"""

from __future__ import annotations

import datetime as dt
import json
from types import ModuleType
from typing import Any

import jsonschema
import pytest

import gdprkit
from gdprkit import LoadError
from gdprkit.model import Duration, DurationError, RetentionRule
from tests.conftest import sample_register


def _document(**fields: Any) -> dict[str, Any]:
    data = gdprkit.to_dict(sample_register())
    data["controller"] = {**data["controller"], **fields.pop("controller", {})}
    return {**data, **fields}


def _problems(module: ModuleType, text: str) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        module.loads(text, source="doc.json")
    return [(p.path, p.message) for p in caught.value.problems]


# -- lone surrogates ---------------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\udc00b"])
def test_a_lone_surrogate_is_refused_with_its_path_on_every_path(
    variants: dict[str, ModuleType], escape: str
) -> None:
    text = json.dumps(_document()).replace('"Pharmacie', f'"{escape}Pharmacie', 1)
    for module in variants.values():
        problems = _problems(module, text)
        assert [path for path, _ in problems] == ["controller.name"]
        assert "surrogate" in problems[0][1]


def test_a_surrogate_pair_is_text() -> None:
    text = json.dumps(_document(controller={"name": "\\ud83d\\ude00"})).replace("\\\\", "\\")
    assert gdprkit.loads(text).controller.name == "\U0001f600"


def test_from_dict_refuses_a_lone_surrogate_in_a_list() -> None:
    data = gdprkit.to_dict(sample_register())
    data["activities"][0]["purposes"][0]["name"] = "x\ud800"
    with pytest.raises(LoadError) as caught:
        gdprkit.from_dict(data)
    assert caught.value.problems[0].path == "activities[0].purposes[0].name"


# -- durations: ASCII digits only, as the JSON Schema says ---------------------------------


@pytest.mark.parametrize("text", ["P\u0661Y", "P1\u0663M", "P\uff11D", "P\u00b2Y"])
def test_a_duration_with_unicode_digits_is_refused(text: str) -> None:
    with pytest.raises(DurationError):
        Duration.parse(text)
    data = gdprkit.to_dict(sample_register())
    data["activities"][0]["data_categories"][0]["retention"]["duration"] = text
    with pytest.raises(LoadError) as caught:
        gdprkit.from_dict(data)
    assert caught.value.problems[0].path.endswith("retention.duration")
    schema = jsonschema.Draft202012Validator(gdprkit.json_schema())
    assert not schema.is_valid(data)


# -- integers: what the JSON Schema calls an integer --------------------------------------


@pytest.mark.parametrize("number", ["250.0", "2.5e2"])
def test_an_integral_number_is_an_integer_as_the_schema_says(
    variants: dict[str, ModuleType], number: str
) -> None:
    text = json.dumps(_document(headcount=7)).replace('"headcount": 7', f'"headcount": {number}')
    schema = jsonschema.Draft202012Validator(gdprkit.json_schema())
    assert schema.is_valid(json.loads(text))
    for module in variants.values():
        register = module.loads(text)
        assert register.headcount == 250
        assert type(register.headcount) is int


@pytest.mark.parametrize("number", ["250.5", "true", "1e400", '"250"'])
def test_a_number_that_is_not_integral_is_refused_by_both(
    variants: dict[str, ModuleType], number: str
) -> None:
    text = json.dumps(_document(headcount=7)).replace('"headcount": 7', f'"headcount": {number}')
    for module in variants.values():
        assert [path for path, _ in _problems(module, text)] == ["headcount"]
    if number != "1e400":  # JSON has no infinity: the schema cannot even see it
        schema = jsonschema.Draft202012Validator(gdprkit.json_schema())
        assert not schema.is_valid(json.loads(text))


# -- keys that cannot be written as a path segment -----------------------------------------


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("", '[""]'),
        ("a.b", '["a.b"]'),
        ("x[0]", '["x[0]"]'),
        ('say "hi"', '["say \\"hi\\""]'),
        ("plain_key", "plain_key"),
    ],
)
def test_an_unknown_key_has_an_unambiguous_path(key: str, path: str) -> None:
    data = gdprkit.to_dict(sample_register())
    data[key] = 1
    with pytest.raises(LoadError) as caught:
        gdprkit.from_dict(data)
    assert [p.path for p in caught.value.problems] == [path]
    data = gdprkit.to_dict(sample_register())
    data["controller"][key] = 1
    with pytest.raises(LoadError) as caught:
        gdprkit.from_dict(data)
    expected = f"controller{path}" if path.startswith("[") else f"controller.{path}"
    assert [p.path for p in caught.value.problems] == [expected]


# -- dates past the calendar --------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "start"),
    [
        ("P9999999999D", dt.date(2024, 1, 1)),
        ("P5Y", dt.date(9999, 1, 1)),
        ("P99999999999999999999Y", dt.date(2024, 1, 1)),
        ("P1D", dt.date.max),
    ],
)
def test_a_deadline_past_the_calendar_is_said_not_raised(duration: str, start: dt.date) -> None:
    rule = RetentionRule(duration=Duration.parse(duration))
    schedule = rule.schedule(start)
    assert schedule.past_calendar
    assert schedule.active_until is None
    assert schedule.erase_on is None
    assert rule.deadline(start) is None


def test_an_archive_past_the_calendar_keeps_the_active_end() -> None:
    rule = RetentionRule(
        duration=Duration.parse("P1Y"),
        archive=gdprkit.model.ArchivePhase(duration=Duration.parse("P99999Y")),
    )
    schedule = rule.schedule(dt.date(2024, 1, 1))
    assert schedule.active_until == dt.date(2025, 1, 1)
    assert schedule.erase_on is None
    assert schedule.past_calendar


def test_a_schedule_within_the_calendar_is_not_past_it() -> None:
    schedule = RetentionRule(duration=Duration.parse("P1Y")).schedule(dt.date(2024, 1, 1))
    assert not schedule.past_calendar
    assert schedule.erase_on == dt.date(2025, 1, 1)
