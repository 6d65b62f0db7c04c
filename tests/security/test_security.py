"""Security settings a council's portal must have, each shown working on real requests."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def sign_in(client: Client, username: str, password: str):
    return client.post(reverse("account_login"), {"login": username, "password": password})


class TestSignInThrottling:
    def test_five_wrong_passwords_pause_sign_in_even_with_the_right_one(self, client, make_user):
        make_user(roles.COUNCILLOR, username="helen")
        for _ in range(4):
            assert sign_in(client, "helen", "wrong").status_code == 200
        assert sign_in(client, "helen", "wrong").status_code == 429

        response = sign_in(client, "helen", PASSWORD)

        assert response.status_code == 429
        assert "Sign-in paused" in response.text
        assert "paused for 15 minutes" in response.text
        assert not client.get("/").wsgi_request.user.is_authenticated

    def test_another_account_from_the_same_device_can_still_sign_in(self, client, make_user):
        make_user(roles.COUNCILLOR, username="helen")
        make_user(roles.OFFICER, username="daniel")
        for _ in range(5):
            sign_in(client, "helen", "wrong")

        response = sign_in(client, "daniel", PASSWORD)

        assert response.status_code == 302

    def test_sign_in_works_again_after_the_pause(self, client, make_user):
        make_user(roles.COUNCILLOR, username="helen")
        for _ in range(5):
            sign_in(client, "helen", "wrong")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

        response = sign_in(client, "helen", PASSWORD)

        assert response.status_code == 302

    def test_a_successful_sign_in_forgets_earlier_wrong_passwords(self, client, make_user):
        make_user(roles.COUNCILLOR, username="helen")
        for _ in range(4):
            sign_in(client, "helen", "wrong")
        sign_in(client, "helen", PASSWORD)
        client.post(reverse("account_logout"))

        for _ in range(4):
            sign_in(client, "helen", "wrong")

        assert sign_in(client, "helen", PASSWORD).status_code == 302


class TestContentSecurityPolicy:
    def test_pages_forbid_inline_script_and_framing(self, client_as):
        policy = client_as(roles.COUNCILLOR).get("/")["Content-Security-Policy"]

        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy

    @pytest.mark.parametrize(
        "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
    )
    def test_no_template_has_inline_script_handlers_or_styles(self, template):
        html = template.read_text()

        inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
        assert inline_scripts == [], "inline <script> would be blocked by the CSP"
        assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
        assert not re.search(r"\sstyle\s*=", html), "inline style attribute"


def test_pages_cannot_be_framed_by_another_site(client_as):
    assert client_as(roles.COUNCILLOR).get("/")["X-Frame-Options"] == "DENY"


def test_a_post_without_the_csrf_token_is_refused(make_user):
    client = Client(enforce_csrf_checks=True)
    user = make_user(roles.BOARD_SECRETARY)
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 403
    assert client.get("/").wsgi_request.user == user


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/password/", "/board/health/edit/", "/"]
)
def test_every_post_form_carries_a_csrf_token(client_as, demo_board, url):
    client = client_as(roles.BOARD_SECRETARY)
    if url == "/accounts/login/":
        client = Client()

    html = client.get(url).text

    forms = re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S | re.I)
    assert forms, "the page should have a form to check"
    for form in forms:
        assert 'name="csrfmiddlewaretoken"' in form


def test_a_session_older_than_its_age_is_signed_out(client_as):
    client = client_as(roles.COUNCILLOR)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_sessions_end_with_the_browser_and_after_a_working_day(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_secure_cookies_and_hsts_when_production_settings_are_on(client, make_user, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    make_user(roles.COUNCILLOR, username="helen")

    page = client.get(reverse("account_login"), secure=True)
    signed_in = client.post(
        reverse("account_login"), {"login": "helen", "password": PASSWORD}, secure=True
    )

    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    assert page.cookies["csrftoken"]["secure"]
    assert signed_in.cookies["sessionid"]["secure"]
    assert signed_in.cookies["sessionid"]["httponly"]
