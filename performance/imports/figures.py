"""Importing quarterly figures from a CSV or XLSX file, or from rows, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import transaction
from django.utils import timezone

from cpboard.quarters import FinancialQuarter, QuarterFormatError
from cpboard.roles import Capability, can
from performance.imports.errors import ImportRefused, ImportResult, RowError
from performance.imports.reading import (
    _line_of,
    _read_number,
    _read_whole_number,
    _text,
    _user_name,
    read_table,
)
from performance.judgement import Unit, compute_value, format_value
from performance.models import Kpi, Measurement
from performance.services import FigureInput, check_figure

MEASUREMENT_COLUMNS = ("kpi_code", "period", "value", "numerator", "denominator", "commentary")
_ONE_PLACE = Decimal("0.1")

# The same limits as the figure entry form and the database column.
_FIGURE_DIGITS = DecimalValidator(max_digits=12, decimal_places=2)


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
