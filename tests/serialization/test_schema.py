from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.conftest import ROOT, sample_register

import gdprkit


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = gdprkit.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _examples() -> list[Path]:
    return sorted((ROOT / "examples").rglob("*.json"))


def test_there_are_example_registers() -> None:
    assert _examples()


@pytest.mark.parametrize("path", _examples(), ids=lambda p: p.name)
def test_every_example_validates_against_the_schema(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    gdprkit.loads(path.read_bytes())


def _doc() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gdprkit.dumps(sample_register()))
    return data


INVALID = {
    "unknown top-level key": lambda d: d.update(extra=1),
    "unknown nested key": lambda d: d["activities"][0].update(extra=1),
    "bad enum": lambda d: d["activities"][0].update(role="boss"),
    "bad country": lambda d: d["controller"].update(country="FRA"),
    "bad duration": lambda d: d["activities"][0]["data_categories"][0]["retention"][
        "archive"
    ].update(duration="5Y"),
    "missing required": lambda d: d["controller"].pop("name"),
    "missing version": lambda d: d.pop("schema_version"),
    "newer version": lambda d: d.update(schema_version=gdprkit.SCHEMA_VERSION + 1),
    "wrong type": lambda d: d.update(headcount="12"),
    "string for array": lambda d: d["activities"][0].update(purposes="x"),
    "bad date shape": lambda d: d.update(updated="2024/01/01"),
}


@pytest.mark.parametrize("mutate", INVALID.values(), ids=INVALID.keys())
def test_schema_and_loads_agree_on_invalid_documents(
    mutate: Any, validator: jsonschema.Draft202012Validator
) -> None:
    data = _doc()
    mutate(data)
    assert list(validator.iter_errors(data)), "the schema accepts it"
    with pytest.raises(gdprkit.LoadError):
        gdprkit.loads(json.dumps(data))


def test_schema_and_loads_agree_on_a_valid_document(
    validator: jsonschema.Draft202012Validator,
) -> None:
    data = _doc()
    assert list(validator.iter_errors(data)) == []


def test_schema_is_deterministic() -> None:
    assert json.dumps(gdprkit.json_schema()) == json.dumps(gdprkit.json_schema())
