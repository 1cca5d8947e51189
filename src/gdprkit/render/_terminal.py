"""Text for a terminal: no register text may move the cursor, change colours,
hide what follows or forge a line."""

from __future__ import annotations

import re


__all__ = ["terminal_safe"]

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters (C0, DEL, C1: line ends, escape sequences), the line and
paragraph separators, and the bidirectional marks, embeddings, overrides and
isolates, which reorder what a terminal shows."""

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """*text* on one line with every control character written as an escape
    (``\\n``, ``\\x1b``, ``\\u202e``): what it says is shown, nothing it holds acts.

    >>> terminal_safe("Chat\\n\\nChecked 1 register: no findings.\\x1b[8m")
    'Chat\\\\n\\\\nChecked 1 register: no findings.\\\\x1b[8m'
    """
    return _UNSAFE.sub(_escape, text)
