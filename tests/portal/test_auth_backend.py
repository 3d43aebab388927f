"""A logged-in reader is loaded with their preferences in one query, and sessions from before
the account backend keep their log-in through the migration that moves them to it."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.auth_backend import ACCOUNT_BACKEND, AccountBackend
from portal.models import AccountPreferences
from portal.preferences import time_zone_for

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
migration = importlib.import_module("portal.migrations.0002_sessions_use_account_backend")


def test_the_user_comes_with_their_time_zone_in_one_query(owner):
    AccountPreferences.objects.create(user=owner, time_zone="Asia/Bishkek")
    with CaptureQueriesContext(connection) as queries:
        user = AccountBackend().get_user(owner.pk)
        zone = time_zone_for(user)
    assert len(queries) == 1
    assert str(zone) == "Asia/Bishkek"


def test_a_user_without_preferences_gets_the_site_zone_without_another_query(owner, settings):
    with CaptureQueriesContext(connection) as queries:
        zone = time_zone_for(AccountBackend().get_user(owner.pk))
    assert len(queries) == 1
    assert str(zone) == settings.PORTAL_TIME_ZONE


def test_it_is_the_user_django_would_load(owner):
    AccountPreferences.objects.create(user=owner, time_zone="Asia/Bishkek")
    user = AccountBackend().get_user(str(owner.pk))  # as the session stores it
    assert user == owner
    assert (user.username, user.password, user.is_active) == (
        owner.username,
        owner.password,
        owner.is_active,
    )
    assert user.get_session_auth_hash() == owner.get_session_auth_hash()


@pytest.mark.parametrize("user_id", [10**9, "not a number", "1; DROP TABLE auth_user", ""])
def test_an_inactive_missing_or_malformed_user_is_not_loaded(owner, user_id):
    assert AccountBackend().get_user(user_id) is None
    owner.is_active = False
    owner.save()
    assert AccountBackend().get_user(owner.pk) is None


def test_log_in_by_password_records_the_account_backend(client, owner):
    owner.set_password("a long pass phrase 42")
    owner.save()
    response = client.post(
        "/accounts/login/", {"username": owner.username, "password": "a long pass phrase 42"}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == ACCOUNT_BACKEND


def old_session(user):
    """A session logged in before the account backend: it names Django's model backend."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = MODEL_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def logged_in(client):
    return b"/accounts/logout/" in client.get("/plans/").content


def test_the_migration_keeps_old_sessions_logged_in_and_reverses(client, owner, outsider):
    key = old_session(owner)
    client.cookies["sessionid"] = key
    # Not configured any more: Django would log this session out.
    assert not logged_in(client)

    migration.forwards(global_apps, None)
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == ACCOUNT_BACKEND
    assert logged_in(client)

    migration.backwards(global_apps, None)
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == MODEL_BACKEND
