"""Reads of the Board's oversight of services, shaped for pages and reports: the visits
programme, the log of inspections and regulatory visits, and members' development (training,
who is due, champion roles). The selectors of the rest of the app are in `selectors.py`."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from cpboard.history import with_latest_change
from cpboard.quarters import FinancialYear
from subgroups.models import (
    BoardGroup,
    Inspection,
    Meeting,
    MeetingAction,
    Membership,
    TrainingCourse,
    TrainingSession,
    Visit,
)

# --- Visits -------------------------------------------------------------------------------


def _visitors_in_order():
    return get_user_model().objects.order_by("first_name", "last_name", "username")


def _visits() -> QuerySet[Visit]:
    return Visit.objects.select_related("group").prefetch_related(
        Prefetch("visitors", queryset=_visitors_in_order())
    )


@dataclass(frozen=True)
class VisitorRow:
    """One member and the services they visited in the year."""

    name: str
    visits: list[Visit]


@dataclass(frozen=True)
class VisitsYear:
    year: FinancialYear
    visits: list[Visit]
    """The year's visits, soonest first, with group and visitors preloaded."""
    by_member: list[VisitorRow]
    """Who visited what: each member who went on a visit made in the year, by name."""
    services: list[tuple[str, int]]
    """Each kind of service, with how many visits were made to it in the year."""


def visits_in_year(year: FinancialYear) -> VisitsYear:
    """The visits programme of a financial year: every visit, who visited what, and how many
    visits each kind of service had. Three queries (visits, their visitors, nothing else)."""
    visits = list(
        _visits()
        .filter(visit_on__gte=year.start, visit_on__lte=year.end)
        .order_by("visit_on", "pk")
    )
    rows: dict[int, VisitorRow] = {}
    for visit in visits:
        if visit.status != Visit.Status.VISITED:
            continue
        for person in visit.visitors.all():
            name = person.get_full_name() or person.get_username()
            rows.setdefault(person.pk, VisitorRow(name=name, visits=[])).visits.append(visit)
    made = [v for v in visits if v.status == Visit.Status.VISITED]
    services = [
        (label, sum(1 for v in made if v.service == value))
        for value, label in Visit.Service.choices
    ]
    return VisitsYear(
        year=year,
        visits=visits,
        by_member=sorted(rows.values(), key=lambda row: row.name),
        services=[(label, count) for label, count in services if count],
    )


def visit_detail(pk: int) -> Visit:
    """One visit with its group, visitors, actions and the id of its latest change. Raises
    Visit.DoesNotExist."""
    return (
        with_latest_change(_visits())
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=MeetingAction.objects.select_related("owner", "raised_at").order_by(
                    "due_on", "pk"
                ),
            )
        )
        .get(pk=pk)
    )


# --- Inspections --------------------------------------------------------------------------


def _recommendations():
    return MeetingAction.objects.select_related("owner", "raised_at", "closed_at").order_by(
        "due_on", "pk"
    )


def _inspections() -> QuerySet[Inspection]:
    return Inspection.objects.annotate(
        open_recommendations=Count(
            "recommendations",
            filter=~Q(recommendations__status=MeetingAction.Status.CLOSED),
        ),
        all_recommendations=Count("recommendations"),
    )


def inspection_log() -> list[Inspection]:
    """Every logged inspection, newest first, each with how many recommendations it has and
    how many are still open. One query."""
    return list(_inspections().order_by("-inspected_on", "-pk"))


def inspection_detail(pk: int) -> Inspection:
    """One inspection with its recommendations (owner, meeting) and the id of its latest
    change. Raises Inspection.DoesNotExist."""
    return (
        with_latest_change(Inspection.objects.all())
        .prefetch_related(Prefetch("recommendations", queryset=_recommendations()))
        .get(pk=pk)
    )


def inspections_between(start: datetime.date, end: datetime.date) -> list[Inspection]:
    """Inspections that ended between `start` and `end` (inclusive), oldest first, with
    their recommendations (owners preloaded)."""
    return list(
        _inspections()
        .filter(inspected_on__gte=start, inspected_on__lte=end)
        .prefetch_related(Prefetch("recommendations", queryset=_recommendations()))
        .order_by("inspected_on", "pk")
    )


def inspections_since_last_meeting(meeting: Meeting) -> list[Inspection]:
    """For a Board meeting, the inspections that ended after the Board's meeting before it
    (or in the year before, for the first) and on or before the day of this one. None for a
    sub-group's meeting."""
    if not meeting.group.is_board:
        return []
    day = meeting.starts_at.date()
    previous = (
        Meeting.objects.filter(group=meeting.group, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    since = (
        previous.date() + datetime.timedelta(days=1) if previous else day.replace(year=day.year - 1)
    )
    return inspections_between(since, day)


# --- Member development -------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingDue:
    """A member of the Board who still needs a course their seat requires."""

    membership: Membership
    course: TrainingCourse
    last_taken: datetime.date | None
    """When they last took it, if they did but it has lapsed."""


@dataclass(frozen=True)
class MemberDevelopment:
    year: FinancialYear
    courses: list[TrainingCourse]
    sessions: list[TrainingSession]
    """The year's sessions, newest first, with course and attendees preloaded."""
    due: list[TrainingDue]
    """Who still needs which course today, by member then course."""
    champions: list[Membership]
    """The Board's members with a champion role, and its theme."""
    completed: int = 0
    """How many places on sessions were taken in the year."""
    members: list[Membership] = field(default_factory=list)


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


def training_due(
    members: list[Membership], courses: list[TrainingCourse], *, today: datetime.date
) -> list[TrainingDue]:
    """Each member's required courses not yet taken, or taken longer ago than the course's
    renewal period. A course counts for the person, whichever of their seats they held when
    they attended. Two queries (the attendances of the members' people)."""
    people = {m.pk: (m.user_id, "" if m.user_id else m.name) for m in members}
    taken: dict[tuple, dict[int, datetime.date]] = {}
    attended = TrainingSession.attendees.through.objects.filter(
        Q(membership__user__in=[u for u, _ in people.values() if u])
        | Q(membership__name__in=[n for _, n in people.values() if n])
    ).values_list(
        "membership__user",
        "membership__name",
        "trainingsession__course",
        "trainingsession__held_on",
    )
    for user_id, name, course_id, held_on in attended:
        key = (user_id, "" if user_id else name)
        last = taken.setdefault(key, {})
        if course_id not in last or last[course_id] < held_on:
            last[course_id] = held_on
    due = []
    for member in members:
        key = people[member.pk]
        for course in courses:
            if member.role not in course.required_for:
                continue
            last = taken.get(key, {}).get(course.pk)
            if last is None:
                due.append(TrainingDue(member, course, None))
            elif course.renew_after_months and last < _months_before(
                today, course.renew_after_months
            ):
                due.append(TrainingDue(member, course, last))
    return due


def member_development(year: FinancialYear, *, today: datetime.date) -> MemberDevelopment:
    """Members' development for a year: the courses, the year's sessions with who attended,
    who on the Board still needs which course today, and the Board's champion roles. A fixed
    number of queries."""
    board = BoardGroup.objects.board()
    members: list[Membership] = []
    if board is not None:
        members = sorted(
            Membership.objects.current(today).filter(group=board).select_related("user"),
            key=lambda m: m.person_name,
        )
    courses = list(TrainingCourse.objects.order_by("position", "name"))
    sessions = list(
        TrainingSession.objects.filter(held_on__gte=year.start, held_on__lte=year.end)
        .select_related("course")
        .prefetch_related(Prefetch("attendees", queryset=Membership.objects.select_related("user")))
        .order_by("-held_on", "pk")
    )
    return MemberDevelopment(
        year=year,
        courses=courses,
        sessions=sessions,
        due=training_due(members, courses, today=today),
        champions=[m for m in members if m.role == Membership.Role.CHAMPION or m.theme],
        completed=sum(len(s.attendees.all()) for s in sessions),
        members=members,
    )


def training_session_detail(pk: int) -> TrainingSession:
    """One session with its course and attendees and the id of its latest change. Raises
    TrainingSession.DoesNotExist."""
    return (
        with_latest_change(TrainingSession.objects.select_related("course"))
        .prefetch_related("attendees")
        .get(pk=pk)
    )


def training_course_detail(pk: int) -> TrainingCourse:
    """One course with the id of its latest change. Raises TrainingCourse.DoesNotExist."""
    return with_latest_change(TrainingCourse.objects.all()).get(pk=pk)
