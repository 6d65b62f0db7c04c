"""Importing the KPI library and its targets from a CSV or XLSX file, or from rows, all or
nothing, and writing the library back out so councils can share it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from cpboard import exports
from cpboard.quarters import FinancialYear, QuarterFormatError
from cpboard.roles import Capability, can
from performance.imports.errors import ImportRefused, ImportResult, RowError
from performance.imports.reading import (
    _field_problems,
    _line_of,
    _read_number,
    _read_whole_number,
    _text,
    _user_name,
    read_table,
)
from performance.judgement import Polarity, Unit
from performance.models import Kpi, Measurement, Target
from performance.ssda903.measures import MEASURES_BY_CODE
from strategy.models import Outcome, Strategy
from subgroups.models import BoardGroup

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
OPTIONAL_KPI_COLUMNS = ("dfe_measure", "ssda903_measure")
EXPORT_COLUMNS = (*KPI_COLUMNS, *OPTIONAL_KPI_COLUMNS)
"""Read when the file has them: dfe_measure links a KPI to a DfE catalogue measure,
ssda903_measure to the measure of the SSDA903 return its figures are computed from (blank
unlinks either); a file without the column leaves every link as it is."""


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
    dfe_measure: str | None = None
    """None when the file has no dfe_measure column."""
    ssda903_measure: str | None = None
    """None when the file has no ssda903_measure column."""

    @property
    def kpi_fields(self) -> dict[str, Any]:
        """What the row says about the KPI itself, the same on every row for one code."""
        fields = {
            "title": self.title,
            "unit": self.unit,
            "polarity": self.polarity,
            "subgroup": self.subgroup,
            "outcome": self.outcome,
        }
        if self.dfe_measure is not None:
            fields["dfe_measure"] = self.dfe_measure
        if self.ssda903_measure is not None:
            fields["ssda903_measure"] = self.ssda903_measure
        return fields


# Where a KPI field differs between two rows for one code, name it as the file does.
_KPI_FIELD_COLUMNS = {
    "title": "title",
    "unit": "unit",
    "polarity": "polarity",
    "subgroup": "sub_group",
    "outcome": "outcome",
    "dfe_measure": "dfe_measure",
    "ssda903_measure": "ssda903_measure",
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
    dfe_measure = None
    if "dfe_measure" in row:
        dfe_measure = _text(row, "dfe_measure")
        problems.extend(_field_problems(Kpi, "dfe_measure", dfe_measure))
    ssda903_measure = None
    if "ssda903_measure" in row:
        ssda903_measure = _text(row, "ssda903_measure")
        problems.extend(_ssda903_problems(ssda903_measure, unit))
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
        dfe_measure=dfe_measure,
        ssda903_measure=ssda903_measure,
    )


def _ssda903_problems(code: str, unit: str) -> list[str]:
    """A measure of the SSDA903 return the KPI can be computed from: known, of its unit."""
    if not code:
        return []
    measure = MEASURES_BY_CODE.get(code)
    if measure is None:
        return [
            f'"{code}" is not a measure of the SSDA903 return; the measures are '
            f"{', '.join(MEASURES_BY_CODE)}."
        ]
    if unit in Unit.values and measure.unit != unit:
        kpi_unit = Unit(unit).label.lower()
        return [f"{code} is a {measure.unit.label.lower()}, but the KPI is a {kpi_unit}."]
    return []


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
    """Return the active KPIs as EXPORT_COLUMNS rows, by code: one row per target year, or one
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
        where = [
            kpi.subgroup.name,
            kpi.outcome.number if kpi.outcome else None,
            kpi.dfe_measure,
            kpi.ssda903_measure,
        ]
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
    if fmt == "csv":
        # The byte order mark makes Excel read the file as UTF-8 rather than the PC's code page.
        data = exports.csv_bytes(EXPORT_COLUMNS, rows, byte_order_mark=True)
    else:
        data = exports.xlsx_bytes(EXPORT_COLUMNS, rows, title="KPIs")
    if isinstance(path_or_file, str | Path):
        Path(path_or_file).write_bytes(data)
    else:
        path_or_file.write(data)
    return len(rows)
