"""A person's own page of e-mail alerts: what to hear about, and how."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alerts import services
from alerts.forms import PreferencesForm
from cpboard.roles import Capability, requires


@requires(Capability.VIEW_BOARD)
def preferences(request: HttpRequest) -> HttpResponse:
    kinds = services.kinds_for(request.user)
    current = services.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, kinds=kinds, current=current)
    if request.method == "POST" and form.is_valid():
        changed = services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(
            request,
            "Your choices are saved."
            if changed
            else "Nothing changed: your choices are as before.",
        )
        return redirect("alerts:preferences")
    return render(
        request,
        "alerts/preferences.html",
        {"form": form, "email": request.user.email},
    )
