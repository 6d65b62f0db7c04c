"""A report compiled by a real Celery worker through the real broker (Redis in CI, with
REDIS_URL set), from a compile requested as the portal requests it."""

import time

import pytest

from reports import services
from reports.models import Report
from tests.reports.helpers import make_report, pdf_text, secretary

pytestmark = pytest.mark.worker


def _wait_for(report: Report, timeout: float = 60) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status != Report.Status.COMPILING:
            return report
        time.sleep(0.2)
    raise AssertionError(f"Still compiling after {timeout} s: {report.progress}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_compiles_the_report_queued_on_commit(celery_worker, board_data_committed):
    report = make_report()

    services.report_compile_request(report=report, requested_by=secretary())

    report = _wait_for(report)
    assert report.status == Report.Status.READY, report.failure_reason
    assert report.task_id
    report_file = report.files.get()
    assert "Performance scorecard" in pdf_text(report_file.file.path)
