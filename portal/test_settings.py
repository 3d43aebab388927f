"""Settings for the test suite: production settings with a fast hasher and plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("HTTPS", "0")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps' folders: tests run without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory, so concurrency tests meet SQLite's real locking.
    # One file per test run, so that runs side by side never share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }

# The content stamp lives in memory here, so that query counts measure the pages themselves;
# tests/core/test_page_cache.py checks the database-backed stamp on its own.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    "plan_parts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "parts"},
    "plan_pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "plan"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
