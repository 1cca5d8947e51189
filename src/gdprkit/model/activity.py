"""A processing activity and its purposes (GDPR Art. 30(1)(b), 30(2)(b), 5, 6, 9)."""

import datetime as dt

import attrs

from gdprkit.model.codes import (
    ActivityStatus,
    Art9Condition,
    DataKind,
    DpiaCriterion,
    DpiaStatus,
    LawfulBasis,
    PurposeTag,
    Right,
    Role,
    SubprocessorAuthorisation,
)
from gdprkit.model.data import DataCategory, DataSource, DataSubjectCategory
from gdprkit.model.extensions import Extensible
from gdprkit.model.parties import Controller, JointController
from gdprkit.model.recipients import Recipient, Transfer
from gdprkit.model.security import SecurityMeasure


__all__ = [
    "AutomatedDecision",
    "ChildrenPolicy",
    "DeclaredRight",
    "Dpia",
    "LegalBasis",
    "ProcessingActivity",
    "Purpose",
]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class LegalBasis(Extensible):
    """A lawful basis of GDPR Art. 6(1) with what it needs.

    Attributes:
        basis: Which of the six grounds.
        law: For 6(1)(c) and (e), the Union or Member-State law that lays
            down the obligation or the task (Art. 6(3)).
        legitimate_interest: For 6(1)(f), the interest pursued (Art. 13(1)(d)).
        balancing_test: For 6(1)(f), reference of the balancing test.
        consent_method: For 6(1)(a), how consent is collected.
        withdrawal_method: For 6(1)(a), how consent is withdrawn (Art. 7(3)).
        special_condition: The Art. 9(2) condition, when special-category
            data are processed for this purpose.
        condition_law: The law the Art. 9(2) condition relies on ((b), (g)–(j)).
        note: Internal note for the register's authors, e.g. the policy's
            own wording; never printed in a notice.
    """

    basis: LawfulBasis
    law: str | None = None
    legitimate_interest: str | None = None
    balancing_test: str | None = None
    consent_method: str | None = None
    withdrawal_method: str | None = None
    special_condition: Art9Condition | None = None
    condition_law: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Purpose(Extensible):
    """A purpose of the processing and its lawful bases (GDPR Art. 5(1)(b), 6(1)).

    Attributes:
        name: What the processing is for.
        legal_bases: One or more lawful bases; empty when none is stated.
        tags: Kinds of purpose the rules treat specially (direct marketing,
            call recording, …).
        description: Public detail, printed in the notice.
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    name: str
    legal_bases: tuple[LegalBasis, ...] = ()
    tags: tuple[PurposeTag, ...] = ()
    description: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DeclaredRight(Extensible):
    """A right the data subjects have and how they exercise it.

    Attributes:
        right: Which right.
        how: How to exercise it (address, e-mail, form), when it differs from
            the register's general contact for rights.
    """

    right: Right
    how: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class AutomatedDecision(Extensible):
    """A decision based solely on automated processing, including profiling
    (GDPR Art. 22, 13(2)(f)).

    Attributes:
        description: What is decided, and the logic involved.
        significant_effects: Whether it produces legal or similarly
            significant effects.
        safeguards: Human intervention, the right to contest (Art. 22(3)).
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    description: str
    significant_effects: bool = False
    safeguards: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ChildrenPolicy(Extensible):
    """How consent is obtained when an information-society service is offered
    directly to children (GDPR Art. 8; LIL art. 45 in France).

    Attributes:
        consent_age: Age from which the child consents alone.
        parental_consent: How the holder of parental responsibility consents
            or authorises below that age, and how it is verified (Art. 8(2)).
    """

    consent_age: int | None = None
    parental_consent: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Dpia(Extensible):
    """Where the activity stands on the impact assessment (GDPR Art. 35).

    Attributes:
        status: Not required, planned, in progress or done.
        reference: Reference of the DPIA document.
        date: Date it was completed or last reviewed.
        reason: Why it is not required, when that is the status.
    """

    status: DpiaStatus
    reference: str | None = None
    date: dt.date | None = None
    reason: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ProcessingActivity(Extensible):
    """One processing activity of the record.

    As controller, the items of GDPR Art. 30(1)(a)–(g); as processor, those of
    Art. 30(2)(a)–(d), naming the controllers served.  Nothing here checks the
    law: a flawed activity is built and loaded so that it can be reported on.

    Attributes:
        id: A stable slug, unique in the register (``customer-management``).
        name: The activity's name.
        role: Controller, joint controller or processor.
        description: What the processing is, in public words (printed in
            the notice).
        controllers: For a processor, each controller it acts for (30(2)(a)).
        processing_categories: For a processor, the categories of processing
            carried out for the controllers (30(2)(b)).
        subprocessor_authorisation: For a processor that engages other
            processors (its recipients of kind processor), how the controller
            authorised them (Art. 28(2)): prior specific or general written
            authorisation.
        joint_controllers: Joint controllers (Art. 26, 30(1)(a)).
        purposes: Purposes and lawful bases (30(1)(b), Art. 6).
        data_subjects: Categories of data subjects (30(1)(c)).
        data_categories: Categories of personal data with their retention
            (30(1)(c), (f)).
        sources: Where the data come from (Art. 14(2)(f)).
        recipients: Categories of recipients (30(1)(d)); ``None`` means
            not stated, an empty tuple that the activity has none.
        transfers: Transfers to third countries (30(1)(e), Chapter V).
        security_measures: Technical and organisational measures (30(1)(g)).
        rights: Rights that apply and how to exercise them; ``None`` means
            the register's general list applies.
        automated_decisions: Decisions under Art. 22.
        children: Consent of children to an information-society service.
        dpia_criteria: Risk criteria that apply (Art. 35(3), EDPB WP248).
        dpia: The DPIA status.
        core_activity: Whether this is a core activity of the organisation
            (Art. 37(1)(b)–(c)).
        created: When the activity was first recorded.
        updated: When the record was last updated.
        notes: Internal notes for the register's authors (sources,
            reasoning, corrections); never printed in a notice.
        owner: Who answers for the activity and keeps its record up to date
            (a person, a role or a team).
        status: Draft, active (the default) or retired.
        next_review: When the activity's record is next to be reviewed.
    """

    id: str
    name: str
    role: Role = Role.CONTROLLER
    description: str | None = None
    controllers: tuple[Controller, ...] = ()
    processing_categories: tuple[str, ...] = ()
    subprocessor_authorisation: SubprocessorAuthorisation | None = None
    joint_controllers: tuple[JointController, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    data_subjects: tuple[DataSubjectCategory, ...] = ()
    data_categories: tuple[DataCategory, ...] = ()
    sources: tuple[DataSource, ...] = ()
    recipients: tuple[Recipient, ...] | None = None
    transfers: tuple[Transfer, ...] = ()
    security_measures: tuple[SecurityMeasure, ...] = ()
    rights: tuple[DeclaredRight, ...] | None = None
    automated_decisions: tuple[AutomatedDecision, ...] = ()
    children: ChildrenPolicy | None = None
    dpia_criteria: tuple[DpiaCriterion, ...] = ()
    dpia: Dpia | None = None
    core_activity: bool | None = None
    created: dt.date | None = None
    updated: dt.date | None = None
    notes: str | None = None
    owner: str | None = None
    status: ActivityStatus = ActivityStatus.ACTIVE
    next_review: dt.date | None = None

    # Derived facts, computed on each read: they are not fields (not compared,
    # hashed, serialised or pickled).  They are plain properties, not
    # functools.cached_property: on a slotted attrs class a cached property
    # makes attrs add a __getattr__ hook, which slows every attribute read of
    # every activity; a caller reading one many times keeps it.

    @property
    def lawful_bases(self) -> frozenset[LawfulBasis]:
        """Every Art. 6(1) basis used by any purpose."""
        return frozenset(b.basis for p in self.purposes for b in p.legal_bases)

    @property
    def special_conditions(self) -> frozenset[Art9Condition]:
        """Every Art. 9(2) condition stated by any purpose's legal bases."""
        return frozenset(
            b.special_condition
            for p in self.purposes
            for b in p.legal_bases
            if b.special_condition is not None
        )

    @property
    def data_kinds(self) -> frozenset[DataKind]:
        """Every kind of personal data in the activity's data categories."""
        return frozenset(c.kind for c in self.data_categories)

    @property
    def tags(self) -> frozenset[PurposeTag]:
        """Every purpose tag of the activity."""
        return frozenset(t for p in self.purposes for t in p.tags)
