"""How findings word what they are about, shared by every rule pack: no legal
facts here."""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs

from gdprkit._fields import field_types
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
    hints = field_types(kind)
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
Collect = Callable[..., None]


def _shape(hint: object) -> tuple[str, type | None]:
    """How a field holding prose is walked: ``("text", None)`` for ``str``,
    ``("texts", None)`` for ``tuple[str, ...]``, ``("element", X)`` for an
    element of class *X*, ``("elements", X)`` for ``tuple[X, ...]``, each
    possibly ``None``."""
    kinds = [a for a in get_args(hint) if a is not type(None)] if _is_union(hint) else [hint]
    if len(kinds) == 1:
        (kind,) = kinds
        many = get_origin(kind) is tuple and get_args(kind)[1:] == (Ellipsis,)
        item = get_args(kind)[0] if many else kind
        if item is str:
            return ("texts" if many else "text"), None
        if isinstance(item, type) and attrs.has(item):
            return ("elements" if many else "element"), item
    msg = f"the prose of a field of type {hint!r} cannot be walked"
    raise TypeError(msg)


def _is_union(hint: object) -> bool:
    return get_origin(hint) in (Union, types.UnionType)


_STEPS = {
    "text": "    if value:\n        found.append(((*where, {name!r}), value))\n",
    "texts": (
        "    if value:\n        for i, item in enumerate(value):\n            if item:\n"
        "                found.append(((*where, {name!r}, i), item))\n"
    ),
    "element": "    if value is not None:\n        {call}(value, (*where, {name!r}), found)\n",
    "elements": (
        "    if value:\n        for i, item in enumerate(value):\n"
        "            {call}(item, (*where, {name!r}, i), found)\n"
    ),
}


@functools.cache
def _collector(root: type) -> Collect:
    """A function gathering the prose inside an element of class *root*: one
    generated per class reachable from *root*, each reading the fields of
    :func:`_written_fields` in order, as attrs generates ``__init__``, and
    appending each text with its location to a list.  A fact of the model's
    classes, worked out once."""
    names: dict[type, str] = {root: "collect_0"}
    todo = [root]
    source: list[str] = []
    while todo:
        kind = todo.pop()
        hints = field_types(kind)
        lines = [f"def {names[kind]}(node, where, found):\n"]
        for field in _written_fields(kind):
            step, item = _shape(hints[field])
            if item is not None and item not in names:
                names[item] = f"collect_{len(names)}"
                todo.append(item)
            call = "" if item is None else names[item]
            lines.append(f"    value = node.{field}\n")
            lines.append(_STEPS[step].format(name=field, call=call))
        source.append("".join(lines))
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(source), f"<prose of {root.__name__}>", "exec"), namespace)  # noqa: S102
    return cast("Collect", namespace[names[root]])


@functools.cache
def _gatherer(root: type) -> Callable[[object, set[str]], None]:
    """A function adding the distinct texts inside an element of class *root*
    to a set: :func:`_collector`'s walk without the locations, generated as one
    function whose loops nest as the classes do (no call per element: a
    register has a hundred thousand elements at 10,000 activities).  A fact of
    the model's classes, worked out once."""
    lines = ["def gather(node, found):\n"]

    def read(kind: type, node: str, depth: int) -> None:
        # No class of the model contains itself (_written_fields could not tell).
        hints = field_types(kind)
        pad, value, item_name = "    " * depth, f"value_{depth}", f"item_{depth}"
        for field in _written_fields(kind):
            step, item = _shape(hints[field])
            lines.append(f"{pad}{value} = {node}.{field}\n")
            if step == "text":
                lines.append(f"{pad}if {value}:\n{pad}    found.add({value})\n")
            elif step == "texts":
                lines.append(f"{pad}if {value}:\n{pad}    found.update({value})\n")
            elif step == "element":
                lines.append(f"{pad}if {value} is not None:\n")
                read(cast("type", item), value, depth + 1)
            else:
                lines.append(f"{pad}for {item_name} in {value} or ():\n")
                read(cast("type", item), item_name, depth + 1)

    read(root, "node", 1)
    namespace: dict[str, Any] = {}
    exec(compile("".join(lines), f"<texts of {root.__name__}>", "exec"), namespace)  # noqa: S102
    return cast("Callable[[object, set[str]], None]", namespace["gather"])


def texts_in(element: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every prose text the register writes inside *element* (descriptions,
    notes, legal references and grounds, statements, …), with its location below
    it, in document order: ``(("activities", 0, "notes"), "…")``.  Names,
    identifiers, contact details, codes (str enums) and country codes are not
    prose."""
    found: Texts = []
    kind: Any = type(element)
    if _written_fields(kind):
        _collector(kind)(element, (), found)
    return iter(found)


def register_texts(context: Context) -> tuple[tuple[tuple[str | int, ...], str], ...]:
    """Every text of the register being validated (:func:`texts_in`), walked once per
    validation whichever rules ask."""
    return context.once(texts_in, lambda: tuple(texts_in(context.register)))


def _distinct_texts(context: Context) -> frozenset[str]:
    """The distinct texts of the register being validated, without their
    locations: gathered once per validation, and enough to tell that no text
    cites what a rule looks for (the usual case)."""

    def gather() -> frozenset[str]:
        found: set[str] = set()
        kind: Any = type(context.register)
        if _written_fields(kind):
            _gatherer(kind)(context.register, found)
        found.discard("")
        return frozenset(found)

    return context.once(_distinct_texts, gather)


def texts_citing(
    context: Context, find: Callable[[str], _T | None]
) -> Iterator[tuple[tuple[str | int, ...], _T]]:
    """The texts of the register (:func:`register_texts`) in which *find* finds
    something, with what it found, in document order; *find* sees each distinct
    text once (a register repeats its texts), and the texts' locations are
    gathered only when it finds something."""
    verdicts = {text: find(text) for text in _distinct_texts(context)}
    if all(found is None for found in verdicts.values()):
        return
    for where, text in register_texts(context):
        found = verdicts[text]
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
