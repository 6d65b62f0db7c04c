"""The one writer of the CSV and XLSX files the portal hands out.

Every download of a table (the scorecard, the action plan, the risk register, the action and
challenge logs) and the KPI library is written here, so that a title, a commentary or any
other text someone typed can never run as a formula when the file is opened in a
spreadsheet (OWASP, "CSV Injection"):

- text that begins with =, +, -, @, a tab or a carriage return gets a single quote in front,
  so a spreadsheet shows it as text instead of evaluating it;
- in XLSX every text cell is written as a string, never as a formula;
- numbers (negative ones included) stay numbers and dates stay dates: only text is changed.

Importers undo the quote with ``unescape_formula`` so that a file the portal wrote reads back
as it was.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A text cell beginning with one of these is read as a formula by Excel, LibreOffice or
Google Sheets (OWASP's list)."""

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)

EXPORT_PARAMETER = "_export"
"""The query parameter a list page reads: ?_export=csv or ?_export=xlsx."""

# Excel refuses a sheet title longer than 31 characters or with any of []:*?/\ in it.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDEST_COLUMN = 60

Cell = str | int | float | Decimal | datetime.date | datetime.datetime | datetime.time | None


def escape_formula(text: str) -> str:
    """Return ``text`` with a single quote in front when it begins with a formula character,
    otherwise ``text`` unchanged."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Return ``text`` without the quote escape_formula put in front, so that a file the
    portal wrote imports back as it was; any other text unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def cell_value(value: Any) -> Cell:
    """Return what a cell holds for ``value``: numbers, dates and times as they are (a date and
    time in the portal's time zone, without it, since spreadsheets have none), nothing as
    None, and anything else as text, escaped by escape_formula."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal | datetime.date | datetime.time):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return escape_formula(force_str(value))


def csv_bytes(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, byte_order_mark: bool = False
) -> bytes:
    """Return the UTF-8 CSV of ``header`` and ``rows``, each cell through cell_value; with
    ``byte_order_mark`` it starts with the mark Excel needs to read UTF-8 rather than the PC's
    code page."""
    text = io.StringIO()
    writer = csv.writer(text)
    for row in (header, *rows):
        writer.writerow(["" if cell is None else cell for cell in map(cell_value, row)])
    return text.getvalue().encode("utf-8-sig" if byte_order_mark else "utf-8")


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """Return an Excel workbook of one sheet named ``title``: ``header`` in bold and frozen
    above ``rows``, each cell through cell_value, text always as a string, never a formula."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    widths: dict[int, int] = {}
    for row_number, row in enumerate((header, *rows), start=1):
        for column_number, value in enumerate(row, start=1):
            value = cell_value(value)
            if isinstance(value, str):
                # XML 1.0 cannot hold most control characters; openpyxl refuses the whole
                # workbook if one is there, so a stray one pasted into a title is dropped.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            if row_number == 1:
                cell.font = Font(bold=True)
            longest = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[column_number] = max(widths.get(column_number, 0), longest)
    sheet.freeze_panes = "A2"
    for column_number, width in widths.items():
        sheet.column_dimensions[get_column_letter(column_number)].width = min(
            width + 2, _WIDEST_COLUMN
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet1"


def spreadsheet_bytes(
    fmt: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str
) -> bytes:
    """Return ``header`` and ``rows`` written as ``fmt`` ("csv" or "xlsx"); ``title`` names
    the XLSX sheet. Raises ValueError for any other format."""
    if fmt == "csv":
        return csv_bytes(header, rows)
    if fmt == "xlsx":
        return xlsx_bytes(header, rows, title=title)
    raise ValueError(f'Cannot write "{fmt}": use csv or xlsx.')


def download(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    """Return a response that saves ``content`` (a file of format ``fmt``) as ``filename``."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def table_export(
    request: HttpRequest, table, *, filename: str, exclude_columns: Iterable[str] = ()
) -> HttpResponse | None:
    """Answer ?_export=csv or ?_export=xlsx for a django-tables2 ``table`` (already configured
    for the request): return the download of every row (not only the page shown), in the
    columns the table exports less ``exclude_columns``, saved as ``filename``.csv or .xlsx.

    Returns None when the page should render as usual: no ?_export, or a format the portal
    does not write, which also puts a message on the page saying which formats it does."""
    fmt = request.GET.get(EXPORT_PARAMETER)
    if fmt is None:
        return None
    if fmt not in FORMATS:
        messages.error(
            request,
            "This list can be downloaded as CSV or Excel (XLSX) only, so the page is shown "
            "instead. Use the CSV or Excel link on this page.",
        )
        return None
    header, *rows = table.as_values(exclude_columns=tuple(exclude_columns))
    title = filename.replace("-", " ").capitalize()
    return download(spreadsheet_bytes(fmt, header, rows, title=title), fmt=fmt, filename=filename)
