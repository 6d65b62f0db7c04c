"""Whose names young people see on the Board's pages: the people who sit on the Board and its
sub-groups, with their seat, as the council's papers print them; never who owns an action or
wrote a report (cpboard.roles.may_see_staff_names)."""

import pytest
from django.test import Client

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from subgroups.models import AgendaItem, HighlightReport, MeetingAction, Membership
from tests.factories import SubgroupFactory, UserFactory
from tests.subgroups.conftest import make_meeting, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    """An officer who sits on no group: young people never see their name."""
    return UserFactory(username="priya", first_name="Priya", last_name="Marsh", role=roles.OFFICER)


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_young_people_see_who_sits_on_a_group_with_their_seat(board, people):
    health = SubgroupFactory(name="Health", reports_to=board)
    lead = UserFactory(first_name="Tom", last_name="Reyes", role=roles.OFFICER)
    seat(health, people["councillor"], Membership.Role.CHAIR)
    seat(health, lead, Membership.Role.LEAD_OFFICER)
    seat(health, name="Dr Ana Silva", organisation="NHS Kent", role=Membership.Role.PARTNER)

    page = _page(people["young"], health.get_absolute_url())

    assert people["councillor"].get_full_name() in page
    assert "Tom Reyes" in page
    assert "Lead officer" in page
    assert "Dr Ana Silva" in page
    assert "Partner representative" in page


def test_young_people_do_not_see_who_owns_a_meeting_action_or_presents_an_item(
    board, people, officer
):
    meeting = make_meeting(board)
    AgendaItem.objects.create(
        meeting=meeting, position=1, title="Health update", presenter="Ola Bright, Nurse"
    )
    MeetingAction.objects.create(
        group=board,
        raised_at=meeting,
        description="Visit two children's homes",
        owner=officer,
        due_on="2030-01-31",
    )
    MeetingAction.objects.create(
        group=board,
        raised_at=meeting,
        description="Ask the designated nurse",
        owner_name="Sue Partridge",
        due_on="2030-01-31",
    )

    young = _page(people["young"], meeting.get_absolute_url())
    councillor = _page(people["councillor"], meeting.get_absolute_url())

    assert "Visit two children&#x27;s homes" in young
    assert "Health update" in young
    for name in ("Priya Marsh", "Sue Partridge", "Ola Bright"):
        assert name not in young
        assert name in councillor
    assert "A named council officer" in young
    assert "Presented by a named council officer" in young


def test_young_people_do_not_see_who_wrote_a_highlight_report(board, people, officer):
    health = SubgroupFactory(name="Health", reports_to=board)
    report = HighlightReport.objects.create(
        group=health,
        quarter=FinancialQuarter.parse("2026-27 Q1"),
        went_well="Dental checks rose again.",
        author=officer,
        status="submitted",
    )

    young = _page(people["young"], report.get_absolute_url())
    councillor = _page(people["councillor"], report.get_absolute_url())

    assert "Dental checks rose again." in young
    assert "Priya Marsh" not in young
    assert "Priya Marsh" in councillor
