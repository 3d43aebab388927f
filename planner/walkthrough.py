"""The walk-through: which form and lists belong to each planning step, and what share-link
viewers never see.

Steps 1 to 5 are the toolkit's five planning steps (toolkit.PlanningStep, by number); the
challenges page follows them. Everything that shows or exports a plan reads a part through
`selectors.describe_part`, so the forms stay the one definition of what a step holds.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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

    @property
    def chooses_topics(self):
        """Whether the step's form chooses Annex 2 topics (step 3)."""
        return "topics" in self.form_class.base_fields

    def url(self, plan):
        if self.number is None:
            return reverse("planner:plan_challenges", kwargs={"plan_id": plan.pk})
        return reverse("planner:plan_step", kwargs={"plan_id": plan.pk, "number": self.number})

    def submitted_forms(self, data, version=None):
        """The step's form and its lists' formsets bound to `data`; with `version`, as if the
        form had been loaded at that version, so that saving it again on purpose replaces
        what is saved now (the form shown after a conflict)."""
        if version is not None:
            data = data.copy()
            data["version"] = str(version)
        # A submitted row is compared with nothing rather than with the row now saved at its
        # position: after someone else's save those differ, and an untouched empty row would
        # count as changed.
        return self.form_class(data=data), self.formsets(PlanPart(kind=self.kind), data)

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
        "stakeholders",
        ("name",),
        ("activist", "educator", "formal_leader", "informal_leader", "influencer"),
    ),
]


def hidden_list(key):
    return any(rule.hides(key) for rule in CONFIDENTIAL)


def hidden_fields(key, row):
    return {name for rule in CONFIDENTIAL if rule.hides(key, row) for name in rule.fields}


def link_view():
    """What a share-link viewer sees of each step and what is kept back, as labels, for the
    sharing page: {"sees": [(step title, [labels])], "hidden": [texts]}."""
    sees = []
    for spec in STEPS:
        labels = [field.label for field in forms.shown_fields(spec.form_class).values()]
        for key, (row_form_class, label) in spec.lists.items():
            if hidden_list(key):
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
                for name, field in forms.shown_fields(row_form_class).items()
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
