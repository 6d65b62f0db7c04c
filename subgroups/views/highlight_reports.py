"""A sub-group's quarterly highlight report to the Board: writing, changing and reading it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cpboard.history import StaleEdit, refuse_stale
from cpboard.quarters import FinancialQuarter
from cpboard.roles import Capability, can, requires
from subgroups import access, selectors, services
from subgroups.forms import HighlightReportForm
from subgroups.views.common import history_for

REPORT_FIELDS = ("went_well", "concerns", "asks", "status", "outcomes", "kpis")


@requires(Capability.WRITE_HIGHLIGHT_REPORTS)
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = access.get_report_group_for_user(request.user, slug)
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
    report = access.get_rw_report_for_user(request.user, pk)
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
    report, rw = access.get_report_for_user(request.user, pk)
    staff = can(request.user, Capability.VIEW_BOARD_REPORTS)
    return render(
        request,
        "subgroups/report_detail.html",
        {
            "report": report,
            "can_edit": rw,
            "challenges": selectors.challenges_about(report) if staff else None,
            "challenge_about": f"subgroups.highlightreport:{report.pk}",
            "can_challenge": can(request.user, Capability.RAISE_CHALLENGES),
            "history": history_for(request, report, REPORT_FIELDS),
        },
    )
