"""CI promises the real services (CPBOARD_REQUIRE_SERVICES=1): prove the run used them, so a
mistyped variable cannot quietly turn CI back into the SQLite, in-process set-up."""

import os

import pytest
from django.db import connection

from cpboard.celery import app

pytestmark = pytest.mark.skipif(
    not os.environ.get("CPBOARD_REQUIRE_SERVICES"),
    reason="only CI promises PostgreSQL and Redis (CPBOARD_REQUIRE_SERVICES=1)",
)


def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_celery_uses_redis_as_broker_and_result_backend_and_queues_tasks():
    assert app.conf.broker_url.startswith("redis://")
    assert str(app.conf.result_backend).startswith("redis://")
    assert not app.conf.task_always_eager
