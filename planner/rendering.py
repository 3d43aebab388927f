"""A plan's parts as HTML, each kept rendered in the process's memory while it is unchanged.

The plan page, print and share link show every part of a plan on every request, and rendering
them (labels, choices, rows, the reader's number format) costs more than the rest of the page
together, although a part changes only when someone saves its step. So each part's section
(templates/planner/includes/plan_part.html) is kept in the "plan_parts" cache (each process's
own memory, apart from core.page_cache's pages) under a key that names everything its markup
depends on:

- the part as saved: plan, step, version and time of its last save (a save bumps both; the time
  also catches a write that bypasses the version, such as the admin or a shell);
- the plan's language (its text is marked `lang` where the reader's differs);
- the reader's language (labels, choices, "Yes", number format, the links' language prefix);
- what the reader may do: edit links for editors, and for share-link readers what
  walkthrough.CONFIDENTIAL hides;
- core.page_cache.content_stamp(): the labels of topics, levels and resistance reasons are
  content, edited in the admin, which sets a new stamp.

Nothing else reaches the section: it is rendered without the request (no CSRF token, no
reader's time zone, no dates). A key-building helper rather than the {% cache %} tag, because
the tag would still need every one of these values passed to it from each template, and a part
left out of the key would show one reader's markup to another; here it is said once, in code
that tests can reach.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core.page_cache import content_stamp

from .levels_picture import levels_picture
from .models import InitiativePlan, PlanPart
from .selectors import OfStep, choice_lookups, describe_step
from .walkthrough import STEPS, StepSpec

PART_TIMEOUT = 3600  # a key names the part's version, so this only bounds the memory held
TEMPLATE = "planner/includes/plan_part.html"
LEVELS_TEMPLATE = "planner/includes/plan_levels.html"


@dataclass
class ShownPart(OfStep):
    """A step's part as the plan page shows it: what the page's list of steps needs to know of
    it (the same as a selectors.DescribedPart) and its section, rendered."""

    spec: StepSpec
    url: str  # the step's page, where it is edited
    is_empty: bool  # nothing written (describe_plan's DescribedPart.is_empty)
    html: SafeString


def shown_parts(
    plan: InitiativePlan, *, edit_links: bool, hide_confidential: bool = False
) -> list[ShownPart]:
    """Every step's part in the toolkit's order, rendered, from the cache where it holds them.

    Reads `plan.parts.all()` (prefetch "parts"); the choices' labels are loaded only when some
    part has to be rendered, and then once for all of them.
    """
    saved = {part.kind: part for part in plan.parts.all()}
    keys = {
        spec.kind: _part_key(plan, spec, saved.get(spec.kind), edit_links, hide_confidential)
        for spec in STEPS
    }
    cache = caches["plan_parts"]
    kept = cache.get_many(keys.values())
    rendered = {}
    lookups = None
    for spec in STEPS:
        key = keys[spec.kind]
        if key not in kept:
            if lookups is None:
                lookups = choice_lookups()
            described = describe_step(plan, spec, saved.get(spec.kind), lookups, hide_confidential)
            context = {"plan": plan, "described": described, "edit_links": edit_links}
            rendered[key] = (described.is_empty, str(render_to_string(TEMPLATE, context)))
    if rendered:
        cache.set_many(rendered, PART_TIMEOUT)
        kept.update(rendered)
    shown = []
    for spec in STEPS:
        is_empty, html = kept[keys[spec.kind]]
        # Safe: rendered by the template engine, which escaped what people wrote.
        shown.append(ShownPart(spec, spec.url(plan), is_empty, mark_safe(html)))
    return shown


def shown_levels(
    plan: InitiativePlan, *, edit_link: bool, hide_confidential: bool = False
) -> SafeString:
    """The plan's section of Annex 1's levels (plan_levels.html), kept like the parts.

    The picture reads steps 2 and 4 and Annex 1's levels; it is kept until any part changes,
    so that it stays right if it comes to read another step. `edit_link`: the link to step 4.
    """
    parts = {part.kind: part for part in plan.parts.all()}
    every_part = ",".join(_saved(parts.get(spec.kind)) for spec in STEPS)
    saved = hashlib.sha256(every_part.encode()).hexdigest()  # keys stay short
    key = _key("plan-levels", plan, saved, edit_link, hide_confidential)
    cache = caches["plan_parts"]
    html = cache.get(key)
    if html is None:
        picture = levels_picture(plan, hide_confidential=hide_confidential)
        context = {"plan": plan, "levels_picture": picture, "can_edit": edit_link}
        html = str(render_to_string(LEVELS_TEMPLATE, context))
        cache.set(key, html, PART_TIMEOUT)
    return mark_safe(html)  # rendered by the template engine, which escaped what people wrote


def _part_key(
    plan: InitiativePlan,
    spec: StepSpec,
    part: PlanPart | None,
    edit_links: bool,
    hide_confidential: bool,
) -> str:
    return _key(f"plan-part:{spec.kind}", plan, _saved(part), edit_links, hide_confidential)


def _saved(part: PlanPart | None) -> str:
    """The part as saved, for a key: a save bumps its version and its time."""
    return f"{part.pk}.{part.version}.{part.updated_at.isoformat()}" if part else "unsaved"


def _key(what: str, plan: InitiativePlan, saved: str, edit: bool, hide_confidential: bool) -> str:
    reader = f"{translation.get_language()}:{int(edit)}{int(hide_confidential)}"
    return f"{what}:{content_stamp()}:{plan.pk}:{saved}:{plan.language}:{reader}"
