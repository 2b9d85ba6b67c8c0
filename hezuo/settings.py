"""Settings in three parts: defaults here, documented example in `.env.example`, secrets from the
environment. `HEZUO_ENV=production` refuses to start without the values production needs."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("HEZUO_VAR_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("HEZUO_ENV", "development")
PRODUCTION = ENV == "production"
# Off unless asked for, here too: a debug page lists every URL and shows tracebacks.
DEBUG = os.environ.get("HEZUO_DEBUG", "0") == "1"


def _required(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, "" if PRODUCTION else (default or ""))
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when HEZUO_ENV=production")
    return value


SECRET_KEY = _required("HEZUO_SECRET_KEY", "dev-only-insecure-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = [
    h.strip()
    for h in _required("HEZUO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HEZUO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The home country: "domestic" and "foreign" are relative to it.
HOME_COUNTRY = os.environ.get("HEZUO_HOME_COUNTRY", "CN").upper()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "ninja",  # serves its bundled Swagger UI for /api/v1/docs (no CDN)
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "hezuo.core",
    "hezuo.registry",
    "hezuo.calls",
    "hezuo.portfolio",
    "hezuo.review",
    "hezuo.site",  # the composition layer: last, above every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hezuo.core.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "hezuo.core.middleware.PrivacyHeadersMiddleware",
    "hezuo.core.middleware.OutOfRangeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out sign-in
]

FORMAT_MODULE_PATH = ["hezuo.formats"]  # counts grouped as 7,580 in Chinese too
ROOT_URLCONF = "hezuo.urls"
WSGI_APPLICATION = "hezuo.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
# Sign-ins are throttled per account and per address (django-axes): after AXES_FAILURE_LIMIT
# wrong passwords in a row the account, and the address, wait AXES_COOLOFF_TIME; a right
# password then works again. The office reads the log at /security/sign-ins/.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("HEZUO_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HEZUO_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hezuo.core.security.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hezuo.core.context_processors.hezuo",
            ],
        },
    },
]

# Database: SQLite (WAL) under var/ by default; HEZUO_DATABASE_URL for PostgreSQL.
# Tests use HEZUO_TEST_DATABASE_URL when set, so the same suite runs on both backends.
_db_url = os.environ.get("HEZUO_TEST_DATABASE_URL") or os.environ.get("HEZUO_DATABASE_URL")
if PRODUCTION and not os.environ.get("HEZUO_DATABASE_URL"):
    raise ImproperlyConfigured("HEZUO_DATABASE_URL must be set when HEZUO_ENV=production")
if _db_url:
    # Persistent connections serve production; in tests the live server's request threads would
    # keep them open past the test database's teardown.
    _max_age = 0 if os.environ.get("HEZUO_TEST_DATABASE_URL") else 60
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=_max_age)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "hezuo.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise reads it at start-up
# Outside production WhiteNoise serves the apps' static files where they are (no collectstatic
# step for `make run`); production collects them into STATIC_ROOT.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded files live outside the web root and are only ever served through views that check scope.
MEDIA_ROOT = VAR_DIR / "files"
UPLOAD_MAX_BYTES = int(os.environ.get("HEZUO_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: database-backed tasks, run by `hezuo worker` (started by `hezuo serve`).
TASKS = {
    "default": {"BACKEND": os.environ.get("HEZUO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# Imports with more rows than this run as a background task with visible progress.
IMPORT_BACKGROUND_THRESHOLD = int(os.environ.get("HEZUO_IMPORT_BACKGROUND_THRESHOLD", 2000))

EMAIL_BACKEND = os.environ.get(
    "HEZUO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("HEZUO_FROM_EMAIL", "hezuo@localhost")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Every script and style is served from here (vendored, no CDN), so the policy can be strict:
# no inline script, no eval, nothing from elsewhere. Style attributes stay allowed (the pages
# size charts with them); `pages.js` gives the pages their behaviour through data attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the platform never uses, refused to every page and anything in it.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("HEZUO_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HEZUO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HEZUO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

PAGE_SIZE = 25
SITE_NAME = _("Hezuo")
