"""The cnil profile's fast paths give the answers of the plain definitions they
stand in for: the compiled DPIA list (DpiaList.matching) against
DpiaType.matches, and the memoised legal-period lookups against the
unmemoised ones."""

from __future__ import annotations

import random
from collections.abc import Iterable

import attrs
import pytest

import gdprkit
from gdprkit.model import (
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DpiaCriterion,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    SourceKind,
    SubjectKind,
)
from gdprkit.reference import cnil
from gdprkit.rules.packs.cnil import retention
from gdprkit.rules.packs.cnil.retention import _longest_period
from tests.conftest import ROOT


def _activity(
    tags: Iterable[PurposeTag] = (),
    data_kinds: Iterable[DataKind] = (),
    subject_kinds: Iterable[SubjectKind] = (),
    source_kinds: Iterable[SourceKind] = (),
    criteria: Iterable[DpiaCriterion] = (),
) -> ProcessingActivity:
    return ProcessingActivity(
        id="a",
        name="A",
        purposes=(Purpose(name="p", tags=tuple(tags)),),
        data_categories=tuple(DataCategory(name="d", kind=k) for k in data_kinds),
        data_subjects=tuple(DataSubjectCategory(name="s", kind=k) for k in subject_kinds),
        sources=tuple(DataSource(kind=k) for k in source_kinds),
        dpia_criteria=tuple(criteria),
    )


def _plainly(listed: cnil.DpiaList, activity: ProcessingActivity) -> tuple[cnil.DpiaType, ...]:
    return tuple(t for t in listed.types if t.matches(activity))


@pytest.mark.parametrize("density", [0.03, 0.1, 0.3])
def test_dpia_matching_agrees_with_the_definition(density: float) -> None:
    listed = cnil.dpia_list()
    rng = random.Random(f"dpia-{density}")  # noqa: S311 - test data, not cryptography
    matched = 0
    for _ in range(500):
        activity = _activity(
            tags=[t for t in PurposeTag if rng.random() < density],
            data_kinds=[k for k in DataKind if rng.random() < density],
            subject_kinds=[k for k in SubjectKind if rng.random() < density],
            source_kinds=[k for k in SourceKind if rng.random() < density],
            criteria=[c for c in DpiaCriterion if rng.random() < density],
        )
        found = listed.matching(activity)
        assert found == _plainly(listed, activity)
        matched += bool(found)
    assert matched  # the sample does exercise the list


def test_dpia_matching_of_each_type() -> None:
    listed = cnil.dpia_list()
    for kind in listed.types:
        if not kind.conditions:
            continue
        # Every item every condition names: the type matches.
        activity = _activity(
            tags=[t for c in kind.conditions for t in c.purpose_tags],
            data_kinds=[k for c in kind.conditions for k in c.data_kinds],
            subject_kinds=[k for c in kind.conditions for k in c.subject_kinds],
            source_kinds=[k for c in kind.conditions for k in c.source_kinds],
            criteria=[k for c in kind.conditions for k in c.criteria],
        )
        assert kind in listed.matching(activity)
        assert listed.matching(activity) == _plainly(listed, activity)
    assert listed.matching(_activity()) == ()


def test_dpia_matching_keeps_dimensions_apart() -> None:
    # DataKind.OTHER and SubjectKind.OTHER share the id "other": a condition on
    # one must not be met by the other.
    assert DataKind.OTHER.value == SubjectKind.OTHER.value
    listed = cnil.DpiaList(
        source="test",
        status="unverified",
        checked=cnil.dpia_list().checked,
        types=(
            cnil.DpiaType(
                number=1,
                label="other data",
                conditions=(cnil.DpiaCondition(data_kinds=frozenset({DataKind.OTHER})),),
            ),
            cnil.DpiaType(number=2, label="unrecognisable", conditions=None),
            cnil.DpiaType(number=3, label="no condition", conditions=()),
        ),
    )
    assert listed.matching(_activity(subject_kinds=[SubjectKind.OTHER])) == ()
    assert [t.number for t in listed.matching(_activity(data_kinds=[DataKind.OTHER]))] == [1]


@pytest.mark.parametrize(
    "ground",
    [
        "Code de commerce, art. L. 123-22",
        "Code civil 2224 et Code de commerce L123-22",
        "CMF L133-24 ; Code civil art. 2224",
        "Code de commerce L110-4 et Code civil 2224",
        "Code de commerce",
        "2224",
    ],
)
def test_legal_periods_found_by_the_normalised_search(ground: str) -> None:
    plain = tuple(p for p in cnil.legal_periods() if p.cited_in(ground))
    assert cnil.legal_periods_for(ground) == plain
    longest = _longest_period(ground)
    if not plain:
        assert longest is None
    else:
        assert longest in plain
        assert all(p.period.compare(longest.period) != 1 for p in plain)


def test_the_legal_period_of_a_ground_is_worked_out_once_per_validation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the memo lives in the validation's context, not in the process
    register = gdprkit.load(ROOT / "examples/registers/present-infini.json")
    register = attrs.evolve(
        register,
        activities=tuple(
            attrs.evolve(a, id=f"{a.id}-{n}") for n in range(3) for a in register.activities
        ),
    )
    grounds = {
        (c.retention.archive.legal_ground or "").strip()
        for a in register.activities
        for c in a.data_categories
        if c.retention and c.retention.archive and c.retention.archive.duration
    } - {""}
    assert grounds
    asked: list[str] = []

    def counted(ground: str) -> cnil.LegalPeriod | None:
        asked.append(ground)
        return _longest_period(ground)

    monkeypatch.setattr(retention, "_longest_period", counted)
    for _ in range(2):
        gdprkit.validate(register, profiles=("cnil",), select=("CNIL102",))
    assert sorted(asked) == sorted([*grounds, *grounds])
