"""Generate the rule reference, ``docs/rules/index.md``, and the table of
severities, ``docs/rules/severity.md``, from the registered rules.

Every rule of every built-in profile gets a section: its code, name, title,
severity and why it has that severity, articles, what it checks (the check
function's docstring), why (its rationale), and a failing and a passing example
read from ``docs/rules/<CODE>/bad.json`` and ``good.json``, with the finding the
failing one yields.  The table of severities lists every rule (and
``ACCEPT001``, the rule of unused acceptances) with its severity and its
``severity_reason``.  After adding or changing a rule or an example, run::

    python docs/gen_rules.py

A test checks that the committed pages equal :func:`render`'s and
:func:`render_severities`'s output.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import gdprkit
from gdprkit.acceptance import UNUSED_RULE
from gdprkit.rules import Rule, Severity, all_rules


RULES_DIR = Path(__file__).resolve().parent / "rules"
INDEX = RULES_DIR / "index.md"
SEVERITIES = RULES_DIR / "severity.md"
EXAMPLES_AS_OF = dt.date(2026, 11, 22)
"""The date the examples are validated at (transfers depend on it)."""

_FIRST = ("gdpr",)


def _profiles(rules: Iterable[Rule]) -> list[str]:
    names = {r.profile for r in rules}
    return [p for p in _FIRST if p in names] + sorted(names - set(_FIRST))


def _prose(text: str | None) -> str:
    """A docstring as one Markdown paragraph."""
    return " ".join((text or "").split()).replace("``", "`")


def _anchor(found: Rule) -> str:
    return f"{found.code.lower()}-{found.name}"


def _profile_intro(profile: str) -> str:
    try:
        module = importlib.import_module(f"gdprkit.rules.packs.{profile}")
    except ImportError:
        return ""
    doc = inspect.getdoc(module) or ""
    return _prose(doc.split("\n\n", 1)[0])


def _diff_paths(bad: Any, good: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(bad, dict) and isinstance(good, dict):
        return [
            p
            for key in sorted(set(bad) | set(good))
            for p in _diff_paths(bad.get(key), good.get(key), (*path, key))
        ]
    if isinstance(bad, list) and isinstance(good, list) and len(bad) == len(good):
        return [
            p
            for i, (b, g) in enumerate(zip(bad, good, strict=True))
            for p in _diff_paths(b, g, (*path, i))
        ]
    return [] if bad == good else [path]


def _common(paths: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    first = paths[0]
    size = 0
    while size < len(first) and all(len(p) > size and p[size] == first[size] for p in paths):
        size += 1
    return first[:size]


def _label(path: tuple[Any, ...]) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path)
    )


def _focus(bad: dict[str, Any], good: dict[str, Any]) -> tuple[str, Any, Any]:
    """What to show of each example: the element of an activity where they
    differ (a purpose, a transfer, …), or the register without its activities."""
    paths = _diff_paths(bad, good)
    common = _common(paths)[:4] if paths else ()
    if common[:1] == ("activities",) and len(common) >= 2:
        if len(common) == 4 and not isinstance(common[3], int):
            common = common[:3]

        def pick(data: Any, path: tuple[Any, ...]) -> Any:
            for part in path:
                data = data.get(part) if isinstance(data, dict) else data[part]
            return data

        if pick(bad, common) is None or pick(good, common) is None:
            common = common[:2]  # a missing field: show the activity
        return f"`{_label(common)}`", pick(bad, common), pick(good, common)
    if all(p[:1] != ("activities",) for p in paths):

        def strip(data: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in data.items() if k != "activities"}

        return "the register, activities left out", strip(bad), strip(good)
    return "the whole register", bad, good


def _json(data: Any) -> str:
    return "```json\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n```"


def _examples(found: Rule, folder: Path) -> list[str]:
    bad_file, good_file = folder / "bad.json", folder / "good.json"
    if not (bad_file.is_file() and good_file.is_file()):
        return ["No example yet."]
    bad_text = bad_file.read_text(encoding="utf-8")
    bad = json.loads(bad_text)
    good = json.loads(good_file.read_text(encoding="utf-8"))
    report = gdprkit.validate(
        gdprkit.loads(bad_text),
        profiles=(found.profile,),
        select=(found.code,),
        as_of=EXAMPLES_AS_OF,
    )
    where, shown_bad, shown_good = _focus(bad, good)
    lines = [
        f"Fails ([`{found.code}/bad.json`]({found.code}/bad.json), {where}):",
        "",
        _json(shown_bad),
        "",
    ]
    lines += [f"> {f.severity.value} at `{f.path or '(register)'}`: {f.message}" for f in report]
    lines += [
        "",
        f"Passes ([`{found.code}/good.json`]({found.code}/good.json), {where}):",
        "",
        _json(shown_good),
    ]
    return lines


_NO_REASON = "*(no reason given)*"


def _reason(found: Rule) -> str:
    """The rule's severity reason as a sentence: a capital, a full stop."""
    text = _prose(found.severity_reason)
    if not text:
        return _NO_REASON
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _section(found: Rule, folder: Path) -> list[str]:
    what = _prose(inspect.getdoc(found.check)) or found.title
    return [
        f"### {found.code} · {found.name}",
        "",
        f"**{found.title}.** Severity: **{found.severity.value}** — {_reason(found)} "
        f"Articles: {'; '.join(found.articles)}.",
        "",
        f"**What it checks.** {what}",
        "",
        f"**Why.** {_prose(found.rationale)}",
        "",
        *_examples(found, folder),
        "",
    ]


def render(rules: Iterable[Rule] | None = None, examples: Path = RULES_DIR) -> str:
    """The rule reference page for *rules* (every registered rule by default)."""
    chosen = tuple(all_rules() if rules is None else rules)
    out = [
        "# Rule reference",
        "",
        "<!-- Generated by docs/gen_rules.py from the registered rules and the examples",
        "     in docs/rules/<CODE>/; edit those, then run `python docs/gen_rules.py`. -->",
        "",
        "Every rule gdprkit runs, by profile. Each finding of a rule carries its code, its",
        "name and its articles; select or ignore rules by code, code prefix or name (see",
        "the validation guide). Examples are complete registers, validated as of "
        f"{EXAMPLES_AS_OF.isoformat()}; each section shows the part of the register where the",
        "failing and the passing example differ.",
        "",
    ]
    for profile in _profiles(chosen):
        in_profile = sorted((r for r in chosen if r.profile == profile), key=lambda r: r.code)
        out += [f"## The `{profile}` profile", ""]
        intro = _profile_intro(profile)
        if intro:
            out += [intro, ""]
        out += ["| Code | Name | Severity | Title |", "|---|---|---|---|"]
        out += [
            f"| [{r.code}](#{_anchor(r)}) | `{r.name}` | {r.severity.value} | {r.title} |"
            for r in in_profile
        ]
        out.append("")
        for found in in_profile:
            out += _section(found, examples / found.code)
    return "\n".join(out).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_severities(rules: Iterable[Rule] | None = None) -> str:
    """The table of every rule's severity and why (every registered rule and
    ``ACCEPT001`` by default)."""
    chosen = tuple(all_rules() if rules is None else rules)
    out = [
        "# Severity of each rule",
        "",
        "<!-- Generated by docs/gen_rules.py from the registered rules;",
        "     edit their severity_reason, then run `python docs/gen_rules.py`. -->",
        "",
        "Every rule's default severity and the one-line reason it has that severity under the",
        "[severity policy](../validation.md#severity): **error**, the register records",
        "processing that is unlawful or lacks an item Art. 30 makes mandatory; **warning**, an",
        "item Art. 13/14 or accountability requires where the law leaves room, or a likely gap;",
        "**info**, advice. A rule may give one case a severity of its own; its reason says so.",
        "",
    ]
    counts = {s: sum(r.severity is s for r in chosen) for s in Severity}
    out += [
        ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items())
        + f" among {len(chosen)} rule{'s' if len(chosen) != 1 else ''}.",
        "",
    ]
    for profile in _profiles(chosen):
        in_profile = sorted((r for r in chosen if r.profile == profile), key=lambda r: r.code)
        out += [f"## The `{profile}` profile", ""]
        out += _severity_rows(in_profile, lambda r: f"index.md#{_anchor(r)}")
    out += [
        "## Accepted findings",
        "",
        *_severity_rows([UNUSED_RULE], lambda r: "../accepted-findings.md"),
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def _severity_rows(rules: Iterable[Rule], link: Callable[[Rule], str]) -> list[str]:
    rows = ["| Rule | Severity | Why this severity |", "|---|---|---|"]
    rows += [
        f"| [{r.code}]({link(r)}) `{r.name}` | {r.severity.value} | {_cell(_reason(r))} |"
        for r in rules
    ]
    return [*rows, ""]


def main() -> int:
    """Write the rule reference page and the table of severities."""
    for page, text in ((INDEX, render()), (SEVERITIES, render_severities())):
        page.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {page}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
