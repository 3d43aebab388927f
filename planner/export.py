"""A whole plan to take away: Markdown and JSON files.

Every export reads the plan through `selectors.describe_plan`, which reads each part with
`selectors.describe_part`; the step forms stay the one definition of what a part holds.
"""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .forms import shown_fields
from .levels_picture import levels_picture
from .log_export import log_as_markdown
from .models import InitiativePlan, LoggedActivity, PlanPart
from .selectors import (
    DescribedField,
    describe_plan,
    log_as_data,
    plan_reviews,
    reviews_as_data,
    submitted_reviews,
    tag_names,
)
from .walkthrough import STEPS


def export_filename(plan, extension):
    return f"{slugify(plan.title)[:80] or 'plan'}.{extension}"


# --- Markdown -------------------------------------------------------------------------------


# What people wrote may link to the web or to an e-mail address only: any other target
# (javascript:, data:, a file, a relative path) could run or open something where the file
# is viewed. Markdown makes links from `](` and from `]:` definitions; autolinks and HTML need
# `<`, which is escaped anyway. Checking what the target starts with, rather than listing bad
# schemes, also catches `JaVaScRiPt:`, `java\tscript:` and `&#106;avascript:`.
SAFE_TARGET = r"[ \t\r\n]*(?:https?://|mailto:)"
UNSAFE_INLINE_LINK = re.compile(rf"\]\((?!{SAFE_TARGET})", re.IGNORECASE)
UNSAFE_LINK_DEFINITION = re.compile(rf"\]:(?!{SAFE_TARGET})", re.IGNORECASE)


def markdown_text(value):
    """User text for a Markdown file: no HTML gets through, a line cannot become a quote, and
    links lead to http(s) and mailto targets only."""
    text = str(value).replace("<", "&lt;").replace(">", "&gt;")
    text = UNSAFE_INLINE_LINK.sub(r"]\\(", text)
    # An entity, not a backslash: Python-Markdown would print the backslash before `:`.
    text = UNSAFE_LINK_DEFINITION.sub("]&#58;", text)
    # An image would load from elsewhere as soon as the file is opened.
    return text.replace("![", "!\\[")


def _indented(text, indent):
    """Continuation lines of a list item stay inside the item."""
    return ("\n" + indent).join(markdown_text(text).splitlines())


def _paragraphs(text):
    """A line break the author typed stays one: each line becomes its own paragraph."""
    lines = []
    for line in markdown_text(text).splitlines():
        if line.strip():
            lines += [line, ""]
    return lines


def plan_as_markdown(plan, hide_confidential=False):
    """The plan as a Markdown document; `hide_confidential` leaves out what
    walkthrough.CONFIDENTIAL keeps from share-link viewers, and the network.

    Headings and labels are in the active language (the reader's), the plan's text as it was
    written. Markdown has no way to mark a language, so the file carries none: the download's
    Content-Language header names the labels' language, the JSON export the plan's.
    """
    lines = _markdown_details(plan, hide_confidential)
    for described in describe_plan(plan, hide_confidential=hide_confidential):
        lines += [f"## {described.heading}", ""]
        if described.is_empty:
            lines += [f"_{_('Nothing written yet.')}_", ""]
        for field in described.fields:
            lines += _markdown_field(field)
    lines += _markdown_levels(plan, hide_confidential)
    if not hide_confidential:  # the team's own exchange, not for link holders
        lines += _markdown_reviews(plan)
        lines += log_as_markdown(plan)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_levels(plan, hide_confidential):
    """Annex 1's levels as the plan page's picture says them in words (its text alternative)."""
    picture = levels_picture(plan, hide_confidential=hide_confidential)
    lines = [f"## {_('Levels of the socio-ecological model')}", ""]
    for place in picture.places:
        lines += [f"### {markdown_text(place.level.name)}", ""]
        if place.works_here:
            lines += [f"**{_('✓ The plan works at this level.')}**", ""]
        else:
            not_ticked = _("Not ticked in step 4: the plan does not say it works at this level.")
            lines += [f"_{not_ticked}_", ""]
        lines += [f"**{_('What the plan does at this level')}**", ""]
        lines += _paragraphs(place.does) or [f"_{_('Not filled in')}_", ""]
        lines += [f"**{_('Stakeholders at this level')}**", ""]
        none = [f"_{_('None listed in step 2')}_", ""]
        lines += _markdown_stakeholders(place.stakeholders) or none
    if picture.unplaced:
        label = _("Stakeholders whose level is not among Annex 1's levels:")
        lines += [f"**{label}**", "", *_markdown_stakeholders(picture.unplaced)]
    return lines


def _markdown_stakeholders(stakeholders):
    """A share link keeps a person's name back (levels_picture): the kind stands alone."""
    items = [
        f"- {markdown_text(s.name)} ({s.kind})" if s.name else f"- {s.kind}" for s in stakeholders
    ]
    return [*items, ""] if items else []


def _markdown_details(plan, hide_confidential):
    """Title, summary and the plan's details as a list."""
    lines = [f"# {markdown_text(plan.title)}", ""]
    if plan.is_example:
        lines += [f"_{_('This is an example plan.')}_", ""]
    lines += _paragraphs(plan.summary)
    lines.append(f"- **{_('Status')}:** {plan.get_status_display()}")
    if plan.language:
        label = _("Language of this plan")
        lines.append(f"- **{label}:** {plan.get_language_display()}")
    if plan.network_id and not hide_confidential:
        label = _("Shared with network")  # outside the f-string, where xgettext finds it
        lines.append(f"- **{label}:** {markdown_text(plan.network.name)}")
    tags = ", ".join(markdown_text(tag.name) for tag in plan.tags.all())
    if tags:
        lines.append(f"- **{_('Tags')}:** {tags}")
    lines.append(f"- **{_('Last updated')}:** {timezone.localtime(plan.updated_at):%Y-%m-%d}")
    return [*lines, ""]


def _markdown_field(field):
    if field.kind == DescribedField.TEXT:
        return [f"**{field.label}**", "", *_paragraphs(field.value)]
    if field.kind == DescribedField.CHOICES:
        return [
            f"**{field.label}**",
            "",
            *[f"- {_indented(item, '  ')}" for item in field.value],
            "",
        ]
    lines = [f"### {field.label}", ""]
    for number, row in enumerate(field.value, start=1):
        # The row's first cell numbers it; the others are a list inside the item.
        indent = " " * len(f"{number}. ")
        for index, cell in enumerate(cell for cell in row if cell.text):
            prefix = f"{number}. " if index == 0 else f"{indent}- "
            lines.append(f"{prefix}**{cell.label}:** {_indented(cell.text, indent + '  ')}")
    return [*lines, ""]


def _markdown_reviews(plan):
    """Partner organisations' submitted reviews: the assessment, each comment by step with the
    team's replies and what they changed."""
    reviews = plan_reviews(plan).reviews
    lines = [f"## {_('Reviews by partner organisations')}", ""] if reviews else []
    for review in reviews:
        organisation = markdown_text(review.request.organisation)
        lines += [f"### {organisation}: {review.get_assessment_display()}", ""]
        submitted = timezone.localtime(review.submitted_at)
        lines += [f"_{_('Submitted')}: {submitted:%Y-%m-%d}_", "", *_paragraphs(review.overall)]
        for spec, comments in review.steps:
            for comment in comments:
                lines += _markdown_comment(spec, comment)
    return lines


def _markdown_comment(spec, comment):
    about = comment.field_label or _("The step as a whole")
    lines = [f"**{spec.heading} · {about}**", "", *_paragraphs(comment.text)]
    lines += [f"- {_('Reply')}: {_indented(reply.text, '  ')}" for reply in comment.replies.all()]
    if comment.is_resolved:
        lines.append(f"- **{_('What we changed:')}** {_indented(comment.resolution, '  ')}")
    else:
        lines.append(f"- _{_('Not resolved yet')}_")
    return [*lines, ""]


# --- JSON -----------------------------------------------------------------------------------


# Keys and values stay machine-stable in every language: the same keys (English), codes for
# choices ("draft", "dialogue_group") and the parts' raw data, so a program reads any export
# and the plan can be restored from it. What people read is added under "labels", in the
# language the export was made in ("labels" → "language"): step titles, field labels, the
# status. "language" on the plan is the language its own text is written in, which no export
# translates.


def plan_as_data(plan, with_labels=True, reviews=None, tags=None):
    """Every field of the plan and the raw data of every part, ready for json.dumps; with
    `with_labels`, the labels in the active language (see export_labels). `reviews` and
    `tags`: the plan's submitted reviews and tag names when read already (plans_as_json reads
    all plans' at once)."""
    parts = {part.kind: part for part in plan.parts.all()}
    data = {
        "id": str(plan.pk),
        "title": plan.title,
        "summary": plan.summary,
        "language": plan.language or None,
        "status": plan.status,
        "tags": sorted(tag.name for tag in plan.tags.all()) if tags is None else tags,
        "network": (
            {"slug": plan.network.slug, "name": plan.network.name} if plan.network_id else None
        ),
        "owner": plan.owner.get_username() if plan.owner_id else None,
        "is_example": plan.is_example,
        "created_at": plan.created_at.isoformat(),
        "updated_at": plan.updated_at.isoformat(),
        "parts": {
            kind: (
                {
                    "version": parts[kind].version,
                    "updated_at": parts[kind].updated_at.isoformat(),
                    "data": parts[kind].data,
                }
                if kind in parts
                else {"version": 0, "updated_at": None, "data": {}}
            )
            for kind in PlanPart.Kind.values
        },
    }
    data["reviews"] = reviews_as_data(plan, reviews)
    data["log"] = log_as_data(plan)
    if with_labels:
        data["labels"] = export_labels()
    return data


def export_labels():
    """What the export's keys and codes are called for people, in the active language:
    {"language", "status": {code: label}, "parts": {kind: {"title", "fields", "lists"}}}.
    A list's entry is {"label", "fields"}: the list's name and its rows' field labels."""
    parts = {}
    for spec in STEPS:
        fields = {
            name: str(form_field.label)
            for name, form_field in shown_fields(spec.form_class).items()
        }
        lists = {
            key: {
                "label": str(label),
                "fields": {
                    name: str(form_field.label)
                    for name, form_field in shown_fields(row_form_class).items()
                },
            }
            for key, (row_form_class, label) in spec.lists.items()
        }
        parts[spec.kind] = {"title": str(spec.title), "fields": fields, "lists": lists}
    return {
        "language": translation.get_language(),
        "status": {code: str(label) for code, label in InitiativePlan.Status.choices},
        "parts": parts,
        "log_kinds": {code: str(label) for code, label in LoggedActivity.Kind.choices},
    }


def plan_as_json(plan):
    return json.dumps(plan_as_data(plan), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def plans_as_json(plans):
    """Every plan, and the labels once for all of them. Prefetch each plan's "parts",
    "logged_activities" and "reflections" to keep the queries constant."""
    reviews, tags = submitted_reviews(plans), tag_names(plans)
    data = {
        "plans": [
            plan_as_data(
                plan,
                with_labels=False,
                reviews=reviews.get(plan.pk, []),
                tags=tags.get(plan.pk, []),
            )
            for plan in plans
        ],
        "labels": export_labels(),
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
