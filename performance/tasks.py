"""Celery tasks of the performance app: thin wrappers over services."""

from celery import shared_task

from performance.services import figure_reminders_send


@shared_task
def send_figure_reminders() -> int:
    """Daily: remind officers who owe figures for a round whose reminder day has come."""
    return figure_reminders_send()
