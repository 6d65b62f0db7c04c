"""Settings for the Corporate Parenting Board portal, read from environment variables.

With nothing set, the portal runs as the embedded demo: SQLite, Celery tasks run in-process,
e-mail printed to the console. Production is the same code with a different environment:
``DJANGO_DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL) and
``REDIS_URL`` (Celery broker, results and cache). Anything set wrongly stops start-up with
a message naming the variable to fix.
"""

import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# The embedded demo is the default so that `make run` needs no configuration; production
# sets DJANGO_DEBUG=0 and then everything below that matters for safety is required.
DEBUG = env.bool("DJANGO_DEBUG", default=True)

_DEMO_SECRET_KEY = "demo-only-key-not-for-production-8c1e7a0f4b2d4e6f9a3b5c7d9e1f3a5b7c9d1e3f"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DJANGO_DEBUG=0) needs SECRET_KEY set to a "
            "long random value, for example the output of "
            'python -c "import secrets; print(secrets.token_urlsafe(50))".'
        )
    SECRET_KEY = _DEMO_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production mode (DJANGO_DEBUG=0) needs ALLOWED_HOSTS set to "
        "the host names the portal answers on, separated by commas, e.g. "
        "ALLOWED_HOSTS=cpboard.example.gov.uk."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The council and board this installation serves: shown in the header, page titles and reports.
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Wealdbridge Borough Council")
BOARD_NAME = env.str("BOARD_NAME", default="Corporate Parenting Board")
# The council in DfE's published statistics (How we compare): its old three-digit code, e.g.
# 887. The demo (DJANGO_DEBUG on) is a fictional council modelled on Medway's papers, so it
# uses Medway's code and every page showing DfE figures says so (DFE_DEMO_NOTE).
DFE_LA_CODE = env.str("DFE_LA_CODE", default="887" if DEBUG else "")
DFE_DEMO_NOTE = env.str(
    "DFE_DEMO_NOTE",
    default="This demo council is fictional: its region, statistical neighbours and published "
    "DfE figures are Medway's (DfE code 887); its quarterly figures are invented."
    if DEBUG
    else "",
)
# The risk register's scale (strategy app): "4x4" rates likelihood A-D and impact I-IV as the
# papers do ("BII"); "5x5" rates both 1-5 ("4x3"), as many councils do.
RISK_SCALE = env.str("RISK_SCALE", default="4x4")
# The headline KPIs, by code, in order: the home page leads with them
# (performance.selectors.scorecard_summary): the contextual numbers councillors ask first
# (children in care, the rate per 10,000, care leavers, unaccompanied asylum-seeking children).
HEADLINE_KPIS = env.list(
    "HEADLINE_KPIS", default=["CLA-COUNT", "CLA-RATE-10K", "CL-COUNT", "CLA-UASC"]
)
# The KPIs the young people's summary tells in plain words, by code, in order: how many children
# are in care and what young people ask about their lives (moves, health, teeth, school, work
# and a home after care), chosen with the children in care council.
YOUNG_PEOPLE_KPIS = env.list(
    "YOUNG_PEOPLE_KPIS",
    default=[
        "CLA-COUNT",
        "CL-COUNT",
        "CLA-UASC",
        "CLA-STAB-3PL",
        "CLA-RHA",
        "CLA-DENTAL",
        "CLA-PEP",
        "CL-EET",
        "CL-SUIT-ACC",
    ],
)
# The portal's address, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Young people's messages to the Board (voice app). Who to talk to now, shown before a young
# person types anything: the council's out-of-hours children's social care number.
OUT_OF_HOURS_PHONE = env.str("OUT_OF_HOURS_PHONE", default="01632 960 999" if DEBUG else "")
# The council's designated safeguarding contact: a message whose words match a safeguarding
# phrase is e-mailed here at once.
SAFEGUARDING_CONTACT_EMAIL = env.str(
    "SAFEGUARDING_CONTACT_EMAIL", default="safeguarding@wealdbridge.example" if DEBUG else ""
)
# The demo's are made up: in production a child must be sent to the council's own.
if not SAFEGUARDING_CONTACT_EMAIL:
    raise ImproperlyConfigured(
        "SAFEGUARDING_CONTACT_EMAIL is not set. Production mode (DJANGO_DEBUG=0) needs it set to "
        "the e-mail address of the council's designated safeguarding contact, who is e-mailed at "
        "once when a young person's message to the Board suggests they may be at risk."
    )
if not OUT_OF_HOURS_PHONE:
    raise ImproperlyConfigured(
        "OUT_OF_HOURS_PHONE is not set. Production mode (DJANGO_DEBUG=0) needs it set to the "
        "council's out-of-hours children's social care number, which young people are told to "
        "ring."
    )
# How long a message's words are kept once it is closed (we did it, or could not and said
# why); after that only its topic, dates and status remain.
VOICE_KEEP_TEXT_DAYS = env.int("VOICE_KEEP_TEXT_DAYS", default=365)
# Where people write about the portal: shown in the phase banner.
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="corporate.parenting@wealdbridge.example")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tables2",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    # Accounts (accounts app): django-allauth's local sign-in, password reset, OpenID Connect
    # single sign-on and two-factor authentication.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "cpboard",
    "subgroups",
    "strategy",
    "performance",
    "voice",
    "reports",
    "alerts",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Someone whose role needs a second factor reaches nothing but setting it up until done.
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpboard.urls"
WSGI_APPLICATION = "cpboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cpboard.context_processors.portal",
                "accounts.context_processors.accounts",
            ],
        },
    },
]


# SQLite (the demo, and small installations) with several people saving at once: each write
# transaction takes the write lock when it begins (IMMEDIATE), so a second writer queues for
# up to 20 seconds and then reads the first one's save (and is told its form is stale)
# instead of failing with "database is locked" when it tries to upgrade a read lock; WAL lets
# pages read while someone writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_url(url: str) -> dict:
    """Django DATABASES entry for a DATABASE_URL; a URL it cannot use raises a clear error."""
    hint = (
        "Set DATABASE_URL like postgres://USER:PASSWORD@HOST:5432/NAME, or leave it unset to "
        "use SQLite."
    )
    scheme = url.partition("://")[0] if "://" in url else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL cannot be used: {scheme or 'no'} scheme in {url!r}; the portal runs "
            f"on PostgreSQL or SQLite. {hint}"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = environ.Env.db_url_config(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read ({error}). {hint}") from error
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL names no database: {url!r}. {hint}")
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    else:
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **SQLITE_OPTIONS}
    return config


DATABASE_URL = env.str("DATABASE_URL", default="")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Celery and the cache. Without REDIS_URL, tasks run in-process as they are queued, which is
# what the single-process demo needs; with it, a worker and beat do the work.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        f"REDIS_URL cannot be used: {REDIS_URL!r}. Set it like redis://HOST:6379/0, or leave "
        "it unset to run tasks in-process."
    )
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A person who presses a button waits while the task is handed to Redis: when Redis is down
# they get an answer at once (a refused connection) or within about three seconds (a hung
# one), instead of after Celery's default twenty retries or never. One quick retry still
# covers a pooled connection Redis closed while idle. The broker's socket timeout stays above
# the worker's one-second poll of the queue. cpboard.celery.enqueue turns the failure into
# TaskQueueUnavailable.
_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    **_QUICK_RETRY,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = _QUICK_RETRY
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 1
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _QUICK_RETRY}
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "cpboard.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=0),
    },
    "remind-officers-of-figures-due": {
        "task": "performance.tasks.send_figure_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Reports: daily, but it only acts on the first working day after a quarter ends, when it
    # creates (if missing) and compiles the draft board pack for the quarter just ended.
    "compile-board-pack-after-quarter-end": {
        "task": "reports.tasks.compile_due_board_pack",
        "schedule": crontab(hour=6, minute=30),
    },
    # Reports: a compile killed half-way can leave its PDF behind in REPORTS_TMP_DIR.
    "sweep-report-temporary-files": {
        "task": "reports.tasks.sweep_temporary_files",
        "schedule": crontab(hour=3, minute=30),
    },
    # Young people's messages: the words of messages closed VOICE_KEEP_TEXT_DAYS ago.
    "forget-old-message-words": {
        "task": "voice.tasks.forget_old_message_words",
        "schedule": crontab(hour=4, minute=0),
    },
    # Alerts: actions and risk reviews falling due, and any alert the queue did not take.
    "send-alerts-due": {
        "task": "alerts.tasks.send_due_alerts",
        "schedule": crontab(hour=7, minute=15),
    },
    # Alerts: each person's weekly digest, on Monday morning.
    "send-weekly-alert-digests": {
        "task": "alerts.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # SSDA903 returns: uploads left by a killed task and error lists past their 24 hours.
    "sweep-ssda903-temporary-files": {
        "task": "performance.tasks.sweep_ssda903_files",
        "schedule": crontab(minute=15),
    },
}
# Reports: a compile that has not reported for this long is shown as interrupted (its worker
# was killed) and may be retried.
REPORTS_STALE_AFTER_SECONDS = env.int("REPORTS_STALE_AFTER_SECONDS", default=10 * 60)
# Reports: the one folder a compile writes its PDF to before the file is saved; anything in
# it older than a day is left by a killed compile and is swept away daily.
REPORTS_TMP_DIR = Path(
    env.str("REPORTS_TMP_DIR", default=str(Path(tempfile.gettempdir()) / "cpboard-reports"))
)
# SSDA903 returns: the one folder uploaded returns wait in for the worker (deleted when the
# task ends, fails or is killed) and the uploader's list of errors is kept in for a day.
SSDA903_TMP_DIR = Path(
    env.str("SSDA903_TMP_DIR", default=str(Path(tempfile.gettempdir()) / "cpboard-ssda903"))
)
# The council's local authority code, which DfE's validation rules check postcodes against.
SSDA903_LA_CODE = env.str("SSDA903_LA_CODE", default="E06000035")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2 for new and changed passwords; a PBKDF2 hash is re-hashed with Argon2 the next time
# its owner signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Repeated wrong passwords for one account from one address lock that pair out for a while,
# so guessing is slow but nobody can lock a councillor out from everywhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind the TLS proxy every request comes from the proxy's address; with the number of proxies
# the council runs in front of the portal, each person is counted under the address the
# outermost one saw (cpboard.client_address). 0, the default, counts the connecting address and
# ignores X-Forwarded-For, which a client can write anything into.
_TRUSTED_PROXY_COUNT = env.str("TRUSTED_PROXY_COUNT", default="0").strip()
if not _TRUSTED_PROXY_COUNT.isdigit():
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT cannot be used: {_TRUSTED_PROXY_COUNT!r}. Set it to the number of "
        "proxies in front of the portal that add to X-Forwarded-For (1 for one TLS proxy), or "
        "0 when nothing does."
    )
TRUSTED_PROXY_COUNT = int(_TRUSTED_PROXY_COUNT)
AXES_CLIENT_IP_CALLABLE = "cpboard.client_address.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# allauth's sign-in form names its field "login" (a username or an e-mail address).
AXES_USERNAME_CALLABLE = "accounts.adapters.axes_username"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth). People are invited by the administrator (accounts app); nobody
# signs themselves up. With single sign-on configured (OIDC_ISSUER), the sign-in page leads
# with the council's button; LOCAL_PASSWORDS=0 leaves only the council's accounts.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_LOGIN_LABEL = env.str("OIDC_LOGIN_LABEL", default="Sign in with your council account")
# The claim that lists a person's groups, and which group gives which role:
# OIDC_ROLES=councillor:<group id>,officer:<group id>,... (role slugs of cpboard.roles).
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="groups")
OIDC_ROLES = env.str("OIDC_ROLES", default="")
# Values of the ID token's `amr` claim that mean the provider itself asked for a second factor.
OIDC_MFA_AMR = env.list("OIDC_MFA_AMR", default=["mfa", "otp", "hwk", "swk", "sms", "fido"])
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)
if OIDC_ISSUER and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "OIDC_ISSUER is set but OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is not: set all three to "
        "the values of the portal's app registration at the council's identity provider."
    )
if not LOCAL_PASSWORDS and not OIDC_ISSUER:
    raise ImproperlyConfigured(
        "LOCAL_PASSWORDS=0 switches off the portal's own passwords, but OIDC_ISSUER is not set, "
        "so nobody could sign in. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET."
    )
# The roles that must use a second factor: by default every role but young people's when
# the portal's own passwords are on; none under single sign-on only (the provider's MFA), and
# none in the demo (DJANGO_DEBUG on), whose people sign in with the demo password alone.
REQUIRE_2FA_FOR = env.list(
    "REQUIRE_2FA_FOR",
    default=[
        "councillor",
        "officer",
        "performance-lead",
        "board-secretary",
        "administrator",
    ]
    if LOCAL_PASSWORDS and not DEBUG
    else [],
)
# How long an invitation's link works.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=7)

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.SignInForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
    "set_password": "accounts.allauth_forms.SetPasswordForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.allauth_forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.allauth_forms.ReauthenticateForm",
}
MFA_FORMS = {
    "authenticate": "accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "accounts.allauth_forms.MFAReauthenticateForm",
    "activate_totp": "accounts.allauth_forms.ActivateTOTPForm",
    "deactivate_totp": "accounts.allauth_forms.DeactivateTOTPForm",
    "generate_recovery_codes": "accounts.allauth_forms.GenerateRecoveryCodesForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
# The invitation proves the address; nobody signs up without one.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
# A reset asked for an address with no account says the same as any other and sends nothing.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{BOARD_NAME}: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Rate limits: wrong passwords are counted by django-axes (above, per account and address);
# allauth counts wrong two-factor codes per person ("login_failed"), reset e-mails and the
# reset links.
ACCOUNT_RATE_LIMITS = {
    "login": False,
    "login_failed": env.str("MFA_FAILURE_LIMIT", default="5/900s/key"),
    "reset_password": "20/m/ip,3/900s/key",
    "reset_password_from_key": "20/m/ip",
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = (
    {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "council",
                    "name": OIDC_LOGIN_LABEL,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {
                        "server_url": OIDC_ISSUER,
                        "token_auth_method": "client_secret_post",
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ],
        }
    }
    if OIDC_ISSUER
    else {}
)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = BOARD_NAME
MFA_PASSKEY_LOGIN_ENABLED = False
# Security keys need HTTPS; on the plain-HTTP demo they work on localhost only.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Board papers are sensitive: sessions end when the browser closes and after a working day.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Only a load test speaking plain HTTP on loopback turns these off; check --deploy warns if so.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The container health check calls /healthz/ over plain HTTP from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind the council's TLS-terminating proxy, trust its header saying the request was HTTPS.
if env.bool("USE_X_FORWARDED_PROTO", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def csp_allowing(issuer: str = "") -> dict:
    """The content security policy; with single sign-on, the sign-in button's form may lead on
    to the identity provider (browsers check form-action on the redirect too)."""
    provider = "/".join(issuer.split("/", 3)[:3]) if issuer else ""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:"],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF, provider] if provider else [SELF],
            "frame-ancestors": [NONE],
        }
    }


CONTENT_SECURITY_POLICY = csp_allowing(OIDC_ISSUER)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names need `collectstatic`; the demo serves files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Board papers (subgroups): the largest upload accepted, in megabytes. Papers are stored through
# the default storage and served only by a view that checks who may read them.
BOARD_PAPER_MAX_MB = env.float("BOARD_PAPER_MAX_MB", default=20)
# The domain in the UIDs of the meeting calendar feed, so calendar apps keep events apart.
CALENDAR_UID_DOMAIN = env.str("CALENDAR_UID_DOMAIN", default="cpboard.invalid")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cpboard@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = ("gds",)
CRISPY_TEMPLATE_PACK = "gds"
# The GDS pack styles text, e-mail and password inputs; give any number or date input the same
# GOV.UK look (the portal's own forms use text inputs with an input mode, as GOV.UK advises).
CRISPY_CLASS_CONVERTERS = {"numberinput": "govuk-input", "dateinput": "govuk-input"}
DJANGO_TABLES2_TEMPLATE = "includes/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
