"""Celery tasks of the shared kernel: housekeeping and the task-queue health check."""

import socket

from celery import shared_task
from django.core.management import call_command
from django.utils import timezone


@shared_task
def clear_expired_sessions() -> None:
    """Delete expired sign-in sessions from the database (run daily by beat)."""
    call_command("clearsessions")


@shared_task
def check_task_queue(sent_at: str) -> dict:
    """Answer from whichever worker took the task, so the status page can show the round trip."""
    return {
        "sent_at": sent_at,
        "answered_at": timezone.now().isoformat(),
        "worker": socket.gethostname(),
    }
