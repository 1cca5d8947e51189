"""gdprkit: model, validate and render GDPR Art. 30 records of processing activities."""

import importlib as _importlib
import typing as _typing


if _typing.TYPE_CHECKING:
    from gdprkit.acceptance import validate
    from gdprkit.changes import RegisterDiff, diff
    from gdprkit.checking import check, validate_files
    from gdprkit.config import ConfigError, load_config
    from gdprkit.model import *  # noqa: F403 - the model is public API
    from gdprkit.render import MissingDependency
    from gdprkit.render.notice import render_notice
    from gdprkit.render.report import render_report
    from gdprkit.render.spreadsheet import export_register, import_register
    from gdprkit.rules import (
        Context,
        Finding,
        Profile,
        Report,
        Rule,
        Severity,
        Violation,
        all_rules,
        rule,
    )
    from gdprkit.rules.findings import Position, ValidationFailed
    from gdprkit.serialization import (
        SCHEMA_VERSION,
        LoadError,
        Problem,
        dump,
        dumps,
        from_dict,
        load,
        loads,
        to_dict,
    )
    from gdprkit.serialization.schema import json_schema

_MODEL = (
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
)
"""The model's public names (``gdprkit.model.__all__``, listed here so that
``import gdprkit`` imports nothing; a test keeps the two equal)."""

# Everything is imported on first use: most programs that load and validate
# registers never render them, and the command line's start-up pays only for
# what its command uses (``gdprkit --help`` not even for the model).
_LAZY = {
    **dict.fromkeys(_MODEL, "gdprkit.model"),
    **dict.fromkeys(
        (
            "Context",
            "Finding",
            "Profile",
            "Report",
            "Rule",
            "Severity",
            "Violation",
            "all_rules",
            "rule",
        ),
        "gdprkit.rules",
    ),
    **dict.fromkeys(
        (
            "SCHEMA_VERSION",
            "LoadError",
            "Problem",
            "dump",
            "dumps",
            "from_dict",
            "load",
            "loads",
            "to_dict",
        ),
        "gdprkit.serialization",
    ),
    "validate": "gdprkit.acceptance",
    "RegisterDiff": "gdprkit.changes",
    "diff": "gdprkit.changes",
    "Position": "gdprkit.rules.findings",
    "ValidationFailed": "gdprkit.rules.findings",
    "json_schema": "gdprkit.serialization.schema",
    "check": "gdprkit.checking",
    "validate_files": "gdprkit.checking",
    "ConfigError": "gdprkit.config",
    "load_config": "gdprkit.config",
    "MissingDependency": "gdprkit.render",
    "render_notice": "gdprkit.render.notice",
    "render_report": "gdprkit.render.report",
    "export_register": "gdprkit.render.spreadsheet",
    "import_register": "gdprkit.render.spreadsheet",
}


__all__ = [
    *_MODEL,
    "SCHEMA_VERSION",
    "Context",
    "Finding",
    "Profile",
    "Report",
    "Rule",
    "Severity",
    "Violation",
    "all_rules",
    "rule",
    "validate",
    "Position",
    "ValidationFailed",
    "check",
    "validate_files",
    "ConfigError",
    "load_config",
    "LoadError",
    "Problem",
    "RegisterDiff",
    "diff",
    "dump",
    "dumps",
    "export_register",
    "import_register",
    "json_schema",
    "from_dict",
    "load",
    "loads",
    "to_dict",
    "render_notice",
    "render_report",
    "MissingDependency",
]


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'gdprkit' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
