"""The accounts part of the permission table: signing in and out, passwords, two-step sign-in
and single sign-on (django-allauth's pages), the administrator's People and roles page, and
accepting an invitation. Aligned by hand like the main table (ruff's formatter is off for it).

allauth's pages for signing in are open to anyone; a signed-in person opening one is sent
home (AWAY). Each person's own pages (password, two-step sign-in) are open to every role.
Nobody signs up: the sign-up pages say to ask for an invitation. Single sign-on is not
configured in the matrix's settings, so its addresses answer 404 for an unknown provider."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import services
from accounts.models import AccountChange, Invitation
from cpboard import roles
from tests.factories import PASSWORD
from tests.permissions.access import (
    AWAY,
    LOGIN,
    NEW_PASSWORD,
    NO,
    OK,
    POST_ONLY,
    Access,
    Demo,
    _last_sign_ins,
    _passwords,
    _sessions,
)

INVITED = "matrix.invited@wealdbridge.example"


def load(demo: Demo) -> None:
    """An open invitation, for its link and the People page."""
    _, token = services.invitation_create(
        email=INVITED,
        first_name="Matrix",
        last_name="Invitee",
        role=roles.COUNCILLOR,
        invited_by=demo.users["administrator"],
    )
    demo.extra["invitation_token"] = token


def _roles_and_activity(demo: Demo) -> dict:
    person = demo.users["officer"]
    user = get_user_model().objects.get(pk=person.pk)
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "active": user.is_active,
        "changes": AccountChange.objects.filter(person=person).count(),
    }


def _invitations(demo: Demo) -> dict:
    return {"invitations": sorted(Invitation.objects.values_list("email", flat=True))}


def _accounts(demo: Demo) -> dict:
    return {"accounts": get_user_model().objects.count(), **_invitations(demo)}


def _officer(demo: Demo) -> dict:
    return {"pk": demo.users["officer"].pk}


def _person_path(demo: Demo) -> str:
    return reverse("accounts:person", kwargs=_officer(demo))


def _home(demo: Demo) -> str:
    return reverse("reports:home")


def _sign_in(demo: Demo) -> str:
    return reverse("account_login")


def _confirm_first(name: str, **kwargs) -> Callable[[Demo], str]:
    """allauth asks for one's password again (a fresh sign-in) before a change to how one signs
    in; the matrix's people are signed in without typing it."""

    def where(demo: Demo) -> str:
        path = reverse(name, kwargs=kwargs or None)
        return f"{reverse('account_reauthenticate')}?{urlencode({'next': path})}"

    return where


_EVERYONE = (LOGIN, OK, OK, OK, OK, OK, OK)
_ANYONE = (OK, OK, OK, OK, OK, OK, OK)
_SIGNED_OUT = (OK, AWAY, AWAY, AWAY, AWAY, AWAY, AWAY)
_ADMIN = (LOGIN, NO, NO, NO, NO, NO, OK)
_AWAY = (LOGIN, AWAY, AWAY, AWAY, AWAY, AWAY, AWAY)
_NOTHING_YET = (LOGIN, NO, NO, NO, NO, NO, NO)
"""Pages of a second factor the person has not set up: 404."""

# fmt: off
ACCESS: dict[str, Access] = {
    #                  anonymous  councillor officer    perf-lead  secretary  young      admin
    "account_login": Access(
        public=True,
        get=          _SIGNED_OUT,
        post=         (OK,        AWAY,      AWAY,      AWAY,      AWAY,      AWAY,      AWAY),
        payload=lambda demo: {"login": demo.users["councillor"].username, "password": PASSWORD},
        state=_last_sign_ins,
        redirects_to=_home,
    ),
    "account_logout": Access(
        public=True,
        get=          (AWAY,      OK,        OK,        OK,        OK,        OK,        OK),
        post=         (AWAY,      OK,        OK,        OK,        OK,        OK,        OK),
        payload=lambda demo: {},
        state=_sessions,
        redirects_to=_sign_in,
    ),
    "account_inactive": Access(public=True, get=_ANYONE),
    "account_signup": Access(public=True, get=_SIGNED_OUT, redirects_to=_home),
    "account_reauthenticate": Access(get=_EVERYONE),
    "account_email": Access(get=_EVERYONE),
    "account_change_password": Access(
        get=          _EVERYONE,
        post=         (LOGIN,     OK,        OK,        OK,        OK,        OK,        OK),
        payload=lambda demo: {"oldpassword": PASSWORD, "password1": NEW_PASSWORD,
                              "password2": NEW_PASSWORD},
        state=_passwords,
        redirects_to=lambda demo: reverse("account_change_password"),
    ),
    "account_set_password": Access(get=_AWAY,
                                   redirects_to=lambda demo: reverse("account_change_password")),
    "account_reset_password": Access(public=True, get=_ANYONE),
    "account_reset_password_from_key_done": Access(public=True, get=_ANYONE),
    "account_reset_password_from_key": Access(public=True, get=_ANYONE,
                                              kwargs=lambda demo: {"uidb36": "1", "key": "x-y"}),
    "account_reset_password_done": Access(public=True, get=_ANYONE),
    "mfa_index": Access(get=_EVERYONE, sentinel=lambda demo: "Two-step sign-in"),
    "mfa_authenticate": Access(public=True, get=(AWAY, AWAY, AWAY, AWAY, AWAY, AWAY, AWAY),
                               redirects_to=_home, anonymous_redirects_to=_sign_in),
    "mfa_reauthenticate": Access(get=_AWAY,
                                 redirects_to=lambda demo: reverse("account_reauthenticate")),
    "mfa_activate_totp": Access(get=_AWAY, redirects_to=_confirm_first("mfa_activate_totp")),
    "mfa_deactivate_totp": Access(get=_NOTHING_YET,
                                  sentinel=lambda demo: "Turn off the authenticator app"),
    "mfa_view_recovery_codes": Access(get=_NOTHING_YET,
                                      sentinel=lambda demo: "Your recovery codes"),
    "mfa_generate_recovery_codes": Access(
        get=_AWAY, redirects_to=_confirm_first("mfa_generate_recovery_codes")),
    "mfa_download_recovery_codes": Access(get=_NOTHING_YET,
                                          sentinel=lambda demo: "Your recovery codes"),
    "mfa_list_webauthn": Access(get=_EVERYONE, sentinel=lambda demo: "Security keys"),
    "mfa_add_webauthn": Access(get=_AWAY, redirects_to=_confirm_first("mfa_add_webauthn")),
    "mfa_reauthenticate_webauthn": Access(
        get=_AWAY, redirects_to=lambda demo: reverse("account_reauthenticate")),
    "mfa_remove_webauthn": Access(
        get=_AWAY, kwargs=lambda demo: {"pk": 999999},
        redirects_to=_confirm_first("mfa_remove_webauthn", pk=999999)),
    "mfa_edit_webauthn": Access(
        get=_AWAY, kwargs=lambda demo: {"pk": 999999},
        redirects_to=_confirm_first("mfa_edit_webauthn", pk=999999)),
    "socialaccount_login_cancelled": Access(public=True, get=_ANYONE),
    "socialaccount_signup": Access(public=True, get=(AWAY, AWAY, AWAY, AWAY, AWAY, AWAY, AWAY),
                                   redirects_to=_sign_in),
    "socialaccount_connections": Access(get=_EVERYONE),
    "openid_connect_login": Access(public=True, get=(NO, NO, NO, NO, NO, NO, NO),
                                   kwargs=lambda demo: {"provider_id": "council"},
                                   sentinel=lambda demo: "Sign in"),
    "openid_connect_callback": Access(public=True, get=(NO, NO, NO, NO, NO, NO, NO),
                                      kwargs=lambda demo: {"provider_id": "council"},
                                      sentinel=lambda demo: "Sign in"),
    "accounts:people": Access(
        get=          _ADMIN,
        sentinel=lambda demo: INVITED,
    ),
    "accounts:invite": Access(
        get=          _ADMIN,
        post=         _ADMIN,
        sentinel=lambda demo: "Invite someone",
        payload=lambda demo: {"first_name": "Nadia", "last_name": "Okafor",
                              "email": "nadia.okafor@wealdbridge.example", "role": "councillor"},
        state=_invitations,
        redirects_to=lambda demo: reverse("accounts:people"),
    ),
    "accounts:seats-ended": Access(
        get=          _ADMIN,
        sentinel=lambda demo: "Councillors whose seats ended",
    ),
    "accounts:person": Access(
        get=          _ADMIN,
        post=         _ADMIN,
        kwargs=_officer,
        sentinel=lambda demo: demo.users["officer"].username,
        payload=lambda demo: {"role": "performance-lead"},
        state=_roles_and_activity,
        redirects_to=_person_path,
    ),
    "accounts:person-active": Access(
        get=          (LOGIN,     POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
        post=         _ADMIN,
        kwargs=_officer,
        sentinel=lambda demo: demo.users["officer"].username,
        payload=lambda demo: {"active": "0"},
        state=_roles_and_activity,
        redirects_to=_person_path,
    ),
    "accounts:invitation": Access(
        public=True,
        get=          _SIGNED_OUT,
        post=         (OK,        AWAY,      AWAY,      AWAY,      AWAY,      AWAY,      AWAY),
        kwargs=lambda demo: {"token": demo.extra["invitation_token"]},
        sentinel=lambda demo: "Join the",
        payload=lambda demo: {"username": "matrix-invited", "password1": NEW_PASSWORD,
                              "password2": NEW_PASSWORD},
        state=_accounts,
        redirects_to=_home,
    ),
}
# fmt: on
