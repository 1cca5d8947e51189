"""The implementations that the speed-ups replaced, kept here (outside the
package) so that the benchmark can time each speed-up against what it
replaced, in the same run: an ablation line per speed-up.

Each function is the code as it was before, unchanged but for its name.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import enum
import io
import itertools
import json
import re
import types
import typing
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from gdprkit.model import DataCategory, ProcessingActivity, Register
from gdprkit.model import extensions as model_extensions
from gdprkit.model.extensions import Extensions, JsonValue, thaw
from gdprkit.render._labels import country_name, label
from gdprkit.render.spreadsheet.cells import _encoded, _get, neutralise
from gdprkit.render.spreadsheet.csv import _csv_cell as csv_cell
from gdprkit.render.spreadsheet.csv import csv_text
from gdprkit.render.spreadsheet.export import (
    _CATEGORY_COLS,
    _Export,
    _ExtensionRow,
    _layout,
)
from gdprkit.render.spreadsheet.layout import (
    _NO,
    _UNSTATED,
    _YES,
    ACCEPTED,
    ACTIVITY_LIST,
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
    CHILDREN,
    CHILDREN_PRESENT,
    CONTROLLER_FIELDS,
    COVER_SHEET,
    COVER_TITLE,
    DECISIONS,
    DESCRIPTION,
    DPIA_CRITERIA,
    DPIA_FIELDS,
    DPO_FIELDS,
    DPO_PRESENT,
    EXTENSIONS,
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
    RIGHTS,
    SECURITY,
    SENSITIVE_CHECK,
    SENSITIVE_KINDS,
    SOURCES,
    SUBJECTS,
    TRANSFERS,
    TRANSLATIONS,
    VERSION_LABEL,
    Cell,
    Col,
    Kind,
    N,
    Sheet,
    _sensitive,
)
from gdprkit.render.spreadsheet.ods import _odf
from gdprkit.render.spreadsheet.xlsx import _EXCEL_MAX, _openpyxl
from gdprkit.serialization._files import write_atomic


# --- locating findings: a regex tokenizer over the whole text ------------------------------

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,\n]|[^\s{}\[\]:,"]+|"')
_SEGMENT = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _prefixes(path: str) -> list[str]:
    """``a[1].b`` → ``["a[1].b", "a[1]", "a", ""]``, longest first."""
    ends = [m.end() for m in _SEGMENT.finditer(path)]
    return [path[:end] for end in reversed(ends)] + [""] if path else [""]


def locate(text: str, paths: Iterable[str]) -> dict[str, int]:
    """The 1-based line of each finding path in the JSON *text*.

    A path names a member (``controller.contact``: the line of its key) or an
    array element (``activities[2]``: the line where the element starts).  A
    path that is not in the text, such as a required field that is missing,
    gets the line of its nearest ancestor that is; the empty path and
    anything unknown get line 1.

    One tolerant pass over the text: malformed input gives approximate lines,
    never an error, and only the branches leading to the wanted paths are
    tracked, so the cost is linear in the size of the text.
    """
    wanted = set(paths)
    prefixes: set[str] = set()
    for path in wanted:
        prefixes.update(_prefixes(path))
    found = _scan(text, prefixes)
    result: dict[str, int] = {}
    for path in wanted:
        result[path] = next((found[p] for p in _prefixes(path) if p in found), 1)
    return result


def _scan(text: str, wanted: set[str]) -> dict[str, int]:
    found: dict[str, int] = {"": 1}
    # Each frame: [is_object, path or None (not tracked), array index, expecting_key]
    stack: list[list[Any]] = []
    line = 1
    pending: str | None = ""  # path of the next value (None: not tracked)

    def element_path() -> str | None:
        if not stack:
            return ""
        frame = stack[-1]
        if frame[0]:
            return pending
        parent = frame[1]
        if parent is None:
            return None
        path = f"{parent}[{frame[2]}]"
        if path not in wanted:
            return None
        found.setdefault(path, line)
        return path

    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first in "{[":
            path = element_path()
            stack.append([first == "{", path, 0, first == "{"])
        elif first in "}]":
            if stack:
                stack.pop()
        elif first == ",":
            if stack:
                frame = stack[-1]
                if frame[0]:
                    frame[3] = True
                else:
                    frame[2] += 1
        elif first == ":":
            if stack and stack[-1][0]:
                stack[-1][3] = False
        elif first == '"' and stack and stack[-1][0] and stack[-1][3]:
            frame = stack[-1]
            key = _decode_key(token)
            parent = frame[1]
            pending = None
            if parent is not None:
                path = f"{parent}.{key}" if parent else key
                if path in wanted:
                    found.setdefault(path, line)
                    pending = path
            frame[3] = False
        else:  # a scalar value
            element_path()
    return found


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        key = json.loads(token)
    except ValueError:
        return token[1:-1]
    return key if isinstance(key, str) else token[1:-1]


# --- the type hints of a model class -------------------------------------------------------


def hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


# --- extension fields: a path spelled for every element, in nested generators -------------


def walk_extensions(
    obj: object, path: str = "", *, skip: Collection[str] = ()
) -> Iterator[tuple[str, str, JsonValue]]:
    """``(path, key, value)`` for every extension field of *obj* and of the
    objects inside it, in document order; *path* is the element's path
    (``activities[0].purposes[1]``, empty for *obj* itself), and the fields
    named in *skip* of *obj* are not walked."""
    kind: Any = type(obj)
    if not attrs.has(kind):
        return
    for field in attrs.fields(kind):
        if field.name in skip:
            continue
        value = getattr(obj, field.name)
        here = f"{path}.{field.name}" if path else field.name
        if isinstance(value, Extensions):
            for key, item in value.items():
                yield path, key, item
        elif type(value) is tuple:
            for index, element in enumerate(value):
                yield from walk_extensions(element, f"{here}[{index}]")
        else:
            yield from walk_extensions(value, here)


# --- the csv and xlsx writers ----------------------------------------------------------------


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralise(text)


def write_csv(sheets: Sequence[Sheet], path: Path) -> int:
    """The csv writer, padding each row with a list of empty fields, and the
    count of the texts it neutralised, made in a second pass; returns it."""
    neutralised = sum(
        1
        for sheet in sheets
        for row in sheet.rows
        for value in row
        if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r"))
    )
    width = 1 + max((len(r) for sheet in sheets for r in sheet.rows), default=1)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for sheet in sheets:
            name = _csv_cell(sheet.name)
            for row in sheet.rows:
                cells = [name, *(_csv_cell(v) for v in row)]
                writer.writerow(cells + [""] * (width - len(cells)))
    return neutralised


def export_csv(register: Register, path: Path) -> None:
    """The csv export as it was before its rows were streamed to the file:
    every sheet laid out, every padded row listed, the text made whole and
    encoded, then written."""
    sheets, _ = _layout(register)
    width = 1 + max((len(r) for sheet in sheets for r in sheet.rows), default=1)
    padding = ("",) * width
    rows = []
    for sheet in sheets:
        name = _csv_cell(sheet.name)
        for row in sheet.rows:
            rows.append((name, *map(_csv_cell, row), *padding[len(row) + 1 :]))
    write_atomic(path, csv_text(rows).encode("utf-8-sig"))


# --- the csv export before its rows were written as the layout makes them -------------------


def stream_csv_padded(sheets: Iterable[Sheet], handle: BinaryIO) -> None:
    """Write *sheets* to *handle* in the CSV form, each sheet as it comes:
    UTF-8 with a byte-order mark, every row padded to the width of the
    widest, every cell through the cell's conversion."""
    sheets = iter(sheets)
    first = list(itertools.islice(sheets, 2))
    width = 1 + max((len(r) for sheet in first for r in sheet.rows), default=1)
    padding = ("",) * width
    handle.write(codecs.BOM_UTF8)
    for sheet in itertools.chain(first, sheets):
        name = csv_cell(sheet.name)
        if any(len(row) >= width for row in sheet.rows):
            msg = f"sheet {sheet.name!r} has a row wider than the layout's widest header"
            raise ValueError(msg)
        # Each sheet's text is made whole, then encoded and written at once.
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(
            (name, *map(csv_cell, row), *padding[len(row) + 1 :]) for row in sheet.rows
        )
        handle.write(text.getvalue().encode("utf-8"))


_CONTROLLER_COLS = (*CONTROLLER_FIELDS, *IDENTIFIERS)
_PURPOSE_COLS = (*PURPOSE_FIELDS, *BASIS_FIELDS)


class PerCell(_Export):
    """The layout before each column's conversion was chosen once per export
    and the formula-like texts counted by the text columns: each cell's kind
    looked up for every cell, every row's cells tested as the row is added,
    the walk over the whole register for its extension fields always made."""

    def cells(self, col: Col, item: Any, where: str) -> list[Cell]:
        """The cells of *col* for *item*; *where* places the note on an empty
        text, which names the column itself."""
        kind = col.kind
        if kind is Kind.DERIVED:
            return [col.derive(item) if col.derive else None]
        path = col.path
        if not path:
            value = item
        elif "." in path:
            value = _get(item, path)
        else:
            value = None if item is None else getattr(item, path)
        if kind is Kind.TEXT or kind is Kind.REQUIRED:
            if value == "":
                self.empty(col, where)
            return [value if value else None] if kind is Kind.TEXT else [value]
        if kind is Kind.ENUM:
            return [self.label(value), value.value] if value is not None else [None, None]
        if kind is Kind.ENUMS:
            members = tuple(value)
            if not members:
                return [None, None]
            return [
                "; ".join(self.label(m) for m in members),
                ", ".join(m.value for m in members),
            ]
        if kind is Kind.COUNTRY:
            return [country_name(value, "fr"), value] if value else [None, None]
        if kind is Kind.BOOL:
            return [None if value is None else (_YES if value else _NO)]
        if kind is Kind.DURATION:
            return [value.isoformat() if value is not None else None]
        if kind is Kind.ARCHIVE:
            if value is None:
                return [None]
            return [_UNSTATED if value.duration is None else value.duration.isoformat()]
        cell: Cell = value
        return [cell]

    def empty(self, col: Col, where: str) -> None:
        """The note on the empty text of *col* at *where*."""
        if col.kind is Kind.TEXT:
            self.notes.append(
                f"{where}: « {col.label} » is an empty text; it is written as an empty "
                "cell and reads back as not set"
            )
        else:
            self.notes.append(
                f"{where}: « {col.label} » is an empty text; a row left with no other "
                "value is not read back"
            )

    def label(self, member: enum.Enum) -> str:
        """The French label of *member*, looked up once per member in an export
        (by identity: members of two enums may be equal strings)."""
        text = self._labels.get(id(member))
        if text is None:
            text = self._labels[id(member)] = label(member, "fr")
        return text

    def headers(self, cols: Sequence[Col]) -> list[Cell]:
        """The headers of *cols* (a label, and « Code » beside a coded one),
        worked out once per list of columns in an export."""
        known = self._headers.get(id(cols))
        if known is None or known[0] is not cols:  # kept with its list: its id is not reused
            known = (cols, [h for c in cols for h in c.headers])
            self._headers[id(cols)] = known
        return known[1]

    def kv(self, sheet: Sheet, cols: Iterable[Col], item: Any, where: str) -> None:
        for col in cols:
            sheet.row([col.label, *self.cells(col, item, where)])

    def table(
        self,
        sheet: Sheet,
        title: str,
        cols: Sequence[Col],
        items: Iterable[Any],
        where: str,
        *,
        number: Callable[[int, Any], int] | None = None,
    ) -> None:
        sheet.title(title)
        headers = self.headers(cols)
        sheet.header([N, *headers] if number else list(headers))
        for index, item in enumerate(items):
            here = f"{where} row {index + 1}"
            cells = [c for col in cols for c in self.cells(col, item, here)]
            sheet.row([number(index, item), *cells] if number else cells)

    # Sheets -----------------------------------------------------------------

    def cover(self, names: Sequence[str]) -> Sheet:
        reg = self.register
        sheet = Sheet(COVER_SHEET)
        sheet.title(COVER_TITLE)
        sheet.row([VERSION_LABEL, FORMAT_VERSION])
        sheet.title(B_ORGANISATION)
        self.kv(sheet, ORGANISATION, reg, COVER_SHEET)
        self.table(sheet, B_IDENTIFIERS, IDENTIFIERS, reg.controller.identifiers, COVER_SHEET)
        sheet.title(B_DPO)
        self.kv(sheet, [DPO_PRESENT], reg.dpo is not None, COVER_SHEET)
        self.kv(sheet, DPO_FIELDS, reg.dpo, f"{COVER_SHEET}, DPO")
        sheet.title(B_REPRESENTATIVE)
        self.kv(sheet, [REP_PRESENT], reg.representative is not None, COVER_SHEET)
        self.kv(sheet, REP_FIELDS, reg.representative, f"{COVER_SHEET}, {B_REPRESENTATIVE}")
        self.table(sheet, B_RIGHTS, RIGHTS, reg.rights, f"{COVER_SHEET}, {B_RIGHTS}")
        self.table(
            sheet, B_COMMON_SECURITY, SECURITY, reg.security_measures, f"{COVER_SHEET}, security"
        )
        self.table(
            sheet, B_TRANSLATIONS, TRANSLATIONS, reg.translations, f"{COVER_SHEET}, translations"
        )
        sheet.title(B_ACTIVITIES)
        sheet.header(list(ACTIVITY_LIST))
        for index, (activity, name) in enumerate(zip(reg.activities, names, strict=True)):
            sheet.row(
                [
                    index + 1,
                    activity.id,
                    activity.name,
                    self.label(activity.role),
                    activity.role.value,
                    name,
                ]
            )
        if reg.accepted_findings:
            # An empty path (the element itself) is an empty cell, not an empty text.
            rows = [
                types.SimpleNamespace(**{**attrs.asdict(e, recurse=False), "path": e.path or None})
                for e in reg.accepted_findings
            ]
            self.table(sheet, B_ACCEPTED, ACCEPTED, rows, COVER_SHEET)
        extensions = [
            _ExtensionRow(path or None, key, json.dumps(thaw(value), ensure_ascii=False))
            for path, key, value in model_extensions.walk_extensions(reg)
        ]
        if extensions:
            self.table(sheet, B_EXTENSIONS, EXTENSIONS, extensions, COVER_SHEET)
        return sheet

    def fiche(self, activity: ProcessingActivity, name: str) -> Sheet:
        sheet = Sheet(name)
        where = f"sheet {name!r}"
        sheet.title(FICHE_TITLE)
        sheet.rows[-1].append(activity.name)
        sheet.title(B_DESCRIPTION)
        self.kv(sheet, DESCRIPTION, activity, where)
        sheet.title(B_ACTORS)
        for actor, summary in zip(ACTORS, self._actors, strict=True):
            sheet.row([actor, summary])
        self.table(sheet, B_JOINT, JOINT, activity.joint_controllers, f"{where}, joint controllers")
        self.controllers(sheet, activity, where)
        self.table(sheet, B_PROCESSING, PROCESSING, activity.processing_categories, where)
        self.purposes(sheet, activity, where)
        self.table(sheet, B_SUBJECTS, SUBJECTS, activity.data_subjects, f"{where}, data subjects")
        positions = {id(c): i + 1 for i, c in enumerate(activity.data_categories)}
        ordinary = [c for c in activity.data_categories if not _sensitive(c.kind)]
        sensitive = [c for c in activity.data_categories if _sensitive(c.kind)]
        self.categories(sheet, B_DATA, ordinary, positions, where)
        sheet.title(B_SENSITIVE)
        sheet.header(list(self.headers(SENSITIVE_CHECK)))
        present = {c.kind for c in sensitive}
        for kind in SENSITIVE_KINDS:
            sheet.row([self.label(kind), kind.value, _YES if kind in present else _NO])
        self.categories(sheet, B_SENSITIVE_DATA, sensitive, positions, where)
        self.table(sheet, B_SOURCES, SOURCES, activity.sources, f"{where}, sources")
        self.table(
            sheet, B_RECIPIENTS, RECIPIENTS, activity.recipients or (), f"{where}, recipients"
        )
        self.table(sheet, B_TRANSFERS, TRANSFERS, activity.transfers, f"{where}, transfers")
        self.table(sheet, B_SECURITY, SECURITY, activity.security_measures, f"{where}, security")
        sheet.title(B_COMPLEMENTS)
        self.kv(sheet, [OWN_RIGHTS_PRESENT], activity.rights is not None, where)
        self.kv(sheet, [NO_RECIPIENTS], activity.recipients == (), where)
        self.table(sheet, B_OWN_RIGHTS, RIGHTS, activity.rights or (), f"{where}, rights")
        self.table(
            sheet, B_DECISIONS, DECISIONS, activity.automated_decisions, f"{where}, decisions"
        )
        sheet.title(B_CHILDREN)
        self.kv(sheet, [CHILDREN_PRESENT], activity.children is not None, where)
        self.kv(sheet, CHILDREN, activity.children, f"{where}, children")
        sheet.title(B_DPIA)
        self.kv(sheet, [DPIA_CRITERIA], activity, where)
        self.kv(sheet, DPIA_FIELDS, activity.dpia, f"{where}, DPIA")
        return sheet

    def controllers(self, sheet: Sheet, activity: ProcessingActivity, where: str) -> None:
        sheet.title(B_CONTROLLERS)
        sheet.header([N, *self.headers(_CONTROLLER_COLS)])
        for index, controller in enumerate(activity.controllers):
            here = f"{where}, controllers row {index + 1}"
            base = [c for col in CONTROLLER_FIELDS for c in self.cells(col, controller, here)]
            for identifier in controller.identifiers or (None,):
                ident = [
                    c
                    for col in IDENTIFIERS
                    for c in (self.cells(col, identifier, where) if identifier else [None])
                ]
                sheet.row([index + 1, *base, *ident])

    def purposes(self, sheet: Sheet, activity: ProcessingActivity, where: str) -> None:
        sheet.title(B_PURPOSES)
        sheet.header([N, *self.headers(_PURPOSE_COLS)])
        for index, purpose in enumerate(activity.purposes):
            here = f"{where}, purposes row {index + 1}"
            base = [c for col in PURPOSE_FIELDS for c in self.cells(col, purpose, here)]
            for basis in purpose.legal_bases or (None,):
                rest = [c for col in BASIS_FIELDS for c in self.cells(col, basis, here)]
                sheet.row([index + 1, *base, *rest])

    def categories(
        self,
        sheet: Sheet,
        title: str,
        categories: Sequence[DataCategory],
        positions: dict[int, int],
        where: str,
    ) -> None:
        sheet.title(title)
        sheet.header([N, *self.headers(_CATEGORY_COLS)])
        for category in categories:
            position = positions[id(category)]
            here = f"{where}, data category {position}"
            cells = [c for col in _CATEGORY_COLS for c in self.cells(col, category, here)]
            sheet.row([position, *cells])


# --- the csv export before each sheet was encoded whole -------------------------------------


def stream_csv(sheets: Iterable[Sheet], handle: BinaryIO) -> None:
    """The csv writer streaming each row through the ``utf-8-sig`` codec (its
    encoder in Python, called for every row), every cell through _csv_cell."""
    sheets = iter(sheets)
    first = list(itertools.islice(sheets, 2))
    width = 1 + max((len(r) for sheet in first for r in sheet.rows), default=1)
    padding = ("",) * width
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        for sheet in itertools.chain(first, sheets):
            name = csv_cell(sheet.name)
            if any(len(row) >= width for row in sheet.rows):
                msg = f"sheet {sheet.name!r} has a row wider than the layout's widest header"
                raise ValueError(msg)
            writer.writerows(
                (name, *map(csv_cell, row), *padding[len(row) + 1 :]) for row in sheet.rows
            )
        text.flush()
    finally:
        text.detach()


class Export(PerCell):
    """The layout before each list of columns' headers and each code's French
    label were kept for the export, with a column's place in a note spelled
    for every cell (*named*, of the code as it is, is not used)."""

    def label(self, member: enum.Enum) -> str:
        return label(member, "fr")

    def headers(self, cols: Sequence[Col]) -> list[Cell]:
        return [h for c in cols for h in c.headers]

    def cells(self, col: Col, item: Any, where: str, *, named: bool = False) -> list[Cell]:
        if col.kind is Kind.DERIVED:
            return [col.derive(item) if col.derive else None]
        value = _get(item, col.path) if col.path else item
        if col.kind in (Kind.TEXT, Kind.REQUIRED):
            if value == "" and col.kind is Kind.TEXT:
                self.notes.append(
                    f"{where}: « {col.label} » is an empty text; it is written as an empty "
                    "cell and reads back as not set"
                )
            elif value == "":
                self.notes.append(
                    f"{where}: « {col.label} » is an empty text; a row left with no other "
                    "value is not read back"
                )
            return [value if value else None] if col.kind is Kind.TEXT else [value]
        if col.kind is Kind.ENUM:
            return [label(value, "fr"), value.value] if value is not None else [None, None]
        if col.kind is Kind.ENUMS:
            members = tuple(value)
            if not members:
                return [None, None]
            return [
                "; ".join(label(m, "fr") for m in members),
                ", ".join(m.value for m in members),
            ]
        if col.kind is Kind.COUNTRY:
            return [country_name(value, "fr"), value] if value else [None, None]
        if col.kind is Kind.BOOL:
            return [None if value is None else (_YES if value else _NO)]
        if col.kind is Kind.DURATION:
            return [value.isoformat() if value is not None else None]
        if col.kind is Kind.ARCHIVE:
            if value is None:
                return [None]
            return [_UNSTATED if value.duration is None else value.duration.isoformat()]
        cell: Cell = value
        return [cell]

    def kv(self, sheet: Sheet, cols: Iterable[Col], item: Any, where: str) -> None:
        for col in cols:
            sheet.row([col.label, *self.cells(col, item, f"{where}, {col.label}")])

    def table(
        self,
        sheet: Sheet,
        title: str,
        cols: Sequence[Col],
        items: Iterable[Any],
        where: str,
        *,
        number: Callable[[int, Any], int] | None = None,
    ) -> None:
        sheet.title(title)
        headers = [h for c in cols for h in c.headers]
        sheet.header([N, *headers] if number else headers)
        for index, item in enumerate(items):
            cells = [c for col in cols for c in self.cells(col, item, f"{where} row {index + 1}")]
            sheet.row([number(index, item), *cells] if number else cells)


# --- the xlsx and ods exports through openpyxl (write-only) and odfpy ------------------------


def _openpyxl_styles(openpyxl: Any, workbook: Any) -> dict[tuple[str, bool], str]:
    """The workbook's named styles, by (kind of row, wrapped text): a cell
    takes one by name instead of a font, a fill and an alignment of its own,
    which openpyxl would hash again for every cell."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    looks = {
        "title": {"font": Font(bold=True, size=12), "fill": PatternFill("solid", fgColor="DDE6F0")},
        "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="F2F2F2")},
        "": {},
    }
    names: dict[tuple[str, bool], str] = {}
    for kind, look in looks.items():
        for wrap in (False, True):
            if not look and not wrap:
                continue  # the default style
            name = f"gdprkit {kind or 'text'}{' wrapped' if wrap else ''}"
            alignment = Alignment(wrap_text=True, vertical="top") if wrap else Alignment()
            workbook.add_named_style(NamedStyle(name=name, alignment=alignment, **look))
            names[kind, wrap] = name
    return names


def _openpyxl_sheet(workbook: Any, name: str) -> Any:
    """``workbook.create_sheet(name)`` without openpyxl's check of the title
    against every sheet's (quadratic with one sheet per activity): the names
    are unique already (:func:`~gdprkit.render.spreadsheet.export.sheet_names`)."""
    sheets = workbook._sheets
    workbook._sheets = []
    try:
        sheet = workbook.create_sheet(title=name)
    finally:
        workbook._sheets = [*sheets, *workbook._sheets]
    return sheet


def write_xlsx_openpyxl(sheets: Iterable[Sheet], notes: list[str], handle: BinaryIO) -> None:
    """*sheets* as an xlsx workbook written to *handle*, in openpyxl's
    write-only mode: each sheet's rows go to a temporary file of openpyxl's
    as the sheet comes, and the workbook is compressed from them straight
    into *handle* at the end.  If anything fails, the archive is closed, and
    the sheets' writers are closed and their files removed.

    The archive is gdprkit's, not made by ``Workbook.save``: openpyxl leaves
    the archive it makes open when a save fails, to be closed when
    collected, which a file already closed makes fail again."""
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.dimensions import ColumnDimension
    from openpyxl.writer.excel import ExcelWriter

    workbook = openpyxl.Workbook(write_only=True)
    try:
        styles = _openpyxl_styles(openpyxl, workbook)
        long_cells = 0
        for sheet in sheets:
            ws = _openpyxl_sheet(workbook, sheet.name)
            ws.column_dimensions["A"].width = 42
            # Columns B to H as one range: one object a sheet, not seven,
            # kept by openpyxl for every sheet until the workbook is saved.
            ws.column_dimensions["B"] = ColumnDimension(ws, index="B", min=2, max=8, width=24)
            for r, row in enumerate(sheet.rows):
                kind = "title" if r in sheet.titles else "header" if r in sheet.headers else ""
                cells: list[Any] = []
                for value in row:
                    if value is None:
                        cells.append(None)
                        continue
                    encoded = _encoded(value, xml=True)
                    cell = WriteOnlyCell(ws, value=encoded)
                    text = encoded if isinstance(encoded, str) else None
                    long = text is not None and (len(text) > 40 or "\n" in text)
                    style = styles.get((kind, long))
                    if style is not None:
                        cell.style = style
                    if text is not None:
                        long_cells += len(text) > _EXCEL_MAX
                        cell.data_type = "s"
                    elif isinstance(encoded, dt.date):
                        cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                ws.append(cells)
            ws.close()  # its file closed: one sheet's file open at a time
        if long_cells:
            notes.append(
                f"{long_cells} cell(s) hold more than {_EXCEL_MAX} characters, which Excel cuts "
                "when it opens the file"
            )
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            # What Workbook.save does, into this archive (closed when leaving
            # the block, whether the workbook is whole or not).
            workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
            ExcelWriter(workbook, archive).write_data()
    except BaseException:
        _openpyxl_discard(workbook)
        raise


def _openpyxl_discard(workbook: Any) -> None:
    """Close the writers of a write-only workbook that will not be saved and
    remove their files (otherwise each would fail again when collected, and
    the files would stay until the process ends)."""
    from openpyxl.worksheet import _writer

    for ws in workbook._sheets:
        writer = ws._writer
        if writer is None:
            continue
        for generator in (ws._rows, writer.xf):
            if generator is not None:
                with contextlib.suppress(Exception):
                    generator.close()
        with contextlib.suppress(OSError, ValueError):
            Path(writer.out).unlink(missing_ok=True)
            _writer.ALL_TEMP_FILES.remove(writer.out)


def write_ods_odfpy(sheets: Iterable[Sheet]) -> bytes:
    odf = _odf()
    doc = odf.opendocument.OpenDocumentSpreadsheet()
    bold = odf.style.Style(name="gdprkitBold", family="table-cell")
    bold.addElement(odf.style.TextProperties(fontweight="bold"))
    title = odf.style.Style(name="gdprkitTitle", family="table-cell")
    title.addElement(odf.style.TextProperties(fontweight="bold", fontsize="12pt"))
    title.addElement(odf.style.TableCellProperties(backgroundcolor="#DDE6F0"))
    wide = odf.style.Style(name="gdprkitWide", family="table-column")
    wide.addElement(odf.style.TableColumnProperties(columnwidth="9cm"))
    normal = odf.style.Style(name="gdprkitNormal", family="table-column")
    normal.addElement(odf.style.TableColumnProperties(columnwidth="5cm"))
    for style in (bold, title):
        doc.automaticstyles.addElement(style)
    for style in (wide, normal):
        doc.automaticstyles.addElement(style)
    for sheet in sheets:
        table = odf.table.Table(name=sheet.name)
        table.addElement(odf.table.TableColumn(stylename=wide))
        width = max((len(r) for r in sheet.rows), default=1)
        if width > 1:
            table.addElement(
                odf.table.TableColumn(stylename=normal, numbercolumnsrepeated=width - 1)
            )
        for r, row in enumerate(sheet.rows):
            tr = odf.table.TableRow()
            style = title if r in sheet.titles else bold if r in sheet.headers else None
            for value in row:
                tr.addElement(_odfpy_cell(odf, _encoded(value, xml=True), style))
            if not row:
                tr.addElement(odf.table.TableCell())
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _odfpy_cell(odf: Any, value: Cell, style: Any) -> Any:
    extra = {"stylename": style} if style is not None else {}
    if value is None:
        return odf.table.TableCell(**extra)
    if isinstance(value, int):
        cell = odf.table.TableCell(valuetype="float", value=value, **extra)
        cell.addElement(odf.text.P(text=str(value)))
        return cell
    if isinstance(value, dt.date):
        cell = odf.table.TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
        cell.addElement(odf.text.P(text=value.isoformat()))
        return cell
    cell = odf.table.TableCell(valuetype="string", **extra)
    paragraph = odf.text.P()
    odf.teletype.addTextToElement(paragraph, value)
    cell.addElement(paragraph)
    return cell
