"""The last step of writing any PDF the portal makes: the table headers of its structure tree
made readable to a screen reader (PDF/UA-1 §7.5).

WeasyPrint (70) tags each <th> as a /TH with an /ID and lists the headers of each data cell in
its /Headers, but gives no /TH a /Scope (WeasyPrint issue 2508) and writes no /IDTree, so a
reader that resolves /Headers through the structure tree root finds nothing, and one that reads
/Scope cannot tell which header a figure belongs to. This step adds both with pikepdf:

- /Scope /Row or /Column on every /TH: a header the data cells of its own row name (WeasyPrint
  does that for <th scope="row">) is a row header; one that cells of other rows name is a
  column header; a header no data cell names (the "KPI" above a column of row headers) heads
  its column if it sits in the table's head or in a row of headers only, and its row
  otherwise, as the templates' scope attributes say.
- /IDTree on the structure tree root, mapping each element's /ID to the element, as
  ISO 32000-1 §14.7.2 requires of a tree whose elements have identifiers.

Every writer of a PDF (the compiled reports, and the agenda packs when they come) passes what
WeasyPrint wrote through `finish_tagged_pdf`. It reads the PDF's own objects, not WeasyPrint's,
so it holds while WeasyPrint changes; a /Scope already there is kept.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

TABLE_GROUPS = ("/THead", "/TBody", "/TFoot")


def finish_tagged_pdf(pdf: bytes, target: Path) -> None:
    """Write the tagged PDF `pdf` (as WeasyPrint returns it) to `target` with a /Scope on
    every table header cell and an /IDTree on its structure tree. A PDF with no structure
    tree is written as it is."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is not None:
            identified = []
            for element in structure_elements(tree):
                if "/ID" in element:
                    identified.append((bytes(element.ID), element))
                if element.S == "/Table":
                    _scope_headers(element)
            if identified:
                # One leaf of the name tree holds every identifier, in byte order.
                names = Array()
                for key, element in sorted(identified, key=lambda pair: pair[0]):
                    names.append(pikepdf.String(key))
                    names.append(element)
                tree[Name.IDTree] = Dictionary(Names=names)
        # Into the file itself: pikepdf's save to a path that exists writes a second file
        # beside it and renames it, which a compile's temporary folder should not hold.
        with target.open("wb") as stream:
            document.save(stream)


def structure_elements(node: pikepdf.Object) -> Iterator[Dictionary]:
    """Every structure element under `node` in reading order, each before its children
    (marked-content numbers and annotation references are not elements)."""
    stack = _kids(node)[::-1]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(_kids(element)[::-1])


def _kids(node: pikepdf.Object) -> list[Dictionary]:
    kids = node.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, Array) else [kids]
    return [kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid]


def _children(element: Dictionary, *roles: str) -> list[Dictionary]:
    return [kid for kid in _kids(element) if kid.S in roles]


def _rows(table: Dictionary) -> Iterator[tuple[str, Dictionary]]:
    """The table's rows with the group each sits in ("/THead", "/TBody" ... or "/Table")."""
    for child in _children(table, "/TR", *TABLE_GROUPS):
        if child.get("/S") == "/TR":
            yield "/Table", child
        else:
            for row in _children(child, "/TR"):
                yield str(child.S), row


def _table_attributes(cell: Dictionary) -> Dictionary:
    """The cell's attribute dictionary of owner /Table, added if it has none."""
    attributes = cell.get("/A")
    candidates = list(attributes) if isinstance(attributes, Array) else [attributes]
    for candidate in candidates:
        if isinstance(candidate, Dictionary) and candidate.get("/O") == "/Table":
            return candidate
    owned = Dictionary(O=Name.Table)
    if attributes is None:
        cell[Name.A] = owned
    elif isinstance(attributes, Array):
        attributes.append(owned)
    else:
        cell[Name.A] = Array([attributes, owned])
    return owned


def _headers_named(cell: Dictionary) -> list[bytes]:
    """The header IDs a data cell's /Headers names (in any of its attribute dictionaries)."""
    attributes = cell.get("/A")
    named = []
    for candidate in list(attributes) if isinstance(attributes, Array) else [attributes]:
        if isinstance(candidate, Dictionary):
            named.extend(bytes(key) for key in candidate.get("/Headers", Array()))
    return named


def _scope_headers(table: Dictionary) -> None:
    rows = [(group, _children(row, "/TH", "/TD")) for group, row in _rows(table)]
    # Which row each header sits in, and whether data cells of that row or of others name it.
    header_row = {
        bytes(cell.ID): index
        for index, (_group, cells) in enumerate(rows)
        for cell in cells
        if cell.S == "/TH" and "/ID" in cell
    }
    named_by_own_row: set[bytes] = set()
    named_by_other_rows: set[bytes] = set()
    for index, (_group, cells) in enumerate(rows):
        for cell in cells:
            if cell.S != "/TD":
                continue
            for key in _headers_named(cell):
                if key in header_row:
                    named = named_by_own_row if header_row[key] == index else named_by_other_rows
                    named.add(key)
    for group, cells in rows:
        row_of_headers = group == "/THead" or all(cell.S == "/TH" for cell in cells)
        for cell in cells:
            if cell.S != "/TH":
                continue
            key = bytes(cell.ID) if "/ID" in cell else None
            if key in named_by_own_row:
                scope = Name.Row
            elif key in named_by_other_rows or row_of_headers:
                scope = Name.Column
            else:
                scope = Name.Row
            attributes = _table_attributes(cell)
            if "/Scope" not in attributes:
                attributes[Name.Scope] = scope
