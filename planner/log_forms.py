"""Forms of the ACT log: an activity held, a reflection, and the start of logging.

Kept apart from forms.py, whose forms shape the planning steps' parts: these shape rows of
their own models (LoggedActivity, Reflection), which the services in services.py write.
"""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toolkit.models import ResistanceReason

from .forms import LONG, SHORT, mark_plan_text
from .models import AGE_BANDS, LoggedActivity

# More than any one activity gathers; a bigger figure is a typing slip, and would overflow
# the database's integer column long before it meant anything.
MOST_PEOPLE = 100_000
# Nothing in the log predates the toolkit's planners by decades; a year like 0202 is a slip.
EARLIEST_DAY = date(2000, 1, 1)


def count_field(label, help_text=""):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MOST_PEOPLE,
        initial=0,
        help_text=help_text,
        error_messages={
            "min_value": _("Enter 0 or a positive number."),
            "max_value": _("Enter a number up to %(limit_value)s."),
            "invalid": _("Enter a whole number, e.g. 12."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class DayInput(forms.DateInput):
    """The browser's date picker. It takes only a real day as its value (HTML), so what was
    typed that is none (a hand-made request) is not shown back: the error says what to do."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        text = super().format_value(value)
        try:
            return date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            return None


def day_field(label):
    return forms.DateField(
        label=label,
        widget=DayInput(),
        error_messages={"invalid": _("Enter a real date, e.g. 2026-03-14.")},
    )


def check_day(day):
    """A day from the past or today (in the reader's zone; a day of slack for zones ahead)."""
    if day < EARLIEST_DAY:
        raise forms.ValidationError(_("Enter a date after 2000."))
    if day > timezone.localdate() + timedelta(days=1):
        raise forms.ValidationError(
            _("Log activities once they have taken place: not a future date.")
        )
    return day


class ActivityForm(forms.Form):
    """An activity held. `version` (editing only) is the entry's version the form was loaded
    at; an empty one is a new entry."""

    held_on = day_field(_("Date"))
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=LoggedActivity.Kind.choices)
    place = forms.CharField(label=_("Place"), max_length=SHORT, required=False)
    participants_under_15 = count_field(_("Under 15"))
    participants_15_17 = count_field(_("15–17"))
    participants_18_24 = count_field(_("18–24"))
    participants_25_35 = count_field(_("25–35"))
    participants_over_35 = count_field(_("Over 35"))
    what_worked = forms.CharField(
        label=_("What worked"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resistance_reasons = forms.TypedMultipleChoiceField(
        label=_("Resistance you met"),
        help_text=_("The toolkit's reasons why men may resist gender equality."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose among the reasons listed; %(value)s is not one of them.")
        },
    )
    referrals_made = count_field(
        _("Referrals made"),
        help_text=_(
            "How many people you referred to support services: the number only. Write no "
            "names or other personal details anywhere in the log."
        ),
    )
    reflection = forms.CharField(
        label=_("Reflection"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would keep or change next time."),
    )
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    BANDS = [name for name, _label in AGE_BANDS]

    def __init__(self, *args, plan_language="", **kwargs):
        super().__init__(*args, **kwargs)
        reasons = list(ResistanceReason.objects.values_list("pk", "text"))
        if reasons:
            self.fields["resistance_reasons"].choices = reasons
        else:  # a toolkit without its reasons offers none to tick
            del self.fields["resistance_reasons"]
        mark_plan_text(self, plan_language)

    def clean_held_on(self):
        return check_day(self.cleaned_data["held_on"])

    def values(self):
        """The cleaned data as LoggedActivity's fields."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    @classmethod
    def initial_from(cls, activity):
        fields = [name for name in cls.base_fields if name != "version"]
        initial = {name: getattr(activity, name) for name in fields}
        return {**initial, "version": activity.version}


class ReflectionForm(forms.Form):
    """A self-reflection: one box per prompt of the toolkit (`prompts`, ExercisePrompts), each
    labelled with the toolkit's own question, and what the team takes from them."""

    written_on = day_field(_("Date"))
    notes = forms.CharField(
        label=_("What we take from this for our activities"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, prompts=(), plan_language="", **kwargs):
        super().__init__(*args, **kwargs)
        self.prompt_fields = []
        for prompt in prompts:
            name = f"prompt_{prompt.pk}"
            self.fields[name] = forms.CharField(
                label=prompt.question,
                max_length=LONG,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.prompt_fields.append((name, prompt))
        # The free text last, after the toolkit's questions.
        self.order_fields(["written_on", *[name for name, _p in self.prompt_fields], "notes"])
        mark_plan_text(self, plan_language)

    def clean_written_on(self):
        return check_day(self.cleaned_data["written_on"])

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in self.answer_names()):
            raise forms.ValidationError(
                _("Answer at least one question, or write what you take from them.")
            )
        return cleaned

    def answer_names(self):
        return [*[name for name, _prompt in self.prompt_fields], "notes"]

    def answers(self):
        """{str(prompt pk): answer} of the questions answered."""
        return {
            str(prompt.pk): self.cleaned_data[name].strip()
            for name, prompt in self.prompt_fields
            if self.cleaned_data.get(name, "").strip()
        }


class StartLoggingForm(forms.Form):
    """Mark a draft plan as in progress, from the details' version the page was loaded at."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
