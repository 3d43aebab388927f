import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .client_ip import client_ip
from .limits import allow, login_failures_from, seconds_to_next_hour, too_many_requests

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

    TOKEN_VIEWS = {
        "planner:shared_plan",
        "planner:invitation_accept",
        "password_reset_confirm",
        "signup_confirm",
    }

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


class AbuseLimitMiddleware:
    """Per-address limits (portal/limits.py) on the views a script would hammer: log-in, both
    the site's and the admin's, and sign-up and password reset, which send e-mail.

    In process_view, so a request refused here is never counted twice: the CSRF check (above)
    has passed, and no password has been hashed yet.
    """

    LOGIN_VIEWS = {"login", "admin:login"}
    MAILING_VIEWS = {
        "signup": "SIGNUP_LIMIT_PER_HOUR",
        "password_reset": "PASSWORD_RESET_LIMIT_PER_HOUR",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        name = request.resolver_match.view_name
        if name in self.LOGIN_VIEWS:
            failures = login_failures_from(client_ip(request))
            if failures >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
                minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
                return too_many_requests(
                    request,
                    _("Too many failed log-ins from your connection"),
                    _(
                        "Many log-ins from your connection failed in the last minutes, for one "
                        "or more accounts. To protect the accounts, logging in from here is "
                        "paused."
                    )
                    + " "
                    + ngettext(
                        "Please wait %(minutes)d minute, then try again.",
                        "Please wait %(minutes)d minutes, then try again.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    retry_after=minutes * 60,
                    reset_link=True,
                )
        elif name in self.MAILING_VIEWS and not allow(
            request, name, getattr(settings, self.MAILING_VIEWS[name])
        ):
            return too_many_requests(
                request,
                _("Too many requests from your connection"),
                _(
                    "Each of these requests sends an e-mail, so we take only a few an hour "
                    "from one connection. Please try again in an hour."
                ),
                retry_after=seconds_to_next_hour(),
            )
        return None
