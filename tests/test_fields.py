"""The ``repr``, ``==`` and ``hash`` gdprkit's attrs classes share instead of
methods generated and compiled per class (a cost at every start-up): they behave
as attrs' generated methods."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

import attrs
import pytest

import gdprkit
from gdprkit._fields import fields_eq, fields_hash, fields_repr
from tests.conftest import ROOT
from tests.model.test_field_coverage import filled


_SHARING = (
    "gdprkit.model",
    "gdprkit.reference",
    "gdprkit.config",
    "gdprkit.checking",
    "gdprkit.cli",
)
"""The modules whose classes share the methods: those every command
line start builds."""


def _classes() -> list[type]:
    found: dict[str, type] = {}
    names = [m.name for m in pkgutil.walk_packages(gdprkit.__path__, "gdprkit.")]
    for name in names:
        if not name.startswith(_SHARING):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__ == name:
                found[f"{name}.{value.__qualname__}"] = value
    return sorted(found.values(), key=lambda c: (c.__module__, c.__qualname__))


CLASSES = _classes()


def _generated(cls: type) -> type:
    """A subclass of *cls* adding no field, with the methods attrs generates:
    they are called with instances of *cls*."""
    return attrs.frozen(type(cls.__name__, (cls,), {}), repr=True, eq=True)


def _attrs_objects(value: object, seen: dict[int, object]) -> None:
    if attrs.has(type(value)):
        if id(value) in seen:
            return
        seen[id(value)] = value
        for field in attrs.fields(type(value)):
            _attrs_objects(getattr(value, field.name), seen)
    elif isinstance(value, (tuple, frozenset, list)):
        for item in value:
            _attrs_objects(item, seen)
    elif isinstance(value, Mapping):
        for item in value.values():
            _attrs_objects(item, seen)


def test_every_class_started_by_the_command_line_shares_them() -> None:
    assert len(CLASSES) > 40
    assert [c for c in CLASSES if c.__repr__ is not fields_repr] == []
    assert [c for c in CLASSES if c.__eq__ is not fields_eq] == []
    assert [c for c in CLASSES if c.__hash__ is not fields_hash] == []


def _objects() -> list[object]:
    """Objects of (nearly) every class: the model filled in, the example
    registers, the reference data, the default configuration."""
    from gdprkit import reference
    from gdprkit.checking import Options
    from gdprkit.config import Config
    from gdprkit.reference import _load, cnil, eprivacy, repealed

    seen: dict[int, object] = {}
    _attrs_objects(filled(gdprkit.Register), seen)
    for path in sorted((ROOT / "examples" / "registers").glob("*.json")):
        _attrs_objects(gdprkit.loads(path.read_text(encoding="utf-8")), seen)
    for facts in (
        cnil.retention_caps(),
        cnil.legal_periods(),
        cnil.dpia_list(),
        cnil.france(),
        cnil.card_security_code(),
        eprivacy.trackers(),
        repealed.repealed(),
        reference.data_files(),
        reference.supervisory_authorities(),
        reference.adequacy_decisions(),
        _load.eea_by_code(),
        _load.mechanisms(),
        _load.consent_ages_by_country(),
        _load.consent_age_limits(),
        Config(),
        Options(),
    ):
        _attrs_objects(facts, seen)
    return list(seen.values())


OBJECTS = _objects()


def test_they_cover_nearly_every_class() -> None:
    assert len({type(value) for value in OBJECTS}) > 40


def test_repr_prints_what_attrs_prints() -> None:
    for value in OBJECTS:
        assert repr(value) == _generated(type(value)).__repr__(value)


def test_eq_and_hash_answer_as_attrs_does() -> None:
    by_class: dict[type, list[object]] = {}
    for value in OBJECTS:
        by_class.setdefault(type(value), []).append(value)
    for kind, values in by_class.items():
        generated = _generated(kind).__eq__
        for a in values[:12]:
            same = attrs.evolve(a) if any(f.init for f in attrs.fields(kind)) else a
            assert a == same
            assert not a != same  # noqa: SIM202 - the operator itself is tested
            assert hash(a) == hash(same)
            assert a.__eq__(object()) is NotImplemented
            for b in values[:12]:
                assert (a == b) is generated(a, b)
                if a == b:
                    assert hash(a) == hash(b)


@attrs.frozen(kw_only=True, repr=False)
class _Shared:
    __repr__ = fields_repr

    name: str
    secret: str = attrs.field(default="x", repr=False)
    shown: int = attrs.field(default=3, repr=lambda n: f"<{n}>")
    later: int = attrs.field(init=False)
    items: list[object] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class _Generated:
    name: str
    secret: str = attrs.field(default="x", repr=False)
    shown: int = attrs.field(default=3, repr=lambda n: f"<{n}>")
    later: int = attrs.field(init=False)
    items: list[object] = attrs.field(factory=list)


@pytest.mark.parametrize("kind", [_Shared, _Generated])
def test_hidden_fields_own_reprs_unset_fields_and_cycles(kind: type) -> None:
    outer = kind(name="a'b", items=[1])
    outer.items.append(outer)
    outer.items.append(kind(name="inner"))
    # The same text whichever way the repr was made.
    name = kind.__name__
    assert repr(outer) == (
        f'{name}(name="a\'b", shown=<3>, later=NOTHING, items=[1, ..., '
        f"{name}(name='inner', shown=<3>, later=NOTHING, items=[])])"
    )
    assert repr(outer) == repr(outer)  # nothing left marked as being shown


@attrs.frozen(repr=False, eq=False)
class _SharedEq:
    __eq__ = fields_eq
    __hash__ = fields_hash

    name: str = attrs.field(eq=str.lower)
    note: str = attrs.field(default="", eq=False)
    count: int = 0


@attrs.frozen
class _GeneratedEq:
    name: str = attrs.field(eq=str.lower)
    note: str = attrs.field(default="", eq=False)
    count: int = 0


@attrs.frozen(repr=False, eq=False)
class _One:
    __eq__ = fields_eq
    __hash__ = fields_hash

    count: int


@pytest.mark.parametrize("kind", [_SharedEq, _GeneratedEq])
def test_eq_keys_fields_left_out_and_other_classes(kind: type) -> None:
    values = [kind("A"), kind("a", "other note"), kind("a", count=1), kind("B")]
    assert [[a == b for b in values] for a in values] == [
        [True, True, False, False],
        [True, True, False, False],
        [False, False, True, False],
        [False, False, False, True],
    ]
    assert hash(values[0]) == hash(values[1])
    assert kind("A") != _One(0)
    assert _One(3) == _One(3)
    assert _One(3) != _One(4)
    assert hash(_One(3)) == hash(_One(3))
