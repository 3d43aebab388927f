from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.page_cache import cache_content_page

from .models import Page


def render_page(request, page, template_name):
    return render(request, template_name, {"page": page})


@require_safe
@cache_content_page
def step(request, slug):
    page = get_object_or_404(Page.objects.steps().with_content(), slug=slug)
    return render_page(request, page, "toolkit/step.html")


@require_safe
@cache_content_page
def further_reading(request):
    page = get_object_or_404(Page.objects.with_content(), slug="further-reading")
    return render_page(request, page, "toolkit/further_reading.html")
