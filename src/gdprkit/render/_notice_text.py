"""The notice's fixed words in each language, read once from ``notice_text.json``,
and the typography of the register's text in it."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from gdprkit.render._document import french_spacing
from gdprkit.render._labels import check_lang


__all__ = ["phrases", "stop", "typeset", "without_full_stop"]


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    text = (
        resources.files("gdprkit.render").joinpath("notice_text.json").read_text(encoding="utf-8")
    )
    table: dict[str, dict[str, str]] = json.loads(text)["phrases"]
    return table


@functools.cache
def phrases(lang: str) -> Mapping[str, str]:
    """Every phrase of the notice in *lang*, by key (read-only)."""
    check_lang(lang)
    return MappingProxyType({key: words[lang] for key, words in _table().items()})


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_TYPESET = re.compile(r"['«»]|[ \u00a0\u202f][:;!?]")
"""Text that French typography changes (a quick test before the changes)."""
_GUILLEMET_OPEN = re.compile(r"«[ \u00a0\u202f]?")
_GUILLEMET_CLOSE = re.compile(r"[ \u00a0\u202f]?»")


def typeset(text: str, lang: str) -> str:
    """Register text in the typography of *lang*: French gets one apostrophe
    (’) and no-break spaces before ``: ; ? !`` and inside « »."""
    if lang != "fr" or not _TYPESET.search(text):
        return text
    text = _GUILLEMET_OPEN.sub("«\u00a0", _GUILLEMET_CLOSE.sub("\u00a0»", text))
    return french_spacing(_APOSTROPHE.sub("’", text))


def stop(text: str) -> str:
    """A full stop after register text that does not end a sentence already."""
    core = text.rstrip().rstrip("»\u00a0\u202f ").rstrip()
    return "" if core.endswith((".", "!", "?", "…")) else "."


def without_full_stop(text: str) -> str:
    """Register text set inside a sentence: without the one full stop that
    ends it, unless the stop belongs to an ellipsis or to "etc."."""
    core = text.rstrip()
    if core.endswith(".") and not core.endswith(("..", "etc.")):
        return core[:-1]
    return text
