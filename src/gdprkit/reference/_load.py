"""Reading the JSON data files shipped in ``gdprkit/reference/data``.

Each file is read once (cached) with :func:`pkgutil.get_data`, checked and
turned into the frozen values of :mod:`gdprkit.reference._model`.  A malformed
file is a packaging bug: it raises :class:`ReferenceDataError` naming the
file and the place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from gdprkit.model import Art9Condition, LawfulBasis, Right, TransferMechanism
from gdprkit.reference._model import (
    AdequacyDecision,
    Applicability,
    ConsentAge,
    ConsentAgeLimits,
    DataFile,
    EeaMember,
    Mechanism,
    Source,
    SupervisoryAuthority,
)
from gdprkit.reference._reader import ReferenceDataError, read


__all__ = [
    "DATA_FILES",
    "ReferenceDataError",
    "adequacy_by_code",
    "authorities_by_country",
    "consent_age_limits",
    "consent_ages_by_country",
    "data_file",
    "eea_by_code",
    "legal_forms",
    "mechanisms",
    "rights_matrix",
]

DATA_FILES = (
    "eea.json",
    "adequacy.json",
    "mechanisms.json",
    "rights_by_basis.json",
    "consent_ages.json",
    "authorities.json",
    "legal_forms.json",
)
"""The files this module reads, in the order the docs list them."""

T = TypeVar("T")


_read = functools.cache(read)


@functools.cache
def data_file(name: str) -> DataFile:
    """Title, date and sources of one data file.

    Reads the top-level ``title``, ``retrieved`` (or ``as_of``) and
    ``sources`` (or a single ``source``).
    """
    top = _read(name)
    retrieved = top.optional_date("retrieved") or top.date("as_of")
    many = top.optional_child("source")
    sources = (
        (many.build(Source),)
        if many is not None
        else tuple(e.build(Source) for e in top.children("sources"))
    )
    return DataFile(name=name, title=top.text("title"), retrieved=retrieved, sources=sources)


def _index(
    items: tuple[T, ...], *keys: Callable[[T], tuple[str, ...]]
) -> Mapping[str, tuple[T, ...]]:
    index: dict[str, list[T]] = {}
    for item in items:
        for key in keys:
            for code in key(item):
                index.setdefault(code, []).append(item)
    return MappingProxyType({code: tuple(found) for code, found in index.items()})


@functools.cache
def eea_by_code() -> Mapping[str, tuple[EeaMember, ...]]:
    """EEA members and territories by code and alias (``EL`` finds Greece)."""
    members = tuple(e.build(EeaMember) for e in _read("eea.json").children("entries"))
    return _index(members, lambda m: (m.code,), lambda m: m.aliases)


@functools.cache
def adequacy_by_code() -> Mapping[str, tuple[AdequacyDecision, ...]]:
    """Adequacy decisions by destination code, oldest first."""
    decisions = tuple(
        sorted(
            (e.build(AdequacyDecision) for e in _read("adequacy.json").children("entries")),
            key=lambda d: (d.code, d.adopted),
        )
    )
    for decision in decisions:
        if decision.is_partial and not decision.scope_description:
            msg = f"adequacy.json: partial decision {decision.decision} has no scope_description"
            raise ReferenceDataError(msg)
    return _index(decisions, lambda d: (d.code,))


@functools.cache
def mechanisms() -> Mapping[TransferMechanism, Mechanism]:
    """Every transfer mechanism of the register format, by id."""
    found: dict[TransferMechanism, Mechanism] = {}
    for e in _read("mechanisms.json").children("entries"):
        destinations = e.optional_texts("destinations") or ()
        item = e.build(Mechanism, destinations=frozenset(destinations) if destinations else None)
        found[item.mechanism] = item
    missing = set(TransferMechanism) - set(found)
    if missing:
        msg = f"mechanisms.json: no entry for {sorted(m.value for m in missing)}"
        raise ReferenceDataError(msg)
    return MappingProxyType(found)


_BASES: tuple[LawfulBasis | Art9Condition, ...] = (*LawfulBasis, Art9Condition.EXPLICIT_CONSENT)


@functools.cache
def rights_matrix() -> Mapping[LawfulBasis | Art9Condition, Mapping[Right, Applicability]]:
    """For each Art. 6(1) basis (and Art. 9(2)(a)), how each right applies."""
    table: dict[LawfulBasis | Art9Condition, dict[Right, Applicability]] = {b: {} for b in _BASES}
    for e in _read("rights_by_basis.json").children("entries"):
        right = e.code("right", Right)
        cells = e.child("by_basis")
        for basis in _BASES:
            if basis.value in cells.data:
                table[basis][right] = cells.code(basis.value, Applicability)
            elif isinstance(basis, LawfulBasis):
                raise cells.fail("", f"no value for {basis.value}")
        unknown = set(cells.data) - {b.value for b in _BASES}
        if unknown:
            raise cells.fail("", f"unknown bases {sorted(unknown)}")
    return MappingProxyType({b: MappingProxyType(rights) for b, rights in table.items()})


@functools.cache
def consent_age_limits() -> ConsentAgeLimits:
    """The Art. 8(1) default age and the lowest age Member States may set."""
    top = _read("consent_ages.json")
    return ConsentAgeLimits(default=top.integer("default_age"), minimum=top.integer("minimum_age"))


@functools.cache
def consent_ages_by_country() -> Mapping[str, tuple[ConsentAge, ...]]:
    """National ages of digital consent by country code."""
    limits = consent_age_limits()
    ages: list[ConsentAge] = []
    for e in _read("consent_ages.json").children("entries"):
        age = e.build(ConsentAge)
        if not limits.allows(age.age):
            raise e.fail("", f"age {age.age} is outside the Art. 8(1) bounds")
        ages.append(age)
    return _index(tuple(ages), lambda a: (a.country,))


@functools.cache
def authorities_by_country() -> Mapping[str, SupervisoryAuthority]:
    """The supervisory authority of each EEA state listed, by country code."""
    found: dict[str, SupervisoryAuthority] = {}
    for e in _read("authorities.json").children("entries"):
        authority = e.build(SupervisoryAuthority)
        if authority.country in found:
            raise e.fail("country", f"{authority.country} is listed twice")
        found[authority.country] = authority
    return MappingProxyType(found)


@functools.cache
def legal_forms() -> frozenset[str]:
    """Every legal form of ``legal_forms.json``, case-folded."""
    forms: set[str] = set()
    for entry in _read("legal_forms.json").children("entries"):
        entry.text("country")
        forms.update(f.casefold() for f in entry.optional_texts("forms") or ())
    return frozenset(forms)
