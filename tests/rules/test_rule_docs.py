"""The rule reference: every rule's examples are real registers that fail and
pass as documented, and the generated page never drifts from the rules."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import gdprkit
from gdprkit.acceptance import UNUSED_RULE
from gdprkit.model import Register
from gdprkit.rules import Context, Profile, Rule, Violation, _catalogue, all_rules, rule
from tests.conftest import ROOT
from tests.test_docs import _blocks, _pages


DOCS = ROOT / "docs"
RULES_DIR = DOCS / "rules"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rules", DOCS / "gen_rules.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
DOCUMENTED = [r for r in all_rules() if (RULES_DIR / r.code).is_dir()]


def test_every_gdpr_rule_has_examples() -> None:
    for found in all_rules(["gdpr"]):
        for name in ("bad.json", "good.json"):
            assert (RULES_DIR / found.code / name).is_file(), f"{found.code}/{name}"


def test_every_example_folder_belongs_to_a_rule() -> None:
    codes = {r.code for r in all_rules()}
    folders = {p.name for p in RULES_DIR.iterdir() if p.is_dir()}
    assert folders <= codes, folders - codes


@pytest.mark.parametrize("found", DOCUMENTED, ids=[r.code for r in DOCUMENTED])
def test_the_bad_example_fails_the_rule(found: Rule) -> None:
    register = gdprkit.load(RULES_DIR / found.code / "bad.json")
    report = gdprkit.validate(
        register, profiles=(found.profile,), select=(found.code,), as_of=GEN.EXAMPLES_AS_OF
    )
    assert report.by_rule(found.code), f"{found.code}/bad.json yields no {found.code} finding"


@pytest.mark.parametrize("found", DOCUMENTED, ids=[r.code for r in DOCUMENTED])
def test_the_good_example_passes_the_rule(found: Rule) -> None:
    register = gdprkit.load(RULES_DIR / found.code / "good.json")
    report = gdprkit.validate(register, profiles=(found.profile,), as_of=GEN.EXAMPLES_AS_OF)
    assert report.by_rule(found.code) == ()


@pytest.mark.parametrize("found", all_rules(["gdpr"]), ids=[r.code for r in all_rules(["gdpr"])])
def test_good_gdpr_examples_pass_the_whole_profile(found: Rule) -> None:
    register = gdprkit.load(RULES_DIR / found.code / "good.json")
    report = gdprkit.validate(register, as_of=GEN.EXAMPLES_AS_OF)
    assert report.findings == (), [str(f) for f in report]


def test_examples_are_written_as_gdprkit_writes_them() -> None:
    for folder in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for name in ("bad.json", "good.json"):
            path = folder / name
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                assert gdprkit.dumps(gdprkit.loads(text)) == text, path


def test_the_rule_reference_is_up_to_date() -> None:
    committed = (RULES_DIR / "index.md").read_text(encoding="utf-8")
    assert committed == GEN.render(), "run: python docs/gen_rules.py"


def test_the_table_of_severities_is_up_to_date() -> None:
    committed = (RULES_DIR / "severity.md").read_text(encoding="utf-8")
    assert committed == GEN.render_severities(), "run: python docs/gen_rules.py"


def test_the_table_of_severities_lists_every_rule_and_unused_acceptances() -> None:
    page = GEN.render_severities()
    for found in (*all_rules(), UNUSED_RULE):
        row = f"`{found.name}` | {found.severity.value} | {GEN._cell(GEN._reason(found))} |"
        assert row in page, found.code
    assert "## Accepted findings" in page
    assert "(../validation.md#severity)" in page


def test_a_reason_is_shown_as_a_sentence_and_a_missing_one_as_such() -> None:
    @rule(
        code="DOCS002",
        name="docs-no-reason",
        title="A rule that does not say why",
        severity="warning",
        articles=("ACME policy 2",),
        rationale="Shows a missing reason.",
    )
    def check(register: Register, context: Context) -> Iterator[Violation]:
        return iter(())

    @rule(
        code="DOCS003",
        name="docs-lower-case-reason",
        title="A rule whose reason is not a sentence",
        severity="error",
        articles=("ACME policy 3",),
        rationale="Shows a reason written as a clause.",
        severity_reason="the policy | forbids it (ACME policy 3)",
    )
    def other(register: Register, context: Context) -> Iterator[Violation]:
        return iter(())

    page = GEN.render_severities([check, other])
    assert "| error | The policy \\| forbids it (ACME policy 3). |" in page
    assert "| [DOCS002](index.md#docs002-docs-no-reason) `docs-no-reason` | warning | " in page
    assert "*(no reason given)*" in page
    assert "1 error, 1 warning, 0 infos among 2 rules." in page
    assert "among 1 rule." in GEN.render_severities([check])


def test_the_reference_has_a_section_per_rule() -> None:
    page = GEN.render()
    for found in all_rules():
        assert f"### {found.code} · {found.name}\n" in page
        assert found.title in page
    for found in all_rules(["gdpr"]):
        assert f"]({found.code}/bad.json)" in page
        assert f"]({found.code}/good.json)" in page


@pytest.fixture
def extra_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile as an installed package would offer it (entry point group
    ``gdprkit.plugins``)."""

    @rule(
        code="DOCS001",
        name="docs-example-rule",
        title="A rule of a profile added later",
        severity="info",
        articles=("ACME policy 1",),
        rationale="Shows that every available profile is documented.",
    )
    def check(register: Register, context: Context) -> Iterator[Violation]:
        """Never finds anything."""
        return iter(())

    probe = Profile(name="docsprobe", title="A probe", rules=(check,))
    monkeypatch.setattr(_catalogue, "installed", lambda: (probe,))


@pytest.mark.usefixtures("extra_profile")
def test_the_generator_covers_every_registered_profile() -> None:
    page = GEN.render()
    assert "## The `docsprobe` profile" in page
    assert "### DOCS001 · docs-example-rule" in page
    assert "No example yet." in page
    assert page.index("## The `gdpr` profile") < page.index("## The `docsprobe` profile")


def test_the_generator_writes_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "index.md"
    monkeypatch.setattr(GEN, "INDEX", target)
    severities = tmp_path / "severity.md"
    monkeypatch.setattr(GEN, "SEVERITIES", severities)
    assert GEN.main() == 0
    assert target.read_text(encoding="utf-8") == GEN.render()
    assert severities.read_text(encoding="utf-8") == GEN.render_severities()


def test_the_validation_guide_examples_are_run_by_the_docs_runner() -> None:
    page = DOCS / "validation.md"
    assert page in _pages()
    assert len(_blocks(page, "python")) >= 5


def test_the_validation_guide_shows_the_real_output() -> None:
    page = DOCS / "validation.md"
    first = _blocks(page, "python")[0]
    (shown,) = _blocks(page, "text")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(first, "validation.md:block1", "exec"), {"__name__": "docs_validation"})  # noqa: S102 - our own docs
    assert out.getvalue() == shown


def _plugin_example_rules() -> tuple[Rule, ...]:
    path = ROOT / "examples" / "plugin" / "acme_gdpr" / "__init__.py"
    spec = importlib.util.spec_from_file_location("acme_gdpr_example", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.PROFILE.rules)


def test_unused_acceptances_and_the_plugin_example_say_why_they_have_their_severity() -> None:
    rules = (UNUSED_RULE, *_plugin_example_rules())
    assert [r.code for r in rules] == ["ACCEPT001", "ACME001", "ACME002"]
    assert [r.code for r in rules if not r.severity_reason.strip()] == []


def test_every_built_in_rule_says_why_it_has_its_severity() -> None:
    rules = all_rules(_catalogue.builtin())
    assert {r.profile for r in rules} == {"gdpr", "cnil"}
    missing = [r.code for r in rules if not r.severity_reason.strip()]
    assert missing == [], "give these rules a severity_reason= (see the severity policy)"
