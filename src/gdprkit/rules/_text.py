"""How findings word what they are about, shared by every rule pack: no legal
facts here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from gdprkit.model import Duration, ProcessingActivity


__all__ = ["activity_of", "blank", "listing", "quoted", "sentence", "spoken", "texts_in"]


_NOT_WRITTEN = frozenset({"accepted_findings", "translations", "extensions"})
"""Fields whose texts are not the register's own words: the findings accepted
after assessment (they quote findings), the translations of texts already
walked, and extension fields (tools' data)."""


def texts_in(element: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text the register writes inside *element*, with its location below
    it, in document order: ``(("activities", 0, "notes"), "…")``."""
    kind: Any = type(element)
    if not attrs.has(kind):
        return
    for field in attrs.fields(kind):
        if field.name in _NOT_WRITTEN:
            continue
        value = getattr(element, field.name)
        if type(value) is str:  # not a code (a str enum) nor a country code
            if value:
                yield (field.name,), value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if type(item) is str:
                    yield (field.name, i), item
                else:
                    for where, text in texts_in(item):
                        yield (field.name, i, *where), text
        elif attrs.has(type(value)):
            for where, text in texts_in(value):
                yield (field.name, *where), text


def blank(text: str | None) -> bool:
    """True for a missing or empty text."""
    return text is None or not text.strip()


def quoted(text: str) -> str:
    """Text in double quotes, as messages name elements."""
    return f'"{text}"'


def activity_of(activity: ProcessingActivity, *, start: bool = False) -> str:
    """``activity "Name"`` (``Activity "Name"`` at the *start* of a sentence),
    as messages name an activity."""
    return f"{'Activity' if start else 'activity'} {quoted(activity.name)}"


def listing(items: Sequence[str], *, limit: int = 3) -> str:
    """``"a"``, ``"a" and "b"``, ``"a", "b", "c" and 2 more``."""
    shown = [quoted(i) for i in items[:limit]]
    rest = len(items) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def sentence(text: str) -> str:
    """*text* with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def spoken(duration: Duration) -> str:
    """A duration in words, as titles quote reference data: ``3 years``,
    ``13 months``, ``1 year``."""
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in (
            (duration.years, "year"),
            (duration.months, "month"),
            (duration.weeks, "week"),
            (duration.days, "day"),
        )
        if n
    ]
    return " ".join(parts) or "0 days"
