"""The challenge log: a member raises a challenge about a KPI, an action, a risk or a
highlight report; its owner or the secretary answers it; open ones show on the Board's page."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from subgroups import selectors
from subgroups.models import Challenge, HighlightReport
from tests.factories import SubgroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(board, people):
    health = SubgroupFactory(name="Health", reports_to=board)
    return HighlightReport.objects.create(
        group=health,
        quarter=FinancialQuarter.parse("2026-27 Q1"),
        went_well="Dental checks rose again.",
        author=people["officer"],
        status="submitted",
    )


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _raise(client, about, **fields):
    due = (timezone.localdate() + datetime.timedelta(days=14)).strftime("%d/%m/%Y")
    return client.post(
        reverse("subgroups:challenge-raise") + f"?about={about}",
        {"question": "Why did it fall?", "owner": fields.get("owner"), "due_on": due},
    )


def test_a_councillor_raises_a_challenge_from_a_report_page_and_it_shows_there_and_on_the_board(
    board, people, report
):
    client = _signed_in(people["councillor"])
    page = client.get(report.get_absolute_url())
    assert "Raise a challenge" in page.text

    response = _raise(client, f"subgroups.highlightreport:{report.pk}", owner=people["officer"].pk)

    assert response.url == report.get_absolute_url()
    challenge = Challenge.objects.get()
    assert challenge.subject == report
    assert challenge.subject_label == "Highlight report Health, 2026-27 Q1"
    assert "Why did it fall?" in client.get(report.get_absolute_url()).text
    assert "Why did it fall?" in client.get(board.get_absolute_url()).text
    [listed] = selectors.open_challenges(group=board)
    assert listed.subject_url == report.get_absolute_url()


@pytest.mark.parametrize("about", ["auth.user:1", "subgroups.meeting:1", "performance.kpi:x", ""])
def test_a_challenge_about_something_not_on_the_allow_list_is_refused(board, people, about):
    client = _signed_in(people["councillor"])

    response = _raise(client, about or "nothing", owner=people["officer"].pk)

    assert response.status_code == 404
    assert not Challenge.objects.exists()


def test_the_owner_answers_and_the_challenge_leaves_the_open_list(board, people, report):
    challenge = Challenge.objects.create(
        group=board,
        content_type_id=_type(report),
        object_id=report.pk,
        subject_label="Highlight report Health",
        question="What about dentists?",
        raised_by=people["councillor"],
        owner=people["officer"],
        due_on="2030-01-01",
    )
    others = _signed_in(people["lead"])
    assert others.get(reverse("subgroups:challenge-answer", args=[challenge.pk])).status_code == 403

    response = _signed_in(people["officer"]).post(
        reverse("subgroups:challenge-answer", args=[challenge.pk]),
        {"answer": "Two new dentists start in May.", "seen_change": ""},
    )

    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.answered_by == people["officer"]
    assert selectors.open_challenges() == []
    assert [c.pk for c in selectors.challenges_about(report)] == [challenge.pk]


def test_an_empty_answer_is_refused_next_to_the_field(board, people, report):
    challenge = Challenge.objects.create(
        group=board,
        content_type_id=_type(report),
        object_id=report.pk,
        subject_label="Highlight report Health",
        question="What about dentists?",
        raised_by=people["councillor"],
        owner=people["officer"],
        due_on="2030-01-01",
    )

    response = _signed_in(people["secretary"]).post(
        reverse("subgroups:challenge-answer", args=[challenge.pk]),
        {"answer": "", "seen_change": ""},
    )

    assert "Write the answer." in response.text
    challenge.refresh_from_db()
    assert challenge.is_open


def test_young_people_do_not_see_challenges_on_a_report_page(board, people, report):
    Challenge.objects.create(
        group=board,
        content_type_id=_type(report),
        object_id=report.pk,
        subject_label="Highlight report Health",
        question="What about dentists?",
        raised_by=people["councillor"],
        owner=people["officer"],
        due_on="2030-01-01",
    )

    page = _signed_in(people["young"]).get(report.get_absolute_url())

    assert "Dental checks rose again." in page.text
    assert "What about dentists?" not in page.text


def _type(obj) -> int:
    return ContentType.objects.get_for_model(obj).pk


@pytest.mark.parametrize("count", [2, 10])
def test_the_challenge_log_takes_a_fixed_number_of_queries(
    board, people, count, django_assert_max_num_queries
):
    health = SubgroupFactory(name="Health", reports_to=board)
    reports = [
        HighlightReport.objects.create(
            group=health,
            quarter=FinancialQuarter.parse(quarter),
            went_well="x",
            author=people["officer"],
        )
        for quarter in ("2020-21 Q1", "2020-21 Q2")
    ]
    for n in range(count):
        report = reports[n % 2]
        Challenge.objects.create(
            group=board,
            content_type_id=_type(report),
            object_id=report.pk,
            subject_label=str(report),
            question=f"Question {n}",
            raised_by=people["councillor"],
            owner=people["officer"],
            due_on="2030-01-01",
        )
    client = _signed_in(people["councillor"])

    # session, user, roles, challenges with their people and content types, the subjects of
    # the one kind of subject (highlight reports)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("subgroups:challenge-log"))

    assert response.text.count("Question ") == count
    assert response.text.count(">Open<") == count
