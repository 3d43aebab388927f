"""Every URL pattern of the project, read from the URLconf, tried by an anonymous visitor and a
logged-in outsider with GET and POST.

A view added later is walked too: it either answers like a private page (log-in redirect, 403,
404 or 405) or it is listed below as public on purpose. Nothing private ever shows up in a page
an outsider gets.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from planner.models import Invitation, Membership, Network, PlanPart, ShareLink

pytestmark = pytest.mark.django_db

SECRET = "Secret plan about the night shift"

# Pages anyone may open (content, accounts, the planner's start page with the example).
PUBLIC = {
    "home",
    "about",
    "search",
    "healthz",
    "signup",
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
    # The admin's own log-in and log-out pages.
    "admin:login",
    "admin:logout",
}
# Pages any logged-in user may open for themselves.
OWN = {
    "password_change",
    "password_change_done",
    "planner:plan_create",
    "planner:network_list",
    "planner:network_create",
    # Someone holding an invitation link may look at it and accept it: that is its purpose.
    "planner:invitation_accept",
}
ADMIN_SAMPLES = {"app_label": "planner", "model_name": "initiativeplan"}


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL_PATTERNS = sorted(dict(walk(get_resolver().url_patterns)).items())


@pytest.fixture
def world(django_user_model, toolkit_content):
    from tests.annexes.factories import make_topics

    owner = django_user_model.objects.create_user("owner-of-secrets")
    outsider = django_user_model.objects.create_user("nosy-outsider")
    network = Network.create("Secret network", "", organiser=owner)
    plan = owner.plans.create(title=SECRET, network=network)
    part = plan.part(PlanPart.Kind.RESEARCH)
    part.save_edit({"barriers": SECRET}, part.version, owner)
    topic = make_topics(per_area=1, areas=1)[0]
    return {
        "outsider": outsider,
        "plan": plan,
        "kwargs": {
            "plan_id": plan.pk,
            "number": 1,
            "kind": PlanPart.Kind.RESEARCH,
            "history_id": part.history.first().history_id,
            "link_id": ShareLink.objects.create(plan=plan, created_by=owner).pk,
            "membership_id": network.memberships.get().pk,
            "network_slug": network.slug,
            "topic_slug": topic.slug,
            "invitation_token": Invitation.create_for(network, Membership.Role.VIEWER, owner).token,
            "share_token": plan.share_links.get().token,
            "uidb64": "MQ",
            "token": "set-password",
            "object_id": "1",
            "id": "1",
            "content_type_id": "1",
            **ADMIN_SAMPLES,
        },
    }


def url_for(name, pattern, samples):
    names = list(pattern.pattern.regex.groupindex)
    kwargs = {}
    for param in names:
        if param == "slug":
            kwargs[param] = {
                "planner": samples["network_slug"],
                "annexes": samples["topic_slug"],
            }.get(name.split(":")[0], "think")
        elif param == "token" and name == "planner:shared_plan":
            kwargs[param] = samples["share_token"]
        elif param == "token" and name == "planner:invitation_accept":
            kwargs[param] = samples["invitation_token"]
        elif param in samples:
            kwargs[param] = samples[param]
        else:
            pytest.fail(f"{name}: no sample value for URL parameter {param!r}; add one")
    unnamed = pattern.pattern.regex.groups - len(names)
    if unnamed:  # e.g. django-simple-history's admin pages: object id, history id
        return reverse(name, args=["1"] * unnamed)
    return reverse(name, kwargs=kwargs)


def test_the_walk_sees_the_whole_project():
    names = {name for name, _pattern in ALL_PATTERNS}
    assert {"planner:plan_detail", "planner:part_restore", "annexes:topic_list", "home"} <= names
    assert len(names) > 60  # the admin's own pages are walked too


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
@pytest.mark.parametrize("name,pattern", ALL_PATTERNS, ids=[n for n, _p in ALL_PATTERNS])
def test_no_private_page_opens_for_strangers(client, world, who, method, name, pattern):
    if who == "outsider":
        client.force_login(world["outsider"])
    url = url_for(name, pattern, world["kwargs"])
    response = getattr(client, method)(url)
    body = response.content.decode(errors="replace") if not response.streaming else ""

    assert response.status_code < 500, f"{name} {method} -> {response.status_code}"
    assert SECRET not in body or name == "planner:shared_plan", f"{name} leaked the plan"
    if name in PUBLIC or (who == "outsider" and name in OWN):
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
