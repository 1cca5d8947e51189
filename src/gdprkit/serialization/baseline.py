"""Baseline files: the findings a team accepts as they are today, in a file of their own.

``gdprkit baseline register.json -o gdprkit-baseline.json`` writes one; ``gdprkit
validate --baseline gdprkit-baseline.json`` reads it.  A baseline is a JSON
object with its format version and a list of accepted findings, each written
exactly as an entry of a register's ``accepted_findings``::

    {
      "baseline_version": 1,
      "as_of": "2026-12-06",
      "accepted_findings": [
        {"rule": "GDPR310", "activity": "support", "path": "transfers[0]",
         "justification": "…", "decided_by": "…", "fingerprint": "…"}
      ]
    }
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from typing import Any

from gdprkit._json import json_text
from gdprkit.model import AcceptedFinding
from gdprkit.serialization import LoadError, Problem, _detailed, object_to_data
from gdprkit.serialization._converter import structure_problems
from gdprkit.serialization._files import write_atomic
from gdprkit.serialization.errors import read_bytes


__all__ = ["BASELINE_VERSION", "dump_baseline", "dumps_baseline", "load_baseline", "loads_baseline"]

BASELINE_VERSION = 1
"""Version of the baseline file format written by this release."""


def dumps_baseline(entries: Sequence[AcceptedFinding], *, as_of: dt.date) -> str:
    """A baseline file's text: deterministic, two-space indented, final newline."""
    document = {
        "baseline_version": BASELINE_VERSION,
        "as_of": as_of.isoformat(),
        "accepted_findings": [object_to_data(e) for e in entries],
    }
    return json_text(document)


def loads_baseline(text: str | bytes, *, source: str = "<baseline>") -> tuple[AcceptedFinding, ...]:
    """The accepted findings of a baseline file's text.

    Raises:
        LoadError: for text that is not JSON or not a baseline, listing every
            problem with its path.
    """
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise LoadError([Problem("", f"invalid JSON: {error}")], source) from None
    if type(data) is not dict:
        raise LoadError([Problem("", "expected a JSON object at the top level")], source)
    problems: list[Problem] = []
    version = data.get("baseline_version")
    if type(version) is not int or not 1 <= version <= BASELINE_VERSION:
        problems.append(
            Problem(
                "baseline_version",
                f"expected a version from 1 to {BASELINE_VERSION}, got {version!r} "
                "(is this a baseline written by gdprkit baseline?)",
            )
        )
    for key in sorted(set(data) - {"baseline_version", "as_of", "accepted_findings"}):
        problems.append(
            Problem(key, "unknown field (expected baseline_version, as_of, accepted_findings)")
        )
    items = data.get("accepted_findings", [])
    if type(items) is not list:
        problems.append(Problem("accepted_findings", "expected an array"))
        items = []
    entries: list[AcceptedFinding] = []
    for index, item in enumerate(items):
        try:
            entries.append(_detailed().structure(item, AcceptedFinding))
        except Exception as error:  # noqa: BLE001 - every structuring failure becomes a problem
            for path, message in structure_problems(error, f"accepted_findings[{index}]"):
                problems.append(Problem(path, message))
    if problems:
        raise LoadError(problems, source)
    return tuple(entries)


def load_baseline(path: str | os.PathLike[str]) -> tuple[AcceptedFinding, ...]:
    """The accepted findings of a baseline file.

    Raises:
        LoadError: when the file cannot be read or is not a baseline.
    """
    return loads_baseline(read_bytes(path), source=os.fspath(path))


def dump_baseline(
    entries: Sequence[AcceptedFinding], path: str | os.PathLike[str], *, as_of: dt.date
) -> None:
    """Write a baseline file atomically."""
    write_atomic(path, dumps_baseline(entries, as_of=as_of).encode("utf-8"))
