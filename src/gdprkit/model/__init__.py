"""The domain model of a GDPR Art. 30 register: immutable attrs classes and enums.

This package imports nothing else of gdprkit; the rules, serialization and
renderers build on it.  Its modules do not postpone annotations (no ``from
__future__ import annotations``): a field's type is an object made with its
class, which serialization, the rules and msgspec read as it is, instead of a
text each of them would compile again at every start.
"""

from gdprkit.model import codes
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
from gdprkit.model.codes import *  # noqa: F403 - its closed sets are the model's, listed in its __all__
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
    "ArchivePhase",
    "AutomatedDecision",
    "ChildrenPolicy",
    "Contact",
    "Controller",
    "CountryCode",
    "DataCategory",
    "DataSource",
    "DataSubjectCategory",
    "DeclaredRight",
    "Dpia",
    "Duration",
    "DurationError",
    "Extensible",
    "Extensions",
    "Identifier",
    "JointController",
    "JsonObject",
    "JsonValue",
    "LegalBasis",
    "ProcessingActivity",
    "Purpose",
    "Recipient",
    "Register",
    "Representative",
    "RetentionRule",
    "RetentionSchedule",
    "RetentionStatus",
    "SecurityMeasure",
    "Transfer",
    "Translation",
]
__all__ += codes.__all__  # the closed sets
