"""The one place that turns the models' access rules into responses.

Outsiders get 404, so a plan's or network's existence is not revealed; members who may read
but not change get 403 on writes; a logged-out visitor to a plan page is asked to log in.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import InitiativePlan, Membership


@functools.cache
def _plan_row_sql():
    plans, quote = InitiativePlan._meta, connection.ops.quote_name
    return f"SELECT * FROM {quote(plans.db_table)} WHERE {quote(plans.pk.column)} = %s"


def _plan_row(plan_id):
    """The plan's row alone, in one plain statement (QuerySet.raw): enough to decide who may
    read it and to find its kept page (planner/kept_pages.py). Through the ORM, with its owner
    and network, building the query cost more than the rest of serving a kept page."""
    pk = InitiativePlan._meta.pk.get_db_prep_value(plan_id, connection)
    return next(iter(InitiativePlan.objects.raw(_plan_row_sql(), [pk])), None)


def get_plan_for_user(request, plan_id, write=False, manage=False, row_only=False):
    """The plan, if this reader may have it as asked (else 404 or 403); with `row_only` its
    row alone (the owner and network are read when first asked for)."""
    if row_only:
        plan = _plan_row(plan_id)
        if plan is None:
            raise Http404
    else:
        plans = InitiativePlan.objects.select_related("owner", "network")
        plan = get_object_or_404(plans, pk=plan_id)
    if not plan.can_read(request.user):
        raise Http404
    if manage and not plan.can_manage(request.user):
        raise PermissionDenied
    if write and not plan.can_edit(request.user):
        raise PermissionDenied
    return plan


def with_plan(write=False, manage=False, row_only=False):
    """A view under /plans/<plan_id>/ receives the plan instead of its id, as
    `get_plan_for_user` decides.

    A logged-out member following a link to their network's plan is asked to log in rather
    than told the plan does not exist; every plan id they may not read gets that same answer,
    so it reveals nothing. Logged-in outsiders get 404.
    """

    def decorator(view):
        @functools.wraps(view)
        def view_with_plan(request, plan_id, **kwargs):
            try:
                plan = get_plan_for_user(
                    request, plan_id, write=write, manage=manage, row_only=row_only
                )
            except Http404:
                if request.user.is_authenticated:
                    raise
                return redirect_to_login(request.get_full_path())
            return view(request, plan, **kwargs)

        return view_with_plan

    return decorator


def get_network_for_user(request, slug, manage=False):
    """The network and the user's membership; only members get in (staff status counts for
    nothing here), and only organisers manage it."""
    # One query, for the membership and its network (the rule of Network.membership_of).
    if not request.user.is_authenticated:
        raise Http404
    memberships = Membership.objects.select_related("network")
    membership = get_object_or_404(memberships, network__slug=slug, user=request.user)
    network = membership.network
    if manage and not membership.can_manage_network:
        raise PermissionDenied
    return network, membership
