"""The register as a spreadsheet in the layout of the CNIL's register template,
and back.

:func:`export_register` writes ``xlsx``, ``ods`` or ``csv`` (one file holding
every sheet) with the standard library alone; :func:`import_register` reads
any of them back (``xlsx`` needs ``openpyxl``, extra ``xlsx``; ``ods`` needs
``odfpy``, extra ``ods``).

Layout
------
It follows the CNIL « modèle de registre » (``registre-rgpd-basique``), in
French:

* a cover sheet, **Registre**: the organisation and its contact details, its
  DPO, its EU representative, the rights and security measures common to
  every activity, and the list of activities; then, when the register has
  any, its accepted findings and every extension field (``x-``) of the
  register, each with the path of its element and its value as JSON;
* one sheet per activity (**fiche de registre**), named after the activity's
  id (at most 31 characters, without ``[ ] : * ? / \\``, unique), with the
  template's blocks in its order: description, actors, purposes and lawful
  bases, data subjects, categories of data with their retention, sensitive
  data (the template's checklist, the NIR included, then the sensitive
  categories), sources, recipients, transfers outside the EU, security
  measures; then a block « Compléments gdprkit » for what the template has no
  row for: the activity's own list of rights, automated decisions (Art. 22),
  children's consent (Art. 8) and the DPIA (Art. 35).

Every block is a titled table (or a two-column « label | value » list) whose
rows carry the stable ids in a **Code** column beside the French labels, so
that import does not depend on the wording of labels: a code wins over its
label; a row typed by hand with a label and no code is read by its label (French or
English).  Columns marked as computed (the retention in plain words, the
sensitive-data checklist, the actors copied from the cover sheet, the list
of activities) are not read back; import reports any that no longer match.

The « Archivage intermédiaire » column holds the archive's ISO 8601 duration,
or « non précisée » for an archive whose duration the register does not state
(« dans la limite des délais de prescription »); on import, those words (or
"not specified"), or an empty cell beside a « Fondement de l’archivage », read
back as an archive of unstated length, and an empty cell with no ground as no
archive at all.

Lossless, and what is not
-------------------------
Export then import gives back the same register, field for field, activity
order included.  Two things cannot survive and are reported by export:

* an optional text that is the empty string is written as an empty cell and
  read back as "not set";
* (``xlsx``) a text longer than 32,767 characters, which Excel cuts.

Formula injection
-----------------
A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by a spreadsheet.  Export writes it with a leading
apostrophe (``'=HYPERLINK(…)``, ``'-5 %``), the neutralisation OWASP
recommends, which also works in CSV; a text that starts with an apostrophe
gets one more.  Import removes exactly one leading apostrophe, so every text
comes back unchanged, and no stored cell is a formula.  In ``xlsx`` and
``ods``, characters XML cannot hold (control characters, a lone carriage
return) are written as ``_xHHHH_`` escapes, as Office Open XML does, and
read back.

CSV
---
One file, in long form: every row of every sheet, in sheet order, each
starting with the name of its sheet (« Feuille ») followed by the sheet's
cells, so that the file is the workbook read top to bottom and a single
artefact to keep, diff or send.  UTF-8 with a byte-order mark (so that
spreadsheet programs detect the encoding), comma-separated (RFC 4180).  Each
row is as wide as the layout makes it (a table's rows as its header), the
first row alone padded to the width of the widest, so that a reader taking
the number of columns from the first line (pandas) reads every row.  Import
also reads a file whose rows are all padded (earlier versions wrote them so)
and a file saved again with ``;`` as the separator (French Excel does).  Cell
references in import messages (``compte-plateforme!B12``) count the rows of
that sheet, as in ``xlsx``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gdprkit.model import Register
from gdprkit.render.spreadsheet.bounds import Unreadable
from gdprkit.render.spreadsheet.csv import _read_csv, _stream_csv
from gdprkit.render.spreadsheet.export import _sheets
from gdprkit.render.spreadsheet.layout import FORMAT_VERSION, RawSheet, Sheet
from gdprkit.render.spreadsheet.ods import _odf, _read_ods, _write_ods
from gdprkit.render.spreadsheet.reader import _parse
from gdprkit.render.spreadsheet.xlsx import _openpyxl, _read_xlsx, _write_xlsx
from gdprkit.serialization import LoadError, Problem
from gdprkit.serialization._files import write_atomic


__all__ = ["FORMATS", "FORMAT_VERSION", "export_register", "import_register"]

FORMATS = ("xlsx", "ods", "csv")
"""The formats :func:`export_register` writes and :func:`import_register` reads."""


def _check_format(format: str) -> str:
    if format not in FORMATS:
        msg = f"unsupported format {format!r}: choose one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    return format


def export_register(register: Register, path: Path, *, format: str) -> tuple[str, ...]:
    """Write *register* as a spreadsheet in the CNIL template's layout.

    Args:
        register: The register.
        path: The file to write.
        format: ``"xlsx"``, ``"ods"`` or ``"csv"``.

    Returns:
        Notes on what the spreadsheet cannot hold exactly (empty optional
        texts, over-long cells) or what a reader should know (texts written
        with a protective apostrophe); empty for most registers.

    Raises:
        ValueError: for an unknown format.
    """
    _check_format(format)
    path = Path(path)
    notes: list[str] = []
    formulas = [0]

    def sheets() -> Iterator[Sheet]:
        """The sheets one at a time, each dropped once written."""
        for sheet in _sheets(register, notes):
            formulas[0] += sheet.formulas
            yield sheet

    # Written as ``dump`` writes: a failed export leaves the previous file as
    # it was.  Each sheet goes to the file (csv) or is compressed into its
    # archive (xlsx, ods) as it is laid out, and is dropped.
    if format == "csv":
        written = write_atomic(path, lambda handle: _stream_csv(sheets(), handle))
    elif format == "xlsx":
        written = write_atomic(path, lambda handle: _write_xlsx(sheets(), notes, handle))
    else:
        written = write_atomic(path, lambda handle: _write_ods(sheets(), handle))
    notes.extend(written)
    neutralised = formulas[0]
    if neutralised:
        notes.append(
            f"{neutralised} cell(s) start with = + - @, a tab or a carriage return: they are "
            "written after an apostrophe so that no spreadsheet runs them as formulas; "
            "import_register removes it"
        )
    return tuple(notes)


def import_register(path: Path) -> tuple[Register, tuple[str, ...]]:
    """Read a register from a spreadsheet written by :func:`export_register`
    (or edited since, in the same layout).

    The format follows *path*'s extension: ``.csv``, ``.ods``, anything else
    is read as ``xlsx``.

    Returns:
        The register, and notes on what was not read: rows, columns or
        sheets outside the layout, computed cells that no longer match the
        data, labels that disagree with their code.

    Raises:
        LoadError: listing every cell that cannot be read (unknown code,
            bad date or duration, no cover sheet), or every problem of the
            register built from it.
        MissingDependency: when the library for the format is not installed.
    """
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader: Callable[[Path], list[RawSheet]] = _read_csv
    elif suffix == ".ods":
        _odf()
        reader = _read_ods
    else:
        _openpyxl()
        reader = _read_xlsx
    try:
        sheets = reader(path)
    except Unreadable as error:
        raise LoadError([Problem(error.where, error.message)], source) from None
    except Exception as error:
        msg = f"cannot read the spreadsheet: {type(error).__name__}: {error}"
        raise LoadError([Problem("", msg)], source) from error
    register, notes = _parse(sheets, source, long_form=suffix == ".csv")
    return register, tuple(notes)
