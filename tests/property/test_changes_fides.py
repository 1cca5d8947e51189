"""Heavy property suites for the diff and the Fides exchange (opt-in: ``pytest -m property``)."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings

import gdprkit
from gdprkit import Register
from gdprkit.render.changes import format_diff_json, format_diff_markdown, format_diff_text
from gdprkit.render.fides import export_fides, import_fides
from gdprkit.testing import registers


pytestmark = pytest.mark.property

HEAVY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HEAVY
@given(registers(max_activities=4))
def test_a_register_against_itself_has_no_change(register: Register) -> None:
    assert not gdprkit.diff(register, register).changed


@HEAVY
@given(registers(max_activities=4), registers(max_activities=4))
def test_no_change_means_the_same_activities(old: Register, new: Register) -> None:
    ids = [a.id for a in (*old.activities, *new.activities)]
    assume(len({a.id for a in old.activities}) == len(old.activities))
    assume(len({a.id for a in new.activities}) == len(new.activities))
    result = gdprkit.diff(old, new)
    if not result.changed:
        assert sorted(old.activities, key=lambda a: a.id) == sorted(
            new.activities, key=lambda a: a.id
        ), ids
    text = format_diff_text(result)
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert "\r" not in format_diff_markdown(result)
    assert json.loads(format_diff_json(result))["changed"] is result.changed


@HEAVY
@given(registers(max_activities=4))
def test_every_register_exports_to_a_manifest_fideslang_accepts(register: Register) -> None:
    fideslang_models = pytest.importorskip("fideslang.models")
    text, _ = export_fides(register)
    fideslang_models.Taxonomy.model_validate(yaml.safe_load(text))
    again, _ = import_fides(text)
    assert len(again.activities) == sum(len(a.purposes) for a in register.activities)
