"""Settings for the facilitator portal, read from environment variables.

Every variable is listed in .env.example and the README. Bad values stop the start with
ImproperlyConfigured rather than running half-configured.
"""

import os
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"
# Without a key the site does not start: portal/wsgi.py refuses to serve. Commands that sign
# nothing (makemigrations, check) still run, and `check --deploy` reports the missing key.

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    # Before the admin: it adds a field per language to the content models (translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # full-text search when the database is PostgreSQL
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "taggit",
    "bootstrap",  # django-bootstrap-static: Bootstrap 5's CSS as static files
    "core",
    "portal",
    "toolkit",
    "annexes",
    "planner",
    "simple_history",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads request.POST: an unreadable body answers 400, not 500.
    "portal.middleware.UnreadableBodyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An English URL sends a reader who prefers Russian to /ru/...: before a kept page is served.
    "portal.languages.PreferredLanguageMiddleware",
    # Kept reading pages go out from here: everything above still adds its headers.
    "core.page_cache.KeptPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The reader's time zone for the request; their stored language on log-in.
    "portal.preferences.AccountPreferencesMiddleware",
    "portal.middleware.PrivatePageMiddleware",
    # After the CSRF check (a forged request is refused, not counted), before django-axes.
    "portal.middleware.AbuseLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

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
                "toolkit.context_processors.navigation",
                "portal.context_processors.languages",
                "portal.context_processors.annexes",
                # Last: on a page kept for every logged-in reader, markers for their own values.
                "core.page_cache.reader_placeholders",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Kept open between requests: a new connection per request costs more than the page.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers on one machine: WAL lets readers run beside a writer, IMMEDIATE takes
    # the write lock at BEGIN (no "database is locked" upgrade failures), and a writer waits
    # for its turn for up to `timeout` seconds instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Each process keeps rendered reading pages (core/page_cache.py) ...
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Each process keeps a plan's parts rendered (planner/rendering.py), apart from the pages, so
    # that many plans viewed never push the reading pages out.
    "plan_parts": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "plan_parts",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # A plan's overview and step pages, per plan revision and reader (planner/kept_pages.py):
    # ~40 KB each, so at most ~20 MB a process.
    "plan_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "plan_pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # ... under a content stamp that every process and machine reads from the database.
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        # Also the per-address request counts (RATE_LIMIT_CACHE): room for many addresses
        # before culling, which could drop the content stamp along with them.
        "OPTIONS": {"MAX_ENTRIES": 50000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Content is stored in every language the portal may one day offer; a missing translation falls
# back to Russian (the region's shared language), then to the English original.
CONTENT_LANGUAGES = ("en", "ru", "kk", "ky", "tg", "tk", "uz")
MODELTRANSLATION_LANGUAGES = CONTENT_LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("en",),
    **{code: ("ru", "en") for code in ("kk", "ky", "tg", "tk", "uz")},
}
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's choice of language (portal/languages.py), kept for a year rather than a session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Stored and computed in UTC; shown in the reader's zone: the one chosen on their account, else
# PORTAL_TIME_ZONE (portal/preferences.py activates it per request).
TIME_ZONE = "UTC"
PORTAL_TIME_ZONE = os.environ.get("PORTAL_TIME_ZONE", "") or "Asia/Almaty"
try:
    ZoneInfo(PORTAL_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"PORTAL_TIME_ZONE must be a time zone name such as Asia/Almaty, not {PORTAL_TIME_ZONE!r}"
    ) from None
USE_I18N = True
# Amounts are grouped where they are shown for reading (planner/selectors.py); left off here, as
# grouping every number a template prints would also group ids and page numbers in URLs.
USE_THOUSAND_SEPARATOR = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names let whitenoise cache CSS far-future; tests use plain storage instead.
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses log-ins for a username and address that failed too often.
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, loading the reader's time zone with the user in one statement.
    "portal.auth_backend.AccountBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The address behind nginx is the client's, not the proxy's (BEHIND_PROXY, below).
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
# One address trying many usernames. django-axes has a single limit for all its counts, and a
# success clears every count that matches, so an address-wide count inside django-axes would
# either lock a school's shared address after five typos or be wiped by the guesser logging
# in to their own account. Our own count (portal/limits.py) sums django-axes' records of
# failures from the address within the cool-off, which a success clears only for its username.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 50)
# Each sign-up and password-reset request sends an e-mail: per address and clock hour.
SIGNUP_LIMIT_PER_HOUR = env_int("SIGNUP_LIMIT_PER_HOUR", 10)
PASSWORD_RESET_LIMIT_PER_HOUR = env_int("PASSWORD_RESET_LIMIT_PER_HOUR", 10)
RATE_LIMIT_CACHE = "shared"  # every process and machine counts together
# A sign-up link (portal/views.py: signup_confirm) works for as long as a password-reset link.
SIGNUP_LINK_MAX_AGE = 3 * 24 * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "planner:plan_list"
LOGOUT_REDIRECT_URL = "home"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")

# --- Security ---------------------------------------------------------------------------
# Django's database sessions, read with one plain statement on every logged-in request.
SESSION_ENGINE = "portal.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production runs behind an HTTPS proxy (nginx); HTTPS=1 turns on everything that assumes it.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind nginx every request arrives from 127.0.0.1: the client's address is then read from
# X-Forwarded-For, TRUSTED_PROXY_COUNT entries from the right (portal/client_ip.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 1 or more, not {TRUSTED_PROXY_COUNT}")
if BEHIND_PROXY:
    # Only trust X-Forwarded-Proto when a proxy we run sets it (and strips the client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Pages need no inline script or style: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],  # the offline reader, /sw.js
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Request bodies: plans are text; nothing legitimate comes near these sizes.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The toolkit's content: loaded into an empty database by `manage.py load_content`.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
