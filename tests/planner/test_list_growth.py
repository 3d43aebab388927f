"""Pages that list things cost the same however much there is to list: the planner's start page
and a network's page show a page of each list, in the same number of queries for 1 row as for
60, and a list's progress is counted without loading the parts' text."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import InitiativePlan, Invitation, Membership, Network, PlanPart
from planner.selectors import LIST_PER_PAGE, HoldsText
from planner.views.networks import INVITATIONS_PER_PAGE

Role = Membership.Role
MANY = 60  # more than two pages
LAST = -(-MANY // LIST_PER_PAGE)  # the last page of MANY


def plans_of(owner, count, **extra):
    # Created one by one: each its own updated_at, as plans written over time have.
    return [
        InitiativePlan.objects.create(owner=owner, title=f"Plan {n:03}", **extra)
        for n in range(count)
    ]


def titles(response, key):
    return [plan.title for plan in response.context[key]]


def queries_for(client, url):
    client.get(url)  # the first request after logging in reads more (the session's extras)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- The planner's start page -----------------------------------------------------------------


def test_it_lists_many_plans_in_as_many_queries_as_one(client, owner, network, make_user):
    """Own plans, plans set apart and others' plans shared with the network: each list a page."""
    other = make_user("other")
    network.add_member(other, Role.EDITOR)
    client.force_login(owner)
    for plans in (
        plans_of(owner, 1),
        plans_of(owner, 1, status=InitiativePlan.Status.ARCHIVED),
        plans_of(other, 1, network=network),
    ):
        PlanPart.objects.create(plan=plans[0], kind=PlanPart.Kind.RESEARCH, data={"age": "18"})
    one = queries_for(client, "/plans/")

    for plans in (
        plans_of(owner, MANY),
        plans_of(owner, MANY, status=InitiativePlan.Status.ARCHIVED),
        plans_of(other, MANY, network=network),
    ):
        for plan in plans:
            PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.RESEARCH, data={"age": "18"})
    assert queries_for(client, "/plans/") == one
    response = client.get("/plans/")
    for key in ("my_plans", "set_apart_plans", "network_plans"):
        assert len(response.context[key]) == LIST_PER_PAGE


def test_it_shows_the_rest_on_the_next_pages(client, owner):
    plans = plans_of(owner, MANY)
    newest_first = [plan.title for plan in reversed(plans)]
    client.force_login(owner)
    seen = []
    for number in range(1, LAST + 1):
        response = client.get("/plans/", {"mine": number})
        seen += titles(response, "my_plans")
    assert seen == newest_first
    first = (LAST - 1) * LIST_PER_PAGE + 1
    assert f"Showing {first}–{MANY} of {MANY}" in response.text


def test_a_page_link_keeps_the_other_lists_pages(client, owner):
    plans_of(owner, MANY)
    plans_of(owner, MANY, status=InitiativePlan.Status.ARCHIVED)
    client.force_login(owner)
    response = client.get("/plans/", {"mine": 2, "apart": LAST})
    html = response.text
    # Own plans' next page keeps the last page of those set apart, and the other way round.
    assert f'href="?mine=3&amp;apart={LAST}#my-plans"' in html
    assert f'href="?mine=2&amp;apart={LAST - 1}#set-apart"' in html
    # Paging through the plans set apart keeps their list open.
    assert '<details class="plan-set-apart mb-3" id="set-apart" open>' in html


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("99", LAST), ("0", LAST), ("-1", LAST), ("two", 1), ("", 1), ("1e3", 1)],
)
def test_a_page_that_is_not_there_shows_a_page_that_is(client, owner, asked, shown):
    plans_of(owner, MANY)
    client.force_login(owner)
    response = client.get("/plans/", {"mine": asked})
    assert response.status_code == 200
    assert response.context["my_plans_page"].number == shown


def test_one_page_has_no_page_links(client, owner):
    plans_of(owner, 3)
    client.force_login(owner)
    html = client.get("/plans/").text
    assert "Showing" not in html
    assert 'class="pagination' not in html


def test_the_set_apart_count_is_of_them_all(client, owner):
    plans_of(owner, MANY, status=InitiativePlan.Status.ARCHIVED)
    client.force_login(owner)
    assert f"Set apart: {MANY} plans" in client.get("/plans/").text


def test_others_never_see_a_plan_on_a_page(client, owner, outsider):
    plans_of(outsider, MANY)
    client.force_login(owner)
    for number in range(1, LAST + 1):
        response = client.get("/plans/", {"mine": number, "shared": number})
        assert response.context["my_plans"] == []
        assert response.context["network_plans"] == []


def test_progress_counts_parts_that_hold_text(client, owner):
    plan = plans_of(owner, 1)[0]
    PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.RESEARCH, data={"age": "18-25"})
    PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.STRATEGY, data={"approach": ""})
    PlanPart.objects.create(
        plan=plan, kind=PlanPart.Kind.FUNDING, data={"budget": [{"item": "Balls"}]}
    )
    client.force_login(owner)
    response = client.get("/plans/")
    assert "2 of 6 parts written" in response.text


# The shapes a part's data can take, hand-made ones too: HoldsText says what is_empty says.
SHAPES = [
    {},
    {"a": ""},
    {"a": None},
    {"a": False},
    {"a": 0},
    {"a": 0.0},
    {"a": []},
    {"a": {}},
    {"a": [{"b": "", "c": None}, {"d": [False, 0]}]},
    {"a": " "},
    {"a": "текст"},
    {"a": True},
    {"a": 7},
    {"a": -0.5},
    {"a": "0"},
    {"a": "false"},
    {"a": "null"},
    {"": "", "b": [[[""]]]},
    {"a": [{"b": "", "c": None}, {"d": [False, "x"]}]},
    {"a": ["", "", "slug"]},
    {'"quoted"': "", "a": "it's"},
]


@pytest.mark.django_db
def test_holds_text_agrees_with_is_empty(owner):
    parts = {}
    for n, data in enumerate(SHAPES):
        # A plan per shape: a plan holds one part of each kind.
        plan = InitiativePlan.objects.create(owner=owner, title=f"Shape {n}")
        parts[n] = PlanPart.objects.create(plan=plan, kind=PlanPart.Kind.RESEARCH, data=data)
    answers = dict(PlanPart.objects.annotate(holds=HoldsText("data")).values_list("pk", "holds"))
    for n, part in parts.items():
        assert answers[part.pk] is (not part.is_empty), SHAPES[n]


# --- A network's page -------------------------------------------------------------------------


def network_url(network):
    return reverse("planner:network_detail", args=[network.slug])


def grow(network, organiser, count, start=0):
    """`count` more members, open invitations and shared plans."""
    for n in range(start, start + count):
        member = organiser.__class__.objects.create_user(f"member-{n:03}")
        network.add_member(member, Role.EDITOR)
        InitiativePlan.objects.create(owner=member, network=network, title=f"Plan {n:03}")
        Invitation.create_for(network, Role.VIEWER, created_by=organiser)


@pytest.mark.parametrize("who", ["organiser", "viewer"])
def test_a_network_page_costs_the_same_with_many(client, network, organiser, viewer, who):
    grow(network, organiser, 1)
    client.force_login(organiser if who == "organiser" else viewer)
    url = network_url(network)
    one = queries_for(client, url)
    grow(network, organiser, MANY, start=1)
    assert queries_for(client, url) == one
    response = client.get(url)
    assert len(response.context["members"]) == LIST_PER_PAGE
    assert len(response.context["plans_page"].object_list) == LIST_PER_PAGE
    if who == "organiser":
        assert len(response.context["invitations"]) == INVITATIONS_PER_PAGE
    assert f"Members ({MANY + 4})" in response.text  # with owner, organiser and viewer


def test_a_network_page_shows_the_rest_on_the_next_pages(client, network, organiser):
    grow(network, organiser, MANY)
    client.force_login(organiser)
    url = network_url(network)
    members, invitations, plans = [], [], []
    for number in range(1, 8):
        response = client.get(url, {"members": number, "invitations": number, "plans": number})
        members += [member.pk for member in response.context["members"]]
        invitations += [invitation.pk for invitation in response.context["invitations"]]
        plans += [plan.pk for plan in response.context["plans_page"].object_list]
    # Invitations come 10 a page, the others 25: past their end, the last page again.
    assert len(set(members)) == network.memberships.count() == MANY + 2
    assert len(set(invitations)) == network.invitations.count() == MANY
    assert len(set(plans)) == network.plans.count() == MANY
    response = client.get(url, {"members": "junk", "plans": "-3", "invitations": "9" * 30})
    assert response.status_code == 200


def test_a_member_role_form_is_a_labelled_select(client, network, organiser, viewer):
    client.force_login(organiser)
    html = client.get(network_url(network)).text
    membership = network.memberships.get(user=viewer)
    field = f"id_member_{membership.pk}_role"
    assert f'<label class="form-label" for="{field}">Role of viewer</label>' in html
    assert f'<select class="form-select" name="role" id="{field}">' in html
    assert '<option value="viewer" selected>Viewer</option>' in html
    # The select posts what the member_role view takes.
    url = reverse("planner:member_role", args=[network.slug, membership.pk])
    client.post(url, {"role": Role.EDITOR})
    assert network.memberships.get(user=viewer).role == Role.EDITOR


def test_only_organisers_see_role_forms_and_invitations(client, network, viewer):
    client.force_login(viewer)
    response = client.get(network_url(network))
    assert "invitations" not in response.context
    assert 'name="role"' not in response.text


def test_a_network_page_reads_the_network_with_the_membership(client, network, organiser):
    client.force_login(organiser)
    with CaptureQueriesContext(connection) as queries:
        client.get(network_url(network))
    sql = [query["sql"] for query in queries.captured_queries]
    reads = [s for s in sql if re.search(r'"planner_membership"\."user_id" = \d', s)]
    assert len(reads) == 1
    assert 'INNER JOIN "planner_network"' in reads[0]
    assert not [s for s in sql if s.startswith('SELECT "planner_network"."id"')]


def test_outsiders_still_get_404_and_unknown_networks_too(client, network, outsider):
    client.force_login(outsider)
    assert client.get(network_url(network)).status_code == 404
    missing = Network(slug="no-such-network")
    assert client.get(network_url(missing)).status_code == 404


def test_invitations_past_their_time_are_not_listed(client, network, organiser):
    old = Invitation.create_for(network, Role.VIEWER, created_by=organiser)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(organiser)
    assert client.get(network_url(network)).context["invitations"] == []
