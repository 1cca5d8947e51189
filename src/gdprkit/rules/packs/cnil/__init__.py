"""The ``cnil`` profile: French law (loi Informatique et Libertés, "LIL") and
the CNIL's référentiels and recommendations.

Select it with ``validate(register, profiles=("gdpr", "cnil"))``; it extends
``gdpr``, so ``profiles="cnil"`` runs the GDPR rules too.  Its rules apply only
to a French register (:func:`gdprkit.policy.is_french`): one whose controller's country is France
(metropolitan France or an overseas département), or, when no country is
recorded, one written in French (``language`` ``fr``).  Any other register
gets no finding from this profile.

Every fact the rules use (caps, legal periods, ages, the DPIA list, the
décret that authorises the NIR) is reference data, loaded by
:mod:`gdprkit.reference.cnil` with its source and status; the rules here only
compare.  Durations are compared soundly (:meth:`Duration.compare`): when the
answer depends on the start date (``P30D`` against ``P1M``) the finding is a
warning that says so, never an error.

Codes: ``CNIL0xx`` national identification number, ``CNIL1xx`` retention,
``CNIL2xx`` minors' consent, ``CNIL3xx`` rights and the authority,
``CNIL4xx`` impact assessments, ``CNIL5xx`` trackers (LIL art. 82) and the
formalities that ended with the GDPR.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Iterable, Iterator

from gdprkit.model import DataCategory, DataKind, ProcessingActivity, Register, Right
from gdprkit.policy import (
    CONTROLLER_ROLES,
    dpia_under_way,
    is_french,
    lacking_right,
    rights_lists,
    told_under,
)
from gdprkit.reference import consent_age, data_file
from gdprkit.reference.cnil import dpia_list
from gdprkit.rules._rule import (
    Context,
    Jurisdiction,
    Profile,
    Violation,
    at,
    rule,
    rules_in,
    violation,
)
from gdprkit.rules._text import sentence
from gdprkit.rules.findings import Location, Severity
from gdprkit.rules.packs.cnil import online, retention
from gdprkit.rules.packs.cnil._common import FR, named, sources
from gdprkit.rules.packs.cnil.retention import check_retention


__all__ = ["PROFILE", "check_retention", "is_french"]


# CNIL0xx: the NIR -----------------------------------------------------------

_NIR = frozenset({DataKind.NATIONAL_ID})


_nir_rule = functools.partial(
    rule,
    severity="error",
    severity_reason=(
        "processing the NIR outside the cases the law lists is unlawful (LIL art. 30, GDPR Art. 87)"
    ),
    supersedes=("GDPR113",),
    on=DataCategory,
    where=("kind", _NIR),
)
"""The NIR rules: each national-id data category, in place of GDPR113's finding."""

_ALLOWED_BY = (
    "décret 2019-341 (the décret cadre NIR) or a sector text its entries apply, or LIL art. 30 II "
    "(public statistics, research, e-administration)"
)


@_nir_rule(
    code="CNIL001",
    name="cnil-nir-decree-reference",
    title="The NIR is processed only under an entry of décret 2019-341 or LIL art. 30 II",
    articles=(*sources(FR.nir_source), "GDPR Art. 87"),
    rationale=(
        "LIL art. 30 implements GDPR Art. 87 in France: the NIR (numéro d'inscription au "
        "répertoire, the social-security number) may be processed only by the categories of "
        "controllers and for the purposes listed in décret n° 2019-341 du 19 avril 2019 "
        "(the décret cadre NIR, amended since), or, under art. 30 II, for public statistics or "
        "research once the NIR is replaced by a non-meaningful statistical code, and in "
        "e-administration services.  A data category of kind national-id must cite one of "
        "them in legal_reference: the décret by number or by name, a sector text its entries "
        "apply (Code de la sécurité sociale; Code de la santé publique L1111-8-1, the national "
        "health identifier), or LIL art. 30 II.  Customer, prospect and marketing processing "
        "that cites none is reported by CNIL002 instead."
    ),
)
def nir_decree_reference(category: DataCategory, context: Context) -> Iterator[Violation]:
    """Each national-id data category of a French register, outside commercial processing,
    cites décret 2019-341, a sector text of its entries or LIL art. 30 II in its legal
    reference."""
    if category.kind not in _NIR:
        return
    if FR.cites_nir_decree(category.legal_reference):
        return
    activity = context.activity
    if FR.commercial_scope.covers(activity):
        return  # CNIL002
    cited = category.legal_reference
    if cited:
        message = (
            f"{sentence(named(activity, category))} is a NIR whose legal reference "
            f'("{cited}") is none of the texts that allow it: {_ALLOWED_BY} (LIL art. 30); '
            "cite the entry that covers this controller and purpose."
        )
    else:
        message = (
            f"{sentence(named(activity, category))} is a NIR with no legal reference: only "
            f"{_ALLOWED_BY} allow it (LIL art. 30); cite the entry that covers this controller "
            "and purpose, or stop processing the NIR."
        )
    yield violation(path=at("legal_reference") if cited else (), message=message)


@_nir_rule(
    code="CNIL002",
    name="cnil-nir-commercial",
    title="No NIR in customer, prospect or marketing processing outside décret 2019-341",
    articles=sources(FR.nir_source, FR.commercial_source),
    rationale=(
        "Décret 2019-341 lets no ordinary commercial controller process the NIR to manage "
        "customers or prospects or for marketing, and the référentiel gestion commerciale "
        "(CNIL délib. 2021-131) excludes it.  Some controllers whose customers are also "
        "insured persons are in the décret: health professionals (a pharmacy's third-party "
        "billing) and insurers, mutuelles and provident institutions.  An activity is "
        "commercial when a purpose is tagged customer-management, prospection or "
        "direct-marketing, or when its data subjects are customers or prospects; its NIR is "
        "an error unless the data category cites the décret (or a sector text of its entries) "
        "in legal_reference."
    ),
)
def nir_commercial(category: DataCategory, context: Context) -> Iterable[Violation]:
    """No national-id data category in an activity tagged customer-management, prospection or
    direct-marketing, or whose subjects include customers or prospects, unless it cites the
    décret entry that allows it."""
    if (
        category.kind in _NIR
        and FR.commercial_scope.covers(context.activity)
        and not FR.cites_nir_decree(category.legal_reference)
    ):
        return (
            violation(
                message=(
                    f"{sentence(named(context.activity, category))} is a NIR, in customer, "
                    "prospect or marketing processing, and cites no entry of décret 2019-341: "
                    "an ordinary commercial controller may not process it; remove it, or, if "
                    "the controller is in the décret (a health professional's third-party "
                    "billing, an insurer or mutuelle), cite the entry in legal_reference."
                ),
            ),
        )
    return ()


# CNIL2xx: minors --------------------------------------------------------------


def _french_age(day: dt.date) -> int:
    """The French age of digital consent on *day*, from the reference data
    shared with the gdpr profile (consent_ages.json)."""
    found = consent_age("FR", as_of=day)
    if found is None:  # pragma: no cover - the data file always has France
        msg = "no French age of digital consent in the reference data"
        raise LookupError(msg)
    return found.age


_FRENCH_AGE = _french_age(data_file("consent_ages.json").retrieved)
"""The age the rules' titles quote: as the reference data give it on the day they
were checked (findings use the validation date)."""


@rule(
    code="CNIL201",
    name="cnil-digital-consent-age",
    title=f"The digital age of consent in France is not below {_FRENCH_AGE}",
    severity="error",
    articles=(FR.consent_age_source, "GDPR Art. 8(1)"),
    rationale=(
        "France set the age from which a minor consents alone to an information-society "
        f"service at {_FRENCH_AGE} ({FR.consent_age_source}, under GDPR Art. 8(1)).  A lower "
        "age lets children consent alone when French law requires joint consent.  A higher "
        "age is stricter than the law, which is the controller's choice, and is not reported."
    ),
    severity_reason=(
        "below the legal age a child's consent alone is not valid, so processing resting on "
        "it is unlawful (Art. 6(1)(a), 8(1))"
    ),
    supersedes=("GDPR604",),
    on=ProcessingActivity,
)
def digital_consent_age(activity: ProcessingActivity, context: Context) -> tuple[Violation, ...]:
    """Each children policy of a French register sets the digital age of consent no lower than
    the French age."""
    # A tuple, not a generator: it is called on every activity.
    policy = activity.children
    if policy is None or policy.consent_age is None:
        return ()
    french_age = _french_age(context.as_of)
    if policy.consent_age >= french_age:
        return ()
    return (
        violation(
            path=at("children", "consent_age"),
            message=(
                f"The children's policy of {named(activity)} sets the age of consent at "
                f"{policy.consent_age}, but in France a minor consents alone only from "
                f"{french_age} ({FR.consent_age_source}): below {french_age} consent is given "
                "jointly by the minor and the holder of parental authority; use "
                f"{french_age} or a higher age."
            ),
        ),
    )


@rule(
    code="CNIL202",
    name="cnil-joint-parental-consent",
    title=f"Below {_FRENCH_AGE}, consent is given jointly by the minor and a parent",
    severity="warning",
    articles=(FR.consent_age_source, "GDPR Art. 8(2)"),
    rationale=(
        f"Under {_FRENCH_AGE}, consent to an information-society service is given jointly by the minor "
        "and the holder(s) of parental authority (LIL art. 45): parental consent alone is "
        "not enough.  A children policy must say how that joint consent is collected and "
        "verified (parental_consent)."
    ),
    severity_reason=(
        "how consent is collected is accountability the law leaves to the controller "
        "(Art. 8(2), 5(2)); the finding is a likely gap"
    ),
    supersedes=("GDPR605",),
    on=ProcessingActivity,
)
def joint_parental_consent(activity: ProcessingActivity, context: Context) -> tuple[Violation, ...]:
    """Each children policy of a French register says how joint consent is collected below the
    French age."""
    # A tuple, not a generator: it is called on every activity.
    policy = activity.children
    if policy is None or (policy.parental_consent or "").strip():
        return ()
    french_age = _french_age(context.as_of)
    return (
        violation(
            path=at("children"),
            message=(
                f"The children's policy of {named(activity)} does not say how consent is "
                f"obtained below {french_age}: in France it is given jointly by the minor "
                f"and the holder(s) of parental authority ({FR.consent_age_source}); describe "
                "how that joint consent is collected and verified (parental_consent)."
            ),
        ),
    )


# CNIL3xx: rights and the authority ----------------------------------------

_POST_MORTEM = Right.POST_MORTEM_DIRECTIVES


def _lacking(context: Context, right: Right) -> tuple[list[Location], list[ProcessingActivity]]:
    """Where the rights that apply to the activities kept as controller lack *right*: each
    activity's own list (``activities[i].rights``), and the register's general list
    (``rights``) once, when an activity without a list of its own uses it; and the
    activities concerned.  The lists that lack one right are one defect: the findings say
    "this list of rights", true of each place."""
    lists = context.once(rights_lists, lambda: rights_lists(context.register))
    lacking, users = lacking_right(lists, right)
    paths = [at("activities", i, "rights") for i, _ in lacking]
    if users:
        paths.append(at("rights"))
    return paths, [*(a for _, a in lacking), *users]


@rule(
    code="CNIL301",
    name="cnil-post-mortem-directives",
    title="The right to set post-mortem directives is declared",
    severity="warning",
    articles=(FR.post_mortem_source,),
    rationale=(
        "In France everyone may set directives on the retention, erasure and communication of "
        f"their personal data after their death ({FR.post_mortem_source}).  The rights "
        "declared for a controller's activities should include post-mortem-directives.  "
        "Processor activities are not checked: informing data subjects is the controller's "
        "duty.  A register where several lists lack it has one finding, with every place."
    ),
    severity_reason=(
        "telling people of a right is an information item (Art. 13(2)(b)); the right exists "
        "whether or not the register lists it"
    ),
)
def post_mortem_directives(register: Register, context: Context) -> Iterator[Violation]:
    """The rights that apply to each activity kept as controller include post-mortem
    directives; reported once for the register's list."""
    for path in _lacking(context, _POST_MORTEM)[0]:
        yield violation(
            path=path,
            message=(
                "This list of rights lacks the right to set directives on the fate of one's "
                f"data after death ({FR.post_mortem_source}): add post-mortem-directives."
            ),
            defect=_POST_MORTEM,
        )


_COMPLAINT = Right.COMPLAINT


@rule(
    code="CNIL302",
    name="cnil-supervisory-authority",
    title="The register names the CNIL as its supervisory authority, and the right to complain to it",
    severity="warning",
    articles=(FR.authority_source, "GDPR Art. 77", "GDPR Art. 13(2)(d)", "GDPR Art. 56"),
    rationale=(
        f"The CNIL is the French supervisory authority ({FR.authority_source}): the lead "
        "authority of a controller whose main establishment is in France (GDPR Art. 56) and "
        "the authority people in France complain to (GDPR Art. 77).  The rule checks "
        "supervisory_authority (not naming any authority is information; naming another one "
        "for a French controller is a warning) and, where the rights declared lack the right "
        "to lodge a complaint, reports it naming the CNIL, in place of the gdpr profile's "
        "GDPR505 finding at the same place."
    ),
    severity_reason=(
        "the right to complain to the authority is an information item (Art. 13(2)(d)), not "
        "an Art. 30 item, and naming another authority a likely error of fact; naming none "
        "is advice (info)"
    ),
    supersedes=("GDPR505",),
)
def supervisory_authority(register: Register, context: Context) -> Iterator[Violation]:
    """A French register names the CNIL as its supervisory authority, and the rights that apply
    to its activities kept as controller include lodging a complaint with it."""
    named = (register.supervisory_authority or "").strip()
    authority = (FR.authority_source, "GDPR Art. 56")
    if not named:
        yield violation(
            path=at("supervisory_authority"),
            message=(
                "The register names no supervisory authority; for a controller established in "
                f"France it is the {FR.authority_name}."
            ),
            severity=Severity.INFO,
            articles=authority,
        )
    elif not FR.names_authority(named):
        yield violation(
            path=at("supervisory_authority"),
            message=(
                f'The register names "{named}" as its supervisory authority, not the CNIL, '
                "which is competent for a controller established in France: check the main "
                "establishment or name the CNIL."
            ),
            articles=authority,
        )
    paths, concerned = _lacking(context, _COMPLAINT)
    if not paths:
        return
    # Art. 13(2)(d), or 14(2)(e) where an activity concerned obtains its data elsewhere.
    told = told_under(concerned, ("GDPR Art. 77", "GDPR Art. 13(2)(d)"))
    cited = ", ".join(a.removeprefix("GDPR Art. ") for a in (*told[1:], told[0]))
    for path in paths:
        yield violation(
            path=path,
            message=(
                "This list of rights lacks the right to lodge a complaint with the CNIL "
                "(complaint), the authority people in France complain to: add it; people "
                f"must be told of it whatever the basis (GDPR Art. {cited})."
            ),
            articles=(*told, FR.authority_source),
            defect=_COMPLAINT,
        )


# CNIL4xx: impact assessments ------------------------------------------------

_DPIA = dpia_list()


@rule(
    code="CNIL401",
    name="cnil-dpia-list",
    title="Processing on the CNIL's DPIA list has a DPIA",
    severity="warning",
    articles=(_DPIA.source, "GDPR Art. 35(4)"),
    rationale=(
        f"The CNIL's list of processing for which a DPIA is required ({_DPIA.source}, "
        f"GDPR Art. 35(4)) has {len(_DPIA.types)} types: health data processed by health or "
        "medico-social establishments for the care of patients, genetic or "
        "biometric data of vulnerable persons, HR profiling, constant employee monitoring, "
        "whistleblowing, health-data warehouses, profiling that may exclude from a contract "
        "or uses external data, social housing, social support, large-scale location data, "
        "… Each type is recognised from purpose tags, data kinds, subject kinds, sources and "
        "DPIA criteria (reference data).  An activity of one of these types whose DPIA is "
        "neither done nor in progress gets a warning: the list is known from secondary "
        "sources only.  Type 1 needs the care of patients (health-care tag, health data and "
        "patients among the data subjects): a pharmacy's software vendor handling health "
        "data is not a care establishment."
    ),
    severity_reason=(
        "recognising a type of the list from tags is a presumption the controller may rebut, "
        "and the list is known from secondary sources: a likely gap"
    ),
    on=ProcessingActivity,
    roles=CONTROLLER_ROLES,
)
def cnil_dpia_list(activity: ProcessingActivity, context: Context) -> tuple[Violation, ...]:
    """Each activity kept as controller that is of a type on the CNIL's DPIA list has a DPIA
    done or in progress."""
    # A tuple, not a generator: it is called on every activity.
    if dpia_under_way(activity):
        return ()
    types = _DPIA.matching(activity)
    if not types:
        return ()
    kinds = "; ".join(f"type {t.number}: {t.label}" for t in types)
    status = "none" if activity.dpia is None else activity.dpia.status.value
    return (
        violation(
            path=at("dpia"),
            message=(
                f"{sentence(named(activity))} is on the CNIL's list of processing requiring a "
                f"DPIA ({kinds}), but no DPIA is done or in progress (status: {status}): carry "
                "it out before the processing starts."
            ),
        ),
    )


FRANCE = Jurisdiction(
    name="France",
    authority="FR",
    countries=FR.countries,
)
"""The French facts: the CNIL, French territory; EEA and adequacy as the GDPR's."""

PROFILE = Profile(
    name="cnil",
    title="French law (loi Informatique et Libertés) and the CNIL's référentiels",
    rules=rules_in(sys.modules[__name__], retention, online),
    extends=("gdpr",),
    applies_to=is_french,
    jurisdiction=FRANCE,
)
"""The French profile: it applies to a register whose controller is under French law."""
