"""Cell values: formula neutralisation, the ``_xHHHH_`` escapes of XML, and the
small helpers that read and write model attributes by path.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from gdprkit.render._labels import not_specified
from gdprkit.render.spreadsheet.layout import FORMULA_START, Cell


# Cell values ---------------------------------------------------------------------

_FORMULA_START = (*FORMULA_START, "'")  # and a text that starts with the protection
# What XML 1.0 cannot hold, what XML readers turn into another character
# (CR), and what odfpy or openpyxl do not read back (C1 controls, the
# noncharacters U+xFFFE and U+xFFFF of every plane): found by writing every
# code point and reading it back.
_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)
_XML_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_XML_PAIR = re.compile(r"_x(D[89ABab][0-9A-Fa-f]{2})__x(D[C-Fc-f][0-9A-Fa-f]{2})_")


def neutralise(text: str) -> str:
    """A text that a spreadsheet cannot take for a formula: one apostrophe in
    front of ``= + - @``, tab, carriage return, or an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unneutralise(text: str) -> str:
    """The inverse of :func:`neutralise`: drop one leading apostrophe."""
    return text[1:] if text.startswith("'") else text


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code > 0xFFFF:  # as its UTF-16 surrogate pair, like Office Open XML
        code -= 0x10000
        return f"_x{0xD800 + (code >> 10):04X}__x{0xDC00 + (code & 0x3FF):04X}_"
    return f"_x{code:04X}_"


def _unescape_pair(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def xml_escape(text: str) -> str:
    """Characters XML cannot hold as ``_xHHHH_`` (and a literal ``_xHHHH_``
    protected as ``_x005F_xHHHH_``), the Office Open XML convention."""
    text = _XML_ESCAPE_LIKE.sub("_x005F_", text)
    return _XML_ILLEGAL.sub(_escape_char, text)


def xml_unescape(text: str) -> str:
    """The inverse of :func:`xml_escape`."""
    text = _XML_PAIR.sub(_unescape_pair, text)
    return _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _norm(text: object) -> str:
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


_UNSTATED_WORDS = frozenset(
    _norm(not_specified(lang, feminine=feminine, plural=plural))
    for lang in ("fr", "en")
    for feminine in (False, True)
    for plural in (False, True)
)
"""What an archive-duration cell may hold for an archive of unstated length
(« non précisée », any agreement, or "not specified")."""


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _get(item: Any, path: str) -> Any:
    for part in path.split("."):
        if item is None:
            return None
        item = getattr(item, part)
    return item


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    if isinstance(value, dict) and isinstance(target.get(last), dict):
        target[last].update(value)
    else:
        target[last] = value


_EXACT = 2**53
"""Spreadsheets keep numbers as binary64 floats: integers from here on lose
digits, and are written as text (which import reads back as a number)."""


def _encoded(value: Cell, xml: bool) -> Cell:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _EXACT:
        value = str(value)
    if isinstance(value, str):
        value = neutralise(value)
        return xml_escape(value) if xml else value
    return value


def _decoded(value: object, xml: bool) -> object:
    if isinstance(value, str):
        return unneutralise(xml_unescape(value) if xml else value)
    return value
