"""Recipients and transfers to third countries (GDPR Art. 30(1)(d)–(e), Chapter V)."""

import datetime as dt

import attrs

from gdprkit.model.codes import RecipientKind, TransferMechanism
from gdprkit.model.extensions import Extensible
from gdprkit.model.parties import CountryCode


__all__ = ["Recipient", "Transfer"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Recipient(Extensible):
    """A recipient or category of recipients (GDPR Art. 4(9), 30(1)(d)).

    Attributes:
        name: The recipient or category ("hébergeur", "service comptable").
        kind: Internal department, processor, group company, …
        country: Where it receives the data, if known.
        description: What it does with the data, in public words (printed
            in the notice).
        contract_reference: For a processor, the Art. 28 contract.
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    name: str
    kind: RecipientKind = RecipientKind.THIRD_PARTY
    country: CountryCode | None = None
    description: str | None = None
    contract_reference: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Transfer(Extensible):
    """A transfer to a third country or an international organisation
    (GDPR Art. 30(1)(e), Art. 44–49).

    Attributes:
        recipient: Name of the recipient (matches a :class:`Recipient`).
        country: Destination country.
        organisation: Destination international organisation, instead of a
            country (e.g. ``EPORG`` for the European Patent Organisation).
        mechanism: The Chapter V ground; ``None`` when none is stated.
        reference: Reference of the instrument (contract, BCR approval, …).
        safeguards_copy: Where a copy of the safeguards can be obtained
            (Art. 13(1)(f)).
        in_adequacy_scope: For a partial adequacy decision, whether the
            importer is within its scope (e.g. listed under the EU-U.S. Data
            Privacy Framework); ``None`` when not stated.
        occasional: For an Art. 49 derogation, whether the transfer is
            occasional rather than regular.
        tia_reference: Reference of the transfer impact assessment.
        since: When the transfers started, if known.
        note: Internal note for the register's authors (source, reasoning,
            corrections); never printed in a notice.
    """

    recipient: str
    country: CountryCode | None = None
    organisation: str | None = None
    mechanism: TransferMechanism | None = None
    reference: str | None = None
    safeguards_copy: str | None = None
    in_adequacy_scope: bool | None = None
    occasional: bool | None = None
    tia_reference: str | None = None
    since: dt.date | None = None
    note: str | None = None
