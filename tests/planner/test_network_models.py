from datetime import timedelta

import pytest
from django.utils import timezone

from planner.models import (
    AlreadyMemberError,
    InitiativePlan,
    Invitation,
    InvitationError,
    LastOrganiserError,
    Membership,
    Network,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role


def test_create_makes_the_creator_its_organiser(make_user):
    creator = make_user("creator")
    network = Network.create("Bishkek Youth", "We meet on Fridays.", organiser=creator)
    assert network.slug == "bishkek-youth"
    assert network.description == "We meet on Fridays."
    assert list(network.memberships.values_list("user__username", "role")) == [
        ("creator", Role.ORGANISER)
    ]


def test_create_finds_a_free_slug(make_user):
    creator = make_user("creator")
    first = Network.create("Same name", "", organiser=creator)
    second = Network.create("Same name", "", organiser=creator)
    third = Network.create("Same name", "", organiser=creator)
    assert [first.slug, second.slug, third.slug] == ["same-name", "same-name-2", "same-name-3"]


@pytest.mark.parametrize("name, slug", [("New", "new-2"), ("join", "join-2"), ("!!!", "network")])
def test_create_avoids_reserved_and_empty_slugs(make_user, name, slug):
    network = Network.create(name, "", organiser=make_user("creator"))
    assert network.slug == slug
    assert network.name == name


def test_create_caps_the_slug_length(make_user):
    network = Network.create("x" * 120, "", organiser=make_user("creator"))
    assert len(network.slug) <= 80


def test_add_member_keeps_an_existing_role(network, viewer):
    membership = network.add_member(viewer, Role.ORGANISER)
    assert membership.role == Role.VIEWER
    assert network.memberships.filter(user=viewer).count() == 1


def test_change_role_promotes_and_demotes(network, owner, viewer):
    membership = network.membership_of(viewer)
    network.change_role(membership, Role.ORGANISER)
    assert network.membership_of(viewer).role == Role.ORGANISER
    # Now that viewer organises too, the owner may step down.
    network.change_role(network.membership_of(owner), Role.EDITOR)
    assert network.membership_of(owner).role == Role.EDITOR


def test_change_role_keeps_an_organiser(network, owner, editor):
    with pytest.raises(LastOrganiserError):
        network.change_role(network.membership_of(owner), Role.VIEWER)
    assert network.membership_of(owner).role == Role.ORGANISER


def test_remove_member_keeps_an_organiser(network, owner, editor):
    with pytest.raises(LastOrganiserError):
        network.remove_member(network.membership_of(owner))
    assert network.membership_of(owner) is not None


def test_remove_member_unshares_their_plans(network, owner, organiser, plan, editor):
    own_plan = InitiativePlan.objects.create(owner=editor, network=network, title="Editor's")
    network.remove_member(network.membership_of(editor))
    assert network.membership_of(editor) is None
    own_plan.refresh_from_db()
    assert own_plan.network is None and own_plan.owner == editor
    plan.refresh_from_db()
    assert plan.network == network  # other members' plans stay shared


def test_an_organiser_may_leave_when_another_remains(network, owner, organiser):
    network.remove_member(network.membership_of(owner))
    assert list(network.memberships.values_list("user__username", flat=True)) == ["organiser"]


def test_invitation_applies_its_role(network, owner, make_user):
    newcomer = make_user("newcomer")
    invitation = Invitation.create_for(network, Role.VIEWER, created_by=owner)
    assert invitation.is_usable
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    membership = invitation.accept(newcomer)
    assert membership.user == newcomer and membership.role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer and invitation.accepted_at is not None
    assert not invitation.is_usable
    assert not Invitation.objects.usable().filter(pk=invitation.pk).exists()


def test_invitation_works_once(network, owner, make_user):
    invitation = Invitation.create_for(network, Role.EDITOR, created_by=owner)
    invitation.accept(make_user("first"))
    second = make_user("second")
    with pytest.raises(InvitationError, match="already been used"):
        invitation.accept(second)
    assert network.membership_of(second) is None


def test_invitation_expires(network, owner, make_user):
    invitation = Invitation.create_for(network, Role.EDITOR, created_by=owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    invitation.refresh_from_db()
    assert not invitation.is_usable
    assert not Invitation.objects.usable().exists()
    late = make_user("late")
    with pytest.raises(InvitationError, match="expired"):
        invitation.accept(late)
    assert network.membership_of(late) is None


def test_invitation_does_not_change_an_existing_members_role(network, owner, viewer):
    invitation = Invitation.create_for(network, Role.ORGANISER, created_by=owner)
    with pytest.raises(AlreadyMemberError):
        invitation.accept(viewer)
    assert network.membership_of(viewer).role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.is_usable  # still there for the person it was meant for


def test_one_query_tells_a_plan_what_a_member_may_do(plan, editor, django_assert_num_queries):
    plan = InitiativePlan.objects.select_related("network").get(pk=plan.pk)
    with django_assert_num_queries(1):
        assert plan.can_read(editor)
        assert plan.can_edit(editor)
        assert not plan.can_manage(editor)


def test_a_plan_asked_again_after_its_network_changed_asks_afresh(plan, editor, make_user):
    assert plan.can_edit(editor)
    other = Network.create("Osh Youth", "", organiser=make_user("osh"))
    plan.network = other
    assert not plan.can_edit(editor)


def test_a_plan_refreshed_after_a_role_change_asks_afresh(plan, editor, network):
    assert plan.can_edit(editor)
    network.memberships.filter(user=editor).update(role=Role.VIEWER)
    plan.refresh_from_db()
    assert not plan.can_edit(editor)
