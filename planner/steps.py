"""The walk-through: which form, lists and toolkit guidance belong to each planning step.

Steps 1 to 5 are the toolkit's five planning steps (toolkit.PlanningStep, by number); the
challenges page follows them. Everything that shows or exports a plan reads a part through
`describe_part`, so the forms stay the one definition of what a step holds.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django import forms as django_forms
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from annexes.models import Level, Topic
from toolkit.models import PlanningStep, ResistanceReason, Section

from . import forms
from .models import PlanPart


@dataclass(frozen=True)
class StepSpec:
    kind: str
    number: int | None  # 1-5 for the planning steps, None for the challenges
    form_class: type
    lists: dict = field(default_factory=dict)  # data key -> (row form class, label)

    @property
    def title(self):
        return PlanPart.Kind(self.kind).label

    @property
    def heading(self):
        """The step as pages and exports head it: "Step 4: Develop a strategic approach"; the
        challenges have their title alone."""
        if self.number is None:
            return str(self.title)
        return gettext("Step %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    def url(self, plan):
        if self.number is None:
            return reverse("planner:plan_challenges", kwargs={"plan_id": plan.pk})
        return reverse("planner:plan_step", kwargs={"plan_id": plan.pk, "number": self.number})

    def formsets(self, part, data=None):
        """One formset per list of the step, bound to `data` on POST."""
        return {
            key: forms.list_formset(row_form)(
                data=data, initial=part.data.get(key) or None, prefix=key
            )
            for key, (row_form, _label) in self.lists.items()
        }


STEPS = [
    StepSpec(PlanPart.Kind.RESEARCH, 1, forms.ResearchForm),
    StepSpec(
        PlanPart.Kind.STAKEHOLDERS,
        2,
        forms.StakeholdersForm,
        {"stakeholders": (forms.Stakeholder, _("Stakeholders and allies"))},
    ),
    StepSpec(PlanPart.Kind.ENTRY_POINTS, 3, forms.EntryPointsForm),
    StepSpec(PlanPart.Kind.STRATEGY, 4, forms.StrategyForm),
    StepSpec(
        PlanPart.Kind.FUNDING,
        5,
        forms.FundingForm,
        {"budget_lines": (forms.BudgetLine, _("Budget lines"))},
    ),
    StepSpec(
        PlanPart.Kind.CHALLENGES,
        None,
        forms.ChallengesForm,
        {"referrals": (forms.SupportService, _("Support services for referrals"))},
    ),
]
STEPS_BY_KIND = {spec.kind: spec for spec in STEPS}
STEPS_BY_NUMBER = {spec.number: spec for spec in STEPS if spec.number}
CHALLENGES = STEPS_BY_KIND[PlanPart.Kind.CHALLENGES]


@dataclass(frozen=True)
class Confidential:
    """A part of a step's list that a share-link viewer never sees: the whole list, or some
    fields of its rows; with `person_kinds`, only in rows whose kind is a person."""

    key: str  # the list's data key
    fields: tuple = ()  # the rows' fields hidden; none: the whole list
    person_kinds: tuple = ()

    def hides(self, key, row=None):
        """Whether this rule hides list `key` (row None) or some fields of `row`."""
        if key != self.key:
            return False
        if row is None:
            return not self.fields
        return bool(self.fields) and (not self.person_kinds or row.get("kind") in self.person_kinds)


# What share-link viewers never see. The shared page, the exports for link viewers and the
# sharing page's explanation all read this list, so they cannot disagree.
CONFIDENTIAL = [
    # Where to get help is for the team to pass on in confidence, not for every link holder.
    Confidential("referrals"),
    # A contact (person, phone, e-mail) is personal data; an organisation's name is not, but the
    # name of a stakeholder who is a person is.
    Confidential("stakeholders", ("contact",)),
    Confidential(
        "stakeholders", ("name",), ("activist", "educator", "formal_leader", "informal_leader")
    ),
]


def _hidden_list(key):
    return any(rule.hides(key) for rule in CONFIDENTIAL)


def _hidden_fields(key, row):
    return {name for rule in CONFIDENTIAL if rule.hides(key, row) for name in rule.fields}


def link_view():
    """What a share-link viewer sees of each step and what is kept back, as labels, for the
    sharing page: {"sees": [(step title, [labels])], "hidden": [texts]}."""
    sees = []
    for spec in STEPS:
        labels = [
            field.label for name, field in spec.form_class.base_fields.items() if name != "version"
        ]
        for key, (row_form_class, label) in spec.lists.items():
            if _hidden_list(key):
                continue
            # A field hidden only in some rows is still seen in the others.
            always_hidden = {
                name
                for rule in CONFIDENTIAL
                if rule.key == key and not rule.person_kinds
                for name in rule.fields
            }
            row_labels = [
                str(field.label)
                for name, field in row_form_class.base_fields.items()
                if name not in always_hidden
            ]
            labels.append(
                _("%(list)s (%(fields)s)") % {"list": label, "fields": ", ".join(row_labels)}
            )
        sees.append((spec.title, labels))
    hidden = []
    for rule in CONFIDENTIAL:
        spec = next(spec for spec in STEPS if rule.key in spec.lists)
        row_form_class, label = spec.lists[rule.key]
        if not rule.fields:
            hidden.append(_("%(list)s: the whole list") % {"list": label})
            continue
        fields = get_text_list(
            [str(row_form_class.base_fields[name].label) for name in rule.fields], _("and")
        )
        if not rule.person_kinds:
            hidden.append(_("%(list)s: %(fields)s") % {"list": label, "fields": fields})
            continue
        kind_labels = dict(row_form_class.base_fields["kind"].choices)
        kinds = get_text_list([str(kind_labels[kind]) for kind in rule.person_kinds], _("or"))
        hidden.append(
            _("%(list)s: %(fields)s, where the kind is %(kinds)s (a person)")
            % {"list": label, "fields": fields, "kinds": kinds}
        )
    return {"sees": sees, "hidden": hidden}


def guidance_for(spec):
    """The toolkit's own guidance shown beside a step's form."""
    if spec.number is not None:
        return {
            "planning_step": PlanningStep.objects.prefetch_related("key_actions")
            .filter(number=spec.number)
            .first()
        }
    return {
        "challenge_sections": Section.objects.filter(
            page__slug="plan", kind=Section.Kind.CHALLENGE
        ).prefetch_related("reasons")
    }


class Cell(NamedTuple):
    """One field of a list's row, for reading: `is_plan_text` when people typed it (it is in
    the plan's language), not when it is one of the portal's choices (in the reader's)."""

    label: str
    text: str
    is_plan_text: bool = False


@dataclass
class DescribedField:
    TEXT, CHOICES, ROWS = "text", "choices", "rows"

    name: str
    label: str
    value: object  # text, list of texts, or for lists: list of rows, each a list of Cells
    is_list: bool = False
    # Typed by people, so in the plan's language (pages mark it with lang); choices and
    # "Yes" are the portal's words, in the reader's.
    is_plan_text: bool = False

    @property
    def kind(self):
        """How templates and exports show the value: TEXT, CHOICES or ROWS."""
        if self.is_list:
            return self.ROWS
        return self.CHOICES if isinstance(self.value, list) else self.TEXT

    @property
    def is_empty(self):
        return not (str(self.value).strip() if self.kind == self.TEXT else self.value)


def describe_part(part, lookups, hide_confidential=False):
    """Label every stored value of `part` for reading, printing and exporting; with
    `hide_confidential`, without what CONFIDENTIAL keeps from share-link viewers.

    `lookups` comes from `choice_lookups()`, loaded once per page however many parts it shows.
    """
    spec = STEPS_BY_KIND[part.kind]
    form = spec.form_class()
    described = []
    for name, form_field in form.fields.items():
        if name == "version":
            continue
        value = part.data.get(name)
        choices = lookups.get(name) or dict(getattr(form_field, "choices", []) or [])
        if isinstance(value, list):
            value = [str(choices.get(item, item)) for item in value]
        elif isinstance(value, bool):
            value = _("Yes") if value else ""
        described.append(
            DescribedField(
                name,
                str(form_field.label),
                value or "",
                is_plan_text=forms.is_plan_text(form_field),
            )
        )
    for key, (row_form_class, label) in spec.lists.items():
        if hide_confidential and _hidden_list(key):
            continue
        row_form = row_form_class()
        rows = []
        for row in part.data.get(key) or []:
            hidden = _hidden_fields(key, row) if hide_confidential else set()
            cells = []
            for name, form_field in row_form.fields.items():
                if name in hidden:
                    continue
                value = row.get(name, "")
                if isinstance(value, bool):
                    value = _("Yes") if value else _("No")
                elif isinstance(form_field, django_forms.DecimalField):
                    value = _number(value)
                elif getattr(form_field, "choices", None):
                    value = dict(form_field.choices).get(value, value)
                text = str(value) if value is not None else ""
                cells.append(Cell(str(form_field.label), text, forms.is_plan_text(form_field)))
            rows.append(cells)
        described.append(DescribedField(key, str(label), rows, is_list=True))
    return described


def _number(text):
    """A stored amount ("1500.50") for reading, in the reader's language: "1,500.50",
    "1 500,50". Exact as entered; stored data and the JSON export keep the plain text."""
    try:
        number = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return text
    if not number.is_finite():
        return text
    return number_format(number, force_grouping=True)


def choice_lookups():
    """Labels for values that point at content: Annex 2 topics, Annex 1 levels, reasons."""
    return {
        "topics": dict(Topic.objects.values_list("slug", "title")),
        "levels": dict(Level.objects.values_list("slug", "name")),
        "resistance_reasons": dict(ResistanceReason.objects.values_list("pk", "text")),
    }
