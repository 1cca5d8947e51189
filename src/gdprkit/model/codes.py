"""Closed sets of the GDPR as enums with stable string ids.

Every member's ``value`` is the id written in JSON (``art6-1-b``, ``health``,
``scc-2021``, ``portability``).  Ids never change meaning and are never
reused; labels for people (French and English) live with the renderers, not
here.  Each member also knows the provision it comes from
(:attr:`citation`), written the way findings cite it (``GDPR Art. 6(1)(b)``).
"""

from __future__ import annotations

import enum


__all__ = [
    "ActivityStatus",
    "Art9Condition",
    "DataKind",
    "DpiaCriterion",
    "DpiaStatus",
    "EndAction",
    "Event",
    "LawfulBasis",
    "PurposeTag",
    "RecipientKind",
    "Right",
    "Role",
    "SecurityCategory",
    "SourceKind",
    "SubjectKind",
    "SubprocessorAuthorisation",
    "TransferMechanism",
]


class StrEnum(str, enum.Enum):
    """A ``str`` enum whose ``str()`` is its value, as :class:`enum.StrEnum`
    of Python 3.11 (gdprkit runs on 3.10): the base of the model's closed sets
    and of the other layers' enums.  Not in ``__all__``, which lists the
    model's closed sets only."""

    def __str__(self) -> str:
        return str(self.value)


class _Code(StrEnum):
    """Base of every closed set of the model: its value is its stable id."""

    @property
    def citation(self) -> str | None:
        """The provision this member comes from, e.g. ``GDPR Art. 6(1)(a)``."""
        return _CITATIONS.get((type(self), self.value))


class Role(_Code):
    """Whether an activity is recorded as controller or as processor (Art. 30(1) / 30(2))."""

    CONTROLLER = "controller"
    JOINT_CONTROLLER = "joint-controller"
    PROCESSOR = "processor"


class LawfulBasis(_Code):
    """The six lawful bases of GDPR Art. 6(1)."""

    CONSENT = "art6-1-a"
    CONTRACT = "art6-1-b"
    LEGAL_OBLIGATION = "art6-1-c"
    VITAL_INTERESTS = "art6-1-d"
    PUBLIC_TASK = "art6-1-e"
    LEGITIMATE_INTERESTS = "art6-1-f"


class Art9Condition(_Code):
    """The conditions of GDPR Art. 9(2) that lift the ban on special-category data."""

    EXPLICIT_CONSENT = "art9-2-a"
    EMPLOYMENT_SOCIAL_SECURITY = "art9-2-b"
    VITAL_INTERESTS = "art9-2-c"
    NOT_FOR_PROFIT_BODY = "art9-2-d"
    MADE_PUBLIC = "art9-2-e"
    LEGAL_CLAIMS = "art9-2-f"
    SUBSTANTIAL_PUBLIC_INTEREST = "art9-2-g"
    HEALTH_OR_SOCIAL_CARE = "art9-2-h"
    PUBLIC_HEALTH = "art9-2-i"
    ARCHIVING_RESEARCH_STATISTICS = "art9-2-j"


class DataKind(_Code):
    """What a category of personal data is.

    Ordinary kinds follow the rows of the CNIL register template; the special
    categories of GDPR Art. 9(1), criminal-offence data (Art. 10) and national
    identification numbers (Art. 87, e.g. the French NIR) have one id each.
    """

    # Ordinary data (CNIL template rows, refined where rules need it).
    IDENTITY = "identity"
    CONTACT = "contact"
    PERSONAL_LIFE = "personal-life"
    PROFESSIONAL_LIFE = "professional-life"
    ECONOMIC_FINANCIAL = "economic-financial"
    PAYMENT_CARD = "payment-card"
    CARD_SECURITY_CODE = "card-security-code"
    CONNECTION = "connection"
    LOCATION = "location"
    ONLINE_IDENTIFIERS = "online-identifiers"
    RECORDINGS = "recordings"
    IMAGES = "images"
    OTHER = "other"
    # GDPR Art. 9(1) special categories.
    RACIAL_ETHNIC_ORIGIN = "racial-ethnic-origin"
    POLITICAL_OPINIONS = "political-opinions"
    RELIGIOUS_PHILOSOPHICAL_BELIEFS = "religious-philosophical-beliefs"
    TRADE_UNION_MEMBERSHIP = "trade-union-membership"
    GENETIC = "genetic"
    BIOMETRIC = "biometric"
    HEALTH = "health"
    SEX_LIFE = "sex-life"
    SEXUAL_ORIENTATION = "sexual-orientation"
    # GDPR Art. 10.
    CRIMINAL_OFFENCES = "criminal-offences"
    # GDPR Art. 87.
    NATIONAL_ID = "national-id"

    @property
    def is_special(self) -> bool:
        """True for the special categories of GDPR Art. 9(1)."""
        return self in _SPECIAL

    @property
    def is_criminal(self) -> bool:
        """True for data relating to criminal convictions and offences (Art. 10)."""
        return self is DataKind.CRIMINAL_OFFENCES

    @property
    def is_national_id(self) -> bool:
        """True for a national identification number (Art. 87)."""
        return self is DataKind.NATIONAL_ID


_SPECIAL = frozenset(
    {
        DataKind.RACIAL_ETHNIC_ORIGIN,
        DataKind.POLITICAL_OPINIONS,
        DataKind.RELIGIOUS_PHILOSOPHICAL_BELIEFS,
        DataKind.TRADE_UNION_MEMBERSHIP,
        DataKind.GENETIC,
        DataKind.BIOMETRIC,
        DataKind.HEALTH,
        DataKind.SEX_LIFE,
        DataKind.SEXUAL_ORIENTATION,
    }
)


class SubjectKind(_Code):
    """Categories of data subjects (GDPR Art. 30(1)(c))."""

    CUSTOMERS = "customers"
    PROSPECTS = "prospects"
    USERS = "users"
    EMPLOYEES = "employees"
    CANDIDATES = "candidates"
    SUPPLIERS = "suppliers"
    PATIENTS = "patients"
    HEALTH_PROFESSIONALS = "health-professionals"
    MEMBERS = "members"
    CHILDREN = "children"
    CONTACTS = "contacts"
    OTHER = "other"


class PurposeTag(_Code):
    """Kinds of purpose that rules and référentiels treat specially."""

    CUSTOMER_MANAGEMENT = "customer-management"
    PROSPECTION = "prospection"
    DIRECT_MARKETING = "direct-marketing"
    ACCOUNTING = "accounting"
    PAYMENT = "payment"
    LITIGATION = "litigation"
    CALL_RECORDING = "call-recording"
    AUDIENCE_MEASUREMENT = "audience-measurement"
    ADVERTISING_TRACKERS = "advertising-trackers"
    SECURITY_LOGGING = "security-logging"
    HR = "hr"
    RECRUITMENT = "recruitment"
    EMPLOYEE_MONITORING = "employee-monitoring"
    WHISTLEBLOWING = "whistleblowing"
    PROFILING = "profiling"
    HEALTH_CARE = "health-care"
    RESEARCH = "research"
    STATISTICS = "statistics"
    SOCIAL_HOUSING = "social-housing"
    SOCIAL_SUPPORT = "social-support"


class Right(_Code):
    """Data-subject rights (GDPR Art. 7(3), 15–22, 77; LIL art. 85)."""

    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"
    OBJECTION = "objection"
    OBJECTION_DIRECT_MARKETING = "objection-direct-marketing"
    AUTOMATED_DECISION = "automated-decision"
    WITHDRAW_CONSENT = "withdraw-consent"
    COMPLAINT = "complaint"
    POST_MORTEM_DIRECTIVES = "post-mortem-directives"


class RecipientKind(_Code):
    """Kinds of recipients (GDPR Art. 4(9), 26, 28, 30(1)(d))."""

    INTERNAL = "internal"
    PROCESSOR = "processor"
    GROUP_COMPANY = "group-company"
    JOINT_CONTROLLER = "joint-controller"
    THIRD_PARTY = "third-party"
    PUBLIC_AUTHORITY = "public-authority"


class TransferMechanism(_Code):
    """Chapter V grounds for a transfer to a third country (Art. 45–49).

    Safe Harbor, Privacy Shield and the pre-2021 SCCs are kept so that old
    registers still load; the rules report them as invalid from their end date.
    """

    ADEQUACY = "adequacy"
    PUBLIC_AUTHORITY_INSTRUMENT = "art46-2-a"
    BCR = "bcr"
    SCC_2021 = "scc-2021"
    SCC_SUPERVISORY_AUTHORITY = "scc-sa"
    CODE_OF_CONDUCT = "code-of-conduct"
    CERTIFICATION = "certification"
    AD_HOC_CLAUSES = "art46-3-a"
    ADMINISTRATIVE_ARRANGEMENT = "art46-3-b"
    SCC_2001 = "scc-2001"
    SCC_2004 = "scc-2004"
    SCC_2010 = "scc-2010"
    SAFE_HARBOR = "safe-harbor"
    PRIVACY_SHIELD = "privacy-shield"
    DEROGATION_CONSENT = "art49-1-a"
    DEROGATION_CONTRACT = "art49-1-b"
    DEROGATION_CONTRACT_THIRD_PARTY = "art49-1-c"
    DEROGATION_PUBLIC_INTEREST = "art49-1-d"
    DEROGATION_LEGAL_CLAIMS = "art49-1-e"
    DEROGATION_VITAL_INTERESTS = "art49-1-f"
    DEROGATION_PUBLIC_REGISTER = "art49-1-g"
    DEROGATION_COMPELLING_INTERESTS = "art49-1-2"

    @property
    def is_derogation(self) -> bool:
        """True for the Art. 49 derogations for specific situations."""
        return self.value.startswith("art49-")


class Event(_Code):
    """Events from which a retention period is counted, or until which data are kept."""

    COLLECTION = "collection"
    LAST_CONTACT = "last-contact"
    END_OF_CONTRACT = "end-of-contract"
    END_OF_RELATIONSHIP = "end-of-relationship"
    LAST_PURCHASE = "last-purchase"
    LAST_ACTIVITY = "last-activity"
    ACCOUNT_CLOSURE = "account-closure"
    TRANSACTION = "transaction"
    DEBIT = "debit"
    END_OF_FINANCIAL_YEAR = "end-of-financial-year"
    APPLICATION = "application"
    DEPARTURE = "departure"
    RECORDING = "recording"
    CONSENT_WITHDRAWAL = "consent-withdrawal"
    OBJECTION = "objection"
    REQUEST = "request"
    END_OF_PROCEEDINGS = "end-of-proceedings"
    END_OF_SERVICE_CONTRACT = "end-of-service-contract"
    PURPOSE_ACHIEVED = "purpose-achieved"
    OTHER = "other"
    """An event none of the others names ("the expiry of the marketing
    authorisation"), described in :attr:`RetentionRule.start_description`."""


class SubprocessorAuthorisation(_Code):
    """How the controller authorised a processor to engage other processors (Art. 28(2))."""

    SPECIFIC = "specific"
    """Prior specific written authorisation, sub-processor by sub-processor."""
    GENERAL = "general"
    """Prior general written authorisation: the processor informs the
    controller of any intended addition or replacement, and the controller
    may object."""


class EndAction(_Code):
    """What happens to data when their retention ends."""

    DELETE = "delete"
    ANONYMISE = "anonymise"
    RETURN_TO_CONTROLLER = "return-to-controller"


class SecurityCategory(_Code):
    """Kinds of technical and organisational measures (GDPR Art. 32(1))."""

    ACCESS_CONTROL = "access-control"
    AUTHENTICATION = "authentication"
    ENCRYPTION = "encryption"
    PSEUDONYMISATION = "pseudonymisation"
    LOGGING = "logging"
    BACKUP = "backup"
    NETWORK = "network"
    PHYSICAL = "physical"
    DEVELOPMENT = "development"
    ORGANISATIONAL = "organisational"
    TRAINING = "training"
    CONTRACTUAL = "contractual"
    INCIDENT_RESPONSE = "incident-response"
    OTHER = "other"


class SourceKind(_Code):
    """Where the personal data come from (GDPR Art. 13 vs Art. 14(2)(f))."""

    DATA_SUBJECT = "data-subject"
    OBSERVED = "observed"
    THIRD_PARTY = "third-party"
    CONTROLLER = "controller"
    PUBLIC = "public"


class DpiaStatus(_Code):
    """Where an activity stands on the data protection impact assessment (Art. 35)."""

    NOT_REQUIRED = "not-required"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class ActivityStatus(_Code):
    """Where an activity stands in its life: being set up, carried out, or
    no longer carried out (kept in the record for its history)."""

    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class DpiaCriterion(_Code):
    """Risk criteria that call for a DPIA: Art. 35(3) and the nine EDPB (WP248) criteria."""

    SCORING = "wp248-1"
    AUTOMATED_DECISION = "wp248-2"
    SYSTEMATIC_MONITORING = "wp248-3"
    SENSITIVE_DATA = "wp248-4"
    LARGE_SCALE = "wp248-5"
    MATCHING_DATASETS = "wp248-6"
    VULNERABLE_SUBJECTS = "wp248-7"
    INNOVATIVE_TECHNOLOGY = "wp248-8"
    PREVENTS_RIGHT_OR_SERVICE = "wp248-9"
    PUBLIC_AREA_MONITORING = "art35-3-c"


def _gdpr(article: str) -> str:
    return f"GDPR Art. {article}"


# One mapping per closed set: members are strings, so equal ids of different
# sets (Role.CONTROLLER and SourceKind.CONTROLLER are both "controller") would
# collide in a single dict.  The lookup is keyed by (class, id).
_CITATION_SETS: tuple[dict[_Code, str], ...] = (
    {
        Role.CONTROLLER: _gdpr("30(1)"),
        Role.JOINT_CONTROLLER: _gdpr("26"),
        Role.PROCESSOR: _gdpr("30(2)"),
    },
    {b: _gdpr(f"6(1)({b.value[-1]})") for b in LawfulBasis},
    {c: _gdpr(f"9(2)({c.value[-1]})") for c in Art9Condition},
    {
        **dict.fromkeys(_SPECIAL, _gdpr("9(1)")),
        DataKind.CRIMINAL_OFFENCES: _gdpr("10"),
        DataKind.NATIONAL_ID: _gdpr("87"),
    },
    {
        Right.ACCESS: _gdpr("15"),
        Right.RECTIFICATION: _gdpr("16"),
        Right.ERASURE: _gdpr("17"),
        Right.RESTRICTION: _gdpr("18"),
        Right.PORTABILITY: _gdpr("20"),
        Right.OBJECTION: _gdpr("21(1)"),
        Right.OBJECTION_DIRECT_MARKETING: _gdpr("21(2)"),
        Right.AUTOMATED_DECISION: _gdpr("22"),
        Right.WITHDRAW_CONSENT: _gdpr("7(3)"),
        Right.COMPLAINT: _gdpr("77"),
        Right.POST_MORTEM_DIRECTIVES: "LIL art. 85",
    },
    {
        RecipientKind.PROCESSOR: _gdpr("28"),
        RecipientKind.JOINT_CONTROLLER: _gdpr("26"),
    },
    {
        TransferMechanism.ADEQUACY: _gdpr("45"),
        TransferMechanism.PUBLIC_AUTHORITY_INSTRUMENT: _gdpr("46(2)(a)"),
        TransferMechanism.BCR: _gdpr("46(2)(b)"),
        TransferMechanism.SCC_2021: _gdpr("46(2)(c)"),
        TransferMechanism.SCC_SUPERVISORY_AUTHORITY: _gdpr("46(2)(d)"),
        TransferMechanism.CODE_OF_CONDUCT: _gdpr("46(2)(e)"),
        TransferMechanism.CERTIFICATION: _gdpr("46(2)(f)"),
        TransferMechanism.AD_HOC_CLAUSES: _gdpr("46(3)(a)"),
        TransferMechanism.ADMINISTRATIVE_ARRANGEMENT: _gdpr("46(3)(b)"),
        TransferMechanism.SCC_2001: _gdpr("46(5)"),
        TransferMechanism.SCC_2004: _gdpr("46(5)"),
        TransferMechanism.SCC_2010: _gdpr("46(5)"),
        TransferMechanism.SAFE_HARBOR: _gdpr("45"),
        TransferMechanism.PRIVACY_SHIELD: _gdpr("45"),
        TransferMechanism.DEROGATION_COMPELLING_INTERESTS: _gdpr("49(1) second subparagraph"),
        **{
            m: _gdpr(f"49(1)({m.value[-1]})")
            for m in TransferMechanism
            if m.value.startswith("art49-1-") and m.value[-1].isalpha()
        },
    },
    {
        # Data observed from the person's own use of a service count as
        # collected from the person (WP29 WP260 rev.01 on transparency, para. 26).
        SourceKind.DATA_SUBJECT: _gdpr("13"),
        SourceKind.OBSERVED: _gdpr("13"),
        SourceKind.THIRD_PARTY: _gdpr("14(2)(f)"),
        SourceKind.CONTROLLER: _gdpr("14(2)(f)"),
        SourceKind.PUBLIC: _gdpr("14(2)(f)"),
    },
    {
        **dict.fromkeys(DpiaCriterion, "EDPB WP248 rev.01"),
        DpiaCriterion.PUBLIC_AREA_MONITORING: _gdpr("35(3)(c)"),
    },
)

_CITATIONS: dict[tuple[type, str], str] = {
    (type(member), member.value): citation
    for citations in _CITATION_SETS
    for member, citation in citations.items()
}
