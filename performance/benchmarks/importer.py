"""Reading DfE's Explore Education Statistics CSV files, as published, into DfeFigure rows,
and DfE's statistical neighbour model into StatisticalNeighbour rows.

A file is recognised by its columns, not its name, so next year's release (or a renamed
download) loads the same way: every measure of the catalogue whose columns the file has is
read from it. Each file is loaded all or nothing: a cell that is neither a number nor one of
DfE's symbols, a row without its council's code or a figure given twice refuses the whole
file, naming the line and column. Loading the same file again changes nothing.

Files go through the kernel's bounded reader (cpboard.uploads): UTF-8 CSV, at most
MAX_CSV_BYTES, MAX_ROWS rows and MAX_COLUMNS columns."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cpboard import uploads
from cpboard.quarters import FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, FinancialYear
from performance.benchmarks.catalogue import Measure, catalogue
from performance.benchmarks.models import DfeFigure, DfeRelease, Level, StatisticalNeighbour, Symbol
from performance.imports.errors import ImportRefused, RowError

# DfE's largest file of council figures has about 20,000 rows; a release a few times that
# size still loads, a file far beyond it is a mistake.
MAX_ROWS = 100_000
MAX_COLUMNS = 80
LIMITS = uploads.TableLimits(rows=MAX_ROWS, columns=MAX_COLUMNS)
# A file with a wrong column shows the same problem on thousands of lines: list the first.
MAX_PROBLEMS_LISTED = 50

LEVELS = {
    "national": Level.NATIONAL,
    "regional": Level.REGIONAL,
    "local authority": Level.LOCAL_AUTHORITY,
}
SYMBOLS = {"c", "x", "z", "k", "u", "low"}
_NUMBER_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_OLD_LA_CODE_RE = re.compile(r"[0-9]{3}")
_TIME_PERIOD_RE = re.compile(r"(?P<first>[0-9]{4})(?P<second>[0-9]{2})?")
_MODEL_YEAR_RE = re.compile(r"(20[0-9]{2})")
SN_COLUMNS = ("old_la_code", "la_name", *(f"sn_{n}" for n in range(1, 11)))
EES_COLUMNS = ("time_period", "geographic_level")

_FIGURE_FIELDS = (
    "new_la_code",
    "name",
    "region_code",
    "region_name",
    "value",
    "symbol",
    "numerator",
    "denominator",
    "source_file",
)


@dataclass
class DfeImportResult:
    """What loading one file did."""

    file_name: str
    kind: str
    """"figures" or "neighbours"."""
    measures: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def describe(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.kind == "neighbours":
            return f"Statistical neighbours: {counts}."
        if not self.measures:
            return (
                "This file holds none of the catalogue's measures, so nothing was stored. "
                "Nothing is wrong with it; the portal does not compare KPIs with its figures."
            )
        years = ", ".join(str(FinancialYear(year)) for year in self.years)
        return f"DfE figures for {', '.join(self.measures)} ({years}): {counts}."


def import_dfe_file(
    file: str | Path | IO[bytes], filename: str, *, user: AbstractBaseUser | None = None
) -> DfeImportResult:
    """Load one DfE file (a path or an open binary file named `filename`), all or nothing.
    Raises ImportRefused, having saved nothing, with every problem by line and column."""
    if isinstance(file, str | Path):
        with open(file, "rb") as handle:
            return import_dfe_file(handle, filename, user=user)
    name = Path(filename).name
    if Path(name).suffix.lower() != ".csv":
        raise ImportRefused(
            [RowError(0, f'"{name}" is not a CSV file. Download the CSV file DfE publishes.')]
        )
    data = file.read(uploads.MAX_CSV_BYTES + 1)
    lines = _lines(data)
    header_line, header = next(lines, (1, []))
    header = [cell.strip().lower() for cell in header]
    if not any(header):
        raise ImportRefused([RowError(1, "The file is empty.")])
    with transaction.atomic():
        if all(column in header for column in SN_COLUMNS):
            result = _import_neighbours(lines, header, name)
        else:
            missing = [column for column in EES_COLUMNS if column not in header]
            if missing:
                raise ImportRefused(
                    [
                        RowError(
                            header_line,
                            f"This is not a DfE statistics file: it has no {' or '.join(missing)} "
                            "column. Load the CSV file as DfE publishes it on Explore Education "
                            "Statistics, or DfE's statistical neighbour model.",
                        )
                    ]
                )
            result = _import_figures(lines, header, name)
        if result.changed:
            DfeRelease.objects.create(
                file_name=name[:180],
                sha256=hashlib.sha256(data).hexdigest(),
                measures=", ".join(result.measures)[:500],
                years=", ".join(str(FinancialYear(year)) for year in result.years)[:100],
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                loaded_by=user if user is not None and user.is_authenticated else None,
            )
    return result


def _lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from uploads.read_lines(io.BytesIO(data), "csv", LIMITS)
    except uploads.UploadRefused as refused:
        raise ImportRefused([RowError(refused.line, refused.message)]) from refused


class _Problems:
    def __init__(self) -> None:
        self.errors: list[RowError] = []
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_PROBLEMS_LISTED:
            self.errors.append(RowError(line, message))

    def raise_if_any(self) -> None:
        if self.count:
            errors = list(self.errors)
            if self.count > len(errors):
                errors.append(
                    RowError(
                        errors[-1].line,
                        f"... and {self.count - len(errors)} more problems like these.",
                    )
                )
            raise ImportRefused(errors)


def _cell(
    cells: list[str], index: int, column: str, line: int, problems: _Problems
) -> tuple[Decimal | None, str]:
    """(number, "") or (None, symbol) for a figure's cell; a problem for anything else."""
    text = cells[index].strip() if index < len(cells) else ""
    if not text:
        return None, Symbol.BLANK
    if _NUMBER_RE.fullmatch(text):
        return Decimal(text), ""
    if text.lower() in SYMBOLS:
        return None, text.lower()
    problems.add(
        line,
        f'Column {column}: "{text[:40]}" is neither a number nor one of DfE\'s symbols '
        "(c, x, z, k, u, low, or blank).",
    )
    return None, ""


def _year(text: str, line: int, problems: _Problems) -> int | None:
    """The first calendar year of the financial year of an EES time_period: 2025 (the year
    to 31 March 2025) and 202425 (academic year 2024/25) are both 2024-25."""
    match = _TIME_PERIOD_RE.fullmatch(text)
    if match and match["second"] and int(match["second"]) == (int(match["first"]) + 1) % 100:
        year = int(match["first"])
    elif match and not match["second"]:
        year = int(match["first"]) - 1
    else:
        problems.add(
            line, f'Column time_period: "{text[:20]}" is not a year such as 2025 or 202425.'
        )
        return None
    if not FIRST_SUPPORTED_YEAR <= year <= LAST_SUPPORTED_YEAR:
        problems.add(line, f'Column time_period: "{text}" is outside the years the portal covers.')
        return None
    return year


def _import_figures(
    lines: Iterator[tuple[int, list[str]]], header: list[str], name: str
) -> DfeImportResult:
    position = {column: index for index, column in reversed(list(enumerate(header)))}
    measures = [m for m in catalogue().values() if m.columns <= position.keys()]
    result = DfeImportResult(file_name=name, kind="figures")
    if not measures:
        # Still read to the end, so a file beyond the limits is refused as such.
        for _ in lines:
            pass
        return result
    problems = _Problems()
    found: dict[tuple, tuple[int, dict]] = {}
    totals: dict[tuple, Decimal | None] = {}
    # Which measures a row holds (as a figure, or as its denominator), found by one lookup of
    # the row's breakdown per set of breakdown columns instead of a test per measure.
    lookups: dict[tuple[int, ...], dict[tuple[str, ...], list[tuple[Measure, bool]]]] = {}
    for measure in measures:
        for where, is_total in ((measure.where, False), (measure.denominator_where, True)):
            if is_total and not where:
                continue
            columns = tuple(sorted(where))
            indexes = tuple(position[column] for column in columns)
            wanted = tuple(where[column] for column in columns)
            lookups.setdefault(indexes, {}).setdefault(wanted, []).append((measure, is_total))
    width = len(header)

    def text(cells: list[str], column: str) -> str:
        index = position.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for line, cells in lines:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        held = [
            entry
            for indexes, by_values in lookups.items()
            for entry in by_values.get(tuple(cells[i].strip() for i in indexes), ())
        ]
        if not held:
            continue  # a breakdown the catalogue does not read
        level = LEVELS.get(text(cells, "geographic_level").lower())
        if level is None:
            continue  # other geographies (districts, constituencies) are not compared
        year = _year(text(cells, "time_period"), line, problems)
        region_code, region_name = text(cells, "region_code"), text(cells, "region_name")
        if level == Level.LOCAL_AUTHORITY:
            area_name = text(cells, "la_name")
            # A children's services trust serving two councils publishes one row for both
            # ("314 / 318"): the figure is each council's.
            codes = [code.strip() for code in text(cells, "old_la_code").split("/")]
            new_codes = [code.strip() for code in text(cells, "new_la_code").split("/")]
            if not all(_OLD_LA_CODE_RE.fullmatch(code) for code in codes):
                problems.add(
                    line,
                    f'Column old_la_code: "{text(cells, "old_la_code")[:20]}" is not a '
                    "council's three-digit code, as DfE gives it on every council's row.",
                )
                continue
            if len(new_codes) != len(codes):
                new_codes = [""] * len(codes)
            areas = list(zip(codes, new_codes, strict=True))
        elif level == Level.REGIONAL:
            area_name = region_name
            areas = [(region_code, "")]
            if not region_code:
                problems.add(
                    line, "Column region_code: a regional row must give its region's code."
                )
                continue
        else:
            area_name = text(cells, "country_name") or "England"
            areas = [(text(cells, "country_code") or "E92000001", "")]
        if year is None:
            continue
        for measure, is_total in held:
            if is_total:
                total, _ = _cell(
                    cells, position[measure.denominator], measure.denominator, line, problems
                )
                for area_code, _new in areas:
                    totals[(measure.key, year, level, area_code)] = total
                continue
            value, symbol = _cell(cells, position[measure.value], measure.value, line, problems)
            numerator = denominator = None
            if measure.numerator:
                numerator, _ = _cell(
                    cells, position[measure.numerator], measure.numerator, line, problems
                )
            if measure.denominator and not measure.denominator_where:
                denominator, _ = _cell(
                    cells, position[measure.denominator], measure.denominator, line, problems
                )
            for area_code, new_code in areas:
                key = (measure.key, year, level, area_code)
                if key in found:
                    problems.add(
                        line,
                        f"{measure.key} for {area_name or area_code} in {FinancialYear(year)} "
                        f"is on line {found[key][0]} too: a file gives each figure once.",
                    )
                    continue
                found[key] = (
                    line,
                    {
                        "new_la_code": new_code[:9],
                        "name": area_name[:100],
                        "region_code": region_code[:9] if level == Level.LOCAL_AUTHORITY else "",
                        "region_name": region_name[:60] if level == Level.LOCAL_AUTHORITY else "",
                        "value": value,
                        "symbol": symbol,
                        "numerator": numerator,
                        "denominator": denominator,
                        "source_file": name[:120],
                    },
                )
    problems.raise_if_any()
    for key, (_, fields) in found.items():
        if key in totals and fields["denominator"] is None:
            fields["denominator"] = totals[key]
    _save_figures(found, [m.key for m in measures], result)
    result.measures = sorted({key[0] for key in found}, key=list(catalogue()).index)
    result.years = sorted({key[1] for key in found})
    return result


def _normal(value: Decimal | None) -> Decimal | None:
    """A stored decimal compared as the number it is (14 == 14.0000)."""
    return None if value is None else value.normalize()


def _save_figures(
    found: dict[tuple, tuple[int, dict]], keys: list[str], result: DfeImportResult
) -> None:
    existing = {
        (figure.measure, figure.year, figure.level, figure.area_code): figure
        for figure in DfeFigure.objects.filter(measure__in=keys, year__in={k[1] for k in found})
    }
    new, changed = [], []
    for key, (_, fields) in found.items():
        figure = existing.get(key)
        if figure is None:
            measure, year, level, area_code = key
            new.append(
                DfeFigure(measure=measure, year=year, level=level, area_code=area_code, **fields)
            )
            continue
        differs = False
        for name, value in fields.items():
            stored = getattr(figure, name)
            same = (
                _normal(stored) == _normal(value)
                if name in ("value", "numerator", "denominator")
                else stored == value
            )
            if not same:
                setattr(figure, name, value)
                differs = True
        if differs:
            changed.append(figure)
    DfeFigure.objects.bulk_create(new, batch_size=2000)
    if changed:
        DfeFigure.objects.bulk_update(changed, _FIGURE_FIELDS, batch_size=500)
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(found) - len(new) - len(changed)


def _import_neighbours(
    lines: Iterator[tuple[int, list[str]]], header: list[str], name: str
) -> DfeImportResult:
    position = {column: index for index, column in reversed(list(enumerate(header)))}
    match = _MODEL_YEAR_RE.search(name)
    model = match.group(1) if match else "2025"
    problems = _Problems()
    rows: dict[tuple[str, int], dict] = {}
    seen: dict[str, int] = {}

    def text(cells: list[str], column: str) -> str:
        index = position.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for line, cells in lines:
        code = text(cells, "old_la_code")
        if not _OLD_LA_CODE_RE.fullmatch(code):
            problems.add(
                line, f'Column old_la_code: "{code[:20]}" is not a council\'s three-digit code.'
            )
            continue
        if code in seen:
            problems.add(line, f"Council {code} is on line {seen[code]} too.")
            continue
        seen[code] = line
        for n in range(1, 11):
            neighbour = text(cells, f"sn_{n}")
            if not _OLD_LA_CODE_RE.fullmatch(neighbour):
                problems.add(
                    line, f'Column SN_{n}: "{neighbour[:20]}" is not a council\'s three-digit code.'
                )
                continue
            rows[(code, n)] = {
                "la_name": text(cells, "la_name")[:100],
                "neighbour_code": neighbour,
                "closeness": text(cells, f"sn_{n}p")[:30],
            }
    problems.raise_if_any()
    existing = {
        (row.la_code, row.position): row for row in StatisticalNeighbour.objects.filter(model=model)
    }
    new, changed = [], []
    for (code, n), fields in rows.items():
        row = existing.get((code, n))
        if row is None:
            new.append(StatisticalNeighbour(model=model, la_code=code, position=n, **fields))
        elif any(getattr(row, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(row, f, v)
            changed.append(row)
    StatisticalNeighbour.objects.bulk_create(new, batch_size=2000)
    if changed:
        StatisticalNeighbour.objects.bulk_update(
            changed, ["la_name", "neighbour_code", "closeness"], batch_size=500
        )
    return DfeImportResult(
        file_name=name,
        kind="neighbours",
        measures=[],
        years=[],
        created=len(new),
        updated=len(changed),
        unchanged=len(rows) - len(new) - len(changed),
    )


def measures_in(header: list[str]) -> list[Measure]:
    """The catalogue's measures a file with these columns holds."""
    columns = {column.strip().lower() for column in header}
    return [m for m in catalogue().values() if m.columns <= columns]
