"""Plans: the planner's start page, a plan's overview, its details, print and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.validators import slug_re
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annexes.models import Topic

from ..access import get_plan_for_user
from ..export import export_filename, plan_as_json, plan_as_markdown, plans_as_json
from ..forms import VERSION_ERROR, PlanDetailsForm, PlanForm
from ..models import PLAN_LANGUAGES, InitiativePlan, PlanGoneError, PlanPart, StaleEditError
from ..selectors import describe_plan
from ..walkthrough import STEPS_BY_KIND

INSPECTIONS_SHOWN = 20


def read_plan(request, plan_id):
    """(plan, None) for a reader; (None, a redirect to log in) for a logged-out visitor.

    A logged-out member following a link to their network's plan is asked to log in rather
    than told the plan does not exist; every plan id they may not read gets that same answer,
    so it reveals nothing. Logged-in outsiders get 404 from get_plan_for_user.
    """
    try:
        plan = get_plan_for_user(request, plan_id)
    except Http404:
        if request.user.is_authenticated:
            raise
        return None, redirect_to_login(request.get_full_path())
    # Not "tags": taggit's prefetch misses UUID keys on SQLite; one plan's tags are one query.
    prefetch_related_objects([plan], "parts")
    return plan, None


def language_of_new_plans():
    language = translation.get_language()
    return language if language in dict(PLAN_LANGUAGES) else ""


def plans_with_progress(queryset):
    return queryset.select_related("network").prefetch_related("parts")


@require_safe
def plan_list(request):
    examples = InitiativePlan.objects.examples_for(translation.get_language())
    context = {"examples": plans_with_progress(examples)}
    if request.user.is_authenticated:
        plans = plans_with_progress(InitiativePlan.objects.filter(is_example=False))
        context["my_plans"] = plans.filter(owner=request.user)
        context["network_plans"] = (
            plans.filter(network__memberships__user=request.user)
            .exclude(owner=request.user)
            .select_related("owner")
        )
    return render(request, "planner/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    # The Annex 2 topic page's "Use in a plan" link: the topic comes along to step 3.
    topic_slug = (request.POST.get("topic") or request.GET.get("topic") or "")[:100]
    topic = Topic.objects.filter(slug=topic_slug).first() if slug_re.match(topic_slug) else None
    form = PlanForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            plan = form.save(commit=False)
            plan.owner = request.user
            # People write in the language they read the portal in, most likely; the plan's
            # details let them say otherwise.
            plan.language = language_of_new_plans()
            plan.save()
            form.save_m2m()
            if topic is not None:
                part = plan.part(PlanPart.Kind.ENTRY_POINTS)
                part.save_edit({"topics": [topic.slug]}, part.version, request.user)
        messages.success(request, _("Your plan is started. Work through the steps at your pace."))
        step = STEPS_BY_KIND[PlanPart.Kind.ENTRY_POINTS if topic else PlanPart.Kind.RESEARCH]
        return redirect(step.url(plan))
    return render(request, "planner/plan_form.html", {"form": form, "topic": topic})


@require_safe
def plan_detail(request, plan_id):
    plan, login_redirect = read_plan(request, plan_id)
    if login_redirect:
        return login_redirect
    can_manage = plan.can_manage(request.user)
    context = {
        "plan": plan,
        "parts": describe_plan(plan),
        "progress": plan.progress(),
        "can_edit": plan.can_edit(request.user),
        "can_manage": can_manage,
        "active_links": plan.share_links.active().count() if can_manage else None,
        # The owner is told of every look an operator took (abuse reports, in the admin).
        "inspections": list(plan.inspections.all()[:INSPECTIONS_SHOWN]) if can_manage else None,
        "inspection_count": plan.inspections.count() if can_manage else 0,
    }
    return render(request, "planner/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    if request.method == "GET":
        form = PlanDetailsForm(instance=plan, initial={"version": plan.details_version})
        return render(request, "planner/plan_form.html", {"form": form, "plan": plan})
    form = PlanDetailsForm(request.POST, instance=plan)
    if form.is_valid():
        try:
            plan.save_details(form.cleaned_data, form.cleaned_data["version"])
        except PlanGoneError as error:
            messages.error(request, str(error))
            return redirect("planner:plan_list")
        except StaleEditError as error:
            return _details_saved_meanwhile(request, plan_id, str(error), status=409)
        messages.success(request, _("The plan's details are saved."))
        return redirect(plan)
    if form.has_error("version"):
        return _details_saved_meanwhile(request, plan_id, str(VERSION_ERROR), status=400)
    return render(request, "planner/plan_form.html", {"form": form, "plan": plan})


def _details_saved_meanwhile(request, plan_id, error, status):
    """The submitted details again, text kept, beside the values saved now; the form carries
    the current version, so that saving it again on purpose replaces them."""
    plan = get_plan_for_user(request, plan_id, write=True)
    resubmitted = request.POST.copy()
    resubmitted["version"] = str(plan.details_version)
    context = {
        "form": PlanDetailsForm(resubmitted),
        "plan": plan,
        "conflict_error": error,
        "theirs": [
            (_("Title"), plan.title),
            (_("Summary"), plan.summary),
            (_("Status"), plan.get_status_display()),
            (_("Language of this plan"), plan.get_language_display()),
            (_("Tags"), ", ".join(sorted(tag.name for tag in plan.tags.all()))),
        ],
    }
    return render(request, "planner/plan_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, plan_id):
    plan = get_plan_for_user(request, plan_id, manage=True)
    if request.method == "POST":
        title = plan.title
        try:
            plan.delete_by(request.user)
        except PlanGoneError:
            raise Http404 from None
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect("planner:plan_list")
    return render(request, "planner/plan_confirm_delete.html", {"plan": plan})


@login_required
@require_POST
def plan_duplicate(request, plan_id):
    plan = get_plan_for_user(request, plan_id)
    copy = plan.duplicate(owner=request.user)
    messages.success(
        request, _("This is your own copy. Change anything you like: the original stays as it is.")
    )
    return redirect(copy)


@require_safe
def plan_print(request, plan_id):
    plan, login_redirect = read_plan(request, plan_id)
    if login_redirect:
        return login_redirect
    context = {"plan": plan, "parts": describe_plan(plan), "progress": plan.progress()}
    return render(request, "planner/plan_print.html", context)


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def plan_export_markdown(request, plan_id):
    plan, login_redirect = read_plan(request, plan_id)
    if login_redirect:
        return login_redirect
    return download(
        plan_as_markdown(plan), "text/markdown; charset=utf-8", export_filename(plan, "md")
    )


@login_required
@require_safe
def my_plans_export(request):
    """Every plan the user owns, whole, in one JSON file: what they take with them before
    deleting their account, or to keep a copy."""
    plans = InitiativePlan.objects.filter(owner=request.user).select_related("owner", "network")
    plans = plans.prefetch_related("parts")
    content = plans_as_json(list(plans))
    return download(content, "application/json", "my-plans.json")


@require_safe
def plan_export_json(request, plan_id):
    plan, login_redirect = read_plan(request, plan_id)
    if login_redirect:
        return login_redirect
    return download(plan_as_json(plan), "application/json", export_filename(plan, "json"))
