"""The administrator's system status page and the load balancer's health check."""

import pytest
from django.urls import reverse

from cpboard import roles
from cpboard.celery import app
from cpboard.health import task_queue_check

pytestmark = pytest.mark.django_db


def test_health_check_answers_without_sign_in_and_shows_no_data(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.text == "ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.fixture
def tasks_queued():
    """Tasks go to the broker, and no worker is running in this test."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


def test_administrator_sees_the_database_and_task_queue_working(client_as, tasks_in_process):
    response = client_as(roles.ADMINISTRATOR).get(reverse("cpboard:system-status"))

    assert response.status_code == 200
    assert "Everything the portal depends on is answering." in response.text
    assert response.text.count("Working</strong>") == 2
    assert "Tasks run in-process (REDIS_URL is not set)" in response.text


@pytest.mark.parametrize(
    "role", [roles.COUNCILLOR, roles.OFFICER, roles.BOARD_SECRETARY, roles.YOUNG_PERSON]
)
def test_other_roles_are_refused_the_status_page(client_as, role):
    response = client_as(role).get(reverse("cpboard:system-status"))

    assert response.status_code == 403
    assert "You cannot see this page" in response.text
    assert "Task queue" not in response.text


def test_the_status_check_says_when_no_worker_answers(tasks_queued):
    check = task_queue_check(timeout=0.5)

    assert not check.ok
    assert check.detail == "No worker answered within 0.5 seconds"
