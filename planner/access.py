"""The one place that turns the models' access rules into responses.

Outsiders get 404, so a plan's or network's existence is not revealed; members who may read
but not change get 403 on writes.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import InitiativePlan, Network


def get_plan_for_user(request, plan_id, write=False, manage=False):
    plan = get_object_or_404(InitiativePlan.objects.select_related("owner", "network"), pk=plan_id)
    if not plan.can_read(request.user):
        raise Http404
    if manage and not plan.can_manage(request.user):
        raise PermissionDenied
    if write and not plan.can_edit(request.user):
        raise PermissionDenied
    return plan


def get_network_for_user(request, slug, organiser=False):
    """The network and the user's membership; only members get in (staff status counts for
    nothing here)."""
    network = get_object_or_404(Network, slug=slug)
    membership = network.membership_of(request.user)
    if membership is None:
        raise Http404
    if organiser and not membership.is_organiser:
        raise PermissionDenied
    return network, membership
