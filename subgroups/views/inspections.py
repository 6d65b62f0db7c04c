"""Inspections and regulatory visits: the log, logging and correcting an inspection, its
page with its recommendations, and tracking a recommendation on the Board's action log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, requires
from subgroups import access, oversight, services
from subgroups.oversight_forms import FollowUpActionForm, InspectionForm
from subgroups.views.common import history_for

INSPECTION_FIELDS = (
    "kind",
    "service_name",
    "inspected_on",
    "published_on",
    "judgement",
    "children_in_care_judgement",
    "care_leavers_judgement",
    "report_url",
)


@requires(Capability.VIEW_BOARD)
def inspection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "subgroups/inspection_list.html",
        {
            "inspections": oversight.inspection_log(),
            "can_log": access.may_run_meetings(request.user),
        },
    )


@requires(Capability.RUN_MEETINGS)
def inspection_log(request: HttpRequest) -> HttpResponse:
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        inspection = services.inspection_log(changed_by=request.user, **data)
        messages.success(
            request, f"Inspection logged: {inspection}. Add its recommendations below."
        )
        return redirect(inspection)
    return render(request, "subgroups/inspection_form.html", {"form": form})


@requires(Capability.VIEW_BOARD)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection, rw = access.get_inspection_for_user(request.user, pk)
    recommendations = list(inspection.recommendations.all())
    access.with_may_change(request.user, recommendations)
    return render(
        request,
        "subgroups/inspection_detail.html",
        {
            "inspection": inspection,
            "recommendations": recommendations,
            "can_change": rw,
            "history": history_for(request, inspection, INSPECTION_FIELDS),
        },
    )


@requires(Capability.RUN_MEETINGS)
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_rw_inspection_for_user(request.user, pk)
    form = InspectionForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.inspection_update(inspection=inspection, changed_by=request.user, **data)
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{inspection}: changes saved.")
            return redirect(inspection)
    return render(
        request, "subgroups/inspection_form.html", {"form": form, "inspection": inspection}
    )


@requires(Capability.RUN_MEETINGS)
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.get_rw_inspection_for_user(request.user, pk)
    form = FollowUpActionForm(request.POST or None, description_label="Recommendation")
    form.helper.inputs[0].value = "Track this recommendation"
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_add(
                inspection=inspection, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Recommendation added to the Board's action log.")
            if "another" in request.POST:
                return redirect("subgroups:recommendation-add", pk=inspection.pk)
            return redirect(inspection)
    return render(
        request,
        "subgroups/recommendation_form.html",
        {"form": form, "inspection": inspection},
    )
