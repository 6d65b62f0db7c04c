"""The part of the permission table for the Board's oversight pages (visits, inspections,
member development) and the alerts page; see access.py for what each cell means.

The matrix's councillor (the Board's chair) goes on a visit whose report is still a draft:
only the councillor, the secretary and the administrator (who may run meetings) read it.
An inspection has a recommendation owned by the officer, whose name young people never see.
Who still needs training is for the secretary (and the administrator).

Aligned by hand like the main table (ruff's formatter is off for it)."""

import datetime

from django.utils import timezone

from alerts.models import AlertPreference, Kind
from subgroups import services
from subgroups.models import (
    Inspection,
    MeetingAction,
    Membership,
    TrainingCourse,
    TrainingSession,
    Visit,
)
from tests.permissions.access import LOGIN, NO, OK, Access, Demo, Part

VISIT = "Matrix Draft Home"
DRAFT = "Matrix draft: the lounge needs new sofas."
INSPECTION = "Matrix Fostering Agency"
COURSE = "Matrix safeguarding course"
REPORT_URL = "https://reports.ofsted.gov.uk/provider/26/1234567"


def load(demo: Demo) -> None:
    """A visit with a draft report, an inspection with a recommendation, a course with a
    session the councillor attended."""
    users = demo.users
    councillor, secretary = users["councillor"], users["board-secretary"]
    visit = services.visit_plan(
        changed_by=councillor,
        visitors=[councillor],
        group=demo.board,
        service=Visit.Service.CHILDRENS_HOME,
        service_name=VISIT,
        place="Matrix Road",
        visit_on=timezone.localdate(),
    )
    services.visit_report_save(visit=visit, changed_by=councillor, share=False, went_well=DRAFT)
    inspection = services.inspection_log(
        changed_by=secretary,
        kind=Inspection.Kind.FOSTERING,
        provision=Inspection.Provision.COMMISSIONED,
        service_name=INSPECTION,
        inspected_on=timezone.localdate() - datetime.timedelta(days=5),
        judgement="requires-improvement",
        report_url=REPORT_URL,
    )
    services.recommendation_add(
        inspection=inspection,
        changed_by=secretary,
        description="Matrix recommendation: out-of-hours support.",
        owner=users["officer"],
        due_on=datetime.date(2030, 1, 1),
    )
    course = services.training_course_save(
        changed_by=secretary, name=COURSE, required_for=["chair", "partner"]
    )
    chair = Membership.objects.get(group=demo.board, user=councillor)
    session = services.training_session_save(
        changed_by=secretary,
        course=course,
        held_on=timezone.localdate(),
        place="Matrix Room 9",
        attendees=[chair],
    )
    demo.extra.update(
        visit=visit, inspection=inspection, course=course, session=session, chair=chair
    )


def _x(demo: Demo, name: str):
    return demo.extra[name]


def _visit_url(demo: Demo) -> str:
    return _x(demo, "visit").get_absolute_url()


def _visit_kwargs(demo: Demo) -> dict:
    return {"pk": _x(demo, "visit").pk}


def _inspection_kwargs(demo: Demo) -> dict:
    return {"pk": _x(demo, "inspection").pk}


def _inspection_url(demo: Demo) -> str:
    return _x(demo, "inspection").get_absolute_url()


def _visits(demo: Demo) -> dict:
    return {
        v.pk: (v.service_name, v.place, v.status, v.went_well, v.report_status)
        for v in Visit.objects.all()
    }


def _visit_form(demo: Demo, **extra) -> dict:
    return {
        "group": demo.board.pk,
        "service": "virtual-school",
        "service_name": "Matrix Virtual School",
        "place": "Matrix offices",
        "visit_on": "14/01/2031",
        "visitors": [demo.users["councillor"].pk, demo.users["board-secretary"].pk],
        "seen_change": "",
        **extra,
    }


def _actions(demo: Demo) -> dict:
    return {a.pk: (a.description, a.visit_id, a.inspection_id) for a in MeetingAction.objects.all()}


def _action_form(demo: Demo) -> dict:
    return {
        "description": "Added by the permission matrix.",
        "owner": demo.users["officer"].pk,
        "owner_name": "",
        "due_on": "01/02/2031",
    }


def _inspections(demo: Demo) -> dict:
    return {i.pk: (i.service_name, i.judgement, i.report_url) for i in Inspection.objects.all()}


def _inspection_form(demo: Demo) -> dict:
    return {
        "kind": "childrens-home",
        "provision": "own",
        "service_name": "Matrix Children's Home",
        "inspected_on": "01/06/2024",
        "published_on": "",
        "judgement": "good",
        "children_in_care_judgement": "",
        "care_leavers_judgement": "",
        "report_url": REPORT_URL,
        "summary": "",
        "seen_change": "",
    }


def _training(demo: Demo) -> dict:
    sessions = {
        ("session", s.pk): (s.course_id, s.place, sorted(a.pk for a in s.attendees.all()))
        for s in TrainingSession.objects.all()
    }
    courses = {
        ("course", c.pk): (c.name, c.required_for, c.renew_after_months)
        for c in TrainingCourse.objects.all()
    }
    return sessions | courses


def _session_form(demo: Demo) -> dict:
    return {
        "course": _x(demo, "course").pk,
        "held_on": "01/06/2026",
        "place": "Matrix Room 10",
        "led_by": "",
        "attendees": [_x(demo, "chair").pk],
        "seen_change": "",
    }


def _course_form(demo: Demo) -> dict:
    return {
        "name": "Matrix data briefing",
        "description": "",
        "required_for": ["chair"],
        "renew_after_months": "12",
        "seen_change": "",
    }


def _preferences(demo: Demo) -> dict:
    return {(p.user_id, p.kind): p.delivery for p in AlertPreference.objects.all()}


# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "subgroups:visit-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: VISIT,
        parts=(
            Part("who visited what", lambda demo: "Who has visited what",
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "subgroups:visit-plan": Access(
        get=          (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "Plan a visit",
        payload=_visit_form,
        state=_visits,
        redirects_to=lambda demo: Visit.objects.latest("pk").get_absolute_url(),
    ),
    "subgroups:visit-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=_visit_kwargs,
        sentinel=lambda demo: VISIT,
        parts=(
            Part("draft report", lambda demo: DRAFT,
                      (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK)),
        ),
    ),
    "subgroups:visit-edit": Access(
        get=          (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        kwargs=_visit_kwargs,
        sentinel=lambda demo: VISIT,
        payload=lambda demo: _visit_form(demo, status="visited"),
        state=_visits,
        redirects_to=_visit_url,
    ),
    "subgroups:visit-report": Access(
        get=          (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        kwargs=_visit_kwargs,
        sentinel=lambda demo: DRAFT,
        payload=lambda demo: {"went_well": "Shared by the matrix.", "worries": "",
                              "voices": "", "share": "on", "seen_change": ""},
        state=_visits,
        redirects_to=_visit_url,
    ),
    "subgroups:visit-action": Access(
        get=          (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     OK,        NO,        NO,        OK,        NO,        OK),
        kwargs=_visit_kwargs,
        sentinel=lambda demo: VISIT,
        payload=_action_form,
        state=_actions,
        redirects_to=_visit_url,
    ),
    "subgroups:inspection-list": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: INSPECTION,
    ),
    "subgroups:inspection-log": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "Log an inspection",
        payload=_inspection_form,
        state=_inspections,
        redirects_to=lambda demo: Inspection.objects.latest("pk").get_absolute_url(),
    ),
    "subgroups:inspection-detail": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        kwargs=_inspection_kwargs,
        sentinel=lambda demo: INSPECTION,
        parts=(
            Part("staff names", lambda demo: demo.users["officer"].get_full_name(),
                      (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK)),
        ),
    ),
    "subgroups:inspection-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_inspection_kwargs,
        sentinel=lambda demo: INSPECTION,
        payload=_inspection_form,
        state=_inspections,
        redirects_to=_inspection_url,
    ),
    "subgroups:recommendation-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=_inspection_kwargs,
        sentinel=lambda demo: INSPECTION,
        payload=_action_form,
        state=_actions,
        redirects_to=_inspection_url,
    ),
    "subgroups:training": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        NO,        OK),
        sentinel=lambda demo: COURSE,
        parts=(
            Part("who is due", lambda demo: "Who still needs training",
                      (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK)),
        ),
    ),
    "subgroups:training-session-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "Record a training session",
        payload=_session_form,
        state=_training,
        redirects_to=lambda demo: "/board/training/",
    ),
    "subgroups:training-session-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "session").pk},
        sentinel=lambda demo: "Matrix Room 9",
        payload=_session_form,
        state=_training,
        redirects_to=lambda demo: "/board/training/",
    ),
    "subgroups:training-course-add": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        sentinel=lambda demo: "Add a course",
        payload=_course_form,
        state=_training,
        redirects_to=lambda demo: "/board/training/",
    ),
    "subgroups:training-course-edit": Access(
        get=          (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        post=         (LOGIN,     NO,        NO,        NO,        OK,        NO,        OK),
        kwargs=lambda demo: {"pk": _x(demo, "course").pk},
        sentinel=lambda demo: COURSE,
        payload=_course_form,
        state=_training,
        redirects_to=lambda demo: "/board/training/",
    ),
    "alerts:preferences": Access(
        get=          (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        post=         (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        sentinel=lambda demo: "Your e-mail alerts",
        payload=lambda demo: {kind: "immediately" for kind in Kind.values},
        state=_preferences,
        redirects_to=lambda demo: "/alerts/",
    ),
}
# fmt: on
