"""Pages of the Board and its sub-groups: groups and members, meetings with their agendas,
papers, attendance, minutes and action log, challenges, highlight reports, "You said, we
did", the meeting calendar with its .ics feed, and search.

Who may see a restricted agenda item is decided in one place, `AgendaItem.objects.visible_to`
(with `may_see_restricted` for one group); every page, download, feed and search here reads
agenda items through it, and `_get_agenda_item_for_user` answers 404 for anything else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cpboard.exports import table_export
from cpboard.history import StaleEdit, change_history, refuse_stale, with_latest_change
from cpboard.quarters import FinancialQuarter
from cpboard.roles import Capability, can, requires
from subgroups import ics, selectors, services
from subgroups.challenges import challenge_subject, challenge_subjects
from subgroups.forms import (
    ActionForm,
    ActionUpdateForm,
    AgendaItemForm,
    AttendanceFormSet,
    BoardGroupForm,
    ChallengeAnswerForm,
    ChallengeForm,
    FeedbackForm,
    HighlightReportForm,
    MeetingCreateForm,
    MeetingForm,
    MembershipForm,
    MinutesFormSet,
    SearchForm,
    YouSaidWeDidForm,
    items_as_opened,
)
from subgroups.models import (
    AgendaItem,
    BoardGroup,
    CalendarFeed,
    Challenge,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    YouSaidWeDid,
)
from subgroups.papers import KINDS
from subgroups.tables import ActionLogTable, BoardGroupTable, ChallengeTable

MEETING_FIELDS = ("starts_at", "place", "status", "feedback", "feedback_given_on")
ITEM_FIELDS = ("title", "presenter", "is_restricted", "paper_name", "minutes", "decisions")
ACTION_FIELDS = ("description", "owner", "owner_name", "due_on", "status", "progress")


# --- Finding what a user may see ----------------------------------------------------------


def _get_group_for_user(slug: str) -> BoardGroup:
    try:
        return selectors.group_detail(slug)
    except BoardGroup.DoesNotExist:
        raise Http404("No such group") from None


def _get_meeting_for_user(pk: int) -> Meeting:
    try:
        return selectors.meeting_detail(pk)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting") from None


def _get_agenda_item_for_user(pk: int, user) -> AgendaItem:
    """The agenda item if the user may see it (see AgendaItem.objects.visible_to); 404
    otherwise, so that a restricted item's existence is not given away."""
    try:
        return AgendaItem.objects.visible_to(user).select_related("meeting__group").get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404("No such agenda item") from None


def _get_action_for_user(pk: int, user) -> MeetingAction:
    try:
        return (
            with_latest_change(MeetingAction.objects.visible_to(user))
            .select_related("group", "raised_at__group", "owner", "agenda_item")
            .get(pk=pk)
        )
    except MeetingAction.DoesNotExist:
        raise Http404("No such action") from None


def _get_challenge_for_user(pk: int) -> Challenge:
    try:
        return with_latest_change(
            Challenge.objects.select_related(
                "content_type", "group", "owner", "raised_by", "answered_by"
            )
        ).get(pk=pk)
    except Challenge.DoesNotExist:
        raise Http404("No such challenge") from None


def _get_report_for_user(pk: int) -> HighlightReport:
    try:
        return selectors.highlight_report_detail(pk)
    except HighlightReport.DoesNotExist:
        raise Http404("No such highlight report") from None


def _history(request, obj, fields):
    if can(request.user, Capability.VIEW_CHANGE_HISTORY):
        return change_history(obj, fields=fields)
    return None


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- Groups and members -------------------------------------------------------------------


@requires(Capability.VIEW_BOARD)
def group_list(request: HttpRequest) -> HttpResponse:
    table = BoardGroupTable(selectors.group_list())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "subgroups/group_list.html", {"table": table})


@requires(Capability.VIEW_BOARD)
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    members = selectors.group_members(group)
    chair, lead = selectors.group_leads(members)
    staff = can(request.user, Capability.VIEW_BOARD_REPORTS)
    return render(
        request,
        "subgroups/group_detail.html",
        {
            "group": group,
            "history": _history(request, group, ("remit", "meeting_frequency")),
            "can_edit": can(request.user, Capability.EDIT_GROUPS),
            "can_run": can(request.user, Capability.RUN_MEETINGS),
            "members": members,
            "chair": chair,
            "lead_officer": lead,
            "meetings": selectors.meeting_list(user=request.user, group=group)[:8],
            "challenges": selectors.open_challenges(group=group)
            if staff and group.is_board
            else None,
            "report": selectors.latest_report_of(group) if not group.is_board else None,
            "can_write_report": _may_write_report(request.user, group),
            "today": timezone.localdate(),
        },
    )


@requires(Capability.EDIT_GROUPS)
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    form = BoardGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, changed_by=request.user, **form.cleaned_data)
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{group.name}: changes saved.")
            return redirect(group)
    return render(request, "subgroups/group_form.html", {"group": group, "form": form})


@requires(Capability.RUN_MEETINGS)
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    return render(
        request,
        "subgroups/member_list.html",
        {
            "group": group,
            "memberships": selectors.membership_history(group),
            "today": timezone.localdate(),
        },
    )


@requires(Capability.RUN_MEETINGS)
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    form = MembershipForm(
        request.POST or None, initial={"starts_on": timezone.localdate().strftime("%d/%m/%Y")}
    )
    if request.method == "POST" and form.is_valid():
        membership = services.membership_create(
            group=group, changed_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{membership.person_name} added to {group.name}.")
        return redirect("subgroups:member-list", slug=group.slug)
    return render(
        request, "subgroups/member_form.html", {"group": group, "form": form, "adding": True}
    )


@requires(Capability.RUN_MEETINGS)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        membership = Membership.objects.select_related("group", "user").get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404("No such member") from None
    group = membership.group
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        services.membership_update(
            membership=membership, changed_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{membership.person_name}: membership saved.")
        return redirect("subgroups:member-list", slug=group.slug)
    return render(
        request,
        "subgroups/member_form.html",
        {
            "group": group,
            "form": form,
            "membership": membership,
            "history": _history(
                request, membership, ("role", "theme", "organisation", "starts_on", "ends_on")
            ),
        },
    )


# --- Meetings -----------------------------------------------------------------------------


@requires(Capability.VIEW_BOARD)
def meeting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "subgroups/meeting_list.html",
        {
            "calendar": selectors.calendar(start=today),
            "meetings": [
                m for m in selectors.meeting_list(user=request.user) if m.starts_at.date() < today
            ][:20],
            "can_run": can(request.user, Capability.RUN_MEETINGS),
        },
    )


@requires(Capability.RUN_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    initial = {"place": "Civic Centre, Council Chamber"}
    board = BoardGroup.objects.board()
    if board:
        initial["group"] = board.pk
    form = MeetingCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            group=form.cleaned_data["group"],
            changed_by=request.user,
            starts_at=form.starts_at(),
            place=form.cleaned_data["place"],
        )
        messages.success(
            request, f"{meeting}: meeting arranged with its standing items on the agenda."
        )
        return redirect(meeting)
    return render(request, "subgroups/meeting_form.html", {"form": form})


@requires(Capability.RUN_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                changed_by=request.user,
                seen_change=form.cleaned_data["seen_change"],
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                status=form.cleaned_data["status"],
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{meeting}: changes saved.")
            return redirect(meeting)
    return render(request, "subgroups/meeting_form.html", {"form": form, "meeting": meeting})


@requires(Capability.VIEW_BOARD)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    page = selectors.meeting_page(meeting, user=request.user)
    staff = can(request.user, Capability.VIEW_BOARD_REPORTS)
    return render(
        request,
        "subgroups/meeting_detail.html",
        {
            "meeting": meeting,
            "page": page,
            "quorum_rule": selectors.QUORUM_RULE,
            "can_run": can(request.user, Capability.RUN_MEETINGS),
            "can_update_own": can(request.user, Capability.UPDATE_OWN_ITEMS),
            "show_challenges": staff,
            "history": _history(request, meeting, MEETING_FIELDS),
            "today": timezone.localdate(),
        },
    )


@requires(Capability.RUN_MEETINGS)
def meeting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    form = FeedbackForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                changed_by=request.user,
                seen_change=form.cleaned_data["seen_change"],
                feedback=form.cleaned_data["feedback"],
                feedback_given_on=form.cleaned_data["feedback_given_on"],
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, "Feedback for young people saved.")
            return redirect(meeting)
    return render(request, "subgroups/feedback_form.html", {"form": form, "meeting": meeting})


# --- Agenda items and papers --------------------------------------------------------------


def _item_fields(form) -> dict:
    return {
        "title": form.cleaned_data["title"],
        "presenter": form.cleaned_data["presenter"],
        "is_restricted": form.cleaned_data["is_restricted"],
    }


@requires(Capability.RUN_MEETINGS)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    form = AgendaItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = services.agenda_item_create(
            meeting=meeting,
            changed_by=request.user,
            paper=form.cleaned_data["upload"],
            **_item_fields(form),
        )
        messages.success(request, f"Item {item.position} added: {item.title}.")
        return redirect(meeting)
    return render(request, "subgroups/item_form.html", {"form": form, "meeting": meeting})


@requires(Capability.RUN_MEETINGS)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_agenda_item_for_user(pk, request.user)
    meeting = item.meeting
    form = AgendaItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                item=item,
                changed_by=request.user,
                paper=form.cleaned_data["upload"],
                seen_change=form.cleaned_data["seen_change"],
                **_item_fields(form),
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"Item {item.position} saved: {item.title}.")
            return redirect(meeting)
    return render(
        request,
        "subgroups/item_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "history": _history(request, item, ITEM_FIELDS),
        },
    )


@requires(Capability.RUN_MEETINGS)
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_agenda_item_for_user(pk, request.user)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.agenda_item_move(item=item, direction=direction, changed_by=request.user)
    return redirect(reverse("subgroups:meeting-detail", args=[item.meeting_id]) + "#agenda")


@requires(Capability.VIEW_BOARD)
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """The item's paper as an attachment, under the name it was uploaded with; 404 for an
    item the user may not see or one with no paper. Papers are never served from a public
    media address."""
    item = _get_agenda_item_for_user(pk, request.user)
    if not item.paper:
        raise Http404("This item has no paper")
    try:
        handle = item.paper.open("rb")
    except FileNotFoundError:
        raise Http404("The paper is missing from storage") from None
    extension = item.paper_name.rsplit(".", 1)[-1].lower()
    kind = KINDS.get(extension)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.paper_name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Attendance and minutes ---------------------------------------------------------------


@requires(Capability.RUN_MEETINGS)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    members = selectors.meeting_members(meeting)
    recorded = {a.membership_id: a.status for a in meeting.attendance.all()}
    formset = AttendanceFormSet(
        request.POST or None,
        members=members,
        initial=[{"status": recorded.get(m.pk, "")} for m in members],
    )
    if request.method == "POST" and formset.is_valid():
        services.attendance_record(
            meeting=meeting, statuses=formset.statuses(), changed_by=request.user
        )
        messages.success(request, "Attendance saved.")
        return redirect(reverse("subgroups:meeting-detail", args=[meeting.pk]) + "#attendance")
    return render(
        request,
        "subgroups/attendance_form.html",
        {"formset": formset, "meeting": meeting, "quorum_rule": selectors.QUORUM_RULE},
    )


@requires(Capability.RUN_MEETINGS)
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    items = list(
        with_latest_change(AgendaItem.objects.visible_to(request.user))
        .filter(meeting=meeting)
        .order_by("position", "pk")
    )
    if request.method == "POST":
        items = items_as_opened(request.POST, items)
    formset = MinutesFormSet(
        request.POST or None,
        items=items,
        initial=[{"minutes": i.minutes, "decisions": i.decisions} for i in items],
    )
    if request.method == "POST" and formset.is_valid():
        try:
            services.minutes_record(
                items={form.item: form.cleaned_data for form in formset.forms},
                changed_by=request.user,
            )
        except services.StaleMinutes as error:
            form = next(form for form in formset.forms if form.item == error.item)
            formset.data = formset.data.copy()
            formset.data[f"{form.prefix}-seen_change"] = error.latest_change
            form.data = formset.data
            form.add_error(None, f"Item {error.item.position}: {error.message}")
        else:
            messages.success(request, "Minutes and decisions saved.")
            return redirect(meeting)
    return render(request, "subgroups/minutes_form.html", {"formset": formset, "meeting": meeting})


# --- Action log ---------------------------------------------------------------------------


@requires(Capability.RUN_MEETINGS)
def action_raise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(pk)
    items = list(AgendaItem.objects.visible_to(request.user).filter(meeting=meeting))
    form = ActionForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        try:
            action = services.action_raise(meeting=meeting, changed_by=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Action added to the log: {action}.")
            return redirect(reverse("subgroups:meeting-detail", args=[meeting.pk]) + "#actions")
    return render(request, "subgroups/action_form.html", {"form": form, "meeting": meeting})


def _may_update_action(user, action: MeetingAction) -> bool:
    if can(user, Capability.RUN_MEETINGS):
        return True
    return can(user, Capability.UPDATE_OWN_ITEMS) and action.owner_id == user.pk


@requires(Capability.VIEW_BOARD)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get_action_for_user(pk, request.user)
    if not _may_update_action(request.user, action):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action,
                changed_by=request.user,
                seen_change=data["seen_change"],
                closed_at=data["closed_at"],
                status=data["status"],
                progress=data["progress"],
                due_on=data["due_on"],
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"Action saved: {action.get_status_display()}.")
            return redirect(_safe_next(request, action.raised_at.get_absolute_url()))
    return render(
        request,
        "subgroups/action_edit.html",
        {
            "form": form,
            "action": action,
            "history": _history(request, action, ACTION_FIELDS),
            "next": _safe_next(request, ""),
        },
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def action_log(request: HttpRequest) -> HttpResponse:
    actions = (
        MeetingAction.objects.visible_to(request.user)
        .select_related("group", "raised_at__group", "closed_at", "owner")
        .order_by("status", "due_on", "pk")
    )
    status = request.GET.get("status", "open")
    if status == "open":
        actions = actions.open()
    table = ActionLogTable(actions, user=request.user)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    exported = table_export(request, table, filename="action-log")
    if exported:
        return exported
    return render(request, "subgroups/action_log.html", {"table": table, "status": status})


# --- Challenges ---------------------------------------------------------------------------


def _challenge_subject(about: str) -> models.Model:
    """The object named by "app_label.model:pk", if its model may be challenged (the apps
    register what may be: subgroups.challenges)."""
    label, _, pk = about.partition(":")
    subject = challenge_subject(label)
    if subject is None or not pk.isdigit():
        raise Http404("Nothing to challenge")
    try:
        return subject.model._default_manager.get(pk=int(pk))
    except subject.model.DoesNotExist:
        raise Http404("Nothing to challenge") from None


def _challenge_subjects() -> list[tuple[str, list[tuple[str, str]]]]:
    """Everything that may be challenged, as grouped choices "app_label.model:pk"."""
    groups = []
    for subject in challenge_subjects():
        choices = subject.choices()
        if choices:
            groups.append((f"{subject.kind}s", choices))
    return groups


@requires(Capability.RAISE_CHALLENGES)
def challenge_raise(request: HttpRequest) -> HttpResponse:
    """Raise a challenge about the item named by ?about=app_label.model:pk (from the item's
    page), or, without it, about an item chosen on the form."""
    about = request.GET.get("about", "")
    subject = _challenge_subject(about) if about else None
    board = BoardGroup.objects.board()
    if board is None:
        raise Http404("There is no Board to challenge through")
    label = services.subject_label(subject) if subject else "a KPI, action, risk or report"
    form = ChallengeForm(request.POST or None, subjects=None if subject else _challenge_subjects())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if subject is None:
            subject = _challenge_subject(data.pop("subject"))
            label = services.subject_label(subject)
        challenge = services.challenge_raise(
            subject=subject, group=board, raised_by=request.user, **data
        )
        messages.success(
            request,
            f"Challenge raised about {label}; "
            f"{challenge.owner.get_full_name() or challenge.owner} is asked to answer by "
            f"{challenge.due_on:%-d %B %Y}.",
        )
        fallback = getattr(subject, "get_absolute_url", challenge.get_absolute_url)()
        return redirect(_safe_next(request, fallback))
    return render(
        request,
        "subgroups/challenge_form.html",
        {"form": form, "label": label, "subject": subject, "about": about},
    )


def _may_answer(user, challenge: Challenge) -> bool:
    if can(user, Capability.RUN_MEETINGS):
        return True
    return can(user, Capability.UPDATE_OWN_ITEMS) and challenge.owner_id == user.pk


@requires(Capability.VIEW_BOARD_REPORTS)
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _get_challenge_for_user(pk)
    selectors._with_subject_urls([challenge])
    return render(
        request,
        "subgroups/challenge_detail.html",
        {
            "challenge": challenge,
            "can_answer": challenge.is_open and _may_answer(request.user, challenge),
            "history": _history(request, challenge, ("question", "owner", "due_on", "answer")),
        },
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def challenge_answer(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _get_challenge_for_user(pk)
    if not _may_answer(request.user, challenge):
        raise PermissionDenied
    form = ChallengeAnswerForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_answer(
                challenge=challenge,
                answer=form.cleaned_data["answer"],
                answered_by=request.user,
                seen_change=form.cleaned_data["seen_change"],
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, "Answer recorded; the challenge is closed.")
            return redirect(challenge)
    return render(
        request, "subgroups/challenge_answer.html", {"form": form, "challenge": challenge}
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def challenge_log(request: HttpRequest) -> HttpResponse:
    table = ChallengeTable(selectors.challenge_log())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    exported = table_export(request, table, filename="challenge-log")
    if exported:
        return exported
    return render(
        request,
        "subgroups/challenge_log.html",
        {"table": table, "can_challenge": can(request.user, Capability.RAISE_CHALLENGES)},
    )


# --- Highlight reports --------------------------------------------------------------------


def _may_write_report(user, group: BoardGroup) -> bool:
    """The secretary, or the sub-group's chair or lead officer with the capability."""
    if group.is_board:
        return False
    if can(user, Capability.RUN_MEETINGS):
        return True
    if not can(user, Capability.WRITE_HIGHLIGHT_REPORTS):
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


@requires(Capability.WRITE_HIGHLIGHT_REPORTS)
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = _get_group_for_user(slug)
    if not _may_write_report(request.user, group):
        raise PermissionDenied
    quarter = FinancialQuarter.current().previous()
    form = HighlightReportForm(request.POST or None, group=group, initial={"quarter": str(quarter)})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        report = services.highlight_report_save(group=group, author=request.user, **data)
        messages.success(request, f"Highlight report for {report.quarter} saved.")
        return redirect(report)
    return render(request, "subgroups/report_form.html", {"form": form, "group": group})


@requires(Capability.WRITE_HIGHLIGHT_REPORTS)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(pk)
    if not _may_write_report(request.user, report.group):
        raise PermissionDenied
    form = HighlightReportForm(request.POST or None, instance=report, group=report.group)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.highlight_report_save(
                group=report.group, author=request.user, report=report, **data
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"Highlight report for {report.quarter} saved.")
            return redirect(report)
    return render(
        request,
        "subgroups/report_form.html",
        {"form": form, "group": report.group, "report": report},
    )


@requires(Capability.VIEW_BOARD)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(pk)
    staff = can(request.user, Capability.VIEW_BOARD_REPORTS)
    return render(
        request,
        "subgroups/report_detail.html",
        {
            "report": report,
            "can_edit": _may_write_report(request.user, report.group),
            "challenges": selectors.challenges_about(report) if staff else None,
            "challenge_about": f"subgroups.highlightreport:{report.pk}",
            "can_challenge": can(request.user, Capability.RAISE_CHALLENGES),
            "history": _history(
                request, report, ("went_well", "concerns", "asks", "status", "outcomes", "kpis")
            ),
        },
    )


# --- You said, we did ---------------------------------------------------------------------


@requires(Capability.VIEW_BOARD)
def you_said(request: HttpRequest) -> HttpResponse:
    feedback = (
        Meeting.objects.filter(group__kind=BoardGroup.Kind.BOARD)
        .exclude(feedback="")
        .select_related("group")
        .order_by("-starts_at")[:4]
    )
    return render(
        request,
        "subgroups/you_said.html",
        {
            "entries": selectors.you_said_we_did(),
            "feedback": list(feedback),
            "can_edit": can(request.user, Capability.RUN_MEETINGS),
        },
    )


@requires(Capability.RUN_MEETINGS)
def you_said_add(request: HttpRequest) -> HttpResponse:
    form = YouSaidWeDidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        services.you_said_save(changed_by=request.user, **data)
        messages.success(request, "Added to \u201cYou said, we did\u201d.")
        return redirect("subgroups:you-said")
    return render(request, "subgroups/you_said_form.html", {"form": form})


@requires(Capability.RUN_MEETINGS)
def you_said_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        entry = with_latest_change(YouSaidWeDid.objects.all()).get(pk=pk)
    except YouSaidWeDid.DoesNotExist:
        raise Http404("No such entry") from None
    form = YouSaidWeDidForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.you_said_save(entry=entry, changed_by=request.user, **data)
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("subgroups:you-said")
    return render(
        request,
        "subgroups/you_said_form.html",
        {
            "form": form,
            "entry": entry,
            "history": _history(request, entry, ("you_said", "we_did", "status", "told_on")),
        },
    )


# --- Calendar feed and search -------------------------------------------------------------


@requires(Capability.VIEW_BOARD)
def calendar_feed(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_for(request.user)
    address = request.build_absolute_uri(reverse("subgroups:calendar-ics", args=[feed.token]))
    return render(
        request,
        "subgroups/calendar_feed.html",
        {"address": address, "groups": selectors.groups_of(request.user)},
    )


@requires(Capability.VIEW_BOARD)
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_renew(user=request.user)
    messages.success(request, "You have a new calendar address. The old one no longer works.")
    return redirect("subgroups:calendar-feed")


@login_not_required
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings of the token owner's groups as iCalendar; the secret address is the
    credential, so calendar apps can subscribe without signing in."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None or not can(feed.user, Capability.VIEW_BOARD):
        raise Http404("No such calendar")
    body = ics.calendar(
        selectors.feed_meetings(feed.user),
        name="Corporate Parenting Board meetings",
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="board-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.VIEW_BOARD)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.search(form.cleaned_data["q"], user=request.user)
    return render(request, "subgroups/search.html", {"form": form, "results": results})
