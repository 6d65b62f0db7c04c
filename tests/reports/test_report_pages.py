"""The report pages: who sees which report and file, writing the narrative, compiling and
publishing from the page."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from reports import services
from reports.models import Report
from tests.reports.helpers import compile_now, make_report, secretary

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _media_for_the_module(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def report_storage(settings, _media_for_the_module):
    """The module's reports are compiled once, so their files stay in one folder for all its
    tests."""
    settings.MEDIA_ROOT = _media_for_the_module
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def _reports_for_the_module(_board_data_for_the_module, _media_for_the_module, django_db_blocker):
    """Compiled once for the module, inside the transaction of its board data
    (tests/database.py)."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_media_for_the_module):
        summary = make_report(kind=Report.Kind.YOUNG_PEOPLE, audience=Report.Audience.PUBLIC)
        compile_now(summary)
        services.report_publish(report=summary, published_by=secretary())
        pack = make_report()
        compile_now(pack)
        draft = make_report(audience=Report.Audience.PUBLIC)
    return {"summary": summary.pk, "pack": pack.pk, "draft": draft.pk}


@pytest.fixture
def reports(_reports_for_the_module, board_data):
    """A published young people's summary, a compiled board-only pack, a draft public pack,
    read afresh for each test."""
    return {name: Report.objects.get(pk=pk) for name, pk in _reports_for_the_module.items()}


def test_young_people_see_only_published_public_reports(reports, client_as):
    client = client_as(roles.YOUNG_PERSON)

    page = client.get(reverse("reports:report-list")).content.decode()

    assert "Young people&#x27;s summary 2025-26" in page
    assert "Board pack 2026-27 Q2" not in page  # board-only, and a public draft


def test_a_board_only_file_is_refused_to_young_people(reports, client_as):
    client = client_as(roles.YOUNG_PERSON)
    pack = reports["pack"]

    detail = client.get(pack.get_absolute_url())
    download = client.get(reverse("reports:file-download", args=[pack.pk, 1]))

    assert detail.status_code == 404
    assert download.status_code == 404
    assert not download.get("Content-Disposition")


def test_a_councillor_downloads_the_board_pack(reports, client_as):
    client = client_as(roles.COUNCILLOR)
    pack = reports["pack"]

    response = client.get(reverse("reports:file-download", args=[pack.pk, 1]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="board-pack-2026-27-q2-v1.pdf"' in response["Content-Disposition"]


def test_young_people_download_the_published_version_only(reports, client_as):
    summary = reports["summary"]
    compile_now(summary)  # version 2, not published
    client = client_as(roles.YOUNG_PERSON)

    assert client.get(reverse("reports:file-download", args=[summary.pk, 1])).status_code == 200
    assert client.get(reverse("reports:file-download", args=[summary.pk, 2])).status_code == 404


def test_the_secretary_writes_a_section_and_a_stale_save_is_refused(reports, client_as):
    client = client_as(roles.BOARD_SECRETARY)
    draft = reports["draft"]
    url = reverse("reports:section-edit", args=[draft.pk, "chair-introduction"])
    opened = client.get(url).context["form"].initial["seen_change"]

    saved = client.post(url, {"body": "Hello from the Board.", "seen_change": opened})
    stale = client.post(url, {"body": "An older draft.", "seen_change": opened})

    assert saved.status_code == 302
    assert stale.status_code == 200
    assert "after you opened the page" in stale.content.decode()
    assert draft.sections.get(key="chair-introduction").body == "Hello from the Board."


def test_compiling_from_the_page_runs_the_task_and_shows_the_file(
    reports, client_as, django_capture_on_commit_callbacks, tasks_in_process
):
    client = client_as(roles.BOARD_SECRETARY)
    draft = reports["draft"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-compile", args=[draft.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Report.Status.READY
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Ready to publish" in page
    assert draft.files.get().sha256 in page


def test_publishing_from_the_page_keeps_the_file(reports, client_as):
    client = client_as(roles.BOARD_SECRETARY)
    pack = reports["pack"]

    client.post(reverse("reports:report-publish", args=[pack.pk]))

    pack.refresh_from_db()
    assert pack.status == Report.Status.PUBLISHED
    assert pack.published_file.version == 1


def test_a_failed_report_shows_why_and_offers_a_retry(reports, client_as):
    pack = reports["pack"]
    Report.objects.filter(pk=pack.pk).update(
        status=Report.Status.FAILED, failure_reason="Writing PDF failed: OSError: disk full"
    )
    client = client_as(roles.BOARD_SECRETARY)

    page = client.get(pack.get_absolute_url()).content.decode()

    assert "Writing PDF failed: OSError: disk full" in page
    assert "Retry compiling" in page
    assert "Download version 1" in page


def test_the_status_endpoint_reports_progress(reports, client_as):
    pack = reports["pack"]
    Report.objects.filter(pk=pack.pk).update(
        status=Report.Status.COMPILING,
        progress="Rendering pages",
        progress_step=2,
        heartbeat_at=timezone.now(),
    )
    client = client_as(roles.COUNCILLOR)

    status = client.get(reverse("reports:report-status", args=[pack.pk])).json()

    assert status["compiling"] is True
    assert status["progress"] == "Rendering pages"
    assert status["step"] == 2


def test_a_duplicate_report_is_refused_with_a_message(reports, client_as):
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(
        reverse("reports:report-create"),
        {"kind": "young_people", "audience": "public", "year": "2025-26"},
    )

    assert response.status_code == 200
    assert "There is already a report of this kind" in response.content.decode()


def test_the_report_list_runs_a_fixed_number_of_queries(
    reports, client_as, django_assert_max_num_queries
):
    client = client_as(roles.COUNCILLOR)
    for year in (2022, 2023, 2024):
        make_report(kind=Report.Kind.ANNUAL, year=year)

    # Session, user, roles, count for paging, the page of reports with their files counted.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("reports:report-list"))

    assert response.status_code == 200


def test_a_report_never_published_shows_its_readers_no_narrative(reports, client_as):
    pack = reports["pack"]  # compiled, never published
    section = pack.sections.order_by("position").first()
    services.report_section_update(
        section=section, body="Draft words for the Board.", changed_by=secretary()
    )

    councillor = client_as(roles.COUNCILLOR).get(pack.get_absolute_url()).content.decode()
    writer = client_as(roles.BOARD_SECRETARY).get(pack.get_absolute_url()).content.decode()

    assert "Draft words for the Board." not in councillor
    assert "The narrative is shown here once a version is published." in councillor
    assert "Draft words for the Board." in writer
    assert client_as(roles.YOUNG_PERSON).get(pack.get_absolute_url()).status_code == 404
