"""/accounts/settings/: one's language and time zone; the language stored by the switcher
(portal.preferences.remember_language) and applied on log-in."""

from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from portal.models import AccountPreferences
from portal.preferences import language_for, remember_language, time_zone_for

pytestmark = pytest.mark.django_db

SETTINGS = "/accounts/settings/"
LOGIN = "/accounts/login/"
ROLES = ["outsider", "viewer", "editor", "organiser", "owner", "staff"]


def preferences(user):
    return AccountPreferences.objects.filter(user=user).values("language", "time_zone").first()


def test_anonymous_visitors_are_sent_to_log_in(client):
    for method in ("get", "post"):
        response = getattr(client, method)(SETTINGS)
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={SETTINGS}"
    assert not AccountPreferences.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_logged_in_user_sees_their_own_settings(client, cast, role):
    client.force_login(cast[role])
    response = client.get(SETTINGS)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"You are logged in as {cast[role].get_username()}." in page
    assert 'name="csrfmiddlewaretoken"' in page
    # Nothing chosen yet: the site's zone is selected, Central Asia's zones come first.
    assert '<option value="Asia/Almaty" selected>' in page
    assert page.index('value="Asia/Bishkek"') < page.index('value="Africa/Abidjan"')
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ROLES)
def test_a_save_changes_only_ones_own_preferences(client, cast, role, owner, outsider):
    remember_language(outsider if role != "outsider" else owner, "en")
    others_before = {
        user.pk: preferences(user) for user in cast.values() if user and user != cast[role]
    }
    client.force_login(cast[role])
    response = client.post(SETTINGS, {"language": "", "time_zone": "Asia/Tashkent"})

    assert response.status_code == 302
    assert response["Location"] == SETTINGS
    assert preferences(cast[role]) == {"language": "", "time_zone": "Asia/Tashkent"}
    assert time_zone_for(cast[role]) == ZoneInfo("Asia/Tashkent")
    others_after = {pk: preferences(user) for pk, user in ((u.pk, u) for u in cast.values() if u)}
    for pk, before in others_before.items():
        assert others_after[pk] == before
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your settings are saved."]


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus_Mons", "", "../../etc/passwd", "Asia/Almaty\x00", "x" * 300, "EST5EDT"]
)
def test_an_unknown_time_zone_is_a_form_error_not_a_crash(client, owner, zone):
    client.force_login(owner)
    response = client.post(SETTINGS, {"language": "en", "time_zone": zone})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert not AccountPreferences.objects.exists()


def test_an_unknown_language_is_a_form_error(client, owner):
    client.force_login(owner)
    response = client.post(SETTINGS, {"language": "xx", "time_zone": "Asia/Almaty"})
    assert response.status_code == 400
    assert not AccountPreferences.objects.exists()


def test_choosing_a_language_sets_it_for_this_browser_and_goes_on_in_it(client, owner):
    client.force_login(owner)
    response = client.post(SETTINGS, {"language": "ru", "time_zone": "Asia/Bishkek"})

    assert preferences(owner) == {"language": "ru", "time_zone": "Asia/Bishkek"}
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert response["Location"] == "/ru" + SETTINGS  # the same page in the language chosen


@pytest.mark.parametrize("method", ["put", "delete", "patch", "head"])
def test_other_methods_are_refused(client, owner, method):
    client.force_login(owner)
    assert getattr(client, method)(SETTINGS).status_code == 405


def test_a_post_without_a_csrf_token_is_refused(owner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    response = strict.post(SETTINGS, {"language": "ru", "time_zone": "Asia/Bishkek"})
    assert response.status_code == 403
    assert not AccountPreferences.objects.exists()


def test_the_header_and_the_password_page_link_to_the_settings(client, owner):
    client.force_login(owner)
    assert f'href="{SETTINGS}"' in client.get("/plans/").content.decode()
    assert f'href="{SETTINGS}"' in client.get("/accounts/password_change/").content.decode()


# remember_language: the language switcher's call


def test_remember_language_stores_the_choice_and_keeps_the_zone(owner):
    AccountPreferences.objects.create(user=owner, time_zone="Asia/Dushanbe")
    remember_language(owner, "ru")
    assert preferences(owner) == {"language": "ru", "time_zone": "Asia/Dushanbe"}
    remember_language(owner, "en")
    assert language_for(owner) == "en"
    assert AccountPreferences.objects.count() == 1


def test_remember_language_refuses_a_language_not_offered(owner):
    with pytest.raises(ValueError):
        remember_language(owner, "xx")
    assert language_for(owner) == ""


def test_a_language_no_longer_offered_counts_as_none(owner):
    AccountPreferences.objects.create(user=owner, language="kk")
    assert language_for(owner) == ""


# Log-in


def log_in(client, user, next_url=""):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(
        url, {"username": user.get_username(), "password": f"{user.get_username()}-password"}
    )


def test_logging_in_makes_the_stored_language_the_active_one(client, owner):
    remember_language(owner, "ru")
    response = log_in(client, owner, next_url="/toolkit/think/")

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    # Sent straight on to the page asked for, in the stored language.
    assert response["Location"] == "/ru/toolkit/think/"


def test_logging_in_from_a_russian_page_with_english_stored_goes_on_in_english(client, owner):
    remember_language(owner, "en")
    response = client.post(
        "/ru/accounts/login/?next=/ru/plans/",
        {"username": "owner", "password": "owner-password"},
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response["Location"] == "/plans/"


def test_logging_in_without_a_stored_language_leaves_the_browsers_alone(client, owner):
    response = log_in(client, owner)
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_failed_log_in_sets_no_language(client, owner):
    remember_language(owner, "ru")
    response = client.post(LOGIN, {"username": "owner", "password": "wrong"})
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
