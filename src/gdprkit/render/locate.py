"""Where a finding is in a register's JSON text: its line and column.

The register is parsed by msgspec or orjson, which keep no positions, so
:func:`positions` finds the places of many locations at once in the text
afterwards (``activities[2].purposes[0]``: the line and column where that
element starts); :func:`locate` gives the lines.  Text laid out as gdprkit
writes registers is read by indentation, other text walked member by member.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from gdprkit.rules.findings import Location


__all__ = ["locate", "positions"]


_BLANK = re.compile(r"[ \t\n\r]*")
_MEMBER = re.compile(
    r'"((?:[^"\\]|\\.)*)"[ \t\n\r]*:[ \t\n\r]*'
    r'(?:(?:"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null)[ \t\n\r]*([,}])[ \t\n\r]*)?'
)
"""A member's key, its colon and the blanks up to its value; when the value
is text, a number, a boolean or null, also the value and the comma or brace
after it."""
_NEXT = re.compile(r"[ \t\n\r]*([,}\]])[ \t\n\r]*")
"""After a value: the comma or the closing bracket, and the blanks around it."""
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder(strict=False).scan_once  # type: ignore[attr-defined]
"""The standard library's JSON scanner (C): the value at an offset, and the
offset after it."""

_Tree = dict[Any, "_Tree"]
"""The wanted locations as a tree: a member's name or an element's index →
the locations below it."""


def locate(text: str, locations: Iterable[Location]) -> dict[Location, int]:
    """The 1-based line of each finding's location in the JSON *text*.

    A location names a member (``controller.contact``: the line of its key) or an
    array element (``activities[2]``: the line where the element starts).  A
    path that is not in the text, such as a required field that is missing,
    gets the line of its nearest ancestor that is; the empty path and
    anything unknown get line 1.
    """
    return {location: line for location, (line, _) in positions(text, locations).items()}


def positions(text: str, locations: Iterable[Location]) -> dict[Location, tuple[int, int]]:
    """The 1-based line and column of each finding's location in the JSON
    *text* (what :func:`locate` gives, with the column where the key or the
    element starts, counted in characters).

    Text laid out as gdprkit writes every register (``json.dumps(...,
    indent=2)``'s layout: :func:`gdprkit.dumps`, ``gdprkit fmt``) is
    recognised, with msgspec installed, by reformatting it in C; then each
    place is found by its line's indentation with searches in C, no value
    read (:func:`_indented`).  Other text is walked only along the branches
    that lead to the wanted locations, and only up to the last of them;
    every other value is skipped by the standard library's JSON scanner, in
    C.  Lines are counted only up to the places found.  Malformed input
    gives the places found before the error, never an error.
    """
    wanted = list(dict.fromkeys(locations))
    tree: _Tree = {}
    nodes = 0
    for location in wanted:
        node = tree
        for key in location:
            below = node.get(key)
            if below is None:
                below = node[key] = {}
                nodes += 1
            node = below
    found = _Found({(): 0}, nodes)
    if tree and _is_indented(text):
        with contextlib.suppress(IndexError, RecursionError):
            _indented(text, 0, len(text), tree, (), 1, found)
    elif tree:
        with contextlib.suppress(_AllFound, ValueError, IndexError, StopIteration, RecursionError):
            _walk(text, _blanks(text, 0), tree, (), found)
    offsets: dict[Location, int] = {}
    for location in wanted:
        here = location
        while here not in found:
            here = here[:-1]
        offsets[location] = found[here]
    places: dict[int, tuple[int, int]] = {}
    line, start, last = 1, 0, 0
    for offset in sorted(set(offsets.values())):
        count = text.count("\n", last, offset)
        if count:
            line += count
            start = text.rindex("\n", last, offset) + 1
        last = offset
        places[offset] = (line, offset - start + 1)
    return {location: places[offset] for location, offset in offsets.items()}


def _blanks(text: str, pos: int) -> int:
    """The offset of the first character at or after *pos* that is not blank."""
    match = _BLANK.match(text, pos)
    return match.end() if match else pos


class _AllFound(Exception):
    """Every wanted location is found: the rest of the text need not be read."""


class _Found(dict[Location, int]):
    """The offset where each location found starts, and how many wanted
    locations (and their ancestors) are still to be found."""

    def __init__(self, initial: dict[Location, int], missing: int) -> None:
        super().__init__(initial)
        self.missing = missing

    def add(self, location: Location, offset: int) -> None:
        self[location] = offset
        self.missing -= 1
        if self.missing <= 0:
            raise _AllFound


def _walk(
    text: str,
    pos: int,
    tree: _Tree,
    location: Location,
    found: _Found,
    member_at: Callable[[str, int], re.Match[str] | None] = _MEMBER.match,
    next_at: Callable[[str, int], re.Match[str] | None] = _NEXT.match,
    scan: Callable[[str, int], tuple[Any, int]] = _SCAN,
) -> int:
    """Record where the wanted locations below the value at *pos* start;
    return the offset after that value (and its trailing blanks).  (The
    matchers are bound as arguments: this loop is the whole cost of locating.)"""
    first = text[pos]
    if first != "{" and first != "[":
        return scan(text, pos)[1]
    pos = _blanks(text, pos + 1)
    if text[pos] == ("}" if first == "{" else "]"):
        return pos + 1
    index = -1
    while True:
        if first == "{":
            member = member_at(text, pos)
            if member is None:
                raise ValueError(pos)
            key, close = member.group(1, 2)
            if "\\" in key:
                key = json.loads(f'"{key}"')
            start = member.end()
        else:
            index += 1
            key, close, start = index, None, pos
        below = tree.get(key)
        if below is not None:
            where = (*location, key)
            found.add(where, pos)
        if close is not None:  # a member whose scalar value is read with its key
            if close != ",":
                return start
            pos = start
            continue
        end = _walk(text, start, below, where, found) if below else scan(text, start)[1]
        after = next_at(text, end)
        if after is None:
            raise ValueError(end)
        pos = after.end()
        if after.group(1) != ",":
            return pos


_KEY_ESCAPE = re.compile(r"\\[u/]")
"""An escape that may spell a key otherwise than ``json.dumps`` does
(``\\u0069`` for ``i``, ``\\/`` for ``/``).  ``json.dumps`` writes ``\\u``
only for a control character: text holding one is left to the walk."""


def _is_indented(text: str) -> bool:
    """Whether *text* is laid out as ``json.dumps(..., indent=2,
    ensure_ascii=False)`` lays it out: msgspec's formatter, which changes
    nothing but the blanks between tokens, gives it back unchanged (without
    msgspec: not known, ``False``), and no key can be spelled otherwise than
    ``json.dumps`` spells it, since the text has no ``\\u`` or ``\\/`` escape
    (a key is looked for as ``json.dumps`` spells it)."""
    if "\\" in text and _KEY_ESCAPE.search(text):
        return False
    try:
        import msgspec  # the fast extra, imported already when the text was loaded
    except ImportError:  # pragma: no cover - exercised by the tests without the extra
        return False
    try:
        laid_out: str = msgspec.json.format(text, indent=2)
    except (ValueError, UnicodeError):  # not JSON, or a lone surrogate: the walk decides
        return False
    return text.startswith(laid_out) and not text[len(laid_out) :].strip(" \t\n\r")


@functools.lru_cache(maxsize=4096)
def _member_at(key: str, indent: str) -> str:
    """The start of the line of the member *key*, indented by *indent*."""
    return f"{indent}{json.dumps(key, ensure_ascii=False)}: "


@functools.cache
def _closers(indent: str) -> dict[str, str]:
    """The line that closes an object or an array opened at *indent*."""
    return {"{": f"{indent}}}", "[": f"{indent}]"}


def _indented(
    text: str, pos: int, end: int, tree: _Tree, location: Location, depth: int, found: _Found
) -> None:
    """Record where the wanted locations below the value at *pos* start, in
    *text* laid out as ``json.dumps(..., indent=2)`` lays it out, the value's
    members or elements being at *depth* and its closing line at *end*.

    In that layout each member and each element starts a line of its own,
    indented by two spaces per level, a bracket that closes a value that is
    not empty starts a line indented as the value, and a line break is never
    inside a string (JSON escapes it): a member is the line at its
    indentation that starts with its key, and a value ends at the first
    closing bracket indented as it.  Every search is one call in C; no value
    is read.
    """
    indent = "\n" + "  " * depth
    if text[pos] == "{":
        for key, below in tree.items():
            if type(key) is not str:
                continue
            needle = _member_at(key, indent)
            at = text.find(needle, pos, end)
            if at < 0:
                continue
            where = (*location, key)
            found[where] = at + len(indent)
            if below:
                value = at + len(needle)
                close = _bound(text, value, end, indent)
                if close:
                    _indented(text, value, close, below, where, depth + 1, found)
    elif text[pos] == "[":
        left = len(tree)  # the wanted elements not met yet
        at = pos + 1
        index = 0
        while text.startswith(indent, at):  # an element's line
            start = at + len(indent)
            close = _closing(text, start, end, indent)
            wanted = tree.get(index)
            if wanted is not None:
                where = (*location, index)
                found[where] = start
                if wanted and close:
                    _indented(text, start, close, wanted, where, depth + 1, found)
                left -= 1
                if not left:
                    return
            # the comma that ends the element's last line, if another follows
            comma = close + len(indent) + 1 if close else text.find("\n", start, end) - 1
            if comma < 0 or text[comma] != ",":
                return
            at = comma + 1
            index += 1


def _closing(text: str, pos: int, end: int, indent: str) -> int:
    """Where the line closing the object or array at *pos* starts, its
    lines starting with *indent*; 0 for any other value, or an empty one."""
    closer = _closers(indent).get(text[pos])
    if closer is None or text[pos + 1] in "}]":
        return 0
    return max(text.find(closer, pos, end), 0)


def _bound(text: str, pos: int, end: int, indent: str) -> int:
    """What bounds the search below the value at *pos*: an object's closing
    line (a member missing from it must not be found in the next one); an
    array's elements follow each other to its end and need none (*end*);
    0 for any other value, or an empty one."""
    if text[pos] == "[" and text[pos + 1] != "]":
        return end
    return _closing(text, pos, end, indent)
