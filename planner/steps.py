"""The walk-through: which form, lists and toolkit guidance belong to each planning step.

Steps 1 to 5 are the toolkit's five planning steps (toolkit.PlanningStep, by number); the
challenges page follows them. Everything that shows or exports a plan reads a part through
`describe_part`, so the forms stay the one definition of what a step holds.
"""

from dataclasses import dataclass, field

from django.urls import reverse
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
CONFIDENTIAL_LISTS = {"referrals"}  # never shown to share-link viewers


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


@dataclass
class DescribedField:
    TEXT, CHOICES, ROWS = "text", "choices", "rows"

    name: str
    label: str
    value: object  # text, list of texts, or for lists: list of [(label, text), ...] rows
    is_list: bool = False

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
    """Label every stored value of `part` for reading, printing and exporting.

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
        described.append(DescribedField(name, str(form_field.label), value or ""))
    for key, (row_form_class, label) in spec.lists.items():
        if hide_confidential and key in CONFIDENTIAL_LISTS:
            continue
        row_form = row_form_class()
        rows = []
        for row in part.data.get(key) or []:
            cells = []
            for name, form_field in row_form.fields.items():
                value = row.get(name, "")
                if isinstance(value, bool):
                    value = _("Yes") if value else _("No")
                elif getattr(form_field, "choices", None):
                    value = dict(form_field.choices).get(value, value)
                cells.append((str(form_field.label), str(value) if value is not None else ""))
            rows.append(cells)
        described.append(DescribedField(key, str(label), rows, is_list=True))
    return described


def choice_lookups():
    """Labels for values that point at content: Annex 2 topics, Annex 1 levels, reasons."""
    return {
        "topics": dict(Topic.objects.values_list("slug", "title")),
        "levels": dict(Level.objects.values_list("slug", "name")),
        "resistance_reasons": dict(ResistanceReason.objects.values_list("pk", "text")),
    }
