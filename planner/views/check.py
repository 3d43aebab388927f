"""The plan's self-check against the toolkit: its findings, and keeping one with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import selectors, services
from ..access import with_plan
from ..check import RULES_BY_KEY
from ..forms import AcknowledgeFindingForm


@require_safe
@with_plan()
def plan_check(request, plan):
    return _check_page(request, plan)


def _check_page(request, plan, invalid=None, status=200):
    """The check's page; `invalid`: (rule key, bound form) of a reason that was refused, shown
    again beside its finding with the text typed."""
    selectors.with_parts(plan)
    result = selectors.plan_check(plan, with_passages=True)
    passages = [f.passage for f in result.findings + result.acknowledged if f.passage]
    context = {
        "plan": plan,
        "check": result,
        "can_edit": plan.can_edit(request.user),
        "invalid_rule": invalid[0] if invalid else None,
        "invalid_form": invalid[1] if invalid else None,
        "footnotes": selectors.footnotes_of_passages(passages),
        "history": selectors.acknowledgement_history(plan),
    }
    return render(request, "planner/plan_check.html", context, status=status)


def _check_url(plan, rule_key=""):
    url = reverse("planner:plan_check", kwargs={"plan_id": plan.pk})
    return f"{url}#finding-{rule_key}" if rule_key else url


@login_required
@require_POST
@with_plan(write=True)
def finding_acknowledge(request, plan, rule):
    if rule not in RULES_BY_KEY:
        raise Http404
    form = AcknowledgeFindingForm(request.POST)
    if not form.is_valid():
        return _check_page(request, plan, invalid=(rule, form), status=400)
    outcome = services.acknowledge_finding(
        plan=plan, rule_key=rule, reason=form.cleaned_data["reason"], by=request.user
    )
    if outcome.gone:
        messages.error(request, outcome.error)
        return redirect("planner:plan_list")
    if outcome.done:
        messages.success(request, _("The finding is acknowledged; your reason is kept."))
    else:
        messages.error(request, outcome.error)
    return redirect(_check_url(plan, rule))


@login_required
@require_POST
@with_plan(write=True)
def finding_withdraw(request, plan, acknowledgement_id):
    outcome = services.withdraw_acknowledgement(
        plan=plan, acknowledgement_id=acknowledgement_id, by=request.user
    )
    if outcome.done:
        messages.success(request, _("The acknowledgement is withdrawn: the finding is open again."))
    else:
        messages.error(request, outcome.error)
    return redirect(_check_url(plan))
