"""The fuzz harness: mutate registers and spreadsheets, check every promise.

Each case is built from a seed and its number (``random.Random(f"{seed}:{n}")``),
so any failure is reproduced by :func:`document_case` or
:func:`spreadsheet_case` alone.  A failure is a :class:`Broken` promise, with
the input that breaks it.

Promises checked on each mutated **document** (JSON text):

* ``loads`` raises nothing but :class:`~gdprkit.LoadError`;
* what loads round-trips: ``loads(dumps(r)) == r``, and ``dumps`` is stable;
* no output crashes on it: validation and its text, JSON and SARIF, the
  notice and the report in Markdown and HTML, the retention schedule (text,
  CSV, JSON);
* no injection: no line of a Markdown output starts a block from register
  text, no text output holds a control character from register text, every
  CSV cell a spreadsheet would run as a formula is neutralised and every CSV
  row is whole; load-error lines are one line each.

Promises checked on each mutated **spreadsheet** (an export, then cut,
edited, or with its declared sizes changed):

* import raises nothing but :class:`~gdprkit.LoadError`, within a time bound;
* a file cut short is refused;
* what imports is a register that round-trips through JSON and exports again.

(Not checked: that an edited file, once imported, exports to a file that
imports to the same register.  The layout has no mark telling a title row
from a data row that holds only the same words, and the first fuzz run
found edits that rely on that: see the Guarantees page.)

The harness runs in one process; memory is bounded by the import limits,
which the cases that declare huge sizes exercise, and checked by the caller
(:mod:`tests.fuzz.__main__`) as the process's peak resident size.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import random
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

import gdprkit
from gdprkit import LoadError, Register
from gdprkit.cli._common import _print_problems, _Streams
from gdprkit.model import Event
from gdprkit.render.findings import FileResult, format_json, format_sarif, format_text
from gdprkit.render.notice import render_notice
from gdprkit.render.report import render_report
from gdprkit.render.retention import COLUMNS, Schedule, render_schedule, retention_rows
from gdprkit.render.spreadsheet import export_register, import_register
from gdprkit.render.spreadsheet.cells import neutralise
from gdprkit.render.spreadsheet.csv import _write_csv, csv_text
from gdprkit.render.spreadsheet.export import _layout
from gdprkit.render.spreadsheet.layout import END_NOTE
from gdprkit.rules import all_rules


ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "registers").glob("*.json"))

MARK = "PWNED"
"""Every hostile text carries it, so that where it lands can be checked."""
INJECT = "INJECTED"
"""What follows a line break in a hostile text: a Markdown line must never
start a block with it."""

HOSTILE_TEXT = [
    f"ACME\r# {INJECT}",
    f"ACME\r\n# {INJECT}",
    f"ACME\n- {INJECT}",
    f"ACME\r| {INJECT} | x |\r|---|---|",
    f"ACME\r***\r{INJECT}",
    f"ACME\r1. {INJECT}",
    f"ACME\r> {INJECT}",
    f"ACME\r    {INJECT}",
    f"Chat\n\nChecked 1 register: no findings. {MARK}\x1b[8m",
    f"\x1b]8;;https://evil.example\x1b\\{MARK}\x1b]8;;\x1b\\",
    f'=HYPERLINK("https://evil.example";"{MARK}")',
    f"+{MARK}",
    f"-{MARK}",
    f"@{MARK}",
    f"\t={MARK}",
    f"\r={MARK}",
    f"'={MARK}",
    f"<script>alert('{MARK}')</script>",
    f"`` {MARK} ``\r\n# {INJECT} `",
    f"[{MARK}](javascript:alert(1))",
    f"{MARK}\u202e\u2066evil\u2069",
    f"{MARK}\u2028# {INJECT}\u2029",
    f"{MARK}\x00\x07\x7f\x85\x9b",
    f"{MARK}_x000D_\r_xD800_",
    f"{MARK}\ud800",
    f"{MARK}\udfff\ud800",
    "",
    " ",
    f"{MARK}" * 3000,
    f'a,"b"\n;{MARK}',
]
"""Texts that try to inject into each output, or that no encoding writes."""

HOSTILE_VALUES: list[Any] = [
    0,
    -1,
    1.0,
    2.5,
    250.0,
    2**53 + 1,
    2**64,
    10**30,
    True,
    None,
    [],
    {},
    [None],
    {"": 1},
    "P١Y",
    "P9999999999D",
    "P99999999999999999999Y",
    "P0D",
    "PT12H",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "2024-W01-1",
    "XX",
    "EL",
    "art6-1-x",
]
"""Values of the wrong type, at the edges of their type, or almost valid."""

ODD_KEYS = ["", "a.b", "x[0]", "\ud800", "\x1b[2J", "schema_version", " name", "name\u200b"]

SPLICES = [
    b'"\\ud800"',
    b'"\\udc00x"',
    b"1e400",
    b"NaN",
    b"-Infinity",
    b"9" * 5000,
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\\u0000",
    b"[" * 3000,
    b'{"a":1,"a":2}',
    b'"\\u003a"',
]
"""Byte sequences spliced into the text at random."""


class Broken(AssertionError):
    """A promise does not hold for an input."""

    def __init__(self, promise: str, case: str, detail: str, data: bytes | str = b"") -> None:
        super().__init__(f"{case}: {promise}: {detail}")
        self.promise = promise
        self.case = case
        self.data = data


@attrs.define
class Tally:
    """What a run did, for its report."""

    documents: int = 0
    loaded: int = 0
    refused: int = 0
    spreadsheets: int = 0
    imported: int = 0
    rejected: int = 0
    cuts_refused: int = 0
    slowest_import: float = 0.0
    by_format: dict[str, int] = attrs.Factory(dict)


# -- documents -----------------------------------------------------------------------------


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = root
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return root


def _mutate_structure(rng: random.Random, data: Any) -> Any:
    """One to three changes to the parsed document."""
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        nodes = list(_paths(data))
        texts = [(p, v) for p, v in nodes if isinstance(v, str)]
        containers = [(p, v) for p, v in nodes if isinstance(v, (dict, list))]
        roll = rng.random()
        if roll < 0.55 and texts:
            path, value = rng.choice(texts)
            hostile = rng.choice(HOSTILE_TEXT)
            data = _set(data, path, rng.choice((hostile, value + hostile, hostile + value)))
        elif roll < 0.75:
            path, _ = rng.choice(nodes)
            data = _set(data, path, copy.deepcopy(rng.choice(HOSTILE_VALUES)))
        elif roll < 0.85 and containers:
            path, node = rng.choice(containers)
            if isinstance(node, dict) and node:
                del node[rng.choice(list(node))]
            elif isinstance(node, list) and node:
                node.insert(rng.randrange(len(node) + 1), copy.deepcopy(rng.choice(node)))
        elif roll < 0.93 and containers:
            path, node = rng.choice(containers)
            if isinstance(node, dict):
                node[rng.choice(ODD_KEYS)] = rng.choice(HOSTILE_TEXT)
        else:
            objects = [p for p, v in nodes if isinstance(v, dict) and "retention" in v]
            if objects:
                path = rng.choice(objects)
                retention = {"duration": rng.choice(["P9999999999D", "P5Y", "P99999Y", "P1D"])}
                if rng.random() < 0.7:
                    retention["start"] = "collection"
                if rng.random() < 0.3:
                    retention["archive"] = {"duration": rng.choice(["P9999Y", "P10Y"])}
                _set(data, (*path, "retention"), retention)
    return data


def _mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.choice((1, 1, 2, 4))):
        roll = rng.random()
        at = rng.randrange(len(data) + 1)
        if roll < 0.3 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif roll < 0.5:
            del data[at : at + rng.randrange(1, 64)]
        elif roll < 0.8:
            data[at:at] = rng.choice(SPLICES)
        else:
            data = data[:at]
    return bytes(data)


def _serialise(rng: random.Random, data: Any) -> bytes:
    """The mutated document as JSON text, written the way people and tools do."""
    try:
        return json.dumps(
            data, ensure_ascii=rng.random() < 0.3, indent=rng.choice((None, 2))
        ).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return json.dumps(data).encode()


def document_case(seed: int, number: int, sources: list[bytes]) -> bytes:
    """The mutated document number *number* of the run *seed*."""
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 - reproducible cases, not secrets
    raw = rng.choice(sources)
    data = json.loads(raw)
    # One or two of its activities: every output costs in proportion to the
    # register, and over a run every activity of every example is drawn.
    activities = data.get("activities", [])
    if len(activities) > 2:
        first = rng.randrange(len(activities))
        data["activities"] = activities[first : first + rng.choice((1, 2))]
    if rng.random() < 0.75:
        return _serialise(rng, _mutate_structure(rng, data))
    return _mutate_bytes(rng, _serialise(rng, data))


AS_OF = dt.date(2026, 1, 1)

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters that must not reach a terminal (a line feed is gdprkit's own)."""

BLOCK = re.compile(
    rf"(?:^|[\r\n]) *(?:(?:#|[-+*>|]|[0-9]+[.)])?[ \t]*{INJECT}|(?:\*\*\*|\|---\|---\|) *(?:$|[\r\n]))"
)
"""A Markdown line (CommonMark ends lines at LF, CRLF and a bare CR) that
starts a block with hostile text, or is a rule or table delimiter from it."""


def _no_block_injection(text: str, what: str, case: str) -> None:
    found = BLOCK.search(text)
    if found:
        raise Broken(
            "no Markdown injection", case, f"{what}: {text[found.start() : found.start() + 80]!r}"
        )


def _no_control(text: str, what: str, case: str) -> None:
    found = CONTROL.search(text)
    if found:
        at = found.start()
        raise Broken(
            "no control character on the terminal", case, f"{what}: {text[at - 40 : at + 20]!r}"
        )


def _csv_is_safe(text: str, width: int, what: str, case: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if {len(row) for row in rows} != {width}:
        raise Broken("whole CSV rows", case, f"{what}: widths {sorted({len(r) for r in rows})}")
    for row in rows:
        for cell in row:
            if cell and cell != neutralise(cell) and not cell.startswith("'"):
                raise Broken("no CSV formula", case, f"{what}: {cell[:60]!r}")


def check_document(raw: bytes, case: str, rules: Any, tally: Tally) -> None:
    """Every promise for one document."""
    tally.documents += 1
    try:
        register = gdprkit.loads(raw, source="fuzz.json")
    except LoadError as error:
        tally.refused += 1
        lines = io.StringIO()
        _print_problems(
            _Streams(lines, lines, None),
            error.source,
            [(p.path, p.message) for p in error.problems],
        )
        printed = lines.getvalue()
        if printed.count("\n") != len(error.problems):
            raise Broken("one line per load problem", case, printed[:200], raw) from None
        _no_control(printed.replace("\n", ""), "load errors", case)
        return
    except Exception as error:  # noqa: BLE001 - the promise under test
        raise Broken("only LoadError from loads", case, repr(error)[:300], raw) from None
    tally.loaded += 1
    try:
        _check_register(register, case, rules)
    except Broken as broken:
        broken.data = raw
        raise
    except Exception as error:  # noqa: BLE001 - the promise under test
        raise Broken("no crash in any output", case, repr(error)[:300], raw) from None


def _check_register(register: Register, case: str, rules: Any) -> None:
    text = gdprkit.dumps(register)
    if gdprkit.loads(text) != register:
        raise Broken("lossless round trip", case, "loads(dumps(r)) != r")
    if gdprkit.dumps(gdprkit.loads(text)) != text:
        raise Broken("deterministic dumps", case, "dumps changed on the second trip")
    report = gdprkit.validate(register, as_of=AS_OF)
    result = FileResult(
        file="fuzz.json",
        report=report,
        activities=tuple((i, a.name) for i, a in enumerate(register.activities)),
    )
    _no_control(format_text([result]).replace("\n", ""), "validate text", case)
    json.loads(format_json([result], as_of=AS_OF, profiles=("gdpr",), fail_on=None))
    fired = {finding.rule for finding in report.findings}
    json.loads(format_sarif([result], rules=[r for r in rules if r.code in fired], version="fuzz"))
    for lang in ("fr", "en"):
        _no_block_injection(render_notice(register, lang=lang, format="markdown"), "notice", case)
    render_notice(register, lang="fr", format="html")
    _no_block_injection(render_report(register, report, format="markdown"), "report", case)
    render_report(register, report, format="html")
    for events in (
        {},
        {e: dt.date(2024, 1, 31) for e in Event},
        {e: dt.date(9999, 12, 1) for e in Event},
    ):
        schedule = Schedule(retention_rows(register, events, AS_OF), "fuzz.json", events, AS_OF)
        _no_control(render_schedule(schedule).replace("\n", ""), "retention text", case)
        json.loads(render_schedule(schedule, "json"))
        _csv_is_safe(render_schedule(schedule, "csv"), len(COLUMNS), "retention csv", case)


# -- spreadsheets --------------------------------------------------------------------------


def spreadsheet_sources(
    registers: list[Register], directory: Path, formats: tuple[str, ...] = ("csv", "xlsx", "ods")
) -> dict[str, list[bytes]]:
    """The registers exported in each format, as bytes, in pieces of two
    activities (every activity of every example is in one): reading costs in
    proportion to the file, and an ``xlsx`` or ``ods`` 10 times a CSV."""
    found: dict[str, list[bytes]] = {format: [] for format in formats}
    for index, register in enumerate(registers):
        for first in range(0, max(len(register.activities), 1), 2):
            piece = attrs.evolve(register, activities=register.activities[first : first + 2])
            for format in found:
                path = directory / f"source-{index}-{first}.{format}"
                export_register(piece, path, format=format)
                found[format].append(path.read_bytes())
    return found


def _rewrite_zip(raw: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info)))
    return out.getvalue()


def spreadsheet_case(
    seed: int, number: int, sources: dict[str, list[bytes]]
) -> tuple[str, bytes, bool]:
    """The mutated spreadsheet number *number*: its format, its bytes, and
    whether it is a cut (a strict head of an export, which must be refused)."""
    rng = random.Random(f"sheet:{seed}:{number}")  # noqa: S311 - reproducible cases, not secrets
    weights = {"csv": 16, "xlsx": 3, "ods": 1}
    formats = list(sources)
    format = rng.choices(formats, weights=[weights[f] for f in formats])[0]
    raw = rng.choice(sources[format])
    if format == "csv":
        return format, *_mutate_csv(rng, raw)
    roll = rng.random()
    if roll < 0.15:
        return format, raw[: rng.randrange(len(raw))], True
    if format == "xlsx":
        return format, _mutate_xlsx(rng, raw), False
    return format, _mutate_ods(rng, raw), False


def _mutate_csv(rng: random.Random, raw: bytes) -> tuple[bytes, bool]:
    roll = rng.random()
    ends = [m.end() for m in re.finditer(rb"\r\n", raw)]
    if roll < 0.35:
        cut = rng.choice(ends[:-1]) if rng.random() < 0.6 else rng.randrange(3, len(raw) - 2)
        # A cut after the closing row's text removes only empty cells: no loss.
        return raw[:cut], cut < raw.rindex(END_NOTE.encode()) + len(END_NOTE.encode())
    lines = raw.split(b"\r\n")
    if roll < 0.55:
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(lines))
            op = rng.random()
            if op < 0.4:
                del lines[i]
            elif op < 0.7:
                lines.insert(i, lines[rng.randrange(len(lines))])
            else:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
        return b"\r\n".join(lines), False
    # a cell replaced by a hostile text or value, quoted as CSV quotes it
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for _ in range(rng.randint(1, 3)):
        row = rng.randrange(len(rows))
        # a row of the sheet's name alone gets a cell after it
        column = rng.randrange(1, max(2, len(rows[row])))
        value = rng.choice([*HOSTILE_TEXT, *map(str, HOSTILE_VALUES), "9" * 5000, "x" * 200_000])
        rows[row][column : column + 1] = [value]
    out = csv_text(rows).encode("utf-8-sig", "surrogatepass")
    return out, False


def _mutate_xlsx(rng: random.Random, raw: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/sheet") or rng.random() < 0.5:
            return data
        roll = rng.random()
        if roll < 0.15:  # a lone surrogate's escape in an inline string
            return re.sub(
                rb'<t xml:space="preserve">([^<]{0,3})',
                lambda m: b'<t xml:space="preserve">_xD800_' + m.group(1),
                data,
                count=rng.randint(1, 5),
            )
        if roll < 0.3:
            ref = rng.choice([b"A1:B2", b"A1:XFD1048576", b"A1:A1", b"ZZZ9"])
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', data)
        if roll < 0.5:
            return data.replace(
                b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1
            )
        if roll < 0.7:
            rows = re.findall(rb"<row [^>]*>.*?</row>", data, re.S)
            if rows:
                return data.replace(rng.choice(rows), b"", 1)
        return data.replace(b'r="A', b'r="B', rng.randint(1, 3))

    return _rewrite_zip(raw, change)


def _mutate_ods(rng: random.Random, raw: bytes) -> bytes:
    def change(name: str, data: bytes) -> bytes:
        if name != "content.xml":
            return data
        roll = rng.random()
        count = rng.choice([b"2", b"1048576", b"200000000", b"99999999999999", b"-1", b"x"])
        if roll < 0.4:
            return data.replace(
                b"<table:table-row>",
                b'<table:table-row table:number-rows-repeated="'
                + count
                + b'"><table:table-cell/></table:table-row><table:table-row>',
                rng.randint(1, 3),
            )
        if roll < 0.7:
            return data.replace(
                b"<table:table-cell",
                b'<table:table-cell table:number-columns-repeated="' + count + b'"',
                rng.randint(1, 3),
            )
        if roll < 0.85:
            return data.replace(
                b'office:value-type="float" office:value="',
                b'office:value-type="float" office:value="1e400',
                1,
            )
        return data.replace(b"<text:p>", b"<text:p>_xD800_", rng.randint(1, 3))

    return _rewrite_zip(raw, change)


IMPORT_TIME_LIMIT = 5.0
"""Seconds of processor time one import may take (the examples take under
0.2 s): processor time, not elapsed time, which depends on the machine's load."""


def check_spreadsheet(
    format: str, raw: bytes, cut: bool, case: str, directory: Path, tally: Tally
) -> None:
    tally.spreadsheets += 1
    tally.by_format[format] = tally.by_format.get(format, 0) + 1
    path = directory / f"case.{format}"
    path.write_bytes(raw)
    started = time.process_time()
    try:
        register, _ = import_register(path)
    except LoadError:
        register = None
    except Exception as error:  # noqa: BLE001 - the promise under test
        raise Broken("only LoadError from import", case, repr(error)[:300], raw) from None
    elapsed = time.process_time() - started
    tally.slowest_import = max(tally.slowest_import, elapsed)
    if elapsed > IMPORT_TIME_LIMIT:
        raise Broken("bounded import time", case, f"{elapsed:.1f} s of processor time", raw)
    if register is None:
        tally.rejected += 1
        tally.cuts_refused += cut
        return
    if cut:
        raise Broken("a cut file is refused", case, f"{len(raw)} bytes imported", raw)
    tally.imported += 1
    try:
        text = gdprkit.dumps(register)
        if gdprkit.loads(text) != register:
            raise Broken("lossless round trip", case, "loads(dumps(r)) != r", raw)
        _write_csv(_layout(register)[0])  # exports again (CSV: the others take seconds)
    except Broken:
        raise
    except Exception as error:  # noqa: BLE001 - the promise under test
        raise Broken("what imports is a register", case, repr(error)[:300], raw) from None


# -- runs ----------------------------------------------------------------------------------


def run(
    *,
    documents: int,
    spreadsheets: int,
    seed: int = 0,
    start: int = 0,
    formats: tuple[str, ...] = ("csv", "xlsx", "ods"),
    progress: Callable[[str], None] | None = None,
) -> Tally:
    """Check *documents* mutated documents and *spreadsheets* mutated
    spreadsheets (cases ``start`` to ``start + n - 1`` of the run *seed*).

    Raises:
        Broken: at the first promise that does not hold.
    """
    tally = Tally()
    sources = [path.read_bytes() for path in EXAMPLES]
    rules = all_rules(("gdpr",))
    for number in range(start, start + documents):
        check_document(
            document_case(seed, number, sources), f"document {seed}:{number}", rules, tally
        )
        if progress and (number + 1) % 5000 == 0:
            progress(f"{number + 1 - start} documents")
    if spreadsheets:
        with tempfile.TemporaryDirectory(prefix="gdprkit-fuzz-") as name:
            directory = Path(name)
            registers = [gdprkit.loads(s) for s in sources]
            sheets = spreadsheet_sources(registers, directory, formats)
            for number in range(start, start + spreadsheets):
                format, raw, cut = spreadsheet_case(seed, number, sheets)
                check_spreadsheet(
                    format, raw, cut, f"spreadsheet {seed}:{number}", directory, tally
                )
                if progress and (number + 1) % 1000 == 0:
                    progress(f"{number + 1 - start} spreadsheets")
    return tally
