"""Which element removed from a list and which added to it are the same element
renamed or reworded.

Conservative on purpose: hiding a genuinely new purpose behind a "reworded" would
skip a legal step (the compatibility check of GDPR Art. 6(4)), which is worse
than reporting a rewording as one removed and one added. So two names pair only
when they are equal once case, accents and punctuation are folded
(``Offisanté`` and ``OffiSanté``), or when they are close both character by
character (:class:`difflib.SequenceMatcher`) and word by word (most of the
words that carry the meaning are shared, so "Gestion des commandes" and
"Gestion des réclamations" stay apart); and only a removed and an added
element that are each other's unique best candidate pair.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar


_T = TypeVar("_T")

SIMILAR = 0.7
"""The least :class:`difflib.SequenceMatcher` ratio of two folded names that
may be the same name reworded. The rewordings of ``offisante-corrected.json``
score from 0.74 ("Répondre aux demandes utilisateurs via le Chat …" → "Répondre
à vos demandes par le chat en ligne …") to 1; different names sharing their
first words score as high ("Gestion des commandes" / "Gestion des réclamations"
0.76), which the shared-words test keeps apart."""

_SIGNIFICANT = 4
"""Words this long or longer carry the meaning; shorter ones ("de", "des",
"aux", "via", "fr") are left out of the shared-words test."""

_NOT_WORD = re.compile(r"[\W_]+")


def folded(name: str) -> str:
    """*name* without case, accents or punctuation: ``"Offisanté.fr"`` gives
    ``"offisante fr"``."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def similarity(old: str, new: str) -> float | None:
    """How alike two folded names are (1.0 when equal), or ``None`` when they
    are not the same name reworded."""
    if old == new:
        return 1.0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return None
    ratio = matcher.ratio()
    if ratio < SIMILAR:
        return None
    words_old = {w for w in old.split() if len(w) >= _SIGNIFICANT}
    words_new = {w for w in new.split() if len(w) >= _SIGNIFICANT}
    fewer = min(len(words_old), len(words_new))
    # More than half of the meaningful words of the shorter name are in the other.
    if fewer == 0 or 2 * len(words_old & words_new) <= fewer:
        return None
    return ratio


def renamed(
    removed: Sequence[_T],
    added: Sequence[_T],
    name: Callable[[_T], str],
    alike: Callable[[_T, _T], bool],
) -> list[tuple[int, int]]:
    """The pairs (index in *removed*, index in *added*) that are one element
    renamed: *alike* in everything but the name, similar names, and each the
    other's unique best candidate. In the order of *added*."""
    if not removed or not added:
        return []
    old_names = [folded(name(item)) for item in removed]
    new_names = [folded(name(item)) for item in added]
    scores: dict[tuple[int, int], float] = {}
    for i, before in enumerate(removed):
        for j, after in enumerate(added):
            if alike(before, after):
                score = similarity(old_names[i], new_names[j])
                if score is not None:
                    scores[i, j] = score
    best_new = _unique_best(scores, by=0)
    best_old = _unique_best(scores, by=1)
    pairs = [(i, j) for i, j in best_new.items() if best_old.get(j) == i]
    return sorted(pairs, key=lambda pair: pair[1])


def _unique_best(scores: dict[tuple[int, int], float], *, by: int) -> dict[int, int]:
    """For each element of one side (*by*: 0 the removed, 1 the added), its
    candidate on the other side with the highest score, when no other
    candidate ties with it."""
    best: dict[int, tuple[float, int | None]] = {}
    for pair, score in scores.items():
        mine, other = pair[by], pair[1 - by]
        held = best.get(mine)
        if held is None or score > held[0]:
            best[mine] = (score, other)
        elif score == held[0]:
            best[mine] = (score, None)
    return {mine: other for mine, (_, other) in best.items() if other is not None}
