"""Logged-in readers get the reading pages from one copy kept for all of them, with their own
name and CSRF token filled in: no content queries, nothing of another reader's."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.page_cache import content_changed
from toolkit.models import Recommendation

pytestmark = pytest.mark.django_db

PAGES = ["/toolkit/act/", "/ru/toolkit/act/", "/search/?q=violence", "/", "/about/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def reader(django_user_model, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user(name, password="a long pass 42"))
    return client


@pytest.fixture
def ann(django_user_model):
    return reader(django_user_model, "ann")


@pytest.fixture
def bob(django_user_model):
    return reader(django_user_model, "bob")


@pytest.mark.parametrize("path", PAGES)
def test_the_second_reader_gets_the_kept_page_with_their_own_name(all_content, ann, bob, path):
    first = ann.get(path).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = bob.get(path).content.decode()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "django_session" in tables and "auth_user" in tables  # who is reading
    assert len(queries) == 2, tables  # ... and nothing else
    assert "(ann)" in first and "(ann)" not in second and "(bob)" in second
    assert "kept-reader" not in first + second
    # The pages differ in the reader's name and CSRF tokens only.
    assert TOKEN.sub("", first).replace("(ann)", "(bob)") == TOKEN.sub("", second)


def test_each_reader_gets_a_csrf_token_that_their_own_forms_accept(all_content, ann, bob):
    ann.get("/toolkit/act/")
    page = bob.get("/toolkit/act/").content.decode()
    tokens = TOKEN.findall(page)
    assert tokens and "kept-reader" not in "".join(tokens)
    # The log-out form, with the token from the kept page: accepted, and bob is logged out.
    response = bob.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[-1]})
    assert response.status_code == 302
    assert "Log in" in bob.get("/toolkit/act/").content.decode()
    # The token is made from bob's browser's secret: in ann's browser it is refused.
    refused = ann.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[-1]})
    assert refused.status_code == 403


def test_the_language_switch_carries_the_readers_token(all_content, ann, bob):
    ann.get("/toolkit/act/")
    page = bob.get("/toolkit/act/").content.decode()
    form = re.search(r'<form method="post" action="([^"]*/language/[^"]*)">(.*?)</form>', page)
    assert form, "the language switch is a form for logged-in readers"
    token = TOKEN.search(form.group(2)).group(1)
    response = bob.post(form.group(1), {"csrfmiddlewaretoken": token, "next": "/toolkit/act/"})
    assert response.status_code in (302, 303)


def test_anonymous_and_logged_in_copies_do_not_mix(all_content, ann, client):
    anonymous = client.get("/toolkit/act/").content.decode()
    mine = ann.get("/toolkit/act/").content.decode()
    again = client.get("/toolkit/act/").content.decode()
    assert "Log in" in anonymous and "Log in" in again and "Log out" not in again
    assert "Log out" in mine and "Account (ann)" in mine


def test_an_admin_edit_shows_to_logged_in_readers_at_the_next_request(all_content, ann):
    assert "edited by an admin" not in ann.get("/toolkit/act/").content.decode()
    Recommendation.objects.filter(number=3).update(do_text_en="Edited by an admin.")
    content_changed()
    assert "Edited by an admin." in ann.get("/toolkit/act/").content.decode()


def test_a_pending_message_is_shown_not_swallowed(all_content, ann, bob, rf):
    ann.get("/toolkit/act/")  # kept now
    storage, carrier = CookieStorage(rf.get("/")), HttpResponse()
    storage.add(messages.INFO, "Your plan was shared.")
    storage.update(carrier)
    bob.cookies["messages"] = carrier.cookies["messages"].value
    assert "Your plan was shared." in bob.get("/toolkit/act/").content.decode()


def test_a_name_is_escaped_where_it_is_filled_in(all_content, ann, django_user_model):
    odd = reader(django_user_model, "o'neil+x@y")
    ann.get("/toolkit/act/")
    page = odd.get("/toolkit/act/").content.decode()
    assert "Account (o&#x27;neil+x@y)" in page


def test_the_markers_are_not_in_any_kept_copy(all_content, ann):
    ann.get("/toolkit/act/")
    key = page_cache._key(ann.get("/toolkit/act/").wsgi_request, "reader-page")
    _status, _type, content = caches["default"].get(key)
    name, _token = page_cache.reader_markers()
    assert name.encode() in content  # kept with markers ...
    assert name.encode() not in ann.get("/toolkit/act/").content  # ... and served filled in


def test_a_page_kept_by_another_process_is_filled_in_here(all_content, ann, bob):
    # The markers are derived from SECRET_KEY, not drawn per process: a cache that processes
    # share (Redis, the database) serves every one of them a copy it can fill in.
    ann.get("/toolkit/act/")
    assert page_cache.reader_markers() == (page_cache._marker("name"), page_cache._marker("token"))
    assert page_cache._marker("name") != page_cache._marker("token")
    page = bob.get("/toolkit/act/").content.decode()
    assert "kept-reader" not in page and "(bob)" in page
