"""The configuration file and gdprkit.validate_files()."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import attrs
import pytest

import gdprkit
import gdprkit.rules
from gdprkit import Severity
from gdprkit.checking import resolve_options
from gdprkit.config import Config, ConfigError, find_config, load_config
from gdprkit.examples import example_path, starter_text


def _project(tmp_path: Path, config: str, *, name: str = "gdprkit.toml") -> Path:
    (tmp_path / name).write_text(config, encoding="utf-8")
    registers = tmp_path / "registers"
    registers.mkdir()
    shutil.copy(example_path("offisante"), registers / "offisante.json")
    shutil.copy(example_path("offisante-corrected"), registers / "corrected.json")
    (tmp_path / "package.json").write_text("{}", encoding="utf-8")
    return tmp_path


FULL = """
files = ["registers/*.json"]
profiles = ["gdpr", "cnil"]
select = ["GDPR", "CNIL"]
ignore = ["GDPR404"]
as_of = 2026-11-22
fail_on = "warning"

[severity]
GDPR610 = "info"
cnil-post-mortem-directives = "error"
"""


def test_every_key_is_read(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path, FULL) / "gdprkit.toml")
    assert config.files == ("registers/*.json",)
    assert config.profiles == ("gdpr", "cnil")
    assert config.select == ("GDPR", "CNIL")
    assert config.ignore == ("GDPR404",)
    assert config.as_of == dt.date(2026, 11, 22)
    assert config.fail_on is Severity.WARNING
    assert config.severity == (
        ("GDPR610", Severity.INFO),
        ("cnil-post-mortem-directives", Severity.ERROR),
    )
    assert config.root == tmp_path
    assert [p.name for p in config.register_files()] == ["corrected.json", "offisante.json"]
    hidden = tmp_path / ".venv" / "registers"
    hidden.mkdir(parents=True)
    (hidden / "x.json").write_text("{}", encoding="utf-8")
    deep = attrs.evolve(config, files=("**/*.json",))
    assert [p.relative_to(tmp_path).as_posix() for p in deep.register_files()] == [
        "package.json",
        "registers/corrected.json",
        "registers/offisante.json",
    ]


def test_pyproject_table_and_discovery_from_a_subdirectory(tmp_path: Path) -> None:
    text = "[project]\nname = 'x'\n\n[tool.gdprkit]\n" + 'profiles = ["cnil"]\nas_of = "today"\n'
    _project(tmp_path, text, name="pyproject.toml")
    sub = tmp_path / "registers"
    assert find_config(sub) == tmp_path / "pyproject.toml"
    config = load_config(find_config(sub))
    assert config.profiles == ("cnil",)
    assert config.as_of is None
    assert config.date() == dt.date.today()
    # gdprkit.toml wins over pyproject.toml in the same directory
    (tmp_path / "gdprkit.toml").write_text('profiles = ["gdpr"]\n', encoding="utf-8")
    assert find_config(sub) == tmp_path / "gdprkit.toml"


def test_a_pyproject_without_the_table_is_not_a_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"
    with pytest.raises(ConfigError, match=r"no \[tool.gdprkit\] table"):
        load_config(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('profile = ["gdpr"]', "unknown key 'profile'"),
        ('profiles = "gdpr"', "profiles: expected a list of strings"),
        ('as_of = "yesterday"', "as_of: expected a date"),
        ("as_of = 2026-11-22T10:00:00", "not a date and time"),
        ('fail_on = "fatal"', "fail_on: expected one of error, warning, info, never"),
        ('[severity]\nGDPR101 = "critical"', "severity.GDPR101: expected one of"),
        ('files = ["/etc/*.json"]', "not a pattern relative"),
        ("profiles = [", "not valid TOML"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "gdprkit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))


def test_an_unknown_rule_or_profile_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="severity: no rule 'GDPR999'"):
        resolve_options(Config(severity=(("GDPR999", Severity.INFO),)))
    with pytest.raises(ConfigError, match="unknown profile 'acme'"):
        resolve_options(Config(profiles=("acme",)))


def test_arguments_win_over_the_configuration() -> None:
    config = Config(profiles=("cnil",), as_of=dt.date(2025, 1, 1), ignore=("GDPR4",))
    options = resolve_options(config, profiles=["gdpr"], as_of=dt.date(2026, 1, 1), ignore=[])
    assert options.profiles == ("gdpr",)
    assert options.as_of == dt.date(2026, 1, 1)
    assert options.ignore == ()
    assert resolve_options(config).ignore == ("GDPR4",)
    assert resolve_options(Config()).profiles == ("gdpr",)


def test_validate_files_uses_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, FULL)
    monkeypatch.chdir(project / "registers")  # found from a subdirectory
    results = gdprkit.validate_files()
    assert [Path(r.file).name for r in results] == ["corrected.json", "offisante.json"]
    corrected, flawed = results
    assert corrected.report is not None
    assert flawed.report is not None
    assert flawed.report.as_of == dt.date(2026, 11, 22)
    assert flawed.report.profiles == ("gdpr", "cnil")
    assert not flawed.report.by_rule("GDPR404")
    # the severity overrides are applied, by code and by name
    assert flawed.report.by_rule("CNIL301")
    assert all(f.severity is Severity.ERROR for f in flawed.report.by_rule("CNIL301"))
    assert len(flawed.report.by_rule("GDPR610")) == 5  # one per processor
    assert all(f.severity is Severity.INFO for f in flawed.report.by_rule("GDPR610"))
    assert flawed.failed(Severity.WARNING)
    assert all(flawed.report.position(f) is not None for f in flawed.report.findings)
    # the same as validating by hand, severities aside
    by_hand = gdprkit.validate(
        gdprkit.load(example_path("offisante")),
        profiles=("gdpr", "cnil"),
        as_of=dt.date(2026, 11, 22),
        select=("GDPR", "CNIL"),
        ignore=("GDPR404",),
    )
    assert [(f.rule, f.path) for f in by_hand.findings] == [
        (f.rule, f.path) for f in flawed.report.findings
    ]


def test_validate_files_with_paths_and_a_broken_file(tmp_path: Path) -> None:
    project = _project(tmp_path, FULL)
    results = gdprkit.validate_files(
        [project / "package.json"], config=project / "gdprkit.toml", profiles=["gdpr"]
    )
    (result,) = results
    assert result.report is None
    assert result.problems
    assert result.failed()


def test_validate_files_without_files_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no files to check"):
        gdprkit.validate_files(config=Config())


def test_plugins_of_the_configuration_are_loaded(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.py").write_text(
        "from gdprkit.rules import Violation, rule\n"
        "@rule(code='HOUSE001', name='house-notes', severity='info', profile='house',\n"
        "      articles=('GDPR Art. 5(2)',), title='Notes', rationale='House rule.')\n"
        "def house_notes(register, context):\n"
        "    if register.notes is None:\n"
        "        yield Violation(message='The register has no notes.')\n",
        encoding="utf-8",
    )
    path = tmp_path / "gdprkit.toml"
    path.write_text('plugins = ["rules/house.py"]\nprofiles = ["house"]\n', encoding="utf-8")
    try:
        options = resolve_options(load_config(path))
        assert options.profiles == ("house",)
        assert options.plugins == (str(tmp_path / "rules" / "house.py"),)
        report = gdprkit.check(starter_register_without_notes(), config=load_config(path))
        assert [f.rule for f in report.infos] == ["HOUSE001"]
    finally:
        for name in [m for m in sys.modules if m.startswith("_gdprkit_plugin_house_")]:
            del sys.modules[name]
    path.write_text('plugins = ["rules/missing.py"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"gdprkit.toml: cannot load plugin .*missing.py"):
        resolve_options(load_config(path))


def starter_register_without_notes() -> gdprkit.Register:
    return attrs.evolve(gdprkit.loads(starter_text()), notes=None)


@pytest.mark.parametrize(
    "table",
    [
        '[tool."gdpr\\u006bit"]\nprofiles = ["gdpr"]\n',  # the name spelled with an escape
        '[tool]\ngdprkit = { profiles = ["gdpr"] }\n',
        'tool.gdprkit.profiles = ["gdpr"]\n',
    ],
)
def test_the_table_is_found_however_it_is_spelled(tmp_path: Path, table: str) -> None:
    # pyproject.toml files that cannot hold it are not parsed: these can.
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
