"""Time the register's exports for people and other tools, in one run.

For each size N (activities, from benchmarks.generate), the DPV JSON-LD
export, the printable HTML document and the Word document are timed on the
same register, alternating (benchmarks.run's harness), with an ablation: the
Word document written with python-docx's own ``add_paragraph``/``add_table``
and styles looked up by name, the way its tutorial does, which grows
quadratically with the document.  Reported: the median, the time per activity
(flat when the cost is linear) and the ratio to ``export_dpv``.

Usage::

    python -m benchmarks.exports                  # N = 10, 50, 200
    python -m benchmarks.exports --sizes 10,40
"""

from __future__ import annotations

import argparse
import io
from typing import Any

import gdprkit
from benchmarks.generate import generate_bytes
from benchmarks.run import Contender, measure
from gdprkit.render import _docx
from gdprkit.render.dpv import export_dpv
from gdprkit.render.register_document import Document, build_document, render_document_html


def tutorial_docx(document: Document) -> bytes:
    """The ablation: the same document through python-docx's public calls."""
    docx: Any = _docx._docx()
    out = docx.Document()
    for index, sheet in enumerate(document.sheets):
        title = out.add_heading(sheet.title, level=1)
        title.paragraph_format.page_break_before = index > 0
        out.add_paragraph(sheet.subtitle)
        for table in sheet.tables:
            out.add_heading(table.title, level=2)
            columns = len(table.header) if table.header else 2
            grid = out.add_table(rows=0, cols=columns)
            grid.style = "Table Grid"
            rows = [table.header] if table.header else []
            rows += table.rows or [(table.empty,) * columns]
            for values in rows:
                for cell, text in zip(grid.add_row().cells, values, strict=True):
                    cell.paragraphs[0].add_run(_docx._docx_text(text))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def contenders(register: gdprkit.Register) -> list[Contender]:
    document = build_document(register, "fr")
    return [
        Contender("export_dpv", lambda: export_dpv(register), "export"),
        Contender("render_document_html", lambda: render_document_html(register), "export"),
        Contender("render_document_docx", lambda: _docx.write_docx(document), "export"),
        Contender(
            "ablation: docx through add_paragraph/add_table",
            lambda: tutorial_docx(document),
            "ablation",
            rounds=3,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,200", help="comma-separated N")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for n in (int(s) for s in args.sizes.split(",")):
        register = gdprkit.loads(generate_bytes(n))
        results = measure(contenders(register), args.rounds, min_time=0.05)
        base = next(r for r in results if r.name == "export_dpv").median
        print(f"\nN = {n:,} activities")
        print(f"{'contender':50} {'median':>10} {'per activity':>14} {'ratio':>7}")
        for r in results:
            print(
                f"{r.name:50} {r.median * 1e3:8.1f} ms {r.median / n * 1e3:10.2f} ms "
                f"{r.median / base:7.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
