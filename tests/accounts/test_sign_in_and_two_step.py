"""Signing in with a second step, recovery codes, a forgotten password by e-mail, lockout
after wrong codes, and the set-up a role that needs two-step sign-in is taken to."""

import re
import uuid

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client
from django.urls import reverse

from cpboard import roles
from tests.factories import PASSWORD

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret: str = SECRET) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of the test's own: allauth keeps the codes used and the wrong codes and
    passwords counted there under the person's id, which the next test's person may have
    again (SQLite hands out the same ids after a rollback)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-test-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def councillor_with_app(make_user):
    person = make_user(roles.COUNCILLOR, username="helen", email="helen@wealdbridge.example")
    TOTP.activate(person, SECRET)
    return person


def sign_in_with_password(client: Client, login: str = "helen"):
    return client.post(reverse("account_login"), {"login": login, "password": PASSWORD})


def test_someone_with_an_authenticator_app_is_asked_for_the_code_before_the_portal(
    client, councillor_with_app
):
    response = sign_in_with_password(client)

    assert response.url == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.url == reverse("reports:home")
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_beside_the_field(client, councillor_with_app):
    sign_in_with_password(client)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "The code is wrong or has expired" in response.text
    assert "There is a problem" in response.text
    assert client.get("/").status_code == 302


def test_five_wrong_codes_lock_the_second_step_even_for_the_right_code(client, councillor_with_app):
    sign_in_with_password(client)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})

    assert "Too many wrong codes" in response.text
    assert client.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(client, councillor_with_app):
    codes = RecoveryCodes.activate(councillor_with_app).get_unused_codes()

    sign_in_with_password(client)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.url == reverse("reports:home")

    client.post(reverse("account_logout"))
    sign_in_with_password(client)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_setting_up_an_app_shows_a_qr_code_drawn_on_the_server_and_emails_the_person(
    client, make_user
):
    person = make_user(roles.OFFICER, username="omar", email="officer@wealdbridge.example")
    sign_in_with_password(client, "omar")

    # allauth asks for the password again before a change to how one signs in.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', page.text).group(1)

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    # Straight on to the recovery codes made with it.
    assert response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    assert any("officer@wealdbridge.example" in message.to for message in mail.outbox)


def test_a_role_that_needs_two_step_sign_in_reaches_only_the_set_up_until_done(client_as, settings):
    settings.REQUIRE_2FA_FOR = ["councillor"]
    client = client_as(roles.COUNCILLOR)

    response = client.get(reverse("reports:home"))
    assert response.url == reverse("mfa_index")
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("strategy:outcome-list")).url == reverse("mfa_index")

    TOTP.activate(client.user, SECRET)
    assert client.get(reverse("reports:home")).status_code == 200


def test_a_young_person_is_not_made_to_set_up_two_step_sign_in_by_default(client_as, settings):
    settings.REQUIRE_2FA_FOR = ["councillor", "officer"]
    client = client_as(roles.YOUNG_PERSON)

    assert client.get(reverse("reports:home")).status_code == 200
    page = client.get(reverse("mfa_index"))
    assert "You do not need one" in page.text


def test_a_forgotten_password_is_reset_by_a_single_use_link_sent_by_email(client, make_user):
    make_user(roles.COUNCILLOR, username="helen", email="helen@wealdbridge.example")

    response = client.post(
        reverse("account_reset_password"), {"email": "helen@wealdbridge.example"}
    )
    assert response.url == reverse("account_reset_password_done")
    (message,) = mail.outbox
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].partition("/")[2]
    form = client.get("/" + path, follow=True)
    assert "Choose a new password" in form.text
    new = "a-brand-new-passphrase-for-helen"

    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
        {"password1": new, "password2": new},
    )
    assert done.url == reverse("account_reset_password_from_key_done")
    assert (
        client.post(reverse("account_login"), {"login": "helen", "password": new}).status_code
        == 302
    )
    again = client.get("/" + path, follow=True)
    assert "This link no longer works" in again.text
    assert any("password" in m.subject.lower() for m in mail.outbox[1:])


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing_to_it(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.url == reverse("account_reset_password_done")
    page = client.get(response.url)
    assert "If that address belongs to a portal account" in page.text
    assert not any("nobody@example.org" in message.to for message in mail.outbox)


def test_a_pbkdf2_password_is_rehashed_with_argon2_at_the_next_sign_in(client, make_user, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    person = make_user(roles.OFFICER, username="omar")
    from django.contrib.auth.hashers import make_password

    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save()

    sign_in_with_password(client, "omar")

    person.refresh_from_db()
    assert person.password.startswith("argon2")
