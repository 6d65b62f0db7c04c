"""Uploading the return through the pages, with the work run in this process as in the
demo: the figures arrive submitted for sign-off, approved ones are never changed, the
validation summary is shown and the list of errors is the uploader's alone."""

import io
import os
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cpboard import roles
from performance.models import Measurement
from performance.services import measurement_approve
from performance.ssda903 import services
from performance.ssda903.measures import compute_measures
from performance.ssda903.models import Ssda903Upload
from performance.ssda903.reader import read_return
from tests.performance.ssda903.helpers import (
    LATEST,
    as_uploads,
    as_zip,
    child_references,
    linked_kpis,
    marked_return,
)
from tests.security.test_task_queue import task_queue_down  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ssda903_folder(settings, tmp_path):
    settings.SSDA903_TMP_DIR = tmp_path / "ssda903"
    return settings.SSDA903_TMP_DIR


@pytest.fixture(scope="module")
def files():
    return marked_return()


@pytest.fixture
def lead(make_user, django_capture_on_commit_callbacks):
    user = make_user(roles.PERFORMANCE_LEAD)
    client = Client()
    client.force_login(user)
    client.user = user
    client.on_commit = django_capture_on_commit_callbacks
    return client


def _post(client, files, *, validate: bool = False, **extra):
    """Upload as the page does; the work queued on commit runs as the answer is sent."""
    with client.on_commit(execute=True):
        response = _send(client, files, validate=validate, **extra)
    if response.status_code != 302:
        return response
    return client.get(response.url, follow=True)


def _send(client, files, *, validate: bool = False, **extra):
    return client.post(
        reverse("performance:ssda903"),
        {
            "quarter": str(LATEST),
            "files": extra.pop("uploads", None) or [as_zip(files)],
            "population": "40000",
            **({"run_validation": "on"} if validate else {}),
        },
    )


def expected(files):
    found = read_return([(name, io.BytesIO(data)) for name, data in files.items()])
    return {r.code: r for r in compute_measures(found, LATEST.end, population=40000)}


def test_a_return_enters_the_linked_kpis_figures_for_sign_off(lead, files, tasks_in_process):
    kpis = linked_kpis()
    response = _post(lead, files)

    upload = Ssda903Upload.objects.get()
    assert upload.status == "done", upload.failure_reason
    assert response.request["PATH_INFO"] == upload.get_absolute_url()
    assert f"Figures for {LATEST}" in response.text
    assert "The return was not checked against DfE's validation rules." in response.text
    counted = expected(files)
    for kpi in kpis.values():
        figure = Measurement.objects.get(kpi=kpi, quarter=LATEST)
        result = counted[kpi.ssda903_measure]
        assert figure.status == Measurement.Status.SUBMITTED
        assert figure.value == result.value
        if kpi.has_fraction:
            assert (figure.numerator, figure.denominator) == (result.numerator, result.denominator)
        assert upload.checksum in figure.commentary
        assert f"as at {LATEST.end:%d %B %Y}" in figure.commentary
        assert figure.history.first().history_user == lead.user
    assert "Children looked after on the as-at date" in response.text
    # Nothing is left of the files once the work is done.
    assert not any(services.temporary_folder("uploads").iterdir())


def test_only_someone_who_signs_figures_off_is_sent_to_sign_off(
    lead, files, client_as, tasks_in_process
):
    # Found by the accessibility walk: the secretary may upload a return but not approve
    # figures, and was sent to the sign-off page, which refused them.
    linked_kpis()
    _post(lead, files)
    upload = Ssda903Upload.objects.get()
    sign_off = reverse("performance:review")

    assert sign_off in lead.get(upload.get_absolute_url()).text
    secretary = client_as(roles.BOARD_SECRETARY).get(upload.get_absolute_url())
    assert secretary.status_code == 200
    assert "went for sign-off" in secretary.text
    assert sign_off not in secretary.text


def test_an_approved_figure_is_never_changed_and_the_difference_is_listed(
    lead, files, tasks_in_process
):
    kpis = linked_kpis()
    _post(lead, files)
    dental = Measurement.objects.get(kpi=kpis["CLA-DENTAL"], quarter=LATEST)
    measurement_approve(measurement=dental, user=lead.user)
    Measurement.objects.filter(pk=dental.pk).update(value=12)  # approved earlier, otherwise

    response = _post(lead, files)

    dental.refresh_from_db()
    assert (dental.status, dental.value) == ("approved", 12)
    upload = Ssda903Upload.objects.first()
    outcome = next(f for f in upload.figures if f["kpi"] == "CLA-DENTAL")
    assert outcome["outcome"] == "approved-differs"
    assert "1 approved figure differs from this return and was not changed" in response.text
    unchanged = next(f for f in upload.figures if f["kpi"] == "CLA-COUNT")
    assert unchanged["outcome"] == "unchanged"


def test_a_stale_form_is_not_overwritten(lead, files, tasks_in_process):
    """The upload saves through the figures' one save sequence: a figure saved by someone
    else while the worker counted is not replaced, and the page says so."""
    kpis = linked_kpis()
    upload = services.upload_create(
        quarter=LATEST,
        files=[("r.zip", as_zip(files))],
        user=lead.user,
        run_validation=False,
        queue=False,
    )
    original = services.measurements_save

    def someone_saves_first(**kwargs):
        figure = kwargs["figures"][0]
        if figure.kpi.code == "CLA-UASC" and figure.version is None:
            from performance.services import FigureInput

            original(quarter=LATEST, figures=[FigureInput(kpi=figure.kpi, value=Decimal(7))],
                     user=lead.user, submit=True)  # fmt: skip
        return original(**kwargs)

    services.measurements_save = someone_saves_first
    try:
        services.upload_run(upload_id=upload.pk, run_token=upload.run_token)
    finally:
        services.measurements_save = original
    upload.refresh_from_db()
    uasc = next(f for f in upload.figures if f["kpi"] == "CLA-UASC")
    assert uasc["outcome"] == "refused"
    assert "entered it after you opened the page" in uasc["note"]
    assert Measurement.objects.get(kpi=kpis["CLA-UASC"], quarter=LATEST).value == 7


def test_the_validation_summary_and_the_uploaders_list_of_errors(
    lead, files, tasks_in_process, make_user
):
    linked_kpis()
    response = _post(lead, files, validate=True, uploads=as_uploads(files))

    upload = Ssda903Upload.objects.get()
    assert upload.status == "done", upload.failure_reason
    assert upload.error_count > 0
    assert "Validation against DfE" in response.text
    top = max(upload.rule_errors, key=lambda rule: rule["rows"])
    assert top["message"][:40] in response.text.replace("&#x27;", "'")
    errors_url = reverse("performance:ssda903-errors", args=[upload.pk])
    assert errors_url in response.text

    download = lead.get(errors_url)
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store, private"
    lines = download.content.decode().splitlines()
    assert lines[0] == "Child,File,Line,Rule,Message"
    assert len(lines) - 1 == upload.error_count
    assert {line.split(",")[0] for line in lines[1:]} <= child_references(files)

    # The other person who may upload sees the summary, never the list.
    secretary = Client()
    secretary.force_login(make_user(roles.BOARD_SECRETARY))
    page = secretary.get(upload.get_absolute_url())
    assert page.status_code == 200
    assert errors_url not in page.text
    assert secretary.get(errors_url).status_code == 404

    # A day later the list is gone, for its uploader too.
    path = services.error_list_path(upload)
    old = path.stat().st_mtime - 25 * 3600
    os.utime(path, (old, old))
    assert lead.get(errors_url).status_code == 404
    assert not path.exists()


def test_a_refused_return_says_where_and_keeps_nothing(lead, files, tasks_in_process):
    broken = dict(files)
    del broken["header.csv"]
    response = _post(lead, broken)

    upload = Ssda903Upload.objects.get()
    assert upload.status == "failed"
    assert "no header file" in upload.failure_reason
    assert "Try again: upload the files" in response.text
    assert not Measurement.objects.exists()
    assert not any(services.temporary_folder("uploads").iterdir())

    broken = dict(files)
    broken["episodes.csv"] = broken["episodes.csv"].replace(b"/20", b"/xx", 1)
    _post(lead, broken)
    upload = Ssda903Upload.objects.first()
    assert "episodes.csv, line 2, column B (DECOM): This is not a date" in upload.failure_reason


def test_a_quarter_that_has_not_ended_is_refused(lead, files):
    response = lead.post(
        reverse("performance:ssda903"),
        {"quarter": str(LATEST.next()), "files": [as_zip(files)]},
    )
    assert "has not ended yet" in response.text
    assert not Ssda903Upload.objects.exists()


def test_the_kpi_page_shows_how_its_measure_is_counted(lead):
    kpi = linked_kpis()["CLA-STAB-3PL"]
    response = lead.get(kpi.get_absolute_url())
    assert "Computed from" in response.text
    assert "not counting an episode whose RNE is L" in response.text
    assert "short breaks" in response.text
    measures = lead.get(reverse("performance:ssda903-measures"))
    assert "Which DfE definitions these follow" in measures.text


@pytest.mark.usefixtures("task_queue_down")
def test_the_queue_not_answering_fails_the_upload_at_once(lead, files):
    """With the broker on a closed port the upload fails at once, saying so, files gone."""
    linked_kpis()
    _post(lead, files)
    upload = Ssda903Upload.objects.get()
    assert upload.status == "failed"
    assert "task queue is not answering" in upload.failure_reason
    assert not any(services.temporary_folder("uploads").iterdir())


def test_a_run_delivered_again_after_its_files_went_says_to_upload_again(lead, files):
    upload = services.upload_create(
        quarter=LATEST, files=[("r.zip", as_zip(files))], user=lead.user, queue=False
    )
    services._delete_files(upload.pk)  # read and deleted by a worker that was then lost

    assert services.upload_run(upload_id=upload.pk, run_token=upload.run_token) is None

    upload.refresh_from_db()
    assert upload.status == "failed"
    assert "Upload the files again" in upload.failure_reason
    # A repeat of a finished run does nothing.
    assert services.upload_run(upload_id=upload.pk, run_token=upload.run_token) is None
