"""Signing in and out, and sign-in being required for every page."""

import pytest
from django.urls import reverse

from cpboard import roles
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/", "/board/", "/strategy/", "/strategy/principles/", "/system/status/", "/admin/"],
)
def test_pages_send_someone_not_signed_in_to_the_sign_in_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/") or response.url.startswith("/admin/login/")


def test_signing_in_lands_on_the_home_page_and_names_the_person_and_role(client, make_user):
    make_user(roles.COUNCILLOR, username="helen", first_name="Helen", last_name="Ashworth")

    response = client.post(
        reverse("account_login"), {"login": "helen", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("reports:home")
    assert "Signed in as <strong>Helen Ashworth</strong> (Councillor)" in response.text


def test_signing_in_returns_to_the_page_asked_for(client, make_user):
    make_user(roles.COUNCILLOR, username="helen")

    response = client.post(
        reverse("account_login") + "?next=/strategy/", {"login": "helen", "password": PASSWORD}
    )

    assert response.url == "/strategy/"


def test_a_wrong_password_is_refused_with_a_message_in_the_error_summary(client, make_user):
    make_user(roles.COUNCILLOR, username="helen")

    response = client.post(reverse("account_login"), {"login": "helen", "password": "wrong"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a correct username and password" in response.text
    assert 'href="#id_login"' in response.text
    assert "<title>Error: Sign in" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_sign_out_is_a_post_that_ends_the_session(client, make_user):
    client.force_login(make_user(roles.COUNCILLOR, username="helen"))

    response = client.post(reverse("account_logout"))

    assert response.url == reverse("account_login")
    assert client.get("/").status_code == 302


def test_the_sign_in_page_shows_no_navigation(client):
    response = client.get(reverse("account_login"))

    assert 'aria-label="Menu"' not in response.text
    assert "Wealdbridge Borough Council" in response.text


def test_a_person_can_change_their_password(client_as):
    client = client_as(roles.COUNCILLOR)
    new_password = "a-much-longer-new-password-42"

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.url == reverse("account_change_password")
    client.user.refresh_from_db()
    assert client.user.check_password(new_password)


def test_a_short_new_password_is_refused_next_to_the_field(client_as):
    client = client_as(roles.COUNCILLOR)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "short1", "new_password2": "short1"},
    )

    assert response.status_code == 200
    assert "This password is too short" in response.text
    assert 'href="#id_password2"' in response.text or 'href="#id_password1"' in (response.text)


def test_a_wrong_password_message_is_shown_once_in_the_error_summary(client, make_user):
    make_user(roles.COUNCILLOR, username="helen")

    response = client.post(reverse("account_login"), {"login": "helen", "password": "wrong"})

    assert response.text.count("Enter a correct username and password") == 1
