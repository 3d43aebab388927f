"""Hostile values of the `topic` query parameter, which an Annex 2 topic's "use in a plan"
link sends to a new plan and to step 3: a known topic is ticked (and saved with a new plan),
anything else is ignored, and the answer is never a 5xx."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from planner.models import InitiativePlan, PlanPart
from tests.pages import client_for, submittable
from tests.strategies import hostile_settings, hostile_text, rolled_back

pytestmark = pytest.mark.django_db


topic_parameter = st.one_of(
    hostile_text, st.sampled_from(["topic-0-0", "topic-0-1", " topic-0-0", "TOPIC-0-0"])
)


@hostile_settings(max_examples=25)
@given(topic=topic_parameter)
@example(topic="a\x00b")
@example(topic="topic-0-0" + "x" * 20000)
def test_the_topic_parameter_of_a_new_plan_never_fails(owner, choices, topic):
    known = {topic_.slug for topic_ in choices["topics"]}
    with rolled_back():
        client = client_for(owner)
        form = client.get("/plans/new/", {"topic": topic})

        assert form.status_code == 200
        if topic in known:
            assert submittable(form)["topic"] == [topic]
        else:
            assert "topic" not in submittable(form)

        response = client.post("/plans/new/", {"title": "Plan", "status": "draft", "topic": topic})

        assert response.status_code == 302
        created = InitiativePlan.objects.get(title="Plan")
        if topic in known:
            assert response["Location"] == f"/plans/{created.pk}/steps/3/"
            assert created.part(PlanPart.Kind.ENTRY_POINTS).data == {"topics": [topic]}
        else:
            assert response["Location"] == f"/plans/{created.pk}/steps/1/"
            assert not created.parts.exists()


@hostile_settings(max_examples=25)
@given(topic=topic_parameter)
@example(topic="a\x00b")
@example(topic="topic-0-1" * 3000)
def test_the_topic_parameter_of_step_3_never_fails(owner, plan, choices, topic):
    known = {topic_.slug for topic_ in choices["topics"]}
    with rolled_back():
        response = client_for(owner).get(f"/plans/{plan.pk}/steps/3/", {"topic": topic})

        assert response.status_code == 200
        # Ticked in the form, not saved: nothing else is ticked in this plan.
        assert submittable(response).get("topics", []) == ([topic] if topic in known else [])
        assert not plan.parts.filter(kind=PlanPart.Kind.ENTRY_POINTS).exists()
