"""Sign-in pauses behind the TLS proxy: wrong passwords from one person lock out that person,
not everyone who reaches the portal through the same proxy, and a forged X-Forwarded-For
header does not let anyone choose the address they are counted under."""

import pytest
from django.urls import reverse

from cpboard import roles
from tests.cpboard.test_settings import run_django
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the address every request arrives from, behind the proxy
HELEN_AT_HOME = "203.0.113.5"
HELEN_AT_THE_OFFICE = "198.51.100.7"


def sign_in(client, password: str, *, forwarded_for: str | None, remote: str = PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("account_login"), {"login": "helen", "password": password}, **headers
    )


@pytest.fixture
def helen(make_user):
    return make_user(roles.COUNCILLOR, username="helen")


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, helen, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for _ in range(5):
        sign_in(client, "wrong", forwarded_for=HELEN_AT_HOME)

    # Any header at all is the client's own say-so: the pause holds for the address that
    # connected, whatever the header claims.
    response = sign_in(client, PASSWORD, forwarded_for=HELEN_AT_THE_OFFICE)

    assert response.status_code == 429
    assert "Sign-in paused" in response.text


def test_with_one_trusted_proxy_people_behind_it_are_paused_separately(client, helen, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in(client, "wrong", forwarded_for=HELEN_AT_HOME)

    at_home = sign_in(client, PASSWORD, forwarded_for=HELEN_AT_HOME)
    at_the_office = sign_in(client, PASSWORD, forwarded_for=HELEN_AT_THE_OFFICE)

    assert at_home.status_code == 429
    assert at_the_office.status_code == 302
    assert at_the_office.url == reverse("reports:home")


def test_a_forged_forwarded_entry_does_not_choose_the_address_counted(client, helen, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The guesser sends their own X-Forwarded-For; the proxy appends the address it saw.
    for forged in ["198.51.100.7", "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]:
        sign_in(client, "wrong", forwarded_for=f"{forged}, {HELEN_AT_HOME}")

    forging_again = sign_in(client, PASSWORD, forwarded_for=f"192.0.2.99, {HELEN_AT_HOME}")
    the_named_address = sign_in(client, PASSWORD, forwarded_for=HELEN_AT_THE_OFFICE)

    assert forging_again.status_code == 429
    assert the_named_address.status_code == 302


def test_with_two_trusted_proxies_the_second_address_from_the_right_is_counted(
    client, helen, settings
):
    settings.TRUSTED_PROXY_COUNT = 2
    outer_proxy = "10.0.0.1"
    for _ in range(5):
        sign_in(client, "wrong", forwarded_for=f"192.0.2.1, {HELEN_AT_HOME}, {outer_proxy}")

    same_person = sign_in(client, PASSWORD, forwarded_for=f"{HELEN_AT_HOME}, {outer_proxy}")
    someone_else = sign_in(client, PASSWORD, forwarded_for=f"{HELEN_AT_THE_OFFICE}, {outer_proxy}")

    assert same_person.status_code == 429
    assert someone_else.status_code == 302


@pytest.mark.parametrize("forwarded_for", [None, "", "not-an-address", "   ,  "])
def test_a_missing_or_unreadable_forwarded_header_counts_the_connecting_address(
    client, helen, settings, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in(client, "wrong", forwarded_for=forwarded_for)

    paused = sign_in(client, PASSWORD, forwarded_for=forwarded_for)
    elsewhere = sign_in(client, PASSWORD, forwarded_for=forwarded_for, remote="10.0.0.3")

    assert paused.status_code == 429
    assert elsewhere.status_code == 302


def test_the_number_of_trusted_proxies_is_read_from_the_environment():
    result = run_django(
        "from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT)",
        TRUSTED_PROXY_COUNT="1",
    )
    default = run_django("from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert default.stdout.strip() == "0"


def test_a_negative_number_of_trusted_proxies_stops_start_up_saying_what_to_set():
    result = run_django("", TRUSTED_PROXY_COUNT="-1")

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
