"""Per-address limits on what a script would hammer: log-in failures across usernames, and the
requests that send e-mail (sign-up, password reset). AbuseLimitMiddleware applies them."""

import time

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from .client_ip import client_ip

HOUR = 3600


def login_failures_from(address):
    """Failed log-ins from `address` within django-axes' cool-off, whatever the username.

    Read from django-axes' own records (one row per username, address and browser): a
    successful log-in deletes only its own username's row, so a guesser cannot wipe this count
    by logging in to an account of their own.
    """
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def seconds_to_next_hour():
    return HOUR - int(time.time()) % HOUR


def allow(request, scope, per_hour):
    """Count one `scope` request from the client's address; False once more than `per_hour`
    came in this clock hour (a fixed window: simple, and at most twice the rate at its edge)."""
    cache = caches[settings.RATE_LIMIT_CACHE]
    key = f"limit:{scope}:{client_ip(request)}:{int(time.time()) // HOUR}"
    cache.add(key, 0, timeout=HOUR + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # it expired between add() and incr()
        count = 1
        cache.set(key, count, timeout=HOUR + 60)
    return count <= per_hour


def too_many_requests(request, heading, message, retry_after, reset_link=False):
    response = render(
        request,
        "registration/too_many_requests.html",
        {"heading": heading, "message": message, "reset_link": reset_link},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
