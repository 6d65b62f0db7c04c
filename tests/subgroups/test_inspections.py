"""The inspections log: the secretary logs Ofsted's judgements in Ofsted's words with the
report's public address, tracks each recommendation on the Board's action log, and the
Board's meeting page shows the inspections since its last meeting."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from subgroups import oversight, services
from subgroups.models import Inspection, MeetingAction
from tests.subgroups.conftest import make_meeting

pytestmark = pytest.mark.django_db

REPORT = "https://reports.ofsted.gov.uk/provider/2/2781234"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def inspection_form(**changes) -> dict:
    return {
        "kind": "childrens-home",
        "provision": "own",
        "service_name": "Eden House",
        "inspected_on": (timezone.localdate() - datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
        "published_on": "",
        "judgement": "requires-improvement",
        "children_in_care_judgement": "",
        "care_leavers_judgement": "",
        "report_url": REPORT,
        "summary": "",
        **changes,
    }


def log(secretary, days_ago: int, name: str = "Eden House", **fields) -> Inspection:
    return services.inspection_log(
        changed_by=secretary,
        kind=fields.pop("kind", Inspection.Kind.CHILDRENS_HOME),
        service_name=name,
        inspected_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        judgement=fields.pop("judgement", "good"),
        report_url=REPORT,
        **fields,
    )


def test_the_secretary_logs_an_inspection_with_ofsteds_words(board, people):
    response = client_for(people["secretary"]).post(
        reverse("subgroups:inspection-log"), inspection_form()
    )

    inspection = Inspection.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    page = client_for(people["young"]).get(inspection.get_absolute_url()).content.decode()
    assert "Requires improvement to be good" in page
    assert REPORT in page


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("http://reports.ofsted.gov.uk/provider/2/1", "on Ofsted&#x27;s website"),
        ("https://ofsted.gov.uk.example.com/report", "on Ofsted&#x27;s website"),
        ("not a web address", "Enter a web address"),
        ("", "Give the address of the published report."),
    ],
)
def test_a_report_address_off_ofsteds_or_govuks_site_is_refused(board, people, address, message):
    response = client_for(people["secretary"]).post(
        reverse("subgroups:inspection-log"), inspection_form(report_url=address)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Inspection.objects.exists()


def test_only_ilacs_has_the_children_in_care_and_care_leavers_judgements(board, people):
    client = client_for(people["secretary"])

    refused = client.post(
        reverse("subgroups:inspection-log"),
        inspection_form(children_in_care_judgement="good"),
    )
    accepted = client.post(
        reverse("subgroups:inspection-log"),
        inspection_form(
            kind="ilacs", children_in_care_judgement="good", care_leavers_judgement="inadequate"
        ),
    )

    assert "Only an ILACS inspection has this judgement" in refused.content.decode()
    assert accepted.status_code == 302
    assert Inspection.objects.get().care_leavers_judgement == "inadequate"


def test_an_inspection_in_the_future_or_published_before_it_ended_is_refused(board, people):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(people["secretary"]).post(
        reverse("subgroups:inspection-log"),
        inspection_form(inspected_on=tomorrow, published_on="01/01/2020"),
    )

    body = response.content.decode()
    assert "Log an inspection once it has ended." in body
    assert not Inspection.objects.exists()


def test_a_recommendation_is_tracked_on_the_boards_log_with_its_owner(board, people):
    upcoming = make_meeting(board, days=14)
    inspection = log(people["secretary"], 3)
    due = (timezone.localdate() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")

    response = client_for(people["secretary"]).post(
        reverse("subgroups:recommendation-add", args=[inspection.pk]),
        {
            "description": "Induct agency staff before their first shift.",
            "owner": people["officer"].pk,
            "due_on": due,
        },
    )

    action = MeetingAction.objects.get()
    assert response["Location"] == inspection.get_absolute_url()
    assert (action.inspection, action.raised_at, action.owner) == (
        inspection,
        upcoming,
        people["officer"],
    )
    services.action_update(action=action, changed_by=people["officer"], status="closed")
    listed = oversight.inspection_log()[0]
    assert (listed.open_recommendations, listed.all_recommendations) == (0, 1)


def test_a_recommendation_due_in_the_past_or_without_an_owner_is_refused(board, people):
    make_meeting(board, days=14)
    inspection = log(people["secretary"], 3)

    response = client_for(people["secretary"]).post(
        reverse("subgroups:recommendation-add", args=[inspection.pk]),
        {"description": "Something.", "owner": "", "owner_name": "", "due_on": "01/01/2020"},
    )

    body = response.content.decode()
    assert "The action cannot be due before today." in body
    assert "Choose who owns the action" in body
    assert not MeetingAction.objects.exists()


def test_the_boards_meeting_shows_inspections_since_its_last_meeting(board, people):
    make_meeting(board, days=-40, status="held")
    meeting = make_meeting(board, days=10)
    log(people["secretary"], 60, name="Before the last meeting")
    log(people["secretary"], 20, name="Since the last meeting", judgement="inadequate")

    body = client_for(people["young"]).get(meeting.get_absolute_url()).content.decode()

    assert "Since the last meeting" in body
    assert "Inadequate" in body
    assert "Before the last meeting" not in body


def test_the_log_lists_every_inspection_in_one_query(board, people, django_assert_num_queries):
    make_meeting(board, days=14)
    for days in (5, 50, 500):
        inspection = log(people["secretary"], days, name=f"Home {days}")
        services.recommendation_add(
            inspection=inspection,
            changed_by=people["secretary"],
            description="Do better.",
            owner=people["officer"],
            due_on=timezone.localdate(),
        )

    # The inspections with their counts of recommendations, open and all.
    with django_assert_num_queries(1):
        log_rows = oversight.inspection_log()

    assert [row.service_name for row in log_rows] == ["Home 5", "Home 50", "Home 500"]
    assert [row.open_recommendations for row in log_rows] == [1, 1, 1]
