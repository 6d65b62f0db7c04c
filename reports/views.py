from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cpboard.roles import Capability, requires
from reports.selectors import home_overview


@requires(Capability.VIEW_BOARD)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"overview": home_overview()})
