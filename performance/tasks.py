"""Celery tasks of the performance app: thin wrappers over services."""

from celery import shared_task

from performance.services import figure_reminders_send
from performance.ssda903 import services as ssda903_services


@shared_task
def send_figure_reminders() -> int:
    """Daily: remind officers who owe figures for a round whose reminder day has come."""
    return figure_reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def process_ssda903_upload(upload_id: int, run_token: str) -> int | None:
    """Read, check and count an uploaded SSDA903 return and enter its figures; returns the
    upload's id, or None when it failed (the upload says why) or a newer run took over. A
    repeat of a finished run does nothing, so the broker may deliver it again."""
    upload = ssda903_services.upload_run(upload_id=upload_id, run_token=run_token)
    return upload.pk if upload else None


@shared_task
def sweep_ssda903_files() -> int:
    """Hourly: delete uploaded returns left by a killed run and lists of errors past their
    day; returns how many files and folders were deleted."""
    return ssda903_services.ssda903_files_sweep()
