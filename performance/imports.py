"""Loading quarterly figures and the KPI library from CSV or Excel files, and writing the
library back out so councils can share it.

Both imports check the whole file before saving anything. If any row is wrong nothing is
saved, and ImportRefused lists every problem with the line it is on, so a person can fix the
file and load it again. Line numbers are the row numbers a spreadsheet shows: the header is
line 1 and the first row of data line 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models, transaction
from django.utils import timezone

from cpboard.quarters import FinancialQuarter, FinancialYear, QuarterFormatError
from cpboard.roles import Capability, can
from performance.judgement import Polarity, Unit, compute_value, format_value
from performance.models import Kpi, Measurement, Target
from performance.services import FigureInput, check_figure
from strategy.models import Outcome, Strategy
from subgroups.models import BoardGroup

__all__ = [
    "KPI_COLUMNS",
    "MAX_ROWS",
    "MEASUREMENT_COLUMNS",
    "ImportRefused",
    "ImportResult",
    "RowError",
    "TableRow",
    "export_kpis",
    "import_kpis",
    "import_kpis_file",
    "import_measurements",
    "import_measurements_file",
    "kpi_library_rows",
    "read_table",
]

MEASUREMENT_COLUMNS = ("kpi_code", "period", "value", "numerator", "denominator", "commentary")
KPI_COLUMNS = (
    "code",
    "title",
    "unit",
    "polarity",
    "target",
    "amber_threshold",
    "year",
    "sub_group",
    "outcome",
)

# Far more than a council's KPIs times a decade of quarters; a bigger file is a mistake (or an
# attempt to tie up the server), and splitting it costs the person little.
MAX_ROWS = 10_000

# Numerator and denominator are stored as PositiveIntegerField.
_LARGEST_WHOLE_NUMBER = 2_147_483_647

# ASCII digits only: Decimal() would also take "1_000", "NaN", "Infinity" and digits from
# other scripts, none of which a person meant as a figure.
_NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")
# "1,234" or "1,234.5", as a spreadsheet formats thousands.
_GROUPED_RE = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_ONE_PLACE = Decimal("0.1")

# The same limits as the figure entry form and the database column.
_FIGURE_DIGITS = DecimalValidator(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class RowError:
    """One problem with an imported file: the line it is on and what to fix.

    Line 0 means the file as a whole: it cannot be read, or the person may not import it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportRefused(Exception):
    """An import that saved nothing, with every problem found, in line order."""

    def __init__(self, errors: Iterable[RowError]):
        # A stable sort keeps several problems on one line in the order they were found.
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__("; ".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class ImportResult:
    """What an import saved. Rows that matched what was already stored count as unchanged."""

    what: str
    """What was imported, in the plural: "Figures" or "KPIs"."""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    targets_created: int = 0
    targets_updated: int = 0

    def describe(self) -> str:
        """Return the counts in words, e.g. "Figures: 12 created, 3 updated, 0 unchanged."."""
        text = f"{self.what}: {self.created} created, {self.updated} updated, "
        text += f"{self.unchanged} unchanged."
        if self.what == "KPIs":
            text += f" Targets: {self.targets_created} created, {self.targets_updated} updated."
        return text


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
    it has more than MAX_ROWS rows.
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
    lines = _csv_lines(file) if suffix == ".csv" else _xlsx_lines(file)
    return _table_rows(lines, columns)


def _csv_lines(file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    data = file.read()
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ImportRefused(
                [
                    RowError(
                        line,
                        "This line has characters that are not UTF-8 text. In Excel, save the "
                        'file as "CSV UTF-8 (Comma delimited)", or save it as .xlsx.',
                    )
                ]
            ) from error
    # Lines are counted as records, not newlines, so that a commentary with line breaks in it
    # keeps the numbering a spreadsheet shows.
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):
            yield line, cells
    except csv.Error as error:
        raise ImportRefused(
            [RowError(line + 1, f"This line cannot be read as CSV ({error}).")]
        ) from error


def _xlsx_lines(file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # read_only iter_rows fills gaps with empty rows, so the count is the row number.
            rows = [
                [_cell_text(cell) for cell in cells]
                for cells in _until_too_many(sheet.iter_rows(min_row=1))
            ]
        finally:
            workbook.close()
    except ImportRefused:
        raise
    # openpyxl raises many kinds of error for a damaged or mislabelled file (zip, XML, key and
    # value errors); whichever it is, the person needs the same advice.
    except Exception as error:
        raise ImportRefused(
            [
                RowError(
                    0,
                    "The file cannot be read as an Excel workbook (.xlsx). If it is an older "
                    '.xls file, open it in Excel and save it as "Excel Workbook (.xlsx)".',
                )
            ]
        ) from error
    yield from enumerate(rows, start=1)


def _until_too_many(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Stop reading a sheet with more than MAX_ROWS non-blank rows, before it is all in memory."""
    filled = 0
    for line, cells in enumerate(rows, start=1):
        if any(cell.value not in (None, "") for cell in cells):
            filled += 1
            if filled > MAX_ROWS + 1:  # + 1 for the header
                raise _too_many_rows(line)
        yield cells


def _too_many_rows(line: int) -> ImportRefused:
    return ImportRefused(
        [
            RowError(
                line,
                f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files and "
                "import each one.",
            )
        ]
    )


def _cell_text(cell: Any) -> str:
    """Return an Excel cell's value as the text a person would type for it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value).strip()
    # repr() gives the shortest text that reads back as the same float, so 55.0 stays "55.0"
    # rather than Decimal(55.0)'s exact binary expansion.
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if "%" in (cell.number_format or ""):
        # Excel stores 55% as 0.55; the person typed and sees 55.
        number *= 100
    return str(number)


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
        texts = [cell.strip() for cell in cells]
        if not any(texts):
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows(line)
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


# --- Figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FigureRow:
    line: int
    kpi: Kpi
    quarter: FinancialQuarter
    value: Decimal
    numerator: int | None
    denominator: int | None
    commentary: str


def import_measurements_file(
    file: str | Path | IO[bytes],
    filename: str,
    *,
    user: AbstractBaseUser,
    approve: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Import the figures in a CSV or XLSX file (an upload or a path); see import_measurements.

    The file needs the columns of MEASUREMENT_COLUMNS. Raises ImportRefused, having saved
    nothing, if the person may not import or anything in the file is wrong."""
    _check_may_import_figures(user, approve=approve)
    rows = read_table(file, filename, columns=MEASUREMENT_COLUMNS)
    return import_measurements(rows, user=user, approve=approve, today=today)


def import_measurements(
    rows: Sequence[Mapping[str, Any]],
    *,
    user: AbstractBaseUser,
    approve: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Save quarterly figures from rows of kpi_code, period, value, numerator, denominator and
    commentary, all or nothing.

    Every row is checked first, by the same rules as the entry form (check_figure). If any is
    wrong, nothing is saved and ImportRefused lists every problem with its line. Otherwise the
    figures are saved in one transaction as submitted, entered by ``user``; with ``approve``
    (a performance lead loading historic figures) they are saved approved by ``user``. An
    existing draft, submitted or returned figure for the same KPI and quarter is replaced and
    its version goes up; an approved one is refused until it is reopened. A row identical to
    the stored figure is left alone, so loading the same file twice changes nothing.
    Officers without ENTER_ANY_FIGURE may import only the KPIs they own.
    """
    today = today or timezone.localdate()
    _check_may_import_figures(user, approve=approve)
    with transaction.atomic():
        figures, existing = _check_figure_rows(rows, user=user, today=today)
        return _save_figures(figures, existing, user=user, approve=approve)


def _check_may_import_figures(user: AbstractBaseUser, *, approve: bool) -> None:
    if approve and not can(user, Capability.APPROVE_FIGURES):
        raise ImportRefused(
            [
                RowError(
                    0,
                    f"{_user_name(user)} cannot import figures as approved: only a performance "
                    "lead signs off figures. Import them without approving, and a performance "
                    "lead will review them.",
                )
            ]
        )
    if not can(user, Capability.ENTER_FIGURES):
        raise ImportRefused(
            [RowError(0, f"{_user_name(user)} does not enter figures, so cannot import them.")]
        )


def _check_figure_rows(
    rows: Sequence[Mapping[str, Any]], *, user: AbstractBaseUser, today: date
) -> tuple[list[_FigureRow], dict[tuple[int, FinancialQuarter], Measurement]]:
    """Return the rows ready to save and the stored figures they replace; raise ImportRefused
    listing every problem if any row is wrong."""
    codes = {_text(row, "kpi_code").upper() for row in rows}
    kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(code__in=codes)}
    any_kpi = can(user, Capability.ENTER_ANY_FIGURE)
    # Only whether the quarter has ended depends on it, and a bad period is reported already.
    ended_quarter = FinancialQuarter.current(today).previous()
    errors: list[RowError] = []
    figures: list[_FigureRow] = []
    first_line: dict[tuple[int, FinancialQuarter], int] = {}
    for index, row in enumerate(rows):
        line = _line_of(row, index)
        problems: list[str] = []
        kpi = _figure_kpi(_text(row, "kpi_code"), kpis, user, any_kpi, problems)
        quarter = None
        try:
            quarter = FinancialQuarter.parse(_text(row, "period"))
        except QuarterFormatError as error:
            problems.append(str(error))
        percent = kpi is not None and kpi.unit == Unit.PERCENTAGE
        numbers_read = True
        try:
            value = _read_number(_text(row, "value"), "value", percent=percent)
        except ValueError as error:
            problems.append(str(error))
            value, numbers_read = None, False
        whole = {}
        for column in ("numerator", "denominator"):
            try:
                whole[column] = _read_whole_number(_text(row, column), column)
            except ValueError as error:
                problems.append(str(error))
                whole[column], numbers_read = None, False
        if kpi is not None and numbers_read:
            figure = FigureInput(
                kpi=kpi,
                value=value,
                numerator=whole["numerator"],
                denominator=whole["denominator"],
                commentary=_text(row, "commentary"),
            )
            value = _figure_value(figure, quarter or ended_quarter, today, problems)
        if kpi is not None and quarter is not None:
            key = (kpi.pk, quarter)
            if key in first_line:
                problems.append(
                    f"The {quarter} figure for {kpi.code} is on line {first_line[key]} too."
                )
            else:
                first_line[key] = line
        errors.extend(RowError(line, problem) for problem in problems)
        if not problems:
            figures.append(
                _FigureRow(
                    line=line,
                    kpi=kpi,
                    quarter=quarter,
                    value=value,
                    numerator=whole["numerator"],
                    denominator=whole["denominator"],
                    commentary=_text(row, "commentary"),
                )
            )
    existing = _stored_figures(figures)
    for figure in figures:
        stored = existing.get((figure.kpi.pk, figure.quarter))
        if stored is not None and stored.is_locked:
            errors.append(
                RowError(
                    figure.line,
                    f"The {figure.quarter} figure for {figure.kpi.code} is approved; reopen it "
                    "first.",
                )
            )
    if errors:
        raise ImportRefused(errors)
    return figures, existing


def _figure_kpi(
    code: str, kpis: dict[str, Kpi], user: AbstractBaseUser, any_kpi: bool, problems: list[str]
) -> Kpi | None:
    if not code:
        problems.append("The kpi_code is blank.")
        return None
    # Codes are capitals by rule, so "cla-iha-20wd" can only mean one KPI.
    kpi = kpis.get(code.upper())
    if kpi is None:
        problems.append(f'There is no KPI with the code "{code}".')
    elif not any_kpi and kpi.owner_id != user.pk:
        problems.append(
            f"{kpi.code} is not one of your KPIs: only its owner or a performance lead can "
            "enter its figures."
        )
    return kpi


def _figure_value(
    figure: FigureInput, quarter: FinancialQuarter, today: date, problems: list[str]
) -> Decimal | None:
    """Return the value to store: the one given, or the one worked out from the numerator and
    denominator; add any problem with the figure to ``problems``."""
    found = [error.message for error in check_figure(figure, quarter, today)]
    problems.extend(found)
    if found:
        return None
    kpi = figure.kpi
    if figure.numerator is None or figure.denominator is None:
        try:
            _FIGURE_DIGITS(figure.value)
        except ValidationError as error:
            problems.extend(error.messages)
        return figure.value
    try:
        computed = compute_value(kpi.unit, figure.numerator, figure.denominator)
    except ValueError as error:
        problems.append(str(error))
        return None
    given = figure.value
    # A value beside the numerator and denominator must agree with them; if it does not, one
    # of the three is mistyped and the file cannot say which.
    if given is not None and given.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP) != computed:
        problems.append(
            f"The value ({given}) does not match the numerator and denominator: "
            f"{figure.numerator} out of {figure.denominator} is "
            f"{format_value(computed, kpi.unit)}. Correct it or leave the value blank."
        )
    return computed


def _stored_figures(
    figures: list[_FigureRow],
) -> dict[tuple[int, FinancialQuarter], Measurement]:
    if not figures:
        return {}
    wanted = {(figure.kpi.pk, figure.quarter) for figure in figures}
    # Locked until the import commits, so a figure approved meanwhile is not overwritten.
    stored = Measurement.objects.select_for_update().filter(
        kpi__in={kpi_id for kpi_id, _ in wanted},
        quarter__in={quarter for _, quarter in wanted},
    )
    return {(m.kpi_id, m.quarter): m for m in stored if (m.kpi_id, m.quarter) in wanted}


def _save_figures(
    figures: list[_FigureRow],
    existing: dict[tuple[int, FinancialQuarter], Measurement],
    *,
    user: AbstractBaseUser,
    approve: bool,
) -> ImportResult:
    now = timezone.now()
    status = Measurement.Status.APPROVED if approve else Measurement.Status.SUBMITTED
    created = updated = unchanged = 0
    for figure in figures:
        measurement = existing.get((figure.kpi.pk, figure.quarter))
        if measurement is None:
            measurement = Measurement(kpi=figure.kpi, quarter=figure.quarter)
            created += 1
        elif _same_figure(measurement, figure, status):
            unchanged += 1
            continue
        else:
            measurement.version += 1
            updated += 1
        measurement.value = figure.value
        measurement.numerator = figure.numerator
        measurement.denominator = figure.denominator
        measurement.commentary = figure.commentary
        measurement.definition_year = figure.kpi.definition_year
        measurement.status = status
        measurement.return_reason = ""
        measurement.entered_by = user
        measurement.entered_at = now
        measurement.submitted_at = now
        measurement.approved_by = user if approve else None
        measurement.approved_at = now if approve else None
        measurement._history_user = user
        measurement.save()
    return ImportResult("Figures", created=created, updated=updated, unchanged=unchanged)


def _same_figure(measurement: Measurement, figure: _FigureRow, status: str) -> bool:
    return (
        measurement.status == status
        and measurement.value == figure.value
        and measurement.numerator == figure.numerator
        and measurement.denominator == figure.denominator
        and measurement.commentary == figure.commentary
        and measurement.definition_year == figure.kpi.definition_year
    )


# --- The KPI library -------------------------------------------------------------------------


@dataclass(frozen=True)
class _KpiRow:
    line: int
    code: str
    title: str
    unit: str
    polarity: str
    subgroup: BoardGroup
    outcome: Outcome | None
    year: FinancialYear | None
    target: Decimal | None
    amber_threshold: Decimal | None

    @property
    def kpi_fields(self) -> dict[str, Any]:
        """What the row says about the KPI itself, the same on every row for one code."""
        return {
            "title": self.title,
            "unit": self.unit,
            "polarity": self.polarity,
            "subgroup": self.subgroup,
            "outcome": self.outcome,
        }


# Where a KPI field differs between two rows for one code, name it as the file does.
_KPI_FIELD_COLUMNS = {
    "title": "title",
    "unit": "unit",
    "polarity": "polarity",
    "subgroup": "sub_group",
    "outcome": "outcome",
}


def import_kpis_file(
    file: str | Path | IO[bytes],
    filename: str,
    *,
    user: AbstractBaseUser,
    today: date | None = None,
) -> ImportResult:
    """Import a KPI library from a CSV or XLSX file (an upload or a path); see import_kpis.

    The file needs the columns of KPI_COLUMNS. Raises ImportRefused, having saved nothing, if
    the person may not import or anything in the file is wrong."""
    _check_may_manage_kpis(user)
    rows = read_table(file, filename, columns=KPI_COLUMNS)
    return import_kpis(rows, user=user, today=today)


def import_kpis(
    rows: Sequence[Mapping[str, Any]], *, user: AbstractBaseUser, today: date | None = None
) -> ImportResult:
    """Create or update KPIs and their targets from rows of code, title, unit, polarity,
    target, amber_threshold, year, sub_group and outcome, all or nothing.

    One row per KPI per target year; every row for one code must agree on the KPI's title,
    unit, polarity, sub-group and outcome. A code already in the portal is updated, never
    duplicated; the target for (code, year) is created or replaced. Nothing is deleted: a
    stored target for a year not in the file stays. A new KPI takes its title as its
    definition and its earliest year in the file (else the current financial year) as its
    definition year. Raises ImportRefused listing every problem if any row is wrong.
    """
    today = today or timezone.localdate()
    _check_may_manage_kpis(user)
    with transaction.atomic():
        by_code, existing = _check_kpi_rows(rows)
        return _save_kpis(by_code, existing, user=user, today=today)


def _check_may_manage_kpis(user: AbstractBaseUser) -> None:
    if not can(user, Capability.MANAGE_KPIS):
        raise ImportRefused(
            [
                RowError(
                    0,
                    f"{_user_name(user)} cannot import the KPI library: only a performance "
                    "lead manages KPIs.",
                )
            ]
        )


def _check_kpi_rows(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[dict[str, list[_KpiRow]], dict[str, Kpi]]:
    """Return the rows by code, in file order, and the stored KPIs among them; raise
    ImportRefused listing every problem if any row is wrong."""
    groups = _groups_by_name()
    strategy = Strategy.objects.current()
    outcomes = {outcome.number: outcome for outcome in strategy.outcomes.all()} if strategy else {}
    codes = {_text(row, "code") for row in rows}
    existing = {
        kpi.code: kpi
        for kpi in Kpi.objects.filter(code__in=codes)
        .select_related("subgroup", "outcome")
        .prefetch_related("targets")
    }
    errors: list[RowError] = []
    by_code: dict[str, list[_KpiRow]] = {}
    first_line: dict[tuple[str, FinancialYear | None], int] = {}
    for index, row in enumerate(rows):
        line = _line_of(row, index)
        problems: list[str] = []
        parsed = _read_kpi_row(row, line, groups, strategy, outcomes, problems)
        if parsed is not None:
            key = (parsed.code, parsed.year)
            if key in first_line:
                year = f"from {parsed.year}" if parsed.year else "with no year"
                problems.append(f"{parsed.code}'s target {year} is on line {first_line[key]} too.")
            else:
                first_line[key] = line
            earlier = by_code.get(parsed.code)
            if earlier:
                problems.extend(_disagreements(parsed, earlier[0]))
        errors.extend(RowError(line, problem) for problem in problems)
        if not problems:
            by_code.setdefault(parsed.code, []).append(parsed)
    with_figures = set(
        Measurement.objects.filter(kpi__in=existing.values()).values_list("kpi_id", flat=True)
    )
    for code, code_rows in by_code.items():
        if code in existing:
            problems = _changes_refused(existing[code], code_rows, with_figures)
            errors.extend(RowError(code_rows[0].line, problem) for problem in problems)
    if errors:
        raise ImportRefused(errors)
    return by_code, existing


def _groups_by_name() -> dict[str, BoardGroup]:
    groups: dict[str, BoardGroup] = {}
    everyone = list(BoardGroup.objects.all())
    for group in everyone:
        groups[group.slug.casefold()] = group
    for group in everyone:
        groups.setdefault(group.name.casefold(), group)
    return groups


def _read_kpi_row(
    row: Mapping[str, Any],
    line: int,
    groups: dict[str, BoardGroup],
    strategy: Strategy | None,
    outcomes: dict[int, Outcome],
    problems: list[str],
) -> _KpiRow | None:
    """Return the row read, or None with what is wrong added to ``problems``."""
    found = len(problems)
    code = _text(row, "code")
    if not code:
        problems.append("The code is blank.")
    else:
        problems.extend(_field_problems(Kpi, "code", code))
    title = _text(row, "title")
    if not title:
        problems.append("The title is blank.")
    else:
        problems.extend(_field_problems(Kpi, "title", title))
    unit = _choice(_text(row, "unit"), "unit", Unit, problems)
    polarity = _choice(_text(row, "polarity"), "polarity", Polarity, problems)
    subgroup = _subgroup(_text(row, "sub_group"), groups, problems)
    outcome = _outcome(_text(row, "outcome"), strategy, outcomes, problems)
    year = None
    year_text = _text(row, "year")
    if year_text:
        try:
            year = FinancialYear.parse(year_text)
        except QuarterFormatError as error:
            problems.append(str(error))
    numbers: dict[str, Decimal | None] = {}
    numbers_read = True
    for column in ("target", "amber_threshold"):
        try:
            numbers[column] = _read_number(_text(row, column), column)
        except ValueError as error:
            problems.append(str(error))
            numbers[column], numbers_read = None, False
    if not year_text and any(number is not None for number in numbers.values()):
        problems.append("Give the year the target applies from, such as 2024-25.")
    if numbers_read and polarity in Polarity.values:
        problems.extend(_target_problems(polarity, numbers["target"], numbers["amber_threshold"]))
    if len(problems) > found:
        return None
    return _KpiRow(
        line=line,
        code=code,
        title=title,
        unit=unit,
        polarity=polarity,
        subgroup=subgroup,
        outcome=outcome,
        year=year,
        target=numbers["target"],
        amber_threshold=numbers["amber_threshold"],
    )


def _target_problems(
    polarity: str, target: Decimal | None, amber_threshold: Decimal | None
) -> list[str]:
    """What Target.full_clean says of this target and threshold on a KPI of ``polarity``."""
    # An unsaved KPI is enough: Target.clean looks only at its polarity. The year is read
    # separately, and the KPI may not be saved yet.
    check = Target(kpi=Kpi(polarity=polarity), target=target, amber_threshold=amber_threshold)
    try:
        check.full_clean(
            exclude=["kpi", "applies_from"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return error.messages
    return []


def _choice(text: str, column: str, choices: type[models.TextChoices], problems: list[str]) -> str:
    allowed = ", ".join(choices.values)
    if not text:
        problems.append(f"The {column} is blank: use one of {allowed}.")
    elif text.lower() not in choices.values:
        problems.append(f'The {column} "{text}" is not one of {allowed}.')
    return text.lower()


def _subgroup(text: str, groups: dict[str, BoardGroup], problems: list[str]) -> BoardGroup | None:
    if text:
        group = groups.get(text.casefold())
        if group is not None:
            return group
    names = ", ".join(sorted({group.name for group in groups.values()}))
    if not text:
        problems.append(f"The sub_group is blank: use one of {names}.")
    else:
        problems.append(f'There is no board group called "{text}". Use one of {names}.')
    return None


def _outcome(
    text: str, strategy: Strategy | None, outcomes: dict[int, Outcome], problems: list[str]
) -> Outcome | None:
    if not text:
        return None
    try:
        number = _read_whole_number(text, "outcome", counts_children=False)
    except ValueError as error:
        problems.append(str(error))
        return None
    if strategy is None:
        problems.append(f"There is no approved strategy to find outcome {number} in.")
        return None
    outcome = outcomes.get(number)
    if outcome is None:
        problems.append(f"{strategy.title} has no outcome {number}.")
    return outcome


def _disagreements(row: _KpiRow, first: _KpiRow) -> list[str]:
    return [
        f"{row.code} is on line {first.line} with a different {_KPI_FIELD_COLUMNS[name]}: "
        "every row for one KPI must give the same title, unit, polarity, sub_group and outcome."
        for name, value in row.kpi_fields.items()
        if value != first.kpi_fields[name]
    ]


def _changes_refused(kpi: Kpi, rows: list[_KpiRow], with_figures: set[int]) -> list[str]:
    """What the file would change on a stored KPI that would leave it inconsistent."""
    first = rows[0]
    problems = []
    if first.unit != kpi.unit and kpi.pk in with_figures:
        problems.append(
            f"{kpi.code} already has figures counted as a {kpi.get_unit_display().lower()}, so "
            f"its unit cannot change to {first.unit}."
        )
    if first.polarity != kpi.polarity:
        # Targets the file leaves alone must still make sense with the new polarity, or every
        # page that rates the KPI would fail.
        replaced = {row.year.start_year for row in rows if row.year}
        for stored in kpi.targets.all():
            if stored.applies_from in replaced:
                continue
            found = _target_problems(first.polarity, stored.target, stored.amber_threshold)
            if found:
                problems.append(
                    f"{kpi.code}'s stored target from {stored.financial_year} does not fit the "
                    f"polarity {first.polarity}: {' '.join(found)} Give that year's target in "
                    "the file too."
                )
    return problems


def _save_kpis(
    by_code: dict[str, list[_KpiRow]],
    existing: dict[str, Kpi],
    *,
    user: AbstractBaseUser,
    today: date,
) -> ImportResult:
    counts = dict.fromkeys(
        ("created", "updated", "unchanged", "targets_created", "targets_updated"), 0
    )
    for code, rows in by_code.items():
        fields = rows[0].kpi_fields
        kpi = existing.get(code)
        if kpi is None:
            years = [row.year.start_year for row in rows if row.year]
            kpi = Kpi(
                code=code,
                definition=fields["title"],
                definition_year=min(years) if years else FinancialYear.current(today).start_year,
                **fields,
            )
            stored_targets = {}
            changed = fields
            counts["created"] += 1
        else:
            stored_targets = {target.applies_from: target for target in kpi.targets.all()}
            changed = {name: value for name, value in fields.items() if getattr(kpi, name) != value}
            for name, value in changed.items():
                setattr(kpi, name, value)
            counts["updated" if changed else "unchanged"] += 1
        if changed:
            kpi._history_user = user
            kpi.save()
        for row in rows:
            if row.year is None:
                continue
            target = stored_targets.get(row.year.start_year)
            if target is None:
                target = Target(kpi=kpi, applies_from=row.year.start_year)
                counts["targets_created"] += 1
            elif (target.target, target.amber_threshold) == (row.target, row.amber_threshold):
                continue
            else:
                counts["targets_updated"] += 1
            target.target = row.target
            target.amber_threshold = row.amber_threshold
            target._history_user = user
            target.save()
    return ImportResult("KPIs", **counts)


# --- Export ----------------------------------------------------------------------------------


def kpi_library_rows() -> list[list[Any]]:
    """Return the active KPIs as KPI_COLUMNS rows, by code: one row per target year, or one
    row with a blank target, threshold and year for a KPI with no targets."""
    kpis = (
        Kpi.objects.active()
        .select_related("subgroup", "outcome")
        .prefetch_related("targets")
        .order_by("code")
    )
    rows = []
    for kpi in kpis:
        about = [kpi.code, kpi.title, kpi.unit, kpi.polarity]
        where = [kpi.subgroup.name, kpi.outcome.number if kpi.outcome else None]
        targets = sorted(kpi.targets.all(), key=lambda target: target.applies_from)
        if not targets:
            rows.append([*about, None, None, None, *where])
        for target in targets:
            year = str(target.financial_year)
            rows.append([*about, target.target, target.amber_threshold, year, *where])
    return rows


def export_kpis(path_or_file: str | Path | IO[bytes], fmt: str | None = None) -> int:
    """Write the KPI library (see kpi_library_rows) as CSV or XLSX, which import_kpis reads
    back; returns the number of rows written.

    ``fmt`` is "csv" or "xlsx"; given a path it may be left out and is taken from the ending.
    A file object (an open binary file, or an HttpResponse) is written to as bytes."""
    if fmt is None:
        if not isinstance(path_or_file, str | Path):
            raise ValueError('Say which format to write: fmt="csv" or fmt="xlsx".')
        fmt = Path(path_or_file).suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f'Cannot write a KPI library as "{fmt}": use csv or xlsx.')
    rows = kpi_library_rows()
    data = _csv_bytes(rows) if fmt == "csv" else _xlsx_bytes(rows)
    if isinstance(path_or_file, str | Path):
        Path(path_or_file).write_bytes(data)
    else:
        path_or_file.write(data)
    return len(rows)


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(KPI_COLUMNS)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    # The byte order mark makes Excel read the file as UTF-8 rather than the PC's code page.
    return text.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    sheet.append(KPI_COLUMNS)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            # openpyxl reads text starting with "=" as a formula; a title is never one, and a
            # shared library must not run anything when it is opened.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
