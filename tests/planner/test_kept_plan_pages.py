"""A plan's overview and step pages kept whole per plan revision (planner/kept_pages.py): a
repeat view costs identifying the reader and the plan, and nobody is shown a page from before a
change, another reader's page, or a page for rights they no longer have."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planner.kept_pages import PLAN_PAGE_TIMEOUT, _seconds_held
from planner.models import InitiativePlan, Membership, PlanPart, ShareLink
from portal.models import AccountPreferences
from tests.planner.factories import fill_plan, plan_without_parts

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def filled(plan):
    fill_plan(plan_without_parts(plan))
    return plan


def overview(plan):
    return f"/plans/{plan.pk}/"


def step(plan, number=2):
    return f"/plans/{plan.pk}/steps/{number}/"


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content, len(queries)


def without_tokens(content):
    return TOKEN.sub(b"", content)


def save(plan, kind, user, **changes):
    part = plan.parts.get(kind=kind)
    part.save_edit({**part.data, **changes}, part.version, user)


@pytest.mark.parametrize("page", [overview, step])
@pytest.mark.parametrize(("reader", "queries"), [("owner", 3), ("viewer", 4)])
def test_a_repeat_view_is_the_kept_page_for_a_few_queries(
    client, cast, filled, page, reader, queries
):
    client.force_login(cast[reader])
    first, rendering = get(client, page(filled))
    again, kept = get(client, page(filled))
    # The session, the reader, the plan's row, a member's membership: nothing the page shows.
    assert kept == queries < rendering
    assert without_tokens(again) == without_tokens(first)
    assert b"kept-reader-" not in again and reader.encode() in again


@pytest.mark.parametrize("page", [overview, step])
def test_a_save_shows_at_once(client, owner, filled, page):
    client.force_login(owner)
    get(client, page(filled))
    save(filled, PlanPart.Kind.STAKEHOLDERS, owner, stakeholders=[])
    save(filled, PlanPart.Kind.STAKEHOLDERS, owner, stakeholders=[{"name": "Chess club"}])
    content, _ = get(client, page(filled))
    assert b"Chess club" in content


def test_the_step_form_carries_the_version_saved_now(client, owner, filled):
    """The version in the form is how a conflicting save is told apart: never an old one."""
    client.force_login(owner)
    url = step(filled)
    get(client, url)
    save(filled, PlanPart.Kind.STAKEHOLDERS, owner, stakeholders=[])
    version = filled.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).version
    content, _ = get(client, url)
    assert re.search(rf'name="version" value="{version}"'.encode(), content)


def test_each_reader_gets_their_own_page(client, owner, viewer, filled):
    client.force_login(owner)
    owners, _ = get(client, overview(filled))
    other = Client()
    other.force_login(viewer)
    viewers, _ = get(other, overview(filled))
    assert b"viewer" in viewers and b"owner" in owners
    assert f"/plans/{filled.pk}/edit/".encode() in owners
    assert f"/plans/{filled.pk}/edit/".encode() not in viewers


def test_a_new_role_shows_at_once(client, editor, viewer, filled):
    client.force_login(viewer)
    url = step(filled)
    read_only, _ = get(client, url)
    assert b'id="step-form"' not in read_only
    Membership.objects.filter(user=viewer).update(role=Membership.Role.EDITOR)
    editing, _ = get(client, url)
    assert b'id="step-form"' in editing


def test_a_removed_member_is_refused_not_shown_the_kept_page(client, viewer, filled):
    client.force_login(viewer)
    get(client, overview(filled))
    Membership.objects.filter(user=viewer).delete()
    assert client.get(overview(filled)).status_code == 404


def test_each_readers_token_is_their_own_and_accepted(owner, filled):
    """The kept step page's form, filled in with this browser's CSRF token, saves."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    url = step(filled, 1)
    client.get(url)
    content, _ = get(client, url)
    token = TOKEN.search(content).group(1).decode()
    part = filled.parts.get(kind=PlanPart.Kind.RESEARCH)
    data = {**{k: v for k, v in part.data.items() if isinstance(v, str)}}
    response = client.post(
        url,
        {**data, "version": part.version, "csrfmiddlewaretoken": token},
        HTTP_X_AUTOSAVE="1",
    )
    assert response.status_code == 200, response.content
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(owner)
    refused = stranger.post(url, {**data, "version": part.version, "csrfmiddlewaretoken": token})
    assert refused.status_code == 403


def test_a_pending_message_is_shown_not_swallowed(client, owner, filled):
    client.force_login(owner)
    url = step(filled, 1)
    get(client, url)
    part = filled.parts.get(kind=PlanPart.Kind.RESEARCH)
    data = {k: v for k, v in part.data.items() if isinstance(v, str)}
    response = client.post(url, {**data, "version": part.version}, follow=True)
    assert b'<li class="alert alert-success">Saved</li>' in response.content
    assert b'class="messages' not in client.get(url).content


def test_times_follow_the_readers_zone_at_once(client, owner, filled):
    client.force_login(owner)
    get(client, overview(filled))
    preferences = AccountPreferences.objects.get_or_create(user=owner)[0]
    for zone in ("Asia/Almaty", "America/New_York"):
        preferences.time_zone = zone
        preferences.save()
        content, _ = get(client, overview(filled))
        updated_at = InitiativePlan.objects.get(pk=filled.pk).updated_at
        shown = timezone.localtime(updated_at, timezone=ZoneInfo(zone))
        assert shown.strftime("%H:%M").encode() in content, zone


def test_a_page_is_kept_no_longer_than_its_first_link_holds(owner, filled):
    now = timezone.now()
    assert _seconds_held(filled, now) == PLAN_PAGE_TIMEOUT
    soon = now + timedelta(seconds=90)
    ShareLink.objects.create(plan=filled, created_by=owner, expires_at=soon)
    assert 85 <= _seconds_held(filled, now) <= 90
    ShareLink.objects.update(revoked_at=timezone.now())
    assert _seconds_held(filled, now) == PLAN_PAGE_TIMEOUT


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_an_example_plan_read_anonymously_sets_no_cookie(prefix):
    """Its page has no form for a visitor: kept or not, it sends no CSRF cookie."""
    call_command("load_example_plan", verbosity=0)
    plan = InitiativePlan.objects.examples().get(language="en")
    url = f"{prefix}/plans/{plan.pk}/"
    first, kept = Client().get(url), Client().get(url)
    assert first.status_code == kept.status_code == 200
    assert first.content == kept.content
    assert "csrftoken" not in first.cookies and "csrftoken" not in kept.cookies


def test_a_refused_first_save_leaves_the_plans_last_update(client, owner, plan):
    """The step's empty part is made before the form is checked: no change to the plan yet."""
    before = InitiativePlan.objects.get(pk=plan.pk).updated_at
    client.force_login(owner)
    client.post(step(plan), {"version": "not a number"})
    assert plan.parts.filter(kind=PlanPart.Kind.STAKEHOLDERS).exists()
    assert InitiativePlan.objects.get(pk=plan.pk).updated_at == before
