"""The ``repr``, ``==`` and ``hash`` of gdprkit's attrs classes, written once
(below the model: it imports nothing of gdprkit).

attrs generates the source of these methods for each class it builds and
compiles it, some 0.3 ms a class; the command line builds some fifty classes of
the model, the reference data and its own at every start.  These classes say
``repr=False, eq=False`` and derive from :class:`FieldMethods`, which holds the
functions below; they behave as attrs' generated methods do:

* :func:`fields_repr` prints ``Purpose(extensions=…, name='…', …)``: each field
  attrs would show, in its order (``repr=False`` fields left out, a field's own
  ``repr`` callable used), and ``...`` for an object already being shown higher
  up (a cycle);
* :func:`fields_eq` is true for two objects of the same class whose compared
  fields (``eq=True``, through their ``eq_key``) are equal (compared as tuples
  compare: a value is equal to itself), and ``NotImplemented`` for an object of
  another class;
* :func:`fields_hash` hashes the same fields and the class, so that equal
  objects hash alike (the value itself differs from attrs', which is not
  stable across processes either).
"""

from __future__ import annotations

import functools
import operator
import sys
import threading
from collections.abc import Callable
from typing import Any

import attrs


__all__ = ["FieldMethods", "field_types", "fields_eq", "fields_hash", "fields_repr"]

_SHOWING = threading.local()
"""The ids of the objects whose ``repr`` is being built, per thread."""


def fields_repr(self: Any) -> str:
    """``Class(field=value, …)`` for an attrs instance, as attrs writes it."""
    try:
        showing: set[int] = _SHOWING.ids
    except AttributeError:
        showing = _SHOWING.ids = set()
    key = id(self)
    if key in showing:
        return "..."
    showing.add(key)
    try:
        parts = []
        for field in self.__attrs_attrs__:
            show = field.repr
            if show is False:
                continue
            value = (
                getattr(self, field.name)
                if field.init
                else getattr(self, field.name, attrs.NOTHING)
            )
            parts.append(
                f"{field.name}={value!r}" if show is True else f"{field.name}={show(value)}"
            )
        name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
        return f"{name}({', '.join(parts)})"
    finally:
        showing.discard(key)


_Compared = tuple[Callable[[Any], tuple[Any, ...]], int]

_COMPARED: dict[type, _Compared] = {}
"""For each class, what its ``==`` and ``hash`` read: a function giving the
compared fields' values, and the class's own part of the hash (a fact of the
class, worked out on its first comparison)."""


def _compared(cls: type) -> _Compared:
    found = _COMPARED.get(cls)
    if found is None:
        fields = [f for f in attrs.fields(cls) if f.eq]
        names = [f.name for f in fields]
        values: Callable[[Any], tuple[Any, ...]]
        if any(f.eq_key is not None for f in fields):
            keyed = [(f.name, f.eq_key) for f in fields]
            values = lambda o: tuple(  # noqa: E731
                getattr(o, n) if k is None else k(getattr(o, n)) for n, k in keyed
            )
        elif len(names) > 1:
            values = operator.attrgetter(*names)
        else:
            values = lambda o: tuple(getattr(o, n) for n in names)  # noqa: E731
        found = _COMPARED[cls] = (values, hash(f"{cls.__module__}.{cls.__qualname__}"))
    return found


def fields_eq(self: Any, other: object) -> Any:
    """``self == other`` as attrs generates it for an attrs instance."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = _compared(self.__class__)[0]
    return values(self) == values(other)


def fields_hash(self: Any) -> int:
    """The hash of an attrs instance's compared fields and of its class."""
    values, salt = _compared(self.__class__)
    return hash((salt, values(self)))


class FieldMethods:
    """Base of gdprkit's attrs classes: the three methods above, inherited.

    A class says ``repr=False, eq=False`` to attrs and derives from this one
    (directly, or through :class:`~gdprkit.model.Extensible`)."""

    __slots__ = ()

    __repr__ = fields_repr
    __eq__ = fields_eq
    __hash__ = fields_hash


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """The type of each field of an attrs class, its annotation resolved in
    the namespace of the class's module (what ``typing.get_type_hints`` gives
    for the fields, ten times faster: the readers, the writers and the rules'
    walks over the register's texts ask for it at every start-up).  A fact of
    the class, worked out once."""
    # A field may be inherited (``extensions`` from ``Extensible``): its
    # annotation is resolved where it was written, so every base's module counts.
    namespace: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        module = sys.modules.get(base.__module__)
        if module is not None and base.__module__ != "builtins":
            namespace.update(module.__dict__)
    return {
        a.name: eval(a.type, namespace) if isinstance(a.type, str) else a.type  # noqa: S307 - an annotation of gdprkit's own source, evaluated as typing does
        for a in attrs.fields(cls)
    }
