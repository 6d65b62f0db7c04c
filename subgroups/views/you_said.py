""" "You said, we did": what young people said and what the Board did about it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cpboard.history import StaleEdit, refuse_stale
from cpboard.roles import Capability, requires
from subgroups import access, selectors, services
from subgroups.forms import YouSaidWeDidForm
from subgroups.views.common import history_for


@requires(Capability.VIEW_BOARD)
def you_said(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "subgroups/you_said.html",
        {
            "entries": selectors.you_said_we_did(),
            "feedback": selectors.board_feedback(limit=4),
            "can_edit": access.may_run_meetings(request.user),
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
    entry = access.get_rw_you_said_for_user(request.user, pk)
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
            "history": history_for(request, entry, ("you_said", "we_did", "status", "told_on")),
        },
    )
