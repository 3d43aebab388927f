"""The planner's writes, each a function that says what happened.

Views call these and only choose the response; the rules themselves (versions, locks, the
last organiser, single-use invitations) are the models' domain methods, which these call. A
write that may be refused returns an outcome rather than raising, so that every refusal reaches
the person as a message, never as a 500.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.db import transaction

from annexes.models import Topic

from .forms import PlanForm
from .models import (
    InitiativePlan,
    Invitation,
    InvitationError,
    Membership,
    Network,
    PlannerError,
    PlanPart,
)


@dataclass(frozen=True)
class Outcome:
    """What a write did: `done`, or why not (`error`, a message for the person who asked)."""

    done: bool
    error: str = ""


def refused(error: Exception) -> Outcome:
    return Outcome(done=False, error=str(error))


DONE = Outcome(done=True)


# --- Plans ----------------------------------------------------------------------------------


@transaction.atomic
def start_plan(
    *, form: PlanForm, owner: AbstractBaseUser, language: str, topic: Topic | None = None
) -> InitiativePlan:
    """A new plan from a valid PlanForm, owned by `owner`, written in `language`; with `topic`
    (the Annex 2 topic page's "Use in a plan"), step 3 starts with that topic chosen."""
    plan = form.save(commit=False)
    plan.owner = owner
    plan.language = language
    plan.save()
    form.save_m2m()
    if topic is not None:
        part = plan.part(PlanPart.Kind.ENTRY_POINTS)
        part.save_edit({"topics": [topic.slug]}, part.version, owner)
    return plan


def share_plan(*, plan: InitiativePlan, network: Network | None) -> Outcome:
    """Share with one of the owner's networks, or make the plan private with None."""
    try:
        plan.share_with(network)
    except PlannerError as error:
        return refused(error)
    return DONE


# --- Networks -------------------------------------------------------------------------------


def change_member_role(
    *, network: Network, member: Membership, role: str, by: AbstractBaseUser
) -> Outcome:
    try:
        network.change_role(member, role, by=by)
    except PlannerError as error:
        return refused(error)
    return DONE


def remove_member(
    *, network: Network, member: Membership, by: AbstractBaseUser | None = None
) -> Outcome:
    """An organiser removes `member` (`by`), or a member leaves (no `by`)."""
    try:
        network.remove_member(member, by=by)
    except PlannerError as error:
        return refused(error)
    return DONE


@dataclass(frozen=True)
class InvitationOutcome:
    """Where an invitation stands for a user: OPEN (they may accept it), JOINED (they did),
    ALREADY_MEMBER (it stays unused, so it can be passed on to the person it was meant for) or
    UNUSABLE (with `reason`)."""

    OPEN, JOINED, ALREADY_MEMBER, UNUSABLE = "open", "joined", "already member", "unusable"

    status: str
    membership: Membership | None = None
    reason: str = ""


def invitation_status(*, invitation: Invitation, user: AbstractBaseUser) -> InvitationOutcome:
    """Whether `user` can accept `invitation`, without accepting it (the page before)."""
    membership = invitation.network.membership_of(user)
    if membership is not None:
        return InvitationOutcome(InvitationOutcome.ALREADY_MEMBER, membership)
    reason = invitation.unusable_reason()
    if reason is not None:
        return InvitationOutcome(InvitationOutcome.UNUSABLE, reason=str(reason))
    return InvitationOutcome(InvitationOutcome.OPEN)


def accept_invitation(*, invitation: Invitation, user: AbstractBaseUser) -> InvitationOutcome:
    """Join the invitation's network, if it is still usable and `user` is not a member yet."""
    outcome = invitation_status(invitation=invitation, user=user)
    if outcome.status != InvitationOutcome.OPEN:
        return outcome
    try:
        membership = invitation.accept(user)
    except InvitationError as error:
        return InvitationOutcome(InvitationOutcome.UNUSABLE, reason=str(error))
    return InvitationOutcome(InvitationOutcome.JOINED, membership)


# --- Accounts -------------------------------------------------------------------------------


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete an account, with what the planner's on_delete rules say goes with it (see
    `membership_user_deleted` and `plan_owner_deleted`).

    Those rules choose who takes over a network and its plans while Django collects what to
    delete; the memberships of the account's networks and its plans are locked first, so that
    a role change or a departure at the same moment cannot make that choice stale.
    """
    for network in Network.objects.filter(memberships__user=user).order_by("pk"):
        network.lock_memberships()
    list(InitiativePlan.objects.select_for_update().filter(owner=user).order_by("pk"))
    user.delete()
