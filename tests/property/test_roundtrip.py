"""Heavy property suites (opt-in: ``pytest -m property``)."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdprkit
from gdprkit import LoadError, Register
from gdprkit.testing import registers


pytestmark = pytest.mark.property

HEAVY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HEAVY
@given(registers(max_activities=8))
def test_round_trip_is_lossless_and_deterministic(register: Register) -> None:
    text = gdprkit.dumps(register)
    again = gdprkit.loads(text)
    assert again == register
    assert gdprkit.dumps(again) == text


def _mutations(data: Any, rng: random.Random) -> Any:
    """Replace one random node of a JSON document by a random value."""
    junk = rng.choice(
        [None, 0, -1, 1.5, True, "", "x", "P", "2024-13-01", [], {}, {"a": 1}, [1, "x"]]
    )
    if isinstance(data, dict) and data and rng.random() < 0.8:
        key = rng.choice(sorted(data))
        if rng.random() < 0.1:
            data = dict(data)
            data[key + "_typo"] = data.pop(key)
            return data
        return {**data, key: _mutations(data[key], rng)}
    if isinstance(data, list) and data and rng.random() < 0.8:
        index = rng.randrange(len(data))
        return [*data[:index], _mutations(data[index], rng), *data[index + 1 :]]
    return junk


@HEAVY
@given(registers(max_activities=4), st.randoms(use_true_random=False), st.integers(1, 5))
def test_loads_raises_only_load_error_on_mutated_documents(
    register: Register, rng: random.Random, rounds: int
) -> None:
    data = gdprkit.to_dict(register)
    for _ in range(rounds):
        data = _mutations(data, rng)
    try:
        loaded = gdprkit.loads(json.dumps(data))
    except LoadError as error:
        assert error.problems  # noqa: PT017 - the property is about what escapes
        for problem in error.problems:
            assert isinstance(problem.path, str)
            assert problem.message
    else:
        assert gdprkit.loads(gdprkit.dumps(loaded)) == loaded


@HEAVY
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_loads_never_raises_anything_else_on_garbage(blob: bytes | str) -> None:
    try:
        result = gdprkit.loads(blob)
    except LoadError as error:
        assert error.problems  # noqa: PT017 - the property is about what escapes
    else:
        assert isinstance(result, Register)
