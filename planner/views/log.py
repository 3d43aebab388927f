"""The ACT log: activities held and the team's reflections, once the plan is in progress.

Readers of the plan read its log; its editors write it while the plan is in progress, ready or
done. A draft's log opens when the plan is marked in progress (a plan moved back to draft keeps
its entries for reading; new ones wait); an archived plan's log and an example's stay as they
are.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import services
from ..access import with_plan
from ..forms import VERSION_ERROR
from ..log_forms import ActivityForm, ReflectionForm, StartLoggingForm
from ..models import LoggedActivity
from ..selectors import (
    LogState,
    accountability_section,
    label_activities,
    log_state,
    log_summary,
    log_timeline,
    reflection_prompts,
    with_answers,
)

# A plan moved back to draft after logging (the same words as the log's pages).
BACK_IN_DRAFT = gettext_lazy(
    "This plan is back in draft: its log can be read, and new entries wait until the plan is "
    "in progress again."
)
DELETED_MEANWHILE = gettext_lazy(
    "Someone deleted this activity while you were editing. Your text is still in the form: to "
    "keep it, add it to the log as a new activity."
)


def _log_url(plan):
    return redirect("planner:plan_log", plan_id=plan.pk)


def _refused(request, plan, outcome):
    """The log's answer to a write that did not land for good (closed, gone)."""
    messages.error(request, outcome.error)
    if outcome.status == services.LogOutcome.GONE:
        return redirect("planner:plan_list")
    return _log_url(plan)


def _closed(request, plan):
    if log_state(plan) == LogState.DRAFT:
        if plan.logged_activities.exists() or plan.reflections.exists():
            messages.info(request, BACK_IN_DRAFT)
        else:
            messages.info(request, _("The log opens once the plan is in progress."))
    else:
        messages.error(request, _("This plan's log can be read, not written."))
    return _log_url(plan)


@require_safe
@with_plan()
def plan_log(request, plan):
    try:
        page = log_timeline(plan, request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404 from None
    state = log_state(plan)
    can_edit = plan.can_edit(request.user)
    context = {
        "plan": plan,
        "page": page,
        "summary": log_summary(plan, latest=0),
        "state": state,
        "can_write": can_edit and state == LogState.OPEN,
        "can_start": can_edit and state == LogState.DRAFT,
        "start_form": StartLoggingForm(initial={"version": plan.details_version}),
    }
    return render(request, "planner/plan_log.html", context)


@login_required
@require_POST
@with_plan(write=True)
def log_start(request, plan):
    """Mark a draft plan as in progress, from the log page's one button."""
    state = log_state(plan)
    if state == LogState.READ_ONLY:
        return _closed(request, plan)
    if state == LogState.OPEN:
        return _log_url(plan)  # started already, by someone else or in another tab
    form = StartLoggingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not started: reload the page and try again."))
        return _log_url(plan)
    outcome = services.start_logging(plan=plan, version=form.cleaned_data["version"])
    if outcome.status in (services.LogOutcome.GONE, services.LogOutcome.CLOSED):
        return _refused(request, plan, outcome)
    if not outcome.done:
        messages.error(request, outcome.error)
    else:
        messages.success(request, _("The plan is in progress: its log is open."))
    return _log_url(plan)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(write=True)
def activity_create(request, plan):
    if log_state(plan) != LogState.OPEN:
        return _closed(request, plan)
    form = ActivityForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        plan_language=plan.language,
    )
    if form.is_valid():
        outcome = services.log_activity(plan=plan, values=form.values(), by=request.user)
        if not outcome.done:
            return _refused(request, plan, outcome)
        messages.success(request, _("The activity is in the log."))
        return _log_url(plan)
    return render(request, "planner/log_activity_form.html", {"plan": plan, "form": form})


def _activity_of(plan, activity_id):
    return get_object_or_404(plan.logged_activities.select_related("plan"), pk=activity_id)


def _form_sent(request):
    """Whether the request carries an activity's form (not an empty or hand-made POST)."""
    return request.method == "POST" and any(name in request.POST for name in ActivityForm.BANDS)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(write=True)
def activity_edit(request, plan, activity_id):
    activity = plan.logged_activities.select_related("plan").filter(pk=activity_id).first()
    if activity is None and not _form_sent(request):
        raise Http404  # a deleted entry's form, sent, keeps its text below
    if log_state(plan) != LogState.OPEN:
        return _closed(request, plan)
    if activity is None:
        return _deleted_meanwhile(request, plan)
    if request.method == "GET":
        form = ActivityForm(
            initial=ActivityForm.initial_from(activity), plan_language=plan.language
        )
        return render(
            request,
            "planner/log_activity_form.html",
            {"plan": plan, "form": form, "activity": activity},
        )
    return _save_edit(request, plan, activity)


def _save_edit(request, plan, activity):
    form = ActivityForm(request.POST, plan_language=plan.language)
    if form.has_error("version"):
        return _saved_meanwhile(request, plan, activity.pk, str(VERSION_ERROR))
    if not form.is_valid():
        context = {"plan": plan, "form": form, "activity": activity}
        return render(request, "planner/log_activity_form.html", context)
    outcome = services.edit_activity(
        activity=activity, values=form.values(), version=form.cleaned_data["version"]
    )
    if outcome.status == services.LogOutcome.CONFLICT:
        return _saved_meanwhile(request, plan, activity.pk, outcome.error)
    if outcome.status == services.LogOutcome.CLOSED and not _still_there(activity):
        return _deleted_meanwhile(request, plan)
    if not outcome.done:
        return _refused(request, plan, outcome)
    messages.success(request, _("The activity is saved."))
    return _log_url(plan)


def _still_there(activity):
    return LoggedActivity.objects.filter(pk=activity.pk).exists()


def _saved_meanwhile(request, plan, activity_id, error):
    """The submitted entry again, text kept, beside what is saved now; the form carries the
    current version, so that saving it again on purpose replaces that."""
    activity = plan.logged_activities.filter(pk=activity_id).first()
    if activity is None:
        return _deleted_meanwhile(request, plan)
    resubmitted = request.POST.copy()
    resubmitted["version"] = str(activity.version)
    context = {
        "plan": plan,
        "form": ActivityForm(resubmitted, plan_language=plan.language),
        "activity": activity,
        "theirs": label_activities([activity])[0],
        "conflict_error": error,
    }
    return render(request, "planner/log_activity_form.html", context, status=409)


def _deleted_meanwhile(request, plan):
    """The submitted entry again, text kept, as a new entry: someone deleted the one it edited
    (410 Gone). Its form adds to the log."""
    resubmitted = request.POST.copy()
    resubmitted["version"] = ""
    context = {
        "plan": plan,
        "form": ActivityForm(resubmitted, plan_language=plan.language),
        "gone_error": DELETED_MEANWHILE,
    }
    return render(request, "planner/log_activity_form.html", context, status=410)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(write=True)
def activity_delete(request, plan, activity_id):
    activity = _activity_of(plan, activity_id)
    if log_state(plan) != LogState.OPEN:
        return _closed(request, plan)
    if request.method == "POST":
        outcome = services.delete_activity(activity=activity)
        if not outcome.done:
            return _refused(request, plan, outcome)
        messages.success(request, _("The activity is deleted from the log."))
        return _log_url(plan)
    context = {"plan": plan, "activity": label_activities([activity])[0]}
    return render(request, "planner/log_confirm_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(write=True)
def reflection_create(request, plan):
    if log_state(plan) != LogState.OPEN:
        return _closed(request, plan)
    form = ReflectionForm(
        request.POST or None,
        initial={"written_on": timezone.localdate()},
        prompts=reflection_prompts(),
        plan_language=plan.language,
    )
    if form.is_valid():
        outcome = services.write_reflection(
            plan=plan,
            written_on=form.cleaned_data["written_on"],
            answers=form.answers(),
            notes=form.cleaned_data["notes"].strip(),
            by=request.user,
        )
        if not outcome.done:
            return _refused(request, plan, outcome)
        messages.success(request, _("Your reflection is in the log."))
        return _log_url(plan)
    context = {"plan": plan, "form": form, "accountability": accountability_section()}
    return render(request, "planner/log_reflection_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(write=True)
def reflection_delete(request, plan, reflection_id):
    reflection = get_object_or_404(plan.reflections.select_related("plan"), pk=reflection_id)
    if log_state(plan) != LogState.OPEN:
        return _closed(request, plan)
    if request.method == "POST":
        outcome = services.delete_reflection(reflection=reflection)
        if not outcome.done:
            return _refused(request, plan, outcome)
        messages.success(request, _("The reflection is deleted from the log."))
        return _log_url(plan)
    context = {"plan": plan, "reflection": with_answers([reflection])[0]}
    return render(request, "planner/log_confirm_delete.html", context)
