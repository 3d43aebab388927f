"""Invitations can be withdrawn and die with their inviter's role (issue 8, finding 4)."""

import pytest
from django.urls import reverse

from planner.models import Invitation, InvitationError, Membership

pytestmark = pytest.mark.django_db

Role = Membership.Role


def revoke_url(network, invitation):
    return reverse("planner:invitation_revoke", args=[network.slug, invitation.pk])


def accept_url(invitation):
    return reverse("planner:invitation_accept", args=[invitation.token])


@pytest.mark.parametrize(
    "who, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("staff", 404),
        ("viewer", 403),
        ("editor", 403),
        ("organiser", 302),
        ("owner", 302),
    ],
)
def test_organisers_withdraw_open_invitations(client, cast, network, owner, who, status):
    invitation = Invitation.create_for(network, Role.EDITOR, owner)
    if cast[who] is not None:
        client.force_login(cast[who])
    page = client.get(reverse("planner:network_detail", args=[network.slug]))
    if who in ("organiser", "owner"):
        assert f'action="{revoke_url(network, invitation)}"' in page.content.decode()
    response = client.post(revoke_url(network, invitation))
    assert response.status_code == status
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) is (who in ("organiser", "owner"))


def test_a_withdrawn_invitation_no_longer_works(client, owner, network, make_user):
    invitation = Invitation.create_for(network, Role.EDITOR, owner)
    client.force_login(owner)
    client.post(revoke_url(network, invitation))
    html = client.get(reverse("planner:network_detail", args=[network.slug])).content.decode()
    assert invitation.token not in html
    stranger = make_user("stranger")
    client.force_login(stranger)
    response = client.post(accept_url(invitation))
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert network.membership_of(stranger) is None


def test_only_an_invitation_of_this_network_is_withdrawn(client, owner, network, make_user):
    from planner.models import Network

    other_owner = make_user("other-owner")
    other = Network.create("Other", "", organiser=other_owner)
    foreign = Invitation.create_for(other, Role.EDITOR, other_owner)
    client.force_login(owner)
    assert client.post(revoke_url(network, foreign)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


@pytest.mark.parametrize("how", ["removed", "demoted", "left"])
def test_an_invitation_dies_when_its_inviter_stops_being_organiser(
    client, owner, organiser, network, make_user, how
):
    invitation = Invitation.create_for(network, Role.ORGANISER, organiser)
    membership = network.membership_of(organiser)
    if how == "removed":
        network.remove_member(membership, by=owner)
    elif how == "demoted":
        network.change_role(membership, Role.VIEWER, by=owner)
    else:
        network.remove_member(membership)
    assert not Invitation.objects.usable().filter(pk=invitation.pk).exists()
    stranger = make_user("stranger")
    client.force_login(stranger)
    assert client.get(accept_url(invitation)).status_code == 410
    assert client.post(accept_url(invitation)).status_code == 410
    assert network.membership_of(stranger) is None


def test_accepting_rechecks_the_inviter_inside_the_transaction(
    owner, organiser, network, make_user
):
    """The invitation was read as usable; before it is accepted, its inviter is demoted by a
    path that does not withdraw it (the check must not rely on the withdrawal alone)."""
    invitation = Invitation.create_for(network, Role.ORGANISER, organiser)
    assert invitation.is_usable
    Membership.objects.filter(user=organiser, network=network).update(role=Role.VIEWER)
    with pytest.raises(InvitationError):
        invitation.accept(make_user("stranger"))
    assert network.memberships.count() == 2


def test_accepting_rechecks_a_withdrawal_made_meanwhile(owner, network, make_user):
    invitation = Invitation.create_for(network, Role.EDITOR, owner)
    Invitation.objects.get(pk=invitation.pk).revoke()
    with pytest.raises(InvitationError):
        invitation.accept(make_user("stranger"))


def test_withdrawing_a_used_invitation_says_so(client, owner, network, make_user):
    invitation = Invitation.create_for(network, Role.EDITOR, owner)
    invitation.accept(make_user("newcomer"))
    client.force_login(owner)
    response = client.post(revoke_url(network, invitation), follow=True)
    assert "This invitation was already used or withdrawn." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.accepted_at is not None
