"""The subgroups app's part of the permission table; see access.py for what each cell means.

The matrix's councillor, secretary and young person sit on the Board; the officer is the lead
officer of the matrix's sub-group. A Board meeting carries an open item and a restricted one
with a paper: the restricted item's title, paper and minutes must reach only the Board's
members who are not young people (the councillor and the secretary), never the officer, the
performance lead or the administrator, who are not members.

Aligned by hand like the main table (ruff's formatter is off for it)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from subgroups import selectors
from subgroups.demo import minimal_pdf
from subgroups.models import (
    AgendaItem,
    Attendance,
    CalendarFeed,
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
from subgroups.services import subject_label
from tests.permissions.access import LOGIN, NO, OK, POST_ONLY, Access, Demo, Part

RESTRICTED = "Matrix restricted item: placement provider dispute"
RESTRICTED_MINUTES = "Matrix restricted minutes: the provider's figures were discussed."
PAPER_TEXT = "MATRIX-PAPER-SENTINEL"
OPEN_ITEM = "Matrix open item: the pledge refresh"
PLAN_THEME = "Matrix theme: health"
PLANNED_REPORT = "Matrix planned report the officer owes"
PLANNED_RESTRICTED = "Matrix planned restricted deep dive"


def load(demo: Demo) -> None:
    """A Board meeting with an open and a restricted item, members, an action, a challenge,
    a highlight report, a "You said, we did" entry and a calendar feed."""
    users = demo.users
    since = datetime.date(2024, 1, 1)
    for slug, role in (
        ("councillor", Membership.Role.CHAIR),
        ("board-secretary", Membership.Role.SECRETARY),
        ("young-person", Membership.Role.YOUNG_PERSON),
    ):
        Membership.objects.create(group=demo.board, user=users[slug], role=role, starts_on=since)
    partner = Membership.objects.create(
        group=demo.board,
        name="Matrix partner",
        organisation="Matrix NHS trust",
        role=Membership.Role.PARTNER,
        starts_on=since,
    )
    Membership.objects.create(
        group=demo.subgroup,
        user=users["officer"],
        role=Membership.Role.LEAD_OFFICER,
        starts_on=since,
    )
    starts_at = timezone.now() + datetime.timedelta(days=20)
    meeting = Meeting.objects.create(
        group=demo.board,
        starts_at=starts_at.replace(microsecond=0),
        place="Matrix Room 7",
    )
    open_item = AgendaItem.objects.create(
        meeting=meeting, position=1, title=OPEN_ITEM, minutes="Matrix open minutes."
    )
    restricted = AgendaItem(
        meeting=meeting,
        position=2,
        title=RESTRICTED,
        is_restricted=True,
        minutes=RESTRICTED_MINUTES,
        paper_name="dispute.pdf",
    )
    restricted.paper.save(
        "dispute.pdf",
        SimpleUploadedFile("dispute.pdf", minimal_pdf("Dispute", [PAPER_TEXT])),
        save=False,
    )
    restricted.save()
    action = MeetingAction.objects.create(
        group=demo.board,
        raised_at=meeting,
        description="Matrix action: visit two homes",
        owner=users["officer"],
        due_on=datetime.date(2030, 1, 31),
    )
    challenge = Challenge.objects.create(
        group=demo.board,
        content_type_id=_kpi_type(demo),
        object_id=demo.kpi.pk,
        subject_label=subject_label(demo.kpi),
        question="Matrix challenge: why the dip?",
        raised_by=users["councillor"],
        owner=users["officer"],
        due_on=datetime.date(2030, 1, 1),
    )
    report = HighlightReport.objects.create(
        group=demo.subgroup,
        quarter=FinancialQuarter.parse("2024-25 Q1"),
        went_well="Matrix report: the council met monthly.",
        author=users["officer"],
    )
    you_said = YouSaidWeDid.objects.create(
        source=YouSaidWeDid.Source.SURVEY,
        raised_on=datetime.date(2024, 5, 1),
        you_said="Matrix: we want more say in our reviews.",
    )
    feed = CalendarFeed.objects.create(user=users["young-person"])
    today = timezone.localdate()
    plan = PlannedMeeting.objects.create(
        group=demo.board, planned_for=today + datetime.timedelta(days=40), theme=PLAN_THEME
    )
    later = PlannedMeeting.objects.create(
        group=demo.board, planned_for=today + datetime.timedelta(days=130), theme="Matrix later"
    )
    planned_report = PlannedItem.objects.create(
        planned_meeting=plan,
        kind=PlannedItem.Kind.REPORT,
        title=PLANNED_REPORT,
        officer=users["officer"],
        paper_due_on=today + datetime.timedelta(days=30),
    )
    planned_restricted = PlannedItem.objects.create(
        planned_meeting=plan,
        kind=PlannedItem.Kind.DEEP_DIVE,
        title=PLANNED_RESTRICTED,
        kpi_code="CLA-IHA",
        is_restricted=True,
    )
    demo.extra.update(
        plan=plan,
        later_plan=later,
        planned_report=planned_report,
        planned_restricted=planned_restricted,
        meeting=meeting,
        open_item=open_item,
        restricted=restricted,
        action=action,
        challenge=challenge,
        report=report,
        you_said=you_said,
        feed=feed,
        partner=partner,
    )


def _kpi_type(demo: Demo) -> int:
    return ContentType.objects.get_for_model(demo.kpi).pk


def _x(demo: Demo, name: str):
    return demo.extra[name]


def _meeting_url(demo: Demo) -> str:
    return _x(demo, "meeting").get_absolute_url()


def _meeting_kwargs(demo: Demo) -> dict:
    return {"pk": _x(demo, "meeting").pk}


def _meeting_form(demo: Demo) -> dict:
    return {
        "group": demo.board.pk,
        "day": "14/05/2031",
        "time": "18:00",
        "place": "Matrix Hall",
        "status": "planned",
        "seen_change": "",
    }


def _meetings(demo: Demo) -> dict:
    return {m.pk: (m.place, m.starts_at, m.status, m.feedback) for m in Meeting.objects.all()}


def _items(demo: Demo) -> dict:
    return {
        i.pk: (i.title, i.position, i.minutes, i.is_restricted, i.paper.name)
        for i in AgendaItem.objects.all()
    }


def _paper_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("agenda.pdf", minimal_pdf("Agenda", ["Matrix upload"]))


def _attendance_form(demo: Demo) -> dict:
    members = selectors.meeting_members(_x(demo, "meeting"))
    form = {"form-TOTAL_FORMS": str(len(members)), "form-INITIAL_FORMS": "0"}
    return form | {f"form-{i}-status": "present" for i in range(len(members))}


def _attendance(demo: Demo) -> dict:
    return dict(Attendance.objects.values_list("membership", "status"))


def _minutes_form(demo: Demo) -> dict:
    # The open item only: everyone allowed to write minutes may see it.
    item = AgendaItem.objects.get(title=OPEN_ITEM)
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-item_id": str(item.pk),
        "form-0-seen_change": str(item.history.latest("history_id").history_id),
        "form-0-minutes": "Changed by the permission matrix.",
        "form-0-decisions": "",
    }


def _actions(demo: Demo) -> dict:
    return {a.pk: (a.description, a.status, a.progress) for a in MeetingAction.objects.all()}


def _action_form(demo: Demo) -> dict:
    return {
        "description": "Raised by the permission matrix",
        "owner": demo.users["officer"].pk,
        "owner_name": "",
        "agenda_item": "",
        "due_on": "01/02/2031",
        "seen_change": "",
    }


def _action_update(demo: Demo) -> dict:
    return {
        "status": "closed",
        "progress": "Done, says the matrix.",
        "due_on": "31/01/2030",
        "closed_at": _x(demo, "meeting").pk,
        "seen_change": "",
    }


def _challenges(demo: Demo) -> dict:
    return {c.pk: (c.question, c.answer) for c in Challenge.objects.all()}


def _challenge_form(demo: Demo) -> dict:
    return {
        "subject": f"performance.kpi:{demo.kpi.pk}",
        "question": "Raised by the matrix",
        "owner": demo.users["officer"].pk,
        "due_on": (timezone.localdate() + datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
    }


def _reports(demo: Demo) -> dict:
    return {r.pk: (str(r.quarter), r.went_well, r.status) for r in HighlightReport.objects.all()}


def _report_form(demo: Demo, quarter: str = "2023-24 Q1") -> dict:
    return {
        "quarter": quarter,
        "went_well": "Written by the permission matrix.",
        "concerns": "",
        "asks": "",
        "status": "draft",
        "seen_change": "",
    }


def _you_said(demo: Demo) -> dict:
    return {y.pk: (y.you_said, y.we_did, y.status) for y in YouSaidWeDid.objects.all()}


def _you_said_form(demo: Demo) -> dict:
    return {
        "source": "survey",
        "raised_on": "01/06/2024",
        "you_said": "Matrix: more trips.",
        "we_did": "Matrix: we booked two.",
        "status": "done",
        "told_on": "",
        "meeting": "",
        "seen_change": "",
    }


def _members(demo: Demo) -> dict:
    return {m.pk: (m.role, m.name, m.ends_on) for m in Membership.objects.all()}


def _member_form(demo: Demo) -> dict:
    return {
        "user": "",
        "name": "Matrix carer",
        "organisation": "Foster carers' association",
        "role": "carer",
        "theme": "",
        "starts_on": "01/04/2024",
        "ends_on": "",
    }


def _feeds(demo: Demo) -> dict:
    return dict(CalendarFeed.objects.values_list("user", "token"))


def _plans(demo: Demo) -> dict:
    return {p.pk: (str(p.planned_for), p.theme) for p in PlannedMeeting.objects.all()}


def _planned_items(demo: Demo) -> dict:
    return {
        i.pk: (i.title, i.planned_meeting_id, i.is_restricted) for i in PlannedItem.objects.all()
    }


def _declarations(demo: Demo) -> dict:
    return {d.pk: (d.membership_id, d.interest) for d in Declaration.objects.all()}


def _plan_url(demo: Demo, name: str = "plan") -> str:
    return _x(demo, name).get_absolute_url()


def _latest(model) -> str:
    return model.objects.latest("pk").get_absolute_url()


_PLANNED_PARTS = (
    Part(
        "restricted planned item", lambda demo: PLANNED_RESTRICTED, (LOGIN, OK, NO, NO, OK, NO, NO)
    ),
)
_RESTRICTED_PARTS = (
    Part("restricted item", lambda demo: RESTRICTED, (LOGIN, OK, NO, NO, OK, NO, NO)),
    Part("restricted minutes", lambda demo: RESTRICTED_MINUTES, (LOGIN, OK, NO, NO, OK, NO, NO)),
)

# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "subgroups:meeting-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: "Matrix Room 7",
    ),
    "subgroups:meeting-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: OPEN_ITEM,
        parts=_RESTRICTED_PARTS,
    ),
    "subgroups:meeting-create": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "Arrange a meeting",
        payload=_meeting_form,
        state=_meetings,
        redirects_to=lambda demo: _latest(Meeting),
    ),
    "subgroups:meeting-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: "Matrix Room 7",
        payload=_meeting_form,
        state=_meetings,
        redirects_to=_meeting_url,
    ),
    "subgroups:meeting-feedback": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: "What we told you after the meeting",
        payload=lambda demo: {"feedback": "We listened, says the matrix.",
                              "feedback_given_on": "", "seen_change": ""},
        state=_meetings,
        redirects_to=_meeting_url,
    ),
    "subgroups:item-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: "Add an agenda item",
        payload=lambda demo: {"title": "Added by the matrix", "presenter": "",
                              "upload": _paper_upload()},
        state=_items,
        redirects_to=_meeting_url,
    ),
    "subgroups:item-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        kwargs=lambda demo: {"pk": _x(demo, "restricted").pk},
        sentinel=lambda demo: RESTRICTED,
        payload=lambda demo: {"title": RESTRICTED + " (renamed)", "presenter": "",
                              "is_restricted": "on"},
        state=_items,
        redirects_to=_meeting_url,
    ),
    "subgroups:item-move": Access(
        get=          (LOGIN,     NO,        NO,        NO,        POST_ONLY, NO,        POST_ONLY),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "open_item").pk},
        sentinel=lambda demo: OPEN_ITEM,
        payload=lambda demo: {"direction": "down"},
        state=_items,
        redirects_to=lambda demo: _meeting_url(demo) + "#agenda",
    ),
    "subgroups:paper-download": Access(
        get=          (LOGIN,     OK,        NO,        NO,        OK,        NO,        NO),
        kwargs=lambda demo: {"pk": _x(demo, "restricted").pk},
        sentinel=lambda demo: PAPER_TEXT,
    ),
    "subgroups:attendance": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: "Matrix partner",
        payload=_attendance_form,
        state=_attendance,
        redirects_to=lambda demo: _meeting_url(demo) + "#attendance",
    ),
    "subgroups:minutes": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: OPEN_ITEM,
        parts=(
            Part("restricted minutes", lambda demo: RESTRICTED_MINUTES,
                      (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO)),
        ),
        payload=_minutes_form,
        state=_items,
        redirects_to=_meeting_url,
    ),
    "subgroups:action-raise": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: "Add an action",
        payload=_action_form,
        state=_actions,
        redirects_to=lambda demo: _meeting_url(demo) + "#actions",
    ),
    "subgroups:action-edit": Access(
        get=          (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "action").pk},
        sentinel=lambda demo: _x(demo, "action").description,
        payload=_action_update,
        state=_actions,
        redirects_to=_meeting_url,
    ),
    "subgroups:action-log": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        sentinel=lambda demo: _x(demo, "action").description,
    ),
    "subgroups:challenge-log": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        sentinel=lambda demo: _x(demo, "challenge").question,
    ),
    "subgroups:challenge-raise": Access(
        get=          (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: demo.kpi.title,
        payload=_challenge_form,
        state=_challenges,
        redirects_to=lambda demo: demo.kpi.get_absolute_url(),
    ),
    "subgroups:challenge-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "challenge").pk},
        sentinel=lambda demo: _x(demo, "challenge").question,
    ),
    "subgroups:challenge-answer": Access(
        get=          (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "challenge").pk},
        sentinel=lambda demo: _x(demo, "challenge").question,
        payload=lambda demo: {"answer": "Answered by the matrix.", "seen_change": ""},
        state=_challenges,
        redirects_to=lambda demo: _x(demo, "challenge").get_absolute_url(),
    ),
    "subgroups:report-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "report").pk},
        sentinel=lambda demo: _x(demo, "report").went_well,
        parts=(
            Part("challenges", lambda demo: "Raise a challenge",
                      (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK)),
        ),
    ),
    "subgroups:report-create": Access(
        get=          (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"slug": demo.subgroup.slug},
        sentinel=lambda demo: "Write a highlight report",
        payload=_report_form,
        state=_reports,
        redirects_to=lambda demo: _latest(HighlightReport),
    ),
    "subgroups:report-edit": Access(
        get=          (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        OK,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "report").pk},
        sentinel=lambda demo: _x(demo, "report").went_well,
        payload=lambda demo: _report_form(demo, "2024-25 Q1"),
        state=_reports,
        redirects_to=lambda demo: _x(demo, "report").get_absolute_url(),
    ),
    "subgroups:you-said": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: _x(demo, "you_said").you_said,
    ),
    "subgroups:you-said-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "Add to You said, we did",
        payload=_you_said_form,
        state=_you_said,
        redirects_to=lambda demo: reverse("subgroups:you-said"),
    ),
    "subgroups:you-said-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "you_said").pk},
        sentinel=lambda demo: _x(demo, "you_said").you_said,
        payload=_you_said_form,
        state=_you_said,
        redirects_to=lambda demo: reverse("subgroups:you-said"),
    ),
    "subgroups:calendar-feed": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: "Your calendar address",
    ),
    "subgroups:calendar-renew": Access(
        get=          (LOGIN,     POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
        post=         (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        payload=lambda demo: {},
        state=_feeds,
        redirects_to=lambda demo: reverse("subgroups:calendar-feed"),
    ),
    # The secret address is the credential: a calendar app asks without signing in. This is
    # the young person's feed, so the Board's restricted item must not be in it for anyone.
    "subgroups:calendar-ics": Access(
        public=True,
        get=          (OK,        OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"token": _x(demo, "feed").token},
        sentinel=lambda demo: "Matrix Room 7",
        parts=(
            Part("restricted item", lambda demo: RESTRICTED,
                      (NO,        NO,        NO,        NO,        NO,        NO,        NO)),
        ),
    ),
    "subgroups:search": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: "Search meetings",
    ),
    "subgroups:member-list": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"slug": demo.board.slug},
        sentinel=lambda demo: "Matrix partner",
    ),
    "subgroups:member-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"slug": demo.board.slug},
        sentinel=lambda demo: "Add a member",
        payload=_member_form,
        state=_members,
        redirects_to=lambda demo: reverse("subgroups:member-list", args=[demo.board.slug]),
    ),
    "subgroups:member-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "partner").pk},
        sentinel=lambda demo: "Matrix partner",
        payload=lambda demo: _member_form(demo) | {"name": "Matrix partner",
                                                   "ends_on": "31/03/2025"},
        state=_members,
        redirects_to=lambda demo: reverse("subgroups:member-list", args=[demo.board.slug]),
    ),
    "subgroups:work-plan-all": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: PLAN_THEME,
        parts=_PLANNED_PARTS,
    ),
    "subgroups:work-plan": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=lambda demo: {"slug": demo.board.slug},
        sentinel=lambda demo: PLAN_THEME,
        parts=_PLANNED_PARTS,
    ),
    "subgroups:papers-owed": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: "Papers you owe",
        parts=(
            Part("the officer's paper", lambda demo: PLANNED_REPORT,
                      (LOGIN,     NO,        OK,        NO,        NO,        NO,        NO)),
        ),
    ),
    "subgroups:planned-meeting-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"slug": demo.board.slug},
        sentinel=lambda demo: "Plan a meeting",
        payload=lambda demo: {"planned_for": "01/03/2031", "theme": "Matrix added"},
        state=_plans,
        redirects_to=lambda demo: _latest(PlannedMeeting),
    ),
    "subgroups:planned-meeting-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "plan").pk},
        sentinel=lambda demo: PLAN_THEME,
        payload=lambda demo: {"planned_for": "02/03/2031", "theme": "Matrix changed",
                              "seen_change": ""},
        state=_plans,
        redirects_to=_plan_url,
    ),
    "subgroups:planned-item-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "plan").pk},
        sentinel=lambda demo: "Plan an item",
        payload=lambda demo: {"kind": "standing", "title": "Matrix standing item",
                              "seen_change": ""},
        state=_planned_items,
        redirects_to=_plan_url,
    ),
    "subgroups:planned-item-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        NO),
        kwargs=lambda demo: {"pk": _x(demo, "planned_restricted").pk},
        sentinel=lambda demo: PLANNED_RESTRICTED,
        payload=lambda demo: {"kind": "deep-dive", "title": PLANNED_RESTRICTED + " (renamed)",
                              "kpi_code": "CLA-IHA", "is_restricted": "on", "seen_change": ""},
        state=_planned_items,
        redirects_to=_plan_url,
    ),
    "subgroups:planned-item-move": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "planned_report").pk},
        sentinel=lambda demo: PLANNED_REPORT,
        payload=lambda demo: {"to": _x(demo, "later_plan").pk},
        state=_planned_items,
        redirects_to=lambda demo: _plan_url(demo, "later_plan"),
    ),
    "subgroups:declaration-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_meeting_kwargs,
        sentinel=lambda demo: "Record a declaration of interest",
        payload=lambda demo: {"agenda_item": _x(demo, "open_item").pk,
                              "membership": _x(demo, "partner").pk, "kind": "pecuniary",
                              "interest": "Matrix: a relative works for a provider."},
        state=_declarations,
        redirects_to=lambda demo: _meeting_url(demo) + "#agenda",
    ),
}
# fmt: on
