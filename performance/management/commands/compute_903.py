"""Print the board's measures counted from an SSDA903 return in a folder, saving nothing."""

import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from performance.ssda903.measures import compute_measures
from performance.ssda903.reader import ReturnRefused, read_folder
from performance.ssda903.validation import validate


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-at {text!r}: write the date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Print the measures counted from the SSDA903 return in DIR (DfE's CSV files, a zip of "
        "them or the XML file) over the 12 months ending on the as-at date, as "
        "measure,numerator,denominator,value; nothing is saved. DfE's validation errors are "
        "counted on standard error unless --no-validate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", metavar="DIR", help="The folder holding the return.")
        parser.add_argument("--as-at", required=True, metavar="YYYY-MM-DD", type=str)
        parser.add_argument(
            "--no-validate", action="store_true", help="Skip DfE's validation rules."
        )
        parser.add_argument("--format", choices=("csv", "table"), default="csv")
        parser.add_argument(
            "--population",
            type=int,
            metavar="N",
            help="Children aged 0 to 17 living in the area, for the rate per 10,000.",
        )

    def handle(self, *args, **options) -> None:
        as_at = _date(options["as_at"])
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        try:
            found = read_folder(folder)
        except ReturnRefused as refused:
            raise CommandError(refused.located) from None
        results = compute_measures(found, as_at, population=options["population"])
        rows = [
            (
                r.code,
                str(r.numerator),
                "" if r.denominator is None else str(r.denominator),
                str(r.value),
            )
            for r in results
        ]
        if options["format"] == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(("measure", "numerator", "denominator", "value"))
            writer.writerows(rows)
        else:
            header = ("measure", "numerator", "denominator", "value")
            widths = [max(len(row[n]) for row in [header, *rows]) for n in range(4)]
            for row in [header, *rows]:
                self.stdout.write(
                    "  ".join(
                        cell.ljust(width) if n == 0 else cell.rjust(width)
                        for n, (cell, width) in enumerate(zip(row, widths, strict=True))
                    ).rstrip()
                )
        if options["no_validate"]:
            return
        result = validate(found, as_at=as_at, la_code=settings.SSDA903_LA_CODE)
        self.stderr.write(
            f"{result.error_count} validation errors under {len(result.rules)} of DfE's rules "
            f"({result.rule_set}):"
        )
        for rule in result.rules:
            self.stderr.write(f"{rule.code}\t{rule.rows}\t{rule.message}")
        if result.failed_rules:
            self.stderr.write(
                "Rules that could not run on these files: " + ", ".join(result.failed_rules)
            )
