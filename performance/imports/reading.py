"""Reading a CSV or XLSX file into rows, and reading the values in them.

Line numbers are the row numbers a spreadsheet shows: the header is line 1 and the first
row of data line 2."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models

from cpboard import uploads
from cpboard.exports import unescape_formula
from performance.imports.errors import ImportRefused, RowError

# Far more than a council's KPIs times a decade of quarters; a bigger file is a mistake (or an
# attempt to tie up the server), and splitting it costs the person little.
MAX_ROWS = 10_000
LIMITS = uploads.TableLimits(rows=MAX_ROWS)

# Numerator and denominator are stored as PositiveIntegerField.
_LARGEST_WHOLE_NUMBER = 2_147_483_647

# ASCII digits only: Decimal() would also take "1_000", "NaN", "Infinity" and digits from
# other scripts, none of which a person meant as a figure.
_NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")
# "1,234" or "1,234.5", as a spreadsheet formats thousands.
_GROUPED_RE = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")


class TableRow(dict):
    """One row of a file: column name to the text in it, and the line the row is on."""

    def __init__(self, values: Mapping[str, str], line: int):
        super().__init__(values)
        self.line = line


# --- Reading files ---------------------------------------------------------------------------


def read_table(
    file: str | Path | IO[bytes], filename: str, *, columns: Sequence[str] = ()
) -> list[TableRow]:
    """Return the rows of a CSV or XLSX file (the first sheet), chosen by ``filename``'s ending.

    The first line names the columns; names are read without surrounding spaces and in lower
    case, columns other than ``columns`` are kept but not required, and blank rows are
    skipped. Every value is text without surrounding spaces. Excel numbers become their
    decimal text (55.0 -> "55.0"), and a cell formatted as a percentage gives the percentage
    (0.55 shown as 55% -> "55.00"). CSV must be UTF-8, with or without a byte order mark.

    Raises ImportRefused when the file cannot be read, a column in ``columns`` is missing, or
    it goes beyond LIMITS (more than MAX_ROWS rows, a far row or column, a zip bomb).
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRefused(
            [
                RowError(
                    0,
                    f'"{Path(filename).name}" is not a .csv or .xlsx file. Save it from Excel as '
                    '"Excel Workbook (.xlsx)" or "CSV UTF-8 (Comma delimited)".',
                )
            ]
        )
    if isinstance(file, str | Path):
        with open(file, "rb") as handle:
            return read_table(handle, filename, columns=columns)
    return _table_rows(_read_lines(file, suffix), columns)


def _read_lines(file: IO[bytes], suffix: str) -> Iterator[tuple[int, list[str]]]:
    """The file's rows through the kernel's bounded reader, its refusals as ImportRefused."""
    try:
        yield from uploads.read_lines(file, suffix.lstrip("."), LIMITS)
    except uploads.UploadRefused as refused:
        raise ImportRefused([RowError(refused.line, refused.message)]) from refused


def _table_rows(lines: Iterable[tuple[int, list[str]]], columns: Sequence[str]) -> list[TableRow]:
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        raise ImportRefused(
            [
                RowError(
                    1,
                    f"The file is empty. Its first line must name the columns: "
                    f"{', '.join(columns)}.",
                )
            ]
            if columns
            else [RowError(1, "The file is empty.")]
        )
    header_line, header_cells = first
    header = [cell.strip().lower() for cell in header_cells]
    _check_header(header, header_line, columns)
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if name:
            positions.setdefault(name, index)
    rows = []
    for line, cells in lines:
        # A file the portal wrote has a quote before text starting with =, +, -, @ (so that a
        # spreadsheet does not run it); read back, the text is what it was.
        texts = [unescape_formula(cell.strip()) for cell in cells]
        if not any(texts):
            continue
        values = {
            name: texts[index] if index < len(texts) else "" for name, index in positions.items()
        }
        rows.append(TableRow(values, line))
    return rows


def _check_header(header: list[str], line: int, columns: Sequence[str]) -> None:
    errors = []
    missing = [name for name in columns if name not in header]
    if missing:
        message = (
            f"The file has no {_and_list(missing)} column{'s' if len(missing) > 1 else ''}. "
            f"Its first line must name the columns: {', '.join(columns)}."
        )
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            message += " This file seems to use semicolons or tabs between columns; save it as CSV."
        errors.append(RowError(line, message))
    repeated = [name for name in columns if header.count(name) > 1]
    if repeated:
        errors.append(RowError(line, f"The {_and_list(repeated)} column appears more than once."))
    if errors:
        raise ImportRefused(errors)


def _and_list(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- Reading values --------------------------------------------------------------------------


def _line_of(row: Mapping[str, Any], index: int) -> int:
    """The row's line in the file; rows built by hand are numbered as if under a header."""
    return getattr(row, "line", index + 2)


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _read_number(text: str, column: str, *, percent: bool = False) -> Decimal | None:
    """Return the number in ``text``, or None if it is blank; ValueError says what is wrong."""
    if not text:
        return None
    cleaned = text
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    if _GROUPED_RE.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_RE.fullmatch(cleaned):
        raise ValueError(f'The {column} "{text}" is not a number.')
    return Decimal(cleaned)


def _read_whole_number(text: str, column: str, *, counts_children: bool = True) -> int | None:
    number = _read_number(text, column)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f'The {column} must be a whole number, not "{text}".')
    if number < 0:
        reason = ": it counts children" if counts_children else ""
        raise ValueError(f"The {column} cannot be negative{reason}.")
    if number > _LARGEST_WHOLE_NUMBER:
        raise ValueError(f'The {column} "{text}" is too large.')
    return int(number)


def _field_problems(model: type[models.Model], name: str, value: Any) -> list[str]:
    """The model field's own checks (length, pattern), so an import says what the admin says."""
    try:
        model._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        return error.messages
    return []


def _user_name(user: AbstractBaseUser) -> str:
    return user.get_username()
