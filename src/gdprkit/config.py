"""The project's configuration: ``gdprkit.toml`` or ``[tool.gdprkit]`` in ``pyproject.toml``.

One file states how a repository's registers are checked, so that the command
line, the pre-commit hooks, the CI step and :func:`gdprkit.validate_files` give
the same verdict::

    [tool.gdprkit]
    files = ["registers/**/*.json"]     # the registers, as glob patterns
    profiles = ["gdpr", "cnil"]
    plugins = ["rules/acme_rules.py"]   # module names, or .py files
    ignore = ["GDPR404"]
    as_of = 2026-11-22                  # or "today"
    fail_on = "error"                   # or "warning", "never"

    [tool.gdprkit.severity]
    GDPR305 = "error"                   # rule code or name = error, warning or info

:func:`find_config` looks in the working directory and then in each parent for
a ``gdprkit.toml``, or a ``pyproject.toml`` with a ``[tool.gdprkit]`` table,
and stops at the first one.  Relative paths (files, ``.py`` plugins) are
relative to the directory of that file.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.plugins import is_plugin_file
from gdprkit.rules.findings import Severity


__all__ = ["CONFIG_NAME", "Config", "ConfigError", "find_config", "load_config"]

CONFIG_NAME = "gdprkit.toml"
"""The name of gdprkit's own configuration file."""

_PYPROJECT = "pyproject.toml"
_TODAY = "today"
_NEVER = "never"
_LISTS = ("files", "profiles", "plugins", "select", "ignore")
_KEYS = (*_LISTS, "as_of", "fail_on", "severity")


class ConfigError(ValueError):
    """The configuration file cannot be read or says something gdprkit does
    not understand; the message names the file and the key."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Config(FieldMethods):
    """How a project's registers are checked.

    Attributes:
        files: Glob patterns of the register files, relative to :attr:`root`
            (``registers/**/*.json``); used when no file is named.
        profiles: The profiles to run; empty for the default (``gdpr``).
        plugins: Modules or ``.py`` files registering extra rules (files
            resolved against :attr:`root`).
        select: Only run the rules matching these codes, prefixes or names.
        ignore: Do not run the rules matching these codes, prefixes or names.
        severity: ``(rule code or name, severity)`` pairs overriding a rule's
            severity in the findings.
        as_of: The date facts are evaluated at; ``None`` for the day of the
            run.  Pin it in CI so that a verdict does not change overnight.
        fail_on: The lowest severity that fails a check; ``None`` for never.
        path: The file the configuration was read from (``None``: defaults).
        root: The directory relative paths are resolved against.
    """

    files: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    as_of: dt.date | None = None
    fail_on: Severity | None = Severity.ERROR
    path: Path | None = None
    root: Path = attrs.field(factory=Path)

    def date(self) -> dt.date:
        """The date of evaluation: :attr:`as_of`, or today."""
        return self.as_of if self.as_of is not None else dt.date.today()

    def plugin_specs(self) -> tuple[str, ...]:
        """The plugins as :func:`gdprkit.plugins.load_plugins` takes them,
        ``.py`` files made relative to :attr:`root`."""
        return tuple(str(self.root / p) if is_plugin_file(p) else p for p in self.plugins)

    def register_files(self) -> list[Path]:
        """The files matching :attr:`files` below :attr:`root`, sorted, each
        once; hidden files and directories (``.git``, ``.venv``) are skipped,
        as when ``gdprkit validate`` walks a directory."""
        found: set[Path] = set()
        for pattern in self.files:
            found.update(
                p
                for p in self.root.glob(pattern)
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(self.root).parts)
            )
        return sorted(found)


def find_config(start: Path | str | None = None) -> Path | None:
    """The configuration file that applies in *start* (the working directory
    by default): the nearest ``gdprkit.toml``, or ``pyproject.toml`` with a
    ``[tool.gdprkit]`` table, in *start* or a parent."""
    directory = Path(start if start is not None else Path.cwd()).absolute()
    for folder in (directory, *directory.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / _PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _toml() -> Any:
    """The TOML parser, imported when a configuration file is there to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the tests run on the newest Python
        import tomli as tomllib
    return tomllib


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # not ours to complain about unless it holds our table
    if "gdprkit" not in text and "\\" not in text:
        # No key can name gdprkit (a quoted key could only spell it with an
        # escape): most projects' pyproject.toml is not parsed at all.
        return False
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "gdprkit" in tool


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the configuration in *path*, or the one :func:`find_config`
    finds; the defaults when there is none.

    Raises:
        ConfigError: when the file cannot be read or holds an unknown key or
            a value of the wrong kind.
    """
    if path is None:
        path = find_config()
        if path is None:
            return Config()
    path = Path(path)
    tomllib = _toml()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        msg = f"{path}: cannot read the configuration: {error.strerror or error}"
        raise ConfigError(msg) from None
    except UnicodeDecodeError:
        msg = f"{path}: not UTF-8 text"
        raise ConfigError(msg) from None
    except tomllib.TOMLDecodeError as error:
        msg = f"{path}: not valid TOML: {error}"
        raise ConfigError(msg) from None
    where = f"{path}: [tool.gdprkit]"
    if path.name == CONFIG_NAME:
        table: Any = data
        where = str(path)
    else:
        table = data.get("tool", {}).get("gdprkit") if isinstance(data.get("tool"), dict) else None
        if table is None:
            msg = f"{path}: no [tool.gdprkit] table"
            raise ConfigError(msg)
    if not isinstance(table, dict):
        msg = f"{where}: expected a table"
        raise ConfigError(msg)
    return _parse(table, where, path)


def _parse(table: Mapping[str, Any], where: str, path: Path) -> Config:
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        msg = f"{where}: unknown key {unknown[0]!r} (known: {', '.join(_KEYS)})"
        raise ConfigError(msg)
    values: dict[str, Any] = {}
    for key in _LISTS:
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                msg = f"{where}: {key}: expected a list of strings"
                raise ConfigError(msg)
            values[key] = tuple(value)
    for pattern in values.get("files", ()):
        if Path(pattern).is_absolute() or not pattern:
            msg = f"{where}: files: {pattern!r} is not a pattern relative to the configuration's directory"
            raise ConfigError(msg)
    if "as_of" in table:
        values["as_of"] = _as_of(table["as_of"], where)
    if "fail_on" in table:
        fail_on = table["fail_on"]
        if fail_on == _NEVER:
            values["fail_on"] = None
        else:
            values["fail_on"] = _severity(fail_on, f"{where}: fail_on", never=True)
    if "severity" in table:
        overrides = table["severity"]
        if not isinstance(overrides, dict):
            msg = f"{where}: severity: expected a table of rule = severity"
            raise ConfigError(msg)
        values["severity"] = tuple(
            (str(rule), _severity(level, f"{where}: severity.{rule}"))
            for rule, level in overrides.items()
        )
    return Config(**values, path=path, root=path.parent)


def _as_of(value: object, where: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        msg = f'{where}: as_of: expected a date (YYYY-MM-DD) or "today", not a date and time'
        raise ConfigError(msg)
    if isinstance(value, dt.date):
        return value
    if value == _TODAY:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f'{where}: as_of: expected a date (YYYY-MM-DD) or "today", got {value!r}'
    raise ConfigError(msg)


def _severity(value: object, where: str, *, never: bool = False) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        known = ", ".join(s.value for s in Severity) + (f", {_NEVER}" if never else "")
        msg = f"{where}: expected one of {known}, got {value!r}"
        raise ConfigError(msg) from None
