"""GDPR701, trackers on the user's device need prior consent (ePrivacy
Directive Art. 5(3)).

Trackers are expressed with the least model: a purpose tagged
``advertising-trackers`` stores or reads information on the user's device for
a purpose that is never strictly necessary; its legal bases say whether
consent is asked, and ``consent_method`` how.  Audience measurement
(``audience-measurement``) may do without consent only on conditions each
Member State's law and authority set; the national profiles judge it (the
``cnil`` profile: CNIL501).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gdprkit.model import LawfulBasis, Purpose
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.reference.eprivacy import trackers
from gdprkit.rules._rule import Context, Violation, at, rule, violation
from gdprkit.rules._text import quoted
from gdprkit.rules.packs.gdpr._common import purpose_of


__all__: list[str] = []

_FACTS = trackers()
_CONSENT = LawfulBasis.CONSENT
_ARTICLE = _FACTS.source


@rule(
    code="GDPR701",
    name="trackers-without-consent",
    title="Trackers for purposes that are not strictly necessary rest on prior consent",
    severity="error",
    articles=(_ARTICLE, *_FACTS.consent_source.split("; ")),
    rationale=(
        "Storing information on a user's device, or reading it there (cookies, pixels, device "
        "fingerprinting), needs the person's prior consent unless it is strictly necessary "
        f"for the service they asked for ({_ARTICLE}, transposed in every Member State, e.g. "
        "LIL art. 82 in France).  Advertising trackers are never strictly necessary.  A "
        "purpose tagged advertising-trackers must rest on consent (Art. 6(1)(a)); and "
        "consent is a clear affirmative act (GDPR Art. 4(11), recital 32; CJEU C-673/17, "
        "Planet49): browser settings, an opt-out, continued browsing or a pre-ticked box are "
        "not consent, so a consent_method described that way is reported too.  A purpose with "
        "no basis at all gets this finding in place of GDPR101's.  Audience measurement is "
        "left to the national profiles, which know the conditions of its exemption."
    ),
    severity_reason=(
        "reading or storing on the device without valid prior consent is unlawful "
        "(ePrivacy Art. 5(3))"
    ),
    supersedes=("GDPR101",),
    on=Purpose,
    roles=CONTROLLER_ROLES,
)
def trackers_without_consent(purpose: Purpose, context: Context) -> Iterable[Violation]:
    """Each purpose tagged advertising-trackers rests on consent, collected by an affirmative
    act rather than browser settings, an opt-out or continued browsing."""
    if _FACTS.tracker_tags.isdisjoint(purpose.tags):
        return ()  # the usual case: no trackers
    return _consent_to_trackers(purpose, context)


def _consent_to_trackers(purpose: Purpose, context: Context) -> Iterator[Violation]:
    """The findings of GDPR701 for a purpose that uses trackers."""
    where = purpose_of(purpose, context.activity)
    consents = [(i, b) for i, b in enumerate(purpose.legal_bases) if b.basis is _CONSENT]
    if not consents:
        stated = "does not rest on consent" if purpose.legal_bases else "has no lawful basis"
        yield violation(
            path=at("legal_bases") if purpose.legal_bases else (),
            message=(
                f"The {where} uses advertising trackers on the user's device but {stated}: "
                "they are never strictly necessary, so they need the person's prior consent "
                f"({_ARTICLE}), which is then the lawful basis (Art. 6(1)(a)); ask for it "
                "before any tracker is set."
            ),
            articles=(_ARTICLE, "GDPR Art. 6(1)(a)"),
        )
        return
    for i, basis in consents:
        method = basis.consent_method or ""
        if _FACTS.not_consent(method):
            yield violation(
                path=at("legal_bases", i, "consent_method"),
                message=(
                    f"The {where} collects consent to trackers by {quoted(method)}: browser "
                    "settings, an opt-out, continued browsing or a pre-ticked box are not "
                    "consent, which is a clear affirmative act given before any tracker is set "
                    f"({_FACTS.consent_source}); ask for it with an accept and a refuse choice."
                ),
                articles=(_ARTICLE, *_FACTS.consent_source.split("; ")),
            )
