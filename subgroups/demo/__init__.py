"""Demo data: the Corporate Parenting Board and the six sub-groups of the Medway papers, their
members, meetings, action log, highlight reports, challenges and "You said, we did".

The content is in the JSON files beside this module; dates are worked out from `today`. Every
row is written through `subgroups.services`, as the pages write it, by the demo person who
would (the board secretary runs meetings, an action's owner updates it, a councillor raises
challenges), and only where the demo's content differs from what is stored, so a second run
changes nothing. Links to outcomes and KPIs, and challenges about KPIs, belong to the higher
apps and are written by their loaders."""

import datetime
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from cpboard.demo import DemoDataError, changes, demo_people, read, rows
from cpboard.quarters import FinancialQuarter, FinancialYear
from subgroups import services
from subgroups.demo.oversight import load_demo_champions, load_demo_oversight
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
    Challenge,
    Declaration,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    PlannedItem,
    PlannedMeeting,
    YouSaidWeDid,
)

DATA = Path(__file__).parent
"""Where the demo's data files are; a test may point it at others."""

PEOPLE = ("councillor", "officer", "performance", "secretary", "youngperson")

BOARD_SLUG = "corporate-parenting-board"

RESTRICTED_TITLE: str = read(DATA / "meetings.json")["board"]["restricted"]["title"]
"""The demo's one restricted item: commercially confidential, so members only."""

SUBGROUPS = tuple(
    (row["slug"], row["name"], row["remit"], row["meeting_frequency"])
    for _, row in rows(DATA / "groups.json")
    if row["kind"] == BoardGroup.Kind.SUBGROUP
)
"""(slug, name, remit, meeting frequency) of each sub-group, in display order."""

YOU_SAID = tuple(
    (
        row["source"],
        row["months_ago"],
        row["you_said"],
        row["we_did"],
        row["status"],
        row["told_after_days"],
    )
    for _, row in rows(DATA / "you_said.json")
)
"""(source, months ago, you said, we did, status, told after days) of each entry."""


def _pdf_text(text: str) -> str:
    """Text for a PDF string literal: backslashes and brackets escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_file(objects: list[bytes], *, info: int) -> bytes:
    """The PDF file of `objects` (numbered from 1, the catalog first; `info` the number of the
    document information dictionary), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)


def minimal_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica text), written by hand with a correct
    cross-reference table, so the demo needs no PDF library."""

    ascii_lines = [line.encode("ascii", "replace").decode() for line in [title, "", *lines]]
    stream_lines = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
    stream_lines += [f"({_pdf_text(line)}) '" for line in ascii_lines]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title).encode("ascii", "replace") + b") >>",
    ]
    return _pdf_file(objects, info=6)


def paper_pdf(title: str, pages: list[list[str]]) -> bytes:
    """A small, valid PDF of several pages of Helvetica text (one list of lines a page),
    written by hand like minimal_pdf: the demo's board papers."""

    count = len(pages)
    # Objects: 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per page.
    kids = " ".join(f"{5 + 2 * n} 0 R" for n in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + _pdf_text(title).encode("ascii", "replace") + b") >>",
    ]
    for number, lines in enumerate(pages):
        text = [line.encode("ascii", "replace").decode() for line in lines]
        stream_lines = ["BT", "/F1 12 Tf", "16 TL", "72 760 Td"]
        stream_lines += [f"({_pdf_text(line)}) '" for line in text]
        stream_lines += ["ET", "BT", "/F1 9 Tf", "280 40 Td", f"({number + 1} / {count}) Tj", "ET"]
        stream = "\n".join(stream_lines).encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {6 + 2 * number} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return _pdf_file(objects, info=4)


def paper_docx(title: str, paragraphs: list[str]) -> bytes:
    """A small Word document (the parts Word needs: content types, relationships and the
    document), with a heading and paragraphs: the demo's Word paper."""
    from xml.sax.saxutils import escape

    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    heading = (
        '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>'
        f'<w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>{escape(title)}</w:t></w:r></w:p>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{heading}{body}</w:body></w:document>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # Fixed dates, so the same content makes the same file and the demo loads once.
        for name, text in (
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", relationships),
            ("word/document.xml", document),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return out.getvalue()


def _choice(row, value: str, choices, what: str) -> str:
    if value not in choices.values:
        raise row.error(f"unknown {what} {value!r}")
    return value


def load_demo_groups() -> list[BoardGroup]:
    """Create or update the Board and its sub-groups (groups.json); returns them in display
    order. The board secretary sets them up."""
    secretary = demo_people("secretary")["secretary"]
    existing = {group.slug: group for group in BoardGroup.objects.all()}
    board = None
    groups = []
    for position, (row, spec) in enumerate(rows(DATA / "groups.json")):
        kind = _choice(row, spec["kind"], BoardGroup.Kind, "kind of group")
        if (kind == BoardGroup.Kind.BOARD) != (position == 0):
            raise row.error("the Board comes first, and only once")
        values = {
            "name": spec["name"],
            "kind": kind,
            "reports_to": board,
            "remit": spec["remit"],
            "meeting_frequency": _choice(
                row, spec["meeting_frequency"], BoardGroup.Frequency, "meeting frequency"
            ),
            "position": position,
        }
        group = existing.get(spec["slug"])
        if group is None:
            group = services.group_create(changed_by=secretary, slug=spec["slug"], **values)
        elif changed := changes(group, values):
            group = services.group_update(group=group, changed_by=secretary, **changed)
        board = board or group
        groups.append(group)
    return groups


def _members(groups: dict[str, BoardGroup], users: dict, secretary) -> None:
    """Who sits where (members.json): demo people by username, partners without an account
    by their key, and former members by name with the dates they served."""
    path = DATA / "members.json"
    content = read(path)
    since = datetime.date.fromisoformat(content["members_since"])
    partners = content["partners"]
    existing = list(Membership.objects.filter(group__in=groups.values()))
    for row, spec in [*rows(path, content["seats"]), *rows(path, content["former"])]:
        group = row.find(groups, spec["group"], "group")
        role = _choice(row, spec["role"], Membership.Role, "role")
        user, partner = None, {"name": spec.get("name", ""), "organisation": ""}
        if "who" in spec:
            user = users.get(spec["who"])
            if user is None:
                partner = row.find(partners, spec["who"], "person")
        values = {
            "role": role,
            "organisation": partner["organisation"] or settings.COUNCIL_NAME,
            "theme": spec["theme"],
            "starts_on": datetime.date.fromisoformat(spec.get("starts_on") or since.isoformat()),
            "ends_on": datetime.date.fromisoformat(spec["ends_on"])
            if spec.get("ends_on")
            else None,
        }
        same = [m for m in existing if m.group_id == group.pk]
        if user is not None:
            same = [m for m in same if m.user_id == user.pk and m.role == role]
        elif "who" in spec:
            same = [m for m in same if m.name == partner["name"] and m.role == role]
        else:
            # A former member is found by name, whatever their role was.
            same = [m for m in same if m.name == partner["name"]]
        if not same:
            person = {"user": user} if user else {"name": partner["name"]}
            services.membership_create(group=group, changed_by=secretary, **person, **values)
        elif changed := changes(same[0], values):
            services.membership_update(membership=same[0], changed_by=secretary, **changed)


def _board_meeting_dates(today: datetime.date) -> list[tuple[FinancialQuarter, datetime.datetime]]:
    """The Board meets quarterly: every meeting from the start of the last financial year up
    to the one in the quarter after this, each in the middle month of its quarter, a
    Thursday at 18:00, reviewing the quarter before."""
    current = FinancialQuarter.current(today)
    first = FinancialYear.containing(today).previous().quarters()[0]
    dates = []
    for quarter in FinancialQuarter.range(first, current.next()):
        day = quarter.start + datetime.timedelta(days=45)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7)  # the Thursday on or after
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))
        dates.append((quarter, moment))
    return dates


def _meeting(group: BoardGroup, starts_at, values: dict, existing: dict, secretary) -> Meeting:
    """The group's meeting at `starts_at`, arranged with its standing items or brought up to
    date with `values`."""
    meeting = existing.get((group.pk, starts_at))
    if meeting is None:
        return services.meeting_create(
            group=group, changed_by=secretary, starts_at=starts_at, **values
        )
    if changed := changes(meeting, values):
        meeting = services.meeting_update(meeting=meeting, changed_by=secretary, **changed)
    return meeting


def _items(meeting: Meeting, wanted: dict[str, dict], secretary) -> None:
    """Give the meeting's standing items their presenter, minutes and decisions."""
    for item in AgendaItem.objects.filter(meeting=meeting, standing__in=list(wanted)):
        if changed := changes(item, wanted[item.standing]):
            services.agenda_item_update(item=item, changed_by=secretary, **changed)


def _attendance(meeting: Meeting, statuses: dict[int, str], secretary) -> None:
    stored = dict(Attendance.objects.filter(meeting=meeting).values_list("membership", "status"))
    if any(stored.get(pk) != status for pk, status in statuses.items()):
        services.attendance_record(meeting=meeting, statuses=statuses, changed_by=secretary)


def _board_meetings(board: BoardGroup, today: datetime.date, secretary) -> list[Meeting]:
    spec = read(DATA / "meetings.json")["board"]
    restricted = spec["restricted"]
    existing = {(m.group_id, m.starts_at): m for m in Meeting.objects.filter(group=board)}
    board_members = list(Membership.objects.filter(group=board))
    dates = _board_meeting_dates(today)
    # The restricted item was on the agenda of last quarter's meeting.
    restricted_at = len(dates) - 1 - restricted["quarters_before_last"]
    meetings = []
    for index, (quarter, starts_at) in enumerate(dates):
        held = starts_at.date() < today
        told_on = starts_at.date() + datetime.timedelta(days=14)
        meeting = _meeting(
            board,
            starts_at,
            {
                "place": spec["place"],
                "status": Meeting.Status.HELD if held else Meeting.Status.PLANNED,
                "feedback": spec["feedback"][index % len(spec["feedback"])] if held else "",
                "feedback_given_on": told_on if held and told_on < today else None,
            },
            existing,
            secretary,
        )
        meetings.append(meeting)
        names = {
            "news": spec["news"][index % len(spec["news"])],
            "quarter": quarter.previous(),
        }
        _items(
            meeting,
            {
                standing: {
                    "presenter": presenter,
                    "minutes": spec["minutes"][standing].format(**names) if held else "",
                    "decisions": spec["decisions"] if held else "",
                }
                for standing, presenter in spec["presenters"].items()
            },
            secretary,
        )
        if index == restricted_at:
            values = {
                "presenter": restricted["presenter"],
                "is_restricted": True,
                "minutes": restricted["minutes"] if held else "",
                "decisions": restricted["decisions"] if held else "",
            }
            item = AgendaItem.objects.filter(meeting=meeting, title=restricted["title"]).first()
            if item is None:
                paper = ContentFile(
                    minimal_pdf(restricted["title"], restricted["paper_lines"]),
                    name=restricted["paper_name"],
                )
                services.agenda_item_create(
                    meeting=meeting,
                    changed_by=secretary,
                    paper=paper,
                    title=restricted["title"],
                    **values,
                )
            elif changed := changes(item, values):
                services.agenda_item_update(item=item, changed_by=secretary, **changed)
        if held:
            _attendance(
                meeting,
                {
                    membership.pk: Attendance.Status.APOLOGIES
                    if (membership.pk + index) % 5 == 0 and membership.role != "chair"
                    else Attendance.Status.PRESENT
                    for membership in board_members
                    if membership.is_current(starts_at.date())
                },
                secretary,
            )
    return meetings


MONTHS_BETWEEN = {
    BoardGroup.Frequency.MONTHLY: 1,
    BoardGroup.Frequency.EVERY_TWO_MONTHS: 2,
    BoardGroup.Frequency.QUARTERLY: 3,
    BoardGroup.Frequency.TWICE_A_YEAR: 6,
}


def _subgroup_meeting_days(
    frequency: str, position: int, today: datetime.date
) -> list[datetime.date]:
    """A sub-group's meetings at its frequency, from the start of the last financial year to
    the end of next quarter: in the middle of the month, on a weekday, the groups two days
    apart."""
    first = FinancialYear.containing(today).previous().start
    last = FinancialQuarter.current(today).next().end
    step = MONTHS_BETWEEN[frequency]
    days = []
    year, month = first.year, first.month
    while True:
        day = datetime.date(year, month, 1) + datetime.timedelta(days=13 + 2 * position)
        if day.weekday() >= 5:
            day += datetime.timedelta(days=7 - day.weekday())  # the Monday after
        if day > last:
            return days
        days.append(day)
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def _subgroup_meetings(groups: dict[str, BoardGroup], today: datetime.date, secretary) -> None:
    """Each sub-group meets at its frequency across last financial year and this one, with
    its standing items, minutes and attendance at the meetings held, and the meetings to
    the end of next quarter planned."""
    spec = read(DATA / "meetings.json")["subgroups"]
    subgroups = [g for g in groups.values() if not g.is_board]
    existing = {(m.group_id, m.starts_at): m for m in Meeting.objects.filter(group__in=subgroups)}
    memberships: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(group__in=subgroups).order_by("pk"):
        memberships.setdefault(membership.group_id, []).append(membership)
    for position, group in enumerate(subgroups):
        days = _subgroup_meeting_days(group.meeting_frequency, position, today)
        for index, day in enumerate(days):
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
            cancelled = spec["cancelled"].get(group.slug) == index
            held = day < today and not cancelled
            status = Meeting.Status.PLANNED
            if cancelled and day < today:
                status = Meeting.Status.CANCELLED
            elif held:
                status = Meeting.Status.HELD
            meeting = _meeting(
                group,
                moment,
                {"place": spec["places"][position % 2], "status": status},
                existing,
                secretary,
            )
            _items(
                meeting,
                {
                    standing: {"minutes": minutes if held else ""}
                    for standing, minutes in spec["minutes"].items()
                },
                secretary,
            )
            if not held:
                continue
            # Partners and carers send apologies now and then; chairs always come.
            _attendance(
                meeting,
                {
                    membership.pk: Attendance.Status.APOLOGIES
                    if (membership.pk * 3 + index) % 7 == 0 and membership.role != "chair"
                    else Attendance.Status.PRESENT
                    for membership in memberships.get(group.id, [])
                    if membership.is_current(day)
                },
                secretary,
            )


def _actions(board: BoardGroup, held: list[Meeting], users: dict) -> None:
    """The Board's action log (actions.json): each action raised at a held meeting, counted
    from the first, updated by its owner, and closed at a later meeting where it says so."""
    existing = {a.description: a for a in MeetingAction.objects.filter(group=board)}
    for row, spec in rows(DATA / "actions.json"):
        if spec["raised_at"] >= len(held):
            continue
        meeting = held[spec["raised_at"]]
        owner = row.find(users, spec["owner"], "owner")
        closed = spec["closed_at"]
        closed_at = held[closed] if closed is not None and closed < len(held) else None
        going = bool(spec["progress"]) and spec["raised_at"] < len(held) - 1
        if closed_at:
            status = MeetingAction.Status.CLOSED
        elif going:
            status = MeetingAction.Status.IN_PROGRESS
        else:
            status = MeetingAction.Status.OPEN
        action = existing.get(spec["description"])
        if action is None:
            action = services.action_raise(
                meeting=meeting,
                changed_by=users["secretary"],
                description=spec["description"],
                owner=owner,
                due_on=meeting.starts_at.date() + datetime.timedelta(days=spec["due_after_days"]),
            )
        values = {
            "raised_at": meeting,
            "owner": owner,
            "due_on": meeting.starts_at.date() + datetime.timedelta(days=spec["due_after_days"]),
            "status": status,
            "progress": spec["progress"] if closed_at or going else "",
            "closed_at": closed_at,
        }
        if changes(action, values):
            values.pop("closed_at")
            services.action_update(action=action, changed_by=owner, closed_at=closed_at, **values)


def _highlight_reports(groups: dict[str, BoardGroup], today, users) -> list[HighlightReport]:
    """One report a quarter from each sub-group (highlight_reports.json), from the first
    quarter of last financial year to the last that ended."""
    quarters = FinancialQuarter.range(
        FinancialYear.containing(today).previous().quarters()[0],
        FinancialQuarter.current(today).previous(),
    )
    existing = {(r.group_id, r.quarter): r for r in HighlightReport.objects.all()}
    reports = []
    for row, spec in rows(DATA / "highlight_reports.json"):
        group = row.find(groups, spec["group"], "group")
        author = row.find(users, spec["author"], "author")
        values = {
            "went_well": spec["went_well"],
            "concerns": spec["concerns"],
            "asks": spec["asks"],
            "author": author,
            "status": HighlightReport.Status.SUBMITTED,
        }
        for quarter in quarters:
            report = existing.get((group.pk, quarter))
            if report is None or changes(report, values):
                fields = dict(values)
                fields.pop("author")
                report = services.highlight_report_save(
                    group=group,
                    quarter=quarter,
                    author=author,
                    # The outcomes and KPIs are linked by the strategy and performance demos.
                    outcomes=list(report.outcomes.all()) if report else [],
                    kpis=list(report.kpis.all()) if report else [],
                    report=report,
                    **fields,
                )
            reports.append(report)
    return reports


def _challenges(board: BoardGroup, reports: list[HighlightReport], today, users) -> int:
    """The challenges about highlight reports (challenges.json), raised by the chair."""
    latest = {report.group.slug: report for report in reports}
    count = 0
    for row, spec in rows(DATA / "challenges.json"):
        subject = row.find(latest, spec["about_highlight_report"], "highlight report of group")
        count += challenge_load(row, spec, subject=subject, board=board, today=today, users=users)
    return count


def challenge_load(row, spec: dict, *, subject, board: BoardGroup, today, users: dict) -> int:
    """Raise a demo challenge about `subject` (the councillor asks, `spec["owner"]` answers
    after 20 days if `spec["answer"]` says so) unless it was raised already; returns 1. For
    the higher apps' demos too, which raise the challenges about their own rows."""
    owner = row.find(users, spec["owner"], "owner")
    raised_on = today - datetime.timedelta(days=spec["days_ago"])
    challenge = Challenge.objects.filter(
        content_type__app_label=subject._meta.app_label,
        content_type__model=subject._meta.model_name,
        object_id=subject.pk,
        question=spec["question"],
    ).first()
    if challenge is None:
        challenge = services.challenge_raise(
            subject=subject,
            group=board,
            raised_by=users["councillor"],
            owner=owner,
            due_on=raised_on + datetime.timedelta(days=28),
            question=spec["question"],
            raised_on=raised_on,
        )
    if spec["answer"] and challenge.answer != spec["answer"]:
        services.challenge_answer(
            challenge=challenge,
            answer=spec["answer"],
            answered_by=owner,
            answered_on=raised_on + datetime.timedelta(days=20),
        )
    return 1


def _you_said(today: datetime.date, secretary) -> int:
    existing = {entry.you_said: entry for entry in YouSaidWeDid.objects.all()}
    count = 0
    for row, spec in rows(DATA / "you_said.json"):
        raised_on = today - datetime.timedelta(days=30 * spec["months_ago"])
        told = spec["told_after_days"]
        values = {
            "source": _choice(row, spec["source"], YouSaidWeDid.Source, "source"),
            "raised_on": raised_on,
            "we_did": spec["we_did"],
            "status": _choice(row, spec["status"], YouSaidWeDid.Status, "status"),
            "told_on": raised_on + datetime.timedelta(days=told) if told else None,
            "meeting": None,
        }
        entry = existing.get(spec["you_said"])
        if entry is None:
            services.you_said_save(changed_by=secretary, you_said=spec["you_said"], **values)
        elif changed := changes(entry, values):
            services.you_said_save(entry=entry, changed_by=secretary, **changed)
        count += 1
    return count


def load_demo_meetings(*, today: datetime.date | None = None) -> dict[str, int]:
    """Members of every group; the Board's quarterly meetings from the start of last financial
    year to the next one planned, and the sub-groups' at their own frequency, with agendas,
    one restricted item with its paper, minutes, attendance, an action log carried across
    meetings, highlight reports, challenges about them and "You said, we did". Needs the
    demo users and groups. Safe to run again: a second run changes no rows. Returns counts
    for the command's summary."""
    today = today or timezone.localdate()
    users = demo_people(*PEOPLE)
    secretary = users["secretary"]
    groups = {g.slug: g for g in BoardGroup.objects.all()}
    board = groups.get(BOARD_SLUG)
    if board is None:
        raise DemoDataError(DATA / "groups.json", None, f"the Board {BOARD_SLUG!r} is not loaded")
    _members(groups, users, secretary)
    load_demo_champions(board, secretary)
    meetings = _board_meetings(board, today, secretary)
    _subgroup_meetings(groups, today, secretary)
    _actions(board, [m for m in meetings if m.status == Meeting.Status.HELD], users)
    reports = _highlight_reports(groups, today, users)
    load_demo_work_plan(today=today)
    oversight = load_demo_oversight(board=board, users=users, today=today)
    return {
        **oversight,
        "members": Membership.objects.count(),
        "meetings": len(meetings),
        "reports": len(reports),
        "challenges": _challenges(board, reports, today, users),
        "you_said": _you_said(today, secretary),
    }


# --- Forward work plan, papers and declarations ---------------------------------------------

NEXT_BOARD_PAPERS = read(DATA / "work_plan.json")["papers"]
"""The papers of the next Board meeting, by file name: PDFs as pages of lines, the Word
document as paragraphs."""


def year_of_board_meetings(today: datetime.date) -> list[datetime.date]:
    """The Board's next four quarterly meetings from today (see _board_meeting_dates)."""
    days = []
    quarter = FinancialQuarter.current(today)
    while len(days) < 4:
        day = quarter.start + datetime.timedelta(days=45)
        day += datetime.timedelta(days=(3 - day.weekday()) % 7)
        if day >= today:
            days.append(day)
        quarter = quarter.next()
    return days


def _year_of_subgroup_meetings(group: BoardGroup, position: int, today) -> list[datetime.date]:
    """A sub-group's meetings in the coming twelve months, on its usual days, at most four."""
    days = _subgroup_meeting_days(
        group.meeting_frequency, position, today + datetime.timedelta(days=366)
    )
    return [day for day in days if today <= day <= today + datetime.timedelta(days=366)][:4]


def paper_content(name: str) -> bytes:
    """One of the next Board meeting's papers (work_plan.json "papers"), made on the spot."""
    spec = NEXT_BOARD_PAPERS[name]
    if name.endswith(".docx"):
        return paper_docx(spec["title"], spec["paragraphs"])
    return paper_pdf(spec["title"], spec["pages"])


def _plan(group, day, theme, items: list[dict], users, secretary) -> PlannedMeeting:
    plan = PlannedMeeting.objects.filter(group=group, planned_for=day).first()
    if plan is None:
        plan = services.planned_meeting_save(
            changed_by=secretary, group=group, planned_for=day, theme=theme
        )
    elif changed := changes(plan, {"theme": theme}):
        plan = services.planned_meeting_save(plan=plan, changed_by=secretary, **changed)
    existing = {item.title: item for item in plan.items.all()}
    for spec in items:
        if spec["title"] in existing:
            continue
        if spec["kind"] not in PlannedItem.Kind.values:
            raise DemoDataError(DATA / "work_plan.json", None, f"unknown kind {spec['kind']!r}")
        officer = users[spec["officer"]] if spec.get("officer") else None
        due = spec.get("due_days_before")
        services.planned_item_save(
            changed_by=secretary,
            planned_meeting=plan,
            kind=spec["kind"],
            title=spec["title"],
            officer=officer,
            paper_due_on=day - datetime.timedelta(days=due) if due else None,
            kpi_code=spec.get("kpi_code", ""),
            is_restricted=spec.get("restricted", False),
        )
    return plan


def load_demo_work_plan(*, today: datetime.date | None = None) -> int:
    """A year of the work plan (work_plan.json): the Board's next four meetings, each with
    its theme and items, and the sub-groups' coming meetings; the next Board meeting (already
    arranged) gets its planned items on its agenda, with their papers (two PDFs and a Word
    document) and the declarations of interest made in them. Safe to run again. Returns how
    many meetings are planned."""
    today = today or timezone.localdate()
    users = demo_people(*PEOPLE)
    secretary = users["secretary"]
    spec = read(DATA / "work_plan.json")
    board = BoardGroup.objects.board()
    count = 0
    board_days = year_of_board_meetings(today)
    for index, day in enumerate(board_days):
        _plan(
            board,
            day,
            spec["board"]["themes"][index],
            spec["board"]["items"][index],
            users,
            secretary,
        )
        count += 1
    for position, group in enumerate(BoardGroup.objects.subgroups().order_by("position")):
        for index, day in enumerate(_year_of_subgroup_meetings(group, position, today)):
            theme = spec["subgroups"]["themes"][index % len(spec["subgroups"]["themes"])]
            _plan(group, day, theme, spec["subgroups"]["items"], users, secretary)
            count += 1
    _next_board_papers(board, board_days[0], spec, secretary)
    return count


def _next_board_papers(board: BoardGroup, day: datetime.date, spec: dict, secretary) -> None:
    """The next Board meeting's planned items get their papers, their public titles and the
    declarations made in them."""
    plan = PlannedMeeting.objects.filter(group=board, planned_for=day).first()
    if plan is None or plan.meeting is None:
        return
    planned = {item.title: item for item in plan.items.select_related("agenda_item")}
    for item_spec in spec["board"]["items"][0]:
        item = planned[item_spec["title"]].agenda_item
        if item is None:
            continue
        values = {"public_title": item_spec.get("public_title", "")}
        paper = None
        name = item_spec.get("paper")
        if name and item.paper_name != name:
            paper = ContentFile(paper_content(name), name=name)
        if paper is not None or changes(item, values):
            services.agenda_item_update(item=item, changed_by=secretary, paper=paper, **values)
    members = {m.person_name: m for m in Membership.objects.filter(group=board)}
    people = read(DATA / "members.json")["partners"]
    for row, declared in rows(DATA / "work_plan.json", spec["declarations"]):
        item = row.find(planned, declared["item"], "planned item").agenda_item
        person = row.find(people, declared["who"], "person")
        membership = row.find(members, person["name"], "Board member")
        if (
            item is None
            or Declaration.objects.filter(agenda_item=item, membership=membership).exists()
        ):
            continue
        services.declaration_record(
            item=item,
            changed_by=secretary,
            membership=membership,
            kind=_choice(row, declared["kind"], Declaration.Kind, "kind of interest"),
            interest=declared["interest"],
            left_the_room=declared["left_the_room"],
        )
