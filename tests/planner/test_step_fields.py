"""The step pages' fields drawn without crispy's templates (planner/templatetags/step_fields.py)
give the HTML crispy gives: wrapper, label, input and its attributes, errors, help text."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.test.html import parse_html

from planner import forms
from planner.templatetags.step_fields import step_field
from planner.views.conflicts import _box
from planner.walkthrough import STEPS

pytestmark = pytest.mark.django_db

FORM_CLASSES = sorted(
    {spec.form_class for spec in STEPS}
    | {row_form for spec in STEPS for row_form, _label in spec.lists.values()},
    key=lambda form_class: form_class.__name__,
)

# Values for every kind of field, good and bad: a row without its required name, text too long,
# a choice that is none, a negative amount.
GOOD = {
    "name": "Youth centre <b>&",
    "kind": "ngo",
    "objective_agreed": "on",
    "item": "Tea",
    "amount": "12.50",
    "currency": "KZT",
    "notes": "Line one\nline two",
    "one_off": "on",
}
BAD = {
    "name": "",
    "kind": "not-a-kind",
    "item": "x" * 300,
    "amount": "-3",
    "currency": "XXX",
    "notes": "x" * 6000,
    "age": "x" * 300,
    "evaluation": "x" * 6000,
}


def forms_of(form_class, data, prefix=None):
    """Two forms alike, one for each renderer: crispy changes the widgets it draws."""
    return [
        form_class(data=data, prefix=prefix)
        if data is not None
        else form_class(initial=GOOD, prefix=prefix)
        for _ in range(2)
    ]


def assert_drawn_alike(ours, crispys):
    for name in ours.fields:
        theirs = str(crispys[name]) if ours[name].is_hidden else as_crispy_field(crispys[name])
        assert parse_html(step_field(ours[name])) == parse_html(theirs), name


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda form_class: form_class.__name__)
@pytest.mark.parametrize("data", [None, GOOD, BAD], ids=["unbound", "valid", "invalid"])
def test_it_draws_every_step_field_as_crispy_does(form_class, data):
    ours, crispys = forms_of(form_class, data, prefix="stakeholders-3")
    for form in (ours, crispys):
        forms.mark_plan_text(form, "ru")
        form.is_valid()
    assert_drawn_alike(ours, crispys)


def test_it_shows_errors_and_help_text_and_describes_the_input_by_both():
    ours, crispys = forms_of(forms.StrategyForm, {**BAD, "version": "1"})
    assert not ours.is_valid() and not crispys.is_valid()
    assert_drawn_alike(ours, crispys)
    html = step_field(ours["evaluation"])
    assert 'aria-describedby="id_evaluation_helptext id_evaluation_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="textarea form-control is-invalid"' in html
    assert (
        '<div id="id_evaluation_error" class="invalid-feedback"><p id="error_1_id_evaluation">'
        in html
    )


def test_it_draws_a_field_in_conflict_described_by_its_box():
    ours, crispys = forms_of(forms.Stakeholder, GOOD, prefix="stakeholders-0")
    for form in (ours, crispys):
        _box(form, "name", "Their name", "resolve:stakeholders:abc:name")
        _box(form, "objective_agreed", True, "resolve:stakeholders:abc:objective_agreed")
    assert_drawn_alike(ours, crispys)
    assert 'aria-describedby="id_stakeholders-0-name-conflict"' in step_field(ours["name"])


def test_it_leaves_other_widgets_to_crispy(choices):
    ours, crispys = forms_of(forms.ChallengesForm, None)
    assert_drawn_alike(ours, crispys)
    assert "form-check-input" in step_field(ours["resistance_reasons"])
