"""Checking registers the way an application or a repository does.

* :func:`check` validates one register, given as a model object or as JSON
  text, and raises :class:`~gdprkit.rules.findings.ValidationFailed` (which
  carries the report) when a finding reaches *fail_on*; for text, the report
  knows where each finding is (:meth:`~gdprkit.rules.findings.Report.position`).
* :func:`validate_files` checks a project's register files with the project's
  configuration (:mod:`gdprkit.config`), as ``gdprkit validate`` does.

Both resolve their settings with :func:`resolve_options`, as the command line
does, so that the three give the same findings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from gdprkit._fields import FieldMethods
from gdprkit.acceptance import apply_acceptances
from gdprkit.config import Config, ConfigError, load_config
from gdprkit.model import AcceptedFinding, Register
from gdprkit.plugins import PluginError, plugin_profiles
from gdprkit.render.findings import FileResult
from gdprkit.render.locate import positions
from gdprkit.rules import Finding, Profile, Report, Severity, all_rules, resolve, validate
from gdprkit.rules.findings import Location, Position, format_path
from gdprkit.serialization import LoadError, load, loads


__all__ = ["Options", "check", "check_data", "resolve_options", "validate_files"]

_DEFAULT_PROFILES = ("gdpr",)
_CONTROLLER: Location = ("controller",)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Options(FieldMethods):
    """Everything that decides a check's findings, resolved: the settings of
    the command line or the caller over those of the configuration file.

    Attributes:
        profiles: The profiles to run.
        plugins: The plug-ins that provide rules (module names or ``.py``
            files), loaded before validating (a no-op once loaded, so that
            worker processes load them too).
        as_of: The date facts are evaluated at.
        select: Only run rules matching these.
        ignore: Do not run rules matching these.
        severity: ``(rule code, severity)`` overrides.
        fail_on: The lowest severity that fails the check (``None``: never).
        baseline: Accepted findings of a baseline file, besides the
            register's own (see :mod:`gdprkit.acceptance`).
    """

    profiles: tuple[str, ...] = _DEFAULT_PROFILES
    plugins: tuple[str, ...] = ()
    as_of: dt.date = attrs.field(factory=dt.date.today)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity | None = Severity.ERROR
    baseline: tuple[AcceptedFinding, ...] = ()

    def resolved(self) -> tuple[Profile, ...]:
        """The profiles to run, with those they extend, found among the
        built-in and installed ones and those of :attr:`plugins`.

        Raises:
            PluginError: when a plug-in cannot be loaded.
            ValueError: for an unknown profile.
        """
        return resolve(self.profiles, plugin_profiles(self.plugins))

    def validate(self, register: Register) -> Report:
        """Validate *register* with these options, severities overridden.

        Raises:
            PluginError: when a plug-in cannot be loaded.
        """
        report = validate(
            register,
            profiles=self.resolved(),
            as_of=self.as_of,
            select=self.select,
            ignore=self.ignore,
        )
        if self.severity:
            report = _override(report, dict(self.severity))
        return apply_acceptances(report, register, baseline=self.baseline)


def resolve_options(
    config: Config | None = None,
    *,
    profiles: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fail_on: Severity | str | None = "config",
    plugins: Iterable[str] = (),
) -> Options:
    """The options of a check: each argument given wins over *config*'s value
    (``fail_on="config"``: the configuration's); *plugins* come after the
    configuration's.  Loads the plugins, then checks that the profiles and
    severity overrides name known rules.

    Raises:
        ConfigError: for an unknown profile, a rule in ``severity`` that does
            not exist, or a plugin that cannot be loaded.
    """
    config = config if config is not None else Config()
    where = f"{config.path}: " if config.path is not None else ""
    specs = (*config.plugin_specs(), *plugins)
    if isinstance(profiles, str):
        profiles = (profiles,)
    chosen = tuple(profiles) if profiles is not None else config.profiles
    options = Options(
        profiles=chosen or _DEFAULT_PROFILES,
        plugins=specs,
        as_of=as_of if as_of is not None else config.date(),
        select=tuple(select) if select is not None else config.select,
        ignore=tuple(ignore) if ignore is not None else config.ignore,
        fail_on=config.fail_on
        if fail_on == "config"
        else (None if fail_on in (None, "never") else Severity(fail_on)),
    )
    try:
        extra = plugin_profiles(specs)
        options.resolved()
    except PluginError as error:
        raise ConfigError(f"{where}{error}") from None
    except ValueError as error:
        raise ConfigError(str(error)) from None
    return attrs.evolve(options, severity=_severities(config, extra))


def _severities(config: Config, extra: Iterable[Profile]) -> tuple[tuple[str, Severity], ...]:
    if not config.severity:
        return ()
    rules = all_rules(None, extra)
    by_name = {r.code: r.code for r in rules} | {r.name: r.code for r in rules}
    resolved: list[tuple[str, Severity]] = []
    for key, level in config.severity:
        code = by_name.get(key)
        if code is None:
            where = f"{config.path}: " if config.path is not None else ""
            msg = (
                f"{where}severity: no rule {key!r} (give a rule code such as GDPR101, or its name)"
            )
            raise ConfigError(msg)
        resolved.append((code, level))
    return tuple(resolved)


def _override(report: Report, levels: dict[str, Severity]) -> Report:
    findings = tuple(
        attrs.evolve(f, severity=levels[f.rule])
        if f.rule in levels and f.severity is not levels[f.rule]
        else f
        for f in report.findings
    )
    return attrs.evolve(report, findings=findings)


def check_data(data: bytes | str, options: Options, *, source: str = "<string>") -> Report:
    """Load the register in the JSON *data* and validate it with *options*;
    the report knows the line and column of each finding.

    Raises:
        LoadError: when *data* is not a register.
    """
    return _check_data(data, options, source)[1]


def _check_data(
    data: bytes | str, options: Options, source: str
) -> tuple[Register, Report, dict[Location, str]]:
    """The register in *data*, its report, and the path of each place of a
    finding (the key of :attr:`Report.positions`)."""
    register = loads(data, source=source)
    report = options.validate(register)
    found = (*report.findings, *(a.finding for a in report.accepted))
    if not found:
        return register, report, {}
    located, paths = _positions(data, found)
    return register, attrs.evolve(report, positions=located), paths


def _positions(
    text: str | bytes, findings: Iterable[Finding]
) -> tuple[dict[str, Position], dict[Location, str]]:
    """Where each place of each finding is in *text* (or the bytes of a
    file), by path, and the path of
    each place.  A finding about the whole register, or about a top-level
    member the text lacks, would point at the document's first character: it
    points at the controller block instead."""
    locations = {f.location for f in findings}
    locations.update(where for f in findings for where in f.also_at)
    tops = [(name,) for name in {location[0] for location in locations if location}]
    found = positions(text, [*locations, *tops, _CONTROLLER, ()])
    start, controller = found[()], found[_CONTROLLER]
    missing = {top[0] for top in tops if found[top] == start}
    paths = {location: format_path(location) for location in locations}
    return {
        paths[location]: Position(
            *(controller if not location or location[0] in missing else found[location])
        )
        for location in locations
    }, paths


def check(
    register: Register | str | bytes | os.PathLike[str],
    *,
    profiles: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fail_on: Severity | str | None = "config",
    config: Config | None = None,
) -> Report:
    """Validate *register* and raise when a finding reaches *fail_on*.

    Args:
        register: A :class:`~gdprkit.model.Register`, its JSON text (``str``
            or ``bytes``), or the path of a JSON file (a :class:`~pathlib.Path`).
            From text or a file, the report locates each finding
            (:meth:`~gdprkit.rules.findings.Report.position`).
        profiles: Profiles to run (default: *config*'s, else ``("gdpr",)``).
        as_of: Date of evaluation (default: *config*'s, else today).
        select: Only run rules matching these codes, prefixes or names.
        ignore: Do not run rules matching these.
        fail_on: ``"error"`` (the default, unless *config* says otherwise),
            ``"warning"``, ``"info"``, or ``None``/``"never"`` to never raise.
        config: A configuration (:func:`gdprkit.config.load_config`); none is
            read unless given.

    Returns:
        The report, when no finding reaches *fail_on*.

    Raises:
        ValidationFailed: carrying the report, when a finding reaches *fail_on*.
        LoadError: when the text or file is not a register.
        ValueError: for an unknown profile or rule selector (a
            :class:`~gdprkit.config.ConfigError` when it comes from *config*).
    """
    options = resolve_options(
        config, profiles=profiles, as_of=as_of, select=select, ignore=ignore, fail_on=fail_on
    )
    if isinstance(register, Register):
        report = options.validate(register)
    elif isinstance(register, (str, bytes)):
        report = check_data(register, options)
    else:
        report = check_data(_read(register), options, source=str(register))
    return report.raise_for_errors(options.fail_on)


def _read(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file *path*.

    Raises:
        LoadError: saying why the file cannot be read.
    """
    try:
        return Path(path).read_bytes()
    except OSError:
        load(path)  # raises the LoadError that says why
        raise  # pragma: no cover - readable after all


def check_file(
    display: str,
    options: Options,
    *,
    path: str | None = None,
    data: bytes | str | None = None,
    uri: str | None = None,
) -> FileResult:
    """Load and validate one register file, or the *data* read from it
    (``display`` names it in messages), for :func:`validate_files` and the
    command line."""
    try:
        if data is None:
            if path is None:  # pragma: no cover - a caller gives one or the other
                msg = "check_file needs a path or data"
                raise ValueError(msg)
            data = _read(path)
        register, report, paths = _check_data(data, options, display)
    except LoadError as error:
        problems = tuple((p.path, p.message) for p in error.problems)
        return FileResult(file=display, uri=uri, problems=problems)
    return FileResult(
        file=display,
        uri=uri,
        report=report,
        lines=tuple(report.positions[paths[f.location]].line for f in report.findings),
        accepted_lines=tuple(
            report.positions[paths[a.finding.location]].line for a in report.accepted
        ),
        activities=_activity_labels(
            register, (*report.findings, *(a.finding for a in report.accepted))
        ),
        activity_ids=tuple(a.id for a in register.activities),
    )


def _activity_labels(
    register: Register, findings: Sequence[Finding]
) -> tuple[tuple[int, str], ...]:
    """``(index, 'id "name"')`` of the activities that have findings."""
    indexes = {f.activity for f in findings if f.activity is not None}
    labels = []
    for index in sorted(indexes):
        if index < len(register.activities):
            activity = register.activities[index]
            labels.append((index, f"{activity.id} {json.dumps(activity.name, ensure_ascii=False)}"))
    return tuple(labels)


def validate_files(
    paths: Iterable[str | os.PathLike[str]] | None = None,
    *,
    config: Config | str | os.PathLike[str] | None = None,
    profiles: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> list[FileResult]:
    """Check register files with the project's configuration, as
    ``gdprkit validate`` does.

    Args:
        paths: The files to check; by default the configuration's ``files``.
        config: A :class:`~gdprkit.config.Config` or the path of its file;
            by default the one :func:`gdprkit.config.find_config` finds from
            the working directory (the defaults when there is none).
        profiles: Profiles to run instead of the configuration's.
        as_of: Date of evaluation instead of the configuration's.

    Returns:
        One :class:`~gdprkit.render.findings.FileResult` per file, in order:
        its report (``.report``, whose ``position()`` gives each finding's
        line and column), or why it could not be loaded (``.problems``).
        ``result.failed(fail_on)`` says whether it fails a check.

    Raises:
        ConfigError: when the configuration is invalid, names an unknown
            profile or rule, or no file is given and it lists none.
    """
    if not isinstance(config, Config):
        config = load_config(config)
    options = resolve_options(config, profiles=profiles, as_of=as_of)
    files = [Path(p) for p in paths] if paths is not None else config.register_files()
    if paths is None and not config.files:
        where = str(config.path) if config.path is not None else "no configuration file found"
        msg = f"{where}: no files to check (set files = [...] in [tool.gdprkit])"
        raise ConfigError(msg)
    return [check_file(str(p), options, path=str(p)) for p in files]
