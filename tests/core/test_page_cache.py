import threading
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import page_cache
from core.page_cache import content_changed, content_stamp
from toolkit.models import Recommendation

pytestmark = pytest.mark.django_db


def test_an_anonymous_reader_gets_the_kept_page_without_queries(
    client, toolkit_content, django_assert_num_queries
):
    first = client.get("/toolkit/act/")
    with django_assert_num_queries(0):
        again = client.get("/toolkit/act/")
    assert again.status_code == 200
    assert again.content == first.content
    assert "Content-Security-Policy" in again  # the middleware still adds its headers


def test_an_admin_edit_shows_to_anonymous_readers_at_the_next_request(
    client, toolkit_content, staff_user
):
    assert "edited by an admin" not in client.get("/toolkit/act/").content.decode()
    admin = Client()
    admin.force_login(staff_user)
    recommendation = Recommendation.objects.get(number=3)
    response = admin.post(
        reverse("admin:toolkit_recommendation_change", args=[recommendation.pk]),
        {
            "section": recommendation.section_id,
            "number": 3,
            "order": recommendation.order,
            # Each language's column is a field of its own (django-modeltranslation).
            "title_en": recommendation.title_en,
            "do_text_en": "Use online formats, edited by an admin.",
            "dont_text_en": recommendation.dont_text_en,
        },
    )
    assert response.status_code == 302
    assert "edited by an admin" in client.get("/toolkit/act/").content.decode()


def test_logged_in_readers_never_get_an_anonymous_page(client, toolkit_content, plain_user):
    client.get("/toolkit/think/")
    client.force_login(plain_user)
    assert "Account (reader)" in client.get("/toolkit/think/").content.decode()


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client, toolkit_content, rf):
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    client.get("/")  # the page is kept now
    storage, carrier = CookieStorage(rf.get("/")), HttpResponse()
    storage.add(messages.INFO, "You have been logged out.")
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    assert "You have been logged out." in client.get("/").content.decode()


def test_the_stamp_is_shared_through_the_database(settings, db):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        },
    }
    call_command("createcachetable", verbosity=0)
    from django.db import connection

    stamp = content_stamp()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache")
        assert cursor.fetchone()[0] == 1  # what another process or machine would read
    assert content_stamp() == stamp
    content_changed()
    assert content_stamp() != stamp


def _stamp_in_the_database(settings):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        },
    }
    call_command("createcachetable", verbosity=0)
    page_cache.forget_held_stamp()


def test_a_kept_hit_touches_no_database_while_the_stamp_is_held(
    settings, client, toolkit_content, django_assert_num_queries
):
    _stamp_in_the_database(settings)
    client.get("/toolkit/act/")
    # Not even the connection's health check: no query at all reaches the database.
    with django_assert_num_queries(0):
        assert client.get("/toolkit/act/").status_code == 200


def test_another_process_edit_shows_once_the_held_stamp_runs_out(
    settings, client, toolkit_content, monkeypatch
):
    _stamp_in_the_database(settings)
    clock = [1000.0]
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    assert "Changed elsewhere" not in client.get("/toolkit/act/").content.decode()
    # Another process edits the content and sets a new stamp in the shared cache.
    Recommendation.objects.filter(number=3).update(do_text_en="Changed elsewhere.")
    caches["shared"].set(page_cache.STAMP_KEY, "set-by-another-process", timeout=None)
    assert "Changed elsewhere" not in client.get("/toolkit/act/").content.decode()
    clock[0] += page_cache.STAMP_HELD_SECONDS
    assert "Changed elsewhere" in client.get("/toolkit/act/").content.decode()


def test_this_process_edit_shows_at_once(settings, client, toolkit_content):
    _stamp_in_the_database(settings)
    client.get("/toolkit/act/")
    Recommendation.objects.filter(number=3).update(do_text_en="Changed here.")
    content_changed()
    assert "Changed here" in client.get("/toolkit/act/").content.decode()


def test_values_kept_per_content_are_built_once_per_stamp_and_language(monkeypatch):
    built = []
    kept = page_cache.KeptPerContent(lambda: built.append(translation.get_language()) or built[-1])
    monkeypatch.setattr(page_cache, "content_stamp", lambda: "first")
    assert [kept.get(), kept.get()] == ["en", "en"]
    with translation.override("ru"):
        assert kept.get() == "ru"
    assert built == ["en", "ru"]
    monkeypatch.setattr(page_cache, "content_stamp", lambda: "second")
    assert kept.get() == "en"
    assert built == ["en", "ru", "en"]
    assert kept.stamps() == {("second", "en")}  # the old stamp's values are let go


def test_threads_building_at_once_each_keep_their_own_language(monkeypatch):
    both_building = threading.Barrier(2, timeout=10)

    def build():
        both_building.wait()  # neither stores before the other has started building
        return translation.get_language()

    kept = page_cache.KeptPerContent(build)
    monkeypatch.setattr(page_cache, "content_stamp", lambda: "stamp")
    results = {}

    def get_in(language):
        with translation.override(language):
            results[language] = kept.get()

    threads = [threading.Thread(target=get_in, args=(code,)) for code in ("en", "ru")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"en": "en", "ru": "ru"}
    assert kept.stamps() == {("stamp", "en"), ("stamp", "ru")}


def test_the_menu_is_read_once_per_content_stamp(client, all_content, plain_user):
    client.force_login(plain_user)  # a page rendered afresh each time, reading no content
    client.get("/accounts/settings/")
    with CaptureQueriesContext(connection) as queries:
        menu = client.get("/accounts/settings/").content.decode()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "annexes_annex" not in tables and "toolkit_page" not in tables
    assert "/annexes/socio-ecological-model/" in menu and "/toolkit/think/" in menu


def test_kept_values_are_built_again_after_the_backstop_time(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(page_cache, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    monkeypatch.setattr(page_cache, "content_stamp", lambda: "stamp")
    built = []
    kept = page_cache.KeptPerContent(lambda: built.append(1) or len(built))
    assert [kept.get(), kept.get()] == [1, 1]
    clock[0] += page_cache.PAGE_TIMEOUT  # an edit made in a shell sets no stamp
    assert kept.get() == 2


def test_a_value_built_under_a_stamp_gone_meanwhile_is_not_kept(monkeypatch):
    stamps = iter(["old", "new", "new"])
    monkeypatch.setattr(page_cache, "content_stamp", lambda: next(stamps))
    kept = page_cache.KeptPerContent(lambda: "built from the old content")
    assert kept.get() == "built from the old content"
    assert kept.stamps() == set()


def test_an_edit_reaches_this_process_only_once_committed(
    settings, toolkit_content, django_capture_on_commit_callbacks
):
    _stamp_in_the_database(settings)
    before = content_stamp()
    with django_capture_on_commit_callbacks() as callbacks:
        content_changed()
        page_cache._held = (before, float("inf"))  # another thread read it meanwhile
    for callback in callbacks:
        callback()  # the commit
    assert content_stamp() != before
