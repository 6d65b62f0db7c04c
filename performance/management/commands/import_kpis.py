from django.core.management.base import BaseCommand, CommandParser

from performance.imports import KPI_COLUMNS, ImportRefused, import_kpis_file
from performance.management.commands.import_measurements import (
    check_file,
    importing_user,
    refused,
)


class Command(BaseCommand):
    help = (
        "Import a KPI library from a CSV or XLSX file with the columns "
        f"{','.join(KPI_COLUMNS)}: one row per KPI per target year (year as 2024-25). A code "
        "already here is updated, not duplicated. The whole file is checked first: if any row "
        "is wrong nothing is saved and every problem is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The username the changes are recorded against; a performance lead (required).",
        )

    def handle(self, *args, **options) -> None:
        user = importing_user(options["user"])
        check_file(options["file"])
        try:
            result = import_kpis_file(options["file"], options["file"], user=user)
        except ImportRefused as refusal:
            raise refused(self, refusal) from None
        self.stdout.write(self.style.SUCCESS(result.describe()))
