"""Someone whose role needs a second factor (REQUIRE_2FA_FOR) and who has none is taken to set
one up, and reaches nothing else until it is done. With LOCAL_PASSWORDS=0 the pages of the
portal's own passwords are not there (allauth's SOCIALACCOUNT_ONLY would do that, but it
cannot be combined with allauth.mfa)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from accounts.stages import PROVIDER_SECOND_FACTOR
from cpboard.roles import roles_of

# Pages open while setting up: the set-up pages themselves, confirming one's password before
# a change, and signing out.
OPEN_WHILE_SETTING_UP = (
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "mfa_reauthenticate_webauthn",
    "account_reauthenticate",
    "account_logout",
)


PASSWORD_PAGES = (
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
)


def needs_second_factor(request) -> bool:
    """Whether the signed-in person must set up a second factor before anything else."""
    user = request.user
    if not user.is_authenticated or request.session.get(PROVIDER_SECOND_FACTOR):
        return False
    required = set(settings.REQUIRE_2FA_FOR)
    if not any(role.slug in required for role in roles_of(user)):
        return False
    return not is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is not None and not settings.LOCAL_PASSWORDS and match.url_name in PASSWORD_PAGES:
            raise Http404("The council's accounts are the only way to sign in.")
        if match is None or match.url_name in (*OPEN_WHILE_SETTING_UP, "health"):
            return None
        if not needs_second_factor(request):
            return None
        messages.info(
            request,
            "Your role needs a second way of proving it is you. Set one up to use the portal.",
            fail_silently=True,
        )
        return redirect(reverse("mfa_index"))
