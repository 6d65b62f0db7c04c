"""The demo's DfE figures: a small extract of DfE's published tables, shipped in
`data/` so that the demo (and the tests) show real comparators on a clean clone.

The demo council is fictional, modelled on Medway's papers, so it takes Medway's DfE code
(settings.DFE_LA_CODE, 887): its region, neighbours and published figures are Medway's.

- `data/dfe_figures.csv`: every council's, region's and England's published figure for each
  measure of the catalogue the demo links a KPI to, for the last EXTRACT_YEARS years: the
  columns of DfeFigure (`measure,year,level,area_code,value,symbol,numerator,denominator`),
  a year as its first calendar year (2024 for 2024-25).
- `data/dfe_areas.csv`: each area's name, new code and region, as DfE gives them.
- `data/sn_model_2025_wide.csv`: DfE's statistical neighbour model as published.

Made from the full files with `write_extract()` after loading them with
`manage.py import_dfe_statistics /path/to/dfe/*.csv`."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from performance.benchmarks.catalogue import catalogue
from performance.benchmarks.importer import DfeImportResult, _save_figures, import_dfe_file
from performance.benchmarks.models import DfeFigure

DATA = Path(__file__).parent / "data"
FIGURES = DATA / "dfe_figures.csv"
AREAS = DATA / "dfe_areas.csv"
NEIGHBOURS = DATA / "sn_model_2025_wide.csv"
EXTRACT_YEARS = 5
FIGURE_COLUMNS = (
    "measure",
    "year",
    "level",
    "area_code",
    "value",
    "symbol",
    "numerator",
    "denominator",
)
AREA_COLUMNS = ("level", "area_code", "new_la_code", "name", "region_code", "region_name")


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def write_extract(measures: list[str], *, directory: Path = DATA) -> int:
    """Write the extract of `measures` from the figures loaded (the latest EXTRACT_YEARS
    years of each); returns the number of figures written. An area's name, codes and region
    are written once, in the areas file, as most of its rows give them; a row that gives
    them otherwise (a trust serving two councils) says so in its own last columns."""
    latest = DfeFigure.objects.filter(measure__in=measures).aggregate(latest=Max("year"))["latest"]
    figures = list(
        DfeFigure.objects.filter(measure__in=measures, year__gt=latest - EXTRACT_YEARS).order_by(
            "measure", "year", "level", "area_code"
        )
    )
    seen: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for figure in figures:
        seen[(figure.level, figure.area_code)][_area(figure)] += 1
    areas = {key: counts.most_common(1)[0][0] for key, counts in seen.items()}
    with open(directory / FIGURES.name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow((*FIGURE_COLUMNS, *AREA_COLUMNS[2:]))
        for figure in figures:
            own = _area(figure)
            writer.writerow(
                [
                    figure.measure,
                    figure.year,
                    figure.level,
                    figure.area_code,
                    _text(figure.value),
                    figure.symbol,
                    _text(figure.numerator),
                    _text(figure.denominator),
                    *(own if own != areas[(figure.level, figure.area_code)] else ("",) * 4),
                ]
            )
    with open(directory / AREAS.name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(AREA_COLUMNS)
        writer.writerows((*key, *areas[key]) for key in sorted(areas))
    return len(figures)


def _area(figure: DfeFigure) -> tuple[str, str, str, str]:
    return (figure.new_la_code, figure.name, figure.region_code, figure.region_name)


def load_demo_statistics() -> DfeImportResult:
    """Load the extract and the neighbour model; running it again changes nothing."""
    with open(AREAS, newline="", encoding="utf-8") as handle:
        areas = {(row["level"], row["area_code"]): row for row in csv.DictReader(handle)}
    found = {}
    with open(FIGURES, newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            area = areas[(row["level"], row["area_code"])]
            if row["name"]:
                area = row
            key = (row["measure"], int(row["year"]), row["level"], row["area_code"])
            found[key] = (
                line,
                {
                    "new_la_code": area["new_la_code"],
                    "name": area["name"],
                    "region_code": area["region_code"],
                    "region_name": area["region_name"],
                    "value": _number(row["value"]),
                    "symbol": row["symbol"],
                    "numerator": _number(row["numerator"]),
                    "denominator": _number(row["denominator"]),
                    "source_file": catalogue()[row["measure"]].file,
                },
            )
    result = DfeImportResult(file_name=FIGURES.name, kind="figures")
    with transaction.atomic():
        _save_figures(found, sorted({key[0] for key in found}), result)
        neighbours = import_dfe_file(NEIGHBOURS, NEIGHBOURS.name)
    result.created += neighbours.created
    result.updated += neighbours.updated
    result.unchanged += neighbours.unchanged
    return result
