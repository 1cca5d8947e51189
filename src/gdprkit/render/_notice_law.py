"""What the law asks a privacy notice to say, for :mod:`gdprkit.render.notice`:
the articles that ask for each item and which rights the notice shows for
which processing (the policy of :mod:`gdprkit.policy`, which also says which
supervisory authority it names)."""

from __future__ import annotations

from collections.abc import Sequence

from gdprkit.model import (
    Art9Condition,
    LawfulBasis,
    LegalBasis,
    ProcessingActivity,
    Purpose,
    Register,
    Right,
    TransferMechanism,
)
from gdprkit.policy import is_french, right_applies


__all__ = ["RightShown", "consents", "rights_shown"]

# The provisions that ask the notice for each item.
A13_1A = "GDPR Art. 13(1)(a)"
A13_1B = "GDPR Art. 13(1)(b)"
A13_1C = "GDPR Art. 13(1)(c)"
A13_1D = "GDPR Art. 13(1)(d)"
A13_1F = "GDPR Art. 13(1)(f)"
A13_2A = "GDPR Art. 13(2)(a)"
A13_2E = "GDPR Art. 13(2)(e)"
A13_2F = "GDPR Art. 13(2)(f)"
A14_1D = "GDPR Art. 14(1)(d)"
A14_2F = "GDPR Art. 14(2)(f)"

COPY_OF_SAFEGUARDS = frozenset(
    m
    for m in TransferMechanism
    if (m.citation or "").startswith(("GDPR Art. 46", "GDPR Art. 47"))
    or m is TransferMechanism.DEROGATION_COMPELLING_INTERESTS
)
"""Transfers for which Art. 13(1)(f) asks where a copy of the safeguards is available."""

ASKED_RIGHTS = frozenset(Right) - {Right.AUTOMATED_DECISION, Right.POST_MORTEM_DIRECTIVES}
"""The rights a notice must state where they apply (GDPR Art. 13(2)(b)–(d))."""
RIGHT_ARTICLE = {
    Right.WITHDRAW_CONSENT: "GDPR Art. 13(2)(c)",
    Right.COMPLAINT: "GDPR Art. 13(2)(d)",
    Right.AUTOMATED_DECISION: "GDPR Art. 13(2)(f)",
}


def consents(purpose: Purpose) -> tuple[LegalBasis, ...]:
    return tuple(
        b
        for b in purpose.legal_bases
        if b.basis is LawfulBasis.CONSENT or b.special_condition is Art9Condition.EXPLICIT_CONSENT
    )


class RightShown:
    """One right as the notice shows it.

    Attributes:
        hows: How to exercise it, as the register words it (in order, once each).
        targets: What it applies to: an activity's name where it applies to
            every purpose of the activity, otherwise the purposes' names.
        everywhere: True when it applies to every purpose considered, so
            that the notice need not say what it applies to.
    """

    def __init__(self) -> None:
        self.hows: dict[str, None] = {}
        self.targets: dict[str, None] = {}
        self.everywhere = True


def rights_shown(
    register: Register, activities: Sequence[ProcessingActivity]
) -> dict[Right, RightShown]:
    """The rights the notice shows for *activities*, in the order of
    :class:`~gdprkit.model.Right`.

    A right is shown for a purpose when the register declares it for the
    purpose's activity (or a consent basis says how to withdraw consent) and
    it applies to the purpose's bases; directives after death only for a
    French register.  An activity without purposes counts as one purpose
    without a basis.  Linear in the number of purposes.
    """
    french = is_french(register)
    shown: dict[Right, RightShown] = {r: RightShown() for r in Right}
    hit: set[Right] = set()
    for activity in activities:
        declared = {d.right: d for d in register.rights_of(activity)}
        purposes = activity.purposes or (Purpose(name=activity.name),)
        names: dict[Right, list[str]] = {r: [] for r in Right}
        for purpose in purposes:
            withdraw = [b.withdrawal_method for b in consents(purpose) if b.withdrawal_method]
            for right in Right:
                if right is Right.POST_MORTEM_DIRECTIVES and not french:
                    continue
                declaration = declared.get(right)
                implied = right is Right.WITHDRAW_CONSENT and bool(withdraw)
                if (declaration is None and not implied) or not right_applies(purpose, right):
                    continue
                names[right].append(purpose.name)
                entry = shown[right]
                if declaration is not None and declaration.how:
                    entry.hows[declaration.how] = None
                if right is Right.WITHDRAW_CONSENT:
                    entry.hows.update(dict.fromkeys(withdraw))
        for right, found in names.items():
            entry = shown[right]
            if len(found) == len(purposes):
                entry.targets[activity.name] = None
            else:
                entry.everywhere = False
                entry.targets.update(dict.fromkeys(found))
            if found:
                hit.add(right)
    return {r: shown[r] for r in Right if r in hit}
