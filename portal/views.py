from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from toolkit.models import Page
from toolkit.views import render_page

from .forms import SearchForm
from .search import search as search_guidance


@require_safe
def home(request):
    page = get_object_or_404(Page.objects.with_content(), slug="home")
    return render_page(request, page, "portal/home.html")


@require_safe
def about(request):
    page = get_object_or_404(Page.objects.with_content(), slug="about")
    return render_page(request, page, "portal/about.html")


@require_safe
def search(request):
    form = SearchForm(request.GET)
    groups = None
    if "q" in request.GET and form.is_valid():
        groups = search_guidance(form.cleaned_data["q"])
    context = {
        "form": form,
        "groups": groups,
        "result_count": sum(len(group.results) for group in groups or []),
        "search_query": request.GET.get("q", "")[:200],
    }
    return render(request, "portal/search.html", context)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def signup(request):
    raise NotImplementedError  # placeholder: being written
