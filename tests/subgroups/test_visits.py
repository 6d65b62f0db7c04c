"""The visits programme: members plan the visits they go on, write a short report that is
shared with the group, and its actions go on the group's action log at its next meeting."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpboard.quarters import FinancialYear
from subgroups import oversight, services
from subgroups.models import MeetingAction, Visit
from tests.subgroups.conftest import make_meeting

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def plan_form(board, *visitors, day: str = "14/01/2027", **extra) -> dict:
    return {
        "group": board.pk,
        "service": "childrens-home",
        "service_name": "Eden House",
        "place": "Chatham Road",
        "visit_on": day,
        "visitors": [person.pk for person in visitors],
        **extra,
    }


def make_visit(board, *visitors, days_ago: int = 5, **fields) -> Visit:
    return services.visit_plan(
        changed_by=visitors[0],
        visitors=list(visitors),
        group=board,
        service=fields.pop("service", Visit.Service.CHILDRENS_HOME),
        service_name=fields.pop("service_name", "Eden House"),
        place="Chatham Road",
        visit_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **fields,
    )


def test_a_councillor_plans_a_visit_they_go_on(board, people):
    response = client_for(people["councillor"]).post(
        reverse("subgroups:visit-plan"), plan_form(board, people["councillor"])
    )

    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert list(visit.visitors.all()) == [people["councillor"]]
    assert visit.status == Visit.Status.PLANNED
    assert visit.history.first().history_user == people["councillor"]


def test_a_councillor_cannot_plan_a_visit_for_others_only(board, people):
    response = client_for(people["councillor"]).post(
        reverse("subgroups:visit-plan"), plan_form(board, people["secretary"])
    )

    assert response.status_code == 200
    assert "tick your own name as well" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_without_anyone_going_or_with_a_bad_date_is_refused_by_the_field(board, people):
    response = client_for(people["secretary"]).post(
        reverse("subgroups:visit-plan"), plan_form(board, day="31/02/2027")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one member who goes." in body
    assert "Enter the date as day/month/year" in body
    assert not Visit.objects.exists()


def test_a_draft_report_is_read_by_the_visitors_and_the_secretary_only(board, people):
    visit = make_visit(board, people["councillor"])
    writer = client_for(people["councillor"])

    writer.post(
        reverse("subgroups:visit-report", args=[visit.pk]),
        {"went_well": "Young people chose the lounge colours.", "worries": "", "voices": ""},
    )

    visit.refresh_from_db()
    assert visit.report_status == Visit.ReportStatus.DRAFT
    assert visit.status == Visit.Status.VISITED
    officer = people["officer"]
    page = client_for(officer).get(visit.get_absolute_url()).content.decode()
    assert "lounge colours" not in page
    assert (
        "lounge colours"
        in client_for(people["secretary"]).get(visit.get_absolute_url()).content.decode()
    )


def test_a_shared_report_is_read_by_staff_but_never_by_young_people(board, people):
    visit = make_visit(board, people["councillor"])
    client_for(people["councillor"]).post(
        reverse("subgroups:visit-report", args=[visit.pk]),
        {
            "went_well": "Staff knew every plan.",
            "worries": "Agency night staff.",
            "voices": "",
            "share": "on",
        },
    )

    visit.refresh_from_db()
    assert visit.report_is_shared
    assert visit.report_shared_on == timezone.localdate()
    assert (
        "Agency night staff."
        in client_for(people["officer"]).get(visit.get_absolute_url()).content.decode()
    )
    young = client_for(people["young"]).get(visit.get_absolute_url())
    assert young.status_code == 200
    assert "Eden House" in young.content.decode()
    assert "Agency night staff." not in young.content.decode()


def test_someone_who_did_not_go_cannot_write_the_report(board, people):
    visit = make_visit(board, people["secretary"])

    response = client_for(people["councillor"]).post(
        reverse("subgroups:visit-report", args=[visit.pk]), {"went_well": "Not mine to say."}
    )

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.went_well == ""


def test_an_action_from_a_visit_goes_on_the_groups_log_at_its_next_meeting(board, people):
    make_meeting(board, days=-30, status="held")
    upcoming = make_meeting(board, days=20)
    make_meeting(board, days=110)
    visit = make_visit(board, people["councillor"])
    due = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%d/%m/%Y")

    response = client_for(people["councillor"]).post(
        reverse("subgroups:visit-action", args=[visit.pk]),
        {"description": "Recruit night staff.", "owner": people["officer"].pk, "due_on": due},
    )

    action = MeetingAction.objects.get()
    assert response.status_code == 302
    assert (action.visit, action.raised_at, action.group) == (visit, upcoming, board)
    meeting_page = client_for(people["secretary"]).get(upcoming.get_absolute_url())
    assert "Recruit night staff." in meeting_page.content.decode()


def test_an_action_for_a_group_with_no_meeting_says_to_arrange_one(board, people):
    visit = make_visit(board, people["councillor"])
    due = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%d/%m/%Y")

    response = client_for(people["councillor"]).post(
        reverse("subgroups:visit-action", args=[visit.pk]),
        {"description": "Recruit night staff.", "owner_name": "Home manager", "due_on": due},
    )

    assert response.status_code == 200
    assert "arrange its next meeting first" in response.content.decode()
    assert not MeetingAction.objects.exists()


def test_the_years_page_says_who_has_visited_what(board, people, django_assert_num_queries):
    year = FinancialYear.current()
    cllr, sec = people["councillor"], people["secretary"]
    for number, visitors in enumerate([(cllr,), (cllr, sec), (sec,)]):
        visit = make_visit(board, *visitors, days_ago=0, service_name=f"Home {number}")
        services.visit_report_save(visit=visit, changed_by=visitors[0], share=True, went_well="ok")
    make_visit(board, cllr, days_ago=-3, service_name="Planned home")

    # The visits with their group; their visitors.
    with django_assert_num_queries(2):
        page = oversight.visits_in_year(year)

    by_member = {row.name: [v.service_name for v in row.visits] for row in page.by_member}
    assert by_member == {
        cllr.get_full_name(): ["Home 0", "Home 1"],
        sec.get_full_name(): ["Home 1", "Home 2"],
    }
    assert page.services == [("Children's home", 3)]
    body = client_for(cllr).get(reverse("subgroups:visit-list")).content.decode()
    assert "Who has visited what" in body
    assert "Planned home" in body


def test_young_people_see_the_programme_without_who_went(board, people):
    make_visit(board, people["councillor"], days_ago=0)

    body = client_for(people["young"]).get(reverse("subgroups:visit-list")).content.decode()

    assert "Eden House" in body
    assert people["councillor"].get_full_name() not in body
    assert "Who has visited what" not in body
