"""A plan as a Word concept note (.docx): what an NGO sends a donor.

Read like every export through `selectors.describe_plan`, so labels and choices come from the
step forms. Headings and labels are in the reader's language; the plan's own text is as written
and its runs say the plan's language (w:lang), so that Word's spelling check and screen readers
read it right. Sections with nothing in them are left out.
"""

import io
import re

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from core.local_time import in_reader_zone

from . import forms
from .levels_picture import levels_picture
from .log_export import log_in_concept_note
from .selectors import BUDGET_LINES, DescribedField, describe_plan, plan_reviews

# The concept note's sections, in the order donors read them: (heading, step, fields). The
# fields are those of the step's form (their labels come from it); a list's key stands for
# its table.
SECTIONS = [
    (
        gettext_lazy("Target group"),
        "research",
        [name for name in forms.shown_fields(forms.ResearchForm)],
    ),
    # Step 2's contacts stay out: a concept note goes to donors, and a contact is personal data.
    (gettext_lazy("Partners"), "stakeholders", ["stakeholders", "notes"]),
    (
        gettext_lazy("Topics and entry points"),
        "entry_points",
        ["topics", "own_topics", "shared_values", "local_examples"],
    ),
    (gettext_lazy("Objectives and expected outcomes"), "strategy", ["objectives", "outcomes"]),
    (gettext_lazy("Activities and timeline"), "strategy", ["activities"]),
    (
        gettext_lazy("Approach"),
        "strategy",
        ["participatory", "inclusive", "gender_transformative"],
    ),
    (gettext_lazy("Monitoring and evaluation"), "strategy", ["evaluation"]),
    (
        gettext_lazy("Budget and support"),
        "funding",
        [
            "currency",
            BUDGET_LINES,
            "grants_and_donors",
            "in_kind_venues",
            "in_kind_facilitators",
            "in_kind_materials",
            "existing_programmes",
        ],
    ),
    (
        gettext_lazy("Risks and how we handle them"),
        "challenges",
        ["resistance_reasons", "resistance_approach"],
    ),
    # The referrals list stays out: support services are for the team to pass on in confidence.
    (
        gettext_lazy("Accountability"),
        "challenges",
        ["accountability_organisations", "accountability_check_ins", "accountability_feedback"],
    ),
]
# Step 4's fields that make up the activities table, one row each when filled.
ACTIVITIES = ["methods", "other_methods", "levels", "timeline", "one_off"]
# The stakeholders' columns: not the contact.
PARTNER_COLUMNS = ["name", "kind", "role", "objective_agreed"]

# XML 1.0 refuses control characters (other than tab and line breaks) and lone surrogates;
# people can paste them, and one would make the whole file unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text):
    return NOT_XML.sub("", str(text))


def plan_as_docx(plan):
    """The plan as a concept note, the bytes of a .docx file. Reads `plan.parts.all()`:
    prefetch "parts" (selectors.with_parts)."""
    parts = {part.kind: {f.name: f for f in part.fields} for part in describe_plan(plan)}
    note = ConceptNote(plan.language)
    note.document.core_properties.title = _clean(plan.title)[:255]
    if plan.language:
        note.document.core_properties.language = plan.language

    note.plan_heading(plan.title, level=0)
    if plan.is_example:
        note.document.add_paragraph().add_run(_("This is an example plan.")).italic = True
    note.plan_paragraphs(plan.summary)
    note.labelled(_("Status"), plan.get_status_display(), is_plan_text=False)
    day = in_reader_zone(plan.updated_at)
    note.labelled(_("Last updated"), formats.date_format(day, "DATE_FORMAT"), is_plan_text=False)

    for heading, kind, names in SECTIONS:
        note.section(heading, parts[kind], names)
    note.levels(levels_picture(plan))

    note.reviews(plan_reviews(plan).reviews)
    log_in_concept_note(note, plan)

    stream = io.BytesIO()
    note.document.save(stream)
    return stream.getvalue()


class ConceptNote:
    """A python-docx document that knows the plan's language, written top to bottom."""

    def __init__(self, plan_language):
        self.document = Document()
        self.plan_language = plan_language
        # The document's own words (headings, labels, choices) are in the reader's language.
        self._set_lang(self.document.styles["Normal"].element.get_or_add_rPr(), _reader())

    def _set_lang(self, rPr, language):
        if not language:
            return
        lang = rPr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rPr.append(lang)  # after any other property: w:lang comes late in CT_RPr
        lang.set(qn("w:val"), language)

    def run(self, paragraph, text, is_plan_text=True, bold=False):
        run = paragraph.add_run(_clean(text))
        run.bold = bold or None
        if is_plan_text:
            self._set_lang(run._r.get_or_add_rPr(), self.plan_language)
        return run

    def section(self, heading, fields, names):
        """A section: its heading and those of `names` that are filled; none, no section."""
        if names == ["activities"]:
            rows = [fields[name] for name in ACTIVITIES if name in fields]
            if rows:
                self.heading(heading)
                self.activities(rows)
            return
        filled = [name for name in names if name in fields]
        if filled:
            self.heading(heading)
        for name in filled:
            if name == "stakeholders":
                self.partners(fields[name])
            elif name == BUDGET_LINES:
                self.budget(fields[name], fields.get("budget_total"))
            else:
                self.field(fields[name])

    def heading(self, text):
        self.document.add_heading(_clean(text), level=1)

    def levels(self, picture):
        """Annex 1's levels in words, as the plan page's picture gives them in its text
        alternative: python-docx cannot embed the page's SVG drawing (Word would also need a
        bitmap beside it). Left out while the plan says nothing about any level."""
        if not any(p.works_here or p.does or p.stakeholders for p in picture.places):
            return
        self.heading(_("Levels of the socio-ecological model"))
        for place in picture.places:
            self.document.add_heading(_clean(place.level.name), level=2)
            if place.works_here:
                works = _("✓ The plan works at this level.")
            else:
                works = _("Not ticked in step 4: the plan does not say it works at this level.")
            self.run(self.document.add_paragraph(), works, is_plan_text=False)
            if place.does:
                label = _("What the plan does at this level")
                self.run(self.document.add_paragraph(), label, is_plan_text=False, bold=True)
                self.plan_paragraphs(place.does)
            if place.stakeholders:
                label = _("Stakeholders at this level")
                self.run(self.document.add_paragraph(), label, is_plan_text=False, bold=True)
            for stakeholder in place.stakeholders:
                self.stakeholder(stakeholder)

    def stakeholder(self, stakeholder):
        """A bullet: the name as written, then the kind (on its own where there is no name)."""
        paragraph = self.document.add_paragraph(style="List Bullet")
        if stakeholder.name:
            self.run(paragraph, stakeholder.name)
            self.run(paragraph, f" ({stakeholder.kind})", is_plan_text=False)
        else:
            self.run(paragraph, stakeholder.kind, is_plan_text=False)

    def reviews(self, reviews):
        """Partner organisations' reviews: assessment, comments by step, what was changed."""
        if reviews:
            self.heading(_("Reviews by partner organisations"))
        for review in reviews:
            heading = f"{review.request.organisation}: {review.get_assessment_display()}"
            self.document.add_heading(_clean(heading), level=2)
            self.plan_paragraphs(review.overall)
            for spec, comments in review.steps:
                for comment in comments:
                    about = comment.field_label or _("The step as a whole")
                    paragraph = self.document.add_paragraph()
                    self.run(paragraph, f"{spec.heading} · {about}", is_plan_text=False, bold=True)
                    self.plan_paragraphs(comment.text)
                    for reply in comment.replies.all():
                        self.labelled(_("Reply"), reply.text, is_plan_text=True)
                    if comment.is_resolved:
                        self.labelled(_("What we changed"), comment.resolution, is_plan_text=True)

    def plan_heading(self, text, level):
        self.run(self.document.add_heading(level=level), text)

    def plan_paragraphs(self, text, container=None):
        """A line break the author typed stays one: each line its own paragraph."""
        container = container or self.document
        for line in str(text).splitlines():
            if line.strip():
                self.run(container.add_paragraph(), line)

    def labelled(self, label, value, is_plan_text):
        paragraph = self.document.add_paragraph()
        self.run(paragraph, f"{label}: ", is_plan_text=False, bold=True)
        self.run(paragraph, value, is_plan_text=is_plan_text)

    def field(self, field):
        """A label, then the text as paragraphs or the choices as a list; a choice of one (a
        currency) on the label's line."""
        if field.kind == DescribedField.TEXT and not field.is_plan_text:
            self.labelled(field.label, field.value, is_plan_text=False)
            return
        self.run(self.document.add_paragraph(), field.label, is_plan_text=False, bold=True)
        if field.kind == DescribedField.CHOICES:
            for item in field.value:
                paragraph = self.document.add_paragraph(style="List Bullet")
                self.run(paragraph, item, is_plan_text=False)
        else:
            self.plan_paragraphs(field.value)

    def table(self, header, rows, right_aligned=()):
        """`rows`: lists of (text, is_plan_text) cells under a bold `header` row (None: no
        header); columns in `right_aligned` (numbers) are aligned right."""
        table = self.document.add_table(rows=0, cols=len(rows[0]) if rows else len(header))
        table.style = "Table Grid"
        if header is not None:
            cells = table.add_row().cells
            for index, (cell, label) in enumerate(zip(cells, header, strict=True)):
                self._cell_text(cell, label, False, index in right_aligned, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, (text, is_plan_text)) in enumerate(zip(cells, row, strict=True)):
                self._cell_text(cell, text, is_plan_text, index in right_aligned)
        self.document.add_paragraph()  # Word joins two tables that touch
        return table

    def _cell_text(self, cell, text, is_plan_text, right, bold=False):
        lines = [line for line in str(text).splitlines() if line.strip()] or [""]
        for number, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            self.run(paragraph, line, is_plan_text=is_plan_text, bold=bold)
            if right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def partners(self, field):
        names = list(forms.shown_fields(forms.Stakeholder))
        # Cells come in the row form's order (describe_part, nothing hidden).
        rows = [dict(zip(names, row, strict=True)) for row in field.value]
        header = [str(forms.Stakeholder.base_fields[name].label) for name in PARTNER_COLUMNS]
        cells = [[row[name] for name in PARTNER_COLUMNS] for row in rows]
        self.table(header, [[(cell.text, cell.is_plan_text) for cell in row] for row in cells])

    def activities(self, fields):
        """Step 4's methods, levels and timeline: one row per filled field."""
        rows = []
        for field in fields:
            if field.kind == DescribedField.CHOICES:
                rows.append([(field.label, False), ("\n".join(field.value), False)])
            else:
                rows.append([(field.label, False), (field.value, field.is_plan_text)])
        self.table(None, rows)

    def budget(self, field, total):
        """Item, amount, notes; a total row when any line has an amount."""
        names = list(forms.shown_fields(forms.BudgetLine))
        header = [str(forms.BudgetLine.base_fields[name].label) for name in names]
        rows = [[(cell.text, cell.is_plan_text) for cell in row] for row in field.value]
        if total is not None:
            rows.append([(total.label, False), (total.value, False), ("", False)])
        table = self.table(header, rows, right_aligned={names.index("amount")})
        if total is not None:
            for paragraph in (p for cell in table.rows[-1].cells for p in cell.paragraphs):
                for run in paragraph.runs:
                    run.bold = True


def _reader():
    return translation.get_language() or ""
