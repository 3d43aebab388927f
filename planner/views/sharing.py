"""Sharing a plan: with one of the owner's networks, or read-only by a revocable link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import services
from ..access import with_plan
from ..forms import ShareLinkForm, ShareWithNetworkForm
from ..models import ShareLink
from ..rendering import shown_levels, shown_parts
from ..walkthrough import link_view


def network_form_for(plan, data=None):
    """None for a plan without owner (the example plan): every visitor reads it already."""
    if plan.owner is None:
        return None
    return ShareWithNetworkForm(data, user=plan.owner, initial={"network": plan.network_id})


def render_sharing(request, plan, network_form=None, link_form=None, status=200):
    links = [
        {
            "link": link,
            "state": link.state,
            "url": request.build_absolute_uri(link.get_absolute_url()),
        }
        for link in plan.share_links.all()
    ]
    context = {
        "plan": plan,
        "network_form": network_form or network_form_for(plan),
        "link_form": link_form or ShareLinkForm(),
        "links": links,
        "link_view": link_view(),
    }
    return render(request, "planner/plan_sharing.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(manage=True)
def plan_sharing(request, plan):
    if request.method == "GET":
        return render_sharing(request, plan)
    form = network_form_for(plan, request.POST)
    if form is None:
        messages.error(request, _("An example plan is readable by everyone; it is not shared."))
        return redirect("planner:plan_sharing", plan_id=plan.pk)
    if not form.is_valid():
        return render_sharing(request, plan, network_form=form, status=400)
    outcome = services.share_plan(plan=plan, network=form.cleaned_data["network"])
    if not outcome.done:
        messages.error(request, outcome.error)
    elif plan.network:
        messages.success(
            request,
            _("The plan is shared with %(network)s: its members can read it, its editors edit it.")
            % {"network": plan.network.name},
        )
    else:
        messages.success(request, _("The plan is private again: only you can open it."))
    return redirect("planner:plan_sharing", plan_id=plan.pk)


@login_required
@require_POST
@with_plan(manage=True)
def share_link_create(request, plan):
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return render_sharing(request, plan, link_form=form, status=400)
    outcome = services.create_share_link(
        plan=plan, by=request.user, expires_in_days=form.cleaned_data["expires_in_days"]
    )
    if not outcome.done:  # the plan was deleted meanwhile
        raise Http404
    messages.success(
        request,
        _(
            "The link is ready: anyone who has it can read the plan, without its personal "
            "contacts and referrals (the list below says exactly what it shows)."
        ),
    )
    return redirect("planner:plan_sharing", plan_id=plan.pk)


@login_required
@require_POST
@with_plan(manage=True)
def share_link_revoke(request, plan, link_id):
    link = get_object_or_404(ShareLink, pk=link_id, plan=plan)
    link.revoke()
    messages.success(request, _("The link is revoked: it no longer opens the plan."))
    return redirect("planner:plan_sharing", plan_id=plan.pk)


@never_cache  # a revoked link must stop working at once, also in caches
@require_safe
def shared_plan(request, token):
    link = (
        ShareLink.objects.active()
        .select_related("plan")
        .prefetch_related("plan__parts")
        .filter(token=token)
        .first()
    )
    if link is None:
        raise Http404
    plan = link.plan
    context = {
        "plan": plan,
        "parts": shown_parts(plan, edit_links=False, hide_confidential=True),
        "progress": plan.progress(),
        "levels": shown_levels(plan, edit_link=False, hide_confidential=True),
    }
    response = render(request, "planner/shared_plan.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
