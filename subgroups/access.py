"""Who may see and who may change each record of the Board and its sub-groups: the one place.

What a role may do is `cpboard.roles` (capabilities); who may see a restricted agenda item,
and the actions raised under it, is `AgendaItem.objects.visible_to` (read through the
selectors). This module joins the two to one record, as healthchecks' `_get_check_for_user`
does: `get_<record>_for_user(user, ...)` returns the record with whether the user may change
it (`rw`), or raises Http404 for a record the user may not see; `get_rw_<record>_for_user`
also raises PermissionDenied unless they may change it. Views, tables, templates and
services ask here; templates and tables read the answer, never the rule."""

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cpboard.roles import Capability, can
from subgroups import oversight, selectors
from subgroups.models import (
    AgendaItem,
    BoardGroup,
    Challenge,
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
)

User = AbstractBaseUser | AnonymousUser
Record = TypeVar("Record")


# --- The rules ------------------------------------------------------------------------------


def may_edit_group(user: User) -> bool:
    """Whoever may change the remit and meeting pattern of the Board and its sub-groups."""
    return can(user, Capability.EDIT_GROUPS)


def may_run_meetings(user: User) -> bool:
    """Whoever keeps the groups' meetings, agendas, papers, attendance, minutes, members and
    "You said, we did" (the board secretary)."""
    return can(user, Capability.RUN_MEETINGS)


def _may_change_owned(user: User, owner_id: int | None) -> bool:
    """Whoever runs the meetings, or the record's owner if they may update what they own."""
    if may_run_meetings(user):
        return True
    return can(user, Capability.UPDATE_OWN_ITEMS) and owner_id is not None and owner_id == user.pk


def may_update_action(user: User, action: MeetingAction) -> bool:
    """The action's owner or whoever runs the meetings."""
    return _may_change_owned(user, action.owner_id)


def may_answer_challenge(user: User, challenge: Challenge) -> bool:
    """The person asked to answer the challenge, or whoever runs the meetings."""
    return _may_change_owned(user, challenge.owner_id)


def may_write_report(user: User, group: BoardGroup) -> bool:
    """A sub-group's highlight report: whoever runs the meetings, or the group's current
    chair or lead officer with the capability. The Board writes none."""
    if group.is_board:
        return False
    if may_run_meetings(user):
        return True
    return can(user, Capability.WRITE_HIGHLIGHT_REPORTS) and selectors.leads_group(user, group)


def may_plan_visits(user: User) -> bool:
    """Members who visit services (councillors) and whoever runs the meetings."""
    return can(user, Capability.VISIT_SERVICES) or may_run_meetings(user)


def may_change_visit(user: User, visit: Visit) -> bool:
    """A visit's plan and report: whoever runs the meetings, or one of its visitors who
    may visit services."""
    if may_run_meetings(user):
        return True
    return can(user, Capability.VISIT_SERVICES) and any(
        person.pk == user.pk for person in visit.visitors.all()
    )


def may_read_visit_report(user: User, visit: Visit) -> bool:
    """A visit's report is for the board's members and staff (never young people) once it is
    shared with the group; a draft only for those who may change the visit."""
    if not can(user, Capability.VIEW_BOARD_REPORTS):
        return False
    return visit.report_is_shared or may_change_visit(user, visit)


def may_see_training(user: User) -> bool:
    """Who attended which training: members and staff, not young people."""
    return can(user, Capability.VIEW_BOARD_REPORTS)


def with_may_change(user: User, actions: Iterable[MeetingAction]) -> None:
    """Set `may_change` on each action: whether the user may update it (for lists)."""
    for action in actions:
        action.may_change = may_update_action(user, action)


# --- Records for a user ---------------------------------------------------------------------


def _rw_only(found: tuple[Record, bool]) -> Record:
    """The record of a (record, rw) answer; PermissionDenied unless rw."""
    record, rw = found
    if not rw:
        raise PermissionDenied
    return record


def get_group_for_user(user: User, slug: str) -> tuple[BoardGroup, bool]:
    """The group, and whether the user may change its remit and meetings. Everyone who
    reads the board sees every group."""
    try:
        group = selectors.group_detail(slug)
    except BoardGroup.DoesNotExist:
        raise Http404("No such group") from None
    return group, may_edit_group(user)


def get_rw_group_for_user(user: User, slug: str) -> BoardGroup:
    return _rw_only(get_group_for_user(user, slug))


def get_report_group_for_user(user: User, slug: str) -> BoardGroup:
    """The group to write a new highlight report for; PermissionDenied unless the user may
    write its reports."""
    group, _ = get_group_for_user(user, slug)
    if not may_write_report(user, group):
        raise PermissionDenied
    return group


def get_rw_membership_for_user(user: User, pk: int) -> Membership:
    """A seat on a group, for whoever keeps the groups' members."""
    try:
        membership = selectors.membership_detail(pk)
    except Membership.DoesNotExist:
        raise Http404("No such member") from None
    return _rw_only((membership, may_run_meetings(user)))


def get_meeting_for_user(user: User, pk: int) -> tuple[Meeting, bool]:
    """The meeting, and whether the user may change it, its agenda, attendance, minutes
    and action log."""
    try:
        meeting = selectors.meeting_detail(pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None
    return meeting, may_run_meetings(user)


def get_rw_meeting_for_user(user: User, pk: int) -> Meeting:
    return _rw_only(get_meeting_for_user(user, pk))


def get_agenda_item_for_user(user: User, pk: int) -> tuple[AgendaItem, bool]:
    """The agenda item if the user may see it, and whether they may change it; 404 for an
    item they may not see, so that a restricted item's existence is not given away."""
    try:
        item = selectors.agenda_item_detail(pk, user=user)
    except AgendaItem.DoesNotExist:
        raise Http404("No such agenda item") from None
    return item, may_run_meetings(user)


def get_rw_agenda_item_for_user(user: User, pk: int) -> AgendaItem:
    return _rw_only(get_agenda_item_for_user(user, pk))


def get_action_for_user(user: User, pk: int) -> tuple[MeetingAction, bool]:
    """The meeting action if the user may see it (not raised under a restricted item they
    may not see), and whether they may update it."""
    try:
        action = selectors.action_detail(pk, user=user)
    except MeetingAction.DoesNotExist:
        raise Http404("No such action") from None
    return action, may_update_action(user, action)


def get_rw_action_for_user(user: User, pk: int) -> MeetingAction:
    return _rw_only(get_action_for_user(user, pk))


def get_challenge_for_user(user: User, pk: int) -> tuple[Challenge, bool]:
    """The challenge, and whether the user may answer it."""
    try:
        challenge = selectors.challenge_detail(pk)
    except Challenge.DoesNotExist:
        raise Http404("No such challenge") from None
    return challenge, may_answer_challenge(user, challenge)


def get_rw_challenge_for_user(user: User, pk: int) -> Challenge:
    return _rw_only(get_challenge_for_user(user, pk))


def get_report_for_user(user: User, pk: int) -> tuple[HighlightReport, bool]:
    """The highlight report, and whether the user may change it (see may_write_report)."""
    try:
        report = selectors.highlight_report_detail(pk)
    except HighlightReport.DoesNotExist:
        raise Http404("No such highlight report") from None
    return report, may_write_report(user, report.group)


def get_rw_report_for_user(user: User, pk: int) -> HighlightReport:
    return _rw_only(get_report_for_user(user, pk))


def get_rw_you_said_for_user(user: User, pk: int) -> YouSaidWeDid:
    """A "You said, we did" entry, for whoever keeps them."""
    try:
        entry = selectors.you_said_entry(pk)
    except YouSaidWeDid.DoesNotExist:
        raise Http404("No such entry") from None
    return _rw_only((entry, may_run_meetings(user)))


def get_rw_planned_meeting_for_user(user: User, pk: int) -> PlannedMeeting:
    """A meeting of the work plan, for whoever runs the meetings (they plan them)."""
    try:
        plan = selectors.planned_meeting_detail(pk)
    except PlannedMeeting.DoesNotExist:
        raise Http404("No such planned meeting") from None
    return _rw_only((plan, may_run_meetings(user)))


def get_rw_planned_item_for_user(user: User, pk: int) -> PlannedItem:
    """An item of the work plan, for whoever runs the meetings; 404 for a restricted item of
    a group the user does not sit on, as for agenda items."""
    try:
        item = selectors.planned_item_detail(pk, user=user)
    except PlannedItem.DoesNotExist:
        raise Http404("No such planned item") from None
    return _rw_only((item, may_run_meetings(user)))


def get_visit_for_user(user: User, pk: int) -> tuple[Visit, bool]:
    """The visit (everyone who reads the board sees the programme), and whether the user may
    change its plan and write its report."""
    try:
        visit = oversight.visit_detail(pk)
    except Visit.DoesNotExist:
        raise Http404("No such visit") from None
    return visit, may_change_visit(user, visit)


def get_rw_visit_for_user(user: User, pk: int) -> Visit:
    return _rw_only(get_visit_for_user(user, pk))


def get_inspection_for_user(user: User, pk: int) -> tuple[Inspection, bool]:
    """The inspection (public: everyone who reads the board), and whether the user may
    change it and add its recommendations."""
    try:
        inspection = oversight.inspection_detail(pk)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection") from None
    return inspection, may_run_meetings(user)


def get_rw_inspection_for_user(user: User, pk: int) -> Inspection:
    return _rw_only(get_inspection_for_user(user, pk))


def get_rw_training_session_for_user(user: User, pk: int) -> TrainingSession:
    """A training session, for whoever runs the meetings."""
    try:
        session = oversight.training_session_detail(pk)
    except TrainingSession.DoesNotExist:
        raise Http404("No such training session") from None
    return _rw_only((session, may_run_meetings(user)))


def get_rw_training_course_for_user(user: User, pk: int) -> TrainingCourse:
    """A training course, for whoever runs the meetings."""
    try:
        course = oversight.training_course_detail(pk)
    except TrainingCourse.DoesNotExist:
        raise Http404("No such course") from None
    return _rw_only((course, may_run_meetings(user)))
