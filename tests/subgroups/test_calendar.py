"""The meetings calendar feed: an iCalendar file per person at a secret address, written to
RFC 5545 (CRLF, escaped text, folded lines, UID and DTSTAMP), that a calendar app reads
without signing in; a new address stops the old one."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from subgroups.models import AgendaItem, CalendarFeed
from tests.factories import SubgroupFactory
from tests.subgroups.conftest import RESTRICTED, make_meeting, seat

pytestmark = pytest.mark.django_db


def _feed(user) -> str:
    feed = CalendarFeed.objects.get_or_create(user=user)[0]
    return reverse("subgroups:calendar-ics", args=[feed.token])


def test_a_calendar_app_reads_the_feed_without_signing_in(board, people):
    make_meeting(board, place="Gun Wharf; Room 2, Chatham")

    response = Client().get(_feed(people["councillor"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    assert "LOCATION:Gun Wharf\\; Room 2\\, Chatham\r\n" in body
    assert body.count("BEGIN:VEVENT") == 1
    assert "UID:meeting-" in body
    assert "DTSTAMP:" in body
    assert "DTSTART:" in body


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(board, people):
    meeting = make_meeting(board)
    AgendaItem.objects.create(meeting=meeting, position=1, title="Young people\u2019s views " * 8)

    body = Client().get(_feed(people["councillor"])).content

    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # no UTF-8 character cut in two
    unfolded = body.decode().replace("\r\n ", "")
    assert "Young people\u2019s views Young people\u2019s views" in unfolded


def test_the_feed_holds_only_meetings_of_the_persons_groups(board, people):
    housing = SubgroupFactory(name="Housing", reports_to=board)
    make_meeting(board, place="Board room")
    make_meeting(housing, place="Housing office")

    body = Client().get(_feed(people["councillor"])).content.decode()

    assert "Board room" in body
    assert "Housing office" not in body
    seat(housing, people["councillor"])
    assert "Housing office" in Client().get(_feed(people["councillor"])).content.decode()


def test_a_new_address_stops_the_old_one(board, people):
    old = _feed(people["councillor"])
    client = Client()
    client.force_login(people["councillor"])

    client.post(reverse("subgroups:calendar-renew"))

    assert Client().get(old).status_code == 404
    assert Client().get(_feed(people["councillor"])).status_code == 200


def test_an_unknown_or_switched_off_address_answers_404(board, people):
    assert Client().get(reverse("subgroups:calendar-ics", args=["nonsense"])).status_code == 404
    address = _feed(people["officer"])
    people["officer"].is_active = False
    people["officer"].save()
    assert Client().get(address).status_code == 404


def test_text_is_escaped_as_rfc_5545_says(board, people):
    make_meeting(board, place="a\\b;c,d\ne")

    body = Client().get(_feed(people["councillor"])).content.decode()

    assert "LOCATION:a\\\\b\\;c\\,d\\ne\r\n" in body


def test_a_restricted_items_title_never_reaches_the_feed_even_for_a_member(
    restricted_meeting, people
):
    # The chair sits on the Board and sees the item's title in the portal; the feed is read
    # without signing in, often by a calendar company's servers, so it names no restricted
    # item, for anyone.
    body = Client().get(_feed(people["councillor"])).content

    [event] = Calendar.from_ical(body).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "1. The pledge refresh" in description
    assert "2. Restricted item (sign in to see it)" in description
    assert RESTRICTED not in body.decode().replace("\r\n ", "")
    assert RESTRICTED not in description


def test_a_young_person_on_the_group_finds_no_trace_of_a_restricted_item(
    restricted_meeting, people
):
    # As on the meeting's page: young people never see restricted items, not even that one
    # exists.
    body = Client().get(_feed(people["young"])).content

    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert "1. The pledge refresh" in str(event["DESCRIPTION"])
    assert "Restricted" not in body.decode().replace("\r\n ", "")


def test_titles_and_places_with_commas_semicolons_newlines_and_long_lines_round_trip(board, people):
    # Long enough to be folded, within the 200 characters a title may have.
    title = "Fees, placements; and\nstability: " + "a very long agenda title " * 6
    place = "Gun Wharf; Room 2,\nChatham \\ Kent"
    meeting = make_meeting(board, place=place)
    AgendaItem.objects.create(meeting=meeting, position=1, title=title)

    body = Client().get(_feed(people["councillor"])).content

    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["LOCATION"]) == place
    assert f"1. {title}" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == f"{board.name} meeting"
    assert event["UID"] == f"meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
