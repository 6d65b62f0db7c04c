"""The groups table, a group's page and its remit, and the members of each group."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, can, requires
from subgroups import access, selectors, services
from subgroups.forms import BoardGroupForm, MembershipForm
from subgroups.tables import BoardGroupTable
from subgroups.views.common import history_for


@requires(Capability.VIEW_BOARD)
def group_list(request: HttpRequest) -> HttpResponse:
    table = BoardGroupTable(selectors.group_list())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "subgroups/group_list.html",
        {"table": table, "show_training": access.may_see_training(request.user)},
    )


@requires(Capability.VIEW_BOARD)
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group, rw = access.get_group_for_user(request.user, slug)
    members = selectors.group_members(group)
    chair, lead = selectors.group_leads(members)
    staff = can(request.user, Capability.VIEW_BOARD_REPORTS)
    return render(
        request,
        "subgroups/group_detail.html",
        {
            "group": group,
            "history": history_for(request, group, ("remit", "meeting_frequency")),
            "can_edit": rw,
            "can_run": access.may_run_meetings(request.user),
            "members": members,
            "chair": chair,
            "lead_officer": lead,
            "meetings": selectors.meeting_list(user=request.user, group=group)[:8],
            "challenges": selectors.open_challenges(group=group)
            if staff and group.is_board
            else None,
            "report": selectors.latest_report_of(group) if not group.is_board else None,
            "can_write_report": access.may_write_report(request.user, group),
            "today": timezone.localdate(),
        },
    )


@requires(Capability.EDIT_GROUPS)
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_rw_group_for_user(request.user, slug)
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
    group, _ = access.get_group_for_user(request.user, slug)
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
    group, _ = access.get_group_for_user(request.user, slug)
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
    membership = access.get_rw_membership_for_user(request.user, pk)
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
            "history": history_for(
                request, membership, ("role", "theme", "organisation", "starts_on", "ends_on")
            ),
        },
    )
