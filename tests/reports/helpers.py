"""Helpers of the reports tests: compiling in the test's own process, reading PDFs."""

import subprocess

from django.contrib.auth import get_user_model

from cpboard.quarters import FinancialQuarter
from reports import services
from reports.models import Report, ReportFile

QUARTER = FinancialQuarter.parse("2026-27 Q2")
YEAR = 2025


def secretary():
    return get_user_model().objects.get(username="secretary")


def make_report(kind=Report.Kind.BOARD_PACK, audience=Report.Audience.BOARD, **period) -> Report:
    if not period:
        period = {"quarter": QUARTER} if kind == Report.Kind.BOARD_PACK else {"year": YEAR}
    return services.report_create(kind=kind, audience=audience, created_by=secretary(), **period)


def compile_now(report: Report) -> ReportFile | None:
    """Request a compile and run it here, as the task would."""
    report = services.report_compile_request(report=report, requested_by=secretary(), queue=False)
    return services.report_compile(report_id=report.pk, run_token=report.run_token)


def pdf_text(path) -> str:
    """The PDF's text with runs of white space as one space (cells wrap words onto lines)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())
