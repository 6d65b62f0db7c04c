"""How django-allauth fits the portal: nobody signs themselves up; the council's identity
provider lets in only those invited or in a mapped group, with the role it says; django-axes
counts wrong passwords; the two-factor step is skipped when the provider asked already."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render

from accounts import oidc, services
from accounts.stages import PROVIDER_SECOND_FACTOR
from cpboard.client_address import client_ip


def axes_username(request, credentials: dict | None) -> str | None:
    """The name django-axes counts wrong passwords under: what was typed in allauth's "login"
    field (a username or an e-mail address), or the username Django's own forms send."""
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return str(credentials[key]).lower()
    data = getattr(request, "POST", {}) or {}
    return (data.get("login") or data.get("username") or "").lower() or None


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "Enter a correct username and password. Both are "
        "case-sensitive.",
        "email_password_mismatch": "Enter a correct e-mail address and password.",
        "too_many_login_attempts": "Too many wrong codes. Wait 15 minutes and try again, or "
        "use a recovery code later.",
        "incorrect_code": "The code is wrong or has expired. Type the code your app shows now.",
    }

    def is_open_for_signup(self, request) -> bool:
        # People join through an invitation (accounts:invitation), never by signing up.
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        # django-axes counts wrong passwords per account and address (settings.AXES_*);
        # allauth's count per account alone would let anyone lock a councillor out.
        return None

    def get_client_ip(self, request) -> str:
        return client_ip(request) or "0.0.0.0"

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.SecondFactorStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is wrong or has expired. Type the code your app shows now.",
    }

    def get_totp_issuer(self) -> str:
        return settings.BOARD_NAME


def _refuse(request, reason: str):
    raise ImmediateHttpResponse(
        render(
            request,
            "accounts/not_invited.html",
            {"reason": reason, "support_email": settings.SUPPORT_EMAIL},
            status=403,
        )
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: a person is found by the provider's subject (after the first sign-in)
    or by e-mail address (an invited person's first sign-in); the role comes from the group
    claim when OIDC_ROLES maps groups, re-read at every sign-in."""

    def pre_social_login(self, request, sociallogin) -> None:
        claims = oidc.claims_of(sociallogin.account.extra_data)
        mapped = bool(settings.OIDC_ROLES)
        role = oidc.role_from_claims(claims) if mapped else None
        if mapped and role is None:
            _refuse(request, "no-role")
        email = (claims.get("email") or "").strip()
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None and email:
            user = get_user_model().objects.filter(email__iexact=email).first()
            if user is not None:
                sociallogin.connect(request, user)
        if user is None and not mapped and services.invitation_for_email(email) is None:
            _refuse(request, "not-invited")
        if user is not None and role is not None and user.is_active:
            services.person_set_role_from_provider(person=user, role=role)
        request.session[PROVIDER_SECOND_FACTOR] = oidc.provider_did_second_factor(claims)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        claims = oidc.claims_of(sociallogin.account.extra_data)
        invitation = services.invitation_for_email(user.email)
        if invitation is not None:
            services.invitation_accept_by_provider(invitation=invitation, user=user)
        if settings.OIDC_ROLES:
            services.person_set_role_from_provider(person=user, role=oidc.role_from_claims(claims))
        return user
