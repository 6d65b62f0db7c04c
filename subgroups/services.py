"""Changes to the Board and its sub-groups, their members, meetings, action log, challenges,
highlight reports and "You said, we did"."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from cpboard.history import StaleEdit, set_links
from cpboard.services import model_create, model_update
from subgroups import signals
from subgroups.challenges import challenge_kind
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
    CalendarFeed,
    Challenge,
    Declaration,
    HighlightReport,
    Inspection,
    Meeting,
    MeetingAction,
    Membership,
    PlannedItem,
    PlannedMeeting,
    TrainingCourse,
    TrainingSession,
    Visit,
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
    model_update(
        instance=group,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return group


@transaction.atomic
def group_create(*, changed_by: AbstractBaseUser, **fields) -> BoardGroup:
    """Add the Board or a sub-group; its history starts with who added it."""
    return model_create(model=BoardGroup, fields=fields, changed_by=changed_by)


# --- Membership ---------------------------------------------------------------------------


@transaction.atomic
def membership_create(*, group: BoardGroup, changed_by, **fields) -> Membership:
    """Give a person a seat on a group."""
    return model_create(model=Membership, fields={"group": group, **fields}, changed_by=changed_by)


@transaction.atomic
def membership_update(*, membership: Membership, changed_by, **fields) -> Membership:
    """Change a seat (role, theme, dates); ending it keeps it in the group's history."""
    model_update(
        instance=membership, fields=fields, changed_by=changed_by, lock=False, save_unchanged=True
    )
    return membership


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
def meeting_create(
    *, group: BoardGroup, changed_by, plan: PlannedMeeting | None = None, **fields
) -> Meeting:
    """Arrange a meeting and put the standing items on its agenda, then the items planned
    for it in the work plan: `plan`, or the group's planned meeting of the same day."""
    meeting = model_create(model=Meeting, fields={"group": group, **fields}, changed_by=changed_by)
    for position, (standing, title) in enumerate(STANDING_ITEMS[group.kind], start=1):
        model_create(
            model=AgendaItem,
            fields={"meeting": meeting, "position": position, "title": title, "standing": standing},
            changed_by=changed_by,
        )
    if plan is None:
        day = timezone.localdate(meeting.starts_at)
        plan = PlannedMeeting.objects.filter(
            group=group, planned_for=day, meeting__isnull=True
        ).first()
    if plan is not None:
        planned_meeting_arranged(plan=plan, meeting=meeting, changed_by=changed_by)
    return meeting


@transaction.atomic
def planned_meeting_arranged(*, plan: PlannedMeeting, meeting: Meeting, changed_by) -> None:
    """Link a meeting of the work plan to the meeting arranged for it, and put its planned
    items on that meeting's agenda. Raises ValidationError for a meeting of another group or
    a plan already arranged."""
    plan = PlannedMeeting.objects.select_for_update().get(pk=plan.pk)
    if plan.group_id != meeting.group_id:
        raise ValidationError({"group": f"The planned meeting is one of {plan.group}."})
    if plan.meeting_id:
        raise ValidationError({"group": "That planned meeting has been arranged already."})
    model_update(instance=plan, fields={"meeting": meeting}, changed_by=changed_by, lock=False)
    for planned in plan.items.select_for_update().order_by("pk"):
        _planned_item_to_agenda(planned, meeting, changed_by)


def _planned_item_to_agenda(planned: PlannedItem, meeting: Meeting, changed_by) -> None:
    """Put a planned item at the end of the meeting's agenda (a standing item the meeting
    already has is linked to it instead)."""
    item = None
    if planned.kind == PlannedItem.Kind.STANDING:
        item = AgendaItem.objects.filter(
            meeting=meeting, title__iexact=planned.title, planned__isnull=True
        ).first()
    if item is None:
        item = agenda_item_create(
            meeting=meeting,
            changed_by=changed_by,
            title=planned.title,
            presenter=_presenter(planned),
            is_restricted=planned.is_restricted,
        )
    model_update(instance=planned, fields={"agenda_item": item}, changed_by=changed_by, lock=False)


@transaction.atomic
def meeting_update(*, meeting: Meeting, changed_by, seen_change: int | None = None, **fields):
    """Change a meeting's date, place, status or feedback. Raises StaleEdit if someone saved
    it since `seen_change`."""
    model_update(
        instance=meeting,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return meeting


@transaction.atomic
def agenda_item_create(*, meeting: Meeting, changed_by, paper=None, **fields) -> AgendaItem:
    """Add an item at the end of the agenda, with its paper if one is given."""
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    if paper is not None:
        fields.update(paper_name=paper.name, paper=paper)
    item = model_create(
        model=AgendaItem,
        fields={"meeting": meeting, "position": last + 1, **fields},
        changed_by=changed_by,
    )
    if paper is not None:
        _paper_changed(item)
    return item


def _paper_changed(item: AgendaItem) -> None:
    """Tell the apps above, once committed, that the item's paper was added or replaced."""
    transaction.on_commit(
        lambda: signals.paper_changed.send(sender=AgendaItem, meeting=item.meeting, item=item)
    )


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, changed_by, paper=None, seen_change: int | None = None, **fields
) -> AgendaItem:
    """Change an item; a new paper is stored under a new name (the old one stays in
    storage for the history). Raises StaleEdit if someone saved it since `seen_change`."""
    if paper is not None:
        fields.update(paper_name=paper.name, paper=paper)
    model_update(
        instance=item,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    if paper is not None:
        _paper_changed(item)
    return item


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
        # Not cleaned: positions are unique, and are only so again once all are renumbered.
        model_update(
            instance=other,
            fields={"position": position},
            changed_by=changed_by,
            lock=False,  # locked above
            clean=False,
        )


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[int, str], changed_by) -> None:
    """Record each member's attendance (membership id -> status), changing only rows that
    differ, so history shows real changes."""
    existing = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for membership_id, status in statuses.items():
        row = existing.get(membership_id) or Attendance(
            meeting=meeting, membership_id=membership_id
        )
        model_update(
            instance=row, fields={"status": status}, changed_by=changed_by, lock=False, clean=False
        )


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
        try:
            model_update(
                instance=item,
                fields=fields,
                changed_by=changed_by,
                # A form that carried no version saw no change: 0, which no history row has,
                # so any change since is refused.
                seen_change=data.get("seen_change") or 0,
                save_unchanged=True,
            )
        except StaleEdit as error:
            raise StaleMinutes(item, error) from error


# --- Action log ---------------------------------------------------------------------------


@transaction.atomic
def action_raise(*, meeting: Meeting, changed_by, **fields) -> MeetingAction:
    """Put an action on the group's log, raised at `meeting`."""
    item = fields.get("agenda_item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item of this meeting."})
    return model_create(
        model=MeetingAction,
        fields={"group": meeting.group, "raised_at": meeting, **fields},
        changed_by=changed_by,
    )


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
    if fields.get("status", action.status) == MeetingAction.Status.CLOSED:
        if action.closed_on is None or closed_at != action.closed_at:
            # Closed at a meeting: on that meeting's day; otherwise today.
            fields["closed_at"] = closed_at
            fields["closed_on"] = (
                timezone.localdate(closed_at.starts_at) if closed_at else timezone.localdate()
            )
    else:
        fields.update(closed_on=None, closed_at=None)
    model_update(
        instance=action,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return action


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
    challenge = model_create(
        model=Challenge,
        fields={
            "group": group,
            "content_type": ContentType.objects.get_for_model(subject),
            "object_id": subject.pk,
            "subject_label": subject_label(subject),
            "question": question,
            "raised_by": raised_by,
            "raised_on": raised_on or timezone.localdate(),
            "owner": owner,
            "due_on": due_on,
        },
        changed_by=raised_by,
    )
    transaction.on_commit(
        lambda: signals.challenge_raised.send(sender=Challenge, challenge=challenge)
    )
    return challenge


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
    model_update(
        instance=challenge,
        fields={
            "answer": answer,
            "answered_by": answered_by,
            "answered_on": answered_on or timezone.localdate(),
        },
        changed_by=answered_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    transaction.on_commit(
        lambda: signals.challenge_answered.send(sender=Challenge, challenge=challenge)
    )
    return challenge


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
        report = HighlightReport(group=group, author=author)
    # The links belong to the outcomes' and KPIs' apps and keep their own history, recorded
    # at the moment of the report's own change so that its page shows one change.
    report._history_date = timezone.now()
    model_update(
        instance=report,
        fields={"quarter": quarter, **fields},
        changed_by=author,
        seen_change=seen_change,
        save_unchanged=True,
    )
    set_links(report.outcomes, outcomes, changed_by=author)
    set_links(report.kpis, kpis, changed_by=author)
    return report


@transaction.atomic
def you_said_save(
    *, entry: YouSaidWeDid | None = None, changed_by, seen_change: int | None = None, **fields
) -> YouSaidWeDid:
    """Create or change a "You said, we did" entry."""
    entry, _ = model_update(
        instance=entry or YouSaidWeDid(),
        fields=fields,
        changed_by=changed_by,
        # Only a save from a form that carried a version is locked and checked.
        lock=seen_change is not None,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return entry


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


# --- Forward work plan --------------------------------------------------------------------


@transaction.atomic
def planned_meeting_save(
    *, plan: PlannedMeeting | None = None, changed_by, seen_change: int | None = None, **fields
) -> PlannedMeeting:
    """Add a meeting to a group's work plan, or change its day or theme. A new plan for a
    day on which the group's meeting is already arranged is linked to that meeting."""
    is_new = plan is None
    plan, _ = model_update(
        instance=plan or PlannedMeeting(),
        fields=fields,
        changed_by=changed_by,
        lock=not is_new,
        seen_change=seen_change,
        save_unchanged=True,
    )
    if is_new:
        arranged = (
            Meeting.objects.filter(group=plan.group, planned__isnull=True)
            .exclude(status=Meeting.Status.CANCELLED)
            .filter(starts_at__date=plan.planned_for)
            .first()
        )
        if arranged is not None:
            planned_meeting_arranged(plan=plan, meeting=arranged, changed_by=changed_by)
            plan.refresh_from_db()
    return plan


@transaction.atomic
def planned_item_save(
    *, item: PlannedItem | None = None, changed_by, seen_change: int | None = None, **fields
) -> PlannedItem:
    """Plan an item for a meeting of the work plan, or change it. A new item planned for a
    meeting already arranged joins its agenda at once; a change reaches the item on the
    agenda of a meeting still to come (_carry_to_the_agenda)."""
    is_new = item is None
    planned_before = None
    if not is_new:
        # As stored, under the lock model_update takes again: what the agenda may still say.
        planned_before = (
            PlannedItem.objects.select_for_update(of=("self",))
            .select_related("officer")
            .get(pk=item.pk)
        )
    item, _ = model_update(
        instance=item or PlannedItem(),
        fields=fields,
        changed_by=changed_by,
        lock=not is_new,
        seen_change=seen_change,
        save_unchanged=True,
    )
    meeting = item.planned_meeting.meeting
    if is_new and meeting is not None:
        _planned_item_to_agenda(item, meeting, changed_by)
    elif planned_before is not None and item.agenda_item_id:
        _carry_to_the_agenda(planned_before, item, changed_by)
    return item


def _presenter(planned: PlannedItem) -> str:
    """Who presents a planned item on the agenda: its officer, by name."""
    if planned.officer_id is None:
        return ""
    return planned.officer.get_full_name() or planned.officer.get_username()


def _carry_to_the_agenda(before: PlannedItem, planned: PlannedItem, changed_by) -> None:
    """A planned item's new title or officer reaches its item on the agenda of a meeting
    still to come, where the agenda still says what the plan said: wording the secretary has
    since given the item on the agenda stays theirs, and a meeting held keeps its record.
    Whether an item is restricted is decided on the agenda, with the title it shows the
    public."""
    agenda_item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=planned.agenda_item_id)
    )
    if agenda_item.meeting.status != Meeting.Status.PLANNED:
        return
    changes = {}
    if agenda_item.title == before.title != planned.title:
        changes["title"] = planned.title
    presenter = _presenter(planned)
    if agenda_item.presenter == _presenter(before) != presenter:
        changes["presenter"] = presenter
    if changes:
        model_update(instance=agenda_item, fields=changes, changed_by=changed_by, lock=False)


@transaction.atomic
def planned_item_move(*, item: PlannedItem, to: PlannedMeeting, changed_by) -> PlannedItem:
    """Move a planned item to another meeting of the same group's work plan. If it was on
    the agenda of the meeting it leaves, it comes off that agenda (refused once it has a
    paper or minutes there); if the meeting it goes to is arranged, it joins its agenda.
    Raises ValidationError with the reason when it cannot move."""
    item = PlannedItem.objects.select_for_update().get(pk=item.pk)
    if to.group_id != item.planned_meeting.group_id:
        raise ValidationError({"to": "Choose a meeting of the same group."})
    if to.pk == item.planned_meeting_id:
        raise ValidationError({"to": "The item is already planned for that meeting."})
    old = item.agenda_item
    if old is not None:
        if old.paper or old.minutes or old.decisions:
            raise ValidationError(
                {
                    "to": f"“{old.title}” has a paper or minutes on the agenda of "
                    f"{old.meeting}, so it stays there. Take the paper off first."
                }
            )
        old.delete()
    model_update(
        instance=item,
        fields={"planned_meeting": to, "agenda_item": None},
        changed_by=changed_by,
        lock=False,
    )
    if to.meeting_id:
        _planned_item_to_agenda(item, to.meeting, changed_by)
    return item


# --- Declarations of interest -------------------------------------------------------------


@transaction.atomic
def declaration_record(*, item: AgendaItem, changed_by, **fields) -> Declaration:
    """Record a member's declaration of interest in an agenda item. The member must sit on
    the meeting's group."""
    membership = fields["membership"]
    if membership.group_id != item.meeting.group_id:
        raise ValidationError({"membership": "Choose a member of the meeting's group."})
    return model_create(
        model=Declaration, fields={"agenda_item": item, **fields}, changed_by=changed_by
    )


# --- Visits programme ---------------------------------------------------------------------


@transaction.atomic
def visit_plan(*, changed_by, visitors, **fields) -> Visit:
    """Plan a visit to a service, with who goes."""
    if not visitors:
        raise ValidationError({"visitors": "Choose at least one member who goes."})
    return model_create(model=Visit, fields={**fields, "visitors": visitors}, changed_by=changed_by)


@transaction.atomic
def visit_update(*, visit: Visit, changed_by, seen_change: int | None = None, **fields) -> Visit:
    """Change a visit's plan (service, place, date, who goes, status). Raises StaleEdit if
    someone saved it since `seen_change`."""
    if "visitors" in fields and not fields["visitors"]:
        raise ValidationError({"visitors": "Choose at least one member who goes."})
    model_update(
        instance=visit,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return visit


@transaction.atomic
def visit_report_save(
    *, visit: Visit, changed_by, share: bool, seen_change: int | None = None, **fields
) -> Visit:
    """Write or change the visit's report. `share` shares it with the group (dated today
    the first time); a shared report stays shared. Writing a report marks the visit as
    made."""
    fields["status"] = Visit.Status.VISITED
    if share or visit.report_is_shared:
        fields["report_status"] = Visit.ReportStatus.SHARED
        fields["report_shared_on"] = visit.report_shared_on or timezone.localdate()
    else:
        fields["report_status"] = Visit.ReportStatus.DRAFT
    model_update(
        instance=visit,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return visit


def meeting_for_new_actions(group: BoardGroup, *, on: datetime.date) -> Meeting:
    """The meeting whose action log takes an action raised outside a meeting (from a visit
    or an inspection) on `on`: the group's next planned meeting, or else its latest.
    Raises ValidationError when the group has no meeting at all."""
    meetings = Meeting.objects.filter(group=group)
    upcoming = (
        meetings.filter(status=Meeting.Status.PLANNED, starts_at__date__gte=on)
        .order_by("starts_at")
        .first()
    )
    meeting = upcoming or meetings.order_by("-starts_at").first()
    if meeting is None:
        raise ValidationError(
            f"{group.name} has no meeting to carry the action: arrange its next meeting first."
        )
    return meeting


@transaction.atomic
def visit_action_raise(*, visit: Visit, changed_by, **fields) -> MeetingAction:
    """Put an action from the visit's report on its group's action log, raised at the
    group's next meeting (see meeting_for_new_actions)."""
    meeting = meeting_for_new_actions(visit.group, on=timezone.localdate())
    return action_raise(meeting=meeting, changed_by=changed_by, visit=visit, **fields)


# --- Inspections --------------------------------------------------------------------------


@transaction.atomic
def inspection_log(*, changed_by, **fields) -> Inspection:
    """Add an inspection to the log; people who asked to hear of one are told once it is
    saved (subgroups.signals.inspection_logged)."""
    inspection = model_create(model=Inspection, fields=fields, changed_by=changed_by)
    transaction.on_commit(
        lambda: signals.inspection_logged.send(sender=Inspection, inspection=inspection)
    )
    return inspection


@transaction.atomic
def inspection_update(
    *, inspection: Inspection, changed_by, seen_change: int | None = None, **fields
) -> Inspection:
    """Correct a logged inspection. Raises StaleEdit if someone saved it since."""
    model_update(
        instance=inspection,
        fields=fields,
        changed_by=changed_by,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return inspection


@transaction.atomic
def recommendation_add(*, inspection: Inspection, changed_by, **fields) -> MeetingAction:
    """Track one of the inspection's recommendations as an action with an owner on the
    Board's action log, raised at the Board's next meeting, until it is closed."""
    board = BoardGroup.objects.board()
    if board is None:
        raise ValidationError("Set up the Board first: recommendations go on its action log.")
    meeting = meeting_for_new_actions(board, on=timezone.localdate())
    return action_raise(meeting=meeting, changed_by=changed_by, inspection=inspection, **fields)


# --- Member development -------------------------------------------------------------------


@transaction.atomic
def training_course_save(
    *, course: TrainingCourse | None = None, changed_by, seen_change: int | None = None, **fields
) -> TrainingCourse:
    """Add a course or change it (its name, who must take it, how often)."""
    course, _ = model_update(
        instance=course or TrainingCourse(),
        fields=fields,
        changed_by=changed_by,
        lock=course is not None,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return course


@transaction.atomic
def training_session_save(
    *,
    session: TrainingSession | None = None,
    changed_by,
    seen_change: int | None = None,
    **fields,
) -> TrainingSession:
    """Add a session of a course or change it, with who attended."""
    session, _ = model_update(
        instance=session or TrainingSession(),
        fields=fields,
        changed_by=changed_by,
        lock=session is not None,
        seen_change=seen_change,
        save_unchanged=True,
    )
    return session
