"""Django settings of the network platform, read from the environment.

The ``atr serve`` / ``atr web`` commands turn the project file into environment variables
(:mod:`atr.platform.runtime`) before Django starts, so gunicorn workers and management
commands see one configuration. Nothing secret lives here: the key comes from
``ATR_SECRET_KEY`` or the file named by ``ATR_SECRET_KEY_FILE``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from atr.platform.dburl import database_from_url

HERE = Path(__file__).resolve().parent
PUBLISH_STATIC = HERE.parent / "publish" / "static"
PROJECT_DIR = Path(os.environ.get("ATR_WEB_PROJECT_DIR", os.getcwd()))

PRODUCTION = os.environ.get("ATR_WEB_PRODUCTION") == "1"
DEBUG = os.environ.get("ATR_WEB_DEBUG") == "1" and not PRODUCTION


def _secret_key() -> str:
    if os.environ.get("ATR_SECRET_KEY"):
        return os.environ["ATR_SECRET_KEY"]
    key_file = os.environ.get("ATR_SECRET_KEY_FILE")
    if key_file:
        try:
            return Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{key_file}: cannot read the secret key ({exc})") from exc
    if PRODUCTION:
        raise ImproperlyConfigured("production needs ATR_SECRET_KEY or ATR_SECRET_KEY_FILE")
    # Tests and one-off processes: a throwaway key (sessions die with the process).
    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ATR_WEB_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
if not PRODUCTION:
    ALLOWED_HOSTS.append("testserver")

DATABASES = {
    "default": database_from_url(
        os.environ.get("ATR_DATABASE_URL") or "sqlite:///platform.sqlite3", base=PROJECT_DIR
    )
}
_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    *(["django.contrib.postgres"] if _POSTGRES else []),
    "axes",
    "csp",
    "auditlog",
    "atr.platform.network",
    "atr.platform.workforce",
    "atr.platform.directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "atr.platform.middleware.SecurityHeadersMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "atr.platform.middleware.DenyByDefaultMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "atr.platform.urls"
WSGI_APPLICATION = "atr.platform.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atr.platform.network.access.roles_context",
            ]
        },
    }
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "network:login"
LOGIN_REDIRECT_URL = "network:me"
LOGOUT_REDIRECT_URL = "network:home"

# Login throttling: five failures for one account from one address locks it for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "network/locked_out.html"
AXES_VERBOSE = False

# Cookies and headers. Cookies are HttpOnly and SameSite everywhere, Secure in production
# (a laptop serves plain http://127.0.0.1, where a Secure cookie would never come back).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Uploads: small CSV files only; anything bigger is refused before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

STATIC_URL = "/static/"
# Static files are served from where they live (WhiteNoise's finders); `collectstatic` is only
# needed behind a CDN, into $ATR_WEB_STATIC_ROOT.
STATIC_ROOT = os.environ.get("ATR_WEB_STATIC_ROOT") or None
# The GOV.UK Frontend build the dashboard already ships, served from where it lives (no copy).
STATICFILES_DIRS = [
    ("govuk", PUBLISH_STATIC / "vendor" / "govuk-frontend"),
    ("atr", PUBLISH_STATIC / "css"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Disclosure control for counts of sensitive fields (lived experience) on every page.
ATR_SUPPRESS_BELOW = 5
