from __future__ import annotations

import attrs
import pytest

from gdprkit.model import (
    Controller,
    DeclaredRight,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Register,
    Right,
)


def test_classes_are_frozen_and_keyword_only() -> None:
    activity = ProcessingActivity(id="a", name="A")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        activity.name = "B"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ProcessingActivity("a", "A")  # type: ignore[misc]


def test_a_register_with_legal_flaws_is_built() -> None:
    # No lawful basis, no data categories: still a register, to be reported on.
    flawed = ProcessingActivity(id="x", name="X", purposes=(Purpose(name="newsletter"),))
    register = Register(controller=Controller(name="ACME"), activities=(flawed,))
    assert register.activity("x") is flawed
    with pytest.raises(KeyError):
        register.activity("missing")


def test_derived_views() -> None:
    activity = ProcessingActivity(
        id="m",
        name="Marketing",
        purposes=(
            Purpose(
                name="newsletter",
                legal_bases=(LegalBasis(basis=LawfulBasis.CONSENT),),
                tags=(PurposeTag.DIRECT_MARKETING,),
            ),
            Purpose(
                name="stats", legal_bases=(LegalBasis(basis=LawfulBasis.LEGITIMATE_INTERESTS),)
            ),
        ),
    )
    assert activity.lawful_bases == {LawfulBasis.CONSENT, LawfulBasis.LEGITIMATE_INTERESTS}
    assert activity.tags == {PurposeTag.DIRECT_MARKETING}


def test_rights_fall_back_to_the_register() -> None:
    general = (DeclaredRight(right=Right.ACCESS),)
    own = (DeclaredRight(right=Right.ERASURE),)
    register = Register(controller=Controller(name="ACME"), rights=general)
    assert register.rights_of(ProcessingActivity(id="a", name="A")) == general
    assert register.rights_of(ProcessingActivity(id="b", name="B", rights=own)) == own
    assert register.rights_of(ProcessingActivity(id="c", name="C", rights=())) == ()


def test_derived_views_are_not_fields() -> None:
    import pickle

    from gdprkit.model import Art9Condition, DataCategory, DataKind
    from gdprkit.serialization import dumps, loads

    activity = ProcessingActivity(
        id="h",
        name="Health",
        purposes=(
            Purpose(
                name="care",
                legal_bases=(
                    LegalBasis(
                        basis=LawfulBasis.PUBLIC_TASK,
                        special_condition=Art9Condition.EXPLICIT_CONSENT,
                    ),
                ),
            ),
        ),
        data_categories=(
            DataCategory(name="health", kind=DataKind.HEALTH),
            DataCategory(name="id", kind=DataKind.IDENTITY),
        ),
    )
    assert activity.special_conditions == {Art9Condition.EXPLICIT_CONSENT}
    assert activity.data_kinds == {DataKind.HEALTH, DataKind.IDENTITY}
    assert activity.lawful_bases == {LawfulBasis.PUBLIC_TASK}
    # Plain properties: no __getattr__ hook slowing every attribute read (what
    # attrs adds for a functools.cached_property on a slotted class).
    assert not hasattr(ProcessingActivity, "__getattr__")
    # Not fields: equality, serialisation, pickling and evolve ignore them.
    names = {a.name for a in attrs.fields(ProcessingActivity)}
    assert names.isdisjoint({"lawful_bases", "special_conditions", "data_kinds", "tags"})
    fresh = attrs.evolve(activity, purposes=())
    assert fresh.lawful_bases == frozenset()
    assert fresh.special_conditions == frozenset()
    assert pickle.loads(pickle.dumps(activity)) == activity  # noqa: S301 - our own bytes
    register = Register(controller=Controller(name="ACME"), activities=(activity,))
    assert '"lawful_bases"' not in dumps(register)
    assert loads(dumps(register)).activities[0].data_kinds == activity.data_kinds
