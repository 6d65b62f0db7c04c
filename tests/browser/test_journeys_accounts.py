"""A new councillor's first day, in Chromium: the administrator invites them; they join from the
e-mail, are taken to set up an authenticator app (QR code), sign out, sign in again with a
code from the app, then with a recovery code, and read a restricted paper of the Board they
now sit on. And a forgotten password, reset from the e-mailed link."""

import datetime
import re
import time
import types
import uuid

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal import auth as totp
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from cpboard import roles
from subgroups.models import AgendaItem, BoardGroup, Membership
from tests.browser.portal import SIGN_IN_URL, Portal

pytestmark = pytest.mark.browser

PASSPHRASE = "nadia-long-passphrase-2026"


def current_counter() -> int:
    return next(iter(yield_hotp_counters_from_time()))


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, current_counter()))


def next_code_for(secret: str, after: int, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app's next code: a code signs in once, so the next one must come from a later
    period. Instead of waiting up to 30 seconds for it, the clock allauth reads (in this
    process, so the live server's too) moves on one period."""
    period = mfa_settings.TOTP_PERIOD
    monkeypatch.setattr(totp, "time", types.SimpleNamespace(time=lambda: time.time() + period))
    assert current_counter() > after
    return code_for(secret)


def link_in_last_email(pattern: str) -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return "/" + found.group(0).split("://", 1)[1].partition("/")[2]


def sign_in_with_password(portal: Portal, login: str, password: str) -> None:
    portal.page.goto(SIGN_IN_URL)
    portal.fill("Username or e-mail address", login)
    portal.fill("Password", password)
    portal.press_button("Sign in")


@pytest.fixture(autouse=True)
def _two_step_for_councillors(settings):
    settings.REQUIRE_2FA_FOR = ["councillor"]
    # allauth's counts and used codes, in a cache of the test's own (see tests/accounts).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-journey-{uuid.uuid4()}",
        }
    }


def test_an_invited_councillor_joins_sets_up_an_app_and_reads_a_restricted_paper(
    demo_site, portal_as, new_context, monkeypatch
):
    admin = portal_as(roles.ADMINISTRATOR)
    admin.follow_navigation("People and roles")
    admin.follow_link("Invite someone")
    admin.fill("First name", "Nadia")
    admin.fill("Last name", "Okafor")
    admin.fill("E-mail address", "nadia.okafor@wealdbridge.example")
    admin.page.get_by_label("Councillor", exact=True).check()
    admin.press_button("Send the invitation")
    expect(admin.success_banner).to_contain_text("Invitation sent to nadia.okafor@")

    nadia = Portal(new_context().new_page())
    nadia.page.goto(link_in_last_email(r"http://\S+/invitation/\S+/"))
    expect(nadia.heading).to_have_text(re.compile("Join the"))
    nadia.fill("Username", "nadia")
    nadia.fill("Password", PASSPHRASE)
    nadia.fill("Password again", PASSPHRASE)
    nadia.press_button("Create my account")

    # Taken to set up two-step sign-in; nothing else opens until it is done.
    expect(nadia.heading).to_have_text("Two-step sign-in")
    nadia.page.goto("/board/")
    expect(nadia.heading).to_have_text("Two-step sign-in")
    nadia.follow_link("Set up an authenticator app")
    nadia.fill("Password", PASSPHRASE)  # allauth asks again before a change
    nadia.press_button("Confirm")
    expect(nadia.main.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    nadia.page.get_by_text("I cannot scan the picture").click()
    secret = nadia.page.locator("#authenticator-secret").inner_text().strip()
    used = current_counter()
    nadia.fill("Code", code_for(secret))
    nadia.press_button("Turn on")
    expect(nadia.heading).to_have_text("Your recovery codes")
    recovery = nadia.main.locator(".cpb-recovery-codes code").first.inner_text()

    # The secretary gives her a seat on the Board.
    board = BoardGroup.objects.get(slug="corporate-parenting-board")
    person = get_user_model().objects.get(username="nadia")
    Membership.objects.create(group=board, user=person, starts_on=datetime.date.today())

    nadia.sign_out()
    sign_in_with_password(nadia, "nadia.okafor@wealdbridge.example", PASSPHRASE)
    expect(nadia.heading).to_have_text("Enter your code")
    nadia.fill("Code", "000000")
    nadia.press_button("Sign in")
    expect(nadia.page.locator(".govuk-error-summary")).to_contain_text("The code is wrong")
    nadia.fill("Code", next_code_for(secret, after=used, monkeypatch=monkeypatch))
    nadia.press_button("Sign in")
    expect(nadia.account_bar).to_have_text("Signed in as Nadia Okafor (Councillor)")

    nadia.sign_out()
    sign_in_with_password(nadia, "nadia", PASSPHRASE)
    nadia.fill("Code", recovery)
    nadia.press_button("Sign in")
    expect(nadia.account_bar).to_have_text("Signed in as Nadia Okafor (Councillor)")
    assert (
        len(
            RecoveryCodes(
                Authenticator.objects.get(user=person, type="recovery_codes")
            ).get_unused_codes()
        )
        == 9
    )

    item = (
        AgendaItem.objects.filter(is_restricted=True, meeting__group=board)
        .exclude(paper="")
        .first()
    )
    nadia.page.goto(item.meeting.get_absolute_url())
    expect(nadia.main).to_contain_text(item.title)
    paper = nadia.page.request.get(f"/board/items/{item.pk}/paper/")
    assert paper.status == 200
    assert paper.headers["content-type"] == "application/pdf"


def test_a_forgotten_password_is_reset_from_the_emailed_link(board_site, anonymous_page):
    person = get_user_model().objects.get(username="councillor")
    portal = Portal(anonymous_page)
    anonymous_page.goto(SIGN_IN_URL)
    portal.follow_link("Forgotten your password?")
    portal.fill("E-mail address", person.email)
    portal.press_button("Send the link")
    expect(portal.heading).to_have_text("Check your e-mail")

    anonymous_page.goto(link_in_last_email(r"http://\S+/accounts/password/reset/key/\S+/"))
    portal.fill("New password", "a-brand-new-passphrase-42")
    portal.fill("New password again", "a-brand-new-passphrase-42")
    portal.press_button("Change password")
    expect(portal.heading).to_have_text("Password changed")

    sign_in_with_password(portal, "councillor", "a-brand-new-passphrase-42")
    expect(portal.account_bar).to_contain_text("Signed in as")
