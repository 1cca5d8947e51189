"""The register laid out as sheets (the cover sheet, one fiche per activity)."""

from __future__ import annotations

import enum
import functools
import json
import operator
import re
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeAlias

import attrs

from gdprkit.model import (
    DataCategory,
    ProcessingActivity,
    Register,
)
from gdprkit.model.extensions import thaw, walk_extensions
from gdprkit.render._labels import (
    country_name,
    label,
)
from gdprkit.render.spreadsheet.cells import _get, _norm
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
    CATEGORY_FIELDS,
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
    END_NOTE,
    END_SHEET,
    END_TITLE,
    EXTENSIONS,
    FICHE_TITLE,
    FORMAT_VERSION,
    FORMULA_START,
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


def _itself(item: Any) -> Any:
    return item


@attrs.frozen
class _ExtensionRow:
    """A row of the extension fields' block: where, which key, the JSON value."""

    path: str | None
    key: str
    value: str


_CATEGORY_COLS = (*CATEGORY_FIELDS, *RETENTION_FIELDS)


_Convert: TypeAlias = "Callable[[Any, str], list[Cell]]"
"""A column's conversion: the cells of an item, and its place for a note."""
_Columns: TypeAlias = "tuple[Sequence[Col], list[Cell], list[_Convert]]"
"""A list of columns, its headers, and its columns' conversions."""


class _Export:
    """Turns a register into sheets, collecting notes on what is lost."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.notes: list[str] = []
        self._headers: dict[int, _Columns] = {}
        self._actors = _actors(register)  # the same on every fiche
        self._labels: dict[int, str] = {}
        self._checklist = [(kind, (self.label(kind), kind.value)) for kind in SENSITIVE_KINDS]
        self._converters: dict[int, tuple[Col, _Convert]] = {}
        self.formulas = 0
        """Texts a spreadsheet would take for a formula, laid out by the
        columns' conversions since the last sheet was finished (:meth:`done`)."""

    def converter(self, col: Col) -> _Convert:
        """The function giving the cells of *col* for an item, and a place
        (*where*, for the note on an empty text, which names the column
        itself), chosen once per column in an export from its kind and path."""
        known = self._converters.get(id(col))
        if known is None or known[0] is not col:  # kept with its column: its id is not reused
            known = (col, self._converter(col))
            self._converters[id(col)] = known
        return known[1]

    def _converter(self, col: Col) -> _Convert:
        """The function turning an item into the cells of *col*; a text that
        a spreadsheet would take for a formula is counted (:attr:`formulas`)
        where a text can come from the register: a text column, a derived one."""
        kind, path, derive = col.kind, col.path, col.derive
        if kind is Kind.DERIVED:

            def derived(item: Any, where: str) -> list[Cell]:
                value = derive(item) if derive else None
                if type(value) is str and value.startswith(FORMULA_START):
                    self.formulas += 1
                return [value]

            return derived
        get: Callable[[Any], Any]
        if not path:
            get = _itself
        elif "." in path:
            get = functools.partial(_get, path=path)
        else:
            get = operator.attrgetter(path)
        if kind is Kind.TEXT or kind is Kind.REQUIRED:
            optional = kind is Kind.TEXT

            def text(item: Any, where: str) -> list[Cell]:
                value = None if item is None else get(item)
                if value:
                    if value.startswith(FORMULA_START):
                        self.formulas += 1
                    return [value]
                if value == "":
                    self.empty(col, where)
                    return [None] if optional else [value]
                return [None]

            return text
        if kind is Kind.ENUM:

            def member(item: Any, where: str) -> list[Cell]:
                value = None if item is None else get(item)
                return [None, None] if value is None else [self.label(value), value._value_]

            return member
        if kind is Kind.ENUMS:

            def members(item: Any, where: str) -> list[Cell]:
                values = tuple(get(item))
                if not values:
                    return [None, None]
                return [
                    "; ".join(self.label(m) for m in values),
                    ", ".join(m._value_ for m in values),
                ]

            return members
        if kind is Kind.COUNTRY:

            def country(item: Any, where: str) -> list[Cell]:
                value = None if item is None else get(item)
                return [country_name(value, "fr"), value] if value else [None, None]

            return country
        if kind is Kind.BOOL:

            def boolean(item: Any, where: str) -> list[Cell]:
                value = None if item is None else get(item)
                return [None if value is None else (_YES if value else _NO)]

            return boolean
        if kind is Kind.DURATION:

            def duration(item: Any, where: str) -> list[Cell]:
                value = None if item is None else get(item)
                return [None if value is None else value.isoformat()]

            return duration
        if kind is Kind.ARCHIVE:

            def archive(item: Any, where: str) -> list[Cell]:
                value = None if item is None else get(item)
                if value is None:
                    return [None]
                return [_UNSTATED if value.duration is None else value.duration.isoformat()]

            return archive

        def plain(item: Any, where: str) -> list[Cell]:  # a date, a number
            return [None if item is None else get(item)]

        return plain

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
        return self._columns(cols)[1]

    def converters(self, cols: Sequence[Col]) -> list[_Convert]:
        """The :meth:`converter` of each of *cols*, listed once per list of
        columns in an export."""
        return self._columns(cols)[2]

    def _columns(self, cols: Sequence[Col]) -> _Columns:
        known = self._headers.get(id(cols))
        if known is None or known[0] is not cols:  # kept with its list: its id is not reused
            headers = [h for c in cols for h in c.headers]
            known = (cols, headers, [self.converter(c) for c in cols])
            self._headers[id(cols)] = known
        return known

    def kv(self, sheet: Sheet, cols: Iterable[Col], item: Any, where: str) -> None:
        for col in cols:
            sheet.rows.append([col.label, *self.converter(col)(item, where)])

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
        converters = self.converters(cols)
        for index, item in enumerate(items):
            here = f"{where} row {index + 1}"
            cells = [c for convert in converters for c in convert(item, here)]
            sheet.rows.append([number(index, item), *cells] if number else cells)

    def done(self, sheet: Sheet) -> Sheet:
        """*sheet*, with the formula-like texts its columns laid out counted."""
        sheet.formulas += self.formulas
        self.formulas = 0
        return sheet

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
        extensions = _extension_rows(reg)
        if extensions:
            self.table(sheet, B_EXTENSIONS, EXTENSIONS, extensions, COVER_SHEET)
        return self.done(sheet)

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
        self.nested(
            sheet,
            B_CONTROLLERS,
            (CONTROLLER_FIELDS, IDENTIFIERS),
            activity.controllers,
            operator.attrgetter("identifiers"),
            f"{where}, controllers",
        )
        self.table(sheet, B_PROCESSING, PROCESSING, activity.processing_categories, where)
        self.nested(
            sheet,
            B_PURPOSES,
            (PURPOSE_FIELDS, BASIS_FIELDS),
            activity.purposes,
            operator.attrgetter("legal_bases"),
            f"{where}, purposes",
        )
        self.table(sheet, B_SUBJECTS, SUBJECTS, activity.data_subjects, f"{where}, data subjects")
        positions = {id(c): i + 1 for i, c in enumerate(activity.data_categories)}
        ordinary = [c for c in activity.data_categories if not _sensitive(c.kind)]
        sensitive = [c for c in activity.data_categories if _sensitive(c.kind)]
        self.categories(sheet, B_DATA, ordinary, positions, where)
        sheet.title(B_SENSITIVE)
        sheet.header(list(self.headers(SENSITIVE_CHECK)))
        present = {c.kind for c in sensitive}
        for kind, cells in self._checklist:  # the layout's words: no formula to count
            sheet.rows.append([*cells, _YES if kind in present else _NO])
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
        return self.done(sheet)

    def nested(
        self,
        sheet: Sheet,
        title: str,
        cols: tuple[Sequence[Col], Sequence[Col]],
        items: Iterable[Any],
        inner: Callable[[Any], Sequence[Any]],
        where: str,
    ) -> None:
        """A numbered table of *items* and the items *inner* gives inside
        each (a controller's identifiers, a purpose's lawful bases): a row per
        inner item, the outer item's cells repeated, or one row with empty
        inner cells when there is none."""
        outer_cols, inner_cols = cols
        sheet.title(title)
        sheet.header([N, *self.headers(outer_cols), *self.headers(inner_cols)])
        outer, nested = self.converters(outer_cols), self.converters(inner_cols)
        for index, item in enumerate(items):
            here = f"{where} row {index + 1}"
            base = [c for convert in outer for c in convert(item, here)]
            for part in inner(item) or (None,):
                rest = [c for convert in nested for c in convert(part, here)]
                sheet.rows.append([index + 1, *base, *rest])

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
        converters = self.converters(_CATEGORY_COLS)
        for category in categories:
            position = positions[id(category)]
            here = f"{where}, data category {position}"
            cells = [c for convert in converters for c in convert(category, here)]
            sheet.rows.append([position, *cells])


def _extension_rows(register: Register) -> list[_ExtensionRow]:
    """A row for every extension field of *register*, wherever it is."""
    return [
        _ExtensionRow(path or None, key, json.dumps(thaw(value), ensure_ascii=False))
        for path, key, value in walk_extensions(register)
    ]


def _summary(*parts: object) -> str | None:
    text = " — ".join(str(p) for p in parts if p)
    return text or None


def _actors(register: Register) -> tuple[str | None, str | None, str | None]:
    c, d, r = register.controller, register.dpo, register.representative
    return (
        _summary(c.name, c.contact.email, c.contact.phone, c.contact.address),
        _summary(d.name, d.contact.email, d.contact.phone, d.contact.address) if d else None,
        _summary(r.name, r.contact.email, r.contact.phone, r.contact.address) if r else None,
    )


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]|[^\w \-.,()&+=!#$%~@'’«»]")
_RESERVED = {"history", _norm(COVER_SHEET), _norm(END_SHEET)}


def sheet_names(activities: Sequence[ProcessingActivity]) -> list[str]:
    """A sheet name per activity: its id made safe, at most 31 characters,
    unique regardless of case, never the cover sheet's name."""
    taken: set[str] = set(_RESERVED)
    names: list[str] = []
    for activity in activities:
        base = _SHEET_FORBIDDEN.sub("-", activity.id).strip("'’ ")[:31] or "Fiche"
        name, counter = base, 1
        while _norm(name) in taken or not name.strip():
            counter += 1
            suffix = f"~{counter}"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(_norm(name))
        names.append(name)
    return names


def _layout(register: Register) -> tuple[list[Sheet], list[str]]:
    """Every sheet of the workbook, and the notes on what it cannot hold."""
    notes: list[str] = []
    return list(_sheets(register, notes)), notes


def _sheets(register: Register, notes: list[str]) -> Iterator[Sheet]:
    """The sheets one at a time, the closing sheet last; the notes on what
    they cannot hold are added to *notes* as they are laid out."""
    names = sheet_names(register.activities)
    export = _Export(register)
    export.notes = notes
    yield export.cover(names)
    for activity, name in zip(register.activities, names, strict=True):
        yield export.fiche(activity, name)
    end = Sheet(END_SHEET)
    end.title(END_TITLE)
    end.rows[-1].append(END_NOTE)
    yield end
