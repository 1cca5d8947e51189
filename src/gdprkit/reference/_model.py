"""The shapes of the reference facts: small frozen values, each with its source."""

from __future__ import annotations

import datetime as dt

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.model import TransferMechanism
from gdprkit.model.codes import StrEnum


__all__ = [
    "AdequacyDecision",
    "Applicability",
    "ConsentAge",
    "ConsentAgeLimits",
    "DataFile",
    "EeaMember",
    "Mechanism",
    "MechanismFamily",
    "Scope",
    "Source",
    "Status",
]


def _in_force(since: dt.date | None, ended: dt.date | None, as_of: dt.date) -> bool:
    """True when *as_of* is on or after *since* and before *ended* (the first
    day something no longer applies)."""
    return (since is None or since <= as_of) and (ended is None or as_of < ended)


class Status(StrEnum):
    """How well a fact was checked when the data were compiled."""

    VERIFIED = "verified"
    """Checked against the legal text or an official source."""
    SECONDARY = "secondary"
    """Checked against secondary sources only (law-firm notes, press)."""
    UNVERIFIED = "unverified"
    """No source found; check before relying on it."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Source(FieldMethods):
    """Where a fact comes from.

    Attributes:
        title: What the source is.
        url: Where to read it, if online.
    """

    title: str
    url: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DataFile(FieldMethods):
    """One reference-data file shipped in the package.

    Attributes:
        name: File name, e.g. ``adequacy.json``.
        title: What the file holds.
        retrieved: When its facts were last checked.
        sources: Its sources.
    """

    name: str
    title: str
    retrieved: dt.date
    sources: tuple[Source, ...]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class EeaMember(FieldMethods):
    """A state, or a territory with its own ISO 3166-1 code, where the GDPR
    applies as Union or EEA law: sending data there is not a transfer.

    Attributes:
        code: ISO 3166-1 alpha-2 code.
        name: English name.
        group: ``EU``, ``EEA-EFTA`` or ``EU-territory``.
        part_of: For a territory, the Member State it belongs to.
        aliases: Other codes for it (``EL`` for Greece).
        since: First day of membership, when it matters.
        ended: First day it is no longer in the EEA (the United Kingdom:
            2021-01-01, after the transition period).
        note: Context.
    """

    code: str
    name: str
    group: str
    part_of: str | None = None
    aliases: tuple[str, ...] = ()
    since: dt.date | None = None
    ended: dt.date | None = None
    note: str | None = None

    def member_on(self, as_of: dt.date) -> bool:
        """Whether it is in the EEA on *as_of*."""
        return _in_force(self.since, self.ended, as_of)


class Scope(StrEnum):
    """Whether an adequacy decision covers every importer in the destination."""

    FULL = "full"
    PARTIAL = "partial"


@attrs.frozen(kw_only=True, repr=False, eq=False)
class AdequacyDecision(FieldMethods):
    """A Commission adequacy decision (GDPR Art. 45), in force or ended.

    Attributes:
        code: ISO 3166-1 alpha-2 code of the country, or an organisation id
            (``EPORG``).
        name: The destination.
        decision: The decision's reference.
        adopted: The day it took effect.
        ended: The first day it no longer applies (invalidated, repealed).
        expires: A sunset written in the decision: it no longer applies from
            that day unless extended.
        scope: Full, or partial (only some importers are covered).
        scope_description: Which importers a partial decision covers.
        mechanism: The transfer-mechanism id a register uses for it:
            ``adequacy``, ``safe-harbor`` or ``privacy-shield``.
        source: Where to read it.
        status: How well the entry was checked.
        notes: Context.
    """

    code: str
    name: str
    decision: str
    adopted: dt.date
    ended: dt.date | None = None
    expires: dt.date | None = None
    scope: Scope = Scope.FULL
    scope_description: str | None = None
    mechanism: TransferMechanism = TransferMechanism.ADEQUACY
    source: str | None = None
    status: Status = Status.SECONDARY
    notes: str | None = None

    def in_force(self, as_of: dt.date) -> bool:
        """Whether the decision applies on *as_of*."""
        end = min((d for d in (self.ended, self.expires) if d is not None), default=None)
        return _in_force(self.adopted, end, as_of)

    @property
    def is_partial(self) -> bool:
        """True when the decision covers only some importers."""
        return self.scope is Scope.PARTIAL


class MechanismFamily(StrEnum):
    """The three grounds of GDPR Chapter V, in the order they are considered."""

    ADEQUACY = "adequacy"
    """Art. 45 adequacy decisions."""
    SAFEGUARDS = "safeguards"
    """Art. 46-47 appropriate safeguards."""
    DEROGATION = "derogation"
    """Art. 49 derogations for specific situations."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Mechanism(FieldMethods):
    """What the law says about one transfer mechanism.

    Attributes:
        mechanism: The mechanism's id.
        name: Short name.
        instrument: The instrument it rests on.
        articles: The provisions that found it.
        family: Adequacy, safeguards or derogation.
        valid_from: First day it could be used.
        ended: First day it can no longer be relied on.
        ended_by: The judgment or decision that ended it (``CJEU C-311/18
            (Schrems II)``), as it is cited.
        no_new_contracts_from: First day no new contract may be concluded on it.
        destinations: Countries it is limited to, if any.
        sa_authorisation: Whether it needs the authorisation of the competent
            supervisory authority (Art. 46(3)).
        tia_expected: Whether a transfer impact assessment is expected
            (EDPB Recommendations 01/2020).
        public_authorities_excluded: Not available to public authorities
            exercising their public powers (Art. 49(3)).
        source: Where to read it.
        notes: Context.
    """

    mechanism: TransferMechanism
    name: str
    instrument: str
    articles: tuple[str, ...]
    family: MechanismFamily
    valid_from: dt.date | None = None
    ended: dt.date | None = None
    ended_by: tuple[str, ...] = ()
    no_new_contracts_from: dt.date | None = None
    destinations: frozenset[str] | None = None
    sa_authorisation: bool = False
    tia_expected: bool = False
    public_authorities_excluded: bool = False
    source: str | None = None
    notes: str | None = None

    def valid_on(self, as_of: dt.date) -> bool:
        """Whether the mechanism can be relied on at *as_of* (its own dates
        only: for adequacy, the destination's decision decides)."""
        return _in_force(self.valid_from, self.ended, as_of)


class Applicability(StrEnum):
    """Whether a right applies under a lawful basis."""

    YES = "yes"
    NO = "no"
    CONDITIONAL = "conditional"
    """Applies in some circumstances only (see the note)."""
    DIRECT_MARKETING = "direct-marketing"
    """Applies where a purpose is direct marketing."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ConsentAge(FieldMethods):
    """The age of digital consent in one country over a period (GDPR Art. 8(1)).

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        age: The age from which a child consents alone.
        since: First day it applies, when it changed.
        ended: First day it no longer applies.
        default: True when no national rule lowers the GDPR age.
        status: How well it was checked.
        law: The national provision, when known.
        source: Where it comes from.
        note: Context.
    """

    country: str
    age: int
    since: dt.date | None = None
    ended: dt.date | None = None
    default: bool = False
    status: Status = Status.SECONDARY
    law: str | None = None
    source: Source | None = None
    note: str | None = None

    def applies_on(self, as_of: dt.date) -> bool:
        """Whether this age applies on *as_of*."""
        return _in_force(self.since, self.ended, as_of)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ConsentAgeLimits(FieldMethods):
    """The bounds GDPR Art. 8(1) sets on the age of digital consent.

    Attributes:
        default: The age where no national rule applies (16).
        minimum: The lowest age a Member State may set (13).
    """

    default: int
    minimum: int

    def allows(self, age: int) -> bool:
        """Whether a national age of *age* is within the bounds."""
        return self.minimum <= age <= self.default


@attrs.frozen(kw_only=True, repr=False, eq=False)
class SupervisoryAuthority(FieldMethods):
    """A national supervisory authority (GDPR Art. 51) and how to reach it.

    Attributes:
        country: The EEA state it supervises (ISO 3166-1 alpha-2).
        id: A stable id (``cnil``, ``bfdi``).
        acronym: How it is usually called (``CNIL``).
        name: Its official name, in its own language.
        address: Postal address for correspondence, one line per line.
        email: A general e-mail address, if it publishes one.
        phone: Its switchboard.
        url: Its website.
        complaint_url: Its online complaint page, if any.
        legal_basis: The national law that sets it up.
        note: What a reader of the data should know (competence limits).
        source: Where the contact details come from.
        status: How the entry was checked.
    """

    country: str
    id: str
    acronym: str
    name: str
    address: str
    email: str | None
    phone: str | None
    url: str
    complaint_url: str | None
    legal_basis: str
    note: str | None
    source: Source
    status: Status
