"""The fuzz suite: mutated registers and spreadsheets against every promise.

``-m fuzz`` runs as many cases as ``GDPRKIT_FUZZ_DOCUMENTS`` and
``GDPRKIT_FUZZ_SPREADSHEETS`` say (10,000 and 2,000 by default; the
documented run, with its figures, is ``python -m tests.fuzz``).  The default
suite runs a short slice of the same cases.
"""

from __future__ import annotations

import os

import pytest

from tests.fuzz.harness import run


def test_a_short_slice_of_the_fuzz_run() -> None:
    tally = run(documents=150, spreadsheets=40, seed=1, formats=("csv",))
    assert tally.documents == 150
    assert tally.loaded > 20
    assert tally.refused > 20
    assert tally.spreadsheets == 40
    assert tally.imported > 5
    assert tally.cuts_refused > 5


@pytest.mark.fuzz
def test_the_fuzz_run() -> None:
    documents = int(os.environ.get("GDPRKIT_FUZZ_DOCUMENTS", "10000"))
    spreadsheets = int(os.environ.get("GDPRKIT_FUZZ_SPREADSHEETS", "2000"))
    seed = int(os.environ.get("GDPRKIT_FUZZ_SEED", "2"))
    tally = run(documents=documents, spreadsheets=spreadsheets, seed=seed)
    assert tally.documents == documents
    assert tally.spreadsheets == spreadsheets
