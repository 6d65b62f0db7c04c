"""After a meeting: attendance, minutes and decisions, and the action log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from cpboard.exports import table_export
from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, requires
from subgroups import access, selectors, services
from subgroups.forms import (
    ActionForm,
    ActionUpdateForm,
    AttendanceFormSet,
    MinutesFormSet,
    items_as_opened,
)
from subgroups.tables import ActionLogTable
from subgroups.views.common import history_for, safe_next

ACTION_FIELDS = ("description", "owner", "owner_name", "due_on", "status", "progress")


@requires(Capability.RUN_MEETINGS)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
    members = selectors.meeting_members(meeting)
    recorded = selectors.attendance_recorded(meeting)
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
    meeting = access.get_rw_meeting_for_user(request.user, pk)
    items = selectors.agenda_items_of(meeting, user=request.user)
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


# --- The action log -------------------------------------------------------------------------


@requires(Capability.RUN_MEETINGS)
def action_raise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
    items = selectors.agenda_items_of(meeting, user=request.user)
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


@requires(Capability.VIEW_BOARD)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.get_rw_action_for_user(request.user, pk)
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
            return redirect(safe_next(request, action.raised_at.get_absolute_url()))
    return render(
        request,
        "subgroups/action_edit.html",
        {
            "form": form,
            "action": action,
            "history": history_for(request, action, ACTION_FIELDS),
            "next": safe_next(request, ""),
        },
    )


@requires(Capability.VIEW_BOARD_REPORTS)
def action_log(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    actions = selectors.action_log(user=request.user, open_only=status == "open")
    table = ActionLogTable(actions, user=request.user)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    exported = table_export(request, table, filename="action-log")
    if exported:
        return exported
    return render(request, "subgroups/action_log.html", {"table": table, "status": status})
