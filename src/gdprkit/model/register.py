"""The register: the aggregate root (GDPR Art. 30)."""

import datetime as dt

import attrs

from gdprkit.model.acceptance import AcceptedFinding
from gdprkit.model.activity import DeclaredRight, ProcessingActivity
from gdprkit.model.extensions import Extensible
from gdprkit.model.parties import DPO, Controller, Representative
from gdprkit.model.security import SecurityMeasure
from gdprkit.model.text import Translation


__all__ = ["Register"]


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Register(Extensible):
    """A record of processing activities kept by one organisation.

    Attributes:
        controller: The organisation keeping the record, as controller or as
            processor (Art. 30(1)(a), 30(2)(a)).
        dpo: Its data protection officer (Art. 37).
        representative: Its EU representative (Art. 27).
        activities: The processing activities.
        rights: Rights stated for every activity that does not list its own.
        rights_contact: How to exercise rights (address, e-mail, form).
        security_measures: Measures common to every activity (Art. 32).
        headcount: Persons employed (Art. 30(5)).
        public_authority: Whether the organisation is a public authority or
            body (Art. 6(1) last subparagraph, 37(1)(a)).
        supervisory_authority: The lead or competent supervisory authority, by
            name or acronym (``CNIL``); the notice gives the contact details of
            an authority the reference data know.
        language: Language of the register's text (BCP 47, e.g. ``fr``).
        updated: When the register was last updated.
        notes: Internal notes for the register's authors, e.g. the document
            the register was written from; never printed in a notice.
        translations: The register's texts in other languages, for notices
            in those languages.
        accepted_findings: Findings assessed and accepted, each with its
            justification, who decided and until when.
    """

    controller: Controller
    dpo: DPO | None = None
    representative: Representative | None = None
    activities: tuple[ProcessingActivity, ...] = ()
    rights: tuple[DeclaredRight, ...] = ()
    rights_contact: str | None = None
    security_measures: tuple[SecurityMeasure, ...] = ()
    headcount: int | None = None
    public_authority: bool = False
    supervisory_authority: str | None = None
    language: str | None = None
    updated: dt.date | None = None
    notes: str | None = None
    translations: tuple[Translation, ...] = ()
    accepted_findings: tuple[AcceptedFinding, ...] = ()

    def rights_of(self, activity: ProcessingActivity) -> tuple[DeclaredRight, ...]:
        """The rights that apply to *activity*: its own, or the register's."""
        return self.rights if activity.rights is None else activity.rights

    def activity(self, activity_id: str) -> ProcessingActivity:
        """The activity with this id.

        Raises:
            KeyError: if there is none.
        """
        for candidate in self.activities:
            if candidate.id == activity_id:
                return candidate
        raise KeyError(activity_id)
