"""Changes to reports: creating them, writing their narrative, compiling and publishing.

A compile runs in steps that each save progress and a heartbeat to the report's row; only
when the PDF is complete is it saved through the storage API as a new ReportFile, in the
same transaction that marks the report ready. A failure marks the report failed with a
readable reason; a killed worker leaves it "compiling" until its heartbeat goes stale, when
the page shows it as interrupted. A task queue that does not answer marks the run failed at
once, saying so. Either way the previous file stays where it was, current and downloadable,
and the report can be compiled again. The PDF is written first in REPORTS_TMP_DIR, which a
daily sweep clears of what killed compiles leave there.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import stat
import tempfile
import time
import uuid
from pathlib import Path

import holidays
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cpboard.celery import QUEUE_DOWN_ADVICE, TaskQueueUnavailable, enqueue
from cpboard.quarters import FinancialQuarter
from cpboard.services import model_create, model_update
from reports import rendering
from reports.models import Report, ReportFile, ReportSection
from reports.publication import report_published
from reports.sections import SECTIONS
from reports.snapshot import build_snapshot

logger = logging.getLogger(__name__)

STEPS = ("Queued", "Collecting figures", "Rendering pages", "Writing PDF", "Saving the file")

QUEUE_DOWN_REASON = (
    f"The report could not be compiled because the task queue is not answering. {QUEUE_DOWN_ADVICE}"
)


class CompileRefused(Exception):
    """The report cannot be compiled now (a run is under way)."""


class PublishRefused(Exception):
    """The report has no compiled file ready to publish."""


class Superseded(Exception):
    """Another run has taken over this report: this one stops without touching it."""


@transaction.atomic
def report_create(
    *,
    kind: str,
    audience: str,
    created_by: AbstractBaseUser | None,
    quarter: FinancialQuarter | None = None,
    year: int | None = None,
    narrative: dict[str, str] | None = None,
) -> Report:
    """Create a draft report with its kind's narrative sections (bodies from `narrative`,
    by section key, or blank). Raises ValidationError for a bad period or a duplicate."""
    report = model_create(
        model=Report,
        fields={
            "kind": kind,
            "audience": audience,
            "quarter": quarter,
            "year": year,
            "created_by": created_by,
        },
        changed_by=created_by,
    )
    narrative = narrative or {}
    for position, spec in enumerate(SECTIONS[kind], start=1):
        model_create(
            model=ReportSection,
            fields={
                "report": report,
                "key": spec.key,
                "heading": spec.heading,
                "body": narrative.get(spec.key, ""),
                "position": position,
            },
            changed_by=created_by,
            clean=False,
        )
    return report


@transaction.atomic
def report_section_update(
    *,
    section: ReportSection,
    body: str,
    changed_by: AbstractBaseUser,
    seen_change: int | None = None,
) -> ReportSection:
    """Save a section's new text, kept in its history against `changed_by`. Raises
    StaleEdit if `seen_change` is given and someone saved the section since."""
    model_update(
        instance=section,
        fields={"body": body},
        changed_by=changed_by,
        seen_change=seen_change,
        clean=False,
        save_unchanged=True,
    )
    return section


@transaction.atomic
def report_compile_request(
    *, report: Report, requested_by: AbstractBaseUser | None, queue: bool = True
) -> Report:
    """Mark the report compiling under a new run token and, unless `queue` is False (the
    caller runs `report_compile` itself), queue the compile once this transaction commits.
    Raises CompileRefused while a run is under way and not stale."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.can_compile:
        raise CompileRefused(
            "This report is being compiled now. Wait for it to finish before compiling again."
        )
    now = timezone.now()
    _report_save(
        report,
        requested_by,
        run_token=uuid.uuid4().hex,
        status=Report.Status.COMPILING,
        compile_requested_by=requested_by,
        compile_requested_at=now,
        progress=STEPS[0],
        progress_step=0,
        heartbeat_at=now,
        failure_reason="",
        task_id="",
    )
    token = report.run_token
    if queue:
        transaction.on_commit(lambda: report_compile_enqueue(report_id=report.pk, run_token=token))
    return report


def report_compile_enqueue(*, report_id: int, run_token: str) -> bool:
    """Hand the run to the task queue and note the task's id on the report. Returns False
    when the queue is not answering: the run is then marked failed with a reason that says
    so, and the report can be compiled again at once. Returns within a few seconds."""
    # Imported here: the task module imports this one.
    from reports.tasks import compile_report

    try:
        result = enqueue(compile_report, report_id, run_token)
    except TaskQueueUnavailable as error:
        logger.warning("Compiling report %s could not start: %s", report_id, error)
        report_mark_failed(report_id=report_id, run_token=run_token, reason=QUEUE_DOWN_REASON)
        return False
    Report.objects.filter(pk=report_id, run_token=run_token).update(task_id=result.id or "")
    return True


def _progress(report_id: int, run_token: str, step: int) -> None:
    """Save the step reached and a heartbeat; stop if another run has taken over."""
    updated = Report.objects.filter(
        pk=report_id, run_token=run_token, status=Report.Status.COMPILING
    ).update(progress=STEPS[step], progress_step=step, heartbeat_at=timezone.now())
    if not updated:
        raise Superseded


def report_compile(
    *, report_id: int, run_token: str, timings: rendering.Timings | None = None
) -> ReportFile | None:
    """Compile the report: snapshot, HTML, PDF in a temporary file, then the new ReportFile
    and status ready in one transaction. Returns the file, or None when the run failed (the
    report is marked failed with the reason) or was superseded by a newer request (nothing
    is touched). Safe to run twice: a finished run's token no longer matches a compiling
    report, so a repeat does nothing."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None or report.run_token != run_token:
        return None
    if report.status != Report.Status.COMPILING:
        return None
    step = 0
    path: Path | None = None
    try:
        step = 1
        _progress(report_id, run_token, step)
        started = time.perf_counter()
        snapshot = build_snapshot(report, as_of=report.compile_requested_at)
        if timings is not None:
            timings.add("snapshot", time.perf_counter() - started)
        step = 2
        _progress(report_id, run_token, step)
        started = time.perf_counter()
        html = rendering.render_html(snapshot)
        if timings is not None:
            timings.add("templates", time.perf_counter() - started)
        step = 3
        _progress(report_id, run_token, step)
        with tempfile.NamedTemporaryFile(
            prefix="compile-", suffix=".pdf", dir=report_temporary_folder(), delete=False
        ) as handle:
            path = Path(handle.name)
        pages = rendering.write_pdf(html, path, timings)
        step = 4
        _progress(report_id, run_token, step)
        return _save_file(report_id, run_token, path, snapshot=snapshot, pages=pages)
    except Superseded:
        return None
    except Exception as error:
        logger.exception("Compiling report %s failed at %s", report_id, STEPS[step])
        report_mark_failed(
            report_id=report_id,
            run_token=run_token,
            reason=f"{STEPS[step]} failed: {type(error).__name__}: {error}",
        )
        return None
    finally:
        if path is not None:
            path.unlink(missing_ok=True)


def report_temporary_folder() -> Path:
    """The one folder compiles write their PDF to before it is saved (REPORTS_TMP_DIR),
    created on first use, open to this user only; returns its path. A compile whose worker
    is killed leaves its file here until `report_temporary_files_sweep` removes it. Raises
    ImproperlyConfigured if the folder belongs to another user or others may write to it:
    they could read or swap a board-only PDF."""
    folder = Path(settings.REPORTS_TMP_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    details = folder.lstat()
    if (
        not stat.S_ISDIR(details.st_mode)
        or details.st_uid != os.getuid()
        or details.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        raise ImproperlyConfigured(
            f"REPORTS_TMP_DIR {folder} must be a folder of the user the portal runs as, which "
            "no one else may write to. Remove it or set REPORTS_TMP_DIR to another folder."
        )
    return folder


def report_temporary_files_sweep(
    *, older_than: datetime.timedelta = datetime.timedelta(days=1)
) -> int:
    """Delete the files in the compiles' temporary folder last changed more than `older_than`
    ago: left by compiles whose worker was killed (a compile lasts minutes at most). Files
    anywhere else, and newer ones, are left alone. Returns how many were deleted."""
    folder = Path(settings.REPORTS_TMP_DIR)
    if not folder.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    deleted = 0
    for entry in os.scandir(folder):
        # Regular files only, never through a link: nothing outside the folder is touched.
        if (
            entry.is_file(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_mtime < cutoff
        ):
            Path(entry.path).unlink(missing_ok=True)
            deleted += 1
    if deleted:
        logger.info("Deleted %s temporary files left by killed compiles in %s", deleted, folder)
    return deleted


@transaction.atomic
def _save_file(
    report_id: int, run_token: str, path: Path, *, snapshot: dict, pages: int
) -> ReportFile | None:
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.run_token != run_token or report.status != Report.Status.COMPILING:
        return None
    content = path.read_bytes()
    version = (report.files.aggregate(latest=Max("version"))["latest"] or 0) + 1
    report_file = ReportFile(
        report=report,
        version=version,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        pages=pages,
        snapshot=snapshot,
        compiled_by=report.compile_requested_by,
    )
    with path.open("rb") as handle:
        report_file.file.save(f"{run_token}.pdf", File(handle), save=False)
    try:
        report_file.save()
        _report_save(
            report,
            report.compile_requested_by,
            status=Report.Status.READY,
            progress="",
            progress_step=len(STEPS),
            heartbeat_at=timezone.now(),
            failure_reason="",
        )
    except Exception:
        report_file.file.storage.delete(report_file.file.name)
        raise
    return report_file


@transaction.atomic
def report_mark_failed(*, report_id: int, run_token: str, reason: str) -> None:
    """Mark the run failed with `reason`, unless a newer run has taken over."""
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.run_token != run_token:
        return
    _report_save(
        report,
        report.compile_requested_by,
        status=Report.Status.FAILED,
        failure_reason=reason[:2000],
        progress="",
    )


@transaction.atomic
def report_publish(*, report: Report, published_by: AbstractBaseUser) -> ReportFile:
    """Publish the latest compiled file. Only a report that is ready can be published; the
    published file is kept for good, whatever is compiled later. Raises PublishRefused."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.READY:
        raise PublishRefused(
            "Only a report that has compiled and is ready can be published: compile it first."
        )
    latest = report.files.order_by("-version").first()
    if latest is None:
        raise PublishRefused("This report has no compiled file to publish.")
    _report_save(
        report,
        published_by,
        published_file=latest,
        status=Report.Status.PUBLISHED,
        published_by=published_by,
        published_at=timezone.now(),
    )
    transaction.on_commit(lambda: report_published.send(sender=Report, report=report))
    return latest


def _report_save(report: Report, changed_by: AbstractBaseUser | None, **fields) -> None:
    """Save a step of a report's life on the row the service has read under its lock."""
    model_update(
        instance=report,
        fields=fields,
        changed_by=changed_by,
        lock=False,
        clean=False,
        save_unchanged=True,
    )


# --- The board pack after each quarter -------------------------------------------------------


def bank_holidays(year: int) -> set[datetime.date]:
    """England's bank holidays in `year`, substitute days included (the `holidays`
    package's calendar for England)."""
    return set(holidays.country_holidays("GB", subdiv="ENG", years=year))


def first_working_day_after(day: datetime.date) -> datetime.date:
    """The first weekday after `day` that is not a bank holiday."""
    candidate = day + datetime.timedelta(days=1)
    while candidate.weekday() >= 5 or candidate in bank_holidays(candidate.year):
        candidate += datetime.timedelta(days=1)
    return candidate


def board_pack_compile_due(*, today: datetime.date | None = None) -> Report | None:
    """On the first working day after a quarter ends, create the board-restricted pack for
    that quarter if missing and compile it. Any other day, or when the pack has already been
    compiled or is compiling, does nothing. Returns the report queued, or None."""
    today = today or timezone.localdate()
    quarter = FinancialQuarter.containing(today).previous()
    if today != first_working_day_after(quarter.end):
        return None
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .filter(kind=Report.Kind.BOARD_PACK, quarter=quarter, audience=Report.Audience.BOARD)
            .first()
        )
        if report is None:
            report = report_create(
                kind=Report.Kind.BOARD_PACK,
                audience=Report.Audience.BOARD,
                quarter=quarter,
                created_by=None,
            )
        if report.status != Report.Status.DRAFT or report.files.exists():
            return None
        return report_compile_request(report=report, requested_by=None)
