"""Reads that more than one page needs."""

from dataclasses import dataclass, field

from django.db import router
from django.db.models.deletion import Collector

from .models import InitiativePlan, Membership, Network


@dataclass
class AccountDeletionOutcome:
    """What deleting an account does to the planner."""

    deleted_plans: list = field(default_factory=list)
    handed_over: list = field(default_factory=list)  # (plan, the user who gets it)
    new_organisers: list = field(default_factory=list)  # (network, the member promoted)
    deleted_networks: list = field(default_factory=list)  # networks with no one else in them


def account_deletion_outcome(user):
    """Collected as the deletion itself collects it (the models' on_delete rules), without
    deleting: what the page promises is what happens."""
    collector = Collector(using=router.db_for_write(type(user)), origin=user)
    collector.collect([user])
    outcome = AccountDeletionOutcome(
        deleted_plans=sorted(collector.data.get(InitiativePlan, ()), key=lambda p: p.title),
        deleted_networks=sorted(collector.data.get(Network, ()), key=lambda n: n.name),
    )
    for (updated, value), batches in collector.field_updates.items():
        objs = [obj for batch in batches for obj in batch]
        if updated.model is InitiativePlan and updated.name == "owner":
            outcome.handed_over += [(plan, value) for plan in objs]
        elif updated.model is Membership and updated.name == "role":
            outcome.new_organisers += [(membership.network, membership.user) for membership in objs]
    return outcome
