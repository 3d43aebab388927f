"""The ACT log's monitoring summary in the exports: Markdown and the Word concept note.

The same summary as the print view (selectors.log_summary): totals, participants by age band
and per month, the resistance met, and the team's reflections. The activities' own notes stay
in the log and the JSON export: a concept note goes to donors.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from .charts import grouped
from .selectors import log_summary


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def _bands(summary):
    return "; ".join(f"{label}: {grouped(count)}" for label, count in summary.bands)


def _months_notes(summary):
    """What the list of months says of itself: which months it gives, and which it leaves
    out (those of the chart without activities; those before the chart)."""
    notes = [summary.months_note] if summary.months_note else []
    return [*notes, _("Only months with participants are listed.")]


def log_as_markdown(plan):
    """The summary as Markdown lines; none while nothing is logged."""
    from .export import _paragraphs as paragraphs  # export.py calls this: imported late
    from .export import markdown_text

    summary = log_summary(plan, latest=0)
    if summary.is_empty:
        return []
    lines = [f"## {_('Monitoring summary')}", ""]
    lines.append(f"- **{_('Activities logged')}:** {grouped(summary.activity_count)}")
    lines.append(f"- **{_('Participants')}:** {grouped(summary.participants)} ({_bands(summary)})")
    lines += [f"- **{_('Referrals made')}:** {grouped(summary.referrals)}", ""]
    if summary.resistance:
        lines += [f"**{_('Resistance met')}**", ""]
        lines += [
            f"- {markdown_text(reason)} ({grouped(count)})" for reason, count in summary.resistance
        ]
        lines.append("")
    if summary.active_months:
        lines += [f"### {_('Participants over time')}", "", " ".join(_months_notes(summary)), ""]
        lines += [f"- {month.label}: {grouped(month.total)}" for month in summary.active_months]
        lines.append("")
    for reflection in summary.reflections:
        heading = _("Reflection of %(day)s") % {"day": _day(reflection.written_on)}
        lines += [f"### {heading}", ""]
        for question, answer in reflection.answered:
            lines += [f"**{markdown_text(question)}**", "", *paragraphs(answer)]
        if reflection.notes:
            label = _("What we take from this for our activities")
            lines += [f"**{label}**", "", *paragraphs(reflection.notes)]
    return lines


def log_in_concept_note(note, plan):
    """The summary as a section of the Word concept note (a docx_export.ConceptNote)."""
    summary = log_summary(plan, latest=0)
    if summary.is_empty:
        return
    note.heading(_("Monitoring summary"))
    note.labelled(_("Activities logged"), grouped(summary.activity_count), is_plan_text=False)
    note.labelled(_("Referrals made"), grouped(summary.referrals), is_plan_text=False)
    if summary.activity_count:
        header = [_("Age"), _("Participants")]
        rows = [[(label, False), (grouped(count), False)] for label, count in summary.bands]
        rows.append([(_("Total"), False), (grouped(summary.participants), False)])
        note.table(header, rows, right_aligned={1})
    if summary.active_months:
        for text in _months_notes(summary):
            note.run(note.document.add_paragraph(), text, is_plan_text=False)
        header = [_("Month"), _("Participants")]
        rows = [[(m.label, False), (grouped(m.total), False)] for m in summary.active_months]
        note.table(header, rows, right_aligned={1})
    if summary.resistance:
        note.run(note.document.add_paragraph(), _("Resistance met"), is_plan_text=False, bold=True)
        for reason, count in summary.resistance:
            paragraph = note.document.add_paragraph(style="List Bullet")
            note.run(paragraph, f"{reason} ({grouped(count)})", is_plan_text=False)
    for reflection in summary.reflections:
        heading = _("Reflection of %(day)s") % {"day": _day(reflection.written_on)}
        note.document.add_heading(heading, level=2)
        for question, answer in reflection.answered:
            note.run(note.document.add_paragraph(), question, is_plan_text=False, bold=True)
            note.plan_paragraphs(answer)
        if reflection.notes:
            label = _("What we take from this for our activities")
            note.run(note.document.add_paragraph(), label, is_plan_text=False, bold=True)
            note.plan_paragraphs(reflection.notes)
