"""portal.sessions reads a session with one plain statement and answers as Django's store does."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.sessions import SessionStore

pytestmark = pytest.mark.django_db


def stored(**data):
    session = SessionStore()
    session.update(data)
    session.create()
    return session.session_key


def test_it_reads_what_it_and_djangos_store_wrote_in_one_statement():
    ours = stored(step="2")
    django = DjangoStore()
    django["step"] = "3"
    django.create()
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(ours).load() == {"step": "2"}
    assert len(queries) == 1
    assert SessionStore(django.session_key).load() == {"step": "3"}
    assert DjangoStore(ours).load() == {"step": "2"}


@pytest.mark.parametrize("key", ["no-such-key-0000000000000000", "expired"])
def test_a_missing_or_expired_session_is_empty_and_gets_a_new_key(key):
    if key == "expired":
        key = stored(step="2")
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
    session = SessionStore(key)
    assert session.load() == {}
    assert session.session_key is None
    session["step"] = "4"
    session.save()
    assert session.session_key != key
    assert SessionStore(session.session_key).load() == {"step": "4"}


def test_a_tampered_session_is_empty(caplog):
    key = stored(step="2")
    Session.objects.filter(session_key=key).update(session_data="tampered:data")
    assert SessionStore(key).load() == {}


def test_logging_in_and_out_still_works(client, owner):
    client.force_login(owner)
    assert b"/accounts/logout/" in client.get("/plans/").content
    client.post("/accounts/logout/")
    assert b"/accounts/logout/" not in client.get("/plans/").content
