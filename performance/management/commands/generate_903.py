"""Write a synthetic SSDA903 return (about no real child) to a folder, for trying the upload."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from performance.ssda903.generator import generate_return, write_return


class Command(BaseCommand):
    help = (
        "Write a synthetic SSDA903 return as DfE's CSV files to DIR: CHILDREN children looked "
        "after in the 12 months ending on the as-at date, and care leavers, with believable "
        "ages, legal statuses, placement moves, health checks and care leavers' activity. The "
        "same seed gives the same files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", metavar="DIR")
        parser.add_argument("--as-at", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--children", type=int, default=600)
        parser.add_argument("--seed", type=int, default=903)

    def handle(self, *args, **options) -> None:
        try:
            as_at = datetime.date.fromisoformat(options["as_at"])
        except ValueError:
            raise CommandError("--as-at: write the date as YYYY-MM-DD.") from None
        if options["children"] < 1:
            raise CommandError("--children: at least 1.")
        files = generate_return(children=options["children"], as_at=as_at, seed=options["seed"])
        write_return(files, Path(options["folder"]))
        self.stdout.write(
            f"{len(files)} files for {options['children']} children as at {as_at:%d %B %Y} "
            f"in {options['folder']}."
        )
