"""The walk-through: one page per planning step (and the challenges), and each part's history.

Readers see a step read-only; editors get its form beside the toolkit's guidance. A save names
the version the form was loaded from, so a save on top of someone else's is refused (409) with
the user's text kept (services.save_step). Requests with `X-Autosave: 1`
(static/js/autosave.js) get JSON instead of a page.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.local_time import labelled_time, machine_time
from core.page_cache import KeptPerContent

from .. import rows, selectors, services
from ..access import get_plan_for_user
from ..forms import VERSION_ERROR, mark_plan_text
from ..kept_pages import kept_plan_page
from ..models import PlanPart
from ..services import RestoreOutcome, StepSaveOutcome
from ..walkthrough import CHALLENGES, STEPS, STEPS_BY_KIND, STEPS_BY_NUMBER
from . import conflicts


@require_http_methods(["GET", "HEAD", "POST"])
def plan_step(request, plan_id, number):
    spec = STEPS_BY_NUMBER.get(number)
    if spec is None:
        raise Http404
    return _step_page(request, plan_id, spec)


@require_http_methods(["GET", "HEAD", "POST"])
def plan_challenges(request, plan_id):
    return _step_page(request, plan_id, CHALLENGES)


def _step_page(request, plan_id, spec):
    if request.method == "POST":
        return _save_step(request, plan_id, spec)
    plan = get_plan_for_user(request, plan_id, row_only=True)
    # Rendered from the same row (its rights decided the key), owner and network read then.
    return kept_plan_page(request, plan, lambda: _shown_step(request, plan, spec))


def _shown_step(request, plan, spec):
    parts = _parts(plan)
    # Reading never writes: a step nobody saved yet is shown as an empty, unsaved part.
    part = parts.get(spec.kind) or PlanPart(plan=plan, kind=spec.kind)
    if not plan.can_edit(request.user):
        context = {"described": selectors.describe_part(part, selectors.choice_lookups())}
        return _render_step(request, plan, spec, part, parts, context)
    initial = {**part.data, "version": part.version}
    suggested_topic = _suggest_topic(request, spec, initial)
    context = {
        "form": spec.form_class(initial=initial),
        "formsets": spec.formsets(part),
        "suggested_topic": suggested_topic,
    }
    return _render_step(request, plan, spec, part, parts, context)


def _save_step(request, plan_id, spec):
    if (rearranged := rows.rearranged(request.POST, spec.lists)) is not None:
        return _show_rearranged(request, plan_id, spec, *rearranged)
    plan = get_plan_for_user(request, plan_id, write=True, row_only=True)
    outcome = services.save_step(plan=plan, spec=spec, data=request.POST, user=request.user)
    if outcome.status == StepSaveOutcome.GONE:
        raise Http404
    if request.headers.get("X-Autosave") == "1":
        return _autosave_answer(outcome)
    if outcome.status == StepSaveOutcome.SAVED:
        if outcome.others_changed:
            messages.success(
                request, _("Saved, together with what others changed in this step meanwhile.")
            )
        else:
            messages.success(request, _("Saved"))
        if "save_and_next" in request.POST:
            return redirect(selectors.step_neighbours(plan, spec)["next_url"])
        return redirect(spec.url(plan))
    if outcome.status == StepSaveOutcome.CONFLICT:
        context = conflicts.shown_with_conflicts(spec, outcome, request.user)
        return _render_step(request, plan, spec, outcome.part, _parts(plan), context, 409)
    form, formsets, context = outcome.form, outcome.formsets, {}
    if outcome.version_error:
        # The text kept beside what is saved now; the form carries the current version, so
        # that saving it again on purpose replaces what is saved.
        form, formsets = spec.submitted_forms(request.POST, version=outcome.part.version)
        context = {
            "theirs": selectors.describe_part(outcome.part, selectors.choice_lookups()),
            "version_error": VERSION_ERROR,
        }
    return _render_form(request, plan, spec, outcome.part, form, formsets, context, 200)


def _parts(plan):
    return {existing.kind: existing for existing in plan.parts.all()}


def _autosave_answer(outcome):
    """The JSON that static/js/autosave.js reads."""
    if outcome.status == StepSaveOutcome.INVALID:
        return JsonResponse(
            {"errors": _errors_by_input(outcome.form, outcome.formsets)}, status=400
        )
    if outcome.status == StepSaveOutcome.CONFLICT:
        # The rest is saved; the script sends the form the plain way, which shows each
        # field both people changed beside the other's text (conflicts.shown_with_conflicts).
        return JsonResponse({"conflict": True, "version": outcome.part.version}, status=409)
    saved_at = timezone.localtime(outcome.part.updated_at)
    return JsonResponse(
        {
            "version": outcome.part.version,
            "saved_at": saved_at.strftime("%H:%M"),
            "saved_at_iso": machine_time(saved_at),
            # As every page shows times: the reader's zone, language and label. The script
            # shows this as it is rather than formatting a time of its own.
            "saved_at_label": labelled_time(saved_at, "TIME_FORMAT"),
            # Others' changes were merged in: the form no longer shows what is saved.
            "others_changed": outcome.others_changed,
        }
    )


def _render_form(request, plan, spec, part, form, formsets, context, status):
    """A submitted form shown again (errors), with the user's text in it."""
    parts = _parts(plan)
    summary = _error_summary(spec, form, formsets)
    if context.get("version_error"):
        summary.insert(0, {"anchor": "#step-form", "label": "", "message": VERSION_ERROR})
    context = {"form": form, "formsets": formsets, "error_summary": summary, **context}
    return _render_step(request, plan, spec, part, parts, context, status)


def _render_step(request, plan, spec, part, parts, context, status=200):
    editing = "form" in context
    if editing:
        # What people type here is plan text, in the plan's language whatever the page's.
        for form in [context["form"], *_rows_of(context.get("formsets", {}))]:
            mark_plan_text(form, plan.language)
    history_url = reverse("planner:part_history", kwargs={"plan_id": plan.pk, "kind": spec.kind})
    context = {
        "plan": plan,
        "spec": spec,
        "part": part,
        "editing": editing,
        "progress": selectors.step_progress(plan, spec, parts),
        "guidance": _GUIDANCE[spec.kind].get(),
        "lists": [
            {
                "key": key,
                "label": spec.lists[key][1],
                "formset": formset,
                "total": _list_total(key, formset, context["form"]),
            }
            for key, formset in context.get("formsets", {}).items()
        ],
        "chosen_topics": _chosen_topics(spec, part, context.get("form")),
        "one_off_warning": selectors.one_off_warning(part),
        "review_comments": selectors.step_review_comments(plan, spec.kind),
        "history_url": history_url if editing else None,
        **selectors.step_neighbours(plan, spec),
        **context,
    }
    return render(request, "planner/step.html", context, status=status)


def _guidance(spec):
    """The toolkit's guidance beside a step's form, rendered. It is the same for every plan and
    reader of a language until the content changes, so it is kept per content stamp: its
    queries and Markdown are spared on every step page and every save shown again."""
    guidance = selectors.guidance_for(spec)
    context = {"guidance": guidance, "footnotes": selectors.footnotes_cited_in(guidance)}
    return render_to_string("planner/includes/step_guidance.html", context)


_GUIDANCE = {spec.kind: KeptPerContent(partial(_guidance, spec)) for spec in STEPS}


def _rows_of(formsets):
    return [row for formset in formsets.values() for row in formset.forms]


def _chosen_topics(spec, part, form):
    """The Annex 2 topics ticked in the form (or saved), with their questions."""
    if not spec.chooses_topics:
        return []
    return selectors.topics_chosen(form["topics"].value() if form else part.data.get("topics"))


def _suggest_topic(request, spec, initial):
    """A topic from `?topic=<slug>` ("use in a plan"), checked in the form but not yet saved."""
    if not spec.chooses_topics:
        return None
    topic = selectors.topic_suggested(request.GET.get("topic", ""))
    chosen = list(initial.get("topics") or [])
    if topic is not None and topic.slug not in chosen:
        initial["topics"] = [*chosen, topic.slug]
    return topic


def _error_summary(spec, form, formsets):
    """Every error of the page as {anchor, label, message}, in page order."""
    summary = [_summary_line("#step-form", error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "version":
            summary.append(_summary_line("#step-form", VERSION_ERROR))
        elif name != "__all__":
            field = form[name]
            summary += [_summary_line(_anchor(field), error, field.label) for error in errors]
    for key, formset in formsets.items():
        summary += _list_error_summary(spec.lists[key][1], formset)
    return summary


def _list_error_summary(list_label, formset):
    summary = [
        _summary_line(f"#{formset.prefix}-rows", error, list_label)
        for error in formset.non_form_errors()
    ]
    for number, row in enumerate(formset.forms, start=1):
        row_label = _("%(list)s, entry %(number)s") % {"list": list_label, "number": number}
        for name, errors in row.errors.items():
            if name == "__all__":
                summary += [_summary_line(f"#{row.prefix}", error, row_label) for error in errors]
            else:
                label = f"{row_label}: {row[name].label}"
                summary += [_summary_line(_anchor(row[name]), error, label) for error in errors]
    return summary


def _summary_line(anchor, message, label=""):
    return {"anchor": anchor, "label": label, "message": message}


def _anchor(bound_field):
    # Groups of checkboxes have no single id; their first box is where the eye should go.
    return "#" + (bound_field.id_for_label or f"{bound_field.auto_id}_0")


def _errors_by_input(form, formsets):
    """Errors keyed by the inputs' names, so that the script can mark the inputs."""
    errors = {name: list(messages_) for name, messages_ in form.errors.items()}
    for formset in formsets.values():
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = list(formset.non_form_errors())
        for row in formset.forms:
            for name, messages_ in row.errors.items():
                errors[row.add_prefix(name)] = list(messages_)
    return errors


@login_required
@require_safe
def part_history(request, plan_id, kind):
    spec = _spec_for_kind(kind)
    plan = get_plan_for_user(request, plan_id, write=True)
    part = plan.parts.filter(kind=spec.kind).first()
    try:
        page, records = selectors.history_page(part, spec.kind, request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404 from None
    context = {
        "plan": plan,
        "spec": spec,
        "part": part,
        "records": records,
        "page": page,
        "step_url": spec.url(plan),
        "review_comments": selectors.step_review_comments(plan, spec.kind),
    }
    return render(request, "planner/part_history.html", context)


@login_required
@require_POST
def part_restore(request, plan_id, kind, history_id):
    spec = _spec_for_kind(kind)
    plan = get_plan_for_user(request, plan_id, write=True)
    outcome = services.restore_part(
        plan=plan,
        spec=spec,
        history_id=history_id,
        user=request.user,
        field_name=request.POST.get("field", "")[:100],
    )
    if outcome.status == RestoreOutcome.NOT_FOUND:
        raise Http404
    if outcome.status == RestoreOutcome.REFUSED:
        messages.error(request, outcome.error)
        return redirect("planner:part_history", plan_id=plan.pk, kind=spec.kind)
    messages.success(
        request,
        _("Restored the version saved on %(date)s. The version it replaced stays in the history.")
        % {"date": labelled_time(outcome.record.history_date)},
    )
    return redirect(spec.url(plan))


def _spec_for_kind(kind):
    spec = STEPS_BY_KIND.get(kind)
    if spec is None:
        raise Http404
    return spec


def _show_rearranged(request, plan_id, spec, data, focus):
    """A list's row added, moved or removed (planner/rows.py): the step shown again as typed,
    neither saved nor checked, since the person has not asked to save yet."""
    plan = get_plan_for_user(request, plan_id, write=True)
    parts = _parts(plan)
    part = parts.get(spec.kind) or PlanPart(plan=plan, kind=spec.kind)
    form, formsets = rows.unchecked_forms(spec, data, focus)
    context = {"form": form, "formsets": formsets, "row_focus": focus}
    return _render_step(request, plan, spec, part, parts, context)


def _list_total(key, formset, form):
    """The budget lines' total as the form shows them (saved, or as typed); "" for other lists."""
    if key != selectors.BUDGET_LINES:
        return ""
    lines = [{"amount": row["amount"].value()} for row in formset.forms]
    return selectors.budget_total({"currency": form["currency"].value(), key: lines})
