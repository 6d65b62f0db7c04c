"""Start-up configuration: safe defaults, production mode, and clear errors for bad settings.

Each case starts a fresh Python process, because settings are read once at start-up."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cpboard.example.gov.uk",
    "SAFEGUARDING_CONTACT_EMAIL": "safeguarding@example.gov.uk",
    "OUT_OF_HOURS_PHONE": "0300 123 4567",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() in a new process with only the given settings set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_SETTING_PREFIXES)}
    clean.update(env, DJANGO_SETTINGS_MODULE="cpboard.settings")
    script = f"import django; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True
    )


_SETTING_PREFIXES = (
    "DJANGO_",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "SECURE_",
    "USE_X_FORWARDED_PROTO",
    "STATIC_ROOT",
    "SAFEGUARDING_CONTACT_EMAIL",
    "OUT_OF_HOURS_PHONE",
)


def test_with_nothing_set_the_demo_runs_on_sqlite_with_tasks_in_process():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_database_url_selects_postgresql():
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'])",
        DATABASE_URL="postgres://postgres@db.internal:5432/cpboard",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "5432",
        "cpboard",
    ]


def test_redis_url_makes_redis_the_broker_and_result_backend_and_queues_tasks():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, s.CELERY_TASK_ALWAYS_EAGER)",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://cache.internal:6379/0",
        "redis://cache.internal:6379/0",
        "False",
    ]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "DATABASE_URL cannot be used"),
        ("mysql://user@host/db", "DATABASE_URL cannot be used: mysql scheme"),
        ("postgres://[::1:5432/cpboard", "DATABASE_URL cannot be read"),
        ("postgres://postgres@localhost:5432", "DATABASE_URL names no database"),
    ],
)
def test_an_unusable_database_url_stops_start_up_saying_what_to_set(url, says):
    result = run_django("pass", DATABASE_URL=url)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert says in result.stderr
    assert "Set DATABASE_URL like postgres://" in result.stderr


def test_an_unusable_redis_url_stops_start_up_saying_what_to_set():
    result = run_django("pass", REDIS_URL="localhost:6379")

    assert result.returncode != 0
    assert "REDIS_URL cannot be used" in result.stderr
    assert "redis://HOST:6379/0" in result.stderr


def test_production_mode_without_secret_key_stops_start_up_saying_what_to_set():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]

    result = run_django("pass", **env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "DJANGO_DEBUG=0" in result.stderr


def test_production_mode_without_allowed_hosts_stops_start_up_saying_what_to_set():
    env = {**PRODUCTION}
    del env["ALLOWED_HOSTS"]

    result = run_django("pass", **env)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize("setting", ["SAFEGUARDING_CONTACT_EMAIL", "OUT_OF_HOURS_PHONE"])
def test_production_mode_without_the_councils_safeguarding_contacts_stops_start_up(setting):
    # A young person's worrying message must reach the council's real safeguarding contact,
    # and the number they are told to ring must be the council's, not the demo's.
    env = {**PRODUCTION}
    del env[setting]

    result = run_django("pass", **env)

    assert result.returncode != 0
    assert f"{setting} is not set" in result.stderr


def test_production_mode_passes_the_deployment_checks_without_warnings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_SETTING_PREFIXES)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_secures_cookies_and_transport():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, s.STORAGES['staticfiles']['BACKEND'])",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "DENY",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_production_static_files_collect_with_every_referenced_file_present(tmp_path):
    """The manifest storage fails on a url() in the CSS that names a missing file, which
    would stop the production image from building."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_SETTING_PREFIXES)}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "STATIC_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "build/cpboard.css" in manifest
    assert not list(tmp_path.rglob("*crest*")), "GOV.UK's crest is for GOV.UK only"
