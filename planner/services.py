"""Writes that span more than one model of the planner."""

from django.db import transaction

from .models import InitiativePlan, Network


@transaction.atomic
def delete_account(user):
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
