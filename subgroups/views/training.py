"""Members' development: the training courses, sessions with who attended, who still needs
which course (for the secretary), and the Board's champion roles."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, requires
from subgroups import access, oversight, services
from subgroups.oversight_forms import TrainingCourseForm, TrainingSessionForm
from subgroups.views.common import history_for
from subgroups.views.visits import year_from


@requires(Capability.VIEW_BOARD_REPORTS)
def training(request: HttpRequest) -> HttpResponse:
    year = year_from(request)
    return render(
        request,
        "subgroups/training.html",
        {
            "page": oversight.member_development(year, today=timezone.localdate()),
            "previous_year": year.previous(),
            "next_year": year.next(),
            "can_run": access.may_run_meetings(request.user),
        },
    )


@requires(Capability.RUN_MEETINGS)
def session_add(request: HttpRequest) -> HttpResponse:
    form = TrainingSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        session = services.training_session_save(changed_by=request.user, **data)
        messages.success(request, f"Training session recorded: {session}.")
        return redirect("subgroups:training")
    return render(request, "subgroups/training_form.html", {"form": form, "what": "session"})


@requires(Capability.RUN_MEETINGS)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_rw_training_session_for_user(request.user, pk)
    form = TrainingSessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_session_save(
                session=session, changed_by=request.user, **form.cleaned_data
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{session}: saved.")
            return redirect("subgroups:training")
    return render(
        request,
        "subgroups/training_form.html",
        {
            "form": form,
            "what": "session",
            "record": session,
            "history": history_for(
                request, session, ("course", "held_on", "place", "led_by", "attendees")
            ),
        },
    )


@requires(Capability.RUN_MEETINGS)
def course_add(request: HttpRequest) -> HttpResponse:
    form = TrainingCourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seen_change"}
        course = services.training_course_save(changed_by=request.user, **data)
        messages.success(request, f"Course added: {course}.")
        return redirect("subgroups:training")
    return render(request, "subgroups/training_form.html", {"form": form, "what": "course"})


@requires(Capability.RUN_MEETINGS)
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = access.get_rw_training_course_for_user(request.user, pk)
    form = TrainingCourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_course_save(
                course=course, changed_by=request.user, **form.cleaned_data
            )
        except StaleEdit as error:
            refuse_stale(form, error)
        else:
            messages.success(request, f"{course}: saved.")
            return redirect("subgroups:training")
    return render(
        request,
        "subgroups/training_form.html",
        {
            "form": form,
            "what": "course",
            "record": course,
            "history": history_for(
                request, course, ("name", "description", "required_for", "renew_after_months")
            ),
        },
    )
