"""Single sign-on against a real OpenID Connect provider (the npm package oidc-provider, run
by tests/oidc/provider.mjs on loopback): Chromium signs in at the provider, consents, and lands
on the portal with the role its group maps to; someone in no mapped group is refused; signing
out ends the portal's session."""

import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from accounts import services
from accounts.models import Invitation
from cpboard.roles import ADMINISTRATOR, BOARD_SECRETARY, roles_of
from cpboard.settings import csp_allowing
from tests.browser.portal import SIGN_IN_URL, Portal

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "cpboard-portal"
CLIENT_SECRET = "cpboard-test-secret"
LABEL = "Sign in with your council account"
ROLES = "councillor:0b7d1c1e-councillors,officer:5f2a9e4d-officers"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def identity_provider(live_server, settings) -> Iterator[str]:
    """The provider, with the portal's callback registered, and the portal pointed at it
    through the settings the environment would give (OIDC_*)."""
    port = _free_port()
    callback = f"{live_server.url}/accounts/oidc/council/login/callback/"
    process = subprocess.Popen(
        ["node", str(ROOT / "tests/oidc/provider.mjs")],
        env={
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "OIDC_PORT": str(port),
            "OIDC_REDIRECT_URI": callback,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        },
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), f"the test provider did not start: {line!r}"
        issuer = line.split(" ", 1)[1].strip()
        settings.OIDC_ISSUER = issuer
        settings.OIDC_ROLES = ROLES
        settings.OIDC_LOGIN_LABEL = LABEL
        settings.CONTENT_SECURITY_POLICY = csp_allowing(issuer)
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "council",
                        "name": LABEL,
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": issuer,
                            "token_auth_method": "client_secret_post",
                        },
                    }
                ],
            }
        }
        yield issuer
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def sign_in_at_the_council(page: Page, login: str) -> None:
    """From the portal's sign-in page: the council's button, the provider's sign-in and
    consent pages."""
    page.goto(SIGN_IN_URL)
    page.get_by_role("button", name=LABEL).click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any-password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_a_councillor_signs_in_with_the_council_account_and_gets_the_mapped_role(
    identity_provider, anonymous_page
):
    portal = Portal(anonymous_page)

    sign_in_at_the_council(anonymous_page, "amira.councillor")

    expect(anonymous_page).to_have_url(re.compile(r"^[^?]*://[^/]+/$"))
    expect(portal.account_bar).to_have_text("Signed in as Amira Hassan (Councillor)")
    amira = get_user_model().objects.get(email="amira.hassan@wealdbridge.example")
    assert [role.slug for role in roles_of(amira)] == ["councillor"]

    portal.sign_out()
    portal.go_home()
    expect(anonymous_page).to_have_url(re.compile(re.escape(SIGN_IN_URL) + r"\?next=/$"))


def test_the_role_follows_the_group_claim_at_every_sign_in(
    identity_provider, anonymous_page, new_context, settings
):
    sign_in_at_the_council(anonymous_page, "oliver.officer")
    expect(Portal(anonymous_page).account_bar).to_have_text("Signed in as Oliver Price (Officer)")
    Portal(anonymous_page).sign_out()

    # The council gives Oliver's group the performance lead's role; he signs in next day
    # (a new browser, so the provider asks again).
    settings.OIDC_ROLES = "performance-lead:5f2a9e4d-officers"
    next_day = new_context().new_page()
    sign_in_at_the_council(next_day, "oliver.officer")

    expect(Portal(next_day).account_bar).to_have_text(
        "Signed in as Oliver Price (Performance lead)"
    )
    assert get_user_model().objects.filter(email="oliver.price@wealdbridge.example").count() == 1


def test_someone_in_no_mapped_group_is_refused_and_told_whom_to_ask(
    identity_provider, anonymous_page, settings
):
    sign_in_at_the_council(anonymous_page, "sam.nogroup")

    expect(Portal(anonymous_page).heading).to_have_text("You cannot sign in to the portal yet")
    expect(
        Portal(anonymous_page).main.get_by_role("link", name=settings.SUPPORT_EMAIL)
    ).to_be_visible()
    assert not get_user_model().objects.filter(email="sam.jones@wealdbridge.example").exists()
    anonymous_page.goto("/")
    expect(anonymous_page).to_have_url(re.compile(re.escape(SIGN_IN_URL)))


def test_without_a_group_mapping_only_invited_people_get_in_with_the_role_given(
    identity_provider, anonymous_page, new_context, settings, make_user
):
    settings.OIDC_ROLES = ""
    sign_in_at_the_council(anonymous_page, "amira.councillor")
    expect(Portal(anonymous_page).heading).to_have_text("You cannot sign in to the portal yet")
    expect(Portal(anonymous_page).main).to_contain_text("has not been invited")

    services.invitation_create(
        email="Amira.Hassan@wealdbridge.example",
        first_name="Amira",
        last_name="Hassan",
        role=BOARD_SECRETARY,
        invited_by=make_user(ADMINISTRATOR),
    )
    page = new_context().new_page()
    sign_in_at_the_council(page, "amira.councillor")

    expect(Portal(page).account_bar).to_have_text("Signed in as Amira Hassan (Board secretary)")
    assert not Invitation.objects.open().exists()
