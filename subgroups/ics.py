"""An iCalendar (RFC 5545) feed of meetings, written with the `icalendar` library (which
escapes text, folds lines at 75 octets and ends them in CRLF): a UID and DTSTAMP on every
event, times in UTC.

The feed is read without signing in, often by a calendar company's servers, so it never
carries a restricted item's title, whoever it is for: a restricted item the feed's owner may
see (they sit on the group) appears as RESTRICTED_ITEM, and one they may not see is left out,
as on the meeting's page."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from subgroups.models import AgendaItem, Meeting

PRODID = "-//cpboard//Corporate Parenting Board meetings//EN"
RESTRICTED_ITEM = "Restricted item (sign in to see it)"

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def item_line(item: AgendaItem) -> str:
    """ "3. Budget monitoring": how an agenda item reads in the feed; a restricted one never
    by its title."""
    return f"{item.position}. {RESTRICTED_ITEM if item.is_restricted else item.title}"


def calendar(meetings: Iterable[Meeting], *, name: str, base_url: str) -> bytes:
    """The feed of `meetings`; each meeting's `visible_items` (the agenda items the feed's
    owner may see) become its description, restricted ones without their titles."""
    stamp = _utc(timezone.now())
    feed = Calendar()
    feed.add("version", "2.0")
    feed.add("prodid", PRODID)
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    for meeting in meetings:
        agenda = "\n".join(item_line(item) for item in meeting.visible_items)
        description = f"Agenda:\n{agenda}" if agenda else "The agenda is not published yet."
        url = base_url + meeting.get_absolute_url()
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(meeting.starts_at))
        event.add("dtend", _utc(meeting.ends))
        event.add("summary", f"{meeting.group.name} meeting")
        event.add("location", meeting.place)
        event.add("description", f"{description}\n{url}")
        event.add("url", url)
        event.add("status", STATUS[meeting.status])
        feed.add_component(event)
    return feed.to_ical()
