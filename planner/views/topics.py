"""An Annex 2 topic taken into a plan ("Use in a plan" on the topic's page): into the topics of
step 3 of one of the plans the reader edits, or into a new plan."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from annexes.models import Topic

from .. import selectors, services
from ..access import get_plan_for_user
from ..models import PlanPart
from ..services import TopicAddOutcome
from ..walkthrough import STEPS_BY_KIND


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def topic_use(request, topic_slug):
    topic = get_object_or_404(Topic.objects.select_related("area"), slug=topic_slug)
    if request.method == "POST":
        return _add_topic(request, topic)
    context = {"topic": topic, "plans": selectors.plans_to_add_topic_to(request.user, topic)}
    return render(request, "planner/topic_use.html", context)


def _add_topic(request, topic):
    try:
        plan_id = uuid.UUID(request.POST.get("plan", "")[:100])
    except ValueError:
        raise Http404 from None
    plan = get_plan_for_user(request, plan_id, write=True)
    outcome = services.add_topic_to_plan(plan=plan, topic=topic, user=request.user)
    if outcome.status == TopicAddOutcome.REFUSED:
        messages.error(request, outcome.error)
        return redirect("planner:topic_use", topic_slug=topic.slug)
    if outcome.status == TopicAddOutcome.ALREADY_THERE:
        messages.info(
            request,
            _("The topic “%(topic)s” was already among this plan's topics.")
            % {"topic": topic.title},
        )
    else:
        messages.success(
            request,
            _("The topic “%(topic)s” is added to the plan's topics and entry points.")
            % {"topic": topic.title},
        )
    return redirect(STEPS_BY_KIND[PlanPart.Kind.ENTRY_POINTS].url(plan))
