"""The leak test: a restricted item's title, paper and minutes reach only members of its
group who are not young people, through every way in: the meeting page, the minutes form,
the paper download, search, the action log and the reporting API; the calendar feed, read
without signing in, names it to nobody."""

import pytest
from django.test import Client
from django.urls import reverse

from subgroups import selectors
from subgroups.models import CalendarFeed, MeetingAction
from tests.subgroups.conftest import PAPER_TEXT, RESTRICTED, RESTRICTED_MINUTES, seat

pytestmark = pytest.mark.django_db

SECRETS = (RESTRICTED, RESTRICTED_MINUTES, PAPER_TEXT, "dispute.pdf")

# Who may see the Board's restricted item: members who are not young people.
ALLOWED = {"councillor", "secretary"}
EVERYONE = ("councillor", "officer", "lead", "secretary", "young", "admin")


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    # Unfold iCalendar lines, so that a title folded across two lines is still found.
    return response.content.decode(errors="replace").replace("\r\n ", "")


def _answers(client: Client, meeting, user) -> dict[str, object]:
    item = meeting.restricted
    feed = CalendarFeed.objects.get_or_create(user=user)[0]
    return {
        "meeting page": client.get(meeting.get_absolute_url()),
        "meeting list": client.get(reverse("subgroups:meeting-list")),
        "paper": client.get(reverse("subgroups:paper-download", args=[item.pk])),
        "search by title": client.get(reverse("subgroups:search"), {"q": "dispute"}),
        "search by minutes": client.get(reverse("subgroups:search"), {"q": "confidential rates"}),
        "calendar feed": Client().get(reverse("subgroups:calendar-ics", args=[feed.token])),
        "action log": client.get(reverse("subgroups:action-log")),
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_only_members_who_are_not_young_people_see_a_restricted_item_anywhere(
    who, restricted_meeting, people
):
    MeetingAction.objects.create(
        group=restricted_meeting.group,
        raised_at=restricted_meeting,
        agenda_item=restricted_meeting.restricted,
        description="Chase the provider's lawyers",
        owner=people["secretary"],
        due_on="2030-01-01",
    )
    client = Client()
    client.force_login(people[who])

    answers = _answers(client, restricted_meeting, people[who])

    for way, response in answers.items():
        body = _body(response)
        if who in ALLOWED:
            if way in ("meeting page", "search by title"):
                assert RESTRICTED in body, f"{who} should see the item through the {way}"
            if way == "calendar feed":
                # Read without signing in, often by a calendar company's servers: members
                # learn that there is a restricted item, never its title.
                assert RESTRICTED not in body
                assert "Restricted item (sign in to see it)" in body
            if way == "paper":
                assert response.status_code == 200
                assert PAPER_TEXT in body
            if way == "action log":
                assert "Chase the provider" in body
        else:
            for secret in SECRETS:
                assert secret not in body, f"{who} sees {secret!r} through the {way}"
            assert "Chase the provider" not in body, f"{who} sees the action via the {way}"
            if way == "paper":
                assert response.status_code in (403, 404)


def test_a_young_person_who_sits_on_the_board_still_does_not_see_restricted_items(
    restricted_meeting, people
):
    client = Client()
    client.force_login(people["young"])

    response = client.get(restricted_meeting.get_absolute_url())

    assert "The pledge refresh" in response.text
    assert RESTRICTED not in response.text


def test_a_member_who_has_left_the_group_no_longer_sees_restricted_items(
    restricted_meeting, people, board
):
    officer = people["officer"]
    seat(board, officer, starts_on="2020-01-01", ends_on="2021-01-01")
    client = Client()
    client.force_login(officer)

    assert RESTRICTED not in client.get(restricted_meeting.get_absolute_url()).text
    seat(board, officer, starts_on="2022-01-01")
    assert RESTRICTED in client.get(restricted_meeting.get_absolute_url()).text


def test_a_restricted_item_cannot_be_edited_by_a_secretary_outside_the_group(
    restricted_meeting, people
):
    client = Client()
    client.force_login(people["admin"])  # may run meetings, but is not a Board member

    response = client.get(reverse("subgroups:item-edit", args=[restricted_meeting.restricted.pk]))

    assert response.status_code == 404
    assert RESTRICTED not in response.content.decode()


def test_reports_without_restricted_items_leave_out_actions_raised_under_them(
    restricted_meeting, people
):
    meeting = restricted_meeting
    meeting.status = "held"
    meeting.save()
    MeetingAction.objects.create(
        group=meeting.group,
        raised_at=meeting,
        agenda_item=meeting.restricted,
        description="Secret follow-up",
        owner=people["secretary"],
        due_on="2030-01-01",
    )
    MeetingAction.objects.create(
        group=meeting.group,
        raised_at=meeting,
        description="Public follow-up",
        owner=people["secretary"],
        due_on="2030-01-01",
    )
    day = meeting.starts_at.date()

    public = selectors.last_meeting_action_log(
        meeting.group, on_or_before=day, include_restricted=False
    )
    board = selectors.last_meeting_action_log(
        meeting.group, on_or_before=day, include_restricted=True
    )

    assert [a.description for a in public.actions] == ["Public follow-up"]
    assert {a.description for a in board.actions} == {"Public follow-up", "Secret follow-up"}
