"""A compile writes its PDF in one known folder first; what a killed compile leaves there is
swept away after a day, and nothing outside that folder is touched."""

import os
import signal
import time

import pytest
from django.conf import settings as django_settings

from reports import services
from reports.models import Report
from reports.tasks import sweep_temporary_files
from tests.reports.helpers import compile_now, make_report, secretary

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 60 * 60


@pytest.fixture
def compile_folder(settings, tmp_path):
    settings.REPORTS_TMP_DIR = tmp_path / "compiles"
    return settings.REPORTS_TMP_DIR


def _age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_the_daily_sweep_deletes_only_old_files_in_the_compile_folder(
    compile_folder, tmp_path, tasks_in_process
):
    compile_folder.mkdir()
    left_by_a_killed_compile = compile_folder / "compile-old.pdf"
    left_by_a_killed_compile.write_bytes(b"%PDF-")
    _age(left_by_a_killed_compile, TWO_DAYS)
    being_written = compile_folder / "compile-now.pdf"
    being_written.write_bytes(b"%PDF-")
    elsewhere = tmp_path / "board-paper.pdf"
    elsewhere.write_bytes(b"%PDF-")
    _age(elsewhere, TWO_DAYS)
    link = compile_folder / "link-to-elsewhere.pdf"
    link.symlink_to(elsewhere)
    _age(link, TWO_DAYS)

    deleted = sweep_temporary_files.delay().get()

    assert deleted == 1
    assert not left_by_a_killed_compile.exists()
    assert being_written.exists()
    assert elsewhere.exists()
    assert link.is_symlink()


def test_the_sweep_runs_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-report-temporary-files"]

    assert entry["task"] == "reports.tasks.sweep_temporary_files"
    assert entry["schedule"].hour == {3}


def test_a_finished_compile_leaves_nothing_behind(board_data, compile_folder):
    compile_now(make_report())

    assert compile_folder.is_dir()
    assert list(compile_folder.iterdir()) == []


def test_a_compile_killed_half_way_leaves_its_file_only_in_the_folder_the_sweep_clears(
    board_data, compile_folder
):
    report = make_report()
    report = services.report_compile_request(report=report, requested_by=secretary(), queue=False)

    # The compile runs in a child process (a copy of this one, database included) that is
    # killed with SIGKILL while WeasyPrint writes the PDF: no clean-up code runs.
    child = os.fork()
    if child == 0:
        try:
            services.report_compile(report_id=report.pk, run_token=report.run_token)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 60
    left = []
    while not left and time.monotonic() < deadline:
        left = list(compile_folder.glob("*.pdf")) if compile_folder.is_dir() else []
        time.sleep(0.01)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)

    assert len(left) == 1
    assert left[0].exists()
    assert services.report_temporary_files_sweep() == 0  # a day has not passed
    _age(left[0], TWO_DAYS)
    assert services.report_temporary_files_sweep() == 1
    assert list(compile_folder.iterdir()) == []
    report.refresh_from_db()
    assert report.status == Report.Status.COMPILING  # shown as interrupted once stale


def test_a_compile_folder_others_may_write_to_is_refused(board_data, compile_folder):
    compile_folder.mkdir()
    compile_folder.chmod(0o777)
    report = make_report()

    assert compile_now(report) is None

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "REPORTS_TMP_DIR" in report.failure_reason
    assert "no one else may write to" in report.failure_reason
