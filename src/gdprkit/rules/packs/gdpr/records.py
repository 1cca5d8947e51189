"""GDPR2xx, completeness of the record: the items of GDPR Art. 30(1) for
activities kept as controller and of Art. 30(2) for those kept as processor.

Mandatory items missing are errors; the items the article asks for only
"where possible" (security measures here, retention in GDPR401) are warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from gdprkit.model import Controller, ProcessingActivity, Register, Role
from gdprkit.policy import CONTROLLER_ROLES
from gdprkit.reference import names_legal_form
from gdprkit.rules._rule import Context, Rule, Violation, at, rule, violation
from gdprkit.rules._text import activity_of, blank, listing, quoted
from gdprkit.rules.findings import format_path
from gdprkit.rules.packs.gdpr._common import activities_named, folded


if TYPE_CHECKING:
    from typing_extensions import Unpack

    from gdprkit.rules.packs.gdpr._family import Stated


__all__: list[str] = []


_MANDATORY = "Art. {} makes this item of the record mandatory."


@rule(
    code="GDPR201",
    name="controller-identity-missing",
    title="The record names the organisation keeping it and how to contact it",
    severity="error",
    articles=("GDPR Art. 30(1)(a)", "GDPR Art. 30(2)(a)"),
    severity_reason=_MANDATORY.format("30(1)(a), 30(2)(a)"),
    rationale=(
        "The record must contain the name and contact details of the controller "
        "(Art. 30(1)(a)), or of the processor (Art. 30(2)(a)). Give the organisation's legal "
        "name and at least one way of reaching it: postal address, e-mail or telephone."
    ),
)
def controller_identity_missing(register: Register, context: Context) -> Iterator[Violation]:
    """The register's controller has a name and at least one contact detail."""
    articles = _identity_articles(register)
    cited = _cite(articles)
    if blank(register.controller.name):
        yield violation(
            path=at("controller"),
            message=(
                "The register does not name the organisation that keeps it: give its legal "
                f"name ({cited})."
            ),
            articles=articles,
        )
    if register.controller.contact.is_empty:
        yield violation(
            path=at("controller"),
            message=(
                f"The register gives no contact details for {quoted(register.controller.name)}: "
                f"add an address, e-mail or telephone ({cited})."
            ),
            articles=articles,
        )


def _identity_articles(register: Register) -> tuple[str, ...]:
    """Art. 30(1)(a) for a register with activities kept as controller (or with
    none), 30(2)(a) for one with activities kept as processor, both for both."""
    roles = {a.role for a in register.activities}
    controller = not roles or not roles.isdisjoint(CONTROLLER_ROLES)
    processor = Role.PROCESSOR in roles
    return tuple(
        article
        for article, applies in (
            ("GDPR Art. 30(1)(a)", controller),
            ("GDPR Art. 30(2)(a)", processor),
        )
        if applies
    )


def _cite(articles: tuple[str, ...]) -> str:
    """``Art. 30(1)(a), 13(1)(a)``: the articles as a message cites them."""
    return "Art. " + ", ".join(a.removeprefix("GDPR Art. ") for a in articles)


_REGISTRATION = "a registration number (SIREN, RCS, VAT…)"


@rule(
    code="GDPR214",
    name="controller-legal-entity-not-identified",
    title="The organisation keeping the record is identified as a legal entity",
    severity="warning",
    articles=("GDPR Art. 30(1)(a)", "GDPR Art. 30(2)(a)", "GDPR Art. 13(1)(a)"),
    severity_reason=(
        "A name without a legal form or registration number may be a brand rather than the "
        "legal entity answerable for the processing: a likely gap."
    ),
    rationale=(
        "The record gives the name of the controller (Art. 30(1)(a)), or of the processor "
        "(Art. 30(2)(a)), and a controller's notice its identity (Art. 13(1)(a), 14(1)(a)): "
        "the legal person answerable for the processing, not a brand or a website. A register "
        "of processor activities only is cited Art. 30(2)(a) alone. Policies often "
        "name only a trade name ('Mypharm', 'COOPER'). The rule accepts a name that "
        "contains a legal form (SAS, SARL, GmbH, société anonyme…, from the reference data "
        "legal_forms.json) or a record with a registration number (identifiers). Give the "
        "legal name, with its legal form, and a registration number, which tells the entity "
        "apart from any other of the same name."
    ),
)
def controller_legal_entity_not_identified(
    register: Register, context: Context
) -> Iterable[Violation]:
    """A named controller has a name with a legal form (``legal_forms.json``)
    or at least one registration identifier (an unnamed one is GDPR201's)."""
    controller = register.controller
    if blank(controller.name) or controller.identifiers or names_legal_form(controller.name):
        return ()
    articles = _identity_articles(register)
    # the notice's identity (Art. 13(1)(a)) is owed by a controller, not by a
    # processor acting for others
    notice = "GDPR Art. 30(1)(a)" in articles
    if notice:
        articles = (*articles, "GDPR Art. 13(1)(a)")
    return (
        violation(
            path=at("controller"),
            message=(
                f"The register names {quoted(controller.name)} without a legal form or "
                f"{_REGISTRATION}: the "
                f"record{' and the notice' if notice else ''} "
                f"identif{'y' if notice else 'ies'} the legal entity answerable for the "
                "processing, not a brand; give its legal name with its legal form, and its "
                f"registration number (identifiers) ({_cite(articles)})."
            ),
            articles=articles,
        ),
    )


@rule(
    code="GDPR202",
    name="dpo-contact-missing",
    title="A designated DPO comes with contact details",
    severity="error",
    articles=("GDPR Art. 30(1)(a)", "GDPR Art. 30(2)(a)", "GDPR Art. 37(7)"),
    severity_reason=_MANDATORY.format("30(1)(a), 30(2)(a)"),
    rationale=(
        "Where a data protection officer is designated, the record must give their contact "
        "details (Art. 30(1)(a), 30(2)(a)), which must also be published and communicated to "
        "the supervisory authority (Art. 37(7)). A function address such as dpo@… is enough."
    ),
)
def dpo_contact_missing(register: Register, context: Context) -> Iterable[Violation]:
    """When the register names a DPO, the DPO has at least one contact detail."""
    if register.dpo is None or not register.dpo.contact.is_empty:
        return ()
    articles = (*_identity_articles(register), "GDPR Art. 37(7)")
    return (
        violation(
            path=at("dpo"),
            message=(
                "The register names a DPO without contact details: add an address, e-mail or "
                f"telephone at which the DPO can be reached ({_cite(articles)})."
            ),
            articles=articles,
        ),
    )


@rule(
    code="GDPR203",
    name="representative-contact-missing",
    title="A designated EU representative comes with contact details",
    severity="error",
    articles=("GDPR Art. 30(1)(a)", "GDPR Art. 30(2)(a)", "GDPR Art. 27"),
    severity_reason=_MANDATORY.format("30(1)(a), 30(2)(a)"),
    rationale=(
        "Where a controller or processor outside the Union has designated a representative "
        "(Art. 27), the record must give the representative's name and contact details "
        "(Art. 30(1)(a), 30(2)(a))."
    ),
)
def representative_contact_missing(register: Register, context: Context) -> Iterable[Violation]:
    """When the register names a representative, it has at least one contact detail."""
    representative = register.representative
    if representative is None or not representative.contact.is_empty:
        return ()
    articles = _identity_articles(register)
    return (
        violation(
            path=at("representative"),
            message=(
                f"The EU representative {quoted(representative.name)} has no contact details: "
                f"add an address, e-mail or telephone ({_cite(articles)})."
            ),
            articles=articles,
        ),
    )


@rule(
    code="GDPR204",
    name="joint-controller-details-missing",
    title="Joint controllers are named with their contact details",
    severity="error",
    articles=("GDPR Art. 30(1)(a)", "GDPR Art. 26"),
    severity_reason=_MANDATORY.format("30(1)(a)"),
    rationale=(
        "For processing under joint controllership (Art. 26) the record must give the name "
        "and contact details of each joint controller (Art. 30(1)(a)). An activity kept as "
        "joint controller therefore lists the others, each with a way to reach them."
    ),
    on=ProcessingActivity,
)
def joint_controller_details_missing(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """An activity kept as joint controller lists the other controllers, and every
    listed joint controller has a contact detail."""
    joints = activity.joint_controllers
    if not joints:
        if activity.role is not Role.JOINT_CONTROLLER:
            return ()  # the usual case: nothing to check
        return (
            violation(
                message=(
                    f"{activity_of(activity, start=True)} is kept as joint controller but "
                    "names no other controller: list each joint controller with their contact "
                    "details (Art. 30(1)(a))."
                ),
            ),
        )
    return [
        violation(
            path=at("joint_controllers", k),
            message=(
                f"Joint controller {quoted(joint.name)} of {activity_of(activity)} has no "
                "contact details: add an address, e-mail or telephone (Art. 30(1)(a))."
            ),
        )
        for k, joint in enumerate(joints)
        if joint.contact.is_empty
    ]


def _item_missing(
    *,
    roles: Iterable[Role],
    field: str,
    says: str,
    checks: str,
    empty_answers: bool = False,
    **stated: Unpack[Stated],
) -> Rule:
    """A rule asking that each activity of *roles* state the item *field* of
    the record, which the first of the rule's articles makes mandatory: an
    activity that does not gets ``Activity "A"`` *says*.  With
    *empty_answers*, an empty list states the item (there is none); otherwise
    only a value does.  *checks* says what the rule checks, for the rule
    reference."""

    def check(activity: ProcessingActivity, context: Context) -> Iterable[Violation]:
        value = getattr(activity, field)
        answered = value is not None if empty_answers else bool(value)
        if answered:
            return ()
        return (violation(message=f"{activity_of(activity, start=True)} {says}"),)

    check.__doc__ = checks
    return rule(
        severity="error",
        severity_reason=_MANDATORY.format(stated["articles"][0].removeprefix("GDPR Art. ")),
        on=ProcessingActivity,
        roles=roles,
        **stated,
    )(check)


def _every(item: str, article: str) -> str:
    return f"does not state {item}: the record must give them for every activity ({article})."


activity_without_purposes = _item_missing(
    code="GDPR205",
    name="activity-without-purposes",
    title="Every controller activity states its purposes",
    articles=("GDPR Art. 30(1)(b)",),
    rationale=(
        "The record must give the purposes of the processing (Art. 30(1)(b)). Purposes must "
        "be specified, explicit and legitimate (Art. 5(1)(b)): list each one, with its lawful "
        "basis."
    ),
    roles=CONTROLLER_ROLES,
    field="purposes",
    says=_every("its purposes", "Art. 30(1)(b)"),
    checks="Each activity kept as controller or joint controller has a purpose.",
)

activity_without_data_subjects = _item_missing(
    code="GDPR206",
    name="activity-without-data-subjects",
    title="Every controller activity states its categories of data subjects",
    articles=("GDPR Art. 30(1)(c)",),
    rationale=(
        "The record must describe the categories of data subjects (Art. 30(1)(c)): customers, "
        "prospects, employees, candidates, patients, …"
    ),
    roles=CONTROLLER_ROLES,
    field="data_subjects",
    says=_every("the categories of data subjects", "Art. 30(1)(c)"),
    checks="Each activity kept as controller or joint controller has a category of data subjects.",
)

activity_without_data_categories = _item_missing(
    code="GDPR207",
    name="activity-without-data-categories",
    title="Every controller activity states its categories of personal data",
    articles=("GDPR Art. 30(1)(c)",),
    rationale=(
        "The record must describe the categories of personal data (Art. 30(1)(c)): identity, "
        "contact details, economic and financial data, health data, … Each category then "
        "carries its retention period (Art. 30(1)(f))."
    ),
    roles=CONTROLLER_ROLES,
    field="data_categories",
    says=_every("the categories of personal data", "Art. 30(1)(c)"),
    checks=(
        "Each activity kept as controller or joint controller has a category of personal data."
    ),
)

activity_without_recipients = _item_missing(
    code="GDPR208",
    name="activity-without-recipients",
    title="Every controller activity states its categories of recipients",
    articles=("GDPR Art. 30(1)(d)", "GDPR Art. 4(9)"),
    rationale=(
        "The record must give the categories of recipients to whom the data have been or will "
        "be disclosed, including recipients in third countries (Art. 30(1)(d)). Internal "
        "departments and processors are recipients too (Art. 4(9)), so virtually every "
        "activity has at least one. An activity that states it has none (an empty list) "
        "answers the item; only an activity that does not state it is reported."
    ),
    roles=CONTROLLER_ROLES,
    field="recipients",
    empty_answers=True,
    says=(
        "does not state the recipients of the data: the record must give them for every "
        "activity (Art. 30(1)(d)); internal departments and processors count (Art. 4(9)). "
        "If there are none, say so with an empty list."
    ),
    checks=(
        "Each activity kept as controller or joint controller states its recipients, or "
        "states that it has none (an empty list)."
    ),
)

processor_activity_without_controllers = _item_missing(
    code="GDPR210",
    name="processor-activity-without-controllers",
    title="Every processor activity names the controllers it acts for",
    articles=("GDPR Art. 30(2)(a)",),
    rationale=(
        "A processor's record must give the name and contact details of each controller on "
        "behalf of which it acts (Art. 30(2)(a))."
    ),
    roles=(Role.PROCESSOR,),
    field="controllers",
    says=(
        "is kept as processor but names no controller it acts for: list each one with their "
        "contact details (Art. 30(2)(a))."
    ),
    checks="Each activity kept as processor names at least one controller.",
)

processor_activity_without_processing_categories = _item_missing(
    code="GDPR212",
    name="processor-activity-without-processing-categories",
    title="Every processor activity states the categories of processing",
    articles=("GDPR Art. 30(2)(b)",),
    rationale=(
        "A processor's record must give the categories of processing carried out on behalf "
        "of each controller (Art. 30(2)(b)): hosting, payroll, mailing, …"
    ),
    roles=(Role.PROCESSOR,),
    field="processing_categories",
    says=(
        "is kept as processor but does not say which processing it carries out for the "
        "controllers: list the categories of processing (Art. 30(2)(b))."
    ),
    checks="Each activity kept as processor states its categories of processing.",
)


@rule(
    code="GDPR209",
    name="security-measures-missing",
    title="Security measures are described, for the activity or the whole register",
    severity="warning",
    articles=("GDPR Art. 30(1)(g)", "GDPR Art. 30(2)(d)", "GDPR Art. 32(1)"),
    severity_reason=(
        "Art. 30(1)(g) and 30(2)(d) ask for the measures only 'where possible': the law "
        "leaves room."
    ),
    rationale=(
        "The record must contain, where possible, a general description of the technical and "
        "organisational security measures of Art. 32(1) (Art. 30(1)(g), 30(2)(d)). Because "
        "the article says 'where possible' the rule is a warning. Measures common to every "
        "activity can be given once for the whole register."
    ),
    on=ProcessingActivity,
)
def security_measures_missing(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """Each activity has security measures of its own, or the register has common ones.
    Where the register has none anywhere, the activities without any are one
    defect, named together."""
    if activity.security_measures or context.register.security_measures:
        return ()
    bare, cited = context.once("GDPR209", lambda: _without_measures(context.register))
    return (
        violation(
            message=(
                f"No security measure is described for {activities_named(bare)}, nor for the whole "
                "register: describe the technical and organisational measures, for each "
                f"activity or once for the whole register ({_cite(cited)})."
            ),
            articles=(_MEASURES[activity.role is Role.PROCESSOR], "GDPR Art. 32(1)"),
            defect="no-security-measures",
        ),
    )


_MEASURES = {False: "GDPR Art. 30(1)(g)", True: "GDPR Art. 30(2)(d)"}
"""The item of the record that asks for security measures, for a controller's
activity (``False``) and a processor's (``True``)."""


def _without_measures(register: Register) -> tuple[list[str], tuple[str, ...]]:
    """The activities without security measures, and what their finding cites."""
    bare = [a for a in register.activities if not a.security_measures]
    processor = {a.role is Role.PROCESSOR for a in bare}
    cited = tuple(_MEASURES[p] for p in (False, True) if p in processor)
    return [a.name for a in bare], (*cited, "GDPR Art. 32(1)")


@rule(
    code="GDPR211",
    name="served-controller-contact-missing",
    title="Controllers served by a processor come with contact details",
    severity="error",
    articles=("GDPR Art. 30(2)(a)",),
    severity_reason=_MANDATORY.format("30(2)(a)"),
    rationale=(
        "A processor's record gives the contact details of each controller it acts for "
        "(Art. 30(2)(a)), so that the supervisory authority can reach them."
    ),
    on=Controller,
    roles=(Role.PROCESSOR,),
)
def served_controller_contact_missing(
    controller: Controller, context: Context
) -> Iterable[Violation]:
    """Each controller named by a processor activity has a contact detail; the
    same controller named in several activities is one defect."""
    if not controller.contact.is_empty:
        return ()
    key = folded(controller.name)
    serving = context.once("GDPR211", lambda: _serving_without_contact(context.register))
    names = serving.get(key, [context.activity.name])
    return (
        violation(
            message=(
                f"Controller {quoted(controller.name)} served by {activities_named(names)} has no "
                "contact details: add an address, e-mail or telephone (Art. 30(2)(a))."
            ),
            defect=key,
        ),
    )


def _serving_without_contact(register: Register) -> dict[str, list[str]]:
    """For each controller without contact details (by name), the processor
    activities that name it."""
    serving: dict[str, list[str]] = {}
    for activity in register.activities:
        if activity.role is not Role.PROCESSOR:
            continue
        for controller in activity.controllers:
            if controller.contact.is_empty:
                key = folded(controller.name)
                names = serving.setdefault(key, [])
                if activity.name not in names:
                    names.append(activity.name)
    return serving


@rule(
    code="GDPR215",
    name="processor-activity-with-own-purposes",
    title="Purposes a processor decides itself have their own controller record",
    severity="warning",
    articles=("GDPR Art. 28(10)", "GDPR Art. 30(1)"),
    on=ProcessingActivity,
    roles=(Role.PROCESSOR,),
    severity_reason=(
        "A processor record stating lawful bases likely hides processing the processor "
        "decides itself; whether it does is for the reader to confirm."
    ),
    rationale=(
        "A processor acts on the controller's documented instructions (Art. 28(3)(a)); the "
        "lawful basis is the controller's to choose. A processor record that states lawful "
        "bases for its purposes either copies the controllers' (then leave them out: the "
        "record lists the categories of processing, Art. 30(2)(b)) or describes processing "
        "the processor decides itself, for which it is a controller (Art. 28(10)) and keeps "
        "an Art. 30(1) record. The rule is satisfied when the register has an activity kept "
        "as controller with a purpose of the same name."
    ),
)
def processor_activity_with_own_purposes(
    activity: ProcessingActivity, context: Context
) -> Iterable[Violation]:
    """An activity kept as processor whose purposes state lawful bases, when no
    activity kept as controller has a purpose of the same name."""
    based = [(j, p) for j, p in enumerate(activity.purposes) if p.legal_bases]
    if not based:
        return ()  # the usual case: the controllers' purposes, without bases
    own = context.once("GDPR215", lambda: _controller_purposes(context.register))
    based = [(j, p) for j, p in based if folded(p.name) not in own]
    if not based:
        return ()
    names = [p.name for _, p in based]
    return (
        violation(
            path=at("purposes", based[0][0]),
            message=(
                f"{activity_of(activity, start=True)} is kept as processor but states lawful "
                f"bases for {'purpose' if len(names) == 1 else 'purposes'} {listing(names)}: "
                "if these are the controllers' purposes, leave the bases to them; if the "
                "processor decides them itself, it is their controller (Art. 28(10)) and "
                "records them as an activity kept as controller (Art. 30(1))."
            ),
        ),
    )


def _controller_purposes(register: Register) -> frozenset[str]:
    return frozenset(
        folded(p.name)
        for a in register.activities
        if a.role in CONTROLLER_ROLES
        for p in a.purposes
    )


@rule(
    code="GDPR213",
    name="duplicate-activity-id",
    title="Activity ids are unique",
    severity="error",
    articles=("GDPR Art. 30(1)", "GDPR Art. 30(2)"),
    severity_reason=(
        "Activities that share an id cannot be told apart, by the reader of the record "
        "(Art. 30(1), 30(2)) or by findings and cross-references."
    ),
    rationale=(
        "Each record of processing activities must let the reader tell the activities apart "
        "(Art. 30(1), 30(2)); gdprkit also uses the id to point findings, notices and "
        "cross-references at one activity. Give each activity its own id."
    ),
)
def duplicate_activity_id(register: Register, context: Context) -> Iterator[Violation]:
    """No two activities share an id; each repeat after the first is reported
    (a rule about the register as a whole: it compares the activities)."""
    first: dict[str, int] = {}
    for i, activity in enumerate(register.activities):
        seen = first.setdefault(activity.id, i)
        if seen != i:
            other = register.activities[seen]
            yield violation(
                path=at("activities", i),
                message=(
                    f"{activity_of(activity, start=True)} has the id {quoted(activity.id)}, "
                    f"already used by {activity_of(other)} "
                    f"({format_path(('activities', seen))}): give each activity a unique id."
                ),
            )
