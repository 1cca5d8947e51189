"""gdprkit: model, validate and render GDPR Art. 30 records of processing activities."""

from gdprkit.model import *  # noqa: F403 - the model is public API
from gdprkit.model import __all__ as _model_all
from gdprkit.rules import (
    Finding,
    Report,
    Rule,
    Severity,
    Violation,
    all_rules,
    rule,
    validate,
)
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


__all__ = [
    *_model_all,
    "SCHEMA_VERSION",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "Violation",
    "all_rules",
    "rule",
    "validate",
    "LoadError",
    "Problem",
    "dump",
    "dumps",
    "json_schema",
    "from_dict",
    "load",
    "loads",
    "to_dict",
]
