from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.page_cache import cache_content_page

from .models import Page


def render_content_page(request, slug, template_name, pages=None):
    """The page `slug` of `pages` (every page unless told) with its content, or 404."""
    pages = Page.objects.all() if pages is None else pages
    page = get_object_or_404(pages.with_content(), slug=slug)
    return render(request, template_name, {"page": page})


@require_safe
@cache_content_page
def step(request, slug):
    return render_content_page(request, slug, "toolkit/step.html", pages=Page.objects.steps())


@require_safe
@cache_content_page
def further_reading(request):
    return render_content_page(request, "further-reading", "toolkit/further_reading.html")
