"""An iCalendar (RFC 5545) feed of meetings, written by hand: CRLF line ends, escaped text,
lines folded at 75 octets, a UID and DTSTAMP on every event, times in UTC."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from subgroups.models import Meeting

PRODID = "-//cpboard//Corporate Parenting Board meetings//EN"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuing with a space, never
    splitting a UTF-8 character (RFC 5545 3.1)."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def calendar(meetings: Iterable[Meeting], *, name: str, base_url: str) -> str:
    """The feed of `meetings`; each meeting's `visible_items` (the agenda items the feed's
    owner may see) become its description."""
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        agenda = "\n".join(f"{item.position}. {item.title}" for item in meeting.visible_items)
        description = f"Agenda:\n{agenda}" if agenda else "The agenda is not published yet."
        url = base_url + meeting.get_absolute_url()
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends)}",
            f"SUMMARY:{escape_text(meeting.group.name + ' meeting')}",
            f"LOCATION:{escape_text(meeting.place)}",
            f"DESCRIPTION:{escape_text(description + chr(10) + url)}",
            f"URL:{url}",
            f"STATUS:{STATUS[meeting.status]}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
