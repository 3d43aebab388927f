"""The planner's start page says truly what is shared (issue 12, part 7): an empty networks'
list says whether the reader's own plans are shared (they are listed as theirs) or whether
they are in no network at all; plans set apart wait in a collapsed group after the others."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planner.models import InitiativePlan, Network

pytestmark = pytest.mark.django_db

NOBODY_SHARED = "No one has shared a plan with your networks yet."
NO_NETWORK = "You are not in a youth network yet."
ARCHIVED = InitiativePlan.Status.ARCHIVED


def start_page(client, user):
    client.force_login(user)
    response = client.get("/plans/")
    assert response.status_code == 200
    return response


def section(html, heading_id):
    """The <section> labelled by the heading with `heading_id`."""
    at = html.index(f'aria-labelledby="{heading_id}"')
    return html[at : html.index("</section>", at)]


def networks_part(client, user):
    return section(start_page(client, user).content.decode(), "network-plans-heading")


def test_someone_in_no_network_is_told_so_and_where_to_start_one(client, outsider):
    InitiativePlan.objects.create(owner=outsider, title="Alone")
    part = networks_part(client, outsider)
    assert NO_NETWORK in part and 'href="/networks/new/"' in part
    assert NOBODY_SHARED not in part


def test_own_shared_plans_are_pointed_to_not_denied(client, owner, plan):
    """The owner's plan is shared with their network: "no one has shared" would be untrue."""
    part = networks_part(client, owner)
    assert NOBODY_SHARED not in part and NO_NETWORK not in part
    assert "1 of your plans is shared with them: it is listed under “My plans”" in part
    assert 'href="/networks/"' in part


def test_the_count_of_own_shared_plans_is_said(client, owner, network, plan):
    InitiativePlan.objects.create(owner=owner, title="Second", network=network)
    InitiativePlan.objects.create(owner=owner, title="Private")  # not shared: not counted
    InitiativePlan.objects.create(owner=owner, title="Old", network=network, status=ARCHIVED)
    part = networks_part(client, owner)
    assert "3 of your plans are shared with them: they are listed under “My plans”" in part


def test_nothing_shared_at_all_says_so(client, owner, network):
    InitiativePlan.objects.create(owner=owner, title="Private")
    part = networks_part(client, owner)
    assert NOBODY_SHARED in part and 'href="/networks/"' in part
    assert "of your plans" not in part and NO_NETWORK not in part


def test_others_shared_plans_are_listed_without_an_explanation(client, viewer, plan):
    InitiativePlan.objects.create(owner=viewer, title="Viewer's own", network=plan.network)
    part = networks_part(client, viewer)
    assert "Fathers" in part and "Viewer&#x27;s own" not in part
    assert NOBODY_SHARED not in part and "of your plans" not in part and NO_NETWORK not in part


def test_staff_are_told_they_are_in_no_network(client, staff, plan):
    part = networks_part(client, staff)
    assert NO_NETWORK in part and "Fathers" not in part


def test_the_logged_out_reader_gets_none_of_this(client, plan):
    html = client.get("/plans/").content.decode()
    assert NO_NETWORK not in html and NOBODY_SHARED not in html and "Set apart" not in html


# --- Plans set apart --------------------------------------------------------------------------


def test_plans_set_apart_wait_in_a_collapsed_group_after_the_others(client, owner, plan):
    InitiativePlan.objects.create(owner=owner, title="Last year's fair", status=ARCHIVED)
    InitiativePlan.objects.create(owner=owner, title="Old campaign", status=ARCHIVED)
    response = start_page(client, owner)
    assert [p.title for p in response.context["my_plans"]] == [plan.title]
    assert sorted(p.title for p in response.context["set_apart_plans"]) == [
        "Last year's fair",
        "Old campaign",
    ]
    mine = section(response.content.decode(), "my-plans-heading")
    group = mine[mine.index("<details") : mine.index("</details>")]
    assert "<details open" not in mine  # collapsed until opened
    assert "<summary>Set apart: 2 plans</summary>" in group
    assert "Last year&#x27;s fair" in group and "Old campaign" in group
    assert "Fathers" not in group and mine.index("Fathers") < mine.index("<details")


def test_no_group_when_nothing_is_set_apart(client, owner, plan):
    response = start_page(client, owner)
    assert response.context["set_apart_plans"] == []
    assert "<details" not in section(response.content.decode(), "my-plans-heading")


def test_when_every_plan_is_set_apart_the_list_says_so(client, owner):
    InitiativePlan.objects.create(owner=owner, title="Done and dusted", status=ARCHIVED)
    mine = section(start_page(client, owner).content.decode(), "my-plans-heading")
    assert "Every plan of yours is set apart." in mine
    assert "You have no plans yet." not in mine
    assert "<summary>Set apart: 1 plan</summary>" in mine


def test_a_plan_brought_back_returns_to_the_list(client, owner, plan):
    client.force_login(owner)
    client.post(f"/plans/{plan.pk}/archive/")
    assert start_page(client, owner).context["my_plans"] == []
    client.post(f"/plans/{plan.pk}/archive/", {"bring_back": "1"})
    response = start_page(client, owner)
    assert [p.title for p in response.context["my_plans"]] == [plan.title]
    assert response.context["set_apart_plans"] == []


def test_the_list_costs_the_same_for_1_and_10_plans_set_apart(client, owner, network):
    def queries():
        client.get("/plans/")  # a process's first page builds the menu it keeps (7684a94)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/plans/").status_code == 200
        return len(captured)

    client.force_login(owner)

    InitiativePlan.objects.create(owner=owner, title="Set apart 0", status=ARCHIVED)
    few = queries()
    for n in range(1, 10):
        InitiativePlan.objects.create(
            owner=owner, title=f"Set apart {n}", status=ARCHIVED, network=network
        )
    Network.create("Another", "", owner)
    assert queries() == few
