"""The benchmark harness (benchmarks/run.py) times what it says it times.

No timing is asserted here: only that a contender with a preparation gets a
fresh argument for every call, made outside the timed region, that the
full collections of the collector-on lines are counted, and that the
comparison of versions runs each in a process of its own.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from benchmarks.run import Contender, _full_collections, measure


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


def test_the_targets_table_lists_every_target_even_unmeasured() -> None:
    from benchmarks.run import targets

    text, checks = targets({}, {}, {}, [], {})
    labels = [c["target"] for c in checks]
    assert all(c["status"] == "NOT MEASURED" for c in checks)
    for expected in (
        "gdprkit validate --profile gdpr --profile cnil",
        "gdprkit --help",
        "locating findings",
        "≤ 5 × orjson.loads, collector off",
        "≤ 5 × orjson.loads, collector on",
        "loads + validate (gdpr+cnil): time per activity at 100,000",
        "loads + validate (gdpr+cnil), collector on: time per activity at 100,000",
        "notice (markdown): time per activity",
        "notice (html): time per activity",
        "report (html): time per activity",
        "report (markdown): time per activity",
        "export (csv): time per activity",
        "export (xlsx): time per activity",
        "export (ods): time per activity",
        "export (csv), 10,000 activities ≤ 5 × gdprkit.dumps",
        "export (xlsx), 1,000 activities ≤ 5 × export (csv)",
        "peak memory of export (csv)",
        "peak memory of export (xlsx)",
        "peak memory of export (ods)",
        "gdprkit.dumps, 10,000 activities ≤ 4 × orjson.dumps",
    ):
        assert sum(expected in label for label in labels) == 1, expected
    assert len(labels) == 20
    assert text.count("| NOT MEASURED |") == 20


def test_full_collections_are_counted_on_collector_on_lines_only() -> None:
    on = Contender("z, collector on", lambda: gc.collect(), "collector", True)
    off = Contender("w", lambda: gc.collect(), "test")
    result_on, result_off = measure([on, off], rounds=2, min_time=0.0, calibrate=False)
    assert result_on.full == [1.0, 1.0]  # one gc.collect() per call
    assert result_off.full == []
    assert _full_collections([result_on, result_off]).endswith(": z 1")


def test_versions_times_each_named_checkout_in_processes_of_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from benchmarks import versions

    root = str(Path(__file__).resolve().parent.parent)
    argv = ["--size", "5", "--processes", "1", "--calls", "1", f"a={root}", f"b={root}:GDPR505"]
    assert versions.main(argv) == 0
    table = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in capsys.readouterr().out.splitlines()
        if line.startswith(("| a ", "| b "))
    }
    assert table["b"] == "1"  # validated with the one rule selected
    assert int(table["a"]) > 1


def test_every_line_of_a_run_at_its_smallest_size_runs(tmp_path: Path) -> None:
    # Each line is made and called once, untimed: a line reaching for code that
    # moved (a renamed private function of an ablation) fails here, not in the
    # next whole run of the benchmark.
    from benchmarks.generate import generate_bytes
    from benchmarks.run import contenders

    lines, _ = contenders(20, generate_bytes(20), tmp_path, ablate=True)
    names = [line.name for line in lines]
    assert "field types of the model, evaluated (start-up)" in names
    assert "loads + validate (gdpr+cnil)" in names
    for line in lines:
        if line.prepare is not None:
            line.run(line.prepare())
        else:
            line.run()
