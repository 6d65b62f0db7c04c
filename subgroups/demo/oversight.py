"""Demo data of the Board's oversight (oversight.json): champion roles, six visits with their
reports and actions and one planned, three inspections with their recommendations, and
training courses with sessions that every member of the Board attended. Written through
`subgroups.services` by the demo people, only where it differs from what is stored, so a
second run changes nothing. Dates are counted back from `today`."""

import datetime
from pathlib import Path

from django.conf import settings

from cpboard.demo import DemoDataError, changes, read, rows
from subgroups import services
from subgroups.models import (
    BoardGroup,
    Inspection,
    Membership,
    TrainingCourse,
    TrainingSession,
    Visit,
)

DATA = Path(__file__).parent
PATH = DATA / "oversight.json"


def _board_members(board: BoardGroup, users: dict) -> dict[str, Membership]:
    """The Board's current seats by who holds them: a demo username, a partner's key in
    members.json, or the name of someone without an account."""
    partners = {key: p["name"] for key, p in read(DATA / "members.json")["partners"].items()}
    by_name = {}
    for membership in Membership.objects.current().filter(group=board).select_related("user"):
        if membership.user_id:
            by_name.setdefault(membership.user.username, membership)
        else:
            by_name.setdefault(membership.name, membership)
    for key, name in partners.items():
        if name in by_name:
            by_name[key] = by_name[name]
    return by_name


def load_demo_champions(board: BoardGroup, secretary) -> None:
    """The Board's champions without an account (oversight.json), seated with the other
    members, before the meetings whose attendance counts them."""
    content = read(PATH)
    existing = {m.name: m for m in Membership.objects.filter(group=board, user__isnull=True)}
    for _row, spec in rows(PATH, content["champions"]):
        values = {
            "role": Membership.Role.CHAMPION,
            "theme": spec["theme"],
            "organisation": settings.COUNCIL_NAME,
        }
        seat = existing.get(spec["name"])
        if seat is None:
            services.membership_create(
                group=board,
                changed_by=secretary,
                name=spec["name"],
                starts_on=datetime.date(2023, 7, 1),
                **values,
            )
        elif changed := changes(seat, values):
            services.membership_update(membership=seat, changed_by=secretary, **changed)


def _follow_ups(row, specs: list[dict], existing, users: dict, raise_one, today) -> int:
    known = {action.description for action in existing}
    added = 0
    for spec in specs:
        if spec["description"] in known:
            continue
        owner = row.find(users, spec["owner"], "person")
        raise_one(
            description=spec["description"],
            owner=owner,
            owner_name="",
            due_on=today + datetime.timedelta(days=spec["due_in_days"]),
        )
        added += 1
    return added


def _visits(board: BoardGroup, content: dict, users: dict, today) -> int:
    existing = {(v.service_name, v.visit_on): v for v in Visit.objects.filter(group=board)}
    count = 0
    for row, spec in rows(PATH, content["visits"]):
        visit_on = today - datetime.timedelta(days=spec["days_ago"])
        visitors = [row.find(users, who, "person") for who in spec["visitors"]]
        planner = visitors[0]
        visit = existing.get((spec["service_name"], visit_on))
        plan = {
            "group": board,
            "service": spec["service"],
            "service_name": spec["service_name"],
            "place": spec["place"],
            "visit_on": visit_on,
        }
        if spec["service"] not in Visit.Service.values:
            raise row.error(f"unknown service {spec['service']!r}")
        if visit is None:
            visit = services.visit_plan(changed_by=planner, visitors=visitors, **plan)
        count += 1
        if spec.get("planned"):
            continue
        report = {key: spec[key] for key in ("went_well", "worries", "voices")}
        if not visit.report_is_shared or changes(visit, report):
            services.visit_report_save(visit=visit, changed_by=planner, share=True, **report)
        _follow_ups(
            row,
            spec["actions"],
            visit.actions.all(),
            users,
            lambda visit=visit, planner=planner, **fields: services.visit_action_raise(
                visit=visit, changed_by=planner, **fields
            ),
            today,
        )
    return count


def _inspections(content: dict, users: dict, today, secretary) -> int:
    existing = {(i.service_name, i.inspected_on): i for i in Inspection.objects.all()}
    for row, spec in rows(PATH, content["inspections"]):
        inspected_on = today - datetime.timedelta(days=spec["days_ago"])
        name = spec["service_name"].replace("{council}", settings.COUNCIL_NAME)
        values = {
            "kind": spec["kind"],
            "provision": spec["provision"],
            "service_name": name,
            "inspected_on": inspected_on,
            "published_on": inspected_on + datetime.timedelta(days=spec["published_after_days"]),
            "judgement": spec["judgement"],
            "children_in_care_judgement": spec.get("children_in_care_judgement", ""),
            "care_leavers_judgement": spec.get("care_leavers_judgement", ""),
            "report_url": spec["report_url"],
            "summary": spec["summary"],
        }
        inspection = existing.get((name, inspected_on))
        if inspection is None:
            inspection = services.inspection_log(changed_by=secretary, **values)
        elif changed := changes(inspection, values):
            services.inspection_update(inspection=inspection, changed_by=secretary, **changed)
        _follow_ups(
            row,
            spec["recommendations"],
            inspection.recommendations.all(),
            users,
            lambda inspection=inspection, **fields: services.recommendation_add(
                inspection=inspection, changed_by=secretary, **fields
            ),
            today,
        )
    return len(content["inspections"])


def _training(board: BoardGroup, content: dict, users: dict, today, secretary) -> int:
    courses = {c.name: c for c in TrainingCourse.objects.all()}
    for position, (row, spec) in enumerate(rows(PATH, content["courses"])):
        unknown = set(spec["required_for"]) - set(Membership.Role.values)
        if unknown:
            raise row.error(f"unknown seats {sorted(unknown)}")
        values = {
            "description": spec["description"],
            "required_for": spec["required_for"],
            "renew_after_months": spec["renew_after_months"],
            "position": position,
        }
        course = courses.get(spec["name"])
        if course is None:
            courses[spec["name"]] = services.training_course_save(
                changed_by=secretary, name=spec["name"], **values
            )
        elif changed := changes(course, values):
            services.training_course_save(course=course, changed_by=secretary, **changed)
    members = _board_members(board, users)
    sessions = {(s.course_id, s.held_on): s for s in TrainingSession.objects.all()}
    for row, spec in rows(PATH, content["sessions"]):
        course = row.find(courses, spec["course"], "course")
        held_on = today - datetime.timedelta(days=spec["days_ago"])
        attendees = [row.find(members, who, "member of the Board") for who in spec["attendees"]]
        values = {"place": spec["place"], "led_by": spec["led_by"]}
        session = sessions.get((course.pk, held_on))
        if session is None:
            services.training_session_save(
                changed_by=secretary,
                course=course,
                held_on=held_on,
                attendees=attendees,
                **values,
            )
        elif changes(session, values) or {m.pk for m in session.attendees.all()} != {
            m.pk for m in attendees
        }:
            services.training_session_save(
                session=session, changed_by=secretary, attendees=attendees, **values
            )
    return len(content["sessions"])


def load_demo_oversight(*, board: BoardGroup, users: dict, today: datetime.date) -> dict:
    """Visits, inspections and training (see the module); needs the Board, its members (the
    champions by load_demo_champions) and its meetings loaded. Returns counts for the
    command's summary."""
    if board is None:
        raise DemoDataError(PATH, None, "the Board is not loaded")
    content = read(PATH)
    secretary = users["secretary"]
    return {
        "visits": _visits(board, content, users, today),
        "inspections": _inspections(content, users, today, secretary),
        "training_sessions": _training(board, content, users, today, secretary),
    }
