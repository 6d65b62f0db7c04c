"""Reads of the Board and its sub-groups, shaped for pages and reports."""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from cpboard.history import with_latest_change
from cpboard.quarters import FinancialQuarter
from cpboard.roles import Capability, can
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
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
    may_see_restricted,
)


def group_list() -> QuerySet[BoardGroup]:
    """All groups for the groups table, with the group each reports to preloaded."""
    return BoardGroup.objects.for_listing()


def group_detail(slug: str) -> BoardGroup:
    """One group with the group it reports to, its own sub-groups and the id of its latest
    change (for edit forms) preloaded.

    Raises BoardGroup.DoesNotExist for an unknown slug."""
    groups = with_latest_change(BoardGroup.objects.select_related("reports_to"))
    return groups.prefetch_related("subgroups").get(slug=slug)


# --- Members --------------------------------------------------------------------------------


def group_members(group: BoardGroup, *, on: datetime.date | None = None) -> list[Membership]:
    """The group's current members (on `on`, today by default), chair first, users
    preloaded."""
    order = {role: index for index, role in enumerate(Membership.Role.values)}
    members = list(Membership.objects.current(on).filter(group=group).select_related("user"))
    return sorted(members, key=lambda m: (order[m.role], m.person_name))


def group_leads(members: list[Membership]) -> tuple[Membership | None, Membership | None]:
    """The chair and the lead officer among a group's members (derived, never stored twice)."""
    chair = next((m for m in members if m.role == Membership.Role.CHAIR), None)
    lead = next((m for m in members if m.role == Membership.Role.LEAD_OFFICER), None)
    return chair, lead


def membership_history(group: BoardGroup) -> list[Membership]:
    """Every membership of the group, past and present, newest first, users preloaded."""
    return list(
        Membership.objects.filter(group=group)
        .select_related("user")
        .order_by("-starts_on", "role", "pk")
    )


def leads_group(user, group: BoardGroup) -> bool:
    """Whether the user is the group's current chair or lead officer."""
    if not user.is_authenticated:
        return False
    return (
        Membership.objects.current()
        .filter(
            group=group,
            user=user,
            role__in=(Membership.Role.CHAIR, Membership.Role.LEAD_OFFICER),
        )
        .exists()
    )


def membership_detail(pk: int) -> Membership:
    """One membership with its group and user. Raises Membership.DoesNotExist."""
    return Membership.objects.select_related("group", "user").get(pk=pk)


def groups_of(user) -> list[BoardGroup]:
    """The groups the user currently sits on."""
    if not user.is_authenticated:
        return []
    return list(
        BoardGroup.objects.filter(
            pk__in=Membership.objects.current().filter(user=user).values("group")
        )
    )


# --- Meetings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    expected: int
    present: int
    needed: int
    chair_present: bool
    met: bool
    recorded: bool
    """Whether any attendance has been recorded yet."""


QUORUM_RULE = (
    "The meeting is quorate when at least a third of its members (not counting the clerk) "
    "are present, including the chair or the vice-chair."
)


def quorum_for(members: list[Membership], attendance: list[Attendance]) -> Quorum:
    """Apply QUORUM_RULE to the members expected and the attendance recorded."""
    voting = [m for m in members if m.role != Membership.Role.SECRETARY]
    present_ids = {a.membership_id for a in attendance if a.status == Attendance.Status.PRESENT}
    present = [m for m in voting if m.pk in present_ids]
    needed = max(1, math.ceil(len(voting) / 3))
    chair_present = any(
        m.role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR) for m in present
    )
    return Quorum(
        expected=len(voting),
        present=len(present),
        needed=needed,
        chair_present=chair_present,
        met=len(present) >= needed and chair_present,
        recorded=bool(attendance),
    )


def meeting_members(meeting: Meeting) -> list[Membership]:
    """Members of the meeting's group on the day of the meeting, chair first."""
    return group_members(meeting.group, on=timezone.localdate(meeting.starts_at))


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    items: list[AgendaItem]
    members: list[Membership]
    attendance: dict[int, Attendance]
    """By membership id."""
    quorum: Quorum
    action_log: list[MeetingAction]
    highlight_reports: list[HighlightReport]
    """Board meetings: the latest report of each sub-group up to the meeting's quarter."""
    open_challenges: list[Challenge]
    can_see_restricted: bool


def meeting_detail(pk: int) -> Meeting:
    """One meeting with its group. Raises Meeting.DoesNotExist."""
    return with_latest_change(Meeting.objects.select_related("group", "planned")).get(pk=pk)


def agenda_item_detail(pk: int, *, user) -> AgendaItem:
    """One agenda item with its meeting and group, if the user may see it (see
    AgendaItem.objects.visible_to). Raises AgendaItem.DoesNotExist otherwise."""
    return (
        with_latest_change(AgendaItem.objects.visible_to(user))
        .select_related("meeting__group")
        .get(pk=pk)
    )


def agenda_items_of(meeting: Meeting, *, user) -> list[AgendaItem]:
    """The meeting's agenda items the user may see, in order, each with the id of its latest
    change (for the minutes form) and its declarations of interest."""
    return list(
        with_latest_change(AgendaItem.objects.visible_to(user))
        .filter(meeting=meeting)
        .prefetch_related(_declarations())
        .order_by("position", "pk")
    )


def _declarations() -> Prefetch:
    """An agenda item's declarations of interest with who made them."""
    return Prefetch(
        "declarations",
        queryset=Declaration.objects.select_related("membership__user").order_by("pk"),
    )


def attendance_recorded(meeting: Meeting) -> dict[int, str]:
    """The attendance recorded at the meeting: each status by membership id."""
    return dict(Attendance.objects.filter(meeting=meeting).values_list("membership_id", "status"))


def action_detail(pk: int, *, user) -> MeetingAction:
    """One meeting action with its group, meeting, owner and agenda item, if the user may
    see it (see MeetingAction.objects.visible_to). Raises MeetingAction.DoesNotExist
    otherwise."""
    return (
        with_latest_change(MeetingAction.objects.visible_to(user))
        .select_related("group", "raised_at__group", "owner", "agenda_item")
        .get(pk=pk)
    )


def action_log(*, user, open_only: bool) -> QuerySet[MeetingAction]:
    """The actions of every group the user may see (only those still open with
    `open_only`), by status and due date, with group, meetings and owner preloaded."""
    actions = (
        MeetingAction.objects.visible_to(user)
        .select_related("group", "raised_at__group", "closed_at", "owner")
        .order_by("status", "due_on", "pk")
    )
    return actions.open() if open_only else actions


def meeting_page(meeting: Meeting, *, user) -> MeetingPage:
    """Everything a meeting's page shows that the user may see: the agenda in order, the
    members and their attendance with the quorum, the action log (open actions carried and
    those closed at this meeting), and for the Board the sub-groups' latest highlight reports
    and the open challenges. Restricted items, and actions raised under them, are left out
    for those who may not see them. A fixed number of queries."""
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related(_declarations())
        .order_by("position", "pk")
    )
    members = meeting_members(meeting)
    attendance = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for member in members:
        member.attendance = attendance.get(member.pk)
    quorum = quorum_for(members, list(attendance.values()))
    actions = _action_log_queryset(meeting).visible_to(user)
    reports: list[HighlightReport] = []
    challenges: list[Challenge] = []
    if meeting.group.is_board:
        quarter = FinancialQuarter.containing(timezone.localdate(meeting.starts_at)).previous()
        reports = latest_highlight_reports(quarter)
        challenges = open_challenges(group=meeting.group)
    return MeetingPage(
        meeting=meeting,
        items=items,
        members=members,
        attendance=attendance,
        quorum=quorum,
        action_log=list(actions),
        highlight_reports=reports,
        open_challenges=challenges,
        can_see_restricted=may_see_restricted(user, meeting.group),
    )


def _action_log_queryset(meeting: Meeting):
    """The group's actions raised at or before the meeting that were open when it met, and
    those closed at it."""
    return (
        MeetingAction.objects.filter(
            group=meeting.group, raised_at__starts_at__lte=meeting.starts_at
        )
        .filter(
            Q(closed_at__isnull=True, closed_on__isnull=True)
            | Q(closed_at=meeting)
            | Q(closed_on__gte=timezone.localdate(meeting.starts_at))
        )
        .select_related("owner", "raised_at", "closed_at", "agenda_item")
        .order_by("due_on", "pk")
    )


def meeting_list(*, user, group: BoardGroup | None = None) -> list[Meeting]:
    """All meetings, newest first, with their group and the number of agenda items the user
    may see."""
    meetings = Meeting.objects.select_related("group").annotate(
        item_count=Count(
            "agenda_items",
            filter=Q(agenda_items__in=AgendaItem.objects.visible_to(user)),
        )
    )
    if group is not None:
        meetings = meetings.filter(group=group)
    return list(meetings.order_by("-starts_at"))


def calendar(*, start: datetime.date) -> dict[BoardGroup, list[Meeting]]:
    """Planned meetings from `start` on, grouped by group in display order."""
    meetings = (
        Meeting.objects.filter(starts_at__date__gte=start, status=Meeting.Status.PLANNED)
        .select_related("group")
        .order_by("group__position", "starts_at")
    )
    grouped: dict[BoardGroup, list[Meeting]] = {}
    for meeting in meetings:
        grouped.setdefault(meeting.group, []).append(meeting)
    return grouped


def feed_meetings(user) -> list[Meeting]:
    """The meetings of the user's groups from a year ago on, for the calendar feed, each with
    `visible_items`: the agenda items the user may see, in order."""
    since = timezone.now() - datetime.timedelta(days=366)
    return list(
        Meeting.objects.filter(
            group__in=Membership.objects.current().filter(user=user).values("group"),
            starts_at__gte=since,
        )
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.visible_to(user).order_by("position", "pk"),
                to_attr="visible_items",
            )
        )
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class SearchResults:
    query: str
    meetings: list[Meeting]
    items: list[AgendaItem]


def search(query: str, *, user) -> SearchResults:
    """Meetings (by place or group) and agenda items (by title, presenter, minutes or
    decisions) matching `query`, limited to what the user may see."""
    query = query.strip()
    if len(query) < 2:
        return SearchResults(query=query, meetings=[], items=[])
    meetings = (
        Meeting.objects.filter(
            Q(place__icontains=query)
            | Q(group__name__icontains=query)
            | Q(feedback__icontains=query)
        )
        .select_related("group")
        .order_by("-starts_at")[:50]
    )
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(
            Q(title__icontains=query)
            | Q(presenter__icontains=query)
            | Q(minutes__icontains=query)
            | Q(decisions__icontains=query)
        )
        .select_related("meeting__group")
        .order_by("-meeting__starts_at", "position")[:100]
    )
    return SearchResults(query=query, meetings=list(meetings), items=list(items))


# --- The reporting API (also used by reports/ and the home page) ---------------------------


def latest_highlight_reports(quarter: FinancialQuarter) -> list[HighlightReport]:
    """Per sub-group, its report for `quarter` or, if it has none, its latest before it, in
    the sub-groups' display order; group, linked outcomes and KPIs preloaded. Drafts are
    included only when nothing submitted exists (so the Board sees what there is)."""
    reports = (
        HighlightReport.objects.filter(quarter__lte=quarter, group__kind=BoardGroup.Kind.SUBGROUP)
        .select_related("group", "author")
        .prefetch_related(
            Prefetch("outcomes", queryset=_outcomes_in_order()),
            Prefetch("kpis", queryset=_kpis_in_order()),
        )
        .order_by("group__position", "-quarter")
    )
    submitted: dict[int, HighlightReport] = {}
    drafts: dict[int, HighlightReport] = {}
    for report in reports:
        if report.status == HighlightReport.Status.SUBMITTED:
            submitted.setdefault(report.group_id, report)
        else:
            drafts.setdefault(report.group_id, report)
    order = list(dict.fromkeys(report.group_id for report in reports))
    return [submitted.get(group_id) or drafts[group_id] for group_id in order]


def _outcomes_in_order():
    return HighlightReport._meta.get_field("outcomes").related_model.objects.order_by("number")


def _kpis_in_order():
    return HighlightReport._meta.get_field("kpis").related_model.objects.order_by("code")


def you_said_we_did(
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    limit: int | None = None,
) -> list[YouSaidWeDid]:
    """ "You said, we did" entries raised between `start` and `end` (inclusive, either
    open), newest first (the `limit` newest, if given), with the meeting they came from."""
    entries = YouSaidWeDid.objects.select_related("meeting__group")
    if start is not None:
        entries = entries.filter(raised_on__gte=start)
    if end is not None:
        entries = entries.filter(raised_on__lte=end)
    return list(entries.order_by("-raised_on", "-pk")[:limit])


@dataclass(frozen=True)
class ActionLog:
    meeting: Meeting | None
    """The group's last held meeting on or before the date asked, or None."""
    actions: list[MeetingAction]
    """Open actions carried to that meeting and those closed at it; owner preloaded."""


def last_meeting_action_log(
    group: BoardGroup, *, on_or_before: datetime.date, include_restricted: bool
) -> ActionLog:
    """The action log as it stood at the group's last held meeting on or before
    `on_or_before`. With include_restricted=False, actions raised under restricted agenda
    items are left out."""
    meeting = (
        Meeting.objects.filter(
            group=group, status=Meeting.Status.HELD, starts_at__date__lte=on_or_before
        )
        .select_related("group")
        .order_by("-starts_at")
        .first()
    )
    if meeting is None:
        return ActionLog(meeting=None, actions=[])
    actions = _action_log_queryset(meeting)
    if not include_restricted:
        actions = actions.unrestricted()
    return ActionLog(meeting=meeting, actions=list(actions))


@dataclass(frozen=True)
class MeetingsSummary:
    held: int
    cancelled: int
    planned: int
    attendance_rate: float | None
    """Percentage of expected members (not the clerk) present at held meetings."""
    meetings: list[Meeting]


def meetings_summary(
    group: BoardGroup, *, start: datetime.date, end: datetime.date
) -> MeetingsSummary:
    """The group's meetings between `start` and `end` (inclusive): how many were held,
    cancelled or are planned, and the attendance at those held, as a percentage of the
    members expected (those in post on the day, not counting the clerk). Three queries."""
    return meetings_summaries([group], start=start, end=end)[group.pk]


def meetings_summaries(
    groups: list[BoardGroup], *, start: datetime.date, end: datetime.date
) -> dict[int, MeetingsSummary]:
    """`meetings_summary` of each group, by group id. Three queries, whatever the number of
    groups."""
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(
            group__in=groups, starts_at__date__gte=start, starts_at__date__lte=end
        )
        .select_related("group")
        .order_by("starts_at")
    ):
        meetings[meeting.group_id].append(meeting)
    memberships: dict[int, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.filter(group__in=groups).voting():
        memberships[membership.group_id].append(membership)
    held = [
        m
        for group_meetings in meetings.values()
        for m in group_meetings
        if m.status == Meeting.Status.HELD
    ]
    present = Counter(
        Attendance.objects.filter(meeting__in=held, status=Attendance.Status.PRESENT)
        .exclude(membership__role=Membership.Role.SECRETARY)
        .values_list("meeting", flat=True)
    )
    return {
        group.pk: _meetings_summary(meetings[group.pk], memberships[group.pk], present)
        for group in groups
    }


def _meetings_summary(
    meetings: list[Meeting], memberships: list[Membership], present: Counter
) -> MeetingsSummary:
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    expected = 0
    for meeting in held:
        day = timezone.localdate(meeting.starts_at)
        expected += sum(1 for m in memberships if m.is_current(day))
    attended = sum(present[meeting.pk] for meeting in held)
    rate = round(100 * attended / expected, 1) if expected else None
    return MeetingsSummary(
        held=len(held),
        cancelled=sum(1 for m in meetings if m.status == Meeting.Status.CANCELLED),
        planned=sum(1 for m in meetings if m.status == Meeting.Status.PLANNED),
        attendance_rate=rate,
        meetings=meetings,
    )


def _challenge_queryset():
    return Challenge.objects.select_related(
        "content_type", "group", "owner", "raised_by", "answered_by"
    )


def open_challenges(*, group: BoardGroup | None = None) -> list[Challenge]:
    """Challenges not yet answered, oldest due first, each with `subject_label` (what it is
    about, e.g. "KPI CLA-DENTAL: Dental checks") and `subject_url` (its page, or "")."""
    challenges = _challenge_queryset().open().order_by("due_on", "pk")
    if group is not None:
        challenges = challenges.filter(group=group)
    return _with_subject_urls(list(challenges))


def challenges_about(obj: models.Model) -> list[Challenge]:
    """Every challenge raised about `obj`, open ones first, newest first within each."""
    # By the content type's natural key in the same query: one query for the whole list.
    challenges = _challenge_queryset().filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    )
    return _with_subject_urls(
        sorted(challenges, key=lambda c: (not c.is_open, -c.raised_on.toordinal(), -c.pk))
    )


def challenge_log() -> list[Challenge]:
    """Every challenge, open first, for the challenge log table."""
    challenges = _challenge_queryset().order_by(
        F("answered_on").desc(nulls_first=True), "due_on", "pk"
    )
    return _with_subject_urls(list(challenges))


def challenge_detail(pk: int) -> Challenge:
    """One challenge with who raised, owns and answered it, the id of its latest change and
    `subject_url`. Raises Challenge.DoesNotExist."""
    challenge = with_latest_change(_challenge_queryset()).get(pk=pk)
    return _with_subject_urls([challenge])[0]


def _with_subject_urls(challenges: list[Challenge]) -> list[Challenge]:
    """Set `subject_url` on each challenge: its subject's page, read in one query per kind of
    subject; "" when the subject is gone or has no page."""
    ids_by_type: dict[int, set[int]] = defaultdict(set)
    for challenge in challenges:
        ids_by_type[challenge.content_type_id].add(challenge.object_id)
    urls: dict[tuple[int, int], str] = {}
    read_types: set[int] = set()
    for challenge in challenges:
        content_type = challenge.content_type
        if content_type.pk in read_types:
            continue
        read_types.add(content_type.pk)
        model = content_type.model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids_by_type[content_type.pk]):
            get_url = getattr(obj, "get_absolute_url", None)
            urls[(content_type.pk, obj.pk)] = get_url() if get_url else ""
    for challenge in challenges:
        challenge.subject_url = urls.get((challenge.content_type_id, challenge.object_id), "")
    return challenges


def upcoming_meetings(*, user, limit: int = 5) -> list[Meeting]:
    """The next planned meetings of the groups the user sits on; for someone who sits on no
    group (an administrator, a performance analyst), the next planned meetings of every
    group, so their home page still shows what is coming."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
    ).select_related("group")
    if user.is_authenticated:
        mine = Membership.objects.current().filter(user=user).values("group")
        if Membership.objects.current().filter(user=user).exists():
            meetings = meetings.filter(group__in=mine)
    return list(meetings.order_by("starts_at")[:limit])


def actions_owed_by(user) -> list[MeetingAction]:
    """Open meeting actions the user owns, soonest due first, with the group and the meeting
    that raised them."""
    if not user.is_authenticated:
        return []
    return list(
        MeetingAction.objects.open()
        .filter(owner=user)
        .select_related("group", "raised_at", "owner")
        .order_by("due_on", "pk")
    )


# --- Highlight reports and "You said, we did" pages -----------------------------------------


def highlight_report_detail(pk: int) -> HighlightReport:
    """One highlight report with its group, author, outcomes and KPIs. Raises
    HighlightReport.DoesNotExist."""
    return (
        with_latest_change(HighlightReport.objects.select_related("group", "author"))
        .prefetch_related(
            Prefetch("outcomes", queryset=_outcomes_in_order()),
            Prefetch("kpis", queryset=_kpis_in_order()),
        )
        .get(pk=pk)
    )


def latest_report_of(group: BoardGroup) -> HighlightReport | None:
    """The group's newest highlight report."""
    return (
        HighlightReport.objects.filter(group=group)
        .select_related("group", "author")
        .order_by("-quarter")
        .first()
    )


def you_said_entry(pk: int) -> YouSaidWeDid:
    """One "You said, we did" entry with the id of its latest change. Raises
    YouSaidWeDid.DoesNotExist."""
    return with_latest_change(YouSaidWeDid.objects.all()).get(pk=pk)


def board_feedback(*, limit: int = 4) -> list[Meeting]:
    """The Board's latest meetings that gave young people feedback, newest first."""
    return list(
        Meeting.objects.filter(group__kind=BoardGroup.Kind.BOARD)
        .exclude(feedback="")
        .select_related("group")
        .order_by("-starts_at")[:limit]
    )


def board() -> BoardGroup | None:
    """The Board, or None before it has been set up."""
    return BoardGroup.objects.board()


def calendar_feed(token: str) -> CalendarFeed | None:
    """The calendar feed with this secret token, if its owner's account is active."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


# --- Forward work plan ----------------------------------------------------------------------


def _planned_items(user, group: BoardGroup | None) -> Prefetch:
    """A planned meeting's items the user may see (restricted ones only for members of the
    group who are not young people, as agenda items: may_see_restricted), with the officer
    and the agenda item they became."""
    items = PlannedItem.objects.select_related("officer", "agenda_item").order_by("pk")
    if group is not None:
        if not may_see_restricted(user, group):
            items = items.filter(is_restricted=False)
    elif not can(user, Capability.VIEW_BOARD_REPORTS):
        items = items.filter(is_restricted=False)
    else:
        mine = Membership.objects.current().filter(user=user.pk).values("group")
        items = items.filter(Q(is_restricted=False) | Q(planned_meeting__group__in=mine))
    return Prefetch("items", queryset=items, to_attr="planned_items")


def work_plan(
    *, user, group: BoardGroup | None = None, start: datetime.date | None = None
) -> list[PlannedMeeting]:
    """The coming meetings of the work plan from `start` (today by default), of one group or
    of every group, soonest first, each with its group, the meeting arranged from it (if
    any) and its items the user may see (`planned_items`). A fixed number of queries."""
    plans = (
        PlannedMeeting.objects.coming(start)
        .select_related("group", "meeting")
        .prefetch_related(_planned_items(user, group))
        .order_by("planned_for", "group__position", "pk")
    )
    if group is not None:
        plans = plans.filter(group=group)
    return list(plans)


def work_plan_by_group(plans: list[PlannedMeeting]) -> list[tuple[BoardGroup, list]]:
    """`plans` grouped by their group, in the groups' display order."""
    grouped: dict[int, tuple[BoardGroup, list]] = {}
    for plan in sorted(plans, key=lambda p: (p.group.position, p.group.name, p.planned_for)):
        grouped.setdefault(plan.group_id, (plan.group, []))[1].append(plan)
    return list(grouped.values())


def planned_meeting_detail(pk: int) -> PlannedMeeting:
    """One planned meeting with its group and meeting. Raises PlannedMeeting.DoesNotExist."""
    return with_latest_change(PlannedMeeting.objects.select_related("group", "meeting")).get(pk=pk)


def planned_item_detail(pk: int, *, user) -> PlannedItem:
    """One planned item with its meeting and group, if the user may see it. Raises
    PlannedItem.DoesNotExist otherwise (a restricted item of a group they do not sit on)."""
    item = with_latest_change(
        PlannedItem.objects.select_related("planned_meeting__group", "officer", "agenda_item")
    ).get(pk=pk)
    if item.is_restricted and not may_see_restricted(user, item.planned_meeting.group):
        raise PlannedItem.DoesNotExist
    return item


def reports_owed_by(user) -> list[PlannedItem]:
    """The papers the user owes for coming meetings of the work plan, soonest due first:
    planned items they are the officer for whose agenda item has no paper yet."""
    if not user.is_authenticated:
        return []
    return list(
        PlannedItem.objects.filter(
            officer=user, planned_meeting__planned_for__gte=timezone.localdate()
        )
        .filter(Q(agenda_item__isnull=True) | Q(agenda_item__paper=""))
        .select_related("planned_meeting__group", "planned_meeting__meeting", "agenda_item")
        .order_by(F("paper_due_on").asc(nulls_last=True), "planned_meeting__planned_for", "pk")
    )


def unarranged_plan(pk) -> PlannedMeeting | None:
    """The planned meeting `pk` (as given in a query string) if it is not arranged yet."""
    if not str(pk or "").isdigit():
        return None
    return (
        PlannedMeeting.objects.select_related("group")
        .filter(pk=int(pk), meeting__isnull=True)
        .first()
    )
