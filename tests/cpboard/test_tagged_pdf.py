"""The last step of writing a PDF: each table header cell gets the /Scope the HTML's scope
attribute gave it, and the header IDs an /IDTree, on small documents WeasyPrint renders in
tens of milliseconds (the compiled reports are checked in tests/reports/)."""

import pikepdf
from weasyprint import HTML

from cpboard.tagged_pdf import finish_tagged_pdf, structure_elements

# A table with no <thead>: WeasyPrint's grouping cannot tell the column headers from the row
# headers, only the scope attributes can.
TABLE = """<!DOCTYPE html><html lang="en-GB"><head><title>Figures</title></head><body>
<table>
  <caption>Children in care by quarter</caption>
  <tr><th scope="col">Measure</th><th scope="col">Q1</th><th scope="col">Q2</th></tr>
  <tr><th scope="row">Children in care</th><td>503</td><td>498</td></tr>
  <tr><th scope="row">Care leavers</th><td>180</td><td>184</td></tr>
</table>
</body></html>"""


def _headers(path) -> list[tuple[str, str, str]]:
    with pikepdf.open(path) as pdf:
        return [
            (bytes(element.ID).decode(), str(element.A.get("/Scope")), str(element.A.O))
            for element in structure_elements(pdf.Root.StructTreeRoot)
            if element.S == "/TH"
        ]


def test_headers_are_scoped_as_their_html_scope_says(tmp_path):
    target = tmp_path / "figures.pdf"

    finish_tagged_pdf(HTML(string=TABLE).write_pdf(pdf_variant="pdf/ua-1"), target)

    scopes = [scope for _id, scope, _owner in _headers(target)]
    assert scopes == ["/Column", "/Column", "/Column", "/Row", "/Row"]
    assert {owner for _id, _scope, owner in _headers(target)} == {"/Table"}


def test_each_header_id_leads_to_its_header(tmp_path):
    target = tmp_path / "figures.pdf"

    finish_tagged_pdf(HTML(string=TABLE).write_pdf(pdf_variant="pdf/ua-1"), target)

    with pikepdf.open(target) as pdf:
        ids = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)
        found = {key: bytes(element.ID).decode() for key, element in ids.items()}
    assert sorted(found) == sorted(header_id for header_id, _scope, _owner in _headers(target))
    assert all(key == header_id for key, header_id in found.items())


def test_an_untagged_pdf_is_written_as_it_is(tmp_path):
    target = tmp_path / "plain.pdf"

    finish_tagged_pdf(HTML(string=TABLE).write_pdf(), target)

    with pikepdf.open(target) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert len(pdf.pages) == 1
