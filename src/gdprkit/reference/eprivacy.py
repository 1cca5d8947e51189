"""Trackers on the user's device: ePrivacy Directive Art. 5(3), from
``eprivacy.json``.

Storing or reading information on a user's device needs prior consent,
unless it is strictly necessary for the service the user asked for.  The
file says which purpose tags mark trackers that are never strictly necessary
(advertising) and which ways of "collecting" consent are not consent
(browser settings, an opt-out, continued browsing), with their sources.

>>> facts = trackers()
>>> facts.not_consent("Paramétrage de votre navigateur")
True
>>> facts.not_consent("Bandeau : Accepter / Refuser, avant tout dépôt")
False
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.model import PurposeTag
from gdprkit.reference._reader import Regex, Status, read


__all__ = ["TrackerFacts", "trackers"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class TrackerFacts(FieldMethods):
    """What ePrivacy Directive Art. 5(3) asks of trackers.

    Attributes:
        tracker_tags: Purpose tags of trackers that are never strictly
            necessary, so need consent.
        not_consent_patterns: Recognise a way of collecting consent that is
            not consent (case-insensitive).
        source: The provision (``ePrivacy Directive Art. 5(3)``).
        consent_source: Why those ways are not consent.
        status: How the facts were checked.
        checked: When they were last checked.
    """

    tracker_tags: frozenset[PurposeTag]
    not_consent_patterns: tuple[Regex, ...]
    source: str
    consent_source: str
    status: Status
    checked: dt.date

    def not_consent(self, method: str) -> bool:
        """Whether *method*, a way of collecting consent, is not consent."""
        return any(p.search(method) for p in self.not_consent_patterns)


@functools.cache
def trackers() -> TrackerFacts:
    """The ePrivacy facts about trackers."""
    top = read("eprivacy.json")
    not_consent = top.child("not_consent")
    return TrackerFacts(
        tracker_tags=top.codes("tracker_tags", PurposeTag),
        not_consent_patterns=not_consent.patterns("patterns", re.IGNORECASE),
        source=top.text("source"),
        consent_source=not_consent.text("source"),
        status=top.status(),
        checked=top.date("checked"),
    )
