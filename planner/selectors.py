"""Reads that more than one page needs."""

from dataclasses import dataclass, field

from .models import InitiativePlan, Membership


@dataclass
class AccountDeletionOutcome:
    """What deleting an account does to the planner, as the models' on_delete rules do it."""

    deleted_plans: list = field(default_factory=list)
    handed_over: list = field(default_factory=list)  # (plan, the user who gets it)
    new_organisers: list = field(default_factory=list)  # (network, the member promoted)
    deleted_networks: list = field(default_factory=list)  # networks with no one else in them


def account_deletion_outcome(user):
    outcome = AccountDeletionOutcome()
    memberships = Membership.objects.filter(user=user, role=Membership.Role.ORGANISER)
    for membership in memberships.select_related("network"):
        successor = membership.network.successor_organiser({user.pk})
        if successor is None:
            outcome.deleted_networks.append(membership.network)
        elif not successor.is_organiser:
            outcome.new_organisers.append((membership.network, successor.user))
    for plan in InitiativePlan.objects.filter(owner=user).select_related("network"):
        heir = plan.network.successor_organiser({user.pk}) if plan.network_id else None
        if heir is None:
            outcome.deleted_plans.append(plan)
        else:
            outcome.handed_over.append((plan, heir.user))
    return outcome
