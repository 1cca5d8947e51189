"""Raw sheets read back into the JSON form of a register."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from gdprkit.model import (
    DataKind,
    Duration,
    DurationError,
    Register,
)
from gdprkit.model.countries import is_country_code
from gdprkit.render._labels import (
    parse_country,
    parse_label,
)
from gdprkit.render.spreadsheet.cells import _UNSTATED_WORDS, _column, _norm, _put
from gdprkit.render.spreadsheet.export import _actors
from gdprkit.render.spreadsheet.layout import (
    _NO,
    _UNSTATED,
    _YES,
    ACCEPTED,
    ACTORS,
    B_ACCEPTED,
    B_ACTIVITIES,
    B_ACTORS,
    B_CHILDREN,
    B_COMMON_SECURITY,
    B_COMPLEMENTS,
    B_CONTROLLERS,
    B_DATA,
    B_DECISIONS,
    B_DESCRIPTION,
    B_DPIA,
    B_DPO,
    B_EXTENSIONS,
    B_IDENTIFIERS,
    B_JOINT,
    B_ORGANISATION,
    B_OWN_RIGHTS,
    B_PROCESSING,
    B_PURPOSES,
    B_RECIPIENTS,
    B_REPRESENTATIVE,
    B_RIGHTS,
    B_SECURITY,
    B_SENSITIVE,
    B_SENSITIVE_DATA,
    B_SOURCES,
    B_SUBJECTS,
    B_TRANSFERS,
    B_TRANSLATIONS,
    BASIS_FIELDS,
    CATEGORY_FIELDS,
    CHILDREN,
    CHILDREN_PRESENT,
    CODE,
    CONTROLLER_FIELDS,
    COVER_BLOCKS,
    COVER_TITLE,
    DECISIONS,
    DESCRIPTION,
    DPIA_CRITERIA,
    DPIA_FIELDS,
    DPO_FIELDS,
    DPO_PRESENT,
    END_NOTE,
    END_SHEET,
    END_TITLE,
    EXTENSIONS,
    FICHE_BLOCKS,
    FICHE_TITLE,
    FORMAT_VERSION,
    IDENTIFIERS,
    JOINT,
    NO_RECIPIENTS,
    ORGANISATION,
    OWN_RIGHTS_PRESENT,
    PROCESSING,
    PURPOSE_FIELDS,
    RECIPIENTS,
    REP_FIELDS,
    REP_PRESENT,
    RETENTION_FIELDS,
    RIGHTS,
    SECURITY,
    SOURCES,
    SUBJECTS,
    TRANSFERS,
    TRANSLATIONS,
    VERSION_LABEL,
    Cell,
    Col,
    Kind,
    N,
    RawSheet,
    _enum_of,
    _retention_words,
    _security_type,
)
from gdprkit.serialization import LoadError, Problem, from_dict


# Reading the layout ------------------------------------------------------------------

_MAX_DIGITS = 4_000
"""The most digits a whole number may have: Python refuses to read more than
4,300 as text (a guard against quadratic conversion)."""


class _Reader:
    """Reads raw sheets back into the JSON form of a register."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.checks: list[tuple[str, object, Callable[[Register], object]]] = []
        self.version: int | None = None
        self.extensions: list[tuple[str, dict[str, Any]]] = []
        """The rows of the extension fields' block, with where each is."""

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    # Cells ------------------------------------------------------------------------

    def text(self, value: object, where: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value if value != "" else None
        if isinstance(value, bool):
            return _YES if value else _NO
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (dt.datetime, dt.date)):
            value = value.isoformat()
        self.notes.append(f"{where}: a number or date where text is expected, read as {value!s}")
        return str(value)

    def read(self, col: Col, cells: Sequence[object], where: str) -> tuple[bool, Any]:
        """``(present, value)`` in the JSON form for one field."""
        first = cells[0] if cells else None
        kind = col.kind
        if kind is Kind.TEXT:
            value = self.text(first, where)
            return value is not None, value
        if kind is Kind.REQUIRED:
            value = self.text(first, where)
            return True, value if value is not None else ""
        if kind is Kind.ENUM:
            member = self.member(_enum_of(col), first, cells[1] if len(cells) > 1 else None, where)
            return member is not None, member.value if member is not None else None
        if kind is Kind.ENUMS:
            members = self.members(
                _enum_of(col), first, cells[1] if len(cells) > 1 else None, where
            )
            return bool(members), [m.value for m in members]
        if kind is Kind.COUNTRY:
            code = self.country(first, cells[1] if len(cells) > 1 else None, where)
            return code is not None, code
        if kind is Kind.BOOL:
            flag = self.boolean(first, where)
            return flag is not None, flag
        if kind is Kind.INT:
            number = self.integer(first, where)
            return number is not None, number
        if kind is Kind.DATE:
            day = self.date(first, where)
            return day is not None, day.isoformat() if day else None
        if kind is Kind.DURATION:
            text = self.text(first, where)
            if text is None:
                return False, None
            try:
                return True, Duration.parse(text.strip()).isoformat()
            except DurationError as error:
                self.problem(where, str(error))
                return False, None
        if kind is Kind.ARCHIVE:
            text = self.text(first, where)
            if text is None or not text.strip():
                return False, None  # no archive, unless its ground is given
            if _norm(text) in _UNSTATED_WORDS:
                return True, {}
            try:
                return True, {"duration": Duration.parse(text.strip()).isoformat()}
            except DurationError as error:
                self.problem(
                    where, f"{error}, or « {_UNSTATED} » for an archive of unstated length"
                )
                return False, None
        return False, None

    def member(
        self, cls: type[enum.Enum], shown: object, code: object, where: str
    ) -> enum.Enum | None:
        by_code = None
        code_text = self.text(code, where)
        if code_text is not None and code_text.strip():
            try:
                by_code = cls(code_text.strip())
            except ValueError:
                allowed = ", ".join(str(m.value) for m in cls)
                self.problem(where, f"code {code_text!r} is not one of {allowed}")
                return None
        shown_text = self.text(shown, where)
        by_label = parse_label(cls, shown_text) if shown_text else None
        if by_code is not None:
            if shown_text and by_label is not by_code:
                self.notes.append(
                    f"{where}: the label « {shown_text} » does not match the code "
                    f"{by_code.value!r}; the code was kept"
                )
            return by_code
        if shown_text and by_label is None:
            self.problem(where, f"« {shown_text} » is not a known {cls.__name__} label or id")
        return by_label

    def members(
        self, cls: type[enum.Enum], shown: object, codes: object, where: str
    ) -> list[enum.Enum]:
        # The ids of the code column if it has any, else the labels shown.
        text = self.text(codes, where) or ""
        by_code = bool(text.strip())
        if not by_code:
            text = self.text(shown, where) or ""
        parts = text.split("," if by_code else ";")
        found = []
        for part in (p.strip() for p in parts):
            if part:
                member = (
                    self.member(cls, None, part, where)
                    if by_code
                    else self.member(cls, part, None, where)
                )
                if member is not None:
                    found.append(member)
        return found

    def country(self, shown: object, code: object, where: str) -> str | None:
        code_text = self.text(code, where)
        if code_text and code_text.strip():
            value = code_text.strip().upper()
            if not is_country_code(value):
                self.problem(where, f"{code_text!r} is not an ISO 3166-1 alpha-2 country code")
                return None
            return value
        shown_text = self.text(shown, where)
        if not shown_text:
            return None
        found = parse_country(shown_text)
        if found is None:
            self.problem(where, f"« {shown_text} » is not a country name or code gdprkit knows")
        return found

    def boolean(self, value: object, where: str) -> bool | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = _norm(value)
        if text in ("oui", "yes", "vrai", "true", "o", "y", "1"):
            return True
        if text in ("non", "no", "faux", "false", "n", "0"):
            return False
        self.problem(where, f"expected « {_YES} » or « {_NO} », got {value!r}")
        return None

    def integer(self, value: object, where: str) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.problem(where, f"expected a whole number, got {value!r}")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
            digits = len(value.strip().lstrip("-"))
            if digits <= _MAX_DIGITS:
                return int(value)
            self.problem(where, f"a whole number of {digits:,} digits; at most {_MAX_DIGITS:,}")
            return None
        self.problem(where, f"expected a whole number, got {value!r}")
        return None

    def date(self, value: object, where: str) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            text = value.strip()
            found = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text) or re.fullmatch(
                r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text
            )
            if found:
                a, b, c = (int(g) for g in found.groups())
                try:
                    return dt.date(a, b, c) if "-" in text else dt.date(c, b, a)
                except ValueError:
                    pass
        self.problem(where, f"expected a date (YYYY-MM-DD or JJ/MM/AAAA), got {value!r}")
        return None

    # Blocks -----------------------------------------------------------------------

    def kv(
        self, rows: Sequence[tuple[int, list[object]]], cols: Sequence[Col], sheet: str
    ) -> tuple[dict[str, Any], dict[str, bool]]:
        """A label | value block: the JSON form of its fields, and which
        labels were found."""
        by_label = {_norm(c.label): c for c in cols}
        data: dict[str, Any] = {}
        seen: dict[str, bool] = {}
        for number, row in rows:
            key = _norm(row[0] if row else None)
            col = by_label.get(key)
            if col is None:
                if key:
                    self.notes.append(
                        f"{sheet}!A{number}: row « {row[0]} » is not part of the layout; ignored"
                    )
                continue
            seen[col.label] = True
            where = f"{sheet}!B{number}"
            if col.kind is Kind.DERIVED:
                continue
            present, value = self.read(col, row[1:], where)
            if present and col.path:
                _put(data, col.path, value)
            elif present:
                data[""] = value
        return data, seen

    def table(
        self,
        rows: Sequence[tuple[int, list[object]]],
        cols: Sequence[Col],
        sheet: str,
        *,
        numbered: bool = False,
    ) -> list[tuple[int, int | None, dict[str, Any], dict[str, object]]]:
        """A titled table: for each data row, its number, its N° (when
        *numbered*), the JSON form of its fields and the raw derived cells."""
        if not rows:
            return []
        header_number, header = rows[0]
        names = [_norm(h) for h in header]
        positions: dict[str, int] = {}
        used: set[int] = set()
        offset = 0
        if numbered:
            if names and names[0] == _norm(N):
                used.add(0)
                offset = 1
            else:
                self.problem(f"{sheet}!A{header_number}", f"expected the column « {N} »")
        for col in cols:
            key = _norm(col.label)
            index = next(
                (i for i in range(offset, len(names)) if names[i] == key and i not in used), None
            )
            if index is None:
                if col.kind is not Kind.DERIVED:
                    self.notes.append(
                        f"{sheet}!{header_number}: column « {col.label} » is missing; "
                        "its values are taken as empty"
                    )
                continue
            positions[col.label] = index
            used.add(index)
            if col.coded and index + 1 < len(names) and names[index + 1] == _norm(CODE):
                used.add(index + 1)
        for index, name in enumerate(names):
            if name and index not in used:
                self.notes.append(
                    f"{sheet}!{_column(index)}{header_number}: column « {header[index]} » is not "
                    "part of the layout; ignored"
                )
        result = []
        for number, row in rows[1:]:
            if all(v is None or v == "" for v in row):
                continue
            data: dict[str, Any] = {}
            derived: dict[str, object] = {}
            for col in cols:
                index = positions.get(col.label)
                if index is None:
                    cells: list[object] = [None, None]
                else:
                    cells = row[index : index + (2 if col.coded else 1)]
                    code_known = index + 1 < len(names) and names[index + 1] == _norm(CODE)
                    if col.coded and not code_known:
                        cells = cells[:1]
                where = f"{sheet}!{_column(index or 0)}{number}"
                if col.kind is Kind.DERIVED:
                    derived[col.label] = cells[0] if cells else None
                    continue
                present, value = self.read(col, cells, where)
                if present:
                    _put(data, col.path or "_", value)
            position = None
            if numbered:
                position = self.integer(row[0] if row else None, f"{sheet}!A{number}")
            result.append((number, position, data, derived))
        return result


def _blocks(sheet: RawSheet, titles: Sequence[str]) -> dict[str, list[tuple[int, list[object]]]]:
    """The rows of each titled block of *sheet* (blank rows dropped)."""
    known = {_norm(t): t for t in titles}
    blocks: dict[str, list[tuple[int, list[object]]]] = {"": []}
    current = ""
    for number, row in enumerate(sheet.rows, start=1):
        if all(v is None or v == "" for v in row):
            continue
        title = known.get(_norm(row[0]))
        if title is not None and all(v is None or v == "" for v in row[1:]):
            current = title
            blocks.setdefault(current, [])
            continue
        blocks[current].append((number, row))
    return blocks


def _parse(
    sheets: Sequence[RawSheet], source: str, *, long_form: bool = False
) -> tuple[Register, list[str]]:
    """The register held by *sheets*, and notes on what was not read.

    *long_form* is true for the CSV form, which only gdprkit writes: it must
    end with the closing sheet even without a version row.
    """
    reader = _Reader()
    cover = None
    closed = False
    fiches: list[RawSheet] = []
    for sheet in sheets:
        first = _norm(sheet.rows[0][0]) if sheet.rows and sheet.rows[0] else ""
        if first == _norm(COVER_TITLE) and cover is None:
            cover = sheet
        elif first == _norm(FICHE_TITLE):
            fiches.append(sheet)
        elif first == _norm(END_TITLE):
            # Whole only with its whole text: a file cut inside this row is cut.
            row = sheet.rows[0]
            closed = len(row) > 1 and row[1] == END_NOTE
            if not closed:
                reader.problem(
                    f"{sheet.name}!B1",
                    f"the closing sheet « {END_SHEET} » is incomplete: this cell does not hold "
                    f"its whole text « {END_NOTE} » (the file may be cut); it was not read",
                )
                closed = True  # said once
        else:
            reader.notes.append(
                f"sheet {sheet.name!r} is neither the cover sheet nor a fiche; ignored"
            )
    if cover is None:
        raise LoadError(
            [
                Problem(
                    "", f"no cover sheet: a sheet whose cell A1 is « {COVER_TITLE} » is required"
                )
            ],
            source,
        )
    data = _read_cover(reader, cover)
    if not closed:
        _unclosed(reader, sheets, long_form=long_form)
    activities = [_read_fiche(reader, sheet, index) for index, sheet in enumerate(fiches)]
    data["activities"] = activities
    _put_extensions(reader, data)
    _check_activity_list(reader, cover, activities)
    if reader.problems:
        raise LoadError(reader.problems, source)
    register = from_dict({"schema_version": 1, **data}, source=source)
    for where, found, expected in reader.checks:
        value = expected(register)
        if _norm(found) != _norm(value) and not (found in (None, "") and value in (None, "")):
            reader.notes.append(
                f"{where}: this cell is computed, not read; it says « {found or ''} » but the "
                f"register gives « {value or ''} »"
            )
    return register, reader.notes


def _unclosed(reader: _Reader, sheets: Sequence[RawSheet], *, long_form: bool) -> None:
    """A file without its closing sheet: refused when it says it was
    exported with one (or is the CSV form), noted for a version 1 file; a
    spreadsheet made by hand (no version row) is read as it is."""
    if reader.version is None and not long_form:
        return
    if reader.version is not None and reader.version < 2:
        reader.notes.append(
            f"layout version {reader.version} has no closing sheet « {END_SHEET} »: "
            "whether the file is whole cannot be checked"
        )
        return
    last = sheets[-1]
    reader.problem(
        f"{last.name}!A{len(last.rows) + 1}",
        f"the file stops here, before the closing sheet « {END_SHEET} » that ends every "
        "export: it is incomplete (cut by an interrupted export or copy?), and was not read",
    )


def _read_cover(reader: _Reader, sheet: RawSheet) -> dict[str, Any]:
    name = sheet.name
    blocks = _blocks(sheet, COVER_BLOCKS)
    version = None
    for number, row in blocks[""]:
        if _norm(row[0]) == _norm(VERSION_LABEL):
            version = reader.integer(row[1] if len(row) > 1 else None, f"{name}!B{number}")
    reader.version = version
    if version is None:
        reader.notes.append(f"{name}: no « {VERSION_LABEL} »; read as version {FORMAT_VERSION}")
    elif version > FORMAT_VERSION:
        reader.problem(
            f"{name}",
            f"layout version {version} is newer than this gdprkit reads ({FORMAT_VERSION})",
        )
    data, _ = reader.kv(blocks.get(B_ORGANISATION, []), ORGANISATION, name)
    identifiers = [
        d for _, _, d, _ in reader.table(blocks.get(B_IDENTIFIERS, []), IDENTIFIERS, name)
    ]
    if identifiers:
        data.setdefault("controller", {})["identifiers"] = identifiers
    data.setdefault("controller", {}).setdefault("name", "")
    dpo = _optional_part(reader, blocks.get(B_DPO, []), DPO_PRESENT, DPO_FIELDS, name, "DPO")
    if dpo is not None:
        data["dpo"] = dpo
    rep = _optional_part(
        reader, blocks.get(B_REPRESENTATIVE, []), REP_PRESENT, REP_FIELDS, name, "representative"
    )
    if rep is not None:
        rep.setdefault("name", "")
        data["representative"] = rep
    rights = [d for _, _, d, _ in reader.table(blocks.get(B_RIGHTS, []), RIGHTS, name)]
    if rights:
        data["rights"] = rights
    security = _security(reader, blocks.get(B_COMMON_SECURITY, []), name, None)
    if security:
        data["security_measures"] = security
    translations = [
        d for _, _, d, _ in reader.table(blocks.get(B_TRANSLATIONS, []), TRANSLATIONS, name)
    ]
    if translations:
        data["translations"] = translations
    accepted = [d for _, _, d, _ in reader.table(blocks.get(B_ACCEPTED, []), ACCEPTED, name)]
    if accepted:
        data["accepted_findings"] = accepted
    for number, _, fields, _ in reader.table(blocks.get(B_EXTENSIONS, []), EXTENSIONS, name):
        reader.extensions.append((f"{name}!A{number}", fields))
    return data


_SEGMENT = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _put_extensions(reader: _Reader, data: dict[str, Any]) -> None:
    """Put each row of the extension fields' block into the register's JSON
    form *data*, at its element."""
    for where, row in reader.extensions:
        key, text, path = row.get("key", ""), row.get("value", ""), row.get("path", "")
        try:
            value = json.loads(text)
        except ValueError as error:
            reader.problem(where, f"the value of {key} is not JSON ({error})")
            continue
        target: Any = data
        for name, index in _SEGMENT.findall(path):
            if index and isinstance(target, list) and int(index) < len(target):
                target = target[int(index)]
            elif name and isinstance(target, dict):
                target = target.setdefault(name, {})
            else:
                target = None
                break
        if not isinstance(target, dict):
            reader.problem(where, f"no element {path!r} in the register for {key}")
            continue
        target[key] = value


def _optional_part(
    reader: _Reader,
    rows: Sequence[tuple[int, list[object]]],
    flag: Col,
    cols: Sequence[Col],
    sheet: str,
    what: str,
) -> dict[str, Any] | None:
    """A part that may be absent (DPO, representative, children's rules): a
    « yes / no » row, then its fields."""
    fields, _ = reader.kv(rows, [flag, *cols], sheet)
    present = fields.pop("", None)
    given = _filled(fields)
    if present is None:
        present = given
    if not present:
        if given:
            reader.notes.append(
                f"{sheet}: « {flag.label} » is « {_NO} », so the {what} details given were ignored"
            )
        return None
    return fields


def _filled(value: object) -> bool:
    """Whether a JSON-form value holds anything but empty texts."""
    if isinstance(value, dict):
        return any(_filled(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value not in (None, "")


def _security(
    reader: _Reader,
    rows: Sequence[tuple[int, list[object]]],
    sheet: str,
    activity: int | None,
) -> list[dict[str, Any]]:
    found = []
    for index, (number, _, data, derived) in enumerate(reader.table(rows, SECURITY, sheet)):
        found.append(data)

        def expected(reg: Register, i: int = index) -> object:
            measures = (
                reg.security_measures
                if activity is None
                else reg.activities[activity].security_measures
            )
            return _security_type(measures[i])

        reader.checks.append((f"{sheet} row {number}, « Type »", derived.get("Type"), expected))
    return found


def _read_fiche(reader: _Reader, sheet: RawSheet, position: int) -> dict[str, Any]:
    name = sheet.name
    blocks = _blocks(sheet, FICHE_BLOCKS)
    data, _ = reader.kv(blocks.get(B_DESCRIPTION, []), DESCRIPTION, name)
    data.setdefault("id", "")
    data.setdefault("name", "")
    title_row = sheet.rows[0]
    reader.checks.append(
        (
            f"{name}!B1",
            title_row[1] if len(title_row) > 1 else None,
            functools.partial(_activity_name, index=position),
        )
    )
    for number, row in blocks.get(B_ACTORS, []):
        key = _norm(row[0])
        for index, actor in enumerate(ACTORS):
            if key == _norm(actor):
                reader.checks.append(
                    (
                        f"{name}!B{number}",
                        row[1] if len(row) > 1 else None,
                        functools.partial(_actor, index=index),
                    )
                )
    simple = (
        (B_JOINT, JOINT, "joint_controllers"),
        (B_SUBJECTS, SUBJECTS, "data_subjects"),
        (B_SOURCES, SOURCES, "sources"),
        (B_RECIPIENTS, RECIPIENTS, "recipients"),
        (B_TRANSFERS, TRANSFERS, "transfers"),
        (B_DECISIONS, DECISIONS, "automated_decisions"),
    )
    for title, cols, key in simple:
        items = [d for _, _, d, _ in reader.table(blocks.get(title, []), cols, name)]
        if key in ("joint_controllers", "data_subjects", "recipients"):
            for item in items:
                item.setdefault("name", "")
        if key == "transfers":
            for item in items:
                item.setdefault("recipient", "")
        if key == "automated_decisions":
            for item in items:
                item.setdefault("description", "")
        if items:
            data[key] = items
    controllers = _grouped(
        reader, blocks.get(B_CONTROLLERS, []), CONTROLLER_FIELDS, IDENTIFIERS, name, "identifiers"
    )
    if controllers:
        data["controllers"] = controllers
    processing = [
        d.get("_", "")
        for _, _, d, _ in reader.table(blocks.get(B_PROCESSING, []), PROCESSING, name)
    ]
    if processing:
        data["processing_categories"] = processing
    purposes = _grouped(
        reader, blocks.get(B_PURPOSES, []), PURPOSE_FIELDS, BASIS_FIELDS, name, "legal_bases"
    )
    if purposes:
        data["purposes"] = purposes
    categories = _categories(reader, blocks, name, position)
    if categories:
        data["data_categories"] = categories
    security = _security(reader, blocks.get(B_SECURITY, []), name, position)
    if security:
        data["security_measures"] = security
    complements = blocks.get(B_COMPLEMENTS, [])
    key = _norm(NO_RECIPIENTS.label)
    stated = [r for r in complements if _norm(r[1][0] if r[1] else None) == key]
    own, _ = reader.kv([r for r in complements if r not in stated], [OWN_RIGHTS_PRESENT], name)
    no_recipients, _ = reader.kv(stated, [NO_RECIPIENTS], name)
    if no_recipients.get("") and "recipients" in data:
        reader.notes.append(
            f"{name}: « {NO_RECIPIENTS.label} » is « {_YES} », but recipients are listed; "
            "the listed recipients were kept"
        )
    elif no_recipients.get(""):
        data["recipients"] = []
    rights = [d for _, _, d, _ in reader.table(blocks.get(B_OWN_RIGHTS, []), RIGHTS, name)]
    if own.get("") or (own.get("") is None and rights):
        data["rights"] = rights
    elif rights:
        reader.notes.append(
            f"{name}: « {OWN_RIGHTS_PRESENT.label} » is « {_NO} », so the rights listed "
            "under it were ignored (the cover sheet's list applies)"
        )
    children = _optional_part(
        reader, blocks.get(B_CHILDREN, []), CHILDREN_PRESENT, CHILDREN, name, "children's consent"
    )
    if children is not None:
        data["children"] = children
    dpia, _ = reader.kv(blocks.get(B_DPIA, []), [DPIA_CRITERIA, *DPIA_FIELDS], name)
    if "dpia_criteria" in dpia:
        data["dpia_criteria"] = dpia.pop("dpia_criteria")
    if dpia:
        if "status" not in dpia:
            reader.problem(
                f"{name}",
                f"« {DPIA_FIELDS[0].label} » is required when the DPIA block is filled in",
            )
        data["dpia"] = dpia
    return data


_INNER = "\x00inner"
"""The key under which :func:`_grouped` reads a sub-item's fields."""


def _grouped(
    reader: _Reader,
    rows: Sequence[tuple[int, list[object]]],
    outer: Sequence[Col],
    inner: Sequence[Col],
    sheet: str,
    key: str,
) -> list[dict[str, Any]]:
    """A table with one row per sub-item (a purpose's bases, a controller's
    identifiers); rows with the same N° belong to the same item."""
    # The sub-item's fields are read under their own key: a purpose and its
    # lawful basis may have fields of the same name (``note``).
    tagged = [attrs.evolve(c, path=f"{_INNER}.{c.path}") for c in inner]
    groups: dict[object, tuple[int, dict[str, Any], list[dict[str, Any]]]] = {}
    for number, position, data, _ in reader.table(rows, [*outer, *tagged], sheet, numbered=True):
        tail = data.pop(_INNER, {})
        head = data
        group = position if position is not None else ("row", number)
        if group not in groups:
            groups[group] = (number, head, [])
        elif groups[group][1] != head:
            reader.notes.append(
                f"{sheet} row {number}: N° {position} repeats another row whose values "
                f"differ; the first row's were kept"
            )
        if _filled(tail):
            groups[group][2].append(tail)
    result = []
    for first, head, tails in groups.values():
        item = dict(head)
        item.setdefault("name", "")
        if key == "legal_bases":
            for tail in tails:
                if "basis" not in tail:
                    reader.problem(
                        f"{sheet} row {first}",
                        f"a lawful-basis detail is given without « {BASIS_FIELDS[0].label} »",
                    )
        if tails:
            item[key] = tails
        result.append(item)
    return result


def _categories(
    reader: _Reader,
    blocks: dict[str, list[tuple[int, list[object]]]],
    sheet: str,
    activity: int,
) -> list[dict[str, Any]]:
    cols = [*CATEGORY_FIELDS, *RETENTION_FIELDS]
    found: list[tuple[int, int, dict[str, Any], dict[str, object], int]] = []
    for title in (B_DATA, B_SENSITIVE_DATA):
        for number, position, data, derived in reader.table(
            blocks.get(title, []), cols, sheet, numbered=True
        ):
            category = data
            category.setdefault("name", "")
            order = position if position is not None else 10**9
            found.append((order, number, category, derived, len(found)))
    found.sort(key=lambda f: (f[0], f[4]))
    result = []
    for index, (_, number, category, derived, _) in enumerate(found):
        result.append(category)
        reader.checks.append(
            (
                f"{sheet} row {number}, « Durée de conservation »",
                derived.get("Durée de conservation"),
                functools.partial(_category_retention, activity=activity, index=index),
            )
        )
    for number, row in blocks.get(B_SENSITIVE, [])[1:]:
        code = row[1] if len(row) > 1 else None
        reader.checks.append(
            (
                f"{sheet} row {number}, « Traitée »",
                row[2] if len(row) > 2 else None,
                functools.partial(_checklist, activity=activity, code=code),
            )
        )
    return result


def _activity_name(register: Register, *, index: int) -> str:
    return register.activities[index].name


def _actor(register: Register, *, index: int) -> str | None:
    return _actors(register)[index]


def _category_retention(register: Register, *, activity: int, index: int) -> Cell:
    return _retention_words(register.activities[activity].data_categories[index])


def _checklist(register: Register, *, activity: int, code: object) -> str | None:
    try:
        kind = DataKind(code)
    except ValueError:
        return None
    present = any(c.kind is kind for c in register.activities[activity].data_categories)
    return _YES if present else _NO


def _check_activity_list(
    reader: _Reader, cover: RawSheet, activities: list[dict[str, Any]]
) -> None:
    rows = _blocks(cover, COVER_BLOCKS).get(B_ACTIVITIES, [])[1:]
    listed = [str(row[1]) if len(row) > 1 and row[1] is not None else "" for _, row in rows]
    actual = [str(a.get("id", "")) for a in activities]
    if listed != actual:
        reader.notes.append(
            f"{cover.name}: the list of activities is computed, not read; it names {listed} "
            f"but the fiches, in sheet order, are {actual}"
        )
