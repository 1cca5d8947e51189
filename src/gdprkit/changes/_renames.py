"""Which element removed from a list and which added to it are the same element
renamed or reworded.

Conservative on purpose: hiding a genuinely new purpose behind a "reworded" would
skip a legal step (the compatibility check of GDPR Art. 6(4)), which is worse
than reporting a rewording as one removed and one added. So two names pair only
when they are equal once case, accents and punctuation are folded
(``Offisanté`` and ``OffiSanté``), or when they are close both character by
character (:class:`difflib.SequenceMatcher`) and word by word (more than
half of the words that carry the meaning are shared, so "Gestion des
commandes" and "Gestion des réclamations", "Prospection par SMS" and
"Prospection par courriel", "Campagne 2024" and "Campagne 2025" stay apart);
and only a removed and an added
element that are each other's unique best candidate pair.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs


_T = TypeVar("_T")

SIMILAR = 0.7
"""The least :class:`difflib.SequenceMatcher` ratio of two folded names that
may be the same name reworded. The rewordings of ``offisante-corrected.json``
score from 0.74 ("Répondre aux demandes utilisateurs via le Chat …" → "Répondre
à vos demandes par le chat en ligne …") to 1; different names sharing their
first words score as high ("Gestion des commandes" / "Gestion des réclamations"
0.76), which the shared-words test keeps apart."""

LETTERS = 4_000_000
"""How many pairs of letters (the product of two folded names' lengths) one
list's names may be compared over letter by letter. The comparison's cost
grows with that product (a 20,000-letter name against another: seconds), so
a list whose names would cost more pairs only what is equal once folded, as
if it were ambiguous; one list of a real register (a few names of a few
hundred letters reworded) uses a small part of it."""

_NOT_WORD = re.compile(r"[\W_]+")
# The combining diacritical marks: what NFKD splits off an accented Latin letter.
_ACCENT = re.compile("[\u0300-\u036f]")


@attrs.frozen
class Name:
    """A name as compared: *text* without case, accents or punctuation
    (``"Offisanté.fr"`` gives ``"offisante fr"``), and the *words* that carry
    its meaning: those of four letters or more, numbers (``2024``) and
    acronyms written in capitals (``SMS``, in a name not all in capitals);
    other short words ("de", "des",
    "aux", "via", "fr") are left out."""

    text: str
    words: frozenset[str]

    @classmethod
    def of(cls, name: str) -> Name:
        plain = _ACCENT.sub("", unicodedata.normalize("NFKD", name))
        tokens = _NOT_WORD.sub(" ", plain).split()
        capitals = not plain.isupper()  # in a name all in capitals, no word is an acronym
        return cls(
            text=" ".join(tokens).casefold(),
            words=frozenset(
                token.casefold()
                for token in tokens
                if len(token) >= 4
                or (capitals and token.isupper())
                or any(c.isdigit() for c in token)
            ),
        )


def similarity(
    old: Name,
    new: Name,
    matcher: difflib.SequenceMatcher[str] | None = None,
    spend: Callable[[int], bool] = lambda letters: True,
) -> float | None:
    """How alike two names are (1.0 when equal once folded), or ``None`` when
    they are not the same name reworded. *matcher*, if given, already has
    *new*'s text as its second sequence (it caches what it learns of it);
    *spend* is asked before the letter-by-letter comparison, with its cost
    (see :data:`LETTERS`), and ``False`` leaves the names apart."""
    if old.text == new.text:
        return 1.0
    # More than half of the meaningful words of the shorter name are in the other.
    fewer = min(len(old.words), len(new.words))
    if fewer == 0 or 2 * len(old.words & new.words) <= fewer:
        return None
    if matcher is None:
        matcher = difflib.SequenceMatcher(None, b=new.text, autojunk=False)
    matcher.set_seq1(old.text)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return None
    if not spend(len(old.text) * len(new.text)):
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILAR else None


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
    old_names = [Name.of(name(item)) for item in removed]
    scores: dict[tuple[int, int], float] = {}
    left = LETTERS

    def spend(letters: int) -> bool:
        nonlocal left
        if letters > left:
            return False
        left -= letters
        return True

    for j, after in enumerate(added):
        new_name = Name.of(name(after))
        matcher = difflib.SequenceMatcher(None, b=new_name.text, autojunk=False)
        for i, before in enumerate(removed):
            if alike(before, after):
                score = similarity(old_names[i], new_name, matcher, spend)
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
