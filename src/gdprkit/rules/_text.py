"""How findings word what they are about, shared by every rule pack: no legal
facts here."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, cast, get_args, get_type_hints

import attrs

from gdprkit.model import Duration, Event, ProcessingActivity
from gdprkit.rules._rule import Context


_T = TypeVar("_T")

__all__ = [
    "activity_of",
    "blank",
    "listing",
    "quoted",
    "register_texts",
    "sentence",
    "spoken",
    "texts_citing",
    "texts_in",
]


_NOT_PROSE = frozenset(
    {
        "accepted_findings",  # findings accepted after assessment: they quote findings
        "translations",  # the wording of texts already walked, in other languages
        "extensions",  # tools' data
        "id",
        "name",
        "trade_name",
        "organisation",
        "owner",
        "decided_by",
        "email",
        "phone",
        "url",
        "address",
        "scheme",
        "value",
        "language",
        "fingerprint",
        "rule",
        "found",
        "activity",
        "recipient",
        "reference",
        "contract_reference",
        "tia_reference",
    }
)
"""Fields that hold no prose of the register: names, identifiers, contact
details, cross-references, and texts that are not the register's own words."""


def _holds(hint: object, wanted: Callable[[object], bool]) -> bool:
    """Whether a type hint is, or contains (``X | None``, ``tuple[X, ...]``), a
    type *wanted* accepts."""
    return wanted(hint) or any(_holds(arg, wanted) for arg in get_args(hint))


@functools.cache
def _written_fields(kind: type) -> tuple[str, ...]:
    """The fields of a model class that may hold the register's prose, or
    elements that do (a fact of the class, worked out once per class)."""
    if not attrs.has(kind):
        return ()
    hints = get_type_hints(kind)
    fields: Any = attrs.fields(kind)
    return tuple(
        f.name
        for f in fields
        if f.name not in _NOT_PROSE
        and _holds(
            hints[f.name],
            lambda t: t is str or (isinstance(t, type) and bool(_written_fields(t))),
        )
    )


Texts = list[tuple[tuple[str | int, ...], str]]
_Plan = tuple[tuple[str, ...], Callable[[object], tuple[object, ...]]]


@functools.cache
def _plan(kind: type) -> _Plan | None:
    """The fields of :func:`_written_fields` and one call giving their values
    as a tuple, or ``None`` for a class without any."""
    names = _written_fields(kind)
    if not names:
        return None
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return names, lambda element: (one(element),)
    return names, operator.attrgetter(*names)


def _collect(node: object, where: tuple[str | int, ...], found: Texts) -> None:
    """Append the prose inside the element *node*, at *where*, to *found*."""
    kind: Any = type(node)
    plan = _plan(kind)
    if plan is None:
        return
    names, get = plan
    for name, value in zip(names, get(node), strict=True):
        if not value:
            continue
        inner = type(value)
        if inner is str:
            found.append(((*where, name), cast("str", value)))
        elif inner is tuple:
            for i, item in enumerate(cast("tuple[object, ...]", value)):
                if type(item) is str:
                    if item:
                        found.append(((*where, name, i), item))
                else:
                    _collect(item, (*where, name, i), found)
        else:
            _collect(value, (*where, name), found)


def texts_in(element: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every prose text the register writes inside *element* (descriptions,
    notes, legal references and grounds, statements, …), with its location below
    it, in document order: ``(("activities", 0, "notes"), "…")``.  Names,
    identifiers, contact details, codes (str enums) and country codes are not
    prose."""
    found: Texts = []
    _collect(element, (), found)
    return iter(found)


def register_texts(context: Context) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """Every text of the register being validated (:func:`texts_in`), walked once per
    validation whichever rules ask."""
    return context.once(texts_in, lambda: tuple(texts_in(context.register)))


def texts_citing(
    context: Context, find: Callable[[str], _T | None]
) -> Iterator[tuple[tuple[str | int, ...], _T]]:
    """The texts of the register (:func:`register_texts`) in which *find* finds
    something, with what it found, in document order; *find* sees each distinct
    text once (a register repeats its texts)."""
    verdicts: dict[str, _T | None] = {}
    for where, text in register_texts(context):
        if text in verdicts:
            found = verdicts[text]
        else:
            found = verdicts[text] = find(text)
        if found is not None:
            yield where, found


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
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in duration.components()]
    return " ".join(parts) or "0 days"


def event_words(event: Event) -> str:
    """An event in words, as messages name it: ``end of relationship``, ``last contact``."""
    return event.value.replace("-", " ")
