import shutil
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cpboard.quarters import FinancialQuarter, FinancialYear, QuarterFormatError
from reports import services
from reports.models import Report

KINDS = {
    "annual": Report.Kind.ANNUAL,
    "pack": Report.Kind.BOARD_PACK,
    "young-people": Report.Kind.YOUNG_PEOPLE,
}


class Command(BaseCommand):
    help = (
        "Compile a report through the same task the portal queues (in this process when no "
        "broker is configured), creating it as a draft if it does not exist, and copy the PDF "
        "to --output. Prints the file, its SHA-256 checksum and the time taken."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", choices=sorted(KINDS), required=True)
        parser.add_argument("--year", help='Financial year of an annual report, e.g. "2024-25".')
        parser.add_argument("--quarter", help='Quarter of a board pack, e.g. "2024-25 Q3".')
        parser.add_argument("--audience", choices=["board", "public"], default="board")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument(
            "--timeout", type=float, default=300, help="Seconds to wait for a worker."
        )

    def handle(self, *args, **options) -> None:
        kind = KINDS[options["kind"]]
        period = self._period(kind, options)
        report = Report.objects.filter(kind=kind, audience=options["audience"], **period).first()
        if report is None:
            try:
                report = services.report_create(
                    kind=kind, audience=options["audience"], created_by=None, **period
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        started = time.perf_counter()
        try:
            report = services.report_compile_request(report=report, requested_by=None, queue=False)
        except services.CompileRefused as error:
            raise CommandError(str(error)) from error
        # Without a broker the task runs here and now. When the queue is not answering, the
        # run is marked failed with the reason, which the check below reports.
        services.report_compile_enqueue(report_id=report.pk, run_token=report.run_token)
        # With a broker the task runs on a worker: wait for its result on the report's row.
        deadline = started + options["timeout"]
        report.refresh_from_db()
        while report.status == Report.Status.COMPILING and time.perf_counter() < deadline:
            time.sleep(0.5)
            report.refresh_from_db()
        elapsed = time.perf_counter() - started
        if report.status != Report.Status.READY:
            reason = report.failure_reason or f"still {report.status_label.lower()}"
            raise CommandError(f"{report.title} did not compile: {reason}")
        report_file = report.files.order_by("-version").first()
        output = Path(options["output"])
        with report_file.file.open("rb") as source, output.open("wb") as target:
            shutil.copyfileobj(source, target)
        self.stdout.write(f"{report.title} version {report_file.version}: {output}")
        self.stdout.write(f"SHA-256 {report_file.sha256}")
        self.stdout.write(f"{report_file.pages} pages, {report_file.size:,} bytes, {elapsed:.2f} s")

    def _period(self, kind: str, options: dict) -> dict:
        try:
            if kind == Report.Kind.BOARD_PACK:
                if not options["quarter"]:
                    raise CommandError("A board pack needs --quarter, e.g. --quarter '2024-25 Q3'.")
                return {"quarter": FinancialQuarter.parse(options["quarter"])}
            if not options["year"]:
                raise CommandError("This report needs --year, e.g. --year 2024-25.")
            return {"year": FinancialYear.parse(options["year"]).start_year}
        except QuarterFormatError as error:
            raise CommandError(str(error)) from error
