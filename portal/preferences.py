"""A person's language and time zone: stored on their account, applied to their requests.

- `remember_language(user, code)`: the language switcher (and the settings page) store a
  logged-in reader's choice, so it follows them to another device.
- `time_zone_for(user)`: the zone their times are shown in; the site's (PORTAL_TIME_ZONE) for
  everyone who chose none, and for readers who are not logged in.
- `AccountPreferencesMiddleware` activates that zone for each request, and on log-in makes the
  stored language the active one.
"""

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from .languages import same_page_in, set_language_cookie
from .models import AccountPreferences

# First in the list: the zones of the region the guidance is written for.
CENTRAL_ASIAN_ZONES = (
    "Asia/Almaty",
    "Asia/Qostanay",
    "Asia/Qyzylorda",
    "Asia/Aqtobe",
    "Asia/Aqtau",
    "Asia/Atyrau",
    "Asia/Oral",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Asia/Tashkent",
    "Asia/Samarkand",
)
# The zone database's current names by region; leaves out the legacy aliases ("US/Eastern",
# "EST5EDT", "Etc/GMT+5", whose sign is the reverse of what it looks like).
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def _zone_lists():
    known = available_timezones()
    region = tuple(name for name in CENTRAL_ASIAN_ZONES if name in known)
    others = sorted(
        name for name in known if name.split("/", 1)[0] in REGIONS and name not in region
    )
    return region, ("UTC", *others)


def offered_time_zones():
    """(Central Asia's zones, every other zone by name) that a person may choose; the site's
    default zone is among them whatever it is."""
    region, others = _zone_lists()
    if settings.PORTAL_TIME_ZONE not in region and settings.PORTAL_TIME_ZONE not in others:
        region = (settings.PORTAL_TIME_ZONE, *region)
    return region, others


def is_offered_time_zone(name):
    region, others = offered_time_zones()
    return name in region or name in others


def is_offered_language(code):
    return code in dict(settings.LANGUAGES)


def preferences_for(user):
    """The user's stored preferences, unsaved and blank when they never chose anything."""
    return AccountPreferences.objects.filter(user=user).first() or AccountPreferences(user=user)


def remember_language(user, code):
    """Store `code` (one of settings.LANGUAGES) as the user's language."""
    if not is_offered_language(code):
        raise ValueError(f"{code!r} is not an offered language")
    AccountPreferences.objects.update_or_create(user=user, defaults={"language": code})


def save_preferences(user, *, language, time_zone):
    """Store the user's choices from the settings page (checked by the form)."""
    AccountPreferences.objects.update_or_create(
        user=user, defaults={"language": language, "time_zone": time_zone}
    )


def language_for(user):
    """The user's stored language if it is still offered, else "" (not chosen)."""
    if not user.is_authenticated:
        return ""
    code = AccountPreferences.objects.filter(user=user).values_list("language", flat=True).first()
    return code if code and is_offered_language(code) else ""


def default_time_zone():
    return ZoneInfo(settings.PORTAL_TIME_ZONE)


def time_zone_for(user):
    """The ZoneInfo the user's times are shown in: from the preferences loaded with the user,
    so a change saved during a request shows from the next one (the settings page redirects)."""
    if user is None or not user.is_authenticated:
        return default_time_zone()
    if hasattr(user, "preferred_time_zone"):  # loaded with the user (portal/auth_backend.py)
        name = user.preferred_time_zone
    else:
        name = (
            AccountPreferences.objects.filter(user=user).values_list("time_zone", flat=True).first()
        )
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a zone the database has since dropped: the site's zone, not an error page
    return default_time_zone()


class AccountPreferencesMiddleware:
    """Below AuthenticationMiddleware: activates the reader's time zone for the request, and
    when a log-in succeeds makes their stored language the active one.

    A page's language is the one its URL names, and readers' choice is kept in the language
    cookie, which decides where an unprefixed URL sends them (portal/languages.py). A log-in is
    where the account becomes known, so that is where the stored choice replaces whatever this
    browser had: the log-in's answer sets the cookie and sends the reader on to the page they
    came for in their language. No signal: the log-in view stays Django's own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            zone = time_zone_for(getattr(request, "user", None))
        except DatabaseError:
            # The database is down: the view meets it too and answers 503
            # (DatabaseUnavailableMiddleware), which a failure here would turn into a 500.
            zone = default_time_zone()
        timezone.activate(zone)
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        if self._logged_in(request, response):
            apply_stored_language(request.user, response)
        return response

    @staticmethod
    def _logged_in(request, response):
        match = getattr(request, "resolver_match", None)
        return (
            request.method == "POST"
            and match is not None
            and match.view_name == "login"
            and response.status_code in (301, 302, 303)
            and request.user.is_authenticated
        )


def apply_stored_language(user, response):
    """The user's stored language on `response` (a redirect): the cookie set, and the redirect
    sent to the same page in that language."""
    code = language_for(user)
    if not code:
        return
    set_language_cookie(response, code)
    location = response.get("Location")
    if location:
        response["Location"] = same_page_in(location, code, default=location)
