"""Step 3 offers the Annex 2 topics grouped by thematic area: a fieldset per area named by its
legend, each topic's box once, its possible questions one tap away, the values its slugs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planner.forms import EntryPointsForm
from planner.models import PlanPart
from tests.annexes.factories import make_topics
from tests.annexes.html import attrs, children, find, find_all, text, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    return make_topics(per_area=3, areas=2)


def step_three(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("planner:plan_step", args=[plan.pk, 3]))
    assert response.status_code == 200
    return tree(response)


def boxes(node):
    return list(find_all(node, "input", name="topics"))


def test_it_puts_each_topic_once_under_its_areas_legend(client, owner, plan, topics):
    page = step_three(client, owner, plan)
    assert sorted(attrs(box)["value"] for box in boxes(page)) == sorted(t.slug for t in topics)
    areas = list(find_all(page, "fieldset", "topic-area"))
    assert [text(children(area, "legend")[0]) for area in areas] == ["Area 0", "Area 1"]
    for area, area_index in zip(areas, [0, 1], strict=True):
        shown = [attrs(box)["value"] for box in boxes(area)]
        assert shown == [topic.slug for topic in topics if topic.area.order == area_index]
        for box in boxes(area):
            assert attrs(box)["type"] == "checkbox" and "required" not in attrs(box)
            label = find(area, "label", **{"for": attrs(box)["id"]})
            assert text(label) == next(t.title for t in topics if t.slug == attrs(box)["value"])


def test_each_topic_has_its_questions_in_a_disclosure(client, owner, plan, topics):
    topics[0].questions.filter(order=1).update(text="Who does the *dishes* at home?")
    page = step_three(client, owner, plan)
    choices = list(find_all(page, "div", "topic-choice"))
    assert len(choices) == len(topics)
    for choice, topic in zip(choices, topics, strict=True):
        assert attrs(find(choice, "input"))["value"] == topic.slug
        questions = find(choice, "details")
        assert "open" not in attrs(questions)
        assert text(find(questions, "summary")) == f"Possible questions : {topic.title}"
        items = [text(li) for li in find_all(questions, "li")]
        assert items == [q.text.replace("*", "") for q in topic.questions.all()]
        find(questions, "a", href=topic.get_absolute_url())
    assert text(find(choices[0], "em")) == "dishes"  # the questions' Markdown is rendered


def test_the_whole_list_sits_in_one_fieldset_named_by_the_fields_label(client, owner, plan, topics):
    page = step_three(client, owner, plan)
    form = find(page, "form", id="step-form")
    outer = [
        fieldset
        for fieldset in find_all(form, "fieldset")
        if "topic-area" not in (attrs(fieldset).get("class") or "") and boxes(fieldset)
    ]
    assert len(outer) == 1
    assert text(children(outer[0], "legend")[0]) == "Topics from Annex 2"
    assert len(boxes(outer[0])) == len(topics)


def test_saved_and_posted_values_stay_the_topics_slugs(client, owner, plan, topics):
    part = plan.part(PlanPart.Kind.ENTRY_POINTS)
    part.save_edit({"topics": [topics[4].slug]}, part.version, owner)
    page = step_three(client, owner, plan)
    ticked = [attrs(box)["value"] for box in boxes(page) if "checked" in attrs(box)]
    assert ticked == [topics[4].slug]

    form = EntryPointsForm(data={"topics": [topics[1].slug, topics[5].slug], "version": "1"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["topics"] == [topics[1].slug, topics[5].slug]
    assert not EntryPointsForm(data={"topics": ["no-such-topic"], "version": "1"}).is_valid()


def test_an_error_on_the_topics_marks_the_boxes(client, owner, plan, topics):
    client.force_login(owner)
    url = reverse("planner:plan_step", args=[plan.pk, 3])
    page = tree(client.post(url, {"topics": ["no-such-topic"], "version": "0"}))
    box = attrs(boxes(page)[0])
    assert "is-invalid" in box["class"].split() and box["aria-invalid"] == "true"
    assert "form-control" not in box["class"].split()
    find(page, "a", href=f"#{box['id']}")  # the error summary leads to the first box


def test_the_form_reads_the_topics_in_two_queries(topics):
    make_topics(per_area=4, areas=3, prefix="more-")
    with CaptureQueriesContext(connection) as queries:
        str(EntryPointsForm()["topics"])
    assert len(queries) == 2
