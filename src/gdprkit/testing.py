"""Test helpers for projects that build on gdprkit.

* Hypothesis strategies that generate valid registers of realistic size and
  variety: non-ASCII text, special categories, transfers, retention with
  archive phases, processor records, extension fields, accepted findings.
  They are inferred from the model's attrs classes (:func:`strategy_for`):
  every field is generated from its type, a few overridden for realism, so
  a field added to the model is generated with no change here.  They need
  the ``testing`` extra (``python -m pip install hypothesis``, or gdprkit's ``testing`` extra).
* :func:`assert_valid`, to assert in your own tests that a register has no
  finding of severity error (or warning).

Every generated register survives ``loads(dumps(r)) == r``; the strategies do
not promise legal compliance (use :func:`assert_valid` for that).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

import attrs

from gdprkit.model import (
    NO_EXTENSIONS,
    AcceptedFinding,
    ChildrenPolicy,
    Contact,
    Controller,
    CountryCode,
    DataCategory,
    Duration,
    Extensions,
    Identifier,
    ProcessingActivity,
    Purpose,
    Register,
    RetentionRule,
    Transfer,
    Translation,
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
    "extensions",
    "field_strategies",
    "purposes",
    "registers",
    "retention_rules",
    "strategy_for",
    "texts",
    "transfers",
    "translations",
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


_T = TypeVar("_T")

_countries = st.sampled_from(sorted(COUNTRY_CODES)).map(CountryCode)
_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
_SLUG = r"[a-z][a-z0-9-]{0,15}"


def durations() -> st.SearchStrategy[Duration]:
    """Calendar durations, mostly realistic (``P3Y``, ``P13M``, ``P30D``)."""
    small = st.integers(min_value=0, max_value=40)
    return st.builds(
        Duration, years=small, months=small, weeks=st.integers(0, 10), days=small
    ) | st.sampled_from(
        [Duration.parse(s) for s in ("P3Y", "P13M", "P30D", "P1Y6M", "P10Y", "P6M", "P5Y")]
    )


def _json_values() -> st.SearchStrategy[object]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**53), max_value=2**53)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=6,
    )


def extensions() -> st.SearchStrategy[Extensions]:
    """The ``x-`` fields of an object: none three times in four, else one to
    three keys with any JSON value."""
    some = st.dictionaries(
        st.from_regex(r"x-[a-z][a-z0-9-]{0,8}", fullmatch=True),
        _json_values(),
        min_size=1,
        max_size=3,
    ).map(Extensions)
    none = st.just(NO_EXTENSIONS)
    return st.one_of(none, none, none, some)


# How each field is generated is inferred from its type (see strategy_for);
# these fields are generated differently, for realism or because the type
# says too little (a slug, an age, a rule code).
_OVERRIDES: dict[tuple[type, str], st.SearchStrategy[object]] = {
    (ProcessingActivity, "id"): st.from_regex(_SLUG, fullmatch=True),
    (Contact, "email"): st.none()
    | st.sampled_from(["dpo@example.fr", "contact@exemple.com", "rgpd@société.fr"]),
    (Contact, "phone"): st.none() | st.sampled_from(["+33 1 23 45 67 89", "01 02 03 04 05"]),
    (Contact, "url"): st.none() | st.just("https://example.org/contact"),
    (Identifier, "scheme"): st.sampled_from(["SIREN", "RCS Paris", "VAT"]),
    (Transfer, "organisation"): st.none() | st.just("EPORG"),
    (ChildrenPolicy, "consent_age"): st.none() | st.integers(10, 18),
    (Register, "headcount"): st.none() | st.integers(min_value=0, max_value=500_000),
    (Register, "supervisory_authority"): st.none()
    | st.sampled_from(["CNIL", "Datatilsynet", "AEPD"]),
    (Register, "language"): st.none() | st.sampled_from(["fr", "en", "de"]),
    (AcceptedFinding, "rule"): st.sampled_from(["GDPR101", "GDPR206", "GDPR310", "CNIL101"]),
    (AcceptedFinding, "activity"): st.none() | st.from_regex(_SLUG, fullmatch=True),
    (AcceptedFinding, "path"): st.sampled_from(["", "purposes[0]", "transfers[1]", "controller"]),
    (AcceptedFinding, "fingerprint"): st.none() | st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
}
_SIZES: dict[tuple[type, str], int] = {
    (ProcessingActivity, "controllers"): 2,
    (ProcessingActivity, "processing_categories"): 2,
    (ProcessingActivity, "joint_controllers"): 1,
    (ProcessingActivity, "data_categories"): 4,
    (ProcessingActivity, "sources"): 2,
    (ProcessingActivity, "transfers"): 2,
    (ProcessingActivity, "rights"): 4,
    (ProcessingActivity, "automated_decisions"): 1,
    (Controller, "identifiers"): 2,
    (Register, "rights"): 5,
    (Register, "accepted_findings"): 2,
}
"""The most items generated for an array field (3 otherwise)."""


def _for_type(tp: object, size: int) -> st.SearchStrategy[object]:
    """A strategy for values of the annotation *tp* (arrays of at most *size*)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return st.none() | _for_type(inner, size)
    if origin is tuple:
        item = args[0]
        unique = isinstance(item, type) and issubclass(item, enum.Enum)
        return st.lists(_for_type(item, size), max_size=size, unique=unique).map(tuple)
    simple: dict[object, st.SearchStrategy[object]] = {
        str: texts(),
        bool: st.booleans(),
        int: st.integers(min_value=0, max_value=1000),
        dt.date: _dates,
        Duration: durations(),
        CountryCode: _countries,
        Extensions: extensions(),
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(tp)
    if isinstance(tp, type) and attrs.has(tp):
        return strategy_for(tp)
    msg = f"no strategy for the annotation {tp!r}: add one to gdprkit.testing"
    raise TypeError(msg)


def field_strategies(cls: type) -> dict[str, st.SearchStrategy[object]]:
    """A strategy for every field of the model class *cls*: inferred from the
    field's type, unless the field is overridden.  A field added to the model
    is generated without any change here."""
    hints = typing.get_type_hints(cls)
    found: dict[str, st.SearchStrategy[object]] = {}
    for a in attrs.fields(cls):
        override = _OVERRIDES.get((cls, a.name))
        if override is None:
            override = _for_type(hints[a.name], _SIZES.get((cls, a.name), 3))
        found[a.name] = override
    return found


def strategy_for(cls: type[_T], **overrides: st.SearchStrategy[object]) -> st.SearchStrategy[_T]:
    """Instances of the model class *cls*, every field generated (see
    :func:`field_strategies`), *overrides* replacing the strategies of the
    fields they name."""
    return st.builds(cls, **{**field_strategies(cls), **overrides})


def retention_rules() -> st.SearchStrategy[RetentionRule]:
    """Retention rules: durations from an event, until an event, with or
    without an archive phase (whose duration may be unstated), or only a
    verbatim statement."""
    return strategy_for(RetentionRule)


def data_categories() -> st.SearchStrategy[DataCategory]:
    """Data categories of every kind, special categories included."""
    return strategy_for(DataCategory)


def purposes() -> st.SearchStrategy[Purpose]:
    """Purposes with zero to three lawful bases."""
    return strategy_for(Purpose)


def transfers() -> st.SearchStrategy[Transfer]:
    """Transfers under every Chapter V mechanism, old ones included."""
    return strategy_for(Transfer)


def translations() -> st.SearchStrategy[Translation]:
    """Translations of a text into zero to five languages."""
    return strategy_for(Translation)


def activities(*, activity_id: str | None = None) -> st.SearchStrategy[ProcessingActivity]:
    """Processing activities as controller or as processor."""
    if activity_id:
        return strategy_for(ProcessingActivity, id=st.just(activity_id))
    return strategy_for(ProcessingActivity)


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
        st.lists(st.from_regex(_SLUG, fullmatch=True), min_size=count, max_size=count, unique=True)
    )
    acts = tuple(draw(activities(activity_id=i)) for i in ids)
    return draw(strategy_for(Register, activities=st.just(acts)))


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
