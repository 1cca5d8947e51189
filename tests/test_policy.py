"""The shared legal policies: the notice and the rules agree on them."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import gdprkit
from gdprkit.model import (
    Controller,
    CountryCode,
    DataSource,
    DeclaredRight,
    Dpia,
    DpiaStatus,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Register,
    Right,
    Role,
    SourceKind,
)
from gdprkit.policy import (
    dpia_under_way,
    information_articles,
    is_direct_marketing,
    is_french,
    lacking_right,
    right_applies,
    right_excluded,
    rights_lists,
    supervisory_authority_for,
    told_under,
)
from gdprkit.reference import supervisory_authority
from gdprkit.render.notice import render_notice, rights_shown
from gdprkit.rules import EU, resolve
from tests.conftest import ROOT


EXAMPLES = sorted((ROOT / "examples" / "registers").glob("*.json"))
AS_OF = dt.date(2026, 1, 1)

# The rights the GDPR5xx rules ask for wherever they apply (GDPR501-506);
# automated-decision depends on the decisions, not on the bases, and
# directives after death are a French matter the notice alone decides.
ASKED = frozenset(Right) - {Right.AUTOMATED_DECISION, Right.POST_MORTEM_DIRECTIVES}
_CONTROLLER = (Role.CONTROLLER, Role.JOINT_CONTROLLER)


def _without_first_basis(register: Register) -> Register:
    """The register with the first purpose of every activity left without a
    lawful basis: the case where the notice and the rules once disagreed."""

    def strip(activity: ProcessingActivity) -> ProcessingActivity:
        if not activity.purposes:
            return activity
        first = attrs.evolve(activity.purposes[0], legal_bases=())
        return attrs.evolve(activity, purposes=(first, *activity.purposes[1:]))

    return attrs.evolve(register, activities=tuple(strip(a) for a in register.activities))


def _registers() -> list[tuple[str, Register]]:
    out = []
    for path in EXAMPLES:
        register = gdprkit.load(path)
        if all(a.role not in _CONTROLLER for a in register.activities):
            continue  # a processor's register: the rules check no rights there
        out += [(path.stem, register), (f"{path.stem}-unbased", _without_first_basis(register))]
    return out


def test_the_examples_have_rights_to_compare() -> None:
    assert len(_registers()) >= 8


def _declaring(register: Register, rights: tuple[DeclaredRight, ...]) -> Register:
    return attrs.evolve(
        register,
        activities=tuple(attrs.evolve(a, rights=rights) for a in register.activities),
    )


def _index(path: str) -> int:
    return int(path.split("[", 1)[1].split("]", 1)[0])


@pytest.mark.parametrize(
    ("name", "register"), _registers(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_notice_and_rules_agree_on_the_rights_of_every_activity(
    name: str, register: Register
) -> None:
    everything = _declaring(register, tuple(DeclaredRight(right=r) for r in Right))
    nothing = _declaring(register, ())
    # What the rules say, read from their findings: a right they report
    # missing when an activity declares none is needed; a right they report
    # as not applicable when an activity declares all of them is excluded.
    needed: dict[int, set[Right]] = {}
    for finding in gdprkit.validate(nothing, as_of=AS_OF, select=("GDPR5",)).findings:
        for path in (finding.path, *finding.also_at_paths):  # one defect, every place
            if path.startswith("activities[") and path.endswith("].rights"):
                needed.setdefault(_index(path), set()).update(
                    r for r in ASKED if f"({r.value})" in finding.message
                )
    excluded: dict[int, set[Right]] = {}
    for finding in gdprkit.validate(everything, as_of=AS_OF, select=("GDPR507",)).findings:
        i = _index(finding.path)
        k = int(finding.path.rsplit("[", 1)[1].rstrip("]"))
        excluded.setdefault(i, set()).add(list(Right)[k])
    for i, activity in enumerate(everything.activities):
        if activity.role not in _CONTROLLER:
            continue
        shown = set(rights_shown(everything, [activity]))
        where = f"{name}: activity {activity.name!r}"
        assert shown & ASKED == needed.get(i, set()), where
        assert not shown & excluded.get(i, set()), where


def _purpose(*bases: LawfulBasis, tags: tuple[PurposeTag, ...] = ()) -> Purpose:
    return Purpose(name="p", legal_bases=tuple(LegalBasis(basis=b) for b in bases), tags=tags)


def test_a_purpose_without_a_basis_keeps_the_rights_of_no_particular_basis() -> None:
    unbased = _purpose()
    for right in (Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION):
        assert right_applies(unbased, right), right
    for right in (Right.PORTABILITY, Right.OBJECTION, Right.WITHDRAW_CONSENT):
        assert not right_applies(unbased, right), right
        assert not right_excluded(unbased, right), right


def test_erasure_is_qualified_never_excluded_under_a_legal_obligation_or_public_task() -> None:
    # Art. 17(3)(b) applies only "to the extent" necessary; 17(1)(a), (d) still apply
    # and Art. 13(2)(b) asks for the right to be mentioned.
    for basis in (LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK):
        assert right_applies(_purpose(basis), Right.ERASURE), basis
        assert not right_excluded(_purpose(basis), Right.ERASURE), basis


def test_an_activity_is_the_sum_of_its_purposes() -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        role=Role.CONTROLLER,
        purposes=(_purpose(LawfulBasis.LEGAL_OBLIGATION), _purpose()),
    )
    assert right_applies(activity, Right.ERASURE)
    assert not right_excluded(activity, Right.ERASURE)
    marketing = attrs.evolve(
        activity,
        purposes=(_purpose(LawfulBasis.CONSENT, tags=(PurposeTag.PROSPECTION,)),),
    )
    assert is_direct_marketing(marketing)
    assert right_applies(marketing, Right.OBJECTION_DIRECT_MARKETING)
    assert right_excluded(
        attrs.evolve(activity, purposes=activity.purposes[:1]), Right.OBJECTION_DIRECT_MARKETING
    )


@pytest.mark.parametrize(
    ("sources", "art13", "art14"),
    [
        ((), True, False),  # no source recorded: collected from the person
        ((SourceKind.DATA_SUBJECT,), True, False),
        ((SourceKind.OBSERVED,), True, False),
        ((SourceKind.THIRD_PARTY,), False, True),
        ((SourceKind.PUBLIC,), False, True),
        ((SourceKind.DATA_SUBJECT, SourceKind.THIRD_PARTY), True, True),
    ],
)
def test_art13_or_art14_by_the_activitys_sources(
    sources: tuple[SourceKind, ...], art13: bool, art14: bool
) -> None:
    activity = ProcessingActivity(
        id="a",
        name="A",
        role=Role.CONTROLLER,
        sources=tuple(DataSource(kind=kind) for kind in sources),
    )
    assert information_articles(activity) == (art13, art14)
    # The notice's gaps cite what the rules cite: the same policy decides.
    expected = (
        *(("GDPR Art. 13(1)(d)",) if art13 else ()),
        *(("GDPR Art. 14(2)(b)",) if art14 else ()),
    )
    assert told_under((activity,), ("GDPR Art. 13(1)(d)",)) == expected


@pytest.mark.parametrize(
    ("status", "under_way"),
    [(s, s in (DpiaStatus.DONE, DpiaStatus.IN_PROGRESS)) for s in DpiaStatus],
)
def test_dpia_under_way(status: DpiaStatus, under_way: bool) -> None:
    activity = ProcessingActivity(id="a", name="A", role=Role.CONTROLLER, dpia=Dpia(status=status))
    assert dpia_under_way(activity) is under_way
    assert not dpia_under_way(attrs.evolve(activity, dpia=None))


def _controller_in(register: Register, country: str | None) -> Register:
    controller = attrs.evolve(register.controller, country=country)
    return attrs.evolve(register, controller=controller, supervisory_authority=None)


def test_the_authority_of_a_register_is_its_controllers_state() -> None:
    register = gdprkit.load(EXAMPLES[0])
    for country, acronym in (("FR", "CNIL"), ("IE", "DPC"), ("DE", "BfDI")):
        found = supervisory_authority_for(_controller_in(register, country))
        assert found is not None, country
        assert found.acronym == acronym
    assert supervisory_authority_for(_controller_in(register, "US")) is None
    # A French register that records no country answers to the CNIL.
    french = attrs.evolve(_controller_in(register, None), language="fr-FR")
    english = attrs.evolve(french, language="en")
    assert supervisory_authority_for(french) == supervisory_authority("FR")
    assert supervisory_authority_for(english) is None


def test_a_named_authority_comes_before_the_controllers_state() -> None:
    register = _controller_in(gdprkit.load(EXAMPLES[0]), "FR")
    named = attrs.evolve(register, supervisory_authority="Data Protection Commission")
    assert supervisory_authority_for(named) == supervisory_authority("IE")
    unknown = attrs.evolve(register, supervisory_authority="Autorité imaginaire")
    assert supervisory_authority_for(unknown) is None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_notice_and_cnil_profile_agree_on_the_authority(path: object) -> None:
    register = gdprkit.load(path)  # type: ignore[arg-type]
    (cnil,) = (p for p in resolve(("cnil",)) if p.name == "cnil")
    assert cnil.jurisdiction is not None
    france = cnil.jurisdiction.supervisory_authority
    assert france is not None
    assert france.acronym == "CNIL"
    assert EU.supervisory_authority is None
    # Every example register is French and names the CNIL, or names none.
    assert is_french(register)
    assert supervisory_authority_for(register) == france
    assert supervisory_authority_for(attrs.evolve(register, supervisory_authority=None)) == france
    # The notice names that authority, with its details from the reference data.
    notice = render_notice(_declaring(register, (DeclaredRight(right=Right.COMPLAINT),)))
    assert f"**{france.name} ({france.acronym})**" in notice
    assert france.phone is not None
    assert france.phone in notice


def test_a_right_is_missing_from_the_controllers_own_lists_and_the_general_one() -> None:
    # GDPR501-506/508 and CNIL301/302 read the lists this way: an activity's own
    # list, or the general one when it has none; a processor's list is not read.
    access, complaint = DeclaredRight(right=Right.ACCESS), DeclaredRight(right=Right.COMPLAINT)
    activities = (
        ProcessingActivity(id="a", name="A", role=Role.CONTROLLER, rights=(access,)),
        ProcessingActivity(id="b", name="B", role=Role.JOINT_CONTROLLER),
        ProcessingActivity(id="c", name="C", role=Role.PROCESSOR, rights=(access,)),
        ProcessingActivity(id="d", name="D", role=Role.CONTROLLER, rights=(complaint,)),
    )
    register = Register(
        controller=Controller(name="Exemple SAS", country=CountryCode("FR")),
        activities=activities,
        supervisory_authority="CNIL",
    )
    lists = rights_lists(register)
    assert lacking_right(lists, Right.COMPLAINT) == ([(0, activities[0])], (activities[1],))
    assert lacking_right(lists, Right.ACCESS) == ([(3, activities[3])], (activities[1],))
    general = attrs.evolve(register, rights=(complaint,))
    assert lacking_right(rights_lists(general), Right.COMPLAINT) == ([(0, activities[0])], ())

    def places(profile: str, code: str) -> list[str]:
        (finding,) = gdprkit.validate(register, profiles=(profile,), as_of=AS_OF, select=(code,))
        return [finding.path, *finding.also_at_paths]

    expected = ["activities[0].rights", "rights"]
    assert places("gdpr", "GDPR505") == places("cnil", "CNIL302") == expected
