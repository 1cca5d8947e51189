"""The benchmark harness (benchmarks/run.py) times what it says it times.

No timing is asserted here: only that a contender with a preparation gets a
fresh argument for every call, made outside the timed region.
"""

from __future__ import annotations

from benchmarks.run import Contender, measure


def test_a_prepared_contender_gets_a_fresh_argument_per_call() -> None:
    made: list[object] = []
    seen: list[object] = []

    def prepare() -> object:
        made.append(object())
        return made[-1]

    contender = Contender("x", seen.append, "test", prepare=prepare)
    (result,) = measure([contender], rounds=3, min_time=0.0, calibrate=False)
    assert len(result.wall) == 3
    assert len(seen) == 3
    assert [id(a) for a in seen] == [id(a) for a in made]


def test_a_plain_contender_is_called_without_argument() -> None:
    calls: list[None] = []
    contender = Contender("y", lambda: calls.append(None), "test")
    (result,) = measure([contender], rounds=2, min_time=0.0)
    assert len(result.wall) == 2
    assert len(calls) == 3  # the warm-up, then one call per round
