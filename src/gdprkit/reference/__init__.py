"""Legal reference facts, each with its source and date, evaluated "as of" a day.

The facts live as JSON in ``gdprkit/reference/data`` (one file per subject,
each with its sources and the date it was checked; see the "Reference data"
page of the docs) and are read once, on first use.  Rules ask questions here
instead of writing facts into their code:

>>> import datetime as dt
>>> from gdprkit.reference import adequacy_for, is_eea, mechanism_valid
>>> is_eea("NO"), is_eea("CH"), is_eea("GB", as_of=dt.date(2020, 6, 1))
(True, False, True)
>>> adequacy_for("US", as_of=dt.date(2023, 1, 1)) is None
True
>>> adequacy_for("US", as_of=dt.date(2024, 1, 1)).decision
'Commission Implementing Decision (EU) 2023/1795'
>>> mechanism_valid("privacy-shield", as_of=dt.date(2020, 7, 16))
False
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from gdprkit.model import Art9Condition, LawfulBasis, Right, TransferMechanism
from gdprkit.reference._load import (
    DATA_FILES,
    ReferenceDataError,
    adequacy_by_code,
    authorities_by_country,
    consent_age_limits,
    consent_ages_by_country,
    data_file,
    eea_by_code,
    legal_forms,
    mechanisms,
    rights_matrix,
)
from gdprkit.reference._model import (
    AdequacyDecision,
    Applicability,
    ConsentAge,
    ConsentAgeLimits,
    DataFile,
    EeaMember,
    Mechanism,
    MechanismFamily,
    Scope,
    Source,
    Status,
    SupervisoryAuthority,
)


__all__ = [
    "AdequacyDecision",
    "Applicability",
    "ConsentAge",
    "ConsentAgeLimits",
    "DataFile",
    "EeaMember",
    "Mechanism",
    "MechanismFamily",
    "ReferenceDataError",
    "Scope",
    "Source",
    "Status",
    "SupervisoryAuthority",
    "adequacy_decisions",
    "adequacy_for",
    "consent_age",
    "consent_age_limits",
    "data_file",
    "data_files",
    "eea_member",
    "is_eea",
    "mechanism_info",
    "mechanism_valid",
    "names_legal_form",
    "rights_for",
    "supervisory_authorities",
    "supervisory_authority",
]


def eea_member(code: str, *, as_of: dt.date | None = None) -> EeaMember | None:
    """The EEA state or territory with this code (or alias) on *as_of*
    (today by default), or ``None`` for a third country."""
    day = dt.date.today() if as_of is None else as_of
    for member in eea_by_code().get(code.upper(), ()):
        if member.member_on(day):
            return member
    return None


def is_eea(code: str, *, as_of: dt.date | None = None) -> bool:
    """Whether *code* is an EEA state (or a territory of one) on *as_of*
    (today by default).  ``EL`` is Greece; FO, GL, CH and, since 2021, GB are
    not in the EEA."""
    return eea_member(code, as_of=as_of) is not None


def adequacy_decisions(code: str | None = None) -> tuple[AdequacyDecision, ...]:
    """Every adequacy decision (for destination *code*, if given), in force or
    ended, oldest first."""
    index = adequacy_by_code()
    if code is not None:
        return index.get(code.upper(), ())
    return tuple(d for found in index.values() for d in found)


def adequacy_for(code: str, *, as_of: dt.date) -> AdequacyDecision | None:
    """The adequacy decision in force for destination *code* on *as_of*, or
    ``None``.  *code* is an ISO 3166-1 code or an organisation id (``EPORG``).

    For the United States this is Safe Harbour until 2015-10-05, Privacy
    Shield from 2016-07-12 to 2020-07-15, the Data Privacy Framework from
    2023-07-10, and nothing in between.
    """
    in_force = [d for d in adequacy_decisions(code) if d.in_force(as_of)]
    return in_force[-1] if in_force else None


def mechanism_info(mechanism: TransferMechanism | str) -> Mechanism:
    """What the law says about a transfer mechanism (by member or id)."""
    return mechanisms()[TransferMechanism(mechanism)]


def mechanism_valid(
    mechanism: TransferMechanism | str, *, as_of: dt.date, destination: str | None = None
) -> bool:
    """Whether *mechanism* can be relied on at *as_of*.

    Without a *destination*, only the mechanism's own dates count (Safe
    Harbour ended on 2015-10-06, Privacy Shield on 2020-07-16, the pre-2021
    SCCs after 2022-12-27).  With one, a mechanism limited to some countries
    must cover it, and ``adequacy`` needs a decision in force for it.
    """
    info = mechanism_info(mechanism)
    if not info.valid_on(as_of):
        return False
    if destination is None:
        return True
    if info.destinations is not None and destination.upper() not in info.destinations:
        return False
    if info.mechanism is TransferMechanism.ADEQUACY:
        return adequacy_for(destination, as_of=as_of) is not None
    return True


def rights_for(basis: LawfulBasis | Art9Condition) -> Mapping[Right, Applicability]:
    """How each right applies under an Art. 6(1) *basis*.

    For an Art. 9(2) condition, the rights it adds: explicit consent
    (9(2)(a)) adds withdrawal of consent and portability; the other
    conditions add nothing (the Art. 6(1) basis decides).
    """
    return rights_matrix().get(basis, {})


def consent_age(country: str, *, as_of: dt.date) -> ConsentAge | None:
    """The age of digital consent in *country* on *as_of* (GDPR Art. 8(1)),
    or ``None`` outside the EEA.  ``EL`` is accepted for Greece."""
    code = country.upper()
    known = eea_by_code().get(code)
    for age in consent_ages_by_country().get(known[0].code if known else code, ()):
        if age.applies_on(as_of):
            return age
    return None


def supervisory_authority(country: str) -> SupervisoryAuthority | None:
    """The supervisory authority of the EEA state *country* with its contact
    details (GDPR Art. 51, 77), or ``None`` when the reference data have
    none.  ``EL`` is accepted for Greece.

    >>> supervisory_authority("FR").acronym
    'CNIL'
    """
    code = country.upper()
    known = eea_by_code().get(code)
    return authorities_by_country().get(known[0].code if known else code)


def supervisory_authorities() -> tuple[SupervisoryAuthority, ...]:
    """Every supervisory authority of the reference data, in their file's order."""
    return tuple(authorities_by_country().values())


def names_legal_form(name: str) -> bool:
    """Whether *name* contains a legal form (``SAS``, ``GmbH``, ``société
    anonyme``…) as a whole word, in any case: then it names a legal entity
    rather than a brand (``legal_forms.json``)."""
    words = re.findall(r"[\w.'’]+", name.casefold())
    forms = legal_forms()
    for size in (1, 2, 3, 4, 5):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in forms or phrase.rstrip(".") in forms:
                return True
    return False


def data_files() -> tuple[DataFile, ...]:
    """Title, sources and date of each data file these queries read."""
    return tuple(data_file(name) for name in DATA_FILES)
