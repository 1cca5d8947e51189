"""The ``repr`` of gdprkit's attrs classes, written once (below the model: it imports
nothing of gdprkit).

attrs generates and compiles a ``__repr__`` for each class it builds, the
largest part of the source it compiles per class; the command line builds some
sixty classes of the model, the reference data and its own at every start.
These classes say ``repr=False`` and share :func:`fields_repr`, which prints
exactly what attrs' ``__repr__`` prints: ``Purpose(extensions=…, name='…', …)``,
each field attrs would show in its order (``repr=False`` fields left out, a
field's own ``repr`` callable used), and ``...`` for an object already being
shown higher up (a cycle).
"""

from __future__ import annotations

import threading
from typing import Any

import attrs


__all__ = ["fields_repr"]

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
