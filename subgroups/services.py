"""Changes to the Board and its sub-groups, their members, meetings, action log, challenges,
highlight reports and "You said, we did"."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from cpboard.history import StaleEdit, check_not_stale, set_links
from subgroups.challenges import challenge_kind
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
    CalendarFeed,
    Challenge,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    YouSaidWeDid,
    new_calendar_token,
)


@transaction.atomic
def group_update(
    *,
    group: BoardGroup,
    changed_by: AbstractBaseUser,
    seen_change: int | None = None,
    **fields,
) -> BoardGroup:
    """Save new values for a group's fields, recording who changed it in its history.
    Raises StaleEdit if `seen_change` is given and someone saved the group since."""
    # Lock the row so that two saves at once are checked for staleness one after the other.
    BoardGroup.objects.select_for_update().filter(pk=group.pk).first()
    if seen_change is not None:
        check_not_stale(group, seen_change)
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    group._history_user = changed_by
    group.save()
    return group


@transaction.atomic
def group_create(*, changed_by: AbstractBaseUser, **fields) -> BoardGroup:
    """Add the Board or a sub-group; its history starts with who added it."""
    group = BoardGroup(**fields)
    group.full_clean()
    group._history_user = changed_by
    group.save()
    return group


def _save(obj: models.Model, changed_by) -> models.Model:
    obj.full_clean()
    obj._history_user = changed_by
    obj.save()
    return obj


# --- Membership ---------------------------------------------------------------------------


@transaction.atomic
def membership_create(*, group: BoardGroup, changed_by, **fields) -> Membership:
    """Give a person a seat on a group."""
    return _save(Membership(group=group, **fields), changed_by)


@transaction.atomic
def membership_update(*, membership: Membership, changed_by, **fields) -> Membership:
    """Change a seat (role, theme, dates); ending it keeps it in the group's history."""
    for name, value in fields.items():
        setattr(membership, name, value)
    return _save(membership, changed_by)


# --- Meetings -----------------------------------------------------------------------------

STANDING_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    BoardGroup.Kind.BOARD: (
        (AgendaItem.Standing.VOICE, "Voice of children and young people"),
        (AgendaItem.Standing.PERFORMANCE, "Performance report"),
        (AgendaItem.Standing.SUBGROUP_REPORTS, "Sub-group highlight reports"),
        (AgendaItem.Standing.RISKS, "Risk register"),
    ),
    BoardGroup.Kind.SUBGROUP: (
        (AgendaItem.Standing.VOICE, "Voice of children and young people"),
        (AgendaItem.Standing.PERFORMANCE, "Performance report"),
        (AgendaItem.Standing.RISKS, "Risk register"),
    ),
}
"""The items every meeting starts with, by kind of group."""


@transaction.atomic
def meeting_create(*, group: BoardGroup, changed_by, **fields) -> Meeting:
    """Arrange a meeting and put the standing items on its agenda."""
    meeting = _save(Meeting(group=group, **fields), changed_by)
    for position, (standing, title) in enumerate(STANDING_ITEMS[group.kind], start=1):
        item = AgendaItem(meeting=meeting, position=position, title=title, standing=standing)
        _save(item, changed_by)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, changed_by, seen_change: int | None = None, **fields):
    """Change a meeting's date, place, status or feedback. Raises StaleEdit if someone saved
    it since `seen_change`."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if seen_change is not None:
        check_not_stale(meeting, seen_change)
    for name, value in fields.items():
        setattr(meeting, name, value)
    return _save(meeting, changed_by)


@transaction.atomic
def agenda_item_create(*, meeting: Meeting, changed_by, paper=None, **fields) -> AgendaItem:
    """Add an item at the end of the agenda, with its paper if one is given."""
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, **fields)
    if paper is not None:
        item.paper_name = paper.name
        item.paper = paper
    return _save(item, changed_by)


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, changed_by, paper=None, seen_change: int | None = None, **fields
) -> AgendaItem:
    """Change an item; a new paper is stored under a new name (the old one stays in
    storage for the history). Raises StaleEdit if someone saved it since `seen_change`."""
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if seen_change is not None:
        check_not_stale(item, seen_change)
    for name, value in fields.items():
        setattr(item, name, value)
    if paper is not None:
        item.paper_name = paper.name
        item.paper = paper
    return _save(item, changed_by)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: int, changed_by) -> None:
    """Swap the item with the one above (direction -1) or below (+1), then number the whole
    agenda 1, 2, 3... so positions stay unique."""
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=item.meeting_id)
        .order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + direction
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other._history_user = changed_by
            other.save(update_fields=["position"])


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[int, str], changed_by) -> None:
    """Record each member's attendance (membership id -> status), changing only rows that
    differ, so history shows real changes."""
    existing = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for membership_id, status in statuses.items():
        row = existing.get(membership_id)
        if row is None:
            row = Attendance(meeting=meeting, membership_id=membership_id, status=status)
        elif row.status == status:
            continue
        else:
            row.status = status
        row._history_user = changed_by
        row.save()


class StaleMinutes(StaleEdit):
    """Someone saved an item's minutes or decisions after the minutes form was opened."""

    def __init__(self, item: AgendaItem, error: StaleEdit):
        super().__init__(error.message, error.latest_change)
        self.item = item


@transaction.atomic
def minutes_record(*, items: dict[AgendaItem, dict], changed_by) -> None:
    """Save the minutes and decisions of several items of one meeting; unchanged items are
    left alone. Each item's `seen_change` (its latest change when the form was opened) must
    still be its latest, or nothing at all is saved (StaleMinutes names the item)."""
    for item, data in items.items():
        fields = {name: data[name] for name in ("minutes", "decisions")}
        if all(getattr(item, name) == value for name, value in fields.items()):
            continue
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        try:
            check_not_stale(locked, data.get("seen_change"))
        except StaleEdit as error:
            raise StaleMinutes(item, error) from error
        for name, value in fields.items():
            setattr(item, name, value)
        _save(item, changed_by)


# --- Action log ---------------------------------------------------------------------------


@transaction.atomic
def action_raise(*, meeting: Meeting, changed_by, **fields) -> MeetingAction:
    """Put an action on the group's log, raised at `meeting`."""
    item = fields.get("agenda_item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item of this meeting."})
    return _save(MeetingAction(group=meeting.group, raised_at=meeting, **fields), changed_by)


@transaction.atomic
def action_update(
    *,
    action: MeetingAction,
    changed_by,
    closed_at: Meeting | None = None,
    seen_change: int | None = None,
    **fields,
) -> MeetingAction:
    """Change an action. Closing it records the meeting it was closed at (if any) and the
    date; reopening clears both."""
    MeetingAction.objects.select_for_update().filter(pk=action.pk).first()
    if seen_change is not None:
        check_not_stale(action, seen_change)
    for name, value in fields.items():
        setattr(action, name, value)
    if action.status == MeetingAction.Status.CLOSED:
        if action.closed_on is None or closed_at != action.closed_at:
            # Closed at a meeting: on that meeting's day; otherwise today.
            action.closed_at = closed_at
            action.closed_on = (
                timezone.localdate(closed_at.starts_at) if closed_at else timezone.localdate()
            )
    else:
        action.closed_on = None
        action.closed_at = None
    return _save(action, changed_by)


# --- Challenges ---------------------------------------------------------------------------


@transaction.atomic
def challenge_raise(
    *,
    subject: models.Model,
    group: BoardGroup,
    raised_by,
    owner,
    due_on,
    question: str,
    raised_on: datetime.date | None = None,
) -> Challenge:
    """Record a challenge about `subject` (a KPI, action, risk or highlight report), raised
    today unless `raised_on` says when (a challenge minuted after the meeting)."""
    return _save(
        Challenge(
            group=group,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            subject_label=subject_label(subject),
            question=question,
            raised_by=raised_by,
            raised_on=raised_on or timezone.localdate(),
            owner=owner,
            due_on=due_on,
        ),
        raised_by,
    )


def subject_label(subject: models.Model) -> str:
    """How a challenge names its subject: "KPI CLA-DENTAL: Dental checks"."""
    label = f"{subject._meta.app_label}.{subject._meta.model_name}"
    kind = challenge_kind(label, default=subject._meta.verbose_name.capitalize())
    return f"{kind} {subject}"[:300]


@transaction.atomic
def challenge_answer(
    *,
    challenge: Challenge,
    answer: str,
    answered_by,
    seen_change: int | None = None,
    answered_on: datetime.date | None = None,
) -> Challenge:
    """Record the answer to a challenge, given today unless `answered_on` says when; it
    leaves the open list."""
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
    if seen_change is not None:
        check_not_stale(challenge, seen_change)
    challenge.answer = answer
    challenge.answered_by = answered_by
    challenge.answered_on = answered_on or timezone.localdate()
    return _save(challenge, answered_by)


# --- Highlight reports and "You said, we did" ----------------------------------------------


@transaction.atomic
def highlight_report_save(
    *,
    group: BoardGroup,
    quarter,
    author,
    outcomes,
    kpis,
    report: HighlightReport | None = None,
    seen_change: int | None = None,
    **fields,
) -> HighlightReport:
    """Create or change a sub-group's report for a quarter, with its outcomes and KPIs."""
    if report is None:
        report = HighlightReport(group=group, quarter=quarter, author=author)
    else:
        HighlightReport.objects.select_for_update().filter(pk=report.pk).first()
        if seen_change is not None:
            check_not_stale(report, seen_change)
        report.quarter = quarter
    for name, value in fields.items():
        setattr(report, name, value)
    # The links belong to the outcomes' and KPIs' apps and keep their own history, recorded
    # at the moment of the report's own change so that its page shows one change.
    report._history_date = timezone.now()
    _save(report, author)
    set_links(report.outcomes, outcomes, changed_by=author)
    set_links(report.kpis, kpis, changed_by=author)
    return report


@transaction.atomic
def you_said_save(
    *, entry: YouSaidWeDid | None = None, changed_by, seen_change: int | None = None, **fields
) -> YouSaidWeDid:
    """Create or change a "You said, we did" entry."""
    if entry is None:
        entry = YouSaidWeDid()
    elif seen_change is not None:
        YouSaidWeDid.objects.select_for_update().filter(pk=entry.pk).first()
        check_not_stale(entry, seen_change)
    for name, value in fields.items():
        setattr(entry, name, value)
    return _save(entry, changed_by)


# --- Calendar feed ------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(user) -> CalendarFeed:
    """The user's calendar address, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """Give the user a new secret address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_calendar_token()
        feed.save()
    return feed
