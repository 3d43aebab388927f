"""Accountability reviews: the plan's owner asks a partner organisation to review the plan by a
link that needs no account (/review/<token>/); the team reads the review, replies to its
comments and resolves each with what they changed.

The toolkit asks men working on gender equality to check in with women gender activists and
women's rights organisations, ideally already at the planning stage: this is where they do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from toolkit.models import Section

from .. import selectors, services
from ..access import with_plan
from ..forms import (
    ResolveCommentForm,
    ReviewCommentForm,
    ReviewForm,
    ReviewReplyForm,
    ReviewRequestForm,
    review_comment_formset,
)
from ..models import ReviewRequest
from ..services import ReviewSaveOutcome
from ..walkthrough import STEPS, STEPS_BY_KIND

ACCOUNTABILITY = "accountability"  # the toolkit's section on it (Section.key)


# --- The plan's team ------------------------------------------------------------------------


def render_reviews(request, plan, status=200, **context):
    can_manage = plan.can_manage(request.user)
    shown = selectors.plan_reviews(plan, with_requests=can_manage)
    context = {
        "plan": plan,
        "reviews_shown": shown,
        "review_links": [
            {
                "request": review_request,
                "state": state,
                "url": request.build_absolute_uri(review_request.get_absolute_url()),
            }
            for review_request, state in shown.requests
        ],
        "can_manage": can_manage,
        "can_edit": plan.can_edit(request.user),
        "request_form": ReviewRequestForm(),
        "accountability": Section.objects.by_key(ACCOUNTABILITY),
        **context,
    }
    return render(request, "planner/plan_reviews.html", context, status=status)


@require_safe
@with_plan()
def plan_reviews(request, plan):
    return render_reviews(request, plan)


@login_required
@require_POST
@with_plan(manage=True)
def review_request_create(request, plan):
    form = ReviewRequestForm(request.POST)
    if not form.is_valid():
        return render_reviews(request, plan, status=400, request_form=form)
    outcome = services.request_review(
        plan=plan,
        by=request.user,
        organisation=form.cleaned_data["organisation"],
        email=form.cleaned_data["email"],
        expires_in_days=form.cleaned_data["expires_in_days"],
    )
    if not outcome.done:  # the plan was deleted meanwhile
        raise Http404
    messages.success(
        request,
        _(
            "The review link is ready: send it to %(organisation)s. They read the plan without "
            "its referrals and personal contacts, and comment on it without an account."
        )
        % {"organisation": form.cleaned_data["organisation"]},
    )
    return redirect("planner:plan_reviews", plan_id=plan.pk)


@login_required
@require_POST
@with_plan(manage=True)
def review_revoke(request, plan, request_id):
    review_request = get_object_or_404(ReviewRequest, pk=request_id, plan=plan)
    services.revoke_review_link(review_request=review_request)
    messages.success(
        request, _("The review link is revoked. A review submitted through it stays here.")
    )
    return redirect("planner:plan_reviews", plan_id=plan.pk)


def _back(plan, comment, from_step):
    """Back where the form was: the comment's step page or the reviews page, at the comment."""
    if from_step and comment.kind in STEPS_BY_KIND:
        return f"{STEPS_BY_KIND[comment.kind].url(plan)}#review-comment-{comment.pk}"
    return f"{reverse('planner:plan_reviews', kwargs={'plan_id': plan.pk})}#comment-{comment.pk}"


def _comment_or_404(plan, comment_id):
    comment = selectors.review_comment_of(plan, comment_id)
    if comment is None:
        raise Http404
    return comment


@login_required
@require_POST
@with_plan(write=True)
def review_reply(request, plan, comment_id):
    comment = _comment_or_404(plan, comment_id)
    form = ReviewReplyForm(request.POST)
    if not form.is_valid():
        failed = {"comment_id": comment.pk, "reply_form": form}
        return render_reviews(request, plan, status=400, failed=failed)
    services.reply_to_comment(comment=comment, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Your reply is saved."))
    return redirect(_back(plan, comment, "from_step" in request.POST))


@login_required
@require_POST
@with_plan(write=True)
def review_resolve(request, plan, comment_id):
    comment = _comment_or_404(plan, comment_id)
    form = ResolveCommentForm(request.POST)
    if not form.is_valid():
        failed = {"comment_id": comment.pk, "resolve_form": form}
        return render_reviews(request, plan, status=400, failed=failed)
    outcome = services.resolve_comment(
        comment=comment, by=request.user, note=form.cleaned_data["resolution"]
    )
    if outcome.done:
        messages.success(request, _("The comment is resolved, with what you changed."))
    else:
        messages.error(request, outcome.error)
    return redirect(_back(plan, comment, "from_step" in request.POST))


# --- The reviewer ---------------------------------------------------------------------------


def _comment_formsets(data=None, draft=None):
    """One formset of comment boxes per step, with the draft's comments in them."""
    kept = list(draft.comments.all()) if draft is not None else []
    formsets = []
    for spec in STEPS:
        initial = [
            {"field_name": _option(c.field_name), "text": c.text}
            for c in kept
            if c.kind == spec.kind
        ]
        formset = review_comment_formset(
            data,
            prefix=f"comments-{spec.kind}",
            initial=initial or None,
            form_kwargs={"field_choices": list(selectors.review_fields(spec).items())},
        )
        formsets.append((spec, formset))
    return formsets


def _option(field_name):
    return ReviewCommentForm.PREFIX + field_name if field_name else ""


def _comments_typed(formsets):
    return [
        {"kind": spec.kind, "field_name": row.cleaned_data["field_name"], "text": text}
        for spec, formset in formsets
        for row in formset.forms
        if (text := (row.cleaned_data or {}).get("text", "").strip())
    ]


def _render_review(request, review_request, draft, form, formsets, status=200):
    plan = review_request.plan
    comment_boxes = dict((spec.kind, formset) for spec, formset in formsets or [])
    parts = [
        (described, comment_boxes.get(described.kind))
        for described in selectors.describe_plan(plan, hide_confidential=True)
    ]
    context = {
        "plan": plan,
        "review_request": review_request,
        "review": draft,
        "submitted": draft is not None and draft.submitted_at is not None,
        "parts": parts,
        "progress": plan.progress(),
        "form": form,
        "has_errors": bool(form is not None and form.errors)
        or any(formset.total_error_count() for _spec, formset in formsets or []),
        "accountability": Section.objects.by_key(ACCOUNTABILITY),
    }
    if context["submitted"]:
        context["comments"] = selectors.labelled_comments(list(draft.comments.all()))
    response = render(request, "planner/review.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache  # a revoked link must stop working at once, also in caches
@require_http_methods(["GET", "HEAD", "POST"])
def review(request, token):
    review_request = selectors.usable_review_request(token)
    if review_request is None:
        raise Http404
    draft = selectors.draft_of(review_request)
    submitted = draft is not None and draft.submitted_at is not None
    if request.method != "POST" or submitted:
        if submitted:
            return _render_review(request, review_request, draft, None, None)
        initial = {"assessment": draft.assessment, "overall": draft.overall} if draft else None
        form = ReviewForm(initial=initial)
        return _render_review(request, review_request, draft, form, _comment_formsets(None, draft))
    submit = request.POST.get("action") == "submit"
    form = ReviewForm(request.POST, submitting=submit)
    formsets = _comment_formsets(request.POST)
    valid = [form.is_valid()] + [formset.is_valid() for _spec, formset in formsets]
    if not all(valid):
        return _render_review(request, review_request, draft, form, formsets, status=400)
    outcome = services.submit_review(
        review_request=review_request,
        assessment=form.cleaned_data["assessment"],
        overall=form.cleaned_data["overall"],
        comments=_comments_typed(formsets),
        submit=submit,
        absolute_uri=request.build_absolute_uri,
    )
    if outcome.status == ReviewSaveOutcome.CLOSED:
        # Revoked or expired while the reviewer typed: their text stays on the page.
        messages.error(request, outcome.error)
        return _render_review(request, review_request, draft, form, formsets, status=409)
    if outcome.status == ReviewSaveOutcome.SUBMITTED:
        messages.success(
            request, _("Thank you: your review is submitted, and the plan's team is told.")
        )
    else:
        messages.success(
            request,
            _("Your draft is saved. Open this link again to go on; submit when you are done."),
        )
    # In the language the reviewer reads in (the link itself has no language prefix).
    return redirect("planner:review", token=review_request.token)
