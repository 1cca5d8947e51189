"""The notice's fixed words in each language, read once from ``notice_text.json``."""

from __future__ import annotations

import functools
import json
from importlib import resources

from gdprkit.render._labels import check_lang


__all__ = ["phrases"]


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    text = (
        resources.files("gdprkit.render").joinpath("notice_text.json").read_text(encoding="utf-8")
    )
    table: dict[str, dict[str, str]] = json.loads(text)["phrases"]
    return table


@functools.cache
def phrases(lang: str) -> dict[str, str]:
    """Every phrase of the notice in *lang*, by key."""
    check_lang(lang)
    return {key: words[lang] for key, words in _table().items()}
