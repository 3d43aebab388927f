"""Whole-page caching of the reading pages.

The toolkit and the annexes change only when an admin edits them, so their pages are kept
rendered: one copy for visitors who are not logged in, and one for every logged-in reader with
markers where each reader's own name and CSRF token go. Every kept page is filed under the current
"content stamp"; an admin's save (ContentAdminMixin) or a content command sets a new stamp, so
the next request renders afresh on every process and every machine. The stamp lives in the
shared cache (the database), the pages in each process's own memory.

Each process holds the stamp it read for STAMP_HELD_SECONDS, so a kept page is served without
touching the database at all (no stamp read, hence no connection health check either). An edit
therefore reaches other processes up to that long later; the process that made it at once.
"""

import functools
import hashlib
import threading
import time
import uuid

from django.conf import settings
from django.contrib import admin
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.html import escape

from core.admin import TranslatedContentAdmin

from .languages import language_of_path

STAMP_KEY = "content-stamp"
PAGE_TIMEOUT = 600  # a backstop for edits made outside the admin (shell, SQL), kept values too
STAMP_HELD_SECONDS = 1.0

# (stamp, monotonic time until which it is held); one tuple, replaced whole, so a thread never
# sees a stamp with another's deadline.
_held = (None, 0.0)


def content_stamp():
    global _held
    stamp, until = _held
    now = time.monotonic()
    if stamp is not None and now < until:
        return stamp
    shared = caches["shared"]
    stamp = shared.get(STAMP_KEY)
    if stamp is None:
        stamp = uuid.uuid4().hex
        shared.add(STAMP_KEY, stamp, timeout=None)
        stamp = shared.get(STAMP_KEY, stamp)
    _held = (stamp, now + STAMP_HELD_SECONDS)
    return stamp


def content_changed():
    global _held
    caches["shared"].set(STAMP_KEY, uuid.uuid4().hex, timeout=None)
    # Read afresh, and again once the edit is committed: held from here, the new stamp would
    # reach this process's other threads (GUNICORN_THREADS > 1) before the edit does, and they
    # would keep the old content under it.
    _held = (None, 0.0)
    transaction.on_commit(forget_held_stamp)


def forget_held_stamp():
    """Read the stamp from the shared cache next time (tests that empty that cache)."""
    global _held
    _held = (None, 0.0)


class KeptPerContent:
    """A value built from the content (a menu, a search index), kept in this process for
    each language until the content stamp changes. Only the current stamp's values are kept,
    so at most one per language. The dict is replaced whole, never changed in place: a thread
    reading it while another stores sees the old dict or the new one. Two threads may both
    build: that costs time once, not correctness."""

    def __init__(self, build):
        self._build = build
        self._kept = {}  # (stamp, language) -> (value, monotonic time it is kept until)
        self._storing = threading.Lock()

    def get(self):
        # The stamp is read before the content: an edit made while building sets a newer
        # stamp, so the value built here is never kept past it.
        key = (content_stamp(), translation.get_language())
        now = time.monotonic()
        value, until = self._kept.get(key, (None, 0.0))
        if value is not None and now < until:
            return value
        value = self._build()
        with self._storing:
            if content_stamp() == key[0]:  # else another thread may keep the newer stamp's
                kept = {k: v for k, v in self._kept.items() if k[0] == key[0]}
                kept[key] = (value, now + PAGE_TIMEOUT)
                self._kept = kept
        return value

    def stamps(self):
        """The (stamp, language) pairs kept now: for tests."""
        return set(self._kept)


def _marker(what):
    # Secret (derived from SECRET_KEY), so no content can contain it, and the same in every
    # process, so a page kept in a cache that processes share is filled in by any of them.
    return f"kept-reader-{what}-{salted_hmac('core.page_cache.marker', what).hexdigest()[:24]}"


@functools.cache
def reader_markers():
    """(name, token): where a page kept for logged-in readers holds each reader's name and
    CSRF token. Made on first use, not on import: the site refuses to start without a
    SECRET_KEY with its own message (portal/wsgi.py), which an import would pre-empt."""
    return _marker("name"), _marker("token")


def reader_placeholders(request):
    """Context processor: while a page is rendered to be kept for every logged-in reader,
    their name and CSRF token are markers (filled in for each reader by cache_content_page)."""
    if getattr(request, "rendering_for_readers", False):
        name, token = reader_markers()
        return {"csrf_token": token, "reader_name": name}
    return {}


def kept_page_allowed(request):
    return (
        request.method in ("GET", "HEAD")
        # Pending messages ("You have logged out") belong to this visitor's next page only.
        and "messages" not in request.COOKIES
        and not (
            request.COOKIES.get(settings.SESSION_COOKIE_NAME) and request.session.get("_messages")
        )
    )


def _key(request, audience="page"):
    # The path names the language (portal/languages.py); the host is in every absolute link.
    page = f"{request.get_host()}{request.get_full_path()}"
    return f"{audience}:{content_stamp()}:{hashlib.sha256(page.encode()).hexdigest()}"


def _kept_response(request):
    language = language_of_path(request.path_info)
    kept = caches["default"].get(_key(request))
    if kept is None:
        return None
    status, content_type, content = kept
    response = HttpResponse(content, status=status, content_type=content_type)
    # What SessionMiddleware and LocaleMiddleware add to a rendered page; a page served from
    # KeptPageMiddleware passes neither, and caches and browsers need to know its language.
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    response.headers.setdefault("Content-Language", language)
    return response


def _render_to_keep(render, key, cache=None, timeout=PAGE_TIMEOUT):
    """`render()`'s response, kept under `key` unless it streams, sets cookies or is neither a
    page nor a 404. `timeout` may be a function, asked after rendering (what the page showed
    may say how long it holds)."""
    response = render()
    if response.streaming:
        return response
    if hasattr(response, "render"):
        response.render()
    if response.status_code in (200, 404) and not response.cookies:
        kept = (response.status_code, response["Content-Type"], response.content)
        seconds = timeout() if callable(timeout) else timeout
        (cache or caches["default"]).set(key, kept, seconds)
    return response


def _filled_in(content, request):
    """A page kept for every logged-in reader, with this reader's name and CSRF token. Any
    masked form of their CSRF secret is valid; get_token() also renews its cookie, as
    rendering {% csrf_token %} would."""
    name, token = reader_markers()
    if token.encode() in content:  # else no form: no CSRF cookie either
        content = content.replace(token.encode(), get_token(request).encode())
    return content.replace(name.encode(), escape(request.user.get_username()).encode())


def kept_for_reader(request, key, render, cache=None, timeout=PAGE_TIMEOUT):
    """The page `render()` makes for a logged-in reader, kept under `key` (in `cache`, the
    default one unless named) with markers for the reader's name and CSRF token, and filled in
    for each request. The key must name everything else the page depends on. A request that
    cannot be kept (kept_page_allowed) is rendered as it is."""
    if not kept_page_allowed(request):
        return render()
    cache = cache or caches["default"]
    kept = cache.get(key)
    if kept is not None:
        status, content_type, content = kept
        return HttpResponse(_filled_in(content, request), status=status, content_type=content_type)
    request.rendering_for_readers = True
    try:
        response = _render_to_keep(render, key, cache, timeout)
    finally:
        request.rendering_for_readers = False
    if not response.streaming:
        response.content = _filled_in(response.content, request)
    return response


def cache_content_page(view):
    """Keep `view`'s page while the content is unchanged: one copy for anonymous visitors,
    and one for every logged-in reader. The view's page must not depend on who reads it
    beyond base.html's account menu, whose name and CSRF token are filled in per reader."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        def render():
            return view(request, *args, **kwargs)

        if request.user.is_authenticated:  # kept_for_reader asks kept_page_allowed itself
            return kept_for_reader(request, _key(request, "reader-page"), render)
        if not kept_page_allowed(request):
            return render()
        kept = _kept_response(request)
        if kept is not None:
            return kept
        return _render_to_keep(render, _key(request))

    return wrapper


class KeptPageMiddleware:
    """Serves kept pages before sessions, authentication and CSRF are even looked at.

    Only for requests that cannot belong to a logged-in user (no session cookie) and carry no
    pending message; anything else goes on to the view, whose decorator may still serve it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        ):
            try:
                kept = _kept_response(request)
            except DatabaseError:  # the view will answer 503 while the database is away
                kept = None
            if kept is not None:
                return kept
        return self.get_response(request)


class ContentAdminMixin:
    """For the admins of content models: every change sets a new content stamp."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()


class ContentModelAdmin(ContentAdminMixin, TranslatedContentAdmin):
    """A translated content model's admin: its languages side by side, each one's state."""


class UntranslatedContentModelAdmin(ContentAdminMixin, admin.ModelAdmin):
    """A content model with no translated field (django-modeltranslation's admin needs one)."""
