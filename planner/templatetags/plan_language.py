"""A plan's own text in pages of any language: marked with the language it is written in.

A plan's text is never translated. On a page in another language (a Russian reader of an
English plan) it carries its own `lang` (WCAG 3.1.2), so that screen readers read it in the right
voice and a browser can translate just that part. A plan whose language is not known
(`language` empty) claims none.
"""

from django import template
from django.utils.html import format_html

from ..models import PLAN_LANGUAGES

register = template.Library()
KNOWN = dict(PLAN_LANGUAGES)


def _language(plan):
    language = getattr(plan, "language", "")
    return language if language in KNOWN else ""


@register.filter
def lang_of(plan):
    """` lang="en"` for an element that holds the plan's text: `<h1{{ plan|lang_of }}>`."""
    language = _language(plan)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def in_language_of(text, plan):
    """The plan's text inside a sentence of the page: `{{ plan.title|in_language_of:plan }}`,
    a span with the plan's lang."""
    language = _language(plan)
    return format_html('<span lang="{}">{}</span>', language, text) if language else text
