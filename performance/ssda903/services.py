"""Uploading an SSDA903 return: the files wait in a folder of their own for the worker,
which reads them, checks them with DfE's rules, counts the measures and enters the figures of
the KPIs computed from them as submitted, through the same save as typed figures.

What is child-level never reaches the database, the logs or an error report: the upload
record keeps counts only; a failure is recorded as the step it happened in and, for a
refused return, the file, line and column with the reason (never a value from the file);
exceptions are logged by type only. The files are deleted when the task ends or fails; a
killed task's files are deleted by the hourly sweep once its upload has gone quiet, and
anything in the folder older than a day by the same sweep. The list of child references
with errors is written to a file of the upload's and the uploader's for them to download,
and deleted after a day."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import stat
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from cpboard.celery import QUEUE_DOWN_ADVICE, TaskQueueUnavailable, enqueue
from cpboard.exports import csv_bytes
from cpboard.quarters import FinancialQuarter
from cpboard.uploads import shortened_name
from performance.judgement import Unit
from performance.models import Kpi, Measurement
from performance.services import FigureErrors, FigureInput, measurements_save
from performance.ssda903.measures import MeasureResult, compute_measures
from performance.ssda903.models import Ssda903Upload
from performance.ssda903.reader import ReturnRefused, read_return
from performance.ssda903.validation import ValidationResult, validate

logger = logging.getLogger(__name__)

Step = Ssda903Upload.Step
Status = Ssda903Upload.Status

ERROR_LIST_HOURS = 24
STALE_AFTER = datetime.timedelta(minutes=10)
"""A run that has not moved on for this long was killed (a step takes a minute at most)."""
QUEUE_DOWN_REASON = (
    f"The return could not be processed because the task queue is not answering. "
    f"{QUEUE_DOWN_ADVICE}"
)
ERROR_LIST_COLUMNS = ("Child", "File", "Line", "Rule", "Message")


class Superseded(Exception):
    """A newer run of this upload has taken over: this one stops without touching it."""


# -- The temporary folder -------------------------------------------------------------------


def temporary_folder(kind: str) -> Path:
    """SSDA903_TMP_DIR/<kind> ("uploads" or "errors"), created on first use and open to this
    user only. Raises ImproperlyConfigured if it belongs to another user or others may write
    to it: they could read a return."""
    base = Path(settings.SSDA903_TMP_DIR)
    for folder in (base, base / kind):
        folder.mkdir(mode=0o700, exist_ok=True, parents=folder == base)
        details = folder.lstat()
        if (
            not stat.S_ISDIR(details.st_mode)
            or details.st_uid != os.getuid()
            or details.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
        ):
            raise ImproperlyConfigured(
                f"SSDA903_TMP_DIR {folder} must be a folder of the user the portal runs as, "
                "which no one else may open. Remove it or set SSDA903_TMP_DIR elsewhere."
            )
    return base / kind


def upload_folder(upload: Ssda903Upload) -> Path:
    return temporary_folder("uploads") / f"upload-{upload.pk}-{upload.run_token}"


def error_list_path(upload: Ssda903Upload) -> Path:
    """The uploader's list of child references with errors: named by the upload, its run
    and the uploader, so that nobody else's request can name it, and a list left from a
    database since restored cannot be taken for a new upload's."""
    name = f"upload-{upload.pk}-{upload.run_token}-user-{upload.uploaded_by_id}.csv"
    return temporary_folder("errors") / name


def error_list_for(upload: Ssda903Upload, user: AbstractBaseUser) -> bytes | None:
    """The list of errors for the person who uploaded the return, while it is younger than a
    day; None for anyone else or once it has gone."""
    if upload.uploaded_by_id is None or upload.uploaded_by_id != user.pk:
        return None
    path = error_list_path(upload)
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None
    if age > ERROR_LIST_HOURS * 3600:
        path.unlink(missing_ok=True)
        return None
    return path.read_bytes()


def error_list_available_until(upload: Ssda903Upload) -> datetime.datetime | None:
    try:
        written = error_list_path(upload).stat().st_mtime
    except FileNotFoundError:
        return None
    return datetime.datetime.fromtimestamp(written, tz=datetime.UTC) + datetime.timedelta(
        hours=ERROR_LIST_HOURS
    )


def _delete_files(upload_id: int) -> None:
    for folder in temporary_folder("uploads").glob(f"upload-{upload_id}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def ssda903_files_sweep(*, now: datetime.datetime | None = None) -> int:
    """Hourly: mark runs that went quiet (their worker was killed) failed and delete their
    files; delete anything in SSDA903_TMP_DIR older than a day (error lists past their 24
    hours, files of a killed run). Returns how many files and folders were deleted."""
    now = now or timezone.now()
    quiet = Ssda903Upload.objects.filter(
        status__in=(Status.QUEUED, Status.RUNNING), step_at__lt=now - STALE_AFTER
    )
    for upload in quiet:
        upload_mark_failed(
            upload_id=upload.pk,
            run_token=upload.run_token,
            reason=f"The work stopped while {upload.get_step_display().lower()} (the worker "
            "was restarted or stopped) and the files were deleted. Nothing from this upload "
            "was entered. Upload the files again.",
        )
    deleted = 0
    running = {
        f"upload-{pk}-{token}"
        for pk, token in Ssda903Upload.objects.filter(
            status__in=(Status.QUEUED, Status.RUNNING)
        ).values_list("pk", "run_token")
    }
    cutoff = now.timestamp() - ERROR_LIST_HOURS * 3600
    for kind in ("uploads", "errors"):
        folder = temporary_folder(kind)
        for entry in os.scandir(folder):
            details = entry.stat(follow_symlinks=False)
            finished = kind == "uploads" and entry.name not in running
            if details.st_mtime < cutoff or finished:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    Path(entry.path).unlink(missing_ok=True)
                deleted += 1
    if deleted:
        logger.info("Deleted %s temporary SSDA903 files and folders", deleted)
    return deleted


# -- Uploading and running ------------------------------------------------------------------


def upload_create(
    *,
    quarter: FinancialQuarter,
    files: list[tuple[str, IO[bytes]]],
    user: AbstractBaseUser,
    population: int | None = None,
    run_validation: bool = True,
    queue: bool = True,
) -> Ssda903Upload:
    """Keep the uploaded files in the upload's own temporary folder and queue the work once
    the upload record is committed (`queue` False: the caller runs `upload_run` itself). The
    measures cover the 12 months ending on the quarter's last day."""
    with transaction.atomic():
        upload = Ssda903Upload.objects.create(
            quarter=quarter,
            as_at=quarter.end,
            population=population,
            validate=run_validation,
            uploaded_by=user,
            run_token=uuid.uuid4().hex,
            step_at=timezone.now(),
        )
        folder = upload_folder(upload)
        folder.mkdir(mode=0o700)
        try:
            for number, (name, content) in enumerate(files):
                target = folder / f"{number:02d}-{shortened_name(name)}"
                with target.open("xb") as handle:
                    shutil.copyfileobj(content, handle, 1024 * 1024)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        token = upload.run_token
        if queue:
            transaction.on_commit(lambda: upload_enqueue(upload_id=upload.pk, run_token=token))
    return upload


def upload_enqueue(*, upload_id: int, run_token: str) -> bool:
    """Hand the run to the task queue. When the queue is not answering the upload is marked
    failed at once, saying so, and its files are deleted. Returns whether it was queued."""
    from performance.tasks import process_ssda903_upload

    try:
        result = enqueue(process_ssda903_upload, upload_id, run_token)
    except TaskQueueUnavailable as error:
        logger.warning("SSDA903 upload %s could not start: %s", upload_id, type(error).__name__)
        upload_mark_failed(upload_id=upload_id, run_token=run_token, reason=QUEUE_DOWN_REASON)
        return False
    Ssda903Upload.objects.filter(pk=upload_id, run_token=run_token).update(task_id=result.id or "")
    return True


def _step(upload_id: int, run_token: str, step: str) -> None:
    updated = Ssda903Upload.objects.filter(
        pk=upload_id, run_token=run_token, status__in=(Status.QUEUED, Status.RUNNING)
    ).update(status=Status.RUNNING, step=step, step_at=timezone.now())
    if not updated:
        raise Superseded


def upload_mark_failed(*, upload_id: int, run_token: str, reason: str) -> None:
    """Mark the run failed with the reason, unless another run has taken over; its files go."""
    Ssda903Upload.objects.filter(pk=upload_id, run_token=run_token).exclude(
        status=Status.DONE
    ).update(status=Status.FAILED, failure_reason=reason, finished_at=timezone.now())
    _delete_files(upload_id)


def upload_run(*, upload_id: int, run_token: str) -> Ssda903Upload | None:
    """Read, check, count and enter: the Celery task's work. Returns the finished upload, or
    None when it failed (the upload says why) or another run took over. A repeat of a
    finished run does nothing. The upload's files are deleted however it ends."""
    upload = Ssda903Upload.objects.select_related("uploaded_by").filter(pk=upload_id).first()
    if upload is None or upload.run_token != run_token or not upload.is_running:
        return None
    step = Step.READING
    try:
        _step(upload_id, run_token, step)
        folder = upload_folder(upload)
        if not folder.is_dir():
            # Delivered again after its worker was lost once the files were read and deleted.
            upload_mark_failed(
                upload_id=upload_id,
                run_token=run_token,
                reason="The work was interrupted after the files were read, and they were "
                "deleted. Nothing from this upload was entered. Upload the files again.",
            )
            return None
        paths = sorted(folder.iterdir())
        handles = [path.open("rb") for path in paths]
        try:
            found = read_return(
                [(path.name[3:], handle) for path, handle in zip(paths, handles, strict=True)]
            )
        finally:
            for handle in handles:
                handle.close()
        _delete_files(upload_id)
        Ssda903Upload.objects.filter(pk=upload_id).update(
            file_format=found.file_format,
            checksum=found.checksum,
            files=[
                {"name": f.name, "table": f.table, "sha256": f.sha256, "rows": f.rows}
                for f in found.files
            ],
            children=found.children(),
        )
        if upload.validate:
            step = Step.VALIDATING
            _step(upload_id, run_token, step)
            checked = validate(found, as_at=upload.as_at, la_code=settings.SSDA903_LA_CODE)
            _keep_error_list(upload, checked)
            Ssda903Upload.objects.filter(pk=upload_id).update(
                rule_set=checked.rule_set,
                error_count=checked.error_count,
                rule_errors=[
                    {"code": r.code, "message": r.message, "rows": r.rows} for r in checked.rules
                ],
                failed_rules=checked.failed_rules,
            )
        step = Step.COMPUTING
        _step(upload_id, run_token, step)
        results = compute_measures(found, upload.as_at, population=upload.population)
        del found
        Ssda903Upload.objects.filter(pk=upload_id).update(
            measures=[
                {
                    "code": r.code,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "value": str(r.value),
                }
                for r in results
            ]
        )
        step = Step.SAVING
        _step(upload_id, run_token, step)
        upload.refresh_from_db()
        figures = figures_from_measures(upload=upload, results=results)
        finished = Ssda903Upload.objects.filter(
            pk=upload_id, run_token=run_token, status=Status.RUNNING
        ).update(figures=figures, status=Status.DONE, step=Step.DONE, finished_at=timezone.now())
        if not finished:
            raise Superseded
        upload.refresh_from_db()
        return upload
    except Superseded:
        return None
    except ReturnRefused as refused:
        upload_mark_failed(
            upload_id=upload_id,
            run_token=run_token,
            reason=f"The return was not read: {refused.located}",
        )
        return None
    except Exception as error:
        # By type only: a message from pandas or the validator may quote the return's rows.
        logger.error("SSDA903 upload %s failed while %s: %s", upload_id, step, type(error).__name__)
        upload_mark_failed(
            upload_id=upload_id,
            run_token=run_token,
            reason=f"Something went wrong while {Step(step).label.lower()} "
            f"({type(error).__name__}). Nothing from this upload was entered. Try again; if "
            "it happens again, tell the administrator.",
        )
        return None
    finally:
        _delete_files(upload_id)


def _keep_error_list(upload: Ssda903Upload, checked: ValidationResult) -> None:
    """Write the child references with errors for the uploader (deleted after a day)."""
    messages = {rule.code: rule.message for rule in checked.rules}
    content = csv_bytes(
        ERROR_LIST_COLUMNS,
        (
            (error.child, f"{error.file}.csv", error.line, error.code, messages.get(error.code, ""))
            for error in checked.child_errors
        ),
    )
    path = error_list_path(upload)
    partial = path.with_suffix(".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    partial.replace(path)


# -- From measures to figures ----------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    kpi: str
    title: str
    outcome: str
    """entered, updated, unchanged, approved-same, approved-differs, refused, no-measure"""
    value: str = ""
    approved_value: str = ""
    note: str = ""
    unit: str = ""

    def as_dict(self) -> dict:
        return {
            "kpi": self.kpi,
            "title": self.title,
            "unit": self.unit,
            "outcome": self.outcome,
            "value": self.value,
            "approved_value": self.approved_value,
            "note": self.note,
        }


def _input_for(kpi: Kpi, result: MeasureResult, commentary: str) -> FigureInput | str:
    """The figure to save for the KPI, or why the measure does not fit it."""
    unit = result.measure.unit
    if kpi.unit != unit:
        return (
            f"{kpi.code} is a {kpi.get_unit_display().lower()} but {result.code} is a "
            f"{Unit(unit).label.lower()}: change the KPI's measure or unit."
        )
    if kpi.has_fraction:
        return FigureInput(
            kpi=kpi,
            numerator=result.numerator,
            denominator=result.denominator,
            commentary=commentary,
        )
    return FigureInput(kpi=kpi, value=result.value, commentary=commentary)


def figures_from_measures(*, upload: Ssda903Upload, results: list[MeasureResult]) -> list[dict]:
    """Enter the quarter's figure of each active KPI that names a measure, as submitted for
    sign-off, through `measurements_save` (so the figure's history, the stale-save check and
    RAG apply). An approved figure is never changed: what differs from it is listed. Each
    KPI's figure is saved on its own, so one refusal does not hold back the others. Returns
    what became of each, for the upload's page."""
    by_code = {result.code: result for result in results}
    commentary = (
        f"Computed from the SSDA903 return as at {upload.as_at:%d %B %Y} "
        f"(SHA-256 {upload.checksum})."
    )
    outcomes: list[_Figure] = []
    kpis = Kpi.objects.active().exclude(ssda903_measure="").order_by("code")
    for kpi in kpis:
        result = by_code.get(kpi.ssda903_measure)
        if result is None:
            outcomes.append(
                _Figure(kpi.code, kpi.title, "no-measure", unit=kpi.unit,
                        note=f"The return gives no {kpi.ssda903_measure}: nothing to count.")
            )  # fmt: skip
            continue
        figure = _input_for(kpi, result, commentary)
        if isinstance(figure, str):
            outcomes.append(_Figure(kpi.code, kpi.title, "refused", note=figure, unit=kpi.unit))
            continue
        new_value = str(result.value)
        existing = Measurement.objects.filter(kpi=kpi, quarter=upload.quarter).first()
        if existing is not None and existing.is_locked:
            # A figure approved as a value alone is the same when its value is.
            same = existing.value == result.value and (
                not kpi.has_fraction
                or existing.numerator is None
                or (existing.numerator, existing.denominator)
                == (figure.numerator, figure.denominator)
            )
            outcomes.append(
                _Figure(
                    kpi.code, kpi.title, "approved-same" if same else "approved-differs",
                    value=new_value, approved_value=str(existing.value), unit=kpi.unit,
                )
            )  # fmt: skip
            continue
        if (
            existing is not None
            and existing.status == Measurement.Status.SUBMITTED
            and existing.value == result.value
            and existing.numerator == figure.numerator
            and existing.denominator == figure.denominator
            and existing.commentary == commentary
        ):
            outcomes.append(
                _Figure(kpi.code, kpi.title, "unchanged", value=new_value, unit=kpi.unit)
            )
            continue
        if existing is not None:
            figure = FigureInput(
                kpi=kpi,
                value=figure.value,
                numerator=figure.numerator,
                denominator=figure.denominator,
                commentary=figure.commentary,
                version=existing.version,
            )
        try:
            measurements_save(
                quarter=upload.quarter, figures=[figure], user=upload.uploaded_by, submit=True
            )
        except FigureErrors as refused:
            outcomes.append(
                _Figure(kpi.code, kpi.title, "refused", value=new_value, unit=kpi.unit,
                        note=" ".join(e.message for e in refused.errors))
            )  # fmt: skip
            continue
        outcomes.append(
            _Figure(
                kpi.code, kpi.title, "updated" if existing else "entered", value=new_value,
                unit=kpi.unit,
            )
        )  # fmt: skip
    return [outcome.as_dict() for outcome in outcomes]
