"""Views of the shared kernel: the system status page and the load balancer's health check."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cpboard.health import database_check, task_queue_check
from cpboard.roles import Capability, requires


@requires(Capability.VIEW_SYSTEM_STATUS)
@never_cache
def system_status(request: HttpRequest) -> HttpResponse:
    checks = [database_check(), task_queue_check()]
    return render(
        request,
        "cpboard/system_status.html",
        {"checks": checks, "all_ok": all(check.ok for check in checks)},
    )


@login_not_required
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Plain answer for a load balancer or container health check: no data, no sign-in."""
    check = database_check()
    return HttpResponse(
        "ok" if check.ok else "database unavailable",
        status=200 if check.ok else 503,
        content_type="text/plain",
    )
