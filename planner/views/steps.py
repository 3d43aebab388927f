"""The walk-through: one page per planning step (and the challenges), and each part's history.

Readers see a step read-only; editors get its form beside the toolkit's guidance. A save names
the version the form was loaded from, so a save on top of someone else's is refused (409) with
the user's text kept. Requests with `X-Autosave: 1` (static/js/autosave.js) get JSON instead
of a page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import slug_re
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annexes.models import Topic
from core.local_time import labelled_time, machine_time
from core.markdown import FOOTNOTE_CITATION
from toolkit.models import Aim, Footnote

from ..access import get_plan_for_user
from ..forms import VERSION_ERROR, mark_plan_text
from ..models import NotThisPartError, PlanGoneError, PlannerError, PlanPart, StaleEditError
from ..selectors import choice_lookups, describe_part, guidance_for
from ..walkthrough import CHALLENGES, STEPS, STEPS_BY_KIND, STEPS_BY_NUMBER

HISTORY_PER_PAGE = 50
# The aim whose "what you should avoid" is the toolkit's warning against one-off events.
ONE_OFF_EVENTS_AIM = "community-awareness"


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
    plan = get_plan_for_user(request, plan_id)
    parts = {part.kind: part for part in plan.parts.all()}
    # Reading never writes: a step nobody saved yet is shown as an empty, unsaved part.
    part = parts.get(spec.kind) or PlanPart(plan=plan, kind=spec.kind)
    if not plan.can_edit(request.user):
        context = {"described": describe_part(part, choice_lookups())}
        return _render_step(request, plan, spec, part, parts, context)
    initial = {**part.data, "version": part.version}
    suggested_topic = _suggested_topic(request, spec, initial)
    form = spec.form_class(initial=initial)
    formsets = _formsets(spec, part)
    context = {"form": form, "formsets": formsets, "suggested_topic": suggested_topic}
    return _render_step(request, plan, spec, part, parts, context)


def _save_step(request, plan_id, spec):
    plan = get_plan_for_user(request, plan_id, write=True)
    try:
        part = plan.part(spec.kind)
    except PlanGoneError:
        raise Http404 from None
    autosave = request.headers.get("X-Autosave") == "1"
    form = spec.form_class(data=request.POST)
    formsets = _formsets(spec, part, request.POST)
    # Evaluate every form so that all errors show at once.
    valid = [form.is_valid()] + [formset.is_valid() for formset in formsets.values()]
    if not all(valid):
        if autosave:
            return JsonResponse({"errors": _errors_by_field(form, formsets)}, status=400)
        context = {}
        if form.has_error("version"):
            # Like a conflict: keep the text, show what is saved, and let a second save count.
            form, formsets = _with_current_version(request.POST, spec, part)
            context = _saved_meanwhile(part)
            context["version_error"] = VERSION_ERROR
        return _render_form(request, plan, spec, part, form, formsets, context)
    data = form.to_data()
    for key, formset in formsets.items():
        data[key] = _rows(formset)
    try:
        part.save_edit(data, form.cleaned_data["version"], request.user)
    except PlanGoneError:
        raise Http404 from None
    except StaleEditError as error:
        part.refresh_from_db()
        if autosave:
            return JsonResponse({"error": str(error), "conflict": True}, status=409)
        form, formsets = _with_current_version(request.POST, spec, part)
        context = _saved_meanwhile(part)
        context["conflict_error"] = str(error)
        return _render_form(request, plan, spec, part, form, formsets, context, status=409)
    if autosave:
        saved_at = timezone.localtime(part.updated_at)
        return JsonResponse(
            {
                "version": part.version,
                "saved_at": saved_at.strftime("%H:%M"),
                "saved_at_iso": machine_time(saved_at),
                # As every page shows times: the reader's zone, language and label. The script
                # shows this as it is rather than formatting a time of its own.
                "saved_at_label": labelled_time(saved_at, "TIME_FORMAT"),
            }
        )
    messages.success(request, _("Saved"))
    if "save_and_next" in request.POST:
        return redirect(_neighbours(plan, spec)["next_url"])
    return redirect(spec.url(plan))


def _with_current_version(submitted, spec, part):
    """The submitted form again, its text kept but its version the part's current one, so
    that saving it again on purpose replaces what is saved now."""
    resubmitted = submitted.copy()
    resubmitted["version"] = str(part.version)
    return spec.form_class(data=resubmitted), _formsets(spec, part, resubmitted)


def _saved_meanwhile(part):
    return {
        "theirs": describe_part(part, choice_lookups()),
        "theirs_by": part.updated_by,
    }


def _render_form(request, plan, spec, part, form, formsets, context=None, status=200):
    """A submitted form shown again (errors or conflict), with the user's text in it."""
    context = context or {}
    parts = {existing.kind: existing for existing in plan.parts.all()}
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
    guidance = guidance_for(spec)
    context = {
        "plan": plan,
        "spec": spec,
        "part": part,
        "editing": editing,
        "progress": [
            {
                "spec": step,
                "url": step.url(plan),
                "filled": step.kind in parts and not parts[step.kind].is_empty,
                "current": step.kind == spec.kind,
            }
            for step in STEPS
        ],
        "guidance": guidance,
        "footnotes": _cited_footnotes(guidance),
        "lists": [
            {"key": key, "label": spec.lists[key][1], "formset": formset}
            for key, formset in context.get("formsets", {}).items()
        ],
        "chosen_topics": _chosen_topics(spec, part, context.get("form")),
        "one_off_warning": _one_off_warning(spec, part),
        "history_url": reverse(
            "planner:part_history", kwargs={"plan_id": plan.pk, "kind": spec.kind}
        )
        if editing
        else None,
        **_neighbours(plan, spec),
        **context,
    }
    return render(request, "planner/step.html", context, status=status)


def _rows_of(formsets):
    return [row for formset in formsets.values() for row in formset.forms]


def _cited_footnotes(guidance):
    """The toolkit's notes that the guidance shown cites, so that its note links lead somewhere."""
    texts = []
    step = guidance.get("planning_step")
    if step is not None:
        texts += [step.note, step.what_it_means, step.why_it_matters]
        texts += [action.text for action in step.key_actions.all()]
    for section in guidance.get("challenge_sections") or []:
        texts += [section.body, section.closing] + [reason.text for reason in section.reasons.all()]
    numbers = {int(number) for text in texts for number in FOOTNOTE_CITATION.findall(text or "")}
    if not numbers:
        return []
    return list(Footnote.objects.filter(number__in=numbers))


def _formsets(spec, part, data=None):
    if data is not None:
        # A submitted row is compared with nothing rather than with the row now saved at its
        # position: after someone else's save those differ, and an untouched empty row would
        # count as changed.
        part = PlanPart(kind=spec.kind)
    return spec.formsets(part, data)


def _rows(formset):
    """The rows to keep: filled in and not marked for removal."""
    rows = []
    for row in formset.forms:
        if not row.cleaned_data or row.cleaned_data.get("DELETE"):
            continue
        rows.append(row.to_data())
    return rows


def _suggested_topic(request, spec, initial):
    """A topic from `?topic=<slug>` ("use in a plan"), checked in the form but not yet saved."""
    slug = request.GET.get("topic", "")
    if spec.kind != PlanPart.Kind.ENTRY_POINTS or not slug_re.match(slug):
        return None
    topic = Topic.objects.filter(slug=slug).only("slug", "title").first()
    if topic is None:
        return None
    chosen = list(initial.get("topics") or [])
    if topic.slug not in chosen:
        initial["topics"] = [*chosen, topic.slug]
    return topic


def _chosen_topics(spec, part, form):
    """The Annex 2 topics ticked in the form (or saved), with their questions."""
    if spec.kind != PlanPart.Kind.ENTRY_POINTS:
        return []
    slugs = form["topics"].value() if form is not None else part.data.get("topics")
    if not slugs or not isinstance(slugs, list | tuple):
        return []
    slugs = [slug for slug in slugs if isinstance(slug, str) and slug_re.match(slug)]
    return list(Topic.objects.filter(slug__in=slugs).prefetch_related("questions"))


def _one_off_warning(spec, part):
    """The toolkit's own warning against one-off events, once a plan says it is one."""
    if spec.kind != PlanPart.Kind.STRATEGY or part.data.get("one_off") is not True:
        return None
    aim = Aim.objects.by_key(ONE_OFF_EVENTS_AIM)
    if aim is not None:
        return {"text": aim.avoid, "from_toolkit": True}
    return {
        "text": _(
            "The toolkit warns against one-off events: change takes time, so engage with the "
            "community over a longer period, not only once."
        ),
        "from_toolkit": False,
    }


def _neighbours(plan, spec):
    index = STEPS.index(spec)
    previous_step = STEPS[index - 1] if index > 0 else None
    next_step = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return {
        "previous_step": previous_step,
        "previous_url": previous_step.url(plan) if previous_step else plan.get_absolute_url(),
        "next_step": next_step,
        "next_url": next_step.url(plan) if next_step else plan.get_absolute_url(),
    }


def _error_summary(spec, form, formsets):
    """Every error of the page as {anchor, label, message}, in page order."""
    summary = []

    def add(anchor, message, label=""):
        summary.append({"anchor": anchor, "label": label, "message": message})

    for error in form.non_field_errors():
        add("#step-form", error)
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        if name == "version":
            add("#step-form", VERSION_ERROR)
            continue
        for error in errors:
            add(_anchor(form[name]), error, form[name].label)
    for key, formset in formsets.items():
        list_label = spec.lists[key][1]
        for error in formset.non_form_errors():
            add(f"#{formset.prefix}-rows", error, list_label)
        for index, row in enumerate(formset.forms, start=1):
            row_label = _("%(list)s, entry %(number)s") % {"list": list_label, "number": index}
            for name, errors in row.errors.items():
                for error in errors:
                    if name == "__all__":
                        add(f"#{row.prefix}", error, row_label)
                    else:
                        add(_anchor(row[name]), error, f"{row_label}: {row[name].label}")
    return summary


def _anchor(bound_field):
    # Groups of checkboxes have no single id; their first box is where the eye should go.
    return "#" + (bound_field.id_for_label or f"{bound_field.auto_id}_0")


def _errors_by_field(form, formsets):
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
    history = (
        part.history.select_related("history_user", "updated_by").order_by(
            "-history_date", "-history_id"
        )
        if part is not None
        else PlanPart.history.none()
    )
    try:
        page = Paginator(history, HISTORY_PER_PAGE).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404 from None
    lookups = choice_lookups() if page.object_list else {}
    records = []
    for index, record in enumerate(page.object_list):
        described = describe_part(PlanPart(kind=spec.kind, data=record.data), lookups)
        records.append(
            {
                "record": record,
                "author": record.history_user or record.updated_by,
                # Every save adds a record, so the newest one is what the step holds now.
                "is_current": page.number == 1 and index == 0,
                "described": described,
                "is_empty": all(field.is_empty for field in described),
            }
        )
    context = {
        "plan": plan,
        "spec": spec,
        "part": part,
        "records": records,
        "page": page,
        "step_url": spec.url(plan),
    }
    return render(request, "planner/part_history.html", context)


@login_required
@require_POST
def part_restore(request, plan_id, kind, history_id):
    spec = _spec_for_kind(kind)
    plan = get_plan_for_user(request, plan_id, write=True)
    part = plan.parts.filter(kind=spec.kind).first()
    record = part.history.filter(history_id=history_id).first() if part else None
    if record is None:
        raise Http404
    try:
        part.restore(record, request.user)
    except NotThisPartError:
        raise Http404 from None
    except PlannerError as error:  # stale, or the plan was deleted meanwhile
        messages.error(request, str(error))
        return redirect("planner:part_history", plan_id=plan.pk, kind=spec.kind)
    messages.success(
        request,
        _("Restored the version saved on %(date)s. The version it replaced stays in the history.")
        % {"date": labelled_time(record.history_date)},
    )
    return redirect(spec.url(plan))


def _spec_for_kind(kind):
    spec = STEPS_BY_KIND.get(kind)
    if spec is None:
        raise Http404
    return spec
