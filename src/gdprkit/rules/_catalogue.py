"""Where profiles come from: the built-in ones, those installed as packages
(the ``gdprkit.plugins`` entry point group), and plug-in modules or files.

Nothing here is a registry: a profile is a value, looked up by name when a
validation asks for it.  An installed package declares, in its
``pyproject.toml``::

    [project.entry-points."gdprkit.plugins"]
    acme = "acme_gdpr:PROFILE"

The entry point names a :class:`~gdprkit.rules.Profile` or a module; a
module contributes the profiles it defines, and its loose rules (made with
``@rule(profile="acme")``) form a profile of that name.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator

from gdprkit.rules._rule import Profile, Rule


__all__ = [
    "ENTRY_POINT_GROUP",
    "all_rules",
    "available",
    "builtin",
    "installed",
    "profiles_in",
    "resolve",
]

ENTRY_POINT_GROUP = "gdprkit.plugins"
"""The entry point group under which installed packages offer profiles."""


_BUILTIN = {"gdpr": "gdprkit.rules.packs.gdpr", "cnil": "gdprkit.rules.packs.cnil"}
"""The module of each profile that comes with gdprkit, by name."""


def _builtin(name: str) -> Profile:
    profile: Profile = importlib.import_module(_BUILTIN[name]).PROFILE
    return profile


def builtin() -> tuple[Profile, ...]:
    """The profiles that come with gdprkit, ``gdpr`` and ``cnil``.

    Their modules are imported on first use, not with :mod:`gdprkit`: a
    program that only loads registers does not read the rules' reference
    data, and :func:`resolve` imports only the profiles asked for (the
    ``cnil`` pack and its French reference data are not imported to run
    ``gdpr`` alone).
    """
    return tuple(_builtin(name) for name in _BUILTIN)


def profiles_in(found: object) -> tuple[Profile, ...]:
    """The profiles a plug-in offers: *found* itself if it is a profile, else
    those defined in it (a module), plus one per profile name for the rules
    defined in it outside any of its profiles."""
    if isinstance(found, Profile):
        return (found,)
    values = list(vars(found).values())
    profiles = [v for v in values if isinstance(v, Profile)]
    listed = {r.code for p in profiles for r in p.rules}
    where = getattr(found, "__name__", "a plug-in")
    loose: dict[str, list[Rule]] = {}
    for value in values:
        # Rules defined here, not imported from elsewhere (a built-in pack's).
        if (
            isinstance(value, Rule)
            and value.code not in listed
            and getattr(value.check, "__module__", where) == where
        ):
            loose.setdefault(value.profile or "plugin", []).append(value)
    for name, rules in loose.items():
        profiles.append(Profile(name=name, title=f"Rules of {where}", rules=rules))
    return tuple(profiles)


def installed() -> tuple[Profile, ...]:
    """The profiles of the installed packages that declare a ``gdprkit.plugins``
    entry point (each loaded when asked for)."""
    import importlib.metadata  # here, not at the top: only a profile not built in needs it

    found: list[Profile] = []
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        found.extend(profiles_in(entry.load()))
    return tuple(found)


def available(extra: Iterable[Profile] = ()) -> dict[str, Profile]:
    """Every profile by name: built-in, installed, then *extra* (plug-ins
    loaded by the caller); a later one of the same name wins."""
    return {p.name: p for p in (*builtin(), *installed(), *extra)}


def resolve(
    wanted: str | Profile | Iterable[str | Profile], extra: Iterable[Profile] = ()
) -> tuple[Profile, ...]:
    """The profiles *wanted* (names or values) with those they extend, each
    once, every profile after those it extends.

    Installed packages are looked at only for a name that is not built in.

    Raises:
        ValueError: for an unknown profile name, or two rules sharing a code
            or a name.
    """
    items = (wanted,) if isinstance(wanted, str | Profile) else tuple(wanted)
    given = {p.name: p for p in extra}
    everything: dict[str, Profile] | None = None

    def lookup(name: str) -> Profile:
        nonlocal everything
        if name in given:  # a plug-in's profile of a built-in name wins, as in available()
            return given[name]
        if name in _BUILTIN:
            return _builtin(name)
        if everything is None:
            everything = available(extra)
        if name not in everything:
            names = ", ".join(sorted(everything))
            msg = f"unknown profile {name!r} (known: {names})"
            raise ValueError(msg)
        return everything[name]

    out: dict[str, Profile] = {}

    def add(profile: Profile, seen: tuple[str, ...]) -> None:
        if profile.name in seen:
            msg = f"profile {profile.name!r} extends itself ({' > '.join((*seen, profile.name))})"
            raise ValueError(msg)
        for parent in profile.extends:
            add(lookup(parent), (*seen, profile.name))
        out.setdefault(profile.name, profile)

    for item in items:
        add(item if isinstance(item, Profile) else lookup(item), ())
    chosen = tuple(out.values())
    _check_unique(chosen)
    return chosen


def _check_unique(profiles: Iterable[Profile]) -> None:
    """Two rules run together must not share a code or a name."""
    seen: dict[str, Rule] = {}
    for found in rules_of(profiles):
        for key in (found.code, found.name):
            existing = seen.setdefault(key, found)
            if existing is not found:
                msg = (
                    f"rule {found.code} ({found.name}) clashes with "
                    f"{existing.code} ({existing.name})"
                )
                raise ValueError(msg)


def rules_of(profiles: Iterable[Profile]) -> Iterator[Rule]:
    """Every rule of *profiles*, in their order."""
    for profile in profiles:
        yield from profile.rules


def all_rules(
    profiles: str | Profile | Iterable[str | Profile] | None = None, extra: Iterable[Profile] = ()
) -> tuple[Rule, ...]:
    """Every rule of *profiles* (with those they extend), or of every profile
    available, sorted by code."""
    chosen = available(extra).values() if profiles is None else resolve(profiles, extra)
    return tuple(sorted(rules_of(chosen), key=lambda r: r.code))
