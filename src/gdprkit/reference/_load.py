"""Reading the JSON data files shipped in ``gdprkit/reference/data``.

Each file is read once (cached) with :func:`pkgutil.get_data`, checked and
turned into the frozen values of :mod:`gdprkit.reference._model`.  A malformed
file is a packaging bug: it raises :class:`ReferenceDataError` naming the
file and the place.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import pkgutil
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

from gdprkit.model import Art9Condition, LawfulBasis, Right, TransferMechanism
from gdprkit.reference._model import (
    AdequacyDecision,
    Applicability,
    ConsentAge,
    ConsentAgeLimits,
    DataFile,
    EeaMember,
    Mechanism,
    MechanismFamily,
    Scope,
    Source,
    Status,
    SupervisoryAuthority,
)


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
E = TypeVar("E")


class ReferenceDataError(ValueError):
    """A reference-data file of the package is malformed."""


class _Entry:
    """One JSON object of a data file, read with error messages that say where."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            self._fail(where, "expected an object")
        self.data: dict[str, Any] = data
        self.where = where

    @staticmethod
    def _fail(where: str, message: str) -> NoReturn:
        raise ReferenceDataError(f"{where}: {message}")

    def _get(self, key: str, kind: type | tuple[type, ...], required: bool) -> Any:
        value = self.data.get(key)
        if value is None:
            if required:
                self._fail(f"{self.where}.{key}", "required")
            return None
        if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
            self._fail(f"{self.where}.{key}", f"unexpected {type(value).__name__} {value!r}")
        return value

    def text(self, key: str) -> str:
        result: str = self._get(key, str, True)
        return result

    def opt_text(self, key: str) -> str | None:
        result: str | None = self._get(key, str, False)
        return result

    def integer(self, key: str) -> int:
        result: int = self._get(key, int, True)
        return result

    def flag(self, key: str) -> bool:
        return bool(self._get(key, bool, False))

    def date(self, key: str) -> dt.date:
        value = self.opt_date(key)
        if value is None:
            self._fail(f"{self.where}.{key}", "required")
        return value

    def opt_date(self, key: str) -> dt.date | None:
        value = self.opt_text(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self._fail(f"{self.where}.{key}", f"{value!r} is not a YYYY-MM-DD date")

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._get(key, list, False) or []
        if not all(isinstance(v, str) for v in values):
            self._fail(f"{self.where}.{key}", "expected a list of strings")
        return tuple(values)

    def code(self, key: str, enum: Callable[[str], E]) -> E:
        value = self.text(key)
        try:
            return enum(value)
        except ValueError:
            self._fail(f"{self.where}.{key}", f"unknown id {value!r}")

    def entry(self, key: str) -> _Entry | None:
        value = self.data.get(key)
        return None if value is None else _Entry(value, f"{self.where}.{key}")

    def entries(self, key: str = "entries") -> list[_Entry]:
        values = self._get(key, list, True)
        return [_Entry(v, f"{self.where}.{key}[{i}]") for i, v in enumerate(values)]

    def source(self) -> Source:
        return Source(title=self.text("title"), url=self.opt_text("url"))


def data_text(name: str) -> str:
    """The text of the data file *name*, through the package's loader (as
    :mod:`importlib.resources` would, without importing it and, with it,
    ``zipfile``, ``tempfile`` and ``shutil``: some 15 ms of the start-up of
    every command)."""
    data = pkgutil.get_data("gdprkit.reference", f"data/{name}")
    if data is None:  # pragma: no cover - a loader that cannot read data files
        raise ReferenceDataError(f"{name}: the package's loader cannot read its data files")
    return data.decode("utf-8")


@functools.cache
def _read(name: str) -> _Entry:
    text = data_text(name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReferenceDataError(f"{name}: invalid JSON: {error}") from None
    return _Entry(data, name)


@functools.cache
def data_file(name: str) -> DataFile:
    """Title, date and sources of one data file.

    Reads the top-level ``title``, ``retrieved`` (or ``as_of``) and
    ``sources`` (or a single ``source``).
    """
    top = _read(name)
    retrieved = top.opt_date("retrieved") or top.date("as_of")
    many = top.entry("source")
    sources = (
        (many.source(),) if many is not None else tuple(e.source() for e in top.entries("sources"))
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
    members = tuple(
        EeaMember(
            code=e.text("code"),
            name=e.text("name"),
            group=e.text("group"),
            part_of=e.opt_text("part_of"),
            aliases=e.texts("aliases"),
            since=e.opt_date("since"),
            ended=e.opt_date("ended"),
            note=e.opt_text("note"),
        )
        for e in _read("eea.json").entries()
    )
    return _index(members, lambda m: (m.code,), lambda m: m.aliases)


@functools.cache
def adequacy_by_code() -> Mapping[str, tuple[AdequacyDecision, ...]]:
    """Adequacy decisions by destination code, oldest first."""
    decisions = tuple(
        sorted(
            (
                AdequacyDecision(
                    code=e.text("code"),
                    name=e.text("name"),
                    decision=e.text("decision"),
                    adopted=e.date("adopted"),
                    ended=e.opt_date("ended"),
                    expires=e.opt_date("expires"),
                    scope=e.code("scope", Scope),
                    scope_description=e.opt_text("scope_description"),
                    mechanism=e.code("mechanism", TransferMechanism),
                    source=e.opt_text("source"),
                    status=e.code("status", Status),
                    notes=e.opt_text("notes"),
                )
                for e in _read("adequacy.json").entries()
            ),
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
    for e in _read("mechanisms.json").entries():
        destinations = e.texts("destinations")
        item = Mechanism(
            mechanism=e.code("mechanism", TransferMechanism),
            name=e.text("name"),
            instrument=e.text("instrument"),
            articles=e.texts("articles"),
            family=e.code("family", MechanismFamily),
            valid_from=e.opt_date("valid_from"),
            ended=e.opt_date("ended"),
            ended_by=e.texts("ended_by"),
            no_new_contracts_from=e.opt_date("no_new_contracts_from"),
            destinations=frozenset(destinations) if destinations else None,
            sa_authorisation=e.flag("sa_authorisation"),
            tia_expected=e.flag("tia_expected"),
            public_authorities_excluded=e.flag("public_authorities_excluded"),
            source=e.opt_text("source"),
            notes=e.opt_text("notes"),
        )
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
    for e in _read("rights_by_basis.json").entries():
        right = e.code("right", Right)
        cells = e.entry("by_basis")
        if cells is None:
            _Entry._fail(f"{e.where}.by_basis", "required")
        for basis in _BASES:
            if basis.value in cells.data:
                table[basis][right] = cells.code(basis.value, Applicability)
            elif isinstance(basis, LawfulBasis):
                _Entry._fail(f"{cells.where}", f"no value for {basis.value}")
        unknown = set(cells.data) - {b.value for b in _BASES}
        if unknown:
            _Entry._fail(cells.where, f"unknown bases {sorted(unknown)}")
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
    for e in _read("consent_ages.json").entries():
        source = e.entry("source")
        age = ConsentAge(
            country=e.text("country"),
            age=e.integer("age"),
            since=e.opt_date("since"),
            ended=e.opt_date("ended"),
            default=e.flag("default"),
            status=e.code("status", Status),
            law=e.opt_text("law"),
            source=None if source is None else source.source(),
            note=e.opt_text("note"),
        )
        if not limits.allows(age.age):
            _Entry._fail(e.where, f"age {age.age} is outside the Art. 8(1) bounds")
        ages.append(age)
    return _index(tuple(ages), lambda a: (a.country,))


@functools.cache
def authorities_by_country() -> Mapping[str, SupervisoryAuthority]:
    """The supervisory authority of each EEA state listed, by country code."""
    found: dict[str, SupervisoryAuthority] = {}
    for e in _read("authorities.json").entries():
        source = e.entry("source")
        if source is None:
            e._fail(f"{e.where}.source", "required")
        authority = SupervisoryAuthority(
            country=e.text("country"),
            id=e.text("id"),
            acronym=e.text("acronym"),
            name=e.text("name"),
            address=e.text("address"),
            email=e.opt_text("email"),
            phone=e.opt_text("phone"),
            url=e.text("url"),
            complaint_url=e.opt_text("complaint_url"),
            legal_basis=e.text("legal_basis"),
            note=e.opt_text("note"),
            source=source.source(),
            status=e.code("status", Status),
        )
        if authority.country in found:
            e._fail(f"{e.where}.country", f"{authority.country} is listed twice")
        found[authority.country] = authority
    return MappingProxyType(found)


@functools.cache
def legal_forms() -> frozenset[str]:
    """Every legal form of ``legal_forms.json``, case-folded."""
    forms: set[str] = set()
    for entry in _read("legal_forms.json").entries():
        entry.text("country")
        forms.update(f.casefold() for f in entry.texts("forms"))
    return frozenset(forms)
