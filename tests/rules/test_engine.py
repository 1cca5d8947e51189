"""The engine: selection and ignoring, errors, stable order, Report, dates and
the extension point for users' own rules and profiles."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import gdprkit
from gdprkit import Finding, Report, Rule, Severity, Violation, all_rules, rule, validate
from gdprkit.model import Contact, LegalBasis, ProcessingActivity, Purpose, Register
from gdprkit.rules import Context, Profile, at
from gdprkit.rules._text import texts_citing, texts_in
from gdprkit.rules.findings import format_path, json_pointer, location_key
from tests.fuzz.harness import _paths
from tests.rules.registers import AS_OF, add_activity, baseline, evolve_activity, newsletter


EXAMPLES = Path(__file__).parents[2] / "examples" / "registers"


def _broken() -> Register:
    """Errors and warnings in several activities and at the register level."""
    register = attrs.evolve(
        baseline(), controller=attrs.evolve(baseline().controller, contact=Contact())
    )
    for i in range(12):
        register = add_activity(
            register,
            newsletter(id=f"n{i}", name=f"N{i}", purposes=(Purpose(name="Letters"),), sources=()),
        )
    return evolve_activity(register, security_measures=())


def test_select_by_code_prefix_and_name() -> None:
    register = _broken()
    assert {f.rule for f in validate(register, select=("GDPR101",))} == {"GDPR101"}
    assert {f.rule for f in validate(register, select=("GDPR2",))} == {"GDPR201"}
    assert {f.rule for f in validate(register, select=("gdpr6",))} == {"GDPR631"}
    assert {f.rule for f in validate(register, select=("sources-not-stated",))} == {"GDPR631"}
    report = validate(register, select=("GDPR1", "controller-identity-missing"))
    assert {f.rule for f in report} == {"GDPR101", "GDPR201"}
    assert all(code.startswith("GDPR1") or code == "GDPR201" for code in report.rules)


def test_ignore_by_code_prefix_and_name() -> None:
    register = _broken()
    every = {f.rule for f in validate(register)}
    assert {"GDPR101", "GDPR201", "GDPR631"} <= every
    assert {f.rule for f in validate(register, ignore=("GDPR1",))} == every - {"GDPR101"}
    assert {f.rule for f in validate(register, ignore=("sources-not-stated",))} == every - {
        "GDPR631"
    }
    both = validate(register, select=("GDPR1", "GDPR6"), ignore=("GDPR631",))
    assert {f.rule for f in both} == {"GDPR101"}


def test_a_single_name_may_be_a_string() -> None:
    register = _broken()
    assert validate(register, profiles="gdpr", select="GDPR101", ignore="GDPR2") == validate(
        register, profiles=("gdpr",), select=("GDPR101",), ignore=("GDPR2",)
    )


def test_unknown_profile() -> None:
    with pytest.raises(ValueError, match=r"unknown profile 'gdrp' \(known: .*gdpr"):
        validate(baseline(), profiles=("gdrp",))


@pytest.mark.parametrize("option", ["select", "ignore"])
def test_a_selector_matching_nothing_is_an_error(option: str) -> None:
    with pytest.raises(ValueError, match="'GDPR999' matches no rule"):
        validate(baseline(), **{option: ("GDPR999",)})  # type: ignore[arg-type]


def test_findings_come_in_document_order() -> None:
    report = validate(_broken(), as_of=AS_OF)
    keys = [f.sort_key for f in report]
    assert keys == sorted(keys)
    paths = [f.path for f in report]
    assert paths.index("activities[2]") < paths.index("activities[10]")
    assert paths.index("activities[1]") < paths.index("activities[1].purposes[0]")


def test_the_order_does_not_depend_on_the_order_of_rules() -> None:
    register = _broken()
    forward = validate(register, as_of=AS_OF, select=("GDPR1", "GDPR6"))
    backward = validate(register, as_of=AS_OF, select=("GDPR6", "GDPR1"))
    assert forward.findings == backward.findings
    assert forward == validate(register, as_of=AS_OF, select=("GDPR1", "GDPR6"))


def test_report_ok_and_counts() -> None:
    assert validate(baseline()).ok
    warnings_only = attrs.evolve(baseline(), security_measures=())
    report = validate(warnings_only)
    assert report.ok
    assert report.count(Severity.WARNING) == 1
    assert report.errors == ()
    broken = validate(_broken())
    assert not broken.ok
    assert all(f.severity is Severity.ERROR for f in broken.errors)
    assert len(broken) == len(broken.findings) == sum(broken.count(s) for s in Severity)
    assert broken.at("activities", 1)
    assert all(f.path.startswith("activities[1]") for f in broken.at("activities", 1))
    assert not any(f.path.startswith("activities[10]") for f in broken.at("activities", 1))
    assert {f.rule for f in broken.by_rule("GDPR101")} == {"GDPR101"}


def test_findings_carry_what_a_reader_needs() -> None:
    finding = validate(_broken(), select=("GDPR101",)).findings[0]
    assert finding == Finding(
        rule="GDPR101",
        name="purpose-without-lawful-basis",
        severity=Severity.ERROR,
        location=("activities", 1, "purposes", 0),
        message=(
            'Purposes "Letters" of activities "N0", "N1", "N2" and 9 more have no lawful '
            "basis: state for each the one of the six grounds of Art. 6(1) it relies on."
        ),
        articles=("GDPR Art. 6(1)", "GDPR Art. 5(1)(a)"),
        # The twelve purposes without a basis are one defect.
        also_at=tuple(("activities", i, "purposes", 0) for i in range(2, 13)),
    )
    assert str(finding) == (
        "error GDPR101 purpose-without-lawful-basis at activities[1].purposes[0]\n"
        '  Purposes "Letters" of activities "N0", "N1", "N2" and 9 more have no lawful '
        "basis: state for each the one of the six grounds of Art. 6(1) it relies on. "
        "[GDPR Art. 6(1); GDPR Art. 5(1)(a)]\n"
        "  also at " + "; ".join(f"activities[{i}].purposes[0]" for i in range(2, 13))
    )


def test_as_of_defaults_to_today_and_is_reported() -> None:
    assert validate(baseline()).as_of == dt.date.today()
    assert validate(baseline(), as_of=dt.date(2020, 1, 1)).as_of == dt.date(2020, 1, 1)


def test_the_report_lists_what_was_run() -> None:
    report = validate(baseline(), select=("GDPR4",))
    assert report.profiles == ("gdpr",)
    assert report.rules == ("GDPR401", "GDPR402", "GDPR403", "GDPR404", "GDPR405", "GDPR406")


def test_all_rules_lists_every_rule_with_its_documentation() -> None:
    rules = all_rules(["gdpr"])
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    assert len({r.name for r in rules}) == len(rules)
    first = rules[0]
    assert (first.code, first.title, first.severity, first.profile) == (
        "GDPR101",
        "Every purpose has an Art. 6(1) lawful basis",
        Severity.ERROR,
        "gdpr",
    )
    assert first.articles
    assert first.rationale
    assert set(all_rules(["gdpr"])) <= set(all_rules())


# -- the extension point ------------------------------------------------------


@rule(
    code="ACME001",
    name="activity-without-owner",
    title="Every activity names an owner",
    severity="warning",
    articles=("ACME privacy policy 4.2",),
    rationale="Our policy gives every activity an accountable owner.",
    on=ProcessingActivity,
)
def activity_without_owner(activity: ProcessingActivity, context: Context) -> Iterator[Violation]:
    if not (activity.notes or "").startswith("Owner:"):
        yield Violation(message=f'Activity "{activity.name}" has no owner.')


ACME = Profile(name="acme", title="ACME's privacy policy", rules=(activity_without_owner,))


def test_users_add_their_own_rules_and_profiles() -> None:
    register = baseline()
    assert validate(register).findings == ()
    report = validate(register, profiles=("gdpr", ACME))
    assert report.profiles == ("gdpr", "acme")
    (finding,) = report.findings
    assert (finding.rule, finding.name, finding.severity, finding.path) == (
        "ACME001",
        "activity-without-owner",
        Severity.WARNING,
        "activities[0]",
    )
    assert finding.location == ("activities", 0)
    assert finding.pointer == "/activities/0"
    assert finding.articles == ("ACME privacy policy 4.2",)
    assert all_rules([ACME]) == ACME.rules
    assert ACME.rules[0].profile == "acme"
    assert validate(register, profiles=("gdpr", ACME), ignore=("ACME",)).findings == ()
    owned = evolve_activity(register, notes="Owner: sales director")
    assert validate(owned, profiles=("gdpr", ACME)).findings == ()


def test_a_profile_brings_the_profiles_it_extends() -> None:
    extending = attrs.evolve(ACME, extends=("gdpr",))
    broken = _broken()
    report = validate(broken, profiles=extending, as_of=AS_OF)
    assert report.profiles == ("gdpr", "acme")
    assert {"GDPR101", "ACME001"} <= {f.rule for f in report}
    assert [r.code for r in all_rules("cnil")][:1] == ["CNIL001"]
    assert {r.profile for r in all_rules("cnil")} == {"gdpr", "cnil"}


def test_a_profile_applies_only_where_it_says() -> None:
    french_only = attrs.evolve(ACME, applies_to=lambda register: register.language == "fr")
    register = baseline()
    assert validate(register, profiles=french_only).findings == ()
    assert validate(attrs.evolve(register, language="fr"), profiles=french_only).findings


def test_a_rule_can_override_its_severity_per_finding() -> None:
    @rule(
        code="ACME002",
        name="many-activities",
        title="Large registers are reviewed yearly",
        severity="info",
        articles=("ACME privacy policy 7.1",),
        profile="acme",
        rationale="Reviews scale with the size of the register.",
    )
    def many_activities(register: Register, context: Context) -> Iterator[Violation]:
        if len(register.activities) > 1:
            yield Violation(message="Review the register.", severity=Severity.ERROR)

    profile = Profile(name="acme", title="ACME", rules=(many_activities,))
    report = validate(add_activity(baseline(), newsletter()), profiles=profile, select="ACME002")
    assert [f.severity for f in report] == [Severity.ERROR]
    assert report.findings[0].location == ()
    assert not report.ok


def test_a_finding_cites_the_provisions_of_its_own_case() -> None:
    @rule(
        code="ACME003",
        name="rights-listed",
        title="Rights are listed",
        severity="warning",
        articles=("GDPR Art. 20", "GDPR Art. 21"),
        profile="acme",
        rationale="Each right has its own article.",
        severity_reason="The notice must mention it; the wording is free.",
    )
    def rights_listed(register: Register, context: Context) -> Iterator[Violation]:
        yield Violation(message="No portability.", articles=("GDPR Art. 20",))
        yield Violation(message="No objection.", articles="GDPR Art. 21")
        yield Violation(message="Neither.")

    profile = Profile(name="acme", title="ACME", rules=(rights_listed,))
    report = validate(baseline(), profiles=profile)
    assert sorted(f.articles for f in report) == [
        ("GDPR Art. 20",),
        ("GDPR Art. 20", "GDPR Art. 21"),
        ("GDPR Art. 21",),
    ]
    assert rights_listed.severity_reason == "The notice must mention it; the wording is free."


def test_codes_and_names_cannot_clash() -> None:
    def check(register: Register, context: Context) -> Iterator[Violation]:
        return iter(())

    for code, name in (("GDPR101", "fresh-name"), ("ACME009", "purpose-without-lawful-basis")):
        clash = rule(code=code, name=name, title="x", severity="info", articles=(), rationale="x")(
            check
        )
        with pytest.raises(ValueError, match="clashes with"):
            validate(baseline(), profiles=("gdpr", Profile(name="acme", title="x", rules=(clash,))))


def test_a_violation_path_is_not_a_string() -> None:
    with pytest.raises(TypeError, match="not the string 'activities\\[0\\]'"):
        Violation(message="m", path="activities[0]")  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [Violation, Finding])
def test_a_hand_written_init_takes_every_field_as_attrs_would(kind: type) -> None:
    import inspect

    fields = attrs.fields(kind)
    parameters = list(inspect.signature(kind.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is attrs.NOTHING else f.default for f in fields
    ]


def test_the_engine_makes_a_finding_as_its_class_would() -> None:
    from gdprkit.rules.findings import new_finding

    values = ("R001", "r", Severity.INFO, ("a", 0), "m", ("GDPR Art. 5",), (("b", 1),))
    made = new_finding(*values)
    assert made == Finding(
        rule="R001",
        name="r",
        severity=Severity.INFO,
        location=("a", 0),
        message="m",
        articles=("GDPR Art. 5",),
        also_at=(("b", 1),),
    )
    assert attrs.astuple(made, recurse=False) == values
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.message = "n"  # type: ignore[misc]


def test_a_violation_converts_sets_and_refuses_changes_as_attrs_does() -> None:
    made = Violation(message="m", path=["a", 0], articles="GDPR Art. 5", defect="k")
    assert made.path == ("a", 0)
    assert made.articles == ("GDPR Art. 5",)
    assert made == Violation(message="m", path=("a", 0), articles=("GDPR Art. 5",), defect="k")
    assert attrs.evolve(made, message="n").path == ("a", 0)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.message = "n"  # type: ignore[misc]
    found = Finding(rule="R001", name="r", severity=Severity.INFO, location=(), message="m")
    assert (found.articles, found.also_at) == ((), ())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        found.message = "n"  # type: ignore[misc]


def test_rules_selecting_by_one_field_are_each_called_on_their_values_only() -> None:
    from gdprkit.model import DataCategory, DataKind

    seen: list[tuple[str, str]] = []

    def selecting(code: str, kinds: set[DataKind] | None) -> Rule:
        def check(category: DataCategory, context: Context) -> Iterator[Violation]:
            seen.append((code, category.name))
            yield Violation(message=code)

        return rule(
            code=code,
            name=code.lower(),
            title="x",
            severity="info",
            articles=(),
            rationale="x",
            on=DataCategory,
            where=None if kinds is None else ("kind", kinds),
        )(check)

    health, identity = DataKind.HEALTH, DataKind.IDENTITY
    rules = (
        selecting("ACME001", {health}),
        selecting("ACME002", {health, identity}),
        selecting("ACME003", {DataKind.LOCATION}),
        selecting("ACME004", None),  # no where=: called on every category, with the others
    )
    categories = (
        DataCategory(name="Nom", kind=identity),
        DataCategory(name="Dossier", kind=health),
    )
    register = evolve_activity(baseline(), data_categories=categories)
    report = validate(register, profiles=Profile(name="acme", title="x", rules=rules))
    assert seen == [
        ("ACME004", "Nom"),
        ("ACME002", "Nom"),
        ("ACME004", "Dossier"),
        ("ACME001", "Dossier"),
        ("ACME002", "Dossier"),
    ]
    assert [(f.rule, f.path) for f in report] == [
        ("ACME002", "activities[0].data_categories[0]"),
        ("ACME004", "activities[0].data_categories[0]"),
        ("ACME001", "activities[0].data_categories[1]"),
        ("ACME002", "activities[0].data_categories[1]"),
        ("ACME004", "activities[0].data_categories[1]"),
    ]


def test_a_rule_inspects_a_kind_the_engine_walks() -> None:
    odd = rule(
        code="ACME010", name="odd", title="x", severity="info", articles=(), rationale="x", on=str
    )(lambda text, context: iter(()))
    with pytest.raises(ValueError, match="inspects str"):
        validate(baseline(), profiles=Profile(name="acme", title="x", rules=(odd,)))


def test_the_context_knows_where_the_rule_is() -> None:
    seen: list[tuple[str, str, str]] = []

    @rule(
        code="ACME020",
        name="where",
        title="x",
        severity="info",
        articles=(),
        rationale="x",
        on=LegalBasis,
    )
    def where(basis: LegalBasis, context: Context) -> Iterator[Violation]:
        seen.append((context.activity.name, context.purpose.name, basis.basis.value))
        yield Violation(message="here", path=at("law"))

    register = add_activity(baseline(), newsletter())
    report = validate(register, profiles=Profile(name="acme", title="x", rules=(where,)))
    assert [f.path for f in report] == [
        f"activities[{i}].purposes[{j}].legal_bases[{k}].law"
        for i, a in enumerate(register.activities)
        for j, p in enumerate(a.purposes)
        for k, _ in enumerate(p.legal_bases)
    ]
    assert len(seen) == len(report.findings)
    assert seen[0][0] == register.activities[0].name


def test_rules_are_checked_when_declared() -> None:
    with pytest.raises(ValueError, match="must match"):
        Rule(
            code="acme1",
            name="x",
            title="x",
            severity=Severity.INFO,
            articles=(),
            profile="acme",
            rationale="x",
            check=lambda register, context: iter(()),
        )


def test_a_report_compares_by_value() -> None:
    activity = ProcessingActivity(id="a", name="A")
    register = Register(controller=baseline().controller, activities=(activity,))
    assert validate(register, as_of=AS_OF) == validate(register, as_of=AS_OF)
    assert isinstance(validate(register), Report)


def test_locations_order_indexes_numerically_and_format_as_paths() -> None:
    assert location_key(("activities", 2)) < location_key(("activities", 10))
    assert location_key(()) < location_key(("activities", 0))
    assert location_key(("activities", 0, "dpia")) < location_key(("activities", 0, "purposes", 0))
    assert format_path(("activities", 2, "purposes", 0)) == "activities[2].purposes[0]"
    assert format_path(()) == ""
    assert json_pointer(("activities", 2, "a/b~c")) == "/activities/2/a~1b~0c"


def test_a_rule_is_called_only_on_the_elements_it_selects() -> None:
    from gdprkit.model import DataCategory, DataKind

    seen: list[str] = []

    @rule(
        code="ACME030",
        name="health-only",
        title="x",
        severity="info",
        articles=(),
        rationale="x",
        on=DataCategory,
        where=("kind", {DataKind.HEALTH}),
    )
    def health_only(category: DataCategory, context: Context) -> Iterator[Violation]:
        seen.append(category.name)
        yield Violation(message="health")

    health = DataCategory(name="Dossier", kind=DataKind.HEALTH)
    other = DataCategory(name="Nom", kind=DataKind.IDENTITY)
    register = evolve_activity(baseline(), data_categories=(other, health, other))
    report = validate(register, profiles=Profile(name="acme", title="x", rules=(health_only,)))
    assert seen == ["Dossier"]
    assert [f.path for f in report] == ["activities[0].data_categories[1]"]


@pytest.mark.parametrize("name", ["cooper", "mypharm", "offisante"])
def test_the_register_prose_is_every_text_at_its_place_in_document_order(name: str) -> None:
    register = gdprkit.load(EXAMPLES / f"{name}.json")
    found = list(texts_in(register))
    assert len(found) > 20
    places = {where for where, _ in found}
    document = [
        (where, text)
        for where, text in _paths(json.loads(gdprkit.dumps(register)))
        if isinstance(text, str)
    ]
    assert found == [(where, text) for where, text in document if where in places]
    texts = {text for _, text in found}
    for activity in register.activities:
        assert activity.id not in texts
        if activity.description:
            assert activity.description in texts


@pytest.mark.parametrize("name", ["cooper", "mypharm", "offisante"])
def test_texts_citing_finds_each_distinct_text_once_and_every_place_in_order(name: str) -> None:
    register = gdprkit.load(EXAMPLES / f"{name}.json")
    found = list(texts_in(register))
    # a text several places repeat, and a text found once
    counts: dict[str, int] = {}
    for _, text in found:
        counts[text] = counts.get(text, 0) + 1
    wanted = {max(counts, key=counts.__getitem__), found[-1][1]}
    asked: list[str] = []

    def find(text: str) -> str | None:
        asked.append(text)
        return text.upper() if text in wanted else None

    context = Context(as_of=AS_OF, register=register)
    cited = list(texts_citing(context, find))
    assert sorted(asked) == sorted(counts)  # every distinct text, once
    assert cited == [(where, text.upper()) for where, text in found if text in wanted]
    assert max(counts.values()) > 1
    assert not list(texts_citing(context, lambda text: None))


@attrs.frozen
class _Odd:
    note: str | tuple[str, ...] = ""


def test_a_field_whose_prose_cannot_be_walked_is_named() -> None:
    with pytest.raises(TypeError, match="cannot be walked"):
        texts_in(_Odd())


def test_the_memo_works_a_fact_out_once_even_when_it_is_none_or_false() -> None:
    context = Context(as_of=AS_OF)
    asked: list[str] = []

    def fact(key: str, value: object) -> object:
        return context.once(key, lambda: asked.append(key) or value)

    for _ in range(3):
        assert fact("none", None) is None
        assert fact("false", False) is False
        assert fact("text", "x") == "x"
    assert asked == ["none", "false", "text"]


def test_the_built_in_rules_make_a_violation_as_its_class_would() -> None:
    import inspect

    from gdprkit.rules._rule import violation

    own = list(inspect.signature(violation).parameters.values())
    assert own == list(inspect.signature(Violation.__init__).parameters.values())[1:]
    for given in (
        {"message": "m"},
        {"message": "m", "path": ["a", 0], "articles": "GDPR Art. 5", "defect": "k"},
        {"message": "m", "path": ("a",), "severity": Severity.INFO, "articles": ("x", "y")},
    ):
        made = violation(**given)  # type: ignore[arg-type]
        assert made == Violation(**given)  # type: ignore[arg-type]
        assert type(made) is Violation
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            made.message = "n"  # type: ignore[misc]
    with pytest.raises(TypeError, match="not the string"):
        violation(message="m", path="activities[0]")  # type: ignore[arg-type]
