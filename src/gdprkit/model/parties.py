"""The organisations and people named in a record (GDPR Art. 30(1)(a), 30(2)(a))."""

import datetime as dt
from typing import NewType

import attrs

from gdprkit.model.extensions import Extensible


__all__ = [
    "DPO",
    "Contact",
    "Controller",
    "CountryCode",
    "Identifier",
    "JointController",
    "Representative",
]

CountryCode = NewType("CountryCode", str)
"""An ISO 3166-1 alpha-2 country code (``FR``, ``US``); ``EL`` is accepted for
Greece as the EU writes it.  Checked when a register is loaded."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Contact(Extensible):
    """How to reach a party.

    Attributes:
        email: An e-mail address.
        phone: A telephone number.
        address: A postal address, on one or several lines.
        url: A web page or contact form.
    """

    email: str | None = None
    phone: str | None = None
    address: str | None = None
    url: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when no way of reaching the party is given."""
        return not (self.email or self.phone or self.address or self.url)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Identifier(Extensible):
    """A registration number such as a SIREN, an RCS entry or a VAT number.

    Attributes:
        scheme: The register, e.g. ``SIREN``, ``RCS Paris``, ``VAT``.
        value: The number in that register.
    """

    scheme: str
    value: str


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Controller(Extensible):
    """A controller or processor: the organisation that keeps the record, or a
    controller a processor acts for (GDPR Art. 30(1)(a), 30(2)(a)).

    Attributes:
        name: Legal name.
        trade_name: Name used with the public, if different.
        identifiers: Registration numbers.
        contact: Contact details.
        country: Country of the main establishment.
    """

    name: str
    trade_name: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    contact: Contact = Contact()
    country: CountryCode | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class JointController(Extensible):
    """A joint controller and the arrangement between them (GDPR Art. 26).

    Attributes:
        name: Legal name.
        contact: Contact details.
        arrangement: Reference of the Art. 26 arrangement.
    """

    name: str
    contact: Contact = Contact()
    arrangement: str | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Representative(Extensible):
    """The EU representative of a controller or processor established outside
    the Union (GDPR Art. 27).

    Attributes:
        name: Name of the representative.
        contact: Contact details.
        country: Member State where the representative is established.
    """

    name: str
    contact: Contact = Contact()
    country: CountryCode | None = None


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DPO(Extensible):
    """The data protection officer (GDPR Art. 37–39).

    Attributes:
        name: A person's or a service's name; may be omitted when only a
            function address is published.
        contact: Published contact details (Art. 37(7)).
        external: True when the DPO is a service provider (Art. 37(6)).
        designated_on: Date of designation.
        authority_reference: Designation number given by the supervisory
            authority (e.g. the CNIL's ``DPO-…`` number).
    """

    name: str | None = None
    contact: Contact = Contact()
    external: bool | None = None
    designated_on: dt.date | None = None
    authority_reference: str | None = None
