"""What several rules of the ``gdpr`` profile ask about an activity.  No legal
facts here."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

from gdprkit.model import DataCategory, DataKind, LegalBasis, ProcessingActivity, Purpose
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.rules._rule import Context
from gdprkit.rules._text import activity_of, listing, quoted


__all__ = [
    "Place",
    "activities_named",
    "basis_groups",
    "category_of",
    "controller_activities",
    "folded",
    "has_special_or_criminal",
    "purpose_of",
    "purposes_of",
    "repeated",
]

Place = tuple[ProcessingActivity, Purpose]
"""A purpose and the activity it belongs to."""


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


def has_kind(activity: ProcessingActivity, kinds: frozenset[DataKind]) -> bool:
    """Whether a data category of the activity is of one of *kinds*: read from
    the categories, without building the activity's set of kinds (a loop, not
    ``any()`` over a generator: asked of every activity)."""
    for category in activity.data_categories:  # noqa: SIM110
        if category.kind in kinds:
            return True
    return False


def has_special_or_criminal(activity: ProcessingActivity) -> bool:
    """True when the activity processes Art. 9(1) or Art. 10 data."""
    return has_kind(activity, _SPECIAL_OR_CRIMINAL)


def basis_groups(
    context: Context,
    code: str,
    key: Callable[[LegalBasis], Hashable | None],
) -> Mapping[Hashable, Sequence[Place]]:
    """The purposes whose lawful bases give the same non-``None`` *key*, for
    the rule *code*: worked out once per validation, so that a rule finding a
    defect in one basis can name every purpose that repeats it (one defect,
    reported with all its places)."""

    def compute() -> dict[Hashable, list[Place]]:
        groups: dict[Hashable, list[Place]] = {}
        for activity in context.register.activities:
            for purpose in activity.purposes:
                for basis in purpose.legal_bases:
                    found = key(basis)
                    if found is not None:
                        places = groups.setdefault(found, [])
                        if not places or places[-1][1] is not purpose:
                            places.append((activity, purpose))
        return groups

    return context.once((code, "basis-groups"), compute)


def repeated(
    context: Context,
    code: str,
    key: Callable[[LegalBasis], Hashable | None],
    basis: LegalBasis,
) -> tuple[str, bool]:
    """:func:`purposes_of` the purposes that repeat *basis* (those whose bases
    give its non-``None`` *key*), or of the enclosing purpose alone.  The
    wording of a repeated defect is worked out once per validation, not once
    per place: each place gets the same message, and naming every purpose
    at every place would grow with the square of the register."""
    found = key(basis)
    if found is None:
        return purposes_of([(context.activity, context.purpose)])
    worded: dict[Hashable, tuple[str, bool]] = context.once((code, "purposes"), dict)
    if found not in worded:
        places = basis_groups(context, code, key).get(found, [(context.activity, context.purpose)])
        worded[found] = purposes_of(places)
    return worded[found]


def purposes_of(places: Sequence[Place]) -> tuple[str, bool]:
    """``Purpose "P" of activity "A"`` or ``Purposes "P", "Q" of activities
    "A" and "B"``, and whether there is a single one (for the verb)."""
    activities = list(dict.fromkeys(a.name for a, _ in places))
    purposes = list(dict.fromkeys(p.name for _, p in places))
    single = len(places) == 1
    named = f"{'Purpose' if single else 'Purposes'} {listing(purposes)}"
    return f"{named} of {activities_named(activities)}", single


def activities_named(names: Sequence[str], *, start: bool = False) -> str:
    """``activity "A"`` or ``activities "A" and "B"`` (``Activity``,
    ``Activities`` at the *start* of a sentence), as messages name the
    activities one defect is found in."""
    noun = "activity" if len(names) == 1 else "activities"
    return f"{noun.capitalize() if start else noun} {listing(names)}"


def purpose_of(purpose: Purpose, activity: ProcessingActivity, *, start: bool = False) -> str:
    """``purpose "P" of activity "A"`` (``Purpose`` at the *start* of a
    sentence), as messages name a purpose."""
    return f"{'Purpose' if start else 'purpose'} {quoted(purpose.name)} of {activity_of(activity)}"


def category_of(
    category: DataCategory, activity: ProcessingActivity, *, start: bool = False
) -> str:
    """``data category "C" of activity "A"`` (``Data category`` at the *start*
    of a sentence), as messages name a category of data."""
    noun = "Data category" if start else "data category"
    return f"{noun} {quoted(category.name)} of {activity_of(activity)}"


def folded(name: str) -> str:
    """*name* in lower case with its spaces folded: two names that give the
    same are the same name (``"Acme  SAS"`` and ``"acme sas"``)."""
    return " ".join(name.casefold().split())
