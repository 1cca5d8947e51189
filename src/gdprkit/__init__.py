"""gdprkit: model, validate and render GDPR Art. 30 records of processing activities."""

import importlib as _importlib
import typing as _typing


if _typing.TYPE_CHECKING:  # what type checkers see: the names of _FROM, and the model's
    from gdprkit.acceptance import validate as validate
    from gdprkit.changes import RegisterDiff as RegisterDiff
    from gdprkit.changes import diff as diff
    from gdprkit.checking import check as check
    from gdprkit.checking import validate_files as validate_files
    from gdprkit.config import ConfigError as ConfigError
    from gdprkit.config import load_config as load_config
    from gdprkit.model import *  # noqa: F403 - the model is public API
    from gdprkit.render import MissingDependency as MissingDependency
    from gdprkit.render.notice import render_notice as render_notice
    from gdprkit.render.report import render_report as render_report
    from gdprkit.render.spreadsheet import export_register as export_register
    from gdprkit.render.spreadsheet import import_register as import_register
    from gdprkit.rules import Context as Context
    from gdprkit.rules import Finding as Finding
    from gdprkit.rules import Profile as Profile
    from gdprkit.rules import Report as Report
    from gdprkit.rules import Rule as Rule
    from gdprkit.rules import Severity as Severity
    from gdprkit.rules import Violation as Violation
    from gdprkit.rules import all_rules as all_rules
    from gdprkit.rules import rule as rule
    from gdprkit.rules.findings import Position as Position
    from gdprkit.rules.findings import ValidationFailed as ValidationFailed
    from gdprkit.serialization import SCHEMA_VERSION as SCHEMA_VERSION
    from gdprkit.serialization import LoadError as LoadError
    from gdprkit.serialization import Problem as Problem
    from gdprkit.serialization import dump as dump
    from gdprkit.serialization import dumps as dumps
    from gdprkit.serialization import from_dict as from_dict
    from gdprkit.serialization import load as load
    from gdprkit.serialization import loads as loads
    from gdprkit.serialization import to_dict as to_dict
    from gdprkit.serialization.schema import json_schema as json_schema

# Everything is imported on first use: most programs that load and validate
# registers never render them, and the command line's start-up pays only for
# what its command uses (``gdprkit --help`` not even for the model).  The
# model's names are ``gdprkit.model.__all__``; the others are listed here, by
# the module that defines them.
_FROM = {
    "gdprkit.rules": (
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
    "gdprkit.serialization": (
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
    "gdprkit.acceptance": ("validate",),
    "gdprkit.changes": ("RegisterDiff", "diff"),
    "gdprkit.rules.findings": ("Position", "ValidationFailed"),
    "gdprkit.serialization.schema": ("json_schema",),
    "gdprkit.checking": ("check", "validate_files"),
    "gdprkit.config": ("ConfigError", "load_config"),
    "gdprkit.render": ("MissingDependency",),
    "gdprkit.render.notice": ("render_notice",),
    "gdprkit.render.report": ("render_report",),
    "gdprkit.render.spreadsheet": ("export_register", "import_register"),
}
_LAZY = {name: module for module, names in _FROM.items() for name in names}


def _model_names() -> list[str]:
    model: _typing.Any = _importlib.import_module("gdprkit.model")
    return list(model.__all__)


def __getattr__(name: str) -> _typing.Any:
    if name == "__all__":  # the model's names, then the others
        value: _typing.Any = [*_model_names(), *_LAZY]
    else:
        module = _LAZY.get(name)
        if module is None and not name.startswith("_") and name in _model_names():
            module = "gdprkit.model"
        if module is None:
            msg = f"module 'gdprkit' has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__getattr__("__all__")))
