"""Test helpers for projects that build on gdprkit.

* Hypothesis strategies that generate valid registers of realistic size and
  variety: non-ASCII text, special categories, transfers, retention with
  archive phases, processor records.  They need the ``testing`` extra
  (``python -m pip install hypothesis``, or gdprkit's ``testing`` extra).
* :func:`assert_valid`, to assert in your own tests that a register has no
  finding of severity error (or warning).

Every generated register survives ``loads(dumps(r)) == r``; the strategies do
not promise legal compliance (use :func:`assert_valid` for that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from gdprkit.model import (
    DPO,
    ArchivePhase,
    Art9Condition,
    AutomatedDecision,
    ChildrenPolicy,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    DataKind,
    DataSource,
    DataSubjectCategory,
    DeclaredRight,
    Dpia,
    DpiaCriterion,
    DpiaStatus,
    Duration,
    EndAction,
    Event,
    Identifier,
    JointController,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    PurposeTag,
    Recipient,
    RecipientKind,
    Register,
    Representative,
    RetentionRule,
    Right,
    Role,
    SecurityCategory,
    SecurityMeasure,
    SourceKind,
    SubjectKind,
    Transfer,
    TransferMechanism,
)
from gdprkit.model.countries import COUNTRY_CODES


try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised without the extra
    msg = "gdprkit.testing needs Hypothesis: python -m pip install hypothesis (or gdprkit's 'testing' extra)"
    raise ImportError(msg) from error

if TYPE_CHECKING:
    from gdprkit.rules import Report

__all__ = [
    "activities",
    "assert_valid",
    "data_categories",
    "durations",
    "purposes",
    "registers",
    "retention_rules",
    "texts",
    "transfers",
]

_WORDS = (
    "clients",
    "prospects",
    "données",
    "gestion",
    "facturation",
    "paie",
    "candidats",
    "pharmacie",
    "Zürich",
    "Łódź",
    "São Paulo",
    "東京",
    "naïve",
    "œuvre",
    "l’équipe",
    "«Newsletter»",
    "e-mail",
    "RH",
    "santé",
    "🚀",
)


def texts(*, min_words: int = 1, max_words: int = 6) -> st.SearchStrategy[str]:
    """Short human-looking text, French and multilingual, never empty."""
    return st.lists(st.sampled_from(_WORDS), min_size=min_words, max_size=max_words).map(
        " ".join
    ) | st.text(min_size=1, max_size=30)


def _optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


_countries = st.sampled_from(sorted(COUNTRY_CODES)).map(CountryCode)
_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


def durations() -> st.SearchStrategy[Duration]:
    """Calendar durations, mostly realistic (``P3Y``, ``P13M``, ``P30D``)."""
    small = st.integers(min_value=0, max_value=40)
    return st.builds(
        Duration, years=small, months=small, weeks=st.integers(0, 10), days=small
    ) | st.sampled_from(
        [Duration.parse(s) for s in ("P3Y", "P13M", "P30D", "P1Y6M", "P10Y", "P6M", "P5Y")]
    )


def retention_rules() -> st.SearchStrategy[RetentionRule]:
    """Retention rules: durations from an event, until an event, with or
    without an archive phase (whose duration may be unstated), or only a
    verbatim statement."""
    return st.builds(
        RetentionRule,
        duration=_optional(durations()),
        start=_optional(st.sampled_from(Event)),
        until=_optional(st.sampled_from(Event)),
        archive=_optional(
            st.builds(
                ArchivePhase, duration=_optional(durations()), legal_ground=_optional(texts())
            )
        ),
        end_action=st.sampled_from(EndAction),
        statement=_optional(texts()),
        legal_reference=_optional(texts()),
    )


def data_categories() -> st.SearchStrategy[DataCategory]:
    """Data categories of every kind, special categories included."""
    return st.builds(
        DataCategory,
        name=texts(),
        kind=st.sampled_from(DataKind),
        description=_optional(texts()),
        retention=_optional(retention_rules()),
        legal_reference=_optional(texts()),
        required=_optional(st.booleans()),
    )


def _legal_bases() -> st.SearchStrategy[LegalBasis]:
    return st.builds(
        LegalBasis,
        basis=st.sampled_from(LawfulBasis),
        law=_optional(texts()),
        legitimate_interest=_optional(texts()),
        balancing_test=_optional(texts()),
        consent_method=_optional(texts()),
        withdrawal_method=_optional(texts()),
        special_condition=_optional(st.sampled_from(Art9Condition)),
        condition_law=_optional(texts()),
        note=_optional(texts()),
    )


def purposes() -> st.SearchStrategy[Purpose]:
    """Purposes with zero to three lawful bases."""
    return st.builds(
        Purpose,
        name=texts(),
        legal_bases=st.lists(_legal_bases(), max_size=3).map(tuple),
        tags=st.lists(st.sampled_from(PurposeTag), max_size=3, unique=True).map(tuple),
        description=_optional(texts()),
    )


def _contacts() -> st.SearchStrategy[Contact]:
    return st.builds(
        Contact,
        email=_optional(
            st.sampled_from(["dpo@example.fr", "contact@exemple.com", "rgpd@société.fr"])
        ),
        phone=_optional(st.sampled_from(["+33 1 23 45 67 89", "01 02 03 04 05"])),
        address=_optional(texts()),
        url=_optional(st.just("https://example.org/contact")),
    )


def _controllers() -> st.SearchStrategy[Controller]:
    return st.builds(
        Controller,
        name=texts(),
        trade_name=_optional(texts()),
        identifiers=st.lists(
            st.builds(
                Identifier, scheme=st.sampled_from(["SIREN", "RCS Paris", "VAT"]), value=texts()
            ),
            max_size=2,
        ).map(tuple),
        contact=_contacts(),
        country=_optional(_countries),
    )


def transfers() -> st.SearchStrategy[Transfer]:
    """Transfers under every Chapter V mechanism, old ones included."""
    return st.builds(
        Transfer,
        recipient=texts(),
        country=_optional(_countries),
        organisation=_optional(st.just("EPORG")),
        mechanism=_optional(st.sampled_from(TransferMechanism)),
        reference=_optional(texts()),
        safeguards_copy=_optional(texts()),
        in_adequacy_scope=_optional(st.booleans()),
        occasional=_optional(st.booleans()),
        tia_reference=_optional(texts()),
        since=_optional(_dates),
    )


def _small(strategy: st.SearchStrategy[object], max_size: int = 3) -> st.SearchStrategy[object]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def activities(*, activity_id: str | None = None) -> st.SearchStrategy[ProcessingActivity]:
    """Processing activities as controller or as processor."""
    return st.builds(
        ProcessingActivity,
        id=st.just(activity_id)
        if activity_id
        else st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True),
        name=texts(),
        role=st.sampled_from(Role),
        description=_optional(texts()),
        controllers=_small(_controllers(), 2),
        processing_categories=_small(texts(), 2),
        joint_controllers=_small(
            st.builds(
                JointController, name=texts(), contact=_contacts(), arrangement=_optional(texts())
            ),
            1,
        ),
        purposes=_small(purposes()),
        data_subjects=_small(
            st.builds(
                DataSubjectCategory,
                name=texts(),
                kind=st.sampled_from(SubjectKind),
                description=_optional(texts()),
            )
        ),
        data_categories=_small(data_categories(), 4),
        sources=_small(
            st.builds(DataSource, kind=st.sampled_from(SourceKind), description=_optional(texts())),
            2,
        ),
        recipients=_small(
            st.builds(
                Recipient,
                name=texts(),
                kind=st.sampled_from(RecipientKind),
                country=_optional(_countries),
                description=_optional(texts()),
                contract_reference=_optional(texts()),
            )
        ),
        transfers=_small(transfers(), 2),
        security_measures=_small(
            st.builds(
                SecurityMeasure,
                category=st.sampled_from(SecurityCategory),
                description=_optional(texts()),
            )
        ),
        rights=_optional(
            _small(
                st.builds(DeclaredRight, right=st.sampled_from(Right), how=_optional(texts())), 4
            )
        ),
        automated_decisions=_small(
            st.builds(
                AutomatedDecision,
                description=texts(),
                significant_effects=st.booleans(),
                safeguards=_optional(texts()),
            ),
            1,
        ),
        children=_optional(
            st.builds(
                ChildrenPolicy,
                consent_age=_optional(st.integers(10, 18)),
                parental_consent=_optional(texts()),
            )
        ),
        dpia_criteria=st.lists(st.sampled_from(DpiaCriterion), max_size=3, unique=True).map(tuple),
        dpia=_optional(
            st.builds(
                Dpia,
                status=st.sampled_from(DpiaStatus),
                reference=_optional(texts()),
                date=_optional(_dates),
                reason=_optional(texts()),
            )
        ),
        core_activity=_optional(st.booleans()),
        created=_optional(_dates),
        updated=_optional(_dates),
        notes=_optional(texts()),
    )


@st.composite
def registers(draw: st.DrawFn, *, min_activities: int = 0, max_activities: int = 6) -> Register:
    """Whole registers with unique activity ids.

    Args:
        min_activities: Fewest activities.
        max_activities: Most activities (realistic registers have 5 to 50;
            keep this small in property tests for speed).
    """
    count = draw(st.integers(min_value=min_activities, max_value=max_activities))
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    acts = tuple(draw(activities(activity_id=i)) for i in ids)
    return draw(
        st.builds(
            Register,
            controller=_controllers(),
            dpo=_optional(
                st.builds(
                    DPO,
                    name=_optional(texts()),
                    contact=_contacts(),
                    external=_optional(st.booleans()),
                    designated_on=_optional(_dates),
                    authority_reference=_optional(texts()),
                )
            ),
            representative=_optional(
                st.builds(
                    Representative, name=texts(), contact=_contacts(), country=_optional(_countries)
                )
            ),
            activities=st.just(acts),
            rights=_small(
                st.builds(DeclaredRight, right=st.sampled_from(Right), how=_optional(texts())), 5
            ),
            rights_contact=_optional(texts()),
            security_measures=_small(
                st.builds(
                    SecurityMeasure,
                    category=st.sampled_from(SecurityCategory),
                    description=_optional(texts()),
                )
            ),
            headcount=_optional(st.integers(min_value=0, max_value=500_000)),
            public_authority=st.booleans(),
            supervisory_authority=_optional(st.sampled_from(["CNIL", "Datatilsynet", "AEPD"])),
            language=_optional(st.sampled_from(["fr", "en", "de"])),
            updated=_optional(_dates),
            notes=_optional(texts()),
        )
    )


def assert_valid(
    register: Register,
    *,
    profiles: Iterable[str] = ("gdpr",),
    as_of: dt.date | None = None,
    ignore: Iterable[str] = (),
    fail_on: str = "error",
) -> Report:
    """Assert that *register* has no finding of severity *fail_on* or worse.

    Args:
        register: The register to check.
        profiles: Profiles to run.
        as_of: Date of evaluation (today by default).
        ignore: Rule codes, prefixes or names you assessed and accepted.
        fail_on: ``"error"`` (default) or ``"warning"``.

    Returns:
        The report, for further assertions.

    Raises:
        AssertionError: listing the offending findings.
    """
    from gdprkit.acceptance import validate
    from gdprkit.rules import Severity

    report = validate(register, profiles=profiles, as_of=as_of, ignore=ignore)
    worst = Severity(fail_on).rank
    bad = [f for f in report.findings if f.severity.rank <= worst]
    if bad:
        lines = "\n".join(f"  {f}" for f in bad)
        msg = f"register has {len(bad)} finding(s) of severity {fail_on} or worse:\n{lines}"
        raise AssertionError(msg)
    return report
