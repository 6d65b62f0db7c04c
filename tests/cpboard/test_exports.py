"""The one writer of CSV and XLSX downloads: text that a spreadsheet would run as a formula is
written as text, and numbers and dates stay what they are."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from cpboard.exports import csv_bytes, escape_formula, unescape_formula, xlsx_bytes

DANGEROUS = [
    '=HYPERLINK("http://127.0.0.1:8999/a","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes) -> list[list[openpyxl.cell.Cell]]:
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()]


@pytest.mark.parametrize("text", DANGEROUS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_text_starting_with_a_formula_character_is_written_as_quoted_text(text):
    [_, [csv_cell]] = read_csv(csv_bytes(["Title"], [[text]]))
    [_, [xlsx_cell]] = read_xlsx(xlsx_bytes(["Title"], [[text]], title="Risks"))

    assert csv_cell == "'" + text
    assert xlsx_cell.data_type == "s"
    assert xlsx_cell.value == "'" + text


def test_a_header_starting_with_a_formula_character_is_quoted_too():
    [[csv_header]] = read_csv(csv_bytes(["=1+1"], []))
    [[xlsx_header]] = read_xlsx(xlsx_bytes(["=1+1"], [], title="Risks"))

    assert csv_header == "'=1+1"
    assert (xlsx_header.data_type, xlsx_header.value) == ("s", "'=1+1")


def test_ordinary_text_is_written_unchanged():
    text = "Placement stability: 3 or more moves = red, 'quoted', a - b"

    [_, [csv_cell]] = read_csv(csv_bytes(["Title"], [[text]]))
    [_, [xlsx_cell]] = read_xlsx(xlsx_bytes(["Title"], [[text]], title="Risks"))

    assert csv_cell == text
    assert xlsx_cell.value == text


def test_numbers_and_dates_stay_numbers_and_dates_negative_ones_included():
    row = [-3, Decimal("55.5"), -0.25, Decimal("-12.00"), datetime.date(2025, 1, 31), None]

    [_, csv_row] = read_csv(csv_bytes(list("abcdef"), [row]))
    [_, xlsx_row] = read_xlsx(xlsx_bytes(list("abcdef"), [row], title="Figures"))

    assert csv_row == ["-3", "55.5", "-0.25", "-12.00", "2025-01-31", ""]
    assert [cell.data_type for cell in xlsx_row[:4]] == ["n", "n", "n", "n"]
    assert [cell.value for cell in xlsx_row[:4]] == [-3, 55.5, -0.25, -12]
    assert xlsx_row[4].value == datetime.datetime(2025, 1, 31)
    assert xlsx_row[4].is_date
    assert xlsx_row[5].value is None


def test_a_time_zone_aware_moment_is_written_in_local_time():
    moment = datetime.datetime(2025, 7, 1, 17, 30, tzinfo=datetime.UTC)

    [_, [cell]] = read_xlsx(xlsx_bytes(["When"], [[moment]], title="Meetings"))

    assert cell.value == datetime.datetime(2025, 7, 1, 18, 30)  # British Summer Time


def test_control_characters_that_xlsx_cannot_hold_are_dropped_not_a_crash():
    [_, [cell]] = read_xlsx(xlsx_bytes(["Title"], [["Bell\x07 and\x00 null"]], title="Risks"))

    assert cell.value == "Bell and null"


@pytest.mark.parametrize("text", DANGEROUS)
def test_importers_read_an_escaped_cell_back_as_it_was(text):
    assert unescape_formula(escape_formula(text)) == text


def test_importers_leave_other_quotes_alone():
    assert unescape_formula("'Tis the season") == "'Tis the season"
    assert unescape_formula("'") == "'"
