"""Context every page needs: the council's name and the user's navigation and roles."""

from django.conf import settings
from django.http import HttpRequest

from cpboard.navigation import navigation_for
from cpboard.roles import roles_of


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "council_name": settings.COUNCIL_NAME,
        "board_name": settings.BOARD_NAME,
        "support_email": settings.SUPPORT_EMAIL,
        "navigation": navigation_for(user, request.path) if signed_in else [],
        "user_roles": roles_of(user) if signed_in else [],
    }
