"""Writes that race (issue 8, findings 2, 3 and 5): each test replays two requests interleaved
in the order that lost data before, step by step, so it runs the same on SQLite and PostgreSQL.
"""

import pytest
from django.urls import reverse

from planner import access
from planner.models import (
    InitiativePlan,
    LastOrganiserError,
    Membership,
    PlannerError,
    PlanPart,
    ShareLink,
)
from planner.views import networks as networks_views

pytestmark = pytest.mark.django_db

Role = Membership.Role


def details(plan, version, **changes):
    data = {"title": plan.title, "summary": plan.summary, "status": plan.status, "tags": ""}
    return {**data, "version": version, **changes}


def edit_url(plan):
    return f"/plans/{plan.pk}/edit/"


# --- plan details ---------------------------------------------------------------------------


def test_a_stale_details_save_is_refused_and_keeps_both_texts(client, owner, editor, plan):
    client.force_login(editor)
    form = client.get(edit_url(plan)).context["form"]
    loaded = form.initial["version"]
    # The owner saves first, from a form loaded at the same time.
    plan.save_details(
        {"title": "Owner's title", "summary": "Owner's words", "status": "ready", "tags": []},
        loaded,
    )
    response = client.post(edit_url(plan), details(plan, loaded, summary="Editor's words"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this plan&#x27;s details" in html
    assert "Editor&#x27;s words" in html  # their text is still in the form
    assert "Owner&#x27;s words" in html and "Owner&#x27;s title" in html  # and what is saved now
    plan.refresh_from_db()
    assert plan.summary == "Owner's words"
    # The form now carries the current version: saving it again on purpose replaces them.
    again = response.context["form"].data
    assert int(again["version"]) == plan.details_version
    assert client.post(edit_url(plan), again).status_code == 302
    plan.refresh_from_db()
    assert plan.summary == "Editor's words"


@pytest.mark.parametrize("version", [None, "", "x", "-1"])
def test_a_details_save_without_a_usable_version_saves_nothing(client, owner, plan, version):
    client.force_login(owner)
    data = details(plan, version, title="No version")
    if version is None:
        del data["version"]
    response = client.post(edit_url(plan), data)
    assert response.status_code == 400
    assert "No version" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Fathers' football evenings"


def run_between_read_and_write(monkeypatch, module, name, meanwhile):
    """Replay a race: the view reads what it needs, then `meanwhile` happens (another request),
    then the view goes on with what it read."""
    original = getattr(module, name)

    def read_then_race(*args, **kwargs):
        result = original(*args, **kwargs)
        meanwhile()
        return result

    monkeypatch.setattr(module, name, read_then_race)


def test_a_details_save_does_not_reshare_a_plan_made_private_meanwhile(
    client, monkeypatch, owner, editor, plan
):
    client.force_login(editor)
    loaded = client.get(edit_url(plan)).context["form"].initial["version"]
    make_private = lambda: InitiativePlan.objects.get(pk=plan.pk).share_with(None)  # noqa: E731
    run_between_read_and_write(monkeypatch, access, "get_plan_for_user", make_private)
    response = client.post(edit_url(plan), details(plan, loaded, summary="Later"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.network is None and plan.summary == "Later"


def test_a_details_save_does_not_bring_back_a_deleted_plan(
    client, monkeypatch, owner, editor, plan
):
    client.force_login(editor)
    loaded = client.get(edit_url(plan)).context["form"].initial["version"]
    delete = lambda: InitiativePlan.objects.get(pk=plan.pk).delete()  # noqa: E731
    run_between_read_and_write(monkeypatch, access, "get_plan_for_user", delete)
    response = client.post(edit_url(plan), details(plan, loaded, title="Back"), follow=True)
    assert response.redirect_chain[-1][0] == "/plans/"
    assert "deleted in the meantime" in response.content.decode()
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()


def test_a_step_save_does_not_bring_back_a_deleted_plan(client, editor, plan):
    stale = InitiativePlan.objects.get(pk=plan.pk)
    part = stale.part(PlanPart.Kind.RESEARCH)
    plan.delete()
    with pytest.raises(PlannerError):
        stale.part(PlanPart.Kind.STAKEHOLDERS)
    with pytest.raises(PlannerError):
        part.save_edit({"age": "Back"}, part.version, editor)
    assert not PlanPart.objects.filter(plan_id=plan.pk).exists()


def test_a_share_link_is_not_made_for_a_deleted_plan(owner, plan):
    stale = InitiativePlan.objects.get(pk=plan.pk)
    plan.delete()
    with pytest.raises(PlannerError):
        ShareLink.create_for(stale, owner)
    with pytest.raises(PlannerError):
        stale.share_with(None)
    assert not ShareLink.objects.exists()


def test_sharing_checks_the_owners_membership_as_it_is_now(owner, organiser, network, private_plan):
    stale_network = type(network).objects.get(pk=network.pk)
    network.remove_member(network.membership_of(owner))  # the owner left meanwhile
    with pytest.raises(PlannerError):
        private_plan.share_with(stale_network)
    private_plan.refresh_from_db()
    assert private_plan.network is None


# --- the last organiser -------------------------------------------------------------------


def test_a_role_change_reads_the_role_as_it_is_now(owner, viewer, network):
    """The view read the viewer's membership; before its change runs, the viewer is made
    organiser and the owner steps down. Changing the stale 'viewer' must not leave the network
    without an organiser."""
    stale = network.membership_of(viewer)
    network.change_role(network.membership_of(viewer), Role.ORGANISER)
    network.change_role(network.membership_of(owner), Role.EDITOR)
    with pytest.raises(LastOrganiserError):
        network.change_role(stale, Role.EDITOR)
    assert network.memberships.filter(role=Role.ORGANISER).count() == 1


def test_a_removal_reads_the_role_as_it_is_now(owner, viewer, network):
    stale = network.membership_of(viewer)
    network.change_role(network.membership_of(viewer), Role.ORGANISER)
    network.remove_member(network.membership_of(owner))
    with pytest.raises(LastOrganiserError):
        network.remove_member(stale)
    assert network.memberships.filter(role=Role.ORGANISER).count() == 1


def test_an_organiser_demoted_meanwhile_can_no_longer_change_roles(
    client, owner, organiser, viewer, network
):
    """The organiser's page was open when the owner made them an editor; the role change they
    then submit is refused, although their access was checked as organiser a moment before."""
    stale_self = network.membership_of(organiser)
    network.change_role(network.membership_of(organiser), Role.EDITOR)
    with pytest.raises(PlannerError):
        network.change_role(network.membership_of(viewer), Role.ORGANISER, by=organiser)
    assert network.membership_of(viewer).role == Role.VIEWER
    assert stale_self.role == Role.ORGANISER  # what the view had read


def test_two_organisers_demoting_each_other_at_once_leave_one(
    client, monkeypatch, owner, organiser, network
):
    """The organiser's request to demote the owner passed its access check; meanwhile the owner
    demoted the organiser. Going on would leave no organiser at all."""
    client.force_login(organiser)
    url = reverse("planner:member_role", args=[network.slug, network.membership_of(owner).pk])

    def owner_demotes_organiser():
        network.change_role(network.membership_of(organiser), Role.EDITOR, by=owner)

    run_between_read_and_write(
        monkeypatch, networks_views, "get_network_for_user", owner_demotes_organiser
    )
    client.post(url, {"role": Role.VIEWER})
    assert list(network.memberships.filter(role=Role.ORGANISER)) == [network.membership_of(owner)]


def test_a_delete_rechecks_the_owner_under_lock(client, monkeypatch, owner, organiser, plan):
    """The owner's delete passed its access check; meanwhile the plan changed hands (their
    account's plans went to the network's organiser): the delete is refused."""
    client.force_login(owner)

    def handed_over():
        InitiativePlan.objects.filter(pk=plan.pk).update(owner=organiser)

    run_between_read_and_write(monkeypatch, access, "get_plan_for_user", handed_over)
    assert client.post(f"/plans/{plan.pk}/delete/").status_code == 404
    assert InitiativePlan.objects.filter(pk=plan.pk, owner=organiser).exists()


def test_a_demoted_organiser_cannot_promote_themselves_back(owner, organiser, network):
    """Their page still showed them as organiser; meanwhile the owner made them a viewer."""
    own = network.membership_of(organiser)
    network.change_role(network.membership_of(organiser), Role.VIEWER, by=owner)
    with pytest.raises(PlannerError):
        network.change_role(own, Role.ORGANISER, by=organiser)
    assert network.membership_of(organiser).role == Role.VIEWER
