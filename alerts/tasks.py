"""Celery tasks of the alerts app: thin wrappers over services."""

from celery import shared_task

from alerts import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_alert(alert_id: int) -> bool:
    """E-mail one alert that goes as it happens; a repeat sends nothing."""
    return services.alert_send(alert_id=alert_id)


@shared_task
def send_due_alerts() -> int:
    """Daily: raise the alerts of actions and risk reviews falling due, then send any alert
    meant to go as it happens that is still waiting; returns how many were sent."""
    services.due_reviews_raise()
    return services.waiting_alerts_send()


@shared_task
def send_weekly_digests() -> int:
    """Weekly, on Monday morning: one e-mail per person of the alerts they chose to have in
    a digest; returns how many digests were sent."""
    return services.digests_send()
