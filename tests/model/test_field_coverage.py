"""No field is ever dropped silently: every field of every model class has a place in
every export and in the Hypothesis strategies.

The check is structural, so that a field added to the model is covered without
a change here: :func:`filled` builds a register in which every field of every
class reachable from ``Register`` (``attrs.fields``, recursively) holds a value
other than its default, and :func:`lost_fields` names each field whose value
does not come back from an export and its import.  A field with no place in an
export (a spreadsheet column or the complements block) comes back at its
default and is named; the last tests show it on a layout with a column removed.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdprkit
from gdprkit.model import CountryCode, Duration, Extensions, Register
from gdprkit.render.spreadsheet import export_register, import_register
from gdprkit.serialization.schema import json_schema
from gdprkit.testing import field_strategies


def model_classes(root: type = Register) -> list[type]:
    """Every attrs class reachable from *root* through its fields' types."""
    found: list[type] = []

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if isinstance(tp, type) and attrs.has(tp) and tp not in found:
            found.append(tp)
            for tp_field in typing.get_type_hints(tp).values():
                visit(tp_field)

    visit(root)
    return found


def _other_member(cls: type[enum.Enum], default: object) -> enum.Enum:
    return next(m for m in cls if m != default)


def _value(tp: Any, default: object, where: str) -> Any:
    """A value of the annotation *tp* that is not *default*."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = (a for a in args if a is not type(None))
        return _value(inner, attrs.NOTHING, where)
    if origin is tuple:
        return (_value(args[0], attrs.NOTHING, where),)
    if tp is str:
        return f"{where} text"
    if tp is bool:
        return default is not True
    if tp is int:
        return 7
    if tp is dt.date:
        return dt.date(2026, 5, 4)
    if tp is Duration:
        return Duration(years=2, months=3, weeks=1, days=4)
    if tp is CountryCode:
        return CountryCode("DE")
    if tp is Extensions:
        return Extensions({"x-probe": [where, 1]})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _other_member(tp, default)
    if isinstance(tp, type) and attrs.has(tp):
        return filled(tp)
    msg = f"no value for {tp!r}: teach filled() this type"
    raise TypeError(msg)


def filled(cls: type) -> Any:
    """An instance of *cls* whose every field, recursively, is not at its default."""
    hints = typing.get_type_hints(cls)
    return cls(
        **{
            a.name: _value(hints[a.name], a.default, f"{cls.__name__}.{a.name}")
            for a in attrs.fields(cls)
        }
    )


def _fields_of(obj: object) -> Iterator[tuple[object, attrs.Attribute[Any]]]:
    """Every (instance, field) of the model objects in *obj*, recursively."""
    if attrs.has(type(obj)):
        for a in attrs.fields(type(obj)):
            yield obj, a
            yield from _fields_of(getattr(obj, a.name))
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _fields_of(item)


def lost_fields(original: object, back: object) -> set[str]:
    """``Class.field`` for every field whose value differs between *original*
    and *back* (objects compared field by field, arrays item by item)."""
    lost: set[str] = set()

    def compare(a: object, b: object) -> None:
        if attrs.has(type(a)) and type(a) is type(b):
            for field in attrs.fields(type(a)):
                x, y = getattr(a, field.name), getattr(b, field.name)
                if x != y:
                    if attrs.has(type(x)) or (isinstance(x, tuple) and isinstance(y, tuple)):
                        before = len(lost)
                        compare(x, y)
                        if len(lost) > before:
                            continue
                    lost.add(f"{type(a).__name__}.{field.name}")
        elif isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            for x, y in zip(a, b, strict=True):
                compare(x, y)

    compare(original, back)
    return lost


REGISTER = filled(Register)
FIELDS = [(cls, a.name) for cls in model_classes() for a in attrs.fields(cls)]


def test_the_filled_register_sets_every_field_of_every_class() -> None:
    unset = {f"{cls.__name__}.{name}" for cls, name in FIELDS}
    for obj, field in _fields_of(REGISTER):
        if getattr(obj, field.name) != field.default:
            unset.discard(f"{type(obj).__name__}.{field.name}")
    assert unset == set()
    assert len(model_classes()) >= 20


def test_json_keeps_every_field() -> None:
    assert lost_fields(REGISTER, gdprkit.loads(gdprkit.dumps(REGISTER))) == set()
    assert gdprkit.loads(gdprkit.dumps(REGISTER)) == REGISTER


def test_the_schema_has_a_place_for_every_field() -> None:
    schema_of = {**json_schema()["$defs"], "Register": json_schema()}
    for cls, name in FIELDS:
        if cls is Duration:  # written as ISO 8601 text, not as an object
            continue
        schema = schema_of[cls.__name__]
        if typing.get_type_hints(cls)[name] is Extensions:
            assert "patternProperties" in schema, cls
        else:
            assert name in schema["properties"], f"{cls.__name__}.{name}"


def _round_trip(fmt: str, tmp_path: Path) -> Callable[[Register], Register]:
    def run(register: Register) -> Register:
        path = tmp_path / f"register.{fmt}"
        export_register(register, path, format=fmt)
        back, _ = import_register(path)
        return back

    return run


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_the_spreadsheet_keeps_every_field(fmt: str, tmp_path: Path) -> None:
    pytest.importorskip({"csv": "csv", "xlsx": "openpyxl", "ods": "odf"}[fmt])
    back = _round_trip(fmt, tmp_path)(REGISTER)
    assert lost_fields(REGISTER, back) == set()
    assert back == REGISTER


def test_a_field_without_a_spreadsheet_place_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the check reports when a field has no column: here the owner's
    column is taken out of the layout, as if the field had been added to the
    model and not to the spreadsheet."""
    from gdprkit.render.spreadsheet import export as export_module
    from gdprkit.render.spreadsheet import reader as reader_module

    layout = [c for c in export_module.DESCRIPTION if c.path != "owner"]
    monkeypatch.setattr(export_module, "DESCRIPTION", layout)
    monkeypatch.setattr(reader_module, "DESCRIPTION", layout)
    back = _round_trip("csv", tmp_path)(REGISTER)
    assert lost_fields(REGISTER, back) == {"ProcessingActivity.owner"}


def test_a_dropped_field_deep_in_an_array_is_named() -> None:
    activity = REGISTER.activities[0]
    basis = attrs.evolve(activity.purposes[0].legal_bases[0], note=None)
    purpose = attrs.evolve(activity.purposes[0], legal_bases=(basis,))
    damaged = attrs.evolve(REGISTER, activities=(attrs.evolve(activity, purposes=(purpose,)),))
    assert lost_fields(REGISTER, damaged) == {"LegalBasis.note"}


# -- the strategies ----------------------------------------------------------------------


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_the_strategies_generate_every_field(cls: type) -> None:
    strategies = field_strategies(cls)
    assert set(strategies) == {a.name for a in attrs.fields(cls)}
    defaults = {a.name: a.default for a in attrs.fields(cls)}
    seen: set[str] = set()

    @settings(
        max_examples=20,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries(strategies))
    def draw(values: dict[str, Any]) -> None:
        seen.update(name for name, value in values.items() if value != defaults[name])

    draw()
    assert seen == set(defaults), f"never generated: {set(defaults) - seen}"
