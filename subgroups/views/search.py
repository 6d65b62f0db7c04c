"""Searching meetings and agenda items, limited to what the user may see."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cpboard.roles import Capability, requires
from subgroups import selectors
from subgroups.forms import SearchForm


@requires(Capability.VIEW_BOARD)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.search(form.cleaned_data["q"], user=request.user)
    return render(request, "subgroups/search.html", {"form": form, "results": results})
