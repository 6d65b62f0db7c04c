"""Celery tasks of the voice app: thin wrappers over services, by message number only."""

import smtplib

from celery import shared_task

from voice import services


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    max_retries=8,
)
def send_safeguarding_alert(message_id: int) -> bool:
    """E-mail the designated safeguarding contact about a message; sent once however often
    it runs."""
    return services.safeguarding_alert_send(message_id=message_id)


@shared_task
def forget_old_message_words() -> int:
    """Daily: blank the words of messages closed more than VOICE_KEEP_TEXT_DAYS ago."""
    return services.forget_old_message_words()
