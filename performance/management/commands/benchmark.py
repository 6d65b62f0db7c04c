"""python manage.py benchmark --la CODE --year 2024-25 [--measure KEY] [--format csv|table]"""

from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from cpboard import exports
from cpboard.quarters import FinancialYear, QuarterFormatError
from performance.benchmarks.catalogue import catalogue
from performance.benchmarks.selectors import Comparison, Row, benchmark, resolve_la_code

COLUMNS = (
    "measure",
    "year",
    "la",
    "value",
    "england",
    "region",
    "neighbours_mean",
    "neighbours_median",
    "neighbours_with_data",
    "rank",
    "of",
    "quartile",
)


def number(value: Decimal | None) -> str:
    """A figure unrounded as DfE published it (14, 15.2); a mean to four decimal places."""
    if value is None:
        return ""
    value = value.quantize(Decimal("0.0001")) if value.as_tuple().exponent < -4 else value
    text = format(value.normalize(), "f")
    return text


def figure(row: Row | None) -> str:
    """The number, or DfE's symbol where there is none ("blank" for an empty cell)."""
    if row is None:
        return ""
    return number(row.value) if row.value is not None else row.symbol


def comparison_row(found: Comparison) -> list[str]:
    return [
        found.measure.key,
        str(found.financial_year),
        found.la_code,
        figure(found.own),
        figure(found.england),
        figure(found.region),
        number(found.neighbours_mean),
        number(found.neighbours_median),
        str(found.neighbours_with_data),
        "" if found.rank is None else str(found.rank),
        "" if found.of is None else str(found.of),
        found.quartile or "",
    ]


class Command(BaseCommand):
    help = (
        "Print where a council stands on DfE's published measures in a year: its figure, "
        "England, its region, its statistical neighbours' mean and median, its rank and "
        "quartile band. From the published figures alone (load them with "
        "import_dfe_statistics)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="Old (887) or new (E06000035) code.")
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2024-25.")
        parser.add_argument("--measure", action="append", help="A catalogue key (repeatable).")
        parser.add_argument("--format", choices=("csv", "table"), default="table")

    def handle(self, *args, la, year, measure, format, **options):
        try:
            financial_year = FinancialYear.parse(year)
        except QuarterFormatError as error:
            raise CommandError(str(error)) from error
        unknown = [key for key in measure or [] if key not in catalogue()]
        if unknown:
            raise CommandError(
                f"Not in the DfE catalogue: {', '.join(unknown)}. Use one of: "
                f"{', '.join(catalogue())}."
            )
        code = resolve_la_code(la)
        if code is None:
            raise CommandError(f"No council with the code {la} in DfE's figures.")
        rows = [
            comparison_row(found) for found in benchmark(code, financial_year.start_year, measure)
        ]
        if format == "csv":
            self.stdout.write(exports.csv_bytes(COLUMNS, rows).decode(), ending="")
            return
        widths = [
            max(len(str(cell)) for cell in column) for column in zip(COLUMNS, *rows, strict=True)
        ]
        for line in (COLUMNS, *rows):
            self.stdout.write(
                "  ".join(
                    str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
                ).rstrip()
            )
