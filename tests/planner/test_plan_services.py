"""planner/services.py for plans, networks and invitations: each write says what happened, and
a refused one changes nothing. The pages that call these are tested in test_plans.py,
test_networks.py and test_sharing.py; these tests pin the outcomes themselves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from planner import selectors, services
from planner.forms import PlanForm
from planner.models import InitiativePlan, Invitation, Membership, Network, PlanPart
from planner.selectors import InvitationOutcome
from tests.annexes.factories import make_topics

pytestmark = pytest.mark.django_db
Role = Membership.Role


def test_start_plan_makes_the_owner_s_plan_in_the_language_given(outsider):
    form = PlanForm({"title": "Football", "summary": "", "status": "draft", "tags": "sport"})
    assert form.is_valid(), form.errors
    plan = services.start_plan(form=form, owner=outsider, language="ru")
    plan.refresh_from_db()
    assert (plan.owner, plan.language, plan.title) == (outsider, "ru", "Football")
    assert [tag.name for tag in plan.tags.all()] == ["sport"]
    assert not plan.parts.exists()


def test_start_plan_with_a_topic_starts_step_3_with_it(outsider):
    topic = make_topics()[0]
    form = PlanForm({"title": "Football", "summary": "", "status": "draft", "tags": ""})
    assert form.is_valid(), form.errors
    plan = services.start_plan(form=form, owner=outsider, language="", topic=topic)
    part = plan.parts.get()
    assert part.kind == PlanPart.Kind.ENTRY_POINTS
    assert part.data == {"topics": [topic.slug]}
    assert part.updated_by == outsider


def test_save_plan_details_saves_from_the_current_version(plan):
    details = {"title": "New title", "summary": "", "status": "draft", "language": "", "tags": []}
    outcome = services.save_plan_details(plan=plan, details=details, version=plan.details_version)
    assert outcome.done
    plan.refresh_from_db()
    assert plan.title == "New title"


def test_save_plan_details_on_top_of_someone_else_s_is_refused_not_gone(plan):
    loaded = plan.details_version
    plan.save_details({"title": "Theirs", "tags": []}, loaded)
    outcome = services.save_plan_details(
        plan=plan, details={"title": "Mine", "tags": []}, version=loaded
    )
    assert not outcome.done and not outcome.gone and outcome.error
    plan.refresh_from_db()
    assert plan.title == "Theirs"


def test_save_plan_details_of_a_deleted_plan_is_gone(plan):
    InitiativePlan.objects.filter(pk=plan.pk).delete()
    outcome = services.save_plan_details(plan=plan, details={"title": "Back"}, version=0)
    assert not outcome.done and outcome.gone


def test_delete_plan_by_its_owner_only(plan, owner, organiser):
    assert services.delete_plan(plan=plan, by=organiser).gone  # not theirs
    assert InitiativePlan.objects.filter(pk=plan.pk).exists()
    assert services.delete_plan(plan=plan, by=owner).done
    assert not InitiativePlan.objects.filter(pk=plan.pk).exists()


def test_create_share_link_of_a_deleted_plan_is_gone(plan, owner):
    assert services.create_share_link(plan=plan, by=owner, expires_in_days=7).done
    assert plan.share_links.count() == 1
    InitiativePlan.objects.filter(pk=plan.pk).delete()
    assert services.create_share_link(plan=plan, by=owner, expires_in_days=None).gone


def test_invite_makes_a_usable_single_use_invitation(network, owner):
    invitation = services.invite(network=network, role=Role.VIEWER, by=owner)
    assert invitation.is_usable and invitation.role == Role.VIEWER
    assert invitation.created_by == owner and invitation.network == network


def test_share_plan_with_one_of_the_owner_s_networks_and_back(private_plan, network):
    assert services.share_plan(plan=private_plan, network=network) == services.Outcome(done=True)
    assert InitiativePlan.objects.get(pk=private_plan.pk).network == network
    assert services.share_plan(plan=private_plan, network=None).done
    assert InitiativePlan.objects.get(pk=private_plan.pk).network is None


def test_share_plan_with_someone_else_s_network_is_refused(private_plan, outsider):
    other = Network.create("Other network", "", organiser=outsider)
    outcome = services.share_plan(plan=private_plan, network=other)
    assert not outcome.done
    assert "owner's networks" in outcome.error
    assert InitiativePlan.objects.get(pk=private_plan.pk).network is None


def test_share_plan_of_a_deleted_plan_is_refused(private_plan, network):
    InitiativePlan.objects.filter(pk=private_plan.pk).delete()
    outcome = services.share_plan(plan=private_plan, network=network)
    assert not outcome.done and outcome.error


def test_change_member_role(owner, viewer, network):
    member = network.membership_of(viewer)
    outcome = services.change_member_role(
        network=network, member=member, role=Role.EDITOR, by=owner
    )
    assert outcome.done
    assert network.membership_of(viewer).role == Role.EDITOR


def test_change_member_role_keeps_the_last_organiser(owner, network):
    member = network.membership_of(owner)
    outcome = services.change_member_role(
        network=network, member=member, role=Role.VIEWER, by=owner
    )
    assert not outcome.done and outcome.error
    assert network.membership_of(owner).role == Role.ORGANISER


def test_remove_member_by_an_organiser_and_leaving(owner, viewer, editor, network):
    viewer_membership = network.membership_of(viewer)
    assert services.remove_member(network=network, member=viewer_membership, by=owner).done
    assert network.membership_of(viewer) is None
    assert services.remove_member(network=network, member=network.membership_of(editor)).done
    assert network.membership_of(editor) is None


def test_the_last_organiser_cannot_leave(owner, network):
    outcome = services.remove_member(network=network, member=network.membership_of(owner))
    assert not outcome.done and outcome.error
    assert network.membership_of(owner).is_organiser


@pytest.fixture
def invitation(network, owner):
    return Invitation.create_for(network, Role.EDITOR, owner)


def test_an_open_invitation_is_open_until_accepted(invitation, outsider, network):
    status = selectors.invitation_status(invitation=invitation, user=outsider)
    assert status == InvitationOutcome(InvitationOutcome.OPEN)
    assert network.membership_of(outsider) is None  # asking does not join
    outcome = services.accept_invitation(invitation=invitation, user=outsider)
    assert outcome.status == InvitationOutcome.JOINED
    assert outcome.membership == network.membership_of(outsider)
    assert outcome.membership.role == Role.EDITOR


def test_a_member_following_an_invitation_keeps_their_role_and_it_stays_unused(
    invitation, viewer, network
):
    outcome = services.accept_invitation(invitation=invitation, user=viewer)
    assert outcome.status == InvitationOutcome.ALREADY_MEMBER
    assert outcome.membership.role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.is_usable


@pytest.mark.parametrize("spoil", ["used", "revoked", "expired"])
def test_an_unusable_invitation_says_why_and_joins_no_one(
    invitation, outsider, make_user, network, spoil
):
    if spoil == "used":
        services.accept_invitation(invitation=invitation, user=make_user("first"))
    elif spoil == "revoked":
        invitation.revoke()
    else:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    invitation.refresh_from_db()
    for service in (selectors.invitation_status, services.accept_invitation):
        outcome = service(invitation=invitation, user=outsider)
        assert outcome.status == InvitationOutcome.UNUSABLE
        assert outcome.reason == invitation.unusable_reason()
    assert network.membership_of(outsider) is None


def test_an_invitation_used_between_the_page_and_the_click_is_unusable(
    invitation, outsider, make_user, network
):
    """The page said the invitation was open; someone else used it before this click."""
    assert selectors.invitation_status(invitation=invitation, user=outsider).status == "open"
    stale = Invitation.objects.get(pk=invitation.pk)
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_by=make_user("first"), accepted_at=timezone.now() - timedelta(seconds=1)
    )
    outcome = services.accept_invitation(invitation=stale, user=outsider)
    assert outcome.status == InvitationOutcome.UNUSABLE
    assert network.membership_of(outsider) is None
