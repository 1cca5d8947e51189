"""Every register the strategies can build exports: DPV JSON-LD that rdflib
parses, a .docx python-docx opens and a printable page (opt-in: ``-m property``)."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings

from gdprkit import Register
from gdprkit.render.dpv import export_dpv
from gdprkit.render.register_document import render_document_docx, render_document_html
from gdprkit.testing import registers


pytestmark = [
    pytest.mark.property,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

HEAVY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HEAVY
@given(registers(max_activities=5))
def test_the_dpv_export_of_any_register_parses(register: Register) -> None:
    rdflib = pytest.importorskip("rdflib")
    if len({a.id for a in register.activities}) < len(register.activities):
        text = export_dpv(register)  # IRIs need unique ids; blank nodes do not
        graph = rdflib.Graph().parse(data=text.encode("utf-8"), format="json-ld")
        assert len(graph) > 0
        return
    text = export_dpv(register, base="https://example.com/register/")
    graph = rdflib.Graph().parse(data=text.encode("utf-8"), format="json-ld")
    dpv = rdflib.Namespace("https://w3id.org/dpv#")
    record = rdflib.URIRef("https://example.com/register/register")
    assert len(set(graph.objects(record, dpv.hasProcess))) == len(
        {a.id for a in register.activities}
    )


@HEAVY
@given(registers(max_activities=4))
def test_the_register_document_of_any_register_renders(register: Register) -> None:
    docx = pytest.importorskip("docx")
    page = render_document_html(register, lang="en")
    page.encode("utf-8")
    assert page.count('<section class="sheet"') == len(register.activities) + 1
    document = docx.Document(io.BytesIO(render_document_docx(register)))
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == len(register.activities) + 1
