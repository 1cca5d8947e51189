"""The ``repr`` gdprkit's attrs classes share instead of one generated per class
(a cost at every start-up): it prints what attrs' generated ``__repr__`` prints."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

import attrs
import pytest

import gdprkit
from gdprkit._repr import fields_repr
from tests.conftest import ROOT
from tests.model.test_field_coverage import filled


_SHARING = (
    "gdprkit.model",
    "gdprkit.reference",
    "gdprkit.config",
    "gdprkit.checking",
    "gdprkit.cli",
)
"""The modules whose classes share :func:`fields_repr`: those every command
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


def _generated(cls: type) -> object:
    """The ``__repr__`` attrs generates for *cls*'s fields (on a subclass
    adding none: it is called with instances of *cls*)."""
    twin = attrs.frozen(type(cls.__name__, (cls,), {}), repr=True)
    return twin.__repr__


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


def test_every_class_started_by_the_command_line_shares_it() -> None:
    assert len(CLASSES) > 40
    assert [c for c in CLASSES if c.__repr__ is not fields_repr] == []


def test_it_prints_what_attrs_prints_for_the_model_and_the_reference_data() -> None:
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
    kinds = {type(value) for value in seen.values()}
    assert len(kinds) > 40
    for value in seen.values():
        assert repr(value) == _generated(type(value))(value)


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
