from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from performance.imports import MEASUREMENT_COLUMNS, ImportRefused, import_measurements_file


def importing_user(username: str | None) -> AbstractBaseUser:
    """The active user an import is recorded against, or CommandError saying what to give."""
    if not username:
        raise CommandError(
            "Say who is importing with --user USERNAME: every figure and change records who "
            "made it."
        )
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f'There is no user called "{username}".') from None


def check_file(path: str) -> None:
    if not Path(path).is_file():
        raise CommandError(f'There is no file called "{path}".')


def refused(command: BaseCommand, refusal: ImportRefused) -> CommandError:
    """Write every problem to stderr, one a line, and return the error to exit with."""
    for error in refusal.errors:
        command.stderr.write(str(error))
    count = len(refusal.errors)
    return CommandError(
        f"Nothing was imported: {count} problem{'s' if count != 1 else ''} to fix in the file."
    )


class Command(BaseCommand):
    help = (
        "Import quarterly figures from a CSV or XLSX file with the columns "
        f"{','.join(MEASUREMENT_COLUMNS)} (period as 2024-25 Q3). The whole file is checked "
        "first: if any row is wrong nothing is saved and every problem is listed. Figures "
        "arrive submitted for sign-off; with --approve (performance leads only), approved. "
        "Importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The username the figures are recorded as entered by (required).",
        )
        parser.add_argument(
            "--approve",
            action="store_true",
            help="Save the figures approved by --user, for loading historic figures. The user "
            "must be a performance lead.",
        )

    def handle(self, *args, **options) -> None:
        user = importing_user(options["user"])
        check_file(options["file"])
        try:
            result = import_measurements_file(
                options["file"], options["file"], user=user, approve=options["approve"]
            )
        except ImportRefused as refusal:
            raise refused(self, refusal) from None
        self.stdout.write(self.style.SUCCESS(result.describe()))
