"""Meetings: the list and calendar, arranging and changing a meeting, its page, the feedback
young people are given, and its agenda items."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, can, requires
from subgroups import access, oversight, selectors, services
from subgroups.forms import AgendaItemForm, FeedbackForm, MeetingCreateForm, MeetingForm
from subgroups.views.common import history_for

MEETING_FIELDS = ("starts_at", "place", "status", "feedback", "feedback_given_on")
ITEM_FIELDS = (
    "title",
    "presenter",
    "is_restricted",
    "public_title",
    "paper_name",
    "minutes",
    "decisions",
)


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
            "can_run": access.may_run_meetings(request.user),
        },
    )


@requires(Capability.RUN_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    initial = {"place": "Civic Centre, Council Chamber", "time": "18:00"}
    board = selectors.board()
    if board:
        initial["group"] = board.pk
    plan = selectors.unarranged_plan(request.GET.get("plan"))
    if plan is not None:
        initial.update(group=plan.group_id, plan=plan.pk, day=plan.planned_for.strftime("%d/%m/%Y"))
    form = MeetingCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            group=form.cleaned_data["group"],
            changed_by=request.user,
            plan=form.cleaned_data["plan"],
            starts_at=form.starts_at(),
            place=form.cleaned_data["place"],
        )
        planned = getattr(meeting, "planned", None)
        messages.success(
            request,
            f"{meeting}: meeting arranged with its standing items"
            + (f" and the work plan's items ({planned.theme})" if planned else "")
            + " on the agenda.",
        )
        return redirect(meeting)
    return render(request, "subgroups/meeting_form.html", {"form": form, "plan": plan})


@requires(Capability.RUN_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
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
    meeting, rw = access.get_meeting_for_user(request.user, pk)
    page = selectors.meeting_page(meeting, user=request.user)
    access.with_may_change(request.user, page.action_log)
    return render(
        request,
        "subgroups/meeting_detail.html",
        {
            "meeting": meeting,
            "page": page,
            "quorum_rule": selectors.QUORUM_RULE,
            "can_run": rw,
            "show_challenges": can(request.user, Capability.VIEW_BOARD_REPORTS),
            "history": history_for(request, meeting, MEETING_FIELDS),
            "today": timezone.localdate(),
            "inspections": oversight.inspections_since_last_meeting(meeting),
        },
    )


@requires(Capability.RUN_MEETINGS)
def meeting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
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


# --- Agenda items ---------------------------------------------------------------------------


def _item_fields(form: AgendaItemForm) -> dict:
    return {
        "title": form.cleaned_data["title"],
        "presenter": form.cleaned_data["presenter"],
        "is_restricted": form.cleaned_data["is_restricted"],
        "public_title": form.cleaned_data["public_title"]
        if form.cleaned_data["is_restricted"]
        else "",
    }


@requires(Capability.RUN_MEETINGS)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
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
    item = access.get_rw_agenda_item_for_user(request.user, pk)
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
            "history": history_for(request, item, ITEM_FIELDS),
        },
    )


@requires(Capability.RUN_MEETINGS)
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_rw_agenda_item_for_user(request.user, pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.agenda_item_move(item=item, direction=direction, changed_by=request.user)
    return redirect(reverse("subgroups:meeting-detail", args=[item.meeting_id]) + "#agenda")
