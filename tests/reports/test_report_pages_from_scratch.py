"""The report pages on a board with no report yet: creating a report, and a narrative edited
after it was published. test_report_pages.py has the pages of reports compiled once."""

import pytest
from django.urls import reverse

from cpboard import roles
from reports import services
from reports.models import Report
from tests.reports.helpers import compile_now, make_report, secretary

pytestmark = pytest.mark.django_db


def test_creating_a_board_pack_needs_a_quarter(board_data, client_as):
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(
        reverse("reports:report-create"), {"kind": "board_pack", "audience": "board"}
    )

    assert response.status_code == 200
    assert "Enter the quarter the board pack covers" in response.content.decode()
    assert not Report.objects.exists()


def test_creating_a_report_adds_its_sections(board_data, client_as):
    client = client_as(roles.BOARD_SECRETARY)

    response = client.post(
        reverse("reports:report-create"),
        {"kind": "annual", "audience": "public", "year": "2025-26"},
    )

    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.sections.count() == 15
    assert report.sections.first().heading == "Summary"


def test_an_unpublished_edit_of_the_narrative_is_shown_only_to_those_who_write_it(
    board_data, client_as
):
    summary = make_report(kind=Report.Kind.YOUNG_PEOPLE, audience=Report.Audience.PUBLIC)
    section = summary.sections.order_by("position").first()
    services.report_section_update(
        section=section, body="What we published.", changed_by=secretary()
    )
    compile_now(summary)
    services.report_publish(report=summary, published_by=secretary())
    services.report_section_update(
        section=section, body="A draft nobody has published.", changed_by=secretary()
    )

    young = client_as(roles.YOUNG_PERSON).get(summary.get_absolute_url()).content.decode()
    councillor = client_as(roles.COUNCILLOR).get(summary.get_absolute_url()).content.decode()
    writer = client_as(roles.BOARD_SECRETARY).get(summary.get_absolute_url()).content.decode()

    for reader in (young, councillor):
        assert "What we published." in reader
        assert "A draft nobody has published." not in reader
        assert section.heading in reader
    assert "A draft nobody has published." in writer
