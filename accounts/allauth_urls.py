"""django-allauth's pages, as `allauth.urls` mounts them, less what the portal switches off:
its deprecated redirects from old addresses (which have no names), signing in by an e-mailed
code, confirming an e-mail address (an invitation proves it) and the page for a failed single
sign-on (allauth shows the error in the callback's own answer)."""

from allauth.urls import build_provider_urlpatterns
from django.urls import URLPattern, include, path

SWITCHED_OFF = {
    "account_confirm_login_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "socialaccount_login_error",
}


def _without_switched_off(module: str) -> list[URLPattern]:
    patterns = include(module)[0].urlpatterns
    return [pattern for pattern in patterns if getattr(pattern, "name", None) not in SWITCHED_OFF]


urlpatterns = [
    path("", include(_without_switched_off("allauth.account.urls"))),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include(_without_switched_off("allauth.socialaccount.urls"))),
    *build_provider_urlpatterns(),
]
