"""Hostile input to the planning steps and the challenges: every field of every step's
form (main fields, list rows, the lists' management forms, the version), sent as a page's
form and as the autosave's JSON variant, and the topics ticked on step 3. The answer is never a
5xx. A valid step saves exactly what Django's fields make of the submitted text, and the page
shows it back; a refused step saves nothing and shows the submitted text again.

Every example runs inside `rolled_back()`, so the examples of one test never see each other's
rows; objects from fixtures are re-read inside the example for the same reason."""

import re
import string
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.utils.html import escape
from hypothesis import event, example, given
from hypothesis import strategies as st

from planner.models import InitiativePlan, PlanPart
from planner.walkthrough import STEPS
from tests.oracle import (
    INVALID,
    NUL_ERROR,
    assert_no_nul_stored,
    checkbox_value,
    cleaned_text,
)
from tests.pages import assert_not_server_error, client_for, page, submittable
from tests.planner.factories import without_row_ids
from tests.strategies import (
    HUGE_NUMBER,
    fitting_text,
    hostile_settings,
    hostile_text,
    rolled_back,
    short_hostile_text,
)

pytestmark = pytest.mark.django_db


@hostile_settings(max_examples=25)
@given(topics=st.lists(st.one_of(st.sampled_from(["topic-0-0", "topic-0-1"]), hostile_text)))
@example(topics=["\x00"])
@example(topics=["topic-0-0", "topic-0-0\x00"])
def test_the_topics_ticked_on_step_3_never_fail(owner, plan, choices, topics):
    """A refused step 3 shows the questions of the topics ticked: only real ones are looked up."""
    known = {topic_.slug: topic_ for topic_ in choices["topics"]}
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(PlanPart.Kind.ENTRY_POINTS)
        response = client_for(owner).post(
            f"/plans/{plan.pk}/steps/3/", {"version": part.version, "topics": topics}
        )

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        if all(slug in known for slug in topics):
            assert response.status_code == 302
            assert after.data["topics"] == topics
        else:
            assert response.status_code == 200
            assert after.version == part.version
            ticked = [slug for slug in topics if slug in known]
            assert submittable(response).get("topics", []) == sorted(set(ticked))
            shown_topics = re.findall(r'<h3 id="topic-([-\w]+)-heading">', page(response))
            assert shown_topics == sorted(set(ticked))


SPECS = {spec.kind: spec for spec in STEPS}
KNOWN_BAD_AMOUNTS = ["abc", "NaN", "Infinity", "-1", "1.234", "1e20", "12345678901.00", "1,5"]
valid_amount = st.decimals(
    min_value=0, max_value=Decimal("9999999999.99"), places=2, allow_nan=False
).map(str)
padded_amount = st.builds(
    lambda pad, amount: pad + amount + pad, st.sampled_from(["", " "]), valid_amount
)
valid_name = st.builds(
    lambda text, letter: (text + letter)[-200:].replace("\x00", ""),
    short_hostile_text,
    st.sampled_from(string.ascii_letters + "ЖשمΩ"),
)
checkbox = st.one_of(st.none(), st.sampled_from(["on", "", "false", "FALSE", "0"]), hostile_text)


@dataclass
class Submission:
    """A drawn POST for a step, with what it must lead to."""

    post: dict
    valid: bool | None = True  # None: this test does not say (e.g. amounts such as "١٢")
    saved: dict = field(default_factory=dict)  # the part's data after a valid save
    kept: dict = field(default_factory=dict)  # main text fields as a refused form shows them
    invalid: list = field(default_factory=list)  # names of the fields that must be refused
    nul: bool = False  # a main text field holds NUL

    def refuse(self, name):
        self.valid = False
        self.invalid.append(name)

    def unsure(self):
        if self.valid is True:
            self.valid = None


def draw_text_field(draw, sub, name, form_field, careful):
    text = fitting_text(form_field.max_length) if careful else hostile_text
    raw = draw(st.one_of(st.none(), text))
    if raw is not None:
        sub.post[name] = raw
    expected = cleaned_text(raw or "", form_field.max_length, required=form_field.required)
    return raw, expected


def draw_main_fields(draw, spec, sub, careful):
    form = spec.form_class()
    for name, form_field in form.fields.items():
        if name == "version":
            continue
        if isinstance(form_field, django_forms.MultipleChoiceField):
            offered = [  # choices may come in groups (step 3's topics, by thematic area)
                str(value)
                for key, label in form_field.choices
                for value, _label in (label if isinstance(label, list | tuple) else [(key, label)])
            ]
            value = st.sampled_from(offered)
            values = draw(
                st.lists(value if careful else st.one_of(value, hostile_text), max_size=4)
            )
            if values:
                sub.post[name] = values
            if all(value in offered for value in values):
                coerce = getattr(form_field, "coerce", lambda value: value)
                sub.saved[name] = [coerce(value) for value in values]
            else:
                sub.refuse(name)
        elif isinstance(form_field, django_forms.BooleanField):
            raw = draw(checkbox)
            if raw is not None:
                sub.post[name] = raw
            sub.saved[name] = checkbox_value(raw)
        elif isinstance(form_field, django_forms.ChoiceField):
            draw_choice(draw, sub, name, form_field, careful)
        else:
            assert isinstance(form_field, django_forms.CharField), name
            raw, expected = draw_text_field(draw, sub, name, form_field, careful)
            # The step form renders field by field, outside crispy's whitespace folding
            # (tests/oracle.py shown_again), so a refused field comes back exactly as sent.
            sub.kept[name] = raw or ""
            sub.nul = sub.nul or "\x00" in (raw or "")
            if expected is INVALID:
                sub.refuse(name)
            else:
                sub.saved[name] = expected


def draw_choice(draw, sub, name, form_field, careful):
    offered = [value for value, _label in form_field.choices]
    choice = st.sampled_from(offered)
    raw = draw(choice if careful else st.one_of(choice, hostile_text))
    sub.post[name] = raw
    if raw in offered:
        sub.saved[name] = raw
    else:
        sub.refuse(name)


UNSURE = object()  # a cell whose outcome this test does not say (e.g. amounts such as "١٢")


def cell_strategy(form_field, plausible):
    """What to send for one cell of a list row: plausible values, or anything at all."""
    if isinstance(form_field, django_forms.ChoiceField):
        offered = [value for value, _label in form_field.choices if value]
        if plausible:
            return st.sampled_from(offered)
        return st.one_of(st.none(), st.just(""), st.sampled_from(offered), hostile_text)
    if isinstance(form_field, django_forms.BooleanField):
        return checkbox
    if isinstance(form_field, django_forms.DecimalField):
        if plausible:
            return st.one_of(st.none(), st.just(""), padded_amount)
        return st.one_of(st.sampled_from(KNOWN_BAD_AMOUNTS), padded_amount, hostile_text)
    if form_field.required:
        return valid_name if plausible else hostile_text
    return st.one_of(st.none(), fitting_text(form_field.max_length) if plausible else hostile_text)


def expected_amount(raw):
    """What a DecimalField cell saves: "" when left empty, the amount, INVALID or UNSURE."""
    if raw in (None, ""):
        return ""
    if raw in KNOWN_BAD_AMOUNTS:
        return INVALID
    if re.fullmatch(r" ?[0-9]{1,10}\.[0-9][0-9] ?", raw):
        return str(Decimal(raw.strip()))
    return UNSURE


def expected_cell(form_field, raw):
    """(whether the cell counts as filled in, what it saves: a value, INVALID or UNSURE)."""
    if isinstance(form_field, django_forms.ChoiceField):
        filled = raw not in (None, "")  # and required: an empty choice is refused
        return filled, raw if filled and raw in dict(form_field.choices) else INVALID
    if isinstance(form_field, django_forms.BooleanField):
        return checkbox_value(raw), checkbox_value(raw)
    if isinstance(form_field, django_forms.DecimalField):
        return raw not in (None, ""), expected_amount(raw)
    expected = cleaned_text(raw or "", form_field.max_length, required=form_field.required)
    return (raw or "").strip() != "", expected


def draw_cells(draw, sub, prefix, row_form_class, shape):
    """Every cell of one row, sent in `sub.post`; returns {name: expected_cell(...)}."""
    cells = {}
    for name, form_field in row_form_class().fields.items():
        if form_field.widget.is_hidden:
            continue  # the row's id: tests/planner/test_merge.py
        raw = None if shape == "blank" else draw(cell_strategy(form_field, shape == "plausible"))
        if raw is not None:
            sub.post[prefix + name] = raw
        cells[name] = expected_cell(form_field, raw)
    return cells


def draw_row(draw, sub, key, index, row_form_class, careful):
    """One list row: mostly plausible, sometimes hostile, sometimes removed or left blank."""
    shapes = ["plausible", "blank"] if careful else ["plausible", "hostile", "blank"]
    shape = draw(st.sampled_from(shapes))
    prefix = f"{key}-{index}-"
    cells = draw_cells(draw, sub, prefix, row_form_class, shape)
    removed = draw(st.sampled_from([None, None, None, "on"])) if shape != "blank" else None
    if removed is not None:
        sub.post[prefix + "DELETE"] = removed
    if checkbox_value(removed) or not any(filled for filled, _value in cells.values()):
        return None  # a removed or untouched row: not validated, not saved
    outcomes = [value for _filled, value in cells.values()]
    if any(value is INVALID for value in outcomes):
        sub.refuse(prefix)
    elif any(value is UNSURE for value in outcomes):
        sub.unsure()
    return {
        name: value
        for name, (_filled, value) in cells.items()
        if value is not INVALID and value is not UNSURE
    }


@st.composite
def step_submissions(draw, spec, version):
    sub = Submission(post={"version": str(version)})
    # Careful submissions fit every field, so that valid saves are drawn often, not by luck.
    careful = draw(st.booleans())
    draw_main_fields(draw, spec, sub, careful)
    for key, (row_form_class, _label) in spec.lists.items():
        count = draw(st.integers(min_value=0, max_value=3))
        rows = [draw_row(draw, sub, key, index, row_form_class, careful) for index in range(count)]
        # As the page sends it: the rows, one empty row for a new entry, a fresh management form.
        sub.post.update(
            {
                f"{key}-TOTAL_FORMS": str(count + 1),
                f"{key}-INITIAL_FORMS": "0",
                f"{key}-MIN_NUM_FORMS": "0",
                f"{key}-MAX_NUM_FORMS": "50",
            }
        )
        sub.saved[key] = [row for row in rows if row is not None]
    return sub


def assert_shown_again(response, sub):
    """A refused step keeps every main text field as it was sent."""
    shown = submittable(response)
    html = page(response)
    for name, as_shown in sub.kept.items():
        assert shown[name] == [as_shown], name
        assert escape(as_shown) in html


def assert_page_shows_saved(response, spec, saved):
    shown = submittable(response)
    html = page(response)
    for name, value in saved.items():
        if name in spec.lists:
            for index, row in enumerate(value):
                for cell, text in row.items():
                    if isinstance(text, str):
                        assert shown[f"{name}-{index}-{cell}"] == [text]
                        assert escape(text) in html
        elif isinstance(value, str):
            assert shown[name] == [value], name
            assert escape(value) in html


@hostile_settings(max_examples=20)
@pytest.mark.parametrize("kind", list(SPECS))
@given(data=st.data())
def test_step_forms_never_fail_and_save_the_text_exactly(owner, plan, choices, kind, data):
    spec = SPECS[kind]
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(kind)
        sub = data.draw(step_submissions(spec, part.version))
        event(f"valid: {sub.valid}")
        client = client_for(owner)
        response = client.post(spec.url(plan), sub.post)

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        assert_no_nul_stored(after.data)
        if sub.valid is False:
            assert response.status_code == 200
            assert 'id="error-summary"' in page(response)
            if sub.nul:
                assert NUL_ERROR in page(response)
            assert (after.version, after.data) == (part.version, part.data)
            assert_shown_again(response, sub)
            return
        if sub.valid is True:
            assert response.status_code == 302, page(response)
        if response.status_code == 200:
            assert after.version == part.version
            assert_shown_again(response, sub)
            return
        assert response.status_code == 302
        assert after.version == part.version + 1
        if sub.valid is True:
            assert without_row_ids(after.data) == sub.saved
        else:
            main = {name: value for name, value in sub.saved.items() if name not in spec.lists}
            assert {name: after.data[name] for name in main} == main
        assert_page_shows_saved(client.get(spec.url(plan)), spec, after.data)
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
        assert client.get(f"/plans/{plan.pk}/export.md").status_code == 200


@hostile_settings(max_examples=8)
@pytest.mark.parametrize("kind", list(SPECS))
@given(data=st.data())
def test_autosave_never_fails_and_answers_json(owner, plan, choices, kind, data):
    spec = SPECS[kind]
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(kind)
        sub = data.draw(step_submissions(spec, part.version))
        response = client_for(owner).post(spec.url(plan), sub.post, headers={"X-Autosave": "1"})

        assert_not_server_error(response)
        assert response["Content-Type"] == "application/json"
        answer = response.json()
        after = PlanPart.objects.get(pk=part.pk)
        assert_no_nul_stored(after.data)
        if sub.valid is False:
            assert response.status_code == 400
            for name in sub.invalid:
                if name.endswith("-"):  # a list row: some of its fields are named
                    assert any(key.startswith(name) for key in answer["errors"]), name
                else:
                    assert name in answer["errors"]
            assert (after.version, after.data) == (part.version, part.data)
            return
        if sub.valid is True:
            assert response.status_code == 200, answer
        if response.status_code == 200:
            assert answer["version"] == after.version == part.version + 1
            if sub.valid is True:
                assert without_row_ids(after.data) == sub.saved
        else:
            assert response.status_code == 400
            assert after.version == part.version


VERSIONS = {
    # sent: what happens when the rest of the form is valid
    "{v}": "saved",
    " {v} ": "saved",  # IntegerField strips
    "{v}.0": "saved",  # and drops a trailing ".0"
    "{next}": "conflict",
    HUGE_NUMBER: "conflict",  # a number, but no version the part has
    "": "refused",
    "-1": "refused",
    "abc": "refused",
    "1.5": "refused",
    "\x00": "refused",
    "x" * 20000: "refused",
}


@hostile_settings(max_examples=20)
@pytest.mark.parametrize("autosave", [False, True])
@given(version=st.one_of(st.sampled_from(sorted(VERSIONS)), hostile_text), age=short_hostile_text)
@example(version=HUGE_NUMBER, age="kept")
@example(version="\x00", age="kept")
def test_any_version_is_saved_refused_or_a_conflict(owner, plan, autosave, version, age):
    age = age.replace("\x00", "")[:200]
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(PlanPart.Kind.RESEARCH)
        outcome = VERSIONS.get(version)
        sent = version.format(v=part.version, next=part.version + 1) if outcome else version
        headers = {"X-Autosave": "1"} if autosave else {}
        response = client_for(owner).post(
            f"/plans/{plan.pk}/steps/1/", {"version": sent, "age": age}, headers=headers
        )

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        if outcome == "saved":
            assert response.status_code == (200 if autosave else 302)
            assert after.version == part.version + 1
            assert after.data["age"] == age.strip()
            return
        if outcome == "conflict":
            assert response.status_code == 409
        elif outcome == "refused":
            assert response.status_code == (400 if autosave else 200)
        else:
            assert response.status_code in ((200, 400, 409) if autosave else (200, 302, 409))
        if after.version == part.version:
            assert after.data == part.data
            if not autosave:  # the text is on the page again
                assert submittable(response)["age"] == [age]


COUNTS = {str(n): n for n in range(-3, 56)}
COUNTS.update({" 2 ": 2, "2.0": 2, "+2": 2, "1050": 1050, "1051": 1051, HUGE_NUMBER: 10**30})
COUNTS.update({"": INVALID, "abc": INVALID, "1.5": INVALID, "\x00": INVALID, "2e1": INVALID})
# Small enough that a refused page stays quick; a huge count is an explicit example below.
DRAWN_COUNTS = sorted(key for key, value in COUNTS.items() if value is INVALID or value < 60)
MAX_ROWS = 50  # planner.forms.list_formset's max_num


@hostile_settings(max_examples=25)
@given(
    total=st.one_of(st.sampled_from(DRAWN_COUNTS), short_hostile_text),
    initial=st.one_of(st.sampled_from(DRAWN_COUNTS), short_hostile_text),
)
@example(total=HUGE_NUMBER, initial="0")
@example(total="-3", initial="0")
@example(total="3", initial="3")
def test_list_management_forms_never_fail(owner, plan, choices, total, initial):
    rows = [
        {"name": "Amina", "kind": "ngo", "role": "", "contact": "", "objective_agreed": False},
        {"name": "Бакыт", "kind": "media", "role": "", "contact": "", "objective_agreed": True},
    ]
    data = {"version": "0", "stakeholders-TOTAL_FORMS": total}
    data["stakeholders-INITIAL_FORMS"] = initial
    for index, row in enumerate(rows):
        data[f"stakeholders-{index}-name"] = row["name"]
        data[f"stakeholders-{index}-kind"] = row["kind"]
        if row["objective_agreed"]:
            data[f"stakeholders-{index}-objective_agreed"] = "on"
    data["stakeholders-2-kind"] = ""  # the empty row, as the page sends it
    total_count, initial_count = COUNTS.get(total), COUNTS.get(initial)
    if INVALID in (total_count, initial_count):
        outcome = "refused"
    elif total_count is None or initial_count is None:
        outcome = None  # not said here
    else:
        forms_built = min(total_count, MAX_ROWS + 1000)  # Django's absolute_max
        too_many = forms_built > MAX_ROWS or total_count > MAX_ROWS + 1000
        # Rows below INITIAL_FORMS may not be left empty; the third row is empty.
        empty_initial_row = forms_built >= 3 and initial_count >= 3
        outcome = "refused" if too_many or empty_initial_row else "saved"
    with rolled_back():
        part = InitiativePlan.objects.get(pk=plan.pk).part(PlanPart.Kind.STAKEHOLDERS)
        response = client_for(owner).post(f"/plans/{plan.pk}/steps/2/", data)

        assert_not_server_error(response)
        after = PlanPart.objects.get(pk=part.pk)
        if outcome == "refused":
            assert response.status_code == 200
            assert 'id="error-summary"' in page(response)
        if outcome == "saved":
            assert response.status_code == 302
            assert after.data["stakeholders"] == rows[: max(0, min(forms_built, 2))]
        if response.status_code == 200:
            assert after.version == part.version
            # A refused list is shown again, but never with more rows than it may hold.
            rows_shown = len(re.findall(r'name="stakeholders-\d+-name"', page(response)))
            assert rows_shown <= MAX_ROWS + 1
