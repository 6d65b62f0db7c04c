"""A return uploaded on the page and worked through by a real Celery worker through the
real broker (Redis in CI): the performance lead reads the summary, signs the figures off
and the councillor sees them on the scorecard."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from cpboard import roles
from performance.models import Measurement
from performance.ssda903.models import Ssda903Upload
from tests.performance.ssda903.helpers import LATEST, as_zip, linked_kpis, marked_return

pytestmark = pytest.mark.worker


def _wait_for(upload: Ssda903Upload, timeout: float = 90) -> Ssda903Upload:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        upload.refresh_from_db()
        if not upload.is_running:
            return upload
        time.sleep(0.2)
    raise AssertionError(f"Still running after {timeout} s: {upload.step}")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_uploaded_on_the_page_worked_by_the_worker_signed_off_and_on_the_scorecard(
    celery_worker, make_user
):
    kpis = linked_kpis()
    lead = make_user(roles.PERFORMANCE_LEAD)
    client = _client(lead)

    response = client.post(
        reverse("performance:ssda903"),
        {"quarter": str(LATEST), "files": [as_zip(marked_return())], "run_validation": "on"},
    )

    upload = Ssda903Upload.objects.get()
    assert response.url == upload.get_absolute_url()
    upload = _wait_for(upload)
    assert upload.status == "done", upload.failure_reason
    assert upload.task_id
    page = client.get(upload.get_absolute_url()).text
    assert "Validation against DfE" in page
    assert f"{len(kpis)} figures computed from this return went for sign-off" in page

    count = Measurement.objects.get(kpi=kpis["CLA-COUNT"], quarter=LATEST)
    assert count.status == "submitted"
    review = client.get(reverse("performance:review")).text
    assert "CLA-COUNT" in review
    approved = client.post(
        reverse("performance:approve", args=[count.pk]), {"version": count.version}
    )
    assert approved.status_code == 302
    count.refresh_from_db()
    assert count.status == "approved"

    councillor = _client(make_user(roles.COUNCILLOR))
    scorecard = councillor.get(reverse("performance:scorecard"), {"quarter": str(LATEST)}).text
    assert "CLA-COUNT from the return" in scorecard
    assert f"{int(count.value)}" in scorecard
