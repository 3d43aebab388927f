"""Markdown for admin-entered text, sanitised before it reaches a page.

Admins are trusted to edit content but not to run script in a reader's browser: the HTML that
Markdown produces goes through nh3 with a short allow-list, so `<script>`, `on*=` attributes and
`javascript:` links are dropped. Footnote citations (`[^5]`) become links only after sanitising,
from digits alone.
"""

import functools
import html
import re

import markdown as python_markdown
import nh3
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}

FOOTNOTE_CITATION = re.compile(r"\[\^(\d{1,3})\]")
WRAPPING_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def _cite_footnote(match):
    number = match.group(1)
    return format_html(
        '<sup class="footnote-ref"><a href="#fn-{0}" id="fnref-{0}" aria-label="{1}">{0}</a></sup>',
        number,
        gettext("Footnote %(number)s") % {"number": number},
    )


def render_markdown(text, inline=False):
    """Return safe HTML for Markdown `text`; `inline` drops the wrapping paragraph."""
    if not text:
        return ""
    return _render(text, inline, get_language())


# Content changes rarely and is read on every page: keep the rendering of each text. An edited
# text is a new key, so an admin's change shows at the next request without invalidation.
@functools.lru_cache(maxsize=4096)
def _render(text, inline, language):
    cleaned = nh3.clean(
        python_markdown.markdown(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    if inline:
        cleaned = WRAPPING_PARAGRAPH.sub(r"\1", cleaned.strip())
    return mark_safe(FOOTNOTE_CITATION.sub(_cite_footnote, cleaned))


def plain_text(text):
    """The words a reader sees, without markup or footnote numbers: for search and snippets."""
    cleaned = render_markdown(FOOTNOTE_CITATION.sub("", text or ""))
    return html.unescape(strip_tags(cleaned)).strip()
