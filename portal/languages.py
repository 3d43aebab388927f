"""Which language a page is in, and where the same page is in the other languages.

English keeps the URLs it always had; every other language lives under its prefix
(`/ru/toolkit/think/`). A page's language is the one its URL names, so a kept page, a bookmark
and a shared link always show the same language. The reader's choice (a cookie, and their
account) and, on a first visit, the browser's Accept-Language only decide where an
unprefixed URL sends them.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from core.languages import language_of_path

# Pages every language has; anything else (admin static files, health check) is left alone.
SAFE_METHODS = ("GET", "HEAD")


def page_urls(path_info, query=""):
    """{language: path} of the page at `path_info` in every offered language, or {} when the
    path names no page, or names one that is the same in every language."""
    language = language_of_path(path_info)
    with translation.override(language):
        try:
            match = resolve(path_info)
        except Resolver404:
            return {}
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                urls[code] = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return {}
    if len(set(urls.values())) < len(urls):
        return {}
    if query:
        urls = {code: f"{url}?{query}" for code, url in urls.items()}
    return urls


def same_page_in(url, code, default=None):
    """`url` (a path, maybe with a query) as the same page in language `code`; `default` when
    the path names no page, or one that is the same in every language."""
    path, _sep, query = url.partition("?")
    return page_urls(path, query).get(code, default)


def is_safe_next(request, url):
    """Whether `url` stays on this site, so that sending a reader on to it (a `next`) is no
    open redirect."""
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def kept_query(request):
    """The page's query string for the switcher to carry over (a search, a topic filter),
    without a `next` that points off the site: pages check it only when they use it, and it
    should not travel from page to page."""
    query = request.GET.copy()
    if "next" in query and not is_safe_next(request, query["next"]):
        del query["next"]
    return query.urlencode()


def language_links(request):
    """The page in each offered language: the switcher carries the query over, the hreflang
    alternates name the page itself (its canonical address, without a query)."""
    urls = page_urls(request.path_info)
    if not urls:
        return []
    current = translation.get_language()
    query = kept_query(request)
    next_path = request.path + (f"?{query}" if query else "")
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "absolute_url": request.build_absolute_uri(urls[code]),
                "switch_url": reverse("switch_language", args=[code])
                + "?"
                + urlencode({"next": next_path}),
                "next_path": next_path,
                "current": code == current,
            }
        )
    return links


class PreferredLanguageMiddleware:
    """Sends a reader who prefers another language from an English (unprefixed) URL to the
    same page in their language: their choice (the language cookie) first, else, on a first
    visit, the browser's Accept-Language.

    Above KeptPageMiddleware, so a kept English page is never served to a reader who should
    have been sent on; it reads only headers and cookies, never the session or the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unprefixed = not translation.get_language_from_path(request.path_info)
        if request.method in SAFE_METHODS and unprefixed:
            preferred = translation.get_language_from_request(request)
            if preferred != settings.LANGUAGE_CODE:
                url = page_urls(request.path_info, request.META.get("QUERY_STRING", "")).get(
                    preferred
                )
                if url:
                    response = HttpResponseRedirect(url)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        if unprefixed:
            # The same URL answers differently to another browser language or choice.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def set_language_cookie(response, code):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
