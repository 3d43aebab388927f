"""Every URL pattern of the project, read from the URLconf, tried by an anonymous visitor, a
logged-in outsider and a member of staff without the planner's permission, with GET and POST.

A view added later is walked too: it either answers like a private page (log-in redirect, 403,
404 or 405) or it is listed below as public on purpose. Nothing private ever shows up in a page
an outsider gets.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.database import kept_for_the_module
from tests.urlwalk import SECRET, all_patterns, build_content, build_world, url_for

pytestmark = pytest.mark.django_db

# Pages anyone may open (content, accounts, the planner's start page with the example).
PUBLIC = {
    "home",
    "about",
    "search",
    "healthz",
    "sitemap",
    # Changes the reader's language: a cookie for anyone, the account's choice when logged in.
    "switch_language",
    # The offline reader: the worker, the list of public pages it keeps, the manifest, the page
    # shown offline. They name only reading pages.
    "service_worker",
    "offline_pages",
    "manifest",
    "offline",
    "toolkit_download",
    "signup",
    "signup_sent",
    "signup_confirm",  # the link from the sign-up e-mail; the sample token is refused
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "toolkit:step",
    "toolkit:further_reading",
    "annexes:socio_ecological_model",
    "annexes:topic_list",
    "annexes:topic_detail",
    "planner:plan_list",
    # Read-only access for whoever holds the token: that is the point of a share link.
    "planner:shared_plan",
    # A partner organisation reviews the plan by its token, without an account.
    "planner:review",
    # The admin's own log-in and log-out pages.
    "admin:login",
    "admin:logout",
}
# Pages any logged-in user may open for themselves.
OWN = {
    "password_change",
    "password_change_done",
    "planner:plan_create",
    # The plans the user may edit, to add an Annex 2 topic to: none of others'.
    "planner:topic_use",
    "planner:network_list",
    "planner:network_create",
    "planner:my_plans_export",
    "account_delete",
    "account_settings",
    # Someone holding an invitation link may look at it and accept it: that is its purpose.
    "planner:invitation_accept",
}
ALL_PATTERNS = all_patterns()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The owner's secret plan, its network and links, the strangers, and the pages the walk
    opens: built once, and every test starts from exactly these rows."""

    def build():
        build_content()
        return build_world(get_user_model())

    with kept_for_the_module(django_db_blocker, build) as world:
        yield world


def test_the_walk_sees_the_whole_project():
    names = {name for name, _pattern in ALL_PATTERNS}
    assert {"planner:plan_detail", "planner:part_restore", "annexes:topic_list", "home"} <= names
    assert len(names) > 60  # the admin's own pages are walked too


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["anonymous", "outsider", "staff"])
@pytest.mark.parametrize("name,pattern", ALL_PATTERNS, ids=[n for n, _p in ALL_PATTERNS])
def test_no_private_page_opens_for_strangers(client, world, who, method, name, pattern):
    if who != "anonymous":
        client.force_login(world[who])
    url = url_for(name, pattern, world["kwargs"])
    response = getattr(client, method)(url)
    body = response.content.decode(errors="replace") if not response.streaming else ""

    assert response.status_code < 500, f"{name} {method} -> {response.status_code}"
    shows_plan = name in ("planner:shared_plan", "planner:review")
    assert SECRET not in body or shows_plan, f"{name} leaked the plan"
    if name in PUBLIC or (who != "anonymous" and name in OWN):
        return
    if who == "staff" and name.startswith("planner:"):
        # Staff status gives no planner rights: others' plans and networks do not exist for them.
        assert response.status_code in (404, 405), f"{name} {method} -> {response.status_code}"
        return
    if who == "staff" and name.startswith("admin:"):
        # The admin is where staff work; its planner pages stay closed to them.
        assert "/planner/" not in url or response.status_code != 200, f"{name} {method} opened"
        return
    if response.status_code == 302:
        location = response["Location"]
        assert "/login/" in location or name == "logout", f"{name} redirected to {location}"
    else:
        assert response.status_code in (403, 404, 405), f"{name} {method} -> {response.status_code}"


def test_a_post_without_a_csrf_token_is_refused_everywhere(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["plan"].owner)
    for name, pattern in ALL_PATTERNS:
        if name.startswith("admin:") or name == "healthz":
            continue
        url = url_for(name, pattern, world["kwargs"])
        status = strict.post(url).status_code
        assert status in (403, 405), f"{name} accepted a POST without a CSRF token ({status})"
