from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from performance.imports import KPI_COLUMNS, export_kpis


class Command(BaseCommand):
    help = (
        "Write the active KPIs and their targets to a CSV or XLSX file with the columns "
        f"{','.join(KPI_COLUMNS)}, which import_kpis reads back: one row per KPI per target "
        "year. The format follows the file's ending unless --format is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write, e.g. kpis.xlsx or kpis.csv.")
        parser.add_argument("--format", choices=["csv", "xlsx"], dest="fmt")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        fmt = options["fmt"] or path.suffix.lower().lstrip(".")
        if fmt not in ("csv", "xlsx"):
            raise CommandError(
                f'Cannot tell the format of "{path}": end its name in .csv or .xlsx, or give '
                "--format."
            )
        if not path.parent.is_dir():
            raise CommandError(f'There is no folder "{path.parent}" to write "{path.name}" in.')
        count = export_kpis(path, fmt)
        self.stdout.write(self.style.SUCCESS(f"{count} rows written to {path}."))
