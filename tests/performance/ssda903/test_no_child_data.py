"""The portal's promise: it keeps no record about an individual child. After an upload, a
failed upload and a killed task, no child's reference or UPN is anywhere in the database
(history tables included), the logs, what was printed, or the e-mails error reports go by;
and the uploaded files are gone from the temporary folder. Only the uploader's list of
errors holds references, in the temporary folder, for a day."""

import datetime
import logging
import os
import signal
import time

import pytest
from django.core import mail
from django.db import connection, connections

from cpboard import roles
from performance.ssda903 import services
from performance.ssda903.models import Ssda903Upload
from performance.ssda903.validation import _validator
from tests.performance.ssda903.helpers import LATEST, as_zip, linked_kpis, marked_return


def _database_text() -> str:
    """Every row of every table, history tables included, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def _children(files: dict[str, bytes]) -> set[str]:
    text = b"\n".join(files.values()).decode()
    found = set()
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            if cell.startswith(("CHQ", "UPNQ")):
                found.add(cell)
    return found


def _run_and_kill(upload: Ssda903Upload, when_step: str) -> None:
    """Run the upload's work in a child process, as a worker would, and kill it (SIGKILL:
    nothing of its own clean-up runs) once it reaches `when_step`."""
    connections.close_all()
    pid = os.fork()
    if pid == 0:  # the worker
        try:
            services.upload_run(upload_id=upload.pk, run_token=upload.run_token)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        step = Ssda903Upload.objects.values_list("step", flat=True).get(pk=upload.pk)
        if step == when_step:
            break
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


@pytest.fixture
def folder_of_its_own(settings, tmp_path):
    """The test lists every file left in the return's temporary folder, so it has a folder
    no other test of the process has written to (the permission matrix uploads returns too)."""
    settings.SSDA903_TMP_DIR = tmp_path / "ssda903"


@pytest.mark.django_db(transaction=True)
def test_nothing_child_level_is_kept_after_an_upload_a_failure_and_a_killed_task(
    folder_of_its_own, make_user, caplog, capfd, tasks_in_process
):
    caplog.set_level(logging.DEBUG)
    _validator()  # imported before the worker is forked, as a worker has it
    linked_kpis()
    lead = make_user(roles.PERFORMANCE_LEAD)
    files = marked_return()
    children = _children(files)
    assert len(children) > 40

    # An upload, checked against DfE's rules (which find errors: child references).
    done = services.upload_create(
        quarter=LATEST, files=[("return.zip", as_zip(files))], user=lead, queue=False
    )
    done = services.upload_run(upload_id=done.pk, run_token=done.run_token)
    assert done.status == "done"
    assert done.error_count > 0

    # A failed upload: a date that is not one, on a child's row.
    broken = dict(files)
    broken["header.csv"] = broken["header.csv"].replace(b"/20", b"/2x", 1)
    failed = services.upload_create(
        quarter=LATEST, files=[("return.zip", as_zip(broken))], user=lead, queue=False
    )
    services.upload_run(upload_id=failed.pk, run_token=failed.run_token)
    failed.refresh_from_db()
    assert failed.status == "failed"
    assert "header.csv, line 2, column C (DOB)" in failed.failure_reason

    # A task killed while checking the return, and one whose worker died before it began.
    killed = services.upload_create(
        quarter=LATEST, files=[("return.zip", as_zip(files))], user=lead, queue=False
    )
    _run_and_kill(killed, "validating")
    never_started = services.upload_create(
        quarter=LATEST, files=[("return.zip", as_zip(files))], user=lead, queue=False
    )
    assert any(services.upload_folder(never_started).iterdir())
    services.ssda903_files_sweep(now=datetime.datetime.now(datetime.UTC) + services.STALE_AFTER * 2)
    for upload in (killed, never_started):
        upload.refresh_from_db()
        assert upload.status == "failed"
        assert "the files were deleted" in upload.failure_reason

    # Nowhere in the database, the history tables, the logs, the output or the e-mails.
    database = _database_text()
    assert "Computed from the SSDA903 return" in database  # the dump does hold the figures
    logs = "\n".join(record.getMessage() for record in caplog.records)
    out, err = capfd.readouterr()
    sent = "\n".join(message.body + message.subject for message in mail.outbox)
    for text, where in ((database, "database"), (logs, "logs"), (out + err, "output"),
                        (sent, "e-mails")):  # fmt: skip
        leaked = sorted(child for child in children if child in text)
        assert not leaked, f"{len(leaked)} child references in the {where}: {leaked[:3]}"

    # The files are gone; only the uploader's list of errors is left, for its day.
    assert not any(services.temporary_folder("uploads").iterdir())
    lists = list(services.temporary_folder("errors").iterdir())
    assert lists == [services.error_list_path(done)]
