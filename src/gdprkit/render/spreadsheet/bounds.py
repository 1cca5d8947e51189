"""The limits an imported spreadsheet must stay within.

A spreadsheet is a compressed archive (``xlsx``, ``ods``) or a text file
(``csv``) whose size says little about what it expands to: an ``ods`` of
17 KB can declare 200 million repeated rows, an ``xlsx`` can declare a
sheet of 1,048,576 × 16,384 cells.  Import refuses anything beyond these
limits before building it, quickly, naming the limit and the cell.  They are
far above what any register needs (a register of 2,000 activities exports to
about 2,000 sheets of under 200 rows and 25 columns).
"""

from __future__ import annotations

import zipfile
from pathlib import Path


__all__ = [
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_SHEETS",
    "Unreadable",
    "check_archive",
    "check_cell",
    "check_size",
]

MAX_BYTES = 256 * 2**20
"""Bytes of the file (``csv``) or of its parts once uncompressed (``xlsx``, ``ods``)."""
MAX_SHEETS = 10_000
"""Sheets in one file."""
MAX_ROWS = 100_000
"""Rows in one sheet, blank rows included."""
MAX_COLUMNS = 1_000
"""Cells in one row, blank cells included."""
MAX_CELL = 1_000_000
"""Characters in one cell."""


class Unreadable(ValueError):
    """A spreadsheet that import refuses: *where* (a cell, a sheet or the
    file, ``""``) and why."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


def check_archive(path: Path) -> None:
    """Refuse an ``xlsx`` or ``ods`` whose parts expand beyond :data:`MAX_BYTES`
    (as their sizes are declared: the zip reader never reads past them)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        msg = f"cannot read the spreadsheet ({error}): the file may be cut or damaged"
        raise Unreadable("", msg) from None
    if total > MAX_BYTES:
        msg = f"its parts hold {total:,} bytes uncompressed; import reads at most {MAX_BYTES:,}"
        raise Unreadable("", msg)


def check_size(size: int, where: str, limit: int, what: str) -> None:
    """Refuse a count of rows, columns or sheets beyond its *limit*."""
    if size > limit:
        msg = f"{size:,} {what}; import reads at most {limit:,}"
        raise Unreadable(where, msg)


def check_cell(value: object, where: str) -> None:
    """Refuse a text cell beyond :data:`MAX_CELL` characters."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        msg = f"a cell of {len(value):,} characters; import reads at most {MAX_CELL:,}"
        raise Unreadable(where, msg)
