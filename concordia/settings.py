"""Concordia's settings: everything that differs between machines comes from the environment.

Production differs from development only by environment variables; see README.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# The fixed key of development and tests; public, so never valid in production. The system
# check concordia.E001 refuses it whenever DEBUG is off (`check --deploy` reports it).
DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production-" + "x" * 20
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("CONCORDIA_ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. A production start (DEBUG off) needs its own secret key: "
            "set SECRET_KEY to a long random value (e.g. from `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`). For development use `make run` (DEBUG on).")
    # Only for development and tests (`make run`, `make test`): sessions survive restarts.
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

# The journal's seal key: HMAC over every entry and head, so that someone who can write the
# database but does not hold this key cannot rewrite the journal unnoticed. It must live
# outside the database and differ from SECRET_KEY (which the database's sessions depend on).
DEVELOPMENT_JOURNAL_KEY = "insecure-development-journal-key-do-not-use-in-production"
JOURNAL_KEY = os.environ.get("JOURNAL_KEY", "")
if not JOURNAL_KEY:
    if not DEBUG and not env_bool("CONCORDIA_ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured("Set JOURNAL_KEY (a long random secret, not SECRET_KEY).")
    # Only for development and tests (DEBUG or the development key flag, as for SECRET_KEY):
    # a fixed, public key, refused by the system check concordia.E002 in production.
    JOURNAL_KEY = DEVELOPMENT_JOURNAL_KEY
elif JOURNAL_KEY == SECRET_KEY:
    raise ImproperlyConfigured("JOURNAL_KEY must differ from SECRET_KEY.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "concordia.core",
    "concordia.accounts",
    "concordia.organisations",
    "concordia.journal",
    "concordia.alliances",
    "concordia.handbook",
    "concordia.design",
    "concordia.blocks",
    "concordia.advisor",
    "concordia.notifications",
    "concordia.bodies",
    "concordia.meetings",
    "concordia.actions",
    "concordia.decisions",
    "concordia.agreements",
    "concordia.escalations",
    "concordia.evaluation",
    "concordia.learning",
    "concordia.settlement",
    "concordia.scorecard",
    "concordia.plans",
    "concordia.reports",
    "concordia.reviews",
    "concordia.todo",
    "concordia.demo",
    # The task queue's database backend; installed always so its table exists whichever
    # backend runs (switching to Redis later loses nothing).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "concordia.core.middleware.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "concordia.core.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "concordia.core.middleware.RetryableConflictMiddleware",
]

ROOT_URLCONF = "concordia.urls"
WSGI_APPLICATION = "concordia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concordia" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concordia.todo.context_processors.navigation_counts",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout: concurrent writers queue instead of failing with "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the log-in; verification mandatory outside development.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the full name (people show by name, not by e-mail address).
ACCOUNT_SIGNUP_FORM_CLASS = "concordia.accounts.forms.SignupNameForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {"login_failed": "5/m/ip,10/5m/key"}  # False: off

# Behind a reverse proxy (or a load balancer) the client's address is in X-Forwarded-For; this
# many proxies are trusted to append to it. 0: no proxy, REMOTE_ADDR is the client. Rate limits
# per address count the real client only when this matches the deployment.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# The proxy tells the public host name: links built from the request (invitation mail) use it.
USE_X_FORWARDED_HOST = TRUSTED_PROXY_COUNT > 0

# The shared cache: rate limits (failed log-ins) hold across all workers and machines.
# The database by default (no extra server; the table is created by a migration), Redis when
# REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "concordia"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "concordia_cache"}}
# Each process's own memory, for values whose key names everything they depend on, so that no
# process has to tell another to forget them (todo.selectors.header_counts).
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                   "LOCATION": "concordia-local", "OPTIONS": {"MAX_ENTRIES": 10_000}}

# The task queue (django.tasks): slow work such as mail runs in a worker (`manage.py worker`).
# The database backend by default, RQ on Redis when REDIS_URL is set.
if REDIS_URL:
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Mail is tried this many times, waiting MAIL_RETRY_SECONDS × 4^(attempt-1) between tries.
MAIL_ATTEMPTS = int(os.environ.get("MAIL_ATTEMPTS", "4"))
MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "60"))
ACCOUNT_ADAPTER = "concordia.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
USERSESSIONS_TRACK_ACTIVITY = False

# Mail: console in development, SMTP when EMAIL_HOST is set.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "concordia@localhost")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# The switch in the header (Django's set_language) remembers the choice for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The project's catalogue, then our Dutch for messages of Django and allauth ("je", our terms):
# both win over the apps' catalogues, Django's and allauth's included.
LOCALE_PATHS = [
    BASE_DIR / "concordia" / "locale",
    BASE_DIR / "concordia" / "locale_overrides",
]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "concordia" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Strict Content-Security-Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health endpoint over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# Personal API tokens live this many days unless the person picks a shorter life.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))

# The evaluation shows no figure about fewer respondents than this (k-anonymity, also by
# difference); never below 3.
try:
    EVALUATION_MIN_GROUP = int(os.environ.get("EVALUATION_MIN_GROUP", "5"))
except ValueError as exc:
    raise ImproperlyConfigured("EVALUATION_MIN_GROUP must be a whole number (default 5).") from exc
if EVALUATION_MIN_GROUP < 3:
    raise ImproperlyConfigured(
        f"EVALUATION_MIN_GROUP must be at least 3 (it is {EVALUATION_MIN_GROUP}): smaller groups "
        "would let a reader recognise a respondent's answers.")

# Logs go to stderr: readable text in development, one JSON object per line in production
# (DEBUG off) or with LOG_FORMAT=json, for the log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "concordia.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"concordia": {"level": os.environ.get("LOG_LEVEL", "INFO")}},
}

# Public address for links in mail sent outside a request (management commands). Mail sent
# because of a request links to the address that request was served on.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
SIGNUP_OPEN = env_bool("SIGNUP_OPEN", default=True)
# The benchmark's floor view exists only when the benchmark asks for it.
BENCH_FLOOR = env_bool("BENCH_FLOOR")
