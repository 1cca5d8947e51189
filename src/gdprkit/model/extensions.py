"""Extension fields: an organisation's own metadata on any object of the register.

A key starting with ``x-`` (``x-ticket``, ``x-owner-team``) may be added to any
object of a register's JSON form, with any JSON value.  gdprkit keeps it
through every load, dump and export, and no rule reads it.  In the model,
they are the :attr:`Extensible.extensions` of the object: an immutable,
hashable mapping whose keys are sorted (so that equal registers are written
the same) and whose values are frozen (arrays as tuples, objects as
:class:`JsonObject`).
"""

import functools
import math
import typing
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs

from gdprkit._fields import FieldMethods, field_types


__all__ = [
    "EXTENSION_PREFIX",
    "NO_EXTENSIONS",
    "Extensible",
    "Extensions",
    "JsonObject",
    "JsonValue",
    "is_extension_key",
    "thaw",
    "walk_extensions",
]

EXTENSION_PREFIX = "x-"
"""What every extension key starts with."""

JsonValue: TypeAlias = "str | int | float | bool | tuple[JsonValue, ...] | JsonObject | None"
"""A frozen JSON value."""


def is_extension_key(key: object) -> bool:
    """True for a text key that names an extension field (``x-`` and more)."""
    return type(key) is str and len(key) > 2 and key.startswith(EXTENSION_PREFIX)


def _freeze(value: object, where: str) -> JsonValue:
    if value is None or type(value) in (str, int, bool):
        return value  # type: ignore[return-value]
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"{where}: {value!r} is not a JSON number"
            raise ValueError(msg)
        return float(value)
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(value, Mapping):
        return JsonObject(value) if type(value) is not JsonObject else value
    msg = f"{where}: {type(value).__name__} is not a JSON value"
    raise TypeError(msg)


class _WrittenFloat(float):
    """A non-integer number as :func:`thaw` gives it: a ``float`` that orjson
    refuses to write, so that a register holding one is written by the
    standard :mod:`json` module, whose notation (``1e-09``, not orjson's
    ``1e-9``) is the reference every path must give."""

    __slots__ = ()


def thaw(value: object, number: Callable[[float], Any] = _WrittenFloat) -> Any:
    """The JSON-ready form of a frozen value (objects as dicts, arrays as
    lists, non-integer numbers as *number* gives them)."""
    if isinstance(value, JsonObject):
        return {k: thaw(v, number) for k, v in value.items()}
    if type(value) is tuple:
        return [thaw(v, number) for v in value]
    if type(value) is float:
        return number(value)
    return value


class JsonObject(Mapping[str, JsonValue]):
    """An immutable JSON object, its keys sorted.

    Raises (on construction):
        TypeError: for a key that is not text or a value that is not JSON.
        ValueError: for NaN or an infinity.
    """

    __slots__ = ("_items",)

    _items: dict[str, JsonValue]

    def __init__(self, items: Mapping[str, object] | Iterable[tuple[str, object]] = ()) -> None:
        data = dict(items)
        for key in data:
            if type(key) is not str:
                msg = f"a JSON object's key must be text, not {type(key).__name__}"
                raise TypeError(msg)
        self._check(data)
        frozen = {key: _freeze(data[key], key) for key in sorted(data)}
        object.__setattr__(self, "_items", frozen)

    def _check(self, data: dict[str, object]) -> None:
        """Refuse keys the class does not allow (none here)."""

    def __getitem__(self, key: str) -> JsonValue:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JsonObject):
            return self._items == other._items
        if isinstance(other, Mapping):  # a plain mapping: compared once frozen
            try:
                return self._items == JsonObject(other)._items
            except (TypeError, ValueError):
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (thaw(self),))


class Extensions(JsonObject):
    """The ``x-`` fields of one object of the register.

    >>> Extensions({"x-ticket": "DPO-42", "x-systems": ["crm", "erp"]})["x-systems"]
    ('crm', 'erp')

    Raises (on construction):
        ValueError: for a key that does not start with ``x-``.
    """

    __slots__ = ()

    def _check(self, data: dict[str, object]) -> None:
        for key in data:
            if not is_extension_key(key):
                msg = f"extension key {key!r} must start with {EXTENSION_PREFIX!r}"
                raise ValueError(msg)


NO_EXTENSIONS = Extensions()
"""The extensions of an object that has none (the default)."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Extensible(FieldMethods):
    """Base of every class of the register: it may carry extension fields.

    Attributes:
        extensions: The object's ``x-`` fields, written in JSON as keys of the
            object itself, after its own fields.
    """

    extensions: Extensions = NO_EXTENSIONS


def walk_extensions(
    obj: object, path: str = "", *, skip: Collection[str] = ()
) -> Iterator[tuple[str, str, JsonValue]]:
    """``(path, key, value)`` for every extension field of *obj* and of the
    objects inside it, in document order; *path* is the element's path
    (``activities[0].purposes[1]``, empty for *obj* itself), and the fields
    named in *skip* of *obj* are not walked.

    A path is spelled only for an element that has extension fields: most
    have none, and a register has hundreds of elements per activity."""
    found: list[tuple[str, str, JsonValue]] = []
    if hasattr(type(obj), "__attrs_attrs__"):
        _walk(obj, [path] if path else [], skip, found)
    return iter(found)


def _walk(
    obj: object,
    where: list[str | int],
    skip: Collection[str],
    found: list[tuple[str, str, JsonValue]],
) -> None:
    """Add the extension fields of *obj* and of the objects inside it to
    *found*; *where* holds the pieces of *obj*'s path (field names, indexes).
    Only the fields that may hold either are read (:func:`_reached`)."""
    kind: type = type(obj)
    for name, extensions in _reached(kind):
        if name in skip:
            continue
        value = getattr(obj, name)
        if extensions:
            if value:
                path = _spell(where)
                found.extend((path, key, item) for key, item in value.items())
        elif type(value) is tuple:
            where.append(name)
            for index, element in enumerate(value):
                if hasattr(type(element), "__attrs_attrs__"):
                    where.append(index)
                    _walk(element, where, (), found)
                    where.pop()
            where.pop()
        elif hasattr(type(value), "__attrs_attrs__"):
            where.append(name)
            _walk(value, where, (), found)
            where.pop()


@functools.cache
def _reached(kind: type) -> tuple[tuple[str, bool], ...]:
    """The fields of the attrs class *kind* that may hold extension fields
    (``(name, True)``) or objects of attrs classes, alone or in a tuple
    (``(name, False)``), in field order: the others (text, dates, codes…),
    most of an element's fields, hold neither.  A fact of the class, worked
    out from its type hints once."""
    out: list[tuple[str, bool]] = []
    for name, hint in field_types(kind).items():
        if hint is Extensions:
            out.append((name, True))
        elif _may_hold_objects(hint):
            out.append((name, False))
    return tuple(out)


def _may_hold_objects(hint: object) -> bool:
    """Whether a value of type *hint* may be, or hold, an attrs object."""
    if hint is object or hint is Any:
        return True
    if isinstance(hint, type):
        return attrs.has(hint)
    return any(_may_hold_objects(arg) for arg in typing.get_args(hint) if arg is not Ellipsis)


def _spell(where: list[str | int]) -> str:
    """A path from its pieces: ``activities[0].purposes[1]``."""
    out: list[str] = []
    for piece in where:
        if type(piece) is int:
            out.append(f"[{piece}]")
        else:
            out.append(f".{piece}" if out else str(piece))
    return "".join(out)
