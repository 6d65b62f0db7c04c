"""A task round trip through a real Celery worker and broker.

With REDIS_URL set (as in CI) the broker and result backend are the real Redis; without it,
kombu's in-memory transport. Either way the task leaves the test through the broker, a worker
thread picks it up, and its answer comes back through the result backend: nothing is eager."""

import socket

import pytest

from cpboard.health import task_queue_check
from cpboard.tasks import check_task_queue

pytestmark = pytest.mark.worker


def test_a_task_sent_to_the_broker_is_answered_by_the_worker(celery_worker):
    result = check_task_queue.delay("2026-11-22T10:00:00")

    answer = result.get(timeout=20)

    assert answer["sent_at"] == "2026-11-22T10:00:00"
    assert answer["worker"] == socket.gethostname()
    assert result.successful()


def test_the_status_check_reports_the_worker_answering(celery_worker):
    check = task_queue_check(timeout=20)

    assert check.ok, check.detail
    assert check.detail.startswith(f"Worker {socket.gethostname()} answered in ")
