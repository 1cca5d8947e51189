"""Extension fields (``x-`` keys) survive every way in and out of JSON, and no rule reads them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import orjson
import pytest

from gdprkit import serialization
from gdprkit.model import NO_EXTENSIONS, Extensions, JsonObject, ProcessingActivity, Register
from gdprkit.model.extensions import thaw, walk_extensions
from gdprkit.rules import validate
from gdprkit.serialization import SCHEMA_VERSION, LoadError, dumps, from_dict, loads, to_dict
from gdprkit.serialization._fast import make_writer
from gdprkit.serialization.schema import json_schema


def document() -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "controller": {
            "name": "Atelier",
            "contact": {"email": "dpo@atelier.example", "x-verified": True},
            "x-group": {"parent": "Holding", "share": 0.51},
        },
        "activities": [
            {
                "id": "crm",
                "name": "Clients",
                "purposes": [
                    {
                        "name": "Orders",
                        "legal_bases": [
                            {"basis": "art6-1-b", "x-reviewed": ["2026-01-05", None, 3]},
                            {"basis": "art6-1-b", "x-reviewed": 1},
                            {"basis": "art6-1-b", "x-reviewed": True},
                            {"basis": "art6-1-b"},
                        ],
                    }
                ],
                "data_categories": [
                    {
                        "name": "Identity",
                        "kind": "identity",
                        "retention": {"duration": "P3Y", "x-source": "policy §4"},
                    }
                ],
                "x-ticket": "DPO-42",
                "x-systems": ["crm", "erp"],
            }
        ],
        "x-owner-team": "Legal",
    }


def test_extension_fields_are_loaded_onto_their_objects() -> None:
    register = from_dict(document())
    activity = register.activities[0]
    assert register.extensions == {"x-owner-team": "Legal"}
    assert register.controller.extensions["x-group"] == JsonObject(
        {"parent": "Holding", "share": 0.51}
    )
    assert register.controller.contact.extensions == {"x-verified": True}
    assert activity.extensions == Extensions({"x-systems": ("crm", "erp"), "x-ticket": "DPO-42"})
    bases = activity.purposes[0].legal_bases
    # Equal-looking objects with different extension values stay apart (1 and true).
    assert [b.extensions.get("x-reviewed") for b in bases] == [
        ("2026-01-05", None, 3),
        1,
        True,
        None,
    ]
    assert type(bases[2].extensions["x-reviewed"]) is bool
    assert bases[3].extensions is NO_EXTENSIONS
    assert activity.data_categories[0].retention.extensions == {"x-source": "policy §4"}


@pytest.mark.parametrize("reader", ["loads", "loads-bytes", "from_dict", "standard"])
def test_every_reader_keeps_them(reader: str) -> None:
    text = json.dumps(document())
    readers = {
        "loads": lambda: loads(text),
        "loads-bytes": lambda: loads(text.encode()),
        "from_dict": lambda: from_dict(json.loads(text)),
        "standard": lambda: serialization._loads_json(text, "<t>"),
    }
    assert readers[reader]() == from_dict(document())


def test_they_are_written_back_after_the_objects_own_fields_on_every_path() -> None:
    register = from_dict(document())
    data = to_dict(register)
    assert data == document()
    assert list(data)[-1] == "x-owner-team"
    assert list(data["activities"][0])[-2:] == ["x-systems", "x-ticket"]
    reference = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert dumps(register) == reference
    fast = make_writer(Register, orjson, version=serialization.SCHEMA_VERSION)
    assert fast(register).decode() == reference
    assert loads(dumps(register)) == register


def test_the_detailed_converter_keeps_them_too() -> None:
    body = document()
    del body["schema_version"]
    assert serialization._detailed().structure(body, Register) == from_dict(document())
    assert serialization._detailed().unstructure(from_dict(document())) == {
        k: v for k, v in to_dict(from_dict(document())).items() if k != "schema_version"
    }


@pytest.mark.parametrize(
    ("key", "where"),
    [
        ("y-ticket", "activities[0].y-ticket"),
        ("extensions", "activities[0].extensions"),
        ("x-", "activities[0].x-"),
    ],
)
def test_other_unknown_keys_are_still_refused(key: str, where: str) -> None:
    data = document()
    data["activities"][0][key] = "value"
    with pytest.raises(LoadError) as caught:
        from_dict(data)
    [problem] = caught.value.problems
    assert problem.path == where
    assert "extension key starting with x-" in problem.message


def test_the_schema_allows_them_and_nothing_else() -> None:
    schema = json_schema()
    jsonschema.validate(document(), schema)
    bad = document()
    bad["activities"][0]["y-ticket"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    assert "extensions" not in schema["$defs"]["ProcessingActivity"]["properties"]


def test_rules_do_not_read_them() -> None:
    with_ext = from_dict(document())
    stripped = from_dict(_strip(document()))
    day = dt.date(2026, 6, 1)
    assert validate(with_ext, as_of=day).findings == validate(stripped, as_of=day).findings


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not k.startswith("x-")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def test_extensions_are_immutable_hashable_and_checked() -> None:
    ext = Extensions({"x-b": [1, {"z": 1, "a": [2]}], "x-a": "t"})
    assert list(ext) == ["x-a", "x-b"]
    assert hash(ext) == hash(Extensions({"x-a": "t", "x-b": (1, {"a": (2,), "z": 1})}))
    with pytest.raises(AttributeError):
        ext._items = {}  # type: ignore[misc]
    with pytest.raises(ValueError, match="must start with 'x-'"):
        Extensions({"ticket": 1})
    with pytest.raises(ValueError, match="not a JSON number"):
        Extensions({"x-a": float("nan")})
    with pytest.raises(TypeError, match="set is not a JSON value"):
        Extensions({"x-a": {1}})
    activity = ProcessingActivity(id="a", name="A", extensions=ext)
    assert {activity: 1}[ProcessingActivity(id="a", name="A", extensions=ext)] == 1


@attrs.frozen(kw_only=True)
class TicketedActivity(ProcessingActivity):
    ticket: str = "none"


@attrs.frozen(kw_only=True)
class PlainSubclass(ProcessingActivity):
    pass


def test_a_subclass_with_a_field_of_its_own_is_refused_not_dropped() -> None:
    register = from_dict(document())
    ticketed = attrs.evolve(
        register, activities=(TicketedActivity(id="a", name="A", ticket="DPO-1"),)
    )
    with pytest.raises(TypeError, match="adds the field\\(s\\) ticket to ProcessingActivity"):
        dumps(ticketed)
    plain = attrs.evolve(register, activities=(PlainSubclass(id="a", name="A"),))
    assert loads(dumps(plain)).activities == (ProcessingActivity(id="a", name="A"),)


def test_the_report_lists_extension_fields_and_the_activity_upkeep() -> None:
    from gdprkit.render.report import render_report

    data = document()
    data["activities"][0].update(owner="Head of sales", status="retired", next_review="2027-01-31")
    register = from_dict(data)
    text = render_report(register, validate(register), format="markdown", lang="en")
    organisation = text[text.index("## Organisation") : text.index("## 1.")]
    assert '- `controller.x-group`: {"parent": "Holding", "share": 0.51}' in organisation
    assert '- `x-owner-team`: "Legal"' in organisation
    assert "- `controller.contact.x-verified`: true" in organisation
    activity = text[text.index("## 1.") :]
    assert "- **Owner**: Head of sales" in activity
    assert "- **Status**: Retired" in activity
    assert "- **Next review**: 31 January 2027" in activity
    # Markdown escapes the brackets of the JSON text.
    assert '- `x-systems`: \\["crm", "erp"\\]' in activity
    assert '- `purposes[0].legal_bases[0].x-reviewed`: \\["2026-01-05", null, 3\\]' in activity
    assert '- `data_categories[0].retention.x-source`: "policy §4"' in activity


def test_numbers_are_written_in_json_notation_on_every_path() -> None:
    register = from_dict({"schema_version": 1, "controller": {"name": "A", "x-f": [1e-9, 0.5, 3]}})
    expected = json.dumps(to_dict(register), ensure_ascii=False, indent=2) + "\n"
    assert '"x-f": [\n      1e-09,\n      0.5,\n      3\n    ]' in expected
    assert dumps(register) == expected
    fast = make_writer(Register, orjson, version=serialization.SCHEMA_VERSION)
    assert fast(register).decode() == expected
    assert loads(expected) == register


def _json_extensions(value: object, path: str = "") -> list[tuple[str, str, object]]:
    """The ``x-`` keys of a JSON document with their element's path, in the
    order of the model's fields (an object's extension fields come first)."""
    found: list[tuple[str, str, object]] = []
    if isinstance(value, dict):
        found += [(path, k, v) for k, v in sorted(value.items()) if k.startswith("x-")]
        for key, item in value.items():
            if key.startswith("x-"):
                continue
            here = f"{path}.{key}" if path else key
            if isinstance(item, list):
                for index, element in enumerate(item):
                    found += _json_extensions(element, f"{here}[{index}]")
            else:
                found += _json_extensions(item, here)
    return found


def test_walk_extensions_gives_every_field_with_its_path_in_document_order() -> None:
    data = to_dict(from_dict(document()))
    walked = [
        (path, key, thaw(value)) for path, key, value in walk_extensions(from_dict(document()))
    ]
    assert walked == _json_extensions(data)
    assert ("activities[0].purposes[0].legal_bases[1]", "x-reviewed", 1) in walked
    inside = walk_extensions(from_dict(document()).activities[0], "activities[0]")
    assert [p for p, _, _ in inside][:3] == [
        "activities[0]",
        "activities[0]",
        "activities[0].purposes[0].legal_bases[0]",
    ]
    assert list(walk_extensions("not an element")) == []
    skipped = walk_extensions(from_dict(document()), skip=("activities",))
    assert [p for p, _, _ in skipped] == ["", "controller", "controller.contact"]


def _probed(value: object) -> int:
    """Add ``x-probe`` to every object of a register's JSON that may carry
    extension fields (all but the translations' entries); how many."""
    added = 0
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "translations":
                added += _probed(item)
        value["x-probe"] = 1
        added += 1
    elif isinstance(value, list):
        added += sum(_probed(item) for item in value)
    return added


@pytest.mark.parametrize(
    "path", sorted(Path(__file__).parents[2].joinpath("examples/registers").glob("*.json"))
)
def test_walk_extensions_reaches_every_element_of_the_example_registers(path: Path) -> None:
    # The walk reads only the fields that may hold elements or extension fields,
    # worked out from each class's type hints: an extension field on every element
    # of a real register is found, where it stands.
    data = json.loads(path.read_text(encoding="utf-8"))
    added = _probed(data)
    register = from_dict(data)
    walked = [(p, key, thaw(value)) for p, key, value in walk_extensions(register)]
    assert len(walked) == added
    assert walked == _json_extensions(to_dict(register))
