"""Forms for plans, networks and each planning step.

A step's form shapes what its PlanPart stores: `PartForm.to_data()` gives the JSON-ready dict
saved in `PlanPart.data`, and `PartForm(data=..., initial=part.data)` reads it back. List-shaped
parts of a step (stakeholders, budget lines, support services) are formsets whose rows become
lists of dicts under the formset's key.
"""

import re
import uuid
from decimal import Decimal

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from annexes.models import Level, Topic
from core.page_cache import KeptPerContent
from toolkit.models import ResistanceReason

from .models import InitiativePlan, Membership, Network, PlanTag, Review

SHORT = 200
LONG = 5000

VERSION_ERROR = _(
    "Not saved: this form's version is missing or not a number, so we cannot tell whether "
    "someone else saved in the meantime. Compare your text with what is saved now, then save "
    "again."
)


def short_text(label, help_text=""):
    return forms.CharField(label=label, max_length=SHORT, required=False, help_text=help_text)


def long_text(label, help_text=""):
    return forms.CharField(
        label=label,
        max_length=LONG,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanForm(forms.ModelForm):
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas, e.g. fatherhood, sports."),
    )

    class Meta:
        model = InitiativePlan
        fields = ["title", "summary", "status", "tags"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        limit = PlanTag._meta.get_field("name").max_length
        if any(len(tag) > limit for tag in tags):
            raise forms.ValidationError(
                _("Each tag can be at most %(limit)d characters long."), params={"limit": limit}
            )
        return tags


class PlanDetailsForm(PlanForm):
    """The details of an existing plan, with the version they were loaded at, so that a save on
    top of someone else's newer one is refused (InitiativePlan.save_details)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    class Meta(PlanForm.Meta):
        fields = [*PlanForm.Meta.fields, "language"]
        labels = {"language": _("Language of this plan")}
        help_texts = {
            "language": _(
                "The language you write the plan in. The plan's text is never translated: "
                "pages in other languages mark it, so that screen readers read it in the right "
                "voice."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [
            ("", _("Not stated")),
            *InitiativePlan._meta.get_field("language").choices,
        ]
        mark_plan_text(self, self.instance.language)


def mark_plan_text(form, language):
    """Give the inputs where people write plan text the plan's language (lang, WCAG 3.1.2), so
    that screen readers and spelling checkers take it for what it is, whatever the page's
    language. Choices and numbers are the portal's words, in the reader's language."""
    if not language:
        return
    for form_field in form.fields.values():
        if is_plan_text(form_field):
            form_field.widget.attrs["lang"] = language


def is_plan_text(form_field):
    """Whether people type this field's value (plan text, in the plan's language): a text
    field, not a choice, a tick box or a number."""
    return isinstance(form_field, forms.CharField)  # tags too: TagField is one


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RoleForm(forms.Form):
    """A role in a network: a member's, or the one an invitation gives."""

    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ShareWithNetworkForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Share with network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("Nobody: keep the plan private"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(memberships__user=user)


class ShareLinkForm(forms.Form):
    expires_in_days = forms.TypedChoiceField(
        label=_("Link works for"),
        coerce=int,
        choices=[(0, _("Until revoked")), (1, _("1 day")), (7, _("7 days")), (30, _("30 days"))],
        initial=7,
    )


class AcknowledgeFindingForm(forms.Form):
    """Keep a finding of the self-check: why the plan stays as it is."""

    reason = forms.CharField(
        label=_("Why the plan stays as it is"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the plan keeps this, so your team knows.")},
    )


# --- Planning steps -----------------------------------------------------------------------


class PartForm(forms.Form):
    """A step's fields; `version` carries the PlanPart version the form was loaded from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def to_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


ROW_ID = re.compile(r"^[0-9a-f]{32}$")


def new_row_id():
    return uuid.uuid4().hex


class ListRowForm(forms.Form):
    """One row of a step's list. `row_id` names the row for good, whatever its position, so that
    two people's edits of a list merge row by row (planner/merge.py)."""

    # A plain Field: a hand-made id (too long, odd characters) is not the person's mistake to
    # fix, so it raises no error; the row simply gets a new id.
    row_id = forms.Field(widget=forms.HiddenInput, required=False)

    def clean_row_id(self):
        row_id = self.cleaned_data["row_id"]
        return row_id if isinstance(row_id, str) and ROW_ID.match(row_id) else ""

    def to_data(self):
        # The formset's "remove" box is not part of the row.
        data = {name: value for name, value in self.cleaned_data.items() if name != "DELETE"}
        data["row_id"] = data.get("row_id") or new_row_id()
        return data


def shown_fields(form_class):
    """The fields of a form that people fill in and read: not the hidden bookkeeping (a part's
    version, a row's id)."""
    return {
        name: form_field
        for name, form_field in form_class.base_fields.items()
        if not form_field.widget.is_hidden
    }


def with_empty_choice(choices):
    # Without an empty choice a select always holds a value, so the empty row for a new
    # entry would count as filled in and demand a name.
    return [("", _("Choose…")), *choices]


def list_formset(form_class):
    return forms.formset_factory(
        form_class, extra=1, can_delete=True, max_num=50, validate_max=True, absolute_max=50
    )


class ResearchForm(PartForm):
    age = short_text(_("Age"))
    profession = short_text(_("Profession"))
    location = short_text(_("Location"))
    religion = short_text(_("Religion"))
    education = short_text(_("Education"))
    socio_economic_background = short_text(_("Socio-economic background"))
    where_and_when = long_text(_("Where and when you can best reach them"))
    barriers = long_text(_("Barriers to change"))
    motivators = long_text(_("Motivators for change"))
    attitudes_and_needs = long_text(_("Current attitudes, needs and behaviours"))


class Stakeholder(ListRowForm):
    class Kind:
        CHOICES = [
            ("womens_rights", _("Women's rights organisation")),
            ("ngo", _("Local NGO")),
            ("activist", _("Activist")),
            ("educator", _("Educator")),
            ("youth_group", _("Youth group")),
            ("media", _("Media")),
            ("influencer", _("Opinion leader or influencer")),
            ("religious", _("Religious community")),
            ("cultural", _("Cultural community")),
            ("sports", _("Sports community")),
            ("formal_leader", _("Formal leader")),
            ("informal_leader", _("Informal leader")),
            ("other", _("Other")),
        ]

    name = forms.CharField(label=_("Name"), max_length=SHORT)
    kind = forms.ChoiceField(label=_("Kind"), choices=with_empty_choice(Kind.CHOICES))
    role = short_text(_("Their role in the initiative"))
    contact = short_text(_("Contact"))
    objective_agreed = forms.BooleanField(
        label=_("We share a common understanding of the objective"), required=False
    )


class StakeholdersForm(PartForm):
    notes = long_text(_("Notes on the collective effort"))


class TopicCheckboxes(forms.widgets.ChoiceWidget):
    """Annex 2 topics as tick boxes, a fieldset per thematic area, each topic with its possible
    questions in a disclosure (templates/planner/widgets/). Choices are grouped by area:
    [(area, [(slug, title), ...]), ...]; `topics` maps each slug to its Topic.

    Not a CheckboxSelectMultiple, whose crispy template would draw the groups as bare bold text;
    the rest of its behaviour is copied here."""

    allow_multiple_selected = True
    input_type = "checkbox"
    use_fieldset = True
    template_name = "planner/widgets/topic_checkboxes.html"
    option_template_name = "planner/widgets/topic_option.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.topics = {}

    def render(self, name, value, attrs=None, renderer=None):
        # Django's own form renderer sees only the apps' templates, not templates/planner/.
        return super().render(name, value, attrs, renderer=TemplatesSetting())

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        # Boxes numbered across the groups (id_topics_0, _1...) as in a list without groups:
        # the error summary leads to the first one.
        if value in self.topics:
            index, subindex = list(self.topics).index(value), None
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["topic"] = self.topics.get(value)
        return option

    def use_required_attribute(self, initial):
        return False  # "tick at least one" cannot be said with `required` on a box

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked sends nothing: that means none

    def id_for_label(self, id_, index=None):
        # No label points at the first box only; the fieldset's legend names the group.
        return "" if index is None else super().id_for_label(id_, index)


# The choices the step forms offer come from the content: built once per content stamp and
# language, not on every page and autosave (core/page_cache.py).


def _topic_choices():
    # Two queries: the topics with their areas, then all their questions.
    topics = list(Topic.objects.select_related("area").prefetch_related("questions"))
    groups = {}
    for topic in topics:
        groups.setdefault(topic.area, []).append((topic.slug, topic.title))
    return list(groups.items()), {topic.slug: topic for topic in topics}


_TOPIC_CHOICES = KeptPerContent(_topic_choices)
_LEVEL_CHOICES = KeptPerContent(lambda: list(Level.objects.values_list("slug", "name")))
_REASON_CHOICES = KeptPerContent(lambda: list(ResistanceReason.objects.values_list("pk", "text")))


class EntryPointsForm(PartForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics from Annex 2"),
        required=False,
        widget=TopicCheckboxes,
        help_text=_("Topics that are meaningful to your audience; their questions are shown."),
    )
    own_topics = long_text(_("Your own topics"))
    shared_values = long_text(_("Shared values that frame the conversation"))
    local_examples = long_text(_("Local examples that resonate with your audience"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups, by_slug = _TOPIC_CHOICES.get()
        field = self.fields["topics"]
        field.choices = groups
        field.widget.topics = by_slug


class StrategyForm(PartForm):
    METHODS = [
        ("training", _("Training")),
        ("media_campaign", _("Media campaign")),
        ("social_media_campaign", _("Social media campaign")),
        ("peer_education", _("Peer education")),
        ("dialogue_group", _("Dialogue group")),
        ("other", _("Other")),
    ]

    objectives = long_text(_("Objectives"))
    outcomes = long_text(_("Expected outcomes"))
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=METHODS, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_methods = short_text(_("Other methods"))
    levels = forms.MultipleChoiceField(
        label=_("Levels of the socio-ecological model it works at"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # What the plan does at each level, by Level slug (Annex 1's rows): the levels picture
    # (planner/levels_picture.py) reads them through AT_LEVEL.
    at_individual = long_text(_("What you do at the individual level"))
    at_relationships = long_text(_("What you do at the level of relationships"))
    at_community = long_text(_("What you do at the community level"))
    at_society = long_text(_("What you do at the level of society"))
    participatory = long_text(_("How the approach is participatory"))
    inclusive = long_text(_("How the approach is inclusive"))
    gender_transformative = long_text(_("How the approach is gender-transformative"))
    timeline = long_text(_("Timeline"))
    evaluation = long_text(
        _("How you will monitor and evaluate the impact"),
        _(
            "For example: who collects feedback, when, and how you will know that something "
            "changed."
        ),
    )
    one_off = forms.BooleanField(label=_("This is a one-off event"), required=False)

    AT_LEVEL = {
        "individual": "at_individual",
        "relationships": "at_relationships",
        "community": "at_community",
        "society": "at_society",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].choices = _LEVEL_CHOICES.get()


class BudgetLine(ListRowForm):
    item = forms.CharField(label=_("Item"), max_length=SHORT)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    notes = short_text(_("Notes"))

    def to_data(self):
        data = super().to_data()
        # JSON has no decimals: keep the exact amount as text.
        data["amount"] = "" if data["amount"] is None else str(data["amount"])
        return data


class FundingForm(PartForm):
    # The currencies of the five countries, and those donors budget in.
    CURRENCIES = [
        ("KZT", _("Kazakhstani tenge (KZT)")),
        ("KGS", _("Kyrgyz som (KGS)")),
        ("TJS", _("Tajikistani somoni (TJS)")),
        ("TMT", _("Turkmenistani manat (TMT)")),
        ("UZS", _("Uzbekistani som (UZS)")),
        ("EUR", _("Euro (EUR)")),
        ("USD", _("US dollar (USD)")),
    ]

    grants_and_donors = long_text(_("Grants or donors applied to"))
    in_kind_venues = long_text(_("In-kind support: venues"))
    in_kind_facilitators = long_text(_("In-kind support: facilitators"))
    in_kind_materials = long_text(_("In-kind support: materials"))
    existing_programmes = long_text(_("Existing programmes to build on"))
    # Last, so that it sits just above the budget lines it applies to.
    currency = forms.ChoiceField(
        label=_("Currency of the budget"),
        choices=[("", _("Not stated")), *CURRENCIES],
        required=False,
    )


class SupportService(ListRowForm):
    KINDS = [
        ("medical", _("Medical")),
        ("mental_health", _("Mental health / psychosocial")),
        ("social_welfare", _("Social welfare")),
        ("legal", _("Legal")),
        ("helpline", _("Helpline")),
        ("other", _("Other")),
    ]

    name = forms.CharField(label=_("Name"), max_length=SHORT)
    kind = forms.ChoiceField(label=_("Kind"), choices=with_empty_choice(KINDS))
    contact = short_text(_("Contact"))
    area = short_text(_("Area served"))


class ChallengesForm(PartForm):
    resistance_reasons = forms.TypedMultipleChoiceField(
        label=_("Reasons for resistance you expect"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    resistance_approach = long_text(_("How you will handle resistance"))
    accountability_organisations = long_text(
        _("Women's rights organisations that check in on the initiative")
    )
    accountability_check_ins = long_text(_("When they check in"))
    accountability_feedback = long_text(_("Their feedback and what you changed"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resistance_reasons"].choices = _REASON_CHOICES.get()


# --- Accountability reviews ----------------------------------------------------------------


class ReviewRequestForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("A women's rights organisation, or women gender activists, you ask to review."),
    )
    email = forms.EmailField(
        label=_("Their e-mail (optional)"),
        required=False,
        help_text=_("Only to send them the link from your own e-mail; the portal keeps it here."),
    )
    # A review link always expires: it opens the plan to someone without an account.
    expires_in_days = forms.TypedChoiceField(
        label=_("Link works for"),
        coerce=int,
        choices=[(7, _("7 days")), (30, _("30 days"))],
        initial=30,
    )


class ReviewForm(forms.Form):
    """The reviewer's overall assessment; needed to submit, not to keep a draft."""

    assessment = forms.ChoiceField(
        label=_("Overall assessment"),
        choices=Review.Assessment.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    overall = forms.CharField(
        label=_("Overall comment"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean_assessment(self):
        assessment = self.cleaned_data["assessment"]
        if self.submitting and not assessment:
            raise forms.ValidationError(_("Choose an overall assessment to submit the review."))
        return assessment


class ReviewCommentForm(forms.Form):
    """One comment on a step; `field_choices` are the step's fields a reviewer sees. A comment
    left empty is no comment."""

    field_name = forms.ChoiceField(label=_("Which field"), required=False)
    text = forms.CharField(
        label=_("Comment"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Options carry the field's name behind a prefix: a bare name ("topics") would read as an
    # English word to a check of the page's language (value attributes are read).
    PREFIX = "field:"

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.PREFIX + name, label) for name, label in field_choices]
        self.fields["field_name"].choices = [("", _("The step as a whole")), *choices]

    def clean_field_name(self):
        return self.cleaned_data["field_name"].removeprefix(self.PREFIX)


# A few boxes per step; a draft saved shows one more empty box.
review_comment_formset = forms.formset_factory(
    ReviewCommentForm, extra=1, max_num=20, validate_max=True, absolute_max=20
)


class ReviewReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"), max_length=LONG, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveCommentForm(forms.Form):
    resolution = forms.CharField(
        label=_("What we changed"),
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what you changed, or why nothing needed to change.")},
    )
