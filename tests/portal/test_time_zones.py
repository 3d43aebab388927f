"""Every time is shown in the reader's time zone (their account's, else PORTAL_TIME_ZONE),
labelled with its offset, in the active language's formats; the autosave's "saved at" too."""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone, translation

from core.local_time import labelled_time, machine_time, zone_label
from planner.models import InitiativePlan, Invitation, Membership, PlanPart
from portal.models import AccountPreferences

pytestmark = pytest.mark.django_db

# 09:05 UTC: 14:05 in Almaty and Tashkent (UTC+5), 15:05 in Bishkek (UTC+6).
MOMENT = datetime(2026, 11, 28, 9, 5, tzinfo=UTC)


def render(source, **context):
    return Template("{% load when %}" + source).render(Context(context))


def updated_at(plan, moment=MOMENT):
    InitiativePlan.objects.filter(pk=plan.pk).update(updated_at=moment)


def choose_zone(user, name):
    AccountPreferences.objects.update_or_create(user=user, defaults={"time_zone": name})


# The filter


def test_a_time_is_shown_in_the_site_zone_with_its_label():
    with timezone.override(ZoneInfo("Asia/Almaty")):
        html = render("{{ moment|when }}", moment=MOMENT)
    assert html == (
        '<time datetime="2026-11-28T14:05:00+05:00">Nov. 28, 2026, 2:05 p.m. (UTC+5)</time>'
    )


def test_russian_dates_are_in_the_genitive_and_times_on_the_24_hour_clock():
    with translation.override("ru"), timezone.override(ZoneInfo("Asia/Almaty")):
        html = render("{{ moment|when }} {{ moment|when:'date' }}", moment=MOMENT)
        text = labelled_time(MOMENT)
    # Django's own Russian formats ("j E Y г."): the month in the genitive, not "Ноябрь".
    assert "28 ноября 2026" in html and "Ноябрь" not in html and "ноябрь " not in html
    assert text == "28 ноября 2026 г. 14:05 (UTC+5)"
    assert '<time datetime="2026-11-28">28 ноября 2026 г.</time>' in html


def test_a_date_is_the_readers_day():
    late = datetime(2026, 11, 28, 21, 30, tzinfo=UTC)  # already the 29th in Almaty
    with timezone.override(ZoneInfo("Asia/Almaty")):
        assert render("{{ t|when:'date' }}", t=late) == (
            '<time datetime="2026-11-29">Nov. 29, 2026</time>'
        )
    with timezone.override(ZoneInfo("UTC")):
        assert 'datetime="2026-11-28"' in render("{{ t|when:'date' }}", t=late)


@pytest.mark.parametrize(
    "zone,label",
    [
        ("UTC", "UTC"),
        ("Asia/Bishkek", "UTC+6"),
        ("Asia/Kolkata", "UTC+5:30"),
        ("America/St_Johns", "UTC-3:30"),
        ("America/Sao_Paulo", "UTC-3"),
    ],
)
def test_the_label_is_the_offset_from_utc(zone, label):
    assert zone_label(MOMENT.astimezone(ZoneInfo(zone))) == label


def test_the_machine_value_is_one_the_html_checker_accepts():
    # No microseconds (HTML allows at most three digits of a second), an offset or Z.
    valid = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)")
    with timezone.override(ZoneInfo("Asia/Almaty")):
        value = machine_time(MOMENT.replace(microsecond=123456))
    assert value == "2026-11-28T14:05:00+05:00" and valid.fullmatch(value)
    assert machine_time(date(2026, 11, 28)) == "2026-11-28"


def test_nothing_shows_for_no_time():
    assert render("{{ nothing|when }}", nothing=None) == ""


# Pages


def test_a_plan_page_shows_its_time_in_almaty_by_default(client, owner, plan):
    updated_at(plan)
    client.force_login(owner)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<time datetime="2026-11-28T14:05:00+05:00">Nov. 28, 2026, 2:05 p.m. (UTC+5)' in page


def test_a_user_who_chose_tashkent_or_bishkek_sees_their_zone(client, owner, plan):
    updated_at(plan)
    client.force_login(owner)
    choose_zone(owner, "Asia/Tashkent")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "2026-11-28T14:05:00+05:00" in page  # Tashkent keeps UTC+5 all year

    choose_zone(owner, "Asia/Bishkek")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert '<time datetime="2026-11-28T15:05:00+06:00">Nov. 28, 2026, 3:05 p.m. (UTC+6)' in page


@override_settings(PORTAL_TIME_ZONE="Europe/Berlin")
def test_the_site_zone_is_a_setting(client, owner, plan):
    updated_at(plan)
    client.force_login(owner)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Nov. 28, 2026, 10:05 a.m. (UTC+1)" in page


def test_a_zone_the_database_no_longer_knows_falls_back_to_the_sites(client, owner, plan):
    updated_at(plan)
    AccountPreferences.objects.create(user=owner, time_zone="Asia/Atlantis")
    client.force_login(owner)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "(UTC+5)" in response.content.decode()


def test_the_zone_is_only_for_the_request(client, owner, plan):
    choose_zone(owner, "Asia/Bishkek")
    client.force_login(owner)
    client.get(plan.get_absolute_url())
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_russian_page_shows_russian_dates(client, owner, plan):
    # Needs the /ru/ URL prefix (issue 9, item 5).
    updated_at(plan)
    client.force_login(owner)
    page = client.get(f"/ru{plan.get_absolute_url()}").content.decode()
    assert '<time datetime="2026-11-28T14:05:00+05:00">28 ноября 2026 г. 14:05 (UTC+5)' in page


def test_invitations_show_labelled_times(client, owner, network):
    invitation = Invitation.create_for(network, Membership.Role.VIEWER, owner)
    # Shown while open: a moment still to come.
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=MOMENT.replace(year=2099))
    client.force_login(owner)
    page = client.get(f"/networks/{network.slug}/").content.decode()
    assert '<time datetime="2099-11-28T14:05:00+05:00">Nov. 28, 2099, 2:05 p.m. (UTC+5)' in page


def test_the_history_shows_labelled_times(client, owner, plan):
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    part.save_edit({"age": "First"}, part.version, owner)
    part.history.update(history_date=MOMENT, updated_at=MOMENT)
    client.force_login(owner)
    page = client.get(f"/plans/{plan.pk}/history/research/").content.decode()
    assert '<time datetime="2026-11-28T14:05:00+05:00">Nov. 28, 2026, 2:05 p.m. (UTC+5)' in page


# Autosave


def test_the_autosave_answer_carries_the_labelled_time(client, owner, plan, monkeypatch):
    choose_zone(owner, "Asia/Bishkek")
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    client.force_login(owner)
    response = client.post(
        f"/plans/{plan.pk}/steps/1/",
        {"version": part.version, "age": "Autosaved"},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved_at_label"] == "3:05 p.m. (UTC+6)"
    assert body["saved_at_iso"] == "2026-11-28T15:05:00+06:00"
    assert body["saved_at"] == "15:05"


def test_the_autosave_answer_is_in_the_pages_language(client, owner, plan, monkeypatch):
    # Needs the /ru/ URL prefix (issue 9, item 5).
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    client.force_login(owner)
    response = client.post(
        f"/ru/plans/{plan.pk}/steps/1/",
        {"version": part.version, "age": "Автосохранение"},
        headers={"X-Autosave": "1"},
    )
    assert response.json()["saved_at_label"] == "14:05 (UTC+5)"


def test_the_autosave_script_shows_the_servers_label_as_it_is():
    from pathlib import Path

    script = (Path(__file__).parents[2] / "static/js/autosave.js").read_text()
    assert "saved_at_label" in script
    assert "getHours" not in script  # it formats no time of its own
