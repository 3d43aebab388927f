from django import template

from portal.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def markdown_inline(text):
    return render_markdown(text, inline=True)
