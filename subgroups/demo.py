"""Demo data: the Corporate Parenting Board and the six sub-groups of the Medway papers."""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from cpboard.demo import DEMO_PEOPLE, upsert
from cpboard.quarters import FinancialQuarter, FinancialYear
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
    Challenge,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    YouSaidWeDid,
)
from subgroups.services import subject_label

BOARD = {
    "slug": "corporate-parenting-board",
    "name": "Corporate Parenting Board",
    "remit": (
        "Leads the council and its partners in their duties as corporate parents to children "
        "in care and care leavers. Monitors delivery of the Corporate Parenting Strategy and "
        "the Pledge, tracks performance against outcomes, challenges where progress is too "
        "slow, and makes sure the voice of children and young people shapes its decisions. "
        "Chaired by the Lead Member for Children's Services; reports to Council every year."
    ),
    "meeting_frequency": BoardGroup.Frequency.QUARTERLY,
}

SUBGROUPS = (
    (
        "feeling-safe-and-cared-for",
        "Feeling Safe and Cared For",
        "Oversees the safety and stability of children's homes: sufficiency of foster and "
        "residential homes, placement stability, missing episodes and exploitation, and the "
        "use of unregistered provision.",
        BoardGroup.Frequency.EVERY_TWO_MONTHS,
    ),
    (
        "listening-to-you",
        "Listening to You",
        "Participation and engagement. Works with the children in care council and the "
        "advocacy service so that what children and young people say is heard, acted on and "
        "fed back to them after every Board meeting.",
        BoardGroup.Frequency.EVERY_TWO_MONTHS,
    ),
    (
        "housing",
        "Housing",
        "Makes sure care leavers have suitable, safe homes: the housing protocol, supported "
        "accommodation, council tax exemption and preparation for independent living.",
        BoardGroup.Frequency.QUARTERLY,
    ),
    (
        "health",
        "Health",
        "Physical, emotional and mental health of children in care and care leavers: initial "
        "and review health assessments, dental checks, access to mental health services and "
        "the care leavers' health pathway. Brings together the council and health partners.",
        BoardGroup.Frequency.QUARTERLY,
    ),
    (
        "school-college-and-work",
        "School, College and Work",
        "Education, training and employment: the Virtual School, personal education plans, "
        "attainment, attendance and exclusions, and care leavers in education, employment or "
        "training, including apprenticeships with the council and its partners.",
        BoardGroup.Frequency.QUARTERLY,
    ),
    (
        "corporate-parenting-delivery-group",
        "Corporate Parenting Delivery Group",
        "Officers across the council and partner agencies who turn the strategy into action: "
        "keeps the action plan and risk register up to date and prepares the Board's "
        "performance report.",
        BoardGroup.Frequency.MONTHLY,
    ),
)


def load_demo_groups() -> list[BoardGroup]:
    """Create or update the Board and its sub-groups; returns them in display order."""
    board = upsert(
        BoardGroup,
        {"slug": BOARD["slug"]},
        {
            "name": BOARD["name"],
            "kind": BoardGroup.Kind.BOARD,
            "reports_to": None,
            "remit": BOARD["remit"],
            "meeting_frequency": BOARD["meeting_frequency"],
            "position": 0,
        },
    )
    groups = [board]
    for position, (slug, name, remit, frequency) in enumerate(SUBGROUPS, start=1):
        group = upsert(
            BoardGroup,
            {"slug": slug},
            {
                "name": name,
                "kind": BoardGroup.Kind.SUBGROUP,
                "reports_to": board,
                "remit": remit,
                "meeting_frequency": frequency,
                "position": position,
            },
        )
        groups.append(group)
    return groups


# --- Members, meetings, action log, challenges, highlight reports, "You said, we did" -----

# Fictional people without portal accounts: (name, organisation).
PARTNERS = {
    "health": ("Dr Priya Nandakumar", "Designated Nurse for Children in Care, ICB"),
    "police": ("DCI Mark Hollins", "Police, local policing district"),
    "education": ("Fiona Caldwell", "Head of the Virtual School"),
    "carer": ("Janet Mensah", "Foster Carers' Association"),
    "adopter": ("Paul Ridley", "Adoption Partnership South East"),
    "advocacy": ("Leanne Brooks", "Young Lives Foundation advocacy service"),
    "housing": ("Tom Okonjo", "Head of Housing Options"),
    "councillor-b": ("Cllr Nadia Farooq", ""),
    "councillor-c": ("Cllr Graham Pike", ""),
}

# Who sits where: group slug -> [(username or partner key, role, theme)].
SEATS: dict[str, list[tuple[str, str, str]]] = {
    "corporate-parenting-board": [
        ("councillor", Membership.Role.CHAIR, ""),
        ("councillor-b", Membership.Role.VICE_CHAIR, ""),
        ("councillor-c", Membership.Role.CHAMPION, "care leavers"),
        ("officer", Membership.Role.LEAD_OFFICER, ""),
        ("performance", Membership.Role.MEMBER, ""),
        ("health", Membership.Role.PARTNER, ""),
        ("police", Membership.Role.PARTNER, ""),
        ("education", Membership.Role.PARTNER, ""),
        ("carer", Membership.Role.CARER, ""),
        ("adopter", Membership.Role.CARER, ""),
        ("youngperson", Membership.Role.YOUNG_PERSON, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
    "feeling-safe-and-cared-for": [
        ("councillor-b", Membership.Role.CHAIR, ""),
        ("officer", Membership.Role.LEAD_OFFICER, ""),
        ("police", Membership.Role.PARTNER, ""),
        ("carer", Membership.Role.CARER, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
    "listening-to-you": [
        ("councillor-c", Membership.Role.CHAIR, ""),
        ("officer", Membership.Role.LEAD_OFFICER, ""),
        ("advocacy", Membership.Role.PARTNER, ""),
        ("youngperson", Membership.Role.YOUNG_PERSON, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
    "housing": [
        ("councillor-c", Membership.Role.CHAIR, ""),
        ("officer", Membership.Role.LEAD_OFFICER, ""),
        ("housing", Membership.Role.PARTNER, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
    "health": [
        ("councillor", Membership.Role.CHAMPION, "health"),
        ("health", Membership.Role.CHAIR, ""),
        ("officer", Membership.Role.LEAD_OFFICER, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
    "school-college-and-work": [
        ("councillor-b", Membership.Role.CHAMPION, "education"),
        ("education", Membership.Role.CHAIR, ""),
        ("officer", Membership.Role.LEAD_OFFICER, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
    "corporate-parenting-delivery-group": [
        ("officer", Membership.Role.CHAIR, ""),
        ("performance", Membership.Role.LEAD_OFFICER, ""),
        ("secretary", Membership.Role.SECRETARY, ""),
    ],
}

MEMBERS_SINCE = datetime.date(2023, 7, 1)
"""When the Lead Member took the chair and the Board's membership was renewed (seed 002)."""

RESTRICTED_TITLE = "Commissioning the new children's home: provider negotiations"
"""The demo's one restricted item: commercially confidential, so members only."""

RESTRICTED_MINUTES = (
    "Members noted the state of negotiations with the preferred provider and the revised "
    "opening date. The figures discussed are commercially confidential."
)


def minimal_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica text), written by hand with a correct
    cross-reference table, so the demo needs no PDF library."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ascii_lines = [line.encode("ascii", "replace").decode() for line in [title, "", *lines]]
    stream_lines = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
    stream_lines += [f"({esc(line)}) '" for line in ascii_lines]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + esc(title).encode("ascii", "replace") + b") >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _members(groups: dict[str, BoardGroup], users: dict) -> None:
    for slug, seats in SEATS.items():
        for who, role, theme in seats:
            user = users.get(who)
            name, organisation = PARTNERS.get(who, ("", ""))
            lookup = {"group": groups[slug], "role": role}
            lookup |= {"user": user} if user else {"name": name}
            upsert(
                Membership,
                lookup,
                {
                    "organisation": organisation or settings.COUNCIL_NAME,
                    "theme": theme,
                    "starts_on": MEMBERS_SINCE,
                    "ends_on": None,
                },
            )
    # A member who left, so the history of the Board's membership shows one.
    upsert(
        Membership,
        {"group": groups["corporate-parenting-board"], "name": "Cllr Derek Small"},
        {
            "organisation": settings.COUNCIL_NAME,
            "role": Membership.Role.CHAMPION,
            "theme": "education",
            "starts_on": datetime.date(2021, 6, 1),
            "ends_on": datetime.date(2023, 5, 4),
        },
    )


BOARD_ITEMS = (
    # (standing, title, presenter)
    (AgendaItem.Standing.VOICE, "Voice of children and young people", "Children in care council"),
    (AgendaItem.Standing.PERFORMANCE, "Performance report", "Ruth Kendal, Performance lead"),
    (AgendaItem.Standing.SUBGROUP_REPORTS, "Sub-group highlight reports", "Sub-group chairs"),
    (AgendaItem.Standing.RISKS, "Risk register", "Daniel Okafor, Head of Corporate Parenting"),
)

VOICE_MINUTES = (
    "Representatives of the children in care council shared their news: {news} Members "
    "thanked them and agreed to feed back after the meeting."
)
NEWS = (
    "the summer activity programme was well attended, and they asked for more help with "
    "bus passes.",
    "they want care leavers to be told sooner about the council tax exemption.",
    "the new welcome pack for children coming into care is nearly ready; they designed it.",
    "they asked for Wi-Fi in every semi-independent home, because college work is online.",
    "they would like to meet the new Director at their next session.",
)
PERFORMANCE_MINUTES = (
    "The Board received the {quarter} scorecard. Initial health assessments within 20 working "
    "days remain below the 80% target; review health assessments and dental checks are on "
    "track. Members asked for a trend of placement stability for next time."
)
RISK_MINUTES = (
    "The Board reviewed the risk register and the ratings the risk owners proposed for "
    "{quarter}. Workforce sufficiency and the challenge of finding the right homes for "
    "children remain the highest risks."
)

ACTIONS = (
    # (Board meeting raised at, counted from the first; description; owner username; due
    # after days; meeting closed at, or None; the owner's latest update)
    (
        0,
        "Bring a plan to improve the timeliness of initial health assessments.",
        "officer",
        60,
        1,
        "Plan presented in August: health book the assessment on the day a child comes into care.",
    ),
    (
        0,
        "Write to NHS England about health assessments for children placed out of area.",
        "councillor",
        45,
        2,
        "Letter sent in June; NHS England replied in October and has named a contact.",
    ),
    (
        1,
        "Report the take-up of the council tax exemption by care leavers.",
        "performance",
        80,
        3,
        "Reported in February: 92% of eligible care leavers in the borough are exempt.",
    ),
    (
        1,
        "Arrange Board members' visits to two children's homes.",
        "secretary",
        90,
        3,
        "Members visited both homes in January and reported back to the Board.",
    ),
    (
        2,
        "Ask every directorate to name a corporate parenting champion.",
        "officer",
        100,
        None,
        "Five of seven directorates have named a champion; Place and Finance still to reply.",
    ),
    (
        2,
        "Bring the business case for a second in-house children's home.",
        "officer",
        90,
        4,
        "Business case agreed by Cabinet in April.",
    ),
    (
        3,
        "Share the refreshed Pledge with the children in care council for comment.",
        "officer",
        70,
        5,
        "The council's comments are built into the Pledge published in the summer.",
    ),
    (
        3,
        "Report how many care leavers are in education, employment or training at 19 to 21.",
        "performance",
        60,
        4,
        "Reported in May: 58%, up from 52% a year ago.",
    ),
    (
        4,
        "Find out why persistent absence is rising among secondary-age children in care.",
        "officer",
        90,
        None,
        "The Virtual School is looking at each child's attendance record with their school.",
    ),
    (
        5,
        "Agree Wi-Fi in every semi-independent home with the providers.",
        "secretary",
        60,
        6,
        "All providers have agreed; the last two homes are being connected.",
    ),
    (
        6,
        "Invite the new Director of Children's Services to meet the children in care council.",
        "secretary",
        45,
        None,
        "",
    ),
)

FEEDBACK = (
    "Thank you for coming. We talked about health checks when you first come into care: they "
    "are still too slow, and we have asked for a plan to make them quicker. We will tell you "
    "what happens next time.",
    "We heard what you said about bus passes. The council will now give every care leaver at "
    "college a free bus pass for their first year. We also looked at how many young people "
    "are getting help with council tax.",
    "We talked about finding more homes for children close to where they come from. The "
    "Board asked for a plan for a second children's home run by the council.",
    "Board members visited two children's homes and heard from you directly. We also checked "
    "how many care leavers know they do not have to pay council tax: most do now.",
    "You told us you need Wi-Fi where you live. We agreed that every semi-independent home "
    "should have it, and we will check this at the next meeting.",
    "We looked at how our children are doing at school. More of you are getting help with "
    "going to school every day, and the Virtual School is looking at why some of you miss "
    "lessons.",
    "The new Pledge has your comments in it. Thank you to everyone in the children in care "
    "council who read it and told us what to change.",
    "We asked the new Director to come and meet you, and we talked about the new children's "
    "home. We will tell you when it opens.",
)

YOU_SAID = (
    # (source, months ago, you said, we did, status, told after days)
    (
        YouSaidWeDid.Source.CHILDREN_IN_CARE_COUNCIL,
        14,
        "Getting to college costs too much. We need help with bus fares.",
        "Every care leaver at college now gets a free bus pass for their first year.",
        YouSaidWeDid.Status.DONE,
        40,
    ),
    (
        YouSaidWeDid.Source.BOARD_MEETING,
        11,
        "We don't find out about the council tax exemption until we get a bill.",
        "Personal advisers now explain the exemption at the pathway plan review at 17, and the "
        "leaving care team tells the council tax office when you move in.",
        YouSaidWeDid.Status.DONE,
        30,
    ),
    (
        YouSaidWeDid.Source.SURVEY,
        8,
        "Some of us have no Wi-Fi where we live, so we can't do college work.",
        "The Board agreed every semi-independent home must have Wi-Fi. Most do now; the last "
        "two are being connected.",
        YouSaidWeDid.Status.DOING,
        35,
    ),
    (
        YouSaidWeDid.Source.ADVOCACY,
        6,
        "It takes too long to see a dentist when you move to a new home.",
        "The Health sub-group set up extra dental sessions for children in care and checks every "
        "quarter how many children have had their check.",
        YouSaidWeDid.Status.DOING,
        45,
    ),
    (
        YouSaidWeDid.Source.CHILDREN_IN_CARE_COUNCIL,
        3,
        "We want to design the welcome pack for children coming into care.",
        "You did! The new pack uses your words and pictures and is given to every child.",
        YouSaidWeDid.Status.DONE,
        20,
    ),
    (
        YouSaidWeDid.Source.BOARD_MEETING,
        1,
        "We would like to meet the new Director of Children's Services.",
        "",
        YouSaidWeDid.Status.LISTENING,
        None,
    ),
    (
        YouSaidWeDid.Source.CHILDREN_IN_CARE_COUNCIL,
        19,
        "We want to know who our social worker is when they change, before they visit.",
        "Team managers now write to you when your social worker changes, with their name, "
        "photo and phone number.",
        YouSaidWeDid.Status.DONE,
        35,
    ),
    (
        YouSaidWeDid.Source.ADVOCACY,
        17,
        "Family time with our brothers and sisters gets cancelled at the last minute.",
        "Family time is now only cancelled by a manager, who must offer another date the same "
        "week. The Board checks how often it happens.",
        YouSaidWeDid.Status.DONE,
        40,
    ),
    (
        YouSaidWeDid.Source.SURVEY,
        12,
        "Some of us would like to stay with our foster carers after we turn 18.",
        "We cannot promise every home can continue, because carers need a home for younger "
        "children too, but every young person now talks about staying put at 16.",
        YouSaidWeDid.Status.NOT_POSSIBLE,
        30,
    ),
)

REPORT_TEXT = {
    "feeling-safe-and-cared-for": (
        "Placement stability held steady; the emergency bed with our fostering partner was "
        "used for five children who needed a home the same day.",
        "Four young people are still living in unregistered provision while registered homes "
        "are found.",
        "Support the business case for a second in-house children's home.",
    ),
    "listening-to-you": (
        "The children in care council met every month and designed the new welcome pack.",
        "Fewer care leavers aged 19 to 21 come to participation events.",
        "Board members to attend one children in care council session each this year.",
    ),
    "housing": (
        "No care leaver was placed in bed and breakfast accommodation this quarter.",
        "The wait for supported accommodation has grown to eleven weeks.",
        "Ask housing partners to ring-fence two more supported flats.",
    ),
    "health": (
        "Review health assessments stayed above 90% and dental checks rose again.",
        "Initial health assessments within 20 working days remain well below the 80% target.",
        "Raise out-of-area health assessments with NHS England through the Lead Member.",
    ),
    "school-college-and-work": (
        "Every child in care of school age has a personal education plan in date.",
        "Persistent absence among secondary-age children in care is rising.",
        "Endorse ring-fenced council apprenticeships for care leavers.",
    ),
    "corporate-parenting-delivery-group": (
        "The action plan is on track; three actions closed this quarter.",
        "Social worker vacancies are still above 15%.",
        "Note the refreshed risk register ahead of the annual report.",
    ),
}


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


def _paper(item: AgendaItem) -> None:
    if item.paper:
        return
    content = minimal_pdf(
        RESTRICTED_TITLE,
        [
            "Restricted: for members of the Corporate Parenting Board only.",
            "Commercially confidential negotiations on the new children's home.",
            "Fictional demo paper.",
        ],
    )
    item.paper_name = "provider-negotiations.pdf"
    item.paper.save(item.paper_name, ContentFile(content), save=False)
    AgendaItem.objects.filter(pk=item.pk).update(paper=item.paper.name, paper_name=item.paper_name)


def load_demo_meetings(*, today: datetime.date | None = None) -> dict[str, int]:
    """Members of every group; the Board's quarterly meetings from the start of last financial
    year to the next one planned, and the sub-groups' at their own frequency, with agendas,
    one restricted item with its paper, minutes, attendance, an action log carried across
    meetings, highlight reports, challenges and "You said, we did". Safe to run again: a
    second run changes no rows. Returns counts for the command's summary."""
    today = today or timezone.localdate()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in DEMO_PEOPLE])}
    groups = {g.slug: g for g in BoardGroup.objects.all()}
    board = groups["corporate-parenting-board"]
    _members(groups, users)
    board_members = list(Membership.objects.filter(group=board))

    meetings = []
    dates = _board_meeting_dates(today)
    # The restricted item was on the agenda of last quarter's meeting.
    restricted_at = len(dates) - 3
    for index, (quarter, starts_at) in enumerate(dates):
        held = starts_at.date() < today
        meeting = upsert(
            Meeting,
            {"group": board, "starts_at": starts_at},
            {
                "place": "Civic Centre, Council Chamber, and online",
                "status": Meeting.Status.HELD if held else Meeting.Status.PLANNED,
                "feedback": FEEDBACK[index % len(FEEDBACK)] if held else "",
                "feedback_given_on": starts_at.date() + datetime.timedelta(days=14)
                if held and starts_at.date() + datetime.timedelta(days=14) < today
                else None,
            },
        )
        meetings.append(meeting)
        reviewed = quarter.previous()
        for position, (standing, title, presenter) in enumerate(BOARD_ITEMS, start=1):
            minutes = ""
            if held:
                minutes = {
                    AgendaItem.Standing.VOICE: VOICE_MINUTES.format(news=NEWS[index % len(NEWS)]),
                    AgendaItem.Standing.PERFORMANCE: PERFORMANCE_MINUTES.format(quarter=reviewed),
                    AgendaItem.Standing.SUBGROUP_REPORTS: "Each sub-group chair presented the "
                    f"highlight report for {reviewed}. The Board noted the asks.",
                    AgendaItem.Standing.RISKS: RISK_MINUTES.format(quarter=reviewed),
                }[standing]
            upsert(
                AgendaItem,
                {"meeting": meeting, "standing": standing},
                {
                    "position": position,
                    "title": title,
                    "presenter": presenter,
                    "minutes": minutes,
                    "decisions": "The Board noted the report." if held else "",
                },
            )
        if index == restricted_at:
            item = upsert(
                AgendaItem,
                {"meeting": meeting, "title": RESTRICTED_TITLE},
                {
                    "position": 5,
                    "presenter": "Head of Commissioning",
                    "is_restricted": True,
                    "minutes": RESTRICTED_MINUTES if held else "",
                    "decisions": "Agreed to proceed to contract, subject to legal advice."
                    if held
                    else "",
                },
            )
            _paper(item)
        if held:
            for membership in board_members:
                if not membership.is_current(starts_at.date()):
                    continue
                absent = (membership.pk + index) % 5 == 0 and membership.role != "chair"
                upsert(
                    Attendance,
                    {"meeting": meeting, "membership": membership},
                    {
                        "status": Attendance.Status.APOLOGIES
                        if absent
                        else Attendance.Status.PRESENT
                    },
                )

    _subgroup_meetings(groups, today)
    held_meetings = [m for m in meetings if m.status == Meeting.Status.HELD]
    for raised, description, owner, due_days, closed, progress in ACTIONS:
        if raised >= len(held_meetings):
            continue
        meeting = held_meetings[raised]
        closed_at = (
            held_meetings[closed] if closed is not None and closed < len(held_meetings) else None
        )
        upsert(
            MeetingAction,
            {"group": board, "description": description},
            {
                "raised_at": meeting,
                "owner": users.get(owner),
                "due_on": meeting.starts_at.date() + datetime.timedelta(days=due_days),
                "status": MeetingAction.Status.CLOSED
                if closed_at
                else MeetingAction.Status.IN_PROGRESS
                if progress and raised < len(held_meetings) - 1
                else MeetingAction.Status.OPEN,
                "progress": progress
                if closed_at or (progress and raised < len(held_meetings) - 1)
                else "",
                "closed_at": closed_at,
                "closed_on": closed_at.starts_at.date() if closed_at else None,
            },
        )

    reports = _highlight_reports(groups, users, today)
    challenges = _challenges(board, users, reports, today)
    for source, months, said, did, status, told_after in YOU_SAID:
        raised_on = today - datetime.timedelta(days=30 * months)
        upsert(
            YouSaidWeDid,
            {"you_said": said},
            {
                "source": source,
                "raised_on": raised_on,
                "we_did": did,
                "status": status,
                "told_on": raised_on + datetime.timedelta(days=told_after) if told_after else None,
                "meeting": None,
            },
        )
    return {
        "members": Membership.objects.count(),
        "meetings": len(meetings),
        "reports": len(reports),
        "challenges": challenges,
        "you_said": len(YOU_SAID),
    }


MONTHS_BETWEEN = {
    BoardGroup.Frequency.MONTHLY: 1,
    BoardGroup.Frequency.EVERY_TWO_MONTHS: 2,
    BoardGroup.Frequency.QUARTERLY: 3,
    BoardGroup.Frequency.TWICE_A_YEAR: 6,
}

SUBGROUP_ITEMS = (
    # (standing, title, minutes when held)
    (
        AgendaItem.Standing.VOICE,
        "Voice of children and young people",
        "The group heard what children and young people had said since the last meeting and "
        "agreed what to feed back to them.",
    ),
    (
        AgendaItem.Standing.PERFORMANCE,
        "Performance report",
        "The group went through the KPIs it leads on and agreed the commentary for the Board.",
    ),
    (
        AgendaItem.Standing.RISKS,
        "Risk register",
        "The group reviewed the risks it watches; no change of rating was proposed.",
    ),
)

CANCELLED_MEETINGS = {"corporate-parenting-delivery-group": 4}
"""Meetings the summer holidays cancelled: group slug -> the meeting's number, counted
from the first (the Delivery Group's August meeting)."""


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


def _subgroup_meetings(groups: dict[str, BoardGroup], today: datetime.date) -> None:
    """Each sub-group meets at its frequency across last financial year and this one, with
    its standing items, minutes and attendance at the meetings held, and the meetings to
    the end of next quarter planned."""
    subgroups = [g for g in groups.values() if not g.is_board]
    memberships: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(group__in=subgroups).order_by("pk"):
        memberships.setdefault(membership.group_id, []).append(membership)
    for position, group in enumerate(subgroups):
        days = _subgroup_meeting_days(group.meeting_frequency, position, today)
        for index, day in enumerate(days):
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
            cancelled = CANCELLED_MEETINGS.get(group.slug) == index
            held = day < today and not cancelled
            meeting = upsert(
                Meeting,
                {"group": group, "starts_at": moment},
                {
                    "place": "Civic Centre, Committee Room 2" if position % 2 else "Online (Teams)",
                    "status": Meeting.Status.CANCELLED
                    if cancelled and day < today
                    else Meeting.Status.HELD
                    if held
                    else Meeting.Status.PLANNED,
                },
            )
            for number, (standing, title, minutes) in enumerate(SUBGROUP_ITEMS, start=1):
                upsert(
                    AgendaItem,
                    {"meeting": meeting, "standing": standing},
                    {"position": number, "title": title, "minutes": minutes if held else ""},
                )
            if not held:
                continue
            for membership in memberships.get(group.id, []):
                if not membership.is_current(day):
                    continue
                # Partners and carers send apologies now and then; chairs always come.
                away = (membership.pk * 3 + index) % 7 == 0 and membership.role != "chair"
                upsert(
                    Attendance,
                    {"meeting": meeting, "membership": membership},
                    {"status": Attendance.Status.APOLOGIES if away else Attendance.Status.PRESENT},
                )


def _highlight_reports(groups, users, today) -> list[HighlightReport]:
    # One a quarter, from the first quarter of last financial year to the last that ended.
    quarters = FinancialQuarter.range(
        FinancialYear.containing(today).previous().quarters()[0],
        FinancialQuarter.current(today).previous(),
    )
    reports = []
    author = users["officer"]
    for slug, (well, concerns, asks) in REPORT_TEXT.items():
        group = groups[slug]
        outcomes = list(
            apps.get_model("strategy", "Outcome")
            .objects.filter(lead_group=group)
            .values_list("pk", flat=True)
        )
        kpis = list(
            apps.get_model("performance", "Kpi")
            .objects.filter(subgroup=group)
            .values_list("pk", flat=True)[:4]
        )
        for quarter in quarters:
            report = upsert(
                HighlightReport,
                {"group": group, "quarter": quarter},
                {
                    "went_well": well,
                    "concerns": concerns,
                    "asks": asks,
                    "author": author
                    if slug != "corporate-parenting-delivery-group"
                    else users["performance"],
                    "status": HighlightReport.Status.SUBMITTED,
                },
            )
            if set(report.outcomes.values_list("pk", flat=True)) != set(outcomes):
                report.outcomes.set(outcomes)
            if set(report.kpis.values_list("pk", flat=True)) != set(kpis):
                report.kpis.set(kpis)
            reports.append(report)
    return reports


CHALLENGES = (
    # (kpi code or None for a report, question, owner, days ago, answer)
    (
        "CLA-IHA-20WD",
        "Initial health assessments have been below target for a year. What is different in the "
        "new plan, and when will we see the figure move?",
        "officer",
        40,
        "Health colleagues now book the assessment on the day the child comes into care, and a "
        "weekly tracker goes to the Head of Service. We expect 70% by the end of next quarter.",
    ),
    (
        "CL-SUIT-ACC",
        "Why has suitable accommodation for care leavers slipped for a fourth quarter?",
        "officer",
        12,
        "",
    ),
    (
        "CLA-DENTAL",
        "How many children are waiting more than three months for a dentist?",
        "performance",
        5,
        "",
    ),
    (
        None,
        "The Housing sub-group asks for two ring-fenced flats: what would that cost, and who "
        "decides?",
        "officer",
        30,
        "About 18,000 pounds a year in rent guarantees; the Housing portfolio holder decides, and "
        "has agreed to take it to the next Cabinet.",
    ),
    (
        "CL-EET",
        "Fewer care leavers aged 19 to 21 are in education, employment or training than last "
        "year. Which of the council's own services take care leaver apprentices?",
        "performance",
        420,
        "Four services took an apprentice last year. The Chief Executive has asked every "
        "director to offer at least one ring-fenced place this year.",
    ),
    (
        "CLA-PL-20MI",
        "Why are more children living more than 20 miles from home, and how many of them chose to?",
        "officer",
        330,
        "Eleven children moved out of the borough in the quarter; three of them to stay with "
        "relatives. The rest went where a home could be found, which is why the Board's second "
        "children's home matters.",
    ),
    (
        "SW-VACANCY",
        "Is the recruitment and retention offer making a difference to social worker vacancies?",
        "performance",
        240,
        "Vacancies fell from 21% to 18% in six months, and fewer social workers left. Agency "
        "cover is still one post in five.",
    ),
)


def _challenges(board, users, reports, today) -> int:
    housing_report = next((r for r in reversed(reports) if r.group.slug == "housing"), None)
    # Read by name: subgroups imports neither performance nor strategy.
    kpis = apps.get_model("performance", "Kpi").objects
    count = 0
    for code, question, owner, days_ago, answer in CHALLENGES:
        subject = kpis.filter(code=code).first() if code else housing_report
        if subject is None:
            continue
        content_type = ContentType.objects.get_for_model(subject)
        raised_on = today - datetime.timedelta(days=days_ago)
        upsert(
            Challenge,
            {"content_type": content_type, "object_id": subject.pk, "question": question},
            {
                "group": board,
                "subject_label": subject_label(subject),
                "raised_by": users["councillor"],
                "raised_on": raised_on,
                "owner": users[owner],
                "due_on": raised_on + datetime.timedelta(days=28),
                "answer": answer,
                "answered_by": users[owner] if answer else None,
                "answered_on": raised_on + datetime.timedelta(days=20) if answer else None,
            },
        )
        count += 1
    return count
