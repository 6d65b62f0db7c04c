"""Checks that the services the portal depends on are answering."""

import time
from dataclasses import dataclass

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.db import DatabaseError, connection
from django.utils import timezone

from cpboard.celery import TaskQueueUnavailable, enqueue, wait_for_answer
from cpboard.celery import app as celery_app
from cpboard.tasks import check_task_queue


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database_check() -> Check:
    """Whether the database answers a query, and which database it is."""
    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(
        connection.vendor, connection.vendor
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check("Database", False, f"{vendor} did not answer: {error}")
    return Check("Database", True, f"{vendor} answered")


def task_queue_check(timeout: float = 5.0) -> Check:
    """Send a task and wait up to `timeout` seconds for a worker's answer; in the demo, tasks
    run in-process. When Redis is down the check says so within a few seconds."""
    started = time.monotonic()
    try:
        result = enqueue(check_task_queue, timezone.now().isoformat())
        if celery_app.conf.task_always_eager:
            result.get()
            return Check("Task queue", True, "Tasks run in-process (REDIS_URL is not set)")
        answer = wait_for_answer(result, timeout)
    except TaskQueueUnavailable as error:
        return Check("Task queue", False, f"The task queue is not answering: {error}")
    except CeleryTimeoutError:
        return Check("Task queue", False, f"No worker answered within {timeout:g} seconds")
    elapsed_ms = (time.monotonic() - started) * 1000
    return Check("Task queue", True, f"Worker {answer['worker']} answered in {elapsed_ms:.0f} ms")
