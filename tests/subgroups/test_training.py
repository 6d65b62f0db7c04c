"""Member development: the secretary records training sessions and who attended; the page
says who on the Board still needs which course their seat requires, and the champions."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cpboard.quarters import FinancialYear
from subgroups import oversight, services
from subgroups.models import Membership, TrainingSession
from tests.subgroups.conftest import seat

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def courses(people):
    secretary = people["secretary"]
    induction = services.training_course_save(
        changed_by=secretary, name="Induction", required_for=["chair", "partner"]
    )
    safeguarding = services.training_course_save(
        changed_by=secretary,
        name="Safeguarding",
        required_for=["chair"],
        renew_after_months=12,
    )
    return induction, safeguarding


def session(course, held_on, attendees, secretary) -> TrainingSession:
    return services.training_session_save(
        changed_by=secretary, course=course, held_on=held_on, place="Online", attendees=attendees
    )


def test_who_is_due_counts_seats_and_lapsed_courses(board, people, courses):
    induction, safeguarding = courses
    secretary = people["secretary"]
    chair = Membership.objects.get(user=people["councillor"])
    partner = seat(board, name="Dr Priya Nandakumar", role=Membership.Role.PARTNER)
    session(induction, datetime.date(2026, 5, 1), [chair], secretary)
    session(safeguarding, datetime.date(2025, 6, 1), [chair], secretary)

    page = oversight.member_development(FinancialYear(2026), today=TODAY)

    due = {(row.membership.person_name, row.course.name, row.last_taken) for row in page.due}
    assert due == {
        (people["councillor"].get_full_name(), "Safeguarding", datetime.date(2025, 6, 1)),
        ("Dr Priya Nandakumar", "Induction", None),
    }
    assert partner.pk in {row.membership.pk for row in page.due}
    assert page.completed == 1  # one place taken in 2026-27


def test_a_course_taken_in_an_earlier_seat_counts_for_the_person(board, people, courses):
    induction, _ = courses
    old = seat(board, people["officer"], Membership.Role.MEMBER, ends_on=datetime.date(2025, 1, 1))
    seat(board, people["officer"], Membership.Role.CHAIR, starts_on=datetime.date(2025, 1, 2))
    session(induction, datetime.date(2024, 6, 1), [old], people["secretary"])

    page = oversight.member_development(FinancialYear(2026), today=TODAY)

    officer = people["officer"].get_full_name()
    assert (officer, "Induction") not in [
        (r.membership.person_name, r.course.name) for r in page.due
    ]
    assert (officer, "Safeguarding") in [
        (r.membership.person_name, r.course.name) for r in page.due
    ]


def test_the_secretary_records_a_session_and_the_page_shows_it(board, people, courses):
    induction, _ = courses
    chair = Membership.objects.get(user=people["councillor"])
    client = client_for(people["secretary"])

    response = client.post(
        reverse("subgroups:training-session-add"),
        {
            "course": induction.pk,
            "held_on": "10/11/2026",
            "place": "Committee Room 2",
            "led_by": "Head of Corporate Parenting",
            "attendees": [chair.pk],
        },
    )

    assert response["Location"] == reverse("subgroups:training")
    recorded = TrainingSession.objects.get()
    assert list(recorded.attendees.all()) == [chair]
    body = client.get(reverse("subgroups:training") + "?year=2026-27").content.decode()
    assert "Committee Room 2" in body
    assert "Who still needs training" in body


def test_the_page_runs_a_fixed_number_of_queries(board, people, courses, django_assert_num_queries):
    induction, _safeguarding = courses
    chair = Membership.objects.get(user=people["councillor"])
    for number in range(3):
        seat(board, name=f"Partner {number}", role=Membership.Role.PARTNER)
        session(induction, datetime.date(2026, 5, 1 + number), [chair], people["secretary"])

    # The Board; its members; the courses; the year's sessions and their attendees; the
    # attendances of the members' people.
    with django_assert_num_queries(6):
        page = oversight.member_development(FinancialYear(2026), today=TODAY)

    assert len(page.sessions) == 3
    assert len([row for row in page.due if row.course == induction]) == 3


def test_young_people_do_not_see_who_attended_training(people):
    assert client_for(people["young"]).get(reverse("subgroups:training")).status_code == 403


def test_a_course_names_seats_that_exist(people):
    response = client_for(people["secretary"]).post(
        reverse("subgroups:training-course-add"),
        {"name": "Data briefing", "required_for": ["emperor"], "renew_after_months": ""},
    )

    assert "Select a valid choice" in response.content.decode()
