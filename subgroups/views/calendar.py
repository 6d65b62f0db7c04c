"""The meeting calendar as an .ics feed at a secret address, and renewing that address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cpboard.roles import Capability, can, requires
from subgroups import ics, selectors, services


@requires(Capability.VIEW_BOARD)
def calendar_feed(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_for(request.user)
    address = request.build_absolute_uri(reverse("subgroups:calendar-ics", args=[feed.token]))
    return render(
        request,
        "subgroups/calendar_feed.html",
        {"address": address, "groups": selectors.groups_of(request.user)},
    )


@requires(Capability.VIEW_BOARD)
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_renew(user=request.user)
    messages.success(request, "You have a new calendar address. The old one no longer works.")
    return redirect("subgroups:calendar-feed")


@login_not_required
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings of the token owner's groups as iCalendar; the secret address is the
    credential, so calendar apps can subscribe without signing in."""
    feed = selectors.calendar_feed(token)
    if feed is None or not can(feed.user, Capability.VIEW_BOARD):
        raise Http404("No such calendar")
    body = ics.calendar(
        selectors.feed_meetings(feed.user),
        name="Corporate Parenting Board meetings",
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="board-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
