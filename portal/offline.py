"""Reading without a connection: the web app manifest, the service worker and what it keeps.

The worker (templates/portal/sw.js, served at the root so its scope is the whole site) keeps, in
the reader's language, the pages this module lists: the toolkit, both annexes, every topic, home,
about and the offline page, with the static files they load. Planner pages are never kept. Its
cache is named after the content stamp, so an edit in the admin makes a new worker that fetches
the pages afresh and deletes the old copies.
"""

import json
from itertools import groupby
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from annexes.models import Annex, Level, Topic
from core.page_cache import content_stamp
from toolkit.models import Page

STATIC_FILES = ["bootstrap/css/bootstrap.min.css", "css/site.css", "js/offline.js"]
ICON_SIZES = (192, 512)


def reading_urls():
    """The pages the worker keeps, in the active language, in reading order."""
    pages = [reverse("home"), *(page.get_absolute_url() for page in Page.objects.steps())]
    pages += [reverse("toolkit:further_reading"), reverse("about")]
    pages += [annex.get_absolute_url() for annex in Annex.objects.all()]
    pages += [topic.get_absolute_url() for topic in Topic.objects.order_by("area__order", "order")]
    return [*pages, reverse("offline")]


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    offline_pages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            offline_pages[code] = reverse("offline")
    context = {
        "version": content_stamp(),
        "static_url": settings.STATIC_URL,
        "offline_pages": json.dumps(offline_pages),
        "default_language": settings.LANGUAGE_CODE,
    }
    return render(request, "portal/sw.js", context, content_type="text/javascript")


@require_safe
@cache_control(no_cache=True)
def offline_pages(request):
    """What the worker keeps for this language: the pages, then the static files they load."""
    return JsonResponse({"pages": reading_urls(), "static": [static(f) for f in STATIC_FILES]})


@require_safe
def manifest(request):
    data = {
        "name": _("Facilitator portal: Engaging young men in gender equality"),
        "short_name": _("Facilitator portal"),
        "lang": translation.get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5c8c",
        "icons": [
            {
                "src": static(f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
            for size in ICON_SIZES
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_safe
def offline(request):
    """What a page the worker does not keep shows without a connection."""
    return render(request, "portal/offline.html")


@require_safe
@csp_update({"style-src": ["'unsafe-inline'"]})  # the file's own inlined stylesheet
def toolkit_download(request):
    """The whole toolkit as one HTML file in the reader's language (the introduction, THINK,
    PLAN, ACT, further reading, both annexes, then the credits), to pass on where there is no
    connection (a messaging app, a USB stick). Its links between pages lead to the portal."""
    annexes = {annex.number: annex for annex in Annex.objects.all()}
    pages = [_page("home"), *Page.objects.steps().with_content(), _page("further-reading")]
    topics = Topic.objects.for_listing()
    context = {
        # Whatever of the toolkit the database holds: a page or annex not loaded is left out.
        "pages": [page for page in pages if page is not None],
        "about": _page("about"),
        "annex1": annexes.get(1),
        "annex2": annexes.get(2),
        "levels": Level.objects.prefetch_related("examples"),
        "topic_groups": [(area, list(group)) for area, group in groupby(topics, lambda t: t.area)],
        "css": Path(finders.find("css/site.css")).read_text(),
        "site_url": request.build_absolute_uri(reverse("home")),
    }
    response = render(request, "portal/toolkit_download.html", context)
    # Opened from a file, a link to another page of the portal leads to the portal online.
    site_root = request.build_absolute_uri("/").rstrip("/")
    response.content = response.content.replace(b'href="/', f'href="{site_root}/'.encode())
    filename = f"engaging-young-men-toolkit-{translation.get_language()}.html"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page(slug):
    return Page.objects.with_content().filter(slug=slug).first()
