"""Quick versions of the property suites, run by default (the heavy ones are in
tests/property and run with ``pytest -m property``)."""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.property.test_roundtrip import _mutations

import gdprkit
from gdprkit import LoadError, Register
from gdprkit.testing import registers


QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(registers(max_activities=3))
def test_round_trip(register: Register) -> None:
    text = gdprkit.dumps(register)
    assert gdprkit.loads(text) == register
    assert gdprkit.dumps(gdprkit.loads(text)) == text


@QUICK
@given(registers(max_activities=2), st.randoms(use_true_random=False))
def test_mutations_give_load_errors_only(register: Register, rng: random.Random) -> None:
    data = _mutations(gdprkit.to_dict(register), rng)
    try:
        gdprkit.loads(json.dumps(data))
    except LoadError as error:
        assert error.problems  # noqa: PT017 - the property is about what escapes
