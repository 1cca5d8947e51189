"""Rules declared from data: a family of rules that share their logic and
differ only in what they check and say (the rights of GDPR5xx, the items of
the record of GDPR2xx, the automated decisions of GDPR12x) is built by one
function per family, from what each rule states for itself (:class:`Stated`)
and what is particular to the family."""

from __future__ import annotations

from typing import TypedDict


__all__ = ["Stated"]


class Stated(TypedDict):
    """What each rule of a family states for itself: the keywords of
    :func:`gdprkit.rules.rule` that tell it from the other rules of its
    family (a builder takes them as ``**stated``)."""

    code: str
    name: str
    title: str
    articles: tuple[str, ...]
    rationale: str
