"""python manage.py import_dfe_statistics FILE...: load DfE's published statistics."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.benchmarks.importer import import_dfe_file
from performance.imports import ImportRefused


class Command(BaseCommand):
    help = (
        "Load DfE's Explore Education Statistics CSV files (and the statistical neighbour "
        "model, sn_model_*_wide.csv) as published. Each file is loaded all or nothing; loading "
        "a file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files, **options):
        refused = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            try:
                result = import_dfe_file(path, path.name)
            except ImportRefused as error:
                refused.append(path.name)
                self.stderr.write(f"{path.name}: nothing was loaded from this file.")
                for problem in error.errors:
                    self.stderr.write(f"  {problem}")
            else:
                self.stdout.write(f"{path.name}: {result.describe()}")
        if refused:
            raise CommandError(f"Refused: {', '.join(refused)}. The other files were loaded.")
