"""Times as the reader reads them: in the active time zone (portal/preferences.py activates the
reader's), in the active language's formats, and labelled with the zone's offset from UTC.

One place writes a time for people, so a page, a message and the autosave's "saved at" agree.
The label is the offset ("UTC+5") rather than the zone's name: it reads the same in every
language and tells a reader in another zone exactly how far apart the clocks are.

Imports Django only: the planner uses it too.
"""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _


def in_reader_zone(value):
    """`value` on the active zone's clock; a naive datetime is taken as already local."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def zone_label(value):
    """The offset from UTC of `value` (aware, already in the zone shown): "UTC+5", "UTC-3:30"."""
    offset = value.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


def labelled_time(value, format_name="DATETIME_FORMAT"):
    """The time as text in the active language and zone, with its label:
    "28 ноября 2026 г. 14:05 (UTC+5)", "Nov. 28, 2026, 2:05 p.m. (UTC+5)"."""
    local = in_reader_zone(value)
    shown = formats.date_format(local, format_name)
    if not (isinstance(local, datetime) and timezone.is_aware(local)):
        return shown
    # Translators: a time and its time zone, e.g. "28 November 2026, 14:05 (UTC+5)".
    return _("%(time)s (%(zone)s)") % {"time": shown, "zone": zone_label(local)}


def machine_time(value):
    """The value of a <time datetime> attribute that the HTML checker accepts: whole seconds
    and the offset ("2026-11-28T14:05:00+05:00"), or the day alone for a date."""
    local = in_reader_zone(value)
    if isinstance(local, datetime):
        return local.isoformat(timespec="seconds")
    if isinstance(local, date):
        return local.isoformat()
    return ""


def time_element(value, show="datetime"):
    """<time> with the machine value and what a reader reads: `show` "datetime" (a labelled
    date and time), "time" (a labelled time of day) or "date" (the reader's day, unlabelled:
    a day needs no clock)."""
    if value in (None, ""):
        return ""
    if show == "date":
        local = in_reader_zone(value)
        day = local.date() if isinstance(local, datetime) else local
        return format_html(
            '<time datetime="{}">{}</time>',
            machine_time(day),
            formats.date_format(day, "DATE_FORMAT"),
        )
    format_name = "TIME_FORMAT" if show == "time" else "DATETIME_FORMAT"
    return format_html(
        '<time datetime="{}">{}</time>', machine_time(value), labelled_time(value, format_name)
    )
