"""The domain model of a GDPR Art. 30 register: immutable attrs classes and enums.

This package imports nothing else of gdprkit; the rules, serialization and
renderers build on it.  Its modules do not postpone annotations (no ``from
__future__ import annotations``): a field's type is an object made with its
class, which serialization, the rules and msgspec read as it is, instead of a
text each of them would compile again at every start.
"""

from gdprkit.model.acceptance import AcceptedFinding
from gdprkit.model.activity import (
    AutomatedDecision,
    ChildrenPolicy,
    DeclaredRight,
    Dpia,
    LegalBasis,
    ProcessingActivity,
    Purpose,
)
from gdprkit.model.codes import (
    ActivityStatus,
    Art9Condition,
    DataKind,
    DpiaCriterion,
    DpiaStatus,
    EndAction,
    Event,
    LawfulBasis,
    PurposeTag,
    RecipientKind,
    Right,
    Role,
    SecurityCategory,
    SourceKind,
    SubjectKind,
    SubprocessorAuthorisation,
    TransferMechanism,
)
from gdprkit.model.data import DataCategory, DataSource, DataSubjectCategory
from gdprkit.model.duration import Duration, DurationError
from gdprkit.model.extensions import (
    NO_EXTENSIONS,
    Extensible,
    Extensions,
    JsonObject,
    JsonValue,
)
from gdprkit.model.parties import (
    DPO,
    Contact,
    Controller,
    CountryCode,
    Identifier,
    JointController,
    Representative,
)
from gdprkit.model.recipients import Recipient, Transfer
from gdprkit.model.register import Register
from gdprkit.model.retention import (
    ArchivePhase,
    RetentionRule,
    RetentionSchedule,
    RetentionStatus,
)
from gdprkit.model.security import SecurityMeasure
from gdprkit.model.text import Translation


__all__ = [
    "DPO",
    "NO_EXTENSIONS",
    "AcceptedFinding",
    "ActivityStatus",
    "ArchivePhase",
    "Art9Condition",
    "AutomatedDecision",
    "ChildrenPolicy",
    "Contact",
    "Controller",
    "CountryCode",
    "DataCategory",
    "DataKind",
    "DataSource",
    "DataSubjectCategory",
    "DeclaredRight",
    "Dpia",
    "DpiaCriterion",
    "DpiaStatus",
    "Duration",
    "DurationError",
    "EndAction",
    "Event",
    "Extensible",
    "Extensions",
    "Identifier",
    "JointController",
    "JsonObject",
    "JsonValue",
    "LawfulBasis",
    "LegalBasis",
    "ProcessingActivity",
    "Purpose",
    "PurposeTag",
    "Recipient",
    "RecipientKind",
    "Register",
    "Representative",
    "RetentionRule",
    "RetentionSchedule",
    "RetentionStatus",
    "Right",
    "Role",
    "SecurityCategory",
    "SecurityMeasure",
    "SourceKind",
    "SubjectKind",
    "SubprocessorAuthorisation",
    "Transfer",
    "TransferMechanism",
    "Translation",
]
