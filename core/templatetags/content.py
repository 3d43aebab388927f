from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.markdown import render_markdown

register = template.Library()

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE  # the language the content is written in


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    return render_markdown(text, inline=True)


def fallback_language(obj, field):
    """The language `obj.field` is shown in when it is not the page's (a missing translation
    fell back along the chain, kk → ru → en), else None."""
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return None
    if field not in options.all_fields:
        return None
    language = get_language()
    for code in resolution_order(language):
        text = getattr(obj, build_localized_fieldname(field, code), None)
        if text:
            if code == language and code != SOURCE and text == _source_text(obj, field):
                # Kept as it is in the English (a publication's title, a quotation): it is
                # English text, whatever column holds it.
                return SOURCE
            return None if code == language else code
    return None


def _source_text(obj, field):
    return getattr(obj, build_localized_fieldname(field, SOURCE), None)


def _rendered_in_its_language(obj, field, inline):
    """`obj.field` as Markdown; shown in a fallback language, it says so in its own `lang`
    (WCAG 3.1.2), so screen readers pronounce it and browsers translate just that part."""
    html = render_markdown(getattr(obj, field), inline=inline)
    language = fallback_language(obj, field)
    if language is None:
        return html
    return format_html('<{0} lang="{1}">{2}</{0}>', "span" if inline else "div", language, html)


@register.filter
def field_text(obj, field):
    """`obj.field` as plain text; shown in a fallback language, in a span with its `lang`."""
    text = getattr(obj, field)
    language = fallback_language(obj, field)
    if language is None:
        return text
    return format_html('<span lang="{}">{}</span>', language, text)


# Every fallback chain ends in Russian or English (settings.MODELTRANSLATION_FALLBACK_LANGUAGES);
# a sentence each, so every language can say it in its own grammar.
FALLBACK_NOTICES = {
    "ru": lambda: _("This page is not yet translated into your language; it is shown in Russian."),
    "en": lambda: _("This page is not yet translated into your language; it is shown in English."),
}


@register.simple_tag
def fallback_notice(obj, field):
    """One line, in the reader's language, when the page's main text (`obj.field`) is shown in
    another language because it is not translated yet."""
    language = fallback_language(obj, field)
    if language is None:
        return ""
    return format_html('<p class="fallback-notice">{}</p>', FALLBACK_NOTICES[language]())


@register.filter
def field_markdown(obj, field):
    return _rendered_in_its_language(obj, field, inline=False)


@register.filter
def field_markdown_inline(obj, field):
    return _rendered_in_its_language(obj, field, inline=True)
