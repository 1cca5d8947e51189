"""The register document before any medium: sheets of titled tables, which
:mod:`gdprkit.render.register_document` builds and writes as HTML, and
:mod:`gdprkit.render._docx` as Word."""

from __future__ import annotations

import attrs


__all__ = ["Document", "Sheet", "Table"]


@attrs.frozen
class Table:
    """A titled table: a two-column « label | value » list when *header* is
    empty, a grid otherwise; *empty* is shown when there is no row."""

    title: str
    rows: tuple[tuple[str, ...], ...]
    header: tuple[str, ...] = ()
    citation: str | None = None
    empty: str = ""
    note: str | None = None


@attrs.frozen
class Sheet:
    """A page of the document: the organisation, or one activity."""

    title: str
    subtitle: str
    tables: tuple[Table, ...]
    anchor: str


@attrs.frozen
class Document:
    """The whole register document: the organisation's sheet, then one sheet
    per activity."""

    title: str
    lang: str
    sheets: tuple[Sheet, ...]
