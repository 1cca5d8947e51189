"""The one cattrs converter: how the model maps to JSON-compatible data.

Everything about the JSON form is decided here: field names are the
attributes' names, enums are written by id, dates and durations in ISO 8601,
tuples as arrays, and fields left at their default value are omitted.  Input
is strict: unknown keys, wrong types (a number where text is expected, a
string where a list is), bad dates, durations and country codes are errors,
never coerced or dropped.

Two converters share this configuration: a fast one without detailed
validation, used first, and a detailed one that is run only when the fast
one fails, to report every problem with its path.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import sys
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gdprkit.model import CountryCode, Duration, DurationError, Extensions, codes
from gdprkit.model.countries import is_country_code
from gdprkit.model.extensions import is_extension_key, thaw
from gdprkit.serialization._values import integral, surrogates


if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import ExceptionGroup

__all__ = [
    "DATE_PATTERN",
    "DURATION_PATTERN",
    "StructureProblem",
    "integral",
    "join_key",
    "make_converter",
    "structure_problems",
    "text_problem",
]

T = TypeVar("T")

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""What a date looks like in JSON (the calendar is checked on load)."""

DURATION_PATTERN = r"^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$"
"""What a duration looks like in JSON (ISO 8601, calendar units only)."""

_DATE = re.compile(DATE_PATTERN)


class StructureProblem(ValueError):
    """A value has the wrong shape; the message says what was expected."""


def _type_name(value: object) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "an object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def _expect(kind: str, value: object) -> StructureProblem:
    return StructureProblem(f"expected {kind}, got {_type_name(value)} {_short(value)}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def text_problem(value: str) -> str | None:
    """Why *value* is not text gdprkit keeps, or ``None`` when it is.

    The one rule for text on every path that reads it (JSON, spreadsheets):
    a lone surrogate is refused."""
    if value.isascii():
        return None
    found = surrogates().search(value)
    if found is None:
        return None
    return (
        f"holds a lone surrogate U+{ord(found.group()):04X} at character {found.start()}, "
        "which is not text (no encoding can write it)"
    )


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _expect("a string", value)
    problem = text_problem(value)
    if problem is not None:
        raise StructureProblem(problem)
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is int:
        return value
    number = integral(value)
    if number is None:
        raise _expect("an integer", value)
    return number


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _expect("true or false", value)
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise _expect("a date as YYYY-MM-DD", value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not a calendar date (YYYY-MM-DD)"
        raise StructureProblem(msg) from None


def _structure_duration(value: object, _: type) -> Duration:
    if type(value) is not str:
        raise _expect("an ISO 8601 duration such as 'P3Y'", value)
    try:
        return Duration.parse(value)
    except DurationError as error:
        raise StructureProblem(str(error)) from None


def _structure_country(value: object, _: type) -> str:
    if type(value) is not str:
        raise _expect("an ISO 3166-1 alpha-2 country code", value)
    if not is_country_code(value):
        msg = f"{value!r} is not an ISO 3166-1 alpha-2 country code such as 'FR' or 'US'"
        raise StructureProblem(msg)
    return value


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    by_value = {m.value: m for m in cls}
    allowed = ", ".join(by_value)

    def structure(value: object, _: type) -> enum.Enum:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            msg = f"{_short(value)} is not one of {allowed}"
            raise StructureProblem(msg) from None

    return structure


def _tuple_hook_factory(converter: cattrs.Converter, detailed: bool) -> Callable[[Any], Any]:
    def factory(tuple_type: Any) -> Callable[[object, type], tuple[Any, ...]]:
        (item_type, _ellipsis) = tuple_type.__args__
        item_hook = converter.get_structure_hook(item_type)

        if not detailed:

            def structure_fast(value: object, _: type) -> tuple[Any, ...]:
                if type(value) is not list:
                    raise _expect("an array", value)
                return tuple([item_hook(v, item_type) for v in value])

            return structure_fast

        def structure_detailed(value: object, _: type) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _expect("an array", value)
            errors: list[Exception] = []
            result = []
            for index, item in enumerate(value):
                try:
                    result.append(item_hook(item, item_type))
                except Exception as error:  # noqa: BLE001 - collected and re-raised below
                    notes = [*getattr(error, "__notes__", [])]
                    notes.append(
                        IterableValidationNote(f"Structuring item @ {index}", index, item_type)
                    )
                    error.__notes__ = notes  # type: ignore[attr-defined]
                    errors.append(error)
            if errors:
                raise IterableValidationError("invalid items", errors, tuple_type)
            return tuple(result)

        return structure_detailed

    return factory


def _codes() -> list[type[enum.Enum]]:
    """Every closed set of the model."""
    return [getattr(codes, name) for name in codes.__all__]


def _is_homogeneous_tuple(tp: Any) -> bool:
    args: tuple[Any, ...] = getattr(tp, "__args__", ())
    return getattr(tp, "__origin__", None) is tuple and len(args) == 2 and args[1] is Ellipsis


def _extensions_field(cls: type) -> str | None:
    """The name of the field holding *cls*'s ``x-`` fields, if it has one."""
    hints = typing.get_type_hints(cls)
    return next((a.name for a in attrs.fields(cls) if hints[a.name] is Extensions), None)


def _class_hook_factory(converter: cattrs.Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Callable[[object, type], Any]:
        field = _extensions_field(cls)
        omit = {field: override(omit=True)} if field else {}
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            **omit,  # type: ignore[arg-type]
        )

        def structure(value: object, _: type) -> Any:
            if type(value) is not dict:
                raise _expect("an object", value)
            if field is not None:
                found = {k: v for k, v in value.items() if is_extension_key(k)}
                if found:
                    own = {k: v for k, v in value.items() if k not in found}
                    return attrs.evolve(inner(own, cls), **{field: Extensions(found)})
            return inner(value, cls)

        return structure

    return factory


def _unstructure_class_factory(converter: cattrs.Converter) -> Callable[[type], Any]:
    def factory(cls: type) -> Any:
        field = _extensions_field(cls)
        if field is None:
            return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)
        inner: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
            cls,
            converter,
            _cattrs_omit_if_default=True,
            **{field: override(omit=True)},  # type: ignore[arg-type]
        )

        def unstructure(obj: Any) -> dict[str, Any]:
            data: dict[str, Any] = inner(obj)
            extensions = getattr(obj, field)
            if extensions:
                data.update(thaw(extensions))
            return data

        return unstructure

    return factory


def make_converter(*, detailed: bool = False) -> cattrs.Converter:
    """A converter configured for gdprkit's JSON form.

    Args:
        detailed: Collect every structuring error with its path (slower);
            without it the first error stops structuring.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        omit_if_default=True,
        detailed_validation=detailed,
    )
    # Singledispatch hooks: the str-based enums get their own, more specific
    # hooks below, and bool is more specific than int.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(Duration, _structure_duration)
    converter.register_structure_hook(CountryCode, _structure_country)
    for code in _codes():
        converter.register_structure_hook(code, _enum_hook(code))
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, _tuple_hook_factory(converter, detailed)
    )
    converter.register_structure_hook_factory(attrs.has, _class_hook_factory(converter))

    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(Duration, Duration.isoformat)
    converter.register_unstructure_hook_factory(attrs.has, _unstructure_class_factory(converter))
    return converter


def structure_problems(error: BaseException, path: str = "") -> list[tuple[str, str]]:
    """Flatten cattrs' exception tree into ``(path, message)`` pairs."""
    problems: list[tuple[str, str]] = []
    if isinstance(error, ClassValidationError):
        for exc, note in _with_notes(error):
            name = getattr(note, "name", None)
            sub = f"{path}.{name}" if path and name else (name or path)
            if isinstance(exc, KeyError) and name is not None:
                problems.append((sub, "required field is missing"))
            else:
                problems.extend(structure_problems(exc, sub))
        for exc in _without_notes(error):
            problems.extend(structure_problems(exc, path))
    elif isinstance(error, IterableValidationError):
        for exc, note in _with_notes(error):
            problems.extend(structure_problems(exc, f"{path}[{note.index}]"))
        for exc in _without_notes(error):
            problems.extend(structure_problems(exc, path))
    elif isinstance(error, ForbiddenExtraKeysError):
        own = [a.name for a in attrs.fields(error.cl) if a.name != _extensions_field(error.cl)]
        known = ", ".join(own)
        extensible = (
            "; or an extension key starting with x-"
            if len(own) < len(attrs.fields(error.cl))
            else ""
        )
        for key in sorted(error.extra_fields):
            problems.append(
                (join_key(path, key), f"unknown field (expected one of: {known}{extensible})")
            )
    elif isinstance(error, ExceptionGroup):
        for exc in error.exceptions:
            problems.extend(structure_problems(exc, path))
    elif isinstance(error, StructureProblem):
        problems.append((path, str(error)))
    else:
        problems.append((path, f"invalid value ({type(error).__name__}: {error})"))
    return problems


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def join_key(path: str, key: str) -> str:
    """The path of *key* inside the object at *path*: ``path.key``, or
    ``path["key"]`` (JSON-quoted, non-ASCII escaped) for a key that is
    empty or holds anything but letters, digits, ``_`` and ``-``, so that
    ``a.b`` and ``x[0]`` cannot be read as two steps."""
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    quoted = surrogates().sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(key, ensure_ascii=False)
    )
    return f"{path}[{quoted}]"


_NOTES = (AttributeValidationNote, IterableValidationNote)


def _with_notes(group: Any) -> list[tuple[BaseException, Any]]:
    found = []
    for exc in group.exceptions:
        notes = [
            n for n in getattr(exc, "__notes__", []) if hasattr(n, "name") or hasattr(n, "index")
        ]
        if notes:
            found.append((exc, notes[-1]))
    return found


def _without_notes(group: Any) -> list[BaseException]:
    return [
        exc
        for exc in group.exceptions
        if not any(isinstance(n, _NOTES) for n in getattr(exc, "__notes__", []))
    ]
