"""The walk-through pages: /plans/<uuid>/steps/<1-5>/ and /plans/<uuid>/challenges/."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from annexes.models import Level
from planner.models import InitiativePlan, PlanPart
from planner.walkthrough import STEPS
from tests.annexes.factories import make_levels, make_topics
from tests.planner.factories import without_row_ids
from toolkit import models as toolkit

pytestmark = pytest.mark.django_db

EDITORS = ["editor", "organiser", "owner"]
CYRILLIC = "Молодые отцы из Оша 👨‍👧 «футбол»"


def step_url(plan, number):
    return f"/plans/{plan.pk}/steps/{number}/"


def challenges_url(plan):
    return f"/plans/{plan.pk}/challenges/"


PAGES = [(spec.kind, spec.number) for spec in STEPS]


def url_for(plan, kind):
    number = dict(PAGES)[kind]
    return step_url(plan, number) if number else challenges_url(plan)


def login(client, cast, role):
    if cast[role] is not None:
        client.force_login(cast[role])


def form_data(version=0, lists=None, **fields):
    """What a browser sends for a step: fields, and per list a management form and rows.

    `lists` maps a list key to its rows; like the page, one empty extra row follows them.
    """
    data = {"version": version}
    for name, value in fields.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    for key, rows in (lists or {}).items():
        data.update(
            {
                f"{key}-TOTAL_FORMS": len(rows) + 1,
                f"{key}-INITIAL_FORMS": 0,
                f"{key}-MIN_NUM_FORMS": 0,
                f"{key}-MAX_NUM_FORMS": 50,
            }
        )
        for index, row in enumerate(rows):
            for name, value in row.items():
                if value is True:
                    data[f"{key}-{index}-{name}"] = "on"
                elif value is not False:
                    data[f"{key}-{index}-{name}"] = value
        data[f"{key}-{len(rows)}-kind"] = ""  # the empty row's select, as the page renders it
    return data


def empty_lists(kind):
    return {
        PlanPart.Kind.STAKEHOLDERS: {"stakeholders": []},
        PlanPart.Kind.FUNDING: {"budget_lines": []},
        PlanPart.Kind.CHALLENGES: {"referrals": []},
    }.get(kind, {})


@pytest.fixture
def guidance(db):
    """The toolkit's planning steps, challenges and the aims table, made in code."""
    page = toolkit.Page.objects.create(slug="plan", title="PLAN!", nav_label="PLAN", step_number=2)
    table = toolkit.Section.objects.create(
        page=page, slug="planning-steps", kind=toolkit.Section.Kind.PLANNING_STEPS, order=1
    )
    for number in range(1, 6):
        step = toolkit.PlanningStep.objects.create(
            section=table,
            number=number,
            slug=f"step-{number}",
            title=f"Toolkit step {number}",
            what_it_means=f"Meaning of step {number}",
            why_it_matters=f"Why step {number} matters",
            order=number,
        )
        toolkit.KeyAction.objects.create(planning_step=step, text=f"Key action {number}a")
        toolkit.KeyAction.objects.create(planning_step=step, text=f"Key action {number}b[^9]")
    toolkit.Footnote.objects.create(page=page, number=9, text="Inclusive means everyone.")
    for order, slug in enumerate(["resistance", "referrals", "accountability"]):
        section = toolkit.Section.objects.create(
            page=page,
            slug=slug,
            heading=slug.title(),
            kind=toolkit.Section.Kind.CHALLENGE,
            body=f"Body of {slug}",
            closing=f"Closing of {slug}" if slug == "resistance" else "",
            order=10 + order,
        )
        if slug == "resistance":
            for n in range(3):
                toolkit.ResistanceReason.objects.create(
                    section=section, text=f"Resistance reason {n}", order=n
                )
    aims = toolkit.Section.objects.create(
        page=page, slug="aims", kind=toolkit.Section.Kind.AIMS, order=30
    )
    toolkit.Aim.objects.create(
        section=aims,
        key="community-awareness",
        title="Increase awareness",
        avoid="Organize one-off events – change processes take time, so engage longer.",
    )
    return page


@pytest.fixture
def content(guidance):
    return {"topics": make_topics(per_area=2, areas=2), "levels": make_levels(examples=0)}


# --- Who may read and write ---------------------------------------------------------------


@pytest.mark.parametrize("kind,number", PAGES)
@pytest.mark.parametrize(
    "role,status,has_form",
    [
        ("anonymous", 404, False),
        ("outsider", 404, False),
        ("viewer", 200, False),
        ("editor", 200, True),
        ("organiser", 200, True),
        ("owner", 200, True),
        ("staff", 404, False),
    ],
)
def test_it_shows_each_page_to_readers_and_the_form_to_editors(
    client, cast, plan, content, kind, number, role, status, has_form
):
    login(client, cast, role)
    response = client.get(url_for(plan, kind))
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    assert ('id="step-form"' in html) is has_form
    assert ("js/autosave.js" in html) is has_form
    if kind == PlanPart.Kind.RESEARCH:
        # The saved answers: in the form's inputs for editors, as text for readers.
        assert ('value="18-25"' in html) is has_form
        assert "18-25" in html and "Shift work" in html
    if not has_form:
        main = html.split('<main id="main"', 1)[1]
        assert "<textarea" not in main and 'type="checkbox"' not in main
        assert "What the plan says" in main


def test_reading_a_step_does_not_create_its_part(client, viewer, plan, content):
    client.force_login(viewer)
    client.get(step_url(plan, 2))
    assert not plan.parts.filter(kind=PlanPart.Kind.STAKEHOLDERS).exists()


@pytest.mark.parametrize("kind,number", PAGES)
@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("viewer", 403),
        ("editor", 302),
        ("organiser", 302),
        ("owner", 302),
        ("staff", 404),
    ],
)
def test_only_editors_save(client, cast, plan, content, kind, number, role, status):
    login(client, cast, role)
    field = {
        PlanPart.Kind.RESEARCH: "age",
        PlanPart.Kind.STAKEHOLDERS: "notes",
        PlanPart.Kind.ENTRY_POINTS: "own_topics",
        PlanPart.Kind.STRATEGY: "objectives",
        PlanPart.Kind.FUNDING: "grants_and_donors",
        PlanPart.Kind.CHALLENGES: "resistance_approach",
    }[kind]
    version = plan.part(kind).version
    fields = {field: f"Saved by {role}"}
    response = client.post(url_for(plan, kind), form_data(version, empty_lists(kind), **fields))
    assert response.status_code == status
    part = plan.parts.get(kind=kind)
    if status == 302:
        assert part.data[field] == f"Saved by {role}"
        assert part.version == version + 1
        assert part.updated_by == cast[role]
    else:
        assert part.data.get(field) != f"Saved by {role}"
        assert part.version == version


def test_a_network_editor_cannot_see_a_plan_not_shared_with_the_network(
    client, editor, private_plan
):
    client.force_login(editor)
    assert client.get(step_url(private_plan, 1)).status_code == 404
    assert client.post(step_url(private_plan, 1), form_data(age="x")).status_code == 404
    assert not private_plan.parts.exists()


def test_anyone_reads_the_example_plan_but_nobody_edits_it(client, staff, guidance):
    example = InitiativePlan.objects.create(title="Example", is_example=True)
    PlanPart.objects.create(plan=example, kind=PlanPart.Kind.RESEARCH, data={"age": "16-20"})
    response = client.get(step_url(example, 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "16-20" in html and 'id="step-form"' not in html
    assert client.post(step_url(example, 1), form_data(age="hacked")).status_code == 403
    client.force_login(staff)
    assert client.post(step_url(example, 1), form_data(age="hacked")).status_code == 403
    assert example.part(PlanPart.Kind.RESEARCH).data == {"age": "16-20"}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("path", ["steps/1/", "steps/5/", "challenges/"])
def test_it_refuses_other_methods(client, owner, plan, method, path):
    client.force_login(owner)
    response = getattr(client, method)(f"/plans/{plan.pk}/{path}")
    assert response.status_code == 405


@pytest.mark.parametrize("number", ["0", "6", "99", "abc", "-1", "1.5"])
def test_step_numbers_outside_one_to_five_are_not_found(client, owner, plan, number):
    client.force_login(owner)
    assert client.get(f"/plans/{plan.pk}/steps/{number}/").status_code == 404
    assert client.post(f"/plans/{plan.pk}/steps/{number}/", form_data()).status_code == 404


def test_an_unknown_plan_is_not_found(client, owner, db):
    client.force_login(owner)
    assert client.get("/plans/00000000-0000-0000-0000-000000000000/steps/1/").status_code == 404


# --- Saving every step ----------------------------------------------------------------------


def realistic(content):
    topics, levels = content["topics"], content["levels"]
    reasons = list(toolkit.ResistanceReason.objects.values_list("pk", flat=True))
    research = {
        "age": "18–25",
        "profession": "Студенты и молодые рабочие",
        "location": "Ош, Кыргызстан",
        "religion": "Mostly Muslim; some Orthodox",
        "education": "Secondary school, some university",
        "socio_economic_background": "Low income 💸",
        "where_and_when": "Football pitch on Friday evenings\nand the tea house after prayers",
        "barriers": CYRILLIC,
        "motivators": "Being a good father 👍",
        "attitudes_and_needs": "Believe housework is women's work; want respect",
    }
    stakeholder_rows = [
        {
            "name": "Центр «Аялзат»",
            "kind": "womens_rights",
            "role": "Checks our messages",
            "contact": "+996 555 000 000",
            "objective_agreed": True,
        },
        {
            "name": "Coach Azamat",
            "kind": "sports",
            "role": "Hosts the evenings",
            "contact": "",
            "objective_agreed": False,
        },
    ]
    budget_rows = [
        {"item": "Pitch rent", "amount": "1500.50", "notes": "10 evenings"},
        {"item": "Чай и хлеб 🍞", "amount": "", "notes": ""},
    ]
    referral_rows = [
        {"name": "Crisis centre", "kind": "helpline", "contact": "0800 1234", "area": "Osh"},
    ]
    return [
        (PlanPart.Kind.RESEARCH, research, {}, research),
        (
            PlanPart.Kind.STAKEHOLDERS,
            {"notes": CYRILLIC},
            {"stakeholders": stakeholder_rows},
            {"notes": CYRILLIC, "stakeholders": stakeholder_rows},
        ),
        (
            PlanPart.Kind.ENTRY_POINTS,
            {
                "topics": [topics[0].slug, topics[3].slug],
                "own_topics": "Fatherhood 👶",
                "shared_values": "Family, respect",
                "local_examples": CYRILLIC,
            },
            {},
            {
                "topics": [topics[0].slug, topics[3].slug],
                "own_topics": "Fatherhood 👶",
                "shared_values": "Family, respect",
                "local_examples": CYRILLIC,
            },
        ),
        (
            PlanPart.Kind.STRATEGY,
            {
                "objectives": "Fathers share care work",
                "outcomes": "20 fathers join",
                "methods": ["dialogue_group", "peer_education"],
                "other_methods": "Match commentary",
                "levels": [levels[0].slug, levels[2].slug],
                "participatory": "Fathers choose the topics",
                "inclusive": "Evenings after work shifts",
                "gender_transformative": "Question who cooks",
                "timeline": "September–May",
                "one_off": False,
            },
            {},
            {
                "objectives": "Fathers share care work",
                "outcomes": "20 fathers join",
                "methods": ["dialogue_group", "peer_education"],
                "other_methods": "Match commentary",
                "levels": [levels[0].slug, levels[2].slug],
                "participatory": "Fathers choose the topics",
                "inclusive": "Evenings after work shifts",
                "gender_transformative": "Question who cooks",
                "timeline": "September–May",
                "one_off": False,
            },
        ),
        (
            PlanPart.Kind.FUNDING,
            {"grants_and_donors": "EU small grants", "in_kind_venues": "School gym"},
            {"budget_lines": budget_rows},
            {
                "grants_and_donors": "EU small grants",
                "in_kind_venues": "School gym",
                "in_kind_facilitators": "",
                "in_kind_materials": "",
                "existing_programmes": "",
                "budget_lines": budget_rows,
            },
        ),
        (
            PlanPart.Kind.CHALLENGES,
            {
                "resistance_reasons": [str(reasons[2]), str(reasons[0])],
                "resistance_approach": CYRILLIC,
                "accountability_organisations": "Women's rights centre",
                "accountability_check_ins": "Monthly",
                "accountability_feedback": "",
            },
            {"referrals": referral_rows},
            {
                "resistance_reasons": [reasons[2], reasons[0]],
                "resistance_approach": CYRILLIC,
                "accountability_organisations": "Women's rights centre",
                "accountability_check_ins": "Monthly",
                "accountability_feedback": "",
                "referrals": referral_rows,
            },
        ),
    ]


@pytest.mark.parametrize("index", range(6))
def test_a_save_round_trips_into_the_part_exactly(client, editor, plan, content, index):
    kind, fields, lists, expected = realistic(content)[index]
    form_class = next(spec.form_class for spec in STEPS if spec.kind == kind)
    for name in form_class.base_fields:
        if name != "version" and name not in expected:
            expected[name] = ""  # an empty text field is stored as ""
    client.force_login(editor)
    version = plan.part(kind).version
    data = form_data(version, lists or empty_lists(kind), **fields)
    response = client.post(url_for(plan, kind), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    part = plan.parts.get(kind=kind)
    assert without_row_ids(part.data) == expected
    assert part.version == version + 1
    # What was saved is what the form shows when the page is opened again.
    html = client.get(url_for(plan, kind)).content.decode()
    assert f'name="version" value="{version + 1}"' in html
    for value in fields.values():
        if isinstance(value, str) and value:
            assert escape(value) in html


def escape(text):
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def test_saved_rows_come_back_as_rows_and_can_be_removed(client, owner, plan, content):
    client.force_login(owner)
    url = step_url(plan, 2)
    rows = [
        {"name": "Keep me", "kind": "ngo"},
        {"name": "Remove me", "kind": "media"},
    ]
    client.post(url, form_data(0, {"stakeholders": rows}))
    html = client.get(url).content.decode()
    assert 'name="stakeholders-INITIAL_FORMS" value="2"' in html
    assert 'name="stakeholders-TOTAL_FORMS" value="3"' in html
    assert 'value="Keep me"' in html and 'value="Remove me"' in html
    assert html.count('value="remove:stakeholders:') == 3  # a "Remove" button on each row
    # The empty row's select starts empty, so that an untouched empty row sends nothing.
    empty_select = html.split('name="stakeholders-2-kind"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value="" selected>', empty_select)
    # As the browser sends it back: two saved rows, the second ticked for removal.
    data = form_data(1, {"stakeholders": rows})
    data["stakeholders-INITIAL_FORMS"] = 2
    data["stakeholders-1-DELETE"] = "on"
    data["stakeholders-1-name"] = ""  # a removed row's errors do not matter
    response = client.post(url, data)
    assert response.status_code == 302
    saved = plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["stakeholders"]
    assert [row["name"] for row in saved] == ["Keep me"]
    assert "DELETE" not in saved[0]


def test_save_and_next_walks_through_the_steps_to_the_overview(client, owner, plan, content):
    client.force_login(owner)
    expected_next = [step_url(plan, n) for n in range(2, 6)] + [
        challenges_url(plan),
        f"/plans/{plan.pk}/",
    ]
    for (kind, _number), next_url in zip(PAGES, expected_next, strict=True):
        version = plan.part(kind).version
        data = form_data(version, empty_lists(kind))
        data["save_and_next"] = "1"
        response = client.post(url_for(plan, kind), data)
        assert response.status_code == 302
        assert response["Location"] == next_url
    plain = client.post(step_url(plan, 3), form_data(1))
    assert plain["Location"] == step_url(plan, 3)
    assert [str(m) for m in get_messages(plain.wsgi_request)][-1] == "Saved"


def test_pages_link_previous_and_next(client, owner, plan, content):
    client.force_login(owner)
    html = client.get(step_url(plan, 1)).content.decode()
    assert f'href="/plans/{plan.pk}/"' in html and f'href="{step_url(plan, 2)}" rel="next"' in html
    html = client.get(step_url(plan, 5)).content.decode()
    assert f'href="{challenges_url(plan)}" rel="next"' in html
    assert "Save and go to the challenges" in html
    html = client.get(challenges_url(plan)).content.decode()
    assert f'href="{step_url(plan, 5)}" rel="prev"' in html
    assert "Save and go to the plan overview" in html


# --- Someone else saved in between -------------------------------------------------------


# Saves from an older version merge with what was saved since: tests/planner/test_merge.py


# --- Autosave -----------------------------------------------------------------------------


def autosave(client, url, data):
    return client.post(url, data, headers={"X-Autosave": "1"})


def test_autosave_answers_json(client, owner, editor, plan, content):
    url = step_url(plan, 1)
    client.force_login(owner)
    response = autosave(client, url, form_data(0, age="Autosaved 🙂"))
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert list(get_messages(response.wsgi_request)) == []  # no "Saved" banner later
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data["age"] == "Autosaved 🙂"

    client.force_login(editor)
    # The same field changed on both sides: the rest is saved, the field keeps the owner's.
    conflict = autosave(client, url, form_data(0, age="Editor's", motivators="Editor's motivators"))
    assert conflict.status_code == 409
    assert conflict.json() == {"conflict": True, "version": 2}

    invalid = autosave(client, url, form_data(2, age="x" * 201))
    assert invalid.status_code == 400
    assert "age" in invalid.json()["errors"]
    part = plan.parts.get(kind=PlanPart.Kind.RESEARCH)
    assert part.data["age"] == "Autosaved 🙂" and part.version == 2
    assert part.data["motivators"] == "Editor's motivators"


def test_autosave_names_the_inputs_of_rows_with_errors(client, owner, plan, content):
    client.force_login(owner)
    data = form_data(0, {"stakeholders": [{"name": "", "kind": "ngo", "role": "Host"}]})
    response = autosave(client, step_url(plan, 2), data)
    assert response.status_code == 400
    assert "stakeholders-0-name" in response.json()["errors"]


def test_autosave_for_a_viewer_is_forbidden(client, viewer, plan, content):
    client.force_login(viewer)
    assert autosave(client, step_url(plan, 1), form_data(0, age="x")).status_code == 403


def test_the_script_is_external_and_the_page_has_no_inline_script(client, owner, plan, content):
    client.force_login(owner)
    html = client.get(step_url(plan, 2)).content.decode()
    assert '<script src="/static/js/autosave.js" defer></script>' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []
    assert 'role="status" aria-live="polite"' in html
    assert 'data-autosave-key="' + str(plan.pk) + ':stakeholders"' in html


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,field,value",
    [
        (PlanPart.Kind.RESEARCH, "age", "x" * 201),
        (PlanPart.Kind.RESEARCH, "barriers", "x" * 5001),
        (PlanPart.Kind.STAKEHOLDERS, "notes", "x" * 5001),
        (PlanPart.Kind.ENTRY_POINTS, "own_topics", "x" * 5001),
        (PlanPart.Kind.STRATEGY, "other_methods", "x" * 201),
        (PlanPart.Kind.FUNDING, "grants_and_donors", "x" * 5001),
        (PlanPart.Kind.CHALLENGES, "resistance_approach", "x" * 5001),
    ],
)
def test_too_long_text_is_refused_next_to_the_field(
    client, owner, plan, content, kind, field, value
):
    client.force_login(owner)
    before = plan.part(kind).data
    response = client.post(url_for(plan, kind), form_data(0, empty_lists(kind), **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and f'href="#id_{field}"' in html
    assert "Ensure this value has at most" in html
    assert f'id="id_{field}"' in html and "is-invalid" in html
    assert plan.parts.get(kind=kind).data == before
    assert plan.parts.get(kind=kind).version == 0


@pytest.mark.parametrize(
    "kind,field,value",
    [
        (PlanPart.Kind.ENTRY_POINTS, "topics", "no-such-topic"),
        (PlanPart.Kind.STRATEGY, "levels", "no-such-level"),
        (PlanPart.Kind.STRATEGY, "methods", "juggling"),
        (PlanPart.Kind.CHALLENGES, "resistance_reasons", "999999"),
        (PlanPart.Kind.CHALLENGES, "resistance_reasons", "abc"),
    ],
)
def test_unknown_choices_are_form_errors(client, owner, plan, content, kind, field, value):
    client.force_login(owner)
    response = client.post(url_for(plan, kind), form_data(0, empty_lists(kind), **{field: [value]}))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert plan.parts.get(kind=kind).version == 0


@pytest.mark.parametrize(
    "rows,message",
    [
        ([{"name": "", "kind": "ngo", "role": "Has a role but no name"}], "This field is required"),
        ([{"name": "Ally", "kind": "wizard"}], "Select a valid choice"),
        ([{"name": "Ally", "kind": ""}], "This field is required"),
        ([{"name": "y" * 201, "kind": "ngo"}], "Ensure this value has at most"),
        ([{"name": f"Ally {n}", "kind": "ngo"} for n in range(51)], "Please submit at most 50"),
    ],
)
def test_bad_rows_are_form_errors(client, owner, plan, content, rows, message):
    client.force_login(owner)
    response = client.post(step_url(plan, 2), form_data(0, {"stakeholders": rows}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).version == 0


def test_a_bad_amount_is_a_form_error(client, owner, plan, content):
    client.force_login(owner)
    for amount in ["lots", "-5", "1" * 20]:
        rows = [{"item": "Rent", "amount": amount}]
        response = client.post(step_url(plan, 5), form_data(0, {"budget_lines": rows}))
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    assert plan.parts.get(kind=PlanPart.Kind.FUNDING).version == 0


def test_a_missing_management_form_is_a_form_error(client, owner, plan, content):
    client.force_login(owner)
    response = client.post(step_url(plan, 2), {"version": 0, "notes": "x"})
    assert response.status_code == 200
    assert "ManagementForm data is missing" in response.content.decode()


@pytest.mark.parametrize("version", ["", "abc", "-1", "1.5", None])
def test_a_missing_or_garbled_version_is_a_clear_form_error(client, owner, plan, content, version):
    client.force_login(owner)
    data = form_data(0, age="Kept")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = client.post(step_url(plan, 1), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "version is missing or not a number" in html and 'value="Kept"' in html
    assert 'id="theirs-heading"' in html and "18-25" in html  # what is saved, to compare
    assert 'name="version" value="0"' in html  # so that saving again on purpose works
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data["age"] == "18-25"
    assert client.post(step_url(plan, 1), form_data(0, age="Kept")).status_code == 302


def test_a_version_from_the_future_is_a_conflict(client, owner, plan, content):
    client.force_login(owner)
    response = client.post(step_url(plan, 1), form_data(7, age="Future"))
    assert response.status_code == 409
    assert plan.parts.get(kind=PlanPart.Kind.RESEARCH).data["age"] == "18-25"


def test_html_in_answers_is_saved_as_text_and_escaped(client, owner, viewer, plan, content):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.force_login(owner)
    data = form_data(0, {"stakeholders": [{"name": attack, "kind": "ngo"}]}, notes=attack)
    assert client.post(step_url(plan, 2), data).status_code == 302
    assert plan.parts.get(kind=PlanPart.Kind.STAKEHOLDERS).data["notes"] == attack
    for user in [owner, viewer]:
        client.force_login(user)
        html = client.get(step_url(plan, 2)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- What each step shows -------------------------------------------------------------------


def test_each_step_shows_its_toolkit_guidance(client, owner, plan, content):
    client.force_login(owner)
    for number in range(1, 6):
        html = client.get(step_url(plan, number)).content.decode()
        assert f"Toolkit step {number}" in html
        assert f"Meaning of step {number}" in html and f"Why step {number} matters" in html
        assert f"Key action {number}a" in html
        assert f"Meaning of step {number % 5 + 1}" not in html
        assert 'href="#fn-9"' in html and 'id="fn-9"' in html  # the cited note is on the page


def test_the_challenges_show_the_three_sections_with_reasons_and_closing(
    client, owner, plan, content
):
    client.force_login(owner)
    html = client.get(challenges_url(plan)).content.decode()
    for slug in ["resistance", "referrals", "accountability"]:
        assert f"Body of {slug}" in html
    assert "Closing of resistance" in html
    for n in range(3):
        # Once in the guidance, once as a checkbox label.
        assert html.count(f"Resistance reason {n}") == 2
    guidance = html.split('class="step-guidance', 1)[1]  # after the form
    assert guidance.index("Body of resistance") < guidance.index("Resistance reason 0")
    assert guidance.index("Resistance reason 2") < guidance.index("Closing of resistance")


def test_the_progress_shows_every_part_and_the_current_one(client, owner, plan, content):
    client.force_login(owner)
    html = client.get(step_url(plan, 3)).content.decode()
    progress = html.split('class="step-progress', 1)[1].split("</nav>", 1)[0]
    for kind, _number in PAGES:
        assert f'href="{url_for(plan, kind)}"' in progress
    assert progress.count('aria-current="step"') == 1
    current = progress.split('aria-current="step"', 1)[0].rsplit("<a", 1)[1]
    assert step_url(plan, 3) in current
    assert progress.count("(filled in)") == 1  # research holds text, nothing else does
    assert progress.count("(empty)") == 5


def test_step_three_shows_the_questions_of_the_chosen_topics(client, owner, plan, content):
    topics = content["topics"]
    plan.part(PlanPart.Kind.ENTRY_POINTS).save_edit({"topics": [topics[1].slug]}, 0, owner)
    client.force_login(owner)
    html = client.get(step_url(plan, 3)).content.decode()
    # Beside the form (which offers every topic with its questions): the chosen one only.
    chosen = html.split('class="step-topics', 1)[1].split("</section>\n</section>", 1)[0]
    assert f'href="/annexes/topics/{topics[1].slug}/"' in chosen
    assert chosen.count("Question 0?") == 1
    assert f'href="/annexes/topics/{topics[2].slug}/"' not in chosen


def test_a_topic_in_the_address_is_ticked_but_not_saved(client, owner, plan, content):
    topics = content["topics"]
    client.force_login(owner)
    html = client.get(step_url(plan, 3) + f"?topic={topics[2].slug}").content.decode()
    checked = re.findall(r'<input[^>]*name="topics"[^>]*>', html)
    ticked = [tag for tag in checked if "checked" in tag]
    assert len(ticked) == 1 and f'value="{topics[2].slug}"' in ticked[0]
    assert "Save to add it to your plan" in html
    assert f'href="/annexes/topics/{topics[2].slug}/"' in html  # its questions are shown
    assert not plan.parts.filter(kind=PlanPart.Kind.ENTRY_POINTS).exists()
    unknown = client.get(step_url(plan, 3) + "?topic=<b>nope</b>")
    assert unknown.status_code == 200 and "Save to add it" not in unknown.content.decode()


def test_step_four_warns_against_one_off_events_in_the_toolkits_words(client, owner, plan, content):
    client.force_login(owner)
    url = step_url(plan, 4)
    assert "one-off-warning" not in client.get(url).content.decode()
    client.post(url, form_data(0, one_off=True))
    html = client.get(url).content.decode()
    assert 'id="one-off-warning"' in html
    assert "Organize one-off events – change processes take time" in html
    toolkit.Aim.objects.all().delete()
    html = client.get(url).content.decode()
    assert "The toolkit warns against one-off events: change takes time" in html


def test_the_one_off_warning_survives_an_edited_and_translated_aim(client, owner, plan, content):
    """The warning is found by the aim's key, not its words: rewording the English or adding
    a translation changes what is shown, not whether it is shown."""
    toolkit.Aim.objects.filter(key="community-awareness").update(
        title_en="Raise awareness",
        avoid_en="Hold a single event and stop: change takes time.",
        title_ru="Повышать осведомлённость",
        avoid_ru="Проводить разовые мероприятия: перемены требуют времени.",
    )
    plan.part(PlanPart.Kind.STRATEGY).save_edit({"one_off": True}, 0, owner)
    client.force_login(owner)
    html = client.get(step_url(plan, 4)).content.decode()
    assert 'id="one-off-warning"' in html
    assert "Hold a single event and stop: change takes time." in html
    with translation.override("ru"):
        url = reverse("planner:plan_step", kwargs={"plan_id": plan.pk, "number": 4})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ru", follow=True).content.decode()
    assert 'id="one-off-warning"' in html
    assert "Проводить разовые мероприятия: перемены требуют времени." in html
    assert "Hold a single event" not in html


def test_a_viewer_reads_labels_not_codes(client, owner, viewer, plan, content):
    levels = content["levels"]
    plan.part(PlanPart.Kind.STRATEGY).save_edit(
        {"levels": [levels[1].slug], "methods": ["peer_education"], "one_off": True}, 0, owner
    )
    client.force_login(viewer)
    html = client.get(step_url(plan, 4)).content.decode()
    assert Level.objects.get(slug=levels[1].slug).name in html and "Peer education" in html
    assert "peer_education" not in html
    assert 'id="one-off-warning"' in html


# --- Queries -------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # untimed: builds what every page keeps per content stamp (the menu)
    caches["plan_pages"].clear()  # the page rendered, not served kept (kept_pages.py)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["owner", "viewer"])
def test_the_step_page_runs_the_same_queries_however_many_rows(client, cast, plan, content, role):
    client.force_login(cast["owner"])
    part = plan.part(PlanPart.Kind.STAKEHOLDERS)
    one = [{"name": "Ally 0", "kind": "ngo", "role": "", "contact": "", "objective_agreed": False}]
    part.save_edit({"notes": "", "stakeholders": one}, 0, cast["owner"])
    client.force_login(cast[role])
    few = count_queries(client, step_url(plan, 2))
    many = [dict(one[0], name=f"Ally {n}") for n in range(10)]
    part.save_edit({"notes": "", "stakeholders": many}, 1, cast["owner"])
    assert count_queries(client, step_url(plan, 2)) == few
    assert few <= 20


def test_the_topics_step_runs_the_same_queries_however_many_topics(client, owner, plan, content):
    extra = make_topics(per_area=5, areas=2, prefix="more-")
    client.force_login(owner)
    part = plan.part(PlanPart.Kind.ENTRY_POINTS)
    part.save_edit({"topics": [extra[0].slug]}, 0, owner)
    few = count_queries(client, step_url(plan, 3))
    part.save_edit({"topics": [topic.slug for topic in extra]}, 1, owner)
    assert count_queries(client, step_url(plan, 3)) == few


def test_amounts_keep_their_exact_decimal_text(client, owner, plan, content):
    client.force_login(owner)
    rows = [{"item": "Rent", "amount": "0.10"}, {"item": "Balls", "amount": "1234567890.99"}]
    client.post(step_url(plan, 5), form_data(0, {"budget_lines": rows}))
    saved = plan.parts.get(kind=PlanPart.Kind.FUNDING).data["budget_lines"]
    assert [Decimal(row["amount"]) for row in saved] == [Decimal("0.10"), Decimal("1234567890.99")]
    assert json.dumps(saved)  # stays JSON
