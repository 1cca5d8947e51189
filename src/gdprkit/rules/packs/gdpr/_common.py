"""Helpers shared by the rules of the ``gdpr`` profile: iteration, naming, tests
on what an activity processes.  No legal facts here."""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence

from gdprkit.model import DataKind, ProcessingActivity, Register, Role


__all__ = [
    "CONTROLLER_ROLES",
    "PROFILE",
    "activity_of",
    "blank",
    "controller_activities",
    "enumerate_activities",
    "has_special_or_criminal",
    "listing",
    "quoted",
]

PROFILE = "gdpr"
"""The profile name of the core pack."""

CONTROLLER_ROLES = frozenset({Role.CONTROLLER, Role.JOINT_CONTROLLER})
"""Roles whose activities follow Art. 30(1); processors follow Art. 30(2)."""


def enumerate_activities(register: Register) -> Iterator[tuple[int, ProcessingActivity]]:
    """Every activity with its index."""
    return enumerate(register.activities)


_Indexed = tuple[tuple[int, ProcessingActivity], ...]
_last_controller_activities: tuple[weakref.ref[Register], _Indexed] | None = None


def controller_activities(register: Register) -> Iterator[tuple[int, ProcessingActivity]]:
    """Activities kept as controller or joint controller, with their index.

    Most rules of the pack walk these: the selection is kept for the last
    register asked about (registers are immutable), under a weak reference
    that drops it when the register goes.
    """
    global _last_controller_activities
    last = _last_controller_activities
    if last is not None and last[0]() is register:
        return iter(last[1])
    chosen = tuple((i, a) for i, a in enumerate(register.activities) if a.role in CONTROLLER_ROLES)
    _last_controller_activities = (weakref.ref(register, _forget), chosen)
    return iter(chosen)


def _forget(gone: weakref.ref[Register]) -> None:
    """Drop the kept selection when its register is freed."""
    global _last_controller_activities
    last = _last_controller_activities
    if last is not None and last[0] is gone:
        _last_controller_activities = None


def blank(text: str | None) -> bool:
    """True for a missing or empty text."""
    return text is None or not text.strip()


def quoted(text: str) -> str:
    """Text in double quotes, as messages name elements."""
    return f'"{text}"'


def activity_of(activity: ProcessingActivity, *, start: bool = False) -> str:
    """``activity "Name"`` (``Activity "Name"`` at the *start* of a sentence),
    as messages name an activity."""
    return f"{'Activity' if start else 'activity'} {quoted(activity.name)}"


def listing(items: Sequence[str], *, limit: int = 3) -> str:
    """``"a"``, ``"a" and "b"``, ``"a", "b", "c" and 2 more``."""
    shown = [quoted(i) for i in items[:limit]]
    rest = len(items) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


_SPECIAL_OR_CRIMINAL = frozenset(k for k in DataKind if k.is_special or k.is_criminal)


def has_special_or_criminal(activity: ProcessingActivity) -> bool:
    """True when the activity processes Art. 9(1) or Art. 10 data."""
    return not _SPECIAL_OR_CRIMINAL.isdisjoint(activity.data_kinds)
