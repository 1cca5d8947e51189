"""Reading a reference-data file of the package with errors that say where.

Used by every module that loads reference facts
(:mod:`gdprkit.reference._load`, :mod:`gdprkit.reference.cnil`,
:mod:`gdprkit.reference.eprivacy`, :mod:`gdprkit.reference.repealed`): every
value is read with its type checked, and a malformed entry raises
:class:`ReferenceDataError` naming the file and the entry.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import attrs

from gdprkit.model import Duration


__all__ = ["Reader", "ReferenceDataError", "Regex", "Status", "data_text", "read"]

Status = Literal["verified", "secondary", "unverified"]
"""How a fact was checked: against the text or an official source, against
secondary sources only, or not at all."""

_E = TypeVar("_E", bound=enum.Enum)
_C = TypeVar("_C")
_A = TypeVar("_A", bound=attrs.AttrsInstance)


class ReferenceDataError(ValueError):
    """A reference-data file of the package is malformed."""


class Regex:
    """A regular expression of the reference data, compiled the first time it
    is searched: most are searched only for some registers (a NIR category, a
    text that names a repealed one), and compiling them all cost some 4 ms of
    every ``gdprkit validate``.

    Equal, like :class:`re.Pattern`, when its pattern and flags are.

    Attributes:
        pattern: The expression, as written in the data file.
        flags: Its :mod:`re` flags.
    """

    __slots__ = ("_compiled", "_where", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, *, where: str = "") -> None:
        self.pattern = pattern
        self.flags = flags
        self._where = where
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in *text*, as :meth:`re.Pattern.search`.

        Raises:
            ReferenceDataError: The expression is not a valid one (naming the
                file and entry it comes from).
        """
        compiled = self._compiled
        if compiled is None:
            try:
                compiled = self._compiled = re.compile(self.pattern, self.flags)
            except re.error as error:
                raise ReferenceDataError(
                    f"{self._where}: invalid regular expression: {error}"
                ) from None
        return compiled.search(text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Regex):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r}, {self.flags!r})"


class Reader:
    """Reads typed values out of one JSON object, naming the file and entry
    in every error."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise self._error(where, "expected an object")
        self.data: Mapping[str, Any] = data
        self.where = where

    @staticmethod
    def _error(where: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(f"{where}: {message}")

    def fail(self, key: str, message: str) -> ValueError:
        return self._error(f"{self.where}.{key}" if key else self.where, message)

    def raw(self, key: str) -> object:
        if key not in self.data:
            raise self.fail(key, "required field is missing")
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value:
            raise self.fail(key, "expected a non-empty string")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def integer(self, key: str) -> int:
        value = self.raw(key)
        if type(value) is not int:
            raise self.fail(key, "expected an integer")
        return value

    def boolean(self, key: str) -> bool:
        value = self.raw(key)
        if type(value) is not bool:
            raise self.fail(key, "expected true or false")
        return value

    def flag(self, key: str) -> bool:
        """An optional boolean: false when absent."""
        return self.data.get(key) is not None and self.boolean(key)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "expected a list of non-empty strings")
        return tuple(value)

    def optional_texts(self, key: str) -> tuple[str, ...] | None:
        if self.data.get(key) is None:
            return None
        return self.texts(key)

    def codes(self, key: str, cls: type[_E], *, optional: bool = False) -> frozenset[_E]:
        if optional and key not in self.data:
            return frozenset()
        return self._codes(key, self.texts(key), cls)

    def code(self, key: str, cls: Callable[[str], _C]) -> _C:
        value = self.text(key)
        try:
            return cls(value)
        except ValueError:
            raise self.fail(key, f"unknown id {value!r}") from None

    def _codes(self, key: str, values: Iterable[str], cls: type[_E]) -> frozenset[_E]:
        try:
            return frozenset(cls(v) for v in values)
        except ValueError as error:
            raise self.fail(key, str(error)) from None

    def optional_codes(self, key: str, cls: type[_E]) -> frozenset[_E] | None:
        values = self.optional_texts(key)
        return None if values is None else self._codes(key, values, cls)

    def duration(self, key: str) -> Duration:
        try:
            return Duration.parse(self.text(key))
        except ValueError as error:
            raise self.fail(key, str(error)) from None

    def optional_duration(self, key: str) -> Duration | None:
        return None if self.data.get(key) is None else self.duration(key)

    def date(self, key: str) -> dt.date:
        try:
            return dt.date.fromisoformat(self.text(key))
        except ValueError as error:
            raise self.fail(key, str(error)) from None

    def optional_date(self, key: str) -> dt.date | None:
        return None if self.data.get(key) is None else self.date(key)

    def status(self, key: str = "status") -> Status:
        value = self.text(key)
        if value not in ("verified", "secondary", "unverified"):
            raise self.fail(key, f"expected verified, secondary or unverified, got {value!r}")
        return cast("Status", value)

    def patterns(self, key: str, flags: int = 0) -> tuple[Regex, ...]:
        """Regular expressions, compiled when first searched."""
        return tuple(
            Regex(p, flags, where=f"{self.where}.{key}[{i}]") for i, p in enumerate(self.texts(key))
        )

    def pattern(self, key: str, flags: int = 0) -> Regex:
        """A regular expression, compiled when first searched."""
        return Regex(self.text(key), flags, where=f"{self.where}.{key}")

    def child(self, key: str) -> Reader:
        return Reader(self.raw(key), f"{self.where}.{key}")

    def optional_child(self, key: str) -> Reader | None:
        return None if self.data.get(key) is None else self.child(key)

    def children(self, key: str) -> list[Reader]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.fail(key, "expected a list")
        return [Reader(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]

    def build(self, cls: type[_A], /, **given: Any) -> _A:
        """The attrs value *cls* of this object: each field not *given* is read,
        in the order of the fields, from the key of its name, as its type says
        (see :func:`_field_reader`)."""
        for name, read_field in _fields(cls):
            if name not in given:
                given[name] = read_field(self, name)
        return cls(**given)


_FieldReader = Callable[[Reader, str], Any]

_BY_ANNOTATION: dict[object, _FieldReader] = {
    "str": Reader.text,
    "str | None": Reader.optional_text,
    "int": Reader.integer,
    "bool": Reader.flag,
    "dt.date": Reader.date,
    "dt.date | None": Reader.optional_date,
    "tuple[str, ...]": lambda entry, key: entry.optional_texts(key) or (),
}


def _field_reader(owner: type, annotation: object) -> _FieldReader:
    """How :meth:`Reader.build` reads a field of *owner* annotated
    *annotation* (as written: the model's modules postpone their annotations,
    and reading them as text costs nothing, where resolving them with
    :func:`typing.get_type_hints` cost a millisecond at the first load): a
    text or a date (optional when the annotation allows ``None``); a whole
    number; a boolean, false when absent; a tuple of texts, empty when absent;
    the code of an enum; an attrs value, from the object under the key
    (optional when the annotation allows ``None``).  A field of any other type
    must be given."""
    found = _BY_ANNOTATION.get(annotation)
    if found is not None:
        return found
    if isinstance(annotation, str):
        name = annotation.removesuffix(" | None")
        optional = name != annotation
        cls = vars(sys.modules[owner.__module__]).get(name)
        if isinstance(cls, type) and issubclass(cls, enum.Enum) and not optional:
            code = cls
            return lambda entry, key: entry.code(key, code)
        if isinstance(cls, type) and attrs.has(cls):
            inner = cls
            if optional:
                return lambda entry, key: (
                    None if (child := entry.optional_child(key)) is None else child.build(inner)
                )
            return lambda entry, key: entry.child(key).build(inner)

    def unreadable(entry: Reader, key: str) -> Any:  # a field that must be given
        msg = f"{owner.__name__}.{key}: no reader for a field of type {annotation!r}"
        raise TypeError(msg)

    return unreadable


@functools.cache
def _fields(cls: type[attrs.AttrsInstance]) -> tuple[tuple[str, _FieldReader], ...]:
    """Each field of *cls* with its reader, in their order."""
    return tuple((f.name, _field_reader(cls, f.type)) for f in attrs.fields(cls))


_DATA = Path(__file__).parent / "data"


def data_text(name: str) -> str:
    """The text of the data file *name*, through the package's loader (as
    :mod:`importlib.resources` would, without importing it and, with it,
    ``zipfile``, ``tempfile`` and ``shutil``: some 15 ms of the start-up of
    every command; and as :func:`pkgutil.get_data` would, without importing
    ``pkgutil`` and ``importlib.util``)."""
    get_data = getattr(__spec__.loader, "get_data", None)
    if get_data is None:  # pragma: no cover - a loader that cannot read data files
        raise ReferenceDataError(f"{name}: the package's loader cannot read its data files")
    data: bytes = get_data(str(_DATA / name))
    return data.decode("utf-8")


def read(name: str) -> Reader:
    """The top-level object of data file *name*."""
    text = data_text(name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReferenceDataError(f"{name}: invalid JSON: {error}") from None
    return Reader(data, name)
