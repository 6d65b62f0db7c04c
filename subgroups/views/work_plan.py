"""The forward work plan: the coming meetings of the Board and each sub-group with their
themes and planned items, changing and moving items, the papers an officer owes, and the
declarations of interest recorded against a meeting's items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cpboard import exports
from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, may_see_staff_names, requires
from subgroups import access, selectors, services
from subgroups.forms import (
    DeclarationForm,
    PlannedItemForm,
    PlannedItemMoveForm,
    PlannedMeetingForm,
)
from subgroups.models import BoardGroup, PlannedMeeting
from subgroups.views.common import history_for

PLANNED_ITEM_FIELDS = ("kind", "title", "officer", "paper_due_on", "kpi_code", "is_restricted")
EXPORT_HEADER = (
    "Group",
    "Planned for",
    "Theme",
    "Arranged",
    "Item",
    "Kind of item",
    "Officer",
    "Paper due",
    "KPI code",
    "Restricted",
)


def _export_rows(plans: list[PlannedMeeting], *, names: bool) -> list[tuple]:
    """One row per planned item (a meeting with none has one row of its own)."""
    rows = []
    for plan in plans:
        arranged = "Yes" if plan.meeting_id else "No"
        meeting = (plan.group.name, plan.planned_for, plan.theme, arranged)
        if not plan.planned_items:
            rows.append((*meeting, "", "", "", None, "", ""))
        for item in plan.planned_items:
            officer = ""
            if item.officer_id:
                officer = (
                    item.officer.get_full_name() or item.officer.get_username()
                    if names
                    else "A named council officer"
                )
            rows.append(
                (
                    *meeting,
                    item.title,
                    item.get_kind_display(),
                    officer,
                    item.paper_due_on,
                    item.kpi_code,
                    "Yes" if item.is_restricted else "No",
                )
            )
    return rows


def _render_plan(
    request: HttpRequest, plans: list[PlannedMeeting], *, group: BoardGroup | None
) -> HttpResponse:
    fmt = request.GET.get(exports.EXPORT_PARAMETER)
    filename = f"work-plan-{group.slug}" if group else "work-plan"
    if fmt in exports.FORMATS:
        rows = _export_rows(plans, names=may_see_staff_names(request.user))
        content = exports.spreadsheet_bytes(fmt, EXPORT_HEADER, rows, title="Work plan")
        return exports.download(content, fmt=fmt, filename=filename)
    if fmt is not None:
        messages.error(
            request,
            "The work plan can be downloaded as CSV or Excel (XLSX) only, so the page is shown "
            "instead.",
        )
    return render(
        request,
        "subgroups/work_plan.html",
        {
            "group": group,
            "groups": selectors.work_plan_by_group(plans),
            "all_groups": selectors.group_list() if group is None else None,
            "can_run": access.may_run_meetings(request.user),
            "today": timezone.localdate(),
        },
    )


@requires(Capability.VIEW_BOARD)
def work_plan_all(request: HttpRequest) -> HttpResponse:
    """The coming meetings of the Board and every sub-group, with their planned items."""
    return _render_plan(request, selectors.work_plan(user=request.user), group=None)


@requires(Capability.VIEW_BOARD)
def work_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """One group's work plan (the Board's is the Board's page of it)."""
    group, _ = access.get_group_for_user(request.user, slug)
    return _render_plan(request, selectors.work_plan(user=request.user, group=group), group=group)


@requires(Capability.RUN_MEETINGS)
def planned_meeting_add(request: HttpRequest, slug: str) -> HttpResponse:
    group, _ = access.get_group_for_user(request.user, slug)
    form = PlannedMeetingForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        plan = services.planned_meeting_save(
            changed_by=request.user,
            group=group,
            planned_for=form.cleaned_data["planned_for"],
            theme=form.cleaned_data["theme"],
        )
        messages.success(request, f"Added to the work plan: {plan}.")
        return redirect(plan)
    return render(request, "subgroups/work_plan_form.html", {"form": form, "group": group})


@requires(Capability.RUN_MEETINGS)
def planned_meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_rw_planned_meeting_for_user(request.user, pk)
    form = PlannedMeetingForm(request.POST or None, instance=plan, group=plan.group)
    if request.method == "POST" and form.is_valid():
        try:
            services.planned_meeting_save(
                plan=plan,
                changed_by=request.user,
                seen_change=form.cleaned_data["seen_change"],
                planned_for=form.cleaned_data["planned_for"],
                theme=form.cleaned_data["theme"],
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"Saved: {plan}.")
            return redirect(plan)
    return render(
        request,
        "subgroups/work_plan_form.html",
        {
            "form": form,
            "group": plan.group,
            "plan": plan,
            "history": history_for(request, plan, ("planned_for", "theme", "meeting")),
        },
    )


@requires(Capability.RUN_MEETINGS)
def planned_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_rw_planned_meeting_for_user(request.user, pk)
    form = PlannedItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PLANNED_ITEM_FIELDS}
        item = services.planned_item_save(changed_by=request.user, planned_meeting=plan, **fields)
        joined = " It is on the meeting's agenda." if item.agenda_item_id else ""
        messages.success(request, f"Planned for {plan.planned_for:%-d %B %Y}: {item}.{joined}")
        return redirect(plan)
    return render(
        request,
        "subgroups/planned_item_form.html",
        {"form": form, "plan": plan, "group": plan.group},
    )


@requires(Capability.RUN_MEETINGS)
def planned_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_rw_planned_item_for_user(request.user, pk)
    plan = item.planned_meeting
    form = PlannedItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.planned_item_save(
                item=item,
                changed_by=request.user,
                seen_change=form.cleaned_data["seen_change"],
                **{name: form.cleaned_data[name] for name in PLANNED_ITEM_FIELDS},
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"Saved: {item}.")
            return redirect(plan)
    return render(
        request,
        "subgroups/planned_item_form.html",
        {
            "form": form,
            "plan": plan,
            "group": plan.group,
            "item": item,
            "history": history_for(request, item, (*PLANNED_ITEM_FIELDS, "planned_meeting")),
        },
    )


@requires(Capability.RUN_MEETINGS)
def planned_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_rw_planned_item_for_user(request.user, pk)
    form = PlannedItemMoveForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        try:
            services.planned_item_move(item=item, to=to, changed_by=request.user)
        except ValidationError as error:
            for message in error.message_dict.get("to", error.messages):
                form.add_error("to", message)
        else:
            messages.success(
                request, f"Moved “{item}” to the meeting on {to.planned_for:%-d %B %Y}."
            )
            return redirect(to)
    return render(
        request,
        "subgroups/planned_item_move.html",
        {
            "form": form,
            "item": item,
            "plan": item.planned_meeting,
            "group": item.planned_meeting.group,
        },
    )


@requires(Capability.VIEW_BOARD)
def papers_owed(request: HttpRequest) -> HttpResponse:
    """The papers the signed-in person owes for coming meetings, soonest due first."""
    return render(
        request,
        "subgroups/papers_owed.html",
        {"items": selectors.reports_owed_by(request.user), "today": timezone.localdate()},
    )


# --- Declarations of interest -------------------------------------------------------------


@requires(Capability.RUN_MEETINGS)
def declaration_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_rw_meeting_for_user(request.user, pk)
    items = selectors.agenda_items_of(meeting, user=request.user)
    members = selectors.meeting_members(meeting)
    form = DeclarationForm(request.POST or None, items=items, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        item = data.pop("agenda_item")
        try:
            declaration = services.declaration_record(item=item, changed_by=request.user, **data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"Declaration recorded: {declaration.membership.person_name}, item "
                f"{item.position}.",
            )
            return redirect(meeting.get_absolute_url() + "#agenda")
    return render(request, "subgroups/declaration_form.html", {"form": form, "meeting": meeting})
