"""The core ``gdpr`` profile: rules every register should pass.

Codes are ``GDPR`` and three digits, grouped by hundreds:

* 1xx lawfulness, special categories and automated decisions
  (:mod:`.lawfulness`, :mod:`.special`);
* 2xx completeness of the Art. 30 record (:mod:`.records`);
* 3xx transfers to third countries (:mod:`.transfers`);
* 4xx retention (:mod:`.retention`);
* 5xx data-subject rights (:mod:`.rights`);
* 6xx governance: children, processors, joint controllers, DPO,
  representative, sources, DPIA (:mod:`.governance`); upkeep of the record,
  an activity's review date and status (:mod:`.upkeep`);
* 7xx the device and the legal frame: trackers need prior consent
  (:mod:`.eprivacy`), texts the GDPR repealed (:mod:`.leftovers`).

A finding's location names the element at fault: the object that lacks
something (``activities[0]`` for an activity without purposes, ``""`` for the
register) or the item whose value is wrong (``activities[0].transfers[1]``).
Codes are never renumbered or reused.
"""

from gdprkit.rules._rule import EU, Profile, rules_in
from gdprkit.rules.packs.gdpr import (
    eprivacy,
    governance,
    lawfulness,
    leftovers,
    records,
    retention,
    rights,
    special,
    transfers,
    upkeep,
)


__all__ = ["PROFILE"]

PROFILE = Profile(
    name="gdpr",
    title="The GDPR: the rules every register should pass",
    rules=rules_in(
        governance,
        lawfulness,
        records,
        retention,
        rights,
        special,
        transfers,
        upkeep,
        eprivacy,
        leftovers,
    ),
    jurisdiction=EU,
)
"""The core profile."""
