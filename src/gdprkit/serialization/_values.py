"""Checks of JSON values shared by the readers: the fast one and the detailed
converter (kept apart from the latter so that reading needs no cattrs)."""

from __future__ import annotations

import functools
import re


@functools.cache
def surrogates() -> re.Pattern[str]:
    """Finds a UTF-16 surrogate code point: never text on its own (no encoding
    can write it), and a pair written as two escapes is already joined by the
    parser.  Compiled on first use (some 2 M instructions, for a class of
    2,048 code points): only the slower readers look for one, in text that is
    not ASCII."""
    return re.compile("[\ud800-\udfff]")


def integral(value: object) -> int | None:
    """*value* as an integer when JSON Schema calls it one: an ``int``, or a
    finite ``float`` without a fractional part (``250.0``, ``2.5e2``).
    ``None`` for anything else, ``True`` and ``False`` included."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    return None
