"""GDPR3xx, transfers to third countries and international organisations
(GDPR Chapter V, Art. 44-49; Art. 30(1)(e)).

Whether a destination is in the EEA, which adequacy decision is in force, and
when a mechanism stopped being usable all come from :mod:`gdprkit.reference`,
evaluated at the validation's ``as_of`` date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator

from gdprkit.model import (
    ProcessingActivity,
    Recipient,
    RecipientKind,
    Role,
    SourceKind,
    Transfer,
    TransferMechanism,
)
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.reference import (
    AdequacyDecision,
    Mechanism,
    MechanismFamily,
    adequacy_decisions,
    mechanism_info,
)
from gdprkit.rules._rule import Context, Violation, rule, violation
from gdprkit.rules._text import activity_of, blank, listing, quoted
from gdprkit.rules.findings import Severity


__all__: list[str] = []


_MECHANISMS = frozenset(TransferMechanism)
"""The rules below pick transfers by mechanism (``where=``)."""

_ENDED = {m.value: mechanism_info(m).ended for m in TransferMechanism}
_NO_NEW = {m.value: mechanism_info(m).no_new_contracts_from for m in TransferMechanism}
"""Dates the rationales quote, from the reference data."""


def _home(code: str, context: Context) -> bool:
    """Whether *code* is "home" for transfers (the EEA) on the validation date;
    worked out once per code and validation."""
    homes: dict[str, bool] = context.once(_home, dict)
    home = homes.get(code)
    if home is None:
        home = homes[code] = context.jurisdiction.is_home(code, context.as_of)
    return home


def _adequacy(code: str, context: Context) -> AdequacyDecision | None:
    """The adequacy decision in force for *code* on the validation date;
    worked out once per code and validation."""
    decisions: dict[str, AdequacyDecision | None] = context.once(_adequacy, dict)
    if code in decisions:
        return decisions[code]
    decision = decisions[code] = context.jurisdiction.adequacy(code, context.as_of)
    return decision


def _info(mechanism: TransferMechanism, context: Context) -> Mechanism:
    """What the reference data say of *mechanism* (:func:`mechanism_info`):
    looked up once per mechanism and validation, as several rules ask of every
    transfer."""
    infos: dict[TransferMechanism, Mechanism] = context.once(_info, dict)
    info = infos.get(mechanism)
    if info is None:
        info = infos[mechanism] = mechanism_info(mechanism)
    return info


def _adequate(transfer: Transfer, destination: str, context: Context) -> bool:
    """Whether an adequacy decision in force on the validation date covers the
    transfer's importer: a full decision, or a partial one whose scope the
    register says the importer is within."""
    decision = _adequacy(destination, context)
    return decision is not None and (not decision.is_partial or bool(transfer.in_adequacy_scope))


def _where(transfer: Transfer) -> str:
    return transfer.country or transfer.organisation or "an unnamed destination"


def _subject(context: Context, transfer: Transfer) -> str:
    return (
        f"The transfer of {activity_of(context.activity)} to {quoted(transfer.recipient)} in "
        f"{_where(transfer)}"
    )


def _named(name: str) -> str:
    """A recipient's name as two transfers are compared: case and outer blanks
    aside."""
    return name.strip().casefold()


def _transfers_of(
    context: Context,
    code: str,
    key: Callable[[Transfer, ProcessingActivity, Context], Hashable | None],
    found: Hashable,
) -> tuple[str, bool]:
    """``The transfer of activity "A"`` or ``The transfers of activities "A"
    and "B"``: the activities with a transfer giving the same *key* *found*
    (one defect, one finding with every place), and whether there is a single
    one (for the verb).  The groups are worked out once per validation for the
    rule *code*."""

    def compute() -> dict[Hashable, list[str]]:
        groups: dict[Hashable, list[str]] = {}
        for activity in context.register.activities:
            for other in activity.transfers:
                this = key(other, activity, context)
                if this is not None:
                    names = groups.setdefault(this, [])
                    if activity.name not in names:
                        names.append(activity.name)
        return groups

    names = context.once((code, "transfer-groups"), compute)[found]
    if len(names) > 1:
        return f"The transfers of activities {listing(names)}", False
    return f"The transfer of {activity_of(context.activity)}", True


def _transferred_to(name: str, activity: ProcessingActivity) -> bool:
    """Whether a transfer of *activity* names the recipient *name* (a plain loop
    rather than ``any()`` over a generator, three times faster: it runs for
    every recipient)."""
    for transfer in activity.transfers:  # noqa: SIM110
        if transfer.recipient == name:
            return True
    return False


def _abroad(transfer: Transfer, context: Context) -> str | None:
    """The destination of a transfer outside the EEA (a country code or an
    international organisation), or ``None``."""
    if transfer.country is not None:
        return None if _home(transfer.country, context) else transfer.country
    if transfer.organisation is not None and not blank(transfer.organisation):
        return transfer.organisation
    return None


@rule(
    code="GDPR301",
    name="transfer-without-mechanism",
    title="Every transfer outside the EEA has a Chapter V mechanism",
    severity="error",
    severity_reason="A transfer without a Chapter V ground is unlawful (Art. 44).",
    articles=("GDPR Art. 44", "GDPR Art. 45(1)", "GDPR Art. 46(1)", "GDPR Art. 49(1)"),
    rationale=(
        "Any transfer of personal data to a third country or an international organisation, "
        "onward transfers included, may take place only under Chapter V (Art. 44): an "
        "adequacy decision (Art. 45), appropriate safeguards such as standard contractual "
        "clauses or binding corporate rules (Art. 46-47), or, for specific situations, a "
        "derogation (Art. 49). State the mechanism of each transfer. The same transfer (the "
        "same recipient and destination) declared in several activities is one finding."
    ),
    on=Transfer,
)
def transfer_without_mechanism(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer to a destination outside the EEA on ``as_of`` states a
    mechanism; so does a transfer whose destination is not named, since the
    register declares it as a transfer outside the EEA (GDPR312 asks for the
    destination)."""
    defect = _without_mechanism(transfer, context.activity, context)
    if defect is None:
        return ()
    subject, single = _transfers_of(context, "GDPR301", _without_mechanism, defect)
    return (
        violation(
            message=(
                f"{subject} to {quoted(transfer.recipient)} in {_where(transfer)} "
                f"{'has' if single else 'have'} no transfer mechanism: a transfer "
                "outside the EEA needs an adequacy decision (Art. 45), appropriate "
                "safeguards such as standard contractual clauses (Art. 46) or, for an "
                "occasional transfer, a derogation (Art. 49)."
            ),
            defect=defect,
        ),
    )


def _without_mechanism(
    transfer: Transfer, activity: ProcessingActivity, context: Context
) -> Hashable | None:
    """What makes transfers in several activities one transfer without a
    mechanism (GDPR301): the same recipient and destination; ``None`` when the
    transfer has a mechanism or stays in the EEA."""
    if transfer.mechanism is not None:
        return None
    if transfer.country is not None and _home(transfer.country, context):
        return None
    return (_named(transfer.recipient), transfer.country, _named(transfer.organisation or ""))


@rule(
    code="GDPR302",
    name="adequacy-not-in-force",
    title="Adequacy is claimed only where a decision is in force",
    severity="error",
    severity_reason="A transfer on an adequacy decision not in force has no Chapter V ground.",
    articles=("GDPR Art. 45(1)", "GDPR Art. 45(9)"),
    rationale=(
        "A transfer may rely on adequacy only where the Commission has decided that the "
        "destination ensures an adequate level of protection and the decision is in force on "
        "the date of the transfer (Art. 45(1); older decisions stay in force under "
        "Art. 45(9)). Decisions are adopted, invalidated and expire: the United States had "
        "none between 2020-07-16 (Privacy Shield invalidated) and 2023-07-10 (Data Privacy "
        "Framework). Where no decision applies, use appropriate safeguards (Art. 46)."
    ),
    on=Transfer,
    where=("mechanism", (TransferMechanism.ADEQUACY,)),
)
def adequacy_not_in_force(transfer: Transfer, context: Context) -> Iterator[Violation]:
    """Each transfer whose mechanism is ``adequacy`` goes to a destination with an
    adequacy decision in force on ``as_of``."""
    if transfer.mechanism is not TransferMechanism.ADEQUACY:
        return
    destination = _abroad(transfer, context)
    if destination is None or _adequacy(destination, context) is not None:
        return
    past = [d for d in adequacy_decisions(destination) if d.adopted <= context.as_of]
    history = ""
    if past:
        last = past[-1]
        end = last.ended or last.expires
        history = f" ({last.decision} no longer applies since {end})"
    yield violation(
        message=(
            f"{_subject(context, transfer)} relies on an adequacy decision, but none is in "
            f"force for {destination} on {context.as_of}{history}: use appropriate "
            "safeguards such as the standard contractual clauses (Art. 46)."
        ),
    )


@rule(
    code="GDPR303",
    name="adequacy-scope-not-confirmed",
    title="Under a partial adequacy decision, the importer is within its scope",
    severity="error",
    severity_reason=(
        "An importer outside a partial decision's scope has no Chapter V ground (error); "
        "one whose scope is not stated is a likely gap (warning)."
    ),
    articles=("GDPR Art. 45(1)",),
    rationale=(
        "Several adequacy decisions cover only some importers: in the United States only "
        "organisations on the Data Privacy Framework List, in Canada only organisations "
        "subject to PIPEDA, in Japan only business operators bound by the Supplementary "
        "Rules; Korea, Israel and Brazil have limits too (see the reference data). A transfer "
        "to an importer outside that scope is not covered (Art. 45(1)). The rule is an error "
        "when the register says the importer is outside the scope (in_adequacy_scope: "
        "false), and a warning when it does not say: check, for the United States on "
        "dataprivacyframework.gov, and record the answer."
    ),
    on=Transfer,
    where=("mechanism", (TransferMechanism.ADEQUACY,)),
)
def adequacy_scope_not_confirmed(transfer: Transfer, context: Context) -> Iterator[Violation]:
    """Each transfer relying on a partial adequacy decision in force on ``as_of``
    states that the importer is within its scope: an error when it says it is
    not, a warning when it does not say."""
    if transfer.mechanism is not TransferMechanism.ADEQUACY or transfer.in_adequacy_scope:
        return
    destination = _abroad(transfer, context)
    decision = None if destination is None else _adequacy(destination, context)
    if decision is None or not decision.is_partial:
        return
    scope = (decision.scope_description or "").rstrip(".")
    if transfer.in_adequacy_scope is None:
        yield violation(
            severity=Severity.WARNING,
            message=(
                f"{_subject(context, transfer)} relies on {decision.decision}, which covers "
                f"only some importers ({scope}): confirm that {quoted(transfer.recipient)} "
                "is within its scope (in_adequacy_scope) or use another mechanism."
            ),
        )
    else:
        yield violation(
            message=(
                f"{_subject(context, transfer)} relies on {decision.decision}, but "
                f"{quoted(transfer.recipient)} is outside its scope ({scope}), so the "
                "decision does not cover the transfer: use appropriate safeguards such as "
                "the standard contractual clauses (Art. 46)."
            ),
        )


@rule(
    code="GDPR304",
    name="invalidated-transfer-mechanism",
    title="No transfer relies on an invalidated or expired mechanism",
    severity="error",
    severity_reason="A transfer on a mechanism that has ended has no Chapter V ground (Art. 44).",
    articles=(
        "GDPR Art. 44",
        "GDPR Art. 45",
        "GDPR Art. 46(5)",
        "CJEU C-362/14 (Schrems I)",
        "CJEU C-311/18 (Schrems II)",
        "Commission Implementing Decision (EU) 2021/914, Art. 4",
    ),
    rationale=(
        "Some mechanisms can no longer be relied on. Safe Harbour and the Privacy Shield "
        f"were adequacy decisions (now Art. 45): the Court of Justice declared the first "
        f"invalid in C-362/14 (Schrems I), so it cannot be relied on since "
        f"{_ENDED['safe-harbor']}, and the second in C-311/18 (Schrems II), since "
        f"{_ENDED['privacy-shield']}. The standard contractual clauses of 2001, 2004 and "
        "2010, kept in force by Art. 46(5), were repealed by Commission Implementing "
        f"Decision (EU) 2021/914 (Art. 4): no new contract on them from "
        f"{_NO_NEW['scc-2010']}, none relied on from {_ENDED['scc-2010']}. A transfer still "
        "relying on one of them has no Chapter V ground from that date (Art. 44); before it, "
        "the same transfer is fine. Each finding cites the provisions of its mechanism. Move "
        "such transfers to a valid mechanism, usually the 2021 standard contractual clauses."
    ),
    on=Transfer,
    where=("mechanism", _MECHANISMS - {TransferMechanism.ADEQUACY}),
)
def invalidated_transfer_mechanism(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer outside the EEA uses a mechanism valid on ``as_of``: not
    ended, already applicable, concluded before new contracts were barred
    (using the transfer's ``since`` date), and for a mechanism limited to some
    countries, going to one of them."""
    mechanism = transfer.mechanism
    if mechanism is None or mechanism is TransferMechanism.ADEQUACY:
        return ()
    destination = _abroad(transfer, context)
    if destination is None:
        return ()
    info = _info(mechanism, context)
    as_of = context.as_of
    problem = None
    if info.ended is not None and as_of >= info.ended:
        problem = f"which cannot be relied on since {info.ended}"
    elif info.valid_from is not None and as_of < info.valid_from:
        problem = f"which applies only from {info.valid_from}"
    elif (
        info.no_new_contracts_from is not None
        and transfer.since is not None
        and transfer.since >= info.no_new_contracts_from
    ):
        problem = (
            f"but started on {transfer.since}, when no new contract could be concluded on "
            f"them any more (since {info.no_new_contracts_from})"
        )
    elif info.destinations is not None and destination not in info.destinations:
        problem = f"which covered only {', '.join(sorted(info.destinations))}"
    if problem is not None:
        return (
            violation(
                message=(
                    f"{_subject(context, transfer)} relies on {info.name} ({info.instrument}), "
                    f"{problem}: move it to a valid mechanism, such as the 2021 standard "
                    "contractual clauses (Art. 46(2)(c))."
                ),
                articles=("GDPR Art. 44", *info.articles, *info.ended_by),
            ),
        )
    return ()


@rule(
    code="GDPR305",
    name="derogation-for-regular-transfer",
    title="Art. 49 derogations are used for occasional transfers only",
    severity="warning",
    severity_reason=(
        "Whether a transfer is occasional is a judgment the law leaves to the controller: "
        "a likely gap."
    ),
    articles=("GDPR Art. 49(1)",),
    rationale=(
        "The derogations of Art. 49 are for specific situations; they must be interpreted "
        "restrictively and, in the main, used for transfers that are occasional and not "
        "repetitive (recital 111; EDPB Guidelines 2/2018). A regular or systematic transfer "
        "needs adequacy or appropriate safeguards (Art. 45-46). The rule warns when a "
        "derogation is used for a transfer not stated to be occasional."
    ),
    on=Transfer,
    where=("mechanism", {m for m in _MECHANISMS if m.is_derogation}),
)
def derogation_for_regular_transfer(transfer: Transfer, context: Context) -> Iterator[Violation]:
    """Each transfer on an Art. 49 derogation says it is occasional
    (``occasional: true``)."""
    mechanism = transfer.mechanism
    if mechanism is None or not mechanism.is_derogation or transfer.occasional:
        return
    if _abroad(transfer, context) is None:
        return
    if transfer.occasional is None:
        what = "without saying that the transfer is occasional"
    else:
        what = "for a regular transfer"
    yield violation(
        message=(
            f"{_subject(context, transfer)} relies on the derogation of "
            f"{mechanism.citation} {what}: derogations are for occasional transfers in "
            "specific situations (EDPB Guidelines 2/2018); put appropriate safeguards in "
            "place (Art. 46), or record occasional: true if it is occasional."
        ),
    )


@rule(
    code="GDPR306",
    name="compelling-interests-transfer-undocumented",
    title="A transfer on compelling legitimate interests is documented in the record",
    severity="error",
    severity_reason="Art. 49(6) and 30(1)(e) make this documentation part of the record.",
    articles=("GDPR Art. 49(1) second subparagraph", "GDPR Art. 49(6)", "GDPR Art. 30(1)(e)"),
    rationale=(
        "A transfer on the residual ground of Art. 49(1), second subparagraph (not "
        "repetitive, few data subjects, compelling legitimate interests, suitable "
        "safeguards) must have its assessment and safeguards documented in the Art. 30 record "
        "(Art. 49(6), 30(1)(e)); the supervisory authority and the data subject must be "
        "informed. Record the reference of that documentation (reference)."
    ),
    on=Transfer,
    where=("mechanism", (TransferMechanism.DEROGATION_COMPELLING_INTERESTS,)),
)
def compelling_interests_transfer_undocumented(
    transfer: Transfer, context: Context
) -> Iterable[Violation]:
    """Each transfer on the Art. 49(1) second-subparagraph ground has a reference."""
    if transfer.mechanism is not TransferMechanism.DEROGATION_COMPELLING_INTERESTS:
        return ()
    if blank(transfer.reference) and _abroad(transfer, context) is not None:
        return (
            violation(
                message=(
                    f"{_subject(context, transfer)} relies on compelling legitimate interests "
                    "(Art. 49(1) second subparagraph) but the record does not document the "
                    "assessment and the safeguards: record their reference (reference), as "
                    "Art. 49(6) requires."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR307",
    name="derogation-by-public-authority",
    title="A public authority does not use the derogations closed to it",
    severity="error",
    severity_reason="The derogation cannot ground the transfer (Art. 49(3)): it is unlawful.",
    articles=("GDPR Art. 49(3)",),
    rationale=(
        "Explicit consent (49(1)(a)), contract (49(1)(b) and (c)) and compelling legitimate "
        "interests (49(1) second subparagraph) do not apply to activities carried out by "
        "public authorities in the exercise of their public powers (Art. 49(3)). The rule "
        "applies when the register says the organisation is a public authority."
    ),
    on=Transfer,
    where=("mechanism", {m for m in _MECHANISMS if mechanism_info(m).public_authorities_excluded}),
)
def derogation_by_public_authority(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """When the register is a public authority's, no transfer uses a derogation
    that Art. 49(3) closes to it."""
    mechanism = transfer.mechanism
    if mechanism is None or not context.register.public_authority:
        return ()
    if _info(mechanism, context).public_authorities_excluded and _abroad(transfer, context):
        return (
            violation(
                message=(
                    f"{_subject(context, transfer)} relies on the derogation of "
                    f"{mechanism.citation}, which public authorities cannot use in "
                    "the exercise of their public powers (Art. 49(3)): use an instrument "
                    "between public bodies (Art. 46(2)(a)) or another mechanism."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR308",
    name="transfer-within-eea",
    title="Data sent within the EEA are not recorded as a transfer",
    severity="info",
    severity_reason="Recording more than the law asks harms no one: advice.",
    articles=("GDPR Art. 44",),
    rationale=(
        "Chapter V governs transfers to third countries and international organisations "
        "(Art. 44). The 27 Member States and Iceland, Liechtenstein and Norway apply the GDPR "
        "themselves, so sending data there is not a transfer; record the recipient among the "
        "recipients (Art. 30(1)(d)) instead."
    ),
    on=Transfer,
)
def transfer_within_eea(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer whose destination country is in the EEA on ``as_of`` is
    reported for information."""
    if transfer.country is not None and _home(transfer.country, context):
        return (
            violation(
                message=(
                    f"{_subject(context, transfer)} stays within the EEA: it is not a "
                    "transfer under Chapter V; record the recipient among the recipients "
                    "only."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR309",
    name="recipient-abroad-without-transfer",
    title="Recipients outside the EEA have a declared transfer",
    severity="error",
    severity_reason="Art. 30(1)(e) makes the transfer mandatory in the record.",
    articles=("GDPR Art. 44", "GDPR Art. 30(1)(e)"),
    rationale=(
        "Disclosing data to a recipient located in a third country is a transfer: it needs a "
        "Chapter V mechanism (Art. 44) and must be recorded with its destination "
        "(Art. 30(1)(e)). A recipient outside the EEA with no transfer naming it means a "
        "transfer is missing from the record. Transfers are matched to recipients by name."
    ),
    on=Recipient,
)
def recipient_abroad_without_transfer(
    recipient: Recipient, context: Context
) -> Iterable[Violation]:
    """Each recipient located outside the EEA on ``as_of`` is named by a transfer
    of the same activity."""
    country = recipient.country
    if country is None or _home(country, context):
        return ()
    if not _transferred_to(recipient.name, context.activity):
        return (
            violation(
                message=(
                    f"Recipient {quoted(recipient.name)} of {activity_of(context.activity)} is in "
                    f"{country}, outside the EEA, but the activity declares no transfer to "
                    "it: record the transfer with its mechanism (Art. 30(1)(e), 44)."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR310",
    name="transfer-without-impact-assessment",
    title="Transfers on Art. 46 safeguards refer to a transfer impact assessment",
    severity="warning",
    severity_reason=(
        "Accountability (Art. 5(2)) asks for the assessment; the law does not say how it "
        "is recorded."
    ),
    articles=("GDPR Art. 46(1)", "GDPR Art. 5(2)", "CJEU C-311/18 (Schrems II)"),
    rationale=(
        "Since CJEU C-311/18 (Schrems II) an exporter relying on standard contractual "
        "clauses, binding corporate rules or another Art. 46 tool must assess, case by case, "
        "whether the law and practice of the destination let the importer honour them, and "
        "add supplementary measures where needed (EDPB Recommendations 01/2020). Record the "
        "reference of that transfer impact assessment (tia_reference). Where an adequacy "
        "decision covering the importer is in force on the validation date, the Commission "
        "has already assessed the destination's law (Art. 45(2)), so the rule asks for no "
        "assessment, whatever tool the transfer uses. Under a partial decision (the United "
        "States' Data Privacy Framework, say) that is when the register states the importer "
        "is within its scope; otherwise the assessment is still asked for, and may rely on "
        "the Commission's findings on the destination's law."
    ),
    on=Transfer,
    where=("mechanism", {m for m in _MECHANISMS if mechanism_info(m).tia_expected}),
)
def transfer_without_impact_assessment(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer outside the EEA on an Art. 46 tool valid on ``as_of`` refers to
    a transfer impact assessment, unless an adequacy decision is in force for the
    destination on ``as_of``."""
    mechanism = transfer.mechanism
    if mechanism is None or not blank(transfer.tia_reference):
        return ()
    info = _info(mechanism, context)
    if not info.tia_expected or not info.valid_on(context.as_of):
        return ()
    destination = _abroad(transfer, context)
    if destination is not None and not _adequate(transfer, destination, context):
        return (
            violation(
                message=(
                    f"{_subject(context, transfer)} relies on {info.name} "
                    f"without a transfer impact assessment: assess whether the law and practice of "
                    f"{_where(transfer)} let the importer comply, and record the assessment "
                    "(tia_reference) (EDPB Recommendations 01/2020)."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR311",
    name="transfer-authorisation-missing",
    title="Transfers needing a supervisory authority's authorisation cite it",
    severity="warning",
    severity_reason=(
        "The record need not cite the authorisation; a missing reference is a likely gap."
    ),
    articles=("GDPR Art. 46(3)", "GDPR Art. 46(4)"),
    rationale=(
        "Ad hoc contractual clauses (Art. 46(3)(a)) and provisions in administrative "
        "arrangements (46(3)(b)) provide safeguards only once the competent supervisory "
        "authority has authorised them, through the consistency mechanism (46(4)). Record the "
        "authorisation's reference (reference)."
    ),
    on=Transfer,
    where=("mechanism", {m for m in _MECHANISMS if mechanism_info(m).sa_authorisation}),
)
def transfer_authorisation_missing(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer on a mechanism needing authorisation has a reference."""
    mechanism = transfer.mechanism
    if mechanism is None or not blank(transfer.reference):
        return ()
    info = _info(mechanism, context)
    if info.sa_authorisation and _abroad(transfer, context):
        return (
            violation(
                message=(
                    f"{_subject(context, transfer)} relies on {info.name} "
                    f"({mechanism.citation}): this mechanism needs the authorisation "
                    "of the competent supervisory authority; record the authorisation's "
                    "reference (reference)."
                ),
            ),
        )
    return ()


@rule(
    code="GDPR312",
    name="transfer-without-destination",
    title="Every transfer names its destination",
    severity="error",
    severity_reason="Art. 30(1)(e) and 30(2)(c) make the destination mandatory in the record.",
    articles=("GDPR Art. 30(1)(e)", "GDPR Art. 30(2)(c)"),
    rationale=(
        "The record must identify the third country or international organisation each "
        "transfer goes to (a controller's record, Art. 30(1)(e); a processor's, 30(2)(c)); "
        "without it no other transfer check can be made. Give the ISO country code, or the "
        "organisation. Transfers to the same recipient declared in several activities are one "
        "finding, each finding citing the provision of the records it concerns."
    ),
    on=Transfer,
)
def transfer_without_destination(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer has a country or an international organisation."""
    defect = _without_destination(transfer, context.activity, context)
    if defect is None:
        return ()
    subject, single = _transfers_of(context, "GDPR312", _without_destination, defect)
    article = "30(2)(c)" if context.activity.role is Role.PROCESSOR else "30(1)(e)"
    return (
        violation(
            message=(
                f"{subject} to {quoted(transfer.recipient)} "
                f"{'names' if single else 'name'} neither a "
                "country nor an international organisation: identify the destination "
                f"(Art. {article})."
            ),
            articles=f"GDPR Art. {article}",
            defect=defect,
        ),
    )


def _without_destination(
    transfer: Transfer, activity: ProcessingActivity, context: Context
) -> Hashable | None:
    """The recipient of a transfer that names no destination (GDPR312): the
    same recipient in several activities of the same kind of record (a
    controller's, Art. 30(1)(e); a processor's, 30(2)(c)) is one defect."""
    if transfer.country is None and blank(transfer.organisation):
        return (_named(transfer.recipient), activity.role is Role.PROCESSOR)
    return None


@rule(
    code="GDPR313",
    name="transfer-to-unlisted-recipient",
    title="Every transfer names one of the activity's recipients",
    severity="warning",
    severity_reason="Two lists of the record disagree: a likely gap, not a missing item.",
    articles=("GDPR Art. 30(1)(d)",),
    rationale=(
        "The categories of recipients in the record include recipients in third countries "
        "(Art. 30(1)(d)). A transfer whose recipient is not among the activity's recipients "
        "means the two lists disagree: add the recipient, or correct the name so that the "
        "transfer matches it. The same recipient missing in several activities is one finding. "
        "Activities kept as processor are not checked: a processor's record (Art. 30(2)) has "
        "no list of recipients."
    ),
    on=Transfer,
    roles=CONTROLLER_ROLES,
)
def transfer_to_unlisted_recipient(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer's recipient is the name of a recipient of the same activity."""
    defect = _unlisted(transfer, context.activity, context)
    if defect is None:
        return ()
    subject, single = _transfers_of(context, "GDPR313", _unlisted, defect)
    whose = "the activity's" if single else "their"
    return (
        violation(
            message=(
                f"{subject} {'names' if single else 'name'} the recipient "
                f"{quoted(transfer.recipient)}, "
                f"which is not among {whose} recipients: list it there "
                "(Art. 30(1)(d)) or correct the name."
            ),
            defect=defect,
        ),
    )


def _unlisted(
    transfer: Transfer, activity: ProcessingActivity, context: Context
) -> Hashable | None:
    """The recipient of a transfer that is not among its *activity*'s
    recipients (GDPR313): the same recipient missing in several activities is
    one defect.  A processor's activity has none to compare with (Art. 30(2))."""
    if activity.role not in CONTROLLER_ROLES:
        return None
    for recipient in activity.recipients or ():
        if recipient.name == transfer.recipient:
            return None
    return _named(transfer.recipient)


# -- Recipients whose country is unknown ---------------------------------------

_ABROAD = re.compile(
    r"(à l['’] ?)?[ée]tranger|hors (de )?(l['’] ?)?(union|ue\b|eee\b|europe)|pays tiers|third countr"
    r"|outside (of )?(the )?(eu\b|eea\b|european)|abroad|worldwide|monde entier",
    re.IGNORECASE,
)
"""Wording that says data may go outside the EEA (French and English)."""
_HOSTING = re.compile(r"h[ée]berge|\bhost|cloud|nuage|data ?cent|centre de donn", re.IGNORECASE)
"""Wording of a hosting or cloud service, where the data are stored."""
_IN_EEA = (
    r"(situ[ée]e?s?|h[ée]berg[ée]e?s?|stock[ée]e?s?|located|hosted|stored|based)"
    r" (exclusivement |only |solely )?(dans|en|au sein de|in|within) (l['’] ?|the )?"
    r"(union|ue\b|eee\b|eu\b|eea\b|europe|france)"
)
"""Wording that places a hosting service in the EEA: then its hosting hints at
no transfer (words saying data may go abroad still do).  Searched, case
insensitive, only for a hosting processor: compiled (and cached by re) then."""


def _hint(recipient: Recipient) -> str | None:
    """Why a recipient with no country may be outside the EEA, from its own
    words (name, description, note), or ``None``: words saying data may go
    abroad, or a processor hosting the data whose words do not place it in the
    EEA."""
    text = " ".join(t for t in (recipient.name, recipient.description, recipient.note) if t)
    found = _ABROAD.search(text)
    if found:
        return f"yet its record says {quoted(found.group(0))}"
    if (
        recipient.kind is RecipientKind.PROCESSOR
        and _HOSTING.search(text)
        and not re.search(_IN_EEA, text, re.IGNORECASE)
    ):
        return "yet it hosts the data (a hosting or cloud service)"
    return None


@rule(
    code="GDPR314",
    name="recipient-country-unknown",
    title="A recipient that may be outside the EEA says where it is",
    severity="warning",
    severity_reason=("The record shows no transfer; its own words make one likely: a likely gap."),
    articles=("GDPR Art. 30(1)(e)", "GDPR Art. 13(1)(f)", "GDPR Art. 30(2)(c)"),
    rationale=(
        "The record lists the transfers to third countries (Art. 30(1)(e); a processor's "
        "record, Art. 30(2)(c)) and people are told "
        "of the controller's intention to transfer their data (Art. 13(1)(f)); neither is "
        "possible for a recipient whose location is not known. The rule looks only where the "
        "register itself gives a reason to ask: a recipient whose name, description or note "
        "says data may go abroad ('à l'étranger', 'hors de l'Union', 'outside the EU'), or a "
        "processor that hosts the data (a cloud or hosting provider) with no country, unless "
        "its words place it in the EEA ('serveurs situés dans l'Union européenne'). A "
        "recipient named by a transfer is left to the transfer rules, and internal "
        "departments are not checked. State the recipient's country; if it is outside the "
        "EEA, record the transfer with its mechanism. The same recipient in several "
        "activities is one finding listing every place."
    ),
    on=Recipient,
)
def recipient_country_unknown(recipient: Recipient, context: Context) -> Iterable[Violation]:
    """Each recipient with no country, not internal and named by no transfer of
    its activity, whose own words hint at a location outside the EEA."""
    if recipient.country is not None or recipient.kind is RecipientKind.INTERNAL:
        return ()
    if _transferred_to(recipient.name, context.activity):
        return ()
    # a register repeats its recipients: each one's words are read once per validation
    hints: dict[Hashable, str | None] = context.once(_hint, dict)
    words = (recipient.name, recipient.description, recipient.note, recipient.kind)
    if words in hints:
        hint = hints[words]
    else:
        hint = hints[words] = _hint(recipient)
    if hint is None:
        return ()
    # a processor's own record: Art. 30(2)(c); the notice (Art. 13) is the controller's
    processor = context.activity.role is Role.PROCESSOR
    cited = ("GDPR Art. 30(2)(c)",) if processor else ("GDPR Art. 30(1)(e)", "GDPR Art. 13(1)(f)")
    return (
        violation(
            message=(
                f"Recipient {quoted(recipient.name)} has no country, {hint}: it may "
                "receive the data outside the EEA. State its country, and if it is outside "
                "the EEA record the transfer with its mechanism "
                f"({'Art. 30(2)(c)' if processor else 'Art. 30(1)(e), 13(1)(f)'})."
            ),
            articles=cited,
            defect=(recipient.name.strip().casefold(), processor),
        ),
    )


# -- Copy of the safeguards ----------------------------------------------------


_DIRECT = frozenset({SourceKind.DATA_SUBJECT, SourceKind.OBSERVED})


def _notice_articles(context: Context) -> tuple[str, ...]:
    """Art. 13(1)(f) for data collected from the person, 14(1)(f) for data
    obtained elsewhere, both when the activity has both (or says nothing)."""
    kinds = {s.kind for s in context.activity.sources}
    direct = not kinds or not kinds.isdisjoint(_DIRECT)
    indirect = not kinds or not kinds <= _DIRECT
    return (
        *(("GDPR Art. 13(1)(f)",) if direct else ()),
        *(("GDPR Art. 14(1)(f)",) if indirect else ()),
    )


@rule(
    code="GDPR315",
    name="safeguards-copy-not-stated",
    title="People can obtain a copy of the safeguards of a transfer",
    severity="warning",
    severity_reason=(
        "An item the notice owes under Art. 13(1)(f), not the Art. 30 record: a likely gap."
    ),
    articles=("GDPR Art. 13(1)(f)", "GDPR Art. 14(1)(f)"),
    rationale=(
        "For a transfer on appropriate safeguards (Art. 46, binding corporate rules of "
        "Art. 47), people must be told of the safeguards and of the means to obtain a copy "
        "of them or where they have been made available (Art. 13(1)(f), 14(1)(f)). Record "
        "it (safeguards_copy: an address to write to, a web page), so that the privacy "
        "notice can say it. Only transfers of a controller's activity, on a mechanism usable "
        "on the validation date, to a destination outside the EEA are checked."
    ),
    on=Transfer,
    where=(
        "mechanism",
        {m for m in _MECHANISMS if mechanism_info(m).family is MechanismFamily.SAFEGUARDS},
    ),
    roles=CONTROLLER_ROLES,
)
def safeguards_copy_not_stated(transfer: Transfer, context: Context) -> Iterable[Violation]:
    """Each transfer outside the EEA on Art. 46 or 47 safeguards valid on
    ``as_of`` says how to obtain a copy of them."""
    mechanism = transfer.mechanism
    if mechanism is None or not blank(transfer.safeguards_copy):
        return ()
    info = _info(mechanism, context)
    if info.family is not MechanismFamily.SAFEGUARDS or not info.valid_on(context.as_of):
        return ()
    if _abroad(transfer, context) is None:
        return ()
    return (
        violation(
            message=(
                f"The transfer to {quoted(transfer.recipient)} in {_where(transfer)} relies on "
                f"{info.name}, but the record does not say how people can obtain a copy of "
                "them or where they are available: record it (safeguards_copy), as the "
                "notice must say it (Art. 13(1)(f), 14(1)(f))."
            ),
            articles=_notice_articles(context),
        ),
    )
