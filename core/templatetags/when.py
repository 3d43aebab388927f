"""Times in templates, written once (core/local_time.py).

`{{ value|when }}`:
<time datetime="2026-11-28T14:05:00+05:00">28 ноября 2026 г. 14:05 (UTC+5)</time>, in the
reader's zone and language; `{{ value|when:"date" }}` only the reader's day;
`{{ value|when:"time" }}` only the labelled time of day.
"""

from django import template

from ..local_time import time_element

register = template.Library()


@register.filter(expects_localtime=False)
def when(value, show="datetime"):
    return time_element(value, show)
