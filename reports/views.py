from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cpboard.roles import Capability, requires
from reports.dashboard import home_dashboard


@requires(Capability.VIEW_BOARD)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"dashboard": home_dashboard(request.user)})
