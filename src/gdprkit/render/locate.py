"""Where a finding is in a register's JSON text: its line and column.

The register is parsed by msgspec or orjson, which keep no positions, so
:func:`positions` finds the places of many locations at once in the text
afterwards (``activities[2].purposes[0]``: the line and column where that
element starts); :func:`locate` gives the lines.  Text laid out as gdprkit
writes registers is read by indentation, other text walked member by member.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import itertools
import json
import operator
import re
from collections.abc import Callable, Iterable
from typing import Any

from gdprkit.rules.findings import Location, location_key


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


def locate(text: str | bytes, locations: Iterable[Location]) -> dict[Location, int]:
    """The 1-based line of each finding's location in the JSON *text* (or
    the bytes it is read from: see :func:`positions`).

    A location names a member (``controller.contact``: the line of its key) or an
    array element (``activities[2]``: the line where the element starts).  A
    path that is not in the text, such as a required field that is missing,
    gets the line of its nearest ancestor that is; the empty path and
    anything unknown get line 1.
    """
    return {location: line for location, (line, _) in positions(text, locations).items()}


def positions(text: str | bytes, locations: Iterable[Location]) -> dict[Location, tuple[int, int]]:
    """The 1-based line and column of each finding's location in the JSON
    *text* (what :func:`locate` gives, with the column where the key or the
    element starts, counted in characters).  *text* may also be the bytes of
    a file, read as UTF-8 (a byte order mark skipped, anything that is not
    UTF-8 replaced).

    Text laid out as gdprkit writes every register (``json.dumps(...,
    indent=2)``'s layout: :func:`gdprkit.dumps`, ``gdprkit fmt``) is
    recognised, with msgspec installed, by reformatting its UTF-8 bytes in
    C; then each place is found in the bytes, never decoded, by its line's
    indentation with searches in C, no value read (:func:`_indented`).
    Other text is walked only along the branches that lead to the wanted
    locations, and only up to the last of them; every other value is skipped
    by the standard library's JSON scanner, in C.  Lines and columns are
    counted from each place to the next, in C, only up to the last place.
    Malformed input gives the places found before the error, never an error.
    """
    unique = dict.fromkeys(locations)
    try:
        wanted = sorted(unique)
    except TypeError:  # a name and an index at one level: no place has both
        wanted = sorted(unique, key=location_key)
    source, offsets = _offsets(text, wanted)
    # each place's line and column, counted from the place before it in the text
    newline: Any = b"\n" if isinstance(source, bytes) else "\n"
    ordered = sorted({0, *offsets})
    lines = itertools.accumulate(
        map(source.count, itertools.repeat(newline), ordered, ordered[1:]), initial=1
    )
    # the last line break before each place: the last one so far where rfind
    # finds none between two places (which are then on one line)
    breaks = itertools.accumulate(
        map(source.rfind, itertools.repeat(newline), ordered, ordered[1:]), max, initial=-1
    )
    columns = map(operator.sub, ordered, breaks)
    places = dict(zip(ordered, zip(lines, columns, strict=True), strict=True))
    located = dict(zip(wanted, map(places.__getitem__, offsets), strict=True))
    return dict(zip(unique, map(located.__getitem__, unique), strict=True))  # in their order


def _offsets(text: str | bytes, wanted: list[Location]) -> tuple[str | bytes, list[int]]:
    """Where each of the *wanted* locations, sorted, starts (that of its
    nearest ancestor for one the text lacks), and what the offsets count:
    the UTF-8 bytes of text laid out as gdprkit writes it, the characters of
    any other text."""
    offsets = [0] * len(wanted)
    if not wanted or not wanted[-1]:  # nothing but the whole document
        return text, offsets
    try:
        data = text if isinstance(text, bytes) else text.encode()
    except UnicodeEncodeError:  # a lone surrogate: not JSON that a file can hold
        data = b""
    start = _indented_from(data)
    if start >= 0:
        try:
            lo = 0 if wanted[0] else 1
            _indented(data, wanted, offsets, lo, len(wanted), 1, start, len(data), 0, {})
        except (RecursionError, _Unsure, IndexError):  # too deep, a doubtful key: walked
            pass
        else:
            return data, offsets
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
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
    with contextlib.suppress(_AllFound, ValueError, IndexError, StopIteration, RecursionError):
        _walk(text, _blanks(text, 0), tree, (), found)
    for i, location in enumerate(wanted):
        here = location
        while here not in found:
            here = here[:-1]
        offsets[i] = found[here]
    return text, offsets


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


_KEY_ESCAPE = re.compile(rb"\\[u/]")
"""An escape that may spell a key otherwise than ``json.dumps`` does
(``\\u0069`` for ``i``, ``\\/`` for ``/``).  ``json.dumps`` writes ``\\u``
only for a control character: text holding one is left to the walk."""


def _indented_from(data: bytes) -> int:
    """Where the document starts in *data* (after a byte order mark) if it
    is laid out as ``json.dumps(..., indent=2, ensure_ascii=False)`` lays it
    out, -1 if not: msgspec's formatter, which changes nothing but the blanks
    between tokens, gives it back unchanged (without msgspec: not known), and
    no key can be spelled otherwise than ``json.dumps`` spells it, since the
    text has no ``\\u`` or ``\\/`` escape (a key is looked for as
    ``json.dumps`` spells it)."""
    if b"\\" in data and _KEY_ESCAPE.search(data):
        return -1
    try:
        import msgspec  # the fast extra, imported already when the text was loaded
    except ImportError:  # pragma: no cover - exercised by the tests without the extra
        return -1
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        laid_out = msgspec.json.format(memoryview(data)[start:], indent=2)
    except ValueError:  # not JSON, or not UTF-8: the walk decides
        return -1
    end = start + len(laid_out)
    if data.startswith(laid_out, start) and not data[end:].strip(b" \t\n\r"):
        return start
    return -1


class _Unsure(Exception):
    """A key may be spelled otherwise in the bytes than in UTF-8: the text is walked."""


def _member_at(key: str, indent: bytes) -> bytes:
    """The start of the line of the member *key*, indented by *indent*.

    Raises:
        _Unsure: for a key with a replacement character, which may stand for
            bytes that are not UTF-8 (msgspec's formatter copies a string's bytes
            as they are)."""
    if "\ufffd" in key:
        raise _Unsure(key)
    return indent + f"{json.dumps(key, ensure_ascii=False)}: ".encode()


def _indented(
    text: bytes,
    wanted: list[Location],
    offsets: list[int],
    lo: int,
    hi: int,
    depth: int,
    pos: int,
    end: int,
    parent: int,
    needles: dict[tuple[str, bytes], bytes],
) -> None:
    """Set in ``offsets[lo:hi]`` where the wanted locations ``wanted[lo:hi]``
    start, all of them below the value at *pos* (whose own place is
    *parent*), in *text* laid out as ``json.dumps(..., indent=2)`` lays it
    out, the value's members or elements being at *depth* and its closing
    line at *end*.  A location the text lacks gets its nearest ancestor's place.
    *needles* keeps the lines of the members looked for in this search
    (:func:`_member_at`), which repeat from one activity to the next.

    In that layout each member and each element starts a line of its own,
    indented by two spaces per level, a bracket that closes a value that is
    not empty starts a line indented as the value, and a line break is never
    inside a string (JSON escapes it): a member is the line at its
    indentation that starts with its key, and a value ends at the first
    closing bracket indented as it.  Every search is one call in C; no value
    is read.  The locations being sorted, those at one member or element
    follow each other, and the elements' indices ascend.
    """
    indent, closers = _level(depth)
    level = depth - 1  # the part of a location that names a member or an element here
    is_object = text[pos] == _OBJECT
    if not is_object and text[pos] != _ARRAY:  # nothing is below a text or a number
        return
    at = pos + 1  # in an array: the line of the next element
    index = 0  # ... and its index
    i = lo
    while i < hi:
        key = wanted[i][level]
        j = i + 1  # wanted[i:j]: the locations at this member or element, and below it
        while j < hi and wanted[j][level] == key:
            j += 1
        if is_object:
            if type(key) is str:
                needle = needles.get((key, indent), b"")
                if not needle:
                    needle = needles[key, indent] = _member_at(key, indent)
            else:
                needle = b""
            at = text.find(needle, pos, end) if needle else -1
            if at < 0:
                offsets[i:j] = [parent] * (j - i)
                i = j
                continue
            here = at + len(indent)
            value = at + len(needle)
            bound = -1  # not looked for yet
        else:
            if type(key) is not int or key < index:  # not an element of the array
                offsets[i:j] = [parent] * (j - i)
                i = j
                continue
            while True:  # to the element *key*, if the array has it
                if at < 0 or not text.startswith(indent, at):
                    offsets[i:hi] = [parent] * (hi - i)
                    return
                here = value = at + len(indent)
                # a value that is not empty ends at its closing line, anything
                # else on its own line; a comma follows if another element does
                closer = closers.get(text[value])
                if closer is not None and text[value + 1] == _NEWLINE:
                    bound = text.find(closer, value, end)
                    comma = bound + len(closer)
                else:
                    bound = 0
                    comma = text.find(b"\n", value, end) - 1
                at = comma + 1 if comma > 0 and text[comma] == _COMMA else -1
                index += 1
                if index > key:
                    break
        k = i
        if len(wanted[i]) == depth:  # the member or element itself
            offsets[i] = here
            k += 1
        if k < j:  # locations below it
            if bound < 0:  # a member's value: an array ends with the object
                closer = closers.get(text[value])
                if closer is None or text[value + 1] != _NEWLINE:  # neither, or empty
                    bound = 0
                elif closer.endswith(b"]"):
                    bound = end
                else:
                    bound = text.find(closer, value, end)
            if bound > 0:
                _indented(text, wanted, offsets, k, j, depth + 1, value, bound, here, needles)
            else:
                offsets[k:j] = [here] * (j - k)
        i = j


_OBJECT, _ARRAY, _NEWLINE, _COMMA = b"{[\n,"
"""The bytes that open an object and an array, end a line and separate values."""


@functools.cache
def _level(depth: int) -> tuple[bytes, dict[int, bytes]]:
    """The line break and indentation of the members or elements at *depth*,
    and the closing line of an object or an array opened at that depth (by
    its opening byte)."""
    indent = b"\n" + b"  " * depth
    return indent, {_OBJECT: indent + b"}", _ARRAY: indent + b"]"}
