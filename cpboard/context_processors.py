"""Context every page needs: the council's name and the user's navigation and roles."""

from django.conf import settings
from django.http import HttpRequest

from cpboard.navigation import navigation_for
from cpboard.plain import PLAIN_WORDS
from cpboard.roles import reads_plain_pages, roles_of


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "council_name": settings.COUNCIL_NAME,
        "board_name": settings.BOARD_NAME,
        "support_email": settings.SUPPORT_EMAIL,
        "navigation": navigation_for(user, request.path) if signed_in else [],
        "user_roles": roles_of(user) if signed_in else [],
        # Young people's pages say in a sentence what each chart and table shows, and explain
        # the words they cannot avoid (templates/voice/includes/what_does_this_mean.html).
        "plain_pages": signed_in and reads_plain_pages(user),
        "plain_words": PLAIN_WORDS,
    }
