"""CNIL5xx: trackers beyond what the gdpr profile's GDPR701 says (LIL art. 82
and the CNIL's audience-measurement exemption), and the formalities that
ended on 25 May 2018."""

from __future__ import annotations

from collections.abc import Iterator

from gdprkit.model import (
    LawfulBasis,
    Purpose,
    PurposeTag,
    Register,
)
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.reference.cnil import (
    retention_cap,
)
from gdprkit.reference.eprivacy import trackers
from gdprkit.rules._rule import Context, Violation, rule, violation
from gdprkit.rules._text import listing, spoken, texts_citing
from gdprkit.rules.packs.cnil._common import FR, named, sources


__all__: list[str] = []

_AUDIENCE = retention_cap("audience-data")


# CNIL5xx: trackers and the formalities of before 25 May 2018 --------------------

_TRACKERS = FR.trackers
_AUDIENCE_TAG = PurposeTag.AUDIENCE_MEASUREMENT
_CONSENT = LawfulBasis.CONSENT
_AD_TAGS = trackers().tracker_tags
"""Advertising trackers: never exempt, reported by the gdpr profile's GDPR701."""


@rule(
    code="CNIL501",
    name="cnil-audience-measurement-exemption",
    title="Audience measurement without consent stays within the CNIL's exemption",
    severity="error",
    articles=sources(_TRACKERS.source),
    rationale=(
        "LIL art. 82 (ePrivacy Directive Art. 5(3)) requires prior consent for trackers "
        "unless they are strictly necessary.  The CNIL exempts audience-measurement trackers "
        "only when they are "
        + "; ".join(_TRACKERS.audience_exemption)
        + ".  A purpose tagged audience-measurement that does not rest on consent is "
        "outside the exemption when it also pursues advertising, profiling or marketing "
        "(its tags), or when the activity passes the data to a recipient that uses them for "
        "its own ends (a third party, a joint controller or a group company): the trackers "
        "then need consent.  Whether the statistics are anonymous cannot be read from a "
        f"register; the data's retention is CNIL106's ({spoken(_AUDIENCE.max)}; the trackers "
        f"themselves live at most {spoken(_TRACKERS.lifetime)}).  A purpose with no basis at "
        "all gets this finding in place of GDPR101's."
    ),
    severity_reason=(
        "trackers outside the exemption set without consent are unlawful (LIL art. 82)"
    ),
    supersedes=("GDPR101",),
    on=Purpose,
    roles=CONTROLLER_ROLES,
)
def audience_measurement_exemption(purpose: Purpose, context: Context) -> Iterator[Violation]:
    """Each audience-measurement purpose that does not rest on consent pursues nothing else and
    passes its data to no recipient acting for its own ends (advertising trackers are
    GDPR701's)."""
    tags = purpose.tags
    if (
        _AUDIENCE_TAG not in tags
        or not _AD_TAGS.isdisjoint(tags)
        or any(b.basis is _CONSENT for b in purpose.legal_bases)
    ):
        return
    activity = context.activity
    reasons = []
    also = sorted(t.value for t in _TRACKERS.incompatible_tags.intersection(tags))
    if also:
        reasons.append(f"it also serves {', '.join(also)}")
    shared = [
        r.name for r in activity.recipients or () if r.kind in _TRACKERS.third_party_recipients
    ]
    if shared:
        reasons.append(f"the activity passes its data to {listing(shared)}, for their own ends")
    if reasons:
        stated = (
            "measures audience without consent"
            if purpose.legal_bases
            else ("has no lawful basis and measures audience without consent")
        )
        yield violation(
            message=(
                f'The purpose "{purpose.name}" of {named(activity)} {stated}, but '
                f"{' and '.join(reasons)}: the CNIL's exemption covers audience measurement "
                "alone, for the publisher alone, with no data passed to third parties "
                f"({_TRACKERS.source}); ask for consent (then the lawful basis, Art. 6(1)(a)), "
                "or measure audience with trackers used for nothing else, through a provider "
                "acting as your processor."
            ),
            articles=(*sources(_TRACKERS.source), "GDPR Art. 6(1)(a)")
            if not purpose.legal_bases
            else (),
        )


_PRE_GDPR = FR.pre_gdpr


@rule(
    code="CNIL502",
    name="cnil-pre-gdpr-formalities",
    title="The register does not rely on formalities that ended when the GDPR began to apply",
    severity="warning",
    articles=sources(_PRE_GDPR.source),
    rationale=(
        "The declarations to the CNIL and their receipts, the normes simplifiées and "
        "dispenses, the correspondant informatique et libertés and the loi Informatique et "
        "Libertés as amended in 2004 have had no effect since "
        f"{_PRE_GDPR.since.isoformat()} ({_PRE_GDPR.source}): the register and accountability "
        "replaced the formalities, the DPO the correspondant, and the law was rewritten.  A "
        "register that still relies on them has likely not been reviewed since.  Every prose "
        "text of the register is looked at (descriptions, notes, legal references and "
        "grounds, statements), not names or identifiers; one formality cited in several "
        "places is one finding, with every place."
    ),
    severity_reason=(
        "a formality without effect is a likely gap in upkeep (accountability, Art. 5(2)), "
        "not in itself unlawful"
    ),
)
def pre_gdpr_formalities(register: Register, context: Context) -> Iterator[Violation]:
    """No text of a French register relies on a CNIL declaration, a norme simplifiée or
    dispense, the correspondant informatique et libertés or the LIL as amended in 2004."""
    for where, found in texts_citing(context, _PRE_GDPR.cited_in):
        yield violation(
            path=where,
            message=(
                f"The register refers to {found.label}, without effect since "
                f"{_PRE_GDPR.since.isoformat()} ({_PRE_GDPR.source}): the register itself "
                "and the controller's accountability replaced it; update the text."
            ),
            defect=found.label,
        )
