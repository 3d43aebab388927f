"""Leaving for good (issue 8, finding 5): a deleted account's private plans go, plans it
shared with a network stay with the network, and no network is left without an organiser,
whichever way the account goes (its own page, the admin, or code)."""

import json

import pytest
from django.urls import reverse

from planner.models import InitiativePlan, Membership, Network, PlanPart

pytestmark = pytest.mark.django_db

Role = Membership.Role


def delete_through_the_site(client, user):
    client.force_login(user)
    return client.post(reverse("account_delete"), {"password": f"{user.username}-password"})


def delete_through_the_admin(client, user, make_user):
    admin = make_user("admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:auth_user_delete", args=[user.pk])
    assert client.get(url).status_code == 200  # the confirmation page collects the same way
    return client.post(url, {"post": "yes"})


def delete_in_code(client, user, make_user=None):
    user.delete()


WAYS = ["site", "admin", "code"]


def delete(way, client, user, make_user):
    if way == "site":
        response = delete_through_the_site(client, user)
        assert response.status_code == 302
    elif way == "admin":
        response = delete_through_the_admin(client, user, make_user)
        assert response.status_code == 302
    else:
        delete_in_code(client, user)


@pytest.mark.parametrize("way", WAYS)
def test_shared_plans_go_to_an_organiser_and_private_ones_go(
    client, make_user, way, owner, organiser, editor, plan, private_plan
):
    part = plan.part(PlanPart.Kind.STAKEHOLDERS)
    part.save_edit({"notes": "Written by the editor"}, part.version, editor)
    delete(way, client, owner, make_user)
    plan.refresh_from_db()
    assert plan.owner == organiser and plan.network.slug == "youth-network"
    assert plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["notes"] == "Written by the editor"
    assert not InitiativePlan.objects.filter(pk=private_plan.pk).exists()


@pytest.mark.parametrize("way", WAYS)
def test_the_last_organiser_leaving_makes_the_longest_standing_editor_organiser(
    client, make_user, way, owner, network, plan
):
    viewer = make_user("early-viewer")
    network.add_member(viewer, Role.VIEWER)
    editor = make_user("later-editor")
    network.add_member(editor, Role.EDITOR)
    delete(way, client, owner, make_user)
    assert network.membership_of(editor).role == Role.ORGANISER
    assert network.membership_of(viewer).role == Role.VIEWER
    plan.refresh_from_db()
    assert plan.owner == editor


@pytest.mark.parametrize("way", WAYS)
def test_a_network_with_no_one_else_goes_with_its_plans(client, make_user, way):
    alone = make_user("alone")
    network = Network.create("Only me", "", organiser=alone)
    plan = InitiativePlan.objects.create(owner=alone, network=network, title="Mine")
    delete(way, client, alone, make_user)
    assert not Network.objects.filter(pk=network.pk).exists()
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("way", WAYS)
def test_no_network_is_ever_left_without_an_organiser(
    client, make_user, way, owner, organiser, editor, viewer, network
):
    other = Network.create("Second", "", organiser=organiser)
    other.add_member(viewer, Role.VIEWER)
    delete(way, client, organiser, make_user)
    for each in Network.objects.all():
        assert each.memberships.filter(role=Role.ORGANISER).exists(), each


def test_the_page_says_what_will_happen_and_offers_the_download(
    client, owner, organiser, plan, private_plan
):
    client.force_login(owner)
    html = client.get(reverse("account_delete")).content.decode()
    assert "Private draft" in html  # deleted
    assert "goes to organiser (Youth Network)" in html  # handed over
    assert f'href="{reverse("planner:my_plans_export")}"' in html


def test_a_wrong_password_deletes_nothing(client, owner, private_plan):
    client.force_login(owner)
    response = client.post(reverse("account_delete"), {"password": "guess"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert InitiativePlan.objects.filter(pk=private_plan.pk).exists()


def test_deleting_needs_an_account_and_a_post(client, owner):
    url = reverse("account_delete")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(owner)
    assert client.put(url).status_code == 405


def test_the_download_holds_every_plan_of_mine_and_nothing_else(
    client, owner, editor, plan, private_plan
):
    InitiativePlan.objects.create(owner=editor, network=plan.network, title="Editor's own")
    plan.tags.add("fathers", "football")
    private_plan.tags.add("draft")
    client.force_login(owner)
    response = client.get(reverse("planner:my_plans_export"))
    assert response["Content-Disposition"] == 'attachment; filename="my-plans.json"'
    plans = {p["title"]: p for p in json.loads(response.content)["plans"]}
    assert sorted(plans) == ["Fathers' football evenings", "Private draft"]
    assert plans[plan.title]["parts"]["research"]["data"]["age"] == "18-25"
    assert plans[plan.title]["tags"] == ["fathers", "football"]
    assert plans[private_plan.title]["tags"] == ["draft"]


@pytest.mark.parametrize("way", ["admin", "code"])
def test_deleting_every_organiser_at_once_still_leaves_one(
    client, make_user, way, owner, organiser, editor, viewer, network, plan
):
    """Both organisers go in one bulk delete: neither may count on the other to take over."""
    if way == "admin":
        admin = make_user("admin", is_staff=True, is_superuser=True)
        client.force_login(admin)
        ids = [str(owner.pk), str(organiser.pk)]
        url = reverse("admin:auth_user_changelist")
        confirm = {"action": "delete_selected", "_selected_action": ids}
        assert client.post(url, confirm).status_code == 200  # the confirmation page
        client.post(url, {**confirm, "post": "yes"})
    else:
        type(owner).objects.filter(pk__in=[owner.pk, organiser.pk]).delete()
    assert not type(owner).objects.filter(pk__in=[owner.pk, organiser.pk]).exists()
    assert network.membership_of(editor).role == Role.ORGANISER
    plan.refresh_from_db()
    assert plan.owner == editor


@pytest.mark.parametrize("role", ["anonymous", "outsider", "viewer", "editor", "owner", "staff"])
def test_each_gets_only_their_own_plans_in_the_download(client, cast, plan, private_plan, role):
    user = cast[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("planner:my_plans_export"))
    if user is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    titles = {p["title"] for p in json.loads(response.content)["plans"]}
    expected = {"Fathers' football evenings", "Private draft"} if role == "owner" else set()
    assert titles == expected


@pytest.mark.parametrize("role", ["outsider", "viewer", "editor", "owner", "staff"])
def test_the_deletion_page_speaks_of_ones_own_plans_only(client, cast, plan, private_plan, role):
    client.force_login(cast[role])
    html = client.get(reverse("account_delete")).content.decode()
    assert ("Private draft" in html) is (role == "owner")
    assert ("Fathers&#x27; football evenings" in html) is (role == "owner")
