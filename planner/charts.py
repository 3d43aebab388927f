"""The ACT log's chart of participants over time, as inline SVG drawn on the server.

No script and no library: a page that shows it works without JavaScript and prints as it is.
Bars stand for months, stacked by age band (youngest at the bottom, as the legend and the table
list them). Each band has a fill of at least 3:1 against the white page (WCAG 1.4.11) and a
pattern of its own, so that colour is not the only cue. The SVG is one image to assistive
technology (role="img", its title and a description); the page puts the same figures in a
table beside it, the chart's full text alternative.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# (fill, the white marks drawn over it): dark enough for 3:1 and more against white.
BAND_STYLES = [
    ("#1b4f72", ""),  # solid
    ("#a04000", '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>'),  # diagonal
    ("#1e7145", '<circle cx="3" cy="3" r="1.3" fill="#fff"/>'),  # dots
    ("#6c3483", '<path d="M0,3 H6" stroke="#fff" stroke-width="1.5"/>'),  # horizontal
    ("#7b241c", '<path d="M0,0 L6,6 M0,6 L6,0" stroke="#fff" stroke-width="1"/>'),  # crossed
]

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 18, 40  # LEFT: the least; a wider axis label widens it
AXIS_FONT, TOTAL_FONT = 11, 10
# A digit's width in the chart's sans-serif font, generously, as a share of the font's size.
DIGIT_WIDTH = 0.62
MOST_MONTH_LABELS = 6
CHART_ID = "log-chart"  # one chart a page
# Beyond this many bars, the totals over them would overlap; the table gives them.
MOST_TOTALS = 12


@dataclass
class MonthParticipants:
    """The participants of a month's activities, per age band (AGE_BANDS' order)."""

    month: date
    bands: list[int]

    @property
    def total(self):
        return sum(self.bands)

    @property
    def label(self):
        return formats.date_format(self.month, "YEAR_MONTH_FORMAT")


def grouped(number):
    """A count for reading, grouped in the reader's language ("500,075", "500 075"), as the
    plan's amounts are (selectors.budget_total)."""
    return formats.number_format(number, force_grouping=True)


def latest_months_note(count):
    """What the chart and the lists of months say when the log is older than they show."""
    return ngettext(
        "The latest %(count)s month; older activities count in the totals.",
        "The latest %(count)s months; older activities count in the totals.",
        count,
    ) % {"count": count}


def text_width(text, font_size):
    return len(text) * font_size * DIGIT_WIDTH


def pattern_id(prefix, band):
    return f"{prefix}-band-{band}"


def nice_ceiling(value):
    """The axis' top: 1, 2 or 5 times a power of ten, at least `value` (and at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def participants_chart(
    months: list[MonthParticipants], prefix: str = CHART_ID, older_months: bool = False
) -> SafeString:
    """The SVG of `months` (oldest first), ids starting with `prefix` (unique on the page);
    `older_months`: the log has months before these, which the chart leaves out."""
    top = nice_ceiling(max((m.total for m in months), default=0))
    # The plot starts right of its widest axis label (the top's), however big the figures.
    left = max(LEFT, round(text_width(grouped(top), AXIS_FONT)) + 8)
    plot_width, plot_height = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(months), 1)
    bar = max(slot * 0.7, 1)
    parts = [_patterns(prefix), _axis(top, left, plot_height)]
    label_every = -(-len(months) // MOST_MONTH_LABELS)  # ceiling division
    widest_total = text_width(grouped(top), TOTAL_FONT)
    with_totals = len(months) <= MOST_TOTALS and widest_total <= slot
    for index, month in enumerate(months):
        x = left + index * slot + (slot - bar) / 2
        parts.append(_bar(month, x, bar, top, plot_height, prefix, with_totals))
        if index % label_every == 0:
            parts.append(_month_label(month, x + bar / 2, index == 0))
    title = _("Participants per month, by age band")
    return format_html(
        '<svg class="log-chart" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMidYMid meet">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        prefix,
        WIDTH,
        HEIGHT,
        title,
        describe(months, older_months),
        SafeString("".join(parts)),
    )


def describe(months: list[MonthParticipants], older_months: bool = False) -> str:
    """The chart in a sentence; the table beside it gives every figure. Of a log older than
    the chart, it says so, and its sum is of these months only: the totals are the log's."""
    if not months:
        return _("No activities logged yet.")
    busiest = max(months, key=lambda m: m.total)
    figures = {
        "first": months[0].label,
        "last": months[-1].label,
        "total": grouped(sum(m.total for m in months)),
        "busiest": busiest.label,
        "most": grouped(busiest.total),
    }
    if not older_months:
        whole = _(
            "From %(first)s to %(last)s. Participants in all: %(total)s. Most in one month: "
            "%(most)s, in %(busiest)s. The table after the chart gives every month's figures."
        )
        return whole % figures
    these = _(
        "From %(first)s to %(last)s. Participants in these months: %(total)s. Most in one "
        "month: %(most)s, in %(busiest)s. The table after the chart gives every month's "
        "figures."
    )
    return f"{latest_months_note(len(months))} {these % figures}"


def _patterns(prefix):
    return format_html(
        "<defs>{}</defs>",
        format_html_join(
            "",
            '<pattern id="{}" patternUnits="userSpaceOnUse" width="6" height="6">'
            '<rect width="6" height="6" fill="{}"/>{}</pattern>',
            (
                (pattern_id(prefix, band), fill, SafeString(marks))
                for band, (fill, marks) in enumerate(BAND_STYLES)
            ),
        ),
    )


def _axis(top, left, plot_height):
    """Gridlines at 0, half and the top, labelled left of `left`; the base line darker."""
    lines = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_height * (1 - fraction)
        value = grouped(round(top * fraction))
        colour = "#595959" if fraction == 0 else "#d0d0d0"
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="{}" fill="#333">{}</text>',
                left,
                WIDTH - RIGHT,
                _n(y),
                _n(y),
                colour,
                left - 4,
                _n(y + 4),
                AXIS_FONT,
                value,
            )
        )
    return SafeString("".join(lines))


def _bar(month, x, width, top, plot_height, prefix, with_total):
    segments = []
    base = TOP + plot_height
    for band, count in enumerate(month.bands):
        if not count:
            continue
        height = plot_height * count / top
        base -= height
        segments.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" '
                'stroke="#fff" stroke-width="0.75"/>',
                _n(x),
                _n(base),
                _n(width),
                _n(height),
                pattern_id(prefix, band),
            )
        )
    if with_total and month.total:
        segments.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="#333">{}</text>',
                _n(x + width / 2),
                _n(base - 3),
                TOTAL_FONT,
                grouped(month.total),
            )
        )
    return SafeString("".join(segments))


def _month_label(month, x, first):
    """The month's short name under its bar; the year under it on the first bar and in
    January."""
    year = month.month.year if first or month.month.month == 1 else ""
    return format_html(
        '<text x="{0}" y="{1}" text-anchor="middle" font-size="11" fill="#333">{2}'
        '<tspan x="{0}" dy="13">{3}</tspan></text>',
        _n(x),
        HEIGHT - BOTTOM + 15,
        formats.date_format(month.month, "M"),
        year,
    )


def _n(value):
    """A coordinate, short: SVG needs no more than a tenth."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
