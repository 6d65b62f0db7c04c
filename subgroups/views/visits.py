"""The visits programme: visits by year with who visited what, planning a visit, its page,
its report and the actions that go from it to the group's action log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cpboard.history import StaleEdit, refuse_stale
from cpboard.quarters import FinancialYear, QuarterFormatError
from cpboard.roles import Capability, may_see_staff_names, requires
from subgroups import access, oversight, services
from subgroups.oversight_forms import FollowUpActionForm, VisitForm, VisitReportForm
from subgroups.views.common import history_for

VISIT_FIELDS = (
    "service",
    "service_name",
    "place",
    "visit_on",
    "visitors",
    "status",
    "went_well",
    "worries",
    "voices",
    "report_status",
)


def year_from(request: HttpRequest) -> FinancialYear:
    """The financial year asked for with ?year=2026-27, this one by default; 404 for one the
    portal does not cover."""
    text = request.GET.get("year")
    if not text:
        return FinancialYear.current()
    try:
        year = FinancialYear.parse(text)
    except (QuarterFormatError, TypeError):
        raise Http404("No such year") from None
    if not year.is_supported:
        raise Http404("No such year")
    return year


@requires(Capability.VIEW_BOARD)
def visit_list(request: HttpRequest) -> HttpResponse:
    year = year_from(request)
    return render(
        request,
        "subgroups/visit_list.html",
        {
            "page": oversight.visits_in_year(year),
            "previous_year": year.previous(),
            "next_year": year.next(),
            "can_plan": access.may_plan_visits(request.user),
            "show_names": may_see_staff_names(request.user),
        },
    )


@requires(Capability.VISIT_SERVICES)
def visit_plan(request: HttpRequest) -> HttpResponse:
    form = VisitForm(
        request.POST or None,
        user=request.user,
        may_plan_for_others=access.may_run_meetings(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        visit = services.visit_plan(changed_by=request.user, **data)
        messages.success(request, f"Visit planned: {visit}.")
        return redirect(visit)
    return render(request, "subgroups/visit_form.html", {"form": form})


@requires(Capability.VIEW_BOARD)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit, rw = access.get_visit_for_user(request.user, pk)
    show_report = access.may_read_visit_report(request.user, visit)
    return render(
        request,
        "subgroups/visit_detail.html",
        {
            "visit": visit,
            "can_change": rw,
            "show_report": show_report,
            "history": history_for(request, visit, VISIT_FIELDS) if show_report else None,
        },
    )


@requires(Capability.VISIT_SERVICES)
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access.get_rw_visit_for_user(request.user, pk)
    form = VisitForm(
        request.POST or None,
        instance=visit,
        user=request.user,
        may_plan_for_others=access.may_run_meetings(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.visit_update(visit=visit, changed_by=request.user, **data)
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{visit}: changes saved.")
            return redirect(visit)
    return render(request, "subgroups/visit_form.html", {"form": form, "visit": visit})


@requires(Capability.VISIT_SERVICES)
def visit_report(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access.get_rw_visit_for_user(request.user, pk)
    form = VisitReportForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        share = data.pop("share", False)
        try:
            services.visit_report_save(visit=visit, changed_by=request.user, share=share, **data)
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            if visit.report_is_shared:
                messages.success(request, f"Report saved and shared with {visit.group.name}.")
            else:
                messages.success(request, "Report saved as a draft.")
            return redirect(visit)
    return render(request, "subgroups/visit_report_form.html", {"form": form, "visit": visit})


@requires(Capability.VISIT_SERVICES)
def visit_action(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access.get_rw_visit_for_user(request.user, pk)
    form = FollowUpActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.visit_action_raise(
                visit=visit, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            when = timezone.localtime(action.raised_at.starts_at)
            messages.success(
                request,
                f"Action added to the {visit.group.name} action log, for the meeting on "
                f"{when.day} {when:%B %Y}.",
            )
            return redirect(visit)
    return render(request, "subgroups/visit_action_form.html", {"form": form, "visit": visit})
