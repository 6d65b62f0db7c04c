"""The reads other apps build on (the home page, the compiled board pack): what each returns,
without a request."""

import datetime

import pytest
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from subgroups import selectors
from subgroups.models import Attendance, HighlightReport, MeetingAction, Membership, YouSaidWeDid
from tests.factories import SubgroupFactory, UserFactory
from tests.subgroups.conftest import make_meeting, seat

pytestmark = pytest.mark.django_db

Q = FinancialQuarter.parse


def test_latest_highlight_reports_gives_each_subgroup_its_report_or_the_latest_before(
    board, people, django_assert_num_queries
):
    health = SubgroupFactory(name="Health", reports_to=board, position=2)
    housing = SubgroupFactory(name="Housing", reports_to=board, position=1)
    author = people["officer"]
    for group, quarter in (
        (health, "2026-27 Q1"),
        (health, "2026-27 Q2"),
        (housing, "2025-26 Q4"),
        (housing, "2026-27 Q3"),
    ):
        HighlightReport.objects.create(
            group=group, quarter=Q(quarter), went_well="x", author=author
        )

    # reports with group and author, their outcomes, their KPIs
    with django_assert_num_queries(3):
        reports = selectors.latest_highlight_reports(Q("2026-27 Q2"))
        shown = [
            (r.group.name, str(r.quarter), list(r.outcomes.all()), list(r.kpis.all()))
            for r in reports
        ]

    assert [(name, quarter) for name, quarter, *_ in shown] == [
        ("Housing", "2025-26 Q4"),
        ("Health", "2026-27 Q2"),
    ]


def test_latest_highlight_reports_prefers_a_submitted_report_to_a_newer_draft(board, people):
    health = SubgroupFactory(name="Health", reports_to=board)
    for quarter, status in (("2026-27 Q1", "submitted"), ("2026-27 Q2", "draft")):
        HighlightReport.objects.create(
            group=health, quarter=Q(quarter), went_well="x", author=people["officer"], status=status
        )
    only_draft = SubgroupFactory(name="Housing", reports_to=board)
    HighlightReport.objects.create(
        group=only_draft, quarter=Q("2026-27 Q2"), went_well="y", author=people["officer"]
    )

    reports = selectors.latest_highlight_reports(Q("2026-27 Q2"))

    shown = {r.group.name: (str(r.quarter), r.status) for r in reports}
    assert shown == {"Health": ("2026-27 Q1", "submitted"), "Housing": ("2026-27 Q2", "draft")}


def test_you_said_we_did_is_newest_first_within_the_dates(db):
    for day in (datetime.date(2025, 5, 1), datetime.date(2025, 9, 1), datetime.date(2026, 1, 1)):
        YouSaidWeDid.objects.create(source="survey", raised_on=day, you_said=f"Said {day}")

    entries = selectors.you_said_we_did(
        start=datetime.date(2025, 4, 1), end=datetime.date(2025, 12, 31)
    )

    assert [e.raised_on.month for e in entries] == [9, 5]


def test_meetings_summary_counts_meetings_and_attendance_of_expected_members(board, people):
    members = [seat(board, name=f"M{n}") for n in range(4)]  # with the fixture's 3 Board seats
    held = make_meeting(board, days=-30, status="held")
    make_meeting(board, days=-20, status="cancelled")
    make_meeting(board, days=20)
    for member in members[:2]:
        Attendance.objects.create(meeting=held, membership=member, status="present")
    today = timezone.localdate()

    summary = selectors.meetings_summary(
        board, start=today - datetime.timedelta(days=60), end=today + datetime.timedelta(days=60)
    )

    assert (summary.held, summary.cancelled, summary.planned) == (1, 1, 1)
    # 6 expected (4 + chair + young person; the clerk does not count), 2 present
    assert summary.attendance_rate == pytest.approx(33.3)
    assert len(summary.meetings) == 3


def test_meetings_summary_has_no_attendance_rate_without_held_meetings(board):
    today = timezone.localdate()

    summary = selectors.meetings_summary(board, start=today, end=today)

    assert summary.attendance_rate is None


def test_last_meeting_action_log_is_empty_before_any_meeting_was_held(board):
    log = selectors.last_meeting_action_log(
        board, on_or_before=timezone.localdate(), include_restricted=False
    )

    assert log.meeting is None
    assert log.actions == []


def test_upcoming_meetings_are_those_of_the_users_groups_or_all_for_someone_in_none(board, people):
    housing = SubgroupFactory(name="Housing", reports_to=board)
    ours = make_meeting(board, days=5)
    theirs = make_meeting(housing, days=3)

    assert selectors.upcoming_meetings(user=people["councillor"]) == [ours]
    assert selectors.upcoming_meetings(user=people["admin"]) == [theirs, ours]


def test_actions_owed_by_lists_open_actions_the_user_owns(board, people):
    meeting = make_meeting(board, days=-5, status="held")
    owner = UserFactory()
    MeetingAction.objects.create(
        group=board, raised_at=meeting, description="Open one", owner=owner, due_on="2030-01-01"
    )
    MeetingAction.objects.create(
        group=board,
        raised_at=meeting,
        description="Closed one",
        owner=owner,
        due_on="2030-01-01",
        status="closed",
    )

    assert [a.description for a in selectors.actions_owed_by(owner)] == ["Open one"]


def test_a_membership_that_ended_is_kept_but_no_longer_counted(board):
    seat(
        board,
        name="Cllr Small",
        role=Membership.Role.CHAMPION,
        theme="education",
        ends_on=datetime.date(2023, 5, 4),
    )

    assert "Cllr Small" not in [m.person_name for m in selectors.group_members(board)]
    assert "Cllr Small" in [m.person_name for m in selectors.membership_history(board)]
