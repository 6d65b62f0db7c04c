"""The Celery application: configured from Django settings (CELERY_*), tasks found in each app,
and `enqueue`, the one way the portal hands a task that a person started to the queue."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, Task
from celery.result import AsyncResult
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")

app = Celery("cpboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# What sending raises when Redis is down, refusing or hung: kombu wraps the broker's
# connection errors; the result store's come from redis-py or the socket itself.
_QUEUE_ERRORS = (KombuError, RedisError, OSError)

# What a person can do about it, for every message that says the queue is not answering.
QUEUE_DOWN_ADVICE = "Try again in a few minutes; if it keeps happening, tell the administrator."


class TaskQueueUnavailable(Exception):
    """The task queue did not take the task: Redis is down, refusing connections or hung."""


def enqueue(task: Task, *args, **kwargs) -> AsyncResult:
    """Send `task` with these arguments to the queue and return its result handle, within a
    few seconds whatever state Redis is in (the CELERY_* timeouts and retry limits in
    settings bound every wait). Raises TaskQueueUnavailable when the queue does not take the
    task, so the caller can say so and let the person try again at once. Sends now: a caller
    inside a transaction queues this with transaction.on_commit. In the demo (no REDIS_URL)
    the task runs here and its own errors reach the caller unchanged."""
    if task.app.conf.task_always_eager:
        return task.apply_async(args, kwargs)
    with _queue_errors_as_unavailable():
        return task.apply_async(args, kwargs)


def wait_for_answer(result: AsyncResult, timeout: float) -> Any:
    """Wait up to `timeout` seconds for a sent task's return value and return it. Raises
    celery.exceptions.TimeoutError when no worker answered in time, TaskQueueUnavailable when
    Redis went away while waiting; an error the task itself raised is raised as it is."""
    with _queue_errors_as_unavailable():
        answer = result.get(timeout=timeout, propagate=False)
    # Outside the translation above: the task's own OSError is not the queue's.
    result.maybe_throw()
    return answer


@contextmanager
def _queue_errors_as_unavailable() -> Iterator[None]:
    try:
        yield
    except _QUEUE_ERRORS as error:
        raise TaskQueueUnavailable(f"{type(error).__name__}: {error}") from error
    except RuntimeError as error:
        # Celery's Redis result store gives up reconnecting with a bare RuntimeError; the
        # connection error is its cause. Any other RuntimeError is not about the queue.
        cause = error.__cause__
        if isinstance(cause, _QUEUE_ERRORS):
            raise TaskQueueUnavailable(f"{type(cause).__name__}: {cause}") from error
        raise
