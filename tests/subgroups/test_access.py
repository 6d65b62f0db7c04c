"""One rule per record (subgroups.access): for each kind of record, someone who may see it
but not change it gets no change link on its page and 403 on the change page; the person who
may change it gets both."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from cpboard.quarters import FinancialQuarter
from subgroups.models import AgendaItem, Challenge, HighlightReport, Meeting, Membership
from subgroups.services import action_raise
from tests.factories import SubgroupFactory
from tests.subgroups.conftest import make_meeting, seat

pytestmark = pytest.mark.django_db


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def _status(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def _group(board, people):
    return board.get_absolute_url(), reverse("subgroups:group-edit", args=[board.slug])


def _meeting(board, people):
    meeting = make_meeting(board)
    return meeting.get_absolute_url(), reverse("subgroups:meeting-edit", args=[meeting.pk])


def _agenda_item(board, people):
    meeting = make_meeting(board)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="The pledge refresh")
    return meeting.get_absolute_url(), reverse("subgroups:item-edit", args=[item.pk])


def _meeting_action(board, people):
    meeting = make_meeting(board, days=-5, status=Meeting.Status.HELD)
    action = action_raise(
        meeting=meeting,
        changed_by=people["secretary"],
        description="Write to NHS England",
        owner=people["officer"],
        due_on=datetime.date(2030, 1, 1),
    )
    return meeting.get_absolute_url(), reverse("subgroups:action-edit", args=[action.pk])


def _challenge(board, people):
    health = SubgroupFactory(name="Health", reports_to=board)
    report = HighlightReport.objects.create(
        group=health, quarter=FinancialQuarter(2024, 3), author=people["secretary"]
    )
    challenge = Challenge.objects.create(
        group=board,
        content_type=ContentType.objects.get_for_model(HighlightReport),
        object_id=report.pk,
        question="What about dentists?",
        raised_by=people["councillor"],
        owner=people["officer"],
        due_on="2030-01-01",
    )
    return (
        reverse("subgroups:challenge-detail", args=[challenge.pk]),
        reverse("subgroups:challenge-answer", args=[challenge.pk]),
    )


def _highlight_report(board, people):
    health = SubgroupFactory(name="Health", reports_to=board)
    seat(health, people["officer"], Membership.Role.LEAD_OFFICER)
    report = HighlightReport.objects.create(
        group=health, quarter=FinancialQuarter(2024, 3), author=people["officer"]
    )
    return report.get_absolute_url(), reverse("subgroups:report-edit", args=[report.pk])


# (what, builder, who may see but not change, who may change)
CASES = [
    ("group", _group, "councillor", "secretary"),
    ("meeting", _meeting, "councillor", "secretary"),
    ("agenda item", _agenda_item, "councillor", "secretary"),
    # The performance lead may update the actions they own, but this one is the officer's.
    ("meeting action", _meeting_action, "lead", "officer"),
    ("challenge", _challenge, "lead", "officer"),
    # The performance lead may write reports, but leads no group; the officer leads Health.
    ("highlight report", _highlight_report, "lead", "officer"),
]


@pytest.mark.parametrize(("kind", "build", "reader", "changer"), CASES, ids=[c[0] for c in CASES])
def test_who_may_see_but_not_change_gets_no_link_and_403_and_who_may_change_gets_both(
    board, people, kind, build, reader, changer
):
    page, change = build(board, people)

    assert change not in _page(people[reader], page)
    assert _status(people[reader], change) == 403
    assert change in _page(people[changer], page)
    assert _status(people[changer], change) == 200


def test_the_action_log_links_only_the_actions_the_reader_may_update(board, people):
    meeting = make_meeting(board, days=-5, status=Meeting.Status.HELD)
    mine, theirs = (
        action_raise(
            meeting=meeting,
            changed_by=people["secretary"],
            description=description,
            owner=owner,
            due_on=datetime.date(2030, 1, 1),
        )
        for description, owner in (
            ("Officer's action", people["officer"]),
            ("Councillor's action", people["councillor"]),
        )
    )

    as_officer = _page(people["officer"], reverse("subgroups:action-log"))
    as_secretary = _page(people["secretary"], reverse("subgroups:action-log"))

    assert reverse("subgroups:action-edit", args=[mine.pk]) in as_officer
    assert reverse("subgroups:action-edit", args=[theirs.pk]) not in as_officer
    assert reverse("subgroups:action-edit", args=[theirs.pk]) in as_secretary
