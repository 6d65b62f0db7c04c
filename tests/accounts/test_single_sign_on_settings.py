"""What the settings for single sign-on do without the provider: the group mapping, the amr
claim, and switching the portal's own passwords off."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts import oidc
from accounts.middleware import needs_second_factor
from accounts.stages import PROVIDER_SECOND_FACTOR
from cpboard import roles
from tests.factories import PASSWORD


def test_the_group_mapping_gives_the_first_role_of_any_mapped_group(settings):
    settings.OIDC_ROLES = "councillor:g-councillors, board-secretary:g-clerks"

    assert oidc.role_from_claims({"groups": ["g-other", "g-clerks"]}) == roles.BOARD_SECRETARY
    assert oidc.role_from_claims({"groups": "g-councillors"}) == roles.COUNCILLOR
    assert oidc.role_from_claims({"groups": ["g-other"]}) is None
    assert oidc.role_from_claims({}) is None


def test_a_mapping_naming_an_unknown_role_stops_with_a_message_naming_it():
    with pytest.raises(ImproperlyConfigured, match="'chief:g1'"):
        oidc.role_mapping("chief:g1")


def test_the_providers_own_second_factor_counts_only_when_amr_says_so(settings):
    assert oidc.provider_did_second_factor({"amr": ["pwd", "mfa"]})
    assert not oidc.provider_did_second_factor({"amr": ["pwd"]})
    assert not oidc.provider_did_second_factor({})


def test_the_portal_does_not_ask_twice_after_the_providers_mfa(client_as, settings):
    settings.REQUIRE_2FA_FOR = ["councillor"]
    client = client_as(roles.COUNCILLOR)
    session = client.session
    session[PROVIDER_SECOND_FACTOR] = True
    session.save()

    assert client.get(reverse("reports:home")).status_code == 200


def test_with_local_passwords_off_password_pages_are_gone_and_passwords_refused(
    client, make_user, settings
):
    settings.LOCAL_PASSWORDS = False
    make_user(roles.COUNCILLOR, username="helen")

    response = client.post(reverse("account_login"), {"login": "helen", "password": PASSWORD})

    assert response.status_code == 200
    assert "Sign in with your council account" in response.text
    assert client.get(reverse("account_reset_password")).status_code == 404
    assert 'name="password"' not in client.get(reverse("account_login")).text


def test_needs_second_factor_is_false_for_someone_signed_out(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = {}
    assert not needs_second_factor(request)
