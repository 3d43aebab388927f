import logging

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class UnreadableBodyMiddleware:
    """Answer 400 to a POST whose body cannot be read as a form, before anything else reads it.

    Django raises while parsing such a body: a form in another charset than UTF-8 (BadRequest),
    multipart without a boundary, a Content-Length that is not a number (ValueError). The CSRF
    check reads the body first and fails; the 400 page it falls back to is itself guarded by a
    CSRF decorator that reads the body again, so the error escaped as a 500. Parsing once here
    turns every such body into a short plain 400. Oversized bodies and too many fields are
    left to Django, which answers 400 and logs them to django.security.
    """

    UNREADABLE = (
        BadRequest,
        MultiPartParserError,
        UnreadablePostError,  # the client went away mid-body
        LookupError,  # an unknown charset inside a multipart part
        UnicodeError,
        ValueError,
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                request.POST  # noqa: B018  (parsed once; the CSRF check and views reuse it)
            except self.UNREADABLE as error:
                logger.warning("Unreadable request body for %s: %r", request.path, error)
                return HttpResponseBadRequest(
                    _("Bad request: the form data could not be read."),
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database is down or restarting, answer 503 with a retry hint instead of 500.

    The page is rendered without the request context: the navigation needs the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response


class PrivatePageMiddleware:
    """Pages that belong to a logged-in user, or whose URL carries a live token, are kept by no
    browser history cache or proxy: plans hold partners' names and phone numbers, and sharing
    and network pages show working links.

    Below AuthenticationMiddleware (it reads request.user); static files never get here
    (whitenoise answers above).
    """

    TOKEN_VIEWS = {"planner:shared_plan", "planner:invitation_accept", "password_reset_confirm"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (user is not None and user.is_authenticated) or (
            match is not None and match.view_name in self.TOKEN_VIEWS
        ):
            # Added to what the view said, so a stricter never_cache stays as strict.
            patch_cache_control(response, private=True, no_store=True)
        return response
