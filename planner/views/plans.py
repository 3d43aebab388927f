"""Plans: the planner's start page, a plan's overview, its details, print and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import slug_re
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annexes.models import Topic

from .. import selectors, services
from ..access import get_plan_for_user, with_plan
from ..docx_export import plan_as_docx
from ..export import export_filename, plan_as_json, plan_as_markdown, plans_as_json
from ..forms import VERSION_ERROR, PlanDetailsForm, PlanForm
from ..kept_pages import kept_plan_page
from ..models import PLAN_LANGUAGES, InitiativePlan, PlanPart
from ..rendering import shown_levels, shown_parts
from ..selectors import plan_check, plan_list_for, step_to_continue, with_parts
from ..walkthrough import STEPS_BY_KIND

INSPECTIONS_SHOWN = 20


def language_of_new_plans():
    language = translation.get_language()
    return language if language in dict(PLAN_LANGUAGES) else ""


@require_safe
def plan_list(request):
    plans = plan_list_for(request.user, translation.get_language(), request.GET)
    context = {
        "examples": plans.examples,
        # Each list a page (its paginator's page as *_page), and the plans on it.
        "my_plans_page": plans.mine,
        "my_plans": plans.mine.object_list if plans.mine else [],
        "set_apart_page": plans.set_apart,
        "set_apart_plans": plans.set_apart.object_list if plans.set_apart else [],
        # Paging through the plans set apart keeps their list unfolded.
        "set_apart_open": selectors.PLAN_LIST_PAGES["set_apart"] in request.GET,
        "network_plans_page": plans.shared_with_me,
        "network_plans": plans.shared_with_me.object_list if plans.shared_with_me else [],
        "my_shared_count": plans.mine_shared,
        "in_a_network": plans.in_a_network,
        "parts_total": len(PlanPart.Kind.values),
        "page_params": selectors.PLAN_LIST_PAGES,
    }
    return render(request, "planner/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    # The Annex 2 topic page's "Use in a plan" link: the topic comes along to step 3.
    topic_slug = (request.POST.get("topic") or request.GET.get("topic") or "")[:100]
    topic = Topic.objects.filter(slug=topic_slug).first() if slug_re.match(topic_slug) else None
    form = PlanForm(request.POST or None)
    if form.is_valid():
        # People write in the language they read the portal in, most likely; the plan's
        # details let them say otherwise.
        plan = services.start_plan(
            form=form, owner=request.user, language=language_of_new_plans(), topic=topic
        )
        messages.success(request, _("Your plan is started. Work through the steps at your pace."))
        step = STEPS_BY_KIND[PlanPart.Kind.ENTRY_POINTS if topic else PlanPart.Kind.RESEARCH]
        return redirect(step.url(plan))
    return render(request, "planner/plan_form.html", {"form": form, "topic": topic})


@require_safe
@with_plan(row_only=True)
def plan_detail(request, plan):
    # Rendered from the same row (its rights decided the key), owner and network read then.
    return kept_plan_page(request, plan, lambda: _plan_detail(request, plan))


def _plan_detail(request, plan):
    with_parts(plan)
    can_manage = plan.can_manage(request.user)
    can_edit = plan.can_edit(request.user)
    parts = shown_parts(plan, edit_links=can_edit)
    context = {
        "plan": plan,
        "parts": parts,
        "levels": shown_levels(plan, edit_link=can_edit),
        "progress": plan.progress(),
        "can_edit": can_edit,
        "reviews_shown": selectors.plan_reviews(plan),
        "continue_step": step_to_continue(plan, parts) if can_edit else None,
        "can_manage": can_manage,
        "active_links": plan.share_links.active().count() if can_manage else None,
        "check": plan_check(plan),
        "act_log": selectors.log_summary(plan, reflections=0),  # the page shows none
    }
    if can_manage:
        # The owner is told of every look an operator took (abuse reports, in the admin).
        context["inspections"] = inspections = list(plan.inspections.all()[:INSPECTIONS_SHOWN])
        context["inspection_count"] = (
            len(inspections) if len(inspections) < INSPECTIONS_SHOWN else plan.inspections.count()
        )
    return render(request, "planner/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@with_plan(write=True)
def plan_edit(request, plan):
    if request.method == "GET":
        form = PlanDetailsForm(instance=plan, initial={"version": plan.details_version})
        return render(request, "planner/plan_form.html", {"form": form, "plan": plan})
    form = PlanDetailsForm(request.POST, instance=plan)
    if form.is_valid():
        outcome = services.save_plan_details(
            plan=plan, details=form.cleaned_data, version=form.cleaned_data["version"]
        )
        if outcome.gone:
            messages.error(request, outcome.error)
            return redirect("planner:plan_list")
        if not outcome.done:
            return _details_saved_meanwhile(request, plan.pk, outcome.error, status=409)
        messages.success(request, _("The plan's details are saved."))
        return redirect(plan)
    if form.has_error("version"):
        return _details_saved_meanwhile(request, plan.pk, str(VERSION_ERROR), status=400)
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
@with_plan(manage=True)
def plan_delete(request, plan):
    if request.method == "POST":
        title = plan.title
        if not services.delete_plan(plan=plan, by=request.user).done:
            raise Http404
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect("planner:plan_list")
    return render(request, "planner/plan_confirm_delete.html", {"plan": plan})


@login_required
@require_POST
@with_plan(manage=True)
def plan_archive(request, plan):
    """Set the plan apart (archive it), or bring it back with `bring_back` in the form."""
    bring_back = "bring_back" in request.POST
    outcome = services.set_plan_apart(plan=plan, by=request.user, apart=not bring_back)
    if outcome.gone:
        messages.error(request, outcome.error)
        return redirect("planner:plan_list")
    if bring_back:
        message = _("“%(title)s” is back among your plans, in progress.")
    else:
        message = _(
            "“%(title)s” is set apart: it is listed under “Set apart” in your plans. You can "
            "bring it back at any time."
        )
    messages.success(request, message % {"title": plan.title})
    return redirect(plan)


@login_required
@require_POST
@with_plan()
def plan_duplicate(request, plan):
    copy = plan.duplicate(owner=request.user)
    messages.success(
        request, _("This is your own copy. Change anything you like: the original stays as it is.")
    )
    return redirect(copy)


@require_safe
@with_plan()
def plan_print(request, plan):
    with_parts(plan)
    context = {
        "plan": plan,
        "parts": shown_parts(plan, edit_links=False),
        "progress": plan.progress(),
        "levels": shown_levels(plan, edit_link=False),
    }
    context["reviews_shown"] = selectors.plan_reviews(plan)
    context["act_log"] = selectors.log_summary(plan, latest=0)
    return render(request, "planner/plan_print.html", context)


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@with_plan()
def plan_export_markdown(request, plan):
    with_parts(plan)
    return download(
        plan_as_markdown(plan), "text/markdown; charset=utf-8", export_filename(plan, "md")
    )


@login_required
@require_safe
def my_plans_export(request):
    """Every plan the user owns, whole, in one JSON file: what they take with them before
    deleting their account, or to keep a copy."""
    plans = InitiativePlan.objects.filter(owner=request.user).select_related("owner", "network")
    plans = plans.prefetch_related("parts", "logged_activities", "reflections")
    content = plans_as_json(list(plans))
    return download(content, "application/json", "my-plans.json")


@require_safe
@with_plan()
def plan_export_json(request, plan):
    with_parts(plan)
    return download(plan_as_json(plan), "application/json", export_filename(plan, "json"))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_safe
@with_plan()
def plan_export_docx(request, plan):
    """The plan as a Word concept note, to send to a donor."""
    with_parts(plan)
    return download(plan_as_docx(plan), DOCX, export_filename(plan, "docx"))
