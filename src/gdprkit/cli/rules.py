"""``gdprkit rules`` and ``gdprkit explain``: list the rules, document one."""

from __future__ import annotations

import argparse
import difflib
import json
from typing import Any

from gdprkit.cli._common import (
    EXIT_OK,
    CommandError,
    _config_plugins,
    _split,
    _Streams,
)
from gdprkit.rules import Rule, all_rules


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "title": rule.title,
        "severity": rule.severity.value,
        "severity_reason": rule.severity_reason,
        "articles": list(rule.articles),
        "profile": rule.profile,
        "status": rule.status,
        "rationale": rule.rationale,
    }


def cmd_rules(args: argparse.Namespace, streams: _Streams) -> int:
    _, plugins = _config_plugins(args)
    profiles = _split(args.profile)
    try:
        rules = all_rules(profiles or None, plugins)
    except ValueError as error:  # an unknown profile
        raise CommandError(str(error)) from None
    if args.format == "json":
        document = {"format_version": 1, "rules": [_rule_json(r) for r in rules]}
        streams.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not rules:
        streams.stdout.write("No rules registered.\n")
        return EXIT_OK
    header = ("CODE", "SEVERITY", "PROFILE", "TITLE", "ARTICLES")
    rows = [
        (
            r.code,
            r.severity.value,
            r.profile,
            r.title + (f" ({r.status})" if r.status != "stable" else ""),
            "; ".join(r.articles),
        )
        for r in rules
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        streams.stdout.write("  ".join([*cells, row[4]]).rstrip() + "\n")
    streams.stdout.write(f"\n{len(rules)} rule{'s' if len(rules) != 1 else ''}\n")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace, streams: _Streams) -> int:
    _, plugins = _config_plugins(args)
    rules = all_rules(None, plugins)
    wanted = args.rule.strip()
    found = next((r for r in rules if r.code == wanted.upper() or r.name == wanted.lower()), None)
    if found is None:
        names = {r.code: r for r in rules} | {r.name: r for r in rules}
        close = difflib.get_close_matches(wanted.upper(), [r.code for r in rules], n=1)
        close = close or difflib.get_close_matches(wanted.lower(), [r.name for r in rules], n=1)
        hint = "."
        if close:
            match = names[close[0]]
            hint = f"; did you mean {match.code} ({match.name})?"
        msg = f"unknown rule {wanted!r}{hint} Run 'gdprkit rules' to list the rules."
        raise CommandError(msg)
    if args.format == "json":
        streams.stdout.write(json.dumps(_rule_json(found), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    lines = [
        f"{found.code} {found.name}",
        found.title,
        "",
        f"Severity:  {found.severity.value}"
        + (f" — {' '.join(found.severity_reason.split())}" if found.severity_reason else ""),
        f"Profile:   {found.profile}",
        f"Status:    {found.status}",
        f"Articles:  {'; '.join(found.articles) or 'none cited'}",
        "",
        found.rationale.strip(),
    ]
    streams.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK
