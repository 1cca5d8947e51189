"""What several rules of the ``gdpr`` profile ask about an activity.  No legal
facts here."""

from __future__ import annotations

from gdprkit.model import DataKind, ProcessingActivity
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.rules._rule import Context


__all__ = ["controller_activities", "has_special_or_criminal"]


def controller_activities(context: Context) -> tuple[tuple[int, ProcessingActivity], ...]:
    """The register's activities kept as controller or joint controller, with
    their index: worked out once per validation, for the rules that compare an
    activity's list with the register's general one."""
    return context.once(
        "controller-activities",
        lambda: tuple(
            (i, a) for i, a in enumerate(context.register.activities) if a.role in CONTROLLER_ROLES
        ),
    )


_SPECIAL_OR_CRIMINAL = frozenset(k for k in DataKind if k.is_special or k.is_criminal)


def has_special_or_criminal(activity: ProcessingActivity) -> bool:
    """True when the activity processes Art. 9(1) or Art. 10 data."""
    return not _SPECIAL_OR_CRIMINAL.isdisjoint(activity.data_kinds)
